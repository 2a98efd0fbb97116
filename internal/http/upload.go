package http

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"

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

// tempUpload is an uploaded file in a temporary file, removed on Close.
type tempUpload struct{ *os.File }

func (t tempUpload) Close() error {
	err := t.File.Close()
	os.Remove(t.File.Name())
	return err
}

// readFile reads a multipart form with a file of at most l bytes; choose
// names what to choose when the file is missing ("eine CSV-Datei").
//
// The parts are read as they arrive, not by ParseMultipartForm: that keeps
// up to 10 MB of the other fields of every request in memory while the
// client sends, so one anonymous client's slow public checks held
// gigabytes (security probe). The other fields (a CRS, a date, a token)
// may take uploadSlack together; the file goes to a temporary file.
func readFile(w http.ResponseWriter, r *http.Request, l bodyLimit, choose string) (_ *uploadFile, err error) {
	limitBody(w, r, bodyLimit{l.Bytes + uploadSlack, l.What})
	broken := func(err error) error {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return l.err()
		}
		return quartier.WrapError(quartier.EINVALID, err, "Die Übertragung war fehlerhaft: bitte die Datei erneut wählen.")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, broken(err)
	}
	var up *uploadFile
	defer func() {
		if err != nil && up != nil {
			up.Close()
		}
	}()
	values := url.Values{}
	left := int64(uploadSlack)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, broken(err)
		}
		name := p.FormName()
		switch {
		case name == "file" && p.FileName() != "" && up == nil:
			f, err := os.CreateTemp("", "quartier-upload-*")
			if err != nil {
				return nil, quartier.WrapError(quartier.EINTERNAL, err, "Die Datei ließ sich nicht zwischenspeichern.")
			}
			up = &uploadFile{File: tempUpload{f}, Name: p.FileName()}
			n, err := io.Copy(f, io.LimitReader(p, l.Bytes+1))
			if err != nil {
				return nil, broken(err)
			}
			if n > l.Bytes {
				return nil, l.err()
			}
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return nil, quartier.WrapError(quartier.EINTERNAL, err, "Die Datei ließ sich nicht erneut lesen.")
			}
		case p.FileName() != "":
			// Another file: not read by anyone, passed over.
			if _, err := io.Copy(io.Discard, p); err != nil {
				return nil, broken(err)
			}
		default:
			b, err := io.ReadAll(io.LimitReader(p, left+1))
			if err != nil {
				return nil, broken(err)
			}
			if left -= int64(len(name) + len(b)); left < 0 {
				return nil, quartier.Errorf(quartier.ETOOLARGE, "Die Felder neben der Datei sind zu groß (höchstens %s).", humanBytes(uploadSlack))
			}
			values.Add(name, string(b))
		}
	}
	// As ParseMultipartForm leaves them, for FormValue and PostFormValue.
	r.PostForm = values
	r.Form = url.Values{}
	for k, v := range r.URL.Query() {
		r.Form[k] = v
	}
	for k, v := range values {
		r.Form[k] = append(v, r.Form[k]...)
	}
	r.MultipartForm = &multipart.Form{Value: values}
	if up == nil {
		return nil, quartier.Errorf(quartier.EINVALID, "Bitte %s auswählen.", choose)
	}
	return up, nil
}
