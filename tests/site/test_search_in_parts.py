"""Pagefind in parts (`recherche_pages_par_lot`): the merged bundle is the search one run writes;
and every bundle's fragments are numbered (`compact`) without changing the search.

Pagefind's memory follows the words of every page it holds at once; indexed in parts and merged
(`maillage.site.pagefind_bundle`), the search a visitor gets must be the same. Bundles are compared
decoded, page by page (by address, since page numbers follow each run's order): the same pages
with the same fragments, the same words with the same positions on the same pages, the same
accented variants, the same chunks. The browser test (tests/browser/test_search_in_parts.py)
runs the same queries through Pagefind's own script on both bundles.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import cbor2
import pytest
from mkdocs.config.base import ValidationError

from maillage.site import pagefind_bundle, search
from maillage.site.config import MaillageConfig
from maillage.site.pagefind_bundle import SUPPORTED_VERSIONS, pagefind_hash, read


def decoded(bundle: Path) -> dict[str, Any]:
    """A bundle's content with page numbers replaced by page addresses (order-free)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    [(language, info)] = entry["languages"].items()
    version, pages, chunks, filters, sorts, meta_fields = cbor2.loads(read(bundle / f"pagefind.{info['hash']}.pf_meta"))
    fragments = [json.loads(read(bundle / "fragment" / f"{name}.pf_fragment")) for name, _ in pages]
    urls = [fragment["url"] for fragment in fragments]

    def postings(delta_encoded: list[list[Any]]) -> list[tuple[str, list[int], list[int]]]:
        found, number = [], 0
        for delta, locs, meta_locs in delta_encoded:
            number += delta
            found.append((urls[number], locs, meta_locs))
        return sorted(found)

    words = {}
    for _, _, name in chunks:
        for word, word_pages, variants in cbor2.loads(read(bundle / "index" / f"{name}.pf_index"))[0]:
            words[word] = (postings(word_pages), {form: postings(found) for form, found in variants})
    return {
        "version": version, "language": language, "page_count": info["page_count"], "filters": filters,
        "sorts": sorts, "meta_fields": meta_fields, "chunks": [(start, end) for start, end, _ in chunks],
        "pages": sorted(zip(urls, (count for _, count in pages), strict=True)),
        "fragments": {fragment["url"]: fragment for fragment in fragments}, "words": words,
        "names_unique": len({name for name, _ in pages}) == len(pages),
    }


@pytest.fixture(scope="module")
def site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo site (indexing in parts writes beside its pages), with its one-run index."""
    copy = tmp_path_factory.mktemp("parts") / "site"
    shutil.copytree(built_site, copy)
    return copy


@pytest.fixture(scope="module")
def one_run(site: Path) -> dict[str, Any]:
    return decoded(site / "pagefind")


def test_the_installed_pagefind_writes_a_format_the_merge_reads(tmp_path: Path) -> None:
    # Otherwise every lot would silently fall back to one run: a Pagefind upgrade must fail here.
    page = tmp_path / "site" / "p" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<!doctype html><html lang="fr"><body><main data-pagefind-body>Théâtre</main></body></html>',
                    "utf-8")
    search.index(tmp_path / "site")
    entry = json.loads((tmp_path / "site" / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["version"] in SUPPORTED_VERSIONS


def test_pages_indexed_in_parts_give_the_search_of_one_run(site: Path, one_run: dict[str, Any],
                                                          caplog: pytest.LogCaptureFixture) -> None:
    pages = search.indexed_pages(site)
    assert len(pages) == one_run["page_count"] > 30
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.maillage")

    search.index(site, site / "pagefind-lots", search.Indexing(pages_per_run=10))

    assert "une seule fois" not in caplog.text  # merged, not indexed again in one run

    merged = decoded(site / "pagefind-lots")
    assert merged == one_run
    assert merged["names_unique"]
    # Accented forms (« théâtre ») are kept apart from their plain word, as one run keeps them.
    assert any(variants for _, variants in merged["words"].values())
    assert not (site / ".pagefind-parties").exists()


def test_parts_are_balanced_and_every_page_is_in_exactly_one(site: Path, tmp_path: Path) -> None:
    pages = search.indexed_pages(site)
    bundles = search._index_parts(site, pages, tmp_path / "parts", 10)
    counts = [json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))["languages"]["fr"]["page_count"]
              for bundle in bundles]
    assert sum(counts) == len(pages)
    assert max(counts) <= 10 and max(counts) - min(counts) <= 1


def test_long_page_names_make_more_parts_than_asked(site: Path, one_run: dict[str, Any], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Pagefind refuses a glob of about 300,000 characters: 10,000 page names of 31 characters, or
    # 5,000 of 72. Made to happen here with a lower ceiling.
    pages = search.indexed_pages(site)
    monkeypatch.setattr(search, "_GLOB_CHARACTERS", sum(len(page.as_posix()) + 1 for page in pages) // 3)
    bundles = search._index_parts(site, pages, tmp_path / "parts", len(pages))
    assert len(bundles) >= 3
    pagefind_bundle.merge(bundles, tmp_path / "merged")
    assert decoded(tmp_path / "merged") == one_run


def test_a_fragment_name_two_parts_share_is_told_apart(site: Path, one_run: dict[str, Any], tmp_path: Path) -> None:
    # Pagefind names a page's fragment by 7 hexadecimal digits of its hash: two parts can give the
    # same name to two different pages (one chance in four at 15,000 pages). Made to happen here.
    pages = search.indexed_pages(site)
    first, second = search._index_parts(site, pages, tmp_path / "parts", len(pages) // 2 + 1)
    taken = _pages(first)[0][0]
    meta = _meta(second)
    renamed = meta[1][3][0]
    (second / "fragment" / f"{renamed}.pf_fragment").rename(second / "fragment" / f"{taken}.pf_fragment")
    meta[1][3][0] = taken
    _rewrite_meta(second, meta)

    pagefind_bundle.merge([first, second], tmp_path / "merged")

    merged = decoded(tmp_path / "merged")
    assert merged == one_run
    assert merged["names_unique"]


def test_parts_pagefind_would_merge_differently_are_indexed_in_one_run(site: Path, one_run: dict[str, Any],
                                                                       tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.maillage")
    # A filter (the merge does not join filters) and a page address a glob would read as a pattern.
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind*"))
    page = copy / search.indexed_pages(copy)[0]
    html = page.read_text("utf-8")
    page.write_text(html.replace("data-pagefind-body", 'data-pagefind-body data-pagefind-filter="essai:oui"', 1),
                    "utf-8")
    search.index(copy, how=search.Indexing(pages_per_run=10))
    with_filter = decoded(copy / "pagefind")
    assert with_filter["filters"] and with_filter["page_count"] == one_run["page_count"]
    assert "une seule fois (parties non fusionnables : filtres ou tris)" in caplog.text
    assert not (copy / ".pagefind-parties").exists()

    page.write_text(html, "utf-8")
    odd = page.parent.with_name(page.parent.name + "[1]")
    page.parent.rename(odd)
    shutil.rmtree(copy / "pagefind")
    search.index(copy, how=search.Indexing(pages_per_run=10))
    assert decoded(copy / "pagefind")["page_count"] == one_run["page_count"]
    assert "adresse de page hors de [a-z0-9._/-]" in caplog.text


def test_numbered_fragments_keep_the_search_pagefind_wrote_and_halve_its_page_list(
        site: Path, one_run: dict[str, Any], tmp_path: Path) -> None:
    raw = tmp_path / "brut"
    search._run(site, raw)  # Pagefind alone, its own names
    raw_meta = next(raw.glob("*.pf_meta")).stat().st_size
    assert decoded(raw) == one_run  # the site's own bundle (numbered by the build) says the same

    compacted = tmp_path / "numerote"
    shutil.copytree(raw, compacted)
    pagefind_bundle.compact(compacted)

    assert decoded(compacted) == one_run
    names = [name for name, _ in _pages(compacted)]
    index = names[0].split("-")[0]
    assert len(index) == 8 and names[:3] == [f"{index}-0", f"{index}-1", f"{index}-2"]
    assert sorted(path.stem for path in (compacted / "fragment").iterdir()) == sorted(names)
    assert len(list(compacted.glob("*.pf_meta"))) == 1
    assert next(compacted.glob("*.pf_meta")).stat().st_size < raw_meta


def test_numbered_fragments_are_renamed_whenever_any_page_changes(site: Path, tmp_path: Path) -> None:
    # A browser may keep an old fragment: a name must never come back for other content.
    def numbered(folder: Path) -> list[str]:
        search.index(folder, tmp_path / folder.name / "pagefind")
        return [name for name, _ in _pages(tmp_path / folder.name / "pagefind")]

    first, again, changed = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for copy in (first, again, changed):
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind*"))
    page = changed / search.indexed_pages(changed)[-1]
    page.write_text(page.read_text("utf-8").replace("data-pagefind-body>", "data-pagefind-body>Modifié. ", 1), "utf-8")

    assert numbered(first) == numbered(again)  # the same site, the same names
    assert not set(numbered(first)) & set(numbered(changed))


def test_pagefind_is_pointed_at_entry_pages_only() -> None:
    assert search.entry_pages_glob(["acteurs", "outils"]) == "{acteurs/*/index.html,outils/*/index.html}"
    assert search.entry_pages_glob(["acteurs"], "_recherche-communs-locaux") == \
        "{acteurs/*/index.html,_recherche-communs-locaux/**/*.html}"
    assert search.entry_pages_glob(["act{eurs"]) is None  # read as a pattern: Pagefind walks every page


def test_a_commons_without_entries_still_gets_its_search(site_builder: Any, tmp_path: Path) -> None:
    # Nothing matches the entry pages' glob: Pagefind indexes the pages there are, as it always did.
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text("# Accueil\n\nUn commun qui commence : aucune fiche encore.\n", "utf-8")
    site = site_builder(content, tmp_path, {"territoire": {"departements": ["2A"]}, "git_dates": False})
    assert json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))["languages"]["fr"]["page_count"]


def test_an_installation_without_cbor2_still_gets_its_search_and_says_what_to_install(
        site: Path, one_run: dict[str, Any], tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A virtual environment made before cbor2 joined the `site` extra: Pagefind's own bundle, in
    # one run, and a French line naming the library (no traceback, no build stopped).
    monkeypatch.setattr(pagefind_bundle, "cbor2", None)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.maillage")
    search.index(site, tmp_path / "pagefind", search.Indexing(pages_per_run=10))
    monkeypatch.undo()
    assert decoded(tmp_path / "pagefind") == one_run
    assert all(name.startswith("fr_") for name, _ in _pages(tmp_path / "pagefind"))
    assert 'bibliothèque cbor2 absente de cette installation (pip install "maillage[site]")' in caplog.text


def test_only_a_tag_marks_a_page_for_the_index() -> None:
    assert search._has_body(b'<main class="x"\n data-pagefind-body>texte</main>')
    assert search._has_body(b"<div data-pagefind-body=\"\">texte</div>")
    # Contributed text quoting the attribute is escaped: it is text, not a tag's attribute.
    assert not search._has_body(b"<p>&lt;div data-pagefind-body&gt; dans un texte</p>")
    assert not search._has_body(b"<p>data-pagefind-body</p>")
    assert not search._has_body(b"<p>rien</p>")


def test_runs_are_split_by_themselves_when_one_would_not_fit_in_the_memory_left() -> None:
    gigabyte = 1_000_000_000
    # 15,000 entry pages need about 1.3 GB in one run: split on a machine with 1 GB left, not with 8.
    assert search.automatic_pages_per_run(15_000, 8 * gigabyte) is None
    per_run = search.automatic_pages_per_run(15_000, gigabyte)
    assert per_run is not None and 5_000 <= per_run < 15_000
    assert per_run * search.PAGE_MEMORY + search.PAGEFIND_MEMORY <= 0.8 * gigabyte
    assert search.automatic_pages_per_run(300, gigabyte // 10) is None  # small enough for one run
    assert search.automatic_pages_per_run(100_000, gigabyte // 10) == search.MIN_PAGES_PER_RUN
    assert search.automatic_pages_per_run(15_000, None) is None  # nothing known: one run, as before
    assert search.available_memory() > 0  # read from /proc/meminfo (and a container's limit)


def test_a_build_short_of_memory_indexes_by_lots_and_says_so(site: Path, one_run: dict[str, Any], tmp_path: Path,
                                                             caplog: pytest.LogCaptureFixture,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # The machine's memory, as it would read on a small one: room for ten pages a run (and runs of
    # ten allowed: by default no run is made smaller than 500 pages).
    room = int((search.PAGEFIND_MEMORY + 10.5 * search.PAGE_MEMORY) / 0.8)
    monkeypatch.setattr(search, "available_memory", lambda: room)
    monkeypatch.setattr(search, "MIN_PAGES_PER_RUN", 1)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.maillage")
    search.index(site, tmp_path / "pagefind", search.Indexing(expected_pages=one_run["page_count"]))
    assert decoded(tmp_path / "pagefind") == one_run
    assert "trop peu pour indexer la recherche en une fois : indexation par lots de 10 pages" in caplog.text


def test_pagefind_out_of_memory_is_told_in_french_with_the_way_out() -> None:
    killed = search.failure(-9, "")
    assert "manqué de mémoire" in killed and "recherche_pages_par_lot: 5000" in killed and "5\u202f000" in killed
    aborted = search.failure(134, "memory allocation of 402653184 bytes failed")
    assert "recherche_pages_par_lot" in aborted and "402653184" in aborted
    assert search.failure(1, "Error: no html") == "Error: no html"


@pytest.mark.parametrize("value", [0, -5, "beaucoup", True])
def test_a_lot_size_must_be_a_whole_number_of_at_least_one(value: object) -> None:
    config = MaillageConfig()
    config.load_dict({"recherche_pages_par_lot": value})
    failed, _ = config.validate()
    assert failed and "nombre entier d'au moins 1" in str(dict(failed)["recherche_pages_par_lot"])
    assert isinstance(dict(failed)["recherche_pages_par_lot"], ValidationError)


def test_a_hash_is_written_as_pagefind_writes_it() -> None:
    # Pagefind prints each byte of the SHA-1 without its leading zero (`{:x?}`).
    # SHA-1 of nothing: da39a3ee5e6b4b0d3255bfef95601890afd80709 (0d, 07 and 09 lose their zero).
    assert pagefind_hash(b"") == "da39a3ee5e6b4bd3255bfef95601890afd879"


def _meta(bundle: Path) -> list[Any]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return cbor2.loads(read(bundle / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta"))


def _pages(bundle: Path) -> list[list[Any]]:
    return _meta(bundle)[1]


def _rewrite_meta(bundle: Path, meta: list[Any]) -> None:
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    (bundle / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta").unlink()
    data = cbor2.dumps(meta)
    name = f"fr_{pagefind_hash(data)[:10]}"
    pagefind_bundle._write(bundle / f"pagefind.{name}.pf_meta", data)
    entry["languages"]["fr"]["hash"] = name
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry), "utf-8")
