package http

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// TestBrowserMapPicker sets a new place's point on the map in headless
// Chromium: a click fills the coordinate fields in the installation's CRS
// and chooses "Koordinate", a drag of the marker moves it, and the saved
// place lies where the marker was, as the server projects that longitude
// and latitude. axe-core finds no serious or critical violation on the
// form with the map, and the console stays clean (CSP included).
func TestBrowserMapPicker(t *testing.T) {
	exe := chromium(t)
	ts, srv := editServer(t)
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	must("sign in", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/anmelden?weiter=/atlas/orte/neu"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#login"), "u-planner"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS("#pickmap[data-ready]")),
	))
	vs, err := axe(ctx)
	must("axe on the place form", err)
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("axe %s (%s): %s", v.ID, v.Impact, v.Help)
		}
	}
	outlines, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#pickmap path").length`))
	must("count outlines", err)
	if outlines == 0 {
		t.Error("the picker shows no space outlines")
	}

	// The click lands in the middle of the map; the page says which
	// longitude and latitude that is, so the test can project it itself.
	must("click the map", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#pickmap")),
		chromedp.WaitVisible(chromedp.CSS("#pickmap[data-picked]")),
	))
	x, y, choice := pickerFields(t, ctx, must)
	lon, lat := markerLonLat(ctx, must)
	if !choice {
		t.Error("the click did not choose „Koordinate“")
	}
	near(t, srv.spatial.SRID(), "after the click", x, y, lon, lat)

	// Dragging the marker 60 px to the right moves the point east.
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector("#pickmap .leaflet-marker-icon").getBoundingClientRect(); return [r.left + r.width/2, r.top + r.height - 4]; })()`))
	must("find the marker", err)
	must("drag the marker", chromedp.Do(ctx,
		chromedp.MouseEvent("mousePressed", box[0], box[1], chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseMoved", box[0]+20, box[1]),
		chromedp.MouseEvent("mouseMoved", box[0]+40, box[1]),
		chromedp.MouseEvent("mouseMoved", box[0]+60, box[1]),
		chromedp.MouseEvent("mouseReleased", box[0]+60, box[1], chromedp.ButtonLeft),
	))
	x2, y2, _ := pickerFields(t, ctx, must)
	lon2, lat2 := markerLonLat(ctx, must)
	// East on screen is east in UTM up to the meridian convergence (a few degrees).
	if x2 <= x+1 || math.Abs(y2-y) > 0.1*(x2-x) {
		t.Errorf("after dragging east: %.2f %.2f, before %.2f %.2f", x2, y2, x, y)
	}
	near(t, srv.spatial.SRID(), "after the drag", x2, y2, lon2, lat2)

	must("save", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#name"), "Bolzplatz am Hang"),
		chromedp.Click(chromedp.CSS(`button[name=aktion][value=speichern]`)),
		chromedp.WaitVisible(chromedp.CSS("p.ok[role=status]")),
	))
	p, _, err := srv.atlas.PlaceForEdit(quartier.WithActor(context.Background(), quartier.Operator()), "bolzplatz-am-hang")
	must("read the place", err)
	if math.Abs(p.X-x2) > 0.001 || math.Abs(p.Y-y2) > 0.001 {
		t.Errorf("saved place at %v %v, the fields said %.2f %.2f", p.X, p.Y, x2, y2)
	}
	// After saving, the form shows the marker where the place is.
	lon3, lat3 := markerLonLat(ctx, must)
	near(t, srv.spatial.SRID(), "the saved place's marker", x2, y2, lon3, lat3)
	if pr := problems(); len(pr) > 0 {
		t.Errorf("console: %v", pr)
	}
}

// pickerFields reads the coordinate fields and whether "Koordinate" is chosen.
func pickerFields(t *testing.T, ctx context.Context, must func(string, error)) (x, y float64, choice bool) {
	t.Helper()
	xs, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#x")))
	must("read x", err)
	ys, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#y")))
	must("read y", err)
	choice, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("locate-koordinate").checked`))
	must("read the choice", err)
	if x, err = strconv.ParseFloat(xs, 64); err != nil {
		t.Fatalf("x field %q", xs)
	}
	if y, err = strconv.ParseFloat(ys, 64); err != nil {
		t.Fatalf("y field %q", ys)
	}
	return x, y, choice
}

// markerLonLat is where Leaflet has the marker.
func markerLonLat(ctx context.Context, must func(string, error)) (lon, lat float64) {
	at, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#pickmap"), "data-marker-at"))
	must("find the marker", err)
	var errLon, errLat error
	if lonS, latS, ok := strings.Cut(at.Value, ","); ok {
		lon, errLon = strconv.ParseFloat(lonS, 64)
		lat, errLat = strconv.ParseFloat(latS, 64)
	} else {
		errLon = fmt.Errorf("no marker (data-marker-at %q)", at.Value)
	}
	must("read the marker", errors.Join(errLon, errLat))
	return lon, lat
}

// near checks that the fields hold the server's projection of the
// marker's longitude and latitude (the page projects in JavaScript; both
// must agree to the centimetre the fields keep).
func near(t *testing.T, srid quartier.SRID, when string, x, y, lon, lat float64) {
	t.Helper()
	to, err := geo.Transformer(quartier.WGS84, srid)
	if err != nil {
		t.Fatal(err)
	}
	p := to(orb.Point{lon, lat})
	if math.Abs(p[0]-x) > 0.006 || math.Abs(p[1]-y) > 0.006 {
		t.Errorf("%s: fields %.2f %.2f, marker at %.9f %.9f = %.3f %.3f", when, x, y, lon, lat, p[0], p[1])
	}
}
