"""Options of the `maillage` MkDocs plugin (prefixed by concern, as Material's plugins do)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError


class _Count(c.Type):
    """A whole number of at least 1 (a count of things per page), said in French otherwise."""

    def __init__(self, default: int | None) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(f"attendu un nombre entier d'au moins 1, pas « {value} »")
        return value


class MaillageConfig(Config):
    """`plugins: - maillage:` options in mkdocs.yml."""

    enabled = c.Type(bool, default=True)

    # The commons' territory, by code or name: {departements: ["08"], epci: [...], regions: [...], communes: [...]}.
    # Read by `maillage.model.settings` (which validates it, for the site and every command alike).
    territoire = c.Type(dict, default={})
    # The web form service's address, when the commons has one.
    formulaire_url = c.Optional(c.Type(str))

    # Show "Mis à jour le" from git history (one `git log` for the whole build).
    git_dates = c.Type(bool, default=True)

    # Index the built site with Pagefind after the build (under `mkdocs serve` too).
    search_index = c.Type(bool, default=True)
    # Pagefind holds the words of every page it indexes at once (1.2 GB at 15,000 entries). On a
    # machine short of memory, index at most this many pages per Pagefind run and merge the runs
    # into the same search (`site/pagefind_bundle.py`): ~400 MB a run of 5,000, for more build time.
    recherche_pages_par_lot = c.Optional(_Count(default=None))

    # Write the open-data files (CSV, JSON, GeoJSON, iCalendar, Atom) after the build.
    exports = c.Type(bool, default=True)

    # Write them (and the calendars) in a second process while MkDocs renders the pages, and
    # render every second entry page in another (machines with two cores or more): the site is
    # the same byte for byte either way (tests/site/test_parallel_build.py).
    parallel = c.Type(bool, default=True)

    # The census coverage page (`recensement/`: actors per commune, EPCI and département, white
    # zones), built from the entries at each build: its map is HTML no file of content/ may hold.
    census_page = c.Type(bool, default=True)

    # How many entries of each type a territory page lists before linking to the filtered listing.
    territory_limit = c.Type(int, default=60)
    # How many cards a listing page holds: a longer listing is split into numbered pages
    # (`acteurs/page/2/` …, read without JavaScript) and its filters read all its entries from
    # `acteurs/fiches.json`, loaded only when a filter is used or « Tout afficher » is asked.
    taille_page_liste = _Count(default=300)

    # Meeting features (`maillage.meet`): agenda and its iCalendar files, actors "à rencontrer",
    # Job Blender Day pairings, cooperation dashboard, facilitators, freshness badge and page.
    meet = c.Type(bool, default=True)
    # An entry unchanged in git for more than this many days gets a badge and a line on the maintenance page.
    meet_stale_days = c.Type(int, default=365)
    # How many actors "à rencontrer" an actor page suggests.
    meet_suggestions = c.Type(int, default=5)
    # Visitors per host when pairing a Job Blender Day edition.
    meet_places_per_host = c.Type(int, default=2)
    # Job Blender Day editions are projects of type « job_blender_day », never given by id.
    meet_immersion_tools = c.Deprecated(
        message="« meet_immersion_tools » n'est plus lu : une édition de Job Blender Day est un projet "
        "de type « job_blender_day » (champ « type » de la fiche projet). Retirez cette option.",
        removed=True,
    )
    # A regional commons: the `donnees/` folders (http(s) addresses, or paths from mkdocs.yml) of the
    # local commons it gathers, each an address or `{adresse: …, cle: …}`. Read by
    # `maillage.model.settings` (which validates it, for the site and every command alike).
    communs_locaux = c.Type(list, default=[])
    # Where the linkage of actors runs: `{moteur: duckdb}` (default) or `{moteur: spark}` (extra
    # « spark », a national commons). Validated by `maillage.model.settings`.
    liaison = c.Type(dict, default={})
    meet_local_commons = c.Deprecated(
        moved_to="communs_locaux",
        message="« meet_local_commons » s'appelle désormais « communs_locaux » : renommez cette option "
        "(sa valeur est lue sous le nouveau nom pour cette version).",
    )
