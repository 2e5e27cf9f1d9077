"""The coordinator's corrections of records: `corrections.yaml` in the working folder.

A correction names a record (`enregistrement: source:key`, as the review file, `sans-commune.yaml`
and `clusters.csv` show it) and gives census fields as a listing would (a commune by name,
postal or INSEE code; a name; a phone…), or `ecarter: true` to leave the record out. They are
applied by `normaliser` before anything else, so they survive every re-import:

    - enregistrement: mairie:liste-yutz:12
      commune: Yutz
    - enregistrement: rna-waldec:W571000123
      nom: Harmonie municipale de Yutz
    - enregistrement: sirene:12345678900012
      ecarter: true
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from maillage.census import messages as msg
from maillage.census.errors import CensusError, Located
from maillage.census.fields import fields
from maillage.census.workdir import Workdir
from maillage.model import write_atomic

RECORD, SET_ASIDE, DATE = "enregistrement", "ecarter", "date"


@dataclass(frozen=True)
class Correction:
    """What the coordinator says of one record."""

    record: str
    values: dict[str, str]
    set_aside: bool = False


class Corrections:
    """Loaded corrections, taken one record at a time (what is never taken names unknown records)."""

    def __init__(self, items: dict[str, Correction]):
        self._items = items
        self._taken: set[str] = set()

    def take(self, record: str) -> Correction | None:
        """The correction of a record, if any."""
        found = self._items.get(record)
        if found is not None:
            self._taken.add(record)
        return found

    def unused(self) -> set[str]:
        """Corrections whose record no imported file has."""
        return set(self._items) - self._taken


def parse_items(items: Any, display: str, only: tuple[str, ...] | None = None) -> dict[str, Correction]:
    """Corrections from a YAML list; every problem is a French error naming the item.

    `only` keeps just these fields of each item (a filled `sans-commune.yaml` also shows the
    record's name and file, which are not corrections); items without any value are skipped.
    """
    if not isinstance(items, list):
        raise CensusError.single(display, msg.CORRECTIONS_NOT_LIST)
    known = set(fields())
    problems: list[Located] = []
    found: dict[str, Correction] = {}
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get(RECORD), str) or ":" not in item[RECORD]:
            problems.append(Located(display, msg.CORRECTION_NO_RECORD.format(index=index), index))
            continue
        values: dict[str, str] = {}
        for key, value in item.items():
            if key in (RECORD, SET_ASIDE, DATE) or (only is not None and key not in only):
                continue
            if key not in known:
                message = msg.CORRECTION_UNKNOWN_FIELD.format(index=index, field=key)
                problems.append(Located(display, message, None, key))
            elif value not in (None, ""):
                values[key] = str(value)
        set_aside = item.get(SET_ASIDE) is True
        if values or set_aside:
            found[item[RECORD]] = Correction(item[RECORD], values, set_aside)
    if problems:
        raise CensusError(problems)
    return found


def _read(path: Path, display: str) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CensusError.single(display, msg.WORKDIR_CORRUPT.format(reason=exc)) from exc


def load_corrections(workdir: Workdir) -> Corrections:
    """The corrections of the working folder (none when the file does not exist)."""
    path = workdir.corrections
    if not path.exists():
        return Corrections({})
    return Corrections(parse_items(_read(path, str(path)), str(path)))


def read_correction_file(path: Path, only: tuple[str, ...] | None = None) -> dict[str, Correction]:
    """Corrections filled in a file (`sans-commune.yaml`: only its `commune`)."""
    return parse_items(_read(path, str(path)), str(path), only)


def save_corrections(workdir: Workdir, new: dict[str, Correction], today: date) -> int:
    """Merge new corrections into `corrections.yaml` (a new value for a field replaces the old one)."""
    path = workdir.corrections
    items = _read(path, str(path)) if path.exists() else []
    current = parse_items(items, str(path))
    dates = {item[RECORD]: item.get(DATE) for item in items if isinstance(item, dict)}
    for record, correction in new.items():
        before = current.get(record)
        values = {**(before.values if before else {}), **correction.values}
        set_aside = correction.set_aside or bool(before and before.set_aside)
        current[record] = Correction(record, values, set_aside)
        dates[record] = today.isoformat()
    lines = []
    for record in sorted(current):
        correction = current[record]
        item: dict[str, Any] = {RECORD: record, **correction.values}
        if correction.set_aside:
            item[SET_ASIDE] = True
        item[DATE] = str(dates.get(record) or today.isoformat())
        lines.append(item)
    header = "".join(f"# {line}\n" for line in msg.CORRECTIONS_HEADER.splitlines())
    write_atomic(path, header + yaml.safe_dump(lines, allow_unicode=True, sort_keys=False, width=100))
    return len(new)
