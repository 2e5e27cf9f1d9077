"""Job Blender Day pairings: which visitor spends the day with which host, and why.

An edition of the day is a project (`projets`) of type Job Blender Day: visitors sign up
by being added to its `acteurs` with the role `participant` (through the web form, an issue or a
pull request, like any edit). Hosts are its other actors who declared the role
`hote_immersion`; if it names none, every actor with that role may host. Each host takes a
few visitors. The pairing maximises, over everyone at once, a score that favours different
worlds, nearby territories and what the host can offer the visitor (an optimal assignment,
`scipy.optimize.linear_sum_assignment`, on a matrix built in id order: deterministic).
The result can be written as `rencontres` entries, one per host.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, tzinfo
from pathlib import Path
from typing import Any

from maillage.meet import texts
from maillage.meet.profiles import Explained, Profile, closeness, other_facets, profiles
from maillage.meet.vocabulary import Vocabulary, default_vocabulary
from maillage.model import (
    Commons,
    Entry,
    entry_path,
    parse_document,
    render_entry,
    slugify,
    validate_entry,
    write_atomic,
)
from maillage.model.dates import parse_moment, place_zone

HOST_ROLE = "hote_immersion"
VISITOR_ROLE = "participant"
DEFAULT_PLACES = 2
# What things are, read from their type (values of the schemas' enums), never from an id:
EDITION_TYPE = "job_blender_day"  # a project of this type is an edition of the day
IMMERSION_TYPE = "immersion"  # a rencontre of this type is one day of immersion at a host
DAY_START, DAY_END = time(9, 0), time(17, 0)

# Weights (integers, so ties are exact): crossing worlds first, then being close, then offers.
FACET_WEIGHT = 30
PROXIMITY_WEIGHT = {"commune": 40, "intercommunalite": 30, "departement": 20, "region": 10, None: 0}
OFFER_WEIGHT = 10
DISCIPLINE_WEIGHT = 5
# Each further visitor at the same host costs a little: visitors spread over hosts when scores tie.
SLOT_PENALTY = 1
TITLE_LIMIT = 200


class PairingError(ValueError):
    """A pairing that cannot be computed or written; the message is French."""


@dataclass(frozen=True, slots=True)
class Pair(Explained):
    """One visitor at one host, with the French reasons."""

    host: str
    visitor: str
    score: int
    reasons: tuple[str, ...]


@dataclass
class Pairing:
    """The pairs of one edition, and the visitors left without a host."""

    edition: str
    pairs: list[Pair]
    unmatched: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    def by_host(self) -> dict[str, list[Pair]]:
        """Pairs grouped by host, hosts in id order, visitors in id order."""
        grouped: dict[str, list[Pair]] = {}
        for pair in sorted(self.pairs, key=lambda p: (p.host, p.visitor)):
            grouped.setdefault(pair.host, []).append(pair)
        return grouped


def is_edition(entry: Entry) -> bool:
    """Whether a project is a Job Blender Day edition: its type says so."""
    return entry.type.folder == "projets" and entry.data.get("type") == EDITION_TYPE


def _members(entry: Entry) -> list[tuple[str, str]]:
    """(actor id, role) of a project's actors, skipping malformed items (`maillage verifier` reports them)."""
    items = entry.data.get("acteurs")
    if not isinstance(items, list):
        return []
    return [
        (item["acteur"], item["role"]) for item in items
        if isinstance(item, dict) and isinstance(item.get("acteur"), str) and isinstance(item.get("role"), str)
    ]


def participants(commons: Commons, edition: Entry, people: dict[str, Profile]) -> tuple[list[Profile], list[Profile]]:
    """(hosts, visitors) of an edition, publishable only, in id order."""
    members = _members(edition)
    visitors = {a for a, role in members if role == VISITOR_ROLE and a in people}
    named_hosts = {a for a, role in members if role != VISITOR_ROLE and a in people and HOST_ROLE in people[a].roles}
    hosts = named_hosts or {a for a, p in people.items() if HOST_ROLE in p.roles}
    visitors -= hosts
    return [people[a] for a in sorted(hosts)], [people[a] for a in sorted(visitors)]


def pair_score(host: Profile, visitor: Profile, vocabulary: Vocabulary) -> tuple[int, tuple[str, ...]]:
    """How good a day at `host` is for `visitor`, and why, in French."""
    facets = other_facets(host, visitor)
    near = closeness(host, visitor)
    offers = sorted(host.propose & visitor.recherche, key=list(vocabulary.resources).index)
    shared = sorted(host.disciplines & visitor.disciplines, key=list(vocabulary.disciplines).index)
    score = FACET_WEIGHT * len(facets) + PROXIMITY_WEIGHT[near] + OFFER_WEIGHT * len(offers)
    score += DISCIPLINE_WEIGHT * min(len(shared), 1)
    if facets:
        values = ", ".join(
            f"{vocabulary.facet_value(f, visitor.univers[f])} ↔ {vocabulary.facet_value(f, host.univers[f])}"
            for f in facets
        )
        reasons = [texts.PAIR_OTHER_UNIVERS.format(values=values)]
    else:
        reasons = [texts.PAIR_SAME_UNIVERS]
    reasons.append(texts.PAIR_SAME_PLACE[near].format(name=host.places[near].name) if near else texts.PAIR_FAR)
    reasons += [texts.PAIR_HOST_GIVES.format(resource=vocabulary.resource(r)) for r in offers[:1]]
    if shared:
        reasons.append(texts.PAIR_DISCIPLINE.format(disciplines=", ".join(vocabulary.discipline(d) for d in shared)))
    return score, tuple(reasons)


def pair(
    commons: Commons,
    edition_id: str,
    places: int = DEFAULT_PLACES,
    vocabulary: Vocabulary | None = None,
    people: dict[str, Profile] | None = None,
) -> Pairing:
    """The best pairing of an edition's visitors with its hosts, `places` visitors per host at most."""
    edition = commons.entries.get(edition_id)
    if edition is None or not edition.publishable:
        raise PairingError(texts.PAIR_UNKNOWN.format(id=edition_id))
    if edition.type.folder != "projets":
        raise PairingError(texts.PAIR_NOT_AN_EDITION.format(id=edition_id))
    vocabulary = vocabulary or default_vocabulary()
    people = people if people is not None else profiles(commons)
    hosts, visitors = participants(commons, edition, people)
    result = Pairing(edition_id, [], names={p.id: p.name for p in (*hosts, *visitors)})
    if not visitors:
        return result
    if not hosts:
        raise PairingError(texts.PAIR_NO_HOST)
    slots = [(host, rank) for host in hosts for rank in range(max(places, 1))]
    scores: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}
    matrix = []
    for visitor in visitors:
        for host in hosts:
            scores[(host.id, visitor.id)] = pair_score(host, visitor, vocabulary)
        matrix.append([scores[(host.id, visitor.id)][0] - SLOT_PENALTY * rank for host, rank in slots])
    matched = set()
    for i, j in best_assignment(matrix):
        host, visitor = slots[j][0], visitors[i]
        score, reasons = scores[(host.id, visitor.id)]
        result.pairs.append(Pair(host.id, visitor.id, score, reasons))
        matched.add(visitor.id)
    result.pairs.sort(key=lambda p: (p.host, p.visitor))
    result.unmatched = [v.id for v in visitors if v.id not in matched]
    return result


def _day(text: Any, fallback: time, where: tzinfo) -> str | None:
    """ISO date-time with offset, from a date (`2027-03-18`) at a default hour, or from a date-time."""
    moment = parse_moment(text, where)
    if moment is None:
        return None
    if ":" not in text:  # a day without a time: at the day's usual hour
        moment = datetime.combine(moment.date(), fallback, tzinfo=where)
    return moment.isoformat()


def meetup_entries(
    commons: Commons, pairing: Pairing, start: str | None = None, end: str | None = None
) -> list[tuple[str, dict[str, Any], str]]:
    """One `rencontres` entry per host: (id, front matter, body), validated data in schema order."""
    edition = commons.entries[pairing.edition]
    if parse_moment(start or edition.data.get("date_debut")) is None or (end and parse_moment(end) is None):
        raise PairingError(texts.PAIR_NO_DATE.format(id=edition.id))
    members = _members(edition)
    launched = [a for a, role in members if role == "porteur" and _publishable(commons, a)]
    facilitators = [a for a, role in members if role == "facilitateur" and _publishable(commons, a)]
    tools = [t for t in edition.data.get("outils", []) if isinstance(t, str)]
    result = []
    for host_id, pairs in pairing.by_host().items():
        host = commons.entries[host_id]
        # The day is at the host's time: 9 h in La Réunion is not 9 h in Paris.
        where = place_zone(host.data["commune"])
        begin = _day(start or edition.data.get("date_debut"), DAY_START, where)
        finish = _day(end or start or edition.data.get("date_debut"), DAY_END, where)
        title = texts.PAIR_TITLE.format(call=edition.title, host=host.title)[:TITLE_LIMIT]
        data: dict[str, Any] = {
            "schema_version": 1,
            "titre": title,
            "type": IMMERSION_TYPE,
            "debut": begin,
            "fin": finish,
            "lieu": {"nom": host.title[:TITLE_LIMIT], "commune": host.data["commune"]},
            "echelle": "commune",
            "hote": host_id,
            "participants": [p.visitor for p in pairs],
        }
        if facilitators:
            data["facilitateurs"] = facilitators
        data["lance_par"] = launched or [host_id]
        if tools:
            data["outils"] = tools
        data["projet"] = edition.id
        lines = [texts.PAIR_BODY_INTRO.format(call=edition.title), ""]
        lines += [texts.PAIR_LINE.format(visitor=pairing.names[p.visitor], reasons=p.line) for p in pairs]
        result.append((slugify(title), data, "\n".join(lines)))
    return result


def _publishable(commons: Commons, entry_id: str) -> bool:
    entry = commons.entries.get(entry_id)
    return entry is not None and entry.publishable


def write_meetups(commons: Commons, pairing: Pairing, start: str | None = None, end: str | None = None) -> list[Path]:
    """Write the pairing's `rencontres` entries; nothing is written if any would be invalid or exists."""
    folder = "rencontres"
    staged: list[tuple[Path, str]] = []
    for entry_id, data, body in meetup_entries(commons, pairing, start, end):
        path = entry_path(commons.root, folder, entry_id)
        if path.exists() or entry_id in commons.entries:
            raise PairingError(texts.PAIR_EXISTS.format(path=path))
        text = render_entry(data, body)
        document = parse_document(text.encode("utf-8"), str(path))
        problems = validate_entry(commons.schemas.by_folder[folder], document, commons.schemas)
        if problems:
            raise PairingError(texts.PAIR_INVALID.format(path=path, problems="; ".join(p.format() for p in problems)))
        staged.append((path, text))
    for path, text in staged:
        write_atomic(path, text)
    return [path for path, _ in staged]


def best_assignment(weights: list[list[int]]) -> list[tuple[int, int]]:
    """(row, column) pairs of a maximum-weight assignment of rows to columns (each used once).

    SciPy is imported here, on use: the site and the other `rencontres` commands load this
    module without ever pairing anyone.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(np.array(weights, dtype=np.int64), maximize=True)
    return list(zip(rows.tolist(), cols.tolist(), strict=True))
