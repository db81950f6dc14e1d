package ui

import (
	"math"
	"strings"
	"testing"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"descent/datasets"
	"descent/engine"
)

// bigOptions are the options of a run on 20 000 points, more than
// engine.ExactRows: x from 0 to 4, y = 2x + 1 give or take 0.3 by turns.
func bigOptions(w, h int) Options {
	c := engine.Lecture()
	c.X, c.Y = make([]float64, 20_000), make([]float64, 20_000)
	for i := range c.X {
		c.X[i] = 4 * float64(i) / float64(len(c.X))
		c.Y[i] = 2*c.X[i] + 1 + 0.3*float64(i%3-1)
	}
	return Options{Config: c, Data: datasets.Dataset{Name: "big.csv", X: c.X, Y: c.Y}, Width: w, Height: h}
}

// settle runs cmd as the program would, feeding every message it brings
// to m, and the messages their commands bring, but not the spinner's
// ticks, which wait; it returns m and how many messages it delivered.
func settle(m Model, cmd tea.Cmd) (Model, int) {
	n := 0
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
		case spinner.TickMsg, nil:
		default:
			var next tea.Cmd
			m, next = send(m, msg)
			n++
			queue = append(queue, next)
		}
	}
	return m, n
}

// TestSlowWorkIsOffTheEventLoop checks large data: the view opens waiting
// for the analysis, q quits then at once; the analysis arrives as a
// message. A new optimizer is worked out in a command while the old run
// still steps, and applied when its message comes back.
func TestSlowWorkIsOffTheEventLoop(t *testing.T) {
	m := New(bigOptions(100, 30))
	if m.lab.ready || !strings.Contains(ansi.Strip(m.Render()), "working out the analysis of 20000 points") {
		t.Fatalf("large data: ready %v, frame\n%s", m.lab.ready, ansi.Strip(m.Render()))
	}
	if _, cmd := send(m, press('q')); cmd == nil {
		t.Error("q does not quit while the analysis is worked out")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("q does not quit while the analysis is worked out")
	}
	m, n := settle(m, m.Init())
	if !m.lab.ready || n == 0 || !strings.Contains(ansi.Strip(m.Render()), "big.csv") {
		t.Fatalf("after the analysis's message: ready %v\n%s", m.lab.ready, ansi.Strip(m.Render()))
	}
	// o: the work goes into a command; the run steps meanwhile.
	m, cmd := send(m, press('o'))
	if cmd == nil || m.lab.run.Optimizer().Kind != engine.GD || !strings.Contains(m.lab.busy(), "momentum") {
		t.Fatalf("o on large data: command %v, optimizer %v, busy %q", cmd != nil, m.lab.run.Optimizer().Kind, m.lab.busy())
	}
	if !strings.Contains(ansi.Strip(m.Render()), "working out momentum on 20000 points") {
		t.Errorf("no spinner line while working:\n%s", ansi.Strip(m.Render()))
	}
	m, _ = send(m, space)
	if m.lab.run.Updates() != 1 {
		t.Errorf("space while working: %d updates", m.lab.run.Updates())
	}
	if _, q := send(m, press('q')); q == nil {
		t.Error("q does not quit while working")
	}
	m, _ = send(m, press('m'))
	if !strings.Contains(m.lab.msg, "one moment") {
		t.Errorf("m while the optimizer is worked out: %q", m.lab.msg)
	}
	// α, the start and the compare view wait too: the runs being worked
	// out carry the settings of when the work began.
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyUp}, press('3'), {Code: tea.KeyRight}, press('c')} {
		m, _ = send(m, k)
		if !strings.Contains(m.lab.msg, "one moment") || m.lab.run.LR() != 0.01 || m.lab.run.Init()[0] != 1 || m.screen != screenSingle {
			t.Errorf("%v while the optimizer is worked out: %q, α %v, start %v, screen %v", k, m.lab.msg, m.lab.run.LR(), m.lab.run.Init(), m.screen)
		}
	}
	m, _ = settle(m, cmd)
	if m.lab.run.Optimizer().Kind != engine.Momentum || m.lab.busy() != "" {
		t.Errorf("after the work's message: optimizer %v, busy %q", m.lab.run.Optimizer().Kind, m.lab.busy())
	}
}

// TestBigFactorsAreTrue: an epoch of 20 000 per-sample updates multiplies
// the error by far less than float64 holds, so the engine's factor is 0;
// the view shows each update's factor on average instead — here
// |1 − 2αx²| averaged geometrically over x uniform on [0, 4) at α = 0.01,
// exp(mean log(1 − 0.02x²)) ≈ 0.89 — never "×0/epoch".
func TestBigFactorsAreTrue(t *testing.T) {
	m := New(bigOptions(100, 30))
	m, _ = settle(m, m.Init())
	v := ansi.Strip(m.Render())
	if strings.Contains(v, "×0/") || !strings.Contains(v, "/update on average") {
		t.Fatalf("the factor of a large epoch:\n%s", v)
	}
	g := m.lab.run.FactorPerUpdate(m.lab.run.LR())
	want := 0.0
	for i := 0; i < 4000; i++ {
		x := 4 * (float64(i) + 0.5) / 4000
		want += math.Log(1 - 0.02*x*x)
	}
	want = math.Exp(want / 4000)
	if math.Abs(g-want) > 1e-3 {
		t.Errorf("mean factor per update %v, want %v", g, want)
	}
}
