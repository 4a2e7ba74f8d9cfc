"""A query in words, for the browser's header and the command line's notes."""

from __future__ import annotations

from datetime import date

from csto_tui.model.countries import country_name
from csto_tui.model.registry import BodyRegistry
from csto_tui.query.model import Query


def _day(d: date) -> str:
    return d.isoformat()


def date_range_words(date_from: date | None, date_to: date | None) -> str:
    if date_from and date_to:
        if (
            date_from.year == date_to.year
            and (date_from.month, date_from.day) == (1, 1)
            and (
                date_to.month,
                date_to.day,
            )
            == (12, 31)
        ):
            return f"in {date_from.year}"
        return f"{_day(date_from)} to {_day(date_to)}"
    if date_from:
        return f"from {_day(date_from)}"
    if date_to:
        return f"until {_day(date_to)}"
    return ""


def query_words(query: Query, registry: BodyRegistry, *, ascii: bool = False) -> str:
    """'KG or RU · body CSTO · in 2018 · operation · search "channel"', or 'all events'."""
    parts: list[str] = []
    if query.countries:
        parts.append(" or ".join(sorted(country_name(c) for c in query.countries)))
    if query.bodies:
        names = sorted((registry.get(b).label if registry.get(b) else b) for b in query.bodies)  # type: ignore[union-attr]
        parts.append(" or ".join(names))
    when = date_range_words(query.date_from, query.date_to)
    if when:
        parts.append(when)
    if query.kinds:
        parts.append(" or ".join(sorted(query.kinds)))
    if query.tags:
        parts.append(" or ".join(f"#{t}" for t in sorted(query.tags)))
    if query.text.strip():
        q = query.text.strip()
        parts.append(f'search "{q}"' if ascii else f"search “{q}”")
    return (" - " if ascii else " · ").join(parts) if parts else "all events"
