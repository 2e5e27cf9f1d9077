"""`maillage tirage …`: prepare, run, verify, confirm, decline, replace and follow a draw."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from maillage.clicommon import AliasedGroup, maintenant_option
from maillage.draw import messages as msg
from maillage.draw.errors import DrawError
from maillage.draw.journal import answered_in
from maillage.draw.randomness import CLOCK_TOLERANCE, format_datetime, parse_datetime
from maillage.draw.state import CONFIRMED, DECLINED
from maillage.draw.store import load_draw, save_draw
from maillage.model import Entry

if TYPE_CHECKING:
    from types import ModuleType

ENTRY = click.argument("path", metavar="FICHE", type=click.Path(path_type=Path))
DATE = maintenant_option(
    type=click.STRING,  # read by the draw's own rule: a date-time with its zone, never in the future
    metavar="AAAA-MM-JJTHH:MM:SS+01:00",
    help="Date de l'événement (par défaut : maintenant). Jamais dans le futur.",
)
_ANSWER_LABELS = {CONFIRMED: "confirme", DECLINED: "se désiste"}


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
def draw() -> None:
    """Tirage au sort équitable et vérifiable de groupes de volontaires.

    \b
    Exemples, étape par étape, sur une fiche content/tirages/<id>.md :
      maillage tirage preparer content/tirages/mon-tirage.md   (fige vivier, règles, distribution)
      maillage tirage tirer content/tirages/mon-tirage.md --drand-valeur <hex>   (après la ronde)
      maillage tirage confirmer content/tirages/mon-tirage.md mon-acteur
      maillage tirage inscrire content/tirages/mon-tirage.md   (réponses venues par PR ou formulaire)
      maillage tirage remplacer content/tirages/mon-tirage.md  (après le délai de réflexion)
      maillage tirage verifier content/tirages/mon-tirage.md   (tout le monde peut vérifier)
    """


def _fail(entry: Entry | None, path: Path, error: DrawError) -> NoReturn:
    if entry is not None and error.field:
        line, column = entry.document.position(tuple(_path_part(p) for p in error.field.split(".")))
        click.echo(f"{entry.document.path}:{line}:{column}: {error.message}", err=True)
    else:
        click.echo(msg.ERROR.format(message=f"{path}: {error.message}"), err=True)
    sys.exit(1)


def _protocol() -> ModuleType:
    """The protocol module, imported on use: it loads scipy, which every other `maillage`
    command (check, forms, site) would otherwise pay for at start-up."""
    from maillage.draw import protocol

    return protocol


def _path_part(part: str) -> str | int:
    return int(part) if part.isdigit() else part


def _when(now_text: str | None) -> datetime:
    now = datetime.now(UTC)
    if now_text is None:
        return now
    when = parse_datetime(now_text, "--maintenant")
    if when > now + CLOCK_TOLERANCE:
        raise DrawError(msg.DATE_IN_FUTURE.format(date=now_text))
    return when


@draw.command("preparer")
@ENTRY
@DATE
def prepare(path: Path, now: str | None) -> None:
    """Fige le vivier, les règles et la distribution équitable, et écrit leurs empreintes.

    À faire AVANT que l'aléa existe (avant la ronde drand, avant le lancer de dés),
    puis publier la fiche (commit et push) pour que la date des engagements soit attestée.

    Exemple : maillage tirage preparer content/tirages/tirage-vosges-2026.md
    """
    entry = None
    try:
        entry, commons = load_draw(path)
        when = _when(now)
        data, pool = _protocol().prepare(entry, commons, when)
        save_draw(entry, data)
    except DrawError as error:
        _fail(entry, path, error)
    commitments = data["engagements"]
    excluded = msg.EXCLUDED_PERSONS.format(count=len(pool.excluded)) if pool.excluded else ""
    click.echo(
        msg.PREPARED_SUMMARY.format(
            path=path,
            date=commitments["date"],
            pool=len(pool.volunteers),
            types=len(commitments["types"]),
            excluded=excluded,
            groups=data["groupes"]["nombre"],
            size=data["groupes"]["taille"],
            minimum=min(t["probabilite"] for t in commitments["types"]),
            maximin=commitments["maximin"],
            pool_hash=commitments["vivier"][:12],
            rules_hash=commitments["regles"][:12],
            distribution_hash=commitments["distribution"][:12],
            software_hash=commitments["logiciel"][:12],
        )
    )


@draw.command("tirer")
@ENTRY
@click.option(
    "--drand-valeur",
    "drand_value",
    metavar="HEX",
    help="Le champ « randomness » de la ronde drand annoncée (64 hexadécimaux).",
)
@click.option("--des", "dice", metavar="3,5,1,…", help="Les faces des dés lancés en public, dans l'ordre.")
@DATE
def run(path: Path, drand_value: str | None, dice: str | None, now: str | None) -> None:
    """Tire les groupes et la réserve à partir de l'aléa public et des engagements.

    \b
    Exemples :
      maillage tirage tirer content/tirages/t.md --drand-valeur 5a3f…e09c
      maillage tirage tirer content/tirages/t.md --des 3,5,1,6,2,2
    """
    entry = None
    try:
        entry, _ = load_draw(path)
        data = _protocol().run(entry, drand_value, dice, _when(now))
        save_draw(entry, data)
    except DrawError as error:
        _fail(entry, path, error)
    result = data["resultat"]
    click.echo(
        msg.RUN_SUMMARY.format(path=path, date=result["date"], seed=data["graine"], panel=result["tirage_retenu"])
    )
    _echo_groups(data)
    deadline = parse_datetime(result["date"], "resultat.date") + timedelta(days=data["delai_reflexion_jours"])
    click.echo(msg.DEADLINE_LINE.format(deadline=format_datetime(deadline)))


def _echo_groups(data: dict) -> None:
    for group in data["resultat"]["groupes"]:
        click.echo(msg.GROUP_LINE.format(number=group["numero"], members=", ".join(group["membres"])))
    click.echo(msg.RESERVE_LINE.format(members=", ".join(data["resultat"]["reserve"]) or "—"))


def _answer(path: Path, actor: str, response: str, now: str | None) -> None:
    entry = None
    try:
        entry, _ = load_draw(path)
        when = _when(now)
        data = _protocol().answer(entry, actor, response, when)
        save_draw(entry, data)
    except DrawError as error:
        _fail(entry, path, error)
    click.echo(
        msg.ANSWER_RECORDED.format(path=path, id=actor, answer=_ANSWER_LABELS[response], date=format_datetime(when))
    )
    if data["statut"] == "clos":
        click.echo(msg.CLOSED_NOW)


@draw.command("confirmer")
@ENTRY
@click.argument("actor", metavar="ACTEUR")
@DATE
def confirm(path: Path, actor: str, now: str | None) -> None:
    """Enregistre la confirmation d'une personne tirée au sort (avant la fin de son délai).

    Exemple : maillage tirage confirmer content/tirages/t.md compagnie-du-lac
    """
    _answer(path, actor, CONFIRMED, now)


@draw.command("refuser")
@ENTRY
@click.argument("actor", metavar="ACTEUR")
@DATE
def decline(path: Path, actor: str, now: str | None) -> None:
    """Enregistre le désistement d'une personne tirée au sort.

    Exemple : maillage tirage refuser content/tirages/t.md compagnie-du-lac
    """
    _answer(path, actor, DECLINED, now)


@draw.command("inscrire")
@ENTRY
@DATE
def inscribe(path: Path, now: str | None) -> None:
    """Inscrit au journal les réponses ajoutées à la fiche par une PR ou le formulaire web.

    Une réponse ajoutée directement à « reponses » (acteur, reponse, date) est acceptée par
    « verifier » si elle est valable, mais n'est pas encore dans le journal chaîné. Cette commande
    l'y ajoute, par ordre de date, à la suite des événements déjà inscrits (le journal est
    prolongé, jamais réécrit). « confirmer », « refuser » et « remplacer » le font aussi d'abord.

    Exemple : maillage tirage inscrire content/tirages/t.md
    """
    entry = None
    try:
        entry, _ = load_draw(path)
        data, inscribed = _protocol().inscribe(entry, _when(now))
        save_draw(entry, data)
    except DrawError as error:
        _fail(entry, path, error)
    for item in inscribed:
        click.echo(
            msg.INSCRIBED_LINE.format(id=item["acteur"], answer=_ANSWER_LABELS[item["reponse"]], date=item["date"])
        )
    if data["statut"] == "clos":
        click.echo(msg.CLOSED_NOW)


@draw.command("remplacer")
@ENTRY
@DATE
def replace(path: Path, now: str | None) -> None:
    """Après le délai de réflexion, attribue les places des désistements et des silences à la réserve.

    Chaque place va à la première personne de la réserve qui garde les quotas respectés.

    Exemple : maillage tirage remplacer content/tirages/t.md
    """
    entry = None
    try:
        entry, _ = load_draw(path)
        data, changes = _protocol().replace(entry, _when(now))
        save_draw(entry, data)
    except DrawError as error:
        _fail(entry, path, error)
    reasons = {"desistement": "désistement", "silence": "sans réponse"}
    for change in changes:
        line = msg.REPLACEMENT_LINE if change["entrant"] else msg.REPLACEMENT_NONE_LINE
        click.echo(
            line.format(
                group=change["groupe"],
                leaving=change["sortant"],
                reason=reasons[change["motif"]],
                arriving=change["entrant"],
            )
        )
    if data["statut"] == "clos":
        click.echo(msg.CLOSED_NOW)


@draw.command("verifier")
@ENTRY
@click.option(
    "--sans-fiches",
    "entry_only",
    is_flag=True,
    help="Ne recalcule pas le vivier à partir des fiches acteurs (vérifie la fiche du tirage seule).",
)
def verify(path: Path, entry_only: bool) -> None:
    """Refait tout le tirage à partir de la fiche et dit ce qui diffère (code de sortie 1).

    Recalcule les empreintes du vivier (à partir des fiches acteurs), des règles et de la
    distribution, vérifie que la distribution est la plus équitable possible, recalcule la
    graine, les groupes, la réserve, puis rejoue le journal (réponses, remplacements).
    Les réponses ajoutées à la fiche sans être au journal (PR, formulaire web) sont vérifiées
    comme si elles étaient inscrites maintenant, et signalées par une note si elles sont valables.

    Exemple : maillage tirage verifier content/tirages/tirage-vosges-2026.md
    """
    entry = None
    try:
        entry, commons = load_draw(path)
        report = _protocol().verify(entry, None if entry_only else commons)
    except DrawError as error:
        _fail(entry, path, error)
    for note in report.notes:
        click.echo(msg.NOTE.format(note=note))
    if report.errors:
        click.echo(msg.VERIFY_FAILED.format(path=path, count=len(report.errors)), err=True)
        for error in report.errors:
            click.echo(f"  - {error}", err=True)
        sys.exit(1)
    if entry.data.get("statut") not in (None, "brouillon"):
        what = (
            "engagements" if entry.data.get("statut") == "prepare" else "engagements, graine, groupes, réserve, journal"
        )
        click.echo(msg.VERIFY_OK.format(path=path, what=what))


@draw.command("etat")
@ENTRY
def status(path: Path) -> None:
    """Affiche l'étape du tirage, les groupes et qui a répondu.

    Exemple : maillage tirage etat content/tirages/t.md
    """
    entry = None
    try:
        entry, _ = load_draw(path)
    except DrawError as error:
        _fail(entry, path, error)
    data = entry.data
    labels = {
        "brouillon": "en préparation",
        "prepare": "règles figées, en attente de l'aléa",
        "tire": "tiré, en période de réflexion",
        "clos": "clos",
    }
    click.echo(msg.STATUS_LINE.format(path=path, status=labels.get(data.get("statut"), data.get("statut"))))
    result = data.get("resultat")
    if not isinstance(result, dict) or "groupes" not in result:
        return
    answers = {r["acteur"]: r["reponse"] for r in data.get("reponses") or []}
    journaled = answered_in(data.get("journal"))
    for group in result["groupes"]:
        click.echo(msg.GROUP_LINE.format(number=group["numero"], members=""))
        for member in group["membres"]:
            answer = _ANSWER_LABELS.get(answers.get(member, ""), "en attente")
            if member in answers and member not in journaled:
                answer += msg.NOT_JOURNALED_YET
            click.echo(msg.SEAT_LINE.format(id=member, answer=answer))
    deadline = parse_datetime(result["date"], "resultat.date") + timedelta(days=data["delai_reflexion_jours"])
    click.echo(msg.DEADLINE_LINE.format(deadline=format_datetime(deadline)))
