package ui

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// bindings returns the key bindings that are fields of the struct v.
func bindings(v any) map[string]key.Binding {
	out := map[string]key.Binding{}
	rv := reflect.ValueOf(v)
	for i := 0; i < rv.NumField(); i++ {
		if b, ok := rv.Field(i).Interface().(key.Binding); ok {
			out[rv.Type().Field(i).Name] = b
		}
	}
	return out
}

// inHelp returns every key the full help of m names, each binding's keys
// as key.Matches matches them.
func inHelp(m Model) map[string]bool {
	out := map[string]bool{}
	for _, col := range m.helpKeys().full {
		for _, b := range col {
			for _, k := range b.Keys() {
				out[k] = true
			}
		}
	}
	return out
}

// TestFullHelpHasEveryKeyTheScreenAnswers checks, for each screen, that
// every key its Update answers — the lab's, the screen's own and the
// root's — is in the full help that ? shows, and so is the mouse where
// the screen takes a click; the run screens also name the keys of the
// compare view (A/X) and of the sweep ([ ]) that work once it is open.
func TestFullHelpHasEveryKeyTheScreenAnswers(t *testing.T) {
	// The one-line help's pairs (↑/↓ for ↑ and ↓), the sweep's included,
	// stand for keys listed one by one.
	pairs := map[string]bool{"LRPair": true, "W0Pair": true, "Pair": true}
	for _, c := range []struct {
		name   string
		open   []tea.Msg
		own    func(m Model) any
		skip   map[string]bool // keys the screen answers only to say they do nothing here
		click  bool
		others []string // keys of the other run screens it names
	}{
		{"single", nil, func(m Model) any { return m.single.keys }, nil, true, []string{"A", "X", "[", "]"}},
		{"compare", []tea.Msg{press('c')}, func(m Model) any { return m.cmp.keys }, nil, true, []string{"[", "]"}},
		{"sweep", []tea.Msg{press('v')}, func(m Model) any { return m.sweep.keys },
			map[string]bool{"Step": true, "Back": true, "Play": true}, false, []string{"A", "X"}},
	} {
		m := newModel(t, 80, 24, nil)
		m, _ = send(m, c.open...)
		shown := inHelp(m)
		answered := bindings(m.lab.keys)
		for n, b := range bindings(c.own(m)) {
			answered[c.name+"."+n] = b
		}
		for _, n := range []string{"Compare", "Sweep", "Help", "Quit"} {
			answered["root."+n] = bindings(m.keys)[n]
		}
		for n, b := range answered {
			short := n[strings.LastIndex(n, ".")+1:]
			if pairs[short] || c.skip[short] {
				continue
			}
			for _, k := range b.Keys() {
				if !shown[k] {
					t.Errorf("%s: the full help lacks %s (%q)", c.name, n, k)
				}
			}
		}
		if shown["click"] != c.click {
			t.Errorf("%s: the full help names the mouse click: %v, want %v", c.name, shown["click"], c.click)
		}
		for _, k := range c.others {
			if !shown[k] {
				t.Errorf("%s: the full help does not name %q of another screen", c.name, k)
			}
		}
	}
	// Opened from the lesson, esc goes back, and the help says so.
	var l tea.Model = NewLesson(English, 80, 24)
	l, _ = openView(l)
	if !inHelp(l.(Model))["esc"] {
		t.Error("a view opened from the lesson does not list esc")
	}
	// The lesson: ? shows its keys, which it answers.
	l = NewLesson(English, 80, 24)
	l, _ = l.Update(press('?'))
	m := l.(Model)
	shown := inHelp(m)
	for n, b := range bindings(m.lesson.keys) {
		for _, k := range b.Keys() {
			if !shown[k] {
				t.Errorf("lesson: the full help lacks %s (%q)", n, k)
			}
		}
	}
	frame := ansi.Strip(m.Render())
	for _, col := range m.helpKeys().full {
		for _, b := range col {
			if !regexp.MustCompile(regexp.QuoteMeta(b.Help().Key) + ` +` + regexp.QuoteMeta(b.Help().Desc)).MatchString(frame) {
				t.Errorf("lesson: ? does not show %q %q:\n%s", b.Help().Key, b.Help().Desc, frame)
			}
		}
	}
	if l, _ = l.Update(press('?')); strings.Contains(ansi.Strip(l.(Model).Render()), "value up") {
		t.Error("? again does not close the lesson's full help")
	}
}
