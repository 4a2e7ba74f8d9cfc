"""`e` and `a`: the user's editor at the event's line, and what the browser makes of it.

Pilot's headless driver cannot hand the terminal over, so `Suspending` stands in for a
terminal that can (its `suspend` yields at once); the editor is a real process, a script
named like an editor, that records how it was called and edits the file. tests/e2e runs
the same in a real terminal.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from csto_tui.ui.app import CstoApp
from csto_tui.ui.options import BrowseOptions

from .conftest import position, press, wait_for
from .screen import screen_text
from .test_reload import banner, events_text, shown

EDITOR = """#!{python}
# A fake editor: logs its arguments, then applies the edit the test asked for.
import json, sys
args = sys.argv[1:]
with open({log!r}, "a") as f:
    f.write(json.dumps(args) + "\\n")
path = args[-1]
text = open(path).read()
for old, new in json.load(open({edits!r})):
    text = text.replace(old, new)
open(path, "w").write(text)
"""


class Suspending(CstoApp):
    """The app on a terminal that can be handed over (Pilot's cannot)."""

    @contextlib.contextmanager
    def suspend(self) -> Iterator[None]:
        yield


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str = "vi",
           edits: list[tuple[str, str]] | None = None) -> Path:  # fmt: skip
    """An editor called `name` on PATH's front; returns the log of its calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log, wanted = tmp_path / "editor.log", tmp_path / "edits.json"
    wanted.write_text(json.dumps(edits or []))
    script = bin_dir / name
    script.write_text(EDITOR.format(python=sys.executable, log=str(log), edits=str(wanted)))
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    return log


def calls(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def app_on(data: Path, *, watch: bool = False) -> Suspending:
    return Suspending(BrowseOptions(paths=(str(data),), watch=watch))


@pytest.mark.parametrize("watch", [False, True], ids=["no-watch", "watching"])
async def test_e_edits_at_the_events_line_and_the_new_title_appears(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, watch: bool
) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting", "Beta meeting", "Gamma meeting"]))
    log = editor(tmp_path, monkeypatch, edits=[("title: Beta meeting", "title: Beta summit")])
    app = app_on(data, watch=watch)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Gamma meeting")
        await press(pilot, "j", "e")
        await shown(pilot, app, "Beta summit")
        beta_line = data.read_text().splitlines().index("  - id: beta") + 1
        assert calls(log) == [[f"+{beta_line}", str(data)]]
        assert position(app) == (2, 3)  # still on the event edited
        assert "Beta meeting" not in screen_text(app)


async def test_e_with_a_bad_edit_keeps_the_data_and_names_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting", "Beta meeting"]))
    editor(tmp_path, monkeypatch, edits=[("date: '2002'", "date: '2002-02-30'")])
    app = app_on(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Beta meeting")
        await press(pilot, "e")
        await wait_for(pilot, lambda: "Kept the last good data" in banner(app), "the banner")
        line = data.read_text().splitlines().index("    date: '2002-02-30'") + 1
        assert f"{data}:{line}:" in banner(app) and "beta" in banner(app)
        assert "Beta meeting" in screen_text(app)


@pytest.mark.parametrize(
    ("name", "extra"),
    [("nano", []), ("code", ["--goto"]), ("ed", [])],
    ids=["nano", "vscode", "unknown"],
)
async def test_each_editor_gets_the_line_as_it_expects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, extra: list[str]
) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting"]))
    log = editor(tmp_path, monkeypatch, name=name)
    app = app_on(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Alpha meeting")
        await press(pilot, "e")
        await wait_for(pilot, lambda: bool(calls(log)), "the editor called")
        expected = {"nano": ["+2", str(data)], "code": ["--goto", f"{data}:2"], "ed": [str(data)]}
        assert calls(log) == [expected[name]]


async def test_a_adds_a_skeleton_to_the_events_file_and_edits_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting", "Beta meeting"]))
    log = editor(tmp_path, monkeypatch)  # the curator saves without filling anything
    app = app_on(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Beta meeting")
        await press(pilot, "a")
        await wait_for(pilot, lambda: bool(calls(log)), "the editor called")
        lines = data.read_text().splitlines()
        start = next(i for i, ln in enumerate(lines, 1) if ln.startswith("  - id: new-event"))
        assert calls(log) == [[f"+{start}", str(data)]]
        await shown(pilot, app, "Added new-event to")
        # Not filled in yet: errors at the marked lines, the data shown stays.
        await wait_for(pilot, lambda: "Kept the last good data" in banner(app), "the banner")
        todo = [i for i, ln in enumerate(lines, 1) if "# TODO" in ln]
        assert f"{data}:{todo[0]}:" in banner(app), banner(app)
        assert position(app)[1] == 2


async def test_e_and_a_on_a_read_only_file_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting"]))
    data.chmod(0o444)
    log = editor(tmp_path, monkeypatch)
    app = app_on(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Alpha meeting")
        await press(pilot, "e")
        await shown(pilot, app, "Not opened:")
        await press(pilot, "a")
        await shown(pilot, app, "Not added:")
        assert "is read-only" in screen_text(app)
        assert calls(log) == [] and "new-event" not in data.read_text()


async def test_e_in_the_problems_list_edits_at_the_problems_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "events.yaml"
    good = events_text(["Alpha meeting", "Beta meeting"])
    data.write_text(good)
    # The curator's fix, made in the editor opened from the list.
    log = editor(tmp_path, monkeypatch, edits=[("kind: party", "kind: meeting")])
    app = app_on(data, watch=True)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Beta meeting")
        data.write_text(good.replace("kind: meeting", "kind: party", 1))
        await wait_for(pilot, lambda: "Kept the last good data" in banner(app), "the banner")
        await press(pilot, "d")
        await shown(pilot, app, "'party'")
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "problems-list",
                       "the list focused")  # fmt: skip
        await press(pilot, "e")
        await wait_for(pilot, lambda: bool(calls(log)), "the editor called")
        kind_line = data.read_text().splitlines().index("    kind: meeting") + 1
        assert calls(log) == [[f"+{kind_line}", str(data)]]
        await wait_for(pilot, lambda: banner(app) == "", "the banner gone once fixed")
        assert "Problems:" not in screen_text(app)
