"""ISO 3166-1 alpha-2 country codes and names, shipped with the package (countries.tsv)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

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


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(code → common name, folded name or alias → code)."""
    names: dict[str, str] = {}
    by_name: dict[str, str] = {}
    text = resources.files(__package__).joinpath("countries.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, common, others = ([*line.split("\t"), ""])[:3]
        names[code] = common
        for name in [common, *filter(None, others.split("|"))]:
            by_name.setdefault(fold(name), code)
    return names, by_name


def country_codes() -> dict[str, str]:
    """All codes with their common English names."""
    return _table()[0]


def country_name(code: str) -> str:
    """The common name of a code; the code itself when unknown (display never fails)."""
    return _table()[0].get(code, code)


def is_country(code: str) -> bool:
    return code in _table()[0]


def resolve_country(text: str) -> str | None:
    """A code for a code (any case) or a name/alias ('Kyrgyzstan' → 'KG'); None if unknown."""
    names, by_name = _table()
    code = text.strip().upper()
    if len(code) == 2 and code in names:
        return code
    return by_name.get(fold(text.strip()))


def suggest_countries(text: str, limit: int = 3) -> list[str]:
    """Codes a mistyped value probably meant: exact name first, then close names."""
    exact = resolve_country(text)
    if exact:
        return [exact]
    _names, by_name = _table()
    close = difflib.get_close_matches(fold(text), list(by_name), n=limit, cutoff=0.8)
    return list(dict.fromkeys(by_name[n] for n in close))
