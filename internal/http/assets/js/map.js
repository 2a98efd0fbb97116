// Quartier map: areas of one layer as GeoJSON polygons on a plain
// background (no tile server), a click asks /zuordnung for that point.
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("map");
    if (!el || typeof L === "undefined") { return; }
    var map = window.quartierMap(el, { zoomSnap: 0.25 });
    var current = null;
    var marker = null;
    var select = document.getElementById("layer");

    function load(code) {
      if (!code) { return; }
      fetch("/karte/" + encodeURIComponent(code), { headers: { "Accept": "application/geo+json" } })
        .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
        .then(function (fc) {
          if (current) { map.removeLayer(current); }
          current = L.geoJSON(fc, {
            style: function () { return { color: "#1f4e79", weight: 1.2, fillColor: "#9ec5e8", fillOpacity: 0.25 }; },
            onEachFeature: function (f, layer) {
              // textContent-safe: Leaflet tooltips take a string as HTML, so
              // build an element with text instead of concatenating markup.
              var t = document.createElement("span");
              t.textContent = f.properties.code + " " + f.properties.name;
              layer.bindTooltip(t, { sticky: true });
              layer.on("mouseover", function () { layer.setStyle({ fillOpacity: 0.5 }); });
              layer.on("mouseout", function () { layer.setStyle({ fillOpacity: 0.25 }); });
            }
          });
          // Leaflet needs a view before vector layers can be drawn.
          if (!map._loaded) { map.fitBounds(current.getBounds()); }
          current.addTo(map);
          el.setAttribute("data-loaded", String(fc.features.length));
        })
        .catch(function (e) { el.setAttribute("data-error", String(e)); });
    }

    map.on("click", function (e) {
      if (marker) { map.removeLayer(marker); }
      marker = L.circleMarker(e.latlng, { radius: 6, color: "#a30000" }).addTo(map);
      var url = "/zuordnung?lon=" + e.latlng.lng.toFixed(7) + "&lat=" + e.latlng.lat.toFixed(7);
      if (window.htmx) {
        window.htmx.ajax("GET", url, { target: "#result", swap: "innerHTML" });
      }
    });
    if (select) {
      select.addEventListener("change", function () { load(select.value); });
    }
    load(el.getAttribute("data-layer"));
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
