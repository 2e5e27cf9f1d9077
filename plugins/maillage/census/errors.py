"""Errors of the census, located by file, row and column, with a French message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Located:
    """One problem in an input file: where (row and column when known) and what, in French."""

    path: str
    message: str
    row: int | None = None
    column: str | None = None

    def format(self) -> str:
        """Render as `file, ligne N, colonne « X » : message`."""
        where = self.path
        if self.row is not None:
            where += f", ligne {self.row}"
        if self.column:
            where += f", colonne « {self.column} »"
        return f"{where} : {self.message}"


class CensusError(Exception):
    """Raised when a census step cannot go on; carries every problem found."""

    def __init__(self, problems: list[Located]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems

    @classmethod
    def single(cls, path: str, message: str, row: int | None = None, column: str | None = None) -> CensusError:
        """An error with one located problem."""
        return cls([Located(path, message, row, column)])
