"""The browser in a web page (`csto-tui serve`): `e` and `a` say that editing needs a
terminal, `y` says where the copy goes, `ctrl+z` that there is no shell, and an export is
the browser's download, never a file on the server.

`WebPage` is the app as Textual's web driver runs it (`is_web`); its `deliver_text` keeps
what would be sent to the browser (Pilot's headless driver would save it to the server's
downloads folder instead). tests/e2e/test_serve.py runs the real server.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from csto_tui.model.dataset import Dataset
from csto_tui.ui.app import CstoApp
from csto_tui.ui.options import BrowseOptions

from .conftest import DATA, counted, press, ready, type_text
from .screen import screen_lines, screen_text
from .test_edit import calls, editor
from .test_export_dialog import open_export
from .test_reload import events_text, shown


class WebPage(CstoApp):
    """The app in a browser: what it delivers is kept as (file name, text)."""

    def __init__(self, *paths: str) -> None:
        super().__init__(BrowseOptions(paths=paths or (DATA,)))
        self.delivered: list[tuple[str, str]] = []

    @property
    def is_web(self) -> bool:
        return True

    def deliver_text(self, path_or_file: Any, **kwargs: Any) -> str | None:  # type: ignore[override]
        self.delivered.append((kwargs["save_filename"], path_or_file.read()))
        return "key"


def said(app: CstoApp) -> str:
    """The screen's words on one line, a dialog's wrapped lines joined."""
    return " ".join(screen_text(app).split())


def noticed(app: CstoApp) -> str:
    """The notices' words on one line: each line of a toast follows its left edge (▌)."""
    parts = [line.rpartition("▌")[2] for line in screen_lines(app) if "▌" in line]
    return " ".join(w for w in " ".join(parts).split() if w.strip("▁▂▃▄▅▆▇█"))  # a scrollbar


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


async def test_e_and_a_say_editing_needs_a_terminal_and_touch_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting"]))
    before = data.read_text()
    log = editor(tmp_path, monkeypatch)
    app = WebPage(str(data))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Alpha meeting")
        await press(pilot, "e")
        await shown(pilot, app, "Not opened:")
        notice = noticed(app)  # a long path wraps where it must: compare it without spaces
        assert notice.startswith("Not opened: editing needs a terminal session, and this is a "
                                 "web page; edit "), notice  # fmt: skip
        assert notice.replace(" ", "").endswith(f"edit{data}:2inaterminal."), notice
        await press(pilot, "a")
        await shown(pilot, app, "Not added:")
        assert ("Not added: editing needs a terminal session, and this is a web page (a "
                "adds an event and opens the editor on it).") in noticed(app)  # fmt: skip
    assert calls(log) == [] and data.read_text() == before


async def test_e_on_the_bundled_data_says_the_same_first() -> None:
    """The bundled data is never editable either; in a page the reason is the page."""
    app = WebPage()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "e")
        await pilot.pause()
        assert "editing needs a terminal session, and this is a web page" in noticed(app)
        assert "bundled" not in noticed(app)


async def test_y_says_the_copy_goes_to_the_browsers_clipboard() -> None:
    app = WebPage()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "y")
        await pilot.pause()
        text = noticed(app)
        assert "Sent “UNODC support" in text and "as Markdown to the browser's clipboard" in text
        assert "only on https or localhost pages" in text and "OSC 52" not in text


async def test_ctrl_z_says_a_page_has_no_shell_to_suspend_to() -> None:
    app = WebPage()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(app, pilot)
        await press(pilot, "ctrl+z")
        await pilot.pause()
        assert "Ctrl+Z: a web page has no shell to suspend to" in noticed(app)


async def test_an_export_is_a_download_and_no_file_is_written(
    tmp_path: Path, bundled: Dataset
) -> None:
    app = WebPage()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(app, pilot)
        shown_count = counted(app)[0]
        await open_export(pilot)
        assert "Download as: csto-tui-view.csv" in said(app)
        assert "Downloaded by your browser; not written on the server." in said(app)
        await press(pilot, "enter", "enter")  # csv, the default name
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert [name for name, _ in app.delivered] == ["csto-tui-view.csv"]
        rows = list(csv.DictReader(io.StringIO(app.delivered[0][1])))
        assert len(rows) == shown_count == len(bundled.events)
        sent = (f"Sent {shown_count} events (csv) to your browser as csto-tui-view.csv (a "
                "download; if none starts, allow pop-ups for this page)")  # fmt: skip
        assert sent in noticed(app)
    assert list(tmp_path.iterdir()) == []  # nothing written where the server runs


async def test_a_typed_name_keeps_only_its_last_part_in_safe_characters(
    tmp_path: Path,
) -> None:
    app = WebPage()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(app, pilot)
        await open_export(pilot)
        await press(pilot, "j", "j", "enter")  # csv -> md -> json; the name field
        await press(pilot, *["backspace"] * 40)
        await type_text(pilot, "../out/Kyrgyz events;x.json")
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [name for name, _ in app.delivered] == ["Kyrgyz_events_x.json"]
        assert json.loads(app.delivered[0][1])
    assert list(tmp_path.iterdir()) == []
