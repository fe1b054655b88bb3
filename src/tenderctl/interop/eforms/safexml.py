"""Untrusted XML parsed under bounds: the one way an eForms notice's bytes become a tree.

lxml with entity resolution off, no network, no DTD loading and libxml2's own limits
(``huge_tree`` off: 256 levels of nesting, 10 MB text nodes); a DOCTYPE is refused before parsing
(no eForms notice has one, and it is how entity bombs arrive); the size and the number of
elements are bounded before the parser runs. Every problem is one
:class:`tenderctl.errors.Problem` naming the file, the element's line and the element.
"""

from __future__ import annotations

import functools
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from tenderctl.errors import Level, Problem
from tenderctl.interop.ocds._common import one_physical_line

MAX_NOTICE_BYTES = 16 * 1024 * 1024
"""The largest TED notices (hundreds of lots) are a few MB."""
MAX_ELEMENTS = 500_000
"""Counted as ``<`` before parsing (an upper bound on elements): bounds the tree's memory."""
MAX_DEPTH = 256
"""libxml2's own nesting limit without ``huge_tree``; reported as our message."""


class NoticeError(Exception):
    """The notice cannot be imported: one problem line."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def problem(source: str, line: int, element: str, message: str, level: Level = Level.error, hint: str = "") -> Problem:
    return Problem(one_physical_line(source), line or 1, 1, element, one_physical_line(message), hint, level)


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _root_start(raw: bytes) -> int:
    """The offset of the first ``<`` not followed by ``?`` or ``!`` (the root element's start, or
    -1): what ``re.search(rb"<[^?!]", raw)`` finds, by ``bytes.find`` (the regex, without a
    literal prefix to look for, cost a tenth of the extraction of a notice)."""
    at = raw.find(b"<")
    while at >= 0:
        following = raw[at + 1 : at + 2]
        if not following:
            return -1
        if following not in b"?!":
            return at
        at = raw.find(b"<", at + 1)
    return -1


@functools.cache
def _parser() -> Any:
    """One parser for every notice (lxml parsers are reusable; building one costs per file)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=True,  # fewer nodes: faster than a bare parse, and no text is lost
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_xml(raw: bytes, source: str) -> Any:
    """The root element of ``raw``, parsed under every bound; :class:`NoticeError` otherwise."""
    if len(raw) > MAX_NOTICE_BYTES:
        raise NoticeError(problem(source, 1, "file", f"{len(raw):,} bytes, over the {MAX_NOTICE_BYTES:,}-byte limit for one notice"))
    if not raw or raw.isspace():  # isspace: no stripped copy of a large file
        raise NoticeError(problem(source, 1, "file", "the file is empty"))
    head = raw[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise NoticeError(problem(source, 1, "file", "not UTF-8 (UTF-16 or binary); eForms notices are UTF-8 XML"))
    start = _root_start(raw)
    end = start if start >= 0 else len(raw)  # a DOCTYPE (and its entities) can only come before the root
    doctype = raw.find(b"<!DOCTYPE", 0, end)
    if doctype < 0:
        doctype = raw.find(b"<!ENTITY", 0, end)
    if doctype >= 0:
        raise NoticeError(
            problem(
                source,
                _line_of_offset(raw, doctype),
                "DOCTYPE",
                "a DTD or entity declaration is not allowed in an eForms notice (entities are never expanded)",
            )
        )
    # Each element needs a '<': a file of at most MAX_ELEMENTS bytes cannot hold more, so only
    # larger ones are counted (the count costs as much as a tenth of the parse).
    if len(raw) > MAX_ELEMENTS and raw.count(b"<") > MAX_ELEMENTS:
        cut = -1
        for _ in range(MAX_ELEMENTS + 1):
            cut = raw.find(b"<", cut + 1)
        raise NoticeError(problem(source, _line_of_offset(raw, cut), "file", f"more than {MAX_ELEMENTS:,} elements; not a notice"))
    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else 1)
        message = str(exc.msg or exc).split(", line ")[0]
        if "depth" in message.lower():
            message = f"nested more than {MAX_DEPTH} levels deep; not a notice"
        raise NoticeError(problem(source, line, "xml", f"not well-formed XML: {message}")) from None
    except (ValueError, MemoryError) as exc:  # lxml refuses some inputs outside XMLSyntaxError
        raise NoticeError(problem(source, 1, "xml", f"cannot be parsed: {exc}")) from None
    if root is None:
        raise NoticeError(problem(source, 1, "xml", "no root element"))
    return root
