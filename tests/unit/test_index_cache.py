"""The word index kept in the loader's cache (Dataset.derived): read back, it answers as
the one built; a blob that does not fit is ignored and the index built afresh."""

from __future__ import annotations

from dataclasses import replace

import pytest
from generated import generated_engine

from csto_tui.query import Query, QueryEngine
from csto_tui.query.index import Index, words_kind


class Store:
    """An in-memory DerivedStore."""

    def __init__(self) -> None:
        self.blobs: dict[tuple[str, str], bytes] = {}

    def get_derived(self, kind: str, key: str) -> bytes | None:
        return self.blobs.get((kind, key))

    def put_derived(self, kind: str, key: str, blob: bytes) -> None:
        self.blobs[(kind, key)] = blob


QUERIES = ["security", "s", '"synthetic event"', '"joint exercise" s', '"of the csto"', "zz"]


def answers(engine: QueryEngine) -> list[list[str]]:
    return [[e.id for e in engine.run(Query(text=t)).events] for t in QUERIES]


def test_a_cached_word_index_answers_as_the_built_one(monkeypatch: pytest.MonkeyPatch) -> None:
    built = generated_engine()
    store = Store()
    dataset = replace(built.dataset, derived=store, content_key="content")
    expected = answers(built)
    first = QueryEngine(dataset)
    assert store.blobs == {}  # nothing searched yet: no word index
    answers(first)  # the first search builds and keeps it
    assert list(store.blobs) == [(words_kind(), "content")]

    def no_build(self: Index, stop: object = None) -> bool:
        raise AssertionError("the word index was built again")

    monkeypatch.setattr(Index, "_index_words", no_build)
    again = QueryEngine(dataset)
    again.index.ensure_words()
    assert again.index.words == first.index.words
    assert again.index.tok == first.index.tok and again.index.post_ev == first.index.post_ev
    assert again.index.dense == first.index.dense
    assert answers(again) == expected


@pytest.mark.parametrize("damage", [b"", b"not msgpack", None])
def test_a_blob_that_does_not_fit_is_ignored(damage: bytes | None) -> None:
    built = generated_engine()
    store = Store()
    dataset = replace(built.dataset, derived=store, content_key="content")
    QueryEngine(dataset).index.ensure_words()
    key = (words_kind(), "content")
    if damage is None:  # well formed, but for another number of events
        other = replace(built.dataset, events=built.dataset.events[:10], derived=store)
        QueryEngine(replace(other, content_key="other")).index.ensure_words()
        store.blobs[key] = store.blobs[(words_kind(), "other")]
    else:
        store.blobs[key] = damage
    assert answers(QueryEngine(dataset)) == answers(built)


def test_the_word_index_waits_for_the_first_search() -> None:
    """A start, a filter and a list without a search never pay for the word index."""
    built = generated_engine()
    engine = QueryEngine(replace(built.dataset))
    assert not engine.index.words_ready
    engine.run(Query(reverse=True))
    assert not engine.index.words_ready
    assert answers(engine) == answers(built)
    assert engine.index.words_ready


def test_threads_asking_at_once_build_the_word_index_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    built = generated_engine()
    expected = answers(built)
    engine = QueryEngine(replace(built.dataset, derived=None))  # nothing cached: a build
    calls: list[int] = []
    real = Index._index_words

    def counted(self: Index, stop: object = None) -> bool:
        calls.append(1)
        return real(self, stop)  # type: ignore[arg-type]

    monkeypatch.setattr(Index, "_index_words", counted)
    threads = [threading.Thread(target=engine.index.ensure_words) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]
    assert answers(engine) == expected


def test_a_build_asked_to_stop_gives_up_and_a_later_call_builds() -> None:
    built = generated_engine()
    expected = answers(built)
    engine = QueryEngine(replace(built.dataset, derived=None))
    assert engine.index.ensure_words(stop=lambda: True) is False
    assert not engine.index.words_ready
    assert answers(engine) == expected and engine.index.words_ready
