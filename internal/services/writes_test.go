package services

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/testcity"
	"github.com/quartier/quartier/internal/testdb"
	"github.com/quartier/quartier/internal/totp"
)

// kind classifies an exported method of a service for the write-path test.
type kind int

const (
	reads   kind = iota // reads only (a protected read leaves a queued read entry)
	writes              // a writing use case: exactly one entry, in its transaction
	session             // signing in and the session's own changes: one entry each, written by themselves
	system              // runs on behalf of the installation (rebuilds), or is plumbing
)

// classes names every exported method of every service. A new method
// fails TestEveryMethodIsClassified until it is placed here, and a new
// writing use case then gets its entry checked by TestEveryWriteLeavesOneEntry.
var classes = map[string]map[string]kind{
	"audit": {"Alone": system, "Close": system, "Denied": system, "DeniedAnonymous": system, "Download": system,
		"Entries": reads, "Export": reads, "Flush": system, "IfDenied": system, "Read": system, "Require": system, "RequireRoute": system,
		"RequireSpace": system, "Tallied": system, "Verify": reads, "Write": system},
	"access": {"Authenticate": reads, "AuthenticateToken": reads, "CreateAPIToken": session, "OwnAPITokens": reads, "RevokeAPIToken": session, "ChangePassword": session, "ConfirmTOTP": session, "CreateUser": writes, "EndGrant": writes, "Grant": writes,
		"GrantChoices": reads, "GrantNames": reads, "LockUser": writes, "OwnAccount": reads, "OwnSessions": reads, "ResetPassword": writes, "ResetSecondFactor": writes,
		"SignIn": session, "SignInExternal": session, "SignOut": session, "SignOutEverywhere": session, "StartTOTP": reads, "UnlockUser": writes,
		"UpdateUser": writes, "UserDetail": reads, "Users": reads, "VerifySecondFactor": session},
	"spatial": {"Area": reads, "AreaLimits": reads, "AreaList": reads, "Assign": writes, "AssignAll": writes, "BulkLookup": reads, "CheckLayer": reads,
		"CompareVersions": reads, "ComposeLayer": writes, "ExportAreas": reads, "ExportBlockTable": reads, "ExportGeoJSON": reads, "ImportAreas": writes,
		"ImportPopulation": writes, "ImportSetup": writes, "ImportStreets": writes, "StreetImportDefaults": reads, "LayerAreas": reads, "Layers": reads, "LocateAddress": system, "Locator": system,
		"LookupAddress": reads, "LookupPoint": reads, "NamesPlace": system, "OnRebuild": system, "Rebuild": system, "SRID": system, "Spaces": reads,
		"ToInstallation": reads, "Today": system, "VersionAreas": reads,
		"Organisation": reads, "OnProvidersChanged": system, "CreateProvider": writes, "UpdateProvider": writes, "CreateAlliance": writes,
		"UpdateAlliance": writes, "EndAssignment": writes, "CreateTeam": writes, "RenameTeam": writes, "AddRoom": writes, "UpdateRoom": writes,
		"RemoveRoom": writes, "AppointLeader": writes, "EndLeadership": writes},
	"atlas": {"AcceptSuggestion": writes, "Analyzer": system, "EraseSubmitters": writes, "PlaceMatches": reads, "ProviderMatches": reads, "ResolvePlace": reads, "ResolveProvider": reads, "EditChoices": reads, "GapAnalysis": reads, "Guide": reads, "History": reads,
		"ImportAtlas": writes, "Offer": reads, "OfferForEdit": reads, "OriginFromAddress": reads, "OriginFromPoint": reads, "Place": reads,
		"PlaceForEdit": reads, "Published": reads, "PublishedExport": reads, "ReassignPlaces": system, "RejectSuggestion": writes,
		"ReviewDue": reads, "SaveOffer": writes, "SavePlace": writes, "SaveSynonyms": writes, "SaveTaxonomy": writes, "Search": reads,
		"SearchDocuments": system, "SearchMap": reads, "SearchPlan": system, "Settings": reads, "Shown": reads, "Topics": reads, "SimilarEntries": reads, "State": system,
		"SubmitSuggestion": writes, "Suggestion": reads, "Suggestions": reads, "Verify": writes, "View": reads},
	"monitoring": {"AreaSeries": reads, "ComputeIndex": reads, "Counts": reads, "ImportIndicators": writes, "Indicators": reads, "Indices": reads, "ReferenceDates": reads, "IndicatorDates": reads, "SaveIndex": writes, "Values": reads,
		"ValueTable": reads, "Publish": writes, "Publications": reads, "Publication": reads, "Change": reads,
		"CommitteeFigures": reads, "PublishCommitteeReport": writes, "CommitteeReports": reads, "CommitteeReport": reads,
		"ReleaseTable": reads},
	"budget": {"Book": writes, "CarryOver": writes, "Commit": writes, "CreateBudget": writes, "Plan": writes, "Reverse": writes,
		"Rules": reads, "SaveRules": writes, "SetCommitmentEnd": writes, "Status": reads,
		"SaveProject": writes, "RecordParticipation": writes, "Projects": reads, "RecordHours": writes, "Hours": reads, "SetTeamTarget": writes, "PurgeHours": writes, "HoursTeams": reads,
		"HoursReport": reads, "SaveMapping": writes, "DeleteMapping": writes, "Mappings": reads, "ImportBookings": writes,
		"Compare": reads, "Dashboard": reads, "Instalments": reads, "List": reads, "Sheet": reads,
		"PublishReport": writes, "PublishedReport": reads, "YearReport": reads,
		"Notices": reads, "UnreadNotices": reads, "MarkNoticeRead": session},
	"allocation": {"Preview": reads, "Proposal": reads, "Proposals": reads, "Save": writes,
		"Publish": writes, "Release": reads, "Releases": reads},
}

func services() map[string]any {
	return map[string]any{"audit": &audit.Log{}, "access": &access.Service{}, "spatial": &spatial.Service{}, "atlas": &atlas.Service{},
		"monitoring": &monitoring.Service{}, "budget": &budget.Service{}, "allocation": &allocation.Service{}}
}

func TestEveryMethodIsClassified(t *testing.T) {
	for name, svc := range services() {
		typ := reflect.TypeOf(svc)
		for i := range typ.NumMethod() {
			m := typ.Method(i).Name
			if _, ok := classes[name][m]; !ok {
				t.Errorf("%s.%s is not classified in writes_test.go: does it write? then it goes through audit.Log.Change and gets a case here", name, m)
			}
		}
		for m := range classes[name] {
			if _, ok := typ.MethodByName(m); !ok {
				t.Errorf("%s.%s is classified but does not exist", name, m)
			}
		}
	}
}

// TestEveryWriteLeavesOneEntry runs every writing use case (and every
// session change) once, in an order where each finds what it needs, and
// counts the audit entries each leaves: exactly one, written in the
// transaction of the change. A table of assignments leaves one entry that
// names them all (the documented batch entry).
func TestEveryWriteLeavesOneEntry(t *testing.T) {
	st, _ := testdb.Open(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	set, err := Open(ctx, st, Options{SRID: quartier.UTM33N, Now: func() time.Time { return now }, TOTPRoles: []quartier.Role{}})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	op := testcity.Operator()
	count := func() int {
		t.Helper()
		if err := set.Audit.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := set.Store.View(ctx, func(tx quartier.Tx) error {
			es, err := tx.AuditEntries(ctx, quartier.AuditFilter{Limit: 1 << 20})
			n = len(es)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var token string
	var apiToken int64
	var member *quartier.Actor
	var commitment, booking int64
	roomID := func() int64 {
		o, err := set.Spatial.Organisation(op, "west")
		if err != nil || len(o.Space("west").Teams) == 0 || len(o.Space("west").Teams[0].Rooms) == 0 {
			t.Fatalf("no room in west: %v", err)
		}
		return o.Space("west").Teams[0].Rooms[0].ID
	}
	x, y := testcity.CellCenter(1, 0)
	steps := []struct {
		svc, method string
		run         func() error
	}{
		{"spatial", "ImportAreas", func() error {
			_, err := set.Spatial.ImportAreas(op, spatial.ImportAreasRequest{Layer: spatial.LayerSpec{Code: "blk", Name: "Blöcke", Kind: quartier.LayerBlock},
				Input: bytes.NewReader(testcity.Blocks(0)), CodeProperty: "code", NameProperty: "name", ReferenceDate: testcity.Day0})
			return err
		}},
		{"spatial", "ComposeLayer", func() error {
			var ms []spatial.Membership
			for r := range 3 {
				for c, name := range testcity.Columns {
					ms = append(ms, spatial.Membership{Line: len(ms) + 2, Block: fmt.Sprintf("r%dc%d", r, c), Area: name, AreaName: name})
				}
			}
			_, err := set.Spatial.ComposeLayer(op, spatial.ComposeRequest{Layer: spatial.LayerSpec{Code: "spalte", Name: "Spalten", Space: true}, Members: ms, ReferenceDate: testcity.Day0})
			return err
		}},
		{"spatial", "ImportStreets", func() error {
			_, err := set.Spatial.ImportStreets(op, spatial.StreetImport{Input: strings.NewReader("strasse;hnr_von;hnr_bis;seite;plz;baustein\nLindenweg;1;99;alle;12043;r1c0\n")})
			return err
		}},
		{"spatial", "ImportPopulation", func() error {
			_, err := set.Spatial.ImportPopulation(op, strings.NewReader("baustein;gesamt\nr0c0;100\nr1c0;200\n"), spatial.PopulationColumns{}, testcity.Day0)
			return err
		}},
		{"spatial", "ImportSetup", func() error {
			return set.Spatial.ImportSetup(op, &spatial.Setup{Providers: []quartier.Provider{{Code: "awo", Name: "AWO", Kind: quartier.ProviderIndependent},
				{Code: "htg", Name: "HTG", Kind: quartier.ProviderIndependent}}})
		}},
		{"spatial", "Assign", func() error {
			return set.Spatial.Assign(op, spatial.AssignRequest{Space: "west", Assignee: "awo", ValidFrom: testcity.Day0})
		}},
		{"spatial", "AssignAll", func() error {
			return set.Spatial.AssignAll(op, []spatial.AssignRequest{{Space: "mitte", Assignee: "htg", ValidFrom: testcity.Day0}, {Space: "ost", Assignee: "htg", ValidFrom: testcity.Day0}})
		}},
		{"spatial", "CreateProvider", func() error {
			return set.Spatial.CreateProvider(op, quartier.Provider{Code: "caritas", Name: "Caritas", Kind: quartier.ProviderIndependent})
		}},
		{"spatial", "UpdateProvider", func() error {
			return set.Spatial.UpdateProvider(op, quartier.Provider{Code: "awo", Name: "AWO Weimar", Kind: quartier.ProviderIndependent})
		}},
		{"spatial", "CreateAlliance", func() error {
			return set.Spatial.CreateAlliance(op, spatial.SetupAlliance{Code: "nord", Name: "Verbund Nord", Lead: "htg", Members: []string{"htg", "caritas"}})
		}},
		{"spatial", "UpdateAlliance", func() error {
			return set.Spatial.UpdateAlliance(op, spatial.SetupAlliance{Code: "nord", Name: "Trägerverbund Nord", Lead: "htg", Members: []string{"htg", "caritas"}})
		}},
		{"spatial", "EndAssignment", func() error { return set.Spatial.EndAssignment(op, "ost", testcity.Day0.AddDate(1, 0, 0)) }},
		{"spatial", "CreateTeam", func() error {
			return set.Spatial.CreateTeam(op, spatial.SetupTeam{Code: "srt-west", Space: "west", Kind: "provider", Name: "Team West", Provider: "awo"})
		}},
		{"spatial", "RenameTeam", func() error { return set.Spatial.RenameTeam(op, "west", "srt-west", "Sozialraumteam West") }},
		{"spatial", "AddRoom", func() error {
			return set.Spatial.AddRoom(op, "west", "srt-west", spatial.SetupRoom{Room: quartier.Room{Name: "Büro", Street: "Lindenweg"}})
		}},
		{"spatial", "UpdateRoom", func() error {
			return set.Spatial.UpdateRoom(op, "west", roomID(), spatial.SetupRoom{Room: quartier.Room{Name: "Sozialraumbüro", Street: "Lindenweg"}})
		}},
		{"spatial", "RemoveRoom", func() error { return set.Spatial.RemoveRoom(op, "west", roomID()) }},
		{"spatial", "AppointLeader", func() error {
			return set.Spatial.AppointLeader(op, spatial.SetupLeadership{Space: "west", Role: "coordinator", Person: quartier.Person{Name: "Jan Kühn"}, ValidFrom: "2024-01-01"})
		}},
		{"spatial", "EndLeadership", func() error {
			return set.Spatial.EndLeadership(op, "west", quartier.RoleCoordinator, testcity.Day0.AddDate(1, 0, 0))
		}},
		{"access", "CreateUser", func() error {
			_, err := set.Access.CreateUser(op, access.CreateUserRequest{Login: "anna", Name: "Anna Muster", Password: "Sozialraum-Weimar-2024!", Role: quartier.RolePlanner})
			return err
		}},
		{"access", "Grant", func() error {
			return set.Access.Grant(op, "anna", quartier.Grant{Role: quartier.RoleOffice, Scope: quartier.Scope{Kind: quartier.ScopeAll}})
		}},
		{"access", "SignIn", func() error {
			res, err := set.Access.SignIn(audit.WithRemote(ctx, "192.0.2.1"), "anna", "Sozialraum-Weimar-2024!", "test")
			if err == nil {
				token = res.Token
				member, err = set.Access.Authenticate(ctx, token)
			}
			return err
		}},
		{"access", "ConfirmTOTP", func() error {
			mctx := quartier.WithActor(ctx, member)
			e, err := set.Access.StartTOTP(mctx)
			if err != nil {
				return err
			}
			code, _ := totp.Code(e.Secret, now)
			_, err = set.Access.ConfirmTOTP(mctx, e.Secret, code, access.Reauth{Password: "Sozialraum-Weimar-2024!"})
			return err
		}},
		{"access", "CreateAPIToken", func() error {
			_, k, err := set.Access.CreateAPIToken(quartier.WithActor(ctx, member), "QGIS", 30, access.Reauth{Password: "Sozialraum-Weimar-2024!"})
			if err == nil {
				apiToken = k.ID
			}
			return err
		}},
		{"access", "RevokeAPIToken", func() error { return set.Access.RevokeAPIToken(quartier.WithActor(ctx, member), apiToken) }},
		{"access", "SignOut", func() error { return set.Access.SignOut(ctx, token) }},
		{"access", "SignOutEverywhere", func() error { return set.Access.SignOutEverywhere(quartier.WithActor(ctx, member)) }},
		{"access", "ChangePassword", func() error {
			return set.Access.ChangePassword(quartier.WithActor(ctx, member), "Sozialraum-Weimar-2024!", "Lindenweg-Elterncafe-2025")
		}},
		{"access", "UpdateUser", func() error { return set.Access.UpdateUser(op, "anna", access.UserEdit{Name: "Anna M. Muster"}) }},
		{"access", "ResetSecondFactor", func() error { return set.Access.ResetSecondFactor(op, "anna") }},
		{"access", "ResetPassword", func() error {
			_, err := set.Access.ResetPassword(op, "anna")
			return err
		}},
		{"access", "LockUser", func() error { return set.Access.LockUser(op, "anna") }},
		{"access", "UnlockUser", func() error { return set.Access.UnlockUser(op, "anna") }},
		{"access", "EndGrant", func() error {
			var id int64
			if err := set.Store.View(ctx, func(tx quartier.Tx) error {
				gs, err := tx.Grants(ctx, member.UserID)
				if err == nil {
					id = gs[len(gs)-1].ID
				}
				return err
			}); err != nil {
				return err
			}
			return set.Access.EndGrant(op, "anna", id, time.Time{})
		}},
		{"atlas", "ImportAtlas", func() error {
			_, err := set.Atlas.ImportAtlas(op, atlas.Import{Source: "Test",
				Places: []quartier.Place{{Key: "club", Name: "Jugendclub West", Provider: "awo", Street: "Lindenweg", HouseNumber: "3", X: x, Y: y}},
				Offers: []atlas.OfferEntry{{Offer: quartier.Offer{Key: "treff", Name: "Offener Treff", Provider: "awo", Topics: []string{"offene-jugendarbeit"}, Status: quartier.OfferActive}, PlaceKeys: []string{"club"}}}})
			return err
		}},
		{"atlas", "SavePlace", func() error {
			_, err := set.Atlas.SavePlace(op, atlas.PlaceEdit{Place: quartier.Place{Key: "cafe", Name: "Elterncafé", X: x + 300, Y: y}, New: true})
			return err
		}},
		{"atlas", "SaveOffer", func() error {
			_, err := set.Atlas.SaveOffer(op, atlas.OfferEdit{OfferEntry: atlas.OfferEntry{Offer: quartier.Offer{Key: "cafe", Name: "Elterncafé", Topics: []string{"elterncafe"}, Status: quartier.OfferActive}, PlaceKeys: []string{"cafe"}}, New: true})
			return err
		}},
		{"atlas", "Verify", func() error { return set.Atlas.Verify(op, quartier.EntityOffer, "treff") }},
		{"atlas", "SubmitSuggestion", func() error {
			_, err := set.Atlas.SubmitSuggestion(ctx, quartier.Suggestion{Kind: quartier.SuggestProblem, EntityKind: quartier.EntityOffer, EntityKey: "treff", Message: "Zeiten stimmen nicht", SubmitterName: "Frau M."})
			if err == nil {
				_, err = set.Atlas.SubmitSuggestion(ctx, quartier.Suggestion{Kind: quartier.SuggestProblem, EntityKind: quartier.EntityOffer, EntityKey: "treff", Message: "Telefon fehlt", SubmitterEmail: "k@example.org"})
			}
			return err
		}},
		{"atlas", "AcceptSuggestion", func() error { return set.Atlas.AcceptSuggestion(op, 1, atlas.Accept{Note: "geprüft"}) }},
		{"atlas", "RejectSuggestion", func() error { return set.Atlas.RejectSuggestion(op, 2, "steht auf der Seite") }},
		{"atlas", "SaveSynonyms", func() error { return set.Atlas.SaveSynonyms(op, "Jugendclub, Jugendklub, Jugendtreff") }},
		{"monitoring", "ImportIndicators", func() error {
			_, err := set.Monitoring.ImportIndicators(op, strings.NewReader("baustein;alo;ew\nr0c0;5;100\nr1c0;;\nr0c1;3;50\nr0c2;7;80\n"), monitoring.Mapping{
				Layer: "blk", AreaColumn: "baustein", Date: "2024-12-31", Indicators: []monitoring.MappedIndicator{{
					Indicator: quartier.Indicator{Code: "alo", Name: "Arbeitslosigkeit", Kind: quartier.IndicatorShare}, NumeratorColumn: "alo", DenominatorColumn: "ew"}}})
			return err
		}},
		{"monitoring", "SaveIndex", func() error {
			return set.Monitoring.SaveIndex(op, quartier.Index{Code: "sozial", Name: "Sozialindex", Layer: "blk", ReferenceDate: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
				Components: []quartier.IndexComponent{{Code: "status", Name: "Status", Terms: []quartier.IndexTerm{{Indicator: "alo"}},
					Classes: quartier.IndexClasses{Bounds: []float64{0}, Labels: []string{"unter", "über"}}}}})
		}},
		{"allocation", "Save", func() error {
			_, err := set.Allocation.Save(op, allocation.Request{Name: "Dezentrale Mittel", Year: 2025, Rule: quartier.AllocationRule{Amount: 1_000_000, BaseShare: 0.5,
				Date: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), Terms: []quartier.AllocationTerm{{Indicator: "alo", Weight: 1}}}})
			return err
		}},
		{"allocation", "Publish", func() error {
			var ps []quartier.AllocationProposal
			if err := set.Store.View(op, func(tx quartier.Tx) (err error) {
				ps, err = tx.Allocations(op)
				return err
			}); err != nil {
				return err
			}
			_, err := set.Allocation.Publish(op, ps[0].ID)
			return err
		}},
		{"monitoring", "Publish", func() error {
			_, err := set.Monitoring.Publish(op, monitoring.PublishRequest{Kind: quartier.PublishedIndicator, Subject: "alo", Layer: "blk", Date: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)})
			return err
		}},
		{"monitoring", "PublishCommitteeReport", func() error {
			_, err := set.Monitoring.PublishCommitteeReport(op, monitoring.CommitteeRequest{Layer: "blk", Indicators: []string{"alo"}}, "Bericht", []string{"Kommentar"})
			return err
		}},
		{"atlas", "SaveTaxonomy", func() error {
			s, err := set.Atlas.Settings(op)
			if err != nil {
				return err
			}
			return set.Atlas.SaveTaxonomy(op, s.Topics)
		}},
		{"budget", "SaveRules", func() error {
			r := quartier.DefaultBudgetRules()
			r.CarryOver = quartier.CarryOverRule{SharePercent: 50, ToLineType: quartier.LineStructural}
			return set.Budget.SaveRules(op, r)
		}},
		{"budget", "CreateBudget", func() error {
			for _, year := range []int{2024, 2025} {
				if _, err := set.Budget.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "west", Year: year}, Total: 1_000_000,
					Lines: []budget.LineRequest{{Type: "case", Funding: quartier.FundingLumpSum, Amount: 800_000}, {Type: "structural", Funding: quartier.FundingActualCost, Amount: 200_000}}}); err != nil {
					return err
				}
			}
			return nil
		}},
		{"budget", "Plan", func() error {
			_, err := set.Budget.Plan(op, budget.PlanRequest{Budget: quartier.BudgetKey{Space: "west", Year: 2024}, Line: "case", Amount: 50_000, Why: "Nachtrag"})
			return err
		}},
		{"budget", "Commit", func() error {
			p, err := set.Budget.Commit(op, quartier.Commitment{Space: "west", Line: "case", Term: quartier.Term{From: testcity.Day0, To: testcity.Day0.AddDate(0, 6, 0)},
				Volume: &quartier.Volume{Unit: quartier.UnitHour, PerWeek: 200, Rate: 6000}, Why: "Hilfe bewilligt"})
			if err == nil {
				commitment = p.Entry.ID
			}
			return err
		}},
		{"budget", "SetCommitmentEnd", func() error {
			_, err := set.Budget.SetCommitmentEnd(op, commitment, testcity.Day0.AddDate(0, 3, 0), "Hilfe endet früher")
			return err
		}},
		{"budget", "Book", func() error {
			p, err := set.Budget.Book(op, budget.BookRequest{Commitment: commitment, On: testcity.Day0.AddDate(0, 1, 0), Amount: 48_000, Why: "Rechnung Januar"})
			if err == nil {
				booking = p.Entry.ID
			}
			return err
		}},
		{"budget", "Reverse", func() error {
			_, err := set.Budget.Reverse(op, booking, "doppelt")
			return err
		}},
		{"budget", "CarryOver", func() error {
			_, err := set.Budget.CarryOver(op, quartier.BudgetKey{Space: "west", Year: 2024})
			return err
		}},
		{"budget", "SaveProject", func() error {
			_, err := set.Budget.SaveProject(op, quartier.Project{Code: "basketball", Name: "Offenes Basketballtraining", Space: "west",
				Kind: quartier.LineStructural, From: testcity.Day0})
			return err
		}},
		{"budget", "RecordParticipation", func() error {
			return set.Budget.RecordParticipation(op, "basketball", quartier.ProjectCount{From: testcity.Day0, To: testcity.Day0.AddDate(0, 1, 0), Participants: 12})
		}},
		{"budget", "RecordHours", func() error {
			if err := set.Store.Update(op, func(tx quartier.Tx) error { return tx.CreateUser(op, &quartier.User{Login: "dana", Name: "Dana"}) }); err != nil {
				return err
			}
			return set.Budget.RecordHours(op, budget.HoursRequest{Login: "dana", Team: "srt-west", Week: now, Kind: quartier.LineStructural, Project: "basketball", Hours: 400})
		}},
		{"budget", "SetTeamTarget", func() error { return set.Budget.SetTeamTarget(op, "srt-west", 25, "Stellenbeschreibungen") }},
		{"budget", "SaveMapping", func() error {
			return set.Budget.SaveMapping(op, quartier.FinanceMapping{CostCentre: "4711", CostUnit: "1", Space: "west", Line: "case"})
		}},
		{"budget", "DeleteMapping", func() error {
			if err := set.Store.Update(op, func(tx quartier.Tx) error {
				return tx.SaveFinanceMapping(op, &quartier.FinanceMapping{CostCentre: "4711", CostUnit: "2", Space: "west", Line: "case"})
			}); err != nil {
				return err
			}
			return set.Budget.DeleteMapping(op, "4711", "2")
		}},
		{"budget", "ImportBookings", func() error {
			_, err := set.Budget.ImportBookings(op, budget.ImportRequest{Name: "fibu.csv", Input: strings.NewReader(
				"Buchungs-ID;Datum;Betrag;Kostenstelle;Kostenträger\nF-1;" + testcity.Day0.Format(quartier.DateLayout) + ";10,00;4711;1\nF-2;" + testcity.Day0.Format(quartier.DateLayout) + ";-1,00;4711;1\n")})
			return err
		}},
		{"budget", "PublishReport", func() error {
			_, err := set.Budget.PublishReport(op, 2024)
			return err
		}},
		// The clock moves past the retention of the hours recorded above.
		{"budget", "PurgeHours", func() error {
			now = now.AddDate(budget.HoursRetention+1, 0, 0)
			n, err := set.Budget.PurgeHours(op, budget.HoursRetention)
			if err == nil && n != 1 {
				err = fmt.Errorf("purged %d rows, want 1", n)
			}
			return err
		}},
		// Last: the clock moves past the retention of the decided suggestions.
		{"atlas", "EraseSubmitters", func() error {
			now = now.Add(atlas.SubmitterRetention + time.Hour)
			n, err := set.Atlas.EraseSubmitters(op, atlas.SubmitterRetention)
			if err == nil && n != 2 {
				err = fmt.Errorf("erased %d suggestions, want 2", n)
			}
			return err
		}},
	}
	seen := map[string]bool{}
	for _, s := range steps {
		before := count()
		if err := s.run(); err != nil {
			t.Fatalf("%s.%s: %v %v", s.svc, s.method, err, quartier.ErrorProblems(err))
		}
		added := count() - before
		want := 1
		if s.method == "SubmitSuggestion" || s.method == "CreateBudget" {
			want = 2 // two suggestions, two budgets: one entry each
		}
		if s.svc == "allocation" {
			// The saved or published proposal, and the read of the
			// internal indicator values it rests on (one read entry per
			// indicator).
			want = 2
		}
		if added != want {
			t.Errorf("%s.%s left %d audit entries, want %d", s.svc, s.method, added, want)
		}
		seen[s.svc+"."+s.method] = true
	}
	for svc, ms := range classes {
		for m, k := range ms {
			if k == writes && !seen[svc+"."+m] {
				t.Errorf("the writing use case %s.%s has no case in TestEveryWriteLeavesOneEntry", svc, m)
			}
		}
	}
	// The audit page names every action these writes left in German
	// (the CSV keeps the codes).
	if err := set.Store.View(ctx, func(tx quartier.Tx) error {
		es, err := tx.AuditEntries(ctx, quartier.AuditFilter{Limit: 1 << 20})
		for _, e := range es {
			if audit.ActionLabel(e.Action) == e.Action || audit.OutcomeLabel(e.Outcome) == e.Outcome {
				t.Errorf("audit entry %q (%s) has no German label", e.Action, e.Outcome)
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
