package engine

import (
	"fmt"
	"strings"
)

// MaxParams is the largest number of parameters a model has (quad: w2, w1, b).
const MaxParams = 3

// Vec holds one value per model parameter, in the model's parameter order.
// Only the first Model.NumParams() entries are used; the rest stay zero.
type Vec [MaxParams]float64

// Model is a prediction ŷ(x) that is linear in its parameters:
// ŷ = Σ φⱼ(x)·pⱼ, fitted with the squared-error loss (ŷ − y)².
// Its partial derivatives are ∂loss/∂pⱼ = 2φⱼ(x)(ŷ − y).
type Model struct {
	name     string
	params   []string
	features []string // φⱼ(x) as text: "x", "1", "x²"
	formula  string
	phi      func(x float64) Vec
}

// The models descent knows.
var (
	// ModelW is the lecture's model ŷ = x·w.
	ModelW = Model{
		name: "w", params: []string{"w"}, features: []string{"x"},
		formula: "ŷ = x·w",
		phi:     func(x float64) Vec { return Vec{x} },
	}
	// ModelWB is the line with an intercept, ŷ = x·w + b.
	ModelWB = Model{
		name: "wb", params: []string{"w", "b"}, features: []string{"x", "1"},
		formula: "ŷ = x·w + b",
		phi:     func(x float64) Vec { return Vec{x, 1} },
	}
	// ModelQuad is the lecture's exercise 3-2, ŷ = x²·w2 + x·w1 + b.
	ModelQuad = Model{
		name: "quad", params: []string{"w2", "w1", "b"}, features: []string{"x²", "x", "1"},
		formula: "ŷ = x²·w2 + x·w1 + b",
		phi:     func(x float64) Vec { return Vec{float64(x * x), x, 1} },
	}
)

// Models returns every model, the lecture's first.
func Models() []Model { return []Model{ModelW, ModelWB, ModelQuad} }

// ModelNames returns the names accepted by ModelByName, in order.
func ModelNames() []string {
	var names []string
	for _, m := range Models() {
		names = append(names, m.name)
	}
	return names
}

// ModelByName returns the model called name ("w", "wb" or "quad"), or an
// error that matches ErrUnknownModel.
func ModelByName(name string) (Model, error) {
	for _, m := range Models() {
		if m.name == name {
			return m, nil
		}
	}
	return Model{}, fmt.Errorf("%w %q (want %s)", ErrUnknownModel, name, strings.Join(ModelNames(), ", "))
}

// Name returns the model's short name: "w", "wb" or "quad".
func (m Model) Name() string { return m.name }

// Params returns the parameter names in order, for example ["w2", "w1", "b"].
func (m Model) Params() []string { return append([]string(nil), m.params...) }

// NumParams returns how many parameters the model has.
func (m Model) NumParams() int { return len(m.params) }

// ParamIndex returns the position of the parameter called name, or -1.
func (m Model) ParamIndex(name string) int {
	for i, p := range m.params {
		if p == name {
			return i
		}
	}
	return -1
}

// Formula returns the model as text, for example "ŷ = x·w".
func (m Model) Formula() string { return m.formula }

// GradFormula returns the partial derivative of the loss with respect to
// parameter j as text. For the lecture's model it reads "∂loss/∂w = 2x(xw − y)".
func (m Model) GradFormula(j int) string {
	if m.name == "w" {
		return "∂loss/∂w = 2x(xw − y)"
	}
	f := m.features[j]
	switch f {
	case "1":
		f = ""
	}
	return fmt.Sprintf("∂loss/∂%s = 2%s(ŷ − y)", m.params[j], f)
}

// Feature returns φⱼ(x) as text: the factor of parameter j in ŷ ("x²", "x" or "1").
func (m Model) Feature(j int) string { return m.features[j] }

// Features returns φ(x), the factor of each parameter in ŷ at x.
func (m Model) Features(x float64) Vec { return m.phi(x) }

// Predict returns ŷ at x for parameters p. The products are summed in
// parameter order, so for the lecture's model it is exactly x*w.
func (m Model) Predict(p Vec, x float64) float64 {
	phi := m.phi(x)
	return dot(&phi, &p, len(m.params))
}

// dot returns Σ φⱼ·pⱼ for j < k, left to right, with no fused multiply-add.
func dot(phi, p *Vec, k int) float64 {
	s := float64(phi[0] * p[0])
	for j := 1; j < k; j++ {
		s += float64(phi[j] * p[j])
	}
	return s
}

// Loss returns the squared error (ŷ − y)² of one sample, computed as the
// lecture does: (x*w − y)*(x*w − y).
func (m Model) Loss(p Vec, x, y float64) float64 {
	e := m.Predict(p, x) - y
	return float64(e * e)
}
