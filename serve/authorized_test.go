package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// newKey returns a fresh client key and its authorized_keys form.
func newKey(t testing.TB) (gossh.Signer, string) {
	t.Helper()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
}

// writeKeys writes an authorized keys file and returns its path.
func writeKeys(t testing.TB, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAuthorizedKeysFileErrors(t *testing.T) {
	t.Parallel()
	_, good := newKey(t)
	dir := t.TempDir()
	syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600)
	binary := filepath.Join(dir, "binary")
	os.WriteFile(binary, []byte("\x7fELF\x02\x01\x01\x00\x00\x00"+good), 0o600)
	cases := []struct {
		path string
		line int
		want string
	}{
		{writeKeys(t, "junk before the key", good), 1, "not a public key"},
		{writeKeys(t, "# the class", "", good, "ssh-ed25519 AAAAnotbase64"), 4, "not a public key"},
		{writeKeys(t, good, "ssh-rsa "+strings.Fields(good)[1]), 2, "not a public key"}, // type and key disagree
		{writeKeys(t), 0, "holds no keys"},
		{writeKeys(t, "# only a comment", "   "), 0, "holds no keys"},
		{dir, 0, "is a directory"},
		{"/dev/zero", 0, "is a device"},
		{filepath.Join(dir, "fifo"), 0, "is a FIFO"},
		{binary, 1, "binary data"},
		{filepath.Join(dir, "missing"), 0, "does not exist"},
		{writeKeys(t, good, `command="ls" `+good), 2, "option command= is not something descent implements"},
		{writeKeys(t, `permitopen="localhost:80" `+good), 1, "option permitopen="},
		{writeKeys(t, `environment="A=b" `+good), 1, "option environment="},
		{writeKeys(t, `cert-authority `+good), 1, "option cert-authority"},
		{writeKeys(t, `no-pty `+good), 1, "no-pty would keep this key from the terminal"},
		{writeKeys(t, `restrict `+good), 1, "write restrict,pty"},
		{writeKeys(t, `from="10.1.2.3/8" `+good), 1, "did you mean 10.0.0.0/8"},
		{writeKeys(t, `from="10.0.0.0/33" `+good), 1, "is not a network"},
		{writeKeys(t, `from="10.0.0.1,,10.0.0.2" `+good), 1, "an empty pattern"},
		{writeKeys(t, `from="!10.0.0.1" `+good), 1, "only negated patterns"},
		{writeKeys(t, `from=10.0.0.1 `+good), 1, "needs a quoted list"},
		{writeKeys(t, `from="10.0.0.1",from="10.0.0.2" `+good), 1, "given twice"},
	}
	for _, c := range cases {
		err := noHang(t, c.path, func() error { _, err := readAuthorizedKeys(c.path); return err })
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Setting != SettingAuthorizedKeys || ce.Line != c.line || !strings.Contains(ce.Problem, c.want) {
			t.Errorf("%s: %v, want line %d saying %q", c.path, err, c.line, c.want)
			continue
		}
		if c.line > 0 && !strings.HasPrefix(ce.Error(), fmt.Sprintf("authorized-keys %s:%d: ", c.path, c.line)) {
			t.Errorf("the message %q does not name the file and line", ce.Error())
		}
	}
}

func TestAuthorizedKeysOptionsAccepted(t *testing.T) {
	_, a := newKey(t)
	_, b := newKey(t)
	_, c := newKey(t)
	p := writeKeys(t,
		"# the teacher", "", "   "+a+" teacher@school",
		`restrict,pty `+b, `no-agent-forwarding,No-Port-Forwarding,no-X11-forwarding,no-user-rc `+c,
		`from="*.school.example,10.0.0.0/8" `+a)
	keys, err := readAuthorizedKeys(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys.keys) != 3 {
		t.Errorf("%d keys, want 3", len(keys.keys))
	}
	if len(keys.warnings) != 1 || !strings.Contains(keys.warnings[0], ":6: from= pattern *.school.example names hosts") {
		t.Errorf("warnings %q", keys.warnings)
	}
}

func TestFromPatterns(t *testing.T) {
	for _, c := range []struct {
		list string
		in   []string
		out  []string
	}{
		{"10.9.9.9", []string{"10.9.9.9"}, []string{"127.0.0.1", "10.9.9.8"}},
		{"192.168.1.0/24,10.0.0.1", []string{"192.168.1.7", "10.0.0.1"}, []string{"192.168.2.1", "10.0.0.2"}},
		{"192.168.1.*", []string{"192.168.1.200"}, []string{"192.168.10.1"}},
		{"192.168.?.1", []string{"192.168.5.1"}, []string{"192.168.55.1"}},
		{"!10.0.0.5,10.0.0.0/24", []string{"10.0.0.4"}, []string{"10.0.0.5", "10.0.1.1"}},
		{"10.0.0.0/24,!10.0.0.5", []string{"10.0.0.4"}, []string{"10.0.0.5"}},
		{"*,!127.0.0.1", []string{"10.1.1.1", "::2"}, []string{"127.0.0.1"}},
		{"::1", []string{"::1", "0:0::1"}, []string{"127.0.0.1"}},
		{"2001:db8::/32", []string{"2001:db8::7"}, []string{"2001:db9::1", "10.0.0.1"}},
		{"0.0.0.0/0", []string{"8.8.8.8"}, []string{"::1"}},
		{"fe80::*", []string{"fe80::1"}, []string{"fe81::1"}},
		{"*.example.com", nil, []string{"10.0.0.1"}},
	} {
		l, _, err := parseFromList(c.list)
		if err != nil {
			t.Errorf("%s: %v", c.list, err)
			continue
		}
		for _, ip := range c.in {
			if !l.match(netip.MustParseAddr(ip)) {
				t.Errorf("from=%q refuses %s", c.list, ip)
			}
		}
		for _, ip := range c.out {
			if l.match(netip.MustParseAddr(ip)) {
				t.Errorf("from=%q lets in %s", c.list, ip)
			}
		}
	}
	// An IPv4 client on a dual-stack listener arrives as ::ffff:a.b.c.d.
	mapped := &net.TCPAddr{IP: net.ParseIP("::ffff:10.0.0.1"), Port: 1}
	if got := addrOf(mapped); got != netip.MustParseAddr("10.0.0.1") {
		t.Errorf("addrOf(%v) = %v", mapped, got)
	}
}

func TestWildcard(t *testing.T) {
	for _, c := range []struct {
		p, s string
		ok   bool
	}{
		{"*", "", true}, {"*", "abc", true}, {"a*c", "abbbc", true}, {"a*c", "abcd", false},
		{"?", "", false}, {"a?c", "abc", true}, {"*a*a*a*", "aaa", true}, {"*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaa", false},
		{"10.0.*.1", "10.0.255.1", true}, {"10.0.*.1", "10.0.255.2", false}, {"", "", true}, {"", "a", false},
	} {
		if got := wildcard(c.p, c.s); got != c.ok {
			t.Errorf("wildcard(%q, %q) = %v", c.p, c.s, got)
		}
	}
}

// FuzzAuthorizedKeys checks that any file content gives keys or one
// *ConfigError naming a line of the file, and never a panic.
func FuzzAuthorizedKeys(f *testing.F) {
	_, good := newKey(f)
	for _, seed := range []string{
		good, "# c\n\n" + good + "\n", `from="10.0.0.0/8,!10.1.1.1,192.168.*" ` + good, `restrict,pty ` + good,
		`command="x" ` + good, "junk\n" + good, "", "\x00\x01", `from="" ` + good, `from="a\"b" ` + good,
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "keys")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		keys, err := readAuthorizedKeys(p)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Setting != SettingAuthorizedKeys || ce.Line < 0 || ce.Line > bytes.Count(data, []byte("\n"))+1 {
				t.Fatalf("%v", err)
			}
			return
		}
		if len(keys.keys) == 0 {
			t.Fatal("no keys and no error")
		}
		for _, lines := range keys.keys {
			for _, from := range lines {
				from.match(netip.MustParseAddr("10.1.2.3"))
				from.match(netip.MustParseAddr("::1"))
			}
		}
	})
}
