package ui

import (
	"charm.land/bubbles/v2/key"
)

// common is what every screen reads and none owns: the frame's layout, the
// styles and the language. The root model keeps it and hands it to the
// active screen with every message and every frame.
type common struct {
	lay    layout
	st     styles
	lang   Lang
	lesson bool // drawing for the lesson, whose keys differ from the view's
}

func newCommon(w, h int, lang Lang) common {
	return common{lay: newLayout(w, h), st: newStyles(true), lang: lang}
}

// tr translates s into the screen's language: every string a user sees
// goes through it (or trf, or keysIn's descriptions) and the catalog.
func (c common) tr(s string) string { return tr(c.lang, s) }

// trf translates format into the screen's language and formats args.
func (c common) trf(format string, args ...any) string { return trf(c.lang, format, args...) }

// screen names the screens; the root model shows one at a time.
type screen int

const (
	screenSingle  screen = iota // one run: curve, receipt, status (single.go)
	screenCompare               // 2 to 6 runs with their own α (compare.go)
	screenSweep                 // mean loss after N updates against α (sweep.go)
	screenLesson                // the guided lesson (lesson.go)
	screenJoin                  // a student's name, on joining a class (join.go)
	screenConsole               // the teacher's console (console.go)
)

// shownMsg tells a screen that the root just switched to it.
type shownMsg struct{}

// clickMsg is a left click at (x, y) as the root hands it to a screen,
// with the body of the frame it landed on.
type clickMsg struct {
	x, y int
	body body
}

// keyHelp is a screen's keys for the help bar (bubbles/help): the keys of
// the one-line help and the columns of the full help.
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (k keyHelp) ShortHelp() []key.Binding { return k.short }

// FullHelp implements help.KeyMap.
func (k keyHelp) FullHelp() [][]key.Binding { return k.full }

// then returns k's keys followed by more's: a screen's help followed by the
// root's keys.
func (k keyHelp) then(more keyHelp) keyHelp {
	return keyHelp{
		short: append(append([]key.Binding(nil), k.short...), more.short...),
		full:  append(append([][]key.Binding(nil), k.full...), more.full...),
	}
}

// keysIn returns a maker of key bindings whose help is in lang: k(helpKey,
// desc, keys...) binds keys, shown in help as helpKey and desc.
func keysIn(lang Lang) func(helpKey, desc string, keys ...string) key.Binding {
	return func(helpKey, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, tr(lang, desc)))
	}
}
