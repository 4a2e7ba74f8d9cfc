"""End-to-end tests: the `e2e` marker (deselect with `-m "not e2e"`), the tmux panes and
the data the screen should show (the helpers are in tests/e2e/tmux.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.query import QueryEngine

from .tmux import HEIGHT, WIDTH, Data, Pane


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "e2e: drives the installed csto-tui binary in tmux (needs tmux; .ci/run installs it)",
    )


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    p = Pane(tmp_path)
    try:
        yield p
    finally:
        p.kill()


@pytest.fixture
def new_pane(tmp_path: Path) -> Iterator[Callable[..., Pane]]:
    """More panes, each in its own folder under tmp_path: `new_pane("ref", 100, 30)`."""
    made: list[Pane] = []

    def make(name: str, width: int = WIDTH, height: int = HEIGHT) -> Pane:
        workdir = tmp_path / name
        workdir.mkdir()
        made.append(Pane(workdir, width, height))
        return made[-1]

    try:
        yield make
    finally:
        for p in made:
            p.kill()


@pytest.fixture(scope="module")
def data() -> Data:
    dataset = load_dataset([bundled_data_path()])
    assert not dataset.errors
    final = next(e for e in dataset.events if any(f.item == "opium" for f in e.figures))
    first, second = dataset.events[0].title, dataset.events[1].title
    assert first[:30] != second[:30]
    return Data(len(dataset.events), first, second, final.title, QueryEngine(dataset))
