"""French words of the site's interface, gathered in one place (code stays English)."""

from __future__ import annotations

# Dates in French are the model's (one formatter for the site, the meeting pages and the draw).
from maillage.model.dates import french_date as french_date
from maillage.model.dates import french_datetime as french_datetime
from maillage.model.dates import month_label as month_label

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
