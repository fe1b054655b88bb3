"""Feed folders (only changed files, atomically, never someone else's file) and the HTTP server."""

from __future__ import annotations

import http.client
import os
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import formatdate
from pathlib import Path

import pytest

from conftest import write
from tenderctl.calendar.feed import FeedBuilder, file_names, write_feed
from tenderctl.calendar.ics import CalendarOptions
from tenderctl.calendar.server import FeedService, make_server
from tenderctl.calendar.store import RenderStore, load_known
from tenderctl.tenders.loader import load_paths

NOW = datetime(2025, 5, 1, tzinfo=UTC)


def tender_yaml(reference: str, at: str = "2025-06-05 15:00", title: str = "A tender", extra: str = "") -> str:
    return (
        f"reference: '{reference}'\ntitle: '{title}'\ntimezone: Europe/Brussels\n{extra}"
        f"dates:\n  - id: submission\n    kind: submission\n    at: {at}\n  - id: questions\n    kind: questions\n    at: 2025-05-22\n"
    )


@pytest.fixture
def tenders(tmp_path: Path) -> Path:
    folder = tmp_path / "tenders"
    write(folder / "a.yaml", tender_yaml("A-1", title="Alpha <script>alert(1)</script> & co"))
    write(folder / "b.yaml", tender_yaml("B 2/2025", at="2025-07-01 09:00"))
    return folder


def build(folder: Path, out: Path, builder: FeedBuilder | None = None, **kwargs):
    from tenderctl.calendar.feed import previous_from_folder

    builder = builder or FeedBuilder(CalendarOptions(), **kwargs)
    result = load_paths([folder], use_cache=False)
    feed = builder.build(result.tenders, NOW, previous_from_folder(out))
    return builder, feed, write_feed(out, feed)


def test_feed_folder_files_and_only_changed_written(tenders: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    builder, feed, report = build(tenders, out, base_url="https://example.org/feeds")
    assert sorted(report.written) == ["A-1.ics", "B-2-2025.ics", "all.ics", "index.html"]
    assert feed.events == 4
    all_ics = (out / "all.ics").read_bytes()
    assert all_ics.count(b"BEGIN:VEVENT") == 4 and (out / "A-1.ics").read_bytes().count(b"BEGIN:VEVENT") == 2
    index = (out / "index.html").read_text()
    assert "<script>" not in index and "Alpha &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in index
    assert 'href="webcal://example.org/feeds/all.ics"' in index
    assert 'href="https://example.org/feeds/B-2-2025.ics" download' in index
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    # nothing changed: nothing written, every tender reused from the cache
    builder, _, report = build(tenders, out, builder)
    assert report.written == [] and len(report.unchanged) == 4 and builder.hits == 2
    # one tender moves: its file and all.ics are rewritten, the other is not touched
    time.sleep(0.01)
    write(tenders / "b.yaml", tender_yaml("B 2/2025", at="2025-07-02 09:00"))
    builder, _, report = build(tenders, out, builder)
    assert sorted(report.written) == ["B-2-2025.ics", "all.ics"]
    assert (out / "A-1.ics").stat().st_mtime_ns == mtimes["A-1.ics"]
    assert b"SEQUENCE:1\r\nDTSTART;TZID=Europe/Brussels:20250702T090000" in (out / "B-2-2025.ics").read_bytes()
    # a tender leaves: its calendar is removed; foreign files stay
    (out / "notes.ics").write_text("BEGIN:VCALENDAR\r\nPRODID:someone else\r\nEND:VCALENDAR\r\n")
    (tenders / "a.yaml").unlink()
    _, _, report = build(tenders, out, builder)
    assert report.removed == ["A-1.ics"]
    assert (out / "notes.ics").exists() and not (out / "A-1.ics").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_feed_refuses_to_overwrite_foreign_files(tenders: Path, tmp_path: Path) -> None:
    from tenderctl.errors import TenderctlError

    out = tmp_path / "public"
    write(out / "index.html", "<h1>my own page</h1>")
    with pytest.raises(TenderctlError, match="was not written by tenderctl"):
        build(tenders, out)
    assert (out / "index.html").read_text() == "<h1>my own page</h1>"
    assert not (out / "all.ics").exists()  # checked before anything is written


def test_feed_does_not_follow_symlinks(tenders: Path, tmp_path: Path) -> None:
    from tenderctl.errors import TenderctlError

    out = tmp_path / "public"
    out.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("keep")
    (out / "all.ics").symlink_to(secret)
    with pytest.raises(TenderctlError):
        build(tenders, out)
    assert secret.read_text() == "keep"
    link = tmp_path / "link"
    link.symlink_to(out)
    with pytest.raises(TenderctlError, match="not a folder"):
        build(tenders, link)


def test_file_names_never_collide() -> None:
    names = file_names(["RFP 12", "RFP-12", "all", "index.html", "x/../../etc"])
    assert names["RFP 12"] == "RFP-12.ics"
    assert names["RFP-12"].startswith("RFP-12-") and names["RFP-12"] != "RFP-12.ics"
    assert names["all"] != "all.ics" and names["x/../../etc"] == "x-..-..-etc.ics"
    assert all("/" not in n for n in names.values())
    assert len(set(names.values())) == 5


def test_cli_out_dir_json_and_cache_between_runs(cli, tenders: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = cli("ics", "--tenders", tenders, "--out-dir", out, "--json", "--as-of", "2025-05-01")
    assert first.exit_code == 0, first.dump
    assert '"rendered": 2' in first.stdout and '"reused": 0' in first.stdout
    second = cli("ics", "--tenders", tenders, "--out-dir", out, "--json", "--as-of", "2025-05-01")
    assert '"rendered": 0' in second.stdout and '"reused": 2' in second.stdout and '"written": []' in second.stdout
    text = cli("ics", "--tenders", tenders, "--out-dir", out, "--as-of", "2025-05-01")
    assert "0 files written, 4 unchanged" in text.stderr and "pass --base-url" in text.stderr


# --- HTTP ---------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def served(tenders: Path) -> Iterator[tuple[FeedService, int, Clock]]:
    clock = Clock()
    service = FeedService(tenders, CalendarOptions(), check_interval=0, clock=clock, use_cache=False)
    server = make_server(service, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service, server.server_address[1], clock
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def request(port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def test_http_get_etag_304_head(served) -> None:
    _service, port, _clock = served
    status, headers, body = request(port, "/all.ics")
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.count(b"BEGIN:VEVENT") == 4
    assert int(headers["content-length"]) == len(body)
    etag = headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert request(port, "/all.ics", headers={"If-None-Match": etag})[0] == 304
    assert request(port, "/all.ics", headers={"If-None-Match": f'"nope", W/{etag}'})[0] == 304
    assert request(port, "/all.ics", headers={"If-None-Match": '"nope"'})[0] == 200
    assert request(port, "/all.ics", headers={"If-Modified-Since": headers["last-modified"]})[0] == 304
    assert request(port, "/all.ics", headers={"If-Modified-Since": formatdate(0, usegmt=True)})[0] == 200
    # If-None-Match wins over If-Modified-Since
    assert request(port, "/all.ics", headers={"If-None-Match": '"nope"', "If-Modified-Since": headers["last-modified"]})[0] == 200
    head_status, head_headers, head_body = request(port, "/all.ics", "HEAD")
    assert head_status == 200 and head_body == b"" and head_headers["etag"] == etag
    assert head_headers["content-length"] == headers["content-length"]
    status, headers, body = request(port, "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8" and b"A-1.ics" in body
    assert request(port, "/A-1.ics?x=1")[0] == 200
    assert request(port, "/B-2-2025.ics")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/../a.yaml",
        "/a.yaml",
        "/..%2fa.yaml",
        "//etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/tenders/a.yaml",
        "/A-1.ics/../../a.yaml",
        "/ALL.ICS",
    ],
)
def test_http_nothing_outside_the_feed(served, path: str) -> None:
    _service, port, _clock = served
    status, _headers, body = request(port, path)
    assert status == 404
    assert b"reference" not in body


def test_http_methods_other_than_get_head_refused(served) -> None:
    _service, port, _clock = served
    status, headers, _ = request(port, "/all.ics", "POST")
    assert status == 405 and headers["allow"] == "GET, HEAD"
    assert request(port, "/all.ics", "DELETE")[0] == 405


def test_http_change_picked_up_and_last_modified_moves_forward(served, tenders: Path) -> None:
    service, port, clock = served
    _, before, body_before = request(port, "/all.ics")
    _, a_before, _ = request(port, "/A-1.ics")
    clock.now -= 3600  # the clock goes backwards: Last-Modified must not
    write(tenders / "b.yaml", tender_yaml("B 2/2025", at="2025-07-03 09:00"))
    os.utime(tenders / "b.yaml", ns=(time.time_ns(), time.time_ns() + 10**9))
    status, after, body_after = request(port, "/all.ics", headers={"If-None-Match": before["etag"]})
    assert status == 200 and body_after != body_before
    assert b"DTSTART;TZID=Europe/Brussels:20250703T090000" in body_after
    assert after["etag"] != before["etag"]
    from email.utils import parsedate_to_datetime

    assert parsedate_to_datetime(after["last-modified"]) > parsedate_to_datetime(before["last-modified"])
    # the untouched tender keeps its ETag and Last-Modified
    _, a_after, _ = request(port, "/A-1.ics")
    assert a_after["etag"] == a_before["etag"] and a_after["last-modified"] == a_before["last-modified"]
    assert service.builder.hits >= 1
    # SEQUENCE of the moved event rose within the running server
    assert b"SEQUENCE:1\r\nDTSTART;TZID=Europe/Brussels:20250703T090000" in body_after
    # a new tender appears at its own path
    write(tenders / "c.yaml", tender_yaml("C-3"))
    assert request(port, "/C-3.ics")[0] == 200


def test_http_invalid_file_left_out_not_fatal(served, tenders: Path) -> None:
    service, port, _clock = served
    write(tenders / "broken.yaml", "reference: [\n")
    status, _, body = request(port, "/all.ics")
    assert status == 200 and body.count(b"BEGIN:VEVENT") == 4
    assert service.problems and "broken.yaml" in service.problems[0]


def test_serve_command_help_warns_about_binding(cli) -> None:
    result = cli("serve", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "loopback" in text and "without authentication or TLS" in text


def _cache_folders(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.name.startswith("calendar-"))


def test_render_store_reuses_and_recovers_from_damage(cli, tenders: Path, tmp_path: Path) -> None:
    import json as jsonlib

    out = tmp_path / "public"
    args = ("ics", "--tenders", tenders, "--out-dir", out, "--json", "--as-of", "2025-05-01")
    first = jsonlib.loads(cli(*args).stdout)
    assert first["rendered"] == 2
    reference = {p.name: p.read_bytes() for p in out.iterdir()}
    assert jsonlib.loads(cli(*args).stdout)["rendered"] == 0
    # a damaged pack is noticed (CRC) and the tenders are rendered again, to the same bytes
    [store] = _cache_folders(Path(os.environ["TENDERCTL_CACHE_DIR"]))
    pack = store / "pack"
    damaged = bytearray(pack.read_bytes())
    damaged[10] ^= 0xFF
    pack.write_bytes(bytes(damaged))
    again = jsonlib.loads(cli(*args).stdout)
    assert again["rendered"] >= 1 and again["written"] == []
    # a truncated pack no longer matches its index: everything is rendered again
    pack.write_bytes(pack.read_bytes()[:5])
    assert jsonlib.loads(cli(*args).stdout)["rendered"] == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == reference
    # an output changed behind our back is noticed (stat signature) and written again
    (out / "A-1.ics").write_bytes(reference["A-1.ics"].replace(b"SEQUENCE:0", b"SEQUENCE:9"))
    fixed = jsonlib.loads(cli(*args).stdout)
    assert fixed["written"] == ["A-1.ics"] and fixed["rendered"] == 0
    # another output with other options has its own cache and cannot mix with this one
    events = jsonlib.loads(cli(*args, "--reminders", "events").stdout)
    assert events["rendered"] == 2 and events["events"] == 4 + 5 * 2
    assert jsonlib.loads(cli(*args).stdout)["written"] != []


def test_cli_output_file_reuses_rendered_events(cli, tenders: Path, tmp_path: Path) -> None:
    import json as jsonlib

    out = tmp_path / "all.ics"
    args = ("ics", "--tenders", tenders, "-o", out, "--json", "--as-of", "2025-05-01")
    assert jsonlib.loads(cli(*args).stdout)["rendered"] == 2
    second = jsonlib.loads(cli(*args).stdout)
    assert second["rendered"] == 0 and second["reused"] == 2 and second["written"] == [] and second["unchanged"] == ["all.ics"]
    write(tenders / "b.yaml", tender_yaml("B 2/2025", at="2025-07-09 09:00"))
    third = jsonlib.loads(cli(*args).stdout)
    assert third["rendered"] == 1 and third["written"] == ["all.ics"]
    assert b"SEQUENCE:1\r\nDTSTART;TZID=Europe/Brussels:20250709T090000" in out.read_bytes()


def test_warm_run_loads_only_changed_files_and_keeps_the_loaders_rules(cli, tenders: Path, tmp_path: Path, monkeypatch) -> None:
    import json as jsonlib

    import tenderctl.tenders.loader as loader

    out = tmp_path / "public"
    args = ("ics", "--tenders", tenders, "--out-dir", out, "--json", "--as-of", "2025-05-01")
    assert cli(*args).exit_code == 0
    parsed: list[str] = []
    real_parse = loader.parse_tender
    monkeypatch.setattr(loader, "parse_tender", lambda text, display: (parsed.append(display), real_parse(text, display))[1])
    second = cli(*args)
    assert second.exit_code == 0 and parsed == [], second.dump
    # a changed file is parsed, and only it
    write(tenders / "b.yaml", tender_yaml("B 2/2025", at="2025-07-04 09:00"))
    third = jsonlib.loads(cli(*args).stdout)
    assert parsed == [str(tenders / "b.yaml")] and third["rendered"] == 1
    # an invalid file is reported on every run, known files or not
    write(tenders / "c.yaml", "reference: C\n")
    bad = cli(*args)
    assert bad.exit_code == 1 and "c.yaml" in bad.stderr
    (tenders / "c.yaml").unlink()
    # a new file reusing a known reference: neither is authoritative, as with the loader; both are named
    write(tenders / "0-dup.yaml", tender_yaml("A-1", title="Newer file, earlier path"))
    dup = cli(*args)
    assert dup.exit_code == 1 and "duplicate reference 'A-1'" in dup.stderr and "a.yaml" in dup.stderr and "0-dup.yaml" in dup.stderr, (
        dup.dump
    )
    assert not (out / "A-1.ics").exists() or b"Newer file" not in (out / "A-1.ics").read_bytes()
    (tenders / "0-dup.yaml").unlink()
    cli(*args)
    # two new files claiming one reference (with, or without, a known file that has it too): all named, none used
    for clash, also_known in (("N-1", False), ("A-1", True)):
        write(tenders / "n1.yaml", tender_yaml(clash, title="First copy"))
        write(tenders / "n2.yaml", tender_yaml(clash.lower(), title="Second copy"))
        clashed = cli(*args)
        assert clashed.exit_code == 1 and "n1.yaml" in clashed.stderr and "n2.yaml" in clashed.stderr, clashed.dump
        assert ("a.yaml" in clashed.stderr) is also_known and f"duplicate reference {clash.lower()!r}" in clashed.stderr
        assert b"First copy" not in (out / "all.ics").read_bytes() and b"Second copy" not in (out / "all.ics").read_bytes()
        result = load_known([tenders], RenderStore(None))
        assert result.conflicts == {clash, clash.lower()} | ({"A-1"} if also_known else set())
        (tenders / "n1.yaml").unlink()
        (tenders / "n2.yaml").unlink()
    cli(*args)
    expected = loader.load_paths([tenders], use_cache=False)
    assert sorted(t.reference for t in expected.tenders) == ["A-1", "B 2/2025"]
    assert jsonlib.loads(cli(*args).stdout)["tenders"] == 2
    assert sorted(p.name for p in out.glob("*.ics")) == ["A-1.ics", "B-2-2025.ics", "all.ics"]


def test_http_regeneration_parses_only_the_changed_file(served, tenders: Path, monkeypatch) -> None:
    import tenderctl.tenders.loader as loader

    _service, port, _clock = served
    assert request(port, "/all.ics")[0] == 200
    parsed: list[str] = []
    real_parse = loader.parse_tender
    monkeypatch.setattr(loader, "parse_tender", lambda text, display: (parsed.append(display), real_parse(text, display))[1])
    write(tenders / "a.yaml", tender_yaml("A-1", at="2025-06-06 10:00"))
    status, _, body = request(port, "/all.ics")
    assert status == 200 and b"DTSTART;TZID=Europe/Brussels:20250606T100000" in body
    assert parsed == [str(tenders / "a.yaml")]


@pytest.mark.parametrize("reference", ["RFP 12/2025", "..x..", "", "日本-1", "a" * 200, "-.-", "A_b.c-D", "x/../../etc"])
def test_feed_stems_follow_the_models_rule(reference: str) -> None:
    from tenderctl.calendar.feed import safe_file_stem as feed_stem
    from tenderctl.tenders.model import safe_file_stem

    assert feed_stem(reference) == safe_file_stem(reference)


def test_http_slow_rescans_run_in_the_background(served, tenders: Path) -> None:
    service, port, _clock = served
    service.slow = True  # as after a rescan of a big folder
    before = service.generation
    write(tenders / "a.yaml", tender_yaml("A-1", at="2025-06-07 10:00"))
    status, _, _ = request(port, "/all.ics")  # answered at once, from the current feed
    assert status == 200
    deadline = time.monotonic() + 20
    while service.generation == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert service.generation > before
    service.slow = True
    if service.background is not None:
        service.background.join(5)
    assert b"DTSTART;TZID=Europe/Brussels:20250607T100000" in request(port, "/all.ics")[2]


def test_http_failed_regeneration_keeps_serving(served, tenders: Path, monkeypatch) -> None:
    import tenderctl.calendar.service as feed_module
    from tenderctl.errors import TenderctlError

    service, port, _clock = served
    body = request(port, "/all.ics")[2]

    def broken(*args, **kwargs):
        raise TenderctlError("disk on fire")

    monkeypatch.setattr(feed_module, "load_known", broken)
    write(tenders / "a.yaml", tender_yaml("A-1", at="2025-06-08 10:00"))
    status, _, again = request(port, "/all.ics")
    assert status == 200 and again == body
    assert "disk on fire" in service.problems[0]
    monkeypatch.undo()
    assert b"DTSTART;TZID=Europe/Brussels:20250608T100000" in request(port, "/all.ics")[2]


def test_serve_command_end_to_end(tenders: Path, tmp_path: Path) -> None:
    import re
    import subprocess
    import sys

    write(tenders / "broken.yaml", "reference: [\n")
    env = {**os.environ, "TENDERCTL_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "tenderctl", "serve", "--port", "0", "--tenders", str(tenders)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stderr is not None
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            lines.append(line)
            if line.startswith("Subscribe:") or not line:
                break
        text = "".join(lines)
        assert "broken.yaml" in text, text
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", text).group(1))  # type: ignore[union-attr]
        status, _headers, body = request(port, "/")
        assert status == 200 and f'href="webcal://127.0.0.1:{port}/all.ics"'.encode() in body
        assert request(port, "/all.ics")[2].count(b"BEGIN:VEVENT") == 4
    finally:
        process.terminate()
        process.wait(10)
        if process.stderr:
            process.stderr.close()


def test_serve_keeps_the_version_it_served_when_two_files_claim_a_reference(tenders: Path) -> None:
    """Issue 11: a second file with the same reference, sorting first, must not switch what is served."""
    reported: list[list[str]] = []
    service = FeedService(tenders, CalendarOptions(), check_interval=0, use_cache=False, report=reported.append)
    before = service.get("/A-1.ics")
    assert before is not None and b"DTSTART;TZID=Europe/Brussels:20250605T150000" in before.body
    write(tenders / "0-first.yaml", tender_yaml("A-1", at="2025-09-09 10:00"))  # sorts before a.yaml
    assert service.refresh(force=True)
    after = service.get("/A-1.ics")
    assert after is not None and after.body == before.body
    assert b"20250909" not in service.resources["/all.ics"].body
    logged = [line for batch in reported for line in batch]
    assert any("duplicate reference 'A-1'" in line for line in logged)
    assert any("A-1: two tender files claim this reference; still serving the version served before" in line for line in logged)
    (tenders / "0-first.yaml").unlink()
    write(tenders / "a.yaml", tender_yaml("A-1", at="2025-06-08 10:00"))
    assert service.refresh(force=True)
    # no conflict: the file's own version again
    assert b"DTSTART;TZID=Europe/Brussels:20250608T100000" in service.resources["/A-1.ics"].body
