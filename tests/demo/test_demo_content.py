"""The demo's own checks: the Vosges commons of this repository is valid, rich and fictional.

These tests read the demo only (`content/`); nothing else in the suite depends on its exact
contents, and a commons made with `maillage nouveau` never runs them.

`content/` holds a fictional but realistic commons for the Vosges (88): real communes and EPCIs,
invented actors, tools, projects, experience reports, meetups and draws. The site, the map, the
exports, the draw and the meeting suggestions all show it, so it must be valid, cover every value
the schemas allow, and tell true stories: offers that answer needs, volunteers enough for a fair
draw, failures as well as successes. Enumerations are read from the schemas, so a value added
there and missing here makes these tests fail.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from maillage.model import default_schemas, first_value, load_commons, slugify, territory
from maillage.model.commons import Commons, Entry
from maillage.model.identifiers import is_siren, is_siret
from maillage.model.problems import Severity

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"

# The demo is written as seen on this day: half of the meetups are past, half upcoming.
TODAY = date(2026, 11, 25)
UPCOMING_UNTIL = date(2027, 7, 1)

VOSGES = "88"
# EPCIs the demo must cover (official SIREN codes, names as in the COG table).
EPCIS = {
    "200068757": "CA d'Epinal",
    "200071066": "CA de Saint-Dié-des-Vosges",
    "200096642": "CC Gérardmer Hautes Vosges",
    "200068377": "CC de la Porte des Vosges Méridionales",
    "200068559": "CC de l'Ouest Vosgien",
    "200068682": "CC Terre d'Eau",
    "200068369": "CC de Mirecourt Dompaire",
    "200068773": "CC des Vosges côté Sud Ouest",
}

PERSON_WITHOUT_CONSENT = "julien-perrin"

# drand "quicknet" (League of Entropy): chain hash, genesis time and period, from its /info.
QUICKNET = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"
QUICKNET_GENESIS = 1692803367
QUICKNET_PERIOD = 3

STORY_FIELDS = ("deroulement", "ce_qui_a_marche", "ce_qui_n_a_pas_marche", "enseignements", "a_refaire_autrement")

MIN_ENTRIES = 55
MIN_VOLUNTEERS = 14


@pytest.fixture(scope="module")
def commons() -> Commons:
    return load_commons(CONTENT, display_base=ROOT)


def allowed(folder: str, *path: str) -> list[str]:
    """The enum of a field, read from the schema."""
    for field_path, schema in default_schemas().fields(default_schemas().by_folder[folder]):
        if field_path == path:
            return list(schema["enum"])
    raise AssertionError(f"no field {path} in the {folder} schema")


def univers(entry: Entry, facet: str) -> Any:
    return entry.data.get("univers", {}).get(facet)


def category_value(entry: Entry, field: str) -> Any:
    """An actor's value for a draw category (a univers facet, or its nature)."""
    return entry.data.get("nature") if field == "nature" else univers(entry, field)


def parse_instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


# --- The whole commons ----------------------------------------------------------------------


def test_the_demo_has_no_error(commons):
    assert commons.errors == []


def test_the_only_warning_is_the_person_without_consent(commons):
    warnings = [p for p in commons.problems if p.severity is Severity.WARNING]
    assert [(p.path, p.field) for p in warnings] == [(f"content/acteurs/{PERSON_WITHOUT_CONSENT}.md", "consentement")]


def test_the_demo_is_large_enough_and_has_every_type(commons):
    counts = {folder: len(commons.of_type(folder)) for folder in default_schemas().by_folder}
    assert len(commons.entries) >= MIN_ENTRIES
    assert counts["acteurs"] >= 24
    assert counts["outils"] >= 8
    assert counts["projets"] >= 8
    assert counts["experiences"] >= 8
    assert counts["rencontres"] >= 8
    assert counts["tirages"] == 2


def test_every_file_is_named_after_the_slug_of_its_title(commons):
    for entry in commons.entries.values():
        assert entry.id == slugify(entry.title), entry.document.path


def test_every_entry_has_a_french_body(commons):
    for entry in commons.entries.values():
        # A testimony's words are its `x-temoignage` text field, quoted as they are written.
        rule = entry.type.testimony
        said = first_value(entry.data, rule.text) if rule else entry.body
        assert isinstance(said, str) and said.strip(), f"{entry.document.path} has no text"


def test_actors_and_tools_are_all_referenced_somewhere(commons):
    for folder in ("acteurs", "outils"):
        for entry in commons.of_type(folder):
            assert commons.backlinks(entry.id), f"nothing links to {entry.id}"


# --- Territory --------------------------------------------------------------------------------


def entry_communes(entry: Entry) -> list[str]:
    data = entry.data
    codes = [data["commune"]] if "commune" in data else []
    if "lieu" in data:
        codes.append(data["lieu"]["commune"])
    return codes


def test_every_commune_is_a_real_commune_of_the_vosges(commons):
    for entry in commons.entries.values():
        for code in entry_communes(entry):
            commune = territory().commune(code)
            assert commune is not None and commune.departement == VOSGES, (entry.id, code)


def test_actors_are_spread_over_the_vosges_intercommunalities(commons):
    epcis = Counter(territory().commune(a.data["commune"]).epci for a in commons.of_type("acteurs"))
    for code, name in EPCIS.items():
        assert territory().epcis[code][0] == name
        assert epcis[code] >= 1, f"no actor in {name}"
    assert len(epcis) >= 10


# --- Actors -----------------------------------------------------------------------------------


def test_every_nature_and_scale_is_used_by_actors(commons):
    actors = commons.of_type("acteurs")
    assert {a.data["nature"] for a in actors} == set(allowed("acteurs", "nature"))
    assert {a.data["echelle"] for a in actors} == set(allowed("acteurs", "echelle"))


@pytest.mark.parametrize("facet", ["pratique", "milieu", "structure", "economie", "culture", "sphere"])
def test_every_univers_value_is_held_by_several_actors(commons, facet):
    counts = Counter(univers(a, facet) for a in commons.of_type("acteurs"))
    for value in allowed("acteurs", "univers", facet):
        assert counts[value] >= 3, f"{facet} = {value}: {counts[value]} actor(s)"


def test_actors_practise_varied_disciplines(commons):
    disciplines = {d for a in commons.of_type("acteurs") for d in a.data.get("disciplines", [])}
    assert len(disciplines) >= 12


def test_actors_offer_what_others_look_for(commons):
    actors = commons.of_type("acteurs")
    matches = [
        (seeker.id, offerer.id, resource)
        for seeker in actors
        for offerer in actors
        if seeker.id != offerer.id
        for resource in set(seeker.data.get("recherche", [])) & set(offerer.data.get("propose", []))
    ]
    matched = {resource for _, _, resource in matches}
    assert {"lieu_repetition", "hebergement", "artistes", "lieu_diffusion", "mediation"} <= matched
    assert len(matches) >= 40


def test_some_actors_can_mediate_facilitate_and_host(commons):
    roles = Counter(r for a in commons.of_type("acteurs") for r in a.data.get("roles", []))
    for role in ("mediateur", "facilitateur", "hote_immersion"):
        assert roles[role] >= 2, role


def test_official_identifiers_are_valid_and_never_shared(commons):
    sirens: list[str] = []
    rnas: list[str] = []
    for actor in commons.of_type("acteurs"):
        ids = actor.data.get("identifiants", {})
        if "siret" in ids:
            assert is_siret(ids["siret"])
        if "siren" in ids:
            assert is_siren(ids["siren"])
            assert ids.get("siret", ids["siren"]).startswith(ids["siren"]), actor.id
        siren = ids.get("siren") or ids.get("siret", "")[:9]
        if siren:
            sirens.append(siren)
        if "rna" in ids:
            assert ids["rna"].startswith("W88"), actor.id
            rnas.append(ids["rna"])
    assert len(sirens) >= 8 and len(set(sirens)) == len(sirens)
    assert len(rnas) >= 8 and len(set(rnas)) == len(rnas)


def test_three_persons_two_with_consent_one_without(commons):
    persons = {a.id: a for a in commons.of_type("acteurs") if a.is_person}
    assert len(persons) == 3
    consenting = [p for p in persons.values() if p.publishable]
    assert len(consenting) == 2
    assert {p.contact_publishable for p in consenting} == {True, False}
    assert {p.data["nature"] for p in persons.values()} == {"artiste", "elu"}

    hidden = persons[PERSON_WITHOUT_CONSENT]
    assert not hidden.publishable and not hidden.contact_publishable
    assert "consentement" not in hidden.data
    # Referenced, so the site has an entry to keep private; but no personal detail in the file:
    # the repository is public, and the demo follows its own rule (CONTRIBUTING.md).
    assert "contact" not in hidden.data
    assert commons.backlinks(PERSON_WITHOUT_CONSENT)
    assert not hidden.data.get("volontaire_tirage")


def test_volunteers_cover_every_world(commons):
    volunteers = [a for a in commons.of_type("acteurs") if a.data.get("volontaire_tirage")]
    assert len(volunteers) >= MIN_VOLUNTEERS
    for facet in ("pratique", "milieu", "culture", "sphere"):
        assert {univers(v, facet) for v in volunteers} >= set(allowed("acteurs", "univers", facet)), facet
    assert all(v.publishable for v in volunteers)


# --- Tools ------------------------------------------------------------------------------------


def test_tools_are_complete_and_cover_every_category_and_licence(commons):
    tools = commons.of_type("outils")
    for tool in tools:
        for field in ("objectif", "taille_groupe", "materiel", "etapes", "licence", "auteurs"):
            assert tool.data.get(field), (tool.id, field)
    assert {t.data["categorie"] for t in tools} == set(allowed("outils", "categorie"))
    assert {t.data["licence"] for t in tools} == set(allowed("outils", "licence"))
    assert sum("duree_minutes" in t.data for t in tools) >= 7
    titles = {t.title for t in tools}
    assert {"Speed-meeting des univers", "Job Blender Day : kit d'accueil", "Forum ouvert", "Photolangage"} <= titles


# --- Projects ---------------------------------------------------------------------------------


def test_projects_have_every_scale_various_statuses_and_a_carrier(commons):
    projects = commons.of_type("projets")
    assert {p.data["echelle"] for p in projects} == set(allowed("projets", "echelle"))
    assert len({p.data["statut"] for p in projects}) >= 4
    assert "abandonne" in {p.data["statut"] for p in projects}
    for project in projects:
        roles = Counter(a["role"] for a in project.data["acteurs"])
        assert roles["porteur"] == 1, project.id
    used_roles = {a["role"] for p in projects for a in p.data["acteurs"]}
    assert used_roles == set(allowed("projets", "acteurs", "*", "role"))


def test_one_project_comes_from_a_draw(commons):
    from_draws = [p for p in commons.of_type("projets") if "tirage" in p.data]
    assert len(from_draws) == 1
    assert commons.entries[from_draws[0].data["tirage"]].type.folder == "tirages"


# --- Experience reports -----------------------------------------------------------------------


def test_experiences_tell_successes_failures_and_mixed_results(commons):
    experiences = commons.of_type("experiences")
    results = Counter(e.data["resultat"] for e in experiences)
    for value in allowed("experiences", "resultat"):
        assert results[value] >= 2, value


def test_each_experience_is_linked_and_fully_told(commons):
    for experience in commons.of_type("experiences"):
        data = experience.data
        assert "projet" in data or "rencontre" in data, experience.id
        assert data.get("acteurs") and data.get("outils"), experience.id
        for field in STORY_FIELDS:
            assert data[field].count(".") >= 1 and len(data[field]) >= 80, (experience.id, field)
        assert date.fromisoformat(data["date"]) <= TODAY
        if "rencontre" in data:
            meetup = commons.entries[data["rencontre"]]
            assert parse_instant(meetup.data["fin"]).date() <= TODAY


# --- Meetups ----------------------------------------------------------------------------------


def test_every_meetup_type_is_present_with_two_hosted_immersions(commons):
    meetups = commons.of_type("rencontres")
    assert {m.data["type"] for m in meetups} == set(allowed("rencontres", "type"))
    immersions = [m for m in meetups if m.data["type"] == "immersion"]
    assert len(immersions) >= 2
    for immersion in immersions:
        host = commons.entries[immersion.data["hote"]]
        assert "hote_immersion" in host.data.get("roles", []), immersion.id


def test_meetups_use_the_paris_offset_of_their_date(commons):
    for meetup in commons.of_type("rencontres"):
        zone = ZoneInfo(meetup.data["fuseau"])
        assert meetup.data["fuseau"] == "Europe/Paris"
        for field in ("debut", "fin"):
            instant = parse_instant(meetup.data[field])
            assert instant.utcoffset() == instant.astimezone(zone).utcoffset(), (meetup.id, field)
        assert parse_instant(meetup.data["debut"]) < parse_instant(meetup.data["fin"])


def test_half_of_the_meetups_are_past_half_upcoming(commons):
    meetups = commons.of_type("rencontres")
    past = [m for m in meetups if parse_instant(m.data["fin"]).date() < TODAY]
    upcoming = [m for m in meetups if parse_instant(m.data["debut"]).date() > TODAY]
    assert len(past) + len(upcoming) == len(meetups)
    assert abs(len(past) - len(upcoming)) <= 1
    assert all(parse_instant(m.data["debut"]).date() < UPCOMING_UNTIL for m in upcoming)


def test_meetups_say_who_comes_who_facilitates_and_who_launched_them(commons):
    for meetup in commons.of_type("rencontres"):
        for field in ("participants", "facilitateurs", "lance_par"):
            assert meetup.data.get(field), (meetup.id, field)


# --- Draws ------------------------------------------------------------------------------------


def compose_groups(pool: list[Entry], count: int, size: int, quotas: list[dict]) -> list[list[Entry]] | None:
    """A greedy witness that groups satisfying the per-group quotas exist (None if greedy fails)."""

    def matches(actor: Entry, quota: dict) -> bool:
        category = quota["categorie"]
        return category_value(actor, category["champ"]) == category["valeur"]

    def fits(group: list[Entry], actor: Entry) -> bool:
        return all(sum(matches(a, q) for a in [*group, actor]) <= q.get("max_par_groupe", size) for q in quotas)

    remaining = list(pool)
    groups = []
    for _ in range(count):
        group: list[Entry] = []
        for quota in quotas:
            while sum(matches(a, quota) for a in group) < quota.get("min_par_groupe", 0):
                pick = next((a for a in remaining if matches(a, quota) and fits(group, a)), None)
                if pick is None:
                    return None
                remaining.remove(pick)
                group.append(pick)
        while len(group) < size:
            pick = next((a for a in remaining if fits(group, a)), None)
            if pick is None:
                return None
            remaining.remove(pick)
            group.append(pick)
        groups.append(group)
    return groups


def draw_pool(commons: Commons, draw: Entry) -> list[Entry]:
    """Who a draw picks from: its explicit list, or the volunteers of its territory."""
    pool = draw.data["vivier"]
    if "liste" in pool:
        return [commons.entries[actor_id] for actor_id in pool["liste"]]
    place = territory().place_at_scale(draw.data["commune"], pool["criteres"]["territoire"])
    communes = set(territory().communes_in(place))
    return [a for a in commons.of_type("acteurs") if a.data.get("volontaire_tirage") and a.data["commune"] in communes]


def test_the_departmental_draw_is_a_draft_with_public_randomness(commons):
    draw = commons.entries["tirage-des-cooperations-vosgiennes-2027"]
    data = draw.data
    assert data["statut"] == "brouillon"
    assert data["vivier"]["criteres"]["territoire"] == "departement"
    assert data["groupes"] == {"nombre": 2, "taille": 5}
    assert {(q["categorie"]["champ"], q["categorie"]["valeur"], q["min_par_groupe"]) for q in data["quotas"]} == {
        ("pratique", "amateur", 1),
        ("pratique", "professionnel", 1),
        ("milieu", "rural", 1),
    }
    assert data["delai_reflexion_jours"] == 15
    drand = data["alea"]["drand"]
    assert drand["chaine"] == QUICKNET
    round_time = datetime.fromtimestamp(QUICKNET_GENESIS + (drand["ronde"] - 1) * QUICKNET_PERIOD, UTC)
    assert round_time.date() > TODAY, "the drand round must still be in the future"
    assert parse_instant(data["alea"]["des"]["date"]) <= round_time


DRAWS = ["tirage-des-cooperations-vosgiennes-2027", "tirage-de-la-saison-rurale-de-l-ouest-vosgien"]


@pytest.mark.parametrize("draw_id", DRAWS)
def test_each_draw_is_feasible_from_its_pool_of_volunteers(commons, draw_id):
    draw = commons.entries[draw_id]
    pool = draw_pool(commons, draw)
    assert all(a.data.get("volontaire_tirage") for a in pool)
    groups = compose_groups(pool, draw.data["groupes"]["nombre"], draw.data["groupes"]["taille"], draw.data["quotas"])
    assert groups is not None, f"no groups satisfy the quotas of {draw_id}"
    # More volunteers than seats, so the draw really chooses.
    assert len(pool) > draw.data["groupes"]["nombre"] * draw.data["groupes"]["taille"]


def test_one_draw_names_its_pool_one_is_complete_and_one_is_a_draft(commons):
    draws = commons.of_type("tirages")
    assert sum("liste" in d.data["vivier"] for d in draws) == 1
    # The complete one was played by scripts/demo_draw.py (tests/draw/test_draw_demo.py verifies it).
    assert sorted(d.data["statut"] for d in draws) == ["brouillon", "clos"]
    for draw in draws:
        assert draw.data.get("organise_par"), draw.id
