"""French labels the meeting features print, read from the schemas' `x-libelles` (never copied)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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
    """The vocabulary of a schema set."""
    actor = schemas.field_index(schemas.by_folder["acteurs"])
    meetup = schemas.field_index(schemas.by_folder["rencontres"])
    facets = {path[1]: schema for path, schema in actor.items() if len(path) == 2 and path[0] == "univers"}
    return Vocabulary(
        resources=_labels(actor[("propose", "*")]),
        disciplines=_labels(actor[("disciplines", "*")]),
        facets={facet: schema.get("title", facet) for facet, schema in facets.items()},
        facet_values={facet: _labels(schema) for facet, schema in facets.items()},
        roles=_labels(actor[("roles", "*")]),
        meetup_types=_labels(meetup[("type",)]),
    )


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary of the shipped schemas."""
    return vocabulary_of(default_schemas())
