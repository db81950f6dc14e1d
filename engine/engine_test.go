package engine

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"descent/datasets"
)

// The key figures below come from ../shared/reference/README.md (the
// lecture's program run in Python) and from the mathematics of the
// quadratic loss; none is taken from this package's output.

func lectureRun(t testing.TB, mut func(*Config)) *Run {
	t.Helper()
	c := Lecture()
	if mut != nil {
		mut(&c)
	}
	r, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// builtinData returns the x and y of the built-in dataset called name.
func builtinData(name string) (x, y []float64) {
	d, ok := datasets.Lookup(name)
	if !ok {
		panic("no built-in dataset " + name)
	}
	return d.X, d.Y
}

// analyze returns the analysis of a new run of c.
func analyze(c Config) (Analysis, error) {
	r, err := New(c)
	if err != nil {
		return Analysis{}, err
	}
	return r.Analysis(), nil
}

func TestLectureTranscriptByteForByte(t *testing.T) {
	want, err := os.ReadFile("testdata/lecture3-slide15.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := WriteLecture(&got, lectureRun(t, nil), Transcript{Epochs: 100, Predict: 4}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		g, w := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("line %d:\n got %q\nwant %q", i+1, g[i], w[i])
			}
		}
		t.Fatalf("got %d lines, want %d", len(g), len(w))
	}
}

func TestFirstUpdatesMatchTheLecture(t *testing.T) {
	r := lectureRun(t, nil)
	if got := r.MSE(); got != 14.0/3 {
		t.Errorf("initial MSE = %v, want 14/3", got)
	}
	want := []struct{ x, grad, w float64 }{{1, -2.0, 1.02}, {2, -7.84, 1.0984}, {3, -16.2288, 1.260688}}
	for i, w := range want {
		rec := r.Step()
		if rec.X != w.x || rec.Grad[0] != w.grad || rec.After[0] != w.w || rec.Update != i+1 || rec.Epoch != 0 {
			t.Errorf("update %d: x=%v grad=%v w=%v (n=%d e=%d), want x=%v grad=%v w=%v",
				i+1, rec.X, rec.Grad[0], rec.After[0], rec.Update, rec.Epoch, w.x, w.grad, w.w)
		}
		if i == 2 && rec.LossAfter != 4.919240100095999 {
			t.Errorf("loss after epoch 0 = %v, want 4.919240100095999", rec.LossAfter)
		}
	}
	// ŷ = x·w = 3 × 1.0984 before the third update.
	x, w := 3.0, 1.0984 // variables: float64 arithmetic, not an exact constant
	if rec, _ := r.Last(); rec.YHat != x*w {
		t.Errorf("ŷ of update 3 = %v, want 3 × 1.0984 = %v", rec.YHat, x*w)
	}
	r.Advance(27)
	if w := r.Params()[0]; w != 1.9512159834655312 {
		t.Errorf("w after 10 epochs = %v, want 1.9512159834655312", w)
	}
	if p := r.Predict(4); p != 7.804863933862125 {
		t.Errorf("predict(4) after 10 epochs = %v, want 7.804863933862125", p)
	}
	r.Advance(270)
	if w := r.Params()[0]; w != 1.9999999999999236 {
		t.Errorf("w after 100 epochs = %v, want 1.9999999999999236", w)
	}
	if p := r.Predict(4); p != 7.9999999999996945 {
		t.Errorf("predict(4) after 100 epochs = %v, want 7.9999999999996945", p)
	}
}

func TestFullBatchHundredEpochs(t *testing.T) {
	r := lectureRun(t, func(c *Config) { c.Mode = Batch })
	if r.UpdatesPerEpoch() != 1 {
		t.Fatalf("batch mode takes %d updates per epoch, want 1", r.UpdatesPerEpoch())
	}
	rec := r.Step()
	// Every gradient is taken at w = 1: 2x(x − y) = −2, −8, −18, summed from 0.0.
	if want := (0.0 + -2.0 + -8.0 + -18.0) / 3; rec.Grad[0] != want {
		t.Errorf("first batch gradient = %v, want %v", rec.Grad[0], want)
	}
	r.Advance(99)
	if w := r.Params()[0]; w != 1.9999444396553017 {
		t.Errorf("w after 100 batch epochs = %v, want 1.9999444396553017", w)
	}
}

func TestMiniBatch(t *testing.T) {
	r := lectureRun(t, func(c *Config) { c.Mode = MiniBatch; c.Batch = 2 })
	if r.UpdatesPerEpoch() != 2 {
		t.Fatalf("updates per epoch = %d, want 2 (batches of 2 and 1)", r.UpdatesPerEpoch())
	}
	a := r.Step()
	// Samples 0 and 1 at w = 1: gradients −2 and −8, mean −5, w = 1 + 0.05.
	if a.Size != 2 || a.Index != 0 || a.Grad[0] != -5 || a.After[0] != 1-0.01*-5.0 || !math.IsNaN(a.X) {
		t.Errorf("first mini-batch receipt %+v", a)
	}
	b := r.Step()
	w := 1.05
	if g := 2 * 3 * (3*w - 6); b.Size != 1 || b.Index != 2 || b.Grad[0] != g {
		t.Errorf("second mini-batch: size %d index %d grad %v, want 1, 2, %v", b.Size, b.Index, b.Grad[0], g)
	}
}

func TestLossCurveOfLectureTwo(t *testing.T) {
	r := lectureRun(t, nil)
	want := []float64{56.0 / 3, 14.0 / 3, 0, 14.0 / 3, 56.0 / 3}
	for w, m := range want {
		if got := r.MSEAt(Vec{float64(w)}); math.Abs(got-m) > 1e-12 {
			t.Errorf("mean loss at w=%d = %v, want %v", w, got, m)
		}
	}
}

var tenth = 0.1 // a variable, so that 0.1 + 0.2 is float64 arithmetic, not an exact constant

func TestFormatPy(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{4, "4.0"}, {1.02, "1.02"}, {-2, "-2.0"}, {0, "0.0"}, {math.Copysign(0, -1), "-0.0"},
		{1e16, "1e+16"}, {9999999999999998, "9999999999999998.0"}, {1e15, "1000000000000000.0"},
		{1e-5, "1e-05"}, {0.0001, "0.0001"}, {0.00012345, "0.00012345"}, {1.5e-7, "1.5e-07"},
		{math.Inf(1), "inf"}, {math.Inf(-1), "-inf"}, {math.NaN(), "nan"},
		{1.2345678901234567e+300, "1.2345678901234567e+300"}, {5.250973729513143e-26, "5.250973729513143e-26"},
		{-16.2288, "-16.2288"}, {123456.789, "123456.789"}, {1e22, "1e+22"}, {2.5e-308, "2.5e-308"},
		{tenth + 2*tenth, "0.30000000000000004"}, {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
	} {
		if got := FormatPy(c.f); got != c.want {
			t.Errorf("FormatPy(%v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func TestAnalysisOfTheLecture(t *testing.T) {
	const tol = 1e-8
	near := func(a, b float64) bool { return math.Abs(a-b) <= tol }

	batch := lectureRun(t, func(c *Config) { c.Mode = Batch }).Analysis()
	// L = 2·mean(x²) = 28/3; one step multiplies the error by 1 − αL.
	if !near(batch.Curvatures[0], 28.0/3) || !near(batch.Optimum[0], 2) {
		t.Errorf("batch curvature %v optimum %v, want 28/3 and 2", batch.Curvatures[0], batch.Optimum[0])
	}
	if !near(batch.Factor, 1-0.01*28/3) || batch.Regime != Converging {
		t.Errorf("batch factor %v (%v), want %v converging", batch.Factor, batch.Regime, 1-0.01*28/3)
	}
	if !near(batch.LRMaxStable, 3.0/14) || len(batch.StableIntervals) != 1 {
		t.Errorf("batch lr_max_stable %v intervals %v, want 3/14 and one interval", batch.LRMaxStable, batch.StableIntervals)
	}
	b := lectureRun(t, func(c *Config) { c.Mode = Batch; c.LR = 0.15 })
	if f, g := b.Factor(0.15); !near(f, 1-0.15*28/3) || g != Oscillating {
		t.Errorf("batch α=0.15: factor %v %v, want %v oscillating", f, g, 1-0.15*28/3)
	}
	if _, g := b.Factor(0.25); g != Diverging {
		t.Errorf("batch α=0.25: %v, want diverging", g)
	}

	// Per-sample: P(α) = (1 − 2α)(1 − 8α)(1 − 18α) per epoch.
	P := func(a float64) float64 { return (1 - 2*a) * (1 - 8*a) * (1 - 18*a) }
	s := lectureRun(t, nil)
	a := s.Analysis()
	if !near(a.Factor, P(0.01)) || a.Regime != Converging {
		t.Errorf("per-sample factor %v (%v), want %v converging", a.Factor, a.Regime, P(0.01))
	}
	// P(α) = 1 ⇔ 72α² − 49α + 7 = 0: α = (49 ∓ √385)/144.
	lo1, lo2 := (49-math.Sqrt(385))/144, (49+math.Sqrt(385))/144
	// P(α) = −1 ⇔ 144α³ − 98α² + 14α − 1 = 0, solved here by Newton from 0.52.
	hi2 := 0.52
	for range 50 {
		f := 144*hi2*hi2*hi2 - 98*hi2*hi2 + 14*hi2 - 1
		d := 432*hi2*hi2 - 196*hi2 + 14
		hi2 -= f / d
	}
	if math.Abs(hi2-0.5190) > 1e-4 {
		t.Fatalf("test's own root %v is not near 0.5190", hi2)
	}
	iv := a.StableIntervals
	if len(iv) != 2 || iv[0][0] != 0 || !near(iv[0][1], lo1) || !near(iv[1][0], lo2) || !near(iv[1][1], hi2) {
		t.Errorf("per-sample stable intervals %v, want [0 %v] [%v %v]", iv, lo1, lo2, hi2)
	}
	if !near(a.LRMaxStable, lo1) {
		t.Errorf("per-sample lr_max_stable %v, want %v", a.LRMaxStable, lo1)
	}
	if f, g := s.Factor(0.1); !near(f, P(0.1)) || g != Oscillating {
		t.Errorf("per-sample α=0.1: %v %v, want %v oscillating", f, g, P(0.1))
	}
	if _, g := s.Factor(0.3); g != Diverging {
		t.Errorf("per-sample α=0.3: %v, want diverging", g)
	}
	if f, g := s.Factor(0.5); f != 0 || g != Converging {
		t.Errorf("per-sample α=0.5: %v %v, want exactly 0, converging", f, g)
	}
}

func TestHalfLandsOnTwo(t *testing.T) {
	r := lectureRun(t, func(c *Config) { c.LR = 0.5 })
	if rec := r.Step(); rec.After[0] != 2 {
		t.Errorf("α = 0.5: first update lands on %v, want exactly 2", rec.After[0])
	}
}

func quadRun(t testing.TB, mode Mode, lr float64) *Run {
	t.Helper()
	return lectureRun(t, func(c *Config) { c.Model = ModelQuad; c.Init = Vec{1, 1, 1}; c.Mode = mode; c.LR = lr })
}

func TestExerciseThreeTwo(t *testing.T) {
	a := quadRun(t, Batch, 0.01).Analysis()
	for j, want := range []float64{0, 2, 0} {
		if math.Abs(a.Optimum[j]-want) > 1e-9 {
			t.Errorf("quad optimum %v, want (0, 2, 0)", a.Optimum)
		}
	}
	if math.Abs(a.Condition-5030)/5030 > 1e-3 {
		t.Errorf("quad Hessian condition %v, want ≈ 5030", a.Condition)
	}
	if math.Abs(a.LRMaxStable-0.02645) > 5e-6 {
		t.Errorf("quad batch lr_max_stable %v, want ≈ 0.02645", a.LRMaxStable)
	}
	s := quadRun(t, Sample, 0.01)
	if got := s.Analysis().LRMaxStable; math.Abs(got-0.03024) > 5e-6 {
		t.Errorf("quad per-sample lr_max_stable %v, want ≈ 0.03024", got)
	}
	s.Advance(300)
	if p := s.Predict(4); math.Abs(p-8.544) > 5e-4 {
		t.Errorf("quad predict(4) after 100 epochs = %v, want ≈ 8.544", p)
	}
	// Batch at α = 0.01 < 0.02645 converges; above 0.03 it must diverge.
	if _, g := quadRun(t, Batch, 0.01).Factor(0.03); g != Diverging {
		t.Errorf("quad batch α = 0.03: %v, want diverging", g)
	}
}

func TestBackIsExact(t *testing.T) {
	for _, m := range Models() {
		for _, mode := range []Mode{Sample, Batch, MiniBatch} {
			for _, shuffle := range []bool{false, true} {
				if shuffle && mode == Batch {
					continue
				}
				c := Config{Setup: Setup{X: []float64{1, 2, 3, 4.5, -1}, Y: []float64{2, 4.1, 6, 9, -2.2}, Model: m, Mode: mode, Batch: 2, Shuffle: shuffle, Seed: 7}, Start: Start{LR: 0.003, Init: Vec{1, -0.5, 0.25}}}
				r, err := New(c)
				if err != nil {
					t.Fatal(err)
				}
				r.Advance(5)
				start, startT := r.Params(), r.Updates()
				var recs []Receipt
				for range 1000 {
					recs = append(recs, r.Step())
				}
				for i := len(recs) - 1; i >= 0; i-- {
					if last, ok := r.Last(); !ok || last != recs[i] && !sameReceipt(last, recs[i]) {
						t.Fatalf("%s/%v/%v: Last() before undoing update %d differs from its receipt", m.Name(), mode, shuffle, recs[i].Update)
					}
					if !r.Back() {
						t.Fatalf("Back failed at %d", i)
					}
				}
				if r.Params() != start || r.Updates() != startT {
					t.Errorf("%s/%v/%v: after 1000 backs params %v at %d, want %v at %d", m.Name(), mode, shuffle, r.Params(), r.Updates(), start, startT)
				}
				// Replaying gives the same updates bit for bit.
				for i := range 10 {
					if rec := r.Step(); !sameReceipt(rec, recs[i]) {
						t.Errorf("%s/%v/%v: replayed update %d differs", m.Name(), mode, shuffle, rec.Update)
					}
				}
			}
		}
	}
}

// sameReceipt compares receipts bit for bit, NaN fields included.
func sameReceipt(a, b Receipt) bool {
	bits := func(f float64) uint64 { return math.Float64bits(f) }
	return a.Update == b.Update && a.Epoch == b.Epoch && a.Batch == b.Batch && a.NumParams == b.NumParams &&
		a.Index == b.Index && a.Size == b.Size &&
		bits(a.X) == bits(b.X) && bits(a.Y) == bits(b.Y) && bits(a.YHat) == bits(b.YHat) &&
		bits(a.LossBefore) == bits(b.LossBefore) && bits(a.LossAfter) == bits(b.LossAfter) &&
		a.Grad == b.Grad && a.Before == b.Before && a.After == b.After && a.LR == b.LR
}

func TestBackReachesStartAndStops(t *testing.T) {
	r := lectureRun(t, nil)
	if r.Back() {
		t.Fatal("Back at the start succeeded")
	}
	r.Step()
	if !r.Back() || r.Params() != (Vec{1}) || r.Updates() != 0 || r.Back() {
		t.Errorf("one step then back: %v at %d", r.Params(), r.Updates())
	}
}

func TestUndoDepthAndBoundedHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("10⁷ updates")
	}
	r := lectureRun(t, nil)
	var at []Vec
	const n = 10_000_000
	for i := range n {
		if i >= n-100_001 {
			at = append(at, r.Params())
		}
		r.Step()
	}
	if h := r.History(); len(h) > TrailPoints+1 || h[0].Update != 0 || h[len(h)-1].Update != n {
		t.Errorf("history has %d points from %d to %d, want ≤ %d from 0 to %d", len(h), h[0].Update, h[len(h)-1].Update, TrailPoints+1, n)
	}
	if len(r.undo.buf) > UndoDepth {
		t.Errorf("undo ring grew to %d entries", len(r.undo.buf))
	}
	for i := len(at) - 1; i >= 0; i-- {
		if !r.Back() || r.Params() != at[i] {
			t.Fatalf("back %d: %v, want %v", len(at)-i, r.Params(), at[i])
		}
	}
}

func TestStatus(t *testing.T) {
	r := lectureRun(t, nil)
	r.Advance(30)
	if s := r.Status(); s != Running {
		t.Errorf("after 10 epochs: %v, want running", s)
	}
	r.Advance(270)
	if s := r.Status(); s != Converged {
		t.Errorf("after 100 epochs: %v, want converged", s)
	}
	d := lectureRun(t, func(c *Config) { c.LR = 1 })
	d.Advance(30)
	if s := d.Status(); s != Diverged {
		t.Errorf("α = 1 after 30 updates: %v (w = %v), want diverged", s, d.Params())
	}
}

func TestOverflowKeepsComputing(t *testing.T) {
	r := lectureRun(t, func(c *Config) { c.LR = 1e6 })
	var out bytes.Buffer
	if err := WriteLecture(&out, r, Transcript{Epochs: 60, Predict: 4}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.Contains(s, "inf") || !strings.Contains(s, "nan") {
		t.Errorf("an overflowing run prints no inf/nan:\n%s", s[len(s)-300:])
	}
	if r.Status() != Diverged || r.Updates() != 180 {
		t.Errorf("status %v after %d updates, want diverged after 180", r.Status(), r.Updates())
	}
}

func TestShuffleIsDeterministicPermutation(t *testing.T) {
	c := Lecture()
	c.X, c.Y = []float64{1, 2, 3, 4, 5, 6}, []float64{2, 4, 6, 8, 10, 12}
	c.Shuffle, c.Seed = true, 42
	order := func() []int {
		r, _ := New(c)
		var idx []int
		for range 12 {
			idx = append(idx, r.Step().Index)
		}
		return idx
	}
	a, b := order(), order()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different orders %v %v", a, b)
		}
	}
	for e := 0; e < 2; e++ {
		seen := map[int]bool{}
		for _, i := range a[e*6 : e*6+6] {
			seen[i] = true
		}
		if len(seen) != 6 {
			t.Errorf("epoch %d order %v is not a permutation", e, a[e*6:e*6+6])
		}
	}
}

func TestCSVAndJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, quadRun(t, Sample, 0.01), Transcript{Epochs: 2, Predict: 4}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(recs[0], ","); h != "epoch,sample,x,y,grad_w2,grad_w1,grad_b,w2,w1,b,loss,mse" || len(recs) != 7 {
		t.Fatalf("header %q and %d rows", h, len(recs)-1)
	}
	// First update, x = 1, y = 2 from (1, 1, 1): ŷ = 3, ŷ − y = 1, grads 2x²·1 = 2, 2x·1 = 2, 2·1 = 2.
	if got := strings.Join(recs[1][:10], ","); got != "0,0,1,2,2,2,2,0.98,0.98,0.98" {
		t.Errorf("first row %q", got)
	}
	buf.Reset()
	if err := WriteCSV(&buf, lectureRun(t, func(c *Config) { c.Mode = Batch }), Transcript{Epochs: 1}); err != nil {
		t.Fatal(err)
	}
	if rows := strings.Split(buf.String(), "\n"); !strings.HasPrefix(rows[1], "0,,,,") {
		t.Errorf("batch row %q should leave sample, x and y empty", rows[1])
	}

	buf.Reset()
	if err := WriteJSON(&buf, lectureRun(t, func(c *Config) { c.LR = 1e6 }), Transcript{Data: "hours", Epochs: 100, Predict: 4}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Settings   map[string]any
		Analysis   map[string]any
		Trajectory []map[string]any
		Final      map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	if len(doc.Trajectory) != 300 || doc.Analysis["regime"] != "diverging" || doc.Final["status"] != "diverged" {
		t.Errorf("JSON: %d updates, regime %v, status %v", len(doc.Trajectory), doc.Analysis["regime"], doc.Final["status"])
	}
}

func TestLectureFormatRefusesOtherRuns(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteLecture(&buf, quadRun(t, Sample, 0.01), Transcript{Epochs: 1}); err != ErrLectureFormat || buf.Len() != 0 {
		t.Errorf("quad in lecture format: %v, %d bytes", err, buf.Len())
	}
}

func BenchmarkStep(b *testing.B) {
	r := lectureRun(b, nil)
	b.ResetTimer()
	for range b.N {
		r.Step()
	}
}

// BenchmarkTrain is the headless path of the transcripts: the same
// updates as Step, without a receipt copy or the undo ring.
func BenchmarkTrain(b *testing.B) {
	r := lectureRun(b, nil)
	b.ResetTimer()
	r.Train(b.N)
}

// BenchmarkBareLoop is the lecture's arithmetic in a plain loop with no
// engine: the practical limit for BenchmarkStep.
func BenchmarkBareLoop(b *testing.B) { bareLoop(b.N) }

var sinkW, sinkL float64

// bareLoop runs n updates of the lecture's loop.
func bareLoop(n int) {
	xs, ys := []float64{1, 2, 3}, []float64{2, 4, 6}
	w, lr, l := 1.0, 0.01, 0.0
	i := 0
	for range n {
		x, y := xs[i], ys[i]
		grad := 2 * x * (x*w - y)
		w = w - float64(lr*grad)
		l = (x*w - y) * (x*w - y)
		if i++; i == 3 {
			i = 0
		}
	}
	sinkW, sinkL = w, l
}

// BenchmarkRatios measures Train and Step against the bare loop in turns,
// 30 000 updates of each per round, and reports the ratios of their total
// times: on a busy machine the ratio of interleaved runs is steadier than
// that of separate benchmarks.
func BenchmarkRatios(b *testing.B) {
	const chunk = 30_000
	var bare, train, step time.Duration
	r, s := lectureRun(b, nil), lectureRun(b, nil)
	for range b.N {
		t0 := time.Now()
		bareLoop(chunk)
		t1 := time.Now()
		r.Train(chunk)
		t2 := time.Now()
		for range chunk {
			s.Step()
		}
		t3 := time.Now()
		bare, train, step = bare+t1.Sub(t0), train+t2.Sub(t1), step+t3.Sub(t2)
	}
	b.ReportMetric(float64(bare.Nanoseconds())/float64(b.N*chunk), "bare-ns/update")
	b.ReportMetric(float64(train)/float64(bare), "train/bare")
	b.ReportMetric(float64(step)/float64(bare), "step/bare")
}
