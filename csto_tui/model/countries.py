"""ISO 3166-1 alpha-2 country codes and names, in English and (for the countries around the
CSTO) Russian, shipped with the package (countries.tsv)."""

from __future__ import annotations

import difflib
from functools import cache
from importlib import resources

from csto_tui.model.folding import fold
from csto_tui.model.scripts import has_cyrillic, script_fold

__all__ = ["closest_countries", "country_codes", "country_name", "fold", "is_country",
           "resolve_country", "russian_name", "suggest_countries"]  # fmt: skip


class _Table:
    """The table's lookups (a plain class: `dataclasses` costs a start ~13 ms to import)."""

    __slots__ = ("_by_key", "_spelt", "all_names", "by_name", "names", "russian")

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # code → common English name
        self.russian: dict[str, str] = {}  # code → usual Russian name, where there is one
        self.by_name: dict[str, str] = {}  # folded name or alias (either script) → code
        self.all_names: list[tuple[str, str]] = []  # (name as written, code)
        self._by_key: dict[str, str] | None = None
        self._spelt: dict[str, list[tuple[str, str]]] = {}

    def by_key(self) -> dict[str, str]:
        """Script key (`script_fold`) → code: 'Kirgiziya' is KG. Made on the first name
        that does not fold to one exactly (it doubles the table's ~6 ms)."""
        if self._by_key is None:
            by_key: dict[str, str] = {}
            for name, code in self.all_names:
                key = script_fold(name)
                by_key.setdefault(key, code)
                self._spelt.setdefault(key, []).append((name, code))
            self._by_key = by_key
        return self._by_key

    def spelt(self) -> dict[str, list[tuple[str, str]]]:
        """Script key → [(name as written, code)]: what suggestions are spelt from."""
        self.by_key()
        return self._spelt


@cache
def _table() -> _Table:
    table = _Table()
    text = resources.files(__package__).joinpath("countries.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, common, others, russian = ([*line.split("\t"), "", ""])[:4]
        table.names[code] = common
        ru = [n for n in russian.split("|") if n]
        if ru:
            table.russian[code] = ru[0]
        for name in [common, *filter(None, others.split("|")), *ru]:
            table.by_name.setdefault(fold(name), code)
            table.all_names.append((name, code))
    return table


def country_codes() -> dict[str, str]:
    """All codes with their common English names."""
    return _table().names


def country_name(code: str) -> str:
    """The common name of a code; the code itself when unknown (display never fails)."""
    return _table().names.get(code, code)


def russian_name(code: str) -> str | None:
    """The usual Russian name of a code ('KG' → 'Кыргызстан'), when the table has one."""
    return _table().russian.get(code)


def is_country(code: str) -> bool:
    return code in _table().names


def resolve_country(text: str) -> str | None:
    """A code for a code (any case) or a name/alias in Latin or Cyrillic letters
    ('Kyrgyzstan', 'Кыргызстан', 'Киргизия', 'Kirgiziya' → 'KG'); None if unknown."""
    table = _table()
    code = text.strip().upper()
    if len(code) == 2 and code in table.names:
        return code
    return table.by_name.get(fold(text.strip())) or table.by_key().get(script_fold(text.strip()))


def closest_countries(text: str, limit: int = 3, cutoff: float = 0.8) -> list[tuple[str, str]]:
    """(name as written, code) of the names closest to a mistyped one, compared by their
    script keys, so a Cyrillic or a Latin typo finds its name in either script; each name
    spelt in the typo's script where the table has it ('Казахстн' → 'Казахстан')."""
    spelt = _table().spelt()
    close = difflib.get_close_matches(script_fold(text.strip()), list(spelt), n=limit * 3,
                                      cutoff=cutoff)  # fmt: skip
    out: dict[str, str] = {}
    cyrillic = has_cyrillic(text)
    for key in close:  # one name per country, the closest
        names = spelt[key]
        name, code = next((n for n in names if has_cyrillic(n[0]) == cyrillic), names[0])
        out.setdefault(code, name)
    return [(name, code) for code, name in list(out.items())[:limit]]


def suggest_countries(text: str, limit: int = 3) -> list[str]:
    """Codes a mistyped value probably meant: exact name first, then close names."""
    exact = resolve_country(text)
    if exact:
        return [exact]
    return [code for _name, code in closest_countries(text, limit)]
