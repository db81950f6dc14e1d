package engine

import "math"

// bigEpoch evaluates the epoch map of a run on more than ExactRows
// samples: the product of the per-update maps I − α·H_B over one epoch (or,
// for momentum, of the maps of error and velocity), in data order. It keeps
// only what each update needs: for per-sample updates nothing at all (each
// H_B = 2uuᵀ comes from the sample's features u, shared with the runs), for
// mini-batches the r(r+1)/2 distinct entries of each batch's H_B. The
// running product is rescaled by powers of two as it goes, so that it
// never overflows nor sinks into subnormal numbers (which are exact but
// a hundred times slower), however many updates an epoch has.
type bigEpoch struct {
	r, k    int  // the order of the maps (the Hessian's rank) and the number of parameters
	basis   mat3 // orthonormal basis of the Hessian's range, as columns
	project bool // r < k: features are seen in the basis
	size    int  // samples per update
	phi     []Vec
	packed  []float64 // size > 1: each batch's H_B, lower triangle by rows
	// norm bounds ‖H_B‖∞ over the updates, which bounds how fast the
	// product can grow; smallest is the smallest non-zero curvature of an
	// update (see stableIntervals).
	norm, smallest float64
}

// newBigEpoch prepares the epoch maps of p's runs with size samples per
// update, in the Hessian's range described by base.
func newBigEpoch(p *Problem, base *baseAnalysis, size int) *bigEpoch {
	b := &bigEpoch{r: base.rank, k: p.k, basis: base.basis, project: base.rank < p.k, size: size, phi: p.phi}
	b.smallest = math.Inf(1)
	r, n, floor := b.r, len(p.phi), 1e-13*base.top
	if size == 1 {
		for i := range p.phi {
			u := b.u(i)
			sq, big, sum := 0.0, 0.0, 0.0
			for a := 0; a < r; a++ {
				sq += u[a] * u[a]
				big = math.Max(big, math.Abs(u[a]))
				sum += math.Abs(u[a])
			}
			if tr := 2 * sq; tr > floor { // a rank-one H_B's one eigenvalue
				b.smallest = math.Min(b.smallest, tr)
			}
			b.norm = math.Max(b.norm, 2*big*sum)
		}
		return b
	}
	blocks := (n + size - 1) / size
	b.packed = make([]float64, 0, blocks*r*(r+1)/2)
	for first := 0; first < n; first += size {
		last := min(first+size, n)
		var hb mat3
		least := math.Inf(1)
		for i := first; i < last; i++ {
			u := b.u(i)
			sq := 0.0
			for a := 0; a < r; a++ {
				sq += u[a] * u[a]
				for c := 0; c <= a; c++ {
					hb[a][c] += 2 * u[a] * u[c]
				}
			}
			if 2*sq > floor {
				least = math.Min(least, 2*sq)
			}
		}
		m := float64(last - first)
		for a := 0; a < r; a++ {
			for c := 0; c <= a; c++ {
				hb[a][c] /= m
				hb[c][a] = hb[a][c]
				b.packed = append(b.packed, hb[a][c])
			}
		}
		for a := 0; a < r; a++ {
			row := 0.0
			for c := 0; c < r; c++ {
				row += math.Abs(hb[a][c])
			}
			b.norm = math.Max(b.norm, row)
		}
		if blocks <= ExactRows {
			vals := symValues(&hb, r)
			for j := 0; j < r; j++ {
				if vals[j] > floor {
					b.smallest = math.Min(b.smallest, vals[j])
				}
			}
		} else {
			// A cheaper stand-in for the smallest eigenvalue of every batch:
			// the smallest sample's curvature shared among the batch.
			b.smallest = math.Min(b.smallest, least/m)
		}
	}
	return b
}

// u returns sample i's features in the Hessian's range.
func (b *bigEpoch) u(i int) Vec {
	if !b.project {
		return b.phi[i]
	}
	var u Vec
	for a := 0; a < b.r; a++ {
		for j := 0; j < b.k; j++ {
			u[a] += b.basis[j][a] * b.phi[i][j]
		}
	}
	return u
}

// updates returns the number of updates in an epoch.
func (b *bigEpoch) updates() int {
	if b.size == 1 {
		return len(b.phi)
	}
	return len(b.packed) / (b.r * (b.r + 1) / 2)
}

// peaks returns the largest curvature of any update's loss, the largest
// λmax(H_B) (2‖u‖² for one sample's H_B = 2uuᵀ), and how many of the
// updates have one above a and above t.
func (b *bigEpoch) peaks(a, t float64) (top float64, over, throw int) {
	count := func(l float64) {
		top = math.Max(top, l)
		if l > a {
			over++
		}
		if l > t {
			throw++
		}
	}
	r := b.r
	switch {
	case b.size == 1 && r == 1 && !b.project:
		for i := range b.phi {
			x := b.phi[i][0]
			count(2 * x * x)
		}
	case b.size == 1:
		for i := range b.phi {
			u := b.u(i)
			sq := 0.0
			for j := 0; j < r; j++ {
				sq += u[j] * u[j]
			}
			count(2 * sq)
		}
	default:
		n := r * (r + 1) / 2
		for j := 0; j+n <= len(b.packed); j += n {
			hb := unpack(b.packed[j:j+n], r)
			count(symTop(&hb, r))
		}
	}
	return top, over, throw
}

// bigScanBudget bounds the work of the grid of one scan over α, and of
// the presets' scan of the first stable interval, in multiply-adds: an α
// costs about (updates per epoch) × r² of them for per-sample updates and
// × r³ for mini-batches (four times that for momentum). Either scan tries
// at least 32 α, and at most 300.
const bigScanBudget = 100_000_000

// gridSteps returns how many α a scan may try with the update rule o.
func (b *bigEpoch) gridSteps(o Optimizer) int {
	cost := float64(b.updates()) * float64(b.r*b.r)
	if b.size > 1 {
		cost *= float64(b.r)
	}
	if o.Kind == Momentum || o.Kind == Nesterov {
		cost *= 4
	}
	return int(math.Min(300, math.Max(32, bigScanBudget/cost)))
}

// grid returns the α the scan for stable intervals tries between lo and
// hi, in increasing order. A third of them are spread evenly on a log
// scale over [lo, hi]; the rest over the decade below the first of those
// that is not stable, where the largest stable α lies: near it the
// spectral radius of thousands of updates may cross 1 in narrow spikes
// (resonances), and a coarse grid could step over the first of them.
func (b *bigEpoch) grid(lo, hi float64, stable func(float64) bool, o Optimizer) []float64 {
	n := b.gridSteps(o)
	coarse := LogSpace(lo, hi, n/3+1)[1:]
	u := 0
	for u < len(coarse) && stable(coarse[u]) {
		u++
	}
	if u == len(coarse) {
		return coarse
	}
	fineLo := math.Max(lo, coarse[u]/10)
	fine := LogSpace(fineLo, coarse[u], n-len(coarse)+1)
	grid := make([]float64, 0, n+1)
	for _, a := range coarse[:u] {
		if a < fineLo {
			grid = append(grid, a)
		}
	}
	grid = append(grid, fine[1:]...)
	return append(grid, coarse[u+1:]...)
}

// checkEvery returns after how many updates the running product must be
// rescaled when one update can multiply its size by at most growth: the
// product is kept within 2^±256, and 700 more binary orders of growth
// still fit below overflow.
func checkEvery(growth float64) int {
	if !(growth > 1) {
		return 64
	}
	return int(math.Max(1, math.Min(64, math.Floor(700/math.Log2(growth)))))
}

// rescale divides the first n×n entries of m, whose rows are given by at,
// by a power of two when their largest magnitude leaves 2^±256, and
// returns the power.
func rescale(n int, row func(i int) []float64) int {
	big := 0.0
	for i := 0; i < n; i++ {
		for _, v := range row(i)[:n] {
			if v = math.Abs(v); v > big {
				big = v
			}
		}
	}
	if big == 0 || isBad(big) || (big < 0x1p256 && big > 0x1p-256) {
		return 0
	}
	_, e := math.Frexp(big)
	for i := 0; i < n; i++ {
		r := row(i)[:n]
		for j := range r {
			r[j] = math.Ldexp(r[j], -e)
		}
	}
	return e
}

// gd returns the epoch map of plain gradient descent at α = lr, divided
// by 2^e.
func (b *bigEpoch) gd(lr float64) (m mat3, e int) {
	r := b.r
	m = identity(r)
	at := func(i int) []float64 { return m[i][:] }
	every := checkEvery(1 + lr*b.norm)
	if b.size == 1 {
		c := 2 * lr
		n := len(b.phi)
		for i0 := 0; i0 < n; i0 += every {
			end := min(i0+every, n)
			switch {
			case r == 1 && !b.project:
				m[0][0] *= rank1Samples(b.phi[i0:end], c)
			case r == 2 && !b.project:
				rank2Samples(&m, b.phi[i0:end], c)
			case r == 3:
				rank3Samples(&m, b.phi[i0:end], c)
			default:
				for i := i0; i < end; i++ {
					u := b.u(i)
					var s Vec
					for col := 0; col < r; col++ {
						for a := 0; a < r; a++ {
							s[col] += u[a] * m[a][col]
						}
						s[col] *= c
					}
					for a := 0; a < r; a++ {
						for col := 0; col < r; col++ {
							m[a][col] -= u[a] * s[col]
						}
					}
				}
			}
			e += rescale(r, at)
		}
		return m, e
	}
	t := r * (r + 1) / 2
	blocks := len(b.packed) / t
	for j0 := 0; j0 < blocks; j0 += every {
		if r == 1 {
			p := 1.0
			for _, h := range b.packed[j0:min(j0+every, blocks)] {
				p *= 1 - lr*h
			}
			m[0][0] *= p
			e += rescale(r, at)
			continue
		}
		for j := j0; j < min(j0+every, blocks); j++ {
			hb := unpack(b.packed[j*t:j*t+t], r)
			applyBlock(&m, &hb, r, lr)
		}
		e += rescale(r, at)
	}
	return m, e
}

// rank1Samples returns the product of the per-sample factors 1 − c·x²
// (c = 2α) of the one-feature model, in four interleaved chains so that
// the multiplications overlap.
func rank1Samples(phi []Vec, c float64) float64 {
	p0, p1, p2, p3 := 1.0, 1.0, 1.0, 1.0
	i := 0
	for ; i+4 <= len(phi); i += 4 {
		x0, x1, x2, x3 := phi[i][0], phi[i+1][0], phi[i+2][0], phi[i+3][0]
		p0 *= 1 - c*x0*x0
		p1 *= 1 - c*x1*x1
		p2 *= 1 - c*x2*x2
		p3 *= 1 - c*x3*x3
	}
	for ; i < len(phi); i++ {
		p0 *= 1 - c*phi[i][0]*phi[i][0]
	}
	return (p0 * p1) * (p2 * p3)
}

// rank2Samples applies the per-sample maps I − c·uuᵀ (two features) to m
// in order, with the entries held in local variables.
func rank2Samples(m *mat3, phi []Vec, c float64) {
	m00, m01 := m[0][0], m[0][1]
	m10, m11 := m[1][0], m[1][1]
	for i := range phi {
		u0, u1 := phi[i][0], phi[i][1]
		s0 := c * (u0*m00 + u1*m10)
		s1 := c * (u0*m01 + u1*m11)
		m00, m01 = m00-u0*s0, m01-u0*s1
		m10, m11 = m10-u1*s0, m11-u1*s1
	}
	m[0][0], m[0][1], m[1][0], m[1][1] = m00, m01, m10, m11
}

// rank3Samples applies the per-sample maps I − c·uuᵀ (u = φ, three
// features, c = 2α) to m in order, with the nine entries held in local
// variables: the hot loop of the quad model's analysis.
func rank3Samples(m *mat3, phi []Vec, c float64) {
	m00, m01, m02 := m[0][0], m[0][1], m[0][2]
	m10, m11, m12 := m[1][0], m[1][1], m[1][2]
	m20, m21, m22 := m[2][0], m[2][1], m[2][2]
	for i := range phi {
		u0, u1, u2 := phi[i][0], phi[i][1], phi[i][2]
		s0 := c * (u0*m00 + u1*m10 + u2*m20)
		s1 := c * (u0*m01 + u1*m11 + u2*m21)
		s2 := c * (u0*m02 + u1*m12 + u2*m22)
		m00, m01, m02 = m00-u0*s0, m01-u0*s1, m02-u0*s2
		m10, m11, m12 = m10-u1*s0, m11-u1*s1, m12-u1*s2
		m20, m21, m22 = m20-u2*s0, m21-u2*s1, m22-u2*s2
	}
	*m = mat3{{m00, m01, m02}, {m10, m11, m12}, {m20, m21, m22}}
}

// unpack returns the symmetric r×r matrix whose lower triangle, by rows, is h.
func unpack(h []float64, r int) mat3 {
	var m mat3
	i := 0
	for a := 0; a < r; a++ {
		for c := 0; c <= a; c++ {
			m[a][c], m[c][a] = h[i], h[i]
			i++
		}
	}
	return m
}

// momentum returns the epoch map of (error, velocity) for heavy-ball or
// Nesterov momentum at α = lr, of order n = 2r, divided by 2^e. It is the
// product of fixedAnalysis.momentumMap's per-update maps, applied without
// forming them: with H the update's H_B and (A; B) the product so far,
// A ← A − α(1+ν)·HA − αν'·B and B ← HA + μB.
func (b *bigEpoch) momentum(lr float64, o Optimizer) (m mat6, n, e int) {
	r, mu := b.r, o.Momentum
	n = 2 * r
	grow, vel := 1.0, mu
	if o.Kind == Nesterov {
		grow, vel = 1+mu, mu*mu
	}
	for i := 0; i < n; i++ {
		m[i][i] = 1
	}
	at := func(i int) []float64 { return m[i][:] }
	every := checkEvery(math.Max(1+lr*grow*b.norm+lr*vel, b.norm+mu))
	apply := func(hm *mat6) {
		for a := 0; a < r; a++ {
			for col := 0; col < n; col++ {
				bot := m[r+a][col]
				m[a][col] -= lr*grow*hm[a][col] + lr*vel*bot
				m[r+a][col] = hm[a][col] + mu*bot
			}
		}
	}
	var hm mat6
	if b.size == 1 && !b.project {
		// Each column of the product evolves on its own: take them one at
		// a time through each stretch of samples, in registers.
		for i0 := 0; i0 < len(b.phi); i0 += every {
			chunk := b.phi[i0:min(i0+every, len(b.phi))]
			for col := 0; col < n; col += 2 {
				momentumColumns(&m, col, r, chunk, lr*grow, lr*vel, mu)
			}
			e += rescale(n, at)
		}
		return m, n, e
	}
	if b.size == 1 {
		for i0 := 0; i0 < len(b.phi); i0 += every {
			for i := i0; i < min(i0+every, len(b.phi)); i++ {
				u := b.u(i)
				for col := 0; col < n; col++ {
					s := 0.0
					for a := 0; a < r; a++ {
						s += u[a] * m[a][col]
					}
					for a := 0; a < r; a++ {
						hm[a][col] = 2 * u[a] * s
					}
				}
				apply(&hm)
			}
			e += rescale(n, at)
		}
		return m, n, e
	}
	t := r * (r + 1) / 2
	blocks := len(b.packed) / t
	for j0 := 0; j0 < blocks; j0 += every {
		for j := j0; j < min(j0+every, blocks); j++ {
			hb := unpack(b.packed[j*t:j*t+t], r)
			for a := 0; a < r; a++ {
				for col := 0; col < n; col++ {
					s := 0.0
					for c := 0; c < r; c++ {
						s += hb[a][c] * m[c][col]
					}
					hm[a][col] = s
				}
			}
			apply(&hm)
		}
		e += rescale(n, at)
	}
	return m, n, e
}

// momentumColumns takes columns col and col+1 of the (error, velocity)
// product m through the per-sample momentum maps of the samples phi (r
// features each, H = 2uuᵀ): a ← a − c1·Ha − c2·v, v ← Ha + μ·v, with
// c1 = α(1+ν) and c2 = αν'. Each column evolves on its own; two at a time
// keep the processor's multipliers busy while either waits on its chain.
func momentumColumns(m *mat6, col, r int, phi []Vec, c1, c2, mu float64) {
	switch r {
	case 1:
		a0, v0 := m[0][col], m[1][col]
		b0, w0 := m[0][col+1], m[1][col+1]
		for i := range phi {
			u0 := phi[i][0]
			h := 2 * u0 * u0
			ha, hb := h*a0, h*b0
			a0, v0 = a0-c1*ha-c2*v0, ha+mu*v0
			b0, w0 = b0-c1*hb-c2*w0, hb+mu*w0
		}
		m[0][col], m[1][col], m[0][col+1], m[1][col+1] = a0, v0, b0, w0
	case 2:
		a0, a1, v0, v1 := m[0][col], m[1][col], m[2][col], m[3][col]
		b0, b1, w0, w1 := m[0][col+1], m[1][col+1], m[2][col+1], m[3][col+1]
		for i := range phi {
			u0, u1 := phi[i][0], phi[i][1]
			s, t := 2*(u0*a0+u1*a1), 2*(u0*b0+u1*b1)
			a0, a1 = a0-c1*u0*s-c2*v0, a1-c1*u1*s-c2*v1
			v0, v1 = u0*s+mu*v0, u1*s+mu*v1
			b0, b1 = b0-c1*u0*t-c2*w0, b1-c1*u1*t-c2*w1
			w0, w1 = u0*t+mu*w0, u1*t+mu*w1
		}
		m[0][col], m[1][col], m[2][col], m[3][col] = a0, a1, v0, v1
		m[0][col+1], m[1][col+1], m[2][col+1], m[3][col+1] = b0, b1, w0, w1
	default:
		a0, a1, a2 := m[0][col], m[1][col], m[2][col]
		v0, v1, v2 := m[3][col], m[4][col], m[5][col]
		b0, b1, b2 := m[0][col+1], m[1][col+1], m[2][col+1]
		w0, w1, w2 := m[3][col+1], m[4][col+1], m[5][col+1]
		for i := range phi {
			u0, u1, u2 := phi[i][0], phi[i][1], phi[i][2]
			s, t := 2*(u0*a0+u1*a1+u2*a2), 2*(u0*b0+u1*b1+u2*b2)
			a0, a1, a2 = a0-c1*u0*s-c2*v0, a1-c1*u1*s-c2*v1, a2-c1*u2*s-c2*v2
			v0, v1, v2 = u0*s+mu*v0, u1*s+mu*v1, u2*s+mu*v2
			b0, b1, b2 = b0-c1*u0*t-c2*w0, b1-c1*u1*t-c2*w1, b2-c1*u2*t-c2*w2
			w0, w1, w2 = u0*t+mu*w0, u1*t+mu*w1, u2*t+mu*w2
		}
		m[0][col], m[1][col], m[2][col] = a0, a1, a2
		m[3][col], m[4][col], m[5][col] = v0, v1, v2
		m[0][col+1], m[1][col+1], m[2][col+1] = b0, b1, b2
		m[3][col+1], m[4][col+1], m[5][col+1] = w0, w1, w2
	}
}
