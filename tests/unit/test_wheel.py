"""The built wheel is complete: installed alone in a clean venv, `csto-tui check` passes.

Slow (builds a wheel, makes a venv and installs the dependencies from the package index):
marked `slow`, and it runs by default; `-m "not slow"` leaves it out.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from csto_tui.loader import load_dataset

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(cmd: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        cwd=out,
        timeout=300,
    )
    (found,) = out.glob("csto_tui-*.whl")
    return found


def test_wheel_contains_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "csto_tui/data/events.yaml" in names
    assert "csto_tui/model/countries.tsv" in names
    assert "csto_tui/cli.py" in names
    assert not any(n.startswith("tests/") for n in names)
    # The bundled dataset in the wheel is the repository's, byte for byte.
    shipped = zipfile.ZipFile(wheel).read("csto_tui/data/events.yaml")
    assert shipped == (REPO / "data" / "events.yaml").read_bytes()


def test_installed_wheel_checks_the_bundled_data(
    wheel: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    venv = tmp_path_factory.mktemp("venv") / "env"
    elsewhere = tmp_path_factory.mktemp("cwd")
    run([sys.executable, "-m", "venv", str(venv)], cwd=elsewhere, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    run([*pip, str(wheel)], cwd=elsewhere, timeout=600)  # dependencies from the index

    proc = subprocess.run(
        [str(venv / "bin" / "csto-tui"), "check"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    repo_data = load_dataset([REPO / "data" / "events.yaml"]).summary()
    assert proc.stdout.splitlines() == [
        f"{repo_data['events']} events, {repo_data['bodies']} bodies, 0 errors, 0 warnings"
    ]

    # It reads the copy inside the installed package, not this checkout.
    where = run(
        [str(venv / "bin" / "python"), "-c",
         "from csto_tui.loader.bundled import bundled_data_path; print(bundled_data_path())"],
        cwd=elsewhere,
        timeout=60,
    ).stdout.strip()  # fmt: skip
    assert re.search(r"site-packages/csto_tui/data/events\.yaml$", where), where
    assert not where.startswith(str(REPO))
