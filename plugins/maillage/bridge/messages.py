"""French texts of the bridge: every message a contributor, maintainer or operator reads."""

from __future__ import annotations

# Configuration
CONFIG_UNREADABLE = "{path} : impossible de lire le fichier de configuration ({reason})"
CONFIG_SYNTAX = "{path} : syntaxe TOML invalide ({reason})"
CONFIG_NOT_SECTION = "{path} : « {key} » doit être une section [{key}]"
CONFIG_UNKNOWN_KEY = "{path} : clé inconnue « {key} » (voir maillage formulaire --help)"
CONFIG_TYPE = "{path} : valeur de type inattendu pour « {key} » : {value!r}"
CONFIG_FORGE_KIND = "forge.type : « {value} » inconnu ; valeurs possibles : {allowed}"
CONFIG_NETWORK = "service.proxys_de_confiance : « {value} » n'est pas une adresse ou un réseau IP"
CONFIG_SECRET_FILE = "impossible de lire le fichier secret {path} ({reason})"
CONFIG_NO_TOKEN = (
    "aucun jeton pour la forge : définissez la variable d'environnement {variable} "
    "ou forge.jeton_fichier (ou une GitHub App)"
)

# Local forge
LOCAL_NOT_A_REPOSITORY = "{path} n'est pas un dépôt git"
LOCAL_NO_BASE = "la branche de base « {branch} » n'existe pas dans le dépôt"
LOCAL_NO_BRANCH = "la branche « {branch} » n'existe pas (déjà acceptée ou refusée ?)"
LOCAL_MERGE_FAILED = "impossible de fusionner « {branch} » : conflit ou copie de travail modifiée"

# Proposals on the forge
PR_TITLE_NEW = "Nouvelle fiche {type} : {title}"
PR_TITLE_EDIT = "Modification de la fiche {type} : {title}"
PR_BODY = (
    "Proposition envoyée par le formulaire en ligne ({type}, fichier `{path}`).\n\n"
    "Relisez la fiche avant de fusionner : son contenu vient d'une personne sans compte sur la forge.\n\n"
    "Contribution : {id}"
)
PR_TITLE_CONFLICT = "[conflit à trancher] {title}"
PR_REBASED = (
    "\n\nLa fiche a changé depuis l'envoi du formulaire : la proposition a été reportée sur la version "
    "actuelle (aucun champ n'a été modifié des deux côtés)."
)
PR_CONFLICT = (
    "\n\n**Conflit à trancher.** La fiche a changé depuis l'envoi du formulaire, et ces champs ont été "
    "modifiés des deux côtés. La proposition garde la valeur de la personne qui l'a envoyée ; choisissez "
    "pour chacun avant de fusionner :\n\n{lines}"
)
CONFLICT_LINE = "- `{field}` : au départ {base} ; proposé {mine} ; actuel {theirs}"
CLI_CONFLICT = (
    "CONFLIT : la fiche a changé depuis l'envoi et ces champs ont été modifiés des deux côtés "
    "(la proposition garde la valeur envoyée) :\n{lines}"
)
CLI_CONFLICT_REFUSED = (
    "la contribution {id} est en conflit avec la fiche actuelle :\n{lines}\n"
    "relisez-la (maillage contributions voir {id}), puis refusez-la ou acceptez-la avec --forcer"
)
CUT_MARK = "… ({count} caractères de plus)"
COMMIT_MESSAGE = "Formulaire : {action} de {path}\n\nContribution: {id}"
LOG_TOO_MANY_OPEN = "trop de propositions ouvertes : envoi différé"

# Form and pages
STATE_LABELS = {
    "en_attente": "en attente",
    "proposee": "proposée",
    "acceptee": "acceptée",
    "refusee": "refusée",
}
STATE_HELP = {
    "en_attente": (
        "Votre proposition est bien enregistrée ; elle sera transmise aux personnes qui relisent le commun."
    ),
    "proposee": "Votre proposition attend d'être relue.",
    "acceptee": "Votre proposition a été acceptée : elle sera visible sur le site à la prochaine publication.",
    "refusee": "Votre proposition n'a pas été retenue.",
}
FORM_EXPIRED = (
    "Ce formulaire a expiré ou n'est pas valide : vérifiez vos saisies (elles sont conservées) "
    "puis prévisualisez à nouveau."
)
REBASED = (
    "La fiche a changé depuis que vous avez ouvert ce formulaire : vos modifications ont été reportées "
    "sur la version actuelle. Vérifiez l'aperçu, puis envoyez."
)
CONFLICTS = (
    "La fiche a changé depuis que vous avez ouvert ce formulaire, et certains champs que vous avez modifiés "
    "ont aussi été modifiés entre-temps. Pour chacun, choisissez votre valeur ou la valeur actuelle, "
    "puis prévisualisez à nouveau."
)
FORM_TOO_FAST = "Envoi trop rapide : relisez votre proposition, puis envoyez-la à nouveau."
HONEYPOT = "Envoi refusé : un champ qui doit rester vide a été rempli."
BAD_ORIGIN = "Envoi refusé : la demande ne vient pas de ce site."
RATE_LIMITED = "Trop d'envois en peu de temps : réessayez dans quelques minutes."
TOO_MANY_OPEN_FROM_YOU = (
    "Vous avez déjà {count} proposition(s) en attente de relecture : attendez qu'elles soient relues "
    "avant d'en envoyer d'autres. Merci de votre patience."
)
TOO_LARGE = "Envoi trop volumineux : raccourcissez vos textes."
NOT_FOUND = "Page introuvable."
TOO_SLOW = "Envoi trop lent : la connexion a été fermée. Renvoyez le formulaire."
BUSY = "Le service est très sollicité : réessayez dans quelques secondes."
BAD_REQUEST = "Envoi invalide : rechargez le formulaire et recommencez."
METHOD_NOT_ALLOWED = "Cette adresse ne s'utilise pas ainsi : revenez au formulaire."
UNKNOWN_TYPE = "Type de fiche inconnu."
UNKNOWN_ENTRY = "Aucune fiche « {id} » de ce type."
SERVER_ERROR = "Une erreur est survenue de notre côté ; votre saisie n'a pas été perdue si vous revenez en arrière."
PERSON_CONSENT_REQUIRED = (
    "Pour une personne, cochez « Accepte la publication de sa fiche » : sans cet accord, la fiche ne sera pas publiée."
)
CONSENT_COLLECTED_BY = "formulaire en ligne"
YES = "oui"
NO = "non"
# A date and time in the preview, at the time of the entry's place.
LOCAL_TIME = "{moment} (heure du lieu)"
CONSENT_LOCKED = (
    "Le consentement d'une personne ne se modifie pas par le formulaire : il est recueilli et noté par "
    "l'équipe du commun. Écrivez-lui pour le changer."
)
PERSONAL_LOCKED = (
    "Les coordonnées d'une personne ne se modifient pas par le formulaire : écrivez à l'équipe du commun, "
    "qui vérifie l'accord de la personne."
)
PERSON_FORM_LOCKED = (
    "La fiche d'une personne ne peut pas devenir celle d'une organisation par le formulaire : "
    "écrivez à l'équipe du commun."
)
BODY_TOO_LONG = "Le texte est trop long ({length} caractères, {limit} au plus) : raccourcissez-le."
