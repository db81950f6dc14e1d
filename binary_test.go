package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// The tests in this file run a descent binary built by the test, as a
// user's shell would: the man page writes to standard output directly,
// completion goes through bash, and a closed pipe is a signal.

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// descentBinary builds descent once into a temporary directory and
// returns its path; TestMain removes it.
func descentBinary(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build descent with")
	}
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "descent-bin"); buildErr != nil {
			return
		}
		out, err := exec.Command(gobin, "build", "-o", filepath.Join(buildDir, "descent"), ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return filepath.Join(buildDir, "descent")
}

// descentCmd is the built descent with args, run in dir.
func descentCmd(t *testing.T, dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(descentBinary(t), args...)
	cmd.Dir = dir
	return cmd
}

func TestManPage(t *testing.T) {
	cmd := descentCmd(t, t.TempDir(), "man")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil || errOut.Len() > 0 {
		t.Fatalf("descent man: %v %s", err, errOut.String())
	}
	page := out.String()
	// A roff page for section 1 with the commands and their flags.
	for _, want := range []string{".TH DESCENT 1", ".SH NAME", ".SH OPTIONS", `\fB--lr\fP`, `\fB--data\fP`, `\fBrun\fP`, `\fB--epochs\fP`, `\fBserve\fP`, `\fB--listen\fP`} {
		if !strings.Contains(page, want) {
			t.Errorf("the man page has no %q", want)
		}
	}
	// It is hidden: help does not list it.
	if code, help, _ := runCLI("--help"); code != 0 || strings.Contains(help, "man ") {
		t.Errorf("--help lists man:\n%s", help)
	}
}

// TestBashCompletion loads the bash script into bash and completes
// --optimizer and --data as a user pressing tab would; the script asks
// descent __complete.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := descentBinary(t)
	dir := t.TempDir()
	for _, f := range []string{"scores.csv", "notes.txt", "sub/more.csv"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		os.WriteFile(filepath.Join(dir, f), []byte("x,y\n1,2\n"), 0o644)
	}
	complete := func(line string) []string {
		t.Helper()
		// The script uses bash-completion's _get_comp_words_by_ref when
		// there is no _init_completion; a minimal one stands in for it, and
		// compopt works only inside a real completion.
		script := `
_get_comp_words_by_ref() { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
compopt() { :; }
source <(descent completion bash)
COMP_LINE="$LINE"
read -r -a COMP_WORDS <<< "$LINE"
COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_POINT=${#COMP_LINE}
__start_descent
printf '%s\n' "${COMPREPLY[@]}"
`
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"), "LINE="+line)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("bash completing %q: %v", line, err)
		}
		return strings.Fields(string(out))
	}
	if got, want := complete("descent run --optimizer "), "gd momentum nesterov adagrad rmsprop adam"; strings.Join(got, " ") != want {
		t.Errorf("--optimizer completes to %q, want %q", got, want)
	}
	if got, want := complete("descent --data "), "hours offset tens noisy curved scores.csv sub/"; strings.Join(got, " ") != want {
		t.Errorf("--data completes to %q, want %q", got, want)
	}
	if got, want := complete("descent snapshot --model "), "w wb quad"; strings.Join(got, " ") != want {
		t.Errorf("--model completes to %q, want %q", got, want)
	}
	// cobra's protocol underneath: one completion a line, with a description.
	out, err := descentCmd(t, dir, "__complete", "run", "--data", "sub/").Output()
	if err != nil || !strings.HasPrefix(string(out), "sub/more.csv\n:") {
		t.Errorf("__complete run --data sub/: %v %q", err, out)
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		out, err := descentCmd(t, dir, "completion", shell).Output()
		if err != nil || !bytes.Contains(out, []byte("descent")) || !bytes.Contains(out, []byte("__complete")) {
			t.Errorf("completion %s: %v, %d bytes", shell, err, len(out))
		}
	}
}

// TestFailedWritesExitOne writes every command's output to /dev/full: one
// line on stderr, status 1, no Go stack.
func TestFailedWritesExitOne(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	for _, args := range [][]string{
		{"run", "--format", "json", "--epochs", "1000000"},
		{"run", "--format", "csv"},
		{"run"},
		{"datasets"},
		{"help"},
		{"--help"},
		{"run", "--help"},
		{"--version"},
		{"completion", "bash"},
		{"man"},
		{"snapshot"},
	} {
		cmd := descentCmd(t, t.TempDir(), args...)
		var errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = full, &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || strings.Count(errOut.String(), "\n") != 1 ||
			!strings.Contains(errOut.String(), "no space left on device") {
			t.Errorf("%q > /dev/full: %v, stderr %q; want status 1 and one line", args, err, errOut.String())
		}
	}
}

// TestClosedPipeIsQuiet reads one line and closes the pipe: descent ends
// with status 0 or by SIGPIPE (141 in a shell), saying nothing.
func TestClosedPipeIsQuiet(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--format", "csv", "--epochs", "1000000"},
		{"run", "--epochs", "1000000"},
		{"--help"},
		{"completion", "zsh"},
	} {
		cmd := descentCmd(t, t.TempDir(), args...)
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		bufio.NewReader(pipe).ReadString('\n')
		pipe.Close()
		err = cmd.Wait()
		var ee *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGPIPE:
		default:
			t.Errorf("%q | head -1: %v; want status 0 or SIGPIPE", args, err)
		}
		if errOut.Len() > 0 {
			t.Errorf("%q | head -1 says %q", args, errOut.String())
		}
	}
}

// TestIgnoredSIGPIPEIsQuietToo runs descent with SIGPIPE ignored, as some
// parents start their children: Go's runtime still ends it by SIGPIPE on a
// broken standard output, so nothing may catch that signal.
func TestIgnoredSIGPIPEIsQuietToo(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := descentBinary(t)
	out, err := exec.Command(bash, "-c", `trap "" PIPE; "$0" run --format csv --epochs 1000000 | head -1; echo "${PIPESTATUS[0]}"`, bin).CombinedOutput()
	if err != nil || string(out) != "epoch,sample,x,y,grad_w,w,loss,mse\n141\n" {
		t.Errorf("with SIGPIPE ignored: %v %q", err, out)
	}
}

// TestVersionOfTheBinary checks --version against what go wrote into the
// binary: the commit, when the build had one.
func TestVersionOfTheBinary(t *testing.T) {
	bin := descentBinary(t)
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "descent ") || strings.Count(string(out), "\n") != 1 {
		t.Fatalf("--version: %v %q", err, out)
	}
	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Skip("go version -m:", err)
	}
	for _, line := range strings.Split(string(info), "\n") {
		if rev, ok := strings.CutPrefix(strings.TrimSpace(line), "build\tvcs.revision="); ok && !strings.Contains(string(out), "("+rev[:7]+")") {
			t.Errorf("--version %q does not name the commit %s", out, rev[:7])
		}
		if when, ok := strings.CutPrefix(strings.TrimSpace(line), "build\tvcs.time="); ok && !strings.Contains(string(out), when) {
			t.Errorf("--version %q does not give the commit's time %s", out, when)
		}
	}
	if out, err := exec.Command(bin, "--version=false", "--lr", "0").CombinedOutput(); err == nil || !strings.HasPrefix(string(out), "descent: --lr") {
		t.Errorf("--version=false: %v %q", err, out)
	}
}
