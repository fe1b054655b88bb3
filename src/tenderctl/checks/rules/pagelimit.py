"""Rule ``page-limit``: the technical proposal stays within the tender's page limit."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import PurePath

from tenderctl.checks._options import choice, integer, strings
from tenderctl.checks._text import fold
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule


@rule(
    "page-limit",
    params={
        "max": "Most pages allowed (required).",
        "count": "'each' (default: every document on its own) or 'total' (all documents together).",
        "exclude": "File name patterns left out of the count, e.g. ['*annex*', '*CV*'].",
    },
    documents=("technical",),
    coverage=False,  # passes on what it found, not on an absence
)
def page_limit(ctx: Context) -> list[Result]:
    """The technical proposal has no more pages than the tender allows.

    Why: evaluators stop reading at the limit, or reject the proposal. Pages are counted
    per document (`count: each`) or all together (`count: total`); annexes can be left out
    with `exclude` patterns. A format without pages (DOCX counts pages only when Word lays
    it out) is `unverified` unless the file records its page count: export to PDF to check.

    Example:
      - rule: page-limit
        options: {max: 30, exclude: ["*annex*"]}
    """
    limit = integer(ctx, "max")
    if limit is None:
        return [Result("page-limit", Status.unverified, "no page limit given: add `options: {max: N}` to the check")]
    exclude = [fold(p) for p in strings(ctx, "exclude")]
    total_count = choice(ctx, "count", ("each", "total"), "each") == "total"
    docs = [d for d in sorted(ctx.documents, key=lambda d: d.path) if not any(fnmatch(fold(PurePath(d.path).name), p) for p in exclude)]
    if not docs:
        return [Result("page-limit", Status.skipped, "no technical document to count")]
    unknown = [d for d in docs if d.pages is None]
    results: list[Result] = [
        Result("page-limit", Status.unverified, f"{d.path}: page count unknown for {d.format.upper()} (export it to PDF to check)")
        for d in unknown
    ]
    known = [d for d in docs if d.pages is not None]
    if total_count:
        total = sum(d.pages or 0 for d in known)
        status = Status.fail if total > limit else Status.passed
        if status is Status.passed and unknown:
            return results
        results.insert(
            0,
            Result(
                "page-limit",
                status,
                f"{total} pages in {len(known)} document{'s' if len(known) != 1 else ''} (limit {limit})",
                evidence=[Evidence(d.path, None, f"{d.pages} pages") for d in known],
            ),
        )
        return results
    for doc in known:
        pages = doc.pages or 0
        if pages > limit:
            results.append(
                Result(
                    "page-limit",
                    Status.fail,
                    f"{doc.path}: {pages} pages, over the limit of {limit}",
                    evidence=[Evidence(doc.path, limit + 1, f"page {limit + 1} and after are over the limit")],
                )
            )
        else:
            results.append(Result("page-limit", Status.passed, f"{doc.path}: {pages} pages (limit {limit})"))
    return results
