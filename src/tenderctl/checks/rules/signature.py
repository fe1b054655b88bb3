"""The ``signature`` rule: the technical proposal carries a signature, and which kind.

An unsigned technical proposal is thrown out unread, and so is one whose signature was
broken by a last-minute edit. This rule accepts a signature only on evidence it has seen:
a PDF digital signature that parses, is intact and covers the document (pyHanko's
difference analysis: later revisions only of allowed kinds), a verified XML signature in a
DOCX/ODT (one that cannot be verified is ``unverified``), or a picture or ink mark on the
signature line of a signature block. A blank line
or a typed name is not a signature. A scan or an unreadable file is ``unverified``: the
signature may be there, but tenderctl cannot see it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tenderctl.checks._options import boolean
from tenderctl.checks._text import lines_containing
from tenderctl.checks.registry import Context, Evidence, Result, Status, rule
from tenderctl.documents.folder import verify_signatures
from tenderctl.documents.model import LABEL_STEMS, may_be_signature_label
from tenderctl.documents.sandbox import Failure

if TYPE_CHECKING:
    from tenderctl.documents.model import BBox, Document, ImageInfo, SignatureInfo, TextBlock

# Signature-block labels in English, French, Spanish and Portuguese (accents optional).
LABELS = (
    r"signature",
    r"signed by",
    r"authori[sz]ed signature",
    r"signature of (?:the )?(?:authori[sz]ed )?(?:representative|bidder|tenderer|consultant)",
    r"sign(?:e|é)(?:e)? par",
    r"signature autoris(?:e|é)e",
    r"firma",
    r"firmado por",
    r"firma autorizada",
    r"assinatura",
    r"assinado por",
    r"assinatura autorizada",
)
LABEL = re.compile(r"(?i)(?<![a-z])(?:" + "|".join(LABELS) + r")(?![a-z])")
CLOSINGS = (
    r"yours faithfully",
    r"yours sincerely",
    r"sincerely(?: yours)?",
    r"respectfully(?: yours| submitted)?",
    r"(?:best|kind) regards",
    r"veuillez agr(?:e|é)er",
    r"cordialement",
    r"atentamente",
    r"cordialmente",
    r"(?:com os )?melhores cumprimentos",
)
CLOSING = re.compile(r"(?i)^\W*(?:" + "|".join(CLOSINGS) + r")\b.{0,200}$")
"""A letter's closing: the signature goes under it, with no label ("Yours faithfully," then the signature)."""
STAMP_ASPECT = (0.75, 1.33)
"""A company stamp or seal is round or square; a handwritten signature is wide."""
LEADER = re.compile(r"_{4,}|\.{6,}|…{2,}")
ANNEX = re.compile(r"(?i)(?<![a-z])(?:annex|annexe|anexo|appendix|appendice|ap(?:e|é)ndice|attachment|pi(?:e|è)ce jointe)(?![a-z])")

SUPPORTING_FORMATS = frozenset({"xlsx", "ods", "csv", "txt", "md", "html"})
"""Formats that support a proposal rather than carry its signature: unsigned, they only warn."""

NEAR_X = 320.0
"""How far right of a label (PDF points) a signature picture may start."""
NEAR_Y = 90.0
"""How far above or below a label's line a signature picture may sit."""
MAX_MARK = 450.0
"""A picture wider or taller than this (points) is a page background, not a signature."""


@dataclass
class _Finding:
    status: Status
    message: str
    evidence: list[Evidence] = field(default_factory=list)


def is_label(text: str) -> bool:
    """A signature block's label, not prose: a leader line, a trailing colon, or a short line
    that starts with the label ("Signature:", "Signé par ____"; not "No signature block here.")."""
    if not may_be_signature_label(text):
        return False
    text = text.strip()
    if CLOSING.match(text):
        return True
    match = LABEL.search(text)
    if not match:
        return False
    lead = len(text) - len(text.lstrip("0123456789.-–•*() \t"))
    return bool(LEADER.search(text)) or (len(text) <= 80 and text.endswith(":")) or (len(text) <= 60 and match.start() <= lead)


def _label_blocks(doc: Document) -> list[tuple[int | None, BBox | None, str]]:
    """Lines that look like a signature block's label."""
    return [
        (block.page, block.bbox, block.text.strip())
        for block in _with_label_stem(doc.blocks)
        if block.where in ("body", "table", "textbox", "footer", "ocr") and is_label(block.text)
    ]


def _with_label_stem(blocks: list[TextBlock]) -> list[TextBlock]:
    """The blocks that contain a label stem, found in one pass (see :func:`lines_containing`)."""
    texts = [block.text.lower() for block in blocks]
    return [blocks[index] for index in sorted(lines_containing(texts, LABEL_STEMS))]


def _near(label: BBox, mark: BBox) -> bool:
    lx0, ly0, lx1, ly1 = label
    mx0, my0, mx1, my1 = mark
    if mx1 - mx0 > MAX_MARK or my1 - my0 > MAX_MARK:
        return False
    horizontally = mx1 >= lx0 - 40 and mx0 <= lx1 + NEAR_X
    vertically = my1 >= ly0 - NEAR_Y and my0 <= ly1 + NEAR_Y
    return horizontally and vertically


def stamp_shaped(image: ImageInfo) -> bool:
    """Round or square as shown (or in pixels): a stamp or seal, not a handwritten signature."""
    if image.bbox is not None:
        width, height = image.bbox[2] - image.bbox[0], image.bbox[3] - image.bbox[1]
    else:
        width, height = image.width_px, image.height_px
    return height > 0 and STAMP_ASPECT[0] <= width / height <= STAMP_ASPECT[1]


STAMP_ONLY = "a stamp, no signature seen"


def _visual(doc: Document) -> tuple[list[Evidence], list[tuple[int | None, str]]]:
    """(evidence of a picture/ink on a signature line, labels with nothing on them).

    A stamp-shaped picture alone is evidence with the excerpt :data:`STAMP_ONLY`."""
    labels = _label_blocks(doc)
    evidence: list[Evidence] = []
    blank: list[tuple[int | None, str]] = []
    for page, bbox, text in labels:
        hit = None
        if bbox is not None and page is not None:
            for image in doc.images:
                if image.page == page and image.bbox is not None and _near(bbox, image.bbox):
                    hit = "a picture"
                    if not stamp_shaped(image):
                        break
                    hit = STAMP_ONLY
            if hit is None:
                for ink in doc.ink:
                    if ink.page == page and ink.bbox is not None and _near(bbox, ink.bbox):
                        hit = "hand-drawn ink" if ink.kind == "ink-annotation" else "a freehand drawing"
                        break
        if hit == STAMP_ONLY:
            evidence.append(Evidence(doc.path, page, f"{STAMP_ONLY} on the signature line: {text[:120]}"))
        elif hit:
            evidence.append(Evidence(doc.path, page, f"{hit} on the signature line: {text[:120]}"))
        else:
            blank.append((page, text))
    # DOCX/ODT: a picture whose surrounding text is a signature label.
    for image in doc.images:
        if image.bbox is None and image.where != "header" and any(is_label(part) for part in (image.near_text or "").split(" | ")):
            what = STAMP_ONLY if stamp_shaped(image) else "a picture in the signature block"
            evidence.append(Evidence(doc.path, image.page, f"{what}: {image.near_text[:120]}"))
    if evidence:
        blank = []
    return evidence, blank


def _where(sig: SignatureInfo) -> str:
    parts = []
    if sig.field:
        parts.append(f"field {sig.field}")
    if sig.page:
        parts.append(f"page {sig.page}")
    return f" ({', '.join(parts)})" if parts else ""


def _digital(doc: Document, signatures: Iterable[SignatureInfo], trust_checked: bool) -> tuple[_Finding | None, list[str]]:
    """The verdict from digital signatures (None when there are none that count), plus remarks."""
    good: list[Evidence] = []
    good_messages: list[str] = []
    warnings: list[str] = []
    failures: list[str] = []
    excerpts: list[tuple[int | None, str]] = []
    remarks: list[str] = []
    for sig in signatures:
        where = _where(sig)
        signer = sig.signer or "an unnamed signer"
        if sig.kind in ("docx", "odf"):
            # An XML signature passes only once verified (digests and signature value): a part
            # that merely looks like one is trivially forged, so unverifiable is never a pass.
            if sig.signed and sig.intact is True and sig.covers_document is not False:
                good.append(Evidence(doc.path, None, f"XML digital signature by {signer}{where}: verified"))
            elif sig.signed and sig.intact is False:
                failures.append(f"the XML signature by {signer}{where} is broken: the file was edited after signing ({sig.detail})")
                excerpts.append((None, f"broken XML signature by {signer}"))
            elif sig.signed and sig.intact is True:
                failures.append(f"the XML signature by {signer}{where} does not cover the whole file: {sig.detail}")
                excerpts.append((None, f"XML signature by {signer}: parts not signed"))
            elif sig.signed:
                remarks.append(f"an XML digital signature by {signer}{where} that tenderctl cannot verify ({sig.detail})")
            continue
        if not sig.signed:
            remarks.append(f"{sig.detail}{where}")
            continue
        if sig.intact is False:
            failures.append(f"the signature by {signer}{where} is broken: the signed bytes were changed ({sig.detail})")
            excerpts.append((sig.page, f"broken signature by {signer}{where}"))
        elif sig.covers_document is False:
            failures.append(f"the document was changed after {signer} signed it{where}: {sig.modified_after or sig.detail}")
            excerpts.append((sig.page, f"signature by {signer}{where}: document changed after signing"))
        elif sig.trusted is False:
            failures.append(f"the signature by {signer}{where} is intact but its certificate is not trusted by the given roots")
            excerpts.append((sig.page, f"signature by {signer}{where}: certificate not trusted"))
        elif sig.intact and sig.covers_document:
            trust = (
                "certificate trusted"
                if sig.trusted
                else ("certificate trust not checked (pass --trust ROOTS.pem to check it)" if not trust_checked else "")
            )
            text = f"digital signature by {signer}{where}: intact, covers the document"
            if trust:
                text += f"; {trust}"
            if sig.modified_after:
                warnings.append(f"signature by {signer}{where}: {sig.modified_after}")
            good.append(Evidence(doc.path, sig.page, f"digital signature by {signer}{where}"))
            good_messages.append(text)
        else:
            remarks.append(f"the signature by {signer}{where} could not be fully checked ({sig.detail})")
    if failures:
        return _Finding(Status.fail, "; ".join(failures), [Evidence(doc.path, page, text) for page, text in excerpts]), remarks
    if good and warnings:
        return _Finding(Status.warn, "signed, but " + "; ".join(warnings), good), remarks
    if good:
        return _Finding(Status.passed, good_messages[0] if good_messages else good[0].excerpt, good), remarks
    return None, remarks


def _docx_lines(doc: Document) -> list[SignatureInfo]:
    return [s for s in doc.signatures if s.kind == "docx" and not s.signed and (s.field or "").startswith("signature line")]


def judge(
    doc: Document, signatures: list[SignatureInfo] | None = None, *, trust_checked: bool = False, annex_lenient: bool = True
) -> _Finding:
    """The signature verdict for one document (``signatures`` overrides ``doc.signatures``)."""
    sigs = doc.signatures if signatures is None else signatures
    if doc.format in ("symlink", "special", "deep", "error", "system"):
        return _Finding(Status.unverified, f"not opened: {doc.unreadable_reason}", [Evidence(doc.path, None, doc.unreadable_reason or "")])
    digital, remarks = _digital(doc, sigs, trust_checked)
    if digital is not None and digital.status in (Status.fail, Status.passed, Status.warn):
        return digital
    if not doc.readable:
        reason = doc.unreadable_reason or "could not be read"
        return _Finding(Status.unverified, f"cannot see whether it is signed: {reason}", [Evidence(doc.path, None, reason)])
    visual, blank = _visual(doc)
    if visual and all(e.excerpt.startswith(STAMP_ONLY) for e in visual):
        pages = sorted({e.page for e in visual if e.page})
        where = f" on page {', '.join(map(str, pages))}" if pages else ""
        return _Finding(Status.warn, f"{STAMP_ONLY}{where}: a company stamp or seal is not a signature (sign beside it)", visual)
    visual = [e for e in visual if not e.excerpt.startswith(STAMP_ONLY)]
    if visual:
        pages = sorted({e.page for e in visual if e.page})
        where = f" on page {', '.join(map(str, pages))}" if pages else ""
        extra = f" (note: {'; '.join(remarks)})" if remarks else ""
        return _Finding(Status.passed, f"signed by hand{where}: {visual[0].excerpt}{extra}", visual)
    for sig in sigs:
        if sig.kind == "pdf" and not sig.signed and "placeholder" in sig.detail:
            return _Finding(
                Status.fail,
                f"a signature placeholder with no real signature in it{_where(sig)}: {sig.detail}",
                [Evidence(doc.path, sig.page, sig.detail[:200])],
            )
    for sig in sigs:
        if sig.kind == "pdf" and not sig.signed and "empty signature field" in sig.detail:
            return _Finding(
                Status.fail,
                f"the signature field is empty{_where(sig)}: nobody signed it",
                [Evidence(doc.path, sig.page, f"empty signature field {sig.field}")],
            )
    lines = _docx_lines(doc)
    if lines:
        return _Finding(
            Status.fail, f"an unsigned Office {lines[0].field}: nobody signed it", [Evidence(doc.path, None, lines[0].field or "")]
        )
    if remarks:
        return _Finding(
            Status.unverified,
            "a signature that could not be checked: " + "; ".join(remarks),
            [Evidence(doc.path, None, r[:200]) for r in remarks],
        )
    # Pages read by OCR are still pictures: a handwritten signature on them cannot be located.
    unseen = sorted({*doc.image_only_pages, *(b.page for b in doc.blocks if b.where == "ocr" and b.page)})
    if unseen:
        scanned = ", ".join(map(str, unseen[:20]))
        return _Finding(
            Status.unverified,
            f"no signature found in the text, but page(s) {scanned} are scans without a text layer: a handwritten signature there cannot be seen",
            [Evidence(doc.path, unseen[0], "scanned page: not checked")],
        )
    if doc.partial:
        return _Finding(
            Status.unverified,
            "no signature found in the part that was read (only part of the file was read)",
            [Evidence(doc.path, None, doc.notes[0] if doc.notes else "")],
        )
    # Annexes, spreadsheets and plain-text files rarely carry the signature: they warn (option ``annexes``).
    lenient = ""
    if annex_lenient and ANNEX.search(doc.path):
        lenient = "an annex"
    elif annex_lenient and doc.format in SUPPORTING_FORMATS:
        lenient = "a spreadsheet or text file, not the signed proposal itself"
    status = Status.warn if lenient else Status.fail
    if blank:
        page, text = blank[-1]
        where = f" on page {page}" if page else ""
        message = f"the signature block{where} ('{text[:60]}') has no signature on it: a blank line or a typed name is not a signature"
        return _Finding(status, message + (f" ({lenient})" if lenient else ""), [Evidence(doc.path, page, text[:200])])
    message = "no signature found: no digital signature, and no picture or ink on a signature line"
    if lenient:
        message += f" ({lenient}: sign it too if the tender asks for every document to be signed)"
    return _Finding(status, message, [Evidence(doc.path, None, "no signature block or signature found")])


def _trust_signatures(ctx: Context, doc: Document) -> tuple[list[SignatureInfo] | None, str | None]:
    """Re-validate a PDF's signatures against ``ctx.trust_roots`` in a bounded worker."""
    if ctx.trust_roots is None or doc.format != "pdf" or not any(s.kind == "pdf" and s.signed for s in doc.signatures):
        return None, None

    try:
        verified = verify_signatures(ctx.proposal / doc.path, ctx.trust_roots)
    except (OSError, Failure) as exc:
        return None, f"certificate trust could not be checked: {getattr(exc, 'reason', exc)}"

    pages = {s.field: s.page for s in doc.signatures}
    return [dataclasses.replace(s, page=pages.get(s.field)) if s.page is None else s for s in verified], None


@rule(
    "signature",
    params={
        "annexes": "true/false: unsigned annexes, spreadsheets and text files fail like the main proposal (default false: they warn)",
        "digital": "true/false: only a valid digital signature counts, not a picture or ink (default false)",
    },
    documents=("technical",),
    coverage=False,  # passes on what it found, not on an absence
)
def signature(ctx: Context) -> list[Result]:
    """The technical proposal carries a signature; the evidence says which kind.

    Passes on a PDF digital signature that is intact and covers the document (later
    revisions only of allowed kinds: form filling, timestamps, more signatures), an XML
    signature part in a DOCX/ODT (present; its cryptography is not verified), or a picture
    or hand-drawn ink on the signature line of a signature block ("Signature", "Authorized
    signature", "Signé par", "Firma", "Assinatura", ...). Fails on an empty signature
    field, a placeholder, a broken signature, a document changed after signing, an
    unsigned Office signature line, a blank signature line or a typed name alone.
    A scan, an encrypted or unreadable file is unverified. Certificate trust is only
    checked with trust roots (`tenderctl check --trust ROOTS.pem`).

    Example:

        checks:
          - rule: signature
            documents: technical
            options: {annexes: false, digital: false}
    """
    name = ctx.check.rule
    severity = ctx.check.severity
    documents = ctx.documents
    if not documents:
        return [
            Result(
                name,
                Status.fail,
                "no technical proposal found to check for a signature (name it e.g. Technical_Proposal.pdf, "
                "or list its file name under documents: technical in the tender)",
                severity=severity,
                tip=ctx.check.tip,
            )
        ]

    annex_lenient = not boolean(ctx, "annexes", False)  # a wrong type raises OptionError: the engine says so
    digital_only = boolean(ctx, "digital", False)
    results = []
    for doc in documents:
        signatures, trust_problem = _trust_signatures(ctx, doc)
        finding = judge(doc, signatures, trust_checked=ctx.trust_roots is not None, annex_lenient=annex_lenient)
        if digital_only and finding.status is Status.passed and not any("digital signature" in e.excerpt for e in finding.evidence):
            finding = _Finding(
                Status.fail, "signed by hand only, but this tender asks for a digital signature: " + finding.message, finding.evidence
            )
        if trust_problem and finding.status is Status.passed:
            finding = _Finding(Status.warn, f"{finding.message}; but {trust_problem}", finding.evidence)
        results.append(
            Result(name, finding.status, f"{doc.path}: {finding.message}", severity=severity, tip=ctx.check.tip, evidence=finding.evidence)
        )
    return results
