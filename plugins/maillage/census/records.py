"""`recensement normaliser`: turn every imported row into one normalised record with match keys.

Rows are streamed from the imported files to `enregistrements.csv`. The coordinator's
corrections (`corrections.yaml`) are applied first; a record found in several files of the same
source (the same key) is kept once, from the latest import. Records outside the territory are
counted and left out; records whose commune cannot be found are kept, and listed in
`sans-commune.yaml` with their file and line, to be corrected — nothing is dropped silently.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from maillage.census import messages as msg
from maillage.census import normalise as norm
from maillage.census.corrections import Corrections, load_corrections
from maillage.census.errors import CensusError
from maillage.census.fields import fields
from maillage.census.workdir import Workdir, read_csv_rows
from maillage.model import territory, write_atomic
from maillage.model.write import atomic_file

if TYPE_CHECKING:
    from maillage.model.territory import Scope

PROVENANCE_COLUMNS = ["uid", "source", "record_id", "fichier", "ligne", "priorite", "date_import", "licence"]
KEY_COLUMNS = [
    "nom_norm",
    "nom_cle",
    "nom_debut",
    "nom_coeur",
    "sigle_norm",
    "acronyme",
    "adresse_norm",
    "numero",
    "tel_cle",
    "domaine",
    "departement",
    "epci",
]


def value_columns() -> list[str]:
    """A normalised record has one column per field a mapping can fill."""
    return list(fields())


# What normalisation decided that a person should know (a contradicted INSEE code).
NOTE_COLUMN = "remarque"


def columns() -> list[str]:
    """Every column of `enregistrements.csv`."""
    return PROVENANCE_COLUMNS + value_columns() + KEY_COLUMNS + [NOTE_COLUMN]


@dataclass
class NormaliseResult:
    """What normalisation produced."""

    records: int = 0
    sources: int = 0
    without_commune: list[dict[str, Any]] = field(default_factory=list)
    noted: list[dict[str, Any]] = field(default_factory=list)  # records with a remark (a code contradicted)
    outside: int = 0
    replaced: int = 0  # records found again in a later file of the same source
    set_aside: int = 0  # records a correction sets aside
    corrected: int = 0
    unknown_corrections: list[str] = field(default_factory=list)  # corrections of records no file has


def uid(source: str, record_id: str) -> str:
    """The unique id of a record across sources."""
    return f"{source}:{record_id}"


def normalise_fields(values: dict[str, str], scope: Scope | None = None) -> dict[str, str]:
    """Clean display values and match keys of one row's census fields."""
    out = {c: "" for c in [*value_columns(), *KEY_COLUMNS, NOTE_COLUMN]}
    for name in out:
        if name.startswith("univers.") or name in ("forme", "nature", "disciplines"):
            out[name] = values.get(name, "")
    out["commune_libelle"] = values.get("commune_libelle", "").strip()
    out["code_postal"] = norm.postal_code(values.get("code_postal", ""))
    commune = norm.locate_commune(values.get("commune", ""), out["code_postal"], out["commune_libelle"], scope)
    if commune:
        out["commune"] = commune
        found = territory().commune(commune)
        out["departement"], out["epci"] = found.departement, found.epci  # type: ignore[union-attr]
        wrong = norm.code_contradicted(values.get("commune", "").strip(), commune)
        if wrong:
            out[NOTE_COLUMN] = msg.CODE_CONTRADICTED.format(
                code=values["commune"].strip(), wrong=wrong, commune=found.name  # type: ignore[union-attr]
            )
    keys = norm.name_keys(values.get("nom", ""), values.get("sigle", ""), commune)
    name = norm.display_name(values.get("nom", ""), commune)
    out.update(
        nom=name,
        sigle=values.get("sigle", "").strip(),
        resume=" ".join(values.get("resume", "").split()),
        nom_norm=keys.norm,
        nom_cle=keys.sorted_key,
        nom_debut=keys.first,
        nom_coeur=keys.core,
        sigle_norm=keys.sigle,
        acronyme=keys.acronym,
        latitude=values.get("latitude", ""),
        longitude=values.get("longitude", ""),
    )
    address = " ".join(values.get("adresse", "").split())
    out["adresse"] = address
    out["adresse_norm"], out["numero"] = norm.address_keys(address) if address else ("", "")
    out["telephone"] = norm.phone(values.get("telephone", ""), out["departement"]) or ""
    out["tel_cle"] = norm.phone_key(out["telephone"], out["departement"]) if out["telephone"] else ""
    out["courriel"] = norm.email(values.get("courriel", "")) or ""
    site = norm.website(values.get("site_web", ""))
    if site:
        out["site_web"], out["domaine"] = site
    out["siret"] = norm.siret(values.get("siret", "")) or ""
    out["siren"] = norm.siren(values.get("siren", "")) or (out["siret"][:9] if out["siret"] else "")
    out["rna"] = norm.rna(values.get("rna", "")) or ""
    return out


def normalise_workdir(
    workdir: Workdir, departements: Iterable[str] = (), scope: Scope | None = None
) -> NormaliseResult:
    """Normalise every imported file into `enregistrements.csv`; keep the territory's records."""
    parts = workdir.imported_parts()
    if not parts:
        raise CensusError.single(str(workdir.root), msg.NOT_IMPORTED.format(workdir=workdir.root))
    corrections = load_corrections(workdir)
    wanted = set(departements)
    result = NormaliseResult(sources=len({source for source, _ in parts}))
    with atomic_file(workdir.records) as handle:
        writer = csv.DictWriter(handle, columns(), extrasaction="ignore")
        writer.writeheader()
        for record in _records(workdir, parts, corrections, scope, result):
            if record["commune"] and wanted and record["departement"] not in wanted:
                result.outside += 1
                continue
            if record["commune"] and scope is not None and not wanted and not scope.contains(record["commune"]):
                result.outside += 1
                continue
            if not record["commune"]:
                result.without_commune.append(_to_correct(record, scope))
            if record[NOTE_COLUMN]:
                result.noted.append(record)
            writer.writerow(record)
            result.records += 1
    result.unknown_corrections = sorted(corrections.unused())
    _write_without_commune(workdir, result.without_commune)
    return result


def _records(
    workdir: Workdir,
    parts: list[tuple[str, str]],
    corrections: Corrections,
    scope: Scope | None,
    result: NormaliseResult,
) -> Iterator[dict[str, Any]]:
    """Normalised records of every file, the latest import first (it wins a repeated key)."""
    seen: set[str] = set()
    for source, part in reversed(parts):
        meta = workdir.read_meta(source, part) or {}
        for stored in workdir.iter_rows(source, part):
            record_uid = uid(source, stored["cle"])
            if record_uid in seen:
                result.replaced += 1
                continue
            seen.add(record_uid)
            values = dict(stored["champs"])
            correction = corrections.take(record_uid)
            if correction is not None:
                result.corrected += 1
                if correction.set_aside:
                    result.set_aside += 1
                    continue
                values.update(correction.values)
            record = normalise_fields(values, scope)
            record.update(
                uid=record_uid,
                source=source,
                record_id=stored["cle"],
                fichier=meta.get("fichier", part),
                ligne=stored["ligne"],
                priorite=meta.get("priorite", 1),
                date_import=meta.get("date_import", ""),
                licence=meta.get("licence", ""),
            )
            yield record


def _to_correct(record: dict[str, Any], scope: Scope | None) -> dict[str, Any]:
    """A record without commune, as the coordinator sees it in `sans-commune.yaml`."""
    candidates = norm.commune_candidates(record["code_postal"], record["commune_libelle"], scope)
    return {
        "enregistrement": record["uid"],
        "fichier": record["fichier"],
        "ligne": int(record["ligne"]),
        "nom": record["nom"],
        "commune_libelle": record["commune_libelle"],
        "code_postal": record["code_postal"],
        "candidats": [f"{code} {name}" for code, name in candidates],
        "commune": "",
    }


def _write_without_commune(workdir: Workdir, items: list[dict[str, Any]]) -> None:
    if not items and not workdir.without_commune.exists():
        return
    text = msg.WITHOUT_COMMUNE_HEADER.format(name=workdir.without_commune)
    header = "".join(f"# {line}\n" for line in text.splitlines())
    body = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=100) if items else "[]\n"
    write_atomic(workdir.without_commune, header + body)


def read_records(workdir: Workdir) -> list[dict[str, str]]:
    """The normalised records, or a French error if `normaliser` has not run."""
    if not workdir.records.exists():
        raise CensusError.single(str(workdir.root), msg.NOT_NORMALISED.format(workdir=workdir.root))
    return read_csv_rows(workdir.records)
