package serve

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// pemKey returns key in OpenSSH's private key format.
func pemKey(t *testing.T, key any) []byte {
	t.Helper()
	block, err := gossh.MarshalPrivateKey(key, "test")
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block)
}

func TestHostKeyCreatesOnlyMissingFolders(t *testing.T) {
	root := t.TempDir()
	shared := filepath.Join(root, "shared")
	os.Mkdir(shared, 0o755)
	// A sticky, world-writable folder (as /tmp is) must keep its mode.
	if err := os.Chmod(shared, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(shared, "new", "deeper", "host_ed25519")
	k, err := loadHostKey(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if !k.created || k.signer.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Errorf("created %v, type %s", k.created, k.signer.PublicKey().Type())
	}
	if fi, _ := os.Stat(shared); fi.Mode()&(os.ModePerm|os.ModeSticky) != 0o777|os.ModeSticky {
		t.Errorf("the existing folder changed to %v", fi.Mode())
	}
	for _, dir := range []string{filepath.Join(shared, "new"), filepath.Join(shared, "new", "deeper")} {
		if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
			t.Errorf("%s has mode %v, want 0700", dir, fi.Mode().Perm())
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("the key has mode %v, want 0600", fi.Mode().Perm())
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Errorf("the folder holds %d entries, want only the key", len(ents))
	}
	again, err := loadHostKey(path, false)
	if err != nil || again.created || !sameKey(again.signer, k.signer) {
		t.Errorf("the key was not reused: %v", err)
	}
}

func sameKey(a, b gossh.Signer) bool {
	return string(a.PublicKey().Marshal()) == string(b.PublicKey().Marshal())
}

// Two servers starting at once on a missing key end up with the same key.
func TestHostKeyCreatedOnceWhenRacing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "hk")
	keys := make([]hostKey, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if keys[i], err = loadHostKey(path, false); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for _, k := range keys[1:] {
		if k.signer == nil || !sameKey(k.signer, keys[0].signer) {
			t.Fatal("racing starts got different keys")
		}
	}
}

func TestHostKeyErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, data []byte, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	good := pemKey(t, ed)
	block, _ := gossh.MarshalPrivateKeyWithPassphrase(ed, "test", []byte("secret"))
	rsa1024, _ := rsa.GenerateKey(rand.Reader, 1024)
	os.Mkdir(filepath.Join(dir, "folder"), 0o700)
	os.Symlink(filepath.Join(dir, "nothing"), filepath.Join(dir, "dangling"))
	os.Symlink(filepath.Join(dir, "loop"), filepath.Join(dir, "loop"))
	syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600)
	cases := []struct{ path, want string }{
		{filepath.Join(dir, "folder"), "is a directory"},
		{write("junk", []byte("this is not a key\n"), 0o600), "is not a private key"},
		{write("empty", nil, 0o600), "is empty"},
		{write("blank", []byte("\n\n  \n"), 0o600), "is empty"},
		{write("locked", pem.EncodeToMemory(block), 0o600), "passphrase"},
		{filepath.Join(dir, "dangling"), "symbolic link to " + filepath.Join(dir, "nothing") + ", which does not exist"},
		{filepath.Join(dir, "loop"), "symbolic link that loops"},
		{"/dev/zero", "is a device"},
		{filepath.Join(dir, "fifo"), "is a FIFO"},
		{write("huge", make([]byte, maxHostKeyFile+1), 0o600), "larger than 64 KiB"},
		{write("open", good, 0o644), "open to other users (mode 0644)"},
		{write("groupread", good, 0o640), "mode 0640"},
		{write("rsa1024", pemKey(t, rsa1024), 0o600), "1024-bit RSA key, too weak"},
		{filepath.Join(write("plainfile", good, 0o600), "sub", "hk"), "not a directory"},
	}
	for _, c := range cases {
		err := noHang(t, c.path, func() error { _, err := loadHostKey(c.path, false); return err })
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Setting != SettingHostKey || !strings.Contains(ce.Problem, c.want) {
			t.Errorf("%s: %v, want a host-key error saying %q", c.path, err, c.want)
			continue
		}
		if !strings.HasPrefix(ce.Error(), "host-key ") || strings.Contains(ce.Error(), "\n") {
			t.Errorf("%s: the message %q is not one line naming host-key", c.path, ce.Error())
		}
	}
}

// noHang runs f and returns its error, failing the test if it takes more
// than 5 seconds (reading a FIFO or /dev/zero would take forever).
func noHang(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: reading hangs", what)
		return nil
	}
}

func TestHostKeyUnreadable(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads any file")
	}
	p := filepath.Join(t.TempDir(), "hk")
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	os.WriteFile(p, pemKey(t, ed), 0o000)
	if _, err := loadHostKey(p, false); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("an unreadable key: %v", err)
	}
}

func TestHostKeyKinds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	rsa2048, _ := rsa.GenerateKey(rand.Reader, 2048)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for name, c := range map[string]struct {
		key  any
		mode os.FileMode
		warn string
	}{
		"ed25519": {ed, 0o600, ""},
		"rsa":     {rsa2048, 0o600, "2048-bit RSA key; it works"},
		"ecdsa":   {ec, 0o400, "ECDSA key; it works"},
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, pemKey(t, c.key), c.mode)
		k, err := loadHostKey(p, false)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if k.created || (c.warn == "") != (k.warning == "") || !strings.Contains(k.warning, c.warn) {
			t.Errorf("%s: created %v, warning %q, want %q", name, k.created, k.warning, c.warn)
		}
	}
	// A key others can read is served when that is allowed explicitly.
	p := filepath.Join(dir, "open")
	os.WriteFile(p, pemKey(t, ed), 0o644)
	if _, err := loadHostKey(p, true); err != nil {
		t.Errorf("an open key with AllowOpenHostKey: %v", err)
	}
	// A symbolic link to a key is followed.
	os.Symlink(filepath.Join(dir, "ed25519"), filepath.Join(dir, "link"))
	if _, err := loadHostKey(filepath.Join(dir, "link"), false); err != nil {
		t.Errorf("a link to a key: %v", err)
	}
}
