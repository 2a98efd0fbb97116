package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/postgres"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/sqlite"
)

// dbFlags are the storage options every data command shares.
type dbFlags struct {
	path string
	srid sridFlag
	// totpRoles overrides the roles that must use a second factor (the demo
	// turns it off so that its printed passwords suffice).
	totpRoles []quartier.Role
	// spatialOnly opens no atlas (lookup needs none, and opening it places
	// every place of the atlas).
	spatialOnly bool
}

func (d *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.path, "db", envOr("QUARTIER_DB", "quartier.db"), "SQLite-Datei (ignoriert, wenn QUARTIER_DATABASE_URL gesetzt ist)")
	d.srid.Set(os.Getenv("QUARTIER_SRID")) // a bad value is refused when the store opens
	fs.Var(&d.srid, "srid", "Koordinatensystem der Installation beim ersten Start: 25832 oder 25833 (Standard: das der ersten importierten Flächen, sonst 25833)")
}

// sridFlag is a CRS flag in any spelling quartier.ParseSRID reads
// ("25832", "EPSG:25832", "urn:ogc:def:crs:EPSG::25832"); empty is none.
type sridFlag struct {
	srid quartier.SRID
	err  error
}

func (f *sridFlag) String() string {
	if f == nil || f.srid == quartier.NoSRID {
		return ""
	}
	return f.srid.String()
}

func (f *sridFlag) Set(s string) error {
	f.srid, f.err = quartier.NoSRID, nil
	if strings.TrimSpace(s) == "" {
		return nil
	}
	f.srid, f.err = quartier.ParseSRID(s)
	if f.err != nil {
		return errors.New(quartier.ErrorMessage(f.err))
	}
	return nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// openStore opens PostgreSQL when QUARTIER_DATABASE_URL is set, else SQLite.
func openStore(ctx context.Context, path string) (quartier.Store, error) {
	if dsn := os.Getenv("QUARTIER_DATABASE_URL"); dsn != "" {
		return postgres.Open(ctx, dsn)
	}
	return sqlite.Open(ctx, path)
}

// openApp opens the store and the use cases. The caller runs the returned
// close, which writes the queued audit entries before closing the store.
func openApp(ctx context.Context, e *env, d *dbFlags) (*services.Set, func() error, error) {
	st, err := openStore(ctx, d.path)
	if err != nil {
		return nil, nil, err
	}
	roles := d.totpRoles
	if v := os.Getenv("QUARTIER_TOTP_ROLES"); v != "" && roles == nil {
		roles = []quartier.Role{}
		for _, r := range strings.Split(v, ",") {
			if r = strings.TrimSpace(r); r != "" && r != "none" {
				roles = append(roles, quartier.Role(r))
			}
		}
	}
	readAudit, err := audit.ParseReadMode(os.Getenv("QUARTIER_AUDIT_READS"))
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	state := strings.ToUpper(envOr("QUARTIER_STATE", "BE"))
	if !quartier.ValidState(state) {
		st.Close()
		return nil, nil, quartier.Errorf(quartier.EINVALID, "QUARTIER_STATE=%s ist kein Bundesland (BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH).", state)
	}
	if d.srid.err != nil {
		st.Close()
		return nil, nil, quartier.WrapError(quartier.EINVALID, d.srid.err, "QUARTIER_SRID: %s", quartier.ErrorMessage(d.srid.err))
	}
	a, err := services.Open(ctx, st, services.Options{SRID: d.srid.srid, Logger: e.log, TOTPRoles: roles, Reads: readAudit, State: state, SpatialOnly: d.spatialOnly})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return a, func() error { return errors.Join(a.Close(), st.Close()) }, nil
}

// operator marks the command line as the acting user: whoever can run the
// binary against the database already owns the data.
func operator(ctx context.Context) context.Context {
	return quartier.WithActor(ctx, quartier.Operator())
}
