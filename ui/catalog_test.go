package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"descent/datasets"
	"descent/engine"
)

// catalogKeys returns every string the package's code (not its tests)
// looks up in the catalog: the literal, or the constant, passed to tr,
// trf, a common's or a lab's tr and trf, a key maker's description (k,
// from keysIn) and a status's hint (messageLines). A file another helper
// adds that calls the same functions is covered without a change here.
func catalogKeys(t *testing.T) map[string]token.Position {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var parsed []*ast.File
	consts := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[n.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	keys := map[string]token.Position{}
	add := func(e ast.Expr) {
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING {
				s, _ := strconv.Unquote(e.Value)
				keys[s] = fset.Position(e.Pos())
			}
		case *ast.Ident:
			if s, ok := consts[e.Name]; ok {
				keys[s] = fset.Position(e.Pos())
			}
		}
	}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			arg := -1
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				switch fun.Name {
				case "tr", "trf":
					arg = 1
				case "k":
					arg = 1
				}
			case *ast.SelectorExpr:
				switch fun.Sel.Name {
				case "tr", "trf":
					arg = 0
				case "messageLines":
					arg = 2
				}
			}
			if arg >= 0 && arg < len(call.Args) {
				add(call.Args[arg])
			}
			return true
		})
	}
	return keys
}

// verbs are a format's verbs, as a sorted list: a translation must take
// the same arguments, in whatever order.
var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		if v == "%%" {
			continue
		}
		out = append(out, regexp.MustCompile(`\[\d+\]`).ReplaceAllString(v, ""))
	}
	sort.Strings(out)
	return out
}

// TestEveryStringHasItsKorean fails for every string the code looks up
// that the catalog lacks in Korean, and for a Korean format that takes
// other arguments than its English key. The strings that reach the
// catalog through a variable are listed here: the names of the presets,
// statuses and regimes, the built-in datasets' descriptions.
func TestEveryStringHasItsKorean(t *testing.T) {
	keys := catalogKeys(t)
	if len(keys) < 100 {
		t.Fatalf("found %d keys: the scan misses the calls", len(keys))
	}
	var dynamic []string
	for k := range [4]int{} {
		dynamic = append(dynamic, presetName(engine.Preset{Kind: engine.PresetKind(k)}))
	}
	for s := engine.Running; s <= engine.Stalled; s++ {
		dynamic = append(dynamic, s.String())
	}
	for g := engine.Converging; g <= engine.Adaptive; g++ {
		dynamic = append(dynamic, g.String())
	}
	for _, d := range datasets.Builtin() {
		dynamic = append(dynamic, d.Description)
	}
	for _, s := range dynamic {
		keys[s] = token.Position{Filename: "(dynamic)"}
	}
	var missing []string
	for k, pos := range keys {
		ko, ok := korean[k]
		switch {
		case !ok || ko == "":
			missing = append(missing, pos.String()+": "+strconv.Quote(k))
		case strings.Join(verbs(k), " ") != strings.Join(verbs(ko), " "):
			t.Errorf("%s: %q and its Korean %q take other arguments", pos, k, ko)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no Korean for %s", m)
	}
}

// TestCatalogHasNoStaleEntries fails for a catalog entry no code looks up
// any more, so the catalog stays the list of what the view says.
func TestCatalogHasNoStaleEntries(t *testing.T) {
	keys := catalogKeys(t)
	src := ""
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") {
			b, _ := os.ReadFile(f)
			src += string(b)
		}
	}
	for k := range korean {
		if _, ok := keys[k]; ok {
			continue
		}
		dyn := false
		for _, d := range datasets.Builtin() {
			dyn = dyn || d.Description == k
		}
		for s := engine.Running; s <= engine.Stalled; s++ {
			dyn = dyn || s.String() == k
		}
		for g := engine.Converging; g <= engine.Adaptive; g++ {
			dyn = dyn || g.String() == k
		}
		for p := range [4]int{} {
			dyn = dyn || presetName(engine.Preset{Kind: engine.PresetKind(p)}) == k
		}
		if !dyn && !strings.Contains(src, strconv.Quote(k)) {
			t.Errorf("catalog entry %q is not used", k)
		}
	}
}
