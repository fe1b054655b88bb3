"""PDF digital signatures through pyHanko: filled or empty, intact or not, covering what.

pyHanko is the one Python library that does PAdES difference analysis: it tells "a later
revision only filled a form field or added a timestamp" from "someone added page content
after signing", which poppler's ``pdfsig`` does not (it says "valid" for an edited file).
pyHanko raises on malformed signatures and skips unknown sub-filters, so every field is
judged on its own and any exception becomes a reason, never a pass.

Trust is opt-in: without trust roots only integrity is judged (``trusted`` stays None).
"""

from __future__ import annotations

import io
from typing import Any

from tenderctl.documents.model import BBox, SignatureInfo
from tenderctl.fsutil import UnreadableFile, read_bounded

SUPPORTED_SUBFILTERS = ("/adbe.pkcs7.detached", "/ETSI.CAdES.detached", "/ETSI.RFC3161")


def _signer_name(emb: Any) -> str | None:
    try:
        subject = emb.signer_cert.subject.native
    except Exception:
        return None
    for key in ("common_name", "organization_name", "email_address"):
        if subject.get(key):
            return str(subject[key])
    return None


def _validation_context(trust_roots: bytes | None) -> Any:
    from pyhanko_certvalidator import ValidationContext  # lazy: pyhanko_certvalidator (+270 ms) only with trust roots (check --trust)

    roots: list[Any] = []
    if trust_roots:
        from asn1crypto import pem, x509  # type: ignore[import-untyped]  # lazy: asn1crypto (+36 ms) only with trust roots (check --trust)

        if pem.detect(trust_roots):
            roots = [x509.Certificate.load(der) for _, _, der in pem.unarmor(trust_roots, multiple=True)]
        else:
            roots = [x509.Certificate.load(trust_roots)]
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def _judge(emb: Any, info: dict[str, Any], trust_roots: bytes | None) -> SignatureInfo:
    """Validate one embedded signature and put the verdict in words."""
    # lazy: pyhanko validation (+1.3 s after this module alone) only for a signature found
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification

    # lazy: pyhanko validation (+1.3 s after this module alone) only for a signature found
    from pyhanko.sign.validation import validate_pdf_signature

    # lazy: pyhanko validation (+1.2 s after this module alone) only for a signature found
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = validate_pdf_signature(emb, signer_validation_context=_validation_context(trust_roots))
    intact = bool(status.intact and status.valid)
    level = status.modification_level
    coverage = status.coverage
    allowed = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)
    covers = coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        coverage == SignatureCoverageLevel.ENTIRE_REVISION and level in allowed and status.docmdp_ok is not False
    )
    modified: str | None = None
    if coverage != SignatureCoverageLevel.ENTIRE_FILE:
        if level == ModificationLevel.OTHER or coverage in (
            SignatureCoverageLevel.UNCLEAR,
            SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START,
        ):
            why = ""
            if isinstance(status.diff_result, SuspiciousModification):
                why = f" (pyHanko: {str(status.diff_result).split(':')[0][:90]})"
            modified = f"content was added or changed in a later revision{why}"
            covers = False
        elif level == ModificationLevel.ANNOTATIONS:
            modified = "annotations or comments were added after signing"
        elif level in (ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING):
            modified = None  # allowed kinds: timestamps, validation data, form filling, more signatures
        elif level is None:
            modified = "later revisions could not be analysed"
            covers = False
    if status.docmdp_ok is False:
        if modified is None:
            modified = "the changes break the signature's own modification policy (DocMDP)"
        covers = False
    trusted = bool(status.trusted) if trust_roots else None
    detail = [f"coverage {coverage.name.lower().replace('_', ' ') if coverage else 'unknown'}"]
    if level is not None:
        detail.append(f"modification level {level.name.lower().replace('_', ' ')}")
    if not intact:
        detail.append("the signed bytes do not match the signature (broken)")
    if trust_roots and not trusted:
        detail.append(f"signer not trusted by the given roots ({status.trust_problem_indic})")
    return SignatureInfo(
        kind="pdf",
        field=info.get("field"),
        page=info.get("page"),
        signed=True,
        intact=intact,
        covers_document=covers and intact,
        modified_after=modified,
        signer=_signer_name(emb),
        trusted=trusted,
        detail="; ".join(detail),
    )


def pdf_signatures(data: bytes, fields: dict[str, tuple[int, BBox]] | None = None, trust_roots: bytes | None = None) -> list[SignatureInfo]:
    """Every signature field of the PDF with what pyHanko could establish about it.

    ``fields`` maps field names to (page, bbox) as PDFium found them, to name the page.
    """
    import logging  # lazy: with pyhanko: inside the caller's try (formats.pdf), where a failing import becomes a note

    # lazy: pyhanko (+0.5 s); inside the caller's try (formats.pdf), where a failing pyHanko becomes a note
    from pyhanko.pdf_utils.reader import PdfFileReader

    # lazy: pyhanko (+1.5 s); inside the caller's try (formats.pdf), where a failing pyHanko becomes a note
    from pyhanko.sign.fields import enumerate_sig_fields

    # lazy: pyhanko (+1.7 s); inside the caller's try (formats.pdf), where a failing pyHanko becomes a note
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    fields = fields or {}
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    if reader.encrypted:
        try:
            reader.decrypt(b"")
        except Exception:
            return [SignatureInfo(kind="pdf", detail="encrypted: the signatures could not be examined")]
    results: list[SignatureInfo] = []
    for name, value, field_ref in enumerate_sig_fields(reader):
        short = name.rsplit(".", 1)[-1]
        page = fields.get(name, fields.get(short, (None, None)))[0]
        if value is None:
            results.append(SignatureInfo(kind="pdf", field=name, page=page, signed=False, detail="empty signature field: nobody signed it"))
            continue
        try:
            sig_object = value.get_object()
            kind = sig_object.get("/Type")
            subfilter = str(sig_object.get("/SubFilter", ""))
        except Exception as exc:
            results.append(SignatureInfo(kind="pdf", field=name, page=page, signed=False, detail=f"unreadable signature value: {exc}"))
            continue
        if kind == "/DocTimeStamp" or subfilter == "/ETSI.RFC3161":
            results.append(SignatureInfo(kind="pdf", field=name, page=page, signed=False, detail="a document timestamp, not a signature"))
            continue
        if subfilter not in SUPPORTED_SUBFILTERS:
            results.append(
                SignatureInfo(
                    kind="pdf",
                    field=name,
                    page=page,
                    signed=False,
                    intact=None,
                    detail=f"unsupported signature format {subfilter or '(none)'}: not verified",
                )
            )
            continue
        try:
            emb = EmbeddedPdfSignature(reader, field_ref.get_object() if hasattr(field_ref, "get_object") else field_ref, name)
        except Exception as exc:
            results.append(
                SignatureInfo(
                    kind="pdf",
                    field=name,
                    page=page,
                    signed=False,
                    detail=f"the field holds a placeholder, not a real signature ({type(exc).__name__}: {str(exc)[:150]})",
                )
            )
            continue
        try:
            results.append(_judge(emb, {"field": name, "page": page}, trust_roots))
        except Exception as exc:
            results.append(
                SignatureInfo(
                    kind="pdf",
                    field=name,
                    page=page,
                    signed=True,
                    intact=False,
                    covers_document=False,
                    signer=_signer_name(emb),
                    detail=f"the signature could not be validated ({type(exc).__name__}: {str(exc)[:150]})",
                )
            )
    return results


def verify_file(path: str, trust_roots_pem: bytes, max_bytes: int = 512 * 1024 * 1024) -> list[SignatureInfo]:
    """Re-validate a PDF's signatures against trust roots (runs in a sandbox worker)."""
    try:
        data, _info = read_bounded(path, max_bytes, what="document")
    except UnreadableFile as exc:
        raise OSError(exc.message) from None
    return pdf_signatures(data, None, trust_roots_pem)
