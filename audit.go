package quartier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Outcomes of audited actions.
const (
	OutcomeOK     = "ok"
	OutcomeDenied = "denied"
	OutcomeFailed = "failed"
)

// AuditEntry is one line of the append-only audit log: who (login, roles,
// scope used), what (action, object type and id), when, from where, and the
// outcome. Each entry carries the hash of its predecessor and its own, so
// that a changed or deleted row breaks the chain (quartier audit verify).
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	UserID     int64     `json:"user_id,omitempty"`
	Login      string    `json:"login"`
	Roles      string    `json:"roles,omitempty"`
	Scope      string    `json:"scope,omitempty"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type,omitempty"`
	ObjectID   string    `json:"object_id,omitempty"`
	Outcome    string    `json:"outcome"`
	Remote     string    `json:"remote,omitempty"`
	Detail     string    `json:"detail,omitempty"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// ComputeHash hashes the entry's content with its predecessor's hash. The
// time is fixed to UTC microseconds, the precision both stores keep, so a
// stored entry hashes the same when read back.
func (e *AuditEntry) ComputeHash() string {
	fields := []string{
		e.PrevHash, strconv.FormatInt(e.ID, 10), e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano),
		strconv.FormatInt(e.UserID, 10), e.Login, e.Roles, e.Scope, e.Action, e.ObjectType, e.ObjectID, e.Outcome, e.Remote, e.Detail,
	}
	h := sha256.New()
	for _, f := range fields {
		// Length-prefixed, so that moving text between fields changes the hash.
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AuditFilter selects entries for the audit page.
type AuditFilter struct {
	Login      string
	ObjectType string
	ObjectID   string
	Action     string
	From, To   time.Time // To exclusive; zero = open
	AfterID    int64     // paging: entries with larger IDs
	Limit      int
}

// Describe renders an actor's roles and scopes for an audit entry.
func DescribeActor(a *Actor) (roles, scope string) {
	if a == nil {
		return "", ""
	}
	var rs, ss []string
	for _, g := range a.Grants {
		rs = append(rs, string(g.Role))
		ss = append(ss, g.Scope.String())
	}
	// A reading program is told apart from its owner's own reading, so a
	// leaked token shows in the log by its number.
	if a.TokenID != 0 {
		ss = append(ss, fmt.Sprintf("API-Schlüssel %d", a.TokenID))
	}
	return strings.Join(rs, ","), strings.Join(ss, "; ")
}

// AuditTx stores the audit log: append-only.
type AuditTx interface {
	// AppendAudit stores e as given (ID, hashes computed by the caller).
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// AppendAudits stores several entries in one statement (group commit).
	AppendAudits(ctx context.Context, es []AuditEntry) error
	// LastAudit returns nil for an empty log.
	LastAudit(ctx context.Context) (*AuditEntry, error)
	// AuditEntries returns matching entries in ID order.
	AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}
