"""`tenderctl import eforms`: every SDK sample, change notices, lots, languages, zones, refusals.

The deadlines are checked against values read from the XML here with the standard library's own
parser (xml.etree), independently of the lxml reader under test. The samples live beside the clone
(../shared/eforms-samples, as CI has them).
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conftest import ROOT, TESTS, write
from tenderctl.interop import eforms, ocds
from tenderctl.tenders.loader import load_paths
from tenderctl.tenders.timeline import get_zone, resolve

SAMPLES = Path(os.environ.get("TENDERCTL_SHARED") or ROOT.parent / "shared") / "eforms-samples"
VARIANTS = TESTS / "fixtures" / "eforms"
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
CALLS = ["cn_24_FRA_comments.xml", "cn_24_maximal.xml", "cn_24_minimal.xml", "cn_24_multilingual.xml", "cn_24_open.xml"]

if not SAMPLES.is_dir():  # pragma: no cover - CI has ../shared beside the clone: there a missing folder fails
    reason = f"the eForms SDK samples are not at {SAMPLES} (../shared beside the clone, or set TENDERCTL_SHARED)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def independent_deadlines(path: Path) -> dict[str, set[object]]:
    """Kind -> published instants (UTC) or days, read with xml.etree from every lot."""
    out: dict[str, set[object]] = {}
    periods = {
        "submission": ("TenderSubmissionDeadlinePeriod", "EndDate", "EndTime"),
        "participation": ("ParticipationRequestReceptionPeriod", "EndDate", "EndTime"),
        "questions": ("AdditionalInformationRequestPeriod", "EndDate", "EndTime"),
        "opening": ("OpenTenderEvent", "OccurrenceDate", "OccurrenceTime"),
    }
    for lot in ET.parse(path).getroot().iter(f"{CAC}ProcurementProjectLot"):
        for kind, (element, date_tag, time_tag) in periods.items():
            node = lot.find(f"{CAC}TenderingProcess/{CAC}{element}")
            if node is None or node.find(f"{CBC}{date_tag}") is None:
                continue
            day = node.findtext(f"{CBC}{date_tag}")[:10]
            clock = node.findtext(f"{CBC}{time_tag}")
            if clock is None:
                out.setdefault(kind, set()).add(date.fromisoformat(day))
                continue
            instant = datetime.fromisoformat(f"{day}T{clock.replace('Z', '+00:00')}")
            out.setdefault(kind, set()).add(instant.astimezone(UTC))
    return out


def imported(folder: Path) -> dict[str, object]:
    return {loaded.tender.reference: loaded.tender for loaded in load_paths(tenders=folder, use_cache=False).tenders}


def instants(tender, prefix: str) -> set[object]:
    found = set()
    for milestone in tender.dates:
        if milestone.id == prefix or milestone.id.startswith(prefix + "-lot-"):
            when = resolve(str(milestone.at), get_zone(tender.timezone))
            found.add(when.day if when.all_day else when.start.astimezone(UTC))
    return found


@pytest.mark.parametrize("name", [*CALLS, "change-cn_24_open_dates.xml"])
def test_every_sample_call_is_imported_with_the_deadlines_the_xml_gives(name: str, tmp_path: Path, cli) -> None:
    """Each call, and the change notice alone (imported as a new tender, with a warning)."""
    result = cli("import", "eforms", SAMPLES / name, "--tenders", tmp_path / "t")
    assert result.exit_code == 0, result.dump
    [tender] = imported(tmp_path / "t").values()
    expected = independent_deadlines(SAMPLES / name)
    assert expected, "the sample has deadlines to compare"
    for kind, values in expected.items():
        assert instants(tender, kind) == values, (kind, tender.dates)
    assert len(tender.dates) >= len(expected)
    assert tender.extensions["eforms"]["procedure"] == ET.parse(SAMPLES / name).getroot().findtext(f"{CBC}ContractFolderID")


def test_the_whole_sample_folder_imports_the_calls_and_names_the_rest(tmp_path: Path, cli) -> None:
    result = cli("import", "eforms", SAMPLES, "--tenders", tmp_path / "t")
    assert result.exit_code == 1, result.dump  # INVALID_cn_24_empty.xml
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{SAMPLES / 'INVALID_cn_24_empty.xml'}:16:1: cbc:ContractFolderID: missing or empty") for line in lines)
    assert any("pin-only_24.xml:114:1: warning: cbc:NoticeTypeCode: a prior information notice (pin-only)" in line for line in lines)
    assert any("can_24_minimal.xml:188:1: warning: cbc:NoticeTypeCode: a contract award notice (can-standard)" in line for line in lines)
    tenders = imported(tmp_path / "t")
    assert sorted(tenders) == sorted(["19S0001", "2023-P-0001", "4805c409-5939-4be9-8abd-837f7a5fee23", "AO 10786", "RC-CPU-19-065"])
    # the change notice and its original are one procedure: the later notice's dates win
    assert tenders["RC-CPU-19-065"].extensions["eforms"]["notices"] == [
        "c4c415ee-ac08-4465-8fa6-57568cf69462-01",
        "71397268-6c47-4f2f-8ab0-f41a26138f81-01",
    ]
    assert instants(tenders["RC-CPU-19-065"], "submission") == independent_deadlines(SAMPLES / "change-cn_24_open_dates.xml")["submission"]


def test_reference_title_buyer_urls_languages_and_zone(tmp_path: Path) -> None:
    prepared, notes = eforms.prepare([("fra.xml", (SAMPLES / "cn_24_FRA_comments.xml").read_bytes())])
    assert not [n for n in notes if n.level == "error"]
    view = prepared[0].view
    assert view.reference == "19S0001"  # BT-22, not the procedure UUID
    assert view.buyer == "Rouen Habitat"
    assert view.title.startswith("Service d'entretien")
    assert view.timezone == "Europe/Paris"
    assert view.url == "https://www.marches-publics.info/accueil.htm"
    assert view.portal == {"name": "www.marches-publics.info", "url": "https://www.marches-publics.info/accueil.htm"}
    assert "Languages of submission (BT-97): FRA." in (view.notes or "")
    # the sample publishes 16:00Z for a Paris deadline in June: kept, with the element's line
    mismatch = [str(n) for n in prepared[0].notes if "is not Europe/Paris's" in str(n)]
    assert mismatch and mismatch[0].startswith("fra.xml:405:1: warning: cbc:EndTime: BT-131 of LOT-0001: offset +00:00")
    record = prepared[0].record
    assert record is not None and record["procedure"] == "e3cdabf1-e057-47a5-9210-b1f6fc757228"
    assert record["notice"] == "da4d46e9-490b-41ff-a2ae-8166d356a619-01"


def test_the_publication_number_is_kept_and_linked(tmp_path: Path) -> None:
    """TED adds the publication number (OPP-010) on publication; no SDK sample has one yet."""
    raw = (SAMPLES / "cn_24_minimal.xml").read_text(encoding="utf-8")
    published = raw.replace(
        "</efext:EformsExtension>",
        '<efac:Publication><efbc:NoticePublicationID schemeName="ojs-notice-id">00123456-2024</efbc:NoticePublicationID>'
        "<efbc:GazetteID>123/2024</efbc:GazetteID></efac:Publication></efext:EformsExtension>",
        1,
    )
    assert published != raw
    [item], _ = eforms.prepare([("p.xml", published.encode())])
    assert item.record is not None and item.record["publication"] == "00123456-2024"
    assert {"title": "TED notice 00123456-2024", "url": "https://ted.europa.eu/en/notice/-/detail/00123456-2024"} in item.view.links
    assert "published on TED as 00123456-2024" in (item.view.notes or "")
    [unpublished], _ = eforms.prepare([("u.xml", raw.encode())])
    assert unpublished.record is not None and "publication" not in unpublished.record


def test_lang_picks_the_texts_and_the_others_go_to_notes(tmp_path: Path) -> None:
    raw = (SAMPLES / "cn_24_multilingual.xml").read_bytes()
    root = ET.fromstring(raw)
    names = {e.get("languageID"): e.text for e in root.findall(f"{CAC}ProcurementProject/{CBC}Name")}
    assert len(names) > 2
    default = eforms.prepare([("m.xml", raw)])[0][0].view
    languages = [e.text for e in root.iter(f"{CAC}Language") if e.find(f"{CBC}ID") is None] or [
        e.findtext(f"{CBC}ID") for e in root.findall(f"{CAC}ProcurementProjectLot/{CAC}TenderingTerms/{CAC}Language")
    ]
    assert default.title == names[languages[0]]  # the first submission language (BT-97) the notice has text in
    french = eforms.prepare([("m.xml", raw)], lang=eforms.language_code("fr"))[0][0].view
    assert french.title == names["FRA"]
    assert f"Title (ENG): {names['ENG']}" in (french.notes or "")
    missing = eforms.prepare([("m.xml", raw)], lang="XHO")[0][0]
    assert any("no text in XHO" in str(n) for n in missing.notes)


def test_lot_shapes_one_milestone_when_shared_one_per_lot_when_they_differ() -> None:
    shared = eforms.prepare([("f.xml", (VARIANTS / "train" / "fin-three-lots.xml").read_bytes())])[0][0].view
    assert list(shared.dates) == ["submission"]
    differ = eforms.prepare([("p.xml", (VARIANTS / "train" / "pol-lots-differ.xml").read_bytes())])[0][0].view
    assert list(differ.dates) == ["submission-lot-0001", "submission-lot-0002"]
    assert differ.dates["submission-lot-0002"]["title"] == "Receipt of tenders: LOT-0002 (Lot 2)"


def test_change_notice_round_trip_moves_dates_in_place_and_keeps_user_work(tmp_path: Path, cli) -> None:
    folder = tmp_path / "t"
    assert cli("import", "eforms", SAMPLES / "cn_24_open.xml", "--tenders", folder).exit_code == 0
    path = folder / "RC-CPU-19-065.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("dates:\n", "# my comment about the dates\ndates:\n", 1)
    text = text.replace(
        "timezone: Europe/London\n", "timezone: Europe/London\nsteps:\n  - id: price\n    text: Price the bill of quantities\n", 1
    )
    write(path, text)
    assert cli("status", "RC-CPU-19-065", "submitted", "--tenders", folder).exit_code == 0
    result = cli("import", "eforms", SAMPLES / "change-cn_24_open_dates.xml", "--tenders", folder)
    assert result.exit_code == 0, result.dump
    out = result.stdout.splitlines()
    assert out[0].startswith(f"updated {path}")
    assert out[1] == "  ! submission deadline moved: 2020-04-03 12:00:00+01:00 -> 2020-06-12 12:00:00+01:00 (70 days later)"
    assert "opening date moved" in out[2]
    after = path.read_text(encoding="utf-8")
    assert "# my comment about the dates" in after and "Price the bill of quantities" in after and "status: submitted" in after
    [tender] = imported(folder).values()
    changed = independent_deadlines(SAMPLES / "change-cn_24_open_dates.xml")
    assert changed.keys() == {"submission", "opening"}
    for kind, values in changed.items():  # every moved date, as the change notice gives it
        assert instants(tender, kind) == values, (kind, tender.dates)
    assert changed != independent_deadlines(SAMPLES / "cn_24_open.xml"), "the change notice moves dates"
    assert tender.extensions["eforms"]["notices"] == ["c4c415ee-ac08-4465-8fa6-57568cf69462-01", "71397268-6c47-4f2f-8ab0-f41a26138f81-01"]
    again = cli("import", "eforms", SAMPLES / "change-cn_24_open_dates.xml", "--tenders", folder)
    assert again.exit_code == 0 and again.stdout.startswith("unchanged"), again.dump


def test_change_notice_without_its_original_imports_with_a_warning(tmp_path: Path, cli) -> None:
    result = cli("import", "eforms", SAMPLES / "change-cn_24_open_dates.xml", "--tenders", tmp_path / "t")
    assert result.exit_code == 0, result.dump
    assert (
        "change-cn_24_open_dates.xml:9:1: warning: efac:Changes: a change notice for c4c415ee-ac08-4465-8fa6-57568cf69462-01, whose original was not imported"
        in result.stderr
    )
    assert (tmp_path / "t" / "RC-CPU-19-065.yaml").is_file()


def test_a_hand_written_file_with_the_same_reference_is_never_touched(tmp_path: Path, cli) -> None:
    folder = tmp_path / "t"
    mine = write(folder / "19S0001.yaml", "reference: 19S0001\ntitle: My own notes on this\ntimezone: Europe/Paris\n")
    before = mine.read_bytes()
    result = cli("import", "eforms", SAMPLES / "cn_24_FRA_comments.xml", "--tenders", folder)
    assert result.exit_code == 0, result.dump
    assert mine.read_bytes() == before
    assert "reference '19S0001' is taken by" in result.stderr and "not imported from eForms" in result.stderr
    assert set(imported(folder)) == {"19S0001", "e3cdabf1-e057-47a5-9210-b1f6fc757228"}


def test_one_bad_file_does_not_stop_the_others_and_json_has_one_shape(tmp_path: Path, cli) -> None:
    bad = write(tmp_path / "bad.xml", "<ContractNotice><unclosed></ContractNotice>")
    result = cli("import", "eforms", bad, SAMPLES / "cn_24_minimal.xml", "--tenders", tmp_path / "t", "--json")
    assert result.exit_code == 1, result.dump
    data = json.loads(result.stdout)
    assert data["status"] == "failed" and [t["action"] for t in data["tenders"]] == ["created"]
    assert data["tenders"][0]["id"] == "4805c409-5939-4be9-8abd-837f7a5fee23" and data["tenders"][0]["sources"] == 1
    assert data["tenders"][0]["origin"] == "eforms"
    [problem] = [p for p in data["problems"] if p["level"] == "error"]
    assert set(problem) == {"file", "line", "column", "field", "message", "hint", "level"}
    assert problem["line"] == 1 and "not well-formed XML" in problem["message"]


def test_dry_run_writes_nothing_and_usage_errors_exit_2(tmp_path: Path, cli) -> None:
    result = cli("import", "eforms", SAMPLES / "cn_24_minimal.xml", "--tenders", tmp_path / "t", "--dry-run")
    assert result.exit_code == 0 and "would create" in result.stdout and "reference: 4805c409" in result.stdout, result.dump
    assert not (tmp_path / "t").exists()
    assert cli("import", "eforms", SAMPLES / "cn_24_minimal.xml", "--lang", "klingon", "--tenders", tmp_path).exit_code == 2
    assert cli("import", "eforms", SAMPLES / "cn_24_minimal.xml", "--timezone", "Mars/Base", "--tenders", tmp_path).exit_code == 2
    assert cli("import", "eforms", "--help").exit_code == 0


def test_timezone_option_sets_the_zone_and_checks_offsets_against_it(tmp_path: Path) -> None:
    prepared, _ = eforms.prepare([("m.xml", (SAMPLES / "cn_24_minimal.xml").read_bytes())], zone="Europe/Helsinki")
    assert prepared[0].view.timezone == "Europe/Helsinki"
    assert any("is not Europe/Helsinki's" in str(n) for n in prepared[0].notes)


def test_a_folder_and_stdin(tmp_path: Path, cli) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "cn_24_minimal.xml", folder / "a.xml")
    (folder / "readme.txt").write_text("not a notice", encoding="utf-8")
    assert cli("import", "eforms", folder, "--tenders", tmp_path / "t").exit_code == 0
    raw = (SAMPLES / "cn_24_open.xml").read_text(encoding="utf-8")
    result = cli("import", "eforms", "-", "--tenders", tmp_path / "t", input=raw)
    assert result.exit_code == 0 and "created" in result.stdout, result.dump
    assert len(imported(tmp_path / "t")) == 2


def test_an_imported_eforms_tender_exports_valid_ocds(tmp_path: Path, cli) -> None:
    from test_ocds_export import errors_of

    folder = tmp_path / "t"
    assert cli("import", "eforms", *(SAMPLES / n for n in CALLS), "--tenders", folder).exit_code == 0
    tenders = list(imported(folder).values())
    package = ocds.export_package(tenders, now=datetime(2025, 1, 1, tzinfo=UTC))
    assert errors_of(package) == []
    assert len(package["releases"]) == len(CALLS)
    exported = tmp_path / "out.json"
    assert cli("export", "--format", "ocds", "--out", exported, "--tenders", folder).exit_code == 0
    assert errors_of(json.loads(exported.read_text(encoding="utf-8"))) == []


def test_every_imported_shape_exports_ocds_that_validates(tmp_path: Path, cli) -> None:
    """All samples, a change notice applied, and the hand-made variants (per-lot milestones, dates
    without a time, fixed-offset zones, no buyer, no documents): each tender exports valid OCDS."""
    from test_ocds_export import errors_of

    folder = tmp_path / "t"
    assert cli("import", "eforms", SAMPLES / "cn_24_open.xml", "--tenders", folder).exit_code == 0
    assert cli("import", "eforms", SAMPLES, VARIANTS / "train", VARIANTS / "holdout", "--tenders", folder).exit_code == 1  # INVALID_*
    tenders = imported(folder)
    assert len(tenders) == len(CALLS) + len(list((VARIANTS / "train").glob("*.xml"))) + len(list((VARIANTS / "holdout").glob("*.xml")))
    assert any("-lot-" in m.id for t in tenders.values() for m in t.dates), "a tender with per-lot milestones is exported"
    exported = tmp_path / "out.json"
    result = cli("export", "--format", "ocds", "--out", exported, "--tenders", folder)
    assert result.exit_code == 0, result.dump
    package = json.loads(exported.read_text(encoding="utf-8"))
    assert errors_of(package) == []
    assert sorted(r["tender"]["id"] for r in package["releases"]) == sorted(tenders)


def test_reimport_keeps_what_the_user_changed_and_the_notice_did_not(tmp_path: Path, cli) -> None:
    folder = tmp_path / "t"
    assert cli("import", "eforms", SAMPLES / "cn_24_minimal.xml", "--tenders", folder).exit_code == 0
    [path] = folder.iterdir()
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    write(path, text.replace(title, "title: Our short name for it", 1))
    result = cli("import", "eforms", SAMPLES / "cn_24_minimal.xml", "--tenders", folder)
    assert result.exit_code == 0 and result.stdout.startswith("unchanged"), result.dump
    assert "title: Our short name for it" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_two_procedures_with_one_internal_reference_in_one_run_never_share_it(tmp_path: Path, cli, dry_run: bool) -> None:
    """The second procedure whose BT-22 a tender of the same run already took is named by its
    procedure identifier; the first one's identity is read back from the file it was written to
    (a real import keeps only its reference and file), or kept in memory (a dry run writes none)."""
    text = (SAMPLES / "cn_24_FRA_comments.xml").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for n in (1, 2):
        notice = text.replace("<cbc:ContractFolderID>e3cdabf1-e057-47a5-9210-b1f6fc757228<", f"<cbc:ContractFolderID>proc-{n}<")
        assert notice != text
        (folder / f"n{n}.xml").write_text(notice, encoding="utf-8")
    out = tmp_path / "t"
    result = cli("import", "eforms", folder, "--tenders", out, *(["--dry-run"] if dry_run else []))
    assert result.exit_code == 0, result.dump
    assert "reference '19S0001' is taken by" in result.stderr and "(procedure proc-1); not touched" in result.stderr, result.dump
    if not dry_run:
        assert set(imported(out)) == {"19S0001", "proc-2"}
