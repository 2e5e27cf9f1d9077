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
FORM_TOO_FAST = "Envoi trop rapide : relisez votre proposition, puis envoyez-la à nouveau."
HONEYPOT = "Envoi refusé : un champ qui doit rester vide a été rempli."
BAD_ORIGIN = "Envoi refusé : la demande ne vient pas de ce site."
RATE_LIMITED = "Trop d'envois en peu de temps : réessayez dans quelques minutes."
TOO_MANY_OPEN = (
    "Beaucoup de propositions attendent déjà d'être relues : réessayez dans quelques jours. "
    "Merci de votre patience."
)
TOO_LARGE = "Envoi trop volumineux : raccourcissez vos textes."
NOT_FOUND = "Page introuvable."
BAD_REQUEST = "Envoi invalide : rechargez le formulaire et recommencez."
METHOD_NOT_ALLOWED = "Cette adresse ne s'utilise pas ainsi : revenez au formulaire."
UNKNOWN_TYPE = "Type de fiche inconnu."
UNKNOWN_ENTRY = "Aucune fiche « {id} » de ce type."
PERSON_NOT_EDITABLE = "Cette fiche ne peut pas être modifiée en ligne."
SERVER_ERROR = "Une erreur est survenue de notre côté ; votre saisie n'a pas été perdue si vous revenez en arrière."
PERSON_CONSENT_REQUIRED = (
    "Pour une personne, cochez « Accepte la publication de sa fiche » : sans cet accord, la fiche ne sera pas publiée."
)
CONSENT_COLLECTED_BY = "formulaire en ligne"
YES = "oui"
NO = "non"
