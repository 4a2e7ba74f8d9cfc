"""A small, strict EDTF (ISO 8601-2) parser for the date forms our records use.

Why our own: the `edtf` package is slow (pyparsing), accepts far more than we want
in records (negative and Y-years, unspecified months, reversed intervals) and gives
struct_time bounds; we need fast, strict parsing with error positions, real `date`
bounds, and winters that end in February of the next year.

Accepted: YYYY-MM-DD, YYYY-MM, YYYY, YYYX (decade), YYYY-21..24 (seasons), each with
an optional single ? ~ % suffix, and intervals A/B whose ends are any of those or,
on one side only, open ('..') or unknown ('').
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import NoReturn

import msgspec

from csto_tui.model.text import ELLIPSIS, truncate

__all__ = [
    "EDTFDate",
    "EDTFError",
    "EDTFPoint",
    "Precision",
    "describe",
    "edtf_text",
    "fit_label",
    "parse_bound",
    "parse_edtf",
    "short_label",
]


class Precision(StrEnum):
    """How much of a date is known; declared finest first so rank compares coarseness."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"


_RANK = {p: i for i, p in enumerate(Precision)}


def coarser(a: Precision, b: Precision) -> bool:
    """Whether precision `a` knows less than `b` (a year is coarser than a day)."""
    return _RANK[a] > _RANK[b]


class EDTFError(ValueError):
    """A rejected date; `pos` is the 0-based offset of the problem so callers can show a column."""

    def __init__(self, message: str, pos: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos

    def __reduce__(self) -> tuple[type[EDTFError], tuple[str, int]]:
        # Custom __init__ args would otherwise be lost when pickled (e.g. by multiprocessing).
        return type(self), (self.message, self.pos)


_EXPECTED = (
    "expected YYYY, YYYY-MM, YYYY-MM-DD, YYYX, a season YYYY-21..24, "
    "optionally with ? ~ %, or an interval A/B"
)
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_QUALS = "?~%"
# ASCII-only on purpose: `\d` would also accept other scripts' digits.
_POINT_RE = re.compile(r"([0-9]{3})([0-9X])(?:-([0-9]{2})(?:-([0-9]{2}))?)?([?~%]?)")
_TIME_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]")


def _month_days(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


class EDTFPoint(msgspec.Struct, frozen=True, gc=False, array_like=True):
    """One non-interval date: the span of days it may denote, and how it is qualified."""

    text: str
    precision: Precision
    earliest: date
    latest: date
    uncertain: bool
    approximate: bool

    def __str__(self) -> str:
        return self.text


class EDTFDate(msgspec.Struct, frozen=True, gc=False, array_like=True):
    """A parsed date or interval; derived values are computed, so nothing is stored twice."""

    text: str
    first: EDTFPoint | None
    second: EDTFPoint | None
    is_interval: bool
    start_open: bool = False
    start_unknown: bool = False
    end_open: bool = False
    end_unknown: bool = False

    def __str__(self) -> str:
        return self.text

    @property
    def lower(self) -> date | None:
        """Earliest day; None when the start is open or unknown."""
        return self.first.earliest if self.first is not None else None

    @property
    def upper(self) -> date | None:
        """Latest day; None when the end is open or unknown (unknown counts as unbounded)."""
        last = self.second if self.is_interval else self.first
        return last.latest if last is not None else None

    @property
    def precision(self) -> Precision:
        """The coarser of the known ends, so a label never claims more than is known."""
        known = [p.precision for p in (self.first, self.second) if p is not None]
        return max(known, key=_RANK.__getitem__)

    @property
    def uncertain(self) -> bool:
        return any(p is not None and p.uncertain for p in (self.first, self.second))

    @property
    def approximate(self) -> bool:
        return any(p is not None and p.approximate for p in (self.first, self.second))

    @property
    def sort_key(self) -> tuple[date, date, str]:
        """Partial dates sort by their first day; text breaks ties so the order is total."""
        return (self.lower or date.min, self.upper or date.max, self.text)

    def overlaps(self, lo: date | None, hi: date | None) -> bool:
        """Whether our span meets [lo, hi]; None on either side means unbounded."""
        lower, upper = self.lower, self.upper
        return (hi is None or lower is None or lower <= hi) and (
            lo is None or upper is None or upper >= lo
        )


def _unexpected(ch: str, pos: int) -> NoReturn:
    if ch.isspace():
        raise EDTFError("whitespace is not allowed in a date", pos)
    if ch in _QUALS:
        raise EDTFError("a qualifier (? ~ %) may appear only once, at the end of a date", pos)
    raise EDTFError(f"unexpected {ch!r}: {_EXPECTED}", pos)


def _digits(s: str, i: int) -> int:
    j = i
    while j < len(s) and s[j] in "0123456789":
        j += 1
    return j - i


def _diagnose(s: str, base: int) -> NoReturn:
    """Explain why `s` is not a point; only runs on failure, so clarity beats speed here."""
    if not s:
        raise EDTFError(f"not an EDTF date: {_EXPECTED}", base)
    if _TIME_RE.match(s):
        raise EDTFError("a time of day is not supported; give the date only", base + 10)
    for i, ch in enumerate(s):
        if ch.isspace():
            _unexpected(ch, base + i)
    if s[0] == "-":
        raise EDTFError("negative years are not supported (years 0001-9999 only)", base)
    if s[0] == "Y" and s[1:2].isdigit():
        raise EDTFError("Y-prefixed years are not supported (years 0001-9999 only)", base)
    if s == "..":
        raise EDTFError("'..' (open end) is only allowed as one end of an interval", base)
    body = s[:-1] if s[-1] in _QUALS else s
    if not body:
        raise EDTFError("a qualifier (? ~ %) must follow a date", base)
    n = _digits(body, 0)
    if n == 0:
        _unexpected(body[0], base)
    if n == 3 and len(body) > 3 and body[3] == "x":
        raise EDTFError("an unspecified digit must be an uppercase X", base + 3)
    if n == 3 and len(body) > 3 and body[3] == "X":
        raise EDTFError("a decade (YYYX) cannot have a month or day", base + 4)
    if n != 4:
        if n < 3 and len(body) > n and body[n] in "Xx":
            raise EDTFError("only the last digit of a year may be unspecified (X)", base + n)
        raise EDTFError("a year must have exactly 4 digits (0001-9999)", base)
    for start, what in ((4, "month"), (7, "day")):
        if len(body) == start:
            break
        if body[start] != "-":
            _unexpected(body[start], base + start)
        n = _digits(body, start + 1)
        if n == 0:
            if len(body) == start + 1:
                raise EDTFError(f"the {what} is missing after '-'", base + start + 1)
            _unexpected(body[start + 1], base + start + 1)
        if n != 2:
            raise EDTFError(f"a {what} must have exactly 2 digits", base + start + 1)
    if len(body) > 10:
        _unexpected(body[10], base + 10)
    raise EDTFError(f"not an EDTF date: {_EXPECTED}", base)  # pragma: no cover - safety net


def _point(s: str, base: int) -> EDTFPoint:
    """Parse one non-interval date; `base` is its offset in the full text for error positions."""
    m = _POINT_RE.fullmatch(s)
    if m is None:
        _diagnose(s, base)
    head, last, mm, dd, q = m.groups()
    uncertain = q == "?" or q == "%"
    approximate = q == "~" or q == "%"
    if last == "X":
        if mm is not None:
            raise EDTFError("a decade (YYYX) cannot have a month or day", base + 4)
        y0 = int(head) * 10
        if y0 == 0:
            raise EDTFError("decade 000X includes year 0000, which is not supported", base)
        return EDTFPoint(
            s, Precision.DECADE, date(y0, 1, 1), date(y0 + 9, 12, 31), uncertain, approximate
        )
    year = int(head + last)
    if year == 0:
        raise EDTFError("year 0000 is not supported (the earliest is 0001)", base)
    if mm is None:
        return EDTFPoint(
            s, Precision.YEAR, date(year, 1, 1), date(year, 12, 31), uncertain, approximate
        )
    month = int(mm)
    if 21 <= month <= 24:
        if dd is not None:
            raise EDTFError("a season (21-24) cannot have a day", base + 8)
        if month == 24:
            if year == 9999:
                raise EDTFError("winter 9999 would end in year 10000, beyond 9999", base + 5)
            return EDTFPoint(
                s,
                Precision.SEASON,
                date(year, 12, 1),
                date(year + 1, 2, _month_days(year + 1, 2)),
                uncertain,
                approximate,
            )
        first = (month - 21) * 3 + 3
        return EDTFPoint(
            s,
            Precision.SEASON,
            date(year, first, 1),
            date(year, first + 2, _month_days(year, first + 2)),
            uncertain,
            approximate,
        )
    if not 1 <= month <= 12:
        raise EDTFError(f"month {mm} is out of range (01-12, or 21-24 for seasons)", base + 5)
    if dd is None:
        return EDTFPoint(
            s,
            Precision.MONTH,
            date(year, month, 1),
            date(year, month, _month_days(year, month)),
            uncertain,
            approximate,
        )
    day = int(dd)
    if not 1 <= day <= _month_days(year, month):
        raise EDTFError(f"day {dd} does not exist in {_MONTHS[month - 1]} {head}{last}", base + 8)
    d = date(year, month, day)
    return EDTFPoint(s, Precision.DAY, d, d, uncertain, approximate)


@lru_cache(maxsize=8192)
def parse_edtf(text: str) -> EDTFDate:
    """Parse a date of our EDTF subset; cached because records repeat the same dates a lot."""
    if not isinstance(text, str):
        raise TypeError(f"an EDTF date must be a str, not {type(text).__name__}")
    slash = text.find("/")
    if slash < 0:
        if not text:
            raise EDTFError(f"an empty string is not a date: {_EXPECTED}", 0)
        return EDTFDate(text, _point(text, 0), None, False)
    extra = text.find("/", slash + 1)
    if extra >= 0:
        raise EDTFError("an interval has exactly one '/'", extra)
    a, b = text[:slash], text[slash + 1 :]
    a_open, a_unknown = a == "..", a == ""
    b_open, b_unknown = b == "..", b == ""
    if (a_open or a_unknown) and (b_open or b_unknown):
        raise EDTFError("at most one end of an interval may be open or unknown", 0)
    first = None if a_open or a_unknown else _point(a, 0)
    second = None if b_open or b_unknown else _point(b, slash + 1)
    if first is not None and second is not None and first.earliest > second.latest:
        raise EDTFError(f"interval end {b} is before its start {a}", slash + 1)
    return EDTFDate(text, first, second, True, a_open, a_unknown, b_open, b_unknown)


def edtf_text(value: object) -> str:
    """Undo YAML's typing: `2025-06-30` arrives as a date and `2018` as an int."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # bool is an int, but `true` is never a year
        raise TypeError("a date cannot be a boolean")
    if isinstance(value, int):
        if not 0 <= value <= 9999:
            raise EDTFError(f"year {value} is out of range (0000-9999)", 0)
        return f"{value:04d}"
    if isinstance(value, date) and not hasattr(value, "hour"):  # datetime is a date subclass
        return value.isoformat()
    raise TypeError(f"cannot read a date from {type(value).__name__} {value!r}")


def parse_bound(text: str, *, end: bool) -> date:
    """A CLI filter bound: the first day of a partial date, or its last day when `end`."""
    d = parse_edtf(text)
    if d.is_interval or d.first is None:
        raise EDTFError("a bound must be a single date, not an interval", text.find("/"))
    return d.first.latest if end else d.first.earliest


# --- presentation -----------------------------------------------------------------------

_QUAL_MARK = {(False, False): "", (True, False): "?", (False, True): "~", (True, True): "%"}
# Each mark means one thing: qualifiers after a date as EDTF writes them, an arrow joins the
# ends of an interval (alone on one side: open), a word says an end is unknown. Dots are
# left to truncation, which is not a date mark at all.
ARROW = {False: "→", True: "->"}
UNKNOWN = "unknown"


def _iso_label(p: EDTFPoint) -> str:
    body = p.text.rstrip(_QUALS)
    if p.precision is Precision.SEASON:
        return f"{body[:4]} {_SEASONS[int(body[5:7])]}"
    return body


def _label(p: EDTFPoint, *, drop_year: bool = False, coarse: bool = False) -> str:
    """One end: '2018-05-28', '06-01' (year dropped), '2018' (`coarse`), then its qualifier."""
    if coarse and p.precision in (Precision.DAY, Precision.MONTH, Precision.SEASON):
        body = p.text[:4]
    else:
        body = _iso_label(p)
        if drop_year:
            body = body[5:]
    return body + _QUAL_MARK[p.uncertain, p.approximate]


def _qualified(p: EDTFPoint) -> bool:
    return p.uncertain or p.approximate


def _compose(d: EDTFDate, *, ascii: bool, coarse: bool) -> str:
    arrow = ARROW[ascii]
    a, b = d.first, d.second
    if not d.is_interval:
        assert a is not None
        return _label(a, coarse=coarse)
    if a is None:
        assert b is not None
        return (UNKNOWN if d.start_unknown else "") + arrow + _label(b, coarse=coarse)
    if b is None:
        return _label(a, coarse=coarse) + arrow + (UNKNOWN if d.end_unknown else "")
    if coarse:
        first, last = _label(a, coarse=True), _label(b, coarse=True)
        # Both ends in the same year, alike qualified: at year precision that is the year.
        return first if first == last else first + arrow + last
    fine = (Precision.DAY, Precision.MONTH)
    same_kind = (a.precision in fine and b.precision in fine) or (
        a.precision is b.precision is Precision.SEASON
    )
    # The end's year is dropped when repeated: '2018-05-28→06-01', '2025-06-19?→06-30?'.
    drop = same_kind and a.text[:4] == b.text[:4]
    return _label(a) + arrow + _label(b, drop_year=drop)


def short_label(d: EDTFDate, *, ascii: bool = False) -> str:
    """Compact label for the timeline and tables: '2018-05-28→06-01', '2025-06-19?',
    '2003→' (onwards), '→2018-06-02' (until), '2018-05-27→unknown'; `ascii` writes the
    arrow '->' for terminals without UTF-8."""
    return _compose(d, ascii=ascii, coarse=False)


def fit_label(d: EDTFDate, width: int, *, ascii: bool = False) -> str:
    """The label in at most `width` columns, keeping its meaning as long as it can: the full
    label, else every end at year precision ('2018-05-28→unknown' → '2018→unknown',
    qualifiers, arrows and words kept), and only then cut with the truncation mark."""
    full = short_label(d, ascii=ascii)
    if len(full) <= width:
        return full
    coarse = _compose(d, ascii=ascii, coarse=True)
    cut = truncate(coarse, width, ascii=ascii)
    if cut != coarse and ascii:
        kept = cut.removesuffix(ELLIPSIS[True])
        if kept.endswith("-") and coarse[len(kept) : len(kept) + 1] == ">":
            cut = kept[:-1] + ELLIPSIS[True]  # never half an arrow: '2018-...' reads as a date
    return cut


def _words(p: EDTFPoint, *, alone: bool, year: bool = True) -> str:
    """The unqualified phrase for one point; `alone` picks the stand-alone year wording."""
    body = p.text.rstrip(_QUALS)
    y = body[:4]
    match p.precision:
        case Precision.DAY:
            text = f"{int(body[8:10])} {_MONTHS[int(body[5:7]) - 1]}"
            return f"{text} {y}" if year else text
        case Precision.MONTH:
            text = _MONTHS[int(body[5:7]) - 1]
            return f"{text} {y}" if year else text
        case Precision.SEASON:
            season = _SEASONS[int(body[5:7])]
            if season == "winter":
                return f"winter {y}/{int(y) + 1:04d}"
            return f"{season} {y}"
        case Precision.YEAR:
            return f"some time in {y}" if alone and not p.approximate else y
        case Precision.DECADE:
            return f"the {body[:3]}0s"


def _phrase(p: EDTFPoint, *, alone: bool = False, year: bool = True) -> str:
    text = _words(p, alone=alone, year=year)
    if p.approximate:
        text = f"about {text}"
    if p.uncertain:
        text = f"{text} (uncertain)"
    return text


def describe(d: EDTFDate) -> str:
    """Plain English for the detail view; month names are fixed, never from the locale."""
    a, b = d.first, d.second
    if not d.is_interval:
        assert a is not None
        return _phrase(a, alone=True)
    if a is None:
        assert b is not None
        return f"until {_phrase(b)}" + (", start unknown" if d.start_unknown else "")
    if b is None:
        return f"from {_phrase(a)}" + (", end unknown" if d.end_unknown else " onwards")
    fine = (Precision.DAY, Precision.MONTH)
    if (
        a.precision in fine
        and b.precision in fine
        and a.text[:4] == b.text[:4]
        and not (_qualified(a) or _qualified(b))
    ):
        if a.precision is b.precision is Precision.DAY and a.text[5:7] == b.text[5:7]:
            return f"between {int(a.text[8:10])} and {_phrase(b)}"  # 28 and 31 May 2018
        return f"between {_phrase(a, year=False)} and {_phrase(b)}"
    return f"between {_phrase(a)} and {_phrase(b)}"
