"""Section 4 of bench_calendar.py: `tenderctl serve` under load, beside static file servers of the same file.

Loopback only; every request is bounded in time (``TIMEOUT``), every round in count. The load
generator is an asyncio Protocol that only counts the bytes of a body (a StreamReader copying
hundreds of megabytes would make the client the bottleneck). Three servers, measured in the
same run, round-robin, case by case:

* ``tenderctl serve`` (its own process, ``--quiet``; the static servers log to /dev/null);
* the stdlib static file server as shipped (``python -m http.server``: ThreadingHTTPServer,
  a thread per connection, listen queue 5), serving the same bytes as ``/all.ics``;
* the same static server with a listen queue of 1,024: the thread-per-connection design
  of the stdlib, without the queue that times out.

Each figure is the median over rounds of that round's median and p99 of request latency,
the errors (no 200/304 within the bound) of the worst round, and the server's CPU time per
request (from /proc, so less noisy than wall time on a shared machine). The machine's load
average is printed beside them: other people's work shares the two cores.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TIMEOUT = 10.0
STATIC_1024 = (
    "import functools, http.server, sys\n"
    "class S(http.server.ThreadingHTTPServer):\n    request_queue_size = 1024\n"
    "h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])\n"
    "s = S(('127.0.0.1', 0), h)\nprint('port', s.server_address[1], flush=True)\ns.serve_forever()\n"
)


class _Get(asyncio.Protocol):
    def __init__(self, request: bytes, done: asyncio.Future[int]) -> None:
        self.request = request
        self.done = done
        self.head = bytearray()
        self.need = -1
        self.got = 0
        self.status = 0
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        if self.need < 0:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = bytes(self.head[:end]).split(b"\r\n")
            self.status = int(lines[0].split()[1])
            length = 0
            for line in lines[1:]:
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            self.need = length if self.status == 200 else 0
            self.got = len(self.head) - end - 4
        else:
            self.got += len(data)
        if self.got >= self.need and not self.done.done():
            self.done.set_result(self.status)
            assert self.transport is not None
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_result(0)


async def _one(port: int, request: bytes) -> tuple[int, float]:
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    done: asyncio.Future[int] = loop.create_future()
    transport = None
    try:
        async with asyncio.timeout(TIMEOUT):
            transport, _ = await loop.create_connection(lambda: _Get(request, done), "127.0.0.1", port)
            status = await done
    except (TimeoutError, OSError, ValueError, IndexError):
        status = 0
    finally:
        if transport is not None:
            transport.close()
    return status, time.perf_counter() - started


async def _hold(port: int, count: int) -> list[asyncio.Transport]:
    """``count`` idle keep-alive connections (connected, nothing sent yet), each bounded in time."""
    loop = asyncio.get_running_loop()

    async def one() -> asyncio.Transport | None:
        try:
            async with asyncio.timeout(TIMEOUT):
                transport, _ = await loop.create_connection(asyncio.Protocol, "127.0.0.1", port)
                return transport
        except (TimeoutError, OSError):
            return None

    held = await asyncio.gather(*(one() for _ in range(count)))
    return [t for t in held if t is not None]


def burst(port: int, request: bytes, concurrent: int, idle: int = 0, pid: int | None = None) -> dict[str, float]:
    """``concurrent`` simultaneous requests on new connections (with ``idle`` connections held open);
    with ``pid``, that process's CPU seconds per request of the burst (not of accepting the idle ones)."""
    used = [0.0]

    async def run() -> tuple[list[tuple[int, float]], int]:
        held = await _hold(port, idle) if idle else []
        try:
            if idle:
                await asyncio.sleep(1)  # the idle ones exist before the burst, as with real subscribers
            before = _cpu(pid) if pid else 0.0
            answers = list(await asyncio.gather(*(_one(port, request) for _ in range(concurrent))))
            used[0] = (_cpu(pid) - before) / concurrent if pid else 0.0
            return answers, len(held)
        finally:
            for transport in held:
                transport.close()

    results, held = asyncio.run(run())
    times = sorted(t for _, t in results)
    return {
        "errors": sum(1 for status, _ in results if status not in (200, 304)),
        "median": statistics.median(times),
        "p99": times[max(0, int(len(times) * 0.99) - 1)],
        "held": held,
        "cpu": used[0],
    }


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _start(command: list[str], env: dict[str, str], stream: str, marker: str) -> tuple[subprocess.Popen[str], int]:
    import re

    # the other stream goes to /dev/null: a pipe nobody reads fills with the static server's log
    # lines and then stalls every one of its threads (that was most of its "errors" before)
    out, err = (subprocess.DEVNULL, subprocess.PIPE) if stream == "stderr" else (subprocess.PIPE, subprocess.DEVNULL)
    process = subprocess.Popen(command, stderr=err, stdout=out, text=True, env=env)
    pipe = process.stderr if stream == "stderr" else process.stdout
    assert pipe is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = pipe.readline()
        if not line:
            break
        found = re.search(marker, line)
        if found:
            return process, int(found.group(1))
    process.kill()
    raise SystemExit(f"did not start: {command}")


def _request(path: str, extra: str = "") -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\nConnection: close\r\n{extra}\r\n".encode()


def _validators(port: int, path: str) -> tuple[str, str, int]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    size = len(response.read())
    connection.close()
    return response.getheader("ETag") or "", response.getheader("Last-Modified") or "", size


def load_figures(tenders: Path, feed_file: Path, env: dict[str, str], rounds: int, levels: tuple[int, ...] = (10, 200)) -> list[str]:
    """The figures, as printable lines."""
    static_dir = feed_file.parent
    servers = {
        "serve": _start(
            [sys.executable, "-m", "tenderctl", "serve", "--port", "0", "--quiet", "--tenders", str(tenders)],
            env,
            "stderr",
            r"http://127\.0\.0\.1:(\d+)/",
        ),
        "static q1024": _start([sys.executable, "-u", "-c", STATIC_1024, str(static_dir)], env, "stdout", r"port (\d+)"),
        "static q5": _start(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(static_dir)],
            env,
            "stdout",
            r"port (\d+)",
        ),
    }
    lines = [f"   load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores, shared)"]
    try:
        requests: dict[str, dict[str, bytes]] = {}
        for name, (_process, port) in servers.items():
            path = "/all.ics" if name == "serve" else "/" + feed_file.name
            etag, modified, size = _validators(port, path)
            conditional = f"If-None-Match: {etag}\r\n" if name == "serve" else f"If-Modified-Since: {modified}\r\n"
            requests[name] = {"full": _request(path), "conditional": _request(path, conditional)}
            if name == "serve":
                requests[name]["full, gzip"] = _request(path, "Accept-Encoding: gzip\r\n")
                started = time.perf_counter()
                _validators(port, "/all.ics?kind=submission")  # built once per change of the feed, then from memory
                built = time.perf_counter() - started
                requests[name]["?kind=, gzip"] = _request("/all.ics?kind=submission", "Accept-Encoding: gzip\r\n")
                lines.append(f"   /all.ics is {size / 1e6:.2f} MB; each request on a new connection; {rounds} rounds, round-robin")
                lines.append(f"   first GET of /all.ics?kind=submission (builds that feed): {built * 1000:.0f} ms")
        cases: list[tuple[str, int, int]] = [(kind, level, 0) for level in levels for kind in ("full", "conditional")]
        cases += [
            ("full, gzip", levels[-1], 0),
            ("?kind=, gzip", levels[-1], 0),
            ("?kind=, gzip", levels[-1], 0),
            ("conditional", levels[-1], 1000),
            ("full", levels[0], 1000),
        ]
        figures: dict[tuple[str, str, int, int], list[dict[str, float]]] = {}
        for _ in range(rounds):
            for kind, level, idle in cases:
                for name, (process, port) in servers.items():
                    if kind not in requests[name] or (idle and name == "static q5"):
                        continue  # q5 cannot take 1,000 connections in time: its figure would be the bound
                    result = burst(port, requests[name][kind], level, idle, process.pid)
                    figures.setdefault((kind, name, level, idle), []).append(result)
        for (kind, name, level, idle), runs in figures.items():
            label = f"{name:13s} {kind:12s} x{level:<4d}" + (f" +{idle} idle" if idle else "          ")
            lines.append(
                f"   {label}  errors {max(r['errors'] for r in runs):3.0f}  "
                f"median {statistics.median(r['median'] for r in runs) * 1000:7.1f} ms  "
                f"p99 {statistics.median(r['p99'] for r in runs) * 1000:7.1f} ms  "
                f"server cpu {statistics.median(r['cpu'] for r in runs) * 1000:6.2f} ms/request"
                + (f"  (idle held: {min(r['held'] for r in runs):.0f})" if idle else "")
            )
        lines.append(f"   load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        for process, _port in servers.values():
            process.terminate()
            process.wait(30)
            for stream in (process.stderr, process.stdout):
                if stream:
                    stream.close()
    return lines
