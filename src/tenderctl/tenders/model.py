"""The tender format: pydantic models, which are also the source of the JSON Schema.

Shape only lives here (types, required keys, unknown keys). Meaning that needs more than
one field at a time (does the zone exist, is the local time real, does a step point to a
known milestone) is checked in :mod:`tenderctl.tenders.semantics`, so each problem keeps its own
position instead of collapsing into one model-level error.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from tenderctl.fsutil import safe_file_stem as safe_file_stem  # re-exported: part of the model's API
from tenderctl.tenders.timeparse import check_year, parse_at, parse_duration
from tenderctl.vocab import CLOSED_STATUSES

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)


def _from_text(key: str) -> Any:
    """Let a plain string stand for a mapping with one key (``- Read the ToR`` is a step)."""

    def convert(value: Any) -> Any:
        return {key: value} if isinstance(value, str) else value

    return convert


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class MilestoneKind(str, Enum):
    """What a dated milestone is; calendars and filters key on this."""

    submission = "submission"
    questions = "questions"
    conference = "conference"
    site_visit = "site-visit"
    opening = "opening"
    clarification = "clarification"
    amendment = "amendment"
    award = "award"
    internal = "internal"
    other = "other"


class Status(str, Enum):
    """Where the bid stands. Closed statuses drop out of ``deadlines`` unless ``--all``."""

    open = "open"
    submitted = "submitted"
    won = "won"
    lost = "lost"
    withdrawn = "withdrawn"
    cancelled = "cancelled"

    @property
    def closed(self) -> bool:
        return self.value in CLOSED_STATUSES


class Severity(str, Enum):
    """How bad a failed check is: ``disqualifying`` means the bid is thrown out unread."""

    disqualifying = "disqualifying"
    required = "required"
    warning = "warning"
    info = "info"


class Milestone(_Strict):
    """A dated milestone: a deadline, a conference, an opening."""

    id: Annotated[str, Field(pattern=ID_PATTERN, description="Unique within the tender; calendars derive UIDs from it.")]
    kind: MilestoneKind = Field(default=MilestoneKind.other, description="submission | questions | conference | ...")
    title: str | None = Field(default=None, description="Shown in listings and calendars.")
    at: str = Field(
        description=(
            "Date only (all-day): 2025-06-05; local time in the tender's zone: 2025-06-05 15:00; "
            "or ISO 8601 with an offset: 2025-06-05T15:00:00+02:00."
        ),
        examples=["2025-06-05", "2025-06-05 15:00", "2025-06-05T13:00:00Z"],
    )
    timezone: str | None = Field(default=None, description="IANA zone overriding the tender's zone for this date.")
    as_written: str | None = Field(default=None, description="The date exactly as the notice wrote it.")
    notes: str | None = None
    sequence: int | None = Field(default=None, ge=0, description="Calendar SEQUENCE; raise it when the time changes.")

    @field_validator("at", mode="before")
    @classmethod
    def _at_is_a_time(cls, value: Any) -> Any:
        if isinstance(value, str):
            parse_at(value)  # raises ValueError with a readable message
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            parse_at(str(value))  # `at: 2025` is a number that would become the text '2025' (found by fuzzing)
        return value


class Step(_Strict):
    """A step of the bidding procedure, optionally due at a milestone."""

    text: str
    id: Annotated[str | None, Field(pattern=ID_PATTERN)] = None
    date: str | None = Field(default=None, description="The id of the milestone this step is due by.")
    url: str | None = None
    done: dt.date | None = Field(default=None, description="When the step was completed.")

    @field_validator("done")
    @classmethod
    def _done_in_range(cls, value: dt.date | None) -> dt.date | None:
        if value is not None:
            check_year(value, value.isoformat())
        return value

    note: str | None = None


class Check(_Strict):
    """A compliance rule the proposal checklist runs, with the tender's own tip."""

    rule: str = Field(description="Rule name, see `tenderctl rules`.")
    documents: Annotated[list[str], BeforeValidator(_listify, json_schema_input_type=str | list[str])] = Field(
        default_factory=list, description="Document roles it applies to: technical, financial, cv, other (default: the rule's own)."
    )
    severity: Severity = Severity.disqualifying
    tip: str | None = Field(default=None, description="The notice's own words, shown beside the finding.")
    options: dict[str, Any] = Field(default_factory=dict, description="Rule parameters, see `tenderctl rules`.")


class Portal(_Strict):
    name: str
    url: str | None = None
    notes: str | None = None


class Link(_Strict):
    title: str
    url: str


class Contact(_Strict):
    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None


class Expert(_Strict):
    role: str
    name: str | None = None


class Criterion(_Strict):
    title: str
    weight: float | None = Field(default=None, ge=0)
    keywords: list[str] = Field(default_factory=list, description="Words that show the criterion is addressed.")


StepItem = Annotated[Step, BeforeValidator(_from_text("text"), json_schema_input_type=str | Step)]
ExpertItem = Annotated[Expert, BeforeValidator(_from_text("role"), json_schema_input_type=str | Expert)]
CriterionItem = Annotated[Criterion, BeforeValidator(_from_text("title"), json_schema_input_type=str | Criterion)]
PortalField = Annotated[Portal, BeforeValidator(_from_text("name"), json_schema_input_type=str | Portal)]


class Tender(_Strict):
    """One call for tenders, as kept in ``tenders/<reference>.yaml``."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        json_schema_extra={"title": "tenderctl tender file"},
    )

    reference: str = Field(min_length=1, description="The buyer's reference; unique across the tenders folder.")
    title: str = Field(min_length=1)
    timezone: str = Field(description="IANA zone for times written without an offset, e.g. Europe/Brussels.")
    buyer: str | None = None
    status: Status = Status.open
    status_date: dt.date | None = Field(default=None, description="When the status last changed.")
    portal: PortalField | None = None
    url: str | None = Field(default=None, description="The notice's web page.")
    ocid: str | None = Field(default=None, description="Open Contracting ID, when the tender came from OCDS.")
    submit_buffer: str | None = Field(
        default=None,
        description="Internal margin before the submission deadline, e.g. '1d' or '4h': shown as 'submit by'.",
        pattern=r"^\s*(\d+\s*[wdhm]\s*)+$",
    )

    @field_validator("submit_buffer")
    @classmethod
    def _buffer_in_range(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)  # a buffer of 99999999999d overflows every date it is taken from
        return value

    @field_validator("status_date")
    @classmethod
    def _status_date_in_range(cls, value: dt.date | None) -> dt.date | None:
        if value is not None:
            check_year(value, value.isoformat())
        return value

    tags: list[str] = Field(default_factory=list)
    notes: str | None = None
    contacts: list[Contact] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    dates: list[Milestone] = Field(default_factory=list)
    steps: list[StepItem] = Field(default_factory=list, description="Strings, or mappings with text, id, date (a milestone id), done.")
    checks: list[Check] = Field(default_factory=list)
    experts: list[ExpertItem] = Field(default_factory=list, description="Key experts whose CVs the proposal must include.")
    criteria: list[CriterionItem] = Field(default_factory=list, description="Evaluation criteria the technical proposal must address.")
    documents: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Glob patterns per document role (technical, financial, cv, other), overriding the defaults.",
    )
    extensions: dict[str, Any] = Field(default_factory=dict, description="Data from other tools (e.g. OCDS), kept as is.")

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.dates if m.id == milestone_id), None)
