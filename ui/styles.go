package ui

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
)

// styles holds every style of the view. The palette is Okabe and Ito's,
// which stays distinguishable for colour-blind viewers; every marker also
// has a glyph of its own, so nothing is lost without colour.
type styles struct {
	title, subtle, label, value, strong       painter
	curve, current, trail, optimum, tangent   painter
	ghost, sample, warn, good, bad, highlight painter
	errText                                   painter
	runs                                      [MaxCompare]painter // one per compared run
}

// painter applies a style to one line of text by wrapping it in the
// style's escape sequences, computed once. lipgloss's Render measures and
// lays out its input every time, which a frame of thousands of cells
// cannot afford.
type painter struct{ pre, suf string }

// placeholder is a private-use rune that stands for the text when a
// painter is made.
const placeholder = "\ue000"

func newPainter(st lipgloss.Style) painter {
	pre, suf, _ := strings.Cut(st.Render(placeholder), placeholder)
	return painter{pre, suf}
}

// Render returns s, a single line, in the painter's style.
func (p painter) Render(s string) string {
	if s == "" {
		return ""
	}
	return p.pre + s + p.suf
}

func newStyles(isDark bool) styles {
	ld := lipgloss.LightDark(isDark)
	var (
		orange     = lipgloss.Color("#E69F00")
		sky        = ld(lipgloss.Color("#0072B2"), lipgloss.Color("#56B4E9"))
		green      = ld(lipgloss.Color("#007A5A"), lipgloss.Color("#009E73"))
		vermillion = lipgloss.Color("#D55E00")
		purple     = ld(lipgloss.Color("#A8558A"), lipgloss.Color("#CC79A7"))
		grey       = ld(lipgloss.Color("#6C6C6C"), lipgloss.Color("#9A9A9A"))
		faint      = ld(lipgloss.Color("#A0A0A0"), lipgloss.Color("#5E5E5E"))
		fg         = ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#EDEDED"))
	)
	fgOf := func(c color.Color) painter { return newPainter(lipgloss.NewStyle().Foreground(c)) }
	bold := func(c color.Color) painter { return newPainter(lipgloss.NewStyle().Foreground(c).Bold(true)) }
	return styles{
		title:     newPainter(lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFFFF")).Background(lipgloss.Color("#0072B2")).Padding(0, 1)),
		subtle:    fgOf(grey),
		label:     fgOf(grey),
		value:     fgOf(fg),
		strong:    bold(fg),
		curve:     fgOf(fg),
		current:   bold(vermillion),
		trail:     fgOf(orange),
		optimum:   bold(green),
		tangent:   fgOf(sky),
		ghost:     fgOf(purple),
		sample:    fgOf(faint),
		warn:      bold(orange),
		good:      bold(green),
		bad:       bold(vermillion),
		highlight: bold(sky),
		errText:   fgOf(vermillion),
		runs: [MaxCompare]painter{bold(vermillion), bold(sky), bold(green), bold(orange), bold(purple),
			bold(ld(lipgloss.Color("#0072B2"), lipgloss.Color("#9AD0F0")))},
	}
}
