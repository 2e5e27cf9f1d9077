"""The content model: loading, schemas, validation, references and territory data.

It knows nothing of MkDocs, Starlette or splink; every adapter calls it.
"""

from maillage.model.commons import Commons, Entry, Reference, load_commons, validate_entry
from maillage.model.load import Document, parse_document, read_document
from maillage.model.problems import EntryError, Problem, Severity
from maillage.model.schemas import SchemaSet, default_schemas, load_schemas
from maillage.model.slug import is_slug, slugify
from maillage.model.territory import Territory, territory
from maillage.model.types import BY_FOLDER, ENTRY_TYPES, EntryType
from maillage.model.write import entry_path, render_entry, write_atomic

__all__ = [
    "BY_FOLDER",
    "ENTRY_TYPES",
    "Commons",
    "Document",
    "Entry",
    "EntryError",
    "EntryType",
    "Problem",
    "Reference",
    "SchemaSet",
    "Severity",
    "Territory",
    "default_schemas",
    "entry_path",
    "is_slug",
    "load_commons",
    "load_schemas",
    "parse_document",
    "read_document",
    "render_entry",
    "slugify",
    "territory",
    "validate_entry",
    "write_atomic",
]
