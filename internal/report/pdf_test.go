package report

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// A document whose client has gone starts no browser, and one that
// finds another being rendered waits a bounded time, then is refused as
// too many (429), whoever asked.
func TestPDFTurnBounded(t *testing.T) {
	p := &PDF{Exec: "/nonexistent/chromium"}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Render(gone, "<p>x</p>", ""); !errors.Is(err, context.Canceled) {
		t.Errorf("a gone client: %v (a browser was started)", err)
	}
	old := pdfWait
	pdfWait = 10 * time.Millisecond
	t.Cleanup(func() { pdfWait = old })
	if err := p.enter(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Render(context.Background(), "<p>x</p>", ""); quartier.ErrorCode(err) != quartier.ETOOMANY {
		t.Errorf("while another renders: %v", err)
	}
	p.leave()
	if _, err := p.Render(context.Background(), "<p>x</p>", ""); quartier.ErrorCode(err) == quartier.ETOOMANY {
		t.Errorf("with the turn free: %v", err)
	}
}
