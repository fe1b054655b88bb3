"""Rules on real files read by the real readers: traps full of numbers, fees in tables, currency formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_rules_financials import TRAP_EN, TRAP_FR

import docgen
from rule_helpers import run_rule
from tenderctl.checks.registry import Status
from tenderctl.documents.folder import read_file
from tenderctl.documents.model import Role


def technical(path: Path):  # type: ignore[no-untyped-def]
    return read_file(path, role=Role.technical)


def lines(text: str) -> list[str]:
    return [line for line in text.strip().splitlines() if line.strip()]


@pytest.mark.parametrize("text", [TRAP_EN, TRAP_FR], ids=["english", "french"])
def test_trap_pdf_and_docx_give_no_finding(tmp_path: Path, text: str) -> None:
    body = lines(text)
    pdf = technical(docgen.text_pdf(tmp_path / "Technical_Proposal.pdf", [body[:8], body[8:]]))
    doc = technical(
        docgen.docx(
            tmp_path / "Technical_Proposal.docx",
            body,
            header=body[0],
            footer="Page 1 of 30 - RFPS-NYH-2025-503831",
            table=[["Phase", "Weeks", "Share"], ["Inception", "4", "10%"], ["Fieldwork", "12", "60%"]],
            comment=body[2],
        )
    )
    assert pdf.readable and doc.readable
    for document in (pdf, doc):
        [result] = run_rule("no-financials", [document])
        assert result.status is Status.passed, (document.path, result.message, result.evidence)


def test_docx_fees_everywhere_are_each_reported(tmp_path: Path) -> None:
    path = docgen.docx(
        tmp_path / "Technical_Proposal.docx",
        ["Technical proposal", "Our approach."],
        table=[["Expert", "Daily fee (USD)", "Days"], ["Team leader", "650", "20"]],
        header="Offer total USD 13,000",
        textbox="Honoraires : 450 EUR par jour",
        footnote="Precio total: 1.500.000",
        inserted_text="preço 900",
    )
    [result] = run_rule("no-financials", [technical(path)])
    assert result.status is Status.fail
    text = " | ".join(e.excerpt for e in result.evidence)
    for expected in ("USD 13,000", "450 EUR", "1.500.000", "preço 900"):
        assert expected in text, text


@pytest.mark.parametrize(
    "number_format",
    ['"€"#,##0.00', "[$$-409]#,##0.00", "_-* #,##0.00\\ [$€-40C]_-;\\-* #,##0.00\\ [$€-40C]_-", '#,##0 "USD"', "[$CHF] #,##0"],
)
def test_xlsx_currency_formats_are_found(tmp_path: Path, number_format: str) -> None:
    path = docgen.xlsx(
        tmp_path / "Technical_plan.xlsx",
        rows=(("Item", "Days", "Amount"), ("Fieldwork", 20, 1300)),
        currency_format=number_format,
        currency_columns=(2,),
    )
    [result] = run_rule("no-financials", [technical(path)])
    assert result.status is Status.fail, (number_format, result.message)
    assert any("C2" in e.excerpt for e in result.evidence)


def test_xlsx_without_prices_passes_and_cost_column_on_another_sheet_fails(tmp_path: Path) -> None:
    clean = docgen.xlsx(
        tmp_path / "Technical_plan.xlsx",
        rows=(("Activity", "Year", "Days", "Share"), ("Fieldwork", 2025, 20, 0.6), ("Report", 2025, 10, 0.4)),
        currency_format=None,
    )
    [result] = run_rule("no-financials", [technical(clean)])
    assert result.status is Status.passed, result.evidence
    hidden = docgen.xlsx(
        tmp_path / "Technical_plan2.xlsx",
        rows=(("Activity", "Days"), ("Fieldwork", 20)),
        currency_format=None,
        extra_sheets={"Notes": [("Expert", "Unit cost"), ("Team leader", 650)]},
    )
    [result] = run_rule("no-financials", [technical(hidden)])
    assert result.status is Status.fail and "Notes!" in result.evidence[0].excerpt


def test_price_in_an_attached_spreadsheet_is_found(tmp_path: Path) -> None:
    sheet = docgen.xlsx(tmp_path / "costs.xlsx")
    path = docgen.attachment_pdf(tmp_path / "Technical_Proposal.pdf", "costs.xlsx", sheet.read_bytes())
    [result] = run_rule("no-financials", [technical(path)])
    assert result.status is Status.fail, result.message


def test_odt_deleted_text_and_comment(tmp_path: Path) -> None:
    path = docgen.odt(tmp_path / "Technical_Proposal.odt", deleted_text="Coût total : 87 500", comment="Tarif journalier 450")
    [result] = run_rule("no-financials", [technical(path)])
    assert result.status is Status.fail and len(result.evidence) == 2, result.evidence


def test_criteria_and_reference_on_a_real_pdf(tmp_path: Path) -> None:
    path = docgen.text_pdf(
        tmp_path / "Technical_Proposal.pdf",
        [
            ["Technical proposal", "Reference: RFPS-NYH-2025-503831"],
            ["2. Methodology and", "approach: case studies"],
            ["3. Safeguarding and ethics"],
        ],
    )
    doc = technical(path)
    results = run_rule("criteria", [doc], criteria=["Methodology and approach", "Ethics and safeguarding", "Gender analysis"])
    assert [r.status for r in results] == [Status.passed, Status.passed, Status.warn], [r.message for r in results]
    assert results[0].evidence[0].page == 2 and results[1].evidence[0].page == 3
    [ref] = run_rule("reference", [doc], options={"first_page": True})
    assert ref.status is Status.passed and ref.evidence[0].page == 1
    [limit] = run_rule("page-limit", [doc], options={"max": 2})
    assert limit.status is Status.fail and "3 pages" in limit.message
