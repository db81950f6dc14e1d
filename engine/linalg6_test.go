package engine

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
	"time"
)

// The expected eigenvalues in these tests come from mathematics (triangular
// structure, polynomial roots, similarity transforms with known spectra,
// closed forms for the momentum map), never from the code's own output.

// transposeN returns the transpose of the leading n×n block of a.
func transposeN(a mat6, n int) mat6 {
	var t mat6
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			t[j][i] = a[i][j]
		}
	}
	return t
}

// identityN returns the n×n identity matrix.
func identityN(n int) mat6 {
	var m mat6
	for i := 0; i < n; i++ {
		m[i][i] = 1
	}
	return m
}

// givensQN returns a random n×n orthogonal matrix, the product of 3n Givens
// rotations in random coordinate planes by random angles.
func givensQN(rng *rand.Rand, n int) mat6 {
	q := identityN(n)
	if n == 1 {
		return q
	}
	for r := 0; r < 3*n; r++ {
		p := rng.IntN(n)
		s := rng.IntN(n - 1)
		if s >= p {
			s++
		}
		sn, c := math.Sincos(2 * math.Pi * rng.Float64())
		for i := 0; i < n; i++ {
			qp, qs := q[i][p], q[i][s]
			q[i][p], q[i][s] = c*qp-sn*qs, sn*qp+c*qs
		}
	}
	return q
}

// similarN returns q·t·qᵀ.
func similarN(q, t mat6, n int) mat6 {
	return mul6(mul6(q, t, n), transposeN(q, n), n)
}

// frobN returns the Frobenius norm of the leading n×n block of a.
func frobN(a mat6, n int) float64 {
	s := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s += a[i][j] * a[i][j]
		}
	}
	return math.Sqrt(s)
}

// matchN returns the largest error over the best pairing of got with want
// (trying every permutation, so repeated and equal-modulus eigenvalues are
// compared as multisets). The error of a pair is |g − w| / max(|w|, floor).
func matchN(got, want []complex128, floor float64) float64 {
	n := len(want)
	if len(got) != n {
		return math.Inf(1)
	}
	var perm [6]int
	var used [6]bool
	best := math.Inf(1)
	var rec func(i int, worst float64)
	rec = func(i int, worst float64) {
		if worst >= best {
			return
		}
		if i == n {
			best = worst
			return
		}
		for j := 0; j < n; j++ {
			if used[j] {
				continue
			}
			e := cmplx.Abs(got[j]-want[i]) / max(cmplx.Abs(want[i]), floor)
			if math.IsNaN(e) {
				e = math.Inf(1)
			}
			used[j], perm[i] = true, j
			rec(i+1, max(worst, e))
			used[j] = false
		}
	}
	rec(0, 0)
	return best
}

// checkOrderN fails unless ev is sorted as eigenvalues6 promises: by
// decreasing modulus (up to rounding), exact ties by decreasing real part and
// then decreasing imaginary part; and unless complex eigenvalues come in
// exactly conjugate pairs.
func checkOrderN(t *testing.T, name string, ev []complex128) {
	t.Helper()
	for i := 1; i < len(ev); i++ {
		p, q := ev[i-1], ev[i]
		ap, aq := cmplx.Abs(p), cmplx.Abs(q)
		if aq > ap*(1+1e-14) ||
			ap == aq && (real(q) > real(p) || real(q) == real(p) && imag(q) > imag(p)) {
			t.Errorf("%s: eigenvalues out of order: %v", name, ev)
			return
		}
	}
	for _, l := range ev {
		if imag(l) == 0 {
			continue
		}
		balance := 0
		for _, m := range ev {
			if m == l {
				balance++
			}
			if m == cmplx.Conj(l) {
				balance--
			}
		}
		if balance != 0 {
			t.Errorf("%s: %v does not come with its exact conjugate: %v", name, l, ev)
			return
		}
	}
}

// detN returns the determinant of the leading n×n block of a by Gaussian
// elimination with partial pivoting.
func detN(a mat6, n int) float64 {
	d := 1.0
	for k := 0; k < n; k++ {
		p := k
		for i := k + 1; i < n; i++ {
			if math.Abs(a[i][k]) > math.Abs(a[p][k]) {
				p = i
			}
		}
		if a[p][k] == 0 {
			return 0
		}
		if p != k {
			a[p], a[k] = a[k], a[p]
			d = -d
		}
		d *= a[k][k]
		for i := k + 1; i < n; i++ {
			f := a[i][k] / a[k][k]
			for j := k; j < n; j++ {
				a[i][j] -= f * a[k][j]
			}
		}
	}
	return d
}

// companionN returns the companion matrix of the monic polynomial with the
// given roots (complex roots must come in conjugate pairs) and its order.
func companionN(roots []complex128) (mat6, int) {
	n := len(roots)
	// p holds the coefficients in ascending degree, p[j] multiplying x^j;
	// each root multiplies the polynomial so far by (x − r).
	var p [7]complex128
	p[0] = 1
	for k, r := range roots {
		for j := k + 1; j >= 1; j-- {
			p[j] = p[j-1] - r*p[j]
		}
		p[0] = -r * p[0]
	}
	// The first row of the companion matrix of x^n + p[n−1]x^(n−1) + … + p[0]
	// is (−p[n−1], …, −p[0]), with ones on the subdiagonal.
	var m mat6
	for j := 0; j < n; j++ {
		m[0][j] = -real(p[n-1-j])
	}
	for i := 1; i < n; i++ {
		m[i][i-1] = 1
	}
	return m, n
}

// heavyBallN returns the heavy-ball map of (error, velocity) for the k×k
// Hessian h, learning rate alpha and momentum mu:
// M = [[I − αH, −αμ·I], [H, μ·I]], of order 2k.
func heavyBallN(h [3][3]float64, k int, alpha, mu float64) mat6 {
	var m mat6
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			m[i][j] = -alpha * h[i][j]
			m[k+i][j] = h[i][j]
		}
		m[i][i]++
		m[i][k+i] = -alpha * mu
		m[k+i][k+i] = mu
	}
	return m
}

// hbRootsN returns the roots of λ² − (1 + μ − αh)λ + μ, the eigenvalues of
// the heavy-ball map for one curvature h, computed without cancellation.
func hbRootsN(h, alpha, mu float64) (complex128, complex128) {
	b := 1 + mu - alpha*h
	disc := b*b - 4*mu
	if disc < 0 {
		r := math.Sqrt(-disc) / 2
		return complex(b/2, r), complex(b/2, -r)
	}
	big := (b + math.Copysign(math.Sqrt(disc), b)) / 2
	return complex(big, 0), complex(mu/big, 0)
}

func TestEigenvalues6Triangular(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	for n := 1; n <= 6; n++ {
		for trial := 0; trial < 50; trial++ {
			var u mat6
			want := make([]complex128, n)
			perm := rng.Perm(13)
			for i := 0; i < n; i++ {
				u[i][i] = float64(perm[i]-6) / 4 // distinct, exact, −1.5…1.5
				want[i] = complex(u[i][i], 0)
				if trial > 0 { // trial 0 is diagonal
					for j := i + 1; j < n; j++ {
						u[i][j] = rng.NormFloat64()
					}
				}
			}
			// Upper triangular: already in Schur form, so the diagonal
			// comes back exactly.
			ev := eigenvalues6(u, n)
			checkOrderN(t, "upper triangular", ev[:n])
			if e := matchN(ev[:n], want, 1); e != 0 {
				t.Errorf("n=%d upper triangular %v: eigenvalues %v, want %v exactly", n, u, ev[:n], want)
			}
			// Lower triangular goes through the full reduction.
			lo := transposeN(u, n)
			ev = eigenvalues6(lo, n)
			checkOrderN(t, "lower triangular", ev[:n])
			if e := matchN(ev[:n], want, 1); e > 1e-12 {
				t.Errorf("n=%d lower triangular %v: eigenvalues %v, want %v (error %.3g)", n, lo, ev[:n], want, e)
			}
		}
	}
}

func TestEigenvalues6Companion(t *testing.T) {
	i := complex(0, 1)
	cases := []struct {
		name  string
		roots []complex128
		tol   float64
	}{
		{"linear", []complex128{-3.5}, 0},
		{"two real", []complex128{3, -0.5}, 1e-14},
		{"one pair", []complex128{1 + 2*i, 1 - 2*i}, 1e-14},
		{"three real", []complex128{1, 2, 3}, 1e-13},
		{"real and pair", []complex128{-2, 0.5 + 1.5*i, 0.5 - 1.5*i}, 1e-13},
		{"four real", []complex128{-4, -1, 0.5, 3}, 1e-13},
		{"two pairs", []complex128{2 + i, 2 - i, -1 + 3*i, -1 - 3*i}, 1e-13},
		{"five mixed", []complex128{5, -3, 0.25, 1 + i, 1 - i}, 1e-12},
		{"one to six", []complex128{1, 2, 3, 4, 5, 6}, 1e-10},
		{"three pairs", []complex128{2 * i, -2 * i, 1 + i, 1 - i, -3 + 0.5*i, -3 - 0.5*i}, 1e-12},
		{"mixed six", []complex128{-6, 4, 0.1, -0.7, 2 + 2*i, 2 - 2*i}, 1e-11},
		{"zero roots", []complex128{0, 0, 1, -2}, 1e-7},
		// Repeated roots are ill-conditioned: a root of multiplicity m
		// moves by about ε^(1/m).
		{"double real", []complex128{1, 1, -2}, 1e-7},
		{"triple real", []complex128{2, 2, 2}, 1e-4},
		{"double pair", []complex128{i, -i, i, -i}, 1e-7},
		{"double pair and double real", []complex128{1 + i, 1 - i, 1 + i, 1 - i, 3, 3}, 1e-6},
		{"roots of unity", []complex128{1, -1, cmplx.Rect(1, math.Pi/3), cmplx.Rect(1, -math.Pi/3), cmplx.Rect(1, 2*math.Pi/3), cmplx.Rect(1, -2*math.Pi/3)}, 1e-13},
	}
	for _, c := range cases {
		a, n := companionN(c.roots)
		ev := eigenvalues6(a, n)
		checkOrderN(t, c.name, ev[:n])
		if e := matchN(ev[:n], c.roots, 1); e > c.tol {
			t.Errorf("%s: companion %v has eigenvalues %v, want %v (error %.3g > %.0g)", c.name, a, ev[:n], c.roots, e, c.tol)
		}
	}
}

func TestEigenvalues6Rotations(t *testing.T) {
	rng := rand.New(rand.NewPCG(63, 64))
	for _, theta := range []float64{0.1, 1, math.Pi / 2, 2.5, math.Pi - 1e-3} {
		c, s := math.Cos(theta), math.Sin(theta)
		r := mat6{{c, -s}, {s, c}}
		ev := eigenvalues6(r, 2)
		want := []complex128{cmplx.Rect(1, theta), cmplx.Rect(1, -theta)}
		if e := matchN(ev[:2], want, 1); e > 1e-15 {
			t.Errorf("rotation by %v: %v, want %v", theta, ev[:2], want)
		}
		checkOrderN(t, "rotation", ev[:2])
	}
	// Block-diagonal rotations and reflections, hidden by an orthogonal
	// similarity; orthogonal matrices have perfectly conditioned eigenvalues.
	for n := 2; n <= 6; n++ {
		for trial := 0; trial < 30; trial++ {
			var d mat6
			var want []complex128
			for k := 0; k < n; {
				if k+1 < n && rng.IntN(3) > 0 {
					th := math.Pi * rng.Float64()
					c, s := math.Cos(th), math.Sin(th)
					d[k][k], d[k][k+1], d[k+1][k], d[k+1][k+1] = c, -s, s, c
					want = append(want, cmplx.Rect(1, th), cmplx.Rect(1, -th))
					k += 2
					continue
				}
				d[k][k] = float64(2*rng.IntN(2) - 1)
				want = append(want, complex(d[k][k], 0))
				k++
			}
			q := givensQN(rng, n)
			a := similarN(q, d, n)
			ev := eigenvalues6(a, n)
			if e := matchN(ev[:n], want, 1); e > 1e-13 {
				t.Errorf("n=%d orthogonal %v: %v, want %v (error %.3g)", n, a, ev[:n], want, e)
			}
			for _, l := range ev[:n] {
				if math.Abs(cmplx.Abs(l)-1) > 1e-13 {
					t.Errorf("n=%d orthogonal: |%v| != 1", n, l)
				}
			}
		}
	}
}

func TestEigenvalues6Permutations(t *testing.T) {
	// A cycle of length m contributes the m-th roots of unity. The cyclic
	// shift is the classic case where the standard shifts are all zero and
	// QR stands still, so only the exceptional shifts make it converge.
	structures := [][]int{
		{1}, {2}, {1, 1}, {3}, {2, 1}, {4}, {2, 2}, {3, 1}, {5}, {3, 2}, {4, 1},
		{6}, {3, 3}, {2, 2, 2}, {3, 2, 1}, {4, 2}, {5, 1}, {2, 2, 1, 1},
	}
	rng := rand.New(rand.NewPCG(65, 66))
	for _, cycles := range structures {
		n := 0
		var want []complex128
		var p mat6
		for _, m := range cycles {
			for k := 0; k < m; k++ {
				p[n+(k+1)%m][n+k] = 1
				want = append(want, cmplx.Rect(1, 2*math.Pi*float64(k)/float64(m)))
			}
			n += m
		}
		// Also relabel the coordinates at random: σ·P·σᵀ is again a
		// permutation matrix with the same cycle structure.
		for _, relabel := range []bool{false, true} {
			a := p
			if relabel {
				var s mat6
				perm := rng.Perm(n)
				for i := 0; i < n; i++ {
					s[i][perm[i]] = 1
				}
				a = similarN(s, p, n)
			}
			ev := eigenvalues6(a, n)
			checkOrderN(t, "permutation", ev[:n])
			if e := matchN(ev[:n], want, 1); e > 1e-13 {
				t.Errorf("cycles %v (relabelled %v): %v, want %v (error %.3g)", cycles, relabel, ev[:n], want, e)
			}
		}
	}
}

// schurCaseN draws a random real n×n block upper-triangular T with well
// separated eigenvalues, real ones on the diagonal and complex pairs a ± ib as
// rotation-scaling blocks [[a, b], [−b, a]], and returns it with its eigenvalues.
func schurCaseN(rng *rand.Rand, n int) (mat6, []complex128) {
	for {
		var tm mat6
		var want []complex128
		for k := 0; k < n; {
			rho := 0.5 + 2.5*rng.Float64()
			if k+1 < n && rng.IntN(2) == 0 {
				th := math.Pi * (0.05 + 0.9*rng.Float64())
				a, b := rho*math.Cos(th), rho*math.Sin(th)
				tm[k][k], tm[k][k+1], tm[k+1][k], tm[k+1][k+1] = a, b, -b, a
				want = append(want, complex(a, b), complex(a, -b))
				k += 2
				continue
			}
			tm[k][k] = rho * float64(2*rng.IntN(2)-1)
			want = append(want, complex(tm[k][k], 0))
			k++
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if tm[j][i] == 0 && tm[i][j] == 0 {
					tm[i][j] = 2*rng.Float64() - 1
				}
			}
		}
		sep := math.Inf(1)
		for i := range want {
			for j := i + 1; j < len(want); j++ {
				sep = min(sep, cmplx.Abs(want[i]-want[j]))
			}
		}
		if sep >= 0.3 {
			return tm, want
		}
	}
}

func TestEigenvalues6Schur(t *testing.T) {
	rng := rand.New(rand.NewPCG(67, 68))
	worst := 0.0
	for n := 1; n <= 6; n++ {
		for trial := 0; trial < 400; trial++ {
			tm, want := schurCaseN(rng, n)
			a := similarN(givensQN(rng, n), tm, n)
			ev := eigenvalues6(a, n)
			checkOrderN(t, "Q·T·Qᵀ", ev[:n])
			e := matchN(ev[:n], want, 1)
			worst = max(worst, e)
			if e > 1e-10 {
				t.Errorf("n=%d Q·T·Qᵀ = %v: %v, want %v (relative error %.3g)", n, a, ev[:n], want, e)
			}
		}
	}
	t.Logf("largest relative error on Q·T·Qᵀ: %.3g", worst)
}

func TestEigenvalues6TraceDet(t *testing.T) {
	rng := rand.New(rand.NewPCG(69, 70))
	worstTr, worstDet := 0.0, 0.0
	for n := 1; n <= 6; n++ {
		for trial := 0; trial < 500; trial++ {
			var a mat6
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					a[i][j] = rng.NormFloat64()
				}
			}
			ev := eigenvalues6(a, n)
			checkOrderN(t, "random", ev[:n])
			tr := 0.0
			for i := 0; i < n; i++ {
				tr += a[i][i]
			}
			var sum complex128
			prod := complex(1, 0)
			for _, l := range ev[:n] {
				sum += l
				prod *= l
			}
			norm := frobN(a, n)
			eTr := cmplx.Abs(sum-complex(tr, 0)) / norm
			worstTr = max(worstTr, eTr)
			if eTr > 1e-13 {
				t.Errorf("n=%d %v: Σλ = %v, trace %v", n, a, sum, tr)
			}
			d := detN(a, n)
			eDet := cmplx.Abs(prod-complex(d, 0)) / max(math.Abs(d), 1e-3*math.Pow(norm, float64(n)))
			worstDet = max(worstDet, eDet)
			if eDet > 1e-11 {
				t.Errorf("n=%d %v: Πλ = %v, det %v", n, a, prod, d)
			}
		}
	}
	t.Logf("largest error: trace %.3g (relative to ‖A‖), determinant %.3g (relative)", worstTr, worstDet)
}

func TestEigenvalues6AgreesWithOrder3(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	for n := 1; n <= 3; n++ {
		for trial := 0; trial < 300; trial++ {
			var a mat6
			var b mat3
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					a[i][j] = rng.NormFloat64()
					b[i][j] = a[i][j]
				}
			}
			ev6 := eigenvalues6(a, n)
			ev3 := eigenvalues(b, n)
			if e := matchN(ev6[:n], ev3[:n], frobN(a, n)); e > 1e-12 {
				t.Errorf("n=%d %v: eigenvalues6 %v, eigenvalues %v", n, b, ev6[:n], ev3[:n])
			}
		}
	}
}

func TestEigenvalues6SortOrder(t *testing.T) {
	// Eigenvalues 3, ±3i, −3 (equal modulus, exact) and 1 ± i, 0.5:
	// ties go to the larger real part, then to the positive imaginary part.
	a := mat6{
		{-3},
		{0, 0, 3},
		{0, -3, 0},
		{0, 0, 0, 3},
		{0, 0, 0, 0, 1, 1},
		{0, 0, 0, 0, -1, 1},
	}
	want := [6]complex128{3, 3i, -3i, -3, 1 + 1i, 1 - 1i}
	if ev := eigenvalues6(a, 6); ev != want {
		t.Errorf("eigenvalues6 = %v, want %v", ev, want)
	}
	if rho, dom := spectralRadius6(a, 6); rho != 3 || dom != 3 {
		t.Errorf("spectralRadius6 = %v, %v, want 3, 3", rho, dom)
	}
	// A dominant complex pair: the positive imaginary part is reported.
	b := mat6{{0.5, 2}, {-2, 0.5}, {0, 0, -1}}
	if rho, dom := spectralRadius6(b, 3); math.Abs(rho-math.Sqrt(4.25)) > 1e-15 || dom != 0.5+2i {
		t.Errorf("spectralRadius6 = %v, %v, want √4.25, 0.5+2i", rho, dom)
	}
}

func TestHeavyBall6OneD(t *testing.T) {
	const L = 28.0 / 3
	const mu = 0.9
	h := [3][3]float64{{L}}
	// For μ = 0.9 the roots are complex, of modulus √μ, when
	// |1 + μ − αL| < 2√μ, that is for α in about (0.000282, 0.406861), and
	// real outside: 0.01, 0.1 and 0.4 all give complex pairs, 1e-4 and
	// 0.407 give two real roots (still stable), 0.5 a real root below −1.
	for _, alpha := range []float64{1e-4, 0.01, 0.1, 0.4, 0.407, 0.5} {
		m := heavyBallN(h, 1, alpha, mu)
		ev := eigenvalues6(m, 2)
		l1, l2 := hbRootsN(L, alpha, mu)
		if e := matchN(ev[:2], []complex128{l1, l2}, 1); e > 1e-13 {
			t.Errorf("α=%v: eigenvalues %v, want %v, %v (error %.3g)", alpha, ev[:2], l1, l2, e)
		}
		checkOrderN(t, "heavy ball", ev[:2])
		complexCase := imag(l1) != 0
		if got := imag(ev[0]) != 0; got != complexCase {
			t.Errorf("α=%v: complex %v, want %v (%v)", alpha, got, complexCase, ev[:2])
		}
		rho, _ := spectralRadius6(m, 2)
		if complexCase && math.Abs(rho-math.Sqrt(mu)) > 1e-14 {
			t.Errorf("α=%v: ρ = %v, want √μ = %v", alpha, rho, math.Sqrt(mu))
		}
	}
	// The spectral radius crosses 1 at α = 2(1+μ)/L, where λ = −1.
	crit := 2 * (1 + mu) / L
	for _, c := range []struct {
		alpha  float64
		stable bool
	}{
		{crit * (1 - 1e-12), true}, {crit * (1 - 1e-9), true}, {crit * (1 - 1e-6), true},
		{crit * (1 + 1e-12), false}, {crit * (1 + 1e-9), false}, {crit * (1 + 1e-6), false},
	} {
		rho, dom := spectralRadius6(heavyBallN(h, 1, c.alpha, mu), 2)
		if (rho < 1) != c.stable || real(dom) >= 0 || imag(dom) != 0 {
			t.Errorf("α = %.12g (critical %.12g): ρ = %.17g, dominant %v", c.alpha, crit, rho, dom)
		}
	}
	if rho, dom := spectralRadius6(heavyBallN(h, 1, crit, mu), 2); math.Abs(rho-1) > 1e-13 || cmplx.Abs(dom+1) > 1e-13 {
		t.Errorf("at the critical α: ρ = %.17g, dominant %v, want 1, −1", rho, dom)
	}
}

func TestHeavyBall6ThreeD(t *testing.T) {
	const mu = 0.9
	curv := [3]float64{1, 10, 100}
	rng := rand.New(rand.NewPCG(73, 74))
	// Orthogonal 3×3 basis for a non-diagonal H with the same spectrum.
	q3 := givensQN(rng, 3)
	for _, alpha := range []float64{1e-3, 0.01, 0.03, 0.0379, 0.03799, 0.0381, 0.1} {
		var want []complex128
		for _, c := range curv {
			l1, l2 := hbRootsN(c, alpha, mu)
			want = append(want, l1, l2)
		}
		wantRho := 0.0
		for _, l := range want {
			wantRho = max(wantRho, cmplx.Abs(l))
		}
		var diag, rot [3][3]float64
		for i := 0; i < 3; i++ {
			diag[i][i] = curv[i]
			for j := 0; j < 3; j++ {
				for l := 0; l < 3; l++ {
					rot[i][j] += q3[i][l] * curv[l] * q3[j][l]
				}
			}
		}
		for name, h := range map[string][3][3]float64{"diagonal H": diag, "rotated H": rot} {
			m := heavyBallN(h, 3, alpha, mu)
			ev := eigenvalues6(m, 6)
			checkOrderN(t, name, ev[:])
			if e := matchN(ev[:], want, 1); e > 1e-12 {
				t.Errorf("%s, α=%v: eigenvalues %v, want %v (error %.3g)", name, alpha, ev, want, e)
			}
			if rho, _ := spectralRadius6(m, 6); math.Abs(rho-wantRho) > 1e-12*wantRho {
				t.Errorf("%s, α=%v: ρ = %v, want %v", name, alpha, rho, wantRho)
			}
			// Three steps: the eigenvalues of M³ are the cubes.
			m3 := mul6(m, mul6(m, m, 6), 6)
			cubes := make([]complex128, 6)
			for i, l := range want {
				cubes[i] = l * l * l
			}
			ev3 := eigenvalues6(m3, 6)
			if e := matchN(ev3[:], cubes, 1); e > 1e-11 {
				t.Errorf("%s, α=%v: eigenvalues of M³ %v, want %v (error %.3g)", name, alpha, ev3, cubes, e)
			}
		}
	}
	// Two curvatures (order 4).
	for _, alpha := range []float64{1e-3, 0.05, 0.3} {
		var h [3][3]float64
		h[0][0], h[1][1] = 2, 5
		ev := eigenvalues6(heavyBallN(h, 2, alpha, mu), 4)
		a1, a2 := hbRootsN(2, alpha, mu)
		b1, b2 := hbRootsN(5, alpha, mu)
		if e := matchN(ev[:4], []complex128{a1, a2, b1, b2}, 1); e > 1e-12 {
			t.Errorf("2-D H, α=%v: %v (error %.3g)", alpha, ev[:4], e)
		}
	}
}

func TestHeavyBall6Products(t *testing.T) {
	// An epoch of mini-batches multiplies the maps of several Hessians. When
	// they are all diagonal the product splits coordinate by coordinate into
	// products of 2×2 maps, whose eigenvalues follow from trace and
	// determinant; the determinant of every map is μ^k.
	const mu = 0.9
	const alpha = 0.02
	batches := [][3]float64{{1, 10, 60}, {3, 4, 100}, {0.5, 20, 80}}
	prod := identityN(6)
	var want []complex128
	var blocks [3][2][2]float64
	for c := 0; c < 3; c++ {
		blocks[c] = [2][2]float64{{1, 0}, {0, 1}}
	}
	for _, b := range batches {
		var h [3][3]float64
		for c := 0; c < 3; c++ {
			h[c][c] = b[c]
			s := [2][2]float64{{1 - alpha*b[c], -alpha * mu}, {b[c], mu}}
			p := blocks[c]
			blocks[c] = [2][2]float64{
				{s[0][0]*p[0][0] + s[0][1]*p[1][0], s[0][0]*p[0][1] + s[0][1]*p[1][1]},
				{s[1][0]*p[0][0] + s[1][1]*p[1][0], s[1][0]*p[0][1] + s[1][1]*p[1][1]},
			}
		}
		prod = mul6(heavyBallN(h, 3, alpha, mu), prod, 6)
	}
	for c := 0; c < 3; c++ {
		tr := blocks[c][0][0] + blocks[c][1][1]
		det := mu * mu * mu
		disc := cmplx.Sqrt(complex(tr*tr-4*det, 0))
		want = append(want, (complex(tr, 0)+disc)/2, (complex(tr, 0)-disc)/2)
	}
	ev := eigenvalues6(prod, 6)
	checkOrderN(t, "product", ev[:])
	if e := matchN(ev[:], want, 1); e > 1e-11 {
		t.Errorf("product of diagonal maps: %v, want %v (error %.3g)", ev, want, e)
	}
	// Non-commuting Hessians: check the invariants, det = μ^(3·batches).
	rng := rand.New(rand.NewPCG(75, 76))
	for trial := 0; trial < 50; trial++ {
		p := identityN(6)
		for range 4 {
			q := givensQN(rng, 3)
			var h [3][3]float64
			d := [3]float64{10 * rng.Float64(), 10 * rng.Float64(), 30 * rng.Float64()}
			for i := 0; i < 3; i++ {
				for j := 0; j < 3; j++ {
					for l := 0; l < 3; l++ {
						h[i][j] += q[i][l] * d[l] * q[j][l]
					}
				}
			}
			p = mul6(heavyBallN(h, 3, 0.05, mu), p, 6)
		}
		ev := eigenvalues6(p, 6)
		var sum complex128
		prodEv := complex(1, 0)
		for _, l := range ev {
			sum += l
			prodEv *= l
		}
		tr := 0.0
		for i := 0; i < 6; i++ {
			tr += p[i][i]
		}
		norm := frobN(p, 6)
		wantDet := math.Pow(mu, 12)
		if cmplx.Abs(sum-complex(tr, 0)) > 1e-13*norm || cmplx.Abs(prodEv-complex(wantDet, 0)) > 1e-9*wantDet {
			t.Errorf("product of maps: Σλ = %v (trace %v), Πλ = %v (want %v)", sum, tr, prodEv, wantDet)
		}
	}
}

func TestEigenvalues6NonFinite(t *testing.T) {
	start := time.Now()
	rng := rand.New(rand.NewPCG(77, 78))
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		for n := 1; n <= 6; n++ {
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					var a mat6
					for r := 0; r < n; r++ {
						for c := 0; c < n; c++ {
							a[r][c] = rng.NormFloat64()
						}
					}
					a[i][j] = bad
					ev := eigenvalues6(a, n)
					for k := 0; k < n; k++ {
						if !cmplx.IsNaN(ev[k]) {
							t.Fatalf("n=%d, %v at (%d,%d): eigenvalue %d is %v, want NaN", n, bad, i, j, k, ev[k])
						}
					}
					for k := n; k < 6; k++ {
						if ev[k] != 0 {
							t.Errorf("n=%d: unused entry %d is %v", n, k, ev[k])
						}
					}
					if rho, dom := spectralRadius6(a, n); !math.IsNaN(rho) || !cmplx.IsNaN(dom) {
						t.Errorf("n=%d, %v: spectralRadius6 = %v, %v, want NaN", n, bad, rho, dom)
					}
				}
			}
		}
	}
	// Entries outside the leading block are ignored.
	a := mat6{{2, 1, math.NaN()}, {0, 3, math.Inf(1)}, {math.NaN(), 7, 9}}
	if ev := eigenvalues6(a, 2); ev != [6]complex128{3, 2} {
		t.Errorf("garbage outside the 2×2 block changed the result: %v", ev)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("non-finite inputs took %v", d)
	}
}

func TestEigenvalues6Scaling(t *testing.T) {
	// [[1, 1e300], [1e-300, 1]] is diagonally similar to [[1, 1], [1, 1]],
	// with eigenvalues 2 and 0; without balancing before scaling the small
	// entry would underflow and both eigenvalues would come out as 1.
	ev := eigenvalues6(mat6{{1, 1e300}, {1e-300, 1}}, 2)
	if cmplx.Abs(ev[0]-2) > 1e-14 || cmplx.Abs(ev[1]) > 1e-14 {
		t.Errorf("graded 2×2: %v, want 2, 0", ev[:2])
	}
	rng := rand.New(rand.NewPCG(79, 80))
	for trial := 0; trial < 100; trial++ {
		n := 2 + trial%5
		tm, want := schurCaseN(rng, n)
		a := similarN(givensQN(rng, n), tm, n)
		// D·A·D⁻¹ with D a diagonal of powers of two is exactly similar;
		// its entries range from about 1e-300 to 1e300.
		exps := [6]int{500, -500, 330, 0, -330, 170}
		for k := range n {
			j := rng.IntN(k + 1)
			exps[k], exps[j] = exps[j], exps[k]
		}
		var g mat6
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				g[i][j] = math.Ldexp(a[i][j], exps[i]-exps[j])
			}
		}
		ev := eigenvalues6(g, n)
		if e := matchN(ev[:n], want, 1); e > 1e-10 {
			t.Errorf("graded n=%d %v: %v, want %v (error %.3g)", n, g, ev[:n], want, e)
		}
		// Uniformly huge or tiny matrices: the eigenvalues scale along.
		for _, s := range []float64{1e300, 1e-300, 1e-315} {
			var b mat6
			scaled := make([]complex128, n)
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					b[i][j] = a[i][j] * s
				}
			}
			for i, l := range want {
				scaled[i] = l * complex(s, 0)
			}
			tol := 1e-10
			if s < 1e-308 {
				tol = 1e-6 // subnormal entries keep only about 30 bits
			}
			ev := eigenvalues6(b, n)
			if e := matchN(ev[:n], scaled, 0); e > tol || math.IsNaN(e) {
				t.Errorf("n=%d scaled by %v: %v, want %v (error %.3g)", n, s, ev[:n], scaled, e)
			}
		}
	}
	// Entries near the overflow threshold: the sums in balancing must not
	// overflow.
	big := mat6{{1e308, 1e308, 0}, {-1e308, 1e308, 0}, {0, 0, 1e300}}
	ev = eigenvalues6(big, 3)
	want := []complex128{complex(1e308, 1e308), complex(1e308, -1e308), 1e300}
	if e := matchN(ev[:3], want, 0); e > 1e-14 {
		t.Errorf("near overflow: %v, want %v", ev[:3], want)
	}
}

func TestEigenvalues6Hard(t *testing.T) {
	// The zero matrix.
	if ev := eigenvalues6(mat6{}, 6); ev != [6]complex128{} {
		t.Errorf("zero matrix: %v", ev)
	}
	// A Jordan block is defective: its eigenvalue moves by about ε^(1/6),
	// but the trace is still exact and nothing fails.
	var j6, n6 mat6
	for i := 0; i < 6; i++ {
		j6[i][i] = 2
		if i > 0 {
			j6[i][i-1] = 1
			n6[i][i-1] = 1
		}
	}
	for name, c := range map[string]struct {
		a      mat6
		lambda complex128
	}{"Jordan block": {j6, 2}, "nilpotent shift": {n6, 0}} {
		ev := eigenvalues6(c.a, 6)
		var sum complex128
		for _, l := range ev {
			sum += l
			if cmplx.IsNaN(l) || cmplx.Abs(l-c.lambda) > 1e-2 {
				t.Errorf("%s: eigenvalues %v, want about %v", name, ev, c.lambda)
				break
			}
		}
		if cmplx.Abs(sum-6*c.lambda) > 1e-13 {
			t.Errorf("%s: Σλ = %v, want %v", name, sum, 6*c.lambda)
		}
	}
	// An iteration cap that is too small reports failure as NaN; a
	// triangular matrix needs no iteration at all.
	var c mat6
	for i := 0; i < 5; i++ {
		c[i+1][i] = 1
	}
	c[0][5] = 1
	for k, l := range eigenvaluesN(c, 6, 5) {
		if !cmplx.IsNaN(l) {
			t.Errorf("cyclic shift with 5 QR steps: eigenvalue %d = %v, want NaN", k, l)
		}
	}
	tri := mat6{{1, 2, 3}, {0, 4, 5}, {0, 0, -6}}
	if ev := eigenvaluesN(tri, 3, 0); ev != [6]complex128{-6, 4, 1} {
		t.Errorf("triangular with no QR steps: %v", ev)
	}
	// Tiny coupling between two blocks with equal eigenvalues, and an
	// exactly zero subdiagonal in the middle.
	for _, eps := range []float64{1e-6, 1e-10, 1e-14, 1e-20, 1e-300} {
		a := mat6{
			{0, 1, 0, 0},
			{1, 0, eps, 0},
			{0, -eps, 0, 1},
			{0, 0, 1, 0},
		}
		ev := eigenvalues6(a, 4)
		// a is a perturbation of norm eps of a symmetric matrix with
		// double eigenvalues ±1, so by Bauer–Fike every eigenvalue lies
		// within eps of 1 or −1.
		for _, l := range ev[:4] {
			if cmplx.IsNaN(l) || math.Min(cmplx.Abs(l-1), cmplx.Abs(l+1)) > eps+1e-15 {
				t.Errorf("coupled blocks, eps=%v: %v", eps, ev[:4])
				break
			}
		}
	}
}

func TestEigenvalues6Robust(t *testing.T) {
	// Random matrices of three awkward kinds: entries spanning 600 orders of
	// magnitude, sparse entries from {−1, 0, 1}, and small integers (both
	// with many multiple eigenvalues). Every result must be finite, and for
	// the last two the trace must be reproduced.
	rng := rand.New(rand.NewPCG(85, 86))
	for trial := 0; trial < 6000; trial++ {
		n := 1 + rng.IntN(6)
		kind := trial % 3
		var a mat6
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				switch kind {
				case 0:
					if rng.IntN(3) > 0 {
						a[i][j] = math.Pow(10, 600*rng.Float64()-300) * float64(2*rng.IntN(2)-1)
					}
				case 1:
					if rng.IntN(2) == 0 {
						a[i][j] = float64(rng.IntN(3) - 1)
					}
				default:
					a[i][j] = float64(rng.IntN(5) - 2)
				}
			}
		}
		ev := eigenvalues6(a, n)
		var sum complex128
		for _, l := range ev[:n] {
			if cmplx.IsNaN(l) || cmplx.IsInf(l) {
				t.Fatalf("n=%d %v: eigenvalues %v", n, a, ev[:n])
			}
			sum += l
		}
		checkOrderN(t, "awkward", ev[:n])
		if kind > 0 {
			tr := 0.0
			for i := 0; i < n; i++ {
				tr += a[i][i]
			}
			if cmplx.Abs(sum-complex(tr, 0)) > 1e-13*max(1, frobN(a, n)) {
				t.Errorf("n=%d %v: Σλ = %v, trace %v", n, a, sum, tr)
			}
		}
	}
	// A matrix on which the Ahues–Tisseur deflation test alone stalls, its
	// Hessenberg form having subdiagonal entries just above the underflow
	// guard; the classical test then finishes the job.
	stall := mat6{
		{0, 0, 0, 6.445210150400844e-148, 6.254324118671523e-200, -1.5051148468299813e-155},
		{4.050937296239287e-67, -5.730795872401913e-169, 1.1926733661034942e+247, 6319.240168834668, 4.575615617865569e+236, 0},
		{4.722429879975457e-239, -1.5705382145653893e+78, 0, 0, 4.487977574798859e-152, -1.1824008173377034e-66},
		{7.730727851672042e+73, 2.5039059099229422e+91, 1.0855796749916512e+13, 8.30705523632647e-173, 7.105684097433871e+121, 1.1441842673771691e+295},
		{0, 2.4008669752082417e+293, -3.347003347730661e+162, -3.3653428247272785e-137, 2.155089760719841e-203, 0},
		{0, -2.1652704565414988e+297, 1.838353286808083e+239, -6.422775951769166e-180, -3.9047142926973384e+88, -2.9400100028889252e+54},
	}
	for _, l := range eigenvalues6(stall, 6) {
		if cmplx.IsNaN(l) || cmplx.IsInf(l) {
			t.Errorf("stalling matrix: eigenvalues %v", eigenvalues6(stall, 6))
			break
		}
	}
}

func TestEigenvalues6InvalidOrder(t *testing.T) {
	for _, n := range []int{-1, 0, 7} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("eigenvalues6 with n=%d did not panic", n)
				}
			}()
			eigenvalues6(mat6{}, n)
		}()
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("spectralRadius6 with n=%d did not panic", n)
				}
			}()
			spectralRadius6(mat6{}, n)
		}()
	}
}

func TestEigenvalues6NoAllocation(t *testing.T) {
	rng := rand.New(rand.NewPCG(81, 82))
	var a mat6
	for i := range a {
		for j := range a[i] {
			a[i][j] = rng.NormFloat64()
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { spectralRadius6(a, 6) }); allocs != 0 {
		t.Errorf("spectralRadius6 allocates %v times per call", allocs)
	}
}

// sinkRho6 keeps the benchmark result alive.
var sinkRho6 float64

func BenchmarkSpectralRadius6(b *testing.B) {
	rng := rand.New(rand.NewPCG(83, 84))
	var a mat6
	for i := range a {
		for j := range a[i] {
			a[i][j] = rng.NormFloat64()
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		rho, _ := spectralRadius6(a, 6)
		sinkRho6 = rho
	}
}

func BenchmarkSpectralRadius6HeavyBall(b *testing.B) {
	// The momentum map of a rotated 3×3 Hessian with curvatures 1, 10, 100.
	rng := rand.New(rand.NewPCG(87, 88))
	q := givensQN(rng, 3)
	var h [3][3]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for l, c := range [3]float64{1, 10, 100} {
				h[i][j] += q[i][l] * c * q[j][l]
			}
		}
	}
	m := heavyBallN(h, 3, 0.01, 0.9)
	b.ReportAllocs()
	for b.Loop() {
		rho, _ := spectralRadius6(m, 6)
		sinkRho6 = rho
	}
}
