package engine

// Two numbers the view draws that no other part of the engine gives: the
// terms whose product is an epoch's factor, so the view can say why a run
// diverges, and the bottom of a loss slice, so each slice of a model with
// several weights can mark its own lowest point.

// EpochTerms returns the numbers whose product is one epoch's factor at
// learning rate lr, for a model with one parameter and plain gradient
// descent: for each update of an epoch, in data order, 1 − lr·h with h =
// (2/|B|)·Σ φᵢ² the curvature of that update's loss (for the lecture's
// per-sample updates, 1 − 2·lr·xᵢ²). It returns at most limit of them and
// how many there are. For several parameters or another update rule the
// epoch's factor is not such a product, and it returns nil and 0.
func (r *Run) EpochTerms(lr float64, limit int) (terms []float64, count int) {
	if r.k != 1 || r.opt.Kind != GD {
		return nil, 0
	}
	if r.per == 1 { // a full batch: its curvature is the Hessian's, known without a pass over the data
		return []float64{1 - lr*r.Analysis().Hessian[0][0]}, 1
	}
	for b := 0; b < r.per && len(terms) < limit; b++ {
		first := b * r.size
		last := min(first+r.size, r.n)
		h := 0.0
		for i := first; i < last; i++ {
			h += 2 * r.phi[i][0] * r.phi[i][0]
		}
		h /= float64(last - first)
		terms = append(terms, 1-lr*h)
	}
	return terms, r.per
}

// SliceMinimum returns the value of parameter j at which the mean loss is
// lowest with the other parameters held at p: the bottom of the loss
// slice along j. Unless p is the optimum it differs from the optimum's
// value of j. It reports false when the loss does not curve along j (φⱼ
// is 0 for every sample), where every value is as low.
func (r *Run) SliceMinimum(p Vec, j int) (float64, bool) {
	h := r.Analysis().Hessian[j][j] // the loss is a parabola in pⱼ with this curvature
	if !(h > 0) {
		return 0, false
	}
	return p[j] - r.GradAt(p)[j]/h, true
}
