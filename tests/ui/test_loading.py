"""Loading: a bar of the bytes read so far, in the timeline, until the data is in."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from csto_tui.loader import dataset as loader_dataset
from csto_tui.ui.messages import LoadProgress

from .conftest import browser, ready
from .screen import screen_text

EVENT = """  - id: {id}
    date: '2020'
    title: Event {id}
    summary: Invented for a test.
    kind: meeting
    sources: [{{title: T}}]
"""


def _files(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    for name, n in (("a.yaml", 40), ("b.yaml", 40)):
        text = "events:\n" + "".join(EVENT.format(id=f"{name[0]}{i}") for i in range(n))
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("ascii", "full", "empty"), [(False, "█", "░"), (True, "#", "-")])
async def test_bar_shows_the_share_read_then_gives_way_to_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ascii: bool, full: str, empty: str
) -> None:
    if ascii:
        monkeypatch.setenv("LANG", "C")
        monkeypatch.delenv("PYTHONUTF8")
    folder = _files(tmp_path)
    second_file = threading.Event()
    go_on = threading.Event()
    real = loader_dataset.read_file

    def read_file(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == "b.yaml":  # hold the load halfway, to look at the screen
            second_file.set()
            go_on.wait(10)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loader_dataset, "read_file", read_file)
    seen: list[float | None] = []

    def hook(message: object) -> None:
        if isinstance(message, LoadProgress):
            seen.append(message.fraction)

    app = browser(folder)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await asyncio.to_thread(second_file.wait, 10)
        for _ in range(50):  # the message crosses from the worker thread
            await pilot.pause(0.02)
            if "b.yaml" in screen_text(app):
                break
        text = screen_text(app)
        assert "Loading: reading b.yaml (2 of 2 files)" in text
        bar = next(line for line in text.splitlines() if "%" in line and full in line)
        assert empty in bar and " 50%" in bar  # the first of two equal files is read
        go_on.set()
        await ready(app, pilot)
        text = screen_text(app)
        assert "Event a0" in text and "%" not in text.split("Timeline", 1)[1].split("\n")[1]
    fractions = [f for f in seen if f is not None]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
