"""`--format timelinejs`: TimelineJS 3 JSON, checked against the documented format, every
date shape mapped, and no data ever becoming markup."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from csto_tui.export import FORMATS, UTF8_FORMATS, render
from csto_tui.export.timelinejs import TITLE_ID, date_objects, safe_href, timeline
from csto_tui.loader import Dataset, load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.model.dates import EDTFDate, describe, parse_edtf
from csto_tui.model.records import Event
from csto_tui.model.schema import parse_event

# --- the documented format --------------------------------------------------------------
# From Knight Lab's page "TimelineJS JSON data format" (TimelineJS3 docs, json-format):
# the document has `events` (required: slides), `title` (a slide), `eras`, `scale`; a slide
# has `start_date` (required except for the title slide), `end_date`, `text`, `media`,
# `group` (any text), `display_date` (a string), `background`, `autolink` (a boolean) and
# `unique_id` (a string unique among all slides); a date object has `year` (required, "a
# number"), `month` (1-12), `day`, `hour` (0-23), `minute`, `second` (0-59), `millisecond`
# and `display_date`; a text object has `headline` and `text` (any text, HTML is OK).
# additionalProperties is false here so a typo in a key name fails the test.

DATE = {
    "type": "object",
    "required": ["year"],
    "additionalProperties": False,
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "hour": {"type": "integer", "minimum": 0, "maximum": 23},
        "minute": {"type": "integer", "minimum": 0, "maximum": 59},
        "second": {"type": "integer", "minimum": 0, "maximum": 59},
        "millisecond": {"type": "integer"},
        "display_date": {"type": "string"},
    },
}
TEXT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
}
SLIDE_PROPERTIES = {
    "start_date": DATE,
    "end_date": DATE,
    "text": TEXT,
    "media": {"type": "object", "required": ["url"]},
    "group": {"type": "string"},
    "display_date": {"type": "string"},
    "background": {"type": "object"},
    "autolink": {"type": "boolean"},
    "unique_id": {"type": "string"},
}
SCHEMA = {
    "type": "object",
    "required": ["events"],
    "additionalProperties": False,
    "properties": {
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start_date"],
                "additionalProperties": False,
                "properties": SLIDE_PROPERTIES,
            },
        },
        "title": {"type": "object", "additionalProperties": False, "properties": SLIDE_PROPERTIES},
        "eras": {"type": "array"},
        "scale": {"enum": ["human", "cosmological"]},
    },
}
_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "integer": int,
}


def validate(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """The schema keywords used above, checked by hand (no jsonschema in the venv): every
    problem as 'path: what', so a failure names the field."""
    problems: list[str] = []
    kind = schema.get("type")
    if kind is not None:
        ok = isinstance(value, _TYPES[kind])
        if kind == "integer" and isinstance(value, bool):
            ok = False  # a bool is an int in Python, not a number in JSON
        if not ok:
            return [f"{where}: expected {kind}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        problems.append(f"{where}: {value} < {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        problems.append(f"{where}: {value} > {schema['maximum']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        problems += [f"{where}: missing {k}" for k in schema.get("required", ()) if k not in value]
        for key, item in value.items():
            if key in props:
                problems += validate(item, props[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}: unexpected key {key!r}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += validate(item, schema["items"], f"{where}[{i}]")
    return problems


def test_the_validator_catches_what_it_should() -> None:
    assert validate({"events": []}, SCHEMA) == []
    assert validate({}, SCHEMA) == ["$: missing events"]
    bad = {"events": [{"start_date": {"year": "2018", "month": 13}, "colour": 1}]}
    problems = validate(bad, SCHEMA)
    assert "$.events[0].start_date.year: expected integer, got str" in problems
    assert "$.events[0].start_date.month: 13 > 12" in problems
    assert "$.events[0]: unexpected key 'colour'" in problems
    assert validate({"events": [{"text": {}}]}, SCHEMA) == ["$.events[0]: missing start_date"]
    assert validate({"events": [], "title": {"autolink": 1}}, SCHEMA)


# --- data ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    ds = load_dataset([bundled_data_path()])
    assert not ds.errors
    return ds


def _event(**fields: object) -> Event:
    data: dict[str, object] = {
        "id": "crafted-event",
        "date": "2020-03-01",
        "title": "A title",
        "summary": "A summary.",
        "kind": "meeting",
        "sources": [{"title": "A source"}],
    }
    data.update(fields)
    return parse_event(data)


def _doc(events: list[Event], dataset: Dataset) -> dict[str, Any]:
    text = render("timelinejs", events, dataset)
    doc = json.loads(text)
    assert validate(doc, SCHEMA) == [], validate(doc, SCHEMA)
    return doc


def test_bundled_data_is_a_valid_timeline(dataset: Dataset) -> None:
    doc = _doc(dataset.events, dataset)
    assert list(doc) == ["title", "events"]
    assert doc["title"]["text"]["headline"] == "CSTO events"
    assert f"{len(dataset.events)} events" in doc["title"]["text"]["text"]
    slides = doc["events"]
    assert [s["unique_id"] for s in slides] == [e.id for e in dataset.events]
    ids = [s["unique_id"] for s in slides] + [doc["title"]["unique_id"]]
    assert len(set(ids)) == len(ids)  # unique among all slides, the title included
    for s, e in zip(slides, dataset.events, strict=True):
        assert s["group"] == e.kind
        assert s["autolink"] is False  # our links only
        assert s["display_date"] == html.escape(describe(e.date))
        assert html.unescape(s["text"]["headline"]) == e.title


def test_stable_key_order(dataset: Dataset) -> None:
    one = render("timelinejs", dataset.events, dataset)
    assert one == render("timelinejs", dataset.events, dataset)
    first = json.loads(one)["events"][0]
    keys = ["start_date", "end_date", "display_date", "text", "group", "unique_id", "autolink"]
    assert list(first) == [k for k in keys if k in first]


def test_empty_list_is_a_valid_document(dataset: Dataset) -> None:
    doc = _doc([], dataset)
    assert doc["events"] == []
    assert "0 events" in doc["title"]["text"]["text"]


# --- dates --------------------------------------------------------------------------------

Y = "year"
# (EDTF, start_date, end_date or None, display_date, a note the text must hold or '')
DATE_CASES = [
    ("2018-05-28", {Y: 2018, "month": 5, "day": 28}, None, "28 May 2018", ""),
    ("2018-05", {Y: 2018, "month": 5}, None, "May 2018", ""),
    ("2018", {Y: 2018}, None, "some time in 2018", ""),
    ("2018-21", {Y: 2018, "month": 3}, {Y: 2018, "month": 5}, "spring 2018", ""),
    ("2018-24", {Y: 2018, "month": 12}, {Y: 2019, "month": 2}, "winter 2018/2019", ""),
    ("201X", {Y: 2010}, {Y: 2019}, "the 2010s", ""),
    ("2018~", {Y: 2018}, None, "about 2018", ""),
    ("2018?", {Y: 2018}, None, "some time in 2018 (uncertain)", ""),
    ("2018-05%", {Y: 2018, "month": 5}, None, "about May 2018 (uncertain)", ""),
    (
        "2018-05-28/2018-06-01",
        {Y: 2018, "month": 5, "day": 28},
        {Y: 2018, "month": 6, "day": 1},
        "between 28 May and 1 June 2018",
        "",
    ),
    (
        "2018-05/2018-06-02",
        {Y: 2018, "month": 5},
        {Y: 2018, "month": 6, "day": 2},
        "between May and 2 June 2018",
        "",
    ),
    ("2017/2018-03", {Y: 2017}, {Y: 2018, "month": 3}, "between 2017 and March 2018", ""),
    (
        "2018-21/2018-23",
        {Y: 2018, "month": 3},
        {Y: 2018, "month": 11},
        "between spring 2018 and autumn 2018",
        "",
    ),
    ("201X/2025", {Y: 2010}, {Y: 2025}, "between the 2010s and 2025", ""),
    ("2018/2018", {Y: 2018}, None, "between 2018 and 2018", ""),
    (
        "2025-06-19?/2025-06-30?",
        {Y: 2025, "month": 6, "day": 19},
        {Y: 2025, "month": 6, "day": 30},
        "between 19 June 2025 (uncertain) and 30 June 2025 (uncertain)",
        "",
    ),
    (
        "../2018-06-02",
        {Y: 2018, "month": 6, "day": 2},
        None,
        "until 2 June 2018",
        "open start: shown on its last known date",
    ),
    (
        "/2018-06-02",
        {Y: 2018, "month": 6, "day": 2},
        None,
        "until 2 June 2018, start unknown",
        "start unknown",
    ),
    ("../201X", {Y: 2010}, {Y: 2019}, "until the 2010s", "open start"),
    ("2003/..", {Y: 2003}, None, "from 2003 onwards", "open end: ongoing"),
    (
        "2018-05-28/",
        {Y: 2018, "month": 5, "day": 28},
        None,
        "from 28 May 2018, end unknown",
        "end unknown",
    ),
    ("2018-22~/..", {Y: 2018, "month": 6}, None, "from about summer 2018 onwards", "open end"),
]


@pytest.mark.parametrize(("edtf", "start", "end", "display", "note"), DATE_CASES)
def test_date_shapes(
    dataset: Dataset,
    edtf: str,
    start: dict[str, int],
    end: dict[str, int] | None,
    display: str,
    note: str,
) -> None:
    assert date_objects(parse_edtf(edtf)) == (start, end)
    slide = _doc([_event(date=edtf)], dataset)["events"][0]
    assert slide["start_date"] == start
    assert slide.get("end_date") == end
    assert slide["display_date"] == display
    text = slide["text"]["text"]
    assert f"({edtf})" in text
    if note:
        assert note in text
    else:
        for word in ("open start", "open end", "unknown"):
            assert word not in text


def _shape(d: EDTFDate) -> tuple[object, ...]:
    """What the mapping depends on: the ends' kinds, precisions and qualifiers."""
    points = [
        None if p is None else (p.precision, p.uncertain, p.approximate)
        for p in (d.first, d.second)
    ]
    return (d.is_interval, d.start_open, d.start_unknown, d.end_open, d.end_unknown, *points)


def test_every_bundled_date_shape_is_a_tested_case(dataset: Dataset) -> None:
    """The bundled data (which may grow) holds no date shape the cases above leave out."""
    tested = {_shape(parse_edtf(case[0])) for case in DATE_CASES}
    for e in dataset.events:
        assert _shape(e.date) in tested, e.date.text
    slides = _doc(dataset.events, dataset)["events"]
    for s, e in zip(slides, dataset.events, strict=True):
        start, end = date_objects(e.date)
        assert s["start_date"] == start and s.get("end_date") == end


# --- escaping -----------------------------------------------------------------------------


class _Markup(HTMLParser):
    """Every tag and attribute in a string, and its text once the markup is read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _markup(value: str) -> _Markup:
    parser = _Markup()
    parser.feed(value)
    parser.close()
    return parser


HOSTILE = {
    "title": "<script>alert(\"t\")</script> & 'quotes' <b onmouseover=x>",
    "summary": "Fish & chips <img src=x onerror=alert(1)>\n\"quoted\" 'single'\n\n</p><p>",
    "location": {"place": "<i>Bishkek</i>", "country": "KG"},
    "figures": [
        {"metric": "seized <b>", "value": 5, "unit": "kg", "qualifier": "exact"},
    ],
    "sources": [
        {"title": "<a href='javascript:alert(1)'>x</a>", "url": "javascript:alert(1)"},
        {"title": "JS upper", "url": " JaVaScRiPt:alert(2)"},
        {"title": "Data", "url": "data:text/html,<script>alert(3)</script>"},
        {"publisher": 'Pub "&" <co>', "url": 'https://example.org/a?b=1&c="2"><script>'},
        {"title": "Plain http", "url": "http://example.org/x", "published": "2018-06-02"},
    ],
}


def test_hostile_text_never_becomes_markup(dataset: Dataset) -> None:
    event = _event(**HOSTILE)
    slide = _doc([event], dataset)["events"][0]
    for key in ("headline",):
        parsed = _markup(slide["text"][key])
        assert parsed.tags == []
        assert "".join(parsed.text) == HOSTILE["title"]
    assert _markup(slide["display_date"]).tags == []
    assert _markup(slide["group"]).tags == []
    parsed = _markup(slide["text"]["text"])
    allowed = {"p", "br", "ul", "li", "a"}
    assert {t for t, _ in parsed.tags} <= allowed
    hrefs = []
    for tag, attrs in parsed.tags:
        if tag == "a":
            assert [name for name, _ in attrs] == ["href"]
            hrefs.append(attrs[0][1])
        else:
            assert attrs == []
    assert hrefs == ['https://example.org/a?b=1&c="2"><script>', "http://example.org/x"]
    text = "".join(parsed.text)
    for piece in ("Fish & chips <img src=x onerror=alert(1)>", '"quoted"', "</p><p>", "<i>"):
        assert piece in text
    assert "seized <b>: 5 kg" in text
    assert text.count("address left out (not an http or https link)") == 3
    assert "published 2 June 2018" in text
    assert "<a href='javascript:alert(1)'>x</a>" in text  # the hostile title, as text
    raw = render("timelinejs", [event], dataset).lower()
    for bad in ("<script", "<img", "<b ", "<i>", "<a href='", 'href=\\"javascript', "data:"):
        assert bad not in raw


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/x", "https://example.org/x"),
        ("HTTP://Example.org", "HTTP://Example.org"),
        ("https://e.org/?a=1&b='2'", "https://e.org/?a=1&amp;b=&#x27;2&#x27;"),
        ("javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("https://e.org/\x1b[31m", None),
        ("https:///no-host", None),
        ("//e.org/x", None),
        ("mailto:a@e.org", None),
        ("https://e.org/a b", None),
    ],
)
def test_safe_href(url: str, href: str | None) -> None:
    assert safe_href(url) == href


def test_control_characters_are_replaced(dataset: Dataset) -> None:
    slide = _doc([_event(title="Red\x1b[31m \u202e")], dataset)["events"][0]
    assert "\x1b" not in slide["text"]["headline"] and "\u202e" not in slide["text"]["headline"]


# --- registration, CLI, dialog ------------------------------------------------------------


def test_registered_as_utf8() -> None:
    assert "timelinejs" in FORMATS and "timelinejs" in UTF8_FORMATS


def test_the_export_dialog_lists_it() -> None:
    from csto_tui.ui.screens.export import FORMAT_HELP

    assert set(FORMAT_HELP) == set(FORMATS)
    assert "TimelineJS" in FORMAT_HELP["timelinejs"]


def _run(cwd: Path, *args: str, lang: str) -> subprocess.CompletedProcess[bytes]:
    drop = ("COLUMNS", "LINES", "LC_ALL", "LC_CTYPE", "PYTHONIOENCODING", "PYTHONUTF8")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "csto_tui", *args], cwd=cwd, capture_output=True, env=env, timeout=60
    )


def test_cli_list_timelinejs(tmp_path: Path, dataset: Dataset) -> None:
    proc = _run(tmp_path, "list", "--format", "timelinejs", lang="C.UTF-8")
    assert proc.returncode == 0, proc.stderr.decode()
    doc = json.loads(proc.stdout.decode("utf-8"))
    assert validate(doc, SCHEMA) == []
    assert len(doc["events"]) == len(dataset.events)
    assert proc.stdout.decode("utf-8") == render("timelinejs", dataset.events, dataset)
    empty = _run(tmp_path, "list", "--search", "zzqxv-none", "--format", "timelinejs", lang="C")
    assert empty.returncode == 0
    assert json.loads(empty.stdout)["events"] == []


def test_ascii_locale_changes_nothing(tmp_path: Path) -> None:
    utf8 = _run(tmp_path, "list", "--format", "timelinejs", lang="C.UTF-8")
    plain = _run(tmp_path, "list", "--format", "timelinejs", lang="C")
    assert plain.returncode == 0, plain.stderr.decode()
    assert plain.stdout == utf8.stdout
    text = plain.stdout.decode("utf-8")  # UTF-8 bytes, not escapes or '?'
    assert "“" in text and "\\u" not in text


def test_timeline_function_matches_render(dataset: Dataset) -> None:
    doc = timeline(dataset.events)
    assert doc["title"]["unique_id"] == TITLE_ID
    assert json.loads(render("timelinejs", dataset.events, dataset)) == doc
