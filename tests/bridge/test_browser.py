"""A real browser (headless Chromium) fills, previews and sends a form against uvicorn on localhost.

The browser is the session one (`tests/conftest.py`): a second Playwright in the same process
fails once another test module has started the first."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from bridge_helpers import SECRET, TOKEN, make_repository, write_config

from maillage.bridge.app import create_app
from maillage.bridge.config import load_config


def _serve(directory: Path, mkdocs_yml: str | None = None):
    """The bridge served by uvicorn in a thread, its worker running, on the local git forge."""
    repository = make_repository(directory / "commun")
    if mkdocs_yml:  # the commons' territory
        (Path(repository.working_dir) / "mkdocs.yml").write_text(mkdocs_yml, "utf-8")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    path = write_config(directory, Path(repository.working_dir), service__url_publique=f'"{url}"')
    app = create_app(load_config(path, {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN}))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield url, app.bridge, repository
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """The form service of a commons of sample demo entries (no territory declared: France)."""
    yield from _serve(tmp_path_factory.mktemp("navigateur"))


@pytest.fixture(scope="module")
def ardennes_service(tmp_path_factory):
    """The form service of a commons of the Ardennes."""
    yield from _serve(tmp_path_factory.mktemp("ardennes"), ARDENNES)


ARDENNES = 'site_name: Ardennes\nplugins:\n  - maillage:\n      territoire:\n        departements: ["08"]\n'


def watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_fill_preview_and_send_a_form(service, browser):
    url, bridge, repository = service
    page = browser.new_page()
    problems = watch_console(page)
    page.goto(url + "/proposer/acteurs")
    page.get_by_label("Nom (obligatoire)").fill("Théâtre du Pont <b>")
    page.get_by_label("Organisation ou personne (obligatoire)").select_option("organisation")
    page.get_by_label("Nature (obligatoire)").select_option("association")
    page.get_by_label("Commune (obligatoire)").fill("Épinal")
    page.get_by_label("Échelle (obligatoire)", exact=True).select_option("commune")
    page.get_by_label("Théâtre", exact=True).check()
    page.get_by_label("Texte de la fiche").fill("Une troupe <script>alert(1)</script> itinérante.")
    assert page.locator("#champ-consentement").is_hidden()  # consent only concerns people
    page.get_by_role("button", name="Prévisualiser").last.click()
    page.wait_for_load_state()
    assert page.locator("#titre-apercu").count(), page.locator("main").inner_text()[:1500]
    preview = page.locator("pre.fichier").text_content()
    assert "nom: Théâtre du Pont <b>" in preview
    page.get_by_role("button", name="Envoyer la proposition").first.click()
    page.wait_for_url("**/suivi/**")
    assert "Merci, votre proposition est enregistrée" in page.content()
    for _ in range(50):
        if page.locator("[data-etat]").get_attribute("data-etat") == "proposee":
            break
        time.sleep(0.1)
        page.reload()
    assert page.locator("[data-etat]").inner_text() == "proposée"
    [submission] = [s for s in bridge.queue.list() if s.title == "Théâtre du Pont <b>"]
    shown = repository.git.show(f"{submission.branch}:content/acteurs/{submission.entry_id}.md")
    assert "<script>alert(1)</script>" in shown  # kept as text, escaped wherever it is shown
    assert not problems, problems  # no CSP violation, no script error


def test_add_row_with_javascript_stays_on_the_page(service, browser):
    url, _, _ = service
    page = browser.new_page()
    problems = watch_console(page)
    page.goto(url + "/proposer/projets")
    page.locator("[data-repetable='acteurs'] button.ajouter").click()
    assert page.url == url + "/proposer/projets"
    assert page.locator("[name='acteurs.1.acteur']").count() == 1
    assert page.locator("[name='acteurs.1.acteur']").evaluate("el => el === document.activeElement")
    assert not problems, problems


def test_add_row_without_javascript_round_trips(service, browser):
    url, _, _ = service
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "/proposer/projets")
    page.locator("[name='acteurs.0.acteur']").fill("chorale-a-travers-chants")
    page.locator("[data-repetable='acteurs'] button.ajouter").click()
    page.wait_for_selector("[name='acteurs.1.acteur']")
    assert page.locator("[name='acteurs.0.acteur']").input_value() == "chorale-a-travers-chants"
    context.close()


def test_errors_are_announced_and_linked(service, browser):
    url, _, _ = service
    page = browser.new_page()
    page.goto(url + "/proposer/acteurs")
    page.get_by_label("Nom (obligatoire)").fill("Sans commune")
    page.get_by_role("button", name="Prévisualiser").last.click()
    alert = page.locator("#erreurs")
    assert alert.get_attribute("role") == "alert"
    assert "champ obligatoire « commune » manquant" in alert.inner_text()
    commune = page.locator("#champ-commune")
    assert commune.get_attribute("aria-invalid") == "true"
    assert "champ-commune-erreur" in commune.get_attribute("aria-describedby")
    assert page.get_by_label("Nom (obligatoire)").input_value() == "Sans commune"


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize(
    "path", ["/", "/proposer/acteurs", "/proposer/projets", "/proposer/tirages", "/proposer/temoignages"]
)
def test_forms_have_no_accessibility_violation(service, browser, path):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    url, _, _ = service
    context = browser.new_context(bypass_csp=True)  # to inject axe only; the app's CSP is tested elsewhere
    page = context.new_page()
    page.goto(url + path)
    if path != "/":
        page.get_by_role("button", name="Prévisualiser").last.click()  # the page with its error messages
        page.wait_for_selector("#erreurs")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    context.close()


def _tab_to(page, selector: str, limit: int = 40) -> None:
    """Move the focus with the Tab key only, until `selector` has it."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus by Tab")


def test_the_commune_picker_works_with_the_keyboard_only(ardennes_service, browser):
    url, _, _ = ardennes_service
    page = browser.new_page()
    problems = watch_console(page)
    page.goto(url + "/proposer/acteurs")
    _tab_to(page, "#champ-commune")
    box = page.locator("#champ-commune")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    page.keyboard.type("charlev")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    listbox.locator("[role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.locator("#" + active).inner_text() == "Charleville-Mézières (08000) — CA Ardenne Métropole"
    assert page.locator("#" + active).get_attribute("aria-selected") == "true"
    page.locator("[role=status]").filter(has_text="proposée").wait_for()  # announced to screen readers
    page.keyboard.press("Enter")
    assert box.input_value() == "Charleville-Mézières (08000)"
    assert box.get_attribute("aria-expanded") == "false" and listbox.is_hidden()
    assert page.locator("input[type=hidden][name='_choix.commune']").input_value() == "08105"
    # Escape closes the list, then clears the box.
    page.keyboard.type("x")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    assert box.input_value() == ""
    # A postal code lists the communes it serves, and the one whose INSEE code it is.
    page.keyboard.type("08200")
    listbox.locator("[role=option]").first.wait_for()
    options = listbox.locator("[role=option]").all_inner_texts()
    assert "Sedan (08200) — CA Ardenne Métropole" in options
    assert "Grivy-Loisy (08400) — CC de l'Argonne Ardennaise (code INSEE 08200)" in options
    assert not problems, problems


def test_the_picked_commune_reaches_the_preview_by_name(ardennes_service, browser):
    url, _, _ = ardennes_service
    page = browser.new_page()
    page.goto(url + "/proposer/acteurs")
    page.get_by_label("Nom (obligatoire)").fill("Atelier des Forges")
    page.get_by_label("Organisation ou personne (obligatoire)").select_option("organisation")
    page.get_by_label("Nature (obligatoire)").select_option("association")
    page.get_by_label("Échelle (obligatoire)", exact=True).select_option("commune")
    box = page.locator("#champ-commune")
    box.click()
    page.keyboard.type("sed")
    page.locator("[role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Prévisualiser").last.click()
    page.wait_for_selector("#titre-apercu")
    assert "Sedan (08200) — CA Ardenne Métropole, Ardennes" in page.locator(".fiche-lisible").inner_text()


def test_the_open_picker_has_no_accessibility_violation(ardennes_service, browser):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    url, _, _ = ardennes_service
    context = browser.new_context(bypass_csp=True)  # to inject axe only
    page = context.new_page()
    page.goto(url + "/proposer/acteurs")
    page.locator("#champ-commune").click()
    page.keyboard.type("saint")
    page.locator("[role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    context.close()


def test_without_javascript_an_ambiguous_code_offers_the_communes(ardennes_service, browser):
    url, _, _ = ardennes_service
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "/proposer/acteurs")
    page.get_by_label("Nom (obligatoire)").fill("Atelier sans script")
    page.get_by_label("Organisation ou personne (obligatoire)").select_option("organisation")
    page.get_by_label("Nature (obligatoire)").select_option("association")
    page.get_by_label("Échelle (obligatoire)", exact=True).select_option("commune")
    page.get_by_label("Commune (obligatoire)").fill("08200")
    page.get_by_role("button", name="Prévisualiser").last.click()
    page.wait_for_selector("#champ-commune-choix")
    page.get_by_label("Sedan (08200) — CA Ardenne Métropole").check()
    page.get_by_role("button", name="Prévisualiser").last.click()
    page.wait_for_selector("#titre-apercu")
    assert page.get_by_label("Commune (obligatoire)").input_value() == "Sedan (08200)"
    assert "Sedan (08200) — CA Ardenne Métropole, Ardennes" in page.locator(".fiche-lisible").inner_text()
    context.close()
