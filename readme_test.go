package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// readmeBlock matches a README block made from a command's output: a
// comment naming the command, then a fenced block with what it prints.
var readmeBlock = regexp.MustCompile("(?s)<!-- (descent[^>]*?) -->\n```text\n(.*?)```\n")

// TestREADMEIsCurrent checks that every command output shown in README.md
// is what the command prints today. To rewrite the README's blocks, run
//
//	UPDATE_README=1 go test . -run TestREADMEIsCurrent
func TestREADMEIsCurrent(t *testing.T) {
	src, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	out := readmeBlock.ReplaceAllFunc(src, func(block []byte) []byte {
		m := readmeBlock.FindSubmatch(block)
		args := strings.Fields(string(m[1]))[1:]
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit %d: %s", m[1], code, stderr.String())
		}
		found++
		got := strings.TrimRight(stdout.String(), " \n")
		var lines []string
		for _, l := range strings.Split(got, "\n") {
			lines = append(lines, strings.TrimRight(l, " "))
		}
		got = strings.Join(lines, "\n") + "\n"
		if got != string(m[2]) && os.Getenv("UPDATE_README") == "" {
			t.Errorf("README block %q is out of date; run UPDATE_README=1 go test . -run TestREADMEIsCurrent", m[1])
		}
		return []byte("<!-- " + string(m[1]) + " -->\n```text\n" + got + "```\n")
	})
	if found < 3 {
		t.Errorf("README has %d command blocks, want at least 3", found)
	}
	if os.Getenv("UPDATE_README") != "" {
		if err := os.WriteFile("README.md", out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
