"""`csto-tui [PATH ...] --since REV`: checked before the browser starts, as `diff` checks
its words (one line, exit 2); and `history.since`, the comparison the browser runs in a
worker: the revision's files under the browser's names, read once.

The repository is a real one, made with the git binary in a temporary folder; every event
in it is invented.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from csto_tui.cli import main
from csto_tui.history.git import GitError
from csto_tui.history.since import SinceSession, plan_since
from csto_tui.loader.dataset import load_dataset
from tests.gitenv import GIT_ENV

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git binary")


EVENT = """  - id: {id}
    date: '{date}'
    title: {title}
    summary: Invented for a test.
    kind: meeting
    sources: [{{title: Invented bulletin}}]
"""


def events(*items: tuple[str, int, str]) -> str:
    return "events:\n" + "".join(EVENT.format(id=i, date=d, title=t) for i, d, t in items)


ALPHA, BETA, GAMMA = ("alpha", 2001, "Alpha meeting"), ("beta", 2002, "Beta meeting"), (
    "gamma", 2003, "Gamma meeting")  # fmt: skip


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    # No repository above the test's folder counts (a /tmp inside one would).
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "data").mkdir()
    (root / "data" / "a.yaml").write_text(events(ALPHA, BETA), encoding="utf-8")
    (root / "data" / "b.yaml").write_text(events(GAMMA), encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    return root


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- the command line -------------------------------------------------------------------


def test_outside_a_repository_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "e.yaml").write_text(events(ALPHA), encoding="utf-8")
    code, out, err = run_main(capsys, str(loose / "e.yaml"), "--since", "HEAD")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"csto-tui: error: not in a git repository: {loose / 'e.yaml'} (--since compares "
        "files with a revision of their repository)"
    ]


def test_an_unknown_revision_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    code, out, err = run_main(capsys, str(repo / "data"), "--since", "no-such-branch")
    assert (code, out) == (2, "")
    assert err.splitlines() == ["csto-tui: error: unknown revision 'no-such-branch'"]


def test_without_a_path_it_asks_for_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_main(capsys, "--since", "HEAD")
    assert code == 2
    assert err.splitlines() == [
        "csto-tui: error: --since compares files of a git repository: name them "
        "(csto-tui data/ --since REV)"
    ]


def test_a_path_outside_the_first_ones_repository_is_refused(
    capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(events(ALPHA), encoding="utf-8")
    code, _out, err = run_main(capsys, str(repo / "data"), str(other), "--since", "HEAD")
    assert code == 2
    assert err.startswith(f"csto-tui: error: {str(other)!r} is outside the repository")


def test_a_good_revision_passes_on_to_the_terminal_check(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """Checked first, as the paths are; then the browser would start (not in a pipe)."""
    code, _out, err = run_main(capsys, str(repo / "data"), "--since", "HEAD")
    assert code == 2
    assert "needs a terminal" in err and "revision" not in err


# -- the comparison ---------------------------------------------------------------------


@pytest.mark.parametrize("how", ["relative-inside", "absolute", "dot-slash", "file"])
def test_the_same_files_under_the_browsers_names_mark_nothing(
    repo: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """Git names `data/a.yaml`; the browser as given: `a.yaml` from inside data/, an
    absolute path, `./data/`: no event is changed (nor `file` moved) by a name alone."""
    cwd, paths = {
        "relative-inside": (repo / "data", ["."]),
        "absolute": (repo, [str(repo / "data")]),
        "dot-slash": (repo, ["./data/"]),
        "file": (repo / "data", ["a.yaml", "b.yaml"]),
    }[how]
    monkeypatch.chdir(cwd)
    shown = load_dataset(paths)
    session = SinceSession("HEAD", paths, cwd)
    changes = session.changes(shown)
    assert changes is not None
    assert (changes.added, changes.removed, changes.changed) == ([], [], [])
    assert session.base(shown) is shown  # as committed: nothing was parsed again


def test_edits_are_new_changed_removed_and_moved_files_named_as_the_browser_does(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "data")
    edited = events(ALPHA, ("beta", 2002, "Beta summit"), ("delta", 2004, "Delta meeting"), GAMMA)
    (repo / "data" / "a.yaml").write_text(edited, encoding="utf-8")
    (repo / "data" / "b.yaml").write_text("events: []\n", encoding="utf-8")
    shown = load_dataset(["a.yaml", "b.yaml"])
    changes = SinceSession("HEAD", ["a.yaml", "b.yaml"]).changes(shown)
    assert changes is not None
    assert changes.added == ["delta"]
    assert changes.removed == []
    by_id = {c.id: [(f.label, f.old, f.new) for f in c.fields] for c in changes.changed}
    assert by_id == {
        "beta": [("title", "Beta meeting", "Beta summit")],
        "gamma": [("file", "b.yaml", "a.yaml")],  # the browser's names, not data/b.yaml
    }


def test_a_removed_event_and_a_removed_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    (repo / "data" / "b.yaml").unlink()
    (repo / "data" / "a.yaml").write_text(events(ALPHA), encoding="utf-8")
    shown = load_dataset(["data"])
    changes = SinceSession("HEAD", ["data"]).changes(shown)
    assert changes is not None
    assert sorted(changes.removed) == ["beta", "gamma"]
    assert changes.files["gamma"] == str(Path("data") / "b.yaml")


def test_the_revision_is_read_once_and_a_redo_compares_only(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    (repo / "data" / "a.yaml").write_text(events(ALPHA), encoding="utf-8")
    session = SinceSession("HEAD", ["data"])
    first = session.changes(load_dataset(["data"]))
    base = session.base(load_dataset(["data"]))
    (repo / "data" / "a.yaml").write_text(events(ALPHA, BETA), encoding="utf-8")
    again = session.changes(load_dataset(["data"]))
    assert first is not None and again is not None
    assert first.removed == ["beta"] and again.removed == []
    assert again.old is base  # the same revision's side, not read again


def test_the_revision_is_fixed_when_the_session_starts(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit made while browsing does not move `--since HEAD` (it was resolved)."""
    monkeypatch.chdir(repo)
    plan = plan_since("HEAD", ["data"])
    session = SinceSession("HEAD", ["data"])
    session.plan()
    (repo / "data" / "a.yaml").write_text(events(ALPHA), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second")
    changes = session.changes(load_dataset(["data"]))
    assert changes is not None and changes.removed == ["beta"]
    assert session.plan().revision == plan.revision


def test_git_failing_is_a_git_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    with pytest.raises(GitError, match="unknown revision 'nope'"):
        SinceSession("nope", ["data"]).changes(load_dataset(["data"]))


def test_a_stop_gives_up_waiting_for_the_revisions_side(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    (repo / "data" / "a.yaml").write_text(events(ALPHA), encoding="utf-8")
    session = SinceSession("HEAD", ["data"])
    shown = load_dataset(["data"])
    given_up = session.changes(shown, stop=lambda: True)
    assert given_up is None or given_up.removed == ["beta"]  # unless the read was that quick
    later = session.changes(shown)  # the read goes on; a later call has it
    assert later is not None and later.removed == ["beta"]
