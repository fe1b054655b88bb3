"""Milestones a notice gives without writing their date: taken from another milestone's instant.

"Bids will be opened in public immediately after the closing time" puts the opening at the
closing instant; "proposals may be entered until the opening of the session" puts the closing at
the opening's. Each derived milestone carries a REVIEW line quoting the words it came from.
Runs after the zones are placed, so the copy has the instant of the milestone it is read from.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tenderctl.authoring.draft.dates import time_right_after
from tenderctl.authoring.draft.kinds import TITLES, kinds_named
from tenderctl.authoring.draft.lexicon import fold_same_length
from tenderctl.authoring.draft.model import DraftMilestone
from tenderctl.authoring.draft.stacked import pipe_header

if TYPE_CHECKING:
    from tenderctl.authoring.draft.context import Notice
    from tenderctl.authoring.draft.model import Draft

OPENED_AT_CLOSE = re.compile(
    r"(?<![a-z])(?:(?:will|shall) be (?:publicly )?opened|are opened|opened in public|ouvert(?:e|es|s)?|ouverture des (?:plis|offres)|"
    r"abiert[oa]s|apertura de (?:las )?(?:ofertas|propuestas|sobres)|abert[oa]s|abertura d[ao]s (?:propostas|envelopes))"
    r"[^.;\n]{0,90}?(?:\n[^.;\n]{0,90}?)?"
    r"(?:(?:immediately|right|shortly|soon)\s+(?:after|following|thereafter)|(?:immediatement|aussitot) apres|des la cloture|"
    r"inmediatamente (?:despues|a continuacion)|(?:imediatamente|logo) apos|em seguida ao encerramento)"
)
"""The opening at the close: "opened in public immediately after the closing time", "opened
immediately thereafter", "ouvertes immédiatement après l'heure limite"."""
_THEREAFTER = re.compile(r"(?:thereafter|a continuacion|em seguida|aussitot apres|immediatement apres)$")
"""The close's words that end without naming what they follow: a time may come next ("thereafter, at 12:30 p.m.")."""
UNTIL_OPENING = re.compile(
    r"(?<![a-z])(?:ate|until|up to|hasta|jusqu'a|jusqu'au)\s+(?:a |o |the |la |el |l')?"
    r"(?:(?:data|hora|horario|date|time|fecha|heure)(?: e | and | y | et )?(?:hora|horario|time|heure)?\s+(?:d[ao]|of the|de la|del|de l')\s+)?"
    r"(?:abertura|opening|apertura|ouverture)"
)
"""Bids taken until the opening: "até a data e horário da abertura da sessão", "until the opening"."""


def opening_at_close(draft: Draft, notice: Notice) -> None:
    """An opening written as "immediately after the closing" (no date of its own) is the close's instant."""
    submission = draft.submission
    if submission is None or any(m.kind == "opening" for m in draft.dates):
        return
    match = OPENED_AT_CLOSE.search(notice.low)
    if match is None:
        return
    stated = time_right_after(notice.low, match.end()) if _THEREAFTER.search(notice.low, match.start(), match.end()) else None
    end = stated[1] if stated is not None else match.end()
    words = " ".join(notice.text[match.start() : end].split())
    opening = _copy(submission, "opening", _unused_id("opening", draft))
    if stated is not None and re.match(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d", submission.at):
        opening.at = f"{submission.at[:11]}{stated[0]:%H:%M}{submission.at[16:]}"  # "opened immediately thereafter, at 12:30 p.m."
        opening.reviews.append(f"the notice gives no date for the opening but says {words!r}: the deadline's day at that time")
    else:
        opening.reviews.append(f"the notice gives no date for the opening but says {words!r}: taken at the submission deadline's time")
    draft.dates.append(opening)


OPENING_WORD = re.compile(r"(?<![a-z])(?:apertura|abertura|opening|ouverture)(?![a-z])")
"""The opening's noun, also inside a phrase read whole as the submission's ("presentación y apertura de proposiciones")."""


def opening_in_label(draft: Draft, notice: Notice) -> None:
    """One instant that is two milestones: the label of the submission deadline also names the
    opening ("Presentación y apertura de proposiciones", "Entrega dos envelopes e abertura",
    "Bid due / bid opening"). With no opening dated elsewhere, the opening is the deadline's instant."""
    submission = draft.submission
    if submission is None or submission.found is None or any(m.kind == "opening" for m in draft.dates):
        return
    line_start, _end = notice.window(submission.found.mention_start)
    label = (
        notice.low[line_start : submission.found.mention_start]
        + " "
        + (pipe_header(notice.low, line_start, submission.found.mention_start) or "")
    )
    if submission.title not in TITLES.values():
        label = fold_same_length(submission.title) + " " + label
    named = kinds_named(label)
    if "submission" not in named or ("opening" not in named and not OPENING_WORD.search(label)):
        return
    opening = _copy(submission, "opening", _unused_id("opening", draft))
    opening.reviews = [r for r in opening.reviews if "also name" not in r]
    opening.reviews.append(f"the words {' '.join(submission.title.split())[:80]!r} name the submission and the opening: one instant, both")
    draft.dates.insert(draft.dates.index(submission) + 1, opening)


def opening_as_submission(draft: Draft, notice: Notice) -> None:
    """No submission deadline but an opening of bids: many portals (COMPR.AR, SEACE, CompraNet)
    receive offers until the opening act. The first opening becomes the deadline, marked; when
    the notice says so in words ("até a data e horário da abertura"), the opening stays too."""
    opening = next((m for m in draft.dates if m.kind == "opening"), None)
    if opening is None:
        return
    said = UNTIL_OPENING.search(notice.low)
    submission = _copy(opening, "submission", _unused_id("submission", draft))
    submission.notes = opening.notes
    if said is not None:
        words = " ".join(notice.text[said.start() : said.end()].split())
        submission.reviews.append(f"the notice takes bids {words!r}: the submission deadline is the opening's time")
    else:
        submission.reviews.append("the notice names no submission deadline; bids are taken to be due by the opening: check it")
    draft.dates.insert(draft.dates.index(opening), submission)


def _copy(source: DraftMilestone, kind: str, identifier: str) -> DraftMilestone:
    reviews = [r for r in source.reviews if "submission dates" not in r]
    return DraftMilestone(
        identifier, kind, TITLES[kind], source.at, source.as_written, timezone=source.timezone, reviews=reviews, found=source.found
    )


def _unused_id(base: str, draft: Draft) -> str:
    used = {m.id for m in draft.dates}
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
