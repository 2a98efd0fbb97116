package main

import (
	"context"
	"fmt"

	"github.com/quartier/quartier"
)

func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "check", "--layer CODE")
	var db dbFlags
	db.register(fs)
	layer := fs.String("layer", "", "Code der Ebene")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *layer == "" {
		return quartier.Errorf(quartier.EINVALID, "--layer fehlt.")
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	problems, err := a.Spatial.CheckLayer(operator(ctx), *layer)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(e.stdout, p.String())
	}
	if quartier.HasErrors(problems) {
		return &quartier.Error{Code: quartier.EINVALID, Message: fmt.Sprintf("Ebene %s ist nicht konsistent.", *layer)}
	}
	fmt.Fprintf(e.stdout, "Ebene %s ist konsistent (%d Hinweise).\n", *layer, len(problems))
	return nil
}
