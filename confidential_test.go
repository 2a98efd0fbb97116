package quartier

import (
	"slices"
	"strings"
	"testing"
)

func TestAddressIn(t *testing.T) {
	shelter := Place{Street: "Karl-Marx-Straße", HouseNumber: "7", Postcode: "12043", Confidential: true}
	gasse := Place{Street: "Geheimgasse", Postcode: "12059", Confidential: true}
	haupt := Place{Street: "Hauptstraße", Postcode: "10827", Confidential: true}
	for _, c := range []struct {
		p    Place
		text string
		want string
	}{
		{shelter, "frauenhaus-karl-marx-strasse-7", "karl marx strasse"},
		{shelter, "Schutzwohnung Karl-Marx-Str. 7", "karl marx str"},
		{shelter, "Karl Marx Straße", "karl marx strasse"},
		{shelter, "KARLMARXSTR", "karlmarxstr"},
		{shelter, "schutz-12043", "12043"},
		{shelter, "Schutzwohnung Neukölln", ""},
		{shelter, "Karl und Marx beraten", ""},
		{shelter, "Telefon 120430", ""},
		{gasse, "frauenhaus-geheimgasse", "geheimgasse"},
		{gasse, "Geheim-Gasse 7", "geheim gasse"},
		{gasse, "geheime Beratung", ""},
		{haupt, "hauptamtliche Mitarbeiterinnen", ""},
		{haupt, "in der Hauptstr.", "hauptstr"},
		{Place{Street: "Karl-Marx-Straße", Postcode: "12043"}, "karl-marx-strasse", ""}, // not confidential
		{Place{Street: "Am", Confidential: true}, "am see", ""},                         // too short to tell
	} {
		if got := c.p.AddressIn(c.text); got != c.want {
			t.Errorf("%q in %q = %q, want %q", c.p.Street, c.text, got, c.want)
		}
	}
}

func TestConfidentialPlaceKeyAndNameWithoutAddress(t *testing.T) {
	ok := Place{Key: "bsp-9f3a1c", Name: "Frauenhaus", Street: "Geheimgasse", HouseNumber: "7", Postcode: "12059", Confidential: true, ContactPath: "Hotline"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []Place{
		func() Place { p := ok; p.Key = "frauenhaus-geheimgasse-7"; return p }(),
		func() Place { p := ok; p.Name = "Frauenhaus Geheimgasse"; return p }(),
		func() Place { p := ok; p.Key = "fh-12059"; return p }(),
	} {
		err := p.Validate()
		if err == nil {
			t.Errorf("%s / %s: accepted", p.Key, p.Name)
			continue
		}
		if ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v", p.Key, err)
		}
	}
	pub := ok
	pub.Confidential, pub.Key = false, "kita-geheimgasse-7"
	if err := pub.Validate(); err != nil {
		t.Errorf("a public place may name its street: %v", err)
	}
}

func TestOfferAddressIn(t *testing.T) {
	shelter := &Place{Key: "bsp-9f3a1c", Street: "Geheimgasse", Postcode: "12059", Confidential: true}
	o := Offer{Key: "beratung-fh", Name: "Beratung im Frauenhaus", Description: "Wir beraten vertraulich.",
		Hours:    OpeningHours{Exceptions: []HoursException{{Note: "Sommerpause"}}},
		Contacts: []Contact{{Name: "Frau A.", Email: "beratung@example.org"}}}
	if f, part := o.AddressIn(shelter); f != "" {
		t.Fatalf("%s: %q", f, part)
	}
	for _, c := range []struct {
		edit  func(o *Offer)
		field string
	}{
		{func(o *Offer) { o.Description = "Sie finden uns in der Geheimgasse." }, "description"},
		{func(o *Offer) { o.Website = "https://geheimgasse.example.org" }, "website"},
		{func(o *Offer) { o.Hours.Exceptions[0].Note = "Umzug in die Geheimgasse 9" }, "hours.exceptions.0"},
		{func(o *Offer) { o.Contacts[0].Email = "fh-12059@example.org" }, "contacts.0.email"},
		{func(o *Offer) { o.Key = "fh-geheimgasse" }, "key"},
	} {
		x := o
		x.Hours.Exceptions = slices.Clone(o.Hours.Exceptions)
		x.Contacts = slices.Clone(o.Contacts)
		c.edit(&x)
		if f, _ := x.AddressIn(shelter); f != c.field {
			t.Errorf("field %q, want %q", f, c.field)
		}
	}
	public := *shelter
	public.Confidential = false
	o.Description = "Sie finden uns in der Geheimgasse."
	if f, _ := o.AddressIn(&public); f != "" {
		t.Errorf("a public place's offer may say where it is: %s", f)
	}
}

func slicesClone[T any](s []T) []T { return append([]T(nil), s...) }

func TestOfferAddressError(t *testing.T) {
	shelter := &Place{Key: "bsp-9f3a1c", Street: "Geheimgasse", Postcode: "12059", Confidential: true}
	o := Offer{Key: "beratung-fh", Name: "Beratung", Description: "Wir sind in der Geheimgasse."}
	err := o.AddressError(shelter)
	ps := ErrorProblems(err)
	if ErrorCode(err) != EINVALID || len(ps) != 1 || ps[0].Code != "description" || !strings.Contains(ps[0].Message, "Beschreibung") {
		t.Fatalf("%v %+v", err, ps)
	}
	o.Description = ""
	if err := o.AddressError(shelter); err != nil {
		t.Fatal(err)
	}
}
