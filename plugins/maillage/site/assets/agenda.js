/* Maillage agenda: the split between upcoming and past rencontres, made again at the visitor's
   time. The page is static and may have been built weeks ago: a rencontre whose end has passed
   moves from "À venir" to "Passées" (latest first), and the counts follow. Without JavaScript,
   the page says when its list was made. */
(function () {
  "use strict";
  var upcoming = document.querySelector("[data-maillage-agenda=a-venir]");
  var past = document.querySelector("[data-maillage-agenda=passees]");
  if (!upcoming || !past) { return; }
  var now = Date.now();
  var pastList = past.querySelector("ol");

  function moment(item, name) { return Date.parse(item.getAttribute(name)); }

  Array.prototype.forEach.call(upcoming.querySelectorAll("ol > li"), function (item) {
    if (!(moment(item, "data-fin") < now)) { return; }
    /* Past rencontres are listed latest start first: insert before the first one that started earlier. */
    var start = moment(item, "data-debut");
    var before = Array.prototype.find.call(pastList.children, function (other) {
      return moment(other, "data-debut") < start;
    });
    pastList.insertBefore(item, before || null);
  });

  [upcoming, past].forEach(function (section) {
    var count = section.querySelectorAll("ol > li").length;
    section.querySelector("[data-maillage-agenda-count]").textContent = String(count);
    section.querySelector("[data-maillage-agenda-empty]").hidden = count > 0;
  });
  var note = document.querySelector("[data-maillage-asof]");
  if (note) { note.hidden = true; }
})();
