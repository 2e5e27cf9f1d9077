"""French words of the meeting features (suggestions, pairings, agenda, dashboard, freshness)."""

from __future__ import annotations

# One-line explanations: each part follows the other actor's name ("X : propose …").
GIVES = "propose {resource}, que vous recherchez"
TAKES = "recherche {resource}, que vous proposez"
SHARED_DISCIPLINE = "partage votre discipline : {disciplines}"
SHARED_DISCIPLINES = "partage vos disciplines : {disciplines}"
SAME_PLACE = {
    "commune": "à {name}, comme vous",
    "intercommunalite": "dans la même intercommunalité ({name})",
    "departement": "dans le même département ({name})",
    "region": "dans la même région ({name})",
}
OTHER_UNIVERS = "d'un autre univers : {values}"
# Things to borrow: "<ressource> : …".
LENT = "{resource}, que vous recherchez"
LENT_BY = "chez {names}"
TO_BORROW = "à emprunter :"
REASONS_SEPARATOR = " ; "

# Pairings: "<visiteur> chez <hôte> : …".
PAIR_OTHER_UNIVERS = "univers différents ({values})"
PAIR_SAME_UNIVERS = "même univers"
PAIR_HOST_GIVES = "l'hôte propose {resource}, que le visiteur recherche"
PAIR_DISCIPLINE = "discipline commune : {disciplines}"
PAIR_FAR = "territoires éloignés"
PAIR_SAME_PLACE = {
    "commune": "tous deux à {name}",
    "intercommunalite": "même intercommunalité ({name})",
    "departement": "même département ({name})",
    "region": "même région ({name})",
}
PAIR_TITLE = "{call} — chez {host}"
PAIR_BODY_INTRO = "Appariement proposé par `maillage rencontres apparier` à partir de « {call} »."
PAIR_LINE = "- {visitor} : {reasons}"
PAIR_UNMATCHED = "Sans hôte (plus de place) : {names}"
PAIR_NO_HOST = "aucun acteur n'accueille de journée d'immersion (rôle « hote_immersion »)"
PAIR_NOT_AN_EDITION = (
    "{id} n'est pas une édition de Job Blender Day : il faut une fiche projet dont les visiteurs "
    "inscrits ont le rôle « participant »"
)
PAIR_UNKNOWN = "fiche inconnue : {id}"
PAIR_NO_DATE = "le projet {id} n'a pas de date de début : indiquez la date de la journée avec --debut"
PAIR_EXISTS = "{path} existe déjà : la fiche n'est pas écrasée (supprimez-la ou changez le titre de l'appel)"
PAIR_INVALID = "la fiche générée {path} serait invalide : {problems}"
PAIR_WRITTEN = "{count} fiche(s) de rencontre écrite(s) dans {folder}"
PAIR_NONE = "aucun visiteur inscrit à « {call} » (acteurs du projet avec le rôle « participant »)"

# Freshness.
STALE_INTRO = (
    "Ces fiches n'ont pas été modifiées depuis plus de {days} jours. Vérifiez qu'elles sont "
    "toujours justes (coordonnées, activités, statut des projets) et modifiez-les, ou confirmez-les "
    "en changeant la date de leur dernière vérification."
)
STALE_NONE = "Aucune fiche n'a plus de {days} jours : tout est à jour."
STALE_LINE = "{path} : {title} — dernière modification le {date} ({age} jours)"
STALE_MD_HEADER = "| Fiche | Fichier | Type | Dernière modification | Âge (jours) |\n|---|---|---|---|---|"
STALE_MD_ROW = "| {title} | `{path}` | {kind} | {date} | {age} |"
STALE_BADGE = "À vérifier : fiche inchangée depuis plus de {days} jours"
NO_LOCAL_COMMONS = (
    "aucun commun local : déclarez-les dans mkdocs.yml (« communs_locaux: » dans les options du greffon "
    "maillage) ou nommez leurs dossiers « donnees/ » après la commande"
)
