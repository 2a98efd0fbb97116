package http

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoPackageState keeps the web layer free of package-level mutable
// state: no init functions (which once extended the template FuncMap from
// another file) and no package variables but the embedded files, so two
// servers in one process share nothing and a test cannot leak a hook into
// the next.
func TestNoPackageState(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "init" {
					t.Errorf("%s: func init", fset.Position(d.Pos()))
				}
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, spec := range d.Specs {
					doc := d.Doc
					if vs := spec.(*ast.ValueSpec); vs.Doc != nil {
						doc = vs.Doc
					}
					if doc == nil || !hasEmbed(doc) {
						t.Errorf("%s: package variable %s", fset.Position(spec.Pos()), spec.(*ast.ValueSpec).Names[0].Name)
					}
				}
			}
		}
	}
}

// hasEmbed reports a //go:embed directive, which CommentGroup.Text drops.
func hasEmbed(doc *ast.CommentGroup) bool {
	for _, c := range doc.List {
		if strings.HasPrefix(c.Text, "//go:embed ") {
			return true
		}
	}
	return false
}
