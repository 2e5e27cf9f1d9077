"""The elements of an issue form for an entry type, derived from `maillage.forms.form_fields`.

GitHub issue forms are flat (no nested or repeated groups), so groups are flattened with their
label as a prefix, repeat groups become one text box with one item per line, and the consent of
a person becomes one checkbox list. The template writer and the issue-body reader both use
these elements, so what is asked and what is read back cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from maillage.forms import FormField, form_fields, iter_leaves
from maillage.forms.communes import commune_help
from maillage.issueforms import messages as msg
from maillage.model import SchemaSet
from maillage.model.territory import Scope
from maillage.model.types import EntryType

BODY_ID = "texte"
# Booleans of the consent group (`x-personne`) that the contributor ticks; the rest (date, who
# collected it) is filled by the builder from the issue itself.
CONSENT_CHOICES = ("publication", "contact")
REPEAT_SEPARATOR = ";"

_PLACEHOLDERS = {
    "date": "2026-03-14",
    "datetime": "2026-03-14 09:00",  # at the time of the place (`maillage.forms.moments`)
    "url": "https://",
    "email": "nom@exemple.fr",
    "reference": "identifiant-de-la-fiche",
}


@dataclass(frozen=True)
class IssueElement:
    """One question of an issue form and the form field(s) its answer fills."""

    id: str
    type: str  # input | textarea | dropdown | checkboxes
    label: str
    description: str
    required: bool
    field: FormField | None = None  # None for the body text and the consent list
    options: tuple[str, ...] = ()  # dropdown and checkbox labels
    multiple: bool = False
    placeholder: str = ""
    leaves: tuple[FormField, ...] = ()  # for a repeat group: the columns of each line


def issue_elements(
    entry_type: EntryType, schemas: SchemaSet | None = None, scope: Scope | None = None
) -> list[IssueElement]:
    """The questions of an entry type's issue form, in schema order, then the body text (not for a
    testimony).

    A commune is asked by name, with an example from the commons' territory (`scope`).
    """
    elements: list[IssueElement] = []
    consent = entry_type.person.consent if entry_type.person else None
    for field in form_fields(entry_type, schemas):
        if field.name == consent:
            elements.append(_consent(field, entry_type.person.field is None))
        else:
            elements.extend(_elements(field, (), True, scope))
    if entry_type.testimony is None:  # a testimony's words are its own field (`x-temoignage`): no body
        elements.append(IssueElement(BODY_ID, "textarea", msg.BODY_LABEL, msg.BODY_HELP, required=False))
    return elements


def element_id(field: FormField) -> str:
    """The issue-form id of a field: its dotted name with dashes (ids allow `[a-z0-9_-]`)."""
    return field.name.replace(".", "-")


def _elements(
    field: FormField, prefix: tuple[str, ...], parents_required: bool, scope: Scope | None
) -> Iterator[IssueElement]:
    required = field.required and parents_required
    if field.kind == "group":
        for child in field.children:
            yield from _elements(child, (*prefix, field.label), required, scope)
        return
    label = " — ".join((*prefix, field.label))
    yield _element(field, label, required, scope)


def _element(field: FormField, label: str, required: bool, scope: Scope | None) -> IssueElement:
    common = {"id": element_id(field), "label": label, "required": required, "field": field}
    help_text = field.help
    if field.kind == "commune":
        return IssueElement(type="input", description=commune_help(scope), **common)
    if field.kind == "select":
        return IssueElement(type="dropdown", description=help_text, options=_labels(field), **common)
    if field.kind == "checkboxes":
        return IssueElement(
            type="dropdown",
            description=_join(help_text, msg.MULTIPLE_HELP),
            options=_labels(field),
            multiple=True,
            **common,
        )
    if field.kind == "boolean":
        return IssueElement(
            type="checkboxes",
            description=help_text,
            options=(msg.YES,),
            **{**common, "required": False},
        )
    if field.kind == "references":
        folder = field.reference_folder or ""
        return IssueElement(
            type="textarea",
            description=_join(help_text, msg.REFERENCES_HELP.format(folder=folder)),
            **common,
        )
    if field.kind == "lines":
        return IssueElement(type="textarea", description=_join(help_text, msg.LINES_HELP), **common)
    if field.kind == "repeat":
        leaves = tuple(iter_leaves(field.children))
        return IssueElement(
            type="textarea",
            description=_join(help_text, _repeat_help(leaves)),
            leaves=leaves,
            **common,
        )
    if field.kind == "textarea":
        return IssueElement(type="textarea", description=help_text, **common)
    if field.kind == "reference":
        help_text = _join(help_text, msg.REFERENCE_HELP.format(folder=field.reference_folder or ""))
    return IssueElement(type="input", description=help_text, placeholder=_PLACEHOLDERS.get(field.kind, ""), **common)


def _consent(group: FormField, always: bool) -> IssueElement:
    """The consent boxes; `always`: every entry of the type is a person's (a testimony), and the
    consent object says in its own words what is agreed to."""
    choices = [child for child in group.children if child.path[-1] in CONSENT_CHOICES]
    return IssueElement(
        id=element_id(group),
        type="checkboxes",
        label=group.label if always else msg.CONSENT_LABEL,
        description=group.help if always else msg.CONSENT_HELP,
        required=False,
        options=tuple(child.label for child in choices),
        leaves=tuple(choices),
    )


def _repeat_help(leaves: tuple[FormField, ...]) -> str:
    columns = []
    for leaf in leaves:
        text = leaf.label + ("" if leaf.required else msg.OPTIONAL)
        if leaf.choices:
            text += " (" + ", ".join(value for value, _ in leaf.choices) + ")"
        columns.append(text)
    return msg.REPEAT_HELP.format(columns=f" {REPEAT_SEPARATOR} ".join(columns))


def _labels(field: FormField) -> tuple[str, ...]:
    return tuple(label for _, label in field.choices)


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)
