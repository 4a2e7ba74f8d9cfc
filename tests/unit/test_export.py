"""Exporters: every format parsed back and compared with the records it came from."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import msgspec
import pytest
import yaml
from msgspec.structs import replace

from csto_tui.export import FORMATS, render
from csto_tui.export.atomic import write_atomic
from csto_tui.export.ics import MAX_OCTETS, escape_text, fold
from csto_tui.export.stats import stats_data, stats_json, stats_text
from csto_tui.export.tabular import CSV_COLUMNS, cell_width, join_list, split_list
from csto_tui.loader import Dataset, load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.model.countries import country_name
from csto_tui.model.dates import EDTFDate, describe, short_label
from csto_tui.model.records import Body, Event
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.schema import parse_event
from csto_tui.query import Query, QueryEngine

FINAL_STAGE = "2018-05-28-operation-channel-2018-final-stage"
YEAR_2018 = (date(2018, 1, 1), date(2018, 12, 31))
DERIVED = ("start", "end", "precision", "uncertain", "approximate")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    ds = load_dataset([bundled_data_path()])
    assert not ds.errors, [str(d) for d in ds.errors]
    assert len(ds.events) >= 10
    return ds


@pytest.fixture(scope="module")
def events(dataset: Dataset) -> list[Event]:
    return dataset.events


def _event(**fields: object) -> Event:
    """A valid event with the given fields changed: for awkward text the data lacks."""
    data: dict[str, object] = {
        "id": "tricky-event",
        "date": "2020-03-01/2020-03-05",
        "title": "A title",
        "summary": "A summary.",
        "kind": "meeting",
        "sources": [{"title": "A source"}],
    }
    data.update(fields)
    return parse_event(data)


TRICKY = {
    "title": 'Pipes | semicolons; commas, "quotes" \\ back\x1b[31m red',
    "summary": "Line one;\nline two, with a comma\\and a backslash | and a pipe\n\nEnd.",
    "location": {"place": "Bishkek; old town", "region": "Chuy, north", "country": "KG"},
    "countries": ["KG", "KZ"],
    "bodies": [{"id": "body-a", "role": "host"}, "body-b"],
    "people": [{"name": "Name; with semicolon", "body": "body-b"}],
    "tags": ["tag-one", "tag-two"],
    "sources": [{"title": "Title; part two", "publisher": "Pub\\lisher"}, {"publisher": "Only"}],
}


def _tricky_dataset() -> Dataset:
    reg = BodyRegistry.build(
        [
            Body(id="body-root", name="Root body"),
            Body(id="body-a", name="Body A", parent="body-root"),
            Body(id="body-b", name="Body B", abbr="BB"),
            Body(id="body-unused", name="Unused"),
        ]
    )
    return Dataset(events=[_event(**TRICKY)], registry=reg)


# --- json / jsonl -------------------------------------------------------------------------


def _expected_object(e: object) -> object:
    """The record as JSON data, written out independently of the exporter: None fields
    and a person's empty `names` left out, dates as their EDTF text."""
    if isinstance(e, EDTFDate):
        return e.text
    if isinstance(e, msgspec.Struct):
        pairs = ((f, getattr(e, f)) for f in e.__struct_fields__)
        return {f: _expected_object(v) for f, v in pairs
                if v is not None and not (f == "names" and v == {})}  # fmt: skip
    if isinstance(e, dict):
        return {k: _expected_object(v) for k, v in e.items()}
    if isinstance(e, list):
        return [_expected_object(v) for v in e]
    return e


def _check_derived(obj: dict[str, object], e: Event) -> None:
    assert obj["start"] == (e.date.lower.isoformat() if e.date.lower else None)
    assert obj["end"] == (e.date.upper.isoformat() if e.date.upper else None)
    assert obj["precision"] == e.date.precision.value
    assert obj["uncertain"] is e.date.uncertain
    assert obj["approximate"] is e.date.approximate


def test_json_round_trip(dataset: Dataset, events: list[Event]) -> None:
    data = json.loads(render("json", events, dataset))
    assert [o["id"] for o in data] == [e.id for e in events]
    for obj, e in zip(data, events, strict=True):
        _check_derived(obj, e)
        record = {k: v for k, v in obj.items() if k not in DERIVED}
        assert record == _expected_object(e)
        assert obj["date"] == e.date.text
        # Loading the record part back gives the same model.
        assert parse_event(record) == e


def test_json_open_ends_are_null(dataset: Dataset, events: list[Event]) -> None:
    data = {o["id"]: o for o in json.loads(render("json", events, dataset))}
    open_start = [e for e in events if e.date.lower is None]
    open_end = [e for e in events if e.date.upper is None]
    assert open_start and open_end  # the bundled data has both kinds
    assert all(data[e.id]["start"] is None for e in open_start)
    assert all(data[e.id]["end"] is None for e in open_end)


def test_json_keeps_figures_as_written(dataset: Dataset, events: list[Event]) -> None:
    data = {o["id"]: o for o in json.loads(render("json", events, dataset))}
    opium = [f for f in data[FINAL_STAGE]["figures"] if f.get("item") == "opium"]
    assert opium == [
        {"metric": "seized", "item": "opium", "value": 4753, "unit": "kg", "qualifier": "exact"}
    ]
    assert isinstance(opium[0]["value"], int)
    assert data[FINAL_STAGE]["start"] == "2018-05-28"
    assert data[FINAL_STAGE]["end"] == "2018-06-01"


def test_jsonl_one_object_per_line(dataset: Dataset, events: list[Event]) -> None:
    text = render("jsonl", events, dataset)
    lines = text.splitlines()
    assert len(lines) == len(events)
    assert [json.loads(line) for line in lines] == json.loads(render("json", events, dataset))


def test_json_escapes_control_characters() -> None:
    ds = _tricky_dataset()
    for fmt in ("json", "jsonl"):
        text = render(fmt, ds.events, ds)
        assert "\x1b" not in text
        obj = json.loads(text)
        obj = obj[0] if fmt == "json" else obj
        assert obj["title"] == TRICKY["title"]  # the data is kept, only encoded


# --- csv ----------------------------------------------------------------------------------


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_round_trip(dataset: Dataset, events: list[Event]) -> None:
    text = render("csv", events, dataset)
    assert text.endswith("\r\n")
    rows = _csv_rows(text)
    assert [r["id"] for r in rows] == [e.id for e in events]
    for row, e in zip(rows, events, strict=True):
        assert row["date"] == e.date.text
        assert row["start"] == (e.date.lower.isoformat() if e.date.lower else "")
        assert row["end"] == (e.date.upper.isoformat() if e.date.upper else "")
        assert row["precision"] == e.date.precision.value
        assert row["title"] == e.title
        assert row["summary"] == e.summary
        assert row["kind"] == e.kind
        assert split_list(row["countries"]) == e.countries
        assert split_list(row["bodies"]) == [f"{b.id}:{b.role}" for b in e.bodies]
        assert split_list(row["people"]) == [p.name for p in e.people]
        assert split_list(row["tags"]) == e.tags
        assert split_list(row["related"]) == [f"{r.type}:{r.id}" for r in e.related]
        assert len(split_list(row["sources"])) == len(e.sources)
        assert len(split_list(row["figures"])) == len(e.figures)
        assert row["location_country"] == (e.location.country or "" if e.location else "")


def test_csv_header_and_quoting() -> None:
    ds = _tricky_dataset()
    text = render("csv", ds.events, ds)
    header = text.split("\r\n", 1)[0]
    assert header.split(",") == list(CSV_COLUMNS)
    (row,) = _csv_rows(text)
    e = ds.events[0]
    assert row["summary"] == e.summary  # newlines, commas and quotes survive
    assert row["title"] == e.title.replace("\x1b", "\ufffd")  # no raw escape codes
    assert split_list(row["people"]) == ["Name; with semicolon"]
    assert split_list(row["sources"]) == ["Title; part two (Pub\\lisher)", "Only"]
    assert split_list(row["bodies"]) == ["body-a:host", "body-b:participant"]
    assert row["place"] == "Bishkek; old town"


@pytest.mark.parametrize("items", [[], ["a"], ["a;b", "c\\d", ""], ["\\;", ";;", "x\\"], ["", ""]])
def test_list_join_split_inverse(items: list[str]) -> None:
    joined = join_list(items)
    assert split_list(joined) == items


# --- markdown -----------------------------------------------------------------------------

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def test_md_rows(dataset: Dataset, events: list[Event]) -> None:
    lines = render("md", events, dataset).splitlines()
    assert len(lines) == len(events) + 2
    assert lines[0] == "| Date | Kind | Countries | Where | Title |"
    assert lines[1] == "| --- | --- | --- | --- | --- |"
    for line, e in zip(lines[2:], events, strict=True):
        cells = [c.strip() for c in _UNESCAPED_PIPE.split(line)[1:-1]]
        assert cells[0] == short_label(e.date).replace(">", "\\>")
        assert cells[1] == e.kind
        assert cells[2] == ",".join(e.all_countries)
        loc = e.location
        assert cells[3] == ", ".join(filter(None, [loc.place, loc.region] if loc else []))


def test_md_escapes_pipes_and_newlines() -> None:
    ds = _tricky_dataset()
    ds = Dataset(events=[_event(title="A | B\nC <b>D</b>")], registry=ds.registry)
    lines = render("md", ds.events, ds).splitlines()
    assert len(lines) == 3
    assert len(_UNESCAPED_PIPE.split(lines[2])) == 7  # 5 cells between 6 pipes
    assert "A \\| B<br>C \\<b\\>D\\</b\\>" in lines[2]


# --- table --------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [30, 50, 80, 132])
@pytest.mark.parametrize("ascii", [False, True])
def test_table_fits_width(dataset: Dataset, events: list[Event], width: int, ascii: bool) -> None:
    text = render("table", events, dataset, width=width, ascii=ascii)
    lines = text.splitlines()
    assert lines[0].startswith("DATE ")
    if width >= 120:  # a wide terminal has room for the place too
        assert lines[0].split() == ["DATE", "KIND", "COUNTRIES", "WHERE", "TITLE"]
    elif width >= 60:
        assert lines[0].split() == ["DATE", "KIND", "COUNTRIES", "TITLE"]
    assert len(lines) == len(events) + 1
    assert all(cell_width(line) <= width for line in lines)
    assert "\x1b" not in text
    if ascii:
        assert "…" not in text and "–" not in text
    for line, e in zip(lines[1:], events, strict=True):
        assert line.startswith(short_label(e.date, ascii=ascii)[: width - 3])


def test_table_columns(dataset: Dataset, events: list[Event]) -> None:
    lines = render("table", events, dataset, width=200).splitlines()
    for line, e in zip(lines[1:], events, strict=True):
        assert line.startswith(short_label(e.date) + " ")
        assert f"  {e.kind}  " in line
        assert line.endswith(e.title)  # wide enough: nothing truncated
        if e.all_countries and len(",".join(e.all_countries)) <= 14:
            assert f"  {','.join(e.all_countries)}  " in line


def test_table_truncates_titles(dataset: Dataset, events: list[Event]) -> None:
    lines = render("table", events, dataset, width=80).splitlines()[1:]
    for line, e in zip(lines, events, strict=True):
        if not line.endswith(e.title):
            assert line.endswith("…")
            assert e.title.startswith(line.split("  ")[-1].strip().rstrip("…"))


def test_table_never_has_escape_codes() -> None:
    ds = _tricky_dataset()
    text = render("table", ds.events, ds, width=200)
    assert "\x1b" not in text
    assert len(text.splitlines()) == 2
    assert "Pipes | semicolons" in text


# --- ics ----------------------------------------------------------------------------------


def _calendar(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def test_ics_round_trip(dataset: Dataset, events: list[Event]) -> None:
    cal = _calendar(render("ics", events, dataset))
    assert str(cal["VERSION"]) == "2.0"
    assert cal["PRODID"]
    vevents = list(cal.walk("VEVENT"))
    assert [str(v["UID"]) for v in vevents] == [f"{e.id}@csto-tui" for e in events]
    for v, e in zip(vevents, events, strict=True):
        lower, upper = e.date.lower, e.date.upper
        start = v.decoded("DTSTART")
        assert type(start) is date  # all-day events
        if lower is None:
            assert start == upper
            assert "DTEND" not in v
        elif upper is None:
            assert start == lower
            assert "DTEND" not in v
        else:
            assert start == lower
            assert v.decoded("DTEND") == upper + timedelta(days=1)
        assert str(v["SUMMARY"]) == e.title
        description = str(v["DESCRIPTION"])
        assert description.split("\n\n")[0] == e.summary
        assert f"Date: {describe(e.date)} ({e.date.text})" in description
        assert [str(c) for c in v["CATEGORIES"].cats] == [e.kind, *e.tags]
        if e.location:
            loc = str(v["LOCATION"])
            for part in (e.location.place, e.location.region):
                if part:
                    assert part in loc
            if e.location.country:
                assert loc.endswith(country_name(e.location.country))
        else:
            assert "LOCATION" not in v


def test_ics_dtstamp_is_deterministic(dataset: Dataset, events: list[Event]) -> None:
    first = render("ics", events, dataset)
    assert render("ics", events, dataset) == first
    for v, e in zip(_calendar(first).walk("VEVENT"), events, strict=True):
        stamp = v.decoded("DTSTAMP")
        published = [s.published.lower for s in e.sources if s.published and s.published.lower]
        expected = max(published) if published else (e.date.lower or e.date.upper)
        assert stamp.date() == expected
        assert stamp.utcoffset() == timedelta(0)


def test_ics_final_stage_span(dataset: Dataset) -> None:
    final = dataset.event(FINAL_STAGE)
    assert final is not None
    (v,) = _calendar(render("ics", [final], dataset)).walk("VEVENT")
    assert v.decoded("DTSTART") == date(2018, 5, 28)
    assert v.decoded("DTEND") == date(2018, 6, 2)  # exclusive: the day after 1 June
    assert "opium" in str(v["DESCRIPTION"])


def test_ics_lines_are_folded_and_crlf(dataset: Dataset, events: list[Event]) -> None:
    text = render("ics", events, dataset)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= MAX_OCTETS for line in physical)
    assert any(line.startswith(" ") for line in physical)  # the summaries are long
    # Unfolding restores the logical lines: none starts with a space.
    logical = text.replace("\r\n ", "").split("\r\n")[:-1]
    assert all(re.match(r"^[A-Z-]+[;:]", line) for line in logical)


def test_ics_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "Ж€𝄞a" * 40
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= MAX_OCTETS
    assert folded.replace("\r\n ", "") == line


def test_ics_text_escaping() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    ds = _tricky_dataset()
    text = render("ics", ds.events, ds)
    assert "\x1b" not in text
    (v,) = _calendar(text).walk("VEVENT")
    assert str(v["SUMMARY"]) == TRICKY["title"].replace("\x1b", "\ufffd")
    assert str(v["DESCRIPTION"]).split("\n\nDate:")[0] == TRICKY["summary"]
    assert str(v["LOCATION"]) == "Bishkek; old town, Chuy, north, Kyrgyzstan"


# --- yaml ---------------------------------------------------------------------------------


def _load_yaml_export(tmp_path: Path, text: str, *, warnings: int = 0) -> Dataset:
    path = tmp_path / "export.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_dataset([path])
    assert not loaded.errors, [str(d) for d in loaded.errors]
    assert len(loaded.warnings) == warnings, [str(d) for d in loaded.warnings]
    return loaded


def test_yaml_round_trip(tmp_path: Path, dataset: Dataset, events: list[Event]) -> None:
    text = render("yaml", events, dataset)
    assert not text.startswith("#")  # nothing was left out
    assert "!!" not in text and "!python" not in text
    loaded = _load_yaml_export(tmp_path, text)
    assert loaded.events == events
    assert list(loaded.registry.bodies.values()) == list(dataset.registry.bodies.values())


def test_yaml_dates_are_quoted_and_fields_in_order(dataset: Dataset, events: list[Event]) -> None:
    text = render("yaml", events, dataset)
    for e in events:
        assert f'    date: "{e.date.text}"\n' in text
    raw = yaml.safe_load(text)
    canonical = ["id", "date", "title", "summary", "kind", "location", "countries", "bodies"]
    canonical += ["people", "figures", "sources", "tags", "related"]
    for record in raw["events"]:
        keys = list(record)
        assert keys == [k for k in canonical if k in keys]
        assert isinstance(record["date"], str)


def test_yaml_filtered_export_drops_dangling_links(
    tmp_path: Path, dataset: Dataset, events: list[Event]
) -> None:
    chosen = [e for e in events if "channel-2018" in e.tags]
    assert len(chosen) >= 2
    keep = {e.id for e in chosen}
    outside = sum(1 for e in chosen for r in e.related if r.id not in keep)
    assert outside > 0  # they are part of 2003-operation-channel, which is not chosen
    text = render("yaml", chosen, dataset)
    links = "link" if outside == 1 else "links"
    assert text.startswith(f"# left out: {outside} related {links} pointing outside this export\n")
    loaded = _load_yaml_export(tmp_path, text)
    assert [e.id for e in loaded.events] == [e.id for e in chosen]
    for got, original in zip(loaded.events, chosen, strict=True):
        assert got.related == [r for r in original.related if r.id in keep]
        assert replace(got, related=[]) == replace(original, related=[])
    # Only the bodies the events name, with their ancestors, in registry order.
    named = {b.id for e in chosen for b in e.bodies} | {p.body for e in chosen for p in e.people}
    named.discard(None)
    wanted = set(named)
    for body_id in named:
        wanted.update(dataset.registry.ancestors(body_id))
    assert list(loaded.registry.bodies) == [b for b in dataset.registry.bodies if b in wanted]


def test_yaml_awkward_text_round_trips(tmp_path: Path) -> None:
    ds = _tricky_dataset()
    awkward = [
        _event(**TRICKY),
        _event(
            id="second",
            date="2018",
            title="yes",
            summary="null",
            tags=["2018"],
            figures=[{"metric": "seized", "value": 0.5, "unit": "t", "qualifier": "approx"}],
        ),
        _event(id="third", date="../2018-06?", title="- a: b # c", summary="  leading: space"),
        _event(id="fourth", date="2003~/..", title="'quoted'", summary="ünïcödé “quotes” – dash"),
    ]
    ds = Dataset(events=awkward, registry=ds.registry)
    # The control character in TRICKY's title comes back, and `check` warns about it.
    loaded = _load_yaml_export(tmp_path, render("yaml", ds.events, ds), warnings=1)
    assert "contains U+001B" in loaded.warnings[0].message
    assert {e.id: e for e in loaded.events} == {e.id: e for e in awkward}
    assert list(loaded.registry.bodies) == ["body-root", "body-a", "body-b"]


def test_yaml_single_dropped_link_comment(tmp_path: Path, dataset: Dataset) -> None:
    linked = [e for e in dataset.events if len(e.related) == 1]
    assert linked
    text = render("yaml", linked[:1], dataset)
    assert text.startswith("# left out: 1 related link pointing outside this export\n")
    _load_yaml_export(tmp_path, text)


# --- empty results ------------------------------------------------------------------------


def test_empty_results(tmp_path: Path, dataset: Dataset) -> None:
    assert render("table", [], dataset) == ""
    assert json.loads(render("json", [], dataset)) == []
    assert render("jsonl", [], dataset) == ""
    assert render("csv", [], dataset) == ",".join(CSV_COLUMNS) + "\r\n"
    assert len(render("md", [], dataset).splitlines()) == 2
    cal = _calendar(render("ics", [], dataset))
    assert list(cal.walk("VEVENT")) == []
    text = render("yaml", [], dataset)
    assert yaml.safe_load(text) == {"events": []}
    assert not _load_yaml_export(tmp_path, text).events


def test_unknown_format(dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render("xml", [], dataset)
    assert set(FORMATS) == {"table", "csv", "md", "json", "jsonl", "yaml", "ics", "timelinejs"}


# --- atomic write -------------------------------------------------------------------------


def test_write_atomic_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, "first ünï\n")
    assert target.read_text(encoding="utf-8") == "first ünï\n"
    target.chmod(0o640)
    write_atomic(target, "second\r\n")
    assert target.read_bytes() == b"second\r\n"  # no newline translation
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_list_output_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(tmp_path: Path) -> None:
    """`-o /dev/null` (or a FIFO, a terminal) is written to, never replaced by a file: as
    root a rename over /dev/null succeeds, and then every program using it breaks."""
    import stat
    import subprocess
    import sys
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    command = [sys.executable, "-m", "csto_tui", "list", "--format", "csv", "-o", str(link)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert got and got[0].decode().splitlines()[0].startswith("id,")
    assert stat.S_ISFIFO(fifo.stat().st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "pipe"]  # no temp left


def test_write_atomic_new_file_mode_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_write_atomic_failure_keeps_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old content\n", encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":
        monkeypatch.setattr(os, "fdopen", lambda fd, mode: _FailingFile(fd))
    else:
        monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new content that never lands\n")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


class _FailingFile:
    """A file whose write fails half-way, after some bytes reached the disk."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def write(self, data: bytes) -> int:
        os.write(self.fd, data[:5])
        raise OSError(28, "No space left on device")


def test_write_atomic_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "missing" / "out.txt", "x")
    assert list(tmp_path.iterdir()) == []


# --- stats --------------------------------------------------------------------------------


def _stats(dataset: Dataset, query: Query | None = None) -> dict[str, Any]:
    engine = QueryEngine(dataset)
    query = query or Query()
    return stats_data(len(engine.run(query)), engine.counts(query), dataset.registry)


def test_stats_counts(dataset: Dataset, events: list[Event]) -> None:
    stats = _stats(dataset)
    assert stats["total"] == len(events)
    assert sum(stats["kind"].values()) == len(events)
    assert stats["year"]["2018"] == sum(1 for e in events if e.date.overlaps(*YEAR_2018))
    assert list(stats["year"]) == sorted(stats["year"])
    assert stats["country"]["KG"] == sum(1 for e in events if "KG" in e.all_countries)
    assert stats["names"]["country"]["KG"] == "Kyrgyzstan"
    below = dataset.registry.descendants("csto")
    assert stats["body"]["csto"] == sum(1 for e in events if any(b.id in below for b in e.bodies))
    assert stats["tag"]["unodc"] == sum(1 for e in events if "unodc" in e.tags)
    for section in ("country", "body", "kind", "tag"):
        counts = list(stats[section].values())
        assert counts == sorted(counts, reverse=True), section
        assert 0 not in counts


def test_stats_text_and_json(dataset: Dataset, events: list[Event]) -> None:
    stats = _stats(dataset)
    assert json.loads(stats_json(stats)) == stats
    text = stats_text(stats, dataset.registry, width=60)
    assert text.startswith(f"{len(events)} events\n")
    assert "KG Kyrgyzstan" in text and "█" in text and "\x1b" not in text
    assert "\nTag\n" in text and "\n  counter-narcotics " in text
    assert all(cell_width(line) <= 60 for line in text.splitlines())
    plain = stats_text(stats, dataset.registry, ascii=True)
    assert "#" in plain and "█" not in plain and "…" not in plain
    empty = _stats(dataset, Query(text="zzqxv-no-such-word"))
    assert stats_text(empty, dataset.registry) == "0 events\n"
    one = _stats(dataset, Query(text="Patriot"))
    assert stats_text(one, dataset.registry).startswith("1 event\n")
