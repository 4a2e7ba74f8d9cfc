"""Case- and accent-insensitive keys of text (headless; no other module of ours needed,
so every other one, `countries` and `scripts` alike, can build on it)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose into base + accent, spelled as their usual Latin base.
_UNDECOMPOSED = str.maketrans(
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h",
     "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i"}
)  # fmt: skip


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Türkiye' and 'turkiye', 'Łódź' and 'lodz' fold alike.

    Only the runs of non-ASCII characters need Unicode work (NFKD works character by
    character and marks stay in their run), and they repeat: each run is folded once.
    """
    if text.isascii():  # the common case, 20x faster than normalising
        return text.lower()
    parts = _NON_ASCII.split(text)  # ascii, run, ascii, run, ..., ascii
    parts[0::2] = [p.lower() for p in parts[0::2]]
    parts[1::2] = [_fold_run(p) for p in parts[1::2]]
    return "".join(parts)


_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")


@lru_cache(maxsize=16384)
def _fold_run(run: str) -> str:
    decomposed = unicodedata.normalize("NFKD", run.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
