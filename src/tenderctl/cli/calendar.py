"""Commands that publish calendars: ics (a file, stdout or a feed folder) and serve (HTTP)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tenderctl.cli import app
from tenderctl.cli.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    JsonOption,
    NoCacheOption,
    TendersOption,
    choices,
    console,
    duration_from,
    escape,
    fail,
    find_or_fail,
    load,
    now_from,
    print_json,
    report_bad_files,
)
from tenderctl.errors import TenderctlError
from tenderctl.interrupts import stop

if TYPE_CHECKING:
    from datetime import datetime

    from tenderctl.calendar.ics import CalendarOptions

KindOption = Annotated[
    list[str] | None,
    typer.Option("--kind", "-k", help="Only this kind (repeatable): submission, questions, conference, ...", show_default=False),
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option("--status", help="Only tenders with this status (repeatable): open, submitted, won, ...", show_default=False),
]
WithinOption = Annotated[
    str | None,
    typer.Option("--within", help="Only milestones due within this time from now, e.g. 14d, 36h, 2w.", show_default=False),
]
AlarmOption = Annotated[
    list[str] | None,
    typer.Option("--alarm", help="A reminder this long before each event (repeatable; default 7d, 1d and 2h).", show_default=False),
]
RemindersOption = Annotated[
    str,
    typer.Option(
        "--reminders",
        help=(
            "How reminders are written: alarms (VALARMs), events (separate reminder events: Google and Outlook "
            "drop alarms in subscribed calendars), both, or none."
        ),
    ),
]
GraceOption = Annotated[
    str, typer.Option("--grace", help="How long a cancelled or withdrawn tender's events stay, marked CANCELLED, after its status_date.")
]
RefreshOption = Annotated[str, typer.Option("--refresh", help="How often subscribers should re-read the feed (REFRESH-INTERVAL).")]
NameOption = Annotated[str, typer.Option("--name", help="The calendar's name in calendar apps.")]
BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="The public address the feed is served from, e.g. https://example.org/tenders/ (gives index.html webcal:// subscribe links).",
        show_default=False,
    ),
]
UtcOption = Annotated[
    bool,
    typer.Option("--utc", help="Write every time in UTC, without VTIMEZONE (the tender's zone is then only in the description)."),
]
TodosOption = Annotated[
    bool,
    typer.Option("--todos/--no-todos", help="Steps as tasks (VTODO, due at their milestone) for clients that show tasks."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Pretend now is this date-time (ISO 8601): decides --within and the cancelled grace period.", show_default=False
    ),
]


def _options(
    kind: list[str] | None,
    status: list[str] | None,
    within: str | None,
    alarm: list[str] | None,
    reminders: str,
    grace: str,
    refresh: str,
    name: str,
    utc: bool = False,
    todos: bool = True,
) -> CalendarOptions:
    from tenderctl.calendar.ics import (  # lazy: the calendar core stays out of --help
        DEFAULT_ALARMS,
        REMINDER_MODES,
        CalendarOptions,
        parse_alarm,
    )
    from tenderctl.vocab import MILESTONE_KINDS, STATUSES  # lazy: not imported by --help

    if reminders not in REMINDER_MODES:
        fail(f"--reminders: unknown value {reminders!r} (choose from {', '.join(REMINDER_MODES)})", EXIT_USAGE)
    alarms = DEFAULT_ALARMS
    if alarm:
        parsed = []
        for text in (v for item in alarm for v in item.split(",") if v.strip()):
            try:
                parsed.append(parse_alarm(text))
            except ValueError as exc:
                fail(f"--alarm: {exc}", EXIT_USAGE)
        alarms = tuple(sorted(set(parsed), reverse=True))
    kinds = choices("--kind", kind, MILESTONE_KINDS)
    statuses = choices("--status", status, STATUSES)
    refresh_span = duration_from("--refresh", refresh)
    if refresh_span.total_seconds() < 60:
        fail("--refresh: at least 1m, or calendar apps will hammer the server", EXIT_USAGE)
    return CalendarOptions(
        alarms=alarms,
        reminders=reminders,
        kinds=frozenset(kinds) if kinds is not None else None,
        statuses=frozenset(statuses) if statuses is not None else None,
        within=duration_from("--within", within) if within else None,
        grace=duration_from("--grace", grace),
        refresh=refresh_span,
        name=" ".join(name.split()) or "Tender deadlines",
        utc=utc,
        todos=todos,
    )


def _sigterm_as_interrupt() -> None:
    """SIGTERM raises KeyboardInterrupt like Ctrl-C, so writes clean up their temporaries and the exit is 130."""

    signal.signal(signal.SIGTERM, stop)


def _now(as_of: str | None) -> datetime:
    return now_from(as_of)


@app.command(
    epilog=(
        "Examples:\n\n  tenderctl ics > tenders.ics\n\n  tenderctl ics RFPS-NYH-2025-503831 -o rfps.ics\n\n"
        "  tenderctl ics --kind submission --alarm 3d --alarm 4h -o submissions.ics\n\n"
        "  tenderctl ics --out-dir public/ --base-url https://example.org/tenders/\n\n"
        "  tenderctl ics --out-dir public/ --reminders events   # for Google/Outlook subscribers"
    ),
)
def ics(
    references: Annotated[list[str] | None, typer.Argument(help="Tender references (default: all tenders).", show_default=False)] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the calendar to this file ('-': stdout).", show_default=False)
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir", help="Write a feed folder: one .ics per tender, all.ics and index.html (only changed files).", show_default=False
        ),
    ] = None,
    kind: KindOption = None,
    status: StatusOption = None,
    within: WithinOption = None,
    alarm: AlarmOption = None,
    reminders: RemindersOption = "alarms",
    grace: GraceOption = "30d",
    refresh: RefreshOption = "1h",
    name: NameOption = "Tender deadlines",
    utc: UtcOption = False,
    todos: TodosOption = True,
    base_url: BaseUrlOption = None,
    feed: Annotated[
        list[str] | None,
        typer.Option(
            "--feed",
            help=(
                "With --out-dir: also write a filtered calendar NAME.ics, listed in index.html, e.g. "
                "--feed submissions=kind=submission --feed roads=tag=roads&status=open (repeatable; serve's query filters)."
            ),
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that tenderctl did not write.")] = False,
    tenders: TendersOption = None,
    json: JsonOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Write an iCalendar file of tender milestones (stdout, -o FILE, or a feed folder).

    One event per milestone, starting at its instant, in the tender's own zone (with its VTIMEZONE; --utc for UTC).

    Date-only milestones are all-day events. Same input, same bytes: UIDs come from reference and milestone id.

    SEQUENCE, DTSTAMP and LAST-MODIFIED move only when an event changes (kept in .tenderctl-calendar.json beside the tenders).

    Cancelled or withdrawn tenders stay, marked CANCELLED, for --grace after their status_date, then drop out.

    Exit 0 ok, 1 when a tender file is invalid (the others are still written), 2 usage error.
    """
    from tenderctl.calendar.publish import publish_file, publish_folder, render_file  # lazy: the calendar core, only for this command

    if output is not None and out_dir is not None:
        fail("pass either -o FILE or --out-dir DIR, not both", EXIT_USAGE)
    to_stdout = out_dir is None and (output is None or str(output) == "-")
    if json and to_stdout:
        fail("--json describes what was written: use it with -o FILE or --out-dir DIR", EXIT_USAGE)
    if base_url and out_dir is None:
        fail("--base-url only applies to --out-dir (the links in index.html)", EXIT_USAGE)
    named = _named_feeds(feed or [], out_dir is not None)
    options = _options(kind, status, within, alarm, reminders, grace, refresh, name, utc, todos)
    now = _now(as_of)
    _sigterm_as_interrupt()
    if out_dir is not None:
        target = f"dir:{out_dir.resolve()}"
    else:
        target = "stdout" if to_stdout else f"file:{output.resolve() if output else ''}"
    store = _store(target, options, no_cache)
    if store is None:
        result = load(tenders, no_cache)
    else:
        from tenderctl.calendar.store import load_known  # lazy: the calendar core stays out of --help
        from tenderctl.tenders.loader import tenders_dir  # lazy: the loader stays out of --help

        root = tenders_dir(tenders)
        if not root.is_dir():
            load(tenders, no_cache)  # the usual message and exit code
        result = load_known([root], store)
    selected = result.tenders
    if references:
        selected = []
        for reference in references:
            found = find_or_fail(result, reference)
            if found not in selected:
                selected.append(found)
    from tenderctl.calendar.revisions import revisions  # lazy: the calendar core stays out of --help
    from tenderctl.tenders.loader import tenders_dir as _tenders_dir  # lazy: the loader stays out of --help

    try:
        with revisions(_tenders_dir(tenders)) as state:
            if out_dir is not None:
                summary = publish_folder(out_dir, selected, options, now, base_url, force, store, state, named)
            elif to_stdout:
                data = render_file(selected, options, now, {}, store, state)[0]
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
                summary = {}
            else:
                assert output is not None
                summary = publish_file(output, selected, options, now, force, store, state)
    except TenderctlError as exc:
        fail(str(exc), exc.exit_code)
    except OSError as exc:
        where = exc.filename or out_dir or output
        fail(f"{where}: cannot write: {exc.strerror or exc}")
    if state.problem:
        console(stderr=True).print(f"warning: {state.problem}", soft_wrap=True, markup=False, highlight=False)
    if json:
        # honest with the exit code: "invalid" when some tender file was left out (exit 1), and which
        summary["status"] = "ok" if result.ok else "invalid"
        summary["problems"] = [p.to_json() for p in result.errors]
        print_json(summary)
    elif not to_stdout:
        _print_summary(summary)
    report_bad_files(result)
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


def _named_feeds(texts: list[str], to_folder: bool) -> list[Any]:
    from tenderctl.calendar.filtered import parse_named_feed  # lazy: the calendar core stays out of --help

    if texts and not to_folder:
        fail("--feed only applies to --out-dir (one filtered calendar per audience beside all.ics)", EXIT_USAGE)
    named: list[Any] = []
    for text in texts:
        try:
            item = parse_named_feed(text)
        except ValueError as exc:
            fail(f"--feed: {exc}", EXIT_USAGE)
        if any(other.name.lower() == item.name.lower() for other in named):
            fail(f"--feed: the name {item.name!r} is given twice", EXIT_USAGE)
        named.append(item)
    return named


def _store(target: str, options: CalendarOptions, no_cache: bool) -> Any:
    from tenderctl.calendar.store import store_for  # lazy: the calendar core stays out of --help

    if no_cache or os.environ.get("TENDERCTL_NO_CACHE"):
        return None
    return store_for(target, options)


def _log_line(line: str) -> None:
    """A request log line on stderr, plain (the server escaped it; stderr's errors= handler copes with any terminal)."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # a closed or broken stderr must not stop the feed


def _print_summary(summary: dict[str, Any]) -> None:
    out = console(stderr=True)
    if "folder" in summary:
        written, removed = summary["written"], summary["removed"]
        parts = [f"{len(written)} file{'s' if len(written) != 1 else ''} written", f"{len(summary['unchanged'])} unchanged"]
        if removed:
            parts.append(f"{len(removed)} removed")
        out.print(
            f"[green]ok[/]: {summary['events']} events from {summary['tenders']} tender{'s' if summary['tenders'] != 1 else ''} "
            f"in {escape(summary['folder'])} ({', '.join(parts)})",
            soft_wrap=True,
        )
        if not summary.get("base_url"):
            out.print("[dim]index.html has download links only; pass --base-url for webcal:// subscribe links[/]", soft_wrap=True)
    else:
        verb = "written to" if summary["written"] else "unchanged in"
        out.print(f"[green]ok[/]: {summary['events']} events {verb} {escape(summary['file'])}", soft_wrap=True)


@app.command(
    epilog=(
        "Examples:\n\n  tenderctl serve\n\n  tenderctl serve --port 9000 --reminders events\n\n"
        "  # then subscribe to webcal://127.0.0.1:8765/all.ics\n\n"
        "  tenderctl serve --host 0.0.0.0 --base-url http://tenders.example.lan:8765/   # exposes the feed, see above"
    ),
)
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Loopback by default: see the warning above.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on (0: any free port).", min=0, max=65535)] = 8765,
    base_url: BaseUrlOption = None,
    check_interval: Annotated[
        float, typer.Option("--check-interval", help="Seconds between checks of the tender files for changes.", min=0)
    ] = 1.0,
    kind: KindOption = None,
    status: StatusOption = None,
    within: WithinOption = None,
    alarm: AlarmOption = None,
    reminders: RemindersOption = "alarms",
    grace: GraceOption = "30d",
    refresh: RefreshOption = "1h",
    name: NameOption = "Tender deadlines",
    utc: UtcOption = False,
    todos: TodosOption = True,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="Serve the feeds only under a secret first path segment read from this file (a new random one is written there if it is missing).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log requests.")] = False,
    tenders: TendersOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Serve the calendar feeds over HTTP for calendar subscriptions (Ctrl-C stops).

    Paths: / (index), /all.ics and /<reference>.ics per tender; nothing else on disk is reachable.

    Per subscriber: /all.ics?kind=submission&status=open&tag=roads; --token-file puts every path under a secret /<token>/.

    Regenerated when a tender file changes; strong ETag, Last-Modified that never goes backwards, 304, HEAD.

    WARNING: it listens on loopback (127.0.0.1) by default, so only this machine can read it.

    Binding --host to another address (0.0.0.0, a LAN address) publishes every tender's deadlines, titles, buyer,

    steps, notes and compliance tips to anyone who can reach that address, without authentication or TLS.
    """
    from tenderctl.calendar.server import FeedService, make_server  # lazy: the server, only for this command
    from tenderctl.tenders.loader import tenders_dir  # lazy: the loader stays out of --help

    options = _options(kind, status, within, alarm, reminders, grace, refresh, name, utc, todos)
    root = tenders_dir(tenders)
    if not root.is_dir():
        fail(f"{root}: no tenders folder here (pass --tenders DIR, set TENDERCTL_TENDERS, or run `tenderctl new`)")
    err = console(stderr=True)

    def report(problems: list[str]) -> None:
        for line in problems:
            err.print(line, style="red", soft_wrap=True, markup=False)

    token = None
    if token_file is not None:
        from tenderctl.calendar.subscribe import token_from_file  # lazy: the calendar core stays out of --help

        try:
            token, created = token_from_file(token_file)
        except (ValueError, OSError, TenderctlError) as exc:
            fail(f"--token-file: {token_file}: {exc}", EXIT_USAGE)
        if created:
            err.print(f"wrote a new feed token to {token_file} (keep it private)", soft_wrap=True, markup=False)

    try:
        service = FeedService(
            root, options, base_url=base_url or None, check_interval=check_interval, use_cache=not no_cache, report=report, token=token
        )
    except TenderctlError as exc:
        fail(str(exc), exc.exit_code)
    try:
        server = make_server(service, host, port, None if quiet else _log_line)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    bound_host, bound_port = server.server_address[:2]
    host_text = bound_host.decode() if isinstance(bound_host, bytes) else str(bound_host)
    shown = f"[{host_text}]" if ":" in host_text else host_text
    base = service.builder.base_url or f"http://{shown}:{bound_port}/"
    if token:
        base += token + "/"
    if base != service.builder.base_url:
        # subscribe links in the index need an absolute address: the one we listen on (and the token)
        service.builder.base_url = base
        service.refresh(force=True)
    entries = len(service.resources) - 3
    err.print(f"Serving {entries} tender calendar{'s' if entries != 1 else ''} from {root} at {base}", soft_wrap=True, markup=False)
    err.print(f"Subscribe: webcal://{base.split('://', 1)[1]}all.ics   (Ctrl-C stops)", soft_wrap=True, markup=False)
    err.print("Per subscriber: all.ics?kind=submission&status=open&tag=... (each repeatable)", soft_wrap=True, markup=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/] listening on {host}: anyone who can reach it can read every tender's details", soft_wrap=True)
    _sigterm_as_interrupt()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        raise typer.Exit(130) from None  # stopped by Ctrl-C or SIGTERM: the house's 130
    finally:
        server.server_close()
