"""Loading progress: on a terminal's stderr only, never on a pipe, never in the output."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from generated import generator

from csto_tui.loader import progress as progress_module
from csto_tui.loader.dataset import LoadStep
from csto_tui.loader.progress import TerminalProgress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_draws_in_place_and_clears_at_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(progress_module, "EVERY", 0.0)
    out = FakeTerminal()
    bar = TerminalProgress(out)
    bar(LoadStep("e.yaml: 2,000 of 4,000 events", 50, 100))
    bar(LoadStep("checking references", 100, 100))
    bar.done()
    text = out.getvalue()
    assert "\r\x1b[KLoading: e.yaml: 2,000 of 4,000 events (50%)" in text
    assert "\r\x1b[KLoading: checking references (100%)" in text
    assert text.endswith("\r\x1b[K")  # the line is gone: the prompt starts clean


def test_ascii_terminal_gets_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    out = FakeTerminal()
    TerminalProgress(out, ascii=True)(LoadStep("Чолпон.yaml: 1 of 2 events", 1, 2))
    assert out.getvalue().isascii()


def test_nothing_on_a_pipe_or_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    out = io.StringIO()  # isatty() is False
    bar = TerminalProgress(out)
    bar(LoadStep("e.yaml: 1 of 2 events", 1, 2))
    bar.done()
    assert out.getvalue() == ""


def test_a_quick_load_shows_nothing() -> None:
    out = FakeTerminal()
    bar = TerminalProgress(out)
    bar(LoadStep("e.yaml: 1 of 2 events", 1, 2))  # well within SHOW_AFTER of the start
    bar.done()
    assert out.getvalue() == ""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "big.yaml"
    generator().write_dataset(4000, path, seed=3)  # loads in well over SHOW_AFTER without the cache
    return path


def _run_with_terminal_stderr(*args: str, out_file: Path) -> tuple[bytes, bytes, int]:
    """The real command with stderr on a pseudo-terminal and stdout to a file (a pipe
    nobody reads while the terminal is read would fill up)."""
    master, slave = pty.openpty()
    with out_file.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "csto_tui", *args],
            stdout=sink,
            stderr=slave,
            stdin=subprocess.DEVNULL,
        )
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(master)
    return out_file.read_bytes(), seen, proc.returncode


def test_list_shows_progress_on_a_terminal_and_keeps_it_out_of_the_output(
    big: Path, tmp_path: Path
) -> None:
    out, err, code = _run_with_terminal_stderr(
        "list", str(big), "--format", "csv", "--no-cache", out_file=tmp_path / "out.csv"
    )
    assert code == 0
    assert b"Loading: " in err and b"%)" in err
    assert err.rstrip(b"\r\n").endswith(b"\r\x1b[K")  # cleared at the end
    assert b"Loading" not in out and b"\x1b" not in out
    assert out.count(b"\n") == 4001  # the header and every event


def test_no_progress_when_stderr_is_a_pipe(big: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "csto_tui", "check", str(big), "--no-cache"],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert done.stderr == b""
    assert b"Loading" not in done.stdout and done.stdout.endswith(b"0 errors, 0 warnings\n")


def test_a_progress_callback_that_raises_stops_the_load(big: Path, tmp_path: Path) -> None:
    """How a browser that quits stops its load: the exception ends the load at once (it
    is not taken for a file the fast path cannot read, which would start it over)."""
    from csto_tui.loader import load_dataset
    from csto_tui.loader.cache import Cache

    class Quit(Exception):
        pass

    seen: list[str] = []

    def progress(step: LoadStep) -> None:
        seen.append(str(step))
        if "2,000 of" in str(step):
            raise Quit

    with pytest.raises(Quit):
        load_dataset([big], progress=progress, store=Cache(enabled=False))
    assert seen[-1] == "big.yaml: 2,000 of 4,000 events"
    assert sum("2,000 of" in s for s in seen) == 1


def test_a_valid_file_takes_the_fast_parser_and_a_reload_the_positional_one(
    tmp_path: Path,
) -> None:
    """The fast path (yaml-rs) says `parsing` before its records; the positional loader
    (PyYAML, for files with problems and for reloads) counts records only. A keyword that
    shadowed the fast path once sent every file down the slow one: 2.4x the time."""
    from csto_tui.loader import load_dataset
    from csto_tui.loader.bundled import bundled_data_path
    from csto_tui.loader.cache import Cache

    def steps(fast: bool) -> list[str]:
        said: list[str] = []
        load_dataset([bundled_data_path()], progress=lambda s: said.append(str(s)),
                     store=Cache(enabled=False), fast=fast)  # fmt: skip
        return said

    assert any(s.endswith(": parsing") for s in steps(fast=True))
    assert not any(s.endswith(": parsing") for s in steps(fast=False))
