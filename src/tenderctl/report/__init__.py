"""Renderers of a checklist :class:`~tenderctl.checks.engine.Report`: text (rich), JSON, Markdown.

All three read the same object, so they cannot disagree. None of them decides anything.
"""

from __future__ import annotations

import re

FORMATS = ("text", "json", "markdown")

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def clean(text: object) -> str:
    """Printable: control characters (ESC, BEL, C1, ...) and undecodable bytes of a file name
    shown as ``\\x1b``/``\\udc80`` escapes, so a file name or a document's text cannot drive
    the terminal or break a Markdown page. Newlines and tabs stay."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", str(text))


STATUS_LABEL = {"pass": "PASS", "fail": "FAIL", "warn": "WARN", "unverified": "UNVERIFIED", "skipped": "SKIPPED"}


NO_CHECKS = "NO CHECKS DEFINED: the tender lists no `checks:`, so nothing was verified against the tender"


def verdict(status: str, failed_rules: list[str], checks_defined: bool = True) -> str:
    """The one-line answer to "will this bid be thrown out before anyone reads it?"."""
    if not checks_defined and status != "fail":
        return NO_CHECKS + " (add `checks:`; `tenderctl rules` lists the rules)"
    if status == "fail":
        return f"FAIL: fix {', '.join(failed_rules)} before submitting"
    if status == "warn":
        return "WARN: nothing failed, but check the warnings"
    if status == "unverified":
        return "UNVERIFIED: nothing failed, but some checks could not see the documents"
    return "PASS: every check passed"


def failed_rule_names(results: list[object]) -> list[str]:
    from tenderctl.checks.engine import effective_status  # lazy: checks.engine (+69 ms) on warm deadlines, cold deadlines
    from tenderctl.checks.registry import Result, Status  # lazy: checks.registry (+17 ms) on warm deadlines, cold deadlines

    names: list[str] = []
    for result in results:
        assert isinstance(result, Result)
        if effective_status(result) is Status.fail and result.rule not in names:
            names.append(result.rule)
    return names


def shown_evidence(result: object) -> list[object]:
    """Evidence worth printing for people: not a line that only repeats the message.

    JSON keeps every item; text and Markdown drop ``file: excerpt`` lines whose excerpt is
    already in the message and that name no page.
    """
    from tenderctl.checks.registry import Result  # lazy: checks.registry (+16 ms) on warm deadlines, cold deadlines

    assert isinstance(result, Result)
    return [e for e in result.evidence if e.page is not None or (e.excerpt and e.excerpt not in result.message)]
