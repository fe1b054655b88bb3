"""Rule ``language``: the proposal is written in a language the tender accepts."""

from __future__ import annotations

from collections import Counter

from tenderctl.checks._options import OptionError, strings
from tenderctl.checks._text import unreadable_result, unseen_parts, words
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule

# Short, frequent function words that tell these languages apart (folded: no accents).
MARKERS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for with are this will be by which our we from have has".split()),  # noqa: SIM905
    "fr": frozenset("le la les des du et est une pour dans qui sur au aux nous avec sont cette ce ces par".split()),  # noqa: SIM905
    "es": frozenset("el los las del y es una para en que con por se al como su sus nuestro nuestra este esta".split()),  # noqa: SIM905
    "pt": frozenset("o os as do da dos das e uma para em que com por ao na no nosso nossa este esta sao".split()),  # noqa: SIM905
}
NAMES = {"en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese"}
SAMPLE_WORDS = 20_000
MIN_WORDS = 40
MIN_SHARE = 0.08


def detect(text: str) -> tuple[str | None, dict[str, int]]:
    """The dominant language of ``text`` among en/fr/es/pt by function-word counts, or None when too short."""
    tokens = words(text[: SAMPLE_WORDS * 8])[:SAMPLE_WORDS]
    scores = Counter(dict.fromkeys(MARKERS, 0))
    for token in tokens:
        for lang, markers in MARKERS.items():
            if token in markers:
                scores[lang] += 1
    if len(tokens) < MIN_WORDS or not any(scores.values()):
        return None, dict(scores)
    best, hits = scores.most_common(1)[0]
    # In these languages function words are a quarter or more of running text; far fewer
    # means another language (German, Arabic...) or a list of names and figures.
    if hits < MIN_SHARE * len(tokens):
        return None, dict(scores)
    return best, dict(scores)


@rule(
    "language",
    params={"languages": "Accepted languages as codes: en, fr, es, pt (default: en)."},
    documents=("technical",),
    coverage=False,  # passes on what it found, not on an absence
)
def language(ctx: Context) -> list[Result]:
    """The technical proposal is written in a language the tender accepts.

    Why: a proposal in another language than the notice allows is set aside ("Proposals
    shall be submitted in English"). The dominant language of each technical document is
    told from its most frequent short words (English, French, Spanish, Portuguese); a
    document with too little text to tell, or unreadable, is `unverified`.

    Example:
      - rule: language
        severity: required
        options: {languages: [en, fr]}
    """
    accepted = [code.lower() for code in strings(ctx, "languages", ("en",))]
    unknown = [c for c in accepted if c not in MARKERS]
    if unknown:
        raise OptionError(f"option 'languages': unknown code {unknown[0]!r} (known: {', '.join(MARKERS)})")
    if not ctx.documents:
        return [Result("language", Status.skipped, "no technical proposal found to check")]
    wanted = " or ".join(NAMES[c] for c in accepted)
    results: list[Result] = []
    for doc in sorted(ctx.documents, key=lambda d: d.path):
        if not doc.readable:
            results.append(unreadable_result("language", doc))
            continue
        found, scores = detect("\n".join(b.text for b in doc.blocks if b.where not in ("metadata",)))
        if found is None:
            blind = unseen_parts(doc)
            reason = f"; {blind}" if blind else ""
            results.append(
                Result(
                    "language",
                    Status.unverified,
                    f"{doc.path}: cannot tell its language (too little text, or not {', '.join(NAMES.values())}){reason}",
                )
            )
            continue
        detail = ", ".join(f"{lang} {count}" for lang, count in sorted(scores.items(), key=lambda kv: -kv[1]) if count)
        if found in accepted:
            results.append(Result("language", Status.passed, f"{doc.path}: written in {NAMES[found]}"))
        else:
            results.append(
                Result(
                    "language",
                    Status.fail,
                    f"{doc.path}: written in {NAMES[found]}, the tender accepts {wanted}",
                    evidence=[Evidence(doc.path, None, f"function words counted: {detail}")],
                )
            )
    return results
