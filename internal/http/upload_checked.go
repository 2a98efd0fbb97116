package http

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// Layer data (a Gebietsstand, a composed layer, the street directory) is
// uploaded twice: first checked, then written. The check answers a token,
// the SHA-256 of the file and of every setting; the write step runs only
// when the same file comes back with the same settings and that token, so
// what is written is exactly what the person saw checked. Nothing is kept
// on the server between the two requests (any of several servers behind
// one database may answer the second), and the token is no permission:
// the write validates the whole file again and writes nothing on a fault.

// uploadToken hashes the file and the settings, and rewinds the file for
// reading.
func uploadToken(f *uploadFile, settings ...string) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", quartier.WrapError(quartier.EINVALID, err, "Die Datei ließ sich nicht lesen: bitte erneut wählen.")
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", quartier.WrapError(quartier.EINTERNAL, err, "Die Datei ließ sich nicht erneut lesen.")
	}
	for _, s := range settings {
		h.Write([]byte{0})
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// uploadStep says whether the request may write: it asks to, and names the
// check of this very file and these settings. notice explains a request to
// write that is only checked.
func uploadStep(r *http.Request, token string) (write bool, notice string) {
	if r.PostFormValue("schritt") != "einspielen" {
		return false, ""
	}
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("geprueft")), []byte(token)) == 1 {
		return true, ""
	}
	return false, "Diese Datei oder diese Einstellungen wurden noch nicht geprüft. Hier ist ihr Prüfbericht; eingespielt wurde nichts."
}

// layerUploadData starts the page of one upload: the layers of the kinds
// it writes and the form's defaults (Gebietsstand today).
func (s *Server) layerUploadData(r *http.Request, title string, max int64, kinds ...quartier.LayerKind) (*layerUploadView, error) {
	v := &layerUploadView{page: titled(title), Errors: &formErrors{}, MaxBytes: humanBytes(s.fileLimit(max).Bytes),
		Form: url.Values{"date": {time.Now().In(s.opt.TimeZone).Format(quartier.DateLayout)}}}
	layers, err := s.spatial.Layers(r.Context())
	for _, l := range layers {
		for _, k := range kinds {
			if l.Layer.Kind == k {
				v.Layers = append(v.Layers, l)
			}
		}
	}
	return v, err
}

// layerTarget reads the layer a file goes to: an existing one of the
// offered layers (its kind stays) or a new one (code, name, kind, space).
// dates are the Gebietsstand and its first day. Faults are filed at their
// inputs.
func (v *layerUploadView) layerTarget(kind quartier.LayerKind) (spec spatial.LayerSpec, ref, from time.Time) {
	g := func(k string) string { return strings.TrimSpace(v.Form.Get(k)) }
	if code := g("layer"); code != "" {
		found := false
		for _, l := range v.Layers {
			if l.Layer.Code == code {
				spec, found = spatial.LayerSpec{Code: code, Name: l.Layer.Name, Kind: l.Layer.Kind, Space: l.Layer.Space}, true
			}
		}
		if !found {
			v.Errors.Add("layer", "Die Ebene „"+code+"“ gibt es hier nicht; bitte eine der Liste oder „neue Ebene“ wählen.")
		}
	} else {
		spec = spatial.LayerSpec{Code: g("code"), Name: g("name"), Kind: kind, Space: g("space") != ""}
		if kind != quartier.LayerComposed && g("kind") == string(quartier.LayerBlock) {
			spec.Kind = quartier.LayerBlock
		}
		if spec.Code == "" {
			v.Errors.Add("code", "Bitte den Code der neuen Ebene angeben (z. B. schulbezirke) oder eine bestehende Ebene wählen.")
		} else if !quartier.ValidCode(spec.Code) {
			v.Errors.Add("code", "Der Code „"+spec.Code+"“ ist ungültig: nur a–z, 0–9, Punkt, Binde- und Unterstrich.")
		}
	}
	date := func(id, label string) time.Time {
		t, err := quartier.ParseDate(g(id))
		if err != nil {
			v.Errors.Add(id, label+": "+quartier.ErrorMessage(err))
		}
		return t
	}
	ref = date("date", "Gebietsstand")
	if g("valid_from") != "" {
		from = date("valid_from", "Gültig ab")
	}
	return spec, ref, from
}

// fail files an error of reading or checking the upload: findings are
// shown by the report, anything else in the list at the top.
func (s *Server) uploadFailed(w http.ResponseWriter, r *http.Request, v *layerUploadView, err error, reported bool) {
	if !reported {
		v.Errors.Add("", s.userMessage(r, err))
	}
	retryHeader(w, err)
	w.WriteHeader(statusOf(err))
}
