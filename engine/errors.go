package engine

import (
	"errors"
	"fmt"
)

// The errors the engine returns are values that say what is wrong in its
// own terms; a front end tests them with errors.Is or errors.As and words
// them for its users (the command line names its flags, a view its keys).
// Their texts are for logs and tests.
var (
	// ErrNoData: a problem needs at least one data point.
	ErrNoData = errors.New("engine: no data points")
	// ErrDataLengths: x and y differ in length.
	ErrDataLengths = errors.New("engine: x and y differ in length")
	// ErrNotFinite matches every *PointError: a data point is NaN or ±Inf.
	ErrNotFinite = errors.New("engine: a data point is not finite")
	// ErrRange matches every *RangeError (errors.Is(err, ErrRange)).
	ErrRange = errors.New("engine: data outside the range of float64")
	// ErrUnknownMode: a Mode that is not Sample, Batch or MiniBatch.
	ErrUnknownMode = errors.New("engine: unknown mode")
	// ErrBadBatch: a mini-batch size outside 1…the number of samples.
	ErrBadBatch = errors.New("engine: batch size outside 1…the number of samples")
	// ErrShuffleBatch: a full batch has no order to shuffle.
	ErrShuffleBatch = errors.New("engine: shuffle with full-batch updates")
	// ErrBadLR: a learning rate that is not a positive finite number.
	ErrBadLR = errors.New("engine: learning rate not a positive finite number")
	// ErrBadStart matches every *StartError: a starting parameter that is
	// not finite or beyond ±MaxStart.
	ErrBadStart = errors.New("engine: starting parameter out of range")
	// ErrUnknownModel and ErrUnknownOptimizer are returned by ModelByName
	// and ParseOptimizer for a name they do not know (wrapped with the
	// name), and by Setup.Validate and Optimizer.Validate for a value they
	// do not know; ParseMode returns ErrUnknownMode.
	ErrUnknownModel     = errors.New("engine: unknown model")
	ErrUnknownOptimizer = errors.New("engine: unknown optimizer")
	// ErrBadMomentum: Momentum's or Nesterov's μ outside [0, 1).
	ErrBadMomentum = errors.New("engine: momentum outside [0, 1)")
	// ErrNesterovMomentum: Nesterov momentum with μ = 0.
	ErrNesterovMomentum = errors.New("engine: Nesterov momentum with momentum 0")
	// ErrBadBeta1 and ErrBadBeta2: Adam's β1 or β2 outside [0, 1).
	ErrBadBeta1 = errors.New("engine: beta1 outside [0, 1)")
	ErrBadBeta2 = errors.New("engine: beta2 outside [0, 1)")
	// ErrBadSmoothing: RMSprop's smoothing constant outside [0, 1).
	ErrBadSmoothing = errors.New("engine: RMSprop smoothing constant outside [0, 1)")
	// ErrBadEps: ε of Adagrad, RMSprop or Adam not a positive finite number.
	ErrBadEps = errors.New("engine: eps not a positive finite number")
	// ErrLectureFormat is returned by WriteLecture for runs the lecture's
	// program could not have printed: another model than ŷ = x·w, updates
	// of more than one sample, or an optimizer other than plain gradient
	// descent.
	ErrLectureFormat = errors.New("engine: the lecture's printout is of the w model with per-sample plain gradient descent")
)

// PointError reports a data point that is not finite.
type PointError struct {
	Point int // 1-based
	X, Y  float64
}

// Error names the point and its values.
func (e *PointError) Error() string {
	return fmt.Sprintf("data point %d (%v, %v) is not finite", e.Point, e.X, e.Y)
}

// Is makes errors.Is(err, ErrNotFinite) true.
func (e *PointError) Is(target error) bool { return target == ErrNotFinite }

// StartError reports a starting parameter that is not finite or beyond
// ±MaxStart.
type StartError struct {
	Param string // the parameter's name, such as "w" or "b"
	Value float64
}

// Error names the parameter and its value.
func (e *StartError) Error() string {
	return fmt.Sprintf("starting %s = %v: want a finite number within ±1e150", e.Param, e.Value)
}

// Is makes errors.Is(err, ErrBadStart) true.
func (e *StartError) Is(target error) bool { return target == ErrBadStart }
