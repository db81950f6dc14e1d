package engine

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
	"time"
)

// The expected values in these tests come from mathematics (closed forms,
// triangular structure, similarity invariants), never from the code's output.

// closeC reports whether got is within rel·|want| of want, or within rel
// when want is zero.
func closeC(got, want complex128, rel float64) bool {
	scale := cmplx.Abs(want)
	if scale == 0 {
		scale = 1
	}
	return cmplx.Abs(got-want) <= rel*scale
}

// matchEigen pairs every expected eigenvalue with the nearest unused computed
// one and reports the largest relative error; the order of equal-modulus
// eigenvalues is not pinned by rounding, so sets are compared.
func matchEigen(got []complex128, want []complex128) float64 {
	used := make([]bool, len(got))
	worst := 0.0
	for _, w := range want {
		best, bi := math.Inf(1), -1
		for i, g := range got {
			if !used[i] && cmplx.Abs(g-w) < best {
				best, bi = cmplx.Abs(g-w), i
			}
		}
		if bi < 0 {
			return math.Inf(1)
		}
		used[bi] = true
		scale := cmplx.Abs(w)
		if scale == 0 {
			scale = 1
		}
		worst = max(worst, best/scale)
	}
	return worst
}

// checkByModulus fails unless the moduli of ev are non-increasing (up to rounding).
func checkByModulus(t *testing.T, ev []complex128) {
	t.Helper()
	for i := 1; i < len(ev); i++ {
		if cmplx.Abs(ev[i]) > cmplx.Abs(ev[i-1])*(1+1e-14) {
			t.Errorf("eigenvalues not sorted by decreasing modulus: %v", ev)
		}
	}
}

// det3c is the determinant of a complex 3×3 matrix by cofactor expansion.
func det3c(m [3][3]complex128) complex128 {
	return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
		m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
		m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
}

// charDet returns det(a − λI) for the leading k×k block of a.
func charDet(a mat3, k int, l complex128) complex128 {
	var m [3][3]complex128
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			m[i][j] = complex(a[i][j], 0)
		}
		m[i][i] -= l
	}
	switch k {
	case 1:
		return m[0][0]
	case 2:
		return m[0][0]*m[1][1] - m[0][1]*m[1][0]
	}
	return det3c(m)
}

// frob3 is the Frobenius norm of the leading k×k block.
func frob3(a mat3, k int) float64 {
	s := 0.0
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			s += a[i][j] * a[i][j]
		}
	}
	return math.Sqrt(s)
}

// checkInvariants verifies trace = Σλ, det = Πλ and det(A − λI) ≈ 0, with
// tolerances relative to the matrix norm (rel for the trace, rel·‖A‖^k for
// the determinants).
func checkInvariants(t *testing.T, name string, a mat3, k int, ev [3]complex128, rel float64) {
	t.Helper()
	// Scale by a power of two (exactly) so that huge and tiny matrices are
	// checked as strictly as ordinary ones.
	big := 0.0
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			big = max(big, math.Abs(a[i][j]))
		}
	}
	if big > 0 {
		_, e := math.Frexp(big)
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				a[i][j] = math.Ldexp(a[i][j], -e)
			}
			ev[i] = complex(math.Ldexp(real(ev[i]), -e), math.Ldexp(imag(ev[i]), -e))
		}
	}
	n := frob3(a, k)
	var sum, prod complex128 = 0, 1
	tr := 0.0
	for i := 0; i < k; i++ {
		sum += ev[i]
		prod *= ev[i]
		tr += a[i][i]
	}
	det := real(charDet(a, k, 0))
	nk := math.Pow(n, float64(k))
	if cmplx.Abs(sum-complex(tr, 0)) > rel*n {
		t.Errorf("%s: Σλ = %v, trace = %v", name, sum, tr)
	}
	if cmplx.Abs(prod-complex(det, 0)) > rel*nk {
		t.Errorf("%s: Πλ = %v, det = %v", name, prod, det)
	}
	for i := 0; i < k; i++ {
		scale := math.Pow(n+cmplx.Abs(ev[i]), float64(k))
		if r := cmplx.Abs(charDet(a, k, ev[i])); r > rel*scale {
			t.Errorf("%s: |det(A − λI)| = %g for λ = %v", name, r, ev[i])
		}
	}
	// Non-real eigenvalues of a real matrix come in conjugate pairs.
	for i := 0; i < k; i++ {
		if imag(ev[i]) == 0 {
			continue
		}
		found := false
		for j := 0; j < k; j++ {
			if j != i && cmplx.Abs(ev[j]-cmplx.Conj(ev[i])) <= 1e-12*(n+1) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: %v has no conjugate partner in %v", name, ev[i], ev)
		}
	}
}

// rodrigues returns the rotation by angle θ about the unit axis u:
// R = I + sin θ·K + (1 − cos θ)·K², with K the cross-product matrix of u.
func rodrigues(u [3]float64, theta float64) mat3 {
	n := math.Sqrt(u[0]*u[0] + u[1]*u[1] + u[2]*u[2])
	x, y, z := u[0]/n, u[1]/n, u[2]/n
	K := mat3{{0, -z, y}, {z, 0, -x}, {-y, x, 0}}
	K2 := K.mul(K, 3)
	r := identity(3)
	s, c := math.Sin(theta), 1-math.Cos(theta)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			r[i][j] += s*K[i][j] + c*K2[i][j]
		}
	}
	return r
}

// transpose3 returns aᵀ.
func transpose3(a mat3) mat3 {
	var t mat3
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			t[i][j] = a[j][i]
		}
	}
	return t
}

// unimodular P and its exact integer inverse, for similarity transforms that
// introduce no rounding on integer matrices.
var (
	unimodP    = mat3{{1, 1, 0}, {0, 1, 1}, {0, 0, 1}}
	unimodPinv = mat3{{1, -1, 1}, {0, 1, -1}, {0, 0, 1}}
)

// unimodSimilar returns P·d·P⁻¹ for the unimodular P above.
func unimodSimilar(d mat3) mat3 {
	return unimodP.mul(d, 3).mul(unimodPinv, 3)
}

func TestIdentityAndMul(t *testing.T) {
	if got := identity(2); got != (mat3{{1, 0, 0}, {0, 1, 0}, {0, 0, 0}}) {
		t.Errorf("identity(2) = %v", got)
	}
	a := mat3{{1, 2, 9}, {3, 4, 9}, {9, 9, 9}} // the 9s lie outside k = 2
	b := mat3{{5, 6, 7}, {7, 8, 7}, {7, 7, 7}}
	want := mat3{{19, 22, 0}, {43, 50, 0}, {0, 0, 0}}
	if got := a.mul(b, 2); got != want {
		t.Errorf("a·b = %v, want %v", got, want)
	}
	c := mat3{{1, 2, 3}, {4, 5, 6}, {7, 8, 10}}
	if got := c.mul(identity(3), 3); got != c {
		t.Errorf("c·I = %v", got)
	}
	if got := unimodP.mul(unimodPinv, 3); got != identity(3) {
		t.Errorf("P·P⁻¹ = %v", got)
	}
	if got := (mat3{{3}}).mul(mat3{{-2}}, 1); got != (mat3{{-6}}) {
		t.Errorf("1×1 product = %v", got)
	}
}

func TestEigenvaluesKnown(t *testing.T) {
	s2, s33 := math.Sqrt2, math.Sqrt(33)
	cis := func(th float64) complex128 { return cmplx.Rect(1, th) }
	w := cis(2 * math.Pi / 3)
	tests := []struct {
		name string
		a    mat3
		k    int
		want []complex128
		rel  float64
	}{
		{"1x1 positive", mat3{{5, 7, 7}, {7, 7, 7}, {7, 7, 7}}, 1, []complex128{5}, 0},
		{"1x1 negative", mat3{{-3}}, 1, []complex128{-3}, 0},
		{"1x1 zero", mat3{}, 1, []complex128{0}, 0},
		{"2x2 diagonal", mat3{{2, 0}, {0, -7}}, 2, []complex128{-7, 2}, 1e-15},
		{"2x2 [[1,2],[3,4]]", mat3{{1, 2}, {3, 4}}, 2, []complex128{(5 + complex(s33, 0)) / 2, (5 - complex(s33, 0)) / 2}, 1e-14},
		{"2x2 triangular wide range", mat3{{1e8, 1}, {0, 1e-8}}, 2, []complex128{1e8, 1e-8}, 1e-14},
		{"2x2 triangular wide range swapped", mat3{{1e-8, 1}, {0, 1e8}}, 2, []complex128{1e8, 1e-8}, 1e-14},
		{"2x2 lower triangular opposite signs", mat3{{-1e8, 0}, {5, 1e-8}}, 2, []complex128{-1e8, 1e-8}, 1e-14},
		{"2x2 rotation", mat3{{math.Cos(0.3), -math.Sin(0.3)}, {math.Sin(0.3), math.Cos(0.3)}}, 2, []complex128{cis(0.3), cis(-0.3)}, 1e-15},
		{"2x2 quarter turn", mat3{{0, 1}, {-1, 0}}, 2, []complex128{1i, -1i}, 0},
		{"2x2 Jordan", mat3{{3, 1}, {0, 3}}, 2, []complex128{3, 3}, 0},
		{"2x2 symmetric", mat3{{2, 1}, {1, 2}}, 2, []complex128{3, 1}, 1e-15},
		{"2x2 huge", mat3{{1e300, 2e300}, {3e300, 4e300}}, 2, []complex128{(5 + complex(s33, 0)) / 2 * 1e300, (5 - complex(s33, 0)) / 2 * 1e300}, 1e-14},
		{"2x2 tiny", mat3{{1e-300, 2e-300}, {3e-300, 4e-300}}, 2, []complex128{(5 + complex(s33, 0)) / 2 * 1e-300, (5 - complex(s33, 0)) / 2 * 1e-300}, 1e-14},
		{"3x3 diagonal", mat3{{3, 0, 0}, {0, -1, 0}, {0, 0, 2}}, 3, []complex128{3, 2, -1}, 0},
		{"3x3 upper triangular", mat3{{1, 2, 3}, {0, 4, 5}, {0, 0, 6}}, 3, []complex128{6, 4, 1}, 1e-14},
		{"3x3 lower triangular", mat3{{-2, 0, 0}, {7, 0.5, 0}, {1, -3, 9}}, 3, []complex128{9, -2, 0.5}, 1e-14},
		{"3x3 triangular wide range", mat3{{1e-6, 1, 1}, {0, 1, 1}, {0, 0, 1e6}}, 3, []complex128{1e6, 1, 1e-6}, 1e-12},
		{"3x3 rotation about z", mat3{{math.Cos(0.7), -math.Sin(0.7), 0}, {math.Sin(0.7), math.Cos(0.7), 0}, {0, 0, 1}}, 3, []complex128{cis(0.7), cis(-0.7), 1}, 1e-15},
		{"3x3 rotation about (1,2,2)", rodrigues([3]float64{1, 2, 2}, 2.0), 3, []complex128{cis(2), cis(-2), 1}, 1e-14},
		// A rotation is normal, so even its double eigenvalue −1 is well-conditioned.
		{"3x3 rotation by π", rodrigues([3]float64{2, -1, 3}, math.Pi), 3, []complex128{1, -1, -1}, 1e-14},
		{"3x3 cyclic permutation", mat3{{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}, 3, []complex128{1, w, cmplx.Conj(w)}, 1e-15},
		{"3x3 tridiagonal [-1,2,-1]", mat3{{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}}, 3, []complex128{complex(2+s2, 0), 2, complex(2-s2, 0)}, 1e-15},
		{"3x3 companion (λ-1)(λ-2)(λ-3)", mat3{{6, -11, 6}, {1, 0, 0}, {0, 1, 0}}, 3, []complex128{3, 2, 1}, 1e-13},
		{"3x3 companion (λ²+1)(λ-0.5)", mat3{{0.5, -1, 0.5}, {1, 0, 0}, {0, 1, 0}}, 3, []complex128{1i, -1i, 0.5}, 1e-14},
		{"3x3 complex pair 1±2i and 3", unimodSimilar(mat3{{1, -2, 0}, {2, 1, 0}, {0, 0, 3}}), 3, []complex128{3, 1 + 2i, 1 - 2i}, 1e-14},
		{"3x3 complex pair dominant", unimodSimilar(mat3{{1, -4, 0}, {4, 1, 0}, {0, 0, -2}}), 3, []complex128{1 + 4i, 1 - 4i, -2}, 1e-14},
		{"3x3 purely imaginary pair", mat3{{0, -1, 0}, {1, 0, 0}, {0, 0, 0.5}}, 3, []complex128{1i, -1i, 0.5}, 1e-15},
		{"3x3 scalar", mat3{{2, 0, 0}, {0, 2, 0}, {0, 0, 2}}, 3, []complex128{2, 2, 2}, 0},
		{"3x3 repeated semisimple", unimodSimilar(mat3{{5, 0, 0}, {0, 5, 0}, {0, 0, 1}}), 3, []complex128{5, 5, 1}, 1e-14},
		{"3x3 repeated symmetric", mat3{{2, 1, 1}, {1, 2, 1}, {1, 1, 2}}, 3, []complex128{4, 1, 1}, 1e-15},
		{"3x3 Jordan block", mat3{{2, 1, 0}, {0, 2, 1}, {0, 0, 2}}, 3, []complex128{2, 2, 2}, 0},
		// A defective triple eigenvalue is ill-conditioned: a perturbation ε
		// of the matrix moves it by about ε^(1/3), so 1e-4 is what backward
		// stability promises, not slack.
		{"3x3 Jordan block disguised", unimodSimilar(mat3{{2, 1, 0}, {0, 2, 1}, {0, 0, 2}}), 3, []complex128{2, 2, 2}, 1e-4},
		{"3x3 Jordan block rotated", rodrigues([3]float64{1, 2, 2}, 1).mul(mat3{{2, 1, 0}, {0, 2, 1}, {0, 0, 2}}, 3).mul(transpose3(rodrigues([3]float64{1, 2, 2}, 1)), 3), 3, []complex128{2, 2, 2}, 1e-4},
		{"3x3 Jordan pair and simple", unimodSimilar(mat3{{-1, 1, 0}, {0, -1, 0}, {0, 0, 4}}), 3, []complex128{4, -1, -1}, 1e-7},
		{"3x3 nilpotent", mat3{{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, 3, []complex128{0, 0, 0}, 0},
		{"3x3 zero", mat3{}, 3, []complex128{0, 0, 0}, 0},
		{"3x3 rank one", mat3{{1, 2, 3}, {2, 4, 6}, {3, 6, 9}}, 3, []complex128{14, 0, 0}, 1e-14},
		{"3x3 rank one non-symmetric", mat3{{1, 2, 3}, {-1, -2, -3}, {2, 4, 6}}, 3, []complex128{5, 0, 0}, 1e-14},
		{"3x3 huge", mat3{{6e300, -11e300, 6e300}, {1e300, 0, 0}, {0, 1e300, 0}}, 3, []complex128{3e300, 2e300, 1e300}, 1e-13},
		{"3x3 tiny", mat3{{6e-300, -11e-300, 6e-300}, {1e-300, 0, 0}, {0, 1e-300, 0}}, 3, []complex128{3e-300, 2e-300, 1e-300}, 1e-13},
		// Diagonally unimodSimilar to the symmetric [[1,1,0],[1,2,1],[0,1,3]], whose
		// characteristic polynomial is (λ − 2)(λ² − 4λ + 1).
		{"3x3 badly scaled (needs balancing)", mat3{{1, 1e-8, 0}, {1e8, 2, 1e-8}, {0, 1e8, 3}}, 3, []complex128{complex(2+math.Sqrt(3), 0), 2, complex(2-math.Sqrt(3), 0)}, 1e-14},
		{"2x2 in 3x3 storage", mat3{{1, 2, 99}, {3, 4, 99}, {99, 99, 99}}, 2, []complex128{(5 + complex(s33, 0)) / 2, (5 - complex(s33, 0)) / 2}, 1e-14},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev := eigenvalues(tc.a, tc.k)
			got := ev[:tc.k]
			checkByModulus(t, got)
			for i := tc.k; i < 3; i++ {
				if ev[i] != 0 {
					t.Errorf("entry %d beyond k is %v, want 0", i, ev[i])
				}
			}
			if tc.want != nil {
				if e := matchEigen(got, tc.want); !(e <= tc.rel) {
					t.Errorf("eigenvalues %v, want %v: relative error %.3g > %g", got, tc.want, e, tc.rel)
				}
			}
			checkInvariants(t, tc.name, tc.a, tc.k, ev, 1e-13)
		})
	}
}

// TestEigenvaluesSortOrder pins the documented order, including the
// tie-breaks: decreasing modulus, then decreasing real part, then positive
// imaginary part first.
func TestEigenvaluesSortOrder(t *testing.T) {
	tests := []struct {
		name string
		a    mat3
		k    int
		want [3]complex128
	}{
		// ±i and −1 all have modulus exactly 1: the real part puts −1 last,
		// the imaginary part puts i before −i.
		{"unit circle ties", mat3{{0, 1, 0}, {-1, 0, 0}, {0, 0, -1}}, 3, [3]complex128{1i, -1i, -1}},
		{"±2", mat3{{2, 0}, {0, -2}}, 2, [3]complex128{2, -2, 0}},
		{"-2 before 1", mat3{{1, 5}, {0, -2}}, 2, [3]complex128{-2, 1, 0}},
	}
	for _, tc := range tests {
		if got := eigenvalues(tc.a, tc.k); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	ev := eigenvalues(unimodSimilar(mat3{{1, -4, 0}, {4, 1, 0}, {0, 0, -2}}), 3)
	if !(imag(ev[0]) > 0 && imag(ev[1]) < 0 && real(ev[2]) < 0) {
		t.Errorf("conjugate pair order wrong: %v", ev)
	}
}

// TestEigenvaluesProductOfSymmetric checks products of symmetric matrices,
// which are not symmetric, against trace, determinant and characteristic
// polynomial. A product of two positive-definite matrices is unimodSimilar to a
// symmetric positive-definite one, so its eigenvalues are real and positive.
func TestEigenvaluesProductOfSymmetric(t *testing.T) {
	tests := []struct {
		name     string
		s1, s2   mat3
		k        int
		realsPos bool
	}{
		{"3x3 SPD·SPD", mat3{{2, 1, 0}, {1, 3, 1}, {0, 1, 4}}, mat3{{1, 0.5, 0.2}, {0.5, 2, -0.3}, {0.2, -0.3, 1.5}}, 3, true},
		{"3x3 SPD·indefinite", mat3{{2, 1, 0}, {1, 3, 1}, {0, 1, 4}}, mat3{{0, 1, 0}, {1, 0, 2}, {0, 2, -1}}, 3, false},
		{"3x3 indefinite·indefinite", mat3{{1, 3, -2}, {3, -1, 0.5}, {-2, 0.5, 0.25}}, mat3{{0, 1, 0}, {1, 0, 2}, {0, 2, -1}}, 3, false},
		{"2x2 SPD·SPD", mat3{{2, 1}, {1, 3}}, mat3{{1, 0.4}, {0.4, 5}}, 2, true},
		{"2x2 indefinite·indefinite", mat3{{0, 1}, {1, 0}}, mat3{{1, 2}, {2, -3}}, 2, false},
		// Gradient-descent style epoch map: (I − αH₂)(I − αH₁).
		{"3x3 epoch map", mat3{{1 - 0.3*2, -0.3 * 1, -0.3 * 0.5}, {-0.3 * 1, 1 - 0.3*3, 0}, {-0.3 * 0.5, 0, 1 - 0.3*1}},
			mat3{{1 - 0.3*1, -0.3 * 2, 0}, {-0.3 * 2, 1 - 0.3*5, -0.3 * 1}, {0, -0.3 * 1, 1 - 0.3*2}}, 3, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.s1.mul(tc.s2, tc.k)
			if symmetric3(a, tc.k) {
				t.Fatalf("test matrix is symmetric; pick factors that do not commute")
			}
			ev := eigenvalues(a, tc.k)
			checkByModulus(t, ev[:tc.k])
			checkInvariants(t, tc.name, a, tc.k, ev, 1e-13)
			if tc.realsPos {
				for i := 0; i < tc.k; i++ {
					if imag(ev[i]) != 0 || real(ev[i]) <= 0 {
						t.Errorf("eigenvalue %v of a product of SPD matrices is not real positive", ev[i])
					}
				}
			}
		})
	}
}

// TestEigenvaluesSchurForm builds A = Q·T·Qᵀ from a quasi-triangular T with
// prescribed eigenvalues and a rotation Q, and measures the relative error.
func TestEigenvaluesSchurForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for trial := 0; trial < 20000; trial++ {
		q := rodrigues([3]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}, rng.Float64()*2*math.Pi)
		sign := func() float64 {
			if rng.IntN(2) == 0 {
				return -1
			}
			return 1
		}
		mag := func() float64 { return sign() * (0.1 + rng.Float64()) } // |λ| in [0.1, 1.1]
		// Keep the eigenvalues at least 0.1 apart: close eigenvalues of a
		// non-normal matrix are ill-conditioned, and this test measures
		// accuracy on well-conditioned ones.
		apart := func(ls ...complex128) bool {
			for i := range ls {
				for j := i + 1; j < len(ls); j++ {
					if cmplx.Abs(ls[i]-ls[j]) < 0.1 {
						return false
					}
				}
			}
			return true
		}
		l1 := mag()
		var tm mat3
		var want []complex128
		tm[0][0] = l1
		tm[0][1], tm[0][2] = rng.Float64()-0.5, rng.Float64()-0.5
		tm[1][2] = rng.Float64() - 0.5
		if trial%2 == 0 {
			// Complex pair a ± i·√(−bc) from the block [[a, b], [c, a]], bc < 0.
			re := rng.Float64() - 0.5
			b := 0.2 + rng.Float64()
			c := -(0.2 + rng.Float64())
			tm[1][1], tm[2][2], tm[1][2], tm[2][1] = re, re, b, c
			im := math.Sqrt(-b * c)
			want = []complex128{complex(l1, 0), complex(re, im), complex(re, -im)}
		} else {
			l2, l3 := mag(), mag()
			for !apart(complex(l1, 0), complex(l2, 0), complex(l3, 0)) {
				l2, l3 = mag(), mag()
			}
			tm[1][1], tm[2][2] = l2, l3
			want = []complex128{complex(l1, 0), complex(l2, 0), complex(l3, 0)}
		}
		a := q.mul(tm, 3).mul(transpose3(q), 3)
		ev := eigenvalues(a, 3)
		e := matchEigen(ev[:], want)
		worst = max(worst, e)
		if !(e <= 1e-12) {
			t.Fatalf("trial %d: eigenvalues %v, want %v (relative error %.3g)", trial, ev, want, e)
		}
		checkByModulus(t, ev[:])
	}
	t.Logf("worst relative eigenvalue error over 20000 Schur-form matrices: %.3g", worst)
}

// TestEigenvaluesRandom throws random matrices at eigenvalues, among them
// integer matrices with many repeated and defective eigenvalues and matrices
// whose entries span many orders of magnitude, and checks the invariants.
func TestEigenvaluesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 30000; trial++ {
		k := 2 + trial%2
		var a mat3
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				switch trial % 3 {
				case 0:
					a[i][j] = rng.NormFloat64()
				case 1:
					a[i][j] = float64(rng.IntN(3) - 1)
				default:
					a[i][j] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
				}
			}
		}
		ev := eigenvalues(a, k)
		for i := 0; i < k; i++ {
			if cmplx.IsNaN(ev[i]) || cmplx.IsInf(ev[i]) {
				t.Fatalf("trial %d: %v gave %v", trial, a, ev)
			}
		}
		checkByModulus(t, ev[:k])
		checkInvariants(t, "random", a, k, ev, 1e-12)
		if t.Failed() {
			t.Fatalf("trial %d: matrix %v", trial, a)
		}
	}
}

func TestEigenvaluesNonFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		a    mat3
		k    int
	}{
		{"1x1 NaN", mat3{{nan}}, 1},
		{"2x2 NaN", mat3{{1, nan}, {0, 1}}, 2},
		{"2x2 +Inf", mat3{{inf, 1}, {2, 3}}, 2},
		{"3x3 NaN", mat3{{1, 2, 3}, {4, nan, 6}, {7, 8, 9}}, 3},
		{"3x3 -Inf", mat3{{1, 2, 3}, {4, 5, 6}, {7, 8, -inf}}, 3},
		{"3x3 symmetric NaN", mat3{{1, nan, 0}, {nan, 1, 0}, {0, 0, 1}}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan [3]complex128, 1)
			go func() { done <- eigenvalues(tc.a, tc.k) }()
			select {
			case ev := <-done:
				for i := 0; i < tc.k; i++ {
					if !cmplx.IsNaN(ev[i]) {
						t.Errorf("eigenvalue %d = %v, want NaN", i, ev[i])
					}
				}
			case <-time.After(5 * time.Second):
				t.Fatal("eigenvalues hangs on non-finite input")
			}
			rho, dom := spectralRadius(tc.a, tc.k)
			if !math.IsNaN(rho) || !cmplx.IsNaN(dom) {
				t.Errorf("spectralRadius = %v, %v, want NaN", rho, dom)
			}
		})
	}
	// Entries outside the k×k block are absent, even when they are NaN.
	ev := eigenvalues(mat3{{2, nan, nan}, {nan, nan, nan}, {nan, nan, nan}}, 1)
	if ev != [3]complex128{2, 0, 0} {
		t.Errorf("NaN outside the block leaked: %v", ev)
	}
}

func TestSpectralRadius(t *testing.T) {
	tests := []struct {
		name string
		a    mat3
		k    int
		rho  float64
		dom  complex128 // NaN: several eigenvalues share the modulus up to rounding
	}{
		{"1x1", mat3{{-0.75}}, 1, 0.75, -0.75},
		{"2x2 rotation scaled", mat3{{0, -0.5}, {0.5, 0}}, 2, 0.5, 0.5i},
		{"2x2 negative dominant", mat3{{-3, 1}, {0, 2}}, 2, 3, -3},
		{"3x3 companion", mat3{{6, -11, 6}, {1, 0, 0}, {0, 1, 0}}, 3, 3, 3},
		{"3x3 complex dominant", mat3{{0.5, -0.8, 0}, {0.8, 0.5, 0}, {0, 0, 0.3}}, 3, math.Sqrt(0.89), 0.5 + 0.8i},
		{"3x3 rotation", rodrigues([3]float64{1, 2, 2}, 2.0), 3, 1, cmplx.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rho, dom := spectralRadius(tc.a, tc.k)
			if math.Abs(rho-tc.rho) > 1e-14*tc.rho {
				t.Errorf("ρ = %v, want %v", rho, tc.rho)
			}
			if cmplx.IsNaN(tc.dom) {
				if math.Abs(cmplx.Abs(dom)-rho) > 0 {
					t.Errorf("|dominant| = %v, ρ = %v", cmplx.Abs(dom), rho)
				}
			} else if !closeC(dom, tc.dom, 1e-14) {
				t.Errorf("dominant = %v, want %v", dom, tc.dom)
			}
		})
	}
}

// checkEigenpairs verifies ascending order, A·v = λ·v and VᵀV = I.
func checkEigenpairs(t *testing.T, a mat3, k int, vals [3]float64, vecs mat3, tol float64) {
	t.Helper()
	n := frob3(a, k)
	for c := 0; c < k; c++ {
		if c > 0 && vals[c] < vals[c-1] {
			t.Errorf("eigenvalues not ascending: %v", vals)
		}
		for i := 0; i < k; i++ {
			av := 0.0
			for j := 0; j < k; j++ {
				av += a[i][j] * vecs[j][c]
			}
			if math.Abs(av-vals[c]*vecs[i][c]) > tol*n {
				t.Errorf("residual of eigenpair %d row %d: %g", c, i, av-vals[c]*vecs[i][c])
			}
		}
		for d := 0; d < k; d++ {
			dot := 0.0
			for i := 0; i < k; i++ {
				dot += vecs[i][c] * vecs[i][d]
			}
			want := 0.0
			if c == d {
				want = 1
			}
			if math.Abs(dot-want) > tol {
				t.Errorf("columns %d and %d: vᵀv = %g, want %g", c, d, dot, want)
			}
		}
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if (i >= k || j >= k) && vecs[i][j] != 0 {
				t.Errorf("vecs[%d][%d] = %g outside the block", i, j, vecs[i][j])
			}
		}
		if i >= k && vals[i] != 0 {
			t.Errorf("vals[%d] = %g outside the block", i, vals[i])
		}
	}
}

// hessianQuadratic is (2/3)·Σ φφᵀ for φ = (x², x, 1) at x = 1, 2, 3: the
// Hessian of the mean squared loss of ŷ = x²·w2 + x·w1 + b. Σ φφᵀ is the
// integer matrix [[98, 36, 14], [36, 14, 6], [14, 6, 3]].
var hessianQuadratic = mat3{
	{98 * 2.0 / 3, 36 * 2.0 / 3, 14 * 2.0 / 3},
	{36 * 2.0 / 3, 14 * 2.0 / 3, 6 * 2.0 / 3},
	{14 * 2.0 / 3, 6 * 2.0 / 3, 3 * 2.0 / 3},
}

// cubicRoots returns the three real roots, ascending, of λ³ − c2·λ² + c1·λ − c0
// when all are real, by the trigonometric (Viète) formula.
func cubicRoots(c2, c1, c0 float64) [3]float64 {
	// λ = y + c2/3 gives y³ + p·y + q = 0.
	p := c1 - c2*c2/3
	q := -2*c2*c2*c2/27 + c2*c1/3 - c0
	r := 2 * math.Sqrt(-p/3)
	phi := math.Acos(3*q/(p*r)) / 3
	var out [3]float64
	for i := 0; i < 3; i++ {
		out[i] = c2/3 + r*math.Cos(phi-2*math.Pi*float64(i)/3)
	}
	// Sort ascending.
	for i := 1; i < 3; i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func TestSymEigen(t *testing.T) {
	s2 := math.Sqrt2
	// Σφφᵀ has trace 115, sum of principal 2×2 minors 180 and determinant 4,
	// so H = (2/3)·Σφφᵀ has eigenvalues (2/3)·(roots of λ³ − 115λ² + 180λ − 4).
	hroots := cubicRoots(115, 180, 4)
	for i := range hroots {
		hroots[i] *= 2.0 / 3
	}
	tests := []struct {
		name string
		a    mat3
		k    int
		want []float64
		rel  float64
	}{
		{"1x1", mat3{{-4, 9, 9}, {9, 9, 9}, {9, 9, 9}}, 1, []float64{-4}, 0},
		{"2x2 [[2,1],[1,2]]", mat3{{2, 1}, {1, 2}}, 2, []float64{1, 3}, 1e-15},
		{"2x2 diagonal", mat3{{5, 0}, {0, -1}}, 2, []float64{-1, 5}, 0},
		{"2x2 singular", mat3{{1, 1}, {1, 1}}, 2, []float64{0, 2}, 1e-15},
		{"3x3 tridiagonal [-1,2,-1]", mat3{{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}}, 3, []float64{2 - s2, 2, 2 + s2}, 1e-15},
		{"3x3 diagonal", mat3{{3, 0, 0}, {0, -1, 0}, {0, 0, 2}}, 3, []float64{-1, 2, 3}, 0},
		{"3x3 repeated", mat3{{2, 1, 1}, {1, 2, 1}, {1, 1, 2}}, 3, []float64{1, 1, 4}, 1e-15},
		{"3x3 identity", identity(3), 3, []float64{1, 1, 1}, 0},
		{"3x3 rank one", mat3{{1, 2, 2}, {2, 4, 4}, {2, 4, 4}}, 3, []float64{0, 0, 9}, 1e-15},
		{"3x3 quadratic-fit Hessian", hessianQuadratic, 3, hroots[:], 1e-12},
		{"3x3 graded", mat3{{1e10, 1e5, 0}, {1e5, 2, 1e-5}, {0, 1e-5, 1e-10}}, 3, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vals, vecs := symEigen(tc.a, tc.k)
			for i, w := range tc.want {
				scale := math.Max(math.Abs(w), 1)
				if tc.rel == 0 {
					scale = 1
				}
				if math.Abs(vals[i]-w) > tc.rel*scale {
					t.Errorf("λ%d = %.17g, want %.17g", i, vals[i], w)
				}
			}
			checkEigenpairs(t, tc.a, tc.k, vals, vecs, 1e-14)
		})
	}
}

// TestSymEigenRandom checks eigenpairs of random symmetric matrices, some
// with entries spanning many orders of magnitude, and that the eigenvalues
// sum to the trace.
func TestSymEigenRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 20000; trial++ {
		k := 1 + trial%3
		var a mat3
		for i := 0; i < k; i++ {
			for j := 0; j <= i; j++ {
				v := rng.NormFloat64()
				if trial%2 == 0 {
					v *= math.Pow(10, float64(rng.IntN(13)-6))
				}
				a[i][j], a[j][i] = v, v
			}
		}
		vals, vecs := symEigen(a, k)
		checkEigenpairs(t, a, k, vals, vecs, 1e-14)
		tr, sum := 0.0, 0.0
		for i := 0; i < k; i++ {
			tr += a[i][i]
			sum += vals[i]
		}
		if math.Abs(sum-tr) > 1e-14*frob3(a, k) {
			t.Errorf("Σλ = %v, trace = %v", sum, tr)
		}
		if t.Failed() {
			t.Fatalf("trial %d: %v", trial, a)
		}
	}
}

func TestSymEigenNonFinite(t *testing.T) {
	vals, vecs := symEigen(mat3{{1, math.Inf(1)}, {math.Inf(1), 1}}, 2)
	for i := 0; i < 2; i++ {
		if !math.IsNaN(vals[i]) || !math.IsNaN(vecs[i][0]) {
			t.Errorf("non-finite input gave %v, %v", vals, vecs)
		}
	}
}

func TestHessianCondition(t *testing.T) {
	vals, _ := symEigen(hessianQuadratic, 3)
	cond := vals[2] / vals[0]
	// From the characteristic polynomial λ³ − 115λ² + 180λ − 4 of Σφφᵀ the
	// condition number is 5030.09…; 3 significant digits: 5.03e3.
	if math.Abs(cond-5030) > 5 {
		t.Errorf("condition number %.6g, want ≈ 5030", cond)
	}
	var ev [3]complex128 = eigenvalues(hessianQuadratic, 3)
	if r := cmplx.Abs(ev[0]) / cmplx.Abs(ev[2]); math.Abs(r-5030) > 5 {
		t.Errorf("condition number from eigenvalues: %.6g, want ≈ 5030", r)
	}
	t.Logf("quadratic-fit Hessian: eigenvalues %v, condition %.8g", vals, cond)
}

func TestPseudoSolve(t *testing.T) {
	// b = (2/3)·Σ φ·y with y = 2x: Σφy = (72, 28, 12), and y = 0·x² + 2·x + 0
	// fits exactly, so the solution is (0, 2, 0).
	bq := [3]float64{72 * 2.0 / 3, 28 * 2.0 / 3, 12 * 2.0 / 3}
	tests := []struct {
		name string
		a    mat3
		b    [3]float64
		k    int
		want [3]float64
		tol  float64
	}{
		{"quadratic-fit Hessian", hessianQuadratic, bq, 3, [3]float64{0, 2, 0}, 1e-9},
		{"singular 2x2 consistent", mat3{{1, 1}, {1, 1}}, [3]float64{2, 2}, 2, [3]float64{1, 1}, 1e-14},
		{"singular 2x2 inconsistent", mat3{{1, 1}, {1, 1}}, [3]float64{2, 0}, 2, [3]float64{0.5, 0.5}, 1e-14},
		{"regular 2x2", mat3{{2, 1}, {1, 2}}, [3]float64{3, 0}, 2, [3]float64{2, -1}, 1e-14},
		{"rank one 3x3", mat3{{1, 2, 2}, {2, 4, 4}, {2, 4, 4}}, [3]float64{9, 18, 18}, 3, [3]float64{1, 2, 2}, 1e-14},
		{"rank two diagonal", mat3{{2, 0, 0}, {0, 3, 0}, {0, 0, 0}}, [3]float64{4, 3, 5}, 3, [3]float64{2, 1, 0}, 1e-15},
		{"zero matrix", mat3{}, [3]float64{1, 2, 3}, 3, [3]float64{}, 0},
		{"tridiagonal", mat3{{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}}, [3]float64{1, 0, 1}, 3, [3]float64{1, 1, 1}, 1e-14},
		{"1x1", mat3{{4, 7, 7}}, [3]float64{2, 9, 9}, 1, [3]float64{0.5, 0, 0}, 0},
		{"1x1 zero", mat3{{0}}, [3]float64{2}, 1, [3]float64{0, 0, 0}, 0},
		// Rounding can leave a PSD matrix's zero eigenvalue slightly
		// negative; it must be dropped, not inverted.
		{"1x1 tiny negative", mat3{{-1e-300}}, [3]float64{1}, 1, [3]float64{0, 0, 0}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := pseudoSolve(tc.a, tc.b, tc.k)
			for i := 0; i < 3; i++ {
				if !(math.Abs(p[i]-tc.want[i]) <= tc.tol) {
					t.Errorf("p = %v, want %v", p, tc.want)
					break
				}
			}
		})
	}
	nan := math.NaN()
	for _, p := range [][3]float64{
		pseudoSolve(mat3{{nan, 0}, {0, 1}}, [3]float64{1, 1}, 2),
		pseudoSolve(identity(3), [3]float64{1, math.Inf(-1), 1}, 3),
	} {
		for _, v := range p[:2] {
			if !math.IsNaN(v) {
				t.Errorf("non-finite input gave %v", p)
			}
		}
	}
}

func TestInvalidOrderPanics(t *testing.T) {
	for _, k := range []int{0, 4, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("k = %d did not panic", k)
				}
			}()
			eigenvalues(identity(3), k)
		}()
	}
}

var sinkRho float64

func BenchmarkSpectralRadius3(b *testing.B) {
	// A non-symmetric epoch map with a complex dominant pair.
	a := unimodSimilar(mat3{{0.5, -0.6, 0}, {0.6, 0.5, 0}, {0, 0, -0.3}})
	for b.Loop() {
		rho, _ := spectralRadius(a, 3)
		sinkRho += rho
	}
}
