package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// styles holds every style of the view. The palette is Okabe and Ito's,
// which stays distinguishable for colour-blind viewers; every marker also
// has a glyph of its own, so nothing is lost without colour.
type styles struct {
	title, subtle, label, value, strong       lipgloss.Style
	curve, current, trail, optimum, tangent   lipgloss.Style
	ghost, sample, warn, good, bad, highlight lipgloss.Style
	panel, errText                            lipgloss.Style
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
	fgOf := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	return styles{
		title:     lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFFFF")).Background(lipgloss.Color("#0072B2")).Padding(0, 1),
		subtle:    fgOf(grey),
		label:     fgOf(grey),
		value:     fgOf(fg),
		strong:    fgOf(fg).Bold(true),
		curve:     fgOf(fg),
		current:   fgOf(vermillion).Bold(true),
		trail:     fgOf(orange),
		optimum:   fgOf(green).Bold(true),
		tangent:   fgOf(sky),
		ghost:     fgOf(purple),
		sample:    fgOf(faint),
		warn:      fgOf(orange).Bold(true),
		good:      fgOf(green).Bold(true),
		bad:       fgOf(vermillion).Bold(true),
		highlight: fgOf(sky).Bold(true),
		panel:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(grey).Padding(0, 1),
		errText:   fgOf(vermillion),
	}
}
