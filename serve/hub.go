package serve

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"charm.land/log/v2"

	"descent/ui"
)

// The hub owns the class: who is on the roster and under what name, each
// student's latest report, and what the teachers set (the lock, the lead,
// the latest push and lesson page). It runs in one goroutine, and sessions
// and consoles talk to it only with the typed messages below. It never
// waits on a session or a console: what it sends them goes into a slot
// that keeps only the latest, and each session's own goroutine hands that
// to its view (deliver), at its own pace. A slow or silent client holds up
// its own session, never the hub nor the other sessions.

// hubMsg is a message to the hub.
type hubMsg interface{ hubMsg() }

type (
	// joinMsg registers a student who just connected.
	joinMsg struct{ m *member }
	// leaveMsg removes a student whose session ended.
	leaveMsg struct{ m *member }
	// reportMsg says that m's report slot holds a new report.
	reportMsg struct{ m *member }
	// consoleMsg registers a teacher's console.
	consoleMsg struct{ c *console }
	// consoleLeaveMsg removes a console that ended.
	consoleLeaveMsg struct{ c *console }
	// commandMsg says that c has commands waiting.
	commandMsg struct{ c *console }
)

func (joinMsg) hubMsg()         {}
func (leaveMsg) hubMsg()        {}
func (reportMsg) hubMsg()       {}
func (consoleMsg) hubMsg()      {}
func (consoleLeaveMsg) hubMsg() {}
func (commandMsg) hubMsg()      {}

// slot is a mailbox that keeps only the latest value: put never waits,
// and a value not taken yet is replaced.
type slot[T any] struct {
	mu    sync.Mutex
	v     T
	full  bool
	ready chan struct{} // holds a token while a value waits
}

func newSlot[T any]() *slot[T] { return &slot[T]{ready: make(chan struct{}, 1)} }

// put stores v and reports whether the slot was empty: only then does the
// taker need telling.
func (s *slot[T]) put(v T) bool {
	s.mu.Lock()
	empty := !s.full
	s.v, s.full = v, true
	s.mu.Unlock()
	select {
	case s.ready <- struct{}{}:
	default:
	}
	return empty
}

// take returns the value waiting, if any, and empties the slot.
func (s *slot[T]) take() (T, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.v, s.full
	var zero T
	s.v, s.full = zero, false
	return v, ok
}

// member is a student on the roster.
type member struct {
	user   string // the SSH user name, made printable
	remote string
	report *slot[ui.Report]   // from the student's view to the hub
	box    *slot[ui.ClassMsg] // from the hub to the student's view

	// Owned by the hub.
	id     int
	name   string // unique on the roster
	typed  string // the name the student typed that name comes from; "" for the SSH user name
	rep    ui.Report
	push   ui.Push
	lesson ui.Lesson
}

// console is a teacher's console.
type console struct {
	remote string
	box    *slot[ui.RosterMsg] // from the hub to the console's view

	mu      sync.Mutex
	queue   []ui.Command // commands the hub has not taken yet
	lead    *ui.Lead     // the latest run the console leads with, not taken yet
	waiting bool         // the hub has been told
	h       *hub

	id int // owned by the hub
}

// maxQueue bounds a console's commands waiting for the hub: a teacher
// types far fewer.
const maxQueue = 64

// send hands a command to the hub without waiting (ui.ConsoleOptions.Send):
// a lead replaces the one not taken yet, other commands queue in order.
func (c *console) send(cmd ui.Command) {
	c.mu.Lock()
	if cmd.Kind == ui.CmdLead {
		ld := cmd.Lead
		c.lead = &ld
	} else if len(c.queue) < maxQueue {
		c.queue = append(c.queue, cmd)
	}
	tell := !c.waiting
	c.waiting = true
	c.mu.Unlock()
	if tell {
		c.h.send(commandMsg{c})
	}
}

// takeAll returns the commands waiting, then the lead.
func (c *console) takeAll() ([]ui.Command, *ui.Lead) {
	c.mu.Lock()
	defer c.mu.Unlock()
	q, ld := c.queue, c.lead
	c.queue, c.lead, c.waiting = nil, nil, false
	return q, ld
}

// rosterEvery is how often at most the consoles get the roster.
const rosterEvery = 100 * time.Millisecond

// hub is the class's owner; see the top of this file.
type hub struct {
	inbox chan hubMsg
	lines *logLines
	log   *log.Logger
	stop  chan struct{} // closed to stop run
	done  chan struct{} // closed when run has returned

	// Owned by run.
	students map[*member]bool
	consoles map[*console]bool
	names    map[string]bool
	lastID   int
	seq      int
	locked   bool
	leader   *console
	leadSeq  int
	lead     *ui.Lead
	push     ui.Push
	lesson   ui.Lesson
	dirty    bool
	timer    *time.Timer
}

// newHub starts a hub for at most sessions sessions at once.
func newHub(sessions int, lines *logLines, logger *log.Logger) *hub {
	h := &hub{
		// One report and one command waiting per session and console,
		// their joins and leaves: the inbox never fills.
		inbox: make(chan hubMsg, 4*sessions+64),
		lines: lines, log: logger,
		stop: make(chan struct{}), done: make(chan struct{}),
		students: map[*member]bool{}, consoles: map[*console]bool{}, names: map[string]bool{},
	}
	go h.run()
	return h
}

// send gives the hub a message; after the hub has stopped it is dropped.
func (h *hub) send(m hubMsg) {
	select {
	case h.inbox <- m:
	case <-h.done:
	}
}

// close stops the hub and waits for it.
func (h *hub) close() {
	select {
	case <-h.stop:
	default:
		close(h.stop)
	}
	<-h.done
}

// newMember returns a student, not on the roster until joinMsg.
func newMember(user, remote string) *member {
	return &member{user: user, remote: remote, report: newSlot[ui.Report](), box: newSlot[ui.ClassMsg]()}
}

// reporter is a student's ui.StudentLink.Report: it leaves the report in
// the member's slot and tells the hub when the slot was empty.
func (h *hub) reporter(m *member) func(ui.Report) {
	return func(r ui.Report) {
		if m.report.put(r) {
			h.send(reportMsg{m})
		}
	}
}

// newConsole returns a teacher's console, not known to the hub until
// consoleMsg.
func (h *hub) newConsole(remote string) *console {
	return &console{remote: remote, box: newSlot[ui.RosterMsg](), h: h}
}

// run is the hub's goroutine.
func (h *hub) run() {
	defer close(h.done)
	var tick <-chan time.Time
	for {
		select {
		case <-h.stop:
			if h.timer != nil {
				h.timer.Stop()
			}
			return
		case msg := <-h.inbox:
			h.handle(msg)
		case <-h.lines.changed:
			h.changed()
		case <-tick:
			tick, h.timer = nil, nil
			h.sendRoster()
		}
		if h.dirty && tick == nil && len(h.consoles) > 0 {
			h.timer = time.NewTimer(rosterEvery)
			tick = h.timer.C
		}
	}
}

// changed notes that the consoles have something new to show.
func (h *hub) changed() { h.dirty = true }

func (h *hub) handle(msg hubMsg) {
	switch msg := msg.(type) {
	case joinMsg:
		m := msg.m
		h.lastID++
		m.id = h.lastID
		m.name = h.unique(m.user)
		m.push, m.lesson = h.push, h.lesson
		h.students[m] = true
		h.deliver(m)
		h.changed()
	case leaveMsg:
		if h.students[msg.m] {
			delete(h.students, msg.m)
			delete(h.names, msg.m.name)
			h.log.Info("left", "name", msg.m.name)
			h.changed()
		}
	case reportMsg:
		m := msg.m
		rep, ok := m.report.take()
		if !ok || !h.students[m] {
			return
		}
		if want := ui.CleanName(rep.Name); want != "" && want != m.typed {
			delete(h.names, m.name)
			old := m.name
			m.name, m.typed = h.unique(want), want
			h.log.Info("name", "was", old, "now", m.name)
			h.deliver(m)
		}
		m.rep = rep
		h.changed()
	case consoleMsg:
		h.consoles[msg.c] = true
		h.lastID++
		msg.c.id = h.lastID
		h.changed()
	case consoleLeaveMsg:
		delete(h.consoles, msg.c)
		if h.leader == msg.c {
			h.follow(msg.c, false)
		}
		if len(h.consoles) == 0 && h.locked { // nobody would be left to unlock it
			h.locked = false
			h.log.Info("unlocked the settings: no console is open")
			h.deliverAll()
		}
	case commandMsg:
		cmds, ld := msg.c.takeAll()
		if !h.consoles[msg.c] {
			return
		}
		for _, cmd := range cmds {
			h.command(msg.c, cmd)
		}
		if ld != nil && h.leader == msg.c {
			lead := *ld
			lead.Seq = h.leadSeq
			h.lead = &lead
			h.deliverAll()
		}
	}
}

// command carries out a teacher's command from console c.
func (h *hub) command(c *console, cmd ui.Command) {
	to := h.byID(cmd.To)
	if cmd.To != 0 && to == nil {
		return // the student left
	}
	whom := "everyone"
	if to != nil {
		whom = to.name
	}
	switch cmd.Kind {
	case ui.CmdPush:
		h.seq++
		p := cmd.Push
		p.Seq = h.seq
		h.set(to, func(m *member) { m.push = p }, func() { h.push = ui.MergePush(h.push, p) })
		h.log.Info("pushed", "to", whom, "settings", pushText(p))
	case ui.CmdLesson:
		h.seq++
		l := ui.Lesson{Seq: h.seq, Page: cmd.Page}
		h.set(to, func(m *member) { m.lesson = l }, func() {
			h.lesson = l
			if h.leader != nil {
				h.follow(h.leader, false) // the class goes to the lesson
			}
		})
		h.log.Info("opened the lesson", "page", cmd.Page, "for", whom)
	case ui.CmdLock:
		if h.locked != cmd.On {
			h.locked = cmd.On
			h.log.Info(map[bool]string{true: "locked the settings", false: "unlocked the settings"}[cmd.On])
			h.deliverAll()
		}
	case ui.CmdFollow:
		h.follow(c, cmd.On)
	}
	h.changed()
}

// set gives student to, or every student and those who join later when
// to is nil, what apply sets, and delivers it; forAll records it for later
// students.
func (h *hub) set(to *member, apply func(*member), forAll func()) {
	if to != nil {
		apply(to)
		h.deliver(to)
		return
	}
	forAll()
	for m := range h.students {
		apply(m)
	}
	h.deliverAll()
}

// follow starts or stops console c leading the class.
func (h *hub) follow(c *console, on bool) {
	switch {
	case on:
		h.seq++
		h.leader, h.leadSeq, h.lead = c, h.seq, nil
		h.log.Info("follow me: the class follows a teacher's run")
	case h.leader == c:
		h.leader, h.lead = nil, nil
		h.log.Info("follow me ended")
	default:
		return
	}
	h.deliverAll()
	h.changed()
}

// classMsg is what the teacher has set for m.
func (h *hub) classMsg(m *member) ui.ClassMsg {
	return ui.ClassMsg{Name: m.name, Push: m.push, Lesson: m.lesson, Locked: h.locked, Lead: h.lead}
}

// deliver leaves m's class message in its slot.
func (h *hub) deliver(m *member) { m.box.put(h.classMsg(m)) }

// deliverAll delivers to every student.
func (h *hub) deliverAll() {
	for m := range h.students {
		h.deliver(m)
	}
}

// byID is the student with id, or nil (also for 0).
func (h *hub) byID(id int) *member {
	for m := range h.students {
		if m.id == id && id != 0 {
			return m
		}
	}
	return nil
}

// sendRoster gives every console the roster now.
func (h *hub) sendRoster() {
	h.dirty = false
	students := make([]ui.Student, 0, len(h.students))
	for m := range h.students {
		students = append(students, ui.Student{ID: m.id, Name: m.name, Report: m.rep})
	}
	slices.SortFunc(students, func(a, b ui.Student) int { return a.ID - b.ID })
	lines := h.lines.last(rosterLogLines)
	for c := range h.consoles {
		c.box.put(ui.RosterMsg{Students: students, Locked: h.locked, Leading: h.leader == c,
			Other: h.leader != nil && h.leader != c, Log: lines})
	}
}

// rosterLogLines is how many lines of the log a console gets.
const rosterLogLines = 60

// unique returns base, or base-2, base-3, … whichever is free, and takes
// it.
func (h *hub) unique(base string) string {
	base = ui.CleanName(base)
	if base == "" {
		base = "student"
	}
	name := base
	for i := 2; h.names[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	h.names[name] = true
	return name
}

// pushText says what a push sets, for the log.
func pushText(p ui.Push) string {
	c := p.Config
	var parts []string
	if p.Fields&ui.PushData != 0 {
		parts = append(parts, "data "+p.Data.Name, "model "+c.Model.Name())
	}
	if p.Fields&ui.PushMode != 0 {
		parts = append(parts, "mode "+c.Mode.String())
	}
	if p.Fields&ui.PushOptimizer != 0 {
		parts = append(parts, "optimizer "+c.Optimizer.Kind.String())
	}
	if p.Fields&ui.PushLR != 0 {
		parts = append(parts, fmt.Sprintf("α %g", c.LR))
	}
	if p.Fields&ui.PushStart != 0 {
		parts = append(parts, fmt.Sprintf("start %g", c.Init[0]))
	}
	if p.Fields&ui.PushPreset != 0 {
		parts = append(parts, fmt.Sprintf("preset %d", p.Preset))
	}
	return strings.Join(parts, ", ")
}
