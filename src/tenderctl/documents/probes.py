"""Misbehaviour on purpose, for the tests of the worker bounds (:mod:`tenderctl.documents.confine`):
litter and hang, spin without sleeping. More probes, older ones, are in :mod:`.sandbox`."""

from __future__ import annotations

import os
import tempfile
import time


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
