"""Commands that write tender files or track a bid: new, draft, steps, done, status, agenda."""

from __future__ import annotations

import difflib
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from tenderctl.cli import app
from tenderctl.cli.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    JsonOption,
    NoCacheOption,
    ReferenceArgument,
    TendersOption,
    TzOption,
    console,
    duration_from,
    escape,
    fail,
    find_or_fail,
    load,
    new_table,
    now_from,
    pick_zone,
    print_json,
    print_problems,
    read_answer,
    report_bad_files,
)
from tenderctl.errors import TenderctlError

if TYPE_CHECKING:
    from datetime import datetime

    from tenderctl.authoring.draft.model import Draft
    from tenderctl.authoring.edit import TenderFile
    from tenderctl.tenders.loader import LoadedTender

AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Pretend now is this date-time (ISO 8601; naive values are this machine's time).", show_default=False),
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help="The day it happened, YYYY-MM-DD (default: today in the tender's zone).", show_default=False),
]


def _now(as_of: str | None) -> datetime:
    return now_from(as_of)


def _day(text: str | None, option: str = "--date") -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail(f"{option}: not a date: {text!r} (write YYYY-MM-DD)", EXIT_USAGE)


def _find(reference: str, tenders: Path | None, no_cache: bool = False) -> LoadedTender:
    return find_or_fail(load(tenders, no_cache), reference)


def _edit_failed(exc: Exception) -> NoReturn:
    from tenderctl.authoring.edit import EditError  # lazy: authoring.edit (+37 ms) on --help, cold deadlines, check

    if isinstance(exc, EditError) and exc.problems:
        print_problems(exc.problems)
    fail(str(exc), getattr(exc, "exit_code", EXIT_FINDINGS))


def _open(path: str) -> TenderFile:
    from tenderctl.authoring.edit import EditError, TenderFile  # lazy: authoring.edit (+24 ms) on --help, cold deadlines, check

    try:
        return TenderFile.open(path)
    except EditError as exc:
        _edit_failed(exc)


# --------------------------------------------------------------------------- steps


@app.command(
    epilog=("Examples:\n\n  tenderctl steps RFPS-NYH-2025-503831\n\n  tenderctl steps RFPS-NYH-2025-503831 --as-of 2025-05-21 --json"),
)
def steps(
    reference: ReferenceArgument,
    tz: TzOption = None,
    as_of: AsOfOption = None,
    tenders: TendersOption = None,
    json: JsonOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """The tender's steps, each with its due date (from the milestone it points to), done or not.

    Overdue steps (not done, milestone past) are shown in red and counted at the end.
    """
    from tenderctl.authoring.progress import step_rows  # lazy: authoring.progress (+24 ms) on --help, cold deadlines, check
    from tenderctl.report.moments import moment_text  # lazy: report.moments (+3 ms) on --help, check

    zone = pick_zone(tz, tenders)
    now = now_from(as_of, zone)
    loaded = _find(reference, tenders, no_cache)
    rows = step_rows(loaded.tender)
    if json:
        print_json({"reference": loaded.tender.reference, "file": loaded.path, "steps": [r.to_json(now, zone) for r in rows]})
        return
    out = console()
    if not rows:
        out.print(f"{escape(loaded.tender.reference)} has no steps yet (add them under 'steps:' in {escape(loaded.path)}).")
        return
    table = new_table(title=f"Steps of {loaded.tender.reference}", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("Step")
    table.add_column("Due", no_wrap=True)
    table.add_column("Done", no_wrap=True)
    overdue = 0
    for row in rows:
        late = row.overdue(now)
        overdue += late
        mark = "[green]✔[/]" if row.done else ("[bold red]![/]" if late else "☐")
        text = escape(row.step.text) + (f"\n[dim]{escape(row.step.note)}[/]" if row.step.note else "")
        due = escape(moment_text(row.when, zone)) if row.when is not None else ""
        if late:
            due = f"[bold red]{due} (overdue)[/]"
        table.add_row(str(row.number), mark, text, due, row.done.isoformat() if row.done else "")
    out.print(table)
    done = sum(1 for r in rows if r.done)
    summary = f"{done} of {len(rows)} done"
    if overdue:
        summary += f", [bold red]{overdue} overdue[/]"
    out.print(summary)


# --------------------------------------------------------------------------- done


@app.command(
    epilog=(
        "Examples:\n\n  tenderctl done RFPS-NYH-2025-503831 3\n\n"
        "  tenderctl done RFPS-NYH-2025-503831 register --note 'supplier no. 12345'\n\n"
        "  tenderctl done RFPS-NYH-2025-503831 register --date 2025-05-12\n\n"
        "  tenderctl done RFPS-NYH-2025-503831 register --undo"
    ),
)
def done(
    reference: ReferenceArgument,
    step: Annotated[str, typer.Argument(help="The step's number (1 = first, as `tenderctl steps` shows) or its id.")],
    undo: Annotated[bool, typer.Option("--undo", help="Mark the step as not done (removes its date).")] = False,
    note: Annotated[str | None, typer.Option("--note", help="A note to keep with the step ('' removes it).", show_default=False)] = None,
    date: DateOption = None,
    as_of: AsOfOption = None,
    tenders: TendersOption = None,
    json: JsonOption = False,
) -> None:
    """Record that a step is done, with the date, in the tender file (edited in place).

    Only the step's lines change; a plain-text step becomes 'text: ...' with 'done: ...'.
    A step already done keeps its date unless --date is given.
    """
    from tenderctl.authoring.edit import EditError  # lazy: authoring.edit (+37 ms) on --help, cold deadlines, check

    # lazy: authoring.progress (+22 ms) on --help, cold deadlines, check
    from tenderctl.authoring.progress import find_step, mark_done, today_in

    if undo and date:
        fail("--undo and --date do not go together", EXIT_USAGE)
    loaded = _find(reference, tenders, no_cache=True)
    tf = _open(str(loaded.source))
    try:
        index = find_step(tf.tender, step)
    except TenderctlError as exc:
        fail(str(exc), exc.exit_code)
    current = tf.tender.steps[index]
    on = _day(date)
    if on is None and not undo:
        on = current.done or today_in(tf.tender, _now(as_of))
    try:
        change = mark_done(tf, index, on=on, undo=undo, note=note)
    except EditError as exc:
        _edit_failed(exc)
    if json:
        print_json(
            {
                "reference": tf.tender.reference,
                "file": str(tf.path),
                "step": change.number,
                "text": change.text,
                "done": change.done.isoformat() if change.done else None,
                "previous": change.previous.isoformat() if change.previous else None,
                "changed": change.changed,
            }
        )
        return

    label = f"step {change.number} ({escape(change.text)})"
    out = console()
    if not change.changed:
        state = f"already done on {change.done}" if change.done else "already not done"
        out.print(f"{escape(tf.tender.reference)}: {label} is {state}; nothing changed")
    elif change.done:
        out.print(f"[green]✔[/] {escape(tf.tender.reference)}: {label} done on {change.done} [dim]({escape(str(tf.path))})[/]")
    else:
        out.print(f"☐ {escape(tf.tender.reference)}: {label} marked not done [dim]({escape(str(tf.path))})[/]")


# --------------------------------------------------------------------------- status


@app.command(
    epilog=(
        "Examples:\n\n  tenderctl status RFPS-NYH-2025-503831 submitted\n\n"
        "  tenderctl status RFPS-NYH-2025-503831 won --date 2025-07-14\n\n"
        "Closed statuses (won, lost, withdrawn, cancelled) drop the tender from `deadlines` and `agenda` unless --all."
    ),
)
def status(
    reference: ReferenceArgument,
    new_status: Annotated[str, typer.Argument(metavar="STATUS", help="open, submitted, won, lost, withdrawn or cancelled.")],
    date: DateOption = None,
    as_of: AsOfOption = None,
    tenders: TendersOption = None,
    json: JsonOption = False,
) -> None:
    """Record where the bid stands (and since when) in the tender file, edited in place."""
    from tenderctl.authoring.edit import EditError  # lazy: authoring.edit (+37 ms) on --help, cold deadlines, check
    from tenderctl.authoring.progress import set_status, today_in  # lazy: authoring.progress (+26 ms) on --help, cold deadlines, check
    from tenderctl.tenders.model import Status  # lazy: the pydantic model (+221 ms) on --help, check
    from tenderctl.vocab import STATUSES  # lazy: vocab (+1 ms) on --help, check

    value = new_status.strip().lower()
    if value not in STATUSES:
        near = difflib.get_close_matches(value, STATUSES, n=1)
        hint = f"did you mean {near[0]!r}?" if near else f"choose from {', '.join(STATUSES)}"
        fail(f"unknown status {new_status!r} ({hint})", EXIT_USAGE)
    loaded = _find(reference, tenders, no_cache=True)
    tf = _open(str(loaded.source))
    on = _day(date) or today_in(tf.tender, _now(as_of))
    try:
        change = set_status(tf, Status(value), on)
    except EditError as exc:
        _edit_failed(exc)
    if json:
        print_json(
            {
                "reference": tf.tender.reference,
                "file": str(tf.path),
                "status": change.status.value,
                "previous": change.previous.value,
                "status_date": change.date.isoformat(),
                "changed": change.changed,
            }
        )
        return

    out = console()
    if not change.changed:
        out.print(f"{escape(tf.tender.reference)} is already {change.status.value}; nothing changed")
        return
    tail = " (now left out of `deadlines` and `agenda` unless --all)" if change.status.closed else ""
    out.print(f"{escape(tf.tender.reference)}: {change.previous.value} → [bold]{change.status.value}[/] on {change.date}{tail}")


# --------------------------------------------------------------------------- agenda


@app.command(
    epilog=(
        "Examples:\n\n  tenderctl agenda\n\n  tenderctl agenda --within 14d\n\n"
        "  tenderctl agenda --all --json\n\n  tenderctl agenda --as-of 2025-05-21"
    ),
)
def agenda(
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include closed tenders (won, lost, withdrawn, cancelled).")] = False,
    within: Annotated[
        str | None, typer.Option("--within", help="Only steps due within this time, e.g. 7d, 2w.", show_default=False)
    ] = None,
    tz: TzOption = None,
    as_of: AsOfOption = None,
    tenders: TendersOption = None,
    json: JsonOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """What needs doing next across all tenders: undone steps, overdue first, then by due date.

    Steps without a date come last. Invalid tender files are named on stderr (exit 1),
    the valid ones are still listed.
    """
    from tenderctl.authoring.progress import agenda as build_agenda  # lazy: authoring.progress (+24 ms) on --help, cold deadlines, check
    from tenderctl.report.moments import moment_text  # lazy: report.moments (+3 ms) on --help, check
    from tenderctl.tenders.timeline import zone_name  # lazy: tenders.timeline (+16 ms) on --help, check
    from tenderctl.tenders.timeparse import format_timedelta  # lazy: tenders.timeparse (+6 ms) on --help, check

    zone = pick_zone(tz, tenders)
    now = now_from(as_of, zone)
    span = duration_from("--within", within) if within else None
    result = load(tenders, no_cache)
    view = build_agenda(result.tenders, now, include_closed=all_, within=span)
    if json:
        from tenderctl.report.tenders_json import agenda_data  # lazy: report.tenders_json (+5 ms) on --help, cold deadlines, check

        print_json(agenda_data(view, zone, now, result.errors))
    else:
        out = console()
        if not view.items:
            out.print("Nothing to do." if result.tenders else "No tenders yet (add one with `tenderctl new` or `tenderctl draft`).")
        else:
            table = new_table(title=f"Agenda as of {now:%a %d %b %Y %H:%M} {zone_name(zone)}", title_justify="left")
            table.add_column("Due", no_wrap=True)
            table.add_column("Left", no_wrap=True)
            table.add_column("Reference", no_wrap=True)
            table.add_column("#", justify="right")
            table.add_column("Step")
            for item in view.items:
                row = item.row
                if row.due is None:
                    due, left = "[dim]no date[/]", ""
                else:
                    delta = row.due - now
                    due = escape(moment_text(row.when, zone)) if row.when is not None else ""
                    if row.overdue(now):
                        due, left = f"[bold red]{due}[/]", f"[bold red]overdue {format_timedelta(delta)}[/]"
                    else:
                        left = f"in {format_timedelta(delta)}"
                table.add_row(due, left, escape(item.reference), str(row.number), escape(row.step.text))
            out.print(table)
        notes = []
        if view.closed_hidden:
            notes.append(f"{view.closed_hidden} closed tender{'s' if view.closed_hidden != 1 else ''} left out (--all)")
        if view.later_hidden:
            notes.append(f"{view.later_hidden} step{'s' if view.later_hidden != 1 else ''} due later or undated left out")
        if notes:
            out.print("[dim]" + "; ".join(notes) + "[/]")
    report_bad_files(result)
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


# --------------------------------------------------------------------------- new


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(option: str, text: str, default: str | None = None) -> str:
    """Prompt until the answer is usable for ``option``, saying what was wrong; Ctrl-C exits 130."""
    import click  # lazy: click (+21 ms) on --help, cold deadlines, check

    from tenderctl.authoring.scaffold import check_field  # lazy: authoring.scaffold (+22 ms) on --help, cold deadlines, check

    def usable(value: str) -> str:
        problem = check_field(option, value)
        if problem is not None:
            raise click.BadParameter(problem.split(": ", 1)[1])
        return value

    click.termui.visible_prompt_func = read_answer  # input(), minus its lost Ctrl-C
    try:
        answer: str = click.prompt(text, default=default, show_default=bool(default), value_proc=usable)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            sys.stderr.write("\n")  # end the prompt's line; main() says "interrupted"
            raise typer.Exit(130) from None
        raise
    return answer


@app.command(
    epilog=(
        "Examples:\n\n"
        "  tenderctl new --reference AO-2026-014 --title 'IT equipment for schools' --timezone Africa/Dakar "
        "--deadline '2026-12-12 17:00'\n\n"
        "  tenderctl new   # on a terminal: asks for what is missing"
    ),
)
def new(
    reference: Annotated[
        str | None, typer.Option("--reference", "-r", help="The buyer's reference; names the file.", show_default=False)
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The tender's title.", show_default=False)] = None,
    buyer: Annotated[str | None, typer.Option("--buyer", help="Who issued the call.", show_default=False)] = None,
    timezone: Annotated[
        str | None, typer.Option("--timezone", "--tz", help="IANA zone of the notice's times, e.g. Europe/Brussels.", show_default=False)
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", help="Submission deadline: '2026-12-01 17:00' (in --timezone) or '2026-12-01'.", show_default=False),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="The notice's web page.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file of the same name.")] = False,
    tenders: TendersOption = None,
    json: JsonOption = False,
) -> None:
    """Create a commented tender file in the tenders folder, named after the reference.

    Options that are missing are asked for on a terminal; in a script --reference, --title
    and --timezone are required. The file validates as written and is never written over
    an existing one without --force.
    """
    # lazy: authoring.scaffold (+16 ms) on --help, cold deadlines, check
    from tenderctl.authoring.scaffold import NewTender, check_facts, scaffold, target_path
    from tenderctl.fsutil import atomic_write  # lazy: fsutil (+5 ms) on --help
    from tenderctl.tenders.loader import tenders_dir  # lazy: tenders.loader (+30 ms) on --help
    from tenderctl.tenders.timeline import local_zone, zone_name  # lazy: tenders.timeline (+19 ms) on --help, check

    if _interactive():
        reference = reference or _ask("--reference", "Reference (as the buyer writes it)")
        title = title or _ask("--title", "Title")
        if buyer is None:
            buyer = _ask("--buyer", "Buyer (optional)", default="") or None
        timezone = timezone or _ask("--timezone", "Time zone of the notice's times (IANA)", default=zone_name(local_zone()))
        if deadline is None:
            deadline = _ask("--deadline", "Submission deadline, e.g. 2026-12-01 17:00 (optional)", default="") or None
    missing = [name for name, value in (("--reference", reference), ("--title", title), ("--timezone", timezone)) if not value]
    if missing:
        fail(f"missing {', '.join(missing)} (give them as options, or run `tenderctl new` on a terminal to be asked)", EXIT_USAGE)
    assert reference is not None and title is not None and timezone is not None
    facts = NewTender(reference, title, timezone, buyer, deadline, url)
    problems = check_facts(facts)
    if problems:
        for message in problems[:-1]:
            console(stderr=True).print(f"[red]error:[/] {escape(message)}", soft_wrap=True)
        fail(problems[-1], EXIT_USAGE)
    folder = tenders_dir(tenders)
    path = target_path(folder, reference)
    if not force:
        _refuse_duplicate_reference(folder, reference, path)
    text = scaffold(facts)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"), overwrite=force)
    except TenderctlError as exc:
        fail(str(exc), exc.exit_code)
    except OSError as exc:
        fail(f"{path}: cannot write: {exc.strerror or exc}")
    if json:
        print_json({"reference": reference.strip(), "file": str(path)})
        return

    console().print(f"created {escape(str(path))} (edit it, then `tenderctl validate`)")


def _refuse_duplicate_reference(folder: Path, reference: str, path: Path) -> None:
    """Another file already holding this reference would make the folder invalid."""
    if not folder.is_dir():
        return
    from tenderctl.tenders.loader import load_paths  # lazy: tenders.loader (+25 ms) on --help

    existing = load_paths([folder]).find(reference)
    if (
        existing is not None
        and existing.source.resolve() != path.resolve()
        and existing.tender.reference.casefold() == reference.strip().casefold()
    ):
        fail(f"{existing.path} already has the reference {reference!r} (pass --force to create {path} anyway)")


# --------------------------------------------------------------------------- draft


@app.command(
    epilog=(
        "Examples:\n\n  tenderctl draft notice.txt\n\n  tenderctl draft notice.pdf -o tenders/\n\n"
        "  curl -s https://example.org/notice.html | tenderctl draft - --timezone Africa/Nairobi -o draft.yaml\n\n"
        "  tenderctl draft --update tenders/RFP-1.yaml amendment.txt\n\n"
        "Every guess carries a '# REVIEW:' comment; read them, fix what is wrong, delete the comments."
    ),
)
def draft(
    notice: Annotated[str, typer.Argument(help="The notice: a .txt, .md, .html or .pdf file, or - for stdin.")],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of stdout (a folder, or a name ending in '/': <reference>.yaml in it, the folder made if needed).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    timezone: Annotated[
        str | None,
        typer.Option("--timezone", "--tz", help="The notice's zone when it names none (IANA, e.g. Africa/Nairobi).", show_default=False),
    ] = None,
    update: Annotated[
        str | None,
        typer.Option(
            "--update", help="Apply an amended notice to this tender file in place: move the dates that changed.", show_default=False
        ),
    ] = None,
    allow_incomplete: Annotated[
        bool, typer.Option("--allow-incomplete", help="Write the draft even when the notice gives no submission deadline (exit 0).")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Draft a tender file from the text of a notice: reference, buyer, dated milestones, steps, checks.

    Rule-based and offline, for notices in English, French, Spanish and Portuguese; every guess
    carries a '# REVIEW:' comment. Exit 1 when the notice cannot be read, the draft does not
    validate, or it has no submission deadline (printed, not written, unless --allow-incomplete).
    """
    # lazy: authoring.draft (+168 ms) on --help, cold deadlines, check
    from tenderctl.authoring.draft import NoticeError, draft_from_text, read_notice, validate_draft

    # lazy: authoring.scaffold (+18 ms) on --help, cold deadlines, check
    from tenderctl.authoring.scaffold import target_path, write_new_file
    from tenderctl.tenders.timeline import get_zone  # lazy: tenders.timeline (+30 ms) on --help, check

    if timezone:
        try:
            get_zone(timezone)
        except ValueError as exc:
            fail(f"--timezone: {exc}", EXIT_USAGE)
    if update is not None and output is not None:
        fail("--update edits the tender file in place; it does not go with -o", EXIT_USAGE)
    try:
        text = read_notice(notice, sys.stdin.buffer if notice == "-" else None)
    except NoticeError as exc:
        fail(str(exc))
    source = "stdin" if notice == "-" else Path(notice).name
    result = draft_from_text(text, timezone=timezone, source=source)
    err = console(stderr=True)
    if update is not None:
        _draft_update(update, result, json)
        return
    yaml_text, problems = validate_draft(result)
    complete = result.submission is not None
    target, folder = None, False
    if output is not None:
        # a trailing slash means a folder, existing or not (never a file named like the folder)
        folder = output.endswith(("/", os.sep)) or Path(output).is_dir()
        target = target_path(Path(output), result.reference) if folder else Path(output)
    writes = target is not None and not problems and (complete or allow_incomplete)
    if json:
        from tenderctl.report.tenders_json import draft_data  # lazy: report.tenders_json (+6 ms) on --help, cold deadlines, check

        print_json(draft_data(result, yaml_text, problems, str(target) if writes else None, pick_zone(None, None)))
    if problems:
        print_problems(problems)
        if target is None and not json:
            sys.stdout.write(yaml_text)
        fail(
            "the draft does not validate (see above); nothing written" if target is not None else "the draft does not validate (see above)"
        )
    for warning in result.warnings:
        err.print(f"draft: warning: {warning}", soft_wrap=True, markup=False)
    if target is not None and writes:
        try:
            write_new_file(target, yaml_text, make_folder=folder, force=force)
        except TenderctlError as exc:
            fail(str(exc), exc.exit_code)
    elif not json:
        sys.stdout.write(yaml_text)
    err.print((f"wrote {target}: " if target is not None and writes else "draft: ") + result.summary(), soft_wrap=True, markup=False)
    if not complete and not allow_incomplete:
        written = "nothing written; " if target is not None else ""
        fail(f"no submission deadline found: {written}add it by hand, or run again with --allow-incomplete to keep the draft as it is")


def _draft_update(path: str, result: Draft, json: bool) -> None:
    from tenderctl.authoring.draft import validate_draft  # lazy: authoring.draft (+138 ms) on --help, cold deadlines, check
    from tenderctl.authoring.draft.amend import apply_update  # lazy: authoring.draft.amend (+124 ms) on --help, cold deadlines, check
    from tenderctl.authoring.edit import EditError  # lazy: authoring.edit (+37 ms) on --help, cold deadlines, check

    if not result.dates:
        fail(f"the notice gives no dates to apply to {path}; nothing changed")
    try:
        update = apply_update(path, result)
    except EditError as exc:
        fail(str(exc), exc.exit_code)
    if json:
        from tenderctl.report.tenders_json import draft_data  # lazy: report.tenders_json (+6 ms) on --help, cold deadlines, check

        yaml_text, problems = validate_draft(result)
        print_json(draft_data(result, yaml_text, problems, None, pick_zone(None, None), update=update.to_json()))
        return
    out, err = console(), console(stderr=True)
    for line in update.moves():
        out.print(line, soft_wrap=True, markup=False)
    for line in update.notes():
        err.print(line, soft_wrap=True, markup=False)
