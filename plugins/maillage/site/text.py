"""French words of the site's interface, gathered in one place (code stays English)."""

from __future__ import annotations

from datetime import date, datetime

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)

YES = "Oui"
NO = "Non"

SCALE_LABELS = {
    "commune": "Commune",
    "intercommunalite": "Intercommunalité",
    "departement": "Département",
    "region": "Région",
}
TERRITORY_FACETS = {"commune": "Commune", "epci": "Intercommunalité (EPCI)", "departement": "Département"}

WHEN_LABEL = "Quand"
WHEN_UPCOMING = "À venir"
WHEN_PAST = "Passées"
MONTH_LABEL = "Mois"

UPCOMING_MEETUPS = "Rencontres à venir"
PAST_MEETUPS = "Rencontres passées"
TOOLS_USED = "Outils utilisés dans ses projets, expériences et rencontres"
SEE_ALSO_BACK = "Cité comme outil proche par"

BUILD_FAILED = "la construction du site a échoué : {count} problème(s) dans les fiches\n{problems}"
RESERVED_ID = (
    "{path}:1:1: l'identifiant « {id} » est réservé à une page du site : renommez le fichier "
    "(par exemple « {id}-1.md »)"
)
RESERVED_PAGE = (
    "content/{path} : le site produit lui-même cette page ; renommez ce fichier ou supprimez-le "
    "(son contenu ne serait jamais publié)"
)
PAGEFIND_FAILED = "l'indexation Pagefind a échoué : {reason}"

# Titles of the generated pages (escaped where shown).
TERRITORIES_TITLE = "Territoires"
MAP_TITLE = "Carte"
SEARCH_TITLE = "Recherche"
DATA_TITLE = "Données ouvertes"


def french_date(value: date | datetime) -> str:
    """`2026-03-14` → `14 mars 2026` (`1er` for the first day, as French typography wants)."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def french_datetime(value: datetime) -> str:
    """`2026-03-14T18:30+01:00` → `14 mars 2026 à 18 h 30`."""
    return f"{french_date(value)} à {value.hour} h {value.minute:02d}"


def month_label(key: str) -> str:
    """`2026-03` → `mars 2026`."""
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"
