#!/usr/bin/env python3
"""Measure the web form's commune picker in Chromium: time per keystroke, with the CPU slowed down.

For each territory (a département and a région by default), starts the form service on a commons
declaring it, opens the actor form in Debian's Chromium with CPU throttling (the DevTools protocol's
`Emulation.setCPUThrottlingRate`, 4 by default: a phone-class CPU), types commune names and postal
codes one key at a time, and times each keystroke from the key event to the list of options
updated and painted (the input event, the list rebuilt, then the next animation frame). The same
keystrokes in a plain text box of the same form give the baseline every keystroke pays. Also
reports the size of `/communes.json` (gzipped, as served) and the time of its first load.

    python scripts/bench_picker.py [--territoire 08 --territoire "Grand Est"] [--ralenti 4]

Target (issue 12): ≤ 50 ms per keystroke for a département and a région; ≤ 60 KB for a région's list.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from maillage.bridge.app import create_app
from maillage.bridge.config import load_config
from maillage.model.places import resolve_place

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SECRET = "banc-d-essai-du-selecteur-de-communes-0123456789"
# What people type: names, beginnings, accents left out, postal codes.
TYPED = ["charleville", "saint-", "sedan", "08200", "rethel", "strasbourg", "metz", "nancy", "epinal", "67000",
         "la chapelle", "revin"]
KIND_KEYS = {"departement": "departements", "region": "regions", "intercommunalite": "epci", "commune": "communes"}

_PROBE = """(selector) => {
  window.__times = [];
  const box = document.querySelector(selector);
  let started = 0;
  box.addEventListener('keydown', () => { started = performance.now(); }, true);
  // Registered after the picker's own listener: runs once the list is rebuilt (its promise is
  // already settled, so the rebuild is a microtask), then waits for the next painted frame.
  box.addEventListener('input', () => {
    requestAnimationFrame(() => setTimeout(() => window.__times.push(performance.now() - started)));
  });
}"""


def commons_for(directory: Path, territory: str) -> Path:
    """A git repository holding an empty commons whose mkdocs.yml declares `territory`."""
    place = resolve_place(territory, ("departement", "region", "intercommunalite"))
    for folder in ("acteurs", "outils", "projets", "experiences", "rencontres", "tirages"):
        (directory / "content" / folder).mkdir(parents=True)
    (directory / "mkdocs.yml").write_text(
        "site_name: Banc\nplugins:\n  - maillage:\n      territoire:\n"
        f'        {KIND_KEYS[place.kind]}: ["{place.code}"]\n',
        "utf-8",
    )
    subprocess.run(["git", "init", "-q", "-b", "main", str(directory)], check=True)
    return directory


def serve(directory: Path) -> tuple[str, uvicorn.Server, threading.Thread]:
    """The form service on a free loopback port, in a thread."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    config = directory / "formulaire.toml"
    config.write_text(
        f'[service]\ncontenu = "{directory / "content"}"\nfile_attente = "{directory / "file.sqlite3"}"\n'
        f'url_publique = "{url}"\n[forge]\ntype = "local"\ndepot = "{directory}"\n',
        "utf-8",
    )
    app = create_app(load_config(config, {"MAILLAGE_BRIDGE_SECRET": SECRET}), run_worker=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return url, server, thread


def measure(browser, url: str, rate: float, selector: str) -> dict[str, float]:
    """Per-keystroke times (ms) in one text box of the actor form, at a CPU throttling rate."""
    page = browser.new_page()
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    page.goto(url + "/proposer/acteurs")
    page.locator("#champ-commune").click()  # the focus loads the picker's list, once
    page.wait_for_function("() => performance.getEntriesByName(location.origin + '/communes.json').length > 0")
    first_load = page.evaluate(
        "() => { const e = performance.getEntriesByName(location.origin + '/communes.json')[0];"
        " return e.responseEnd - e.startTime; }"
    )
    page.locator(selector).click()
    page.evaluate(_PROBE, selector)
    for text in TYPED:
        for key in text:
            before = page.evaluate("() => window.__times.length")
            page.keyboard.press(key)
            page.wait_for_function(f"() => window.__times.length > {before}", timeout=30_000)
        page.locator(selector).fill("")
    times = page.evaluate("() => window.__times")
    page.close()
    return {
        "keystrokes": len(times),
        "median": statistics.median(times),
        "p95": sorted(times)[int(len(times) * 0.95) - 1],
        "max": max(times),
        "first_load": first_load,  # fetching the list
    }


def report(name: str, found: dict[str, float]) -> str:
    return (f"{name}: {found['keystrokes']} keystrokes, median {found['median']:.1f} ms, p95 {found['p95']:.1f} ms, "
            f"max {found['max']:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territoire", action="append", help="département, région or EPCI (repeatable)")
    parser.add_argument("--ralenti", type=float, default=4.0, help="CPU throttling rate (default 4)")
    args = parser.parse_args()
    territories = args.territoire or ["08", "Grand Est"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for territory in territories:
            with tempfile.TemporaryDirectory(prefix="maillage-bench-picker-") as tmp:
                url, server, thread = serve(commons_for(Path(tmp), territory))
                raw, packed = server.config.app.bridge.commune_list
                communes = len(json.loads(raw)["communes"])
                print(f"{territory}: {communes} communes, /communes.json {len(packed) / 1000:.1f} KB gzipped "
                      f"({len(raw) / 1000:.0f} KB raw)")
                for rate in (1.0, args.ralenti):
                    picker = measure(browser, url, rate, "#champ-commune")
                    # Baseline in the same run: the same keystrokes in a plain text box (the frame and
                    # scheduling cost every keystroke pays, picker or not, on this machine now).
                    plain = measure(browser, url, rate, "#champ-nom")
                    print(f"  CPU ×{rate:g}: {report('picker', picker)}; {report('plain box', plain)}; "
                          f"list fetched in {picker['first_load']:.0f} ms")
                server.should_exit = True
                thread.join(timeout=10)
        browser.close()


if __name__ == "__main__":
    main()
