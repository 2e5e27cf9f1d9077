"""Témoignages on entry pages: what people said after a rencontre, shown as quotes where it matters.

Read from the types with `x-temoignage`: a testimony is shown in full on the page of the entry it
is about (a rencontre), and on the pages of the entries that entry cites (its host, participants,
facilitators: an actor's page shows what was said of its rencontres), and of any entry it cites
itself (the actor its author came with). Only publishable testimonies are known (the catalogue
leaves out those without consent). The page of an event offers to testify once it is over,
through the web form (no account) or the forge's issue form, the event already filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from markupsafe import Markup

from maillage.model import Entry, EntryType, first_value
from maillage.model.dates import french_date, parse_moment
from maillage.model.schemas import values_at
from maillage.model.settings import Settings
from maillage.site import urls
from maillage.site.catalogue import Catalogue
from maillage.site.labels import Labels
from maillage.site.templating import template_name

FORGES_WITH_ISSUE_FORMS = ("github.com",)


@dataclass(frozen=True)
class Quote:
    """One testimony as the page quotes it."""

    entry: Entry
    text: str
    signature: str
    notes: tuple[str, ...]  # its `x-apercu` values (how its author took part)
    about: Entry  # the entry it is about
    written: str | None  # ISO date


@dataclass(frozen=True)
class Invitation:
    """Where to testify about an entry: a link per way of contributing (label, address)."""

    kind: EntryType
    links: tuple[tuple[str, str], ...]
    opens: str | None  # when the event is over (ISO), from which the invitation shows; None: always
    over: bool  # already over when the site was built (the browser checks again)


class Testimonies:
    """Every publishable testimony, by the entries it is to be shown on; built once per build."""

    def __init__(self, catalogue: Catalogue, labels: Labels, settings: Settings, repo_url: str | None) -> None:
        self.catalogue = catalogue
        self.labels = labels
        self.settings = settings
        self.repo_url = repo_url
        self.kinds = [t for t in labels.schemas.types if t.testimony is not None]
        self.about: dict[str, list[Quote]] = {}
        self.citing: dict[str, list[Quote]] = {}
        for kind in self.kinds:
            for entry in catalogue.by_type.get(kind.folder, []):
                self._index(kind, entry)
        for quotes in (*self.about.values(), *self.citing.values()):
            quotes.sort(key=lambda q: (q.written or "", q.entry.id), reverse=True)

    def _index(self, kind: EntryType, entry: Entry) -> None:
        rule = kind.testimony
        assert rule is not None
        text, signature = first_value(entry.data, rule.text), first_value(entry.data, rule.signature)
        written = first_value(entry.data, kind.sort_date)
        for _, target_id in values_at(entry.data, rule.target):
            about = self.catalogue.get(target_id) if isinstance(target_id, str) else None
            if about is None or not isinstance(text, str):
                continue
            notes = tuple(self.labels.value(kind, path, value) for path in kind.preview
                          for _, value in values_at(entry.data, path) if isinstance(value, str))
            quote = Quote(entry, text, signature if isinstance(signature, str) else "", notes, about,
                          written if isinstance(written, str) else None)
            self.about.setdefault(about.id, []).append(quote)
            # The pages of the entries it cites (its author's actor), and those of the same types its
            # subject cites (the rencontre's host and participants; not the tools it used).
            references = self.labels.schemas.reference_fields(kind)
            folders = {folder for _, folder in references}
            cited = {t for pattern, _ in references
                     for _, t in values_at(entry.data, pattern) if isinstance(t, str) and t != about.id}
            cited |= {t for pattern, folder in self.labels.schemas.reference_fields(about.type) if folder in folders
                      for _, t in values_at(about.data, pattern) if isinstance(t, str)}
            for other in cited:
                if self.catalogue.get(other) is not None:
                    self.citing.setdefault(other, []).append(quote)

    def invitations(self, entry: Entry) -> list[Invitation]:
        """Where to testify about this entry (for each testimony type about its type)."""
        found = []
        for kind in self.kinds:
            rule = kind.testimony
            assert rule is not None
            if rule.folder != entry.type.folder:
                continue
            field = ".".join(part for part in rule.target if part != "*")
            links = []
            if self.settings.form_url:
                query = urlencode({field: entry.id})
                links.append(("formulaire", f"{self.settings.form_url.rstrip('/')}/proposer/{kind.folder}?{query}"))
            if self.repo_url and urlsplit(self.repo_url).hostname in FORGES_WITH_ISSUE_FORMS:
                query = urlencode({"template": f"{kind.schema}.yml", field: entry.id})
                links.append(("ticket", f"{self.repo_url.rstrip('/')}/issues/new?{query}"))
            opens = _end(entry)
            moment = parse_moment(opens)
            over = moment is None or moment.tzinfo is None or moment < self.catalogue.built_at
            found.append(Invitation(kind, tuple(links), opens, over))
        return found

    def section(self, entry: Entry, root: str, env: object) -> Markup | None:
        """The testimonies of an entry page (None when there is nothing to show or offer)."""
        about = self.about.get(entry.id, [])
        citing = [q for q in self.citing.get(entry.id, []) if q not in about]
        invitations = self.invitations(entry)
        if not (about or citing or invitations):
            return None
        html = env.get_template(template_name("testimonies.html")).render(  # type: ignore[attr-defined]
            root=root, subject=entry, about=about, citing=citing, invitations=invitations,
            french_date=french_date, paragraphs=_paragraphs,
            contribute_url=urls.CONTRIBUTE_PAGE.removesuffix(".md") + "/",
        )
        return Markup(html)


def _end(entry: Entry) -> str | None:
    """When an event is over (its `x-calendrier` end, else its start), ISO; None for other entries."""
    calendar = entry.type.calendar
    if calendar is None:
        return None
    end = first_value(entry.data, calendar.end) if calendar.end else None
    end = end if parse_moment(end) is not None else first_value(entry.data, calendar.start)
    return end if isinstance(end, str) and parse_moment(end) is not None else None


def _paragraphs(text: str) -> list[str]:
    """A testimony's text as paragraphs (a blank line between two), each line kept."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
