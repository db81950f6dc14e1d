package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Receipt records one update with every number that went into it.
type Receipt struct {
	Update int // 1-based number of this update in the run
	Epoch  int // 0-based epoch the update belongs to
	Batch  int // 0-based position of the update within its epoch
	Index  int // data index of the (first) sample used
	Size   int // how many samples the update used
	// X and Y are the sample's values when Size is 1, NaN otherwise.
	X, Y float64
	// YHat is ŷ of the sample before the update (Size 1), NaN otherwise.
	YHat float64
	// LossBefore and LossAfter are the sample's squared error, or the
	// batch's mean squared error, before and after the update.
	LossBefore, LossAfter float64
	Grad                  Vec     // the gradient used, per parameter
	Before, After         Vec     // the parameters before and after
	LR                    float64 // the learning rate α used
	NumParams             int     // how many entries of the vectors are used
	// OptBefore and Opt are the optimizer's state before and after the
	// update (zero for plain gradient descent).
	OptBefore, Opt OptState
}

// Run is gradient descent in progress on a Problem: the parameters, the
// optimizer's state, the α in use, and the history that undoes updates
// exactly and draws charts. It takes one update at a time (Step), undoes
// them (Back), restarts (Reset, SetInit) and trains headless (Train).
//
// What a run shows about its problem at its own α, optimizer and start —
// Analysis, Factor, Presets, UpdatesToReach — and the problem's own
// quantities (MSEAt, GradAt, LossCurve, SampleCurve, Model, Data,
// UpdatesPerEpoch) are shorthand for the Problem's methods.
//
// A Run is not safe for concurrent use. Runs on one problem may each be
// used by a different goroutine, and the problem's methods may run in the
// background while they step.
//
// What costs more than O(1) on large data: the first Analysis or Presets
// of an optimizer (passes over the data: about a second in all for a
// million rows) and Factor at an α not asked before (one pass); Status
// (one epoch simulated); UpdatesToReach (up to its limit of updates); a
// mini-batch update (its batch). MSE, MSEAt, GradAt, History, LossCurve
// and a full-batch update cost O(1) beyond ExactRows samples.
type Run struct {
	prob    *Problem // the data, features and analyses, shared with other runs
	model   Model
	k       int   // parameters
	n       int   // samples
	size    int   // samples per update
	per     int   // updates per epoch
	phi     []Vec // features of each sample
	xs, ys  []float64
	shuffle bool
	seed    uint64
	init    Vec
	lr      float64
	p       Vec
	t       int // updates taken
	at      pos // epoch and batch of the next update
	opt     Optimizer
	ost     OptState // the optimizer's state now
	undo    undoRing
	trail   trail
	// order holds the sample orders of two epochs when shuffling, even
	// epochs in order[0] and odd ones in order[1], so that looking one
	// epoch ahead (Status, Preview) does not reshuffle the current one;
	// orderEpoch says which epoch each belongs to, -1 for none.
	order      [2][]int
	orderEpoch [2]int
	scale      float64 // loss scale for Diverged; 0 until first needed
	stat       statusCache
	fixed      *fixedAnalysis // the α-independent analysis, computed on first use
	// plain is true for per-sample plain gradient descent, the lecture's
	// loop, which sampleGD takes with fewer branches than update.
	plain bool
}

// statusCache is the last status a Run worked out, and the state it was
// worked out at: update count, epoch, α, parameters and start.
type statusCache struct {
	valid bool
	t     int
	e     int
	lr    float64
	p     Vec
	init  Vec
	s     Status
}

// NewRun starts a run on p at s.Init. It returns an error if s is not
// valid (see Start.Validate). It costs no pass over the data.
func (p *Problem) NewRun(s Start) (*Run, error) {
	if err := s.Validate(p.model); err != nil {
		return nil, err
	}
	r := &Run{prob: p, model: p.model, k: p.k, n: p.n, size: p.size, per: p.per, phi: p.phi,
		xs: p.setup.X, ys: p.setup.Y, shuffle: p.setup.Shuffle, seed: p.setup.Seed}
	copy(r.init[:r.k], s.Init[:r.k])
	r.lr = s.LR
	r.opt = s.Optimizer
	r.plain = r.size == 1 && r.opt.Kind == GD
	r.restart()
	return r, nil
}

// restart puts the run back at its starting parameters with no history.
func (r *Run) restart() {
	init := r.init
	r.p = init
	r.t = 0
	r.at = pos{}
	r.ost = OptState{}
	r.undo.clear()
	r.trail.reset(init)
	r.orderEpoch = [2]int{-1, -1}
	r.stat.valid = false
	r.scale = 0
}

// divergedScale returns the loss scale Diverged compares with: the larger
// of the starting mean loss, the mean loss at zero parameters, and 1e-300.
func (r *Run) divergedScale() float64 {
	if r.scale == 0 {
		r.scale = math.Max(math.Max(r.MSEAt(r.init), r.MSEAt(Vec{})), 1e-300)
	}
	return r.scale
}

// Problem returns the problem the run is on.
func (r *Run) Problem() *Problem { return r.prob }

// Start returns where the run started, at its current α.
func (r *Run) Start() Start { return Start{LR: r.lr, Init: r.init, Optimizer: r.opt} }

// Config returns the run's problem's setup and the run's start, at its
// current α. Its X and Y are the problem's data, shared and not copied:
// they must not be modified. New(r.Config()) makes a run on a new problem
// with a copy of the data; r.Problem().NewRun makes one on the same.
func (r *Run) Config() Config { return Config{Setup: r.prob.setup, Start: r.Start()} }

// Model returns the run's model.
func (r *Run) Model() Model { return r.model }

// Data returns the run's data points. The slices must not be modified.
func (r *Run) Data() (x, y []float64) { return r.xs, r.ys }

// Optimizer returns the run's update rule.
func (r *Run) Optimizer() Optimizer { return r.opt }

// OptState returns the optimizer's current state.
func (r *Run) OptState() OptState { return r.ost }

// Params returns the current parameters.
func (r *Run) Params() Vec { return r.p }

// Init returns the starting parameters.
func (r *Run) Init() Vec { return r.init }

// LR returns the current learning rate α.
func (r *Run) LR() float64 { return r.lr }

// Updates returns how many updates have been taken since the start.
func (r *Run) Updates() int { return r.t }

// Epoch returns the 0-based epoch the next update belongs to.
func (r *Run) Epoch() int { return r.at.e }

// pos is the place of an update in the run: its epoch and its batch within
// the epoch. Runs step it forward and back instead of dividing, which keeps
// Step cheap.
type pos struct{ e, b int }

func (q pos) next(per int) pos {
	if q.b++; q.b == per {
		q.b, q.e = 0, q.e+1
	}
	return q
}

func (q pos) prev(per int) pos {
	if q.b--; q.b < 0 {
		q.b, q.e = per-1, q.e-1
	}
	return q
}

// UpdatesPerEpoch is r.Problem().UpdatesPerEpoch().
func (r *Run) UpdatesPerEpoch() int { return r.per }

// SetLR changes α. The run continues from the current parameters.
func (r *Run) SetLR(lr float64) error {
	if !validLR(lr) {
		return fmt.Errorf("%w: %v", ErrBadLR, lr)
	}
	r.lr = lr
	return nil
}

// SetInit changes the starting parameters and restarts the run there.
func (r *Run) SetInit(p Vec) error {
	if err := checkStarts(r.model, &p); err != nil {
		return err
	}
	r.init = Vec{}
	copy(r.init[:r.k], p[:r.k])
	r.restart()
	return nil
}

// Reset restarts the run at its starting parameters, keeping the current α.
func (r *Run) Reset() { r.restart() }

// Step takes exactly one update and returns its receipt.
func (r *Run) Step() (rec Receipt) {
	// Vectors are copied element by element on this path: copying whole
	// arrays right after element stores defeats the processor's store
	// forwarding and doubles the cost of a step.
	if r.opt.Kind == GD {
		r.undo.push(&r.p, r.k, r.lr, nil)
	} else {
		r.undo.push(&r.p, r.k, r.lr, &r.ost)
	}
	if r.plain {
		r.sampleGD(&rec)
		return rec
	}
	r.advance(&rec)
	return rec
}

// advance takes one update, writing its receipt into rec, without
// recording it for Back: the headless path of Train and the transcripts.
func (r *Run) advance(rec *Receipt) {
	if r.plain {
		r.sampleGD(rec)
		return
	}
	r.update(&r.p, &r.p, r.at, r.lr, &r.ost, rec)
	r.t++
	r.at = r.at.next(r.per)
	if r.t == r.trail.next {
		r.trail.add(r.t, r.p)
	}
}

// Train takes n updates (n ≤ 0 does nothing) on the headless path: no
// receipts are kept and nothing is recorded for Back, which can undo
// neither these updates nor any before them. The parameters, optimizer
// state, update count and history are exactly those of n calls to Step.
func (r *Run) Train(n int) {
	if n <= 0 {
		return
	}
	r.undo.clear()
	if r.plain {
		r.p, r.at = r.gdSamples(r.p, r.at, r.t, n, true)
		r.t += n
		return
	}
	var rec Receipt
	for range n {
		r.advance(&rec)
	}
}

// Advance takes n updates (n ≤ 0 does nothing) and returns the receipt of
// the last one, or false if none was taken.
func (r *Run) Advance(n int) (Receipt, bool) {
	var rec Receipt
	for i := 0; i < n; i++ {
		rec = r.Step()
	}
	return rec, n > 0
}

// Back undoes the last update by restoring the parameters it started from,
// bit for bit. It reports false when there is nothing to undo: at the start,
// or more than UndoDepth updates back.
func (r *Run) Back() bool {
	e, st, ok := r.undo.pop()
	if !ok {
		return false
	}
	r.p, r.ost = e.p, st
	r.t--
	r.at = r.at.prev(r.per)
	r.trail.trim(r.t)
	return true
}

// Last returns the receipt of the most recent update, recomputed exactly
// from the undo history, or false if there is none.
func (r *Run) Last() (Receipt, bool) {
	e, st, ok := r.undo.peek()
	if !ok {
		return Receipt{}, false
	}
	var rec Receipt
	var scratch Vec
	r.update(&e.p, &scratch, r.at.prev(r.per), e.lr, &st, &rec)
	return rec, true
}

// Recent returns up to n most recent parameter vectors before the current
// one, oldest first, for drawing a trail.
func (r *Run) Recent(n int) []Vec {
	m := min(n, r.undo.len())
	out := make([]Vec, m)
	for i := 0; i < m; i++ {
		out[m-1-i] = r.undo.at(i).p
	}
	return out
}

// Preview returns the parameters after each of the next n updates at the
// current α, without taking them.
func (r *Run) Preview(n int) []Vec {
	out := make([]Vec, 0, max(n, 0))
	p := r.p
	var rec Receipt
	st := r.ost
	for i, q := 0, r.at; i < n; i, q = i+1, q.next(r.per) {
		r.update(&p, &p, q, r.lr, &st, &rec)
		p = rec.After
		out = append(out, p)
	}
	return out
}

// MSE returns the mean squared error over all data at the current parameters.
func (r *Run) MSE() float64 { return r.MSEAt(r.p) }

// MSEAt is r.Problem().MSE(p): the mean squared error over all data at
// parameters p.
func (r *Run) MSEAt(p Vec) float64 { return r.prob.mseAt(&p) }

// Predict returns ŷ at x for the current parameters.
func (r *Run) Predict(x float64) float64 { return r.model.Predict(r.p, x) }

// sampleAt returns the data index at position i of epoch e's sample order.
func (r *Run) sampleAt(e, i int) int {
	if !r.shuffle {
		return i
	}
	return r.shuffled(e, i)
}

// shuffled is sampleAt for a shuffled run; it keeps the current epoch's order.
func (r *Run) shuffled(e, i int) int {
	j := e & 1
	if r.orderEpoch[j] != e {
		r.order[j] = epochOrder(r.seed, e, r.n, r.order[j])
		r.orderEpoch[j] = e
	}
	return r.order[j][i]
}

// epochOrder returns the sample order of epoch e for a shuffled run: a
// permutation of 0…n−1 that depends only on seed and e.
func epochOrder(seed uint64, e, n int, buf []int) []int {
	rng := rand.New(rand.NewPCG(seed, uint64(e)))
	buf = buf[:0]
	for i := 0; i < n; i++ {
		buf = append(buf, i)
	}
	rng.Shuffle(n, func(i, j int) { buf[i], buf[j] = buf[j], buf[i] })
	return buf
}

// update computes the update at position at from parameters p at rate lr
// into rec, in the lecture's arithmetic order:
//
//	grad = 2*x*(x*w - y)   (mean of the batch's gradients, summed left to right from 0.0)
//	w    = w - lr*grad
//	l    = (x*w - y)*(x*w - y)
//
// It reads the parameters from src and writes the new ones both to the
// receipt and to dst (which may be src), element by element: the next
// update reads dst straight back, and a value that travels through one
// store and load instead of several keeps Step fast.
//
// The optimizer's state st goes in as it was before the update and comes
// out as it is after; the receipt keeps a copy.
func (r *Run) update(src, dst *Vec, at pos, lr float64, st *OptState, rec *Receipt) {
	e, b := at.e, at.b
	first := b * r.size
	last := min(first+r.size, r.n)
	k := r.k
	rec.Update, rec.Epoch, rec.Batch, rec.Size = e*r.per+b+1, e, b, last-first
	rec.LR, rec.NumParams = lr, k
	for j := 0; j < MaxParams; j++ {
		rec.Before[j] = src[j]
	}
	if last-first == 1 {
		i := r.sampleAt(e, first)
		phi, y := &r.phi[i], r.ys[i]
		yhat := dot(phi, src, k)
		d := yhat - y
		if r.opt.Kind == GD {
			for j := 0; j < k; j++ {
				g := float64(2*phi[j]) * d
				q := descend(src[j], g, lr)
				rec.Grad[j], rec.After[j], dst[j] = g, q, q
			}
		} else {
			for j := 0; j < k; j++ {
				rec.Grad[j] = float64(2*phi[j]) * d
			}
			rec.OptBefore = *st
			r.opt.apply(&rec.Before, &rec.Grad, k, lr, st, dst)
			for j := 0; j < k; j++ {
				rec.After[j] = dst[j]
			}
			rec.Opt = *st
		}
		for j := k; j < MaxParams; j++ {
			rec.Grad[j], rec.After[j] = 0, 0
		}
		d2 := dot(phi, &rec.After, k) - y
		rec.Index, rec.X, rec.Y, rec.YHat = i, r.xs[i], y, yhat
		rec.LossBefore, rec.LossAfter = float64(d*d), float64(d2*d2)
		return
	}
	p := rec.Before
	var g Vec
	before := 0.0
	m := float64(last - first)
	mo := r.prob.moments()
	if mo != nil && last-first == r.n {
		// A full batch of a large dataset: the mean gradient and mean
		// loss of all data come from the moments, at O(k²) and more
		// accurate than the sums.
		g, before = mo.grad(&p), mo.loss(&p)
	} else {
		for pos := first; pos < last; pos++ {
			i := r.sampleAt(e, pos)
			d := dot(&r.phi[i], &p, k) - r.ys[i]
			before += float64(d * d)
			for j := 0; j < k; j++ {
				g[j] += float64(float64(2*r.phi[i][j]) * d)
			}
		}
		before /= m
		for j := 0; j < k; j++ {
			g[j] /= m
		}
	}
	var q Vec
	for j := 0; j < k; j++ {
		q[j] = descend(p[j], g[j], lr)
	}
	if r.opt.Kind != GD {
		rec.OptBefore = *st
		r.opt.apply(&p, &g, k, lr, st, &q)
		rec.Opt = *st
	}
	after := 0.0
	if mo != nil && last-first == r.n {
		after = mo.loss(&q)
	} else {
		for pos := first; pos < last; pos++ {
			i := r.sampleAt(e, pos)
			d := dot(&r.phi[i], &q, k) - r.ys[i]
			after += float64(d * d)
		}
		after /= m
	}
	nan := math.NaN()
	rec.Index, rec.X, rec.Y, rec.YHat = r.sampleAt(e, first), nan, nan, nan
	rec.LossBefore, rec.LossAfter = before, after
	rec.Grad, rec.After = g, q
	*dst = q
}

// sampleGD is advance for per-sample plain gradient descent, the
// lecture's loop: update's arithmetic written out for this case, from and
// into r.p, so that the parameters go through one store and load and every
// field of the receipt is written once.
func (r *Run) sampleGD(rec *Receipt) {
	e, b := r.at.e, r.at.b
	i := b
	if r.shuffle {
		i = r.shuffled(e, b)
	}
	phi, y, lr, k := &r.phi[i], r.ys[i], r.lr, r.k
	p := &r.p
	rec.Update, rec.Epoch, rec.Batch, rec.Size, rec.Index = e*r.per+b+1, e, b, 1, i
	rec.LR, rec.NumParams, rec.X, rec.Y = lr, k, r.xs[i], y
	rec.Before[0], rec.Before[1], rec.Before[2] = p[0], p[1], p[2]
	yhat := dot(phi, p, k)
	d := yhat - y
	for j := 0; j < k; j++ {
		g := float64(2*phi[j]) * d
		q := descend(p[j], g, lr)
		rec.Grad[j], rec.After[j], p[j] = g, q, q
	}
	d2 := dot(phi, p, k) - y
	rec.YHat, rec.LossBefore, rec.LossAfter = yhat, float64(d*d), float64(d2*d2)
	r.t++
	r.at = r.at.next(r.per)
	if r.t == r.trail.next {
		r.trail.add(r.t, r.p)
	}
}

// gdSamples returns the parameters and the position after n updates of
// per-sample plain gradient descent from p at position at, update t being
// the last taken: sampleGD's arithmetic without receipts, with the
// parameters, position and count in local variables (for ŷ = x·w, w stays
// in a register), the hot loop of Train and Status. When record is true
// it keeps the run's history as Step would; it changes nothing else.
func (r *Run) gdSamples(p Vec, at pos, t, n int, record bool) (Vec, pos) {
	phi, ys, lr, k, per := r.phi, r.ys, r.lr, r.k, r.per
	shuffle := r.shuffle
	w := p[0]
	for range n {
		i := at.b
		if shuffle {
			i = r.shuffled(at.e, at.b)
		}
		if k == 1 {
			x := phi[i][0]
			w = descend(w, float64(2*x)*(float64(x*w)-ys[i]), lr)
		} else {
			d := dot(&phi[i], &p, k) - ys[i]
			for j := 0; j < k; j++ {
				p[j] = descend(p[j], float64(2*phi[i][j])*d, lr)
			}
		}
		t++
		at = at.next(per)
		if record && t == r.trail.next {
			if k == 1 {
				p[0] = w
			}
			r.trail.add(t, p)
		}
	}
	if k == 1 {
		p[0] = w
	}
	return p, at
}

// descend is plain gradient descent, p ← p − α·g, with the product
// rounded before the subtraction as the lecture's Python does (no fused
// multiply-add). The models give g and the modes choose the samples; the
// rule alone turns a gradient into a step: other optimizers (Optimizer.apply)
// replace this function and nothing else. It is kept apart because it is
// the lecture's rule and the hot path of Step.
func descend(p, g, lr float64) float64 { return p - float64(lr*g) }

// NextSample returns the data index of the sample the next update uses,
// or false when the next update uses several samples.
func (r *Run) NextSample() (int, bool) {
	if r.size != 1 {
		return 0, false
	}
	return r.sampleAt(r.at.e, r.at.b), true
}

// Play takes up to n updates, as autoplay does, and stops early when the
// run's status is no longer Running; Status is checked at every epoch
// boundary and after the last update. It returns how many updates it took
// and the status it stopped at.
func (r *Run) Play(n int) (int, Status) {
	for i := 0; i < n; i++ {
		r.Step()
		if r.at.b == 0 || i == n-1 {
			if s := r.Status(); s != Running {
				return i + 1, s
			}
		}
	}
	return n, r.Status()
}
