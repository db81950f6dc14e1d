package engine

import (
	"math"
	"strconv"
)

// FormatPy formats f exactly as Python's repr(float) does: the shortest
// digits that read back as f, in positional notation when the decimal
// exponent is from −4 to 15 ("4.0", "0.0001", "1.02"), otherwise in
// exponent notation with a signed exponent of at least two digits
// ("1e-05", "1e+16", "5.250973729513143e-26"); "inf", "-inf" and "nan".
func FormatPy(f float64) string { return string(appendPy(nil, f)) }

// appendPy appends FormatPy(f) to dst.
func appendPy(dst []byte, f float64) []byte {
	if isBad(f) {
		return appendNonFinite(dst, f)
	}
	// Shortest round-trip digits in the form [-]d[.ddd]e±XX, formatted in
	// a stack buffer and rearranged.
	var tmp [32]byte
	s := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64)
	if s[0] == '-' {
		dst = append(dst, '-')
		s = s[1:]
	}
	e := len(s) - 1
	for s[e] != 'e' {
		e--
	}
	exp := 0
	for _, c := range s[e+2:] {
		exp = 10*exp + int(c-'0')
	}
	if s[e+1] == '-' {
		exp = -exp
	}
	// The digits without the point: s[0] and s[2:e] when there is a point.
	var dbuf [24]byte
	digits := append(dbuf[:0], s[0])
	if e > 1 {
		digits = append(digits, s[2:e]...)
	}
	switch {
	case exp < -4 || exp >= 16:
		dst = append(dst, digits[0])
		if len(digits) > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e')
		if exp < 0 {
			dst, exp = append(dst, '-'), -exp
		} else {
			dst = append(dst, '+')
		}
		if exp < 10 {
			dst = append(dst, '0')
		}
		return strconv.AppendInt(dst, int64(exp), 10)
	case exp < 0:
		dst = append(dst, "0."...)
		for range -exp - 1 {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	case len(digits) <= exp+1:
		dst = append(dst, digits...)
		for range exp + 1 - len(digits) {
			dst = append(dst, '0')
		}
		return append(dst, ".0"...)
	}
	dst = append(dst, digits[:exp+1]...)
	dst = append(dst, '.')
	return append(dst, digits[exp+1:]...)
}

// FormatShort formats f in the shortest form that parses back to the same
// float64 ("4", "1.02", "1e-05"), with "inf", "-inf" and "nan" for the
// non-finite values. CSV transcripts use it.
func FormatShort(f float64) string { return string(appendShort(nil, f)) }

// appendShort appends FormatShort(f) to dst.
func appendShort(dst []byte, f float64) []byte {
	if isBad(f) {
		return appendNonFinite(dst, f)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

// appendNonFinite appends NaN or ±Inf as Python writes them: nan, inf, -inf.
func appendNonFinite(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "nan"...)
	case f > 0:
		return append(dst, "inf"...)
	}
	return append(dst, "-inf"...)
}

// appendJSON appends f as encoding/json writes a float64 — the shortest
// digits that read back as f, positional from 1e-6 to below 1e21
// ("0.00001", "150000"), otherwise with an exponent ("1e-7", "1e+21") —
// or null when f is not finite, which encoding/json refuses. The
// trajectory of a JSON transcript is written with it, a number at a time,
// without encoding/json's reflection.
func appendJSON(dst []byte, f float64) []byte {
	if isBad(f) {
		return append(dst, "null"...)
	}
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		dst = strconv.AppendFloat(dst, f, 'e', -1, 64)
		// e-07 → e-7, as encoding/json writes it.
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
		return dst
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}
