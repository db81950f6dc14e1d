package ui

import (
	"fmt"
	"math"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"descent/datasets"
	"descent/engine"
)

// student returns a student's view at w×h on the lecture's settings,
// and the reports it sends.
func student(t *testing.T, w, h int, ask bool) (Model, *[]Report) {
	t.Helper()
	var got []Report
	m := NewStudent(Options{Config: engine.Lecture(), Data: hours(t), Width: w, Height: h},
		StudentLink{Name: "alice", AskName: ask, Report: func(r Report) { got = append(got, r) }}, false)
	return m, &got
}

// teacher returns a teacher's console at w×h on the lecture's settings
// with mut applied, and the commands it sends.
func teacher(t *testing.T, w, h int, mut func(*engine.Config)) (Model, *[]Command) {
	t.Helper()
	c := engine.Lecture()
	if mut != nil {
		mut(&c)
	}
	var got []Command
	m := NewConsole(Options{Config: c, Data: hours(t), Width: w, Height: h},
		ConsoleOptions{Join: "ssh -p 2222 10.0.0.5", Fingerprint: "SHA256:uNiVeRsItYoFtHeClAsSrOoMhOsTkEyFoRtEsTs0123", Local: true,
			Send: func(c Command) { got = append(got, c) }})
	return m, &got
}

func last[T any](t *testing.T, xs *[]T) T {
	t.Helper()
	if len(*xs) == 0 {
		t.Fatal("nothing sent")
	}
	return (*xs)[len(*xs)-1]
}

// The student's row follows the run: after the lecture's first update
// w = 1 − 0.01·2·1·(1·1 − 2) = 1.02 and the mean loss is
// ((1.02−2)² + (2.04−4)² + (3.06−6)²)/3 = 13.4456/3.
func TestStudentReportsItsRow(t *testing.T) {
	m, got := student(t, 80, 24, false)
	m, _ = send(m, press('n'))
	r := last(t, got)
	if r.Place != PlaceView || !r.HasRun || r.Updates != 1 || r.LR != 0.01 || math.Abs(r.Params[0]-1.02) > 1e-15 ||
		math.Abs(r.MeanLoss-13.4456/3) > 1e-12 || r.Data != "hours" || r.Model != "w" || r.Mode != "sample" || r.Optimizer != "gd" {
		t.Errorf("report after one update: %+v", r)
	}
	n := len(*got)
	m, _ = send(m, tea.WindowSizeMsg{Width: 100, Height: 30}) // nothing the roster shows
	if len(*got) != n {
		t.Error("a resize sent a report that did not change")
	}
	m, _ = send(m, press('p'))
	if r := last(t, got); !r.Playing {
		t.Error("autoplay is not reported")
	}
	send(m, ClassMsg{Lesson: Lesson{Seq: 1, Page: 4}})
	if r := last(t, got); r.Place != PlaceLesson || r.Page != 4 || r.Playing {
		t.Errorf("a lesson page the teacher opened: %+v", r)
	}
}

// The join screen asks for a name; it is reported, and the view follows.
func TestJoinScreen(t *testing.T) {
	m, got := student(t, 80, 24, true)
	frame := ansi.Strip(m.Render())
	if !strings.Contains(frame, "Your name on the teacher's roster") || !strings.Contains(frame, "join as alice") {
		t.Fatalf("no join screen:\n%s", frame)
	}
	// q is a letter here, not quit; a class message waits for the join.
	m, _ = send(m, ClassMsg{Name: "Q Lee", Locked: true})
	m, cmd := send(m, press('Q'), press(' '), press('L'), press('e'), press('e'), press('\x1b'))
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("typing quit")
		}
	}
	m, _ = send(m, enter)
	if m.screen != screenSingle || !m.lab.class.locked {
		t.Errorf("after joining: screen %v, locked %v", m.screen, m.lab.class.locked)
	}
	if r := last(t, got); r.Name != "Q Lee" || r.Place != PlaceView {
		t.Errorf("report %+v", r)
	}
	// Nothing typed: the SSH name (the roster's, which the server keeps),
	// as the roster has it once the server said (a second alice).
	m2, got2 := student(t, 80, 24, true)
	m2, _ = send(m2, ClassMsg{Name: "alice-2"})
	if frame := ansi.Strip(m2.Render()); !strings.Contains(frame, "join as alice-2") {
		t.Errorf("the second alice is not told her name:\n%s", frame)
	}
	send(m2, enter)
	if r := last(t, got2); r.Name != "" || r.Place != PlaceView {
		t.Errorf("report %+v", r)
	}
	if CleanName("\x1b[2J\x1b]0;pwned\x07eve\t  smith "+strings.Repeat("x", 40)) != "[2J]0;pwnedeve smith" {
		t.Errorf("CleanName: %q", CleanName("\x1b[2J\x1b]0;pwned\x07eve\t  smith "+strings.Repeat("x", 40)))
	}
}

// A push sets what it names, past the lock, and says so; a newer push
// replaces it, an old one is not applied again.
func TestPushAppliesSettings(t *testing.T) {
	m, _ := student(t, 80, 24, false)
	m, _ = send(m, press('n'), press('n'))
	tc := engine.Lecture()
	tc.LR = 0.1
	m, _ = send(m, ClassMsg{Locked: true, Push: Push{Seq: 1, Fields: PushLR, Config: tc, Data: hours(t)}})
	r := m.lab.run
	if r.LR() != 0.1 || r.Updates() != 2 {
		t.Errorf("α push: α %v after %d updates, want 0.1 after 2 (the run goes on)", r.LR(), r.Updates())
	}
	if !strings.Contains(m.lab.msg, "the teacher set α = 0.1") {
		t.Errorf("message %q", m.lab.msg)
	}
	// Everything: the teacher's dataset, model, mode, optimizer, α and start.
	tens, _ := datasets.Lookup("tens")
	c := engine.Lecture()
	c.X, c.Y, c.Mode, c.LR, c.Init, c.Optimizer = tens.X, tens.Y, engine.Batch, 0.001, engine.Vec{3}, engine.NewOptimizer(engine.Momentum)
	m, _ = send(m, ClassMsg{Locked: true, Push: Push{Seq: 2, Fields: PushAll, Config: c, Data: tens}})
	got := m.lab.run.Config()
	if m.lab.data.Name != "tens" || got.Mode != engine.Batch || got.LR != 0.001 || got.Init[0] != 3 ||
		got.Optimizer.Kind != engine.Momentum || m.lab.run.Updates() != 0 || len(got.X) != len(tens.X) {
		t.Errorf("push of everything: data %s, %+v", m.lab.data.Name, got)
	}
	// The same push again (the server sends the latest state) changes nothing.
	m, _ = send(m, press('n'))
	m, _ = send(m, ClassMsg{Locked: true, Push: Push{Seq: 2, Fields: PushAll, Config: c, Data: tens}})
	if m.lab.run.Updates() != 1 {
		t.Error("a push already applied was applied again")
	}
	// A preset: the student's own, for their data (the lecture's oscillating α
	// is the engine's third preset).
	m2, _ := student(t, 80, 24, false)
	m2, _ = send(m2, ClassMsg{Push: Push{Seq: 3, Fields: PushPreset, Preset: 3, Config: c, Data: tens}})
	if want := m2.lab.run.Presets()[2].LR; m2.lab.run.LR() != want || m2.lab.data.Name != "hours" {
		t.Errorf("preset 3: α %v on %s, want %v on hours", m2.lab.run.LR(), m2.lab.data.Name, want)
	}
}

// While locked, every key that changes a setting is refused and says so;
// stepping still works.
func TestLockRefusesChanges(t *testing.T) {
	m, _ := student(t, 80, 24, false)
	m, _ = send(m, ClassMsg{Locked: true})
	before := m.lab.run.Config()
	for _, c := range []struct {
		keys []tea.Msg
		says string
	}{
		{[]tea.Msg{up}, "α is locked by the teacher"},
		{[]tea.Msg{press('3')}, "α is locked by the teacher"},
		{[]tea.Msg{press('a')}, "α is locked by the teacher"}, // refused before the line opens
		{[]tea.Msg{press('w')}, "the start is locked by the teacher"},
		{[]tea.Msg{right}, "the start is locked by the teacher"},
		{[]tea.Msg{press('d')}, "the data is locked by the teacher"},
		{[]tea.Msg{press('m')}, "the mode is locked by the teacher"},
		{[]tea.Msg{press('o')}, "the optimizer is locked by the teacher"},
	} {
		m, _ = send(m, c.keys...)
		if m.lab.msg != c.says {
			t.Errorf("%v: message %q, want %q", c.keys, m.lab.msg, c.says)
		}
		if got := m.lab.run.Config(); !sameStart(got, before) || got.LR != before.LR || m.lab.data.Name != "hours" {
			t.Errorf("%v changed the settings: %+v", c.keys, got)
		}
	}
	m, _ = send(m, press('n'))
	if m.lab.run.Updates() != 1 {
		t.Error("a locked student cannot step")
	}
	if !strings.Contains(ansi.Strip(m.Render()), "locked") {
		t.Error("the header does not say locked")
	}
	m, _ = send(m, ClassMsg{Locked: false}, up)
	if m.lab.run.LR() == before.LR {
		t.Error("unlocked, α does not change")
	}
}

// Following, a student's run is the teacher's bit for bit, whatever the
// teacher does: steps, autoplay, α changed between updates, undo, a new
// start; the student steps off with t and back on.
func TestFollowMirrorsTheTeacher(t *testing.T) {
	tm, sent := teacher(t, 120, 40, nil)
	sm, _ := student(t, 80, 24, false)
	sm, _ = send(sm, press('n'), press('n'), press('n'), up) // the student's own run first
	tm, _ = send(tm, press('f'))
	if c := last(t, sent); c.Kind != CmdLead || len(*sent) < 2 || (*sent)[len(*sent)-2].Kind != CmdFollow {
		t.Fatalf("f sent %+v", *sent)
	}
	tm, _ = send(tm, RosterMsg{Leading: true})
	seq := 7
	follow := func(what string) {
		t.Helper()
		c := last(t, sent)
		if c.Kind != CmdLead {
			t.Fatalf("%s: last command %+v, want a lead", what, c)
		}
		ld := c.Lead
		ld.Seq = seq
		sm, _ = send(sm, ClassMsg{Lead: &ld})
		tr, sr := tm.lab.run, sm.lab.run
		if sr.Updates() != tr.Updates() || sr.Params() != tr.Params() || sr.LR() != tr.LR() || sr.OptState() != tr.OptState() {
			t.Fatalf("%s: the student's run (%d updates, %v, α %v) is not the teacher's (%d, %v, α %v)",
				what, sr.Updates(), sr.Params(), sr.LR(), tr.Updates(), tr.Params(), tr.LR())
		}
		if a, b := fmt.Sprint(sr.Last()), fmt.Sprint(tr.Last()); a != b {
			t.Fatalf("%s: receipts differ:\n%s\n%s", what, a, b)
		}
		if sr.Problem() != tr.Problem() {
			t.Fatalf("%s: the student mirrors on a problem of their own, not the teacher's", what)
		}
	}
	tm, _ = send(tm, press('i'), press('n'), press('n'))
	follow("two steps")
	if !sm.class.following || sm.screen != screenSingle || !strings.Contains(ansi.Strip(sm.Render()), "following") {
		t.Error("the student does not show that they follow")
	}
	if !strings.Contains(ansi.Strip(sm.Render()), "t step off the teacher's run") {
		t.Errorf("the help bar does not name t:\n%s", ansi.Strip(sm.Render()))
	}
	tm, _ = send(tm, up, press('n'), press('n'), press('n'))
	follow("α up, then three steps")
	tm, _ = send(tm, press('b'), press('b'), press('b'), press('b'), down, press('n'))
	follow("four undone, α down, a step")
	for range 20 { // autoplay frames
		tm, _ = send(tm, press('p'))
		tm, _ = send(tm, tickMsg{id: tm.lab.play.tickID}, press('p'))
	}
	follow("autoplay")
	tm, _ = send(tm, press('o'), press('n'))
	follow("another optimizer")
	tm, _ = send(tm, right, press('n'), press('n'))
	follow("a new start")
	// The student's keys that move the run are refused while following.
	before := sm.lab.run.Updates()
	sm, _ = send(sm, press('n'), up, press('c'))
	if sm.lab.run.Updates() != before || sm.screen != screenSingle || !strings.Contains(sm.lab.msg, "t steps off") {
		t.Errorf("a following student's keys moved the run: %d updates, screen %v, %q", sm.lab.run.Updates(), sm.screen, sm.lab.msg)
	}
	// t steps off: the run is the student's, and the teacher's updates
	// no longer move it.
	sm, _ = send(sm, press('t'), press('n'))
	tm, _ = send(tm, press('n'))
	ld := last(t, sent).Lead
	ld.Seq = seq
	sm, _ = send(sm, ClassMsg{Lead: &ld})
	if sm.class.following || sm.lab.run.Updates() != before+1 {
		t.Errorf("stepped off: following %v, %d updates, want %d", sm.class.following, sm.lab.run.Updates(), before+1)
	}
	// t again: back on, at the teacher's run.
	sm, _ = send(sm, press('t'))
	if sm.lab.run.Updates() != tm.lab.run.Updates() || sm.lab.run.Params() != tm.lab.run.Params() {
		t.Error("back on, the student is not at the teacher's run")
	}
	// The lead ends: the student's run stays where it is, and is theirs.
	sm, _ = send(sm, ClassMsg{})
	sm, _ = send(sm, press('n'))
	if sm.class.following || sm.lab.run.Updates() != tm.lab.run.Updates()+1 {
		t.Error("after the lead the student's keys do not move the run")
	}
}

// A run the student has not seen, so far ahead that its start is beyond
// the undo history, is replayed from its start.
func TestFollowFarAhead(t *testing.T) {
	tm, sent := teacher(t, 120, 40, func(c *engine.Config) { c.LR = 0.001 })
	tm, _ = send(tm, press('f'), RosterMsg{Leading: true}, press('i'))
	tm.lab.run.Advance(engine.UndoDepth + 500)
	tm, _ = send(tm, press('n'))
	ld := last(t, sent).Lead
	ld.Seq = 1
	sm, _ := student(t, 80, 24, false)
	sm, _ = send(sm, ClassMsg{Lead: &ld})
	if sm.lab.run.Updates() != tm.lab.run.Updates() || sm.lab.run.Params() != tm.lab.run.Params() {
		t.Fatalf("%d updates at %v, want %d at %v", sm.lab.run.Updates(), sm.lab.run.Params(), tm.lab.run.Updates(), tm.lab.run.Params())
	}
	// The teacher goes back 10 updates: the student undoes them.
	for range 10 {
		tm, _ = send(tm, press('b'))
	}
	ld = last(t, sent).Lead
	ld.Seq = 1
	sm, _ = send(sm, ClassMsg{Lead: &ld})
	if sm.lab.run.Updates() != tm.lab.run.Updates() || sm.lab.run.Params() != tm.lab.run.Params() {
		t.Fatal("undo is not mirrored")
	}
}

// The schedule records α for each update: the changes after the update
// they follow, undo dropping those after the update it returns to.
func TestScheduleOfAlpha(t *testing.T) {
	r, _ := engine.New(engine.Lecture())
	var s schedule
	s.track(r)
	step := func(n int) { r.Advance(n); s.track(r) }
	setLR := func(lr float64) { r.SetLR(lr); s.track(r) }
	step(3)
	setLR(0.02)
	setLR(0.05) // at the same update: one change
	step(2)
	setLR(0.01) // back to the start's α
	step(1)
	want := []AlphaChange{{3, 0.05}, {5, 0.01}}
	if fmt.Sprint(s.alphas) != fmt.Sprint(want) || s.updates != 6 || s.cfg.LR != 0.01 {
		t.Fatalf("schedule %+v after %d, want %+v", s.alphas, s.updates, want)
	}
	ld := &Lead{Config: s.cfg, Alphas: s.alphas, Updates: 6}
	for u, lr := range map[int]float64{1: 0.01, 3: 0.01, 4: 0.05, 5: 0.05, 6: 0.01} {
		if got := ld.lrAt(u); got != lr {
			t.Errorf("update %d: α %v, want %v", u, got, lr)
		}
	}
	r.Back()
	r.Back() // at 4: the change after 5 goes; α is still 0.01, which update 5 now takes
	s.track(r)
	if want := []AlphaChange{{3, 0.05}, {4, 0.01}}; fmt.Sprint(s.alphas) != fmt.Sprint(want) {
		t.Errorf("after undo: %+v, want %+v", s.alphas, want)
	}
	other := &Lead{Config: s.cfg, Alphas: []AlphaChange{{3, 0.05}}}
	if got := agreeUpTo(&Lead{Config: s.cfg, Alphas: s.alphas}, other); got != 4 {
		t.Errorf("the schedules agree up to update %d, want 4", got)
	}
}

// The console's keys send the teacher's commands: to everyone, or to the
// selected student.
func TestConsoleSendsCommands(t *testing.T) {
	m, sent := teacher(t, 120, 40, func(c *engine.Config) { c.LR = 0.1 })
	roster := RosterMsg{Students: []Student{
		{ID: 4, Name: "bob", Report: Report{Place: PlaceView, HasRun: true, LR: 0.01}},
		{ID: 2, Name: "alice", Report: Report{Place: PlaceView, HasRun: true, LR: 0.02}},
	}}
	m, _ = send(m, roster)
	m, _ = send(m, press('p'), press('a'))
	if c := last(t, sent); c.Kind != CmdPush || c.To != 0 || c.Push.Fields != PushLR || c.Push.Config.LR != 0.1 {
		t.Errorf("p a: %+v", c)
	}
	m, _ = send(m, down, press('p'), enter) // alice first, by name
	if c := last(t, sent); c.Kind != CmdPush || c.To != 2 || c.Push.Fields != PushAll {
		t.Errorf("↓ p enter: %+v", c)
	}
	m, _ = send(m, down, press('p'), press('3'))
	if c := last(t, sent); c.To != 4 || c.Push.Fields != PushPreset || c.Push.Preset != 3 {
		t.Errorf("↓ p 3: %+v", c)
	}
	m, _ = send(m, esc, press('g'), press('5'))
	if c := last(t, sent); c.Kind != CmdLesson || c.To != 0 || c.Page != 5 {
		t.Errorf("esc g 5: %+v", c)
	}
	m, _ = send(m, press('l'))
	if c := last(t, sent); c.Kind != CmdLock || !c.On {
		t.Errorf("l: %+v", c)
	}
	m, _ = send(m, press('f'))
	if c := last(t, sent); c.Kind != CmdLead || (*sent)[len(*sent)-2].Kind != CmdFollow || !(*sent)[len(*sent)-2].On {
		t.Errorf("f: %+v", (*sent)[len(*sent)-2:])
	}
	n := len(*sent)
	m, _ = send(m, press('p'), press('x'), press('g'), esc)
	if len(*sent) != n {
		t.Error("a key that is no answer sent a command")
	}
	// q asks first (this console stops the server); n goes on, y quits.
	m, cmd := send(m, press('q'))
	if cmd != nil || !strings.Contains(ansi.Strip(m.Render()), "stop the server") {
		t.Fatal("q does not ask")
	}
	m, cmd = send(m, press('n'))
	if cmd != nil {
		t.Fatal("n quit")
	}
	_, cmd = send(m, press('q'), press('y'))
	if cmd == nil {
		t.Fatal("y does not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("y does not quit")
	}
	// From the teacher's own run, q comes back to the console and asks.
	m, _ = send(m, press('i'))
	if m.screen != screenSingle {
		t.Fatal("i does not open the teacher's run")
	}
	m, cmd = send(m, press('q'))
	if m.screen != screenConsole || cmd != nil || m.console.prompt != promptQuit {
		t.Error("q in the teacher's run does not ask on the console")
	}
}

// classRoster is a class of 14 at various α and updates, some on the
// lesson, one diverged.
func classRoster(t *testing.T) RosterMsg {
	t.Helper()
	var ss []Student
	for i := range 14 {
		c := engine.Lecture()
		c.LR = []float64{0.01, 0.05, 0.1, 0.25, 0.001, 0.01, 0.3}[i%7]
		r, _ := engine.New(c)
		r.Advance(i * 3)
		s := Student{ID: i + 1, Name: fmt.Sprintf("student%d", i+1), Report: Report{Place: PlaceView, HasRun: true,
			Data: "hours", Model: "w", Mode: "sample", Optimizer: "gd", LR: r.LR(), Params: r.Params(), NumParams: 1,
			Updates: r.Updates(), MeanLoss: r.MSE(), Status: r.Status(), Playing: i%3 == 0, Following: i%4 == 0}}
		if i%5 == 4 {
			s.Place, s.Page = PlaceLesson, 3
		}
		ss = append(ss, s)
	}
	ss[13].Data = "tens"
	return RosterMsg{Students: ss, Locked: true, Log: []string{
		"17:00:01 INFO  listening address=127.0.0.1:2222 max sessions=100",
		"17:00:05 INFO  connect remote=127.0.0.1:5555 user=student1 sessions=1",
		"17:00:09 INFO  pushed to=everyone settings=\"α 0.1\""}}
}

// The console at 80×24 and 120×40, in English and Korean, fits its frame
// and shows the class: counts per state, the roster, the picture.
func TestConsoleGolden(t *testing.T) {
	for _, lang := range []Lang{English, Korean} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s-%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				m, _ := teacher(t, size[0], size[1], nil)
				m.c.lang, m.console.lang = lang, lang
				m.console.keys = newConsoleView(m.console.opts, lang).keys
				m, _ = send(m, classRoster(t))
				plain := ansi.Strip(m.Render())
				lines := strings.Split(plain, "\n")
				if len(lines) != size[1] {
					t.Errorf("%d lines, want %d", len(lines), size[1])
				}
				for i, line := range lines {
					if w := ansi.StringWidth(line); w > size[0] {
						t.Errorf("line %d is %d columns wide", i+1, w)
					}
				}
				golden.RequireEqual(t, []byte(plain))
			})
		}
	}
}

// The counts line and the picture say what the roster holds.
func TestConsoleCounts(t *testing.T) {
	m, _ := teacher(t, 160, 60, nil)
	roster := classRoster(t)
	// Two more whose runs settled without converging: --data noisy
	// per-sample cycles; α = 1e-20 stalls.
	for i, st := range []engine.Status{engine.Cycling, engine.Stalled} {
		s := roster.Students[1]
		s.ID, s.Name, s.Status = 15+i, fmt.Sprintf("student%d", 15+i), st
		roster.Students = append(roster.Students, s)
	}
	// One still typing their name (counted as joining only, not paused
	// as well), and one whose terminal is too small for the view.
	joining, small := roster.Students[1], roster.Students[1]
	joining.ID, joining.Name, joining.Place = 17, "student17", PlaceJoining
	small.ID, small.Name, small.TooSmall = 18, "student18", true
	roster.Students = append(roster.Students, joining, small)
	m, _ = send(m, roster)
	frame := ansi.Strip(m.Render())
	// Of the first 14: i%3 == 0 play (0, 3, 6, 9, 12); student9 (α 0.05,
	// 24 updates) has converged and student14 (α 0.3, 39 updates)
	// diverged; the other 7 are paused, and student18 too. i%4 == 0
	// follow (0, 4, 8, 12); i%5 == 4 are on the lesson (4, 9).
	for _, want := range []string{"▶ 5 playing", "⏸ 8 paused", "✓ 1 converged", "✗ 1 diverged", "↻ 1 cycling", "∥ 1 stalled", "1 joining",
		"⇶ 4 following", "2 on the lesson", "18 students", "locked", "ssh -p 2222 10.0.0.5", "too small",
		"SHA256:uNiVeRsItYoFtHeClAsSrOoMhOsTkEyFoRtEsTs0123", "1 on other data", "pushed to=everyone"} {
		if !strings.Contains(frame, want) {
			t.Errorf("no %q in the console:\n%s", want, frame)
		}
	}
}

// gather keeps numbers apart: marks closer than a blank column merge.
func TestGatherMarks(t *testing.T) {
	got := gather([]mark{{x: 10, n: 2}, {x: 11, n: 7}, {x: 20, n: 1}, {x: 22, n: 1}, {x: 30, n: 9}, {x: 31, n: 1}, {x: 32, n: 1}})
	want := []mark{{x: 11, n: 9}, {x: 20, n: 1}, {x: 22, n: 1}, {x: 30, n: 11}}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for i := range want {
		if got[i].x != want[i].x || got[i].n != want[i].n {
			t.Errorf("mark %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// The Korean console shows no English word of its own.
func TestClassKoreanIsComplete(t *testing.T) {
	m, _ := teacher(t, 120, 40, nil)
	m.c.lang, m.console.lang = Korean, Korean
	m, _ = send(m, classRoster(t))
	frame := ansi.Strip(m.Render())
	for _, english := range []string{"students type", "host key", "playing", "converged", "following", "on the lesson", "pushes and lesson pages"} {
		if strings.Contains(frame, english) {
			t.Errorf("%q in the Korean console", english)
		}
	}
}

// No size and no roster makes the console panic or overflow its frame.
func TestConsoleAnySize(t *testing.T) {
	for _, size := range [][2]int{{0, 0}, {1, 1}, {20, 5}, {79, 23}, {80, 24}, {300, 100}} {
		for _, roster := range []RosterMsg{{}, classRoster(t)} {
			m, _ := teacher(t, size[0], size[1], nil)
			m, _ = send(m, roster)
			plain := ansi.Strip(m.Render())
			for _, line := range strings.Split(plain, "\n") {
				if ansi.StringWidth(line) > max(size[0], 0) {
					t.Errorf("%v: a line of %d columns", size, ansi.StringWidth(line))
				}
			}
		}
	}
}

// BenchmarkConsoleView draws the console at 120×40 with a roster of 100
// students, as it does whenever the roster changes.
func BenchmarkConsoleView(b *testing.B) {
	m, _ := teacher(&testing.T{}, 120, 40, nil)
	r := classRoster(&testing.T{})
	var ss []Student
	for i := range 100 {
		s := r.Students[i%len(r.Students)]
		s.ID, s.Name = i+1, fmt.Sprintf("student%d", i+1)
		ss = append(ss, s)
	}
	r.Students = ss
	m, _ = send(m, r)
	b.ResetTimer()
	for range b.N {
		_ = m.View()
	}
}

// A push of large data is worked out off the event loop, as when the
// student changes the data, and the student's run is on the teacher's own
// problem (one analysis for the class, not one each). A preset pushed
// while locked passes the lock even when it arrives after the new run.
func TestPushOfLargeDataSharesTheTeachersProblem(t *testing.T) {
	big := bigOptions(100, 30)
	prob, err := engine.NewProblem(big.Config.Setup)
	if err != nil {
		t.Fatal(err)
	}
	teachers := engine.Config{Setup: prob.Setup(), Start: big.Config.Start} // as the console's run has it
	m, _ := student(t, 100, 30, false)
	m, cmd := send(m, ClassMsg{Locked: true, Push: Push{Seq: 1, Fields: PushAll | PushPreset, Preset: 2,
		Config: teachers, Data: big.Data, Problem: prob}})
	if cmd == nil {
		t.Fatal("a push of 20000 points was worked out on the event loop")
	}
	m = finish(m, cmd)
	r := m.lab.run
	if r.Problem() != prob || len(r.Config().X) != 20_000 || m.lab.data.Name != "big.csv" {
		t.Fatalf("after the push: %d points on %s, own problem %v", len(r.Config().X), m.lab.data.Name, r.Problem() != prob)
	}
	m = finish(m, nil)
	if want := r.Presets()[1].LR; m.lab.run.LR() != want {
		t.Errorf("preset 2 while locked: α %v, want %v", m.lab.run.LR(), want)
	}
	if !strings.Contains(m.lab.msg, "the teacher set big.csv") {
		t.Errorf("message %q", m.lab.msg)
	}
	// The student's own settings stay locked.
	m, _ = send(m, up)
	if m.lab.msg != "α is locked by the teacher" {
		t.Errorf("↑ while locked: %q", m.lab.msg)
	}
}

// A roster's numbers lose digits rather than being cut: w = −1.2345678e+150
// fits the w column as −1.2e+150 at most, never "−1.2345e…".
func TestRosterNumbersAreWhole(t *testing.T) {
	m, _ := teacher(t, 200, 40, nil)
	roster := classRoster(t)
	roster.Students[0].Params = engine.Vec{-1.2345678e150}
	roster.Students[0].MeanLoss = 9.87654321e299
	roster.Students[0].LR = 1.23456e-7
	m, _ = send(m, roster)
	frame := ansi.Strip(m.Render())
	if strings.Contains(frame, "e…") || strings.Contains(frame, "…e") {
		t.Errorf("a number is cut:\n%s", frame)
	}
	for _, want := range []string{"e+150", "e+299", "e−07"} {
		if !strings.Contains(frame, want) {
			t.Errorf("no %q in the roster:\n%s", want, frame)
		}
	}
}

// At w* no α moves w, so a student whose run converged would see nothing
// of a pushed α: the run starts again from its start, and says so. The
// lecture's diverging preset then diverges.
func TestPushRestartsASettledRun(t *testing.T) {
	m, _ := student(t, 80, 24, false)
	for range 300 {
		m, _ = send(m, press('n'))
	}
	if m.lab.run.Status() != engine.Converged {
		t.Fatalf("after 300 updates at α = 0.01: %v", m.lab.run.Status())
	}
	m, _ = send(m, ClassMsg{Push: Push{Seq: 1, Fields: PushPreset, Preset: 4, Config: engine.Lecture(), Data: hours(t)}})
	r := m.lab.run
	if r.Updates() != 0 || r.Params()[0] != 1 || r.LR() != r.Presets()[3].LR || r.Status() != engine.Running {
		t.Fatalf("after the push: %d updates at w = %v, α %v, %v", r.Updates(), r.Params()[0], r.LR(), r.Status())
	}
	if !strings.Contains(m.lab.msg, "restarted") {
		t.Errorf("message %q does not say the run restarted", m.lab.msg)
	}
	for range 300 {
		m, _ = send(m, press('n'))
	}
	if m.lab.run.Status() != engine.Diverged {
		t.Errorf("the diverging preset: %v after %d updates", m.lab.run.Status(), m.lab.run.Updates())
	}
	// A run still running goes on from where it is (the α push of
	// TestPushAppliesSettings).
}

// A student who joins after several pushes gets all of them, each
// setting from the last push that set it.
func TestMergePush(t *testing.T) {
	tens, _ := datasets.Lookup("tens")
	teacher := engine.Lecture()
	teacher.X, teacher.Y = tens.X, tens.Y
	data := Push{Seq: 1, Fields: PushData, Data: tens, Config: teacher}
	teacher.Optimizer = engine.NewOptimizer(engine.Momentum)
	opt := Push{Seq: 2, Fields: PushOptimizer, Data: tens, Config: teacher}
	teacher.Mode = engine.Batch
	teacher.LR = 0.0005
	lr := Push{Seq: 3, Fields: PushLR, Data: tens, Config: teacher}
	preset := Push{Seq: 4, Fields: PushPreset, Preset: 3, Data: tens, Config: teacher}
	teacher.Init = engine.Vec{3}
	start := Push{Seq: 5, Fields: PushStart, Data: tens, Config: teacher}
	all := data
	for _, p := range []Push{opt, lr, preset, start} {
		all = MergePush(all, p)
	}
	if all.Fields != PushData|PushOptimizer|PushPreset|PushStart || all.Seq != 5 || all.Preset != 3 {
		t.Errorf("fields %b, seq %d, preset %d", all.Fields, all.Seq, all.Preset)
	}
	m, _ := student(t, 80, 24, false)
	m, _ = send(m, ClassMsg{Push: all})
	c := m.lab.run.Config()
	if m.lab.data.Name != "tens" || c.Optimizer.Kind != engine.Momentum || c.Mode != engine.Sample || c.Init[0] != 3 ||
		m.lab.run.LR() != m.lab.run.Presets()[2].LR {
		t.Errorf("a late student has %s, %v, %v, w0 %v, α %v", m.lab.data.Name, c.Optimizer.Kind, c.Mode, c.Init[0], m.lab.run.LR())
	}
	// α pushed after a preset replaces it.
	if got := MergePush(all, Push{Seq: 6, Fields: PushLR, Config: teacher}); got.Fields&PushPreset != 0 || got.Config.LR != 0.0005 {
		t.Errorf("α after a preset: fields %b, α %v", got.Fields, got.Config.LR)
	}
}

// A student who joins on the lesson after a push stays on the lesson,
// with the teacher's settings ready for the view; one already in class is
// taken to the view by a push.
func TestLateJoinerKeepsTheLesson(t *testing.T) {
	tens, _ := datasets.Lookup("tens")
	c := engine.Lecture()
	c.X, c.Y = tens.X, tens.Y
	push := Push{Seq: 4, Fields: PushData, Data: tens, Config: c}
	m := NewStudent(Options{Config: engine.Lecture(), Data: hours(t), Width: 80, Height: 24}, StudentLink{Name: "bob"}, true)
	m, _ = send(m, ClassMsg{Name: "bob", Push: push})
	if m.screen != screenLesson || m.lab.data.Name != "tens" {
		t.Errorf("a late joiner on the lesson: screen %v, data %s", m.screen, m.lab.data.Name)
	}
	push.Seq = 5
	m, _ = send(m, ClassMsg{Name: "bob", Push: push})
	if m.screen != screenSingle {
		t.Errorf("a push in class leaves the student on screen %v", m.screen)
	}
}

// The α line opens holding α, as a selected field: typing 0.25 gives
// 0.25 (not "0.010.25"); a backspace first edits the value instead.
func TestEntryReplacesItsValue(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, press('a'), press('0'), press('.'), press('2'), press('5'), enter)
	if m.lab.run.LR() != 0.25 {
		t.Errorf("typed 0.25: α = %v", m.lab.run.LR())
	}
	m, _ = send(m, press('a'), backspace, press('3'), enter) // 0.25 → 0.2 → 0.23
	if m.lab.run.LR() != 0.23 {
		t.Errorf("edited 0.25 into 0.23: α = %v", m.lab.run.LR())
	}
}
