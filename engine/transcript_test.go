package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// The writers format into a reused buffer. These tests print the same
// transcripts the plain way — one Step and one fmt or strings.Join per
// row, as the writers did before — and want the same bytes.

func refLecture(r *Run, t Transcript) string {
	var b strings.Builder
	px := formatLiteral(t.Predict)
	fmt.Fprintf(&b, "predict (before training) %s %s\n", px, FormatPy(r.Predict(t.Predict)))
	for e := 0; e < t.Epochs; e++ {
		var rec Receipt
		for i := 0; i < r.UpdatesPerEpoch(); i++ {
			rec = r.Step()
			fmt.Fprintf(&b, "\tgrad:  %s %s %s\n", FormatPy(rec.X), FormatPy(rec.Y), FormatPy(rec.Grad[0]))
		}
		fmt.Fprintf(&b, "progress: %d w= %s loss= %s\n", e, FormatPy(rec.After[0]), FormatPy(rec.LossAfter))
	}
	fmt.Fprintf(&b, "predict (after training) %s hours %s\n", px, FormatPy(r.Predict(t.Predict)))
	return b.String()
}

// refRows returns the CSV rows of every update, without the header.
func refRows(r *Run, epochs int) []string {
	var rows []string
	mp, vp := stateColumns(r.opt)
	for u := 0; u < epochs*r.per; u++ {
		rec := r.Step()
		sample, x, y := "", "", ""
		if r.prob.setup.Mode != Batch {
			sample = strconv.Itoa(rec.Index)
		}
		if rec.Size == 1 {
			x, y = FormatShort(rec.X), FormatShort(rec.Y)
		}
		row := []string{strconv.Itoa(rec.Epoch), sample, x, y}
		for j := 0; j < r.k; j++ {
			row = append(row, FormatShort(rec.Grad[j]))
		}
		for j := 0; j < r.k; j++ {
			row = append(row, FormatShort(rec.After[j]))
		}
		row = append(row, FormatShort(rec.LossAfter), FormatShort(r.MSE()))
		for j := 0; j < r.k && mp != ""; j++ {
			row = append(row, FormatShort(rec.Opt.M[j]))
		}
		for j := 0; j < r.k && vp != ""; j++ {
			row = append(row, FormatShort(rec.Opt.V[j]))
		}
		rows = append(rows, strings.Join(row, ","))
	}
	return rows
}

// jnum is f as encoding/json writes it, or null when it is not finite.
func jnum(f float64) string {
	if isBad(f) {
		return "null"
	}
	b, err := json.Marshal(f)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// jparams is v as a JSON object keyed by m's parameters, in order.
func jparams(m Model, v Vec) string {
	var parts []string
	for j, p := range m.Params() {
		k, _ := json.Marshal(p)
		parts = append(parts, string(k)+":"+jnum(v[j]))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// refTrajectory returns the JSON trajectory entries of every update,
// every number as encoding/json writes it.
func refTrajectory(r *Run, epochs int) []string {
	var out []string
	for u := 0; u < epochs*r.per; u++ {
		rec := r.Step()
		sample := "null"
		if r.prob.setup.Mode != Batch {
			sample = strconv.Itoa(rec.Index)
		}
		state := ""
		if r.opt.Kind != GD {
			state = fmt.Sprintf(",\"state\":{\"t\":%d,\"m\":%s,\"v\":%s}", rec.Opt.T, jparams(r.model, rec.Opt.M), jparams(r.model, rec.Opt.V))
		}
		out = append(out, fmt.Sprintf("{\"update\":%d,\"epoch\":%d,\"sample\":%s,\"size\":%d,\"x\":%s,\"y\":%s,\"grad\":%s,\"params\":%s,\"loss\":%s,\"mse\":%s%s}",
			rec.Update, rec.Epoch, sample, rec.Size, jnum(rec.X), jnum(rec.Y),
			jparams(r.model, rec.Grad), jparams(r.model, rec.After), jnum(rec.LossAfter), jnum(r.MSE()), state))
	}
	return out
}

// transcriptRuns returns configurations that cover every model, mode and
// kind of optimizer state, on small data, data with a non-finite
// stretch, and data large enough for the moments.
func transcriptRuns() map[string]Config {
	bigX, bigY := lineData(ExactRows+100, 0, 0.3, 4)
	out := map[string]Config{}
	nx, ny := builtinData("noisy")
	cx, cy := builtinData("curved")
	data := map[string][2][]float64{
		"noisy": {nx, ny}, "curved": {cx, cy}, "large": {bigX, bigY},
	}
	for dn, d := range data {
		for _, m := range Models() {
			for mn, mode := range map[string]Config{"sample": {Setup: Setup{Mode: Sample}}, "shuffled": {Setup: Setup{Mode: Sample, Shuffle: true, Seed: 9}}, "batch": {Setup: Setup{Mode: Batch}}, "minibatch": {Setup: Setup{Mode: MiniBatch, Batch: 3}}} {
				for _, opt := range []Optimizer{{}, NewOptimizer(Momentum), NewOptimizer(Adagrad), NewOptimizer(Adam)} {
					if dn == "large" && opt.Kind != GD && (opt.Kind != Adam || m.name != "quad") {
						continue // the moments serve every optimizer alike
					}
					c := mode
					c.X, c.Y, c.Model, c.LR, c.Init, c.Optimizer = d[0], d[1], m, 0.003, Vec{1, 1, 1}, opt
					out[fmt.Sprintf("%s/%s/%s/%s", dn, m.name, mn, opt.Kind)] = c
				}
			}
		}
	}
	diverging := Lecture()
	diverging.LR = 1e6
	out["diverging"] = diverging
	return out
}

func TestWritersPrintWhatTheyAlwaysPrinted(t *testing.T) {
	for name, c := range transcriptRuns() {
		epochs := 3
		if len(c.X) > ExactRows {
			epochs = 1
		}
		tr := Transcript{Data: "d", Epochs: epochs, Predict: 4}
		run := func() *Run {
			r, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		var got bytes.Buffer
		if err := WriteCSV(&got, run(), tr); err != nil {
			t.Fatal(err)
		}
		r := run()
		want := CSVHeader(r.model, r.opt) + "\n" + strings.Join(refRows(r, epochs), "\n") + "\n"
		if got.String() != want {
			t.Errorf("%s: CSV differs:\n%s\nwant\n%s", name, head(got.String()), head(want))
		}

		got.Reset()
		if err := WriteJSON(&got, run(), tr); err != nil {
			t.Fatal(err)
		}
		traj := strings.Join(refTrajectory(run(), epochs), ",\n")
		if !strings.Contains(got.String(), "\"trajectory\":[\n"+traj+"],\n\"final\"") {
			t.Errorf("%s: JSON trajectory differs:\n%s", name, head(got.String()))
		}
		if !json.Valid(got.Bytes()) {
			t.Errorf("%s: JSON does not parse", name)
		}

		if r := run(); r.model.name == "w" && r.size == 1 && r.opt.Kind == GD {
			got.Reset()
			if err := WriteLecture(&got, r, tr); err != nil {
				t.Fatal(err)
			}
			if want := refLecture(run(), tr); got.String() != want {
				t.Errorf("%s: lecture differs:\n%s\nwant\n%s", name, head(got.String()), head(want))
			}
		}
	}
}

// head returns the first lines of s, for messages.
func head(s string) string {
	lines := strings.SplitN(s, "\n", 6)
	return strings.Join(lines[:min(5, len(lines))], "\n")
}

// Every and PerEpoch write a subset of the rows, always the last one, with
// every number as in the full transcript; JSON's final object is the same.
func TestTranscriptEvery(t *testing.T) {
	x, y := builtinData("noisy")
	c := Config{Setup: Setup{X: x, Y: y, Mode: MiniBatch, Batch: 3}, Start: Start{LR: 0.01, Init: Vec{1}}}
	r, _ := New(c)
	per := r.UpdatesPerEpoch() // 3 updates: batches of 3, 3 and 2
	full := refRows(r, 5)      // 15 updates
	for _, tc := range []struct {
		tr      Transcript
		updates []int
	}{
		{Transcript{Epochs: 5}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}},
		{Transcript{Epochs: 5, Every: 1}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}},
		{Transcript{Epochs: 5, Every: 4}, []int{4, 8, 12, 15}},
		{Transcript{Epochs: 5, Every: 5}, []int{5, 10, 15}},
		{Transcript{Epochs: 5, Every: 100}, []int{15}},
		{Transcript{Epochs: 5, PerEpoch: true}, []int{3, 6, 9, 12, 15}},
		{Transcript{Epochs: 5, PerEpoch: true, Every: 2}, []int{3, 6, 9, 12, 15}},
		{Transcript{Epochs: 0, Every: 2}, nil},
	} {
		var want []string
		for _, u := range tc.updates {
			want = append(want, full[u-1])
		}
		var b bytes.Buffer
		r, _ := New(c)
		if err := WriteCSV(&b, r, tc.tr); err != nil {
			t.Fatal(err)
		}
		rows := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")[1:]
		if strings.Join(rows, "\n") != strings.Join(want, "\n") {
			t.Errorf("%+v: rows\n%s\nwant updates %v:\n%s", tc.tr, strings.Join(rows, "\n"), tc.updates, strings.Join(want, "\n"))
		}
		if r.Updates() != tc.tr.Epochs*per {
			t.Errorf("%+v: %d updates taken, want %d", tc.tr, r.Updates(), tc.tr.Epochs*per)
		}

		b.Reset()
		r, _ = New(c)
		if err := WriteJSON(&b, r, tc.tr); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Trajectory []struct{ Update int }
			Final      map[string]any
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, e := range doc.Trajectory {
			got = append(got, e.Update)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.updates) {
			t.Errorf("%+v: JSON updates %v, want %v", tc.tr, got, tc.updates)
		}
		all, _ := New(c)
		all.Train(tc.tr.Epochs * per)
		if want := jparams(all.model, all.Params()); fmt.Sprint(doc.Final["mse"]) != fmt.Sprint(all.MSE()) || !strings.Contains(b.String(), "\"final\":{\"params\":"+want) {
			t.Errorf("%+v: final %v, want params %s mse %v", tc.tr, doc.Final, want, all.MSE())
		}
	}
}

// A transcript stops at the first write that fails.
func TestTranscriptStopsOnWriteError(t *testing.T) {
	x, y := lineData(ExactRows+1, 0, 0.3, 1)
	r, _ := New(Config{Setup: Setup{X: x, Y: y}, Start: Start{LR: 1e-3, Init: Vec{1}}})
	w := &failingWriter{after: 1 << 16}
	if err := WriteCSV(w, r, Transcript{Epochs: 100}); err != errFull {
		t.Fatalf("error %v, want %v", err, errFull)
	}
	if r.Updates() >= 100*r.UpdatesPerEpoch() {
		t.Errorf("kept training after the writer failed: %d updates", r.Updates())
	}
}

var errFull = fmt.Errorf("disk full")

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, errFull
	}
	return len(p), nil
}

// The trajectory is streamed a number at a time; every number must read
// as encoding/json would write it, so that one file has one spelling.
func TestTrajectoryNumbersAreSpelledAsEncodingJSON(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99e-7, 1e-7, 1.5e-300, 5e-324,
		1e20, 1e21, 9.999e20, 1.2345e21, -2.5e-10, math.MaxFloat64, math.SmallestNonzeroFloat64, 7.804863933862125}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		f := math.Float64frombits(rng.Uint64())
		if !isBad(f) {
			vals = append(vals, f)
		}
	}
	for _, f := range vals {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSON(nil, f); string(got) != string(want) {
			t.Errorf("%v: %s, encoding/json writes %s", f, got, want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got, _ := number(f).MarshalJSON(); string(got) != "null" {
			t.Errorf("%v: %s, want null", f, got)
		}
	}
}

// Settings, analysis and final are objects with the documented fields,
// parameters keyed in the model's order, and null where a number is not
// finite (an adaptive rule's bound).
func TestJSONObjects(t *testing.T) {
	r := quadRun(t, Batch, 0.01)
	c := r.Config()
	c.Optimizer = NewOptimizer(Adam)
	r, _ = New(c)
	var b bytes.Buffer
	if err := WriteJSON(&b, r, Transcript{Data: "a <b> & c", Epochs: 1, Predict: 4}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	for _, want := range []string{
		`"settings":{"optimizer":{"name":"adam","momentum":0,"beta1":0.9,"beta2":0.999,"eps":1e-8,"alpha":0},"data":"a <b> & c","points":3,"model":"quad","formula":"ŷ = x²·w2 + x·w1 + b","mode":"batch","batch":3,"shuffle":false,"seed":0,"lr":0.01,"init":{"w2":1,"w1":1,"b":1},"epochs":1,"predict":4},`,
	} {
		if lines[1] != want {
			t.Errorf("settings line\n got %s\nwant %s", lines[1], want)
		}
	}
	if !strings.HasPrefix(lines[2], `"analysis":{"optimum":{"w2":`) || !strings.Contains(lines[2], `"lr_max_stable":null,"stable_intervals":[]}`) ||
		!strings.Contains(lines[2], `"factor":null,"regime":"adaptive"`) {
		t.Errorf("analysis line %s", lines[2])
	}
	if !strings.HasPrefix(lines[len(lines)-3], `"final":{"params":{"w2":`) || lines[len(lines)-2] != "}" {
		t.Errorf("final lines %q", lines[len(lines)-3:])
	}
}
