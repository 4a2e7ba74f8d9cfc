"""The 'since' facet in the query engine: marks as bitsets, filtered and counted by the
README's Counts rules like any facet, part of the Query (toggled, cleared, in a view)."""

from __future__ import annotations

import pytest

from csto_tui.loader.bundled import bundled_data_path
from csto_tui.loader.dataset import load_dataset
from csto_tui.model.dataset import Dataset
from csto_tui.query import Query, QueryEngine
from csto_tui.query.since import (
    CHANGED_FLAG,
    NEW_FLAG,
    NONE_FLAG,
    REBASE_MAX,
    SinceMarks,
    since_marks,
)
from csto_tui.query.view import build_view


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset([bundled_data_path()])


@pytest.fixture
def engine(dataset: Dataset) -> QueryEngine:
    engine = QueryEngine(dataset)
    ids = [e.id for e in dataset.events]
    engine.since = since_marks(engine.index, "main", ids[:3], {i: [] for i in ids[3:8]}, 2)
    return engine


def test_the_filter_selects_new_changed_or_both(engine: QueryEngine) -> None:
    ids = [e.id for e in engine.events]
    for values, expected in (({"new"}, ids[:3]), ({"changed"}, ids[3:8]),
                             ({"new", "changed"}, ids[:8])):  # fmt: skip
        result = engine.run(Query(since=frozenset(values)))
        assert [e.id for e in result.events] == expected


def test_counts_follow_the_other_sections_and_not_their_own(engine: QueryEngine) -> None:
    query = Query(since=frozenset({"new"}), kinds=frozenset({"meeting"}))
    facets = {v.value: v for v in engine.facets(query)["since"]}
    others = engine.mask(query, without="since")
    for value in ("new", "changed"):
        expected = (engine.since.mask(frozenset({value})) & others).bit_count()  # type: ignore[union-attr]
        assert facets[value].count == expected
    assert facets["new"].selected and not facets["changed"].selected
    # ...and the other sections count among the new events only.
    kinds = {v.value: v.count for v in engine.facets(query)["kind"]}
    new = engine.run(Query(since=frozenset({"new"})))
    assert kinds.get("meeting", 0) == sum(1 for e in new.events if e.kind == "meeting")


def test_without_a_filter_the_counts_are_the_marks(engine: QueryEngine) -> None:
    facets = {v.value: v.count for v in engine.facets(Query())["since"]}
    assert facets == {"new": 3, "changed": 5}


def test_no_marks_no_section_and_a_value_then_matches_nothing(dataset: Dataset) -> None:
    engine = QueryEngine(dataset)
    assert "since" not in engine.facets(Query())
    assert len(engine.run(Query(since=frozenset({"new"})))) == 0
    assert len(engine.run(Query())) == len(dataset.events)


def test_the_query_knows_the_facet() -> None:
    query = Query().toggled("since", "new")
    assert query.since == {"new"} and query.is_filtered
    assert query.values("since") == {"new"}
    assert query.toggled("since", "new").since == frozenset()
    assert query.cleared("since").since == frozenset()
    assert query.cleared("all").since == frozenset()


def test_a_views_rows_carry_their_marks(engine: QueryEngine) -> None:
    view = build_view(engine, Query(reverse=True))
    n = len(view)
    assert view.since is engine.since
    assert [view.since_flag(p) for p in range(n - 8, n)][::-1] == [NEW_FLAG] * 3 + [
        CHANGED_FLAG
    ] * 5
    assert view.since_flag(0) == NONE_FLAG


def test_rebased_marks_follow_the_ids_onto_new_data(dataset: Dataset, engine: QueryEngine) -> None:
    fewer = Dataset(events=dataset.events[2:], registry=dataset.registry)
    other = QueryEngine(fewer)
    moved = engine.since.rebased(other.index)  # type: ignore[union-attr]
    assert not moved.ready and moved.compared
    assert moved.new.bit_count() == 1  # two of the three new ones are gone
    assert moved.flag(0) == NEW_FLAG and moved.flag(1) == CHANGED_FLAG
    assert moved.removed == 2


def test_too_many_ids_to_carry_over_wait_for_the_comparison(engine: QueryEngine) -> None:
    ids = [f"x-{i}" for i in range(REBASE_MAX + 1)]
    marks = SinceMarks("main", new_ids=frozenset(ids), compared=True, ready=True)
    assert not marks.rebased(engine.index).compared  # 'comparing', not a stale guess
