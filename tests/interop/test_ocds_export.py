"""OCDS export: the package validates against the OCDS 1.1 schema, and export -> import loses nothing."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, TESTS, write
from tenderctl.interop import ocds
from tenderctl.tenders.loader import load_paths
from tenderctl.tenders.model import Tender

FIXTURES = TESTS / "fixtures" / "ocds"
NOW = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)

RICH = """\
# Everything a tender file can hold, to prove the round trip loses nothing.
reference: "AO/2025/017 lot 2"
title: Étude de faisabilité — réseau d'eau, Saint-Louis
timezone: Africa/Dakar
buyer: Société Nationale des Eaux
status: submitted
status_date: 2025-05-02
portal:
  name: e-Procurement SN
  url: https://marches.example.sn
  notes: Account needed; allow two days for activation.
url: https://marches.example.sn/avis/2025-017
submit_buffer: 1d 4h
tags: [water, feasibility, "=cmd"]
notes: |
  Two envelopes.
  Financial offer sealed separately.
contacts:
  - name: Awa Diop
    role: procurement officer
    email: awa.diop@example.sn
    phone: "+221 33 000 00 00"
  - name: Second Contact
links:
  - title: Dossier d'appel d'offres
    url: https://marches.example.sn/dao.pdf
  - title: Addendum 1
    url: https://marches.example.sn/add1.pdf
dates:
  - id: visit
    kind: site-visit
    title: Visite de site
    at: 2025-05-12 09:30
    as_written: "le 12 mai 2025 à 9h30"
    notes: Meet at the Saint-Louis plant gate.
  - id: questions
    kind: questions
    at: 2025-05-20
  - id: deposit
    kind: submission
    title: Dépôt des offres
    at: 2025-06-02T12:00:00+00:00
    sequence: 2
  - id: opening
    kind: opening
    title: Ouverture des plis
    at: 2025-06-02 12:30
    timezone: Europe/Paris
  - id: prep
    kind: internal
    at: 2025-05-28 17:00
steps:
  - Read the DAO
  - text: Visit the site
    id: go-visit
    date: visit
    done: 2025-05-12
    note: went with the engineer
  - text: Upload
    date: deposit
    url: https://marches.example.sn/upload
checks:
  - rule: signature
    documents: [technical, financial]
    severity: disqualifying
    tip: "Signed on every page"
  - rule: page-limit
    severity: warning
    options: {max_pages: 30, nested: {a: [1, 2]}}
experts:
  - Team leader
  - role: Hydraulic engineer
    name: M. Sarr
criteria:
  - Methodology
  - title: Experience
    weight: 30
    keywords: [water, feasibility]
documents:
  technical: ["tech/*.pdf"]
  financial: ["fin/*.xlsx"]
extensions:
  other-tool: {id: 42, flags: [x, y]}
"""


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tenders"
    folder.mkdir()
    shutil.copy(ROOT / "tenders" / "RFPS-NYH-2025-503831.yaml", folder)
    write(folder / "rich.yaml", RICH)
    write(folder / "minimal.yaml", "reference: M-1\ntitle: Minimal\ntimezone: UTC\n")
    return folder


def load_all(folder: Path) -> dict[str, Tender]:
    result = load_paths(tenders=folder, use_cache=False)
    assert result.ok, [str(p) for p in result.problems]
    return {loaded.tender.reference: loaded.tender for loaded in result.tenders}


def schema_validator():
    """The OCDS 1.1.5 release package schema with its release schema, both vendored.

    jsonschema checks 'date-time' and 'uri' only with optional packages that are not
    installed here, so both formats get a small explicit checker (RFC 3339: offset required).
    """
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    package_schema = json.loads((FIXTURES / "release-package-schema-1.1.5.json").read_text(encoding="utf-8"))
    release_schema = json.loads((FIXTURES / "release-schema-1.1.5.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(release_schema["id"], Resource.from_contents(release_schema, default_specification=DRAFT4))
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if not isinstance(value, str) or "T" not in value:
            return False
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        return isinstance(value, str) and bool(urlparse(value).scheme)

    return Draft4Validator(package_schema, registry=registry, format_checker=checker)


def errors_of(package: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schema_validator().iter_errors(package)]


def test_the_validator_can_fail() -> None:
    """The schema check must be able to say no, or passing it means nothing."""
    bad = {
        "uri": "urn:x",
        "version": "1.1",
        "publishedDate": "yesterday",
        "publisher": {"name": "x"},
        "releases": [
            {
                "ocid": "o",
                "id": "1",
                "date": "2025-01-01",
                "tag": ["not-a-tag"],
                "initiationType": "tender",
                "tender": {"id": "t", "tenderPeriod": {"endDate": "2025-01-01T10:00:00"}, "milestones": [{"id": 5}]},
            }
        ],
    }
    found = "\n".join(errors_of(bad))
    assert "publishedDate: 'yesterday' is not a 'date-time'" in found
    assert "releases/0/date: '2025-01-01' is not a 'date-time'" in found
    assert "releases/0/tender/tenderPeriod/endDate" in found
    assert "releases/0/tag/0" in found


def test_export_validates_against_the_ocds_release_package_schema(tmp_path: Path) -> None:
    tenders = load_all(make_folder(tmp_path))
    package = ocds.export_package(list(tenders.values()), now=NOW)
    assert errors_of(package) == []
    assert [r["tender"]["id"] for r in package["releases"]] == sorted(tenders, key=lambda r: list(tenders).index(r))
    seed = next(r for r in package["releases"] if r["tender"]["id"] == "RFPS-NYH-2025-503831")
    assert seed["tender"]["tenderPeriod"] == {"endDate": "2025-06-05T15:00:00+02:00"}
    assert seed["tender"]["enquiryPeriod"] == {"endDate": "2025-05-22T23:59:59+02:00"}  # all day: due to the end of it
    assert seed["buyer"] == {"id": "buyer", "name": "Safe Online"}
    assert {m["id"]: m["code"] for m in seed["tender"]["milestones"]} == {
        "conference": "conference",
        "questions": "questions",
        "submission": "submission",
    }
    assert seed["tender"]["tenderctl"]["version"] == 1
    assert seed["tender"]["tenderctl"]["tender"]["steps"][0]["id"] == "tor"


def test_imported_real_data_exports_valid_ocds(tmp_path: Path, cli) -> None:
    folder = tmp_path / "tenders"
    names = [
        str(FIXTURES / n)
        for n in ("release-package-1.json", "release-package-2.json", "release-package_encoding-utf-8.json", "record-package-1.json")
    ]
    result = cli("import", "ocds", *names, "--tenders", folder)
    assert result.exit_code == 0, result.dump
    out = tmp_path / "out.json"
    result = cli("export", "--format", "ocds", "--out", out, "--tenders", folder)
    assert result.exit_code == 0, result.dump
    package = json.loads(out.read_text(encoding="utf-8"))
    assert len(package["releases"]) == 4
    assert errors_of(package) == []
    # an ocid from the real data is kept, not replaced by ours
    assert {r["ocid"] for r in package["releases"]} >= {"OCDS-87SD3T-AD-SF-DRM-065-2015", "ocds-07smqs-993235"}


def test_round_trip_through_the_cli_loses_nothing(tmp_path: Path, cli) -> None:
    source = make_folder(tmp_path)
    exported = tmp_path / "export.json"
    result = cli("export", "--format", "ocds", "--out", exported, "--tenders", source)
    assert result.exit_code == 0, result.dump
    target = tmp_path / "empty"
    result = cli("import", "ocds", exported, "--tenders", target)
    assert result.exit_code == 0, result.dump
    # our own export is clean data: the only warnings are about what the minimal tender lacks
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert len(warnings) == 2 and all("tenderctl-M-1" in w for w in warnings), result.dump
    assert "no buyer" in warnings[0] and "no submission deadline" in warnings[1]
    before, after = load_all(source), load_all(target)
    assert sorted(before) == sorted(after)
    for reference, tender in before.items():
        assert after[reference].model_dump() == tender.model_dump(), reference
    # re-importing the same export changes nothing
    result = cli("import", "ocds", exported, "--tenders", target)
    assert result.exit_code == 0 and result.stdout.count("unchanged") == 3, result.dump


def test_round_trip_of_real_imported_data(tmp_path: Path, cli) -> None:
    first = tmp_path / "first"
    cli("import", "ocds", FIXTURES / "release-package_encoding-utf-8.json", "--tenders", first)
    exported = tmp_path / "e.json"
    assert cli("export", "-f", "ocds", "-o", exported, "--tenders", first).exit_code == 0
    second = tmp_path / "second"
    assert cli("import", "ocds", exported, "--tenders", second).exit_code == 0
    a, b = load_all(first), load_all(second)
    assert a.keys() == b.keys() and all(a[k].model_dump() == b[k].model_dump() for k in a)


def test_standard_fields_changed_by_another_tool_win_over_the_carried_copy(tmp_path: Path) -> None:
    """Someone amends our exported release with a standard tool: the new deadline is imported."""
    tenders = load_all(make_folder(tmp_path))
    package = ocds.export_package([tenders["RFPS-NYH-2025-503831"]], now=NOW)
    tender = package["releases"][0]["tender"]
    tender["tenderPeriod"]["endDate"] = "2025-06-12T15:00:00+02:00"
    for milestone in tender["milestones"]:
        if milestone["id"] == "submission":
            milestone["dueDate"] = "2025-06-12T15:00:00+02:00"
    tender["title"] = "Amended title"
    prepared, notes = ocds.prepare([("amended.json", json.dumps(package).encode())])
    assert not notes
    outcomes = ocds.import_tenders(prepared, tmp_path / "new")
    assert [o.action for o in outcomes] == ["created"]
    imported = load_all(tmp_path / "new")["RFPS-NYH-2025-503831"]
    original = tenders["RFPS-NYH-2025-503831"]
    assert imported.title == "Amended title"
    submission = imported.milestone("submission")
    assert submission is not None and submission.at == "2025-06-12T15:00:00+02:00" and submission.sequence == 1
    assert imported.steps == original.steps and imported.checks == original.checks
    assert imported.milestone("conference") == original.milestone("conference")  # untouched, still all-day


def test_export_of_an_all_day_submission_and_local_times(tmp_path: Path) -> None:
    tender = Tender.model_validate(
        {
            "reference": "A",
            "title": "A",
            "timezone": "America/New_York",
            "dates": [{"id": "s", "kind": "submission", "at": "2025-11-02"}, {"id": "q", "kind": "questions", "at": "2025-11-01 17:00"}],
        }
    )
    release = ocds.export_release(tender, now=NOW)
    # 2 November 2025 is the day New York leaves daylight saving: the day ends at -05:00
    assert release["tender"]["tenderPeriod"]["endDate"] == "2025-11-02T23:59:59-05:00"
    assert release["tender"]["enquiryPeriod"]["endDate"] == "2025-11-01T17:00:00-04:00"
    assert release["ocid"] == "tenderctl-A"
    assert errors_of(ocds.export_package([tender], now=NOW)) == []


@pytest.mark.parametrize("version", [2, "1", None])
def test_a_foreign_or_future_payload_is_ignored_with_a_warning(tmp_path: Path, version: object) -> None:
    tenders = load_all(make_folder(tmp_path))
    package = ocds.export_package([tenders["M-1"]], now=NOW)
    package["releases"][0]["tender"]["tenderctl"]["version"] = version
    prepared, _ = ocds.prepare([("p.json", json.dumps(package).encode())])
    assert prepared[0].view.carried is None
    assert any("tender.tenderctl.version" in str(n) for n in prepared[0].notes)


def test_an_invalid_carried_tender_falls_back_to_standard_fields(tmp_path: Path) -> None:
    tenders = load_all(make_folder(tmp_path))
    package = ocds.export_package([tenders["M-1"]], now=NOW)
    package["releases"][0]["tender"]["tenderctl"]["tender"]["dates"] = [{"id": "x", "at": "soon"}]
    prepared, _ = ocds.prepare([("p.json", json.dumps(package).encode())])
    assert prepared[0].view.carried is None
    assert any("the carried tender is ignored" in str(n) for n in prepared[0].notes)


def test_no_extension_leaves_private_fields_out_and_still_validates(tmp_path: Path, cli) -> None:
    source = make_folder(tmp_path)
    out = tmp_path / "share.json"
    result = cli("export", "-f", "ocds", "--no-extension", "-o", out, "--tenders", source)
    assert result.exit_code == 0, result.dump
    text = out.read_text(encoding="utf-8")
    package = json.loads(text)
    assert errors_of(package) == []
    assert all("tenderctl" not in r["tender"] for r in package["releases"])
    assert "Signed on every page" not in text and "went with the engineer" not in text
    assert cli("export", "-f", "csv", "--no-extension", "--tenders", source).exit_code == 2
