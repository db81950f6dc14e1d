package ui

import (
	"errors"
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"math"
	"strconv"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"descent/datasets"
	"descent/engine"
)

// lab is what the three run screens — the single view, the compare view
// and the α sweep — share: the data, the main run on it, the runs compared
// with it, the parameter the keys act on, the curve's windows, autoplay,
// the entry line, the message of the last key and the slow work in flight
// (work.go). The root model owns it and lends it to the active run screen.
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
	reach   []engine.Reach     // per compared run: updates to within reachTol of the least loss; nil while counted
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
	// ready is set once the main run's analysis is known: on large data
	// it is worked out off the event loop when the view opens, and the
	// view waits for it.
	ready bool
	works works
	swept sweepResult // the α sweep's last result (sweep.go)
	cycle cycleSpan   // the span of a cycling run's epoch (explain.go)
	keys  labKeys
	lang  Lang
	// class is what the classroom says of the settings (class.go): locked
	// by the teacher, or following the teacher's run.
	class labClass
}

// reachLimit is how many updates the compare table's "updates to reach"
// column tries.
const reachLimit = 100_000

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
		play: newPlayer(o.FrameRate), entry: newEntry(o.Lang), works: newWorks()}
	l.sets = datasets.Builtin()
	if _, ok := datasets.Lookup(o.Data.Name); !ok && len(o.Data.X) > 0 {
		l.sets = append([]datasets.Dataset{o.Data}, l.sets...)
	}
	if l.data.Name == "" {
		l.data = datasets.Dataset{Name: "custom", X: o.Config.X, Y: o.Config.Y}
	}
	return l
}

// tr and trf translate into the lab's language, for its messages.
func (l *lab) tr(s string) string                    { return tr(l.lang, s) }
func (l *lab) trf(format string, args ...any) string { return trf(l.lang, format, args...) }

// single is the scope of the single view and the sweep: the main run.
func (l *lab) single() scope { return scope{runs: []*engine.Run{l.run}, sel: -1} }

// comparing is the compare view's scope with run sel selected.
func (l *lab) comparing(sel int) scope { return scope{runs: l.cmp, sel: sel} }

// rescope returns the scope like s of the runs the lab holds now: slow
// work may have replaced them since s was made.
func (l *lab) rescope(s scope) scope {
	if s.compare() && len(l.cmp) > 0 {
		return l.comparing(min(s.sel, len(l.cmp)-1))
	}
	return l.single()
}

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
		Slower:    k("-", "slower", "-", "_"),
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
	start := startName(lang, name)
	k.W0Down.SetHelp("←", start+" − 0.1")
	k.W0Up.SetHelp("→", start+" + 0.1")
	k.TypeW0.SetHelp("w", trf(lang, "type %s", start))
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

// update answers the lab's keys, autoplay's ticks, the slow work's
// results and spinner, and the entry line's keys and pastes, for the runs
// of scope s. The screen handles its own keys first and hands the rest
// here.
func (l *lab) update(msg tea.Msg, s scope) tea.Cmd {
	switch msg := msg.(type) {
	case doneMsg:
		return l.done(msg, s)
	case spinner.TickMsg:
		return l.spin(msg)
	case tickMsg:
		return l.autoplay(msg, s)
	case tea.PasteMsg:
		if l.entry.open() {
			return l.entry.paste(msg)
		}
	case tea.KeyPressMsg:
		if !l.ready {
			return nil // the view waits for the analysis; q still quits
		}
		if l.entry.open() {
			return l.updateEntry(msg, s)
		}
		return l.updateKey(msg, s)
	}
	return nil
}

// settingsBusy says, as the key's message, that the settings are still
// being changed, and reports whether they are.
func (l *lab) settingsBusy() bool {
	if b := l.works.busy[jobSettings]; b != "" {
		l.msg = l.trf("one moment: %s", b)
		return true
	}
	return false
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
					l.msg = l.tr("at the start: nothing to undo")
				} else {
					l.msg = l.trf("only the last %d updates can be undone", engine.UndoDepth)
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
			l.msg = l.tr("every run has settled (converged, diverged, cycling or stalled): press r to restart, or change α")
			if len(s.runs) == 1 {
				l.msg = l.trf("the run has settled (%s): press r to restart, or change α", l.tr(s.runs[0].Status().String()))
			}
			return nil
		}
		return l.play.start()
	case key.Matches(msg, k.Faster):
		l.play.faster()
	case key.Matches(msg, k.Slower):
		l.play.slower()
	case key.Matches(msg, k.LRUp):
		return l.setLR(s, ladder(l.focus(s).LR(), +1))
	case key.Matches(msg, k.LRDown):
		return l.setLR(s, ladder(l.focus(s).LR(), -1))
	case key.Matches(msg, k.Preset1), key.Matches(msg, k.Preset2), key.Matches(msg, k.Preset3), key.Matches(msg, k.Preset4):
		if l.refuses("α") || l.settingsBusy() {
			return nil
		}
		r := l.focus(s)
		p := r.Presets()[int(msg.Code-'1')]
		cmd := l.setLR(s, p.LR)
		l.msg = presetMessage(l.lang, r, p)
		return cmd
	case key.Matches(msg, k.Optimizer):
		if l.settingsBusy() {
			return nil
		}
		return l.cycleOptimizer(s)
	case key.Matches(msg, k.W0Down), key.Matches(msg, k.W0Up):
		d := 0.1
		if key.Matches(msg, k.W0Down) {
			d = -0.1
		}
		p := l.run.Init()
		p[l.param] = math.Round((p[l.param]+d)*1e9) / 1e9
		return l.setInit(p, s)
	case key.Matches(msg, k.TypeLR):
		if l.refuses("α") {
			return nil
		}
		l.play.pause()
		return l.entry.start(entryLR, "α = ", engine.FormatShort(l.focus(s).LR()))
	case key.Matches(msg, k.TypeW0):
		if l.refuses("the start") {
			return nil
		}
		l.play.pause()
		return l.entry.start(entryW0, startName(l.lang, l.paramName())+" = ", engine.FormatShort(l.run.Init()[l.param]))
	case key.Matches(msg, k.Restart):
		l.play.pause()
		for _, r := range s.runs {
			r.Reset()
		}
		l.refit(zoomForce, s)
		l.msg = l.tr("restarted at the starting parameters")
	case key.Matches(msg, k.Mode):
		if l.settingsBusy() {
			return nil
		}
		return l.cycleMode(s)
	case key.Matches(msg, k.Data):
		if l.settingsBusy() {
			return nil
		}
		return l.cycleData(s)
	}
	return nil
}

// presetMessage says in lang what preset p of run r is: its name, its α,
// the α derived before rounding, and what to watch for at it.
func presetMessage(lang Lang, r *engine.Run, p engine.Preset) string {
	name := tr(lang, presetName(p))
	if o := r.Optimizer(); o.Adaptive() {
		return trf(lang, "α = %s, plain gradient descent's %q; %s adapts its step, so watch the effective step Δ", num(p.LR, 4), name, o.Kind)
	}
	unit := tr(lang, "epoch")
	if r.UpdatesPerEpoch() == 1 {
		unit = tr(lang, "update")
	}
	if p.Flat || p.LR == p.Derived {
		return trf(lang, "%s: α = %s; %s", name, num(p.LR, 4), presetWatch(lang, p, unit))
	}
	return trf(lang, "%s: α = %s (derived %s); %s", name, num(p.LR, 4), num(p.Derived, 4), presetWatch(lang, p, unit))
}

// updateEntry hands a key to the open entry line and applies what it
// accepts: α to the run in focus, a start to every run.
func (l *lab) updateEntry(msg tea.KeyPressMsg, s scope) tea.Cmd {
	kind, v, cmd := l.entry.update(msg)
	switch kind {
	case entryLR:
		return tea.Batch(cmd, l.setLR(s, v))
	case entryW0:
		return tea.Batch(cmd, l.startAt(l.param, v, s))
	}
	return cmd
}

// autoplay takes one frame's updates of the runs in s, stops once every
// run has settled, and arms the next frame.
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
			l.msg = l.trf("%s after %s; autoplay paused", l.tr(s.runs[0].Status().String()), updatesText(l.lang, s.runs[0].Updates()))
		} else {
			l.msg = l.tr("every run has settled; autoplay paused")
		}
		return nil
	}
	return l.play.tick()
}

// anyRunning reports whether one of runs has not settled yet.
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
func (l *lab) setLR(s scope, lr float64) tea.Cmd {
	if l.refuses("α") || l.settingsBusy() { // busy: the new runs would come back with the old α
		return nil
	}
	r := l.focus(s)
	if err := r.SetLR(lr); err != nil {
		l.msg = l.errText(err)
		return nil
	}
	_, g := r.Factor(lr)
	l.msg = l.trf("α = %s (%s); the run continues from here", num(lr, 6), regimeWord(l.lang, g))
	if s.compare() {
		return l.computeReach(s)
	}
	return nil
}

// errText words an error of the engine for the view's user.
func (l *lab) errText(err error) string {
	var se *engine.StartError
	var re *engine.RangeError
	switch {
	case errors.As(err, &se):
		return l.trf("a start of %s = %s is out of range: it must be a finite number within ±%s",
			se.Param, num(se.Value, 6), num(engine.MaxStart, 3))
	case errors.Is(err, engine.ErrBadLR):
		return l.tr("α must be a positive finite number")
	case errors.As(err, &re):
		return l.trf("this dataset leaves the range of float64 for model %s: %s = %s", re.Model, re.Quantity, num(re.Value, 3))
	case errors.Is(err, engine.ErrBadBatch):
		return l.tr("the mini-batch is larger than the dataset")
	}
	return err.Error()
}

// setInit restarts every run, the compared ones too, at p.
func (l *lab) setInit(p engine.Vec, s scope) tea.Cmd {
	if l.refuses("the start") {
		return nil
	}
	l.play.pause()
	if l.settingsBusy() { // the new runs would come back with the old start
		return nil
	}
	if err := l.run.SetInit(p); err != nil {
		l.msg = l.errText(err)
		return nil
	}
	for _, r := range l.cmp {
		r.SetInit(p)
	}
	l.msg = l.trf("restarted at %s = %s", startName(l.lang, l.paramName()), num(p[l.param], 6))
	return l.afterSettings(s, zoomGrow) // a new start re-zooms only when it is off the window
}

// startAt chooses parameter j and restarts every run with it at v.
func (l *lab) startAt(j int, v float64, s scope) tea.Cmd {
	l.param = j
	p := l.run.Init()
	p[j] = v
	return l.setInit(p, s)
}

// nextParam moves the keys and the curve to the next parameter, or says
// why there is none.
func (l *lab) nextParam(s scope) {
	if n := l.run.Model().NumParams(); n == 1 {
		l.msg = l.trf("%s has one parameter, %s: tab picks among several (models wb and quad)", l.run.Model().Formula(), l.paramName())
		return
	}
	l.param = (l.param + 1) % l.run.Model().NumParams()
	l.refit(zoomForce, s)
}

// rebuild replaces the main run with one for c, and each compared run
// with one for c at its own α and with its own optimizer, with their
// analysis; then said sets the message. On large data this is slow
// work (work.go).
func (l *lab) rebuild(c engine.Config, s scope, what string, said func(l *lab)) tea.Cmd {
	return l.rebuildOn(nil, c, s, what, func(l *lab) tea.Cmd { said(l); return nil })
}

// rebuildOn is rebuild on problem p, which has c's setup, when p is not
// nil (a problem shared with others, such as the teacher's); said may
// return a command of its own.
func (l *lab) rebuildOn(p *engine.Problem, c engine.Config, s scope, what string, said func(l *lab) tea.Cmd) tea.Cmd {
	var starts []engine.Start
	for _, old := range l.cmp {
		cc := c
		cc.LR, cc.Optimizer = old.LR(), old.Optimizer()
		starts = append(starts, cc.Start)
	}
	big := l.big() || len(c.X) > engine.ExactRows
	return l.doOn(big, jobSettings, what, s, func() func(*lab, scope) tea.Cmd {
		var r *engine.Run
		var err error
		if p != nil {
			r, err = p.NewRun(c.Start)
		} else {
			r, err = engine.New(c)
		}
		if err != nil {
			return func(l *lab, _ scope) tea.Cmd { l.msg = l.errText(err); return nil }
		}
		r.Analysis()
		r.Presets()
		var cmp []*engine.Run
		for _, st := range starts {
			if nr, err := r.Problem().NewRun(st); err == nil {
				nr.Analysis()
				cmp = append(cmp, nr)
			}
		}
		return func(l *lab, s scope) tea.Cmd {
			l.play.pause()
			l.run = r
			l.param = min(l.param, r.Model().NumParams()-1)
			if len(cmp) == len(l.cmp) {
				l.cmp = cmp
			}
			cmd := said(l)
			return tea.Batch(cmd, l.afterSettings(l.rescope(s), zoomForce))
		}
	})
}

// afterSettings recomputes what depends on the data, mode, optimizer or
// start, and refits the windows as z allows.
func (l *lab) afterSettings(s scope, z zoom) tea.Cmd {
	var cmd tea.Cmd
	if len(l.cmp) > 0 {
		cmd = l.computeReach(s)
	}
	l.refit(z, s)
	l.settings++
	return cmd
}

// cycleOptimizer moves the run in focus to the next optimizer, with
// torch's defaults, and restarts it; a compared run keeps its place in
// the count of updates.
func (l *lab) cycleOptimizer(s scope) tea.Cmd {
	if l.refuses("the optimizer") {
		return nil
	}
	old := l.focus(s)
	c := old.Config()
	c.Optimizer = engine.NewOptimizer((c.Optimizer.Kind + 1) % engine.OptimizerKind(len(engine.OptimizerNames())))
	updates, prob, compare := old.Updates(), old.Problem(), s.compare()
	what := l.trf("working out %s on %d points", c.Optimizer.Kind, len(l.data.X))
	return l.do(jobSettings, what, s, func() func(*lab, scope) tea.Cmd {
		nr, err := prob.NewRun(c.Start)
		if err != nil {
			return func(l *lab, _ scope) tea.Cmd { l.msg = l.errText(err); return nil }
		}
		nr.Analysis()
		nr.Presets()
		if compare {
			nr.Advance(updates)
		}
		return func(l *lab, s scope) tea.Cmd {
			l.play.pause()
			l.msg = l.trf("optimizer: %s; restarted", optimizerText(l.lang, c.Optimizer))
			if !compare {
				l.run = nr
				return l.afterSettings(l.single(), zoomForce)
			}
			for i, r := range l.cmp {
				if r == old {
					l.cmp[i] = nr
					return l.computeReach(l.rescope(s))
				}
			}
			return nil
		}
	})
}

func (l *lab) cycleMode(s scope) tea.Cmd {
	if l.refuses("the mode") {
		return nil
	}
	c := l.run.Config()
	c.Mode = (c.Mode + 1) % 3
	if c.Mode == engine.MiniBatch {
		c.Batch = min(max(c.Batch, 2), len(c.X))
	}
	if c.Mode == engine.Batch {
		c.Shuffle = false
	}
	what := l.trf("working out the updates on %d points", len(c.X))
	return l.rebuild(c, s, what, func(l *lab) { l.msg = l.trf("mode: %s", modeText(common{lang: l.lang}, l.run)) })
}

func (l *lab) cycleData(s scope) tea.Cmd {
	if len(l.sets) == 0 || l.refuses("the data") {
		return nil
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
	what := l.trf("reading %d points of %s", len(d.X), dataName(d))
	return l.rebuild(c, s, what, func(l *lab) {
		l.data = d
		l.msg = dataName(d) + " (" + c.Model.Formula() + "): " + dataDescription(l.lang, d)
	})
}

// dataDescription says in lang what dataset d teaches.
func dataDescription(lang Lang, d datasets.Dataset) string {
	if _, ok := datasets.Lookup(d.Name); ok {
		return tr(lang, d.Description)
	}
	return trf(lang, "points read from %s", d.Name)
}

// openCompare starts the compared runs, one per learning rate, all from
// the main run's data, model, mode and start.
func (l *lab) openCompare(lrs []float64, s scope) tea.Cmd {
	return l.openCompareWith(len(lrs), s, func(i int, c *engine.Config) { c.LR = lrs[i] })
}

// openCompareOptimizers starts the compared runs, one per optimizer, all
// at the main run's α.
func (l *lab) openCompareOptimizers(opts []engine.Optimizer, s scope) tea.Cmd {
	return l.openCompareWith(len(opts), s, func(i int, c *engine.Config) { c.Optimizer = opts[i] })
}

// openCompareWith starts up to MaxCompare compared runs: run i has the
// main run's settings changed by set(i, …).
func (l *lab) openCompareWith(n int, s scope, set func(i int, c *engine.Config)) tea.Cmd {
	l.cmp = l.cmp[:0]
	for i := 0; i < min(n, MaxCompare); i++ {
		c := l.run.Config()
		set(i, &c)
		if r, err := l.run.Problem().NewRun(c.Start); err == nil {
			l.cmp = append(l.cmp, r)
		}
	}
	return l.computeReach(s)
}

// addRun adds a compared run one notch of α above run sel, as far on as
// it, and returns its index.
func (l *lab) addRun(sel int, s scope) (int, tea.Cmd) {
	if l.settingsBusy() { // the new settings replace every compared run when they arrive
		return sel, nil
	}
	if len(l.cmp) >= MaxCompare {
		l.msg = l.trf("the compare view holds at most %d runs: X removes one", MaxCompare)
		return sel, nil
	}
	from := l.focus(l.comparing(sel))
	c := from.Config()
	c.LR = ladder(c.LR, +1)
	r, err := from.Problem().NewRun(c.Start)
	if err != nil {
		l.msg = l.errText(err)
		return sel, nil
	}
	r.Advance(from.Updates())
	l.cmp = append(l.cmp, r)
	l.msg = l.trf("added a run at α = %s", num(c.LR, 6))
	return len(l.cmp) - 1, l.computeReach(s)
}

// removeRun removes compared run sel, keeping at least two.
func (l *lab) removeRun(sel int, s scope) (bool, tea.Cmd) {
	if l.settingsBusy() {
		return false, nil
	}
	if len(l.cmp) <= 2 {
		l.msg = l.tr("the compare view keeps at least 2 runs")
		return false, nil
	}
	l.cmp = append(l.cmp[:sel], l.cmp[sel+1:]...)
	return true, l.computeReach(s)
}

// computeReach counts, for the compare table, the updates each compared
// run takes from its start to a mean loss within reachTol of the least
// loss; on large data off the event loop, the table showing "…" meanwhile.
func (l *lab) computeReach(s scope) tea.Cmd {
	type task struct {
		p      *engine.Problem
		start  engine.Start
		target float64
	}
	var tasks []task
	for _, r := range l.cmp {
		tasks = append(tasks, task{r.Problem(), r.Start(), r.Analysis().OptimumMSE + reachTol})
	}
	l.reach = nil
	return l.do(jobReach, "", s, func() func(*lab, scope) tea.Cmd {
		out := make([]engine.Reach, len(tasks))
		for i, t := range tasks {
			out[i], _ = t.p.UpdatesToReach(t.start, t.target, reachLimit)
		}
		return func(l *lab, _ scope) tea.Cmd {
			if len(out) == len(l.cmp) {
				l.reach = out
			}
			return nil
		}
	})
}

// messageLines are the status's last lines, at most two, w columns wide:
// the entry line when it is open, else what the slow work is doing, else
// what the last key did, else what explains run r's state (explain.go),
// else hint.
func (l *lab) messageLines(c common, r *engine.Run, hint string) []string {
	w := c.lay.width
	switch {
	case l.entry.open():
		return []string{l.entry.view(c.st, w)}
	case l.busy() != "":
		return []string{c.st.highlight.Render(l.works.spin.View() + " " + l.busy() + "…   " + c.tr("q quits at once"))}
	case l.msg != "":
		lines := twoLines(wrapWords(c.st.warn.Render(l.msg), w))
		// Autoplay's stop at divergence keeps, under its one line, why the
		// run diverged: the epoch's factor.
		if len(lines) == 1 && r.Status() == engine.Diverged {
			if why := l.explain(c, r, w); why != "" && ansi.StringWidth(why) <= w {
				lines = append(lines, why)
			}
		}
		return lines
	}
	if why := l.explain(c, r, w); why != "" {
		return twoLines(wrapWords(why, w))
	}
	if l.class.notice != "" {
		return []string{firstFit(w, c.st.highlight.Render(l.class.notice), "")}
	}
	return []string{firstFit(w, c.st.subtle.Render(c.tr(hint)), "")}
}

// twoLines keeps at most two lines of wrapped text, the second ending
// early where the text does not fit.
func twoLines(lines []string) []string {
	if len(lines) > 2 {
		return lines[:2]
	}
	return lines
}
