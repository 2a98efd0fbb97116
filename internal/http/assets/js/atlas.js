// Quartier atlas map: the outlines of the social spaces as context and a
// marker for every place of the current hits. The list beside it is the
// accessible way through the same results; the map only adds the view.
// No markup is built from data: names go in as text nodes.
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("atlasmap");
    if (!el || typeof L === "undefined") { return; }
    var map = window.quartierMap(el, { zoomSnap: 0.25 });
    var areas = null, points = null, home = null, started = false;

    function fetchJSON(url) {
      return fetch(url, { headers: { "Accept": "application/geo+json" } })
        .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); });
    }

    function link(props) {
      var a = document.createElement("a");
      a.href = props.url;
      a.textContent = props.name + (props.offers > 1 ? " (" + props.offers + " Angebote)" : "");
      return a;
    }

    function loadPoints() {
      var body = document.querySelector("[data-map]");
      if (!body) { return; }
      fetchJSON(body.getAttribute("data-map")).then(function (fc) {
        if (points) { map.removeLayer(points); }
        points = L.geoJSON(fc, {
          pointToLayer: function (f, ll) {
            return L.circleMarker(ll, { radius: 6, color: "#7a2e00", weight: 2, fillColor: "#f0a000", fillOpacity: 0.9 });
          },
          onEachFeature: function (f, layer) { layer.bindPopup(link(f.properties)); }
        }).addTo(map);
        // A search from an address centres on it and marks it.
        var origin = (body.getAttribute("data-origin") || "").split(",");
        if (home) { map.removeLayer(home); home = null; }
        if (origin.length === 2 && origin[0] !== "") {
          var ll = [parseFloat(origin[1]), parseFloat(origin[0])];
          var label = document.createElement("span");
          label.textContent = "Ausgangspunkt: " + (body.getAttribute("data-origin-label") || "");
          home = L.circleMarker(ll, { radius: 9, color: "#0b3d91", weight: 3, fillColor: "#ffffff", fillOpacity: 1 })
            .bindTooltip(label, { permanent: false }).addTo(map);
          map.setView(ll, 15);
          el.setAttribute("data-origin", origin.join(","));
        } else if (fc.features.length > 0) {
          map.fitBounds(points.getBounds(), { maxZoom: 15, padding: [20, 20] });
        } else if (areas && !started) {
          map.fitBounds(areas.getBounds());
        }
        started = true;
        el.setAttribute("data-points", String(fc.features.length));
      }).catch(function (e) { el.setAttribute("data-error", String(e)); });
    }

    var areaURL = el.getAttribute("data-areas");
    var ready = areaURL ? fetchJSON(areaURL).then(function (fc) {
      areas = L.geoJSON(fc, {
        interactive: false,
        style: function () { return { color: "#1f4e79", weight: 1, fillColor: "#9ec5e8", fillOpacity: 0.12 }; }
      });
      map.fitBounds(areas.getBounds());
      areas.addTo(map);
    }).catch(function () { map.setView([52.52, 13.405], 11); }) : Promise.resolve(map.setView([52.52, 13.405], 11));
    ready.then(loadPoints);

    // A click searches around that point instead of the typed address.
    map.on("click", function (e) {
      var form = document.getElementById("atlasform");
      if (!form) { return; }
      ["lon", "lat"].forEach(function (n) {
        var input = form.querySelector("input[name=" + n + "]");
        if (!input) {
          input = document.createElement("input");
          input.type = "hidden";
          input.name = n;
          form.appendChild(input);
        }
        input.value = (n === "lon" ? e.latlng.lng : e.latlng.lat).toFixed(6);
      });
      var ort = document.getElementById("ort");
      if (ort) { ort.value = ""; }
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });

    document.body.addEventListener("htmx:afterSettle", function (ev) {
      if (ev.detail && ev.detail.target && ev.detail.target.id === "atlasbody") { loadPoints(); }
    });
  }
  // The filters come folded (a phone shows the results first); a wide
  // screen, where they stand beside the list, opens them. A new list from
  // htmx brings them folded again, so they keep the state the person left.
  function filters() {
    var wide = window.matchMedia("(min-width: 1001px)");
    var d = document.getElementById("filter");
    if (d && wide.matches) { d.open = true; }
    var open = null;
    document.body.addEventListener("htmx:beforeSwap", function () {
      var d = document.getElementById("filter");
      open = d ? d.open : null;
    });
    document.body.addEventListener("htmx:afterSwap", function () {
      var d = document.getElementById("filter");
      if (d && open !== null) { d.open = open; }
    });
  }

  function start() { filters(); init(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
