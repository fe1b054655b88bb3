"""Hostile eForms XML: entity bombs, external entities, deep nesting, element floods, huge and binary
files, things that are not eForms, a wrong namespace, a missing deadline, impossible dates.

Each bad file is one line ``file:line:1: element: what is wrong``; the run exits 1 and still
imports the good notice given beside them; nothing is read from outside the file; each run stays
within its time and memory bound.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import run_tenderctl

UBL = "urn:oasis:names:specification:ubl:schema:xsd:"
NS = f'xmlns="{UBL}ContractNotice-2" xmlns:cac="{UBL}CommonAggregateComponents-2" xmlns:cbc="{UBL}CommonBasicComponents-2"'


def call(
    submission_date: str = "2030-03-01+01:00", submission_time: str = "12:00:00+01:00", *, root: str = "ContractNotice", ns: str = NS
) -> str:
    period = ""
    if submission_date:
        period = (
            "<cac:TenderSubmissionDeadlinePeriod>\n"
            f"<cbc:EndDate>{submission_date}</cbc:EndDate>\n<cbc:EndTime>{submission_time}</cbc:EndTime>\n"
            "</cac:TenderSubmissionDeadlinePeriod>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} {ns}>\n'
        '<cbc:ID schemeName="notice-id">n-1</cbc:ID>\n<cbc:ContractFolderID>proc-1</cbc:ContractFolderID>\n'
        '<cbc:NoticeTypeCode listName="competition">cn-standard</cbc:NoticeTypeCode>\n'
        '<cac:ProcurementProject><cbc:ID schemeName="InternalID">GOOD-1</cbc:ID><cbc:Name languageID="ENG">Good</cbc:Name></cac:ProcurementProject>\n'
        '<cac:ProcurementProjectLot>\n<cbc:ID schemeName="Lot">LOT-0001</cbc:ID>\n<cac:TenderingProcess>\n'
        f"{period}\n</cac:TenderingProcess>\n</cac:ProcurementProjectLot>\n</{root}>\n"
    )


BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10))
    + f"]>\n<ContractNotice {NS}><cbc:Note>&lol9;</cbc:Note></ContractNotice>\n"
)
XXE = f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<ContractNotice {NS}><cbc:Note>&secret;</cbc:Note></ContractNotice>\n'

CASES: dict[str, tuple[bytes, str]] = {
    "bomb.xml": (BOMB.encode(), "bomb.xml:2:1: DOCTYPE: a DTD or entity declaration is not allowed in an eForms notice"),
    "xxe.xml": (XXE.encode(), "xxe.xml:2:1: DOCTYPE: a DTD or entity declaration is not allowed"),
    "deep.xml": (
        (f"<ContractNotice {NS}>" + "<a>" * 1_000_000 + "</a>" * 1_000_000 + "</ContractNotice>").encode(),
        "deep.xml:1:1: file: more than 500,000 elements; not a notice",
    ),
    "deep300.xml": (
        (f"<ContractNotice {NS}>" + "<a>" * 300 + "</a>" * 300 + "</ContractNotice>").encode(),
        "deep300.xml:1:1: xml: not well-formed XML: nested more than 256 levels deep; not a notice",
    ),
    "flood.xml": (
        (f"<ContractNotice {NS}>\n" + "<b/>\n" * 600_000 + "</ContractNotice>").encode(),
        "flood.xml:500001:1: file: more than 500,000 elements; not a notice",
    ),
    "binary.xml": (b"\xff\xfe<\x00C\x00" * 1000, "binary.xml:1:1: file: not UTF-8 (UTF-16 or binary)"),
    "html.xml": (b"<html><body>Tender</body></html>", "html.xml:1:1: html: not an eForms notice (root element 'html'"),
    "namespace.xml": (
        call(ns='xmlns="urn:example:not-ubl" xmlns:cac="urn:x" xmlns:cbc="urn:y"').encode(),
        "namespace.xml:2:1: ContractNotice: wrong namespace 'urn:example:not-ubl'",
    ),
    "nodeadline.xml": (call(submission_date="").encode(), "nodeadline.xml:7:1: cac:TenderSubmissionDeadlinePeriod: missing deadline"),
    "impossible.xml": (call("2030-02-30+01:00").encode(), "impossible.xml:11:1: cbc:EndDate: impossible date '2030-02-30+01:00'"),
    "badtime.xml": (call(submission_time="25:61:00+01:00").encode(), "badtime.xml:12:1: cbc:EndTime: impossible time '25:61:00+01:00'"),
    "offset.xml": (
        call(submission_time="12:00:00+19:00").encode(),
        "offset.xml:12:1: cbc:EndTime: impossible UTC offset in the time '12:00:00+19:00'",
    ),
    "broken.xml": (call().encode()[:-40], "broken.xml:"),
    "empty.xml": (b"   \n", "empty.xml:1:1: file: the file is empty"),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("eforms-hostile")
    for name, (data, _line) in CASES.items():
        (folder / name).write_bytes(data)
    (folder / "good.xml").write_text(call(), encoding="utf-8")
    names = [*CASES, "good.xml"]
    result = run_tenderctl(["import", "eforms", *names, "--tenders", "tenders"], cwd=folder, timeout=60, limit_mb=1024)
    return folder, result


def test_one_run_over_every_hostile_file_is_bounded_and_imports_the_good_one(run) -> None:
    folder, result = run
    assert result.code == 1, result.dump
    assert "Traceback" not in result.stderr, result.dump
    assert result.seconds < 20 and result.max_rss_mb < 400, result.dump
    assert [p.name for p in (folder / "tenders").iterdir()] == ["GOOD-1.yaml"], result.dump
    assert "root:x:0:0" not in (folder / "tenders" / "GOOD-1.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_file_is_one_line_naming_the_element(run, name: str) -> None:
    _folder, result = run
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{name}:")]
    assert len(lines) == 1, (name, lines, result.dump)
    assert lines[0].startswith(CASES[name][1]), (lines[0], result.dump)


def test_a_bomb_alone_is_refused_before_any_expansion(tmp_path: Path) -> None:
    (tmp_path / "bomb.xml").write_text(BOMB, encoding="utf-8")
    result = run_tenderctl(["import", "eforms", "bomb.xml", "--tenders", "t"], cwd=tmp_path, timeout=30, limit_mb=512)
    assert result.code == 1 and result.seconds < 10 and result.max_rss_mb < 200, result.dump
    assert not (tmp_path / "t").exists()


def test_the_parser_itself_expands_nothing_and_fetches_nothing(tmp_path: Path) -> None:
    """Below the DOCTYPE refusal: lxml as configured must not resolve an entity even if asked."""
    from tenderctl.interop.eforms.notice import NoticeError, parse_xml

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xml = f'<!DOCTYPE x [<!ENTITY s SYSTEM "{secret.as_uri()}">]><r>&s;</r>'.encode()
    with pytest.raises(NoticeError):
        parse_xml(xml, "x.xml")
    from lxml import etree

    import tenderctl.interop.eforms.safexml as safexml

    source = Path(safexml.__file__).read_text(encoding="utf-8")
    for option in ("resolve_entities=False", "no_network=True", "load_dtd=False", "huge_tree=False"):
        assert option in source
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.fromstring(xml, parser)
    assert "TOP-SECRET" not in etree.tostring(root).decode()


def test_a_fifo_and_a_link_in_a_folder_are_not_read(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.xml").write_text(call(), encoding="utf-8")
    outside = tmp_path / "outside.xml"
    outside.write_text(call().replace("GOOD-1", "OUTSIDE-1").replace("proc-1", "proc-2"), encoding="utf-8")
    (folder / "link.xml").symlink_to(outside)
    os.mkfifo(tmp_path / "pipe.xml")
    result = run_tenderctl(["import", "eforms", "in", "pipe.xml", "--tenders", "t"], cwd=tmp_path, timeout=30, limit_mb=512)
    assert result.code == 1 and not result.timed_out and result.seconds < 10, result.dump  # a FIFO opened blocking would hang
    lines = result.stderr.splitlines()
    assert any(line.startswith("in/link.xml:1:1: file: is a symbolic link (not followed)") for line in lines), result.dump
    assert any(line.startswith("pipe.xml:1:1: file: not a regular file") for line in lines), result.dump
    assert [p.name for p in (tmp_path / "t").iterdir()] == ["GOOD-1.yaml"]
