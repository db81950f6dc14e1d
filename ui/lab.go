package ui

import (
	"fmt"
	"math"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"descent/datasets"
	"descent/engine"
)

// lab is what the three run screens — the single view, the compare view
// and the α sweep — share: the data, the main run on it, the runs compared
// with it, the parameter the keys act on, the curve's windows, autoplay,
// the entry line and the message of the last key. The root model owns it
// and lends it to the active run screen.
//
// The keys every run screen answers the same way live here too (labKeys):
// stepping and autoplay, α and its presets, the start, the optimizer, the
// mode and the data. Each screen says, with a scope, which runs they act
// on; the keys that differ from screen to screen live in the screen's file.
type lab struct {
	run     *engine.Run
	data    datasets.Dataset
	sets    []datasets.Dataset // the datasets d cycles through
	cmp     []*engine.Run      // the compared runs
	reach   []engine.Reach     // per compared run: updates to MSE < reachTarget
	param   int                // the parameter the curve, ←/→ and w act on
	wins    []window           // one per parameter
	winsCmp bool               // the windows were last fitted to the compared runs
	linear  bool               // loss-vs-update chart on a linear scale
	play    player
	entry   entry
	msg     string // what the last key did, for the status line
	// settings counts the changes of data, model, mode, optimizer or
	// start of the main run; screens that derive from them (the sweep)
	// recompute when it moves.
	settings int
	keys     labKeys
	lang     Lang
}

// reachTarget and reachLimit define the compare table's "updates to reach"
// column: updates until the mean loss is below reachTarget, tried up to
// reachLimit updates.
const (
	reachTarget = 1e-6
	reachLimit  = 100_000
)

// scope is what a run screen lets the lab's keys act on: the runs it shows
// (step, undo, autoplay, restart and the windows follow them) and, in the
// compare view, the selected compared run, which α, the presets and the
// optimizer change instead of the main run.
type scope struct {
	runs []*engine.Run
	sel  int // index into lab.cmp, or −1 for the main run
}

// compare reports whether s is the compare view's.
func (s scope) compare() bool { return s.sel >= 0 }

// moving returns the runs of s that a step moves. Beside other runs, a
// run that diverged stops there, as autoplay stops the single view, and
// reads "diverged at update N" while the others go on; alone, it goes on
// stepping, so that its w can be followed as far as float64 reaches.
func (s scope) moving() []*engine.Run {
	if !s.compare() {
		return s.runs
	}
	var out []*engine.Run
	for _, r := range s.runs {
		if r.Status() != engine.Diverged {
			out = append(out, r)
		}
	}
	return out
}

// undoing returns the runs of s that an undo moves back: all but those
// that stopped at their divergence before the latest update, which wait
// until the others are back there.
func (s scope) undoing() []*engine.Run {
	if !s.compare() {
		return s.runs
	}
	latest := 0
	for _, r := range s.runs {
		latest = max(latest, r.Updates())
	}
	var out []*engine.Run
	for _, r := range s.runs {
		if r.Updates() == latest || r.Status() != engine.Diverged {
			out = append(out, r)
		}
	}
	return out
}

func newLab(o Options) lab {
	r, err := startRun(o)
	if err != nil {
		r, _ = engine.New(engine.Lecture())
	}
	l := lab{run: r, data: o.Data, keys: newLabKeys(o.Lang), lang: o.Lang,
		play: newPlayer(o.FrameRate), entry: newEntry()}
	l.sets = datasets.Builtin()
	if _, ok := datasets.Lookup(o.Data.Name); !ok && len(o.Data.X) > 0 {
		l.sets = append([]datasets.Dataset{o.Data}, l.sets...)
	}
	if l.data.Name == "" {
		l.data = datasets.Dataset{Name: "custom", X: o.Config.X, Y: o.Config.Y}
	}
	return l
}

// single is the scope of the single view and the sweep: the main run.
func (l *lab) single() scope { return scope{runs: []*engine.Run{l.run}, sel: -1} }

// comparing is the compare view's scope with run sel selected.
func (l *lab) comparing(sel int) scope { return scope{runs: l.cmp, sel: sel} }

// focus is the run α, the presets and the optimizer act on.
func (l *lab) focus(s scope) *engine.Run {
	if s.compare() && s.sel < len(l.cmp) {
		return l.cmp[s.sel]
	}
	return l.run
}

// paramName is the chosen parameter's name.
func (l *lab) paramName() string { return l.run.Model().Params()[l.param] }

// labKeys are the keys every run screen answers alike.
type labKeys struct {
	Step, Back, Play, Faster, Slower, LRUp, LRDown, TypeLR,
	W0Down, W0Up, TypeW0, Restart, Mode, Data, Optimizer,
	Preset1, Preset2, Preset3, Preset4 key.Binding
	// LRPair and W0Pair sum up a pair of keys on the one-line help.
	LRPair, W0Pair key.Binding
}

func newLabKeys(lang Lang) labKeys {
	k := keysIn(lang)
	return labKeys{
		Step:      k("space/n", "step", "space", "n", "pgdown"),
		Back:      k("b", "undo", "b", "backspace", "pgup"),
		Play:      k("p", "play", "p", "enter"),
		Faster:    k("+", "faster", "+", "="),
		Slower:    k("−", "slower", "-", "_"),
		LRUp:      k("↑", "α up", "up"),
		LRDown:    k("↓", "α down", "down"),
		TypeLR:    k("a", "type α", "a"),
		W0Down:    k("←", "w0 − 0.1", "left"),
		W0Up:      k("→", "w0 + 0.1", "right"),
		TypeW0:    k("w", "type w0", "w"),
		Restart:   k("r", "restart", "r"),
		Mode:      k("m", "mode", "m"),
		Data:      k("d", "dataset", "d"),
		Optimizer: k("o", "optimizer", "o"),
		Preset1:   k("1", "α too small", "1"),
		Preset2:   k("2", "α just right", "2"),
		Preset3:   k("3", "α oscillating", "3"),
		Preset4:   k("4", "α diverging", "4"),
		LRPair:    k("↑/↓", "α", "up", "down"),
		W0Pair:    k("←/→", "w0", "left", "right"),
	}
}

// named returns the keys with the help of those that change a start
// naming the chosen parameter: "← w0 − 0.1" for the lecture's w, "← b
// start − 0.1" for the others.
func (k labKeys) named(name string, lang Lang) labKeys {
	start := name + "0"
	if name != "w" {
		start = name + " " + tr(lang, "start")
	}
	k.W0Down.SetHelp("←", start+" − 0.1")
	k.W0Up.SetHelp("→", start+" + 0.1")
	k.TypeW0.SetHelp("w", tr(lang, "type")+" "+start)
	k.W0Pair.SetHelp("←/→", start)
	return k
}

// short are the lab's keys on the run screens' one-line help.
func (k labKeys) short() []key.Binding {
	return []key.Binding{k.Step, k.Back, k.Play, k.LRPair, k.W0Pair}
}

// stepping are the keys that step, undo and play, and set the speed.
func (k labKeys) stepping() []key.Binding {
	return []key.Binding{k.Step, k.Back, k.Play, k.Faster, k.Slower}
}

// alphaAndStart are the keys that change α and the start.
func (k labKeys) alphaAndStart() []key.Binding {
	return []key.Binding{k.LRUp, k.LRDown, k.TypeLR, k.W0Down, k.W0Up, k.TypeW0}
}

// settings are the keys that restart and change the mode, the data and
// the optimizer, after the screen's own first.
func (k labKeys) settings(first key.Binding) []key.Binding {
	return []key.Binding{first, k.Restart, k.Mode, k.Data, k.Optimizer}
}

// presets are the keys 1 to 4.
func (k labKeys) presets() []key.Binding {
	return []key.Binding{k.Preset1, k.Preset2, k.Preset3, k.Preset4}
}

// namedKeys returns the lab's keys named for the chosen parameter.
func (l *lab) namedKeys() labKeys { return l.keys.named(l.paramName(), l.lang) }

// update answers the lab's keys, autoplay's ticks, the entry line's keys
// and pastes, for the runs of scope s. The screen handles its own keys
// first and hands the rest here.
func (l *lab) update(msg tea.Msg, s scope) tea.Cmd {
	switch msg := msg.(type) {
	case tickMsg:
		return l.autoplay(msg, s)
	case tea.PasteMsg:
		if l.entry.open() {
			return l.entry.paste(msg)
		}
	case tea.KeyPressMsg:
		if l.entry.open() {
			return l.updateEntry(msg, s)
		}
		return l.updateKey(msg, s)
	}
	return nil
}

func (l *lab) updateKey(msg tea.KeyPressMsg, s scope) tea.Cmd {
	k := l.keys
	switch {
	case key.Matches(msg, k.Step):
		l.play.pause()
		for _, r := range s.moving() {
			r.Step()
		}
		l.refit(zoomGrow, s)
	case key.Matches(msg, k.Back):
		l.play.pause()
		for _, r := range s.undoing() {
			if !r.Back() {
				if r.Updates() == 0 {
					l.msg = "at the start: nothing to undo"
				} else {
					l.msg = fmt.Sprintf("only the last %d updates can be undone", engine.UndoDepth)
				}
			}
		}
		l.refit(zoomUndo, s)
	case key.Matches(msg, k.Play):
		if l.play.playing {
			l.play.pause()
			return nil
		}
		if !anyRunning(s.runs) {
			l.msg = "every run has converged or diverged: press r to restart, or change α"
			return nil
		}
		return l.play.start()
	case key.Matches(msg, k.Faster):
		l.play.faster()
	case key.Matches(msg, k.Slower):
		l.play.slower()
	case key.Matches(msg, k.LRUp):
		l.setLR(s, ladder(l.focus(s).LR(), +1))
	case key.Matches(msg, k.LRDown):
		l.setLR(s, ladder(l.focus(s).LR(), -1))
	case key.Matches(msg, k.Preset1), key.Matches(msg, k.Preset2), key.Matches(msg, k.Preset3), key.Matches(msg, k.Preset4):
		p := l.focus(s).Presets()[int(msg.Code-'1')]
		l.setLR(s, p.LR)
		l.msg = fmt.Sprintf("%s: α = %s; %s", presetName(p), num(p.LR, 4), presetWatch(p, l.focus(s).UpdatesPerEpoch()))
		if o := l.focus(s).Optimizer(); o.Adaptive() {
			l.msg = fmt.Sprintf("α = %s, plain gradient descent's %q; %s adapts its step, so watch the effective step Δ", num(p.LR, 4), presetName(p), o.Kind)
		}
	case key.Matches(msg, k.Optimizer):
		l.cycleOptimizer(s)
	case key.Matches(msg, k.W0Down), key.Matches(msg, k.W0Up):
		d := 0.1
		if key.Matches(msg, k.W0Down) {
			d = -0.1
		}
		p := l.run.Init()
		p[l.param] = math.Round((p[l.param]+d)*1e9) / 1e9
		l.setInit(p, s)
	case key.Matches(msg, k.TypeLR):
		l.play.pause()
		return l.entry.start(entryLR, "α = ", engine.FormatShort(l.focus(s).LR()))
	case key.Matches(msg, k.TypeW0):
		l.play.pause()
		return l.entry.start(entryW0, l.paramName()+"0 = ", engine.FormatShort(l.run.Init()[l.param]))
	case key.Matches(msg, k.Restart):
		l.play.pause()
		for _, r := range s.runs {
			r.Reset()
		}
		l.refit(zoomForce, s)
		l.msg = "restarted at the starting parameters"
	case key.Matches(msg, k.Mode):
		l.cycleMode(s)
	case key.Matches(msg, k.Data):
		l.cycleData(s)
	}
	return nil
}

// updateEntry hands a key to the open entry line and applies what it
// accepts: α to the run in focus, a start to every run.
func (l *lab) updateEntry(msg tea.KeyPressMsg, s scope) tea.Cmd {
	kind, v, cmd := l.entry.update(msg)
	switch kind {
	case entryLR:
		l.setLR(s, v)
	case entryW0:
		l.startAt(l.param, v, s)
	}
	return cmd
}

// autoplay takes one frame's updates of the runs in s, stops on
// convergence or divergence, and arms the next frame.
func (l *lab) autoplay(msg tickMsg, s scope) tea.Cmd {
	if !l.play.current(msg) {
		return nil // a stale tick from before a pause
	}
	n := l.play.frame()
	for _, r := range s.moving() {
		r.Play(n)
	}
	l.refit(zoomGrow, s)
	if !anyRunning(s.runs) {
		l.play.pause()
		if len(s.runs) == 1 {
			l.msg = fmt.Sprintf("%s after %d updates; autoplay paused", s.runs[0].Status(), s.runs[0].Updates())
		} else {
			l.msg = "every run has converged or diverged; autoplay paused"
		}
		return nil
	}
	return l.play.tick()
}

// anyRunning reports whether one of runs has neither converged nor diverged.
func anyRunning(runs []*engine.Run) bool {
	for _, r := range runs {
		if r.Status() == engine.Running {
			return true
		}
	}
	return false
}

// refit refits the windows to the runs of s as z allows.
func (l *lab) refit(z zoom, s scope) {
	l.wins = fitWindows(l.wins, l.run, s.runs, z)
	l.winsCmp = s.compare()
}

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

// setLR sets α of the run in focus; the run continues from where it is.
func (l *lab) setLR(s scope, lr float64) {
	r := l.focus(s)
	if err := r.SetLR(lr); err != nil {
		l.msg = err.Error()
		return
	}
	_, g := r.Factor(lr)
	l.msg = fmt.Sprintf("α = %s (%s); the run continues from here", num(lr, 6), g)
	if s.compare() {
		l.computeReach()
	}
}

// setInit restarts every run, the compared ones too, at p.
func (l *lab) setInit(p engine.Vec, s scope) {
	l.play.pause()
	if err := l.run.SetInit(p); err != nil {
		l.msg = err.Error()
		return
	}
	for _, r := range l.cmp {
		r.SetInit(p)
	}
	l.afterSettings(s, zoomGrow) // a new start re-zooms only when it is off the window
	l.msg = fmt.Sprintf("restarted at %s0 = %s", l.paramName(), num(p[l.param], 6))
}

// startAt chooses parameter j and restarts every run with it at v.
func (l *lab) startAt(j int, v float64, s scope) {
	l.param = j
	p := l.run.Init()
	p[j] = v
	l.setInit(p, s)
}

// nextParam moves the keys and the curve to the next parameter.
func (l *lab) nextParam(s scope) {
	l.param = (l.param + 1) % l.run.Model().NumParams()
	l.refit(zoomForce, s)
}

// rebuild replaces the main run with one for c, and each compared run
// with one for c at its own α, keeping what it can.
func (l *lab) rebuild(c engine.Config, s scope) bool {
	r, err := engine.New(c)
	if err != nil {
		l.msg = err.Error()
		return false
	}
	l.play.pause()
	l.run = r
	l.param = min(l.param, r.Model().NumParams()-1)
	for i, old := range l.cmp {
		cc := c
		cc.LR = old.LR()
		if nr, err := r.Problem().NewRun(cc.Start); err == nil {
			l.cmp[i] = nr
		}
	}
	if s.compare() {
		s.runs = l.cmp
	} else {
		s.runs = []*engine.Run{l.run}
	}
	l.afterSettings(s, zoomForce)
	return true
}

// afterSettings recomputes what depends on the data, mode, optimizer or
// start, and refits the windows as z allows.
func (l *lab) afterSettings(s scope, z zoom) {
	if len(l.cmp) > 0 {
		l.computeReach()
	}
	l.refit(z, s)
	l.settings++
}

// cycleOptimizer moves the run in focus to the next optimizer, with
// torch's defaults, and restarts it; a compared run keeps its place in
// the count of updates.
func (l *lab) cycleOptimizer(s scope) {
	r := l.focus(s)
	c := r.Config()
	c.Optimizer = engine.NewOptimizer((c.Optimizer.Kind + 1) % engine.OptimizerKind(len(engine.OptimizerNames())))
	nr, err := r.Problem().NewRun(c.Start)
	if err != nil {
		l.msg = err.Error()
		return
	}
	l.play.pause()
	if s.compare() {
		nr.Advance(r.Updates())
		l.cmp[s.sel] = nr
		l.computeReach()
	} else {
		l.run = nr
		l.afterSettings(l.single(), zoomForce)
	}
	l.msg = "optimizer: " + optimizerText(c.Optimizer) + "; restarted"
}

func (l *lab) cycleMode(s scope) {
	c := l.run.Config()
	c.Mode = (c.Mode + 1) % 3
	if c.Mode == engine.MiniBatch {
		c.Batch = min(max(c.Batch, 2), len(c.X))
	}
	if c.Mode == engine.Batch {
		c.Shuffle = false
	}
	if l.rebuild(c, s) {
		l.msg = "mode: " + modeText(l.run)
	}
}

func (l *lab) cycleData(s scope) {
	if len(l.sets) == 0 {
		return
	}
	i := 0
	for j, d := range l.sets {
		if d.Name == l.data.Name {
			i = (j + 1) % len(l.sets)
		}
	}
	d := l.sets[i]
	c := l.run.Config()
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
	if l.rebuild(c, s) {
		l.data = d
		l.msg = d.Name + " (" + c.Model.Formula() + "): " + d.Description
	}
}

// openCompare starts the compared runs, one per learning rate, all from
// the main run's data, model, mode and start.
func (l *lab) openCompare(lrs []float64) {
	l.openCompareWith(len(lrs), func(i int, c *engine.Config) { c.LR = lrs[i] })
}

// openCompareOptimizers starts the compared runs, one per optimizer, all
// at the main run's α.
func (l *lab) openCompareOptimizers(opts []engine.Optimizer) {
	l.openCompareWith(len(opts), func(i int, c *engine.Config) { c.Optimizer = opts[i] })
}

// openCompareWith starts up to MaxCompare compared runs: run i has the
// main run's settings changed by set(i, …).
func (l *lab) openCompareWith(n int, set func(i int, c *engine.Config)) {
	l.cmp = l.cmp[:0]
	for i := 0; i < min(n, MaxCompare); i++ {
		c := l.run.Config()
		set(i, &c)
		if r, err := l.run.Problem().NewRun(c.Start); err == nil {
			l.cmp = append(l.cmp, r)
		}
	}
	l.computeReach()
}

// addRun adds a compared run one notch of α above run sel, as far on as
// it, and returns its index.
func (l *lab) addRun(sel int) (int, bool) {
	if len(l.cmp) >= MaxCompare {
		return sel, false
	}
	from := l.focus(l.comparing(sel))
	c := from.Config()
	c.LR = ladder(c.LR, +1)
	r, err := from.Problem().NewRun(c.Start)
	if err != nil {
		return sel, false
	}
	r.Advance(from.Updates())
	l.cmp = append(l.cmp, r)
	l.computeReach()
	l.msg = fmt.Sprintf("added a run at α = %s", num(c.LR, 6))
	return len(l.cmp) - 1, true
}

// removeRun removes compared run sel, keeping at least two.
func (l *lab) removeRun(sel int) bool {
	if len(l.cmp) <= 2 {
		l.msg = "the compare view keeps at least 2 runs"
		return false
	}
	l.cmp = append(l.cmp[:sel], l.cmp[sel+1:]...)
	l.computeReach()
	return true
}

// computeReach fills the compare table's "updates to reach" column.
func (l *lab) computeReach() {
	l.reach = l.reach[:0]
	for _, r := range l.cmp {
		l.reach = append(l.reach, r.UpdatesToReach(reachTarget, reachLimit))
	}
}

// messageLine is the status's third line: the entry line when it is open,
// else what the last key did, else why run r diverges when it does, else
// hint.
func (l *lab) messageLine(c common, r *engine.Run, hint string) string {
	switch {
	case l.entry.open():
		return l.entry.view(c.st)
	case l.msg != "":
		return c.st.warn.Render(l.msg)
	}
	if why := whyLine(c, r, c.lay.width); why != "" {
		return why
	}
	return c.st.subtle.Render(hint)
}
