"""Read one file into a :class:`Document`: open it safely, sniff its real format, dispatch.

This module runs inside the sandbox worker. It opens the file with ``O_NOFOLLOW`` and
``O_NONBLOCK`` and checks it is still a regular file (the folder may change between listing
and reading), sniffs the format from the bytes rather than trusting the extension, and hands
the bytes to one reader per format.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import PurePath

from tenderctl.documents import nesting
from tenderctl.documents.formats.pdf import read_pdf
from tenderctl.documents.limits import MAX_BYTES as MAX_BYTES
from tenderctl.documents.limits import Limits as Limits
from tenderctl.documents.model import Document, Part, TextBlock
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
        from tenderctl.documents.formats.archive import zip_kind  # lazy: documents.formats.archive (+16 ms) on check

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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM is full of NUL bytes: look before the NUL test
        try:
            data[: len(sample) & ~1].decode("utf-16")
        except UnicodeDecodeError:
            return "unknown"
        return ext_format if ext_format in ("txt", "md", "csv", "html") else "txt"
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


_CHAIN: list[bytes] = []
"""The files being read, outermost first (a worker reads one file at a time): an attachment
equal to one of them contains itself."""


def read_attached(doc: Document, name: str, data: bytes | None, limits: Limits, depth: int, page: int | None) -> None:
    """Read a file attached to or embedded in ``doc`` (at ``depth``) into it, or record why not.

    Its text joins ``doc`` as ``attachment`` blocks prefixed with its name; what could not be
    read in it becomes a part of ``doc`` not read, named "inside NAME".
    """
    doc.blocks.append(TextBlock(name, page=page, where="attachment"))
    note = f"has an attached file: {name}"
    if note not in doc.notes:
        doc.notes.append(note)
    why = None
    if data is None:
        why = "could not be extracted"
    elif depth >= limits.attachment_depth:
        why = f"nested {depth + 1} deep, past the bound of {limits.attachment_depth}: not read"
    elif len(data) > limits.max_attachment:
        why = f"too large to read ({len(data):,} bytes)"
    elif any(len(outer) == len(data) and outer == data for outer in _CHAIN):
        why = "contains itself (an attachment of its own): read once, not again"
    if why is not None or data is None:
        doc.part("attachments", False, f"attached file {name}: {why}", page)
        return
    _CHAIN.append(data)
    try:
        inner = read_bytes(data, name, limits, depth + 1)
    finally:
        _CHAIN.pop()
    if not inner.readable:
        doc.part("attachments", False, f"attached file {name}: {inner.unreadable_reason}", page)
        return
    doc.part("attachments", True, f"attached file {name} read", page)
    for block in inner.blocks:
        doc.blocks.append(
            TextBlock(
                f"[{name}] {block.text}",
                page=page,
                where="attachment",
                cell=block.cell,
                number_format=block.number_format,
                column_header=block.column_header,
            )
        )
    for part in inner.parts:
        doc.part(part.kind, part.read, f"inside {name}: {part.describe()}", page)
    if inner.image_only_pages:
        doc.part("pictures", False, f"inside {name}: {len(inner.image_only_pages)} scanned page(s) without a text layer", page)


def read_bytes(data: bytes, display: str, limits: Limits | None = None, depth: int = 0) -> Document:
    """Read a file's bytes into a Document (also used for files attached inside files)."""
    limits = limits or Limits()
    if depth == 0:
        _CHAIN[:] = [data]
        try:
            return _read_bytes(data, display, limits, depth)
        finally:
            _CHAIN.clear()
    return _read_bytes(data, display, limits, depth)


def _read_bytes(data: bytes, display: str, limits: Limits, depth: int) -> Document:
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
        from tenderctl.documents.formats.archive import ZipLimit  # lazy: documents.formats.archive (+13 ms) on check

        if isinstance(exc, ZipLimit):
            return unreadable(doc, f"refused: {exc}")
        if "amplification" in str(exc) or "entity" in str(exc).lower():
            return unreadable(doc, f"refused: XML entity expansion (a 'billion laughs' file?): {str(exc)[:120]}")
        if type(exc).__name__ in ("BadZipFile", "XMLSyntaxError", "LargeZipFile", "ParseError"):
            return unreadable(doc, f"damaged {fmt} file ({type(exc).__name__}: {str(exc)[:200]})")
        raise
    if doc.readable and not doc.blocks and fmt not in ("image",) and not doc.image_only_pages and limits.parts <= 1:
        doc.notes.append("no text found")
    bound_text(doc, limits.max_text)
    if fmt == "pdf" and limits.part == 0 and _also_zip(data):
        doc.part("embedded objects", False, "the file is also a valid ZIP archive (a PDF/ZIP polyglot): only its PDF side was read")
    if limits.part == 0:
        read_kinds = sorted({_WHERE_PART.get(b.where, "text layer") for b in doc.blocks if b.where not in ("metadata", "attachment")})
        doc.parts[:0] = [Part(kind, True) for kind in read_kinds]
    return doc


_WHERE_PART = {
    "body": "text layer",
    "table": "table cells",
    "cell": "table cells",
    "header": "headers/footers",
    "footer": "headers/footers",
    "footnote": "footnotes/endnotes",
    "comment": "comments",
    "deleted": "tracked changes",
    "inserted": "tracked changes",
    "textbox": "text boxes/shapes",
    "alt-text": "alt text",
    "chart": "charts",
    "smartart": "SmartArt",
    "form-field": "form fields",
    "annotation": "annotations",
    "ocr": "pictures",
}
"""The part each kind of text block comes from (see ``TextBlock.where``)."""


def _also_zip(data: bytes) -> bool:
    """A ZIP end-of-central-directory record near the end that opens as an archive."""
    tail = data[-66_000:]
    if b"PK\x05\x06" not in tail:
        return False
    import zipfile  # lazy: zipfile (+4 ms) on check

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bool(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def bound_text(doc: Document, max_text: int) -> None:
    """Keep at most ``max_text`` characters of text; the rest is a part not read.

    Counted per block as handed over, so 500,000 cells that share one 1 kB string count as
    500 MB, which is what the parent would hold once the blocks are unpickled apart.
    """
    total = 0
    for index, block in enumerate(doc.blocks):
        total += len(block.text)
        if total > max_text:
            dropped = len(doc.blocks) - index
            del doc.blocks[index:]
            doc.partial = True
            doc.part("text", False, f"text past the first {max_text:,} characters not read ({dropped:,} more lines or cells)")
            return


Reader = Callable[[bytes, Document, Limits, int], None]
"""One signature for every format: the file's bytes, the Document to fill, the bounds, the
attachment depth (0 for a file of the folder). Each format's module is imported on its first
file (the comment on each import says what that saves `check`); PDF's at the top: `check` reads
one in every proposal, and it keeps pypdfium2 lazy itself."""


def _pdf(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    read_pdf(data, doc, limits, depth)


def _docx(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.docx import read_docx  # lazy: documents.formats.docx (+16 ms) on check

    read_docx(data, doc, limits, depth)


def _xlsx(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.xlsx import read_xlsx  # lazy: documents.formats.xlsx (+9 ms) on check

    read_xlsx(data, doc, limits, depth)


def _odf(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.odf import read_odf  # lazy: documents.formats.odf (+16 ms) on check

    read_odf(data, doc, limits, depth)


def _text(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.text import read_text  # lazy: documents.formats.text (+2 ms) on check

    read_text(data, doc)


def _image(data: bytes, doc: Document, limits: Limits, depth: int) -> None:
    from tenderctl.documents.formats.ocr import read_image  # lazy: documents.formats.ocr (+3 ms) on check

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


nesting.install(read_attached)
