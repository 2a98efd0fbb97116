package totp

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"
)

// RFC 6238 Appendix B, SHA1, seed "12345678901234567890"; the 8-digit
// values' last six digits are the 6-digit codes.
func TestRFC6238Vectors(t *testing.T) {
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for unix, want8 := range map[int64]string{59: "94287082", 1111111109: "07081804", 1111111111: "14050471", 1234567890: "89005924", 2000000000: "69279037", 20000000000: "65353130"} {
		got, err := Code(secret, time.Unix(unix, 0))
		if err != nil || got != want8[2:] {
			t.Errorf("t=%d: %s, want %s", unix, got, want8[2:])
		}
	}
}

func TestValidateSkewAndReplay(t *testing.T) {
	s, _ := NewSecret()
	now := time.Unix(1700000000, 0)
	code, _ := Code(s, now)
	step, ok := Validate(s, code, now, 0)
	if !ok || step != now.Unix()/30 {
		t.Fatal("current code refused")
	}
	if _, ok := Validate(s, code, now, step); ok {
		t.Fatal("replayed code accepted")
	}
	prev, _ := Code(s, now.Add(-30*time.Second))
	if _, ok := Validate(s, prev, now, 0); !ok {
		t.Fatal("previous step (clock skew) refused")
	}
	old, _ := Code(s, now.Add(-90*time.Second))
	if _, ok := Validate(s, old, now, 0); ok {
		t.Fatal("code from 90 s ago accepted")
	}
	if _, ok := Validate(s, code[:3]+" "+code[3:], now, 0); !ok {
		t.Fatal("code with a space refused")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := Validate(s, bad, now, 0); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, ok := Validate("not base32!", "123456", now, 0); ok {
		t.Fatal("bad secret accepted")
	}
}

func TestURIAndRecoveryCodes(t *testing.T) {
	u := URI("ABC", "Quartier", "anna müller")
	if !strings.HasPrefix(u, "otpauth://totp/Quartier:anna%20m%C3%BCller?") || !strings.Contains(u, "secret=ABC") || !strings.Contains(u, "issuer=Quartier") {
		t.Fatalf("%s", u)
	}
	codes, err := NewRecoveryCodes(10)
	if err != nil || len(codes) != 10 {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 17 || strings.Count(c, "-") != 2 || strings.ContainsAny(c, "01lio") || seen[c] {
			t.Errorf("bad code %q", c)
		}
		seen[c] = true
	}
	if HashRecoveryCode(strings.ToUpper(codes[0])) != HashRecoveryCode(" "+strings.ReplaceAll(codes[0], "-", "")+" ") {
		t.Error("normalisation")
	}
}
