"""Dates in words for the timeline's column (`date_style = "words"`): '28 May 2018',
'May 2018', '28 May→1 Jun 2018', '2003→'. The EDTF label (`short_label`) stays the default;
both keep the qualifiers' marks (`?` uncertain, `~` approximate, `%` both)."""

from __future__ import annotations

from csto_tui.model.dates import (
    _QUAL_MARK,
    _QUALS,
    _SEASONS,
    ARROW,
    UNKNOWN,
    EDTFDate,
    EDTFPoint,
    Precision,
    fit_label,
    short_label,
)

MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec")  # fmt: skip
STYLES = ("edtf", "words")


def _point(p: EDTFPoint, *, year: bool = True) -> str:
    body = p.text.rstrip(_QUALS)
    y = body[:4]
    match p.precision:
        case Precision.DAY:
            text = f"{int(body[8:10])} {MONTHS_SHORT[int(body[5:7]) - 1]}"
        case Precision.MONTH:
            text = MONTHS_SHORT[int(body[5:7]) - 1]
        case Precision.SEASON:
            text = _SEASONS[int(body[5:7])]
        case Precision.DECADE:
            return f"{body[:3]}0s" + _QUAL_MARK[p.uncertain, p.approximate]
        case _:
            return y + _QUAL_MARK[p.uncertain, p.approximate]
    return (f"{text} {y}" if year else text) + _QUAL_MARK[p.uncertain, p.approximate]


def words_label(d: EDTFDate, *, ascii: bool = False) -> str:
    """'28 May 2018'; an interval within one year names the year once, at its end."""
    arrow, a, b = ARROW[ascii], d.first, d.second
    if not d.is_interval:
        assert a is not None
        return _point(a)
    if a is None:
        assert b is not None
        return (UNKNOWN if d.start_unknown else "") + arrow + _point(b)
    if b is None:
        return _point(a) + arrow + (UNKNOWN if d.end_unknown else "")
    fine = (Precision.DAY, Precision.MONTH, Precision.SEASON)
    once = a.precision in fine and b.precision in fine and a.text[:4] == b.text[:4]
    return _point(a, year=not once) + arrow + _point(b)


def date_label(d: EDTFDate, style: str = "edtf", *, ascii: bool = False) -> str:
    return words_label(d, ascii=ascii) if style == "words" else short_label(d, ascii=ascii)


def fit_date(d: EDTFDate, width: int, style: str = "edtf", *, ascii: bool = False) -> str:
    """The label in `style` in at most `width` columns; words that do not fit give way to
    the EDTF label, which `fit_label` shortens keeping its meaning."""
    if style == "words":
        text = words_label(d, ascii=ascii)
        if len(text) <= width:
            return text
    return fit_label(d, width, ascii=ascii)
