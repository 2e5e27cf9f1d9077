"""French labels the meeting features print, read from the schemas' `x-libelles` (never copied)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from maillage.meet.profiles import ACTORS
from maillage.model import SchemaSet, default_schemas


@dataclass(frozen=True)
class Vocabulary:
    """Labels of resources, disciplines, univers facets and values, roles and rencontre types."""

    resources: dict[str, str]
    disciplines: dict[str, str]
    facets: dict[str, str]
    facet_values: dict[str, dict[str, str]]
    roles: dict[str, str]
    meetup_types: dict[str, str]

    def resource(self, code: str) -> str:
        """`lieu_repetition` → `un lieu de répétition` (written to fit in a sentence)."""
        return self.resources.get(code, code)

    def discipline(self, code: str) -> str:
        """`theatre` → `théâtre` (lower case, for use inside a sentence)."""
        label = self.disciplines.get(code, code)
        return label[:1].lower() + label[1:]

    def facet_value(self, facet: str, value: str) -> str:
        """`milieu`, `rural` → `rural` (lower case, for use inside a sentence)."""
        label = self.facet_values.get(facet, {}).get(value, value)
        return label[:1].lower() + label[1:]


def _labels(schema: dict) -> dict[str, str]:
    labels = schema.get("x-libelles", {})
    return {value: labels.get(value, value) for value in schema.get("enum", [])}


def vocabulary_of(schemas: SchemaSet) -> Vocabulary:
    """The vocabulary of a schema set: the means are those of the actors' `x-offre` field, the
    kinds of events those of each calendar's `categorie` field."""
    actor = schemas.field_index(schemas.by_folder[ACTORS])
    facets = {path[1]: schema for path, schema in actor.items() if len(path) == 2 and path[0] == "univers"}
    offer = next((path for path, schema in actor.items() if schema.get("x-offre")), None)
    means = actor.get((*offer, "*"), actor[offer]) if offer else {}  # a list's items hold the values
    kinds: dict[str, str] = {}
    for entry_type in schemas.types:
        if entry_type.calendar is not None and entry_type.calendar.category is not None:
            kinds |= _labels(schemas.field_index(entry_type).get(entry_type.calendar.category, {}))
    return Vocabulary(
        resources=_labels(means),
        disciplines=_labels(actor[("disciplines", "*")]),
        facets={facet: schema.get("title", facet) for facet, schema in facets.items()},
        facet_values={facet: _labels(schema) for facet, schema in facets.items()},
        roles=_labels(actor[("roles", "*")]),
        meetup_types=kinds,
    )


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary of the shipped schemas."""
    return vocabulary_of(default_schemas())
