"""Run a tender's ``checks:`` against the documents of a proposal folder.

The engine owns what every rule would otherwise repeat: which documents a rule sees
(the check's ``documents:`` roles, else the rule's default), the tender's severity and
tip on every result, unknown rule names (a result with a suggestion, never silence), a
rule that crashes (``unverified``, never a pass) and the overall verdict.
"""

from __future__ import annotations

import difflib
import importlib
import os
import pickle
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tenderctl.checks.rules as rules_package
from tenderctl.checks._options import OptionError
from tenderctl.checks._text import page_list
from tenderctl.checks.checklist import CheckEntry, Checklist
from tenderctl.checks.registry import RULES, Context, Evidence, Result, RuleSpec, Status
from tenderctl.documents.model import ROLES
from tenderctl.documents.sandbox import DEFAULT_MEMORY_MB, SMALL, Runner, Task, can_fork

if TYPE_CHECKING:
    from tenderctl.documents.model import Document
    from tenderctl.tenders.model import Tender

ALL_ROLES = ROLES
"""``documents: [all]`` (or ``"*"``) in a check means every file of the proposal."""

# A failed check whose severity is only ``warning``/``info`` does not sink the verdict:
# the tender author chose to make it advisory. The result itself still says ``fail``.
_ADVISORY = {"warning", "info"}

_PLACES = {
    "cell": "cells",
    "table": "tables",
    "header": "headers",
    "footer": "footers",
    "footnote": "footnotes",
    "textbox": "text boxes",
    "comment": "comments",
    "deleted": "tracked deletions",
    "inserted": "tracked insertions",
    "annotation": "annotations",
    "form-field": "form fields",
    "attachment": "attachments",
    "ocr": "OCR of scanned pages",
}


def load_rules() -> dict[str, RuleSpec]:
    """Import every rule module of :mod:`tenderctl.checks.rules` (a new rule is one new file).

    Modules whose name starts with ``_`` are helpers, not rules. A rule module that fails to
    import is a bug in tenderctl and is allowed to raise.
    """
    for info in pkgutil.iter_modules(rules_package.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{rules_package.__name__}.{info.name}")
    return RULES


@dataclass
class FileSummary:
    """One file of the proposal as the report shows it: role, and what could be read."""

    path: str
    role: str
    format: str
    size: int
    pages: int | None
    readable: bool
    encrypted: bool = False
    password_protected: bool = False
    unreadable_reason: str | None = None
    image_only_pages: list[int] = field(default_factory=list)
    signatures: int = 0
    notes: list[str] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    """What the reader accounted for: ``{part, read, page, detail}`` per part."""

    @property
    def complete(self) -> bool:
        """Read whole: readable, no scanned page left unread, no part left unread."""
        return self.readable and not self.image_only_pages and all(p["read"] for p in self.parts)

    @classmethod
    def of(cls, doc: Document) -> FileSummary:
        notes = list(doc.notes)
        if not doc.readable and doc.unreadable_reason and doc.unreadable_reason not in notes:
            notes.insert(0, f"not read: {doc.unreadable_reason}")
        if doc.readable:
            parts = sorted({b.where for b in doc.blocks if b.text.strip() and b.where != "metadata"})
            if parts:
                notes.insert(0, "text read from: " + ", ".join(_PLACES.get(p, p) for p in parts))
            elif not doc.image_only_pages:
                notes.insert(0, "no text found")
        if doc.image_only_pages:
            pages = page_list(doc.image_only_pages)
            line = f"no text layer on {pages} (scanned): not checked"
            if not any("scan" in note or "text layer" in note for note in notes):
                notes.append(line)
        return cls(
            path=doc.path,
            role=doc.role.value,
            format=doc.format,
            size=doc.size,
            pages=doc.pages,
            readable=doc.readable,
            encrypted=doc.encrypted,
            password_protected=doc.password_protected,
            unreadable_reason=doc.unreadable_reason,
            image_only_pages=list(doc.image_only_pages),
            signatures=len(doc.signatures),
            notes=notes,
            parts=[{"part": p.kind, "read": p.read, "page": p.page, "detail": p.describe()} for p in doc.parts],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "role": self.role,
            "format": self.format,
            "size": self.size,
            "pages": self.pages,
            "readable": self.readable,
            "encrypted": self.encrypted,
            "password_protected": self.password_protected,
            "unreadable_reason": self.unreadable_reason,
            "image_only_pages": self.image_only_pages,
            "signatures": self.signatures,
            "notes": self.notes,
            "complete": self.complete,
            "parts": self.parts,
        }


@dataclass
class Report:
    """Everything a renderer needs; the same object feeds text, JSON and Markdown."""

    tender: str
    title: str
    proposal: str
    results: list[Result]
    files: list[FileSummary]
    unknown_rules: list[str] = field(default_factory=list)
    checks_defined: bool = True
    """False when the tender has no ``checks:``: only tenderctl's default advice ran, so
    nothing was verified against the tender (the verdict says so, never "every check passed")."""

    @property
    def status(self) -> str:
        """``fail`` if a binding rule failed, else ``warn``, else ``unverified``, else ``pass``.

        ``skipped`` results do not count; a tender with no checks at all is ``unverified``,
        because nothing was checked against it.
        """
        effective = [effective_status(r) for r in self.results]
        for status in (Status.fail, Status.warn, Status.unverified):
            if status in effective:
                return str(status.value)
        if not self.checks_defined or not any(s is Status.passed for s in effective):
            return str(Status.unverified.value)
        return str(Status.passed.value)

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for result in self.results:
            counts[result.status.value] += 1
        return counts

    def exit_code(self, strict: bool = False) -> int:
        """0 nothing failed; 1 a rule failed (``strict``: also a warning or an unverified rule)."""
        effective = {effective_status(r) for r in self.results}
        if Status.fail in effective or self.unknown_rules:
            return 1
        if strict and effective & {Status.warn, Status.unverified}:
            return 1
        return 0

    def to_json(self) -> dict[str, Any]:
        return {
            "tender": self.tender,
            "proposal": self.proposal,
            "status": self.status,
            "checks_defined": self.checks_defined,
            "counts": self.counts(),
            "results": [result_json(r) for r in self.results],
            "files": [f.to_json() for f in self.files],
        }


def effective_status(result: Result) -> Status:
    """A fail under an advisory severity (``warning``/``info``) counts as a warning."""
    if result.status is Status.fail and result.severity in _ADVISORY:
        return Status.warn
    return result.status


def result_json(result: Result) -> dict[str, Any]:
    return {
        "rule": result.rule,
        "status": result.status.value,
        "severity": result.severity,
        "message": result.message,
        "tip": result.tip,
        "evidence": [{"file": e.file, "page": e.page, "excerpt": e.excerpt} for e in result.evidence],
    }


DEFAULT_TIP = "Not in the tender's checks: tenderctl runs it by default, as advice (add it to `checks:` to set its options and severity)."


def default_checks(tender: Checklist) -> list[CheckEntry]:
    """Checks run even when the tender does not list them: advisory (``warning``) only.

    Portal hygiene (file formats, names, an encrypted technical proposal) sinks bids whatever
    the notice says, so ``files`` always runs; listed in the tender, the tender's entry wins.
    """
    listed = {c.rule for c in tender.checks}
    return [CheckEntry(rule=name, severity="warning", tip=DEFAULT_TIP) for name in ("files",) if name not in listed]


def roles_for(check: CheckEntry, spec: RuleSpec | None) -> tuple[str, ...]:
    roles = tuple(check.documents) or (spec.default_documents if spec else ("technical",))
    if any(r in ("all", "*") for r in roles):
        return ALL_ROLES
    return roles


def run_checks(
    tender: Checklist | Tender,
    documents: list[Document],
    proposal: Path,
    *,
    trust_roots: Path | None = None,
    on_rule: Callable[[str], None] | None = None,
    timeout: float | None = None,
    memory_mb: int | None = None,
) -> Report:
    """Run every check of ``tender`` in order and collect a :class:`Report`.

    With ``timeout`` (seconds, what ``check --timeout`` gives the readers), each rule runs in
    a bounded worker process (:mod:`tenderctl.documents.sandbox`): a rule that overruns the
    time or memory bound on pathological text is stopped and reported ``unverified`` with the
    reason, and the other rules go on. Without it the rules run in this process (library use
    and the rule tests, where the documents are small and made by the test).
    """
    if not isinstance(tender, Checklist):
        tender = Checklist.of(tender)
    rules = load_rules()
    unknown: list[str] = []
    planned: list[tuple[CheckEntry, list[Result], RuleSpec | None, list[int]]] = []
    for check in [*tender.checks, *default_checks(tender)]:
        spec = rules.get(check.rule)
        if on_rule:
            on_rule(check.rule)
        if spec is None:
            unknown.append(check.rule)
            planned.append((check, [_unknown_rule(check, rules)], None, []))
            continue
        roles = roles_for(check, spec)
        chosen = [index for index, d in enumerate(documents) if d.role.value in roles]
        before: list[Result] = []
        bad_roles = [r for r in check.documents if r not in (*ALL_ROLES, "all", "*")]
        if bad_roles:
            near = difflib.get_close_matches(bad_roles[0], ALL_ROLES, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            before.append(
                Result(
                    check.rule,
                    Status.warn,
                    f"unknown document role {bad_roles[0]!r} in `documents:`{hint}: roles are {', '.join(ALL_ROLES)} or all",
                    severity=check.severity,
                    tip=check.tip,
                )
            )
        unknown_options = sorted(set(check.options) - set(spec.params))
        if unknown_options:
            before.append(_unknown_options(check, spec, unknown_options))
        planned.append((check, before, spec, chosen))
    jobs = [(check, chosen) for check, _before, spec, chosen in planned if spec is not None]
    if timeout is not None and jobs:
        outputs = _run_bounded(jobs, (tender, documents, proposal, trust_roots), timeout, memory_mb)
    else:
        outputs = [None] * len(jobs)
    results: list[Result] = []
    job = 0
    for check, before, spec, chosen in planned:
        results.extend(before)
        if spec is None:
            continue
        produced = outputs[job]
        job += 1
        picked = [documents[i] for i in chosen]
        if produced is None:  # not bounded, or the rule is not known to a fresh worker (a test's own rule)
            context = Context(tender=tender, check=check, documents=picked, proposal=proposal, trust_roots=trust_roots)
            produced = call_rule(spec, context)
        if spec.coverage:
            produced = apply_coverage(produced, picked)
        for result in produced:
            result.rule = check.rule
            result.severity = check.severity
            if result.tip is None:
                result.tip = check.tip
            results.append(result)
    return Report(
        tender=tender.reference,
        title=tender.title,
        proposal=str(proposal),
        results=results,
        files=[FileSummary.of(d) for d in sorted(documents, key=lambda d: d.path)],
        unknown_rules=unknown,
        checks_defined=bool(tender.checks),
    )


def call_rule(spec: RuleSpec, context: Context) -> list[Result]:
    """One rule's results; its own errors become ``unverified`` (a bug must not pass, nor hide the others)."""
    check = context.check
    try:
        produced = spec.function(context)
    except OptionError as exc:
        produced = [Result(check.rule, Status.unverified, f"not checked: {exc} (see `tenderctl rules {check.rule}`)")]
    except MemoryError:
        produced = [Result(check.rule, Status.unverified, "not checked: the rule ran out of memory on these documents (stopped)")]
    except Exception as exc:  # a rule bug must not hide the other rules, nor pass
        produced = [Result(check.rule, Status.unverified, f"the rule stopped with an internal error: {type(exc).__name__}: {exc}")]
    if not produced:
        produced = [Result(check.rule, Status.skipped, "the rule returned no result")]
    return produced


Staged = tuple[Checklist, list["Document"], Path, "Path | None"]


def _run_bounded(
    jobs: list[tuple[CheckEntry, list[int]]], staged: Staged, timeout: float, memory_mb: int | None
) -> list[list[Result] | None]:
    """Each job's results from a bounded worker; a rule stopped on time or memory is ``unverified``.

    Where workers are forked from this process (Linux), they are forked with the documents
    staged in :data:`_STAGE`, so they hold them from birth and nothing is pickled: pickling
    the documents here and unpickling them in the worker cost a 300-page PDF's check 40 ms of
    CPU, before the first rule could start. Otherwise the documents are pickled once and
    handed to every task as bytes (a copy, not a new pickling); each worker unpickles them on
    its first task only (:func:`run_staged`). The rules run on every core.
    """
    key = os.urandom(8).hex()
    bound = DEFAULT_MEMORY_MB if memory_mb is None else memory_mb
    forked = can_fork(bound)
    blob = None if forked else pickle.dumps(staged, protocol=pickle.HIGHEST_PROTOCOL)
    outputs: list[list[Result] | None] = [None] * len(jobs)

    def done(index: int, value: Any) -> None:
        outputs[index] = value

    def failed(index: int, reason: str) -> None:
        check = jobs[index][0]
        outputs[index] = [
            Result(
                check.rule,
                Status.unverified,
                f"not checked: the rule {reason}; the documents may hold what it looks for "
                "(a file with pathological text? `--timeout` raises the bound)",
            )
        ]

    tasks = [Task("tenderctl.checks.engine", "run_staged", (key, blob, check, tuple(chosen))) for check, chosen in jobs]
    # Heavy, so never queued behind a running rule: the documents would fill the socket and block
    # this process in send() for as long as that rule runs, with no one watching the clock (and
    # a rule queued behind a slow one would wait while the other core sits idle).
    heavy = [SMALL + len(blob or b"") + 1] * len(tasks)
    if forked:
        _STAGE.clear()
        _STAGE.update(key=key, value=staged)
    try:
        runner = Runner(tasks, done, failed, timeout=timeout, memory_mb=bound, weights=heavy, warm=False, doing="on these documents")
        runner.start().finish()
    finally:
        if forked:
            _STAGE.clear()
    return outputs


_STAGE: dict[str, Any] = {}


def run_staged(key: str, blob: bytes | None, check: CheckEntry, chosen: tuple[int, ...]) -> list[Result] | None:
    """In a worker: run ``check`` on the staged documents ``chosen``; None for a rule this process
    does not know (registered at run time by a test: the caller runs it itself), and for a worker
    that was not forked with the documents (``blob`` None) after all: the caller runs the rule."""
    if _STAGE.get("key") != key:
        if blob is None:
            return None
        _STAGE.clear()
        _STAGE["value"] = pickle.loads(blob)
        _STAGE["key"] = key
    tender, documents, proposal, trust_roots = _STAGE["value"]
    spec = load_rules().get(check.rule)
    if spec is None:
        return None
    context = Context(tender=tender, check=check, documents=[documents[i] for i in chosen], proposal=proposal, trust_roots=trust_roots)
    return call_rule(spec, context)


MAX_PARTS_NAMED = 3


def apply_coverage(results: list[Result], documents: list[Document]) -> list[Result]:
    """A rule's ``pass`` over files with parts that were not read becomes ``unverified``.

    The rule judged only what it was handed; a picture without OCR, an attachment past the
    depth bound or the 2,001st annotation may hold exactly what it looks for. One
    ``unverified`` result per such file names the parts and pages, in place of the pass; a
    pass stays only when every file the rule saw was read whole.
    """
    blind = [(doc, doc.unread_parts()) for doc in sorted(documents, key=lambda d: d.path) if doc.readable]
    blind = [(doc, parts) for doc, parts in blind if parts]
    if not blind or not any(r.status is Status.passed for r in results):
        return results
    out = [r for r in results if r.status is not Status.passed]
    for doc, parts in blind:
        named = "; ".join(p.describe() for p in parts[:MAX_PARTS_NAMED])
        more = f" (and {len(parts) - MAX_PARTS_NAMED} more)" if len(parts) > MAX_PARTS_NAMED else ""
        evidence = [Evidence(doc.path, p.page, p.describe()) for p in parts]
        out.append(
            Result(
                results[0].rule,
                Status.unverified,
                f"{doc.path}: not everything was read, so this cannot pass: {named}{more}",
                evidence=evidence,
            )
        )
    return out


def _unknown_options(check: CheckEntry, spec: RuleSpec, names: list[str]) -> Result:
    parts = []
    for name in names:
        near = difflib.get_close_matches(name, list(spec.params), n=1, cutoff=0.5)
        parts.append(f"{name!r}" + (f" (did you mean {near[0]!r}?)" if near else ""))
    known = ", ".join(spec.params) or "none"
    return Result(
        check.rule,
        Status.warn,
        f"unknown option{'s' if len(names) != 1 else ''} {', '.join(parts)} ignored (options of {check.rule}: {known})",
        severity=check.severity,
        tip=check.tip,
    )


def _unknown_rule(check: CheckEntry, rules: dict[str, RuleSpec]) -> Result:
    near = difflib.get_close_matches(check.rule, list(rules), n=1, cutoff=0.6)
    hint = f"did you mean {near[0]!r}?" if near else "`tenderctl rules` lists the rules"
    return Result(
        check.rule,
        Status.unverified,
        f"unknown rule {check.rule!r} in the tender's checks: nothing was checked ({hint})",
        severity=check.severity,
        tip=check.tip,
    )
