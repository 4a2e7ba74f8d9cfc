"""Read `config.toml` into `Settings`: never raises for what the file says.

A missing file is the defaults. A file that is no TOML is the defaults and one problem at
tomllib's line and column. A bad value is that key's default and one problem at the key's
line (tomllib gives no positions for values: the text is scanned for the key); the other
keys are kept. Problems read `FILE:LINE:COL: error: KEY: WHAT; using DEFAULT`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from csto_tui.config.paths import config_dir
from csto_tui.config.settings import (
    CLIPBOARDS,
    DATE_STYLES,
    FIELDS,
    THEMES,
    KeysError,
    Settings,
    binding_id_problem,
    normal_keys,
)
from csto_tui.loader.hints import did_you_mean

ENV = "CSTO_TUI_CONFIG"  # the settings file itself
FILE_NAME = "config.toml"
DEFAULT = "default"


def config_path() -> Path:
    """The settings file: $CSTO_TUI_CONFIG, else `config.toml` in $CSTO_TUI_CONFIG_DIR,
    else in the platform's user config dir (e.g. ~/.config/csto-tui/config.toml); it need
    not exist."""
    override = os.environ.get(ENV)
    if override:
        return Path(override)
    return config_dir() / FILE_NAME


@dataclass(frozen=True)
class LoadedSettings:
    """The effective settings, the file they were read from, and what was wrong in it.

    `sources`: per field, "default" or "FILE:LINE" (where its value was read);
    `keymap_sources`: the same per keymap entry (binding id)."""

    settings: Settings
    path: Path
    problems: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    keymap_sources: dict[str, str] = field(default_factory=dict)
    keymap_at: dict[str, str] = field(default_factory=dict)  # binding id -> "FILE:LINE:COL"
    at: dict[str, str] = field(default_factory=dict)  # field -> "FILE:LINE:COL" when read
    found: bool = False  # whether the file exists (and could be read)


def toml_value(value: object) -> str:
    """`value` as TOML would write it: "yes", true, 3, ["a", "b"]; a table as {...}."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    return str(value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def default_words(name: str) -> str:
    """What 'using …' says for a field's default."""
    if name == "editor":
        return "$VISUAL, $EDITOR or vi"
    if name == "keymap":
        return "no overrides"
    return toml_value(Settings.model_fields[name].get_default(call_default_factory=True))


# --- where keys are: tomllib gives no positions, so the text is scanned ---------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"((?:[^"\\]|\\.)*)"')
_LITERAL = re.compile(r"'([^']*)'")


def _key_at(line: str, i: int) -> tuple[tuple[str, ...], int] | None:
    """The dotted key starting at `line[i]` and where it ends, or None."""
    parts: list[str] = []
    while True:
        while i < len(line) and line[i] in " \t":
            i += 1
        for pattern in (_BASIC, _LITERAL, _BARE):
            m = pattern.match(line, i)
            if m:
                text = m.group(1) if pattern is not _BARE else m.group(0)
                if pattern is _BASIC:
                    with contextlib.suppress(ValueError):
                        text = json.loads(m.group(0))
                parts.append(text)
                i = m.end()
                break
        else:
            return None
        while i < len(line) and line[i] in " \t":
            i += 1
        if i < len(line) and line[i] == ".":
            i += 1
            continue
        return tuple(parts), i


def key_positions(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Each key path (table names included) → (line, column) of its first mention, 1-based:
    `watch = false` gives ("watch",), `[keymap]` ("keymap",), and under it
    `"browser.search" = "slash"` ("keymap", "browser.search")."""
    found: dict[tuple[str, ...], tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    inside: str | None = None  # the delimiter of a multi-line string we are in
    for number, line in enumerate(text.splitlines(), 1):
        if inside is not None:
            if line.count(inside) % 2:
                inside = None
            continue
        stripped = line.lstrip()
        column = len(line) - len(stripped) + 1
        if stripped.startswith("["):
            start = len(line) - len(stripped) + (2 if stripped.startswith("[[") else 1)
            got = _key_at(line, start)
            if got:
                table = got[0]
                for k in range(1, len(table) + 1):
                    found.setdefault(table[:k], (number, column))
            continue
        got = _key_at(line, column - 1)
        if not got or got[1] >= len(line) or line[got[1]] != "=":
            continue
        path = table + got[0]
        for k in range(1, len(path) + 1):
            found.setdefault(path[:k], (number, column))
        rest = line[got[1] + 1 :]
        for delim in ('"""', "'''"):
            if rest.count(delim) % 2:
                inside = delim
    return found


# --- reading ---------------------------------------------------------------------------


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def _syntax_position(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, int, str]:
    """(line, column, message without its position) of a TOML syntax error."""
    message = str(exc)
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)\Z", message)
    if m:
        return int(m.group(1)), int(m.group(2)), message[: m.start()]
    m = re.search(r"\s*\(at end of document\)\Z", message)
    if m:
        lines = text.split("\n")
        return len(lines), len(lines[-1]) + 1, message[: m.start()]
    line = getattr(exc, "lineno", None) or 1
    return line, getattr(exc, "colno", None) or 1, message


def _defaults(path: Path, problems: list[str], *, found: bool) -> LoadedSettings:
    return LoadedSettings(Settings(), path, problems, dict.fromkeys(FIELDS, DEFAULT), {},
                          found=found)  # fmt: skip


def load_settings(path: Path | None = None) -> LoadedSettings:
    """The settings in `path` (default: `config_path()`), with what was wrong in it."""
    path = Path(path) if path is not None else config_path()
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _defaults(path, [], found=False)
    except OSError as exc:
        words = (exc.strerror or str(exc)).lower()
        return _defaults(path, [f"{name}:1:1: error: cannot read it ({words}); using the "
                                "defaults"], found=False)  # fmt: skip
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        words = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); using the defaults"
        return _defaults(path, [f"{name}:{line}:{col}: error: {words}"], found=True)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col, words = _syntax_position(exc, text)
        return _defaults(path, [f"{name}:{line}:{col}: error: not valid TOML: "
                                f"{words[:1].lower()}{words[1:]}; using the defaults"],
                         found=True)  # fmt: skip
    return _read(path, text, data)


def _read(path: Path, text: str, data: dict[str, object]) -> LoadedSettings:
    positions = key_positions(text)
    problems: list[tuple[tuple[int, int], str]] = []
    values: dict[str, object] = {}
    sources = dict.fromkeys(FIELDS, DEFAULT)
    keymap_sources: dict[str, str] = {}
    keymap_at: dict[str, str] = {}
    places: dict[str, str] = {}

    def at(key: tuple[str, ...]) -> tuple[int, int]:
        return positions.get(key) or positions.get(key[:1]) or (1, 1)

    def problem(key: tuple[str, ...], words: str) -> None:
        line, col = at(key)
        problems.append(((line, col), f"{path}:{line}:{col}: error: {words}"))

    for key, value in data.items():
        if key not in FIELDS:
            problem((key,), f"unknown setting {key!r}{did_you_mean(key, FIELDS)}; ignored")
        elif key == "keymap":
            keymap = _keymap(value, problem)
            if keymap is not None:
                values["keymap"] = keymap
                for binding, (_, where) in keymap.items():
                    line, col = at(where)
                    keymap_sources[binding] = f"{path}:{line}"
                    keymap_at[binding] = f"{path}:{line}:{col}"
                sources["keymap"] = f"{path}:{at(('keymap',))[0]}"
        else:
            why = value_problem(key, value)
            if why:
                problem((key,), f"{key}: {why}; using {default_words(key)}")
            else:
                values[key] = value
                line, col = at((key,))
                sources[key] = f"{path}:{line}"
                places[key] = f"{path}:{line}:{col}"
    if "keymap" in values:
        values["keymap"] = {b: keys for b, (keys, _) in values["keymap"].items()}  # type: ignore[attr-defined]
    try:
        settings = Settings.model_validate(values)
    except ValidationError:  # pragma: no cover - each value was checked alone above
        return _defaults(path, [m for _, m in sorted(problems)], found=True)
    return LoadedSettings(settings, path, [m for _, m in sorted(problems)], sources,
                          keymap_sources, keymap_at, places, found=True)  # fmt: skip


def value_problem(key: str, value: object) -> str | None:
    """What is wrong with `value` for the field `key` (not keymap), in words, or None."""
    try:
        Settings.model_validate({key: value})
    except ValidationError as exc:
        return _words(key, value, exc.errors()[0])
    return None


def _words(key: str, value: object, error: object) -> str:
    kind = error["type"]  # type: ignore[index]
    loc = error["loc"]  # type: ignore[index]
    shown = toml_value(value)
    if kind == "config":
        why = str(error["ctx"]["why"])  # type: ignore[index]
        if key == "theme":
            hint = did_you_mean(value, THEMES)
            return why + (hint or f" (one of {', '.join(THEMES)})")
        return why
    if kind == "bool_type":
        return f"expected true or false, not {shown}"
    if kind == "literal_error":
        options = {"clipboard": CLIPBOARDS, "date_style": DATE_STYLES}[key]
        quoted = " or ".join(f'"{o}"' for o in options)
        return f"expected {quoted}, not {shown}{did_you_mean(value, options)}"
    if key == "data":
        if len(loc) > 1:
            item = value[loc[1]]  # type: ignore[index]
            return f"item {loc[1] + 1}: expected a path in quotes, not {toml_value(item)}"
        return f'expected a list of paths in quotes, e.g. ["events/"], not {shown}'
    if kind == "string_type":
        return f"expected text in quotes, not {shown}"
    return str(error["msg"])  # type: ignore[index]  # pragma: no cover - every field above


def _keymap(
    value: object, say: Callable[[tuple[str, ...], str], None]
) -> dict[str, tuple[str, tuple[str, ...]]] | None:
    """The keymap's valid entries: binding id → (keys, its key path in the file); each bad
    entry is one problem (that binding keeps its default keys). None when it is no table."""
    if not isinstance(value, dict):
        say(
            ("keymap",),
            "keymap: expected a table ([keymap] then lines like "
            f'"browser.search" = "slash,ctrl+f"), not {toml_value(value)}; using no overrides',
        )
        return None
    entries: list[tuple[str, object, tuple[str, ...]]] = []
    for name, keys in value.items():
        if isinstance(keys, dict):  # browser.search = "..." unquoted, or [keymap.browser]
            entries += [(f"{name}.{sub}", k, ("keymap", name, sub)) for sub, k in keys.items()]
        else:
            entries.append((name, keys, ("keymap", name)))
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for binding, keys, where in entries:
        why = binding_id_problem(binding)
        if why:
            say(where, f"keymap: {why}; ignored")
            continue
        label = f"keymap.{json.dumps(binding)}"
        if not isinstance(keys, str):
            say(
                where,
                f'{label}: expected keys in quotes, e.g. "slash,ctrl+f", not '
                f"{toml_value(keys)}; the binding keeps its default keys",
            )
            continue
        try:
            out[binding] = (normal_keys(keys), where)
        except KeysError as exc:
            say(where, f"{label}: {exc}; the binding keeps its default keys")
    return out
