"""Run one rule on hand-built Documents, through the engine (so severity and tip apply)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tenderctl.checks.engine import run_checks
from tenderctl.checks.registry import Result
from tenderctl.documents.model import Document
from tenderctl.tenders.model import Tender


def tender(**extra: Any) -> Tender:
    data: dict[str, Any] = {"reference": "RFPS-NYH-2025-503831", "title": "Case studies", "timezone": "Europe/Brussels"}
    data.update(extra)
    return Tender.model_validate(data)


def run_rule(
    name: str,
    docs: list[Document],
    *,
    options: dict[str, Any] | None = None,
    documents: list[str] | None = None,
    proposal: Path | None = None,
    **tender_fields: Any,
) -> list[Result]:
    check: dict[str, Any] = {"rule": name, "options": options or {}, "tip": "the tender's tip"}
    if documents is not None:
        check["documents"] = documents
    t = tender(checks=[check], **tender_fields)
    report = run_checks(t, docs, proposal or Path("/nonexistent-proposal"))
    return [r for r in report.results if r.rule == name]  # the engine adds default checks (files)
