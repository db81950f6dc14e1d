package engine

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// runOn starts a run of model w from w0 = 1 on the built-in dataset name.
func runOn(t testing.TB, name string, mode Mode, batch int, lr float64, o Optimizer) *Run {
	t.Helper()
	x, y := builtinData(name)
	r, err := New(Config{Setup: Setup{X: x, Y: y, Model: ModelW, Mode: mode, Batch: batch}, Start: Start{LR: lr, Init: Vec{1}, Optimizer: o}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestStatusNames(t *testing.T) {
	for s, want := range map[Status]string{Running: "running", Converged: "converged", Diverged: "diverged", Cycling: "cycling", Stalled: "stalled"} {
		if s.String() != want {
			t.Errorf("%d: %q, want %q", int(s), s.String(), want)
		}
	}
}

// The lecture's loop multiplies the error w − 2 by F = (1 − 2α)(1 − 8α)(1 −
// 18α) per epoch, moving towards 2 all the way (every factor is positive
// at α = 0.01). It is converged at the first epoch e with |w − 2| = Fᵉ ≤
// 1e-10·|w|.
func TestConvergedWhenTheDistanceIsBelowTolerance(t *testing.T) {
	const lr = 0.01
	f := (1 - 2*lr) * (1 - 8*lr) * (1 - 18*lr)
	e := 0
	for math.Pow(f, float64(e)) > 1e-10*(2-math.Pow(f, float64(e))) {
		e++
	}
	r := lectureRun(t, nil)
	r.Advance(3 * (e - 1))
	if s := r.Status(); s != Running {
		t.Errorf("epoch %d, |w − 2| = %.3g: %v, want running", e-1, math.Abs(r.Params()[0]-2), s)
	}
	r.Advance(3)
	if s := r.Status(); s != Converged {
		t.Errorf("epoch %d, |w − 2| = %.3g: %v, want converged", e, math.Abs(r.Params()[0]-2), s)
	}
	// A full batch at α = 0.1 multiplies it by 1 − αL = −1/15 per update.
	b := lectureRun(t, func(c *Config) { c.Mode = Batch; c.LR = 0.1 })
	n := 0
	for math.Pow(15, -float64(n)) > 2e-10 {
		n++
	}
	b.Advance(n - 1)
	if s := b.Status(); s != Running {
		t.Errorf("batch, update %d: %v, want running", n-1, s)
	}
	b.Advance(1)
	if s := b.Status(); s != Converged {
		t.Errorf("batch, update %d: %v, want converged", n, s)
	}
}

// Per-sample updates of ŷ = x·w on data no w fits: sample i maps w to
// aᵢw + bᵢ with aᵢ = 1 − 2αxᵢ² and bᵢ = 2αxᵢyᵢ, an epoch to Aw + B, and
// the run settles into the cycle of n points that starts at the epoch
// map's fixed point w∞ = B/(1 − A) — not at w* = Σxy/Σx².
func TestCyclingIsTheFixedPointOfTheEpochMap(t *testing.T) {
	const lr = 0.01
	x, y := builtinData("noisy")
	A, B := 1.0, 0.0
	sxy, sxx := 0.0, 0.0
	for i := range x {
		a, b := 1-2*lr*x[i]*x[i], 2*lr*x[i]*y[i]
		A, B = a*A, a*B+b
		sxy += x[i] * y[i]
		sxx += x[i] * x[i]
	}
	wInf, wStar := B/(1-A), sxy/sxx
	if math.Abs(wInf-1.9565) > 1e-4 || math.Abs(wStar-2.0005) > 1e-4 {
		t.Fatalf("w∞ = %v, w* = %v: not the issue's 1.9565 and 2.0005", wInf, wStar)
	}
	r := runOn(t, "noisy", Sample, 0, lr, Optimizer{})
	r.Advance(10 * len(x))
	if s := r.Status(); s != Cycling {
		t.Errorf("noisy, per sample, after 10 epochs: %v, want cycling", s)
	}
	w := wInf
	if math.Abs(r.Params()[0]-w) > 1e-12 {
		t.Errorf("w at the epoch's start %v, want w∞ = %v", r.Params()[0], w)
	}
	for i := range x {
		w = (1-2*lr*x[i]*x[i])*w + 2*lr*x[i]*y[i]
		if got := r.Step().After[0]; math.Abs(got-w) > 1e-12 {
			t.Errorf("cycle point %d: %v, want %v", i+1, got, w)
		}
	}
	if n, s := runOn(t, "noisy", Sample, 0, lr, Optimizer{}).Play(100000); s != Cycling || n > 10*len(x) {
		t.Errorf("autoplay stops after %d updates, %v; want cycling within 10 epochs", n, s)
	}
	// Mini-batches cycle too; a full batch goes to w* itself.
	if _, s := runOn(t, "noisy", MiniBatch, 3, lr, Optimizer{}).Play(100000); s != Cycling {
		t.Errorf("noisy, mini-batches of 3: %v, want cycling", s)
	}
	full := runOn(t, "noisy", Batch, 0, lr, Optimizer{})
	if _, s := full.Play(100000); s != Converged || math.Abs(full.Params()[0]-wStar) > 1e-9 {
		t.Errorf("noisy, full batch: %v at w = %v, want converged at w* = %v", s, full.Params()[0], wStar)
	}
	// A shuffled run takes a new order every epoch: no cycle to settle in.
	sh := runOn(t, "noisy", Sample, 0, lr, Optimizer{})
	c := sh.Config()
	c.Shuffle, c.Seed = true, 1
	sh, _ = New(c)
	if _, s := sh.Play(100 * len(x)); s != Running {
		t.Errorf("noisy, shuffled: %v after 100 epochs, want running", s)
	}
}

// At w = 1 the lecture's samples have gradients −2x²: −2, −8, −18, and an
// update adds α·2x² to 1. Below 1 + 2⁻⁵² the nearest float64 is 1 itself
// up to 1 + 2⁻⁵³ (a tie goes to the even 1), so the run is stalled exactly
// when α·18 ≤ 2⁻⁵³, half a unit in the last place of 1.
func TestStalledBelowHalfAnUlp(t *testing.T) {
	half := math.Ldexp(1, -53)
	for _, c := range []struct {
		lr   float64
		want Status
	}{
		{1e-20, Stalled},
		{0.99 * half / 18, Stalled},
		{1.01 * half / 18, Running},
	} {
		r := lectureRun(t, func(cfg *Config) { cfg.LR = c.lr })
		if s := r.Status(); s != c.want {
			t.Errorf("α = %g (α·18 = %.3g ulp(1)): %v, want %v", c.lr, c.lr*18/(2*half), s, c.want)
		}
		r.Advance(30)
		if moved := r.Params()[0] != 1; moved != (c.want == Running) {
			t.Errorf("α = %g: w = %v after 30 updates", c.lr, r.Params()[0])
		}
	}
	// Momentum's buffer grows to g/(1 − μ) = 10g: at α·18 = 2⁻⁵⁴ plain
	// gradient descent is stalled, momentum is not, and indeed moves.
	lr := 0.5 * half / 18
	if s := lectureRun(t, func(c *Config) { c.LR = lr }).Status(); s != Stalled {
		t.Errorf("gd at α·18 = 2⁻⁵⁴: %v, want stalled", s)
	}
	m := lectureRun(t, func(c *Config) { c.LR = lr; c.Optimizer = NewOptimizer(Momentum) })
	if s := m.Status(); s != Running {
		t.Errorf("momentum at α·18 = 2⁻⁵⁴: %v, want running", s)
	}
	if m.Advance(60); m.Params()[0] == 1 {
		t.Error("momentum at α·18 = 2⁻⁵⁴ never moved")
	}
	// Adam's step is at most 1/√((1 − β2)(1 − β1²/β2)) ≈ 72.7 times α.
	if s := lectureRun(t, func(c *Config) { c.LR = 1e-20; c.Optimizer = NewOptimizer(Adam) }).Status(); s != Stalled {
		t.Errorf("adam at α = 1e-20: %v, want stalled", s)
	}
	// At the optimum nothing moves either, and that is convergence.
	if s := lectureRun(t, func(c *Config) { c.Init = Vec{2} }).Status(); s != Converged {
		t.Errorf("w = 2: %v, want converged", s)
	}
}

// tens multiplies the error by (1 − 2α·100)(1 − 2α·400)(1 − 2α·900) =
// (−1)(−7)(−17) = −119 per epoch at α = 0.01.
func TestDivergedGrowsPastTheBound(t *testing.T) {
	r := runOn(t, "tens", Sample, 0, 0.01, Optimizer{})
	n, s := r.Play(100000)
	if s != Diverged || n > 5*3 {
		t.Errorf("tens at α = 0.01: %v after %d updates, want diverged within 5 epochs", s, n)
	}
	// The mean loss grows by 119² per epoch from 14/3·100 at w = 1
	// (errors of 10, 20, 30): past 1e8 times that within 2 epochs.
	if r.MSE() <= DivergedFactor*r.divergedScale() {
		t.Errorf("diverged at a mean loss of %v, below the bound", r.MSE())
	}
}

func TestJSONFinalStatus(t *testing.T) {
	for name, want := range map[string]string{"noisy": "cycling", "hours": "converged"} {
		r := runOn(t, name, Sample, 0, 0.01, Optimizer{})
		var b bytes.Buffer
		if err := WriteJSON(&b, r, Transcript{Data: name, Epochs: 100, Predict: 4}); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Final struct{ Status string }
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Final.Status != want {
			t.Errorf("%s: final.status %q, want %q", name, doc.Final.Status, want)
		}
	}
}

// A tiny α is not diverging, and a slow run is not converged: at α =
// 3e-12 the lecture's w moves by about 5e-11 an epoch (far above half a
// unit in the last place of 1), a distance of 1 from w* away.
func TestTinyAlphaIsNotDivergingAndSlowIsNotConverged(t *testing.T) {
	r := lectureRun(t, func(c *Config) { c.LR = 1e-300 })
	if _, g := r.Factor(1e-300); g != Converging {
		t.Errorf("α = 1e-300: %v, want converging (1 − αL rounds to 1)", g)
	}
	s := lectureRun(t, func(c *Config) { c.LR = 3e-12 })
	if st := s.Status(); st != Running {
		t.Errorf("α = 3e-12 at the start: %v, want running (slow, neither stalled nor converged)", st)
	}
}

// On an epoch longer than ExactRows updates, Status reuses what it worked
// out earlier in the epoch: it never says more than a fresh run at the
// same state would (a status other than running holds for the rest of the
// epoch), and it says converged no later than 1/16 of an epoch after a
// fresh run does. The data fit ŷ = 2x + 1 exactly, so wb per-sample
// converges within its first epoch.
func TestStatusOnLongEpochs(t *testing.T) {
	x, y := lineData(ExactRows+904, 0, 0, 3) // 5000 rows, no noise
	cfg := Config{Setup: Setup{X: x, Y: y, Model: ModelWB}, Start: Start{LR: 0.05, Init: Vec{1, 1}}}
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	per := r.UpdatesPerEpoch()
	fresh := func(n int) Status {
		f, _ := r.Problem().NewRun(cfg.Start)
		f.Advance(n)
		return f.Status()
	}
	first := -1 // the first update at which a fresh run says converged
	for u := 0; u < per; u += 25 {
		got, want := r.Status(), fresh(u)
		if got != Running && got != want {
			t.Fatalf("update %d: status %v, a fresh run says %v", u, got, want)
		}
		if want == Converged && first < 0 {
			first = u
		}
		if first >= 0 && u >= first+per/16+25 && got != Converged {
			t.Fatalf("update %d: still %v, converged since update %d", u, got, first)
		}
		r.Advance(25)
	}
	if first < 0 {
		t.Fatal("never converged in the first epoch: the test's data do not test anything")
	}
	// Going back re-examines: the start is running.
	r.Reset()
	if s := r.Status(); s != Running {
		t.Errorf("after Reset: %v, want running", s)
	}
}
