package engine

import (
	"math"
	"math/cmplx"
	"slices"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// This file is the engine's one door to gonum: every eigenvalue and every
// least-squares solve of the analysis goes through the functions below.
// The analysis keeps its small matrices in fixed arrays (mat3 for maps of
// up to three parameters, mat6 for momentum's maps of error and velocity),
// so that the epoch products allocate nothing; these functions copy them
// into gonum's layout.
//
// The α scan asks for the eigenvalues of a small general matrix thousands
// of times, so that case calls LAPACK's dgeev (lapack64.Geev) with a
// workspace taken from a pool instead of mat.Eigen, which allocates a
// dozen times per call; symmetric matrices (a full batch's map) go to
// dsyev the same way. The one-off problems — the Hessian's eigenvectors
// and the pseudo-solve — use mat.EigenSym and mat.SVD.

// mat3 is a square matrix of order at most 3; only the leading k×k block is used.
type mat3 [3][3]float64

// mat6 is a square matrix of order at most 6; only the leading n×n block is used.
type mat6 [6][6]float64

// pseudoTol is the relative tolerance below which an eigenvalue or
// singular value of the Hessian counts as zero: one below k·pseudoTol
// times the largest is dropped. It is about 450 machine epsilons, room for
// the rounding of a matrix that was itself assembled in floating point.
const pseudoTol = 1e-13

// identity returns the k×k identity matrix.
func identity(k int) mat3 {
	var m mat3
	for i := 0; i < k; i++ {
		m[i][i] = 1
	}
	return m
}

// eigenWork is a workspace for dgeev and dsyev on matrices of order up
// to 6, reused from call to call through eigenPool.
type eigenWork struct {
	a      [36]float64
	wr, wi [6]float64
	gwork  []float64 // dgeev's workspace, sized by its query for order 6
	swork  []float64 // dsyev's
}

var eigenPool = sync.Pool{New: func() any {
	w := &eigenWork{}
	q := []float64{0}
	none := blas64.General{Stride: 1}
	lapack64.Geev(lapack.LeftEVNone, lapack.RightEVNone, w.general(6), w.wr[:], w.wi[:], none, none, q, -1)
	w.gwork = make([]float64, int(q[0]))
	lapack64.Syev(lapack.EVNone, w.symmetric(6), w.wr[:], q, -1)
	w.swork = make([]float64, int(q[0]))
	return w
}}

func (w *eigenWork) general(n int) blas64.General {
	return blas64.General{Rows: n, Cols: n, Stride: n, Data: w.a[:n*n]}
}

func (w *eigenWork) symmetric(n int) blas64.Symmetric {
	return blas64.Symmetric{N: n, Stride: n, Uplo: blas.Upper, Data: w.a[:n*n]}
}

// eigenvalues returns the n eigenvalues (n = 1…6) of the real n×n matrix
// whose entries at gives, sorted by decreasing modulus; ties go to the
// larger real part, then to the positive imaginary part, so a complex pair
// comes with its positive member first. An exactly symmetric matrix has
// real eigenvalues (dsyev); any other goes to dgeev, which balances it,
// reduces it to Hessenberg form and runs the Francis QR iteration. Both are
// backward stable: a well-conditioned eigenvalue is accurate to a small
// multiple of machine epsilon times the matrix's norm. A matrix with an
// entry that is not finite, or one whose iteration fails, gives NaN.
func eigenvalues(n int, at func(i, j int) float64) [6]complex128 {
	var ev [6]complex128
	finite, symmetric := true, true
	for i := 0; i < n && finite; i++ {
		for j := 0; j < n; j++ {
			v := at(i, j)
			if isBad(v) {
				finite = false
				break
			}
			if j > i && v != at(j, i) {
				symmetric = false
			}
		}
	}
	if !finite {
		for i := 0; i < n; i++ {
			ev[i] = cmplx.NaN()
		}
		return ev
	}
	if n == 1 {
		ev[0] = complex(at(0, 0), 0)
		return ev
	}
	w := eigenPool.Get().(*eigenWork)
	defer eigenPool.Put(w)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			w.a[i*n+j] = at(i, j)
		}
	}
	ok := true
	if symmetric {
		ok = lapack64.Syev(lapack.EVNone, w.symmetric(n), w.wr[:n], w.swork, len(w.swork))
		clear(w.wi[:n])
	} else {
		none := blas64.General{Stride: 1}
		ok = lapack64.Geev(lapack.LeftEVNone, lapack.RightEVNone, w.general(n), w.wr[:n], w.wi[:n], none, none, w.gwork, len(w.gwork)) == 0
	}
	for i := 0; i < n; i++ {
		ev[i] = complex(w.wr[i], w.wi[i])
		if !ok {
			ev[i] = cmplx.NaN()
		}
	}
	sortByModulus(ev[:n])
	return ev
}

// eigenvalues3 returns the eigenvalues of the leading k×k block of m.
func eigenvalues3(m *mat3, k int) [6]complex128 {
	return eigenvalues(k, func(i, j int) float64 { return m[i][j] })
}

// eigenvalues6 returns the eigenvalues of the leading n×n block of m.
func eigenvalues6(m *mat6, n int) [6]complex128 {
	return eigenvalues(n, func(i, j int) float64 { return m[i][j] })
}

// sortByModulus sorts ev by decreasing modulus, then decreasing real part,
// then decreasing imaginary part.
func sortByModulus(ev []complex128) {
	slices.SortStableFunc(ev, func(x, y complex128) int {
		switch ax, ay := cmplx.Abs(x), cmplx.Abs(y); {
		case ax != ay:
			return cmpFloat(ay, ax)
		case real(x) != real(y):
			return cmpFloat(real(y), real(x))
		}
		return cmpFloat(imag(y), imag(x))
	})
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// symEigen returns the eigenvalues of the symmetric k×k matrix a in
// ascending order and matching orthonormal eigenvectors as the columns of
// vecs: mat.EigenSym's, with each eigenvalue refined to the Rayleigh
// quotient of its eigenvector (see rayleigh). If an entry is not finite,
// or the factorization fails, every eigenvalue and eigenvector entry is NaN.
func symEigen(a mat3, k int) (vals [3]float64, vecs mat3) {
	s := mat.NewSymDense(k, nil)
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			s.SetSym(i, j, a[i][j])
		}
	}
	var e mat.EigenSym
	if !finite3(&a, k) || !e.Factorize(s, true) {
		for i := 0; i < k; i++ {
			vals[i] = math.NaN()
			for j := 0; j < k; j++ {
				vecs[i][j] = math.NaN()
			}
		}
		return vals, vecs
	}
	v := e.RawValues()
	var q mat.Dense
	e.VectorsTo(&q)
	for c := 0; c < k; c++ {
		var u [3]float64
		for r := 0; r < k; r++ {
			u[r] = q.At(r, c)
			vecs[r][c] = u[r]
		}
		vals[c] = v[c]
		if k > 1 {
			vals[c] = rayleigh(&a, &u, k)
		}
	}
	// Refined values of a (nearly) double eigenvalue may swap places.
	for i := 1; i < k; i++ {
		for j := i; j > 0 && vals[j] < vals[j-1]; j-- {
			vals[j], vals[j-1] = vals[j-1], vals[j]
			for r := 0; r < k; r++ {
				vecs[r][j], vecs[r][j-1] = vecs[r][j-1], vecs[r][j]
			}
		}
	}
	return vals, vecs
}

// rayleigh returns the Rayleigh quotient uᵀau/uᵀu of the symmetric k×k
// matrix a, evaluated in double-double arithmetic and rounded once.
//
// LAPACK's symmetric eigensolver is accurate to about ε·‖a‖ in absolute
// terms, which leaves the smallest curvature of the quad model on data
// far from zero (x = 10, 20, 30: curvatures 0.035 and 6.5e5) with only
// five correct digits. Its eigenvectors are far better: an error of ε·‖a‖
// divided by the gap to the next eigenvalue, which the Rayleigh quotient
// squares. Evaluated without rounding the products, the quotient gives
// every curvature to about one rounding of itself.
func rayleigh(a *mat3, u *[3]float64, k int) float64 {
	var num, den dd
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			p, pe := twoProd(u[i], a[i][j]) // u_i·a_ij = p + pe exactly
			t, te := twoProd(p, u[j])
			num = num.add(t, te+float64(pe*u[j]))
		}
		s, se := twoProd(u[i], u[i])
		den = den.add(s, se)
	}
	return (num.hi + num.lo) / (den.hi + den.lo)
}

// symValues returns the eigenvalues of the symmetric k×k matrix a in
// ascending order, NaN when an entry is not finite: symEigen without the
// eigenvectors and without allocating.
func symValues(a *mat3, k int) [3]float64 {
	ev := eigenvalues3(a, k)
	var vals [3]float64
	for i := 0; i < k; i++ {
		vals[i] = real(ev[i])
	}
	slices.Sort(vals[:k])
	return vals
}

// symTop returns the largest eigenvalue of the symmetric k×k matrix a
// (k ≤ 3) in closed form: for k = 2 the larger root of
// λ² − (a₀₀ + a₁₁)λ + det a, for k = 3 by the trigonometric solution of
// the characteristic cubic (with q = tr a / 3 and a = qI + pB,
// det B = 2cos 3φ and λmax = q + 2p·cos φ). It costs a few dozen flops,
// where symValues factorises: the largest curvature of each of a
// million mini-batches.
func symTop(a *mat3, k int) float64 {
	switch k {
	case 1:
		return a[0][0]
	case 2:
		m, d := (a[0][0]+a[1][1])/2, (a[0][0]-a[1][1])/2
		return m + math.Hypot(d, a[0][1])
	}
	off := a[0][1]*a[0][1] + a[0][2]*a[0][2] + a[1][2]*a[1][2]
	q := (a[0][0] + a[1][1] + a[2][2]) / 3
	d0, d1, d2 := a[0][0]-q, a[1][1]-q, a[2][2]-q
	p := math.Sqrt((d0*d0 + d1*d1 + d2*d2 + 2*off) / 6)
	if p == 0 {
		return q
	}
	b01, b02, b12 := a[0][1]/p, a[0][2]/p, a[1][2]/p
	b0, b1, b2 := d0/p, d1/p, d2/p
	det := b0*(b1*b2-b12*b12) - b01*(b01*b2-b12*b02) + b02*(b01*b12-b1*b02)
	phi := math.Acos(math.Max(-1, math.Min(1, det/2))) / 3
	return q + 2*p*math.Cos(phi)
}

// finite3 reports whether every entry of the leading k×k block of a is finite.
func finite3(a *mat3, k int) bool {
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			if isBad(a[i][j]) {
				return false
			}
		}
	}
	return true
}

// pseudoSolve returns the minimum-norm least-squares solution p of a·p = b
// for a symmetric positive-semidefinite k×k matrix a (mat.SVD): singular
// values below k·pseudoTol times the largest count as zero. A matrix with
// no positive singular value gives p = 0; non-finite entries in a or b
// give NaN.
func pseudoSolve(a mat3, b [3]float64, k int) [3]float64 {
	var p [3]float64
	nan := func() [3]float64 {
		for j := 0; j < k; j++ {
			p[j] = math.NaN()
		}
		return p
	}
	if !finite3(&a, k) {
		return nan()
	}
	for i := 0; i < k; i++ {
		if isBad(b[i]) {
			return nan()
		}
	}
	m := mat.NewDense(k, k, nil)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			m.Set(i, j, a[i][j])
		}
	}
	var svd mat.SVD
	if !svd.Factorize(m, mat.SVDThin) {
		return nan()
	}
	rank := svd.Rank(float64(k) * pseudoTol)
	if rank == 0 {
		return p
	}
	var x mat.Dense
	svd.SolveTo(&x, mat.NewDense(k, 1, b[:k]), rank)
	for j := 0; j < k; j++ {
		p[j] = x.At(j, 0)
	}
	return p
}

// unscale2 returns z·2^e, computed part by part so that no spurious overflow
// or NaN arises.
func unscale2(z complex128, e int) complex128 {
	return complex(math.Ldexp(real(z), e), math.Ldexp(imag(z), e))
}
