package http

import (
	"errors"
	"mime/multipart"
	"net/http"

	"github.com/quartier/quartier"
)

// Every request body is read through this file: bounded before the first
// byte is read, and a body over its bound answers ETOOLARGE (413) with a
// German message naming the limit. A form that was cut off is never used
// half-read (a cut-off acceptance once read as "accept without changes").

// bodyLimit is the bound of one kind of body and what the message calls it.
type bodyLimit struct {
	Bytes int64
	What  string // subject of the message: "Die Datei", "Das Formular"
}

// Forms of the site and their bounds.
func formLimit() bodyLimit       { return bodyLimit{64 << 10, "Das Formular"} }  // edit forms: dozens of slots and contacts fit
func signInLimit() bodyLimit     { return bodyLimit{16 << 10, "Das Formular"} }  // login and password
func suggestionLimit() bodyLimit { return bodyLimit{32 << 10, "Der Vorschlag"} } // the public suggestion
func settingsLimit() bodyLimit   { return bodyLimit{1 << 20, "Die Eingabe"} }    // 256 kB of text, URL-encoded
func smallFormLimit() bodyLimit  { return bodyLimit{4 << 10, "Das Formular"} }   // a button with a hidden field

// fileLimit bounds an upload by its own limit and the server's
// MaxUploadBytes, whichever is smaller.
func (s *Server) fileLimit(n int64) bodyLimit {
	return bodyLimit{min(n, s.opt.MaxUploadBytes), "Die Datei"}
}

// uploadSlack is the room for a form's other fields and the multipart
// framing on top of a file's own limit.
const uploadSlack = 64 << 10

func (l bodyLimit) err() error {
	return quartier.Errorf(quartier.ETOOLARGE, "%s ist zu groß (höchstens %s).", l.What, humanBytes(l.Bytes))
}

// wrap turns the error of reading past the bound into the limit's error;
// other errors pass unchanged.
func (l bodyLimit) wrap(err error) error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return l.err()
	}
	return err
}

// limitBody bounds the request body for a handler that streams it.
func limitBody(w http.ResponseWriter, r *http.Request, l bodyLimit) {
	r.Body = http.MaxBytesReader(w, r.Body, l.Bytes)
}

// readForm reads a posted form (URL-encoded or multipart without files)
// of at most l bytes.
func readForm(w http.ResponseWriter, r *http.Request, l bodyLimit) error {
	limitBody(w, r, l)
	// ParseMultipartForm would hide ParseForm's error behind
	// ErrNotMultipart, so the two run apart.
	if err := r.ParseForm(); err != nil {
		return l.formErr(err)
	}
	if err := r.ParseMultipartForm(0); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return l.formErr(err)
	}
	return nil
}

// formErr words a form that could not be read: too large, or broken in
// transit (a client's fault, so not an internal error).
func (l bodyLimit) formErr(err error) error {
	if err = l.wrap(err); quartier.ErrorCode(err) == quartier.ETOOLARGE {
		return err
	}
	return quartier.WrapError(quartier.EINVALID, err, "Die Übertragung war fehlerhaft: bitte erneut senden.")
}

// uploadFile is a file sent in the form field "file"; the form's other fields
// are in the request.
type uploadFile struct {
	multipart.File
	Name string
}

// readFile reads a multipart form with a file of at most l bytes; choose
// names what to choose when the file is missing ("eine CSV-Datei").
func readFile(w http.ResponseWriter, r *http.Request, l bodyLimit, choose string) (*uploadFile, error) {
	limitBody(w, r, bodyLimit{l.Bytes + uploadSlack, l.What})
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, l.err()
		}
		return nil, quartier.WrapError(quartier.EINVALID, err, "Die Übertragung war fehlerhaft: bitte die Datei erneut wählen.")
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return nil, quartier.Errorf(quartier.EINVALID, "Bitte %s auswählen.", choose)
	}
	if hdr.Size > l.Bytes {
		f.Close()
		return nil, l.err()
	}
	return &uploadFile{File: f, Name: hdr.Filename}, nil
}
