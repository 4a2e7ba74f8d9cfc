"""The event card (Markdown for the clipboard) and figures worded one way everywhere."""

from __future__ import annotations

import csv
import io

import pytest

from csto_tui.export import render
from csto_tui.export.card import event_markdown
from csto_tui.export.fields import figure_text
from csto_tui.export.tabular import split_list
from csto_tui.loader import Dataset, load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.model.records import QUALIFIERS, Figure
from csto_tui.model.schema import parse_event

FINAL_STAGE = "2018-05-28-operation-channel-2018-final-stage"
WORDS = {"exact": "4,753 kg", "approx": "about 4,753 kg", "at-least": "at least 4,753 kg",
         "at-most": "up to 4,753 kg"}  # fmt: skip


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset([bundled_data_path()])


@pytest.mark.parametrize("qualifier", QUALIFIERS)
def test_figure_text(qualifier: str) -> None:
    figure = Figure(metric="seized", item="opium", value=4753, unit="kg", qualifier=qualifier)
    assert figure_text(figure) == WORDS[qualifier]


def test_figure_text_keeps_fractions_and_units() -> None:
    assert figure_text(Figure(metric="m", value=0.5, unit="t", qualifier="approx")) == "about 0.5 t"
    assert figure_text(Figure(metric="m", value=12, unit="persons", qualifier="at-least")) == (
        "at least 12 persons"
    )


def table_rows(markdown: str) -> list[list[str]]:
    """The figure table's body rows, as cells."""
    lines = markdown.splitlines()
    start = lines.index("| Figure | Item | Value |") + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def test_card_of_the_bundled_final_stage(bundled: Dataset) -> None:
    event = bundled.event(FINAL_STAGE)
    assert event is not None
    card = event_markdown(event, bundled)
    assert card.startswith(f"## {event.title}\n")
    rows = table_rows(card)
    assert len(rows) == len(event.figures)
    assert ["seized", "opium", "4,753 kg"] in rows
    for row, figure in zip(rows, event.figures, strict=True):
        assert row == [figure.metric, figure.item or "", figure_text(figure)]
    assert "exact" not in card


def test_card_words_every_qualifier(bundled: Dataset) -> None:
    figures = [
        {"metric": "seized", "item": f"item{i}", "value": 5, "unit": "t", "qualifier": q}
        for i, q in enumerate(QUALIFIERS)
    ]
    event = parse_event(
        {"id": "figures", "date": "2020", "title": "Figures", "summary": "S.",
         "kind": "operation", "sources": [{"title": "T"}], "figures": figures}
    )  # fmt: skip
    rows = table_rows(event_markdown(event, bundled))
    assert [r[2] for r in rows] == ["5 t", "about 5 t", "at least 5 t", "up to 5 t"]
    card = event_markdown(event, bundled)
    for word in ("at-least", "at-most", "approx", "over", "exact"):
        assert word not in card


def test_card_keeps_the_table_whole_and_drops_escape_codes(bundled: Dataset) -> None:
    event = parse_event(
        {"id": "odd", "date": "2020", "title": "Odd \x1b[31mred", "summary": "S.",
         "kind": "operation", "sources": [{"title": "T"}],
         "figures": [{"metric": "a | b", "value": 1, "unit": "kg", "qualifier": "exact"}]}
    )  # fmt: skip
    card = event_markdown(event, bundled)
    assert "\x1b" not in card
    line = next(x for x in card.splitlines() if x.startswith("| a"))
    assert line == "| a \\| b |  | 1 kg |"


def test_csv_figures_use_the_same_words(bundled: Dataset) -> None:
    event = bundled.event(FINAL_STAGE)
    assert event is not None
    rows = list(csv.DictReader(io.StringIO(render("csv", [event], bundled), newline="")))
    assert split_list(rows[0]["figures"]) == [
        f"{f.metric} {f.item}: {figure_text(f)}" if f.item else f"{f.metric}: {figure_text(f)}"
        for f in event.figures
    ]
    assert "seized opium: 4,753 kg" in split_list(rows[0]["figures"])
