"""Read the body GitHub renders from an issue form back into one value per question.

GitHub writes each question as `### <label>`, a blank line, then the answer (`_No response_`
when left empty; `- [X] option` / `- [ ] option` for checkboxes; comma-separated options for a
multiple dropdown). Sections are found by the template's own labels, in the template's order,
so a `####` or a `### Something` typed inside an answer cannot cut the body at the wrong place.
The parser works on any issue-form template (ours, or GitHub's examples in the tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from maillage.issueforms import messages as msg

NO_RESPONSE = "_No response_"
MAX_BODY_CHARS = 65_536  # GitHub's own limit for an issue body
_CHECKBOX = re.compile(r"^\s*[-*]\s*\[([ xX]?)\]\s?(.*)$")
_EXCERPT = 60


@dataclass(frozen=True)
class Question:
    """One question of an issue-form template, as the parser needs it."""

    key: str  # the element id, or the label in snake_case when the element has none
    type: str
    label: str
    options: tuple[str, ...] = ()


@dataclass
class ParsedIssue:
    """Answers by question key (text, or list of ticked options), and what could not be read."""

    values: dict[str, str | list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def questions(template: dict[str, Any]) -> list[Question]:
    """The questions of an issue-form template (markdown blocks carry no answer)."""
    found = []
    for item in template.get("body", []):
        if not isinstance(item, dict) or item.get("type") == "markdown":
            continue
        attributes = item.get("attributes", {})
        label = str(attributes.get("label", ""))
        options = tuple(
            str(option["label"] if isinstance(option, dict) else option) for option in attributes.get("options", [])
        )
        key = str(item.get("id") or snake_case(label))
        found.append(Question(key, str(item.get("type", "")), label, options))
    return found


def snake_case(label: str) -> str:
    """A label as a key, the way GitHub's parsers name fields without an id."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def parse_issue_body(body: str, template: dict[str, Any]) -> ParsedIssue:
    """Answers of an issue body rendered from `template`; problems are French sentences."""
    result = ParsedIssue()
    if len(body) > MAX_BODY_CHARS:
        result.problems.append(msg.BODY_TOO_LONG.format(length=len(body), limit=MAX_BODY_CHARS))
        return result
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    asked = questions(template)
    starts = _section_starts(lines, asked, result.problems)
    if starts is None:
        return result
    if any(line.strip() for line in lines[: starts[0]]):
        result.problems.append(msg.TEXT_BEFORE_FORM)
    ends = [*starts[1:], len(lines)]
    for question, start, end in zip(asked, starts, ends, strict=True):
        raw = _strip_blank(lines[start + 1 : end])
        result.values[question.key] = _answer(question, raw, result.problems)
    return result


def _section_starts(lines: list[str], asked: list[Question], problems: list[str]) -> list[int] | None:
    """Line index of each question's heading, in the template's order.

    The headings are matched as the longest in-order sequence (a small dynamic programme), so
    a heading typed inside an answer never hides the real ones after it, and a removed section
    is reported alone instead of taking every following section with it.
    """
    headings = {f"### {q.label}": i for i, q in enumerate(asked)}
    candidates = [(j, headings[line.rstrip()]) for j, line in enumerate(lines) if line.rstrip() in headings]
    # best[c][q]: most questions matched using candidates from c and questions from q.
    best = [[0] * (len(asked) + 1) for _ in range(len(candidates) + 1)]
    for c in range(len(candidates) - 1, -1, -1):
        for q in range(len(asked) - 1, -1, -1):
            skip = max(best[c + 1][q], best[c][q + 1])
            take = 1 + best[c + 1][q + 1] if candidates[c][1] == q else 0
            best[c][q] = max(skip, take)
    starts: dict[int, int] = {}
    c = q = 0
    while c < len(candidates) and q < len(asked):
        if candidates[c][1] == q and best[c][q] == 1 + best[c + 1][q + 1]:
            starts[q] = candidates[c][0]
            c, q = c + 1, q + 1
        elif best[c][q] == best[c + 1][q]:
            c += 1
        else:
            q += 1
    for index, question in enumerate(asked):
        if index not in starts:
            problems.append(msg.SECTION_MISSING.format(label=question.label))
    return [starts[i] for i in range(len(asked))] if len(starts) == len(asked) else None


def _strip_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _answer(question: Question, lines: list[str], problems: list[str]) -> str | list[str]:
    if question.type == "checkboxes":
        return _ticked(question, lines, problems)
    text = "\n".join(lines)
    if text.strip() == NO_RESPONSE:
        return ""
    if question.type != "textarea" and len(lines) > 1:
        # Inputs and dropdowns are one line: more means a section was added or renamed.
        extra = next(line for line in lines[1:] if line.strip())
        problems.append(msg.SECTION_EXTRA.format(label=question.label, text=excerpt(extra)))
        return lines[0].strip()
    return text.strip() if question.type != "textarea" else text


def _ticked(question: Question, lines: list[str], problems: list[str]) -> list[str]:
    ticked = []
    for line in lines:
        if not line.strip() or line.strip() == NO_RESPONSE:
            continue
        match = _CHECKBOX.match(line)
        option = match.group(2).strip() if match else ""
        if match is None or option not in question.options:
            problems.append(msg.UNKNOWN_CHECKBOX.format(label=question.label, text=excerpt(line)))
            continue
        if match.group(1) in ("x", "X"):
            ticked.append(option)
    return ticked


def split_options(text: str, options: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Options of a multiple dropdown from GitHub's comma-separated answer, and unknown parts.

    Options may themselves contain commas ("du matériel technique (son, lumière, scène)"), so
    the longest option that fits at each position wins instead of splitting on every comma.
    """
    found: list[str] = []
    unknown: list[str] = []
    by_length = sorted(options, key=len, reverse=True)
    rest = text.strip()
    while rest:
        match = next((o for o in by_length if rest == o or rest.startswith(o + ",")), None)
        if match is None:
            part, _, rest = rest.partition(",")
            unknown.append(part.strip())
        else:
            found.append(match)
            rest = rest[len(match) + 1 :]
        rest = rest.strip()
    return found, [part for part in unknown if part]


def excerpt(text: str) -> str:
    """A short, quoted piece of contributor text for a message."""
    text = " ".join(text.split())
    return "« " + (text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…") + " »"
