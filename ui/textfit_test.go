package ui

import (
	"strings"
	"testing"
)

// TestFitFieldsLowersPrecisionThenDrops: a line of fields first loses
// digits, every field at once, then its fields of the highest rank.
func TestFitFieldsLowersPrecisionThenDrops(t *testing.T) {
	fields := []field{
		{at: []string{"α 0.0123456", "α 0.0123"}},
		{at: []string{"w* 2.00049", "w* 2"}, rank: 1},
		{at: []string{"ŷ(4) = 8.00196", "ŷ(4) = 8"}, rank: 2},
	}
	for _, c := range []struct {
		w    int
		want string
	}{
		{80, "α 0.0123456 │ w* 2.00049 │ ŷ(4) = 8.00196"},
		{30, "α 0.0123 │ w* 2 │ ŷ(4) = 8"},
		{20, "α 0.0123 │ w* 2"},
		{10, "α 0.0123"},
		{3, "α 0.0123"}, // nothing narrower: the last variant, for clipLines
	} {
		if got := fitFields(fields, " │ ", c.w); got != c.want {
			t.Errorf("%d columns: %q, want %q", c.w, got, c.want)
		}
	}
	if got := wrapWords("one two three four", 9); strings.Join(got, "|") != "one two|three|four" {
		t.Errorf("wrapWords: %q", got)
	}
}

// fitProse takes the first variant that fits one line, else the first that
// fits two, else the last; it never recurses forever.
func TestFitProse(t *testing.T) {
	for _, c := range []struct {
		w        int
		variants []string
		want     string
	}{
		{10, []string{"a long first variant", "short"}, "short"},
		{3, []string{"abcdef", "ghijklm"}, "abcdef"},
		{2, []string{"abcdef", "ghijklmn"}, "ghijklmn"},
		{1, []string{"한국어"}, "한국어"},
	} {
		if got := fitProse(c.w, c.variants...); got != c.want {
			t.Errorf("fitProse(%d, %q) = %q, want %q", c.w, c.variants, got, c.want)
		}
	}
}
