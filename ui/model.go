// Package ui is descent's interactive view: the loss curve of the data with
// the current weight on it, the receipt of the last update, and the keys to
// step, undo, play and change α or the starting weight live.
//
// Usage:
//
//	m := ui.New(ui.Options{Config: engine.Lecture(), Data: hours})
//	if _, err := tea.NewProgram(m).Run(); err != nil { … }
//
// Snapshot renders one frame as text, for `descent snapshot`.
package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"descent/datasets"
	"descent/engine"
)

// Options configure the view.
type Options struct {
	Config engine.Config    // the run to start with
	Data   datasets.Dataset // the data of Config, for its name and for cycling datasets
	// Width and Height are the initial size; the terminal's size replaces them.
	Width, Height int
	// Compare, when it holds 2 to 6 learning rates, opens the compare view
	// with one run for each.
	Compare []float64
	// CompareOptimizers, when it holds 2 to 6 optimizers, opens the compare
	// view with one run for each, all at Config's α.
	CompareOptimizers []engine.Optimizer
	// Sweep opens the α sweep.
	Sweep bool
	// FrameRate caps autoplay's frames per second (default 30); faster
	// speeds take several updates per frame. A server with many sessions
	// sets it lower.
	FrameRate int
	// Lang is the language of the labels and help (default English).
	Lang Lang
}

// MaxCompare is the most runs the compare view holds.
const MaxCompare = 6

// screen is which view fills the window.
type screen int

const (
	screenSingle  screen = iota // one run: curve, receipt, status
	screenCompare               // 2 to 6 runs with their own α
	screenSweep                 // mean loss after N updates against α
)

// sweepNs are the update counts the sweep offers.
var sweepNs = []int{1, 2, 5, 10, 20, 30, 50, 100, 200, 500, 1000}

// speeds are the autoplay rates in updates per second.
var speeds = []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}

// frameRate is the most frames per second autoplay draws by default;
// faster speeds take several updates per frame.
const frameRate = 30

// lrLadder is α's 1-2-5 ladder from 0.0001 to 10.
var lrLadder = func() []float64 {
	var out []float64
	for e := -4; e <= 1; e++ {
		for _, m := range []float64{1, 2, 5} {
			v, _ := strconv.ParseFloat(fmt.Sprintf("%ge%d", m, e), 64)
			if v <= 10 {
				out = append(out, v)
			}
		}
	}
	return out
}()

type inputKind int

const (
	inputNone inputKind = iota
	inputLR
	inputW0
)

// Model is the interactive view. It implements tea.Model.
type Model struct {
	run      *engine.Run
	data     datasets.Dataset
	sets     []datasets.Dataset // the datasets d cycles through
	keys     keyMap
	help     help.Model
	st       styles
	width    int
	height   int
	playing  bool
	tickID   int
	speed    int      // index into speeds
	carry    float64  // fractional updates owed by autoplay
	param    int      // the parameter the curve, ←/→ and w act on
	wins     []window // one per parameter
	linear   bool     // loss-vs-update chart on a linear scale
	ghost    bool
	sample   bool // show the next sample's own loss curve
	input    textinput.Model
	inputFor inputKind
	inputErr string
	msg      string
	screen   screen
	cmp      []*engine.Run  // the compared runs
	reach    []engine.Reach // per compared run: updates to MSE < reachTarget
	sel      int            // the compared run that tab selected
	sweepN   int            // index into sweepNs
	sweepLRs []float64      // the sweep's learning rates
	sweepMSE []float64      // the mean loss after sweepNs[sweepN] updates at each
	fps      int            // autoplay's frame cap
	lang     Lang
}

// reachTarget and reachLimit define the compare table's "updates to reach"
// column: updates until the mean loss is below reachTarget, tried up to
// reachLimit updates.
const (
	reachTarget = 1e-6
	reachLimit  = 100_000
)

// tickMsg asks autoplay for its next frame; id tells stale ticks apart.
type tickMsg struct{ id int }

// New returns the view for o. An invalid o.Config falls back to the lecture's.
func New(o Options) Model {
	r, err := engine.New(o.Config)
	if err != nil {
		r, _ = engine.New(engine.Lecture())
	}
	m := Model{
		run: r, data: o.Data, keys: defaultKeyMap(o.Lang), help: help.New(), lang: o.Lang,
		st: newStyles(true), width: o.Width, height: o.Height, speed: 3, fps: o.FrameRate,
	}
	if m.fps <= 0 {
		m.fps = frameRate
	}
	m.sets = datasets.Builtin()
	if _, ok := datasets.Lookup(o.Data.Name); !ok && len(o.Data.X) > 0 {
		m.sets = append([]datasets.Dataset{o.Data}, m.sets...)
	}
	if m.data.Name == "" {
		m.data = datasets.Dataset{Name: "custom", X: o.Config.X, Y: o.Config.Y}
	}
	m.input = textinput.New()
	m.input.CharLimit = 32
	m.help.SetWidth(max(m.width, 1))
	m.sweepN = 5 // 30 updates
	if len(o.Compare) >= 2 {
		m.openCompare(o.Compare)
	}
	if len(o.CompareOptimizers) >= 2 {
		m.openCompareOptimizers(o.CompareOptimizers)
	}
	if o.Sweep {
		m.screen = screenSweep
		m.computeSweep()
	}
	m.refit(true)
	return m
}

// focus is the run the status line, the receipt and the α keys act on:
// the selected compared run in the compare view, the single run otherwise.
func (m Model) focus() *engine.Run {
	if m.screen == screenCompare && m.sel < len(m.cmp) {
		return m.cmp[m.sel]
	}
	return m.run
}

// openCompare starts the compare view with one run per learning rate, all
// from the single run's data, model, mode and start.
func (m *Model) openCompare(lrs []float64) {
	m.openCompareWith(len(lrs), func(i int, c *engine.Config) { c.LR = lrs[i] })
}

// openCompareOptimizers starts the compare view with one run per
// optimizer, all at the single run's α.
func (m *Model) openCompareOptimizers(opts []engine.Optimizer) {
	m.openCompareWith(len(opts), func(i int, c *engine.Config) { c.Optimizer = opts[i] })
}

// openCompareWith starts the compare view with up to MaxCompare runs: run
// i has the single run's settings changed by set(i, …).
func (m *Model) openCompareWith(n int, set func(i int, c *engine.Config)) {
	m.cmp = m.cmp[:0]
	for i := 0; i < min(n, MaxCompare); i++ {
		c := m.run.Config()
		set(i, &c)
		if r, err := engine.New(c); err == nil {
			m.cmp = append(m.cmp, r)
		}
	}
	m.sel = 0
	m.screen = screenCompare
	m.computeReach()
}

// computeReach fills the compare table's "updates to reach" column.
func (m *Model) computeReach() {
	m.reach = m.reach[:0]
	for _, r := range m.cmp {
		m.reach = append(m.reach, r.UpdatesToReach(reachTarget, reachLimit))
	}
}

// computeSweep fills the α sweep for the single run's settings.
func (m *Model) computeSweep() {
	m.sweepLRs = m.run.Analysis().SweepLRs(60)
	c := m.run.Config()
	m.sweepMSE, _ = engine.Sweep(c, m.sweepLRs, sweepNs[m.sweepN])
}

// Run returns the model's run, for tests and for summaries after the
// program ends.
func (m Model) Run() *engine.Run { return m.run }

// Playing reports whether autoplay is on.
func (m Model) Playing() bool { return m.playing }

// Init implements tea.Model.
func (m Model) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(max(msg.Width, 1))
		return m, nil
	case tea.BackgroundColorMsg:
		m.st = newStyles(msg.IsDark())
		m.help.Styles = help.DefaultStyles(msg.IsDark())
		return m, nil
	case tickMsg:
		if !m.playing || msg.id != m.tickID {
			return m, nil // a stale tick from before a pause
		}
		m.autoplay()
		if !m.playing {
			return m, nil
		}
		return m, m.tick()
	case tea.MouseClickMsg:
		if msg.Button == tea.MouseLeft {
			m.click(msg.X, msg.Y)
		}
		return m, nil
	case tea.PasteMsg:
		if m.inputFor != inputNone {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			return m, cmd
		}
		return m, nil
	case tea.KeyPressMsg:
		if m.inputFor != inputNone {
			return m.updateInput(msg)
		}
		return m.updateKey(msg)
	}
	return m, nil
}

func (m Model) updateKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	m.msg = ""
	switch {
	case key.Matches(msg, k.Quit):
		m.playing = false
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
	case m.screen == screenSweep && (key.Matches(msg, k.Step) || key.Matches(msg, k.Back) || key.Matches(msg, k.Play)):
		m.msg = "the sweep shows α, not a run: v goes back to the run"
	case key.Matches(msg, k.Step):
		m.pause()
		for _, r := range m.shown() {
			r.Step()
		}
		m.afterMove()
	case key.Matches(msg, k.Back):
		m.pause()
		for _, r := range m.shown() {
			if !r.Back() {
				if r.Updates() == 0 {
					m.msg = "at the start: nothing to undo"
				} else {
					m.msg = fmt.Sprintf("only the last %d updates can be undone", engine.UndoDepth)
				}
			}
		}
		m.afterMove()
	case key.Matches(msg, k.Play):
		if m.playing {
			m.pause()
			return m, nil
		}
		if !m.anyRunning() {
			m.msg = "every run has converged or diverged: press r to restart, or change α"
			return m, nil
		}
		m.playing = true
		m.tickID++
		return m, m.tick()
	case key.Matches(msg, k.Faster):
		m.speed = min(m.speed+1, len(speeds)-1)
	case key.Matches(msg, k.Slower):
		m.speed = max(m.speed-1, 0)
	case key.Matches(msg, k.LRUp):
		m.setLR(ladder(m.focus().LR(), +1))
	case key.Matches(msg, k.LRDown):
		m.setLR(ladder(m.focus().LR(), -1))
	case key.Matches(msg, k.Preset1), key.Matches(msg, k.Preset2), key.Matches(msg, k.Preset3), key.Matches(msg, k.Preset4):
		p := m.focus().Presets()[int(msg.Code-'1')]
		m.setLR(p.LR)
		m.msg = fmt.Sprintf("%s: α = %s; %s", p.Name, num(p.LR, 4), p.Watch)
		if o := m.focus().Optimizer(); o.Adaptive() {
			m.msg = fmt.Sprintf("α = %s, plain gradient descent's %q; %s adapts its step, so watch the effective step Δ", num(p.LR, 4), p.Name, o.Kind)
		}
	case key.Matches(msg, k.Optimizer):
		m.cycleOptimizer()
	case key.Matches(msg, k.Compare):
		if m.screen == screenCompare {
			m.screen = screenSingle
		} else {
			if len(m.cmp) < 2 {
				var lrs []float64
				for _, p := range m.run.Presets() {
					lrs = append(lrs, p.LR)
				}
				m.openCompare(lrs)
			}
			m.screen = screenCompare
		}
		m.pause()
		m.refit(true)
	case key.Matches(msg, k.Sweep):
		m.pause()
		if m.screen == screenSweep {
			m.screen = screenSingle
		} else {
			m.screen = screenSweep
			m.computeSweep()
		}
	case key.Matches(msg, k.SweepMore), key.Matches(msg, k.SweepLess):
		if key.Matches(msg, k.SweepMore) {
			m.sweepN = min(m.sweepN+1, len(sweepNs)-1)
		} else {
			m.sweepN = max(m.sweepN-1, 0)
		}
		if m.screen == screenSweep {
			m.computeSweep()
		}
	case key.Matches(msg, k.AddRun):
		if m.screen == screenCompare && len(m.cmp) < MaxCompare {
			c := m.focus().Config()
			c.LR = ladder(c.LR, +1)
			if r, err := engine.New(c); err == nil {
				r.Advance(m.focus().Updates())
				m.cmp = append(m.cmp, r)
				m.sel = len(m.cmp) - 1
				m.computeReach()
				m.msg = fmt.Sprintf("added a run at α = %s", num(c.LR, 6))
			}
		}
	case key.Matches(msg, k.RemoveRun):
		if m.screen == screenCompare && len(m.cmp) > 2 {
			m.cmp = append(m.cmp[:m.sel], m.cmp[m.sel+1:]...)
			m.sel = min(m.sel, len(m.cmp)-1)
			m.computeReach()
		} else if m.screen == screenCompare {
			m.msg = "the compare view keeps at least 2 runs"
		}
	case key.Matches(msg, k.W0Down), key.Matches(msg, k.W0Up):
		d := 0.1
		if key.Matches(msg, k.W0Down) {
			d = -0.1
		}
		p := m.run.Init()
		p[m.param] = math.Round((p[m.param]+d)*1e9) / 1e9
		m.setInit(p)
	case key.Matches(msg, k.TypeLR):
		return m, m.startInput(inputLR, engine.FormatShort(m.focus().LR()))
	case key.Matches(msg, k.TypeW0):
		return m, m.startInput(inputW0, engine.FormatShort(m.run.Init()[m.param]))
	case key.Matches(msg, k.Param):
		if m.screen == screenCompare {
			m.sel = (m.sel + 1) % len(m.cmp)
		} else {
			m.param = (m.param + 1) % m.run.Model().NumParams()
		}
		m.refit(true)
	case key.Matches(msg, k.Restart):
		m.pause()
		for _, r := range m.shown() {
			r.Reset()
		}
		m.refit(true)
		m.msg = "restarted at the starting parameters"
	case key.Matches(msg, k.Mode):
		m.cycleMode()
	case key.Matches(msg, k.Data):
		m.cycleData()
	case key.Matches(msg, k.Scale):
		m.linear = !m.linear
	case key.Matches(msg, k.Ghost):
		m.ghost = !m.ghost
	case key.Matches(msg, k.SampleCurve):
		m.sample = !m.sample
	}
	return m, nil
}

// pause stops autoplay; a tick already in flight is ignored.
func (m *Model) pause() {
	if m.playing {
		m.playing = false
		m.tickID++
	}
}

// tick arms the next autoplay frame.
func (m Model) tick() tea.Cmd {
	id := m.tickID
	return tea.Tick(m.interval(), func(time.Time) tea.Msg { return tickMsg{id: id} })
}

// interval is the time between autoplay frames.
func (m Model) interval() time.Duration {
	return time.Second / time.Duration(min(speeds[m.speed], m.fps))
}

// autoplay takes one frame's updates and stops on convergence or divergence.
func (m *Model) autoplay() {
	per := float64(speeds[m.speed]) / float64(min(speeds[m.speed], m.fps))
	m.carry += per
	n := int(m.carry)
	m.carry -= float64(n)
	runs := m.shown()
	for _, r := range runs {
		r.Play(n)
	}
	m.afterMove()
	if !m.anyRunning() {
		m.pause()
		if len(runs) == 1 {
			m.msg = fmt.Sprintf("%s after %d updates; autoplay paused", runs[0].Status(), runs[0].Updates())
		} else {
			m.msg = "every run has converged or diverged; autoplay paused"
		}
	}
}

// anyRunning reports whether a shown run has neither converged nor diverged.
func (m Model) anyRunning() bool {
	for _, r := range m.shown() {
		if r.Status() == engine.Running {
			return true
		}
	}
	return false
}

// afterMove refits the w window after the run moved.
func (m *Model) afterMove() { m.refit(false) }

// ladder returns the next value of lrLadder above (dir > 0) or below lr,
// or lr itself at the ends.
func ladder(lr float64, dir int) float64 {
	if dir > 0 {
		for _, v := range lrLadder {
			if v > lr*(1+1e-12) {
				return v
			}
		}
		return lr
	}
	for i := len(lrLadder) - 1; i >= 0; i-- {
		if lrLadder[i] < lr*(1-1e-12) {
			return lrLadder[i]
		}
	}
	return lr
}

func (m *Model) setLR(lr float64) {
	r := m.focus()
	if err := r.SetLR(lr); err != nil {
		m.msg = err.Error()
		return
	}
	_, g := r.Factor(lr)
	m.msg = fmt.Sprintf("α = %s (%s); the run continues from here", num(lr, 6), g)
	if m.screen == screenCompare {
		m.computeReach()
	}
}

func (m *Model) setInit(p engine.Vec) {
	m.pause()
	if err := m.run.SetInit(p); err != nil {
		m.msg = err.Error()
		return
	}
	for _, r := range m.cmp {
		r.SetInit(p)
	}
	m.afterSettings()
	m.msg = fmt.Sprintf("restarted at %s0 = %s", m.paramName(), num(p[m.param], 6))
}

func (m Model) paramName() string { return m.run.Model().Params()[m.param] }

func (m *Model) startInput(kind inputKind, value string) tea.Cmd {
	m.pause()
	m.inputFor, m.inputErr = kind, ""
	m.input.Prompt = "α = "
	if kind == inputW0 {
		m.input.Prompt = m.paramName() + "0 = "
	}
	m.input.SetValue(value)
	m.input.CursorEnd()
	return m.input.Focus()
}

func (m Model) updateInput(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "esc":
		m.inputFor, m.inputErr = inputNone, ""
		m.input.Blur()
		return m, nil
	case "ctrl+c":
		return m, tea.Quit
	case "enter":
		v, err := strconv.ParseFloat(strings.TrimSpace(m.input.Value()), 64)
		switch {
		case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
			m.inputErr = fmt.Sprintf("%q is not a number", m.input.Value())
			return m, nil
		case m.inputFor == inputLR && v <= 0:
			m.inputErr = "α must be positive"
			return m, nil
		}
		kind := m.inputFor
		m.inputFor, m.inputErr = inputNone, ""
		m.input.Blur()
		if kind == inputLR {
			m.setLR(v)
		} else {
			p := m.run.Init()
			p[m.param] = v
			m.setInit(p)
		}
		return m, nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.inputErr = ""
	return m, cmd
}

// rebuild replaces the run with one for c, keeping what it can.
func (m *Model) rebuild(c engine.Config) bool {
	r, err := engine.New(c)
	if err != nil {
		m.msg = err.Error()
		return false
	}
	m.pause()
	m.run = r
	m.param = min(m.param, r.Model().NumParams()-1)
	for i, old := range m.cmp {
		cc := c
		cc.LR = old.LR()
		if nr, err := engine.New(cc); err == nil {
			m.cmp[i] = nr
		}
	}
	m.afterSettings()
	return true
}

// afterSettings recomputes what depends on the data, mode or start.
func (m *Model) afterSettings() {
	if len(m.cmp) > 0 {
		m.computeReach()
	}
	if m.screen == screenSweep {
		m.computeSweep()
	}
	m.refit(true)
}

// cycleOptimizer moves the focused run to the next optimizer, with
// torch's defaults, and restarts it.
func (m *Model) cycleOptimizer() {
	r := m.focus()
	c := r.Config()
	c.Optimizer = engine.NewOptimizer((c.Optimizer.Kind + 1) % engine.OptimizerKind(len(engine.OptimizerNames())))
	nr, err := engine.New(c)
	if err != nil {
		m.msg = err.Error()
		return
	}
	m.pause()
	if m.screen == screenCompare {
		nr.Advance(r.Updates())
		m.cmp[m.sel] = nr
		m.computeReach()
	} else {
		m.run = nr
		m.afterSettings()
	}
	m.msg = "optimizer: " + optimizerText(c.Optimizer) + "; restarted"
}

// optimizerText names an optimizer with its hyper-parameters.
func optimizerText(o engine.Optimizer) string {
	switch o.Kind {
	case engine.Momentum, engine.Nesterov:
		return fmt.Sprintf("%s (μ %s)", o.Kind, num(o.Momentum, 4))
	case engine.Adagrad:
		return fmt.Sprintf("adagrad (ε %s)", num(o.Eps, 2))
	case engine.RMSprop:
		return fmt.Sprintf("rmsprop (a %s, ε %s)", num(o.Alpha, 4), num(o.Eps, 2))
	case engine.Adam:
		return fmt.Sprintf("adam (β1 %s, β2 %s, ε %s)", num(o.Beta1, 4), num(o.Beta2, 4), num(o.Eps, 2))
	}
	return "plain gradient descent"
}

func (m *Model) cycleMode() {
	c := m.run.Config()
	c.Mode = (c.Mode + 1) % 3
	if c.Mode == engine.MiniBatch {
		c.Batch = min(max(c.Batch, 2), len(c.X))
	}
	if c.Mode == engine.Batch {
		c.Shuffle = false
	}
	if m.rebuild(c) {
		m.msg = "mode: " + modeText(m.run)
	}
}

func (m *Model) cycleData() {
	if len(m.sets) == 0 {
		return
	}
	i := 0
	for j, d := range m.sets {
		if d.Name == m.data.Name {
			i = (j + 1) % len(m.sets)
		}
	}
	d := m.sets[i]
	c := m.run.Config()
	c.X, c.Y = d.X, d.Y
	if c.Mode == engine.MiniBatch {
		c.Batch = min(2, len(d.X))
	}
	// Each dataset comes with the model it was made for; the starting
	// values become all ones, as for a fresh start.
	if mdl, err := engine.ModelByName(d.Model); err == nil && mdl.Name() != c.Model.Name() {
		c.Model = mdl
		c.Init = engine.Vec{}
		for j := 0; j < mdl.NumParams(); j++ {
			c.Init[j] = 1
		}
	}
	if m.rebuild(c) {
		m.data = d
		m.msg = d.Name + " (" + c.Model.Formula() + "): " + d.Description
	}
}

// modeText describes the run's update mode in a few words.
func modeText(r *engine.Run) string {
	c := r.Config()
	s := map[engine.Mode]string{
		engine.Sample:    "per-sample",
		engine.Batch:     "full batch",
		engine.MiniBatch: fmt.Sprintf("mini-batch of %d", c.Batch),
	}[c.Mode]
	if c.Shuffle {
		s += ", shuffled"
	}
	return s
}
