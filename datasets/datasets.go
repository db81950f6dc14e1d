package datasets

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxRows is the largest number of data rows a CSV file may have.
const MaxRows = 1_000_000

// maxLine is the longest line, in bytes, that ParseCSV reads.
const maxLine = 1 << 20

// maxQuoted is how many characters of a bad field an error message repeats.
const maxQuoted = 40

// Dataset is a named set of (x, y) points.
type Dataset struct {
	Name        string    // "hours", or the file's path for a CSV file
	Description string    // one line: what the dataset teaches
	Model       string    // the suggested model: "w", "wb" or "quad"
	X, Y        []float64 // the points, X[i] with Y[i]; always the same length
}

// builtins are the built-in datasets, the lecture's first. Their values are
// small decimals so that printed runs are easy to follow.
var builtins = []Dataset{
	{
		Name:        "hours",
		Description: "the lecture's data: hours studied → points; the best w is exactly 2",
		Model:       "w",
		X:           []float64{1, 2, 3},
		Y:           []float64{2, 4, 6},
	},
	{
		Name:        "offset",
		Description: "points = 2·hours + 1: no line through the origin fits, the model needs an intercept b",
		Model:       "wb",
		X:           []float64{1, 2, 3, 4, 5},
		Y:           []float64{3, 5, 7, 9, 11},
	},
	{
		Name:        "tens",
		Description: "the same line y = 2x at x = 10, 20, 30: α = 0.01 already diverges (1 − 2αx² = −1 at x = 10), α must shrink like 1/x²",
		Model:       "w",
		X:           []float64{10, 20, 30},
		Y:           []float64{20, 40, 60},
	},
	{
		Name:        "noisy",
		Description: "scattered points around y = 2x: no w fits all, so per-sample updates keep jiggling",
		Model:       "w",
		X:           []float64{1, 2, 3, 4, 5, 6, 7, 8},
		Y:           []float64{2.3, 3.6, 6.4, 7.7, 10.5, 11.6, 14.3, 15.8},
	},
	{
		Name:        "curved",
		Description: "points on y = x² − 2x + 3: a straight line cannot fit, the quad model can",
		Model:       "quad",
		X:           []float64{-2, -1, 0, 1, 2, 3},
		Y:           []float64{11, 6, 3, 2, 3, 6},
	},
}

// clone returns a copy of d whose slices the caller may change.
func (d Dataset) clone() Dataset {
	d.X = append([]float64(nil), d.X...)
	d.Y = append([]float64(nil), d.Y...)
	return d
}

// Builtin returns every built-in dataset, "hours" first, as fresh copies
// that the caller may change.
func Builtin() []Dataset {
	out := make([]Dataset, len(builtins))
	for i, d := range builtins {
		out[i] = d.clone()
	}
	return out
}

// Names returns the built-in datasets' names in the order of Builtin.
func Names() []string {
	out := make([]string, len(builtins))
	for i, d := range builtins {
		out[i] = d.Name
	}
	return out
}

// Lookup returns a fresh copy of the built-in dataset called name, and
// whether there is one.
func Lookup(name string) (Dataset, bool) {
	for _, d := range builtins {
		if d.Name == name {
			return d.clone(), true
		}
	}
	return Dataset{}, false
}

// Load returns the built-in dataset called nameOrPath or, when there is
// none, reads the CSV file at that path with ParseCSV, the path being the
// dataset's name. A built-in name wins over a file of the same name; write
// ./hours for the file. A name that is neither is an error that lists the
// built-ins.
func Load(nameOrPath string) (Dataset, error) {
	if d, ok := Lookup(nameOrPath); ok {
		return d, nil
	}
	f, err := os.Open(nameOrPath)
	if errors.Is(err, fs.ErrNotExist) {
		return Dataset{}, fmt.Errorf("unknown dataset %q: not a built-in (%s) and no such file",
			nameOrPath, strings.Join(Names(), ", "))
	}
	if err != nil {
		return Dataset{}, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return Dataset{}, fmt.Errorf("dataset %q is a directory, not a CSV file", nameOrPath)
	}
	return ParseCSV(nameOrPath, f)
}

// ParseError says where a CSV file is wrong.
type ParseError struct {
	File   string // the file's name as given to ParseCSV
	Line   int    // 1-based line in the file; 0 means the file as a whole
	Column int    // 1-based column; 0 means the line as a whole
	Msg    string // what is wrong; "(y): …" when it names the column's role
}

// Error formats the error as file:line: column N: message, leaving out the
// column when Column is 0 and the line too when Line is 0. A message that
// opens with the column's role in parentheses follows the column number
// directly, as in data.csv:3: column 2 (y): "abc" is not a number.
func (e *ParseError) Error() string {
	file := e.File
	if file == "" {
		file = "input"
	}
	switch {
	case e.Line <= 0:
		return fmt.Sprintf("%s: %s", file, e.Msg)
	case e.Column <= 0:
		return fmt.Sprintf("%s:%d: %s", file, e.Line, e.Msg)
	case strings.HasPrefix(e.Msg, "("):
		return fmt.Sprintf("%s:%d: column %d %s", file, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s:%d: column %d: %s", file, e.Line, e.Column, e.Msg)
}

// ParseCSV reads (x, y) points from r. The name is the dataset's name and
// names the file in errors; the dataset suggests the model "w".
//
// Fields are separated by commas and trimmed of spaces, and a field in
// double quotes, as spreadsheets write numbers, loses its quotes (quoted
// commas are not supported). Blank lines and lines starting with # are
// skipped, as is a UTF-8 byte order mark at the start.
//
// The first remaining line is a header when any of its fields is neither
// empty nor a number (NaN, Inf and 1e999 count as numbers here, and are
// then refused as values). A header with columns named x and y (in any
// case) picks those columns, and rows then need at least those columns;
// others are ignored. A header naming neither picks the first two columns
// and ignores any others. A header naming only one of x and y, or one of
// them twice, is an error.
//
// Without a header every row has exactly two columns, x then y: a third
// column is an error rather than silently ignored, since it usually means
// the wrong file or the wrong separator. Every value must be a finite
// number (NaN, Inf and values such as 1e999 that overflow are refused),
// and there must be 1 to MaxRows data rows.
//
// Every rejection is a *ParseError that names the file, the line and the
// column where it applies. An error from r itself is returned wrapped with
// the name.
func ParseCSV(name string, r io.Reader) (Dataset, error) {
	d := Dataset{Name: name, Description: "points read from " + name, Model: "w"}
	fail := func(line, col int, format string, args ...any) (Dataset, error) {
		return Dataset{}, &ParseError{File: name, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	xi, yi := 0, 1 // the columns of x and y, 0-based
	header := false
	seenFirst := false
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		text = strings.TrimSpace(text)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := splitFields(text)
		if !seenFirst {
			seenFirst = true
			if isHeader(fields) {
				header = true
				var msg string
				if xi, yi, msg = headerColumns(fields); msg != "" {
					return fail(line, 0, "%s", msg)
				}
				continue
			}
		}
		if len(fields) <= max(xi, yi) {
			role, col := "y", yi
			if len(fields) <= xi && (xi < yi || len(fields) > yi) {
				role, col = "x", xi
			}
			return fail(line, col+1, "(%s) is missing: the line has only %d %s", role, len(fields), plural(len(fields), "field", "fields"))
		}
		if !header && len(fields) > 2 {
			return fail(line, 3, "extra column %s: without a header a row has two columns, x and y (a header naming columns x and y picks them from more)", quote(fields[2]))
		}
		if len(d.X) == MaxRows {
			return fail(line, 0, "more than %d rows", MaxRows)
		}
		x, msg := number(fields[xi])
		if msg != "" {
			return fail(line, xi+1, "(x): %s", msg)
		}
		y, msg := number(fields[yi])
		if msg != "" {
			return fail(line, yi+1, "(y): %s", msg)
		}
		d.X, d.Y = append(d.X, x), append(d.Y, y)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fail(line+1, 0, "line is longer than %d bytes", maxLine)
		}
		return Dataset{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(d.X) == 0 {
		return fail(0, 0, "no data rows")
	}
	return d, nil
}

// splitFields splits a line at commas and trims every field of spaces and
// of the double quotes around it.
func splitFields(text string) []string {
	fields := strings.Split(text, ",")
	for i, f := range fields {
		f = strings.TrimSpace(f)
		if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
			f = strings.TrimSpace(f[1 : len(f)-1])
		}
		fields[i] = f
	}
	return fields
}

// number parses a finite float, or returns what is wrong with s.
func number(s string) (float64, string) {
	if s == "" {
		return 0, "empty: want a number"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) { // overflow, such as 1e999
			return 0, quote(s) + " is not a finite number"
		}
		return 0, quote(s) + " is not a number"
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, quote(s) + " is not a finite number"
	}
	return f, ""
}

// isHeader reports whether a line is a header: some field is not a number.
// Empty fields, and numbers that overflow or are not finite, do not make a
// header, so that a first row such as "1," or "1,1e999" is refused rather
// than skipped.
func isHeader(fields []string) bool {
	for _, f := range fields {
		if f == "" {
			continue
		}
		if _, err := strconv.ParseFloat(f, 64); err != nil && !errors.Is(err, strconv.ErrRange) {
			return true
		}
	}
	return false
}

// headerColumns finds the x and y columns of a header, or says what is
// wrong with it.
func headerColumns(fields []string) (xi, yi int, msg string) {
	xi, yi = -1, -1
	for i, f := range fields {
		switch strings.ToLower(f) {
		case "x":
			if xi >= 0 {
				return 0, 0, fmt.Sprintf("header names column x twice (columns %d and %d)", xi+1, i+1)
			}
			xi = i
		case "y":
			if yi >= 0 {
				return 0, 0, fmt.Sprintf("header names column y twice (columns %d and %d)", yi+1, i+1)
			}
			yi = i
		}
	}
	switch {
	case xi >= 0 && yi >= 0:
		return xi, yi, ""
	case xi >= 0:
		return 0, 0, fmt.Sprintf("header names column x (column %d) but no column y: name both, or neither to use the first two columns", xi+1)
	case yi >= 0:
		return 0, 0, fmt.Sprintf("header names column y (column %d) but no column x: name both, or neither to use the first two columns", yi+1)
	case len(fields) < 2:
		return 0, 0, "header has one column: want two, x and y"
	}
	return 0, 1, ""
}

// quote quotes s for an error message, cut to maxQuoted characters.
func quote(s string) string {
	if utf8.RuneCountInString(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	n := 0
	for i := range s {
		if n == maxQuoted {
			return strconv.Quote(s[:i]) + "…"
		}
		n++
	}
	return strconv.Quote(s)
}

// plural returns one when n is 1 and many otherwise.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
