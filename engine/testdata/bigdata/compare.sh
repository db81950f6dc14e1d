#!/usr/bin/env bash
# Side-by-side measurements for large data files (issue 11), in one run on
# the same machine. The data are generated (gen.py, fixed seed) into a
# temporary directory and removed afterwards; nothing here is committed.
#
#   engine/testdata/bigdata/compare.sh transcripts [ROWS] [RUNS]
#       descent run --data <ROWS rows> --epochs 10 --format csv|json
#       against transcript.py, the Python loop printing the same CSV lines
#       (checked: the same first seven columns, mse within 1e-12)
#   engine/testdata/bigdata/compare.sh analysis [ROWS] [RUNS]
#       descent run --format json --epochs 0 (settings and analysis) for
#       every model, per-sample and mini-batch, against a parse-only run
#       (--mode batch --epochs 0 --format csv): time and peak memory
#
# Each figure is the median of RUNS runs (default 5), the programs taking
# turns. Times are wall-clock seconds and CPU (user + system) seconds; on a
# busy machine the CPU ratio is the steadier one. Needs bash, python3, go
# and GNU time (/usr/bin/time).
set -euo pipefail
what=${1:-transcripts}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/descent" .)

# measure NAME CMD...: run CMD with stdout to /dev/null, append "wall cpu maxKB" to $tmp/NAME.
measure() {
	local name=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" >/dev/null
	awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$tmp/t" >>"$tmp/$name"
}

# median NAME COLUMN
median() { awk -v c="$2" '{print $c}' "$tmp/$1" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

case $what in
transcripts)
	rows=${2:-100000}
	runs=${3:-5}
	python3 "$here/gen.py" "$rows" >"$tmp/data.csv"
	"$tmp/descent" run --data "$tmp/data.csv" --epochs 10 --format csv >"$tmp/go.csv"
	python3 "$here/transcript.py" "$tmp/data.csv" 10 >"$tmp/py.csv"
	if ! cmp -s <(cut -d, -f1-7 "$tmp/go.csv") <(cut -d, -f1-7 "$tmp/py.csv"); then
		echo "descent and transcript.py print different lines" >&2
		exit 1
	fi
	paste -d, <(cut -d, -f8 "$tmp/go.csv") <(cut -d, -f8 "$tmp/py.csv") | tail -n +2 |
		awk -F, '{d = $1 - $2; if (d < 0) d = -d; if (d > 1e-12 * $1) bad++} END {if (bad) {print bad " mse values differ by more than 1e-12" > "/dev/stderr"; exit 1}}'
	echo "$rows rows, 10 epochs: $(($(wc -l <"$tmp/go.csv") - 1)) lines, the same in both"
	for _ in $(seq "$runs"); do
		measure py python3 "$here/transcript.py" "$tmp/data.csv" 10
		measure csv "$tmp/descent" run --data "$tmp/data.csv" --epochs 10 --format csv
		measure json "$tmp/descent" run --data "$tmp/data.csv" --epochs 10 --format json
	done
	pw=$(median py 1) pc=$(median py 2)
	printf "%-28s %8s %8s %12s %12s\n" "" wall cpu "Python/wall" "Python/cpu"
	printf "%-28s %8s %8s\n" "python3 transcript.py" "$pw" "$pc"
	for f in csv json; do
		w=$(median $f 1) c=$(median $f 2)
		printf "%-28s %8s %8s %11sx %11sx\n" "descent run --format $f" "$w" "$c" "$(ratio "$pw" "$w")" "$(ratio "$pc" "$c")"
	done
	;;
analysis)
	rows=${2:-1000000}
	runs=${3:-5}
	python3 "$here/gen.py" "$rows" >"$tmp/data.csv"
	for _ in $(seq "$runs"); do
		measure parse "$tmp/descent" run --data "$tmp/data.csv" --mode batch --epochs 0 --format csv
		for m in w wb quad; do
			measure "$m-sample" "$tmp/descent" run --data "$tmp/data.csv" --model "$m" --epochs 0 --format json
			measure "$m-minibatch" "$tmp/descent" run --data "$tmp/data.csv" --model "$m" --mode minibatch --batch 10 --epochs 0 --format json
		done
	done
	bw=$(median parse 1) bc=$(median parse 2) bm=$(median parse 3)
	echo "$rows rows; ratios are to the parse-only run"
	printf "%-16s %7s %7s %9s %10s %10s %10s\n" "" wall cpu "peak MB" "wall ×" "cpu ×" "memory ×"
	printf "%-16s %7s %7s %9s\n" "parse only" "$bw" "$bc" "$((bm / 1024))"
	for m in w wb quad; do
		for mode in sample minibatch; do
			w=$(median "$m-$mode" 1) c=$(median "$m-$mode" 2) k=$(median "$m-$mode" 3)
			printf "%-16s %7s %7s %9s %10s %10s %10s\n" "$m $mode" "$w" "$c" "$((k / 1024))" "$(ratio "$w" "$bw")" "$(ratio "$c" "$bc")" "$(ratio "$k" "$bm")"
		done
	done
	;;
*)
	echo "usage: $0 transcripts|analysis [ROWS] [RUNS]" >&2
	exit 2
	;;
esac
