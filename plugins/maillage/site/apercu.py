"""`maillage apercu FICHIER`: one entry file checked and shown as its page shows it, in a second.

For a contributor writing an entry: no site is built, MkDocs is not loaded. The file is read and
checked alone (the schemas, the commons' territory in mkdocs.yml; references to other entries
cannot be followed and are shown as plain names), then its page content is rendered with the
site's own templates into a standalone HTML file styled by the site's stylesheets.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
import webbrowser
from datetime import UTC, datetime
from pathlib import Path

import click
from markupsafe import Markup

from maillage.model import Commons, Entry, validate_entry
from maillage.model.datafile import attach
from maillage.model.load import read_document
from maillage.model.numbers import french_decimal
from maillage.model.problems import EntryError, Problem, Severity
from maillage.model.schemas import SchemaDefinitionError, schemas_for
from maillage.model.settings import SettingsError, load_settings
from maillage.site import text, urls
from maillage.site.catalogue import build_catalogue
from maillage.site.labels import Labels
from maillage.site.render import Renderer
from maillage.site.templating import page_environment, template_name

ASSETS = Path(__file__).parent / "assets"


@click.command()
@click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sortie", type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier HTML à écrire (par défaut : dans le dossier temporaire, maillage-apercu/<id>.html).")
@click.option("--ouvrir", is_flag=True, help="Ouvrir l'aperçu dans le navigateur.")
def apercu(fichier: Path, sortie: Path | None, ouvrir: bool) -> None:
    """Vérifie une fiche seule et montre sa page telle que le site la publiera, en une seconde.

    La fiche est lue et vérifiée seule (schémas, territoire du commun dans mkdocs.yml) : les
    références vers d'autres fiches sont affichées sans lien (« maillage verifier » les vérifie).
    Pour voir tout le site pendant l'écriture : « make site » (l'aperçu suit chaque enregistrement).

    \b
    Exemples :
      maillage apercu content/acteurs/compagnie-du-lac.md
      maillage apercu content/rencontres/job-blender-day-2026.md --ouvrir
    """
    start = time.monotonic()
    try:
        entry, problems = read_entry(fichier)
    except (SchemaDefinitionError, SettingsError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    for problem in problems:
        click.echo(problem.format(), err=True)
    if entry is None or any(p.severity is Severity.ERROR for p in problems):
        click.echo(text.PREVIEW_FILE_REFUSED.format(path=fichier), err=True)
        sys.exit(1)
    target = sortie or Path(tempfile.gettempdir()) / "maillage-apercu" / f"{entry.id}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_page(entry), "utf-8")
    click.echo(text.PREVIEW_FILE_DONE.format(path=target, seconds=french_decimal(time.monotonic() - start, 2)))
    if ouvrir:
        webbrowser.open(target.resolve().as_uri())


def read_entry(path: Path) -> tuple[Entry | None, list[Problem]]:
    """The entry of one file, checked alone (None when it cannot be read or is not an entry)."""
    content = path.resolve().parent.parent
    root = content.parent
    schemas = schemas_for(root)
    entry_type = schemas.by_folder.get(path.resolve().parent.name)
    if entry_type is None or path.suffix != ".md":
        folders = ", ".join(sorted(schemas.by_folder))
        return None, [Problem(str(path), 1, 1, text.PREVIEW_FILE_NOT_ENTRY.format(folders=folders))]
    scope = load_settings(root).scope
    try:
        document = read_document(path, str(path))
    except EntryError as exc:
        return None, list(exc.problems)
    problems = attach(document, path, entry_type.data_fields)
    problems += validate_entry(entry_type, document, schemas, scope)
    return Entry(path.stem, entry_type, path, document), problems


def render_page(entry: Entry) -> str:
    """A standalone page: the entry's content as the site renders it, with the site's styles."""
    content = entry.source.resolve().parent.parent
    commons = Commons(content, schemas_for(content.parent), {entry.id: entry})
    catalogue = build_catalogue(commons, datetime.now(UTC))
    renderer = Renderer(catalogue, Labels(commons.schemas), {}, None, 60, load_settings(commons.root.parent))
    url = urls.entry_url(entry)
    # No JSON-LD: nothing shows it, and the exports package (calendars) is the heaviest import.
    html = renderer.entry(entry, url, {})
    material = importlib.util.find_spec("material")
    styles = sorted((Path(next(iter(material.submodule_search_locations))) / "templates" / "assets" / "stylesheets")
                    .glob("main.*.min.css")) if material and material.submodule_search_locations else []
    styles += [ASSETS / "maillage.css", ASSETS / "meet.css"]
    page = page_environment().get_template(template_name("apercu.html"))
    return page.render(title=entry.title, content=Markup(html), styles=[s.resolve().as_uri() for s in styles],
                       notice=text.PREVIEW_FILE_NOTICE)
