"""Renderers of a checklist :class:`~tenderctl.checks.engine.Report`: text (rich), JSON, Markdown.

All three read the same object, so they cannot disagree. None of them decides anything.
"""

from __future__ import annotations

FORMATS = ("text", "json", "markdown")

STATUS_LABEL = {"pass": "PASS", "fail": "FAIL", "warn": "WARN", "unverified": "UNVERIFIED", "skipped": "SKIPPED"}


def verdict(status: str, failed_rules: list[str]) -> str:
    """The one-line answer to "will this bid be thrown out before anyone reads it?"."""
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
