"""The user's settings: what `config.toml` may say, each with a default (headless).

Strict: a value of the wrong type is refused, never coerced (`watch = "yes"` is an error,
not true), and unknown keys are refused. `load_settings` (csto_tui.config.load) turns a
file into a `Settings` and one problem line per thing it refused.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

# Textual 8's built-in themes (textual.theme.BUILTIN_THEMES; a test keeps the two equal),
# then csto-tui's own (csto_tui.ui.themes): one for 16-colour terminals, one high-contrast.
TEXTUAL_THEMES = (
    "ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe",
    "catppuccin-latte", "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki",
    "gruvbox", "monokai", "nord", "rose-pine", "rose-pine-dawn", "rose-pine-moon",
    "solarized-dark", "solarized-light", "textual-dark", "textual-light", "tokyo-night",
)  # fmt: skip
OWN_THEMES = ("csto-16", "csto-high-contrast")
THEMES = (*TEXTUAL_THEMES, *OWN_THEMES)
DateStyle = Literal["edtf", "words"]
DATE_STYLES: tuple[str, ...] = (
    "edtf",
    "words",
)  # "edtf": as written (2018-05-28); "words": 28 May 2018
Clipboard = Literal["osc52", "off"]
CLIPBOARDS: tuple[str, ...] = ("osc52", "off")

BINDING_ID = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\Z")
MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_KEY_NAME = re.compile(r"[A-Za-z0-9_]+\Z")


class KeysError(ValueError):
    """Why a keymap entry's keys are refused, in words."""


def binding_id_problem(name: str) -> str | None:
    """Why `name` is no binding id (`screen.action`, e.g. `browser.search`), or None."""
    if BINDING_ID.match(name):
        return None
    return f"{name!r} is not a binding id (expected screen.action, e.g. 'browser.search')"


def normal_keys(text: str) -> str:
    """The keys of a keymap entry, comma-separated, without spaces ('slash,ctrl+f');
    KeysError when one is empty or is no key name."""
    keys = [k.strip() for k in text.split(",")]
    if not text.strip():
        raise KeysError("no keys given (expected key names, comma-separated, e.g. 'slash,ctrl+f')")
    for key in keys:
        if not key:
            raise KeysError(f"an empty key in {text!r} (key names, comma-separated, no "
                            "trailing comma; a comma itself is 'comma')")  # fmt: skip
        *mods, last = key.split("+") if len(key) > 1 else [key]
        wrong = [m for m in mods if m not in MODIFIERS]
        if wrong:
            raise KeysError(
                f"{key!r}: unknown modifier {wrong[0]!r} (one of {', '.join(MODIFIERS)})"
            )
        char = len(last) == 1 and last.isprintable() and not last.isspace()
        if not last or not (char or _KEY_NAME.match(last)):
            raise KeysError(f"{key!r} is not a key name (e.g. 'slash', 'ctrl+f', 'f1', 'j')")
    return ",".join(keys)


def editor_problem(text: str) -> str | None:
    """Why `text` is no editor command, or None."""
    try:
        words = shlex.split(text)
    except ValueError:
        return f"{text!r} has an unbalanced quote"
    return None if words else "an empty command (leave it out for $VISUAL, $EDITOR or vi)"


class Settings(BaseModel):
    """Every setting, each with its default (what an empty or missing file gives)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    theme: str = "textual-dark"
    keymap: dict[str, str] = Field(default_factory=dict)  # binding id -> "key,key"
    data: list[str] = Field(default_factory=list)  # [] : the bundled dataset
    watch: bool = True
    clipboard: Clipboard = "osc52"
    editor: str | None = None  # None: $VISUAL, else $EDITOR, else vi
    date_style: DateStyle = "edtf"
    histogram: bool = True
    restore_last_view: bool = False

    @field_validator("theme")
    @classmethod
    def _theme(cls, value: str) -> str:
        if value not in THEMES:
            raise PydanticCustomError(
                "config", "{why}", {"why": f"unknown theme {json.dumps(value)}"}
            )
        return value

    @field_validator("keymap")
    @classmethod
    def _keymap(cls, value: dict[str, str]) -> dict[str, str]:
        out = {}
        for name, keys in value.items():
            why = binding_id_problem(name)
            if why:
                raise PydanticCustomError("config", "{why}", {"why": why})
            try:
                out[name] = normal_keys(keys)
            except KeysError as exc:
                why = f"{name}: {exc}"
                raise PydanticCustomError("config", "{why}", {"why": why}) from None
        return out

    @field_validator("data")
    @classmethod
    def _data(cls, value: list[str]) -> list[str]:
        if any(not path.strip() for path in value):
            raise PydanticCustomError("config", "{why}", {"why": "an empty path in the list"})
        return value

    @field_validator("editor")
    @classmethod
    def _editor(cls, value: str | None) -> str | None:
        why = None if value is None else editor_problem(value)
        if why:
            raise PydanticCustomError("config", "{why}", {"why": why})
        return value


FIELDS: tuple[str, ...] = tuple(Settings.model_fields)
