"""Helpers shared by the calendar tests that run the node readers in tests/js."""

from __future__ import annotations

import ctypes
import os
import shutil
import sys

import pytest

from conftest import TESTS

JS_DIR = TESTS / "js"

M_ARENA_MAX = -8
"""glibc's mallopt parameter for the number of malloc arenas."""

# Keep the test process small for the tests of other areas that run after these: the servers and
# clients here run in threads, glibc gives threads malloc arenas of their own (64 MB of address
# space each, up to 8 per core) that stay after the threads end, and a later test that forks
# workers only from a small process (the bounded check workers) then found this one too large.
# Two arenas are plenty; the limit changes how memory is reserved, never what any code computes.
# Set when the calendar tests are collected (they import this module). Not glibc: nothing to do.
if sys.platform.startswith("linux"):
    try:
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, 2)
    except (OSError, AttributeError):
        pass


def require_node() -> str:
    node = shutil.which("node")
    if node and (JS_DIR / "node_modules" / "ical.js" / "package.json").is_file():
        return node
    message = "node and the npm package ical.js are needed: run `npm ci --prefix tests/js` (.ci/run does)"
    if os.environ.get("TENDERCTL_ALLOW_SKIP"):
        pytest.skip(message)
    pytest.fail(message)


def burst_get(port: int, requests: list[tuple[str, dict[str, str]]], timeout: float = 60) -> list[tuple[int, dict[str, str], bytes]]:
    """All ``requests`` (path, headers) at once on new connections, from ONE thread (asyncio).

    Not a thread pool: each thread that allocates gets a glibc malloc arena of 64 MB of address
    space, and a pool of 50-200 leaves this process a gigabyte larger for the rest of the run,
    which stops other areas' tests from forking workers (they fork only from a small process).
    Each answer is read until the server closes (``Connection: close``); ``timeout`` is a bound.
    """
    import asyncio  # lazy: only the load tests need it

    async def one(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            lines = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{lines}\r\n".encode())
            await writer.drain()
            data = await reader.read()
        finally:
            writer.close()
        head, _, body = data.partition(b"\r\n\r\n")
        status_line, *fields = head.decode("latin-1").split("\r\n")
        found = {k.lower(): v for k, v in (f.split(": ", 1) for f in fields)}
        assert len(body) == int(found.get("content-length", len(body))), (path, len(body), found)
        return int(status_line.split()[1]), found, body

    async def run() -> list[tuple[int, dict[str, str], bytes]]:
        async with asyncio.timeout(timeout):
            return list(await asyncio.gather(*(one(path, headers) for path, headers in requests)))

    return asyncio.run(run())
