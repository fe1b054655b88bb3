"""A draft tender file from the text of a notice: rule-based, offline, and honest about guesses.

Notices are prose written for people, in four languages (English, French, Spanish,
Portuguese) and many date styles, often pasted together with unrelated text. A date is kept
when the words before it (its clause, its table row, the heading above a bare "Date:") say
what it is for; the time and zone written next to it are read with it; every value that
needed a guess (a zone read from a city or a country, a date without a time, an ambiguous
03/04/2026, the rule a requirement maps to) gets a ``# REVIEW:`` comment saying why, and every
date-shaped string not used is listed with the reason. Nothing is filled in silently.

Modules: :mod:`.notice` reads the file; :mod:`.lexicon` holds CLDR and tz database names;
:mod:`.dates` finds dates and times, :mod:`.zones` reads zones, :mod:`.kinds` says what a date
is for, :mod:`.timing` gives each its instant; :mod:`.header` finds the reference, title and
buyer; :mod:`.requirements` and :mod:`.checklist` turn requirement sentences into checks;
:mod:`.lists` finds numbered steps; :mod:`.amend` applies an amended notice to a tender file;
:mod:`.model` holds the draft and writes it; :mod:`.build` puts them together.
"""

from __future__ import annotations

from tenderctl.authoring.draft.build import draft_from_text, validate_draft
from tenderctl.authoring.draft.dates import FoundDate, find_dates
from tenderctl.authoring.draft.kinds import kind_of
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
