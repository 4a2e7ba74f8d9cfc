"""End-to-end tests: the `e2e` marker (deselect with `-m "not e2e"`)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "e2e: drives the installed csto-tui binary in tmux (needs tmux; .ci/run installs it)",
    )
