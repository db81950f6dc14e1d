package engine

import (
	"fmt"
	"math"
	"strings"
	"sync"
)

// Mode says how many samples feed one update.
type Mode int

const (
	// Sample updates after every sample, in data order: the lecture's loop.
	Sample Mode = iota
	// Batch updates once per epoch with the mean gradient of all samples.
	Batch
	// MiniBatch updates with the mean gradient of k consecutive samples.
	MiniBatch
)

var modeNames = []string{"sample", "batch", "minibatch"}

// String returns the mode's name: "sample", "batch" or "minibatch".
func (m Mode) String() string {
	if m < 0 || int(m) >= len(modeNames) {
		return fmt.Sprintf("Mode(%d)", int(m))
	}
	return modeNames[m]
}

// ModeNames returns the names ParseMode accepts, in order.
func ModeNames() []string { return append([]string(nil), modeNames...) }

// ParseMode returns the mode called s ("sample", "batch" or "minibatch"),
// or an error that matches ErrUnknownMode.
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if n == s {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("%w %q (want %s)", ErrUnknownMode, s, strings.Join(modeNames, ", "))
}

// Setup describes a Problem: the data, the model fitted to them, and how
// samples are grouped into updates.
type Setup struct {
	X, Y    []float64 // the data; equal lengths, at least one point
	Model   Model     // the zero Model means ModelW
	Mode    Mode
	Batch   int    // samples per update in MiniBatch mode (1…len(X))
	Shuffle bool   // shuffle the sample order every epoch (Sample and MiniBatch modes)
	Seed    uint64 // seed of the shuffle; the same seed gives the same orders
}

// Start describes where a Run on a Problem begins and by which rule it
// steps.
type Start struct {
	LR   float64 // the learning rate α, positive and finite
	Init Vec     // the starting parameters
	// Optimizer is the update rule; the zero value is plain gradient
	// descent, as in the lecture.
	Optimizer Optimizer
}

// Config describes a run together with its problem: New(cfg) is
// NewProblem(cfg.Setup) followed by NewRun(cfg.Start).
type Config struct {
	Setup
	Start
}

// Lecture returns the lecture's configuration: x = 1,2,3, y = 2,4,6,
// ŷ = x·w, per-sample updates, α = 0.01, w starting at 1.0.
func Lecture() Config {
	return Config{
		Setup: Setup{X: []float64{1, 2, 3}, Y: []float64{2, 4, 6}, Model: ModelW, Mode: Sample},
		Start: Start{LR: 0.01, Init: Vec{1}},
	}
}

// Validate reports the first thing wrong with c, or nil (see
// Setup.Validate and Start.Validate).
func (c Config) Validate() error {
	if err := c.Setup.Validate(); err != nil {
		return err
	}
	return c.Start.Validate(c.model())
}

// Validate reports the first thing wrong with s, or nil: ErrNoData,
// ErrDataLengths, ErrUnknownMode, ErrBadBatch, ErrShuffleBatch, a
// *PointError for a point that is not finite, or a *RangeError for data
// of which a quantity the engine forms leaves float64's range.
func (s Setup) Validate() error {
	if err := s.validateSettings(); err != nil {
		return err
	}
	return checkData(s.X, s.Y, s.model())
}

// validateSettings checks everything but the data values.
func (s Setup) validateSettings() error {
	switch {
	case len(s.X) == 0:
		return ErrNoData
	case len(s.X) != len(s.Y):
		return fmt.Errorf("%w: %d x values, %d y values", ErrDataLengths, len(s.X), len(s.Y))
	case s.Mode < Sample || s.Mode > MiniBatch:
		return fmt.Errorf("%w: %d", ErrUnknownMode, int(s.Mode))
	case s.Mode == MiniBatch && (s.Batch < 1 || s.Batch > len(s.X)):
		return fmt.Errorf("%w: %d of %d", ErrBadBatch, s.Batch, len(s.X))
	case s.Shuffle && s.Mode == Batch:
		return ErrShuffleBatch
	}
	return nil
}

func (s Setup) model() Model {
	if s.Model.phi == nil {
		return ModelW
	}
	return s.Model
}

// Validate reports the first thing wrong with s for model m, or nil:
// ErrBadLR, a *StartError, or the optimizer's error (Optimizer.Validate).
func (s Start) Validate(m Model) error {
	if !validLR(s.LR) {
		return fmt.Errorf("%w: %v", ErrBadLR, s.LR)
	}
	if err := checkStarts(m, &s.Init); err != nil {
		return err
	}
	return s.Optimizer.Validate()
}

func validLR(lr float64) bool { return lr > 0 && !math.IsInf(lr, 0) }

// MaxStart bounds a starting parameter's magnitude: beyond it the loss
// overflows before the first update.
const MaxStart = 1e150

// checkStarts reports the first of p's parameters that is not finite or
// beyond MaxStart.
func checkStarts(m Model, p *Vec) error {
	for j := 0; j < m.NumParams(); j++ {
		if v := p[j]; isBad(v) || math.Abs(v) > MaxStart {
			return &StartError{Param: m.params[j], Value: v}
		}
	}
	return nil
}

func isBad(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) }

// Problem is what runs learn from: the data, the model and how samples
// are grouped into updates (a Setup), with everything that follows from
// them and not from where a run is — the mean loss and its gradient at
// any parameters, loss curves, the stability analysis at any α and
// optimizer, the presets, α sweeps and updates-to-reach. Runs on one
// problem (NewRun) share all of it: the compare view's runs, a sweep, or
// every session of a classroom server cost one copy of the data and one
// analysis.
//
// A Problem never changes after NewProblem; what it computes on first use
// (moments of large data, analyses) is computed once. It is safe for
// concurrent use: runs on it may step in several goroutines while others
// ask for its analysis in the background.
type Problem struct {
	setup Setup // X and Y are the problem's own copies; Model is never zero
	model Model
	k     int   // parameters
	n     int   // samples
	size  int   // samples per update
	per   int   // updates per epoch
	phi   []Vec // φ(xᵢ) for every sample
	// exact says the data are summed in data order at every call and the
	// analysis uses the small data's arithmetic: n ≤ ExactRows.
	exact bool

	momOnce sync.Once
	mom     *moments // nil while n ≤ ExactRows

	baseOnce sync.Once
	base     *baseAnalysis

	mu    sync.Mutex
	fixed map[Optimizer]*fixedOnce // the analyses of each update rule
}

type fixedOnce struct {
	once sync.Once
	f    *fixedAnalysis
}

// NewProblem checks s (see Setup.Validate) and returns its problem, with
// its own copies of s.X and s.Y. Its cost is a pass over the data; the
// analysis comes later, on first use.
func NewProblem(s Setup) (*Problem, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	s.X = append([]float64(nil), s.X...)
	s.Y = append([]float64(nil), s.Y...)
	s.Model = s.model()
	m := s.Model
	p := &Problem{setup: s, model: m, k: m.NumParams(), n: len(s.X), phi: make([]Vec, len(s.X)), exact: len(s.X) <= ExactRows}
	for i, xi := range s.X {
		p.phi[i] = m.Features(xi)
	}
	switch s.Mode {
	case Batch:
		p.size = p.n
	case MiniBatch:
		p.size = s.Batch
	default:
		p.size = 1
	}
	p.per = (p.n + p.size - 1) / p.size
	return p, nil
}

// New starts a run on a new problem: NewProblem(cfg.Setup), then
// NewRun(cfg.Start). Runs that are to share their data and analysis are
// made with NewRun on one problem instead.
func New(cfg Config) (*Run, error) {
	p, err := NewProblem(cfg.Setup)
	if err != nil {
		return nil, err
	}
	return p.NewRun(cfg.Start)
}

// Setup returns the problem's setup. Its X and Y are the problem's own
// data, shared and not copied: they must not be modified.
func (p *Problem) Setup() Setup { return p.setup }

// Model returns the problem's model.
func (p *Problem) Model() Model { return p.model }

// Data returns the data points. The slices must not be modified.
func (p *Problem) Data() (x, y []float64) { return p.setup.X, p.setup.Y }

// UpdatesPerEpoch returns how many updates make one pass over the data.
func (p *Problem) UpdatesPerEpoch() int { return p.per }

// moments returns the moments of the mean loss, or nil for data small
// enough to be summed exactly at every call.
func (p *Problem) moments() *moments {
	if p.exact {
		return nil
	}
	p.momOnce.Do(func() { p.mom = newMoments(p.setup.X, p.setup.Y, p.phi, p.k) })
	return p.mom
}

// analysis returns the α-independent analysis of update rule o, computing
// it on first use. Concurrent callers wait for one computation.
func (p *Problem) analysis(o Optimizer) *fixedAnalysis {
	p.mu.Lock()
	if p.fixed == nil {
		p.fixed = map[Optimizer]*fixedOnce{}
	}
	e := p.fixed[o]
	if e == nil {
		e = &fixedOnce{}
		p.fixed[o] = e
	}
	p.mu.Unlock()
	e.once.Do(func() { e.f = p.analyzeFixed(o) })
	return e.f
}
