"""`recensement normaliser`: turn every imported row into one normalised record with match keys."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from maillage.census import messages as msg
from maillage.census import normalise as norm
from maillage.census.errors import CensusError
from maillage.census.mapping import FIELDS
from maillage.census.workdir import Workdir, read_csv_rows, write_csv
from maillage.model import territory

PROVENANCE_COLUMNS = ["uid", "source", "record_id", "ligne", "priorite", "date_import", "licence"]
# A normalised record has one column per field a mapping can fill.
VALUE_COLUMNS = list(FIELDS)
KEY_COLUMNS = [
    "nom_norm",
    "nom_cle",
    "nom_debut",
    "nom_fin",
    "sigle_norm",
    "acronyme",
    "adresse_norm",
    "numero",
    "domaine",
    "departement",
]
COLUMNS = PROVENANCE_COLUMNS + VALUE_COLUMNS + KEY_COLUMNS


@dataclass
class NormaliseResult:
    """What normalisation produced."""

    records: int
    sources: int
    without_commune: int
    outside: int


def uid(source: str, record_id: str) -> str:
    """The unique id of a record across sources."""
    return f"{source}:{record_id}"


def normalise_fields(fields: dict[str, str]) -> dict[str, str]:
    """Clean display values and match keys of one row's census fields."""
    out = {c: "" for c in VALUE_COLUMNS + KEY_COLUMNS}
    name = norm.display_name(fields.get("nom", ""))
    keys = norm.name_keys(name, fields.get("sigle", ""))
    out.update(
        nom=name,
        sigle=fields.get("sigle", "").strip(),
        forme=fields.get("forme", ""),
        nature=fields.get("nature", ""),
        disciplines=fields.get("disciplines", ""),
        resume=" ".join(fields.get("resume", "").split()),
        nom_norm=keys.norm,
        nom_cle=keys.sorted_key,
        nom_debut=keys.first,
        nom_fin=keys.last,
        sigle_norm=keys.sigle,
        acronyme=keys.acronym,
        latitude=fields.get("latitude", ""),
        longitude=fields.get("longitude", ""),
    )
    address = " ".join(fields.get("adresse", "").split())
    out["adresse"] = address
    out["adresse_norm"], out["numero"] = norm.address_keys(address) if address else ("", "")
    out["code_postal"] = norm.postal_code(fields.get("code_postal", ""))
    out["commune_libelle"] = fields.get("commune_libelle", "").strip()
    commune = norm.insee_code(fields["commune"]) if fields.get("commune") else None
    if commune is None and out["code_postal"]:
        commune = norm.commune_from_postal(out["code_postal"], out["commune_libelle"])
    if commune:
        out["commune"] = commune
        found = territory().commune(commune)
        out["departement"] = found.departement if found else ""
    out["telephone"] = norm.phone(fields.get("telephone", "")) or ""
    out["courriel"] = norm.email(fields.get("courriel", "")) or ""
    site = norm.website(fields.get("site_web", ""))
    if site:
        out["site_web"], out["domaine"] = site
    out["siret"] = norm.siret(fields.get("siret", "")) or ""
    out["siren"] = norm.siren(fields.get("siren", "")) or (out["siret"][:9] if out["siret"] else "")
    out["rna"] = norm.rna(fields.get("rna", "")) or ""
    return out


def normalise_workdir(workdir: Workdir, departements: Iterable[str] = ()) -> NormaliseResult:
    """Normalise every imported source into `enregistrements.csv`; optionally keep some départements."""
    sources = workdir.imported_sources()
    if not sources:
        raise CensusError.single(str(workdir.root), msg.NOT_IMPORTED.format(workdir=workdir.root))
    wanted = set(departements)
    rows: list[dict[str, Any]] = []
    without_commune = outside = 0
    for source in sources:
        meta = workdir.read_meta(source) or {}
        for stored in workdir.iter_rows(source):
            record = normalise_fields(stored["champs"])
            if not record["commune"]:
                without_commune += 1
            if wanted and record["departement"] not in wanted:
                outside += 1
                continue
            record.update(
                uid=uid(source, stored["cle"]),
                source=source,
                record_id=stored["cle"],
                ligne=stored["ligne"],
                priorite=meta.get("priorite", 1),
                date_import=meta.get("date_import", ""),
                licence=meta.get("licence", ""),
            )
            rows.append(record)
    write_csv(workdir.records, COLUMNS, rows)
    return NormaliseResult(len(rows), len(sources), without_commune, outside)


def read_records(workdir: Workdir) -> list[dict[str, str]]:
    """The normalised records, or a French error if `normalise` has not run."""
    if not workdir.records.exists():
        raise CensusError.single(str(workdir.root), msg.NOT_NORMALISED.format(workdir=workdir.root))
    return read_csv_rows(workdir.records)
