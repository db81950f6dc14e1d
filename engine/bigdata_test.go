package engine

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// lineData returns n samples of the large file: x uniform in
// [lo, lo+4], y = 2x + 1 + N(0, noise²), from a fixed seed.
func lineData(n int, lo, noise float64, seed uint64) (x, y []float64) {
	rng := rand.New(rand.NewPCG(seed, 11))
	x, y = make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = lo + 4*rng.Float64()
		y[i] = 2*x[i] + 1 + noise*rng.NormFloat64()
	}
	return x, y
}

// exactMSE returns the mean loss of model m at p on x, y computed exactly
// with math/big (512 bits hold every residual and square of these data
// without rounding) and rounded once to float64. The features are the
// model's float64 features, as the engine's ŷ uses them.
func exactMSE(m Model, x, y []float64, p Vec) float64 {
	const prec = 512
	sum := new(big.Float).SetPrec(prec)
	r, t, pj := new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec)
	for i := range x {
		phi := m.Features(x[i])
		r.SetFloat64(-y[i])
		for j := 0; j < m.NumParams(); j++ {
			t.SetFloat64(phi[j])
			t.Mul(t, pj.SetFloat64(p[j]))
			r.Add(r, t)
		}
		sum.Add(sum, t.Mul(r, r))
	}
	sum.Quo(sum, new(big.Float).SetPrec(prec).SetInt64(int64(len(x))))
	f, _ := sum.Float64()
	return f
}

// meanSquare returns mean(v²).
func meanSquare(v []float64) float64 {
	s := 0.0
	for _, f := range v {
		s += f * f
	}
	return s / float64(len(v))
}

// The mean loss of a large dataset costs no pass over the data, and it is
// within 1e-12 of the exact mean loss relative, plus 4ε²·mean(y²) for a
// model that fits almost exactly, at the optimum, a hair away from it in
// its flattest and steepest directions, and far away.
func TestLargeDataMeanLossIsExact(t *testing.T) {
	const n = 50_000
	eps := math.Nextafter(1, 2) - 1
	type data struct {
		name string
		x, y []float64
	}
	noisy := func(lo, noise float64) data {
		x, y := lineData(n, lo, noise, 7)
		return data{"", x, y}
	}
	sets := []data{noisy(0, 0.3), noisy(0, 0), noisy(1000, 0.3)}
	sets[0].name, sets[1].name, sets[2].name = "x in [0,4], noise 0.3", "exact line", "x in [1000,1004]"
	for _, d := range sets {
		for _, m := range Models() {
			r, err := New(Config{X: d.x, Y: d.y, Model: m, LR: 1e-3, Init: Vec{1, 1, 1}})
			if err != nil {
				t.Fatal(err)
			}
			if r.prob.exact {
				t.Fatal("50 000 rows summed at every call")
			}
			a := r.Analysis()
			_, vecs := symEigen(a.Hessian, m.NumParams())
			along := func(col int, step float64) Vec {
				p := a.Optimum
				for j := 0; j < m.NumParams(); j++ {
					p[j] += step * vecs[j][col]
				}
				return p
			}
			last := m.NumParams() - 1
			points := map[string]Vec{
				"optimum": a.Optimum, "start": {1, 1, 1}, "zero": {},
				"1e-9 flat": along(0, 1e-9), "1e-4 flat": along(0, 1e-4), "1 flat": along(0, 1),
				"1e-9 steep": along(last, 1e-9), "1e-4 steep": along(last, 1e-4), "far": {-1e3, 2e3, 5e2},
			}
			floor := 4 * eps * eps * meanSquare(d.y)
			for name, p := range points {
				got, want := r.MSEAt(p), exactMSE(m, d.x, d.y, p)
				if math.Abs(got-want) > 1e-12*want+floor {
					t.Errorf("%s, model %s, %s: mean loss %v, exactly %v (relative error %.2g)", d.name, m.name, name, got, want, math.Abs(got-want)/want)
				}
			}
		}
	}
}

// Up to ExactRows samples the mean loss is today's data-order sum, bit
// for bit.
func TestSmallDataMeanLossIsTheDataOrderSum(t *testing.T) {
	x, y := lineData(ExactRows, 0, 0.3, 3)
	for _, m := range Models() {
		r, err := New(Config{X: x, Y: y, Model: m, LR: 1e-3, Init: Vec{1, 1, 1}})
		if err != nil {
			t.Fatal(err)
		}
		p := Vec{1.5, -0.25, 3}
		s := 0.0
		for i := range x {
			e := m.Predict(p, x[i]) - y[i]
			s += e * e
		}
		if got := r.MSEAt(p); got != s/float64(len(x)) {
			t.Errorf("model %s: %v, data-order sum %v", m.name, got, s/float64(len(x)))
		}
	}
}
