"""Large feed bodies kept in an anonymous memory file, so ``serve`` hands them to the kernel by ``sendfile``.

A full GET of a big ``/all.ics`` (0.8 MB for 100 tenders, 56 MB for 10,000) sent with
``sendmsg`` copies every byte from the process into the socket buffer, once per request:
most of the server's CPU time in a burst of full GETs (bench/calendar_load.py measures it).
``os.sendfile`` from a ``memfd`` lets the kernel attach the file's pages to the socket instead.
The file is written once per change of the body and closed when the last answer that uses
it is gone (the :class:`BodyFile` object is referenced by the resource and by each connection
still sending it). Where ``memfd_create`` or ``sendfile`` is missing (not Linux), or making the
file fails (out of descriptors or memory), there is no file and the bytes are sent as before.
"""

from __future__ import annotations

import os
import weakref

SENDFILE_MIN = 128 * 1024
"""Bodies shorter than this are sent with the head in one ``sendmsg``: a second call costs more than the copy."""


class BodyFile:
    """One body's bytes in a sealed-by-convention memory file (written once here, never again)."""

    __slots__ = ("__weakref__", "fd", "size")

    def __init__(self, body: bytes) -> None:
        fd = os.memfd_create("tenderctl-feed", os.MFD_CLOEXEC)
        try:
            view = memoryview(body)
            while view:
                view = view[os.write(fd, view) :]
        except OSError:
            os.close(fd)
            raise
        self.fd = fd
        self.size = len(body)
        weakref.finalize(self, os.close, fd)


def body_file(body: bytes) -> BodyFile | None:
    """A memory file of ``body`` when it is worth sending by ``sendfile`` and the platform can; else None."""
    if len(body) < SENDFILE_MIN or not hasattr(os, "memfd_create") or not hasattr(os, "sendfile"):
        return None
    try:
        return BodyFile(body)
    except OSError:  # out of descriptors or memory: the bytes are sent with sendmsg instead
        return None
