"""JSON rendering: the documented shape scripts rely on (``tenderctl check --format json``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tenderctl.checks.engine import Report


def to_data(report: Report) -> dict[str, Any]:
    """``{tender, proposal, status, counts, results: [...], files: [...]}``."""
    return report.to_json()


def render_json(report: Report) -> str:
    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"
