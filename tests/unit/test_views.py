"""Saved views (csto_tui.config.views), the search history (csto_tui.config.history), and
the command line's `views` and `--view NAME`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from csto_tui.cli import main
from csto_tui.config.history import LIMIT, SearchHistory, history_path
from csto_tui.config.views import (
    UnknownView,
    View,
    ViewError,
    ViewStore,
    unknown_view,
    views_path,
)
from csto_tui.query import QueryEngine
from csto_tui.query.model import Query

FULL = View(
    countries=("KG", "Kazakhstan"),
    bodies=("CSTO", "unodc"),
    kinds=("operation", "Meeting"),
    tags=("counter-narcotics",),
    date_from="2018",
    date_to="2019-06",
    search='opium "operation channel"',
    reverse=True,
    highlight=True,
)


@pytest.fixture
def views_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "views.json"
    monkeypatch.setenv("CSTO_TUI_VIEWS", str(path))
    return path


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- View ---------------------------------------------------------------------------------


def test_every_field_round_trips_through_dict_and_file(views_file: Path) -> None:
    assert View.from_dict(FULL.to_dict()) == FULL
    assert View.from_dict(View().to_dict()) == View()
    assert View().to_dict() == {}
    store = ViewStore()
    assert store.path == views_file
    assert store.save("everything", FULL) is None
    assert store.save("nothing", View()) is None
    views, problem = ViewStore().load()
    assert problem is None
    assert views == {"everything": FULL, "nothing": View()}
    assert json.loads(views_file.read_text(encoding="utf-8"))["version"] == 1


def test_words_are_the_command_line_and_parse_keywords() -> None:
    view = View(countries=("KG",), search="channel")
    assert view.words() == ["--country", "KG", "--search", "channel"]
    assert view.describe() == "--country KG --search channel"
    assert FULL.describe().endswith("--reverse (search highlights)")
    assert "--search 'opium \"operation channel\"'" in FULL.describe()
    assert View().describe() == "(no filters)"
    assert view.to_filter_words() == {
        "countries": ["KG"], "bodies": [], "kinds": [], "tags": [], "date_from": None,
        "date_to": None, "search": "channel", "reverse": False,
    }  # fmt: skip


def test_from_query_gives_words_that_parse_back_to_the_query(bundled_engine: QueryEngine) -> None:
    words = dict(countries=["Kyrgyzstan"], bodies=["csto"], kinds=["Operation"],
                 tags=["counter-narcotics"], date_from="2018", date_to="2019-06",
                 search="channel", reverse=True)  # fmt: skip
    query = bundled_engine.parse(**words)
    query = Query(**{**{f: getattr(query, f) for f in query.__slots__},  # type: ignore[attr-defined]
                     "from_text": "2018", "to_text": "2019-06", "highlight": True})  # fmt: skip
    view = View.from_query(query)
    assert view.countries == ("KG",) and view.date_from == "2018" and view.highlight
    again = bundled_engine.parse(**view.to_filter_words())
    assert again == bundled_engine.parse(**words)
    # Dates set without their typed text (the CLI's query) give the day.
    plain = View.from_query(Query(date_from=date(2018, 1, 1), date_to=date(2018, 12, 31)))
    assert (plain.date_from, plain.date_to) == ("2018-01-01", "2018-12-31")


@pytest.fixture(scope="module")
def bundled_engine() -> QueryEngine:
    from csto_tui.loader import load_dataset
    from csto_tui.loader.bundled import bundled_data_path

    return QueryEngine(load_dataset([bundled_data_path()]))


def test_from_dict_refuses_wrong_types() -> None:
    with pytest.raises(ViewError, match="'countries' is a list of texts, not a text"):
        View.from_dict({"countries": "KG"})
    with pytest.raises(ViewError, match="'reverse' is true or false, not a number"):
        View.from_dict({"reverse": 1})
    assert View.from_dict({"countries": ["KG"], "newer": 1}) == View(countries=("KG",))


def test_explicit_options_add_to_or_replace_the_view() -> None:
    view = View(countries=("KG",), date_from="2018", search="channel")
    merged = view.merged(countries=["KZ", "KG"], date_from="2020", kinds=["meeting"])
    assert merged["countries"] == ["KG", "KZ"]
    assert merged["kinds"] == ["meeting"]
    assert merged["date_from"] == "2020"
    assert merged["search"] == "channel"
    assert view.merged(search="opium", reverse=True)["search"] == "opium"


# --- names --------------------------------------------------------------------------------


def test_names_are_found_in_any_case_and_keep_their_case(views_file: Path) -> None:
    store = ViewStore()
    store.save("KG-Channel", View(countries=("KG",)))
    assert store.get("kg-channel") == View(countries=("KG",))
    assert store.get("KG-CHANNEL") == View(countries=("KG",))
    assert store.names() == ["KG-Channel"]
    store.save("kg-channel", View(countries=("KZ",)))  # the same view, its name as written now
    assert store.names() == ["kg-channel"]
    assert store.get("KG-channel") == View(countries=("KZ",))
    store.delete("KG-CHANNEL")
    assert store.names() == []


@pytest.mark.parametrize(
    ("name", "why"),
    [("", "needs a name"), ("   ", "needs a name"), ("x" * 41, "at most 40"),
     ("a\nb", "U+000A"), ("a\x1bb", "U+001B"), ("a\u202eb", "U+202E")],
)  # fmt: skip
def test_bad_names_are_refused(views_file: Path, name: str, why: str) -> None:
    with pytest.raises(ViewError, match=re.escape(why)):
        ViewStore().save(name, View())
    assert not views_file.exists()


def test_a_name_of_40_characters_is_fine(views_file: Path) -> None:
    ViewStore().save("é" * 40, View())
    assert ViewStore().names() == ["é" * 40]


def test_unknown_view_names_the_views_closest_first(views_file: Path) -> None:
    store = ViewStore()
    for name in ("2018", "kg-channel", "zebra"):
        store.save(name, View())
    with pytest.raises(UnknownView) as caught:
        store.get("kg")
    assert str(caught.value) == "no view 'kg'; views: kg-channel, 2018, zebra"
    assert str(unknown_view("x", [])) == "no view 'x'; no views are saved"
    with pytest.raises(UnknownView):
        store.delete("nope")


# --- the file -----------------------------------------------------------------------------


def test_a_corrupt_file_is_one_problem_and_moved_aside_on_save(views_file: Path) -> None:
    views_file.parent.mkdir(parents=True)
    bad = '{\n  "version": 1,\n  "views": {\n    "a": {"countries": ["KG"]}\n    "b": {}\n}\n'
    views_file.write_text(bad, encoding="utf-8")
    store = ViewStore()
    views, problem = store.load()
    assert views == {}
    assert problem == (f"{views_file}:5:5: error: not valid JSON: expecting ',' delimiter")
    assert views_file.read_text(encoding="utf-8") == bad  # reading never writes
    note = store.save("new", View(tags=("x",)))
    aside = views_file.with_name("views.json.corrupt")
    assert note == f"{problem}; moved it to {aside} and started a new file"
    assert aside.read_text(encoding="utf-8") == bad
    assert ViewStore().load() == ({"new": View(tags=("x",))}, None)
    # A second corrupt file does not replace the first one moved aside.
    views_file.write_text("[", encoding="utf-8")
    ViewStore().save("again", View())
    assert aside.read_text(encoding="utf-8") == bad
    assert views_file.with_name("views.json.corrupt.1").read_text(encoding="utf-8") == "["


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("[]", "1:1", "expected an object with 'views', not a list"),
        ('{"views": {\n  "a": {"reverse": "yes"}}}', "2:3",
         "view 'a': 'reverse' is true or false, not a text"),
        ('{"version": 9, "views": {}}', "1:2", "views file version 9; this program reads 1"),
        ('{"views": {"A": {}, "a": {}}}', "1:21", "view 'a' is named twice (also 'A')"),
        (b"\xff", "1:1", "not UTF-8 text"),
    ],
)  # fmt: skip
def test_what_makes_a_file_corrupt(views_file: Path, text: str | bytes, where: str,
                                   message: str) -> None:  # fmt: skip
    views_file.parent.mkdir(parents=True)
    views_file.write_bytes(text if isinstance(text, bytes) else text.encode())
    assert ViewStore().load() == ({}, f"{views_file}:{where}: error: {message}")


def test_the_write_is_atomic(views_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ViewStore()
    store.save("first", View(countries=("KG",)))
    before = views_file.read_bytes()

    def torn(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", torn)
    with pytest.raises(OSError, match="the disk is full"):
        store.save("second", View())
    monkeypatch.undo()
    assert views_file.read_bytes() == before  # the old file whole, no temporary left
    assert sorted(p.name for p in views_file.parent.iterdir()) == ["views.json"]


def test_last_view(views_file: Path) -> None:
    store = ViewStore()
    assert store.last is None
    store.save("kg", View(countries=("KG",)))
    store.set_last(View(search="channel"))
    assert ViewStore().last == View(search="channel")
    assert store.names() == ["kg"]
    store.set_last(None)
    assert store.last is None and store.names() == ["kg"]


def test_the_default_places(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CSTO_TUI_VIEWS", raising=False)
    monkeypatch.setenv("CSTO_TUI_CONFIG_DIR", str(tmp_path))
    assert views_path() == tmp_path / "views.json"
    monkeypatch.delenv("CSTO_TUI_CONFIG_DIR")
    assert views_path().name == "views.json" and "csto-tui" in str(views_path())
    monkeypatch.delenv("CSTO_TUI_HISTORY", raising=False)
    monkeypatch.setenv("CSTO_TUI_STATE_DIR", str(tmp_path))
    assert history_path() == tmp_path / "search-history"


# --- the command line ---------------------------------------------------------------------


def test_views_lists_names_and_words(views_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "views")
    assert (code, out) == (0, "")
    assert err == f"no saved views (in {views_file})\n"
    store = ViewStore()
    store.save("kg-channel", View(countries=("KG",), search="channel"))
    store.save("2018", View(date_from="2018", date_to="2018", reverse=True))
    code, out, err = run_main(capsys, "views")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "2018        --from 2018 --to 2018 --reverse",
        "kg-channel  --country KG --search channel",
    ]
    code, out, _err = run_main(capsys, "views", "--format", "json")
    data = json.loads(out)
    assert data["path"] == str(views_file) and data["problem"] is None
    assert data["views"][1] == {"name": "kg-channel",
                                "words": ["--country", "KG", "--search", "channel"],
                                "filters": {"countries": ["KG"], "search": "channel"}}  # fmt: skip


def test_views_with_a_corrupt_file(views_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    views_file.parent.mkdir(parents=True)
    views_file.write_text("{\n  oops", encoding="utf-8")
    code, out, err = run_main(capsys, "views")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{views_file}:2:3: error: not valid JSON: expecting property name enclosed in "
        "double quotes"
    ]


def test_unknown_view_exits_2_naming_the_views(
    views_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ViewStore().save("kg-channel", View(countries=("KG",)))
    ViewStore().save("2018", View(date_from="2018"))
    for command in ("list", "stats", "browse"):
        code, out, err = run_main(capsys, command, "--view", "kg")
        assert (code, out) == (2, "")
        assert err == "csto-tui: error: no view 'kg'; views: kg-channel, 2018\n"


def test_list_with_a_view_is_list_with_its_options(
    views_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ViewStore().save("KG-Channel", View(countries=("Kyrgyzstan",), search="channel"))

    def ids(*args: str) -> list[str]:
        code, out, err = run_main(capsys, "list", "--format", "json", *args)
        assert code == 0, err
        return [e["id"] for e in json.loads(out)]

    explicit = ids("--country", "Kyrgyzstan", "--search", "channel")
    assert explicit and len(explicit) < len(ids())
    assert ids("--view", "kg-channel") == explicit
    assert ids("--view", "KG-CHANNEL", "--kind", "operation") == ids(
        "--country", "Kyrgyzstan", "--search", "channel", "--kind", "operation"
    )
    assert ids("--view", "kg-channel", "--country", "KZ") == ids(
        "--country", "Kyrgyzstan", "--country", "KZ", "--search", "channel"
    )
    assert ids("--view", "kg-channel", "--search", "meeting") == ids(
        "--country", "Kyrgyzstan", "--search", "meeting"
    )
    code, out, _err = run_main(capsys, "stats", "--format", "json", "--view", "kg-channel")
    assert code == 0 and json.loads(out)["total"] == len(explicit)


def test_a_view_with_a_bad_value_is_a_usage_error(
    views_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ViewStore().save("old", View(kinds=("meetng",)))
    code, _out, err = run_main(capsys, "list", "--view", "old")
    assert code == 2
    assert err.startswith("csto-tui: error: unknown kind 'meetng'; closest: meeting")


def test_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "views.json"
    path.write_bytes(b'{"views": \x00')
    env = {**os.environ, "CSTO_TUI_VIEWS": str(path), "LANG": "C.UTF-8"}
    for args in (["views"], ["list", "--view", "x"], ["views", "--format", "json"]):
        proc = subprocess.run([sys.executable, "-m", "csto_tui", *args], capture_output=True,
                              env=env, timeout=60)  # fmt: skip
        assert b"Traceback" not in proc.stderr
        assert proc.returncode in (1, 2)
        assert proc.stderr.decode().startswith(f"{path}:1:")


# --- search history -----------------------------------------------------------------------


def test_history_dedupes_newest_last(tmp_path: Path) -> None:
    path = tmp_path / "state" / "search-history"
    history = SearchHistory(path)
    assert history.entries() == []
    for text in ("channel", "opium", "  channel ", "", "   ", "bosteri"):
        assert history.add(text)
    assert history.entries() == ["opium", "channel", "bosteri"]
    assert SearchHistory(path).entries() == ["opium", "channel", "bosteri"]
    assert path.read_text(encoding="utf-8") == "opium\nchannel\nbosteri\n"
    history.add("a\nb")  # one line, whatever was typed
    assert SearchHistory(path).entries()[-1] == "a b"


def test_history_is_bounded(tmp_path: Path) -> None:
    history = SearchHistory(tmp_path / "h")
    for n in range(LIMIT + 30):
        history.add(f"search {n}")
    entries = SearchHistory(tmp_path / "h").entries()
    assert len(entries) == LIMIT == 200
    assert entries[0] == "search 30" and entries[-1] == f"search {LIMIT + 29}"


def test_history_two_sessions_keep_both(tmp_path: Path) -> None:
    one, two = SearchHistory(tmp_path / "h"), SearchHistory(tmp_path / "h")
    one.add("a")
    two.add("b")
    one.add("c")
    assert SearchHistory(tmp_path / "h").entries() == ["a", "b", "c"]


def test_an_unreadable_history_is_empty_and_never_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    folder.mkdir()  # a folder where the file should be: neither readable nor writable
    history = SearchHistory(folder)
    assert history.entries() == []
    assert history.add("channel") is False
    assert history.problem and "is a folder" in history.problem
    assert history.entries() == ["channel"]  # kept for this session
    garbled = tmp_path / "g"
    garbled.write_bytes(b"ok\n\xff\xfe\n\x00\n")
    assert SearchHistory(garbled).entries() == ["ok", "\ufffd\ufffd"]
