"""JSON Schemas of what ``--json`` prints: one documented shape per concept.

``tenderctl schema --output NAME`` prints one; a test runs every command with ``--json`` over
varied inputs and validates its output against the schema of that command, and another test
fails when a command offers ``--json`` without a schema here, so a shape cannot drift unnoticed.

Concepts are defined once (``$defs``) and shared: a *moment* (a milestone's time), a
*problem* (a diagnostic), a *step*, a *change* an import makes. Objects are closed
(``unevaluatedProperties: false``): a key the schema does not name is an error, so a new key
has to be documented here first. ``docs/json.md`` describes the same shapes for people.
"""

from __future__ import annotations

from typing import Any

from tenderctl.interop.export import JSON_FORMAT, JSON_VERSION

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_STR = {"type": "string"}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}
_STR_OR_NULL = {"type": ["string", "null"]}
_DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_DAY_OR_NULL = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_STATUS = {"enum": ["open", "submitted", "won", "lost", "withdrawn", "cancelled"]}


def closed(required: list[str], properties: dict[str, Any], *, like: tuple[str, ...] | list[str] = (), **extra: Any) -> dict[str, Any]:
    """An object with exactly these keys (and those of the ``$defs`` named in ``like``)."""
    body: dict[str, Any] = {"type": "object", "required": required, "properties": properties, **extra}
    if like:
        body["allOf"] = [{"$ref": f"#/$defs/{name}"} for name in like]
    body["unevaluatedProperties"] = False
    return body


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _list_of(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


DEFS: dict[str, Any] = {
    "moment": {
        "description": (
            "A milestone's time, the same five keys wherever a time appears (open: the object that holds them adds its own keys). "
            "`at` is in the milestone's own zone (a date for all-day); `local` in the reader's."
        ),
        "type": "object",
        "required": ["at", "utc", "timezone", "all_day", "local"],
        "properties": {
            "at": {"type": "string", "description": "ISO 8601 with the offset of `timezone`, or YYYY-MM-DD for all-day"},
            "utc": {**_STR_OR_NULL, "description": "the instant in UTC (Z), null for all-day"},
            "timezone": {"type": "string", "description": "IANA zone of the milestone"},
            "all_day": _BOOL,
            "local": {**_STR_OR_NULL, "description": "the instant in the reader's zone (--tz or this machine's), null for all-day"},
        },
    },
    "problem": closed(
        ["file", "line", "column", "field", "message", "hint", "level"],
        {
            "file": _STR,
            "line": {"type": "integer", "minimum": 1},
            "column": {"type": "integer", "minimum": 1},
            "field": _STR,
            "message": _STR,
            "hint": _STR,
            "level": {"enum": ["error", "warning"]},
        },
        description="One diagnostic: where (file:line:column, the field path), what, and a hint; the text form is `file:line:column: field: message (hint)`.",
    ),
    "tender_id": {
        "description": "Which tender a row belongs to (open: mixed into the row).",
        "type": "object",
        "required": ["reference", "title", "status", "file"],
        "properties": {"reference": _STR, "title": _STR, "status": _STATUS, "file": _STR},
    },
    "step": {
        "description": "A step of a tender's to-do list (open: an agenda item adds its tender's keys).",
        "type": "object",
        "required": ["number", "id", "text", "milestone", "due", "done", "note", "url", "overdue", "seconds_left"],
        "properties": {
            "number": {"type": "integer", "minimum": 1},
            "id": _STR_OR_NULL,
            "text": _STR,
            "milestone": {**_STR_OR_NULL, "description": "the id of the milestone the step is due at"},
            "due": {"oneOf": [closed([], {}, like=["moment"]), {"type": "null"}]},
            "done": {**_DAY_OR_NULL, "description": "the day it was done, YYYY-MM-DD"},
            "note": _STR_OR_NULL,
            "url": _STR_OR_NULL,
            "overdue": _BOOL,
            "seconds_left": {"type": ["integer", "null"]},
        },
    },
    "change": closed(
        ["field", "action", "old", "new", "headline", "text"],
        {
            "field": {"type": "string", "description": "the dotted path in the tender, e.g. dates.submission.at"},
            "action": {"enum": ["set", "add", "remove"]},
            "old": {},
            "new": {},
            "headline": {"type": "boolean", "description": "a moved deadline: printed first"},
            "text": _STR,
        },
        description="One change an import makes to a tender file.",
    ),
}

_LEFT_OUT = {**_list_of(_ref("problem")), "description": "the errors of the tender files left out (exit 1)"}
_LISTING_HEAD = {
    "as_of": {"type": "string", "description": "now, or --as-of"},
    "reader_timezone": {"type": "string", "description": "the reader's zone (--tz); `timezone` is always a tender's or a milestone's"},
    "problems": _LEFT_OUT,
}

_DEADLINE_ROW = closed(
    ["milestone", "kind", "milestone_title", "as_written", "seconds_left", "past"],
    {
        "milestone": {"type": "string", "description": "the milestone's id"},
        "kind": _STR,
        "milestone_title": _STR,
        "as_written": _STR_OR_NULL,
        "seconds_left": _INT,
        "past": _BOOL,
    },
    like=["tender_id", "moment"],
)

_NEXT = closed(
    ["milestone", "kind", "milestone_title", "seconds_left"],
    {"milestone": _STR, "kind": _STR, "milestone_title": _STR, "seconds_left": _INT},
    like=["moment"],
)

_IMPORT_OUTCOME = closed(
    ["reference", "origin", "id", "file", "action", "sources", "changes", "warnings", "error", "problems"],
    {
        "reference": _STR,
        "origin": {"enum": ["ocds", "eforms"]},
        "id": {"type": "string", "description": "the OCDS ocid, or the eForms procedure identifier"},
        "file": {"type": "string", "description": "the tender file written, updated, or that would be"},
        "action": {"enum": ["created", "updated", "unchanged", "failed"]},
        "sources": {"type": "integer", "description": "the OCDS releases or eForms notices merged"},
        "changes": _list_of(_ref("change")),
        "warnings": _list_of(_ref("problem")),
        "error": {**_STR_OR_NULL, "description": "why the tender failed (action failed), else null"},
        "problems": {**_list_of(_ref("problem")), "description": "why the written tender would not validate"},
        "content": {"type": "string", "description": "--dry-run: the new file in full"},
        "diff": {"type": "string", "description": "--dry-run: the update as a unified diff"},
    },
)

_CHECK_RESULT = closed(
    ["rule", "status", "severity", "message", "tip", "evidence"],
    {
        "rule": _STR,
        "status": {"enum": ["pass", "fail", "warn", "unverified", "skipped"]},
        "severity": {
            "enum": ["disqualifying", "required", "warning", "info"],
            "description": "a fail under warning or info counts as a warning",
        },
        "message": {"type": "string", "minLength": 1},
        "tip": _STR_OR_NULL,
        "evidence": _list_of(
            closed(["file", "page", "excerpt"], {"file": _STR, "page": {"type": ["integer", "null"], "minimum": 1}, "excerpt": _STR})
        ),
    },
)

_CHECK_FILE = closed(
    [
        "path",
        "role",
        "format",
        "size",
        "pages",
        "readable",
        "encrypted",
        "password_protected",
        "unreadable_reason",
        "image_only_pages",
        "signatures",
        "notes",
        "complete",
        "parts",
    ],
    {
        "path": {"type": "string", "description": "relative to the proposal folder"},
        "role": _STR,
        "format": _STR,
        "size": _INT,
        "pages": {"type": ["integer", "null"]},
        "readable": _BOOL,
        "encrypted": _BOOL,
        "password_protected": _BOOL,
        "unreadable_reason": _STR_OR_NULL,
        "image_only_pages": _list_of(_INT),
        "signatures": _INT,
        "notes": _list_of(_STR),
        "complete": {"type": "boolean", "description": "every part of the file was read (else coverage rules are unverified)"},
        "parts": _list_of(
            closed(["part", "read", "page", "detail"], {"part": _STR, "read": _BOOL, "page": {"type": ["integer", "null"]}, "detail": _STR})
        ),
    },
)

_COUNTS = closed(["pass", "fail", "warn", "unverified", "skipped"], dict.fromkeys(("pass", "fail", "warn", "unverified", "skipped"), _INT))

OUTPUTS: dict[str, dict[str, Any]] = {
    "deadlines": closed(
        ["as_of", "reader_timezone", "deadlines", "hidden", "problems"],
        {
            **_LISTING_HEAD,
            "deadlines": _list_of(_DEADLINE_ROW),
            "hidden": closed(["past", "closed", "filtered"], dict.fromkeys(("past", "closed", "filtered"), _INT)),
        },
    ),
    "list": closed(
        ["as_of", "reader_timezone", "tenders", "problems"],
        {
            **_LISTING_HEAD,
            "tenders": _list_of(
                closed(
                    ["buyer", "tags", "next"],
                    {
                        "buyer": _STR_OR_NULL,
                        "tags": _list_of(_STR),
                        "next": {"description": "the next milestone not yet past, or null", "oneOf": [{"type": "null"}, _NEXT]},
                    },
                    like=["tender_id"],
                )
            ),
        },
    ),
    "agenda": closed(
        ["as_of", "reader_timezone", "items", "closed_hidden", "later_hidden", "problems"],
        {**_LISTING_HEAD, "items": _list_of(closed([], {}, like=["tender_id", "step"])), "closed_hidden": _INT, "later_hidden": _INT},
    ),
    "steps": closed(["reference", "file", "steps"], {"reference": _STR, "file": _STR, "steps": _list_of(closed([], {}, like=["step"]))}),
    "validate": closed(
        ["status", "files", "valid", "problems"],
        {"status": {"enum": ["ok", "invalid"]}, "files": _INT, "valid": _INT, "problems": _list_of(_ref("problem"))},
    ),
    "check": closed(
        ["reference", "title", "proposal", "status", "checks_defined", "counts", "results", "files"],
        {
            "reference": {"type": "string", "description": "the tender's reference"},
            "title": {"type": "string", "description": "the tender's title"},
            "proposal": {"type": "string", "description": "the proposal folder, as given"},
            "status": {"enum": ["pass", "fail", "warn", "unverified"], "description": "the verdict; --strict exits 1 unless pass"},
            "checks_defined": {"type": "boolean", "description": "false: the tender lists no checks, nothing was verified against it"},
            "counts": _COUNTS,
            "results": _list_of(_CHECK_RESULT),
            "files": _list_of(_CHECK_FILE),
        },
    ),
    "rules": closed(
        ["rules"],
        {
            "rules": _list_of(
                closed(
                    ["name", "summary", "documents", "params", "doc"],
                    {
                        "name": _STR,
                        "summary": _STR,
                        "documents": {**_list_of(_STR), "description": "the document roles it reads by default"},
                        "params": {"type": "object", "additionalProperties": _STR, "description": "option name -> what it does"},
                        "doc": {"type": "string", "description": "the rule's documentation"},
                    },
                )
            )
        },
    ),
    "import": closed(
        ["status", "dry_run", "tenders", "problems"],
        {
            "status": {"enum": ["ok", "failed"]},
            "dry_run": _BOOL,
            "tenders": _list_of(_IMPORT_OUTCOME),
            "problems": {**_list_of(_ref("problem")), "description": "about the inputs, not one tender"},
        },
        description="`tenderctl import ocds --json` and `tenderctl import eforms --json`.",
    ),
    "ics": {
        "description": (
            "What `ics -o FILE --json` or `ics --out-dir DIR --json` wrote. `written`, `unchanged`, `removed` and `cleared` "
            "are always lists of file names (in the folder, or the file's own name); `status` is `invalid` exactly when it exits 1."
        ),
        "oneOf": [
            closed(
                ["status", "file", "tenders", "events", "written", "unchanged", "cleared", "rendered", "reused", "problems"],
                {
                    "status": {"enum": ["ok", "invalid"]},
                    "file": _STR,
                    "tenders": {"type": "integer", "description": "how many tenders have events in it"},
                    "events": _INT,
                    "written": {**_list_of(_STR), "description": "the file's name when its bytes changed, else empty"},
                    "unchanged": {**_list_of(_STR), "description": "the file's name when it already held these bytes"},
                    "cleared": {**_list_of(_STR), "description": "stale temporaries of an interrupted run, removed"},
                    "rendered": {"type": "integer", "description": "tenders rendered (the others came from the cache)"},
                    "reused": {"type": "integer", "description": "tenders taken from the render cache"},
                    "problems": _LEFT_OUT,
                },
            ),
            closed(
                [
                    "status",
                    "folder",
                    "base_url",
                    "tenders",
                    "events",
                    "written",
                    "unchanged",
                    "removed",
                    "cleared",
                    "feeds",
                    "rendered",
                    "reused",
                    "problems",
                ],
                {
                    "status": {"enum": ["ok", "invalid"]},
                    "folder": _STR,
                    "base_url": _STR_OR_NULL,
                    "tenders": {"type": "integer", "description": "how many tenders"},
                    "events": _INT,
                    "written": {**_list_of(_STR), "description": "file names written"},
                    "unchanged": {**_list_of(_STR), "description": "file names already holding these bytes"},
                    "removed": {**_list_of(_STR), "description": "calendars of tenders that left, deleted"},
                    "cleared": {**_list_of(_STR), "description": "stale temporaries of an interrupted run, removed"},
                    "feeds": _list_of(
                        closed(
                            ["name", "file", "filters", "events"],
                            {"name": _STR, "file": _STR, "filters": {"type": "string", "description": "canonical query"}, "events": _INT},
                            description="A --feed NAME=QUERY calendar.",
                        )
                    ),
                    "rendered": {"type": "integer", "description": "tenders rendered (the others came from the cache)"},
                    "reused": {"type": "integer", "description": "tenders taken from the render cache"},
                    "problems": _LEFT_OUT,
                },
            ),
        ],
    },
    "done": closed(
        ["reference", "file", "step", "text", "done", "previous", "changed"],
        {
            "reference": _STR,
            "file": _STR,
            "step": {"type": "integer", "minimum": 1},
            "text": _STR,
            "done": _DAY_OR_NULL,
            "previous": _DAY_OR_NULL,
            "changed": _BOOL,
        },
    ),
    "status": closed(
        ["reference", "file", "status", "previous", "status_date", "changed"],
        {"reference": _STR, "file": _STR, "status": _STATUS, "previous": _STATUS, "status_date": _DAY, "changed": _BOOL},
    ),
    "new": closed(["reference", "file"], {"reference": _STR, "file": _STR}),
    "draft": closed(
        [
            "reference",
            "valid",
            "reviews",
            "dates",
            "steps",
            "checks",
            "file",
            "yaml",
            "problems",
            "complete",
            "amendment",
            "warnings",
            "update",
        ],
        {
            "reference": _STR,
            "valid": _BOOL,
            "reviews": {"type": "integer", "description": "values marked # REVIEW:"},
            "dates": {
                **_list_of(closed(["id", "kind", "as_written"], {"id": _STR, "kind": _STR, "as_written": _STR_OR_NULL}, like=["moment"])),
                "description": "the draft's milestones as moments (empty when the draft does not validate: see problems and yaml)",
            },
            "steps": {"type": "integer", "description": "how many steps"},
            "checks": {**_list_of(_STR), "description": "the rules of its checks"},
            "file": {**_STR_OR_NULL, "description": "the file written (-o), else null"},
            "yaml": _STR,
            "problems": _list_of(_ref("problem")),
            "complete": {**_BOOL, "description": "the notice gave a submission deadline (else exit 1 unless --allow-incomplete)"},
            "amendment": {**_BOOL, "description": "the notice changes an earlier one (an extension, a corrigendum)"},
            "warnings": {**_list_of(_STR), "description": "what stderr says: no submission deadline, no zone found"},
            "update": {
                "description": "with --update: what was applied to the tender file, else null",
                "oneOf": [
                    {"type": "null"},
                    closed(
                        ["file", "written", "moved", "unchanged", "not_in_tender"],
                        {
                            "file": _STR,
                            "written": _BOOL,
                            "moved": _list_of(closed(["id", "kind", "from", "to"], {"id": _STR, "kind": _STR, "from": _STR, "to": _STR})),
                            "unchanged": _list_of(_STR),
                            "not_in_tender": _list_of(_STR),
                        },
                    ),
                ],
            },
        },
    ),
}

MODEL_OUTPUTS = ("show", "export")
"""Outputs that hold the tender as written: their schemas take in the tender file's own (pydantic)."""

NAMES = tuple(sorted([*OUTPUTS, *MODEL_OUTPUTS]))


def _model_defs() -> tuple[dict[str, Any], dict[str, Any]]:
    """The tender model's schema (as ``model_dump(mode="json")`` writes it) and its ``$defs``."""
    from tenderctl.tenders.model import Tender  # lazy: the pydantic model (+245 ms) only for the tender and export schemas

    model = Tender.model_json_schema(mode="serialization")
    return {k: v for k, v in model.items() if k != "$defs"}, model.get("$defs", {})


def _model_output(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    tender, defs = _model_defs()
    if name == "export":
        body = closed(
            ["format", "version", "tenders", "problems"],
            {
                "format": {"const": JSON_FORMAT},
                "version": {"const": JSON_VERSION},
                "tenders": _list_of(closed(["file", "tender"], {"file": _STR, "tender": _ref("Tender")})),
                "problems": _LEFT_OUT,
            },
            description="`tenderctl export --format json`: every tender in full, defaults included (--format ocds is an OCDS 1.1 release package).",
        )
        return body, {**defs, "Tender": tender}
    # show: the tender as written (None left out), its dates as moments, and where and when it was read
    fields = {key: {"$ref": f"#/$defs/Tender/properties/{key}"} for key in tender["properties"] if key != "dates"}
    # a milestone's keys as written, but `at` and `timezone`: the moment's (the instant, the zone it is in)
    milestone = {
        key: {"$ref": f"#/$defs/Milestone/properties/{key}"} for key in defs["Milestone"]["properties"] if key not in ("at", "timezone")
    }
    body = closed(
        [*tender.get("required", []), "file", "as_of", "reader_timezone", "dates", "warnings"],
        {
            **fields,
            "file": _STR,
            "as_of": _STR,
            "reader_timezone": {"type": "string", "description": "the reader's zone (`timezone` is the tender's)"},
            "dates": _list_of(
                closed(
                    ["id", "kind", "seconds_left", "derived"],
                    {
                        **milestone,
                        "seconds_left": _INT,
                        "derived": {"type": "boolean", "description": "computed from another milestone (an `after:`), not written"},
                    },
                    like=["moment"],
                )
            ),
            "warnings": _list_of(_ref("problem")),
        },
        description="`tenderctl show --json`: the tender as written (see `tenderctl schema`), its dates as moments.",
    )
    return body, {**defs, "Tender": tender}


def output_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of ``tenderctl NAME --json``; KeyError for a command without one."""
    if name in MODEL_OUTPUTS:
        body, more = _model_output(name)
    else:
        body, more = OUTPUTS[name], {}
    return {"$schema": DIALECT, "title": f"tenderctl {name} --json", **body, "$defs": {**more, **DEFS}}
