"""Shared test setup: the `slow` marker and the paths of the fixture datasets."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    # The derived cache goes to a fresh directory per run, never the user's (subprocesses
    # inherit it); tests of the cache itself point it elsewhere.
    os.environ["CSTO_TUI_CACHE_DIR"] = tempfile.mkdtemp(prefix="csto-tui-test-cache-")
    config.addinivalue_line(
        "markers", "slow: takes tens of seconds (builds a wheel, makes a venv); runs by default"
    )


@pytest.fixture(autouse=True)
def _own_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test starts with no settings, views or search history of its own: never the
    developer's (~/.config/csto-tui), never another test's. Tests of them set their own."""
    home = tmp_path_factory.mktemp("csto-home")
    monkeypatch.setenv("CSTO_TUI_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("CSTO_TUI_STATE_DIR", str(home / "state"))
    for name in ("CSTO_TUI_CONFIG", "CSTO_TUI_VIEWS", "CSTO_TUI_HISTORY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures: `good/` is a small valid multi-file dataset, `broken/` a broken one."""
    return FIXTURES
