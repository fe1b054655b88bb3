"""What tenderctl reads from one eForms notice, as plain data (no XML, no parsed tree): a
:class:`Notice`, its :class:`Lot` s and their deadlines (:class:`Dated`)."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from tenderctl.errors import Problem

_T = TypeVar("_T")


def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle as (class, field values): the default for a slots dataclass calls a Python
    ``__getstate__`` per object, about twice as slow (notices wait pickled, see ``pending``)."""
    getter = operator.attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        return cls, getter(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@_pickled_by_fields
@dataclass(slots=True)
class Dated:
    """One deadline of a lot, as published."""

    kind: str
    base_id: str
    title: str
    bt: str
    lot: str
    element: str
    line: int
    value: datetime | date
    offset: timedelta | None


@_pickled_by_fields
@dataclass(slots=True)
class Lot:
    id: str
    line: int
    titles: dict[str, str] = field(default_factory=dict)
    """By language, whitespace as published (:func:`collapse` the one used)."""
    documents: list[str] = field(default_factory=list)
    submission_url: str = ""
    languages: list[str] = field(default_factory=list)
    dates: list[Dated] = field(default_factory=list)


@_pickled_by_fields
@dataclass(slots=True)
class Notice:
    """What tenderctl reads from one notice (texts by language code, ``ENG`` -> text)."""

    source: str
    form: str
    type_code: str
    type_line: int
    competition: bool
    notice_id: str = ""
    version: str = ""
    procedure_id: str = ""
    internal_id: str = ""
    publication_id: str = ""
    issued: datetime | None = None
    language: str = ""
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    buyer: dict[str, str] = field(default_factory=dict)
    """The buyer's name by language, whitespace as published (:func:`collapse` the one used)."""
    other_buyers: list[dict[str, str]] = field(default_factory=list)
    """The names (by language, as published) of the other buyers of a joint procurement, in order."""
    buyer_country: str = ""
    buyer_line: int = 0
    contacts: list[dict[str, str]] = field(default_factory=list)
    buyer_profile: str = ""
    lots: list[Lot] = field(default_factory=list)
    changed_notice: str = ""
    changes_line: int = 0
    changes: list[dict[str, str]] = field(default_factory=list)
    change_reason: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        """The notice identifier with its version, as change notices cite it (``uuid-01``)."""
        return f"{self.notice_id}-{self.version}" if self.version else self.notice_id
