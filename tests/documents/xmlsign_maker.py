"""Sign an Office file (DOCX/XLSX) or an ODF file with a real XML digital signature, as Word and
LibreOffice lay it out, with a key and certificate made here (``docgen.test_identity`` or an RSA
key made on the spot). Written from ECMA-376 part 2 (section 13) and ODF 1.2 part 3 (section 5),
separately from tenderctl's verifier: the signature value is made with ``cryptography``, the
digests over the raw parts, RelationshipTransform output or canonical XML.

    sign_ooxml(path, identity)           # adds _xmlsignatures/sig1.xml, origin.sigs and their rels
    sign_odf(path, identity)             # adds META-INF/documentsignatures.xml
    tamper(path, part, old, new)         # edit a part after signing, as a forger would
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

DSNS = "http://www.w3.org/2000/09/xmldsig#"
DS = f"{{{DSNS}}}"
MDSSI = "http://schemas.openxmlformats.org/package/2006/digital-signature"
RELNS = "http://schemas.openxmlformats.org/package/2006/relationships"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
SIG_ORIGIN = "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin"
SIG_PART = "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/signature"


def _load(identity: Any) -> tuple[Any, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(identity.key_pem, password=None)
    cert = x509.load_pem_x509_certificate(identity.cert_pem)
    return key, cert.public_bytes(serialization.Encoding.DER)


def rsa_identity(name: str = "Jane Doe") -> Any:
    """A self-signed RSA-2048 signer (same shape as docgen.TestIdentity)."""
    import datetime as dt
    from types import SimpleNamespace

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    return SimpleNamespace(
        cert_pem=cert.public_bytes(pem),
        key_pem=key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
        name=name,
    )


def _sign_value(key: Any, data: bytes) -> tuple[str, bytes]:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    if isinstance(key, rsa.RSAPrivateKey):
        return "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    size = (key.curve.key_size + 7) // 8
    return "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", r.to_bytes(size, "big") + s.to_bytes(size, "big")


def _b64_sha256(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def _reference(parent: Any, uri: str, digest: str, transforms: list[Any] | None = None, type_: str | None = None) -> Any:
    ref = etree.SubElement(parent, DS + "Reference", URI=uri)
    if type_:
        ref.set("Type", type_)
    if transforms:
        holder = etree.SubElement(ref, DS + "Transforms")
        for t in transforms:
            holder.append(t)
    etree.SubElement(ref, DS + "DigestMethod", Algorithm="http://www.w3.org/2001/04/xmlenc#sha256")
    etree.SubElement(ref, DS + "DigestValue").text = digest
    return ref


def _finish(signature: Any, signed_info: Any, key: Any, cert_der: bytes, method: Any) -> bytes:
    value = etree.SubElement(signature, DS + "SignatureValue")
    info = etree.SubElement(signature, DS + "KeyInfo")
    etree.SubElement(etree.SubElement(info, DS + "X509Data"), DS + "X509Certificate").text = base64.b64encode(cert_der).decode()
    algorithm, _ = _sign_value(key, b"")
    method.set("Algorithm", algorithm)
    # Signed information is canonicalised where it stands, inside Signature (its namespace in scope).
    _, raw = _sign_value(key, etree.tostring(signed_info, method="c14n"))
    value.text = base64.b64encode(raw).decode()
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + etree.tostring(signature)


def _rels_transform(rels: bytes) -> tuple[list[Any], bytes]:
    """The RelationshipTransform over every relationship but the signature origin, and its output."""
    root = etree.fromstring(rels)
    kept = sorted((r for r in root if r.get("Type") != SIG_ORIGIN), key=lambda r: r.get("Id"))
    transform = etree.Element(DS + "Transform", Algorithm="http://schemas.openxmlformats.org/package/2006/RelationshipTransform")
    for r in kept:
        etree.SubElement(transform, f"{{{MDSSI}}}RelationshipReference", nsmap={"mdssi": MDSSI}, SourceId=r.get("Id"))
    out = etree.Element(f"{{{RELNS}}}Relationships", nsmap={None: RELNS})
    for r in kept:
        node = etree.SubElement(out, f"{{{RELNS}}}Relationship")
        for name in sorted(r.attrib):
            node.set(name, r.get(name))
        if node.get("TargetMode") is None:
            node.set("TargetMode", "Internal")
    return [transform, etree.Element(DS + "Transform", Algorithm=C14N)], etree.tostring(out, method="c14n")


def _rewrite(path: Path, members: dict[str, bytes]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as source:
        return {info.filename: source.read(info.filename) for info in source.infolist()}


def sign_ooxml(path: Path, identity: Any) -> Path:
    """Add a Word-style package signature over every part of the DOCX/XLSX at ``path``."""
    members = _members(path)
    root_rels = etree.fromstring(members["_rels/.rels"])
    etree.SubElement(root_rels, f"{{{RELNS}}}Relationship", Id="rIdSig", Type=SIG_ORIGIN, Target="_xmlsignatures/origin.sigs")
    members["_rels/.rels"] = etree.tostring(root_rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = members["[Content_Types].xml"].decode()
    types = types.replace(
        "</Types>",
        '<Default Extension="sigs" ContentType="application/vnd.openxmlformats-package.digital-signature-origin"/>'
        '<Override PartName="/_xmlsignatures/sig1.xml" ContentType="application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml"/>'
        "</Types>",
    )
    members["[Content_Types].xml"] = types.encode()
    members["_xmlsignatures/origin.sigs"] = b""
    members["_xmlsignatures/_rels/origin.sigs.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELNS}">'
        f'<Relationship Id="rId1" Type="{SIG_PART}" Target="sig1.xml"/></Relationships>'
    ).encode()

    key, cert_der = _load(identity)
    signature = etree.Element(DS + "Signature", nsmap={None: DSNS}, Id="idPackageSignature")
    signed_info = etree.SubElement(signature, DS + "SignedInfo")
    etree.SubElement(signed_info, DS + "CanonicalizationMethod", Algorithm=C14N)
    method = etree.SubElement(signed_info, DS + "SignatureMethod")
    obj = etree.Element(DS + "Object", Id="idPackageObject")
    manifest = etree.SubElement(obj, DS + "Manifest")
    for name, data in sorted(members.items()):
        if name.startswith("_xmlsignatures/") or name == "[Content_Types].xml" or name.endswith("/"):
            continue
        if name.endswith(".rels"):
            transforms, output = _rels_transform(data)
            _reference(
                manifest, f"/{name}?ContentType=application/vnd.openxmlformats-package.relationships+xml", _b64_sha256(output), transforms
            )
        else:
            _reference(manifest, f"/{name}?ContentType=application/xml", _b64_sha256(data))
    # The Object is placed first, then its canonical form (in place) is digested into SignedInfo.
    _finish_placeholder = etree.SubElement(signature, DS + "Placeholder")
    signature.replace(_finish_placeholder, obj)
    digest = _b64_sha256(etree.tostring(obj, method="c14n"))
    _reference(signed_info, "#idPackageObject", digest, type_="http://www.w3.org/2000/09/xmldsig#Object")
    signature.remove(obj)
    xml = _finish(signature, signed_info, key, cert_der, method)
    # KeyInfo and SignatureValue come before the Object, as Word writes them.
    tree = etree.fromstring(xml)
    tree.append(obj)
    members["_xmlsignatures/sig1.xml"] = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + etree.tostring(tree)
    _rewrite(path, members)
    return path


def sign_odf(path: Path, identity: Any) -> Path:
    """Add a LibreOffice-style document signature over the parts of the ODF file at ``path``."""
    members = _members(path)
    key, cert_der = _load(identity)
    holder = etree.Element(
        "{urn:oasis:names:tc:opendocument:xmlns:digitalsignature:1.0}document-signatures",
        nsmap={None: "urn:oasis:names:tc:opendocument:xmlns:digitalsignature:1.0"},
    )
    signature = etree.SubElement(holder, DS + "Signature", nsmap={None: DSNS}, Id="ID_sig1")
    signed_info = etree.SubElement(signature, DS + "SignedInfo")
    etree.SubElement(signed_info, DS + "CanonicalizationMethod", Algorithm=C14N)
    method = etree.SubElement(signed_info, DS + "SignatureMethod")
    for name, data in sorted(members.items()):
        if name == "mimetype" or name.startswith("META-INF/documentsignatures") or name.endswith("/"):
            continue
        if name.endswith(".xml"):
            canonical = etree.tostring(etree.fromstring(data), method="c14n")
            _reference(signed_info, name, _b64_sha256(canonical), [etree.Element(DS + "Transform", Algorithm=C14N)])
        else:
            _reference(signed_info, name, _b64_sha256(data))
    _finish(signature, signed_info, key, cert_der, method)
    members["META-INF/documentsignatures.xml"] = b'<?xml version="1.0" encoding="UTF-8"?>' + etree.tostring(holder)
    _rewrite(path, members)
    return path


def tamper(path: Path, part: str, old: bytes, new: bytes) -> Path:
    """Replace ``old`` by ``new`` in one part after signing (the signature is left as it was)."""
    members = _members(path)
    assert old in members[part], f"{old!r} not in {part}"
    members[part] = members[part].replace(old, new, 1)
    _rewrite(path, members)
    return path


def add_part(path: Path, name: str, data: bytes) -> Path:
    """Add a part after signing (an embedded price list slipped in)."""
    members = _members(path)
    members[name] = data
    _rewrite(path, members)
    return path
