package http

import (
	"net/http"
	"strconv"

	"github.com/quartier/quartier"
)

type noticesView struct {
	page
	Notices []quartier.Notice
	// UnreadCount is the unread notices among all, not only those shown.
	UnreadCount int
	Note        string
	Done        bool
}

// notices: GET /hinweise, the signed-in person's notices (the warnings of
// the budgets they watch), newest first.
func (s *Server) notices(w http.ResponseWriter, r *http.Request) {
	ns, unread, err := s.budget.Notices(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "notices", &noticesView{page: titled("Hinweise"), Notices: ns, UnreadCount: unread, Note: quartier.BudgetNote,
		Done: r.URL.Query().Get("gelesen") == "1"})
}

// noticesRead: POST /hinweise/gelesen, marks one notice (id) or all
// (id=alle) read.
func (s *Server) noticesRead(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	var id int64
	if v := r.PostFormValue("id"); v != "alle" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			s.errorPage(w, r, quartier.Errorf(quartier.EINVALID, "Hinweis %q ist keine Nummer eines Hinweises.", v))
			return
		}
		id = n
	}
	if err := s.budget.MarkNoticeRead(r.Context(), id); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/hinweise?gelesen=1", http.StatusSeeOther)
}

// noticeBadge puts the count of the signed-in person's unread notices on
// the header's link to them; a failure to count leaves it off.
func (s *Server) noticeBadge(r *http.Request, nav []navGroup) {
	if a := quartier.ActorFrom(r.Context()); a == nil || a.UserID == 0 || r.Header.Get("HX-Request") == "true" {
		return
	}
	for gi := range nav {
		for li := range nav[gi].Links {
			if l := &nav[gi].Links[li]; l.Href == "/hinweise" {
				n, err := s.budget.UnreadNotices(r.Context())
				if err != nil {
					s.log.Warn("unread notices", "err", err)
				}
				l.Badge = n
			}
		}
	}
}
