package engine_test

import (
	"fmt"

	"descent/engine"
)

// The lecture's run: three updates, then what the analysis says about it.
func Example() {
	p, err := engine.NewProblem(engine.Setup{X: []float64{1, 2, 3}, Y: []float64{2, 4, 6}})
	if err != nil {
		panic(err)
	}
	r, err := p.NewRun(engine.Start{LR: 0.01, Init: engine.Vec{1}})
	if err != nil {
		panic(err)
	}
	rec := r.Step()
	fmt.Println("x", rec.X, "grad", rec.Grad[0], "w", rec.After[0])
	r.Advance(2)
	fmt.Println("w", r.Params()[0], r.Status())
	a := r.Analysis()
	fmt.Printf("w* %g, ×%.6g per epoch (%s), stable below α = %.4g\n", a.Optimum[0], a.Factor, a.Regime, a.LRMaxStable)
	r.Train(99 * r.UpdatesPerEpoch()) // 100 epochs in all
	fmt.Println("predict 4 hours", r.Predict(4), r.Status())
	// Output:
	// x 1 grad -2 w 1.02
	// w 1.260688 running
	// w* 2, ×0.739312 per epoch (converging), stable below α = 0.204
	// predict 4 hours 7.9999999999996945 converged
}

// Runs on one problem share its data and analysis: here three learning
// rates on the lecture's data with full-batch updates, which multiply the
// error by 1 − α·28/3 per update, and the regimes of the four presets.
func ExampleProblem_NewRun() {
	p, err := engine.NewProblem(engine.Setup{X: []float64{1, 2, 3}, Y: []float64{2, 4, 6}, Mode: engine.Batch})
	if err != nil {
		panic(err)
	}
	for _, lr := range []float64{0.01, 0.1, 0.3} {
		r, _ := p.NewRun(engine.Start{LR: lr, Init: engine.Vec{1}})
		n, s := r.Play(1000)
		f, g := r.Factor(lr)
		fmt.Printf("α %-4g ×%-7.4g %-11s %-9s after %d updates\n", lr, f, g, s, n)
	}
	for _, ps := range p.Presets(engine.Optimizer{}) {
		fmt.Printf("%s: %s\n", ps.Kind, ps.Regime)
	}
	// Output:
	// α 0.01 ×0.9067  converging  converged after 228 updates
	// α 0.1  ×0.06667 converging  converged after 9 updates
	// α 0.3  ×-1.8    diverging   diverged  after 17 updates
	// too small: converging
	// just right: converging
	// oscillating: oscillating
	// diverging: diverging
}
