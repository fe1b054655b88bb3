"""The ``signature`` rule on real signed, tampered, drawn and typed documents."""

from __future__ import annotations

from pathlib import Path

import pytest

import docgen
from tenderctl.checks.registry import RULES, Context, Result, Status
from tenderctl.documents.folder import read_folder
from tenderctl.documents.model import Document, Role
from tenderctl.documents.reader import Limits
from tenderctl.tenders.model import Check, Tender


def run_rule(folder: Path, docs: list[Document], *, trust: Path | None = None, **options: object) -> dict[str, Result]:
    import tenderctl.checks.rules.signature  # noqa: F401  (registers the rule)

    tender = Tender.model_validate({"reference": "RFP-1", "title": "T", "timezone": "Europe/Brussels"})
    check = Check(rule="signature", documents=["technical"], tip="Sign it", options=dict(options))
    technical = [d for d in docs if d.role is Role.technical]
    ctx = Context(tender=tender, check=check, documents=technical, proposal=folder, trust_roots=trust)
    results = RULES["signature"].function(ctx)
    return {r.evidence[0].file if r.evidence else "": r for r in results}


@pytest.fixture(scope="module")
def signed_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Document]]:
    """Every kind of signed and unsigned technical document, read once."""
    folder = tmp_path_factory.mktemp("signatures")
    signed = docgen.signed_pdf(folder / "Technical_signed.pdf", ("Technical proposal", "Our methodology."))
    docgen.modify_after_signing(folder / "Technical_modified.pdf", signed)
    docgen.broken_signature_pdf(folder / "Technical_broken.pdf", signed)
    docgen.placeholder_signature_pdf(folder / "Technical_placeholder.pdf", signed)
    docgen.empty_signature_field_pdf(folder / "Technical_empty_field.pdf")
    docgen.text_pdf(
        folder / "Technical_image.pdf",
        [["Technical proposal"], ["Page two", "Closing words"]],
        signature_block=True,
        signature_image=True,
        logo=True,
    )
    docgen.text_pdf(folder / "Technical_vector_ink.pdf", ["Technical proposal"], signature_block=True, signature_ink=True)
    docgen.ink_annotation_pdf(folder / "Technical_ink.pdf")
    docgen.text_pdf(folder / "Technical_typed.pdf", ["Technical proposal"], signature_block=True, typed_name="Jane Doe")
    docgen.text_pdf(folder / "Technical_logo_only.pdf", ["Technical proposal", "No signature block here."], logo=True)
    docgen.text_pdf(
        folder / "Proposition technique signée.pdf",
        ["Proposition technique"],
        signature_block=True,
        signature_image=True,
        label="Signé par :",
    )
    docgen.text_pdf(folder / "Propuesta técnica.pdf", ["Propuesta técnica"], signature_block=True, label="Firma autorizada:")
    docgen.image_only_pdf(folder / "Technical_scan.pdf")
    docgen.text_pdf(folder / "Technical_locked.pdf", ["Technical proposal"], encrypt_user="secret")
    docgen.text_pdf(folder / "Technical_Annex_2.pdf", ["Technical annex: team"])
    docgen.docx(folder / "Technical_picture.docx", ["Technical proposal", "Approach"], signature_picture=True, logo_in_header=True)
    docgen.docx(folder / "Technical_typed.docx", ["Technical proposal"], typed_name="Jane Doe")
    docgen.docx(folder / "Technical_header_logo.docx", ["Technical proposal"], logo_in_header=True)
    docgen.docx_signature_line(folder / "Technical_signature_line.docx")
    docgen.docx_xml_signed(folder / "Technical_xml_signed.docx")
    docgen.xlsx(folder / "Technical_workplan.xlsx", [("Activity", "Month"), ("Interviews", 3)], currency_format=None)
    return folder, read_folder(folder, limits=Limits(ocr=False))


@pytest.fixture(scope="module")
def results(signed_folder: tuple[Path, list[Document]]) -> dict[str, Result]:
    folder, docs = signed_folder
    return run_rule(folder, docs)


def test_every_technical_document_gets_one_result(results: dict[str, Result], signed_folder: tuple[Path, list[Document]]) -> None:
    technical = {d.path for d in signed_folder[1] if d.role is Role.technical}
    assert set(results) == technical
    assert all(r.rule == "signature" and r.tip == "Sign it" and r.evidence for r in results.values())


def test_intact_digital_signature_passes_naming_the_signer(results: dict[str, Result]) -> None:
    result = results["Technical_signed.pdf"]
    assert result.status is Status.passed, result.message
    assert "digital signature by Jane Doe" in result.message
    assert "trust not checked" in result.message
    assert result.evidence[0].page == 1 and "field Signature1" in result.evidence[0].excerpt


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Technical_modified.pdf", "changed after Jane Doe signed it"),
        ("Technical_broken.pdf", "is broken"),
        ("Technical_placeholder.pdf", "placeholder"),
        ("Technical_empty_field.pdf", "signature field is empty"),
        ("Technical_typed.pdf", "typed name is not a signature"),
        ("Technical_logo_only.pdf", "no signature found"),
        ("Propuesta técnica.pdf", "Firma autorizada"),
        ("Technical_typed.docx", "typed name is not a signature"),
        ("Technical_header_logo.docx", "no signature found"),
        ("Technical_signature_line.docx", "unsigned Office signature line"),
    ],
)
def test_unsigned_or_tampered_documents_fail_saying_why(results: dict[str, Result], name: str, words: str) -> None:
    result = results[name]
    assert result.status is Status.fail, result.message
    assert words in result.message


@pytest.mark.parametrize(
    ("name", "words", "page"),
    [
        ("Technical_image.pdf", "a picture on the signature line", 2),
        ("Technical_vector_ink.pdf", "a freehand drawing on the signature line", 1),
        ("Technical_ink.pdf", "hand-drawn ink on the signature line", 1),
        ("Proposition technique signée.pdf", "Signé par", 1),
        ("Technical_picture.docx", "a picture in the signature block", None),
    ],
)
def test_visual_and_docx_signatures_pass_naming_the_page(results: dict[str, Result], name: str, words: str, page: int | None) -> None:
    result = results[name]
    assert result.status is Status.passed, result.message
    assert words in result.message
    assert result.evidence[0].page == page
    if page:
        assert f"page {page}" in result.message


def test_an_xml_signature_that_cannot_be_verified_is_unverified_never_pass(results: dict[str, Result]) -> None:
    """docgen's signature part has the shape Word writes but no real cryptography: a forger's file."""
    result = results["Technical_xml_signed.docx"]
    assert result.status is Status.unverified, result.message
    assert "XML digital signature by Jane Doe" in result.message and "tenderctl cannot verify" in result.message


def test_scans_and_locked_files_are_unverified_never_pass(results: dict[str, Result]) -> None:
    assert results["Technical_scan.pdf"].status is Status.unverified
    assert "image-only scan" in results["Technical_scan.pdf"].message
    assert results["Technical_locked.pdf"].status is Status.unverified
    assert "password" in results["Technical_locked.pdf"].message


def test_unsigned_annex_warns_unless_annexes_must_be_signed(results: dict[str, Result], signed_folder: tuple[Path, list[Document]]) -> None:
    assert results["Technical_Annex_2.pdf"].status is Status.warn
    assert results["Technical_workplan.xlsx"].status is Status.warn
    assert "spreadsheet" in results["Technical_workplan.xlsx"].message
    strict = run_rule(*signed_folder, annexes=True)
    assert strict["Technical_Annex_2.pdf"].status is Status.fail
    assert strict["Technical_workplan.xlsx"].status is Status.fail


def test_digital_option_refuses_hand_signatures(signed_folder: tuple[Path, list[Document]]) -> None:
    strict = run_rule(*signed_folder, digital=True)
    assert strict["Technical_image.pdf"].status is Status.fail
    assert "digital signature" in strict["Technical_image.pdf"].message
    assert strict["Technical_signed.pdf"].status is Status.passed


def test_no_technical_document_fails(tmp_path: Path) -> None:
    (result,) = run_rule(tmp_path, []).values()
    assert result.status is Status.fail
    assert "no technical proposal found" in result.message


def test_trust_roots_are_opt_in(signed_folder: tuple[Path, list[Document]], tmp_path: Path) -> None:
    folder, docs = signed_folder
    signed = [d for d in docs if d.path == "Technical_signed.pdf"]
    roots = docgen.write_trust_roots(tmp_path / "roots.pem")
    trusted = run_rule(folder, signed, trust=roots)["Technical_signed.pdf"]
    assert trusted.status is Status.passed and "certificate trusted" in trusted.message
    stranger = docgen.test_identity("Someone Else", "Other Org")
    other_roots = docgen.write_trust_roots(tmp_path / "other.pem", stranger)
    untrusted = run_rule(folder, signed, trust=other_roots)["Technical_signed.pdf"]
    assert untrusted.status is Status.fail and "not trusted" in untrusted.message


def test_pdfsig_style_trap_signed_then_edited_is_not_valid(signed_folder: tuple[Path, list[Document]]) -> None:
    """poppler's pdfsig says "valid" for a file edited after signing; the reader must not."""
    _, docs = signed_folder
    doc = next(d for d in docs if d.path == "Technical_modified.pdf")
    (sig,) = doc.signatures
    assert sig.signed and sig.intact  # the signed revision itself is untouched ...
    assert sig.covers_document is False and sig.modified_after  # ... but the document is not what was signed
    assert "Total price: EUR 99,000" in doc.text()  # and the added text is visible to the other rules


def test_ocr_text_does_not_make_a_scan_signable() -> None:
    """With tesseract, a scan gets OCR text; a signature on it still cannot be located: unverified."""
    from tenderctl.checks.rules.signature import judge
    from tenderctl.documents.model import ImageInfo, TextBlock

    doc = Document(path="Technical_scan.pdf", format="pdf", size=1, role=Role.technical, pages=1)
    doc.blocks = [TextBlock("Technical proposal", page=1, where="ocr"), TextBlock("Authorized signature:", page=1, where="ocr")]
    doc.images = [ImageInfo(page=1, bbox=(0, 0, 595, 842))]
    finding = judge(doc)
    assert finding.status is Status.unverified and "scans" in finding.message


def test_unknown_subfilter_is_not_verified_never_passed(tmp_path: Path) -> None:
    """pyHanko skips signatures with unknown sub-filters; the rule must say so, not pass or ignore."""
    signed = docgen.signed_pdf(tmp_path / "source.pdf").read_bytes()
    assert b"/adbe.pkcs7.detached" in signed
    folder = tmp_path / "proposal"
    folder.mkdir()
    (folder / "Technical_Proposal.pdf").write_bytes(signed.replace(b"/adbe.pkcs7.detached", b"/adbe.pkcs7.detacheX"))
    docs = read_folder(folder, limits=Limits(ocr=False))
    (sig,) = docs[0].signatures
    assert not sig.signed and "unsupported signature format" in sig.detail
    (result,) = run_rule(folder, docs).values()
    assert result.status is Status.unverified and "could not be checked" in result.message


def test_encrypted_office_file_is_unverified(tmp_path: Path) -> None:
    """An Office file encrypted with a password is an OLE container with an EncryptedPackage stream."""
    folder = tmp_path / "proposal"
    folder.mkdir()
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 2048
    (folder / "Technical_Proposal.docx").write_bytes(ole)
    docs = read_folder(folder)
    assert docs[0].encrypted and docs[0].password_protected and not docs[0].readable and docs[0].format == "docx"
    (result,) = run_rule(folder, docs).values()
    assert result.status is Status.unverified and "encrypted" in result.message


def test_option_of_the_wrong_type_is_an_error_not_a_silent_true(signed_folder: tuple[Path, list[Document]]) -> None:
    from tenderctl.checks._options import OptionError

    with pytest.raises(OptionError, match="'annexes' must be true or false"):
        run_rule(*signed_folder, annexes="no")


def test_a_picture_next_to_prose_about_signatures_is_not_a_signature(tmp_path: Path) -> None:
    folder = tmp_path / "proposal"
    folder.mkdir()
    docgen.docx(
        folder / "Technical_Proposal.docx",
        ["Technical proposal", "Our digital signature policy protects every partner's data and consent."],
        signature_picture=True,
        signature_label="Figure 3 shows the signature process of the consent forms used in the field.",
    )
    docs = read_folder(folder)
    (result,) = run_rule(folder, docs).values()
    assert result.status is Status.fail, result.message


def test_every_signature_label_is_measured_by_the_pdf_reader() -> None:
    """The PDF reader measures a line's position only when it may be a label; a label it does
    not foresee would lose its position and a signed proposal would look unsigned."""
    import re

    from tenderctl.checks.rules.signature import LABELS
    from tenderctl.documents.model import may_be_signature_label

    samples = [
        "Signature:",
        "Signed by",
        "Authorised signature",
        "Signé par",
        "Signée par",
        "Firma",
        "Firmado por",
        "Assinatura",
        "Assinado por",
    ]
    for label in LABELS:
        samples.append(re.sub(r"\(\?:([^|)]*)[^)]*\)\??", r"\1", label).replace("[sz]", "s").replace("(?:e|é)", "é"))
    for sample in samples:
        assert may_be_signature_label(sample), sample
    assert not may_be_signature_label("Total cost of the project")


def test_label_stems_found_in_one_pass_match_the_line_by_line_test() -> None:
    from tenderctl.checks.rules.signature import _with_label_stem
    from tenderctl.documents.model import TextBlock, may_be_signature_label

    texts = ["Intro", "Signature: ____", "", "no label here", "Firmado por", "x" * 50 + "ASSINATURA", "sig", "n", "last sign"]
    for extra in ([], ["Istanbul İ office"]):  # İ lower-cases to two characters: the slow path
        blocks = [TextBlock(t) for t in texts + extra]
        assert _with_label_stem(blocks) == [b for b in blocks if may_be_signature_label(b.text)]
