"""The loader: files and directories, safe YAML with positions, cross-record and cross-file checks.

Field rules of single records are in test_records.py; the `check` command in test_check_cli.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from csto_tui.loader import Dataset, Diagnostic, Severity, load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.loader.dataset import LoadStep, decode_text
from csto_tui.loader.yamlnodes import Builder, Positions, YamlProblem, compose
from csto_tui.model.diagnostics import error, to_json, warning

# --- helpers ----------------------------------------------------------------------------------


def event(eid: str, date_: str = "2020-05-01", **fields: str | None) -> str:
    """One valid event as a block-style list item, one `key: value` line per field.

    Keyword fields replace the defaults in place or are appended (raw YAML; None drops one).
    """
    merged: dict[str, str | None] = {
        "id": eid,
        "date": date_,
        "title": f"Fictional event {eid}",
        "summary": "Invented for a test.",
        "kind": "meeting",
        "sources": "[{publisher: Example Gazette}]",
        **fields,
    }
    lines = [f"    {k}: {v}" for k, v in merged.items() if v is not None]
    return "  - " + "\n".join(lines)[4:] + "\n"


def events(*items: str) -> str:
    return "events:\n" + "".join(items)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def load_text(tmp_path: Path, content: str | bytes, name: str = "data.yaml") -> Dataset:
    return load_dataset([write(tmp_path / name, content)])


def where(ds: Dataset) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.message) for d in ds.diagnostics]


def locate(text: str, token: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(token, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def assert_errors(ds: Dataset, expected: list[tuple[int, int, str]]) -> None:
    """Exactly these errors, in this order, each (line, column, message fragment)."""
    got = where(ds)
    assert [(line, col) for line, col, _ in got] == [(line, col) for line, col, _ in expected], got
    for (_, _, message), (_, _, fragment) in zip(got, expected, strict=True):
        assert fragment in message, (message, fragment)
    assert all(d.severity is Severity.ERROR for d in ds.diagnostics)


# --- one file: shape of the document ----------------------------------------------------------

FILE_CASES = [
    ("empty", "", [(1, 1, "empty file: expected a mapping with an 'events:' list")]),
    ("only-comments", "# nothing here\n\n", [(1, 1, "empty file")]),
    (
        "list-top",
        "# c\n- a\n- b\n",
        [(2, 1, "top level must be a mapping with 'events:', found a list")],
    ),
    (
        "scalar-top",
        "hello\n",
        [(1, 1, "top level must be a mapping with 'events:', found a single value")],
    ),
    (
        "empty-mapping",
        "{}\n",
        [(1, 1, "expected 'events:' (and optionally 'bodies:') at the top level")],
    ),
    (
        "unknown-top-key",
        "events: []\nmeta: 1\n",
        [(2, 1, "unknown top-level key 'meta': expected 'bodies' or 'events'")],
    ),
    ("top-key-typo", "event: []\n", [(1, 1, "unknown top-level key 'event'")]),
    (
        "duplicate-top-key",
        "events: []\nbodies: []\nevents: []\n",
        [(3, 1, "duplicate key 'events'")],
    ),
    ("complex-top-key", "? [a]\n: 1\nevents: []\n", [(1, 3, "mapping keys must be plain names")]),
    ("events-not-list", "events: 5\n", [(1, 9, "'events' must be a list of records")]),
    ("events-mapping", "events: {id: x}\n", [(1, 9, "'events' must be a list of records")]),
    (
        "bodies-not-list",
        "bodies: csto\nevents: []\n",
        [(1, 9, "'bodies' must be a list of records")],
    ),
    (
        "event-not-mapping",
        "events:\n  - just text\n",
        [(2, 5, "each of 'events' must be a mapping")],
    ),
    (
        "syntax-unclosed",
        "events:\n  - id: [x\n    date: 2020\n",
        [(3, 9, "YAML syntax: did not find expected ',' or ']'")],
    ),
    (
        "syntax-tab",
        "events:\n  - id: x\n\tdate: 2020\n",
        [(3, 1, "YAML syntax: found a tab character")],
    ),
    (
        "syntax-bad-indent",
        "events:\n  - id: x\n   date: 2020\n",
        [(3, 4, "YAML syntax: did not find expected '-' indicator")],
    ),
    (
        "control-char",
        "events:\n  - id: x\n    title: 'a\x1bb'\n",
        [(3, 14, "character U+001B is not allowed in YAML text")],
    ),
    ("nul-char", "events: []\n\x00\n", [(2, 1, "character U+0000 is not allowed")]),
    ("merge-key", "events:\n  - <<: {id: x}\n", [(2, 5, "mapping keys must be plain names")]),
    (
        "inner-complex-key",
        "events:\n  - id: x\n    ? [a]\n    : 1\n",
        [(3, 7, "mapping keys must be plain names")],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_file_shape(tmp_path: Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    ds = load_text(tmp_path, text)
    assert_errors(ds, expected)
    assert ds.events == []
    for d in ds.diagnostics:
        assert "\n" not in d.message, "one problem, one line"


@pytest.mark.parametrize(
    "text",
    ["events: []\n", "events:\n", "events: ~\n", "bodies: []\nevents: []\n", "bodies: []\n"],
    ids=["empty-list", "null", "tilde", "both-empty", "bodies-only"],
)
def test_empty_sections_are_fine(tmp_path: Path, text: str) -> None:
    ds = load_text(tmp_path, text)
    assert ds.diagnostics == []
    assert ds.summary() == {"events": 0, "bodies": 0, "errors": 0, "warnings": 0}


def test_second_document_is_an_error_but_the_first_still_loads(tmp_path: Path) -> None:
    text = events(event("first")) + "---\nevents: []\n"
    ds = load_text(tmp_path, text)
    assert_errors(ds, [(8, 1, "a second YAML document: one file holds one document")])
    assert [e.id for e in ds.events] == ["first"]


def test_document_end_marker_alone_is_not_a_second_document(tmp_path: Path) -> None:
    ds = load_text(tmp_path, "---\n" + events(event("only")) + "...\n")
    assert ds.diagnostics == []
    assert [e.id for e in ds.events] == ["only"]


# --- encodings --------------------------------------------------------------------------------


def test_bom_is_accepted_and_positions_are_unchanged(tmp_path: Path) -> None:
    text = events(event("with-bom", kind="meting"))
    plain = load_text(tmp_path, text, "plain.yaml")
    bom = load_text(tmp_path, "\ufeff" + text, "bom.yaml")
    assert where(bom) == where(plain)
    assert where(bom)[0][:2] == locate(text, "meting")
    assert load_text(tmp_path, "\ufeff" + events(event("ok")), "ok.yaml").events[0].id == "ok"


@pytest.mark.parametrize(
    ("data", "line", "col", "byte"),
    [
        (b"events:\n  - id: caf\xe9\n", 2, 12, "0xe9"),
        # Columns count characters, like YAML positions: 'é' is one column, not two bytes.
        (b"events:\n  - id: \xc3\xa9t\xc3\xa9-\xff\n", 2, 13, "0xff"),
        # A BOM does not shift the reported byte or column.
        (b"\xef\xbb\xbfevents:\n  - id: \xc3\xa9\xff\n", 2, 10, "0xff"),
        (b"\xff\xfee\x00v\x00", 1, 1, "0xff"),
    ],
    ids=["latin1", "after-utf8", "after-bom", "utf16"],
)
def test_not_utf8(tmp_path: Path, data: bytes, line: int, col: int, byte: str) -> None:
    ds = load_text(tmp_path, data)
    assert_errors(ds, [(line, col, f"not UTF-8 text (byte {byte})")])


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_control_character_position_with_either_yaml_loader(
    loader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml reports a byte offset and PyYAML a character offset: both must give the column."""
    import yaml

    from csto_tui.loader import yamlnodes

    if not hasattr(yaml, loader):
        pytest.skip(f"PyYAML built without {loader}")
    monkeypatch.setattr(yamlnodes, "Loader", getattr(yaml, loader))
    with pytest.raises(YamlProblem) as info:
        compose("é: ééé\nab: 'x\x07'\n")
    assert (info.value.line, info.value.column) == (2, 7)
    assert info.value.message == "character U+0007 is not allowed in YAML text"


def test_decode_text_strips_only_a_leading_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", "\ufeffa: '\ufeff'\n")
    assert decode_text(path.read_bytes()) == "a: '\ufeff'\n"


# --- YAML safety ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "line", "col"),
    [
        ("events:\n  - id: x\n    title: !!python/object/apply:os.system [{cmd}]\n", 3, 12),
        ("events:\n  - !!python/object/apply:os.system [{cmd}]\n", 2, 5),
        ("!!python/object/apply:os.system [{cmd}]\n", 1, 1),
        ("events: !!python/object/apply:os.system [{cmd}]\n", 1, 9),
        (
            "bodies:\n  - id: x\n"
            "    name: !!python/object/apply:subprocess.call [[sh, -c, {cmd}]]\n",
            3,
            11,
        ),
    ],
    ids=["in-field", "as-record", "whole-file", "as-events", "subprocess"],
)
def test_python_tags_are_refused_without_running(
    tmp_path: Path, template: str, line: int, col: int
) -> None:
    marker = tmp_path / "pwned"
    text = template.replace("{cmd}", json.dumps(f"touch {marker}"))
    ds = load_text(tmp_path, text)
    assert not marker.exists(), "a YAML tag ran code"
    (d,) = ds.diagnostics
    assert (d.line, d.column) == (line, col)
    assert d.severity is Severity.ERROR
    if "events: !!" not in text:
        assert "is not allowed" in d.message
        assert "!!python/object/apply:" in d.message


@pytest.mark.parametrize(
    "value",
    [
        "!!python/name:os.system",
        "!!python/object:collections.OrderedDict {}",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!custom thing",
    ],
)
def test_other_tags_are_refused(tmp_path: Path, value: str) -> None:
    text = events(event("tagged", summary=value))
    ds = load_text(tmp_path, text)
    line, col, message = where(ds)[0]
    assert len(ds.diagnostics) == 1
    assert (line, col) == locate(text, value.split()[0])
    assert message.startswith("tag '") and message.endswith("' is not allowed")


def test_standard_scalar_tags_are_text(tmp_path: Path) -> None:
    ds = load_text(tmp_path, events(event("std", summary="!!str 123", title="!!str Some title")))
    assert ds.diagnostics == []
    assert (ds.events[0].summary, ds.events[0].title) == ("123", "Some title")


def bomb(levels: int = 9) -> str:
    """'Billion laughs': each level is ten aliases of the one before: 10**levels leaves."""
    lines = ["events:", "  - id: laughs", "    a0: &a0 lol"]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"    a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    text = bomb(9) + event("after-the-bomb")
    start = time.perf_counter()
    ds = load_text(tmp_path, text)
    elapsed = time.perf_counter() - start
    assert elapsed < 15, f"took {elapsed:.1f}s"  # about 2 s on an idle machine
    (d,) = ds.diagnostics
    assert d.message == "the document expands too much (aliases): refused"
    assert 3 <= d.line <= 12, "the position is inside the bomb"
    assert ds.events == []


def test_builder_budget_stops_an_expansion() -> None:
    root, _ = compose(bomb(3))
    item = root.value[0][1].value[0]
    builder = Builder(budget=500)
    with pytest.raises(YamlProblem, match="expands too much"):
        builder.build(item, Positions())
    # Within budget, aliases are fine: the same small list used twice.
    root, _ = compose("x: &a [1, 2]\ny: *a\n")
    assert Builder(budget=100).build(root, Positions()) == {"x": ["1", "2"], "y": ["1", "2"]}


def test_shared_aliases_are_allowed(tmp_path: Path) -> None:
    text = events(
        event("one", countries="&c [KG, KZ]", tags="&t [shared]"),
        event("two", countries="*c", tags="*t"),
    )
    ds = load_text(tmp_path, text)
    assert ds.diagnostics == []
    assert [e.countries for e in ds.events] == [["KG", "KZ"], ["KG", "KZ"]]


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("events:\n  - &a [*a]\n", 2, 5),
        ("events:\n  - &a\n    id: x\n    self: *a\n", 2, 5),
        ("events:\n  - id: x\n    tags: &t [a, [b, *t]]\n", 3, 11),
    ],
    ids=["list", "mapping", "nested"],
)
def test_recursive_alias_is_refused(tmp_path: Path, text: str, line: int, col: int) -> None:
    start = time.perf_counter()
    ds = load_text(tmp_path, text)
    assert time.perf_counter() - start < 5
    assert_errors(ds, [(line, col, "an alias refers to itself (recursive data)")])


@pytest.mark.parametrize("depth", [70, 200, 100_000])
def test_deep_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    text = "events:\n  - " + "[" * depth + "]" * depth + "\n"
    ds = load_text(tmp_path, text)
    (d,) = ds.diagnostics
    assert d.line == 2
    assert "nesting deeper than 64 levels" in d.message or "nesting depth" in d.message


def test_nesting_within_the_limit_is_built(tmp_path: Path) -> None:
    # 60 levels is allowed by the builder; the record is then just of the wrong shape.
    ds = load_text(tmp_path, events(event("deep", tags="[" * 60 + "]" * 60)))
    assert "nesting" not in ds.diagnostics[0].message
    assert "tags[0]" in ds.diagnostics[0].message


# --- duplicate keys ---------------------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_naming_the_first(tmp_path: Path) -> None:
    text = events(event("dup")) + "    title: Second title\n"
    ds = load_text(tmp_path, text)
    first, second = locate(text, "title:"), locate(text, "title:", 1)
    assert_errors(
        ds,
        [(*second, f"duplicate key 'title' (first at line {first[0]}, column {first[1]})")],
    )
    assert ds.events == [], "the record is not loaded with either value"


def test_duplicate_key_in_a_nested_mapping(tmp_path: Path) -> None:
    text = events(event("dup", location="{place: A, place: B}"))
    ds = load_text(tmp_path, text)
    line, col = locate(text, "place", 1)
    assert_errors(ds, [(line, col, f"duplicate key 'place' (first at line {line}, column")])


def test_a_record_with_a_duplicate_key_still_counts_for_references(tmp_path: Path) -> None:
    text = events(
        event("dup") + "    kind: visit\n",
        event("ref", related="[{id: dup, type: see-also}]"),
    )
    ds = load_text(tmp_path, text)
    assert [m for _, _, m in where(ds)] == ["duplicate key 'kind' (first at line 6, column 5)"]
    assert [e.id for e in ds.events] == ["ref"]


# --- files and directories --------------------------------------------------------------------


def test_good_fixture_merges_files_recursively(fixtures_dir: Path) -> None:
    good = fixtures_dir / "good"
    ds = load_dataset([good])
    assert ds.diagnostics == []
    assert [Path(f).relative_to(good).as_posix() for f in ds.files] == [
        "bodies.yaml",
        "events-2019.yaml",
        "more/events-2020.yml",
    ]
    assert ds.summary() == {"events": 6, "bodies": 5, "errors": 0, "warnings": 0}
    assert [e.id for e in ds.events] == [
        "2019-make-believe-programme",
        "2019-pretend-operation-fog",
        "2019-imaginary-summit",
        "2020-annual-statement",
        "2020-fog-final-stage",
        "2020-fog-final-meeting",
    ]
    # References across files resolve: events in more/ point at bodies and events elsewhere.
    meeting = ds.event("2020-fog-final-meeting")
    assert [(r.id, r.type) for r in meeting.related] == [
        ("2020-fog-final-stage", "part-of"),
        ("2019-imaginary-summit", "see-also"),
    ]
    assert ds.event("2019-pretend-operation-fog") is not None
    assert all(b.id in ds.registry for e in ds.events for b in e.bodies)
    assert ds.registry.descendants("alliance") == {
        "alliance",
        "alliance-secretariat",
        "alliance-council",
        "alliance-council-drugs",
    }
    origin = ds.origins["2020-fog-final-meeting"]
    assert Path(origin.file) == good / "more" / "events-2020.yml"
    assert (origin.line, origin.column) == (15, 5)
    summit = ds.event("2019-imaginary-summit")
    assert summit.all_countries == ("KZ", "RU", "KG")
    assert [(b.id, b.role) for b in summit.bodies] == [
        ("alliance", "organiser"),
        ("alliance-council", "participant"),
        ("observer-office", "observer"),
    ]


def test_files_given_one_by_one_equal_the_directory(fixtures_dir: Path) -> None:
    good = fixtures_dir / "good"
    files = [good / "more" / "events-2020.yml", good / "bodies.yaml", good / "events-2019.yaml"]
    one_by_one = load_dataset(files)
    whole = load_dataset([good])
    assert one_by_one.diagnostics == []
    assert one_by_one.events == whole.events
    assert set(one_by_one.registry.bodies) == set(whole.registry.bodies)
    assert one_by_one.origins == whole.origins


def test_the_same_file_twice_is_read_once(fixtures_dir: Path) -> None:
    good = fixtures_dir / "good"
    ds = load_dataset([good, good / "bodies.yaml", good])
    assert ds.diagnostics == []
    assert len(ds.files) == 3


def test_directory_search_skips_hidden_and_other_files(tmp_path: Path, fixtures_dir: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(fixtures_dir / "good", root)
    write(root / "notes.txt", "not yaml: [")
    write(root / "README.md", "# not yaml")
    write(root / ".hidden" / "broken.yaml", "events: [")
    write(root / "more" / ".editor-swap.yaml", "events: [")
    write(root / "archive.yaml.bak", "events: [")
    ds = load_dataset([root])
    assert ds.diagnostics == []
    assert len(ds.files) == 3


def test_directory_with_no_yaml(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "notes.txt", "nothing")
    ds = load_dataset([tmp_path / "empty"])
    (d,) = ds.diagnostics
    assert (d.file, d.line, d.column) == (str(tmp_path / "empty"), 0, 0)
    assert d.message == "no .yaml or .yml files in this directory"
    assert str(d) == f"{tmp_path / 'empty'}: error: no .yaml or .yml files in this directory"


def test_missing_path(tmp_path: Path) -> None:
    ds = load_dataset([tmp_path / "nope.yaml"])
    (d,) = ds.diagnostics
    assert str(d) == f"{tmp_path / 'nope.yaml'}: error: no such file or directory"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.yaml", "events: []\n")

    def refuse(self: Path, *args: object, **kwargs: object) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    ds = load_dataset([path])
    (d,) = ds.diagnostics
    assert str(d) == f"{path}: error: cannot read: Permission denied"


def test_all_files_are_reported_in_one_pass(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", events(event("one", kind="meting")))
    write(tmp_path / "b.yaml", "")
    write(tmp_path / "c" / "d.yml", events(event("two", countries="[XX]")))
    write(tmp_path / "e.yaml", "events: [")
    ds = load_dataset([tmp_path])
    assert [Path(d.file).name for d in ds.diagnostics] == ["a.yaml", "b.yaml", "d.yml", "e.yaml"]


# --- across records and files -----------------------------------------------------------------


def test_duplicate_event_id_across_files(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", events(event("first"), event("shared")))
    b_text = events(event("other"), event("shared"))
    b = write(tmp_path / "b.yaml", b_text)
    ds = load_dataset([tmp_path])
    (d,) = ds.diagnostics
    assert d.file == str(b)
    assert (d.line, d.column) == locate(b_text, "shared")
    assert d.message == f"duplicate event id 'shared' (first defined at {a}:8:5)"
    # The first one stays; the second is left out.
    assert [e.id for e in ds.events] == ["first", "other", "shared"]
    assert ds.origins["shared"].file == str(a)


def test_duplicate_body_id_across_files(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", "bodies:\n  - {id: alpha, name: Alpha}\n")
    write(
        tmp_path / "b.yaml", "bodies:\n  - id: beta\n    name: Beta\n  - id: alpha\n    name: A2\n"
    )
    ds = load_dataset([tmp_path])
    (d,) = ds.diagnostics
    assert (Path(d.file).name, d.line, d.column) == ("b.yaml", 4, 9)
    assert d.message == f"duplicate body id 'alpha' (first defined at {a}:2:5)"
    assert ds.registry.get("alpha").name == "Alpha"


def test_duplicate_id_in_the_same_file(tmp_path: Path) -> None:
    text = events(event("twice"), event("twice", "2021"))
    ds = load_text(tmp_path, text)
    line, col = locate(text, "- id: twice", 1)
    first = f"{tmp_path / 'data.yaml'}:2:5"
    assert_errors(ds, [(line, col + 6, f"duplicate event id 'twice' (first defined at {first})")])


BODIES = "bodies:\n  - {id: alpha, name: Alpha}\n  - {id: beta, name: Beta, parent: alpha}\n"

REFERENCE_CASES = [
    ("unknown-body", {"bodies": "[alpha, ghost]"}, "ghost", "ref: unknown body 'ghost'"),
    ("unknown-body-hint", {"bodies": "[{id: alpah, role: host}]"}, "alpah",
     "ref: unknown body 'alpah' (did you mean 'alpha'?)"),
    ("body-twice", {"bodies": "[alpha, beta, {id: alpha, role: host}]"}, "alpha, role",
     "ref: body 'alpha' is listed twice (items 1 and 3)"),
    ("person-body", {"people": "[{name: A. Person, body: gamma}]"}, "gamma",
     "ref: unknown body 'gamma'"),
    ("related-missing", {"related": "[{id: no-such-event, type: see-also}]"}, "no-such-event",
     "ref: related event 'no-such-event' does not exist"),
    ("related-hint", {"related": "[{id: targte, type: follows}]"}, "targte",
     "ref: related event 'targte' does not exist (did you mean 'target'?)"),
    ("related-self", {"related": "[{id: target, type: see-also}, {id: ref, type: follows}]"},
     "ref, type", "ref: an event cannot be related to itself"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "token", "message"),
    [c[1:] for c in REFERENCE_CASES],
    ids=[c[0] for c in REFERENCE_CASES],
)
def test_reference_rule(tmp_path: Path, fields: dict, token: str, message: str) -> None:
    text = BODIES + events(event("target"), event("ref", **fields))
    ds = load_text(tmp_path, text)
    assert where(ds) == [(*locate(text, token), message)]
    assert [e.id for e in ds.events] == ["target"], "the referring record is left out"


def test_references_resolve_across_files_in_any_order(tmp_path: Path) -> None:
    write(
        tmp_path / "a-events.yaml",
        events(event("later", related="[{id: b-first, type: follows}]", bodies="[z-body]")),
    )
    write(tmp_path / "b.yaml", events(event("b-first", "2019")))
    write(tmp_path / "z.yaml", "bodies:\n  - {id: z-body, name: Zed}\n")
    ds = load_dataset([tmp_path])
    assert ds.diagnostics == []
    assert [e.id for e in ds.events] == ["b-first", "later"]  # fmt: skip


def test_part_of_cycle(tmp_path: Path) -> None:
    text = events(
        event("c-one", related="[{id: c-two, type: part-of}]"),
        event("c-two", related="[{id: c-three, type: part-of}]"),
        event("c-three", related="[{id: c-one, type: part-of}, {id: c-two, type: see-also}]"),
    )
    ds = load_text(tmp_path, text)
    assert where(ds) == [
        (
            *locate(text, "c-one, type: part-of"),
            "c-three: part-of links form a cycle: c-one → c-two → c-three → c-one",
        )
    ]


def test_part_of_self_cycle_is_a_self_reference(tmp_path: Path) -> None:
    text = events(event("selfish", related="[{id: selfish, type: part-of}]"))
    ds = load_text(tmp_path, text)
    assert where(ds)[0][2] == "selfish: an event cannot be related to itself"


def test_other_relation_cycles_are_fine(tmp_path: Path) -> None:
    text = events(
        event("x-one", related="[{id: x-two, type: follows}, {id: x-two, type: see-also}]"),
        event("x-two", related="[{id: x-one, type: precedes}, {id: x-one, type: see-also}]"),
        event("x-three", related="[{id: x-one, type: part-of}]"),
        event("x-four", related="[{id: x-one, type: part-of}]"),
    )
    ds = load_text(tmp_path, text)
    assert ds.diagnostics == []


def test_long_part_of_chain_does_not_hit_the_recursion_limit(tmp_path: Path) -> None:
    n = 3000
    items = [event(f"n{i}", related=f"[{{id: n{i + 1}, type: part-of}}]") for i in range(n)]
    ds = load_text(tmp_path, events(*items, event(f"n{n}")))
    assert ds.diagnostics == []
    assert len(ds.events) == n + 1


BODY_TREE_CASES = [
    ("cycle", "  - {id: a, name: A, parent: b}\n  - {id: b, name: B, parent: a}\n",
     [((2, 30), "a: body parents form a cycle: a → b → a"),
      ((3, 30), "b: body parents form a cycle: b → a → b")]),
    ("self-parent", "  - {id: a, name: A, parent: a}\n",
     [((2, 30), "a: body parents form a cycle: a → a")]),
    ("long-cycle", "  - {id: a, name: A, parent: c}\n  - {id: b, name: B, parent: a}\n"
     "  - {id: c, name: C, parent: b}\n  - {id: d, name: D, parent: c}\n",
     [((2, 30), "a: body parents form a cycle: a → c → b → a"),
      ((3, 30), "b: body parents form a cycle: b → a → c → b"),
      ((4, 30), "c: body parents form a cycle: c → b → a → c")]),
    ("missing-parent", "  - {id: a, name: A, parent: nowhere}\n",
     [((2, 30), "a: parent body 'nowhere' is not in the registry")]),
    ("parent-hint", "  - {id: alpha, name: A}\n  - {id: b, name: B, parent: alpah}\n",
     [((3, 30), "b: parent body 'alpah' is not in the registry (did you mean 'alpha'?)")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("bodies", "expected"), [c[1:] for c in BODY_TREE_CASES], ids=[c[0] for c in BODY_TREE_CASES]
)
def test_body_tree_rule(tmp_path: Path, bodies: str, expected: list) -> None:
    ds = load_text(tmp_path, "bodies:\n" + bodies)
    assert [((line, col), m) for line, col, m in where(ds)] == expected
    # Bodies in a cycle or under a missing parent are left out; the rest stay.
    bad = {m.split(":")[0] for _, m in expected}
    assert set(ds.registry.bodies).isdisjoint(bad)


def test_body_parent_in_another_file(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "bodies:\n  - {id: child, name: Child, parent: root}\n")
    write(tmp_path / "b.yaml", "bodies:\n  - {id: root, name: Root}\n")
    ds = load_dataset([tmp_path])
    assert ds.diagnostics == []
    assert ds.registry.ancestors("child") == ["root"]


def test_references_to_a_failed_record_are_not_reported_twice(tmp_path: Path) -> None:
    text = "bodies:\n  - {id: broken-body, name: ''}\n" + events(
        event("broken-event", kind="meting"),
        event(
            "referrer",
            bodies="[broken-body]",
            people="[{name: P, body: broken-body}]",
            related="[{id: broken-event, type: see-also}]",
        ),
    )
    ds = load_text(tmp_path, text)
    messages = [m for _, _, m in where(ds)]
    assert messages == [
        "broken-body: name: must not be empty",
        "broken-event: kind: 'meting' is not one of meeting, reception, visit, conference, "
        "operation, exercise, agreement, statement, institutional (did you mean 'meeting'?)",
    ]


def test_failed_record_in_another_file_is_not_reported_again(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", events(event("needed", title="ab")))
    write(tmp_path / "b.yaml", events(event("user", related="[{id: needed, type: follows}]")))
    ds = load_dataset([tmp_path])
    assert [(Path(d.file).name, d.message) for d in ds.diagnostics] == [
        ("a.yaml", "needed: title: must have at least 3 characters")
    ]


# A record that fails its own validation still takes part in the checks across records, so
# one run reports every problem: fixing one never reveals another.

KIND_ERROR = "kind: 'meting' is not one of"


def test_duplicate_id_is_reported_even_when_the_repeat_is_invalid(tmp_path: Path) -> None:
    text = events(event("a"), event("a", kind="meting"))
    ds = load_text(tmp_path, text)
    first = f"{tmp_path / 'data.yaml'}:2:5"
    line, col = locate(text, "- id: a", 1)
    assert_errors(
        ds,
        [
            (line, col + 6, f"duplicate event id 'a' (first defined at {first})"),
            (*locate(text, "meting"), f"a: {KIND_ERROR}"),
        ],
    )
    assert [e.id for e in ds.events] == ["a"], "the first, valid one stays"


def test_an_invalid_first_occurrence_still_wins(tmp_path: Path) -> None:
    text = events(event("a", kind="meting"), event("a", "2021"))
    ds = load_text(tmp_path, text)
    line, col = locate(text, "- id: a", 1)
    assert [(d.line, d.column) for d in ds.errors] == [locate(text, "meting"), (line, col + 6)]
    assert ds.errors[1].message == (
        f"duplicate event id 'a' (first defined at {tmp_path / 'data.yaml'}:2:5)"
    )
    assert ds.events == [], "the repeat is left out, and the first has its own error"


def test_duplicate_body_id_with_an_invalid_body(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", "bodies:\n  - {id: alpha, name: ''}\n")
    write(tmp_path / "b.yaml", "bodies:\n  - {id: alpha, name: Alpha}\n")
    ds = load_dataset([tmp_path])
    assert [(Path(d.file).name, d.message) for d in ds.diagnostics] == [
        ("a.yaml", "alpha: name: must not be empty"),
        ("b.yaml", f"duplicate body id 'alpha' (first defined at {a}:2:5)"),
    ]
    assert len(ds.registry) == 0


def test_an_invalid_event_still_has_its_references_checked(tmp_path: Path) -> None:
    text = BODIES + events(
        event("target"),
        event(
            "bad",
            kind="meting",
            bodies="[alpha, ghost]",
            people="[{name: P, body: phantom}]",
            related="[{id: nowhere, type: see-also}, {id: bad, type: follows}]",
        ),
    )
    ds = load_text(tmp_path, text)
    assert_errors(
        ds,
        [
            (*locate(text, "meting"), f"bad: {KIND_ERROR}"),
            (*locate(text, "ghost"), "bad: unknown body 'ghost'"),
            (*locate(text, "phantom"), "bad: unknown body 'phantom'"),
            (*locate(text, "nowhere"), "bad: related event 'nowhere' does not exist"),
            (*locate(text, "bad, type"), "bad: an event cannot be related to itself"),
        ],
    )
    assert [e.id for e in ds.events] == ["target"]


def test_malformed_references_of_an_invalid_event_are_reported_once(tmp_path: Path) -> None:
    """An id that is no slug gets its field error only: no 'unknown body' on top of it."""
    text = events(
        event(
            "bad",
            bodies="[Bad_Body, {role: host}]",
            related="[{id: Bad_Id, type: see-also}, {id: missing, type: child-of}]",
        )
    )
    ds = load_text(tmp_path, text)
    messages = [m for _, _, m in where(ds)]
    assert len(messages) == 5, messages
    assert sum("is not a slug" in m for m in messages) == 2
    assert "bad: related event 'missing' does not exist" in messages  # its id is well-formed
    assert not any("unknown body" in m for m in messages)


def test_an_invalid_event_in_a_part_of_cycle(tmp_path: Path) -> None:
    text = events(
        event("c-one", related="[{id: c-two, type: part-of}]"),
        event("c-two", title="x", related="[{id: c-one, type: part-of}]"),
    )
    ds = load_text(tmp_path, text)
    messages = [m for _, _, m in where(ds)]
    assert messages == [
        "c-two: title: must have at least 3 characters",
        "c-two: part-of links form a cycle: c-one → c-two → c-one",
    ]


def test_an_invalid_body_still_has_its_parent_checked(tmp_path: Path) -> None:
    text = "bodies:\n  - {id: lost, name: '', parent: nowhere}\n"
    ds = load_text(tmp_path, text)
    assert [m for _, _, m in where(ds)] == [
        "lost: name: must not be empty",
        "lost: parent body 'nowhere' is not in the registry",
    ]


def test_an_invalid_body_in_a_parent_cycle(tmp_path: Path) -> None:
    text = "bodies:\n  - {id: a, name: A, parent: b}\n  - {id: b, name: '', parent: a}\n"
    ds = load_text(tmp_path, text)
    assert [m for _, _, m in where(ds)] == [
        "a: body parents form a cycle: a → b → a",
        "b: name: must not be empty",
        "b: body parents form a cycle: b → a → b",
    ]


def test_an_invalid_event_still_gets_its_source_warning(tmp_path: Path) -> None:
    text = events(event("ev", "2020-05-10", kind="meting", sources="[{title: T, published: 2019}]"))
    ds = load_text(tmp_path, text)
    assert [(d.severity.value, d.message) for d in ds.diagnostics] == [
        ("error", f"ev: {KIND_ERROR} meeting, reception, visit, conference, operation, exercise, "
         "agreement, statement, institutional (did you mean 'meeting'?)"),
        ("warning", "ev: source published 2019 before the event starts (2020-05-10)"),
    ]  # fmt: skip


def test_invalid_records_without_a_usable_id_do_not_break_the_checks(tmp_path: Path) -> None:
    text = events(
        event("x", id="[1, 2]", related="[{id: x, type: see-also}]"),
        event("y", id=None, bodies="[ghost]"),
        "  - just text\n",
        event("z"),
    )
    text = "bodies:\n  - {name: Nameless, parent: nowhere}\n" + text
    ds = load_text(tmp_path, text)
    messages = [m for _, _, m in where(ds)]
    assert "unknown body 'ghost'" in messages  # no id to name, still reported
    assert "related event 'x' does not exist" in messages
    assert "parent body 'nowhere' is not in the registry" in messages
    assert [e.id for e in ds.events] == ["z"]


def test_a_repeated_id_still_has_its_references_checked(tmp_path: Path) -> None:
    text = events(event("a"), event("a", bodies="[ghost]"))
    ds = load_text(tmp_path, text)
    assert [m for _, _, m in where(ds)] == [
        f"duplicate event id 'a' (first defined at {tmp_path / 'data.yaml'}:2:5)",
        "a: unknown body 'ghost'",
    ]


# --- warnings ---------------------------------------------------------------------------------

WARNING_CASES = [
    ("2020-05-10", "2020-05-09", True),
    ("2020-05-10", "2020-05-10", False),
    ("2020-05-10", "2020-05-11", False),
    ("2020-05-10", "2020-05", False),  # published some day in May: may be after
    ("2020-05-10", "2020-04", True),
    ("2020", "2019-12-31", True),
    ("2020-05", "2020", False),
    ("2019/2021", "2019-06", False),
    ("'../2020'", "2001", False),  # open start: nothing to compare with
    ("'2020-05/..'", "2020-04-30", True),
]


@pytest.mark.parametrize(("when", "published", "warns"), WARNING_CASES)
def test_source_published_before_the_event(
    tmp_path: Path, when: str, published: str, warns: bool
) -> None:
    text = events(event("ev", when, sources=f"[{{title: T, published: {published}}}]"))
    ds = load_text(tmp_path, text)
    assert ds.errors == []
    assert [e.id for e in ds.events] == ["ev"], "a warning does not leave the event out"
    if not warns:
        assert ds.warnings == []
        return
    (w,) = ds.warnings
    assert w.severity is Severity.WARNING
    assert (w.line, w.column) == locate(text, published + "}")
    assert w.message.startswith(f"ev: source published {published} before the event starts (")
    assert str(w).endswith(f": warning: {w.message}")


def test_errors_come_before_warnings(tmp_path: Path) -> None:
    early = "[{title: T, published: 2000}]"
    write(tmp_path / "a.yaml", events(event("warned", sources=early)))
    write(tmp_path / "b.yaml", events(event("bad", kind="meting"), event("bad2", title="x")))
    ds = load_dataset([tmp_path])
    assert [(d.severity.value, Path(d.file).name, d.line) for d in ds.diagnostics] == [
        ("error", "b.yaml", 6),
        ("error", "b.yaml", 10),
        ("warning", "a.yaml", 7),
    ]
    assert ds.summary_line() == "1 event, 0 bodies, 2 errors, 1 warning"


# --- order of events --------------------------------------------------------------------------


def test_partial_dates_sort_by_their_start(tmp_path: Path) -> None:
    text = events(
        event("e-day", "2018-05-28"),
        event("e-year", "2018"),
        event("e-open-start", "'../2006'"),
        event("e-unknown-start", "'/2005'"),
        event("e-month", "2018-05"),
        event("e-interval", "2018-05-28/2018-06-02"),
        event("e-season", "2018-22"),
        event("e-decade", "201X"),
        event("e-later", "2019"),
    )
    ds = load_text(tmp_path, text)
    assert ds.diagnostics == []
    assert [e.id for e in ds.events] == [
        "e-unknown-start",  # no start: first; the earlier end (2005) breaks the tie
        "e-open-start",
        "e-decade",  # 2010-01-01
        "e-year",  # 2018-01-01
        "e-month",  # 2018-05-01
        "e-day",  # 2018-05-28 .. 2018-05-28
        "e-interval",  # 2018-05-28 .. 2018-06-02: same start, later end
        "e-season",  # 2018-06-01
        "e-later",
    ]
    assert ds.events[0].date.lower is None and ds.events[1].date.lower is None


def test_events_without_a_start_are_ordered_by_their_end(tmp_path: Path) -> None:
    ds = load_text(tmp_path, events(event("b-open", "'../2006'"), event("a-unknown", "'/2007'")))
    assert [e.id for e in ds.events] == ["b-open", "a-unknown"]


def test_ties_are_broken_by_end_then_id(tmp_path: Path) -> None:
    text = events(
        event("z-plain", "2018-05-28"),
        event("a-uncertain", "'2018-05-28?'"),
        event("m-approximate", "2018-05-28~"),
        event("b-longer", "2018-05-28/2018-05-30"),
        event("a-longest", "2018-05-28/2018-06"),
    )
    ds = load_text(tmp_path, text)
    assert ds.diagnostics == []
    # Same start and end: by id, whatever the date's text (? ~ qualifiers) says.
    assert [e.id for e in ds.events] == [
        "a-uncertain",
        "m-approximate",
        "z-plain",
        "b-longer",
        "a-longest",
    ]
    assert [e.date.lower for e in ds.events] == [date(2018, 5, 28)] * 5


def test_events_are_not_in_file_order_but_in_date_order_across_files(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", events(event("late", "2021"), event("mid", "2020")))
    write(tmp_path / "b.yaml", events(event("early", "2019")))
    ds = load_dataset([tmp_path])
    assert [e.id for e in ds.events] == ["early", "mid", "late"]
    assert list(ds.origins) == ["early", "mid", "late"]


# --- diagnostics as text and JSON -------------------------------------------------------------


def test_diagnostic_text_forms() -> None:
    assert str(error("a.yaml", 3, 7, "boom")) == "a.yaml:3:7: error: boom"
    assert str(warning("a.yaml", 3, 7, "hmm")) == "a.yaml:3:7: warning: hmm"
    assert str(error("dir", 0, 0, "no files")) == "dir: error: no files"


def test_diagnostics_to_json() -> None:
    diags = [error("a.yaml", 3, 7, "boom"), warning("b.yaml", 1, 2, "hmm ü")]
    doc = json.loads(to_json(diags, {"events": 1, "bodies": 0, "errors": 1, "warnings": 1}))
    assert doc == {
        "diagnostics": [
            {"file": "a.yaml", "line": 3, "column": 7, "severity": "error", "message": "boom"},
            {"file": "b.yaml", "line": 1, "column": 2, "severity": "warning", "message": "hmm ü"},
        ],
        "summary": {"events": 1, "bodies": 0, "errors": 1, "warnings": 1},
    }


def test_summary_line_plurals() -> None:
    ds = Dataset(diagnostics=[error("a", 1, 1, "x"), warning("a", 1, 1, "y")])
    assert ds.summary_line() == "0 events, 0 bodies, 1 error, 1 warning"
    ds.diagnostics.append(error("a", 2, 1, "z"))
    assert ds.summary_line() == "0 events, 0 bodies, 2 errors, 1 warning"


def test_load_dataset_never_raises_on_bad_input(tmp_path: Path) -> None:
    junk = [
        b"",
        b"\x00\x01\x02",
        b"events: [",
        b"events:\n  - id: [",
        b"\xff" * 10,
        b"events:\n  - {id: x, date: 2020, title: [1], summary: {a: b}, kind: [], sources: x}\n",
        b"bodies: [1, [2], {id: 3}]\nevents: [1, [2], {id: 3}]\n",
        b"events:\n  - id: x\n    related: [[1], {id: [x]}, x]\n",
        b"&a [*a]",
        b"? !!python/name:os.system\n: 1\n",
    ]
    for i, data in enumerate(junk):
        write(tmp_path / f"junk-{i}.yaml", data)
    ds = load_dataset([tmp_path])
    files_with_errors = {Path(d.file).name for d in ds.errors}
    assert files_with_errors == {f"junk-{i}.yaml" for i in range(len(junk))}
    assert all(isinstance(d, Diagnostic) and "\n" not in d.message for d in ds.diagnostics)


def test_progress_reports_files_and_records(tmp_path: Path) -> None:
    """The browser's loading line hears about each file and every few thousand records."""
    n = 4100
    rows = "".join(
        f"  - {{id: e{i}, date: '2018', title: Event {i}, summary: s, kind: meeting,"
        f" sources: [{{title: t}}]}}\n"
        for i in range(n)
    )
    write(tmp_path / "big.yaml", "events:\n" + rows)
    steps: list[LoadStep] = []
    ds = load_dataset([tmp_path], progress=steps.append)
    seen = [str(s) for s in steps]
    assert len(ds.events) == n
    assert seen[0] == "reading big.yaml (1 of 1 file)"
    # Bytes of the whole load: from none, never backwards, to all of them.
    done = [s.done for s in steps]
    assert done == sorted(done) and done[0] == 0 and steps[-1].fraction == 1.0
    assert steps[-1].total == (tmp_path / "big.yaml").stat().st_size
    assert "big.yaml: 2,000 of 4,100 events" in seen
    assert "big.yaml: 4,000 of 4,100 events" in seen
    assert seen[-1] == "checking references"


def test_related_event_listed_twice_is_an_error_at_the_repeat(tmp_path: Path) -> None:
    path = write(
        tmp_path / "e.yaml",
        events(
            event("one", related="[{id: two, type: see-also}, {id: two, type: see-also}]"),
            event("two"),
        ),
    )
    ds = load_dataset([path])
    (d,) = ds.errors
    assert "see-also link to 'two' is listed twice (items 1 and 2)" in d.message
    line = path.read_text(encoding="utf-8").splitlines()[d.line - 1]
    assert line[d.column - 1 :].startswith("two, type: see-also}]")
    assert [e.id for e in ds.events] == ["two"]


def test_ids_with_escape_codes_never_reach_the_terminal(tmp_path: Path) -> None:
    path = write(tmp_path / "e.yaml", events(event('"\\e]0;pwned\\a\\e[2J"')))
    out = subprocess.run(
        [sys.executable, "-m", "csto_tui", "check", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert out.returncode == 1
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    assert "pwned" in out.stdout


def test_bundled_header_cites_its_source_by_title_and_date() -> None:
    """The comment above the records names the source text, not a file on a build machine."""
    lines = bundled_data_path().read_text(encoding="utf-8").splitlines()
    header = " ".join(line.lstrip("# ") for line in lines[: lines.index("")])
    assert "/" not in header.replace("02.06.2018", "")  # no path, and the date as written
    assert "UNODC participated as an observer of the operation “Channel”" in header
    assert "dated 02.06.2018" in header and "news digest on the CSTO" in header
