package datasets

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestHoursIsTheLecturesData(t *testing.T) {
	d, ok := Lookup("hours")
	if !ok {
		t.Fatal("no built-in hours")
	}
	if !reflect.DeepEqual(d.X, []float64{1, 2, 3}) || !reflect.DeepEqual(d.Y, []float64{2, 4, 6}) || d.Model != "w" {
		t.Errorf("hours = %+v, want x 1,2,3 → y 2,4,6 with model w", d)
	}
	if Names()[0] != "hours" || Builtin()[0].Name != "hours" {
		t.Error("hours is not the first built-in")
	}
}

func TestBuiltinsAreSound(t *testing.T) {
	all := Builtin()
	if len(all) < 4 {
		t.Errorf("%d built-ins, want at least 4", len(all))
	}
	names := Names()
	if len(names) != len(all) {
		t.Fatalf("Names has %d names for %d built-ins", len(names), len(all))
	}
	seen := map[string]bool{}
	models := map[string]bool{}
	for i, d := range all {
		if d.Name == "" || seen[d.Name] {
			t.Errorf("built-in %d: name %q is empty or repeated", i, d.Name)
		}
		seen[d.Name] = true
		if names[i] != d.Name {
			t.Errorf("Names()[%d] = %q, Builtin()[%d].Name = %q", i, names[i], i, d.Name)
		}
		if d.Description == "" || strings.ContainsAny(d.Description, "\n\r") {
			t.Errorf("%s: description %q is not one line", d.Name, d.Description)
		}
		switch d.Model {
		case "w", "wb", "quad":
			models[d.Model] = true
		default:
			t.Errorf("%s: model %q, want w, wb or quad", d.Name, d.Model)
		}
		if len(d.X) == 0 || len(d.X) != len(d.Y) {
			t.Errorf("%s: %d x and %d y", d.Name, len(d.X), len(d.Y))
		}
		for j := range d.X {
			if !finite(d.X[j]) || !finite(d.Y[j]) {
				t.Errorf("%s: point %d (%v, %v) is not finite", d.Name, j, d.X[j], d.Y[j])
			}
		}
		if got, ok := Lookup(d.Name); !ok || !reflect.DeepEqual(got, d) {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", d.Name, got, ok, d)
		}
		if got, err := Load(d.Name); err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("Load(%q) = %+v, %v; want %+v", d.Name, got, err, d)
		}
	}
	for _, m := range []string{"w", "wb", "quad"} {
		if !models[m] {
			t.Errorf("no built-in suggests model %s", m)
		}
	}
	if _, ok := Lookup("nosuch"); ok {
		t.Error(`Lookup("nosuch") found a dataset`)
	}
}

// TestBuiltinsTeachWhatTheySay checks the claims in the descriptions.
func TestBuiltinsTeachWhatTheySay(t *testing.T) {
	get := func(name string) Dataset {
		d, ok := Lookup(name)
		if !ok {
			t.Fatalf("no built-in %q", name)
		}
		return d
	}
	// offset: y = 2x + 1 exactly, so the best line has an intercept.
	for i, x := range get("offset").X {
		if y := get("offset").Y[i]; y != 2*x+1 {
			t.Errorf("offset: point %d is (%v, %v), not on y = 2x + 1", i, x, y)
		}
	}
	// tens: on y = 2x, and the per-sample factor 1 − 2αx² at α = 0.01 is
	// −1 or worse, so α = 0.01 does not converge.
	tens := get("tens")
	for i, x := range tens.X {
		if tens.Y[i] != 2*x {
			t.Errorf("tens: point %d is (%v, %v), not on y = 2x", i, x, tens.Y[i])
		}
		if f := 1 - 2*0.01*x*x; f > -1 {
			t.Errorf("tens: factor at x = %v is %v, want ≤ −1", x, f)
		}
	}
	// noisy: no w fits every point.
	noisy := get("noisy")
	w := noisy.Y[0] / noisy.X[0]
	exact := true
	for i, x := range noisy.X {
		exact = exact && noisy.Y[i] == w*x
	}
	if exact || len(noisy.X) < 6 {
		t.Errorf("noisy: %d points, on one line through the origin: %v", len(noisy.X), exact)
	}
	// curved: on y = x² − 2x + 3.
	curved := get("curved")
	for i, x := range curved.X {
		if y := curved.Y[i]; y != x*x-2*x+3 {
			t.Errorf("curved: point %d is (%v, %v), not on y = x² − 2x + 3", i, x, y)
		}
	}
}

func TestBuiltinsAreCopies(t *testing.T) {
	a, _ := Lookup("hours")
	a.X[0], a.Y[0] = 99, 99
	if b, _ := Lookup("hours"); b.X[0] != 1 || b.Y[0] != 2 {
		t.Errorf("changing a looked-up dataset changed the built-in: %v %v", b.X, b.Y)
	}
	all := Builtin()
	all[0].X[1] = 99
	all[0].Name = "changed"
	if b := Builtin()[0]; b.X[1] != 2 || b.Name != "hours" {
		t.Errorf("changing Builtin's result changed the built-in: %+v", b)
	}
	l, _ := Load("hours")
	l.Y = append(l.Y[:1], 42)
	if b, _ := Lookup("hours"); b.Y[1] != 4 {
		t.Errorf("appending to a loaded dataset changed the built-in: %v", b.Y)
	}
	n := Names()
	n[0] = "changed"
	if Names()[0] != "hours" {
		t.Error("changing Names' result changed the names")
	}
}

func TestParseCSV(t *testing.T) {
	for _, c := range []struct {
		name, in string
		x, y     []float64
	}{
		{"plain", "1,2\n2,4\n3,6\n", []float64{1, 2, 3}, []float64{2, 4, 6}},
		{"no final newline", "1,2\n2,4", []float64{1, 2}, []float64{2, 4}},
		{"one row", "0,0", []float64{0}, []float64{0}},
		{"header", "hours,points\n1,2\n2,4\n", []float64{1, 2}, []float64{2, 4}},
		{"header x,y", "x,y\n1,2\n", []float64{1}, []float64{2}},
		{"header without x,y uses first two of many", "a,b,c\n1,2,3\n4,5,6\n", []float64{1, 4}, []float64{2, 5}},
		{"comments and blank lines", "# study data\n\n  # indented comment\n1,2\n\n   \n# more\n2,4\n#end", []float64{1, 2}, []float64{2, 4}},
		{"comment before header", "# made by hand\n\nx,y\n1,2\n", []float64{1}, []float64{2}},
		{"spaces and tabs", " 1 , 2 \n\t2\t,\t4\t\n", []float64{1, 2}, []float64{2, 4}},
		{"named columns in other order", "id, Y ,note,X\n1,2,a,1\n2,4.5,b,2\n", []float64{1, 2}, []float64{2, 4.5}},
		{"named columns, extra trailing", "y,x,z\n6,3,whatever,more\n", []float64{3}, []float64{6}},
		{"exponents and signs", "1e-3,-2.5E2\n+.5,5.\n", []float64{0.001, 0.5}, []float64{-250, 5}},
		{"underflow is zero", "1e-999,1\n", []float64{0}, []float64{1}},
		{"negative zero", "-0,0\n", []float64{math.Copysign(0, -1)}, []float64{0}},
		{"crlf", "x,y\r\n1,2\r\n3,4\r\n", []float64{1, 3}, []float64{2, 4}},
		{"byte order mark", "\ufeffx,y\n1,2\n", []float64{1}, []float64{2}},
		{"byte order mark, no header", "\ufeff1,2\n", []float64{1}, []float64{2}},
		{"quoted", "\"x\",\"y\"\n\"1\", \" 2.5 \"\n", []float64{1}, []float64{2.5}},
	} {
		d, err := ParseCSV("data.csv", strings.NewReader(c.in))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(d.X, c.x) || !reflect.DeepEqual(d.Y, c.y) {
			t.Errorf("%s: got %v → %v, want %v → %v", c.name, d.X, d.Y, c.x, c.y)
		}
		if d.Name != "data.csv" || d.Description == "" || d.Model != "w" {
			t.Errorf("%s: name %q, description %q, model %q", c.name, d.Name, d.Description, d.Model)
		}
	}
}

func TestParseCSVRejections(t *testing.T) {
	long := strings.Repeat("a", 50)
	for _, c := range []struct {
		what, in string
		line     int
		col      int
		want     string
	}{
		{"not a number", "1,2\n2,4\n3,6\n4,abc\n", 4, 2, `data.csv:4: column 2 (y): "abc" is not a number`},
		{"x not a number", "x,y\n# c\nfoo,2\n", 3, 1, `data.csv:3: column 1 (x): "foo" is not a number`},
		{"named x column not a number", "id,x,y\n1,2,3\n2,oops,4\n", 3, 2, `data.csv:3: column 2 (x): "oops" is not a number`},
		{"named y column not a number", "y,x\n1,2\nz,4\n", 3, 1, `data.csv:3: column 1 (y): "z" is not a number`},
		{"empty field", "1,2\n,4\n", 2, 1, `data.csv:2: column 1 (x): empty: want a number`},
		{"empty y", "1,\n", 1, 2, `data.csv:1: column 2 (y): empty: want a number`},
		{"empty fields only", " , \n", 1, 1, `data.csv:1: column 1 (x): empty: want a number`},
		{"first row with nan is not a header", "nan,inf\n", 1, 1, `data.csv:1: column 1 (x): "nan" is not a finite number`},
		{"not a number, second row is header-like", "1,2\n1,2 3\n", 2, 2, `data.csv:2: column 2 (y): "2 3" is not a number`},
		{"quoted comma", "x,y\n\"1,5\",2\n", 2, 1, `data.csv:2: column 1 (x): "\"1" is not a number`},
		{"long field cut", "1,2\n1," + long + "\n", 2, 2, `data.csv:2: column 2 (y): "` + long[:40] + `"… is not a number`},
		{"control characters quoted", "1,2\n1,a\rb\n", 2, 2, `data.csv:2: column 2 (y): "a\rb" is not a number`},
		{"nan", "1,2\n2,nan\n", 2, 2, `data.csv:2: column 2 (y): "nan" is not a finite number`},
		{"NaN as x", "NaN,2\n", 1, 1, `data.csv:1: column 1 (x): "NaN" is not a finite number`},
		{"inf", "1,inf\n", 1, 2, `data.csv:1: column 2 (y): "inf" is not a finite number`},
		{"-Infinity", "x,y\n-Infinity,1\n", 2, 1, `data.csv:2: column 1 (x): "-Infinity" is not a finite number`},
		{"overflow", "1e999,2\n", 1, 1, `data.csv:1: column 1 (x): "1e999" is not a finite number`},
		{"negative overflow", "1,2\n3,-1e400\n", 2, 2, `data.csv:2: column 2 (y): "-1e400" is not a finite number`},
		{"missing y", "1,2\n3\n", 2, 2, `data.csv:2: column 2 (y) is missing: the line has only 1 field`},
		{"missing y, first line", "5\n", 1, 2, `data.csv:1: column 2 (y) is missing: the line has only 1 field`},
		{"missing named y", "a,x,y\n1,2\n", 2, 3, `data.csv:2: column 3 (y) is missing: the line has only 2 fields`},
		{"missing named x", "y,b,x\n1,2\n", 2, 3, `data.csv:2: column 3 (x) is missing: the line has only 2 fields`},
		{"both missing, x first", "a,b,x,y\n1,2\n", 2, 3, `data.csv:2: column 3 (x) is missing: the line has only 2 fields`},
		{"both missing, y first", "a,y,b,x\n1\n", 2, 2, `data.csv:2: column 2 (y) is missing: the line has only 1 field`},
		{"extra column", "1,2,3\n", 1, 3, `data.csv:1: column 3: extra column "3": without a header a row has two columns, x and y (a header naming columns x and y picks them from more)`},
		{"extra column later", "1,2\n2,4\n3,6,\n", 3, 3, `data.csv:3: column 3: extra column "": without a header a row has two columns, x and y (a header naming columns x and y picks them from more)`},
		{"no rows, comments only", "# nothing\n\n", 0, 0, `data.csv: no data rows`},
		{"no rows, header only", "x,y\n", 0, 0, `data.csv: no data rows`},
		{"no rows, empty", "", 0, 0, `data.csv: no data rows`},
		{"no rows, spaces", "  \n\t\n", 0, 0, `data.csv: no data rows`},
		{"header names x only", "x,value\n1,2\n", 1, 0, `data.csv:1: header names column x (column 1) but no column y: name both, or neither to use the first two columns`},
		{"header names y only", "t, Y\n1,2\n", 1, 0, `data.csv:1: header names column y (column 2) but no column x: name both, or neither to use the first two columns`},
		{"header names x twice", "x,y,X\n1,2,3\n", 1, 0, `data.csv:1: header names column x twice (columns 1 and 3)`},
		{"header names y twice", "# c\ny,x,y\n1,2,3\n", 2, 0, `data.csv:2: header names column y twice (columns 1 and 3)`},
		{"header of one column", "hours\n1\n", 1, 0, `data.csv:1: header has one column: want two, x and y`},
		{"overlong line", "1,2\n" + strings.Repeat("1", maxLine+1) + "\n", 2, 0, `data.csv:2: line is longer than 1048576 bytes`},
	} {
		_, err := ParseCSV("data.csv", strings.NewReader(c.in))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %v (%T), want a *ParseError", c.what, err, err)
			continue
		}
		if got := err.Error(); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.what, got, c.want)
		}
		if pe.File != "data.csv" || pe.Line != c.line || pe.Column != c.col {
			t.Errorf("%s: file %q line %d column %d, want data.csv line %d column %d", c.what, pe.File, pe.Line, pe.Column, c.line, c.col)
		}
	}
}

func TestParseCSVRowLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("a million rows")
	}
	var b strings.Builder
	b.WriteString("x,y\n")
	for range MaxRows {
		b.WriteString("1,2\n")
	}
	d, err := ParseCSV("data.csv", strings.NewReader(b.String()))
	if err != nil || len(d.X) != MaxRows {
		t.Fatalf("%d rows: %d read, %v", MaxRows, len(d.X), err)
	}
	b.WriteString("1,2\n")
	_, err = ParseCSV("data.csv", strings.NewReader(b.String()))
	var pe *ParseError
	if want := "data.csv:1000002: more than 1000000 rows"; !errors.As(err, &pe) || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestParseCSVReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := ParseCSV("data.csv", iotest.ErrReader(boom))
	if !errors.Is(err, boom) || err.Error() != "data.csv: disk on fire" {
		t.Errorf("got %v, want data.csv: disk on fire wrapping the reader's error", err)
	}
	_, err = ParseCSV("data.csv", &failAfter{s: "1,2\n", err: boom})
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "data.csv: ") {
		t.Errorf("got %v after a good row, want the reader's error", err)
	}
}

// failAfter is a reader that yields s and then fails with err.
type failAfter struct {
	s   string
	err error
}

func (f *failAfter) Read(p []byte) (int, error) {
	if f.s == "" {
		return 0, f.err
	}
	n := copy(p, f.s)
	f.s = f.s[n:]
	return n, nil
}

func TestParseErrorFormat(t *testing.T) {
	for _, c := range []struct {
		e    ParseError
		want string
	}{
		{ParseError{"data.csv", 3, 2, `"abc" is not a number`}, `data.csv:3: column 2: "abc" is not a number`},
		{ParseError{"data.csv", 4, 2, `(y): "abc" is not a number`}, `data.csv:4: column 2 (y): "abc" is not a number`},
		{ParseError{"data.csv", 3, 0, "bad line"}, `data.csv:3: bad line`},
		{ParseError{"data.csv", 0, 0, "no data rows"}, `data.csv: no data rows`},
		{ParseError{"data.csv", 0, 5, "no data rows"}, `data.csv: no data rows`},
		{ParseError{"", 2, 0, "bad"}, `input:2: bad`},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("%+v: got %s, want %s", c.e, got, c.want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scores.csv")
	if err := os.WriteFile(path, []byte("# scores\nx,y\n1,3\n2,5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Load(path)
	if err != nil || d.Name != path || !reflect.DeepEqual(d.X, []float64{1, 2}) || !reflect.DeepEqual(d.Y, []float64{3, 5}) {
		t.Errorf("Load(%s) = %+v, %v", path, d, err)
	}

	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("1,2\n2,4\n3,abc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(bad)
	var pe *ParseError
	if want := bad + `:3: column 2 (y): "abc" is not a number`; !errors.As(err, &pe) || err.Error() != want || pe.File != bad {
		t.Errorf("Load(bad) = %v, want %s", err, want)
	}

	_, err = Load("nosuch")
	want := `unknown dataset "nosuch": not a built-in (` + strings.Join(Names(), ", ") + `) and no such file`
	if err == nil || err.Error() != want || !strings.HasPrefix(want, `unknown dataset "nosuch": not a built-in (hours, `) {
		t.Errorf("Load(nosuch) = %v, want %s", err, want)
	}
	if _, err := Load(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Load(missing file) = %v", err)
	}

	_, err = Load(dir)
	if want := `dataset "` + dir + `" is a directory, not a CSV file`; err == nil || err.Error() != want {
		t.Errorf("Load(dir) = %v, want %s", err, want)
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{
		"1,2\n2,4\n3,6\n",
		"x,y\n1,2\n",
		"id,Y,note,X\n1,2,a,1\n",
		"# c\n\n 1 , 2 ",
		"a,b,c\n1,2,3",
		"1,2,3\n",
		"1,nan",
		"inf,1",
		"1e999,1",
		"1e-999,1",
		"x,x\n",
		"x\n1\n",
		"y,b,x\n1,2\n",
		"\ufeffx,y\n1,2",
		"\"x\",\"y\"\n\"1\",\"2\"\n",
		",\n",
		"1,\n",
		"\r\n1,2\r\n",
		"0x1p-2,1_0\n",
		"\xff,1\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseCSV("f.csv", strings.NewReader(s))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			msg := err.Error()
			if msg == "" || strings.ContainsAny(msg, "\n\r") || !strings.HasPrefix(msg, "f.csv") {
				t.Fatalf("bad message %q", msg)
			}
			if pe.Line < 0 || pe.Column < 0 || pe.Line == 0 && pe.Column != 0 {
				t.Fatalf("bad position: line %d column %d", pe.Line, pe.Column)
			}
			return
		}
		if len(d.X) == 0 || len(d.X) != len(d.Y) {
			t.Fatalf("%d x and %d y", len(d.X), len(d.Y))
		}
		for i := range d.X {
			if !finite(d.X[i]) || !finite(d.Y[i]) {
				t.Fatalf("row %d not finite: %v %v", i, d.X[i], d.Y[i])
			}
		}
	})
}
