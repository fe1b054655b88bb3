"""`tenderctl serve`'s server (the same FeedService and FeedServer) with its timing hook on, for bench/calendar_load.py.

Prints ``port N`` once listening, then answers lines on stdin: ``reset`` clears the timings,
``report`` prints one JSON line of what the server measured since the last reset: per answer,
the time from accept to the last byte handed to the kernel (``accept_*``), from the request
head to that moment (``answer_*``), and the send calls it took. ``--copy`` turns ``sendfile``
off (every body copied by ``sendmsg``, the server before this change), for a comparison in the
same run. Loopback only; it ends when stdin closes.

Usage: python bench/calendar_serve_timed.py TENDERS_DIR [--copy]
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
from pathlib import Path

from tenderctl.calendar.ics import CalendarOptions
from tenderctl.calendar.server import FeedService, make_server


def _summary(timings: list[tuple[float, float, int]]) -> dict[str, float]:
    if not timings:
        return {"answers": 0}
    out: dict[str, float] = {"answers": len(timings)}
    for index, name in ((0, "accept"), (1, "answer")):
        values = sorted(t[index] for t in timings)
        out[f"{name}_median_ms"] = statistics.median(values) * 1000
        out[f"{name}_p99_ms"] = values[max(0, int(len(values) * 0.99) - 1)] * 1000
    out["sends_max"] = max(t[2] for t in timings)
    return out


def main() -> None:
    service = FeedService(Path(sys.argv[1]), CalendarOptions(), check_interval=60, use_cache=False)
    server = make_server(service, "127.0.0.1", 0, None)
    server.use_sendfile = "--copy" not in sys.argv[2:]
    timings: list[tuple[float, float, int]] = []
    server.timings = timings
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("port", server.server_address[1], flush=True)
    for line in sys.stdin:
        if line.strip() == "reset":
            timings.clear()
        elif line.strip() == "report":
            print(json.dumps(_summary(list(timings))), flush=True)
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
