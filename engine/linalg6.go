package engine

import (
	"math"
	"math/cmplx"
)

// This file extends the small dense linear algebra of linalg.go to general
// real matrices of order up to 6, which is what the (error, velocity) maps of
// the momentum methods need: a Hessian of order k ≤ 3 gives a map of order
// 2k ≤ 6. As in linalg.go every matrix lives in a fixed array, nothing here
// allocates, and entries outside the leading n×n block are ignored.

// mat6 is a square matrix of order at most 6; only the leading n×n block is used.
type mat6 [6][6]float64

// maxQRIterations6 is the total number of Francis double-shift steps that
// one run of hqr6 may spend on a matrix; eigenvalues6 makes at most two runs
// before it gives up and reports NaN. It is LAPACK's dlahqr budget,
// 30·max(10, n), for the largest order; well-behaved matrices of order 6 need
// a dozen or two.
const maxQRIterations6 = 300

// maxBalanceSweeps6 bounds the balancing sweeps. Each sweep changes the
// scaling of a row and column by at most 2^±1000, so two sweeps suffice even
// for entries at the extremes of the floating-point range; typical matrices
// need two or three sweeps.
const maxBalanceSweeps6 = 100

// checkOrder6 panics unless n is a supported matrix order.
func checkOrder6(n int) {
	if n < 1 || n > 6 {
		panic("engine: matrix order must be between 1 and 6")
	}
}

// finite6 reports whether every entry of the leading n×n block of a is finite.
func finite6(a *mat6, n int) bool {
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if math.IsNaN(a[i][j]) || math.IsInf(a[i][j], 0) {
				return false
			}
		}
	}
	return true
}

// eigenvalues6 returns the n eigenvalues (n = 1…6) of the general real n×n matrix a,
// sorted by decreasing modulus (ties: larger real part first, then +imag first), complex
// for complex-conjugate pairs. It balances the matrix, reduces it to upper Hessenberg
// form by Householder reflections and applies the Francis double-shift QR iteration
// (EISPACK's hqr), without allocating. Non-finite input, or a QR iteration that fails
// to converge within a fixed iteration cap, gives NaN eigenvalues, never a hang or a
// panic. An order n outside 1…6 panics.
//
// In detail: the matrix is first balanced by a diagonal similarity of powers
// of two (Parlett–Reinsch, exact, and done before any scaling so that a graded
// matrix with entries like 1e300 and 1e-300 keeps its small entries), then
// scaled by a power of two so that its largest entry lies in [1/2, 1), reduced
// to upper Hessenberg form by Householder reflections and solved by the
// Francis double-shift QR iteration in the form of LAPACK's dlahqr (EISPACK's
// hqr with an overflow-safe shift vector, the Ahues–Tisseur deflation test
// and exceptional shifts every tenth step; should that stall, which happens on
// matrices whose entries reach down to the underflow threshold, it is re-run
// with EISPACK's simpler deflation test). A 2×2 block that splits off is
// solved by eig2, so a complex pair is exactly conjugate. Every step is an
// orthogonal or exact similarity, so the method is backward stable:
// well-conditioned eigenvalues are accurate to a small multiple of machine
// epsilon times the norm of the balanced matrix, and a double or triple root
// to roughly the square or cube root of that. Entries smaller than 2⁻¹⁰⁷⁴
// times the largest balanced entry are lost to underflow, which is far below
// that error.
func eigenvalues6(a mat6, n int) [6]complex128 {
	return eigenvaluesN(a, n, maxQRIterations6)
}

// eigenvaluesN is eigenvalues6 with an explicit budget of QR steps, so that
// the tests can exercise the failure path.
func eigenvaluesN(a mat6, n, budget int) [6]complex128 {
	checkOrder6(n)
	var out [6]complex128
	if !finite6(&a, n) {
		nanFillN(&out, n)
		return out
	}
	if n == 1 {
		out[0] = complex(a[0][0], 0)
		return out
	}
	balance6(&a, n)
	scale := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			scale = max(scale, math.Abs(a[i][j]))
		}
	}
	if scale == 0 {
		return out
	}
	// Multiplying by 2^-e is exact (apart from underflow of negligible
	// entries), and with every entry below 1 no product formed later can
	// overflow.
	// The factor is applied in two halves because 2^-e alone overflows
	// when the largest entry is subnormal.
	_, e := math.Frexp(scale)
	f1, f2 := math.Ldexp(1, -e/2), math.Ldexp(1, -e+e/2)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a[i][j] = a[i][j] * f1 * f2
		}
	}
	hessenberg6(&a, n)
	h := a
	wr, wi, ok := hqr6(&a, n, budget, true)
	if !ok {
		// The conservative deflation test can stall on matrices whose
		// entries are near the underflow threshold; the classical test
		// is backward stable as well, so give it a chance.
		wr, wi, ok = hqr6(&h, n, budget, false)
	}
	if !ok {
		nanFillN(&out, n)
		return out
	}
	for i := 0; i < n; i++ {
		if math.IsNaN(wr[i]) || math.IsNaN(wi[i]) {
			nanFillN(&out, n)
			return out
		}
		out[i] = unscale2(complex(wr[i], wi[i]), e)
	}
	sortByModulus6(&out, n)
	return out
}

// nanFillN sets the first n entries of ev to NaN.
func nanFillN(ev *[6]complex128, n int) {
	for i := 0; i < n; i++ {
		ev[i] = cmplx.NaN()
	}
}

// spectralRadius6 returns max |λ| and the eigenvalue of largest modulus.
//
// The eigenvalue is the first of eigenvalues6(a, n), so among several of the
// same modulus it is the one with the larger real part, then the one with
// positive imaginary part. Non-finite input, or a QR iteration that fails to
// converge, gives NaN for both.
func spectralRadius6(a mat6, n int) (float64, complex128) {
	ev := eigenvalues6(a, n)
	return cmplx.Abs(ev[0]), ev[0]
}

// sortByModulus6 sorts the first n entries of ev by decreasing modulus, then
// decreasing real part, then decreasing imaginary part (insertion sort, which
// does not allocate).
func sortByModulus6(ev *[6]complex128, n int) {
	var mod [6]float64
	for i := 0; i < n; i++ {
		mod[i] = cmplx.Abs(ev[i])
	}
	before := func(i, j int) bool {
		if mod[i] != mod[j] {
			return mod[i] > mod[j]
		}
		if real(ev[i]) != real(ev[j]) {
			return real(ev[i]) > real(ev[j])
		}
		return imag(ev[i]) > imag(ev[j])
	}
	for i := 1; i < n; i++ {
		for j := i; j > 0 && before(j, j-1); j-- {
			ev[j], ev[j-1] = ev[j-1], ev[j]
			mod[j], mod[j-1] = mod[j-1], mod[j]
		}
	}
}

// balance6 applies the Parlett–Reinsch balancing similarity D⁻¹·a·D, with D a
// diagonal matrix of powers of two, to the leading n×n block of a: it makes
// the off-diagonal 1-norms of each row and the matching column comparable,
// which reduces the norm (and so the absolute rounding error of the QR
// iteration) without any rounding of its own.
//
// Unlike the textbook version it never overflows: the norms are summed at a
// sixteenth of their size, one step scales by at most 2^±1000, and the
// diagonal, which a diagonal similarity leaves unchanged, is not touched.
func balance6(a *mat6, n int) {
	const radix = 2.0
	const sqrdx = radix * radix
	for sweep := 0; sweep < maxBalanceSweeps6; sweep++ {
		done := true
		for i := 0; i < n; i++ {
			c, r := 0.0, 0.0
			for j := 0; j < n; j++ {
				if j != i {
					c += math.Abs(a[j][i]) * 0x1p-4
					r += math.Abs(a[i][j]) * 0x1p-4
				}
			}
			if c == 0 || r == 0 {
				continue
			}
			s := c + r
			f := 1.0
			g := r / radix
			for c < g && f < 0x1p1000 {
				f *= radix
				c *= sqrdx
			}
			g = r * radix
			for c > g && f > 0x1p-1000 {
				f /= radix
				c /= sqrdx
			}
			if (c+r)/f < 0.95*s {
				done = false
				g = 1 / f
				for j := 0; j < n; j++ {
					if j != i {
						a[i][j] *= g
						a[j][i] *= f
					}
				}
			}
		}
		if done {
			return
		}
	}
}

// reflectorN computes the Householder reflector I − τ·v·vᵀ, v = (1, v[1], …,
// v[m-1]), that maps the vector v[0:m] (m = 2 or 3) to (β, 0, …, 0), in the
// manner of LAPACK's dlarfg. It overwrites v[1:m] with the tail of v and
// returns β and τ; τ is zero (the identity) when the tail is already zero.
// Tiny vectors are scaled up by an exact power of two first, so that neither
// the squares nor the reciprocal can underflow or overflow.
func reflectorN(v *[6]float64, m int) (beta, tau float64) {
	alpha := v[0]
	big := 0.0
	for i := 1; i < m; i++ {
		big = max(big, math.Abs(v[i]))
	}
	if big == 0 {
		return alpha, 0
	}
	big = max(big, math.Abs(alpha))
	up := 1.0
	if big < 0x1p-500 {
		up = 0x1p600
	} else if big > 0x1p500 {
		up = 0x1p-600
	}
	alpha *= up
	ss := alpha * alpha
	for i := 1; i < m; i++ {
		v[i] *= up
		ss += v[i] * v[i]
	}
	beta = -math.Copysign(math.Sqrt(ss), alpha)
	tau = (beta - alpha) / beta
	d := 1 / (alpha - beta)
	for i := 1; i < m; i++ {
		v[i] *= d
	}
	return beta / up, tau
}

// hessenberg6 reduces the leading n×n block of a to upper Hessenberg form by
// an orthogonal similarity built from n−2 Householder reflections, the
// entries below the subdiagonal being set to zero.
func hessenberg6(a *mat6, n int) {
	var v [6]float64
	for k := 0; k+2 < n; k++ {
		// The reflector acts on rows and columns k+1…n−1 and annihilates
		// a[k+2…n−1][k]. It is built in v[0:m], v[0] standing for row k+1.
		m := n - k - 1
		for i := 0; i < m; i++ {
			v[i] = a[k+1+i][k]
		}
		beta, tau := reflectorN(&v, m)
		if tau == 0 {
			continue
		}
		v[0] = 1
		a[k+1][k] = beta
		for i := k + 2; i < n; i++ {
			a[i][k] = 0
		}
		// From the left: rows k+1…n−1 of columns k+1…n−1.
		for j := k + 1; j < n; j++ {
			s := 0.0
			for i := 0; i < m; i++ {
				s += v[i] * a[k+1+i][j]
			}
			s *= tau
			for i := 0; i < m; i++ {
				a[k+1+i][j] -= s * v[i]
			}
		}
		// From the right: columns k+1…n−1 of every row.
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < m; j++ {
				s += a[i][k+1+j] * v[j]
			}
			s *= tau
			for j := 0; j < m; j++ {
				a[i][k+1+j] -= s * v[j]
			}
		}
	}
}

// hqr6 finds all eigenvalues of the n×n upper Hessenberg matrix a, which it
// destroys, by the Francis double-shift QR iteration. It follows LAPACK's
// dlahqr (the descendant of EISPACK's hqr) for eigenvalues only: the
// Ahues–Tisseur test decides when a subdiagonal entry is negligible, the
// double-shift vector is formed so that it cannot overflow, and an ad hoc
// shift is used after every tenth step without deflation, alternately from
// the top and the bottom of the active block. A 2×2 block that splits off is
// solved by eig2. The real and imaginary parts are returned in wr and wi; ok
// is false if more than budget QR steps were needed in all.
//
// When conservative is false, a subdiagonal entry is negligible as soon as it
// is below machine epsilon times its two diagonal neighbours (EISPACK's
// test), without the further Ahues–Tisseur condition; both tests make a
// perturbation of the order of machine epsilon times the norm.
func hqr6(a *mat6, n, budget int, conservative bool) (wr, wi [6]float64, ok bool) {
	const ulp = 0x1p-52
	const safmin = 0x1p-1022
	const exceptional = 10
	const dat1, dat2 = 0.75, -0.4375
	smlnum := safmin * (float64(n) / ulp)
	for j := 0; j+2 < n; j++ {
		a[j+2][j] = 0
		if j+3 < n {
			a[j+3][j] = 0
		}
	}
	its := 0
	var v [6]float64
	for i := n - 1; i >= 0; {
		// The active block is rows and columns l…i.
		l := 0
		sinceDeflation := 0
		for {
			// Look for a single small subdiagonal entry.
			k := i
			for ; k > l; k-- {
				sub := math.Abs(a[k][k-1])
				if sub <= smlnum {
					break
				}
				tst := math.Abs(a[k-1][k-1]) + math.Abs(a[k][k])
				if tst == 0 {
					if k-2 >= 0 {
						tst += math.Abs(a[k-1][k-2])
					}
					if k+1 < n {
						tst += math.Abs(a[k+1][k])
					}
				}
				if sub <= ulp*tst {
					if !conservative {
						break
					}
					// Ahues and Tisseur: deflate when the 2×2 block
					// at k−1, k is close to triangular in a relative
					// sense.
					sup := math.Abs(a[k-1][k])
					ab, ba := max(sub, sup), min(sub, sup)
					d := math.Abs(a[k-1][k-1] - a[k][k])
					akk := math.Abs(a[k][k])
					aa, bb := max(akk, d), min(akk, d)
					s := aa + ab
					if ba*(ab/s) <= max(smlnum, ulp*(bb*(aa/s))) {
						break
					}
				}
			}
			l = k
			if l > 0 {
				a[l][l-1] = 0
			}
			if l >= i-1 {
				break
			}
			if its >= budget {
				return wr, wi, false
			}
			its++
			sinceDeflation++

			// The shifts are the eigenvalues of the trailing 2×2 block,
			// or of an ad hoc block every tenth step.
			var h11, h12, h21, h22 float64
			switch {
			case sinceDeflation%(2*exceptional) == 0:
				s := math.Abs(a[i][i-1]) + math.Abs(a[i-1][i-2])
				h11 = dat1*s + a[i][i]
				h12, h21, h22 = dat2*s, s, h11
			case sinceDeflation%exceptional == 0:
				s := math.Abs(a[l+1][l]) + math.Abs(a[l+2][l+1])
				h11 = dat1*s + a[l][l]
				h12, h21, h22 = dat2*s, s, h11
			default:
				h11, h12 = a[i-1][i-1], a[i-1][i]
				h21, h22 = a[i][i-1], a[i][i]
			}
			var rt1r, rt1i, rt2r, rt2i float64
			if s := math.Abs(h11) + math.Abs(h12) + math.Abs(h21) + math.Abs(h22); s != 0 {
				h11 /= s
				h12 /= s
				h21 /= s
				h22 /= s
				tr := (h11 + h22) / 2
				det := (h11-tr)*(h22-tr) - h12*h21
				rtdisc := math.Sqrt(math.Abs(det))
				if det >= 0 {
					// A complex-conjugate pair of shifts.
					rt1r, rt2r = tr*s, tr*s
					rt1i, rt2i = rtdisc*s, -rtdisc*s
				} else {
					// Two real shifts: use the one nearer h22 twice.
					rt1r, rt2r = tr+rtdisc, tr-rtdisc
					if math.Abs(rt1r-h22) <= math.Abs(rt2r-h22) {
						rt2r = rt1r
					} else {
						rt1r = rt2r
					}
					rt1r *= s
					rt2r *= s
				}
			}

			// Look for two consecutive small subdiagonal entries, so
			// that the step can start lower down at row m; v is the
			// first column of (A − σ₁)(A − σ₂), scaled.
			m := i - 2
			for ; ; m-- {
				h21s := a[m+1][m]
				s := math.Abs(a[m][m]-rt2r) + math.Abs(rt2i) + math.Abs(h21s)
				h21s = a[m+1][m] / s
				v[0] = h21s*a[m][m+1] + (a[m][m]-rt1r)*((a[m][m]-rt2r)/s) - rt1i*(rt2i/s)
				v[1] = h21s * (a[m][m] + a[m+1][m+1] - rt1r - rt2r)
				v[2] = h21s * a[m+2][m+1]
				s = math.Abs(v[0]) + math.Abs(v[1]) + math.Abs(v[2])
				v[0] /= s
				v[1] /= s
				v[2] /= s
				if m == l {
					break
				}
				h00 := math.Abs(a[m][m-1]) * (math.Abs(v[1]) + math.Abs(v[2]))
				h01 := ulp * math.Abs(v[0]) * (math.Abs(a[m-1][m-1]) + math.Abs(a[m][m]) + math.Abs(a[m+1][m+1]))
				if h00 <= h01 {
					break
				}
			}

			// The double-shift QR step: a reflector from v creates a
			// bulge below the subdiagonal, and the following ones chase
			// it down and out of the active block.
			for k := m; k < i; k++ {
				nr := min(3, i-k+1)
				if k > m {
					for r := 0; r < nr; r++ {
						v[r] = a[k+r][k-1]
					}
				}
				beta, tau := reflectorN(&v, nr)
				if k > m {
					a[k][k-1] = beta
					a[k+1][k-1] = 0
					if k < i-1 {
						a[k+2][k-1] = 0
					}
				} else if m > l {
					// LAPACK's form of a[k][k-1] = −a[k][k-1], which
					// stays right when v[1] and v[2] underflow.
					a[k][k-1] *= 1 - tau
				}
				if tau == 0 {
					continue
				}
				v2 := v[1]
				t2 := tau * v2
				if nr == 3 {
					v3 := v[2]
					t3 := tau * v3
					for j := k; j <= i; j++ {
						sum := a[k][j] + v2*a[k+1][j] + v3*a[k+2][j]
						a[k][j] -= sum * tau
						a[k+1][j] -= sum * t2
						a[k+2][j] -= sum * t3
					}
					for j := l; j <= min(k+3, i); j++ {
						sum := a[j][k] + v2*a[j][k+1] + v3*a[j][k+2]
						a[j][k] -= sum * tau
						a[j][k+1] -= sum * t2
						a[j][k+2] -= sum * t3
					}
				} else {
					for j := k; j <= i; j++ {
						sum := a[k][j] + v2*a[k+1][j]
						a[k][j] -= sum * tau
						a[k+1][j] -= sum * t2
					}
					for j := l; j <= i; j++ {
						sum := a[j][k] + v2*a[j][k+1]
						a[j][k] -= sum * tau
						a[j][k+1] -= sum * t2
					}
				}
			}
		}
		if l == i {
			// One real eigenvalue has converged.
			wr[i], wi[i] = a[i][i], 0
		} else {
			// A 2×2 block has split off.
			l1, l2 := eig2(a[i-1][i-1], a[i-1][i], a[i][i-1], a[i][i])
			wr[i-1], wi[i-1] = real(l1), imag(l1)
			wr[i], wi[i] = real(l2), imag(l2)
		}
		i = l - 1
	}
	return wr, wi, true
}
