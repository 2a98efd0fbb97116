package http

import (
	"net/http"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// atlasSettings shows the editors of the topic taxonomy and the synonym
// list (planning and administration).
func (s *Server) atlasSettings(w http.ResponseWriter, r *http.Request) {
	s.settingsPage(w, r, http.StatusOK, &settingsView{Saved: r.URL.Query().Get("gespeichert")})
}

// settingsPage shows the stored lists, except one that comes back with its
// error as typed.
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, status int, v *settingsView) {
	st, err := s.atlas.Settings(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if v.SynError == "" {
		v.Synonyms = st.Synonyms
	}
	if v.TaxError == "" {
		var b strings.Builder
		for _, t := range st.Topics {
			b.WriteString(t.Code + "; " + t.Label)
			if t.Parent != "" {
				b.WriteString("; " + t.Parent)
			}
			b.WriteString("\n")
		}
		v.Taxonomy = b.String()
	}
	v.Title, v.Settings = "Atlas: Themen und Synonyme", st
	w.WriteHeader(status)
	s.render(w, r, "settings", v)
}

// atlasSynonymsSave stores the synonym list or shows why not.
func (s *Server) atlasSynonymsSave(w http.ResponseWriter, r *http.Request) {
	err := readForm(w, r, settingsLimit())
	text := r.PostFormValue("synonyms")
	if err == nil {
		err = s.atlas.SaveSynonyms(r.Context(), text)
	}
	if err != nil {
		s.settingsPage(w, r, statusOf(err), &settingsView{Synonyms: text, SynError: s.userMessage(r, err)})
		return
	}
	http.Redirect(w, r, "/atlas/einstellungen?gespeichert=synonyme", http.StatusSeeOther)
}

// atlasTaxonomySave stores the topics or shows why not.
func (s *Server) atlasTaxonomySave(w http.ResponseWriter, r *http.Request) {
	err := readForm(w, r, settingsLimit())
	text := r.PostFormValue("taxonomy")
	var ts []quartier.Topic
	if err == nil {
		ts, err = parseTaxonomy(text)
	}
	if err == nil {
		err = s.atlas.SaveTaxonomy(r.Context(), ts)
	}
	if err != nil {
		s.settingsPage(w, r, statusOf(err), &settingsView{Taxonomy: text, TaxError: s.userMessage(r, err)})
		return
	}
	http.Redirect(w, r, "/atlas/einstellungen?gespeichert=themen", http.StatusSeeOther)
}

func parseTaxonomy(text string) ([]quartier.Topic, error) {
	if len(text) > 256<<10 {
		return nil, quartier.Errorf(quartier.ETOOLARGE, "Die Themenliste ist länger als 256 kB.")
	}
	return atlas.ParseTaxonomy(text)
}
