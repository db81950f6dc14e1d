package engine

import "math"

// ExactRows is the number of samples up to which the mean loss is summed
// over the data in data order at every call, exactly as the lecture's
// arithmetic would (so the built-in datasets and small files print the same
// numbers as always). Beyond it the mean loss comes from moments of the
// data gathered once, at a cost that does not depend on the number of
// samples; see Run.MSEAt. The same bound separates the two ways the
// analysis evaluates an epoch's map.
const ExactRows = 4096

// twoSum returns s = fl(a + b) and the rounding error e, so that
// a + b = s + e exactly (Knuth's branch-free two-sum).
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// twoProd returns p = fl(a·b) and the rounding error e, so that a·b = p + e
// exactly (barring underflow), using a fused multiply-add.
func twoProd(a, b float64) (p, e float64) {
	p = float64(a * b)
	return p, math.FMA(a, b, -p)
}

// dd is a double-double number hi + lo, |lo| ≤ ulp(hi)/2: about 106 bits.
type dd struct{ hi, lo float64 }

// ddDiff returns a − b exactly as a double-double.
func ddDiff(a, b float64) dd {
	s, e := twoSum(a, -b)
	return dd{s, e}
}

// add returns x + (hi + lo) for a term given as a float64 and a small
// correction, with an error of a few units in the 106th bit.
func (x dd) add(hi, lo float64) dd {
	s, e := twoSum(x.hi, hi)
	s, e = twoSum(s, e+lo+x.lo)
	return dd{s, e}
}

// addMul returns x + f·y, with an error of a few units in the 106th bit.
func (x dd) addMul(f float64, y dd) dd {
	p, pe := twoProd(f, y.hi)
	s, se := twoSum(x.hi, p)
	lo := se + pe + x.lo + float64(f*y.lo)
	hi, lo := twoSum(s, lo)
	return dd{hi, lo}
}

// ksum is a compensated running sum: the rounding error of every addition
// is kept and added back at the end, so a sum of a million terms is as
// accurate as if each were added exactly and the total rounded once (plus
// a second-order term).
type ksum struct{ s, c float64 }

func (k *ksum) add(x float64) {
	var e float64
	k.s, e = twoSum(k.s, x)
	k.c += e
}

func (k *ksum) value() float64 { return k.s + k.c }

// moments hold the mean loss of a large dataset as a quadratic in the
// parameters, centred where it is accurate. With features φ(x) (x; x, 1;
// or x², x, 1), a reference point p* (the least-squares optimum as found
// in floating point), residuals r* = φᵀp* − y and δ = p − p*,
//
//	mean loss(p) = c₀ + 2qᵀm + qᵀSq,  q = Mδ,
//	c₀ = mean(r*²), m = mean(r*·ψ), S = mean(ψψᵀ),
//
// where ψ = M⁻ᵀφ are the features centred and orthogonalised (ψ = x − c
// instead of x, ψ = x² − a·x − b instead of x²), so that S is close to
// diagonal and the quadratic form does not cancel. The residuals and the
// centred features are formed in double-double arithmetic and summed with
// compensation, and q is formed from p − p* in double-double, so the mean
// loss is accurate to a few units of rounding relative to itself, also
// near the optimum — unlike pᵀAp − 2bᵀp + c, whose cancellation leaves
// an absolute error of ε·c that floors a log-scale chart.
type moments struct {
	k       int
	a, b, c float64 // ψ for x is x − c; ψ for x² is x² − a·x − b
	opt     Vec     // p*
	c0      float64
	m       Vec
	s       mat3
}

// features returns ψ(x) for the sample x whose model features are phi.
func (mo *moments) features(x float64, phi *Vec) Vec {
	switch mo.k {
	case 1:
		return Vec{x}
	case 2:
		return Vec{x - mo.c, 1}
	}
	// x² − a·x − b with one rounding at the end: the terms cancel when the
	// data sit far from zero.
	p, pe := twoProd(mo.a, x)
	s, se := twoSum(phi[0], -p)
	u, ue := twoSum(s, -mo.b)
	return Vec{u + (ue + (se - pe)), x - mo.c, 1}
}

// coords returns q = M(p − p*), the point p in the centred coordinates.
// For the line, φᵀδ = x·δw + δb = (x − c)·δw + (δb + c·δw); for the
// parabola, φᵀδ = x²·δ₂ + x·δ₁ + δ₀ = ψ₂·δ₂ + (x − c)·q₁ + q₀ with
// q₁ = δ₁ + a·δ₂ and q₀ = δ₀ + b·δ₂ + c·q₁.
func (mo *moments) coords(p *Vec) Vec {
	switch mo.k {
	case 1:
		return Vec{p[0] - mo.opt[0]}
	case 2:
		dw, db := ddDiff(p[0], mo.opt[0]), ddDiff(p[1], mo.opt[1])
		q1 := db.addMul(mo.c, dw)
		return Vec{dw.hi + dw.lo, q1.hi + q1.lo}
	}
	d2, d1, d0 := ddDiff(p[0], mo.opt[0]), ddDiff(p[1], mo.opt[1]), ddDiff(p[2], mo.opt[2])
	q1 := d1.addMul(mo.a, d2)
	q0 := d0.addMul(mo.b, d2).addMul(mo.c, q1)
	return Vec{d2.hi + d2.lo, q1.hi + q1.lo, q0.hi + q0.lo}
}

// loss returns the mean loss at p.
func (mo *moments) loss(p *Vec) float64 {
	q := mo.coords(p)
	t := 0.0
	for j := 0; j < mo.k; j++ {
		s := 2 * mo.m[j]
		for l := 0; l < mo.k; l++ {
			s += mo.s[j][l] * q[l]
		}
		t += q[j] * s
	}
	return mo.c0 + t
}

// grad returns the gradient of the mean loss at p, 2Mᵀ(m + Sq).
func (mo *moments) grad(p *Vec) Vec {
	q := mo.coords(p)
	var v Vec
	for j := 0; j < mo.k; j++ {
		s := mo.m[j]
		for l := 0; l < mo.k; l++ {
			s += mo.s[j][l] * q[l]
		}
		v[j] = 2 * s
	}
	switch mo.k {
	case 2: // Mᵀ = [[1, c], [0, 1]]
		v[0] += mo.c * v[1]
	case 3: // Mᵀ = [[1, a, b + c·a], [0, 1, c], [0, 0, 1]]
		v1 := v[1] + mo.c*v[2]
		v[0] += mo.a*v1 + mo.b*v[2]
		v[1] = v1
	}
	return v
}

// fromCoords returns the parameters p whose centred coordinates are q
// (the inverse of coords with p* = 0).
func (mo *moments) fromCoords(q Vec) Vec {
	switch mo.k {
	case 2:
		return Vec{q[0], q[1] - mo.c*q[0]}
	case 3:
		w1 := q[1] - mo.a*q[0]
		return Vec{q[0], w1, q[2] - mo.b*q[0] - mo.c*q[1]}
	}
	return q
}

// newMoments gathers the moments of the samples x, y with model features
// phi (k per sample) in three passes: the centre and shape of the centred
// features, then S and the least-squares optimum, then the residuals.
func newMoments(x, y []float64, phi []Vec, k int) *moments {
	mo := &moments{k: k}
	n := float64(len(x))
	if k >= 2 {
		s := 0.0
		for _, xi := range x {
			s += xi
		}
		mo.c = s / n
	}
	if k == 3 {
		// Regress t² on t (t = x − c) so that x² − a·x − b is nearly
		// orthogonal to 1 and x; any finite a and b keep the algebra exact.
		var s1, s2, s3 float64
		for _, xi := range x {
			t := xi - mo.c
			t2 := t * t
			s1 += t
			s2 += t2
			s3 += t2 * t
		}
		m1, m2, m3 := s1/n, s2/n, s3/n
		slope := 0.0
		if v := m2 - m1*m1; v > 0 {
			slope = (m3 - m1*m2) / v
		}
		d := m2 - slope*m1
		if isBad(slope) || isBad(d) {
			slope, d = 0, m2
		}
		// x² − a·x − b = t² − slope·t − d for a = 2c + slope, b = d − c² − slope·c.
		mo.a = 2*mo.c + slope
		mo.b = d - mo.c*mo.c - slope*mo.c
	}
	var ss [3][3]ksum
	var sy [3]ksum
	for i := range x {
		psi := mo.features(x[i], &phi[i])
		for a := 0; a < k; a++ {
			sy[a].add(psi[a] * y[i])
			for b := 0; b <= a; b++ {
				ss[a][b].add(psi[a] * psi[b])
			}
		}
	}
	var g [3]float64
	for a := 0; a < k; a++ {
		g[a] = sy[a].value() / n
		for b := 0; b <= a; b++ {
			mo.s[a][b] = ss[a][b].value() / n
			mo.s[b][a] = mo.s[a][b]
		}
	}
	mo.opt = mo.fromCoords(Vec(pseudoSolve(mo.s, g, k)))
	var c0 ksum
	var sm [3]ksum
	for i := range x {
		r := residual(&phi[i], &mo.opt, k, y[i])
		c0.add(r * r)
		psi := mo.features(x[i], &phi[i])
		for a := 0; a < k; a++ {
			sm[a].add(r * psi[a])
		}
	}
	mo.c0 = c0.value() / n
	for a := 0; a < k; a++ {
		mo.m[a] = sm[a].value() / n
	}
	return mo
}

// residual returns φᵀp − y rounded once from double-double arithmetic.
func residual(phi, p *Vec, k int, y float64) float64 {
	s, e := twoProd(phi[0], p[0])
	for j := 1; j < k; j++ {
		pj, pe := twoProd(phi[j], p[j])
		var se float64
		s, se = twoSum(s, pj)
		e += se + pe
	}
	s, se := twoSum(s, -y)
	return s + (e + se)
}
