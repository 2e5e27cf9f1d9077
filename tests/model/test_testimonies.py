"""Témoignages: a type whose entries are each a person's words about a past rencontre
(`x-temoignage`), published under a first name or pseudonym with the consent recorded (`x-personne`
without a field: every entry is a person's)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from maillage.model import (
    SchemaDefinitionError,
    default_schemas,
    is_person,
    load_commons,
    load_schemas,
    render_entry,
)
from maillage.model.commons import consent_record
from maillage.model.schemas import schemas_dir

DEMO = Path(__file__).resolve().parents[2] / "content"
TESTIMONY = default_schemas().by_folder["temoignages"]


def write_testimony(content: Path, name: str, **changes: object) -> Path:
    fields = {
        "schema_version": 1,
        "titre": "Une soirée qui m'a fait changer d'avis",
        "rencontre": "speed-meeting-des-univers-a-la-filature",
        "recit": "J'y suis allée sans conviction.\n\nJ'en suis repartie avec trois contacts.",
        "signature": "Louise",
        "consentement": {"publication": True, "date": "2026-10-16", "recueilli_par": "formulaire en ligne"},
    } | changes
    path = content / "temoignages" / f"{name}.md"
    path.write_text(render_entry(fields, ""), "utf-8")
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The demo's rencontres, actors and tools (the targets), and an empty testimonies folder."""
    for folder in ("rencontres", "acteurs", "outils", "projets", "images"):
        shutil.copytree(DEMO / folder, tmp_path / "content" / folder)
    (tmp_path / "content" / "temoignages").mkdir()
    return tmp_path / "content"


def test_the_type_is_read_from_its_schema() -> None:
    rule = TESTIMONY.testimony
    assert rule is not None
    assert (rule.target, rule.folder, rule.text, rule.signature) == (("rencontre",), "rencontres", ("recit",),
                                                                     ("signature",))
    # Every testimony is a person's: published only with the consent it records.
    assert TESTIMONY.person is not None and TESTIMONY.person.field is None
    assert is_person(TESTIMONY, {})


def problems(content: Path) -> list:
    """The problems of the testimonies (the demo's targets have their own warnings)."""
    return [p for p in load_commons(content).problems if "/temoignages/" in p.path]


def test_a_testimony_written_after_the_rencontre_began_is_valid_and_published(content: Path) -> None:
    write_testimony(content, "louise")
    assert [p.format() for p in problems(content)] == []
    assert load_commons(content).entries["louise"].publishable


def test_a_testimony_dated_before_its_rencontre_is_refused_with_file_line_and_field(content: Path) -> None:
    path = write_testimony(content, "trop-tot", consentement={"publication": True, "date": "2026-10-01"})
    [problem] = problems(content)
    assert Path(problem.path).resolve() == path.resolve()
    assert (problem.line, problem.field) == (4, "rencontre")
    assert problem.message == (
        "« rencontre » : un témoignage porte sur une rencontre passée ; « Speed-meeting des univers à La "
        "Filature » commence le 15 octobre 2026, après la date du témoignage (1er octobre 2026) : attendez "
        "qu'elle ait eu lieu"
    )


def test_without_consent_a_testimony_is_published_nowhere(content: Path) -> None:
    write_testimony(content, "sans-accord", consentement={"publication": False, "date": "2026-10-16"})
    assert not load_commons(content).entries["sans-accord"].publishable
    [warning] = problems(content)
    assert "sans consentement de publication" in warning.message and warning.field == "consentement"


@pytest.mark.parametrize("signature", ["louise@example.org", "<b>Louise</b>", " Louise", "Louise\nDupont"])
def test_a_signature_holds_no_address_nor_markup(content: Path, signature: str) -> None:
    write_testimony(content, "signee", signature=signature)
    [problem] = problems(content)
    assert problem.field == "signature"


def test_a_consent_recorded_by_a_form_has_only_the_answers_the_type_asks() -> None:
    """A testimony has no contact details: its consent records no `contact` answer."""
    schemas = default_schemas()
    record = consent_record(TESTIMONY, schemas, False, "2026-10-16", "formulaire en ligne")
    assert record == {"publication": True, "date": "2026-10-16", "recueilli_par": "formulaire en ligne"}
    actors = schemas.by_folder["acteurs"]
    assert consent_record(actors, schemas, True, "2026-10-16", "x")["contact"] is True


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"sur": "genre", "texte": "titre", "signature": "titre"}, "le champ « genre » ne cite pas une fiche"),
        ({"sur": "hote", "texte": "recit", "signature": "titre"}, "le champ « recit » n'existe pas"),
        ({"sur": "hote", "texte": "titre"}, "« x-temoignage » : valeur de la mauvaise forme"),
    ],
)
def test_a_bad_testimony_key_is_a_french_error(tmp_path: Path, rule: dict, expected: str) -> None:
    folder = tmp_path / "schemas"
    shutil.copytree(schemas_dir(), folder, ignore=shutil.ignore_patterns("*.md"))
    atelier = {
        "title": "Atelier",
        "type": "object",
        "x-temoignage": rule,
        "properties": {
            "schema_version": {"$ref": "communs.schema.json#/$defs/schema_version"},
            "titre": {"title": "Titre", "$ref": "communs.schema.json#/$defs/texte_court"},
            "genre": {"title": "Genre", "type": "string", "enum": ["bois", "metal"]},
            "hote": {"$ref": "communs.schema.json#/$defs/identifiant_fiche", "x-reference": "acteurs"},
        },
    }
    (folder / "atelier.schema.json").write_text(json.dumps(atelier, ensure_ascii=False), "utf-8")
    with pytest.raises(SchemaDefinitionError, match=re.escape(expected)):
        load_schemas(folder)


@pytest.mark.parametrize(("field", "text", "what"), [
    ("recit", "Appelez-moi au 06 12 34 56 78 pour la prochaine sortie.", "un numéro de téléphone"),
    ("recit", "Mon numéro : 06.12.34.56.78", "un numéro de téléphone"),
    ("recit", "Joignable au +33 (0)3 29 12 34 56.", "un numéro de téléphone"),
    ("recit", "À La Réunion : +262 692 12 34 56, ou 0692123456.", "un numéro de téléphone"),
    ("recit", "En Guadeloupe, 0590 12 34 56 le soir.", "un numéro de téléphone"),
    ("recit", "Écrivez-moi : louise.martin@exemple.fr", "une adresse électronique"),
    ("recit", "À Nouméa, appelez le 27 12 34 après 18 h.", "un numéro de téléphone"),
    ("recit", "À Papeete : 87.12.34.56, le matin.", "un numéro de téléphone"),
    ("recit", "Écrivez à louise [at] exemple [point] fr", "une adresse électronique"),
    ("recit", "Mon adresse : louise arobase exemple point fr", "une adresse électronique"),
    ("recit", "Louise (louise @ exemple.fr)", "une adresse électronique"),
    ("titre", "Louise, 07 98 76 54 32", "un numéro de téléphone"),
    ("signature", "Louise 0612345678", "un numéro de téléphone"),
])
def test_a_testimony_publishes_no_phone_number_nor_email_address(
    content: Path, field: str, text: str, what: str
) -> None:
    """Words of someone without an account are published as written (`x-sans-coordonnees`): contact
    details in them would be a person's, published without the consent `x-personnel` asks."""
    path = write_testimony(content, "coordonnees", **{field: text})
    [problem] = problems(content)
    assert Path(problem.path).resolve() == path.resolve()
    line = next(i for i, row in enumerate(path.read_text("utf-8").splitlines(), 1) if row.startswith(f"{field}:"))
    assert (problem.field, problem.line) == (field, line)
    assert problem.message == (
        f"« {field} » : ce texte contient {what} ; il est publié tel quel, et les coordonnées d'une personne "
        "ne le sont qu'avec son accord : retirez-le"
    )


def test_dates_prices_codes_and_words_are_not_taken_for_contact_details(content: Path) -> None:
    write_testimony(content, "chiffres", recit="Le 16/10/2026 à 20 h 30, 88000 Épinal (code 88160), 12,50 €, "
                                               "1 202 communes, 250 000 visiteurs, 2026-10-16, les 25 26 27 "
                                               "juillet, 21 19 18 points, rendez-vous au point de vue.")
    assert [p.format() for p in problems(content)] == []
