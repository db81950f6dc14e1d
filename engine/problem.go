package engine

import "sync"

// problem is what every run on the same samples and model shares: the
// samples (the engine's own copies, never modified), their features, and
// everything computed from them alone, each part computed once on first
// use. Runs made from a Config that Run.Config returned keep pointing at
// the same problem (see New), so the compare view's runs, a sweep and the
// α scans of several runs cost one copy of the data and one analysis.
//
// A problem is safe for concurrent use: its lazily computed parts are
// guarded by sync.Once and its caches by a mutex.
type problem struct {
	x, y  []float64
	model Model
	k     int
	phi   []Vec // φ(xᵢ) for every sample
	// exact says the data are summed in data order at every call and the
	// analysis uses the small data's arithmetic: len(x) ≤ ExactRows.
	exact bool

	momOnce sync.Once
	mom     *moments // nil while len(x) ≤ ExactRows

	baseOnce sync.Once
	base     *baseAnalysis

	mu    sync.Mutex
	fixed map[fixedKey]*fixedOnce
}

// fixedKey tells apart the analyses of one problem: what an epoch is
// (samples per update and their order) and the update rule.
type fixedKey struct {
	size    int
	shuffle bool
	seed    uint64
	opt     Optimizer
}

type fixedOnce struct {
	once sync.Once
	f    *fixedAnalysis
}

// newProblem makes the problem of model m on x and y, which it keeps
// without copying: the caller hands them over.
func newProblem(x, y []float64, m Model) *problem {
	p := &problem{x: x, y: y, model: m, k: m.NumParams(), phi: make([]Vec, len(x)), exact: len(x) <= ExactRows}
	for i, xi := range x {
		p.phi[i] = m.Features(xi)
	}
	return p
}

// withModel returns the problem of model m on the same samples: p itself
// when m is p's model, otherwise a new problem sharing p's samples.
func (p *problem) withModel(m Model) *problem {
	if m.name == p.model.name {
		return p
	}
	return newProblem(p.x, p.y, m)
}

// moments returns the moments of the mean loss, or nil for data small
// enough to be summed exactly at every call.
func (p *problem) moments() *moments {
	if p.exact {
		return nil
	}
	p.momOnce.Do(func() { p.mom = newMoments(p.x, p.y, p.phi, p.k) })
	return p.mom
}

// mseAt returns the mean squared error at parameters q: summed over the
// data in data order for up to ExactRows samples, from the moments beyond.
func (p *problem) mseAt(q *Vec) float64 {
	if mo := p.moments(); mo != nil {
		return mo.loss(q)
	}
	s := 0.0
	for i := range p.phi {
		e := dot(&p.phi[i], q, p.k) - p.y[i]
		s += float64(e * e)
	}
	return s / float64(len(p.x))
}

// analysis returns the analysis of the runs with key k, computing it on
// first use. Concurrent callers with the same key wait for one computation.
func (p *problem) analysis(k fixedKey) *fixedAnalysis {
	p.mu.Lock()
	if p.fixed == nil {
		p.fixed = map[fixedKey]*fixedOnce{}
	}
	e := p.fixed[k]
	if e == nil {
		e = &fixedOnce{}
		p.fixed[k] = e
	}
	p.mu.Unlock()
	e.once.Do(func() { e.f = p.analyzeFixed(k) })
	return e.f
}

// sameSlice reports whether a and b are the same slice: same start, same length.
func sameSlice(a, b []float64) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
