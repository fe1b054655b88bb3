"""Table cells of DOCX and ODT files carry their place and column header; no-financials uses them.

Every file is written by python-docx (or by hand for what it cannot write) and read by the real
readers: a fee table fails naming its cost column, a table of days, years and shares passes.
"""

from __future__ import annotations

import time
from pathlib import Path

import docgen
from rule_helpers import run_rule
from tenderctl.checks.registry import Status
from tenderctl.documents.folder import read_file
from tenderctl.documents.model import Document, Role

FEES = [
    ["Expert", "Days", "Daily rate (USD)", "Total"],
    ["Team leader", "12", "650", "7800"],
    ["Analyst", "30", "400", "12000"],
]


def technical(path: Path) -> Document:
    doc = read_file(path, role=Role.technical)
    assert doc.readable, doc.unreadable_reason
    return doc


def cell(doc: Document, text: str) -> tuple[str | None, str | None]:
    """(place, column header) of the only table block with ``text``."""
    [block] = [b for b in doc.blocks if b.text == text and b.where == "table"]
    return block.cell, block.column_header


def excerpts(doc: Document) -> list[str]:
    [result] = run_rule("no-financials", [doc])
    return [e.excerpt for e in result.evidence]


def test_docx_cells_carry_place_and_column_header(tmp_path: Path) -> None:
    doc = technical(docgen.docx_tables(tmp_path / "Technical_Proposal.docx", [FEES]))
    assert cell(doc, "Daily rate (USD)") == ("Table 1!C1", None)  # the header row has no header
    assert cell(doc, "650") == ("Table 1!C2", "Daily rate (USD)")
    assert cell(doc, "12") == ("Table 1!B2", "Days")
    assert cell(doc, "Analyst") == ("Table 1!A3", "Expert")


def test_fee_table_fails_with_evidence_naming_the_cost_column(tmp_path: Path) -> None:
    doc = technical(docgen.docx_tables(tmp_path / "Technical_Proposal.docx", [FEES]))
    [result] = run_rule("no-financials", [doc])
    assert result.status is Status.fail
    found = [e.excerpt for e in result.evidence]
    assert "Table 1!C2 (Daily rate (USD)): 650" in found
    assert "Table 1!C3 (Daily rate (USD)): 400" in found
    # The totals of a fee table are prices too; the days beside them are not.
    assert "Table 1!D2 (Total): 7800" in found and "Table 1!D3 (Total): 12000" in found
    assert len(found) == 4, found
    assert "cost column" in result.message


def test_table_of_days_years_and_shares_passes(tmp_path: Path) -> None:
    plan = [
        ["Phase", "Year", "Person-days", "Weeks", "Share (%)", "Number of payments", "Experts", "Total"],
        ["Inception", "2025", "45", "4", "10", "1", "3", "45"],
        ["Fieldwork", "2026", "320", "12", "60", "2", "6", "320"],
    ]
    doc = technical(docgen.docx_tables(tmp_path / "Technical_Proposal.docx", [plan], ["Technical proposal", "Work plan."]))
    assert [b.column_header for b in doc.blocks if b.text == "320"] == ["Person-days", "Total"]
    [result] = run_rule("no-financials", [doc])
    assert result.status is Status.passed, (result.message, result.evidence)


def test_totals_count_only_beside_a_cost_column(tmp_path: Path) -> None:
    days = [["Activity", "Days", "Total"], ["Fieldwork", "20", "40"]]
    fees = [["Activity", "Fee (EUR)", "Total"], ["Fieldwork", "650", "13000"]]
    doc = technical(docgen.docx_tables(tmp_path / "Technical_Proposal.docx", [days, fees]))
    assert excerpts(doc) == ["Table 2!B2 (Fee (EUR)): 650", "Table 2!C2 (Total): 13000"]


def test_merged_cells_give_stacked_headers(tmp_path: Path) -> None:
    # Two repeated header rows: "Fees (EUR)" spans two columns, "Expert" spans both header
    # rows, and "Team leader" spans two data rows.
    rows = [
        ["Expert", "Fees (EUR)", "", "Days"],
        ["", "Rate", "Total", ""],
        ["Team leader", "650", "13000", "20"],
        ["", "700", "14000", "20"],
    ]
    merges = [(0, 0, 1, 0, 2), (0, 0, 0, 1, 0), (0, 0, 3, 1, 3), (0, 2, 0, 3, 0)]
    doc = technical(docgen.docx_tables(tmp_path / "Technical_Proposal.docx", [rows], header_rows=2, merges=merges))
    assert cell(doc, "650") == ("Table 1!B3", "Fees (EUR) / Rate")
    assert cell(doc, "14000") == ("Table 1!C4", "Fees (EUR) / Total")
    assert cell(doc, "Team leader") == ("Table 1!A3", "Expert")
    [twenty, _] = [b for b in doc.blocks if b.text == "20"]
    assert twenty.column_header == "Days"
    found = excerpts(doc)
    assert found == [
        "Table 1!B3 (Fees (EUR) / Rate): 650",
        "Table 1!C3 (Fees (EUR) / Total): 13000",
        "Table 1!B4 (Fees (EUR) / Rate): 700",
        "Table 1!C4 (Fees (EUR) / Total): 14000",
    ]


def test_caption_row_across_the_table_is_not_the_header(tmp_path: Path) -> None:
    rows = [["Table 3: team inputs", "", ""], ["Expert", "Days", "Fee"], ["Team leader", "12", "650"]]
    doc = technical(docgen.docx_tables(tmp_path / "Technical_Proposal.docx", [rows], merges=[(0, 0, 0, 0, 2)]))
    assert cell(doc, "12") == ("Table 1!B3", "Days")
    assert excerpts(doc) == ["Table 1!C3 (Fee): 650"]


def test_headerless_table_reads_label_and_value_rows(tmp_path: Path) -> None:
    # The first row holds a figure: no header; the label to the left of a figure names it.
    rows = [["Daily fee", "650", "Days", "12"], ["Years of experience", "15", "Experts", "4"]]
    doc = technical(docgen.docx_tables(tmp_path / "Technical_Proposal.docx", [rows]))
    assert cell(doc, "650") == ("Table 1!B1", None)
    [result] = run_rule("no-financials", [doc])
    assert result.status is Status.fail
    assert [e.excerpt for e in result.evidence] == ["Table 1!B1 (Daily fee): 650"]
    assert "row labelled 'Daily fee'" in result.message


def test_headerless_table_of_counts_passes(tmp_path: Path) -> None:
    rows = [["2024", "12", "45"], ["2025", "14", "50"]]
    doc = technical(docgen.docx_tables(tmp_path / "Technical_Proposal.docx", [rows]))
    assert cell(doc, "45") == ("Table 1!C1", None)
    [result] = run_rule("no-financials", [doc])
    assert result.status is Status.passed, result.evidence


def test_nested_table_has_its_own_header(tmp_path: Path) -> None:
    outer = [["Component", "Details"], ["Staffing", "See the table below"]]
    path = docgen.docx_tables(tmp_path / "Technical_Proposal.docx", [outer], nested=[["Item", "Fee"], ["Expert", "650"]])
    doc = technical(path)
    assert cell(doc, "See the table below") == ("Table 1!B2", "Details")
    assert cell(doc, "650") == ("Table 2!B2", "Fee")
    assert excerpts(doc) == ["Table 2!B2 (Fee): 650"]


def test_hostile_wide_table_stays_bounded(tmp_path: Path) -> None:
    """100,000 columns, and a cell spanning two billion columns after two billion blank ones."""
    path = docgen.wide_table_docx(tmp_path / "Technical_Proposal.docx", columns=100_000)
    started = time.perf_counter()
    doc = technical(path)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, elapsed  # about 2 s; without table headers about 1.5 s
    [last] = [b for b in doc.blocks if b.text == "650"]
    assert last.column_header == "Fee (USD)" and last.cell == f"Table 2!{_letters(100_000)}2"
    ten = [b for b in doc.blocks if b.text == "10" and b.where == "table"]
    assert [b.column_header for b in ten] == ["Col 0"]
    [spanned] = [b for b in doc.blocks if b.text == "700"]
    assert spanned.column_header == "Fee (USD)"
    found = excerpts(doc)
    assert len(found) == 3 and all("Fee (USD)" in e or "(Total)" in e for e in found), found


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def test_odt_fee_table_fails_and_plan_passes(tmp_path: Path) -> None:
    fees = [["Expert", ("Fees (EUR)", 2), "Days"], ["", "Rate", "Total", ""], ["Team leader", "650", "13000", "20"]]
    doc = technical(docgen.odt_table(tmp_path / "Technical_Proposal.odt", fees, header_rows=2, name="Fees"))
    assert cell(doc, "650") == ("Fees!B3", "Fees (EUR) / Rate")
    assert cell(doc, "20") == ("Fees!D3", "Days")
    assert excerpts(doc) == ["Fees!B3 (Fees (EUR) / Rate): 650", "Fees!C3 (Fees (EUR) / Total): 13000"]
    plan = [["Phase", "Weeks", "Share (%)"], ["Inception", "4", "10"], ["Fieldwork", "12", "60"]]
    clean = technical(docgen.odt_table(tmp_path / "Plan.odt", plan))
    assert cell(clean, "12") == ("Table1!B3", "Weeks")
    [result] = run_rule("no-financials", [clean])
    assert result.status is Status.passed, result.evidence
