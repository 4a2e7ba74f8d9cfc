"""A query in words, for the browser's header and the command line's notes."""

from __future__ import annotations

from csto_tui.model.countries import country_name
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.text import plural
from csto_tui.query.model import Query

# How a section is counted when its values no longer fit: '10 countries'.
_NOUNS = {"countries": ("country", "countries"), "bodies": ("body", "bodies"),
          "kinds": ("kind", "kinds"), "tags": ("tag", "tags")}  # fmt: skip


def date_range_words(query: Query) -> str:
    date_from, date_to = query.date_from, query.date_to
    if date_from and date_to:
        year = query.whole_year
        if year is not None:
            return f"in {year}"
        return f"{date_from.isoformat()} to {date_to.isoformat()}"
    if date_from:
        return f"from {date_from.isoformat()}"
    if date_to:
        return f"until {date_to.isoformat()}"
    return ""


def _sections(query: Query, registry: BodyRegistry, ascii: bool) -> list[tuple[str, list[str]]]:
    """(section, the values' names) in header order; the search is one value."""
    out: list[tuple[str, list[str]]] = []
    if query.countries:
        out.append(("countries", sorted(country_name(c) for c in query.countries)))
    if query.bodies:
        out.append(("bodies", sorted(_body(registry, b) for b in query.bodies)))
    when = date_range_words(query)
    if when:
        out.append(("dates", [when]))
    if query.kinds:
        out.append(("kinds", sorted(query.kinds)))
    if query.tags:
        out.append(("tags", [f"#{t}" for t in sorted(query.tags)]))
    if query.searching:
        q = query.text.strip()
        out.append(("search", [f'search "{q}"' if ascii else f"search “{q}”"]))
    return out


def _body(registry: BodyRegistry, body_id: str) -> str:
    body = registry.get(body_id)
    return body.label if body else body_id


def query_words(
    query: Query, registry: BodyRegistry, *, ascii: bool = False, width: int | None = None
) -> str:
    """'Kyrgyzstan or Russia · CSTO · in 2018 · search “channel”', or 'all events'.

    With a `width`, sections of several values give way to their count ('10 countries'),
    the longest first, until the words fit; the caller cuts what still does not fit.
    """
    sections = _sections(query, registry, ascii)
    if not sections:
        return "all events"
    sep = " - " if ascii else " · "
    texts = {name: " or ".join(values) for name, values in sections}

    def joined() -> str:
        return sep.join(texts[name] for name, _ in sections)

    if width is None:
        return joined()
    countable = sorted(
        (name for name, values in sections if name in _NOUNS and len(values) > 1),
        key=lambda name: -len(texts[name]),
    )
    for name in countable:
        if len(joined()) <= width:
            break
        values = dict(sections)[name]
        texts[name] = plural(len(values), *_NOUNS[name])
    return joined()
