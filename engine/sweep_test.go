package engine

import (
	"context"
	"math"
	"testing"
)

func TestSweepMatchesClosedForm(t *testing.T) {
	// Full batch on the lecture's data: after n updates the error is
	// (1 − αL)ⁿ·(w0 − 2) and the mean loss is (L/2)·error², L = 28/3.
	c := Lecture()
	c.Mode = Batch
	lrs := []float64{0.001, 0.01, 0.1, 0.2, 0.3}
	p, err := NewProblem(c.Setup)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Sweep(context.Background(), c.Start, lrs, 30)
	if err != nil {
		t.Fatal(err)
	}
	for i, lr := range lrs {
		e := math.Pow(1-lr*28/3, 30) * (1 - 2)
		want := 14.0 / 3 * e * e
		if math.Abs(got[i]-want) > 1e-9*math.Max(1, want) {
			t.Errorf("α = %v: mean loss after 30 = %v, want %v", lr, got[i], want)
		}
	}
}

func TestSweepCoversTheSecondInterval(t *testing.T) {
	a := lectureRun(t, nil).Analysis()
	lo, hi := a.SweepRange()
	if lo != 1e-4 || hi < 0.5190 {
		t.Errorf("sweep range [%v, %v]: want it from 1e-4 past 0.519", lo, hi)
	}
	inside := 0
	for _, lr := range a.SweepLRs(60) {
		if lr > 0.4765 && lr < 0.5190 {
			inside++
		}
	}
	if inside == 0 {
		t.Error("no swept α falls in the second stable interval (0.4765, 0.5190)")
	}
}

func TestUpdatesToReach(t *testing.T) {
	// Full batch, α = 0.1: error ×(1 − 0.1·28/3) = 1/15 per update from −1;
	// the loss (14/3)(1/15)^(2n) drops below 1e-6 first at n = 3.
	r := lectureRun(t, func(c *Config) { c.Mode = Batch; c.LR = 0.1 })
	if got := r.UpdatesToReach(1e-6, 1000); got.Updates != 3 {
		t.Errorf("batch α = 0.1 reaches 1e-6 after %+v, want 3 updates", got)
	}
	if got := lectureRun(t, func(c *Config) { c.LR = 0.3 }).UpdatesToReach(1e-6, 100000); got.Updates != -1 || got.Status != Diverged {
		t.Errorf("α = 0.3: %+v, want diverged", got)
	}
	noisy := Config{Setup: Setup{X: []float64{1, 2, 3}, Y: []float64{2, 5, 6}, Model: ModelW}, Start: Start{LR: 0.01, Init: Vec{1}}}
	nr, _ := New(noisy)
	if got := nr.UpdatesToReach(1e-6, 100000); got.Updates != -1 || got.Status != Cycling {
		t.Errorf("no exact fit: %+v, want never", got)
	}
	if got := lectureRun(t, func(c *Config) { c.LR = 1e-5 }).UpdatesToReach(1e-6, 10); got.Updates != -1 || got.Status != Running || got.Tried != 10 {
		t.Errorf("tiny α, 10 updates: %+v, want > 10", got)
	}
}

func BenchmarkSweep(b *testing.B) {
	r := lectureRun(b, nil)
	lrs := r.Analysis().SweepLRs(60)
	p, s := r.Problem(), r.Start()
	b.ResetTimer()
	for range b.N {
		p.Sweep(context.Background(), s, lrs, 30)
	}
}

// A run that diverges within its first epoch is reported diverged even when
// the epoch is longer than the updates tried: 5000 samples at x = 10 and
// α = 0.011 multiply the error by 1 − 2·0.011·100 = −1.2 per update, so the
// mean loss, 100 at w = 1, grows 1.44 times per update and passes
// DivergedFactor (1e8) times the larger of 100 and the loss at w = 0 (400)
// after ⌈log(4e8)/log(1.44)⌉ = 55 updates.
func TestReachSeesDivergenceWithinAnEpoch(t *testing.T) {
	xs, ys := make([]float64, 5000), make([]float64, 5000)
	for i := range xs {
		xs[i], ys[i] = 10, 20
	}
	p, err := NewProblem(Setup{X: xs, Y: ys})
	if err != nil {
		t.Fatal(err)
	}
	reach, err := p.UpdatesToReach(Start{LR: 0.011, Init: Vec{1}}, 1e-6, 1000)
	if err != nil || reach.Status != Diverged || reach.Updates != -1 || reach.Tried != 55 {
		t.Errorf("reach %+v, %v; want diverged after 55 updates", reach, err)
	}
}

// A sweep whose context is done stops before its next α.
func TestSweepStopsWhenCancelled(t *testing.T) {
	p, err := NewProblem(Lecture().Setup)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if mse, err := p.Sweep(ctx, Lecture().Start, []float64{0.01, 0.1}, 30); err != context.Canceled || mse != nil {
		t.Errorf("cancelled sweep: %v, %v", mse, err)
	}
}
