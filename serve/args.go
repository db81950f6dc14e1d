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
				return a, &argsError{word: clip(words[i]), badLang: true}
			}
			a.lang = l
		case strings.HasPrefix(w, "--lang=") && a.lang == "":
			l, err := ui.ParseLang(strings.TrimPrefix(w, "--lang="))
			if err != nil {
				return a, &argsError{word: clip(strings.TrimPrefix(w, "--lang=")), badLang: true}
			}
			a.lang = l
		default:
			return a, &argsError{word: clip(w)}
		}
	}
	return a, nil
}

// argsError is a word after the host that descent does not take: word,
// or a --lang value it does not speak (badLang). The client reads it in
// its language (ui.ArgsRefusedLine); the log reads Error.
type argsError struct {
	word    string
	badLang bool
}

func (e *argsError) Error() string {
	if e.badLang {
		return fmt.Sprintf("--lang %s: want en or ko", e.word)
	}
	return fmt.Sprintf("%q is not something descent takes here", e.word)
}

// clientLang is the language the client's environment asks for with
// LC_ALL, LC_MESSAGES or LANG (the first that names a language),
// which OpenSSH sends where SendEnv LANG LC_* is set; false when they name
// none. C and POSIX say nothing of a language (they are what a script or
// a minimal system sets), so they are passed over for the next variable
// rather than read as English.
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
