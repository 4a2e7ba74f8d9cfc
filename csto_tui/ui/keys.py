"""The binding ids a keymap may name: every `Binding(id=…)` of csto-tui's screens and
widgets, so an override of an id that exists nowhere is said, not silently ignored."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode

from csto_tui.loader.hints import did_you_mean


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return out


@cache
def binding_ids() -> frozenset[str]:
    """Every binding id defined in csto_tui.ui (its modules imported to find them all)."""
    import csto_tui.ui as ui

    for info in pkgutil.walk_packages(ui.__path__, f"{ui.__name__}."):
        importlib.import_module(info.name)
    ids = set()
    for cls in _subclasses(DOMNode):
        if not cls.__module__.startswith("csto_tui."):
            continue
        for binding in vars(cls).get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return frozenset(ids)


def keymap_problems(keymap: dict[str, str], where: dict[str, str]) -> list[str]:
    """One line per keymap entry naming no binding: `FILE:LINE: error: keymap: no binding
    'browser.serch' (did you mean 'browser.search'?); ignored`."""
    known = binding_ids()
    out = []
    for name in keymap:
        if name not in known:
            place = where.get(name, "config")
            hint = did_you_mean(name, sorted(known))
            out.append(f"{place}: error: keymap: no binding {name!r}{hint}; ignored")
    return out
