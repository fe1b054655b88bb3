"""Section 4 of bench_calendar.py: `tenderctl serve` under load, beside static file servers of the same file.

Loopback only; every request is bounded in time (``TIMEOUT``), every round in count. Four
servers, measured in the same run, round-robin, case by case:

* ``serve``: `tenderctl serve`'s own FeedService and FeedServer, started by
  bench/calendar_serve_timed.py with the server's timing hook on (so the server side is
  measured: accept to the last byte handed to the kernel), large bodies by ``sendfile``;
* ``serve, copy``: the same with ``sendfile`` off (every body copied by ``sendmsg``, as
  before), so the change is compared in the same run;
* the stdlib static file server as shipped (ThreadingHTTPServer, a thread per connection,
  listen queue 5), serving the same bytes as ``/all.ics``;
* the same static server with a listen queue of 1,024.

Two load generators, each on every case: ``python``, an asyncio Protocol that only counts the
bytes of a body (it shares the two cores with the servers, and its CPU time per request is
reported), and, where Debian's apache2-utils is installed, ``ab`` (ApacheBench: one C
process; ``ab -n N -c N``, a new HTTP/1.0 connection per request). Without ``ab`` the bench
says so and runs the Python generator alone.

Each figure is the median over rounds of that round's median and p99 of request latency,
the errors (no 200/304 within the bound) of the worst round, the CPU time per request of the
generator and of the server (from /proc, so less noisy than wall time on a shared machine),
and for ``serve`` the server's own view. The machine's load average is printed beside them:
other people's work shares the two cores.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import resource
import shutil
import socket
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
STATIC_5 = STATIC_1024.replace("request_queue_size = 1024", "request_queue_size = 5")
"""``python -m http.server`` as shipped (its queue of 5), printing its port the same way."""


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
    used = [0.0, 0.0]

    async def run() -> tuple[list[tuple[int, float]], int]:
        held = await _hold(port, idle) if idle else []
        try:
            if idle:
                await asyncio.sleep(1)  # the idle ones exist before the burst, as with real subscribers
            before, mine = (_cpu(pid) if pid else 0.0), time.process_time()
            answers = list(await asyncio.gather(*(_one(port, request) for _ in range(concurrent))))
            used[0] = (_cpu(pid) - before) / concurrent if pid else 0.0
            used[1] = (time.process_time() - mine) / concurrent
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
        "client_cpu": used[1],
    }


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """One server under test: its process, port, and (for ours) the pipe to its timing hook."""

    def __init__(self, command: list[str], env: dict[str, str], timed: bool) -> None:
        # stderr to /dev/null: a pipe nobody reads fills with the static server's log lines and
        # then stalls every one of its threads (that was most of its "errors" once)
        self.timed = timed
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if timed else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # the servers print their port first (bounded by the caller's run)
        found = re.search(r"port (\d+)", line)
        if not found:
            self.stop()
            raise SystemExit(f"did not start: {command}")
        self.port = int(found.group(1))

    def _say(self, word: str) -> dict[str, float] | None:
        if not self.timed:
            return None
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(word + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline()) if word == "report" else None

    def reset(self) -> None:
        self._say("reset")

    def report(self) -> dict[str, float] | None:
        return self._say("report")

    def stop(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(30)
        if self.process.stdout:
            self.process.stdout.close()


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


AB = shutil.which("ab")
"""ApacheBench (Debian's apache2-utils), the optional native generator: one C process, epoll."""


def ab_burst(port: int, request: bytes, concurrent: int, idle: int, expect_304: bool) -> dict[str, float]:
    """The same burst by ``ab -n N -c N`` (a new HTTP/1.0 connection per request), ``idle`` plain sockets held."""
    assert AB is not None
    lines = request.decode().split("\r\n")
    path = lines[0].split()[1]
    headers = [
        x for line in lines[1:] if line and not line.lower().startswith(("host:", "connection:", "user-agent:")) for x in ("-H", line)
    ]
    held: list[socket.socket] = []
    try:
        for _ in range(idle):
            try:
                held.append(socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT))
            except OSError:
                break
        if idle:
            time.sleep(1)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [AB, "-q", "-s", str(int(TIMEOUT)), "-n", str(concurrent), "-c", str(concurrent), *headers, f"http://127.0.0.1:{port}{path}"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT * 6,
            check=False,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        for sock in held:
            sock.close()
    out = done.stdout
    percent = {int(a): float(b) / 1000 for a, b in re.findall(r"^\s+(\d+)%\s+(\d+)", out, re.M)}
    complete = re.search(r"Complete requests:\s+(\d+)", out)
    failed = re.search(r"Failed requests:\s+(\d+)", out)
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
    answered = int(complete.group(1)) if complete else 0
    wrong = int(non_2xx.group(1)) if non_2xx else 0
    errors = concurrent - answered + (int(failed.group(1)) if failed else 0) + (answered - wrong if expect_304 else wrong)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / concurrent
    return {"errors": errors, "median": percent.get(50, TIMEOUT), "p99": percent.get(99, TIMEOUT), "held": len(held), "client_cpu": cpu}


def load_figures(tenders: Path, feed_file: Path, env: dict[str, str], rounds: int, levels: tuple[int, ...] = (10, 200)) -> list[str]:
    """The figures, as printable lines."""
    static_dir = feed_file.parent
    timed = [sys.executable, str(Path(__file__).with_name("calendar_serve_timed.py")), str(tenders)]
    servers = {
        "serve": Server(timed, env, True),
        "serve, copy": Server([*timed, "--copy"], env, True),
        "static q1024": Server([sys.executable, "-u", "-c", STATIC_1024, str(static_dir)], env, False),
        "static q5": Server(
            [sys.executable, "-u", "-c", STATIC_5, str(static_dir)],
            env,
            False,
        ),
    }
    generators = ["python", "ab"] if AB else ["python"]
    lines = [f"   load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores, shared)"]
    if not AB:
        lines.append("   ab (apache2-utils) not installed: only the Python generator (`apt-get install apache2-utils` adds the native one)")
    try:
        requests: dict[str, dict[str, bytes]] = {}
        for name, server in servers.items():
            path = "/all.ics" if name.startswith("serve") else "/" + feed_file.name
            etag, modified, size = _validators(server.port, path)
            conditional = f"If-None-Match: {etag}\r\n" if name.startswith("serve") else f"If-Modified-Since: {modified}\r\n"
            requests[name] = {"full": _request(path), "conditional": _request(path, conditional)}
            if name.startswith("serve"):
                requests[name]["full, gzip"] = _request(path, "Accept-Encoding: gzip\r\n")
                started = time.perf_counter()
                _validators(server.port, "/all.ics?kind=submission")  # built once per change of the feed, then from memory
                built = time.perf_counter() - started
                requests[name]["?kind=, gzip"] = _request("/all.ics?kind=submission", "Accept-Encoding: gzip\r\n")
                if name == "serve":
                    lines.append(f"   /all.ics is {size / 1e6:.2f} MB; each request on a new connection; {rounds} rounds, round-robin")
                    lines.append(f"   first GET of /all.ics?kind=submission (builds that feed): {built * 1000:.0f} ms")
        cases: list[tuple[str, int, int]] = [(kind, level, 0) for level in levels for kind in ("full", "conditional")]
        cases += [
            ("full, gzip", levels[-1], 0),
            ("?kind=, gzip", levels[-1], 0),
            ("conditional", levels[-1], 1000),
            ("full", levels[-1], 1000),
        ]
        figures: dict[tuple[str, str, int, int, str], list[dict[str, float]]] = {}
        for _ in range(rounds):
            for kind, level, idle in cases:
                for generator in generators:
                    for name, server in servers.items():
                        if kind not in requests[name] or (idle and name == "static q5"):
                            continue  # q5 cannot take 1,000 connections in time: its figure would be the bound
                        server.reset()
                        if generator == "python":
                            result = burst(server.port, requests[name][kind], level, idle, server.process.pid)
                        else:
                            result = ab_burst(server.port, requests[name][kind], level, idle, kind == "conditional")
                        measured = server.report()
                        if measured and measured.get("answers"):
                            result.update({f"server_{k}": v for k, v in measured.items()})
                        figures.setdefault((kind, name, level, idle, generator), []).append(result)
        for (kind, name, level, idle, generator), runs in figures.items():
            label = f"{generator:6s} {name:12s} {kind:12s} x{level:<4d}" + (f" +{idle} idle" if idle else "          ")

            def middle(key: str, runs: list[dict[str, float]] = runs) -> float:
                return statistics.median(r.get(key, 0.0) for r in runs)

            line = (
                f"   {label}  errors {max(r['errors'] for r in runs):3.0f}  "
                f"median {middle('median') * 1000:7.1f}  p99 {middle('p99') * 1000:7.1f} ms  "
                f"client cpu {middle('client_cpu') * 1000:5.2f} ms/req"
            )
            if "cpu" in runs[0]:
                line += f"  server cpu {middle('cpu') * 1000:5.2f} ms/req"
            if "server_accept_p99_ms" in runs[0]:
                line += (
                    f"  | server side: accept->last byte median {middle('server_accept_median_ms'):6.1f}"
                    f" p99 {middle('server_accept_p99_ms'):6.1f} ms, sends <= {max(r.get('server_sends_max', 0) for r in runs):.0f}"
                )
            if idle:
                line += f"  (idle held: {min(r['held'] for r in runs):.0f})"
            lines.append(line)
        lines.append(f"   load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        for server in servers.values():
            server.stop()
    return lines
