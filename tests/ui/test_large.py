"""The browser on 10,000 generated events: views come from the query worker, and a search
typed with `/` narrows the timeline to what it names."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from textual.message import Message

from csto_tui.ui.messages import ViewReady

from .conftest import browser, counted, press, type_text, wait_for
from .screen import screen_lines, screen_text

N = 10_000
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _generator() -> ModuleType:
    """scripts/generate.py, loaded by path as scripts/bench.py does (scripts is no package)."""
    spec = importlib.util.spec_from_file_location("csto_generate", SCRIPTS / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / f"events-{N}.yaml"
    _generator().write_dataset(N, path, seed=0)
    return path


async def test_a_search_typed_over_ten_thousand_events(ten_thousand: Path) -> None:
    seen: list[Message] = []
    app = browser(ten_thousand)
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        await wait_for(pilot, lambda: f"{N} of {N} events" in screen_lines(app)[0],
                       "the first view", timeout=120)  # fmt: skip
        assert any(isinstance(m, ViewReady) for m in seen)  # built by the worker
        # One event's number: in its title and its id, nowhere else.
        await press(pilot, "slash")
        await type_text(pilot, "04242")
        await wait_for(pilot, lambda: counted(app) == (1, N), "the search's one event")
        assert "Synthetic event 04242:" in screen_text(app)
        # A phrase, through the index's word positions.
        await press(pilot, "ctrl+u")
        await type_text(pilot, '"synthetic event 04242"')
        await wait_for(pilot, lambda: 'event 04242"' in screen_lines(app)[0], "the phrase")
        await wait_for(pilot, lambda: counted(app) == (1, N), "the phrase's one event")
        assert "Synthetic event 04242:" in screen_text(app)
