"""The draft: what the notice gave, with the reason for every guess, and its YAML."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from tenderctl.authoring.draft.dates import FoundDate
from tenderctl.tenders.writer import Commented, scalar, write_yaml

__all__ = ["Draft", "DraftCheck", "DraftMilestone", "DraftStep", "scalar"]

REVIEW_PLACEHOLDER_REFERENCE = "REVIEW-reference"


@dataclass
class DraftMilestone:
    id: str
    kind: str
    title: str
    at: str
    as_written: str
    timezone: str | None = None
    reviews: list[str] = field(default_factory=list)
    found: FoundDate | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None
    """What an amendment changed ("was 10 April 2026"), written to the milestone's notes."""


@dataclass
class DraftStep:
    text: str
    id: str | None = None
    date: str | None = None
    reviews: list[str] = field(default_factory=list)


@dataclass
class DraftCheck:
    rule: str
    tip: str
    severity: str
    documents: str | None = None
    reviews: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Draft:
    """What the notice gave, with the reasons for every guess; :meth:`to_yaml` writes it."""

    reference: str
    title: str
    timezone: str
    buyer: str | None = None
    reviews: dict[str, list[str]] = field(default_factory=dict)
    dates: list[DraftMilestone] = field(default_factory=list)
    steps: list[DraftStep] = field(default_factory=list)
    checks: list[DraftCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    source: str = ""
    amendment: bool = False
    """The notice changes an earlier one (an extension, a corrigendum)."""
    warnings: list[str] = field(default_factory=list)
    """What the command says on stderr: no submission deadline, no zone found."""

    @property
    def submission(self) -> DraftMilestone | None:
        return next((m for m in self.dates if m.kind == "submission"), None)

    def review(self, key: str, reason: str) -> None:
        self.reviews.setdefault(key, []).append(reason)

    @property
    def review_count(self) -> int:
        count = sum(len(v) for v in self.reviews.values()) + len(self.skipped)
        count += (
            sum(len(m.reviews) for m in self.dates) + sum(len(s.reviews) for s in self.steps) + sum(len(c.reviews) for c in self.checks)
        )
        return count

    def summary(self) -> str:
        """'3 dates, 8 steps, 3 checks; 17 values to review (# REVIEW:)'."""

        def count(n: int, word: str) -> str:
            return f"{n} {word}{'s' if n != 1 else ''}"

        return (
            f"{count(len(self.dates), 'date')}, {count(len(self.steps), 'step')}, {count(len(self.checks), 'check')}; "
            f"{count(self.review_count, 'value')} to review (# REVIEW:)"
        )

    def to_yaml(self) -> str:
        """The draft as a tender file, through the one writer of new tender files."""

        def at(value: Any, key: str) -> Any:
            reasons = self.reviews.get(key)
            return Commented(value, review=reasons) if reasons else value

        data: dict[str, Any] = {
            "reference": at(self.reference, "reference"),
            "title": at(self.title, "title"),
            "buyer": at(self.buyer, "buyer") if self.buyer is not None else None,
            "timezone": at(self.timezone, "timezone"),
            "status": "open",
        }
        if self.notes:
            data["notes"] = Commented("\n".join(self.notes), review=self.reviews.get("notes", []))
        if self.dates or self.skipped:
            milestones = []
            for m in self.dates:
                entry: dict[str, Any] = {"id": m.id, "kind": m.kind, "title": m.title, "at": Commented(m.at, review=m.reviews)}
                entry["timezone"] = m.timezone or None
                entry["as_written"] = m.as_written
                entry["notes"] = m.notes
                entry.update(m.extra)
                milestones.append(entry)
            data["dates"] = Commented(milestones, blank=True, after=[f"REVIEW: not added: {s}" for s in self.skipped])
        if self.steps:
            data["steps"] = Commented(
                [Commented({"id": s.id, "text": s.text, "date": s.date}, review=s.reviews) for s in self.steps], blank=True
            )
        if self.checks:
            checks = []
            for c in self.checks:
                check: dict[str, Any] = {"rule": c.rule, "documents": c.documents, "severity": c.severity, "tip": c.tip}
                if c.options:
                    check["options"] = c.options
                checks.append(Commented(check, review=c.reviews))
            data["checks"] = Commented(checks, blank=True)
        header = [
            f"Draft made by `tenderctl draft`{' from ' + self.source if self.source else ''}.",
            "Lines marked REVIEW are guesses: check each against the notice, then delete the comment.",
        ]
        return write_yaml(data, header=header)


def _slug(text: str, words: int = 4) -> str:

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words]) or "step"


def _unique(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... not in ``used`` (a draft holds at most
    :data:`tenderctl.authoring.draft.build.MAX_MILESTONES` ids, so the loop stays short)."""
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate
