"""Per-subscriber feeds: query-string filters and a secret token in the URL path.

``/all.ics?kind=submission&status=open&tag=roads`` narrows a feed to some milestone kinds,
tender statuses (or the groups ``active``/``closed``) and tags; each parameter may repeat
or hold a comma-separated list, values of one parameter are alternatives (OR), different
parameters must all hold (AND). Unknown parameters are ignored (clients add cache busters);
an unknown kind or status is a 400 that lists the choices.

A token makes the feed live under ``/<token>/`` only: every other path, a wrong or missing
token included, gets the same 404 as a path that does not exist, so a stranger learns
neither whether the token was close nor which tenders exist. The token is compared in
constant time and never written to the request log.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from tenderctl.fsutil import UnreadableFile, atomic_write, read_bounded
from tenderctl.vocab import MILESTONE_KINDS, STATUS_GROUPS, STATUSES

MAX_FIELDS = 32
TOKEN_BYTES = 24
MIN_TOKEN_LENGTH = 16


@dataclass(frozen=True)
class FeedQuery:
    """What a subscriber asked for; None for a parameter not given."""

    kinds: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    tags: frozenset[str] | None = None

    @property
    def empty(self) -> bool:
        return self.kinds is None and self.statuses is None and self.tags is None

    def key(self) -> str:
        """A canonical form: the same filters in any order or spelling give the same key (and feed)."""
        parts = []
        for name, values in (("kind", self.kinds), ("status", self.statuses), ("tag", self.tags)):
            if values is not None:
                parts.append(f"{name}={','.join(sorted(values))}")
        return "&".join(parts)


def normalise_tag(tag: str) -> str:
    return " ".join(tag.split()).casefold()


def _values(form: dict[str, list[str]], name: str) -> list[str] | None:
    given = form.get(name)
    if given is None:
        return None
    return [v.strip() for item in given for v in item.split(",") if v.strip()]


def parse_query(query: str) -> FeedQuery:
    """The filters of a query string; ValueError with a message for the 400 otherwise."""
    if not query:
        return FeedQuery()
    try:
        form = parse_qs(query, keep_blank_values=False, max_num_fields=MAX_FIELDS, errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"unreadable query string: {exc}") from None
    kinds = _values(form, "kind")
    if kinds is not None:
        unknown = sorted(set(kinds) - set(MILESTONE_KINDS))
        if unknown:
            raise ValueError(f"kind: unknown value {unknown[0]!r} (choose from {', '.join(MILESTONE_KINDS)})")
    statuses = _values(form, "status")
    status_set: set[str] | None = None
    if statuses is not None:
        status_set = set()
        for value in statuses:
            if value in STATUS_GROUPS:
                status_set.update(STATUS_GROUPS[value])
            elif value in STATUSES:
                status_set.add(value)
            else:
                raise ValueError(f"status: unknown value {value!r} (choose from {', '.join([*STATUSES, *STATUS_GROUPS])})")
    tags = _values(form, "tag")
    return FeedQuery(
        frozenset(kinds) if kinds is not None else None,
        frozenset(status_set) if status_set is not None else None,
        frozenset(normalise_tag(t) for t in tags) if tags is not None else None,
    )


def strip_token(path: str, token: str | None) -> str | None:
    """``/<token>/all.ics`` -> ``/all.ics``; None when the token is missing or wrong (no token: the path)."""
    if token is None:
        return path
    first, sep, rest = path.lstrip("/").partition("/")
    # compare_digest on bytes of any length: no early exit that times how much of the token matched
    if not hmac.compare_digest(first.encode("utf-8", "surrogateescape"), token.encode()):
        return None
    return "/" + rest if sep else "/"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def check_token(token: str) -> str:
    """A token read from a file, checked: URL-safe characters only, long enough to be unguessable."""
    token = token.strip()
    if len(token) < MIN_TOKEN_LENGTH or not all(c.isascii() and (c.isalnum() or c in "-_") for c in token):
        raise ValueError(f"a feed token is at least {MIN_TOKEN_LENGTH} characters of A-Z, a-z, 0-9, '-' and '_'")
    return token


def token_from_file(path: Path) -> tuple[str, bool]:
    """(token, created): the token in ``path``, or a new random one written there (mode 0600)."""
    if path.exists() or path.is_symlink():
        try:
            data = read_bounded(path, 4096, what="token file")[0]
        except UnreadableFile as exc:
            raise ValueError(str(exc)) from None
        return check_token(data.decode("ascii", "replace")), False
    token = new_token()
    atomic_write(path, (token + "\n").encode(), overwrite=False, mode=0o600)
    return token, True
