package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usageError is bad input from the user: one line on standard error, exit
// status 2, nothing on standard output.
type usageError struct {
	cmd string // the command's path, such as "descent run"
	msg string
}

func (e usageError) Error() string { return e.msg }

// badf makes a usage error; the command that fails names itself when the
// error is printed.
func badf(format string, a ...any) error { return usageError{msg: fmt.Sprintf(format, a...)} }

// outputError is a failed write to standard output: exit status 1.
type outputError struct{ err error }

func (e outputError) Error() string { return e.err.Error() }
func (e outputError) Unwrap() error { return e.err }

// output is standard output as the commands see it. It remembers the
// first write that failed, so that a failure is reported even where cobra
// and fang ignore it (help, the version, completion scripts), and refuses
// every write after it. Fd lets fang and colorprofile see whether the
// output is a terminal. (A write to a pipe whose reader has gone never
// returns: Go's runtime ends the program by SIGPIPE on a broken standard
// output, quietly, as a shell expects.)
type output struct {
	w   io.Writer
	err error
}

func (o *output) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = err
	}
	return n, err
}

// Fd returns the file descriptor of standard output, or an invalid one
// when the output is not a file.
func (o *output) Fd() uintptr {
	if f, ok := o.w.(term.File); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}

// isTerminal reports whether the output is a terminal.
func (o *output) isTerminal() bool {
	f, ok := o.w.(term.File)
	return ok && term.IsTerminal(f.Fd())
}

// transcript runs write on o and reports a failed write as an outputError
// (exit status 1). The engine's writers stop at their first failed write.
func (o *output) transcript(write func(io.Writer) error) error {
	err := write(o)
	if o.err != nil {
		return outputError{o.err}
	}
	return err
}

// oneLine is the error handler given to fang: every error is one line on
// standard error, "descent run: --lr: …", whatever it quotes.
func oneLine(w io.Writer, _ fang.Styles, err error) {
	name := "descent"
	var ue usageError
	if errors.As(err, &ue) && ue.cmd != "" {
		name = ue.cmd
	}
	msg := strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(err.Error())
	fmt.Fprintf(w, "%s: %s\n", name, msg)
}

// exitCode is the exit status for err: 0, 2 for bad input, 1 otherwise.
func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue) || isCobraUsage(err):
		return 2
	}
	return 1
}

// isCobraUsage reports whether err is one of cobra's own usage errors, from
// a command descent did not build (fang's man).
func isCobraUsage(err error) bool {
	for _, prefix := range []string{"unknown command ", "unknown flag", "invalid argument ", "flag needs an argument", "accepts ", "requires "} {
		if strings.HasPrefix(err.Error(), prefix) {
			return true
		}
	}
	return false
}

// Read and Close complete term.File, which fang and colorprofile look for
// to detect a terminal: output reads nothing and is never closed.
func (o *output) Read([]byte) (int, error) { return 0, io.EOF }
func (o *output) Close() error             { return nil }

var _ term.File = (*output)(nil)

// flagError turns pflag's parse errors into usage errors: one line naming
// the flag, quoting the value and saying what the flag accepts.
func flagError(cmd *cobra.Command, err error) error {
	var (
		invalid  *pflag.InvalidValueError
		required *pflag.ValueRequiredError
		unknown  *pflag.NotExistError
		syntax   *pflag.InvalidSyntaxError
	)
	bad := func(format string, a ...any) error {
		return usageError{cmd: cmd.CommandPath(), msg: fmt.Sprintf(format, a...)}
	}
	switch {
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		why := "is not valid"
		var ve valueError
		if errors.As(err, &ve) {
			why = ve.why
		}
		return bad("--%s: %s %s: want %s", f.Name, quote(invalid.GetValue()), why, wantOf(f))
	case errors.As(err, &required):
		f := required.GetFlag()
		return bad("--%s needs a value: want %s", f.Name, wantOf(f))
	case errors.As(err, &unknown):
		return bad("%s", unknownFlag(cmd, unknown))
	case errors.As(err, &syntax):
		return bad("%s is not a flag: flags are --name value or --name=value", quote(syntax.GetSpecifiedFlag()))
	}
	return bad("%v", err)
}

// wantOf says what flag f accepts.
func wantOf(f *pflag.Flag) string {
	if w, ok := f.Value.(wanter); ok {
		return w.Want()
	}
	return "a " + f.Value.Type()
}

// unknownFlag explains a flag cmd does not have: a long flag written with
// one dash, a flag of other commands, or a flag of none.
func unknownFlag(cmd *cobra.Command, e *pflag.NotExistError) string {
	name, dashes := e.GetSpecifiedName(), "--"
	if group := e.GetSpecifiedShortnames(); group != "" {
		if cmd.Flags().Lookup(group) != nil {
			return fmt.Sprintf("-%s: long flags take two dashes: --%s", group, group)
		}
		name, dashes = group, "-"
	}
	msg := "unknown flag " + dashes + clip(name)
	var own []string
	cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" && f.Name != "version" {
			own = append(own, "--"+f.Name)
		}
	})
	var others []string
	if dashes == "--" {
		for _, c := range append([]*cobra.Command{cmd.Root()}, cmd.Root().Commands()...) {
			if c != cmd && c.Flags().Lookup(name) != nil {
				others = append(others, c.CommandPath())
			}
		}
	}
	switch {
	case len(own) == 0:
		msg += ": " + cmd.CommandPath() + " takes no flags"
	case len(own) <= 2:
		msg += ": " + cmd.CommandPath() + " takes only " + orList(own)
	case len(others) > 0:
		msg += ": " + cmd.CommandPath() + " does not take it"
	default:
		return msg + " (see " + cmd.CommandPath() + " --help)"
	}
	if len(others) > 0 {
		verb := " does"
		if len(others) > 1 {
			verb = " do"
		}
		msg += "; " + andList(others) + verb
	}
	return msg
}
