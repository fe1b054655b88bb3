"""Text helpers shared by the rules: accent-free matching, excerpts, page lists.

Not a rule module (the leading underscore keeps the engine from loading it as one).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

from tenderctl.checks.registry import Evidence, Result, Status

if TYPE_CHECKING:
    from tenderctl.documents.model import Document

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

STOPWORDS = frozenset(
    """a an and are as at be by for from in into is it its of on or our the their to with we will this that
    de des du la le les et en un une pour par dans sur au aux avec el los las y del con para por una
    da do das dos e em no na nos nas um uma com""".split()  # noqa: SIM905
)


def lines_containing(texts: Sequence[str], needles: Iterable[str]) -> set[int]:
    """Indexes of the ``texts`` that contain any of ``needles``, found by searching all the text
    at once: most lines of a long proposal hold none, and a test per line (12,000 of them in
    300 pages) cost tens of milliseconds where ``str.find`` over the whole costs one."""
    joined = "\n".join(texts)
    ends = list(accumulate(len(text) + 1 for text in texts))  # offset just past each line's newline
    found: set[int] = set()
    for needle in needles:
        at = joined.find(needle)
        while at != -1:
            index = bisect_right(ends, at)
            found.add(index)
            at = joined.find(needle, ends[index])  # on to the next line
    return found


def lines_matching(texts: Sequence[str], pattern: re.Pattern[str]) -> set[int]:
    """Indexes of the ``texts`` in which ``pattern`` (that never spans a newline) matches, in one
    pass over all the text: after a match the search goes on at the next line. For a set of
    single characters this beats :func:`lines_containing`'s pass per character (ten for the
    digits: 19 ms of a 300-page PDF's 50 ms in no-financials)."""
    joined = "\n".join(texts)
    ends = list(accumulate(len(text) + 1 for text in texts))
    found: set[int] = set()
    search = pattern.search
    match = search(joined)
    while match is not None:
        index = bisect_right(ends, match.start())
        found.add(index)
        if index >= len(ends):
            break
        match = search(joined, ends[index])
    return found


_FOLD = bytes.maketrans(b"123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"000000000abcdefghijklmnopqrstuvwxyz")
"""Every ASCII digit made ``0`` and every ASCII capital small: a byte for byte map (UTF-8's other
bytes are all above 127), so offsets in the folded text are the text's own."""


def lines_holding(texts: Sequence[str], needles: Iterable[str], *, ascii_digit: bool = False) -> set[int]:
    """Indexes of the ``texts`` that hold an ASCII digit (with ``ascii_digit``) or contain one of
    ``needles`` as given: the lines :func:`lines_matching` finds for ``[0-9]`` plus those
    :func:`lines_containing` finds for ``needles``, in fewer passes over all the text.

    The text is encoded once with :data:`_FOLD` applied, so the ten digits are one needle
    (``0``), a needle's cases ("housand", "HOUSAND") one pass, and a needle holding another
    ("ientos", "entos") no pass of its own; the lines a folded needle finds are then checked
    against the needles as given. A 300-page PDF's no-financials spent 20 passes and a regular
    expression (about 40 ms) on this, on the rules' critical path. Needles that are not ASCII,
    or that hold a line break (they may match across lines), are searched as given."""
    asked = list(dict.fromkeys(needles))
    plain = [needle for needle in asked if needle and needle.isascii() and "\n" not in needle]
    found = lines_containing(texts, [needle for needle in asked if needle not in plain]) if len(plain) < len(asked) else set()
    if not texts or (not plain and not ascii_digit):
        return found
    joined = "\n".join(texts)
    if joined.isascii():
        data = joined.encode("ascii")
        ends = list(accumulate(len(text) + 1 for text in texts))
    else:  # offsets in bytes: a line's length in UTF-8 (lone surrogates kept, as three bytes)
        data = joined.encode("utf-8", "surrogatepass")
        ends = list(accumulate(len(text.encode("utf-8", "surrogatepass")) + 1 for text in texts))
    data = data.translate(_FOLD)
    folded = {needle: needle.encode("ascii").translate(_FOLD) for needle in plain}
    keys = set(folded.values())
    shortest = [key for key in keys if not any(other != key and other in key for other in keys)]
    checks: dict[bytes, list[str]] = {key: [] for key in shortest}
    for needle, key in folded.items():
        checks[next(short for short in shortest if short in key)].append(needle)
    searches: list[tuple[bytes, list[str] | None]] = [(b"0", None)] if ascii_digit else []
    searches += sorted(checks.items())
    last = len(ends)
    for key, originals in searches:
        at = data.find(key)
        while at != -1:
            index = bisect_right(ends, at)
            if index >= last:
                break
            if originals is None or any(needle in texts[index] for needle in originals):
                found.add(index)
            at = data.find(key, ends[index])  # on to the next line
    return found


def fold(text: str) -> str:
    """Lower case without accents: ``Coût`` and ``cout`` compare equal, as people type them."""
    if text.isascii():
        return text.casefold()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def words(text: str) -> list[str]:
    """Folded alphanumeric words (underscores, hyphens and dots split words, as in file names)."""
    return _WORD.findall(fold(text))


def significant(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


def squash(text: str) -> str:
    """Folded, with every non-alphanumeric character removed: for references like RFPS-NYH-2025-1."""
    return "".join(words(text))


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def excerpt(text: str, start: int, end: int, width: int = 45) -> str:
    """The match with some context either side, on one line, ellipses where cut."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    body = one_line(text[left:right])
    return ("…" if left > 0 else "") + body + ("…" if right < len(text) else "")


def page_list(pages: Iterable[int]) -> str:
    ordered = sorted(set(pages))
    if len(ordered) == 1:
        return f"page {ordered[0]}"
    if len(ordered) > 8:
        return f"{len(ordered)} pages ({', '.join(map(str, ordered[:6]))}, ...)"
    return "pages " + ", ".join(map(str, ordered))


def unseen_parts(doc: Document) -> str | None:
    """Why part of ``doc`` could not be checked (scans without OCR), or None when all was seen."""
    ocr_pages = {b.page for b in doc.blocks if b.where == "ocr"}
    blind = [p for p in doc.image_only_pages if p not in ocr_pages]
    if blind:
        return f"{page_list(blind)} of {doc.path} {'is a scan' if len(blind) == 1 else 'are scans'} without a text layer"
    return None


def unreadable_result(rule: str, doc: Document) -> Result:
    """``unverified`` with the reader's reason: a file the rule cannot see never passes."""
    reason = doc.unreadable_reason or "it could not be read"
    return Result(rule, Status.unverified, f"{doc.path} could not be checked: {reason}", evidence=[Evidence(doc.path, None, reason)])


PASSAGE_BLOCKS = 10
"""Blocks per passage when a format has no pages (DOCX, ODT): roughly a few paragraphs."""


def passages(doc: Document) -> list[tuple[int | None, str]]:
    """The document's text cut into passages: one per page, or runs of blocks without pages.

    One pass over the blocks, so rules that look for phrases stay linear in the text size.
    """
    out: list[tuple[int | None, list[str]]] = []
    for block in doc.blocks:
        if not block.text:
            continue
        if out and out[-1][0] == block.page and (block.page is not None or len(out[-1][1]) < PASSAGE_BLOCKS):
            out[-1][1].append(block.text)
        else:
            out.append((block.page, [block.text]))
    return [(page, "\n".join(texts)) for page, texts in out]


def head_text(doc: Document, limit: int = 4000) -> str:
    """The first ``limit`` characters of the text, without joining the whole document."""
    parts: list[str] = []
    size = 0
    for block in doc.blocks:
        parts.append(block.text)
        size += len(block.text) + 1
        if size >= limit:
            break
    return "\n".join(parts)[:limit]
