// Command descent teaches gradient descent one update at a time, following
// lecture 3 of PyTorchZeroToAll (x = 1, 2, 3 hours → y = 2, 4, 6 points,
// ŷ = x·w, loss (ŷ − y)², w ← w − α·2x(xw − y)).
//
// Usage:
//
//	descent [flags]              the interactive view
//	descent run [flags]          a training transcript on stdout
//	descent snapshot [flags]     one frame of the interactive view as text
//	descent datasets             the built-in datasets
//
// Run "descent help" for every flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"descent/datasets"
	"descent/engine"
	"descent/serve"
	"descent/ui"
)

// version is the program's version, printed by --version.
var version = "0.1.0"

// usageError is bad input from the user: printed as one line, exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func badf(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit status: 0, 1 for
// a failure while working, 2 for bad input (nothing is written to stdout).
func run(args []string, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "", "view":
		err = cmdView(args, stdout)
	case "run":
		err = cmdRun(args, stdout)
	case "datasets":
		err = cmdDatasets(args, stdout)
	case "snapshot":
		err = cmdSnapshot(args, stdout)
	case "serve":
		err = cmdServe(args, stdout, stderr)
	case "lesson":
		err = cmdLesson(args, stdout)
	case "help":
		if len(args) > 0 {
			err = badf("help takes no arguments (got %q)", args[0])
			break
		}
		fmt.Fprint(stdout, usageText)
		return 0
	default:
		err = badf("unknown command %q (want run, snapshot, serve, datasets or help)", cmd)
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usageText)
		return 0
	case errors.As(err, &ue):
		name := "descent"
		if cmd != "" {
			name += " " + cmd
		}
		// One line, whatever the message quotes (a file name may hold a newline).
		fmt.Fprintf(stderr, "%s: %s\n", name, strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(ue.msg))
		return 2
	default:
		fmt.Fprintf(stderr, "descent: %v\n", err)
		return 1
	}
}

const usageText = `descent teaches gradient descent one update at a time (PyTorchZeroToAll, lecture 3).

Usage:
  descent [flags]              open the interactive view (lecture defaults)
  descent run [flags]          print a training transcript
  descent snapshot [flags]     print one frame of the interactive view
  descent serve [flags]        classroom server: every ssh client gets its own view
  descent lesson [--lang en|ko] the lecture, page by page, with a live widget on each
  descent datasets             list the built-in datasets
  descent help | --help        this text;  descent --version  the version

Flags of every command:
  --data NAME|FILE.csv   built-in dataset or CSV file of x,y rows (default hours)
  --model w|wb|quad      ŷ = x·w;  ŷ = x·w + b;  ŷ = x²·w2 + x·w1 + b (default w)
  --lr α                 learning rate, positive (default 0.01)
  --w0 w                 starting w (default 1.0)
  --init "w2=1,w1=1,b=1" starting values by parameter name (default all 1.0)
  --mode sample|batch|minibatch
                         one update per sample (the lecture), per epoch with the mean
                         gradient, or per mini-batch (default sample)
  --batch N              mini-batch size, 1…number of samples (minibatch mode; default 2)
  --shuffle              shuffle the samples every epoch (sample and minibatch modes)
  --seed N               seed of the shuffle (default 1)
  --optimizer gd|momentum|nesterov|adagrad|rmsprop|adam
                         the update rule, with torch.optim's formulas (default gd)
  --momentum μ           momentum and nesterov (default 0.9)
  --beta1 β1, --beta2 β2 adam (default 0.9, 0.999)
  --alpha a              rmsprop's smoothing constant (default 0.99)
  --eps ε                adagrad, rmsprop, adam (default 1e-10, 1e-8, 1e-8)

descent, descent snapshot and descent lesson:
  --lang en|ko           language of the lesson and of the view's labels and help
                         (default from LC_ALL / LC_MESSAGES / LANG)

descent and descent snapshot:
  --compare α,α,...      open the compare view with 2 to 6 runs, one per α
  --compare-optimizers gd,momentum,adam
                         open the compare view with one run per optimizer, all at --lr

descent snapshot:
  --steps N              updates to take first (default 0)
  --sweep                the α sweep instead of the single view
  --width W, --height H  frame size (default 100×30); plain text unless stdout is a
                         terminal and NO_COLOR is unset

descent serve:
  --listen HOST:PORT     where to listen (default 127.0.0.1:2222)
  --host-key FILE        ed25519 host key, created (mode 0600) when missing
                         (default ~/.local/share/descent/host_ed25519)
  --max-sessions N       sessions at once; one more is refused (default 100)
  --idle-timeout D       close a connection idle this long (default 30m)
  --authorized-keys FILE only these keys may connect (default: anyone who reaches the port)

descent run:
  --epochs N             passes over the data, 0…1000000 (default 100)
  --format lecture|csv|json
                         lecture: the lecture program's printout (w model, sample mode);
                         csv: epoch,sample,x,y,grad_<p>...,<p>...,loss,mse per update;
                         json: settings, analysis, trajectory, final (default lecture)
  --predict X            x to predict at before and after training (default 4)
`

// options holds the flags shared by every command.
type options struct {
	data, model, mode, init string
	optimizer               string
	momentum, beta1, beta2  float64
	eps, alpha              float64
	lr, w0                  float64
	batch                   int
	shuffle                 bool
	seed                    uint64
	set                     map[string]bool // flags given on the command line
}

// expected says what each flag accepts, for error messages.
var expected = map[string]string{
	"data":               "a built-in dataset name or a CSV file",
	"model":              "w, wb or quad",
	"lr":                 "a positive number such as 0.01",
	"w0":                 "a number such as 1.0",
	"init":               `name=value pairs such as "w2=1,w1=1,b=1"`,
	"mode":               "sample, batch or minibatch",
	"batch":              "a whole number of samples",
	"shuffle":            "true or false",
	"seed":               "a whole number ≥ 0",
	"epochs":             "a whole number 0…1000000",
	"format":             "lecture, csv or json",
	"predict":            "a number such as 4",
	"steps":              "a whole number ≥ 0",
	"width":              "a whole number of columns",
	"height":             "a whole number of rows",
	"compare":            "learning rates such as 0.001,0.01,0.1",
	"optimizer":          "gd, momentum, nesterov, adagrad, rmsprop or adam",
	"momentum":           "a number in [0, 1) such as 0.9",
	"beta1":              "a number in [0, 1) such as 0.9",
	"beta2":              "a number in [0, 1) such as 0.999",
	"eps":                "a positive number such as 1e-8",
	"alpha":              "a number in [0, 1) such as 0.99",
	"compare-optimizers": "optimizers such as gd,momentum,adam",
}

func newFlagSet(name string, o *options) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.data, "data", "hours", "")
	fs.StringVar(&o.model, "model", "w", "")
	fs.Float64Var(&o.lr, "lr", 0.01, "")
	fs.Float64Var(&o.w0, "w0", 1.0, "")
	fs.StringVar(&o.init, "init", "", "")
	fs.StringVar(&o.mode, "mode", "sample", "")
	fs.IntVar(&o.batch, "batch", 2, "")
	fs.BoolVar(&o.shuffle, "shuffle", false, "")
	fs.Uint64Var(&o.seed, "seed", 1, "")
	fs.StringVar(&o.optimizer, "optimizer", "gd", "")
	fs.Float64Var(&o.momentum, "momentum", 0.9, "")
	fs.Float64Var(&o.beta1, "beta1", 0.9, "")
	fs.Float64Var(&o.beta2, "beta2", 0.999, "")
	fs.Float64Var(&o.eps, "eps", 0, "")
	fs.Float64Var(&o.alpha, "alpha", 0.99, "")
	fs.Bool("version", false, "")
	if name == "descent" || name == "snapshot" {
		fs.String("compare", "", "")
		fs.String("compare-optimizers", "", "")
	}
	if name == "descent" || name == "snapshot" || name == "lesson" {
		fs.String("lang", string(ui.DetectLang(os.Getenv)), "")
	}
	return fs
}

// parseCompareOptimizers reads --compare-optimizers: 2 to ui.MaxCompare
// optimizer names separated by commas, each with torch's defaults, or
// nothing.
func parseCompareOptimizers(s string) ([]engine.Optimizer, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var opts []engine.Optimizer
	for _, part := range strings.Split(s, ",") {
		o, err := engine.ParseOptimizer(strings.TrimSpace(part))
		if err != nil {
			return nil, badf("--compare-optimizers: %v", err)
		}
		opts = append(opts, o)
	}
	if len(opts) < 2 || len(opts) > ui.MaxCompare {
		return nil, badf("--compare-optimizers: %d optimizers: want 2 to %d, such as gd,momentum,adam", len(opts), ui.MaxCompare)
	}
	return opts, nil
}

// parseCompare reads --compare: 2 to ui.MaxCompare positive learning
// rates separated by commas, or nothing.
func parseCompare(s string) ([]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var lrs []float64
	for _, part := range strings.Split(s, ",") {
		lr, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || !(lr > 0) || math.IsInf(lr, 0) {
			return nil, badf("--compare: %q is not a positive learning rate: want %s", strings.TrimSpace(part), expected["compare"])
		}
		lrs = append(lrs, lr)
	}
	if len(lrs) < 2 || len(lrs) > ui.MaxCompare {
		return nil, badf("--compare: %d learning rates: want 2 to %d, such as 0.001,0.01,0.1", len(lrs), ui.MaxCompare)
	}
	return lrs, nil
}

// parse parses args into fs and turns the flag package's errors into one
// line naming the flag and what it accepts. It handles --version itself.
func parse(fs *flag.FlagSet, args []string, o *options, stdout io.Writer) (done bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, err
		}
		msg := err.Error()
		if m := badValue.FindStringSubmatch(msg); m != nil {
			name := m[2]
			val, qerr := strconv.Unquote(`"` + m[1] + `"`)
			if qerr != nil {
				val = m[1]
			}
			return true, badf("--%s: %q is not valid: want %s", name, val, expected[name])
		}
		if strings.HasPrefix(msg, "flag provided but not defined: -") {
			return true, badf("unknown flag --%s (see descent help)", strings.TrimLeft(strings.TrimPrefix(msg, "flag provided but not defined: "), "-"))
		}
		if strings.HasPrefix(msg, "flag needs an argument: -") {
			name := strings.TrimLeft(strings.TrimPrefix(msg, "flag needs an argument: "), "-")
			return true, badf("--%s needs a value: %s", name, expected[name])
		}
		return true, usageError{msg}
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	if fs.NArg() > 0 {
		return true, badf("unexpected argument %q (flags start with --; see descent help)", fs.Arg(0))
	}
	if o.set["version"] {
		fmt.Fprintf(stdout, "descent %s\n", version)
		return true, nil
	}
	return false, nil
}

// badValue matches the flag package's message for a value that does not
// parse, for ordinary and boolean flags: the value, then the flag's name.
var badValue = regexp.MustCompile(`invalid (?:boolean )?value "(.*)" for (?:flag )?-([\w-]+)`)

// setup validates the shared options and builds the run's configuration.
func (o *options) setup() (engine.Config, datasets.Dataset, error) {
	var c engine.Config
	ds, err := datasets.Load(o.data)
	if err != nil {
		return c, ds, badf("--data: %v", err)
	}
	c.X, c.Y = ds.X, ds.Y
	if c.Model, err = engine.ModelByName(o.model); err != nil {
		return c, ds, badf("--model: %v", err)
	}
	if c.Mode, err = engine.ParseMode(o.mode); err != nil {
		return c, ds, badf("--mode: %v", err)
	}
	if !(o.lr > 0) || math.IsInf(o.lr, 0) {
		return c, ds, badf("--lr: %v is not valid: want %s", o.lr, expected["lr"])
	}
	c.LR = o.lr
	n := len(ds.X)
	switch {
	case o.set["batch"] && c.Mode != engine.MiniBatch:
		return c, ds, badf("--batch applies only to --mode minibatch")
	case c.Mode == engine.MiniBatch && !o.set["batch"]:
		o.batch = min(o.batch, n) // the default 2 on a one-point file
	}
	switch {
	case c.Mode == engine.MiniBatch && (o.batch < 1 || o.batch > n):
		return c, ds, badf("--batch: %d is out of range: want 1…%d (the samples in %s)", o.batch, n, ds.Name)
	case o.shuffle && c.Mode == engine.Batch:
		return c, ds, badf("--shuffle applies only to --mode sample or minibatch (a full batch has no order)")
	case o.set["seed"] && !o.shuffle:
		return c, ds, badf("--seed applies only with --shuffle")
	}
	c.Batch, c.Shuffle, c.Seed = o.batch, o.shuffle, o.seed
	if c.Optimizer, err = o.optimizerSetting(); err != nil {
		return c, ds, err
	}
	c.Init, err = o.initParams(c.Model)
	if err != nil {
		return c, ds, err
	}
	if err := c.Validate(); err != nil {
		return c, ds, badf("%v", err)
	}
	return c, ds, nil
}

// optimizerSetting builds the optimizer from --optimizer and its
// hyper-parameter flags; a hyper-parameter the optimizer does not have is
// refused rather than ignored.
func (o *options) optimizerSetting() (engine.Optimizer, error) {
	opt, err := engine.ParseOptimizer(o.optimizer)
	if err != nil {
		return opt, badf("--optimizer: %v", err)
	}
	uses := map[string][]engine.OptimizerKind{
		"momentum": {engine.Momentum, engine.Nesterov},
		"beta1":    {engine.Adam}, "beta2": {engine.Adam},
		"alpha": {engine.RMSprop},
		"eps":   {engine.Adagrad, engine.RMSprop, engine.Adam},
	}
	for _, name := range []string{"momentum", "beta1", "beta2", "alpha", "eps"} {
		if o.set[name] && !slices.Contains(uses[name], opt.Kind) {
			return opt, badf("--%s applies only to --optimizer %s", name, kindList(uses[name]))
		}
	}
	if o.set["momentum"] {
		opt.Momentum = o.momentum
	}
	if o.set["beta1"] {
		opt.Beta1 = o.beta1
	}
	if o.set["beta2"] {
		opt.Beta2 = o.beta2
	}
	if o.set["alpha"] {
		opt.Alpha = o.alpha
	}
	if o.set["eps"] {
		opt.Eps = o.eps
	}
	if err := opt.Validate(); err != nil {
		return opt, badf("%v", err)
	}
	return opt, nil
}

// kindList joins optimizer names with "or".
func kindList(kinds []engine.OptimizerKind) string {
	var names []string
	for _, k := range kinds {
		names = append(names, k.String())
	}
	return strings.Join(names, " or ")
}

// initParams returns the starting parameters: all 1.0, then --w0 for w,
// then --init by name.
func (o *options) initParams(m engine.Model) (engine.Vec, error) {
	var p engine.Vec
	for j := 0; j < m.NumParams(); j++ {
		p[j] = 1
	}
	if o.set["w0"] {
		j := m.ParamIndex("w")
		if j < 0 {
			return p, badf("--w0: model %s has no parameter w (its parameters are %s); use --init", m.Name(), strings.Join(m.Params(), ", "))
		}
		if isBad(o.w0) {
			return p, badf("--w0: %v is not valid: want %s", o.w0, expected["w0"])
		}
		p[j] = o.w0
	}
	if o.init == "" {
		return p, nil
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(o.init, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		name = strings.TrimSpace(name)
		j := m.ParamIndex(name)
		switch {
		case !ok:
			return p, badf("--init: %q is not name=value: want %s", part, expected["init"])
		case j < 0:
			return p, badf("--init: model %s has no parameter %q (its parameters are %s)", m.Name(), name, strings.Join(m.Params(), ", "))
		case seen[name] || (name == "w" && o.set["w0"]):
			return p, badf("--init: %s is given twice", name)
		}
		seen[name] = true
		f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || isBad(f) {
			return p, badf("--init: %s=%s is not valid: want a finite number", name, strings.TrimSpace(val))
		}
		p[j] = f
	}
	return p, nil
}

func isBad(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) }

// cmdRun prints a training transcript.
func cmdRun(args []string, stdout io.Writer) error {
	var o options
	fs := newFlagSet("run", &o)
	epochs := fs.Int("epochs", 100, "")
	format := fs.String("format", "lecture", "")
	predict := fs.Float64("predict", 4, "")
	if done, err := parse(fs, args, &o, stdout); done {
		return err
	}
	c, ds, err := o.setup()
	if err != nil {
		return err
	}
	if *epochs < 0 || *epochs > 1_000_000 {
		return badf("--epochs: %d is out of range: want %s", *epochs, expected["epochs"])
	}
	if isBad(*predict) {
		return badf("--predict: %v is not valid: want a finite number", *predict)
	}
	r, err := engine.New(c)
	if err != nil {
		return badf("%v", err)
	}
	if total := *epochs * r.UpdatesPerEpoch(); total > 100_000_000 {
		return badf("--epochs: %d epochs of %d updates is %d updates: want at most 100000000", *epochs, r.UpdatesPerEpoch(), total)
	}
	t := engine.Transcript{Data: ds.Name, Epochs: *epochs, Predict: *predict}
	switch *format {
	case "lecture":
		if c.Model.Name() != "w" || r.UpdatesPerEpoch() != len(c.X) || c.Optimizer.Kind != engine.GD {
			return badf("--format lecture prints the w model with --mode sample and --optimizer gd (as the lecture does); use --format csv or json")
		}
		return engine.WriteLecture(stdout, r, t)
	case "csv":
		return engine.WriteCSV(stdout, r, t)
	case "json":
		return engine.WriteJSON(stdout, r, t)
	}
	return badf("--format: %q is not valid: want %s", *format, expected["format"])
}

// cmdDatasets lists the built-in datasets.
func cmdDatasets(args []string, stdout io.Writer) error {
	var o options
	fs := newFlagSet("datasets", &o)
	if done, err := parse(fs, args, &o, stdout); done {
		return err
	}
	if len(o.set) > 0 {
		return badf("descent datasets takes no flags: it lists the built-in datasets")
	}
	for _, d := range datasets.Builtin() {
		fmt.Fprintf(stdout, "%-8s %3d points  model %-4s  %s\n", d.Name, len(d.X), d.Model, d.Description)
	}
	return nil
}

// viewOptions validates the flags of the interactive view (shared by
// descent and descent snapshot) and builds its options.
func (o *options) viewOptions(fs *flag.FlagSet) (ui.Options, error) {
	c, ds, err := o.setup()
	if err != nil {
		return ui.Options{}, err
	}
	lrs, cmpOpts, err := compareFlags(fs)
	if err != nil {
		return ui.Options{}, err
	}
	lang, err := langFlag(fs)
	if err != nil {
		return ui.Options{}, err
	}
	return ui.Options{Config: c, Data: ds, Compare: lrs, CompareOptimizers: cmpOpts, Lang: lang}, nil
}

// cmdView opens the interactive view.
func cmdView(args []string, stdout io.Writer) error {
	var o options
	fs := newFlagSet("descent", &o)
	if done, err := parse(fs, args, &o, stdout); done {
		return err
	}
	vo, err := o.viewOptions(fs)
	if err != nil {
		return err
	}
	final, err := tea.NewProgram(ui.New(vo), programOptions()...).Run()
	if err != nil {
		return err
	}
	if m, ok := final.(ui.Model); ok {
		r := m.Run()
		p := r.Params()
		var vals []string
		for j, n := range r.Model().Params() {
			vals = append(vals, n+" = "+engine.FormatPy(p[j]))
		}
		fmt.Fprintf(stdout, "descent: %d updates, %s, mean loss %s (%s)\n",
			r.Updates(), strings.Join(vals, ", "), engine.FormatPy(r.MSE()), r.Status())
	}
	return nil
}

// cmdSnapshot prints one frame of the interactive view.
func cmdSnapshot(args []string, stdout io.Writer) error {
	var o options
	fs := newFlagSet("snapshot", &o)
	steps := fs.Int("steps", 0, "")
	sweep := fs.Bool("sweep", false, "")
	width := fs.Int("width", 100, "")
	height := fs.Int("height", 30, "")
	if done, err := parse(fs, args, &o, stdout); done {
		return err
	}
	vo, err := o.viewOptions(fs)
	if err != nil {
		return err
	}
	switch {
	case *sweep && (vo.Compare != nil || vo.CompareOptimizers != nil):
		return badf("--sweep and --compare are two views: give one")
	case *steps < 0 || *steps > 10_000_000:
		return badf("--steps: %d is out of range: want 0…10000000", *steps)
	case *width < 1 || *width > 1000:
		return badf("--width: %d is out of range: want 1…1000 columns", *width)
	case *height < 1 || *height > 500:
		return badf("--height: %d is out of range: want 1…500 rows", *height)
	}
	vo.Sweep = *sweep
	frame := ui.Snapshot(vo, *steps, *width, *height)
	if plainOutput(stdout) {
		_, err = fmt.Fprintln(stdout, ansi.Strip(frame))
		return err
	}
	_, err = lipgloss.Fprintln(stdout, frame)
	return err
}

// programOptions are the Bubble Tea options of the terminal programs:
// NO_COLOR with any value turns colour off (Bubble Tea honours only values
// that parse as true; no-color.org says any).
func programOptions() []tea.ProgramOption {
	if os.Getenv("NO_COLOR") != "" {
		return []tea.ProgramOption{tea.WithColorProfile(colorprofile.ASCII)}
	}
	return nil
}

// compareFlags reads --compare and --compare-optimizers, at most one.
func compareFlags(fs *flag.FlagSet) ([]float64, []engine.Optimizer, error) {
	lrs, err := parseCompare(fs.Lookup("compare").Value.String())
	if err != nil {
		return nil, nil, err
	}
	opts, err := parseCompareOptimizers(fs.Lookup("compare-optimizers").Value.String())
	if err != nil {
		return nil, nil, err
	}
	if lrs != nil && opts != nil {
		return nil, nil, badf("--compare and --compare-optimizers are two comparisons: give one")
	}
	return lrs, opts, nil
}

// langFlag reads --lang.
func langFlag(fs *flag.FlagSet) (ui.Lang, error) {
	l, err := ui.ParseLang(fs.Lookup("lang").Value.String())
	if err != nil {
		return l, badf("--lang: %v", err)
	}
	return l, nil
}

// cmdLesson runs the guided lesson.
func cmdLesson(args []string, stdout io.Writer) error {
	var o options
	fs := newFlagSet("lesson", &o)
	if done, err := parse(fs, args, &o, stdout); done {
		return err
	}
	for name := range o.set {
		if name != "lang" {
			return badf("descent lesson takes only --lang (its pages set everything else)")
		}
	}
	lang, err := langFlag(fs)
	if err != nil {
		return err
	}
	_, err = tea.NewProgram(ui.NewLesson(lang, 0, 0), programOptions()...).Run()
	return err
}

// cmdServe runs the classroom server until SIGINT or SIGTERM.
func cmdServe(args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlagSet("serve", &o)
	listen := fs.String("listen", "127.0.0.1:2222", "")
	hostKey := fs.String("host-key", serve.DefaultHostKey(), "")
	maxSessions := fs.Int("max-sessions", 100, "")
	idle := fs.Duration("idle-timeout", 30*time.Minute, "")
	authorized := fs.String("authorized-keys", "", "")
	if done, err := parse(fs, args, &o, stdout); done {
		return err
	}
	c, ds, err := o.setup()
	if err != nil {
		return err
	}
	switch {
	case *maxSessions < 1 || *maxSessions > 10000:
		return badf("--max-sessions: %d is out of range: want 1…10000", *maxSessions)
	case *idle < 0:
		return badf("--idle-timeout: %v: want a duration such as 30m (0 for none)", *idle)
	}
	if _, _, err := net.SplitHostPort(*listen); err != nil {
		return badf("--listen: %q is not host:port, such as 127.0.0.1:2222", *listen)
	}
	if *authorized != "" {
		if _, err := os.Stat(*authorized); err != nil {
			return badf("--authorized-keys: %v", err)
		}
	}
	logger := log.NewWithOptions(stderr, log.Options{ReportTimestamp: true, Prefix: "descent serve"})
	if *authorized == "" && !serve.IsLoopback(*listen) {
		logger.Warn("anyone who can reach " + *listen + " can connect: there is no --authorized-keys. " +
			"Give --authorized-keys FILE to let in only those keys, or listen on 127.0.0.1.")
	}
	s, err := serve.New(serve.Config{
		Listen: *listen, HostKey: *hostKey, MaxSessions: *maxSessions, IdleTimeout: *idle,
		AuthorizedKeys: *authorized, Logger: logger,
		Session: func() ui.Options { return ui.Options{Config: c, Data: ds} },
	})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		return badf("--listen: %v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- s.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	if err := s.Shutdown(shutdown); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		logger.Error("shutdown", "error", err)
	}
	logger.Info("stopped")
	return nil
}

// plainOutput reports whether w should get text without styles: it is not
// a terminal, or NO_COLOR is set to anything.
func plainOutput(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return true
	}
	f, ok := w.(*os.File)
	return !ok || !term.IsTerminal(f.Fd())
}
