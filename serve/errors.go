package serve

import "fmt"

// The settings a ConfigError can name. Each is also the name of the
// command-line flag that sets it, without its dashes.
const (
	SettingHostKey          = "host-key"
	SettingAuthorizedKeys   = "authorized-keys"
	SettingTeacherKeys      = "teacher-keys"
	SettingMaxSessions      = "max-sessions"
	SettingIdleTimeout      = "idle-timeout"
	SettingHandshakeTimeout = "handshake-timeout"
	SettingMaxHandshakes    = "max-handshakes"
)

// ConfigError is the error New returns when a setting of Config cannot be
// used: a host key or authorized keys file that is missing, unreadable or
// malformed, or a number out of range. A front end words it as one line
// naming its flag ("--" + Error()) and exits with status 2; nothing has
// been started or half-written when New returns one.
type ConfigError struct {
	Setting string // which setting: SettingHostKey, SettingAuthorizedKeys, …
	Path    string // the file, when the setting names one
	Line    int    // the 1-based line of the file at fault, or 0
	Problem string // what is wrong, as a phrase: "is a directory"
	Err     error  // the underlying error, if any, for errors.Is
}

// Error reads "host-key /tmp/hk: is a directory" or
// "authorized-keys keys:3: not a public key …".
func (e *ConfigError) Error() string {
	switch {
	case e.Path == "":
		return fmt.Sprintf("%s: %s", e.Setting, e.Problem)
	case e.Line > 0:
		return fmt.Sprintf("%s %s:%d: %s", e.Setting, e.Path, e.Line, e.Problem)
	}
	return fmt.Sprintf("%s %s: %s", e.Setting, e.Path, e.Problem)
}

// Unwrap returns the underlying error, if any.
func (e *ConfigError) Unwrap() error { return e.Err }
