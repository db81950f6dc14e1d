package ui

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"descent/datasets"
	"descent/engine"
)

func hours(t testing.TB) datasets.Dataset {
	d, ok := datasets.Lookup("hours")
	if !ok {
		t.Fatal("no hours dataset")
	}
	return d
}

func newModel(t testing.TB, w, h int, mut func(*engine.Config)) Model {
	t.Helper()
	c := engine.Lecture()
	if mut != nil {
		mut(&c)
	}
	return New(Options{Config: c, Data: hours(t), Width: w, Height: h})
}

func press(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

var (
	space     = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	enter     = tea.KeyPressMsg{Code: tea.KeyEnter}
	esc       = tea.KeyPressMsg{Code: tea.KeyEscape}
	backspace = tea.KeyPressMsg{Code: tea.KeyBackspace}
	up        = tea.KeyPressMsg{Code: tea.KeyUp}
	down      = tea.KeyPressMsg{Code: tea.KeyDown}
	left      = tea.KeyPressMsg{Code: tea.KeyLeft}
	right     = tea.KeyPressMsg{Code: tea.KeyRight}
	pgup      = tea.KeyPressMsg{Code: tea.KeyPgUp}
	pgdown    = tea.KeyPressMsg{Code: tea.KeyPgDown}
	tab       = tea.KeyPressMsg{Code: tea.KeyTab}
	ctrlC     = tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
)

// send feeds msgs to m in order and returns the model and the last command.
func send(m Model, msgs ...tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	var tm tea.Model = m
	for _, msg := range msgs {
		tm, cmd = tm.Update(msg)
	}
	return tm.(Model), cmd
}

func typeText(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, press(r))
	}
	return out
}

func TestStepKeysTakeTheLecturesUpdates(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, space, press('n'), pgdown)
	// The lecture's first three updates: w = 1.02, 1.0984, 1.260688.
	if w := m.lab.run.Params()[0]; w != 1.260688 || m.lab.run.Updates() != 3 {
		t.Fatalf("after space, n, pgdown: w = %v after %d updates, want 1.260688 after 3", w, m.lab.run.Updates())
	}
	view := ansi.Strip(m.Render())
	for _, want := range []string{"update 3", "3 × 1.0984 = 3.2952", "1.0984 − 0.01 × (−16.2288) = 1.260688"} {
		if !strings.Contains(view, want) {
			t.Errorf("receipt lacks %q:\n%s", want, view)
		}
	}
}

func TestBackKeysUndo(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, space, space, space, space)
	m, _ = send(m, press('b'), backspace, pgup)
	if w := m.lab.run.Params()[0]; w != 1.02 || m.lab.run.Updates() != 1 {
		t.Fatalf("4 steps then b, backspace, pgup: w = %v at %d, want 1.02 at 1", w, m.lab.run.Updates())
	}
	m, _ = send(m, press('b'), press('b'))
	if m.lab.run.Updates() != 0 || !strings.Contains(m.lab.msg, "nothing to undo") {
		t.Errorf("undo past the start: %d updates, message %q", m.lab.run.Updates(), m.lab.msg)
	}
}

func TestLearningRateLadderKeepsTheRun(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, space, space)
	w := m.lab.run.Params()
	m, _ = send(m, up)
	if m.lab.run.LR() != 0.02 || m.lab.run.Params() != w || m.lab.run.Updates() != 2 {
		t.Errorf("↑ from 0.01: α = %v, w %v at %d; want 0.02 with the run kept", m.lab.run.LR(), m.lab.run.Params(), m.lab.run.Updates())
	}
	m, _ = send(m, down, down)
	if m.lab.run.LR() != 0.005 {
		t.Errorf("↓↓ from 0.02: α = %v, want 0.005", m.lab.run.LR())
	}
	for range 30 {
		m, _ = send(m, up)
	}
	if m.lab.run.LR() != 10 {
		t.Errorf("↑ at the top: α = %v, want 10", m.lab.run.LR())
	}
	for range 30 {
		m, _ = send(m, down)
	}
	if m.lab.run.LR() != 0.0001 {
		t.Errorf("↓ at the bottom: α = %v, want 0.0001", m.lab.run.LR())
	}
}

func TestTypingAlpha(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, press('a'))
	if m.lab.entry.kind != entryLR {
		t.Fatal("a does not open α entry")
	}
	m, _ = send(m, append(append([]tea.Msg{tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}}, typeText("abc")...), enter)...)
	if m.lab.entry.kind != entryLR || m.lab.entry.err == "" || m.lab.run.LR() != 0.01 {
		t.Fatalf("bad α: entry open %v, error %q, α %v", m.lab.entry.kind == entryLR, m.lab.entry.err, m.lab.run.LR())
	}
	if !strings.Contains(ansi.Strip(m.Render()), "is not a number") {
		t.Error("the inline error is not shown")
	}
	m, _ = send(m, esc)
	if m.lab.entry.kind != entryNone || m.lab.run.LR() != 0.01 {
		t.Fatal("esc does not cancel")
	}
	m, _ = send(m, press('a'), tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	m, _ = send(m, append(typeText("0.25"), enter)...)
	if m.lab.run.LR() != 0.25 || m.lab.entry.kind != entryNone {
		t.Errorf("typed 0.25: α = %v", m.lab.run.LR())
	}
	m, _ = send(m, press('a'), tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	m, _ = send(m, append(typeText("-1"), enter)...)
	if m.lab.run.LR() != 0.25 || m.lab.entry.err == "" {
		t.Errorf("typed −1: α = %v, error %q", m.lab.run.LR(), m.lab.entry.err)
	}
}

func TestStartingWeightKeysRestart(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, space, space, right, right)
	if m.lab.run.Init()[0] != 1.2 || m.lab.run.Params()[0] != 1.2 || m.lab.run.Updates() != 0 {
		t.Errorf("→→: w0 = %v, w = %v at %d; want 1.2, 1.2 at 0", m.lab.run.Init()[0], m.lab.run.Params()[0], m.lab.run.Updates())
	}
	m, _ = send(m, left, left, left)
	if m.lab.run.Init()[0] != 0.9 {
		t.Errorf("←←← from 1.2: w0 = %v, want 0.9", m.lab.run.Init()[0])
	}
	m, _ = send(m, press('w'), tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	m, _ = send(m, append(typeText("3.5"), enter)...)
	if m.lab.run.Init()[0] != 3.5 || m.lab.run.Updates() != 0 {
		t.Errorf("typed w0 3.5: %v", m.lab.run.Init()[0])
	}
}

// findGlyph returns the screen column and row of the first g in the
// frame's plots, from row 2 on (below the header and the curves' titles).
func findGlyph(t *testing.T, m Model, g string, fromCol int) (int, int) {
	t.Helper()
	for y, line := range strings.Split(ansi.Strip(m.Render()), "\n") {
		if y < 2 {
			continue
		}
		rs := []rune(line)
		for x := fromCol; x < len(rs); x++ {
			if string(rs[x]) == g {
				return x, y
			}
		}
	}
	t.Fatalf("no %s on screen", g)
	return 0, 0
}

func TestClickStartsThere(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, space)
	// A click on ★ (w* = 2) starts the run there, to within a column.
	x, y := findGlyph(t, m, "★", 0)
	m, _ = send(m, tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	if w := m.lab.run.Init()[0]; math.Abs(w-2) > 0.05 || m.lab.run.Updates() != 0 {
		t.Errorf("click on ★: w0 = %v at %d updates, want ≈ 2, restarted", w, m.lab.run.Updates())
	}
	before := m.lab.run.Init()
	for _, at := range [][2]int{{0, 0}, {5, 5}, {x, 29}} {
		m, _ = send(m, tea.MouseClickMsg{X: at[0], Y: at[1], Button: tea.MouseLeft})
	}
	if m.lab.run.Init() != before {
		t.Error("a click outside the curve moved w0")
	}
	m, _ = send(m, press('v'))
	m, _ = send(m, tea.MouseClickMsg{X: 60, Y: 8, Button: tea.MouseLeft})
	if m.lab.run.Init() != before {
		t.Error("a click in the α sweep moved w0")
	}
}

func TestClickOnASlicePicksItsParameter(t *testing.T) {
	m := newModel(t, 100, 30, func(c *engine.Config) { c.Model = engine.ModelQuad; c.Init = engine.Vec{1, 1, 1} })
	// The third slice is b's; its ★ sits at b* = 0.
	x, y := findGlyph(t, m, "★", 70)
	m, _ = send(m, tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	if m.lab.param != 2 || math.Abs(m.lab.run.Init()[2]) > 0.3 || m.lab.run.Init()[0] != 1 {
		t.Errorf("click on b's ★: parameter %d, init %v; want b ≈ 0 and w2 untouched", m.lab.param, m.lab.run.Init())
	}
}

func TestToggleAndCycleKeys(t *testing.T) {
	m := newModel(t, 120, 40, nil)
	m, _ = send(m, press('l'), press('g'), press('s'), press('?'))
	if !m.lab.linear || !m.single.ghost || !m.single.sample || !m.help.ShowAll {
		t.Errorf("l g s ?: linear %v ghost %v sample %v help %v", m.lab.linear, m.single.ghost, m.single.sample, m.help.ShowAll)
	}
	m, _ = send(m, press('m'))
	if m.lab.run.Config().Mode != engine.Batch {
		t.Errorf("m: mode %v, want batch", m.lab.run.Config().Mode)
	}
	m, _ = send(m, press('m'), press('m'))
	if m.lab.run.Config().Mode != engine.Sample {
		t.Errorf("m m m: mode %v, want sample again", m.lab.run.Config().Mode)
	}
	m, _ = send(m, press('d'))
	if m.lab.data.Name == "hours" || len(m.lab.run.Config().X) != len(m.lab.data.X) {
		t.Errorf("d: dataset %q", m.lab.data.Name)
	}
	for range len(datasets.Names()) - 1 {
		m, _ = send(m, press('d'))
	}
	if m.lab.data.Name != "hours" {
		t.Errorf("d cycles back to %q, want hours", m.lab.data.Name)
	}
	m, _ = send(m, space, space, press('r'))
	if m.lab.run.Updates() != 0 {
		t.Error("r does not restart")
	}
	m, _ = send(m, press('+'), press('+'))
	if speeds[m.lab.play.speed] != 50 {
		t.Errorf("++ from 10/s: %d/s, want 50", speeds[m.lab.play.speed])
	}
	m, _ = send(m, press('-'))
	if speeds[m.lab.play.speed] != 20 {
		t.Errorf("− from 50/s: %d/s, want 20", speeds[m.lab.play.speed])
	}
	for _, q := range []tea.Msg{press('q'), ctrlC} {
		_, cmd := send(m, q)
		if cmd == nil {
			t.Fatalf("%v: no command", q)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%v does not quit", q)
		}
	}
}

func TestParameterKeyOnQuad(t *testing.T) {
	m := newModel(t, 100, 30, func(c *engine.Config) { c.Model = engine.ModelQuad; c.Init = engine.Vec{1, 1, 1} })
	m, _ = send(m, tab, right)
	if m.lab.param != 1 || m.lab.run.Init() != (engine.Vec{1, 1.1, 1}) {
		t.Errorf("tab → on quad: parameter %d, init %v; want w1 = 1.1", m.lab.param, m.lab.run.Init())
	}
	m, _ = send(m, space)
	if view := ansi.Strip(m.Render()); !strings.Contains(view, "∂loss/∂w2 = 2x²(ŷ − y)") || !strings.Contains(view, "▸ loss vs w1") {
		t.Errorf("quad receipt or curve missing:\n%s", view)
	}
}

func TestPlayRunsAndStopsOnDivergence(t *testing.T) {
	m := newModel(t, 100, 30, func(c *engine.Config) { c.LR = 1 })
	m, cmd := send(m, press('p'))
	if !m.lab.play.playing || cmd == nil {
		t.Fatal("p does not start autoplay")
	}
	for i := 0; m.lab.play.playing && i < 1000; i++ {
		m, _ = send(m, tickMsg{id: m.lab.play.tickID})
	}
	if m.lab.play.playing || m.lab.run.Status() != engine.Diverged || !strings.Contains(m.lab.msg, "diverged") {
		t.Errorf("α = 1: playing %v, status %v, message %q", m.lab.play.playing, m.lab.run.Status(), m.lab.msg)
	}
	if !strings.Contains(ansi.Strip(m.Render()), "diverged") {
		t.Error("the view does not say diverged")
	}
}

func TestPlayStopsOnConvergence(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, press('+'), press('+'), press('+'), press('+'), press('+'), press('+'), press('+'), press('+'), press('+'), enter)
	if speeds[m.lab.play.speed] != 10000 {
		t.Fatalf("speed %d/s, want 10000", speeds[m.lab.play.speed])
	}
	for i := 0; m.lab.play.playing && i < 1000; i++ {
		m, _ = send(m, tickMsg{id: m.lab.play.tickID})
	}
	if m.lab.play.playing || m.lab.run.Status() != engine.Converged || !strings.Contains(m.lab.msg, "converged") {
		t.Errorf("playing %v, status %v, message %q", m.lab.play.playing, m.lab.run.Status(), m.lab.msg)
	}
	if m.lab.play.interval() != time.Second/frameRate {
		t.Errorf("frame interval at 10000/s is %v, want 1/%d s", m.lab.play.interval(), frameRate)
	}
}

func TestPausedModelArmsNoTick(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, press('p'))
	stale := m.lab.play.tickID
	m, _ = send(m, press('p'))
	if m.lab.play.playing {
		t.Fatal("p p leaves autoplay on")
	}
	for _, id := range []int{stale, m.lab.play.tickID, m.lab.play.tickID + 1} {
		var cmd tea.Cmd
		n := m.lab.run.Updates()
		m, cmd = send(m, tickMsg{id: id})
		if cmd != nil || m.lab.run.Updates() != n {
			t.Errorf("paused model answered tick %d with a command or an update", id)
		}
	}
	// Stepping pauses autoplay and the tick in flight is then ignored.
	m, _ = send(m, press('p'))
	id := m.lab.play.tickID
	m, _ = send(m, space)
	if _, cmd := send(m, tickMsg{id: id}); m.lab.play.playing || cmd != nil {
		t.Error("a manual step did not pause autoplay")
	}
}

func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		for _, c := range []struct {
			name  string
			steps int
			lr    float64
		}{{"fresh", 0, 0.01}, {"3-updates", 3, 0.01}, {"30-updates", 30, 0.01}, {"diverged", 40, 0.3}} {
			t.Run(fmt.Sprintf("%s-%dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				frame := Snapshot(Options{Config: func() engine.Config { x := engine.Lecture(); x.LR = c.lr; return x }(), Data: hours(t)}, c.steps, size[0], size[1])
				plain := ansi.Strip(frame)
				for i, line := range strings.Split(plain, "\n") {
					if w := ansi.StringWidth(line); w > size[0] {
						t.Errorf("line %d is %d columns wide, more than %d", i+1, w, size[0])
					}
				}
				if h := strings.Count(plain, "\n") + 1; h > size[1] {
					t.Errorf("%d lines, more than %d", h, size[1])
				}
				golden.RequireEqual(t, []byte(plain))
			})
		}
	}
}

func TestTooSmallSaysSo(t *testing.T) {
	for _, s := range [][2]int{{79, 30}, {100, 23}, {1, 1}, {5, 3}, {12, 2}, {39, 10}} {
		m := newModel(t, s[0], s[1], nil)
		v := ansi.Strip(m.Render())
		if s[0] >= 12 && s[1] >= 2 && !strings.Contains(strings.Join(strings.Fields(v), " "), "80×24") {
			t.Errorf("%dx%d does not say 80×24: %q", s[0], s[1], v)
		}
		lines := strings.Split(v, "\n")
		if len(lines) > s[1] {
			t.Errorf("%dx%d: %d lines", s[0], s[1], len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > s[0] {
				t.Errorf("%dx%d: a line of %d columns", s[0], s[1], ansi.StringWidth(l))
			}
		}
	}
	if v := newModel(t, 0, 0, nil).Render(); v != "" {
		t.Errorf("0×0 renders %q", v)
	}
}

// FuzzView draws every screen — the single view, the compare view, the α
// sweep and every page of the lesson, in both languages — at any size,
// for any α, start, model, mode and toggles (the fit panel too), with a
// click anywhere, and checks that no frame panics or leaves its size.
func FuzzView(f *testing.F) {
	f.Add(80, 24, 3, 0.01, 1.0, uint8(0), 10, 5)
	f.Add(120, 40, 30, 1e6, 1.0, uint8(1), 30, 20)
	f.Add(0, 0, 0, 1e-9, math.NaN(), uint8(2), 0, 0)
	f.Add(300, 120, 100, 0.3, -1e300, uint8(3), 299, 119)
	f.Add(100, 30, 12, 0.05, 3.0, uint8(4+128), 40, 10)
	f.Fuzz(func(t *testing.T, w, h, steps int, lr, w0 float64, flags uint8, cx, cy int) {
		w, h, steps = abs(w)%301, abs(h)%121, abs(steps)%200
		click := tea.MouseClickMsg{X: abs(cx) % 301, Y: abs(cy) % 121, Button: tea.MouseLeft}
		c := engine.Lecture()
		c.LR = lr
		c.Model = engine.Models()[int(flags)%3]
		c.Init = engine.Vec{w0, w0, w0}
		c.Mode = engine.Mode(int(flags/3) % 3)
		c.Batch = 2
		lang := English
		if flags&8 != 0 {
			lang = Korean
		}
		check := func(what string, m Model) {
			t.Helper()
			frame := ansi.Strip(m.View().Content)
			if n := strings.Count(frame, "\n") + 1; w > 0 && h > 0 && n > h {
				t.Fatalf("%s at %dx%d: %d lines", what, w, h, n)
			}
			for _, l := range strings.Split(frame, "\n") {
				if lw := ansi.StringWidth(l); lw > w {
					t.Fatalf("%s at %dx%d: a line of %d columns", what, w, h, lw)
				}
			}
		}
		m := New(Options{Config: c, Data: hours(t), Width: w, Height: h, Lang: lang})
		m.single.ghost, m.single.sample, m.lab.linear = flags&16 != 0, flags&32 != 0, flags&64 != 0
		m.single.fit = (flags/9)%2 == 1
		m.help.ShowAll = flags&128 != 0
		m.advance(steps)
		check("single view", m)
		m, _ = send(m, space, press('b'), up, right, click)
		check("single view after keys and a click", m)
		// The compare and sweep views on the same state.
		m, _ = send(m, press('c'), space, tab, down, press('4'), click)
		check("compare view", m)
		m, _ = send(m, press('c'), press('v'), press(']'), click)
		check("sweep", m)
		// The lesson, every page acted on, then i into the view.
		var l tea.Model = NewLesson(lang, w, h)
		for p := 0; p < lessonPages; p++ {
			l, _ = l.Update(space)
			l, _ = l.Update(up)
			check(fmt.Sprintf("lesson page %d", p+1), l.(Model))
			l, _ = l.Update(right)
		}
		l, _ = openView(l)
		check("view opened from the lesson", l.(Model))
	})
}

func abs(x int) int {
	if x < 0 {
		if x == math.MinInt {
			return 0
		}
		return -x
	}
	return x
}

func BenchmarkView(b *testing.B) {
	bench := func(name string, o Options) {
		b.Run(name, func(b *testing.B) {
			m := New(o)
			m.advance(30)
			b.ResetTimer()
			for range b.N {
				_ = m.View()
			}
		})
	}
	for _, s := range [][2]int{{80, 24}, {120, 40}, {240, 70}} {
		bench(fmt.Sprintf("%dx%d", s[0], s[1]), Options{Config: engine.Lecture(), Data: hours(b), Width: s[0], Height: s[1]})
	}
	bench("compare/120x40", Options{Config: engine.Lecture(), Data: hours(b), Width: 120, Height: 40, Compare: []float64{0.001, 0.01, 0.1, 0.25}})
	quad := engine.Lecture()
	quad.Model, quad.Init = engine.ModelQuad, engine.Vec{1, 1, 1}
	bench("quad/120x40", Options{Config: quad, Data: hours(b), Width: 120, Height: 40})
	bench("sweep/120x40", Options{Config: engine.Lecture(), Data: hours(b), Width: 120, Height: 40, Sweep: true})
	diverging := engine.Lecture()
	diverging.LR = 0.25
	bench("diverging/120x40", Options{Config: diverging, Data: hours(b), Width: 120, Height: 40})
	b.Run("fit/120x40", func(b *testing.B) {
		m := New(Options{Config: engine.Lecture(), Data: hours(b), Width: 120, Height: 40})
		m, _ = send(m, press('f'))
		m.advance(30)
		b.ResetTimer()
		for range b.N {
			_ = m.View()
		}
	})
	for _, s := range [][2]int{{80, 24}, {120, 40}} {
		b.Run(fmt.Sprintf("help/%dx%d", s[0], s[1]), func(b *testing.B) {
			m := New(Options{Config: engine.Lecture(), Data: hours(b), Width: s[0], Height: s[1]})
			m, _ = send(m, press('?'))
			m.advance(30)
			b.ResetTimer()
			for range b.N {
				_ = m.View()
			}
		})
	}
	b.Run("lesson/120x40", func(b *testing.B) {
		// Page 4: the loss curve with its tangent, the lesson's largest picture.
		var m tea.Model = NewLesson(English, 120, 40)
		for range 3 {
			m, _ = m.Update(right)
		}
		b.ResetTimer()
		for range b.N {
			_ = m.View()
		}
	})
}

// BenchmarkAutoplayFrame is one autoplay frame at 10 000 updates per
// second: the frame's updates plus the render, against a 33 ms budget.
func BenchmarkAutoplayFrame(b *testing.B) {
	m := newModel(b, 120, 40, func(c *engine.Config) { c.LR = 0.0001 })
	m.lab.play.speed = len(speeds) - 1
	m.lab.play.playing = true
	b.ResetTimer()
	for range b.N {
		if m.lab.run.Status() != engine.Running {
			m.lab.run.Reset()
		}
		m.lab.autoplay(tickMsg{id: m.lab.play.tickID}, m.lab.single())
		m.lab.play.playing = true
		_ = m.View()
	}
}

func TestPresetKeys(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	want := m.lab.run.Presets()
	for i, k := range []rune{'1', '2', '3', '4'} {
		m, _ = send(m, press(k))
		if m.lab.run.LR() != want[i].LR || !strings.Contains(m.lab.msg, presetName(want[i])) {
			t.Errorf("%c: α = %v, message %q; want α %v (%s)", k, m.lab.run.LR(), m.lab.msg, want[i].LR, presetName(want[i]))
		}
		if _, g := m.lab.run.Factor(m.lab.run.LR()); g != []engine.Regime{engine.Converging, engine.Converging, engine.Oscillating, engine.Diverging}[i] {
			t.Errorf("%c gives a %v α", k, g)
		}
	}
}

func TestCompareView(t *testing.T) {
	m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: 100, Height: 30, Compare: []float64{0.001, 0.01, 0.1, 0.25}})
	if m.screen != screenCompare || len(m.lab.cmp) != 4 {
		t.Fatalf("--compare opens %v with %d runs", m.screen, len(m.lab.cmp))
	}
	m, _ = send(m, space, space, space)
	for i, r := range m.lab.cmp {
		if r.Updates() != 3 {
			t.Errorf("run %d took %d updates, want 3 (all runs move together)", i, r.Updates())
		}
	}
	// The run at α = 0.01 follows the lecture: w = 1.260688 after 3 updates.
	if w := m.lab.cmp[1].Params()[0]; w != 1.260688 {
		t.Errorf("compared run at α = 0.01: w = %v, want 1.260688", w)
	}
	m, _ = send(m, press('b'))
	if m.lab.cmp[3].Updates() != 2 {
		t.Error("undo does not move every run")
	}
	m, _ = send(m, tab, up)
	if m.cmp.sel != 1 || m.lab.cmp[1].LR() != 0.02 || m.lab.cmp[0].LR() != 0.001 {
		t.Errorf("tab ↑: selected %d, α %v and %v", m.cmp.sel, m.lab.cmp[1].LR(), m.lab.cmp[0].LR())
	}
	m, _ = send(m, press('A'))
	if len(m.lab.cmp) != 5 || m.cmp.sel != 4 || m.lab.cmp[4].Updates() != 2 {
		t.Errorf("A: %d runs, selected %d, new run at %d updates", len(m.lab.cmp), m.cmp.sel, m.lab.cmp[4].Updates())
	}
	m, _ = send(m, press('X'), press('X'), press('X'), press('X'))
	if len(m.lab.cmp) != 2 {
		t.Errorf("X ×4 from 5 runs leaves %d, want 2 (the least)", len(m.lab.cmp))
	}
	view := ansi.Strip(m.Render())
	for _, s := range []string{"comparing 2 learning rates", "regime", "to least+1e−6"} {
		if !strings.Contains(view, s) {
			t.Errorf("compare view lacks %q:\n%s", s, view)
		}
	}
	m, _ = send(m, press('c'))
	if m.screen != screenSingle {
		t.Error("c does not close the compare view")
	}
	m, _ = send(m, press('c'))
	if m.screen != screenCompare || len(m.lab.cmp) != 2 {
		t.Error("c does not reopen the same runs")
	}
}

func TestCompareOpensWithPresets(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, press('c'))
	p := m.lab.run.Presets()
	if len(m.lab.cmp) != 4 || m.lab.cmp[0].LR() != p[0].LR || m.lab.cmp[3].LR() != p[3].LR {
		t.Errorf("c opens %d runs; want the 4 presets", len(m.lab.cmp))
	}
	// Autoplay stops when every run has converged or diverged.
	m.lab.play.speed = len(speeds) - 1
	m, _ = send(m, press('p'))
	for i := 0; m.lab.play.playing && i < 5000; i++ {
		m, _ = send(m, tickMsg{id: m.lab.play.tickID})
	}
	if m.lab.play.playing || m.lab.cmp[3].Status() != engine.Diverged {
		t.Errorf("autoplay: playing %v, diverging run %v", m.lab.play.playing, m.lab.cmp[3].Status())
	}
}

func TestSweepView(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, press('v'))
	if m.screen != screenSweep || len(m.lab.swept.mse) != len(m.lab.swept.lrs) || sweepNs[m.sweep.n] != 30 {
		t.Fatalf("v: screen %v, %d points, N %d", m.screen, len(m.lab.swept.mse), sweepNs[m.sweep.n])
	}
	before := m.lab.swept.mse[0]
	m, _ = send(m, press(']'))
	if sweepNs[m.sweep.n] != 50 || m.lab.swept.mse[0] >= before {
		t.Errorf("]: N = %d, loss at the smallest α %v then %v; more updates must lower it", sweepNs[m.sweep.n], before, m.lab.swept.mse[0])
	}
	if v := ansi.Strip(m.Render()); !strings.Contains(v, "mean loss after 50 updates vs α") || !strings.Contains(v, "largest stable α 0.204 ") {
		t.Errorf("sweep view:\n%s", v)
	}
	m, _ = send(m, press('['), press('v'))
	if m.screen != screenSingle || sweepNs[m.sweep.n] != 30 {
		t.Error("[ v do not go back")
	}
}

func TestGoldenIssueFour(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, c := range []struct {
			name string
			o    Options
		}{
			{"compare", Options{Config: engine.Lecture(), Data: hours(t), Compare: []float64{0.001, 0.01, 0.1, 0.25}}},
			{"sweep", Options{Config: engine.Lecture(), Data: hours(t), Sweep: true}},
			{"quad", Options{Config: func() engine.Config {
				c := engine.Lecture()
				c.Model, c.Init = engine.ModelQuad, engine.Vec{1, 1, 1}
				return c
			}(), Data: hours(t)}},
		} {
			t.Run(fmt.Sprintf("%s-%dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				plain := ansi.Strip(Snapshot(c.o, 12, size[0], size[1]))
				for i, line := range strings.Split(plain, "\n") {
					if w := ansi.StringWidth(line); w > size[0] {
						t.Errorf("line %d is %d columns wide", i+1, w)
					}
				}
				golden.RequireEqual(t, []byte(plain))
			})
		}
	}
}

func TestOptimizerKeyAndReceipt(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	m, _ = send(m, press('o'))
	if m.lab.run.Optimizer().Kind != engine.Momentum || m.lab.run.Updates() != 0 {
		t.Fatalf("o: optimizer %v", m.lab.run.Optimizer().Kind)
	}
	m, _ = send(m, space, space)
	view := ansi.Strip(m.Render())
	// The second momentum update by hand: b = 0.9 × (−2) + (−7.84) = −9.64,
	// w = 1.02 − 0.01 × (−9.64) = 1.1164.
	for _, s := range []string{"b ← μ·b + g = 0.9 × (−2) + (−7.84) = −9.64", "w ← w − α·b = 1.02 − 0.01 × (−9.64) = 1.1164", "momentum"} {
		if !strings.Contains(view, s) {
			t.Errorf("momentum receipt lacks %q:\n%s", s, view)
		}
	}
	for range 4 {
		m, _ = send(m, press('o'))
	}
	if m.lab.run.Optimizer().Kind != engine.Adam {
		t.Fatalf("o ×5: %v, want adam", m.lab.run.Optimizer().Kind)
	}
	m, _ = send(m, space)
	// Adam's first update: m = −0.2, v = 0.004, m̂ = −2, v̂ = 4.
	if v := ansi.Strip(m.Render()); !strings.Contains(v, "m̂ = m/(1 − β1^1) = −2;  v̂ = v/(1 − β2^1) = 4") || !strings.Contains(v, "adaptive") {
		t.Errorf("adam receipt:\n%s", v)
	}
	m, _ = send(m, press('o'))
	if m.lab.run.Optimizer().Kind != engine.GD {
		t.Error("o does not cycle back to plain gradient descent")
	}
}

func TestCompareOptimizers(t *testing.T) {
	opts := []engine.Optimizer{engine.NewOptimizer(engine.GD), engine.NewOptimizer(engine.Momentum), engine.NewOptimizer(engine.Adam)}
	m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: 120, Height: 40, CompareOptimizers: opts})
	if len(m.lab.cmp) != 3 || m.lab.cmp[2].Optimizer().Kind != engine.Adam || m.lab.cmp[2].LR() != 0.01 {
		t.Fatalf("compare optimizers: %d runs", len(m.lab.cmp))
	}
	m, _ = send(m, space, space, space)
	if w := m.lab.cmp[0].Params()[0]; w != 1.260688 {
		t.Errorf("the gd run after 3 updates: w = %v, want the lecture's 1.260688", w)
	}
	v := ansi.Strip(m.Render())
	for _, s := range []string{"rule", "momentum", "adam", "≈ adaptive"} {
		if !strings.Contains(v, s) {
			t.Errorf("optimizer comparison lacks %q:\n%s", s, v)
		}
	}
}

// keyPress is the key press a binding's key name stands for.
func keyPress(name string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{"space": space, "up": up, "down": down, "left": left, "right": right,
		"tab": tab, "pgup": pgup, "pgdown": pgdown, "backspace": backspace, "enter": enter, "esc": esc, "ctrl+c": ctrlC}
	if k, ok := special[name]; ok {
		return k
	}
	return press([]rune(name)[0])
}

// TestEachScreenListsItsKeys checks the help of each run screen against
// what its keys do: every key the full help (?) lists changes the frame of
// that screen, and the keys of the other screens change nothing there; the
// help names those only as the other screen's ("A/X in c: …"), never as
// its own. The mouse click is checked by the click tests.
func TestEachScreenListsItsKeys(t *testing.T) {
	wb := func(c *engine.Config) { c.Model, c.Init = engine.ModelWB, engine.Vec{1, 1} }
	screens := []struct {
		name   string
		open   func() Model
		absent []rune
	}{
		{"single view", func() Model {
			m := newModel(t, 160, 50, wb)
			m, _ = send(m, space, space, space)
			return m
		}, []rune{'A', 'X', '[', ']'}},
		{"compare view", func() Model {
			c := engine.Lecture()
			wb(&c)
			m := New(Options{Config: c, Data: hours(t), Width: 160, Height: 50, Compare: []float64{0.02, 0.05, 0.1}})
			m, _ = send(m, space, space, space)
			return m
		}, []rune{'g', 's', 'f', '[', ']'}},
		{"α sweep", func() Model {
			m := newModel(t, 160, 50, wb)
			m, _ = send(m, space, space, space, press('v'))
			return m
		}, []rune{'A', 'X', 'g', 's', 'f', 'l'}},
	}
	for _, sc := range screens {
		listed := map[string]bool{}
		m := sc.open()
		elsewhere := map[string]bool{}
		for _, b := range []key.Binding{m.keys.InCompare, m.keys.InSweep, m.keys.Click} {
			elsewhere[b.Help().Key] = true
		}
		for _, col := range m.helpKeys().full {
			for _, b := range col {
				if elsewhere[b.Help().Key] {
					continue
				}
				k := b.Keys()[0]
				listed[k] = true
				if k == "q" {
					continue // quits; TestToggleAndCycleKeys checks it
				}
				m := sc.open()
				before := ansi.Strip(m.Render())
				m, _ = send(m, keyPress(k))
				if ansi.Strip(m.Render()) == before {
					t.Errorf("%s: %s (%s %s) is in its help but changes nothing", sc.name, k, b.Help().Key, b.Help().Desc)
				}
			}
		}
		for _, r := range sc.absent {
			if listed[string(r)] {
				t.Errorf("%s: its help lists %c, a key of another screen", sc.name, r)
			}
			m := sc.open()
			before := ansi.Strip(m.Render())
			if m, _ = send(m, press(r)); ansi.Strip(m.Render()) != before {
				t.Errorf("%s: %c, which its help does not list, changes the frame", sc.name, r)
			}
		}
	}
}

// TestClickInTheCompareViewStartsThere clicks on ★ (w* = 2) of the compare
// view's curve, narrow and wide: every run restarts there.
func TestClickInTheCompareViewStartsThere(t *testing.T) {
	for _, s := range [][2]int{{100, 30}, {120, 40}, {200, 60}} {
		m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: s[0], Height: s[1], Compare: []float64{0.001, 0.01, 0.1}})
		m, _ = send(m, space, space)
		x, y := findGlyph(t, m, "★", 0)
		m, _ = send(m, tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
		for i, r := range m.lab.cmp {
			if w := r.Init()[0]; math.Abs(w-2) > 0.05 || r.Updates() != 0 {
				t.Errorf("%dx%d: click on ★: run %d starts at %v after %d updates, want ≈ 2, restarted", s[0], s[1], i, w, r.Updates())
			}
		}
		// A click on the table under the curve moves nothing.
		before := m.lab.run.Init()
		m, _ = send(m, tea.MouseClickMsg{X: x, Y: s[1] - 7, Button: tea.MouseLeft})
		if m.lab.run.Init() != before {
			t.Errorf("%dx%d: a click on the table moved the start", s[0], s[1])
		}
	}
}
