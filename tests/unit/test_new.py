"""`csto-tui new`: a skeleton event valid except for what a curator must fill, printed or
added to a file without touching a byte of the rest.

The done-when test: added to a copy of a valid dataset, the skeleton makes `check` report
errors at exactly its `# TODO` lines, and once those are filled `check` passes clean.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from csto_tui.authoring import (
    FileRefused,
    FileUnwritable,
    Skeleton,
    SkeletonError,
    add_event,
    append_event,
    dataset_ids,
    skeleton,
)
from csto_tui.authoring.skeleton import fresh_id, slug_words
from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.loader.cache import Cache
from csto_tui.model.records import KINDS, QUALIFIERS, RELATION_TYPES, ROLES, UNITS, is_slug

REPO = Path(__file__).resolve().parents[2]
GOOD = REPO / "tests" / "fixtures" / "good"
SCRIPT = Path(sys.executable).with_name("csto-tui")
DIAG_RE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): ")
FILLS = {  # what a curator writes in place of each marked field (by text substitution)
    "date": 'date: "2025-07-10"',
    "title": 'title: "A title the curator wrote"',
    "summary": "summary: What happened, as the curator wrote it.",
    "kind": "kind: meeting",
    "- title": '- title: "A source title"',
}


def csto(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "csto_tui"]
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_CTYPE")}
    env["LANG"] = "C.UTF-8"
    proc = subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=30, check=False, env=env)  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def fill(text: str) -> str:
    """Every `~  # TODO...` line filled as a curator would: the comment goes too."""

    def one(m: re.Match[str]) -> str:
        key = m.group("key")
        return m.group("pad") + FILLS[key.strip()]

    return re.sub(r"(?m)^(?P<pad> *)(?P<key>(?:- )?[a-z]+): ~  # TODO:.*$", one, text)


def todo_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), 1) if "# TODO" in line]


def check_lines(path: Path) -> tuple[int, list[tuple[int, str]]]:
    proc = csto("check", "--no-cache", str(path))
    found = [DIAG_RE.match(line) for line in proc.stdout.splitlines()]
    return proc.returncode, [(int(m["line"]), m["sev"]) for m in found if m]


def only_inserted(before: bytes, after: bytes) -> list[bytes]:
    """The lines added, asserting nothing else changed (a missing final newline aside)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if old and not old[-1].endswith(b"\n"):  # the one change allowed: a final newline
        nl = b"\r\n" if b"\r\n" in after else b"\n"
        old[-1] += nl
    ops = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()]
    changed = [op for op in ops if op[0] != "equal"]
    assert [op[0] for op in changed] == ["insert"], changed
    _, _, _, j1, j2 = changed[0]
    return new[j1:j2]


# --- the skeleton -----------------------------------------------------------------------


def test_printed_skeleton_is_an_item_of_events() -> None:
    proc = csto("new", "--date", "2025-06-30", "--title", "Some title", "--kind", "visit")
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith('  - id: 2025-06-30-some-title\n    date: "2025-06-30"\n')
    data = yaml.safe_load("events:\n" + proc.stdout)["events"][0]
    assert data["title"] == "Some title" and data["kind"] == "visit"
    assert data["summary"] is None and data["sources"] == [{"title": None}]


def test_nothing_given_marks_every_field_to_fill() -> None:
    sk = skeleton()
    lines = sk.text.splitlines()
    marked = [lines[i].split(":")[0].strip() for i in sk.todo]
    assert marked == ["date", "title", "summary", "kind", "- title"]
    assert todo_lines(sk.text) == [i + 1 for i in sk.todo]
    assert sk.id == "new-event" and "provisional" in lines[0]


def test_comments_list_the_allowed_values() -> None:
    text = skeleton("2019").text
    for values in (KINDS, ROLES, UNITS, QUALIFIERS, RELATION_TYPES):
        assert " ".join(values) in text
    for field in ("location", "countries", "bodies", "people", "figures", "tags", "related"):
        assert f"#   {field}: " in text


@pytest.mark.parametrize(
    "title",
    [
        'Meeting: "quoted" # not a comment',
        "It's a 'single' quote",
        "back\\slash and C:\\path",
        "- starts like a list item",
        "& * ! % @ ` | > { } [ ] , ?",
        "Совещание в Чолпон-Ате",
        "  trailing and leading spaces  ",
        "yes",
        "null",
        "2018",
    ],
)
def test_titles_round_trip(title: str, tmp_path: Path) -> None:
    sk = skeleton("2020", title, "meeting")
    assert yaml.safe_load("events:\n" + sk.text)["events"][0]["title"] == title.strip()
    path = tmp_path / "events.yaml"
    append_event(path, sk)
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    dataset = load_dataset([path], store=Cache(enabled=False))
    assert dataset.diagnostics == []
    assert dataset.events[0].title == title.strip()


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Operation Channel 2018: final stage", "operation-channel-2018-final-stage"),
        ("Japarov’s visit to Türkiye", "japarovs-visit-to-turkiye"),
        ("Совещание в Чолпон-Ате", "soveshchanie-v-cholpon-ate"),
        ("Қазақстан және Ўзбекистон", "kazakstan-zhane-uzbekiston"),
        ("Łódź – Straße", "lodz-strasse"),
    ],
)
def test_slugs_fold_accents_and_transliterate_cyrillic(title: str, words: str) -> None:
    assert "-".join(slug_words(title)) == words


def test_id_follows_the_dataset_style() -> None:
    # As data/events.yaml spells it: the start's text, then the title's words.
    made = fresh_id("2018-05-28/2018-06-01", "Operation Channel 2018: final stage", ())
    assert made == "2018-05-28-operation-channel-2018-final-stage"
    assert fresh_id("../2018-06-02", "UNODC support", ()) == "2018-06-02-unodc-support"
    assert fresh_id("201X?", "A decade", ()) == "201x-a-decade"
    assert fresh_id(None, "Only a title", ()) == "only-a-title"
    assert fresh_id("2019", None, ()) == "2019"


def test_id_clashes_get_suffixes() -> None:
    taken = {"2019-a-b", "2019-a-b-2"}
    assert fresh_id("2019", "A b", taken) == "2019-a-b-3"
    assert skeleton("2019", "A b", existing_ids=taken).id == "2019-a-b-3"


def test_long_ids_stay_within_80_characters_with_their_suffix() -> None:
    title = "word " * 30
    first = fresh_id("2025-06-30", title, ())
    second = fresh_id("2025-06-30", title, {first})
    assert len(first) <= 80 and len(second) <= 80 and second.endswith("-2")
    assert is_slug(first) and is_slug(second) and first != second
    assert not first.endswith("-")


def test_printed_id_is_unique_in_the_bundled_dataset() -> None:
    proc = csto("new", "--date", "2018-05-28/2018-06-01", "--title",
                "Operation Channel 2018: final stage")  # fmt: skip
    assert proc.stdout.startswith("  - id: 2018-05-28-operation-channel-2018-final-stage-2\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "meetng"], "csto-tui: error: unknown kind 'meetng'; closest: meeting"),
        (["--date", "2018-13"], "csto-tui: error: --date '2018-13': month 13 is out of range"),
        (["--date", "2018-05-28/2018-05-01"], "csto-tui: error: --date '2018-05-28/2018-05-01'"),
        (["--title", "ab"], "csto-tui: error: --title 'ab': must have 3 to 120 characters"),
        (["--title", "x" * 121], "must have 3 to 120 characters, found 121"),
        (["--title", "two\nlines"], "U+000A is not allowed"),
        (["--title", "esc \x1b[31m"], "U+001B is not allowed"),
    ],
)
def test_bad_values_are_usage_errors(args: list[str], message: str, tmp_path: Path) -> None:
    target = tmp_path / "events.yaml"
    target.write_text("events: []\n", encoding="utf-8")
    for extra in ([], ["--file", str(target)]):
        proc = csto("new", *args, *extra)
        assert proc.returncode == 2 and proc.stdout == ""
        assert message in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "events: []\n"


def test_kind_in_any_case() -> None:
    assert "    kind: meeting\n" in skeleton(kind="MEETING").text
    with pytest.raises(SkeletonError) as info:
        skeleton(kind="meetng")
    assert info.value.field == "kind"


# --- adding to a file -------------------------------------------------------------------

ITEM = (
    "- id: a\n  date: '2019'\n  title: Abc\n  summary: S\n  kind: meeting\n"
    "  sources: [{title: T}]\n"
)


def indented(text: str, n: int) -> str:
    return "".join(" " * n + line if line.strip() else line for line in text.splitlines(True))


@pytest.mark.parametrize(
    ("before", "dash", "line"),
    [
        ("events:\n" + indented(ITEM, 2), 2, 8),  # 2-space items
        ("events:\n" + ITEM, 0, 8),  # items at column 0
        ("events:\n" + indented(ITEM, 2) + "bodies:\n  - {id: b, name: B}\n", 2, 8),
        (
            "# head\nevents:\n" + indented(ITEM, 2) + "    # the item's own note\n"
            "# trailing comment\n\n# another\n",
            2,
            10,
        ),
        ("events:\n" + indented(ITEM, 2).rstrip("\n"), 2, 8),  # no final newline
        (
            "events:\n"
            + indented(ITEM, 2)
            + "\n"
            + indented(ITEM.replace("a", "b", 1), 2)
            + "\nbodies: []\n",
            2,
            16,
        ),  # items set apart by blank lines: so is the new one
        (
            "events:\n  - id: a\n    summary: >-\n      folded\n      text\n\n"
            "# end of events\nbodies: []\n",
            2,
            6,
        ),  # a block scalar ends the last item
        ("events:\n  - id: a\n    summary: |\n      # not a comment\n\n      more\n", 2, 7),
    ],
)
def test_appends_at_the_end_of_the_events_list(
    before: str, dash: int, line: int, tmp_path: Path
) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes(before.encode())
    sk = skeleton("2020", "New one", "visit")
    assert append_event(path, sk) == line
    after = path.read_bytes()
    added = b"".join(only_inserted(before.encode(), after)).decode()
    assert sk.item(dash, dash + 2) in added
    assert added.strip("\n") == sk.item(dash, dash + 2).strip("\n")
    lines = after.decode().splitlines()
    assert lines[line - 1] == " " * dash + "- id: 2020-new-one"
    data = yaml.safe_load(after)
    assert [e["id"] for e in data["events"]][-1] == "2020-new-one"


def test_keys_after_a_wide_dash_keep_their_column(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("events:\n-   id: a\n    kind: meeting\n", encoding="utf-8")
    append_event(path, skeleton("2020", "Wide", "visit"))
    assert '-   id: 2020-wide\n    date: "2020"\n' in path.read_text(encoding="utf-8")


def test_crlf_files_stay_crlf(tmp_path: Path) -> None:
    before = ("# comment\r\nevents:\r\n" + indented(ITEM, 2).replace("\n", "\r\n")).encode()
    path = tmp_path / "events.yaml"
    path.write_bytes(before)
    line = append_event(path, skeleton("2020", "Crlf", "visit"))
    after = path.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")
    added = only_inserted(before, after)
    assert added[0] == b"  - id: 2020-crlf\r\n" and line == 9
    assert yaml.safe_load(after)["events"][-1]["id"] == "2020-crlf"


def test_a_bom_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes(b"\xef\xbb\xbfevents:\n" + indented(ITEM, 2).encode())
    append_event(path, skeleton("2020", "Bom", "visit"))
    assert path.read_bytes().startswith(b"\xef\xbb\xbfevents:\n  - id: a\n")


@pytest.mark.parametrize(
    ("before", "after_head", "line"),
    [
        ("events: []\n", "events:\n", 2),
        ("events: []  # none yet\nbodies: []\n", "events:  # none yet\n", 2),
        ("events: ~\n", "events:\n", 2),
        ("events:\n", "events:\n", 2),
        (
            "# only bodies\nbodies:\n  - {id: b, name: B}\n",
            "# only bodies\nbodies:\n  - {id: b, name: B}\n\nevents:\n",
            6,
        ),
        ("bodies: []", "bodies: []\n\nevents:\n", 4),
        ("", "events:\n", 2),
        ("# just a comment\n", "# just a comment\n\nevents:\n", 4),
    ],
)
def test_files_without_items_get_an_events_list(
    before: str, after_head: str, line: int, tmp_path: Path
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(before, encoding="utf-8")
    sk = skeleton("2020", "First", "visit")
    assert append_event(path, sk) == line
    text = path.read_text(encoding="utf-8")
    # `events:` before the item; what followed `events: []` stays after it.
    assert text.startswith(after_head + sk.text)
    assert text[len(after_head + sk.text) :] == before.partition("\n")[2] * (
        before.startswith("events")
    )
    assert yaml.safe_load(text)["events"][0]["id"] == "2020-first"


def test_a_missing_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    proc = csto("new", "--file", str(path), "--date", "2020", "--title", "Made")
    assert proc.returncode == 0
    assert path.read_text(encoding="utf-8") == "events:\n" + skeleton("2020", "Made").text
    assert proc.stderr == (
        f"added 2020-made to {path} at line 2; fill in the lines marked TODO: 5, 6, 9\n"
    )


def test_comments_and_layout_of_the_bundled_data_are_kept(tmp_path: Path) -> None:
    before = bundled_data_path().read_bytes()
    path = tmp_path / "events.yaml"
    path.write_bytes(before)
    line = append_event(path, skeleton("2025-07-10", "Later", "visit"))
    after = path.read_bytes()
    added = only_inserted(before, after)
    assert added[0] == b"\n" and added[1] == b"  - id: 2025-07-10-later\n"
    assert after.splitlines()[line - 1] == b"  - id: 2025-07-10-later"


@pytest.mark.parametrize(
    "before",
    [
        "events:\n  - id: a\n  bad: [\n",
        'events:\n  - id: a\n    title: "unclosed\n',
        "events:\n\t- id: a\n",
        "events: []\n---\nevents: []\n",
    ],
)
def test_invalid_yaml_is_refused_with_the_loaders_line(before: str, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(before, encoding="utf-8")
    expected = csto("check", "--no-cache", str(path)).stdout.splitlines()[0]
    proc = csto("new", "--file", str(path), "--title", "Never added")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines() == [expected]
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("before", "message"),
    [
        ("events: [{id: a}]\n", "'events' must be a block list"),
        ("- id: a\n", "the top level must be a block mapping"),
        ("{events: []}\n", "the top level must be a block mapping"),
        ("events: []\nevents: []\n", "duplicate key 'events'"),
        ("events: text\n", "'events' must be a block list"),
    ],
)
def test_shapes_without_a_certain_place_are_refused(
    before: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(before, encoding="utf-8")
    with pytest.raises(FileRefused) as info:
        append_event(path, skeleton("2020", "Refused"))
    assert message in str(info.value) and str(info.value).startswith(f"{path}:")
    assert path.read_text(encoding="utf-8") == before
    proc = csto("new", "--file", str(path))
    assert proc.returncode == 1 and message in proc.stderr


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes(b"events:\n  - id: caf\xe9\n")
    proc = csto("new", "--file", str(path))
    assert proc.returncode == 1
    assert proc.stderr == f"{path}:2:12: error: not UTF-8 text (byte 0xe9)\n"


def test_read_only_file_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events: []\n", encoding="utf-8")
    path.chmod(0o444)
    try:
        proc = csto("new", "--file", str(path), "--title", "Not written")
    finally:
        path.chmod(0o644)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == f"csto-tui: error: cannot write {path}: the file is read-only\n"
    assert path.read_text(encoding="utf-8") == "events: []\n"


def test_unwritable_places_are_said_in_words(tmp_path: Path) -> None:
    proc = csto("new", "--file", "missing/events.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        "csto-tui: error: cannot write missing/events.yaml: the folder missing does not exist\n"
    )
    (tmp_path / "folder").mkdir()
    proc = csto("new", "--file", "folder", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "csto-tui: error: cannot add to folder: folder is a folder\n"
    with pytest.raises(FileUnwritable):
        append_event(tmp_path / "folder", skeleton())


def test_ids_are_unique_in_the_file_and_its_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    (data / "other.yml").write_text(
        "events:\n  - id: 2020-clash\n  - id: 2020-clash-2\n", encoding="utf-8"
    )
    target = data / "events-2019.yaml"
    ids = dataset_ids(target)
    assert {"2019-imaginary-summit", "2020-clash", "2020-clash-2"} <= ids
    proc = csto("new", "--file", str(target), "--date", "2020", "--title", "Clash")
    assert proc.returncode == 0 and "added 2020-clash-3 to" in proc.stderr
    proc = csto("new", "--file", str(target), "--date", "2019-11-05", "--title",
                "Imaginary summit")  # fmt: skip
    assert "added 2019-11-05-imaginary-summit to" in proc.stderr
    proc = csto("new", "--file", str(target), "--date", "2019-11-05", "--title",
                "Imaginary summit")  # fmt: skip
    assert "added 2019-11-05-imaginary-summit-2 to" in proc.stderr


def test_an_id_already_in_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("events:\n" + indented(ITEM, 2), encoding="utf-8")
    with pytest.raises(FileRefused, match="event id 'a' is already in the file"):
        append_event(path, Skeleton("  - id: a\n    kind: visit\n", "a", ()))


# --- done when --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--date", "2025-07-10", "--title", 'A title: with # and "quotes"', "--kind", "visit"],
        ["--title", "Совещание министров"],
    ],
)
def test_check_reports_exactly_the_marked_lines_until_filled(
    args: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "events.yaml"
    shutil.copy(bundled_data_path(), path)
    assert check_lines(path) == (0, [])
    proc = csto("new", "--file", str(path), *args)
    assert proc.returncode == 0, proc.stderr
    text = path.read_text(encoding="utf-8")
    rc, reported = check_lines(path)
    assert rc == 1
    assert sorted(line for line, _ in reported) == todo_lines(text)
    assert {sev for _, sev in reported} == {"error"}
    said = re.search(r"fill in the lines marked TODO: ([\d, ]+)$", proc.stderr.strip())
    assert said and [int(n) for n in said.group(1).split(", ")] == todo_lines(text)
    path.write_text(fill(text), encoding="utf-8")
    proc = csto("check", "--no-cache", str(path))
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.endswith(" 0 errors, 0 warnings\n")


def test_a_multi_file_dataset_passes_once_filled(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    target = data / "more" / "events-2020.yml"
    proc = csto("new", "--file", str(target), "--date", "2020-02", "--title", "Filed later")
    assert proc.returncode == 0
    rc, reported = check_lines(data)
    assert rc == 1 and sorted(n for n, _ in reported) == todo_lines(target.read_text("utf-8"))
    target.write_text(fill(target.read_text(encoding="utf-8")), encoding="utf-8")
    proc = csto("check", "--no-cache", str(data))
    assert proc.returncode == 0 and proc.stdout.endswith(" 0 errors, 0 warnings\n")


def test_new_never_loads_textual(tmp_path: Path) -> None:
    probe = (
        "import sys; from csto_tui.cli import main; "
        f"rc = main(['new', '--file', {str(tmp_path / 'e.yaml')!r}]); "
        "assert rc == 0, rc; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual'"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr


def test_add_event_twice_lands_after_the_first_and_its_comments(tmp_path: Path) -> None:
    """The browser's call: values checked, a fresh id, the line to open the editor at."""
    path = tmp_path / "events.yaml"
    shutil.copy(bundled_data_path(), path)
    first, line1 = add_event(path, "2025-07-10", "Twice", "visit")
    second, line2 = add_event(path, "2025-07-10", "Twice", "visit")
    assert (first.id, second.id) == ("2025-07-10-twice", "2025-07-10-twice-2")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[line1 - 1] == "  - id: 2025-07-10-twice"
    assert lines[line2 - 1] == "  - id: 2025-07-10-twice-2"
    assert line2 == line1 + len(first.text.splitlines()) + 1  # after a blank line, as the data
    with pytest.raises(SkeletonError):
        add_event(path, "2025-13")


def test_a_save_made_while_the_event_is_added_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csto_tui.authoring import FileRefused, add_event, insert

    path = tmp_path / "events.yaml"
    path.write_text("events:\n  - id: a\n    date: '2001'\n", encoding="utf-8")
    real = insert._verify

    def meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        path.write_text("events: []  # the other program's save\n", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(insert, "_verify", meanwhile)
    with pytest.raises(FileRefused, match="the file changed while the event was being added"):
        add_event(path)
    assert path.read_text(encoding="utf-8") == "events: []  # the other program's save\n"
