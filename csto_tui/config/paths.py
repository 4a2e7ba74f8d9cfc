"""Where the user's settings and views live (no pydantic: the views need it not)."""

from __future__ import annotations

import os
from pathlib import Path

DIR_ENV = "CSTO_TUI_CONFIG_DIR"  # the directory of config.toml and views.json


def config_dir() -> Path:
    """$CSTO_TUI_CONFIG_DIR, else the platform's user config dir (~/.config/csto-tui)."""
    folder = os.environ.get(DIR_ENV)
    if not folder:
        from platformdirs import user_config_dir

        folder = user_config_dir("csto-tui", appauthor=False)
    return Path(folder)
