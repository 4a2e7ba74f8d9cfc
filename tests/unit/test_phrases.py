"""Phrases answered from the index's word positions, checked against the definition (the
phrase's words begin consecutive words of one field), and the tokens the index reads."""

from __future__ import annotations

import random

import pytest
from generated import generated_engine
from hypothesis import given
from hypothesis import strategies as st

from csto_tui.loader import load_dataset
from csto_tui.query import Query, QueryEngine
from csto_tui.query.index import bit_list, search_fields
from csto_tui.query.text import FIELD_END, field_tokens, has_phrase, parse_terms, tokens

EVENTS = """\
events:
  - id: drill-one
    date: 2018-05-28
    title: Joint exercise Rubezh
    summary: Forces held a joint exercise near the border.
    kind: exercise
    tags: [joint-staff]
    sources: [{title: Report one}]
  - id: drill-two
    date: 2018-06-01
    title: Exercise held jointly
    summary: A joint staff exercise, then a second joint session.
    kind: exercise
    sources: [{title: Report two}]
  - id: across-fields
    date: 2018-07-01
    title: Talks ended with a joint
    summary: Exercise of powers under the résumé clause.
    kind: meeting
    sources: [{title: Report three}]
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> QueryEngine:
    path = tmp_path_factory.mktemp("phrases") / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    dataset = load_dataset([path])
    assert not dataset.errors, [str(d) for d in dataset.errors]
    return QueryEngine(dataset)


def ids(engine: QueryEngine, text: str) -> list[str]:
    return [e.id for e in engine.run(Query(text=text)).events]


def test_a_phrase_needs_consecutive_words_in_one_field(engine: QueryEngine) -> None:
    assert ids(engine, '"joint exercise"') == ["drill-one"]
    assert ids(engine, '"joint staff"') == ["drill-one", "drill-two"]  # the tag's words too
    assert ids(engine, '"staff session"') == []  # both in one summary, apart
    assert ids(engine, '"second joint session"') == ["drill-two"]
    assert ids(engine, '"a joint exercise"') == ["drill-one"]  # three words, anchored mid
    assert ids(engine, '"with a joint exercise"') == []  # the title ends; the summary begins


def test_phrase_words_are_prefixes_folded_like_words(engine: QueryEngine) -> None:
    assert ids(engine, '"joi exer"') == ["drill-one"]
    assert ids(engine, '"held joint"') == ["drill-two"]  # "held jointly"; not "held a joint"
    assert ids(engine, '"the RESUME cl"') == ["across-fields"]
    assert ids(engine, '"drill one"') == ["drill-one"]  # the id is a field as well
    assert ids(engine, '"joint exercise" border') == ["drill-one"]
    assert ids(engine, '"joint exercise" nowhere') == []
    assert ids(engine, '"zzz exercise"') == []


def reference(engine: QueryEngine, phrase: tuple[str, ...]) -> list[int]:
    """Events where some field's tokens hold the phrase: the definition, by brute force."""
    registry = engine.dataset.registry
    return [
        i
        for i, ev in enumerate(engine.events)
        if any(has_phrase(tokens(t), phrase) for t in search_fields(ev, registry).values())
    ]


def test_phrases_from_positions_match_the_definition_on_generated_data() -> None:
    """Phrases cut from the data itself (whole words, then a word cut short, as typed)."""
    engine = generated_engine()
    registry = engine.dataset.registry
    rng = random.Random(3)
    phrases: set[tuple[str, ...]] = set()
    while len(phrases) < 40:
        ev = rng.choice(engine.events)
        words = tokens(rng.choice(list(search_fields(ev, registry).values())))
        if len(words) < 2:
            continue
        k = rng.choice([2, 2, 3, 4])
        at = rng.randrange(max(1, len(words) - k + 1))
        phrase = list(words[at : at + k])
        if len(phrase) < 2:
            continue
        phrase[-1] = phrase[-1][: rng.randint(1, len(phrase[-1]))]
        phrases.add(tuple(phrase))
    phrases |= {("synthetic", "event"), ("joint", "exercise"), ("s", "e"), ("of", "the")}
    for phrase in sorted(phrases):
        engine.index._word_cache.clear()
        assert bit_list(engine.index.phrase(phrase)) == reference(engine, phrase), phrase


def test_a_view_of_a_phrase_search_is_its_matching_events() -> None:
    engine = generated_engine()
    text = '"joint exercise" s'
    terms = parse_terms(text)
    got = [e.id for e in engine.run(Query(text=text)).events]
    want = reference(engine, terms.phrases[0])
    prefix = set(bit_list(engine.index.prefix("s")))
    assert got == [engine.events[i].id for i in want if i in prefix]


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=30),
                max_size=6))  # fmt: skip
def test_field_tokens_are_each_fields_tokens_with_an_end_mark(texts: list[str]) -> None:
    expected = [w for t in texts for w in [*tokens(t), FIELD_END]]
    assert field_tokens(texts) == expected


def test_field_tokens_of_accented_and_decomposed_text() -> None:
    texts = ["Résumé", "Türkiye", "Łódź", "u\u0308ber", "Straße"]
    assert field_tokens(texts) == [w for t in texts for w in [*tokens(t), FIELD_END]]
    assert tokens("u\u0308ber Straße") == ["uber", "strasse"]


def test_the_index_keeps_rare_words_without_a_bitset_and_finds_them() -> None:
    engine = generated_engine()
    index, registry = engine.index, engine.dataset.registry
    rare = next(w for i, w in enumerate(index.words) if i not in index.dense)
    assert index.dense and len(index.dense) < len(index.words)
    events = [
        i
        for i, ev in enumerate(engine.events)
        if any(w.startswith(rare) for w in field_tokens(search_fields(ev, registry).values()))
    ]
    index._word_cache.clear()
    assert bit_list(index.prefix(rare)) == events
