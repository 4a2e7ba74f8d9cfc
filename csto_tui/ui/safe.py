"""Make data text inert on screen: no escape codes, no control or bidi characters.

Records are untrusted text. Rich `Text` objects never parse markup, but control characters
(ESC, BEL, C1) and bidi overrides would still reach the terminal or reorder what the user
reads, so they are replaced by visible symbols first.
"""

from __future__ import annotations

import re

from csto_tui.export.fields import clean
from csto_tui.model.text import UNSAFE, unicode_ok


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    if ch < " ":
        return chr(0x2400 + ord(ch)) if unicode_ok() else "?"  # ␛ for ESC
    return "\ufffd" if unicode_ok() else "?"


def inert(text: str, *, ascii: bool | None = None) -> str:
    """Text with every control/bidi character replaced; tabs and newlines become spaces.
    On an ASCII terminal, typographic dashes and quotes become their ASCII look-alikes.
    `ascii` says which terminal this is when the caller knows (hot paths read it once)."""
    text = text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ")
    if not unicode_ok() if ascii is None else ascii:
        return clean(text, ascii=True)
    return UNSAFE.sub(_visible, text)
