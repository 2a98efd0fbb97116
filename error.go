package quartier

import (
	"errors"
	"fmt"
)

// Error codes. They are few on purpose: the HTTP layer maps each to one status
// (internal/http/error.go) and the CLI to one exit code, so a new failure mode
// must fit one of them instead of inventing a status of its own.
const (
	EINVALID   = "invalid"      // bad input; Message says where
	ENOTFOUND  = "not_found"    // no such record, or outside the actor's scope
	ECONFLICT  = "conflict"     // duplicate code, overlapping validity
	ETOOLARGE  = "too_large"    // upload or request above its limit
	EFORBIDDEN = "forbidden"    // known actor, action not permitted
	EUNAUTH    = "unauthorized" // not signed in, or the sign-in failed
	ETOOMANY   = "too_many"     // throttled after repeated failures
	EINTERNAL  = "internal"     // anything else; details go to the log only
)

// Error is a failure that is safe to show to a user. Message is German UI text
// and must never carry internal detail (SQL, paths); wrap the cause for logs.
type Error struct {
	Code    string
	Message string
	// Problems holds located findings, e.g. the validation report of an import.
	Problems []Problem
	cause    error
}

func (e *Error) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.cause)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.cause }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WrapError attaches a cause (for the log) to a user-safe error.
func WrapError(code string, cause error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), cause: cause}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err. Errors that are not
// *Error never reach the user verbatim.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Interner Fehler."
}

// ErrorProblems returns the located findings carried by err, if any.
func ErrorProblems(err error) []Problem {
	var e *Error
	if errors.As(err, &e) {
		return e.Problems
	}
	return nil
}
