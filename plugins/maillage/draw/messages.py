"""French messages of the draw, gathered in one place."""

from __future__ import annotations

# Dates and public randomness
BAD_DATETIME = "date et heure invalides « {value} » ({field}) : écrivez par exemple 2026-03-14T18:30:00+01:00"
DATETIME_WITHOUT_ZONE = (
    "la date « {value} » ({field}) n'indique pas de fuseau horaire : ajoutez par exemple +01:00 ou Z"
)
DRAND_ROUND_TOO_EARLY = (
    "la ronde drand {round} est publiée le {published}, avant ou au moment de l'engagement ({committed}) : "
    "sa valeur pouvait déjà être connue. Choisissez une ronde future, par exemple {suggestion}"
)
DICE_TOO_EARLY = (
    "les dés sont lancés le {rolled}, avant ou au moment de l'engagement ({committed}) : "
    "le lancer doit avoir lieu après la publication des engagements"
)
DRAND_BAD_VALUE = (
    "valeur drand invalide « {value} » : il faut le champ « randomness » de la ronde, "
    "64 caractères hexadécimaux (0-9, a-f)"
)
DICE_BAD_FORMAT = (
    "résultat des dés invalide « {value} » : écrivez les faces de 1 à 6 dans l'ordre, séparées par des virgules (3,5,1)"
)
DICE_BAD_COUNT = "{count} dé(s) donné(s), mais le tirage en annonce {expected}"
DRAND_NOT_YET = (
    "la ronde drand {round} n'est publiée que le {published} : un tirage daté du {when} ne peut pas connaître sa valeur"
)
DRAND_NOT_DECLARED = "une valeur drand est donnée, mais la fiche n'annonce pas de ronde drand (champ alea.drand)"
DICE_NOT_DECLARED = "des résultats de dés sont donnés, mais la fiche n'annonce pas de lancer de dés (champ alea.des)"
DICE_MISSING = "il manque le résultat des {count} dé(s) : donnez-le avec --des 3,5,1,…"
RANDOMNESS_ALREADY_KNOWN = (
    "la valeur aléatoire est déjà inscrite dans la fiche : les engagements doivent être publiés avant qu'elle existe"
)

# Rules
QUOTA_MIN_ABOVE_MAX = "quota « {label} » : le minimum ({low}) dépasse le maximum ({high}) {scope}"
QUOTA_ABOVE_SIZE = "quota « {label} » : au moins {low} par groupe, mais chaque groupe n'a que {size} places"
UNKNOWN_FIELD = "champ de catégorie inconnu « {field} »"
UNKNOWN_VALUE = "valeur « {value} » inconnue pour le champ « {field} » (valeurs possibles : {allowed})"

# Pool
LISTED_UNKNOWN = "l'acteur « {id} » de la liste du vivier n'existe pas dans content/acteurs/"
LISTED_REFUSED = "l'acteur « {id} » de la liste du vivier ne peut pas être tiré au sort : {reason}"
REASON_NOT_VOLUNTEER = "il n'est pas volontaire (champ « volontaire_tirage: true » absent de sa fiche)"
REASON_NO_CONSENT = (
    "c'est une personne qui n'a pas consenti à la publication de sa fiche : son nom ne pourrait pas être publié"
)
REASON_TERRITORY = "il n'est pas sur le territoire du tirage ({place})"
REASON_DISCIPLINE = "il ne pratique aucune des disciplines demandées"
REASON_CATEGORY = "il n'est pas dans la catégorie exigée « {label} »"
FROZEN_POOL_BAD_TYPE = "le volontaire « {id} » du vivier figé a un type inconnu ({type})"
POOL_TOO_SMALL = (
    "le vivier compte {pool} volontaire(s) pour {seats} places ({groups} groupe(s) × {size}) : "
    "élargissez les critères ou réduisez le nombre ou la taille des groupes"
)

# Quotas that cannot be met
QUOTA_GROUP_SHORT = (
    "il faut au moins {min} × « {label} » par groupe × {groups} groupes = {need}, mais le vivier n'en compte que {have}"
)
QUOTA_TOTAL_SHORT = "il faut au moins {min} × « {label} » en tout, mais le vivier n'en compte que {have}"
QUOTA_TOTAL_ABOVE_GROUPS = (
    "quota « {label} » : au moins {min} en tout, mais au plus {max} par groupe × {groups} groupes"
)
QUOTA_OTHERS_SHORT = (
    "quota « {label} » : ses maximums laissent {need} places à d'autres acteurs, "
    "mais le vivier ne compte que {have} volontaires hors de cette catégorie"
)
QUOTAS_CONFLICT = (
    "ces quotas ne peuvent pas être respectés ensemble avec ce vivier ({groups} groupe(s) de {size}) : {quotas}"
)
SOLVER_FAILED = "le calcul de la distribution équitable a échoué : {reason}"

# Panels and distribution
DISTRIBUTION_UNREADABLE = "le tirage possible n° {index} de la distribution est illisible"
PANEL_GROUP_COUNT = "{found} groupe(s) au lieu de {expected}"
PANEL_GROUP_SIZE = "le groupe {group} a {found} place(s) au lieu de {expected}"
PANEL_TYPE_OVERFLOW = "il prend {found} volontaire(s) du type {type}, qui n'en compte que {available}"
PANEL_QUOTA = "il ne respecte pas le quota {quota}"

# Status and commands
NOT_A_DRAW = "{path} n'est pas une fiche de tirage : donnez un fichier content/tirages/<identifiant>.md"
ENTRY_INVALID = "la fiche du tirage a des erreurs ; corrigez-les d'abord :\n{problems}"
WRITE_INVALID = "le tirage produirait une fiche invalide (erreur du logiciel, rien n'est écrit) :\n{problems}"
ALREADY_PREPARED = "ce tirage est déjà préparé (statut « {status} ») : les engagements ne peuvent pas être refaits"
NOT_PREPARED = (
    "ce tirage n'est pas au statut « prepare » (statut « {status} ») : lancez d'abord « maillage tirage preparer »"
)
NOT_DRAWN = "ce tirage n'a pas encore eu lieu (statut « {status} ») : lancez d'abord « maillage tirage tirer »"
ANSWER_NOT_DRAWN = "« {id} » n'occupe aucune place dans les groupes de ce tirage"
ANSWER_TWICE = "« {id} » a déjà répondu (« {answer} »)"
ANSWER_BEFORE_DRAW = "la réponse de « {id} » est datée d'avant sa désignation ({date})"
CONFIRM_LATE = (
    "confirmation de « {id} » refusée : datée du {date}, après la fin du délai de réflexion ({deadline}). "
    "Sa place peut être attribuée à la réserve avec « maillage tirage remplacer »"
)
NOTHING_TO_REPLACE = "aucune place à pourvoir : ni désistement, ni silence après le délai"
ENTRY_EDITED = (
    "la fiche a été modifiée à la main après ses engagements ou son tirage ; rien n'est écrit :\n  - {problems}"
)

# Verify
NOTHING_TO_VERIFY = "ce tirage n'est pas encore préparé : rien à vérifier"
COMMITMENTS_MISSING = "les engagements (empreintes, vivier figé, distribution) manquent ou sont incomplets"
RESULT_WITHOUT_RUN = (
    "la fiche contient une graine ou un résultat alors que le tirage n'a pas eu lieu (statut « prepare »)"
)
RESULT_MISSING = "le résultat du tirage manque (champ resultat)"
RULES_CHANGED = "les règles ont changé depuis l'engagement (champs modifiés : {fields})"
POOL_FROZEN_ALTERED = "le vivier figé dans la fiche a été modifié : il ne correspond plus à son empreinte"
POOL_NOW_UNREADABLE = "impossible de recalculer le vivier à partir des fiches acteurs : {reason}"
POOL_ADDED = "en plus maintenant : {ids}"
POOL_REMOVED = "absents maintenant : {ids}"
POOL_CATEGORIES_CHANGED = "catégories changées : {ids}"
DISTRIBUTION_ALTERED = "la distribution a été modifiée : elle ne correspond plus à son empreinte"
PANEL_INVALID = "le tirage possible n° {number} ne respecte pas les règles : {problem}"
WEIGHTS_NOT_ONE = "les poids de la distribution font {total} au lieu de {scale}"
PROBABILITIES_WRONG = "les probabilités affichées ne sont pas celles de la distribution"
SOFTWARE_DIFFERENT = (
    "le logiciel diffère de celui des engagements (version engagée {version}, version actuelle {current}) : "
    "les vérifications ci-dessus sont faites avec le logiciel actuel"
)
SEED_WRONG = "la graine est fausse : la fiche indique {found}, le calcul donne {expected}"
DRAWN_PANEL_DIFFERS = "le tirage retenu diffère : le calcul donne le n° {panel} (nombre tiré {number})"
GROUPS_DIFFER = "les groupes diffèrent du recalcul, qui donne : {expected}"
RESERVE_DIFFERS = "la liste de réserve diffère du recalcul"
REPLACEMENTS_DIFFER = "les remplacements inscrits diffèrent de ceux que le journal produit"
JOURNALED_ANSWER_MISSING = (
    "la réponse de « {id} » inscrite au journal (« {answer} », {date}) manque dans la liste des réponses"
)

# Answers added to the entry (pull request, web form) before the log records them
PENDING_ANSWER = (
    "réponse pas encore inscrite au journal : « {id} » {answer} le {date} (« maillage tirage inscrire » l'inscrira)"
)
PENDING_UNREADABLE = "cette réponse est illisible : il faut les champs acteur, reponse (confirme ou decline) et date"
PENDING_BAD_ANSWER = "réponse « {answer} » inconnue : écrivez « confirme » ou « decline »"
PENDING_IN_FUTURE = "la réponse de « {id} » est datée du {date}, dans le futur (maintenant : {now})"
PENDING_LATE = (
    "la réponse de « {id} » est datée du {date}, après la fin de son délai de réflexion ({deadline}) : "
    "sa place revient à la réserve avec « maillage tirage remplacer »"
)
PENDING_BEFORE_REPLACEMENT = (
    "la réponse de « {id} » est datée du {date}, avant les remplacements du {replaced} déjà inscrits au journal : "
    "elle aurait dû être inscrite avant, et le journal ne se réécrit pas"
)
NOT_ANSWERABLE = (
    "ce tirage n'attend pas de réponse (statut « {status} ») : on ne répond qu'à un tirage fait et pas encore clos"
)
NOTHING_TO_INSCRIBE = "aucune réponse en attente d'inscription au journal"
INSCRIBED_LINE = "  inscrite au journal : « {id} » {answer} le {date}"
RESULT_FINGERPRINT_WRONG = "l'empreinte du résultat ne correspond pas à son contenu ou au dernier événement du journal"
STATUS_WRONG = "statut « {found} » alors que le recalcul donne « {expected} »"

# Log
LOG_MISSING = "le journal du tirage manque"
LOG_ITEM_MALFORMED = "l'événement n° {number} du journal est incomplet"
LOG_LINK_BROKEN = "le journal est rompu à l'événement n° {number} : il ne suit pas l'événement précédent"
LOG_ITEM_ALTERED = "l'événement n° {number} du journal (« {event} ») a été modifié : son empreinte ne correspond plus"
LOG_COMMITMENTS_MISMATCH = "le premier événement du journal ne correspond pas aux engagements"
LOG_RUN_MISSING = "le deuxième événement du journal doit être le tirage, à la date du résultat"
LOG_REPLACEMENT_DIFFERS = "l'événement n° {number} du journal : les remplacements recalculés diffèrent"
LOG_UNKNOWN_EVENT = "l'événement n° {number} du journal est de type inconnu « {event} »"
LOG_EVENT_REFUSED = "l'événement n° {number} du journal n'aurait pas dû être accepté : {reason}"

# Command line
DATE_IN_FUTURE = "la date {date} est dans le futur : un événement ne peut pas être daté après maintenant"
DATE_TOO_FAR_BACK = (
    "la date {date} remonte à plus de {minutes} minutes : des engagements se datent au moment où ils sont écrits "
    "(antidater permettrait de choisir une ronde drand déjà connue)"
)
BAD_BOUND = "borne invalide « {value} » : écrivez un nombre, ou « aucun » pour retirer un maximum"
DRAND_VALUE_WITHOUT_SIGNATURE = (
    "une valeur drand seule ne se vérifie pas : donnez aussi --drand-signature (champ « signature » de la ronde)"
)
DRAND_WAIT = "la ronde drand {round} n'est pas encore publiée : elle le sera le {published} ; relancez la commande après"
DRAND_NO_RELAY = (
    "le réseau drand « {network} » n'indique pas de relais (clé « relais » de son fichier dans autorites/drand/) : "
    "donnez --relais URL, ou la ronde à la main avec --drand-signature"
)
WARNING = "attention : {message}"
NOTE = "note : {note}"
ERROR = "erreur : {message}"
VERIFY_OK = "{path} : vérification réussie, tout se recalcule à l'identique."
VERIFY_FAILED = "{path} : la vérification a trouvé {count} différence(s) :"
PREPARED_SUMMARY = (
    "{path} : engagements écrits le {date}.\n"
    "  vivier : {pool} volontaire(s) ({types} type(s)){excluded}\n"
    "  places : {groups} groupe(s) × {size}\n"
    "  plus petite probabilité d'être tiré : {minimum} (optimum équitable {maximin})\n"
    "  empreinte des engagements : {digest}\n"
    "{stamp}"
    "Publiez-les maintenant (git add, git commit puis git push), avant que l'aléa n'existe : {randomness}."
)
PREPARED_STAMP = "  horodatés par « {name} » le {date}\n"
PREPARED_NO_STAMP = "  pas horodatés\n"
EXCLUDED_PERSONS = " ; {count} personne(s) volontaire(s) sans consentement de publication écartée(s)"
STAMPED = "{path} : engagements horodatés par « {name} » le {date}."
DICE_RECORDED = "{path} : dés {faces} inscrits le {date}, témoins : {witnesses}."
RUN_SUMMARY = "{path} : tirage fait le {date} (graine {seed}, tirage possible n° {panel})."
GROUP_TITLE = "  groupe {number} :"
MEMBER_LINE = "    {name} — {answer}"
VACANT_LINE = "    place vacante depuis le {date} : {reason}"
BROKEN_QUOTA_LINE = "    quota non respecté : {quota}"
NO_PROFESSIONAL_LINE = "    groupe sans professionnel (aucun membre de pratique « professionnel »)"
RESERVE_LEFT = "  réserve : {count} personne(s) pas encore appelée(s){next}"
RESERVE_NEXT = " ; prochaine : {name}"
QUOTAS_TITLE = "  quotas (numéros pour « maillage tirage assouplir ») :"
QUOTA_LINE = "    {number}. {quota}"
TOTAL_BROKEN_LINE = "  quota non respecté sur l'ensemble : {quota}"
COORDINATOR_CHOICES = (
    "  places vacantes : le coordinateur peut assouplir un quota (« maillage tirage assouplir »), annoncer un "
    "tirage complémentaire parmi les volontaires arrivés depuis (« maillage tirage annoncer-complement ») ou "
    "clore le tirage avec ses places vacantes (« maillage tirage clore »)"
)
SILENT_TO_REPLACE = "  délai dépassé sans réponse pour {count} personne(s) : « maillage tirage remplacer »"
ANSWER_RECORDED = "{path} : {name} {answer} le {date}."
REPLACED_LINE = "  groupe {group} : {leaving} ({reason}) — remplacé·e par {arriving}, qui a jusqu'au {deadline} pour répondre"
FILLED_LINE = "  groupe {group} : place vacante pourvue par {arriving}, qui a jusqu'au {deadline} pour répondre"
NOT_REPLACED_LINE = "  groupe {group} : {leaving} ({reason}) — place vacante : {why}"
INSCRIBED_LINE = "  inscrite au journal : {name} {answer} le {date}{by}"
COMPLEMENT_ANNOUNCED = (
    "{path} : tirage complémentaire annoncé parmi {count} volontaire(s) arrivé(s) depuis les engagements ; "
    "aléa : {source}. Publiez l'annonce (commit et push) avant cet aléa, puis « maillage tirage tirer-complement »."
)
CLOSED_NOW = "Toutes les places sont confirmées : le tirage est clos."
STATUS_LINE = "{path} : {status}"
PENDING_SUFFIX = " (pas encore inscrite au journal : « maillage tirage inscrire »)"
STATUS_UNVERIFIED = "  la fiche ne se vérifie pas ; « maillage tirage verifier » dit pourquoi"

# drand networks and beacons
DRAND_UNKNOWN_CHAIN = (
    "réseau drand inconnu « {chain} » : ni la League of Entropy ni le dossier autorites/drand/ du commun "
    "ne le déclarent. Réseaux connus : {known}"
)
DRAND_VALUE_MISSING = (
    "il manque la ronde drand {round} : lancez « maillage tirage tirer » avec accès à internet (elle est "
    "alors lue sur https://api.drand.sh/{chain}/public/{round}), ou donnez --drand-signature (et "
    "--drand-signature-precedente pour un réseau chaîné)"
)
DRAND_INFO_UNREADABLE = "description du réseau drand « {name} » illisible : il faut public_key, period, genesis_time et groupHash"
DRAND_SCHEME_UNSUPPORTED = "réseau drand « {name} » : schéma « {scheme} » non pris en charge (pris en charge : {known})"
DRAND_INFO_HASH_WRONG = (
    "réseau drand « {name} » : le hash déclaré {declared} n'est pas celui de sa description ({computed}) : "
    "la clé publique ou les paramètres ont été changés"
)
DRAND_SIGNATURE_UNREADABLE = "signature drand de la ronde {round} illisible : il faut des caractères hexadécimaux"
DRAND_PREVIOUS_MISSING = (
    "la ronde {round} d'un réseau chaîné se vérifie avec la signature de la ronde précédente "
    "(champ « previous_signature ») : elle manque"
)
DRAND_SIGNATURE_INVALID = (
    "la signature drand ne correspond pas à la ronde {round} du réseau « {network} » : valeur fausse, "
    "ou signée pour une autre ronde ou un autre réseau"
)
DRAND_SIGNATURE_MISSING = "{where} : la signature de la ronde drand manque, la valeur ne peut pas être vérifiée"
DRAND_VALUE_NOT_SIGNATURE = "{where} : la valeur drand n'est pas le SHA-256 de la signature de la ronde"
DRAND_WRONG_ROUND = "la ronde fournie est la {found}, mais le tirage annonce la ronde {expected}"
DRAND_FETCH_FAILED = "impossible de lire la ronde drand {round} : {failures}"
DRAND_RELAY_UNREADABLE = "réponse illisible"
DRAND_RELAY_WRONG_ROUND = "a répondu par la ronde {found}"
DRAND_ROUND_TOO_EARLY_SHORT = (
    "la ronde drand {round} est publiée le {published}, avant ou au moment des engagements : sa valeur pouvait être connue"
)
THE_DRAW = "le tirage"
THE_COMPLEMENT = "le tirage complémentaire"

# Authorities
AUTHORITY_UNREADABLE = "{path} : fichier d'autorité illisible ({reason})"
TSA_UNKNOWN = (
    "autorité d'horodatage « {name} » inconnue : ajoutez son certificat racine dans {folder}/{name}.pem "
    "(autorités connues : {known})"
)
TSA_UNREACHABLE = "le service d'horodatage {url} ne répond pas ({reason})"
TSA_HTTP_ERROR = "le service d'horodatage {url} a répondu par une erreur HTTP {status}"
TSA_ANSWER_UNREADABLE = "la réponse du service d'horodatage {url} est inutilisable : {reason}"
TSA_TOKEN_INVALID = "jeton d'horodatage refusé (autorité « {name} ») : {reason}"
TSA_IMPRINT_DIFFERS = "le jeton horodate une autre empreinte que celle-ci"
TSA_TOKEN_FIELDS_WRONG = "la date ou l'empreinte recopiées à côté du jeton ne sont pas les siennes (le jeton dit {date})"

# Time-stamps of the commitments and the dice
NO_TIMESTAMP_AUTHORITY = (
    "pas d'autorité d'horodatage (champ « horodatage ») : rien d'extérieur ne prouvera que les engagements "
    "existaient avant l'aléa, seul l'historique git (dont les dates sont écrites par qui publie) en témoignera"
)
STAMP_LATER = (
    "engagements écrits, mais pas horodatés : {reason}. Relancez « maillage tirage horodater » avant l'aléa"
)
STAMP_NOT_PREPARED = "seuls des engagements préparés et pas encore tirés s'horodatent (statut « {status} »)"
ALREADY_STAMPED = "les engagements sont déjà horodatés"
STAMP_TOO_LATE = (
    "l'autorité atteste le {date}, mais l'aléa existe depuis le {randomness} : l'horodatage ne prouverait plus rien"
)
NO_TOKEN_TRUST = (
    "pas de jeton d'horodatage : que les engagements aient existé AVANT l'aléa repose sur la confiance "
    "(dans l'organisateur et dans l'historique git, dont les dates sont écrites par qui publie)"
)
COMMITMENTS_TOKEN_INVALID = "le jeton d'horodatage des engagements ne prouve rien : {reason}"
STAMP_AFTER_RANDOMNESS = (
    "les engagements ne sont horodatés que le {date}, après l'aléa ({randomness}) : ils ont pu être choisis "
    "en connaissant le résultat"
)
COMMITMENTS_STAMPED = (
    "engagements horodatés le {date} par l'autorité « {name} » ({subject}, certificat SHA-256 {fingerprint}), "
    "avant l'aléa"
)
DICE_TOKEN_INVALID = "le jeton d'horodatage des dés ne prouve rien : {reason}"
DICE_STAMPED_AFTER_DRAND = "les dés ne sont horodatés que le {date}, après la ronde drand"
DICE_STAMPED = "dés horodatés le {date}, avant la ronde drand"
DICE_WITHOUT_TOKEN = (
    "les dés n'ont pas de jeton d'horodatage : qu'ils aient été inscrits avant la ronde drand repose sur les témoins"
)
COMPLEMENT_TOKEN_INVALID = "le jeton d'horodatage du tirage complémentaire n° {number} ne prouve rien : {reason}"

# Dice
DICE_ALREADY_RECORDED = "les dés sont déjà inscrits ({faces})"
DICE_BEFORE_ROLL = "les dés sont annoncés pour le {date} : ils ne peuvent pas être inscrits avant d'être lancés"
DICE_AFTER_DRAND = (
    "la ronde drand {round} est publiée depuis le {published} : les dés devaient être inscrits avant, "
    "sinon on aurait pu les choisir en connaissant la valeur drand"
)
DICE_WITHOUT_WITNESSES = "les dés doivent être inscrits avec leurs témoins (--temoin « … », ou alea.des.temoins)"
DICE_FIRST = (
    "les dés ne sont pas encore inscrits : inscrivez-les avec leurs témoins par « maillage tirage des » "
    "AVANT la ronde drand, puis tirez"
)
DICE_DIFFER = "les dés inscrits sont {faces} : le tirage les reprend, il ne peut pas en prendre d'autres"
DICE_NOT_JOURNALED = "le résultat des dés n'est pas celui inscrit au journal (événement « des »)"
DICE_RECORDED_AFTER_DRAND = "les dés sont inscrits le {date}, après la publication de la ronde drand ({published})"

# Git history
ALREADY_PREPARED_IN_HISTORY = (
    "ce tirage a déjà été préparé (commit {commit} du {date}) : un tirage ne se prépare qu'une fois ; "
    "pour d'autres règles, créez un nouveau tirage"
)
RUN_NOT_COMMITTED = (
    "les engagements ne sont dans aucun commit : publiez-les (commit et push) avant l'aléa, ou dites comment "
    "ils ont été publiés avec --publication « … »"
)
RUN_NO_GIT = (
    "pas d'historique git pour montrer que les engagements ont été publiés : dites comment ils l'ont été "
    "avec --publication « … » (affiché, site web, courriel…)"
)
RUN_NOT_PUSHED = (
    "les engagements sont dans le commit {commit}, mais aucune branche distante ne le contient : poussez-le "
    "(git push) avant l'aléa, ou dites comment ils ont été publiés avec --publication « … »"
)
NO_HISTORY = "historique git indisponible ({reason}) : la publication des engagements et du journal n'est pas vérifiée ici"
HISTORY_PARTIAL = "historique git incomplet ({reason})"
PREPARED_TWICE = (
    "ce tirage a été préparé une première fois avec d'autres engagements (commit {commit} du {date}) : "
    "les règles publiées d'abord ne sont pas celles du tirage"
)
COMMITMENTS_NOT_COMMITTED = "les engagements ne figurent dans aucun commit de l'historique"
COMMITMENTS_COMMITTED = "engagements publiés dans le commit {commit} le {date} (date écrite par qui a publié)"
JOURNAL_REWRITTEN = (
    "le journal publié dans le commit {commit} ({date}) diffère du journal actuel à l'événement n° {number} : "
    "l'historique du tirage a été réécrit"
)
DEPOT_UNKNOWN = (
    "l'événement n° {number} du journal s'appuie sur le commit {commit}, absent de cet historique : "
    "l'historique a été réécrit, ou la copie est incomplète"
)
DEPOT_DIFFERS = "l'événement n° {number} du journal s'appuie sur le commit {commit}, qui ne contient pas le journal d'avant"
PUBLISHED_AS_SAID = "publication des engagements selon le coordinateur : « {text} »"

# Fairness
NO_CATEGORY = "aucune catégorie de quota"
TYPE_PROBABILITY_DIFFERS = "type {number} ({labels}) : {found} engagée, {expected} recalculée"
DISTRIBUTION_NOT_LEXIMIN = (
    "la distribution n'est pas la plus équitable (leximin) : {details} (écart toléré {tolerance})"
)
FAIRNESS_CHECKED = (
    "distribution équitable recalculée : les {types} probabilités engagées sont les probabilités leximin "
    "à {tolerance} près (plus petite : {optimum})"
)
POOL_CHANGED_INFO = (
    "information : les volontaires d'aujourd'hui diffèrent du vivier figé ({details}) ; le tirage se vérifie "
    "sur le vivier figé"
)

# Reflection period
VACANCY_RESERVE_EXHAUSTED = "réserve épuisée : plus personne à appeler"
VACANCY_QUOTAS = "aucune des {count} personne(s) restante(s) de la réserve ne garde les quotas : {quotas}"
RELAX_NO_SUCH_QUOTA = "pas de quota n° {index} (le tirage en a {count})"
RELAX_NOT_LOOSER = "le quota « {quota} » n'est pas assoupli : un assouplissement baisse un minimum ou relève un maximum"
COMPLEMENT_NO_VACANCY = "aucune place vacante : un tirage complémentaire ne sert qu'à pourvoir des places vacantes"
COMPLEMENT_PENDING = "un tirage complémentaire annoncé le {date} n'est pas encore tiré"
COMPLEMENT_NOBODY = "aucun volontaire arrivé depuis les engagements ne répond aux critères du vivier"
COMPLEMENT_NONE_ANNOUNCED = "aucun tirage complémentaire annoncé à tirer"
COMPLEMENT_FINGERPRINT_WRONG = "l'empreinte du tirage complémentaire ne correspond pas à son vivier et à son aléa"
COMPLEMENT_ROUND_TOO_EARLY = "la ronde drand {round} du tirage complémentaire est publiée le {published}, avant son annonce"
COMPLEMENT_ROUND_DIFFERS = "le tirage complémentaire doit prendre la ronde annoncée, la {round}"
COMPLEMENT_SEED_WRONG = "l'événement n° {number} : la graine du tirage complémentaire est fausse"
COMPLEMENT_ORDER_WRONG = "l'événement n° {number} : l'ordre tiré des volontaires tardifs diffère du recalcul"
ALREADY_CLOSED_BY_COORDINATOR = "ce tirage est clos depuis le {date}"
PENDING_SENDER_MISSING = (
    "la réponse de « {id} » ne dit pas qui l'a transmise : ajoutez « transmise_par », par exemple "
    "« Marie Dupont, par courriel » (une réponse ajoutée à la fiche doit dire d'où elle vient)"
)
SENDER_MISSING = "une réponse transmise doit dire qui l'a envoyée (champ « transmise_par »)"
ANSWER_WORDS = {"confirme": "confirme", "decline": "se désiste"}

# Replay
LOG_EVENT_BEFORE_RUN = "l'événement n° {number} (« {event} ») ne peut pas précéder le tirage"
LOG_CLOSURE_DIFFERS = "l'événement n° {number} : les places vacantes de la clôture diffèrent du recalcul"
VACANCIES_DIFFER = "les places vacantes diffèrent de celles que le journal produit"
RELAXED_QUOTAS_DIFFER = "les quotas en vigueur diffèrent de ceux que le journal produit"
COMPLEMENTS_DIFFER = "les tirages complémentaires diffèrent de ceux que le journal produit"
CLOSURE_DIFFERS = "la clôture diffère de celle que le journal produit"
