package ui

import "time"

// The lines the classroom server (package serve) writes to a client's
// terminal outside the view, in the client's language: why it was
// refused, why its session ended. They are here so that they go through
// the catalog like every other word a student reads.

// ArgsRefusedLine says that a client's word after the host is not
// something descent takes (a --lang value it does not speak when badLang),
// and what to type instead; join is the command students type.
func ArgsRefusedLine(lang Lang, word string, badLang bool, join string) string {
	why := trf(lang, "%q is not something descent takes here", word)
	if badLang {
		why = trf(lang, "--lang %s: want en or ko", word)
	}
	return "descent: " + why + "; " + trf(lang, "type %s, and add lesson for the lesson or -- --lang ko for Korean; nothing else.", join)
}

// NoTerminalLine asks a client that came without a terminal to ask for
// one; join is the command students type.
func NoTerminalLine(lang Lang, join string) string {
	return "descent: " + trf(lang, "this needs a terminal: connect with ssh -t (%s).", join)
}

// NotATeacherLine refuses the console to a client whose key is not a
// teacher's.
func NotATeacherLine(lang Lang) string {
	return "descent: " + tr(lang, "the console is for teachers, who log in with a key of the server's --teacher-keys file.")
}

// ClassFullLine refuses a student beyond the server's sessions.
func ClassFullLine(lang Lang, sessions int) string {
	return "descent: " + trf(lang, "the classroom is full (%d sessions); please try again in a moment.", sessions)
}

// ConsolesFullLine refuses a console beyond the server's consoles.
func ConsolesFullLine(lang Lang, consoles int) string {
	return "descent: " + trf(lang, "%d consoles are open already; close one first.", consoles)
}

// IdleLine says why a session ended after no key was pressed for after.
func IdleLine(lang Lang, after time.Duration) string {
	return "descent: " + trf(lang, "closed after %v without a key pressed. Connect again to start over.", after)
}

// GoodbyeLine says that the server is stopping, to every session it ends.
func GoodbyeLine(lang Lang) string {
	return "descent: " + tr(lang, "the server is stopping. Thank you, and goodbye.")
}
