"""Make data text inert on screen: no escape codes, no control or bidi characters.

Records are untrusted text. Rich `Text` objects never parse markup, but control characters
(ESC, BEL, C1) and bidi overrides would still reach the terminal or reorder what the user
reads, so they are replaced by visible symbols first.
"""

from __future__ import annotations

import os
import re
import sys

from csto_tui.model.text import UNSAFE


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    if ch < " ":
        return chr(0x2400 + ord(ch)) if unicode_ok() else "?"  # ␛ for ESC
    return "\ufffd" if unicode_ok() else "?"


def inert(text: str) -> str:
    """Text with every control/bidi character replaced; tabs and newlines become spaces."""
    text = text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ")
    return UNSAFE.sub(_visible, text)


def unicode_ok() -> bool:
    """False under LANG=C and other non-UTF-8 locales: use ASCII for our own glyphs.

    Python answers a C/POSIX locale by switching on UTF-8 mode and setting LC_CTYPE=C.UTF-8
    in its own environment (PEP 538/540), so that flag, not LC_CTYPE, tells us the truth.
    """
    if sys.flags.utf8_mode and "PYTHONUTF8" not in os.environ:
        return False
    for var in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = os.environ.get(var)
        if value:
            return "utf-8" in value.lower() or "utf8" in value.lower()
    return False
