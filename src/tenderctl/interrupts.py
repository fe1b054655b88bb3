"""Ctrl-C (and SIGTERM, where a command asks) as one clean exit 130, wherever it lands.

Python turns SIGINT into a KeyboardInterrupt raised in whatever Python code runs at that
instant. Most of the time that is tenderctl's own code and the CLI catches it; but when the
instant is a Python callback run by a compiled library, the library may turn it into its own
error (pydantic-core building a model's validators: ``SchemaError: Error building "enum"
validator: KeyboardInterrupt``), and that error, not an interrupt, reached the top as a
traceback. So the handler also records that an interrupt came: once it has, whatever
exception ends the run is reported as the interruption it is. Kept out of the ``cli`` package
so the console entry installs it before anything heavy is imported.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

came = False
"""Whether a SIGINT (or a SIGTERM routed here) has arrived during this run."""


def stop(signum: int, frame: FrameType | None) -> None:
    """The signal handler: note the interrupt, then raise it as Python's default handler does."""
    global came
    came = True
    raise KeyboardInterrupt


def install() -> None:
    """Handle SIGINT with :func:`stop`, unless it is ignored (a background job, ``nohup``) or already taken."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, stop)


def quiet_from_now(code: int) -> None:
    """Once the run has chosen its exit code, a late signal ends the process with that code at once.

    A signal that lands after the work is done (interpreter shutdown: thread joins, atexit
    callbacks, finalizers) would raise KeyboardInterrupt where nothing can catch it, and Python
    prints "Exception ignored" with a traceback. The output is complete by then, so the code the
    run chose stands: flush what is buffered and leave.
    """

    def leave(signum: int, frame: FrameType | None) -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing more can be said
                pass
        os._exit(code)

    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is stop:
            signal.signal(signum, leave)


def caused_by_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` is what an interrupt became: a KeyboardInterrupt, one in its chain, or any error after one came."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return came


def settle() -> None:
    """Clear CPython's record of an interrupt left unhandled, before the exit code is used.

    An interrupt that leaves an ``exec`` or ``eval`` of a string (the methods a dataclass or
    namedtuple makes while a module imports) sets a process-wide flag that catching it later does
    not clear; under ``python -m`` the run, after saying "interrupted" and choosing 130, was then
    ended by SIGINT instead. Each ``exec`` of a string starts by clearing that flag, so running an
    empty one settles it. An interrupt that truly goes unhandled never reaches this.
    """
    exec("pass", {})
