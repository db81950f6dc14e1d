package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"descent/engine"
)

// Model is descent's program: the root model that holds the screens and
// shows one at a time. It implements tea.Model. It answers the global keys
// (q quits everywhere; in the run screens ? shows every key, c opens or
// closes the compare view, v the α sweep, and esc goes back to the lesson
// they were opened from), keeps the size, the styles and the help bar,
// and routes every other message to the active screen.
type Model struct {
	c    common
	help help.Model
	// bars keeps the last help bar drawn, and helpGen counts the changes
	// of the help's styles: the bar is drawn again only when its keys, the
	// width or the styles change, not with every frame.
	bars    *barCache
	helpGen int
	keys    rootKeys
	screen  screen // the active screen
	lab     lab    // what the run screens share; empty until one is opened
	single  singleView
	cmp     compareView
	sweep   sweepView
	lesson  lessonView
	// In a classroom (class.go): the student's link and what the teacher
	// set, the join screen, and the teacher's console.
	class   classState
	join    joinView
	console consoleView
	// opening is the view's options while the main run's analysis is
	// still being worked out (large data): once it is known, the screen
	// they ask for opens.
	opening *Options
	// fromLesson is set when the run screens were opened from the lesson,
	// to which esc goes back.
	fromLesson bool
	// quitting is set by the quit key: the last frame is empty, so that a
	// terminal that reflows its screens (tmux, after growing) has nothing
	// of it to leave on the shell.
	quitting bool
}

// rootKeys are the keys the root answers itself, and what the full help
// says of the mouse and of the keys of the run screens not shown.
type rootKeys struct {
	Compare, Sweep, Help, Quit, Lesson key.Binding
	// Click is the mouse's left button on a curve, which the root hands
	// to the screen; no key press matches it.
	Click key.Binding
	// InCompare and InSweep are the compare view's and the sweep's own
	// keys, as the other run screens' full help names them.
	InCompare, InSweep key.Binding
}

func newRootKeys(lang Lang) rootKeys {
	k := keysIn(lang)
	return rootKeys{
		Compare:   k("c", "compare α", "c"),
		Sweep:     k("v", "α sweep", "v"),
		Help:      k("?", "all keys", "?"),
		Quit:      k("q", "quit", "q", "ctrl+c"),
		Lesson:    k("esc", "back to the lesson", "esc"),
		Click:     k(tr(lang, "click"), "start there", "click"), // the mouse, which no key press matches
		InCompare: k("A/X", "in c: add/remove a run", "A", "X"),
		InSweep:   k("[/]", "in v: updates N", "[", "]"),
	}
}

// New returns the interactive view for o: the single view, or the compare
// view or the α sweep when o asks for them. An invalid o.Config falls back
// to the lecture's. On large data the main run's analysis is worked out
// when the program starts (Init), and the view waits for it.
func New(o Options) Model {
	m := newRoot(o.Width, o.Height, o.Lang)
	m.openView(o)
	return m
}

// NewLesson returns the guided lesson at width×height in lang; i on a page
// opens the interactive view with the page's settings, and esc there comes
// back.
func NewLesson(lang Lang, width, height int) Model {
	m := newRoot(width, height, lang)
	m.lesson = newLessonView(lang)
	m.screen = screenLesson
	return m
}

func newRoot(w, h int, lang Lang) Model {
	m := Model{c: newCommon(w, h, lang), help: help.New(), keys: newRootKeys(lang), bars: &barCache{}}
	m.help.SetWidth(max(w, 1))
	return m
}

// openView replaces the run screens with fresh ones for o and, once the
// main run's analysis is known, shows the one o asks for.
func (m *Model) openView(o Options) tea.Cmd {
	m.lab = newLab(o)
	m.lab.class = m.class.labClass()
	m.single = newSingleView(o.Lang)
	m.cmp = newCompareView(o.Lang)
	m.sweep = newSweepView(o.Lang)
	m.help = help.New() // Init asks for the background again
	m.help.SetWidth(max(m.c.lay.width, 1))
	m.helpGen++
	m.screen = screenSingle
	m.opening = &o
	if m.lab.big() {
		return nil // Init or the lesson's openViewMsg starts the analysis
	}
	return m.opened()
}

// prepare returns the command that works out the main run's analysis and
// presets, and those of the optimizers to compare, off the event loop,
// when the view waits for them.
func (m Model) prepare() tea.Cmd {
	if m.opening == nil || m.lab.ready {
		return nil
	}
	p, lr := m.lab.run.Problem(), m.lab.run.LR()
	opts := append([]engine.Optimizer{m.lab.run.Optimizer()}, m.opening.CompareOptimizers...)
	id := m.lab.works.ids[jobSettings]
	return func() tea.Msg {
		for _, o := range opts {
			p.Analysis(o, lr)
			p.Presets(o)
		}
		return readyMsg{id}
	}
}

// readyMsg says that the main run's analysis is known.
type readyMsg struct{ id int }

// opened marks the lab ready and shows the screen the options ask for.
func (m *Model) opened() tea.Cmd {
	o := m.opening
	m.opening = nil
	m.lab.ready = true
	var cmds []tea.Cmd
	if len(o.Compare) >= 2 || len(o.CompareOptimizers) >= 2 {
		cmds = append(cmds, m.show(screenCompare, openCompareMsg{lrs: o.Compare, opts: o.CompareOptimizers}))
	}
	if o.Sweep {
		cmds = append(cmds, m.show(screenSweep, shownMsg{}))
	}
	m.lab.refit(zoomForce, m.scope())
	return tea.Batch(cmds...)
}

// ready works out at once what the view waits for and the slow work
// that follows, as Snapshot needs it.
func (m *Model) ready() {
	*m = finish(*m, m.prepare())
}

// Run returns the run the view shows (in the compare view, the run the
// compared runs started from), for tests and for summaries after the
// program ends; nil in a lesson that opened no view.
func (m Model) Run() *engine.Run { return m.lab.run }

// Playing reports whether autoplay is on.
func (m Model) Playing() bool { return m.lab.play.playing }

// Summary is the line a front end prints after the program ends, in the
// view's language: the updates taken, the parameters, the mean loss and
// the run's state — its status once the engine has decided it, else that
// it was paused. It is empty in a lesson that opened no view.
func (m Model) Summary() string {
	r := m.lab.run
	if r == nil {
		return ""
	}
	p := r.Params()
	var vals []string
	for j, n := range r.Model().Params() {
		vals = append(vals, n+" = "+engine.FormatPy(p[j]))
	}
	state := m.c.tr("paused")
	if s := r.Status(); s != engine.Running {
		state = m.c.tr(s.String())
	}
	return m.c.trf("descent: %s, %s, mean loss %s (%s)", updatesText(m.c.lang, r.Updates()),
		strings.Join(vals, ", "), engine.FormatPy(r.MSE()), state)
}

// Init implements tea.Model.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.prepare(), m.lab.works.spin.Tick)
}

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
		m.helpGen++
		return m, nil
	case openViewMsg:
		cmd := m.openView(msg.o)
		m.fromLesson = true
		m.lab.msg = m.c.tr("esc goes back to the lesson")
		return m, tea.Batch(cmd, m.Init())
	case readyMsg:
		if m.opening == nil || msg.id != m.lab.works.ids[jobSettings] {
			return m, nil
		}
		return m, m.opened()
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft || m.c.lay.small || !m.runScreen() || !m.lab.ready {
			return m, nil
		}
		b, _ := m.bottom()
		return m.route(clickMsg{x: msg.X, y: msg.Y, body: b})
	case tea.KeyPressMsg:
		if m.runScreen() && m.lab.entry.open() {
			m, cmd := m.route(msg) // the entry line takes every key
			m.quitting = msg.String() == "ctrl+c"
			return m, cmd
		}
		if key.Matches(msg, m.keys.Quit) {
			m.lab.play.pause()
			m.quitting = true
			return m, tea.Quit
		}
		if m.screen == screenLesson && key.Matches(msg, m.keys.Help) {
			m.help.ShowAll = !m.help.ShowAll
			return m, nil
		}
		if !m.runScreen() {
			return m.route(msg)
		}
		m.lab.msg = "" // a key clears the last key's message
		switch {
		case key.Matches(msg, m.keys.Help):
			m.help.ShowAll = !m.help.ShowAll
			return m, nil
		case !m.lab.ready:
			return m, nil
		case key.Matches(msg, m.keys.Lesson) && m.fromLesson:
			m.lab.play.pause()
			m.screen = screenLesson
			m.help.ShowAll = false
			return m, nil
		case key.Matches(msg, m.keys.Compare):
			m.lab.play.pause()
			if m.screen == screenCompare {
				return m, m.show(screenSingle, shownMsg{})
			}
			if m.lab.settingsBusy() { // the compared runs would be made from the old settings
				return m, nil
			}
			return m, m.show(screenCompare, openCompareMsg{})
		case key.Matches(msg, m.keys.Sweep):
			m.lab.play.pause()
			if m.screen == screenSweep {
				return m, m.show(screenSingle, shownMsg{})
			}
			return m, m.show(screenSweep, shownMsg{})
		}
	}
	return m.route(msg)
}

// show switches to screen s and tells it so with msg.
func (m *Model) show(s screen, msg tea.Msg) tea.Cmd {
	m.screen = s
	var cmd tea.Cmd
	*m, cmd = m.route(msg)
	return cmd
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
	if b, ok := m.followKey(); ok && (m.runScreen() || m.screen == screenLesson) {
		return keyHelp{short: []key.Binding{b}, full: [][]key.Binding{{b}}}.then(m.screenKeys())
	}
	return m.screenKeys()
}

// screenKeys are the keys of the active screen and the root's.
func (m Model) screenKeys() keyHelp {
	k := m.keys
	switch m.screen {
	case screenLesson:
		return m.lesson.help().then(keyHelp{short: []key.Binding{k.Help, k.Quit}, full: [][]key.Binding{{k.Help, k.Quit}}})
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
// ? and q; the full help the screen switches too, each with the keys of
// the screen it opens that the active one does not answer, a click on the
// curve where the screen takes one, and esc when the view was opened
// from the lesson.
func (m Model) runKeys() keyHelp {
	k := m.keys
	var full []key.Binding
	if m.screen != screenSweep {
		full = append(full, k.Click)
	}
	full = append(full, k.Compare)
	if m.screen != screenCompare {
		full = append(full, k.InCompare)
	}
	full = append(full, k.Sweep)
	if m.screen != screenSweep {
		full = append(full, k.InSweep)
	}
	full = append(full, k.Help, k.Quit)
	if m.fromLesson {
		full = append(full, k.Lesson)
	}
	return keyHelp{short: []key.Binding{k.Help, k.Quit}, full: [][]key.Binding{full}}
}

// rootShort is how many of a run screen's one-line help keys are the
// root's (? and q), which stay when the line is too narrow for the rest.
const rootShort = 2

// bottom returns the frame's last lines — a run screen's help bar (its
// keys and the root's, on one line or, after ?, every key in columns) or
// the lesson's footer — and the body above them, where the screen draws.
func (m Model) bottom() (body, []string) {
	w := m.c.lay.width
	var bar []string
	switch {
	case m.screen == screenJoin:
	case m.runScreen() || m.screen == screenConsole || m.screen == screenLesson && m.help.ShowAll:
		keys := m.helpKeys()
		bar = m.bars.get(m.help.ShowAll, barSig(w, m.help.ShowAll, m.helpGen, keys), func() []string {
			if m.help.ShowAll {
				return fullHelp(m.help, keys.full, w)
			}
			return []string{shortHelp(m.help, keys.short, rootShort, w)}
		})
	default:
		bar = m.lesson.footer(m.c, m.helpKeys().short)
	}
	bar = clipLines(bar, w)
	return body{height: m.c.lay.height - len(bar), fullHelp: m.help.ShowAll && (m.runScreen() || m.screen == screenConsole)}, bar
}

// barCache is the last short and the last full help bar drawn, and what
// each was drawn for: ? goes back and forth between them.
type barCache struct {
	sig   [2]string
	lines [2][]string
}

// get returns the bar for sig, drawing it with draw when it is not the
// last one drawn of its kind (full or short). A nil cache draws every
// time.
func (c *barCache) get(full bool, sig string, draw func() []string) []string {
	if c == nil {
		return draw()
	}
	i := 0
	if full {
		i = 1
	}
	if c.sig[i] != sig || c.lines[i] == nil {
		c.sig[i], c.lines[i] = sig, draw()
	}
	return c.lines[i]
}

// barSig says what a help bar shows: the width, short or full, the
// styles' generation and every key's help and whether it is enabled.
func barSig(w int, full bool, gen int, keys keyHelp) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %t %d|", w, full, gen)
	add := func(k key.Binding) {
		h := k.Help()
		fmt.Fprintf(&b, "%s\x00%s\x00%t\x01", h.Key, h.Desc, k.Enabled())
	}
	for _, k := range keys.short {
		add(k)
	}
	b.WriteString("|")
	for _, g := range keys.full {
		for _, k := range g {
			add(k)
		}
		b.WriteString("|")
	}
	return b.String()
}

// shortHelp is the one-line help of keys in w columns: the last keep keys
// always, the others from the first as many as fit.
func shortHelp(h help.Model, keys []key.Binding, keep, w int) string {
	own, root := keys[:len(keys)-keep], keys[len(keys)-keep:]
	h.SetWidth(0) // measured here, not cut with an ellipsis
	for n := len(own); n >= 0; n-- {
		s := h.ShortHelpView(append(append([]key.Binding(nil), own[:n]...), root...))
		if ansi.StringWidth(s) <= w || n == 0 {
			return s
		}
	}
	return ""
}

// fullHelp lays every key of groups out in columns within w columns: the
// groups side by side when they fit, else all keys, in order, in columns
// of equal height, as many side by side as fit, in as few lines as can be.
// The layouts are measured from the keys' widths and only the chosen one
// is rendered: the full help is drawn with every frame while it is open.
func fullHelp(h help.Model, groups [][]key.Binding, w int) []string {
	h.SetWidth(0)
	view := func(cols [][]key.Binding) []string { return strings.Split(h.FullHelpView(cols), "\n") }
	sep := ansi.StringWidth(h.FullSeparator)
	// colWidth is the width of a column of keys as help draws it: the
	// widest key, a space, the widest description.
	colWidth := func(col []key.Binding) int {
		kw, dw := 0, 0
		for _, b := range col {
			kw, dw = max(kw, ansi.StringWidth(b.Help().Key)), max(dw, ansi.StringWidth(b.Help().Desc))
		}
		return kw + 1 + dw
	}
	var shown [][]key.Binding // the groups help draws: their enabled keys
	var all []key.Binding
	width := -sep
	for _, g := range groups {
		var on []key.Binding
		for _, b := range g {
			if b.Enabled() {
				on = append(on, b)
			}
		}
		if len(on) > 0 {
			shown = append(shown, on)
			all = append(all, on...)
			width += sep + colWidth(on)
		}
	}
	if len(shown) == 0 || width <= w {
		return view(groups)
	}
	// blocks lays all out in columns of height keys, side by side while
	// they fit, the blocks one under another; it returns the blocks, the
	// lines they take with a blank line between blocks, and whether every
	// block fits.
	blocks := func(height int) (out [][][]key.Binding, lines int, fits bool) {
		var cols [][]key.Binding
		for i := 0; i < len(all); i += height {
			cols = append(cols, all[i:min(i+height, len(all))])
		}
		fits = true
		for i := 0; i < len(cols); {
			n, bw := 1, colWidth(cols[i])
			for i+n < len(cols) && bw+sep+colWidth(cols[i+n]) <= w {
				bw += sep + colWidth(cols[i+n])
				n++
			}
			fits = fits && bw <= w
			if len(out) > 0 {
				lines++
			}
			lines += len(cols[i])
			out = append(out, cols[i:i+n])
			i += n
		}
		return out, lines, fits
	}
	var best [][][]key.Binding
	bestLines := 0
	for height := 2; height <= len(all); height++ {
		if out, lines, fits := blocks(height); fits && (best == nil || lines < bestLines) {
			best, bestLines = out, lines
		}
	}
	if best == nil {
		return view(groups)
	}
	var lines []string
	for _, b := range best {
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, view(b)...)
	}
	return lines
}

// View implements tea.Model.
func (m Model) View() tea.View {
	content := m.Render()
	if m.quitting {
		content = ""
	}
	v := tea.NewView(content)
	v.AltScreen = true
	switch m.screen {
	case screenLesson:
		v.WindowTitle = m.c.tr("descent lesson")
		return v
	case screenJoin:
		v.WindowTitle = m.c.tr("descent classroom")
		return v
	case screenConsole:
		v.WindowTitle = m.c.tr("descent classroom: the teacher's console")
		return v
	}
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = m.c.tr("descent: gradient descent, one update at a time")
	return v
}

// Render returns the frame as text with styles; it is View's content.
func (m Model) Render() string {
	lay := m.c.lay
	if lay.empty() {
		return ""
	}
	if lay.small {
		return tooSmall(m.c, lay.width, lay.height)
	}
	if m.runScreen() && !m.lab.ready {
		return m.waiting()
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
	for len(lines) < b.height {
		lines = append(lines, "")
	}
	lines = append(lines[:min(len(lines), b.height)], bar...)
	return strings.Join(lines[:min(len(lines), lay.height)], "\n")
}

// waiting is the frame while the main run's analysis of large data is
// worked out: what is being done, with a spinner, and that q quits.
func (m Model) waiting() string {
	lay, st := m.c.lay, m.c.st
	x, _ := m.lab.run.Data()
	msg := st.highlight.Render(m.lab.works.spin.View()+" "+m.c.trf("working out the analysis of %d points…", len(x))) +
		"\n\n" + st.subtle.Render(m.c.tr("q quits at once"))
	return lipgloss.Place(lay.width, lay.height, lipgloss.Center, lipgloss.Center, msg)
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
