"""OCDS import: reading every container, merging in date order, mapping messy real data."""

from __future__ import annotations

import copy
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import TESTS
from tenderctl.interop import ocds
from tenderctl.tenders.timeline import get_zone, resolve

FIXTURES = TESTS / "fixtures" / "ocds"


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def prepare_one(data: object, name: str = "input.json", zone: str | None = None) -> ocds.Prepared:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    prepared, notes = ocds.prepare([(name, raw)], zone=zone)
    assert not [n for n in notes if n.level == "error"], notes
    assert len(prepared) == 1, prepared
    return prepared[0]


def messages(item: ocds.Prepared) -> list[str]:
    return [str(n) for n in item.notes]


def instant(at: str, zone: str) -> datetime:
    return resolve(at, get_zone(zone)).start.astimezone(UTC)


# -- reading ---------------------------------------------------------------------------------------


def test_release_package_from_real_data_maps_the_tender() -> None:
    item = prepare_one(load_fixture("release-package-2.json"), "release-package-2.json")
    view = item.view
    assert view.reference == "OCDS-87SD3T-AD-SF-DRM-065-2015"
    assert view.ocid == "OCDS-87SD3T-AD-SF-DRM-065-2015"
    assert view.title == "RENOVACIÓN DEL LICENCIAMIENTO SELECT BENTLEY"  # non-ASCII kept as published
    assert view.buyer == "SECRETARÍA DE FINANZAS"
    assert view.dates["submission"] == {"kind": "submission", "title": "Submission deadline", "at": "2015-12-17T00:00:00-06:00"}
    assert view.dates["award"]["at"] == "2015-12-30T00:00:00-06:00"
    assert view.timezone == "Etc/GMT+6"  # UTC-6: POSIX sign is inverted
    assert instant(view.dates["submission"]["at"], view.timezone) == datetime(2015, 12, 17, 6, 0, tzinfo=UTC)
    assert view.links == [
        {
            "title": "REQUISICION 532",
            "url": "http://innovacion.finanzas.df.gob.mx/ocpsefin/INTERFASE2/GRP/OCDS/ARCHIVOS/requisicion_532_20160615_105511.pdf",
        }
    ]
    assert view.portal == {"name": "PROPUESTA ECONOMICA DEL PRESTADOR DE SERVICIO Y COSTO BENEFICIO"}
    assert len(item.merged.sources) == 2
    text = "\n".join(messages(item))
    assert (
        "release-package-2.json:1:1: warning: OCDS-87SD3T-AD-SF-DRM-065-2015: release 02 (latest of 2): tender.tenderPeriod.endDate" in text
    )
    assert "midnight" in text
    assert "inferred Etc/GMT+6 from the UTC offset UTC-06:00" in text
    assert "tender.enquiryPeriod.endDate: is null or missing" in text
    assert "non-standard spelling of submissionMethodDetails" in text


def test_start_equal_to_end_is_a_warning_not_a_failure() -> None:
    item = prepare_one(load_fixture("release-package-1.json"), "release-package-1.json")
    assert item.view.dates["submission"]["at"] == "2015-12-22T00:00:00-06:00"
    assert any("tender.tenderPeriod: starts and ends at the same time" in m for m in messages(item))


def test_record_package_uses_the_compiled_release() -> None:
    item = prepare_one(load_fixture("record-package-1.json"), "record-package-1.json")
    assert item.view.reference == "993235"
    assert item.view.title == "SERVICIO DE ASESORÍA EXTERNA DE SEGUROS PARA EL INAH"
    assert item.view.buyer == "Instituto Nacional de Antropología e Historia"
    assert item.merged.label == "records[0].compiledRelease"
    assert item.view.dates == {}  # tenderPeriod has a start and no end
    text = "\n".join(messages(item))
    assert "tender.tenderPeriod.endDate: is null or missing: no submission deadline" in text
    assert "no dates at all; the tender's zone is UTC" in text


def test_record_without_compiled_release_merges_its_releases() -> None:
    package = load_fixture("release-package-2.json")
    record_package = {"records": [{"ocid": package["releases"][0]["ocid"], "releases": package["releases"]}]}
    item = prepare_one(record_package)
    assert item.view.dates["submission"]["at"] == "2015-12-17T00:00:00-06:00"
    assert len(item.merged.sources) == 2


def test_single_release_array_and_json_lines() -> None:
    releases = load_fixture("release-package_encoding-utf-8.json")["releases"]
    single = prepare_one(releases[0])
    assert single.view.title == "MANTENIMIENTO A MÁQUINA CORTADORA"
    as_array = prepare_one(releases)
    assert len(as_array.merged.sources) == 3
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in releases).encode("utf-8")
    as_lines = prepare_one(lines, "releases.jsonl")
    assert len(as_lines.merged.sources) == 3
    assert as_lines.view.dates == as_array.view.dates


def test_bad_json_is_one_error_with_its_position() -> None:
    prepared, notes = ocds.prepare([("broken.json", b'{"releases": [\n  {"ocid": "x",\n   "tender": {]}\n]}')])
    assert prepared == []
    assert [str(n) for n in notes] == ["broken.json:3:15: json: not valid JSON: Expecting property name enclosed in double quotes"]


def test_bad_json_lines_names_the_line() -> None:
    good = json.dumps({"ocid": "ocds-a", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"], "tender": {"title": "x"}})
    prepared, notes = ocds.prepare([("r.jsonl", f"{good}\n{good}\n{{oops\n".encode())])
    assert prepared == []
    assert len(notes) == 1 and notes[0].line == 3 and notes[0].level == "error", notes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "the input is empty"),
        (b"\xff\xfe{}", "not valid UTF-8"),
        (b'{"hello": "world"}', "neither a release, a record, nor a package"),
        (b"[" * 100 + b"]" * 100, "nested more than 64 levels"),
        (b"[" * 100_000 + b"]" * 100_000, "nested more than 64 levels"),
        (b'"just a string"', "expected a JSON object"),
        (b'{"releases": []}', "no releases or records found"),
    ],
)
def test_hostile_or_foreign_input_fails_cleanly(raw: bytes, expected: str) -> None:
    prepared, notes = ocds.prepare([("in.json", raw)])
    assert prepared == []
    assert len(notes) == 1 and expected in notes[0].message and notes[0].level == "error", notes


def test_input_size_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocds.source, "MAX_INPUT_BYTES", 1000)
    prepared, notes = ocds.prepare([("big.json", b" " * 1001 + b"{}")])
    assert prepared == [] and "over the 1,000-byte limit" in notes[0].message


def test_release_without_ocid_is_named_not_dropped_silently() -> None:
    package = {"releases": [{"id": "r1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"], "tender": {"title": "Lost"}}]}
    prepared, notes = ocds.prepare([("p.json", json.dumps(package).encode())])
    assert prepared == []
    assert [str(n) for n in notes] == ["p.json:1:1: release r1: has no ocid, so it cannot be tied to a tender; skipped"]


def test_linked_releases_are_reported() -> None:
    package = {"releases": [{"url": "https://example.org/r1.json", "date": "2020-01-01T00:00:00Z"}]}
    prepared, notes = ocds.prepare([("p.json", json.dumps(package).encode())])
    assert prepared == []
    assert any("a linked release (only a url)" in n.message for n in notes)


# -- merging ---------------------------------------------------------------------------------------


def amended_package() -> dict:
    """The real release-package-2 plus a later tenderAmendment that moves the deadline."""
    package = load_fixture("release-package-2.json")
    amendment = copy.deepcopy(package["releases"][-1])
    amendment.update(id="03", date="2017-07-01T09:00:00-05:00", tag=["tenderAmendment"])
    amendment["tender"]["tenderPeriod"]["endDate"] = "2015-12-18T14:00:00-06:00"
    amendment["tender"]["amendments"] = [{"id": "a1", "date": "2017-07-01T09:00:00-05:00", "rationale": "Plazo ampliado"}]
    amendment["tender"]["enquiryPeriod"] = {"startDate": None, "endDate": None}
    package["releases"].insert(0, amendment)  # file order must not matter: dates do
    return package


def test_releases_merge_in_date_order_and_the_amendment_wins() -> None:
    item = prepare_one(amended_package())
    assert [s.data["id"] for s in item.merged.sources] == ["01", "02", "03"]
    assert item.view.dates["submission"]["at"] == "2015-12-18T14:00:00-06:00"
    assert item.view.dates["amendment-a1"] == {"kind": "amendment", "title": "Amendment: Plazo ampliado", "at": "2017-07-01T09:00:00-05:00"}
    # two offsets (-06:00 and -05:00): the zone comes from the submission date, with a warning
    assert item.view.timezone == "Etc/GMT+6"
    assert any("different UTC offsets (UTC-06:00, UTC-05:00)" in m for m in messages(item))


def test_merge_rules_null_removes_and_ids_merge() -> None:
    first = {
        "ocid": "o",
        "id": "1",
        "date": "2020-01-01T00:00:00Z",
        "tag": ["tender"],
        "tender": {
            "title": "T",
            "description": "old",
            "milestones": [
                {"id": "m1", "title": "Site visit", "dueDate": "2020-02-01T10:00:00Z"},
                {"id": "m2", "title": "Pre-bid meeting", "dueDate": "2020-02-02T10:00:00Z"},
            ],
        },
    }
    second = {
        "ocid": "o",
        "id": "2",
        "date": "2020-01-05T00:00:00Z",
        "tag": ["tenderUpdate"],
        "tender": {"description": None, "milestones": [{"id": "m2", "dueDate": "2020-02-03T10:00:00Z"}]},
    }
    merged = ocds.merge_releases("o", [ocds.SourceRelease(second, "f", "2"), ocds.SourceRelease(first, "f", "1")])
    tender = merged.release["tender"]
    assert "description" not in tender
    assert [m["id"] for m in tender["milestones"]] == ["m1", "m2"]
    assert tender["milestones"][1] == {"id": "m2", "title": "Pre-bid meeting", "dueDate": "2020-02-03T10:00:00Z"}
    view, _notes = ocds.standard_view(merged)
    assert view.dates["m1"]["kind"] == "site-visit"
    assert view.dates["m2"]["kind"] == "conference"


# -- messy data ------------------------------------------------------------------------------------


def test_missing_title_gets_a_placeholder_and_says_so() -> None:
    release = {
        "ocid": "ocds-abc-1",
        "id": "1",
        "date": "2020-01-01T00:00:00Z",
        "tag": ["tender"],
        "tender": {"id": "T-1", "tenderPeriod": {"endDate": None}},
    }
    item = prepare_one(release, "r.json")
    assert item.view.title == "Untitled OCDS tender ocds-abc-1"
    text = "\n".join(messages(item))
    assert "tender.title: missing; using the placeholder title 'Untitled OCDS tender ocds-abc-1'" in text
    assert "tender.tenderPeriod.endDate: is null or missing: no submission deadline" in text


def test_missing_tender_id_uses_the_ocid() -> None:
    item = prepare_one({"ocid": "ocds-abc-2", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"], "tender": {"title": "X"}})
    assert item.view.reference == "ocds-abc-2"


@pytest.mark.parametrize(
    ("value", "expected_at", "warning"),
    [
        ("2025-06-05T15:00:00+05:30", "2025-06-05T15:00:00+05:30", "not whole hours; the tender's zone is UTC"),
        ("2025-06-05", "2025-06-05", "has no time; imported as an all-day date"),
        ("2025-06-05T15:00:00", "2025-06-05 15:00", "has no UTC offset; read as local time"),
        ("next friday", None, "not a date-time: 'next friday'; left out"),
        ("2025-06-05T15:00:00.123Z", "2025-06-05T15:00:00+00:00", "inferred"),
    ],
)
def test_odd_date_values(value: str, expected_at: str | None, warning: str) -> None:
    release = {
        "ocid": "o-1",
        "id": "1",
        "date": "2020-01-01T00:00:00Z",
        "tag": ["tender"],
        "tender": {"title": "X", "tenderPeriod": {"endDate": value}},
    }
    item = prepare_one(release)
    assert item.view.dates.get("submission", {}).get("at") == expected_at
    assert any(warning in m for m in messages(item)), messages(item)


def test_timezone_option_keeps_the_instant_exact() -> None:
    item = prepare_one(load_fixture("release-package-2.json"), zone="America/Mexico_City")
    assert item.view.timezone == "America/Mexico_City"
    at = item.view.dates["submission"]["at"]
    assert at == "2015-12-17T00:00:00-06:00"
    assert instant(at, "America/Mexico_City") == datetime(2015, 12, 17, 6, 0, tzinfo=UTC)
    assert not any("inferred" in m for m in messages(item))


@pytest.mark.parametrize(
    ("offset_hours", "zone"), [(-6, "Etc/GMT+6"), (2, "Etc/GMT-2"), (0, "UTC"), (14, "Etc/GMT-14"), (-12, "Etc/GMT+12")]
)
def test_fixed_offset_zone_sign_is_posix(offset_hours: int, zone: str) -> None:
    from datetime import timedelta

    assert ocds.fixed_offset_zone(timedelta(hours=offset_hours)) == zone
    moment = datetime(2025, 1, 1, 12, tzinfo=get_zone(zone))
    assert moment.utcoffset() == timedelta(hours=offset_hours)


def test_milestones_map_to_dates_by_kind() -> None:
    tender = {
        "title": "Roads",
        "milestones": [
            {"id": "1", "title": "Junta de aclaraciones", "dueDate": "2025-03-01T10:00:00-06:00"},
            {"id": "2", "title": "Apertura de propuestas", "dueDate": "2025-03-10T10:00:00-06:00"},
            {"id": "3", "type": "engagement", "title": "Supplier day", "dueDate": "2025-02-20T10:00:00-06:00"},
            {"id": "4", "title": "Something", "code": "site-visit", "dueDate": "2025-02-25T10:00:00-06:00"},
            {"id": "5", "title": "No date"},
        ],
        "tenderPeriod": {"endDate": "2025-03-10T10:00:00-06:00"},
        "bidOpening": {"date": "2025-03-10T11:00:00-06:00"},
        "documents": [{"id": "d", "title": "Bases", "url": "https://example.org/bases.pdf"}, {"id": "e", "title": "No url"}],
        "submissionMethodDetails": "Submit on CompraNet https://compranet.example.org/login.",
    }
    item = prepare_one({"ocid": "o-2", "id": "1", "date": "2025-01-01T00:00:00Z", "tag": ["tender"], "tender": tender})
    kinds = {mid: d["kind"] for mid, d in item.view.dates.items()}
    assert kinds == {
        "3": "conference",
        "4": "site-visit",
        "1": "conference",
        "2": "opening",
        "submission": "submission",
        "opening": "opening",
    }
    assert list(item.view.dates) == ["3", "4", "1", "2", "submission", "opening"]  # chronological
    assert item.view.portal == {"name": "Submit on CompraNet", "url": "https://compranet.example.org/login"}
    text = "\n".join(messages(item))
    assert "tender.milestones[4]: has no dueDate; left out" in text
    assert "tender.documents[1]: has no url; left out" in text


def test_cancelled_tender_sets_status() -> None:
    item = prepare_one(
        {"ocid": "o-3", "id": "1", "date": "2025-01-01T00:00:00Z", "tag": ["tender"], "tender": {"title": "X", "status": "cancelled"}}
    )
    assert item.view.status == "cancelled"


def test_mojibake_is_flagged() -> None:
    item = prepare_one(
        {"ocid": "o-4", "id": "1", "date": "2025-01-01T00:00:00Z", "tag": ["tender"], "tender": {"title": "MANTENIMIENTO A MÃ\x81QUINA"}}
    )
    assert any("probably 'MANTENIMIENTO A MÁQUINA'" in m for m in messages(item))


def test_every_real_fixture_becomes_a_valid_tender() -> None:
    from tenderctl.tenders.parse import parse_tender

    for name in ("release-package-1.json", "release-package-2.json", "release-package_encoding-utf-8.json", "record-package-1.json"):
        item = prepare_one(load_fixture(name), name)
        text = ocds.dump_yaml(ocds.new_tender(item.view, item.merged))
        tender, problems = parse_tender(text, name)
        assert tender is not None, problems
        assert tender.ocid == item.view.ocid


# -- never crash -----------------------------------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        ["2025-06-05T15:00:00+02:00", "2025-06-05", "2025-06-05T00:00:00Z", "2025-13-40", "2025-06-05T15:00:00+05:30:15", "", " "]
    ),
)
_json = st.recursive(
    _scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=20
)
_fields = st.sampled_from(
    [
        "id",
        "title",
        "description",
        "status",
        "tenderPeriod",
        "enquiryPeriod",
        "awardPeriod",
        "milestones",
        "documents",
        "amendments",
        "submissionMethodDetails",
        "procuringEntity",
        "bidOpening",
        "tenderctl",
    ]
)
_period = st.fixed_dictionaries({}, optional={"startDate": _json, "endDate": _json})
_milestone = st.fixed_dictionaries({}, optional={"id": _json, "title": _json, "type": _json, "code": _json, "dueDate": _json})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tender=st.dictionaries(_fields, st.one_of(_json, _period, st.lists(_milestone, max_size=3)), max_size=8),
    release_extra=st.dictionaries(st.sampled_from(["buyer", "parties", "date", "tag"]), _json, max_size=3),
)
@example(tender={"id": {}, "title": {}, "description": "0\n\x08"}, release_extra={})  # a control character: escaped, never raw
def test_random_release_shapes_never_crash_and_never_vanish(tender: dict, release_extra: dict) -> None:
    from tenderctl.tenders.parse import parse_tender

    release = {"ocid": "ocds-fuzz-1", "id": "1", **release_extra, "tender": tender}
    prepared, notes = ocds.prepare([("fuzz.json", json.dumps(release).encode())])
    assert not any("internal error" in n.message for n in notes), notes
    assert len(prepared) == 1  # one ocid in, one tender out: never dropped silently
    item = prepared[0]
    text = ocds.dump_yaml(ocds.new_tender(item.view, item.merged))
    parsed, problems = parse_tender(text, "fuzz.yaml")
    if item.view.carried is None:
        assert parsed is not None, (problems, text)


def test_a_note_is_one_line_whatever_the_data_holds() -> None:
    release = {
        "ocid": "ocds-x\nFAKE: error: injected",
        "id": "r\r1",
        "date": "2020-01-01T00:00:00Z",
        "tag": ["tender"],
        "tender": {"title": "T"},
    }
    item = prepare_one(release, "in\n.json")
    assert item.view.reference == "ocds-x FAKE: error: injected"
    for note in item.notes:
        assert "\n" not in str(note) and "\r" not in str(note)


def test_lone_surrogates_are_replaced_not_a_crash(tmp_path: Path) -> None:
    raw = (
        b'{"ocid": "o-s", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"], "tender": {"title": "A \\ud800 B \\ud83d\\ude00"}}'
    )
    prepared, notes = ocds.prepare([("s.json", raw)])
    assert prepared[0].view.title == "A \ufffd B \U0001f600"  # a valid pair stays one character
    assert any("lone UTF-16 surrogate" in n.message for n in notes)
    outcomes = ocds.import_tenders(prepared, tmp_path / "t")
    assert outcomes[0].action == "created"
    assert "A \ufffd B \U0001f600" in (tmp_path / "t" / "o-s.yaml").read_text(encoding="utf-8")


def test_notes_are_problems_with_one_format_and_one_json_shape(tmp_path: Path) -> None:
    from tenderctl.errors import Problem

    item = prepare_one(load_fixture("release-package-2.json"), "release-package-2.json")
    assert item.notes and all(isinstance(n, Problem) for n in item.notes)
    shapes = {tuple(n.to_json()) for n in item.notes}
    assert shapes == {("file", "line", "column", "field", "message", "hint", "level")}
    inputs, errors = ocds.read_inputs([str(tmp_path / "missing.json")], io.BytesIO())
    assert inputs == [] and [type(e) for e in errors] == [Problem]
    assert tuple(errors[0].to_json()) == ("file", "line", "column", "field", "message", "hint", "level")


def test_milestone_kinds_come_from_the_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    """ocds reads the one list in tenderctl.vocab: a kind added there is a kind OCDS codes map to."""
    from tenderctl import vocab

    monkeypatch.setattr("tenderctl.interop.ocds.view.MILESTONE_KINDS", (*vocab.MILESTONE_KINDS, "tasting"))
    from tenderctl.interop.ocds.view import _milestone_kind

    assert _milestone_kind({"code": "tasting"}) == "tasting"
    assert _milestone_kind({"code": "award"}) == "award"
