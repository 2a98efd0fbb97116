package budget_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/testdb"
)

const crashEnv = "QUARTIER_BUDGET_CRASH_CHILD"

// TestMain turns the test binary into the crash test's child when
// crashEnv names a database: it imports a large export and stops, killed,
// after its first chunk of bookings is written but not committed.
func TestMain(m *testing.M) {
	if addr := os.Getenv(crashEnv); addr != "" {
		os.Exit(crashChild(addr))
	}
	os.Exit(m.Run())
}

type pausing struct{}

func (pausing) Start(string, int) {}
func (pausing) Add(int) {
	fmt.Println("HALFWAY")
	time.Sleep(time.Hour)
}
func (pausing) Done() {}

func crashChild(addr string) int {
	st, err := testdb.OpenAddress(context.Background(), addr)
	if err != nil {
		fmt.Println("open:", err)
		return 1
	}
	svc := budget.New(st, audit.New(st, audit.Options{}), nil, budget.Options{Now: func() time.Time { return day(2025, 7, 1) }})
	_, err = svc.ImportBookings(quartier.WithActor(context.Background(), quartier.Operator()), budget.ImportRequest{Input: strings.NewReader(bigExport(20_000)), Name: "gross.csv", Progress: pausing{}})
	fmt.Println("import returned:", err)
	return 1
}

func bigExport(n int) string {
	var b strings.Builder
	b.WriteString("Buchungs-ID;Buchungsdatum;Betrag;Kostenstelle;Kostenträger\n")
	for i := range n {
		fmt.Fprintf(&b, "K-%d;03.02.2025;1,00;4711;36310\n", i)
	}
	return b.String()
}

// TestKilledImportWritesNothing kills a process in the middle of an
// import, with bookings written but not committed: none of them is in the
// ledger afterwards, and the same export then imports whole.
func TestKilledImportWritesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	addr := testdb.NewAddress(t)
	st, err := testdb.OpenAddress(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	b := quartier.Budget{BudgetKey: quartier.BudgetKey{Space: "west", Year: 2025}, CreatedAt: day(2025, 1, 1),
		Lines: []quartier.Line{{Code: "case", Type: "case", Label: "Fallarbeit", Funding: quartier.FundingLumpSum}}}
	if err := st.Update(ctx, func(tx quartier.Tx) error {
		if err := tx.CreateBudget(ctx, &b); err != nil {
			return err
		}
		return tx.SaveFinanceMapping(ctx, &quartier.FinanceMapping{CostCentre: "4711", CostUnit: "36310", Space: "west", Line: "case"})
	}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+addr)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	reached := false
	for !reached && sc.Scan() {
		t.Log("child:", sc.Text())
		reached = sc.Text() == "HALFWAY"
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if !reached {
		t.Fatal("the child never wrote its first chunk")
	}

	st, err = testdb.OpenAddress(ctx, addr)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer st.Close()
	count := func() (n int) {
		t.Helper()
		if err := st.View(ctx, func(tx quartier.Tx) error {
			es, err := tx.Entries(ctx, b.ID)
			n = len(es)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("%d entries of the killed import in the ledger", n)
	}
	svc := budget.New(st, audit.New(st, audit.Options{}), nil, budget.Options{Now: func() time.Time { return day(2025, 7, 1) }})
	if res, err := svc.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(bigExport(20_000)), Name: "gross.csv"}); err != nil || res.New != 20_000 {
		t.Fatalf("import after the kill: %+v %v", res, err)
	}
	if n := count(); n != 20_000 {
		t.Errorf("%d entries, want 20000", n)
	}
}
