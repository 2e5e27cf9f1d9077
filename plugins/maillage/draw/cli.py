"""`maillage tirage …`: prepare, time-stamp, roll, run, answer, replace, relax, complete, close,
verify and follow a draw. Everything shown is French, with local times and people by name."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from maillage.clicommon import AliasedGroup, maintenant_option
from maillage.draw import clock, text
from maillage.draw import messages as msg
from maillage.draw.clock import CLOCK_TOLERANCE, PREPARE_PAST_TOLERANCE, french_datetime, parse_datetime
from maillage.draw.errors import DrawError
from maillage.draw.store import DrawFile, load_draw, save_draw

if TYPE_CHECKING:
    from types import ModuleType

ENTRY = click.argument("path", metavar="FICHE", type=click.Path(path_type=Path))
NOW = maintenant_option(
    type=click.STRING,  # read by the draw's own rule: a date-time with its zone, never in the future
    metavar="AAAA-MM-JJTHH:MM:SS+01:00",
    help="Date et heure de l'événement (par défaut : maintenant). Jamais dans le futur.",
)
ACTOR = click.argument("actor", metavar="ACTEUR")
SENDER = click.option(
    "--par", "sent_by", metavar="TEXTE", help="Qui a transmis la réponse et comment (« Marie Dupont, par courriel »)."
)


def _drand_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that give a drand round by hand, or say where to read it."""
    for option in reversed(
        (
            click.option("--drand-signature", "signature", metavar="HEX", help="Le champ « signature » de la ronde."),
            click.option(
                "--drand-signature-precedente",
                "previous",
                metavar="HEX",
                help="Le champ « previous_signature » (réseau chaîné « default » seulement).",
            ),
            click.option(
                "--drand-valeur", "value", metavar="HEX", help="Le champ « randomness », vérifié contre la signature."
            ),
            click.option(
                "--relais",
                "relays",
                metavar="URL",
                multiple=True,
                help="Où lire la ronde (API HTTP de drand) ; par défaut les relais de la League of Entropy.",
            ),
        )
    ):
        command = option(command)
    return command


# The libraries of the `tirage` extra: looked for, not imported (SciPy would slow every command).
EXTRA_LIBRARIES = ("scipy", "rfc3161_client", "py_ecc")

# The English subcommand names used before, kept hidden for one release.
OLD_NAMES = {
    "prepare": "preparer",
    "run": "tirer",
    "verify": "verifier",
    "confirm": "confirmer",
    "decline": "refuser",
    "inscribe": "inscrire",
    "replace": "remplacer",
    "status": "etat",
}


@click.group(name="tirage", cls=AliasedGroup, old_names=OLD_NAMES)
def tirage() -> None:
    """Tirage au sort équitable et vérifiable de groupes de volontaires.

    \b
    Exemples, étape par étape, sur une fiche content/tirages/<id>.md :
      maillage tirage preparer content/tirages/t.md      (fige vivier, règles, distribution ; horodate)
      git add content && git commit -m "Engagements" && git push   (publier AVANT l'aléa)
      maillage tirage des content/tirages/t.md 3,5,1 --temoin "…"   (dés, avant la ronde drand)
      maillage tirage tirer content/tirages/t.md         (après la ronde drand : la lit et la vérifie)
      maillage tirage confirmer|refuser content/tirages/t.md mon-acteur
      maillage tirage etat content/tirages/t.md
      maillage tirage verifier content/tirages/t.md      (tout le monde peut vérifier)
    """
    for library in EXTRA_LIBRARIES:
        if importlib.util.find_spec(library) is None:
            raise ModuleNotFoundError(f"No module named {library!r}", name=library)


def _fail(draw: DrawFile | None, path: Path, error: DrawError) -> NoReturn:
    if draw is not None and error.field and error.field.split(".")[0] in draw.entry.data:
        parts = tuple(int(p) if p.isdigit() else p for p in error.field.split("."))
        shown, line, column = draw.entry.document.locate(parts)
        click.echo(f"{shown}:{line}:{column}: {error.message}", err=True)
    else:
        click.echo(msg.ERROR.format(message=f"{path}: {error.message}"), err=True)
    sys.exit(1)


def _protocol() -> ModuleType:
    """The protocol, imported on use: it loads SciPy, which other `maillage` commands need not pay for."""
    from maillage.draw import protocol

    return protocol


def _when(now: str | None, past: Any = None) -> datetime:
    """The event's moment: now, or `--maintenant` (never in the future, nor too far back if `past`)."""
    current = clock.now()
    if now is None:
        return current
    when = parse_datetime(now, "--maintenant")
    if when > current + CLOCK_TOLERANCE:
        raise DrawError(msg.DATE_IN_FUTURE.format(date=now))
    if past is not None and when < current - past:
        raise DrawError(msg.DATE_TOO_FAR_BACK.format(date=now, minutes=int(past.total_seconds() // 60)))
    return when


def _command(path: Path, action: Callable[[DrawFile], Any], with_commons: bool = False) -> tuple[DrawFile, Any]:
    """Load the draw, run the action, save what it returns; French errors, never a traceback."""
    draw = None
    try:
        draw = load_draw(path, with_commons)
        outcome = action(draw)
        save_draw(draw, outcome.data)
    except DrawError as error:
        _fail(draw, path, error)
    for warning in outcome.warnings:
        click.echo(msg.WARNING.format(message=warning))
    return draw, outcome


@tirage.command()
@ENTRY
@NOW
def preparer(path: Path, now: str | None) -> None:
    """Fige le vivier, les règles et la distribution équitable ; écrit et horodate leurs empreintes.

    À faire AVANT que l'aléa existe (avant la ronde drand, avant le lancer de dés), puis publier
    la fiche et son fichier de données (commit et push). Si la fiche déclare une autorité
    d'horodatage (champ « horodatage »), son jeton prouve que les engagements existaient à cette date.
    --maintenant ne peut pas remonter de plus de quelques minutes.

    Exemple : maillage tirage preparer content/tirages/tirage-ardennes-2027.md
    """
    draw, outcome = _command(path, lambda d: _protocol().prepare(d, _when(now, PREPARE_PAST_TOLERANCE)), True)
    click.echo(text.prepared_summary(draw, outcome.extra))


@tirage.command()
@ENTRY
@NOW
def horodater(path: Path, now: str | None) -> None:
    """Horodate des engagements préparés sans jeton (service d'horodatage injoignable à la préparation).

    Exemple : maillage tirage horodater content/tirages/t.md
    """
    draw, _ = _command(path, lambda d: _protocol().stamp_commitments(d, _when(now)))
    click.echo(text.stamped(draw))


@tirage.command(name="des")
@ENTRY
@click.argument("faces", metavar="FACES")
@click.option("--temoin", "witnesses", multiple=True, metavar="TEXTE", help="Un témoin du lancer (répétable).")
@NOW
def des(path: Path, faces: str, witnesses: tuple[str, ...], now: str | None) -> None:
    """Inscrit les dés lancés en public, avec leurs témoins, AVANT la ronde drand.

    \b
    Exemple : maillage tirage des content/tirages/t.md 3,5,1,6 --temoin "Jeanne Martin, conseillère municipale"
    """
    draw, _ = _command(path, lambda d: _protocol().record_dice(d, faces, list(witnesses), _when(now)))
    click.echo(text.dice_recorded(draw))


@tirage.command()
@ENTRY
@_drand_options
@click.option("--des", "dice", metavar="3,5,1,…", help="Les faces des dés (tirage aux dés seuls).")
@click.option(
    "--publication",
    metavar="TEXTE",
    help="Comment les engagements ont été publiés, s'ils ne sont pas dans un commit poussé (affichage, courriel…).",
)
@NOW
def tirer(
    path: Path,
    signature: str | None,
    previous: str | None,
    value: str | None,
    relays: tuple[str, ...],
    dice: str | None,
    publication: str | None,
    now: str | None,
) -> None:
    """Tire les groupes et la réserve à partir de l'aléa public et des engagements publiés.

    La ronde drand annoncée est lue sur l'API HTTP de drand (ou donnée à la main) et sa
    signature BLS vérifiée avec la clé publique du réseau. Refuse de tirer tant que les
    engagements ne sont pas dans un commit poussé, sauf --publication.

    \b
    Exemples :
      maillage tirage tirer content/tirages/t.md
      maillage tirage tirer content/tirages/t.md --drand-signature 8c87…44bb
      maillage tirage tirer content/tirages/t.md --des 3,5,1,6,2 --publication "affiché en mairie le 3 mars"
    """

    def action(draw: DrawFile) -> Any:
        when = _when(now)
        beacon = _beacon(draw, signature, previous, value, relays, None)
        return _protocol().run(draw, beacon, dice, when, publication)

    draw, outcome = _command(path, action)
    click.echo(text.run_summary(draw, outcome.extra))


def _beacon(
    draw: DrawFile,
    signature: str | None,
    previous: str | None,
    value: str | None,
    relays: tuple[str, ...],
    round_number: int | None,
) -> Any:
    """The drand round to use: given by hand, or read from the relays (None if the draw has none)."""
    from maillage.draw.drand import Beacon, fetch_beacon

    drand = (draw.entry.data.get("alea") or {}).get("drand")
    if not drand:
        return None
    number = round_number or drand["ronde"]
    if signature:
        beacon = Beacon(number, signature.strip().lower(), previous.strip().lower() if previous else None)
        if value and value.strip().lower() != beacon.randomness:
            raise DrawError(msg.DRAND_VALUE_NOT_SIGNATURE.format(where="--drand-valeur"))
        return beacon
    if value:
        raise DrawError(msg.DRAND_VALUE_WITHOUT_SIGNATURE)
    network = draw.authorities.network(drand["chaine"])
    published = network.round_time(number)
    if published > clock.now():
        raise DrawError(msg.DRAND_WAIT.format(round=number, published=french_datetime(published, clock.now())))
    sources = relays or draw.authorities.relays_for(drand["chaine"])
    if not sources:
        raise DrawError(msg.DRAND_NO_RELAY.format(network=network.name))
    return fetch_beacon(network, number, tuple(sources))


def _answer(path: Path, actor: str, response: str, sent_by: str | None, now: str | None) -> None:
    draw, outcome = _command(path, lambda d: _protocol().answer(d, actor, response, _when(now), sent_by))
    click.echo(text.answer_summary(draw, actor, response, outcome.changes))


@tirage.command()
@ENTRY
@ACTOR
@SENDER
@NOW
def confirmer(path: Path, actor: str, sent_by: str | None, now: str | None) -> None:
    """Enregistre la confirmation d'une personne tirée au sort (avant la fin de son délai).

    \b
    Exemple : maillage tirage confirmer content/tirages/t.md compagnie-du-lac --par "par téléphone"
    """
    _answer(path, actor, "confirme", sent_by, now)


@tirage.command()
@ENTRY
@ACTOR
@SENDER
@NOW
def refuser(path: Path, actor: str, sent_by: str | None, now: str | None) -> None:
    """Enregistre un désistement (ou le retrait de quelqu'un qui avait confirmé) : la place est
    aussitôt proposée à la première personne de la réserve qui garde les quotas.

    \b
    Exemple : maillage tirage refuser content/tirages/t.md compagnie-du-lac --par "courriel du 4 mars"
    """
    _answer(path, actor, "decline", sent_by, now)


@tirage.command()
@ENTRY
@NOW
def inscrire(path: Path, now: str | None) -> None:
    """Inscrit au journal les réponses ajoutées à la fiche par une PR ou le formulaire web.

    Chaque réponse est inscrite avec le commit qui l'a apportée et son auteur ; le journal est
    prolongé, jamais réécrit. Les autres commandes le font aussi d'abord.

    Exemple : maillage tirage inscrire content/tirages/t.md
    """
    draw, outcome = _command(path, lambda d: _protocol().inscribe(d, _when(now)))
    click.echo(text.inscribed(draw, outcome.extra, outcome.changes))


@tirage.command()
@ENTRY
@NOW
def remplacer(path: Path, now: str | None) -> None:
    """Donne à la réserve les places des personnes restées sans réponse après leur délai.

    Exemple : maillage tirage remplacer content/tirages/t.md
    """
    draw, outcome = _command(path, lambda d: _protocol().replace(d, _when(now)))
    click.echo(text.changes_lines(draw, outcome.changes))


def _bound(value: str) -> int | None:
    """A bound given on the command line: a number, or `aucun` (no maximum)."""
    if value.strip().lower() in ("aucun", "aucune"):
        return None
    if not value.strip().isdigit():
        raise DrawError(msg.BAD_BOUND.format(value=value))
    return int(value)


@tirage.command()
@ENTRY
@click.option("--quota", "index", type=int, required=True, metavar="N", help="Le numéro du quota (voir « etat »).")
@click.option("--min-par-groupe", "min_group", metavar="N", help="Nouveau minimum de ce quota dans chaque groupe.")
@click.option("--max-par-groupe", "max_group", metavar="N|aucun",
              help="Nouveau maximum de ce quota dans chaque groupe (« aucun » : sans maximum).")
@click.option("--min-total", "min_total", metavar="N", help="Nouveau minimum de ce quota sur tous les groupes.")
@click.option("--max-total", "max_total", metavar="N|aucun",
              help="Nouveau maximum de ce quota sur tous les groupes (« aucun » : sans maximum).")
@click.option("--motif", required=True, metavar="TEXTE", help="Pourquoi (affiché publiquement).")
@NOW
def assouplir(
    path: Path,
    index: int,
    min_group: str | None,
    max_group: str | None,
    min_total: str | None,
    max_total: str | None,
    motif: str,
    now: str | None,
) -> None:
    """Assouplit un quota qui laisse une place vacante (décision publique, inscrite au journal),
    puis propose de nouveau les places vacantes à la réserve.

    \b
    Exemple : maillage tirage assouplir content/tirages/t.md --quota 2 --min-par-groupe 0 --motif "personne"
    """

    def action(draw: DrawFile) -> Any:
        given = {
            "min_par_groupe": min_group,
            "max_par_groupe": max_group,
            "min_total": min_total,
            "max_total": max_total,
        }
        bounds = {k: _bound(v) for k, v in given.items() if v is not None}
        return _protocol().relax(draw, index, bounds, motif, _when(now))

    draw, outcome = _command(path, action)
    click.echo(text.changes_lines(draw, outcome.changes))


@tirage.command(name="annoncer-complement")
@ENTRY
@click.option("--des-nombre", "dice_count", type=int, metavar="N", help="Nombre de dés (tirage sans drand).")
@NOW
def annoncer_complement(path: Path, dice_count: int | None, now: str | None) -> None:
    """Annonce un tirage complémentaire parmi les volontaires arrivés depuis les engagements, pour
    les places vacantes : fige ce vivier tardif et fixe une ronde drand future (ou des dés).

    Exemple : maillage tirage annoncer-complement content/tirages/t.md
    """
    draw, outcome = _command(path, lambda d: _protocol().announce_complement(d, _when(now), dice_count), True)
    click.echo(text.complement_announced(draw, outcome.extra))


@tirage.command(name="tirer-complement")
@ENTRY
@_drand_options
@click.option("--des", "dice", metavar="3,5,…", help="Les dés du tirage complémentaire (sans drand).")
@NOW
def tirer_complement(
    path: Path,
    signature: str | None,
    previous: str | None,
    value: str | None,
    relays: tuple[str, ...],
    dice: str | None,
    now: str | None,
) -> None:
    """Tire l'ordre des volontaires tardifs avec l'aléa annoncé et pourvoit les places vacantes.

    Exemple : maillage tirage tirer-complement content/tirages/t.md
    """

    def action(draw: DrawFile) -> Any:
        complements = (draw.entry.data.get("resultat") or {}).get("complements") or []
        round_number = complements[-1].get("ronde") if complements else None
        beacon = _beacon(draw, signature, previous, value, relays, round_number) if round_number else None
        return _protocol().draw_complement(draw, beacon, dice, _when(now))

    draw, outcome = _command(path, action)
    click.echo(text.changes_lines(draw, outcome.changes))


@tirage.command()
@ENTRY
@click.option("--motif", required=True, metavar="TEXTE", help="Pourquoi (affiché publiquement).")
@NOW
def clore(path: Path, motif: str, now: str | None) -> None:
    """Clôt le tirage tel qu'il est : les places vacantes restent affichées.

    \b
    Exemple : maillage tirage clore content/tirages/t.md --motif "réserve épuisée, les groupes démarrent"
    """
    draw, _ = _command(path, lambda d: _protocol().close(d, motif, _when(now)))
    click.echo(text.status_text(draw, clock.now()))


@tirage.command()
@ENTRY
@click.option(
    "--sans-fiches",
    "entry_only",
    is_flag=True,
    help="Ne compare pas le vivier figé aux volontaires d'aujourd'hui (information seulement).",
)
def verifier(path: Path, entry_only: bool) -> None:
    """Refait tout le tirage à partir de la fiche et dit ce qui diffère (code de sortie 1).

    Recalcule les empreintes, la distribution équitable entière (chaque probabilité), vérifie
    les jetons d'horodatage et la signature drand, la graine, les groupes, la réserve, rejoue
    le journal et le confronte à l'historique git. Le vivier figé fait foi : les volontaires
    arrivés ou partis depuis sont une information, pas une erreur.

    Exemple : maillage tirage verifier content/tirages/tirage-ardennes-2027.md
    """
    from maillage.draw.verify import verify

    draw = None
    try:
        draw = load_draw(path, with_commons=not entry_only)
        report = verify(draw, use_commons=not entry_only)
    except DrawError as error:
        _fail(draw, path, error)
    for note in report.notes:
        click.echo(msg.NOTE.format(note=note))
    for warning in report.warnings:
        click.echo(msg.WARNING.format(message=warning))
    if report.errors:
        click.echo(msg.VERIFY_FAILED.format(path=path, count=len(report.errors)), err=True)
        for index, error in enumerate(report.errors):
            where = report.located.get(index)
            if where:
                shown, line, column = draw.entry.document.locate(
                    tuple(int(p) if p.isdigit() else p for p in where.split("."))
                )
                click.echo(f"  - {shown}:{line}:{column}: {error}", err=True)
            else:
                click.echo(f"  - {error}", err=True)
        sys.exit(1)
    if draw.entry.data.get("statut") not in (None, "brouillon"):
        click.echo(msg.VERIFY_OK.format(path=path))


@tirage.command()
@ENTRY
@NOW
def etat(path: Path, now: str | None) -> None:
    """Affiche l'étape du tirage, les groupes, qui a répondu, les délais, les places vacantes et les
    quotas non respectés.

    Exemple : maillage tirage etat content/tirages/t.md
    """
    draw = None
    try:
        draw = load_draw(path)
        click.echo(text.status_text(draw, _when(now)))
    except DrawError as error:
        _fail(draw, path, error)
