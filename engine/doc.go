// Package engine is gradient descent one update at a time, as lecture 3 of
// PyTorchZeroToAll does it (ŷ = x·w, loss (ŷ − y)², w ← w − α·2x(xw − y)),
// with the mathematics that explains each run. For example:
//
//	p, err := engine.NewProblem(engine.Setup{X: []float64{1, 2, 3}, Y: []float64{2, 4, 6}})
//	if err != nil {
//		return err
//	}
//	r, err := p.NewRun(engine.Start{LR: 0.01, Init: engine.Vec{1}})
//	if err != nil {
//		return err
//	}
//	rec := r.Step()             // x = 1: grad −2, w 1 → 1.02
//	r.Advance(2)                // w = 1.260688, as the lecture prints
//	a := r.Analysis()           // w* = 2; ×0.739312 per epoch; stable below α = 0.204
//	fmt.Println(rec.After[0], r.Params()[0], a.Optimum[0], r.Status())
//
// A Problem is what runs learn from: the data (the engine's own copy), a
// Model linear in its parameters (w; w, b; w2, w1, b) and a Mode that
// groups samples into updates (per sample, full batch, mini-batches, in
// data order or shuffled per epoch), described by a Setup. Everything that
// does not depend on where a run is belongs to it: the mean loss and its
// gradient anywhere, loss curves, the Analysis at any α and Optimizer
// (least-squares optimum, Hessian, curvatures, the epoch's contraction
// factor and regime, every stable interval of α), the Presets, α Sweeps
// and UpdatesToReach. A Run on a problem (Problem.NewRun, from a Start)
// holds the parameters, the optimizer's state and α; it steps, undoes
// steps exactly, restarts, trains headless and keeps a bounded history.
// Runs on one problem share its data and analyses; a Config is a Setup and
// a Start, and New(cfg) starts a run on a problem of its own.
//
// Arithmetic follows the lecture's order, products rounded before sums
// (no fused multiply-add), so WriteLecture prints the lecture's output
// byte for byte. Up to ExactRows samples the mean loss is summed in data
// order; beyond, it comes from moments gathered once, so nothing per
// update walks the data. The analysis's eigenvalues and least-squares
// solves come from gonum (linalg.go is the only file that calls it).
//
// The engine decides and the front ends show: a Run's Status (running,
// converged, diverged, cycling, stalled) and a learning rate's Regime are
// defined here, once. It writes no sentences for a screen and knows no
// command line: Presets, Reach and the statuses are data to be worded in
// the front end's language, and every error is a value (ErrBadMomentum,
// *RangeError, …) that the front end words with its own flag or key.
//
// Problems are safe for concurrent use; a Run is not, but runs on one
// problem may step in different goroutines while its analysis is asked
// for in the background. The transcripts — WriteLecture, WriteCSV and
// WriteJSON — train a run and write each update as they go.
//
// Where things are: problem.go (Setup, Start, Config, Problem), run.go
// (Run, Receipt, stepping), status.go, history.go (undo and the thinned
// history), loss.go (loss, gradient, curves), moments.go (large data),
// analysis.go and bigepoch.go (the stability analysis, small and large
// data), linalg.go (gonum), presets.go, sweep.go (sweeps and
// updates-to-reach), optim.go (the update rules), model.go, rangecheck.go,
// errors.go, format.go and transcript.go.
package engine
