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
MISSING_COLUMN_HINT = " (vouliez-vous dire « {column} » ?)"
MISSING_COLUMN_ADVICE = (
    "Rien n'a été importé. Corrigez le nom de la colonne dans {mapping}, ou, si cette colonne peut "
    "manquer dans certains fichiers, ajoutez-la sous « facultatives » dans la correspondance."
)
MAPPING_VALUE_NOT_ALLOWED = "valeur(s) {values} inconnue(s) pour ce champ (valeurs possibles : {allowed})"
MAPPING_UNKNOWN = (
    "correspondance inconnue « {name} » : ce n'est ni un fichier, ni une correspondance fournie "
    "({shipped})"
)
SHEET_UNKNOWN = "feuille « {sheet} » absente du classeur (feuilles : {sheets})"
HEADER_ROW_EMPTY = "la ligne d'en-tête {row} indiquée est vide ou absente du fichier"
TITLE_ROWS_SKIPPED = (
    "{count} ligne(s) au-dessus de l'en-tête ignorée(s) (titre) : l'en-tête est ligne {row} "
    "(sinon, indiquez-la avec --ligne-entete ou « ligne_entete »)"
)

# Identifiers
BAD_SIRET = "SIRET invalide « {value} » : il faut 14 chiffres avec une clé de contrôle valide"
BAD_SIREN = "SIREN invalide « {value} » : il faut 9 chiffres avec une clé de contrôle valide"
BAD_RNA = "numéro RNA invalide « {value} » : il faut W suivi de 9 caractères (par exemple W881000123)"
BAD_EMAIL = "courriel invalide « {value} »"
BAD_PHONE = "numéro de téléphone invalide « {value} »"
DUPLICATE_KEY = "clé d'enregistrement « {key} » déjà vue ligne {first} : la clé (« cle ») doit être unique"
TOO_MANY_PROBLEMS = "… et {count} autres problèmes"
TOLERANT_HINT = (
    "Rien n'a été importé. Corrigez le fichier, ou relancez avec --tolerant pour importer en "
    "écartant les valeurs invalides (signalées)."
)

# Corrections
CORRECTIONS_NOT_LIST = "le fichier doit être une liste de corrections (« - enregistrement: … »)"
CORRECTION_NO_RECORD = (
    "correction n° {index} : « enregistrement » (source:clé, par exemple mairie:liste:12) est obligatoire"
)
CORRECTION_UNKNOWN_FIELD = "correction n° {index} : champ inconnu « {field} »"
CORRECTION_UNKNOWN_RECORDS = (
    "corrections d'enregistrements qu'aucun fichier importé ne contient (ignorées) : {records}"
)
CORRECTIONS_HEADER = (
    "Corrections d'enregistrements du recensement, appliquées par « maillage recensement normaliser ».\n"
    "Chaque correction nomme un enregistrement (source:clé) et donne des champs comme une liste les\n"
    "donnerait (commune : nom, code postal ou code INSEE ; nom ; telephone…), ou « ecarter: true »."
)
CORRECTIONS_RECORDED = (
    "{count} correction(s) enregistrée(s) dans {path} : relancez « maillage recensement normaliser » "
    "puis « maillage recensement relier »"
)
CORRECTION_NOTHING = "rien à corriger : donnez un enregistrement et des champ=valeur, ou --fichier"
CORRECTION_BAD_ARGUMENT = "« {argument} » : écrivez champ=valeur, par exemple commune=Yutz"
WITHOUT_COMMUNE_HEADER = (
    "Enregistrements dont la commune n'a pas été trouvée : ils sont gardés, mais ne deviendront une\n"
    "fiche que si un autre enregistrement du même acteur donne sa commune. Pour chacun, écrivez la\n"
    "commune (nom, code postal ou code INSEE ; « candidats » propose des communes possibles), puis :\n"
    "  maillage recensement corriger --fichier {name}"
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
NORMALISED_DETAILS = (
    "{outside} hors du territoire, {replaced} présents dans un fichier plus récent de la même source, "
    "{set_aside} écartés par une correction"
)
WITHOUT_COMMUNE_LISTED = "Enregistrements sans commune, par fichier et ligne (à corriger dans {path}) :"
WITHOUT_COMMUNE_ITEM = "  {fichier}, ligne {ligne} : {nom} (commune écrite : {label}) — {enregistrement}"
AND_MORE = "  … et {count} autres"
CODE_CONTRADICTED = "code INSEE {code} ({wrong}) contredit par le nom et le code postal : {commune} retenue"
NOTED_LISTED = "Enregistrements à vérifier (corrigez-les avec « maillage recensement corriger » si besoin) :"
NOTED_ITEM = "  {fichier}, ligne {ligne} : {nom} — {remarque} — {uid}"
LINKED = (
    "{records} enregistrements, {pairs} paires comparées : {auto} fusions automatiques, "
    "{review} paires à revoir, {clusters} acteurs distincts"
)
UNTRAINED = (
    "avertissement : trop peu d'enregistrements pour entraîner le modèle sur {rules} : les scores "
    "de ces comparaisons gardent leurs valeurs par défaut, relisez davantage de paires"
)
HOST_FOUND = (
    "avertissement : le site {domain} est donné par {names} noms différents : c'est un hébergeur, pas "
    "l'identité d'un acteur ; seule l'adresse complète de la page compte"
)
BLOCK_LEFT_OUT = (
    "avertissement : {size} enregistrements ont « {value} » ({meaning}) ; au-delà de {limit}, ils ne sont "
    "pas comparés deux à deux sur ce seul critère (les autres critères les comparent encore)"
)
SPARK_MISSING = (
    "le moteur Spark ne démarre pas : {missing} ; installez l'extra « spark » (pip install 'maillage[spark]') "
    "et Java (apt install default-jre-headless)"
)

# Review
REVIEW_NOTHING = "aucune paire à revoir"
REVIEW_WRITTEN = "{count} paires à revoir écrites dans {path} : remplissez « decision » (meme ou distinct)"
REVIEW_PROMPT = "Même acteur ? [o]ui / [n]on / [p]asser / [q]uitter"
REVIEW_BAD_DECISION = (
    "paire n° {index} : décision invalide « {value} » : écrivez « meme », « distinct » ou laissez vide"
)
REVIEW_UNKNOWN_RECORD = (
    "paire n° {index} : l'enregistrement {uid} n'est plus dans le recensement (fichier retiré ou corrigé ?) : "
    "effacez cette décision"
)
REVIEW_REFUSED = "décision « même acteur » {a} / {b} impossible ({reason}) : elle est gardée mais sans effet"
REVIEW_REMAINING = "{count} paires restent à revoir dans {path}"
DECISION_MALFORMED = (
    "décision n° {index} illisible : il faut « a », « b » et « decision » (meme ou distinct), "
    "ou « fiche » et « decision: supprimee »"
)
DECISIONS_HEADER = (
    "Décisions du recensement : paires d'enregistrements (« meme » ou « distinct ») et fiches supprimées\n"
    "(« supprimee » : le recensement ne la recréera pas ; effacez la ligne pour qu'il la recrée)."
)
ATTACH_UNKNOWN_RECORD = "enregistrement inconnu « {uid} » (voyez clusters.csv ou revue.yaml pour les identifiants)"
ATTACH_UNKNOWN_ENTRY = "fiche d'acteur inconnue « {entry} » dans ce dossier"
CONTENT_MISMATCH = (
    "aucune des {count} fiches écrites par le recensement n'est dans {content} : est-ce le bon dossier "
    "(--contenu) ?"
)
REVIEW_RECORDED = "{count} décisions enregistrées ({same} même acteur, {distinct} acteurs distincts)"
REVIEW_WHY = "Pourquoi ce score :"
REVIEW_HEADER = (
    "Paires d'enregistrements dont le recensement n'est pas sûr qu'ils désignent le même acteur.\n"
    "Pour chaque paire, écrivez « decision: meme » ou « decision: distinct », puis lancez\n"
    "« maillage recensement revoir --fichier {name} ». Une décision « distinct » est retenue :\n"
    "la paire ne sera plus jamais proposée."
)

# Apply
APPLY_SUMMARY = (
    "{created} fiches créées, {updated} mises à jour, {unchanged} inchangées ; "
    "{protected} champs modifiés à la main laissés tels quels"
)
APPLY_DRY_RUN = "(simulation : rien n'a été écrit)"
APPLY_PERSONS = (
    "{count} fiches de personnes créées sans consentement : elles ne seront pas publiées tant "
    "que la personne n'a pas donné son accord (champ « consentement »)"
)
APPLY_UNWRITTEN = (
    "{count} groupe(s) d'enregistrements n'ont pas fait de fiche valide ; ils restent dans le dossier de "
    "travail (corrigez-les avec « maillage recensement corriger », puis relancez) :"
)
APPLY_UNWRITTEN_ITEM = "  fiche {entry} non écrite : {problems}"
APPLY_UNWRITTEN_ROW = "    enregistrement {uid} ({file}, ligne {row})"
APPLY_DELETED = "{count} acteur(s) dont la fiche a été supprimée laissé(s) de côté ({entries})"

# Report
REPORT_WRITTEN = "rapport écrit dans {path}"
