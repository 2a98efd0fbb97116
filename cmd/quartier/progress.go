package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"golang.org/x/term"
)

// newProgress draws a bar when stderr is a terminal and logs a line every few
// seconds otherwise (CI, cron, systemd), so long imports are never silent.
func newProgress(e *env) quartier.Progress {
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &bar{w: f}
	}
	return &logProgress{log: e.log}
}

type bar struct {
	w         io.Writer
	what      string
	total, n  int
	lastDrawn time.Time
	everDrawn bool
}

func (b *bar) Start(what string, total int) {
	b.what, b.total, b.n = what, total, 0
	b.draw(true)
}

func (b *bar) Add(n int) {
	b.n += n
	b.draw(false)
}

func (b *bar) Done() {
	b.draw(true)
	if b.everDrawn {
		fmt.Fprintln(b.w)
		b.everDrawn = false
	}
}

func (b *bar) draw(force bool) {
	if !force && time.Since(b.lastDrawn) < 100*time.Millisecond {
		return
	}
	b.lastDrawn, b.everDrawn = time.Now(), true
	if b.total <= 0 {
		fmt.Fprintf(b.w, "\r%-12s %d", b.what, b.n)
		return
	}
	const width = 30
	done := min(width, b.n*width/b.total)
	fmt.Fprintf(b.w, "\r%-12s [%s%s] %3d%% %d/%d", b.what, strings.Repeat("#", done), strings.Repeat(" ", width-done), b.n*100/b.total, b.n, b.total)
}

type logProgress struct {
	log      *slog.Logger
	what     string
	total, n int
	last     time.Time
}

func (p *logProgress) Start(what string, total int) {
	p.what, p.total, p.n, p.last = what, total, 0, time.Now()
	p.log.Info("Start", "schritt", what, "gesamt", total)
}

func (p *logProgress) Add(n int) {
	p.n += n
	if time.Since(p.last) >= 2*time.Second {
		p.last = time.Now()
		p.log.Info("Fortschritt", "schritt", p.what, "erledigt", p.n, "gesamt", p.total)
	}
}

func (p *logProgress) Done() { p.log.Info("Fertig", "schritt", p.what, "erledigt", p.n) }
