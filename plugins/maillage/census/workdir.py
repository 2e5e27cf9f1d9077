"""The census working directory: what each step leaves for the next one, as plain files.

recensement/
  sources/<source>.json      what was imported: file, checksum, date, licence, mapping
  sources/<source>.jsonl     every kept source row untouched, with its row number and key
  enregistrements.csv        normalised records (one per kept row)
  liens.csv                  scored pairs: identifier links and probabilistic ones, with why
  decisions.yaml             human review decisions (same actor / not the same actor)
  revue.yaml                 pairs waiting for a decision (generated, travels through a PR)
  clusters.csv               source,record_id,cluster_id,match_probability
  fiches.csv                 which actor entry each cluster became (kept across runs)
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maillage.census import messages as msg
from maillage.census.errors import CensusError
from maillage.model.write import atomic_file


@dataclass(frozen=True)
class Workdir:
    """Paths of the census working directory."""

    root: Path

    @property
    def sources(self) -> Path:
        """Folder of imported source rows."""
        return self.root / "sources"

    def source_meta(self, source: str) -> Path:
        """Import metadata of one source."""
        return self.sources / f"{source}.json"

    def source_rows(self, source: str) -> Path:
        """Kept rows of one source, one JSON object a line."""
        return self.sources / f"{source}.jsonl"

    @property
    def records(self) -> Path:
        """Normalised records."""
        return self.root / "enregistrements.csv"

    @property
    def links(self) -> Path:
        """Scored pairs."""
        return self.root / "liens.csv"

    @property
    def model(self) -> Path:
        """The trained splink model (JSON), to see what the linkage learnt."""
        return self.root / "modele.json"

    @property
    def decisions(self) -> Path:
        """Review decisions."""
        return self.root / "decisions.yaml"

    @property
    def review(self) -> Path:
        """Pairs waiting for review."""
        return self.root / "revue.yaml"

    @property
    def clusters(self) -> Path:
        """Record → cluster assignment."""
        return self.root / "clusters.csv"

    @property
    def assignments(self) -> Path:
        """Cluster key → actor entry id."""
        return self.root / "fiches.csv"

    def imported_sources(self) -> list[str]:
        """Names of the imported sources, sorted."""
        if not self.sources.is_dir():
            return []
        return sorted(p.stem for p in self.sources.glob("*.json"))

    def read_meta(self, source: str) -> dict[str, Any] | None:
        """Import metadata of a source, or None if it was never imported."""
        path = self.source_meta(source)
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CensusError.single(str(path), msg.WORKDIR_CORRUPT.format(reason=exc)) from exc

    def iter_rows(self, source: str) -> Iterator[dict[str, Any]]:
        """Stored rows of a source."""
        with self.source_rows(source).open(encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)


def write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    """Write a CSV working file atomically, streamed (a national listing has a million rows)."""
    with atomic_file(path) as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV working file (empty list when it does not exist)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
