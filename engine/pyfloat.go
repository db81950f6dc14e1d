package engine

import (
	"math"
	"strconv"
	"strings"
)

// FormatPy formats f exactly as Python's repr(float) does: the shortest
// digits that read back as f, in positional notation when the decimal
// exponent is from −4 to 15 ("4.0", "0.0001", "1.02"), otherwise in
// exponent notation with a signed exponent of at least two digits
// ("1e-05", "1e+16", "5.250973729513143e-26"); "inf", "-inf" and "nan".
func FormatPy(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	// Shortest round-trip digits in the form [-]d[.ddd]e±XX.
	s := strconv.FormatFloat(f, 'e', -1, 64)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	if exp < -4 || exp >= 16 {
		out := digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		e := strconv.Itoa(exp)
		if len(e) < 2 {
			e = "0" + e
		}
		return sign + out + "e" + es + e
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return sign + digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}

// FormatShort formats f in the shortest form that parses back to the same
// float64 ("4", "1.02", "1e-05"), with "inf", "-inf" and "nan" for the
// non-finite values. CSV transcripts use it.
func FormatShort(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
