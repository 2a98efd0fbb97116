// Quartier: the areas of a Leaflet GeoJSON layer reachable by keyboard,
// as one composite control with a roving tab stop, so that Tab enters the
// areas once and leaves them again instead of stepping through hundreds.
// Arrow keys go to the nearest area in that direction, Page Down/Up go
// through the areas in the order of the table below the map (so every
// area can be reached even where the arrows skip one), Home/End to the
// first and last. Leaflet (1.9) opens a bound tooltip on focus itself;
// Escape hides it, Enter or Space shows it again and has it read out.
// Each area's label names it with its value and class.
(function () {
  "use strict";
  // areaKeys(map, layer, opts): opts.label(l) gives an area's accessible
  // name, opts.show(l) shows its details and returns their text (read out
  // through opts.live), opts.hide(l) hides them, opts.mark(l, on) draws
  // or removes the focus mark.
  window.quartierAreaKeys = function (map, layer, opts) {
    var items = layer.getLayers().filter(function (l) { return l.getElement && l.getElement(); });
    if (items.length === 0) { return; }
    var crs = map.options.crs;
    var centres = items.map(function (l) { return crs.project(l.getBounds().getCenter()); });
    var current = 0;
    items.forEach(function (l, i) {
      var el = l.getElement();
      el.setAttribute("tabindex", i === 0 ? "0" : "-1");
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", opts.label(l));
      el.setAttribute("data-area-index", String(i));
      el.addEventListener("focus", function () {
        items[current].getElement().setAttribute("tabindex", "-1");
        current = i;
        el.setAttribute("tabindex", "0");
        opts.mark(l, true);
        // A focused area the view does not show is brought into it.
        if (!map.getBounds().contains(l.getBounds().getCenter())) { map.panTo(l.getBounds().getCenter()); }
      });
      el.addEventListener("blur", function () { opts.mark(l, false); opts.hide(l); });
      el.addEventListener("keydown", function (e) { onKey(e, i); });
    });

    function go(j) {
      if (j < 0 || j >= items.length || j === current) { return; }
      items[j].getElement().focus({ preventScroll: true });
    }

    // nearest is the area closest to area i in a direction (dx, dy: one of
    // them ±1, y pointing north); within 45° of the direction first, then
    // anywhere on that side.
    function nearest(i, dx, dy) {
      var best = -1, bestScore = Infinity, wideBest = -1, wideScore = Infinity;
      var c = centres[i];
      for (var j = 0; j < centres.length; j++) {
        if (j === i) { continue; }
        var along = (centres[j].x - c.x) * dx + (centres[j].y - c.y) * dy;
        var across = Math.abs((centres[j].x - c.x) * dy - (centres[j].y - c.y) * dx);
        if (along <= 0) { continue; }
        var score = along + 2 * across;
        if (across <= along && score < bestScore) { best = j; bestScore = score; }
        if (score < wideScore) { wideBest = j; wideScore = score; }
      }
      return best >= 0 ? best : wideBest;
    }

    function onKey(e, i) {
      if (e.altKey || e.ctrlKey || e.metaKey) { return; }
      var j = null;
      switch (e.key) {
        case "ArrowRight": j = nearest(i, 1, 0); break;
        case "ArrowLeft": j = nearest(i, -1, 0); break;
        case "ArrowUp": j = nearest(i, 0, 1); break;
        case "ArrowDown": j = nearest(i, 0, -1); break;
        case "PageDown": j = Math.min(i + 1, items.length - 1); break;
        case "PageUp": j = Math.max(i - 1, 0); break;
        case "Home": j = 0; break;
        case "End": j = items.length - 1; break;
        case "Enter":
        case " ":
          e.preventDefault();
          e.stopPropagation();
          if (opts.live) { opts.live.textContent = opts.show(items[i]); } else { opts.show(items[i]); }
          return;
        case "Escape":
          opts.hide(items[i]);
          if (opts.live) { opts.live.textContent = ""; }
          return;
        default:
          return;
      }
      // The map must not pan or the page scroll as well.
      e.preventDefault();
      e.stopPropagation();
      go(j);
    }
  };
})();
