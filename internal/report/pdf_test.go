package report

import (
	"context"
	"errors"
	"fmt"
	"sync"
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

// The same document is made once, whoever asks and however many ask at
// once; another document is made anew; a failed one is not kept; the
// kept ones are bounded.
func TestPDFKeepsDocuments(t *testing.T) {
	var mu sync.Mutex
	made := map[string]int{}
	release := make(chan struct{})
	p := &PDF{render: func(ctx context.Context, html, footer string) ([]byte, error) {
		mu.Lock()
		made[html]++
		mu.Unlock()
		if html == "slow" {
			<-release
		}
		if html == "broken" {
			return nil, errors.New("browser crashed")
		}
		return []byte("%PDF " + html + footer), nil
	}}
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if pdf, err := p.Render(ctx, "slow", "f"); err != nil || string(pdf) != "%PDF slowf" {
				t.Errorf("%q %v", pdf, err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond) // let them all find the one being made
	close(release)
	wg.Wait()
	for range 3 {
		p.Render(ctx, "a", "f")
	}
	p.Render(ctx, "a", "other footer")
	for range 2 {
		if _, err := p.Render(ctx, "broken", ""); err == nil {
			t.Error("a failed document returned no error")
		}
	}
	if made["slow"] != 1 || made["a"] != 2 || made["broken"] != 2 {
		t.Errorf("made %v; want slow once (20 asked at once), a once per footer, broken each time", made)
	}
	for i := range pdfKeep + 10 {
		p.Render(ctx, fmt.Sprint("doc", i), "")
	}
	if len(p.entries) != pdfKeep || len(p.order) != pdfKeep {
		t.Errorf("%d documents kept, want %d", len(p.entries), pdfKeep)
	}
	p.Render(ctx, "doc0", "")
	if made["doc0"] != 2 {
		t.Errorf("the oldest was not dropped: made %d times", made["doc0"])
	}
}
