"""Licences: the one the commons is published under, and the address of each licence code."""

from __future__ import annotations

CONTENT_LICENCE_NAME = "Licence Ouverte / Open Licence 2.0 (Etalab)"
CONTENT_LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# Canonical addresses of the codes allowed by the `licence` field ("autre" has none).
LICENCE_URLS: dict[str, str] = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "etalab-2.0": CONTENT_LICENCE_URL,
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
}


def licence_metadata() -> dict[str, str]:
    """The licence of the exported files, as written into JSON exports."""
    return {"nom": CONTENT_LICENCE_NAME, "url": CONTENT_LICENCE_URL}
