"""The issue-body parser, on GitHub's own rendered bodies and on bodies of our generated forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from github_format import render_issue_body

from maillage.issueforms.parse import (
    MAX_BODY_CHARS,
    parse_issue_body,
    questions,
    snake_case,
    split_options,
)
from maillage.issueforms.templates import issue_template
from maillage.model import default_schemas

FIXTURES = Path(__file__).parent / "fixtures" / "github-issue-forms"


@pytest.mark.parametrize("name", ["full-example", "paragraph-confusing-hashes"])
def test_github_fixtures_parse_to_the_expected_values(name: str) -> None:
    folder = FIXTURES / name
    template = yaml.safe_load((folder / "form.yml").read_text("utf-8"))
    body = (folder / "issue-body.md").read_text("utf-8")
    parsed = parse_issue_body(body, template)
    assert parsed.problems == []
    assert parsed.values == json.loads((folder / "expected.json").read_text("utf-8"))


def test_crlf_bodies_parse_like_lf_bodies() -> None:
    folder = FIXTURES / "full-example"
    template = yaml.safe_load((folder / "form.yml").read_text("utf-8"))
    body = (folder / "issue-body.md").read_text("utf-8")
    assert parse_issue_body(body.replace("\n", "\r\n"), template).values == parse_issue_body(body, template).values


def test_a_field_without_id_is_keyed_by_its_label_in_snake_case() -> None:
    assert snake_case("Checkbox without an id?") == "checkbox_without_an_id"


def acteur_answers() -> dict[str, str | list[str]]:
    return {
        "nom": "Compagnie du Fil tendu",
        "forme": "Organisation",
        "nature": "Structure culturelle",
        "commune": "88160",
        "echelle": "Département",
        "propose": ["du matériel technique (son, lumière, scène)", "un public"],
        "volontaire_tirage": ["Oui"],
        "texte": "Premier paragraphe.\n\n#### Un intertitre\n\n### Nature\n\nToujours le texte.",
    }


def test_our_generated_form_round_trips_through_githubs_format() -> None:
    template = issue_template(default_schemas().by_folder["acteurs"])
    parsed = parse_issue_body(render_issue_body(template, acteur_answers()), template)
    assert parsed.problems == []
    values = parsed.values
    assert values["nom"] == "Compagnie du Fil tendu"
    assert values["propose"] == "du matériel technique (son, lumière, scène), un public"
    assert values["volontaire_tirage"] == ["Oui"]
    assert values["consentement"] == []
    assert values["resume"] == ""  # _No response_
    # Headings typed inside a value, even one equal to an earlier label, stay in the value.
    assert values["texte"] == "Premier paragraphe.\n\n#### Un intertitre\n\n### Nature\n\nToujours le texte."


@pytest.mark.parametrize("entry_type", default_schemas().types, ids=lambda t: t.folder)
def test_every_generated_form_parses_an_empty_issue(entry_type) -> None:
    template = issue_template(entry_type)
    parsed = parse_issue_body(render_issue_body(template, {}), template)
    assert parsed.problems == []
    assert set(parsed.values) == {q.key for q in questions(template)}


def test_a_missing_section_is_reported_in_french() -> None:
    template = issue_template(default_schemas().by_folder["acteurs"])
    body = render_issue_body(template, acteur_answers()).replace("### Nature\n\nStructure culturelle\n\n", "")
    parsed = parse_issue_body(body, template)
    assert parsed.problems == [
        "la rubrique « Nature » est introuvable : ne supprimez ni ne renommez les titres « ### » du formulaire"
    ]
    assert parsed.values == {}


def test_an_extra_section_inside_a_one_line_answer_is_reported() -> None:
    template = issue_template(default_schemas().by_folder["acteurs"])
    body = render_issue_body(template, acteur_answers()).replace(
        "### Commune\n\n88160", "### Commune\n\n88160\n\n### Ma rubrique\n\nautre chose"
    )
    parsed = parse_issue_body(body, template)
    assert len(parsed.problems) == 1
    assert "« Commune » contient du texte inattendu (« ### Ma rubrique »)" in parsed.problems[0]


def test_text_before_the_first_section_is_reported() -> None:
    template = issue_template(default_schemas().by_folder["outils"])
    parsed = parse_issue_body("Bonjour !\n\n" + render_issue_body(template, {}), template)
    assert parsed.problems == ["du texte a été ajouté avant la première rubrique du formulaire : retirez-le"]


def test_an_unknown_checkbox_line_is_reported() -> None:
    template = issue_template(default_schemas().by_folder["acteurs"])
    body = render_issue_body(template, acteur_answers()).replace("- [X] Oui", "- [X] Oui\n- [X] Peut-être")
    parsed = parse_issue_body(body, template)
    assert parsed.problems == [
        "la rubrique « Volontaire pour les tirages au sort » contient une case inconnue « - [X] Peut-être »"
    ]


def test_huge_bodies_are_refused_before_parsing() -> None:
    template = issue_template(default_schemas().by_folder["outils"])
    parsed = parse_issue_body("x" * (MAX_BODY_CHARS + 1), template)
    assert parsed.problems == [f"le ticket est trop long ({MAX_BODY_CHARS + 1} caractères, {MAX_BODY_CHARS} au plus)"]


def test_multiple_dropdown_options_containing_commas() -> None:
    options = ("un public", "du matériel technique (son, lumière, scène)", "des artistes")
    assert split_options("du matériel technique (son, lumière, scène), des artistes", options) == (
        ["du matériel technique (son, lumière, scène)", "des artistes"],
        [],
    )
    assert split_options("un public, des licornes, des artistes", options) == (
        ["un public", "des artistes"],
        ["des licornes"],
    )
    assert split_options("", options) == ([], [])
