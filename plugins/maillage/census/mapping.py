"""Declarative mapping files: how the columns of one listing become census fields.

A mapping is a small YAML file with French keys, one per source layout:

    source: rna-waldec              # name of the source (slug), used in provenance
    licence: Licence Ouverte 2.0    # licence of the listing, kept with every row
    cle: id                         # column(s) giving a stable record key (default: file and row)
    priorite: 3                     # which source wins when two disagree (higher wins)
    ligne_entete: 3                 # the header's row (default: found under any title rows)
    champs:                         # census field: a column, or a list of columns (joined by
                                    # spaces for addresses, else the first non-empty one)
      nom: titre
      adresse: [adrs_numvoie, adrs_typevoie, adrs_libvoie]
    facultatives: [siteweb]         # columns a file of this layout may lack
    constantes: {nature: association, univers.economie: non_lucratif}
    valeurs:                        # value tables for kinds, disciplines and univers facets
      disciplines: {table: {"006040": musique}, prefixe: true}
    filtres:                        # keep a row only if every filter matches
      - colonnes: [objet_social1, objet_social2]
        commence_par: ["006"]

Enumerated values (nature, forme, disciplines, univers facets) are checked against the actor
schema when the mapping is loaded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from maillage.census import messages as msg
from maillage.census.errors import CensusError, Located
from maillage.census.fields import allowed_values, fields, univers_fields
from maillage.model import is_slug, slugify

# Fields built from several columns by joining them with spaces; the others take the first
# non-empty column ("nom: [denominationUsuelleEtablissement, enseigne1Etablissement]").
JOINED_FIELDS = ("adresse", "resume", "commune_libelle")
_KEYS = (
    "source",
    "description",
    "licence",
    "format",
    "encodage",
    "separateur",
    "feuille",
    "chemin",
    "cle",
    "priorite",
    "ligne_entete",
    "champs",
    "facultatives",
    "constantes",
    "valeurs",
    "filtres",
)
_FILTER_KEYS = ("colonne", "colonnes", "parmi", "commence_par", "sauf")
_LIST_SPLIT = re.compile(r"\s*[;|,/]\s*")


def value_fields() -> tuple[str, ...]:
    """Fields whose source values go through a value table: kinds, disciplines, univers facets."""
    return ("nature", "disciplines", "forme", *univers_fields())


@dataclass(frozen=True, slots=True)
class ValueTable:
    """Source values → schema values for one field; `prefix` matches codes by their start.

    A source value mapped to "" (`null` in the mapping) says the source does not tell: the
    field stays empty, whatever the default.
    """

    table: dict[str, str]
    prefix: bool = False
    default: str | None = None

    def lookup(self, value: str) -> str | None:
        """The schema value for one source value, or the default."""
        key = value.strip()
        found = self.table.get(key) or self.table.get(key.lower())
        if found is None and self.prefix:
            # Longest prefix first, so "006040" beats "006".
            for code in sorted(self.table, key=len, reverse=True):
                if key.startswith(code):
                    found = self.table[code]
                    break
        return found if found is not None else self.default


@dataclass(frozen=True, slots=True)
class RowFilter:
    """Keep a row when one of `columns` starts with / equals one of the values (and not `sauf`)."""

    columns: tuple[str, ...]
    values: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()

    def keeps(self, row: dict[str, str]) -> bool:
        """True when the row passes the filter."""
        cells = [row.get(c, "") for c in self.columns]
        if any(cell in self.excluded for cell in cells):
            return False
        if self.values and any(cell in self.values for cell in cells):
            return True
        if self.prefixes and any(cell.startswith(p) for cell in cells for p in self.prefixes):
            return True
        return not (self.values or self.prefixes)


@dataclass(frozen=True)
class Mapping:
    """A loaded mapping file."""

    path: str
    source: str
    licence: str = ""
    description: str = ""
    file_format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    records_key: str | None = None
    key: tuple[str, ...] = ()
    priority: int = 1
    header_row: int | None = None
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, ValueTable] = field(default_factory=dict)
    filters: tuple[RowFilter, ...] = ()

    def columns(self) -> Iterator[tuple[str, str]]:
        """Every column the mapping names, with the mapping key that names it."""
        for column in self.key:
            yield "cle", column
        for name, columns in self.fields.items():
            for column in columns:
                yield f"champs.{name}", column
        for index, row_filter in enumerate(self.filters, 1):
            for column in row_filter.columns:
                yield f"filtres[{index}]", column

    def expected_columns(self) -> list[str]:
        """Every column the mapping names, in order (to find the header under title rows)."""
        return list(dict.fromkeys(column for _, column in self.columns()))

    def check_columns(self, header: list[str], display: str, header_row: int) -> None:
        """Every column the mapping needs must exist: a French error names each missing one."""
        present = set(header)
        named = {column for _, column in self.columns()}
        unused = [c for c in header if c not in named]
        problems = []
        for key, column in self.columns():
            if column in present or column in self.optional:
                continue
            close = suggest_column(column, unused)
            hint = msg.MISSING_COLUMN_HINT.format(column=close) if close else ""
            message = msg.MISSING_COLUMN.format(mapping=self.path, column=column, key=key, hint=hint)
            problems.append(Located(display, message, header_row or None, column))
        if problems:
            raise CensusError(problems, msg.MISSING_COLUMN_ADVICE.format(mapping=self.path))

    def keeps(self, row: dict[str, str]) -> bool:
        """True when the row passes every filter."""
        return all(f.keeps(row) for f in self.filters)

    def record_key(self, row: dict[str, str]) -> str | None:
        """The stable key of a row from its key columns, or None when the mapping has none."""
        if not self.key:
            return None
        return "|".join(row.get(c, "") for c in self.key)

    def extract(self, row: dict[str, str]) -> dict[str, str]:
        """Census fields of one row (raw text, not yet normalised); lists joined by `;`."""
        out: dict[str, str] = dict(self.constants)
        for name, columns in self.fields.items():
            cells = [row.get(c, "") for c in columns]
            if name in self.values:
                mapped = self._mapped(name, cells)
                if mapped:
                    out[name] = mapped
                continue
            filled = [c for c in cells if c]
            text = " ".join(filled) if name in JOINED_FIELDS else (filled[0] if filled else "")
            if text:
                out[name] = text
        for name, table in self.values.items():
            if name not in out and table.default:
                out[name] = table.default
        return out

    def _mapped(self, name: str, cells: list[str]) -> str:
        table = self.values[name]
        if name == "disciplines":
            found: dict[str, None] = {}
            for cell in cells:
                for part in _LIST_SPLIT.split(cell):
                    value = table.lookup(part) if part else None
                    if value:
                        found[value] = None
            return ";".join(found)
        for cell in cells:
            if cell:
                value = table.lookup(cell)
                if value is not None:
                    return value
        return table.default or ""


def _folded(name: str) -> str:
    return slugify(name, max_length=1000).replace("-", "")


def suggest_column(wanted: str, candidates: list[str]) -> str | None:
    """The column of the file a person most likely meant, among those the mapping does not use.

    Case, accents, spaces and punctuation do not count (« Tél. » is « tel »); then initials
    (« CP » for « Code postal »), a name containing the other, close spellings.
    """
    key = _folded(wanted)
    folded = {c: _folded(c) for c in candidates}
    initials = "".join(word[0] for word in slugify(wanted).split("-") if word) if " " in wanted.strip() else ""
    same = [c for c, f in folded.items() if f == key] or [c for c, f in folded.items() if initials and f == initials]
    if same:
        return same[0]
    if len(key) >= 3:
        inside = [c for c, f in folded.items() if len(f) >= 3 and (key in f or f in key)]
        if len(inside) == 1:
            return inside[0]
    close = difflib.get_close_matches(key, list(folded.values()), n=1, cutoff=0.8)
    return next((c for c, f in folded.items() if close and f == close[0]), None)


def load_mapping(path: Path, display: str | None = None) -> Mapping:
    """Load and check a mapping file; every problem is a French error naming the file."""
    display = display or str(path)
    try:
        document = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CensusError.single(display, msg.MAPPING_UNREADABLE.format(reason=exc)) from exc
    if not isinstance(document, dict):
        raise CensusError.single(display, msg.MAPPING_NOT_MAPPING)
    return _parse(document, display)


def _parse(document: dict[str, Any], display: str) -> Mapping:
    problems: list[Located] = []

    def bad(key: str, reason: str) -> None:
        problems.append(Located(display, msg.MAPPING_BAD_VALUE.format(key=key, reason=reason)))

    for key in document:
        if key not in _KEYS:
            problems.append(Located(display, msg.MAPPING_UNKNOWN_KEY.format(key=key, allowed=", ".join(_KEYS))))
    for key in ("source", "champs"):
        if key not in document:
            problems.append(Located(display, msg.MAPPING_MISSING_KEY.format(key=key)))
    source = str(document.get("source", ""))
    if "source" in document and not is_slug(source):
        problems.append(Located(display, msg.MAPPING_BAD_SOURCE))
    columns = _columns_by_field(document.get("champs") or {}, display, problems, bad)
    constants = _constants(document.get("constantes") or {}, bad)
    values = _value_tables(document.get("valeurs") or {}, bad)
    filters = _filters(document.get("filtres") or [], bad)
    optional = _as_columns(document.get("facultatives") or [])
    if document.get("facultatives") and not optional:
        bad("facultatives", "une liste de noms de colonnes")
    priority = _integer(document.get("priorite", 1), "priorite", 1, bad)
    header_row = _integer(document.get("ligne_entete"), "ligne_entete", None, bad)
    if problems:
        raise CensusError(problems)
    return Mapping(
        path=display,
        source=source,
        licence=str(document.get("licence", "")),
        description=str(document.get("description", "")),
        file_format=_optional(document.get("format")),
        encoding=_optional(document.get("encodage")),
        delimiter=_optional(document.get("separateur")),
        sheet=_optional(document.get("feuille")),
        records_key=_optional(document.get("chemin")),
        key=_as_columns(document.get("cle")),
        priority=priority or 1,
        header_row=header_row,
        fields=columns,
        optional=frozenset(optional),
        constants=constants,
        values=values,
        filters=filters,
    )


def _integer(value: Any, key: str, default: int | None, bad: Callable[[str, str], None]) -> int | None:
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        bad(key, "un nombre entier positif")
        return default
    return value


def _columns_by_field(champs: Any, display: str, problems: list[Located], bad) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    if not isinstance(champs, dict):
        bad("champs", "un dictionnaire champ: colonne")
        return {}
    known = fields()
    columns: dict[str, tuple[str, ...]] = {}
    for name, named in champs.items():
        if name not in known:
            problems.append(Located(display, msg.MAPPING_UNKNOWN_FIELD.format(field=name, allowed=", ".join(known))))
            continue
        parsed = _as_columns(named)
        if not parsed:
            bad(f"champs.{name}", "un nom de colonne ou une liste de noms de colonnes")
            continue
        columns[name] = parsed
    return columns


def _constants(constantes: Any, bad) -> dict[str, str]:  # type: ignore[no-untyped-def]
    known = fields()
    if not isinstance(constantes, dict) or any(k not in known for k in constantes):
        bad("constantes", f"un dictionnaire champ: valeur, avec des champs parmi {', '.join(known)}")
        return {}
    constants = {}
    for name, value in constantes.items():
        text = str(value)
        if _allowed(f"constantes.{name}", name, [text], bad):
            constants[name] = text
    return constants


def _allowed(key: str, name: str, values: list[str], bad) -> bool:  # type: ignore[no-untyped-def]
    """True when every value is one the schema allows for this field (or the field is free text)."""
    allowed = allowed_values(name)
    wrong = [v for v in values if allowed is not None and v not in allowed]
    if wrong:
        bad(key, msg.MAPPING_VALUE_NOT_ALLOWED.format(values=", ".join(wrong), allowed=", ".join(allowed or ())))
    return not wrong


def _value_tables(valeurs: Any, bad) -> dict[str, ValueTable]:  # type: ignore[no-untyped-def]
    if not isinstance(valeurs, dict):
        bad("valeurs", "un dictionnaire champ: {table: …}")
        return {}
    tables = {}
    for name, spec in valeurs.items():
        if name not in value_fields() or not isinstance(spec, dict) or not isinstance(spec.get("table", {}), dict):
            allowed = ", ".join(value_fields())
            bad(f"valeurs.{name}", f"un champ parmi {allowed} avec « table », « prefixe », « defaut »")
            continue
        table = {str(k).strip(): "" if v is None else str(v) for k, v in (spec.get("table") or {}).items()}
        default = spec.get("defaut")
        values = [v for v in table.values() if v] + ([str(default)] if default else [])
        if not _allowed(f"valeurs.{name}", name, values, bad):
            continue
        tables[name] = ValueTable(table, bool(spec.get("prefixe", False)), str(default) if default else None)
    return tables


def _filters(filtres: Any, bad) -> tuple[RowFilter, ...]:  # type: ignore[no-untyped-def]
    if not isinstance(filtres, list):
        bad("filtres", "une liste de filtres")
        return ()
    parsed = []
    for index, spec in enumerate(filtres, 1):
        if not isinstance(spec, dict) or any(k not in _FILTER_KEYS for k in spec):
            bad(f"filtres[{index}]", f"un dictionnaire avec les clés {', '.join(_FILTER_KEYS)}")
            continue
        columns = _as_columns(spec.get("colonnes") or spec.get("colonne"))
        if not columns:
            bad(f"filtres[{index}]", "« colonne » ou « colonnes » est obligatoire")
            continue
        parsed.append(
            RowFilter(
                columns,
                tuple(str(v) for v in spec.get("parmi") or ()),
                tuple(str(v) for v in spec.get("commence_par") or ()),
                tuple(str(v) for v in spec.get("sauf") or ()),
            )
        )
    return tuple(parsed)


def _as_columns(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    return ()


def _optional(value: Any) -> str | None:
    return None if value is None else str(value)


def shipped_mappings_dir() -> Path:
    """Where the ready-made mappings (RNA, SIRENE, Basilic) are installed."""
    return Path(__file__).resolve().parent / "mappings"


def shipped_mappings() -> list[str]:
    """Names of the ready-made mappings."""
    return sorted(p.stem for p in shipped_mappings_dir().glob("*.yaml"))


def resolve_mapping(name_or_path: str) -> Path:
    """A mapping file, or the name of a shipped mapping (`rna-waldec`, `sirene`, `basilic`)."""
    candidate = Path(name_or_path)
    if candidate.is_file():
        return candidate
    shipped = shipped_mappings_dir() / f"{name_or_path}.yaml"
    if shipped.is_file():
        return shipped
    raise CensusError.single(
        name_or_path, msg.MAPPING_UNKNOWN.format(name=name_or_path, shipped=", ".join(shipped_mappings()))
    )
