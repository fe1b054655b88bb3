"""Every rule's cases as data (tests/rule_cases/<rule>.yaml), run through the engine.

A case names what the rule sees and what it must say (tests/rule_cases/README.md has the
shape). Documents are either built by hand (``blocks``: what a reader hands over) or made
now as real files by real software (``make``: a tests/docgen.py generator: reportlab,
pyHanko, python-docx, openpyxl) and read by tenderctl's own reader. Every rule in the
registry must have a case file, with cases that pass, cases that do not, and traps both
ways (``trap: false-pass``: a careless rule would pass it; ``trap: false-fail``: a careless
rule would fail it), so a new rule without cases fails here.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

import docgen
from conftest import TESTS
from rule_helpers import run_rule, tender
from tenderctl.checks.engine import run_checks
from tenderctl.checks.registry import Result
from tenderctl.documents.model import Document, ImageInfo, InkMark, Role, SignatureInfo, TextBlock
from tenderctl.documents.reader import Limits, read_path

CASE_DIR = TESTS / "rule_cases"
OWN_SHAPE = {"no-financials": "no-financials", "no-financials-documents": "no-financials"}
"""Case files with runners of their own (test_rules_financials.py, test_financials_corpus.py), and their rule."""

CASE_KEYS = {"about", "trap", "known_bug", "tender", "options", "documents", "docs", "disk", "trust", "expect"}
DOC_KEYS = {"path", "role", "format", "size", "pages", "blocks", "images", "ink", "signatures", "make", "args", "from", "hand"}
DOC_KEYS |= {"readable", "password_protected", "encrypted", "unreadable_reason", "image_only_pages", "title", "partial", "notes"}
EXPECT_KEYS = {"status", "evidence", "message"}
TRAPS = ("false-pass", "false-fail")
NO_OCR = Limits(ocr=False)
"""Made documents are read without OCR, so a case gives the same verdict with or without tesseract."""


def _load(path: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: a mapping of case names to cases"
    return data


def _cases() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path in sorted(CASE_DIR.glob("*.yaml")):
        if path.stem in OWN_SHAPE:
            continue
        for name, case in _load(path).items():
            found.append((path.stem, name, case))
    return found


CASES = _cases()


# --------------------------------------------------------------------------- documents


def _extra_generators() -> dict[str, Any]:
    """Generators beyond docgen's, for shapes people make that docgen has no function for."""

    def signed_pdf_by(path: Path, signer: str, **args: Any) -> Path:
        """A PDF signed (pyHanko) by ``signer``, whose certificate a CA of its own issued."""
        return docgen.signed_pdf(path, identity=docgen.test_identity(signer), **args)

    def zip_archive(path: Path, members: dict[str, str]) -> Path:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in members.items():
                archive.writestr(name, text)
        return path

    def stamp_letter(path: Path, closing: str = "Yours faithfully,", *, signature: bool = False, stamp: bool = True) -> Path:
        """A cover letter closed by a round company stamp (reportlab), with or without a signature beside it."""
        from PIL import Image, ImageDraw
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.utils import ImageReader
        from reportlab.pdfgen import canvas

        image = Image.new("RGB", (200, 200), "white")
        draw = ImageDraw.Draw(image)
        draw.ellipse((5, 5, 195, 195), outline=(30, 40, 160), width=6)
        draw.text((50, 95), "EXAMPLE LTD", fill=(30, 40, 160))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        pdf.drawString(72, 770, "Technical proposal - cover letter")
        pdf.drawString(72, 740, "We are pleased to submit our proposal for the assignment.")
        pdf.drawString(72, 600, closing)
        if stamp:
            pdf.drawImage(ImageReader(buffer), 72, 500, 90, 90)
        if signature:
            pdf.drawImage(ImageReader(io.BytesIO(docgen.signature_png())), 180, 530, 160, 50)
        pdf.drawString(72, 480, "Jane Doe, Director")
        pdf.showPage()
        pdf.save()
        return path

    return {"signed_pdf_by": signed_pdf_by, "zip_archive": zip_archive, "stamp_letter": stamp_letter}


GENERATORS = {name: getattr(docgen, name) for name in dir(docgen) if not name.startswith("_") and callable(getattr(docgen, name))}
GENERATORS.update(_extra_generators())


def made(spec: dict[str, Any], folder: Path) -> Document:
    """A real file made by ``spec['make']`` in ``folder``, read by tenderctl's reader (in-process)."""
    generator = GENERATORS[spec["make"]]
    path = folder / spec["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    args = dict(spec.get("args", {}))
    if "from" in spec:
        generator(path, folder / spec["from"], **args)
    else:
        generator(path, **args)
    doc = read_path(str(path), spec["path"], NO_OCR)
    doc.role = Role(spec.get("role", "technical"))
    return doc


def built(spec: dict[str, Any]) -> Document:
    """A Document as a reader would hand it over, built from the case's description."""
    path = spec["path"]
    doc = Document(
        path=path, format=spec.get("format", path.rsplit(".", 1)[-1].lower() if "." in path else "unknown"), size=spec.get("size", 1000)
    )
    doc.role = Role(spec.get("role", "technical"))
    doc.pages = spec.get("pages")
    doc.blocks = [
        TextBlock(b["text"], page=b.get("page"), where=b.get("where", "body"), bbox=_bbox(b.get("bbox"))) for b in spec.get("blocks", [])
    ]
    doc.images = [
        ImageInfo(
            i.get("page"), _bbox(i.get("bbox")), i.get("width_px", 0), i.get("height_px", 0), i.get("where", "body"), i.get("near_text", "")
        )
        for i in spec.get("images", [])
    ]
    doc.ink = [InkMark(i.get("page"), _bbox(i.get("bbox")), i.get("kind", "ink-annotation")) for i in spec.get("ink", [])]
    doc.signatures = [SignatureInfo(**s) for s in spec.get("signatures", [])]
    for key in ("readable", "password_protected", "encrypted", "unreadable_reason", "image_only_pages", "title", "partial", "notes"):
        if key in spec:
            setattr(doc, key, spec[key])
    return doc


def _bbox(value: list[float] | None) -> tuple[float, float, float, float] | None:
    return None if value is None else (float(value[0]), float(value[1]), float(value[2]), float(value[3]))


def documents(case: dict[str, Any], folder: Path) -> list[Document]:
    docs = []
    for spec in case.get("docs", []):  # in order: a ``from`` file is made before the file made from it
        docs.append(made(spec, folder) if "make" in spec else built(spec))
    for name, text in (case.get("disk") or {}).items():  # on disk, not handed to the rule (hidden files the readers skip)
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return [d for d, spec in zip(docs, case.get("docs", []), strict=True) if spec.get("hand", True)]


# --------------------------------------------------------------------------- expectations


def expected(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The case's ``expect``: one status, a list of statuses, or a list of {status, evidence, message}."""
    items = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
    return [item if isinstance(item, dict) else {"status": item} for item in items]


def describe(results: list[Result]) -> str:
    return "\n".join(f"  {r.status.value}: {r.message} {[(e.file, e.page) for e in r.evidence]}" for r in results)


# --------------------------------------------------------------------------- the cases


def test_every_rule_in_the_registry_has_a_case_file() -> None:
    from tenderctl.checks.engine import load_rules

    have = {rule for rule, _name, _case in CASES} | set(OWN_SHAPE.values())
    registry = set(load_rules())
    missing = sorted(registry - have)
    assert not missing, f"rules without cases: {missing} (add tests/rule_cases/<rule>.yaml)"
    assert have <= registry, f"case files naming no rule: {sorted(have - registry)}"


def test_case_files_of_their_own_shape_go_both_ways_too() -> None:
    """no-financials' files: texts that must fail and texts that must not (a warning or nothing)."""
    texts = _load(CASE_DIR / "no-financials.yaml")
    assert texts.get("fail") and texts.get("clean") and texts.get("warn"), "no-financials.yaml: fail, warn and clean texts"
    verdicts = [c["verdict"] for c in _load(CASE_DIR / "no-financials-documents.yaml")["cases"]]
    assert {"fail", "warn", "pass"} <= set(verdicts), "no-financials-documents.yaml: fail, warn and pass documents"


@pytest.mark.parametrize("rule", sorted({r for r, _n, _c in CASES}))
def test_every_case_file_passes_fails_and_sets_traps_both_ways(rule: str) -> None:
    cases = [c for r, _n, c in CASES if r == rule]
    statuses = [e["status"] for c in cases for e in expected(c)]
    assert "pass" in statuses, f"{rule}: no case that passes"
    assert {"fail", "unverified", "warn"} & set(statuses), f"{rule}: no case that must not pass"
    traps = {c.get("trap") for c in cases}
    for trap in TRAPS:
        assert trap in traps, f"{rule}: no `trap: {trap}` case"
    assert len(cases) >= 6, f"{rule}: only {len(cases)} cases"


@pytest.mark.parametrize(("rule", "name", "case"), CASES, ids=[f"{r}:{n}" for r, n, _c in CASES])
def test_case_is_well_formed(rule: str, name: str, case: dict[str, Any]) -> None:
    assert set(case) <= CASE_KEYS, f"unknown keys {sorted(set(case) - CASE_KEYS)}"
    assert case.get("trap") in (None, *TRAPS)
    assert "known_bug" not in case or (isinstance(case["known_bug"], str) and case["known_bug"].strip()), "known_bug: say what is wrong"
    for spec in case.get("docs", []):
        assert set(spec) <= DOC_KEYS, f"{spec.get('path')}: unknown keys {sorted(set(spec) - DOC_KEYS)}"
        assert "make" not in spec or spec["make"] in GENERATORS, f"no generator {spec['make']!r}"
        assert "make" in spec or "args" not in spec, "args without make"
    for item in expected(case):
        assert set(item) <= EXPECT_KEYS and item["status"] in ("pass", "fail", "warn", "unverified", "skipped"), item
        if case.get("trap") == "false-pass":
            assert item["status"] != "pass" or len(expected(case)) > 1, "a false-pass trap whose only result passes"


@pytest.mark.parametrize(("rule", "name", "case"), CASES, ids=[f"{r}:{n}" for r, n, _c in CASES])
def test_rule_case(rule: str, name: str, case: dict[str, Any], tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if case.get("known_bug"):
        # The case says what is right and the rule does not do it yet: a strict xfail, so the
        # report shows it and the fix turns it into a failure until the mark is removed.
        request.applymarker(pytest.mark.xfail(reason=f"known bug: {case['known_bug']}", strict=True))
    proposal = tmp_path / "proposal"
    proposal.mkdir()
    docs = documents(case, proposal)
    if "trust" in case:  # `tenderctl check --trust ROOTS.pem`: the test CA of the named signer
        roots = docgen.write_trust_roots(tmp_path / "roots.pem", docgen.test_identity(case["trust"]))
        check = {"rule": rule, "options": case.get("options") or {}, "tip": "the tender's tip"}
        report = run_checks(tender(checks=[check], **case.get("tender", {})), docs, proposal, trust_roots=roots)
        results = [r for r in report.results if r.rule == rule]
    else:
        results = run_rule(
            rule, docs, options=case.get("options"), documents=case.get("documents"), proposal=proposal, **case.get("tender", {})
        )
    want = expected(case)
    assert [r.status.value for r in results] == [w["status"] for w in want], describe(results)
    for result, item in zip(results, want, strict=True):
        assert "evidence" in item or not result.evidence, f"the rule gives evidence: state it in the case\n{describe(results)}"
        if "evidence" in item:
            got = [{"file": e.file, "page": e.page} for e in result.evidence]
            wanted = [{"file": e["file"], "page": e.get("page")} for e in item["evidence"]]
            assert got == wanted, describe(results)
        if "message" in item:
            assert item["message"] in result.message, describe(results)
