"""Contact details written in free text: French phone numbers and e-mail addresses.

A field marked `x-sans-coordonnees` is published as written by someone without an account (a
témoignage): a phone number or an e-mail address in it would publish a person's contact details
without the consent the `x-personnel` fields require. Numbers are recognised in the forms people
type: ten digits from 0 (`06 12 34 56 78`, `06.12.34.56.78`, `0612345678`, `0262 12 34 56`),
international ones for metropolitan France and the overseas départements and collectivités
(`+33 6 12 34 56 78`, `+33 (0)6…`, `0033…`, `+262 692…`, `+590…`, `+687 27 12 34`). Shorter runs
of digits (years, postcodes, commune codes, prices) are never taken for one.
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

PHONE = "un numéro de téléphone"
EMAIL = "une adresse électronique"


def contact_details(text: str) -> Iterator[tuple[str, str]]:
    """What kind of contact detail (`PHONE`, `EMAIL`) `text` holds, and the text found, in order."""
    found = [(m.start(), PHONE, m.group()) for m in _PHONE.finditer(text)]
    found += [(m.start(), EMAIL, m.group()) for m in _EMAIL.finditer(text)]
    for _, kind, value in sorted(found):
        yield kind, value
