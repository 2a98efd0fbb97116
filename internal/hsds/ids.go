package hsds

import (
	"crypto/sha1"
	"strings"

	"github.com/google/uuid"
)

// HSDS ids must be UUIDs (docs/hsds/identifiers.md). Quartier derives them
// as name-based UUIDs (version 5) from its own keys under a fixed
// namespace, so every export of the same atlas gives the same ids and
// consumers can follow records across exports.
var namespace = uuid.MustParse("e0981de5-acdd-4be0-bbb2-e4d49d4abe2d")

// foreignPrefix marks the keys import gives to records that came without
// a Quartier key: "hsds-" and the record's UUID as 32 hex digits (with its
// hyphens the key would exceed the 40 characters a Quartier key may have).
const foreignPrefix = "hsds-"

// newID is the UUIDv5 of kind and name ("service", "treff").
func newID(kind, name string) string { return v5(kind, name).String() }

// v5 is uuid.NewSHA1(namespace, kind+":"+name) with one hash call over a
// buffer on the stack (short names): a page of services has a thousand
// ids, and the id index of 100,000 offers took 0.13 s of them.
func v5(kind, name string) uuid.UUID {
	var buf [128]byte
	b := append(append(append(append(buf[:0], namespace[:]...), kind...), ':'), name...)
	h := sha1.Sum(b)
	var u uuid.UUID
	copy(u[:], h[:])
	u[6] = (u[6] & 0x0f) | 0x50 // version 5
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 4122 variant
	return u
}

// keyID is the id of a record with a Quartier key or code: a foreign key
// gives back the UUID it came with, so foreign ids survive a round trip.
func keyID(kind, key string) string {
	if u, ok := foreignUUID(key); ok {
		return u
	}
	return newID(kind, key)
}

func foreignUUID(key string) (string, bool) {
	hex, ok := strings.CutPrefix(key, foreignPrefix)
	if !ok || len(hex) != 32 {
		return "", false
	}
	u, err := uuid.Parse(hex)
	if err != nil || strings.ToLower(hex) != hex {
		return "", false
	}
	return u.String(), true
}

// foreignKey is the key for a record known only by its HSDS id.
func foreignKey(id string) string {
	u, err := uuid.Parse(id)
	if err != nil {
		return ""
	}
	return foreignPrefix + strings.ReplaceAll(u.String(), "-", "")
}
