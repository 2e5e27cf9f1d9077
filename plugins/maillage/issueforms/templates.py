"""The GitHub issue forms (`.github/ISSUE_TEMPLATE/*.yml`), one per entry type, from the schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from maillage.issueforms import messages as msg
from maillage.issueforms.elements import IssueElement, issue_elements
from maillage.model import SchemaSet, default_schemas
from maillage.model.territory import Scope
from maillage.model.types import EntryType

TEMPLATE_DIR = Path(".github") / "ISSUE_TEMPLATE"
FORM_LABEL = "nouvelle-fiche"
TYPE_LABEL_PREFIX = "fiche:"
HEADER = "# Généré depuis les schémas par « maillage tickets generer » : ne pas modifier à la main.\n"


def template_name(entry_type: EntryType) -> str:
    """File name of an entry type's issue form."""
    return f"{entry_type.schema}.yml"


def type_label(entry_type: EntryType) -> str:
    """The issue label that tells the workflow which entry type an issue proposes."""
    return TYPE_LABEL_PREFIX + entry_type.folder


def issue_template(
    entry_type: EntryType, schemas: SchemaSet | None = None, scope: Scope | None = None
) -> dict[str, Any]:
    """The issue form of an entry type, as the data GitHub reads (examples from the territory `scope`)."""
    return {
        "name": msg.TEMPLATE_NAME.format(singular=entry_type.singular),
        "description": _type_description(entry_type, schemas),
        "title": msg.TEMPLATE_TITLE.format(singular=entry_type.singular),
        "labels": [FORM_LABEL, type_label(entry_type)],
        "body": [
            {"type": "markdown", "attributes": {"value": msg.TEMPLATE_INTRO}},
            *(_body_item(element) for element in issue_elements(entry_type, schemas, scope)),
        ],
    }


def config_template() -> dict[str, Any]:
    """`config.yml`: no blank issues (every contribution goes through a form)."""
    return {"blank_issues_enabled": False}


def render_templates(schemas: SchemaSet | None = None, scope: Scope | None = None) -> dict[str, str]:
    """Text of every issue-form file, by file name."""
    schemas = schemas or default_schemas()
    files = {template_name(t): _dump(issue_template(t, schemas, scope)) for t in schemas.types}
    files["config.yml"] = _dump(config_template())
    return files


def _type_description(entry_type: EntryType, schemas: SchemaSet | None) -> str:
    schema = (schemas or default_schemas()).for_type(entry_type)
    return schema.get("description", "")


def _body_item(element: IssueElement) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": element.label}
    if element.description:
        attributes["description"] = element.description
    if element.type == "dropdown":
        attributes["options"] = list(element.options)
        if element.multiple:
            attributes["multiple"] = True
    elif element.type == "checkboxes":
        attributes["options"] = [{"label": option} for option in element.options]
    elif element.placeholder:
        attributes["placeholder"] = element.placeholder
    item: dict[str, Any] = {"type": element.type, "id": element.id, "attributes": attributes}
    if element.required:
        item["validations"] = {"required": True}
    return item


class _Dumper(yaml.SafeDumper):
    """Indented lists, unicode kept, no line folding of long French descriptions."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(data: dict[str, Any]) -> str:
    return HEADER + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
