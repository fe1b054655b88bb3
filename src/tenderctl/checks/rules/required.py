"""Rule ``required-documents``: every document and form the tender asks for is in the folder."""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import PurePath
from typing import Any

from tenderctl.checks._options import OptionError, strings
from tenderctl.checks._text import fold, words
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule

_ROLE_NAMES = {"technical": "technical proposal", "financial": "financial proposal", "cv": "CV", "other": "other document"}


def _phrase(text: str) -> str:
    return " " + " ".join(words(text)) + " "


def _contents_line(line: str) -> bool:
    """A contents entry: its title, dot (or space) leaders, a page number. Plain string work, no
    regex: a pattern anchored at the end backtracks over long runs of spaces (quadratic)."""
    body = line.rstrip()
    digits = len(body) - len(body.rstrip("0123456789"))
    if not 1 <= digits <= 4:
        return False
    rest = body[:-digits]
    lead = rest.rstrip(" \t")
    return len(rest) - len(lead) >= 4 or "\t" in rest[len(lead) :] or lead.endswith(("...", "…", "___"))


_TOP_LINES = 6


def _heads(text: str, phrases: list[str], cased: re.Pattern[str] | None) -> bool:
    """Whether a page opens with the document: one of its first lines names it, and that line is
    not a contents entry. A name written with capitals ("Form A") must appear with capitals
    there, so "we will form a consortium" is not Form A."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_TOP_LINES]
    for line in lines:
        if _contents_line(line) or not any(p in _phrase(line) for p in phrases):
            continue
        if cased is not None and not any(m.group(0) != m.group(0).lower() for m in cased.finditer(line)):
            continue
        return True
    return False


def _cased(name: str) -> re.Pattern[str] | None:
    """The name's words as written, case-insensitively, when the name has capitals (else None)."""
    tokens = re.findall(r"\w+", name)
    if not tokens or name == name.lower():
        return None
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(t) for t in tokens) + r"(?!\w)", re.IGNORECASE)


@rule(
    "required-documents",
    params={
        "roles": "Document roles that must be present (default: [technical, financial]).",
        "files": "Required documents or forms: a name ('Form A'), a file pattern ('*declaration*.pdf'), or {name, pattern, keywords}.",
    },
    documents=("all",),
    coverage=False,  # passes on what it found, not on an absence
)
def required_documents(ctx: Context) -> list[Result]:
    """Every document and form the tender requires is in the proposal folder.

    Why: a missing form (bidder information, declaration of conformity, signed
    acceptance of terms) is an administrative rejection. Roles (`technical`, `financial`,
    ...) must each have at least one file. Each item of `files` is found by file name
    pattern, by name in a file name or title, or by name or keywords at the top of a page
    of any document (a form merged into the technical proposal counts, with its page). A
    mention in prose or in a table of contents is not the form: a false pass would let a
    bid go without it.

    Example:
      - rule: required-documents
        options:
          roles: [technical, financial]
          files:
            - Form A
            - {name: Declaration of conformity, keywords: [declaration of conformity, déclaration de conformité]}
            - {name: Company registration, pattern: "*registration*"}
    """
    roles = strings(ctx, "roles", ("technical", "financial"))
    files = ctx.option("files", []) or []
    if not isinstance(files, list) or not all(isinstance(i, (str, dict)) for i in files):
        raise OptionError("option 'files' must be a list of names, patterns or {name, pattern, keywords} mappings")
    results: list[Result] = []
    for role in roles:
        found = [d for d in ctx.documents if d.role.value == role]
        label = _ROLE_NAMES.get(role, role)
        if found:
            results.append(Result("required-documents", Status.passed, f"{label}: {', '.join(sorted(d.path for d in found))}"))
        else:
            results.append(
                Result(
                    "required-documents",
                    Status.fail,
                    f"no {label} found in the folder (files are classified by name and title; set `documents: {role}:` patterns in the tender if yours is named differently)",
                )
            )
    for item in files:
        results.append(_find_item(item, ctx))
    return results


def _find_item(item: Any, ctx: Context) -> Result:
    if isinstance(item, dict):
        name = str(item.get("name") or item.get("pattern") or "?")
        pattern = item.get("pattern")
        keywords = [str(k) for k in item.get("keywords", []) or []]
    else:
        name = str(item)
        pattern = name if any(c in name for c in "*?[") else None
        keywords = []
    docs = sorted(ctx.documents, key=lambda d: d.path)
    if pattern:
        for doc in docs:
            if fnmatch(fold(PurePath(doc.path).name), fold(str(pattern))):
                return Result("required-documents", Status.passed, f"{name}: {doc.path}", evidence=[Evidence(doc.path, None, "file name")])
    if not pattern or keywords:
        phrases = [_phrase(p) for p in [name, *keywords] if words(p)]
        for doc in docs:
            label = _phrase(PurePath(doc.path).stem + " " + (doc.title or ""))
            if any(p in label for p in phrases):
                return Result(
                    "required-documents",
                    Status.passed,
                    f"{name}: {doc.path}",
                    evidence=[Evidence(doc.path, 1 if doc.pages else None, "title or file name")],
                )
        cased = _cased(name) if not keywords else None
        for doc in docs:
            for page in sorted({b.page for b in doc.blocks if b.page is not None}):
                if _heads(doc.page_text(page)[:3000], phrases, cased):
                    return Result(
                        "required-documents",
                        Status.passed,
                        f"{name}: inside {doc.path}, page {page}",
                        evidence=[Evidence(doc.path, page, name)],
                    )
    unread = [d.path for d in docs if not d.readable]
    if unread:
        return Result("required-documents", Status.unverified, f"{name}: not found, but {', '.join(unread)} could not be read")
    return Result("required-documents", Status.fail, f"{name}: not found in the proposal (no file name, title or page matches)")
