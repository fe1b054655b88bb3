"""What a bulk import remembers past its first entries goes to disk, and comes back the same.

``tenderctl.interop.spill`` keeps the names of a folder's files (to read them in order) and the
reference of each tender written (so that a later tender never takes it) in a private temporary
database past the first entries: in memory or on disk, the answers must be the same.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from tenderctl.interop import eforms, spill

SAMPLES = Path(os.environ.get("TENDERCTL_SHARED") or ROOT.parent / "shared") / "eforms-samples"

NAMES = ["b.xml", "a.xml", "B.xml", "é.xml", "z\udcff.xml", "10.xml", "9.xml", "\U0001f600.xml", "\ufffd.xml", "a", ""]


@pytest.mark.parametrize("keep", [0, 3, 1000])
def test_sorted_names_come_back_as_python_sorts_them(keep: int) -> None:
    with spill.SortedNames(keep=keep) as names:
        for name in NAMES:
            names.add(name)
        assert names.count == len(NAMES)
        assert list(names.first(len(NAMES))) == sorted(NAMES)
        assert list(names.first(4)) == sorted(NAMES)[:4]


@pytest.mark.parametrize("keep", [0, 2, 1000])
def test_a_spilled_map_answers_as_a_dict(keep: int) -> None:
    expected: dict[str, object] = {}
    with spill.SpilledMap[object](keep=keep) as made:
        for n, key in enumerate([*NAMES, "a.xml", "b.xml"]):
            value = (f"file-{n}", (None, key)) if n % 2 else f"file-{n}"
            made[key] = value
            expected[key] = value
        for key in [*NAMES, "missing", "A.XML"]:
            assert made.get(key) == expected.get(key)


def _notices(folder: Path, count: int, reference: str | None = None) -> list[str]:
    """``count`` notices named in an order the file system need not keep; their names, sorted."""
    text = (SAMPLES / "cn_24_open.xml").read_text(encoding="utf-8")
    folder.mkdir()
    names = []
    for n in range(count):
        notice = re.sub(r"<cbc:ContractFolderID>[^<]*<", f"<cbc:ContractFolderID>spill-proc-{n:03d}<", text)
        notice = re.sub(r'(<cbc:ID schemeName="notice-id">)[^<]*<', rf"\g<1>spill-notice-{n:03d}<", notice, count=1)
        notice = re.sub(r'(<cbc:ID schemeName="InternalID">)[^<]*<', rf"\g<1>{reference or f'SPILL-{n:03d}'}<", notice, count=1)
        name = f"{(n * 37) % count:03d}-{n}.XML" if n % 3 else f"{(n * 37) % count:03d}-{n}.xml"
        (folder / name).write_text(notice, encoding="utf-8")
        names.append(name)
    (folder / "notes.txt").write_text("not a notice")
    return sorted(names)


def test_a_folder_larger_than_memory_keeps_is_read_in_sorted_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = _notices(tmp_path / "in", 30)
    monkeypatch.setattr(spill, "KEEP_IN_MEMORY", 4)
    errors: list[object] = []
    read = [source for source, _data in eforms.iter_inputs([str(tmp_path / "in")], sys.stdin.buffer, errors)]  # type: ignore[arg-type]
    assert not errors
    assert read == [str(tmp_path / "in" / name) for name in names]


def test_only_the_first_names_of_a_too_large_folder_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = _notices(tmp_path / "in", 12)
    monkeypatch.setattr(spill, "KEEP_IN_MEMORY", 4)
    monkeypatch.setattr(eforms, "MAX_FOLDER_FILES", 5)
    errors: list[object] = []
    read = [source for source, _data in eforms.iter_inputs([str(tmp_path / "in")], sys.stdin.buffer, errors)]  # type: ignore[arg-type]
    assert read == [str(tmp_path / "in" / name) for name in names[:5]]
    assert len(errors) == 1 and "more than 5 notices" in str(errors[0])


@pytest.mark.parametrize("keep", [1, 1000])
def test_a_reference_taken_earlier_in_the_run_is_never_taken_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: int) -> None:
    """Every procedure has the same BT-22: the first takes it, every later one falls back to its
    procedure identifier and says so, whether the index of references is in memory or on disk."""
    names = _notices(tmp_path / "in", 6, reference="SHARED-REF")
    monkeypatch.setattr(spill, "KEEP_IN_MEMORY", keep)
    problems, outcomes = eforms.import_files([str(tmp_path / "in")], sys.stdin.buffer, tmp_path / "tenders")
    assert not [p for p in problems if p.level == "error"]
    assert [o.action for o in outcomes] == ["created"] * len(names)
    assert sorted(o.reference for o in outcomes) == sorted(["SHARED-REF", *(o.ocid for o in outcomes[1:])])
    assert outcomes[0].reference == "SHARED-REF"
    taken = [n for o in outcomes for n in o.notes if "is taken by" in str(n)]
    assert len(taken) == len(names) - 1
    files = sorted(p.name for p in (tmp_path / "tenders").glob("*.yaml"))
    assert files == sorted(["SHARED-REF.yaml", *(f"{o.ocid}.yaml" for o in outcomes[1:])])
