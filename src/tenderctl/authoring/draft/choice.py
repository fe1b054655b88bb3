"""Which dates stand when the notice gives several of one kind: the same day twice, a range, generic deadline words.

Kept apart from the build so that the choice between candidate dates (the part that decides which
date is *the* submission deadline) reads as one concern.
"""

from __future__ import annotations

import datetime as dt

from tenderctl.authoring.draft.context import Notice
from tenderctl.authoring.draft.dates import _RANGE_TO, FoundDate
from tenderctl.authoring.draft.model import Draft, DraftMilestone, _unique


def merge_same(draft: Draft, notice: Notice, chosen: list[tuple[DraftMilestone, FoundDate]], weak: set[int]) -> None:
    """Same kind, same day: one milestone (the one with a time). A table row or a line with two
    dates of one kind joined as a range ("del 15/09/2026 al 25/09/2026") is a period: its end is the deadline.
    The same submission instant said twice (a portal's "Deadline on:" header and the body's "Deadline for
    submission", a bilingual notice's two languages) is one deadline: the one named by the bids' words stays."""
    kept: list[tuple[DraftMilestone, FoundDate]] = []
    for milestone, item in chosen:
        twin = next(
            (
                k
                for k in kept
                if k[0].kind == milestone.kind
                and k[1].day == item.day
                and k[0].title == milestone.title
                and (k[1].wall is None or item.wall is None or k[1].wall == item.wall)
            ),
            None,
        )
        twin = twin or next(
            (
                k
                for k in kept
                if k[0].kind == milestone.kind
                and k[1].day == item.day
                and (
                    k[1].wall is None
                    or item.wall is None
                    or (k[1].wall == item.wall and (bool(milestone.notes or k[0].notes) or milestone.kind == "submission"))
                )
            ),
            None,
        )
        if twin is not None:
            same_time = twin[1].wall == item.wall
            stronger = id(twin[0]) in weak and id(milestone) not in weak
            if (twin[1].wall is None and item.wall is not None) or (same_time and ((milestone.notes and not twin[0].notes) or stronger)):
                kept[kept.index(twin)] = (renamed(milestone, twin[0].id), item)  # the one with a time, or the amendment's (its was)
            continue
        row = next(
            (
                k
                for k in kept
                if k[0].kind == milestone.kind
                and k[0].as_written == milestone.as_written
                and (
                    "|" in milestone.as_written
                    or _RANGE_TO.fullmatch(notice.low, k[1].end, item.start)
                    or (0 <= item.start - k[1].text_end <= 12 and not notice.low[k[1].text_end : item.start].strip())
                )
            ),
            None,
        )
        if row is not None:
            later = (item.day, item.wall or dt.time(0)) > (row[1].day, row[1].wall or dt.time(0))
            if later:
                draft.skipped.append(f"{row[0].as_written!r}: a range; its end ({item.day:%d %B %Y}) is kept as the {milestone.kind} date")
                kept[kept.index(row)] = (renamed(milestone, row[0].id), item)
            continue
        other_time = next((k for k in kept if k[0].kind == milestone.kind and k[1].day == item.day and k[1].wall != item.wall), None)
        if other_time is not None and milestone.kind != "submission":
            # never merged silently: two site visits the same day (one per site) are two milestones
            for m in (other_time[0], milestone):
                m.reviews.append(
                    f"the notice gives two {milestone.kind} times on {item.day:%d %B %Y}; both are kept (drop one if they are the same)"
                )
        kept.append((milestone, item))
    submissions = [m for m, _i in kept if m.kind == "submission"]
    if len(submissions) > 1:
        for m in submissions:
            m.reviews.append(f"the notice gives {len(submissions)} submission dates; keep the one that applies")
    draft.dates = [m for m, _i in kept]


def demote_weak(draft: Draft, weak: set[int]) -> None:
    """Several submission dates, some named by the bids' own words ("entrega de ofertas", "closing")
    and some only by a generic deadline word ("Fecha límite para convalidación de errores", "no
    later than"): the generic ones are other deadlines, kept as `other` with a REVIEW line."""
    submissions = [m for m in draft.dates if m.kind == "submission"]
    strong = [m for m in submissions if id(m) not in weak]
    # only beside a bids' deadline with a time (an all-day "closing" may be a slip) and never the new date of an amendment
    if len(submissions) < 2 or not any((m.found is not None and m.found.wall is not None) or m.notes for m in strong):
        return
    if not any(m.notes for m in strong):  # an amended bids' deadline outranks an amended generic one (an old/new table)
        weak = {w for w in weak if not next((m.notes for m in submissions if id(m) == w), "")}
    used = {m.id for m in draft.dates}
    for m in submissions:
        m.reviews = [r for r in m.reviews if "submission dates; keep" not in r]
        if id(m) in weak:
            m.kind, m.id = "other", _unique("other", used)
            m.reviews.append(
                "only a generic deadline word names this date and the notice names its submission deadline elsewhere: read as another deadline"
            )
    if len(strong) > 1:
        for m in strong:
            m.reviews.append(f"the notice gives {len(strong)} submission dates; keep the one that applies")


def drop_daylong_rivals(draft: Draft, weak: set[int]) -> None:
    """Several submission dates, exactly one of them with a time: the all-day ones on other days are
    dates that leaked into the submission kind through generic words ("not later than", "au plus
    tard", a label further along the row: an acknowledgement, the buyer's answers, an issue date, a
    clock change). A deadline that a notice takes the trouble to time is the one bids are due by, so
    the others are reported (``skipped``, a REVIEW of the draft) instead of made into a second deadline.
    An amendment's new date (notes) is never dropped, nor a date the bids' own words name ("Closing")
    beside a deadline only a generic word names (one of the two may be a slip: both stay, marked)."""
    submissions = [m for m in draft.dates if m.kind == "submission"]
    timed = [m for m in submissions if m.found is not None and m.found.wall is not None]
    if len(submissions) < 2 or len(timed) != 1:
        return
    deadline = timed[0]
    assert deadline.found is not None
    generic = id(deadline) in weak and not deadline.notes
    dropped = [
        m
        for m in submissions
        if m is not deadline
        and not m.notes
        and (not generic or id(m) in weak)
        and m.found is not None
        and m.found.wall is None
        and m.found.day != deadline.found.day
    ]
    if not dropped:
        return
    for m in dropped:
        draft.skipped.append(
            f"{m.as_written[:120]!r}: a day without a time read as a submission date beside the timed deadline "
            f"({deadline.found.day:%d %B %Y} {deadline.found.wall:%H:%M}); not added (add it by hand if it is another deadline)"
        )
    draft.dates = [m for m in draft.dates if all(m is not d for d in dropped)]
    if len([m for m in draft.dates if m.kind == "submission"]) == 1:
        deadline.reviews = [r for r in deadline.reviews if "submission dates; keep" not in r]
    days = ", ".join(f"{m.found.day:%d %B %Y}" for m in dropped if m.found is not None)
    # a choice between candidates is a guess: the kept one says so (an amendment's new date may be the dropped one)
    deadline.reviews.append(f"the notice also gives {days} (no time) in words of a deadline; this timed date is kept as the submission")


def one_time_a_day(draft: Draft) -> None:
    """Several submission times on one day ("Fecha de presentación de ofertas ... 10:00", "Fecha de cierre de
    recepción de ofertas ... 10:30"; "between 10:00 and 10:30"; a bank-holiday "13:00" beside the form's
    "12:00"): bids are received until the last of them, so the latest stands, with a REVIEW naming the others.
    An amendment's new date (notes) stands over any other."""
    submissions = [m for m in draft.dates if m.kind == "submission" and m.found is not None and m.found.wall is not None]
    by_day: dict[dt.date, list[DraftMilestone]] = {}
    for m in submissions:
        assert m.found is not None
        by_day.setdefault(m.found.day, []).append(m)
    dropped: list[DraftMilestone] = []
    for day, same in by_day.items():
        if len(same) < 2 or len({m.found.wall for m in same if m.found is not None}) < 2:
            continue
        amended = [m for m in same if m.notes]
        keep = amended[-1] if amended else max(same, key=lambda m: m.found.wall if m.found and m.found.wall else dt.time(0))
        others = [m for m in same if m is not keep]
        shown = ", ".join(f"{m.found.wall:%H:%M}" for m in others if m.found is not None and m.found.wall is not None)
        keep.reviews = [r for r in keep.reviews if "submission dates; keep" not in r]
        which = "amended" if amended else "latest"
        keep.reviews.append(f"the notice gives other submission times on {day:%d %B %Y} ({shown}): the {which} one is kept")
        dropped.extend(others)
        for m in others:
            draft.skipped.append(f"{m.as_written[:120]!r}: another submission time on {day:%d %B %Y}; the latest is kept, not added")
    if dropped:
        draft.dates = [m for m in draft.dates if all(m is not d for d in dropped)]
        if len([m for m in draft.dates if m.kind == "submission"]) == 1:
            for m in draft.dates:
                m.reviews = [r for r in m.reviews if "submission dates; keep" not in r]


def renamed(milestone: DraftMilestone, identifier: str) -> DraftMilestone:
    milestone.id = identifier
    return milestone
