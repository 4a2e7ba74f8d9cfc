"""`--since REV` in the browser: rows marked new (+) or changed (!) since a git revision, a
Since section in the sidebar that filters and counts like the others, the detail saying
what changed, the header naming the filter, and marks that follow a live reload.

The repository is a real one, made with the git binary in a temporary folder; the browser
is given its data folder by absolute path while git names the file `data/events.yaml`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from textual.pilot import Pilot

from csto_tui.ui.app import CstoApp
from tests.gitenv import GIT_ENV

from .conftest import browser, counted, press, wait_for
from .screen import line_with, screen_lines, screen_text

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git binary")


EVENT = """  - id: {id}
    date: '{date}'
    title: {title}
    summary: Invented for a test.
    kind: meeting
    sources: [{{title: Invented bulletin}}]
"""
COMMITTED = ["Alpha meeting", "Beta meeting", "Gamma meeting", "Omega meeting"]
# Delta is new, Beta's title changed, Gamma removed; Alpha and Omega as committed.
EDITED = ["Alpha meeting", "Beta summit", "Delta meeting", "Omega meeting"]


def events_text(titles: list[str]) -> str:
    """One event a year from 2001 in the order given; an event's id is its title's first
    word (`Beta summit` is `beta`), its year fixed by that word so edits keep dates."""
    years = {"alpha": 2001, "beta": 2002, "gamma": 2003, "delta": 2004, "epsilon": 2005,
             "omega": 2009}  # fmt: skip
    items = []
    for title in titles:
        event_id = title.split()[0].lower()
        items.append(EVENT.format(id=event_id, date=years[event_id], title=title))
    return "events:\n" + "".join(items)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with data/events.yaml committed, then edited in the working tree."""
    git(tmp_path, "init", "-q", "-b", "main")
    data = tmp_path / "data" / "events.yaml"
    data.parent.mkdir()
    data.write_text(events_text(COMMITTED), encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    data.write_text(events_text(EDITED), encoding="utf-8")
    return tmp_path


def since_app(repo: Path, **options: object) -> CstoApp:
    return browser(repo / "data", since="HEAD", watch=True, **options)


def mark(app: CstoApp, title: str) -> str:
    """The --since mark of the timeline row of `title`: '+', '!' or ' '."""
    row = re.compile(rf"(.) \d{{4}}\s+mtg\s+{re.escape(title)}")  # apart from the date
    for line in screen_lines(app):
        found = row.search(line)
        if found:
            return found.group(1)
    raise AssertionError(f"no row of {title!r}:\n{screen_text(app)}")


def facet_count(app: CstoApp, label: str) -> int:
    """The count at the end of a sidebar row ('[ ] + new   1', 'removed   1')."""
    line = line_with(app, label)
    found = re.search(rf"{re.escape(label)}\s+(\d+)", line)
    assert found, line
    return int(found.group(1))


def timeline_titles(app: CstoApp) -> list[str]:
    titles = [t for t in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Omega")]
    shown = []
    for line in screen_lines(app):
        found = re.search(r"\d{4}\s+mtg\s+(\w+) (?:meeting|summit)", line)
        if found and found.group(1) in titles:
            shown.append(found.group(1))
    return shown


async def marked(pilot: Pilot, app: CstoApp, title: str, expected: str) -> None:
    def holds() -> bool:
        try:
            return mark(app, title) == expected
        except AssertionError:
            return False

    await wait_for(pilot, holds, f"{title} marked {expected!r}")


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


async def test_rows_are_marked_and_the_since_section_counts(repo: Path) -> None:
    app = since_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await marked(pilot, app, "Delta meeting", "+")
        assert mark(app, "Beta summit") == "!"
        assert mark(app, "Alpha meeting") == " " and mark(app, "Omega meeting") == " "
        assert "Gamma meeting" not in screen_text(app)
        assert "SINCE HEAD" in screen_text(app)
        assert facet_count(app, "+ new") == 1
        assert facet_count(app, "! changed") == 1
        assert facet_count(app, "removed") == 1
        assert "[" not in line_with(app, "removed")  # no filter: those are not in the data


async def test_the_facet_filters_to_new_and_changed_and_x_clears_it(repo: Path) -> None:
    app = since_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await marked(pilot, app, "Delta meeting", "+")
        await press(pilot, "f")  # the Since section comes first
        await press(pilot, "space")  # + new
        await wait_for(pilot, lambda: timeline_titles(app) == ["Delta"], "only Delta")
        assert "new since HEAD" in screen_lines(app)[0]
        assert counted(app) == (1, 4)
        # Counts follow the other sections' filters, not their own section's.
        assert facet_count(app, "! changed") == 1
        assert facet_count(app, "] meeting") == 1
        await press(pilot, "j", "space")  # ! changed too
        await wait_for(pilot, lambda: timeline_titles(app) == ["Beta", "Delta"], "Beta, Delta")
        assert "new or changed since HEAD" in screen_lines(app)[0]
        assert "SINCE HEAD (2)" in screen_text(app)
        await press(pilot, "x")  # clears the section under the cursor
        await wait_for(pilot, lambda: len(timeline_titles(app)) == 4, "every event again")
        assert "since HEAD" not in screen_lines(app)[0]
        await press(pilot, "k", "space")  # + new again, then x on the timeline: all cleared
        await wait_for(pilot, lambda: timeline_titles(app) == ["Delta"], "only Delta")
        await press(pilot, "escape", "x")
        await wait_for(pilot, lambda: len(timeline_titles(app)) == 4, "every event again")
        assert "[x]" not in screen_text(app)


async def test_ctrl_o_comes_back_to_the_since_filter(repo: Path) -> None:
    app = since_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await marked(pilot, app, "Delta meeting", "+")
        await press(pilot, "f", "j", "space", "escape")  # ! changed: Beta alone
        await wait_for(pilot, lambda: timeline_titles(app) == ["Beta"], "only Beta")
        await press(pilot, "t", *"2009", "enter")  # a jump remembers where it was
        await press(pilot, "x")
        await wait_for(pilot, lambda: len(timeline_titles(app)) == 4, "every event")
        await press(pilot, "ctrl+o")  # back: the query of then, the Since filter included
        await wait_for(pilot, lambda: timeline_titles(app) == ["Beta"], "only Beta")
        assert "changed since HEAD" in screen_lines(app)[0]


async def test_the_detail_says_what_changed(repo: Path) -> None:
    app = since_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await marked(pilot, app, "Beta summit", "!")

        def detail() -> str:
            return " ".join(screen_text(app).split("Detail")[-1].split())

        await press(pilot, "j")  # Alpha, then Beta
        await wait_for(pilot, lambda: "Changed since HEAD" in detail(), "the change")
        assert "title: Beta meeting → Beta summit" in detail()
        await press(pilot, "j")  # Delta
        await wait_for(pilot, lambda: "New since HEAD" in detail(), "new")
        await press(pilot, "j")  # Omega: as it was
        await wait_for(pilot, lambda: "Omega meeting" in detail(), "Omega's detail")
        assert "since HEAD" not in detail()


async def test_marks_follow_a_live_reload(repo: Path) -> None:
    app = since_app(repo)
    data = repo / "data" / "events.yaml"
    async with app.run_test(size=(120, 36)) as pilot:
        await marked(pilot, app, "Beta summit", "!")
        # Beta back as committed, Epsilon new, Gamma still gone.
        data.write_text(events_text(["Alpha meeting", "Beta meeting", "Delta meeting",
                                     "Epsilon meeting", "Omega meeting"]))  # fmt: skip
        await marked(pilot, app, "Epsilon meeting", "+")
        await marked(pilot, app, "Beta meeting", " ")
        assert mark(app, "Delta meeting") == "+"
        await wait_for(pilot, lambda: facet_count(app, "+ new") == 2, "2 new")
        assert facet_count(app, "! changed") == 0
        assert facet_count(app, "removed") == 1


async def test_a_file_named_from_inside_its_folder_marks_nothing_it_did_not_change(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser names the file `events.yaml`, git `data/events.yaml`: the same file."""
    git(repo, "stash", "-q")  # the working tree as committed
    monkeypatch.chdir(repo / "data")
    app = browser("events.yaml", since="HEAD", watch=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "removed" in screen_text(app), "the comparison")
        assert facet_count(app, "+ new") == 0
        assert facet_count(app, "! changed") == 0
        assert facet_count(app, "removed") == 0
        assert mark(app, "Beta meeting") == " "


async def test_without_since_nothing_changes(repo: Path) -> None:
    app = browser(repo / "data", watch=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "Beta summit" in screen_text(app), "the rows")
        assert "SINCE" not in screen_text(app)
        line = line_with(app, "Beta summit")
        assert re.search(r"▕ 2002 mtg Beta summit", line), line  # no mark column


@pytest.mark.parametrize("mode", ["lang-c", "no-color"])
async def test_the_marks_are_characters_in_ascii_and_without_colour(
    repo: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    if mode == "lang-c":
        monkeypatch.setenv("LANG", "C")
        monkeypatch.setenv("LC_ALL", "C")
        monkeypatch.delenv("PYTHONUTF8", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", "1")
    app = since_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "removed" in screen_text(app), "the comparison")
        await press(pilot, "j")  # Beta: its detail names the change
        text = screen_text(app)
        found = {t: re.search(rf"(.) \d{{4}}\s+mtg\s+{t}", text) for t in ("Beta", "Delta")}
        assert found["Beta"] and found["Beta"].group(1) == "!", text
        assert found["Delta"] and found["Delta"].group(1) == "+", text
        if mode == "lang-c":
            wrong = sorted({ch for ch in text if not ch.isascii()})
            assert not wrong, f"{wrong}:\n{text}"
            assert "title: Beta meeting -> Beta summit" in " ".join(text.split())


async def test_a_revision_that_names_nothing_says_so_in_the_section(repo: Path) -> None:
    """The command line refuses it first; a screen given one anyway says why, once."""
    app = browser(repo / "data", since="no-such-rev", watch=True)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await wait_for(pilot, lambda: "unknown revision" in screen_text(app), "the problem")
        assert "SINCE no-such-rev" in screen_text(app)
        assert "Beta summit" in screen_text(app)  # the data is shown all the same
        assert mark(app, "Beta summit") == " "
