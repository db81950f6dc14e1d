package engine

import (
	"math"
	"math/cmplx"
	"testing"
)

// These tests check the adapter around gonum (linalg.go): that it hands
// gonum the right matrix and reads back the right answer in the order the
// analysis relies on. Every expected value comes from a closed form; the
// agreement with the hand-written solvers it replaced is agreement_test.go.

// companion returns the companion matrix of the monic polynomial with the
// given roots (complex ones in conjugate pairs), whose eigenvalues they are.
func companion(roots []complex128) (mat6, int) {
	n := len(roots)
	c := []complex128{1} // coefficients, highest power first
	for _, r := range roots {
		next := make([]complex128, len(c)+1)
		for i, v := range c {
			next[i] += v
			next[i+1] -= v * r
		}
		c = next
	}
	var m mat6
	for j := 0; j < n; j++ {
		m[0][j] = -real(c[j+1])
	}
	for i := 1; i < n; i++ {
		m[i][i-1] = 1
	}
	return m, n
}

// sameRoots reports whether got holds want's values, in order, each
// within tol of the largest modulus.
func sameRoots(got, want []complex128, tol float64) bool {
	scale := 0.0
	for _, w := range want {
		scale = math.Max(scale, cmplx.Abs(w))
	}
	for i := range want {
		if cmplx.Abs(got[i]-want[i]) > tol*scale {
			return false
		}
	}
	return true
}

func TestEigenvaluesOfCompanionMatrices(t *testing.T) {
	cases := [][]complex128{
		{3, -1},
		{complex(0.6, 0.8), complex(0.6, -0.8)},
		{-2, 0.5, 0.25},
		{complex(-0.5, 0.5), complex(-0.5, -0.5), 0.1},
		{0.9, -0.8, complex(0.3, 0.6), complex(0.3, -0.6)},
		{1.5, -1.25, 1, -0.75, 0.5},
		{complex(0.1, 0.9), complex(0.1, -0.9), -0.7, 0.6, complex(-0.2, 0.3), complex(-0.2, -0.3)},
	}
	for _, roots := range cases {
		m, n := companion(roots)
		got := eigenvalues6(&m, n)
		want := append([]complex128(nil), roots...)
		sortByModulus(want)
		if !sameRoots(got[:n], want, 1e-12) {
			t.Errorf("roots %v: eigenvalues %v", want, got[:n])
		}
	}
}

func TestEigenvaluesOrder(t *testing.T) {
	// Equal moduli: the larger real part first, and of a conjugate pair the
	// positive imaginary part first. A block-diagonal matrix, whose
	// eigenvalues come out exact, so that the moduli are equal.
	m, n := mat6{{-1}, {0, 0, -1}, {0, 1, 0}, {0, 0, 0, 1}}, 4
	got := eigenvalues6(&m, n)
	want := []complex128{1, complex(0, 1), complex(0, -1), -1}
	if !sameRoots(got[:n], want, 1e-12) {
		t.Errorf("eigenvalues %v, want %v", got[:n], want)
	}
}

func TestHeavyBallEigenvalues(t *testing.T) {
	// The batch map of heavy-ball momentum on one curvature h has the
	// eigenvalues that solve λ² − (1 + μ − αh)λ + μ = 0.
	for _, c := range []struct{ alpha, h, mu float64 }{{0.01, 28.0 / 3, 0.9}, {0.3, 28.0 / 3, 0.9}, {0.05, 2, 0.5}} {
		m := mat6{{1 - c.alpha*c.h, -c.alpha * c.mu}, {c.h, c.mu}}
		b := 1 + c.mu - c.alpha*c.h
		disc := cmplx.Sqrt(complex(b*b-4*c.mu, 0))
		want := []complex128{(complex(b, 0) + disc) / 2, (complex(b, 0) - disc) / 2}
		sortByModulus(want)
		if got := eigenvalues6(&m, 2); !sameRoots(got[:2], want, 1e-13) {
			t.Errorf("%+v: eigenvalues %v, want %v", c, got[:2], want)
		}
	}
}

func TestSymmetricMatricesHaveRealEigenvalues(t *testing.T) {
	// I − αH for the lecture's line with an intercept: H = (2/3)[[14, 6], [6, 3]],
	// whose eigenvalues are (17 ± √265)/3.
	h := [2][2]float64{{28.0 / 3, 4}, {4, 2}}
	lr := 0.1
	m := mat3{{1 - lr*h[0][0], -lr * h[0][1]}, {-lr * h[1][0], 1 - lr*h[1][1]}}
	got := eigenvalues3(&m, 2)
	l1, l2 := (17+math.Sqrt(265))/3, (17-math.Sqrt(265))/3
	want := []complex128{complex(1-lr*l1, 0), complex(1-lr*l2, 0)}
	sortByModulus(want)
	if !sameRoots(got[:2], want, 1e-14) || imag(got[0]) != 0 || imag(got[1]) != 0 {
		t.Errorf("eigenvalues %v, want %v (real)", got[:2], want)
	}
}

func TestEigenvaluesOfExtremeScales(t *testing.T) {
	// A rotation-and-scaling block and a third direction, times s: the
	// eigenvalues are s·(0.6 ± 0.8i) and 0.5·s, through the whole range.
	for _, s := range []float64{1e-300, 1e-150, 1, 1e150, 1e300} {
		m := mat6{{0.6 * s, -0.8 * s}, {0.8 * s, 0.6 * s}, {0.1 * s, 0.2 * s, 0.5 * s}}
		want := []complex128{complex(0.6*s, 0.8*s), complex(0.6*s, -0.8*s), complex(0.5*s, 0)}
		if got := eigenvalues6(&m, 3); !sameRoots(got[:3], want, 1e-14) {
			t.Errorf("scale %g: eigenvalues %v, want %v", s, got[:3], want)
		}
	}
}

func TestEigenvaluesOfNonFiniteMatrices(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		m := mat6{{1, 2}, {v, 4}}
		ev := eigenvalues6(&m, 2)
		for _, l := range ev[:2] {
			if !cmplx.IsNaN(l) {
				t.Errorf("entry %v: eigenvalue %v, want NaN", v, l)
			}
		}
		s := mat3{{1, v}, {v, 2}}
		if vals, vecs := symEigen(s, 2); !math.IsNaN(vals[0]) || !math.IsNaN(vecs[0][0]) {
			t.Errorf("entry %v: symEigen %v %v, want NaN", v, vals, vecs)
		}
	}
}

func TestSymEigenPairs(t *testing.T) {
	// The Hessian of the quad model on the lecture's data, (2/3)·Σφφᵀ.
	h := mat3{{2 * 98.0 / 3, 2 * 36.0 / 3, 2 * 14.0 / 3}, {2 * 36.0 / 3, 2 * 14.0 / 3, 2 * 6.0 / 3}, {2 * 14.0 / 3, 2 * 6.0 / 3, 2}}
	vals, vecs := symEigen(h, 3)
	for c := 0; c < 3; c++ {
		if c > 0 && vals[c] < vals[c-1] {
			t.Errorf("eigenvalues %v not ascending", vals)
		}
		for r := 0; r < 3; r++ {
			hv := h[r][0]*vecs[0][c] + h[r][1]*vecs[1][c] + h[r][2]*vecs[2][c]
			if math.Abs(hv-vals[c]*vecs[r][c]) > 1e-13*vals[2] {
				t.Errorf("column %d is not an eigenvector of %v", c, vals[c])
			}
		}
		for d := 0; d < 3; d++ {
			dot := vecs[0][c]*vecs[0][d] + vecs[1][c]*vecs[1][d] + vecs[2][c]*vecs[2][d]
			if want := map[bool]float64{true: 1, false: 0}[c == d]; math.Abs(dot-want) > 1e-14 {
				t.Errorf("columns %d and %d: dot %v, want %v", c, d, dot, want)
			}
		}
	}
}

func TestSmallCurvaturesKeepTheirDigits(t *testing.T) {
	// The Hessians of the quad model on the built-in data, (2/n)·Σφφᵀ as
	// float64 forms it (the sums are exact, the division by n rounds).
	// Their eigenvalues were computed from those float64 entries with
	// 50-digit arithmetic (mpmath). The smallest is up to 2·10⁷ times
	// smaller than the largest, and each must still come to within a
	// couple of roundings of itself, which LAPACK's dsyev alone does not
	// give (it is 5e-11 off for x = 10, 20, 30).
	cases := []struct {
		x    []float64
		want [3]float64
	}{
		{[]float64{1, 2, 3}, [3]float64{0.015031298122463592971, 1.0428393328734148351, 75.608796035670784094}},
		{[]float64{1, 2, 3, 4, 5}, [3]float64{0.056062830259643885318, 1.9320125538623134893, 413.61192461587806536}},
		{[]float64{10, 20, 30}, [3]float64{0.034663740089796133782, 52.262404597402058609, 654216.36959832921365}},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8}, [3]float64{0.10452404324698754019, 3.7634938493726715104, 2242.1319821073803409}},
		{[]float64{-2, -1, 0, 1, 2, 3}, [3]float64{0.84840281602295183163, 4.1022004997019432641, 41.716063350941773643}},
	}
	for _, c := range cases {
		var h mat3
		for _, x := range c.x {
			phi := ModelQuad.Features(x)
			for a := 0; a < 3; a++ {
				for b := 0; b < 3; b++ {
					h[a][b] += 2 * phi[a] * phi[b]
				}
			}
		}
		for a := 0; a < 3; a++ {
			for b := 0; b < 3; b++ {
				h[a][b] /= float64(len(c.x))
			}
		}
		vals, _ := symEigen(h, 3)
		for j := range vals {
			if math.Abs(vals[j]-c.want[j]) > 5e-16*c.want[j] {
				t.Errorf("x = %v: curvature %d = %v, want %v (%.2g relative)", c.x, j, vals[j], c.want[j], math.Abs(vals[j]-c.want[j])/c.want[j])
			}
		}
		if sv := symValues(&h, 3); math.Abs(sv[2]-c.want[2]) > 1e-14*c.want[2] {
			t.Errorf("x = %v: largest eigenvalue without vectors %v, want %v", c.x, sv[2], c.want[2])
		}
	}
}

func TestPseudoSolve(t *testing.T) {
	near := func(a, b [3]float64, k int) bool {
		for j := 0; j < k; j++ {
			if math.Abs(a[j]-b[j]) > 1e-14*math.Max(1, math.Abs(b[j])) {
				return false
			}
		}
		return true
	}
	// Full rank: the lecture's line with an intercept through (1,2), (2,4),
	// (3,6): H = (2/3)[[14, 6], [6, 3]], g = (2/3)(28, 12), p = (2, 0).
	h := mat3{{28.0 / 3, 4}, {4, 2}}
	if p := pseudoSolve(h, [3]float64{56.0 / 3, 8}, 2); !near(p, [3]float64{2, 0}, 2) {
		t.Errorf("full rank: %v, want (2, 0)", p)
	}
	// Rank one, every x = 1: H = 2[[1, 1], [1, 1]], g = 2·mean(y)(1, 1); the
	// minimum-norm solution splits mean(y) = 3 evenly.
	if p := pseudoSolve(mat3{{2, 2}, {2, 2}}, [3]float64{6, 6}, 2); !near(p, [3]float64{1.5, 1.5}, 2) {
		t.Errorf("rank one: %v, want (1.5, 1.5)", p)
	}
	// No curvature at all: p = 0.
	if p := pseudoSolve(mat3{}, [3]float64{1, 2, 3}, 3); p != [3]float64{} {
		t.Errorf("zero matrix: %v, want 0", p)
	}
	if p := pseudoSolve(h, [3]float64{math.NaN(), 1}, 2); !math.IsNaN(p[0]) || !math.IsNaN(p[1]) {
		t.Errorf("NaN right-hand side: %v, want NaN", p)
	}
}

// The α scan asks for thousands of spectral radii; gonum's Dlahqr still
// allocates a little inside, but nothing per call is the adapter's own.
func TestEigenvaluesAllocateLittle(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop workspaces")
	}
	var m6 mat6
	for i := range 6 {
		for j := range 6 {
			m6[i][j] = float64((i*7+j*3)%11) / 10
		}
	}
	m2 := mat6{{0.5, 0.1}, {0.2, 0.4}}
	s := mat3{{2, 1}, {1, 3}}
	for _, c := range []struct {
		name string
		f    func()
		max  float64
	}{
		{"2×2", func() { eigenvalues6(&m2, 2) }, 0},
		{"symmetric", func() { symValues(&s, 2) }, 0},
		{"6×6", func() { eigenvalues6(&m6, 6) }, 16},
	} {
		c.f()
		if n := testing.AllocsPerRun(50, c.f); n > c.max {
			t.Errorf("%s: %v allocations per call, want at most %v", c.name, n, c.max)
		}
	}
}

func BenchmarkSpectralRadius(b *testing.B) {
	m3 := mat3{{0.5, 0.1, 0.3}, {0.2, 0.4, 0.7}, {0.9, 0.1, 0.2}}
	var m6 mat6
	for i := range 6 {
		for j := range 6 {
			m6[i][j] = float64((i*7+j*3)%11) / 10
		}
	}
	b.Run("3x3", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			eigenvalues3(&m3, 3)
		}
	})
	b.Run("6x6", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			eigenvalues6(&m6, 6)
		}
	})
}
