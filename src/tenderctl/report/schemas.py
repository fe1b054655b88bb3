"""JSON Schemas of what ``--json`` prints: one documented shape per concept.

``tenderctl schema --output NAME`` prints one; a test runs every command with ``--json`` and
validates its output against the schema of that command, so a shape cannot drift unnoticed.
Concepts are defined once (``$defs``) and shared: a *moment* (a milestone's time), a
*problem* (a diagnostic), a *step*.
"""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_STR_OR_NULL = {"type": ["string", "null"]}

DEFS: dict[str, Any] = {
    "moment": {
        "description": "A milestone's time. `at` is in the milestone's own zone (a date for all-day); `local` in the reader's zone.",
        "type": "object",
        "required": ["at", "utc", "timezone", "all_day", "local"],
        "properties": {
            "at": {"type": "string", "description": "ISO 8601 with the offset of `timezone`, or YYYY-MM-DD for all-day"},
            "utc": {**_STR_OR_NULL, "description": "the instant in UTC (Z), null for all-day"},
            "timezone": {"type": "string", "description": "IANA zone of the milestone"},
            "all_day": {"type": "boolean"},
            "local": {**_STR_OR_NULL, "description": "the instant in the reader's zone (--tz or this machine's), null for all-day"},
        },
    },
    "problem": {
        "description": "One diagnostic: where, what, and a hint.",
        "type": "object",
        "required": ["file", "line", "column", "field", "message", "hint", "level"],
        "properties": {
            "file": {"type": "string"},
            "line": {"type": "integer", "minimum": 1},
            "column": {"type": "integer", "minimum": 1},
            "field": {"type": "string"},
            "message": {"type": "string"},
            "hint": {"type": "string"},
            "level": {"enum": ["error", "warning"]},
        },
    },
    "step": {
        "type": "object",
        "required": ["number", "id", "text", "milestone", "due", "done", "overdue", "seconds_left"],
        "properties": {
            "number": {"type": "integer", "minimum": 1},
            "id": _STR_OR_NULL,
            "text": {"type": "string"},
            "milestone": _STR_OR_NULL,
            "due": {"oneOf": [{"$ref": "#/$defs/moment"}, {"type": "null"}]},
            "done": {**_STR_OR_NULL, "description": "YYYY-MM-DD"},
            "note": _STR_OR_NULL,
            "url": _STR_OR_NULL,
            "overdue": {"type": "boolean"},
            "seconds_left": {"type": ["integer", "null"]},
        },
    },
}

_TENDER_ID = {
    "reference": {"type": "string"},
    "title": {"type": "string"},
    "status": {"enum": ["open", "submitted", "won", "lost", "withdrawn", "cancelled"]},
    "file": {"type": "string"},
}


def _object(required: list[str], properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties, **extra}


def _listing(key: str, item: dict[str, Any], **more: Any) -> dict[str, Any]:
    return _object(
        ["as_of", "timezone", key],
        {
            "as_of": {"type": "string"},
            "timezone": {"type": "string", "description": "the reader's zone"},
            key: {"type": "array", "items": item},
            **more,
        },
    )


_DEADLINE_ROW = {
    "allOf": [{"$ref": "#/$defs/moment"}],
    "type": "object",
    "required": ["reference", "title", "status", "milestone", "kind", "milestone_title", "as_written", "seconds_left", "past", "file"],
    "properties": {
        **_TENDER_ID,
        "milestone": {"type": "string"},
        "kind": {"type": "string"},
        "milestone_title": {"type": "string"},
        "as_written": _STR_OR_NULL,
        "seconds_left": {"type": "integer"},
        "past": {"type": "boolean"},
    },
}

OUTPUTS: dict[str, dict[str, Any]] = {
    "deadlines": _listing(
        "deadlines",
        _DEADLINE_ROW,
        hidden=_object(["past", "closed", "filtered"], {k: {"type": "integer"} for k in ("past", "closed", "filtered")}),
    ),
    "list": _listing(
        "tenders",
        _object(
            ["reference", "title", "status", "tags", "file", "next"],
            {
                **_TENDER_ID,
                "buyer": _STR_OR_NULL,
                "tags": {"type": "array", "items": {"type": "string"}},
                "next": {
                    "description": "the next milestone not yet past, or null",
                    "oneOf": [
                        {"type": "null"},
                        {"allOf": [{"$ref": "#/$defs/moment"}], "type": "object", "required": ["milestone", "kind"]},
                    ],
                },
            },
        ),
    ),
    "agenda": _listing(
        "items",
        {
            "allOf": [{"$ref": "#/$defs/step"}],
            "type": "object",
            "required": ["reference", "title", "status", "file"],
            "properties": _TENDER_ID,
        },
        closed_hidden={"type": "integer"},
        later_hidden={"type": "integer"},
    ),
    "steps": _object(
        ["reference", "file", "steps"],
        {"reference": {"type": "string"}, "file": {"type": "string"}, "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}}},
    ),
    "show": _object(
        ["reference", "title", "timezone", "file", "as_of", "reader_timezone", "dates", "warnings"],
        {
            "reference": {"type": "string"},
            "title": {"type": "string"},
            "timezone": {"type": "string", "description": "the tender's zone"},
            "file": {"type": "string"},
            "as_of": {"type": "string"},
            "reader_timezone": {"type": "string"},
            "dates": {
                "type": "array",
                "items": {
                    "allOf": [{"$ref": "#/$defs/moment"}],
                    "type": "object",
                    "required": ["id", "kind", "seconds_left", "derived"],
                    "properties": {
                        "id": {"type": "string"},
                        "kind": {"type": "string"},
                        "seconds_left": {"type": "integer"},
                        "derived": {"type": "boolean"},
                    },
                },
            },
            "warnings": {"type": "array", "items": {"$ref": "#/$defs/problem"}},
        },
        description="The tender as written (see `tenderctl schema`), its dates as moments.",
    ),
    "validate": _object(
        ["status", "files", "valid", "problems"],
        {
            "status": {"enum": ["ok", "invalid"]},
            "files": {"type": "integer"},
            "valid": {"type": "integer"},
            "problems": {"type": "array", "items": {"$ref": "#/$defs/problem"}},
        },
    ),
}


def output_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of ``tenderctl NAME --json``; KeyError for a command without one."""
    body = OUTPUTS[name]
    return {"$schema": DIALECT, "title": f"tenderctl {name} --json", **body, "$defs": DEFS}
