"""XML digital signatures of Office files (OOXML ``_xmlsignatures/`` and ODF ``documentsignatures.xml``).

A signature part is a W3C XML-DSig ``<Signature>``. It is verified in two layers, as Word and
LibreOffice do:

1. the ``SignatureValue`` over the canonical ``SignedInfo``, with the public key of the signer's
   certificate in ``KeyInfo`` (RSA PKCS#1 v1.5 or ECDSA; SHA-1/256/384/512);
2. each ``Reference`` digest: a same-document reference (``#idPackageObject``) is the canonical
   form of the element with that Id; an OOXML ``Manifest`` inside a signed ``Object`` lists the
   package parts (``/word/document.xml?ContentType=...``), each hashed raw, or canonicalised, or
   through the OPC *RelationshipTransform* (only the relationships it names, sorted by Id); an
   ODF signature lists the parts by name directly in ``SignedInfo``.

The result is ``intact`` True only when the value and every digest verify; False with the part
that differs when one does not; None when the signature cannot be checked (an algorithm or
transform tenderctl does not know, no certificate). ``uncovered`` names content parts the
signature does not cover (a part added after signing) so the rule can say the file is not wholly
signed. Trust in the certificate is a separate question (``--trust``), as for PDF signatures.

signxml was considered: it verifies same-document references only, so the package half (the
Manifest of parts, the RelationshipTransform, ODF's part URIs) would be ours anyway, and the
signature value is a few lines with ``cryptography``, which pyHanko already brings.

Everything is parsed with the safe parser of ``archive`` and bounded: at most ``MAX_REFERENCES``
references, parts read through ``SafeZip`` (its size and ratio bounds).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from lxml import etree  # type: ignore[import-untyped]

from tenderctl.documents.formats.archive import parse_xml
from tenderctl.documents.model import SignatureInfo

DS = "{http://www.w3.org/2000/09/xmldsig#}"
MDSSI = "{http://schemas.openxmlformats.org/package/2006/digital-signature}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_REFERENCES = 2000

DIGESTS = {
    "http://www.w3.org/2000/09/xmldsig#sha1": "sha1",
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
    "http://www.w3.org/2001/04/xmldsig-more#sha384": "sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512": "sha512",
}
SIGNATURES = {
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1": ("rsa", "sha1"),
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": ("rsa", "sha256"),
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": ("rsa", "sha384"),
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": ("rsa", "sha512"),
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256": ("ecdsa", "sha256"),
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": ("ecdsa", "sha384"),
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512": ("ecdsa", "sha512"),
}
C14N = {
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315": (False, False),
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments": (False, True),
    "http://www.w3.org/2001/10/xml-exc-c14n#": (True, False),
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments": (True, True),
    "http://www.w3.org/2006/12/xml-c14n11": (False, False),
}
RELATIONSHIP_TRANSFORM = "http://schemas.openxmlformats.org/package/2006/RelationshipTransform"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"


class Unverifiable(Exception):
    """The signature uses something tenderctl cannot check (not a sign of tampering)."""


class Broken(Exception):
    """A digest or the signature value does not match: something was changed after signing."""


@dataclass
class Verification:
    intact: bool | None
    detail: str
    signer: str | None = None
    covered: set[str] = field(default_factory=set)
    certificate: bytes | None = None


def _c14n(element: Any, algorithm: str | None) -> bytes:
    exclusive, comments = C14N.get(algorithm or "", (None, None))
    if exclusive is None:
        raise Unverifiable(f"canonicalisation {algorithm} is not supported")
    return bytes(etree.tostring(element, method="c14n", exclusive=exclusive, with_comments=comments))


def _digest(name: str | None, data: bytes) -> bytes:
    algorithm = DIGESTS.get(name or "")
    if algorithm is None:
        raise Unverifiable(f"digest {name} is not supported")
    return hashlib.new(algorithm, data).digest()


def _relationship_transform(data: bytes, transform: Any) -> Any:
    """OPC RelationshipTransform (ECMA-376 part 2, 13.2.4.24): keep the named relationships, by Id."""
    ids = {n.get("SourceId") for n in transform.iter(MDSSI + "RelationshipReference")}
    types = {n.get("SourceType") for n in transform.iter(MDSSI + "RelationshipsGroupReference")}
    source = parse_xml(data)
    out = etree.Element(RELS + "Relationships", nsmap={None: RELS[1:-1]})
    kept = [r for r in source.iter(RELS + "Relationship") if r.get("Id") in ids or r.get("Type") in types]
    for rel in sorted(kept, key=lambda r: r.get("Id") or ""):
        node = etree.SubElement(out, RELS + "Relationship")
        for name in sorted(rel.attrib):
            node.set(name, rel.get(name))
        if node.get("TargetMode") is None:
            node.set("TargetMode", "Internal")
    return out


def _transformed(data: bytes, transforms: list[Any]) -> bytes:
    node: Any = None
    for transform in transforms:
        algorithm = transform.get("Algorithm")
        if algorithm == RELATIONSHIP_TRANSFORM:
            node = _relationship_transform(data, transform)
        elif algorithm in C14N:
            data = _c14n(node if node is not None else parse_xml(data), algorithm)
            node = None
        else:
            raise Unverifiable(f"transform {algorithm} is not supported")
    if node is not None:
        data = _c14n(node, "http://www.w3.org/TR/2001/REC-xml-c14n-20010315")
    return data


def _check_reference(ref: Any, content: bytes) -> None:
    transforms = list(ref.iterfind(f"{DS}Transforms/{DS}Transform"))
    method = ref.find(DS + "DigestMethod")
    value = ref.findtext(DS + "DigestValue") or ""
    data = _transformed(content, transforms) if transforms else content
    try:
        want = base64.b64decode("".join(value.split()), validate=True)
    except ValueError as exc:
        raise Broken(f"reference {ref.get('URI')}: digest value is not base64") from exc
    if _digest(method.get("Algorithm") if method is not None else None, data) != want:
        raise Broken(f"{_part_name(ref.get('URI') or '')} differs from what was signed")


def _part_name(uri: str) -> str:
    return unquote(uri.split("?", 1)[0]).lstrip("/")


def _verify_value(signature: Any, signed_info: Any) -> tuple[str | None, bytes]:
    # lazy: cryptography (+70 ms after this module) only for a signature value to verify, not on every signed package listed
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature  # lazy: cryptography, only for a signature value to verify
    from cryptography.hazmat.primitives import hashes  # lazy: cryptography, only for a signature value to verify
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa  # lazy: cryptography, only for a signature value to verify

    # lazy: cryptography, only for a signature value to verify
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    cert_text = signature.findtext(f"{DS}KeyInfo/{DS}X509Data/{DS}X509Certificate")
    if not cert_text:
        raise Unverifiable("no signer certificate in KeyInfo")
    try:
        der = base64.b64decode("".join(cert_text.split()))
        cert = x509.load_der_x509_certificate(der)
    except ValueError as exc:
        raise Unverifiable(f"the signer certificate does not parse ({str(exc)[:80]})") from exc
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    signer = str(names[0].value) if names else cert.subject.rfc4514_string()[:120]
    method = signed_info.find(DS + "SignatureMethod")
    kind, hash_name = SIGNATURES.get(method.get("Algorithm") if method is not None else "", (None, None))
    if kind is None or hash_name is None:
        raise Unverifiable(f"signature method {method.get('Algorithm') if method is not None else None} is not supported")
    c14n = signed_info.find(DS + "CanonicalizationMethod")
    data = _c14n(signed_info, c14n.get("Algorithm") if c14n is not None else None)
    try:
        value = base64.b64decode("".join((signature.findtext(DS + "SignatureValue") or "").split()), validate=True)
    except ValueError as exc:
        raise Broken("the signature value is not base64") from exc
    algorithm: hashes.HashAlgorithm = {
        "sha1": hashes.SHA1(),
        "sha256": hashes.SHA256(),
        "sha384": hashes.SHA384(),
        "sha512": hashes.SHA512(),
    }[hash_name]
    key = cert.public_key()
    try:
        if kind == "rsa" and isinstance(key, rsa.RSAPublicKey):
            key.verify(value, data, padding.PKCS1v15(), algorithm)
        elif kind == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
            half = len(value) // 2
            der_sig = encode_dss_signature(int.from_bytes(value[:half], "big"), int.from_bytes(value[half:], "big"))
            key.verify(der_sig, data, ec.ECDSA(algorithm))
        else:
            raise Unverifiable(f"a {kind} signature with a {type(key).__name__} key")
    except InvalidSignature as exc:
        raise Broken("the signature value does not match the signed information (SignedInfo changed, or another key)") from exc
    return signer, der


def verify(signature: Any, read_part: Callable[[str], bytes | None]) -> Verification:
    """Verify one parsed ``<Signature>``; ``read_part(name)`` gives a package part's bytes or None."""
    signer: str | None = None
    covered: set[str] = set()
    try:
        if signature.tag != DS + "Signature":
            raise Broken("the part is not an XML signature")
        signed_info = signature.find(DS + "SignedInfo")
        if signed_info is None:
            raise Broken("no SignedInfo")
        signer, der = _verify_value(signature, signed_info)
        by_id = {n.get("Id"): n for n in signature.iter() if isinstance(n.tag, str) and n.get("Id")}
        references = list(signed_info.iterfind(DS + "Reference"))
        if not references:
            raise Broken("SignedInfo has no reference")
        manifests: list[Any] = []
        for ref in references[:MAX_REFERENCES]:
            uri = ref.get("URI") or ""
            if uri.startswith("#"):
                target = by_id.get(uri[1:])
                if target is None:
                    raise Broken(f"reference {uri} names no element")
                transforms = list(ref.iterfind(f"{DS}Transforms/{DS}Transform"))
                if any(t.get("Algorithm") == ENVELOPED for t in transforms):
                    raise Unverifiable("an enveloped same-document reference")
                algorithm = transforms[-1].get("Algorithm") if transforms else "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
                data = _c14n(target, algorithm)
                method = ref.find(DS + "DigestMethod")
                want = base64.b64decode("".join((ref.findtext(DS + "DigestValue") or "").split()))
                if _digest(method.get("Algorithm") if method is not None else None, data) != want:
                    raise Broken(f"the signed object {uri} was changed")
                manifests.extend(target.iter(DS + "Manifest"))
            else:
                manifests.append(None)
                _check_part(ref, read_part, covered)
        for manifest in manifests:
            if manifest is None:
                continue
            for ref in list(manifest.iterfind(DS + "Reference"))[:MAX_REFERENCES]:
                _check_part(ref, read_part, covered)
        if len(references) > MAX_REFERENCES:
            raise Unverifiable(f"more than {MAX_REFERENCES} references")
    except Broken as exc:
        return Verification(False, str(exc), signer, covered)
    except Unverifiable as exc:
        return Verification(None, str(exc), signer, covered)
    except Exception as exc:  # malformed XML inside a part, a bound crossed: cannot say it verifies
        return Verification(None, f"{type(exc).__name__}: {str(exc)[:120]}", signer, covered)
    return Verification(True, f"signature value and {len(covered)} signed parts verified", signer, covered, der)


def _check_part(ref: Any, read_part: Callable[[str], bytes | None], covered: set[str]) -> None:
    name = _part_name(ref.get("URI") or "")
    content = read_part(name)
    if content is None:
        raise Broken(f"the signed part {name} is missing")
    _check_reference(ref, content)
    covered.add(name)


# Parts a signature leaves out by design: the signature parts themselves, the content-types
# list (not a part), and the properties Office and LibreOffice update when a file is opened.
_NOT_SIGNED = ("_xmlsignatures/", "[Content_Types].xml", "docProps/", "customXml/", "META-INF/", "mimetype", "Thumbnails/")


def uncovered(names: list[str], covered: set[str]) -> list[str]:
    """Content parts of the package that no verified signature covers."""
    return [n for n in names if not n.endswith("/") and n not in covered and not n.startswith(_NOT_SIGNED)]


def package_signatures(archive: Any, doc: Any, kind: str) -> None:
    """Verify every XML signature of an OOXML (``kind="docx"``) or ODF (``"odf"``) package into ``doc.signatures``."""
    if kind == "odf":
        parts = ["META-INF/documentsignatures.xml"] if archive.has("META-INF/documentsignatures.xml") else []
    else:
        parts = [n for n in archive.names if n.startswith("_xmlsignatures/") and n.endswith(".xml") and "/_rels/" not in n]

    def read_part(name: str) -> bytes | None:
        return archive.read(name) if archive.has(name) else None

    for part in parts[:20]:
        try:
            root = archive.xml(part)
        except Exception as exc:
            doc.signatures.append(
                SignatureInfo(kind=kind, field=part, signed=False, detail=f"a signature part that does not parse ({type(exc).__name__})")
            )
            continue
        signatures = [root] if root.tag == DS + "Signature" else list(root.iter(DS + "Signature"))[:20]
        if not signatures:
            doc.signatures.append(
                SignatureInfo(kind=kind, field=part, signed=False, detail="a signature part that is not an XML signature")
            )
            continue
        for signature in signatures:
            result = verify(signature, read_part)
            if result.signer is None:  # no certificate: the subject name it claims, for the message
                claimed = (signature.findtext(f".//{DS}X509SubjectName") or "").strip()
                result.signer = claimed.split("CN=", 1)[1].split(",", 1)[0].strip() if "CN=" in claimed else (claimed or None)
            missing = uncovered(archive.names, result.covered) if result.intact else []
            detail = result.detail
            if missing:
                shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
                detail = f"parts not covered by the signature (added or changed after signing?): {shown}"
            doc.signatures.append(
                SignatureInfo(
                    kind=kind,
                    field=part,
                    signed=True,
                    intact=result.intact,
                    covers_document=(not missing) if result.intact else None,
                    modified_after=detail if missing else None,
                    signer=result.signer,
                    detail=detail,
                )
            )
