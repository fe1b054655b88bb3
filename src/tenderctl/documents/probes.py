"""Misbehaviour on purpose, for the tests of the worker bounds (:mod:`tenderctl.documents.confine`):
litter and hang, spin without sleeping, sleep, allocate, crash, echo."""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tenderctl.documents.sandbox import Task


def probe_litter(seconds: float) -> str:
    """Leave a temporary file, then hang, like an OCR engine stopped mid-page (for the cleanup tests)."""
    fd, _name = tempfile.mkstemp(prefix="probe-")
    os.close(fd)
    time.sleep(seconds)
    return "woke up"


def probe_spin(seconds: float) -> None:
    """Burn CPU like a parser in a loop, never sleeping (for the CPU-bound tests)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def probe_modules(names: list[str]) -> list[str]:
    """Which of ``names`` this worker has imported (for the warm-up tests)."""
    return [name for name in names if name in sys.modules]


def probe_faults(task: Task) -> int:
    """Run ``task`` here twice; the minor page faults of the second run (for the allocator test)."""
    from tenderctl.documents.sandbox import _call  # lazy: a probe for the tests, in a worker that has it

    _call(task)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    _call(task)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def probe_sleep(seconds: float) -> str:
    """Hang like a parser in an endless loop (for the time-bound tests)."""
    time.sleep(seconds)
    return "woke up"


def probe_allocate(megabytes: int) -> int:
    """Allocate like a zip bomb would (for the memory-bound tests)."""
    blob = bytearray(megabytes * 1024 * 1024)
    return len(blob)


def probe_crash() -> None:
    """Die like a C library on a malformed file (for the crash tests)."""
    os.abort()


def probe_echo(value: Any) -> Any:
    return value
