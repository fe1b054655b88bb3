"""Faults while writing: a write that fails half-way, Ctrl-C, a full disk, a read-only or missing folder.

In every case the user's existing file is intact, no temporary file is left behind, and the
CLI says what happened in one line with a non-zero exit code (130 for Ctrl-C).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_support import GOOD_TENDER, can_drop_dac_capabilities, good_tender, run_child, run_tenderctl
from interrupts import interrupt_at

from tenderctl import fsutil
from tenderctl.errors import TenderctlError

OLD = b"OLD CONTENT\n"


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- fsutil.atomic_write ---------------------------------------------------------------


def test_failure_at_rename_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fsutil.os, "replace", broken_replace)
    with pytest.raises(OSError) as caught:
        fsutil.atomic_write(target, b"NEW" * 100_000)
    assert caught.value.errno == errno.EIO
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["out.ics"]


def test_disk_full_half_way_through_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary file gets half the bytes, then ENOSPC: the error names the target, nothing is left over."""
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    real_fdopen = os.fdopen

    class HalfDisk:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> HalfDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            self.handle.flush()  # type: ignore[attr-defined]
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fdopen", lambda fd, mode: HalfDisk(real_fdopen(fd, mode)))
    with pytest.raises(OSError) as caught:
        fsutil.atomic_write(target, b"x" * 1_000_000)
    assert caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["out.ics"]


def test_ctrl_c_during_the_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "tender.yaml"
    target.write_bytes(OLD)

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fsutil.atomic_write(target, b"NEW\n")
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["tender.yaml"]


def test_no_overwrite_and_permissions_kept(tmp_path: Path) -> None:
    target = tmp_path / "tender.yaml"
    target.write_bytes(OLD)
    target.chmod(0o640)
    with pytest.raises(TenderctlError, match="already exists"):
        fsutil.atomic_write(target, b"NEW\n", overwrite=False)
    assert target.read_bytes() == OLD
    fsutil.atomic_write(target, b"NEW\n")
    assert target.read_bytes() == b"NEW\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert listing(tmp_path) == ["tender.yaml"]


def test_missing_folder_names_the_target(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        fsutil.atomic_write(tmp_path / "missing" / "out.ics", b"x")
    assert caught.value.filename == str(tmp_path / "missing" / "out.ics")  # not the temporary file's name
    assert listing(tmp_path) == []


# --- through the CLI ---------------------------------------------------------------------

ICS = ["ics", "--as-of", "2025-01-01", "--no-cache", "--tenders", "tenders", "--force"]


def test_cli_rename_failure_is_one_line_and_keeps_the_old_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    good_tender(tmp_path / "tenders", "GOOD-1")
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    monkeypatch.chdir(tmp_path)

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fsutil.os, "replace", broken_replace)
    result = cli(*ICS, "-o", "out.ics")
    assert result.exit_code == 1, result.dump
    assert result.stderr.splitlines() == ["error: out.ics: cannot write: Input/output error"], result.dump
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["out.ics", "tenders"]


def test_cli_full_disk_for_real(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes the kernel refuse the write past 2,000 bytes (EFBIG), as a full disk would."""
    good_tender(tmp_path / "tenders", "GOOD-1")
    for index in range(20):
        good_tender(tmp_path / "tenders", f"T-{index}")
    (tmp_path / "out.ics").write_bytes(OLD)
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000)); "
        "sys.argv = ['tenderctl', *sys.argv[1:]]; from tenderctl.entry import main; main()"
    )
    run = run_child(["-c", code, *ICS, "-o", "out.ics"], cwd=tmp_path, timeout=60)
    assert run.code == 1, run.dump
    assert run.stderr.splitlines() == ["error: out.ics: cannot write: File too large"], run.dump
    assert (tmp_path / "out.ics").read_bytes() == OLD
    assert listing(tmp_path) == ["out.ics", "tenders"]


def test_cli_missing_folder(tmp_path: Path) -> None:
    good_tender(tmp_path / "tenders", "GOOD-1")
    run = run_tenderctl([*ICS, "-o", "missing/dir/out.ics"], cwd=tmp_path, timeout=60)
    assert run.code == 1, run.dump
    assert run.stderr.splitlines() == ["error: missing/dir/out.ics: cannot write: No such file or directory"], run.dump
    assert listing(tmp_path) == ["tenders"]


def test_cli_read_only_folder(tmp_path: Path) -> None:
    """As root the child drops CAP_DAC_OVERRIDE, so the read-only folder binds it as it would any user."""
    if os.geteuid() == 0 and not can_drop_dac_capabilities():
        pytest.skip("running as root without CAP_SETPCAP: cannot make a read-only folder bind the child")
    good_tender(tmp_path / "tenders", "GOOD-1")
    locked = tmp_path / "published"
    locked.mkdir()
    (locked / "out.ics").write_bytes(OLD)
    locked.chmod(0o555)
    try:
        run = run_tenderctl([*ICS, "-o", "published/out.ics"], cwd=tmp_path, timeout=60, drop_file_permission_override=True)
    finally:
        locked.chmod(0o755)
    assert run.code == 1, run.dump
    assert run.stderr.splitlines() == ["error: published/out.ics: cannot write: Permission denied"], run.dump
    assert (locked / "out.ics").read_bytes() == OLD
    assert listing(locked) == ["out.ics"]


@pytest.mark.parametrize("moment", ["loading", "renaming"])
def test_ctrl_c_during_a_long_run(tmp_path: Path, moment: str) -> None:
    """A real SIGINT to a real `tenderctl ics` over 3,000 tenders, while it reads them or just before it renames
    the new calendar into place: exit 130, the old file untouched, no temporary file.

    The moment is an event of the run (interrupts.py), not a sleep: a loaded machine cannot make it land elsewhere.
    """
    tenders = tmp_path / "tenders"
    tenders.mkdir()
    for index in range(3000):
        (tenders / f"T-{index}.yaml").write_text(GOOD_TENDER.format(ref=f"T-{index}"), encoding="utf-8")
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    event, pattern = ("open", r"tenders/T-1500\.yaml$") if moment == "loading" else ("os.rename", r"\.out\.ics\..*\.tmp$")
    run = interrupt_at([*ICS, "-o", "out.ics"], event, pattern, cwd=tmp_path)
    assert run.reached, run.dump
    assert run.code == 130, run.dump
    assert "Traceback" not in run.stderr and run.stderr.strip().endswith("interrupted"), run.dump
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["out.ics", "tenders"]


FULL_DISK = (
    "import resource, sys; limit = int(sys.argv[1]); resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)); "
    "sys.argv = ['tenderctl', *sys.argv[2:]]; from tenderctl.entry import main; main()"
)
EDITABLE = """reference: ED-1
title: Edit me
timezone: UTC
dates:
  - {id: s, kind: submission, at: 2030-01-01 10:00}
steps:
  - Register on the portal
  - Write the proposal
"""


def test_tender_edit_on_a_full_disk(tmp_path: Path) -> None:
    """`tenderctl done` rewrites the tender file; the disk fills up half-way: one line, exit 1, the file as it was.

    This was a traceback (an OSError the edit command did not expect); main() now turns any OSError into one line.
    """
    tender = tmp_path / "tenders" / "ed.yaml"
    tender.parent.mkdir()
    tender.write_text(EDITABLE, encoding="utf-8")
    run = run_child(["-c", FULL_DISK, "120", "done", "ED-1", "1", "--date", "2025-01-02", "--tenders", "tenders"], cwd=tmp_path, timeout=60)
    assert run.code == 1, run.dump
    assert run.stderr.splitlines() == ["error: tenders/ed.yaml: File too large"], run.dump
    assert tender.read_text(encoding="utf-8") == EDITABLE
    assert listing(tender.parent) == ["ed.yaml"]
    done = run_tenderctl(["done", "ED-1", "1", "--date", "2025-01-02", "--tenders", "tenders"], cwd=tmp_path, timeout=60)
    assert done.code == 0 and "done: 2025-01-02" in tender.read_text(encoding="utf-8"), done.dump  # the same edit with room


def test_feed_folder_on_a_full_disk(tmp_path: Path) -> None:
    (tmp_path / "tenders").mkdir()
    (tmp_path / "tenders" / "ed.yaml").write_text(EDITABLE, encoding="utf-8")
    feed = [*ICS[:-1], "--out-dir", "pub"]  # --force is for -o only
    first = run_tenderctl(feed, cwd=tmp_path, timeout=60)
    assert first.code == 0, first.dump
    before = {p.name: p.read_bytes() for p in (tmp_path / "pub").iterdir()}
    (tmp_path / "tenders" / "ed.yaml").write_text(EDITABLE.replace("Edit me", "Edit me again"), encoding="utf-8")
    run = run_child(["-c", FULL_DISK, "500", *feed], cwd=tmp_path, timeout=60)
    assert run.code == 1, run.dump
    assert run.stderr.splitlines()[-1] == "error: pub/ED-1.ics: cannot write: File too large", run.dump
    assert {p.name: p.read_bytes() for p in (tmp_path / "pub").iterdir()} == before  # every feed file as it was, no temporary one


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="lists processes through /proc")
def test_ctrl_c_during_check_leaves_no_reader_behind(tmp_path: Path) -> None:
    """A real SIGINT (to the process group, as a terminal sends it) while `tenderctl check` reads long PDFs:
    exit 130, 'interrupted', no worker left running."""
    import docgen

    tenders = tmp_path / "tenders"
    tenders.mkdir()
    (tenders / "T-1.yaml").write_text(GOOD_TENDER.format(ref="T-1"), encoding="utf-8")
    folder = tmp_path / "bid-folder"
    folder.mkdir()
    for number in range(4):
        docgen.many_page_pdf(folder / f"Technical_Proposal_part{number}.pdf", 400, seed=number)
    # `check` imports the rule engine just before it waits for the files: the interrupt follows that event
    args = ["check", str(folder), "--tender", "T-1", "--tenders", str(tenders)]
    run = interrupt_at(args, "import", r"^tenderctl\.checks\.engine$", cwd=tmp_path, hold=False)
    assert run.reached, run.dump
    assert run.code == 130, run.dump
    assert "Traceback" not in run.stderr and run.stderr.strip().endswith("interrupted"), run.dump
    assert _processes_mentioning(str(folder)) == []  # interrupt_at waited for the whole group to be gone


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="lists processes through /proc")
@pytest.mark.parametrize("tender", ["T-1", "NO-SUCH-TENDER"])
def test_check_leaves_no_reader_behind_when_it_ends(tmp_path: Path, tender: str) -> None:
    """Readers forked before the CLI loads are claimed and stopped, or exit when nobody claims
    them (here: the tender does not exist)."""
    import docgen

    tenders = tmp_path / "tenders"
    tenders.mkdir()
    (tenders / "T-1.yaml").write_text(GOOD_TENDER.format(ref="T-1"), encoding="utf-8")
    folder = tmp_path / "ended-bid"
    folder.mkdir()
    docgen.text_pdf(folder / "Technical_Proposal.pdf", ["Technical proposal"])
    done = subprocess.run(
        [sys.executable, "-m", "tenderctl", "check", str(folder), "--tender", tender, "--tenders", str(tenders)],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == (0 if tender == "T-1" else 1), done.stderr.decode()  # an unknown tender is 1, as in every command
    assert b"Traceback" not in done.stderr
    deadline = time.monotonic() + 5
    while _processes_mentioning(str(folder)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_mentioning(str(folder)) == []


def test_check_timeout_applies_to_a_reading_started_before_the_command_line_was_parsed(tmp_path: Path) -> None:
    """`tenderctl check FOLDER --timeout 0.1`: the entry point started reading with the default
    bound; `check` hands over the user's, and the slow file is given up as unreadable."""
    import json

    import docgen

    tenders = tmp_path / "tenders"
    tenders.mkdir()
    (tenders / "T-1.yaml").write_text(GOOD_TENDER.format(ref="T-1"), encoding="utf-8")
    folder = tmp_path / "slow-bid"
    folder.mkdir()
    docgen.many_page_pdf(folder / "Technical_Proposal.pdf", 600)  # about a second of reading
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tenderctl",
            "check",
            str(folder),
            "--tender",
            "T-1",
            "--tenders",
            str(tenders),
            "--timeout",
            "0.1",
            "--json",
        ],
        capture_output=True,
        timeout=120,
    )
    assert time.monotonic() - started < 30
    report = json.loads(done.stdout)
    (entry,) = report["files"]
    assert not entry["readable"] and "longer than 0.1 s" in (entry["unreadable_reason"] or ""), entry
