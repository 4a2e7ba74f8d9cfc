"""Which command opens the user's editor at a line, and which files it may open."""

from __future__ import annotations

from pathlib import Path

import pytest

import csto_tui
from csto_tui.ui.editor import editor_command, editor_words, why_not_editable


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        ("vi", ["vi", "+12", "f.yaml"]),
        ("/usr/bin/nvim", ["/usr/bin/nvim", "+12", "f.yaml"]),
        ("nano", ["nano", "+12", "f.yaml"]),
        ("emacs -nw", ["emacs", "-nw", "+12", "f.yaml"]),
        ("emacsclient -t", ["emacsclient", "-t", "+12", "f.yaml"]),
        ("micro", ["micro", "+12", "f.yaml"]),
        ("hx", ["hx", "+12", "f.yaml"]),
        ("kak", ["kak", "+12", "f.yaml"]),
        ("code --wait", ["code", "--wait", "--goto", "f.yaml:12"]),
        ("'/opt/My Editor/codium' --wait", ["/opt/My Editor/codium", "--wait", "--goto",
                                            "f.yaml:12"]),
        ("gedit", ["gedit", "f.yaml"]),  # no known line syntax: the file alone
    ],
)  # fmt: skip
def test_the_line_goes_where_each_editor_expects(editor: str, expected: list[str]) -> None:
    assert editor_command("f.yaml", 12, {"EDITOR": editor}) == expected


def test_visual_wins_then_editor_then_vi() -> None:
    assert editor_words({"VISUAL": "nvim", "EDITOR": "nano"}) == ["nvim"]
    assert editor_words({"VISUAL": "  ", "EDITOR": "nano"}) == ["nano"]
    assert editor_words({}) == ["vi"]


def test_an_unbalanced_quote_is_one_program_name() -> None:
    assert editor_words({"EDITOR": "my'editor"}) == ["my'editor"]


@pytest.mark.parametrize("name", ["+!touch PWNED.yaml", "-c.yaml", "--goto.yaml"])
def test_a_file_named_like_an_option_or_a_command_stays_a_file(name: str) -> None:
    for editor in ("vim", "code --wait", "gedit"):
        command = editor_command(name, 3, {"EDITOR": editor})
        assert command[-1].endswith(f"./{name}") or command[-1] == f"./{name}:3", command
        assert name not in command  # never a bare word an editor reads as its own


def test_no_line_opens_at_the_top() -> None:
    assert editor_command("f.yaml", 0, {"EDITOR": "vim"}) == ["vim", "f.yaml"]


def test_files_that_must_not_be_edited_say_why(tmp_path: Path) -> None:
    inside = Path(csto_tui.__file__).resolve().parent / "data" / "events.yaml"
    assert "bundled data" in (why_not_editable(str(inside)) or "")
    missing = tmp_path / "gone.yaml"
    assert why_not_editable(str(missing)) == f"{missing} no longer exists"
    locked = tmp_path / "locked.yaml"
    locked.write_text("events: []\n")
    locked.chmod(0o444)  # read-only by its mode: refused even for root
    assert why_not_editable(str(locked)) == f"{locked} is read-only"
    fine = tmp_path / "fine.yaml"
    fine.write_text("events: []\n")
    assert why_not_editable(str(fine)) is None
