// Package totp implements time-based one-time passwords (RFC 6238, HMAC-SHA1,
// 6 digits, 30-second steps) as authenticator apps use them, and recovery
// codes for when the phone is gone.
package totp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"
)

const (
	step   = 30
	digits = 6
	// skew accepts the neighbouring steps, for phones whose clock is off by
	// up to half a minute.
	skew = 1
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewSecret returns 160 random bits, base32 as apps expect them.
func NewSecret() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return b32.EncodeToString(b), nil
}

func decodeSecret(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.ReplaceAll(strings.TrimRight(secret, "="), " ", ""))
	return b32.DecodeString(s)
}

func codeAt(key []byte, counter int64) string {
	mac := hmac.New(sha1.New, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(counter))
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", v%1000000)
}

// Code is the code for time t.
func Code(secret string, t time.Time) (string, error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return "", err
	}
	return codeAt(key, t.Unix()/step), nil
}

// Validate checks code for time t within the skew window and returns its
// step. A step not after lastUsedStep is refused, so a code seen over a
// shoulder cannot be replayed within its 30 seconds.
func Validate(secret, code string, t time.Time, lastUsedStep int64) (int64, bool) {
	key, err := decodeSecret(secret)
	if err != nil || len(key) == 0 {
		return 0, false
	}
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != digits {
		return 0, false
	}
	now := t.Unix() / step
	for s := now - skew; s <= now+skew; s++ {
		if s <= lastUsedStep {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(codeAt(key, s)), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// URI is the otpauth:// link authenticator apps import.
func URI(secret, issuer, account string) string {
	label := url.PathEscape(issuer) + ":" + url.PathEscape(account)
	q := url.Values{"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// alphabet leaves out 0/o, 1/l/i so codes read aloud or written down
// survive; 12 characters of 31 give 59 bits, 15 give 74.
const alphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// NewRecoveryCodes returns n one-time codes like "k7m2q-9xqp4-rtdw8".
func NewRecoveryCodes(n int) ([]string, error) {
	out := make([]string, n)
	for i := range out {
		b := make([]byte, 15)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		var sb strings.Builder
		for j, c := range b {
			if j > 0 && j%5 == 0 {
				sb.WriteByte('-')
			}
			// 256 % 31 != 0 gives a slight bias; at 74 bits it does not matter.
			sb.WriteByte(alphabet[int(c)%len(alphabet)])
		}
		out[i] = sb.String()
	}
	return out, nil
}

// HashRecoveryCode normalises a code as typed and hashes it. A fast hash is
// enough: the codes carry ~74 random bits, far beyond guessing, so there is
// nothing for a slow hash to protect.
func HashRecoveryCode(code string) string {
	c := strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
	h := sha256.Sum256([]byte(c))
	return hex.EncodeToString(h[:])
}
