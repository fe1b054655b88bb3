"""The checklist view of a tender, and its cache: a warm `check` needs neither YAML nor pydantic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docgen
from conftest import ROOT, write
from tenderctl.checks.checklist import Checklist, checklist_for
from tenderctl.tenders.loader import load_paths

REF = "RFPS-NYH-2025-503831"

TENDER = f"""\
reference: {REF}
title: Case studies
timezone: Europe/Brussels
experts: [{{role: Team Leader, name: Jane Doe}}, Data analyst]
criteria: [{{title: Methodology, weight: 40, keywords: [approach]}}, Ethics]
documents: {{technical: ["Offer_*"]}}
checks:
  - rule: cvs
    severity: required
  - rule: files
    documents: all
    options: {{formats: [pdf]}}
"""


def test_checklist_round_trips_through_its_json() -> None:
    (loaded,) = load_paths([ROOT / "tenders"], use_cache=False).tenders
    checklist = Checklist.of(loaded.tender)
    assert checklist.reference == REF and checklist.checks, checklist
    assert Checklist.from_json(json.loads(json.dumps(checklist.to_json()))) == checklist


def test_checklist_keeps_what_the_rules_read(tmp_path: Path) -> None:
    write(tmp_path / "t" / "a.yaml", TENDER)
    (loaded,) = load_paths([tmp_path / "t"], use_cache=False).tenders
    checklist = Checklist.of(loaded.tender)
    assert [(e.role, e.name) for e in checklist.experts] == [("Team Leader", "Jane Doe"), ("Data analyst", None)]
    assert [(c.title, c.weight, c.keywords) for c in checklist.criteria] == [("Methodology", 40, ("approach",)), ("Ethics", None, ())]
    assert [(c.rule, c.severity, c.documents, dict(c.options)) for c in checklist.checks] == [
        ("cvs", "required", (), {}),
        ("files", "disqualifying", ("all",), {"formats": ["pdf"]}),
    ]
    assert dict(checklist.documents) == {"technical": ("Offer_*",)}


def test_an_edited_tender_is_never_served_from_the_cache(tmp_path: Path) -> None:
    tender = write(tmp_path / "t" / "a.yaml", TENDER)
    first = checklist_for(load_paths([tmp_path / "t"]).tenders[0])
    assert checklist_for(load_paths([tmp_path / "t"]).tenders[0]) == first  # served from the cache
    write(tender, TENDER.replace("severity: required", "severity: warning"))
    edited = checklist_for(load_paths([tmp_path / "t"]).tenders[0])
    assert edited.checks[0].severity == "warning" and first.checks[0].severity == "required"


def test_a_warm_check_imports_no_pydantic(tmp_path: Path) -> None:
    """The second run finds the summaries and the checklist cached: no YAML, no model."""
    tenders = tmp_path / "tenders"
    write(tenders / f"{REF}.yaml", TENDER)
    folder = tmp_path / "bid"
    folder.mkdir()
    docgen.text_pdf(folder / "CV_Jane_Doe.pdf", ["Curriculum vitae: Jane Doe", "Team Leader"])
    code = (
        "import sys\n"
        "from tenderctl.cli import main\n"
        f"sys.argv = ['tenderctl', 'check', {str(folder)!r}, '--tender', {REF!r}, '--tenders', {str(tenders)!r}, '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('MODULES ' + ' '.join(m for m in ('pydantic', 'yaml', 'tenderctl.tenders.model') if m in sys.modules))\n"
    )
    env = {**os.environ, "TENDERCTL_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True) for _ in range(2)]
    cold, warm = (run.stderr.rsplit("MODULES", 1)[1].split() for run in runs)
    assert "pydantic" in cold, runs[0].stderr
    assert warm == [], runs[1].stderr
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)
