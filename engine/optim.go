package engine

import (
	"fmt"
	"math"
	"strings"
)

// OptimizerKind names an update rule.
type OptimizerKind int

const (
	// GD is plain gradient descent, p ← p − α·g: the lecture's rule.
	GD OptimizerKind = iota
	// Momentum is torch.optim.SGD with momentum μ and dampening 0:
	// b ← μ·b + g (b starts at the first gradient), p ← p − α·b.
	Momentum
	// Nesterov is torch.optim.SGD with nesterov=True: b as for Momentum,
	// then p ← p − α·(g + μ·b).
	Nesterov
	// Adagrad is torch.optim.Adagrad: s ← s + g², p ← p − α·g/(√s + ε).
	Adagrad
	// RMSprop is torch.optim.RMSprop: s ← a·s + (1 − a)·g²,
	// p ← p − α·g/(√s + ε).
	RMSprop
	// Adam is torch.optim.Adam: m ← β1·m + (1 − β1)·g,
	// v ← β2·v + (1 − β2)·g², m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ),
	// p ← p − α·m̂/(√v̂ + ε).
	Adam
)

var optimizerNames = []string{"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}

// String returns the rule's name: "gd", "momentum", "nesterov", "adagrad",
// "rmsprop" or "adam".
func (k OptimizerKind) String() string {
	if k < 0 || int(k) >= len(optimizerNames) {
		return fmt.Sprintf("OptimizerKind(%d)", int(k))
	}
	return optimizerNames[k]
}

// OptimizerNames returns the names ParseOptimizer accepts, in order.
func OptimizerNames() []string { return append([]string(nil), optimizerNames...) }

// ParseOptimizer returns the optimizer kind called s, with torch's
// defaults, or an error that matches ErrUnknownOptimizer.
func ParseOptimizer(s string) (Optimizer, error) {
	for i, n := range optimizerNames {
		if n == s {
			return NewOptimizer(OptimizerKind(i)), nil
		}
	}
	return Optimizer{}, fmt.Errorf("%w %q (want %s)", ErrUnknownOptimizer, s, strings.Join(optimizerNames, ", "))
}

// Optimizer is an update rule with its hyper-parameters. The zero value is
// plain gradient descent.
type Optimizer struct {
	Kind     OptimizerKind
	Momentum float64 // μ of Momentum and Nesterov (torch default 0.9 here; torch's own is 0)
	Beta1    float64 // Adam's β1 (0.9)
	Beta2    float64 // Adam's β2 (0.999)
	Eps      float64 // ε: Adagrad 1e-10, RMSprop 1e-8, Adam 1e-8
	Alpha    float64 // RMSprop's smoothing constant a (0.99)
}

// NewOptimizer returns kind with the defaults documented for torch.optim,
// and momentum 0.9 for Momentum and Nesterov (torch.optim.SGD has no
// default momentum; 0.9 is the customary choice).
func NewOptimizer(kind OptimizerKind) Optimizer {
	o := Optimizer{Kind: kind}
	switch kind {
	case Momentum, Nesterov:
		o.Momentum = 0.9
	case Adagrad:
		o.Eps = 1e-10
	case RMSprop:
		o.Alpha, o.Eps = 0.99, 1e-8
	case Adam:
		o.Beta1, o.Beta2, o.Eps = 0.9, 0.999, 1e-8
	}
	return o
}

// Validate reports a hyper-parameter out of range, or nil: ErrBadMomentum,
// ErrNesterovMomentum, ErrBadBeta1, ErrBadBeta2, ErrBadSmoothing, ErrBadEps
// or ErrUnknownOptimizer, each wrapped with the value.
func (o Optimizer) Validate() error {
	in01 := func(err error, v float64) error {
		if !(v >= 0 && v < 1) {
			return fmt.Errorf("%w: %v", err, v)
		}
		return nil
	}
	switch o.Kind {
	case GD:
		return nil
	case Momentum, Nesterov:
		if err := in01(ErrBadMomentum, o.Momentum); err != nil {
			return err
		}
		if o.Kind == Nesterov && o.Momentum == 0 {
			return ErrNesterovMomentum
		}
		return nil
	case RMSprop:
		if err := in01(ErrBadSmoothing, o.Alpha); err != nil {
			return err
		}
	case Adam:
		if err := in01(ErrBadBeta1, o.Beta1); err != nil {
			return err
		}
		if err := in01(ErrBadBeta2, o.Beta2); err != nil {
			return err
		}
	case Adagrad:
	default:
		return fmt.Errorf("%w: %d", ErrUnknownOptimizer, int(o.Kind))
	}
	if !(o.Eps > 0) || math.IsInf(o.Eps, 0) {
		return fmt.Errorf("%w: %v", ErrBadEps, o.Eps)
	}
	return nil
}

// Adaptive reports whether the rule scales each step by the gradients'
// history (Adagrad, RMSprop, Adam): no fixed-α stability bound applies.
func (o Optimizer) Adaptive() bool { return o.Kind >= Adagrad }

// OptState is an optimizer's state, one entry per parameter.
type OptState struct {
	T int // the optimizer's updates so far
	// M is the momentum buffer b (Momentum, Nesterov) or Adam's first
	// moment m.
	M Vec
	// V is the sum of squared gradients (Adagrad), their running mean
	// (RMSprop) or Adam's second moment v.
	V Vec
}

// Hat returns Adam's bias-corrected moments m̂ and v̂ for state s.
func (o Optimizer) Hat(s OptState) (mhat, vhat Vec) {
	if o.Kind != Adam || s.T == 0 {
		return s.M, s.V
	}
	bc1 := 1 - math.Pow(o.Beta1, float64(s.T))
	bc2 := 1 - math.Pow(o.Beta2, float64(s.T))
	for j := range mhat {
		mhat[j], vhat[j] = s.M[j]/bc1, s.V[j]/bc2
	}
	return mhat, vhat
}

// apply takes one step of the rule from p with gradient g at rate lr,
// updating the state s, and writes the new parameters to dst (which may
// be p). Products are rounded before sums, as in Python (no fused
// multiply-add).
func (o *Optimizer) apply(p, g *Vec, k int, lr float64, s *OptState, dst *Vec) {
	s.T++
	for j := 0; j < k; j++ {
		gj := g[j]
		var step float64 // what α multiplies
		switch o.Kind {
		case Momentum, Nesterov:
			if s.T == 1 {
				s.M[j] = gj
			} else {
				s.M[j] = float64(o.Momentum*s.M[j]) + gj
			}
			step = s.M[j]
			if o.Kind == Nesterov {
				step = gj + float64(o.Momentum*s.M[j])
			}
		case Adagrad:
			s.V[j] += float64(gj * gj)
			step = gj / (math.Sqrt(s.V[j]) + o.Eps)
		case RMSprop:
			s.V[j] = float64(o.Alpha*s.V[j]) + float64((1-o.Alpha)*float64(gj*gj))
			step = gj / (math.Sqrt(s.V[j]) + o.Eps)
		case Adam:
			s.M[j] = float64(o.Beta1*s.M[j]) + float64((1-o.Beta1)*gj)
			s.V[j] = float64(o.Beta2*s.V[j]) + float64((1-o.Beta2)*float64(gj*gj))
			mhat := s.M[j] / (1 - math.Pow(o.Beta1, float64(s.T)))
			vhat := s.V[j] / (1 - math.Pow(o.Beta2, float64(s.T)))
			step = mhat / (math.Sqrt(vhat) + o.Eps)
		default:
			step = gj
		}
		dst[j] = p[j] - float64(lr*step)
	}
}

// Terms are the numbers of one optimizer update of one parameter, for
// writing the update out: the state before (B0, S0, M0, V0) and after (B,
// S, M, V), Adam's bias-corrected moments, the denominator of the adaptive
// rules, and Step, what α multiplies.
type Terms struct {
	B0, B, S0, S, M0, M, V0, V float64
	MHat, VHat, Denom, Step    float64
	First                      bool // the optimizer's first update: the momentum buffer starts at g
}

// Terms works out the numbers of the update that took the state from
// before to after with gradient g, for parameter j.
func (o Optimizer) Terms(before, after OptState, g float64, j int) Terms {
	t := Terms{First: after.T == 1, Step: g}
	switch o.Kind {
	case Momentum, Nesterov:
		t.B0, t.B = before.M[j], after.M[j]
		t.Step = t.B
		if o.Kind == Nesterov {
			t.Step = g + float64(o.Momentum*t.B)
		}
	case Adagrad, RMSprop:
		t.S0, t.S = before.V[j], after.V[j]
		t.Denom = math.Sqrt(t.S) + o.Eps
		t.Step = g / t.Denom
	case Adam:
		t.M0, t.M, t.V0, t.V = before.M[j], after.M[j], before.V[j], after.V[j]
		mh, vh := o.Hat(after)
		t.MHat, t.VHat = mh[j], vh[j]
		t.Denom = math.Sqrt(t.VHat) + o.Eps
		t.Step = t.MHat / t.Denom
	}
	return t
}
