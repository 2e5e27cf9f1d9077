/* Maillage: listing filters and Pagefind search. Vanilla JavaScript, no framework.
   Without JavaScript every listing is the full list of links and the search box leads to
   the results page; this script only adds to what the HTML already offers. */
(function () {
  "use strict";

  /* Counts the French way (« 1 202 », narrow no-break space), as the server writes them. */
  var frenchCount = new Intl.NumberFormat("fr-FR").format;

  /* ---------- Site root (the site may live under a sub-path) ---------- */
  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  /* ---------- Events over: computed now, not at build time ---------- */
  /* An element with `data-fin` (the end of an event, ISO 8601) shows its `[data-maillage-past]`
     badge once that moment is over, so a page built weeks ago never calls a past event coming. */
  function isOver(end, now) {
    var time = Date.parse(end.length === 10 ? end + "T23:59:59" : end);
    return !isNaN(time) && time < now;
  }

  function markPast(now) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-fin]"), function (el) {
      var over = isOver(el.getAttribute("data-fin"), now);
      Array.prototype.forEach.call(el.querySelectorAll("[data-maillage-past]"), function (badge) {
        badge.hidden = !over;
      });
      Array.prototype.forEach.call(el.querySelectorAll("[data-maillage-upcoming]"), function (part) {
        part.hidden = over;
      });
    });
  }

  /* ---------- Long listings: every card, from `fiches.json` ---------- */
  /* A long listing holds one page of cards; its filters need them all. They come as data
     (facets.py `ListingItem.record`) and become the same cards as the server's, built as text:
     contributed words never become markup. Only http(s) or same-site links are kept. */
  function safeHref(url) {
    var resolved = new URL(url, siteRoot());
    return /^https?:$/.test(resolved.protocol) ? resolved.href : null;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  function recordCard(record, pastLabel) {
    var root = siteRoot();
    var li = element("li", "maillage-card");
    Object.keys(record.v).forEach(function (key) { li.setAttribute("data-" + key, record.v[key].join(" ")); });
    if (record.i) {
      var picture = document.createElement("picture");
      var source = document.createElement("source");
      var img = document.createElement("img");
      var sizes = "(max-width: 44.9em) 90vw, 20rem";
      var srcset = function (index) {
        return record.i[2].map(function (v) { return new URL(v[index], root).href + " " + v[0] + "w"; }).join(", ");
      };
      source.type = "image/webp";
      source.sizes = sizes;
      source.srcset = srcset(1);
      img.src = new URL(record.i[2][0][2], root).href;
      img.sizes = sizes;
      img.srcset = srcset(2);
      img.width = record.i[0];
      img.height = record.i[1];
      img.alt = "";
      img.loading = "lazy";
      img.decoding = "async";
      picture.appendChild(source);
      picture.appendChild(img);
      li.appendChild(picture);
    }
    var heading = element("h2");
    var link = element("a", null, record.t);
    link.href = safeHref(record.u) || "#";
    heading.appendChild(link);
    li.appendChild(heading);
    if (record.o) {
      var origin = element("p", "maillage-origin", record.o[0] + " : ");
      origin.setAttribute("data-pagefind-ignore", "");
      record.o[1].forEach(function (o, index) {
        var there = element("a", null, o[0]);
        there.href = safeHref(o[1]) || "#";
        if (index) { origin.appendChild(document.createTextNode(", ")); }
        origin.appendChild(there);
      });
      li.appendChild(origin);
    }
    if (record.k) { li.appendChild(element("p", null, record.k)); }
    if (record.w) {
      var when = element("p", null, record.w + " ");
      var past = element("strong", "maillage-past", pastLabel);
      past.setAttribute("data-maillage-past", "");
      past.hidden = !(record.v.quand && record.v.quand[0] === "passees");
      when.appendChild(past);
      li.appendChild(when);
    }
    if (record.g) {
      var tags = element("ul", "maillage-tags");
      record.g.forEach(function (tag) { tags.appendChild(element("li", null, tag)); });
      li.appendChild(tags);
    }
    return li;
  }

  /* ---------- Listing facets ---------- */
  function initFacets(form) {
    var list = document.querySelector("[data-maillage-items]");
    if (!list) { return; }
    var items = Array.prototype.slice.call(list.children);
    /* A long listing: the cards of this page only, until all are asked for. */
    var records = list.getAttribute("data-records");
    var loading = null;
    /* Once loaded: each card's data and its element, built the first time it is shown (a filter
       on 19,500 actors builds the few hundred that match, not all of them). */
    var cards = null;
    var pastLabel = list.getAttribute("data-past-label");
    var showAll = document.querySelector("[data-maillage-show-all]");
    var total = document.querySelector("[data-maillage-total]");
    var chips = document.querySelector("[data-maillage-chips]");
    var panel = form.closest("[data-maillage-filters]");
    var activeCount = panel.querySelector("[data-maillage-active]");
    var keys = [];
    var titles = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-facet]"), function (el) {
      var key = el.getAttribute("data-facet");
      keys.push(key);
      titles[key] = el.getAttribute("data-title");
    });
    var now = Date.now();
    var values = items.map(function (li) {
      return cardValues(function (key) { return li.getAttribute("data-" + key); });
    });

    /* A card's facet values; `read(key)`: its `data-<key>` value, or null. */
    function cardValues(read) {
      var v = {};
      keys.forEach(function (key) {
        var raw = read(key);
        v[key] = raw ? raw.split(" ") : [];
      });
      var end = read("fin");
      if (end && keys.indexOf("quand") >= 0) {  /* "upcoming" is judged now, not at build time */
        v.quand = [isOver(end, now) ? "passees" : "a_venir"];
      }
      return v;
    }

    function cardAt(index) {
      var card = cards[index];
      if (!card.li) { card.li = recordCard(card.record, pastLabel); }
      return card.li;
    }

    /* Every card of a long listing, once: the numbered pages' links go, the filters then
       work on all of them (`records` is null once they are here). */
    function loadAll() {
      if (!records) { return Promise.resolve(); }
      if (!loading) {
        total.textContent = "Chargement de toute la liste…";
        loading = fetch(new URL(records, window.location.href).href).then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        }).then(function (data) {
          cards = data.map(function (record) { return { record: record, li: null }; });
          values = data.map(function (record) {
            return cardValues(function (key) { return record.v[key] ? record.v[key].join(" ") : null; });
          });
          records = null;
          var pages = document.querySelector("[data-maillage-pages]");
          if (pages) { pages.hidden = true; }
          if (showAll) { showAll.hidden = true; }
        }, function () {
          loading = null;
          total.textContent = "La liste complète n'a pas pu être chargée : les pages restent consultables.";
        });
      }
      return loading;
    }

    function selection() {
      var chosen = {};
      keys.forEach(function (key) { chosen[key] = []; });
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || chosen[el.name] === undefined) { return; }
        if ((el.type === "checkbox" && el.checked) || (el.tagName === "SELECT" && el.value)) {
          chosen[el.name].push(el.value);
        }
      });
      return chosen;
    }

    function labelOf(key, value) {
      var found = null;
      Array.prototype.forEach.call(form.querySelectorAll("[name='" + key + "']"), function (el) {
        if (el.tagName === "SELECT") {
          Array.prototype.forEach.call(el.options, function (o) { if (o.value === value) { found = o.getAttribute("data-label"); } });
        } else if (el.value === value) { found = el.getAttribute("data-label"); }
      });
      return found || value;
    }

    function unset(key, value) {
      Array.prototype.forEach.call(form.querySelectorAll("[name='" + key + "']"), function (el) {
        if (el.type === "checkbox" && el.value === value) { el.checked = false; }
        if (el.tagName === "SELECT" && el.value === value) { el.value = ""; }
      });
    }

    /* The active filters as buttons that remove them, next to the count. */
    function showChips(chosen, active) {
      chips.textContent = "";
      var count = 0;
      active.forEach(function (key) {
        chosen[key].forEach(function (value) {
          var text = titles[key] + " : " + labelOf(key, value);
          var chip = document.createElement("button");
          chip.type = "button";
          chip.className = "maillage-chip";
          chip.setAttribute("aria-label", "Retirer le filtre « " + text + " »");
          chip.textContent = text + " ";
          var cross = document.createElement("span");
          cross.setAttribute("aria-hidden", "true");
          cross.textContent = "×";
          chip.appendChild(cross);
          chip.addEventListener("click", function () {
            var index = Array.prototype.indexOf.call(chips.children, chip);
            unset(key, value);
            apply(true);
            /* Focus stays in the chips (or goes to the count) rather than being lost. */
            var again = chips.hidden ? null : chips.children[Math.min(index, chips.children.length - 1)];
            (again || total).focus();
          });
          chips.appendChild(chip);
          count++;
        });
      });
      if (count > 1) {
        var clear = document.createElement("button");
        clear.type = "button";
        clear.className = "maillage-chip maillage-chip--clear";
        clear.textContent = "Effacer les filtres";
        clear.addEventListener("click", function () { form.reset(); total.focus(); });
        chips.appendChild(clear);
      }
      chips.hidden = count === 0;
      activeCount.textContent = count ? " (" + count + " actif" + (count > 1 ? "s" : "") + ")" : "";
    }

    function apply(writeUrl) {
      var chosen = selection();
      var active = keys.filter(function (key) { return chosen[key].length > 0; });
      var counts = {};
      keys.forEach(function (key) { counts[key] = {}; });
      var shown = 0;
      var fresh = cards ? document.createDocumentFragment() : null;
      values.forEach(function (v, index) {
        var failed = null;
        var failures = 0;
        for (var i = 0; i < active.length && failures < 2; i++) {
          var key = active[i];
          var match = v[key].some(function (x) { return chosen[key].indexOf(x) >= 0; });
          if (!match) { failures++; failed = key; }
        }
        if (!cards) {
          items[index].hidden = failures > 0;
        } else if (failures === 0) {
          fresh.appendChild(cardAt(index));
        }
        /* Counts say how many items each value would show with the other filters kept. */
        var counted = failures === 0 ? keys : (failures === 1 ? [failed] : []);
        counted.forEach(function (key) {
          v[key].forEach(function (x) { counts[key][x] = (counts[key][x] || 0) + 1; });
        });
        if (failures === 0) { shown++; }
      });
      if (cards) {
        list.textContent = "";
        list.appendChild(fresh);
        markPast(Date.now());
      }
      Array.prototype.forEach.call(form.querySelectorAll("[data-count]"), function (span) {
        var key = span.closest("[data-facet]").getAttribute("data-facet");
        span.textContent = "(" + (counts[key][span.getAttribute("data-count")] || 0) + ")";
      });
      Array.prototype.forEach.call(form.querySelectorAll("select[data-facet]"), function (select) {
        var key = select.getAttribute("data-facet");
        Array.prototype.forEach.call(select.options, function (option) {
          if (option.value) {
            option.textContent = option.getAttribute("data-label") + " (" + (counts[key][option.value] || 0) + ")";
          }
        });
      });
      var noun = total.getAttribute(shown > 1 || (!active.length && values.length > 1) ? "data-plural" : "data-singular");
      total.textContent = active.length
        ? frenchCount(shown) + " " + noun + " sur " + frenchCount(values.length)
        : frenchCount(values.length) + " " + noun;
      showChips(chosen, active);
      if (writeUrl) {
        var params = new URLSearchParams();
        keys.forEach(function (key) { chosen[key].forEach(function (x) { params.append(key, x); }); });
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
      }
    }

    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || keys.indexOf(el.name) < 0) { return; }
      var wanted = params.getAll(el.name);
      if (el.type === "checkbox") { el.checked = wanted.indexOf(el.value) >= 0; }
      if (el.tagName === "SELECT" && wanted.length) { el.value = wanted[0]; }
    });
    form.addEventListener("change", function () { loadAll().then(function () { if (!records) { apply(true); } }); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { loadAll().then(function () { if (!records) { apply(true); } }); }, 0);
    });
    panel.querySelector("[data-maillage-see]").addEventListener("click", function () { panel.open = false; });
    /* The count is where focus goes back to when a chip is removed. */
    total.setAttribute("tabindex", "-1");
    panel.hidden = false;
    if (!records) {
      apply(false);
    } else {
      /* The counts written at build time are over every entry: they stay until a filter is used. */
      showAll.hidden = false;
      showAll.addEventListener("click", function () {
        loadAll().then(function () { if (!records) { apply(false); total.focus(); } });
      });
      if (keys.some(function (key) { return params.getAll(key).length > 0; })) {
        loadAll().then(function () { if (!records) { apply(false); } });
      }
    }
  }

  /* ---------- Pagefind search ---------- */
  var pagefind = null;

  function loadPagefind() {
    if (!pagefind) {
      var root = siteRoot();
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        /* No web worker: it would be one more script to download for the first search. */
        module.options({ baseUrl: root.pathname, excerptLength: 24, noWorker: true });
        return module;
      });
    }
    return pagefind;
  }

  /* Pagefind's excerpt is HTML with <mark>; contributed text must never become markup, so
     the excerpt is parsed in an inert document and only its text and <mark> are kept. */
  function excerptNode(excerpt) {
    var out = document.createElement("p");
    var doc = new DOMParser().parseFromString("<body>" + excerpt + "</body>", "text/html");
    Array.prototype.forEach.call(doc.body.childNodes, function (node) {
      if (node.nodeType === 1 && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function resultItem(item) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    /* An entry a regional commons gathers from a local one is found here but lives there:
       its `url` metadata is its page at its own commons (only ever an http(s) address). */
    var there = item.meta && /^https?:\/\//.test(item.meta.url || "") ? item.meta.url : null;
    link.href = there || item.url;
    link.textContent = (item.meta && item.meta.title) || item.url;
    li.appendChild(link);
    if (item.meta && item.meta.type) {
      var kind = item.meta.type + (there && item.meta.origine ? ", " + item.meta.origine : "");
      li.appendChild(document.createTextNode(" (" + kind + ")"));
    }
    li.appendChild(excerptNode(item.excerpt || ""));
    return li;
  }

  function renderResults(container, query, results, data) {
    container.textContent = "";
    var heading = document.createElement("p");
    heading.textContent = results.length === 0
      ? "Aucun résultat pour « " + query + " »."
      : results.length + " résultat" + (results.length > 1 ? "s" : "") + " pour « " + query + " »";
    container.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "maillage-results";
    data.forEach(function (item) { list.appendChild(resultItem(item)); });
    container.appendChild(list);
    return list;
  }

  function runSearch(query, limit) {
    return loadPagefind().then(function (pf) { return pf.search(query); }).then(function (search) {
      var results = search ? search.results : [];
      return Promise.all(results.slice(0, limit).map(function (r) { return r.data(); })).then(function (data) {
        return { results: results, data: data };
      });
    });
  }

  function initHeaderSearch(form) {
    var input = form.querySelector("input[name=q]");
    var panel = form.querySelector("[data-maillage-search-results]");
    var timer = null;
    var latest = 0;
    input.addEventListener("focus", function () { loadPagefind(); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (!query) { panel.hidden = true; return; }
      timer = window.setTimeout(function () {
        var ticket = ++latest;
        runSearch(query, 8).then(function (found) {
          if (ticket !== latest) { return; }
          renderResults(panel, query, found.results, found.data);
          if (found.results.length > 8) {
            var more = document.createElement("a");
            more.href = form.action + "?q=" + encodeURIComponent(query);
            more.textContent = "Voir les " + found.results.length + " résultats";
            panel.appendChild(more);
          }
          panel.hidden = false;
        });
      }, 200);
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { panel.hidden = true; input.focus(); }
    });
  }

  /* The search page shows its results ten at a time: each result's excerpt is one more file
     to download (about 0.7 KB), so the first search loads ten, not fifty. */
  var PAGE_RESULTS = 10;

  /* A button under the list loads the next results; focus goes to the first one added. */
  function offerMore(container, list, results, shown) {
    var left = results.length - shown;
    if (left <= 0) { return; }
    var next = Math.min(left, PAGE_RESULTS);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = next === 1 ? "Afficher le dernier résultat"
      : "Afficher " + (next === left ? "les " + next + " derniers résultats" : "les " + next + " résultats suivants");
    button.addEventListener("click", function () {
      button.disabled = true;
      Promise.all(results.slice(shown, shown + next).map(function (r) { return r.data(); })).then(function (data) {
        var items = data.map(resultItem);
        items.forEach(function (li) { list.appendChild(li); });
        button.remove();
        offerMore(container, list, results, shown + data.length);
        items[0].querySelector("a").focus();
      });
    });
    container.appendChild(button);
  }

  function initSearchPage(form) {
    var input = form.querySelector("input[name=q]");
    var container = document.querySelector("[data-maillage-search-results]:not(.maillage-search__results)");
    var hint = document.querySelector("[data-maillage-search-nojs]");
    if (hint) { hint.hidden = true; }
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    if (query.trim()) {
      runSearch(query.trim(), PAGE_RESULTS).then(function (found) {
        var list = renderResults(container, query.trim(), found.results, found.data);
        offerMore(container, list, found.results, found.data.length);
      });
    }
  }

  /* ---------- Wide tables and code ---------- */
  /* Material wraps tables in a horizontally scrollable box, and code blocks scroll too (a command
     on a phone); a box that scrolls must be reachable with the keyboard (axe
     scrollable-region-focusable, RGAA 7.3). */
  function markScrollableTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code"),
      function (box, index) {
      if (box.scrollWidth > box.clientWidth) {
        /* Each region is named after the heading above it, so that landmarks stay distinct. */
        var code = box.tagName === "CODE";
        var heading = (code ? box.parentElement : box).previousElementSibling;
        while (heading && !/^H[1-6]$/.test(heading.tagName)) { heading = heading.previousElementSibling; }
        var name = heading ? heading.textContent.trim() : String(index + 1);
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (code ? "Code" : "Tableau") + " « " + name + " » (défilement horizontal)");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    markScrollableTables();
    window.addEventListener("resize", markScrollableTables);
    markPast(Date.now());
    var facets = document.querySelector("[data-maillage-facets]");
    if (facets) { initFacets(facets); }
    var header = document.querySelector("[data-maillage-search]");
    if (header) { initHeaderSearch(header); }
    var page = document.querySelector("[data-maillage-search-page]");
    if (page) { initSearchPage(page); }
  });
})();
