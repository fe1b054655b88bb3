"""JSON of the tender views, one documented shape per concept (schemas: :mod:`tenderctl.report.schemas`).

A moment is always :meth:`tenderctl.tenders.timeline.When.to_json`'s shape; a listing is an
object with ``as_of`` and the reader's ``timezone`` beside its rows, never a bare list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from tenderctl.tenders.deadlines import DeadlineView
    from tenderctl.tenders.loader import LoadedTender


def deadlines_data(view: DeadlineView, reader: tzinfo, now: datetime) -> dict[str, Any]:
    from tenderctl.tenders.timeline import zone_name

    return {
        "as_of": now.isoformat(timespec="minutes"),
        "timezone": zone_name(reader),
        "deadlines": [row.to_json(reader) for row in view.rows],
        "hidden": {"past": view.past_hidden, "closed": view.closed_hidden, "filtered": view.filtered},
    }


def show_data(loaded: LoadedTender, reader: tzinfo, now: datetime) -> dict[str, Any]:
    """The tender as written, its dates as moments (the written ``at`` becomes the instant)."""
    from tenderctl.tenders.summary import resolved_milestones
    from tenderctl.tenders.timeline import zone_name

    tender = loaded.tender
    data = tender.model_dump(mode="json", exclude_none=True)
    data["file"] = loaded.path
    data["as_of"] = now.isoformat(timespec="minutes")
    data["reader_timezone"] = zone_name(reader)
    data["dates"] = [
        {
            **item.milestone.model_dump(mode="json", exclude_none=True),
            **item.when.to_json(reader),
            "seconds_left": int((item.when.due - now).total_seconds()),
            "derived": item.derived,
        }
        for item in resolved_milestones(tender)
    ]
    data["warnings"] = [p.to_json() for p in loaded.warnings]
    return data
