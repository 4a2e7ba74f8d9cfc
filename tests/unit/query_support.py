"""Shared by the query and search tests: engines over the fixtures and the bundled data,
and a reference fold written from the spec (not from the engine's code)."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from csto_tui.loader.dataset import load_dataset
from csto_tui.query import QueryEngine

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures" / "query"
BUNDLED = TESTS.parent / "data" / "events.yaml"


@cache
def fixture_engine() -> QueryEngine:
    dataset = load_dataset([FIXTURES])
    assert not dataset.diagnostics, [str(d) for d in dataset.diagnostics]
    return QueryEngine(dataset)


@cache
def bundled_engine() -> QueryEngine:
    dataset = load_dataset([BUNDLED])
    assert not dataset.errors, [str(d) for d in dataset.errors]
    return QueryEngine(dataset)


def ref_fold(text: str) -> str:
    # Letters with a stroke have no NFKD decomposition; search spells them as their base.
    text = text.translate(str.maketrans("ŁłØøĐđ", "LlOoDd"))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
