"""Tenders out to spreadsheets (CSV) and scripts (JSON); OCDS lives in :mod:`tenderctl.interop.ocds`.

CSV has one row per milestone, because that is what people sort and filter in a
spreadsheet: an ISO 8601 UTC instant to sort on, the local time in the tender's own zone to
read, and ``all_day`` for dates without a time. Free text is guarded against formula
injection (a cell starting with ``=``, ``+``, ``-`` or ``@`` would run in Excel or LibreOffice).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tenderctl.errors import TenderctlError, UsageError
from tenderctl.fsutil import atomic_write
from tenderctl.tenders.summary import resolved_milestones
from tenderctl.tenders.timeline import zone_name

if TYPE_CHECKING:
    from pathlib import Path

    from tenderctl.errors import Problem
    from tenderctl.tenders.loader import LoadedTender

CSV_COLUMNS = (
    "reference",
    "tender_title",
    "buyer",
    "status",
    "milestone",
    "kind",
    "milestone_title",
    "all_day",
    "local",
    "timezone",
    "utc_offset",
    "start_utc",
    "due_utc",
    "as_written",
    "notes",
    "derived",
    "file",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
JSON_FORMAT = "tenderctl-export"
JSON_VERSION = 1


def guard_cell(value: Any) -> str:
    """Text a spreadsheet will show, not run: a leading quote defuses ``=HYPERLINK(...)``."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _offset(moment: datetime) -> str:
    offset = moment.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"UTC{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def csv_rows(tenders: Iterable[LoadedTender]) -> list[dict[str, str]]:
    """One row per milestone (and per derived submit-by), soonest first within a tender."""

    rows: list[dict[str, str]] = []
    for loaded in tenders:
        tender = loaded.tender
        for item in sorted(resolved_milestones(tender), key=lambda r: (r.when.start, r.milestone.id)):
            m, when = item.milestone, item.when
            local = when.start.astimezone(when.zone)
            rows.append(
                {
                    "reference": guard_cell(tender.reference),
                    "tender_title": guard_cell(tender.title),
                    "buyer": guard_cell(tender.buyer),
                    "status": tender.status.value,
                    "milestone": guard_cell(m.id),
                    "kind": m.kind.value,
                    "milestone_title": guard_cell(m.title or m.kind.value.replace("-", " ").capitalize()),
                    "all_day": "true" if when.all_day else "false",
                    "local": when.day.isoformat()
                    if when.all_day
                    else local.strftime("%Y-%m-%d %H:%M" if local.second == 0 else "%Y-%m-%d %H:%M:%S"),
                    "timezone": zone_name(when.zone),
                    "utc_offset": _offset(local),
                    "start_utc": _utc(when.start),
                    "due_utc": _utc(when.due),
                    "as_written": guard_cell(m.as_written),
                    "notes": guard_cell(m.notes),
                    "derived": "true" if item.derived else "false",
                    "file": guard_cell(loaded.path),
                }
            )
    return rows


def to_csv(tenders: Iterable[LoadedTender]) -> str:
    """CSV text (CRLF line ends, as RFC 4180 and spreadsheets expect); add a BOM when writing."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_COLUMNS), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(csv_rows(tenders))
    return buffer.getvalue()


def to_json(tenders: Iterable[LoadedTender], left_out: Iterable[Problem] = ()) -> dict[str, Any]:
    """The full model of every tender (defaults included), plus the file each came from, and the
    errors of the tender files left out (as the listings name them: a script sees which, not
    only that the exit code is 1)."""
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "tenders": [{"file": loaded.path, "tender": loaded.tender.model_dump(mode="json")} for loaded in tenders],
        "problems": [p.to_json() for p in left_out],
    }


EXPORT_FORMATS = ("csv", "json", "ocds")


def check_export_options(format_: str, *, carry: bool = True, out: Path | None = None, force: bool = False) -> None:
    """Refuse impossible option combinations before any tender is read (:class:`UsageError`, exit 2)."""

    if format_ not in EXPORT_FORMATS:
        raise UsageError(f"--format must be one of {', '.join(EXPORT_FORMATS)}, not {format_!r}")
    if not carry and format_ != "ocds":
        raise UsageError("--no-extension only applies to --format ocds")
    if out is not None and out.exists() and not force:
        raise TenderctlError(f"{out}: already exists (pass --force to overwrite)")


def export_tenders(
    tenders: Sequence[LoadedTender],
    format_: str,
    *,
    now: datetime,
    carry: bool = True,
    out: Path | None = None,
    force: bool = False,
    left_out: Sequence[Problem] = (),
) -> bytes:
    """The export as bytes; with ``out``, also written there atomically (``force`` to overwrite).

    CSV gets a BOM in a file (spreadsheets read accents then) and none on stdout; JSON and OCDS
    are UTF-8, indented. ``left_out``: the errors of the tender files that did not load, named
    in the JSON's ``problems`` (CSV and an OCDS package have no place for them: the caller says
    so on stderr). Expected failures raise :class:`tenderctl.errors.TenderctlError`.
    """

    check_export_options(format_, carry=carry, out=out, force=force)
    if format_ == "csv":
        text = to_csv(tenders)
        data = ("\ufeff" + text if out is not None else text).encode("utf-8")
    elif format_ == "json":
        data = (json.dumps(to_json(tenders, left_out), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    else:
        from tenderctl.interop.ocds.release import export_package  # lazy: the OCDS mapping (100 ms), for --format ocds only

        if not tenders:
            raise TenderctlError("nothing to export: an OCDS release package needs at least one tender")
        package = export_package([item.tender for item in tenders], now=now, carry=carry)
        data = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if out is not None:
        if out.is_dir():
            raise TenderctlError(f"{out}: is a folder; give a file name")
        try:
            atomic_write(out, data, overwrite=force)
        except OSError as exc:
            raise TenderctlError(f"{out}: cannot write: {exc.strerror or exc}") from None
    return data
