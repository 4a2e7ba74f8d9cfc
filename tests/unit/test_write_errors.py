"""A failed write is told in plain words about the path the user asked for.

`write_atomic` writes a temporary '.tmp' file first, and the OSError names that file; what
the user reads names their own path and what to do about it. The errors here are real,
provoked on the file system, not built by hand (except the full disk, which needs one).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from csto_tui.export.atomic import write_atomic, write_error_words

REPO = Path(__file__).resolve().parents[2]


def failure(path: str | Path) -> tuple[OSError, str]:
    """Provoke the error writing `path`: the exception and its words."""
    with pytest.raises(OSError) as info:
        write_atomic(path, "text\n")
    return info.value, write_error_words(path, info.value)


def test_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.csv"
    exc, words = failure(target)
    assert ".tmp" in str(exc)  # what the user must not see
    assert words == f"the folder {tmp_path / 'missing'} does not exist"


def test_missing_folder_given_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _, words = failure("reports/2018/out.csv")
    assert words == "the folder reports/2018 does not exist"


def test_a_folder_as_the_target(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    exc, words = failure(tmp_path / "out")
    assert ".tmp" in str(exc)
    assert words == f"{tmp_path / 'out'} is a folder"


def test_a_file_where_a_folder_is_needed(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    _, words = failure(tmp_path / "notes.txt" / "out.csv")
    assert words == f"{tmp_path / 'notes.txt'} is a file, not a folder"


def test_a_dangling_link_names_where_it_points(tmp_path: Path) -> None:
    (tmp_path / "out.csv").symlink_to(tmp_path / "gone" / "real.csv")
    _, words = failure(tmp_path / "out.csv")
    assert words == (
        f"the folder {tmp_path / 'gone'} does not exist (where the link {tmp_path / 'out.csv'} "
        "points)"
    )


def test_permission_denied(tmp_path: Path) -> None:
    """A folder we may not write in. Root writes through chmod, so as root the refusal comes
    from the kernel's /sys instead, which no one may create files in."""
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            exc, words = failure(locked / "out.csv")
        finally:
            locked.chmod(0o700)
        assert words == f"permission denied: cannot write in {locked}"
    else:
        exc, words = failure("/sys/csto-tui-test.csv")
        if exc.errno == errno.EROFS:  # some containers mount /sys read-only
            assert words == "the file system is read-only: cannot write /sys/csto-tui-test.csv"
        else:
            assert words == "permission denied: cannot write in /sys"
    assert ".tmp" not in words


def test_name_too_long(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300)
    _, words = failure(target)
    assert words == f"the file name is too long: {target}"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.ENOSPC, "the disk is full: no room to write /data/out.csv"),
        (errno.EROFS, "the file system is read-only: cannot write /data/out.csv"),
        (errno.EDQUOT, "the disk quota is used up: no room to write /data/out.csv"),
        (errno.EIO, "cannot write /data/out.csv: input/output error"),
    ],
)
def test_errors_that_need_a_special_disk(code: int, expected: str) -> None:
    """A full or read-only disk cannot be provoked without mounting one: the error as
    write_atomic raises it, naming its temporary file."""
    exc = OSError(code, os.strerror(code), "/data/.out.csv.k2j3h4.tmp")
    words = write_error_words("/data/out.csv", exc)
    assert words == expected
    assert ".tmp" not in words


def test_list_output_says_it_in_words(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "csto_tui", "list", "--output", "missing/out.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        "csto-tui: error: cannot write missing/out.csv: the folder missing does not exist\n"
    )
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "out.csv").mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "csto_tui", "list", "-o", "out.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr == "csto-tui: error: cannot write out.csv: out.csv is a folder\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left
