"""The fast path (yaml-rs) and the positional loader must never disagree.

Whenever the fast path accepts a file, the positional loader (the reference) must find it
valid and give the same records with the same origins. The fast path may decline any file
(the reference then reads it), but it must serve the common case: the bundled data, the
fixtures and generated data all go through it. The warnings about text a reader would
misread are the same whichever path reads a file, and whether it comes from the cache.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from generated import generator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csto_tui.loader import cache as cache_module
from csto_tui.loader import dataset as dataset_module
from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.loader.cache import Cache
from csto_tui.loader.dataset import _strict_body, _strict_event, decode_text
from csto_tui.loader.fast import FastFile, read_fast, risky
from csto_tui.loader.positional import FileReader
from csto_tui.loader.textcheck import SUSPECT
from csto_tui.loader.yamlnodes import YamlProblem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fast(text: str) -> FastFile | None:
    if risky(text, text.encode("utf-8")):
        return None
    return read_fast("f.yaml", text, _strict_event, _strict_body)


def reference(text: str) -> tuple[FileReader, list[Any]]:
    diags: list[Any] = []
    reader = FileReader("f.yaml", diags)
    reader.read(text)
    return reader, diags


def agree(text: str) -> FastFile | None:
    """Both paths on one text; the fast one's answer, after checking it against the other."""
    got = fast(text)
    if got is None:
        return None
    reader, diags = reference(text)
    assert diags == [], "the fast path accepted a file the reference refuses"
    assert [e for e, _ in got.events] == [p.record for p in reader.events]
    assert [b for b, _ in got.bodies] == [p.record for p in reader.bodies]
    assert [o for _, o in got.events] == [p.origin for p in reader.events]
    assert [o for _, o in got.bodies] == [p.origin for p in reader.bodies]
    return got


def _files() -> list[Path]:
    return [bundled_data_path(), *sorted(FIXTURES.rglob("*.y*ml"))]


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_fixture_files_agree(path: Path) -> None:
    try:
        text = decode_text(path.read_bytes())
    except YamlProblem:
        return  # not UTF-8: neither path sees text
    got = agree(text)
    if "broken" not in path.parts:
        assert got is not None, "a valid file should take the fast path"


def test_generated_data_agrees_and_takes_the_fast_path(tmp_path: Path) -> None:
    out = tmp_path / "gen.yaml"
    generator().write_dataset(300, out, seed=7)
    got = agree(out.read_text(encoding="utf-8"))
    assert got is not None and len(got.events) == 300


RECORD = """events:
  - id: ev
    date: 2018-05-29
    title: A title
    summary: A summary.
    kind: meeting
    sources: [{title: T}]
"""

# Files one parser might read unlike the other: each must be declined or agree.
HOSTILE = {
    "tag": RECORD.replace("A title", "!!str A title"),
    "local tag": RECORD.replace("A title", "!x A title"),
    "python tag": RECORD.replace("A title", "!!python/object/apply:os.system [echo]"),
    "anchor and alias": RECORD.replace("A title", "&t A title").replace("A summary.", "*t"),
    "merge key": "base: &b {kind: meeting}\n" + RECORD,
    "merge in record": RECORD.replace("    kind: meeting\n", "    <<: {kind: meeting}\n"),
    "duplicate key": RECORD.replace("    kind: meeting\n", "    kind: meeting\n    kind: visit\n"),
    "duplicate section": RECORD + "events: []\n",
    "second document": RECORD + "---\nevents: []\n",
    "document markers": "---\n" + RECORD + "...\n",
    "directive 1.1": "%YAML 1.1\n---\n" + RECORD,
    "complex key": RECORD.replace("    kind: meeting\n", "    ? kind\n    : meeting\n"),
    "tab separator": RECORD.replace("kind: meeting", "kind:\tmeeting"),
    "tab in text": RECORD.replace("A summary.", '"A\tsummary."'),
    "bell": RECORD.replace("A summary.", "A \x07summary."),
    "escaped bell": RECORD.replace("A summary.", '"A \\x07summary."'),
    "nel": RECORD.replace("A summary.", "A\x85summary."),
    "line separator": RECORD.replace("A summary.", "A\u2028summary."),
    "bom inside": RECORD.replace("A summary.", "A\ufeffsummary."),
    "c1 control": RECORD.replace("A summary.", "A\x9bsummary."),
    "crlf": RECORD.replace("\n", "\r\n"),
    "deep nesting": RECORD.replace("[{title: T}]", "[" * 200 + "]" * 200),
    "bomb": "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n" + RECORD,
    "flow records": "events: [{id: ev, date: '2018', title: A title, summary: s, kind: meeting,"
    " sources: [{title: T}]}]\n",
    "flow item": "events:\n  - {id: ev, date: '2018', title: A title, summary: s,"
    " kind: meeting, sources: [{title: T}]}\n",
    "dash alone": RECORD.replace("  - id: ev", "  -\n    # note\n    id: ev"),
    "first key not id": RECORD.replace(
        "  - id: ev\n    date: 2018-05-29", "  - date: 2018-05-29\n    id: ev"
    ),
    "comment between": RECORD.replace("    kind:", "    # kind next\n    kind:"),
    "quoted keys": RECORD.replace("    title:", '    "title":'),
    "folded title": RECORD.replace("A title", ">-\n      A\n      title"),
    "plain over lines": RECORD.replace("A summary.", "A summary\n      over two lines."),
    "date over lines": RECORD.replace("2018-05-29", "\n      2018-05-29"),
    "summary holds a key": RECORD.replace("A summary.", '"the date: 2019"'),
    "block scalar with keys": RECORD.replace("A summary.", "|\n      date: 1999\n      - x"),
    "events at column 0 in text": RECORD.replace("A summary.", "|\n      events:"),
    "figures": RECORD + "    figures: [{metric: m, value: 12.5, unit: kg, qualifier: exact}]\n",
    "unknown top key": RECORD + "extra: 1\n",
    "list at top": "- a\n- b\n",
    "null events": "events:\n",
    "empty": "",
    "only comment": "# nothing\n",
    "bodies after events": RECORD + "bodies:\n  - {id: b, name: B}\n",
    "bodies only": "bodies:\n  - id: b\n    name: B\n",
    "non-str key": RECORD.replace("    kind: meeting\n", "    kind: meeting\n    1: x\n"),
    "null key": RECORD.replace("    kind: meeting\n", "    kind: meeting\n    null: x\n"),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_files_are_declined_or_agree(text: str) -> None:
    agree(text)


@pytest.mark.parametrize(
    "name", ["tag", "python tag", "anchor and alias", "duplicate key", "second document",
             "directive 1.1", "bomb", "bell", "nel"],
)  # fmt: skip
def test_what_only_the_reference_may_judge_is_declined(name: str) -> None:
    assert fast(HOSTILE[name]) is None


# YAML 1.1 surprises, pinned: one answer whichever path reads the file.
def _with(field: str, raw: str) -> str:
    if field == "value":
        return RECORD + f"    figures: [{{metric: m, value: {raw}, unit: kg, qualifier: exact}}]\n"
    return RECORD.replace(
        {"title": "    title: A title", "date": "    date: 2018-05-29",
         "place": "    kind: meeting"}[field],
        {"title": f"    title: {raw}", "date": f"    date: {raw}",
         "place": f"    kind: meeting\n    location: {{place: {raw}}}"}[field],
    )  # fmt: skip


SURPRISES = [
    # (field, as written, what the event holds, or None: the record is refused)
    ("title", "yes", "yes"),
    ("title", "off", "off"),
    ("title", "true", "true"),
    ("title", "2018", "2018"),
    ("title", "1_000", "1_000"),
    ("title", "0o17", "0o17"),
    ("title", "2018-05-29", "2018-05-29"),
    ("title", "~", None),  # null: a title is required
    ("place", "~", "None"),
    ("place", "null", "None"),
    ("place", "NO", "NO"),
    ("date", "2018", "2018"),
    ("date", "02018", None),
    ("date", "2_018", None),
    ("date", "2018-05-29", "2018-05-29"),
    ("value", "15", "15"),
    ("value", "1_000", "1000"),
    ("value", "015", "15"),
    ("value", "0o17", None),
    ("value", "0x1f", None),
    ("value", "1e3", "1000"),
    ("value", ".5", "0.5"),
    ("value", ".inf", None),
    ("value", "yes", None),
    ("value", "'12'", "12"),
]


def _held(event: Any, field: str) -> str:
    if field == "value":
        return event.figures[0].value_plain
    if field == "date":
        return event.date.text
    if field == "place":
        return str(event.location.place)
    return str(getattr(event, field))


@pytest.mark.parametrize(("field", "raw", "expected"), SURPRISES)
def test_yaml_1_1_surprises_give_one_answer(
    field: str, raw: str, expected: str | None, tmp_path: Path
) -> None:
    text = _with(field, raw)
    agree(text)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    for store in (Cache(tmp_path / "c"), Cache(tmp_path / "c"), Cache(enabled=False)):
        ds = load_dataset([path], store=store)  # cold, then from the cache, then without
        if expected is None:
            assert ds.errors and not ds.events
        else:
            assert not ds.errors, ds.errors
            assert _held(ds.events[0], field) == expected


# Generated documents: many scalar forms, several styles; whatever yaml-rs and the
# reference make of them, the fast path must agree or decline.
SCALARS = st.one_of(
    st.sampled_from([
        "yes", "No", "on", "off", "true", "False", "~", "null", "", "1_000", "0o17", "0x1F",
        "015", "1e3", ".inf", "-.5", "+12", "2018", "2018-05-29", "2018-05", "2018?",
        "2018/2019", "../2020", "12:30", "a: b", "# not a comment", "- item", "[x]", "{y}",
        "'quoted'", '"dq"', "trailing ", " leading", "multi\nline", "tab\there", "é",
        "Чолпон-Ата", "100%", "@at", "`tick`", "a #b", "x:y", "%pct", "*star", "&amp", "!bang",
        "?", "-", ":", "|", ">", "\\", "a\\nb", "\u00a0nbsp",
    ]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)  # fmt: skip


def _render(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        out = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return '"' + out.replace("\t", "\\t") + '"'
    if style == "literal":
        return "|-\n" + "".join(f"      {line}\n" for line in value.split("\n")).rstrip("\n")
    if style == "folded":
        return ">-\n" + "".join(f"      {line}\n" for line in value.split("\n")).rstrip("\n")
    return value  # plain: may well be invalid YAML, or mean something else


FIELDS = ("title", "summary", "place", "date", "published", "value", "tag", "metric")


VALID = {"title": "A title", "summary": "A summary.", "place": "Town", "date": "2018-05-29",
         "published": "2018-06", "value": "12", "tag": "ok", "metric": "seized"}  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A valid event with one to three fields replaced by a drawn scalar in a drawn style."""
    styles = st.sampled_from(["plain", "single", "double", "literal", "folded"])
    values = dict(VALID)
    for field in draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3, unique=True)):
        values[field] = _render(draw(SCALARS), draw(styles))
    return documents_with(values)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_agree(text: str) -> None:
    agree(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab: -\n'\"[]{},#&*!?|>%@`~0123456789.\t"), max_size=60))
def test_arbitrary_text_agrees(text: str) -> None:
    agree("events:\n  - " + text)


def test_the_unaltered_generated_document_takes_the_fast_path() -> None:
    """The base the generated documents alter: so they test the fast path, not only its
    refusals."""
    base = (
        "events:\n  - id: ev-1\n    date: 2018-05-29\n    title: A title\n"
        "    summary: A summary.\n    kind: meeting\n    location:\n      place: Town\n"
        "    tags: [ok]\n    figures:\n      - metric: seized\n        value: 12\n"
        "        unit: kg\n        qualifier: exact\n    sources:\n"
        "      - title: T\n        published: 2018-06\n"
    )
    got = agree(base)
    assert got is not None and got.events[0][0].figures[0].value == 12.0


# --- warnings about text a reader would misread: the same from every path --------------------

# Suspect characters in every style and field; some send the file to the reference (a
# literal U+FEFF inside the text, C1 controls), most do not.
MISLEADING = {
    "bidi in plain title": RECORD.replace("A title", "A \u202etitle\u202c"),
    "escaped bidi": RECORD.replace("A title", '"A \\u202etitle"'),
    "escapes of controls": RECORD.replace("A title", '"A \\e[0m \\x7f \\x9b \\N \\L title"'),
    "zwsp twice": RECORD.replace("A title", "A \u200b\u200btitle \u2066"),
    "single quoted": RECORD.replace("A title", "'it''s a \u200dtitle'"),
    "soft hyphen in folded block": RECORD.replace(
        "A summary.", ">- # a com\u00adment\n      A sum\u00admary\n      over li\u00adnes."
    ),
    "literal block": RECORD.replace("A summary.", "|\n      one\n\n      t\u2060wo\n"),
    "plain over lines": RECORD.replace("A summary.", "A summary\n      over two\u200b lines."),
    "double quoted over lines": RECORD.replace("A summary.", '"A summary \\\n      over \u200b"'),
    "bom inside": RECORD.replace("A title", "A \ufefftitle"),
    "source title in flow": RECORD.replace("{title: T}", '{title: "T\u200b", url: "u\\u200e"}'),
    "people and place": RECORD
    + "    people: [{name: \"A\u200dB\", role: 'r\u00ad'}]\n    location: {place: P\u061c}\n",
    "figure item": RECORD
    + '    figures: [{metric: m, item: "x\u00ad", value: 1, unit: kg, qualifier: exact}]\n',
    "body": RECORD + 'bodies:\n  - id: b\n    name: "B\u2066"\n    aliases: [a\u200b, b]\n',
    "second record": RECORD
    + RECORD[len("events:\n") :].replace("ev", "ev-2").replace("A ", "\u200b"),
    "flow records": 'events: [{id: ev, date: "2018", title: "A \u200b title", summary: s,'
    " kind: meeting, sources: [{title: T}]}]\n",
    "crlf": RECORD.replace("A title", "A \u00adtitle").replace("\n", "\r\n"),
    "astral": RECORD.replace("A title", "A \U000e0001title \U0001d173"),
    "invalid id": RECORD.replace("id: ev", 'id: "e\\u200bv"'),
    "nothing suspect": RECORD.replace("A title", '"A \\"quoted\\" title é — “x”"'),
}


def _diagnostics(path: Path, store: Cache) -> list[tuple[str, int, int, str, str]]:
    ds = load_dataset([path], store=store)
    return [(d.file, d.line, d.column, d.severity, d.message) for d in ds.diagnostics]


def warnings_every_way(text: str, folder: Path) -> list[tuple[str, int, int, str, str]]:
    """The diagnostics of one file read cold (fast path when it may), by the reference
    alone, from the cache with the checks' verdict, from the cache without it (the records
    walked again) and without a cache: all must be the same."""
    path = folder / "m.yaml"
    path.write_bytes(text.encode("utf-8"))
    root = folder / "cache"
    cold = _diagnostics(path, Cache(root))
    warm = _diagnostics(path, Cache(root))
    for verdict in (root / f"v{cache_module.FORMAT}" / "checks").glob("*"):
        verdict.unlink()
    records_only = _diagnostics(path, Cache(root))
    with mock.patch.object(dataset_module, "read_fast", lambda *_, **__: None):
        reference = _diagnostics(path, Cache(enabled=False))
    assert warm == cold, "the checks' verdict from the cache differs"
    assert records_only == cold, "the records from the cache warn differently"
    assert reference == cold, "the fast path and the reference warn differently"
    return cold


@pytest.mark.parametrize("text", MISLEADING.values(), ids=MISLEADING.keys())
def test_misleading_text_warns_alike_on_every_path(text: str, tmp_path: Path) -> None:
    agree(text)
    got = warnings_every_way(text, tmp_path)
    warned = [d for d in got if d[3] == "warning"]
    assert bool(warned) == (text != MISLEADING["nothing suspect"])
    lines = text.split("\n")
    for _, line, col, _, message in warned:  # at the character, or at least its scalar
        assert line and col, message
        at = lines[line - 1][col - 1 :]
        assert at[:1] in ("\\", '"', "'", ">", "|") or SUSPECT.match(at), (message, at)


def test_misleading_text_in_the_fast_path_is_found_at_the_character(tmp_path: Path) -> None:
    text = MISLEADING["soft hyphen in folded block"]
    assert fast(text) is not None
    got = warnings_every_way(text, tmp_path)
    assert [(line, col) for _, line, col, _, _ in got] == [(6, 12)]  # not the comment
    assert "summary contains U+00AD SOFT HYPHEN" in got[0][4] and "2 times" in got[0][4]


SUSPECTS = "\u202e\u200b\u00ad\ufeff\u2066\u061c\x85\x9b\x1b\u2028\U000e0041"


@st.composite
def misleading_documents(draw: st.DrawFn) -> str:
    """A valid event with one to three texts holding suspect characters, in drawn styles
    (an escape for some characters in double quotes)."""
    chars = st.text(alphabet=st.sampled_from(SUSPECTS + "ab é'\"\\"), min_size=1, max_size=8)
    styles = st.sampled_from(["plain", "single", "double", "escaped", "literal", "folded"])
    values = dict(VALID)
    for field in draw(st.lists(st.sampled_from(["title", "summary", "place", "metric"]),
                               min_size=1, max_size=3, unique=True)):  # fmt: skip
        value, style = "ab" + draw(chars), draw(styles)
        if style == "escaped":
            out = value.replace("\\", "\\\\").replace('"', '\\"')
            escaped = (f"\\u{ord(c):04x}" if c in SUSPECTS and ord(c) < 0x10000 else c for c in out)
            values[field] = '"' + "".join(escaped) + '"'
        else:
            values[field] = _render(value, style)
    return documents_with(values)


def documents_with(values: dict[str, str]) -> str:
    return (
        "events:\n"
        f"  - id: ev-1\n    date: {values['date']}\n    title: {values['title']}\n"
        f"    summary: {values['summary']}\n    kind: meeting\n"
        f"    location:\n      place: {values['place']}\n"
        f"    tags: [{values['tag']}]\n"
        "    figures:\n"
        f"      - metric: {values['metric']}\n        value: {values['value']}\n"
        "        unit: kg\n        qualifier: exact\n"
        "    sources:\n"
        f"      - title: T\n        published: {values['published']}\n"
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(misleading_documents())
def test_generated_misleading_documents_warn_alike(text: str) -> None:
    agree(text)
    with tempfile.TemporaryDirectory() as folder:
        warnings_every_way(text, Path(folder))
