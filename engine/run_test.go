package engine

import (
	"math"
	"testing"
)

func TestShortLastBatchUsesItsOwnSize(t *testing.T) {
	// Five points in batches of 3 and 2: the second update averages the
	// gradients of x = 4 and 5 only, at the w the first update left.
	c := Config{Setup: Setup{X: []float64{1, 2, 3, 4, 5}, Y: []float64{2, 4, 6, 8, 10}, Model: ModelW, Mode: MiniBatch, Batch: 3}, Start: Start{LR: 0.001, Init: Vec{1}}}
	r, _ := New(c)
	r.Step()
	rec := r.Step()
	w := rec.Before[0]
	want := (0.0 + 2*4*(4*w-8) + 2*5*(5*w-10)) / 2
	if rec.Size != 2 || rec.Index != 3 || rec.Grad[0] != want {
		t.Errorf("short batch: size %d index %d grad %v, want 2, 3, %v", rec.Size, rec.Index, rec.Grad[0], want)
	}
	// Its map is 1 − α·(2/2)(16 + 25): with the first, (1 − α·(2/3)(1+4+9))(1 − 41α).
	if f, _ := r.Factor(0.01); math.Abs(f-(1-0.01*28.0/3)*(1-0.41)) > 1e-12 {
		t.Errorf("factor %v, want %v", f, (1-0.01*28.0/3)*(1-0.41))
	}
}

func TestLastUsesTheRecordedAlpha(t *testing.T) {
	r := lectureRun(t, nil)
	first := r.Step()
	r.SetLR(0.5)
	if last, _ := r.Last(); last.LR != 0.01 || last.After != first.After {
		t.Errorf("after changing α, Last() says α %v, w %v; want 0.01 and %v", last.LR, last.After[0], first.After[0])
	}
}

func TestShuffledEpochsDiffer(t *testing.T) {
	c := Lecture()
	c.X, c.Y = []float64{1, 2, 3, 4, 5, 6}, []float64{2, 4, 6, 8, 10, 12}
	c.Shuffle, c.Seed = true, 42
	r, _ := New(c)
	var e0, e1 []int
	for range 6 {
		e0 = append(e0, r.Step().Index)
	}
	for range 6 {
		e1 = append(e1, r.Step().Index)
	}
	same, inOrder := true, true
	for i := range e0 {
		same = same && e0[i] == e1[i]
		inOrder = inOrder && e0[i] == i
	}
	if same || inOrder {
		t.Errorf("shuffled orders %v and %v: want two different orders, not the data's", e0, e1)
	}
}

func TestHistoryAfterBackHasEveryUpdateOnce(t *testing.T) {
	r := lectureRun(t, nil)
	r.Advance(10)
	for range 5 {
		r.Back()
	}
	r.Advance(5)
	h := r.History()
	if len(h) != 11 {
		t.Fatalf("%d history points, want 11", len(h))
	}
	for i, p := range h {
		if p.Update != i {
			t.Fatalf("history point %d is update %d", i, p.Update)
		}
	}
}
