"""`csto-tui stats` draws the histogram on a terminal (or with --histogram), never in a
pipe unless asked, never in JSON; ASCII where the output cannot hold block characters."""

from __future__ import annotations

import json
import subprocess

from test_cli_pipes import CMD, REPO, env, on_terminal, piped

TITLE = "Events per year (by start)"


def section(text: str) -> list[str]:
    """The histogram's lines: its title to the blank line after it."""
    lines = text.splitlines()
    start = lines.index(TITLE) if TITLE in lines else lines.index("Events per month (by start)")
    end = lines.index("", start)
    return lines[start:end]


def test_a_pipe_gets_no_histogram_unless_asked() -> None:
    plain = piped("stats")
    assert TITLE not in plain
    asked = piped("stats", "--histogram")
    drawn = section(asked)
    bars, axis = drawn[1], drawn[2]
    assert set(bars.strip()) <= set("▁▂▃▄▅▆▇█ ")
    assert axis.split() == ["2003", "2025"]
    assert "  the tallest bar: 5 events" in drawn  # the 2025 events, by start
    assert "  2 events with an open start not shown" in drawn
    # The rest is the plain output, unchanged.
    assert asked.replace("\n".join(drawn) + "\n\n", "") == plain


def test_a_terminal_gets_it_fitted_and_no_histogram_turns_it_off() -> None:
    text = on_terminal("stats", columns=60)
    drawn = section(text)
    assert all(len(line) <= 60 for line in drawn)
    assert drawn[2].split() == ["2003", "2025"]
    assert TITLE not in on_terminal("stats", "--no-histogram", columns=60)


def test_filters_change_it_and_a_short_span_is_per_month() -> None:
    drawn = section(piped("stats", "--histogram", "--country", "RU", "--from", "2025"))
    assert drawn[0] == "Events per month (by start)"
    assert drawn[2].split() == ["2025-06", "2025-07"]
    assert "  the tallest bar: 2 events" in drawn
    assert section(piped("stats", "--histogram", "--country", "KG"))[2].split() == [
        "2018", "2025"
    ]  # fmt: skip


def test_json_stays_as_it_is() -> None:
    out = piped("stats", "--format", "json", "--histogram")
    assert out == piped("stats", "--format", "json")
    json.loads(out)


def test_under_lang_c_it_is_ascii() -> None:
    proc = subprocess.run(
        [*CMD, "stats", "--histogram"], cwd=REPO, capture_output=True, timeout=60,
        env={**env(LANG="C", LC_ALL="C"), "PYTHONUTF8": "0"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("ascii")
    drawn = section(text)
    assert "@" in drawn[1] and drawn[2].split() == ["2003", "2025"]
