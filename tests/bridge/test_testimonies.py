"""Testifying through the web form service, without an account: only about a rencontre that has
begun (the form's list, its search and its check), the rencontre filled in from the link of its
page, the consent recorded as the type asks (no contact details), reviewed like any contribution."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bridge_helpers import SECRET, TOKEN, make_repository, submit, write_config
from starlette.testclient import TestClient

from maillage.bridge.app import create_app
from maillage.bridge.config import load_config
from maillage.model import parse_document

PAST = "job-blender-day-au-theatre-de-la-rotonde"  # March 2026
COMING = "voyage-partage-a-bussang"  # moved a year after today by the fixture
REUNION = ZoneInfo("Indian/Reunion")  # UTC+4 all year


def reunion_rencontre(start: datetime) -> str:
    """A rencontre in Saint-Denis (La Réunion) at that local time, its zone taken from its commune."""
    end = start + timedelta(hours=3)
    return (f'---\nschema_version: 1\ntitre: "Cinéma en plein air à Saint-Denis"\ntype: voyage\n'
            f'debut: "{start.isoformat()}"\nfin: "{end.isoformat()}"\n'
            f'lieu:\n  nom: "Le Barachois"\n  commune: "97411"\nechelle: commune\n---\n\nUne séance.\n')


@pytest.fixture
def client(tmp_path: Path):
    """The demo commons, one of its rencontres a year from today."""
    repository = make_repository(tmp_path / "commun", full=True)
    path = Path(repository.working_dir) / "content" / "rencontres" / f"{COMING}.md"
    later = (date.today() + timedelta(days=365)).isoformat()
    path.write_text(re.sub(r'^(debut|fin): "\d{4}-\d\d-\d\d', rf'\1: "{later}', path.read_text("utf-8"), flags=re.M),
                    "utf-8")
    rencontres = Path(repository.working_dir) / "content" / "rencontres"
    # Just after midnight in La Réunion: 20:30 UTC the day before, 21:30 or 22:30 in Paris.
    midnight = datetime(2026, 11, 27, 0, 30, tzinfo=REUNION)
    (rencontres / "minuit-a-saint-denis.md").write_text(reunion_rencontre(midnight), "utf-8")
    # Begun at this day's midnight in La Réunion, whatever the time at the server.
    today = datetime.now(REUNION).replace(hour=0, minute=0, second=0, microsecond=0)
    (rencontres / "aujourd-hui-a-saint-denis.md").write_text(reunion_rencontre(today), "utf-8")
    repository.git.add(all=True)
    repository.index.commit("Une rencontre à venir")
    config = load_config(write_config(tmp_path, Path(repository.working_dir)),
                         {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN})
    app = create_app(config, run_worker=False)
    with TestClient(app, base_url="http://testserver") as test_client:
        test_client.bridge = app.bridge
        yield test_client


def test_the_link_of_a_rencontre_page_fills_in_the_rencontre(client) -> None:
    page = client.get(f"/proposer/temoignages?rencontre={PAST}&signature=%3Cb%3E&inconnu=x")
    assert page.status_code == 200
    field = re.search(r'<input type="text" value="([^"]*)" list="liste-rencontres"[^>]*data-commencees="1"', page.text)
    assert field and field.group(1) == PAST
    assert "<b>" not in page.text and "inconnu" not in page.text
    assert "Texte de la fiche" not in page.text  # the words are « Votre témoignage »
    assert "Texte de la fiche" in client.get("/proposer/experiences").text


def test_the_form_offers_only_the_rencontres_that_have_begun(client) -> None:
    page = client.get("/proposer/temoignages").text
    datalist = re.search(r'<datalist id="liste-rencontres">(.*?)</datalist>', page, re.S).group(1)
    assert f'value="{PAST}"' in datalist and f'value="{COMING}"' not in datalist
    # The search behind the field too; other forms still offer every rencontre.
    assert [r["id"] for r in client.get("/references/rencontres?q=bussang&commencees=1").json()] == []
    assert [r["id"] for r in client.get("/references/rencontres?q=bussang").json()] == [COMING]
    assert f'value="{COMING}"' in client.get("/proposer/experiences").text


TESTIMONY = {
    "titre": "Une journée en régie",
    "recit": "La régisseuse m'a laissé la console.\r\n\r\nJ'en suis reparti avec un contact.",
    "signature": "Théo",
    "role": "participant",
    "consentement.publication": "on",
}


def test_a_testimony_becomes_a_proposal_with_its_consent_recorded(client) -> None:
    response = submit(client, "/proposer/temoignages", {**TESTIMONY, "rencontre": PAST})
    assert response.status_code == 200 and "Merci" in response.text, response.text[-2000:]
    [submission] = client.bridge.queue.list()
    data = parse_document(submission.file_text.encode(), "x.md").data
    assert data["rencontre"] == PAST and data["signature"] == "Théo"
    assert data["recit"] == "La régisseuse m'a laissé la console.\n\nJ'en suis reparti avec un contact."
    # Dated with the day at the rencontre's place (Vosges: Paris time), not the server's.
    written = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    assert data["consentement"] == {"publication": True, "date": written, "recueilli_par": "formulaire en ligne"}


def test_a_testimony_about_a_rencontre_to_come_is_refused(client) -> None:
    response = submit(client, "/proposer/temoignages", {**TESTIMONY, "rencontre": COMING})
    assert "un témoignage porte sur une rencontre passée" in response.text
    assert client.bridge.queue.list() == []


def test_without_consent_nothing_is_proposed(client) -> None:
    fields = {k: v for k, v in TESTIMONY.items() if k != "consentement.publication"}
    response = submit(client, "/proposer/temoignages", {**fields, "rencontre": PAST})
    assert "J&#39;accepte que ce témoignage soit publié avec ma signature" in response.text
    assert client.bridge.queue.list() == []


def test_a_phone_number_or_an_email_address_in_a_testimony_is_refused_before_any_proposal(client) -> None:
    recit = "Belle soirée ! Pour covoiturer la prochaine fois : 06 12 34 56 78 ou theo@exemple.fr"
    response = submit(client, "/proposer/temoignages", {**TESTIMONY, "recit": recit, "rencontre": PAST})
    text = response.text.replace("&#39;", "'")
    for what in ("un numéro de téléphone", "une adresse électronique"):
        assert (f"« recit » : ce texte contient {what} ; il est publié tel quel, et les coordonnées d'une personne "
                "ne le sont qu'avec son accord : retirez-le") in text
    assert client.bridge.queue.list() == []


def test_a_rencontre_has_begun_at_its_own_place_time_not_the_server_s(client) -> None:
    """Around midnight in La Réunion (UTC+4) the day differs from Paris and from UTC: the list of a
    testimony's rencontres follows the rencontre's own clock, as the site does."""
    def begun(moment: datetime) -> bool:
        return "minuit-a-saint-denis" in [e.id for e in client.bridge.commons.choices("rencontres", moment)]

    assert not begun(datetime(2026, 11, 26, 20, 29, tzinfo=UTC))  # 00:29 in Saint-Denis
    assert begun(datetime(2026, 11, 26, 20, 30, tzinfo=UTC))  # 00:30 there, still the 26th in Paris and UTC


def test_a_testimony_written_just_after_midnight_in_la_reunion_is_dated_there(client) -> None:
    page = client.get("/proposer/temoignages").text
    datalist = re.search(r'<datalist id="liste-rencontres">(.*?)</datalist>', page, re.S).group(1)
    assert 'value="aujourd-hui-a-saint-denis"' in datalist
    found = client.get("/references/rencontres?q=saint-denis&commencees=1").json()
    assert "aujourd-hui-a-saint-denis" in [r["id"] for r in found]
    response = submit(client, "/proposer/temoignages", {**TESTIMONY, "rencontre": "aujourd-hui-a-saint-denis"})
    assert response.status_code == 200 and "Merci" in response.text, response.text[-2000:]
    [submission] = client.bridge.queue.list()
    data = parse_document(submission.file_text.encode(), "x.md").data
    assert data["consentement"]["date"] == datetime.now(REUNION).date().isoformat()
