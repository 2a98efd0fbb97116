package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/services"
)

// userVerbs are the subcommands of `quartier user`, each a use case of
// access control run as the operator; the web's account pages run the
// same ones.
var userVerbs = map[string]struct {
	args string
	run  func(ctx context.Context, e *env, a *services.Set, f *userFlags) error
}{
	"list":      {"", userList},
	"create":    {"--login NAME --name \"Vor Nachname\" --role ROLLE [Geltungsbereich] [--valid-from D] [--valid-to D] [--initial]", userCreate},
	"grant":     {"--login NAME --role ROLLE [--spaces a,b | --team CODE | --provider CODE] [--valid-from D] [--valid-to D]", userGrant},
	"revoke":    {"--login NAME (--grant NR | --role ROLLE) [--date D]", userRevoke},
	"lock":      {"--login NAME", userLock},
	"unlock":    {"--login NAME", userUnlock},
	"passwd":    {"--login NAME", userPasswd},
	"reset-2fa": {"--login NAME", userReset2FA},
}

// userFlags are the flags of the user verbs; each verb registers the
// ones it reads.
type userFlags struct {
	login, name, email, role *string
	spaces, team, provider   *string
	validFrom, validTo       *string
	nr, date                 *string // revoke
	generate                 *bool   // create --initial
}

// cmdUser manages accounts. Passwords are read from a prompt (terminal,
// without echo) or the first line of stdin — never from a flag, which
// would land in the shell history and the process list — or generated
// (passwd, create --initial): printed once, to be replaced by the person
// at her first sign-in.
func cmdUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return quartier.Errorf(quartier.EINVALID, "quartier user list|create|grant|revoke|lock|unlock|passwd|reset-2fa … (mit -h für Optionen)")
	}
	verb, ok := userVerbs[args[0]]
	if !ok {
		return quartier.Errorf(quartier.EINVALID, "Unbekannter Befehl „user %s“: list, create, grant, revoke, lock, unlock, passwd oder reset-2fa.", args[0])
	}
	fs := newFlagSet(e, "user "+args[0], verb.args)
	var db dbFlags
	db.register(fs)
	f := &userFlags{}
	if args[0] != "list" {
		f.login = fs.String("login", "", "Anmeldename")
	}
	switch args[0] {
	case "create":
		f.name = fs.String("name", "", "Name der Person")
		f.email = fs.String("email", "", "E-Mail")
		f.generate = fs.Bool("initial", false, "vorläufiges Passwort erzeugen und ausgeben (statt es einzulesen); bei der ersten Anmeldung zu ändern")
		fallthrough
	case "grant":
		f.role = fs.String("role", "", "Rolle: "+roleList())
		f.spaces = fs.String("spaces", "", "Geltungsbereich: Sozialräume (Codes, mit Komma)")
		f.team = fs.String("team", "", "Geltungsbereich: Team (Code)")
		f.provider = fs.String("provider", "", "Geltungsbereich: Träger (Code)")
		f.validFrom = fs.String("valid-from", "", "gültig ab (JJJJ-MM-TT oder TT.MM.JJJJ; Standard heute)")
		f.validTo = fs.String("valid-to", "", "endet am (ab diesem Tag ohne Wirkung; Standard offen)")
	case "revoke":
		f.nr = fs.String("grant", "", "Nummer der Berechtigung (siehe user list)")
		f.role = fs.String("role", "", "oder: die eine laufende Berechtigung mit dieser Rolle")
		f.date = fs.String("date", "", "endet am (ab diesem Tag ohne Wirkung; Standard heute)")
	}
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return quartier.Errorf(quartier.EINVALID, "Unerwartetes Argument %q (Optionen beginnen mit --).", pos[0])
	}
	if f.login != nil && *f.login == "" {
		return quartier.Errorf(quartier.EINVALID, "Bitte --login angeben.")
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	return verb.run(operator(ctx), e, a, f)
}

// grant reads role, scope and validity.
func (f *userFlags) grant() (quartier.Grant, error) {
	g := quartier.Grant{Role: quartier.Role(*f.role), Scope: quartier.Scope{Kind: quartier.ScopeAll}}
	n := 0
	if *f.spaces != "" {
		g.Scope, n = quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: quartier.SpaceCodes(strings.Split(*f.spaces, ","))}, n+1
	}
	if *f.team != "" {
		g.Scope, n = quartier.Scope{Kind: quartier.ScopeTeam, Ref: *f.team}, n+1
	}
	if *f.provider != "" {
		g.Scope, n = quartier.Scope{Kind: quartier.ScopeProvider, Ref: *f.provider}, n+1
	}
	if n > 1 {
		return g, quartier.Errorf(quartier.EINVALID, "Bitte nur einen Geltungsbereich angeben: --spaces, --team oder --provider.")
	}
	var err error
	if *f.validFrom != "" {
		if g.ValidFrom, err = quartier.ParseDate(*f.validFrom); err != nil {
			return g, quartier.Errorf(quartier.EINVALID, "--valid-from: %s", quartier.ErrorMessage(err))
		}
	}
	if *f.validTo != "" {
		to, err := quartier.ParseDate(*f.validTo)
		if err != nil {
			return g, quartier.Errorf(quartier.EINVALID, "--valid-to: %s", quartier.ErrorMessage(err))
		}
		g.ValidTo = &to
	}
	return g, nil
}

func userList(ctx context.Context, e *env, a *services.Set, _ *userFlags) error {
	users, err := a.Access.Users(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(w, "Anmeldename\tName\tStatus\tBerechtigungen (Nr. Rolle – Geltungsbereich, Zeitraum)")
	for _, u := range users {
		var grants []string
		for _, g := range u.Grants {
			s := fmt.Sprintf("%d %s – %s, ab %s", g.ID, g.Role, g.Scope, g.ValidFrom.Format(quartier.GermanDateLayout))
			if g.ValidTo != nil {
				s += " bis " + g.ValidTo.Format(quartier.GermanDateLayout)
			}
			switch {
			case g.Ended:
				s += " (beendet)"
			case g.Pending:
				s += " (künftig)"
			}
			grants = append(grants, s)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", u.User.Login, u.User.Name, accountStatus(&u.User), strings.Join(grants, "; "))
	}
	return w.Flush()
}

// accountStatus names what stands between an account and its use.
func accountStatus(u *quartier.User) string {
	var s []string
	if u.Disabled {
		s = append(s, "gesperrt")
	} else {
		s = append(s, "aktiv")
	}
	if u.MustChangePassword {
		s = append(s, "vorläufiges Passwort")
	}
	if u.TOTPSecret != "" {
		s = append(s, "zweiter Faktor")
	} else if u.MustEnrollTOTP {
		s = append(s, "zweiter Faktor neu einzurichten")
	}
	if u.ExternalID != "" {
		s = append(s, "Anmeldedienst")
	}
	return strings.Join(s, ", ")
}

func userCreate(ctx context.Context, e *env, a *services.Set, f *userFlags) error {
	g, err := f.grant()
	if err != nil {
		return err
	}
	var pw string
	if !*f.generate {
		if pw, err = readPassword(e); err != nil {
			return err
		}
	}
	u, err := a.Access.CreateUser(ctx, access.CreateUserRequest{Login: *f.login, Name: *f.name, Email: *f.email, Password: pw,
		Role: g.Role, Scope: g.Scope, ValidFrom: g.ValidFrom, ValidTo: g.ValidTo})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Konto %s (%s) angelegt: %s, %s.\n", u.Login, u.Name, quartier.RoleLabels[g.Role], g.Scope)
	if u.InitialPassword != "" {
		printInitial(e, u.Login, u.InitialPassword)
	}
	return nil
}

func printInitial(e *env, login, pw string) {
	fmt.Fprintf(e.stdout, "Vorläufiges Passwort für %s: %s\n", login, pw)
	fmt.Fprintf(e.stdout, "Es wird nur jetzt angezeigt, gilt %d Tage und muss bei der ersten Anmeldung ersetzt werden.\n", int(access.InitialPasswordValid/(24*time.Hour)))
}

func userGrant(ctx context.Context, e *env, a *services.Set, f *userFlags) error {
	g, err := f.grant()
	if err != nil {
		return err
	}
	if err := a.Access.Grant(ctx, *f.login, g); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s hat jetzt die Rolle %s (%s).\n", *f.login, quartier.RoleLabels[g.Role], g.Scope)
	return nil
}

// userRevoke ends a grant named by its number, or the one running grant
// of a role.
func userRevoke(ctx context.Context, e *env, a *services.Set, f *userFlags) error {
	var end time.Time
	if *f.date != "" {
		var err error
		if end, err = quartier.ParseDate(*f.date); err != nil {
			return quartier.Errorf(quartier.EINVALID, "--date: %s", quartier.ErrorMessage(err))
		}
	}
	var id int64
	switch {
	case *f.nr != "" && *f.role != "":
		return quartier.Errorf(quartier.EINVALID, "Bitte entweder --grant oder --role angeben.")
	case *f.nr != "":
		n, err := strconv.ParseInt(*f.nr, 10, 64)
		if err != nil {
			return quartier.Errorf(quartier.EINVALID, "--grant: %q ist keine Nummer.", *f.nr)
		}
		id = n
	case *f.role != "":
		d, err := a.Access.UserDetail(ctx, *f.login)
		if err != nil {
			return err
		}
		var found []int64
		for _, g := range d.Grants {
			if string(g.Role) == *f.role && !g.Ended {
				found = append(found, g.ID)
			}
		}
		switch len(found) {
		case 0:
			return quartier.Errorf(quartier.ENOTFOUND, "%s hat keine laufende Berechtigung mit der Rolle %s.", *f.login, *f.role)
		case 1:
			id = found[0]
		default:
			return quartier.Errorf(quartier.EINVALID, "%s hat %d Berechtigungen mit der Rolle %s; bitte mit --grant eine wählen (siehe user list).", *f.login, len(found), *f.role)
		}
	default:
		return quartier.Errorf(quartier.EINVALID, "Bitte --grant NR oder --role ROLLE angeben.")
	}
	if err := a.Access.EndGrant(ctx, *f.login, id, end); err != nil {
		return err
	}
	when := "heute"
	if !end.IsZero() {
		when = "am " + end.Format(quartier.GermanDateLayout)
	}
	fmt.Fprintf(e.stdout, "Berechtigung %d von %s endet %s.\n", id, *f.login, when)
	return nil
}

func userLock(ctx context.Context, e *env, a *services.Set, f *userFlags) error {
	if err := a.Access.LockUser(ctx, *f.login); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Konto %s gesperrt; seine Sitzungen sind beendet.\n", *f.login)
	return nil
}

func userUnlock(ctx context.Context, e *env, a *services.Set, f *userFlags) error {
	if err := a.Access.UnlockUser(ctx, *f.login); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Konto %s entsperrt.\n", *f.login)
	return nil
}

func userPasswd(ctx context.Context, e *env, a *services.Set, f *userFlags) error {
	pw, err := a.Access.ResetPassword(ctx, *f.login)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Passwort von %s zurückgesetzt; seine Sitzungen sind beendet.\n", *f.login)
	printInitial(e, *f.login, pw)
	return nil
}

func userReset2FA(ctx context.Context, e *env, a *services.Set, f *userFlags) error {
	if err := a.Access.ResetSecondFactor(ctx, *f.login); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Zweiter Faktor von %s entfernt; er wird bei der nächsten Anmeldung neu eingerichtet.\n", *f.login)
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
		return "", quartier.Errorf(quartier.EINVALID, "Kein Passwort auf der Standardeingabe (oder --initial für ein vorläufiges).")
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
