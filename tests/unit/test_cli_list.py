"""`csto-tui list` and `csto-tui stats`, run as real processes the way a script would."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from csto_tui.export.tabular import CSV_COLUMNS
from csto_tui.loader import Dataset, load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.model.records import KINDS

NO_MATCH = "zzqxv-no-such-word"
ALL_FORMATS = ("table", "csv", "md", "json", "jsonl", "yaml", "ics", "timelinejs")


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    ds = load_dataset([bundled_data_path()])
    assert not ds.errors
    return ds


def run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The CLI in a subprocess; stdout is a pipe, as in `csto-tui list | …`. The locale is
    UTF-8 unless `env` says otherwise: under LANG=C the app's own text is ASCII."""
    drop = ("COLUMNS", "LINES", "LC_ALL", "LC_CTYPE")
    full_env = {k: v for k, v in os.environ.items() if k not in drop}
    full_env.update({"LANG": "C.UTF-8", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "csto_tui", *args],
        cwd=cwd,
        capture_output=True,
        env=full_env,
        timeout=60,
    )


def out(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.decode("utf-8")


def err(proc: subprocess.CompletedProcess) -> str:
    return proc.stderr.decode("utf-8")


def ids_of(proc: subprocess.CompletedProcess) -> list[str]:
    assert proc.returncode == 0, err(proc)
    return [o["id"] for o in json.loads(out(proc))]


@pytest.fixture
def broken_data(tmp_path: Path) -> Path:
    """The bundled data with one event's kind misspelt."""
    text = bundled_data_path().read_text(encoding="utf-8")
    assert text.count("kind: visit\n") == 1
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace("kind: visit\n", "kind: vist\n"), encoding="utf-8")
    return path


# --- listing ------------------------------------------------------------------------------


def test_csv_lists_all_events_in_date_order(tmp_path: Path, bundled: Dataset) -> None:
    proc = run(tmp_path, "list", "--format", "csv")
    assert proc.returncode == 0, err(proc)
    rows = list(csv.DictReader(io.StringIO(out(proc), newline="")))
    expected = sorted(bundled.events, key=lambda e: (e.date.sort_key, e.id))
    assert [r["id"] for r in rows] == [e.id for e in expected]
    assert [r["date"] for r in rows] == [e.date.text for e in expected]
    assert err(proc) == ""


def test_default_table(tmp_path: Path, bundled: Dataset) -> None:
    proc = run(tmp_path, "list")
    assert proc.returncode == 0, err(proc)
    lines = out(proc).splitlines()
    assert lines[0].split() == ["DATE", "KIND", "COUNTRIES", "WHERE", "TITLE"]
    assert len(lines) == len(bundled.events) + 1
    assert "…" not in out(proc)  # a pipe: nothing is cut (see test_cli_pipes.py)


def test_table_in_a_pipe_ignores_columns(tmp_path: Path, bundled: Dataset) -> None:
    lines = out(run(tmp_path, "list", env={"COLUMNS": "40"})).splitlines()
    titles = {e.title for e in bundled.events}
    assert sum(1 for line in lines if any(line.endswith(t) for t in titles)) == len(titles)


def test_search_channel(tmp_path: Path, bundled: Dataset) -> None:
    proc = run(tmp_path, "list", "--search", "channel", "--format", "json")
    titles = {o["title"] for o in json.loads(out(proc))}
    channel = {e.title for e in bundled.events if "operation-channel" in e.tags}
    assert len(channel) >= 4
    assert channel <= titles
    assert "Operation Channel 2018: final stage, Coordination Center in Issyk-Kul Oblast" in titles
    assert "Operation Channel 2018: previous stage in Saratov" in titles
    assert not any("Patriot" in t for t in titles)


def test_final_stage_figures(tmp_path: Path) -> None:
    proc = run(
        tmp_path, "list", "--search", "final stage", "--kind", "operation", "--format", "json"
    )
    (final,) = [o for o in json.loads(out(proc)) if o["id"].endswith("channel-2018-final-stage")]
    opium = next(f for f in final["figures"] if f.get("item") == "opium")
    assert (opium["value"], opium["unit"], opium["qualifier"]) == (4753, "kg", "exact")


def test_country_name_equals_code(tmp_path: Path, bundled: Dataset) -> None:
    by_name = ids_of(run(tmp_path, "list", "--country", "Kyrgyzstan", "--format", "json"))
    by_code = ids_of(run(tmp_path, "list", "--country", "KG", "--format", "json"))
    assert by_name == by_code
    assert by_code == [e.id for e in bundled.events if "KG" in e.all_countries]
    assert by_code


def test_filters_combine(tmp_path: Path, bundled: Dataset) -> None:
    got = ids_of(
        run(
            tmp_path,
            *("list", "--format", "json", "--kind", "meeting", "--kind", "reception"),
            *("--from", "2025", "--to", "2025-06"),
        )
    )
    expected = [
        e.id
        for e in bundled.events
        if e.kind in ("meeting", "reception")
        and e.date.lower
        and e.date.lower.year == 2025
        and e.date.lower.month <= 6
    ]
    assert got == expected and got


def test_body_filter_includes_sub_bodies(tmp_path: Path, bundled: Dataset) -> None:
    got = set(ids_of(run(tmp_path, "list", "--body", "unodc", "--format", "json")))
    unodc = bundled.registry.descendants("unodc")
    assert got == {e.id for e in bundled.events if any(b.id in unodc for b in e.bodies)}
    assert got == set(ids_of(run(tmp_path, "list", "--body", "UNODC", "--format", "json")))


def test_reverse_and_limit(tmp_path: Path, bundled: Dataset) -> None:
    all_ids = [e.id for e in bundled.events]
    assert ids_of(run(tmp_path, "list", "--reverse", "--format", "json")) == all_ids[::-1]
    assert ids_of(run(tmp_path, "list", "--limit", "3", "--format", "json")) == all_ids[:3]
    proc = run(tmp_path, "list", "--limit", "0")
    assert proc.returncode == 2 and "--limit" in err(proc)


# --- usage errors -------------------------------------------------------------------------


def test_unknown_country_suggests(tmp_path: Path) -> None:
    proc = run(tmp_path, "list", "--country", "Kyrgystan")
    assert proc.returncode == 2
    assert out(proc) == ""
    assert err(proc).startswith("csto-tui: error: ")
    assert "KG" in err(proc)
    assert len(err(proc).splitlines()) == 1


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [("--kind", "meetng", "meeting"), ("--body", "unodcc", "unodc"), ("--from", "2018-13", "")],
)
def test_unknown_values_exit_2(tmp_path: Path, option: str, value: str, hint: str) -> None:
    proc = run(tmp_path, "stats", option, value)
    assert proc.returncode == 2
    assert err(proc).startswith("csto-tui: error: ")
    assert hint in err(proc)
    assert out(proc) == ""


def test_filter_values_in_any_case(tmp_path: Path) -> None:
    upper = run(tmp_path, "list", "--tag", "UNODC", "--kind", "Operation", "--format", "json")
    lower = run(tmp_path, "list", "--tag", "unodc", "--kind", "operation", "--format", "json")
    assert ids_of(upper) == ids_of(lower) != []
    wrong = run(tmp_path, "list", "--tag", "UNODCC")
    assert wrong.returncode == 2
    assert "closest: unodc" in err(wrong)


def test_unknown_format_exit_2(tmp_path: Path) -> None:
    proc = run(tmp_path, "list", "--format", "xml")
    assert proc.returncode == 2 and out(proc) == ""


# --- empty results ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_empty_result_per_format(tmp_path: Path, fmt: str) -> None:
    proc = run(tmp_path, "list", "--search", NO_MATCH, "--format", fmt)
    assert proc.returncode == 0, err(proc)
    text = out(proc)
    if fmt == "table":
        assert text == ""
        assert "no events match" in err(proc)
    elif fmt == "json":
        assert json.loads(text) == []
    elif fmt == "jsonl":
        assert text == ""
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(text, newline=""))) == [list(CSV_COLUMNS)]
    elif fmt == "md":
        assert len(text.splitlines()) == 2 and text.startswith("| Date |")
    elif fmt == "ics":
        cal = icalendar.Calendar.from_ical(text)
        assert cal.name == "VCALENDAR" and not list(cal.walk("VEVENT"))
    elif fmt == "yaml":
        path = tmp_path / "empty.yaml"
        path.write_text(text, encoding="utf-8")
        check = run(tmp_path, "check", str(path))
        assert check.returncode == 0, out(check)
        assert "0 events" in out(check) and "0 errors" in out(check)


def test_stats_empty(tmp_path: Path) -> None:
    proc = run(tmp_path, "stats", "--search", NO_MATCH, "--format", "json")
    assert proc.returncode == 0
    data = json.loads(out(proc))
    assert data["total"] == 0 and data["kind"] == {} and data["year"] == {}


# --- data errors --------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["list", "stats"])
def test_data_errors_exit_1(tmp_path: Path, broken_data: Path, command: str) -> None:
    proc = run(tmp_path, command, str(broken_data), "--format", "json")
    assert proc.returncode == 1
    assert out(proc) == ""
    assert re.search(r"^.*broken\.yaml:\d+:\d+: error: .*'vist'", err(proc), re.M)


def test_lenient_lists_valid_records(tmp_path: Path, broken_data: Path, bundled: Dataset) -> None:
    proc = run(tmp_path, "list", str(broken_data), "--lenient", "--format", "json")
    assert proc.returncode == 0
    bad = {e.id for e in bundled.events if e.kind == "visit"}
    assert ids_of(proc) == [e.id for e in bundled.events if e.id not in bad]
    lines = err(proc).splitlines()
    assert len(lines) == 1
    assert "warning" in lines[0] and "1 data error" in lines[0]


# --- plain output -------------------------------------------------------------------------


@pytest.fixture
def escape_data(tmp_path: Path) -> Path:
    """The bundled data with escape sequences in a title and a summary (YAML "\\e")."""
    text = bundled_data_path().read_text(encoding="utf-8")
    old = 'title: "CSTO Secretariat delegation visits the \\"Patriot\\" park"'
    assert old in text
    text = text.replace(old, 'title: "\\e[31mRed\\e[0m \\e]0;pwned\\a visit"')
    path = tmp_path / "escapes.yaml"
    path.write_text(text, encoding="utf-8")
    assert not load_dataset([path]).errors
    return path


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_no_escape_codes_in_pipe(tmp_path: Path, escape_data: Path, fmt: str) -> None:
    proc = run(tmp_path, "list", str(escape_data), "--format", fmt)
    assert proc.returncode == 0, err(proc)
    assert b"\x1b" not in proc.stdout
    if fmt not in ("json", "jsonl", "yaml"):
        assert b"\x07" not in proc.stdout  # BEL from the OSC sequence too
    assert b"Red" in proc.stdout


def test_no_escape_codes_in_stats(tmp_path: Path, escape_data: Path) -> None:
    for fmt in ("table", "json"):
        proc = run(tmp_path, "stats", str(escape_data), "--format", fmt)
        assert proc.returncode == 0 and b"\x1b" not in proc.stdout


def test_ascii_terminal(tmp_path: Path) -> None:
    proc = run(tmp_path, "list", env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0, err(proc)
    text = proc.stdout.decode("ascii")  # every byte is ASCII
    assert "->2018-06-02" in text
    stats = run(tmp_path, "stats", env={"PYTHONIOENCODING": "ascii"})
    assert "#" in stats.stdout.decode("ascii")
    # Data formats stay UTF-8 whatever the terminal: a JSON reader needs the real text.
    data = run(tmp_path, "list", "--format", "json", env={"PYTHONIOENCODING": "ascii"})
    assert any("“" in o["sources"][0].get("title", "") for o in json.loads(data.stdout))


# --- --output -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "ics", "table"])
def test_output_file(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"events.{fmt}"
    target.write_text("old", encoding="utf-8")
    proc = run(tmp_path, "list", "--format", fmt, "--output", target.name)
    assert proc.returncode == 0, err(proc)
    assert proc.stdout == b"" and err(proc) == ""
    assert target.read_bytes() == run(tmp_path, "list", "--format", fmt).stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_output_yaml_checks_clean(tmp_path: Path, bundled: Dataset) -> None:
    proc = run(tmp_path, "list", "--country", "RU", "--format", "yaml", "-o", "ru.yaml")
    assert proc.returncode == 0 and proc.stdout == b""
    check = run(tmp_path, "check", "ru.yaml")
    assert check.returncode == 0, out(check)
    expected = [e.id for e in bundled.events if "RU" in e.all_countries]
    assert [e.id for e in load_dataset([tmp_path / "ru.yaml"]).events] == expected


def test_output_unwritable(tmp_path: Path) -> None:
    proc = run(tmp_path, "list", "--output", "missing-dir/out.csv")
    assert proc.returncode == 2
    assert err(proc).startswith("csto-tui: error: cannot write missing-dir/out.csv")
    assert list(tmp_path.iterdir()) == []


# --- stats --------------------------------------------------------------------------------


def test_stats_json_sums(tmp_path: Path, bundled: Dataset) -> None:
    data = json.loads(out(run(tmp_path, "stats", "--format", "json")))
    assert data["total"] == len(bundled.events)
    assert sum(data["kind"].values()) == data["total"]
    assert set(data["kind"]) <= set(KINDS)
    for kind, n in data["kind"].items():
        assert n == sum(1 for e in bundled.events if e.kind == kind)
    assert data["country"]["KG"] == sum(1 for e in bundled.events if "KG" in e.all_countries)


def test_stats_filtered(tmp_path: Path, bundled: Dataset) -> None:
    data = json.loads(out(run(tmp_path, "stats", "--tag", "operation-channel", "--format", "json")))
    chosen = [e for e in bundled.events if "operation-channel" in e.tags]
    assert data["total"] == len(chosen) == sum(data["kind"].values())
    below = bundled.registry.descendants("csto")
    assert data["body"]["csto"] == sum(1 for e in chosen if any(b.id in below for b in e.bodies))
    assert data["tag"] == {"operation-channel": len(chosen)} | {
        t: sum(1 for e in chosen if t in e.tags) for e in chosen for t in e.tags
    }


def test_stats_table(tmp_path: Path, bundled: Dataset) -> None:
    proc = run(tmp_path, "stats")
    assert proc.returncode == 0, err(proc)
    text = out(proc)
    assert text.startswith(f"{len(bundled.events)} events\n")
    for title in ("Year (under way in it)", "Country (participant or location)",
                  "Body (with the bodies below it)", "Kind", "Tag"):  # fmt: skip
        assert f"\n{title}\n" in text
    assert "KG Kyrgyzstan" in text and "█" in text


def test_list_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from csto_tui.cli import main; "
        "rc = main(['list', '--format', 'ics', '-o', 'x.ics']); "
        "rc |= main(['stats', '--format', 'json']); "
        "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
