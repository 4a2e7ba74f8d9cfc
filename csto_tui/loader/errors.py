"""Pydantic validation errors → short messages a curator can act on."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from csto_tui.loader.hints import did_you_mean
from csto_tui.loader.positions import Path
from csto_tui.model.text import plural

_LISTED_TWICE = re.compile(r"items \d+ and (\d+)\)$")
_TYPE_NAMES = {str: "text", list: "a list", dict: "a mapping", type(None): "nothing"}


def field_path(loc: Path) -> str:
    """('figures', 0, 'unit') → 'figures[0].unit'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _found(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _fields_at(model: type[BaseModel], loc: Path) -> list[str]:
    """The field names valid where an unknown key stood, for 'did you mean'."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        annotation = info.annotation
        for arg in (annotation, *getattr(annotation, "__args__", ())):
            inner = getattr(arg, "__args__", (arg,))
            found = next(
                (a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)), None
            )
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                found = arg
            if found:
                current = found
                break
        else:
            return []
    return list(getattr(current, "model_fields", {}))


def explain(err: ErrorDetails, model: type[BaseModel]) -> tuple[Path, bool, str]:
    """(path of the offending node, whether to point at its key, message)."""
    loc: Path = tuple(err["loc"])
    if loc[-1:] == ("[key]",):  # a mapping's key was refused (`names: {RU: ...}`): point at it
        path, _key, message = explain({**err, "loc": loc[:-1]}, model)
        return path, True, message
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    name = field_path(loc) or "record"
    if kind == "missing":
        return loc[:-1], False, f"missing required field {field_path(loc)!r}"
    if kind == "extra_forbidden":
        hint = did_you_mean(loc[-1], _fields_at(model, loc))
        return loc, True, f"unknown field {field_path(loc)!r}{hint}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = did_you_mean(value, options)
        return loc, False, f"{name}: {value!r} is not one of {', '.join(options)}{hint}"
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return loc, False, f"{name}: must not be empty"
    if kind in ("string_too_short", "too_short"):
        return loc, False, f"{name}: must have at least {_amount(kind, ctx.get('min_length'))}"
    if kind in ("string_too_long", "too_long"):
        return loc, False, f"{name}: must have at most {_amount(kind, ctx.get('max_length'))}"
    if kind in ("list_type", "dict_type", "model_type", "string_type", "model_attributes_type"):
        want = {"list_type": "a list", "string_type": "text"}.get(kind, "a mapping")
        return loc, False, f"{name}: expected {want}, found {_found(value)}"
    if kind in ("float_parsing", "float_type"):
        return loc, False, f"{name}: expected a number, found {value!r}"
    if kind == "greater_than_equal":
        return loc, False, f"{name}: must be at least {ctx.get('ge'):g}, found {value!r}"
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
        twice = _LISTED_TWICE.search(message)
        if twice:  # point at the repeat, not at the list
            loc = (*loc, int(twice.group(1)) - 1)
        return loc, False, f"{name}: {message}" if loc else message
    return loc, False, f"{name}: {err['msg']}"


def _amount(kind: str, n: Any) -> str:
    """'3 characters', '1 item': a length limit in the words of what is measured."""
    return plural(int(n or 0), "character" if kind.startswith("string") else "item")


def explain_all(exc: ValidationError, model: type[BaseModel]) -> list[tuple[Path, bool, str]]:
    return [explain(e, model) for e in exc.errors(include_url=False)]
