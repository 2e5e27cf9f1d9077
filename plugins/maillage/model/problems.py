"""Problems found while loading or validating entries, located by file, line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from maillage.model.controls import visible

# A message's own lines ("…de la bonne :\n  - Saint-Martin-des-Prés (22320) …\n  … et 3 autres", two
# explanations one under the other) keep to the problem's line, separated by " ; ".
_LIST_ITEM = re.compile(r"(:?)\n(?: {2}(?:- )?)?")


def _on_one_line(message: str) -> str:
    return _LIST_ITEM.sub(lambda match: ": " if match[1] else " ; ", message)


class Severity(StrEnum):
    """How serious a problem is: errors fail `maillage verifier`, warnings do not."""

    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one file, with a French message for the contributor."""

    path: str
    line: int
    column: int
    message: str
    field: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """Render as `path:line:column: message`, the form editors and CI annotations read: one
        line, whatever the message quotes (invisible characters are shown, never sent raw)."""
        prefix = "" if self.severity is Severity.ERROR else "avertissement : "
        return visible(f"{self.path}:{self.line}:{self.column}: {prefix}{_on_one_line(self.message)}", one_line=True)

    def to_dict(self) -> dict[str, str | int]:
        """Plain form for JSON output."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "severity": self.severity.value,
            "message": self.message,
        }


class EntryError(Exception):
    """Raised when a file cannot be turned into an entry at all; carries its problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems
