package ui

import (
	"cmp"
	"fmt"
	"math"
	slc "slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"descent/engine"
)

// consoleView is the teacher's console: the class as a roster with the
// counts per state, the class on one picture (classpic.go: the loss curve
// with every student's w, the α strip with every student's α against the
// largest stable α), the server's log, and the keys that push settings,
// open a lesson page, lock the settings and lead the class. What it pushes
// and the run it leads with are the teacher's own, the lab's, which i
// opens (esc comes back).
//
// Its keys: ↑/↓ select a student (the pushes and lesson pages go to them
// alone), esc selects everyone, s sorts, p pushes, g opens a lesson page,
// l locks, f leads, i opens the teacher's run, q quits (the local console
// asks first: it stops the server). ? is the root's (class.go).
type consoleView struct {
	opts   ConsoleOptions
	roster RosterMsg
	sel    int // the selected student's ID; 0 for everyone
	sortBy int // index into sortKeys
	prompt prompt
	msg    string
	keys   consoleKeys
	lang   Lang
}

// prompt is the question the console's message line asks, if any: what
// to push, which page to open, whether to stop the server.
type prompt int

const (
	promptNone prompt = iota
	promptPush
	promptLesson
	promptQuit
)

// consoleKeys are the console's keys.
type consoleKeys struct {
	Up, Down, Everyone, Sort, Push, Lesson, Lock, Follow, Own, Help, Quit key.Binding
}

func newConsoleView(o ConsoleOptions, lang Lang) consoleView {
	k := keysIn(lang)
	return consoleView{opts: o, lang: lang, keys: consoleKeys{
		Up:       k("↑/↓", "select a student", "up", "k"),
		Down:     k("↓", "next student", "down", "j"),
		Everyone: k("esc", "everyone", "esc"),
		Sort:     k("s", "sort", "s"),
		Push:     k("p", "push settings", "p"),
		Lesson:   k("g", "lesson page", "g"),
		Lock:     k("l", "lock/unlock", "l"),
		Follow:   k("f", "follow me", "f"),
		Own:      k("i", "your run", "i", "enter"),
		Help:     k("?", "all keys", "?"),
		Quit:     k("q", "quit", "q", "ctrl+c"),
	}}
}

// help lists the console's keys.
func (v consoleView) help() keyHelp {
	k := v.keys
	return keyHelp{
		short: []key.Binding{k.Push, k.Follow, k.Lock, k.Lesson, k.Own, k.Up, k.Help, k.Quit},
		full: [][]key.Binding{
			{k.Push, k.Lesson, k.Lock, k.Follow},
			{k.Up, k.Down, k.Everyone, k.Sort},
			{k.Own, k.Help, k.Quit},
		},
	}
}

// prompting reports whether the message line asks something.
func (v consoleView) prompting() bool { return v.prompt != promptNone }

// sortKeys are the orders of the roster, s moving to the next.
var sortKeys = []struct {
	name string
	cmp  func(a, b Student) int
}{
	{"name", func(a, b Student) int { return naturalCompare(a.Name, b.Name) }},
	{"state", func(a, b Student) int { return cmp.Compare(stateOf(a).order, stateOf(b).order) }},
	{"α", func(a, b Student) int { return cmp.Compare(a.LR, b.LR) }},
	{"updates", func(a, b Student) int { return cmp.Compare(b.Updates, a.Updates) }},
	{"mean loss", func(a, b Student) int { return cmp.Compare(a.MeanLoss, b.MeanLoss) }},
}

// students returns the roster in the chosen order, ties by name.
func (v consoleView) students() []Student {
	out := slc.Clone(v.roster.Students)
	by := sortKeys[v.sortBy].cmp
	slc.SortStableFunc(out, func(a, b Student) int {
		if c := by(a, b); c != 0 {
			return c
		}
		return naturalCompare(a.Name, b.Name)
	})
	return out
}

// naturalCompare orders names as people do: student2 before student10.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitsPrefix(a), digitsPrefix(b)
		if da != "" && db != "" {
			na, nb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// digitsPrefix is the digits s starts with.
func digitsPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// target names whom a push goes to: the selected student or everyone.
func (v consoleView) target() string {
	for _, s := range v.roster.Students {
		if s.ID == v.sel {
			return s.Name
		}
	}
	return tr(v.lang, "everyone")
}

// to is the ID a command goes to: the selected student's, still on the
// roster, or 0 for everyone.
func (v consoleView) to() int {
	for _, s := range v.roster.Students {
		if s.ID == v.sel {
			return s.ID
		}
	}
	return 0
}

// send hands a command to the class.
func (v consoleView) send(c Command) {
	if v.opts.Send != nil {
		v.opts.Send(c)
	}
}

// update answers the console's keys; l is the teacher's own run.
func (v consoleView) update(msg tea.Msg, c common, l *lab) (consoleView, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return v, nil
	}
	if v.prompt != promptNone {
		return v.answer(k, l)
	}
	v.msg = ""
	keys := v.keys
	switch {
	case key.Matches(k, keys.Up), key.Matches(k, keys.Down):
		v.move(key.Matches(k, keys.Down))
	case key.Matches(k, keys.Everyone):
		v.sel = 0
	case key.Matches(k, keys.Sort):
		v.sortBy = (v.sortBy + 1) % len(sortKeys)
		v.msg = tr(v.lang, "sorted by") + " " + tr(v.lang, sortKeys[v.sortBy].name)
	case key.Matches(k, keys.Push):
		v.prompt = promptPush
	case key.Matches(k, keys.Lesson):
		v.prompt = promptLesson
	case key.Matches(k, keys.Lock):
		on := !v.roster.Locked
		v.send(Command{Kind: CmdLock, On: on})
		v.roster.Locked = on
		v.msg = tr(v.lang, "unlocked: students may change the settings again")
		if on {
			v.msg = tr(v.lang, "locked: students can step and play, not change the settings")
		}
	case key.Matches(k, keys.Follow):
		on := !v.roster.Leading
		v.send(Command{Kind: CmdFollow, On: on})
		v.roster.Leading = on
		v.msg = tr(v.lang, "the class no longer follows your run")
		if on {
			v.msg = tr(v.lang, "follow me: every student's view mirrors your run · i opens it")
		}
	case key.Matches(k, keys.Quit):
		if !v.opts.Local {
			return v, tea.Quit
		}
		v.prompt = promptQuit
	}
	return v, nil
}

// move selects the next (or previous) student in the roster's order;
// above the first, everyone.
func (v *consoleView) move(down bool) {
	ss := v.students()
	i := slc.IndexFunc(ss, func(s Student) bool { return s.ID == v.sel })
	switch {
	case len(ss) == 0:
		v.sel = 0
		return
	case down:
		i = min(i+1, len(ss)-1)
	default:
		i--
	}
	if i < 0 {
		v.sel = 0
		return
	}
	v.sel = ss[i].ID
}

// answer answers the message line's question.
func (v consoleView) answer(k tea.KeyPressMsg, l *lab) (consoleView, tea.Cmd) {
	p := v.prompt
	v.prompt = promptNone
	s := k.String()
	if s == "esc" {
		return v, nil
	}
	switch p {
	case promptQuit:
		if s == "y" || s == "Y" || s == "ctrl+c" {
			return v, tea.Quit
		}
	case promptLesson:
		if len(s) == 1 && s[0] >= '1' && s[0] <= '0'+lessonPages {
			page := int(s[0] - '0')
			v.send(Command{Kind: CmdLesson, To: v.to(), Page: page})
			v.msg = fmt.Sprintf(tr(v.lang, "opened lesson page %d for %s"), page, v.target())
			if v.to() == 0 {
				v.roster.Leading = false
			}
		}
	case promptPush:
		v.push(s, l)
	}
	return v, nil
}

// push sends the setting key s names (enter for all of them) from the
// teacher's run l.
func (v *consoleView) push(s string, l *lab) {
	if l.run == nil {
		return
	}
	c := l.run.Config()
	cm := common{lang: v.lang}
	p := Push{Data: l.data, Config: c, Problem: l.run.Problem()}
	var what string
	switch s {
	case "enter":
		p.Fields = PushAll
		what = fmt.Sprintf("%s (%s) · %s · %s · α = %s · %s%s", dataName(l.data), c.Model.Formula(), modeText(cm, l.run),
			c.Optimizer.Kind, num(c.LR, 6), startLabel(cm, l.paramName()), num(c.Init[l.param], 6))
	case "a":
		p.Fields, what = PushLR, "α = "+num(c.LR, 6)
	case "w":
		p.Fields, what = PushStart, startLabel(cm, l.paramName())+num(c.Init[l.param], 6)
	case "d":
		p.Fields, what = PushData, dataName(l.data)+" ("+c.Model.Formula()+")"
	case "m":
		p.Fields, what = PushMode, modeText(cm, l.run)
	case "o":
		p.Fields, what = PushOptimizer, optimizerText(v.lang, c.Optimizer)
	case "1", "2", "3", "4":
		p.Fields, p.Preset = PushPreset, int(s[0]-'0')
		what = trf(v.lang, "preset %d (%s), each student's own for their data", p.Preset, tr(v.lang, presetName(l.run.Presets()[p.Preset-1])))
	default:
		return
	}
	v.send(Command{Kind: CmdPush, To: v.to(), Push: p})
	v.msg = fmt.Sprintf(tr(v.lang, "pushed to %s: %s"), v.target(), what)
}

// question is the message line while a prompt is open.
func (v consoleView) question(w int) string {
	variants := map[prompt][]string{
		promptPush: {
			fmt.Sprintf(tr(v.lang, "push to %s: enter everything · a α · w start · d data · m mode · o optimizer · 1–4 preset · esc"), v.target()),
			tr(v.lang, "push: enter all · a α · w start · d data · m mode · o opt · 1–4 preset · esc"),
		},
		promptLesson: {fmt.Sprintf(tr(v.lang, "open which lesson page for %s? 1–9 · esc cancels"), v.target())},
		promptQuit:   {v.quitQuestion()},
	}[v.prompt]
	for _, s := range variants {
		if ansi.StringWidth(s) <= w {
			return s
		}
	}
	return variants[len(variants)-1]
}

// runState is where a student's run stands on the roster.
type runState struct {
	name  string // translated when shown
	glyph string
	paint func(styles) painter
	order int // in the counts line and when sorting by state
}

// The run states that are not the engine's: autoplay on or off, and no
// run yet (a student who has only seen the lesson).
var (
	statePlaying = runState{"playing", "▶", func(s styles) painter { return s.good }, 0}
	statePaused  = runState{"paused", "⏸", func(s styles) painter { return s.value }, 1}
	stateNoRun   = runState{"no run", "·", func(s styles) painter { return s.subtle }, 99}
	// stateJoining is a student still typing their name, whose view has
	// not started.
	stateJoining = runState{"joining", "…", func(s styles) painter { return s.subtle }, 98}
)

// endStates are the statuses of the engine that end a run, each with its
// place on the roster. A new status takes one line here.
var endStates = map[engine.Status]runState{
	engine.Converged: {"converged", "✓", func(s styles) painter { return s.good }, 10},
	engine.Diverged:  {"diverged", "✗", func(s styles) painter { return s.bad }, 11},
	engine.Cycling:   {"cycling", "↻", func(s styles) painter { return s.warn }, 12},
	engine.Stalled:   {"stalled", "∥", func(s styles) painter { return s.warn }, 13},
}

// stateOf is where student s's run stands.
func stateOf(s Student) runState {
	switch st, ok := endStates[s.Status]; {
	case s.Place == PlaceJoining:
		return stateJoining
	case !s.HasRun:
		return stateNoRun
	case ok:
		return st
	case s.Playing:
		return statePlaying
	}
	return statePaused
}

// allStates are the run states in their order.
func allStates() []runState {
	out := []runState{statePlaying, statePaused}
	for _, s := range endStates {
		out = append(out, s)
	}
	out = append(out, stateJoining, stateNoRun)
	slc.SortFunc(out, func(a, b runState) int { return cmp.Compare(a.order, b.order) })
	return out
}

// view draws the console in the body b; l is the teacher's own run.
func (v consoleView) view(c common, l *lab, b body) []string {
	w, h := c.lay.width, b.height
	lines := v.header(c, w)
	lines = append(lines, v.counts(c, w))
	message := v.messageLine(c, w)
	rest := h - len(lines) - 1
	wide := w >= wideW
	logBelow := 0
	if !wide && rest >= 20 {
		logBelow = 1
	}
	// The roster takes up to half the rows (a third on a small screen),
	// leaving the picture a curve of at least curveMin lines above the α
	// strip's four.
	const curveMin, strip = 8, 4
	share := rest / 2
	if rest < 30 {
		share = rest / 3
	}
	room := max(min(rest-strip-curveMin-logBelow, share), 2)
	roster := v.rosterLines(c, w, room)
	lines = append(lines, roster...)
	pic := max(rest-len(roster)-logBelow, 0)
	picW := w
	if wide {
		picW = w * 3 / 5
	}
	picture := classPicture(c, l, v.roster.Students, picW, pic)
	if wide {
		picture = besides(padLines(picture, picW, pic), logPane(c, v.roster.Log, w-picW-1, pic))
	}
	lines = append(lines, picture...)
	if logBelow > 0 {
		lines = append(lines, logPane(c, v.roster.Log, w, logBelow)...)
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = append(lines[:min(len(lines), h-1)], message)
	return clipLines(lines, w)
}

// padLines makes lines exactly n lines of exactly w columns.
func padLines(lines []string, w, n int) []string {
	out := make([]string, n)
	for i := range out {
		if i < len(lines) {
			out[i] = padTo(lines[i], w)
		} else {
			out[i] = strings.Repeat(" ", w)
		}
	}
	return out
}

// header is the console's first lines: the title, the class's size and
// what the teacher set; the command students type and the host key's
// fingerprint, on one line when they fit.
func (v consoleView) header(c common, w int) []string {
	st := c.st
	left := st.title.Render("descent") + " " + st.strong.Render(c.tr("classroom"))
	right := []string{c.trf("%d students", len(v.roster.Students))}
	if len(v.roster.Students) == 1 {
		right[0] = c.trf("%d student", 1)
	}
	if v.roster.Locked {
		right = append(right, st.warn.Render(c.tr("locked")))
	}
	switch {
	case v.roster.Leading:
		right = append(right, st.highlight.Render("⇶ "+c.tr("the class follows you")))
	case v.roster.Other:
		right = append(right, st.highlight.Render("⇶ "+c.tr("another teacher leads")))
	}
	r := strings.Join(right, st.subtle.Render(" · "))
	first := left
	if gap := w - ansi.StringWidth(left) - ansi.StringWidth(r); gap >= 1 {
		first = left + strings.Repeat(" ", gap) + r
	}
	join := st.label.Render(c.tr("students type")+" ") + st.highlight.Render(v.opts.Join)
	key := st.label.Render(c.tr("host key")+" ") + st.value.Render(v.opts.Fingerprint)
	if ansi.StringWidth(join)+3+ansi.StringWidth(key) <= w {
		return []string{first, join + st.subtle.Render(" · ") + key}
	}
	return []string{first, join, key}
}

// counts is the line with the number of students in each state, and on
// the lesson, joining and following.
func (v consoleView) counts(c common, w int) string {
	st := c.st
	if len(v.roster.Students) == 0 {
		return st.subtle.Render(c.tr("no student is connected: students type the command above"))
	}
	// Each student is counted once by the state of their run (a student
	// still joining by that), then by following and by the lesson; one
	// who has only seen the lesson has no run to count.
	n := map[string]int{}
	lesson, following := 0, 0
	for _, s := range v.roster.Students {
		if rs := stateOf(s); rs.name != stateNoRun.name {
			n[rs.name]++
		}
		if s.Place == PlaceLesson {
			lesson++
		}
		if s.Following {
			following++
		}
	}
	// The states are named when everything fits, else only their glyphs
	// (the roster names them), so that no count is left out.
	var places []string
	for _, x := range []struct {
		n    int
		what string
	}{{following, "⇶ %d following"}, {lesson, "%d on the lesson"}} {
		if x.n > 0 {
			places = append(places, st.highlight.Render(fmt.Sprintf(c.tr(x.what), x.n)))
		}
	}
	var parts []string
	for _, named := range []bool{true, false} {
		parts = parts[:0]
		for _, s := range allStates() {
			if n[s.name] == 0 {
				continue
			}
			text := fmt.Sprintf("%s %d", s.glyph, n[s.name])
			switch {
			case s.name == stateJoining.name:
				text = c.trf("%d joining", n[s.name])
			case named:
				text += " " + c.tr(s.name)
			}
			parts = append(parts, s.paint(st).Render(text))
		}
		parts = append(parts, places...)
		if ansi.StringWidth(legendLine(parts, math.MaxInt)) <= w {
			break
		}
	}
	return legend(parts, w)
}

// messageLine is the console's last line above the help: the open
// question, else what the last key did, else a hint.
func (v consoleView) messageLine(c common, w int) string {
	switch {
	case v.prompt != promptNone:
		return c.st.warn.Render(v.question(w))
	case v.msg != "":
		return c.st.warn.Render(v.msg)
	}
	return c.st.subtle.Render(fmt.Sprintf(c.tr("pushes and lesson pages go to %s · ↑/↓ selects one student, esc everyone"), v.target()))
}

// column is one column of the roster: its heading, its width, how soon
// it is dropped when the width runs short (higher first) and its cell.
type column struct {
	head  string
	width int
	drop  int
	cell  func(s Student) string
	right bool // right-aligned
}

// rosterLines draws the roster in at most n lines: a heading and a row a
// student, the selected one marked ▸; when they do not all fit, the last
// line says how many more there are. Columns that do not fit w are
// dropped, least needed first.
func (v consoleView) rosterLines(c common, w, n int) []string {
	st := c.st
	ss := v.students()
	if len(ss) == 0 || n < 2 {
		return nil
	}
	nameW := 4
	for _, s := range ss {
		nameW = max(nameW, min(ansi.StringWidth(s.Name), 14))
	}
	where := func(s Student) string {
		if s.TooSmall {
			return c.tr("too small")
		}
		if s.Place == PlaceLesson {
			return fmt.Sprintf("%s %d", c.tr("lesson"), s.Page)
		}
		return c.tr(string(s.Place))
	}
	run := func(f func(s Student) string) func(s Student) string {
		return func(s Student) string {
			if !s.HasRun {
				return "—"
			}
			return f(s)
		}
	}
	cols := []column{
		{head: c.tr("name"), width: nameW, drop: 0, cell: func(s Student) string { return s.Name }},
		{head: c.tr("state"), width: 12, drop: 1, cell: func(s Student) string { rs := stateOf(s); return rs.glyph + " " + c.tr(rs.name) }},
		{head: "⇶", width: 1, drop: 3, cell: func(s Student) string {
			if s.Following {
				return "⇶"
			}
			return ""
		}},
		{head: "α", width: 9, drop: 2, right: true, cell: run(func(s Student) string { return numFit(s.LR, 4, 9) })},
		{head: c.tr("updates"), width: 8, drop: 4, right: true, cell: run(func(s Student) string { return fmt.Sprint(s.Updates) })},
		{head: c.tr("mean loss"), width: 10, drop: 5, right: true, cell: run(func(s Student) string { return numFit(s.MeanLoss, 4, 10) })},
		{head: "w", width: 9, drop: 6, right: true, cell: run(func(s Student) string { return numFit(s.Params[0], 5, 9) })},
		{head: c.tr("where"), width: 9, drop: 7, cell: where},
		{head: c.tr("data"), width: 8, drop: 8, cell: run(func(s Student) string { return s.Data })},
		{head: c.tr("model"), width: 5, drop: 11, cell: run(func(s Student) string { return s.Model })},
		{head: c.tr("mode"), width: 12, drop: 9, cell: run(func(s Student) string { return rosterMode(c, s) })},
		{head: c.tr("optimizer"), width: 10, drop: 10, cell: run(func(s Student) string { return s.Optimizer })},
	}
	// Keep the columns that fit, most needed first.
	byNeed := slc.Clone(cols)
	slc.SortStableFunc(byNeed, func(a, b column) int { return cmp.Compare(a.drop, b.drop) })
	used, keep := 2, map[int]bool{}
	for _, col := range byNeed {
		if used+col.width+1 > w && col.drop > 0 {
			continue
		}
		used += col.width + 1
		keep[col.drop] = true
	}
	cell := func(s string, col column) string {
		s = ansi.Truncate(s, col.width, "…")
		if col.right {
			return strings.Repeat(" ", col.width-ansi.StringWidth(s)) + s
		}
		return padRight(s, col.width)
	}
	sortShown := false // the sorted column is marked in its own heading
	row := func(s *Student) string {
		var parts []string
		for _, col := range cols {
			if !keep[col.drop] {
				continue
			}
			if s == nil {
				head := col.head
				if marked := "↓" + head; head == c.tr(sortKeys[v.sortBy].name) && ansi.StringWidth(marked) <= col.width {
					head, sortShown = marked, true
				}
				parts = append(parts, cell(head, col))
			} else {
				parts = append(parts, cell(col.cell(*s), col))
			}
		}
		return strings.Join(parts, " ")
	}
	head := st.label.Render("  " + row(nil))
	if by := "  ↓ " + c.tr(sortKeys[v.sortBy].name); !sortShown && ansi.StringWidth(head+by) <= w {
		head += st.subtle.Render(by)
	}
	lines := []string{head}
	// Rows: scroll so that the selected student is in view.
	rows := n - 1
	first := 0
	if i := slc.IndexFunc(ss, func(s Student) bool { return s.ID == v.sel }); i >= rows-1 && len(ss) > rows {
		first = min(i-rows+2, len(ss)-rows)
	}
	for i := first; i < len(ss) && len(lines) < n; i++ {
		s := ss[i]
		if len(lines) == n-1 && i < len(ss)-1 {
			lines = append(lines, st.subtle.Render(fmt.Sprintf("  … "+c.tr("%d more")+" (↑/↓)", len(ss)-i)))
			break
		}
		mark := "  "
		paint := stateOf(s).paint(st)
		if s.ID == v.sel {
			mark = st.highlight.Render("▸ ")
			paint = st.highlight
		}
		lines = append(lines, mark+paint.Render(row(&s)))
	}
	return lines
}

// logPane draws the last lines of the server's log that fit w×h, each
// wrapped to w columns (on one line, cut, when h is 1).
func logPane(c common, log []string, w, h int) []string {
	if h <= 0 || w <= 0 {
		return nil
	}
	var out []string
	for i := len(log) - 1; i >= 0 && len(out) < h; i-- {
		line := strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return -1
			}
			return r
		}, ansi.Strip(log[i]))
		wrapped := []string{ansi.Truncate(line, w, "…")}
		if h > 1 && w > 10 { // at spaces, the continuation indented
			wrapped = wrapWords(line, w)
			if len(wrapped) > 1 {
				rest := wrapWords(strings.Join(wrapped[1:], " "), w-2)
				wrapped = wrapped[:1]
				for _, r := range rest {
					wrapped = append(wrapped, "  "+r)
				}
			}
		}
		for j := len(wrapped) - 1; j >= 0 && len(out) < h; j-- {
			out = append(out, c.st.subtle.Render(wrapped[j]))
		}
	}
	slc.Reverse(out)
	return out
}

// rosterMode is a student's mode as the roster shows it, in the console's
// language: per-sample, full batch or mini-batch of its size.
func rosterMode(c common, s Student) string {
	switch s.Mode {
	case engine.Sample.String():
		return c.tr("per-sample")
	case engine.Batch.String():
		return c.tr("full batch")
	case engine.MiniBatch.String():
		return c.trf("mini-batch %d", s.Batch)
	}
	return s.Mode
}

// numFit writes f with at most digits significant digits, fewer when
// that is what fits in w columns: a roster's cell never cuts a number.
func numFit(f float64, digits, w int) string {
	var variants []string
	for d := digits; d >= 1; d-- {
		variants = append(variants, num(f, d))
	}
	return firstFit(w, variants...)
}

// quitQuestion asks the teacher to confirm stopping the server, counting
// the sessions it ends.
func (v consoleView) quitQuestion() string {
	switch n := len(v.roster.Students); n {
	case 0:
		return tr(v.lang, "stop the server? y stops · any other key goes on")
	case 1:
		return tr(v.lang, "stop the server and end the one session? y stops · any other key goes on")
	default:
		return trf(v.lang, "stop the server and end all %d sessions? y stops · any other key goes on", n)
	}
}
