package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
)

// The analysis's linear algebra moved from hand-written solvers (Jacobi,
// balanced Hessenberg QR for orders up to 6) to gonum. Before the move,
// the hand-written solvers' answers on every built-in dataset × model ×
// mode × optimizer (and on a large dataset, whose epoch map is rescaled)
// were written into testdata/agreement.json (commit daaf269, which still
// has those solvers and the code that wrote the file); the test checks
// that gonum's answers agree: spectral radii within 1e-12 relative,
// stable-α edges within 1e-9, regimes and the number of stable intervals
// identical. The file is a record of the old solvers: never rewrite it
// from the code it checks.

const agreementFile = "testdata/agreement.json"

// agreeCase is one analysed configuration and what its analysis said.
type agreeCase struct {
	Name       string
	LRMax      string
	Intervals  [][2]string
	Curvatures []string
	Condition  string
	Optimum    []string
	Points     []agreePoint // the factor at several α
}

type agreePoint struct {
	LR, Factor, Regime string
}

func fstr(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func fparse(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// agreementConfigs returns the configurations the agreement covers, by name.
func agreementConfigs() ([]string, map[string]Config) {
	var names []string
	out := map[string]Config{}
	add := func(name string, c Config) {
		names = append(names, name)
		out[name] = c
	}
	sets := []string{"hours", "offset", "tens", "noisy", "curved"}
	modes := []struct {
		name  string
		mode  Mode
		batch int
	}{{"sample", Sample, 0}, {"batch", Batch, 0}, {"minibatch2", MiniBatch, 2}, {"minibatch3", MiniBatch, 3}}
	opts := []Optimizer{{}, NewOptimizer(Momentum), NewOptimizer(Nesterov)}
	for _, d := range sets {
		x, y := builtinData(d)
		for _, m := range Models() {
			for _, md := range modes {
				for _, o := range opts {
					c := Config{Setup: Setup{X: x, Y: y, Model: m, Mode: md.mode, Batch: md.batch}, Start: Start{LR: 0.01, Init: Vec{1, 1, 1}, Optimizer: o}}
					add(fmt.Sprintf("%s/%s/%s/%s", d, m.name, md.name, o.Kind), c)
				}
			}
		}
	}
	x, y := lineData(ExactRows+904, 0, 0.3, 8)
	for _, m := range Models() {
		for _, md := range modes[:3] {
			for _, o := range opts[:2] {
				c := Config{Setup: Setup{X: x, Y: y, Model: m, Mode: md.mode, Batch: md.batch}, Start: Start{LR: 1e-3, Init: Vec{1, 1, 1}, Optimizer: o}}
				add(fmt.Sprintf("large/%s/%s/%s", m.name, md.name, o.Kind), c)
			}
		}
	}
	return names, out
}

// agreementLRs are the α at which a case's factor is recorded: fixed ones
// and fractions of its largest stable α.
func agreementLRs(lrMax float64) []float64 {
	lrs := []float64{1e-4, 1e-3, 0.003, 0.01, 0.03, 0.1}
	if lrMax > 0 && !math.IsInf(lrMax, 0) {
		for _, f := range []float64{1e-3, 0.01, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.99, 1.01, 1.1, 1.5, 2, 5} {
			lrs = append(lrs, f*lrMax)
		}
	}
	return lrs
}

// analyseCase analyses c, with its factor at lrs, or at agreementLRs when
// lrs is nil.
func analyseCase(t *testing.T, c Config, lrs []float64) agreeCase {
	r, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	a := r.Analysis()
	k := c.Model.NumParams()
	ac := agreeCase{LRMax: fstr(a.LRMaxStable), Condition: fstr(a.Condition)}
	for _, iv := range a.StableIntervals {
		ac.Intervals = append(ac.Intervals, [2]string{fstr(iv[0]), fstr(iv[1])})
	}
	for j := 0; j < k; j++ {
		ac.Curvatures = append(ac.Curvatures, fstr(a.Curvatures[j]))
		ac.Optimum = append(ac.Optimum, fstr(a.Optimum[j]))
	}
	if lrs == nil {
		lrs = agreementLRs(a.LRMaxStable)
	}
	for _, lr := range lrs {
		if err := r.SetLR(lr); err != nil {
			t.Fatal(err)
		}
		// The record classifies the epoch's map; a long epoch's
		// Analysis.Regime is its updates' (TestLongEpochRegimeIsTheUpdates).
		b := r.Analysis()
		ac.Points = append(ac.Points, agreePoint{fstr(lr), fstr(b.Factor), r.analysis().evaluateEpoch(lr).regime.String()})
	}
	return ac
}

func TestAgreement(t *testing.T) {
	names, cfgs := agreementConfigs()
	b, err := os.ReadFile(agreementFile)
	if err != nil {
		t.Fatal(err)
	}
	var want []agreeCase
	var worst agreeWorst
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(names) {
		t.Fatalf("%d recorded cases, %d configurations", len(want), len(names))
	}
	for _, w := range want {
		c, ok := cfgs[w.Name]
		if !ok {
			t.Fatalf("recorded case %s is not a configuration", w.Name)
		}
		var lrs []float64
		for _, p := range w.Points {
			lrs = append(lrs, fparse(t, p.LR))
		}
		checkAgreement(t, w, analyseCase(t, c, lrs), &worst)
	}
	t.Logf("largest differences: spectral radius %.2g relative, edge %.2g × min(1, α), curvature %.2g relative", worst.rho, worst.edge, worst.curv)
}

// agreeWorst collects the largest differences the agreement test saw.
type agreeWorst struct{ rho, edge, curv float64 }

func checkAgreement(t *testing.T, want, got agreeCase, worst *agreeWorst) {
	t.Helper()
	rel := func(a, b float64) float64 {
		if a == b || (math.IsNaN(a) && math.IsNaN(b)) {
			return 0
		}
		return math.Abs(a-b) / math.Max(math.Abs(a), math.Abs(b))
	}
	// An edge is found to 1e-9 × min(1, α): agree within that.
	edge := func(what string, w, g string) {
		a, b := fparse(t, w), fparse(t, g)
		if a == b {
			return
		}
		worst.edge = math.Max(worst.edge, math.Abs(a-b)/math.Min(1, math.Abs(a)))
		if math.Abs(a-b) > 1e-9*math.Min(1, math.Abs(a)) {
			t.Errorf("%s: %s %v, recorded %v (%.2g relative)", want.Name, what, b, a, rel(a, b))
		}
	}
	edge("lr_max_stable", want.LRMax, got.LRMax)
	if len(want.Intervals) != len(got.Intervals) {
		t.Errorf("%s: %d stable intervals %v, recorded %d %v", want.Name, len(got.Intervals), got.Intervals, len(want.Intervals), want.Intervals)
	} else {
		for i := range want.Intervals {
			edge(fmt.Sprintf("interval %d start", i), want.Intervals[i][0], got.Intervals[i][0])
			edge(fmt.Sprintf("interval %d end", i), want.Intervals[i][1], got.Intervals[i][1])
		}
	}
	for j := range want.Curvatures {
		d := rel(fparse(t, want.Curvatures[j]), fparse(t, got.Curvatures[j]))
		worst.curv = math.Max(worst.curv, d)
		if d > 1e-12 {
			t.Errorf("%s: curvature %d %s, recorded %s", want.Name, j, got.Curvatures[j], want.Curvatures[j])
		}
	}
	if len(want.Points) != len(got.Points) {
		t.Fatalf("%s: %d α, recorded %d", want.Name, len(got.Points), len(want.Points))
	}
	for i, w := range want.Points {
		g := got.Points[i]
		if g.Regime != w.Regime {
			t.Errorf("%s at α %s: regime %s, recorded %s (factor %s, recorded %s)", want.Name, w.LR, g.Regime, w.Regime, g.Factor, w.Factor)
		}
		d := rel(fparse(t, w.Factor), fparse(t, g.Factor))
		worst.rho = math.Max(worst.rho, d)
		if d > 1e-12 {
			t.Errorf("%s at α %s: spectral radius %s, recorded %s (%.2g relative)", want.Name, w.LR, g.Factor, w.Factor, d)
		}
	}
}

// BenchmarkAnalyze is the analysis of a fresh problem (the α scan and its
// refinement, where the eigenvalue solvers spend their time) for every
// built-in dataset × model in three modes, with plain gradient descent
// and with momentum (whose maps have twice the order).
func BenchmarkAnalyze(b *testing.B) {
	for _, opt := range []Optimizer{{}, NewOptimizer(Momentum)} {
		b.Run(opt.Kind.String(), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				for _, d := range []string{"hours", "offset", "tens", "noisy", "curved"} {
					for _, m := range Models() {
						for _, mode := range []Mode{Sample, Batch, MiniBatch} {
							x, y := builtinData(d)
							c := Config{Setup: Setup{X: x, Y: y, Model: m, Mode: mode, Batch: 2}, Start: Start{LR: 0.01, Init: Vec{1, 1, 1}, Optimizer: opt}}
							if _, err := analyze(c); err != nil {
								b.Fatal(err)
							}
						}
					}
				}
			}
		})
	}
}
