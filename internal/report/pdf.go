package report

import (
	"context"
	"crypto/sha256"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/quartier/quartier"
)

// FindChromium returns the browser that renders PDFs: QUARTIER_CHROMIUM,
// else the first of chromium, chromium-browser, google-chrome on PATH;
// "" when there is none (PDFs are then unavailable, the printable HTML
// page still works).
func FindChromium() string {
	for _, name := range []string{os.Getenv("QUARTIER_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// PDF renders documents with headless Chromium. It keeps no browser
// running between documents: guides are printed now and then, and an
// idle browser would hold 100 MB for nothing. One document at a time, so
// a burst of requests cannot start a dozen browsers on a small server;
// and a document waits for its turn at most pdfWait and not at all once
// its client has gone, so a burst cannot queue hours of browsers either.
//
// A PDF is a function of its document and footer, and the public ones —
// a space's Wegweiser, the published year report, a committee report —
// are asked for by anyone, again and again, each costing a browser for
// about a second. So the last documents are kept by the hash of what
// they were made from: a repeated request costs nothing, concurrent ones
// for the same document wait for one browser, and anonymous requests can
// start at most one browser per distinct public document.
type PDF struct {
	Exec string
	once sync.Once
	turn chan struct{} // holds the document being rendered

	mu      sync.Mutex
	entries map[[32]byte]*pdfEntry
	order   [][32]byte // finished entries, oldest first
	size    int        // bytes of the finished entries
	// render makes one document (Chromium; tests count calls instead).
	render func(ctx context.Context, html, footer string) ([]byte, error)
}

// pdfEntry is a document being made or made; done is closed when pdf or
// err is set.
type pdfEntry struct {
	done chan struct{}
	pdf  []byte
	err  error
}

// The kept documents are bounded by number and size: a guide is about
// 100 KB, a committee report with maps about 1 MB.
const (
	pdfKeep      = 64
	pdfKeepBytes = 32 << 20
)

// pdfWait bounds the wait for a turn: a document takes about a second.
var pdfWait = 20 * time.Second

// enter waits for the turn; the caller calls leave after a nil error.
func (p *PDF) enter(ctx context.Context) error {
	p.once.Do(func() { p.turn = make(chan struct{}, 1) })
	t := time.NewTimer(pdfWait)
	defer t.Stop()
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return quartier.Errorf(quartier.ETOOMANY, "Gerade werden zu viele PDFs erzeugt. Bitte in einer Minute noch einmal versuchen.")
	}
	if err := ctx.Err(); err != nil { // both were ready: a gone client starts no browser
		p.leave()
		return err
	}
	return nil
}

func (p *PDF) leave() { <-p.turn }

// pdfTimeout bounds one document; a guide of a few hundred offers takes
// about a second.
const pdfTimeout = 60 * time.Second

// Render turns a complete HTML document (styles inline, no external
// resources: the browser gets no network) into an A4 PDF with page
// numbers in the footer.
func (p *PDF) Render(ctx context.Context, html, footer string) ([]byte, error) {
	if p == nil || p.Exec == "" && p.render == nil {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "PDF-Erzeugung ist nicht eingerichtet (kein Chromium gefunden, QUARTIER_CHROMIUM).")
	}
	key := sha256.Sum256([]byte(footer + "\x00" + html))
	for {
		p.mu.Lock()
		if p.entries == nil {
			p.entries = map[[32]byte]*pdfEntry{}
		}
		e := p.entries[key]
		if e == nil {
			e = &pdfEntry{done: make(chan struct{})}
			p.entries[key] = e
			p.mu.Unlock()
			render := p.render
			if render == nil {
				render = p.chromium
			}
			e.pdf, e.err = render(ctx, html, footer)
			p.finish(key, e)
			return e.pdf, e.err
		}
		p.mu.Unlock()
		select {
		case <-e.done:
			if e.err == nil {
				return e.pdf, nil
			}
			// Its client went away or it failed: not kept; make it anew
			// (or join whoever does) unless this client has gone too.
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// finish keeps a made document (dropping the oldest beyond the bounds)
// or forgets a failed one, and wakes those waiting for it.
func (p *PDF) finish(key [32]byte, e *pdfEntry) {
	p.mu.Lock()
	defer p.mu.Unlock()
	defer close(e.done)
	if e.err != nil {
		delete(p.entries, key)
		return
	}
	p.order = append(p.order, key)
	p.size += len(e.pdf)
	for len(p.order) > pdfKeep || p.size > pdfKeepBytes && len(p.order) > 1 {
		old := p.entries[p.order[0]]
		p.size -= len(old.pdf)
		delete(p.entries, p.order[0])
		p.order = p.order[1:]
	}
}

// chromium makes one document with a fresh headless browser.
func (p *PDF) chromium(ctx context.Context, html, footer string) ([]byte, error) {
	if err := p.enter(ctx); err != nil {
		return nil, err
	}
	defer p.leave()
	dir, err := os.MkdirTemp("", "quartier-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(p.Exec), chromedp.Headless, chromedp.DisableGPU, chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		// The document is ours and complete; the browser must not fetch.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses its sandbox as root
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.WithoutCancel(ctx), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "Chromium startet nicht.")
	}
	tctx, cancel := context.WithTimeout(bctx, pdfTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel) // the client went away
	defer stop()
	var out []byte
	err = chromedp.Do(tctx,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
			if err != nil {
				return err
			}
			_, err = chromedp.Call(ctx, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: html})
			return err
		}),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			var err error
			out, err = chromedp.Run(ctx, chromedp.PrintToPDF(
				chromedp.PDFPaper(chromedp.PaperA4),
				chromedp.PDFMargin(0.6),
				chromedp.PDFPrintBackground(),
				chromedp.PDFHeaderTemplate(`<span></span>`),
				chromedp.PDFFooterTemplate(footer),
				// Tagged, with an outline of the headings: a committee
				// member with a screen reader gets the structure.
				chromedp.PDFOutlineAndTagged(),
			))
			return err
		}),
	)
	if err != nil {
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "Das PDF konnte nicht erzeugt werden.")
	}
	return out, nil
}
