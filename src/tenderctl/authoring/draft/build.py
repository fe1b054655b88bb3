"""The build of a draft tender from a notice's text."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING

from tenderctl.authoring.draft.dates import DATES_HEADING, KIND_TITLES, YEARLESS, FoundDate, find_dates, kind_of
from tenderctl.authoring.draft.lists import (
    BUYER_LABEL,
    BUYER_PROSE,
    STEP_HEADING,
    TIP_HEADING,
    TITLE_LABEL,
    _ListItem,
    classify_tip,
    find_reference,
    numbered_lists,
)
from tenderctl.authoring.draft.model import REVIEW_PLACEHOLDER_REFERENCE, Draft, DraftCheck, DraftMilestone, DraftStep, _slug, _unique
from tenderctl.authoring.draft.notice import MAX_NOTICE_CHARS
from tenderctl.authoring.draft.zones import fmt_offset as _fmt_offset

if TYPE_CHECKING:
    from tenderctl.errors import Problem

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def draft_from_text(text: str, *, timezone: str | None = None, source: str = "") -> Draft:
    """Read a notice's text into a :class:`Draft`. Never raises on odd input."""

    text = _CONTROL.sub(" ", text)  # a stray control character would make the draft unloadable
    truncated = len(text) > MAX_NOTICE_CHARS
    text = text[:MAX_NOTICE_CHARS]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("’", "'").replace("‘", "'").replace("\u2010", "-").replace("\u2011", "-")
    us_style = bool(re.search(r"\b\d{1,2}(?::\d{2})?\s*[AP]\.?M\.?\b|\b(?:EST|EDT|CST|CDT|PST|PDT|MST|MDT)\b", text))
    reference, ref_review = find_reference(text)
    draft = Draft(reference=reference or REVIEW_PLACEHOLDER_REFERENCE, title="", timezone="UTC", source=source)
    if reference is None:
        draft.review("reference", "no reference number found in the notice; replace this placeholder")
    elif ref_review:
        draft.review("reference", ref_review)

    title_match = TITLE_LABEL.search(text)
    if title_match:
        draft.title = title_match["v"].strip()
    else:
        first = next((line.strip().lstrip("#").strip() for line in text.split("\n") if line.strip().lstrip("#").strip()), "")
        draft.title = first[:150] or "REVIEW: title"
        draft.review(
            "title", "the notice's first line; check it is the tender's title" if first else "the notice has no text to take a title from"
        )

    buyer = BUYER_LABEL.search(text)
    if buyer:
        draft.buyer = buyer["v"].strip().rstrip(".")
    else:
        prose = BUYER_PROSE.search(text)
        if prose:
            draft.buyer = prose["v"].strip()
            draft.review("buyer", f"from the sentence {prose.group(0)!r}")

    lists = numbered_lists(text)
    step_list = next((items for heading, items in lists if STEP_HEADING.search(heading)), None)
    tip_list = next((items for heading, items in lists if TIP_HEADING.search(heading)), None)

    if truncated:
        draft.skipped.append(f"the notice's text was cut at {MAX_NOTICE_CHARS:,} characters; anything after that was not read")
    _dates(draft, text, us_style, step_list, [items for _heading, items in lists if items in (step_list, tip_list)])
    _zone(draft, timezone)
    _steps(draft, text, step_list)
    _tips(draft, tip_list)
    return draft


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÀ-Ý]|\s*$)")


def _sentence(text: str, start: int, end: int) -> tuple[str, int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    # sentence boundaries inside the line: ". " followed by a capital
    left = line_start
    for m in re.finditer(r"[.!?]\s+(?=[A-ZÀ-Ý])", line):
        if line_start + m.end() <= start:
            left = line_start + m.end()
    right = line_end
    stop = _SENTENCE_END.search(text, end, line_end) if end < line_end else None
    if stop:
        right = stop.end()
    return text[left:right].strip(), left, right


def _dates(draft: Draft, text: str, us_style: bool, step_list: list[_ListItem] | None, structure: list[list[_ListItem]]) -> None:
    found = find_dates(text, us_style=us_style)
    lines = text.split("\n")
    line_starts = []
    position = 0
    for line in lines:
        line_starts.append(position)
        position += len(line) + 1
    # Lines right under a "dates" heading count as dated milestones whatever they say.
    dated_section: set[int] = set()
    for number, line in enumerate(lines):
        if DATES_HEADING.search(line) and len(line.strip()) <= 40 and not find_dates(line):
            k = number + 1
            while k < len(lines) and (not lines[k].strip() or find_dates(lines[k], us_style=us_style)):
                if lines[k].strip():
                    dated_section.add(k)
                k += 1
    # A notice with structure (numbered steps or tips, a dates section) ends with the last of
    # them: what follows is usually other text pasted along (news, other calls), so dates
    # there are reported for review, not added.
    ends = [items[-1].end for items in structure] + [line_starts[k] + len(lines[k]) for k in dated_section]
    limit = max(ends) if ends else len(text)

    def line_number(offset: int) -> int:
        import bisect

        return bisect.bisect_right(line_starts, offset) - 1

    used: set[str] = set()
    seen: set[tuple[dt.date, dt.time | None, str]] = set()
    for item in found:
        number = line_number(item.start)
        line = lines[number]
        in_table = "|" in line or "\t" in line.strip()
        sentence, _left, _right = _sentence(text, item.start, item.text_end)
        context = line if in_table else sentence
        heading = _step_heading_for(step_list, item.start)
        kind = kind_of(context) or (kind_of(heading) if heading else None)
        if kind is None and not (in_table or number in dated_section):
            continue
        kind = kind or "other"
        if item.start > limit:
            if len(draft.skipped) < 5:
                draft.skipped.append(
                    f"{text[item.start : item.text_end]!r} ({kind}?): after the end of the notice's steps/tips/dates: {sentence[:140]!r}"
                )
            continue
        key = (item.day, item.wall, kind)
        if key in seen:
            continue
        seen.add(key)
        title = _title_for(line, item, in_table, heading, kind)
        as_written = (line.strip() if in_table else sentence)[:300]
        milestone = DraftMilestone(_unique(kind, used), kind, title, "", as_written, found=item)
        milestone.reviews.extend(item.reviews)
        draft.dates.append(milestone)
    submissions = [m for m in draft.dates if m.kind == "submission"]
    if len(submissions) > 1:
        for m in submissions:
            m.reviews.append(f"the notice gives {len(submissions)} submission dates (an extension?); keep the one that applies")
    # Yearless dates in a milestone's sentence are reported, never completed with a guessed year.
    import bisect

    starts = [f.start for f in found]
    for match in YEARLESS.finditer(text, 0, limit):
        if len(draft.skipped) >= 20:
            break
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and found[at].start <= match.start() < found[at].end:
            continue
        sentence, _l, _r = _sentence(text, match.start(), match.end())
        if kind_of(sentence):
            draft.skipped.append(f"{match.group(0)!r} has no year ({sentence[:120]!r})")


def _step_heading_for(step_list: list[_ListItem] | None, offset: int) -> str | None:
    for item in step_list or []:
        if item.start <= offset <= item.end:
            return item.heading
    return None


def _title_for(line: str, item: FoundDate, in_table: bool, heading: str | None, kind: str) -> str:
    if in_table:
        cells = [c.strip() for c in re.split(r"\||\t", line) if c.strip()]
        label = next((c for c in cells if not find_dates(c)), None)
        if label:
            return label[:100]
    label_match = re.match(r"^\s*(?P<label>[^:|]{3,80}?)\s*:\s*\S", line)
    if label_match and find_dates(line[label_match.end() - 1 :]):
        return label_match["label"].strip()
    if heading and not find_dates(heading):
        return heading[:100]
    return KIND_TITLES[kind]


def _zone(draft: Draft, given: str | None) -> None:
    from tenderctl.tenders.timeline import get_zone as zone_of

    zones = Counter(m.found.zone.zone for m in draft.dates if m.found and m.found.zone and m.found.zone.zone)
    if given:
        draft.timezone = given
    elif zones:
        # the submission deadline's zone wins: it is the time that matters most
        submission = next(
            (m.found.zone.zone for m in draft.dates if m.kind == "submission" and m.found and m.found.zone and m.found.zone.zone), None
        )
        draft.timezone = submission or zones.most_common(1)[0][0]
        labels = sorted({m.found.zone.label for m in draft.dates if m.found and m.found.zone and m.found.zone.zone == draft.timezone})
        draft.review("timezone", f"from {', '.join(repr(lbl) for lbl in labels)} in the notice; see the REVIEW notes on the dates")
    else:
        draft.timezone = "UTC"
        if any(m.found and m.found.wall for m in draft.dates):
            draft.review(
                "timezone", "the notice states no time zone: UTC is a placeholder; put the buyer's zone here (or run draft with --timezone)"
            )
        else:
            draft.review("timezone", "the notice states no time zone (its dates have no times); UTC is a placeholder for the buyer's zone")
    zone_of(draft.timezone)  # raises ValueError for a bad --timezone before anything else
    for m in draft.dates:
        item = m.found
        assert item is not None
        if item.wall is None:
            m.at = item.day.isoformat()
            m.reviews.append("the notice gives no time: all day (due until the end of that day in the tender's zone)")
            continue
        local = f"{item.day.isoformat()} {item.wall:%H:%M}"
        guess = item.zone
        if guess is None:
            m.at = local
            reason = "the notice gives no time zone for this time"
            m.reviews.append(f"{reason}; read in {draft.timezone}" + (" (given with --timezone)" if given else ""))
            continue
        if guess.offset is not None:
            sign = "+" if guess.offset >= dt.timedelta(0) else "-"
            minutes = int(abs(guess.offset.total_seconds()) // 60)
            m.at = f"{item.day.isoformat()}T{item.wall:%H:%M}{sign}{minutes // 60:02d}:{minutes % 60:02d}"
            continue
        m.at = local
        if guess.zone is None:
            m.reviews.append(f"{guess.review}; read in {draft.timezone}")
            continue
        if guess.zone != draft.timezone:
            m.timezone = guess.zone
        if guess.review:
            reason = guess.review
            zone = zone_of(guess.zone)
            instant = dt.datetime.combine(item.day, item.wall, tzinfo=zone)
            actual = instant.utcoffset()
            utc = instant.astimezone(dt.UTC)
            if guess.label_offset is not None and actual is not None and actual != guess.label_offset:
                name = instant.tzname()
                reason += (
                    f"; on {item.day:%d %B %Y} {guess.zone} is on {name} (UTC{_fmt_offset(actual)}), not UTC{_fmt_offset(guess.label_offset)}, "
                    f"so {item.wall:%H:%M} there is {utc:%H:%M} UTC. If the notice really means UTC{_fmt_offset(guess.label_offset)} all year, "
                    f"write at: {item.day.isoformat()}T{item.wall:%H:%M}{_fmt_offset(guess.label_offset)}"
                )
            elif guess.label_offset is not None:
                reason += f" (on that day UTC{_fmt_offset(guess.label_offset)}, so {item.wall:%H:%M} there is {utc:%H:%M} UTC)"
            m.reviews.append(reason)


def _steps(draft: Draft, text: str, step_list: list[_ListItem] | None) -> None:
    if not step_list:
        return
    used: set[str] = set()
    for item in step_list:
        if item.body and item.body.lower().startswith(item.heading.lower()):
            full = item.body  # "Ask questions" / "Ask questions via the ..." says it once
        else:
            full = f"{item.heading}: {item.body}" if item.body else item.heading
        step = DraftStep(text=full, id=_unique(_slug(item.heading), used))
        for m in draft.dates:
            if m.found and item.start <= m.found.start <= item.end:
                step.date = m.id
                break
        else:
            kind = kind_of(item.heading)
            same_kind = [m for m in draft.dates if m.kind == kind]
            if kind and len(same_kind) == 1:
                step.date = same_kind[0].id
                step.reviews.append(f"due by the {kind} milestone because of the word(s) in {item.heading!r}")
        draft.steps.append(step)


def _tips(draft: Draft, tip_list: list[_ListItem] | None) -> None:
    if not tip_list:
        return
    leftovers = []
    for item in tip_list:
        tip = item.body or item.heading
        rule = classify_tip(f"{item.heading} {item.body}")
        if rule is None:
            leftovers.append(f"- {item.heading}: {item.body}" if item.body else f"- {item.heading}")
            continue
        name, documents, severity, why = rule
        draft.checks.append(
            DraftCheck(name, tip, severity, documents, [f"rule '{name}' chosen because {why} ({item.heading!r}); severity {severity}"])
        )
    if leftovers:
        draft.notes.append("Tips from the notice:")
        draft.notes.extend(leftovers)
        draft.review("notes", "tips no known rule covers, kept as notes")


def validate_draft(draft: Draft) -> tuple[str, list[Problem]]:
    """The draft's YAML and the problems the loader finds in it (none, normally)."""
    from tenderctl.tenders.parse import parse_tender

    text = draft.to_yaml()
    tender, problems = parse_tender(text, draft.source or "draft")
    return text, problems if tender is None else [p for p in problems if p.level.value == "error"]
