// Draws a page's place map with Leaflet (shipped in vendor/leaflet/) from the JSON the page
// holds in a json_script block (archive/services/maps.py). Nothing here builds HTML from
// strings: names go into text nodes and attributes only. Without this file (or without
// JavaScript) the map stays hidden and the page's list of the same places is what remains.
(() => {
  "use strict";

  // Marker diameters in pixels, smallest to largest: by share of the most named place.
  const MIN_SIZE = 22;
  const MAX_SIZE = 44;

  function markerIcon(place, top) {
    const size = Math.round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(place.count / top));
    const link = document.createElement("a");
    link.className = "place-map__link";
    link.href = place.url;
    const count = document.createElement("span");
    count.className = "place-map__count";
    count.textContent = String(place.count);
    // The name beside the marker: without tiles nothing else on the map says where it is.
    const name = document.createElement("span");
    name.className = "place-map__name";
    name.textContent = place.name;
    link.append(count, name);
    const said = `${place.name}: named in ${place.count} article${place.count === 1 ? "" : "s"}`;
    link.title = said;
    link.setAttribute("aria-label", said);
    return L.divIcon({
      className: "place-map__marker",
      html: link,
      iconSize: [size, size],
    });
  }

  // Without tiles, a plain grid (one square per tile, whatever the zoom) gives the map a
  // sense of scale and movement; it is drawn from divs, so nothing is fetched for it.
  const PlainGrid = L.GridLayer.extend({
    createTile() {
      const tile = document.createElement("div");
      tile.className = "place-map__square";
      return tile;
    },
  });

  // The attribution control writes HTML: the setting is plain text, so it is escaped first.
  function escaped(text) {
    const holder = document.createElement("span");
    holder.textContent = text;
    return holder.innerHTML;
  }

  function draw(container) {
    const source = document.getElementById(container.dataset.places || "");
    if (!source || typeof L === "undefined") return;
    const data = JSON.parse(source.textContent);
    if (!data.places || !data.places.length) return;
    container.hidden = false;
    const map = L.map(container, { scrollWheelZoom: false, worldCopyJump: true, minZoom: 1 });
    if (data.tiles && data.tiles.url) {
      L.tileLayer(data.tiles.url, {
        attribution: escaped(data.tiles.attribution || ""),
        maxZoom: 18,
      }).addTo(map);
    } else {
      container.classList.add("place-map--plain");
      new PlainGrid().addTo(map);
    }
    const top = Math.max(...data.places.map((place) => place.count), 1);
    const points = [];
    // The least named first, so that the most named are drawn on top of them.
    for (const place of [...data.places].reverse()) {
      const point = [place.lat, place.lng];
      points.push(point);
      L.marker(point, {
        icon: markerIcon(place, top),
        keyboard: false, // the link inside is what takes the focus
        riseOnHover: true,
      }).addTo(map);
    }
    if (points.length === 1) {
      map.setView(points[0], 6);
    } else {
      map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 7 });
    }
    container.dataset.drawn = String(points.length);
  }

  function drawAll() {
    for (const container of document.querySelectorAll(".place-map[data-places]")) draw(container);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
