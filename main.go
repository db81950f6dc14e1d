// Command descent teaches gradient descent one update at a time, following
// lecture 3 of PyTorchZeroToAll (x = 1, 2, 3 hours → y = 2, 4, 6 points,
// ŷ = x·w, loss (ŷ − y)², w ← w − α·2x(xw − y)).
//
// Usage:
//
//	descent [flags]              the interactive view
//	descent run [flags]          a training transcript on stdout
//	descent snapshot [flags]     one frame of the interactive view as text
//	descent lesson [--lang ko]   the lecture, page by page
//	descent serve [flags]        the classroom server over SSH
//	descent datasets             the built-in datasets
//
// Run "descent --help" or "descent help COMMAND" for every flag.
//
// The command line is cobra with fang: commands.go builds the command
// tree, flags.go the flag sets several commands share, values.go the flag
// values that know what they accept, output.go standard output and the
// one-line errors, version.go the version.
package main

import (
	"context"
	"io"
	"os"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit status: 0, 1 for
// a failure while working (a failed write included), 2 for bad input, with
// one line on stderr and nothing on stdout.
func run(args []string, stdout, stderr io.Writer) int {
	e := &env{out: &output{w: stdout}, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetOut(e.out)
	root.SetErr(stderr)
	root.SetIn(os.Stdin)
	prepare(root)
	version, commit := buildVersion()
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(version), fang.WithCommit(commit), fang.WithErrorHandler(oneLine))
	if err == nil && e.out.err != nil {
		// Help, the version and completion scripts do not report their
		// failed writes.
		err = outputError{e.out.err}
		oneLine(stderr, fang.Styles{}, err)
	}
	return exitCode(err)
}

// prepare completes the tree with cobra's help and completion commands,
// gives completion descent's argument checks, and makes every command's
// usage errors name it.
func prepare(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		c.Short = "Print a shell completion script (bash, zsh, fish…)"
		// "descent completion tcsh" is an error, not the help.
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return badf("no shell %s: want %s", quote(args[0]), orList(shellNames(cmd)))
			}
			return cmd.Help()
		}
		for _, shell := range c.Commands() {
			shell.Args = commandArgs
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if run := c.RunE; run != nil {
			c.RunE = func(cmd *cobra.Command, args []string) error { return named(cmd, run(cmd, args)) }
		}
		if args := c.Args; args != nil {
			c.Args = func(cmd *cobra.Command, a []string) error { return named(cmd, args(cmd, a)) }
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// named gives a usage error the path of the command it refuses.
func named(cmd *cobra.Command, err error) error {
	if ue, ok := err.(usageError); ok && ue.cmd == "" {
		ue.cmd = cmd.CommandPath()
		return ue
	}
	return err
}

// shellNames lists the shells the completion command writes scripts for.
func shellNames(completion *cobra.Command) []string {
	var shells []string
	for _, s := range completion.Commands() {
		shells = append(shells, s.Name())
	}
	return shells
}
