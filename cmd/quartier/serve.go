package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/demo"
	qhttp "github.com/quartier/quartier/internal/http"
	"github.com/quartier/quartier/internal/report"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "[--demo] [--db PFAD] [--addr 127.0.0.1:8080]")
	var db dbFlags
	db.register(fs)
	addr := fs.String("addr", envOr("QUARTIER_ADDR", "127.0.0.1:8080"), "Adresse des Webservers")
	secure := fs.Bool("secure-cookies", os.Getenv("QUARTIER_SECURE_COOKIES") == "1", "Cookies nur über HTTPS (hinter einem TLS-Proxy setzen)")
	proxies := fs.String("trusted-proxies", os.Getenv("QUARTIER_TRUSTED_PROXIES"), "Reverse-Proxys vor Quartier (Adressen oder Netze, durch Komma getrennt): von ihnen gilt X-Forwarded-For")
	publicURL := fs.String("public-url", os.Getenv("QUARTIER_PUBLIC_URL"), "Öffentliche Adresse der Installation für geteilte Links (z. B. https://atlas.weimar.de); Standard: http://ADDR")
	withDemo := fs.Bool("demo", false, "Demo-Stadt Berlin laden (ohne --db in eine temporäre Datenbank)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	started := time.Now()
	dbGiven := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "db" {
			dbGiven = true
		}
	})
	if *withDemo && !dbGiven && os.Getenv("QUARTIER_DATABASE_URL") == "" && os.Getenv("QUARTIER_DB") == "" {
		dir, err := os.MkdirTemp("", "quartier-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		db.path = filepath.Join(dir, "demo.db")
	}
	if *withDemo {
		db.totpRoles = []quartier.Role{}
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer func() {
		if err := closeApp(); err != nil {
			e.log.Error("Beenden", "err", err)
		}
	}()
	banner := ""
	if *withDemo {
		banner = "Demo: Berliner Gebietsgliederung, Träger und Personen erfunden"
		if len(a.Spatial.Locator().Layers()) == 0 {
			t := time.Now()
			if err := demo.Load(ctx, a, newProgress(e)); err != nil {
				return quartier.WrapError(quartier.ErrorCode(err), err, "Demo laden: %s", quartier.ErrorMessage(err))
			}
			e.log.Info("Demo-Stadt geladen", "dauer", time.Since(t).Round(time.Millisecond))
			creds, err := demo.Accounts(ctx, a)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, "Demo-Konten (Passwörter gelten nur für diese Demo; der zweite Faktor ist in der Demo abgeschaltet):")
			for _, c := range creds {
				fmt.Fprintf(e.stdout, "  %-22s %-26s %s – %s\n", c.Login, c.Password, quartier.RoleLabels[c.Role], c.Scope)
			}
			// Building the demo parsed the city and hashed one password per
			// role (argon2id, 64 MiB each); the server needs none of that
			// memory, and the runtime would keep it for minutes.
			debug.FreeOSMemory()
		}
	}
	oidcCfg, err := readOIDCConfig(os.Getenv("QUARTIER_OIDC_CONFIG"))
	if err != nil {
		return err
	}
	origins, err := qhttp.ParseEmbedOrigins(os.Getenv("QUARTIER_EMBED_ORIGINS"))
	if err != nil {
		return err
	}
	basemap, err := qhttp.ParseBasemap(os.Getenv("QUARTIER_BASEMAP_URL"), os.Getenv("QUARTIER_BASEMAP_WMS_LAYERS"), os.Getenv("QUARTIER_BASEMAP_ATTRIBUTION"))
	if err != nil {
		return err
	}
	if *publicURL == "" {
		*publicURL = "http://" + *addr
	}
	// The geodata credit is the installation's own; the demo's is Berlin's.
	attribution := os.Getenv("QUARTIER_ATTRIBUTION")
	if attribution == "" && *withDemo {
		attribution = demo.Attribution
	}
	zone, err := time.LoadLocation(envOr("QUARTIER_TIMEZONE", "Europe/Berlin"))
	if err != nil {
		return quartier.Errorf(quartier.EINVALID, "QUARTIER_TIMEZONE: %q ist keine Zeitzone (z. B. Europe/Berlin).", os.Getenv("QUARTIER_TIMEZONE"))
	}
	trusted, err := parseProxies(*proxies)
	if err != nil {
		return err
	}
	srv, err := qhttp.New(a, qhttp.Options{Logger: e.log, Banner: banner, SecureCookies: *secure, TrustedProxies: trusted, OIDC: oidcCfg, EmbedOrigins: origins,
		PDF: &report.PDF{Exec: report.FindChromium()}, Land: a.Atlas.State(), PublicURL: *publicURL, TimeZone: zone, Attribution: attribution, Basemap: basemap})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return quartier.WrapError(quartier.EINVALID, err, "Adresse %s ist nicht verfügbar (belegt?): mit --addr oder QUARTIER_ADDR eine andere wählen, z. B. --addr 127.0.0.1:8081.", *addr)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large uploads on slow office links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          nil,
	}
	keep, err := submitterRetention()
	if err != nil {
		return err
	}
	go retentionJob(ctx, e, "Absenderangaben entschiedener Vorschläge", func(op context.Context) (int64, error) { return a.Atlas.EraseSubmitters(op, keep) }, "vorschläge")
	keepHours, err := hoursRetention()
	if err != nil {
		return err
	}
	go retentionJob(ctx, e, "Arbeitsstunden", func(op context.Context) (int64, error) { return a.Budget.PurgeHours(op, keepHours) }, "zeilen", "jahre", keepHours)
	fmt.Fprintf(e.stdout, "Quartier läuft auf http://%s (Start in %s)\n", ln.Addr(), time.Since(started).Round(time.Millisecond))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// submitterRetention is how long decided suggestions keep who sent them:
// QUARTIER_SUGGESTION_RETENTION_DAYS, default 30.
func submitterRetention() (time.Duration, error) {
	v := envOr("QUARTIER_SUGGESTION_RETENTION_DAYS", "30")
	days, err := strconv.Atoi(v)
	if err != nil || days < 1 || days > 3650 {
		return 0, quartier.Errorf(quartier.EINVALID, "QUARTIER_SUGGESTION_RETENTION_DAYS=%s: erwartet wird eine Zahl von Tagen zwischen 1 und 3650.", v)
	}
	return time.Duration(days) * 24 * time.Hour, nil
}

// retentionJob runs a deletion of personal data past its retention as
// the installation, once at start and then every hour (each run that
// deleted something leaves one audit entry); failures are logged.
func retentionJob(ctx context.Context, e *env, what string, run func(context.Context) (int64, error), counted string, attrs ...any) {
	op := quartier.WithActor(ctx, quartier.Operator())
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		if n, err := run(op); err != nil {
			e.log.Error(what+" löschen", "err", err)
		} else if n > 0 {
			e.log.Info(what+" nach Ablauf der Aufbewahrungsfrist gelöscht", append([]any{counted, n}, attrs...)...)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// parseProxies reads --trusted-proxies: addresses or networks in CIDR
// notation, separated by commas.
func parseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return nil, quartier.Errorf(quartier.EINVALID, "--trusted-proxies: %q ist weder eine Adresse noch ein Netz (z. B. 10.0.0.2 oder 10.0.0.0/24).", f)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// hoursRetention is how many full years after their year staff hours are
// kept: QUARTIER_HOURS_RETENTION_YEARS, default budget.HoursRetention.
func hoursRetention() (int, error) {
	v := envOr("QUARTIER_HOURS_RETENTION_YEARS", strconv.Itoa(budget.HoursRetention))
	years, err := strconv.Atoi(v)
	if err != nil || years < 1 || years > 30 {
		return 0, quartier.Errorf(quartier.EINVALID, "QUARTIER_HOURS_RETENTION_YEARS=%s: erwartet wird eine Zahl von Jahren zwischen 1 und 30.", v)
	}
	return years, nil
}

// readOIDCConfig reads the identity provider settings (issuer, client,
// redirect URL, claim→role rules) from a JSON file; none means password
// sign-in only.
func readOIDCConfig(path string) (*qhttp.OIDCConfig, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "QUARTIER_OIDC_CONFIG %s ist nicht lesbar.", path)
	}
	var c qhttp.OIDCConfig
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "QUARTIER_OIDC_CONFIG %s: %v", path, err)
	}
	return &c, nil
}
