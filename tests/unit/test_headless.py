"""The data core works without the TUI: importing it and running `check` never loads Textual.

Each module is imported in a fresh interpreter (this test process may have Textual loaded
already), then `csto_tui.cli.main(['check'])` runs in the same interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "csto_tui"
HEADLESS_PACKAGES = ("model", "loader", "query", "export")  # export: when it exists


def headless_modules() -> list[str]:
    found = ["csto_tui", "csto_tui.cli"]
    for sub in HEADLESS_PACKAGES:
        folder = PACKAGE / sub
        if not folder.is_dir():
            continue
        found.append(f"csto_tui.{sub}")
        found += sorted(
            f"csto_tui.{sub}.{py.stem}" for py in folder.glob("*.py") if py.stem != "__init__"
        )
    return found


PROBE = r"""
import contextlib, importlib, io, json, sys
importlib.import_module(sys.argv[1])
from csto_tui.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    rc = main(["check"])
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(json.dumps({"rc": rc, "textual": loaded, "out": out.getvalue()}))
"""


@pytest.mark.parametrize("module", headless_modules())
def test_module_and_check_do_not_import_textual(module: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["textual"] == [], f"{module} + check imported {result['textual'][:5]}"
    assert "textual.app" not in result["textual"]
    assert result["rc"] == 0, result["out"]
    assert result["out"].endswith(" 0 errors, 0 warnings\n")


def test_the_module_list_covers_the_data_core() -> None:
    modules = headless_modules()
    for expected in ("csto_tui.model.records", "csto_tui.loader.dataset", "csto_tui.query"):
        assert expected in modules
