"""The deadline view sorts its rows by one packed int per row: the order must be the one the tuple
(start, due, reference, milestone id, file order) gives, ties, negative and fractional instants included."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tenderctl.tenders.deadlines import _ordered, deadline_view
from tenderctl.tenders.loader import LoadedTender

NOW = datetime(2026, 1, 1, tzinfo=UTC)
INSTANTS = st.one_of(
    st.sampled_from([0.0, -0.0, -1.0, 1.5, 1767225600.0, 1767225600.5, -86400.25, 2e9]),
    st.floats(min_value=-1e10, max_value=1e10, allow_nan=False),
)


def _entry(ident: str, start: float, due: float) -> list[Any]:
    return [ident, "submission", None, None, "UTC", "2026-01-01", "12:00:00", None, start, due, False, "x", None]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["B-1", "A-2", "a-2", "C", "Ä"]),
            st.lists(st.tuples(st.sampled_from(["submission", "questions", "q", "Z"]), INSTANTS, INSTANTS), max_size=4),
        ),
        max_size=8,
    )
)
def test_rows_come_in_the_order_of_the_tuple(tenders: list[tuple[str, list[tuple[str, float, float]]]]) -> None:
    loaded = [
        LoadedTender(
            path=f"t{n}.yaml",
            source=f"t{n}.yaml",
            summary={"reference": ref, "title": "T", "status": "open", "milestones": [_entry(*m) for m in milestones]},
        )
        for n, (ref, milestones) in enumerate(tenders)
    ]
    view = deadline_view(loaded, NOW, include_past=True)
    expected = sorted(
        (start, due, ref, ident, n, index)
        for n, (ref, milestones) in enumerate(tenders)
        for index, (ident, start, due) in enumerate(milestones)
    )
    got = [(row.entry[8], row.entry[9], row.reference, row.milestone, row.path) for row in view.rows]
    assert got == [(start, due, ref, ident, f"t{n}.yaml") for start, due, ref, ident, n, _index in expected]


@given(st.floats(allow_nan=False), st.floats(allow_nan=False))
def test_instants_pack_in_their_order(a: float, b: float) -> None:
    assert (_ordered(a) < _ordered(b)) == (a < b) and (_ordered(a) == _ordered(b)) == (a == b)
