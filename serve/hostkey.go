package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// maxHostKeyFile bounds how much of a host key file is read: an OpenSSH
// ed25519 key takes 411 bytes and a 16384-bit RSA key under 13 KiB.
const maxHostKeyFile = 64 << 10

// minRSABits is the smallest RSA host key descent serves with.
const minRSABits = 2048

// hostKey is the server's key and what to tell the log about it.
type hostKey struct {
	signer  gossh.Signer
	created bool   // descent made it just now
	warning string // a key descent accepts but would not have chosen
}

// loadHostKey reads the host key at path, or creates an ed25519 key there
// when nothing is there. It refuses a key file that other users can read
// unless allowOpen is set, as sshd does, since anyone who reads it can
// pose as this server. RSA (at least 2048 bits) and ECDSA keys are
// served with a warning; DSA and shorter RSA keys are refused, because
// current ssh clients refuse them. Every refusal is a *ConfigError.
func loadHostKey(path string, allowOpen bool) (hostKey, error) {
	bad := func(problem string, err error) (hostKey, error) {
		return hostKey{}, &ConfigError{Setting: SettingHostKey, Path: path, Problem: problem, Err: err}
	}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return createHostKey(path, allowOpen)
	}
	data, fi, err := readSmallFile(SettingHostKey, path, maxHostKeyFile)
	if err != nil {
		return hostKey{}, err
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && !allowOpen {
		return bad(fmt.Sprintf("is open to other users (mode %04o), who could pose as this server: run chmod 600 on it", perm), nil)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return bad("is empty: remove it and descent creates a new key there", nil)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		var missing *gossh.PassphraseMissingError
		if errors.As(err, &missing) {
			return bad("is protected by a passphrase, which a server cannot type: give a key without one", err)
		}
		return bad("is not a private key: want one in OpenSSH or PEM format, as ssh-keygen writes", err)
	}
	k := hostKey{signer: signer}
	pub := signer.PublicKey()
	switch pub.Type() {
	case gossh.KeyAlgoED25519:
	case gossh.KeyAlgoRSA:
		bits := 0
		if cpk, ok := pub.(gossh.CryptoPublicKey); ok {
			if rk, ok := cpk.CryptoPublicKey().(*rsa.PublicKey); ok {
				bits = rk.N.BitLen()
			}
		}
		if bits < minRSABits {
			return bad(fmt.Sprintf("is a %d-bit RSA key, too weak to trust (at least %d bits): use an ed25519 key", bits, minRSABits), nil)
		}
		k.warning = fmt.Sprintf("%s is a %d-bit RSA key; it works, though descent itself makes ed25519 keys", path, bits)
	case gossh.KeyAlgoECDSA256, gossh.KeyAlgoECDSA384, gossh.KeyAlgoECDSA521:
		k.warning = fmt.Sprintf("%s is an ECDSA key; it works, though descent itself makes ed25519 keys", path)
	default:
		return bad(fmt.Sprintf("is a %s key, which current ssh clients refuse: use an ed25519 key", pub.Type()), nil)
	}
	return k, nil
}

// createHostKey makes a new ed25519 key at path. It creates only the
// folders that are missing (mode 0700) and never changes one that
// exists; the key is written to a temporary file in the same folder and
// linked into place, so path never holds half a key. If another process
// put a key there meanwhile, that key is used.
func createHostKey(path string, allowOpen bool) (hostKey, error) {
	bad := func(problem string, err error) (hostKey, error) {
		return hostKey{}, &ConfigError{Setting: SettingHostKey, Path: path, Problem: problem, Err: err}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return bad(fmt.Sprintf("cannot be created: its folder %s cannot be made: %s", dir, reason(err)), err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return bad("cannot be created: "+err.Error(), err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "descent host key")
	if err != nil {
		return bad("cannot be created: "+err.Error(), err)
	}
	tmp, err := os.CreateTemp(dir, ".descent-host-key-*")
	if err != nil {
		return bad(fmt.Sprintf("cannot be created in %s: %s", dir, reason(err)), err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(pem.EncodeToMemory(block))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return bad("cannot be written: "+reason(err), err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return loadHostKey(path, allowOpen)
		}
		// Some file systems have no hard links; a rename is atomic too.
		if err := os.Rename(tmp.Name(), path); err != nil {
			return bad("cannot be written: "+reason(err), err)
		}
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return bad("cannot be created: "+err.Error(), err)
	}
	return hostKey{signer: signer, created: true}, nil
}
