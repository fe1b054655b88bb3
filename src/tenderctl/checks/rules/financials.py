"""Rule ``no-financials``: no price, fee or cost figure anywhere in the technical proposal.

Many buyers (UN agencies, development banks) evaluate the technical proposal blind to the
price and disqualify a bid whose technical part reveals it. The rule therefore reads every
place text lives (tables, headers and footers, text boxes, comments, tracked deletions,
annotations, form fields, attachments, spreadsheet cells) and reports each finding.

What counts, in order of confidence:

* an amount with a currency symbol or code (``USD 650``, ``€32,000``, ``87 500 EUR``,
  ``R$ 12.000,00``, ``CHF 3'000``, ``12 millions de dollars``) - fail;
* price or cost vocabulary in English, French, Spanish or Portuguese directly followed by a
  figure (``daily rate: 650``, ``coût total 87 500``, ``honorarios 1.200``) - fail;
* a spreadsheet cell with a currency number format, or a number in a spreadsheet or table
  column headed by such vocabulary or a currency (``Unit cost``, ``Daily rate (USD)``), or
  in a ``Total`` column beside one, or in a table row labelled so (``Daily fee | 650``) - fail;
* an amount stated in millions or billions with no price word in its sentence (``$45 million
  are allocated to the programme``): usually a statistic about the buyer or the sector,
  so it only warns. Decision documented in docs/checklist.md.

What does not count (the rule must not cry wolf): years, dates, times, page and section
numbers, phone numbers, percentages, counts of things (``300 million children``,
``cost of 3 workshops``), e-mail addresses and links, the tender's own reference, and
``budget`` in narrative.
"""

# size: one rule's scanner, read in document order with its table and sentence state; the money vocabulary
# and the CLDR data already live in checks/money/. Splitting the table half out would pass that state between modules.
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tenderctl.checks._options import choice, strings
from tenderctl.checks._text import excerpt, fold, lines_holding, one_line, unreadable_result, unseen_parts
from tenderctl.checks.money import context, words
from tenderctl.checks.money.numbers import BARE, BIG_MAGNITUDE, FIGURE, MAGNITUDE, ascii_digits, is_year
from tenderctl.checks.money.numbers import value as figure_value
from tenderctl.checks.money.vocab import (
    _AMOUNT_AFTER,
    _AMOUNT_BEFORE,
    _BLANKS,
    _CODE_ALT,
    _COMPOUNDS,
    _CONNECTOR,
    _LOWER_CODES,
    _MAX_CONNECTOR_WORDS,
    _NARRATIVE_PLACES,
    _PAST_CONTRACT,
    _STATISTIC,
    _STRONG,
    _TRAILING_OK,
    _TRAILING_WORD,
    _WEAK_BUDGET,
    CODES,
    CURRENCY,
)
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule
from tenderctl.documents.model import TextBlock

if TYPE_CHECKING:
    from tenderctl.documents.model import Document

MAX_EVIDENCE = 60


# --- a cheap first look: most lines hold no figure, or no money word near one -----------------------
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[^\W\d_]+")
_SYMBOL = re.compile(r"[$€£¥₹₦₱₩₽₺₫₵₴₪৳₡₲₭₮₸₨¢]")
_CODE_TOKENS = frozenset(CODES) | {"FCFA", "CFA", "KSh", "Ksh", "Rs", "Rp", "Tk", "Fr", "SFr"} | frozenset(_LOWER_CODES.split("|"))
_HINT_PREFIXES = (
    "pric", "cost", "coût", "cout", "fee", "rate", "lump", "remun", "rémun", "honor", "amount", "quot", "financ", "tarif",
    "salar", "salá", "compens", "reimburs", "payment", "invoic", "charg", "prix", "taux", "montant", "forfait", "somme",
    "devis", "frais", "paiement", "precio", "coste", "monto", "import", "suma", "cotiz", "cotaç", "cotac", "gasto",
    "oferta", "pago", "preç", "preco", "custo", "diári", "diari", "valor", "despesa", "proposta", "pagament", "diem",
    "dollar", "dólar", "dolar", "euro", "pound", "sterling", "franc", "reais", "peso", "rupee", "shilling", "naira",
    "cedi", "yuan", "dirham", "dinar", "kwanza", "metica", "birr", "quetzal", "libra", "livre",
)  # fmt: skip
_HINT_WORDS = frozenset({"rand", "rands", "soles"})
_SCALE_WORD = re.compile(
    r"(?i)thousand|million|billion|mille|milliard|\bmil\b|milh[aõ]|hundred|cientos|centos|cientas|centas|\bcien\b|\bcem\b"
)
"""Amounts in words ("fifty-four thousand"): lines without a digit that may still hold a figure."""
_SCALE_NEEDLES = (
    "housand",
    "HOUSAND",
    "illion",
    "ILLION",
    "ille",
    "ILLE",
    "illiard",
    "mil ",
    "Mil ",
    "MIL ",
    "milh",
    "Milh",
    "undred",
    "UNDRED",
    "ientos",
    "entos",
    "ientas",
    "entas",
    "cien ",
    "cem ",
)


def may_hold_price(text: str) -> bool:
    """False when ``text`` surely holds no price: no digit, or no currency and no price word at all.

    Only a filter for speed (most lines of a proposal fail it); what passes is judged in full.
    """
    if not _DIGIT.search(text) and not _SCALE_WORD.search(text):
        return False
    if _SYMBOL.search(text) or "/=" in text or "/-" in text:
        return True
    tokens = _TOKEN.findall(text)
    for token in tokens:
        if token in _CODE_TOKENS:
            return True
        lowered = token.lower()
        if lowered.startswith(_HINT_PREFIXES) or lowered in _HINT_WORDS:
            return True
    from tenderctl.checks.money import cldr  # lazy: checks.money (+16 ms) on check

    return cldr.any_currency(tokens)


def _with_digits(texts: list[str]) -> set[int]:
    """Indexes of the texts holding a digit: ASCII ones found in one pass over all the text,
    other scripts' digits line by line, only in lines that are not plain ASCII."""
    found = lines_holding(texts, _SCALE_NEEDLES, ascii_digit=True)
    if not "".join(texts).isascii():  # most proposals: no line to test one by one
        found.update(index for index, text in enumerate(texts) if index not in found and not text.isascii() and _DIGIT.search(text))
    return found


def _blank(text: str, reference: str | None) -> str:
    """``text`` with every non-price number span replaced by spaces (same length, same offsets)."""
    chars = list(text)

    def wipe(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    if reference:
        for m in re.finditer(re.escape(reference), text, re.IGNORECASE):
            wipe(m.start(), m.end())
    current = "".join(chars)
    for pattern in _BLANKS:
        spans = [m.span() for m in pattern.finditer(current)]
        if spans:
            for start, end in spans:
                wipe(start, end)
            current = "".join(chars)
    return current


@dataclass(frozen=True)
class Finding:
    status: Status
    why: str
    page: int | None
    excerpt: str
    where: str


def _counts_things(after: str) -> bool:
    """True when the figure is followed by a noun (``3 workshops``, ``300 million children``)."""
    m = _TRAILING_WORD.match(after)
    if not m:
        return False
    word = fold(m.group(1)).rstrip("'’-")
    return len(word) >= 2 and word not in _TRAILING_OK and not _MAGNITUDE_WORD.fullmatch(word)


_MAGNITUDE_WORD = re.compile(rf"(?i){MAGNITUDE}")
_HAS_DIGIT = re.compile(r"\d")
_DECIMAL = re.compile(r"[.,]\d")
_SLASH_EQUALS = re.compile(r"\s?/[=-](?![\w=-])")
"""``45,000/=`` (East Africa), ``5,000/-`` (South Asia): a sum of money, the currency implied."""

_SENTENCE_REACH = 400
"""How far a sentence is looked for either side of a figure (bounded: hostile text has no full stops)."""


def _sentence(text: str, start: int, end: int) -> str:
    low = max(0, start - _SENTENCE_REACH)
    high = min(len(text), end + _SENTENCE_REACH)
    left = max(text.rfind(". ", low, start), text.rfind("\n", low, start), text.rfind(";", low, start), low - 1)
    right_candidates = [i for i in (text.find(". ", end, high), text.find("\n", end, high), text.find(";", end, high)) if i != -1]
    right = min(right_candidates) if right_candidates else high
    return text[left + 1 : right]


MAX_PER_BLOCK = 200
"""Findings kept per text block: enough to prove the point, bounded on hostile input."""


def _classify(blanked: str, start: int, end: int, mag: str, where: str) -> tuple[str, Status]:
    """Why an amount with a currency was found, and whether it is this bid's price (see :mod:`money.context`)."""
    sentence = _sentence(blanked, start, end)
    strong = bool(_STRONG.search(_COMPOUNDS.sub(" ", sentence))) or context.own_budget(sentence)
    narrative = where in _NARRATIVE_PLACES and not strong
    if _PAST_CONTRACT.search(sentence):
        return "an amount about past contracts or turnover (check it is not your price)", Status.warn
    if narrative and mag and BIG_MAGNITUDE.match(mag) and len(sentence.split()) >= 5:
        return "an amount in millions in narrative (a statistic? check it is not your price)", Status.warn
    if narrative and _STATISTIC.search(sentence):
        return "an amount in a sentence about funding or the economy (check it is not your price)", Status.warn
    return "an amount with a currency", Status.fail


def _candidates(blanked: str) -> list[tuple[int, int, str, float | None, str]]:
    """Figures in digits and in words: (start, end, text, value, magnitude), in reading order."""
    found: list[tuple[int, int, str, float | None, str]] = []
    if _HAS_DIGIT.search(blanked):
        for m in FIGURE.finditer(blanked):
            found.append((m.start(), m.end(), m.group("num"), figure_value(m.group("num")), m.group("mag") or ""))
            if len(found) >= 4 * MAX_PER_BLOCK:
                break
    for w in words.figures_in_words(blanked)[: 4 * MAX_PER_BLOCK]:
        found.append((w.start, w.end, blanked[w.start : w.end], float(w.value), "thousand" if w.scaled else ""))
    return found


def _amounts(text: str, blanked: str, covered: bytearray, where: str = "body") -> list[tuple[int, int, str, Status]]:
    """Currency amounts; marks their spans in ``covered`` so later passes do not report them twice.

    The rule's own patterns first (the common currencies), then every figure, in digits or in
    words, beside a currency CLDR knows (``KSh``, ``45,000 Kenya Shillings``, ``₱``, ``francs
    CFA``) or written ``45,000/=``.
    """
    found: list[tuple[int, int, str, Status]] = []
    for pattern in (_AMOUNT_BEFORE, _AMOUNT_AFTER):
        for m in pattern.finditer(blanked):
            if len(found) >= MAX_PER_BLOCK:
                return found
            start, end = m.span()
            if any(covered[start:end]):
                continue
            number = m.group("num")
            if not _HAS_DIGIT.search(number):
                continue
            covered[start:end] = b"\x01" * (end - start)
            found.append((start, end, *_classify(blanked, start, end, m.group("mag") or "", where)))
    from tenderctl.checks.money import cldr  # lazy: checks.money (+16 ms) on check

    for start, end, number, value, mag in _candidates(blanked):
        if len(found) >= MAX_PER_BLOCK:
            break
        if any(covered[start:end]) or value is None:
            continue
        grouped = bool(_SEPARATED.search(number))
        tail = _SLASH_EQUALS.match(blanked, end) if _HAS_DIGIT.search(number) else None
        if tail:
            left, right = start, tail.end()
        else:
            after = cldr.currency_after(blanked, end, value, grouped)
            before = None if after is not None else cldr.currency_before(blanked, start, grouped)
            if after is None and before is None:
                continue
            left, right = (start, after) if after is not None else (before or 0, end)
        if is_year(number) and not grouped:
            continue
        covered[left:right] = b"\x01" * (right - left)
        found.append((left, right, *_classify(blanked, left, right, mag, where)))
    return found


_SEPARATED = re.compile(r"\d[ \u00a0\u202f'’.,]\d{3}")


def _priced_figures(blanked: str, covered: bytearray) -> list[tuple[int, int, str]]:
    """Price vocabulary directly followed by a figure: ``daily rate: 650``, ``a fee of fifty thousand``."""
    clean = _COMPOUNDS.sub(lambda m: " " * len(m.group(0)), blanked)
    found: list[tuple[int, int, str]] = []
    in_words = {w.start: w for w in words.figures_in_words(clean)} if _WORD_HINT.search(clean) else {}
    for word in _STRONG.finditer(clean):
        rest = clean[word.end() : word.end() + 60]
        figure = FIGURE.search(rest)
        spelled = next((w for at, w in in_words.items() if word.end() <= at < word.end() + 60), None)
        if spelled is not None and (figure is None or spelled.start - word.end() < figure.start()):
            between = clean[word.end() : spelled.start]
            if _CONNECTOR.match(between) and len(between.split()) <= _MAX_CONNECTOR_WORDS and spelled.value >= 10:
                start, end = word.start(), spelled.end
                past = _PAST_CONTRACT.search(_sentence(clean, start, end))
                if not any(covered[start:end]) and not past and not _counts_things(clean[end : end + 30]):
                    found.append((start, end, f"{one_line(word.group(0)).lower()!r} next to an amount in words"))
                    covered[start:end] = b"\x01" * (end - start)
            continue
        if not figure:
            continue
        between = rest[: figure.start()]
        if not _CONNECTOR.match(between) or len(between.split()) > _MAX_CONNECTOR_WORDS:
            continue
        number = figure.group(1)
        value = figure_value(number)
        if value is None or is_year(number) or (value < 10 and not _DECIMAL.search(number)):
            continue
        start, end = word.start(), word.end() + figure.end()
        if _counts_things(clean[end : end + 30]) or _PAST_CONTRACT.search(_sentence(clean, start, end)):
            continue
        if any(covered[start:end]):
            continue
        found.append((start, end, f"{one_line(word.group(0)).lower()!r} next to a figure"))
        covered[start:end] = b"\x01" * (end - start)  # one finding per figure, however many price words lead to it
        if len(found) >= MAX_PER_BLOCK:
            break
    return found


_WORD_HINT = re.compile(
    r"(?i)(?:hundred|thousand|million|billion|mille|milliard|cent|mil\b|milh|ientos|entos|entas|ientas|\b(?:cien|cem)\b|"
    r"ty\b|ty-|ante\b|ante-|enta\b|inte\b|gt\b|nte\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|un|deux|trois|"
    r"cinq|dix|uno|dos|tres|cinco|diez|um|dois|dez)\b)"
)


_CURRENCY_FORMAT = re.compile(r"[$€£¥₹₦₱₩₽₺₫₵₴₪৳]|\[\$[^\]-]+|\"(?:" + _CODE_ALT + r")\"|(?<![A-Za-z])(?:" + _CODE_ALT + r")(?![A-Za-z])")


_ATTACHMENT_PREFIX = re.compile(r"^\[[^\]\n]{1,200}\]\s*")
_CURRENCY_MARK = re.compile(rf"(?<![A-Za-z]){CURRENCY}(?![A-Za-z])")
# Headings about counts or shares of money are not prices: "Number of payments", "Payment (%)".
_QUANTITY_HEADING = re.compile(
    r"(?i)%|\b(?:percent(?:age)?|pourcentage|porcentaje|porcentagem|number\s+of|no\.\s*of|nombre\s+de|n[uú]mero\s+de|"
    r"quantity|qty|quantit[ée]s?|cantidad(?:es)?|quantidades?)\b"
)
# A column of time: "Days", "Person-days", "Months (input)"; "Fee per day" is still a price.
_TIME_HEADING = re.compile(
    r"(?i)^\W*(?:(?:working|person|man|expert|staff|calendar|field|billable|total)[\s-]+)?"
    r"(?:days?|weeks?|months?|years?|hours?|jours?|semaines?|mois|ann[ée]es?|heures?|d[ií]as|semanas|meses|a[nñ]os|anos|horas|dias)"
    r"(?:\s*\([^)]{0,40}\))?\W*$"
)
_TOTAL_HEADING = re.compile(r"(?i)^\W*(?:grand\s+|sub-?\s?|sous-)?tota(?:l|le|ux|les|is)\W*$")
_TABLE_REF = re.compile(r"^(?P<table>.{1,300})!(?P<column>[A-Z]{1,4})(?P<row>\d{1,9})$")
"""A cell as ``Sheet!B7`` (spreadsheets) or ``Table 2!C3`` (tables in Word and OpenDocument files)."""


def _names_price(heading: str) -> bool:
    """A column header or row label about money: a price word or a currency, and not a count, share or time.

    Stacked headers come as "Fees (EUR) / Days": the last part is the column's own.
    """
    own = heading.rsplit(" / ", 1)[-1]
    if _TIME_HEADING.match(own) or _QUANTITY_HEADING.search(own):
        return False
    if _CURRENCY_MARK.search(heading):
        return True
    # A "Budget" column gives its meaning to the figures below it (in narrative, budget alone is no price).
    priced = _STRONG.search(_COMPOUNDS.sub(" ", heading)) or _WEAK_BUDGET.search(own)
    return bool(priced) and not _QUANTITY_HEADING.search(heading)


def _bare_figure(block: TextBlock) -> tuple[str, float] | None:
    """The cell's text and value when the cell holds a figure and nothing else."""
    text = block.text.strip()
    if block.where == "attachment":  # cells of an attached workbook come as "[costs.xlsx] 650"
        text = _ATTACHMENT_PREFIX.sub("", text)
    value = figure_value(text.replace("−", "-").lstrip("-").strip("()")) if BARE.fullmatch(text.strip("()")) else None
    return None if value is None else (text, value)


def _table_of(block: TextBlock) -> str | None:
    if not block.cell:  # most blocks: no regular expression call for them
        return None
    match = _TABLE_REF.match(block.cell)
    return match.group("table") if match else None


def _cell_findings(block: TextBlock, priced_tables: set[str], table_context: str = "") -> list[Finding]:
    """A figure formatted as currency, in a cost column, or in the ``Total`` column of a table that has one.

    ``priced_tables`` collects the tables (and sheets) where a cost column was found.
    """
    figure = _bare_figure(block)
    if figure is None:
        return []
    text, value = figure
    label = "" if block.where in ("cell", "table") else f"[{block.where}] "
    place = label + (block.cell or "cell") + (f" ({one_line(block.column_header)})" if block.column_header else "")
    if block.number_format and _CURRENCY_FORMAT.search(block.number_format):
        return [Finding(Status.fail, f"a cell formatted as currency ({block.number_format})", block.page, f"{place}: {text}", "cell")]
    header = block.column_header or ""
    if not header or value < 10 or is_year(text):
        return []
    table = _table_of(block)
    if _names_price(header):
        if context.past_contract_column(header, table_context):
            return [Finding(Status.warn, context.PAST_WHY + f" ({one_line(header)!r})", block.page, f"{place}: {text}", "cell")]
        if table is not None:
            priced_tables.add(table)
        return [Finding(Status.fail, f"a figure in a cost column ({one_line(header)!r})", block.page, f"{place}: {text}", "cell")]
    if table in priced_tables and _TOTAL_HEADING.match(header):
        return [Finding(Status.fail, f"a total beside a cost column ({one_line(header)!r})", block.page, f"{place}: {text}", "cell")]
    return []


MAX_ROW_LABELS = 64


def _row_label(block: TextBlock, labels: dict[tuple[str, str], str], findings: list[Finding]) -> None:
    """A table without header, read as label/value rows: a figure right after a "Daily fee" cell.

    Only the nearest label to the left counts, so "Daily fee | 650 | Days | 12" flags 650, not 12.
    """
    match = _TABLE_REF.match(block.cell or "")
    if match is None:
        return
    row = (match.group("table"), match.group("row"))
    figure = _bare_figure(block)
    if figure is None:
        if _DIGIT.search(block.text):  # "650 EUR" is judged as text, and labels nothing after it
            labels.pop(row, None)
        elif any(ch.isalpha() for ch in block.text):
            if len(labels) >= MAX_ROW_LABELS and row not in labels:
                labels.clear()
            labels[row] = block.text.strip()
        return
    text, value = figure
    label = labels.get(row, "")
    priced_label = len(label) < 60 and _PRICE_HEADING.match(label) and _names_price(label)
    if priced_label and block.column_header is None and value >= 10 and not is_year(text):
        why = f"a figure in a table row labelled {one_line(label)!r}"
        findings.append(Finding(Status.fail, why, block.page, f"{block.cell} ({one_line(label)}): {text}", "table"))


_PRICE_HEADING = re.compile(r"^\W*[\w'’]+(?:\W+[\w'’]+){0,3}\W*$")


MAX_CONTEXT = 600
"""Characters of a table's headers and of the text before it kept to judge the table (bounded)."""
_SENTENCE_ENDS = (".", "!", "?", ";")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with a sentence's end, trailing spaces aside (what ``[.!?;]\\s*$``
    matches, without a regular expression scanning each of 13,000 lines from its start)."""
    if text.endswith(_SENTENCE_ENDS):
        return True
    return text[-1:].isspace() and text.rstrip().endswith(_SENTENCE_ENDS)


def scan_blocks(blocks: list[TextBlock], reference: str | None = None) -> list[Finding]:
    """Every price finding in ``blocks`` (one document), in reading order."""
    findings: list[Finding] = []
    recent_table_headings: list[tuple[int | None, str]] = []
    priced_tables: set[str] = set()
    row_labels: dict[tuple[str, str], str] = {}
    tables: dict[str, str] = {}
    recent_at = -1  # the last line of text outside tables: what a table's heading or caption says
    seen: set[tuple[int | None, str]] = set()
    previous: TextBlock | None = None
    with_digits = _with_digits([block.text for block in blocks])
    for index, block in enumerate(blocks):
        if not block.text.strip():
            continue
        where = block.where
        in_cell: list[Finding] = []
        table = _table_of(block)
        if table is not None:
            if table not in tables:
                recent = [b for b in blocks[max(0, recent_at - 5) : recent_at + 1] if b.text.strip()] if recent_at >= 0 else []
                if len(tables) >= MAX_ROW_LABELS:
                    tables.clear()
                tables[table] = " ".join(b.text[-200:] for b in recent[-3:])[-300:]
            if block.column_header is None and not _DIGIT.search(block.text) and len(tables[table]) < MAX_CONTEXT:
                tables[table] += " | " + block.text[:100]
        if where == "cell" or block.cell:
            in_cell = _cell_findings(block, priced_tables, tables.get(table or "", ""))
            findings.extend(in_cell)
        if where == "table" and table is not None:
            if not in_cell:
                _row_label(block, row_labels, findings)
        elif where == "table":  # cells without a place: headings in reading order
            recent_table_headings = _table_cell(block, recent_table_headings, findings)
        narrative = where in _NARRATIVE_PLACES and table is None
        if narrative:
            recent_at = index
        if index in with_digits or (previous is not None and previous is blocks[index - 1] and index - 1 in with_digits):
            text = ascii_digits(block.text)
            if index in with_digits and may_hold_price(text):
                findings.extend(_text_findings(text, block, reference, seen))
            if narrative and previous is not None and previous.page == block.page and previous.where == where:
                findings.extend(_split_findings(previous, block, reference, seen))
        previous = block if narrative and not ends_sentence(block.text) else None
    return findings


def _text_findings(
    text: str, block: TextBlock, reference: str | None, seen: set[tuple[int | None, str]], straddle: int | None = None
) -> list[Finding]:
    """Amounts and priced figures in one block's text (``text``: its digits made ASCII).

    An amount already reported on the same page (a PDF table's cell is also its line of
    text) is not reported twice. With ``straddle``, only spans across that offset count.
    """
    blanked = _blank(text, reference)
    label = "" if block.where in ("body", "cell") else f"[{block.where}] "
    covered = bytearray(len(blanked))
    spans = list(_amounts(text, blanked, covered, block.where))
    spans += [(start, end, why, Status.fail) for start, end, why in _priced_figures(blanked, covered)]
    found: list[Finding] = []
    for start, end, why, status in spans:
        if straddle is not None and not start < straddle < end:
            continue
        key = (block.page, one_line(text[start:end]).casefold())
        if key in seen:
            continue
        if len(seen) < 10_000:
            seen.add(key)
        found.append(Finding(status, why, block.page, label + excerpt(block.text, start, end), block.where))
    return found


SPLIT_REACH = 80


def _split_findings(first: TextBlock, second: TextBlock, reference: str | None, seen: set[tuple[int | None, str]]) -> list[Finding]:
    """An amount broken over two lines ("a fee of USD" / "98,400"): the end of one line and the start
    of the next are read as one; only what straddles the break is new."""
    tail, head = first.text[-SPLIT_REACH:], second.text[:SPLIT_REACH]
    joined = ascii_digits(tail + " " + head)
    if not may_hold_price(joined):
        return []

    block = TextBlock(tail + " " + head, second.page, second.where)
    return _text_findings(joined, block, reference, seen, straddle=len(tail))


def _table_cell(block: TextBlock, headings: list[tuple[int | None, str]], findings: list[Finding]) -> list[tuple[int | None, str]]:
    """Table cells with no known place, one block each: a bare figure after a "Fee" heading cell."""
    stripped = block.text.strip()
    if not _DIGIT.search(stripped):
        if len(stripped) < 60 and _PRICE_HEADING.match(stripped) and _STRONG.search(_COMPOUNDS.sub(" ", stripped)):
            return [*headings, (block.page, stripped)][-3:]
        return headings
    if headings and BARE.fullmatch(stripped):
        value = figure_value(stripped)
        page, heading = headings[-1]
        if value is not None and value >= 10 and not is_year(stripped) and page == block.page:
            findings.append(
                Finding(
                    Status.fail,
                    f"a figure in a table column headed {one_line(heading)!r}",
                    block.page,
                    f"[table] {heading}: {stripped}",
                    "table",
                )
            )
    return headings


@rule(
    "no-financials",
    params={
        "allow": "List of phrases to ignore (e.g. a figure quoted from the terms of reference).",
        "statistics": "'warn' (default) or 'ignore': amounts in millions in narrative with no price word.",
    },
    documents=("technical", "cv", "other"),
)
def no_financials(ctx: Context) -> list[Result]:
    """No price, fee or cost information in the technical proposal.

    Why: buyers that score quality before price disqualify a technical proposal that
    reveals the price ("Make sure to not include information on financials in the technical
    proposal"). Every place text lives is read: tables, headers, footers, text boxes,
    comments, tracked deletions (they still ship), annotations, form fields, attachments,
    every sheet of a workbook.

    Fails on: amounts with a currency symbol or code (USD 650, €32,000, 87 500 EUR,
    R$ 12.000,00, CHF 3'000), price words in English, French, Spanish or Portuguese next to
    a figure (daily rate: 650, coût total 87 500, honorarios 1.200, preço 900), spreadsheet
    cells formatted as currency, spreadsheet and table cells in a cost column ("Daily rate
    (USD)"; a figure under "Days", "Year" or "%" is not a price). Warns on amounts in
    millions in narrative with no price word ("$45 million are allocated"): usually a statistic.
    Ignores years, dates, page and section numbers, phone numbers, percentages, counts
    ("300 million children"), the tender's reference and "budget" in narrative.

    How to pass: move every figure about your price to the financial proposal. A scanned
    page without a text layer cannot be checked and gives `unverified`, never a pass.

    Default documents: everything but the financial proposal (technical, CVs, other
    annexes), because all of it usually goes into the technical envelope and a CV that
    states the expert's daily fee reveals the price as surely. `documents: technical`
    narrows it to the technical proposal.

    Example:
      - rule: no-financials
        documents: technical
        options: {allow: ["USD 2 million programme"]}
    """
    if not ctx.documents:
        return [Result("no-financials", Status.skipped, "no document of the checked roles found (see `documents:` in the tender)")]
    allow = [fold(a) for a in strings(ctx, "allow")]
    statistics = choice(ctx, "statistics", ("warn", "ignore"), "warn")
    results: list[Result] = []
    for doc in sorted(ctx.documents, key=lambda d: d.path):
        results.append(_check_document(doc, ctx.tender.reference, allow, statistics))
    return results


def _once(findings: Iterable[Finding]) -> list[Finding]:
    """Each finding once: a PDF table's row is read both as cells and as its line of text."""
    seen: set[tuple[int | None, str]] = set()
    out: list[Finding] = []
    for finding in findings:
        key = (finding.page, one_line(finding.excerpt).casefold())
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def _check_document(doc: Document, reference: str, allow: list[str], statistics: str) -> Result:
    findings = _once(
        f
        for f in scan_blocks(doc.blocks, reference)
        if not any(a in fold(f.excerpt) for a in allow) and not (f.status is Status.warn and statistics == "ignore")
    )
    blind = unseen_parts(doc)
    if not doc.readable and not findings:
        return unreadable_result("no-financials", doc)
    evidence = [Evidence(doc.path, f.page, f.excerpt) for f in findings[:MAX_EVIDENCE]]
    more = f" (first {MAX_EVIDENCE} shown)" if len(findings) > MAX_EVIDENCE else ""
    fails = [f for f in findings if f.status is Status.fail]
    tail = f"; besides, {blind}: not checked" if blind else ""
    if fails:
        kinds = sorted({f.why.split(" (")[0] for f in fails})
        return Result(
            "no-financials",
            Status.fail,
            f"{doc.path}: {len(fails)} financial figure{'s' if len(fails) != 1 else ''} found ({'; '.join(kinds)}){more}{tail}",
            evidence=evidence,
        )
    if findings:
        return Result(
            "no-financials",
            Status.warn,
            f"{doc.path}: {len(findings)} amount{'s' if len(findings) != 1 else ''} in narrative that may be statistics, not prices: "
            f"check them{more}{tail}",
            evidence=evidence,
        )
    if blind:
        return Result(
            "no-financials",
            Status.unverified,
            f"{blind}: financial figures there cannot be ruled out",
            evidence=[Evidence(doc.path, None, blind)],
        )
    if not any(b.text.strip() for b in doc.blocks):
        return Result("no-financials", Status.unverified, f"{doc.path}: no text found in it, so nothing could be checked")
    parts = sorted({b.where for b in doc.blocks if b.text.strip()})
    ocr = " (scanned pages read by OCR)" if "ocr" in parts else ""
    return Result("no-financials", Status.passed, f"{doc.path}: no prices or amounts found (read: {', '.join(parts)}){ocr}")
