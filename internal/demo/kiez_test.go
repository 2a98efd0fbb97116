package demo

import "testing"

func TestKiezNames(t *testing.T) {
	got := kiezNames([]string{"Reuterplatz", "Schillerpromenade Nord", "Schillerpromenade Süd", "Soldiner Straße", "Graefekiez Nord",
		"Helmholtz-Kiez", "Helmholtzplatz", "Samariterviertel", "Stralauer Kiez", "Schillerpark", "Rathaus Yorckstraße", "Ernst-Reuter-Platz", "Moabit"})
	want := `Graefekiez, Graefe-Kiez, Graefe Kiez => Graefekiez Nord
Helmholtzkiez, Helmholtz-Kiez, Helmholtz Kiez => Helmholtz-Kiez, Helmholtzplatz
Reuterkiez, Reuter-Kiez, Reuter Kiez => Reuterplatz
Samariterkiez, Samariter-Kiez, Samariter Kiez => Samariterviertel
Schillerkiez, Schiller-Kiez, Schiller Kiez => Schillerpromenade Nord, Schillerpromenade Süd
Soldinerkiez, Soldiner-Kiez, Soldiner Kiez => Soldiner Straße
Stralauerkiez, Stralauer-Kiez, Stralauer Kiez => Stralauer Kiez
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
