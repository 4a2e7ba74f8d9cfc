"""Our own symbols, with ASCII twins for LANG=C terminals."""

from __future__ import annotations

from dataclasses import dataclass

from csto_tui.ui.safe import unicode_ok

KIND_MARKS = {
    "meeting": "mtg",
    "reception": "rec",
    "visit": "vis",
    "conference": "cnf",
    "operation": "ops",
    "exercise": "exr",
    "agreement": "agr",
    "statement": "stm",
    "institutional": "ins",
}


@dataclass(frozen=True)
class Glyphs:
    ellipsis: str
    rule: str
    checked: str
    unchecked: str
    arrow: str


UNICODE = Glyphs("…", "─", "[x]", "[ ]", "→")
ASCII = Glyphs("...", "-", "[x]", "[ ]", "->")


def glyphs() -> Glyphs:
    return UNICODE if unicode_ok() else ASCII
