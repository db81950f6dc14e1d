package engine

import (
	"math"
	"math/cmplx"
)

// This file holds the small dense linear algebra the analysis needs: every
// matrix has order k = 1, 2 or 3 and lives in a fixed 3×3 array, so nothing
// here allocates. Entries outside the leading k×k block are ignored on input
// and are zero on output.

// mat3 is a square matrix of order at most 3; only the leading k×k block is used.
type mat3 [3][3]float64

// pseudoTol is the relative tolerance below which pseudoSolve treats an
// eigenvalue as zero: an eigenvalue λ with λ ≤ k·pseudoTol·λmax is dropped.
// It is about 450 machine epsilons (2.2e-16), which leaves room for the
// rounding of symEigen on a matrix that was itself assembled in floating point,
// and it matches the rank tolerance used by the analysis.
const pseudoTol = 1e-13

// maxJacobiSweeps bounds the cyclic Jacobi iteration. Convergence is quadratic,
// so a 3×3 matrix needs fewer than ten sweeps; the bound only guarantees
// termination.
const maxJacobiSweeps = 50

// checkOrder3 panics unless k is a supported matrix order.
func checkOrder3(k int) {
	if k < 1 || k > 3 {
		panic("engine: matrix order must be 1, 2 or 3")
	}
}

// identity returns the k×k identity matrix.
func identity(k int) mat3 {
	checkOrder3(k)
	var m mat3
	for i := 0; i < k; i++ {
		m[i][i] = 1
	}
	return m
}

// mul returns the k×k matrix product a·b.
func (a mat3) mul(b mat3, k int) mat3 {
	checkOrder3(k)
	var c mat3
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			s := 0.0
			for l := 0; l < k; l++ {
				s += a[i][l] * b[l][j]
			}
			c[i][j] = s
		}
	}
	return c
}

// finite3 reports whether every entry of the leading k×k block of a is finite.
func finite3(a mat3, k int) bool {
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			if math.IsNaN(a[i][j]) || math.IsInf(a[i][j], 0) {
				return false
			}
		}
	}
	return true
}

// symmetric3 reports whether the leading k×k block of a is exactly symmetric.
func symmetric3(a mat3, k int) bool {
	for i := 0; i < k; i++ {
		for j := i + 1; j < k; j++ {
			if a[i][j] != a[j][i] {
				return false
			}
		}
	}
	return true
}

// symEigen returns the eigenvalues of the symmetric k×k matrix a in ascending order
// and the matching orthonormal eigenvectors as the columns of vecs (cyclic Jacobi; exact 1×1 case).
//
// The matrix is symmetrised as (a+aᵀ)/2 and scaled by a power of two first.
// A rotation is skipped once its off-diagonal entry is below machine epsilon
// times the geometric mean of the two diagonal entries, which gives small
// eigenvalues high relative accuracy on well-scaled matrices. If an entry is
// not finite, every eigenvalue and every eigenvector entry is NaN.
func symEigen(a mat3, k int) (vals [3]float64, vecs mat3) {
	checkOrder3(k)
	if !finite3(a, k) {
		nan := math.NaN()
		for i := 0; i < k; i++ {
			vals[i] = nan
			for j := 0; j < k; j++ {
				vecs[i][j] = nan
			}
		}
		return vals, vecs
	}
	// Symmetrise, and scale by a power of two so that the largest entry is
	// below 1 and no intermediate quantity can overflow.
	var s mat3
	for i := 0; i < k; i++ {
		s[i][i] = a[i][i]
		for j := i + 1; j < k; j++ {
			m := a[i][j]
			if a[j][i] != m {
				m = a[i][j]/2 + a[j][i]/2
			}
			s[i][j], s[j][i] = m, m
		}
	}
	scale := 0.0
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			scale = max(scale, math.Abs(s[i][j]))
		}
	}
	e := 0
	if scale > 0 {
		_, e = math.Frexp(scale)
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				s[i][j] = math.Ldexp(s[i][j], -e)
			}
		}
	}
	v := identity(k)
	const eps = 0x1p-52
	for sweep := 0; sweep < maxJacobiSweeps; sweep++ {
		rotated := false
		for p := 0; p < k; p++ {
			for q := p + 1; q < k; q++ {
				apq := s[p][q]
				if apq == 0 {
					continue
				}
				if math.Abs(apq) <= eps*math.Sqrt(math.Abs(s[p][p]))*math.Sqrt(math.Abs(s[q][q])) {
					s[p][q], s[q][p] = 0, 0
					continue
				}
				rotated = true
				// The rotation angle φ annihilates s[p][q]: with
				// θ = cot 2φ = (s_qq − s_pp)/(2 s_pq), t = tan φ is the smaller
				// root of t² + 2θt − 1 = 0.
				theta := (s[q][q] - s[p][p]) / (2 * apq)
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Hypot(theta, 1))
				c := 1 / math.Hypot(t, 1)
				sn := t * c
				for r := 0; r < k; r++ {
					srp, srq := s[r][p], s[r][q]
					s[r][p], s[r][q] = c*srp-sn*srq, sn*srp+c*srq
				}
				for r := 0; r < k; r++ {
					spr, sqr := s[p][r], s[q][r]
					s[p][r], s[q][r] = c*spr-sn*sqr, sn*spr+c*sqr
				}
				s[p][q], s[q][p] = 0, 0
				for r := 0; r < k; r++ {
					vrp, vrq := v[r][p], v[r][q]
					v[r][p], v[r][q] = c*vrp-sn*vrq, sn*vrp+c*vrq
				}
			}
		}
		if !rotated {
			break
		}
	}
	// Insertion sort of the diagonal, ascending, carrying the columns along.
	idx := [3]int{0, 1, 2}
	for i := 1; i < k; i++ {
		for j := i; j > 0 && s[idx[j]][idx[j]] < s[idx[j-1]][idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	for c := 0; c < k; c++ {
		vals[c] = math.Ldexp(s[idx[c]][idx[c]], e)
		for r := 0; r < k; r++ {
			vecs[r][c] = v[r][idx[c]]
		}
	}
	return vals, vecs
}

// eigenvalues returns the k eigenvalues of the general real k×k matrix a
// (complex when the matrix is not symmetric), sorted by decreasing modulus;
// ties are broken by decreasing real part, then decreasing imaginary part, so a
// complex-conjugate pair appears with the positive imaginary part first.
//
// An exactly symmetric matrix goes to symEigen, so its eigenvalues are real.
// Otherwise a 2×2 matrix is solved with a cancellation-free form of the
// quadratic formula, and a 3×3 matrix goes to eigenvalues6 (scaled by a
// power of two, balanced, reduced to Hessenberg form and solved by the
// Francis double-shift QR iteration, whose 2×2 blocks again use the stable
// quadratic). All of these are backward stable, so well-conditioned
// eigenvalues are accurate to a small multiple of machine epsilon relative to
// the matrix norm. If an entry is not finite, or the iteration fails to
// converge, the eigenvalues are NaN.
func eigenvalues(a mat3, k int) [3]complex128 {
	checkOrder3(k)
	var out [3]complex128
	if !finite3(a, k) {
		nan := cmplx.NaN()
		for i := 0; i < k; i++ {
			out[i] = nan
		}
		return out
	}
	switch {
	case k == 1:
		out[0] = complex(a[0][0], 0)
		return out
	case symmetric3(a, k):
		vals, _ := symEigen(a, k)
		for i := 0; i < k; i++ {
			out[i] = complex(vals[i], 0)
		}
	case k == 2:
		out[0], out[1] = eig2(a[0][0], a[0][1], a[1][0], a[1][1])
	default:
		out = eig3(a)
	}
	sortByModulus(&out, k)
	return out
}

// sortByModulus sorts the first k entries of ev by decreasing modulus, then
// decreasing real part, then decreasing imaginary part.
func sortByModulus(ev *[3]complex128, k int) {
	before := func(x, y complex128) bool {
		ax, ay := cmplx.Abs(x), cmplx.Abs(y)
		if ax != ay {
			return ax > ay
		}
		if real(x) != real(y) {
			return real(x) > real(y)
		}
		return imag(x) > imag(y)
	}
	for i := 1; i < k; i++ {
		for j := i; j > 0 && before(ev[j], ev[j-1]); j-- {
			ev[j], ev[j-1] = ev[j-1], ev[j]
		}
	}
}

// diffOfProducts returns x·y − u·v with an error of about one rounding,
// using Kahan's fused multiply-add trick.
func diffOfProducts(x, y, u, v float64) float64 {
	w := u * v
	e := math.FMA(-u, v, w) // u·v = w − e exactly
	f := math.FMA(x, y, -w)
	return f + e
}

// sumOfProducts returns x·y + u·v with an error of about one rounding.
func sumOfProducts(x, y, u, v float64) float64 {
	return diffOfProducts(x, y, -u, v)
}

// eig2 returns the eigenvalues of the 2×2 matrix [[a, b], [c, d]].
//
// With m = (a+d)/2 and p = (a−d)/2 they are m ± √(p² + bc). For a real pair
// the one of larger modulus, m + sign(m)·√(p²+bc), involves no cancellation;
// the other follows from the determinant (formed with a fused multiply-add, so
// its own cancellation costs no accuracy) unless the two roots are so close
// that plain subtraction is more accurate. The discriminant is also formed
// with a fused multiply-add, and the matrix is scaled by a power of two first
// so that the squares can neither overflow nor underflow.
func eig2(a, b, c, d float64) (complex128, complex128) {
	scale := max(math.Abs(a), math.Abs(b), math.Abs(c), math.Abs(d))
	if scale == 0 {
		return 0, 0
	}
	_, e := math.Frexp(scale)
	a, b, c, d = math.Ldexp(a, -e), math.Ldexp(b, -e), math.Ldexp(c, -e), math.Ldexp(d, -e)
	m := a/2 + d/2
	p := a/2 - d/2
	disc := sumOfProducts(p, p, b, c)
	var l1, l2 complex128
	if disc >= 0 {
		r := math.Sqrt(disc)
		big := m + math.Copysign(r, m)
		// The other root is det/big or m − sign(m)·r. The quotient has an
		// absolute error of about ε·max(|ad|, |bc|)/|big| and is the right
		// choice when the roots differ greatly in size; the difference has
		// an error of about ε·|big| and is better near a double root, where
		// it also keeps the sum of the roots equal to the trace.
		small := m - math.Copysign(r, m)
		if big != 0 && max(math.Abs(a*d), math.Abs(b*c)) < big*big {
			small = diffOfProducts(a, d, b, c) / big
		}
		l1, l2 = complex(big, 0), complex(small, 0)
	} else {
		r := math.Sqrt(-disc)
		l1, l2 = complex(m, r), complex(m, -r)
	}
	return unscale2(l1, e), unscale2(l2, e)
}

// unscale2 returns z·2^e, computed part by part so that no spurious overflow
// or NaN arises.
func unscale2(z complex128, e int) complex128 {
	return complex(math.Ldexp(real(z), e), math.Ldexp(imag(z), e))
}

// eig3 returns the eigenvalues of the general 3×3 matrix a, which must
// have finite entries. It is eigenvalues6 on the same matrix: one
// balanced Hessenberg QR serves every order.
func eig3(a mat3) [3]complex128 {
	var b mat6
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			b[i][j] = a[i][j]
		}
	}
	ev := eigenvalues6(b, 3)
	return [3]complex128{ev[0], ev[1], ev[2]}
}

// spectralRadius returns max |λ| over eigenvalues(a, k) and the dominant eigenvalue itself.
// When several eigenvalues share the largest modulus, the dominant one is the
// first in the order of eigenvalues. Non-finite input gives NaN for both.
func spectralRadius(a mat3, k int) (rho float64, dominant complex128) {
	ev := eigenvalues(a, k)
	return cmplx.Abs(ev[0]), ev[0]
}

// pseudoSolve returns the minimum-norm least-squares solution p of a·p = b for a symmetric
// positive-semidefinite k×k matrix a, using symEigen and treating eigenvalues below
// k·eps·λmax as zero, with eps = pseudoTol = 1e-13.
//
// The solution is p = Σ (vᵢᵀb / λᵢ)·vᵢ over the eigenpairs with
// λᵢ > k·pseudoTol·λmax; eigenvalues that are zero, slightly negative from
// rounding, or negative (which a positive-semidefinite matrix does not have)
// are all dropped. A matrix with no positive eigenvalue gives p = 0, and
// non-finite entries in a or b give NaN.
func pseudoSolve(a mat3, b [3]float64, k int) [3]float64 {
	checkOrder3(k)
	var p [3]float64
	for i := 0; i < k; i++ {
		if math.IsNaN(b[i]) || math.IsInf(b[i], 0) {
			for j := 0; j < k; j++ {
				p[j] = math.NaN()
			}
			return p
		}
	}
	vals, vecs := symEigen(a, k)
	if math.IsNaN(vals[0]) {
		for j := 0; j < k; j++ {
			p[j] = math.NaN()
		}
		return p
	}
	top := vals[k-1]
	if !(top > 0) {
		return p
	}
	tol := float64(k) * pseudoTol * top
	for c := 0; c < k; c++ {
		if !(vals[c] > tol) {
			continue
		}
		d := 0.0
		for r := 0; r < k; r++ {
			d += vecs[r][c] * b[r]
		}
		d /= vals[c]
		for r := 0; r < k; r++ {
			p[r] += d * vecs[r][c]
		}
	}
	return p
}
