"""`csto-tui check` end to end, in subprocesses: output lines, summary, JSON and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path

REPO = Path(__file__).resolve().parents[2]
BROKEN_ARG = "tests/fixtures/broken"  # relative: run from the repo root, as a curator would
BROKEN = REPO / BROKEN_ARG
GOOD = REPO / "tests" / "fixtures" / "good"
SCRIPT = Path(sys.executable).with_name("csto-tui")
TIMEOUT = 20  # seconds: a hang (e.g. an alias bomb expanding) fails instead of blocking
DIAG_RE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+)$"
)
SUMMARY_RE = re.compile(
    r"^(?P<events>\d+) events?, (?P<bodies>\d+) (?:body|bodies), "
    r"(?P<errors>\d+) errors?, (?P<warnings>\d+) warnings?$"
)


def csto(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the installed `csto-tui` script (or `python -m csto_tui` when there is none)."""
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "csto_tui"]
    # A UTF-8 locale: under LANG=C the messages' arrows would be ASCII (test_cli_ascii.py).
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_CTYPE")}
    env["LANG"] = "C.UTF-8"
    return subprocess.run(
        [*cmd, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env=env,
    )


def summary_of(stdout: str) -> dict[str, int]:
    last = stdout.rstrip("\n").splitlines()[-1]
    m = SUMMARY_RE.match(last)
    assert m, f"no summary line at the end: {last!r}"
    return {k: int(v) for k, v in m.groupdict().items()}


def assert_clean_stderr(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr
    assert "Traceback" not in proc.stdout


# --- the broken fixture: every diagnostic at its exact place -------------------------------------

# (file, line, column, message fragment, text at that column or None). Each position was
# checked by reading the fixture; test_broken_positions_point_at_the_offending_text re-checks.
FIELDS, REFS = "events-fields.yaml", "references.yaml"
BROKEN_TABLE: list[tuple[str, int, int, str, str | None]] = [
    ("control-char.yaml", 4, 18, "character U+001B is not allowed in YAML text", "\x1b"),
    ("empty.yaml", 1, 1, "empty file: expected a mapping with an 'events:' list", None),
    (FIELDS, 3, 1, "unknown top-level key 'meta'", "meta:"),
    (FIELDS, 14, 9, "Bad_Id: id: 'Bad_Id' is not a slug", "Bad_Id"),
    (FIELDS, 15, 11, "date: day 30 does not exist in February 2020", "2020-02-30"),
    (FIELDS, 16, 12, "title: must have at least 3 characters", "ok"),
    (FIELDS, 17, 14, "summary: must not be empty", '""'),
    (FIELDS, 18, 11, "kind: 'meting' is not one of", "meting"),
    (FIELDS, 19, 14, "sources: must not be empty", "[]"),
    (FIELDS, 25, 41, "location.country: unknown country code 'Kyrgyzstan'", "Kyrgyzstan"),
    (FIELDS, 26, 25, "countries: 'KZ' is listed twice (items 1 and 3)", "KZ]"),
    (FIELDS, 27, 19, "many-faults: unknown body 'csto'", "csto"),  # checked despite its faults
    (FIELDS, 27, 31, "bodies[0].role: 'boss' is not one of", "boss"),
    (FIELDS, 28, 14, "missing required field 'people[0].name'", "{role: speaker}"),
    (FIELDS, 30, 33, "figures[0].value: must be at least 0, found '-3'", "-3"),
    (FIELDS, 30, 43, "figures[0].unit: 'tonnes' is not one of kg,", "tonnes"),
    (FIELDS, 30, 62, "figures[0].qualifier: 'about' is not one of", "about"),
    (FIELDS, 32, 9, "sources[0]: a source needs a publisher or a title", "url:"),
    (FIELDS, 33, 19, "tags[1]: 'Drugs' is not a slug", "Drugs"),
    (FIELDS, 34, 47, "related[0].type: 'child-of' is not one of", "child-of"),
    (FIELDS, 35, 5, "many-faults: unknown field 'colour'", "colour"),
    (FIELDS, 40, 5, "duplicate key 'title' (first at line 38, column 5)", "title:"),
    ("list-top.yaml", 2, 1, "top level must be a mapping with 'events:', found a list", "- id"),
    ("not-utf8.yaml", 3, 14, "not UTF-8 text (byte 0xe9)", "\ufffd"),
    (REFS, 5, 13, "loop-a: body parents form a cycle: loop-a → loop-b → loop-a", "loop-b"),
    (REFS, 8, 13, "loop-b: body parents form a cycle: loop-b → loop-a → loop-b", "loop-a"),
    (REFS, 11, 13, "orphan: parent body 'no-such-parent' is not in the registry", "no-such"),
    (REFS, 15, 9, "duplicate event id 'fine-anchor-meeting' (first defined at "
     f"{BROKEN_ARG}/events-fields.yaml:5:5)", "fine-anchor-meeting"),
    (REFS, 26, 25, "dangling-refs: unknown body 'ghost-body'", "ghost-body"),
    (REFS, 26, 42, "body 'fine-root' is listed twice (items 1 and 3)", "fine-root, role"),
    (REFS, 27, 38, "unknown body 'fine-rot' (did you mean 'fine-root'?)", "fine-rot}"),
    (REFS, 29, 14, "related event 'no-such-event' does not exist", "no-such-event"),
    (REFS, 30, 14, "dangling-refs: an event cannot be related to itself", "dangling-refs"),
    (REFS, 45, 20, "cycle-two: part-of links form a cycle: cycle-one → cycle-two → "
     "cycle-one", "cycle-one"),
    ("syntax.yaml", 6, 10, "YAML syntax: did not find expected ',' or ']'", ": Never"),
    ("tags.yaml", 5, 12, "tag '!!python/object/apply:os.system' is not allowed", "!!python/obj"),
    ("tags.yaml", 8, 14, "tag '!!python/object:collections.OrderedDict' is not allowed", "!!py"),
    # Where the node budget ran out: the leaf `&a lol`, which is 10 of every 11 nodes built.
    ("tags.yaml", 10, 8, "the document expands too much (aliases): refused", "&a lol"),
    ("two-docs.yaml", 9, 1, "a second YAML document: one file holds one document", "---"),
    (FIELDS, 49, 49, "fine-early-source: source published 2022-05-20 before the "
     "event starts (2022-06-01)", "2022-05-20"),
]  # fmt: skip
WARNINGS = {(FIELDS, 49, 49)}
# Valid events: fine-anchor-meeting, fine-early-source (events-fields.yaml),
# first-document-event (two-docs.yaml) and cycle-one (its cycle is reported at cycle-two).
BROKEN_SUMMARY = {"events": 4, "bodies": 1, "errors": 39, "warnings": 1}


@pytest.fixture(scope="module")
def broken_text() -> subprocess.CompletedProcess[str]:
    return csto("check", BROKEN_ARG)


@pytest.fixture(scope="module")
def broken_json() -> subprocess.CompletedProcess[str]:
    return csto("check", "--format", "json", BROKEN_ARG)


def parse_lines(stdout: str) -> list[dict[str, str]]:
    lines = stdout.rstrip("\n").splitlines()[:-1]
    parsed = [DIAG_RE.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=True) if not m]
    return [m.groupdict() for m in parsed if m]


def test_broken_fixture_every_diagnostic_in_place(
    broken_text: subprocess.CompletedProcess[str],
) -> None:
    assert broken_text.returncode == 1, broken_text.stderr
    assert_clean_stderr(broken_text)
    assert broken_text.stderr == ""
    diags = parse_lines(broken_text.stdout)
    got = {
        (d["file"].removeprefix(BROKEN_ARG + "/"), int(d["line"]), int(d["col"])): d for d in diags
    }
    assert len(got) == len(diags), "two diagnostics at the same place"
    expected = {(f, line, col): frag for f, line, col, frag, _ in BROKEN_TABLE}
    assert sorted(got) == sorted(expected), "missing or unexpected diagnostics"
    for where, fragment in expected.items():
        assert fragment in got[where]["msg"], (where, got[where]["msg"])
        assert got[where]["sev"] == ("warning" if where in WARNINGS else "error"), where
    assert summary_of(broken_text.stdout) == BROKEN_SUMMARY
    assert broken_text.stdout.splitlines()[-1] == "4 events, 1 body, 39 errors, 1 warning"


def test_broken_fixture_errors_come_first_then_file_order(
    broken_text: subprocess.CompletedProcess[str],
) -> None:
    diags = parse_lines(broken_text.stdout)
    keys = [(d["sev"] != "error", d["file"], int(d["line"]), int(d["col"])) for d in diags]
    assert keys == sorted(keys)
    assert diags[-1]["sev"] == "warning"


@pytest.mark.parametrize(
    ("name", "line", "col", "at"),
    [(f, line, col, at) for f, line, col, _, at in BROKEN_TABLE if at is not None],
    ids=[f"{f}:{line}:{col}" for f, line, col, _, at in BROKEN_TABLE if at is not None],
)
def test_broken_positions_point_at_the_offending_text(
    name: str, line: int, col: int, at: str
) -> None:
    # errors="replace": the one bad byte of not-utf8.yaml becomes one U+FFFD character.
    text = (BROKEN / name).read_bytes().decode("utf-8", errors="replace")
    row = text.split("\n")[line - 1]
    assert row[col - 1 :].startswith(at), (row, col, at)


def test_broken_fixture_runs_no_code(broken_text: subprocess.CompletedProcess[str]) -> None:
    assert "should-never-run" not in broken_text.stdout + broken_text.stderr


def test_json_matches_the_text_output(
    broken_text: subprocess.CompletedProcess[str],
    broken_json: subprocess.CompletedProcess[str],
) -> None:
    assert broken_json.returncode == 1
    assert_clean_stderr(broken_json)
    doc = json.loads(broken_json.stdout)
    assert set(doc) == {"diagnostics", "summary"}
    text_lines = broken_text.stdout.rstrip("\n").splitlines()
    as_text = [
        f"{d['file']}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}"
        for d in doc["diagnostics"]
    ]
    assert as_text == text_lines[:-1]
    assert doc["summary"] == BROKEN_SUMMARY == summary_of(broken_text.stdout)
    for d in doc["diagnostics"]:
        assert isinstance(d["line"], int) and isinstance(d["column"], int)
        assert d["severity"] in ("error", "warning")


# --- the bundled dataset ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_summary() -> dict[str, int]:
    ds = load_dataset([bundled_data_path()])
    return ds.summary()


def test_bundled_data_is_clean(bundled_summary: dict[str, int]) -> None:
    proc = csto("check")
    assert proc.returncode == 0, proc.stdout
    assert_clean_stderr(proc)
    assert proc.stdout.splitlines() == [
        f"{bundled_summary['events']} events, {bundled_summary['bodies']} bodies, "
        "0 errors, 0 warnings"
    ]
    assert bundled_summary["events"] > 0 and bundled_summary["bodies"] > 0


def test_bundled_data_as_json(bundled_summary: dict[str, int]) -> None:
    proc = csto("check", "--format", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"diagnostics": [], "summary": bundled_summary}


def test_check_from_another_directory(tmp_path: Path, bundled_summary: dict[str, int]) -> None:
    proc = csto("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert summary_of(proc.stdout) == bundled_summary


def test_python_dash_m(tmp_path: Path, bundled_summary: dict[str, int]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "csto_tui", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert summary_of(proc.stdout) == bundled_summary


def test_good_fixture(bundled_summary: dict[str, int]) -> None:
    proc = csto("check", str(GOOD))
    assert proc.returncode == 0
    assert proc.stdout == "6 events, 5 bodies, 0 errors, 0 warnings\n"


def test_quiet_prints_only_the_summary() -> None:
    proc = csto("check", "--quiet", BROKEN_ARG + "/events-fields.yaml")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == ["2 events, 0 bodies, 20 errors, 1 warning"]


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "warn.yaml"
    path.write_text(
        "events:\n  - id: early\n    date: 2020-05-10\n    title: Early news\n"
        "    summary: s\n    kind: meeting\n    sources: [{title: T, published: 2020-05-01}]\n",
        encoding="utf-8",
    )
    proc = csto("check", str(path))
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0] == (
        f"{path}:7:37: warning: early: source published 2020-05-01 before the event starts "
        "(2020-05-10)"
    )
    assert lines[1] == "1 event, 0 bodies, 0 errors, 1 warning"


# --- bad input: one clear line each, non-zero exit, no traceback ---------------------------------


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (f"{BROKEN_ARG}/empty.yaml", ":1:1: error: empty file"),
        (f"{BROKEN_ARG}/not-utf8.yaml", ":3:14: error: not UTF-8 text (byte 0xe9)"),
        (f"{BROKEN_ARG}/list-top.yaml", ":2:1: error: top level must be a mapping"),
        (f"{BROKEN_ARG}/syntax.yaml", ":6:10: error: YAML syntax:"),
        (f"{BROKEN_ARG}/control-char.yaml", ":4:18: error: character U+001B"),
        ("no/such/file.yaml", ": error: no such file or directory"),
        ("EMPTY-DIR", ": error: no .yaml or .yml files in this directory"),
    ],
    ids=["empty", "not-utf8", "list-top", "syntax", "control-char", "missing", "empty-dir"],
)
def test_bad_input_one_line(tmp_path: Path, target: str, message: str) -> None:
    if target == "EMPTY-DIR":
        (tmp_path / "notes.txt").write_text("no yaml here")
        target = str(tmp_path)
    proc = csto("check", target)
    assert proc.returncode == 1
    assert_clean_stderr(proc)
    assert proc.stderr == ""
    diag, _summary = proc.stdout.splitlines()
    assert diag.startswith(target + message), diag
    assert summary_of(proc.stdout)["errors"] == 1


@pytest.mark.parametrize(
    "args",
    [["check", "--bogus"], ["check", "--format", "xml"], ["check", "--format"]],
    ids=["unknown-option", "bad-format", "missing-value"],
)
def test_usage_error_exits_2_with_one_line(args: list[str]) -> None:
    proc = csto(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert_clean_stderr(proc)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("csto-tui") and "error:" in lines[0]


def test_help_and_version_exit_zero() -> None:
    assert csto("check", "--help").returncode == 0
    proc = csto("--version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("csto-tui ")
