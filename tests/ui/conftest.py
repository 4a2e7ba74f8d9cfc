"""Shared helpers for Pilot tests: start the browser on fixed data, wait for it, read it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
from textual.pilot import Pilot

from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.model.dataset import Dataset
from csto_tui.model.records import Event
from csto_tui.ui.app import CstoApp
from csto_tui.ui.options import BrowseOptions

from .screen import line_with, screen_text

DATA = str(bundled_data_path())


@pytest.fixture(autouse=True)
def _utf8_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the same glyphs whatever the developer's locale is."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    # Under a C locale Python switches on UTF-8 mode, which the app reads as an ASCII
    # terminal; an explicit PYTHONUTF8 says the terminal really is UTF-8.
    monkeypatch.setenv("PYTHONUTF8", "1")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_CTYPE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    return load_dataset([bundled_data_path()])


def browser(*paths: str | Path, **filters: object) -> CstoApp:
    """The app as `csto-tui [PATH ...] [filters]` starts it (bundled data by default)."""
    tuples = {k: tuple(v) if isinstance(v, list | tuple) else v for k, v in filters.items()}
    return CstoApp(BrowseOptions(paths=tuple(str(p) for p in paths) or (DATA,), **tuples))  # type: ignore[arg-type]


async def ready(app: CstoApp, pilot: Pilot) -> None:
    """Wait for the loader worker and the first paint."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys one at a time, letting each settle (focus moves a moment after a key)."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    await press(pilot, *(("space" if ch == " " else ch) for ch in text))


def position(app: CstoApp) -> tuple[int, int]:
    """The cursor's place as the timeline's title shows it: ('5 of 12') → (5, 12)."""
    line = line_with(app, "Timeline")
    found = re.search(r"Timeline\s+(?:count \d+\s+)?(\d+) of (\d+)", line)
    assert found, f"no position in the timeline's title: {line!r}"
    return int(found.group(1)), int(found.group(2))


def counted(app: CstoApp) -> tuple[int, int]:
    """'7 of 12 events' from the header."""
    found = re.search(r"(\d+) of (\d+) events", screen_text(app).splitlines()[0])
    assert found, screen_text(app)
    return int(found.group(1)), int(found.group(2))


def channel_final(dataset: Dataset) -> Event:
    """The Operation Channel 2018 final stage: the event with the opium figure."""
    return next(e for e in dataset.events if any(f.item == "opium" for f in e.figures))


def renamed(event: Event, event_id: str) -> Event:
    """A copy of a record under another id (records are immutable msgspec Structs)."""
    return msgspec.structs.replace(event, id=event_id)


async def wait_for(
    pilot: Pilot, condition: Callable[[], bool], what: str, timeout: float = 20
) -> None:
    """Pause until `condition()` holds: a view the query worker builds shows up a moment
    after the key that asked for it."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await pilot.pause(0.02)
