"""The user's own files: settings (`config.toml`), saved views, search history (headless).

`load_settings()` reads $CSTO_TUI_CONFIG, else `config.toml` in $CSTO_TUI_CONFIG_DIR, else
in the platform's user config dir; it never raises for what the file says, and lists the
problems. The names below are imported on first use, so `csto_tui.config.views` does not
pull in pydantic.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "ENV": "load", "LoadedSettings": "load", "config_path": "load", "load_settings": "load",
    "DATE_STYLES": "settings", "THEMES": "settings", "Settings": "settings",
    "show_text": "text", "template": "text",
}  # fmt: skip
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'csto_tui.config' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"csto_tui.config.{module}"), name)
