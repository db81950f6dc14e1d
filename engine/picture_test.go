package engine

import (
	"math"
	"testing"
)

// TestEpochTermsMultiplyToTheFactor checks the terms against the
// lecture's data worked by hand: per sample at α = 0.25 they are 1 − 2αx²
// = 0.5, −1 and −3.5, whose product 1.75 is the epoch's factor; in batch
// mode one term, 1 − α·(2/3)(1 + 4 + 9) = −4/3; in mini-batches of 2 the
// batches {1, 2} and {3} give 1 − 0.25·5 = −0.25 and 1 − 0.25·18 = −3.5.
func TestEpochTermsMultiplyToTheFactor(t *testing.T) {
	for _, c := range []struct {
		name string
		mode Mode
		want []float64
	}{
		{"sample", Sample, []float64{0.5, -1, -3.5}},
		{"batch", Batch, []float64{-4.0 / 3}},
		{"minibatch", MiniBatch, []float64{-0.25, -3.5}},
	} {
		r := lectureRun(t, func(cfg *Config) { cfg.Mode, cfg.Batch, cfg.LR = c.mode, 2, 0.25 })
		terms, n := r.EpochTerms(0.25, 10)
		if n != len(c.want) || len(terms) != len(c.want) {
			t.Fatalf("%s: %d terms of %d, want %d", c.name, len(terms), n, len(c.want))
		}
		prod := 1.0
		for i, v := range terms {
			if math.Abs(v-c.want[i]) > 1e-12 {
				t.Errorf("%s: term %d = %v, want %v", c.name, i, v, c.want[i])
			}
			prod *= v
		}
		if f := r.Analysis().Factor; math.Abs(prod-f) > 1e-12 {
			t.Errorf("%s: the terms multiply to %v, the epoch's factor is %v", c.name, prod, f)
		}
	}
}

// TestEpochTermsLimitAndModels: a limit keeps the first terms and still
// counts them all (ten samples at x = 1…10: 1 − 2αx²); a model with two
// parameters or another optimizer has no such product.
func TestEpochTermsLimitAndModels(t *testing.T) {
	var xs, ys []float64
	for x := 1.0; x <= 10; x++ {
		xs, ys = append(xs, x), append(ys, 2*x)
	}
	r := lectureRun(t, func(c *Config) { c.X, c.Y = xs, ys })
	terms, n := r.EpochTerms(0.01, 4)
	if n != 10 || len(terms) != 4 || math.Abs(terms[3]-(1-2*0.01*16)) > 1e-15 {
		t.Errorf("limit 4 of 10: %v of %d", terms, n)
	}
	for _, mut := range []func(*Config){
		func(c *Config) { c.Model, c.Init = ModelWB, Vec{1, 1} },
		func(c *Config) { c.Optimizer = NewOptimizer(Momentum) },
	} {
		if terms, n := lectureRun(t, mut).EpochTerms(0.01, 4); terms != nil || n != 0 {
			t.Errorf("no product expected, got %v of %d", terms, n)
		}
	}
}

// TestSliceMinimum checks the bottom of each slice of ŷ = x·w + b on the
// lecture's data by hand: with w = 1 the best b is mean(y − x) = 2; with
// b = 1 the best w is Σx(y − 1)/Σx² = (1 + 6 + 15)/14 = 11/7. At the
// optimum (2, 0) each slice's bottom is the optimum's own value.
func TestSliceMinimum(t *testing.T) {
	r := lectureRun(t, func(c *Config) { c.Model, c.Init = ModelWB, Vec{1, 1} })
	for _, c := range []struct {
		p    Vec
		j    int
		want float64
	}{{Vec{1, 1}, 1, 2}, {Vec{1, 1}, 0, 11.0 / 7}, {Vec{2, 0}, 0, 2}, {Vec{2, 0}, 1, 0}} {
		got, ok := r.SliceMinimum(c.p, c.j)
		if !ok || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("slice %d at %v: bottom %v (%v), want %v", c.j, c.p, got, ok, c.want)
		}
	}
	flat := lectureRun(t, func(c *Config) { c.X, c.Y = []float64{0, 0}, []float64{1, 2} })
	if _, ok := flat.SliceMinimum(Vec{1}, 0); ok {
		t.Error("a slice with no curvature has a bottom")
	}
}
