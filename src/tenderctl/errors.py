"""Problems found in input, and the one exception type for expected failures."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong (or suspicious) at a place in a file.

    Renders as ``path:line:column: field.path: what is wrong (hint)``; warnings carry a
    ``warning:`` tag after the position so scripts can tell them apart.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    level: Level = Level.error

    def __str__(self) -> str:
        tag = "warning: " if self.level is Level.warning else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}:{self.column}: {tag}{self.field}: {self.message}{hint}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
            "level": self.level.value,
        }


class TenderctlError(Exception):
    """An expected failure: the CLI prints it as one line and exits with ``exit_code``."""

    exit_code = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(TenderctlError):
    exit_code = 2
