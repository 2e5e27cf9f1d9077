"""schema.org JSON-LD of entry pages and the script element that carries it."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from export_fixture import HIDDEN_ID, LEA_EMAIL, PAUL_EMAIL, SITE, XSS_NAME, Exported

from maillage.exports.jsonld import entry_jsonld, script_tag


def jsonld(exported: Exported, entry_id: str) -> dict:
    entry = exported.commons.entries[entry_id]
    return entry_jsonld(entry, exported.commons, f"{SITE}{entry.type.folder}/{entry_id}/")


@pytest.mark.parametrize(
    ("entry_id", "kind"),
    [
        ("compagnie-du-pre", "Organization"),
        ("paul-public", "Person"),
        ("immersion-epinal", "Event"),
        ("porteur-de-parole", "CreativeWork"),
        ("festival-des-granges", "Project"),
        ("soiree-ratee", "Article"),
        ("tirage-printemps", "Event"),
    ],
)
def test_each_type_gets_its_schema_org_type(exported: Exported, entry_id: str, kind: str) -> None:
    data = jsonld(exported, entry_id)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == kind
    entry = exported.commons.entries[entry_id]
    assert data["name"] == entry.title
    assert data["url"] == f"{SITE}{entry.type.folder}/{entry_id}/"


def test_organization_has_place_contact_and_area(exported: Exported) -> None:
    data = jsonld(exported, "compagnie-du-pre")
    assert data["description"] == "Théâtre itinérant dans les villages."
    assert data["address"]["addressLocality"] == "Épinal"
    assert data["address"]["postalCode"] == "88000"
    assert data["areaServed"] == {"@type": "AdministrativeArea", "name": "CA d'Epinal"}  # intercommunalité scale
    assert data["email"] == "bonjour@compagnie-du-pre.example.org"
    assert data["sameAs"] == "https://compagnie-du-pre.example.org"


def test_persons_follow_their_consent(exported: Exported) -> None:
    assert jsonld(exported, HIDDEN_ID) == {}
    assert script_tag(jsonld(exported, HIDDEN_ID)) == ""
    paul = jsonld(exported, "paul-public")
    assert "email" not in paul and "telephone" not in paul and PAUL_EMAIL not in json.dumps(paul)
    assert jsonld(exported, "lea-contact")["email"] == LEA_EMAIL


def test_event_has_dates_place_and_public_organizer(exported: Exported) -> None:
    data = jsonld(exported, "immersion-epinal")
    assert data["startDate"] == "2026-03-14T09:00:00+01:00"
    assert data["endDate"] == "2026-03-14T17:00:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["name"] == "Salle des fêtes"
    assert data["location"]["address"]["addressLocality"] == "Épinal"
    assert data["location"]["address"]["streetAddress"] == "1, rue de la Gare"
    # The host has not consented: the organizer falls back to who launched the rencontre.
    assert data["organizer"] == [
        {"@type": "Organization", "name": "Compagnie du Pré", "url": f"{SITE}acteurs/compagnie-du-pre/"}
    ]
    assert data["maximumAttendeeCapacity"] == 20


def test_tool_licence_and_authors(exported: Exported) -> None:
    data = jsonld(exported, "porteur-de-parole")
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert [a["name"] for a in data["author"]] == ["Compagnie du Pré"]
    assert data["timeRequired"] == "PT90M"


def test_project_and_experience_link_to_public_entries_only(exported: Exported) -> None:
    project = jsonld(exported, "festival-des-granges")
    assert [m["url"] for m in project["member"]] == [f"{SITE}acteurs/compagnie-du-pre/", f"{SITE}acteurs/paul-public/"]
    assert project["areaServed"]["name"] == "CA d'Epinal"
    experience = jsonld(exported, "soiree-ratee")
    assert experience["isPartOf"]["url"] == f"{SITE}projets/festival-des-granges/"
    assert [a["name"] for a in experience["author"]] == ["Compagnie du Pré"]
    assert experience["contentLocation"]["address"]["addressLocality"] == "Épinal"


def test_site_under_a_relative_root(exported: Exported) -> None:
    entry = exported.commons.entries["festival-des-granges"]
    data = entry_jsonld(entry, exported.commons, "/projets/festival-des-granges/")
    assert data["member"][0]["url"] == "/acteurs/compagnie-du-pre/"


class ScriptCounter(HTMLParser):
    """Collects script elements as an HTML parser (and so a browser) splits them."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.texts: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))
            self.texts.append("")
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.texts[-1] += data


def test_script_tag_cannot_be_broken_out_of(exported: Exported) -> None:
    data = jsonld(exported, "collectif-balise")
    assert data["name"] == XSS_NAME
    data["description"] = "a\u2028b\u2029c <!-- <script> -->"
    tag = script_tag(data)
    assert tag.count("</script>") == 1 and tag.endswith("</script>")
    assert "<" not in tag[len('<script type="application/ld+json">') : -len("</script>")]
    parser = ScriptCounter()
    parser.feed(f"<!DOCTYPE html><html><body>{tag}<p>après</p></body></html>")
    parser.close()
    assert parser.scripts == [{"type": "application/ld+json"}]
    assert json.loads(parser.texts[0]) == data  # \u003c escapes decode back to the original text
