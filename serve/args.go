package serve

import (
	"fmt"
	"strings"

	"descent/ui"
)

// sessionArgs are what a client may ask for after the host name: ssh -t
// host lesson opens the lesson, ssh -t host console the teacher's console
// (for teachers), and --lang en|ko the language.
type sessionArgs struct {
	lesson, console bool
	lang            ui.Lang // empty when not given
}

// parseArgs reads a session's command words. Anything but lesson, console
// and --lang en|ko (or --lang=ko) is refused: a client never passes flags
// to descent, so --data /etc/shadow reads nothing.
func parseArgs(words []string) (sessionArgs, error) {
	var a sessionArgs
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "lesson" && !a.lesson && !a.console:
			a.lesson = true
		case w == "console" && !a.lesson && !a.console:
			a.console = true
		case (w == "--lang" || w == "-lang") && i+1 < len(words) && a.lang == "":
			i++
			l, err := ui.ParseLang(words[i])
			if err != nil {
				return a, fmt.Errorf("--lang %s: want en or ko", clip(words[i]))
			}
			a.lang = l
		case strings.HasPrefix(w, "--lang=") && a.lang == "":
			l, err := ui.ParseLang(strings.TrimPrefix(w, "--lang="))
			if err != nil {
				return a, fmt.Errorf("%s: want --lang en or --lang ko", clip(w))
			}
			a.lang = l
		default:
			return a, fmt.Errorf("%q is not something descent takes here", clip(w))
		}
	}
	return a, nil
}

// argsHelp is the line a refused client reads after why.
const argsHelp = "connect with ssh -t -p PORT HOST, and add lesson for the lesson or -- --lang ko for Korean; nothing else."

// clientLang is the language the client's environment asks for with
// LC_ALL, LC_MESSAGES or LANG (the first set, as setlocale reads them),
// which OpenSSH sends where SendEnv LANG LC_* is set; false when they name
// none (unset, C or POSIX).
func clientLang(env []string) (ui.Lang, bool) {
	get := func(name string) string {
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, name+"="); ok {
				return v
			}
		}
		return ""
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := get(name)
		switch base, _, _ := strings.Cut(v, "."); base {
		case "", "C", "POSIX":
			continue
		}
		return ui.DetectLang(func(n string) string {
			if n == name {
				return v
			}
			return ""
		}), true
	}
	return "", false
}
