package quartier_test

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The dependency rule of the README's architecture section, checked on the
// imports of every package below internal/ (test files aside):
//
//   - libraries (text analysis, geometry, CSV, …) import the domain root and
//     other libraries only;
//   - a context imports the domain root, libraries and contexts of a lower
//     rank, never a sibling of its own rank or one above, and never an
//     adapter (web, exchange formats, stores, wiring);
//   - adapters, the wiring and test support may import anything below them.
//
// Every package must be named here, so a new one is placed on purpose.
const module = "github.com/quartier/quartier"

var (
	libraries = map[string]bool{"csvio": true, "geo": true, "password": true, "totp": true, "report": true, "search": true, "streetdir": true, "textde": true, "xlsx": true,
		"gpkg": true, "ogcapi": true, "workgate": true}
	// contexts by rank: a context stands on those of lower rank. The atlas,
	// the monitoring and the budgets stand on the spatial core, allocation
	// proposals on the monitoring; case work will join them.
	contexts = map[string]int{"audit": 1, "access": 2, "spatial": 2, "atlas": 3, "monitoring": 3, "budget": 3, "allocation": 4}
	adapters = map[string]bool{"http": true, "hsds": true, "committee": true, "services": true, "sqlstore": true, "sqlite": true, "postgres": true,
		"demo": true, "bench": true, "testdb": true, "memtest": true, "storetest": true, "testcity": true, "spatialtest": true}
)

func TestDependenciesPointInward(t *testing.T) {
	dirs, err := os.ReadDir("internal")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		name := d.Name()
		pkg, err := build.ImportDir(filepath.Join("internal", name), 0)
		if err != nil {
			if _, ok := err.(*build.NoGoError); ok {
				continue
			}
			t.Fatal(err)
		}
		rank, isContext := contexts[name]
		if !libraries[name] && !isContext && !adapters[name] {
			t.Errorf("internal/%s is neither library, context nor adapter: place it in architecture_test.go and the README", name)
			continue
		}
		checked++
		for _, imp := range pkg.Imports {
			dep, ok := strings.CutPrefix(imp, module+"/internal/")
			if !ok {
				continue
			}
			dep, _, _ = strings.Cut(dep, "/")
			depRank, depIsContext := contexts[dep]
			switch {
			case adapters[name]:
			case libraries[name] && !libraries[dep]:
				t.Errorf("library internal/%s imports internal/%s: libraries import only the domain and libraries", name, dep)
			case isContext && adapters[dep]:
				t.Errorf("context internal/%s imports the adapter internal/%s", name, dep)
			case isContext && depIsContext && depRank >= rank:
				t.Errorf("context internal/%s (rank %d) imports internal/%s (rank %d): contexts stand only on lower ranks", name, rank, dep, depRank)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d packages checked", checked)
	}
}
