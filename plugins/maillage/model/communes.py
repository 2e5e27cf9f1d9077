"""The one commune resolver: what a person typed for a commune → the commune(s) it may designate.

Everything that takes a commune from a person goes through `resolve`: `verifier`, the web
form and its picker, issue forms, the census. It reads INSEE codes, postal codes, both at once
(a code that is an INSEE code and another commune's postal code has two readings), names
written any way (accents, hyphens, case, "St"/"Ste", "Thillot (Le)", "Épinal Cedex"), the
common short forms of names ("Charleville" for Charleville-Mézières), abbreviated names
("Charleville-Méz.", "St-Dié-des-V.": a word cut short ends with a point), former communes (answered
with their commune nouvelle), municipal arrondissements, and a name with its postal code
("Sedan (08200)", "08200 Sedan"), codes typed with a space ("97 411", "08 200"). Matches inside the
commons' scope come first; when there are none, the rest of France. The index is built once per
process from the shipped COG table.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from maillage.model.slug import slugify
from maillage.model.territory import Commune, Scope, territory

# How a candidate was found, from the most to the least direct reading.
CODE = "code"  # the INSEE code of a current commune
FORMER_CODE = "ancien_code"  # the INSEE code of a former commune
ARRONDISSEMENT = "arrondissement"  # a municipal arrondissement (code or name) of Paris, Lyon, Marseille
POSTAL_CODE = "code_postal"  # a postal code the commune is served by
NAME = "nom"  # the commune's name
FORMER_NAME = "ancienne_commune"  # the name of a former commune merged into it
SHORT_NAME = "forme_courte"  # a short form of its name ("Charleville")
ABBREVIATION = "abreviation"  # its name with words cut short ("Charleville-Méz.")
PREFIX = "debut"  # the beginning of its name: a suggestion, never an answer by itself

_INSEE = re.compile(r"(?:\d{5}|2[AaBb]\d{3})")
_POSTAL_IN_TEXT = re.compile(r"(?<!\d)(\d{5})(?!\d)")
# A code typed the way it is read aloud, département then commune: « 97 411 », « 08 200 », « 2A 004 ».
_SPACED_CODE = re.compile(r"(?<![\w])(\d{2}|2[AaBb])[ \u00a0\u202f](\d{3})(?!\d)")
_CEDEX = re.compile(r"\bcedex\b(?:\s*\d+)?", re.IGNORECASE)
# A word cut short: letters then a point, before a separator or the end ("Méz.", "V.").
_CUT_WORD = re.compile(r"\w\.(?=[\s\-']|$)")
_WORD_SEPARATORS = re.compile(r"[\s\-']+")
_TRAILING_ARTICLE = re.compile(r"^(?P<name>[^()]+?)\s*\(\s*(?P<article>l'|le|la|les)\s*\)\s*$", re.IGNORECASE)
_SAINTS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# Words that end a short form: "Châlons-en-Champagne" → "Châlons", "Saint-Dié-des-Vosges" → "Saint-Dié".
_CONNECTIVES = frozenset(
    {"sur", "sous", "en", "les", "lez", "le", "la", "de", "des", "du", "d", "aux", "au", "et", "l"}
)
# A short form made of these alone says nothing ("Saint" for Saint-Martin-d'Hères).
_ARTICLES = frozenset({"le", "la", "les", "l"})
_TOO_SHORT = frozenset({"saint", "sainte", "saints", "saintes", "le", "la", "les", "l", "notre", "dame"})


def fold(text: str) -> str:
    """The comparison key of a commune name: no case, accents or punctuation; "St" read as "Saint".

    "Thillot (Le)" and "LE THILLOT" fold alike, so do "St-Dié" and "Saint-Dié", and "Épinal Cedex 9"
    folds like "Épinal".
    """
    text = _CEDEX.sub(" ", text)
    moved = _TRAILING_ARTICLE.match(text)
    if moved:
        article = moved["article"]
        text = f"{article}{'' if article.endswith(chr(39)) else ' '}{moved['name']}"
    words = slugify(text, max_length=200).split("-")
    return "-".join(_SAINTS.get(word, word) for word in words)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A commune a text may designate, and how it was read."""

    commune: Commune
    how: str  # one of the reading constants above
    detail: str = ""  # the former commune's or arrondissement's name; the postal code read

    @property
    def label(self) -> str:
        """"Sedan (08200) — CA Ardenne Métropole": what a person recognises in a list."""
        return commune_label(self.commune)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Every commune a text may designate, the likeliest readings first."""

    text: str
    candidates: tuple[Candidate, ...]

    @property
    def commune(self) -> Commune | None:
        """The commune when the text designates exactly one (a bare prefix never does)."""
        if len(self.candidates) == 1 and self.candidates[0].how != PREFIX:
            return self.candidates[0].commune
        return None

    @property
    def ambiguous(self) -> bool:
        """True when a person must choose among several communes."""
        return self.commune is None and bool(self.candidates)

    def reading(self, how: str) -> list[Candidate]:
        """The candidates found one way (for example every `POSTAL_CODE` reading)."""
        return [c for c in self.candidates if c.how == how]


def commune_label(commune: Commune) -> str:
    """"Sedan (08200) — CA Ardenne Métropole": name, first postal code and intercommunalité (or département)."""
    geo = territory()
    postal = f" ({commune.postal_codes[0]})" if commune.postal_codes else ""
    parent = geo.epcis[commune.epci][0] if commune.epci else geo.departements[commune.departement][0]
    return f"{commune.name}{postal} — {parent}"


def example_commune(scope: Scope | None) -> Commune | None:
    """A commune to give as an example in a form's help: the most populous of the territory
    whose name no other commune bears (None without a territory)."""
    if scope is None:
        return None
    geo = territory()
    index = _index()
    ranked = sorted((geo.commune(code) for code in scope.communes), key=lambda c: (-c.population, c.code))
    unique = [c for c in ranked if len(index.names.get(fold(c.name), ())) == 1]
    return (unique or ranked or [None])[0]


def candidate_text(candidate: Candidate) -> str:
    """A candidate in a French message: "Saint-Martin (05, 05120) : 05139"."""
    commune = candidate.commune
    postal = f", {commune.postal_codes[0]}" if commune.postal_codes else ""
    return f"{commune.name} ({commune.departement}{postal}) : {commune.code}"


class _Index:
    """Names of every current commune, former commune, arrondissement and short form, folded."""

    def __init__(self) -> None:
        geo = territory()
        self.names: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # key → (code, how, detail)
        self.short: dict[str, list[str]] = defaultdict(list)
        for code in geo.commune_codes():
            name = geo.commune(code).name
            key = fold(name)
            self.names[key].append((code, NAME, ""))
            for short in _short_forms(key):
                self.short[short].append(code)
        for name, city in geo.arrondissements().values():
            for key in {fold(name), fold(name.replace(" Arrondissement", ""))}:
                self.names[key].append((city, ARRONDISSEMENT, name))
        for former in geo.former_communes:
            if former.name and geo.is_commune(former.successor):
                key = fold(former.name)
                # "Tampon" for Le Tampon (same code, the name without its article) is the commune's
                # own name, not a former commune merged into it.
                current = fold(geo.commune(former.successor).name)
                renamed = former.code == former.successor and _without_article(current) == key
                self.names[key].append((former.successor, NAME, "") if renamed else
                                       (former.successor, FORMER_NAME, former.name))
        self.sorted_keys = sorted(self.names)


def _without_article(key: str) -> str:
    """A folded name without its leading article: `le-tampon` → `tampon`, `l-etang-sale` → `etang-sale`."""
    first, _, rest = key.partition("-")
    return rest if first in _ARTICLES and rest else key


def _short_forms(key: str) -> set[str]:
    """Short forms of a folded name: its first word, and every beginning that stops before a connective."""
    words = key.split("-")
    forms = {words[0]} if len(words) > 1 else set()
    forms |= {"-".join(words[:i]) for i in range(1, len(words)) if words[i] in _CONNECTIVES}
    return {form for form in forms if form != key and not set(form.split("-")) <= _TOO_SHORT}


@cache
def _index() -> _Index:
    return _Index()


def resolve(text: str, scope: Scope | None = None) -> Resolution:
    """Every commune `text` may designate, inside `scope` first (see the module docstring)."""
    return _resolve(text.strip(), scope)


@lru_cache(maxsize=65536)  # listings repeat the same few hundred names
def _resolve(text: str, scope: Scope | None) -> Resolution:
    if not text:
        return Resolution(text, ())
    joined = _SPACED_CODE.sub(r"\1\2", text)
    code = joined.upper() if len(joined) == 5 else ("0" + joined if len(joined) == 4 and joined.isdigit() else joined)
    if _INSEE.fullmatch(code):
        return Resolution(text, _by_code(code, scope))
    postal = _POSTAL_IN_TEXT.search(joined)
    if postal:
        name = (joined[: postal.start()] + " " + joined[postal.end():]).strip(" ,-()")
        return Resolution(text, _by_name_and_postal_code(name, postal.group(1), scope))
    return Resolution(text, _named(text, scope))


def _named(text: str, scope: Scope | None) -> tuple[Candidate, ...]:
    """Candidates for a name as typed: by its folded form, or, when it has words cut short and
    nothing but beginnings matched, as an abbreviation."""
    found = _by_name(fold(text), scope)
    if _CUT_WORD.search(_CEDEX.sub(" ", text)) and all(c.how == PREFIX for c in found):
        return _by_abbreviation(text, scope) or found
    return found


def _by_abbreviation(text: str, scope: Scope | None) -> tuple[Candidate, ...]:
    """Communes whose name has the same words, those cut short ("Méz.") being their beginnings."""
    words = [(fold(word), word.endswith(".")) for word in _WORD_SEPARATORS.split(_CEDEX.sub(" ", text).strip())]
    words = [(word, cut) for word, cut in words if word]
    if not words:
        return ()
    index = _index()
    geo = territory()
    first = words[0][0]
    codes: list[str] = []
    position = bisect_left(index.sorted_keys, first)
    while position < len(index.sorted_keys) and index.sorted_keys[position].startswith(first):
        key = index.sorted_keys[position]
        parts = key.split("-")
        if len(parts) == len(words) and all(
            part.startswith(word) if cut else part == word for part, (word, cut) in zip(parts, words, strict=True)
        ):
            codes += [c for c, how, _ in index.names[key] if how == NAME]
        position += 1
    return _prefer_scope([Candidate(geo.commune(c), ABBREVIATION) for c in sorted(set(codes))], scope)


def _by_code(code: str, scope: Scope | None) -> tuple[Candidate, ...]:
    """Every reading of a code: INSEE code of a commune, of a former commune or arrondissement, postal code."""
    geo = territory()
    found: list[Candidate] = []
    if geo.is_commune(code):
        found.append(Candidate(geo.commune(code), CODE))
    successor = geo.successor(code)
    if successor and geo.is_commune(successor[0]):
        found.append(Candidate(geo.commune(successor[0]), FORMER_CODE, successor[1]))
    arrondissement = geo.arrondissement(code)
    if arrondissement:
        found.append(Candidate(geo.commune(arrondissement[1]), ARRONDISSEMENT, arrondissement[0]))
    seen = {c.commune.code for c in found}
    found += _served_by(code, seen)
    return _prefer_scope(found, scope)


def _served_by(postal: str, excluded: Collection[str] = ()) -> list[Candidate]:
    """The communes a postal code serves, the most populous (usually the one it is named after) first."""
    geo = territory()
    communes = [geo.commune(c) for c in geo.communes_for_postal_code(postal) if c not in excluded]
    return [Candidate(c, POSTAL_CODE, postal) for c in sorted(communes, key=lambda c: (-c.population, c.code))]


def _by_name_and_postal_code(name: str, postal: str, scope: Scope | None) -> tuple[Candidate, ...]:
    """A name with its postal code: the name's communes served by that code, else the name, else the code."""
    by_name = _named(name, None) if name else ()
    served = tuple(c for c in by_name if postal in c.commune.postal_codes)
    if served:
        return served
    # "Longeville (57740)": a short form the postal code settles, rather than the Longeville of the Doubs.
    geo = territory()
    short = [geo.commune(c) for c in _index().short.get(fold(name), ())] if name else []
    served = _unique(Candidate(c, SHORT_NAME) for c in short if postal in c.postal_codes)
    if served:
        return served
    if by_name and not any(c.how == PREFIX for c in by_name):
        return _named(name, scope)
    return _prefer_scope(_served_by(postal), scope) or _named(name, scope)


def _by_name(key: str, scope: Scope | None) -> tuple[Candidate, ...]:
    """Candidates by name: exact names, then former communes, then short forms, then beginnings."""
    if not key:
        return ()
    index = _index()
    geo = territory()
    exact = [(c, how, detail) for c, how, detail in index.names.get(key, ()) if how != FORMER_NAME]
    former = [(c, how, detail) for c, how, detail in index.names.get(key, ()) if how == FORMER_NAME]
    short = [(c, SHORT_NAME, "") for c in index.short.get(key, ())]
    tiers = [exact, former, short]
    for restrict in ((scope,) if scope else ()) + (None,):
        for tier in tiers:
            kept = [(c, how, d) for c, how, d in tier if restrict is None or restrict.contains(c)]
            if kept:
                if tier is exact:
                    kept += _overshadowing(kept, short, restrict)
                return _unique(Candidate(geo.commune(c), how, d) for c, how, d in kept)
    return _prefixes(key, scope)


# A short form names a town far larger than the commune bearing that exact name: both are offered.
_OVERSHADOW = 10


def _overshadowing(exact: list, short: list, restrict: Scope | None) -> list:
    """Short-form readings of towns more than ten times as populous as every exact match:
    "Charleville" is the name of a village of the Marne, and what people call Charleville-Mézières."""
    geo = territory()
    largest = max(geo.commune(c).population for c, _, _ in exact)
    return [(c, how, d) for c, how, d in short
            if (restrict is None or restrict.contains(c)) and geo.commune(c).population > _OVERSHADOW * largest]


def _prefixes(key: str, scope: Scope | None, limit: int = 20) -> tuple[Candidate, ...]:
    """Communes whose name begins like `key` (inside the scope when it has some), most populous first."""
    index = _index()
    geo = territory()
    codes: list[str] = []
    position = bisect_left(index.sorted_keys, key)
    while position < len(index.sorted_keys) and index.sorted_keys[position].startswith(key):
        codes += [c for c, how, _ in index.names[index.sorted_keys[position]] if how == NAME]
        position += 1
    if scope and any(scope.contains(c) for c in codes):
        codes = [c for c in codes if scope.contains(c)]
    communes = sorted((geo.commune(c) for c in set(codes)), key=lambda c: (-c.population, c.code))
    return tuple(Candidate(c, PREFIX) for c in communes[:limit])


def _prefer_scope(found: list[Candidate], scope: Scope | None) -> tuple[Candidate, ...]:
    """Keep the readings inside the scope when there are some; the order of readings is kept."""
    if scope and any(scope.contains(c.commune.code) for c in found):
        found = [c for c in found if scope.contains(c.commune.code)]
    return _unique(found)


def _unique(candidates: Iterable[Candidate]) -> tuple[Candidate, ...]:
    seen: set[str] = set()
    kept = []
    for candidate in candidates:
        if candidate.commune.code not in seen:
            seen.add(candidate.commune.code)
            kept.append(candidate)
    return tuple(kept)
