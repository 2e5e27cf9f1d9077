"""Normalise census fields: names, addresses, communes, phones, e-mails, websites, identifiers.

Two kinds of output per field: a clean display value (what an actor entry shows) and match
keys (what linkage compares: no accents, no case, no legal-form words, abbreviations spelt out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from maillage.model import identifiers, slugify, territory

# Words that say what legal form an organisation has, not who it is.
LEGAL_FORMS = frozenset(
    [
        "association",
        "asso",
        "assoc",
        "ass",
        "compagnie",
        "cie",
        "sarl",
        "sas",
        "sasu",
        "eurl",
        "sa",
        "scop",
        "scic",
        "sci",
        "societe",
        "ste",
        "ets",
        "etablissement",
        "etablissements",
        "gie",
        "earl",
        "selarl",
        "snc",
        "ei",
        "eirl",
        "micro",
        "entreprise",
        "auto",
        "entrepreneur",
    ]
)
# Words too common to tell actors apart; legal forms excepted, kept for acronyms.
STOP_WORDS = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "et",
        "a",
        "au",
        "aux",
        "en",
        "pour",
        "sur",
        "un",
        "une",
        "par",
        "avec",
        "chez",
        "the",
        "of",
        "and",
    ]
)
ABBREVIATIONS = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "stes": "saintes",
    "mjc": "mjc",
    "r": "rue",
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "boul": "boulevard",
    "pl": "place",
    "chem": "chemin",
    "che": "chemin",
    "ch": "chemin",
    "rte": "route",
    "imp": "impasse",
    "all": "allee",
    "fg": "faubourg",
    "sq": "square",
    "crs": "cours",
    "qu": "quai",
    "res": "residence",
    "lot": "lotissement",
    "hab": "habitants",
    "cult": "culturel",
    "intercom": "intercommunal",
    "dept": "departemental",
}
_NAME_ONLY = frozenset({"st", "ste", "sts", "stes"})  # "ste" is also "société": only in names does it mean Sainte
_ADDRESS_NOISE = re.compile(r"\b(?:bp|cs|tsa)\s*\d+\b|\bcedex(?:\s*\d+)?\b")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_PARENTHESES = re.compile(r"\(([^)]*)\)")
_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}")
_VOWELS = set("aeiouy")
# Hosts where many actors share a domain: the first path segment tells them apart.
SHARED_HOSTS = frozenset(
    [
        "facebook.com",
        "fb.com",
        "instagram.com",
        "linktr.ee",
        "twitter.com",
        "x.com",
        "youtube.com",
        "helloasso.com",
        "sites.google.com",
        "linkedin.com",
        "soundcloud.com",
        "bandcamp.com",
    ]
)


def ascii_fold(text: str) -> str:
    """Lower case, accents removed, ligatures spelt out."""
    return slugify(text, max_length=10_000).replace("-", " ")


def tokens(text: str) -> list[str]:
    """Lower-case ASCII words of a text."""
    return [t for t in _NON_ALNUM.split(ascii_fold(text)) if t]


@dataclass(frozen=True, slots=True)
class NameKeys:
    """Match keys of a name."""

    norm: str  # significant words, in order
    sorted_key: str  # the same words sorted (word order does not matter)
    first: str  # first significant word (blocking)
    last: str  # last significant word (blocking, when the first one has a typo)
    acronym: str  # initials of the full name ("maison des jeunes et de la culture" → "mjc")
    sigle: str  # the acronym the name declares or is ("MJC", "(A.D.M.V.)")


def name_keys(name: str, declared_sigle: str = "") -> NameKeys:
    """Match keys of an organisation's name."""
    inner = " ".join(_PARENTHESES.findall(name))
    outer = _PARENTHESES.sub(" ", name)
    words = [ABBREVIATIONS.get(t, t) for t in tokens(outer)]
    meaningful = [t for t in words if t not in STOP_WORDS]
    significant = [t for t in meaningful if t not in LEGAL_FORMS] or meaningful or words
    acronym = "".join(t[0] for t in meaningful) if len(meaningful) >= 3 else ""
    sigle = _sigle(declared_sigle) or _sigle(inner) or _sigle_of_name(outer)
    norm = " ".join(significant)
    first, last = (significant[0], significant[-1]) if significant else ("", "")
    return NameKeys(norm, " ".join(sorted(significant)), first, last, acronym, sigle)


def _sigle(text: str) -> str:
    """An acronym as letters only ("A.D.M.V." → "admv"), or "" if `text` is not one."""
    words = tokens(text)
    letters = "".join(words)
    if not letters or len(letters) > 10 or len(words) > 4 or letters in LEGAL_FORMS:
        return ""
    if len(words) == 1 or all(len(w) == 1 for w in words):
        return letters
    return ""


def _sigle_of_name(name: str) -> str:
    """The acronym a name is or starts with ("MJC", "A.D.M.V.", "ADMD La Haute-Maison")."""
    words = name.strip().split()
    if not words:
        return ""
    first = words[0]
    letters = re.sub(r"[^A-Za-z]", "", first)
    if not 2 <= len(letters) <= 8 or letters.lower() in LEGAL_FORMS:
        return ""
    whole_name_caps = name.upper() == name and len(words) > 1
    if (letters.isupper() and not whole_name_caps) or "." in first or not (_VOWELS & set(letters.lower())):
        return letters.lower()
    return ""


def display_name(name: str) -> str:
    """A readable name: spaces collapsed; an all-capitals name (RNA, SIRENE) gets sentence case."""
    name = _SPACES.sub(" ", name).strip()
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 8 and all(c.isupper() for c in letters):
        words = []
        for index, word in enumerate(name.split(" ")):
            lower = word.lower()
            short_acronym = len(word) <= 4 and not (_VOWELS & set(ascii_fold(lower)))
            if short_acronym or _PARENTHESES.fullmatch(word):
                words.append(word)
            elif index and lower in STOP_WORDS:
                words.append(lower)
            else:
                words.append(lower[:1].upper() + lower[1:])
        name = " ".join(words)
    return name


def address_keys(address: str) -> tuple[str, str]:
    """(normalised address, street number): abbreviations spelt out, post-box noise removed."""
    text = _ADDRESS_NOISE.sub(" ", ascii_fold(address))
    words = [ABBREVIATIONS.get(t, t) if t not in _NAME_ONLY else t for t in _NON_ALNUM.split(text) if t]
    number = words[0] if words and words[0].isdigit() else ""
    return " ".join(words), number


def phone(value: str) -> str | None:
    """A French phone number as `03 29 00 00 00` (or `+…` kept for foreign ones); None if invalid."""
    digits = re.sub(r"\D", "", value)
    if value.strip().startswith("+") and not digits.startswith("33"):
        return "+" + digits if 8 <= len(digits) <= 15 else None
    if digits.startswith("0033"):
        digits = "0" + digits[4:]
    elif digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    if len(digits) == 9 and digits[0] != "0":
        digits = "0" + digits  # spreadsheets drop the leading zero of numbers
    if len(digits) != 10 or not digits.startswith("0"):
        return None
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def email(value: str) -> str | None:
    """A lower-case e-mail address, or None if it is not one."""
    text = value.strip().lower().removeprefix("mailto:")
    return text if _EMAIL.fullmatch(text) else None


def website(value: str) -> tuple[str, str] | None:
    """(URL with scheme, domain key) of a website, or None if it is not one."""
    text = value.strip()
    if not text:
        return None
    if not re.match(r"https?://", text, re.IGNORECASE):
        text = "https://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if "." not in host or any(c.isspace() for c in text):
        return None
    domain = host.removeprefix("www.")
    if domain in SHARED_HOSTS:
        segment = parts.path.strip("/").split("/", 1)[0].lower()
        domain = f"{domain}/{segment}" if segment else domain
    return text, domain


def identifier(value: str) -> str:
    """An official identifier without spaces, dots or dashes, upper case (RNA ids start with W)."""
    return re.sub(r"[\s.\-]", "", value).upper()


def siren(value: str) -> str | None:
    """A valid SIREN, or None."""
    text = identifier(value)
    return text if identifiers.is_siren(text) else None


def siret(value: str) -> str | None:
    """A valid SIRET, or None."""
    text = identifier(value)
    return text if identifiers.is_siret(text) else None


def rna(value: str) -> str | None:
    """A valid RNA number, or None."""
    text = identifier(value)
    return text if identifiers.is_rna(text) else None


def insee_code(value: str) -> str | None:
    """The current commune of an INSEE code: itself, its arrondissement's city, or a merged commune's successor."""
    code = value.strip().upper()
    if len(code) == 4 and code.isdigit():
        code = "0" + code  # spreadsheets drop the leading zero of Ain…Ardèche codes
    places = territory()
    if places.is_commune(code):
        return code
    parent = places.arrondissement(code)
    if parent:
        return parent[1]
    successor = places.successor(code)
    return successor[0] if successor and places.is_commune(successor[0]) else None


def commune_from_postal(postal_code: str, name: str) -> str | None:
    """The commune of a postal code, using the commune name when the code serves several."""
    code = re.sub(r"\D", "", postal_code)
    if len(code) == 4:
        code = "0" + code
    places = territory()
    candidates = places.communes_for_postal_code(code)
    if len(candidates) == 1:
        return candidates[0]
    wanted = slugify(re.sub(r"\b(cedex|arrondissement)\b.*", "", name, flags=re.IGNORECASE))
    wanted = re.sub(r"^(st|ste)-", lambda m: "saint-" if m.group(1) == "st" else "sainte-", wanted)
    for code_ in candidates:
        commune = places.commune(code_)
        if commune and slugify(commune.name) == wanted:
            return code_
    return None


def postal_code(value: str) -> str:
    """Five digits, the leading zero restored; "" when not a postal code."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 4:
        digits = "0" + digits
    return digits if len(digits) == 5 else ""
