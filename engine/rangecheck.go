package engine

import (
	"fmt"
	"math"
)

// RangeError reports data for which a quantity the engine forms leaves the
// range where float64 holds it precisely: it overflows, or it is not zero
// but falls below the smallest normal number (2.2e-308), where digits are
// lost. The engine forms, for every data point, the features φⱼ(x) (x² for
// quad), the curvature terms 2·φₐ·φ_b, the gradient terms 2·φₐ·y and y²,
// then their sums over the data, and from them the Hessian's largest
// eigenvalue, whose reciprocal sets the scale of every learning rate the
// analysis tries.
type RangeError struct {
	// Point is the 1-based data point, 0 when the quantity is formed from
	// all points (a sum, or the curvature).
	Point int
	X, Y  float64 // the point's values when Point > 0
	// Quantity names what left the range, for example "2·x²", "x·y",
	// "sum of 2·x⁴" or "largest curvature".
	Quantity string
	Value    float64 // its value: ±Inf, zero, subnormal or out of bounds
	Overflow bool    // it is too large (true) or too small (false)
	Model    string  // the model's name
}

// Error describes the quantity and the point.
func (e *RangeError) Error() string {
	how := "underflows"
	if e.Overflow {
		how = "overflows"
	}
	switch {
	case e.Point > 0:
		return fmt.Sprintf("data point %d (%v, %v): %s %s (model %s)", e.Point, e.X, e.Y, e.Quantity, how, e.Model)
	case e.Quantity == QuantityCurvature:
		return fmt.Sprintf("the largest curvature of the mean loss, %g, is outside %g…%g (model %s): learning rates near its reciprocal lose their precision", e.Value, minCurvature, maxCurvature, e.Model)
	}
	return fmt.Sprintf("the %s over all data points %s (model %s)", e.Quantity, how, e.Model)
}

// Is makes errors.Is(err, ErrRange) true.
func (e *RangeError) Is(target error) bool { return target == ErrRange }

// QuantityCurvature is RangeError.Quantity when the largest curvature of
// the mean loss is out of bounds, a quantity of no single data point.
const QuantityCurvature = "largest curvature"

// The largest curvature λmax of the mean loss sets the learning rates the
// analysis works with: from 1e-3/λmax up, refined to 1e-9 of that. Within
// these bounds every such α is a normal float64 with all its digits.
const (
	minCurvature = 1e-280
	maxCurvature = 1e280
)

// exponentText returns x to the power e as text: "1", "x", "x²", "x³", "x⁴".
func exponentText(e int) string {
	return [...]string{"1", "x", "x²", "x³", "x⁴"}[e]
}

// featureExponents returns the power of x in each of m's features.
func featureExponents(m Model) []int {
	switch m.NumParams() {
	case 1:
		return []int{1}
	case 2:
		return []int{1, 0}
	}
	return []int{2, 1, 0}
}

// checkData reports the first data point that is not finite (a
// *PointError) or the first quantity formed from the data that leaves
// float64's range (a *RangeError), or nil.
func checkData(x, y []float64, m Model) error {
	var h mat3
	var g [3]float64
	k := m.NumParams()
	ex := featureExponents(m)
	bad := func(i int, q string, v float64, over bool) error {
		return &RangeError{Point: i + 1, X: x[i], Y: y[i], Quantity: q, Value: v, Overflow: over, Model: m.name}
	}
	// out reports v = a·b (times 2 or not) leaving the range: not finite, or
	// below the smallest normal number although neither factor is zero.
	out := func(v, a, b float64) (bool, bool) {
		if isBad(v) {
			return true, true
		}
		return a != 0 && b != 0 && math.Abs(v) < minNormal, false
	}
	var yy float64
	for i := range x {
		if isBad(x[i]) || isBad(y[i]) {
			return &PointError{Point: i + 1, X: x[i], Y: y[i]}
		}
		phi := m.Features(x[i])
		if k == 3 {
			if o, over := out(phi[0], x[i], x[i]); o {
				return bad(i, "x²", phi[0], over)
			}
		}
		for a := 0; a < k; a++ {
			for b := a; b < k; b++ {
				v := 2 * phi[a] * phi[b]
				if o, over := out(v, phi[a], phi[b]); o {
					return bad(i, "2·"+exponentText(ex[a]+ex[b]), v, over)
				}
			}
			v := 2 * phi[a] * y[i]
			if o, over := out(v, phi[a], y[i]); o {
				q := "2·" + exponentText(ex[a]) + "·y"
				if ex[a] == 0 {
					q = "2·y"
				}
				return bad(i, q, v, over)
			}
		}
		if o, over := out(y[i]*y[i], y[i], y[i]); o {
			return bad(i, "y²", y[i]*y[i], over)
		}
		for a := 0; a < k; a++ {
			g[a] += 2 * phi[a] * y[i]
			for b := 0; b < k; b++ {
				h[a][b] += 2 * phi[a] * phi[b]
			}
		}
		yy += y[i] * y[i]
	}
	sum := func(q string, v float64) error {
		return &RangeError{Quantity: "sum of " + q, Value: v, Overflow: true, Model: m.name}
	}
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			if isBad(h[a][b]) {
				return sum("2·"+exponentText(ex[a]+ex[b]), h[a][b])
			}
		}
		if isBad(g[a]) {
			return sum("2·"+exponentText(ex[a])+"·y", g[a])
		}
	}
	if isBad(yy) {
		return sum("y²", yy)
	}
	var mean mat3
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			mean[a][b] = h[a][b] / float64(len(x))
		}
	}
	vals := symValues(&mean, k)
	if top := vals[k-1]; top > 0 && (top < minCurvature || top > maxCurvature) {
		return &RangeError{Quantity: QuantityCurvature, Value: top, Overflow: top > 1, Model: m.name}
	}
	return nil
}

// minNormal is the smallest positive normal float64, 2⁻¹⁰²².
const minNormal = 0x1p-1022
