// Draws the event map with Leaflet (shipped by the django-js-lib-leaflet package): country borders
// from /map/borders.json (the countryinfo package), Ukraine's oblasts from /map/oblasts.json
// (the pygal-maps-ua package), a circle per place of the page's .json twin
// (data-src), and on click that place's events from /api/events. No tiles, nothing from elsewhere.
// Text from articles goes in as text, never as HTML.
"use strict";
(function () {
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") { return; }
  var list = document.getElementById("map-events");
  var title = document.getElementById("map-title");
  var BORDER = { color: "#8a96a3", weight: 0.7, fillColor: "#f6f3ec", fillOpacity: 1 };
  var UKRAINE = { color: "#5b6b7c", weight: 1.2, fillColor: "#fffbe6", fillOpacity: 1 };
  var OBLAST = { color: "#b3a98f", weight: 0.6, fill: false };
  var map = L.map(box, { zoomSnap: 0.5, minZoom: 2, maxZoom: 10, worldCopyJump: false });
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("borders: Natural Earth (countryinfo), geoBoundaries (pygal-maps-ua)");
  map.setView([48.5, 31.5], 5);

  function json(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function link(href, text, cls) {
    var a = el("a", text, cls);
    a.href = href;
    return a;
  }

  function drawBorders(fc) {
    L.geoJSON(fc, { interactive: false, style: function (f) {
      return f.properties && f.properties.iso === "UA" ? UKRAINE : BORDER;
    } }).addTo(map);
  }

  function drawOblasts(fc) {
    L.geoJSON(fc, { interactive: false, style: function () { return OBLAST; },
                    className: "oblast" }).addTo(map);
  }

  function radius(count) { return Math.min(28, 5 + 3 * Math.sqrt(count)); }

  function tooltip(p) {
    var span = el("span", p.name + " · " + p.count + (p.count === 1 ? " event" : " events"));
    return span;
  }

  function eventItem(ev) {
    var li = el("li", null, "event");
    li.appendChild(el("span", ev.when || "undated", "when"));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("span", ev.type, "badge ev ev-" + ev.type));
    li.appendChild(document.createTextNode(" «" + ev.trigger + "» "));
    (ev.participants || []).forEach(function (id, i) {
      li.appendChild(link("/entity/" + encodeURIComponent(id), ev.participant_names[i] || id, "participant"));
      li.appendChild(document.createTextNode(" "));
    });
    li.appendChild(link("/article/" + encodeURIComponent(ev.article_id), ev.title || ev.article_id, "source"));
    return li;
  }

  function showPlace(p) {
    title.textContent = "";
    title.appendChild(link("/entity/" + encodeURIComponent(p.id), p.name));
    list.textContent = "";
    list.appendChild(el("li", "…", "muted"));
    json(box.getAttribute("data-events") + "&place_id=" + encodeURIComponent(p.id)).then(function (data) {
      list.textContent = "";
      data.events.forEach(function (ev) { list.appendChild(eventItem(ev)); });
      if (data.next) { list.appendChild(el("li", "… and more: see the Events page", "muted")); }
      list.setAttribute("data-place", p.id);
    }).catch(function (err) { list.textContent = "The events could not be read: " + err; });
  }

  function drawMarkers(fc) {
    var layer = L.geoJSON(fc, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: radius(f.properties.count), color: "#a8071a",
                                        weight: 1, fillColor: "#f5222d", fillOpacity: 0.55,
                                        className: "marker" });
      },
      onEachFeature: function (f, marker) {
        marker.bindTooltip(tooltip(f.properties));
        marker.on("click", function () { showPlace(f.properties); });
      }
    }).addTo(map);
    if (fc.features.length) { map.fitBounds(layer.getBounds().pad(0.25), { maxZoom: 7, animate: false }); }
    box.setAttribute("data-markers", String(fc.features.length));
  }

  json(box.getAttribute("data-borders"))
    .then(drawBorders)
    .then(function () { return json(box.getAttribute("data-oblasts")); })
    .then(drawOblasts)
    .then(function () { return json(box.getAttribute("data-src")); })
    .then(drawMarkers)
    .then(function () { box.setAttribute("data-ready", "1"); })
    .catch(function (err) { box.textContent = "The map could not be drawn: " + err; });
})();
