// Quartier's Leaflet maps start alike: the map in its box, the box's role
// and label (set here, so that without JavaScript the box is a plain
// container around the map drawn on the server), the hints that only hold
// with the script, and the configured basemap with its attribution.
(function () {
  "use strict";
  window.quartierMap = function (el, options) {
    var map = L.map(el, options);
    el.setAttribute("role", "application");
    if (el.hasAttribute("data-label")) { el.setAttribute("aria-label", el.getAttribute("data-label")); }
    document.querySelectorAll("[data-js][hidden]").forEach(function (n) { n.hidden = false; });
    map.attributionControl.setPrefix("Leaflet");
    // The installation's geodata credit, as text (Leaflet takes HTML).
    if (el.getAttribute("data-attribution")) {
      var credit = document.createElement("span");
      credit.textContent = "Geodaten: " + el.getAttribute("data-attribution");
      map.attributionControl.addAttribution(credit.innerHTML);
    }
    var url = el.getAttribute("data-basemap");
    if (url) {
      // Leaflet takes attributions as HTML; the configured one is text.
      var text = document.createElement("span");
      text.textContent = el.getAttribute("data-basemap-attribution") || "";
      // The tile service learns which installation asks, not which page.
      var opts = { attribution: text.innerHTML, referrerPolicy: "strict-origin" };
      var layer;
      if (el.getAttribute("data-basemap-kind") === "wms") {
        opts.layers = el.getAttribute("data-basemap-layers");
        opts.format = "image/png";
        layer = L.tileLayer.wms(url, opts);
      } else {
        layer = L.tileLayer(url, opts);
      }
      layer.on("tileload", function () { el.setAttribute("data-tiles", "1"); });
      layer.addTo(map);
    }
    return map;
  };
})();
