package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// cmdAssign reads assignments (sozialraum;traeger;gueltig_ab[;gueltig_bis][;notiz])
// and records them all in one transaction.
func cmdAssign(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "assign", "ZUSTAENDIGKEITEN.csv")
	var db dbFlags
	db.register(fs)
	file, err := parseOne(fs, args, "CSV-Datei")
	if err != nil {
		return err
	}
	rows, err := readCSVFile(e, file)
	if err != nil {
		return err
	}
	reqs, err := assignRows(rows)
	if err != nil {
		return err
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	if err := a.Spatial.AssignAll(operator(ctx), reqs); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d Zuständigkeiten eingetragen.\n", len(reqs))
	return nil
}

func assignRows(rows [][]string) ([]spatial.AssignRequest, error) {
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	need := func(names ...string) (int, error) {
		for _, n := range names {
			if i, ok := col[n]; ok {
				return i, nil
			}
		}
		return -1, quartier.Errorf(quartier.EINVALID, "Spalte %s fehlt in der Kopfzeile.", names[0])
	}
	cSpace, err := need("sozialraum", "space")
	if err != nil {
		return nil, err
	}
	cWho, err := need("traeger", "träger", "assignee", "provider")
	if err != nil {
		return nil, err
	}
	cFrom, err := need("gueltig_ab", "gültig_ab", "valid_from")
	if err != nil {
		return nil, err
	}
	cTo, _ := need("gueltig_bis", "gültig_bis", "valid_to")
	cNote, _ := need("notiz", "note")
	cell := func(r []string, i int) string {
		if i < 0 || i >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[i])
	}
	var out []spatial.AssignRequest
	for n, r := range rows[1:] {
		line := n + 2
		from, err := quartier.ParseDate(cell(r, cFrom))
		if err != nil {
			return nil, quartier.Errorf(quartier.EINVALID, "Zeile %d: %s", line, quartier.ErrorMessage(err))
		}
		req := spatial.AssignRequest{Line: line, Space: quartier.SpaceCode(cell(r, cSpace)), Assignee: cell(r, cWho), ValidFrom: from, Note: cell(r, cNote)}
		if s := cell(r, cTo); s != "" {
			to, err := quartier.ParseDate(s)
			if err != nil {
				return nil, quartier.Errorf(quartier.EINVALID, "Zeile %d: %s", line, quartier.ErrorMessage(err))
			}
			req.ValidTo = &to
		}
		out = append(out, req)
	}
	return out, nil
}
