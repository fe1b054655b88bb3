"""URLs fit for a URI property or an href: http(s), ASCII (RFC 3986), never escaped text."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_URL = re.compile(r"https?://[^\s<>\"'\\^`{|}\x00-\x1f\x7f]+", re.IGNORECASE)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def safe_url(value: str | None) -> str | None:
    """An http(s) URL fit for a URI property or an href, else None (never escaped text).

    A URI is ASCII (RFC 3986): a non-ASCII host is written in IDNA (``xn--``), other
    non-ASCII characters percent-encoded as UTF-8. A URL that cannot be made so is None, and
    so is one with credentials (``user:password@``): a calendar is published, so they are left
    out rather than handed to every subscriber.
    """
    if not value:
        return None
    value = value.strip()
    if not _URL.fullmatch(value) or has_credentials(value):
        return None
    if value.isascii():
        return value
    return _ascii_url(value)


def has_credentials(value: str) -> bool:
    """True when the URL's authority holds a user name or password (or cannot be split to tell)."""
    try:
        parts = urlsplit(value.strip())
        return parts.username is not None or parts.password is not None
    except ValueError:
        return True


def _ascii_url(value: str) -> str | None:
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        if not host.isascii():
            host = ".".join(label.encode("idna").decode("ascii") if not label.isascii() else label for label in host.split("."))
        netloc = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
        if parts.port is not None:
            netloc += f":{parts.port}"
    except (ValueError, UnicodeError):
        return None

    def encode(text: str) -> str:
        return _NON_ASCII.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), text)

    out = urlunsplit((parts.scheme, netloc, encode(parts.path), encode(parts.query), encode(parts.fragment)))
    return out if out.isascii() and _URL.fullmatch(out) else None
