"""What reader workers import before their first file, and what the parent imports for them.

Forked workers are born with PDFium loaded when the folder holds a PDF (one import for every
worker, not one each on the same cores); no worker imports lxml before an Office file asks.
A folder without PDFs, or workers that are spawned, leave the parent without PDFium.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docgen

PROBE = """
import json, sys
from pathlib import Path
from tenderctl.documents import sandbox
from tenderctl.documents.folder import FolderReading
from tenderctl.documents.sandbox import Task

names = ["pypdfium2", "lxml.etree"]
reading = FolderReading(Path(sys.argv[1])).start()
parent = [n for n in names if n in sys.modules]
reading.finish()
worker = sandbox.run_one(Task("tenderctl.documents.sandbox", "probe_modules", (names,)))
print(json.dumps({"parent": parent, "worker": worker}))
"""


def _imports(folder: Path, **env: str) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)], capture_output=True, text=True, env={**os.environ, **env}, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def test_forked_workers_are_born_with_pdfium_when_a_pdf_is_to_be_read(tmp_path: Path) -> None:
    docgen.text_pdf(tmp_path / "Technical_Proposal.pdf", ["Technical proposal"])
    seen = _imports(tmp_path)
    assert seen["parent"] == ["pypdfium2"]
    assert seen["worker"] == ["pypdfium2"]  # and no lxml before an Office file


def test_no_pdf_no_pdfium_in_the_parent(tmp_path: Path) -> None:
    docgen.docx(tmp_path / "Technical_Proposal.docx")
    assert _imports(tmp_path)["parent"] == []


def test_spawned_workers_import_pdfium_themselves(tmp_path: Path) -> None:
    docgen.text_pdf(tmp_path / "Technical_Proposal.pdf", ["Technical proposal"])
    seen = _imports(tmp_path, TENDERCTL_NO_FORK="1")
    assert seen["parent"] == []
    assert seen["worker"] == ["pypdfium2"]  # the warm-up, without lxml
