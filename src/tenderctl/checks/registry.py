"""The rule registry: a plain, greppable dict from a rule's name to its function.

A rule is one module under ``tenderctl.checks`` that decorates one function with
:func:`rule`. The function's docstring is the rule's documentation (``tenderctl rules``
prints it): why the rule exists, how to pass it, an example. Registering a name twice
fails at import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tenderctl.checks.checklist import CheckEntry, Checklist
    from tenderctl.documents.model import Document


class Status(str, Enum):
    passed = "pass"
    fail = "fail"
    warn = "warn"
    unverified = "unverified"
    """The rule could not see (scan, encryption, unreadable file): never a pass."""
    skipped = "skipped"
    """Nothing for the rule to look at (e.g. no financial documents to check)."""


@dataclass(frozen=True)
class Evidence:
    file: str
    page: int | None = None
    excerpt: str = ""


@dataclass
class Result:
    rule: str
    status: Status
    message: str
    severity: str = "disqualifying"
    tip: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Context:
    """What a rule sees: the tender, its own check entry (with options), the documents."""

    tender: Checklist
    check: CheckEntry
    documents: list[Document]
    proposal: Path
    trust_roots: Path | None = None

    def option(self, name: str, default: Any = None) -> Any:
        return self.check.options.get(name, default)


RuleFunction = Callable[[Context], list[Result]]


@dataclass(frozen=True)
class RuleSpec:
    name: str
    function: RuleFunction
    summary: str
    doc: str
    params: dict[str, str]
    """Option name -> description, shown by ``tenderctl rules``."""
    default_documents: tuple[str, ...] = ("technical",)
    coverage: bool = True
    """A pass needs every part of the file read: a rule that passes on *absence* (no prices,
    no names) cannot pass a file with a part it was not handed; the engine makes that
    ``unverified``. Rules that pass on what they *found* (a CV, a signature, a page count)
    declare ``coverage=False``."""


RULES: dict[str, RuleSpec] = {}


def rule(
    name: str, *, params: dict[str, str] | None = None, documents: tuple[str, ...] = ("technical",), coverage: bool = True
) -> Callable[[RuleFunction], RuleFunction]:
    """Register ``function`` as the rule ``name``; a duplicate name fails at import."""

    def register(function: RuleFunction) -> RuleFunction:
        if name in RULES:
            raise RuntimeError(f"rule {name!r} registered twice ({RULES[name].function.__module__} and {function.__module__})")
        doc = (function.__doc__ or "").strip()
        summary = doc.splitlines()[0] if doc else name
        RULES[name] = RuleSpec(name, function, summary, doc, dict(params or {}), documents, coverage)
        return function

    return register
