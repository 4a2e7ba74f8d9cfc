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


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures: `good/` is a small valid multi-file dataset, `broken/` a broken one."""
    return FIXTURES
