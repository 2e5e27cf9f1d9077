"""French messages of the content model, gathered in one place.

Every message a contributor reads about an entry comes from here, so wording stays
consistent across `maillage verifier`, the site build, the forms and CI annotations.
"""

from __future__ import annotations

# Files
FILE_TOO_LARGE = "fichier trop gros ({size} octets) : une fiche ne doit pas dépasser {limit} octets"
FILE_UNREADABLE = "impossible de lire le fichier : {reason}"
DATA_FILE_TOO_LARGE = "fichier de données trop gros ({size} octets) : il ne doit pas dépasser {limit} octets"
DATA_FILE_SYNTAX = "fichier de données illisible (JSON invalide) : {reason}"
DATA_FILE_NOT_OBJECT = "le fichier de données doit contenir un objet JSON (des champs entre accolades)"
DATA_FILE_UNKNOWN_FIELD = (
    "champ « {field} » inattendu dans le fichier de données (champs possibles : {allowed})"
)
DATA_FILE_FIELD_TWICE = (
    "le champ « {field} » est écrit dans la fiche et dans son fichier de données {file} : "
    "gardez-le à un seul endroit"
)
DATA_FILE_DUPLICATE_KEY = "clé « {key} » en double"
DATA_FILE_CONSTANT = "valeur « {name} » interdite en JSON"
BOM = (
    "le fichier commence par une marque d'ordre d'octets (BOM) : "
    "enregistrez-le en « UTF-8 sans BOM »"
)
NUL_BYTE = "le fichier contient un caractère nul (octet 0) : ce n'est pas un fichier texte valide"
NOT_UTF8 = (
    "le fichier n'est pas encodé en UTF-8 (octet 0x{byte:02x} inattendu) : "
    "enregistrez-le en UTF-8"
)
NO_FRONT_MATTER = (
    "la fiche doit commencer par une ligne « --- », suivie des champs, puis d'une autre ligne « --- »"
)
FRONT_MATTER_NOT_CLOSED = "l'en-tête de la fiche n'est pas fermé : ajoutez une ligne « --- » après les champs"
FRONT_MATTER_NOT_MAPPING = "l'en-tête de la fiche doit être une liste de champs « nom: valeur »"
BAD_FILE_NAME = (
    "nom de fichier invalide « {name} » : utilisez seulement des minuscules sans accent, "
    "des chiffres et des tirets, suivis de « .md » (par exemple « {suggestion}.md »)"
)
DUPLICATE_ID = "identifiant « {id} » déjà utilisé par {other} : chaque fiche doit avoir un nom de fichier unique"
# What the content folder may hold (model/layout.py)
_CONTENT_ACCEPTS = (
    "content/ ne contient que des fiches, des pages Markdown et des images (PNG, JPEG, GIF, WebP, AVIF, ICO)"
)
CONTENT_SYMLINK = (
    "lien symbolique refusé : « {name} » renvoie vers un autre fichier ou dossier, que le site publierait "
    "tel quel ; remplacez le lien par le fichier lui-même"
)
CONTENT_SPECIAL_FILE = (
    "fichier spécial refusé : « {name} » n'est pas un fichier ordinaire (tube nommé, périphérique ou socket) ; "
    "supprimez-le"
)
CONTENT_ORPHAN_DATA_FILE = (
    "fichier de données « {name} » sans sa fiche : il accompagne la fiche du même nom (« .md ») ; "
    "renommez-le comme elle, ou supprimez-le"
)
CONTENT_RAW_FILE = (
    "fichier refusé : « {name} » serait publié tel quel sur le site (une page HTML, un SVG ou un script "
    "s'y exécuteraient) ; " + _CONTENT_ACCEPTS + ". Un fichier du thème (HTML, CSS, JavaScript, SVG) "
    "va dans le dossier du thème (custom_dir), hors de content/, que seule l'équipe modifie"
)
CONTENT_NESTED_MARKDOWN = (
    "fichier Markdown mal placé : « {name} » est dans un sous-dossier de content/{folder}/ ; une fiche se place "
    "directement dans content/{folder}/, une page éditoriale hors des dossiers de fiches"
)
CONTENT_NOT_AN_IMAGE = (
    "« {name} » n'est pas une image {format} valide (son contenu ne commence pas comme une image {format}) ; "
    + _CONTENT_ACCEPTS
)
CONTENT_IMAGE_TOO_LARGE = "image trop lourde ({size} octets) : une image ne doit pas dépasser {limit} Mo"
PERSONAL_WITHOUT_CONTACT_CONSENT = (
    "« {field} » : donnée personnelle d'une personne qui n'a pas accepté la publication de ses coordonnées ; "
    "elle n'est pas publiée, mais le dépôt est public : retirez-la du fichier"
)
CONTACT_IN_TEXT = (
    "« {field} » : ce texte contient {what} ; il est publié tel quel, et les coordonnées d'une "
    "personne ne le sont qu'avec son accord : retirez-le"
)
TESTIMONY_BEFORE_EVENT = (
    "« {field} » : un témoignage porte sur une rencontre passée ; « {title} » commence le {start}, "
    "après la date du témoignage ({written}) : attendez qu'elle ait eu lieu"
)
PERSON_WITHOUT_CONSENT = (
    "fiche d'une personne sans consentement de publication (champ « {field} ») : "
    "rien de personnel ne sera publié"
)

# Invisible characters (model/controls.py)
CONTROL_CHARACTER = (
    "caractère invisible refusé : {name} ; il change ce qu'on lit (dans un terminal, une relecture ou "
    "sur le site) : retirez-le"
)
CONTROL_IN_VALUE = "« {field} » contient un caractère invisible refusé : {name} ; retirez-le"

# YAML
YAML_SYNTAX = "syntaxe YAML invalide : {reason}"
YAML_ALIAS = "les alias YAML (« *nom ») ne sont pas acceptés : écrivez la valeur en entier"
YAML_MERGE = "les fusions YAML (« << ») ne sont pas acceptées : écrivez les champs en entier"
YAML_TAG = "étiquette YAML non autorisée « {tag} » : retirez-la"
YAML_KEY_NOT_TEXT = "le nom de champ « {key} » doit être du texte"
YAML_DUPLICATE_KEY = "champ « {key} » en double (déjà présent ligne {line}) : ne gardez qu'une fois ce champ"

_YAML_PROBLEMS = {
    "mapping values are not allowed here": "deux-points inattendu (mettez la valeur entre guillemets)",
    "could not find expected ':'": "il manque « : » après le nom du champ",
    "found character '\\t' that cannot start any token": "tabulation interdite : indentez avec des espaces",
    "found undefined alias": "alias inconnu",
    "expected <block end>, but found": "indentation incohérente",
    "found unexpected end of stream": "fin de texte inattendue (guillemet ou crochet non fermé ?)",
    "while scanning a quoted scalar": "guillemet non fermé",
    "found unknown escape character": "séquence d'échappement inconnue dans un texte entre guillemets",
}


def translate_yaml_problem(problem: str) -> str:
    """Turn a libyaml problem description into French, keeping the original if unknown."""
    for english, french in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return french
    return f"« {problem} »"


# Schema
SCHEMA_VERSION = "« schema_version » doit valoir {expected}"
REQUIRED = "champ obligatoire « {field} » manquant"
UNKNOWN_FIELD = "champ inconnu « {field} »{hint}"
UNKNOWN_FIELD_HINT = " (vouliez-vous dire « {suggestion} » ?)"
TYPE = "« {field} » : {expected} attendu, « {value} » trouvé"
TYPE_BOOLEAN_HINT = " (écrivez true ou false)"
TYPE_NAMES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "un booléen (true ou false)",
    "array": "une liste",
    "object": "un groupe de champs",
    "null": "une valeur vide",
}
ENUM = "« {field} » : valeur « {value} » inconnue ; valeurs possibles : {allowed}"
CONST = "« {field} » doit valoir {expected}"
PATTERN = "« {field} » : « {value} » n'a pas la forme attendue ({description})"
MIN_LENGTH = "« {field} » ne doit pas être vide"
MAX_LENGTH = "« {field} » est trop long ({length} caractères, {limit} au plus)"
MINIMUM = "« {field} » doit être au moins {limit}"
MAXIMUM = "« {field} » doit être au plus {limit}"
MIN_ITEMS = "« {field} » doit contenir au moins {limit} élément(s)"
MAX_ITEMS = "« {field} » contient trop d'éléments ({count}, {limit} au plus)"
UNIQUE_ITEMS = "« {field} » contient des doublons"
MIN_PROPERTIES = "« {field} » doit contenir au moins {limit} champ(s)"
GENERIC = "« {field} » : valeur invalide ({reason})"

FORMAT = {
    "date": "« {field} » : « {value} » n'est pas une date valide (format AAAA-MM-JJ, par exemple 2026-03-14)",
    "date-time": (
        "« {field} » : « {value} » n'est pas une date et heure valide avec fuseau "
        "(par exemple 2026-03-14T18:30:00+01:00)"
    ),
    "uri": "« {field} » : « {value} » n'est pas une adresse web valide",
    "email": (
        "« {field} » : « {value} » n'est pas une adresse électronique valide (une seule adresse, sans espace "
        "ni « ? », par exemple contact@association.fr)"
    ),
    "siren": "« {field} » : « {value} » n'est pas un SIREN valide (9 chiffres, clé de contrôle de Luhn)",
    "siret": "« {field} » : « {value} » n'est pas un SIRET valide (14 chiffres, clé de contrôle de Luhn)",
    "rna": "« {field} » : « {value} » n'est pas un numéro RNA valide (W suivi de 9 caractères, par exemple W882001234)",
    "commune-insee": "« {field} » : « {value} » n'est pas un code INSEE de commune connu (code officiel géographique 2026)",
    "chemin-image": (
        "« {field} » : « {value} » n'est pas le chemin d'une image du dossier des fiches (lettres sans accent, "
        "chiffres, « - », « _ » et « / », terminé par .png, .jpg, .jpeg, .webp ou .gif ; pas de SVG)"
    ),
}
# Commune fields (maillage.model.commune_fields): what to write instead, and contradictions
COMMUNE_WRITE = 'écrivez {key}: "{code}" ({name})'
COMMUNE_NAME = "« {value} » : {write}"
COMMUNE_FORMER_NAME = "« {value} » est une ancienne commune, fusionnée dans {name} : {write}"
COMMUNE_MERGED = "« {field} » : « {value} » est l'ancien code de {old_name}, fusionnée dans {name} : {write}"
COMMUNE_ARRONDISSEMENT = "« {field} » : « {value} » est le code d'un arrondissement ({name}), pas d'une commune : {write}"
COMMUNE_POSTAL_ONE = "« {field} » : « {value} » est un code postal, pas un code INSEE : {write}"
COMMUNE_POSTAL_MANY = (
    "« {field} » : « {value} » est un code postal, pas un code INSEE ; il dessert plusieurs communes, "
    "écrivez le code INSEE de la vôtre :\n{candidates}"
)
COMMUNE_AMBIGUOUS = "« {field} » : « {value} » peut désigner plusieurs communes ; écrivez le code INSEE de la bonne :\n{candidates}"
COMMUNE_PREFIX = "« {field} » : « {value} » n'est pas un code INSEE ; vouliez-vous dire :\n{candidates}"
COMMUNE_READING = '  - {label} : écrivez {key}: "{code}"'
COMMUNE_READING_CODE = '  - code INSEE : {label} : écrivez {key}: "{code}"'
COMMUNE_READING_POSTAL = '  - code postal : {label} : écrivez {key}: "{code}"'
COMMUNE_READING_FORMER = '  - ancien code ({old_name}), aujourd\'hui : {label} : écrivez {key}: "{code}"'
COMMUNE_NO_SUCH_NAME = (
    "« {field} » : aucune commune ne s'appelle « {value} » : vérifiez l'orthographe ; un quartier ou un "
    "lieu-dit s'écrit sous le nom de sa commune"
)
COMMUNE_NUMBER = "« {field} » : un code INSEE s'écrit entre guillemets, sinon il devient un nombre"
COMMUNE_ADDRESS = "« {field} » : le code INSEE {code} est celui de {name}, mais l'adresse indique {address} : vérifiez"
COMMUNE_ADDRESS_HINT = ' (pour {name}, écrivez {key}: "{code}")'
COMMUNE_UNKNOWN_VALUE = "{value} (pas un code INSEE connu)"

# References
REFERENCE_MISSING = "« {field} » : aucune fiche « {id} » n'existe{hint}"
REFERENCE_HINT_ID = " (vouliez-vous dire « {id} » ?)"
REFERENCE_HINT_NAME = " (vouliez-vous dire « {id} », la fiche « {title} » ?)"
REFERENCE_WRONG_TYPE = "« {field} » : « {id} » est une fiche de type {actual}, alors qu'on attend ici {expected}"

# Reserved ids
RESERVED_ID = (
    "« {id} » est un nom réservé aux pages du site pour les {plural} : renommez le fichier "
    "(par exemple « {suggestion}.md »)"
)

# Type schemas (written by the commons' maintainers; see schemas/LISEZMOI.md)
SCHEMA_BAD_KEY = "{file} : « {key} » : {reason} (voir schemas/LISEZMOI.md)"
SCHEMA_UNKNOWN_KEY = "clé inconnue ; clés possibles à cet endroit : {known}"
SCHEMA_BAD_VALUE = "valeur de la mauvaise forme"
SCHEMA_BAD_FOLDER = "« {folder} » n'est pas un nom de dossier valide (minuscules, chiffres et tirets)"
SCHEMA_UNKNOWN_FIELD = "le champ « {field} » n'existe pas dans ce schéma"
SCHEMA_NOT_REFERENCE = "le champ « {field} » ne cite pas une fiche (il lui faut « x-reference »)"
SCHEMA_NO_TITLE = "aucun champ « titre » ou « nom » : indiquez le champ qui donne le titre des fiches"
SCHEMA_NOT_COMMUNE = "le champ « {field} » n'est pas un code INSEE de commune (format commune-insee)"
SCHEMA_BAD_FACET = "la facette « {key} » doit être un nom simple et le champ « {field} » une liste de valeurs (enum)"
SCHEMA_BAD_TAGS = "« {field} » n'a aucune liste de valeurs (enum) à montrer en étiquettes"
SCHEMA_BAD_CONTEXTS = "liste attendue, parmi : {contexts}"
SCHEMA_SAME_FOLDER = "le dossier « {folder} » est déjà celui des fiches de {other}"
SCHEMA_UNREADABLE = "{file} : schéma illisible : {reason}"
SCHEMA_NOT_OBJECT = "un objet JSON est attendu"
SCHEMA_BAD_REFERENCE = "{file} : « {field} » : x-reference vers « {folder} », qui n'est le dossier d'aucun type de fiche"

# Check summary
SUMMARY_OK = "{files} fiche(s) vérifiée(s) : aucun problème."
SUMMARY = "{files} fiche(s) vérifiée(s) : {errors} erreur(s), {warnings} avertissement(s)."

# Territories given by a person (maillage.model.places) and the commons' settings
PLACE_EMPTY = "aucun territoire indiqué : écrivez un code ou un nom de {kinds}"
PLACE_UNKNOWN = "aucun territoire ({kinds}) ne correspond à « {text} » : vérifiez l'orthographe, ou écrivez son code"
PLACE_AMBIGUOUS = "« {text} » peut désigner plusieurs territoires ; précisez lequel (son code ou son nom complet) :\n{candidates}"
PLACE_POSTAL_CODE = (
    "« {text} » est un code postal, pas un code de {kinds} ; ce code postal dessert des communes de : {departements}"
)
PLACE_COMMUNE_READINGS = "« {text} » ne désigne pas une seule commune :\n{readings}\nÉcrivez le nom de la commune ou son code INSEE."
PLACE_READING_INSEE = "  - c'est le code INSEE de {name} ({code})"
PLACE_READING_POSTAL = "  - c'est un code postal de {name} (code INSEE {code})"
PLACE_READING_FORMER = "  - {former} est une ancienne commune, fusionnée dans {name} (code INSEE {code})"
SETTINGS_YAML = "{file}, ligne {line} : le fichier n'est pas un YAML lisible ({problem})"
SETTINGS_OPTION = "{file}, ligne {line}, option « {option} » du greffon maillage : {problem}"
SETTINGS_NOT_MAPPING = "une liste de territoires par échelle est attendue, par exemple « departements: [\"08\"] »"
SETTINGS_UNKNOWN_SCALE = "« {key} » n'est pas une échelle connue ; échelles possibles : {scales}"
SETTINGS_NOT_LIST = "une liste est attendue, par exemple [\"08\"]"
SETTINGS_EMPTY_TERRITORY = "le territoire ne contient aucune commune"
SETTINGS_URL = "« {value} » n'est pas une adresse web (elle doit commencer par https:// ou http://)"
SETTINGS_NOT_TEXT = "un texte est attendu"
SETTINGS_LINKAGE = "seule « moteur » est attendue, par exemple « liaison: {moteur: spark} »"
SETTINGS_LINKAGE_ENGINE = "moteur « {value} » inconnu : « duckdb » (par défaut) ou « spark » (listes nationales)"
SETTINGS_LOCAL_NOT_LIST = "une liste d'adresses est attendue, par exemple [https://ardennes.exemple.fr/donnees/]"
SETTINGS_LOCAL_ITEM = "chaque commun local est une adresse (son dossier « donnees/ ») ou « {adresse: …, cle: …} »"
SETTINGS_LOCAL_UNKNOWN_KEY = "« {key} » inconnu : un commun local s'écrit « {{adresse: …, cle: …}} »"
SETTINGS_LOCAL_KEY = "la clé « {key} » doit s'écrire en minuscules sans accent, chiffres et tirets (par exemple « moselle »)"
SETTINGS_LOCAL_TWICE = "« {location} » est nommé deux fois"
SETTINGS_LOCAL_KEY_TWICE = "la clé « {key} » est donnée à deux communs locaux"
PLACE_MORE = "  … et {count} autres : précisez davantage"
SETTINGS_QUOTE = "écrivez chaque code entre guillemets, par exemple [\"08\"] : sans guillemets, YAML lit un nombre (01053 deviendrait 555)"
CORRECTED = '{path} : {field} « {old} » → "{new}" ({name})'
CORRECTED_COUNT = "{files} fiche(s) corrigée(s)."
NOTHING_TO_CORRECT = "Aucune correction sûre à faire."
COMMUNE_CHANGES_TITLE = "Communes nouvelles ou modifiées :"
COMMUNE_CHANGE = "{field} : {description}"
COMMUNE_CHANGE_BEFORE = " (avant : {before})"
PICTURE_MISSING = "« {field} » : le dossier des fiches n'a pas d'image « {path} » (écrivez le chemin depuis ce dossier, par exemple images/logo.png)"
