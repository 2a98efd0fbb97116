package allocation

import (
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

func TestFormAsPeopleTypeIt(t *testing.T) {
	f := Form{Name: " Dezentrale Mittel ", Year: "2025", Amount: "1.250.000,50", Base: "12,5 %", Date: "31.12.2024", Floor: "10.000", Cap: "",
		Terms: []string{"kinder=3", "", "sgb2 = 1,5"}, Floors: []string{"west=20.000"}, Compare: "7"}
	req, err := f.Request()
	if err != nil {
		t.Fatal(err)
	}
	r := req.Rule
	if req.Name != "Dezentrale Mittel" || req.Year != 2025 || r.Amount != 125_000_050 || r.BaseShare != 0.125 || r.Floor != 1_000_000 || r.Cap != 0 ||
		len(r.Terms) != 2 || r.Terms[1] != (quartier.AllocationTerm{Indicator: "sgb2", Weight: 1.5}) || r.Floors["west"] != 2_000_000 || req.CompareWith != 7 ||
		r.Date.Format("2006-01-02") != "2024-12-31" {
		t.Errorf("%+v", req)
	}
	for field, bad := range map[string]Form{
		"Jahr":          {Year: "zweitausend", Amount: "1", Date: "2024-12-31"},
		"Betrag":        {Year: "2025", Amount: "12.5", Date: "2024-12-31"},
		"Sockel":        {Year: "2025", Amount: "1", Base: "viel", Date: "2024-12-31"},
		"Stichtag":      {Year: "2025", Amount: "1", Date: "gestern"},
		"Obergrenze":    {Year: "2025", Amount: "1", Date: "2024-12-31", Cap: "x"},
		"Indikator":     {Year: "2025", Amount: "1", Date: "2024-12-31", Terms: []string{"kinder"}},
		"je Sozialraum": {Year: "2025", Amount: "1", Date: "2024-12-31", Caps: []string{"west:3"}},
	} {
		if _, err := bad.Request(); err == nil || !strings.Contains(quartier.ErrorMessage(err), field) {
			t.Errorf("%s: %v", field, err)
		}
	}
}
