"""Benchmark: calendars for 10,000 tenders (40,000 events), against icalendar, in the same run.

Reported as ratios against baselines measured here, on the same files:

1. `tenderctl ics -o FILE` (the whole command: start-up, loading 10,000 files, writing), cold
   (empty caches) and warm (validated files cached), against icalendar building and
   serialising the same 40,000 events from already-loaded data (its import time apart).
   Also the calendar core alone (`build_calendar` on loaded tenders) against the same baseline.
2. `tenderctl ics --out-dir DIR` after one of the 10,000 files changed, against a full
   regeneration (empty caches, empty folder). Target: within 1/20.
3. `tenderctl serve` (its own process): the median time of a conditional GET (If-None-Match)
   for an unchanged /all.ics, a new connection per request like a calendar client, with the
   default check interval and with --check-interval 0. Target: under 5 ms.
4. `tenderctl serve` under load (bench/calendar_load.py): 10 and 200 simultaneous full and
   conditional GETs of /all.ics of a ``--load-files`` (100) tender feed, each on a new
   connection, gzip and filtered, and 200 new requests while 1,000 idle keep-alive connections
   are held open; `serve`'s own server (with its timing hook: accept to last byte, server side)
   and the same with sendfile off, beside the stdlib's static file server serving the same file
   (as shipped, and with a listen queue of 1,024) in the same run, round-robin, with the
   machine's load average; by the Python generator and, where apache2-utils is installed, by
   `ab` too. Loopback only; every request has a 10 s bound. Target: no errors, p99 under
   200 ms. ``--load-only`` runs just this section.

Usage: python bench/bench_calendar.py [--files 10000] [--repeat 3] [--requests 200] [--load-files 100]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from calendar_load import load_figures  # bench/ is on sys.path when this file is run

ZONES = ["Europe/Brussels", "America/New_York", "Asia/Kolkata", "Africa/Nairobi", "America/St_Johns", "Pacific/Chatham", "UTC"]
AS_OF = "2026-01-01"

TEMPLATE = """\
reference: BENCH-{n:05d}
title: "Consultancy services for programme {n}: evaluation, learning and communication products"
buyer: Agency {buyer}
timezone: {zone}
portal:
  name: United Nations Global Marketplace
  url: https://www.ungm.org
dates:
  - id: conference
    kind: conference
    title: Pre-bid conference
    at: {conf}
  - id: questions
    kind: questions
    title: Last day for questions
    at: {questions} 12:00
  - id: submission
    kind: submission
    title: Proposal submission deadline
    at: {submission}
    as_written: "{written}"
  - id: opening
    kind: opening
    title: Public opening of bids
    at: {opening} 10:00
steps:
  - Read the Terms of Reference
  - Register as a supplier
  - text: Ask questions through the portal
    date: questions
  - text: Upload the proposal
    date: submission
checks:
  - rule: signature
    documents: technical
    tip: The technical proposal must be signed.
  - rule: no-financials
    documents: technical
    tip: No financial information in the technical proposal.
"""


def generate(folder: Path, count: int) -> None:
    rng = random.Random(7)
    for n in range(count):
        month, day = rng.randint(1, 12), rng.randint(6, 27)
        sub = f"2026-{month:02d}-{day:02d} {rng.choice(['12:00', '15:00', '17:00'])}"
        sub_folder = folder / f"sub{n % 20:02d}"
        sub_folder.mkdir(exist_ok=True)
        (sub_folder / f"BENCH-{n:05d}.yaml").write_text(
            TEMPLATE.format(
                n=n,
                buyer=n % 97,
                zone=rng.choice(ZONES),
                conf=f"2026-{month:02d}-{day - 5:02d}",
                questions=f"2026-{month:02d}-{day - 3:02d}",
                submission=sub,
                opening=f"2026-{month:02d}-{day + 1:02d}",
                written=f"{day} month {month}, local time",
            ),
            encoding="utf-8",
        )


CPU: dict[str, list[float]] = {}
"""CPU seconds (user+sys) per label: wall time on a shared 2-core machine is noisy, CPU time less so."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str], label: str = "") -> float:
    before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    if label:
        CPU.setdefault(label, []).append(_children_cpu() - before)
    return elapsed


def cpu(label: str) -> float:
    return statistics.median(CPU[label])


def icalendar_baseline(tenders: list, now: datetime) -> tuple[float, float, int]:
    """icalendar building and serialising the same events (same fields, UTC times): (import s, build s, events)."""
    from tenderctl.calendar.ics import CalendarOptions, _tender_context, _when_lines, milestone_label, short_title, uid_for
    from tenderctl.tenders.summary import resolved_milestones

    started = time.perf_counter()
    import icalendar

    imported = time.perf_counter() - started
    options = CalendarOptions()
    started = time.perf_counter()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//EN")
    calendar.add("version", "2.0")
    calendar.add("name", options.name)
    calendar.add("x-wr-calname", options.name)
    calendar.add("refresh-interval", options.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", options.refresh)
    count = 0
    stamp = datetime(2000, 1, 1, tzinfo=UTC)
    for tender in tenders:
        head, foot = _tender_context(tender)
        short = short_title(tender.title)
        for item in resolved_milestones(tender):
            m, when = item.milestone, item.when
            label = milestone_label(item)
            event = icalendar.Event()
            event.add("uid", uid_for(tender.reference, m.id))
            event.add("dtstamp", stamp)
            event.add("last-modified", stamp)
            event.add("sequence", m.sequence or 0)
            if when.all_day:
                event.add("dtstart", when.day)
                event.add("dtend", when.day + timedelta(days=1))
            else:
                event.add("dtstart", when.start.astimezone(UTC))
                event.add("dtend", when.start.astimezone(UTC) + timedelta(minutes=30))
            event.add("summary", f"{label}: {short}")
            lines = [*head, *_when_lines(item)]
            if m.as_written:
                lines.append(f"As written in the notice: {m.as_written}")
            event.add("description", "\n".join(lines + foot))
            event.add("categories", [m.kind.value])
            event.add("status", "CONFIRMED")
            event.add("transp", "TRANSPARENT")
            if tender.portal and tender.portal.url:
                event.add("url", tender.portal.url)
            for offset in options.alarms:
                if when.all_day and offset < timedelta(days=1):
                    continue
                alarm = icalendar.Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("trigger", -offset)
                alarm.add("description", f"{label}: {short}")
                event.add_component(alarm)
            calendar.add_component(event)
            count += 1
    data = calendar.to_ical()
    built = time.perf_counter() - started
    assert data.count(b"BEGIN:VEVENT") == count
    return imported, built, count


def serve_median(folder: Path, requests: int, interval: float, env: dict[str, str]) -> tuple[float, float]:
    """`tenderctl serve` in its own process, as people run it; requests from this one."""
    import re

    process = subprocess.Popen(
        [sys.executable, "-m", "tenderctl", "serve", "--port", "0", "--quiet", "--check-interval", str(interval), "--tenders", str(folder)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stderr is not None
        port = None
        while port is None:
            line = process.stderr.readline()
            if not line:
                raise SystemExit("serve did not start")
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            port = int(found.group(1)) if found else None
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/all.ics")
        response = connection.getresponse()
        response.read()
        etag = response.getheader("ETag") or ""
        connection.close()
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/all.ics", headers={"If-None-Match": etag})
            response = connection.getresponse()
            response.read()
            connection.close()
            samples.append(time.perf_counter() - started)
            assert response.status == 304, response.status
        samples.sort()
        return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]
    finally:
        process.terminate()
        process.wait(30)
        if process.stderr:
            process.stderr.close()


def section_4(work: Path, exe: list[str], env: dict[str, str], files: int, rounds: int) -> str:
    """serve under load, on a feed of its own (``files`` tenders), beside static servers of the same file."""
    tenders = work / "load-tenders"
    tenders.mkdir()
    generate(tenders, files)
    static = work / "static"
    static.mkdir()
    run([*exe, "ics", "--tenders", str(tenders), "-o", str(static / "all.ics"), "--as-of", AS_OF], env)
    head = f"4. serve under load ({files} tenders), beside static file servers of the same file (same run, round-robin)"
    return "\n".join([head, *load_figures(tenders, static / "all.ics", env, rounds)])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--load-only", action="store_true", help="Only section 4 (serve under load).")
    parser.add_argument("--load-files", type=int, default=100, help="Tenders in the feed of section 4.")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tenderctl-bench-cal-"))
    exe = [sys.executable, "-m", "tenderctl"]
    try:
        tenders = work / "tenders"
        tenders.mkdir()
        generate(tenders, args.files)
        env = {**os.environ, "TENDERCTL_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1", "TZ": "UTC"}
        env.pop("TENDERCTL_NO_CACHE", None)
        out = work / "all.ics"
        ics = [*exe, "ics", "--tenders", str(tenders), "-o", str(out), "--as-of", AS_OF, "--force"]
        if args.load_only:
            print(section_4(work, exe, env, args.load_files, args.repeat))
            return

        # 1. the command, cold then warm, against icalendar on loaded data
        shutil.rmtree(work / "cache", ignore_errors=True)
        out.unlink(missing_ok=True)
        cold = run(ics, env, "cold")
        events = out.read_bytes().count(b"BEGIN:VEVENT")
        warm = statistics.median(run(ics, env, "warm") for _ in range(args.repeat))

        from tenderctl.calendar.ics import CalendarOptions, build_calendar
        from tenderctl.tenders.loader import load_paths

        loaded = [t.tender for t in load_paths([tenders], use_cache=False).tenders]
        now = datetime(2026, 1, 1, tzinfo=UTC)
        core, core_cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            text, _ = build_calendar(loaded, CalendarOptions(), now)
            core.append(time.perf_counter() - started)
            core_cpu.append(time.process_time() - started_cpu)
        core_s = statistics.median(core)
        started_cpu = time.process_time()
        imported, baseline, baseline_events = icalendar_baseline(sorted(loaded, key=lambda t: t.reference), now)
        baseline_cpu = time.process_time() - started_cpu
        assert baseline_events == events == text.count("BEGIN:VEVENT"), (baseline_events, events)

        # 2. feed folder: full regeneration vs one changed file
        feed = work / "public"
        feed_cmd = [*exe, "ics", "--tenders", str(tenders), "--out-dir", str(feed), "--as-of", AS_OF]
        fulls, ones = [], []
        for round_ in range(args.repeat):
            shutil.rmtree(work / "cache", ignore_errors=True)
            shutil.rmtree(feed, ignore_errors=True)
            fulls.append(run(feed_cmd, env, "full"))
            victim = tenders / "sub03" / "BENCH-00003.yaml"
            victim.write_text(victim.read_text().replace("Agency", f"Agency r{round_} "), encoding="utf-8")
            ones.append(run(feed_cmd, env, "one"))
        full, one = statistics.median(fulls), statistics.median(ones)

        # 3. serve: conditional GET on an unchanged feed
        median_default, p95_default = serve_median(tenders, args.requests, 1.0, env)
        median_scan, p95_scan = serve_median(tenders, args.requests, 0.0, env)

        print(f"tenders: {args.files:,}  events: {events:,}  (median of {args.repeat}; wall time, then CPU time)")
        print("1. calendar for all tenders")
        print(f"   icalendar build+serialise (baseline) {baseline:7.2f} s  cpu {baseline_cpu:6.2f} s   (+ import {imported:.2f} s)")
        print(
            f"   tenderctl core build_calendar        {core_s:7.2f} s  cpu {statistics.median(core_cpu):6.2f} s   "
            f"ratio {core_s / baseline:.2f}x"
        )
        print(
            f"   `tenderctl ics -o`, warm cache        {warm:7.2f} s  cpu {cpu('warm'):6.2f} s   "
            f"ratio {warm / baseline:.2f}x (cpu {cpu('warm') / baseline_cpu:.2f}x)   target <= 1.2x"
        )
        print(
            f"   `tenderctl ics -o`, cold cache        {cold:7.2f} s  cpu {cpu('cold'):6.2f} s   "
            f"ratio {cold / baseline:.2f}x (cpu {cpu('cold') / baseline_cpu:.2f}x)"
        )
        print("2. feed folder (--out-dir)")
        print(f"   full regeneration (cold)              {full:7.2f} s  cpu {cpu('full'):6.2f} s")
        print(
            f"   after one changed file                {one:7.2f} s  cpu {cpu('one'):6.2f} s   "
            f"ratio 1/{full / one:.1f} (cpu 1/{cpu('full') / cpu('one'):.1f})   target <= 1/20"
        )
        print("3. serve: conditional GET of unchanged /all.ics")
        print(f"   check interval 1 s: median {median_default * 1000:.2f} ms, p95 {p95_default * 1000:.2f} ms   (target < 5 ms)")
        print(f"   check interval 0 (a rescan due at every request): median {median_scan * 1000:.2f} ms, p95 {p95_scan * 1000:.2f} ms")
        print(section_4(work, exe, env, args.load_files, args.repeat))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
