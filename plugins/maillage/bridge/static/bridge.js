// Small enhancements; every feature also works without JavaScript (server round trips).
"use strict";

function renumber(row, from, to, name) {
  // Rename `name.<from>.child` to `name.<to>.child` and keep ids unique.
  const oldPrefix = name + "." + from + ".";
  const newPrefix = name + "." + to + ".";
  row.querySelectorAll("[name]").forEach((el) => {
    if (el.name.startsWith(oldPrefix)) el.name = newPrefix + el.name.slice(oldPrefix.length);
  });
  const oldId = "-" + name.replaceAll(".", "-") + "-" + from + "-";
  const newId = "-" + name.replaceAll(".", "-") + "-" + to + "-";
  row.querySelectorAll("[id], [for], [aria-describedby]").forEach((el) => {
    ["id", "for", "aria-describedby"].forEach((attr) => {
      const value = el.getAttribute(attr);
      if (value) el.setAttribute(attr, value.replaceAll(oldId, newId));
    });
  });
}

function clearRow(row) {
  row.querySelectorAll("input, textarea").forEach((el) => {
    if (el.type === "checkbox" || el.type === "radio") el.checked = false;
    else el.value = "";
    el.removeAttribute("aria-invalid");
  });
  row.querySelectorAll("select").forEach((el) => { el.selectedIndex = 0; el.removeAttribute("aria-invalid"); });
  row.querySelectorAll(".erreur").forEach((el) => el.remove());
}

function addRow(button) {
  const group = button.closest("[data-repetable]");
  const name = group.dataset.repetable;
  const rows = group.querySelectorAll(":scope > .ligne");
  const last = rows[rows.length - 1];
  if (!last) return false;
  const copy = last.cloneNode(true);
  clearRow(copy);
  const index = rows.length;
  if (copy.dataset.ligne !== undefined) {
    renumber(copy, index - 1, index, name);
    copy.dataset.ligne = String(index);
    const legend = copy.querySelector("legend");
    if (legend) legend.textContent = legend.textContent.replace(/\d+$/, String(index + 1));
  } else {
    const input = copy.querySelector("input");
    const label = copy.querySelector("label");
    const id = input.id.replace(/-\d+$/, "-" + (index + 1));
    input.id = id;
    label.htmlFor = id;
    label.textContent = label.textContent.replace(/\d+$/, String(index + 1));
  }
  last.after(copy);
  const first = copy.querySelector("input, select, textarea");
  if (first) first.focus();
  return true;
}

document.querySelectorAll("button.ajouter").forEach((button) => {
  button.addEventListener("click", (event) => {
    if (addRow(button)) event.preventDefault();
  });
});

// Search the published entries as the person types (the page only embeds the first ones).
let timer = null;
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.reference) return;
  clearTimeout(timer);
  const query = input.value.trim();
  if (query.length < 2) return;
  timer = setTimeout(async () => {
    // A testimony's rencontre: only those that have begun (`data-commencees`).
    const begun = input.dataset.commencees ? "&commencees=1" : "";
    const response = await fetch("/references/" + encodeURIComponent(input.dataset.reference) + "?q=" + encodeURIComponent(query) + begun);
    if (!response.ok) return;
    const list = document.getElementById("liste-" + input.dataset.reference);
    if (!list) return;
    list.replaceChildren(...(await response.json()).map((entry) => {
      const option = document.createElement("option");
      option.value = entry.id;
      option.textContent = entry.titre;
      return option;
    }));
  }, 200);
});

// Consent only concerns people: hide it for organisations (the server ignores it for them too).
const forme = document.getElementById("champ-forme");
const consent = document.getElementById("champ-consentement");
if (forme && consent) {
  const sync = () => { consent.hidden = forme.value === "organisation"; };
  forme.addEventListener("change", sync);
  sync();
}

// Commune picker: the WAI-ARIA combobox pattern (editable combobox with list autocomplete) over
// the territory's communes (/communes.json, fetched once). Choosing fills the text box with
// "Sedan (08200)" and the hidden `_choix.<field>` with the INSEE code; typing again clears it.
// Without JavaScript the text box is a plain field that the server resolves.
const MAX_OPTIONS = 20;
let communesLoaded = null;

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/[^a-z0-9]+/g, " ").trim()
    .replace(/\b(st|ste|sts|stes)\b/g, (word) => ({ st: "saint", ste: "sainte", sts: "saints", stes: "saintes" })[word]);
}

function loadCommunes() {
  communesLoaded ??= fetch("/communes.json").then((response) => response.json()).then((data) =>
    data.communes.map(([name, postal, parent, code]) => {
      const key = fold(name);
      return {
        name, code, key, words: key.split(" "), postal: postal ? postal.split(" ") : [],
        label: name + (postal ? " (" + postal.split(" ")[0] + ")" : "") + " — " + data.intercommunalites[parent],
      };
    }));
  return communesLoaded;
}

function rank(commune, query, digits) {
  // Lower is better; null: no match.
  if (digits) {
    if (commune.code === query) return 1;
    if (commune.postal.includes(query)) return 0;
    return commune.postal.some((p) => p.startsWith(query)) ? 2 : null;
  }
  if (commune.key === query) return 0;
  if (commune.key.startsWith(query)) return 1;
  if (commune.words.some((word) => word.startsWith(query))) return 2;
  return commune.key.includes(query) ? 3 : null;
}

function search(communes, text) {
  const digits = /^\d{1,5}$/.test(text.trim());
  const query = digits ? text.trim() : fold(text);
  if (!query) return [];
  const found = [];
  for (const commune of communes) {
    const score = rank(commune, query, digits);
    if (score !== null) found.push([score, commune]);
  }
  // Folded keys are plain ASCII: a code-unit comparison orders them (localeCompare costs far more).
  found.sort((a, b) => a[0] - b[0] || (a[1].key < b[1].key ? -1 : a[1].key > b[1].key ? 1 : 0));
  return found;
}

function enhanceCommune(input) {
  const listId = input.id + "-liste";
  const wrapper = document.createElement("div");
  wrapper.className = "combobox";
  input.before(wrapper);
  wrapper.append(input);
  const chosen = document.createElement("input");
  chosen.type = "hidden";
  chosen.name = input.dataset.commune;
  const list = document.createElement("ul");
  list.id = listId;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Communes proposées");
  list.hidden = true;
  const status = document.createElement("div");
  status.setAttribute("role", "status");
  status.className = "visuellement-cache";
  wrapper.append(chosen, list, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  let options = [];
  let active = -1;
  let announce = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index < 0) { input.removeAttribute("aria-activedescendant"); return; }
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  };
  const choose = (commune) => {
    input.value = commune.name + (commune.postal.length ? " (" + commune.postal[0] + ")" : "");
    chosen.value = commune.code;
    document.querySelectorAll('input[type=radio][name="' + CSS.escape(chosen.name) + '"]').forEach((radio) => { radio.checked = false; });
    close();
    status.textContent = commune.label + " : choisie.";
  };
  const show = (found, text) => {
    const shown = found.slice(0, MAX_OPTIONS);
    options = shown.map(([, commune], i) => {
      const option = document.createElement("li");
      option.id = listId + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = commune.label + (commune.code === text.trim() ? " (code INSEE " + commune.code + ")" : "");
      option.addEventListener("pointerdown", (event) => event.preventDefault());  // keep the focus in the box
      option.addEventListener("click", () => choose(commune));
      option.commune = commune;
      return option;
    });
    list.replaceChildren(...options);
    active = -1;
    const open = options.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    input.removeAttribute("aria-activedescendant");
    clearTimeout(announce);
    announce = setTimeout(() => {
      status.textContent = found.length === 0 ? "Aucune commune ne correspond."
        : found.length + (found.length > 1 ? " communes proposées" : " commune proposée")
          + (found.length > MAX_OPTIONS ? ", les " + MAX_OPTIONS + " premières affichées" : "")
          + " ; flèche bas pour les parcourir.";
    }, 400);
  };
  const update = async () => {
    const communes = await loadCommunes();
    show(search(communes, input.value), input.value);
  };

  input.addEventListener("input", () => { chosen.value = ""; update(); });
  input.addEventListener("focus", () => { loadCommunes(); });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) { update().then(() => { if (!event.altKey && options.length) highlight(0); }); return; }
      if (!event.altKey && options.length) highlight((active + 1) % options.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (open && options.length) highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (open && active >= 0) { event.preventDefault(); choose(options[active].commune); }
    } else if (event.key === "Escape") {
      if (open) { event.preventDefault(); close(); } else if (input.value) { event.preventDefault(); input.value = ""; chosen.value = ""; }
    } else if (event.key === "Tab") {
      close();
    }
  });
  input.addEventListener("blur", close);
}

document.querySelectorAll("input[data-commune]").forEach(enhanceCommune);
