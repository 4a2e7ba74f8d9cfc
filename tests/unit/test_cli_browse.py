"""The default command: a mistyped command or a missing path exits 2 naming it, before the
browser (or its terminal check) ever starts."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from csto_tui.cli import main

REPO = Path(__file__).resolve().parents[2]


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("word", "command"),
    [("lsit", "list"), ("chek", "check"), ("stat", "stats"), ("LIST", "list"), ("brwse", "browse")],
)
def test_mistyped_command_names_the_closest(
    capsys: pytest.CaptureFixture[str], word: str, command: str
) -> None:
    code, out, err = run_main(capsys, word)
    assert code == 2
    assert out == ""
    assert err == (
        f"csto-tui: error: {word!r} is not a command or a file; did you mean {command!r}?\n"
    )


def test_unknown_word_lists_the_commands_not_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run_main(capsys, "bogus")
    assert code == 2
    assert err.splitlines() == [
        "csto-tui: error: 'bogus' is not a command or a file; "
        "commands: check, list, stats, diff, browse, cache, new, views, config, serve"
    ]
    assert "terminal" not in err


def test_mistyped_command_wins_over_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    # `--format` is not a browser option, but the mistake is the command.
    code, _out, err = run_main(capsys, "lsit", "--format", "json")
    assert code == 2
    assert err.splitlines() == [
        "csto-tui: error: 'lsit' is not a command or a file; did you mean 'list'?"
    ]


@pytest.mark.parametrize("where", ["first", "after-options", "second", "explicit-browse"])
def test_missing_path_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("events: []\n", encoding="utf-8")
    missing = str(tmp_path / "nope" / "events.yaml")
    args = {
        "first": [missing],
        "after-options": ["--country", "KG", missing],
        "second": [str(good), missing],
        "explicit-browse": ["browse", missing],
    }[where]
    code, out, err = run_main(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.splitlines() == [f"csto-tui: error: {missing!r}: no such file or directory"]


def test_existing_path_outside_a_terminal_still_needs_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("events: []\n", encoding="utf-8")
    code, _out, err = run_main(capsys, str(good))
    assert code == 2
    assert "the browser needs a terminal" in err


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("lsit", "'lsit' is not a command or a file; did you mean 'list'?"),
        ("/nonexistent", "'/nonexistent': no such file or directory"),
    ],
)
def test_in_a_terminal_a_typo_never_opens_the_browser(arg: str, message: str) -> None:
    """stdin and stdout on a real pseudo-terminal: before the fix the browser opened."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "csto_tui", arg],
            cwd=REPO,
            stdin=follower,
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env,
            timeout=30,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [f"csto-tui: error: {message}"]


@pytest.mark.parametrize("command", ["list", "stats"])
def test_list_and_stats_refuse_a_missing_path_the_same_way(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    """A typo in a path is a usage error (2, one line), not data with errors (1)."""
    missing = str(tmp_path / "nope.yaml")
    code, out, err = run_main(capsys, command, missing, "--lenient")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [f"csto-tui: error: {missing!r}: no such file or directory"]
    code, _out, err = run_main(capsys, command, "lsit")  # a path here, never a command
    assert err.splitlines() == ["csto-tui: error: 'lsit': no such file or directory"]


def test_check_still_reports_a_missing_path_as_a_diagnostic(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "nope.yaml")
    code, out, _err = run_main(capsys, "check", missing)
    assert code == 1
    assert out.splitlines()[0] == f"{missing}: error: no such file or directory"
