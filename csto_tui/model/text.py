"""Characters data text must never carry to a terminal, shared by every output path.

C0 and C1 controls (ESC starts escape sequences), DEL, lone surrogates, and the bidi
controls that reorder what a reader sees. Tab and newline are left to each caller.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{BIDI_CONTROLS}]")


def plural(n: int, word: str, words: str = "") -> str:
    """'1 event', '2 events', '3 bodies' (pass `words` when adding an s is wrong)."""
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


def scrub(text: str, replacement: str = "\ufffd") -> str:
    """`text` with every unsafe character replaced."""
    return UNSAFE.sub(replacement, text)
