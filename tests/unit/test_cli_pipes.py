"""In a pipe nothing is cut: `csto-tui list | grep -i bosteri` finds what the data holds.

On a terminal the table and the stats fit its width; written to a pipe (or a file) every
title, country list, place and label stays whole.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from csto_tui.export.tabular import where_cell
from csto_tui.loader import Dataset, load_dataset
from csto_tui.loader.bundled import bundled_data_path

REPO = Path(__file__).resolve().parents[2]
CMD = [sys.executable, "-m", "csto_tui"]


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset([bundled_data_path()])


def env(**extra: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "LC_ALL")}
    return {**out, "LANG": "C.UTF-8", **extra}


def piped(*args: str, **extra: str) -> str:
    proc = subprocess.run(
        [*CMD, *args], cwd=REPO, capture_output=True, env=env(**extra), timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.decode("utf-8")


def on_terminal(*args: str, columns: int) -> str:
    """What the command writes to a real pseudo-terminal `columns` wide."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [*CMD, *args], cwd=REPO, stdout=follower, stderr=subprocess.DEVNULL,
        env=env(COLUMNS=str(columns)),
    )  # fmt: skip
    os.close(follower)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                raise TimeoutError("no output from the command")
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the other end closed
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
        assert proc.wait(timeout=30) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_grep_for_a_place_in_a_real_pipe() -> None:
    grep = shutil.which("grep")
    assert grep, "grep is part of every POSIX system"
    producer = subprocess.Popen([*CMD, "list"], cwd=REPO, stdout=subprocess.PIPE, env=env())
    found = subprocess.run(
        [grep, "-i", "bosteri"], stdin=producer.stdout, capture_output=True, timeout=60
    )
    assert producer.stdout is not None
    producer.stdout.close()
    assert producer.wait(timeout=60) == 0
    lines = found.stdout.decode("utf-8").splitlines()
    assert lines, "the place Bosteri is in the data, so grep must find its rows"
    assert all("Bosteri" in line for line in lines)


def test_table_in_a_pipe_cuts_nothing(bundled: Dataset) -> None:
    text = piped("list", COLUMNS="60")
    lines = text.splitlines()
    assert lines[0].split() == ["DATE", "KIND", "COUNTRIES", "WHERE", "TITLE"]
    assert "…" not in text
    for line, event in zip(lines[1:], bundled.events, strict=True):
        assert line.endswith(event.title)
        assert f"  {','.join(event.all_countries)}  " in line or not event.all_countries
        assert where_cell(event) in line
    assert max(len(line) for line in lines) > 80  # the case this test is about


def test_stats_in_a_pipe_cuts_no_label(bundled: Dataset) -> None:
    text = piped("stats", COLUMNS="60")
    assert "…" not in text
    long_names = [b.label for b in bundled.registry.bodies.values() if len(b.label) > 36]
    assert long_names, "the data has body names longer than a terminal's label column"
    for name in long_names:
        assert f"  {name}  " in text


def test_a_terminal_still_gets_a_table_that_fits() -> None:
    narrow = on_terminal("list", columns=80).splitlines()
    assert narrow[0].split() == ["DATE", "KIND", "COUNTRIES", "TITLE"]
    assert all(len(line) <= 80 for line in narrow)
    assert any(line.endswith("…") for line in narrow)
    wide = on_terminal("list", columns=130).splitlines()
    assert wide[0].split() == ["DATE", "KIND", "COUNTRIES", "WHERE", "TITLE"]
    assert all(len(line) <= 130 for line in wide)
    assert any("Bosteri" in line for line in wide)


def test_stats_on_a_terminal_fit_its_width() -> None:
    text = on_terminal("stats", columns=60)
    assert all(len(line) <= 60 for line in text.splitlines())
    assert "…" in text  # the long body names are cut there
