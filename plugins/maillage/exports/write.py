"""Write every open data file of a commons: the one call the site build makes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from maillage.exports import texts
from maillage.exports.calendar import write_calendar
from maillage.exports.feed import write_feed
from maillage.exports.geojson import write_geojson
from maillage.exports.manifest import write_manifest
from maillage.exports.public import PublicCommons, public_view
from maillage.exports.tabular import rows, write_csv, write_json
from maillage.exports.urls import DATA_FOLDER, FEED_NAME
from maillage.model import Commons


def write_all(
    commons: Commons,
    out_dir: Path,
    site_url: str,
    updated: Mapping[str, datetime] | None = None,
    created: Mapping[str, datetime] | None = None,
    site_name: str = texts.DEFAULT_SITE_NAME,
    territory: str | None = None,
) -> list[Path]:
    """Write the exports under `out_dir/donnees/`, their manifest (`commun.json`, last) and the
    feed at `out_dir/flux.atom`.

    `updated` and `created` map entry ids to their last and first commit times (from git
    history); an entry missing from `updated` falls back to its file's modification time.
    Persons without consent appear in no file. `territory` names the commons' territory in the
    manifest. Returns the paths written.
    """
    view = public_view(commons)
    changed = _update_times(view, updated or {})
    first = {k: _aware(v) for k, v in (created or {}).items()}
    folder = out_dir / DATA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for entry_type in commons.schemas.types:
        cols, records = rows(view, entry_type, site_url, changed)
        written.append(write_csv(folder / f"{entry_type.folder}.csv", cols, records))
        written.append(write_json(folder / f"{entry_type.folder}.json", entry_type, site_url, cols, records))
        if entry_type.on_map:
            written.append(write_geojson(folder / f"{entry_type.folder}.geojson", entry_type, cols, records))
        if entry_type.calendar is not None:
            path = folder / f"{entry_type.folder}.ics"
            written.append(write_calendar(path, view, entry_type, site_url, changed, site_name))
    written.append(write_feed(out_dir / FEED_NAME, view, site_url, changed, first, site_name))
    written.append(write_manifest(folder, commons.schemas, written, site_url, site_name, territory))
    return written


def _update_times(view: PublicCommons, updated: Mapping[str, datetime]) -> dict[str, datetime]:
    result = {}
    for entry in view.all_entries():
        moment = updated.get(entry.id)
        result[entry.id] = _aware(moment) if moment is not None else _file_time(entry.source)
    return result


def _file_time(path: Path) -> datetime:
    """A file's modification time; the epoch if it vanished since loading (never a crash)."""
    try:
        return datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
    except OSError:
        return datetime.fromtimestamp(0, UTC)


def _aware(moment: datetime) -> datetime:
    """A time with a zone (naive times are taken as UTC), truncated to the second."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.replace(microsecond=0)
