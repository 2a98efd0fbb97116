// Package password hashes passwords with argon2id and enforces the policy:
// long rather than complicated, and never one of the passwords every
// attacker tries first.
package password

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/quartier/quartier"
)

// Params are argon2id parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// DefaultParams follow RFC 9106's second recommendation (64 MiB, t=3) with
// two lanes for a 2-core server. One verification takes about 90 ms on the
// development machine (BenchmarkVerifyDefault), inside the 50–250 ms band
// that makes guessing expensive without making sign-in slow.
func DefaultParams() Params {
	return Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}
}

// Hash returns the PHC string of password, with a fresh random salt.
func Hash(password string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// Verify checks password against a PHC string in constant time. needsRehash
// tells the caller to store a new hash with DefaultParams after a
// successful sign-in.
func Verify(password, encoded string) (ok, needsRehash bool, err error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	ok = subtle.ConstantTimeCompare(got, key) == 1
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return ok, p != DefaultParams(), nil
}

// Memory is the argon2id memory in KiB that verifying encoded takes, 0 for
// a string Verify refuses before computing anything. Callers that bound
// the memory of concurrent verifications weigh each one with it.
func Memory(encoded string) uint32 {
	p, _, _, err := decode(encoded)
	if err != nil {
		return 0
	}
	return p.Memory
}

func decode(encoded string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("unsupported argon2 version %q", parts[2])
	}
	var threads uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &threads); err != nil {
		return p, nil, nil, fmt.Errorf("bad argon2 parameters %q", parts[3])
	}
	// Bounds keep a forged hash from making Verify allocate gigabytes.
	if p.Memory < 8 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 64 || threads < 1 || threads > 255 {
		return p, nil, nil, fmt.Errorf("argon2 parameters out of range %q", parts[3])
	}
	p.Threads = uint8(threads)
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || len(key) > 1024 {
		return p, nil, nil, fmt.Errorf("bad argon2 salt or key")
	}
	return p, salt, key, nil
}

//go:embed common.txt
var commonText []byte

var common = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 31000)
	sc := bufio.NewScanner(bytes.NewReader(commonText))
	for sc.Scan() {
		m[sc.Text()] = true
	}
	return m
})

// MinLength is the minimum number of characters (NIST SP 800-63B asks for
// at least 8; offices holding case files choose 12).
const MinLength = 12

// Check applies the password policy; messages are German for the user.
func Check(password, login, name string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinLength:
		return quartier.Errorf(quartier.EINVALID, "Das Passwort ist zu kurz: mindestens %d Zeichen (eine Folge von Wörtern ist leichter zu merken).", MinLength)
	case len(password) > 1024:
		return quartier.Errorf(quartier.EINVALID, "Das Passwort ist zu lang (höchstens 1024 Bytes).")
	case strings.Count(password, string([]rune(password)[0])) == len(password):
		return quartier.Errorf(quartier.EINVALID, "Das Passwort besteht nur aus einem Zeichen.")
	}
	lower := strings.ToLower(password)
	// A common password with digits or punctuation appended ("dragon2024!!")
	// is as weak as the word itself.
	stem := strings.TrimRightFunc(lower, func(r rune) bool { return r < 'a' || r > 'z' && r < 0x80 })
	if strings.Trim(password, "0123456789") == "" {
		return quartier.Errorf(quartier.EINVALID, "Ein Passwort nur aus Ziffern ist häufig und leicht zu erraten.")
	}
	if common()[lower] || common()[stem] {
		return quartier.Errorf(quartier.EINVALID, "Dieses Passwort steht auf der Liste häufig verwendeter Passwörter.")
	}
	for _, part := range append([]string{login}, strings.Fields(name)...) {
		if p := strings.ToLower(part); len([]rune(p)) >= 4 && strings.Contains(lower, p) {
			return quartier.Errorf(quartier.EINVALID, "Das Passwort darf den Anmeldenamen oder den eigenen Namen nicht enthalten.")
		}
	}
	return nil
}
