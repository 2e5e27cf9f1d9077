"""Render an issue body the way GitHub does from an issue form and answers (for the tests)."""

from __future__ import annotations

from typing import Any

from maillage.issueforms.parse import NO_RESPONSE, questions


def render_issue_body(template: dict[str, Any], answers: dict[str, str | list[str]]) -> str:
    """`### Label`, blank line, answer (or `_No response_`), blank line; checkboxes as `- [X]`."""
    parts = []
    for question in questions(template):
        answer = answers.get(question.key)
        if question.type == "checkboxes":
            ticked = answer or []
            value = "\n".join(f"- [{'X' if o in ticked else ' '}] {o}" for o in question.options)
        elif question.type == "dropdown" and isinstance(answer, list):
            value = ", ".join(answer) if answer else NO_RESPONSE
        else:
            value = answer if answer else NO_RESPONSE
        parts.append(f"### {question.label}\n\n{value}")
    return "\n\n".join(parts)
