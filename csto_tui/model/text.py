"""Text helpers shared by every output path: unsafe characters, plurals, terminal widths,
and ASCII for terminals without UTF-8 (Cyrillic transliterated, `scripts.to_latin`).

Unsafe: C0 and C1 controls (ESC starts escape sequences), DEL, lone surrogates, and the
bidi controls that reorder what a reader sees. Tab and newline are left to each caller.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata

from csto_tui.model.scripts import to_latin

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{BIDI_CONTROLS}]")


def plural(n: int, word: str, words: str = "", *, grouped: bool = False) -> str:
    """'1 event', '2 events', '3 bodies' (pass `words` when adding an s is wrong): the one
    place a count meets its noun. `grouped` writes thousands apart: '4,100 events'."""
    count = f"{n:,}" if grouped else str(n)
    return f"{count} {word}" if n == 1 else f"{count} {words or word + 's'}"


def scrub(text: str, replacement: str = "\ufffd") -> str:
    """`text` with every unsafe character replaced."""
    return UNSAFE.sub(replacement, text)


# The truncation mark: only ever means "cut here" (no date or other mark uses dots).
ELLIPSIS = {False: "…", True: "..."}


def cell_width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def truncate(text: str, width: int, *, ascii: bool = False) -> str:
    """Text cut to `width` columns, ending in '…' ('...' in ASCII) when cut."""
    if cell_width(text) <= width:
        return text
    mark = ELLIPSIS[ascii]
    room = width - len(mark)
    if room <= 0:
        return mark[: max(width, 0)]
    out, used = [], 0
    for c in text:
        w = cell_width(c)
        if used + w > room:
            break
        out.append(c)
        used += w
    return "".join(out).rstrip() + mark


def unicode_ok() -> bool:
    """False under LANG=C and other non-UTF-8 locales: the app's own output is then ASCII,
    in the browser and on the command line alike.

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


# Typographic punctuation and our own symbols with a plain equivalent, for ASCII terminals.
PLAIN = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "\u00a0": " ",
     "→": "->", "←": "<-", "·": "-", "•": "*"}
)  # fmt: skip


def to_ascii(text: str) -> str:
    """Text an ASCII terminal shows as meant: look-alikes where there are some ('→' is '->',
    curly quotes are straight), Cyrillic in Latin letters ('ОДКБ' is 'ODKB'), '?' for every
    other character it cannot show."""
    if text.isascii():
        return text
    return to_latin(text).translate(PLAIN).encode("ascii", "replace").decode("ascii")
