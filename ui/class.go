package ui

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"descent/datasets"
	"descent/engine"
)

// The classroom: what a student's view and the teacher's console exchange
// with the server that owns the class (package serve). A student's view
// reports its row of the roster (Report) and takes what the teacher sets
// (ClassMsg); the console shows the class (RosterMsg) and hands on what
// the teacher asks (Command). The server never waits on a view: it sends
// each view the latest state, and a view calls its hooks without waiting.

// StudentLink connects a student's view to the classroom.
type StudentLink struct {
	// Name is the name the roster shows unless the student types another:
	// the SSH user name.
	Name string
	// AskName opens the view with a screen that asks for the name.
	AskName bool
	// Report receives the student's row of the roster whenever it
	// changes. It is called in the view's event loop and must not block.
	Report func(Report)
}

// Place is the screen a student's view shows.
type Place string

// The places a Report names.
const (
	PlaceJoining Place = "joining" // typing their name
	PlaceView    Place = "view"    // the single view
	PlaceCompare Place = "compare" // the compare view
	PlaceSweep   Place = "sweep"   // the α sweep
	PlaceLesson  Place = "lesson"  // the guided lesson
)

// Report is a student's row of the roster: where the view is and what its
// run stands at.
type Report struct {
	Name  string // the name typed on joining; empty for the SSH user name
	Place Place
	Page  int // the lesson's page, 1 to 9, on the lesson
	// HasRun says whether the fields below describe a run: a view opened
	// only on the lesson has none yet.
	HasRun    bool
	Data      string // the dataset's name
	Model     string // w, wb or quad
	Mode      string // sample, batch or minibatch
	Optimizer string // gd, momentum, …
	Batch     int    // samples per update in mini-batch mode
	Shuffle   bool   // the order of the samples is shuffled every epoch
	// Settings is the optimizer with its hyper-parameters: the teacher's
	// analysis of α holds for a student's run only with the same.
	Settings  engine.Optimizer
	LR        float64
	Params    engine.Vec // w (or w, b; or w2, w1, b)
	NumParams int
	Updates   int
	MeanLoss  float64
	Status    engine.Status
	Playing   bool // autoplay is on
	Following bool // the view mirrors the teacher's run
	// TooSmall says that the student's terminal is below 80×24: the view
	// shows only the size it needs, whatever Place says.
	TooSmall bool
}

// same reports whether a and b are the same row; NaN equals NaN.
func (a Report) same(b Report) bool {
	bits := math.Float64bits
	a2, b2 := a, b
	a2.LR, a2.MeanLoss, a2.Params, b2.LR, b2.MeanLoss, b2.Params = 0, 0, engine.Vec{}, 0, 0, engine.Vec{}
	if a2 != b2 || bits(a.LR) != bits(b.LR) || bits(a.MeanLoss) != bits(b.MeanLoss) {
		return false
	}
	for j := range a.Params {
		if bits(a.Params[j]) != bits(b.Params[j]) {
			return false
		}
	}
	return true
}

// ClassMsg is what the teacher has set for a student, as the server last
// knew it: a view given a newer ClassMsg applies what is new in it (a push
// or a lesson page it has not applied, by their Seq), so that only the
// latest ever needs to be delivered.
type ClassMsg struct {
	Name   string // the student's name on the roster
	Push   Push   // the latest settings pushed to the student; Seq 0 for none
	Lesson Lesson // the latest lesson page opened for the student; Seq 0 for none
	Locked bool   // the settings are locked
	// Lead is the teacher's run while the teacher leads ("follow me");
	// nil otherwise.
	Lead *Lead
}

// PushFields says which settings a Push sets.
type PushFields uint8

// The settings a teacher can push.
const (
	PushData      PushFields = 1 << iota // the dataset and the model
	PushMode                             // the mode, mini-batch size, shuffle and seed
	PushOptimizer                        // the optimizer and its hyper-parameters
	PushLR                               // α
	PushStart                            // the starting parameters
	PushPreset                           // α from the student's own presets (Push.Preset)
	// PushAll is every setting of the teacher's run.
	PushAll = PushData | PushMode | PushOptimizer | PushLR | PushStart
)

// Push is settings a teacher sends to students: the fields named by
// Fields, taken from Config (the teacher's run) and Data.
type Push struct {
	Seq    int // set by the server: later pushes have larger ones
	Fields PushFields
	Data   datasets.Dataset
	Config engine.Config
	// Problem is the teacher's problem, of Config's setup: a student whose
	// setup becomes the same runs on it rather than making their own.
	Problem *engine.Problem
	Preset  int // 1 to 4 with PushPreset: too small, just right, oscillating, diverging
}

// Lesson is a lesson page the teacher opened.
type Lesson struct {
	Seq  int // set by the server
	Page int // 1 to 9
}

// AlphaChange says that the updates after update From took α = LR.
type AlphaChange struct {
	From int
	LR   float64
}

// Lead is the teacher's run while the teacher leads: enough for a
// student's engine to replay it exactly, update by update.
type Lead struct {
	Seq  int // set by the server when the teacher began leading
	Data datasets.Dataset
	// Config is the run at its start; its LR is α of the first updates.
	Config engine.Config
	// Problem is the teacher's problem, of Config's setup, which the
	// students' mirrors share.
	Problem *engine.Problem
	// Alphas are the changes of α since, in order of From.
	Alphas  []AlphaChange
	Updates int // the updates the teacher's run has taken
	Param   int // the parameter the teacher's curve shows
}

// lrAt returns α of update u (1-based).
func (ld *Lead) lrAt(u int) float64 {
	lr := ld.Config.LR
	for _, a := range ld.Alphas {
		if a.From < u {
			lr = a.LR
		}
	}
	return lr
}

// segmentEnd returns the last update that takes the same α as update u.
func (ld *Lead) segmentEnd(u int) int {
	for _, a := range ld.Alphas {
		if a.From >= u {
			return a.From
		}
	}
	return math.MaxInt
}

// current is the α the teacher's next update takes.
func (ld *Lead) current() float64 { return ld.lrAt(math.MaxInt) }

// agreeUpTo returns how many first updates take the same α in a and b.
func agreeUpTo(a, b *Lead) int {
	at := []int{1}
	for _, c := range a.Alphas {
		at = append(at, c.From+1)
	}
	for _, c := range b.Alphas {
		at = append(at, c.From+1)
	}
	first := math.MaxInt
	for _, u := range at {
		if u < first && a.lrAt(u) != b.lrAt(u) {
			first = u
		}
	}
	if first == math.MaxInt {
		return math.MaxInt
	}
	return first - 1
}

// sameStart reports whether runs of a and b start alike: the same data
// (the same slices), model, mode, batch, shuffle, seed, optimizer and
// starting parameters; α may differ.
func sameStart(a, b engine.Config) bool {
	return sameSetup(a.Setup, b.Setup) && a.Optimizer == b.Optimizer && a.Init == b.Init
}

// sameSetup reports whether a and b are the same problem: the same data
// (the same slices), model, mode, batch, shuffle and seed.
func sameSetup(a, b engine.Setup) bool {
	same := func(x, y []float64) bool {
		return len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	}
	return same(a.X, b.X) && same(a.Y, b.Y) && a.Model.Name() == b.Model.Name() && a.Mode == b.Mode &&
		a.Batch == b.Batch && a.Shuffle == b.Shuffle && a.Seed == b.Seed
}

// CommandKind is what a teacher's Command asks.
type CommandKind int

// The commands of the console.
const (
	CmdPush   CommandKind = iota + 1 // push settings (Command.Push)
	CmdLesson                        // open a lesson page (Command.Page)
	CmdLock                          // lock (Command.On) or unlock the settings
	CmdFollow                        // start (Command.On) or stop leading
	CmdLead                          // the teacher's run now (Command.Lead), while leading
)

// Command is what a teacher asks of the class, from the console.
type Command struct {
	Kind CommandKind
	To   int // a student's ID, or 0 for everyone
	Push Push
	Page int  // CmdLesson: 1 to 9
	On   bool // CmdLock, CmdFollow
	Lead Lead // CmdLead
}

// Student is one row of the roster as the console receives it.
type Student struct {
	ID   int    // the server's number for the student
	Name string // unique on the roster: alice, alice-2, …
	Report
}

// RosterMsg is the class as the server last knew it, sent to a console
// when it changes, a few times a second at most.
type RosterMsg struct {
	Students []Student
	Locked   bool     // the settings are locked
	Leading  bool     // this console leads
	Other    bool     // another teacher's console leads
	Log      []string // the latest lines of the server's log, oldest first
}

// ConsoleOptions connect a teacher's console to the classroom.
type ConsoleOptions struct {
	// Join is the command students type, such as "ssh -p 2222 10.0.0.5",
	// and Fingerprint the host key's, for them to check.
	Join, Fingerprint string
	// Local is the console of the terminal that runs the server: quitting
	// it asks first, for it stops the server.
	Local bool
	// Send hands a teacher's command to the class. It is called in the
	// console's event loop and must not block.
	Send func(Command)
}

// NewStudent returns a student's view for o (the lesson when lesson is
// set), connected to the classroom by link.
func NewStudent(o Options, link StudentLink, lesson bool) Model {
	var m Model
	if lesson {
		m = NewLesson(o.Lang, o.Width, o.Height)
	} else {
		m = New(o)
	}
	m.class = classState{student: true, link: link, base: o}
	if link.AskName {
		m.join = newJoinView(link.Name)
		m.class.after = m.screen
		m.screen = screenJoin
	}
	return m
}

// NewConsole returns the teacher's console: the class, and the teacher's
// own run (i opens it, esc comes back) with o's settings, which the
// teacher pushes to the class and leads it through.
func NewConsole(o Options, co ConsoleOptions) Model {
	m := New(o)
	m.class = classState{teacher: true, send: co.Send, local: co.Local, base: o}
	m.console = newConsoleView(co, o.Lang)
	m.screen = screenConsole
	return m
}

// classState is a view's part in a classroom: for a student, the link and
// what the teacher set; for the teacher's console, the run it leads with.
type classState struct {
	student, teacher bool
	base             Options // the options the view began with
	// A student's.
	link      StudentLink
	after     screen // the screen the join screen gives way to
	pending   *ClassMsg
	typed     string // the name typed on joining
	name      string // the name on the roster
	pushSeq   int    // the latest push applied
	lessonSeq int    // the latest lesson page opened
	push      Push
	locked    bool
	lead      *Lead
	following bool
	mirror    *engine.Run // the run that mirrors the teacher's
	mirrored  *Lead       // what it mirrors so far
	reported  Report
	sent      bool // a report was sent
	// The teacher's.
	send    func(Command)
	local   bool
	leading bool
	sched   schedule
	leadVer int // the schedule's version last sent
}

// labClass is what a lab knows of the classroom: whether the teacher
// locked the settings, whether its run follows the teacher's, the tag its
// header shows and the notice its message line shows.
type labClass struct {
	locked, following bool
	tag, notice       string
}

// labClass returns what the lab should know of the classroom now.
func (c classState) labClass() labClass {
	lang := c.base.Lang
	var lc labClass
	switch {
	case c.teacher && c.leading:
		lc.tag = " · ⇶ " + tr(lang, "leading")
		lc.notice = tr(lang, "the class follows your run · esc returns to the console")
	case c.teacher:
		lc.notice = tr(lang, "your own run: push it to the class from the console · esc returns to it")
	case c.following:
		lc.following = true
		lc.tag = " · ⇶ " + tr(lang, "following")
		lc.notice = tr(lang, "you follow the teacher's run · t steps off")
	case c.lead != nil:
		lc.notice = tr(lang, "the teacher is leading · t follows")
	}
	if c.student && c.locked {
		lc.locked = true
		if lc.tag == "" {
			lc.tag = " · " + tr(lang, "locked")
		}
		if lc.notice == "" {
			lc.notice = tr(lang, "the teacher locked the settings: you can step and play")
		}
	}
	if c.student && c.name != "" && lc.notice != "" {
		lc.notice = c.name + " · " + lc.notice
	}
	return lc
}

// tagIn is the header's tag, in st.
func (lc labClass) tagIn(st styles) string { return st.highlight.Render(lc.tag) }

// refuses reports whether the classroom forbids changing what (α, the
// start, …) now, and says why on the message line.
func (l *lab) refuses(what string) bool {
	switch {
	case l.class.following:
		l.msg = tr(l.lang, "you follow the teacher's run · t steps off")
	case l.class.locked:
		l.msg = fmt.Sprintf(tr(l.lang, "%s is locked by the teacher"), tr(l.lang, what))
	default:
		return false
	}
	return true
}

// syncLab tells the lab what changed in the classroom.
func (m *Model) syncLab() { m.lab.class = m.class.labClass() }

// Update implements tea.Model: the screens' update (root.go) with the
// classroom's part around it.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if !m.class.student && !m.class.teacher {
		return m.update(msg)
	}
	switch msg := msg.(type) {
	case ClassMsg:
		var cmd tea.Cmd
		if m.class.student {
			cmd = m.applyClass(msg)
		}
		return m.reported(cmd)
	case RosterMsg:
		if m.class.teacher {
			if m.console.roster.Leading && !msg.Leading && msg.Other {
				m.console.msg = tr(m.c.lang, "another teacher leads now: the class follows their run")
			}
			m.console.roster = msg
			m.setLeading(msg.Leading)
		}
		return m.reported(nil)
	case tea.KeyPressMsg:
		if next, cmd, ok := m.classKey(msg); ok {
			return next.reported(cmd)
		}
	case openViewMsg:
		next, cmd := m.update(msg)
		nm := next.(Model)
		if nm.class.locked && nm.class.push.Seq > 0 {
			cmd = tea.Batch(cmd, nm.applyPush(nm.class.push, false)) // the teacher's settings, not the page's
		}
		return nm.reported(cmd)
	}
	next, cmd := m.update(msg)
	return next.(Model).reported(cmd)
}

// setLeading records whether the teacher leads the class; on starting,
// the run is sent at once.
func (m *Model) setLeading(on bool) {
	if on && !m.class.leading {
		m.class.leadVer = -1
	}
	m.class.leading = on
	m.syncLab()
}

// classKey answers the keys the classroom changes: the join screen's, the
// teacher's way between the console and their own run, and a following
// student's t and the keys that would move their run away from the
// teacher's.
func (m Model) classKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	ctrlC := msg.String() == "ctrl+c"
	switch {
	case m.screen == screenJoin:
		if ctrlC {
			return m, tea.Quit, true
		}
		var done bool
		var cmd tea.Cmd
		m.join, cmd, done = m.join.key(msg)
		if done {
			cmd = tea.Batch(cmd, m.joined())
		}
		return m, cmd, true
	case m.class.teacher && m.screen == screenConsole:
		switch {
		case m.console.prompting():
		case key.Matches(msg, m.keys.Help), msg.String() == "esc" && m.help.ShowAll:
			m.help.ShowAll = !m.help.ShowAll
			return m, nil, true
		case key.Matches(msg, m.console.keys.Own):
			m.help.ShowAll = false
			m.show(screenSingle, shownMsg{})
			return m, nil, true
		}
		var cmd tea.Cmd
		m.console, cmd = m.console.update(msg, m.c, &m.lab)
		m.setLeading(m.console.roster.Leading)
		return m, cmd, true
	case m.class.teacher && m.runScreen() && !m.lab.entry.open():
		if msg.String() == "esc" || key.Matches(msg, m.keys.Quit) {
			m.lab.play.pause()
			m.help.ShowAll = false
			m.screen = screenConsole
			if key.Matches(msg, m.keys.Quit) {
				var cmd tea.Cmd
				m.console, cmd = m.console.update(msg, m.c, &m.lab)
				return m, cmd, true
			}
			return m, nil, true
		}
	case m.class.student && key.Matches(msg, followBinding) && (m.runScreen() && !m.lab.entry.open() || m.screen == screenLesson):
		return m, m.toggleFollow(), true
	case m.class.student && m.class.following && m.runScreen() && !m.lab.entry.open():
		if m.movesRun(msg) {
			m.lab.msg = tr(m.c.lang, "you follow the teacher's run · t steps off")
			return m, nil, true
		}
	}
	return m, nil, false
}

// followBinding is a student's key that steps off the teacher's run and
// back on; followKey is its help, while the teacher leads.
var followBinding = key.NewBinding(key.WithKeys("t"))

// followKey is the student's t with its help in the view's language,
// while the teacher leads; ok is false otherwise.
func (m Model) followKey() (b key.Binding, ok bool) {
	if !m.class.student || m.class.lead == nil {
		return b, false
	}
	k := keysIn(m.c.lang)
	if m.class.following {
		return k("t", "step off the teacher's run", "t"), true
	}
	return k("t", "follow the teacher", "t"), true
}

// movesRun reports whether msg is a key that steps, plays, changes the
// settings or leaves the single view: what a student following the
// teacher's run does not do.
func (m Model) movesRun(msg tea.KeyPressMsg) bool {
	k := m.lab.keys
	return key.Matches(msg, k.Step, k.Back, k.Play, k.LRUp, k.LRDown, k.TypeLR, k.W0Down, k.W0Up, k.TypeW0,
		k.Restart, k.Mode, k.Data, k.Optimizer, k.Preset1, k.Preset2, k.Preset3, k.Preset4, m.keys.Compare, m.keys.Sweep)
}

// joined leaves the join screen for the screen it covered, and applies
// what the teacher set meanwhile.
func (m *Model) joined() tea.Cmd {
	m.class.typed = m.join.name()
	m.screen = m.class.after
	if m.runScreen() {
		m.show(m.screen, shownMsg{})
	}
	var cmd tea.Cmd
	if p := m.class.pending; p != nil {
		m.class.pending = nil
		cmd = m.applyClass(*p)
	}
	m.syncLab()
	return cmd
}

// toggleFollow steps off the teacher's run, or back on.
func (m *Model) toggleFollow() tea.Cmd {
	c := &m.class
	if c.lead == nil {
		if m.runScreen() {
			m.lab.msg = tr(m.c.lang, "the teacher is not leading now")
		}
		return nil
	}
	c.following = !c.following
	m.syncLab()
	if c.following {
		c.mirror = nil // the run went its own way meanwhile: replay the teacher's from its start
		cmd := m.mirrorLead()
		m.lab.msg = tr(m.c.lang, "back on the teacher's run")
		return cmd
	}
	m.lab.msg = tr(m.c.lang, "you stepped off the teacher's run: it is yours now · t follows again")
	return nil
}

// applyClass applies what is new in msg: the push and the lesson page not
// applied yet and the start of a lead, in the order the teacher gave them;
// then the lock, and the teacher's run while following it. The command
// is the push's, on large data.
func (m *Model) applyClass(msg ClassMsg) tea.Cmd {
	c := &m.class
	if m.screen == screenJoin {
		c.pending = &msg
		if msg.Name != "" {
			m.join.fallback = msg.Name // the name the roster gives when none is typed (alice-2)
		}
		return nil
	}
	first := c.name == "" // a student who joined after what the teacher set
	c.name = msg.Name
	c.locked = msg.Locked
	newLead := msg.Lead != nil && (c.lead == nil || c.lead.Seq != msg.Lead.Seq)
	type step struct {
		seq int
		do  func()
	}
	var steps []step
	var cmd tea.Cmd
	if msg.Push.Seq > c.pushSeq {
		steps = append(steps, step{msg.Push.Seq, func() { cmd = m.applyPush(msg.Push, first) }})
	}
	if msg.Lesson.Seq > c.lessonSeq {
		steps = append(steps, step{msg.Lesson.Seq, func() { m.openLesson(msg.Lesson.Page) }})
	}
	if newLead {
		steps = append(steps, step{msg.Lead.Seq, func() {
			c.following, c.mirror = true, nil
			m.lab.msg = "" // the notice says it
		}})
	}
	sort.Slice(steps, func(i, j int) bool { return steps[i].seq < steps[j].seq })
	c.pushSeq = max(c.pushSeq, msg.Push.Seq)
	c.lessonSeq = max(c.lessonSeq, msg.Lesson.Seq)
	for _, s := range steps {
		s.do()
	}
	ended := c.lead != nil && msg.Lead == nil
	c.lead = msg.Lead
	if c.lead == nil {
		if ended && c.following {
			m.lab.msg = tr(m.c.lang, "the teacher no longer leads: the run is yours")
		}
		c.following, c.mirror, c.mirrored = false, nil, nil
	}
	// A lesson page opened after the lead began takes the student there.
	if c.following && c.lead != nil && !(msg.Lesson.Seq > c.lead.Seq && m.screen == screenLesson) {
		cmd = tea.Batch(cmd, m.mirrorLead())
	}
	m.syncLab()
	return cmd
}

// ensureLab opens the view with the options the student began with when
// no run screen has been opened yet.
func (m *Model) ensureLab() tea.Cmd {
	if m.lab.run == nil {
		o := m.class.base
		o.Width, o.Height = m.c.lay.width, m.c.lay.height
		return m.openView(o)
	}
	return nil
}

// applyPush applies the settings the teacher pushed, past the lock, and
// shows the single view (or the one the student is on, when it has a
// run) with them. On large data the new run is worked out off the event
// loop, as when the student changes the data; the command says when.
//
// A student who joins after the push (stay) gets its settings on the
// screen they asked for, the lesson included.
func (m *Model) applyPush(p Push, stay bool) tea.Cmd {
	m.class.push = p
	keep := m.screen
	opened := m.ensureLab()
	if stay {
		m.screen = keep
	} else if !m.runScreen() {
		m.show(screenSingle, shownMsg{})
	}
	l := &m.lab
	cur := l.run.Config()
	c := cur
	data := l.data
	if p.Fields&PushData != 0 {
		c.Setup.X, c.Setup.Y, c.Setup.Model = p.Config.X, p.Config.Y, p.Config.Model // the teacher's data, shared rather than copied
		data = p.Data
		if c.Model.Name() != cur.Model.Name() {
			c.Init = p.Config.Init
		}
	}
	if p.Fields&PushMode != 0 {
		c.Mode, c.Batch, c.Shuffle, c.Seed = p.Config.Mode, p.Config.Batch, p.Config.Shuffle, p.Config.Seed
	}
	if c.Mode == engine.MiniBatch {
		c.Batch = min(max(c.Batch, 1), len(c.X))
	}
	if p.Fields&PushOptimizer != 0 {
		c.Optimizer = p.Config.Optimizer
	}
	if p.Fields&PushStart != 0 && c.Model.Name() == p.Config.Model.Name() {
		c.Init = p.Config.Init
	}
	if p.Fields&PushLR != 0 {
		c.LR = p.Config.LR
	}
	var what []string
	if p.Fields&PushData != 0 {
		what = append(what, dataName(data)+" ("+c.Model.Formula()+")")
	}
	if p.Fields&PushOptimizer != 0 {
		what = append(what, optimizerText(m.c.lang, c.Optimizer))
	}
	if p.Fields&PushStart != 0 && c.Model.Name() == p.Config.Model.Name() {
		what = append(what, startLabel(m.c, c.Model.Params()[min(l.param, c.Model.NumParams()-1)])+num(c.Init[min(l.param, c.Model.NumParams()-1)], 6))
	}
	if p.Fields&PushLR != 0 && p.Fields&PushPreset == 0 {
		what = append(what, "α = "+num(c.LR, 6))
	}
	lang := m.c.lang
	// said sets α and words what the teacher set, once the run is the new
	// one (at once, or when a large data set's run has been worked out):
	// the mode as the run has it and the preset from the student's own
	// run. The teacher's settings pass the lock.
	said := func(l *lab) tea.Cmd {
		saved := l.class
		l.class = labClass{}
		defer func() { l.class = saved }()
		all := what
		if p.Fields&PushMode != 0 {
			all = append(all, modeText(common{lang: lang}, l.run))
		}
		var cmd tea.Cmd
		if c.LR != l.run.LR() {
			cmd = l.setLR(l.single(), c.LR)
		}
		if p.Fields&PushPreset != 0 && p.Preset >= 1 && p.Preset <= 4 {
			pr := l.run.Presets()[p.Preset-1]
			all = append(all, fmt.Sprintf("%s (α = %s)", tr(lang, presetName(pr)), num(pr.LR, 4)))
			if pr.LR != l.run.LR() {
				cmd = tea.Batch(cmd, l.setLR(l.single(), pr.LR))
			}
		}
		// A run that has settled would show nothing of a new α (at w* no
		// α moves w): it starts again, as the class expects to watch it.
		if (p.Fields&(PushLR|PushPreset) != 0) && l.run.Status() != engine.Running {
			l.play.pause()
			l.run.Reset()
			l.refit(zoomForce, l.single())
			all = append(all, tr(lang, "restarted at the starting parameters"))
		}
		l.msg = tr(lang, "the teacher set") + " " + strings.Join(all, " · ")
		return cmd
	}
	if sameStart(c, cur) {
		return tea.Batch(opened, said(l))
	}
	var prob *engine.Problem
	if p.Problem != nil && sameSetup(c.Setup, p.Problem.Setup()) {
		prob = p.Problem
	}
	return tea.Batch(opened, l.rebuildOn(prob, c, l.single(), l.trf("working out the updates on %d points", len(c.X)), func(l *lab) tea.Cmd {
		l.data = data
		return said(l)
	}))
}

// openLesson opens lesson page (1-based) for the student.
func (m *Model) openLesson(page int) {
	if m.screen != screenLesson || m.lesson.run == nil {
		m.lesson = newLessonView(m.c.lang)
	}
	m.lab.play.pause()
	m.lesson.page = min(max(page, 1), lessonPages) - 1
	m.screen = screenLesson
	m.help.ShowAll = false
}

// mirrorLead makes the student's main run the teacher's, update by update:
// the same start, the same α for each update, the same number of updates.
// It keeps what already agrees (undoing what does not), so that following
// a run costs the updates the teacher takes.
func (m *Model) mirrorLead() tea.Cmd {
	c := &m.class
	ld := c.lead
	opened := m.ensureLab()
	if m.screen != screenSingle {
		m.show(screenSingle, shownMsg{})
	}
	l := &m.lab
	l.play.pause()
	r := l.run
	if r != c.mirror || !sameStart(r.Config(), ld.Config) {
		var nr *engine.Run
		var err error
		if ld.Problem != nil && sameSetup(ld.Config.Setup, ld.Problem.Setup()) {
			nr, err = ld.Problem.NewRun(ld.Config.Start)
		} else {
			nr, err = engine.New(ld.Config)
		}
		if err != nil {
			l.msg = l.errText(err)
			return opened
		}
		r, c.mirror, c.mirrored = nr, nr, &Lead{Config: ld.Config}
		l.run, l.data = nr, ld.Data
		l.param = min(max(ld.Param, 0), nr.Model().NumParams()-1)
		opened = tea.Batch(opened, l.afterSettings(l.single(), zoomForce))
	}
	keep := min(agreeUpTo(c.mirrored, ld), ld.Updates)
	for r.Updates() > keep {
		if !r.Back() { // beyond the undo history: start over
			r.Reset()
		}
	}
	for r.Updates() < ld.Updates {
		u := r.Updates() + 1
		if lr := ld.lrAt(u); r.LR() != lr {
			r.SetLR(lr)
		}
		r.Advance(min(ld.Updates, ld.segmentEnd(u)) - r.Updates())
	}
	r.SetLR(ld.current())
	c.mirrored = ld
	l.param = min(max(ld.Param, 0), r.Model().NumParams()-1)
	l.refit(zoomGrow, l.single())
	return opened
}

// reported sends the student's row of the roster when it changed, or, for
// the teacher leading the class, the run when it moved; it returns m and
// cmd for Update.
func (m Model) reported(cmd tea.Cmd) (tea.Model, tea.Cmd) {
	c := &m.class
	if c.student && c.link.Report != nil {
		if rep := m.report(); !c.sent || !rep.same(c.reported) {
			c.reported, c.sent = rep, true
			c.link.Report(rep)
		}
	}
	if c.teacher && m.lab.run != nil {
		c.sched.track(m.lab.run)
		if c.leading && c.send != nil && c.sched.version != c.leadVer {
			c.leadVer = c.sched.version
			c.send(Command{Kind: CmdLead, Lead: m.lead()})
		}
	}
	return m, cmd
}

// lead is the teacher's run as students replay it.
func (m Model) lead() Lead {
	s := m.class.sched
	ld := Lead{Data: m.lab.data, Config: s.cfg, Alphas: s.alphas, Updates: s.updates, Param: m.lab.param}
	if s.run != nil {
		ld.Problem = s.run.Problem()
	}
	return ld
}

// report is the student's row of the roster now.
func (m Model) report() Report {
	rep := Report{Name: m.class.typed, Following: m.class.following && m.class.lead != nil, TooSmall: m.c.lay.small}
	switch m.screen {
	case screenJoin:
		rep.Place = PlaceJoining
	case screenLesson:
		rep.Place, rep.Page = PlaceLesson, m.lesson.page+1
	case screenCompare:
		rep.Place = PlaceCompare
	case screenSweep:
		rep.Place = PlaceSweep
	default:
		rep.Place = PlaceView
	}
	if r := m.lab.run; r != nil {
		c := r.Config()
		rep.HasRun = true
		rep.Data, rep.Model, rep.Mode, rep.Optimizer = m.lab.data.Name, c.Model.Name(), c.Mode.String(), c.Optimizer.Kind.String()
		rep.Batch, rep.Shuffle, rep.Settings = c.Batch, c.Shuffle, c.Optimizer
		rep.LR, rep.Params, rep.NumParams, rep.Updates = r.LR(), r.Params(), r.Model().NumParams(), r.Updates()
		rep.MeanLoss, rep.Status, rep.Playing = r.MSE(), r.Status(), m.lab.play.playing
	}
	return rep
}

// schedule is the teacher's run as a lead describes it: its start, α's
// changes and its updates, followed after every message the console
// takes. Its slices are never written after they are handed out: a
// change makes new ones.
type schedule struct {
	run     *engine.Run
	cfg     engine.Config
	alphas  []AlphaChange
	updates int
	version int // counts the changes
}

// track follows r after a message: a new run or a restart starts the
// schedule over, an undo drops the changes of α after the update it went
// back to, and α changed since is recorded from the update taken last.
func (s *schedule) track(r *engine.Run) {
	t, lr := r.Updates(), r.LR()
	changed := false
	switch {
	case r != s.run || !sameStart(r.Config(), s.cfg) || (t == 0 && (s.updates != 0 || len(s.alphas) > 0)):
		s.run, s.cfg, s.alphas, s.updates = r, r.Config(), nil, t
		changed = true
	case t < s.updates:
		k := 0
		for k < len(s.alphas) && s.alphas[k].From < t {
			k++
		}
		s.alphas, s.updates, changed = s.alphas[:k:k], t, true
	case t > s.updates:
		s.updates, changed = t, true
	}
	cur := s.cfg.LR
	if n := len(s.alphas); n > 0 {
		cur = s.alphas[n-1].LR
	}
	if lr != cur {
		switch n := len(s.alphas); {
		case t == 0 && n == 0:
			s.cfg.LR = lr
		case n > 0 && s.alphas[n-1].From == t:
			prev := s.cfg.LR
			if n > 1 {
				prev = s.alphas[n-2].LR
			}
			if prev == lr {
				s.alphas = s.alphas[: n-1 : n-1]
			} else {
				s.alphas = append(s.alphas[:n-1:n-1], AlphaChange{From: t, LR: lr})
			}
		default:
			s.alphas = append(s.alphas[:n:n], AlphaChange{From: t, LR: lr})
		}
		changed = true
	}
	if changed {
		s.version++
	}
}

// MergePush returns the settings of pushes old and then next together:
// what a student who joins after both must be given. Each setting comes
// from the later push that set it; α from whichever of α and a preset
// came last; a start pushed for another model than the data's is dropped.
func MergePush(old, next Push) Push {
	if old.Seq == 0 {
		return next
	}
	out := next
	from := func(f PushFields) bool { return old.Fields&f != 0 && next.Fields&f == 0 }
	if from(PushData) {
		out.Config.X, out.Config.Y, out.Config.Model = old.Config.X, old.Config.Y, old.Config.Model
		out.Data, out.Problem = old.Data, old.Problem
	}
	if from(PushMode) {
		out.Config.Mode, out.Config.Batch, out.Config.Shuffle, out.Config.Seed = old.Config.Mode, old.Config.Batch, old.Config.Shuffle, old.Config.Seed
	}
	if from(PushOptimizer) {
		out.Config.Optimizer = old.Config.Optimizer
	}
	if from(PushStart) {
		out.Config.Init = old.Config.Init
	}
	if next.Fields&(PushLR|PushPreset) == 0 {
		out.Config.LR, out.Preset = old.Config.LR, old.Preset
		out.Fields |= old.Fields & (PushLR | PushPreset)
	}
	out.Fields |= old.Fields &^ (PushLR | PushPreset)
	startModel := next.Config.Model
	if from(PushStart) {
		startModel = old.Config.Model
	}
	if out.Fields&PushStart != 0 && out.Fields&PushData != 0 && startModel.Name() != out.Config.Model.Name() {
		out.Fields &^= PushStart
	}
	return out
}
