"""The derived cache: used only for exactly the bytes it was made from, never trusted.

Whether a file came from the cache is what the loader's progress says (`X: from the
cache`); every test also checks that the data is what the file holds now.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_loader import event, events, write

from csto_tui.loader import cache as cache_module
from csto_tui.loader import load_dataset
from csto_tui.loader.cache import Cache
from csto_tui.loader.dataset import LoadStep


def load(paths: list[Path], root: Path, **kw: object) -> tuple[object, list[str]]:
    steps: list[LoadStep] = []
    ds = load_dataset(paths, progress=steps.append, store=Cache(root, **kw))  # type: ignore[arg-type]
    return ds, [str(s) for s in steps]


def cached(messages: list[str], name: str) -> bool:
    return f"{name}: from the cache" in messages


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write(tmp_path / "data" / "e.yaml", events(event("one"), event("two", "2021")))


def test_second_load_comes_from_the_cache_with_the_same_records(data: Path, root: Path) -> None:
    first, said = load([data], root)
    assert not cached(said, "e.yaml")
    second, said = load([data], root)
    assert cached(said, "e.yaml")
    assert second.events == first.events  # type: ignore[attr-defined]
    assert second.origins == first.origins  # type: ignore[attr-defined]
    assert [d for d in (root / f"v{cache_module.FORMAT}").iterdir()]


def test_an_edit_is_read_afresh(data: Path, root: Path) -> None:
    load([data], root)
    write(data, events(event("one"), event("three", "2022")))
    ds, said = load([data], root)
    assert not cached(said, "e.yaml")
    assert [e.id for e in ds.events] == ["one", "three"]  # type: ignore[attr-defined]


def test_same_size_edit_with_the_mtime_put_back_is_caught_by_the_hash(
    data: Path, root: Path
) -> None:
    load([data], root)
    stat = data.stat()
    text = data.read_text(encoding="utf-8").replace("id: two", "id: owt")
    data.write_text(text, encoding="utf-8")
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert data.stat().st_size == stat.st_size and data.stat().st_mtime_ns == stat.st_mtime_ns
    ds, said = load([data], root)
    assert not cached(said, "e.yaml")
    assert [e.id for e in ds.events] == ["one", "owt"]  # type: ignore[attr-defined]


def test_touch_reads_again_and_gives_the_same_data(data: Path, root: Path) -> None:
    first, _ = load([data], root)
    os.utime(data, ns=(data.stat().st_atime_ns, data.stat().st_mtime_ns + 10**9))
    ds, said = load([data], root)
    assert not cached(said, "e.yaml")
    assert ds.events == first.events  # type: ignore[attr-defined]
    _, said = load([data], root)
    assert cached(said, "e.yaml")  # and the new entry serves the next start


def test_truncated_source_shows_its_errors_not_the_cached_records(data: Path, root: Path) -> None:
    load([data], root)
    raw = data.read_bytes()
    data.write_bytes(raw[: raw.index(b"  - id: two") + 9])  # cut inside the second record
    ds, said = load([data], root)
    assert not cached(said, "e.yaml")
    assert [e.id for e in ds.events] == ["one"]  # type: ignore[attr-defined]
    assert ds.errors  # type: ignore[attr-defined]
    assert all(d.file == str(data) for d in ds.errors)  # type: ignore[attr-defined]


def _entries(root: Path) -> list[Path]:
    return sorted((root / f"v{cache_module.FORMAT}").glob("*.msgpack"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b"",  # empty
        lambda b: bytes(x ^ 0x5A for x in b),  # every byte flipped
        lambda b: b[:40] + b"\x00" * 16 + b[56:],  # a hole in the middle
        lambda b: b + b"trailing",  # extra bytes
        lambda b: b"\xc1" * 100,  # not msgpack at all
    ],
    ids=["truncated", "empty", "flipped", "hole", "trailing", "garbage"],
)
def test_corrupt_entry_is_ignored_and_rebuilt(data: Path, root: Path, damage: object) -> None:
    first, _ = load([data], root)
    (entry,) = _entries(root)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))  # type: ignore[operator]
    ds, said = load([data], root)
    assert not cached(said, "e.yaml")
    assert ds.events == first.events and not ds.diagnostics  # type: ignore[attr-defined]
    assert entry.read_bytes() == good  # rewritten whole
    _, said = load([data], root)
    assert cached(said, "e.yaml")


def test_entry_for_other_bytes_with_the_same_name_is_not_used(tmp_path: Path, root: Path) -> None:
    """An entry copied over from another file (same cache name) names that file: refused."""
    a = write(tmp_path / "a.yaml", events(event("from-a")))
    b = write(tmp_path / "b.yaml", events(event("from-b")))
    load([a], root)
    load([b], root)
    entry_a, entry_b = _entries(root)
    bytes_a, bytes_b = entry_a.read_bytes(), entry_b.read_bytes()
    entry_a.write_bytes(bytes_b)
    entry_b.write_bytes(bytes_a)
    ds, said = load([a, b], root)
    assert not cached(said, "a.yaml") and not cached(said, "b.yaml")
    assert [e.id for e in ds.events] == ["from-a", "from-b"]  # type: ignore[attr-defined]


def test_another_format_version_is_ignored(
    data: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load([data], root)
    (entry,) = _entries(root)
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT + 1)
    # The same file name under the new version's directory: its header still says v1.
    newer = root / f"v{cache_module.FORMAT}" / entry.name
    newer.parent.mkdir(parents=True)
    newer.write_bytes(entry.read_bytes())
    ds, said = load([data], root)
    assert not cached(said, "e.yaml")
    assert [e.id for e in ds.events] == ["one", "two"]  # type: ignore[attr-defined]


def test_entry_replaced_by_a_directory_costs_only_speed(data: Path, root: Path) -> None:
    load([data], root)
    (entry,) = _entries(root)
    entry.unlink()
    entry.mkdir()
    store = Cache(root)
    ds = load_dataset([data], store=store)
    assert [e.id for e in ds.events] == ["one", "two"]
    assert ds.cache_note and "cache not written" in ds.cache_note


def test_source_file_replaced_by_a_directory(tmp_path: Path, root: Path) -> None:
    path = write(tmp_path / "d.yaml", events(event("one")))
    load([path], root)
    path.unlink()
    write(path / "inner.yaml", events(event("inner")))  # d.yaml is now a directory
    ds, said = load([path], root)
    assert [e.id for e in ds.events] == ["inner"]  # type: ignore[attr-defined]
    assert not cached(said, "inner.yaml")


def test_unwritable_cache_dir_loads_and_notes_it_once(data: Path, tmp_path: Path) -> None:
    blocker = write(tmp_path / "not-a-dir", "x")  # root can write anywhere; not under a file
    ds = load_dataset([data], store=Cache(blocker / "cache"))
    assert [e.id for e in ds.events] == ["one", "two"]
    assert ds.cache_note and str(blocker) in ds.cache_note


def test_disabled_cache_writes_nothing(data: Path, root: Path) -> None:
    load([data], root, enabled=False)
    _, said = load([data], root, enabled=False)
    assert not cached(said, "e.yaml")
    assert not root.exists()


def test_editing_one_file_of_a_directory_reads_only_that_file(tmp_path: Path, root: Path) -> None:
    folder = tmp_path / "set"
    write(folder / "a.yaml", events(event("a1"), event("a2")))
    write(folder / "b.yaml", events(event("b1")))
    load([folder], root)
    write(folder / "b.yaml", events(event("b1"), event("b2", "2024")))
    ds, said = load([folder], root)
    assert cached(said, "a.yaml") and not cached(said, "b.yaml")
    assert [e.id for e in ds.events] == ["a1", "a2", "b1", "b2"]  # type: ignore[attr-defined]


def test_checks_across_files_run_on_cached_files_with_exact_positions(
    tmp_path: Path, root: Path
) -> None:
    """A duplicate id made by editing one file is reported at both places, though the
    other file's records come from the cache without positions."""
    folder = tmp_path / "set"
    a = write(
        folder / "a.yaml", "# a comment line\n" + events(event("x", related="[]"), event("y"))
    )
    b = write(folder / "b.yaml", events(event("z")))
    load([folder], root)
    write(b, events(event("z", related="[{id: gone, type: see-also}]"), event("y")))
    ds, said = load([folder], root)
    assert cached(said, "a.yaml")
    lines = [str(d) for d in ds.errors]  # type: ignore[attr-defined]
    text_b = b.read_text(encoding="utf-8").splitlines()
    dup_line = next(i for i, line in enumerate(text_b, 1) if "id: y" in line)
    first_y = next(i for i, line in enumerate(a.read_text().splitlines(), 1) if "id: y" in line)
    assert f"{b}:{dup_line}:" in "\n".join(lines)
    assert any(f"first defined at {a}:{first_y}:5" in line for line in lines)
    assert any("related event 'gone' does not exist" in line for line in lines)


def test_warning_of_a_cached_file_keeps_its_position(tmp_path: Path, root: Path) -> None:
    path = write(
        tmp_path / "w.yaml",
        events(event("ev", "2020-05-10", sources="[{title: T, published: 2019}]")),
    )
    first, _ = load([path], root)
    second, said = load([path], root)
    assert cached(said, "w.yaml")
    assert [str(d) for d in second.diagnostics] == [str(d) for d in first.diagnostics]  # type: ignore[attr-defined]
    (warning,) = first.warnings  # type: ignore[attr-defined]
    assert (warning.line, warning.column) != (0, 0)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "csto_tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_cache_path_and_clear_commands(data: Path, tmp_path: Path) -> None:
    env = {"CSTO_TUI_CACHE_DIR": str(tmp_path / "cli-cache")}
    shown = _cli("cache", "--path", env=env)
    assert shown.returncode == 0 and shown.stdout.strip() == str(tmp_path / "cli-cache")
    assert _cli("list", str(data), "--format", "csv", env=env).returncode == 0
    made = list((tmp_path / "cli-cache").rglob("*.msgpack"))
    assert len(made) == 2  # the file's records and the checks' verdict
    cleared = _cli("cache", "--clear", env=env)
    # (no word index: `list` without --search never builds one)
    assert cleared.returncode == 0 and "removed 2 cache files" in cleared.stderr
    assert not list((tmp_path / "cli-cache").rglob("*.msgpack"))
    assert _cli("cache", env=env).returncode == 2  # one of --path / --clear


def test_no_cache_option_writes_nothing(data: Path, tmp_path: Path) -> None:
    env = {"CSTO_TUI_CACHE_DIR": str(tmp_path / "cli-cache")}
    for command in ("check", "list", "stats"):
        done = _cli(command, str(data), "--no-cache", env=env)
        assert done.returncode == 0, done.stderr
    assert not (tmp_path / "cli-cache").exists()


def test_unwritable_cache_is_one_warning_for_list_and_check(data: Path, tmp_path: Path) -> None:
    blocker = write(tmp_path / "file", "x")
    env = {"CSTO_TUI_CACHE_DIR": str(blocker / "cache")}
    listed = _cli("list", str(data), "--format", "csv", env=env)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[0].startswith("id,")
    (line,) = listed.stderr.splitlines()
    assert line.startswith("csto-tui: warning: cache not written") and "Traceback" not in line
    checked = _cli("check", str(data), env=env)
    assert checked.returncode == 0 and len(checked.stderr.splitlines()) == 1


def test_checks_verdict_is_reused_with_todays_file_names(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second start reuses the checks' verdict; a diagnostic still names the file as
    given this time (here relative, where the first run had it absolute)."""
    path = write(
        tmp_path / "w.yaml",
        events(event("ev", "2020-05-10", sources="[{title: T, published: 2019}]")),
    )
    first, _ = load([path], root)
    assert list((root / f"v{cache_module.FORMAT}" / "checks").glob("*.msgpack"))
    monkeypatch.chdir(tmp_path)
    second, said = load([Path("w.yaml")], root)
    assert cached(said, "w.yaml")
    (a,), (b,) = first.warnings, second.warnings  # type: ignore[attr-defined]
    assert a.file == str(path) and b.file == "w.yaml"
    assert (a.line, a.column, a.message) == (b.line, b.column, b.message)
    assert second.origins["ev"].file == "w.yaml"  # type: ignore[attr-defined]


def test_corrupt_checks_entry_is_ignored(data: Path, root: Path) -> None:
    first, _ = load([data], root)
    (entry,) = (root / f"v{cache_module.FORMAT}" / "checks").glob("*.msgpack")
    entry.write_bytes(entry.read_bytes()[:-3])
    ds, _ = load([data], root)
    assert ds.events == first.events and ds.diagnostics == first.diagnostics  # type: ignore[attr-defined]
