// Quartier monitoring map: the layer's cached outlines (/karte/{layer})
// coloured by the classes the server computed (/monitoring/karte.json),
// the same as the printable SVG above; the area's name and value on hover,
// and by keyboard (mapkeys.js): Tab to the areas, arrows between them,
// Enter or Space for the details. Texts go in as text, never as markup.
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("monmap");
    if (!el || typeof L === "undefined") { return; }
    var map = window.quartierMap(el, { zoomSnap: 0.25 });
    var get = function (url) {
      return fetch(url, { headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); });
    };
    Promise.all([get("/karte/" + encodeURIComponent(el.getAttribute("data-layer"))), get(el.getAttribute("data-classes"))])
      .then(function (res) {
        var fc = res[0], data = res[1];
        // Only the areas the reader may see have a value.
        fc.features = fc.features.filter(function (f) { return Object.prototype.hasOwnProperty.call(data.areas, f.properties.code); });
        var style = function (f) {
          var a = data.areas[f.properties.code];
          var c = data.classes[a.class];
          // No value: grey with a dashed outline (the SVG hatches it).
          if (!c) { return { color: "#525252", weight: 1, dashArray: "3 3", fillColor: "#f0f0f0", fillOpacity: 0.9 }; }
          return { color: "#333", weight: 0.8, fillColor: c.colour, fillOpacity: 0.85 };
        };
        var detail = function (f) { return f.properties.name + ": " + data.areas[f.properties.code].text; };
        var focused = null;
        // The focus mark is a thick black outline: it stands out from
        // every class colour and from the hover mark.
        var mark = function (l, on) {
          layer.resetStyle(l);
          if (on) { l.setStyle({ weight: 4, color: "#000", dashArray: null }); }
          focused = on ? l : (focused === l ? null : focused);
        };
        var layer = L.geoJSON(fc, {
          style: style,
          onEachFeature: function (f, l) {
            var t = document.createElement("span");
            t.textContent = detail(f);
            l.bindTooltip(t, { sticky: true });
            l.on("mouseover", function () { l.setStyle({ weight: 3 }); });
            l.on("mouseout", function () { mark(l, focused === l); });
          }
        });
        map.fitBounds(layer.getBounds());
        layer.addTo(map);
        // Read out what Enter shows; the tooltip alone is not announced.
        var live = document.createElement("p");
        live.className = "visually-hidden";
        live.setAttribute("aria-live", "polite");
        live.id = "monmap-detail";
        el.parentNode.insertBefore(live, el.nextSibling);
        window.quartierAreaKeys(map, layer, {
          label: function (l) { return detail(l.feature); },
          show: function (l) { l.openTooltip(l.getCenter()); return detail(l.feature); },
          hide: function (l) { l.closeTooltip(); },
          mark: mark,
          live: live
        });
        var legend = L.control({ position: "bottomright" });
        legend.onAdd = function () {
          var box = L.DomUtil.create("div", "maplegend");
          data.classes.forEach(function (c) {
            var row = L.DomUtil.create("div", "", box);
            var sw = L.DomUtil.create("span", "swatch", row);
            sw.setAttribute("data-colour", c.colour);
            sw.style.backgroundColor = c.colour;
            row.appendChild(document.createTextNode(" " + c.label + " (" + c.areas + ")"));
          });
          return box;
        };
        legend.addTo(map);
        el.setAttribute("data-loaded", String(fc.features.length));
      })
      .catch(function (e) { el.setAttribute("data-error", String(e)); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
