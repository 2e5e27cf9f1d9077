"""French messages of the regional commons, gathered in one place."""

from __future__ import annotations

# Reading a local commons.
UNREACHABLE = "injoignable ({reason})"
NO_HTTPX = "httpx n'est pas installé : installez l'extra « regional » (pip install 'maillage[regional]') pour lire un commun local par le web"
HTTP_STATUS = "le serveur répond {status} pour {url}"
TIMEOUT = "pas de réponse en {seconds} s pour {url}"
TOO_LARGE = "{name} dépasse {limit} Mo"
MISSING_FILE = "« {name} » est introuvable"
NOT_JSON = "{name} n'est pas un JSON lisible ({reason})"
NO_MANIFEST = (
    "pas de « commun.json » : ce commun publie ses données au format 1 (Maillage 0.1.0) ; "
    "mettez à jour Maillage sur ce commun local (ce commun lit le format {versions})"
)
NOT_MANIFEST = "« commun.json » n'est pas le manifeste des données d'un commun Maillage"
BAD_VERSION = "format de données {version} : ce commun lit le format {versions} ; mettez à jour Maillage ici ou là-bas"
BAD_MANIFEST_FIELD = "« commun.json » : « {field} » manque ou est invalide"
NO_SITE = (
    "« commun.json » ne donne pas l'adresse publique du site (site_url) : ses fiches ne pourraient pas "
    "être liées ; publiez ce commun avec son adresse"
)
BAD_DIGEST = (
    "{name} ne correspond pas à son empreinte dans « commun.json » (publication en cours, ou fichier "
    "modifié) : relancez la construction plus tard"
)
BAD_FILE_NAME = "« commun.json » nomme un fichier invalide : « {name} »"

# What the regional build says about each local commons.
KEPT_COPY = (
    "{name} ({location}) : {problem}. La dernière bonne copie, lue le {date}, est affichée à la place."
)
NO_COPY = "{location} : {problem}. Aucune copie antérieure : ses fiches ne sont pas affichées."
LOOPBACK = (
    "{name} a pour adresse {site}, une adresse locale : ses liens ne mènent nulle part ailleurs que sur "
    "l'ordinateur qui l'a construit ; publiez-le avec son adresse publique (MAILLAGE_SITE_URL)"
)
MISSING_GATHERED = (
    "{path} cite « {id} », qu'aucun commun local ne publie (ou plus, ou pas lu à cette construction) : "
    "le lien n'est pas affiché"
)
SCHEMA_VERSION = (
    "{name} : ses {plural} suivent la version {theirs} du schéma, ce commun lit la version {ours} : "
    "elles ne sont pas affichées (mettez à jour Maillage ici ou là-bas)"
)
UNKNOWN_TYPE = "{name} : le type « {folder} » n'existe pas dans les schémas de ce commun ; ses fiches ne sont pas affichées"
BAD_RECORD = "{name} : {folder}.json, fiche « {id} » : {reason} ; elle n'est pas affichée"
BAD_RECORD_SHAPE = "{name} : {folder}.json, fiche n° {index} : pas d'identifiant valide ; elle n'est pas affichée"
BAD_DOCUMENT = "{name} : {folder}.json n'est pas un export de {plural} de Maillage ; ses fiches ne sont pas affichées"
ID_TAKEN = (
    "{name} : la fiche {url} prendrait ici l'identifiant « {id} », déjà pris ; elle n'est pas affichée "
    "(donnez à ce commun une autre clé, « cle: », dans mkdocs.yml)"
)
MORE_BAD_RECORDS = "{name} : {count} autres fiches invalides ne sont pas affichées"

# Duplicates.
SPARK_UNAVAILABLE = (
    "le moteur de liaison « spark » (option « liaison ») ne démarre pas : {missing} ; les acteurs sont "
    "rapprochés avec DuckDB (installez l'extra « spark » : pip install 'maillage[spark]', et Java)"
)
NO_LINKAGE = (
    "les acteurs présents dans plusieurs communs ne sont pas rapprochés : la liaison du recensement "
    "n'est pas installée (installez l'extra « regional » : pip install 'maillage[regional]')"
)
DUPLICATES_FILE_UNREADABLE = "{file} : {reason} ; le fichier est ignoré"
DUPLICATES_NOT_MAPPING = "{file} : « separer » et « joindre » sont attendus (des listes de paires de fiches) ; le fichier est ignoré"
DUPLICATES_UNKNOWN_KEY = "{file}, ligne {line} : « {key} » inconnu (seuls « separer » et « joindre » sont lus)"
DUPLICATES_NOT_PAIR = "{file}, ligne {line} : une paire de fiches est attendue, par exemple [adresse-1, adresse-2]"
DUPLICATES_UNKNOWN_ENTRY = "{file}, ligne {line} : « {name} » ne désigne aucun acteur de ce commun ni des communs locaux"
DUPLICATES_REFUSED = "{file}, ligne {line} : « {left} » et « {right} » ne peuvent pas être réunis ({reason})"

# The command line's report (`maillage rencontres region`).
STATE_FRESH = "à jour"
STATE_COPY = "dernière bonne copie"
STATE_ABSENT = "non affiché"
HERE = ", ce commun"
REPORT_VERSIONS = "Formats de données lus : {versions}."
REPORT_SOURCE = "{name} (clé « {key} », format {version}) : {state}{when} — {counts}"
REPORT_NOTHING = "aucune fiche"
REPORT_READ_AT = " (lu le {date})"
REPORT_GROUPS = "Fiches présentes dans plusieurs communs : {count}"

# A regional draw's pool, frozen from the local commons' exports (`frozen.py`).
FREEZE_UNREADABLE = (
    "le commun local {location} ne peut pas être lu maintenant ({problem}) : le vivier d'un tirage régional "
    "se fige sur les exports publiés de chaque commun local, jamais sur une ancienne copie ; réessayez "
    "quand il répond, ou retirez-le de « communs_locaux »"
)
FROZEN_UNREADABLE = "la copie figée {folder} est illisible ({problem})"
FROZEN_INCONSISTENT = (
    "la copie figée du commun « {name} » a été modifiée : {file} ne correspond plus à son manifeste ({folder})"
)
FROZEN_MISSING = "la copie figée du commun « {name} » manque ({folder})"
FROZEN_CHANGED = (
    "la copie figée du commun « {name} » a été modifiée : {file} ({folder}) ne correspond plus à "
    "l'empreinte des engagements"
)
CHANGED_SINCE = (
    "information : le commun local « {name} » publie d'autres données depuis la préparation (lues le {date}) ; "
    "le tirage se vérifie sur la copie figée de ses exports"
)
NOW_UNREADABLE = "information : le commun local « {name} » n'a pas pu être relu aujourd'hui ({problem})"
