"""Read one file into a :class:`Document`: open it safely, sniff its real format, dispatch.

This module runs inside the sandbox worker. It opens the file with ``O_NOFOLLOW`` and
``O_NONBLOCK`` and checks it is still a regular file (the folder may change between listing
and reading), sniffs the format from the bytes rather than trusting the extension, and hands
the bytes to one reader per format.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from tenderctl.documents.limits import MAX_BYTES as MAX_BYTES
from tenderctl.documents.limits import Limits as Limits
from tenderctl.documents.model import Document
from tenderctl.fsutil import UnreadableFile, read_bounded

EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".odt": "odt",
    ".ods": "ods",
    ".txt": "txt",
    ".md": "md",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".doc": "doc",
    ".xls": "xls",
    ".rtf": "rtf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".gif": "image",
    ".bmp": "image",
    ".zip": "zip",
}

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, name: str) -> str:
    """The file's real format from its bytes (the extension only breaks ties)."""
    ext_format = EXTENSIONS.get(PurePath(name).suffix.lower(), "unknown")
    if not data:
        return "empty"
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        from tenderctl.documents.formats.archive import zip_kind

        return zip_kind(data, ext_format)
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data[:65536] or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d" in data:
            return "encrypted-office"
        return ext_format if ext_format in ("doc", "xls") else "ole"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    sample = data[:8192]
    if b"\x00" not in sample:
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 4:  # a multi-byte char cut at the sample's end is fine
                return "unknown"
        return ext_format if ext_format in ("txt", "md", "csv", "html") else "txt"
    return "unknown"


def unreadable(doc: Document, reason: str) -> Document:
    doc.readable = False
    doc.unreadable_reason = reason
    return doc


def open_regular(path: str, max_bytes: int) -> tuple[bytes | None, int, str | None]:
    """Read a regular file without following a symlink or blocking on a FIFO (see :func:`tenderctl.fsutil.read_bounded`).

    Returns (data, size, problem); data is None when the file must not or cannot be read.
    """
    try:
        data, _info = read_bounded(path, max_bytes, what="document")
    except UnreadableFile as exc:
        return None, exc.size, exc.message
    return data, len(data), None


def read_path(path: str, display: str, limits: Limits | None = None) -> Document:
    """Read the file at ``path`` (shown as ``display``) into a Document. Runs in the worker."""
    limits = limits or Limits()
    data, size, problem = open_regular(path, limits.max_bytes)
    if data is None:
        return unreadable(Document(path=display, format="unknown", size=size), problem or "cannot read")
    return read_bytes(data, display, limits)


def read_bytes(data: bytes, display: str, limits: Limits | None = None, depth: int = 0) -> Document:
    """Read a file's bytes into a Document (also used for files attached inside files)."""
    limits = limits or Limits()
    fmt = sniff(data, display)
    doc = Document(path=display, format=fmt, size=len(data))
    if limits.part > 0 and fmt != "pdf":
        return doc  # only PDFs are split over workers; part 0 reads everything else
    ext_format = EXTENSIONS.get(PurePath(display).suffix.lower())
    if ext_format and fmt not in (ext_format, "empty", "encrypted-office") and not (fmt == "txt" and ext_format in ("md", "csv", "html")):
        doc.notes.append(f"the extension says {ext_format} but the content is {fmt}")
    if fmt == "empty":
        return unreadable(doc, "empty file (0 bytes)")
    try:
        READERS.get(fmt, _UNRECOGNISED)(data, doc, limits, depth)
    except Exception as exc:
        from tenderctl.documents.formats.archive import ZipLimit

        if isinstance(exc, ZipLimit):
            return unreadable(doc, f"refused: {exc}")
        if "amplification" in str(exc) or "entity" in str(exc).lower():
            return unreadable(doc, f"refused: XML entity expansion (a 'billion laughs' file?): {str(exc)[:120]}")
        if type(exc).__name__ in ("BadZipFile", "XMLSyntaxError", "LargeZipFile", "ParseError"):
            return unreadable(doc, f"damaged {fmt} file ({type(exc).__name__}: {str(exc)[:200]})")
        raise
    if doc.readable and not doc.blocks and fmt not in ("image",) and not doc.image_only_pages and limits.parts <= 1:
        doc.notes.append("no text found")
    return doc


Reader = Callable[[bytes, Document, Limits, int], None]
"""One signature for every format: the file's bytes, the Document to fill, the bounds, the
attachment depth (0 for a file of the folder). Readers import their parser lazily."""


def _pdf(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.pdf import read_pdf

    read_pdf(data, doc, limits, depth)


def _docx(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.docx import read_docx

    read_docx(data, doc, limits, depth)


def _xlsx(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.xlsx import read_xlsx

    read_xlsx(data, doc, limits)


def _odf(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.odf import read_odf

    read_odf(data, doc, limits)


def _text(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.text import read_text

    read_text(data, doc)


def _image(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.ocr import read_image

    read_image(data, doc, limits)


def _encrypted_office(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    ext_format = EXTENSIONS.get(PurePath(doc.path).suffix.lower())
    doc.format = ext_format if ext_format in ("docx", "xlsx") else "office"
    doc.encrypted = doc.password_protected = True
    unreadable(doc, "encrypted with a password (Office encryption): its content cannot be checked")


def _refuse(reason: str) -> Reader:
    def refuse(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
        unreadable(doc, reason.format(fmt=doc.format))

    return refuse


READERS: dict[str, Reader] = {
    "pdf": _pdf,
    "docx": _docx,
    "xlsx": _xlsx,
    "odt": _odf,
    "ods": _odf,
    "odp": _odf,
    "txt": _text,
    "md": _text,
    "csv": _text,
    "html": _text,
    "image": _image,
    "encrypted-office": _encrypted_office,
    "doc": _refuse("legacy binary Office format ({fmt}) is not read: save it as .docx/.xlsx to have it checked"),
    "xls": _refuse("legacy binary Office format ({fmt}) is not read: save it as .docx/.xlsx to have it checked"),
    "ole": _refuse("legacy binary Office format ({fmt}) is not read: save it as .docx/.xlsx to have it checked"),
    "rtf": _refuse("RTF is not read: save it as .docx or PDF to have it checked"),
    "zip": _refuse("a zip archive: its content is not read"),
}
"""Format (as :func:`sniff` names it) -> reader; a format missing here is reported unrecognised."""

_UNRECOGNISED = _refuse("unrecognised file format: its content cannot be checked")
