"""What Pagefind indexes of an entry page: the entry's own words, not the labels repeated on
every page nor what other entries and the meeting features add around it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from maillage.model import Commons
from maillage.site import urls

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class IndexedText(HTMLParser):
    """The text Pagefind reads: inside `data-pagefind-body`, outside `data-pagefind-ignore`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[bool, bool]] = []  # (in body, ignored) of each open element
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        body, ignored = self.stack[-1] if self.stack else (False, False)
        state = (body or "data-pagefind-body" in names, ignored or "data-pagefind-ignore" in names)
        if tag not in _VOID:
            self.stack.append(state)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == (True, False):
            self.words.append(data)


def indexed_text(html: str) -> str:
    """The indexed words of a page, one space apart."""
    parser = IndexedText()
    parser.feed(html)
    return " ".join(" ".join(parser.words).split())


def test_entry_page_indexes_its_own_words_only(built_site: Path, demo_commons: Commons) -> None:
    suggested = 0
    for entry in demo_commons.of_type("acteurs"):
        if not entry.publishable:
            continue
        html = (built_site / urls.entry_url(entry) / "index.html").read_text("utf-8")
        text = indexed_text(html)
        assert entry.title in text
        resume = entry.data.get("resume")
        if isinstance(resume, str):
            assert " ".join(resume.split()) in text
        for label in ("Informations", "Liens avec d'autres fiches", "À rencontrer", "Échelle"):
            assert label not in text, (entry.id, label)
        suggested += "À rencontrer" in html
    assert suggested > 0  # the meeting suggestions were on the pages, and left out of the index
