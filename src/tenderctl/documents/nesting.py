"""The way back from a format to the reader, for documents inside documents.

A PDF attachment, an object embedded in a DOCX or an ODT is itself a document, read by the
same registry with the same bounds (one level deeper). The formats cannot import
:mod:`tenderctl.documents.reader`, which imports them; so the reader installs its
``read_attached`` here when it is imported, and the formats call it through this module.
Every format reader is called by the reader, so it is always installed by then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenderctl.documents.limits import Limits
    from tenderctl.documents.model import Document

AttachedReader = Callable[["Document", str, "bytes | None", "Limits", int, "int | None"], None]
_installed: list[AttachedReader] = []


def install(reader: AttachedReader) -> None:
    _installed[:] = [reader]


def read_attached(doc: Document, name: str, data: bytes | None, limits: Limits, depth: int, page: int | None) -> None:
    """Read a file found inside ``doc`` into it (see :func:`tenderctl.documents.reader.read_attached`)."""
    if not _installed:  # a format reader called directly, not through tenderctl.documents.reader
        raise RuntimeError("import tenderctl.documents.reader before reading documents inside documents")
    _installed[0](doc, name, data, limits, depth, page)
