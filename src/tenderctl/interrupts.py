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

import signal
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
