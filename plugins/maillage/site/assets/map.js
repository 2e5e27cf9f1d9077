/* Maillage map: one marker per actor or rencontre, at its commune's centre, clustered.
   The markers come from the list under the map (data-lat/data-lon), which stays the
   page's content without JavaScript or offline. Popups are built as DOM nodes, never HTML. */
(function () {
  "use strict";
  var element = document.querySelector("[data-maillage-map]");
  if (!element || !window.L) { return; }
  element.hidden = false;
  var credit = document.querySelector("[data-maillage-map-credit]");
  if (credit) { credit.hidden = false; }
  var map = L.map(element, { scrollWheelZoom: false, keyboard: true, zoomControl: false });
  /* What the keyboard reaches gets a French name (Leaflet's own are English). */
  L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
  map.on("popupopen", function (event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", "Fermer"); close.setAttribute("title", "Fermer"); }
  });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>"
  }).addTo(map);
  var cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    /* markercluster's own icon, plus a name for screen readers (the count alone says little). */
    iconCreateFunction: function (group) {
      var count = group.getChildCount();
      var size = count < 10 ? "small" : (count < 100 ? "medium" : "large");
      return L.divIcon({
        html: "<div><span>" + count + "</span><span class=\"maillage-sr-only\"> fiches ici, Entrée pour zoomer</span></div>",
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40)
      });
    }
  });
  var bounds = [];
  Array.prototype.forEach.call(document.querySelectorAll("section[data-lat][data-lon]"), function (section) {
    var lat = parseFloat(section.getAttribute("data-lat"));
    var lon = parseFloat(section.getAttribute("data-lon"));
    if (isNaN(lat) || isNaN(lon)) { return; }
    bounds.push([lat, lon]);
    var commune = section.querySelector("h3").textContent;
    Array.prototype.forEach.call(section.querySelectorAll("li"), function (li) {
      var source = li.querySelector("a");
      var label = source.textContent + " — " + commune;
      var marker = L.marker([lat, lon], { title: label, alt: label, keyboard: true });
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = source.href;
      link.textContent = source.textContent;
      popup.appendChild(link);
      popup.appendChild(document.createTextNode(" (" + li.getAttribute("data-kind-label") + ")"));
      marker.bindPopup(popup);
      cluster.addLayer(marker);
    });
  });
  map.addLayer(cluster);
  /* The first view: the commons' territory (its outline drawn, not filled), else its entries,
     else metropolitan France. */
  var viewData = document.getElementById("maillage-map-view");
  var view = viewData ? JSON.parse(viewData.textContent) : null;
  if (view) {
    L.geoJSON(view.outline, {
      interactive: false,
      style: function () { return { color: "#303f9f", weight: 2, fill: false, dashArray: "6 4" }; }
    }).addTo(map);
    map.fitBounds(view.bounds, { padding: [10, 10] });
  } else if (bounds.length) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12 });
  } else {
    map.fitBounds([[41.3, -5.2], [51.1, 9.6]]);
  }
})();
