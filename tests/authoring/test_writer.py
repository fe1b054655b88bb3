"""tenderctl.tenders.writer: the one writer of new tender files round-trips through the loader."""

from __future__ import annotations

import string
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderctl.tenders import yamlio
from tenderctl.tenders.loader import parse_tender
from tenderctl.tenders.writer import Commented, Note, scalar, write_yaml

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
tricky = st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "null",
        "~",
        "",
        " ",
        "1",
        "007",
        "1e3",
        ".inf",
        "a: b",
        "a #b",
        "- x",
        "#x",
        "x\n",
        "\n",
        "a\n\nb",
        " lead\nx",
        "2026-05-04",
        "2026-05-04 17:00",
        "line\u2028sep",
        "bom\ufeff",
        "del\x7f",
        "tab\tx",
        "trailing \nspace",
        "[x]",
        "{x}",
        "'q'",
        '"q"',
        "&a",
        "*a",
        "!tag",
        "%x",
        "@x",
        "`x",
        "|",
        ">",
        "?",
        ":",
        "x:",
        "é ñ ü",
        "a\r\nb",
    ]
)
strings = st.one_of(text, tricky)
scalars = st.one_of(strings, st.integers(-(10**12), 10**12), st.booleans())
keys = st.one_of(st.text(string.ascii_letters + "_-", min_size=1, max_size=12), tricky)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, values, max_size=6))
def test_round_trip_through_the_loader_and_pyyaml(data: dict[str, Any]) -> None:
    assert yamlio.load(write_yaml(data, header=["a header"])) == (data or None)
    # an independent YAML 1.1 reader agrees (it reads plain dates as dates: quote them for it)
    assert yaml.safe_load(write_yaml(data, plain_dates=False)) == (data or None)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, values, max_size=4), st.lists(text, max_size=3), text)
def test_comments_never_change_the_data(data: dict[str, Any], reasons: list[str], inline: str) -> None:
    wrapped = {k: Commented(v, comment=reasons, review=reasons, inline=inline or None, after=reasons, blank=True) for k, v in data.items()}
    wrapped["note"] = Note(reasons)
    written = write_yaml(wrapped, header=reasons)
    assert yamlio.load(written) == (data or None)


def test_comments_sit_where_they_are_asked_for() -> None:
    written = write_yaml(
        {
            "reference": Commented("RFP-1", review=["the code the notice mentions most"]),
            "timezone": Commented("Africa/Dakar", inline="times are read here"),
            "buyer": Note(["buyer: Who"]),
            "dates": Commented(
                [{"id": "submission", "at": Commented("2026-05-04 17:00", review=["no zone"])}], blank=True, after=["REVIEW: not added: x"]
            ),
            "steps": [Commented({"id": "a", "text": "Do it"}, review=["why"])],
            "skipped": None,
        },
        header=["made by a test"],
    )
    assert written == (
        "# made by a test\n"
        "# REVIEW: the code the notice mentions most\n"
        "reference: RFP-1\n"
        "timezone: Africa/Dakar   # times are read here\n"
        "# buyer: Who\n"
        "\n"
        "dates:\n"
        "  - id: submission\n"
        "    # REVIEW: no zone\n"
        "    at: 2026-05-04 17:00\n"
        "  # REVIEW: not added: x\n"
        "steps:\n"
        "  # REVIEW: why\n"
        "  - id: a\n"
        "    text: Do it\n"
    )
    tender, problems = parse_tender(written.replace("steps:", "title: T\nsteps:"), "t")
    assert tender is not None, problems
    assert tender.dates[0].at == "2026-05-04 17:00"


def test_multi_line_text_is_a_literal_block_when_that_keeps_it() -> None:
    assert write_yaml({"notes": "one\n\ntwo"}) == "notes: |-\n  one\n\n  two\n"
    assert write_yaml({"notes": "one\n"}) == "notes: |\n  one\n"
    assert write_yaml({"notes": " indented\nfirst"}).startswith('notes: "')  # a block would lose the first line's spaces


@pytest.mark.parametrize("value", ["yes", "no", "on", "off", "true", "null", "1", "0755", "1.5", "a: b", "x #y", "line\u2028two"])
def test_a_string_that_a_reader_could_misread_is_quoted(value: str) -> None:
    assert scalar(value).startswith('"')
    assert yaml.safe_load(f"k: {scalar(value)}") == {"k": value}


def test_anything_else_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="cannot write a set"):
        write_yaml({"x": {1, 2}})
