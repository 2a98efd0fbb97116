package password

import (
	"strings"
	"testing"
)

var fast = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerify(t *testing.T) {
	h, err := Hash("Sozialraum-Weimar-2024!", fast)
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("%q %v", h, err)
	}
	ok, rehash, err := Verify("Sozialraum-Weimar-2024!", h)
	if !ok || !rehash || err != nil {
		t.Fatalf("right password: %v %v %v", ok, rehash, err)
	}
	if ok, _, _ := Verify("sozialraum-weimar-2024!", h); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := Hash("Sozialraum-Weimar-2024!", fast)
	if h == h2 {
		t.Fatal("same salt twice")
	}
	hd, _ := Hash("x", DefaultParams())
	if _, rehash, _ := Verify("x", hd); rehash {
		t.Fatal("default params flagged for rehash")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=64,t=1,p=1$!!$!!", "plain"} {
		if ok, _, err := Verify("x", bad); ok || err == nil {
			t.Errorf("%q: %v %v", bad, ok, err)
		}
	}
}

func TestMemory(t *testing.T) {
	h, _ := Hash("x", fast)
	if m := Memory(h); m != fast.Memory {
		t.Fatalf("memory of %q: %d", h, m)
	}
	if m := Memory("$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5"); m != 0 {
		t.Fatalf("a hash Verify refuses weighs %d", m)
	}
}

func TestPolicy(t *testing.T) {
	for _, c := range []struct {
		pw, want string
	}{
		{"kurz", "zu kurz"},
		{"aaaaaaaaaaaaaaaa", "einem Zeichen"},
		{"passwort1234", "häufig"},
		{"1234567890123", "häufig"},
		{"qwertyuiop!!", "häufig"},
		{"football2024!!", "häufig"},
		{"anna.mueller-geheim", "Namen"},
		{"Mueller rennt schnell", "Namen"},
		{"Sozialraum-Weimar-2024!", ""},
		{"drei lange worte hier", ""},
	} {
		err := Check(c.pw, "anna.mueller", "Anna Mueller")
		if (err == nil) != (c.want == "") || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%q: %v, want %q", c.pw, err, c.want)
		}
	}
	if len(common()) < 30000 {
		t.Fatalf("common list has %d entries", len(common()))
	}
}

func FuzzVerify(f *testing.F) {
	h, _ := Hash("x", fast)
	f.Add("x", h)
	f.Add("", "$argon2id$v=19$m=8,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, pw, encoded string) {
		Verify(pw, encoded) // must not panic or allocate unbounded memory
	})
}

func BenchmarkVerifyDefault(b *testing.B) {
	h, _ := Hash("Sozialraum-Weimar-2024!", DefaultParams())
	for b.Loop() {
		Verify("Sozialraum-Weimar-2024!", h)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/verify")
}
