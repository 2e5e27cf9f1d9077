"""Contact details written in free text: French phone numbers and e-mail addresses.

A field marked `x-sans-coordonnees` is published as written by someone without an account (a
témoignage): a phone number or an e-mail address in it would publish a person's contact details
without the consent the `x-personnel` fields require. Numbers are recognised in the forms people
type: ten digits from 0 (`06 12 34 56 78`, `06.12.34.56.78`, `0612345678`, `0262 12 34 56`),
international ones for metropolitan France and the overseas départements and collectivités
(`+33 6 12 34 56 78`, `+33 (0)6…`, `0033…`, `+262 692…`, `+590…`, `+687 27 12 34`). Shorter runs
of digits (years, postcodes, commune codes, prices) are never taken for one. New Caledonia's and
French Polynesia's numbers are also typed without their prefix (`27 12 34`, `87 12 34 56`): they are
recognised in groups of two digits with one separator, unless a month or a unit follows (`25 26 27
juillet`). Addresses are recognised as typed and as spelled out to dodge robots
(`louise [at] exemple [point] fr`, `louise arobase exemple point fr`, `louise @ exemple.fr`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# One separator between groups of digits: space, no-break spaces, dot or dash.
_SEP = r"[ .\-\u00a0\u202f]?"
# Country codes of France: metropolitan, then Réunion/Mayotte, Mayotte (old), Saint-Pierre-et-Miquelon,
# Guadeloupe/Saint-Martin/Saint-Barthélemy, Guyane, Martinique, Wallis-et-Futuna, Nouvelle-Calédonie,
# Polynésie française.
_COUNTRY = r"(?:\+|00)[ \u00a0\u202f]?(?:33|262|269|508|590|594|596|681|687|689)"
_PHONE = re.compile(
    rf"(?<![\w+])(?:"
    rf"0[1-9](?:{_SEP}\d{{2}}){{4}}"  # national: 0X XX XX XX XX
    rf"|{_COUNTRY}{_SEP}(?:\(0\){_SEP})?\d(?:{_SEP}\d){{5,8}}"  # international, 6 to 9 digits
    rf")(?![\w])"
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}", re.UNICODE)
# Without their country code: six digits in New Caledonia (first digit 2 to 9), eight from 40, 87
# or 89 in French Polynesia, always with the same separator between pairs, and not inside a longer
# run of pairs (a national number) nor before a month, an hour, a price or a count (days of a
# festival, scores).
_PAIR = r"[ .\u00a0\u202f]"
_PHONE_PACIFIC = re.compile(
    rf"(?<![\w+,/])(?<!\d{_PAIR})"
    rf"(?:(?:40|87|89)(?P<s8>{_PAIR})\d{{2}}(?P=s8)\d{{2}}(?P=s8)\d{{2}}|[2-9]\d(?P<s6>{_PAIR})\d{{2}}(?P=s6)\d{{2}})"
    rf"(?![\w/]|,\d|{_PAIR}\d)"
    r"(?!\s*(?:janv|f[ée]vr|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c|h\b|heures?\b|€|euros?\b|%|points?\b|personnes?\b|ans\b|km\b|places?\b))",
    re.IGNORECASE,
)
# An address spelled out: a bracketed or spelled « at », or an « @ » set apart by spaces, and
# a dot written as a word or in brackets.
_AT = r"(?:\s*[\[({]\s*(?:at|arr?obase|@)\s*[\])}]\s*|\s+arr?obase\s+|\s+@\s*|\s*@\s+)"
_DOT = r"(?:\.|\s*[\[({]\s*(?:dot|point)\s*[\])}]\s*|\s+(?:dot|point)\s+)"
_EMAIL_SPELLED = re.compile(rf"[\w.+\-]+{_AT}[\w\-]+(?:{_DOT}[\w\-]+)*?{_DOT}[a-z]{{2,6}}\b", re.IGNORECASE)

PHONE = "un numéro de téléphone"
EMAIL = "une adresse électronique"


def contact_details(text: str) -> Iterator[tuple[str, str]]:
    """What kind of contact detail (`PHONE`, `EMAIL`) `text` holds, and the text found, in order."""
    found = [(m.start(), PHONE, m.group()) for pattern in (_PHONE, _PHONE_PACIFIC) for m in pattern.finditer(text)]
    found += [(m.start(), EMAIL, m.group()) for pattern in (_EMAIL, _EMAIL_SPELLED) for m in pattern.finditer(text)]
    for _, kind, value in sorted(found):
        yield kind, value
