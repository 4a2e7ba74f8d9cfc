"""`csto-tui diff` and `history.compare_datasets`: events added, removed and changed between
git revisions (or the working tree), and the diagnostics that came and went.

The repository is a real one, made with the git binary in a temporary folder; every event
in it is invented ('Invented ...'), as the fixtures' are.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from csto_tui.cli import main
from csto_tui.export.changes import changes_md, changes_table
from csto_tui.history import compare_datasets
from csto_tui.history.git import WORKING_TREE, Revision
from csto_tui.loader.cache import Cache
from csto_tui.loader.dataset import load_dataset, load_sources
from csto_tui.model.text import cell_width
from tests.gitenv import GIT_ENV

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git binary")


def event(event_id: str, title: str, *, date: str = "2019", **fields: str) -> str:
    """One event entry; `fields` are YAML values written as given (kind: meeting unless
    replaced, one invented source unless replaced)."""
    data = {
        "date": f'"{date}"',
        "title": json.dumps(title),
        "summary": "Invented.",
        "kind": "meeting",
        "sources": "[{title: Invented bulletin}]",
        **fields,
    }
    return f"  - id: {event_id}\n" + "".join(f"    {k}: {v}\n" for k, v in data.items())


def events(*items: str) -> str:
    return "events:\n" + "".join(items)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return done.stdout.strip()


def write(repo: Path, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


FIGURE = "[{metric: seized, item: invented powder, value: %s, unit: kg, qualifier: exact}]"
GAMMA_OLD = event("2019-gamma", "Invented gamma", date="2019-03", figures=FIGURE % 12)
GAMMA_NEW = event("2019-gamma", "Invented gamma | renamed", date="2019-03", figures=FIGURE % 13)


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.delenv("PYTHONUTF8", raising=False)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two commits and a working-tree edit:

    first → second: 2019-beta removed; 2019-gamma's title and figure changed; 2019-zeta
    added; 2019-delta moved from b.yaml to a.yaml; b.yaml renamed (git mv) to
    renamed.yaml, so 2019-epsilon is in another file; broken.yaml's error fixed (its event
    appears); new-error.yaml brings an error. Then, uncommitted: 2019-alpha's summary.
    """
    root = tmp_path_factory.mktemp("repo")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in GIT_ENV.items():
            mp.setenv(key, value)
        git(root, "init", "-q", "-b", "main")
        alpha = event("2019-alpha", "Invented alpha", date="2019-01")
        write(root, "data/a.yaml", events(alpha, event("2019-beta", "Invented beta"), GAMMA_OLD))
        delta = event("2019-delta", "Invented delta", date="2019-04")
        epsilon = event("2019-epsilon", "Invented epsilon", date="2019-05")
        write(root, "data/b.yaml", events(delta, epsilon))
        write(root, "data/broken.yaml", events(event("2019-eta", "Invented eta", kind="bogus")))
        write(root, "notes.txt", "not data\n")
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", "first")
        git(root, "tag", "first")
        git(root, "mv", "data/b.yaml", "data/renamed.yaml")
        write(root, "data/renamed.yaml", events(epsilon))
        zeta = event("2019-zeta", "Invented zeta", date="2019-06")
        write(root, "data/a.yaml", events(alpha, GAMMA_NEW, delta, zeta))
        write(root, "data/broken.yaml", events(event("2019-eta", "Invented eta")))
        write(
            root, "data/new-error.yaml", events(event("2019-theta", "Invented theta", sources="[]"))
        )
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", "second")
        git(root, "tag", "second")
        edited = event("2019-alpha", "Invented alpha", date="2019-01", summary="Edited.")
        write(root, "data/a.yaml", events(edited, GAMMA_NEW, delta, zeta))
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["diff", *args])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def diff_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, err = run(capsys, "--format", "json", *args)
    assert (code, err) == (0, "")
    return json.loads(out)


# --- revisions against revisions --------------------------------------------------------


def test_two_revisions_as_json(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    data = diff_json(capsys, "first", "second")
    assert list(data) == [
        "old",
        "new",
        "paths",
        "summary",
        "files",
        "added",
        "removed",
        "changed",
        "new_errors",
        "fixed_errors",
    ]
    assert data["old"] == {"revision": "first", "commit": git(repo, "rev-parse", "first")}
    assert data["new"]["revision"] == "second"
    assert data["paths"] == ["."]
    assert [(e["id"], e["file"]) for e in data["added"]] == [
        ("2019-eta", "data/broken.yaml"),  # its error was fixed: it loads now
        ("2019-zeta", "data/a.yaml"),
    ]
    assert data["removed"] == [{"id": "2019-beta", "file": "data/a.yaml", "title": "Invented beta"}]
    changed = {c["id"]: c for c in data["changed"]}
    assert list(changed) == ["2019-gamma", "2019-delta", "2019-epsilon"]
    assert changed["2019-gamma"]["fields"] == [
        {
            "field": "title",
            "item": None,
            "old": "Invented gamma",
            "new": "Invented gamma | renamed",
        },
        {"field": "figures", "item": 1, "old": "value: 12", "new": "value: 13"},
    ]
    assert changed["2019-delta"]["fields"] == [
        {"field": "file", "item": None, "old": "data/b.yaml", "new": "data/a.yaml"}
    ]
    # The rename (git mv) shows as every event of the file now being in another file.
    assert changed["2019-epsilon"]["fields"] == [
        {"field": "file", "item": None, "old": "data/b.yaml", "new": "data/renamed.yaml"}
    ]
    assert [(d["file"], d["severity"]) for d in data["new_errors"]] == [
        ("data/new-error.yaml", "error")
    ]
    assert [(d["file"], d["line"]) for d in data["fixed_errors"]] == [("data/broken.yaml", 6)]
    assert "bogus" in data["fixed_errors"][0]["message"]
    assert data["summary"] == {
        "added": 2,
        "removed": 1,
        "changed": 3,
        "new_errors": 1,
        "fixed_errors": 1,
    }
    assert data["files"] == {
        "data/a.yaml": {"added": 1, "removed": 1, "changed": 2},
        "data/broken.yaml": {"added": 1, "removed": 0, "changed": 0},
        "data/renamed.yaml": {"added": 0, "removed": 0, "changed": 1},
    }


def test_table_lines(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "first", "second")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    first, second = git(repo, "rev-parse", "first")[:10], git(repo, "rev-parse", "second")[:10]
    assert lines[0] == f"first ({first}) → second ({second})"
    assert "+ 2019-zeta  Invented zeta" in lines
    assert "- 2019-beta  Invented beta" in lines
    at = lines.index("~ 2019-gamma  Invented gamma | renamed")
    assert lines[at + 1 : at + 3] == [
        "    title: Invented gamma → Invented gamma | renamed",
        "    figures #1: value: 12 → value: 13",
    ]
    assert "    file: data/b.yaml → data/renamed.yaml" in lines
    assert lines[lines.index("new errors:") + 1].startswith("  data/new-error.yaml:")
    assert lines[lines.index("fixed errors:") + 1].startswith("  data/broken.yaml:6:")
    assert (
        lines[-1] == "a.yaml: +1 −1 ~2 events; broken.yaml: +1 event; renamed.yaml: ~1 event; "
        "1 new error; 1 error fixed"
    )


def test_table_is_ascii_under_lang_c(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.setenv("LC_ALL", "C")
    code, out, _err = run(capsys, "first", "second")
    assert code == 0
    assert out.isascii()
    assert "    title: Invented gamma -> Invented gamma | renamed" in out.splitlines()
    assert "a.yaml: +1 -1 ~2 events" in out


def test_markdown_for_a_pull_request(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    code, out, _err = run(capsys, "first", "second", "--format", "md")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("### Dataset changes: first (")
    for heading in (
        "#### Added",
        "#### Removed",
        "#### Changed",
        "#### New errors",
        "#### Fixed errors",
    ):
        assert heading in lines
    assert "| `2019-zeta` | Invented zeta | data/a.yaml |" in lines
    assert "| `2019-beta` | Invented beta | data/a.yaml |" in lines
    # '|' in data is escaped so it cannot split the table's cells.
    assert "| `2019-gamma` | title | Invented gamma | Invented gamma \\| renamed |" in lines
    assert "|  | figures #1 | value: 12 | value: 13 |" in lines
    assert "| `2019-epsilon` | file | data/b.yaml | data/renamed.yaml |" in lines


def test_paths_limit_the_comparison_and_double_dash_names_a_path_of_a_revision(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    data = diff_json(capsys, "first", "second", "data/a.yaml")
    assert data["paths"] == ["data/a.yaml"]
    assert [e["id"] for e in data["added"]] == ["2019-delta", "2019-zeta"]  # came from b.yaml
    # data/b.yaml is gone from the working tree: a path only after `--`.
    code, _out, err = run(capsys, "first", "second", "data/b.yaml")
    assert code == 2
    assert err == (
        "csto-tui: error: 'data/b.yaml' is neither a revision nor a path in the working tree "
        "(a path that is only in a revision goes after `--`)\n"
    )
    data = diff_json(capsys, "first", "second", "--", "data/b.yaml")
    assert [e["id"] for e in data["removed"]] == ["2019-delta", "2019-epsilon"]


def test_paths_are_from_the_repository_top_in_a_subfolder(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "data")
    data = diff_json(capsys, "first", "second", "a.yaml")
    assert data["paths"] == ["data/a.yaml"]
    assert data["removed"][0]["file"] == "data/a.yaml"


# --- the working tree -------------------------------------------------------------------


def test_default_is_the_working_tree_against_head(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    data = diff_json(capsys)
    assert data["old"]["revision"] == "HEAD"
    assert data["new"] == {"revision": None, "commit": None}
    assert (data["added"], data["removed"], data["new_errors"]) == ([], [], [])
    assert data["changed"] == [
        {
            "id": "2019-alpha",
            "file": "data/a.yaml",
            "title": "Invented alpha",
            "fields": [{"field": "summary", "item": None, "old": "Invented.", "new": "Edited."}],
        }
    ]
    _code, out, _err = run(capsys)
    assert out.splitlines()[0].endswith("→ working tree")
    assert out.splitlines()[-1] == "a.yaml: ~1 event"


def test_one_revision_is_compared_with_the_working_tree(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    data = diff_json(capsys, "first")
    assert data["new"]["revision"] is None
    assert "2019-alpha" in [c["id"] for c in data["changed"]]
    assert [e["id"] for e in data["removed"]] == ["2019-beta"]


def test_untracked_file_counts_and_ignored_and_hidden_do_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    git(tmp_path, "init", "-q")
    write(tmp_path, "a.yaml", events(event("2019-one", "Invented one")))
    write(tmp_path, ".gitignore", "ignored.yaml\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "one")
    write(tmp_path, "new.yaml", events(event("2019-two", "Invented two")))
    write(tmp_path, "ignored.yaml", events(event("2019-three", "Invented three")))
    write(tmp_path, ".hidden/h.yaml", events(event("2019-four", "Invented four")))
    monkeypatch.chdir(tmp_path)
    data = diff_json(capsys)
    assert [(e["id"], e["file"]) for e in data["added"]] == [("2019-two", "new.yaml")]


def test_exit_code_flag(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    assert run(capsys, "--exit-code")[0] == 1
    assert run(capsys, "first", "second", "--exit-code")[0] == 1
    code, out, _err = run(capsys, "second", "second", "--exit-code")
    assert code == 0
    assert out.splitlines()[-1] == "no changes"
    assert run(capsys, "first", "second")[0] == 0  # without the flag: 0 either way


# --- usage errors: one line, exit 2 -----------------------------------------------------


def test_not_a_git_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"csto-tui: error: not in a git repository: {tmp_path} (`diff` compares revisions "
        "of the repository of the current directory)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nosuchrev", "--"), "unknown revision 'nosuchrev'"),
        (("nosuchrev",), "'nosuchrev' is neither a revision nor a path in the working tree"),
        (("first", "second", "HEAD", "--"), "at most two revisions"),
        (("--", "../elsewhere"), "'../elsewhere' is outside the repository"),
        (("--", "data/nothing-here"), "no .yaml or .yml files in data/nothing-here"),
        (("--format", "csv"), "argument --format: invalid choice: 'csv'"),
    ],
)
def test_usage_errors(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert message in err
    assert "Traceback" not in err


def test_a_word_that_is_a_revision_and_a_path_is_ambiguous(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    git(tmp_path, "init", "-q")
    write(tmp_path, "data/a.yaml", events(event("2019-one", "Invented one")))
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "one")
    git(tmp_path, "branch", "data")
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, "data")
    assert code == 2
    assert "'data' is both a revision and a path" in err
    assert diff_json(capsys, "data", "--")["old"]["revision"] == "data"
    assert diff_json(capsys, "--", "data")["paths"] == ["data"]


def test_no_commit_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys)
    assert code == 2
    assert "HEAD names no commit yet" in err


def test_git_not_installed(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.setenv("PATH", str(tmp_path))
    code, _out, err = run(capsys)
    assert code == 2
    assert err == "csto-tui: error: git is not installed (or not on PATH); `diff` needs it\n"


# --- compare_datasets and load_sources --------------------------------------------------


def sources(**files: str) -> list[tuple[str, bytes]]:
    return [(name.replace("_", "/", 1), text.encode()) for name, text in files.items()]


def test_compare_datasets_api() -> None:
    old = load_sources(sources(data_a=events(GAMMA_OLD, event("2019-beta", "Invented beta"))))
    new = load_sources(sources(data_a=events(GAMMA_NEW, event("2019-zeta", "Invented zeta"))))
    changes = compare_datasets(old, new)
    assert changes.added == ["2019-zeta"]
    assert changes.removed == ["2019-beta"]
    assert [c.id for c in changes.changed] == ["2019-gamma"]
    assert [(f.name, f.old, f.new, f.item) for f in changes.changed[0].fields] == [
        ("title", "Invented gamma", "Invented gamma | renamed", None),
        ("figures", "value: 12", "value: 13", 1),
    ]
    assert changes.added_ids | changes.changed_ids == {"2019-zeta", "2019-gamma"}
    assert changes.per_file() == {"data/a": (1, 1, 1)}
    assert changes.summary_line() == "a: +1 −1 ~1 events"
    assert changes.summary_line(ascii=True) == "a: +1 -1 ~1 events"
    assert compare_datasets(new, new).empty
    assert compare_datasets(new, new).summary_line() == "no changes"


def test_list_items_added_and_removed_are_named() -> None:
    one = '[{title: "Invented one"}]'
    two = '[{title: "Invented one"}, {publisher: Invented press}]'
    old = load_sources(sources(a=events(event("2019-x", "Invented x", sources=one, tags="[a]"))))
    new = load_sources(sources(a=events(event("2019-x", "Invented x", sources=two, tags="[a, b]"))))
    (change,) = compare_datasets(old, new).changed
    assert [(f.label, f.old, f.new) for f in change.fields] == [
        ("sources #2", "", "publisher: Invented press"),
        ("tags", "a", "a, b"),  # a list of words: compared whole
    ]


def test_errors_that_only_moved_are_neither_new_nor_fixed() -> None:
    bad = event("2019-bad", "Invented bad", kind="bogus")
    dup = event("2019-one", "Invented one")
    old = load_sources(sources(a=events(dup, dup, bad)))
    new = load_sources(sources(a=events(event("2019-pad", "Invented pad"), dup, dup, bad)))
    assert len(old.errors) == 2  # the duplicate id (naming the first's line) and the kind
    changes = compare_datasets(old, new)
    assert (changes.new_errors, changes.fixed_errors) == ([], [])
    assert changes.added == ["2019-pad"]
    # A second copy of the same problem is new, and named at its own line.
    again = bad.replace("2019-bad", "2019-bad-again")
    newer = load_sources(sources(a=events(dup, dup, bad, again)))
    (diag,) = compare_datasets(old, newer).new_errors
    assert "bogus" in diag.message
    assert diag.line > max(d.line for d in old.errors)


def test_load_sources_reads_as_load_dataset_and_leaves_the_cache_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSTO_TUI_CACHE_DIR", str(cache))
    text = events(GAMMA_OLD, event("2019-bad", "Invented bad", kind="bogus"))
    from_bytes = load_sources([("data/a.yaml", text.encode())])
    assert not cache.exists()
    write(tmp_path, "a.yaml", text)
    from_disk = load_dataset([tmp_path / "a.yaml"], store=Cache(enabled=False))
    assert from_bytes.events == from_disk.events
    assert from_bytes.files == ["data/a.yaml"]
    assert from_bytes.origins["2019-gamma"].file == "data/a.yaml"
    assert [(d.file, d.line, d.message) for d in from_bytes.diagnostics] == [
        ("data/a.yaml", d.line, d.message) for d in from_disk.diagnostics
    ]


def test_table_fits_the_width_and_data_text_is_inert() -> None:
    title = "Invented \u202eoverride and a very long title that cannot fit in forty columns"
    old = load_sources(sources(a=events(event("2019-x", "Invented x"))))
    new = load_sources(sources(a=events(event("2019-x", title))))
    changes = compare_datasets(old, new)
    rev = Revision("HEAD", "0" * 40)
    table = changes_table(changes, rev, WORKING_TREE, width=40)
    assert all(cell_width(line) <= 40 for line in table.splitlines())
    assert "\u202e" not in table
    assert "\u202e" not in changes_md(changes, rev, WORKING_TREE)
    assert "\u202e" not in changes.summary_line()
    whole = changes_table(changes, rev, WORKING_TREE, width=None)
    assert "cannot fit in forty columns" in whole  # a pipe: nothing cut


def test_summary_line_totals_past_three_files_and_names_files_in_full_when_ambiguous() -> None:
    empty = load_sources([])
    four = load_sources(
        [(f"d{n}/a.yaml", events(event(f"2019-e{n}", f"Invented {n}")).encode()) for n in range(4)]
    )
    assert compare_datasets(empty, four).summary_line() == "+4 events in 4 files"
    two = load_sources(
        [(f"d{n}/a.yaml", events(event(f"2019-e{n}", f"Invented {n}")).encode()) for n in range(2)]
    )
    assert compare_datasets(two, empty).summary_line() == "d0/a.yaml: −1 event; d1/a.yaml: −1 event"
