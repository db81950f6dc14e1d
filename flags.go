package main

import (
	"cmp"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"descent/datasets"
	"descent/engine"
	"descent/ui"
)

// The flags several commands share are declared once here, each group in
// its own pflag.FlagSet that a command adds to its flags. They are not
// persistent flags of the root: "descent datasets --lr 1" and "descent run
// --lang ko" stay unknown flags.

// problemFlags set the data, the model, how samples are grouped into
// updates, α and the start: descent, run, snapshot and serve.
type problemFlags struct {
	set     *pflag.FlagSet
	data    string
	model   string
	mode    string
	lr, w0  float64
	init    string
	batch   int
	shuffle bool
	seed    uint64
}

// positive accepts a positive number.
func positive(f float64) bool { return f > 0 }

func newProblemFlags() *problemFlags {
	p := &problemFlags{data: "hours", model: "w", mode: "sample", lr: 0.01, w0: 1, batch: 2, seed: 1}
	s := newFlagSet("problem")
	addFlagSaid(s, &textValue{p: &p.data, check: notEmpty, want: "a built-in dataset (" + strings.Join(datasets.Names(), ", ") + ") or a CSV file"},
		"data", "Dataset: a built-in name or a CSV file of x,y rows (default hours). A built-in brings the model it was made for (offset: wb, curved: quad) unless --model is given")
	addEnum(s, &enumValue{p: &p.model, kind: "model", choices: modelChoices()},
		"model", "Model", true, "; default: the model of --data")
	addFlag(s, &floatValue{p: &p.lr, ok: positive, why: "is not positive", want: "a positive number such as 0.01"},
		"lr", "Learning rate α, a positive number")
	addFlag(s, &floatValue{p: &p.w0, ok: func(f float64) bool { return math.Abs(f) <= engine.MaxStart }, why: "is out of range",
		want: "a number within ±1e150"}, "w0", "Starting w (models w and wb)")
	addFlag(s, &textValue{p: &p.init, check: notEmpty, want: "name=value pairs such as w2=1,w1=1,b=1"},
		"init", "Starting values by name, such as w2=1,w1=1,b=1; the others start at 1")
	addEnum(s, &enumValue{p: &p.mode, kind: "mode", choices: modeChoices()}, "mode", "Updates", true, "; default sample")
	addFlag(s, &intValue{p: &p.batch, min: 1, max: math.MaxInt32, want: "a whole number of samples, 1 or more"},
		"batch", "Samples per mini-batch (--mode minibatch)")
	addFlag(s, &boolValue{p: &p.shuffle}, "shuffle", "Shuffle the samples every epoch (sample, minibatch)")
	addFlag(s, &uintValue{p: &p.seed, want: "a whole number ≥ 0"}, "seed", "Seed of --shuffle")
	p.set = s
	return p
}

// modelChoices lists the engine's models with their formulas.
func modelChoices() []choice {
	var out []choice
	for _, m := range engine.Models() {
		out = append(out, choice{m.Name(), m.Formula()})
	}
	return out
}

// modeChoices lists the engine's update modes.
func modeChoices() []choice {
	about := map[engine.Mode]string{
		engine.Sample:    "one per sample, as the lecture",
		engine.Batch:     "one per epoch, the mean gradient",
		engine.MiniBatch: "one per --batch samples",
	}
	var out []choice
	for m := engine.Sample; m <= engine.MiniBatch; m++ {
		out = append(out, choice{m.String(), about[m]})
	}
	return out
}

// completeData completes --data: the built-in datasets, then CSV files and
// directories under the path typed so far. Cobra's file filter cannot mix
// names with files, so this lists files itself.
func completeData(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, d := range datasets.Builtin() {
		if strings.HasPrefix(d.Name, prefix) {
			out = append(out, cobra.CompletionWithDesc(d.Name, d.Description))
		}
	}
	dir, base := filepath.Split(prefix)
	entries, _ := os.ReadDir(cmp.Or(dir, "."))
	dirs := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".")) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			if st, err := os.Stat(filepath.Join(cmp.Or(dir, "."), name)); err == nil {
				isDir = st.IsDir()
			}
		}
		switch {
		case isDir:
			out = append(out, dir+name+string(filepath.Separator))
			dirs++
		case strings.EqualFold(filepath.Ext(name), ".csv"):
			out = append(out, dir+name)
		}
	}
	if dirs > 0 && dirs == len(out) {
		// Only directories: the path goes on after the slash.
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// optimizerFlags choose the update rule and its hyper-parameters.
type optimizerFlags struct {
	set                                    *pflag.FlagSet
	name                                   string
	momentum, beta1, beta2, eps, alphaRMSP float64
}

// in01 accepts a number in [0, 1).
func in01(f float64) bool { return f >= 0 && f < 1 }

func newOptimizerFlags() *optimizerFlags {
	o := &optimizerFlags{name: "gd", momentum: 0.9, beta1: 0.9, beta2: 0.999, alphaRMSP: 0.99}
	s := newFlagSet("optimizer")
	var choices []choice
	about := map[string]string{
		"gd": "plain gradient descent, as the lecture", "momentum": "SGD with momentum μ",
		"nesterov": "SGD with Nesterov momentum", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam",
	}
	for _, n := range engine.OptimizerNames() {
		choices = append(choices, choice{n, about[n]})
	}
	addEnum(s, &enumValue{p: &o.name, kind: "optimizer", choices: choices},
		"optimizer", "Update rule, with torch.optim's formulas", false, "; default gd, the lecture's")
	in01Want := func(eg string) string { return "a number in [0, 1) such as " + eg }
	addFlag(s, &floatValue{p: &o.momentum, ok: in01, why: "is not in [0, 1)", want: in01Want("0.9")},
		"momentum", "Momentum μ of momentum and nesterov")
	addFlag(s, &floatValue{p: &o.beta1, ok: in01, why: "is not in [0, 1)", want: in01Want("0.9")},
		"beta1", "Adam's β1")
	addFlag(s, &floatValue{p: &o.beta2, ok: in01, why: "is not in [0, 1)", want: in01Want("0.999")},
		"beta2", "Adam's β2")
	addFlagSaid(s, &floatValue{p: &o.eps, ok: positive, why: "is not positive", want: "a positive number such as 1e-8"},
		"eps", "Epsilon ε of adagrad (1e-10), rmsprop and adam (1e-8)")
	addFlag(s, &floatValue{p: &o.alphaRMSP, ok: in01, why: "is not in [0, 1)", want: in01Want("0.99")},
		"alpha", "Smoothing constant a of rmsprop")
	o.set = s
	return o
}

// optimizer builds the optimizer; a hyper-parameter it does not have is
// refused rather than ignored.
func (o *optimizerFlags) optimizer() (engine.Optimizer, error) {
	opt, err := engine.ParseOptimizer(o.name)
	if err != nil {
		return opt, badf("--optimizer: %v", err)
	}
	for _, h := range []struct {
		name        string
		flag, field *float64
		of          []engine.OptimizerKind // the optimizers that have it
	}{
		{"momentum", &o.momentum, &opt.Momentum, []engine.OptimizerKind{engine.Momentum, engine.Nesterov}},
		{"beta1", &o.beta1, &opt.Beta1, []engine.OptimizerKind{engine.Adam}},
		{"beta2", &o.beta2, &opt.Beta2, []engine.OptimizerKind{engine.Adam}},
		{"alpha", &o.alphaRMSP, &opt.Alpha, []engine.OptimizerKind{engine.RMSprop}},
		{"eps", &o.eps, &opt.Eps, []engine.OptimizerKind{engine.Adagrad, engine.RMSprop, engine.Adam}},
	} {
		if !o.set.Changed(h.name) {
			continue
		}
		if !slices.Contains(h.of, opt.Kind) {
			var kinds []string
			for _, k := range h.of {
				kinds = append(kinds, k.String())
			}
			return opt, badf("--%s applies only to --optimizer %s (this is --optimizer %s)", h.name, orList(kinds), opt.Kind)
		}
		*h.field = *h.flag
	}
	if err := opt.Validate(); err != nil {
		return opt, configError(err, engine.Config{Start: engine.Start{Optimizer: opt}})
	}
	return opt, nil
}

// configError words an error of the engine about configuration c with
// the flag to change: the engine's errors are values that name no flag.
func configError(err error, c engine.Config) error {
	o := c.Optimizer
	var se *engine.StartError
	switch {
	case errors.Is(err, engine.ErrNesterovMomentum):
		return badf("--momentum %v: Nesterov momentum needs a momentum above 0", o.Momentum)
	case errors.Is(err, engine.ErrBadMomentum):
		return badf("--momentum %v: want a number in [0, 1)", o.Momentum)
	case errors.Is(err, engine.ErrBadBeta1):
		return badf("--beta1 %v: want a number in [0, 1)", o.Beta1)
	case errors.Is(err, engine.ErrBadBeta2):
		return badf("--beta2 %v: want a number in [0, 1)", o.Beta2)
	case errors.Is(err, engine.ErrBadSmoothing):
		return badf("--alpha %v: want a number in [0, 1)", o.Alpha)
	case errors.Is(err, engine.ErrBadEps):
		return badf("--eps %v: want a positive number", o.Eps)
	case errors.Is(err, engine.ErrBadLR):
		return badf("--lr %v: want a positive number such as 0.01", c.LR)
	case errors.As(err, &se):
		flag := "--init"
		if se.Param == "w" {
			flag = "--w0"
		}
		return badf("%s: starting %s = %v: want a finite number within ±1e150", flag, se.Param, se.Value)
	case errors.Is(err, engine.ErrBadBatch):
		return badf("--batch: %d is out of range: want 1…%d (the samples)", c.Batch, len(c.X))
	case errors.Is(err, engine.ErrShuffleBatch):
		return badf("--shuffle applies only to --mode sample or minibatch (a full batch has no order)")
	case errors.Is(err, engine.ErrUnknownMode):
		return badf("--mode: want %s", orList(engine.ModeNames()))
	}
	// What is left is the data: no points, points that are not finite or
	// quantities that leave float64's range.
	var re *engine.RangeError
	if errors.As(err, &re) {
		how := "underflows (below 2.2e-308)"
		if re.Overflow {
			how = "overflows"
		}
		switch {
		case re.Point > 0:
			return badf("--data: data point %d (x = %v, y = %v): %s %s for model %s: rescale x and y",
				re.Point, re.X, re.Y, re.Quantity, how, re.Model)
		case re.Quantity == engine.QuantityCurvature:
			return badf("--data: the loss's largest curvature for model %s, %g, is beyond what float64 analyses with all its digits (1e-280…1e280): rescale x and y",
				re.Model, re.Value)
		}
		return badf("--data: the %s over all data points %s for model %s: rescale x and y", re.Quantity, how, re.Model)
	}
	return badf("--data: %v", strings.TrimPrefix(err.Error(), "engine: "))
}

// setup validates the problem and optimizer flags together and builds the
// run's configuration with its dataset.
func (p *problemFlags) setup(of *optimizerFlags) (engine.Config, datasets.Dataset, error) {
	var c engine.Config
	ds, err := loadData(p.data)
	if err != nil {
		return c, ds, err
	}
	c.X, c.Y = ds.X, ds.Y
	// A dataset brings the model it was made for, as the view's d key
	// does, unless --model says otherwise.
	model, byData := p.model, !p.set.Changed("model") && ds.Model != ""
	if byData {
		model = ds.Model
	}
	if c.Model, err = engine.ModelByName(model); err != nil {
		return c, ds, badf("--model: %v", err)
	}
	if c.Mode, err = engine.ParseMode(p.mode); err != nil {
		return c, ds, badf("--mode: %v", err)
	}
	c.LR = p.lr
	n := len(ds.X)
	batchSet := p.set.Changed("batch")
	switch {
	case batchSet && c.Mode != engine.MiniBatch:
		return c, ds, badf("--batch applies only to --mode minibatch")
	case c.Mode == engine.MiniBatch && !batchSet:
		p.batch = min(p.batch, n) // the default 2 on a one-point file
	}
	switch {
	case c.Mode == engine.MiniBatch && p.batch > n:
		return c, ds, badf("--batch: %d is out of range: want 1…%d (the samples in %s)", p.batch, n, shortName(ds.Name))
	case p.shuffle && c.Mode == engine.Batch:
		return c, ds, badf("--shuffle applies only to --mode sample or minibatch (a full batch has no order)")
	case p.set.Changed("seed") && !p.shuffle:
		return c, ds, badf("--seed applies only with --shuffle")
	}
	c.Batch, c.Shuffle, c.Seed = p.batch, p.shuffle, p.seed
	if c.Optimizer, err = of.optimizer(); err != nil {
		return c, ds, err
	}
	if c.Init, err = p.initParams(c.Model, byData); err != nil {
		return c, ds, err
	}
	// The flags are checked above; what is left is the data, such as
	// values whose squares overflow for the model.
	if err := c.Validate(); err != nil {
		return c, ds, configError(err, c)
	}
	return c, ds, nil
}

// loadData loads --data, with messages that name the flag and quote at
// most a short part of what was given.
func loadData(name string) (datasets.Dataset, error) {
	if _, ok := datasets.Lookup(name); !ok {
		if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) || isNameTooLong(err) {
			return datasets.Dataset{}, badf("--data: %s is neither a built-in dataset nor a file: want a built-in (%s) or a CSV file",
				quote(name), strings.Join(datasets.Names(), ", "))
		}
	}
	ds, err := datasets.Load(name)
	if err != nil {
		msg := err.Error()
		if short := shortName(name); short != name {
			msg = strings.ReplaceAll(msg, name, short)
		}
		return ds, badf("--data: %s", msg)
	}
	return ds, nil
}

// isNameTooLong reports whether err says a path is too long to open.
func isNameTooLong(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "too long")
}

// shortName shortens a file name for a message to its last maxQuoted
// characters, where the file's own name is.
func shortName(s string) string {
	if r := []rune(s); len(r) > maxQuoted {
		return "…" + string(r[len(r)-maxQuoted+1:])
	}
	return s
}

// initParams returns the starting parameters: all 1.0, then --w0 for w,
// then --init by name. byData says the model came with --data.
func (p *problemFlags) initParams(m engine.Model, byData bool) (engine.Vec, error) {
	var v engine.Vec
	for j := 0; j < m.NumParams(); j++ {
		v[j] = 1
	}
	w0Set := p.set.Changed("w0")
	if w0Set {
		j := m.ParamIndex("w")
		if j < 0 {
			why := "model " + m.Name()
			if byData {
				why += " (the model of --data " + shortName(p.data) + ")"
			}
			return v, badf("--w0: %s has no parameter w: give its starting values with --init %s", why, initExample(m))
		}
		v[j] = p.w0
	}
	if !p.set.Changed("init") {
		return v, nil
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(p.init, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		name = strings.TrimSpace(name)
		j := m.ParamIndex(name)
		switch {
		case !ok:
			return v, badf("--init: %s is not name=value: want pairs such as %s", quote(part), initExample(m))
		case j < 0:
			return v, badf("--init: model %s has no parameter %s: its parameters are %s", m.Name(), quote(name), strings.Join(m.Params(), ", "))
		case seen[name] || (name == "w" && w0Set):
			return v, badf("--init: %s is given twice", name)
		}
		seen[name] = true
		f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > engine.MaxStart {
			return v, badf("--init: %s=%s is not valid: want a number within ±1e150", name, quote(strings.TrimSpace(val)))
		}
		v[j] = f
	}
	return v, nil
}

// initExample is an --init value for model m, all ones.
func initExample(m engine.Model) string {
	var parts []string
	for _, n := range m.Params() {
		parts = append(parts, n+"=1")
	}
	return strings.Join(parts, ",")
}

// langFlags choose the language: descent, snapshot and lesson.
type langFlags struct {
	set  *pflag.FlagSet
	lang string
}

func newLangFlags() *langFlags {
	l := &langFlags{}
	s := newFlagSet("lang")
	addEnum(s, &enumValue{p: &l.lang, kind: "language", choices: []choice{{"en", "English"}, {"ko", "한국어"}}},
		"lang", "Language of the labels, help and lesson", true, "; default from LC_ALL, LC_MESSAGES or LANG")
	l.set = s
	return l
}

// value returns --lang, or the environment's language when it is not given.
func (l *langFlags) value() ui.Lang {
	if l.lang == "" {
		return ui.DetectLang(os.Getenv)
	}
	return ui.Lang(l.lang)
}

// compareFlags open the compare view: descent and snapshot.
type compareFlags struct {
	set        *pflag.FlagSet
	lrs        []float64
	optimizers []engine.Optimizer
}

func newCompareFlags() *compareFlags {
	c := &compareFlags{}
	s := newFlagSet("compare")
	addFlag(s, &lrListValue{p: &c.lrs}, "compare",
		"Compare view with one run per α, 2 to "+strconv.Itoa(ui.MaxCompare)+" of them, such as 0.001,0.01,0.1,0.25")
	addFlag(s, &optimizerListValue{p: &c.optimizers}, "compare-optimizers",
		"Compare view with one run per optimizer, all at --lr, such as gd,momentum,adam")
	c.set = s
	return c
}

// check refuses the two comparisons at once.
func (c *compareFlags) check() error {
	if c.lrs != nil && c.optimizers != nil {
		return badf("--compare and --compare-optimizers are two comparisons: give one")
	}
	return nil
}

// lrListValue is --compare: 2 to ui.MaxCompare positive learning rates.
type lrListValue struct{ p *[]float64 }

func (v *lrListValue) String() string {
	var parts []string
	for _, f := range *v.p {
		parts = append(parts, strconv.FormatFloat(f, 'g', -1, 64))
	}
	return strings.Join(parts, ",")
}
func (v *lrListValue) Type() string { return "rates" }
func (v *lrListValue) Want() string {
	return "2 to " + strconv.Itoa(ui.MaxCompare) + " positive learning rates such as 0.001,0.01,0.1"
}

func (v *lrListValue) Set(s string) error {
	var lrs []float64
	for _, part := range strings.Split(s, ",") {
		lr, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || !(lr > 0) || math.IsInf(lr, 0) {
			return valueError{"holds " + quote(strings.TrimSpace(part)) + ", not a positive learning rate"}
		}
		lrs = append(lrs, lr)
	}
	if len(lrs) < 2 || len(lrs) > ui.MaxCompare {
		return valueError{"holds " + plural(len(lrs), "learning rate", "learning rates")}
	}
	*v.p = lrs
	return nil
}

// optimizerListValue is --compare-optimizers: 2 to ui.MaxCompare
// optimizer names, each with torch's defaults.
type optimizerListValue struct{ p *[]engine.Optimizer }

func (v *optimizerListValue) String() string {
	var parts []string
	for _, o := range *v.p {
		parts = append(parts, o.Kind.String())
	}
	return strings.Join(parts, ",")
}
func (v *optimizerListValue) Type() string { return "optimizers" }
func (v *optimizerListValue) Want() string {
	return "2 to " + strconv.Itoa(ui.MaxCompare) + " of " + orList(engine.OptimizerNames()) + ", such as gd,momentum,adam"
}

func (v *optimizerListValue) Set(s string) error {
	var opts []engine.Optimizer
	for _, part := range strings.Split(s, ",") {
		o, err := engine.ParseOptimizer(strings.TrimSpace(part))
		if err != nil {
			return valueError{"holds " + quote(strings.TrimSpace(part)) + ", not an optimizer"}
		}
		opts = append(opts, o)
	}
	if len(opts) < 2 || len(opts) > ui.MaxCompare {
		return valueError{"holds " + plural(len(opts), "optimizer", "optimizers")}
	}
	*v.p = opts
	return nil
}
