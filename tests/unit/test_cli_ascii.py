"""Under LANG=C the command line's own text is ASCII, as the browser's is.

Python switches on UTF-8 mode in a C locale, so stdout says utf-8 there: the decision must
follow the locale (`unicode_ok`), not the stream. Data formats keep the original UTF-8 text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BROKEN = REPO / "tests" / "fixtures" / "broken"
CHANNEL = "UNODC participated as an observer of the operation “Channel”"
LOCALE_VARS = ("LANG", "LC_ALL", "LC_CTYPE", "PYTHONUTF8", "PYTHONIOENCODING", "COLUMNS")


def run(*args: str, lang: str = "C") -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    env.update({"LANG": lang, "LC_ALL": lang})
    return subprocess.run(
        [sys.executable, "-m", "csto_tui", *args],
        cwd=REPO,
        capture_output=True,
        env=env,
        timeout=60,
    )


def assert_ascii(data: bytes) -> str:
    bad = sorted({b for b in data if b >= 128})
    assert not bad, f"non-ASCII bytes {bad[:8]} in {data[:400]!r}"
    return data.decode("ascii")


@pytest.fixture
def curly(tmp_path: Path) -> Path:
    """A file whose diagnostics quote non-ASCII text: curly quotes and an accent."""
    path = tmp_path / "curly.yaml"
    path.write_text(
        "events:\n"
        "  - id: curly\n"
        "    date: 2020\n"
        "    title: A curly event\n"
        "    summary: S.\n"
        "    kind: meeting\n"
        "    sources: [{title: T}]\n"
        "    “colour”: red\n"
        "    Türkiye: yes\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_list_human_formats_are_ascii(fmt: str) -> None:
    proc = run("list", "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    text = assert_ascii(proc.stdout)
    if fmt == "md":
        text = text.replace("\\>", ">")  # Markdown escapes '>' so no cell turns into HTML
    assert "->2018-06-02" in text  # the open start, drawn with the ASCII arrow
    assert "2025-06-19?->06-30?" in text


def test_stats_text_is_ascii() -> None:
    proc = run("stats")
    assert proc.returncode == 0, proc.stderr
    text = assert_ascii(proc.stdout)
    assert "\n  CSTO " in text and "#" in text


def test_check_text_is_ascii(curly: Path) -> None:
    proc = run("check", str(BROKEN), str(curly))
    assert proc.returncode == 1
    text = assert_ascii(proc.stdout)
    assert "loop-a: body parents form a cycle: loop-a -> loop-b -> loop-a" in text
    assert "curly: unknown field '\"colour\"'" in text  # curly quotes become straight
    assert "curly: unknown field 'T?rkiye'" in text  # what has no ASCII form becomes '?'


def test_check_json_keeps_the_original_text(curly: Path) -> None:
    proc = run("check", "--format", "json", str(curly))
    data = json.loads(proc.stdout.decode("utf-8"))
    messages = [d["message"] for d in data["diagnostics"]]
    assert "curly: unknown field '“colour”'" in messages
    assert "curly: unknown field 'Türkiye'" in messages


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "yaml", "ics"])
def test_data_formats_stay_utf8(fmt: str) -> None:
    proc = run("list", "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert any(CHANNEL in row["sources"] for row in rows)
    elif fmt == "ics":
        assert "“Channel”" in text.replace("\r\n ", "")  # unfolded
    else:
        assert CHANNEL in text


def test_stderr_is_ascii_too(tmp_path: Path) -> None:
    proc = run("list", "--kind", "réunion")
    assert proc.returncode == 2
    assert assert_ascii(proc.stderr).startswith("csto-tui: error: unknown kind 'r?union'")
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "bodies:\n  - {id: a, name: A, parent: b}\n  - {id: b, name: B, parent: a}\n",
        encoding="utf-8",
    )
    proc = run("stats", str(broken))
    assert proc.returncode == 1
    assert "a -> b -> a" in assert_ascii(proc.stderr)


def test_help_is_ascii() -> None:
    for command in ("check", "list", "stats", "browse"):
        proc = run(command, "--help")
        assert proc.returncode == 0
        assert_ascii(proc.stdout)


def test_utf8_locale_keeps_unicode() -> None:
    """The same commands in a UTF-8 locale: the app's own marks in Unicode."""
    table = run("list", lang="C.UTF-8")
    assert "→2018-06-02" in table.stdout.decode("utf-8")
    stats = run("stats", lang="C.UTF-8")
    assert "█" in stats.stdout.decode("utf-8")
    check = run("check", str(BROKEN), lang="C.UTF-8")
    assert "loop-a → loop-b → loop-a" in check.stdout.decode("utf-8")


NAMES = REPO / "tests" / "fixtures" / "names"


def test_table_writes_cyrillic_in_latin_letters_and_says_so() -> None:
    proc = run("list", str(NAMES))
    assert proc.returncode == 0, proc.stderr
    text = assert_ascii(proc.stdout)
    assert "Vstrecha ministrov v Cholpon-Ate" in text
    assert "Cholpon-Ata" in text  # the place, in the WHERE column of a pipe
    assert "?" not in text
    note = assert_ascii(proc.stderr)
    assert note.startswith("csto-tui: note: Cyrillic is written in Latin letters (transliterated)")


def test_a_table_without_cyrillic_has_no_note() -> None:
    proc = run("list", str(NAMES), "--country", "KZ", "--kind", "conference")
    assert proc.returncode == 0
    assert "A Latin-only event in Astana" in assert_ascii(proc.stdout)
    assert proc.stderr == b""


def test_table_in_an_encoding_without_cyrillic_transliterates_too() -> None:
    """A UTF-8 locale, but stdout in ISO-8859-1, which has no Cyrillic letters."""
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "latin-1"})
    proc = subprocess.run([sys.executable, "-m", "csto_tui", "list", str(NAMES)], cwd=REPO,
                          capture_output=True, env=env, timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Vstrecha ministrov v Cholpon-Ate" in assert_ascii(proc.stdout)


def test_csv_keeps_the_cyrillic_under_lang_c() -> None:
    proc = run("list", str(NAMES), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode("utf-8"), newline="")))
    assert "Встреча министров в Чолпон-Ате" in [row["title"] for row in rows]
    assert proc.stderr == b""  # nothing was transliterated: no note


def test_an_error_quotes_cyrillic_in_latin_letters() -> None:
    proc = run("list", str(NAMES), "--body", "ОДКВ")
    assert proc.returncode == 2
    assert assert_ascii(proc.stderr) == "csto-tui: error: unknown body 'ODKV'; closest: ODKB\n"
