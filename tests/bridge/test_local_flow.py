"""End to end with the local git forge, for real: form → queue → branch → review with the CLI."""

from __future__ import annotations

import re
from pathlib import Path

from bridge_helpers import ACTOR, SECRET, TOKEN, stamp_of, submit
from click.testing import CliRunner

from maillage.bridge.queue import ACCEPTED, PENDING, PROPOSED, REJECTED
from maillage.cli import main
from maillage.model import load_commons, parse_document


def send(client, url="/proposer/acteurs", fields=ACTOR):
    response = submit(client, url, fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_a_submission_becomes_a_branch_with_exactly_the_validated_file(client, repository):
    tracking = send(client)
    page = client.get(tracking)
    assert "Merci" in page.text and "en attente" in page.text
    bridge = client.bridge
    [submission] = bridge.queue.list(PENDING)
    assert submission.entry_id == "theatre-de-l-oeuf"
    assert submission.branch == f"contribution/{submission.id}-theatre-de-l-oeuf"
    assert bridge.worker.run_once() == 1
    assert "proposée" in client.get(tracking).text
    text = repository.git.show(f"{submission.branch}:content/acteurs/theatre-de-l-oeuf.md")
    assert text + "\n" == submission.file_text
    document = parse_document(text.encode(), "x.md")
    assert document.data["nom"] == "Théâtre de l'Œuf"
    assert document.data["disciplines"] == ["theatre", "danse"]
    assert document.body.strip() == "Une compagnie qui **joue** partout."
    # The working tree and the base branch are untouched until a maintainer accepts.
    assert not (Path(repository.working_dir) / "content/acteurs/theatre-de-l-oeuf.md").exists()
    assert repository.git.status("--porcelain") == ""


def test_resending_the_same_form_never_makes_a_second_submission(client, repository):
    page = client.get("/proposer/acteurs")
    data = {**ACTOR, "_tampon": stamp_of(page.text), "_action": "envoyer"}
    headers = {"origin": "http://testserver"}
    first = client.post("/proposer/acteurs", data=data, headers=headers, follow_redirects=False)
    second = client.post("/proposer/acteurs", data=data, headers=headers, follow_redirects=False)
    assert first.headers["location"] == second.headers["location"]
    assert len(client.bridge.queue.list()) == 1
    client.bridge.worker.run_once()
    client.bridge.worker.run_once(now=10**12)
    assert [b.name for b in repository.branches if b.name.startswith("contribution/")].__len__() == 1


def test_two_entries_with_the_same_title_get_distinct_ids(client):
    send(client)
    send(client)
    ids = sorted(s.entry_id for s in client.bridge.queue.list())
    assert ids == ["theatre-de-l-oeuf", "theatre-de-l-oeuf-2"]


def test_title_of_an_existing_entry_is_deduplicated(client):
    send(client, fields={**ACTOR, "nom": "Chorale À travers chants"})
    assert client.bridge.queue.list()[0].entry_id == "chorale-a-travers-chants-2"


def test_accept_merges_and_the_tracking_page_follows(client, repository, config, tmp_path):
    tracking = send(client)
    client.bridge.worker.run_once()
    [submission] = client.bridge.queue.list(PROPOSED)
    runner = CliRunner()
    config_file = str(tmp_path / "bridge.toml")
    env = {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN}
    listed = runner.invoke(main, ["contributions", "liste", "--config", config_file], env=env)
    assert submission.id in listed.output and "proposee" in listed.output
    shown = runner.invoke(main, ["contributions", "voir", submission.id, "--config", config_file], env=env)
    assert "+nom: Théâtre de l'Œuf" in shown.output
    accepted = runner.invoke(main, ["contributions", "accepter", submission.id, "--config", config_file], env=env)
    assert accepted.exit_code == 0, accepted.output
    merged = Path(repository.working_dir) / "content/acteurs/theatre-de-l-oeuf.md"
    assert merged.read_text("utf-8") == submission.file_text
    assert submission.branch not in [b.name for b in repository.branches]
    assert client.bridge.queue.get(submission.id).state == ACCEPTED
    assert "acceptée" in client.get(tracking).text
    commons = load_commons(Path(repository.working_dir) / "content")
    assert not commons.errors


def test_accept_works_on_a_bare_repository(tmp_path):
    import git
    from bridge_helpers import make_repository

    from maillage.bridge.forges.base import Change
    from maillage.bridge.forges.local import LocalForge

    source = make_repository(tmp_path / "source")
    bare = git.Repo.clone_from(source.working_dir, tmp_path / "nu.git", bare=True)
    forge = LocalForge(Path(bare.git_dir), "main", "Formulaire", "f@example.org")
    forge.propose(Change("contribution/x1-essai", "content/acteurs/essai.md", "---\nnom: essai\n---\n", False,
                         "t", "d", "m"))
    forge.accept("contribution/x1-essai", "Fusion")
    assert bare.git.show("main:content/acteurs/essai.md") == "---\nnom: essai\n---"


def test_reject_deletes_the_branch(client, repository, tmp_path):
    tracking = send(client)
    client.bridge.worker.run_once()
    [submission] = client.bridge.queue.list(PROPOSED)
    env = {"MAILLAGE_BRIDGE_SECRET": SECRET}
    result = CliRunner().invoke(
        main, ["contributions", "reject", submission.id, "--config", str(tmp_path / "bridge.toml")], env=env
    )
    assert result.exit_code == 0, result.output
    assert submission.branch not in [b.name for b in repository.branches]
    assert client.bridge.queue.get(submission.id).state == REJECTED
    assert "refusée" in client.get(tracking).text


def test_editing_an_entry_is_prefilled_and_proposes_a_diff(client, repository):
    page = client.get("/modifier/acteurs/chorale-a-travers-chants")
    assert page.status_code == 200
    assert 'value="Chorale À travers chants"' in page.text
    assert "chorale.atc@example.org" in page.text  # an organisation's contact is public anyway
    assert "sous le kiosque du parc thermal" in page.text
    fields = {
        "nom": "Chorale À travers chants",
        "forme": "organisation",
        "nature": "association",
        "commune": "88114",
        "echelle": "departement",
        "disciplines": "musique",
        "texte": "Nouveau texte.",
    }
    preview = submit(client, "/modifier/acteurs/chorale-a-travers-chants", fields, action="apercu")
    assert "-echelle: intercommunalite" in preview.text and "+echelle: departement" in preview.text
    send(client, "/modifier/acteurs/chorale-a-travers-chants", fields)
    [submission] = client.bridge.queue.list()
    assert submission.action == "modification" and submission.entry_id == "chorale-a-travers-chants"
    client.bridge.worker.run_once()
    diff = repository.git.diff(f"main...{submission.branch}")
    assert "+echelle: departement" in diff and "-echelle: intercommunalite" in diff


def test_errors_are_shown_in_french_next_to_the_fields_with_input_kept(client):
    fields = {**ACTOR, "commune": "88000", "site_web": "pas une adresse", "nom": "Compagnie <b>gras</b>"}
    response = submit(client, "/proposer/acteurs", fields)
    assert response.status_code == 422
    html = response.text
    assert 'id="champ-commune-erreur"' in html and "code postal" in html
    assert 'aria-invalid="true"' in html
    assert 'value="pas une adresse"' in html
    assert "Compagnie &lt;b&gt;gras&lt;/b&gt;" in html
    assert 'href="#champ-site_web"' in html
    assert client.bridge.queue.list() == []


def test_missing_required_fields_are_reported(client):
    response = submit(client, "/proposer/acteurs", {"nom": "Quelqu'un"})
    assert response.status_code == 422
    for field in ("forme", "nature", "commune", "echelle"):
        assert f'id="champ-{field}-erreur"' in response.text
        assert f"champ obligatoire « {field} » manquant" in response.text


def test_a_person_needs_consent_and_contact_travels_only_with_consent(client):
    person = {
        "nom": "Camille Martin",
        "forme": "personne",
        "nature": "artiste",
        "commune": "Épinal",
        "echelle": "commune",
        "contact.courriel": "camille@example.org",
        "contact.telephone": "06 00 00 00 00",
    }
    refused = submit(client, "/proposer/acteurs", person)
    assert refused.status_code == 422 and "Accepte la publication de sa fiche" in refused.text
    send(client, fields={**person, "consentement.publication": "true"})
    without_contact = client.bridge.queue.list()[0].file_text
    assert "camille@example.org" not in without_contact and "06 00" not in without_contact
    assert "publication: true" in without_contact and "recueilli_par: formulaire en ligne" in without_contact
    send(client, fields={**person, "consentement.publication": "true", "consentement.contact": "true"})
    with_contact = client.bridge.queue.list()[1].file_text
    assert "courriel: camille@example.org" in with_contact


def test_people_are_edited_without_showing_their_contact_details(client):
    hidden, unknown = client.get("/modifier/acteurs/julien-perrin"), client.get("/modifier/acteurs/inconnu")
    assert hidden.status_code == unknown.status_code == 404  # no consent: as if it did not exist
    page = client.get("/modifier/acteurs/lea-marchal")
    assert page.status_code == 200 and "Léa Marchal" in page.text
    assert "lea.marchal@example.org" not in page.text
    fields = {
        "nom": "Léa Marchal",
        "forme": "personne",
        "nature": "artiste",
        "commune": "88181",
        "echelle": "region",
    }
    send(client, "/modifier/acteurs/lea-marchal", fields)
    text = client.bridge.queue.list()[0].file_text
    assert "courriel: lea.marchal@example.org" in text  # not shown: kept
    assert "recueilli_par: Fédération vosgienne des pratiques amateurs, par courriel" in text  # never rewritten
    assert "echelle: region" in text


def test_rows_are_added_without_javascript(client):
    page = client.get("/proposer/projets")
    assert page.text.count('name="acteurs.0.acteur"') == 1 and 'name="acteurs.1.acteur"' not in page.text
    response = submit(client, "/proposer/projets", {"titre": "Projet", "acteurs.0.acteur": "chorale-a-travers-chants"},
                      action="ajouter:acteurs")
    assert response.status_code == 200
    assert 'name="acteurs.1.acteur"' in response.text
    assert 'value="chorale-a-travers-chants"' in response.text
    assert 'name="_lignes.acteurs" value="2"' in response.text


def test_repeat_rows_and_references_reach_the_file(client):
    fields = {
        "titre": "Résidence croisée",
        "statut": "en_cours",
        "commune": "Épinal",
        "echelle": "commune",
        "acteurs.0.acteur": "",
        "acteurs.1.acteur": "chorale-a-travers-chants",
        "acteurs.1.role": "porteur",
        "acteurs.2.acteur": "compagnie-du-fil-tendu",
        "acteurs.2.role": "partenaire",
    }
    preview = submit(client, "/proposer/projets", fields, action="apercu")
    if preview.status_code != 200:
        raise AssertionError(preview.text)
    send(client, "/proposer/projets", fields)
    text = client.bridge.queue.list()[0].file_text
    assert "- acteur: chorale-a-travers-chants\n  role: porteur" in text


def test_unknown_reference_is_reported(client):
    fields = {"titre": "Projet", "statut": "en_cours", "commune": "Épinal", "echelle": "commune",
              "acteurs.0.acteur": "chorale-a-travers-chant", "acteurs.0.role": "porteur"}
    response = submit(client, "/proposer/projets", fields)
    assert response.status_code == 422
    assert "aucune fiche « chorale-a-travers-chant »" in response.text
    assert "chorale-a-travers-chants" in response.text


def test_health_and_security_headers(client):
    health = client.get("/sante")
    assert health.json()["etat"] == "ok"
    page = client.get("/proposer/outils")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text  # the only script is the external, same-origin one
    assert re.search(r"\son[a-z]+\s*=", page.text) is None  # no inline event handler


def test_unknown_pages_are_french_and_plain(client):
    assert "introuvable" in client.get("/nulle-part").text.lower()
    assert client.get("/proposer/inconnus").status_code == 404
    assert client.get("/modifier/acteurs/n-existe-pas").status_code == 404
    assert client.get("/suivi/faux-jeton").status_code == 404


def test_editing_a_draw_keeps_the_fields_the_form_does_not_show(demo_client):
    from maillage.forms import values_from_data
    from maillage.forms.communes import answers_from_codes

    client = demo_client
    content = Path(client.bridge.config.service.contenu)
    entry_id = next(e.id for e in load_commons(content).of_type("tirages") if "graine" not in e.data)
    path = content / "tirages" / f"{entry_id}.md"
    text = path.read_text("utf-8")
    # Filled by `maillage tirage` only: the seed and the commitments' version.
    seed = "graine: " + "ab" * 32 + "\nengagements:\n  version: \"0.1.0\"\n"
    path.write_text(text.replace("\n---\n", "\n" + seed + "---\n", 1), "utf-8")
    client.bridge.commons.refresh()  # now rather than within 5 seconds
    commons = load_commons(content)
    entry = commons.entries[entry_id]
    assert not commons.errors
    hidden = {k: v for k, v in entry.data.items() if k in ("engagements", "graine", "resultat", "journal")}
    assert set(hidden) == {"graine", "engagements"}
    values = values_from_data(entry.type, entry.data, commons.schemas)
    answers_from_codes(entry.type, values, commons.schemas)  # as the edit form shows them
    values["titre"] = [f"{entry.title} (corrigé)"]
    send(client, f"/modifier/tirages/{entry_id}", {**values, "texte": entry.body})
    document = parse_document(client.bridge.queue.list()[0].file_text.encode(), "t.md")
    assert document.data["titre"].endswith("(corrigé)")
    for key, value in hidden.items():
        assert document.data[key] == value


def test_reference_search_lists_only_publishable_entries(client):
    found = client.get("/references/acteurs?q=e").json()
    ids = {item["id"] for item in found}
    assert "lea-marchal" in ids and "julien-perrin" not in ids  # no consent: never listed
    page = client.get("/proposer/projets").text
    assert '<option value="lea-marchal">' in page and "julien-perrin" not in page
    assert client.get("/references/inconnus").status_code == 404


def test_the_worker_holds_back_when_too_many_proposals_are_open(client):
    from dataclasses import replace

    from maillage.bridge.worker import Worker

    send(client)
    send(client, fields={**ACTOR, "nom": "Autre troupe"})
    bridge = client.bridge
    config = replace(bridge.config, limites=replace(bridge.config.limites, propositions_ouvertes_max=1))
    worker = Worker(bridge.queue, bridge.forge, config)
    assert worker.run_once() == 1
    assert worker.run_once(now=10**12) == 0
    assert len(bridge.queue.list(PENDING)) == 1 and "trop de propositions" in bridge.queue.list(PENDING)[0].last_error


def test_head_requests_answer_like_get(client):
    assert client.head("/proposer/acteurs").status_code == 200
    assert client.head("/modifier/acteurs/chorale-a-travers-chants").status_code == 200


def test_hidden_contact_details_never_show_in_an_edit_preview(client, repository):
    path = Path(repository.working_dir) / "content/acteurs/camille-secret.md"
    path.write_text(
        '---\nschema_version: 1\nnom: "Camille Secret"\nforme: personne\nnature: artiste\ncommune: "88160"\n'
        'echelle: commune\ncontact:\n  courriel: "cache@example.org"\nconsentement:\n  publication: true\n'
        '  contact: false\n  date: "2026-01-01"\n---\n\nTexte.\n',
        "utf-8",
    )
    client.bridge.commons.refresh()
    url = "/modifier/acteurs/camille-secret"
    assert "cache@example.org" not in client.get(url).text
    fields = {"nom": "Camille Secret", "forme": "personne", "nature": "artiste", "commune": "Épinal",
              "echelle": "region", "consentement.publication": "true", "texte": "Texte."}
    preview = submit(client, url, fields, action="apercu")
    assert preview.status_code == 200, preview.text
    assert "+echelle: region" in preview.text
    assert "cache@example.org" not in preview.text
    # Switching contact consent on is the person's and the team's decision, never a stranger's.
    refused = submit(client, url, {**fields, "consentement.contact": "true"}, action="apercu")
    assert refused.status_code == 422 and "Le consentement d&#39;une personne ne se modifie pas" in refused.text
    assert "cache@example.org" not in refused.text
