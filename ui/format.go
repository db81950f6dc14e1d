package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"descent/engine"
)

// num formats f with at most digits significant digits, without trailing
// zeros, with a true minus sign: num(-16.2288, 6) = "−16.2288". digits ≤ 0
// means every digit Python's repr would print.
func num(f float64, digits int) string {
	var s string
	if f == 0 {
		f = 0 // −0 is written 0
	}
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+∞"
	case math.IsInf(f, -1):
		return "−∞"
	case digits <= 0:
		s = engine.FormatPy(f)
		s = strings.TrimSuffix(s, ".0")
	default:
		a := math.Abs(f)
		if a != 0 && (a < 1e-4 || a >= math.Pow(10, float64(max(digits, 6)))) {
			s = strconv.FormatFloat(f, 'e', digits-1, 64)
			mant, exp, _ := strings.Cut(s, "e")
			if strings.Contains(mant, ".") {
				mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
			}
			s = mant + "e" + exp
		} else {
			s = strconv.FormatFloat(f, 'g', digits, 64)
			if strings.Contains(s, "e") { // a whole number wider than digits
				s = strconv.FormatFloat(math.Round(f), 'f', 0, 64)
			}
		}
	}
	return strings.ReplaceAll(s, "-", "−")
}

// numOff1 is num(f, digits) with as many more digits as it takes for the
// text's size to stay on |f|'s side of 1: a factor of 1.0003 next to
// "> 1" is not written 1, nor 0.99996 next to "< 1" written 1.
func numOff1(f float64, digits int) string {
	a := math.Abs(f)
	if a == 1 || math.IsNaN(a) || math.IsInf(a, 0) {
		return num(f, digits)
	}
	for d := max(digits, 1); d < 17; d++ {
		if v, _ := strconv.ParseFloat(strconv.FormatFloat(a, 'g', d, 64), 64); v != 1 && (v > 1) == (a > 1) {
			return num(f, d)
		}
	}
	return num(f, 17)
}

// signed is num with an explicit + for positive values, for differences.
func signed(f float64, digits int) string {
	s := num(f, digits)
	if f > 0 {
		return "+" + s
	}
	return s
}

// paren wraps negative numbers in parentheses, as one writes 0.01 × (−2).
func paren(f float64, digits int) string {
	s := num(f, digits)
	if strings.HasPrefix(s, "−") {
		return "(" + s + ")"
	}
	return s
}

// labelOf returns a y-axis formatter of a fixed width: 9 columns, or fewer
// with fewer digits for narrow plots.
func labelOf(width int) func(float64) string {
	digits := 3
	if width < 9 {
		digits = 2
	}
	return func(f float64) string {
		s := num(f, digits)
		if w := width - len([]rune(s)); w > 0 {
			s = strings.Repeat(" ", w) + s
		}
		return s
	}
}

// tickLabel formats an x-axis tick value compactly.
func tickLabel(f float64) string { return num(f, 4) }

// tidy shows as 0 a component of v that is rounding noise next to the
// largest: the least-squares solve of the lecture's exercise gives b* =
// −1e−14 where the mathematics says 0.
func tidy(x float64, v engine.Vec) float64 {
	big := 0.0
	for _, c := range v {
		big = math.Max(big, math.Abs(c))
	}
	if math.Abs(x) < 1e-9*big {
		return 0
	}
	return x
}

// roundNice rounds v to about three significant digits of the span.
func roundNice(v, span float64) float64 {
	if span <= 0 || math.IsInf(span, 0) || math.IsNaN(span) {
		return v
	}
	q := math.Pow(10, math.Floor(math.Log10(span))-2)
	return math.Round(v/q) * q
}

// startName names a parameter's starting value in lang: "w0" for the
// lecture's w, as its flag is called, and "b start" for the others ("w20"
// would read as a number).
func startName(lang Lang, name string) string {
	if name == "w" {
		return "w0"
	}
	return trf(lang, "%s start", name)
}

// startLabel is startName as a status line's label.
func startLabel(c common, name string) string { return startName(c.lang, name) + " " }

// optimizerText names an optimizer with its hyper-parameters, in lang.
func optimizerText(lang Lang, o engine.Optimizer) string {
	switch o.Kind {
	case engine.Momentum, engine.Nesterov:
		return fmt.Sprintf("%s (μ %s)", o.Kind, num(o.Momentum, 4))
	case engine.Adagrad:
		return fmt.Sprintf("adagrad (ε %s)", num(o.Eps, 2))
	case engine.RMSprop:
		return fmt.Sprintf("rmsprop (a %s, ε %s)", num(o.Alpha, 4), num(o.Eps, 2))
	case engine.Adam:
		return fmt.Sprintf("adam (β1 %s, β2 %s, ε %s)", num(o.Beta1, 4), num(o.Beta2, 4), num(o.Eps, 2))
	}
	return tr(lang, "plain gradient descent")
}
