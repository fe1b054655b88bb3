"""The draft: what the notice gave, with the reason for every guess, and its YAML."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from tenderctl.authoring.draft.dates import FoundDate

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

    def review(self, key: str, reason: str) -> None:
        self.reviews.setdefault(key, []).append(reason)

    @property
    def review_count(self) -> int:
        count = sum(len(v) for v in self.reviews.values()) + len(self.skipped)
        count += (
            sum(len(m.reviews) for m in self.dates) + sum(len(s.reviews) for s in self.steps) + sum(len(c.reviews) for c in self.checks)
        )
        return count

    def to_yaml(self) -> str:
        out: list[str] = [
            f"# Draft made by `tenderctl draft`{' from ' + self.source if self.source else ''}.",
            "# Lines marked REVIEW are guesses: check each against the notice, then delete the comment.",
        ]

        def comments(reasons: list[str], indent: str = "") -> None:
            for reason in reasons:
                out.append(f"{indent}# REVIEW: {_one_line(reason)}")

        def key(name: str, value: str | None, indent: str = "", reasons: list[str] | None = None) -> None:
            if value is None:
                return
            comments(reasons or [], indent)
            out.append(f"{indent}{name}: {scalar(value)}")

        key("reference", self.reference, reasons=self.reviews.get("reference"))
        key("title", self.title, reasons=self.reviews.get("title"))
        key("buyer", self.buyer, reasons=self.reviews.get("buyer"))
        key("timezone", self.timezone, reasons=self.reviews.get("timezone"))
        out.append("status: open")
        if self.notes:
            comments(self.reviews.get("notes", []))
            out.append("notes: |-")
            out.extend(f"  {line}" if line else "" for line in "\n".join(self.notes).split("\n"))
        if self.dates or self.skipped:
            out.append("")
            out.append("dates:" if self.dates else "dates: []")
            for m in self.dates:
                out.append(f"  - id: {scalar(m.id)}")
                out.append(f"    kind: {m.kind}")
                out.append(f"    title: {scalar(m.title)}")
                comments(m.reviews, "    ")
                out.append(f"    at: {scalar(m.at)}")
                if m.timezone:
                    out.append(f"    timezone: {scalar(m.timezone)}")
                out.append(f"    as_written: {scalar(m.as_written)}")
            for skipped in self.skipped:
                out.append(f"  # REVIEW: not added: {_one_line(skipped)}")
        if self.steps:
            out.append("")
            out.append("steps:")
            for s in self.steps:
                comments(s.reviews, "  ")
                first = True
                for name, value in (("id", s.id), ("text", s.text), ("date", s.date)):
                    if value is None:
                        continue
                    out.append(f"  {'- ' if first else '  '}{name}: {scalar(value)}")
                    first = False
        if self.checks:
            out.append("")
            out.append("checks:")
            for c in self.checks:
                comments(c.reviews, "  ")
                out.append(f"  - rule: {c.rule}")
                if c.documents:
                    out.append(f"    documents: {c.documents}")
                out.append(f"    severity: {c.severity}")
                out.append(f"    tip: {scalar(c.tip)}")
        return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


_PLAIN = re.compile(r"^[A-Za-z0-9À-ÿ(][A-Za-z0-9À-ÿ _.,()/'’&+-]*$")
_RESERVED = re.compile(r"^(?:y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9][0-9_.:eE+-]*)$", re.I)


def scalar(value: str) -> str:
    """A YAML scalar: plain when that cannot be misread, else double-quoted (JSON escapes
    are valid YAML)."""
    if _PLAIN.match(value) and not _RESERVED.match(value) and not value.endswith((" ", ":")) and ": " not in value and " #" not in value:
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})", value):
        return value  # our own `at` values: the loader reads them as text
    return json.dumps(value, ensure_ascii=False)


def _slug(text: str, words: int = 4) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words]) or "step"


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate
