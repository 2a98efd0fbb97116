package http

import (
	"context"
	"net/http"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
)

// TestOGCInternalCollectionDenialAudited: a signed-in account without
// indicators.read asking for an internal collection is refused (403), and
// the refusal is in the audit log like every refusal at a route; it was
// answered without an entry.
func TestOGCInternalCollectionDenialAudited(t *testing.T) {
	ts, srv := monitoringServer(t)
	denials := func() int {
		t.Helper()
		es, err := srv.audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Login: "u-office", Action: string(quartier.PermReadIndicators)})
		if err != nil {
			t.Fatal(err)
		}
		return testcity.Outcomes(es, quartier.OutcomeDenied)
	}
	office := newToken(t, ts, "u-office")
	before := denials()
	if status, _, body := bearerGet(t, ts, "GET", "/api/ogc/collections/kennzahl-alo@sozialraum/items", office, nil); status != http.StatusForbidden {
		t.Fatalf("office reads internal values: %d %s", status, body)
	}
	if n := denials() - before; n != 1 {
		t.Errorf("%d denial entries, want 1", n)
	}
}
