"""French texts of the open data exports and of the data page, gathered in one place."""

from __future__ import annotations

# Columns that are not schema fields (added by the exports).
ID_TITLE = "Identifiant"
ID_DESCRIPTION = "Identifiant stable de la fiche : le nom de son fichier sans « .md »."
URL_TITLE = "Adresse de la fiche"
URL_DESCRIPTION = "Adresse de la page de la fiche sur le site."
TEXT_TITLE = "Texte"
TEXT_DESCRIPTION = "Le texte libre de la fiche, au format Markdown."
UPDATED_TITLE = "Mise à jour"
UPDATED_DESCRIPTION = "Date et heure de la dernière modification de la fiche (historique du dépôt)."
REFERENCE_URL_TITLE = "{title} (adresses)"
REFERENCE_URL_DESCRIPTION = "Adresse des pages des fiches citées dans « {name} »."
COMMUNE_NAME_TITLE = "{title} (nom)"
COMMUNE_NAME_DESCRIPTION = "Nom de la commune dont le code INSEE est dans « {name} » (COG 2026)."

# Field types, as shown in the data page.
TYPE_TEXT = "texte"
TYPE_INTEGER = "nombre entier"
TYPE_NUMBER = "nombre"
TYPE_BOOLEAN = "booléen (CSV : oui / non)"
TYPE_DATE = "date (AAAA-MM-JJ)"
TYPE_DATE_TIME = "date et heure ISO 8601 avec fuseau"
TYPE_URL = "adresse web"
TYPE_EMAIL = "courriel"
TYPE_COMMUNE = "code INSEE de commune"
TYPE_CODE = "code"
TYPE_REFERENCE = "identifiant de fiche ({plural})"
TYPE_JSON = "objet JSON (en CSV : texte JSON)"
TYPE_LIST = "liste : {item} (CSV : valeurs séparées par « {separator} »)"
TYPE_NESTED_LIST = (
    "liste de listes : {item} (CSV : listes séparées par « {separator} », "
    "valeurs d'une même liste par « {inner} »)"
)

# Feed and calendar.
FEED_TITLE = "{site} : fiches nouvelles et mises à jour"
CALENDAR_NAME = "{site} : {plural}"
CALENDAR_DESCRIPTION = "L'agenda publié sur {site}."
ICS_REGISTRATION = "Inscription : {url}"
FEED_RIGHTS = "Licence Ouverte / Open Licence 2.0 (Etalab)"
DEFAULT_SITE_NAME = "Maillage"

# The data page.
DATA_PAGE_TITLE = "Données ouvertes"
DATA_PAGE_INTRO = (
    "Tout ce que publie ce site est aussi disponible en fichiers de données, "
    "régénérés à chaque publication, pour être réutilisés librement : tableurs, cartes, "
    "agendas, lecteurs de flux, autres sites."
)
LICENCE_HEADING = "Licence"
LICENCE_TEXT = (
    "Les fiches sont publiées sous la "
    "[Licence Ouverte / Open Licence 2.0 (Etalab)](https://www.etalab.gouv.fr/licence-ouverte-open-licence/) : "
    "vous pouvez les réutiliser librement, y compris commercialement, en citant la source "
    "(le nom de ce site et l'adresse de la fiche) et la date de mise à jour. "
    "Exception : un outil de la boîte à outils dont le champ « licence » indique une autre licence "
    "est diffusé sous cette licence-là (colonne `licence` du fichier des outils)."
)
GEOGRAPHY_LICENCE_TEXT = (
    "Les noms et codes des communes, intercommunalités, départements et régions viennent du "
    "Code officiel géographique 2026 de l'INSEE, et les coordonnées des communes des contours "
    "IGN Admin Express ; ces données sont elles aussi sous Licence Ouverte "
    "(source : {source})."
)
PRIVACY_HEADING = "Données personnelles"
PRIVACY_TEXT = (
    "Une personne (et non une organisation) n'apparaît dans aucun fichier sans son consentement "
    "explicite à la publication, pas même par son identifiant dans les autres fiches. "
    "Ses coordonnées (courriel, téléphone, adresse) ne sont publiées que si elle y a aussi consenti. "
    "Les champs internes (provenance des informations recensées, consentement et version du format) "
    "ne sont pas exportés."
)
CSV_HEADING = "Ouvrir les fichiers CSV"
CSV_TEXT = (
    "Les fichiers CSV sont encodés en UTF-8 (avec marque d'ordre d'octets, pour qu'Excel reconnaisse "
    "les accents) et utilisent le point-virgule « ; » comme séparateur, comme les tableurs réglés "
    "en français. Une colonne qui contient une liste sépare ses valeurs par « | ». "
    "Les valeurs cochées ou non sont écrites « oui » ou « non »."
)
CSV_FORMULA_TEXT = (
    "Par sécurité, une cellule de texte qui commence par « = », « + », « - », « @ », une tabulation "
    "ou un retour chariot est précédée d'une apostrophe « ' », pour qu'aucun tableur ne l'exécute "
    "comme une formule. Les fichiers JSON contiennent le texte d'origine, sans cette apostrophe."
)
FILES_HEADING = "Les fichiers"
FILE_LINE = "- [{name}]({href}) — {format} : {what}"
FIELDS_HEADING = "Champs des fichiers « {plural} » (CSV et JSON)"
FIELDS_INTRO = (
    "Les fichiers `{csv}` et `{json}` ont une ligne (ou un objet) par fiche, triée par identifiant, "
    "avec ces colonnes. Dans le JSON, les listes sont des tableaux et les nombres et booléens "
    "gardent leur type ; les fiches sont dans la clé `fiches`."
)
FIELDS_TABLE_HEADER = "| Champ | Titre | Description | Type | Valeurs possibles |"
FIELDS_TABLE_RULE = "| --- | --- | --- | --- | --- |"
GEOJSON_HEADING = "Cartes (GeoJSON)"
GEOJSON_TEXT = (
    "Les fichiers GeoJSON (RFC 7946, coordonnées longitude puis latitude en WGS 84) placent "
    "chaque fiche au centre de sa commune — jamais à son adresse. Les fiches dont la commune n'a "
    "pas de coordonnées connues ne sont pas placées : leur nombre et leurs identifiants sont donnés "
    "dans la clé `sans_coordonnees` du fichier."
)
GEOJSON_FILE = (
    "- `{name}` : les {plural} ; chaque point a pour propriétés {properties}, décrites dans le tableau des {plural}."
)
ICS_HEADING = "Agendas (iCalendar)"
ICS_TEXT = (
    "Les fichiers iCalendar (RFC 5545) s'abonnent dans un agenda (Thunderbird, Outlook, "
    "Google Agenda, l'agenda d'un téléphone). Chaque événement y figure avec son titre, son "
    "début et sa fin à l'heure de son lieu (son fuseau s'il en indique un, sinon celui de sa "
    "commune : Europe/Paris en métropole, Indian/Reunion à La Réunion…), son lieu, "
    "son résumé et l'adresse de sa fiche ; son identifiant (UID) ne change pas d'une publication "
    "à l'autre."
)
ICS_FILE = "- `{name}` : les {plural}."
ATOM_HEADING = "Flux des nouveautés (Atom)"
ATOM_TEXT = (
    "Le flux `flux.atom` (RFC 4287) annonce les {limit} fiches créées ou modifiées le plus "
    "récemment, tous types confondus, pour un lecteur de flux."
)
JSONLD_HEADING = "Données structurées dans les pages (JSON-LD)"
JSONLD_TEXT = (
    "Chaque page de fiche contient aussi ses informations principales au format JSON-LD du "
    "vocabulaire schema.org ({types}), "
    "lues par les moteurs de recherche."
)
EXPORT_CSV = "tableur CSV"
EXPORT_JSON = "JSON"
EXPORT_GEOJSON = "GeoJSON"
EXPORT_ICS = "iCalendar"
EXPORT_ATOM = "Atom"
WHAT_TABLE = "une ligne par fiche « {singular} »"
WHAT_RECORDS = "un objet par fiche « {singular} »"
WHAT_GEOJSON = "les {plural}, au centre de leur commune"
WHAT_ICS = "l'agenda des {plural}"
WHAT_ATOM = "les fiches nouvelles et mises à jour"
