package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"descent/engine"
)

// Model is descent's program: the root model that holds the screens and
// shows one at a time. It implements tea.Model. It answers the global keys
// (q quits everywhere; in the run screens ? shows every key, c opens or
// closes the compare view, v the α sweep), keeps the size, the styles and
// the help bar, and routes every other message to the active screen.
type Model struct {
	c      common
	help   help.Model
	keys   rootKeys
	screen screen // the active screen
	lab    lab    // what the run screens share; empty until one is opened
	single singleView
	cmp    compareView
	sweep  sweepView
	lesson lessonView
	// In a classroom (class.go): the student's link and what the teacher
	// set, the join screen, and the teacher's console.
	class   classState
	join    joinView
	console consoleView
}

// rootKeys are the keys the root answers itself.
type rootKeys struct {
	Compare, Sweep, Help, Quit key.Binding
}

func newRootKeys(lang Lang) rootKeys {
	k := keysIn(lang)
	return rootKeys{
		Compare: k("c", "compare α", "c"),
		Sweep:   k("v", "α sweep", "v"),
		Help:    k("?", "all keys", "?"),
		Quit:    k("q", "quit", "q", "ctrl+c"),
	}
}

// New returns the interactive view for o: the single view, or the compare
// view or the α sweep when o asks for them. An invalid o.Config falls back
// to the lecture's.
func New(o Options) Model {
	m := newRoot(o.Width, o.Height, o.Lang)
	m.openView(o)
	return m
}

// NewLesson returns the guided lesson at width×height in lang; i on a page
// opens the interactive view with the page's settings.
func NewLesson(lang Lang, width, height int) Model {
	m := newRoot(width, height, lang)
	m.lesson = newLessonView(lang)
	m.screen = screenLesson
	return m
}

func newRoot(w, h int, lang Lang) Model {
	m := Model{c: newCommon(w, h, lang), help: help.New(), keys: newRootKeys(lang)}
	m.help.SetWidth(max(w, 1))
	return m
}

// openView replaces the run screens with fresh ones for o and shows the
// one o asks for.
func (m *Model) openView(o Options) {
	m.lab = newLab(o)
	m.lab.class = m.class.labClass()
	m.single = newSingleView(o.Lang)
	m.cmp = newCompareView(o.Lang)
	m.sweep = newSweepView(o.Lang)
	m.help = help.New() // Init asks for the background again
	m.help.SetWidth(max(m.c.lay.width, 1))
	m.screen = screenSingle
	if len(o.Compare) >= 2 || len(o.CompareOptimizers) >= 2 {
		m.show(screenCompare, openCompareMsg{lrs: o.Compare, opts: o.CompareOptimizers})
	}
	if o.Sweep {
		m.show(screenSweep, shownMsg{})
	}
	m.lab.refit(zoomForce, m.scope())
}

// Run returns the run the view shows (in the compare view, the run the
// compared runs started from), for tests and for summaries after the
// program ends; nil in a lesson that opened no view.
func (m Model) Run() *engine.Run { return m.lab.run }

// Playing reports whether autoplay is on.
func (m Model) Playing() bool { return m.lab.play.playing }

// Init implements tea.Model.
func (m Model) Init() tea.Cmd { return tea.RequestBackgroundColor }

// runScreen reports whether the active screen is one of the run screens.
func (m Model) runScreen() bool {
	return m.screen == screenSingle || m.screen == screenCompare || m.screen == screenSweep
}

// scope is the runs the active run screen shows.
func (m *Model) scope() scope {
	if m.screen == screenCompare {
		return m.lab.comparing(m.cmp.sel)
	}
	return m.lab.single()
}

// update answers msg for the screens; Update (class.go) adds the
// classroom's part around it.
func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.lay = newLayout(msg.Width, msg.Height)
		m.help.SetWidth(max(msg.Width, 1))
		return m, nil
	case tea.BackgroundColorMsg:
		m.c.st = newStyles(msg.IsDark())
		m.help.Styles = help.DefaultStyles(msg.IsDark())
		return m, nil
	case openViewMsg:
		m.openView(msg.o)
		return m, m.Init()
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft || m.c.lay.small || !m.runScreen() {
			return m, nil
		}
		b, _ := m.bottom()
		return m.route(clickMsg{x: msg.X, y: msg.Y, body: b})
	case tea.KeyPressMsg:
		if m.runScreen() && m.lab.entry.open() {
			return m.route(msg) // the entry line takes every key
		}
		if key.Matches(msg, m.keys.Quit) {
			m.lab.play.pause()
			return m, tea.Quit
		}
		if !m.runScreen() {
			return m.route(msg)
		}
		m.lab.msg = "" // a key clears the last key's message
		switch {
		case key.Matches(msg, m.keys.Help):
			m.help.ShowAll = !m.help.ShowAll
			return m, nil
		case key.Matches(msg, m.keys.Compare):
			m.lab.play.pause()
			if m.screen == screenCompare {
				m.show(screenSingle, shownMsg{})
			} else {
				m.show(screenCompare, openCompareMsg{})
			}
			return m, nil
		case key.Matches(msg, m.keys.Sweep):
			m.lab.play.pause()
			if m.screen == screenSweep {
				m.show(screenSingle, shownMsg{})
			} else {
				m.show(screenSweep, shownMsg{})
			}
			return m, nil
		}
	}
	return m.route(msg)
}

// show switches to screen s and tells it so with msg.
func (m *Model) show(s screen, msg tea.Msg) {
	m.screen = s
	*m, _ = m.route(msg)
}

// route hands msg to the active screen.
func (m Model) route(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.screen {
	case screenSingle:
		m.single, cmd = m.single.update(msg, m.c, &m.lab)
	case screenCompare:
		m.cmp, cmd = m.cmp.update(msg, m.c, &m.lab)
	case screenSweep:
		m.sweep, cmd = m.sweep.update(msg, m.c, &m.lab)
	case screenLesson:
		m.lesson, cmd = m.lesson.update(msg, m.c)
	case screenJoin:
		m.join, cmd = m.join.update(msg)
	case screenConsole:
		m.console, cmd = m.console.update(msg, m.c, &m.lab)
	}
	return m, cmd
}

// helpKeys is the active screen's keys followed by the root's.
func (m Model) helpKeys() keyHelp {
	k := m.keys
	switch m.screen {
	case screenLesson:
		return m.lesson.help().then(keyHelp{short: []key.Binding{k.Quit}, full: [][]key.Binding{{k.Quit}}})
	case screenJoin:
		return keyHelp{}
	case screenConsole:
		return m.console.help()
	case screenCompare:
		return m.cmp.help(&m.lab).then(m.runKeys())
	case screenSweep:
		return m.sweep.help(&m.lab).then(m.runKeys())
	}
	return m.single.help(&m.lab).then(m.runKeys())
}

// runKeys are the root's keys in the run screens: the one-line help shows
// ? and q, the full help the screen switches too.
func (m Model) runKeys() keyHelp {
	k := m.keys
	return keyHelp{
		short: []key.Binding{k.Help, k.Quit},
		full:  [][]key.Binding{{k.Compare, k.Sweep, k.Help, k.Quit}},
	}
}

// bottom returns the frame's last lines — a run screen's help bar (its
// keys and the root's, on one line or, after ?, in columns) or the
// lesson's footer — and the body above them, where the screen draws.
func (m Model) bottom() (body, []string) {
	var bar []string
	switch {
	case m.runScreen() || m.screen == screenConsole:
		bar = strings.Split(m.help.View(m.helpKeys()), "\n")
	case m.screen == screenJoin:
	default:
		bar = []string{m.lesson.footer(m.c, m.helpKeys().short)}
	}
	bar = clipLines(bar, m.c.lay.width)
	return body{height: m.c.lay.height - len(bar), fullHelp: m.help.ShowAll && (m.runScreen() || m.screen == screenConsole)}, bar
}

// View implements tea.Model.
func (m Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	switch m.screen {
	case screenLesson:
		v.WindowTitle = "descent lesson"
		return v
	case screenJoin:
		v.WindowTitle = "descent classroom"
		return v
	case screenConsole:
		v.WindowTitle = "descent classroom: the teacher's console"
		return v
	}
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "descent: gradient descent, one update at a time"
	return v
}

// Render returns the frame as text with styles; it is View's content.
func (m Model) Render() string {
	lay := m.c.lay
	if lay.empty() {
		return ""
	}
	if lay.small {
		return tooSmall(lay.width, lay.height)
	}
	b, bar := m.bottom()
	var lines []string
	switch m.screen {
	case screenSingle:
		lines = m.single.view(m.c, &m.lab, b)
	case screenCompare:
		lines = m.cmp.view(m.c, &m.lab, b)
	case screenSweep:
		lines = m.sweep.view(m.c, &m.lab, b)
	case screenLesson:
		lines = m.lesson.view(m.c, b)
	case screenJoin:
		lines = m.join.view(m.c, b)
	case screenConsole:
		lines = m.console.view(m.c, &m.lab, b)
	}
	lines = append(lines, bar...)
	return strings.Join(lines[:min(len(lines), lay.height)], "\n")
}

// advance takes n updates of the runs on screen, as if stepped: in the
// compare view a run stops where it diverged.
func (m *Model) advance(n int) {
	s := m.scope()
	if s.compare() {
		for range n {
			for _, r := range s.moving() {
				r.Step()
			}
		}
	} else {
		for _, r := range s.runs {
			r.Advance(n)
		}
	}
	m.lab.refit(zoomGrow, s)
}
