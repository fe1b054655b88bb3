"""Reading an HTTP/1.x request head: bounded, strict where it matters, lenient where clients differ.

The serve loop (:mod:`tenderctl.calendar.server`) hands over one complete head at a time; nothing
here touches a socket.
"""

from __future__ import annotations

from datetime import UTC
from email.utils import parsedate_to_datetime

MAX_REQUEST_LINE = 8 * 1024
"""A request line longer than this gets 414 (a calendar client's is well under 1 KiB)."""
MAX_HEADER_BYTES = 16 * 1024
"""Request headers beyond this (all lines together) get 431: a calendar client sends well under 2 KiB."""
MAX_HEADERS = 100
_UNPRINTABLE = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]} | {0x2028: "\\u2028", 0x2029: "\\u2029"}
_TOKEN_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def printable(text: str) -> str:
    """A log-safe form of a client's text: control, C1 and line-separator characters as \\xNN escapes."""
    return text.translate(_UNPRINTABLE)


def accepts_gzip(header: str | None) -> bool:
    """True when ``Accept-Encoding`` names gzip (or ``*``) with a non-zero q."""
    if not header:
        return False
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = params.strip().lower()
        if q.startswith("q="):
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def not_modified(headers: dict[str, str], last_modified: int, etag: str) -> bool:
    """RFC 9110 13.1.2/13.1.3: If-None-Match (weak comparison) wins over If-Modified-Since."""
    match = headers.get("if-none-match")
    if match is not None:
        tags = [t.strip() for t in match.split(",")]
        return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)
    since = headers.get("if-modified-since")
    if since:
        try:
            moment = parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError):
            return False
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return last_modified <= int(moment.timestamp())
    return False


def head_end(buffer: bytearray) -> tuple[int, int]:
    """(length of the head, bytes it takes with its blank line), or (-1, -1) while incomplete."""
    crlf, lf = buffer.find(b"\n\r\n"), buffer.find(b"\n\n")
    if crlf < 0 and lf < 0:
        return -1, -1
    if lf < 0 or (0 <= crlf < lf):
        return crlf + 1, crlf + 3
    return lf + 1, lf + 2


class Request:
    __slots__ = ("close", "headers", "line", "method", "target")

    def __init__(self, line: str, method: str, target: str, headers: dict[str, str], close: bool) -> None:
        self.line, self.method, self.target, self.headers, self.close = line, method, target, headers, close


class Refused(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def parse_head(head: bytes) -> Request:
    """A request head (without its blank line) as a Request; Refused(status, text) when it is not one."""
    lines = head.split(b"\n")
    line = lines[0].rstrip(b"\r").decode("iso-8859-1")
    if len(lines[0]) > MAX_REQUEST_LINE:
        raise Refused(414, "request line too long\n")
    words = line.split()
    if len(words) != 3 or not words[2].startswith("HTTP/1.") or not words[2][7:].isdigit():
        raise Refused(400, "bad request: a request line is: METHOD /path HTTP/1.1\n")
    method, target, version = words
    if not method or not set(method) <= _TOKEN_CHARS:
        raise Refused(400, "bad request: the method is not a token\n")
    if len(lines) - 1 > MAX_HEADERS or len(head) - len(lines[0]) > MAX_HEADER_BYTES:
        raise Refused(431, "request header fields too large\n")
    headers: dict[str, str] = {}
    for raw in lines[1:]:
        field = raw.rstrip(b"\r")
        if not field:
            continue
        name, colon, value = field.partition(b":")
        if not colon or not name or name[:1] in b" \t" or name[-1:] in b" \t":
            raise Refused(400, "bad request: a header line is: Name: value\n")  # obs-fold included (RFC 9112 5.2)
        key = name.decode("iso-8859-1").lower()
        text = value.strip(b" \t").decode("iso-8859-1")
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    tokens = {t.strip().lower() for t in headers.get("connection", "").split(",")}
    close = "keep-alive" not in tokens if version == "HTTP/1.0" else "close" in tokens
    length = headers.get("content-length")
    if length is not None and not length.strip().isdigit():
        raise Refused(400, "bad request: Content-Length is not a number\n")
    if "transfer-encoding" in headers or (length is not None and int(length) > 0):
        close = True  # a body this server never reads: answer, then close rather than parse it as a request
    return Request(line, method, target, headers, close)


def split_target(target: str) -> tuple[str, str]:
    """(path, query) of a request target (origin or absolute form)."""
    target = target.split("#", 1)[0]
    if "://" in target.split("?", 1)[0]:
        rest = target.split("://", 1)[1]
        target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    path, _, query = target.partition("?")
    return path, query
