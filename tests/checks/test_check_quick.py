"""`check --format json` without typer or rich (tenderctl.checks.quick) prints what the full CLI prints.

Each case runs the real entry point in a fresh process twice, with the quick path and with
``TENDERCTL_NO_FASTPATH=1``, and compares stdout, stderr and the exit code byte for byte, over
folders that take every road a reading can: one long PDF split over the workers, a DOCX, a
signed PDF, unreadable files, a symlink, an empty folder; and over the cases the quick path
must hand back (text output, an unknown tender or rule, a bad value) before writing a byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import docgen
from conftest import write

REF = "RFPS-QUICK-1"

TENDER = f"""\
reference: {REF}
title: Quick path
timezone: Europe/Brussels
experts:
  - {{role: Team Leader, name: Jane Doe}}
criteria:
  - {{title: Methodology and approach, weight: 40}}
checks:
  - rule: signature
  - rule: no-financials
    tip: "No financials in the technical proposal."
  - rule: cvs
    severity: required
  - rule: criteria
    severity: warning
  - rule: page-limit
    options: {{max: 100}}
  - rule: files
    options: {{formats: [pdf, docx, xlsx]}}
"""

PROBE = (
    "import sys\n"
    "sys.argv = ['tenderctl', *sys.argv[1:]]\n"
    "import tenderctl.entry as entry\n"
    "leave = entry._leave\n"
    "def spy(code):\n"
    "    heavy = [m for m in ('typer', 'rich', 'pydantic', 'click') if m in sys.modules]\n"
    "    sys.stderr.write('[heavy: ' + ' '.join(heavy) + ']\\n')\n"
    "    leave(code)\n"
    "entry._leave = spy\n"
    "entry.main()\n"
)


def _folders(base: Path) -> dict[str, Path]:
    folders: dict[str, Path] = {}
    big = base / "big"
    big.mkdir()
    docgen.many_page_pdf(big / "Technical_Proposal.pdf", 150, lines_per_page=45)  # over 256 KiB: read in page runs
    assert (big / "Technical_Proposal.pdf").stat().st_size >= 256 * 1024
    folders["big"] = big
    folders["docx"] = base / "docx"
    folders["docx"].mkdir()
    docgen.docx(folders["docx"] / "Technical_Proposal.docx", ("Technical proposal", "Methodology and approach.", "Our fee is USD 12,000."))
    docgen.text_pdf(folders["docx"] / "CV_Jane_Doe.pdf", ["Curriculum vitae: Jane Doe", "Team Leader"])
    folders["signed"] = docgen.proposal_folder(base / "signed", cvs=("Jane Doe",))
    bad = base / "unreadable"
    bad.mkdir()
    (bad / "Technical_Proposal.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% cut short")
    (bad / "Annex.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (bad / "notes.txt").write_text("Our daily rate is EUR 700.\n", encoding="utf-8")
    os.symlink(bad / "notes.txt", bad / "link.txt")
    folders["unreadable"] = bad
    folders["empty"] = base / "empty"
    folders["empty"].mkdir()
    return folders


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    base = tmp_path_factory.mktemp("quick")
    tenders = base / "tenders"
    write(tenders / f"{REF}.yaml", TENDER)
    write(tenders / "RFPS-QUICK-2.yaml", TENDER.replace(REF, "RFPS-QUICK-2").replace("rule: cvs", "rule: no-such-rule"))
    return tenders, _folders(base)


def _run(argv: list[str], quick: bool, cwd: Path) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TENDERCTL_NO_FASTPATH", "TENDERCTL_NO_PROGRESS")}
    env["TENDERCTL_NO_PROGRESS"] = "1"
    if not quick:
        env["TENDERCTL_NO_FASTPATH"] = "1"
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, env=env, cwd=cwd, timeout=300, check=False)
    return done.returncode, done.stdout, done.stderr


def _compare(argv: list[str], cwd: Path) -> tuple[str, int, str]:
    """Both paths' output, which must be the same bytes; and what the quick path imported."""
    _run(argv, quick=False, cwd=cwd)  # the tender and checklist caches learn the files first
    full = _run(argv, quick=False, cwd=cwd)
    fast = _run(argv, quick=True, cwd=cwd)
    full_err, _, heavy_full = full[2].rpartition("[heavy: ")
    fast_err, _, heavy_fast = fast[2].rpartition("[heavy: ")
    heavy_full, heavy_fast = heavy_full.removesuffix("]\n"), heavy_fast.removesuffix("]\n")
    assert (fast[0], fast[1], fast_err) == (full[0], full[1], full_err), f"{argv}\n--- full\n{full}\n--- quick\n{fast}"
    assert "typer" in heavy_full  # the comparison is with the real CLI
    return heavy_fast, fast[0], fast[1]


@pytest.mark.parametrize("folder", ["big", "docx", "signed", "unreadable", "empty"])
@pytest.mark.parametrize(
    "options",
    [["--format", "json"], ["--json", "--strict"], ["-f", "json", "--timeout", "30"], ["--format=json", "--no-cache"]],
)
def test_json_is_the_full_paths_without_typer_or_rich(world: tuple[Path, dict[str, Path]], folder: str, options: list[str]) -> None:
    tenders, folders = world
    argv = ["check", str(folders[folder]), "--tender", REF, "--tenders", str(tenders), *options]
    heavy, code, stdout = _compare(argv, folders[folder].parent)
    # --no-cache validates the tender afresh, with pydantic, as the full path does
    assert heavy == ("pydantic" if "--no-cache" in options else ""), f"imported {heavy}"
    assert code in (0, 1) and stdout.startswith("{")


def test_the_tenders_folder_of_the_working_folder(world: tuple[Path, dict[str, Path]]) -> None:
    tenders, folders = world
    heavy, _code, stdout = _compare(["check", str(folders["signed"]), "-t", REF, "--json"], tenders.parent)
    assert heavy == "" and stdout.startswith("{")


@pytest.mark.parametrize(
    "case",
    [
        ["--tender", REF, "--tenders", "{tenders}"],  # text: rich's
        ["--tender", REF, "--tenders", "{tenders}", "--format", "markdown"],
        ["--tender", "RFPS-QUIKC-1", "--tenders", "{tenders}", "--json"],  # unknown tender: the nearest named
        ["--tender", "RFPS-QUICK-2", "--tenders", "{tenders}", "--json"],  # unknown rule: its stderr line
        ["--tender", REF, "--tenders", "{tenders}", "--format", "yaml"],
        ["--tender", REF, "--tenders", "{tenders}", "--json", "--timeout", "0"],
        ["--tender", REF, "--tenders", "{tenders}", "--json", "--timeout", "soon"],
        ["--tender", REF, "--tenders", "{tenders}/missing", "--json"],
        ["--tender", REF, "--tenders", "{tenders}", "--json", "--json"],
        ["--tender", REF, "--tenders", "{tenders}", "--json", "--trust", "{tenders}/none.pem"],
        ["--tenders", "{tenders}", "--json"],  # no --tender
    ],
)
def test_what_the_quick_path_hands_back_comes_out_as_the_full_path_says_it(world: tuple[Path, dict[str, Path]], case: list[str]) -> None:
    tenders, folders = world
    argv = ["check", str(folders["docx"]), *(word.replace("{tenders}", str(tenders)) for word in case)]
    heavy, _code, _stdout = _compare(argv, tenders.parent)
    assert "typer" in heavy  # handed back to the full CLI


def test_a_missing_folder_is_the_full_paths_usage_error(world: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    tenders, _folders = world
    _heavy, code, _stdout = _compare(["check", str(tmp_path / "nowhere"), "--tender", REF, "--tenders", str(tenders), "--json"], tmp_path)
    assert code == 2


def test_expected_failures_are_one_line_as_the_cli_says_them(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """What tenderctl.cli.main makes of a TenderctlError and of an OSError, the quick path makes too."""
    from tenderctl.checks import quick
    from tenderctl.errors import TenderctlError

    def changed(_argv: list[str]) -> int:
        raise TenderctlError("tenders/t.yaml: the file changed while tenderctl was reading it; run the command again")

    def disk_full(_argv: list[str]) -> int:
        raise OSError(28, "No space left on device", "/cache/index")

    monkeypatch.delenv("TENDERCTL_NO_FASTPATH", raising=False)
    monkeypatch.setattr(quick, "_run", changed)
    assert quick.run(["check", "x", "--tender", "R"]) == 1
    monkeypatch.setattr(quick, "_run", disk_full)
    assert quick.run(["check", "x", "--tender", "R"]) == 1
    assert capsys.readouterr().err == (
        "error: tenders/t.yaml: the file changed while tenderctl was reading it; run the command again\n"
        "error: /cache/index: No space left on device\n"
    )


def test_options_it_does_not_know_are_handed_back() -> None:
    from tenderctl.checks.quick import Fallback, parse

    assert parse(["check", "f", "--tender", "R", "--json"]) == {"proposal": "f", "tender": "R", "json": True}
    assert parse(["check", "f", "--tender=R", "-f", "json", "-T", "t"]) == {
        "proposal": "f",
        "tender": "R",
        "format": "json",
        "tenders": "t",
    }
    for argv in (
        ["check", "--tender", "R", "f"],
        ["check", "f"],
        ["check", "f", "--tender"],
        ["check", "f", "-tR"],
        ["check", "f", "--tender", "R", "--tender", "S"],
        ["check", "f", "--tender", "R", "--json=yes"],
        ["check", "f", "--tender", "R", "--", "x"],
        ["check", "f", "--tender", "R", "--trust", "roots.pem"],
        ["check", "f", "--tender", "-R"],
    ):
        with pytest.raises(Fallback):
            parse(argv)
