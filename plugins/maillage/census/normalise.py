"""Normalise census fields: names, addresses, communes, phones, e-mails, websites, identifiers.

Two kinds of output per field: a clean display value (what an actor entry shows) and match
keys (what linkage compares: no accents, no case, no legal-form words, abbreviations spelt out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from maillage.model import communes, identifiers, slugify, territory

if TYPE_CHECKING:
    from maillage.model.territory import Commune, Scope

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
# Abbreviations in names and addresses, spelt out.
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
# Abbreviations clerks use in organisation names only (« Harm. », « Chor. », « Cie »).
NAME_ABBREVIATIONS = {
    "harm": "harmonie",
    "chor": "chorale",
    "coll": "collectif",
    "cie": "compagnie",
    "ens": "ensemble",
    "mun": "municipal",
    "th": "theatre",
    "cte": "comite",
    "atel": "atelier",
    "fest": "festival",
    "patrim": "patrimoine",
    "orch": "orchestre",
    "bibli": "bibliotheque",
    "biblio": "bibliotheque",
    "mus": "musique",
    "fed": "federation",
    "amic": "amicale",
    "soc": "societe",
    "asso": "association",
    "assoc": "association",
    "ass": "association",
    "cult": "culturel",
}
# What the acronyms of French associations stand for (words as `name_keys` reduces them):
# a name spelt out and its acronym then have the same keys.
ACRONYMS = {
    "mjc": "maison jeune culture",
    "csc": "centre social culturel",
    "fjep": "foyer jeune education populaire",
    "fol": "federation oeuvre laique",
    "omc": "office municipal culture",
    "mpt": "maison pour tout",
    "cac": "centre art contemporain",
    "ecm": "ecole musique",
    "fr": "foyer rural",
    "apf": "association parent",
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
    core: str  # significant words without the commune's name: what tells actors of one town apart
    acronym: str  # initials of the full name ("maison des jeunes et de la culture" → "mjc")
    sigle: str  # the acronym the name declares or is ("MJC", "(A.D.M.V.)")


def name_keys(name: str, declared_sigle: str = "", commune: str | None = None) -> NameKeys:
    """Match keys of an organisation's name (`commune`: the INSEE code of where it is)."""
    inner = " ".join(_PARENTHESES.findall(name))
    outer = _PARENTHESES.sub(" ", name)
    words = _joined_initials([_expand(t) for t in tokens(outer)])
    if inner and not _sigle(inner):
        # « GRENIER (COMPAGNIE DU) »: the parenthesis is part of the name, not an acronym.
        words += [_expand(t) for t in tokens(inner)]
    meaningful = [t for t in words if t not in STOP_WORDS]
    acronym = "".join(t[0] for t in meaningful) if len(meaningful) >= 3 else ""
    significant = _acronyms([stem(t) for t in meaningful if not is_legal_form(t)]) or meaningful or words
    sigle = _sigle(declared_sigle) or _sigle(inner) or _sigle_of_name(outer)
    norm = " ".join(significant)
    first = significant[0] if significant else ""
    town = _commune_words(commune) if commune else frozenset()
    core = " ".join(t for t in significant if t not in town) or norm
    return NameKeys(norm, " ".join(sorted(significant)), first, core, acronym, sigle)


def _expand(token: str) -> str:
    return NAME_ABBREVIATIONS.get(token) or ABBREVIATIONS.get(token, token)


def _joined_initials(words: list[str]) -> list[str]:
    """« M J C » (from « M.J.C. ») → « mjc »."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light French stemming: plural and feminine endings off (« municipales » → « municipal »)."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith(("s", "x")) and not word.endswith(("ss", "us")):
        word = word[:-1]
    for ending, replacement in (("ale", "al"), ("elle", "el"), ("ive", "if"), ("euse", "eur"), ("aux", "al")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + replacement
    return word


@cache
def _acronym_phrases() -> list[tuple[list[str], str]]:
    return sorted(((phrase.split(), acronym) for acronym, phrase in ACRONYMS.items()), key=lambda p: -len(p[0]))


def _acronyms(words: list[str]) -> list[str]:
    """Spelt-out phrases of known acronyms replaced by the acronym (both spellings then match)."""
    out: list[str] = []
    index = 0
    while index < len(words):
        for phrase, acronym in _acronym_phrases():
            if words[index : index + len(phrase)] == phrase:
                out.append(acronym)
                index += len(phrase)
                break
        else:
            out.append(words[index])
            index += 1
    return out


# Long legal-form words, whose typos (« Assocation ») are still legal forms, not names.
_LONG_LEGAL_FORMS = tuple(form for form in LEGAL_FORMS if len(form) >= 8)


@lru_cache(maxsize=65536)
def is_legal_form(word: str) -> bool:
    """A legal-form word, or a typo of a long one (one letter off or two swapped)."""
    if word in LEGAL_FORMS:
        return True
    return len(word) >= 7 and any(_one_edit(word, form) for form in _LONG_LEGAL_FORMS)


def _one_edit(a: str, b: str) -> bool:
    """True when `a` and `b` differ by one deletion, insertion, substitution or transposition."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(a)):
        if a[i] != b[i]:
            if len(a) == len(b):
                return a[i + 1 :] == b[i + 1 :] or (a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :])
            return a[i:] == b[i + 1 :]
    return True


@cache
def _commune_words(code: str) -> frozenset[str]:
    """Words of a commune's name (« charleville », « mezieres »), which name its local actors."""
    commune = territory().commune(code)
    if commune is None:
        return frozenset()
    return frozenset(stem(_expand(t)) for t in tokens(commune.name) if t not in STOP_WORDS)


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


# Legal forms a display name loses: abbreviated or company forms in front, any in parentheses behind
# (« Asso. Chorale X », « SARL Studio X », « Chorale X (ASSOCIATION) »). « Association pour… » stays.
_LEADING_FORM = re.compile(r"^(?:(?:ass|asso|assoc|ste|sté)\.|sarl|sas|sasu|eurl|scop|sa)\s+", re.IGNORECASE)
_TRAILING_FORM = re.compile(r"\s*\((?:[^()]*)\)\s*$")
_ELIDED = re.compile(r"^[dl]['’]", re.IGNORECASE)


def name_noise(name: str) -> int:
    """How much clerical noise a name carries: cut words (« Chor. »), legal forms and their typos
    (« Assocation »), capitals only. Of several spellings of one actor's name, the least noisy
    is the one an entry shows."""
    words = name.split()
    cut = sum(1 for word in words if word.endswith(".") or ("-" in word and word.split("-")[0].lower() in _NAME_ONLY))
    legal = sum(1 for word in tokens(name) if is_legal_form(word) and word != "association")
    capitals = 1 if name.isupper() else 0
    return cut + legal + capitals


def display_name(name: str, commune: str | None = None) -> str:
    """A readable name: spaces collapsed, legal-form noise off, an all-capitals name (RNA, SIRENE)
    in sentence case, and its commune spelt as the official geography spells it."""
    name = _SPACES.sub(" ", name).strip()
    trailing = _TRAILING_FORM.search(name)
    if trailing and is_legal_form(ascii_fold(trailing.group(0)).strip()):
        name = name[: trailing.start()]
    name = _LEADING_FORM.sub("", name) or name
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 8 and all(c.isupper() for c in letters):
        words = []
        for index, word in enumerate(name.split(" ")):
            lower = word.lower()
            short_acronym = len(word) <= 4 and not (_VOWELS & set(ascii_fold(lower)))
            if short_acronym or _PARENTHESES.fullmatch(word):
                words.append(word)
            elif index and (lower in STOP_WORDS or _ELIDED.match(lower)):
                words.append(lower)
            else:
                words.append(lower[:1].upper() + lower[1:])
        name = " ".join(words)
    if commune:
        name = _commune_spelling(name, commune)
    return name


def _commune_spelling(name: str, code: str) -> str:
    """« Société d'histoire de Raon-l'etape » → « … de Raon-l'Étape »."""
    found = territory().commune(code)
    if found is None:
        return name
    target = slugify(found.name)
    if target not in slugify(name, max_length=10_000):
        return name
    words = name.split(" ")
    for size in range(min(len(words), 4), 0, -1):
        for start in range(len(words) - size + 1):
            if slugify(" ".join(words[start : start + size])) == target:
                return " ".join([*words[:start], found.name, *words[start + size :]])
    return name


def address_keys(address: str) -> tuple[str, str]:
    """(normalised address, street number): abbreviations spelt out, post-box noise removed."""
    text = _ADDRESS_NOISE.sub(" ", ascii_fold(address))
    words = [ABBREVIATIONS.get(t, t) if t not in _NAME_ONLY else t for t in _NON_ALNUM.split(text) if t]
    number = words[0] if words and words[0].isdigit() else ""
    return " ".join(words), number


# Overseas départements and collectivities: their numbering region (phonenumbers' codes).
_PHONE_REGIONS = {
    "971": "GP",
    "972": "MQ",
    "973": "GF",
    "974": "RE",
    "975": "PM",
    "976": "YT",
    "977": "BL",
    "978": "MF",
}


def _parsed_phone(value: str, departement: str = "") -> object | None:
    """The number as phonenumbers reads it: in the commune's numbering region, else in France or
    in whichever overseas region makes the national form valid (« 0262 … » is La Réunion)."""
    import phonenumbers

    text = value.strip()
    if not re.search(r"\d", text):
        return None
    region = _PHONE_REGIONS.get(departement[:3], "FR")
    regions = [region, *(r for r in ("FR", *_PHONE_REGIONS.values()) if r != region)]
    possible = None
    for candidate in regions:
        try:
            number = phonenumbers.parse(text, candidate)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return number
        if possible is None and phonenumbers.is_possible_number(number):
            possible = number
        if text.startswith(("+", "00")):
            break  # an international number does not depend on the region it is read in
    return possible


def phone(value: str, departement: str = "") -> str | None:
    """A phone number as people write it in France (`03 29 00 00 00`, `0262 21 34 56`,
    `+44 20 7946 0958` abroad); None if it is not one."""
    import phonenumbers

    number = _parsed_phone(value, departement)
    if number is None:
        return None
    region = phonenumbers.region_code_for_number(number)
    if region == "FR" or region in _PHONE_REGIONS.values():
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_key(value: str, departement: str = "") -> str:
    """The number in E.164 (`+33329000000`): national and international forms of one number agree."""
    import phonenumbers

    number = _parsed_phone(value, departement)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else ""


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


# What an INSEE or postal code column holds when it holds a code (leading zero lost or not).
_CODE = re.compile(r"\d{4,5}|2[AaBb]\d{3}")
# Readings of a code that make it the INSEE code of the place, not a postal code typed in its column.
_DIRECT = (communes.CODE, communes.FORMER_CODE, communes.ARRONDISSEMENT)


def locate_commune(code: str, postal: str, label: str, scope: Scope | None = None) -> str | None:
    """The current commune of a record from what its listing gives, through the model's resolver:
    an INSEE code (or a postal code typed in its column, read with the name), a postal code and
    a commune name written any way (« YUTZ CEDEX », « Charleville », « Charleville-Méz. »),
    inside the commons' territory first. A code that the name and the postal code both
    contradict is a wrong code: the name wins (`code_contradicted` says so)."""
    if code and not _CODE.fullmatch(code.strip()):
        # A name where the code belongs (a correction « commune=Yutz », a sloppy listing).
        label, code = code.strip(), ""
    named = communes.resolve(f"{label} ({postal or code})", scope).commune if label and (postal or code) else None
    if code:
        readings = communes.resolve(code, scope).candidates
        if named is not None and any(c.commune.code == named.code for c in readings):
            # The name settles a code with two readings (an INSEE code that is another commune's postal code).
            return named.code
        direct = [c for c in readings if c.how in _DIRECT]
        if direct:
            return named.code if _contradicted(direct[0].commune, named, postal) else direct[0].commune.code
        postal = postal or postal_code(code)
        named = communes.resolve(f"{label} ({postal})", scope).commune if label and postal else named
    text = f"{label} ({postal})" if label and postal else (label or postal)
    found = named or (communes.resolve(text, scope).commune if text else None)
    if found is None and label and postal:
        found = communes.resolve(label, scope).commune
    return found.code if found else None


def _contradicted(by_code: Commune, named: Commune | None, postal: str) -> bool:
    """The name and the postal code agree on another commune than the code's."""
    return named is not None and named.code != by_code.code and bool(postal) and postal in named.postal_codes


def code_contradicted(code: str, commune: str) -> str | None:
    """The commune an INSEE code designates, when the record was placed elsewhere (its name won)."""
    readings = [c for c in communes.resolve(code).candidates if c.how in _DIRECT] if code else []
    if readings and all(c.commune.code != commune for c in readings):
        return readings[0].commune.name
    return None


def commune_candidates(postal: str, label: str, scope: Scope | None = None, limit: int = 5) -> list[tuple[str, str]]:
    """Communes a record without commune might be in, (code, « Name (postal) — EPCI »), likeliest first."""
    text = f"{label} ({postal})" if label and postal else (label or postal)
    candidates = communes.resolve(text, scope).candidates if text else ()
    return [(c.commune.code, c.label) for c in candidates[:limit]]


def postal_code(value: str) -> str:
    """Five digits, the leading zero restored; "" when not a postal code."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 4:
        digits = "0" + digits
    return digits if len(digits) == 5 else ""
