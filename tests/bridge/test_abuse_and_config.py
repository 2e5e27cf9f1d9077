"""Abuse protection, configuration and the queue's durability."""

from __future__ import annotations

import ipaddress
import re
import shutil
import time
from pathlib import Path

import pytest
from bridge_helpers import ACTOR, ROOT, SECRET, TOKEN, make_repository, stamp_of, submit, write_config
from click.testing import CliRunner
from starlette.testclient import TestClient

from maillage.bridge.abuse import RateLimiter, Stamps, client_ip, origin_allowed, own_origins
from maillage.bridge.app import create_app
from maillage.bridge.config import KEYS, ConfigError, load_config
from maillage.bridge.queue import NewSubmission, Queue
from maillage.cli import main

ENV = {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN}


def bridge_client(tmp_path: Path, client: tuple[str, int] = ("testclient", 50000), **overrides: str) -> TestClient:
    repository = make_repository(tmp_path / "commun")
    config = load_config(write_config(tmp_path, Path(repository.working_dir), **overrides), ENV)
    return TestClient(create_app(config, run_worker=False), base_url="http://testserver", client=client)


def test_honeypot_is_refused(client):
    response = submit(client, "/proposer/acteurs", {**ACTOR, "site_web_secondaire": "http://spam.example"})
    assert response.status_code == 400 and "doit rester vide" in response.text
    assert client.bridge.queue.list() == []


def test_sending_too_fast_is_refused_with_input_kept(tmp_path):
    with bridge_client(tmp_path, limites__delai_min_secondes="30") as client:
        response = submit(client, "/proposer/acteurs", ACTOR)
        assert response.status_code == 429 and "trop rapide" in response.text
        assert 'value="Théâtre de l&#39;Œuf"' in response.text


def test_a_stamp_from_another_browser_is_refused(client):
    stamp = stamp_of(client.get("/proposer/acteurs").text)
    client.cookies.clear()
    client.get("/")  # a new CSRF cookie, unrelated to the stamp
    response = client.post(
        "/proposer/acteurs", data={**ACTOR, "_tampon": stamp, "_action": "envoyer"},
        headers={"origin": "http://testserver"},
    )
    assert response.status_code == 400 and "expiré" in response.text
    assert client.bridge.queue.list() == []


def test_forged_stamp_is_refused():
    stamps = Stamps(b"secret")
    good = stamps.issue("cookie", now=1000.0)
    assert stamps.check(good, "cookie").issued_at == 1000.0
    issued, nonce, signature = good.split(".")
    assert stamps.check(f"{int(issued) + 5000}.{nonce}.{signature}", "cookie") is None
    assert stamps.check(good, "autre") is None
    assert stamps.check("n.importe.quoi", "cookie") is None
    assert Stamps(b"autre").check(good, "cookie") is None


def test_cross_site_post_is_refused(client):
    page = client.get("/proposer/acteurs")
    data = {**ACTOR, "_tampon": stamp_of(page.text), "_action": "envoyer"}
    response = client.post("/proposer/acteurs", data=data, headers={"origin": "https://ailleurs.example"})
    assert response.status_code == 403 and "ne vient pas de ce site" in response.text
    assert not origin_allowed("null", None, ("https://a.example",))
    assert origin_allowed(None, "https://a.example/proposer/acteurs", ("https://a.example",))
    assert not origin_allowed(None, "https://b.example/x", ("https://a.example",))


def test_the_service_tried_on_this_machine_accepts_its_own_loopback_address():
    public = "https://contribuer.example.org"
    assert own_origins(public, "http", "127.0.0.1:8080") == (public, "http://127.0.0.1:8080")
    assert own_origins(public, "http", "localhost:8080") == (public, "http://localhost:8080")
    assert own_origins(public, "http", "[::1]:8080") == (public, "http://[::1]:8080")
    # Behind the proxy, the Host header is the public one: only the public origin is ours.
    assert own_origins(public, "http", "contribuer.example.org") == (public,)
    assert own_origins(public, "http", "127.0.0.2.evil.example") == (public,)
    assert own_origins("", "http", "formulaire.example.net") == ("http://formulaire.example.net",)


def test_the_example_configuration_takes_a_submission_on_this_machine(tmp_path):
    """deploy/bridge.toml as shipped, next to a commons laid out as this repository, on 127.0.0.1:8080."""
    (tmp_path / "deploy").mkdir()
    shutil.copy(ROOT / "deploy" / "bridge.toml", tmp_path / "deploy" / "bridge.toml")
    make_repository(tmp_path)
    app = create_app(load_config(tmp_path / "deploy" / "bridge.toml", {}), run_worker=False)
    with TestClient(app, base_url="http://127.0.0.1:8080") as client:
        client.get("/proposer/acteurs")
        # Signed as if the form had been shown a minute ago (the example asks for a few seconds).
        stamp = app.bridge.stamps.issue(client.cookies["maillage_csrf"], now=time.time() - 60)
        data = {**ACTOR, "_tampon": stamp, "_action": "envoyer"}
        response = client.post("/proposer/acteurs", data=data, headers={"origin": "http://127.0.0.1:8080"},
                               follow_redirects=False)
        assert response.status_code == 303, response.text
        assert [s.entry_id for s in app.bridge.queue.list()] == ["theatre-de-l-oeuf"]
    assert (tmp_path / ".maillage").is_dir()


def test_body_size_is_capped(tmp_path):
    with bridge_client(tmp_path, limites__taille_max_octets="5000") as client:
        page = client.get("/proposer/acteurs")
        data = {**ACTOR, "texte": "x" * 10_000, "_tampon": stamp_of(page.text), "_action": "envoyer"}
        response = client.post("/proposer/acteurs", data=data, headers={"origin": "http://testserver"})
        assert response.status_code == 413 and "volumineux" in response.text
        assert client.app.bridge.queue.list() == []


def test_rate_limit_per_ip(tmp_path):
    with bridge_client(tmp_path, limites__par_ip_par_heure="2") as client:
        for _ in range(2):
            assert submit(client, "/proposer/acteurs", ACTOR, follow_redirects=False).status_code == 303
        third = submit(client, "/proposer/acteurs", ACTOR)
        assert third.status_code == 429 and "Trop d&#39;envois" in third.text
        assert len(client.app.bridge.queue.list()) == 2


def test_the_cap_on_open_proposals_is_per_address_and_cannot_block_the_others(tmp_path):
    """A few senders filling the queue used to close the form to everyone (one global cap)."""
    with bridge_client(
        tmp_path, client=("127.0.0.1", 50000), limites__propositions_ouvertes_par_adresse="2",
        limites__propositions_ouvertes_max="1", service__proxys_de_confiance='["127.0.0.1/32"]',
    ) as client:
        flooder = {"x-forwarded-for": "203.0.113.7"}
        for _ in range(2):
            sent = submit(client, "/proposer/acteurs", ACTOR, headers=flooder, follow_redirects=False)
            assert sent.status_code == 303
        refused = submit(client, "/proposer/acteurs", ACTOR, headers=flooder)
        assert refused.status_code == 429 and "déjà 2 proposition(s) en attente de relecture" in refused.text
        # Someone else still gets in, even past the forge's cap: the worker makes them wait instead.
        other = submit(client, "/proposer/acteurs", ACTOR, headers={"x-forwarded-for": "198.51.100.20"},
                       follow_redirects=False)
        assert other.status_code == 303
        rows = client.app.bridge.queue.list()
        assert len(rows) == 3 and len({r.origin for r in rows}) == 2
        assert not any("203.0.113.7" in r.origin or "198.51.100.20" in r.origin for r in rows)


def test_forwarded_for_is_trusted_only_from_configured_proxies():
    proxies = [ipaddress.ip_network("10.0.0.0/8")]
    assert client_ip("10.0.0.5", "203.0.113.9", proxies) == "203.0.113.9"
    assert client_ip("10.0.0.5", "198.51.100.1, 203.0.113.9, 10.0.0.7", proxies) == "203.0.113.9"
    assert client_ip("198.51.100.77", "203.0.113.9", proxies) == "198.51.100.77"
    assert client_ip("10.0.0.5", "pas-une-ip", proxies) == "10.0.0.5"
    assert client_ip("10.0.0.5", None, proxies) == "10.0.0.5"


def test_global_limit_and_window():
    limiter = RateLimiter(per_key=5, per_key_window=60, global_limit=3, global_window=10)
    assert [limiter.allow(f"ip{i}", now=0) for i in range(4)] == [True, True, True, False]
    assert limiter.allow("ip9", now=11)


def test_configuration_errors_are_french_and_name_the_key(tmp_path):
    path = tmp_path / "b.toml"
    path.write_text('[forge]\ntype = "svn"\n', "utf-8")
    with pytest.raises(ConfigError, match=re.escape("forge.type : « svn » inconnu")):
        load_config(path, {})
    path.write_text('[limites]\nparr_ip = 3\n', "utf-8")
    with pytest.raises(ConfigError, match=re.escape("clé inconnue « limites.parr_ip »")):
        load_config(path, {})
    path.write_text('[limites]\npar_ip_par_heure = "trois"\n', "utf-8")
    with pytest.raises(ConfigError, match=re.escape("limites.par_ip_par_heure")):
        load_config(path, {})
    path.write_text('[forge]\ntype = "github"\ndepot = "a/b"\n', "utf-8")
    with pytest.raises(ConfigError, match="MAILLAGE_FORGE_TOKEN"):
        load_config(path, {})
    path.write_text("[forge\n", "utf-8")
    with pytest.raises(ConfigError, match="syntaxe TOML"):
        load_config(path, {})


def test_token_comes_from_a_file_or_the_environment_and_never_shows(tmp_path):
    (tmp_path / "jeton").write_text("jeton-du-fichier\n", "utf-8")
    path = tmp_path / "b.toml"
    path.write_text('[forge]\ntype = "gitlab"\ndepot = "a/b"\njeton_fichier = "jeton"\n', "utf-8")
    config = load_config(path, {"MAILLAGE_FORGE_TOKEN": "jeton-env"})
    assert config.forge.token == "jeton-du-fichier"
    assert "jeton-du-fichier" not in repr(config)
    path.write_text('[forge]\ntype = "gitlab"\ndepot = "a/b"\n', "utf-8")
    assert load_config(path, {"MAILLAGE_FORGE_TOKEN": "jeton-env"}).forge.token == "jeton-env"


def test_help_documents_every_key():
    result = CliRunner().invoke(main, ["formulaire", "--help"])
    assert result.exit_code == 0
    for key in KEYS:
        assert f"{key.name} = " in result.output, key.name
    for section in ("[service]", "[forge]", "[limites]"):
        assert section in result.output


def test_example_configuration_is_valid():
    root = Path(__file__).resolve().parents[2]
    config = load_config(root / "deploy" / "bridge.toml", ENV)
    assert config.forge.type == "local"


def test_acknowledged_submissions_survive_reopening(tmp_path):
    queue = Queue(tmp_path / "q.sqlite3")
    first, new = queue.add(NewSubmission("k1", "acteurs", "creation", "Titre", "texte"), lambda r: "titre")
    assert new
    again, new = queue.add(NewSubmission("k1", "acteurs", "creation", "Titre", "texte"), lambda r: "autre")
    assert not new and again.id == first.id
    second, _ = queue.add(NewSubmission("k2", "acteurs", "creation", "Titre", "texte"), lambda r: sorted(r)[0] + "-2")
    assert second.entry_id == "titre-2"
    queue.close()
    reopened = Queue(tmp_path / "q.sqlite3")
    assert [s.id for s in reopened.list()] == [first.id, second.id]
    db = reopened._db()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_group_commit_keeps_every_concurrent_submission_with_distinct_ids(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from maillage.bridge.queue import GroupWriter
    from maillage.bridge.submission import free_id

    queue = Queue(tmp_path / "q.sqlite3")
    writer = GroupWriter(queue)

    def send(number: int):
        new = NewSubmission(f"cle-{number % 40}", "acteurs", "creation", "Même titre", "texte")
        return writer.add(new, lambda reserved: free_id("Même titre", "acteur", reserved)).result(timeout=30)

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(send, range(80)))  # every key sent twice
    assert sum(1 for _, is_new in results if is_new) == 40
    rows = queue.list()
    assert len(rows) == 40
    assert len({s.entry_id for s in rows}) == 40
    assert "meme-titre" in {s.entry_id for s in rows} and "meme-titre-40" in {s.entry_id for s in rows}


def test_a_body_without_length_is_capped_while_read(tmp_path):
    with bridge_client(tmp_path, limites__taille_max_octets="5000") as client:
        page = client.get("/proposer/acteurs")
        body = f"_tampon={stamp_of(page.text)}&_action=envoyer&nom=x&texte=".encode() + b"y" * 20_000

        def chunks():
            for start in range(0, len(body), 1000):
                yield body[start : start + 1000]

        response = client.post(
            "/proposer/acteurs",
            content=chunks(),
            headers={"origin": "http://testserver", "content-type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 413 and "volumineux" in response.text


def test_a_stamp_makes_one_submission_and_every_answer_carries_a_fresh_one(client):
    page = client.get("/proposer/acteurs")
    stamp = stamp_of(page.text)
    headers = {"origin": "http://testserver"}
    preview = client.post("/proposer/acteurs", data={**ACTOR, "_tampon": stamp, "_action": "apercu"}, headers=headers)
    assert preview.status_code == 200 and stamp_of(preview.text) != stamp  # the delay runs from this page
    fresh = stamp_of(preview.text)
    sent = client.post("/proposer/acteurs", data={**ACTOR, "_tampon": fresh, "_action": "envoyer"}, headers=headers,
                       follow_redirects=False)
    assert sent.status_code == 303
    # The same stamp, or the first one of the same form, with other content: no second submission.
    for reused in (fresh, stamp):
        other = {**ACTOR, "nom": "Une autre fiche", "_tampon": reused, "_action": "envoyer"}
        again = client.post("/proposer/acteurs", data=other, headers=headers, follow_redirects=False)
        assert again.headers["location"] == sent.headers["location"]
    assert len(client.bridge.queue.list()) == 1


def test_harvested_stamps_expire_in_minutes(client):
    """Harvest stamps, wait, then send many at once: stamps older than the validity are refused."""
    client.get("/proposer/acteurs")
    csrf = client.cookies.get("maillage_csrf")
    minutes = client.bridge.config.limites.validite_formulaire_minutes
    assert minutes <= 60
    harvested = [client.bridge.stamps.issue(csrf, now=time.time() - minutes * 60 - 5) for _ in range(20)]
    for stamp in harvested:
        response = client.post("/proposer/acteurs", data={**ACTOR, "_tampon": stamp, "_action": "envoyer"},
                               headers={"origin": "http://testserver"})
        assert response.status_code == 400 and "expiré" in response.text
        assert 'value="Théâtre de l&#39;Œuf"' in response.text
    assert client.bridge.queue.list() == []


def test_the_request_log_never_holds_the_client_address(tmp_path, caplog):
    with bridge_client(tmp_path, client=("203.0.113.9", 40000)) as client, caplog.at_level("INFO"):
        assert submit(client, "/proposer/acteurs", ACTOR, follow_redirects=False).status_code == 303
    lines = [record for record in caplog.records if record.name == "maillage.bridge.http"]
    assert any(getattr(r, "chemin", "") == "/proposer/acteurs" and getattr(r, "methode", "") == "POST" for r in lines)
    assert not any("203.0.113.9" in str(value) for r in caplog.records for value in vars(r).values())
    # The form says so, and what is kept instead.
    page = client.get("/proposer/acteurs").text
    assert "jamais votre adresse IP" in page and "une heure au plus" in page
