"""JSON of the tender views, one documented shape per concept (schemas: :mod:`tenderctl.report.schemas`).

A moment is always :meth:`tenderctl.tenders.timeline.When.to_json`'s shape; a listing is an
object with ``as_of`` and the reader's zone beside its rows, never a bare list. ``timezone``
always names a tender's or a milestone's zone; the reader's is ``reader_timezone`` (``--tz``),
in every output alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tenderctl.tenders.timeline import zone_name

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime, tzinfo

    from tenderctl.authoring.draft import Draft
    from tenderctl.authoring.progress import Agenda
    from tenderctl.errors import Problem
    from tenderctl.tenders.deadlines import DeadlineView, TenderListing
    from tenderctl.tenders.loader import LoadedTender


def _head(reader: tzinfo, now: datetime) -> dict[str, Any]:
    return {"as_of": now.isoformat(timespec="minutes"), "reader_timezone": zone_name(reader)}


def _left_out(problems: Iterable[Problem]) -> dict[str, Any]:
    """The errors of the tender files a listing left out (exit 1): a script sees which, not only that."""
    return {"problems": [p.to_json() for p in problems]}


def deadlines_data(view: DeadlineView, reader: tzinfo, now: datetime, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    return {
        **_head(reader, now),
        "deadlines": [row.to_json(reader) for row in view.rows],
        "hidden": {"past": view.past_hidden, "closed": view.closed_hidden, "filtered": view.filtered},
        **_left_out(problems),
    }


def list_data(listing: list[TenderListing], reader: tzinfo, now: datetime, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    return {**_head(reader, now), "tenders": [t.to_json(reader) for t in listing], **_left_out(problems)}


def agenda_data(view: Agenda, reader: tzinfo, now: datetime, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    return {
        **_head(reader, now),
        "items": [item.to_json(now, reader) for item in view.items],
        "closed_hidden": view.closed_hidden,
        "later_hidden": view.later_hidden,
        **_left_out(problems),
    }


def show_data(loaded: LoadedTender, reader: tzinfo, now: datetime) -> dict[str, Any]:
    """The tender as written, its dates as moments (the written ``at`` becomes the instant)."""
    # lazy: tenders.summary (+3 ms) on warm deadlines --json, which imports this module
    from tenderctl.tenders.summary import resolved_milestones

    tender = loaded.tender
    data = tender.model_dump(mode="json", exclude_none=True)
    data["file"] = loaded.path
    data.update(_head(reader, now))
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


def draft_data(
    draft: Draft, yaml_text: str, problems: list[Problem], target: str | None, reader: tzinfo, update: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``draft --json``: what was drafted, its dates as moments (the shape of ``show`` and ``deadlines``).

    A draft that does not validate has no instants to give: ``dates`` is empty, ``problems``
    says why and ``yaml`` holds every guess.
    """
    # lazy: tenders.parse (+23 ms, the pydantic model when called) on warm deadlines --json
    from tenderctl.tenders.parse import parse_tender

    # lazy: tenders.summary (+3 ms) on warm deadlines --json, which imports this module
    from tenderctl.tenders.summary import resolved_milestones

    dates: list[dict[str, Any]] = []
    tender = None if problems else parse_tender(yaml_text, target or "draft")[0]
    if tender is not None:
        dates = [
            {
                "id": item.milestone.id,
                "kind": item.milestone.kind.value,
                "as_written": item.milestone.as_written,
                **item.when.to_json(reader),
            }
            for item in resolved_milestones(tender)
        ]
    return {
        "reference": draft.reference,
        "valid": not problems,
        "reviews": draft.review_count,
        "dates": dates,
        "steps": len(draft.steps),
        "checks": [c.rule for c in draft.checks],
        "file": target if not problems else None,
        "yaml": yaml_text,
        "problems": [p.to_json() for p in problems],
        "complete": draft.submission is not None,
        "amendment": draft.amendment,
        "warnings": draft.warnings,
        "update": update,
    }
