"""Reader workers keep the memory PDFium frees for its next page (issue 17).

With glibc's default thresholds, the buffers of a few hundred KiB PDFium allocates and frees
for every page were each mapped afresh, so every page faulted its memory in again: 77,000
minor page faults and 0.15 s of system time for a 300-page text PDF, against pdftotext's 1,000.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import docgen
from tenderctl.documents import confine, sandbox
from tenderctl.documents.reader import Limits
from tenderctl.documents.sandbox import Task

PAGES = 60


def _read_twice_faults(path: Path) -> int:
    read = Task("tenderctl.documents.reader", "read_path", (str(path), path.name, Limits()))
    faults: int = sandbox.run_one(Task("tenderctl.documents.sandbox", "probe_faults", (read,)), timeout=120)
    return faults


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc thresholds: Linux only")
def test_a_worker_reads_pages_again_without_faulting_their_memory_in(tmp_path: Path) -> None:
    pdf = docgen.many_page_pdf(tmp_path / "Technical_Proposal.pdf", PAGES, lines_per_page=45)
    faults = _read_twice_faults(pdf)
    # Before: about 250 faults a page on every read. Now the heap keeps the freed buffers.
    assert faults < PAGES * 20, faults


def test_keep_freed_memory_is_harmless_where_it_cannot_act(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confine.sys, "platform", "darwin")
    confine.keep_freed_memory()  # nothing to do, nothing raised


def test_text_blocks_travel_as_the_arguments_that_make_them() -> None:
    """Pickled compactly (reader workers send tens of thousands) and back exactly as they were."""
    import pickle

    from tenderctl.documents.model import TextBlock

    blocks = [
        TextBlock("Technical proposal", 1, "body", (72.0, 700.0, 300.0, 720.0)),
        TextBlock("plain"),
        TextBlock("650", None, "cell", None, "Budget!C4", '"$"#,##0.00', "Daily rate"),
        TextBlock("", 3, "table", None, None, None, "Unit cost"),
    ]
    again = pickle.loads(pickle.dumps(blocks, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == blocks and all(type(b) is TextBlock for b in again)
    many = [TextBlock(f"line {i} of the proposal", i // 45 + 1) for i in range(2000)]
    default_size = len(pickle.dumps([b.__dict__ for b in many], protocol=pickle.HIGHEST_PROTOCOL))
    assert len(pickle.dumps(many, protocol=pickle.HIGHEST_PROTOCOL)) < default_size
