package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Fitting text to a width without cutting a number or a word: a line is
// offered in several variants, from the most precise to the shortest —
// its numbers with fewer digits, then without its least important fields
// — and the first that fits is drawn. Prose wraps at words. clipLines
// (layout.go) stays the last resort, for a frame narrower than any
// variant.

// firstFit returns the first of variants whose display width is at most
// w, or the last one when none fits.
func firstFit(w int, variants ...string) string {
	for _, v := range variants {
		if ansi.StringWidth(v) <= w {
			return v
		}
	}
	if len(variants) == 0 {
		return ""
	}
	return variants[len(variants)-1]
}

// field is one part of a line of fields: its text at each precision, the
// most precise first, and its rank: fields of a higher rank are dropped
// first when the line is too wide even at the lowest precision.
type field struct {
	at   []string // the text at precision 0, 1, …; a field with one text has one
	rank int      // 0: never dropped
}

// text is the field at precision p (its least precise when it has fewer).
func (f field) text(p int) string { return f.at[min(p, len(f.at)-1)] }

// fitFields joins fields with sep into at most w columns: every field at
// its most precise, then each precision down in turn, then without the
// fields of the highest rank, and so on, each at the lowest precision.
func fitFields(fields []field, sep string, w int) string {
	levels := 1
	for _, f := range fields {
		levels = max(levels, len(f.at))
	}
	join := func(p, keepRank int) string {
		var parts []string
		for _, f := range fields {
			if f.rank <= keepRank {
				if t := f.text(p); t != "" {
					parts = append(parts, t)
				}
			}
		}
		return strings.Join(parts, sep)
	}
	top := 0
	for _, f := range fields {
		top = max(top, f.rank)
	}
	var variants []string
	for p := range levels {
		variants = append(variants, join(p, top))
	}
	for r := top - 1; r >= 0; r-- {
		variants = append(variants, join(levels-1, r))
	}
	return firstFit(w, variants...)
}

// wrapWords wraps prose (which may carry styles) at spaces into lines of
// at most w columns; a word longer than w is broken.
func wrapWords(s string, w int) []string {
	if w <= 0 {
		return []string{s}
	}
	return strings.Split(ansi.Wrap(s, w, ""), "\n")
}

// displayWidth is the columns s takes on a terminal, styles aside.
func displayWidth(s string) int { return ansi.StringWidth(s) }

// padLeftW right-aligns s in n columns of display width.
func padLeftW(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return strings.Repeat(" ", n-w) + s
	}
	return s
}
