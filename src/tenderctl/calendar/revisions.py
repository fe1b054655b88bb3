"""The revision state of calendar events: SEQUENCE, DTSTAMP and LAST-MODIFIED that hold.

One small JSON file beside the tenders (``<tenders>/.tenderctl-calendar.json``, or
``$TENDERCTL_CALENDAR_STATE``) records, for every event UID, a fingerprint of the event's
content, its SEQUENCE and the moment that content was first written. Every way of
producing a calendar (stdout, ``-o FILE``, ``--out-dir``, ``serve``, before and after a
restart) reads and updates the same file, so they all write the same SEQUENCE and stamps:

* an event seen for the first time gets the milestone's ``sequence`` field (or what an
  older calendar file published, see :func:`tenderctl.calendar.ics.render_tender`) and the
  stamp derived from the data (``status_date``/steps, else 2000-01-01);
* an event whose content is unchanged keeps its SEQUENCE and stamp, however often it is
  rendered;
* an event whose content changed gets SEQUENCE + 1 and the stamp of "now" (the render's
  clock, or ``--as-of``), never earlier than one second after the previous stamp.

Why beside the tenders and not in the cache folder: the cache only ever saves time and
may be deleted at any moment; a SEQUENCE that goes back makes clients ignore an update.
Beside the tenders, the state travels with them (commit it with the tender files and a
clone publishes the same revisions). It is written atomically, under an advisory lock
(``.tenderctl-calendar.lock``, there only while a run holds it), so ``serve`` and ``ics``
running at once do not lose each other's revisions. Both names start with a dot, so discovery never takes them for tenders.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tenderctl.calendar.icstext import format_utc
from tenderctl.fsutil import UnreadableFile, atomic_write, read_bounded

STATE_NAME = ".tenderctl-calendar.json"
LOCK_NAME = ".tenderctl-calendar.lock"
STATE_FORMAT = 1
STATE_ENV = "TENDERCTL_CALENDAR_STATE"
MAX_STATE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Revision:
    """One event's recorded revision: content fingerprint, SEQUENCE, DTSTAMP (UTC, iCalendar form)."""

    fingerprint: str
    sequence: int
    stamp: str


def state_path(root: Path) -> Path:
    """Where the revision state of the tenders under ``root`` lives."""
    override = os.environ.get(STATE_ENV)
    if override:
        return Path(override)
    folder = root if root.is_dir() else (root.parent if str(root.parent) else Path("."))
    return folder / STATE_NAME


@dataclass
class RevisionState:
    """Reference -> UID -> :class:`Revision`, with a short digest per reference for cache keys."""

    path: Path | None = None
    tenders: dict[str, dict[str, Revision]] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    changed: bool = False
    problem: str | None = None
    """Why the state could not be read or written (the calendar is still right for this run)."""

    def events(self, reference: str) -> Mapping[str, Revision]:
        return self.tenders.get(reference, {})

    def digest(self, reference: str) -> str:
        """A key of the reference's recorded revisions ("" when none): part of the render cache key."""
        known = self.digests.get(reference)
        if known is None:
            entries = self.tenders.get(reference)
            known = _digest(entries) if entries else ""
            self.digests[reference] = known
        return known

    def update(self, reference: str, revisions: Mapping[str, Revision]) -> None:
        """Record what a render wrote; events it did not write (filtered out) keep their revisions."""
        current = self.tenders.get(reference, {})
        if all(current.get(uid) == rev for uid, rev in revisions.items()):
            return
        self.tenders[reference] = {**current, **revisions}
        self.digests.pop(reference, None)
        self.changed = True

    def to_json(self) -> bytes:
        tenders = {
            ref: {uid: [r.fingerprint, r.sequence, r.stamp] for uid, r in sorted(events.items())}
            for ref, events in sorted(self.tenders.items())
        }
        return (json.dumps({"format": STATE_FORMAT, "tenders": tenders}, ensure_ascii=False, indent=0) + "\n").encode()


def _digest(entries: Mapping[str, Revision]) -> str:
    text = "\n".join(f"{uid} {r.fingerprint} {r.sequence} {r.stamp}" for uid, r in sorted(entries.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def parse_state(data: bytes) -> dict[str, dict[str, Revision]]:
    """The revisions of a state file; ValueError when it is not one (of this format)."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != STATE_FORMAT or not isinstance(document.get("tenders"), dict):
        raise ValueError(f"not a calendar state of format {STATE_FORMAT}")
    out: dict[str, dict[str, Revision]] = {}
    for reference, events in document["tenders"].items():
        if not isinstance(events, dict):
            raise ValueError(f"{reference!r}: not a mapping of UIDs")
        parsed: dict[str, Revision] = {}
        for uid, entry in events.items():
            if (
                not isinstance(entry, list)
                or len(entry) != 3
                or not isinstance(entry[0], str)
                or not isinstance(entry[1], int)
                or isinstance(entry[1], bool)
                or entry[1] < 0
                or not isinstance(entry[2], str)
                or len(entry[2]) != 16
            ):
                raise ValueError(f"{reference!r} {uid!r}: not [fingerprint, sequence, stamp]")
            parsed[str(uid)] = Revision(entry[0], entry[1], entry[2])
        out[str(reference)] = parsed
    return out


def load_state(path: Path | None) -> RevisionState:
    """The state at ``path`` (empty when there is none); a damaged file is set aside, not trusted."""
    state = RevisionState(path)
    if path is None:
        return state
    if not (path.exists() or path.is_symlink()):
        return state
    try:
        data = read_bounded(path, MAX_STATE_BYTES, what="calendar state")[0]
        state.tenders = parse_state(data)
    except (UnreadableFile, ValueError) as exc:
        # Starting over is safe for the calendar (SEQUENCE falls back to the field and to what
        # an older calendar file published) but not silent: the CLI prints the problem.
        state.problem = f"{path}: calendar state unreadable, starting a new one: {exc}"
        state.changed = True
    return state


def save_state(state: RevisionState) -> None:
    """Write the state atomically when it changed; a failure is kept in ``state.problem``."""
    if state.path is None or not state.changed:
        return
    try:
        atomic_write(state.path, state.to_json())
        state.changed = False
    except OSError as exc:
        state.problem = (
            f"{state.path}: cannot save the calendar state ({exc.strerror or exc}): SEQUENCE and stamps "
            f"of changed events will not be remembered (set {STATE_ENV} to a writable file)"
        )


@contextlib.contextmanager
def revisions(root: Path | None) -> Iterator[RevisionState]:
    """The revision state of the tenders under ``root``, locked while the caller renders, saved after.

    ``root=None``: an in-memory state only (tests, or a caller that keeps its own).
    """
    if root is None:
        yield RevisionState()
        return
    path = state_path(root)
    fd = _hold(path.with_name(LOCK_NAME))
    try:
        state = load_state(path)
        yield state
        save_state(state)
    finally:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.unlink(path.with_name(LOCK_NAME))  # removed while held: nothing is left beside the tenders
            os.close(fd)


def _hold(lock: Path) -> int:
    """An exclusive ``flock`` on ``lock``, or -1 where there is none (the state stays well-formed).

    The holder removes the file when it is done, so a waiter may wake up holding a file that
    is gone or replaced: it checks that what it holds is what the name points to, else tries again.
    """
    try:
        import fcntl  # lazy: Unix only; without it there is no lock to hold
    except ImportError:
        return -1
    for _ in range(1000):
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError:
            return -1
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_ino == os.stat(lock, follow_symlinks=False).st_ino:
                return fd
        except OSError:
            pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    return -1


@dataclass(frozen=True)
class Published:
    """What a previous calendar said about one event: its time fingerprint and SEQUENCE."""

    fingerprint: str
    sequence: int


def fingerprint_of(start: str, end: str) -> str:
    """What an older calendar file's event is compared by: its DTSTART and DTEND lines."""
    return f"{start}/{end}"


def content_fingerprint(body: str) -> str:
    """A digest of what an event says (its times and texts, not alarms, stamps or SEQUENCE)."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _later_stamp(now: datetime, before: str) -> str:
    """``now`` in the DTSTAMP form, but at least one second after ``before``: stamps never go back."""
    stamp = format_utc(now)
    if stamp > before:
        return stamp
    try:
        last = datetime.strptime(before, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return stamp
    return format_utc(last + timedelta(seconds=1))


def revise(
    uid: str,
    body: str,
    start: str,
    end: str,
    base: int,
    first_stamp: str,
    now: datetime,
    revisions: Mapping[str, Revision] | None,
    previous: Mapping[str, Published] | None,
) -> Revision:
    """The SEQUENCE and stamp an event gets, from the recorded revision of its UID.

    Unchanged content keeps both; changed content gets SEQUENCE + 1 and the stamp of ``now``.
    An event with no record starts at the ``sequence`` field, raised past what an older
    calendar file published when one is known (its time then compared, as that file says
    no more), with the stamp derived from the tender's data.
    """
    fingerprint = content_fingerprint(body)
    known = revisions.get(uid) if revisions else None
    if known is not None:
        if known.fingerprint == fingerprint:
            return Revision(fingerprint, max(base, known.sequence), known.stamp)
        return Revision(fingerprint, max(base, known.sequence + 1), _later_stamp(now, known.stamp))
    return Revision(fingerprint, _next_sequence(uid, fingerprint_of(start, end), base, previous), first_stamp)


def _next_sequence(uid: str, fingerprint: str, base: int, previous: Mapping[str, Published] | None) -> int:
    """The field's value, raised past the last published one when the time changed."""
    if not previous:
        return base
    before = previous.get(uid)
    if before is None:
        return base
    if before.fingerprint == fingerprint:
        return max(base, before.sequence)
    return max(base, before.sequence + 1)
