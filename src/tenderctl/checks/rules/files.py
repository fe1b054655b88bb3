"""Rule ``files``: formats, sizes, portal-safe names, encryption as the portal wants it."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePath

from tenderctl.checks._options import boolean, choice, integer, number, strings
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule

DEFAULT_FORMATS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "odp", "ppt", "pptx", "zip")
DEFAULT_MAX_NAME = 100
# Characters upload portals and e-mail gateways reject or mangle.
_BAD_CHARS = re.compile(r"[<>:\"/\\|?*#%&{}$!@+=`'~;\[\]\x00-\x1f]")
_JUNK = re.compile(r"(?i)^(?:\.ds_store|thumbs\.db|desktop\.ini|~\$.*|\.~lock\..*#|.*\.tmp|.*\.bak)$")


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def name_problems(name: str, *, max_length: int = DEFAULT_MAX_NAME, spaces: bool = True) -> list[tuple[Status, str]]:
    """What is wrong with a file name for an upload portal (fail) or might be (warn)."""
    problems: list[tuple[Status, str]] = []
    bad = sorted(set(_BAD_CHARS.findall(name)))
    if bad:
        problems.append((Status.fail, f"characters portals reject: {' '.join(repr(c) for c in bad)}"))
    if len(name) > max_length:
        problems.append((Status.fail, f"name is {len(name)} characters long (limit {max_length})"))
    if name != name.strip() or name.rstrip().endswith("."):
        problems.append((Status.fail, "leading or trailing space or dot"))
    if not name.isascii():
        problems.append((Status.warn, "non-ASCII characters (accents) may be mangled by the portal"))
    if not spaces and " " in name:
        problems.append((Status.fail, "spaces in the name (the tender asks for none)"))
    elif "  " in name:
        problems.append((Status.warn, "double space in the name"))
    if "." not in name.lstrip("."):
        problems.append((Status.warn, "no file extension"))
    return problems


@rule(
    "files",
    params={
        "formats": f"Allowed extensions (default: {', '.join(DEFAULT_FORMATS)}).",
        "max_file_mb": "Largest allowed file in MB (decimal).",
        "max_total_mb": "Largest allowed total in MB.",
        "max_name": f"Longest allowed file name (default {DEFAULT_MAX_NAME}).",
        "spaces": "false when the portal wants no spaces in names (default true).",
        "financial_password": "true when the financial proposal must be password-protected.",
        "technical_encrypted": "'fail' (default) or 'allow': an encrypted technical proposal.",
    },
    documents=("all",),
    coverage=False,  # passes on what it found, not on an absence
)
def files(ctx: Context) -> list[Result]:
    """Every file can be uploaded and opened: format, size, name, password.

    Why: portals reject files by extension, size and name before anyone reads them, and
    an evaluator who cannot open the technical proposal scores it zero. Checks: allowed
    formats (`formats`), each file's and the total size (`max_file_mb`, `max_total_mb`),
    portal-safe names (no characters like & # % ? : *, not longer than `max_name`,
    optionally no spaces), junk files (.DS_Store, ~$lock files), an encrypted technical
    proposal (fails unless `technical_encrypted: allow`), and a financial proposal left
    without a password when `financial_password: true`.

    Example:
      - rule: files
        options: {formats: [pdf, xlsx], max_file_mb: 10, max_total_mb: 25, financial_password: true}
    """
    formats = {f.lower().lstrip(".") for f in strings(ctx, "formats", DEFAULT_FORMATS)}
    max_file = number(ctx, "max_file_mb")
    max_total = number(ctx, "max_total_mb")
    max_name = integer(ctx, "max_name", DEFAULT_MAX_NAME) or DEFAULT_MAX_NAME
    spaces = boolean(ctx, "spaces", True)
    want_password = boolean(ctx, "financial_password", False)
    allow_encrypted = choice(ctx, "technical_encrypted", ("fail", "allow"), "fail") == "allow"
    results: list[Result] = []
    total = 0
    for doc in sorted(ctx.documents, key=lambda d: d.path):
        total += doc.size
        name = PurePath(doc.path).name
        problems: list[tuple[Status, str]] = []
        ext = PurePath(name).suffix.lower().lstrip(".")
        if doc.format in ("symlink", "special", "deep", "error"):
            problems.append((Status.warn, doc.unreadable_reason or f"not a regular file ({doc.format})"))
        elif _JUNK.match(name) or doc.format == "system":
            problems.append((Status.warn, "a system or lock file: do not upload it"))
        elif ext not in formats:
            problems.append((Status.fail, f"format .{ext or '?'} not allowed (allowed: {', '.join(sorted(formats))})"))
        if max_file is not None and doc.size > max_file * 1_000_000:
            problems.append((Status.fail, f"{_mb(doc.size)}, over the {max_file:g} MB limit per file"))
        if doc.format not in ("system", "symlink", "special", "deep", "error") and not _JUNK.match(name):
            problems.extend(name_problems(name, max_length=max_name, spaces=spaces))
        role = doc.role.value
        if role == "technical" and (doc.encrypted or doc.password_protected) and not allow_encrypted:
            what = "needs a password to open" if doc.password_protected else "is encrypted (restrictions on printing or copying)"
            problems.append(
                (Status.fail if doc.password_protected else Status.warn, f"the technical proposal {what}: evaluators must open it")
            )
        if role == "financial" and want_password and not doc.password_protected:
            problems.append(
                (Status.fail, "the financial proposal must be password-protected (the tender asks for it) and opens without one")
            )
        if problems:
            status = Status.fail if any(s is Status.fail for s, _ in problems) else Status.warn
            results.append(
                Result(
                    "files",
                    status,
                    f"{doc.path}: " + "; ".join(p for _, p in problems),
                    evidence=[Evidence(doc.path, None, p) for _, p in problems],
                )
            )
    results.extend(_junk_on_disk(ctx.proposal, {d.path for d in ctx.documents}))
    if max_total is not None and total > max_total * 1_000_000:
        results.append(Result("files", Status.fail, f"{len(ctx.documents)} files total {_mb(total)}, over the {max_total:g} MB limit"))
    if want_password and not any(d.role.value == "financial" for d in ctx.documents):
        results.append(Result("files", Status.warn, "the tender wants a password-protected financial proposal, but none was found"))
    if not ctx.documents:
        return [Result("files", Status.fail, "the proposal folder has no files")]
    if not results:
        results.append(
            Result(
                "files",
                Status.passed,
                f"{len(ctx.documents)} file{'s' if len(ctx.documents) != 1 else ''}, {_mb(total)} in total: formats, sizes and names are fine",
            )
        )
    return results


def _junk_on_disk(folder: Path, known: set[str]) -> list[Result]:
    """System and lock files the readers skip (hidden files) but an upload of the folder would include."""
    results: list[Result] = []
    if not folder.is_dir():
        return results
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(dirnames)
        for name in sorted(filenames):
            rel = os.path.relpath(os.path.join(dirpath, name), folder)
            if rel in known or not _JUNK.match(name):
                continue
            results.append(
                Result(
                    "files",
                    Status.warn,
                    f"{rel}: a system or lock file in the folder: do not upload it",
                    evidence=[Evidence(rel, None, "junk file")],
                )
            )
    return results
