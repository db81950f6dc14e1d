package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"descent/datasets"
	"descent/engine"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestRunPrintsTheLectureByteForByte(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("engine", "testdata", "lecture3-slide15.txt"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI("run")
	if code != 0 || errOut != "" || out != string(want) {
		t.Fatalf("descent run: exit %d, stderr %q, stdout equal to the lecture: %v", code, errOut, out == string(want))
	}
	code, out, _ = runCLI("run", "--epochs", "10")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || lines[len(lines)-2] != "progress: 9 w= 1.9512159834655312 loss= 0.021418922423117836" ||
		lines[len(lines)-1] != "predict (after training) 4 hours 7.804863933862125" {
		t.Errorf("--epochs 10 ends with %q", lines[len(lines)-2:])
	}
}

func TestBadInputIsOneLineExitTwoNothingOnStdout(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("x,y\n1,2\n2,oops\n"), 0o644)
	nl := filepath.Join(t.TempDir(), "two\nlines.csv")
	os.WriteFile(nl, []byte("x,y\n1,oops\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--lr", "0"}, "--lr"},
		{[]string{"run", "--lr", "-1"}, "--lr"},
		{[]string{"run", "--lr", "abc"}, "--lr"},
		{[]string{"run", "--lr", "inf"}, "--lr"},
		{[]string{"run", "--lr", "NaN"}, "--lr"},
		{[]string{"run", "--epochs", "-1"}, "--epochs"},
		{[]string{"run", "--epochs", "99999999"}, "--epochs"},
		{[]string{}, "the interactive view needs a terminal"},
		{[]string{"lesson"}, "the interactive view needs a terminal"},
		{[]string{"run", "--format", "csv", "--every", "0"}, "--every"},
		{[]string{"run", "--format", "csv", "--every", "weekly"}, "--every"},
		{[]string{"run", "--every", "2"}, "--every"},
		{[]string{"run", "--model", "cubic"}, "--model"},
		{[]string{"run", "--mode", "online"}, "--mode"},
		{[]string{"run", "--format", "xml"}, "--format"},
		{[]string{"run", "--format", "lecture", "--model", "wb"}, "--format lecture"},
		{[]string{"run", "--mode", "batch"}, "--format lecture"},
		{[]string{"run", "--mode", "minibatch", "--batch", "4"}, "--batch"},
		{[]string{"run", "--mode", "minibatch", "--batch", "0"}, "--batch"},
		{[]string{"run", "--batch", "2"}, "--batch"},
		{[]string{"run", "--mode", "batch", "--shuffle", "--format", "csv"}, "--shuffle"},
		{[]string{"run", "--seed", "3"}, "--seed"},
		{[]string{"run", "--init", "w2=1", "--format", "csv"}, "--init"},
		{[]string{"run", "--model", "quad", "--init", "w2=1,w9=2", "--format", "csv"}, "--init"},
		{[]string{"run", "--model", "quad", "--init", "w2=x", "--format", "csv"}, "--init"},
		{[]string{"run", "--model", "quad", "--w0", "2", "--format", "csv"}, "--w0"},
		{[]string{"run", "--w0", "inf"}, "--w0"},
		{[]string{"run", "--predict", "nan"}, "--predict"},
		{[]string{"run", "--data", "nosuch"}, "--data"},
		{[]string{"run", "--data", bad}, "bad.csv:3: column 2"},
		{[]string{"run", "--frobnicate"}, "--frobnicate"},
		{[]string{"run", "--lr"}, "--lr"},
		{[]string{"run", "extra"}, "extra"},
		{[]string{"fly"}, "fly"},
		{[]string{"snapshot", "--width", "0"}, "--width"},
		{[]string{"snapshot", "--steps", "-3"}, "--steps"},
		{[]string{"--lr", "0"}, "--lr"},
		{[]string{"run", "--shuffle=maybe"}, "--shuffle"},
		{[]string{"run", "--epochs", `a"b`}, "--epochs"},
		{[]string{"help", "extra"}, "extra"},
		{[]string{"--version", "extra"}, "extra"},
		{[]string{"datasets", "--lr", "-1"}, "no flags"},
		{[]string{"run", "--optimizer", "sgd2"}, "--optimizer"},
		{[]string{"run", "--optimizer", "adam", "--beta1", "1", "--format", "csv"}, "--beta1"},
		{[]string{"run", "--optimizer", "adam", "--beta2", "-0.1", "--format", "csv"}, "--beta2"},
		{[]string{"run", "--optimizer", "adam", "--eps", "0", "--format", "csv"}, "--eps"},
		{[]string{"run", "--optimizer", "momentum", "--momentum", "1", "--format", "csv"}, "--momentum"},
		{[]string{"run", "--optimizer", "rmsprop", "--alpha", "1.5", "--format", "csv"}, "--alpha"},
		{[]string{"run", "--momentum", "0.5"}, "--momentum"},
		{[]string{"run", "--optimizer", "adam"}, "--format lecture"},
		{[]string{"snapshot", "--compare", "0.1"}, "--compare"},
		{[]string{"snapshot", "--compare", "0.1,x"}, "--compare"},
		{[]string{"snapshot", "--compare-optimizers", "gd,foo"}, "--compare-optimizers"},
		{[]string{"snapshot", "--compare", "0.1,0.2", "--sweep"}, "--sweep"},
		{[]string{"run", "--w0", "1e200"}, "1e150"},
		{[]string{"run", "--w0", "1e308"}, "--w0"},
		{[]string{"run", "--data", nl}, "\\n"},
		{[]string{"lesson", "--lang", "fr"}, "--lang"},
		{[]string{"lesson", "--lr", "0.1"}, "only --lang"},
		{[]string{"snapshot", "--lang", "xx"}, "--lang"},
		{[]string{"snapshot", "--lesson", "0"}, "--lesson"},
		{[]string{"snapshot", "--lesson", "10"}, "1…9"},
		{[]string{"snapshot", "--lesson", "x"}, "--lesson"},
		{[]string{"snapshot", "--lesson", "3", "--lr", "0.1"}, "drop --lr"},
		{[]string{"snapshot", "--lesson", "3", "--steps", "2", "--sweep"}, "drop --steps and --sweep"},
		// Shared flags belong to the commands that use them, not to all.
		{[]string{"datasets", "--lr", "1"}, "no flags"},
		{[]string{"run", "--lang", "ko"}, "--lang"},
		{[]string{"run", "--compare", "0.1,0.2"}, "--compare"},
		{[]string{"run", "--sweep"}, "--sweep"},
		{[]string{"serve", "--lang", "fr"}, "--lang"},
		{[]string{"serve", "--epochs", "3"}, "--epochs"},
		// Long flags take two dashes; the standard package took one.
		{[]string{"run", "-lr", "0.1"}, "--lr"},
		{[]string{"-epochs", "3"}, "-epochs"},
		// A built-in dataset brings its model.
		{[]string{"run", "--data", "offset"}, "--format csv"},
		{[]string{"run", "--data", "curved"}, "--model w"},
		{[]string{"run", "--data", "curved", "--w0", "2", "--format", "csv"}, "--init w2=1,w1=1,b=1"},
		{[]string{"run", "--model", "quad", "--w0", "2", "--format", "csv"}, "--init"},
		// Every flag that takes a value says what it wants when it has none.
		{[]string{"serve", "--listen"}, "--listen needs a value: want host:port"},
		{[]string{"serve", "--host-key"}, "--host-key needs a value: want a file"},
		{[]string{"serve", "--authorized-keys"}, "--authorized-keys needs a value: want an OpenSSH"},
		{[]string{"serve", "--max-sessions", "many"}, "want a whole number 1…10000"},
		{[]string{"serve", "--idle-timeout", "-1m"}, "want a duration"},
		{[]string{"snapshot", "--sweep=2"}, "want true or false"},
		{[]string{"snapshot", "--compare"}, "--compare needs a value: want 2 to 6"},
		{[]string{"run", "--init", ""}, "--init"},
		{[]string{"run", "--data", ""}, "--data"},
		// Values are quoted: a newline stays on the line, a huge one is cut.
		{[]string{"run", "--lr", "1\n2"}, `"1\n2"`},
		{[]string{"run", "--epochs", strings.Repeat("9", 100000)}, `"999`},
		{[]string{"run", "--data", strings.Repeat("x", 100000)}, `xxx…"`},
		{[]string{"run", "--" + strings.Repeat("y", 100000)}, "yyy…"},
		// --version=false does not print the version: the view's flags are checked.
		{[]string{"--version=false", "--lr", "0"}, "--lr"},
		{[]string{"--version", "--lr", "1", "extra"}, "extra"},
		{[]string{"help", "run", "extra"}, "extra"},
		{[]string{"completion", "tcsh"}, "bash"},
		{[]string{"completion", "bash", "extra"}, "extra"},
		{[]string{"run", "--shuffle", "false"}, "--shuffle=false"},
		{[]string{"run", "--data", filepath.Join("testdata", "squares-overflow.csv"), "--model", "quad", "--format", "csv"}, "--data: data point 1"},
	} {
		code, out, errOut := runCLI(c.args...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%.200q: exit %d, stdout %q, stderr %q; want 2, nothing, one line naming %s", c.args, code, out, errOut, c.want)
		}
		if len(errOut) > 300 {
			t.Errorf("%.200q: a message of %d bytes", c.args, len(errOut))
		}
		if emptyWant.MatchString(errOut) {
			t.Errorf("%.200q: %q does not say what it wants", c.args, errOut)
		}
	}
}

// emptyWant matches a message whose "want" says nothing.
var emptyWant = regexp.MustCompile(`want\s*($|[;,.)])`)

// TestEveryFlagSaysWhatItWants gives every flag of every command a value
// it cannot take, and no value at all: each message names the flag and
// says what it wants.
func TestEveryFlagSaysWhatItWants(t *testing.T) {
	root := newRoot(&env{out: &output{w: io.Discard}, stderr: io.Discard})
	prepare(root)
	for _, cmd := range append([]*cobra.Command{root}, root.Commands()...) {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Name == "help" {
				return
			}
			// Any name can be a host key to create: only a missing one is wrong.
			bad := "\x01bad"
			if f.Name == "host-key" {
				bad = ""
			}
			var path []string
			if cmd != root {
				path = []string{cmd.Name()}
			}
			cases := [][]string{{"--" + f.Name + "=" + bad}}
			if f.NoOptDefVal == "" {
				cases = append(cases, []string{"--" + f.Name})
			}
			for _, args := range cases {
				args = append(path, args...)
				code, out, errOut := runCLI(args...)
				if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "--"+f.Name) ||
					!strings.Contains(errOut, "want ") || emptyWant.MatchString(errOut) {
					t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
				}
			}
		})
	}
}

func TestDataBringsItsModel(t *testing.T) {
	row := func(args ...string) []string {
		t.Helper()
		code, out, errOut := runCLI(append([]string{"run", "--format", "csv", "--epochs", "1"}, args...)...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, errOut)
		}
		return strings.Split(out, "\n")[:2]
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	// offset's first point is (1, 3); from w = b = 1, ŷ − y = −1, so both
	// partials are −2 and both parameters become 1 + 0.01·2.
	if r := row("--data", "offset"); r[0] != "epoch,sample,x,y,grad_w,grad_b,w,b,loss,mse" || !strings.HasPrefix(r[1], "0,0,1,3,-2,-2,1.02,1.02,") {
		t.Errorf("--data offset: %q", r)
	}
	// curved's first point is (−2, 11); from all ones ŷ = 4 − 2 + 1 = 3, ŷ − y = −8:
	// ∂/∂w2 = 2·4·(−8) = −64, ∂/∂w1 = 2·(−2)·(−8) = 32, ∂/∂b = −16.
	want := "0,0,-2,11,-64,32,-16," + f(1-float64(0.01*-64)) + "," + f(1-float64(0.01*32)) + "," + f(1-float64(0.01*-16)) + ","
	if r := row("--data", "curved"); r[0] != "epoch,sample,x,y,grad_w2,grad_w1,grad_b,w2,w1,b,loss,mse" || !strings.HasPrefix(r[1], want) {
		t.Errorf("--data curved: %q, want the row to start %q", r, want)
	}
	// An explicit --model wins; a file and the other built-ins bring w.
	if r := row("--data", "curved", "--model", "w"); r[0] != "epoch,sample,x,y,grad_w,w,loss,mse" {
		t.Errorf("--data curved --model w: %q", r)
	}
	file := filepath.Join(t.TempDir(), "pts.csv")
	os.WriteFile(file, []byte("x,y\n1,2\n"), 0o644)
	for _, d := range []string{"tens", "noisy", file} {
		if r := row("--data", d); r[0] != "epoch,sample,x,y,grad_w,w,loss,mse" {
			t.Errorf("--data %s: %q", d, r)
		}
	}
	// The rule is the view's d key: every built-in's model is the one datasets records.
	for _, d := range datasets.Builtin() {
		code, out, errOut := runCLI("run", "--data", d.Name, "--format", "json", "--epochs", "0")
		var doc struct{ Settings struct{ Model string } }
		if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil || doc.Settings.Model != d.Model {
			t.Errorf("--data %s: exit %d %s, model %q, want %q", d.Name, code, errOut, doc.Settings.Model, d.Model)
		}
	}
	// The lecture format takes offset with the model given.
	if code, out, _ := runCLI("run", "--data", "offset", "--model", "w", "--epochs", "1"); code != 0 || !strings.HasPrefix(out, "predict (before training) 4 4.0\n\tgrad:  1.0 3.0 -4.0\n") {
		t.Errorf("--data offset --model w: exit %d\n%s", code, out)
	}
	code, out, _ := runCLI("snapshot", "--data", "offset", "--width", "80", "--height", "24")
	if code != 0 || !strings.Contains(out, "ŷ = x·w + b") {
		t.Errorf("snapshot --data offset: exit %d\n%s", code, out)
	}
}

func TestSnapshotInKorean(t *testing.T) {
	code, out, _ := runCLI("snapshot", "--lang", "ko", "--steps", "1", "--width", "80", "--height", "24")
	if code != 0 || !strings.Contains(out, "업데이트 1") {
		t.Errorf("snapshot --lang ko: exit %d\n%s", code, out)
	}
}

// TestSnapshotLesson prints lesson pages as handouts: page 1 with the
// question asked, page 5 with the whole derivative, page 6 with the
// lecture's first update (w = 1 − 0.01 × (−2) = 1.02), in English and in
// Korean, each within the size asked for.
func TestSnapshotLesson(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--lesson", "1"}, []string{"The data", "page 1/9", "4", "?"}},
		{[]string{"--lesson", "5"}, []string{"page 5/9", "∂loss/∂w = 2x(x·w − y)"}},
		{[]string{"--lesson", "6"}, []string{"page 6/9", "1 − 0.01 × (−2) = 1.02"}},
		{[]string{"--lesson", "6", "--lang", "ko"}, []string{"쪽 6/9", "업데이트 1", "1 − 0.01 × (−2) = 1.02"}},
	} {
		code, out, errOut := runCLI(append([]string{"snapshot", "--width", "80", "--height", "24"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, errOut)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v lacks %q:\n%s", c.args, w, out)
			}
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 24 {
			t.Errorf("%v: %d lines, want 24", c.args, len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > 80 {
				t.Errorf("%v: a line of %d columns", c.args, ansi.StringWidth(l))
			}
		}
	}
}

func TestDefaultBatchFitsOnePoint(t *testing.T) {
	one := filepath.Join(t.TempDir(), "one.csv")
	os.WriteFile(one, []byte("x,y\n1,2\n"), 0o644)
	if code, _, errOut := runCLI("run", "--data", one, "--mode", "minibatch", "--format", "csv", "--epochs", "1"); code != 0 {
		t.Errorf("mini-batch on one point without --batch: exit %d: %s", code, errOut)
	}
}

func TestOptimizerTranscripts(t *testing.T) {
	// Momentum's first two updates by hand: b = −2, w = 1.02; b = 0.9·(−2) − 7.84 = −9.64, w = 1.1164.
	code, out, _ := runCLI("run", "--optimizer", "momentum", "--format", "csv", "--epochs", "1")
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || rows[0] != "epoch,sample,x,y,grad_w,w,loss,mse,b_w" || !strings.HasPrefix(rows[1], "0,0,1,2,-2,1.02,") ||
		!strings.HasSuffix(rows[1], ",-2") || !strings.HasSuffix(rows[2], ",-9.64") {
		t.Errorf("momentum csv: %q", rows[:3])
	}
	code, out, _ = runCLI("run", "--optimizer", "adam", "--format", "json", "--epochs", "1")
	var doc struct {
		Settings   struct{ Optimizer map[string]any }
		Analysis   map[string]any
		Trajectory []struct{ State map[string]any }
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
		t.Fatalf("adam json: %d %v", code, err)
	}
	if doc.Settings.Optimizer["name"] != "adam" || doc.Analysis["regime"] != "adaptive" || doc.Analysis["lr_max_stable"] != nil ||
		doc.Trajectory[0].State["t"] != 1.0 {
		t.Errorf("adam json: %+v %+v %+v", doc.Settings.Optimizer, doc.Analysis, doc.Trajectory[0].State)
	}
}

func TestCSVAndJSONFormats(t *testing.T) {
	code, out, _ := runCLI("run", "--model", "wb", "--mode", "batch", "--format", "csv", "--epochs", "2")
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || rows[0] != "epoch,sample,x,y,grad_w,grad_b,w,b,loss,mse" || len(rows) != 3 {
		t.Fatalf("csv: exit %d, %q", code, rows)
	}
	// Full batch from w = b = 1 on hours: ŷ = x + 1, so ŷ − y = 0, −1, −2; the mean of 2x(ŷ − y)
	// is −16/3 and of 2(ŷ − y) is −2; then w = 1 + 0.01·16/3 and b = 1 + 0.01·2.
	gw, lr := -16.0/3, 0.01
	want := "0,,,,-5.333333333333333,-2," + strconv.FormatFloat(1-float64(lr*gw), 'g', -1, 64) + ",1.02,"
	if !strings.HasPrefix(rows[1], want) {
		t.Errorf("first batch row %q, want it to start %q", rows[1], want)
	}
	code, out, _ = runCLI("run", "--format", "json", "--epochs", "3", "--lr", "0.1")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
		t.Fatalf("json: exit %d, %v", code, err)
	}
	a := doc["analysis"].(map[string]any)
	if a["regime"] != "oscillating" || len(doc["trajectory"].([]any)) != 9 {
		t.Errorf("json analysis %v", a)
	}
}

// TestEvery checks --every against the lecture: one row per epoch is w after
// each epoch (1.260688 after the first, reference/README.md), and every N-th
// update keeps the last one.
func TestEvery(t *testing.T) {
	code, out, _ := runCLI("run", "--format", "csv", "--epochs", "10", "--every", "epoch")
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(rows) != 11 {
		t.Fatalf("--every epoch: exit %d, %d lines", code, len(rows))
	}
	wAt := func(row string) string { return strings.Split(row, ",")[5] }
	if !strings.HasPrefix(rows[1], "0,2,3,6,") || wAt(rows[1]) != "1.260688" || wAt(rows[10]) != "1.9512159834655312" {
		t.Errorf("--every epoch rows %q … %q: want w 1.260688 after epoch 0 and 1.9512159834655312 after epoch 9", rows[1], rows[10])
	}
	// 3 epochs of 3 updates, every 4th: updates 4 and 8, and the last (9).
	code, out, _ = runCLI("run", "--format", "json", "--epochs", "3", "--every", "4")
	var doc struct {
		Trajectory []struct{ Update int }
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
		t.Fatalf("--every 4 json: exit %d, %v", code, err)
	}
	var got []int
	for _, u := range doc.Trajectory {
		got = append(got, u.Update)
	}
	if !slices.Equal(got, []int{4, 8, 9}) {
		t.Errorf("--every 4 writes updates %v, want [4 8 9]", got)
	}
}

func TestDatasetsHelpVersionSnapshot(t *testing.T) {
	if code, out, _ := runCLI("datasets"); code != 0 || !strings.HasPrefix(out, "hours") {
		t.Errorf("datasets: %d %q", code, out)
	}
	for _, a := range [][]string{{"--help"}, {"help"}, {"run", "--help"}, {"-h"}} {
		if code, out, _ := runCLI(a...); code != 0 || !strings.Contains(out, "descent run") {
			t.Errorf("%v: exit %d", a, code)
		}
	}
	if code, out, _ := runCLI("--version"); code != 0 || !strings.HasPrefix(out, "descent ") {
		t.Errorf("--version: %d %q", code, out)
	}
	code, out, _ := runCLI("snapshot", "--steps", "3", "--width", "80", "--height", "24")
	if code != 0 || !strings.Contains(out, "1.0984 − 0.01 × (−16.2288) = 1.260688") || strings.Contains(out, "\x1b[") {
		t.Errorf("snapshot: exit %d\n%s", code, out)
	}
}

func TestHelpListsCommandsAndTheirOwnFlags(t *testing.T) {
	code, root, _ := runCLI("--help")
	if code != 0 {
		t.Fatalf("--help: exit %d", code)
	}
	for _, want := range []string{"run", "snapshot", "lesson", "serve", "datasets", "completion", "--data", "--model", "--lr",
		"--optimizer", "--lang", "--compare", "--version", "brings the model", "80×24"} {
		if !strings.Contains(root, want) {
			t.Errorf("descent --help has no %q", want)
		}
	}
	if strings.Contains(root, "--epochs") || strings.Contains(root, "--listen") {
		t.Errorf("descent --help shows another command's flags:\n%s", root)
	}
	_, run, _ := runCLI("run", "--help")
	if _, help, _ := runCLI("help", "run"); help != run {
		t.Errorf("descent help run differs from descent run --help")
	}
	for cmd, c := range map[string]struct{ has, hasNot []string }{
		"run":      {[]string{"--epochs", "--format", "--predict", "--data", "--optimizer"}, []string{"--lang", "--compare", "--steps"}},
		"snapshot": {[]string{"--steps", "--sweep", "--width", "--lang", "--compare"}, []string{"--epochs", "--listen"}},
		"lesson":   {[]string{"--lang"}, []string{"--lr", "--data"}},
		"serve": {[]string{"--listen", "--host-key", "--max-sessions", "--idle-timeout", "--authorized-keys", "--lr",
			"--teacher-keys", "--log", "--headless", "--lang"}, []string{"--epochs", "--steps"}},
		"datasets": {nil, []string{"--lr", "--mode"}},
	} {
		code, out, _ := runCLI(cmd, "--help")
		if code != 0 {
			t.Errorf("%s --help: exit %d", cmd, code)
		}
		for _, f := range c.has {
			if !strings.Contains(out, f) {
				t.Errorf("descent %s --help has no %s", cmd, f)
			}
		}
		for _, f := range c.hasNot {
			if strings.Contains(out, f+" ") {
				t.Errorf("descent %s --help shows %s", cmd, f)
			}
		}
	}
	// An unknown command lists every command there is.
	_, _, errOut := runCLI("foo")
	for _, name := range []string{"run", "snapshot", "lesson", "serve", "datasets", "completion", "help"} {
		if !strings.Contains(errOut, name) {
			t.Errorf("descent foo does not list %s: %q", name, errOut)
		}
	}
}

func TestVersionOf(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261126215858-1fb442ee7304"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "1fb442ee7304461a9ae53420217fc9a03cf35224"},
		{Key: "vcs.time", Value: "2026-11-26T21:58:58Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	v, c := versionOf(info)
	if v != "v0.0.0-20261126215858-1fb442ee7304+dirty 2026-11-26T21:58:58Z" || c != "1fb442ee7304461a9ae53420217fc9a03cf35224" {
		t.Errorf("versionOf: %q %q", v, c)
	}
	if v, c := versionOf(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}); v != "devel" || c != "" {
		t.Errorf("versionOf without VCS: %q %q", v, c)
	}
	// fang puts the commit's first seven digits after the version.
	if code, out, _ := runCLI("--version"); code != 0 || !strings.HasPrefix(out, "descent ") || strings.Count(out, "\n") != 1 {
		t.Errorf("--version: exit %d, %q", code, out)
	}
}

// TestHelpFitsEightyColumns checks that below its opening paragraph
// (which fang wraps to the terminal) every line of every command's help
// fits a terminal of 80 columns.
func TestHelpFitsEightyColumns(t *testing.T) {
	for _, cmd := range []string{"", "run", "snapshot", "lesson", "serve", "datasets", "completion"} {
		args := []string{"--help"}
		if cmd != "" {
			args = []string{cmd, "--help"}
		}
		_, out, _ := runCLI(args...)
		_, body, ok := strings.Cut(out, "USAGE")
		if !ok {
			t.Fatalf("%q: no USAGE in\n%s", args, out)
		}
		for _, line := range strings.Split(body, "\n") {
			if w := ansi.StringWidth(strings.TrimRight(line, " ")); w > 80 {
				t.Errorf("%q: %d columns: %q", args, w, line)
			}
		}
	}
}

// TestEnumeratedFlagsSayTheirChoicesOnce checks that each enumerated flag's
// help, its error message and its completions list the same choices, the
// engine's and ui's where they have a list.
func TestEnumeratedFlagsSayTheirChoicesOnce(t *testing.T) {
	root := newRoot(&env{out: &output{w: io.Discard}, stderr: io.Discard})
	prepare(root)
	lists := map[string][]string{"model": engine.ModelNames(), "optimizer": engine.OptimizerNames(),
		"mode": {"sample", "batch", "minibatch"}, "format": {"lecture", "csv", "json"}, "lang": {"en", "ko"}}
	seen := 0
	for _, cmd := range append([]*cobra.Command{root}, root.Commands()...) {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			v, ok := f.Value.(*enumValue)
			if !ok {
				return
			}
			seen++
			names := lists[f.Name]
			if !slices.Equal(v.names(), names) {
				t.Errorf("%s --%s takes %q, want %q", cmd.Name(), f.Name, v.names(), names)
			}
			comps, _ := v.complete(cmd, nil, "")
			for i, n := range names {
				if !strings.Contains(strings.ReplaceAll(f.Usage, "\n", " "), n) || !strings.Contains(v.Want(), n) ||
					i >= len(comps) || !strings.HasPrefix(comps[i], n+"\t") {
					t.Errorf("%s --%s: %q missing from help %q, want %q or completions %q", cmd.Name(), f.Name, n, f.Usage, v.Want(), comps)
				}
			}
			_, _, errOut := runCLI(append(strings.Fields(strings.TrimPrefix(cmd.CommandPath(), "descent")), "--"+f.Name+"=nonesuch")...)
			if !strings.HasSuffix(errOut, "want "+v.Want()+"\n") {
				t.Errorf("%s --%s=nonesuch: %q", cmd.Name(), f.Name, errOut)
			}
		})
	}
	if seen < 10 {
		t.Errorf("%d enumerated flags, want at least 10", seen)
	}
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errors.New("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

// TestWritingStopsAtTheFirstFailure checks that a transcript whose output
// fails ends with one line and exit status 1 (the engine's writers stop at
// their first failed write: engine's TestTranscriptStopsOnWriteError).
func TestWritingStopsAtTheFirstFailure(t *testing.T) {
	for _, format := range []string{"csv", "json", "lecture"} {
		w := &failingWriter{n: 100}
		var errOut bytes.Buffer
		code := run([]string{"run", "--epochs", "1000000", "--format", format}, w, &errOut)
		if code != 1 || errOut.String() != "descent: disk full\n" {
			t.Errorf("run --format %s to a full disk: exit %d, %q", format, code, errOut.String())
		}
	}
	// Everything after the first failure is refused, so help and the
	// version report it too.
	var errOut bytes.Buffer
	if code := run([]string{"datasets"}, &failingWriter{n: 100}, &errOut); code != 1 || errOut.String() != "descent: disk full\n" {
		t.Errorf("datasets to a full disk: exit %d, %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"--help"}, &failingWriter{n: 100}, &errOut); code != 1 || errOut.String() != "descent: disk full\n" {
		t.Errorf("--help to a full disk: exit %d, %q", code, errOut.String())
	}
}

// TestDataOutOfRange checks that data whose squares or curvature leave
// float64's range are refused naming --data, the point or the quantity,
// and what to do.
func TestDataOutOfRange(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ csv, want string }{
		{"x,y\n1,2\n1e154,3\n", "--data: data point 2 (x = 1e+154, y = 3): 2·x² overflows for model w: rescale x and y"},
		{"x,y\n1e-200,2\n", "--data: data point 1 (x = 1e-200, y = 2): 2·x² underflows"},
		{"x,y\n1e-150,2\n2e-150,2\n", "--data: the loss's largest curvature for model w"},
	} {
		f := filepath.Join(dir, "d.csv")
		if err := os.WriteFile(f, []byte(c.csv), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := runCLI("run", "--data", f)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q, want %q", c.csv, code, errOut, c.want)
		}
	}
}

// TestEveryDefaultIsSaidOnce reads every command's --help as printed: each
// flag whose default fang prints says it exactly once, in parentheses at
// the end of its text, however its text wraps.
func TestEveryDefaultIsSaidOnce(t *testing.T) {
	root := newRoot(&env{out: &output{w: io.Discard}, stderr: io.Discard})
	prepare(root)
	seen := 0
	for _, cmd := range append([]*cobra.Command{root}, root.Commands()...) {
		args := []string{"--help"}
		if cmd != root {
			args = []string{cmd.Name(), "--help"}
		}
		_, out, _ := runCLI(args...)
		blocks := flagBlocks(out)
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden || f.DefValue == "" || f.DefValue == "false" || f.DefValue == "0" {
				return
			}
			seen++
			text, ok := blocks[f.Name]
			if !ok {
				t.Errorf("%s --help has no block for --%s:\n%s", cmd.Name(), f.Name, out)
				return
			}
			said := "(" + f.DefValue + ")"
			if n := strings.Count(text, said); n != 1 || !strings.HasSuffix(text, said) {
				t.Errorf("%s --%s says its default %s %d times, or not last: %q", cmd.Name(), f.Name, said, n, text)
			}
		})
	}
	if seen < 10 {
		t.Errorf("only %d flags with a default printed", seen)
	}
}

// flagBlocks splits the FLAGS part of a command's help into each flag's
// text, its lines joined by spaces, by the flag's long name.
func flagBlocks(help string) map[string]string {
	out := map[string]string{}
	name := ""
	flag := regexp.MustCompile(`^\s+(?:-\S\s+)?--(\S+)\s+(.*)$`)
	for _, line := range strings.Split(help, "\n") {
		line = strings.TrimRight(line, " ")
		if m := flag.FindStringSubmatch(line); m != nil {
			name = m[1]
			out[name] = m[2]
			continue
		}
		if name != "" && strings.TrimSpace(line) != "" && strings.HasPrefix(line, "      ") {
			out[name] += " " + strings.TrimSpace(line)
		} else {
			name = ""
		}
	}
	return out
}
