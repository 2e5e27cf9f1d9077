"""French words of the site's interface, gathered in one place (code stays English)."""

from __future__ import annotations

from datetime import datetime, tzinfo

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
# What a territory's official code is called: a bare "88160" reads like a postal code.
CODE_LABELS = {"commune": "code INSEE", "intercommunalite": "SIREN", "departement": "code", "region": "code"}
TERRITORY_FACETS = {"commune": "Commune", "epci": "Intercommunalité (EPCI)", "departement": "Département"}

# The empty choice of a facet's drop-down list, agreeing with its noun where the site knows it.
ANY_VALUE = {"commune": "Toutes les communes", "epci": "Toutes les intercommunalités",
             "departement": "Tous les départements", "mois": "Tous les mois"}
ANY_VALUE_DEFAULT = "Indifférent"
# A card's place: its commune, and the wider territory it covers (« Épinal · Vosges »).
PLACE_WITH_AREA = "{commune} · rayonne sur {area}"

ORIGIN_FACET = "Commun d'origine"
LISTING_PAGE_TITLE = "{title}, page {number}"
# Where an entry comes from, on a card the script builds (`templates/fragments/maillage/origin.html` says the same).
ORIGIN_LABEL, ORIGINS_LABEL, ALSO_PUBLISHED_BY = "Commun d'origine", "Communs d'origine", "Aussi publié par"
HERE = "Ce commun"
WHEN_LABEL = "Quand"
WHEN_UPCOMING = "À venir"
MONTH_LABEL = "Mois"

UPCOMING_EVENTS = "{plural} à venir"

BUILD_FAILED = "la construction du site a échoué : {count} problème(s) dans les fiches\n{problems}"
RESERVED_ID = (
    "{path}:1:1: l'identifiant « {id} » est réservé à une page du site : renommez le fichier "
    "(par exemple « {id}-1.md »)"
)
RESERVED_PAGE = (
    "content/{path} : le site produit lui-même cette page ; renommez ce fichier ou supprimez-le "
    "(son contenu ne serait jamais publié)"
)
UNKNOWN_SECTION = "section « {name} » inconnue (x-section d'un schéma) ; sections possibles : {known}"
PAGEFIND_FAILED = "l'indexation Pagefind a échoué : {reason}"
SEARCH_NAMES_KEPT = "Index de recherche laissé avec les noms de fichiers de Pagefind : {reason}"
SEARCH_BY_LOTS = (
    "Mémoire disponible : {memory} Go, trop peu pour indexer la recherche en une fois : "
    "indexation par lots de {pages} pages (option recherche_pages_par_lot)"
)
PAGEFIND_OUT_OF_MEMORY = (
    "Pagefind a manqué de mémoire. Faites-le indexer par lots : ajoutez "
    "« recherche_pages_par_lot: {pages} » sous « - maillage: » dans mkdocs.yml "
    "(environ 400 Mo par lot de {pages_text} pages ; la recherche reste la même)"
)
BESIDE_FAILED = "l'écriture des données ouvertes et des agendas a échoué : {reason}"
PAGES_APART_FAILED = "l'écriture des pages des fiches par le second processus a échoué : {reason}"

# The preview (`mkdocs serve`): what was made again after an edit, and how long it took.
PREVIEW_DONE = "Aperçu à jour en {seconds} s : {changed} ; {rendered} page(s) refaite(s), {removed} retirée(s)"
PREVIEW_WHOLE = "Aperçu : listes, carte, tableaux et pages d'ensemble à jour en {seconds} s ({count} page(s))"
PREVIEW_FULL = "Aperçu : un fichier autre qu'une fiche a changé, le site entier est reconstruit"
PREVIEW_REFUSED = "Aperçu non mis à jour (le site servi reste la dernière version valide) : {reason}"
PREVIEW_STRICT = ("Aperçu : {count} avertissement(s) ci-dessus ; en mode strict, `mkdocs build` échouerait "
                  "sur ce contenu")
DEFERRED_DONE = "Aperçu : recherche, données ouvertes et agendas à jour en {seconds} s"
PREVIEW_FILE_DONE = "Aperçu écrit en {seconds} s : {path}"
PREVIEW_FILE_REFUSED = "{path} : fiche à corriger avant son aperçu (problèmes ci-dessus)"
PREVIEW_FILE_NOT_ENTRY = ("ce fichier n'est pas une fiche : une fiche est un fichier .md dans l'un des dossiers "
                          "{folders}")
PREVIEW_FILE_NOTICE = ("Aperçu de cette seule fiche : les liens vers les autres fiches, les territoires et "
                       "les suggestions apparaissent dans le site (make site).")
DEFERRED_FAILED = "Aperçu : la recherche, les données ouvertes ou les agendas n'ont pas pu être refaits : {reason}"

# Titles of the generated pages (escaped where shown).
TERRITORIES_TITLE = "Territoires"
MAP_TITLE = "Carte"
SEARCH_TITLE = "Recherche"
DATA_TITLE = "Données ouvertes"
LOCAL_COMMONS_TITLE = "Communs locaux"
# A regional commons' build says what it could not read, without failing (`mkdocs build --strict`
# fails on warnings): a neighbour that is down must not stop the region's publication.
FEDERATION_NOTE = "Attention : {warning}"


def french_list(items: list[str]) -> str:
    """`["a", "b", "c"]` → `a, b et c`."""
    return " et ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def map_title(plurals: list[str]) -> str:
    """« Carte des acteurs et des rencontres »."""
    return f"{MAP_TITLE} " + french_list([f"des {p}" for p in plurals]) if plurals else MAP_TITLE


def map_intro(plurals: list[str]) -> str:
    """« Les acteurs et les rencontres »."""
    joined = french_list([f"les {p}" for p in plurals])
    return joined[:1].upper() + joined[1:]


def past_one(feminine: bool) -> str:
    """« passée » or « passé »: the badge of one event that is over."""
    return "passée" if feminine else "passé"


def past(feminine: bool) -> str:
    """« passées » or « passés », agreeing with the events of a type (`x-nom.feminin`)."""
    return "passées" if feminine else "passés"

# The footer (RGAA: the conformity status on every page, linking to the statement).
ACCESSIBILITY_FOOTER = "Accessibilité : {status}"
NOT_AUDITED = "non conforme"



# The buttons of an entry page's key facts.
CONTACT = "Contacter"
REGISTER = "S'inscrire"
ADD_TO_CALENDAR = "Ajouter à mon agenda"
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _hour(moment: datetime) -> str:
    return f"{moment.hour} h {moment.minute:02d}"


def event_when(start: datetime, end: datetime | None, where: tzinfo, date_only: bool = False) -> str:
    """When an event happens, as a French reader says it, at the event's own time:
    « jeudi 19 mars 2026, de 9 h 00 à 17 h 30 », « du 3 mai 2027 à 10 h 00 au 4 mai 2027 à 18 h 00 »."""
    first = start.astimezone(where) if start.tzinfo else start
    last = (end.astimezone(where) if end.tzinfo else end) if end is not None else None
    day = f"{WEEKDAYS[first.weekday()]} {french_date(first.date())}"
    if date_only:
        if last is None or last.date() == first.date():
            return day
        return f"du {day} au {WEEKDAYS[last.weekday()]} {french_date(last.date())}"
    if last is None:
        return f"{day} à {_hour(first)}"
    if last.date() == first.date():
        return f"{day}, de {_hour(first)} à {_hour(last)}"
    return f"du {day} à {_hour(first)} au {WEEKDAYS[last.weekday()]} {french_date(last.date())} à {_hour(last)}"

# Pictures (site/pictures.py).
PICTURE_UNREADABLE = "l'image « {path} » ne peut pas être lue ({reason})"
PICTURE_NOT_DECODED = "« {path} » n'est pas une image PNG, JPEG, WebP ou GIF lisible ({reason})"
PICTURE_UNKNOWN = "son contenu n'est celui d'aucun de ces formats"
PICTURE_DAMAGED = "le fichier est abîmé ou incomplet"
PICTURE_TOO_LARGE = "plus de {limit} millions de pixels : réduisez-la avant de l'ajouter"
PICTURES_FAILED = "la construction du site a échoué : {count} image(s) inutilisable(s)\n{problems}"
