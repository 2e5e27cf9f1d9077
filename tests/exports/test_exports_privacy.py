"""A person without consent appears in no export; personal fields follow consent."""

from __future__ import annotations

import json

from export_fixture import HIDDEN_EMAIL, HIDDEN_ID, HIDDEN_NAME, LEA_EMAIL, PAUL_EMAIL, SITE, Exported

from maillage.exports.jsonld import entry_jsonld, script_tag

SECRETS = [HIDDEN_ID, HIDDEN_NAME, HIDDEN_EMAIL, "Plasticienne", PAUL_EMAIL, "06 00 00 00 01"]
INTERNAL = ["recensement-secret.csv", "Zoé", "recueilli_par", "provenance", "consentement", "schema_version"]


def all_outputs(exported: Exported) -> dict[str, str]:
    texts = {path.name: path.read_text("utf-8-sig") for path in exported.paths}
    for entry in exported.commons.entries.values():
        url = f"{SITE}{entry.type.folder}/{entry.id}/"
        texts[f"jsonld:{entry.id}"] = script_tag(entry_jsonld(entry, exported.commons, url))
    return texts


def test_every_export_file_was_written(exported: Exported) -> None:
    names = sorted(p.name for p in exported.paths)
    types = exported.commons.schemas.types
    # A table and records per type; a map layer per type on the map (`x-carte`), a calendar per
    # type of events (`x-calendrier`): the demo schemas put actors, rencontres and ressources on the map;
    # the manifest vouching for them all.
    expected = sorted([f"{t.folder}.{kind}" for t in types for kind in ("csv", "json")]
                      + [f"{t.folder}.geojson" for t in types if t.on_map]
                      + [f"{t.folder}.ics" for t in types if t.calendar] + ["flux.atom", "commun.json"])
    assert names == expected
    assert {"acteurs.geojson", "rencontres.geojson", "rencontres.ics"} <= set(names)
    assert all(p.parent == exported.out / "donnees" for p in exported.paths if p.name != "flux.atom")
    assert (exported.out / "flux.atom").is_file()


def test_hidden_person_and_private_contact_appear_nowhere(exported: Exported) -> None:
    # The hidden person is cited by an actor-listing field of every other type in the fixture.
    for name, text in all_outputs(exported).items():
        for secret in SECRETS + INTERNAL:
            # ICS folds long lines: unfold before searching
            assert secret not in text.replace("\r\n ", ""), (secret, name)


def test_consented_contact_is_published(exported: Exported) -> None:
    outputs = all_outputs(exported)
    assert LEA_EMAIL in outputs["acteurs.csv"] and LEA_EMAIL in outputs["acteurs.json"]
    assert LEA_EMAIL in outputs["jsonld:lea-contact"]
    actors = {r["id"]: r for r in json.loads(outputs["acteurs.json"])["fiches"]}
    assert actors["paul-public"]["nom"] == "Paul Public"
    assert actors["paul-public"]["contact.courriel"] is None
    assert actors["paul-public"]["contact.telephone"] is None


def test_hidden_ids_leave_draw_results_nested_lists_and_free_objects(exported: Exported) -> None:
    draw = json.loads(exported.file("tirages.json").read_text("utf-8"))["fiches"][0]
    assert draw["vivier.liste"] == ["compagnie-du-pre", "paul-public"]
    assert draw["reponses.acteur"] == [] and draw["reponses.reponse"] == []
    assert draw["resultat.groupes.numero"] == [1]
    assert draw["resultat.groupes.membres"] == [["compagnie-du-pre"]]
    assert draw["resultat.reserve"] == ["paul-public"]
    # Replacements keep their rows (either side may be empty: a place that was or stays vacant);
    # the hidden person's name is blanked on both sides.
    assert draw["resultat.remplacements.sortant"] == [None, "paul-public"]
    assert draw["resultat.remplacements.entrant"] == ["paul-public", None]
    assert draw["resultat.remplacements.motif"] == ["desistement", "silence"]
    # A free-form object: any value or key equal to a hidden id is removed.
    assert draw["journal.details"] == [{"membres": ["paul-public"]}]
