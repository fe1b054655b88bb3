"""`tenderctl new` on a real terminal (a pty): a bad answer is asked again with the reason; Ctrl-C is 130."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="drives a pseudo-terminal")


class Terminal:
    def __init__(self, args: list[str], cwd: Path) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child
            for number in (signal.SIGINT, signal.SIGTERM):  # whatever the test process ignores or blocks, a user's shell does not
                signal.signal(number, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, set())
            os.chdir(cwd)
            os.environ.update({"NO_COLOR": "1", "COLUMNS": "120", "TERM": "dumb"})
            os.execv(sys.executable, [sys.executable, "-m", "tenderctl", *args])
        self.seen = ""

    def expect(self, text: str, times: int = 1, timeout: float = 20.0) -> str:
        """Read until `text` has been shown `times` times: output arrives in chunks, so never assert on a partial screen."""
        deadline = time.monotonic() + timeout
        while self.seen.count(text) < times:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {text!r}; the terminal shows:\n{self.seen}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096).decode("utf-8", "replace")
                except OSError:
                    break
                self.seen += chunk
        assert self.seen.count(text) >= times, f"waited for {text!r}; the terminal shows:\n{self.seen}"
        return self.seen

    def wait_until_reading(self, timeout: float = 20.0) -> None:
        """Wait until the child sleeps in its read of the terminal. A SIGINT that lands between the prompt's
        last signal check and the read's select() is only seen at the next input (a CPython readline race
        a person at the keyboard never hits, a fast test under load does)."""
        deadline = time.monotonic() + timeout
        asleep_since = None
        while time.monotonic() < deadline:
            try:
                state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                return
            now = time.monotonic()
            asleep_since = (asleep_since or now) if state == "S" else None
            if asleep_since is not None and now - asleep_since > 0.2:
                return
            time.sleep(0.01)

    def send(self, line: str) -> None:
        os.write(self.fd, line.encode())

    def exit_code(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    self.seen += os.read(self.fd, 4096).decode("utf-8", "replace")
                except OSError:
                    pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError(f"did not exit:\n{self.seen}")


def test_bad_answers_are_asked_again_with_the_reason(tmp_path: Path) -> None:
    term = Terminal(["new", "--tenders", "tenders"], tmp_path)
    term.expect("Reference")
    term.send("AO-2026-7\r")
    term.expect("Title")
    term.send("Laptops\r")
    term.expect("Buyer")
    term.send("\r")
    term.expect("Time zone")
    term.send("PHT\r")
    term.expect("Asia/Manila")  # the reason, with the zone meant
    term.send("Asia/Manila\r")
    term.expect("Submission deadline")
    term.send("12/22/2026 5pm\r")
    term.expect("not a date or time")
    term.expect("Submission deadline", times=2)  # asked again, not ended
    term.send("2026-12-22 17:00\r")
    assert term.exit_code() == 0, term.seen
    written = (tmp_path / "tenders" / "AO-2026-7.yaml").read_text(encoding="utf-8")
    assert "timezone: Asia/Manila" in written and "2026-12-22 17:00" in written


def test_ctrl_c_at_a_prompt_exits_130(tmp_path: Path) -> None:
    term = Terminal(["new", "--tenders", "tenders"], tmp_path)
    term.expect("Reference")
    term.wait_until_reading()
    term.send("\x03")
    assert term.exit_code() == 130, term.seen
    assert not (tmp_path / "tenders").exists()
