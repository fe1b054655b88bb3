"""cvs, files, criteria, page-limit, reference, required-documents and the engine, on hand-built Documents."""

from __future__ import annotations

from pathlib import Path

from rule_helpers import run_rule, tender
from tenderctl.checks.engine import Report, load_rules, run_checks
from tenderctl.checks.registry import Result, Status
from tenderctl.documents.model import Document, Role, TextBlock


def doc(path: str, role: Role, *texts: str, **kw: object) -> Document:
    blocks = [TextBlock(t, page=i + 1) for i, t in enumerate(texts)]
    kw.setdefault("pages", len(texts) or None)
    return Document(path, path.rsplit(".", 1)[-1], 2000, role, blocks=blocks, **kw)  # type: ignore[arg-type]


def by_status(results: list[Result]) -> list[str]:
    return [r.status.value for r in results]


# --- cvs ------------------------------------------------------------------------------------------
EXPERTS = [{"role": "Team Leader", "name": "Jane Doe"}, {"role": "Data Analyst"}, {"role": "Communication Specialist", "name": "Ana Lima"}]


def test_cvs_match_by_name_and_role_and_report_the_missing_one() -> None:
    docs = [
        doc("CV_Jane_Doe.pdf", Role.cv, "Curriculum vitae\nJane Doe, sociologist"),
        doc("CV_2.pdf", Role.cv, "Curriculum vitae\nProposed position: Data Analyst\nName: Omar Said"),
        doc("Technical_Proposal.pdf", Role.technical, "Approach"),
    ]
    results = run_rule("cvs", docs, experts=EXPERTS)
    assert by_status(results) == ["pass", "pass", "fail"], [r.message for r in results]
    assert "Ana Lima" in results[2].message
    assert all(r.tip == "the tender's tip" and r.severity == "disqualifying" for r in results)


def test_cv_inside_the_technical_proposal_counts_and_says_where() -> None:
    docs = [doc("Technical_Proposal.pdf", Role.technical, "Approach", "Annex: Curriculum Vitae of Ana Lima, communication")]
    results = run_rule("cvs", docs, experts=[{"role": "Communication Specialist", "name": "Ana Lima"}])
    assert by_status(results) == ["pass"] and results[0].evidence[0].page == 2
    assert "inside Technical_Proposal.pdf (page 2)" in results[0].message


def test_an_executive_summary_naming_the_expert_is_not_her_cv() -> None:
    docs = [doc("Technical_Proposal.pdf", Role.technical, "Approach", "Résumé exécutif\nAna Lima dirigera l'équipe de communication.")]
    results = run_rule("cvs", docs, experts=[{"role": "Communication Specialist", "name": "Ana Lima"}])
    assert by_status(results) == ["fail"], [r.message for r in results]


def test_unreadable_and_locked_cvs() -> None:
    locked = doc("CV_Jane_Doe.pdf", Role.cv, readable=False, password_protected=True, encrypted=True, unreadable_reason="needs a password")
    broken = doc("CV_Data_Analyst.docx", Role.cv, readable=False, unreadable_reason="not a valid DOCX (zip is damaged)")
    results = run_rule("cvs", [locked, broken], experts=EXPERTS[:2])
    assert by_status(results) == ["fail", "unverified"]
    assert "password" in results[0].message and "damaged" in results[1].message


def test_cvs_min_count_and_at_least_one() -> None:
    assert by_status(run_rule("cvs", [doc("CV_a.pdf", Role.cv, "CV")], options={"min": 2})) == ["fail"]
    assert by_status(run_rule("cvs", [doc("CV_a.pdf", Role.cv, "CV"), doc("CV_b.pdf", Role.cv, "CV")], options={"min": 2})) == ["pass"]
    assert by_status(run_rule("cvs", [doc("Technical.pdf", Role.technical, "x")])) == ["fail"]


# --- files ----------------------------------------------------------------------------------------
def test_files_names_formats_sizes_and_passwords(tmp_path: Path) -> None:
    docs = [
        doc("Technical Proposal & Annexes #2.pdf", Role.technical, "x"),
        doc("Financial_Proposal.xlsx", Role.financial, "x"),
        doc("setup.exe", Role.other),
        doc("Proposta_técnica_anexo.pdf", Role.other, "x"),
        doc("CV_" + "x" * 120 + ".pdf", Role.cv, "x"),
    ]
    docs[1].size = 30_000_000
    results = run_rule("files", docs, options={"max_file_mb": 10, "financial_password": True}, proposal=tmp_path)
    text = {r.evidence[0].file if r.evidence else "": r for r in results}
    assert (
        text["Technical Proposal & Annexes #2.pdf"].status is Status.fail
        and "'#' '&'" in text["Technical Proposal & Annexes #2.pdf"].message
    )
    fin = text["Financial_Proposal.xlsx"]
    assert fin.status is Status.fail and "10 MB" in fin.message and "password" in fin.message
    assert "format .exe" in text["setup.exe"].message
    assert text["Proposta_técnica_anexo.pdf"].status is Status.warn
    assert "characters long" in text["CV_" + "x" * 120 + ".pdf"].message


def test_files_encrypted_technical_and_clean_folder(tmp_path: Path) -> None:
    locked = doc("Technical_Proposal.pdf", Role.technical, readable=False, encrypted=True, password_protected=True)
    results = run_rule("files", [locked], proposal=tmp_path)
    assert by_status(results) == ["fail"] and "password" in results[0].message
    ok = run_rule(
        "files",
        [doc("Technical_Proposal.pdf", Role.technical, "x"), doc("Financial.pdf", Role.financial, "x")],
        options={"max_total_mb": 1},
        proposal=tmp_path,
    )
    assert by_status(ok) == ["pass"]
    over = run_rule("files", [doc("Technical_Proposal.pdf", Role.technical, "x")], options={"max_total_mb": 0.001}, proposal=tmp_path)
    assert by_status(over) == ["fail"]


def test_files_junk_on_disk(tmp_path: Path) -> None:
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / "~$chnical.docx").write_bytes(b"x")
    results = run_rule("files", [doc("Technical_Proposal.pdf", Role.technical, "x")], proposal=tmp_path)
    assert sorted(r.evidence[0].file for r in results) == [".DS_Store", "~$chnical.docx"]


# --- criteria -------------------------------------------------------------------------------------
def test_criteria_addressed_by_title_keyword_or_words() -> None:
    criteria = [
        {"title": "Methodology and approach", "weight": 40},
        {"title": "Team composition", "keywords": ["key experts"]},
        {"title": "Ethics and safeguarding of children"},
        {"title": "Communication products"},
    ]
    tech = doc(
        "Technical_Proposal.pdf",
        Role.technical,
        "2. Methodology and Approach\nWe combine...",
        "3. Our key experts\nJane Doe leads.",
        "4. Safeguarding: ethics protocols protect children at every step.",
    )
    results = run_rule("criteria", [tech], criteria=criteria)
    assert by_status(results) == ["pass", "pass", "pass", "warn"], [r.message for r in results]
    assert results[0].evidence[0].page == 1 and results[1].evidence[0].page == 2
    assert "Communication products" in results[3].message


def test_criteria_unreadable_is_unverified_and_none_listed_is_skipped() -> None:
    locked = doc("Technical_Proposal.pdf", Role.technical, readable=False, unreadable_reason="encrypted")
    assert by_status(run_rule("criteria", [locked], criteria=["Methodology"])) == ["unverified"]
    assert by_status(run_rule("criteria", [doc("T.pdf", Role.technical, "x")])) == ["skipped"]


# --- page-limit, reference, required-documents ----------------------------------------------------
def test_page_limit() -> None:
    long = doc("Technical_Proposal.pdf", Role.technical, *["text"] * 12)
    annex = doc("Technical_Annex.pdf", Role.technical, *["text"] * 30)
    results = run_rule("page-limit", [long, annex], options={"max": 10, "exclude": ["*annex*"]})
    assert by_status(results) == ["fail"] and results[0].evidence[0].page == 11
    assert by_status(run_rule("page-limit", [long], options={"max": 12})) == ["pass"]
    assert by_status(run_rule("page-limit", [long, doc("T2.pdf", Role.technical, "a")], options={"max": 12, "count": "total"})) == ["fail"]
    nopages = Document("Technical.docx", "docx", 10, Role.technical, pages=None, blocks=[TextBlock("x")])
    assert by_status(run_rule("page-limit", [nopages], options={"max": 5})) == ["unverified"]
    assert by_status(run_rule("page-limit", [long])) == ["unverified"]


def test_reference() -> None:
    on_cover = doc("Technical_Proposal.pdf", Role.technical, "Proposal for RFPS NYH 2025 503831", "body")
    assert by_status(run_rule("reference", [on_cover], options={"first_page": True})) == ["pass"]
    late = doc("Technical_Proposal.pdf", Role.technical, "Cover", "ref. rfps-nyh-2025-503831")
    assert by_status(run_rule("reference", [late])) == ["pass"]
    assert by_status(run_rule("reference", [late], options={"first_page": True})) == ["fail"]
    named = doc("RFPS-NYH-2025-503831_Technical.pdf", Role.technical, "Cover")
    assert by_status(run_rule("reference", [named])) == ["warn"]
    scan = doc("Technical.pdf", Role.technical, "", image_only_pages=[1])
    assert by_status(run_rule("reference", [scan])) == ["unverified"]


def test_required_documents_and_forms() -> None:
    docs = [
        doc("Technical_Proposal.pdf", Role.technical, "Proposal", "Form B: Declaration of conformity\nWe declare..."),
        doc("Form_A_Bidder_Information.pdf", Role.other, "Form A"),
    ]
    results = run_rule(
        "required-documents",
        docs,
        options={
            "files": [
                "Form A",
                {"name": "Declaration of conformity", "keywords": ["déclaration de conformité"]},
                {"name": "Company registration", "pattern": "*registration*"},
            ]
        },
    )
    assert by_status(results) == ["pass", "fail", "pass", "pass", "fail"], [r.message for r in results]
    assert "financial" in results[1].message and "page 2" in results[3].message


# --- engine ---------------------------------------------------------------------------------------
def test_unknown_rule_gets_a_suggestion_and_sinks_the_exit_code() -> None:
    t = tender(checks=[{"rule": "no-financial"}])
    report = run_checks(t, [], Path("x"))
    [result, default_files] = report.results
    assert default_files.rule == "files" and default_files.severity == "warning"
    assert result.status is Status.unverified and "did you mean 'no-financials'?" in result.message
    assert report.unknown_rules == ["no-financial"] and report.exit_code() == 1


def test_documents_default_per_rule_and_override() -> None:
    fin = doc("Financial.pdf", Role.financial, "Total price USD 5,000")
    tech = doc("Technical.pdf", Role.technical, "Approach")
    cv = doc("CV_Jane_Doe.pdf", Role.cv, "Curriculum vitae. Daily fee: USD 500")
    default = run_rule("no-financials", [fin, tech, cv])
    assert by_status(default) == ["fail", "pass"] and "CV_Jane_Doe.pdf" in default[0].message  # never the financial proposal
    [narrow] = run_rule("no-financials", [fin, tech, cv], documents=["technical"])
    assert narrow.status is Status.passed and "Technical.pdf" in narrow.message
    results = run_rule("no-financials", [fin, tech], documents=["financial", "technical"])
    assert by_status(results) == ["fail", "pass"]


def test_severity_warning_makes_a_fail_advisory_and_strict() -> None:
    t = tender(checks=[{"rule": "no-financials", "severity": "warning"}])
    report = run_checks(t, [doc("Technical.pdf", Role.technical, "Fee: EUR 500")], Path("x"))
    assert report.results[0].status is Status.fail and report.status == "warn", report.results
    assert report.exit_code() == 0 and report.exit_code(strict=True) == 1


def test_a_crashing_rule_is_unverified_not_pass(monkeypatch: object) -> None:
    rules = load_rules()
    spec = rules["criteria"]

    def boom(ctx: object) -> list[Result]:
        raise ValueError("bad")

    import dataclasses

    rules["criteria"] = dataclasses.replace(spec, function=boom)
    try:
        report = run_checks(tender(checks=[{"rule": "criteria"}]), [], Path("x"))
    finally:
        rules["criteria"] = spec
    assert report.results[0].status is Status.unverified and "ValueError" in report.results[0].message


def test_report_status_order_and_json_shape() -> None:
    report = Report("R", "T", "p", [Result("a", Status.passed, "ok"), Result("b", Status.unverified, "?")], [])
    assert report.status == "unverified"
    assert Report("R", "T", "p", [], []).status == "unverified"
    data = Report("R", "T", "p", [Result("a", Status.passed, "ok", tip="t")], []).to_json()
    assert set(data) >= {"tender", "proposal", "status", "results", "files"}
    assert set(data["results"][0]) >= {"rule", "status", "severity", "message", "tip", "evidence"}


def test_every_rule_has_documentation_and_registry_is_complete() -> None:
    rules = load_rules()
    assert {"no-financials", "cvs", "files", "criteria", "page-limit", "reference", "required-documents"} <= set(rules)
    for spec in rules.values():
        assert "Why" in spec.doc or len(spec.doc) > 200, spec.name
        assert "Example" in spec.doc, spec.name


def test_files_runs_by_default_as_advice_unless_listed(tmp_path: Path) -> None:
    bad = doc("Offer & annex #1.pdf", Role.technical, "x")
    report = run_checks(tender(checks=[]), [bad], tmp_path)
    [files] = report.results
    assert files.rule == "files" and files.status is Status.fail and files.severity == "warning"
    assert "by default" in (files.tip or "")
    assert report.status == "warn" and report.exit_code() == 0 and report.exit_code(strict=True) == 1
    listed = run_checks(tender(checks=[{"rule": "files", "severity": "required"}]), [bad], tmp_path)
    assert [r.severity for r in listed.results] == ["required"] and listed.exit_code() == 1


def test_cvs_match_run_together_file_names() -> None:
    docs = [doc("CV_JaneDoe.pdf", Role.cv, "Profile"), doc("CV-DataAnalyst-2025.pdf", Role.cv, "Profile")]
    results = run_rule("cvs", docs, experts=EXPERTS[:2])
    assert by_status(results) == ["pass", "pass"], [r.message for r in results]
    assert "CV_JaneDoe.pdf" in results[0].message and "CV-DataAnalyst-2025.pdf" in results[1].message


def test_bad_and_unknown_options_are_reported_not_ignored(tmp_path: Path) -> None:
    docs = [doc("Technical_Proposal.pdf", Role.technical, "x")]
    [bad] = run_rule("files", docs, options={"max_file_mb": "ten"}, proposal=tmp_path)
    assert bad.status is Status.unverified and "'max_file_mb' must be a number" in bad.message
    typo = run_rule("files", docs, options={"max_file_size": 10}, proposal=tmp_path)
    assert typo[0].status is Status.warn and "'max_file_size' (did you mean 'max_file_mb'?)" in typo[0].message
    assert typo[1].status is Status.passed
    [wrong] = run_rule("page-limit", docs, options={"max": 10, "count": "all"})
    assert wrong.status is Status.unverified and "'count' must be one of each, total" in wrong.message


def test_unknown_document_role_warns() -> None:
    t = tender(checks=[{"rule": "no-financials", "documents": "technicall"}])
    report = run_checks(t, [doc("Technical.pdf", Role.technical, "Fee EUR 400")], Path("x"))
    first = report.results[0]
    assert first.status is Status.warn and "did you mean 'technical'?" in first.message


# --- language -------------------------------------------------------------------------------------
EN = "We will conduct the case studies with partners in the region and this approach is based on evidence. " * 5
FR = "Nous allons mener les études de cas avec les partenaires de la région et cette approche est fondée sur des données. " * 5
ES = "Vamos a realizar los estudios de caso con los socios de la región y este enfoque se basa en la evidencia. " * 5
PT = "Vamos realizar os estudos de caso com os parceiros da região e esta abordagem se baseia em evidências. " * 5


def test_language_detects_four_languages_and_checks_the_accepted_ones() -> None:
    from tenderctl.checks.rules.language import detect

    assert [detect(t)[0] for t in (EN, FR, ES, PT)] == ["en", "fr", "es", "pt"]
    german = "Wir werden die Fallstudien mit den Partnern in der Region durchführen und dieser Ansatz beruht auf Evidenz. " * 5
    assert detect(german)[0] is None
    docs = [doc("Technical_EN.pdf", Role.technical, EN), doc("Technical_FR.pdf", Role.technical, FR)]
    assert by_status(run_rule("language", docs)) == ["pass", "fail"]
    assert by_status(run_rule("language", docs, options={"languages": ["en", "fr"]})) == ["pass", "pass"]
    short = doc("Technical.pdf", Role.technical, "Annex 1")
    assert by_status(run_rule("language", [short])) == ["unverified"]
    [bad] = run_rule("language", docs[:1], options={"languages": ["de"]})
    assert bad.status is Status.unverified and "unknown code 'de'" in bad.message


def test_file_summaries_say_what_was_read() -> None:
    from tenderctl.checks.engine import FileSummary

    read = Document(
        "T.docx", "docx", 10, Role.technical, blocks=[TextBlock("a"), TextBlock("b", where="deleted"), TextBlock("c", where="footer")]
    )
    assert FileSummary.of(read).notes[0] == "text read from: body, tracked deletions, footers"
    empty = Document("T.pdf", "pdf", 10, Role.technical, pages=1)
    assert FileSummary.of(empty).notes == ["no text found"]
    locked = Document("T.pdf", "pdf", 10, Role.technical, readable=False, unreadable_reason="needs a password")
    assert FileSummary.of(locked).notes == ["not read: needs a password"]
