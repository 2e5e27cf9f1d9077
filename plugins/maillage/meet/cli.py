"""`maillage rencontres …`: suggestions, Job Blender Day pairings, agenda, dashboard, freshness, region.

Modules that load scipy or splink are imported on use, so that `maillage verifier` stays quick.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click

from maillage.clicommon import AliasedGroup, contenu_option, format_option, maintenant_option
from maillage.meet import texts
from maillage.model import Commons, load_commons

FORMAT = format_option("texte", "json")
NOW = maintenant_option(help="Date de référence (par défaut : maintenant).")


@click.group(name="rencontres", cls=AliasedGroup, old_names={"pair": "apparier"})
def meet() -> None:
    """Faire se rencontrer les acteurs : suggestions, Job Blender Day, agenda, coopérations, fraîcheur.

    \b
    Exemples :
      maillage rencontres suggestions --acteur theatre-de-la-rotonde
      maillage rencontres apparier job-blender-day-du-printemps-2027           (propose les binômes)
      maillage rencontres apparier job-blender-day-du-printemps-2027 --ecrire  (écrit les fiches de rencontre)
      maillage rencontres agenda
      maillage rencontres tableau
      maillage rencontres fraicheur --jours 365 --format markdown
      maillage rencontres region   (les communs locaux d'un commun régional)
    """


def _load(content: Path) -> Commons:
    commons = load_commons(content)
    if commons.errors:
        for problem in commons.errors:
            click.echo(problem.format(), err=True)
        _fail(f"{len(commons.errors)} erreur(s) dans les fiches : corrigez-les d'abord (maillage verifier)")
    return commons


def _fail(message: str) -> NoReturn:
    click.echo(f"Erreur : {message}", err=True)
    sys.exit(1)


def _json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=1))


@meet.command()
@contenu_option()
@click.option("--acteur", "actor", metavar="ID", help="Un seul acteur (par défaut : tous).")
@click.option("--nombre", "limit", type=click.IntRange(1, 50), default=5, show_default=True,
              help="Suggestions par acteur.")
@FORMAT
def suggestions(content: Path, actor: str | None, limit: int, output_format: str) -> None:
    """Acteurs à rencontrer et ressources à emprunter, pour chaque acteur, chacun expliqué en une ligne.

    En JSON : pour chaque acteur, « acteurs » (à rencontrer) et « ressources » (à emprunter).

    \b
    Exemple : maillage rencontres suggestions --acteur festival-rues-et-cabanes --nombre 3
    """
    from maillage.meet.profiles import offers, profiles
    from maillage.meet.suggest import Suggester
    from maillage.meet.vocabulary import vocabulary_of

    commons = _load(content)
    suggester = Suggester(profiles(commons), vocabulary_of(commons.schemas), offers(commons))
    if actor is not None and actor not in suggester.profiles:
        _fail(f"acteur inconnu ou non publiable : {actor}")
    ids = [actor] if actor else sorted(suggester.profiles)
    result = {i: (suggester.for_actor(i, limit), suggester.to_borrow(i, limit)) for i in ids}
    if output_format == "json":
        _json({i: {"acteurs": [{"acteur": s.actor, "nom": s.name, "score": s.score, "raison": s.line} for s in met],
                   "ressources": [{"fiche": b.entry, "titre": b.name, "score": b.score, "raison": b.line}
                                  for b in lent]}
               for i, (met, lent) in result.items()})
        return
    for actor_id, (met, lent) in result.items():
        click.echo(f"{suggester.profiles[actor_id].name} ({actor_id})")
        for suggestion in met:
            click.echo(f"  - {suggestion.name} : {suggestion.line}")
        for thing in lent:
            click.echo(f"  - {texts.TO_BORROW} {thing.name} : {thing.line}")


@meet.command(name="apparier")
@click.argument("edition", metavar="PROJET")
@contenu_option()
@click.option("--places", type=click.IntRange(1, 50), default=2, show_default=True,
              help="Visiteurs au plus par hôte.")
@click.option("--ecrire", "write", is_flag=True,
              help="Écrire une fiche de rencontre par hôte dans content/rencontres/.")
@click.option("--debut", "start", metavar="AAAA-MM-JJ[THH:MM]",
              help="Début de la journée, à l'heure de chaque hôte (par défaut : date de début du projet, 9 h).")
@click.option("--fin", "end", metavar="AAAA-MM-JJ[THH:MM]",
              help="Fin de la journée, à l'heure de chaque hôte (par défaut : le même jour, 17 h).")
@FORMAT
def pair_command(edition: str, content: Path, places: int, write: bool, start: str | None, end: str | None,
                 output_format: str) -> None:
    """Propose des binômes hôte–visiteur pour une édition de Job Blender Day (une fiche projet).

    Les visiteurs sont les acteurs du projet avec le rôle « participant » ; les hôtes, ses autres
    acteurs qui accueillent des journées d'immersion (ou, s'il n'en nomme aucun, tous ceux-là).

    \b
    Exemple : maillage rencontres apparier job-blender-day-du-printemps-2027 --places 2 --ecrire
    """
    from maillage.meet.pairing import PairingError, pair, write_meetups

    commons = _load(content)
    try:
        result = pair(commons, edition, places)
        if not result.pairs and not result.unmatched:
            _fail(texts.PAIR_NONE.format(call=commons.entries[edition].title))
        written = write_meetups(commons, result, start, end) if write else []
    except PairingError as exc:
        _fail(str(exc))
    if output_format == "json":
        _json({"edition": edition, "binomes": [
            {"hote": p.host, "visiteur": p.visitor, "score": p.score, "raison": p.line} for p in result.pairs
        ], "sans_hote": result.unmatched, "fiches_ecrites": [str(p) for p in written]})
        return
    for host, pairs in result.by_host().items():
        click.echo(f"{result.names[host]} accueille :")
        for p in pairs:
            click.echo(f"  - {result.names[p.visitor]} : {p.line}")
    if result.unmatched:
        click.echo(texts.PAIR_UNMATCHED.format(names=", ".join(result.names[v] for v in result.unmatched)))
    if written:
        click.echo(texts.PAIR_WRITTEN.format(count=len(written), folder=content / "rencontres"))


@meet.command()
@contenu_option()
@NOW
def agenda(content: Path, now: datetime | None) -> None:
    """Les rencontres à venir (la plus proche d'abord) puis passées (la plus récente d'abord).

    Exemple : maillage rencontres agenda --maintenant 2027-03-01T09:00+01:00
    """
    from maillage.meet.agenda import agenda as build
    from maillage.model.dates import french_datetime

    plan = build(_load(content), _moment(now))
    for title, items in (("À venir", plan.upcoming), ("Passées", plan.past)):
        click.echo(f"{title} :")
        for m in items:
            where = f", {m.place.name}" if m.place else ""
            click.echo(f"  - {french_datetime(m.start, m.zone)} : {m.entry.title} ({m.type_label}{where})")


@meet.command()
@contenu_option()
@click.option("--par", "by", type=click.Choice(["annee", "trimestre"]), default="annee", show_default=True,
              help="Période de l'évolution.")
def tableau(content: Path, by: str) -> None:
    """Par facette des univers, la part des projets et rencontres qui réunissent les deux côtés.

    Exemple : maillage rencontres tableau --par trimestre
    """
    from maillage.meet.dashboard import KINDS, dashboard
    from maillage.meet.vocabulary import vocabulary_of

    commons = _load(content)
    board, words = dashboard(commons), vocabulary_of(commons.schemas)
    for facet, title in words.facets.items():
        sides = " / ".join(words.facet_value(facet, v) for v in words.facet_values[facet])
        click.echo(f"{title} ({sides}) :")
        for kind in KINDS:
            part = board.crossing(kind, facet)
            shown = f" ({part.percent} %)" if part.percent is not None else ""
            click.echo(f"  {kind} : {part.both}/{part.total} réunissent les deux côtés{shown}, "
                       f"{part.one_side} d'un seul côté, {part.unknown} sans information")
            for period, step in board.over_time(kind, facet, by):
                click.echo(f"    {period} : {step.both}/{step.total}")
    for scale, places in board.quiet.items():
        names = ", ".join(p.name for p in places) or "aucun"
        click.echo(f"Rien ne s'y croise encore ({scale}) : {names}")


@meet.command()
@contenu_option(old_positional=True)
@click.option("--jours", "days", type=click.IntRange(1, 36500), default=365, show_default=True,
              help="Une fiche inchangée depuis plus de jours est à vérifier.")
@format_option("texte", "markdown", "json", help="markdown : le corps de l'issue de rappel.")
@NOW
def fraicheur(content: Path, days: int, output_format: str, now: datetime | None) -> None:
    """Les fiches inchangées depuis longtemps, d'après l'historique git (la plus ancienne d'abord).

    Exemple : maillage rencontres fraicheur --jours 365 --format markdown
    """
    from maillage.meet.freshness import report_markdown, report_text, stale_entries
    from maillage.model.gitdates import last_modified

    commons = _load(content)
    stale = stale_entries(commons, last_modified(content), _moment(now), days)
    base = Path.cwd()
    if output_format == "json":
        _json([{"id": s.entry.id, "type": s.entry.type.folder, "titre": s.entry.title,
                "mis_a_jour": s.updated.isoformat(), "age_jours": s.age} for s in stale])
    elif output_format == "markdown":
        click.echo(report_markdown(stale, days, base), nl=False)
    else:
        click.echo(report_text(stale, days, base))


@meet.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@contenu_option(must_exist=False, help="Dossier des fiches du commun régional (mkdocs.yml est à côté).")
@FORMAT
def region(sources: tuple[str, ...], content: Path, output_format: str) -> None:
    """Lit les communs locaux d'un commun régional : l'état de chacun, les fiches présentes dans plusieurs.

    Sans SOURCE, les communs locaux déclarés dans mkdocs.yml (« communs_locaux ») ; sinon ces dossiers
    « donnees/ » (adresse web ou chemin). Ce que la construction du site afficherait, sans le construire ;
    un commun injoignable ou invalide est signalé, et sa dernière bonne copie utilisée.

    \b
    Exemples :
      maillage rencontres region
      maillage rencontres region ../commun-ardennes/site/donnees https://moselle.exemple.fr/donnees/
    """
    from maillage.federation import gather
    from maillage.federation.report import report_json, report_text
    from maillage.model import Commons, default_schemas
    from maillage.model.settings import SettingsError, load_settings, settings_from_options

    root = content.parent
    try:
        settings = load_settings(root)
        if sources:
            settings = settings_from_options({"communs_locaux": list(sources)}, "SOURCE")
    except SettingsError as exc:
        _fail(str(exc))
    if not settings.local_commons:
        _fail(texts.NO_LOCAL_COMMONS)
    commons = _load(content) if content.is_dir() else Commons(content, default_schemas())
    federation = gather(commons, root, settings)
    for warning in federation.warnings:
        click.echo(f"Attention : {warning}", err=True)
    if output_format == "json":
        _json(report_json(federation))
    else:
        click.echo(report_text(federation))


def _moment(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)
