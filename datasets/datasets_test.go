package datasets

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestHoursIsTheLecturesData(t *testing.T) {
	d, ok := Lookup("hours")
	if !ok || !reflect.DeepEqual(d.X, []float64{1, 2, 3}) || !reflect.DeepEqual(d.Y, []float64{2, 4, 6}) || d.Model != "w" {
		t.Fatalf("hours = %+v", d)
	}
	if Names()[0] != "hours" || Builtin()[0].Name != "hours" {
		t.Error("hours is not first")
	}
}

func TestBuiltinsAreSoundAndCopied(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range Builtin() {
		if seen[d.Name] || d.Description == "" || len(d.X) == 0 || len(d.X) != len(d.Y) {
			t.Errorf("built-in %q: duplicate %v, %d x, %d y, description %q", d.Name, seen[d.Name], len(d.X), len(d.Y), d.Description)
		}
		seen[d.Name] = true
		for i := range d.X {
			if math.IsNaN(d.X[i]+d.Y[i]) || math.IsInf(d.X[i]+d.Y[i], 0) {
				t.Errorf("%s: point %d not finite", d.Name, i)
			}
		}
		switch d.Model {
		case "w", "wb", "quad":
		default:
			t.Errorf("%s: model %q", d.Name, d.Model)
		}
	}
	if len(seen) < 4 {
		t.Errorf("%d built-ins, want at least 4", len(seen))
	}
	a, _ := Lookup("hours")
	a.X[0] = 99
	if b, _ := Lookup("hours"); b.X[0] != 1 {
		t.Error("changing a looked-up dataset changed the built-in")
	}
}

func TestParseCSV(t *testing.T) {
	for _, c := range []struct {
		name, in string
		x, y     []float64
	}{
		{"plain", "1,2\n2,4\n3,6\n", []float64{1, 2, 3}, []float64{2, 4, 6}},
		{"header", "hours,points\n1,2\n2,4\n", []float64{1, 2}, []float64{2, 4}},
		{"comments and blanks", "# study data\n\n 1 , 2 \n\n# more\n2,4", []float64{1, 2}, []float64{2, 4}},
		{"named columns", "id, Y ,note,X\n1,2,a,1\n2,4.5,b,2\n", []float64{1, 2}, []float64{2, 4.5}},
		{"exponents", "1e-3,-2.5E2\n", []float64{0.001}, []float64{-250}},
		{"crlf", "x,y\r\n1,2\r\n", []float64{1}, []float64{2}},
		{"quoted", "\"x\",\"y\"\n\"1\",\"2.5\"\n", []float64{1}, []float64{2.5}},
	} {
		d, err := ParseCSV("data.csv", strings.NewReader(c.in))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(d.X, c.x) || !reflect.DeepEqual(d.Y, c.y) {
			t.Errorf("%s: got %v %v, want %v %v", c.name, d.X, d.Y, c.x, c.y)
		}
	}
}

func TestParseCSVRejections(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"1,2\n2,abc\n", `data.csv:2: column 2: (y) "abc" is not a number`},
		{"x,y\n# c\nfoo,2\n", `data.csv:3: column 1: (x) "foo" is not a number`},
		{"1,2\n2,nan\n", `data.csv:2: column 2: (y) "nan" is not a finite number`},
		{"1,inf\n", `data.csv:1: column 2: (y) "inf" is not a finite number`},
		{"1e999,2\n", `data.csv:1: column 1: (x) "1e999" is not a finite number`},
		{"1,2\n3\n", `data.csv:2: column 2: missing column (y): the line has 1 field(s)`},
		{"a,x,y\n1,2\n", `data.csv:2: column 3: missing column (y): the line has 2 field(s)`},
		{"1,2,3\n", `data.csv:1: column 3: 3 columns: want two (x,y), or a header naming columns x and y`},
		{"# nothing\n\n", `data.csv: no data rows`},
		{"x,y\n", `data.csv: no data rows`},
		{"", `data.csv: no data rows`},
		{"x,value\n1,2\n", `data.csv:1: header names only one of the columns x and y: name both, or neither to use the first two columns`},
		{"x,y,x\n1,2,3\n", `data.csv:1: header names column x twice (columns 1 and 3)`},
		{"hours\n1\n", `data.csv:1: header has one column: want two (x,y)`},
	} {
		_, err := ParseCSV("data.csv", strings.NewReader(c.in))
		var pe *ParseError
		if !errors.As(err, &pe) || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.in, err, c.want)
		}
	}
}

func TestParseCSVRowLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("a million rows")
	}
	var b strings.Builder
	for i := 0; i <= MaxRows; i++ {
		b.WriteString("1,2\n")
	}
	_, err := ParseCSV("big.csv", strings.NewReader(b.String()))
	if want := "big.csv:1000001: more than 1000000 rows"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scores.csv")
	if err := os.WriteFile(path, []byte("x,y\n1,3\n2,5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Load(path)
	if err != nil || d.Name != path || !reflect.DeepEqual(d.Y, []float64{3, 5}) {
		t.Errorf("Load(file) = %+v, %v", d, err)
	}
	if d, err := Load("hours"); err != nil || d.Name != "hours" {
		t.Errorf("Load(hours) = %+v, %v", d, err)
	}
	_, err = Load("nosuch")
	if err == nil || !strings.Contains(err.Error(), `unknown dataset "nosuch": not a built-in (hours,`) {
		t.Errorf("Load(nosuch) = %v", err)
	}
}

func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{"1,2\n2,4\n", "x,y\n1,2\n", "# c\n\n1,2", "a,b,c\n1,2,3", "1,nan", "x,x\n", "\ufeffx,y\n1,2", "1,2,3\n", ",\n", "1e999,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseCSV("f.csv", strings.NewReader(s))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if msg := err.Error(); msg == "" || strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "f.csv") {
				t.Fatalf("bad message %q", msg)
			}
			return
		}
		if len(d.X) == 0 || len(d.X) != len(d.Y) {
			t.Fatalf("%d x and %d y", len(d.X), len(d.Y))
		}
		for i := range d.X {
			if math.IsNaN(d.X[i]) || math.IsInf(d.X[i], 0) || math.IsNaN(d.Y[i]) || math.IsInf(d.Y[i], 0) {
				t.Fatalf("row %d not finite: %v %v", i, d.X[i], d.Y[i])
			}
		}
	})
}
