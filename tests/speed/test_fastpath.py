"""The warm ``deadlines`` fast path prints exactly what the full CLI prints, byte for byte, or
hands the run back untouched; and it never imports typer, rich, pydantic or YAML (issue 17)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write
from tenderctl import fastpath

TENDER = """reference: {ref}
title: {title}
timezone: {zone}
status: {status}
tags: [{tags}]
{extra}dates:
  - id: questions
    kind: questions
    at: {questions}
  - id: submission
    kind: submission
    title: {milestone}
    at: {submission}
    as_written: "{written}"
"""

TITLES = [
    "Evaluation of the programme",
    "A very long title " + "that keeps going " * 8,
    "Étude d'impact à Liège, phase II",
    "[bold]not markup[/bold] and :smile: codes",
    "Ремонт школы № 5",
    "道路建设项目评估",  # wide characters: rich measures them, the fast path hands them back
    "Tabs\\tand \\u0007 bells",
]
ZONES = ["Europe/Brussels", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham", "UTC", "America/New_York"]
STATUSES = ["open", "submitted", "won", "cancelled", "open"]


PLAIN_TITLES = [*TITLES[:3], TITLES[4], "Works: [phase 2] of 3 (lots 1–4)"]


def make_folder(folder: Path, count: int = 14, titles: list[str] = PLAIN_TITLES) -> Path:
    for n in range(count):
        extra = "submit_buffer: 1d 4h\n" if n % 4 == 0 else ""
        write(
            folder / f"T-{n:02d}.yaml",
            TENDER.format(
                ref=f"T-{n:02d}",
                title='"' + titles[n % len(titles)] + '"',
                zone=ZONES[n % len(ZONES)],
                status=STATUSES[n % len(STATUSES)],
                tags=", ".join(["research", "works", "it"][: n % 4]),
                extra=extra,
                questions=f"2026-0{1 + n % 6}-{10 + n:02d}",
                submission=f"2026-0{1 + n % 6}-{12 + n:02d} {9 + n % 8:02d}:30" if n % 5 else f"2026-0{1 + n % 6}-{12 + n:02d}",
                milestone="Final proposal upload" if n % 3 else "Submission",
                written=f"{12 + n} of month {1 + n % 6}",
            ),
        )
    return folder


OPTION_SETS = [
    [],
    ["--all"],
    ["-a", "--json"],
    ["--json"],
    ["--within", "30d"],
    ["--within=2w", "--json"],
    ["--kind", "submission"],
    ["-k", "questions,submission", "--json"],
    ["--status", "closed", "--all"],
    ["--status", "active"],
    ["--ref", "t-03", "--ref", "T-05"],
    ["--tag", "research", "-t", "works", "--json"],
    ["--tz", "Asia/Tokyo"],
    ["--tz", "America/St_Johns", "--json", "--all"],
    ["--color", "never"],
    ["--color=always"],
    ["--as-of", "2030-01-01"],
    ["--as-of", "2030-01-01", "--json"],
    ["--kind", "nonsense"],
    ["--tz", "Mars/Olympus"],
    ["--within", "forever"],
    ["--as-of", "yesterday"],
    ["--help"],
    ["--no-cache"],
    ["--status", "lost", "--json"],
]
AS_OF = ["2026-01-01", "2026-03-14 09:00", "2026-02-10T12:00+05:30"]
ENVIRONMENTS: list[dict[str, str]] = [
    {},
    {"COLUMNS": "80"},
    {"COLUMNS": "120"},
    {"COLUMNS": "60"},
    {"TENDERCTL_TZ": "Africa/Nairobi"},
    {"NO_COLOR": "", "COLUMNS": ""},
    {"FORCE_COLOR": "1"},
]


def _full(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, str, int]:
    from tenderctl.cli import main

    old = sys.argv
    sys.argv = ["tenderctl", *argv]
    try:
        main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        sys.argv = old
    out, err = capsys.readouterr()
    return out, err, code


def _compare(argv: list[str], capsys: pytest.CaptureFixture[str]) -> bool:
    """Both paths on ``argv``; True when the fast path answered (and it must then match)."""
    from tenderctl.config import settings

    settings.cache_clear()
    fast = fastpath.answer(argv)
    capsys.readouterr()
    settings.cache_clear()
    out, err, code = _full(argv, capsys)
    if fast is not None:
        assert code == 0, (argv, err)
        assert fast == (out, err), argv
    return fast is not None


@pytest.mark.parametrize("lean", [False, True], ids=["decoded", "lean"])
@pytest.mark.parametrize("titles", [TITLES, PLAIN_TITLES], ids=["any-titles", "plain-titles"])
def test_fast_path_prints_what_the_full_path_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], titles: list[str], lean: bool
) -> None:
    """``lean``: summaries kept encoded and rows made as printed (a large folder's way), here forced."""
    from tenderctl.tenders import loader

    monkeypatch.setattr(loader, "LEAN_MIN_FILES", 0 if lean else 10**9)
    folder = make_folder(tmp_path / "tenders", titles=titles)
    _full(["validate", "--tenders", str(folder)], capsys)  # fills the cache
    answered = {True: 0, False: 0}
    cases = 0
    for env, options, as_of in itertools.product(ENVIRONMENTS, OPTION_SETS, AS_OF):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        argv = ["deadlines", *options, "--tenders", str(folder)]
        if "--as-of" not in options:
            argv += ["--as-of", as_of]
        answered["--json" in options] += _compare(argv, capsys)
        cases += 1
        for name in env:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "200")
    # Many runs are the fast path's; the rest (bad values, colour, help, wide characters in a
    # table, a squeezed table) the full path's.
    assert cases == len(ENVIRONMENTS) * len(OPTION_SETS) * len(AS_OF)
    assert answered[True] >= 100 and answered[False] >= (60 if titles is PLAIN_TITLES else 15), answered


def test_fast_path_follows_settings_files_and_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_folder(tmp_path / "tenders", 6)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    _full(["validate", "--tenders", str(folder)], capsys)
    argv = ["deadlines", "--as-of", "2026-01-05"]
    monkeypatch.setenv("TENDERCTL_TENDERS", str(folder))
    assert _compare(argv, capsys)
    write(folder / "tenderctl.toml", 'timezone = "Asia/Kathmandu"\n')
    assert _compare(argv, capsys)
    assert "Asia/Kathmandu" in (fastpath.answer(argv) or ("", ""))[0]
    write(tmp_path / "config" / "tenderctl" / "tenderctl.toml", 'color = "always"\n')
    assert _compare(argv, capsys)  # NO_COLOR wins over the file
    monkeypatch.delenv("NO_COLOR")
    assert not _compare(argv, capsys)  # colour asked for: the full path draws it
    assert _compare([*argv, "--json"], capsys)
    write(tmp_path / "config" / "tenderctl" / "tenderctl.toml", "color = [\n")
    assert not _compare(argv, capsys)  # a bad settings file: the full path names it
    (tmp_path / "config" / "tenderctl" / "tenderctl.toml").unlink()
    monkeypatch.setenv("TENDERCTL_TZ", "America/Halifax")
    assert _compare([*argv, "--json"], capsys)


def test_fast_path_hands_back_what_it_cannot_serve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_folder(tmp_path / "tenders", 4)
    argv = ["deadlines", "--json", "--as-of", "2026-01-05", "--tenders", str(folder)]
    assert _compare(argv, capsys)  # cold: parsed as the full path parses, and the cache learns it
    assert _compare(argv, capsys)  # warm
    # An edited file is a miss: parsed again, the answer is the full path's.
    path = folder / "T-01.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("T-01", "T-91"), encoding="utf-8")
    answered = fastpath.answer(argv)
    assert answered is not None and "T-91" in answered[0]
    assert _compare(argv, capsys)
    # An invalid file, a duplicate reference: the full path names them.
    write(folder / "new.yaml", "reference: [\n")
    assert fastpath.answer(argv) is None  # learnt, then handed back
    assert fastpath.answer(argv) is None
    _full(argv, capsys)
    assert fastpath.answer(argv) is None  # cached, but invalid: the full path reports it
    assert not _compare(argv, capsys)
    (folder / "new.yaml").unlink()
    write(folder / "copy.yaml", (folder / "T-02.yaml").read_text(encoding="utf-8"))
    _full(argv, capsys)
    assert fastpath.answer(argv) is None
    (folder / "copy.yaml").unlink()
    assert _compare(argv, capsys)
    # A missing folder, an option it does not know, a disabled cache.
    assert fastpath.answer(["deadlines", "--tenders", str(tmp_path / "nowhere")]) is None
    assert fastpath.answer([*argv, "--bogus"]) is None
    assert fastpath.answer([*argv, "extra"]) is None
    monkeypatch.setenv("TENDERCTL_NO_CACHE", "1")
    assert _compare(argv, capsys)  # parsed every time, the same answer
    assert fastpath.answer([*argv, "--no-cache"]) is None


def test_parse_reads_options_as_click_does() -> None:
    options = fastpath.parse(["--color", "never", "deadlines", "-k", "a", "--kind=b", "--tz", "X", "--tz=Y", "-a", "--json"])
    assert options.values == {"color": "never", "kind": ["a", "b"], "tz": "Y", "all": True, "json": True}
    for argv in (
        ["list"],
        ["deadlines", "--json=1"],
        ["deadlines", "-ak"],
        ["deadlines", "--"],
        ["deadlines", "--tz"],
        ["-V", "deadlines"],
    ):
        with pytest.raises(fastpath.Fallback):
            fastpath.parse(argv)


def _modules_after(argv: list[str], env: dict[str, str]) -> tuple[str, str, set[str]]:
    probe = (
        "import sys\n"
        "from tenderctl.entry import main\n"
        "sys.argv = ['tenderctl', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(m for m in sys.modules if '.' not in m))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=env, check=False)
    err, _, names = done.stderr.rpartition("\nMODULES ")
    return done.stdout, err, set(names.split())


@pytest.mark.parametrize("json", [True, False])
def test_warm_deadlines_imports_no_framework(tmp_path: Path, json: bool) -> None:
    folder = make_folder(tmp_path / "tenders", 8)
    env = {**os.environ, "TENDERCTL_TENDERS": str(folder)}
    argv = ["deadlines", "--as-of", "2026-02-01", *(["--json"] if json else [])]
    cold_out, cold_err, cold = _modules_after(argv, env)
    warm_out, warm_err, warm = _modules_after(argv, env)
    full_out, full_err, _ = _modules_after(argv, {**env, "TENDERCTL_NO_FASTPATH": "1"})
    assert {"yaml", "pydantic"} <= cold and not {"typer", "rich", "click"} & cold  # the first run parses the files
    assert not {"typer", "rich", "pydantic", "yaml", "click"} & warm, warm
    assert warm_out == cold_out == full_out and warm_err == cold_err == full_err == ""
    assert warm_out.count("T-0") >= 3


def test_ctrl_c_on_the_fast_path_is_one_line_and_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(argv: list[str]) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fastpath, "answer_pieces", interrupted)
    assert fastpath.run(["deadlines"]) == 130
    out, err = capsys.readouterr()
    assert (out, err) == ("", "interrupted\n")

    def interrupted_while_printing(argv: list[str]) -> tuple[Iterator[str], str]:
        def pieces() -> Iterator[str]:
            yield "{"
            raise KeyboardInterrupt

        return pieces(), ""

    monkeypatch.setattr(fastpath, "answer_pieces", interrupted_while_printing)
    assert fastpath.run(["deadlines"]) == 130
    out, err = capsys.readouterr()
    assert (out, err) == ("{", "interrupted\n")


_TEXT = st.text(
    alphabet=st.sampled_from([*"abcXYZ 019-:[]/.,'()*_", "é", "ß", "Ж", "–", "…", "·", "道", "\u0301", "😀"]),
    min_size=1,
    max_size=70,
).filter(lambda t: t.strip() == t and t[:1] not in "-[*:'" and not t.endswith(":"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tenders=st.lists(
        st.tuples(
            _TEXT,
            st.sampled_from(ZONES),
            st.sampled_from(STATUSES),
            st.dates(min_value=date(2025, 10, 1), max_value=date(2026, 12, 31)),
            st.one_of(st.none(), st.times()),
        ),
        min_size=0,
        max_size=6,
    ),
    options=st.lists(st.sampled_from(OPTION_SETS[:18]), min_size=1, max_size=3),
    columns=st.sampled_from(["200", "120", "95", "80", "70"]),
)
def test_fast_path_matches_on_generated_folders(
    tenders: list[tuple[str, str, str, date, time | None]],
    options: list[list[str]],
    columns: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json
    import tempfile

    monkeypatch.setenv("COLUMNS", columns)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "tenders"
        folder.mkdir()
        for n, (title, zone, status, day, clock) in enumerate(tenders):
            at = day.isoformat() + (f" {clock:%H:%M}" if clock is not None else "")
            write(
                folder / f"G-{n}.yaml",
                f"reference: G-{n}\ntitle: {json.dumps(title, ensure_ascii=False)}\ntimezone: {zone}\nstatus: {status}\n"
                f"dates:\n  - id: submission\n    kind: submission\n    title: {json.dumps(title[::-1], ensure_ascii=False)}\n    at: {at}\n",
            )
        _full(["validate", "--tenders", str(folder)], capsys)
        for chosen in options:
            argv = ["deadlines", *chosen, "--tenders", str(folder)]
            if "--as-of" not in chosen:
                argv += ["--as-of", "2026-03-01 12:00"]
            answered = _compare(argv, capsys)
            # JSON falls back only on bad values or invalid files, and these are neither.
            assert answered or "--json" not in chosen, argv


def test_fast_json_is_the_documented_deadlines_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    import jsonschema

    from tenderctl.report.schemas import output_schema

    folder = make_folder(tmp_path / "tenders", titles=TITLES)
    argv = ["deadlines", "--all", "--json", "--as-of", "2026-02-01", "--tenders", str(folder)]
    full_out, _err, _code = _full(argv, capsys)
    answered = fastpath.answer(argv)
    assert answered is not None and answered[0] == full_out
    data = json.loads(answered[0])
    jsonschema.validate(data, output_schema("deadlines"))
    assert len(data["deadlines"]) > 20 and {"as_of", "deadlines", "hidden"} <= set(data)


@pytest.mark.parametrize("json", [True, False])
def test_cold_deadlines_parses_in_workers_without_the_framework(tmp_path: Path, json: bool) -> None:
    """A cold run with many files to parse: the workers parse them, this process never imports
    pydantic, PyYAML or the CLI framework, and prints what the full path prints."""
    folder = make_folder(tmp_path / "tenders", 12)
    env = {**os.environ, "TENDERCTL_TENDERS": str(folder), "TENDERCTL_CACHE_DIR": str(tmp_path / "cache")}
    argv = ["deadlines", "--all", "--as-of", "2026-02-01", *(["--json"] if json else [])]
    probe = (
        "import sys\n"
        "import tenderctl.tenders.loader as loader\n"
        "loader.PARALLEL_MIN_FILES = 2\n"  # what 400 files would do, on 12
        f"loader.SECOND_WORKER_MIN_FILES = {2 if json else 10**9}\n"  # two workers, or one
        f"loader.LEAN_MIN_FILES = {0 if json else 10**9}\n"  # JSON: as a folder of 20,000 files would be read
        "from tenderctl.entry import main\n"
        "sys.argv = ['tenderctl', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(m for m in sys.modules if '.' not in m))\n"
    )
    cold = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=env, check=False)
    err, _, names = cold.stderr.rpartition("\nMODULES ")
    assert not {"typer", "rich", "pydantic", "yaml", "click"} & set(names.split()), names
    assert list((tmp_path / "cache").iterdir())  # the cache learnt every file
    full_out, full_err, _ = _modules_after(argv, {**env, "TENDERCTL_NO_FASTPATH": "1", "TENDERCTL_NO_CACHE": "1"})
    assert (cold.stdout, err) == (full_out, full_err) and cold.returncode == 0
    assert cold.stdout.count("T-0") >= 3


def _damage_id(s: dict[str, Any]) -> None:
    s["milestones"][0][0] = 7


def _damage_title(s: dict[str, Any]) -> None:
    s["title"] = ["a", "list"]


def _damage_instant(s: dict[str, Any]) -> None:
    s["milestones"][-1][8] = float("nan")


def _damage_far_instant(s: dict[str, Any]) -> None:
    s["milestones"][0][9] = 1e300


def _damage_utc(s: dict[str, Any]) -> None:
    s["milestones"][0][12] = 17


def _damage_short_entry(s: dict[str, Any]) -> None:
    s["milestones"][0] = s["milestones"][0][:12]


def _damage_no_milestones(s: dict[str, Any]) -> None:
    s["milestones"] = "none"


@pytest.mark.parametrize(
    "damage",
    [_damage_id, _damage_title, _damage_instant, _damage_far_instant, _damage_utc, _damage_short_entry, _damage_no_milestones],
)
def test_a_cache_entry_of_the_wrong_shape_is_handed_back_unprinted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], damage: Any
) -> None:
    """Warm rows come from the cache file and are printed as they are made: one holding a number
    where text belongs, an instant that is no time, a row cut short (an edited or damaged cache of
    the right version) must not print half an answer before failing."""
    from tenderctl import cache as cache_module

    monkeypatch.setenv("TENDERCTL_CACHE_DIR", str(tmp_path / "cache"))
    folder = make_folder(tmp_path / "tenders", 6)
    argv = ["deadlines", "--all", "--json", "--as-of", "2026-01-05", "--tenders", str(folder)]
    assert _compare(argv, capsys)
    cache = cache_module.Cache.open([folder])
    name = sorted(cache.entries)[-1]
    signature = cache.signature(name)
    assert signature is not None
    found = cache.get_stored(name, signature, name)
    assert found is not None
    summary = cache_module.decode(cache.blob(found[0]))
    damage(summary)
    cache.entries[name][cache_module.DATA] = cache_module.encode(summary)
    cache.used.update(cache.entries)
    cache.dirty = True
    cache.save()
    assert fastpath.run(argv) is None
    assert capsys.readouterr() == ("", "")
