"""The content model: loading, schemas, validation, references and territory data.

It knows nothing of MkDocs, Starlette or splink; every adapter calls it.
"""

from maillage.model.commons import (
    Commons,
    Entry,
    Origin,
    Reference,
    is_person,
    load_commons,
    validate_entry,
    with_entries,
)
from maillage.model.load import Document, parse_document, read_document
from maillage.model.problems import EntryError, Problem, Severity
from maillage.model.schemas import (
    SchemaSet,
    default_schemas,
    entry_zone,
    field_values,
    first_value,
    load_schemas,
    schemas_for,
)
from maillage.model.slug import is_slug, slugify
from maillage.model.territory import Territory, territory
from maillage.model.types import EntryType, SchemaDefinitionError, dotted, field_pattern
from maillage.model.write import entry_path, render_entry, write_atomic

__all__ = [
    "Commons",
    "Document",
    "Entry",
    "EntryError",
    "EntryType",
    "Origin",
    "Problem",
    "Reference",
    "SchemaDefinitionError",
    "SchemaSet",
    "Severity",
    "Territory",
    "default_schemas",
    "dotted",
    "entry_path",
    "entry_zone",
    "field_pattern",
    "field_values",
    "first_value",
    "is_person",
    "is_slug",
    "load_commons",
    "load_schemas",
    "parse_document",
    "read_document",
    "render_entry",
    "schemas_for",
    "slugify",
    "territory",
    "validate_entry",
    "with_entries",
    "write_atomic",
]
