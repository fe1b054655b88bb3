"""A draft tender file from the text of a notice: rule-based, offline, and honest about guesses.

Notices are prose written for people, in several languages and date styles, often pasted
together with unrelated news. We only keep a date when its sentence says what it is for
(deadline, questions, conference, ...), when it sits in a table, or right under a "dates"
heading; every value that needed a guess (a label such as "CET" mapped to an IANA zone, a
date without a time, a time without a zone, an ambiguous 03/04/2026, the rule a tip maps to)
gets a ``# REVIEW:`` comment in the output saying why. Nothing is filled in silently: with no
zone in the notice and none given (``--timezone``), the zone is UTC *with* a REVIEW comment
saying the notice did not state one, so the file validates and the guess is visible.

The output is written by hand (not through a YAML library) so the comments sit exactly on
the lines they explain; it is then validated with :func:`tenderctl.tenders.parse.parse_tender`.

Modules: :mod:`.notice` reads the file, :mod:`.dates` finds dates and their kinds, :mod:`.zones`
reads zones, :mod:`.lists` finds the reference, buyer, numbered lists and tips, :mod:`.model`
holds the draft and writes it, :mod:`.build` puts them together.
"""

from __future__ import annotations

from tenderctl.authoring.draft.build import draft_from_text, validate_draft
from tenderctl.authoring.draft.dates import FoundDate, find_dates, kind_of
from tenderctl.authoring.draft.model import Draft, DraftCheck, DraftMilestone, DraftStep, scalar
from tenderctl.authoring.draft.notice import MAX_NOTICE_BYTES, MAX_NOTICE_CHARS, NoticeError, html_to_text, read_notice

__all__ = [
    "MAX_NOTICE_BYTES",
    "MAX_NOTICE_CHARS",
    "Draft",
    "DraftCheck",
    "DraftMilestone",
    "DraftStep",
    "FoundDate",
    "NoticeError",
    "draft_from_text",
    "find_dates",
    "html_to_text",
    "kind_of",
    "read_notice",
    "scalar",
    "validate_draft",
]
