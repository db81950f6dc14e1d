package ui

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// joinView is the screen a student sees on joining a class: the name the
// teacher's roster shows, typed or, left empty, the SSH user name. Enter
// (or esc) joins; the view or the lesson the student asked for follows.
type joinView struct {
	input    textinput.Model
	fallback string // the SSH user name
}

// maxName is the longest name a student may type, in characters.
const maxName = 20

func newJoinView(fallback string) joinView {
	in := textinput.New()
	in.CharLimit = maxName
	in.Prompt = "› "
	in.Placeholder = fallback
	in.SetWidth(maxName + 1)
	in.Focus()
	return joinView{input: in, fallback: fallback}
}

// key answers a key: enter or esc joins (done), anything else edits the
// name.
func (v joinView) key(msg tea.KeyPressMsg) (joinView, tea.Cmd, bool) {
	switch msg.String() {
	case "enter", "esc":
		v.input.Blur()
		return v, nil, true
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	return v, cmd, false
}

// update passes other messages (the cursor's blink, pastes) to the input.
func (v joinView) update(msg tea.Msg) (joinView, tea.Cmd) {
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	return v, cmd
}

// name is the name typed, made printable; empty for the SSH user name.
func (v joinView) name() string { return CleanName(v.input.Value()) }

// CleanName makes a name for the roster from what a student typed or an
// SSH client sent: printable characters only (nothing that would move a
// cursor or change a colour on the teacher's screen), single spaces, at
// most 20 characters.
func CleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || !unicode.IsPrint(r) && r != ' ' {
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxName {
		s = string(r[:maxName])
	}
	return s
}

// view draws the join screen in the body b.
func (v joinView) view(c common, b body) []string {
	st, w := c.st, c.lay.width
	wrap := func(s string) []string {
		return strings.Split(lipgloss.NewStyle().Width(max(w-4, 10)).Render(s), "\n")
	}
	lines := []string{st.title.Render("descent") + " " + st.strong.Render(c.tr("a class in gradient descent")), ""}
	for _, l := range wrap(c.tr("Your name on the teacher's roster:")) {
		lines = append(lines, "  "+l)
	}
	lines = append(lines, "", "  "+v.input.View(), "")
	hint := c.tr("enter joins; with nothing typed you join as") + " " + v.fallback
	for _, l := range wrap(hint) {
		lines = append(lines, "  "+st.subtle.Render(l))
	}
	for _, l := range wrap(c.tr("The teacher sees your name, where you are, α, the updates and the loss, and can set α or the data for the class.")) {
		lines = append(lines, "  "+st.subtle.Render(l))
	}
	for len(lines) < b.height {
		lines = append(lines, "")
	}
	return clipLines(lines[:min(len(lines), b.height)], w)
}
