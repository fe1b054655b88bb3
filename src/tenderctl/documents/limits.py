"""The bounds every reader obeys, as plain data that crosses into the sandbox worker."""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 512 * 1024 * 1024
"""Files larger than this are not read at all (reported unreadable)."""


@dataclass(frozen=True)
class Limits:
    """Bounds for readers; plain data so it crosses into the worker."""

    max_bytes: int = MAX_BYTES
    max_pages: int = 2000
    """PDF pages read; later pages are reported as not checked."""
    max_inflated: int = 256 * 1024 * 1024
    """Total bytes a zip (DOCX/XLSX/ODT) may inflate to."""
    max_ratio: int = 200
    """Largest compression ratio of a zip member (zip bombs compress at 1000:1)."""
    max_member: int = 128 * 1024 * 1024
    """Largest single zip member, inflated."""
    max_cells: int = 500_000
    """Spreadsheet cells read across all sheets."""
    ocr: bool = True
    """Run ``tesseract`` on image-only pages when it is installed."""
    attachment_depth: int = 3
    """How deep to read files attached inside files (PDF attachments, embedded objects); deeper
    ones, and a file that contains itself, are parts not read."""
    max_attachment: int = 64 * 1024 * 1024
    """Largest attached or embedded file read."""
    max_text: int = 20_000_000
    """Characters of text a document may hand over (a few hundred thousand pages of prose): past
    it the rest is a part not read. Bounds the parent's memory whatever the reader sees."""
    fast_text: bool = True
    """Take plain PDF pages' text from pdf_oxide (:mod:`tenderctl.documents.formats.pdf_fast`);
    off for a second reading of a file whose first one crashed its worker."""
    part: int = 0
    parts: int = 1
    """Read only the ``part``-th of ``parts`` contiguous runs of pages (a long PDF split over several
    workers; see :func:`tenderctl.documents.formats.pdf.page_range`)."""
