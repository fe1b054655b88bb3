"""Roles from content: a table of names and positions named as CVs is a team list, not a CV, in
any format that gives table cells their column header (XLSX here, DOCX and PDF alike)."""

from __future__ import annotations

from pathlib import Path

import docgen
from tenderctl.documents.classify import classify
from tenderctl.documents.model import Role
from tenderctl.documents.reader import read_path


def _role(path: Path) -> tuple[Role, str]:
    doc = read_path(str(path), path.name)
    return classify(path.name, doc.title, None, doc)


def test_a_team_list_workbook_named_as_cvs_is_not_a_cv(tmp_path: Path) -> None:
    path = docgen.xlsx(
        tmp_path / "CV_key_staff.xlsx",
        [["Name", "Position", "Education", "Years"], ["Jane Doe", "Team Leader", "PhD", 15]],
        currency_format=None,
    )
    role, why = _role(path)
    assert role is Role.other
    assert "team list" in why


def test_a_french_team_list_docx_is_not_a_cv(tmp_path: Path) -> None:
    path = docgen.docx(
        tmp_path / "CV_experts.docx", ["Experts proposés"], table=[["Nom", "Poste", "Diplôme"], ["Awa Diallo", "Sociologue", "Master"]]
    )
    assert _role(path)[0] is Role.other


def test_a_cv_with_an_employment_table_stays_a_cv(tmp_path: Path) -> None:
    path = docgen.docx(
        tmp_path / "CV_Jane_Doe.docx",
        ["Curriculum Vitae", "Jane Doe", "Education: MSc Statistics", "Employment record"],
        table=[["Employer", "Position", "Dates"], ["Ministry of Health", "Statistician", "2010 - 2015"]],
    )
    assert _role(path)[0] is Role.cv


def test_a_team_list_pdf_without_ruled_table_is_not_a_cv(tmp_path: Path) -> None:
    # A PDF export whose table has no ruling reaches the reader as lines: the header row as text.
    path = docgen.text_pdf(
        tmp_path / "CVs.pdf", ["Key experts", "Name     Position     Education     Years", "Jane Doe     Team Leader     PhD     15"]
    )
    assert _role(path)[0] is Role.other
