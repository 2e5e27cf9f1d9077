"""Issue → entry: a valid issue gives a valid entry file; each kind of bad input a French comment."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from github_format import render_issue_body

from maillage.cli import main
from maillage.issueforms.build import build_entry_from_issue
from maillage.issueforms.parse import MAX_BODY_CHARS
from maillage.issueforms.run import (
    COMMENT_FILE,
    PR_BODY_FILE,
    PR_TITLE_FILE,
    IssueRequest,
    handle_issue,
    markdown_inline,
    request_from_event,
)
from maillage.issueforms.templates import issue_template, render_templates
from maillage.model import default_schemas, load_commons, read_document
from maillage.model.communes import commune_label
from maillage.model.settings import load_settings
from maillage.model.territory import Scope, territory

ACTEUR = default_schemas().by_folder["acteurs"]
PROJET = default_schemas().by_folder["projets"]
TODAY = date(2026, 3, 14)


def acteur(**changes: str | list[str]) -> dict[str, str | list[str]]:
    answers: dict[str, str | list[str]] = {
        "nom": "Théâtre de l'Œuf",
        "forme": "Organisation",
        "nature": "Association",
        "commune": "Épinal",
        "echelle": "Commune",
        "univers-pratique": "Amateur",
        "disciplines": ["Théâtre", "Arts de la rue"],
        "propose": ["du matériel technique (son, lumière, scène)", "un public"],
        "volontaire_tirage": ["Oui"],
        "contact-courriel": "bonjour@oeuf.example",
        "texte": "La troupe joue dans les villages.\n\n#### Nos spectacles\n\n- Le petit œuf",
    }
    answers.update(changes)
    return answers


def build(entry_type, answers, content: Path, number: int = 7, scope=None, today: date = TODAY):
    template = issue_template(entry_type, scope=scope)
    body = render_issue_body(template, answers)
    return build_entry_from_issue(entry_type, body, template, content, issue_number=number, today=today, scope=scope)


def test_a_valid_issue_becomes_a_valid_entry(content: Path) -> None:
    outcome = build(ACTEUR, acteur(), content)
    assert outcome.ok, outcome.problems
    assert outcome.entry_id == "theatre-de-l-oeuf"
    assert outcome.path == (content / "acteurs" / "theatre-de-l-oeuf.md").resolve()
    document = read_document(outcome.path, "x.md")
    assert document.data == {
        "schema_version": 1,
        "nom": "Théâtre de l'Œuf",
        "forme": "organisation",
        "nature": "association",
        "univers": {"pratique": "amateur"},
        "disciplines": ["theatre", "arts_de_la_rue"],
        "commune": "88160",
        "echelle": "commune",
        "propose": ["materiel_technique", "public"],
        "volontaire_tirage": True,
        "contact": {"courriel": "bonjour@oeuf.example"},
    }
    assert "#### Nos spectacles" in document.body
    assert not load_commons(content).errors


def test_a_project_with_repeat_lines_references_and_labels(content: Path) -> None:
    answers = {
        "titre": "Fête des villages",
        "statut": "En cours",
        "commune": "epinal",
        "echelle": "Commune",
        "acteurs": "compagnie-du-fil-tendu ; Porteur",
        "outils": "world-cafe",
        "date_debut": "2026-05-01",
    }
    outcome = build(PROJET, answers, content)
    assert outcome.ok, outcome.problems
    data = read_document(outcome.path, "x.md").data
    assert data["acteurs"] == [{"acteur": "compagnie-du-fil-tendu", "role": "porteur"}]
    assert data["outils"] == ["world-cafe"]
    assert data["statut"] == "en_cours"


def test_the_slug_is_deduplicated_against_every_type(content: Path) -> None:
    first = build(ACTEUR, acteur(nom="World café"), content)
    assert first.entry_id == "world-cafe-2"  # an outil already has the id world-cafe
    second = build(ACTEUR, acteur(nom="World  Café !"), content)
    assert second.entry_id == "world-cafe-3"


def test_a_title_made_to_escape_content_stays_inside(content: Path) -> None:
    outcome = build(ACTEUR, acteur(nom="../../../etc/passwd"), content)
    assert outcome.ok
    assert outcome.entry_id == "etc-passwd"
    assert outcome.path.parent == (content / "acteurs").resolve()


def test_a_title_without_letters_is_refused(content: Path) -> None:
    outcome = build(ACTEUR, acteur(nom="../.."), content)
    assert not outcome.ok
    assert outcome.problems == [
        "« Nom » doit contenir au moins une lettre ou un chiffre : c'est de là que vient l'adresse de la fiche"
    ]
    assert sorted(p.name for p in (content / "acteurs").iterdir()) == ["compagnie-du-fil-tendu.md"]


def test_a_reference_to_a_missing_actor_is_refused_and_no_file_is_left(content: Path) -> None:
    answers = {
        "titre": "Fête",
        "statut": "Idée",
        "commune": "88000 Épinal",
        "echelle": "Commune",
        "acteurs": "compagnie-du-fil-tendu ; porteur\ncompagnie-du-fil-tendue ; partenaire",
    }
    outcome = build(PROJET, answers, content)
    assert not outcome.ok
    assert outcome.problems == [
        "Acteurs impliqués : « acteurs.1.acteur » : aucune fiche « compagnie-du-fil-tendue » n'existe "
        "(vouliez-vous dire « compagnie-du-fil-tendu » ?)"
    ]
    assert not (content / "projets").exists() or not any((content / "projets").iterdir())


@pytest.mark.parametrize(
    ("field", "value", "found"),
    [
        ("texte", "Bonjour <script>alert(1)</script>", "« <script> »"),
        ("nom", "Le <b>gras</b>", "« <b> »"),
        ("texte", "[clic](javascript:alert(1))", "« javascript: »"),
        ("texte", "<!-- caché -->", "« <!-- »"),
        ("contact-adresse", '<img src=x onerror="alert(1)">', '« <img src=x onerror="alert(1)"> »'),
    ],
)
def test_html_and_script_are_refused(content: Path, field: str, value: str, found: str) -> None:
    outcome = build(ACTEUR, acteur(**{field: value}), content)
    assert not outcome.ok
    assert len(outcome.problems) == 1
    assert "contient du HTML ou un lien javascript" in outcome.problems[0]
    assert found in outcome.problems[0]


def test_markdown_autolinks_are_not_html(content: Path) -> None:
    outcome = build(ACTEUR, acteur(texte="Voir <https://oeuf.example> et 3 < 4 > 2."), content)
    assert outcome.ok, outcome.problems


def test_huge_values_are_refused_by_the_schema(content: Path) -> None:
    outcome = build(ACTEUR, acteur(nom="A" * 5000), content)
    assert not outcome.ok
    assert outcome.problems == ["Nom : « nom » est trop long (5000 caractères, 200 au plus)"]


def test_a_huge_issue_is_refused(content: Path) -> None:
    outcome = build(ACTEUR, acteur(texte="x" * MAX_BODY_CHARS), content)
    assert not outcome.ok
    assert outcome.problems[0].startswith("le ticket est trop long")


def test_unknown_choices_are_named(content: Path) -> None:
    template = issue_template(ACTEUR)
    body = render_issue_body(template, acteur()).replace("### Nature\n\nAssociation", "### Nature\n\nLicorne")
    outcome = build_entry_from_issue(ACTEUR, body, template, content)
    assert outcome.problems[0].startswith("la rubrique « Nature » : choix « Licorne » inconnu ; choix possibles : ")


def test_invalid_values_come_back_with_the_form_label(content: Path) -> None:
    outcome = build(ACTEUR, acteur(commune="Épinalle", **{"contact-courriel": "pas-une-adresse"}), content)
    assert not outcome.ok
    assert outcome.problems[0] == "Commune : aucune commune ne s'appelle « Épinalle » : vérifiez l'orthographe, ou " \
        "écrivez son code postal"
    assert outcome.problems[1] == (
        "Contact — Courriel : « contact.courriel » : « pas-une-adresse » n'est pas une adresse électronique valide "
        "(une seule adresse, sans espace ni « ? », par exemple contact@association.fr)"
    )


def test_a_person_needs_consent(content: Path) -> None:
    outcome = build(ACTEUR, acteur(forme="Personne", nature="Artiste", **{"contact-courriel": ""}), content)
    assert outcome.problems == [
        "la fiche décrit une personne : cochez « Accepte la publication de sa fiche » (avec son accord "
        "explicite), sinon elle ne peut pas être publiée"
    ]


def test_a_persons_contact_needs_its_own_consent(content: Path) -> None:
    answers = acteur(forme="Personne", nature="Artiste", consentement=["Accepte la publication de sa fiche"])
    outcome = build(ACTEUR, answers, content)
    assert not outcome.ok
    assert (
        "des coordonnées sont remplies sans que « Accepte la publication de ses coordonnées »" in (outcome.problems[0])
    )


def test_a_person_with_consent_is_dated_and_traced_to_the_issue(content: Path) -> None:
    answers = acteur(
        nom="Ana Martin",
        forme="Personne",
        nature="Artiste",
        consentement=["Accepte la publication de sa fiche", "Accepte la publication de ses coordonnées"],
    )
    outcome = build(ACTEUR, answers, content, number=42)
    assert outcome.ok, outcome.problems
    data = read_document(outcome.path, "x.md").data
    assert data["consentement"] == {
        "publication": True,
        "contact": True,
        "date": "2026-03-14",
        "recueilli_par": "formulaire de ticket n° 42",
    }


def test_consent_is_not_written_for_an_organisation(content: Path) -> None:
    outcome = build(ACTEUR, acteur(consentement=["Accepte la publication de sa fiche"]), content)
    assert outcome.ok
    assert "consentement" not in read_document(outcome.path, "x.md").data


def write_repository(root: Path, content: Path) -> Path:
    templates = root / ".github" / "ISSUE_TEMPLATE"
    templates.mkdir(parents=True)
    for name, text in render_templates().items():
        (templates / name).write_text(text, "utf-8")
    return templates


def event(body: str, labels: list[str], number: int = 12) -> dict:
    return {"action": "opened", "issue": {"number": number, "body": body, "labels": [{"name": n} for n in labels]}}


def test_request_from_event_reads_the_type_label() -> None:
    request = request_from_event(event("corps", ["nouvelle-fiche", "fiche:projets"]), default_schemas())
    assert request == IssueRequest(12, "corps", PROJET)
    assert request_from_event(event("x", ["nouvelle-fiche", "fiche:../../etc"]), default_schemas()).entry_type is None
    assert request_from_event({"issue": {"body": None, "labels": "oops"}}, default_schemas()).entry_type is None


def test_handle_issue_writes_the_pull_request_files(tmp_path: Path, content: Path) -> None:
    templates = write_repository(tmp_path, content)
    body = render_issue_body(issue_template(ACTEUR), acteur(nom="@everyone [Œuf](https://x) `rm`"))
    output = tmp_path / "sortie"
    result = handle_issue(IssueRequest(12, body, ACTEUR), templates, content, output, repository_root=tmp_path)
    assert (result.status, result.path, result.branch) == (
        "fiche",
        "content/acteurs/everyone-oeuf-https-x-rm.md",
        "fiche/ticket-12",
    )
    assert (output / PR_TITLE_FILE).read_text("utf-8") == "Nouvelle fiche acteur : @everyone [Œuf](https://x) `rm`"
    assert "Closes #12" in (output / PR_BODY_FILE).read_text("utf-8")
    comment = (output / COMMENT_FILE).read_text("utf-8")
    assert "@\u200beveryone \\[Œuf\\](https://x) \\`rm\\`" in comment


def test_handle_issue_comments_in_french_when_something_is_wrong(tmp_path: Path, content: Path) -> None:
    templates = write_repository(tmp_path, content)
    body = render_issue_body(issue_template(ACTEUR), acteur(nom="<script>x</script>"))
    output = tmp_path / "sortie"
    result = handle_issue(IssueRequest(3, body, ACTEUR), templates, content, output, repository_root=tmp_path)
    assert result.status == "erreur"
    comment = (output / COMMENT_FILE).read_text("utf-8")
    assert comment.startswith("Merci pour votre proposition ! Avant de pouvoir préparer la fiche")
    assert "\\<script\\>" in comment and "<script>" not in comment


def test_an_issue_without_type_label_is_ignored(tmp_path: Path, content: Path) -> None:
    result = handle_issue(IssueRequest(3, "", None), tmp_path, content, tmp_path / "sortie")
    assert result.status == "ignore"


def test_markdown_inline_neutralises_markup() -> None:
    assert markdown_inline("# @moi <b>|x|</b>\n!") == "\\# @\u200bmoi \\<b\\>\\|x\\|\\</b\\> \\!"


def test_cli_from_a_github_event_sets_step_outputs(tmp_path: Path, content: Path, monkeypatch) -> None:
    templates = write_repository(tmp_path, content)
    body = render_issue_body(issue_template(ACTEUR), acteur())
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event(body, ["nouvelle-fiche", "fiche:acteurs"])), "utf-8")
    outputs = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "issue-vers-fiche",
            "--evenement",
            str(event_file),
            "--modeles",
            str(templates),
            "--contenu",
            "content",
            "--sortie",
            str(tmp_path / "sortie"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert outputs.read_text("utf-8") == (
        "statut=fiche\nchemin=content/acteurs/theatre-de-l-oeuf.md\nbranche=fiche/ticket-12\n"
    )
    assert (content / "acteurs" / "theatre-de-l-oeuf.md").is_file()


def test_cli_from_a_body_file(tmp_path: Path, content: Path, monkeypatch) -> None:
    write_repository(tmp_path, content)
    body_file = tmp_path / "ticket.md"
    body_file.write_text(render_issue_body(issue_template(ACTEUR), acteur(commune="")), "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    result = CliRunner().invoke(main, ["tickets", "vers-fiche", "--corps", str(body_file), "--type", "acteurs"])
    assert result.exit_code == 0, result.output
    assert "statut=erreur" in result.output
    comment = (tmp_path / COMMENT_FILE).read_text("utf-8")
    assert "champ obligatoire « commune » manquant" in comment


def test_the_committed_templates_are_what_the_builder_reads() -> None:
    committed = Path(__file__).parents[2] / ".github" / "ISSUE_TEMPLATE" / "acteur.yml"
    demo = load_settings(Path(__file__).parents[2]).scope
    assert yaml.safe_load(committed.read_text("utf-8")) == issue_template(ACTEUR, scope=demo)


ARDENNES = Scope((territory().place("departement", "08"),))


def test_the_commune_is_asked_by_name_and_shown_by_name(content: Path) -> None:
    outcome = build(ACTEUR, acteur(commune="Sedan (08200)"), content, scope=ARDENNES)
    assert outcome.ok, outcome.problems
    assert read_document(outcome.path, "x.md").data["commune"] == "08409"
    assert outcome.communes == ["Commune : Sedan (08200) — CA Ardenne Métropole"]
    # Inside the Ardennes, the short form is enough.
    assert build(ACTEUR, acteur(nom="Deux", commune="Charleville"), content, scope=ARDENNES).communes == [
        "Commune : Charleville-Mézières (08000) — CA Ardenne Métropole"
    ]


def test_a_code_that_is_also_a_postal_code_comes_back_with_the_candidates(content: Path) -> None:
    outcome = build(ACTEUR, acteur(commune="08200"), content, scope=ARDENNES)
    assert not outcome.ok and not (content / "acteurs" / "theatre-de-l-oeuf.md").exists()
    problem = outcome.problems[0]
    assert problem.startswith("Commune : « 08200 » peut désigner plusieurs communes : écrivez le nom de la vôtre "
                              "avec son code postal, par exemple « Sedan (08200) ».")
    assert "  - Grivy-Loisy (08400) — CC de l'Argonne Ardennaise (son code INSEE est 08200)" in problem
    assert "  - Sedan (08200) — CA Ardenne Métropole" in problem


def test_every_postal_code_of_the_ardennes_typed_in_an_issue_is_settled_by_name_or_sent_back(content: Path) -> None:
    """The collision table of one whole département, through the issue form."""
    geo = territory()
    postal_codes = sorted({p for code in geo.commune_codes("08") for p in geo.commune(code).postal_codes})
    for number, postal in enumerate(postal_codes):
        outcome = build(ACTEUR, acteur(nom=f"Acteur {number}", commune=postal), content, scope=ARDENNES)
        served = [geo.commune(c) for c in geo.communes_for_postal_code(postal)]
        if outcome.ok:
            # Settled only when the code designates one commune, and then shown by name.
            [commune] = served
            assert not geo.is_commune(postal) or postal == commune.code
            assert outcome.communes == [f"Commune : {commune_label(commune)}"]
        else:
            assert all(commune_label(c) in outcome.problems[0] for c in served), postal
            if geo.is_commune(postal):
                assert f"(son code INSEE est {postal})" in outcome.problems[0]


def test_the_comment_lists_the_candidates_and_the_pull_request_names_the_commune(tmp_path: Path) -> None:
    root = tmp_path / "commun"
    (root / "content" / "acteurs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text('plugins:\n  - maillage:\n      territoire:\n        departements: ["08"]\n')
    templates = root / ".github" / "ISSUE_TEMPLATE"
    templates.mkdir(parents=True)
    for name, text in render_templates(scope=ARDENNES).items():
        (templates / name).write_text(text, "utf-8")
    template = issue_template(ACTEUR, scope=ARDENNES)
    ambiguous = IssueRequest(3, render_issue_body(template, acteur(commune="08300")), ACTEUR)
    result = handle_issue(ambiguous, templates, root / "content", tmp_path / "sortie", root, TODAY)
    comment = (tmp_path / "sortie" / COMMENT_FILE).read_text("utf-8")
    assert result.status == "erreur"
    assert "- Commune : « 08300 » peut désigner plusieurs communes" in comment
    assert "\n  - Rethel (08300) — CC du Pays Rethélois\n" in comment
    settled = IssueRequest(4, render_issue_body(template, acteur(commune="Rethel")), ACTEUR)
    result = handle_issue(settled, templates, root / "content", tmp_path / "sortie", root, TODAY)
    assert result.status == "fiche"
    assert "- Commune : Rethel (08300) — CC du Pays Rethélois" in (tmp_path / "sortie" / PR_BODY_FILE).read_text()


def test_a_time_typed_without_offset_in_an_issue_is_at_the_time_of_the_place(content: Path) -> None:
    rencontre = default_schemas().by_folder["rencontres"]
    reunion = Scope((territory().place("departement", "974"),))
    answers = {"titre": "Kabar au Tampon", "type": "Atelier", "debut": "2031-03-18 19:00",
               "fin": "2031-03-18 23:00", "lieu-commune": "Le Tampon", "echelle": "Commune"}
    outcome = build(rencontre, answers, content, scope=reunion)
    assert outcome.ok, outcome.problems
    data = read_document(outcome.path, "x.md").data
    assert (data["debut"], data["fin"], data["lieu"]["commune"]) == (
        "2031-03-18T19:00:00+04:00", "2031-03-18T23:00:00+04:00", "97422")


TEMOIGNAGE = default_schemas().by_folder["temoignages"]


@pytest.fixture
def demo_content(tmp_path: Path) -> Path:
    """The demo's rencontres and actors: what a testimony cites."""
    demo = Path(__file__).resolve().parents[2] / "content"
    for folder in ("rencontres", "acteurs", "outils", "projets", "images"):
        shutil.copytree(demo / folder, tmp_path / "content" / folder)
    return tmp_path / "content"


def temoignage(**changes: str | list[str]) -> dict[str, str | list[str]]:
    answers: dict[str, str | list[str]] = {
        "rencontre": "speed-meeting-des-univers-a-la-filature",
        "titre": "Sept minutes suffisent",
        "recit": "J'ai parlé avec une régisseuse et un élu.\n\nÀ refaire.",
        "signature": "Mado",
        "role": "Dans le public",
        "consentement": ["J'accepte que ce témoignage soit publié avec ma signature"],
    }
    answers.update(changes)
    return answers


def test_the_testimony_issue_form_asks_its_own_consent_and_no_contact() -> None:
    template = issue_template(TEMOIGNAGE)
    [consent] = [e for e in template["body"] if e.get("id") == "consentement"]
    assert consent["type"] == "checkboxes"
    assert consent["attributes"]["label"] == "Votre accord"
    assert [o["label"] for o in consent["attributes"]["options"]] == [
        "J'accepte que ce témoignage soit publié avec ma signature"]
    ids = {e.get("id") for e in template["body"]}
    assert {"rencontre", "recit", "signature"} <= ids
    assert not any("contact" in (i or "") or "courriel" in (i or "") for i in ids)
    assert "texte" not in ids  # the words are « Votre témoignage », not a free Markdown body


def test_a_testimony_from_an_issue_records_consent_without_contact(demo_content: Path) -> None:
    outcome = build(TEMOIGNAGE, temoignage(), demo_content, number=51, today=date(2026, 10, 20))
    assert outcome.ok, outcome.problems
    data = read_document(outcome.path, "x.md").data
    assert data["consentement"] == {"publication": True, "date": "2026-10-20",
                                    "recueilli_par": "formulaire de ticket n° 51"}
    assert data["recit"] == "J'ai parlé avec une régisseuse et un élu.\n\nÀ refaire."


def test_a_testimony_needs_its_consent(demo_content: Path) -> None:
    outcome = build(TEMOIGNAGE, temoignage(consentement=[]), demo_content, today=date(2026, 10, 20))
    assert not outcome.ok
    assert "J'accepte que ce témoignage soit publié avec ma signature" in outcome.problems[0]


def test_a_testimony_about_a_rencontre_to_come_is_refused(demo_content: Path) -> None:
    outcome = build(TEMOIGNAGE, temoignage(rencontre="voyage-partage-a-bussang"), demo_content,
                    today=date(2026, 10, 20))
    assert not outcome.ok
    assert any("un témoignage porte sur une rencontre passée" in p and "19 juin 2027" in p
               for p in outcome.problems), outcome.problems
