package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
)

// cmdUser manages accounts. Passwords are read from a prompt (terminal,
// without echo) or the first line of stdin — never from a flag, which
// would land in the shell history and the process list.
func cmdUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "grant") {
		return quartier.Errorf(quartier.EINVALID, "quartier user create|grant … (mit -h für Optionen)")
	}
	fs := newFlagSet(e, "user "+args[0], "--login NAME --name \"Vor Nachname\" --role ROLLE [--spaces a,b | --team CODE | --provider CODE]")
	var db dbFlags
	db.register(fs)
	login := fs.String("login", "", "Anmeldename")
	name := fs.String("name", "", "Name der Person")
	email := fs.String("email", "", "E-Mail")
	role := fs.String("role", "", "Rolle: "+roleList())
	spaces := fs.String("spaces", "", "Geltungsbereich: Sozialräume (Codes, mit Komma)")
	team := fs.String("team", "", "Geltungsbereich: Team (Code)")
	provider := fs.String("provider", "", "Geltungsbereich: Träger (Code)")
	if _, err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	scope := quartier.Scope{Kind: quartier.ScopeAll}
	switch {
	case *spaces != "":
		scope = quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: quartier.SpaceCodes(strings.Split(*spaces, ","))}
	case *team != "":
		scope = quartier.Scope{Kind: quartier.ScopeTeam, Ref: *team}
	case *provider != "":
		scope = quartier.Scope{Kind: quartier.ScopeProvider, Ref: *provider}
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	ctx = operator(ctx)
	if args[0] == "grant" {
		if err := a.Access.Grant(ctx, *login, quartier.Grant{Role: quartier.Role(*role), Scope: scope}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s hat jetzt die Rolle %s (%s).\n", *login, quartier.RoleLabels[quartier.Role(*role)], scope)
		return nil
	}
	pw, err := readPassword(e)
	if err != nil {
		return err
	}
	u, err := a.Access.CreateUser(ctx, access.CreateUserRequest{Login: *login, Name: *name, Email: *email, Password: pw, Role: quartier.Role(*role), Scope: scope})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Konto %s (%s) angelegt: %s, %s.\n", u.Login, u.Name, quartier.RoleLabels[quartier.Role(*role)], scope)
	return nil
}

func roleList() string {
	var s []string
	for _, r := range quartier.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

func readPassword(e *env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Passwort (mindestens 12 Zeichen): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(e.stderr, "Wiederholen: ")
		b2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		if string(b) != string(b2) {
			return "", quartier.Errorf(quartier.EINVALID, "Die Passwörter stimmen nicht überein.")
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", quartier.Errorf(quartier.EINVALID, "Kein Passwort auf der Standardeingabe.")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func cmdAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return quartier.Errorf(quartier.EINVALID, "quartier audit verify")
	}
	fs := newFlagSet(e, "audit verify", "")
	var db dbFlags
	db.register(fs)
	if _, err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	rep, err := a.Audit.Verify(operator(ctx))
	if err != nil {
		return err
	}
	if rep.Broken != nil {
		return quartier.Errorf(quartier.ECONFLICT, "Protokoll beschädigt: %s Erster betroffener Eintrag: %d (%s, %s, %s).",
			rep.Reason, rep.Broken.ID, rep.Broken.At.UTC().Format("2006-01-02 15:04:05"), rep.Broken.Login, rep.Broken.Action)
	}
	fmt.Fprintf(e.stdout, "Protokoll unversehrt: %d Einträge, Kette geprüft.\n", rep.Entries)
	return nil
}
