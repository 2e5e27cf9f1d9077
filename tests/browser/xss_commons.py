"""A commons where every line of the XSS corpora sits in every text field and body of every type.

The demo entries give valid shapes (and targets for references); each hostile entry is a copy
of the richest demo entry of its type, with every free-text field replaced by a payload. Entry k
of a type carries payload k+i in its i-th text field, so that N entries per type (N payloads)
put every payload in every field while keeping the build small. Its body holds payloads k to
k+BODY_SPAN-1 (as paragraphs, a link target and a list item): every BODY_SPAN-th entry of a
type (`sample_pages`) is enough to show every payload in a body of that type.

Editorial pages (Markdown files of content/ that are not entries) are contributed too: one page
per BODY_SPAN payloads, alternately at the root and in a sub-folder, each payload as its title
and description in the front matter, as its first heading and in its body, plus the tricks only
editorial pages allow (`attr_list` attributes, the theme's own ids, a `template` of their choice).
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from maillage.model import Commons, EntryType, default_schemas, render_entry, write_atomic

CORPORA = Path(__file__).resolve().parents[1] / "fixtures" / "xss"
# Schema keywords that make a string field something other than free text.
_NOT_FREE_TEXT = {"enum", "const", "format", "pattern"}
# A pattern that only leaves some characters out (a signature: no `@`, no `<>`) still takes free text.
_FREE_TEXT_PATTERN = re.compile(r"\^\[\^")
URL_BASE = "https://example.org/"
BODY_SPAN = 6
EDITORIAL_FOLDERS = ("", "guides/pratiques/")
# What Markdown extensions of the site's configuration (attr_list) let a page add to the markup.
EDITORIAL_TRICKS = (
    'Paragraphe piégé {: onclick="alert(\'attr\')" onmouseover="alert(\'attr\')" }',
    '[lien piégé](https://example.org/){: onmouseover="alert(\'attr\')" '
    'href="javascript:alert(\'attr\')" }',
    "## Titre qui usurpe la configuration {: #__config }",
    "[lien javascript](javascript:alert('lien')) et "
    "[lien data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<div markdown="1" onmouseover="alert(\'div\')">*texte*</div>',
    '<script>alert("page")</script>',
)


def payloads() -> list[str]:
    """Every distinct non-blank line of the corpora, in file order."""
    lines: dict[str, None] = {}
    for path in sorted(CORPORA.glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                lines.setdefault(line, None)
    return list(lines)


FieldPath = tuple[str, ...]
_URL_KEPT = "!#$%&'()*+,-./:;=?@[]~_"


@dataclass(frozen=True)
class TextField:
    """A field that takes contributed text: free text, a list of texts or a web address."""

    path: FieldPath
    is_list: bool
    is_address: bool
    max_length: int | None
    pattern: str | None = None

    def fits(self, text: str) -> bool:
        """Whether the schema accepts the text's length (and pattern) here (if not, validation keeps it out)."""
        return ((self.max_length is None or len(text) <= self.max_length)
                and (self.pattern is None or re.search(self.pattern, text) is not None))

    def used(self, texts: list[str]) -> list[str]:
        """The texts a value takes from the ones offered and that fit: two for a list, else one."""
        return [text for text in (texts[:2] if self.is_list else texts[:1]) if self.fits(text)]

    def value(self, texts: list[str]) -> object | None:
        """What to put there: the text, two texts for a list, an address ending with the text."""
        used = self.used(texts)
        if not used:
            return None
        if self.is_address:
            # An address cannot hold spaces, controls or `<>"{}|\^\``: the model refuses them, so
            # percent-encode those (as a browser would) and keep every other character as is.
            return URL_BASE + quote(used[0], safe=_URL_KEPT)
        return used if self.is_list else used[0]


def text_fields(entry_type: EntryType) -> list[TextField]:
    """Free-text fields of a type, then its web address fields (from the schema)."""
    texts: list[TextField] = []
    addresses: list[TextField] = []
    for path, schema in default_schemas().fields(entry_type):
        if schema.get("type") != "string" or path[0] == "provenance":
            continue
        is_list = path[-1] == "*"
        path = path[:-1] if is_list else path
        if "*" in path:
            continue  # texts inside lists of objects: none is free text in the schemas
        if schema.get("format") == "uri":
            addresses.append(TextField(path, is_list, True, None))
        elif not _NOT_FREE_TEXT & schema.keys() or (
            schema.keys() & _NOT_FREE_TEXT == {"pattern"} and _FREE_TEXT_PATTERN.match(schema["pattern"])
        ):
            texts.append(TextField(path, is_list, False, schema.get("maxLength"), schema.get("pattern")))
    return texts + addresses


def _set(data: dict[str, Any], path: FieldPath, value: object) -> None:
    """Set a nested field, creating missing parent objects (the load check tells if that is valid)."""
    parent = data
    for key in path[:-1]:
        parent = parent.setdefault(key, {})
    parent[path[-1]] = value


@dataclass
class HostileCommons:
    """Where the hostile entries were written and what they hold."""

    content: Path
    payloads: list[str]
    # (folder, field path) -> the payloads placed there, and those the schema refuses there.
    placed: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    refused: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    entries: dict[str, list[str]] = field(default_factory=dict)  # folder -> ids
    editorial: dict[str, list[str]] = field(default_factory=dict)  # page path under the site root -> payloads
    fields: dict[str, list[TextField]] = field(default_factory=dict)  # folder -> the text fields filled

    def pages(self) -> Iterator[str]:
        """Paths of the hostile entry pages under the site root."""
        for folder, ids in self.entries.items():
            for entry_id in ids:
                yield f"{folder}/{entry_id}/"

    def sample_pages(self) -> Iterator[str]:
        """Every BODY_SPAN-th hostile page of each type: together, every payload in a body of each type."""
        for folder, ids in self.entries.items():
            for entry_id in ids[::BODY_SPAN]:
                yield f"{folder}/{entry_id}/"


def _parent_exists(data: dict[str, Any], path: FieldPath) -> bool:
    parent: object = data
    for key in path[:-1]:
        parent = parent.get(key) if isinstance(parent, dict) else None
    return isinstance(parent, dict)


def _complete_parent(data: dict[str, Any], path: FieldPath, schemas: dict[FieldPath, dict[str, Any]]) -> bool:
    """Create the missing parent of `path` in `data` with its other required fields, if they are dates."""
    others = [k for k in schemas.get(path[:-1], {}).get("required", []) if k != path[-1]]
    if any(schemas.get((*path[:-1], k), {}).get("format") != "date-time" for k in others):
        return False
    for key in others:
        _set(data, (*path[:-1], key), "2026-01-01T00:00:00Z")
    return True


def _template(demo: Commons, entry_type: EntryType, fields: list[TextField]) -> dict[str, Any]:
    """The data of the published demo entry that can hold the most text fields (then the largest)."""
    entries = [e for e in demo.of_type(entry_type.folder) if e.publishable]
    data = copy.deepcopy(max(
        entries, key=lambda e: (sum(_parent_exists(e.data, f.path) for f in fields), len(str(e.data)), e.id)
    ).data)
    # A group no single entry has with the others (a picture, a person's consent) comes from another entry.
    for text_field in fields:
        if not _parent_exists(data, text_field.path):
            donor = next((e for e in entries if _parent_exists(e.data, text_field.path)), None)
            if donor is not None:
                data[text_field.path[0]] = copy.deepcopy(donor.data[text_field.path[0]])
    return data


def _body(texts: list[str]) -> str:
    """Markdown holding each text as a paragraph, the first also as a link target and a list item."""
    paragraphs = [*texts, f"[lien piégé]({texts[0]})", f"- {texts[0]}\n- {texts[-1]}"]
    return "\n\n".join(paragraphs) + "\n"


def _editorial_page(texts: list[str]) -> str:
    """An editorial page with each text in its front matter, its first heading and its body."""
    front = yaml.safe_dump(
        {"title": texts[0], "description": texts[-1], "template": "404.html"}, allow_unicode=True, width=1 << 16
    )
    heading = " ".join(texts[0].split())
    # No relative link to a payload: MkDocs' strict build refuses links to pages that do not exist.
    body = "\n\n".join([*texts, f"- {texts[0]}\n- {texts[-1]}", *EDITORIAL_TRICKS])
    return f"---\n{front}---\n\n# {heading}\n\n{body}\n"


def write_hostile_commons(demo: Commons, demo_content: Path, content: Path) -> HostileCommons:
    """Copy the demo entries to `content` and add the hostile entries and pages (see the module docstring)."""
    for entry_type in default_schemas().types:
        shutil.copytree(demo_content / entry_type.folder, content / entry_type.folder)
    shutil.copytree(demo_content / "images", content / "images")  # the pictures the entries name
    (content / "index.md").write_text("# Commun hostile\n\nFiches piégées pour les tests.\n", "utf-8")
    lines = payloads()
    hostile = HostileCommons(content, lines)
    for k in range(0, len(lines), BODY_SPAN):
        texts = [lines[(k + j) % len(lines)] for j in range(BODY_SPAN)]
        folder = EDITORIAL_FOLDERS[(k // BODY_SPAN) % len(EDITORIAL_FOLDERS)]
        name = f"{folder}page-piegee-{k:03d}"
        (content / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (content / f"{name}.md").write_text(_editorial_page(texts), "utf-8")
        hostile.editorial[f"{name}/"] = texts
    for entry_type in default_schemas().types:
        fields = text_fields(entry_type)
        base = _template(demo, entry_type, fields)
        # A field whose parent object is missing needs that object's other required fields: a date
        # is given (a draw's closure needs one); any other (a time-stamp's token) leaves it out.
        schemas = dict(default_schemas().fields(entry_type))
        fields = [f for f in fields if _parent_exists(base, f.path) or _complete_parent(base, f.path, schemas)]
        hostile.fields[entry_type.folder] = fields
        ids = hostile.entries.setdefault(entry_type.folder, [])
        for k in range(len(lines)):
            data = copy.deepcopy(base)
            for i, text_field in enumerate(fields):
                texts = [lines[(k + i + j) % len(lines)] for j in range(2)]
                key = (entry_type.folder, ".".join(text_field.path))
                value = text_field.value(texts)
                offered = texts[:2] if text_field.is_list else texts[:1]
                hostile.refused.setdefault(key, set()).update(t for t in offered if not text_field.fits(t))
                if value is not None:
                    _set(data, text_field.path, value)
                    hostile.placed.setdefault(key, set()).update(text_field.used(texts))
            body = _body([lines[(k + j) % len(lines)] for j in range(BODY_SPAN)])
            entry_id = f"xss-{entry_type.folder}-{k:03d}"
            write_atomic(content / entry_type.folder / f"{entry_id}.md", render_entry(data, body))
            ids.append(entry_id)
    return hostile
