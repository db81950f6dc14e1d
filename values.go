package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The flag values below are pflag.Values that know what they accept: each
// says it in Want, for the usage error of a bad or missing value, and the
// enumerated ones list their choices for help, errors and completion alike.

// wanter is a flag value that can say what it accepts.
type wanter interface {
	// Want completes "want …" in an error message, such as "a positive
	// number such as 0.01".
	Want() string
}

// valueError is what a Set method returns for a value it refuses: Why
// completes "<value> …", such as "is not a number".
type valueError struct{ why string }

func (e valueError) Error() string { return e.why }

var errNotNumber = valueError{"is not a number"}

// floatValue is a float64 flag with a check on its range.
type floatValue struct {
	p    *float64
	ok   func(float64) bool // nil: any finite number
	why  string             // what a refused value is, such as "is not positive"
	want string
}

func (v *floatValue) String() string { return strconv.FormatFloat(*v.p, 'g', -1, 64) }
func (v *floatValue) Type() string   { return "float" }
func (v *floatValue) Want() string   { return v.want }

func (v *floatValue) Set(s string) error {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	switch {
	case err != nil && !isRangeErr(err):
		return errNotNumber
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return valueError{"is not a finite number"}
	case v.ok != nil && !v.ok(f):
		return valueError{v.why}
	}
	*v.p = f
	return nil
}

// isRangeErr reports whether err is strconv's "value out of range".
func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// intValue is an int flag within [min, max].
type intValue struct {
	p        *int
	min, max int
	want     string
}

func (v *intValue) String() string { return strconv.Itoa(*v.p) }
func (v *intValue) Type() string   { return "int" }
func (v *intValue) Want() string   { return v.want }

func (v *intValue) Set(s string) error {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	switch {
	case err != nil && !isRangeErr(err):
		return valueError{"is not a whole number"}
	case err != nil || n < int64(v.min) || n > int64(v.max):
		return valueError{"is out of range"}
	}
	*v.p = int(n)
	return nil
}

// everyValue is --every: a whole number N ≥ 1 (every N-th update) or
// "epoch" (one row per epoch).
type everyValue struct {
	n        *int
	perEpoch *bool
}

func (v *everyValue) String() string {
	if *v.perEpoch {
		return "epoch"
	}
	return strconv.Itoa(*v.n)
}
func (v *everyValue) Type() string { return "N|epoch" }
func (v *everyValue) Want() string { return `a whole number from 1, or "epoch"` }

func (v *everyValue) Set(s string) error {
	s = strings.TrimSpace(s)
	if s == "epoch" {
		*v.n, *v.perEpoch = 1, true
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil && !isRangeErr(err):
		return valueError{"is not a whole number or epoch"}
	case err != nil || n < 1 || n > maxUpdates:
		return valueError{"is out of range"}
	}
	*v.n, *v.perEpoch = int(n), false
	return nil
}

// uintValue is a uint64 flag: any whole number from 0.
type uintValue struct {
	p    *uint64
	want string
}

func (v *uintValue) String() string { return strconv.FormatUint(*v.p, 10) }
func (v *uintValue) Type() string   { return "uint" }
func (v *uintValue) Want() string   { return v.want }

func (v *uintValue) Set(s string) error {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	switch {
	case isRangeErr(err):
		return valueError{"is out of range"}
	case err != nil:
		return valueError{"is not a whole number ≥ 0"}
	}
	*v.p = n
	return nil
}

// boolValue is a flag that is on when given alone, or true/false given.
type boolValue struct{ p *bool }

func (v *boolValue) String() string { return strconv.FormatBool(*v.p) }
func (v *boolValue) Type() string   { return "bool" }
func (v *boolValue) Want() string   { return "true or false, or the flag alone for true" }

func (v *boolValue) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return valueError{"is not true or false"}
	}
	*v.p = b
	return nil
}

// durationValue is a time.Duration flag, 0 or more.
type durationValue struct {
	p        *time.Duration
	positive bool // refuse 0
	want     string
}

func (v *durationValue) String() string { return v.p.String() }
func (v *durationValue) Type() string   { return "duration" }
func (v *durationValue) Want() string   { return v.want }

func (v *durationValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	switch {
	case err != nil:
		return valueError{"is not a duration"}
	case d < 0:
		return valueError{"is negative"}
	case d == 0 && v.positive:
		return valueError{"is zero"}
	}
	*v.p = d
	return nil
}

// textValue is a string flag; check, when set, refuses some values.
type textValue struct {
	p     *string
	check func(string) error // a valueError for a value to refuse
	want  string
}

func (v *textValue) String() string { return *v.p }
func (v *textValue) Type() string   { return "string" }
func (v *textValue) Want() string   { return v.want }

func (v *textValue) Set(s string) error {
	if v.check != nil {
		if err := v.check(s); err != nil {
			return err
		}
	}
	*v.p = s
	return nil
}

// notEmpty refuses an empty or blank value.
func notEmpty(s string) error {
	if strings.TrimSpace(s) == "" {
		return valueError{"is empty"}
	}
	return nil
}

// choice is one value of an enumerated flag, with a few words on it for
// help and completion.
type choice struct{ name, about string }

// enumValue is a flag that takes one of a fixed list of names.
type enumValue struct {
	p       *string
	choices []choice
	kind    string // what a value is, for "is not a <kind>", such as "model"
}

func (v *enumValue) String() string { return *v.p }
func (v *enumValue) Type() string   { return v.kind }
func (v *enumValue) Want() string   { return orList(v.names()) }

func (v *enumValue) Set(s string) error {
	for _, c := range v.choices {
		if c.name == s {
			*v.p = s
			return nil
		}
	}
	article := "a "
	if strings.ContainsRune("aeiou", rune(v.kind[0])) {
		article = "an "
	}
	return valueError{"is not " + article + v.kind}
}

func (v *enumValue) names() []string {
	out := make([]string, len(v.choices))
	for i, c := range v.choices {
		out[i] = c.name
	}
	return out
}

// complete lists the choices that start with prefix, each with its words.
func (v *enumValue) complete(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, c := range v.choices {
		if strings.HasPrefix(c.name, prefix) {
			out = append(out, cobra.CompletionWithDesc(c.name, c.about))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}

// orList joins names as "a, b or c".
func orList(names []string) string { return joinList(names, " or ") }

// andList joins names as "a, b and c".
func andList(names []string) string { return joinList(names, " and ") }

func joinList(names []string, last string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + last + names[len(names)-1]
}

// usageWidth is the width of a flag's help text: 80 columns less the
// 26 fang gives the flag names of the widest command (--compare-optimizers).
const usageWidth = 54

// addFlag adds v to fs as --name with its help text, after which fang
// shows the default in parentheses, and returns the flag.
func addFlag(fs *pflag.FlagSet, v pflag.Value, name, usage string) *pflag.Flag {
	f := fs.VarPF(v, name, "", "")
	if _, ok := v.(*boolValue); ok {
		f.NoOptDefVal = "true"
	}
	if f.DefValue == "" || f.DefValue == "false" || f.DefValue == "0" {
		f.Usage = wrap(usage, usageWidth)
		return f
	}
	// The text is wrapped with the default that fang adds after its last
	// line held to the last word (nbsp), so that line stays within the
	// width; then the default is taken off again, fang printing it once.
	said := "(" + strings.ReplaceAll(f.DefValue, " ", nbsp) + ")"
	wrapped := wrap(usage+nbsp+said, usageWidth)
	f.Usage = strings.TrimSuffix(wrapped, " ("+f.DefValue+")")
	return f
}

// addFlagSaid is addFlag for a flag whose help text says its default
// itself, where fang's "(default)" would not read well.
func addFlagSaid(fs *pflag.FlagSet, v pflag.Value, name, usage string) *pflag.Flag {
	f := fs.VarPF(v, name, "", wrap(usage, usageWidth))
	f.DefValue = ""
	return f
}

// addEnum adds an enumerated flag whose help text lists its choices after
// lead ("Model: w, wb or quad"), each with its words when withAbout, then
// says the rest, the default included, in tail.
func addEnum(fs *pflag.FlagSet, v *enumValue, name, lead string, withAbout bool, tail string) *pflag.Flag {
	var items []string
	for _, c := range v.choices {
		if withAbout && c.about != "" {
			// Each choice's words stay on one line.
			items = append(items, c.name+" ("+strings.ReplaceAll(c.about, " ", nbsp)+")")
		} else {
			items = append(items, c.name)
		}
	}
	return addFlagSaid(fs, v, name, lead+": "+orList(items)+tail)
}

// nbsp joins words that wrap keeps on one line; it prints as a space.
const nbsp = "\u00a0"

// wrap breaks s into lines of at most width columns at its spaces (not
// at nbsp, which becomes a space).
func wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Split(s, " ") {
		switch {
		case word == "":
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return strings.ReplaceAll(strings.Join(append(lines, line), "\n"), nbsp, " ")
}

// newFlagSet returns an empty flag set that keeps its flags in the order
// they are added, for help.
func newFlagSet(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	return fs
}

// maxQuoted is how many characters of a bad value an error message quotes.
const maxQuoted = 60

// quote quotes s for a one-line message: Go syntax (so a newline reads
// \n), and at most maxQuoted characters of it, the rest elided with "…".
func quote(s string) string { return strconv.Quote(clip(s)) }

// clip shortens s to its first maxQuoted characters, the rest elided.
func clip(s string) string {
	if utf8.RuneCountInString(s) > maxQuoted {
		return string([]rune(s)[:maxQuoted-1]) + "…"
	}
	return s
}

// plural returns "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
