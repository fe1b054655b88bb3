"""XML digital signatures of DOCX, XLSX and ODT files: verified over the parts they cover.

The signatures are real (ECDSA P-256 and RSA-2048 keys and certificates made in the test, see
xmlsign_maker); tampering edits a signed part after signing, as a forger would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import docgen
from rule_helpers import run_rule
from tenderctl.documents.model import Document, Role, SignatureInfo
from tenderctl.documents.reader import read_path

sys.path.insert(0, str(Path(__file__).parent))
import xmlsign_maker


def _read(path: Path) -> Document:
    doc = read_path(str(path), path.name)
    doc.role = Role.technical
    return doc


def _sig(path: Path) -> SignatureInfo:
    doc = _read(path)
    signed = [s for s in doc.signatures if s.signed]
    assert len(signed) == 1, doc.signatures
    return signed[0]


@pytest.mark.parametrize("identity", ["ec", "rsa"])
def test_signed_docx_verifies(tmp_path: Path, identity: str) -> None:
    who = docgen.test_identity() if identity == "ec" else xmlsign_maker.rsa_identity("Jane Doe")
    path = xmlsign_maker.sign_ooxml(docgen.docx(tmp_path / "tech.docx", ["Technical proposal", "Our approach."]), who)
    sig = _sig(path)
    assert sig.intact is True, sig.detail
    assert sig.covers_document is True
    assert sig.signer == "Jane Doe"
    assert "verified" in sig.detail


def test_tampered_docx_fails_naming_the_part(tmp_path: Path) -> None:
    path = xmlsign_maker.sign_ooxml(docgen.docx(tmp_path / "tech.docx", ["Technical proposal", "Our approach."]), docgen.test_identity())
    xmlsign_maker.tamper(path, "word/document.xml", b"Our approach.", b"Total: USD 9,000")
    sig = _sig(path)
    assert sig.intact is False
    assert "word/document.xml" in sig.detail


def test_edited_signature_value_fails(tmp_path: Path) -> None:
    path = xmlsign_maker.sign_ooxml(docgen.docx(tmp_path / "tech.docx", ["Technical proposal"]), docgen.test_identity())
    # Changing a digest inside SignedInfo (to match an edited part) breaks the signature value.
    members = xmlsign_maker._members(path)
    sig_xml = members["_xmlsignatures/sig1.xml"]
    start = sig_xml.index(b"<DigestValue>") + len(b"<DigestValue>")
    forged = sig_xml[:start] + (b"A" if sig_xml[start : start + 1] != b"A" else b"B") + sig_xml[start + 1 :]
    xmlsign_maker.tamper(path, "_xmlsignatures/sig1.xml", sig_xml, forged)
    sig = _sig(path)
    assert sig.intact is False
    assert "signature value" in sig.detail or "changed" in sig.detail


def test_part_added_after_signing_is_not_covered(tmp_path: Path) -> None:
    path = xmlsign_maker.sign_ooxml(docgen.docx(tmp_path / "tech.docx", ["Technical proposal"]), docgen.test_identity())
    xmlsign_maker.add_part(path, "word/embeddings/prices.xlsx", b"PK not really")
    sig = _sig(path)
    assert sig.intact is True
    assert sig.covers_document is False
    assert "word/embeddings/prices.xlsx" in sig.detail


def test_signed_xlsx_verifies_and_tampered_fails(tmp_path: Path) -> None:
    path = docgen.xlsx(tmp_path / "annex.xlsx", [["Item", "Days"], ["Field work", 20]])
    xmlsign_maker.sign_ooxml(path, docgen.test_identity())
    assert _sig(path).intact is True
    member = next(n for n in xmlsign_maker._members(path) if n.startswith("xl/worksheets/"))
    xmlsign_maker.tamper(path, member, b"<v>20</v>", b"<v>25</v>")
    assert _sig(path).intact is False


def test_signed_odt_verifies_and_tampered_fails(tmp_path: Path) -> None:
    path = docgen.odt(tmp_path / "tech.odt", ["Technical proposal", "Our approach."])
    xmlsign_maker.sign_odf(path, docgen.test_identity())
    sig = _sig(path)
    assert sig.intact is True, sig.detail
    assert sig.kind == "odf"
    xmlsign_maker.tamper(path, "content.xml", b"Our approach.", b"Fee EUR 40,000")
    sig = _sig(path)
    assert sig.intact is False
    assert "content.xml" in sig.detail


def test_structural_signature_without_cryptography_is_not_intact(tmp_path: Path) -> None:
    # The old fixture: a ds:Signature with no computed value or certificate: never intact.
    path = docgen.docx_xml_signed(tmp_path / "tech.docx", ["Technical proposal"])
    sig = _sig(path)
    assert sig.intact is not True


def test_signature_rule_verdicts(tmp_path: Path) -> None:
    good = xmlsign_maker.sign_ooxml(docgen.docx(tmp_path / "good.docx", ["Technical proposal"]), docgen.test_identity())
    bad = xmlsign_maker.sign_ooxml(docgen.docx(tmp_path / "bad.docx", ["Technical proposal", "Approach."]), docgen.test_identity())
    xmlsign_maker.tamper(bad, "word/document.xml", b"Approach.", b"Approach!")
    added = xmlsign_maker.sign_ooxml(docgen.docx(tmp_path / "added.docx", ["Technical proposal"]), docgen.test_identity())
    xmlsign_maker.add_part(added, "word/embeddings/prices.xlsx", b"PK")
    forged = docgen.docx_xml_signed(tmp_path / "forged.docx", ["Technical proposal"])
    verdicts = {}
    for path in (good, bad, added, forged):
        (result,) = run_rule("signature", [_read(path)])
        verdicts[path.stem] = (result.status.value, result.message)
    assert verdicts["good"][0] == "pass", verdicts["good"]
    assert verdicts["bad"][0] == "fail" and "word/document.xml" in verdicts["bad"][1], verdicts["bad"]
    assert verdicts["added"][0] == "fail" and "prices.xlsx" in verdicts["added"][1], verdicts["added"]
    assert verdicts["forged"][0] in ("fail", "unverified"), verdicts["forged"]


@pytest.mark.parametrize(
    "payload",
    [
        b"not xml at all",
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Signature xmlns="http://www.w3.org/2000/09/xmldsig#">&c;</Signature>',
        b'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>'
        + b'<Reference URI="/word/document.xml"><DigestMethod Algorithm="x"/><DigestValue>AA==</DigestValue></Reference>' * 5000
        + b"</SignedInfo><SignatureValue>AA==</SignatureValue></Signature>",
    ],
    ids=["not-xml", "entities", "many-references"],
)
def test_hostile_signature_parts_are_never_intact_and_do_not_crash(tmp_path: Path, payload: bytes) -> None:
    path = xmlsign_maker.sign_ooxml(docgen.docx(tmp_path / "tech.docx", ["Technical proposal"]), docgen.test_identity())
    members = xmlsign_maker._members(path)
    members["_xmlsignatures/sig1.xml"] = payload
    xmlsign_maker._rewrite(path, members)
    doc = _read(path)
    assert doc.signatures and all(s.intact is not True for s in doc.signatures)
    (result,) = run_rule("signature", [doc])
    assert result.status.value != "pass"
