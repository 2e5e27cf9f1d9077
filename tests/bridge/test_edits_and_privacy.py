"""What a stranger's edit through the web form can and cannot do.

- A person's consent record and personal details never change through the form.
- A person who may not be published is absent from every form, pre-fill, preview, diff and error,
  and the service answers for her exactly as for an entry that does not exist.
- An edit carries the version it was made from: built on an older version, it is carried onto
  the current one and never silently undoes a change; fields both sides changed are a three-way
  choice for the contributor, and for the maintainer when the entry changes after sending.
- Lists of choices keep the entry's order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bridge_helpers import ACTOR, SECRET, TOKEN, form_values, post_form, submit
from click.testing import CliRunner

from maillage.bridge.queue import PROPOSED
from maillage.cli import main
from maillage.model import parse_document

LEA = "/modifier/acteurs/lea-marchal"
CHORALE = "/modifier/acteurs/chorale-a-travers-chants"
SORTIE = "/modifier/rencontres/sortie-au-kiosque"
# A rencontre whose participants include a person who may not be published (julien-perrin).
SORTIE_TEXT = """---
schema_version: 1
titre: "Sortie au kiosque"
type: sortie_spectacle
debut: "2027-05-22T19:30:00+02:00"
fin: "2027-05-22T23:30:00+02:00"
lieu:
  commune: "88160"
echelle: commune
participants:
  - chorale-a-travers-chants
  - julien-perrin
  - lea-marchal
---

Une soirée au kiosque.
"""
ENV = {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN}


def queued(client) -> list:
    return client.bridge.queue.list()


def commit_change(repository, relative: str, old: str, new: str, client) -> None:
    """A maintainer changes an entry on the base branch meanwhile (and the service sees it)."""
    path = Path(repository.working_dir) / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    repository.git.add(relative)
    repository.index.commit("Changement d'une mainteneuse")
    client.bridge.commons.refresh()


# Consent is the maintainers' evidence ------------------------------------------------------------


def test_an_edit_of_a_person_never_rewrites_her_consent_record(client):
    page = client.get(LEA)
    for name in ("consentement.publication", "consentement.contact", "contact.courriel", "contact.adresse"):
        assert f'name="{name}"' not in page.text  # not shown, so not editable
    sent = post_form(client, LEA, page.text, {"echelle": "region"}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    data = parse_document(queued(client)[0].file_text.encode(), "x.md").data
    assert data["echelle"] == "region"
    assert data["consentement"] == {
        "publication": True, "contact": True, "date": "2026-02-02",
        "recueilli_par": "Fédération vosgienne des pratiques amateurs, par courriel",
    }


@pytest.mark.parametrize(
    "added",
    [
        {"contact.adresse": "1 rue du Guet, 88000 Épinal"},
        {"contact.telephone": "06 12 34 56 78"},
        {"consentement.publication": "true", "consentement.contact": "false"},
        {"forme": "organisation"},
    ],
    ids=["address", "phone", "consent-off", "no-longer-a-person"],
)
def test_a_stranger_cannot_change_a_persons_details_or_consent(client, added):
    page = client.get(LEA)
    refused = post_form(client, LEA, page.text, added)
    assert refused.status_code == 422
    assert "ne se modifie" in refused.text or "ne peut pas devenir" in refused.text
    assert queued(client) == []


def test_a_stranger_cannot_switch_contact_consent_on_and_add_an_address(client, repository):
    path = Path(repository.working_dir) / "content/acteurs/camille-discrete.md"
    path.write_text(
        '---\nschema_version: 1\nnom: "Camille Discrète"\nforme: personne\nnature: artiste\ncommune: "88160"\n'
        'echelle: commune\nconsentement:\n  publication: true\n  contact: false\n  date: "2026-01-01"\n'
        '  recueilli_par: "l\'équipe, en personne"\n---\n\nTexte.\n',
        "utf-8",
    )
    client.bridge.commons.refresh()
    url = "/modifier/acteurs/camille-discrete"
    page = client.get(url)
    attack = {"consentement.publication": "true", "consentement.contact": "true",
              "contact.adresse": "3 impasse des Espions, 88000 Épinal"}
    refused = post_form(client, url, page.text, attack)
    assert refused.status_code == 422
    assert "Le consentement d&#39;une personne ne se modifie pas" in refused.text
    assert "Les coordonnées d&#39;une personne ne se modifient pas" in refused.text
    assert queued(client) == []


def test_a_new_person_still_records_the_consent_given_in_the_form(client):
    person = {"nom": "Camille Martin", "forme": "personne", "nature": "artiste", "commune": "Épinal (88000)",
              "echelle": "commune", "consentement.publication": "true"}
    assert submit(client, "/proposer/acteurs", person, follow_redirects=False).status_code == 303
    assert "recueilli_par: formulaire en ligne" in queued(client)[0].file_text


# A person who may not be published is nowhere ----------------------------------------------------


def with_sortie(client, repository) -> None:
    path = Path(repository.working_dir) / "content/rencontres/sortie-au-kiosque.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(SORTIE_TEXT, "utf-8")
    client.bridge.commons.refresh()


def test_a_hidden_person_is_answered_for_as_if_she_did_not_exist(client):
    hidden = client.get("/modifier/acteurs/julien-perrin")
    unknown = client.get("/modifier/acteurs/julien-perrine")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.text.replace("julien-perrin", "ID") == unknown.text.replace("julien-perrine", "ID")


def test_the_edit_form_never_shows_a_hidden_participant_and_an_edit_keeps_her(client, repository):
    with_sortie(client, repository)
    page = client.get(SORTIE)
    assert page.status_code == 200
    assert "julien-perrin" not in page.text and "Julien Perrin" not in page.text
    preview = post_form(client, SORTIE, page.text, {"titre": "Sortie au kiosque à musique"}, action="apercu")
    assert preview.status_code == 200, preview.text
    assert "+titre: Sortie au kiosque à musique" in preview.text
    assert "julien-perrin" not in preview.text and "Julien Perrin" not in preview.text  # preview, diff
    sent = post_form(client, SORTIE, preview.text, {}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    proposed = parse_document(queued(client)[0].file_text.encode(), "x.md").data
    # At her place, not lost.
    assert proposed["participants"] == ["chorale-a-travers-chants", "julien-perrin", "lea-marchal"]


def test_typing_a_hidden_id_gets_the_answer_of_an_unknown_one(client):
    rencontre = {"titre": "Atelier", "type": "atelier", "debut": "2027-03-14T09:00:00+01:00",
                 "fin": "2027-03-14T12:00:00+01:00", "lieu.commune": "Épinal (88000)", "echelle": "commune"}
    answers = {}
    for typed in ("julien-perrin", "julien-perrine"):
        response = submit(client, "/proposer/rencontres", {**rencontre, "participants": typed}, action="apercu")
        assert response.status_code == 422
        answers[typed] = [m.replace(typed, "ID") for m in re.findall(r"aucune fiche « [^»]+ » n&#39;existe[^<]*",
                                                                     response.text)]
    assert answers["julien-perrin"] == answers["julien-perrine"]
    assert set(answers["julien-perrin"]) == {"aucune fiche « ID » n&#39;existe"}  # no "did you mean" her


def test_a_new_entry_named_like_a_hidden_one_reveals_nothing(client):
    pages = []
    for name in ("Julien Perrin", "Julienne Perrine"):
        sent = submit(client, "/proposer/acteurs", {**ACTOR, "nom": name}, follow_redirects=False)
        assert sent.status_code == 303
        page = client.get(sent.headers["location"]).text
        pages.append(re.sub(r"/suivi/[\w-]+", "/suivi/JETON", page).replace(name, "NOM"))
    assert pages[0] == pages[1]
    assert "julien-perrin" not in pages[0]


# Edits carry their base version -------------------------------------------------------------------


def test_an_edit_from_an_older_form_never_undoes_a_change_made_since(client, repository):
    page = client.get(CHORALE)  # opened before the change below
    commit_change(repository, "content/acteurs/chorale-a-travers-chants.md",
                  "cinquante choristes", "soixante choristes", client)
    carried = post_form(client, CHORALE, page.text, {"echelle": "departement"})
    assert carried.status_code == 409  # never sent as it stands
    assert "La fiche a changé depuis que vous avez ouvert ce formulaire" in carried.text
    assert queued(client) == []
    assert "soixante choristes" in carried.text and "+echelle: departement" in carried.text
    sent = post_form(client, CHORALE, carried.text, {}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    data = parse_document(queued(client)[0].file_text.encode(), "x.md").data
    assert "soixante choristes" in data["resume"] and data["echelle"] == "departement"


def test_a_field_both_sides_changed_is_a_three_way_choice(client, repository):
    page = client.get(CHORALE)
    commit_change(repository, "content/acteurs/chorale-a-travers-chants.md",
                  "cinquante choristes", "soixante choristes", client)
    mine = form_values(page.text)["resume"][0].replace("cinquante choristes", "quarante choristes")
    conflict = post_form(client, CHORALE, page.text, {"resume": mine})
    assert conflict.status_code == 409 and "Champs modifiés des deux côtés" in conflict.text
    for shown in ("cinquante choristes", "quarante choristes", "soixante choristes"):  # base, mine, theirs
        assert shown in conflict.text
    assert 'name="_conflit.resume" value="mienne"' in conflict.text
    assert 'name="_conflit.resume" value="actuelle"' in conflict.text
    undecided = post_form(client, CHORALE, conflict.text, {}, action="envoyer")
    assert undecided.status_code == 409 and 'name="_conflit.resume"' in undecided.text  # asked again, not sent
    assert queued(client) == []
    chosen = post_form(client, CHORALE, undecided.text, {"_conflit.resume": "actuelle"}, action="apercu")
    assert chosen.status_code == 200, chosen.text
    assert "soixante choristes" in form_values(chosen.text)["resume"][0]  # the form holds the choice
    sent = post_form(client, CHORALE, chosen.text, {}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    assert "soixante choristes" in parse_document(queued(client)[0].file_text.encode(), "x.md").data["resume"]


def test_an_edit_without_its_base_version_is_not_sent(client):
    page = client.get(CHORALE)
    values = {k: v for k, v in form_values(page.text).items() if k != "_base"}
    response = client.post(CHORALE, data={**values, "_action": ["envoyer"]}, headers={"origin": "http://testserver"})
    assert response.status_code == 400 and queued(client) == []


def test_lists_of_choices_keep_the_entrys_order(client, repository):
    commit_change(repository, "content/acteurs/chorale-a-travers-chants.md",
                  "recherche: [lieu_repetition, artistes, formation]", "recherche: [formation, artistes]", client)
    page = client.get(CHORALE)
    preview = post_form(client, CHORALE, page.text, {"echelle": "departement"}, action="apercu")
    assert preview.status_code == 200
    diff = preview.text.split('class="diff">')[1].split("</pre>")[0]
    assert "recherche" not in diff and "formation" not in diff  # only the real change shows
    sent = post_form(client, CHORALE, preview.text, {}, follow_redirects=False)
    assert sent.status_code == 303
    assert parse_document(queued(client)[0].file_text.encode(), "x.md").data["recherche"] == ["formation", "artistes"]


def test_the_maintainer_sees_a_three_way_choice_when_the_entry_changed_after_sending(
    client, repository, tmp_path
):
    page = client.get(CHORALE)
    mine = form_values(page.text)["resume"][0].replace("cinquante choristes", "quarante choristes")
    assert post_form(client, CHORALE, page.text, {"resume": mine}, follow_redirects=False).status_code == 303
    # The forge was down; meanwhile a maintainer changed the same sentence.
    commit_change(repository, "content/acteurs/chorale-a-travers-chants.md",
                  "cinquante choristes", "soixante choristes", client)
    client.bridge.worker.run_once()
    [submission] = client.bridge.queue.list(PROPOSED)
    assert "resume" in submission.conflict and "soixante" in submission.conflict and "quarante" in submission.conflict
    config = str(tmp_path / "bridge.toml")
    runner = CliRunner()
    listed = runner.invoke(main, ["contributions", "liste", "--config", config], env=ENV)
    assert "conflit" in listed.output
    shown = runner.invoke(main, ["contributions", "voir", submission.id, "--config", config], env=ENV)
    assert "CONFLIT" in shown.output and "soixante" in shown.output and "cinquante" in shown.output
    refused = runner.invoke(main, ["contributions", "accepter", submission.id, "--config", config], env=ENV)
    assert refused.exit_code == 1 and "en conflit" in refused.output
    forced = runner.invoke(main, ["contributions", "accepter", submission.id, "--config", config, "--forcer"],
                           env=ENV)
    assert forced.exit_code == 0, forced.output


def test_an_edit_sent_before_an_unrelated_change_is_carried_onto_it(client, repository):
    page = client.get(CHORALE)
    assert post_form(client, CHORALE, page.text, {"echelle": "departement"}, follow_redirects=False).status_code == 303
    commit_change(repository, "content/acteurs/chorale-a-travers-chants.md",
                  "cinquante choristes", "soixante choristes", client)
    client.bridge.worker.run_once()
    [submission] = client.bridge.queue.list(PROPOSED)
    assert submission.conflict == ""
    proposed = repository.git.show(f"{submission.branch}:content/acteurs/chorale-a-travers-chants.md")
    assert "soixante choristes" in proposed and "echelle: departement" in proposed


# What the form shows --------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_not_cut(client):
    response = submit(client, "/proposer/acteurs", {**ACTOR, "texte": "x" * 50_001})
    assert response.status_code == 422
    assert "Le texte est trop long (50001 caractères, 50000 au plus)" in response.text
    assert queued(client) == []


@pytest.mark.parametrize(
    ("field", "text"),
    [("nom", "Cie \x1b[2J\x1b]0;pwn\x07"), ("nom", "Cie \u202etnetsixe"), ("texte", "ligne\rcachée"),
     ("resume", "un\u2028deux"), ("nom", "Cie\x85")],
    ids=["escape", "bidi", "carriage-return", "line-separator", "next-line"],
)
def test_invisible_control_characters_are_refused_with_their_name(client, field, text):
    response = submit(client, "/proposer/acteurs", {**ACTOR, field: text}, action="apercu")
    assert response.status_code == 422
    assert "caractère invisible refusé" in response.text and "(U+" in response.text
