"""A site indexed in parts (`recherche_pages_par_lot`), or with its fragments numbered (every
build), answers visitors as Pagefind's own bundle: Pagefind's script, in Chromium, finds the same
pages with the same scores and excerpts in the three (the bundles themselves are compared in
tests/site/test_search_in_parts.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browsing import Tab, serve

from maillage.site import search

# Accented and plain forms, a title word, a prefix, two words, a word of no page.
QUERIES = ["théâtre", "theatre", "Épinal", "marionnettes", "atel", "musique vallée", "compagnie", "zzzzqx"]

_SEARCH = """async ([base, queries]) => {
  const pagefind = await import(base + "pagefind.js");
  await pagefind.options({ basePath: base, excerptLength: 20 });
  const answers = {};
  for (const query of queries) {
    const found = await pagefind.search(query);
    answers[query] = await Promise.all(found.results.map(async (result) => {
      const data = await result.data();
      return [data.url, Math.round(result.score * 1e6) / 1e6, data.excerpt, data.meta.title];
    }));
  }
  return answers;
}"""


@pytest.fixture(scope="module")
def site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site (its bundle numbered by the build) with Pagefind's own bundle,
    `pagefind-brut/`, and one indexed ten pages a run, `pagefind-lots/`."""
    copy = tmp_path_factory.mktemp("search-parts") / "site"
    shutil.copytree(built_site, copy)
    search._run(copy, copy / "pagefind-brut")
    search.index(copy, copy / "pagefind-lots", search.Indexing(pages_per_run=10))
    return copy


def test_the_same_queries_find_the_same_pages_in_every_bundle(tab: Tab, site: Path) -> None:
    answers = {}
    with serve(site) as base:
        for bundle in ("pagefind-brut", "pagefind", "pagefind-lots"):
            tab.open(base)  # a fresh page: a second import of the same module would share its state
            answers[bundle] = tab.page.evaluate(_SEARCH, [f"/{bundle}/", QUERIES])
            assert tab.visit.page_errors == []

    pagefind = answers["pagefind-brut"]
    assert pagefind["théâtre"] and pagefind["Épinal"] and not pagefind["zzzzqx"]
    assert sum(map(len, pagefind.values())) > 20
    for query in QUERIES:
        # Pages of equal score may come in either run's page order: compare them as sets of equals.
        assert by_score(answers["pagefind"][query]) == by_score(pagefind[query]), query
        assert by_score(answers["pagefind-lots"][query]) == by_score(pagefind[query]), query


def by_score(results: list[list[object]]) -> list[list[object]]:
    return sorted(results, key=lambda result: (-result[1], result[0]))
