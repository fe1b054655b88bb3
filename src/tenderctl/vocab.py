"""The format's fixed vocabularies as plain tuples, for code that must not import pydantic.

``model.py`` defines the enums users see in the schema; tests keep both in step.
"""

from __future__ import annotations

MILESTONE_KINDS = (
    "submission",
    "questions",
    "conference",
    "site-visit",
    "opening",
    "clarification",
    "amendment",
    "award",
    "internal",
    "other",
)
STATUSES = ("open", "submitted", "won", "lost", "withdrawn", "cancelled")
CLOSED_STATUSES = frozenset({"won", "lost", "withdrawn", "cancelled"})
"""Closed bids drop out of ``deadlines`` unless ``--all``."""
STATUS_GROUPS = {"closed": tuple(sorted(CLOSED_STATUSES)), "active": ("open", "submitted")}
"""Names for sets of statuses that options accept (``--status closed``)."""
