"""Forms derived from the JSON Schemas, shared by the web form bridge and the issue templates."""

from maillage.forms.fields import (
    FormField,
    data_from_form,
    find_field,
    form_fields,
    iter_leaves,
    values_from_data,
)

__all__ = [
    "FormField",
    "data_from_form",
    "find_field",
    "form_fields",
    "iter_leaves",
    "values_from_data",
]
