package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"descent/datasets"
	"descent/engine"
	"descent/serve"
	"descent/ui"
)

// The command tree: the root opens the interactive view; run, snapshot,
// lesson, serve and datasets are its subcommands. Each command adds the
// shared flag sets it uses (flags.go) and its own flags.

// env is what the commands write to.
type env struct {
	out    *output
	stderr io.Writer
}

// newRoot builds the command tree.
func newRoot(e *env) *cobra.Command {
	cobra.EnableCommandSorting = false
	p, o, l, c := newProblemFlags(), newOptimizerFlags(), newLangFlags(), newCompareFlags()
	var version bool
	root := &cobra.Command{
		Use:   "descent",
		Short: "Gradient descent, one update at a time (PyTorchZeroToAll, lecture 3)",
		Long:  `descent teaches gradient descent one update at a time, following lecture 3 of PyTorchZeroToAll: hours studied → points, the model ŷ = x·w, the loss (ŷ − y)² and the update w ← w − α·2x(xw − y). Without a command it opens the interactive view, which needs a terminal of at least 80×24: space takes an update, ? shows every key, q quits.`,
		Example: `# the lecture's settings, then oscillating and diverging α:
descent
descent --lr 0.1
descent --lr 0.25
# the lecture's printout, byte for byte:
descent run
# four learning rates side by side:
descent --compare 0.001,0.01,0.1,0.25`,
		Args: commandArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if version {
				_, err := fmt.Fprintf(e.out, "descent %s\n", cmd.Root().Version)
				return err
			}
			vo, err := viewOptions(p, o, l, c)
			if err != nil {
				return err
			}
			return runView(e, vo)
		},
	}
	addFlagSets(root, p.set, o.set, l.set, c.set)
	addVersionFlag(root, &version)
	root.SetFlagErrorFunc(flagError)
	root.SetHelpCommand(newHelpCmd())
	root.AddCommand(newRunCmd(e), newSnapshotCmd(e), newLessonCmd(e), newServeCmd(e), newDatasetsCmd(e))
	return root
}

// addFlagSets adds shared flag sets to cmd's flags, with completion for the
// enumerated ones and --data.
func addFlagSets(cmd *cobra.Command, sets ...*pflag.FlagSet) {
	fs := cmd.Flags()
	fs.SortFlags = false
	for _, s := range sets {
		fs.AddFlagSet(s)
		s.VisitAll(func(f *pflag.Flag) {
			switch v := f.Value.(type) {
			case *enumValue:
				cmd.RegisterFlagCompletionFunc(f.Name, v.complete)
			case *optimizerListValue, *lrListValue:
				cmd.RegisterFlagCompletionFunc(f.Name, cobra.NoFileCompletions)
			}
			if f.Name == "data" {
				cmd.RegisterFlagCompletionFunc(f.Name, completeData)
			}
		})
	}
}

// commandArgs refuses arguments: the root's first word names a command,
// the others take flags only.
func commandArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if !cmd.HasParent() {
		msg := fmt.Sprintf("unknown command %s: the commands are %s", quote(args[0]), andList(commandNames(cmd)))
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += " (did you mean " + s[0] + "?)"
		}
		return badf("%s", msg)
	}
	if _, err := strconv.ParseBool(args[0]); err == nil {
		return badf("unexpected argument %s: a flag that is on or off takes its value after =, such as --shuffle=%s",
			quote(args[0]), args[0])
	}
	return badf("unexpected argument %s: %s takes only flags, which start with -- (see %s --help)",
		quote(args[0]), cmd.CommandPath(), cmd.CommandPath())
}

// commandNames lists the root's commands that help shows.
func commandNames(root *cobra.Command) []string {
	var names []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() || c.Name() == "help" {
			names = append(names, c.Name())
		}
	}
	return names
}

// newHelpCmd is "descent help [command]": the help of a command, and a
// usage error for a command that does not exist.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var out []cobra.Completion
			for _, c := range cmd.Root().Commands() {
				if c.IsAvailableCommand() && len(args) == 0 && strings.HasPrefix(c.Name(), prefix) {
					out = append(out, cobra.CompletionWithDesc(c.Name(), c.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			target, rest, err := root.Find(args)
			if len(args) > 0 && (err != nil || target == root || len(rest) > 0) {
				bad := args[len(args)-1]
				if len(rest) > 0 {
					bad = rest[0]
				}
				return badf("no help for %s: the commands are %s", quote(bad), andList(commandNames(root)))
			}
			target.InitDefaultHelpFlag() // as --help shows it
			return target.Help()
		},
	}
}

// versionFlag is --version. Cobra prints the version itself when a bool
// flag named version is true, before it checks the arguments (so "descent
// --version extra" would succeed) and with its errors on standard output.
// To cobra this flag always reads false; the root command prints the
// version after its arguments are checked.
type versionFlag struct{ *boolValue }

func (v versionFlag) String() string { return "false" }

func addVersionFlag(root *cobra.Command, on *bool) {
	f := root.Flags().VarPF(versionFlag{&boolValue{p: on}}, "version", "", "Print the version, its commit and the commit's time")
	f.NoOptDefVal = "true"
}

// viewOptions validates the flags of the interactive view (descent and
// descent snapshot) and builds its options.
func viewOptions(p *problemFlags, o *optimizerFlags, l *langFlags, c *compareFlags) (ui.Options, error) {
	cfg, ds, err := p.setup(o)
	if err != nil {
		return ui.Options{}, err
	}
	if err := c.check(); err != nil {
		return ui.Options{}, err
	}
	return ui.Options{Config: cfg, Data: ds, Compare: c.lrs, CompareOptimizers: c.optimizers, Lang: l.value()}, nil
}

// runView runs the interactive view, then prints where the run ended.
func runView(e *env, vo ui.Options) error {
	final, err := runProgram(e, ui.New(vo))
	if err != nil {
		return err
	}
	m, ok := final.(ui.Model)
	if !ok || m.Summary() == "" {
		return nil
	}
	_, err = fmt.Fprintln(e.out, m.Summary())
	return err
}

// runProgram runs a terminal program, or says in one line why it cannot:
// it draws on standard output and reads keys from the terminal.
func runProgram(e *env, m tea.Model) (tea.Model, error) {
	const others = "descent run prints a transcript and descent snapshot a frame without one"
	if !e.out.isTerminal() {
		return nil, badf("the interactive view needs a terminal, and standard output is not one: %s", others)
	}
	final, err := tea.NewProgram(m, programOptions()...).Run()
	if err != nil && strings.Contains(err.Error(), "opening TTY") {
		return nil, badf("the interactive view needs a terminal to read keys from, and there is none: %s", others)
	}
	return final, err
}

// programOptions are the Bubble Tea options of the terminal programs:
// NO_COLOR with any value turns colour off (Bubble Tea honours only values
// that parse as true; no-color.org says any).
//
// The renderer looks for a new frame localFPS times a second, even while
// nothing changes; Bubble Tea's default is 60.
func programOptions() []tea.ProgramOption {
	opts := []tea.ProgramOption{tea.WithFPS(localFPS)}
	if os.Getenv("NO_COLOR") != "" {
		opts = append(opts, tea.WithColorProfile(colorprofile.ASCII))
	}
	return opts
}

// localFPS is the renderer's rate in a terminal: autoplay's frame cap
// (30), at half the idle wake-ups of Bubble Tea's 60; a key waits at most
// 33 ms for its frame.
const localFPS = 30

// Limits of descent run.
const (
	maxEpochs  = 1_000_000
	maxUpdates = 100_000_000
)

func newRunCmd(e *env) *cobra.Command {
	p, o := newProblemFlags(), newOptimizerFlags()
	epochs, format, predict := 100, "lecture", 4.0
	every, perEpoch := 1, false
	own := newFlagSet("run")
	addFlag(own, &intValue{p: &epochs, min: 0, max: maxEpochs, want: fmt.Sprintf("a whole number 0…%d", maxEpochs)},
		"epochs", "Passes over the data")
	addEnum(own, &enumValue{p: &format, kind: "format", choices: []choice{
		{"lecture", "the lecture program's printout"},
		{"csv", "a row per update"},
		{"json", "settings, analysis, trajectory"},
	}}, "format", "Transcript", true, "; default lecture, for model w, mode sample and optimizer gd")
	addFlag(own, &floatValue{p: &predict, want: "a finite number such as 4"}, "predict", "Value of x to predict at, before and after training")
	addFlag(own, &everyValue{n: &every, perEpoch: &perEpoch}, "every",
		"With --format csv or json, write every N-th update, or one row per epoch with epoch; the last update is always written")
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Print a training transcript",
		Long:  `run trains without a screen and prints a transcript on standard output: the lecture program's printout, byte for byte for the lecture's settings, or one CSV row per update, or JSON.`,
		Example: `descent run
descent run --epochs 10
descent run --mode batch --format csv
descent run --data curved --format json
descent run --data big.csv --format csv --every epoch`,
		Args: commandArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, ds, err := p.setup(o)
			if err != nil {
				return err
			}
			r, err := engine.New(c)
			if err != nil {
				return configError(err, c)
			}
			if total := epochs * r.UpdatesPerEpoch(); total > maxUpdates {
				return badf("--epochs: %d epochs of %d updates is %d updates: want at most %d",
					epochs, r.UpdatesPerEpoch(), total, maxUpdates)
			}
			t := engine.Transcript{Data: ds.Name, Epochs: epochs, Predict: predict, Every: every, PerEpoch: perEpoch}
			var write func(io.Writer, *engine.Run, engine.Transcript) error
			switch format {
			case "lecture":
				if own.Changed("every") {
					return badf("--every: the lecture format prints every update, as the lecture's program does: give --format csv or json")
				}
				if err := lectureFits(c, r, p, o); err != nil {
					return err
				}
				write = engine.WriteLecture
			case "csv":
				write = engine.WriteCSV
			case "json":
				write = engine.WriteJSON
			}
			return e.out.transcript(func(w io.Writer) error { return write(w, r, t) })
		},
	}
	addFlagSets(cmd, p.set, o.set, own)
	return cmd
}

// lectureFits refuses --format lecture for a run the lecture's program
// could not have printed, saying which flag to change.
func lectureFits(c engine.Config, r *engine.Run, p *problemFlags, o *optimizerFlags) error {
	const lead = "--format lecture prints the lecture's run: model w, one update per sample, optimizer gd"
	switch {
	case c.Model.Name() != engine.ModelW.Name() && !p.set.Changed("model"):
		return badf("%s; --data %s brings model %s: give --format csv or json, or --model w", lead, shortName(p.data), c.Model.Name())
	case c.Model.Name() != engine.ModelW.Name():
		return badf("%s; this is --model %s: give --format csv or json", lead, c.Model.Name())
	case r.UpdatesPerEpoch() != len(c.X):
		return badf("%s; this is --mode %s: give --format csv or json", lead, c.Mode)
	case c.Optimizer.Kind != engine.GD:
		return badf("%s; this is --optimizer %s: give --format csv or json", lead, o.name)
	}
	return nil
}

func newSnapshotCmd(e *env) *cobra.Command {
	p, o, l, c := newProblemFlags(), newOptimizerFlags(), newLangFlags(), newCompareFlags()
	steps, sweep, width, height, lesson := 0, false, 100, 30, 0
	own := newFlagSet("snapshot")
	addFlag(own, &intValue{p: &steps, min: 0, max: 10_000_000, want: "a whole number 0…10000000"}, "steps", "Updates to take before the frame")
	addFlag(own, &boolValue{p: &sweep}, "sweep", "Show the α sweep instead of the single view")
	addFlag(own, &intValue{p: &lesson, min: 1, max: ui.LessonPages, want: fmt.Sprintf("a page number 1…%d", ui.LessonPages)},
		"lesson", "Print this page of the lesson instead, acted on as for a handout (the question asked, one update, one epoch…)")
	addFlag(own, &intValue{p: &width, min: 1, max: 1000, want: "a whole number of columns 1…1000"}, "width", "Frame width in columns")
	addFlag(own, &intValue{p: &height, min: 1, max: 500, want: "a whole number of rows 1…500"}, "height", "Frame height in rows")
	cmd := &cobra.Command{
		Use:   "snapshot",
		Short: "Print one frame of the interactive view",
		Long:  `snapshot prints one frame of the interactive view, after --steps updates, or with --lesson a page of the lesson: plain text unless standard output is a terminal and NO_COLOR is unset.`,
		Example: `descent snapshot --steps 3 --width 80 --height 24
descent snapshot --sweep
descent snapshot --compare 0.01,0.1,0.25 --steps 30
descent snapshot --lesson 6 --lang ko --width 80 --height 24`,
		Args: commandArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if own.Changed("lesson") {
				if err := lessonAlone(cmd); err != nil {
					return err
				}
				return printFrame(e, ui.SnapshotLesson(l.value(), lesson, width, height))
			}
			vo, err := viewOptions(p, o, l, c)
			if err != nil {
				return err
			}
			if sweep && (vo.Compare != nil || vo.CompareOptimizers != nil) {
				return badf("--sweep and --compare are two views: give one")
			}
			vo.Sweep = sweep
			return printFrame(e, ui.Snapshot(vo, steps, width, height))
		},
	}
	addFlagSets(cmd, p.set, o.set, l.set, c.set, own)
	return cmd
}

// lessonAlone refuses, for snapshot --lesson, the flags that only the
// view takes: a lesson page sets everything but --lang, --width and
// --height.
func lessonAlone(cmd *cobra.Command) error {
	var given []string
	cmd.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "lesson", "lang", "width", "height":
		default:
			given = append(given, "--"+f.Name)
		}
	})
	if len(given) > 0 {
		return badf("--lesson prints a page of the lesson, which sets everything but --lang, --width and --height: drop %s", andList(given))
	}
	return nil
}

// printFrame prints a frame: plain text unless standard output is a
// terminal and NO_COLOR is unset.
func printFrame(e *env, frame string) error {
	if os.Getenv("NO_COLOR") != "" || !e.out.isTerminal() {
		_, err := fmt.Fprintln(e.out, ansi.Strip(frame))
		return err
	}
	_, err := lipgloss.Fprintln(e.out, frame)
	return err
}

func newLessonCmd(e *env) *cobra.Command {
	l := newLangFlags()
	cmd := &cobra.Command{
		Use:   "lesson",
		Short: "The lecture, page by page, with a live widget on each",
		Long:  `lesson walks through the lecture in nine pages, each with a live widget: → next page, ← back, space acts, ↑/↓ change its value, i opens the view with the page's settings, ? shows every key, q quits. Its pages set everything but --lang.`,
		Example: `descent lesson
descent lesson --lang ko`,
		Args: commandArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := runProgram(e, ui.NewLesson(l.value(), 0, 0))
			return err
		},
	}
	addFlagSets(cmd, l.set)
	return cmd
}

func newServeCmd(e *env) *cobra.Command {
	p, o, lang := newProblemFlags(), newOptimizerFlags(), newLangFlags()
	listen, hostKey, authorized, teachers := "127.0.0.1:2222", "", "", ""
	so := serveOptions{askNames: true}
	maxSessions, idle := 100, 30*time.Minute
	handshake, maxHandshakes, openKey := serve.DefaultHandshakeTimeout, serve.DefaultMaxHandshakes, false
	own := newFlagSet("serve")
	addFlag(own, &textValue{p: &listen, check: hostPort, want: "host:port such as 127.0.0.1:2222 or 0.0.0.0:2222"},
		"listen", "Address to listen on, host:port")
	addFlag(own, &textValue{p: &hostKey, check: notEmpty, want: "a file name"},
		"host-key", "Host key file (ed25519), created with mode 0600 when missing; default ~/.local/share/descent/host_ed25519")
	addFlag(own, &intValue{p: &maxSessions, min: 1, max: 10000, want: "a whole number 1…10000"},
		"max-sessions", "Sessions at once; one more is refused")
	addFlag(own, &durationValue{p: &idle, want: "a duration such as 30m or 1h30m (0 for none)"},
		"idle-timeout", "End a session with no key pressed for this long (its terminal is restored first); 0 never does")
	addFlag(own, &durationValue{p: &handshake, positive: true, want: "a positive duration such as 10s"},
		"handshake-timeout", "Close a connection that has not started its session this long after connecting")
	addFlag(own, &intValue{p: &maxHandshakes, min: 1, max: 10000, want: "a whole number 1…10000"},
		"max-handshakes", "Connections that may be logging in at once; one more drops the oldest from the busiest address")
	addFlag(own, &boolValue{p: &openKey}, "allow-open-host-key",
		"Serve a host key file that other users can read (refused otherwise, as sshd does)")
	addFlag(own, &textValue{p: &authorized, check: existingFile, want: "an OpenSSH authorized_keys file"},
		"authorized-keys", "Only the public keys in this file (OpenSSH's authorized_keys format) may connect; without it, anyone who reaches the port")
	addFlag(own, &textValue{p: &teachers, check: existingFile, want: "an OpenSSH authorized_keys file"},
		"teacher-keys", "Teachers' public keys (authorized_keys format): they may open the console with ssh -t -p PORT HOST console")
	addFlag(own, &textValue{p: &so.logPath, check: printableName, want: "a file name"},
		"log", "Log file while the console runs (appended); default ~/.local/state/descent/serve.log")
	addFlag(own, &boolValue{p: &so.headless}, "headless",
		"No console: log to stderr (and to --log FILE when given), as for a service")
	addFlagSaid(own, &boolValue{p: &so.askNames}, "ask-names",
		"Ask each student for the name the roster shows (the SSH user name is offered); --ask-names=false skips it")
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Classroom server over ssh, with the teacher's console",
		Long:  `serve is a classroom server: students type ssh -p 2222 <this machine> and each gets their own view, with the other flags as every session's start (ssh -t … lesson opens the lesson, -- --lang ko or their LANG Korean). In a terminal, serve shows the teacher's console: the class, live, and keys to push settings, open a lesson page, lock the settings and lead the class through your own run; q asks, then stops the server, as Ctrl-C (SIGTERM) does for --headless. It stops within 5 seconds.`,
		Example: `descent serve
descent serve --listen 0.0.0.0:2222 --teacher-keys ~/.ssh/id_ed25519.pub
descent serve --headless --listen 0.0.0.0:2222 --authorized-keys keys`,
		Args: commandArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, ds, err := p.setup(o)
			if err != nil {
				return err
			}
			// Every session's run is on one problem, so all share the
			// data, its moments and its analysis.
			prob, err := engine.NewProblem(c.Setup)
			if err != nil {
				return configError(err, c)
			}
			if _, err := prob.NewRun(c.Start); err != nil {
				return configError(err, c)
			}
			if hostKey == "" {
				hostKey = serve.DefaultHostKey()
			}
			so.lang, so.logGiven = lang.value(), cmd.Flags().Changed("log")
			return runServe(e, serve.Config{
				Listen: listen, HostKey: hostKey, MaxSessions: maxSessions, IdleTimeout: idle,
				AuthorizedKeys: authorized, TeacherKeys: teachers, AllowOpenHostKey: openKey,
				HandshakeTimeout: handshake, MaxHandshakes: maxHandshakes,
				Lang: so.lang, AskNames: so.askNames,
				Session: func() ui.Options { return ui.Options{Config: c, Data: ds, Problem: prob} },
			}, so)
		},
	}
	addFlagSets(cmd, p.set, o.set, lang.set, own)
	return cmd
}

// hostPort refuses an address that is not host:port.
func hostPort(s string) error {
	if _, _, err := net.SplitHostPort(s); err != nil {
		return valueError{"is not host:port"}
	}
	return nil
}

// printableName refuses an empty name and one with control characters,
// which no one means to give a file they will open later.
func printableName(s string) error {
	if err := notEmpty(s); err != nil {
		return err
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		return valueError{"has control characters"}
	}
	return nil
}

// existingFile refuses a name that is not a readable file.
func existingFile(s string) error {
	if err := notEmpty(s); err != nil {
		return err
	}
	st, err := os.Stat(s)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return valueError{"does not exist"}
	case err != nil:
		return valueError{"cannot be read"}
	case st.IsDir():
		return valueError{"is a directory"}
	}
	return nil
}

// serveOptions are serve's flags that are not the server's Config.
type serveOptions struct {
	headless, askNames bool
	logPath            string // --log, or "" for the default
	logGiven           bool
	lang               ui.Lang
}

// defaultLogPath is where the log goes while the console runs:
// descent/serve.log in the user's state directory ($XDG_STATE_HOME, or
// ~/.local/state).
func defaultLogPath() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "descent", "serve.log")
}

// openLog opens the log file for appending, making only its missing
// folders (0700); the file is the user's alone (0600).
func openLog(path string) (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, badf("--log %s: %v", path, reasonOf(err))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, badf("--log %s: %v", path, reasonOf(err))
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, badf("--log %s: not a regular file", path)
	}
	return f, nil
}

// checkLogPath refuses a log path that cannot become a file: one under a
// file, or a directory or another file that is not a regular one.
func checkLogPath(path string) error {
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return badf("--log %s: not a regular file", path)
		}
		return nil
	}
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		st, err := os.Stat(dir)
		if err == nil {
			if !st.IsDir() {
				return badf("--log %s: %s is not a directory", path, dir)
			}
			return nil
		}
		if next := filepath.Dir(dir); next == dir {
			return nil
		}
	}
}

// reasonOf is err without the path a *fs.PathError repeats.
func reasonOf(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// heldWriter keeps what is written until release, then writes through.
type heldWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	to   io.Writer
	done bool
}

func (h *heldWriter) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.done {
		return h.to.Write(p)
	}
	return h.buf.Write(p)
}

// release writes what was kept to w, and from then on everything.
func (h *heldWriter) release(w io.Writer) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.to, h.done = w, true
	_, err := w.Write(h.buf.Bytes())
	h.buf.Reset()
	return err
}

// runServe runs the classroom server: with the console on this terminal
// until the teacher quits it, or, headless (or without a terminal), until
// SIGINT, SIGTERM or SIGHUP (the terminal of the console closed).
func runServe(e *env, cfg serve.Config, so serveOptions) error {
	console := !so.headless && e.out.isTerminal() && term.IsTerminal(os.Stdin.Fd())
	logPath := so.logPath
	if logPath == "" {
		logPath = defaultLogPath()
	}
	// The log file is made only once the server can start (its lines wait
	// until then), but a path that cannot be one is refused first.
	if console || so.logGiven {
		if err := checkLogPath(logPath); err != nil {
			return err
		}
	}
	held := &heldWriter{}
	cfg.Log = held
	logger := log.NewWithOptions(held, log.Options{ReportTimestamp: true, Prefix: "descent serve"})
	s, err := serve.New(cfg)
	var bad *serve.ConfigError
	if errors.As(err, &bad) {
		return badf("--%v", bad)
	} else if err != nil {
		return err
	}
	l, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return badf("--listen: %v", err)
	}
	var logOut io.Writer = e.stderr
	if console || so.logGiven {
		f, err := openLog(logPath)
		if err != nil {
			l.Close()
			return err
		}
		defer f.Close()
		logOut = f
		if !console {
			logOut = io.MultiWriter(e.stderr, f)
		}
	}
	if err := held.release(logOut); err != nil {
		return err
	}
	if cfg.AuthorizedKeys == "" && !serve.IsLoopback(cfg.Listen) {
		s.Warn("anyone who can reach " + cfg.Listen + " can connect: there is no --authorized-keys. " +
			"Give --authorized-keys FILE to let in only those keys, or listen on 127.0.0.1.")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- s.Serve(l) }()
	if console {
		if err := s.RunConsole(ctx, so.lang, programOptions()...); err != nil {
			logger.Error("console", "error", err)
		}
	} else {
		select {
		case err := <-done:
			return err
		case <-ctx.Done():
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	if err := s.Shutdown(shutdown); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		logger.Error("shutdown", "error", err)
	}
	logger.Info("stopped")
	if console {
		fmt.Fprintf(e.stderr, "descent serve: stopped; the log is in %s\n", logPath)
	}
	return nil
}

func newDatasetsCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "datasets",
		Short: "List the built-in datasets",
		Long:  `datasets lists the built-in datasets, each with the model it was made for: --data NAME uses one, and brings that model unless --model is given.`,
		Args:  commandArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, d := range datasets.Builtin() {
				if _, err := fmt.Fprintf(e.out, "%-8s %3d points  model %-4s  %s\n", d.Name, len(d.X), d.Model, d.Description); err != nil {
					return outputError{err}
				}
			}
			return nil
		},
	}
}
