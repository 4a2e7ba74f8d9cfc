"""The timeline's row model and the view's lookups, built from the index's arrays (month
runs, bisects, bitsets), checked against the plain per-event definitions they replace."""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import date, timedelta
from operator import neg

from generated import generated_engine
from hypothesis import given, settings
from hypothesis import strategies as st

from csto_tui.model.dates import Precision, coarser
from csto_tui.query import Query
from csto_tui.query.index import month_runs
from csto_tui.query.view import (
    MONTH_HEADERS_OVER,
    MONTHS,
    OPEN_START,
    Landing,
    Row,
    View,
    build_rows,
    build_view,
    jump_position,
)


def reference_rows(keys: list[tuple[int, int]]) -> tuple[list[Row], list[int]]:
    """Rows as the timeline defines them, walking the shown events' (year, month) of their
    first day in display order (year 0: an open or unknown start)."""
    per_year: dict[int, int] = {}
    for year, _ in keys:
        per_year[year] = per_year.get(year, 0) + 1
    rows: list[Row] = []
    year_starts: list[int] = []
    year: object = object()
    month: object = object()
    head = 0
    for i, (y, m) in enumerate(keys):
        if y != year:
            year, month, head = y, object(), len(rows)
            year_starts.append(i)
            rows.append(Row(str(y) if y else OPEN_START, header=head))
        if y and per_year[y] > MONTH_HEADERS_OVER and m != month:
            month = m
            rows.append(Row(f"{MONTHS[m - 1]} {y}", level=1, header=head))
        rows.append(Row("", i, header=head))
    return rows, year_starts


def fast_rows(
    keys: list[tuple[int, int]], shown: list[int], reverse: bool
) -> tuple[list[Row], list[int], list[int]]:
    """The view's way: month runs over all events, a bisect per run over the shown."""
    runs = month_runs([y for y, _ in keys], [m for _, m in keys])
    indices = sorted(shown, reverse=reverse)
    n = len(indices)

    def count_before(g: int) -> int:
        if reverse:
            return n - bisect_right(indices, -g, key=neg)
        return bisect_left(indices, g)

    rows, year_starts = build_rows(runs, count_before, n, reverse)
    return list(rows), year_starts, [rows.row_of(p) for p in range(n)]


# Events in date order: open starts first, then (year, month) ascending; busy years get
# month headers.
dated = st.lists(
    st.tuples(st.sampled_from([2001, 2002, 2003]), st.integers(1, 12)), max_size=90
).map(sorted)


@settings(max_examples=200, deadline=None)
@given(
    open_starts=st.integers(0, 3),
    keys=dated,
    data=st.data(),
    reverse=st.booleans(),
)
def test_rows_from_runs_are_the_rows_of_the_definition(
    open_starts: int, keys: list[tuple[int, int]], data: st.DataObject, reverse: bool
) -> None:
    keys = [(0, 0)] * open_starts + keys
    shown = sorted(data.draw(st.sets(st.integers(0, max(0, len(keys) - 1)))) if keys else [])
    display = [keys[g] for g in (reversed(shown) if reverse else shown)]
    expected, expected_starts = reference_rows(display)
    rows, year_starts, row_of = fast_rows(keys, shown, reverse)
    assert rows == expected
    assert year_starts == expected_starts
    assert row_of == [r for r, row in enumerate(expected) if row.event >= 0]


def test_rows_index_like_a_list() -> None:
    keys = [(0, 0), (2001, 3), (2001, 3), (2002, 1)]
    runs = month_runs([y for y, _ in keys], [m for _, m in keys])
    rows, _ = build_rows(runs, lambda g: g, len(keys))
    assert len(rows) == 7 and rows[-1] == rows[6] == Row("", 3, header=5)
    assert rows[1:3] == [Row("", 0, header=0), Row("2001", header=2)]
    assert [r.label for r in rows.headers] == [OPEN_START, "2001", "2002"]


def test_a_view_finds_positions_by_id_in_either_order() -> None:
    engine = generated_engine()
    for query in (Query(), Query(reverse=True), Query(kinds=frozenset({"meeting"}))):
        for q in (query, replace(query, reverse=not query.reverse)):
            view = build_view(engine, q)
            assert len(view.rows) == len(view) + len(view.rows.headers)
            for p in random.Random(1).sample(range(len(view)), 50):
                event = view.events[p]
                assert view.position(event.id) == p
                assert view.rows[view.row_of[p]].event == p
            hidden = set(e.id for e in engine.events) - {e.id for e in view.events}
            assert all(view.position(i) is None for i in list(hidden)[:20])


def scan_landing(view: View, lo: date, hi: date, precision: Precision | None) -> Landing:
    """The date jump's definition: the first event shown, in display order, that starts in
    [lo, hi], is under way then, or (oldest first) starts after / (newest first) before."""
    reverse = view.query.reverse
    for p, ev in enumerate(view.events):
        start, end = ev.date.lower, ev.date.upper
        if start is not None and lo <= start <= hi:
            return Landing(p, "on")
        in_progress = precision is None or not coarser(ev.date.precision, precision)
        if not reverse:
            if start is None:
                continue
            if start > hi:
                return Landing(p, "after")
            if end is not None and end >= lo and in_progress:
                return Landing(p, "during")
        else:
            if start is None or start > hi:
                continue
            if end is not None and end >= lo:
                if in_progress:
                    return Landing(p, "during")
                continue
            return Landing(p, "before")
    return Landing(len(view.events) - 1, "none")


def scan_jump(view: View, lo: date, hi: date, precision: Precision) -> Landing | None:
    if not view.events:
        return None
    precise = scan_landing(view, lo, hi, precision)
    if precise.relation in ("on", "during"):
        return precise
    loose = scan_landing(view, lo, hi, None)
    return loose if loose.relation == "during" else precise


def test_date_jumps_from_bitsets_land_where_the_scan_does() -> None:
    engine = generated_engine()
    rng = random.Random(7)
    queries = [Query(), Query(countries=frozenset({"KG"})), Query(kinds=frozenset({"visit"}))]
    for query in queries:
        for reverse in (False, True):
            view = build_view(engine, replace(query, reverse=reverse))
            for _ in range(60):
                lo = date(1990, 1, 1) + timedelta(days=rng.randrange(38 * 365))
                span = rng.choice([0, 0, 30, 364])
                hi = lo + timedelta(days=span)
                precision = rng.choice(list(Precision))
                assert jump_position(view, lo, hi, precision) == scan_jump(
                    view, lo, hi, precision
                ), (query, reverse, lo, hi, precision)


def test_highlight_matches_are_the_positions_the_search_finds_in_either_order() -> None:
    engine = generated_engine()
    for reverse in (False, True):
        query = Query(text="security", highlight=True, kinds=frozenset({"meeting"}))
        view = build_view(engine, replace(query, reverse=reverse))
        found = {e.id for e in engine.run(replace(query, highlight=False)).events}
        assert 0 < len(view.matches) < len(view)
        assert view.matches == [p for p, e in enumerate(view.events) if e.id in found]
