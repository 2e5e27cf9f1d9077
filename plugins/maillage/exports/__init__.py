"""Open data exports of the commons, independent of MkDocs.

CSV and JSON per entry type, GeoJSON of actors, iCalendar of rencontres, an Atom feed,
schema.org JSON-LD for entry pages and the Markdown of the data page documenting them.
"""

from maillage.exports.datapage import data_page_markdown
from maillage.exports.write import write_all

__all__ = ["data_page_markdown", "write_all"]
