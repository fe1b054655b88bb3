"""What the proposal checklist needs from a tender, as plain data.

The rules read a tender's reference, title, ``checks:``, ``experts:``, ``criteria:`` and
``documents:`` and nothing else. Keeping that in frozen dataclasses, built from the
validated model once and cached as JSON beside the deadline summaries, lets a warm
``tenderctl check`` skip YAML and pydantic altogether (importing pydantic and building the
model cost a fifth of the whole run). No pydantic here: this module is on the hot path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tenderctl.cache import Cache
from tenderctl.tenders.loader import read_text_digest
from tenderctl.tenders.parse import parse_tender

if TYPE_CHECKING:
    from tenderctl.tenders.loader import LoadedTender
    from tenderctl.tenders.model import Tender


@dataclass(frozen=True)
class CheckEntry:
    """One entry of the tender's ``checks:``: which rule, on which roles, how bad a failure is."""

    rule: str
    documents: tuple[str, ...] = ()
    severity: str = "disqualifying"
    """``disqualifying``, ``required``, ``warning`` or ``info`` (validated by the tender model)."""
    tip: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExpertEntry:
    role: str
    name: str | None = None


@dataclass(frozen=True)
class CriterionEntry:
    title: str
    weight: float | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checklist:
    """A tender as the checklist rules see it."""

    reference: str
    title: str
    checks: tuple[CheckEntry, ...] = ()
    experts: tuple[ExpertEntry, ...] = ()
    criteria: tuple[CriterionEntry, ...] = ()
    documents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The tender's file-name patterns per role (``documents:``), overriding the defaults."""

    @classmethod
    def of(cls, tender: Tender) -> Checklist:
        """The checklist part of a validated tender."""
        return cls(
            reference=tender.reference,
            title=tender.title,
            checks=tuple(CheckEntry(c.rule, tuple(c.documents), c.severity.value, c.tip, dict(c.options)) for c in tender.checks),
            experts=tuple(ExpertEntry(e.role, e.name) for e in tender.experts),
            criteria=tuple(CriterionEntry(c.title, c.weight, tuple(c.keywords)) for c in tender.criteria),
            documents={role: tuple(patterns) for role, patterns in tender.documents.items()},
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "title": self.title,
            "checks": [[c.rule, list(c.documents), c.severity, c.tip, dict(c.options)] for c in self.checks],
            "experts": [[e.role, e.name] for e in self.experts],
            "criteria": [[c.title, c.weight, list(c.keywords)] for c in self.criteria],
            "documents": {role: list(patterns) for role, patterns in self.documents.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Checklist:
        """Inverse of :meth:`to_json` (for the cache, which only ever holds what ``to_json`` wrote)."""
        return cls(
            reference=data["reference"],
            title=data["title"],
            checks=tuple(CheckEntry(rule, tuple(roles), severity, tip, options) for rule, roles, severity, tip, options in data["checks"]),
            experts=tuple(ExpertEntry(role, name) for role, name in data["experts"]),
            criteria=tuple(CriterionEntry(title, weight, tuple(keywords)) for title, weight, keywords in data["criteria"]),
            documents={role: tuple(patterns) for role, patterns in data["documents"].items()},
        )


def checklist_for(loaded: LoadedTender, *, use_cache: bool = True) -> Checklist:
    """The checklist of a loaded tender: from the cache while its file is unchanged.

    On a miss the file is read and validated afresh between two looks at its signature, so
    the cache never pairs a signature with an older content; if it changed meanwhile, the
    tender as loaded is used and nothing is cached.
    """
    if not use_cache:
        return Checklist.of(loaded.tender)

    source = loaded.source
    cache = Cache.open([source], kind="checklist")
    before = Cache.signature(source)
    if before is None:
        return Checklist.of(loaded.tender)
    hit = cache.get("checklist", before, source)
    if hit is not None and isinstance(hit[0], dict):
        try:
            return Checklist.from_json(hit[0])
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # written by another layout: rebuild it

    text, _problem, content = read_text_digest(source, loaded.path)
    tender, _problems = parse_tender(text, loaded.path) if text is not None else (None, [])
    if tender is None or Cache.signature(source) != before:
        return Checklist.of(loaded.tender)
    checklist = Checklist.of(tender)
    cache.put("checklist", before, checklist.to_json(), [], content)
    cache.save()
    return checklist
