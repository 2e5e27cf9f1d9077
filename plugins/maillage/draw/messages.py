"""French messages of the draw, gathered in one place."""

from __future__ import annotations

# Dates and public randomness
BAD_DATETIME = "date et heure invalides « {value} » ({field}) : écrivez par exemple 2026-03-14T18:30:00+01:00"
DATETIME_WITHOUT_ZONE = (
    "la date « {value} » ({field}) n'indique pas de fuseau horaire : ajoutez par exemple +01:00 ou Z"
)
DRAND_UNKNOWN_CHAIN = (
    "chaîne drand inconnue « {chain} » : impossible de savoir quand ses rondes sont publiées. Chaînes connues : {known}"
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
DICE_NOT_YET = "les dés sont lancés le {rolled} : un tirage daté du {when} ne peut pas connaître leur résultat"
DRAND_NOT_DECLARED = "une valeur drand est donnée, mais la fiche n'annonce pas de ronde drand (champ alea.drand)"
DICE_NOT_DECLARED = "des résultats de dés sont donnés, mais la fiche n'annonce pas de lancer de dés (champ alea.des)"
DRAND_VALUE_MISSING = (
    "il manque la valeur de la ronde drand {round} : donnez-la avec --drand-valeur "
    "(champ « randomness » de https://api.drand.sh/{chain}/public/{round})"
)
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
ALREADY_CLOSED = "ce tirage est clos : toutes les places sont confirmées"
ANSWER_NOT_DRAWN = "« {id} » n'occupe aucune place dans les groupes de ce tirage"
ANSWER_TWICE = "« {id} » a déjà répondu (« {answer} »)"
ANSWER_BEFORE_DRAW = "la réponse de « {id} » est datée d'avant sa désignation ({date})"
CONFIRM_LATE = (
    "confirmation de « {id} » refusée : datée du {date}, après la fin du délai de réflexion ({deadline}). "
    "Sa place peut être attribuée à la réserve avec « maillage tirage remplacer »"
)
REPLACE_TOO_EARLY = "le délai de réflexion court jusqu'au {deadline} : les remplacements se font après"
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
POOL_CHANGED = "le vivier recalculé à partir des fiches acteurs diffère du vivier figé : {details}"
POOL_NOW_UNREADABLE = "impossible de recalculer le vivier à partir des fiches acteurs : {reason}"
POOL_ADDED = "en plus maintenant : {ids}"
POOL_REMOVED = "absents maintenant : {ids}"
POOL_CATEGORIES_CHANGED = "catégories changées : {ids}"
DISTRIBUTION_ALTERED = "la distribution a été modifiée : elle ne correspond plus à son empreinte"
PANEL_INVALID = "le tirage possible n° {number} ne respecte pas les règles : {problem}"
WEIGHTS_NOT_ONE = "les poids de la distribution font {total} au lieu de {scale}"
PROBABILITIES_WRONG = "les probabilités affichées ne sont pas celles de la distribution"
DISTRIBUTION_UNFAIR = (
    "la distribution n'est pas la plus équitable possible : plus petite probabilité {found}, "
    "alors que {optimum} est atteignable"
)
SOFTWARE_DIFFERENT = (
    "le logiciel diffère de celui des engagements (version engagée {version}, version actuelle {current}) : "
    "les vérifications ci-dessus sont faites avec le logiciel actuel"
)
COMMITMENTS_NOT_COMMITTED = (
    "les engagements ne sont dans aucun commit git : publiez-les (commit et push) avant que l'aléa n'existe"
)
COMMITMENTS_COMMITTED_LATE = (
    "les engagements n'apparaissent dans l'historique git que le {published}, après l'aléa ({randomness}) : "
    "rien ne prouve qu'ils ont été fixés avant"
)
COMMITMENTS_COMMITTED = "engagements publiés dans l'historique git le {published} (date du commit), avant l'aléa"
SEED_WRONG = "la graine est fausse : la fiche indique {found}, le calcul donne {expected}"
DRAWN_PANEL_DIFFERS = "le tirage retenu diffère : le calcul donne le n° {panel} (nombre tiré {number})"
GROUPS_DIFFER = "les groupes diffèrent du recalcul, qui donne : {expected}"
RESERVE_DIFFERS = "la liste de réserve diffère du recalcul"
REPLACEMENTS_DIFFER = "les remplacements inscrits diffèrent de ceux que le journal produit"
JOURNALED_ANSWER_MISSING = (
    "la réponse de « {id} » inscrite au journal (« {answer} », {date}) manque dans la liste des réponses"
)
JOURNALED_ANSWER_TWICE = "la réponse de « {id} » inscrite au journal figure deux fois dans la liste des réponses"

# Answers added to the entry (pull request, web form) before the log records them
PENDING_ANSWER = (
    "réponse pas encore inscrite au journal : « {id} » {answer} le {date} (« maillage tirage inscrire » l'inscrira)"
)
PENDING_LOCATED = "{path}:{line}:{column}: réponse n° {number}, champ « {field} » : {message}"
PENDING_UNREADABLE = "cette réponse est illisible : il faut les champs acteur, reponse (confirme ou decline) et date"
PENDING_BAD_ANSWER = "réponse « {answer} » inconnue : écrivez « confirme » ou « decline »"
PENDING_CHANGES_JOURNALED = (
    "« {id} » a déjà répondu « {answer} » le {date}, et c'est inscrit au journal : une réponse ne peut pas être changée"
)
PENDING_IN_FUTURE = "la réponse de « {id} » est datée du {date}, dans le futur (maintenant : {now})"
PENDING_LATE = (
    "la réponse de « {id} » est datée du {date}, après la fin de son délai de réflexion ({deadline}) : "
    "sa place revient à la réserve avec « maillage tirage remplacer »"
)
PENDING_BEFORE_REPLACEMENT = (
    "la réponse de « {id} » est datée du {date}, avant les remplacements du {replaced} déjà inscrits au journal : "
    "elle aurait dû être inscrite avant, et le journal ne se réécrit pas"
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
PREPARED_SUMMARY = (
    "{path} : engagements écrits le {date}.\n"
    "  vivier : {pool} volontaire(s) ({types} type(s)){excluded}\n"
    "  places : {groups} groupe(s) × {size}\n"
    "  plus petite probabilité d'être tiré : {minimum} (optimum équitable {maximin})\n"
    "  empreintes : vivier {pool_hash}, règles {rules_hash}, distribution {distribution_hash}, "
    "logiciel {software_hash}\n"
    "Publiez ces engagements (commit et push) avant que l'aléa n'existe."
)
EXCLUDED_PERSONS = " ; {count} personne(s) volontaire(s) sans consentement de publication écartée(s)"
RUN_SUMMARY = "{path} : tirage fait le {date}, graine {seed}, tirage possible n° {panel} retenu."
GROUP_LINE = "  groupe {number} : {members}"
RESERVE_LINE = "  réserve, dans l'ordre : {members}"
DEADLINE_LINE = "Délai de réflexion jusqu'au {deadline}."
ANSWER_RECORDED = "{path} : réponse de « {id} » enregistrée ({answer}, {date})."
CLOSED_NOW = "Toutes les places sont confirmées : le tirage est clos."
REPLACEMENT_LINE = "  groupe {group} : « {leaving} » ({reason}) remplacé·e par « {arriving} »"
REPLACEMENT_NONE_LINE = (
    "  groupe {group} : « {leaving} » ({reason}) : personne dans la réserve ne respecte les quotas, place non pourvue"
)
VERIFY_OK = "{path} : vérification réussie, tout se recalcule à l'identique ({what})."
VERIFY_FAILED = "{path} : la vérification a trouvé {count} différence(s) :"
STATUS_LINE = "{path} : {status}"
SEAT_LINE = "    {id} — {answer}"
NOT_JOURNALED_YET = " (pas encore inscrite au journal : « maillage tirage inscrire »)"
NOTE = "note : {note}"
ERROR = "erreur : {message}"
