"""The one bounded reader every user-supplied file goes through: symlinks, FIFOs, folders, bounds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tenderctl.fsutil import UnreadableFile, read_bounded


def refusal(path: Path, limit: int = 1000, **kwargs: bool) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as caught:
        read_bounded(path, limit, **kwargs)
    return caught.value


def test_reads_a_regular_file_up_to_the_bound(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"x" * 1000)
    data, info = read_bounded(tmp_path / "a.txt", 1000)
    assert data == b"x" * 1000 and info.st_size == 1000
    assert refusal(tmp_path / "a.txt", 999).message == "file is 1,000 bytes, over the 999-byte limit"


def test_symlink_refused_unless_followed(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_bytes(b"ok")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert refusal(tmp_path / "link.txt").message == "is a symbolic link (not followed)"
    assert read_bounded(tmp_path / "link.txt", 10, follow_symlinks=True)[0] == b"ok"


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")  # nobody writes: a blocking open would hang here for ever
    assert refusal(tmp_path / "pipe").message == "not a regular file"


def test_device_behind_a_followed_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero").symlink_to("/dev/zero")
    assert refusal(tmp_path / "zero", follow_symlinks=True).message == "not a regular file"


def test_folder_and_missing_files_say_what_they_are(tmp_path: Path) -> None:
    assert refusal(tmp_path).message == "is a folder"
    missing = refusal(tmp_path / "nothere")
    assert missing.message.startswith("cannot read:") and missing.hint == "check the path"
    (tmp_path / "dangling").symlink_to("nothere")
    assert refusal(tmp_path / "dangling", follow_symlinks=True).hint == "a symbolic link to a file that is not there"
