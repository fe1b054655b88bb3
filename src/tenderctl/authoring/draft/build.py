"""The build of a draft tender from a notice's text: header, dates with kinds and zones, steps, checks."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from tenderctl.authoring.draft.buyer import find_buyer
from tenderctl.authoring.draft.checklist import add_checks
from tenderctl.authoring.draft.choice import demote_weak, drop_daylong_rivals, merge_same, one_time_a_day
from tenderctl.authoring.draft.columns import column_rows, old_spans, rewrite_rows
from tenderctl.authoring.draft.context import Notice, notice_country, notice_language
from tenderctl.authoring.draft.datecues import moved_away, was_to_be, weekday_only
from tenderctl.authoring.draft.dates import _RANGE_TO, FoundDate, find_dates, reread_numeric
from tenderctl.authoring.draft.derived import opening_as_submission, opening_at_close, opening_in_label
from tenderctl.authoring.draft.header import as_written
from tenderctl.authoring.draft.kinds import NOT_MILESTONES, TITLES, TO_MODEL, kind_in, kinds_named, names_any, rival_kinds
from tenderctl.authoring.draft.lexicon import fold_same_length, month_first
from tenderctl.authoring.draft.lists import STEP_HEADING, TIP_HEADING, _ListItem, numbered_lists
from tenderctl.authoring.draft.model import REVIEW_PLACEHOLDER_REFERENCE, Draft, DraftMilestone, DraftStep, _slug, _unique
from tenderctl.authoring.draft.notice import MAX_NOTICE_CHARS
from tenderctl.authoring.draft.numberwords import digits_for_words
from tenderctl.authoring.draft.reference import find_reference
from tenderctl.authoring.draft.stacked import pipe_header, stacked_label
from tenderctl.authoring.draft.timing import place_dates
from tenderctl.authoring.draft.title import find_title
from tenderctl.tenders.parse import parse_tender

if TYPE_CHECKING:
    from tenderctl.errors import Problem

MAX_MILESTONES = 100
"""A notice has a few dated milestones; past this many the rest are reported, not added."""
MAX_DATES = 2_000
"""Dates read at all; a hostile notice with a million is reported as cut, in bounded time."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TRANSLATE = str.maketrans({"\u00a0": " ", "\u202f": " ", "’": "'", "‘": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-"})
AMEND_WORDS = re.compile(
    r"(?:extended|extension|postponed|moved|changed|revised|amended|amendment|corrigendum|addendum|prorog|report[ee]|modifi|"
    r"rectificati|prorrog|ampliad|ampliac|aplaz|adiad|alterad|retificad)"
)
OLD_BEFORE = re.compile(
    r"(?:^|[\s(])(?:from|du|del|de|desde|originally|initially|initialement|inicialmente|previously)\s*(?:the\s+|le\s+)?"
    r"(?:[a-z]+day,?\s+|(?:lundi|mardi|mercredi|jeudi|vendredi|lunes|martes|miercoles|jueves|viernes)\s+)?$"
)
NEW_AFTER = re.compile(r"[\s,)]*(?:to|au|al|a|para|ate|até|until|jusqu'au)\s")
INSTEAD = re.compile(
    r"(?:instead of|in place of|au lieu de|au lieu du|en lugar de|en vez de|em vez de|onde se le|onde se ler|donde dice|where it says|"
    r"where it reads)\s*:?"
)
OLD_MARK = re.compile(
    r"(?<![a-z])(?:(?:initialement|inicialmente|originalmente|originally|initially|previously|anteriormente)(?:\s+[a-z]+){0,2}"
    r"|(?:fixee?|prevue?|programad[oa]|previst[oa]|marcad[oa]|fixad[oa]|scheduled|planned|set|que terminava|que vencia|which was due)"
    r"\s+(?:initialement|inicialmente|originalmente|originally|initially)"
    r"|(?P<plain>marcad[oa]|previst[oa]|prevue?|fixee?|scheduled|programad[oa])(?=\s+(?:para|pour|for|au|le|el|al|on|o|a|em|no)\b)"
    r"|que terminava|que vencia|which was due|em substituicao d[ao](?:\s+data)?(?:\s+de)?|en sustitucion de(?:l| la fecha de)?"
    r"|replacing|anterior|precedente|ancienne date|old date|previous(?:\s+[a-z]+){0,2}|original(?:\s+[a-z]+){0,2})"
    r"[\s:,\"(]*(?:(?:pour|para|for|on|le|au|el|al|o|a|the|em|no|dia|del|do|de|du|set|fixed|fixad[oa]|fixee?|fecha|date|data|"
    r"[a-z]+(?:day|di|dia|es|feira|ngo|bado)|as|at|las|\d{1,2}[:h]\d{2}(?:m|min)?|horas?|hours|heures?),?\s+){0,6}$"
)
"""Words right before an amendment's old date ("initialement fixée au", "originally set for", "previsto originalmente
para el día", "marcada para", "que terminava às ... do dia", "Fecha de cierre anterior:", "em substituição da data de")."""
MOVE_WORDS = re.compile(
    r"(?:extended|postponed|moved|changed|now|revised|amended|report|prorog|prorrog|adiad|difier|diferimiento|aplaz|"
    r"sera el|quedar|passa|substitui|ampliad|modific|rectifi|retific|lire|lease|leia)"
)
"""A sentence that moves a date: an old-date marker counts only in one (or in an amendment notice)."""
STARTS_AT = re.compile(
    r"(?:^|[\s(:,])(?:a partir (?:de|del|do|da|du)(?: la| las)?|des le|desde(?: el| o| a| la)?|starting(?: from| on)?|as from|"
    r"beginning(?: on)?|opens? on|das|de las)\s+(?:the\s+|le\s+|el\s+|o\s+|dia\s+|del dia\s+|do dia\s+)?$"
)
"""Words that make a date the start of a period ("Entrega das propostas: a partir de 25/08/2026"), not its deadline."""
CANCELLED = re.compile(
    r"[\s,)]*(?:(?:is|has been|was|are|have been|est|a ete|sont|ha sido|queda|quedan|foi|fica|e|sera|will be)\s+)?"
    r"(?:cancel|annul|supprim|sans objet|anulad|suspendid|withdrawn|retire|no longer|n'aura pas lieu|no se realizara|nao sera realizad)"
)
"""Words right after a date that take it back ("originally scheduled on 3 September 2026 is cancelled")."""
_ROW_GAP = re.compile(r"\S(?: {2,}|\t|:[ \t]*| ?\.{3,} ?)$")
"""The end of a row's label: a colon or a column gap before the date ("Audiencia de ...      27/08/2026")."""
_PERIOD_END = re.compile(
    r"[ \t,]*\n?[^.;\n]{0,40}?(?<![a-z])(?:ate|until|till|to|au|jusqu'au|hasta|al|and ending)\s+(?:o |a |as |las |el |le |the |dia |el dia )?$"
)
"""The words between a period's start and its end date, on one line ("..., às 08h00, até ")."""
READ = re.compile(r"(?:^|\n)\s*(?:read|lire|lease|léase|leia-se|should read|doit se lire)\s*:?")


def draft_from_text(text: str, *, timezone: str | None = None, source: str = "") -> Draft:
    """Read a notice's text into a :class:`Draft`. Never raises on odd input; linear in its length."""

    text = _CONTROL.sub(" ", text)  # a stray control character would make the draft unloadable
    truncated = len(text) > MAX_NOTICE_CHARS
    original = text[:MAX_NOTICE_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    text = original.translate(_TRANSLATE)
    low = fold_same_length(text)
    rows = column_rows(low)  # an old/new table: each row on one line, same length, so every offset holds
    unflat = low
    original, text, low = (rewrite_rows(s, rows) for s in (original, text, low))
    notice = Notice(text, low)
    notice.old_spans = old_spans(unflat, low, rows)

    reference, ref_review = find_reference(text, low)
    draft = Draft(reference=reference or REVIEW_PLACEHOLDER_REFERENCE, title="", timezone="UTC", source=source)
    if reference is None:
        draft.review("reference", "no reference number found in the notice; replace this placeholder")
    elif ref_review:
        draft.review("reference", ref_review)
    draft.title, title_review = find_title(text, low, reference)
    draft.title = as_written(draft.title, text, original) or draft.title
    if title_review:
        draft.review("title", title_review)
    draft.buyer, buyer_review = find_buyer(text, low, draft.title)
    draft.buyer = as_written(draft.buyer, text, original) or draft.buyer
    if buyer_review:
        draft.review("buyer", buyer_review)
    if truncated:
        draft.skipped.append(f"the notice's text was cut at {MAX_NOTICE_CHARS:,} characters; anything after that was not read")

    yearless: list[FoundDate] = []
    found = find_dates(text, low=digits_for_words(low), dropped=yearless, limit=MAX_DATES)
    if len(found) >= MAX_DATES:
        draft.skipped.append(f"the notice has more than {MAX_DATES:,} dates; only the first {MAX_DATES:,} were read")
    for item in yearless:
        if kind_in(notice.low[max(0, item.start - 120) : item.end]):
            draft.skipped.append(
                f"{text[item.start : item.end].rstrip('.')!r} has no year ({notice.sentence(item)[:120]!r}); add the date by hand"
            )
    lists = numbered_lists(text)
    step_list = next((items for heading, items in lists if STEP_HEADING.search(heading)), None)
    tip_list = next((items for heading, items in lists if TIP_HEADING.search(heading)), None)
    # A notice with structure (numbered steps or tips, a dates section) ends with the last of
    # them: what follows is usually other text pasted along (news, other calls), so dates
    # there are reported for review, not added.
    list_ends = [items[-1].end for items in (step_list, tip_list) if items]
    ends = list_ends + _dates_sections(notice, found)
    limit = max(ends) if ends else len(text)
    country, country_why = notice_country(notice, limit)
    _decide_order(found, country)
    _milestones(draft, notice, found, step_list, limit)
    draft.amendment = draft.amendment or bool(AMEND_WORDS.search(low[:2000]) and any(m.notes for m in draft.dates))
    place_dates(draft, notice, country, country_why, timezone, notice_language(low))
    _steps(draft, step_list)

    add_checks(draft, notice, tip_list)
    if draft.submission is None:
        opening_as_submission(draft, notice)
    opening_in_label(draft, notice)
    opening_at_close(draft, notice)
    if draft.submission is None:
        draft.warnings.append("no submission deadline found in the notice: `deadlines` will list nothing for this tender")
    return draft


DATES_HEADING = re.compile(
    r"^[ \t#]*(?:key dates|important dates|dates|deadlines?|timeline|schedule|calendar|calendrier|echeancier|dates cles|"
    r"cronograma|calendario|prazos|etapas y plazos|datas)[ \t]*:?[ \t]*$",
    re.M,
)


CONTINUED = re.compile(r"[ \t]{2,}(?![-*\u2022\d])\S")
"""An indented line that starts no item of its own: the wrapped end of the item above."""


def _dates_sections(notice: Notice, found: list[FoundDate]) -> list[int]:
    """Ends of the dated lines right under a "Key dates" heading."""
    dated = {notice.line_number(f.start) for f in found}
    ends = []
    for count, match in enumerate(DATES_HEADING.finditer(notice.low)):
        if count >= 50:
            break
        number = notice.line_number(match.start()) + 1
        last = None
        while number < len(notice.line_starts):
            line = notice.line(number) or ""
            if number in dated:
                last = number
            elif line.strip() and not (last is not None and CONTINUED.match(line)):
                break  # a line hanging under a dated item ("    Qala-e-Fatullah). Attendance is optional.") carries it on
            number += 1
        if last is not None:
            ends.append(notice.line_bounds(notice.line_starts[last])[1])
    return ends


def _decide_order(found: list[FoundDate], country: str | None) -> None:
    """Day or month first for numeric dates: the notice's own unambiguous dates decide, then its country."""
    numeric = [f.numeric for f in found if f.numeric]
    day_first = any(a > 12 for a, _b, _y in numeric)
    month_evidence = any(b > 12 for _a, b, _y in numeric)
    if day_first and not month_evidence:
        order, why = False, "other dates in the notice are day first"
    elif month_evidence and not day_first:
        order, why = True, "other dates in the notice are month first"
    else:
        by_country = month_first(country)
        if by_country is not None:
            order, why = by_country, f"the notice's country ({country}) writes dates {'month' if by_country else 'day'} first"
        else:
            order, why = False, ""
    for item in found:
        reread_numeric(item, order, why or None)


def _clause_before(notice: Notice, item: FoundDate, previous_end: int) -> tuple[str, str]:
    """(the clause that leads to the date, the same with the clauses of its sentence before a ";")."""
    low = notice.low
    line_start, _end = notice.window(item.mention_start)
    start = max(line_start, previous_end, item.mention_start - 300)
    full = low.rfind(". ", start, item.mention_start)
    while full > start and low[full - 1] == ".":  # dot leaders ("Bid Due Date ........ 07/08/2027") end no sentence
        full = low.rfind(". ", start, full - 1)
    wide = full + 2 if full >= 0 else start
    sentence = max(full, low.rfind("; ", start, item.mention_start))
    if sentence >= 0:
        start = sentence + 2
    return low[start : item.mention_start], low[wide : item.mention_start]


def _wrapped_clause(notice: Notice, item: FoundDate, clause: str, previous_end: int) -> str | None:
    """The clause with the end of the line above when the date's line carries on a sentence
    wrapped there (no full stop, colon or blank line between): only the line's own words were read."""
    line_start, _end = notice.window(item.mention_start)
    if notice.low[line_start : item.mention_start] != clause or previous_end > line_start:
        return None
    if re.search(r"[:|\t]", clause) or re.match(r"\s*(?:[-*\u2022]|\d+[.)]|[a-z][.)]\s)", clause):
        return None  # a label, a cell or a list item has its own words
    above = notice.line(notice.line_number(item.mention_start) - 1)
    if above is None or not above.strip() or re.search(r"[.:;|]\s*$", above) or re.search(r"\S {3,}\S|\t", above):
        return None
    number = notice.line_number(item.mention_start) - 1
    joined = clause
    for _ in range(3):  # a sentence wrapped over up to three lines above ("Os pedidos de esclarecimento ... / ... / ..., até")
        bullet = re.match(r"\s*[-*\u2022]\s*", above)
        hanging = bullet is not None and len(joined) - len(joined.lstrip()) >= bullet.end()  # "• Les questions ... / ··clôture"
        folded = fold_same_length(above)
        cut = max(folded.rfind(". "), folded.rfind("; "))
        start = folded[cut + 2 if cut >= 0 else 0 :]  # "... hasta el 14/06/2027. Las respuestas se": the new sentence only
        if re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", start) or (bullet and not hanging):
            break  # a line with its own date, or a list item (unless this line hangs under it), is not the start of this sentence
        joined = start + " " + joined
        if cut >= 0 or bullet or len(above.strip()) < 40:
            break  # the sentence starts on this line (a short line is a label, not the middle of a wrapped sentence)
        number -= 1
        above = notice.line(number)
        if above is None or not above.strip() or re.search(r"[.:;|]\s*$", above) or re.search(r"\S {3,}\S|\t", above):
            break
    return joined if joined != clause else None


SIGNED = re.compile(r"^[ \t]*[a-z][a-z .,'/\-]{1,50},[ \t]*(?:(?:le|aos|a|el|em|on|the|den|ce|este|lo)[ \t]+)?$")
"""A place and a day alone on a line ("Funchal, 28 de abril de 2027", "Douala, le 02 mars 2027", "Hermosillo, Sonora, a 2 de
junio de 2027"): the day the notice was signed."""


def _signed(notice: Notice, item: FoundDate) -> bool:
    start, end = notice.line_bounds(item.mention_start)
    after = notice.low[item.text_end : end]
    if SIGNED.match(notice.low[start : item.mention_start]) is None or re.fullmatch(r"[\s.]*", after) is None:
        return False
    if weekday_only(notice.low[start : item.mention_start]):
        return False  # "TUESDAY, 28th SEPTEMBER 2027 AT 10:00": a weekday is no place
    above = notice.line(notice.line_number(start) - 1)
    # a line of its own, the place's name capitalised: not the end of a sentence wrapped above
    return notice.text[start : item.mention_start].lstrip()[:1].isupper() and (above is None or not above.strip())


def _column_heading(notice: Notice, item: FoundDate) -> str | None:
    """The words over a table cell's date in its own column (a newspaper's table flattened to text):
    the header cells that start at the date's column, read from the top; None when the date is no cell."""
    low = notice.low
    line_start, line_end = notice.line_bounds(item.mention_start)
    before, after = low[line_start : item.mention_start], low[item.text_end : line_end]
    if not re.search(r"\S(?: {2,}|\t)$", before) or (after.strip() and not re.match(r" {2,}|\t", after)):
        return None
    column = item.mention_start - line_start
    words: list[str] = []
    number = notice.line_number(line_start)
    for back in range(1, 5):
        above = notice.line(number - back)
        if above is None or not above.strip() or re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", above):
            break
        cell = fold_same_length(above[column:]).split("  ")[0].strip() if len(above) > column else ""
        if cell and column and above[column - 1 : column] != " ":
            break  # the cell above starts left of the date's column: no column heading
        if cell:
            words.insert(0, cell)
    return " ".join(words) or None


HEADING_LINE = re.compile(r"[ \t]*(?:#+[ \t]*|\d{1,2}(?:\.\d{1,2})*[.)]?[ \t]*[-\u2013.)]?[ \t]+|[ivx]{1,4}[.)][ \t]+)?\S[^\n]{0,80}$")


def _paragraph_heading(notice: Notice, item: FoundDate) -> str | None:
    """The heading right over the first line of the date's paragraph ("5 - PRAZO PARA APRESENTAÇÃO DAS PROPOSTAS",
    "## Submission"): numbered or in capitals, short, no sentence's end and no date of its own."""
    above = notice.line(notice.line_number(item.mention_start) - 1)
    if above is None or not above.strip() or re.search(r"[.;,]\s*$", above) or re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", above):
        return None
    words = above.strip()
    numbered = re.match(r"(?:#+|\d{1,2}(?:\.\d{1,2})*[.)]?\s*[-\u2013.)]?|[IVX]{1,4}[.)])\s+\S", words) is not None
    if HEADING_LINE.fullmatch(above) is None or not (numbered or (words.upper() == words and re.search(r"[A-Z]{3}", words))):
        return None
    return fold_same_length(above)


def _kind(notice: Notice, item: FoundDate, previous_end: int) -> tuple[str | None, str]:
    """(kind, label text) from the row, the clause, the heading above, or the rest of the sentence."""
    low = notice.low
    line_start, line_end = notice.window(item.mention_start)
    line = low[line_start:line_end]
    if "|" in line or "\t" in line:
        cells = re.split(r"\||\t", low[line_start : item.mention_start])
        label = " ".join(c for c in cells if c.strip())
        kind = kind_in(label)
        if kind:
            return kind, notice.text[line_start : line_start + len(label)].strip(" |\t")
        header = pipe_header(low, line_start, item.mention_start)
        if header and kind_in(header):  # "| Visita al sitio | Junta de aclaraciones |" over the row of dates
            return kind_in(header), header
    stacked = stacked_label(low, line_start)
    if stacked is not None and kind_in(low[stacked[0] : stacked[1]]):  # a table flattened column by column
        return kind_in(low[stacked[0] : stacked[1]]), notice.text[stacked[0] : stacked[1]]
    head = _column_heading(notice, item)
    if head and kind_in(head):
        return kind_in(head), head  # "Prazo e hora de / entrega" over the column of "14/06/2027"
    clause, sentence = _clause_before(notice, item, previous_end)
    kind = kind_in(clause)
    if kind and kind != "submission":
        return kind, clause
    wrapped = _wrapped_clause(notice, item, clause, previous_end)
    if wrapped is not None and (names_any(wrapped) or (kind is None and kind_in(wrapped) == "submission")):
        # the sentence's leftmost word decides, also across a line break: "O prazo para ... pedidos de esclarecimentos
        # termina no ...", "Les questions doivent être soumises ... avant la date de / clôture, soit le 1er juin"
        return kind_in(wrapped), wrapped
    if kind and kinds_named(clause):
        return kind, clause
    if kind:
        return kind, clause
    if sentence != clause:
        kind = kind_in(sentence)  # "Une visite des sites est obligatoire ; elle aura lieu le 22 septembre"
        if kind:
            return kind, sentence
    heading = _paragraph_heading(notice, item)
    if heading is not None and kind_in(heading):
        return kind_in(heading), heading  # "5 - PRAZO PARA APRESENTAÇÃO DAS PROPOSTAS" / "Até às 23:59 de 13 de maio"
    # a generic label ("Date :", "Fecha:") under a heading line: the heading says what it is
    if len(clause.strip(" :-")) <= 25 and previous_end <= line_start:  # words between two dates of a line ("to / au") are no label
        for back in (1, 2, 3):
            heading = notice.line(notice.line_number(item.mention_start) - back)
            if heading is None:
                break
            folded = fold_same_length(heading)
            if INSTEAD.search(folded) or READ.search(folded) or re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", folded):
                continue  # a line with its own date is not a heading
            kind = kind_in(folded)
            if kind:
                return kind, heading
    before_on_line = low[line_start : item.mention_start]
    is_row = "|" in line or bool(re.search(r"[a-z]", before_on_line) and _ROW_GAP.search(before_on_line))
    after_end = min(len(low), item.text_end + 200, line_end if is_row else len(low))  # a row's label is its only words
    rest = low[item.text_end : after_end]
    stop = re.search(r"[.;](?:\s|$)|\n\s*\n|\n(?=[ \t]*[^\n:]{1,60}:\s)|\n(?=[ \t]*(?:[a-z]|\d{1,2}|[ivx]{1,4})[.)][ \t])", rest)
    rest = rest[: stop.start()] if stop else rest  # the sentence goes on; the next labelled line or list item is another field
    return kind_in(rest), rest


def _milestones(draft: Draft, notice: Notice, found: list[FoundDate], step_list: list[_ListItem] | None, limit: int) -> None:
    used: set[str] = set()
    previous_end = 0
    old_kinds: list[tuple[str, FoundDate]] = []
    chosen: list[tuple[DraftMilestone, FoundDate]] = []
    last_kind: str | None = None
    weak: set[int] = set()
    opened: str | None = None
    for index, item in enumerate(found):
        if len(chosen) >= MAX_MILESTONES:
            draft.skipped.append(f"more than {MAX_MILESTONES} dated milestones: the {len(found) - index:,} dates after this were not read")
            break
        kind, label = _kind(notice, item, previous_end)
        if kind is None and index and last_kind and _RANGE_TO.fullmatch(notice.low, found[index - 1].end, item.start):
            kind = last_kind  # "del 15/09/2026 al 25/09/2026": the end of the period the line names
        if kind is None and opened is not None and index and _PERIOD_END.match(notice.low, found[index - 1].text_end, item.mention_start):
            kind = opened  # "Recebimento das propostas: a partir de 03/05, às 08h00, até 18/05, às 08h59": the period's end
        opened = None
        last_kind = kind
        if kind not in (None, "period-start") and STARTS_AT.search(notice.low, max(0, item.mention_start - 40), item.mention_start):
            following = found[index + 1] if index + 1 < len(found) else None
            if following is None or not _RANGE_TO.fullmatch(notice.low, item.end, following.start):
                opened = kind
                kind = "period-start"  # "a partir de 25/08/2026": the period opens then; its end is another date
        heading = _step_heading_for(step_list, item.start)
        if kind is None and heading:
            kind = kind_in(fold_same_length(heading))
        previous_end = item.text_end
        shown = notice.text[item.mention_start : item.text_end].replace("\n", " ")
        if _signed(notice, item):
            if len(draft.skipped) < 40:
                draft.skipped.append(f"{shown!r}: the day the notice was signed, not a milestone")
            continue
        old = _is_old(notice, item, found[index + 1] if index + 1 < len(found) else None)
        if old:
            if chosen and _amends_previous(notice, chosen[-1], item):
                continue  # "up to 24 February ..., instead of 12 February": the new date came first
            old_kinds.append((kind or "submission", item))
            continue
        if kind is not None and old_kinds and kind != old_kinds[-1][0] and _moved_to(notice, old_kinds[-1][1], item):
            kind = old_kinds[-1][0]  # "..., inicialmente fixada para o dia 2 de dezembro, às 10h00, é prorrogada para o dia 16"
        if kind is None and old_kinds and _new_of(notice, old_kinds[-1][1], item):
            kind = old_kinds[-1][0]  # "from 10 April to 24 April", "Instead of: ... Read: ...": the new date of the same kind
        if item.start > limit:
            if len(draft.skipped) < 20:
                draft.skipped.append(f"{shown!r} ({kind or 'no kind'}): after the end of the notice's steps/tips")
            continue
        if kind is None:
            if len(draft.skipped) < 40:
                draft.skipped.append(f"{shown!r}: no word near it says what this date is for ({notice.sentence(item)[:120]!r})")
            continue
        if kind is not None and CANCELLED.match(notice.low, item.text_end):
            if len(draft.skipped) < 40:
                draft.skipped.append(f"{shown!r} ({kind}): cancelled by the notice, not added")
            continue
        if kind in NOT_MILESTONES:
            if len(draft.skipped) < 40:
                draft.skipped.append(f"{shown!r}: a {kind} date, not a milestone")
            continue
        model_kind = TO_MODEL.get(kind, kind)
        if item.wall_end is not None and model_kind in ("submission", "questions") and item.wall is not None:
            item.reviews.append(f"a window from {item.wall:%H:%M} to {item.wall_end:%H:%M}: its end is the deadline")
            item.wall, item.wall_end = item.wall_end, None
        title = _title(notice, item, kind)
        as_written = notice.as_written(item)
        milestone = DraftMilestone(_unique(kind if kind in TITLES else "other", used), model_kind, title, "", as_written, found=item)
        milestone.reviews.extend(item.reviews)
        rivals = rival_kinds(fold_same_length(label), kind)
        if rivals and kind in TITLES:
            # "Sessão de esclarecimentos": the words name more than one kind; the one read is marked for a look
            milestone.reviews.append(f"read as {kind}, but the words {' '.join(label.split())[:80]!r} also name: {', '.join(rivals)}")
        replaced = [o for k, o in old_kinds if k == kind]
        if replaced:
            was = replaced[-1]
            milestone.notes = f"amended: was {notice.text[was.mention_start : was.text_end].strip()}"
            milestone.reviews.append(
                f"the notice changes this date (it was {notice.text[was.start : was.end]}); the old date is kept in notes"
            )
            old_kinds = [(k, o) for k, o in old_kinds if k != kind]
            draft.amendment = True
        if model_kind == "submission" and not milestone.notes and "submission" not in kinds_named(fold_same_length(label)):
            weak.add(id(milestone))  # only "deadline", "fecha límite", "prazo": a deadline, not said to be the bids'
        chosen.append((milestone, item))
    merge_same(draft, notice, chosen, weak)
    demote_weak(draft, weak)
    drop_daylong_rivals(draft, weak)
    one_time_a_day(draft)
    for kind, old_item in old_kinds[:10]:
        draft.skipped.append(
            f"{notice.text[old_item.start : old_item.end]!r}: an old date ({kind}) the notice replaces; no new date of that kind was read"
        )
    unlisted = sum(1 for _ in found) - len(chosen) - len(old_kinds) - sum(1 for s in draft.skipped if s.startswith("'"))
    if len(draft.skipped) >= 40 and unlisted > 0:
        draft.skipped.append(f"... and about {unlisted:,} more dates not used (the list above is cut at 40)")


def _is_old(notice: Notice, item: FoundDate, following: FoundDate | None) -> bool:
    low = notice.low
    span = notice.old_span(item.start)
    if span is not None and (not span[2] or len(low[span[0] : item.mention_start].strip()) <= 12):
        return True  # an old/new table's old cell, or the words after "Donde dice:", "FROM:" (up to the new label)
    before = low[max(0, item.mention_start - 26) : item.mention_start]
    floor = max(0, item.start - 300)
    sentence_start = max(low.rfind(". ", floor, item.start), low.rfind("\n\n", floor, item.start), floor)
    if OLD_BEFORE.search(before) and following is not None and NEW_AFTER.match(low, item.text_end, following.mention_start + 1):
        return AMEND_WORDS.search(low, sentence_start, item.start) is not None
    if moved_away(low, item.text_end) or was_to_be(low, item.mention_start):
        return True  # "with a closing date of 28 May 2027, has been EXTENDED"; "which were to be submitted on or before"
    if CANCELLED.match(low, item.text_end):
        return False  # "originally scheduled on 3 September is cancelled": taken back, not moved
    marks = [m for at in {item.mention_start, item.start} if (m := OLD_MARK.search(low, max(0, at - 60), at))]
    begin = max(sentence_start, low.rfind(".\n", floor, item.start) + 2)
    end_match = re.compile(r"\.(?:\s|$)|\n\s*\n").search(low, item.text_end, min(len(low), item.text_end + 160))
    end = end_match.start() if end_match else min(len(low), item.text_end + 160)
    moved = bool(marks) and MOVE_WORDS.search(low, begin, end) is not None
    # "prevista para", "scheduled for" are plain words of any notice: only in a sentence that moves the date;
    # "initialement", "originally", "em substituição" may lean on the notice's amendment heading
    if moved or (any(not m["plain"] for m in marks) and AMEND_WORDS.search(low[:3000])):
        return True  # "initialement fixée au 11 mars ..., est reportée au 8 avril"; "en lugar del 16 de marzo"
    window_start = max(0, item.start - 120)
    instead = list(INSTEAD.finditer(low, window_start, item.start))
    if instead:
        between = low[instead[-1].end() : item.start]
        if re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", between):
            return False  # "en lugar del 16 de marzo de 2027 ..., será el 30 de marzo": the old one came first
        return READ.search(between) is None  # "Instead of: X / Read: Y", or "by Y instead of X" (then X is the last date)
    return False


def _new_of(notice: Notice, old: FoundDate, item: FoundDate) -> bool:
    """Is ``item`` (no kind of its own) the new date of ``old``: right after it, after a "Read:", or
    further on in the same sentence after a word that moves it ("..., has been extended to Friday, 5 March")?"""
    if _after_read(notice, old, item) or item.start - old.text_end <= 30:
        return True
    between = notice.low[old.text_end : item.start]
    return item.start - old.text_end <= 200 and not re.search(r"[.;](?:\s|$)|\n\s*\n", between) and MOVE_WORDS.search(between) is not None


def _moved_to(notice: Notice, old: FoundDate, item: FoundDate) -> bool:
    """Is ``item`` the old date's new one by the words right between them ("..., é prorrogada para o dia",
    "has been extended to"), whatever kind a heading or the sentence's first words gave it?"""
    between = notice.low[old.text_end : item.mention_start]
    return (
        len(between) <= 60
        and not re.search(r"[.;](?:\s|$)|\n\s*\n", between)
        and bool(MOVE_WORDS.search(between))
        and not kinds_named(between)
    )


def _amends_previous(notice: Notice, previous: tuple[DraftMilestone, FoundDate], item: FoundDate) -> bool:
    """An old date written after its new one in the same sentence: the milestone already made takes it as its old date."""
    milestone, new = previous
    between = notice.low[new.text_end : item.mention_start]
    if len(between) > 160 or re.search(r"[.;](?:\s|$)|\n\s*\n", between) or milestone.notes or kinds_named(between):
        # "..., que la date limite de dépôt des offres initialement fixée au": the old date has its own label
        return False
    milestone.notes = f"amended: was {notice.text[item.mention_start : item.text_end].strip()}"
    milestone.reviews.append(f"the notice changes this date (it was {notice.text[item.start : item.end]}); the old date is kept in notes")
    return True


def _after_read(notice: Notice, old: FoundDate, item: FoundDate) -> bool:
    return READ.search(notice.low, old.text_end, item.start) is not None


def _step_heading_for(step_list: list[_ListItem] | None, offset: int) -> str | None:
    if not step_list:
        return None
    starts = [i.start for i in step_list]
    at = bisect.bisect_right(starts, offset) - 1
    if at >= 0 and step_list[at].start <= offset <= step_list[at].end:
        return step_list[at].heading
    return None


def _title(notice: Notice, item: FoundDate, kind: str) -> str:
    line_start, line_end = notice.window(item.mention_start)
    line = notice.text[line_start:line_end]
    if "|" in line or "\t" in line:
        cells = [c.strip() for c in re.split(r"\||\t", notice.text[line_start : item.mention_start]) if c.strip()]
        if cells and not re.search(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}", cells[0]):
            return cells[0][:100]
    label = re.match(r"^\s*(?:[IVX]+\.[\d.]*\)\s*)?(?P<label>[^:|\n]{3,80}?)\s*:\s*\S", notice.text[line_start : item.mention_start + 1])
    if label and kind_in(fold_same_length(label["label"])) == kind:
        return label["label"].strip()
    return TITLES.get(kind, TITLES["other"])


def _steps(draft: Draft, step_list: list[_ListItem] | None) -> None:
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
            kind = kind_in(fold_same_length(item.heading))
            same_kind = [m for m in draft.dates if m.kind == kind]
            if kind and len(same_kind) == 1:
                step.date = same_kind[0].id
                step.reviews.append(f"due by the {kind} milestone because of the word(s) in {item.heading!r}")
        draft.steps.append(step)


def validate_draft(draft: Draft) -> tuple[str, list[Problem]]:
    """The draft's YAML and the problems the loader finds in it (none, normally)."""

    text = draft.to_yaml()
    tender, problems = parse_tender(text, draft.source or "draft")
    return text, problems if tender is None else [p for p in problems if p.level.value == "error"]
