// Package datasets holds descent's built-in datasets and reads CSV files
// of (x, y) points.
//
// Usage:
//
//	d, err := datasets.Load("hours")      // the lecture's data: 1,2,3 → 2,4,6
//	d, err = datasets.Load("scores.csv")  // or a CSV file of x,y rows
//	if err != nil { … }                   // a *ParseError names file, line and column
//	fmt.Println(d.X, d.Y)
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
)

// MaxRows is the largest number of data rows a CSV file may have.
const MaxRows = 1_000_000

// Dataset is a named set of (x, y) points.
type Dataset struct {
	Name        string // "hours", or the file's path for a CSV file
	Description string // one line: what the dataset teaches
	Model       string // the model it suits: "w", "wb" or "quad"
	X, Y        []float64
}

var builtins = []Dataset{
	{"hours", "the lecture's data: hours studied → points; the best w is exactly 2", "w",
		[]float64{1, 2, 3}, []float64{2, 4, 6}},
	{"offset", "points = 2·hours + 1: no line through the origin fits, the model needs an intercept b", "wb",
		[]float64{1, 2, 3, 4, 5}, []float64{3, 5, 7, 9, 11}},
	{"tens", "the same line y = 2x at x = 10, 20, 30: α = 0.01 already diverges, α must shrink like 1/x²", "w",
		[]float64{10, 20, 30}, []float64{20, 40, 60}},
	{"noisy", "scattered points around y = 2x: no w fits all, so per-sample updates keep jiggling", "w",
		[]float64{1, 2, 3, 4, 5, 6, 7, 8}, []float64{2.3, 3.6, 6.4, 7.7, 10.5, 11.6, 14.3, 15.8}},
	{"curved", "points on y = x² − 2x + 3: a straight line cannot fit, the quad model can", "quad",
		[]float64{-2, -1, 0, 1, 2, 3}, []float64{11, 6, 3, 2, 3, 6}},
}

// clone returns a copy of d whose slices the caller may change.
func (d Dataset) clone() Dataset {
	d.X = append([]float64(nil), d.X...)
	d.Y = append([]float64(nil), d.Y...)
	return d
}

// Builtin returns every built-in dataset, the lecture's first, as copies.
func Builtin() []Dataset {
	out := make([]Dataset, len(builtins))
	for i, d := range builtins {
		out[i] = d.clone()
	}
	return out
}

// Names returns the built-in datasets' names in order.
func Names() []string {
	out := make([]string, len(builtins))
	for i, d := range builtins {
		out[i] = d.Name
	}
	return out
}

// Lookup returns a copy of the built-in dataset called name.
func Lookup(name string) (Dataset, bool) {
	for _, d := range builtins {
		if d.Name == name {
			return d.clone(), true
		}
	}
	return Dataset{}, false
}

// Load returns the built-in dataset called nameOrPath or, failing that,
// reads the CSV file at that path.
func Load(nameOrPath string) (Dataset, error) {
	if d, ok := Lookup(nameOrPath); ok {
		return d, nil
	}
	f, err := os.Open(nameOrPath)
	if errors.Is(err, fs.ErrNotExist) {
		return Dataset{}, fmt.Errorf("unknown dataset %q: not a built-in (%s) and no such file", nameOrPath, strings.Join(Names(), ", "))
	}
	if err != nil {
		return Dataset{}, err
	}
	defer f.Close()
	return ParseCSV(nameOrPath, f)
}

// ParseError says where a CSV file is wrong and how.
type ParseError struct {
	File   string
	Line   int // 1-based; 0 means the file as a whole
	Column int // 1-based; 0 means the line as a whole
	Msg    string
}

// Error formats the error as file:line: column N: message.
func (e *ParseError) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Column == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: column %d: %s", e.File, e.Line, e.Column, e.Msg)
}

// ParseCSV reads (x, y) points from r; name is used in errors and as the
// dataset's name. Fields are separated by commas and trimmed of spaces;
// blank lines and lines starting with # are skipped. The first line is a
// header when one of its fields is not a number: columns named x and y
// (in any case) are then used, otherwise the first two. Without a header
// every row has exactly two columns, x then y. Every value must be a
// finite number, and there must be 1 to MaxRows rows. Fields in double
// quotes, as spreadsheets write them, lose their quotes.
func ParseCSV(name string, r io.Reader) (Dataset, error) {
	d := Dataset{Name: name, Description: "points read from " + name, Model: "w"}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	xi, yi := 0, 1
	header := false
	seenFirst := false
	wantCols := 2 // exact count without a header; minimum with one
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, ",")
		for i, f := range fields {
			f = strings.TrimSpace(f)
			if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
				f = strings.TrimSpace(f[1 : len(f)-1]) // a spreadsheet's quoted field
			}
			fields[i] = f
		}
		if !seenFirst {
			seenFirst = true
			if isHeader(fields) {
				header = true
				var err error
				if xi, yi, err = headerColumns(fields); err != nil {
					return d, &ParseError{name, line, 0, err.Error()}
				}
				wantCols = max(xi, yi) + 1
				continue
			}
		}
		if header && len(fields) < wantCols || !header && len(fields) < 2 {
			missing := "y"
			col := yi + 1
			if len(fields) <= xi {
				missing, col = "x", xi+1
			}
			return d, &ParseError{name, line, col, fmt.Sprintf("missing column (%s): the line has %d field(s)", missing, len(fields))}
		}
		if !header && len(fields) > 2 {
			return d, &ParseError{name, line, 3, fmt.Sprintf("%d columns: want two (x,y), or a header naming columns x and y", len(fields))}
		}
		if len(d.X) == MaxRows {
			return d, &ParseError{name, line, 0, fmt.Sprintf("more than %d rows", MaxRows)}
		}
		x, err := number(fields[xi])
		if err != nil {
			return d, &ParseError{name, line, xi + 1, "(x) " + err.Error()}
		}
		y, err := number(fields[yi])
		if err != nil {
			return d, &ParseError{name, line, yi + 1, "(y) " + err.Error()}
		}
		d.X, d.Y = append(d.X, x), append(d.Y, y)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return d, &ParseError{name, line + 1, 0, "line longer than 1 MiB"}
		}
		return d, fmt.Errorf("%s: %w", name, err)
	}
	if len(d.X) == 0 {
		return d, &ParseError{name, 0, 0, "no data rows"}
	}
	return d, nil
}

// number parses a finite float.
func number(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("%q is not a finite number", s)
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return f, nil
}

// isHeader reports whether a line is a header: some field is not a number.
func isHeader(fields []string) bool {
	for _, f := range fields {
		if _, err := strconv.ParseFloat(f, 64); err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				continue
			}
			return true
		}
	}
	return false
}

// headerColumns finds the x and y columns of a header.
func headerColumns(fields []string) (xi, yi int, err error) {
	xi, yi = -1, -1
	for i, f := range fields {
		switch strings.ToLower(f) {
		case "x":
			if xi >= 0 {
				return 0, 0, fmt.Errorf("header names column x twice (columns %d and %d)", xi+1, i+1)
			}
			xi = i
		case "y":
			if yi >= 0 {
				return 0, 0, fmt.Errorf("header names column y twice (columns %d and %d)", yi+1, i+1)
			}
			yi = i
		}
	}
	switch {
	case xi >= 0 && yi >= 0:
		return xi, yi, nil
	case xi >= 0 || yi >= 0:
		return 0, 0, errors.New("header names only one of the columns x and y: name both, or neither to use the first two columns")
	case len(fields) < 2:
		return 0, 0, errors.New("header has one column: want two (x,y)")
	}
	return 0, 1, nil
}
