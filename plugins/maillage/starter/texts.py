"""Every French text of `maillage nouveau`."""

from __future__ import annotations

SITE_NAME = "Le commun culturel {of}"
FIRST_COMMIT = "Création du commun avec maillage nouveau"
# Used only when git knows no identity on this machine (the first commit needs one).
FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "maillage nouveau",
    "GIT_AUTHOR_EMAIL": "nouveau@maillage.invalid",
    "GIT_COMMITTER_NAME": "maillage nouveau",
    "GIT_COMMITTER_EMAIL": "nouveau@maillage.invalid",
}

TARGET_IS_FILE = "{path} est un fichier : indiquez un dossier vide ou qui n'existe pas encore."
TARGET_NOT_EMPTY = (
    "Le dossier {path} n'est pas vide : rien n'a été écrit. Indiquez un dossier vide ou qui "
    "n'existe pas encore ; Maillage ne remplace jamais un fichier existant."
)
NO_TERRITORY = (
    "Indiquez le territoire du commun : --departement, --region, --epci ou --commune "
    "(par son code ou son nom ; plusieurs sont possibles). Exemple : --departement Ardennes"
)
BAD_REQUIREMENT = (
    "{value!r} n'est pas une ligne de dépendance de Maillage ; par exemple « maillage[site,formulaire]==0.1.0 » "
    "ou « maillage[site,formulaire] @ git+https://…/maillage.git@v0.1.0 »."
)

CREATED = "Commun créé dans {path} : {count} fichiers, premier commit sur la branche main."
NEXT_STEPS = """\
Territoire : {label}.

Les trois prochaines étapes (détaillées dans {path}/README.md) :
  1. voir le site sur votre ordinateur :
       cd {path}
       python3 -m venv .venv && .venv/bin/pip install -r requirements.txt
       .venv/bin/mkdocs serve
  2. compléter les passages « À COMPLÉTER » et écrire les premières fiches dans content/ ;
  3. publier : créer un dépôt vide sur GitHub ou GitLab, puis git push (README.md, « Publier »)."""
