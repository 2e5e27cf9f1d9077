"""The web form asks the commune by name: the server settles it inside the commons' territory, or
offers the candidates (no JavaScript needed); the preview reads as a person reads the entry; the
picker's static list stays small; `contributions voir` names each commune."""

from __future__ import annotations

import gzip
import html
import json
from pathlib import Path

import pytest
from bridge_helpers import ACTOR, SECRET, TOKEN, make_repository, submit, write_config
from click.testing import CliRunner
from starlette.testclient import TestClient

from maillage.bridge.app import create_app
from maillage.bridge.config import load_config
from maillage.cli import main
from maillage.forms.communes import commune_choices
from maillage.model.places import resolve_place
from maillage.model.territory import Scope, territory

ARDENNES = 'site_name: Ardennes\nplugins:\n  - maillage:\n      territoire:\n        departements: ["08"]\n'


@pytest.fixture
def ardennes(tmp_path: Path):
    """A form service for a commons of the Ardennes (its mkdocs.yml declares the territory)."""
    repository = make_repository(tmp_path / "commun")
    (Path(repository.working_dir) / "mkdocs.yml").write_text(ARDENNES, "utf-8")
    path = write_config(tmp_path, Path(repository.working_dir))
    config = load_config(path, {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN})
    app = create_app(config, run_worker=False)
    with TestClient(app, base_url="http://testserver") as client:
        client.bridge = app.bridge
        client.config_path = path
        yield client


def preview(client, **fields):
    return submit(client, "/proposer/acteurs", {**ACTOR, **fields}, action="apercu")


def test_the_help_gives_a_commune_of_the_commons_territory(ardennes):
    page = ardennes.get("/proposer/acteurs").text
    assert "par exemple « Charleville-Mézières » ou « Charleville-Mézières (08000) »" in html.unescape(page)
    assert "Épinal" not in html.unescape(page) and "88160" not in page


def test_a_name_is_settled_and_the_preview_reads_as_a_person_reads_it(ardennes):
    response = preview(ardennes, commune="charleville")
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "<dt>Commune</dt>" in page
    assert "Charleville-Mézières (08000) — CA Ardenne Métropole, Ardennes" in page
    assert "<dd>Association</dd>" in page  # choices by their label, not their code
    assert "commune: '08105'" in page  # the exact file stays available, folded away
    assert page.index("<summary>Le fichier exact qui sera proposé</summary>") < page.index("commune: '08105'")


def test_a_code_that_is_also_a_postal_code_is_offered_as_choices_without_javascript(ardennes):
    response = preview(ardennes, commune="08200")
    assert response.status_code == 422
    page = html.unescape(response.text)
    assert "« 08200 » peut désigner plusieurs communes" in page
    assert 'name="_choix.commune" value="08200"' in page  # Grivy-Loisy, whose INSEE code it is
    assert "Grivy-Loisy (08400) — CC de l'Argonne Ardennaise (code INSEE 08200)" in page
    assert 'name="_choix.commune" value="08409"' in page and "Sedan (08200) — CA Ardenne Métropole" in page
    chosen = preview(ardennes, commune="08200", **{"_choix.commune": "08409"})
    assert chosen.status_code == 200
    page = html.unescape(chosen.text)
    assert "Sedan (08200) — CA Ardenne Métropole, Ardennes" in page
    assert 'value="Sedan (08200)"' in page  # the box now reads the commune's name


def test_a_code_typed_with_a_space_is_read_like_the_code(ardennes):
    page = html.unescape(preview(ardennes, commune="08 105").text)
    assert "Charleville-Mézières (08000) — CA Ardenne Métropole, Ardennes" in page
    assert "commune: '08105'" in page
    both = preview(ardennes, commune="08 200")  # Grivy-Loisy's INSEE code, Sedan's postal code
    assert both.status_code == 422
    page = html.unescape(both.text)
    assert 'name="_choix.commune" value="08200"' in page and 'name="_choix.commune" value="08409"' in page


def test_every_postal_code_of_the_ardennes_is_settled_by_name_or_offered_with_its_communes(ardennes):
    """The collision table of one whole département, through the web form."""
    geo = territory()
    postal_codes = sorted({p for code in geo.commune_codes("08") for p in geo.commune(code).postal_codes})
    for postal in postal_codes:
        response = preview(ardennes, commune=postal)
        page = html.unescape(response.text)
        served = [geo.commune(c) for c in geo.communes_for_postal_code(postal)]
        if response.status_code == 200:
            [commune] = served  # settled only when the code designates one commune, and shown by name
            assert not geo.is_commune(postal) or postal == commune.code
            assert f"<dd>{commune.name} ({commune.postal_codes[0]}) — " in page
        else:
            assert response.status_code == 422
            for commune in served:
                assert f'name="_choix.commune" value="{commune.code}"' in page, (postal, commune.name)
            if geo.is_commune(postal):
                assert f"(code INSEE {postal})" in page


def test_an_unknown_name_says_so(ardennes):
    page = html.unescape(preview(ardennes, commune="Atlantide").text)
    assert "aucune commune ne s'appelle « Atlantide »" in page


def test_the_edit_form_shows_the_commune_by_name_and_the_changes(ardennes):
    entry_id = next(iter(ardennes.bridge.commons.get().entries.values())).id
    entry = ardennes.bridge.commons.get().entries[entry_id]
    url = f"/modifier/{entry.type.folder}/{entry_id}"
    form = html.unescape(ardennes.get(url).text)
    commune = territory().commune(entry.data["commune"])
    assert f'value="{commune.name} ({commune.postal_codes[0]})"' in form
    values = {"commune": "Sedan"}
    response = submit(ardennes, url, {**_form_values(ardennes, entry), **values}, action="apercu")
    page = html.unescape(response.text)
    assert response.status_code == 200, page[-2000:]
    assert "<h3>Ce qui change</h3>" in page
    assert f"<td>{commune.name} ({commune.postal_codes[0]}) — " in page
    assert "<td>Sedan (08200) — CA Ardenne Métropole, Ardennes</td>" in page


def _form_values(client, entry):
    from maillage.forms import values_from_data
    from maillage.forms.communes import answers_from_codes

    values = values_from_data(entry.type, entry.data, client.bridge.commons.get().schemas)
    answers_from_codes(entry.type, values, client.bridge.commons.get().schemas)
    return {**values, "texte": entry.body}


def test_the_picker_list_is_the_territory_and_served_compressed(ardennes):
    response = ardennes.get("/communes.json", headers={"accept-encoding": "gzip"})
    data = response.json()  # the client undoes the compression
    assert len(data["communes"]) == len(territory().commune_codes("08"))
    assert ["Sedan", "08200", data["intercommunalites"].index("CA Ardenne Métropole"), "08409"] in data["communes"]
    assert response.headers["content-encoding"] == "gzip"


def test_the_picker_list_is_kept_by_browsers_and_revalidated(ardennes):
    first = ardennes.get("/communes.json", headers={"accept-encoding": "gzip"})
    assert first.headers["cache-control"] == "public, max-age=3600"
    etag = first.headers["etag"]
    again = ardennes.get("/communes.json", headers={"accept-encoding": "gzip", "if-none-match": f"W/{etag}"})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    # The uncompressed list is another representation: its own tag, sent in full to a stale one.
    plain = ardennes.get("/communes.json", headers={"accept-encoding": "identity", "if-none-match": etag})
    assert plain.status_code == 200 and plain.headers["etag"] != etag and "content-encoding" not in plain.headers


def test_pages_are_never_stored_and_static_files_are_revalidated(ardennes):
    assert ardennes.get("/proposer/acteurs").headers["cache-control"] == "no-store"
    assert ardennes.get("/statique/bridge.js").headers["cache-control"] == "no-cache"


def test_a_region_picker_list_stays_under_60_kb_compressed():
    grand_est = Scope((resolve_place("Grand Est", ("region",)),))
    data = commune_choices(grand_est)
    assert len(data["communes"]) > 5000
    packed = gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 9)
    assert len(packed) <= 60_000


def test_contributions_voir_names_each_commune(ardennes, tmp_path):
    response = submit(ardennes, "/proposer/acteurs", {**ACTOR, "commune": "Sedan (08200)"}, follow_redirects=False)
    assert response.status_code == 303
    ardennes.bridge.worker.run_once()
    [submission] = ardennes.bridge.queue.list()
    env = {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN}
    shown = CliRunner().invoke(main, ["contributions", "voir", submission.id, "--config", str(ardennes.config_path)],
                               env=env)
    assert "commune : 08409 — Sedan (CA Ardenne Métropole)" in shown.output
