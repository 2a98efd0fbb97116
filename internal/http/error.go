package http

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/workgate"
)

// statusOf maps the domain's error codes to HTTP; this is the only place.
func statusOf(err error) int {
	switch quartier.ErrorCode(err) {
	case quartier.EINVALID:
		return http.StatusBadRequest
	case quartier.ENOTFOUND:
		return http.StatusNotFound
	case quartier.ECONFLICT:
		return http.StatusConflict
	case quartier.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case quartier.EFORBIDDEN:
		return http.StatusForbidden
	case quartier.EUNAUTH:
		return http.StatusUnauthorized
	case quartier.ETOOMANY:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// writeStatus sends the status of err.
func writeStatus(w http.ResponseWriter, err error) {
	retryHeader(w, err)
	w.WriteHeader(statusOf(err))
}

// retryHeader tells the client of a "try again later" answer when
// (Retry-After, in seconds).
func retryHeader(w http.ResponseWriter, err error) {
	if d := workgate.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
	}
}

// userMessage is the message safe to show: internal errors are logged with
// their cause and shown as a generic sentence, so no SQL or path leaks.
func (s *Server) userMessage(r *http.Request, err error) string {
	if quartier.ErrorCode(err) == quartier.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		return "Interner Fehler. Bitte später erneut versuchen."
	}
	return quartier.ErrorMessage(err)
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	writeStatus(w, err)
	s.render(w, r, "error", &errorView{page: titled("Fehler"), Message: s.userMessage(r, err), Problems: quartier.ErrorProblems(err)})
}

type apiError struct {
	Error    string             `json:"error"`
	Code     string             `json:"code"`
	Problems []quartier.Problem `json:"problems,omitempty"`
}

func (s *Server) errorJSON(w http.ResponseWriter, r *http.Request, err error) {
	retryHeader(w, err)
	writeJSON(w, statusOf(err), apiError{Error: s.userMessage(r, err), Code: quartier.ErrorCode(err), Problems: quartier.ErrorProblems(err)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONAs(w, status, "application/json; charset=utf-8", v)
}

// writeJSONAs writes v as JSON with its own media type (GeoJSON, OpenAPI).
func writeJSONAs(w http.ResponseWriter, status int, ctype string, v any) {
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// notFound answers a path no route knows with the German error page (and
// its navigation) or, under /api/, with the JSON error, instead of Go's
// English "404 page not found". A known path asked with another method
// keeps the mux's 405 with its Allow header.
func (s *Server) notFound(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" || s.knownPath(mux, r) {
			mux.ServeHTTP(w, r)
			return
		}
		err := quartier.Errorf(quartier.ENOTFOUND, "Die Seite %s gibt es nicht.", r.URL.Path)
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.errorJSON(w, r, err)
			return
		}
		s.errorPage(w, r, err)
	})
}

// knownPath reports whether another method would reach a route at r's path.
func (s *Server) knownPath(mux *http.ServeMux, r *http.Request) bool {
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method {
			continue
		}
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pattern := mux.Handler(r2); pattern != "" {
			return true
		}
	}
	return false
}
