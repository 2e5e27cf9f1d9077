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
    const response = await fetch("/references/" + encodeURIComponent(input.dataset.reference) + "?q=" + encodeURIComponent(query));
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
