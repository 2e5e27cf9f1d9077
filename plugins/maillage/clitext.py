"""French for the messages click prints itself (help, usage, errors).

click marks its messages for gettext but ships no French catalogue, and Maillage's command line
is read by French-speaking coordinators whatever the machine's locale. `use_french()` points
click's message functions at this catalogue; a message not listed keeps click's English.
"""

from __future__ import annotations

import importlib

FRENCH = {
    "Aborted!": "Interrompu.",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Usage:": "Utilisation :",
    "Missing command.": "Commande manquante.",
    "env var: {var}": "variable d'environnement : {var}",
    "default: {default}": "par défaut : {default}",
    "(dynamic)": "(calculé)",
    "required": "obligatoire",
    "Do you want to continue?": "Voulez-vous continuer ?",
    "Confirm the action without prompting.": "Confirmer sans poser la question.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Show the version and exit.": "Affiche la version et quitte.",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour l'aide.",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "{param_type} manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "No such option {name!r}.": "Option inconnue {name!r}.",
    "No such command {name!r}.": "Commande inconnue {name!r}.",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire l'une de celles-ci : {possibilities} ?)",
    "Option {name!r} requires an argument.": "L'option {name!r} demande une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option {name!r} demande {nargs} valeurs.",
    "Takes {nargs} values but 1 was given.": "Demande {nargs} valeurs, mais une seule a été donnée.",
    "Takes {nargs} values but {len} were given.": "Demande {nargs} valeurs, mais {len} ont été données.",
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} valeurs sont demandées, mais {len_value} a été donnée."
    ),
    "{len_type} values are required, but {len_value} were given.": (
        "{len_type} valeurs sont demandées, mais {len_value} ont été données."
    ),
    "{value!r} does not match the format {format}.": "{value!r} ne suit pas le format {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} ne suit aucun des formats {formats}.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} n'est pas exécutable.",
    "Error: invalid input": "Erreur : saisie invalide",
    "Error: The two entered values do not match.": "Erreur : les deux valeurs saisies diffèrent.",
    "Repeat for confirmation": "Répétez pour confirmer",
    "deprecated": "obsolète",
    "unknown error": "erreur inconnue",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir le fichier {filename!r} : {message}",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} n'est pas un booléen valide. Valeurs reconnues : {states}"
    ),
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} {filename!r} n'existe pas.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} n'est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} n'est pas modifiable.",
    "Got unexpected extra argument ({args})": "Argument en trop inattendu ({args})",
    "Got unexpected extra arguments ({args})": "Arguments en trop inattendus ({args})",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} n'est pas l'une des valeurs {choices}.",
}

_CLICK_MODULES = ("core", "decorators", "exceptions", "parser", "types", "formatting", "termui", "utils")


def french(message: str) -> str:
    """The French for one of click's messages, or the message itself."""
    return FRENCH.get(message, message)


def french_plural(singular: str, plural: str, count: int) -> str:
    """ngettext with the French catalogue (French uses the singular for 0 and 1)."""
    return french(singular if count <= 1 else plural)


def use_french() -> None:
    """Make click print its own messages in French."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = french  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = french_plural  # type: ignore[attr-defined]
