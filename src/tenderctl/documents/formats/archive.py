"""Zip containers (DOCX, XLSX, ODT) read with bounds, and XML parsed without entity tricks.

A zip bomb is a few kilobytes that inflate to gigabytes; an XML "billion laughs" does the same
with entities. :class:`SafeZip` checks each member's declared size and ratio before inflating
and counts what it actually inflates (declared sizes can lie); :func:`parse_xml` uses an lxml
parser that resolves no entities, fetches nothing from the network and refuses huge trees.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tenderctl.documents.limits import Limits


class ZipLimit(Exception):
    """The archive breaks a bound (probably a zip bomb)."""


DAMAGE = (zlib.error, EOFError, NotImplementedError, ValueError, OSError, zipfile.BadZipFile, KeyError, RuntimeError)
"""What zipfile raises on damaged archives (reported as a damaged file, never a crash)."""


def zip_kind(data: bytes, ext_format: str) -> str:
    """docx / xlsx / odt / ods / zip from the member names (not the extension)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist()[:5000])
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200:
                    mime = archive.read("mimetype").decode("ascii", "replace").strip()
                    for suffix, kind in (("text", "odt"), ("spreadsheet", "ods"), ("presentation", "odp")):
                        if mime.endswith("opendocument." + suffix):
                            return kind
    except DAMAGE:
        return ext_format if ext_format in ("docx", "xlsx", "odt", "ods") else "zip"
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        return "docx"
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "content.xml" in names:
        return ext_format if ext_format in ("odt", "ods") else "odt"
    return "zip"


class SafeZip:
    """A zip file whose members are read within size and ratio bounds."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except DAMAGE as exc:
            raise zipfile.BadZipFile(f"{type(exc).__name__}: {str(exc)[:150]}") from exc
        self.limits = limits
        self.inflated = 0
        self.names = self.archive.namelist()
        if len(self.names) > 20000:
            raise ZipLimit(f"too many members ({len(self.names)})")
        self._infos = {info.filename: info for info in self.archive.infolist()}

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """Inflate one member, stopping as soon as a bound is crossed."""
        info = self._infos[name]
        limits = self.limits
        if info.flag_bits & 0x1:
            raise ZipLimit(f"{name} is encrypted")
        if info.compress_size and info.file_size / info.compress_size > limits.max_ratio and info.file_size > 1024 * 1024:
            raise ZipLimit(f"{name} compresses {info.file_size // info.compress_size}:1 (a zip bomb?)")
        if info.file_size > limits.max_member:
            raise ZipLimit(f"{name} would inflate to {info.file_size // (1024 * 1024)} MB (bound {limits.max_member // (1024 * 1024)} MB)")
        if self.inflated + info.file_size > limits.max_inflated:
            raise ZipLimit(f"the archive inflates past {limits.max_inflated // (1024 * 1024)} MB (a zip bomb?)")
        try:
            return self._inflate(name, info)
        except (ZipLimit, zipfile.BadZipFile):
            raise
        except DAMAGE as exc:  # a corrupt deflate stream, a member cut short, a bogus offset
            raise zipfile.BadZipFile(f"{name}: {type(exc).__name__}: {str(exc)[:150]}") from exc

    def _inflate(self, name: str, info: zipfile.ZipInfo) -> bytes:
        limits = self.limits
        out = bytearray()
        budget = min(limits.max_member, limits.max_inflated - self.inflated)
        with self.archive.open(info) as stream:
            while True:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                out += chunk
                if len(out) > budget or len(out) > max(info.file_size, 0) + 1024:
                    raise ZipLimit(f"{name} inflates past its declared size or the bound (a zip bomb?)")
                if info.compress_size and len(out) > 1024 * 1024 and len(out) / info.compress_size > limits.max_ratio:
                    raise ZipLimit(f"{name} compresses more than {limits.max_ratio}:1 (a zip bomb?)")
        self.inflated += len(out)
        return bytes(out)

    def xml(self, name: str) -> Any:
        """Parse a member as XML (safe parser); None when absent."""
        if name not in self._infos:
            return None
        return parse_xml(self.read(name))


def xml_parser() -> Any:
    from lxml import etree  # type: ignore[import-untyped]  # lazy: lxml (+20 ms) on every zip that check sniffs (reader.sniff); the XML readers import it themselves

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False, recover=False)


def parse_xml(data: bytes) -> Any:
    """Parse bytes into an lxml element with the safe parser (raises on malformed XML)."""
    from lxml import etree  # lazy: lxml (+20 ms) on every zip that check sniffs (reader.sniff); the XML readers import it themselves

    return etree.fromstring(data, parser=xml_parser())
