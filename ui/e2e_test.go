package ui

import (
	"bytes"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"descent/engine"
)

// TestProgramEndToEnd drives the real program: three updates, an undo, α
// up a notch, a few seconds of autoplay at full speed, then quit. It checks
// the final model, never the escape stream, which is timing-dependent.
func TestProgramEndToEnd(t *testing.T) {
	tm := teatest.NewTestModel(t, newModel(t, 100, 30, nil), teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("mean loss vs w")) },
		teatest.WithDuration(5*time.Second))
	tm.Type("nnn")
	tm.Send(press('b'))
	tm.Send(up)
	for range 9 {
		tm.Send(press('+'))
	}
	tm.Send(press('p'))
	time.Sleep(1500 * time.Millisecond)
	tm.Send(press('q'))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	r := fm.Run()
	if r.LR() != 0.02 {
		t.Errorf("α = %v, want 0.02 after ↑", r.LR())
	}
	// At α = 0.02 the lecture's run converges within a few hundred updates,
	// and autoplay at 10 000/s gets there long before 1.5 s are up.
	if r.Status() != engine.Converged || fm.Playing() {
		t.Errorf("after autoplay: %v after %d updates, playing %v; want converged and paused", r.Status(), r.Updates(), fm.Playing())
	}
}

// TestPausedProgramWakesNever counts the ticks a real program receives
// while paused: there must be none.
func TestPausedProgramWakesNever(t *testing.T) {
	var ticks atomic.Int64
	count := func(_ tea.Model, msg tea.Msg) tea.Msg {
		if _, ok := msg.(tickMsg); ok {
			ticks.Add(1)
		}
		return msg
	}
	tm := teatest.NewTestModel(t, newModel(t, 100, 30, nil), teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithFilter(count)))
	tm.Send(press('p'))
	time.Sleep(300 * time.Millisecond) // playing at 10/s: a few ticks
	tm.Send(press('p'))
	time.Sleep(150 * time.Millisecond) // one tick may already be in flight
	before := ticks.Load()
	time.Sleep(700 * time.Millisecond)
	after := ticks.Load()
	tm.Send(press('q'))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if before == 0 {
		t.Error("no tick arrived while playing: the counter does not work")
	}
	if after != before {
		t.Errorf("%d ticks arrived while paused, want 0", after-before)
	}
}

// TestProgramStaysLiveOnLargeData drives the real program on 20 000
// points: the analysis and a new optimizer are worked out in commands,
// off the event loop, while the program draws and takes keys; then two
// updates of the new run, and q.
func TestProgramStaysLiveOnLargeData(t *testing.T) {
	tm := teatest.NewTestModel(t, New(bigOptions(100, 30)), teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("big.csv")) },
		teatest.WithDuration(10*time.Second))
	tm.Send(press('o'))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("momentum (μ 0.9); restarted")) },
		teatest.WithDuration(10*time.Second))
	tm.Type("nn")
	tm.Send(press('q'))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if r := fm.Run(); r.Optimizer().Kind != engine.Momentum || r.Updates() != 2 {
		t.Errorf("final run: %v after %d updates, want momentum after 2", r.Optimizer().Kind, r.Updates())
	}
}
