// Quartier map picker: a click on the map sets a place's point, dragging
// the marker moves it, and the form's coordinate fields follow in the CRS
// the form shows (the installation's UTM zone unless the editor chose
// WGS84). The typed fields stay the way without a mouse: a change there
// moves the marker. The server reads only the fields, so what is saved is
// what the editor sees in them.
(function () {
  "use strict";

  // ETRS89/UTM on GRS80 by the Krüger series to n⁶, the same as
  // internal/geo/transform.go (Karney 2011), so that a point set here lands
  // where the server would project the same longitude and latitude.
  var A = 6378137.0, F = 1 / 298.257222101, K0 = 0.9996, E0 = 500000.0;
  var n = F / (2 - F), n2 = n * n, n3 = n2 * n, n4 = n2 * n2, n5 = n4 * n, n6 = n3 * n3;
  var ecc = Math.sqrt(F * (2 - F));
  var R = A / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
  var alpha = [0,
    n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800,
    13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360,
    61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440,
    49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600,
    34729 * n5 / 80640 - 3418889 * n6 / 1995840,
    212378941 * n6 / 319334400];
  var beta = [0,
    n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604800,
    n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1118711 * n6 / 3870720,
    17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720,
    4397 * n4 / 161280 - 11 * n5 / 504 - 830251 * n6 / 7257600,
    4583 * n5 / 161280 - 108847 * n6 / 3991680,
    20648693 * n6 / 638668800];
  var delta = [0,
    2 * n - 2 * n2 / 3 - 2 * n3 + 116 * n4 / 45 + 26 * n5 / 45 - 2854 * n6 / 675,
    7 * n2 / 3 - 8 * n3 / 5 - 227 * n4 / 45 + 2704 * n5 / 315 + 2323 * n6 / 945,
    56 * n3 / 15 - 136 * n4 / 35 - 1262 * n5 / 105 + 73814 * n6 / 2835,
    4279 * n4 / 630 - 332 * n5 / 35 - 399572 * n6 / 14175,
    4174 * n5 / 315 - 144838 * n6 / 6237,
    601676 * n6 / 22275];

  function meridian(srid) { return srid === 25832 ? 9 : 15; }

  function toUTM(lon, lat, srid) {
    var phi = lat * Math.PI / 180, lam = (lon - meridian(srid)) * Math.PI / 180;
    var sp = Math.sin(phi);
    var tau = Math.sinh(Math.atanh(sp) - ecc * Math.atanh(ecc * sp));
    var xi = Math.atan2(tau, Math.cos(lam));
    var eta = Math.atanh(Math.sin(lam) / Math.sqrt(1 + tau * tau));
    var x = eta, y = xi;
    for (var j = 1; j <= 6; j++) {
      x += alpha[j] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
      y += alpha[j] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
    }
    return [E0 + K0 * R * x, K0 * R * y];
  }

  function fromUTM(e, nn, srid) {
    var xi = nn / (K0 * R), eta = (e - E0) / (K0 * R), xi1 = xi, eta1 = eta;
    for (var j = 1; j <= 6; j++) {
      xi1 -= beta[j] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
      eta1 -= beta[j] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
    }
    var chi = Math.asin(Math.sin(xi1) / Math.cosh(eta1)), phi = chi;
    for (j = 1; j <= 6; j++) { phi += delta[j] * Math.sin(2 * j * chi); }
    var lam = Math.atan2(Math.sinh(eta1), Math.cos(xi1));
    return [meridian(srid) + lam * 180 / Math.PI, phi * 180 / Math.PI];
  }

  // Typed numbers may use the German decimal comma.
  function number(input) {
    var v = input.value.trim().replace(",", ".");
    return v === "" ? NaN : Number(v);
  }

  function init(el) {
    var byId = function (name) { return document.getElementById(el.getAttribute(name)); };
    var x = byId("data-x"), y = byId("data-y"), crs = byId("data-crs"), choose = byId("data-choose");
    var srid = parseInt(el.getAttribute("data-srid"), 10);
    if (!x || !y || typeof L === "undefined") { return; }
    var box = el.closest("[data-js]");
    if (box) { box.hidden = false; } // Leaflet measures its box when it starts
    var map = window.quartierMap(el, { zoomSnap: 0.25 });
    var marker = null;

    function wgs84() { return crs && crs.value === "4326"; }

    // The fields' point as [lat, lng], or null while they hold none.
    function typed() {
      var a = number(x), b = number(y);
      if (!isFinite(a) || !isFinite(b)) { return null; }
      if (wgs84()) { return Math.abs(b) <= 90 && Math.abs(a) <= 180 ? [b, a] : null; }
      var ll = fromUTM(a, b, srid);
      return isFinite(ll[0]) && isFinite(ll[1]) && Math.abs(ll[1]) <= 90 ? [ll[1], ll[0]] : null;
    }

    function fill(latlng) {
      if (wgs84()) {
        x.value = latlng.lng.toFixed(7);
        y.value = latlng.lat.toFixed(7);
      } else {
        var p = toUTM(latlng.lng, latlng.lat, srid);
        x.value = p[0].toFixed(2);
        y.value = p[1].toFixed(2);
      }
      if (choose) { choose.checked = true; }
      el.setAttribute("data-picked", x.value + " " + y.value);
    }

    function place(ll) {
      if (!marker) {
        var title = el.getAttribute("data-marker") || "Lage";
        marker = L.marker(ll, { draggable: true, title: title, alt: title, autoPan: true }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng()); fill(marker.getLatLng()); });
      } else {
        marker.setLatLng(ll);
      }
      // Where the marker stands, for tests and for whoever inspects it.
      var at = L.latLng(ll);
      el.setAttribute("data-marker-at", at.lng.toFixed(9) + "," + at.lat.toFixed(9));
    }

    map.on("click", function (e) { place(e.latlng); fill(e.latlng); });
    [x, y, crs].forEach(function (input) {
      if (!input) { return; }
      input.addEventListener("change", function () {
        var ll = typed();
        if (ll) { place(ll); map.panTo(ll); }
      });
    });

    var start = typed();
    var url = el.getAttribute("data-areas");
    var ready = url ? fetch(url, { headers: { "Accept": "application/geo+json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (fc) {
        var areas = L.geoJSON(fc, {
          interactive: false,
          style: function () { return { color: "#1f4e79", weight: 1, fillColor: "#9ec5e8", fillOpacity: 0.12 }; }
        }).addTo(map);
        map.fitBounds(areas.getBounds());
      }) : Promise.reject(new Error("keine Ebene"));
    ready.catch(function () { map.setView(start || [51.1657, 10.4515], start ? 16 : 6); })
      .then(function () {
        if (start) { place(start); map.setView(start, Math.max(map.getZoom(), 16)); }
        el.setAttribute("data-ready", "1");
      });
  }

  function start() { document.querySelectorAll("[data-picker]").forEach(init); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
