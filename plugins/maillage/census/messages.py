"""French messages of the census, gathered in one place."""

from __future__ import annotations

# Reading listings
EMPTY_FILE = "le fichier est vide : il faut au moins une ligne d'en-tête et une ligne de données"
NO_DATA_ROWS = "le fichier n'a qu'une ligne d'en-tête, aucune donnée"
UNKNOWN_FORMAT = (
    "format de fichier inconnu « {suffix} » : utilisez CSV (.csv, .txt), XLSX (.xlsx), "
    "ODS (.ods) ou JSON (.json), ou indiquez « format » dans la correspondance"
)
ENCODING_UNKNOWN = (
    "impossible de reconnaître l'encodage du fichier : enregistrez-le en UTF-8 ou indiquez "
    "« encodage » dans la correspondance"
)
ENCODING_WRONG = (
    "le fichier n'est pas en {encoding} (octet 0x{byte:02x} inattendu) : corrigez « encodage » "
    "dans la correspondance ou enregistrez le fichier en {encoding}"
)
RAGGED_ROW = "la ligne a {found} colonnes alors que l'en-tête en a {expected}"
DUPLICATE_HEADER = "la colonne « {name} » apparaît deux fois dans l'en-tête (colonnes {first} et {second})"
EMPTY_HEADER = "colonne {index} sans nom dans l'en-tête"
CSV_SYNTAX = "ligne CSV illisible : {reason}"
SPREADSHEET_UNREADABLE = "impossible de lire le classeur : {reason}"
JSON_SYNTAX = "JSON invalide : {reason} (ligne {line}, colonne {column})"
JSON_NOT_RECORDS = "le JSON doit contenir une liste d'objets (ou un objet dont « {key} » est une telle liste)"
JSON_RECORD_NOT_OBJECT = "l'élément {index} de la liste n'est pas un objet"

# Mapping files
MAPPING_UNREADABLE = "impossible de lire la correspondance : {reason}"
MAPPING_NOT_MAPPING = "la correspondance doit être un dictionnaire YAML (clés « source », « champs »…)"
MAPPING_MISSING_KEY = "clé obligatoire « {key} » absente de la correspondance"
MAPPING_UNKNOWN_KEY = "clé inconnue « {key} » dans la correspondance (clés possibles : {allowed})"
MAPPING_UNKNOWN_FIELD = "champ inconnu « {field} » sous « champs » (champs possibles : {allowed})"
MAPPING_BAD_VALUE = "valeur invalide pour « {key} » : {reason}"
MAPPING_BAD_SOURCE = "« source » doit être un identifiant en minuscules, chiffres et tirets (par exemple « rna-88 »)"
MISSING_COLUMN = "la correspondance {mapping} nomme la colonne « {column} » (pour « {key} »), absente du fichier{hint}"
UNKNOWN_VALUE = "valeur « {value} » inconnue pour « {field} » : ajoutez-la sous « valeurs » dans la correspondance"

# Identifiers
BAD_SIRET = "SIRET invalide « {value} » : il faut 14 chiffres avec une clé de contrôle valide"
BAD_SIREN = "SIREN invalide « {value} » : il faut 9 chiffres avec une clé de contrôle valide"
BAD_RNA = "numéro RNA invalide « {value} » : il faut W suivi de 9 caractères (par exemple W881000123)"
BAD_EMAIL = "courriel invalide « {value} »"
BAD_PHONE = "numéro de téléphone invalide « {value} »"
BAD_COMMUNE = "code INSEE inconnu « {value} » (ni commune actuelle, ni ancienne commune, ni arrondissement)"
DUPLICATE_KEY = "clé d'enregistrement « {key} » déjà vue ligne {first} : la clé (« cle ») doit être unique"
TOO_MANY_PROBLEMS = "… et {count} autres problèmes"
TOLERANT_HINT = (
    "Rien n'a été importé. Corrigez le fichier, ou relancez avec --tolerant pour importer en "
    "écartant les valeurs invalides (signalées)."
)

# Working directory
NOT_IMPORTED = "aucune source importée dans {workdir} : lancez d'abord « maillage recensement importer »"
NOT_NORMALISED = "aucun enregistrement normalisé dans {workdir} : lancez d'abord « maillage recensement normaliser »"
NOT_LINKED = "aucun lien calculé dans {workdir} : lancez d'abord « maillage recensement relier »"
WORKDIR_CORRUPT = "fichier de travail illisible : {reason}"

# Import summary
IMPORTED = "{source} : {rows} lignes importées ({filtered} écartées par les filtres) depuis {file}"
UNCHANGED = "{source} : fichier inchangé depuis l'import du {date}, rien à faire"
NORMALISED = "{count} enregistrements normalisés ({sources} sources) ; {without_commune} sans commune reconnue"
LINKED = (
    "{records} enregistrements, {pairs} paires comparées : {auto} fusions automatiques, "
    "{review} paires à revoir, {clusters} acteurs distincts"
)
UNTRAINED = (
    "avertissement : trop peu d'enregistrements pour entraîner le modèle sur {rules} : les scores "
    "de ces comparaisons gardent leurs valeurs par défaut, relisez davantage de paires"
)
SPARK_MISSING = "le moteur Spark demande pyspark : installez l'extra « spark » (pip install 'maillage[spark]')"

# Review
REVIEW_NOTHING = "aucune paire à revoir"
REVIEW_PROMPT = "Même acteur ? [o]ui / [n]on / [p]asser / [q]uitter"
REVIEW_BAD_DECISION = "décision invalide « {value} » : écrivez « meme », « distinct » ou laissez vide"
REVIEW_UNKNOWN_PAIR = "paire inconnue {a} / {b} : régénérez le fichier de revue"
REVIEW_RECORDED = "{count} décisions enregistrées ({same} même acteur, {distinct} acteurs distincts)"
REVIEW_WHY = "Pourquoi ce score :"
REVIEW_HEADER = (
    "Paires d'enregistrements dont le recensement n'est pas sûr qu'ils désignent le même acteur.\n"
    "Pour chaque paire, écrivez « decision: meme » ou « decision: distinct », puis lancez\n"
    "« maillage recensement revoir --fichier {name} ». Une décision « distinct » est retenue :\n"
    "la paire ne sera plus jamais proposée."
)

# Apply
APPLY_INVALID = "la fiche générée {path} ne serait pas valide : {problem}"
APPLY_SUMMARY = (
    "{created} fiches créées, {updated} mises à jour, {unchanged} inchangées ; "
    "{protected} champs modifiés à la main laissés tels quels"
)
APPLY_DRY_RUN = "(simulation : rien n'a été écrit)"
APPLY_PERSONS = (
    "{count} fiches de personnes créées sans consentement : elles ne seront pas publiées tant "
    "que la personne n'a pas donné son accord (champ « consentement »)"
)
APPLY_NOTHING_WRITTEN = "Rien n'a été écrit dans {content}."

# Report
REPORT_WRITTEN = "rapport écrit dans {path}"
