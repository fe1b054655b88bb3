"""What a document reader hands to the checklist rules: text with places, images, signatures.

Readers fill these in (one module per format under ``tenderctl.documents``); rules only
ever read them. Everything is plain data so a reader can run in a worker process and
send its result back pickled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

BBox = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in PDF points, origin at the bottom-left of the page."""


LABEL_STEMS = ("sign", "firm", "assin", "faithfully", "sincerely", "respectfully", "agr", "atentamente", "cordial", "regards")
"""Every signature-block label (``checks.signature.LABELS``: signature, signé, firma,
assinatura...) and letter closing (``checks.signature.CLOSINGS``: Yours faithfully, Veuillez
agréer...) contains one of these, lower-cased; a test keeps the two in step."""


def may_be_signature_label(text: str) -> bool:
    """Cheap test before the label pattern: readers measure only such lines, the rule skips the rest."""
    lowered = text.lower()
    return any(stem in lowered for stem in LABEL_STEMS)


class Role(str, Enum):
    """What a file of a proposal is; the one list of document roles (tender validation and
    the checklist engine take theirs from :data:`ROLES`)."""

    technical = "technical"
    financial = "financial"
    cv = "cv"
    other = "other"


ROLES: tuple[str, ...] = tuple(role.value for role in Role)
"""``technical``, ``financial``, ``cv``, ``other``: what a tender's ``documents:`` and a check's ``documents:`` may name."""


@dataclass
class TextBlock:
    """A run of text and where it lives.

    ``where`` names the part of the file: ``body``, ``table``, ``header``, ``footer``,
    ``footnote``, ``textbox``, ``comment``, ``deleted`` (tracked deletion: it still ships),
    ``inserted``, ``annotation``, ``form-field``, ``attachment``, ``metadata``,
    ``cell`` (spreadsheets; see ``cell``), ``ocr`` (text recognised from an image).
    Not frozen, though rules only read it: readers make tens of thousands, and a frozen
    dataclass is four times slower to construct.
    """

    text: str
    page: int | None = None
    where: str = "body"
    bbox: BBox | None = None
    """Where the line sits on its page, when it was measured: PDFs measure the first page's
    lines and lines that may be signature labels (see :func:`may_be_signature_label`)."""
    cell: str | None = None
    """Spreadsheet cell as ``Sheet!B7``."""
    number_format: str | None = None
    """Spreadsheet number format, e.g. ``"$"#,##0.00`` (a currency format is evidence of a price)."""
    column_header: str | None = None
    """Spreadsheet: the header text of the cell's column (e.g. ``Unit cost``)."""

    def __reduce__(self) -> tuple[type[TextBlock], tuple[Any, ...]]:
        """Pickled as the arguments that make it: reader workers send tens of thousands, and
        pickle's default (a state dict per block) took a 300-page PDF's parent 19 ms to load,
        this 6 ms (and 30 % fewer bytes)."""
        if self.cell is None and self.number_format is None and self.column_header is None:
            return (type(self), (self.text, self.page, self.where, self.bbox))
        return (type(self), (self.text, self.page, self.where, self.bbox, self.cell, self.number_format, self.column_header))


@dataclass(frozen=True)
class ImageInfo:
    """A picture placed on a page (PDF) or in the document body (DOCX)."""

    page: int | None
    bbox: BBox | None
    width_px: int = 0
    height_px: int = 0
    where: str = "body"
    near_text: str = ""
    """Text next to the picture (the paragraph or table cell it sits in, for DOCX)."""


@dataclass(frozen=True)
class InkMark:
    """Hand-drawn ink: a PDF ink annotation or a freehand vector path."""

    page: int | None
    bbox: BBox | None
    kind: str = "ink-annotation"


@dataclass(frozen=True)
class SignatureInfo:
    """A digital signature field, filled or not, with what verification established."""

    kind: str
    """``pdf`` or ``docx``."""
    field: str | None = None
    page: int | None = None
    signed: bool = False
    """The field holds signature bytes that parse as a CMS/XML signature."""
    intact: bool | None = None
    """The signed bytes hash to the signed digest (None: could not be checked)."""
    covers_document: bool | None = None
    """The signature covers the whole file, or later revisions are only of allowed kinds."""
    modified_after: str | None = None
    """What changed after signing, in words, when something did."""
    signer: str | None = None
    trusted: bool | None = None
    """Only set when trust roots were given (``--trust``)."""
    detail: str = ""


PART_KINDS = (
    "text layer",
    "table cells",
    "headers/footers",
    "footnotes/endnotes",
    "comments",
    "tracked changes",
    "hidden text",
    "text boxes/shapes",
    "alt text",
    "charts",
    "SmartArt",
    "form fields",
    "annotations",
    "attachments",
    "embedded objects",
    "pictures",
    "pages",
    "text",
)
"""The parts of a file a reader accounts for (``docs/checklist.md`` lists which reader reads which)."""


@dataclass(frozen=True)
class Part:
    """One part of a file that could hold what a rule looks for, and whether it was read.

    Readers record every part they did not read (``read=False``) with the page and a reason
    a person can act on ("a picture 1600x900 px not read (no OCR)"); the engine turns a rule's
    ``pass`` into ``unverified`` for a file with such a part (see ``checks/engine.py``).
    """

    kind: str
    """One of :data:`PART_KINDS`."""
    read: bool
    page: int | None = None
    detail: str = ""

    def describe(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return where + (self.detail or f"{self.kind} {'read' if self.read else 'not read'}")


PICTURE_MIN_PX = (300, 120)
"""A picture at least this many pixels wide and tall may carry a line of text (a price, a table)."""
PICTURE_MIN_PT = (144.0, 54.0)
"""...and shown at least this large on the page (2 x 0.75 inch): smaller ones are logos, icons, signatures."""


def may_hold_text(image: ImageInfo) -> bool:
    """A picture large enough, in pixels and as shown, to carry text a rule looks for."""
    if image.width_px < PICTURE_MIN_PX[0] or image.height_px < PICTURE_MIN_PX[1]:
        return False
    if image.bbox is not None:
        x0, y0, x1, y1 = image.bbox
        if x1 - x0 < PICTURE_MIN_PT[0] or y1 - y0 < PICTURE_MIN_PT[1]:
            return False
    return True


@dataclass
class Document:
    """One file of a proposal, as far as the reader could see into it."""

    path: str
    """Relative to the proposal folder (display form)."""
    format: str
    """``pdf``, ``docx``, ``xlsx``, ``odt``, ``ods``, ``txt``, ``md``, ``image``, ``unknown``..."""
    size: int
    role: Role = Role.other
    pages: int | None = None
    blocks: list[TextBlock] = field(default_factory=list)
    images: list[ImageInfo] = field(default_factory=list)
    ink: list[InkMark] = field(default_factory=list)
    signatures: list[SignatureInfo] = field(default_factory=list)
    encrypted: bool = False
    password_protected: bool = False
    """A user password is needed to open it (an encrypted file without one opens anyway)."""
    readable: bool = True
    """False when the text could not be read at all (parse failure, encryption, time/memory bound)."""
    unreadable_reason: str | None = None
    image_only_pages: list[int] = field(default_factory=list)
    """Pages with pictures but no text layer (scans): nothing on them can be checked."""
    damaged_pages: list[int] = field(default_factory=list)
    """Pages the reader could not load at all (a broken page object): nothing on them was checked."""
    notes: list[str] = field(default_factory=list)
    """What could and could not be read, in words, for the report."""
    title: str | None = None
    """First-page title (first heading or first line), used to classify the role."""
    partial: bool = False
    """Only part of the file was read (page, line or cell bound reached); ``notes`` says which part."""
    parts: list[Part] = field(default_factory=list)
    """The parts of the file and whether each was read (see :class:`Part`)."""

    def part(self, kind: str, read: bool, detail: str = "", page: int | None = None) -> None:
        """Record a part; an unread one also goes into ``notes`` so every report shows it."""
        self.parts.append(Part(kind, read, page, detail))
        if not read:
            line = Part(kind, read, page, detail).describe()
            if line not in self.notes:
                self.notes.append(line)

    def unread_parts(self) -> list[Part]:
        return [p for p in self.parts if not p.read]

    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)

    def page_text(self, page: int) -> str:
        return "\n".join(block.text for block in self.blocks if block.page == page)
