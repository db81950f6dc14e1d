package ui

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// entryKind is what the entry line asks for.
type entryKind int

const (
	entryNone entryKind = iota
	entryLR             // α of the run in focus
	entryW0             // the start of the chosen parameter
)

// entry is the line where α or a start is typed exactly (keys a and w).
// While it is open it takes every key: enter applies, esc cancels, ctrl+c
// quits.
type entry struct {
	input textinput.Model
	kind  entryKind
	err   string // why the typed value was refused
	lang  Lang
	// fresh is set while the line holds the value it opened with, which
	// the first character typed replaces, as a selected field's would;
	// an editing key (backspace, the arrows) keeps it for editing.
	fresh bool
}

func newEntry(lang Lang) entry {
	in := textinput.New()
	in.CharLimit = 32
	return entry{input: in, lang: lang}
}

// open reports whether the entry line is open.
func (e entry) open() bool { return e.kind != entryNone }

// start opens the line for kind with prompt, holding value.
func (e *entry) start(kind entryKind, prompt, value string) tea.Cmd {
	e.kind, e.err, e.fresh = kind, "", true
	e.input.Prompt = prompt
	e.input.SetValue(value)
	e.input.CursorEnd()
	return e.input.Focus()
}

// close closes the line.
func (e *entry) close() {
	e.kind, e.err = entryNone, ""
	e.input.Blur()
}

// update answers a key: it returns the typed value and its kind when enter
// accepts it, and a command (quit on ctrl+c, the cursor's blink otherwise).
func (e *entry) update(msg tea.KeyPressMsg) (entryKind, float64, tea.Cmd) {
	switch msg.String() {
	case "esc":
		e.close()
		return entryNone, 0, nil
	case "ctrl+c":
		return entryNone, 0, tea.Quit
	case "enter":
		v, err := strconv.ParseFloat(strings.TrimSpace(e.input.Value()), 64)
		switch {
		case errors.Is(err, strconv.ErrRange):
			e.err = trf(e.lang, "%s is out of the range of float64", strconv.Quote(e.input.Value()))
			return entryNone, 0, nil
		case err != nil:
			e.err = trf(e.lang, "%s is not a number", strconv.Quote(e.input.Value()))
			return entryNone, 0, nil
		case math.IsNaN(v) || math.IsInf(v, 0):
			e.err = trf(e.lang, "%s is not a finite number", strconv.Quote(e.input.Value()))
			return entryNone, 0, nil
		case e.kind == entryLR && v <= 0:
			e.err = tr(e.lang, "α must be positive")
			return entryNone, 0, nil
		}
		kind := e.kind
		e.close()
		return kind, v, nil
	}
	if e.fresh && msg.Text != "" {
		e.input.SetValue("")
	}
	e.fresh = false
	var cmd tea.Cmd
	e.input, cmd = e.input.Update(msg)
	e.err = ""
	return entryNone, 0, cmd
}

// paste types pasted text into the open line.
func (e *entry) paste(msg tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	e.input, cmd = e.input.Update(msg)
	return cmd
}

// view is the open line with its hint and its error, in w columns: the
// hint goes first when both do not fit.
func (e entry) view(st styles, w int) string {
	in := e.input.View()
	hint := st.subtle.Render("   " + tr(e.lang, "enter applies · esc cancels"))
	if e.err == "" {
		return firstFit(w, in+hint, in)
	}
	bad := "  " + st.errText.Render("✗ "+e.err)
	return firstFit(w, in+hint+bad, in+bad, in)
}
