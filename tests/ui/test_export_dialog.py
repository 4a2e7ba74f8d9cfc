"""Export the view from the palette: every format, a file name asked, never a silent overwrite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csto_tui.export import FORMATS
from csto_tui.model.dataset import Dataset
from csto_tui.ui.screens.export import FORMAT_HELP

from .conftest import browser, counted, press, ready, type_text
from .screen import screen_text


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


async def open_export(pilot) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, "ctrl+p")
    await type_text(pilot, "export the view")
    await press(pilot, "enter")


async def test_the_dialog_offers_every_format_and_writes_the_view(
    tmp_path: Path, bundled: Dataset
) -> None:
    app = browser(search="channel")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(app, pilot)
        shown = counted(app)[0]
        await open_export(pilot)
        text = screen_text(app)
        assert f"Export the {shown} events shown" in text
        for fmt in FORMATS:
            named = f" {fmt}  " in text or f" {fmt} {FORMAT_HELP[fmt]}" in text  # a long name
            assert f"\n│ {fmt} " in text or named, fmt
        await press(pilot, "j", "j")  # csv → md → json
        assert "csto-tui-view.json" in screen_text(app)
        await press(pilot, "enter", "enter")
        written = tmp_path / "csto-tui-view.json"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(json.loads(written.read_text(encoding="utf-8"))) == shown
        await pilot.pause()  # the notification is drawn a moment later
        assert f"Wrote {shown} events (json) to" in " ".join(screen_text(app).split())


async def test_an_existing_file_is_replaced_only_after_yes(tmp_path: Path) -> None:
    existing = tmp_path / "csto-tui-view.csv"
    existing.write_text("keep me\n", encoding="utf-8")
    app = browser()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(app, pilot)
        await open_export(pilot)
        await press(pilot, "enter", "enter")  # csv, the default name
        assert "exists. Overwrite it with csv? y / n" in screen_text(app)
        await press(pilot, "n")
        assert existing.read_text(encoding="utf-8") == "keep me\n"
        assert "Kept the file" in screen_text(app)
        await press(pilot, "enter")  # the path field has focus again: ask again
        assert "Overwrite it with csv?" in screen_text(app)
        await press(pilot, "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert existing.read_text(encoding="utf-8").startswith("id,date,")


async def test_an_unwritable_place_is_said_in_words_and_the_dialog_stays(
    tmp_path: Path,
) -> None:
    app = browser()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(app, pilot)
        await open_export(pilot)
        await press(pilot, "enter")
        for _ in range(len("csto-tui-view.csv")):
            await press(pilot, "backspace")
        await type_text(pilot, "no-such-folder/view.csv")
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Could not write" in text and "does not exist" in text
        assert ".tmp" not in text and "Errno" not in text
        assert "Export the" in text  # still open: the user can fix the name
        await press(pilot, "escape")
        assert "Export the" not in screen_text(app)
        assert not list(tmp_path.iterdir())


async def test_a_question_about_one_format_does_not_carry_over_to_another(
    tmp_path: Path,
) -> None:
    """'csv exists. Overwrite?', then j (the format becomes md), then y: nothing is written
    over the csv; the question went with the change."""
    existing = tmp_path / "csto-tui-view.csv"
    existing.write_text("keep me\n", encoding="utf-8")
    app = browser()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(app, pilot)
        await open_export(pilot)
        await press(pilot, "enter", "enter")
        assert "Overwrite it with csv? y / n" in screen_text(app)
        await press(pilot, "j")
        assert "Overwrite it" not in screen_text(app)
        assert "csto-tui-view.md" in screen_text(app)
        await press(pilot, "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert existing.read_text(encoding="utf-8") == "keep me\n"
        assert not (tmp_path / "csto-tui-view.md").exists()


@pytest.mark.parametrize(
    ("name", "words"),
    [("x" * 300 + ".csv", "too long"), ("~no-such-user-here/view.csv", "no home folder")],
    ids=["name-too-long", "unknown-home"],
)
async def test_names_the_system_refuses_are_said_in_words(name: str, words: str) -> None:
    app = browser()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await open_export(pilot)
        await press(pilot, "enter")
        for _ in range(len("csto-tui-view.csv")):
            await press(pilot, "backspace")
        await pilot.press(*name)  # typing into a field: no focus moves to wait for
        await press(pilot, "enter")
        text = " ".join(screen_text(app).split())
        assert app.is_running and "Could not write" in text and words in text
        assert "Traceback" not in text


async def test_the_dialog_fits_a_60x15_terminal() -> None:
    app = browser()
    async with app.run_test(size=(60, 15)) as pilot:
        await ready(app, pilot)
        await open_export(pilot)
        lines = screen_text(app).splitlines()
        assert any(line.startswith("╭") for line in lines)
        assert any(line.startswith("╰") for line in lines), lines
        assert "Escape: cancel" in screen_text(app)
