"""Build real test documents: PDFs (text, signed, tampered, scanned, encrypted), DOCX, XLSX, ODT.

Everything here writes genuine files with the libraries a bidder's tools would use
(reportlab, pyHanko with a certificate made on the spot by ``cryptography``, python-docx,
openpyxl), plus hand-written XML where those libraries cannot produce the trap (tracked
deletions, VML signature lines, XML-signature parts). Tests, examples and benchmarks import
it: every function takes the output ``path`` first and returns it.

    from tests.docgen import text_pdf, signed_pdf
    text_pdf(tmp / "Technical_Proposal.pdf", ["Technical proposal", "Our approach ..."])
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import random
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

Lines = Sequence[str]
Pages = Sequence[Lines]

SIGNATURE_LABEL = "Authorized signature:"


# --------------------------------------------------------------------------- certificates


@dataclass(frozen=True)
class TestIdentity:
    """A self-made CA and a signer certificate it issued (PEM bytes), for real signatures."""

    ca_cert_pem: bytes
    cert_pem: bytes
    key_pem: bytes
    name: str


@functools.lru_cache(maxsize=8)
def test_identity(name: str = "Jane Doe", organisation: str = "Example Consulting") -> TestIdentity:
    """A CA ("tenderctl Test CA") and a signing certificate for ``name`` (EC P-256: fast)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    later = now + dt.timedelta(days=3650)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tenderctl Test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(later)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(later)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    return TestIdentity(
        ca_cert_pem=ca_cert.public_bytes(pem),
        cert_pem=cert.public_bytes(pem),
        key_pem=key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
        name=name,
    )


# Not tests, despite their names: keep pytest from collecting them if a test module imports them by name.
TestIdentity.__test__ = False  # type: ignore[attr-defined]
test_identity.__test__ = False  # type: ignore[attr-defined]


def write_trust_roots(path: Path, identity: TestIdentity | None = None) -> Path:
    """Write the test CA certificate as a PEM trust-roots file (for ``--trust``)."""
    identity = identity or test_identity()
    path.write_bytes(identity.ca_cert_pem)
    return path


def _signer(identity: TestIdentity):  # -> pyhanko SimpleSigner
    from asn1crypto import keys, pem, x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = x509.Certificate.load(pem.unarmor(identity.cert_pem)[2])
    ca = x509.Certificate.load(pem.unarmor(identity.ca_cert_pem)[2])
    key = keys.PrivateKeyInfo.load(pem.unarmor(identity.key_pem)[2])
    return signers.SimpleSigner(signing_cert=cert, signing_key=key, cert_registry=SimpleCertificateStore.from_certs([ca]))


# --------------------------------------------------------------------------- pictures


def signature_png(width: int = 240, height: int = 80, seed: int = 7) -> bytes:
    """A scribble that looks like a handwritten signature (PNG bytes)."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    points = [(10 + i * (width - 20) / 30, height / 2 + rng.uniform(-height / 3, height / 3)) for i in range(31)]
    draw.line(points, fill=(10, 20, 120), width=3)
    return _png(image)


def scan_png(lines: Lines, width: int = 850, height: int = 1100) -> bytes:
    """A page of text rendered as a picture: what a scanner produces (no text layer)."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    y = 60
    for line in lines:
        draw.text((60, y), line, fill=0)
        y += 24
    return _png(image)


def _png(image) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --------------------------------------------------------------------------- PDFs


def _normal_pages(content: Lines | Pages) -> list[list[str]]:
    if content and isinstance(content[0], str):
        return [list(content)]  # type: ignore[arg-type]
    return [list(page) for page in content]  # type: ignore[union-attr]


def text_pdf(
    path: Path,
    content: Lines | Pages,
    *,
    title: str | None = None,
    signature_block: bool = False,
    signature_image: bool = False,
    signature_ink: bool = False,
    typed_name: str | None = None,
    label: str = SIGNATURE_LABEL,
    logo: bool = False,
    encrypt_user: str | None = None,
    encrypt_owner: str | None = None,
    compress: bool = False,
) -> Path:
    """A text PDF; ``content`` is a list of lines (one page) or a list of pages.

    ``signature_block`` adds, on the last page, ``label`` and a blank line to sign on;
    ``signature_image`` places a handwritten-looking picture over that line, ``signature_ink``
    draws a freehand curve there instead, ``typed_name`` types a name under it. ``logo`` puts a
    picture at the top of page 1 (not a signature). ``encrypt_user``/``encrypt_owner`` encrypt
    the file (RC4/AES per reportlab; an empty user password opens without asking).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    encrypt = None
    if encrypt_user is not None or encrypt_owner is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(encrypt_user or "", encrypt_owner or "owner-secret", canPrint=1, canModify=0)
    pages = _normal_pages(content)
    pdf = canvas.Canvas(str(path), pagesize=A4, pageCompression=1 if compress else 0, encrypt=encrypt, invariant=1)
    if title:
        pdf.setTitle(title)
    width, height = A4
    for number, lines in enumerate(pages, 1):
        if number == 1 and logo:
            pdf.drawImage(ImageReader(io.BytesIO(signature_png(120, 60, seed=3))), width - 170, height - 90, 100, 50)
        y = height - 72
        for index, line in enumerate(lines):
            pdf.setFont("Helvetica-Bold" if index == 0 and number == 1 else "Helvetica", 16 if index == 0 and number == 1 else 11)
            pdf.drawString(72, y, line)
            y -= 22 if index == 0 and number == 1 else 16
            if y < 72:
                break
        if number == len(pages) and signature_block:
            y = min(y - 30, 200)
            pdf.setFont("Helvetica", 11)
            pdf.drawString(72, y, label)
            pdf.line(200, y - 2, 420, y - 2)
            if signature_image:
                pdf.drawImage(ImageReader(io.BytesIO(signature_png())), 210, y - 4, 180, 50)
            if signature_ink:
                path_obj = pdf.beginPath()
                rng = random.Random(5)
                path_obj.moveTo(210, y + 5)
                x = 210.0
                for _ in range(14):
                    path_obj.curveTo(x + 4, y + rng.uniform(0, 30), x + 8, y + rng.uniform(0, 30), x + 12, y + rng.uniform(2, 25))
                    x += 12
                pdf.drawPath(path_obj, stroke=1, fill=0)
            if typed_name:
                pdf.drawString(210, y - 18, typed_name)
        pdf.showPage()
    pdf.save()
    return path


def many_page_pdf(path: Path, pages: int, lines_per_page: int = 40, *, title: str = "Technical Proposal", seed: int = 1) -> Path:
    """A long technical proposal of plain prose (for speed and page-bound tests)."""
    rng = random.Random(seed)
    words = [
        "the",
        "approach",
        "methodology",
        "case",
        "study",
        "systemic",
        "response",
        "online",
        "safety",
        "children",
        "partners",
        "evidence",
        "interviews",
        "analysis",
        "narrative",
        "team",
        "quality",
        "workplan",
        "deliverables",
        "review",
        "stakeholders",
        "research",
        "findings",
        "validation",
        "ethics",
        "consent",
        "data",
        "protection",
        "communication",
        "products",
        "briefs",
        "storytelling",
    ]
    content = []
    for number in range(pages):
        lines = [title if number == 0 else f"Section {number}"]
        lines += [" ".join(rng.choice(words) for _ in range(12)).capitalize() + "." for _ in range(lines_per_page)]
        content.append(lines)
    return text_pdf(path, content, compress=True)


def image_only_pdf(path: Path, lines: Lines = ("Technical proposal", "Scanned page"), pages: int = 1) -> Path:
    """A scan: each page is one picture, no text layer at all."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    picture = scan_png(lines)
    for _ in range(pages):
        pdf.drawImage(ImageReader(io.BytesIO(picture)), 0, 0, A4[0], A4[1])
        pdf.showPage()
    pdf.save()
    return path


def signed_pdf(
    path: Path,
    content: Lines | Pages = ("Technical proposal", "Signed by the authorised representative."),
    *,
    identity: TestIdentity | None = None,
    field: str = "Signature1",
    visible: bool = True,
    source: Path | None = None,
) -> Path:
    """A PDF digitally signed with pyHanko (PAdES) using the test certificate.

    With ``source`` that PDF is signed instead of a fresh text PDF (written to ``path``).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    identity = identity or test_identity()
    if source is None:
        source = path.with_suffix(".unsigned.tmp")
        text_pdf(source, content, signature_block=True)
        cleanup = True
    else:
        cleanup = False
    data = source.read_bytes()
    if cleanup:
        source.unlink()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    spec = fields.SigFieldSpec(field, on_page=-1, box=(200, 100, 420, 150) if visible else None)
    out = io.BytesIO()
    signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256"),
        signer=_signer(identity),
        new_field_spec=spec,
        output=out,
    )
    path.write_bytes(out.getvalue())
    return path


def modify_after_signing(path: Path, signed: Path, text: str = "Total price: EUR 99,000") -> Path:
    """Append an incremental update that adds new text to page 1 of a signed PDF (tampering)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed.read_bytes()), strict=False)
    font = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
        }
    )
    resources = generic.DictionaryObject(
        {generic.NameObject("/Font"): generic.DictionaryObject({generic.NameObject("/FTamper"): writer.add_object(font)})}
    )
    stream = generic.StreamObject(stream_data=f"BT /FTamper 12 Tf 72 60 Td ({text}) Tj ET".encode("latin-1"))
    writer.add_stream_to_page(0, writer.add_object(stream), resources=resources)
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    return path


def empty_signature_field_pdf(path: Path, content: Lines = ("Technical proposal", "Please sign below."), field: str = "Signature1") -> Path:
    """A PDF with a signature field nobody filled."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    source = io.BytesIO()
    tmp = path.with_suffix(".tmp")
    text_pdf(tmp, content, signature_block=True)
    source.write(tmp.read_bytes())
    tmp.unlink()
    writer = IncrementalPdfFileWriter(io.BytesIO(source.getvalue()), strict=False)
    fields.append_signature_field(writer, fields.SigFieldSpec(field, on_page=0, box=(200, 100, 420, 150)))
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    return path


def placeholder_signature_pdf(path: Path, signed: Path) -> Path:
    """A signed PDF whose signature bytes are zeroed: a /Sig value with no real signature in it."""
    data = bytearray(signed.read_bytes())
    start = data.find(b"/Contents <")
    if start < 0:
        raise ValueError("no /Contents hex string found")
    start += len(b"/Contents <")
    end = data.index(b">", start)
    data[start:end] = b"0" * (end - start)
    path.write_bytes(bytes(data))
    return path


def broken_signature_pdf(path: Path, signed: Path, old: bytes = b"Technical proposal", new: bytes = b"Technical propXsal") -> Path:
    """A signed PDF with a few bytes changed inside the signed range (same length: no re-save)."""
    data = signed.read_bytes()
    if old not in data:
        raise ValueError(f"{old!r} not found in the signed file")
    path.write_bytes(data.replace(old, new, 1))
    return path


def ink_annotation_pdf(path: Path, content: Lines = ("Technical proposal",), label: str = SIGNATURE_LABEL) -> Path:
    """A PDF with a signature line and a hand-drawn ink annotation on it (as a tablet pen makes)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    tmp = path.with_suffix(".tmp")
    text_pdf(tmp, content, signature_block=True, label=label)
    writer = IncrementalPdfFileWriter(io.BytesIO(tmp.read_bytes()), strict=False)
    tmp.unlink()
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    y = float(min(720 - 22 - 16 * (len(content) - 1) - 30, 200))
    points = generic.ArrayObject(generic.FloatObject(v) for v in (210, y, 240, y + 20, 270, y + 2, 300, y + 25, 330, y + 4))
    annot = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Ink"),
            generic.NameObject("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in (205, y - 5, 335, y + 30)),
            generic.NameObject("/InkList"): generic.ArrayObject([points]),
            generic.NameObject("/P"): page_ref,
        }
    )
    annots = page.get("/Annots")
    ref = writer.add_object(annot)
    if annots is None:
        page[generic.NameObject("/Annots")] = generic.ArrayObject([ref])
    else:
        annots.get_object().append(ref)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    return path


def attachment_pdf(path: Path, name: str, data: bytes, content: Lines = ("Technical proposal",)) -> Path:
    """A PDF with a file attached (embedded file), e.g. a spreadsheet of costs."""
    import pypdfium2 as pdfium

    tmp = path.with_suffix(".tmp")
    text_pdf(tmp, content)
    pdf = pdfium.PdfDocument(tmp.read_bytes())
    attachment = pdf.new_attachment(name)
    attachment.set_data(data)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    tmp.unlink()
    path.write_bytes(buffer.getvalue())
    return path


# --------------------------------------------------------------------------- DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(
    path: Path,
    paragraphs: Lines = ("Technical proposal", "Our approach."),
    *,
    table: Sequence[Sequence[str]] | None = None,
    header: str | None = None,
    footer: str | None = None,
    signature_picture: bool = False,
    signature_label: str = SIGNATURE_LABEL,
    typed_name: str | None = None,
    logo_in_header: bool = False,
    comment: str | None = None,
    deleted_text: str | None = None,
    inserted_text: str | None = None,
    footnote: str | None = None,
    textbox: str | None = None,
) -> Path:
    """A DOCX written by python-docx, with optional traps.

    ``table`` rows (e.g. fees), ``header``/``footer`` text, a signature block with
    ``signature_picture`` (a picture in the paragraph under the label) or just ``typed_name``,
    a ``comment`` (python-docx comments), ``deleted_text``/``inserted_text`` as tracked changes,
    ``textbox`` (a DrawingML text box) and ``footnote`` (hand-written XML parts).
    """
    import docx as python_docx
    from docx.oxml import parse_xml
    from docx.shared import Inches

    document = python_docx.Document()
    first = True
    for text in paragraphs:
        if first:
            document.add_heading(text, level=1)
            first = False
        else:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if logo_in_header:
        section.header.paragraphs[0].add_run().add_picture(io.BytesIO(signature_png(120, 60, seed=3)), width=Inches(1))
    if footer:
        section.footer.paragraphs[0].text = footer
    if comment:
        paragraph = document.add_paragraph("Reviewed section.")
        document.add_comment(paragraph.runs, text=comment, author="Reviewer", initials="RV")
    if deleted_text or inserted_text:
        paragraph = document.add_paragraph("Revised: ")
        if deleted_text:
            paragraph._p.append(
                parse_xml(
                    f'<w:del xmlns:w="{W_NS}" w:id="901" w:author="Editor" w:date="2025-05-01T10:00:00Z">'
                    f'<w:r><w:delText xml:space="preserve">{_xml_escape(deleted_text)}</w:delText></w:r></w:del>'
                )
            )
        if inserted_text:
            paragraph._p.append(
                parse_xml(
                    f'<w:ins xmlns:w="{W_NS}" w:id="902" w:author="Editor" w:date="2025-05-01T10:00:00Z">'
                    f'<w:r><w:t xml:space="preserve">{_xml_escape(inserted_text)}</w:t></w:r></w:ins>'
                )
            )
    if textbox:
        paragraph = document.add_paragraph()
        paragraph._p.append(parse_xml(_textbox_xml(textbox)))
    if signature_picture or typed_name or signature_label != SIGNATURE_LABEL:
        document.add_paragraph(signature_label)
        if signature_picture:
            document.add_paragraph().add_run().add_picture(io.BytesIO(signature_png()), width=Inches(2))
        else:
            document.add_paragraph("______________________________")
        if typed_name:
            document.add_paragraph(typed_name)
    document.save(str(path))
    if footnote:
        _add_footnote(path, footnote)
    return path


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _textbox_xml(text: str) -> str:
    return (
        f'<w:r xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline><wp:extent cx="1828800" cy="457200"/>'
        '<wp:docPr id="50" name="Text Box 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{_xml_escape(text)}</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>{_xml_escape(text)}</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def _rewrite_zip(path: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> None:
    """Rewrite a zip file with some members replaced and some added."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = replace.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    path.write_bytes(out.getvalue())


def _add_footnote(path: Path, text: str) -> None:
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    types = source.read("[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    rels = source.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{_xml_escape(text)}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    _rewrite_zip(
        path, {"[Content_Types].xml": types.encode(), "word/_rels/document.xml.rels": rels.encode()}, {"word/footnotes.xml": notes.encode()}
    )


def docx_signature_line(path: Path, paragraphs: Lines = ("Technical proposal", "Our approach."), signer: str = "Jane Doe") -> Path:
    """A DOCX with an Office signature line (VML ``o:signatureline``) that nobody signed."""
    import docx as python_docx
    from docx.oxml import parse_xml

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    paragraph = document.add_paragraph()
    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
            '<w:pict><v:shape id="SignatureLine1" style="width:192pt;height:96pt" type="#_x0000_t75">'
            f'<o:signatureline v:ext="edit" id="{{8A7C1B70-1111-4C4C-9B1A-0123456789AB}}" provid="{{00000000-0000-0000-0000-000000000000}}" '
            f'o:suggestedsigner="{_xml_escape(signer)}" o:suggestedsigner2="Director" issignatureline="t"/>'
            "</v:shape></w:pict></w:r>"
        )
    )
    document.save(str(path))
    return path


def docx_xml_signed(path: Path, paragraphs: Lines = ("Technical proposal", "Our approach."), signer: str = "Jane Doe") -> Path:
    """A DOCX carrying an XML digital signature part (``_xmlsignatures/sig1.xml``), as Word writes.

    The signature XML is structurally real (ds:Signature with the signer's subject) but not
    cryptographically computed: tenderctl reports DOCX signatures as present, not verified.
    """
    docx(path, paragraphs)
    sig = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#" Id="idPackageSignature"><SignedInfo/>'
        "<SignatureValue>AAAA</SignatureValue><KeyInfo><X509Data>"
        f"<X509SubjectName>CN={_xml_escape(signer)}, O=Example Consulting</X509SubjectName>"
        "</X509Data></KeyInfo></Signature>"
    )
    origin_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/signature" Target="sig1.xml"/>'
        "</Relationships>"
    )
    _rewrite_zip(
        path,
        {},
        {
            "_xmlsignatures/origin.sigs": b"",
            "_xmlsignatures/sig1.xml": sig.encode(),
            "_xmlsignatures/_rels/origin.sigs.rels": origin_rels.encode(),
        },
    )
    return path


def zip_bomb_docx(path: Path, inflated_mb: int = 1024) -> Path:
    """A small DOCX whose document.xml inflates to ``inflated_mb`` MB (streamed, never in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated_mb):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return path


def entity_docx(path: Path) -> Path:
    """A DOCX whose document.xml declares a "billion laughs" entity chain."""
    laughs = (
        '<!DOCTYPE w:document [<!ENTITY a "lol">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>"
    )
    body = f'<?xml version="1.0"?>{laughs}<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>'
    docx(path, ("placeholder",))
    _rewrite_zip(path, {"word/document.xml": body.encode()})
    return path


# --------------------------------------------------------------------------- XLSX / ODT


def xlsx(
    path: Path,
    rows: Sequence[Sequence[object]] = (("Item", "Days", "Daily rate", "Total cost"), ("Team leader", 20, 650, 13000)),
    *,
    sheet: str = "Budget",
    currency_format: str | None = '"€"#,##0.00',
    currency_columns: Sequence[int] = (2, 3),
    extra_sheets: dict[str, Sequence[Sequence[object]]] | None = None,
) -> Path:
    """An XLSX written by openpyxl; ``currency_columns`` (0-based) of data rows get ``currency_format``."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=c, value=value)
            if r > 1 and currency_format and (c - 1) in currency_columns and isinstance(value, (int, float)):
                cell.number_format = currency_format
    for name, sheet_rows in (extra_sheets or {}).items():
        extra = book.create_sheet(name)
        for row in sheet_rows:
            extra.append(list(row))
    book.save(str(path))
    return path


def odt(
    path: Path, paragraphs: Lines = ("Technical proposal", "Our approach."), *, deleted_text: str | None = None, comment: str | None = None
) -> Path:
    """A minimal but valid ODT (OpenDocument text) written by hand."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    )
    body = "".join(f"<text:p>{_xml_escape(p)}</text:p>" for p in paragraphs)
    changes = ""
    if deleted_text:
        changes = (
            '<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Editor</dc:creator></office:change-info>'
            f"<text:p>{_xml_escape(deleted_text)}</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        )
        body += '<text:p>Revised <text:change text:change-id="ct1"/>text.</text:p>'
    if comment:
        body += f"<text:p>Note<office:annotation><dc:creator>Reviewer</dc:creator><text:p>{_xml_escape(comment)}</text:p></office:annotation></text:p>"
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body><office:text>{changes}{body}</office:text></office:body></office:document-content>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return path


def proposal_folder(folder: Path, *, signed: bool = True, cvs: Sequence[str] = ("Jane Doe", "John Smith")) -> Path:
    """A small but complete proposal: signed technical PDF, financial XLSX, one CV per name."""
    folder.mkdir(parents=True, exist_ok=True)
    if signed:
        signed_pdf(folder / "Technical_Proposal.pdf", ("Technical proposal", "Approach and methodology."))
    else:
        text_pdf(folder / "Technical_Proposal.pdf", ("Technical proposal", "Approach and methodology."), signature_block=True)
    xlsx(folder / "Financial_Proposal.xlsx")
    for name in cvs:
        text_pdf(folder / f"CV_{name.replace(' ', '_')}.pdf", (f"Curriculum vitae: {name}", "Education and experience."))
    return folder


# --------------------------------------------------------------------------- DOCX / ODT tables

Cell = str | tuple[str, int]
"""A table cell: its text, or (text, number of grid columns it spans)."""


def docx_tables(
    path: Path,
    tables: Sequence[Sequence[Sequence[str]]],
    paragraphs: Lines = ("Technical proposal", "Our approach."),
    *,
    header_rows: int = 0,
    merges: Sequence[tuple[int, int, int, int, int]] = (),
    nested: Sequence[Sequence[str]] | None = None,
) -> Path:
    """A DOCX with tables written by python-docx.

    ``header_rows`` leading rows of every table are marked as Word's repeated header rows
    (``w:tblHeader``); ``merges`` are (table, row, column, last row, last column) ranges merged
    by python-docx (``w:gridSpan`` across, ``w:vMerge`` down) - give the covered cells "" so
    the merged cell keeps one text; ``nested`` is a table put in the last cell of the first table.
    """
    import docx as python_docx
    from docx.oxml import OxmlElement

    document = python_docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    grids = []
    for rows in tables:
        grid = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for row in grid.rows[:header_rows]:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        grids.append(grid)
        document.add_paragraph("")
    for t, r, c, last_r, last_c in merges:
        grids[t].cell(r, c).merge(grids[t].cell(last_r, last_c))
    for grid, rows in zip(grids, tables, strict=True):
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    grid.cell(r, c).text = value
    if nested:
        last = grids[0].rows[-1].cells[-1]
        inner = last.add_table(rows=len(nested), cols=len(nested[0]))
        for r, row in enumerate(nested):
            for c, value in enumerate(row):
                inner.cell(r, c).text = value
    document.save(str(path))
    return path


def wide_table_docx(path: Path, columns: int = 100_000, cost_header: str = "Fee (USD)", span: int = 2_000_000_000) -> Path:
    """A hostile DOCX: a table with a cell spanning ``span`` grid columns after as many blank ones
    (``gridBefore``), then a table of ``columns`` columns (header row, the last header
    ``cost_header``; figures in the first ten and the last column, the rest blank).

    Hand-written, and stored uncompressed: deflated, so regular a table would look like a zip bomb.
    """
    base = docx(path, ("Technical proposal", "Hostile table."))
    tc = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    wide = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t>{{}}</w:t></w:r></w:p></w:tc>'
    before = f'<w:trPr><w:gridBefore w:val="{span}"/></w:trPr>'
    spanned = f"<w:tr>{before}{wide.format(_xml_escape(cost_header))}{tc.format('Total')}</w:tr><w:tr>{before}{wide.format(700)}{tc.format(800)}</w:tr>"
    header = "".join(tc.format(f"Col {i}") for i in range(columns - 1)) + tc.format(_xml_escape(cost_header))
    figures = "".join(tc.format(10 + i) for i in range(10)) + "<w:tc/>" * (columns - 11) + tc.format(650)
    body = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
        "<w:p><w:r><w:t>Technical proposal</w:t></w:r></w:p>"
        f"<w:tbl>{spanned}</w:tbl><w:p/><w:tbl><w:tr>{header}</w:tr><w:tr>{figures}</w:tr></w:tbl><w:p/></w:body></w:document>"
    )
    source = zipfile.ZipFile(io.BytesIO(base.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                target.writestr(info.filename, body, compress_type=zipfile.ZIP_STORED)
            else:
                target.writestr(info.filename, source.read(info.filename))
    path.write_bytes(out.getvalue())
    return path


def odt_table(
    path: Path,
    rows: Sequence[Sequence[Cell]],
    paragraphs: Lines = ("Technical proposal", "Our approach."),
    *,
    header_rows: int = 0,
    name: str = "Table1",
) -> Path:
    """An ODT with one table; the first ``header_rows`` rows go in ``table:table-header-rows``.

    A cell given as (text, n) spans n columns (``number-columns-spanned`` and covered cells).
    """

    def row_xml(row: Sequence[Cell]) -> str:
        cells = []
        for cell in row:
            text, span = (cell, 1) if isinstance(cell, str) else cell
            spanned = f' table:number-columns-spanned="{span}"' if span > 1 else ""
            cells.append(f"<table:table-cell{spanned}><text:p>{_xml_escape(text)}</text:p></table:table-cell>")
            cells.extend("<table:covered-table-cell/>" for _ in range(span - 1))
        return "<table:table-row>" + "".join(cells) + "</table:table-row>"

    head = "".join(row_xml(row) for row in rows[:header_rows])
    table = (
        f'<table:table table:name="{_xml_escape(name)}">'
        + (f"<table:table-header-rows>{head}</table:table-header-rows>" if head else "")
        + "".join(row_xml(row) for row in rows[header_rows:])
        + "</table:table>"
    )
    odt(path, paragraphs)
    content = zipfile.ZipFile(io.BytesIO(path.read_bytes())).read("content.xml").decode()
    _rewrite_zip(path, {"content.xml": content.replace("</office:text>", table + "</office:text>").encode()})
    return path
