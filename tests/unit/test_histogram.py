"""The histogram's counts, bins, fitting and drawing (csto_tui.query.histogram), checked
against plain definitions over the events themselves."""

from __future__ import annotations

from collections import Counter

import pytest
from generated import generated_engine

from csto_tui.model.dataset import Dataset
from csto_tui.model.records import Event
from csto_tui.model.schema import parse_event
from csto_tui.query import Query, QueryEngine
from csto_tui.query.histogram import (
    ASCII_LEVELS,
    LEVELS,
    Bins,
    Counts,
    bins,
    counts_of,
    fit,
    histogram_lines,
)
from csto_tui.query.view import build_view


def event(eid: str, when: str, country: str = "KG") -> Event:
    return parse_event(
        {
            "id": eid,
            "date": when,
            "title": f"Event {eid}",
            "summary": "s",
            "kind": "meeting",
            "location": {"country": country},
            "sources": [{"title": "t"}],
        }
    )


def engine_of(*events: Event) -> QueryEngine:
    ordered = sorted(events, key=lambda e: (*e.date.sort_key[:2], e.id))
    return QueryEngine(Dataset(events=ordered))


def by_start(events: list[Event]) -> tuple[Counter[tuple[int, int]], int]:
    """The definition: each event in the month of its first day; no first day, no bin."""
    months = Counter((e.date.lower.year, e.date.lower.month) for e in events if e.date.lower)
    return months, sum(1 for e in events if e.date.lower is None)


@pytest.mark.parametrize(
    "query",
    [Query(), Query(reverse=True), Query(kinds=frozenset({"meeting"})), Query(text="channel"),
     Query(text="channel", highlight=True), Query(countries=frozenset({"KG", "RU"}))],
    ids=["all", "reverse", "kind", "search", "highlight", "countries"],
)  # fmt: skip
def test_a_views_counts_are_its_events_by_month_of_start(query: Query) -> None:
    engine = generated_engine()
    view = build_view(engine, query)
    months, open_start = by_start(list(view.events))
    assert dict(((y, m), n) for y, m, n in view.histogram.months) == dict(months)
    assert view.histogram.open_start == open_start
    assert view.histogram.dated + open_start == len(view)
    assert [ym[:2] for ym in view.histogram.months] == sorted(months)  # in date order


def test_stats_counts_from_indices_agree_with_the_view() -> None:
    engine = generated_engine()
    query = Query(kinds=frozenset({"operation"}))
    _, indices = engine.select(query)
    assert counts_of(engine.index.runs, indices) == build_view(engine, query).histogram


def test_open_and_unknown_starts_are_counted_apart() -> None:
    engine = engine_of(event("a", "../2018-06-02"), event("b", "2018-05"), event("c", "2020"))
    counts = build_view(engine, Query()).histogram
    assert counts.open_start == 1
    assert counts.months == ((2018, 5, 1), (2020, 1, 1))
    fitted = fit(bins(counts), 40)
    assert "1 event with an open start not shown" in fitted.note()


def test_a_long_span_is_drawn_per_year_with_its_empty_years() -> None:
    found = bins(Counts(((2003, 1, 1), (2006, 3, 2), (2006, 9, 1))))
    assert not found.monthly
    assert (found.first, found.counts) == (2003, (1, 0, 0, 3))


def test_a_span_under_three_years_is_drawn_per_month() -> None:
    found = bins(Counts(((2024, 11, 2), (2025, 2, 1))))
    assert found.monthly
    assert found.counts == (2, 0, 0, 1)
    assert found.label(found.first) == "2024-11"
    assert not bins(Counts(((2022, 1, 1), (2024, 12, 1)))).monthly  # 36 months


def test_levels_are_eighths_of_the_tallest_and_never_hide_a_bin() -> None:
    found = Bins(False, 2000, (0, 1, 4, 8, 100))
    fitted = fit(found, 5)
    assert fitted.bars() == " ▁▁▁█"
    assert fit(Bins(False, 2000, (0, 1, 4, 8)), 4).bars() == " ▁▄█"
    assert fit(Bins(False, 2000, (0, 1, 4, 8)), 4).bars(ascii=True) == " .=@"
    assert len(LEVELS) == len(ASCII_LEVELS) == 9
    assert fit(Bins(False, 2000, (0, 1, 4, 8)), 4).bars(ascii=True).isascii()


def test_few_bins_are_widened_and_many_merged_on_aligned_periods() -> None:
    few = fit(Bins(False, 2018, (1, 2)), 80)  # wide enough for '2018 2019' under them
    assert (few.cell, few.width, few.bars()) == (5, 10, "▄▄▄▄▄█████")
    assert few.axis().split() == ["2018", "2019"]
    assert fit(Bins(False, 2003, (1,) * 23), 80).cell == 3
    many = fit(Bins(False, 1991, tuple(range(1, 36))), 10)  # 1991..2025 on 10 columns
    assert many.width <= 10 and many.per == 4
    assert many.base == 1988  # a multiple of 4: columns 1988-1991, 1992-1995, ...
    assert sum(many.counts) == sum(range(1, 36))
    assert many.label(0) == "1988–1991"
    assert many.label(0, ascii=True) == "1988-1991"
    assert "4 years a column" in many.note()


@pytest.mark.parametrize("width", [1, 2, 3, 7, 23, 24, 40, 80, 200])
def test_fitting_never_exceeds_the_width_or_loses_an_event(width: int) -> None:
    found = Bins(False, 2003, tuple(i % 5 for i in range(23)))
    fitted = fit(found, width)
    assert 1 <= fitted.width <= width
    assert sum(fitted.counts) == sum(found.counts)
    assert len(fitted.bars()) == fitted.width
    assert len(fitted.axis()) == fitted.width
    for k in range(len(fitted.counts)):
        assert len(fitted.axis(k)) == fitted.width


def test_the_axis_names_both_ends_and_marks_the_cursor() -> None:
    fitted = fit(Bins(False, 2003, (1,) + (0,) * 21 + (5,)), 69)  # 2003..2025, 3 columns each
    assert fitted.axis().split() == ["2003", "2025"]
    k = fitted.column_of(2018, 5)
    assert k == 15
    axis = fitted.axis(k)
    assert axis.index("^") == 15 * 3  # the first column of its bin
    assert axis.split() == ["2003", "^2018", "2025"]
    last = fitted.axis(fitted.column_of(2025, 7))  # at the right end: the label before '^'
    assert last.rstrip().endswith("2025^")
    assert last.split() == ["2003", "2025^"]
    wider = fitted.axis(fitted.column_of(2025, 7), room=80)  # room to the right: after it
    assert wider.split() == ["2003", "^2025"] and len(wider) <= 80
    assert fitted.column_of(2002, 1) is None and fitted.column_of(0, 0) is None


def test_a_filter_changes_the_bars() -> None:
    engine = engine_of(event("a", "2003", "RU"), event("b", "2018", "KG"), event("c", "2025", "KG"))
    every = fit(bins(build_view(engine, Query()).histogram), 40)
    kg = fit(bins(build_view(engine, Query(countries=frozenset({"KG"}))).histogram), 40)
    assert every.axis().split() == ["2003", "2025"]
    assert kg.axis().split() == ["2018", "2025"]
    assert every.bars() != kg.bars()


def test_stats_lines_are_ascii_when_asked_and_fit() -> None:
    counts = Counts(((2003, 1, 1), (2018, 5, 3), (2025, 6, 5)), open_start=2)
    lines = histogram_lines(counts, 40, ascii=True)
    assert lines[0] == "Events per year (by start)"
    assert all(line.isascii() and len(line) <= 40 for line in lines)
    assert lines[2].split() == ["2003", "2025"]
    assert lines[3:] == ["  the tallest bar: 5 events", "  2 events with an open start not shown"]
    assert histogram_lines(Counts(open_start=1), 40)[1] == "  no event has a known start"
