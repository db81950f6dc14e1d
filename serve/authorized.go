package serve

import (
	"bytes"
	"fmt"
	"net"
	"net/netip"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// maxAuthorizedKeysFile bounds how much of an authorized keys file is
// read: a class of 1000 students with 4096-bit RSA keys takes under 1 MiB.
const maxAuthorizedKeysFile = 1 << 20

// authorizedKeys is a parsed authorized_keys file: for each key, the
// from= lists of the lines that name it. A key is let in when any of its
// lines lets in the client's address, as sshd does.
type authorizedKeys struct {
	keys     map[string][]fromList // by the key's wire form
	warnings []string              // patterns that can never match, to log
}

// readAuthorizedKeys parses the --authorized-keys file; see readKeys.
func readAuthorizedKeys(path string) (*authorizedKeys, error) {
	return readKeys(SettingAuthorizedKeys, path, "add the students' public keys, one a line")
}

// readTeacherKeys parses the --teacher-keys file; see readKeys.
func readTeacherKeys(path string) (*authorizedKeys, error) {
	return readKeys(SettingTeacherKeys, path, "add the teachers' public keys, one a line")
}

// readKeys parses the whole file at path, in OpenSSH's format:
// one key a line, "[options] type base64 [comment]", with blank lines and
// lines starting with # ignored. Any line that is not a key, any option
// descent does not implement, and a file without keys are errors
// (*ConfigError for setting, with the line number), so that a server never
// starts that lets in less, or more, than the file says; fill says how to
// fill an empty file.
func readKeys(setting, path, fill string) (*authorizedKeys, error) {
	data, _, err := readSmallFile(setting, path, maxAuthorizedKeysFile)
	if err != nil {
		return nil, err
	}
	a := &authorizedKeys{keys: map[string][]fromList{}}
	for i, line := range bytes.Split(data, []byte("\n")) {
		n := i + 1
		bad := func(format string, args ...any) error {
			return &ConfigError{Setting: setting, Path: path, Line: n, Problem: fmt.Sprintf(format, args...)}
		}
		if bytes.IndexByte(line, 0) >= 0 {
			return nil, bad("holds binary data: want one public key a line, as in ~/.ssh/authorized_keys")
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, _, options, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, bad("not a public key: want [options] type base64 [comment], such as a line of an id_ed25519.pub file")
		}
		from, warn, problem := keyOptions(options)
		if problem != "" {
			return nil, bad("%s", problem)
		}
		if warn != "" {
			a.warnings = append(a.warnings, fmt.Sprintf("%s:%d: %s", path, n, warn))
		}
		k := string(key.Marshal())
		a.keys[k] = append(a.keys[k], from)
	}
	if len(a.keys) == 0 {
		return nil, &ConfigError{Setting: setting, Path: path, Problem: "holds no keys, so nobody could connect with one: " + fill}
	}
	return a, nil
}

// keyOptions checks the options of one authorized key and returns its
// from= list (nil when it has none). Options that only forbid what descent
// never does (forwarding, ~/.ssh/rc) are accepted; options that would grant
// or change something descent does not implement, and options that would
// forbid the terminal descent needs, are a problem.
func keyOptions(options []string) (from fromList, warning, problem string) {
	restrict, pty, seenFrom := false, false, false
	for _, opt := range options {
		name, value, hasValue := strings.Cut(opt, "=")
		switch strings.ToLower(name) {
		case "from":
			if !hasValue || len(value) < 2 || value[0] != '"' || value[len(value)-1] != '"' {
				return nil, "", `from= needs a quoted list of addresses, such as from="192.168.1.0/24"`
			}
			if seenFrom {
				return nil, "", "from= is given twice; put all patterns in one from=\"…\""
			}
			seenFrom = true
			var err error
			if from, warning, err = parseFromList(strings.ReplaceAll(value[1:len(value)-1], `\"`, `"`)); err != nil {
				return nil, "", "from=" + value + ": " + err.Error()
			}
		case "restrict":
			restrict = true
		case "pty":
			pty = true
		case "no-agent-forwarding", "no-port-forwarding", "no-x11-forwarding", "no-user-rc":
			// descent never forwards anything nor runs ~/.ssh/rc.
		case "no-pty":
			return nil, "", "no-pty would keep this key from the terminal descent needs: remove the option"
		default:
			if hasValue {
				name += "="
			}
			return nil, "", fmt.Sprintf("option %s is not something descent implements: remove it (descent understands from=, restrict,pty and the no-…-forwarding options)", name)
		}
	}
	if restrict && !pty {
		return nil, "", "restrict without pty would keep this key from the terminal descent needs: write restrict,pty"
	}
	return from, warning, ""
}

// permits reports whether key may log in from remote.
func (a *authorizedKeys) permits(key gossh.PublicKey, remote net.Addr) bool {
	lines, ok := a.keys[string(key.Marshal())]
	if !ok {
		return false
	}
	ip := addrOf(remote)
	for _, from := range lines {
		if from == nil || from.match(ip) {
			return true
		}
	}
	return false
}

// known reports whether key is listed at all, whatever its from=.
func (a *authorizedKeys) known(key gossh.PublicKey) bool {
	_, ok := a.keys[string(key.Marshal())]
	return ok
}

// addrOf is the IP address of a connection's remote end (IPv4 addresses
// that arrive mapped into IPv6 are unmapped); invalid if it has none.
func addrOf(a net.Addr) netip.Addr {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.AddrPort().Addr().Unmap().WithZone("")
	}
	if a == nil {
		return netip.Addr{}
	}
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap().WithZone("")
}

// fromList is the pattern list of a from="…" option.
type fromList []fromPattern

// fromPattern is one entry of a from= list: an address, a network in CIDR
// form, or a wildcard pattern (* and ?), perhaps negated with !.
type fromPattern struct {
	negated bool
	prefix  netip.Prefix // a network or single address; invalid for a wildcard
	pattern string       // the wildcard pattern, lower case
}

// parseFromList parses a from= list as sshd does: comma-separated
// patterns, each an address, a network in CIDR form or a wildcard pattern,
// any of them negated with a leading !. A network with bits set beyond
// its mask (10.1.2.3/8) and an empty entry are errors, as they make sshd
// refuse the key. Host names cannot match, because descent (like sshd with
// its default UseDNS no) matches the client's address only; such a pattern
// comes back as a warning.
func parseFromList(list string) (fromList, string, error) {
	var l fromList
	var names []string
	for _, entry := range strings.Split(list, ",") {
		p := fromPattern{}
		if p.negated = strings.HasPrefix(entry, "!"); p.negated {
			entry = entry[1:]
		}
		switch {
		case entry == "":
			return nil, "", fmt.Errorf("an empty pattern: want addresses, networks (10.0.0.0/8) or wildcards (192.168.1.*), separated by commas")
		case strings.Contains(entry, "/"):
			pre, err := netip.ParsePrefix(entry)
			if err != nil {
				return nil, "", fmt.Errorf("%q is not a network: want an address/length such as 192.168.1.0/24", entry)
			}
			if pre.Masked() != pre {
				return nil, "", fmt.Errorf("%s has bits set beyond its /%d mask: did you mean %s?", entry, pre.Bits(), pre.Masked())
			}
			p.prefix = netip.PrefixFrom(pre.Addr().Unmap(), pre.Bits()-unmapBits(pre.Addr()))
		default:
			if a, err := netip.ParseAddr(entry); err == nil {
				a = a.Unmap().WithZone("")
				p.prefix = netip.PrefixFrom(a, a.BitLen())
			} else {
				p.pattern = strings.ToLower(entry)
				if strings.Trim(p.pattern, "0123456789abcdef:.*?") != "" {
					names = append(names, entry)
				}
			}
		}
		l = append(l, p)
	}
	positive := false
	for _, p := range l {
		positive = positive || !p.negated
	}
	if !positive {
		return nil, "", fmt.Errorf("has only negated patterns, which let nobody in (as in sshd): add * to let in every other address")
	}
	warning := ""
	if len(names) > 0 {
		warning = fmt.Sprintf("from= pattern %s names hosts, which never match: descent checks the client's address only", strings.Join(names, ", "))
	}
	return l, warning, nil
}

// unmapBits is how many bits shorter a prefix on addr gets when addr is an
// IPv4 address mapped into IPv6 and is unmapped.
func unmapBits(addr netip.Addr) int {
	if addr.Is4In6() {
		return 96
	}
	return 0
}

// match reports whether ip is let in by the list, as sshd's
// match_host_and_ip does with the address as host name: a negated pattern
// that matches refuses at once, and otherwise any matching pattern lets in.
func (l fromList) match(ip netip.Addr) bool {
	if !ip.IsValid() {
		return false
	}
	s := ip.String()
	ok := false
	for _, p := range l {
		var hit bool
		if p.prefix.IsValid() {
			hit = p.prefix.Contains(ip)
		} else {
			hit = wildcard(p.pattern, s)
		}
		if hit {
			if p.negated {
				return false
			}
			ok = true
		}
	}
	return ok
}

// wildcard reports whether s matches pattern, where * matches any run of
// characters and ? any one character, as in sshd's match_pattern.
func wildcard(pattern, s string) bool {
	// Iterative matching with one backtrack point: linear in practice and
	// never exponential.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
