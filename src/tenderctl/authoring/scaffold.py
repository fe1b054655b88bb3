"""A new, commented tender file from a few facts (``tenderctl new``).

The comments teach the format where people will edit it: what each key means, which keys
are commented out and ready to fill in. The text is checked with the loader before it is
returned, so ``new`` never writes a file that ``validate`` would reject.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenderctl.errors import TenderctlError, UsageError
from tenderctl.fsutil import atomic_write, safe_file_stem
from tenderctl.tenders.parse import parse_tender
from tenderctl.tenders.timeline import get_zone
from tenderctl.tenders.timeparse import parse_at
from tenderctl.tenders.writer import Commented, Note, write_yaml


@dataclass(frozen=True)
class NewTender:
    reference: str
    title: str
    timezone: str
    buyer: str | None = None
    deadline: str | None = None
    url: str | None = None


def check_field(option: str, value: str) -> str | None:
    """Why ``value`` cannot be used for ``option`` (--reference, --title, --timezone, --deadline), or None.

    One check per field, so ``new`` on a terminal can ask again for just the field that was wrong.
    """
    if option in ("--reference", "--title"):
        return None if value.strip() else f"{option}: must not be empty"
    try:
        if option == "--timezone":
            get_zone(value.strip())
        elif option == "--deadline" and value.strip():
            parse_at(normalise_deadline(value))
    except ValueError as exc:
        return f"{option}: {exc}"
    return None


def check_facts(facts: NewTender) -> list[str]:
    """One message per unusable value (empty reference, unknown zone, unreadable deadline)."""
    fields = (
        ("--reference", facts.reference),
        ("--title", facts.title),
        ("--timezone", facts.timezone),
        ("--deadline", facts.deadline or ""),
    )
    return [message for option, value in fields if (message := check_field(option, value)) is not None]


def normalise_deadline(text: str) -> str:
    """Accept ``2026-12-01T17:00`` as well as ``2026-12-01 17:00``; seconds are kept."""
    value = text.strip()
    if len(value) >= 16 and value[10] == "T" and not value.endswith("Z") and "+" not in value[10:] and "-" not in value[10:]:
        value = value[:10] + " " + value[11:]
    return value


def scaffold(facts: NewTender) -> str:
    """The commented YAML text of a new tender; UsageError if a fact is unusable."""
    messages = check_facts(facts)
    if messages:
        raise UsageError("; ".join(messages))
    buyer = facts.buyer.strip() if facts.buyer and facts.buyer.strip() else None
    data: dict[str, Any] = {
        "reference": facts.reference.strip(),
        "title": facts.title.strip(),
        "buyer": buyer if buyer else Note(["buyer: Who issued the call"]),
        "timezone": Commented(facts.timezone.strip(), inline="times below without an offset are read in this zone"),
        "status": Commented("open", inline="open | submitted | won | lost | withdrawn | cancelled (`tenderctl status`)"),
        "url": facts.url.strip() if facts.url else Note(["url: https://...   (the notice's web page)"]),
        "submit_buffer": Note(["submit_buffer: 1d   # show an internal 'submit by' this long before the deadline"]),
    }
    if facts.deadline:
        submission = {
            "id": "submission",
            "kind": "submission",
            "title": "Submission deadline",
            "at": normalise_deadline(facts.deadline),
            "as_written": Note(["as_written: the deadline exactly as the notice words it"]),
        }
        data["dates"] = Commented(
            [submission],
            blank=True,
            after=[
                "- id: questions",
                "  kind: questions   # also: conference, site-visit, opening, clarification, award, other",
                "  at: 2026-11-20    # a date alone is all day (due until the end of that day)",
            ],
        )
    else:
        data["dates"] = Note(["dates:", "  - id: submission", "    kind: submission", "    at: 2026-12-01 17:00"], blank=True)
    steps: list[dict[str, Any]] = [
        {"id": "read-tor", "text": "Read the terms of reference"},
        {"id": "submit", "text": "Submit the proposal", "date": "submission" if facts.deadline else None},
    ]
    data["steps"] = Commented(
        steps,
        blank=True,
        comment=["Tick steps off with `tenderctl done REFERENCE NUMBER-OR-ID`; `date:` names the milestone a step is due by."],
    )
    data["checks"] = Note(
        [
            "Checks the proposal checklist runs (`tenderctl rules` lists them), e.g.:",
            "checks:",
            "  - rule: signature",
            "    documents: technical",
            '    tip: "the notice\'s own words"',
        ],
        blank=True,
    )
    header = [
        "Tender file made by `tenderctl new`. Check it with `tenderctl validate`;",
        "`tenderctl schema` prints every key with its meaning.",
    ]
    text = write_yaml(data, header=header)
    tender, problems = parse_tender(text, "new tender")
    if tender is None:  # a bug here, not bad input: check_facts covers the input
        raise TenderctlError("the new tender does not validate: " + "; ".join(str(p) for p in problems))
    return text


def target_path(folder: Path, reference: str) -> Path:
    """Where ``new`` and ``draft -o FOLDER`` put a tender: ``<folder>/<safe stem>.yaml``."""
    return folder / f"{safe_file_stem(reference)}.yaml"


def write_new_file(target: Path, text: str, *, make_folder: bool, force: bool) -> None:
    """Write a new tender file atomically (never over one without ``force``); TenderctlError on failure."""
    try:
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text.encode("utf-8"), overwrite=force)
    except OSError as exc:
        raise TenderctlError(f"{target}: cannot write: {exc.strerror or exc}") from None
