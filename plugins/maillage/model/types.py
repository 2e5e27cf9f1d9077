"""Entry types, read from the schemas: every `*.schema.json` that describes an object is a type.

A type's `x-…` keys say how each adapter treats it (folder, names, facets, place, calendar,
schema.org type, map…); `schemas/LISEZMOI.md` documents every key, and each has a default so
that a new schema alone gives a complete type. Nothing here is keyed by a folder name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from maillage.model import messages as msg
from maillage.model.images import picture_field
from maillage.model.slug import is_slug

# Path pattern inside an entry: keys, with "*" for "any item of a list".
FieldPath = tuple[str, ...]
Fields = Mapping[FieldPath, Mapping[str, Any]]

ALWAYS_RESERVED = frozenset({"index"})  # `<folder>/index.md` is the listing page
DEFAULT_ORDER = 100
SCALE_FIELD = "echelle"
SUMMARY_FIELD = "resume"
HIDDEN_CONTEXTS = frozenset({"page", "formulaire", "donnees"})

# Every extension key Maillage reads, by where it may appear (schemas/LISEZMOI.md documents each).
TYPE_KEYS = frozenset({
    "x-dossier", "x-nom", "x-ordre", "x-titre", "x-commune", "x-date", "x-facettes", "x-apercu",
    "x-calendrier", "x-schema-org", "x-carte", "x-liste", "x-ids-reserves", "x-personne", "x-section",
    "x-liens-indirects", "x-fichier-donnees", "x-etiquettes", "x-proposer", "x-temoignage",
})
FIELD_KEYS = frozenset({
    "x-libelles", "x-reference", "x-personnel", "x-adresse", "x-masque", "x-offre", "x-demande",
    "x-sans-coordonnees", "x-bouton",
})


class SchemaDefinitionError(ValueError):
    """A schema declares a type Maillage cannot use; the message is French and names file and key."""


@dataclass(frozen=True, slots=True)
class Calendar:
    """`x-calendrier`: the fields that make an entry an event of the type's calendar."""

    start: FieldPath
    end: FieldPath | None = None
    zone: FieldPath | None = None
    place: tuple[FieldPath, ...] = ()  # joined with ", " (commune codes shown by their name)
    category: FieldPath | None = None
    registration: FieldPath | None = None


@dataclass(frozen=True, slots=True)
class PersonRule:
    """`x-personne`: entries with `field == value` describe a natural person (every entry, when the
    rule names no field), published only with the consent recorded in the object `consent`
    (`publication`, `contact`)."""

    consent: str
    field: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Testimony:
    """`x-temoignage`: each entry is a person's testimony about the entry its `target` field cites
    (an event of the past): shown in full on that entry's page, as a quote (`text`, `signature`)."""

    target: FieldPath
    folder: str  # the type of the entries it is about (the target field's `x-reference`)
    text: FieldPath
    signature: FieldPath


@dataclass(frozen=True, slots=True)
class SchemaOrg:
    """`x-schema-org`: the schema.org type of the type's pages and where each property comes from."""

    type: str = "Thing"
    person_type: str | None = None
    not_for_persons: frozenset[str] = frozenset()  # properties left out of a person's page
    constants: tuple[tuple[str, str], ...] = ()
    properties: tuple[tuple[str, tuple[FieldPath, ...]], ...] = ()  # property → candidate fields, first found


@dataclass(frozen=True, slots=True)
class IndirectLinks:
    """`x-liens-indirects`: entries of `folder` cited by the entries that cite this one."""

    folder: str
    title: str


@dataclass(frozen=True, eq=False)  # identity hash: types are cache keys, one object per schema set
class EntryType:
    """One kind of entry, stored as Markdown files in `content/<folder>/`, and how it is shown."""

    folder: str
    schema: str
    title_field: str
    singular: str
    plural: str
    feminine: bool = False
    order: int = DEFAULT_ORDER
    place: FieldPath | None = None
    sort_date: FieldPath | None = None
    facets: tuple[tuple[str, FieldPath], ...] = ()
    preview: tuple[FieldPath, ...] = ()
    calendar: Calendar | None = None
    schema_org: SchemaOrg = SchemaOrg()
    map_columns: tuple[str, ...] | None = None  # None: not on the map
    listing: bool = True
    reserved_ids: frozenset[str] = ALWAYS_RESERVED
    person: PersonRule | None = None
    section: str | None = None
    indirect: tuple[IndirectLinks, ...] = ()
    data_fields: tuple[str, ...] = ()  # top-level fields kept in `<id>.json` beside the entry (`datafile`)
    testimony: Testimony | None = None
    tags: tuple[FieldPath, ...] = ()  # enum fields shown as a row of tags (cards, entry pages)
    propose: str | None = None  # `x-proposer`: the contributing page's button for this type
    picture: FieldPath | None = None  # the object holding the entry's picture (`maillage.model.images`)

    @property
    def on_map(self) -> bool:
        """Whether the type's entries are placed on the map (and in a GeoJSON file)."""
        return self.map_columns is not None

    @property
    def article(self) -> str:
        """`un` or `une`, for sentences such as « Proposer une rencontre »."""
        return "une" if self.feminine else "un"

    def __repr__(self) -> str:
        return f"EntryType({self.folder!r})"


def is_type_schema(schema: Mapping[str, Any]) -> bool:
    """Whether a schema file describes entries (an object with properties), not shared definitions."""
    return schema.get("type") == "object" and isinstance(schema.get("properties"), dict)


def entry_type(name: str, schema: Mapping[str, Any], fields: Fields) -> EntryType:
    """The type described by one schema (`name` is its file name without `.schema.json`).

    `fields` are the type's resolved fields by path (see `SchemaSet.fields`). Raises
    `SchemaDefinitionError` for an unknown key or a value that cannot be used.
    """
    reader = _Reader(f"{name}.schema.json", schema, fields)
    reader.check_keys()
    folder = reader.text("x-dossier", f"{name}s")
    if not is_slug(folder):
        raise reader.error("x-dossier", msg.SCHEMA_BAD_FOLDER.format(folder=folder))
    names = reader.names(schema.get("title") or name)
    facets = reader.facets()
    return EntryType(
        folder=folder,
        schema=name,
        title_field=reader.title_field(),
        singular=names[0],
        plural=names[1],
        feminine=names[2],
        order=reader.integer("x-ordre", DEFAULT_ORDER),
        place=reader.place(),
        sort_date=reader.optional_path("x-date"),
        facets=facets,
        preview=reader.paths("x-apercu") if "x-apercu" in schema else tuple(p for _, p in facets[:1]),
        calendar=reader.calendar(),
        schema_org=reader.schema_org(),
        map_columns=reader.map_columns(),
        listing=reader.boolean("x-liste", True),
        reserved_ids=ALWAYS_RESERVED | frozenset(reader.texts("x-ids-reserves")),
        person=reader.person(),
        section=reader.text("x-section", None),
        indirect=reader.indirect(),
        data_fields=reader.data_fields(),
        tags=reader.tags(),
        picture=picture_field(fields),
        propose=reader.text("x-proposer", None),
        testimony=reader.testimony(),
    )


class _Reader:
    """Reads and checks the `x-…` keys of one type schema."""

    def __init__(self, file: str, schema: Mapping[str, Any], fields: Fields) -> None:
        self.file = file
        self.schema = schema
        self.fields = fields

    def error(self, key: str, reason: str) -> SchemaDefinitionError:
        return SchemaDefinitionError(msg.SCHEMA_BAD_KEY.format(file=self.file, key=key, reason=reason))

    def check_keys(self) -> None:
        for key in self.schema:
            if key.startswith("x-") and key not in TYPE_KEYS:
                raise self.error(key, msg.SCHEMA_UNKNOWN_KEY.format(known=", ".join(sorted(TYPE_KEYS))))
        for path, field in self.fields.items():
            for key in field:
                if key.startswith("x-") and key not in FIELD_KEYS:
                    known = ", ".join(sorted(FIELD_KEYS))
                    raise self.error(f"{dotted(path)}: {key}", msg.SCHEMA_UNKNOWN_KEY.format(known=known))
            button = field.get("x-bouton")
            if button is not None and (not isinstance(button, str) or not button.strip()):
                raise self.error(f"{dotted(path)}: x-bouton", msg.SCHEMA_BAD_VALUE)
            hidden = field.get("x-masque", [])
            if not isinstance(hidden, list) or not set(hidden) <= HIDDEN_CONTEXTS:
                contexts = ", ".join(sorted(HIDDEN_CONTEXTS))
                raise self.error(f"{dotted(path)}: x-masque", msg.SCHEMA_BAD_CONTEXTS.format(contexts=contexts))

    def _get(self, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        value = self.schema.get(key, default)
        if value is not default and (not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool)):
            raise self.error(key, msg.SCHEMA_BAD_VALUE)
        return value

    def text(self, key: str, default: str | None) -> Any:
        return self._get(key, str, default)

    def integer(self, key: str, default: int) -> int:
        return self._get(key, int, default)

    def boolean(self, key: str, default: bool) -> bool:
        return self._get(key, bool, default)

    def data_fields(self) -> tuple[str, ...]:
        """`x-fichier-donnees`: top-level properties of the type, kept in the entry's data file."""
        names = tuple(self.texts("x-fichier-donnees"))
        unknown = [n for n in names if (n,) not in self.fields]
        if unknown:
            raise self.error("x-fichier-donnees", msg.SCHEMA_UNKNOWN_FIELD.format(field=unknown[0]))
        return names

    def texts(self, key: str) -> list[str]:
        value = self._get(key, list, [])
        if not all(isinstance(item, str) for item in value):
            raise self.error(key, msg.SCHEMA_BAD_VALUE)
        return value

    def path(self, key: str, dotted_path: Any) -> FieldPath:
        """A dotted field path (`lieu.commune`) as a pattern, with `*` for each list crossed."""
        if not isinstance(dotted_path, str) or not dotted_path:
            raise self.error(key, msg.SCHEMA_BAD_VALUE)
        found = field_pattern(self.fields, dotted_path)
        if found is None:
            raise self.error(key, msg.SCHEMA_UNKNOWN_FIELD.format(field=dotted_path))
        return found

    def optional_path(self, key: str) -> FieldPath | None:
        """The path a type-level key names, if the schema has the key."""
        return self.maybe_path(key, self.schema.get(key))

    def maybe_path(self, key: str, value: Any) -> FieldPath | None:
        """A path inside a key's value (`x-calendrier.fin`), None when not given."""
        return None if value is None else self.path(key, value)

    def paths(self, key: str, value: Any = None) -> tuple[FieldPath, ...]:
        value = self.schema.get(key, []) if value is None else value
        values = value if isinstance(value, list) else [value]
        return tuple(self.path(key, item) for item in values)

    def names(self, title: str) -> tuple[str, str, bool]:
        value = self._get("x-nom", dict, {})
        singular = value.get("singulier", title[:1].lower() + title[1:])
        plural = value.get("pluriel", singular if singular.endswith(("s", "x", "z")) else f"{singular}s")
        feminine = value.get("feminin", False)
        if not (isinstance(singular, str) and isinstance(plural, str) and isinstance(feminine, bool)):
            raise self.error("x-nom", msg.SCHEMA_BAD_VALUE)
        return singular, plural, feminine

    def title_field(self) -> str:
        default = next((name for name in ("titre", "nom") if (name,) in self.fields), None)
        name = self.text("x-titre", default)
        if name is None or (name,) not in self.fields:
            raise self.error("x-titre", msg.SCHEMA_NO_TITLE)
        return name

    def place(self) -> FieldPath | None:
        if "x-commune" in self.schema:
            path = self.optional_path("x-commune")
        else:
            path = ("commune",) if ("commune",) in self.fields else None
        if path is not None and self.fields[path].get("format") != "commune-insee":
            raise self.error("x-commune", msg.SCHEMA_NOT_COMMUNE.format(field=dotted(path)))
        return path

    def facets(self) -> tuple[tuple[str, FieldPath], ...]:
        if "x-facettes" not in self.schema:
            return tuple(
                (path[0], path) for path, field in self.fields.items()
                if "enum" in field and path[0] != SCALE_FIELD and path in ((path[0],), (path[0], "*"))
            )
        value = self._get("x-facettes", dict, {})
        facets = tuple((key, self.path("x-facettes", path)) for key, path in value.items())
        for key, path in facets:
            if not is_slug(key.replace("_", "-")) or "enum" not in self.fields[path]:
                raise self.error("x-facettes", msg.SCHEMA_BAD_FACET.format(key=key, field=dotted(path)))
        return facets

    def calendar(self) -> Calendar | None:
        value = self._get("x-calendrier", dict, None)
        if value is None:
            return None
        unknown = set(value) - {"debut", "fin", "fuseau", "lieu", "categorie", "inscription"}
        if unknown or "debut" not in value:
            raise self.error("x-calendrier", msg.SCHEMA_BAD_VALUE)
        key = "x-calendrier"
        return Calendar(
            start=self.path(key, value["debut"]),
            end=self.maybe_path(key, value.get("fin")),
            zone=self.maybe_path(key, value.get("fuseau")),
            place=self.paths(key, value.get("lieu", [])),
            category=self.maybe_path(key, value.get("categorie")),
            registration=self.maybe_path(key, value.get("inscription")),
        )

    def schema_org(self) -> SchemaOrg:
        value = self._get("x-schema-org", dict, {})
        key = "x-schema-org"
        kind, person = value.get("type", "Thing"), value.get("type_personne")
        constants, properties = value.get("fixe", {}), value.get("proprietes", {})
        unknown = set(value) - {"type", "type_personne", "sauf_personne", "fixe", "proprietes"}
        excluded = value.get("sauf_personne", [])
        if unknown or not (isinstance(kind, str) and isinstance(person, str | None) and isinstance(constants, dict)
                           and isinstance(properties, dict) and all(isinstance(v, str) for v in constants.values())
                           and isinstance(excluded, list) and all(isinstance(v, str) for v in excluded)):
            raise self.error(key, msg.SCHEMA_BAD_VALUE)
        return SchemaOrg(
            type=kind,
            person_type=person,
            not_for_persons=frozenset(excluded),
            constants=tuple(constants.items()),
            properties=tuple((name, self.paths(key, paths)) for name, paths in properties.items()),
        )

    def map_columns(self) -> tuple[str, ...] | None:
        value = self.schema.get("x-carte", False)
        if value is True:
            return ()
        if value is False:
            return None
        return tuple(dotted(self.path("x-carte", item)) for item in self.texts("x-carte"))

    def person(self) -> PersonRule | None:
        value = self._get("x-personne", dict, None)
        if value is None:
            return None
        field, kind, consent = value.get("champ"), value.get("valeur"), value.get("consentement")
        known = set(value) <= {"champ", "valeur", "consentement"}
        if not known or not (isinstance(consent, str) and (consent,) in self.fields):
            raise self.error("x-personne", msg.SCHEMA_BAD_VALUE)
        if field is None and kind is None:
            return PersonRule(consent)  # every entry of the type is a person's
        if not (isinstance(field, str) and (field,) in self.fields and isinstance(kind, str)):
            raise self.error("x-personne", msg.SCHEMA_BAD_VALUE)
        return PersonRule(consent, field, kind)

    def testimony(self) -> Testimony | None:
        value = self._get("x-temoignage", dict, None)
        if value is None:
            return None
        key = "x-temoignage"
        if set(value) != {"sur", "texte", "signature"}:
            raise self.error(key, msg.SCHEMA_BAD_VALUE)
        target = self.path(key, value["sur"])
        folder = self.fields[target].get("x-reference")
        if not isinstance(folder, str):
            raise self.error(key, msg.SCHEMA_NOT_REFERENCE.format(field=value["sur"]))
        return Testimony(target, folder, self.path(key, value["texte"]), self.path(key, value["signature"]))

    def indirect(self) -> tuple[IndirectLinks, ...]:
        value = self._get("x-liens-indirects", list, [])
        links = []
        for item in value:
            if not (isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("dossier", "titre"))):
                raise self.error("x-liens-indirects", msg.SCHEMA_BAD_VALUE)
            links.append(IndirectLinks(item["dossier"], item["titre"]))
        return tuple(links)


    def tags(self) -> tuple[FieldPath, ...]:
        """`x-etiquettes`: enum fields, or groups whose enum fields are all taken, in schema order."""
        found: list[FieldPath] = []
        for path in self.paths("x-etiquettes"):
            leaves = [p for p, field in self.fields.items() if p[: len(path)] == path and "enum" in field]
            if not leaves:
                raise self.error("x-etiquettes", msg.SCHEMA_BAD_TAGS.format(field=dotted(path)))
            found.extend(p for p in leaves if p not in found)
        return tuple(found)


def field_pattern(fields: Fields, dotted_path: str) -> FieldPath | None:
    """The pattern of a dotted path: `acteurs.acteur` → `("acteurs", "*", "acteur")`; a path
    ending at a list reaches its items (`disciplines` → `("disciplines", "*")`). None if unknown."""
    pattern: FieldPath = ()
    for part in dotted_path.split("."):
        while (*pattern, part) not in fields and (*pattern, "*") in fields:
            pattern = (*pattern, "*")
        pattern = (*pattern, part)
        if pattern not in fields:
            return None
    while (*pattern, "*") in fields:
        pattern = (*pattern, "*")
    return pattern


def dotted(pattern: FieldPath) -> str:
    """A pattern as the dotted path people write: `("acteurs", "*", "acteur")` → `acteurs.acteur`."""
    return ".".join(part for part in pattern if part != "*")

