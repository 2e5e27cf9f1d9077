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
    """Raised when a census step cannot go on; carries every problem found, and advice on what to do."""

    def __init__(self, problems: list[Located], advice: str | None = None):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems
        self.advice = advice

    @classmethod
    def single(cls, path: str, message: str, row: int | None = None, column: str | None = None) -> CensusError:
        """An error with one located problem."""
        return cls([Located(path, message, row, column)])


class Problems:
    """Problems gathered while streaming a listing: the first ones in full, then a count."""

    LIMIT = 20

    def __init__(self) -> None:
        self.items: list[Located] = []
        self.more = 0

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, problem: Located) -> None:
        """Keep a problem (past the limit, only count it: a broken listing may have a million)."""
        if len(self.items) < self.LIMIT:
            self.items.append(problem)
        else:
            self.more += 1

    def extend(self, problems: list[Located]) -> None:
        """Keep several problems."""
        for problem in problems:
            self.add(problem)

    def raise_if_any(self, more_message: str, advice: str | None = None) -> None:
        """Raise every kept problem, and how many more there were (`more_message` has {count})."""
        if not self.items:
            return
        items = list(self.items)
        if self.more:
            items.append(Located(items[0].path, more_message.format(count=self.more)))
        raise CensusError(items, advice)
