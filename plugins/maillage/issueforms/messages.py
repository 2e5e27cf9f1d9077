"""French text of the issue forms, the issue comments and the CI reports, gathered in one place."""

from __future__ import annotations

# Issue forms
TEMPLATE_NAME = "Proposer une fiche : {singular}"
TEMPLATE_TITLE = "[{singular}] "
TEMPLATE_INTRO = (
    "Merci de contribuer au commun ! Remplissez les champs ci-dessous : une fiche sera préparée "
    "automatiquement et proposée à l'équipe qui la relira avant publication. Si quelque chose "
    "ne va pas, un message en commentaire vous dira quoi corriger ; modifiez alors ce ticket.\n\n"
    "**Ce que vous écrivez ici est public.** Les champs marqués d'une étoile sont obligatoires."
)
BODY_LABEL = "Texte de la fiche"
BODY_HELP = (
    "La présentation complète, en Markdown : paragraphes séparés par une ligne vide, "
    "« ## Titre » pour un intertitre, « - » pour une liste, [texte](https://…) pour un lien. "
    "Pas de HTML."
)
YES = "Oui"
MULTIPLE_HELP = "Plusieurs choix possibles."
REFERENCE_HELP = (
    "Identifiant d'une fiche existante ({folder}) : le nom de son fichier sans « .md », "
    "visible à la fin de l'adresse de sa page."
)
REFERENCES_HELP = (
    "Identifiants de fiches existantes ({folder}), un par ligne : le nom du fichier sans « .md », "
    "visible à la fin de l'adresse de la page."
)
LINES_HELP = "Un élément par ligne."
REPEAT_HELP = "Une ligne par élément, les colonnes séparées par « ; » : {columns}."
OPTIONAL = " (facultatif)"
CONSENT_LABEL = "Consentement (si la fiche décrit une personne)"
CONSENT_HELP = (
    "Si la fiche décrit une personne, cochez seulement si vous êtes cette personne ou si elle vous "
    "a donné son accord explicite. Sans accord de publication, la fiche d'une personne ne peut "
    "pas être proposée ; sans accord pour les coordonnées, laissez les champs de contact vides."
)
CONSENT_COLLECTED_BY = "formulaire de ticket n° {number}"

# Issue-body parsing
BODY_TOO_LONG = "le ticket est trop long ({length} caractères, {limit} au plus)"
SECTION_MISSING = (
    "la rubrique « {label} » est introuvable : ne supprimez ni ne renommez les titres « ### » du formulaire"
)
SECTION_EXTRA = (
    "la rubrique « {label} » contient du texte inattendu ({text}) : une seule ligne est attendue ; "
    "n'ajoutez pas de titres « ### » au formulaire"
)
TEXT_BEFORE_FORM = "du texte a été ajouté avant la première rubrique du formulaire : retirez-le"
UNKNOWN_CHECKBOX = "la rubrique « {label} » contient une case inconnue {text}"
HTML_IN_VALUE = (
    "la rubrique « {label} » contient du HTML ou un lien javascript ({found}) : écrivez du texte "
    "simple (et, pour le texte de la fiche, la mise en forme Markdown)"
)
REPEAT_TOO_MANY_COLUMNS = (
    "la rubrique « {label} », ligne {line} : {count} colonnes séparées par « ; », {expected} au plus"
)
UNKNOWN_CHOICE = "la rubrique « {label} » : choix {text} inconnu ; choix possibles : {choices}"

# Entry building
NO_SLUG = "« {label} » doit contenir au moins une lettre ou un chiffre : c'est de là que vient l'adresse de la fiche"
PERSON_NEEDS_CONSENT = (
    "la fiche décrit une personne : cochez « {consent} » (avec son accord explicite), "
    "sinon elle ne peut pas être publiée"
)
PERSON_CONTACT_NEEDS_CONSENT = (
    "la fiche décrit une personne et des coordonnées sont remplies sans que « {consent} » soit "
    "coché : le dépôt est public, retirez-les ou cochez la case avec son accord"
)
UNKNOWN_TYPE = "ce ticket n'a pas d'étiquette « fiche:… » d'un type de fiche connu"
TEMPLATE_MISSING = "le modèle de formulaire {path} est introuvable"

# Comments and pull requests
COMMENT_PROBLEMS = (
    "Merci pour votre proposition ! Avant de pouvoir préparer la fiche, il faut corriger "
    "ce qui suit :\n\n{problems}\n\nModifiez ce ticket (menu « … » puis « Edit ») : la "
    "vérification recommencera toute seule."
)
COMMENT_DONE = (
    "Merci ! La fiche « {title} » a été préparée dans `{path}` et proposée pour relecture dans "
    "une demande de fusion liée à ce ticket (voir plus bas). L'équipe la relira avant de la "
    "publier.\n\nSi vous modifiez ce ticket, la proposition sera mise à jour."
)
PR_TITLE = "Nouvelle fiche {singular} : {title}"
PR_BODY = (
    "Fiche préparée automatiquement depuis le ticket #{number}.\n\n"
    "- Type : {singular}\n- Fichier : `{path}`{communes}\n\n"
    "Relisez la fiche, puis fusionnez pour la publier. Closes #{number}.{warnings}"
)
PR_WARNINGS = "\n\nAvertissements :\n\n{items}"

# CI summary of `maillage verifier --format github`
SUMMARY_TITLE = "## Vérification des fiches"
COMMUNE_NOTICE_TITLE = "Commune"
COMMUNE_CHANGES_TITLE = "### Communes nouvelles ou modifiées (vérifiez que ce sont les bonnes)"
COMMUNE_CHANGES_HEADER = "| Fichier | Ligne | Commune |\n|---|---|---|"
SUMMARY_OK = "{files} fiche(s) vérifiée(s) : aucun problème. :white_check_mark:"
SUMMARY_COUNTS = "{files} fiche(s) vérifiée(s) : **{errors} erreur(s)**, {warnings} avertissement(s)."
SUMMARY_HEADER = "| Fichier | Ligne | Gravité | Problème |\n|---|---|---|---|"
SUMMARY_HELP = (
    "Chaque problème est aussi signalé sur la ligne concernée, dans l'onglet « Files changed » "
    "de la demande de fusion. Le guide CONTRIBUTING.md décrit chaque champ."
)
ANNOTATION_TITLE = {"erreur": "Fiche invalide", "avertissement": "Avertissement"}
ANNOTATIONS_CUT_TITLE = "Problèmes non affichés"
ANNOTATIONS_CUT = (
    "{count} autre(s) problème(s) dans ce fichier ne sont pas annotés ici : « maillage verifier {path} » "
    "les montre tous"
)

# Generation commands
STALE = "{path} n'est pas à jour : lancez « maillage tickets generer »"
MARKERS_MISSING = "{path} : marqueurs de la référence des champs introuvables"
UP_TO_DATE = "Formulaires et référence des champs à jour ({count} fichier(s))."
GENERATED = "{count} fichier(s) écrit(s)."
