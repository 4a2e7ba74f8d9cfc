"""The view a browser draws for a query: rows, matches, jumps to dates, header words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.model.dataset import Dataset
from csto_tui.model.dates import Precision
from csto_tui.model.records import Event
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.schema import parse_event
from csto_tui.query import Query, QueryEngine
from csto_tui.query.view import build_view, jump_position
from csto_tui.query.words import query_words


def event(eid: str, when: str) -> Event:
    return parse_event(
        {
            "id": eid,
            "date": when,
            "title": f"Event {eid}",
            "summary": "s",
            "kind": "meeting",
            "sources": [{"title": "t"}],
        }
    )


def engine_of(*events: Event) -> QueryEngine:
    ordered = sorted(events, key=lambda e: (*e.date.sort_key[:2], e.id))
    return QueryEngine(Dataset(events=ordered))


@pytest.fixture(scope="module")
def bundled_engine() -> QueryEngine:
    return QueryEngine(load_dataset([bundled_data_path()]))


def test_rows_put_a_year_header_before_each_year_and_know_it(bundled_engine) -> None:
    view = build_view(bundled_engine, Query())
    headers = [r for r in view.rows if r.event < 0]
    assert headers[0].label == "open start"
    assert [r.event for r in view.rows if r.event >= 0] == list(range(len(view)))
    for row in view.rows:
        head = view.rows[row.header]
        assert head.event < 0 and head.level == 0
        if row.event >= 0:
            lower = view.events[row.event].date.lower
            assert head.label == (str(lower.year) if lower else "open start")


def test_a_busy_year_gets_month_headers() -> None:
    engine = engine_of(*(event(f"e{i}", f"2018-{1 + i % 12:02d}-01") for i in range(30)))
    labels = [r.label for r in build_view(engine, Query()).rows if r.event < 0]
    assert labels[:3] == ["2018", "Jan 2018", "Feb 2018"] and len(labels) == 13


def test_highlight_mode_keeps_every_row_and_lists_the_matches(bundled_engine) -> None:
    q = Query(text="channel", highlight=True)
    view = build_view(bundled_engine, q)
    filtered = bundled_engine.run(Query(text="channel"))
    assert len(view) == len(bundled_engine.events)
    assert [view.events[p].id for p in view.matches] == [e.id for e in filtered.events]
    first, wrapped = view.next_match(view.matches[-1], 1)
    assert (first, wrapped) == (view.matches[0], True)
    assert view.match_number(view.matches[1]) == 2 and view.match_number(-1) == 0


def test_filter_mode_has_no_separate_matches(bundled_engine) -> None:
    view = build_view(bundled_engine, Query(text="channel"))
    assert view.matches == [] and 0 < len(view) < len(bundled_engine.events)


def test_a_view_keeps_the_event_asked_for(bundled_engine) -> None:
    target = bundled_engine.events[5].id
    view = build_view(bundled_engine, Query(), keep=target)
    assert view.keep == target and view.events[view.position(target)].id == target
    assert view.position("no-such-event") is None


JUMP_EVENTS = (
    event("open-start", "../2018-06-02"),
    event("since-2003", "2003/.."),
    event("y2006", "2006"),
    event("y2018", "2018"),
    event("final", "2018-05-28/2018-06-01"),
    event("later", "2025-06-19"),
)


@pytest.mark.parametrize(
    ("lo", "hi", "reverse", "landed", "relation"),
    [
        # A day covered by an event dated to the year and a five-day one: the five-day one,
        # known as precisely as the day asked for.
        ("2018-05-29", "2018-05-29", False, "final", "during"),
        ("2018-05-28", "2018-05-28", False, "final", "on"),
        # A day only the year-dated event covers: that one.
        ("2018-07-15", "2018-07-15", False, "y2018", "during"),
        # A year asked for: the year-dated event starts in it.
        ("2018-01-01", "2018-12-31", False, "y2018", "on"),
        # A day between events: the next one.
        ("2020-01-01", "2020-01-01", False, "later", "after"),
        # A day on which an event starts.
        ("2025-06-19", "2025-06-19", False, "later", "on"),
        # An open end ("since 2003") does not catch every later date.
        ("2004-03-01", "2004-03-01", False, "y2006", "after"),
        ("2003-01-01", "2003-12-31", False, "since-2003", "on"),
        # Past the end: the last event.
        ("2030-01-01", "2030-01-01", False, "later", "none"),
        # Newest first: the first event that covers or precedes the date.
        ("2020-01-01", "2020-01-01", True, "final", "before"),
        ("2018-05-29", "2018-05-29", True, "final", "during"),
        ("2018-01-01", "2018-12-31", True, "final", "on"),
        ("2004-03-01", "2004-03-01", True, "since-2003", "before"),
        ("2001-03-01", "2001-03-01", True, "open-start", "none"),
    ],
)
def test_jump_lands_on_the_first_event_that_contains_or_follows(
    lo: str, hi: str, reverse: bool, landed: str, relation: str
) -> None:
    view = build_view(engine_of(*JUMP_EVENTS), Query(reverse=reverse))
    precision = Precision.DAY if lo == hi else Precision.YEAR
    landing = jump_position(view, date.fromisoformat(lo), date.fromisoformat(hi), precision)
    assert landing is not None
    assert (view.events[landing.position].id, landing.relation) == (landed, relation)


def test_jump_in_an_empty_view_goes_nowhere() -> None:
    view = build_view(engine_of(*JUMP_EVENTS), Query(kinds=frozenset({"exercise"})))
    assert jump_position(view, date(2018, 1, 1), date(2018, 1, 1)) is None


def test_header_words_shorten_values_to_counts_before_anything_is_cut() -> None:
    registry = BodyRegistry()
    q = Query(countries=frozenset({"AM", "BY", "KZ", "KG", "RU", "TJ"}), text="channel")
    full = query_words(q, registry)
    assert full.startswith("Armenia or Belarus") and "search “channel”" in full
    short = query_words(q, registry, width=40)
    assert short == "6 countries · search “channel”"
    assert query_words(q, registry, width=200) == full
    assert query_words(Query(), registry, width=5) == "all events"
    one = replace(q, countries=frozenset({"KG"}))
    assert query_words(one, registry, width=10) == "Kyrgyzstan · search “channel”"
