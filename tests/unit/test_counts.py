"""One definition of a count: `stats`, the sidebar's facets and `list`'s filters agree.

For every country, body, year, kind and tag of a dataset, the count `stats --format json`
prints, the unfiltered facet count the sidebar shows and the number of events `list` prints
for that value's filter are the same number.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path
from typing import Any

import pytest

from csto_tui.cli import main
from csto_tui.export.tabular import render_md, render_table
from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.query import Query, QueryEngine

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
SECTIONS = ("country", "body", "year", "kind", "tag")
OPTION = {"country": "--country", "body": "--body", "kind": "--kind", "tag": "--tag"}


def cli(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    assert code == 0, out.getvalue()
    return out.getvalue()


def listed(path: Path, section: str, value: str) -> int:
    """How many events `list` selects with the filter for one value."""
    args = ["--from", value, "--to", value] if section == "year" else [OPTION[section], value]
    return len(json.loads(cli("list", str(path), "--format", "json", *args)))


def _generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("script_generate", SCRIPTS / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    out = tmp_path_factory.mktemp("counts") / "events.yaml"
    with contextlib.redirect_stderr(io.StringIO()):
        assert generate.main(["200", str(out), "--seed", "3"]) == 0
    return out


@pytest.fixture(scope="module", params=["bundled", "generated"])
def data(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "bundled":
        return bundled_data_path()
    return _generated(tmp_path_factory)


@pytest.fixture(scope="module")
def stats(data: Path) -> dict[str, Any]:
    return json.loads(cli("stats", str(data), "--format", "json"))


@pytest.fixture(scope="module")
def facets(data: Path) -> dict[str, dict[str, int]]:
    dataset = load_dataset([data])
    assert not dataset.errors
    found = QueryEngine(dataset).facets(Query())
    return {section: {v.value: v.count for v in found[section]} for section in SECTIONS}


@pytest.mark.parametrize("section", SECTIONS)
def test_stats_sidebar_and_list_count_alike(
    data: Path, stats: dict[str, Any], facets: dict[str, dict[str, int]], section: str
) -> None:
    sidebar = {value: n for value, n in facets[section].items() if n}
    assert sidebar, f"no {section} values to compare"
    assert stats[section] == sidebar  # the same values, each with the same count
    for value, n in sidebar.items():
        assert listed(data, section, value) == n, (section, value)


def test_bodies_count_their_sub_bodies() -> None:
    """CSTO is named directly by few events but reached through its organs by more."""
    data = json.loads(cli("stats", "--format", "json"))
    dataset = load_dataset([bundled_data_path()])
    below = dataset.registry.descendants("csto")
    expected = sum(1 for e in dataset.events if any(b.id in below for b in e.bodies))
    direct = sum(1 for e in dataset.events if any(b.id == "csto" for b in e.bodies))
    assert expected > direct  # the data has the case this test is about
    assert data["body"]["csto"] == expected
    # A body no event names directly still appears when its sub-bodies are named.
    named = {b.id for e in dataset.events for b in e.bodies}
    reached = {a for b in named for a in dataset.registry.ancestors(b)} - named
    assert reached and reached <= set(data["body"])


def test_years_count_events_under_way() -> None:
    """A year counts every event whose span overlaps it, not only those starting in it."""
    data = json.loads(cli("stats", "--format", "json"))
    dataset = load_dataset([bundled_data_path()])
    for year, n in data["year"].items():
        y = int(year)
        assert n == sum(
            1
            for e in dataset.events
            if (e.date.lower is None or e.date.lower.year <= y)
            and (e.date.upper is None or e.date.upper.year >= y)
        )
    assert "open" not in data["year"]


def test_stats_counts_among_matching_events() -> None:
    data = json.loads(cli("stats", "--country", "KG", "--format", "json"))
    dataset = load_dataset([bundled_data_path()])
    chosen = [e for e in dataset.events if "KG" in e.all_countries]
    assert data["total"] == len(chosen)
    assert data["country"]["KG"] == len(chosen)
    for tag in {t for e in chosen for t in e.tags}:
        assert data["tag"][tag] == sum(1 for e in chosen if tag in e.tags)
    assert set(data["tag"]) == {t for e in chosen for t in e.tags}


def test_table_and_md_show_the_countries_the_filter_matched() -> None:
    """`list --country Russia` rows each show RU, also where Russia is only the location."""
    dataset = load_dataset([bundled_data_path()])
    events = [e for e in dataset.events if "RU" in e.all_countries]
    assert any("RU" not in e.countries for e in events)  # the case the fix is about
    for width in (80, None):  # a terminal cuts long lists to 'AM,BY,+8'; a pipe never does
        table = render_table(events, width=width).splitlines()
        assert len(table) == len(events) + 1
        start = table[0].index("COUNTRIES")
        end = table[0].index("WHERE" if width is None else "TITLE")
        for line, event in zip(table[1:], events, strict=True):
            codes = line[start:end].strip().split(",")
            more = int(codes.pop()[1:]) if codes[-1].startswith("+") else 0
            assert (*codes, *event.all_countries[len(codes) :]) == event.all_countries
            assert len(codes) + more == len(event.all_countries)
            assert more == 0 or width is not None
    md = render_md(events).splitlines()[2:]
    for line, event in zip(md, events, strict=True):
        assert line.split(" | ")[2] == ",".join(event.all_countries)
