"""Renderers of a checklist :class:`~tenderctl.checks.engine.Report`: text (rich), JSON, Markdown.

All three read the same object, so they cannot disagree. None of them decides anything.
"""

from __future__ import annotations

FORMATS = ("text", "json", "markdown")

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
    from tenderctl.checks.engine import effective_status
    from tenderctl.checks.registry import Result, Status

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
    from tenderctl.checks.registry import Result

    assert isinstance(result, Result)
    return [e for e in result.evidence if e.page is not None or (e.excerpt and e.excerpt not in result.message)]
