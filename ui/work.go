package ui

import (
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"descent/engine"
)

// Slow work, off the event loop. On more than engine.ExactRows samples a
// problem's first analysis of an update rule, its presets, a new problem
// (another mode or dataset), the compare table's updates-to-reach and the
// α sweep each take from a few milliseconds to a second. Done in Update,
// they would leave every key — q too — waiting. Instead each runs in a
// tea.Cmd, on the problem (which is safe for concurrent use) and on runs
// of its own, while the view stays live with a spinner; what it found is
// applied when its message comes back, unless newer work of the same kind
// replaced it. On small data the same work is done at once, in Update, so
// that a key's effect is there in the next frame.

// job is a kind of slow work; one of each kind runs at a time.
type job int

const (
	jobSettings job = iota // the start, an optimizer, a mode or a dataset: new runs and their analysis
	jobReach               // the compare table's updates to reach its target
	jobSweep               // the α sweep
	jobCount
)

// works is the state of the slow work: the id of the latest of each job
// (older ones are stale), what each job in flight is doing, and the
// spinner that turns while any does.
type works struct {
	ids  [jobCount]int
	busy [jobCount]string
	spin spinner.Model
}

func newWorks() works {
	return works{spin: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
}

// doneMsg brings back the result of job j number id: apply puts it in the
// lab, in scope s of the screen shown when it arrives, and may start more
// work.
type doneMsg struct {
	j     job
	id    int
	apply func(l *lab, s scope) tea.Cmd
}

// big reports whether the lab's data is large enough for its slow work to
// run off the event loop.
func (l *lab) big() bool {
	x, _ := l.run.Data()
	return len(x) > engine.ExactRows
}

// do runs job j: compute does the slow part and returns what applies its
// result. On small data both happen now, in scope s; on large data
// compute runs in a command, what (in the lab's language; "" for work
// that needs no spinner) says meanwhile what is being done, and the result
// is applied when it arrives. compute must touch only the problem and runs
// of its own: the lab's runs go on stepping meanwhile.
func (l *lab) do(j job, what string, s scope, compute func() func(*lab, scope) tea.Cmd) tea.Cmd {
	return l.doOn(l.big(), j, what, s, compute)
}

// doOn is do for work whose size is known: slow work (big) runs in a
// command, other work now. A change of data judges by the larger of the
// old and the new.
func (l *lab) doOn(big bool, j job, what string, s scope, compute func() func(*lab, scope) tea.Cmd) tea.Cmd {
	l.works.ids[j]++
	if !big {
		return compute()(l, s)
	}
	id := l.works.ids[j]
	l.works.busy[j] = what
	run := func() tea.Msg { return doneMsg{j: j, id: id, apply: compute()} }
	if what == "" {
		return run
	}
	return tea.Batch(run, l.works.spin.Tick)
}

// done applies the result msg brings, unless newer work of its kind
// replaced it.
func (l *lab) done(msg doneMsg, s scope) tea.Cmd {
	if msg.id != l.works.ids[msg.j] {
		return nil
	}
	l.works.busy[msg.j] = ""
	return msg.apply(l, s)
}

// busy returns what the slow work in flight is doing, or "".
func (l *lab) busy() string {
	for _, b := range l.works.busy {
		if b != "" {
			return b
		}
	}
	return ""
}

// spin turns the spinner while work is in flight or the view waits for
// its analysis; its ticks stop when neither is.
func (l *lab) spin(msg spinner.TickMsg) tea.Cmd {
	if l.busy() == "" && l.ready {
		return nil
	}
	var cmd tea.Cmd
	l.works.spin, cmd = l.works.spin.Update(msg)
	return cmd
}

// finish runs cmd and the commands its results bring, at once, feeding
// their messages to m: the slow work of a frame that is drawn once
// (Snapshot). Autoplay's and the spinner's ticks, which wait, are left
// out.
func finish(m Model, cmd tea.Cmd) Model {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case doneMsg, readyMsg:
			var tm tea.Model
			tm, c = m.Update(msg)
			m = tm.(Model)
			queue = append(queue, c)
		}
	}
	return m
}
