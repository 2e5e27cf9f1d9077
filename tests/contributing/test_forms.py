"""The shared schema → form module: fields derived from the schemas, values converted both ways."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import pytest

from maillage.forms import data_from_form, find_field, form_fields, iter_leaves, values_from_data
from maillage.forms.moments import at_local_time
from maillage.model import default_schemas, load_commons, parse_document, render_entry, validate_entry

ROOT = Path(__file__).resolve().parents[2]

ACTEUR = default_schemas().by_folder["acteurs"]
PROJET = default_schemas().by_folder["projets"]
TIRAGE = default_schemas().by_folder["tirages"]


def names(entry_type) -> set[str]:
    """Every dotted name of a type's form, groups included."""
    found: set[str] = set()

    def walk(fields) -> None:
        for field in fields:
            found.add(field.name)
            walk(field.children)

    walk(form_fields(entry_type))
    return found


def test_machine_fields_are_left_out() -> None:
    assert "schema_version" not in names(ACTEUR)
    assert "provenance" not in names(ACTEUR)
    assert not {"engagements", "graine", "resultat", "journal"} & names(TIRAGE)
    assert {"titre", "vivier.criteres.categories", "alea.des.temoins"} <= names(TIRAGE)


def test_kinds_labels_and_choices_come_from_the_schemas() -> None:
    fields = form_fields(ACTEUR)
    nom = find_field(fields, "nom")
    assert (nom.kind, nom.label, nom.required, nom.max_length) == ("text", "Nom", True, 200)
    nature = find_field(fields, "nature")
    assert nature.kind == "select"
    assert ("collectif_habitants", "Collectif d'habitants") in nature.choices
    assert find_field(fields, "disciplines").kind == "checkboxes"
    assert ("amateur", "Amateur") in find_field(fields, "univers.pratique").choices
    courriel = find_field(fields, "contact.courriel")
    assert (courriel.kind, courriel.personal) == ("email", True)
    assert find_field(fields, "volontaire_tirage").kind == "boolean"
    assert find_field(fields, "consentement.date").kind == "date"
    assert find_field(fields, "site_web").kind == "url"
    acteurs = find_field(form_fields(PROJET), "acteurs")
    assert (acteurs.kind, acteurs.required) == ("repeat", True)
    assert [(c.name, c.kind, c.reference_folder) for c in acteurs.children] == [
        ("acteurs.acteur", "reference", "acteurs"),
        ("acteurs.role", "select", None),
    ]
    outils = find_field(form_fields(default_schemas().by_folder["outils"]), "etapes")
    assert outils.kind == "lines"
    rencontres = form_fields(default_schemas().by_folder["rencontres"])
    assert find_field(rencontres, "participants").reference_folder == "acteurs"
    assert find_field(rencontres, "debut").kind == "datetime"
    assert find_field(form_fields(default_schemas().by_folder["experiences"]), "deroulement").kind == "textarea"


@pytest.mark.parametrize("entry_type", default_schemas().types, ids=lambda t: t.folder)
def test_every_field_has_a_french_label(entry_type) -> None:
    for field in iter_leaves(form_fields(entry_type)):
        assert field.label.strip(), field.name
        if field.kind in ("select", "checkboxes"):
            assert all(label for _, label in field.choices)


def test_data_from_form_types_values_and_drops_empty_ones() -> None:
    values = {
        "nom": ["  Théâtre de l'Œuf "],
        "forme": ["organisation"],
        "nature": ["association"],
        "commune": ["88160"],
        "echelle": ["commune"],
        "resume": [""],
        "univers.pratique": ["amateur"],
        "univers.milieu": [""],
        "disciplines": ["theatre", "danse", "theatre"],
        "volontaire_tirage": ["on"],
        "contact.courriel": ["contact@oeuf.example"],
        "identifiants.siren": [],
        "inconnu": ["ignored"],
    }
    data = data_from_form(ACTEUR, values)
    assert data == {
        "schema_version": 1,
        "nom": "Théâtre de l'Œuf",
        "forme": "organisation",
        "nature": "association",
        "univers": {"pratique": "amateur"},
        "disciplines": ["theatre", "danse"],
        "commune": "88160",
        "echelle": "commune",
        "volontaire_tirage": True,
        "contact": {"courriel": "contact@oeuf.example"},
    }
    document = parse_document(render_entry(data).encode(), "acteurs/x.md")
    assert validate_entry(ACTEUR, document) == []


def test_repeat_groups_lines_and_integers() -> None:
    values = {
        "titre": ["Fête"],
        "acteurs.1.acteur": ["compagnie-b"],
        "acteurs.1.role": ["partenaire"],
        "acteurs.0.acteur": ["compagnie-a"],
        "acteurs.0.role": ["porteur"],
        "acteurs.2.acteur": [""],
        "acteurs.x.acteur": ["not-an-index"],
        "outils": ["atelier-a\natelier-b, atelier-c"],
    }
    data = data_from_form(PROJET, values)
    assert data["acteurs"] == [
        {"acteur": "compagnie-a", "role": "porteur"},
        {"acteur": "compagnie-b", "role": "partenaire"},
    ]
    assert data["outils"] == ["atelier-a", "atelier-b", "atelier-c"]
    outil = data_from_form(
        default_schemas().by_folder["outils"],
        {
            "duree_minutes": [" 90 "],
            "etapes": ["Accueil\r\n\r\nTour de table\n"],
            "taille_groupe.min": ["dix"],
        },
    )
    assert outil["duree_minutes"] == 90
    assert outil["etapes"] == ["Accueil", "Tour de table"]
    assert outil["taille_groupe"] == {"min": "dix"}  # left as text: the validator reports it


def test_bad_input_never_raises() -> None:
    weird = {
        "nom": None,
        "forme": "organisation",
        "disciplines": [1, None, "danse"],
        "acteurs.99999.x": ["y"],
    }
    data = data_from_form(ACTEUR, weird)  # type: ignore[arg-type]
    assert data["forme"] == "organisation"
    assert data["disciplines"] == ["danse"]
    assert "nom" not in data


def without(data: dict, paths: list[tuple[str, ...]]) -> dict:
    """A copy of entry data without the fields at `paths` (at any depth: a consent's date)."""
    copy = deepcopy(data)
    for path in paths:
        parent = copy
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
    return copy


@pytest.mark.parametrize("entry_type", default_schemas().types, ids=lambda t: t.folder)
def test_values_from_data_round_trips(entry_type, tmp_path: Path) -> None:
    samples = {
        "acteurs": {
            "schema_version": 1,
            "nom": "Ana",
            "forme": "personne",
            "nature": "artiste",
            "univers": {"pratique": "amateur"},
            "disciplines": ["danse"],
            "commune": "88160",
            "echelle": "commune",
            "volontaire_tirage": False,
            "consentement": {"publication": True, "date": "2026-03-14"},
        },
        "outils": {
            "schema_version": 1,
            "titre": "World café",
            "categorie": "methode_animation",
            "objectif": "Faire parler.",
            "duree_minutes": 90,
            "etapes": ["Accueil", "Tables"],
            "licence": "CC-BY-4.0",
            "taille_groupe": {"min": 8},
        },
        "projets": {
            "schema_version": 1,
            "titre": "Fête",
            "statut": "idee",
            "commune": "88160",
            "echelle": "commune",
            "acteurs": [{"acteur": "ana", "role": "porteur"}],
        },
        "experiences": {
            "schema_version": 1,
            "titre": "Essai",
            "resultat": "mitige",
            "date": "2026-01-02",
            "commune": "88160",
            "deroulement": "Ligne 1\nLigne 2",
        },
        "rencontres": {
            "schema_version": 1,
            "titre": "Immersion",
            "type": "immersion",
            "debut": "2026-03-14T09:00:00+01:00",
            "fin": "2026-03-14T17:00:00+01:00",
            "lieu": {"commune": "88160"},
            "echelle": "commune",
            "places": 12,
        },
        "tirages": {
            "schema_version": 1,
            "titre": "Tirage",
            "statut": "brouillon",
            "commune": "88160",
            "echelle": "commune",
            "vivier": {"criteres": {"categories": [{"champ": "pratique", "valeur": "amateur"}]}},
            "groupes": {"nombre": 2, "taille": 4},
            "quotas": [{"categorie": {"champ": "milieu", "valeur": "rural"}, "min_par_groupe": 1}],
            "periode": {"debut": "2026-04-01", "fin": "2026-06-30"},
            "delai_reflexion_jours": 7,
            "alea": {"des": {"nombre": 3, "date": "2026-03-31T18:00:00+02:00", "temoins": ["A", "B"]}},
        },
    }
    # A type without a sample here (one added by a schema alone) round-trips its demo entries.
    # Fields no form shows (`x-masque: [formulaire]`: a picture, a census' provenance) are not in it.
    hidden = [path for path in default_schemas().hidden_fields(entry_type, "formulaire") if path != ("schema_version",)]
    demo = [without(e.data, hidden) for e in load_commons(ROOT / "content").of_type(entry_type.folder)]
    for data in [samples[entry_type.folder]] if entry_type.folder in samples else demo:
        values = values_from_data(entry_type, data)
        assert data_from_form(entry_type, values) == data


RENCONTRE = default_schemas().by_folder["rencontres"]


@pytest.mark.parametrize(("commune", "typed", "expected"), [
    ("97422", "2031-03-18 09:00", "2031-03-18T09:00:00+04:00"),  # Le Tampon: La Réunion's time
    ("29232", "2031-03-18T9h30", "2031-03-18T09:30:00+01:00"),  # Quimper in winter
    ("29232", "2031-07-18 09:00", "2031-07-18T09:00:00+02:00"),  # and in summer
    ("97422", "2031-03-18T09:00:00+01:00", "2031-03-18T09:00:00+01:00"),  # an offset typed is kept
    ("97422", "demain matin", "demain matin"),  # left for the validator to explain
])
def test_a_time_typed_without_offset_is_at_the_time_of_the_place(commune, typed, expected) -> None:
    values = {"titre": ["Kabar"], "type": ["atelier"], "debut": [typed], "fin": [typed],
              "lieu.commune": [commune], "echelle": ["commune"]}
    data = data_from_form(RENCONTRE, values)
    at_local_time(RENCONTRE, data, default_schemas())
    assert data["debut"] == data["fin"] == expected


def test_a_declared_zone_wins_over_the_place() -> None:
    values = {"debut": ["2031-03-18 09:00"], "fuseau": ["America/Cayenne"], "lieu.commune": ["97422"]}
    data = data_from_form(RENCONTRE, values)
    at_local_time(RENCONTRE, data, default_schemas())
    assert data["debut"] == "2031-03-18T09:00:00-03:00"
