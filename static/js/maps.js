// The maps of a city (visits, KSMs by PPMK stage, outlets) and of an area (RKTL follow-up per
// city). Everything comes from the page: the JSON endpoint in data-url, the tile server (if
// any) and the labels in data-* attributes. The list beside the map holds the same data, so
// the page is whole without this script; this only adds the map.
(function () {
  "use strict";
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  const d = el.dataset;

  // Text in popups is set as text, never as HTML: names come from users.
  function popup(lines, href) {
    const box = document.createElement("div");
    lines.forEach((text, i) => {
      const line = document.createElement(i === 0 && href ? "a" : "div");
      if (i === 0 && href) line.href = href;
      if (i === 0) line.className = "fw-semibold d-block";
      line.textContent = text;
      box.appendChild(line);
    });
    return box;
  }

  function label(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function dot(p, radius, options) {
    return L.circleMarker([p.lat, p.lon], Object.assign({
      radius: radius, color: "#212529", weight: 1, fillColor: p.colour, fillOpacity: 0.85,
    }, options || {}));
  }

  function square(p) {
    const icon = document.createElement("span");
    icon.className = "map-dot map-dot-square d-block w-100 h-100";
    icon.style.background = p.colour;
    return L.marker([p.lat, p.lon], {
      icon: L.divIcon({ html: icon, className: "", iconSize: [14, 14] }),
      title: p.name,
    });
  }

  function cityLayers(data) {
    // A visit usually took place at a KSM: drawn smaller, with a white ring, and on top.
    const visits = L.featureGroup(data.visits.map((v) =>
      dot(v, 5, { color: "#ffffff", weight: 2 })
        .bindTooltip(label(v.title))
        .bindPopup(popup([v.title, v.date + " · " + v.status_label], v.url))));
    const ksms = L.featureGroup(data.ksms.map((k) =>
      dot(k, 7).bindTooltip(label(k.name)).bindPopup(popup([k.name, k.stage_label], k.url))));
    const outlets = L.featureGroup(data.outlets.map((o) =>
      square(o).bindPopup(popup([o.name, o.kind_label], o.url + "#outlets"))));
    const overlays = {};
    overlays[d.labelVisits] = visits;
    overlays[d.labelKsms] = ksms;
    overlays[d.labelOutlets] = outlets;
    return { overlays: overlays, front: visits };
  }

  function areaLayers(data) {
    const placed = data.cities.filter((c) => c.lat !== null);
    const largest = Math.max(1, ...placed.map((c) => c.total));
    // Over a plain background the names are what tells where a city is: shown at all times
    // while they are few enough to read.
    const named = !d.tileUrl && placed.length <= 30;
    const circles = placed.map((c) => {
      const lines = [c.name, c.total + " " + d.labelItems + " · " +
        (c.completion === null ? "–" : c.completion + "% " + d.labelVerified) +
        " · " + c.overdue + " " + d.labelOverdue];
      return dot(c, 6 + 16 * Math.sqrt(c.total / largest), {
        color: c.overdue ? "#b02a37" : "#495057",
        weight: c.overdue ? 3 : 1,
        fillOpacity: 0.7,
      })
        .bindTooltip(label(c.name), { permanent: named, direction: "right", className: "map-label" })
        .bindPopup(popup(lines, c.url));
    });
    const overlays = {};
    overlays[d.labelItems] = L.featureGroup(circles);
    return { overlays: overlays, front: null };
  }

  function draw(data) {
    el.hidden = false;
    const map = L.map(el, { scrollWheelZoom: false });
    if (d.tileUrl) {
      L.tileLayer(d.tileUrl, { attribution: d.tileAttribution, maxZoom: 19 }).addTo(map);
    }
    const layers = d.kind === "city" ? cityLayers(data) : areaLayers(data);
    const overlays = layers.overlays;
    const bounds = L.latLngBounds([]);
    Object.values(overlays).forEach((layer) => {
      layer.addTo(map);
      if (layer.getLayers().length) bounds.extend(layer.getBounds());
    });
    if (layers.front) layers.front.bringToFront();
    if (d.kind === "city") {
      const narrow = window.matchMedia("(max-width: 575.98px)").matches;
      L.control.layers(null, overlays, { collapsed: narrow }).addTo(map);
    }
    if (bounds.isValid()) {
      // Room on the right for the city names of an area map.
      const right = d.kind === "area" ? 110 : 24;
      map.fitBounds(bounds, { paddingTopLeft: [24, 24], paddingBottomRight: [right, 24], maxZoom: 15 });
    } else {
      map.setView([-2.5, 118], 4); // Indonesia, when nothing has a position yet
    }
  }

  fetch(d.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(draw)
    .catch(() => {
      el.hidden = true;
      const note = document.querySelector("[data-map-error]");
      if (note) {
        note.textContent = d.msgFailed;
        note.hidden = false;
      }
    });
})();
