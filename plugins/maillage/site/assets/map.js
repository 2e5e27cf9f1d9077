/* Maillage map: one marker per commune and kind of entry (its symbol from the legend), clustered;
   filters by kind and by the types' facets, which also filter the list under the map; the
   territory drawn under the tiles from the shipped outlines, so that the map still shows
   something when the tiles do not load. Markers come from the list under the map (data-lat,
   data-lon, data-kind, data-valeurs), which stays the page's content without JavaScript.
   Popups are non-modal dialogs (WAI-ARIA): the keyboard enters them, Escape closes them and
   gives the focus back to the marker. Every node is built with the DOM, never from HTML text. */
(function () {
  "use strict";
  var element = document.querySelector("[data-maillage-map]");
  if (!element || !window.L) { return; }
  element.hidden = false;
  var tools = document.querySelector("[data-maillage-map-tools]");
  if (tools) { tools.hidden = false; }
  var credit = document.querySelector("[data-maillage-map-credit]");
  if (credit) { credit.hidden = false; }
  var notice = document.querySelector("[data-maillage-map-notice]");
  var status = document.querySelector("[data-maillage-map-count]");

  var map = L.map(element, { scrollWheelZoom: false, keyboard: true, zoomControl: false });
  /* What the keyboard reaches gets a French name (Leaflet's own are English). */
  L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);

  /* The territory under the tiles: a pane below the tile pane (200), so that tiles cover it once
     they load and it shows where they fail. The outline itself is drawn above the tiles. */
  map.createPane("maillage-fond").style.zIndex = 150;
  var tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>"
  }).addTo(map);
  var loaded = 0;
  tiles.on("tileload", function () {
    loaded += 1;
    element.classList.remove("maillage-map--sans-fond");
    if (notice) { notice.hidden = true; }
  });
  tiles.on("load", function () {
    if (loaded === 0) {
      element.classList.add("maillage-map--sans-fond");
      if (notice) { notice.hidden = false; }
    }
  });

  var viewData = document.getElementById("maillage-map-view");
  var view = viewData ? JSON.parse(viewData.textContent) : null;
  if (view && view.contours) {
    fetch(view.contours).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (layers) {
      if (!layers) { return; }
      L.geoJSON(layers.territoire, {
        pane: "maillage-fond", interactive: false,
        style: function () { return { stroke: false, fillColor: "#fbfaf4", fillOpacity: 1 }; }
      }).addTo(map);
      L.geoJSON(layers.subdivisions, {
        pane: "maillage-fond", interactive: false,
        style: function () { return { color: "#7b8794", weight: 1, fill: false }; }
      }).addTo(map);
      L.geoJSON(layers.territoire, {
        interactive: false,
        style: function () { return { color: "#303f9f", weight: 2, fill: false, dashArray: "6 4" }; }
      }).addTo(map);
    }).catch(function () { /* the map stays usable without its outline */ });
  }

  /* Symbols of the kinds, from the legend (one source: the page). */
  var symbols = {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-maillage-symbol]"), function (node) {
    symbols[node.getAttribute("data-maillage-symbol")] = node.querySelector("svg");
  });

  /* The entries, read once from the list: where, what kind, which filter values. */
  var sections = Array.prototype.map.call(document.querySelectorAll("section[data-commune]"), function (section) {
    var lat = parseFloat(section.getAttribute("data-lat"));
    var lon = parseFloat(section.getAttribute("data-lon"));
    var heading = section.querySelector("h3");
    return {
      element: section,
      name: heading.querySelector("a") ? heading.querySelector("a").textContent : heading.firstChild.textContent.trim(),
      shown: heading.querySelector("[data-maillage-map-shown]"),
      position: isNaN(lat) || isNaN(lon) ? null : [lat, lon],
      items: Array.prototype.map.call(section.querySelectorAll("li[data-kind]"), function (li) {
        return {
          element: li,
          kind: li.getAttribute("data-kind"),
          singular: li.getAttribute("data-kind-label"),
          plural: li.getAttribute("data-kind-plural"),
          values: (li.getAttribute("data-valeurs") || "").split(" ").filter(Boolean),
          link: li.querySelector("a")
        };
      })
    };
  });
  var total = sections.reduce(function (n, s) { return n + s.items.length; }, 0);

  var cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    /* markercluster's own icon, counting entries (a marker may hold several), with a name for
       screen readers (the count alone says little). */
    iconCreateFunction: function (group) {
      var count = group.getAllChildMarkers().reduce(function (n, m) { return n + m.options.maillageCount; }, 0);
      var size = count < 10 ? "small" : (count < 100 ? "medium" : "large");
      return L.divIcon({
        html: "<div><span>" + count + "</span><span class=\"maillage-sr-only\"> fiches ici, Entrée pour zoomer</span></div>",
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40)
      });
    }
  });
  map.addLayer(cluster);

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    return node;
  }

  function markerIcon(kind, count, label) {
    var holder = document.createElement("span");
    holder.className = "maillage-marker";
    if (symbols[kind]) { holder.appendChild(symbols[kind].cloneNode(true)); }
    if (count > 1) {
      /* The count is in the name already: the badge is for the eyes. */
      var badge = holder.appendChild(text("span", String(count), "maillage-marker-count"));
      badge.setAttribute("aria-hidden", "true");
    }
    holder.appendChild(text("span", label, "maillage-sr-only"));
    return L.divIcon({ html: holder, className: "maillage-marker-icon", iconSize: [28, 28], iconAnchor: [14, 14] });
  }

  function popupContent(title, items) {
    var box = document.createElement("div");
    var heading = text("h2", title, "maillage-popup-title");
    heading.tabIndex = -1;
    box.appendChild(heading);
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.link.href;
      link.textContent = item.link.textContent;
      li.appendChild(link);
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  /* The marker whose popup is open, to give it the focus back, and that popup. */
  var opener = null;
  var open = null;

  function markerFor(section, kind, items) {
    var first = items[0];
    var what = items.length > 1 ? items.length + " " + first.plural : "1 " + first.singular;
    var label = section.name + " : " + what;
    var marker = L.marker(section.position, {
      icon: markerIcon(kind, items.length, label), title: label, keyboard: true, maillageCount: items.length
    });
    marker.bindPopup(function () { return popupContent(label, items); }, { maxWidth: 280 });
    marker.on("popupopen", function () { opener = marker; });
    /* Space activates a button too (Leaflet only listens to Enter). */
    marker.on("add", function () {
      var icon = marker.getElement();
      if (icon) {
        icon.addEventListener("keydown", function (event) {
          if (event.key === " ") { event.preventDefault(); marker.openPopup(); }
        });
      }
    });
    return marker;
  }

  map.on("popupopen", function (event) {
    open = event.popup;
    var popup = event.popup.getElement();
    var heading = popup.querySelector(".maillage-popup-title");
    popup.setAttribute("role", "dialog");
    if (heading) {
      heading.id = heading.id || "maillage-popup-titre";
      popup.setAttribute("aria-labelledby", heading.id);
    }
    var close = popup.querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", "Fermer"); close.setAttribute("title", "Fermer"); }
    /* Leaflet pans the map to show the popup: move the focus once it is in place, unless the
       popup was closed meanwhile (a quick Fermer would otherwise lose the focus to a leaving node)
       or the person already moved into it (the deferred move must not take the focus back). */
    var shown = event.popup;
    window.setTimeout(function () {
      if (heading && open === shown && !popup.contains(document.activeElement)) { heading.focus(); }
    }, 0);
  });
  map.on("popupclose", function (event) {
    open = null;
    var popup = event.popup.getElement();
    var inside = popup && (popup.contains(document.activeElement) || document.activeElement === document.body);
    if (opener && inside && opener.getElement()) { opener.getElement().focus(); }
  });
  /* Escape closes the open popup wherever the focus is on the map (Leaflet only listens when the
     map's own container has the focus). */
  element.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) {
      event.preventDefault();
      var back = opener;
      map.closePopup();
      if (back && back.getElement()) { back.getElement().focus(); }
    }
  });

  /* Filters: kinds (checkboxes of the legend) and facets (drop-down lists). */
  var kindBoxes = Array.prototype.slice.call(document.querySelectorAll("[data-maillage-map-kind]"));
  var selects = Array.prototype.slice.call(document.querySelectorAll("[data-maillage-map-filter]"));

  function matches(item) {
    var kinds = kindBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    if (kinds.indexOf(item.kind) < 0) { return false; }
    return selects.every(function (select) {
      return !select.value || item.values.indexOf(select.getAttribute("data-maillage-map-filter") + ":" + select.value) >= 0;
    });
  }

  function refresh() {
    cluster.clearLayers();
    var markers = [];
    var shown = 0;
    var placed = 0;
    sections.forEach(function (section) {
      var byKind = {};
      var count = 0;
      section.items.forEach(function (item) {
        var keep = matches(item);
        item.element.hidden = !keep;
        if (keep) {
          count += 1;
          (byKind[item.kind] = byKind[item.kind] || []).push(item);
        }
      });
      section.element.hidden = count === 0;
      if (section.shown) { section.shown.textContent = "(" + count + ")"; }
      shown += count;
      if (!section.position) { return; }
      placed += count;
      Object.keys(byKind).forEach(function (kind) { markers.push(markerFor(section, kind, byKind[kind])); });
    });
    cluster.addLayers(markers);
    if (status) {
      var words = shown === total ? (total + (total > 1 ? " fiches" : " fiche")) : (shown + " fiche" + (shown > 1 ? "s" : "") + " sur " + total);
      status.textContent = words + (placed < shown ? ", dont " + placed + " sur la carte." : ".");
    }
    return markers;
  }

  kindBoxes.concat(selects).forEach(function (control) { control.addEventListener("change", refresh); });
  var reset = document.querySelector("[data-maillage-map-reset]");
  if (reset) {
    reset.addEventListener("click", function () {
      kindBoxes.forEach(function (b) { b.checked = true; });
      selects.forEach(function (s) { s.value = ""; });
      refresh();
    });
  }
  var first = refresh();

  /* The first view: the commons' territory, else its entries, else metropolitan France. */
  if (view && view.bounds) {
    map.fitBounds(view.bounds, { padding: [10, 10] });
  } else if (first.length) {
    map.fitBounds(L.latLngBounds(first.map(function (m) { return m.getLatLng(); })), { padding: [20, 20], maxZoom: 12 });
  } else {
    map.fitBounds([[41.3, -5.2], [51.1, 9.6]]);
  }
})();
