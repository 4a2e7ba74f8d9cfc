"""End to end, the curator's loop in a real terminal: `e` hands the terminal to $EDITOR at
the event's line, and what the editor saved is on screen when it gives the terminal back;
a file changed from elsewhere shows up by itself, and a broken save keeps the old data."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path

from .tmux import (
    ENVIRONMENTS,
    STARTUP,
    TMUX,
    Data,
    Pane,
    assert_no_traceback,
    count_shown,
    one_line,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]

ENV = ENVIRONMENTS["xterm-256color"]
NEW_TITLE = "Retitled in the editor"

# Named `vi`, so it is called as vi is: `vi +LINE FILE`; retitles the event at LINE.
FAKE_VI = """#!{python}
import sys
with open({log!r}, "w") as f:
    f.write(" ".join(sys.argv[1:]))
line, path = int(sys.argv[1][1:]), sys.argv[2]
lines = open(path, encoding="utf-8").read().splitlines(keepends=True)
at = next(i for i in range(line - 1, len(lines)) if lines[i].startswith("    title: "))
lines[at] = "    title: {new}\\n"
open(path, "w", encoding="utf-8").write("".join(lines))
"""


def retitled(text: str) -> str:
    """The file with its first event's title replaced, as an editor would save it."""
    lines = text.splitlines(keepends=True)
    at = next(i for i, ln in enumerate(lines) if ln.startswith("    title: "))
    lines[at] = f"    title: {NEW_TITLE}\n"
    return "".join(lines)


def copy_of_the_data(pane: Pane) -> Path:
    copy = pane.workdir / "data" / "events.yaml"
    copy.parent.mkdir()
    shutil.copyfile(bundled_data_path(), copy)
    return copy


def test_e_edits_in_the_editor_and_the_new_title_appears(pane: Pane, data: Data) -> None:
    copy = copy_of_the_data(pane)
    first = load_dataset([copy]).events[0]
    line = load_dataset([copy]).origins[first.id].line
    vi = pane.workdir / "bin" / "vi"
    vi.parent.mkdir()
    log = pane.workdir / "editor.log"
    vi.write_text(FAKE_VI.format(python=sys.executable, log=str(log), new=NEW_TITLE))
    vi.chmod(0o755)
    pane.start(pane.app({**ENV, "EDITOR": str(vi)}, str(copy)))
    pane.wait(lambda s: count_shown(data.total, data.total).search(s), "the timeline",
              timeout=STARTUP)  # fmt: skip
    pane.keys("e")
    pane.wait(lambda s: NEW_TITLE in s, "the new title on screen")
    assert log.read_text() == f"+{line} {copy}"
    pane.wait(lambda s: "Reloaded:" in one_line(s), "the notice of the reload")
    assert first.title[:30] not in pane.text()
    pane.keys("q")
    assert_no_traceback(pane)


def test_a_broken_save_from_elsewhere_keeps_the_data_then_the_fix_shows(
    pane: Pane, data: Data
) -> None:
    copy = copy_of_the_data(pane)
    good = copy.read_text(encoding="utf-8")
    pane.start(pane.app(ENV, str(copy)))
    pane.wait(lambda s: count_shown(data.total, data.total).search(s), "the timeline",
              timeout=STARTUP)  # fmt: skip
    # Another window saves a broken file: a mapping left open on the first title's line.
    broken = good.replace("title: ", "title: {", 1)
    copy.write_text(broken, encoding="utf-8")
    pane.wait(lambda s: "Kept the last good data" in one_line(s), "the banner")
    assert count_shown(data.total, data.total).search(pane.text())
    bad_line = next(i for i, ln in enumerate(broken.splitlines(), 1) if "title: {" in ln)
    # The parser names the line where it found the mapping unclosed: that one or the next.
    where = re.search(r"data/events\.yaml:(\d+):\d+: error: YAML syntax", one_line(pane.text()))
    assert where and int(where.group(1)) in (bad_line, bad_line + 1), one_line(pane.text())
    copy.write_text(retitled(good), encoding="utf-8")
    pane.wait(lambda s: NEW_TITLE in s and "Kept the last good data" not in one_line(s),
              "the fixed data and no banner")  # fmt: skip
    pane.keys("q")
    assert_no_traceback(pane)
