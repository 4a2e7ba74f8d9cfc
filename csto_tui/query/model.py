"""A query: the filters a sidebar, a search box or command-line options express."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

Facet = Literal["country", "body", "kind", "tag", "year", "since"]
FACETS: tuple[Facet, ...] = ("country", "body", "kind", "tag")  # the indexed ones
# The values of the 'since' facet (`--since REV`): events new, or changed, since REV.
SINCE_VALUES = ("new", "changed")
_FIELDS = {"country": "countries", "body": "bodies", "kind": "kinds", "tag": "tags",
           "since": "since"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Query:
    """AND across facets, OR inside one facet; an empty facet does not constrain.

    Everything a view of the data is: the dates as the user typed them (`from_text`,
    `to_text`, what the sidebar shows) beside the days they resolve to, the search and
    whether it filters or only highlights, and the order.
    """

    countries: frozenset[str] = field(default_factory=frozenset)
    bodies: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    reverse: bool = False
    from_text: str = ""
    to_text: str = ""
    highlight: bool = False  # the search marks matches instead of filtering
    # Of SINCE_VALUES: events new or changed since the browser's --since revision (the
    # revision is the session's, not the query's: the query says which of its marks).
    since: frozenset[str] = field(default_factory=frozenset)

    def values(self, facet: Facet) -> frozenset[str]:
        name = _FIELDS.get(facet)
        return getattr(self, name) if name else frozenset()

    def with_values(self, facet: Facet, values: frozenset[str]) -> Query:
        return replace(self, **{_FIELDS[facet]: frozenset(values)})

    def toggled(self, facet: Facet, value: str) -> Query:
        """The query with one facet value switched on or off."""
        return self.with_values(facet, self.values(facet) ^ {value})

    def cleared(self, facet: Facet | Literal["date", "text", "all"] = "all") -> Query:
        if facet == "all":
            return Query(reverse=self.reverse, highlight=self.highlight)
        if facet == "date":
            return replace(self, date_from=None, date_to=None, from_text="", to_text="")
        if facet == "text":
            return replace(self, text="")
        return self.with_values(facet, frozenset())

    def with_dates(
        self, date_from: date | None, date_to: date | None, from_text: str, to_text: str
    ) -> Query:
        return replace(
            self, date_from=date_from, date_to=date_to, from_text=from_text, to_text=to_text
        )

    @property
    def whole_year(self) -> int | None:
        """The year when the dates are exactly one calendar year (the sidebar's year rows)."""
        lo, hi = self.date_from, self.date_to
        if lo and hi and lo.year == hi.year and (lo.month, lo.day, hi.month, hi.day) == (
            1, 1, 12, 31
        ):  # fmt: skip
            return lo.year
        return None

    @property
    def searching(self) -> bool:
        return bool(self.text.strip())

    @property
    def filters(self) -> Query:
        """The query that selects the rows shown: in highlight mode the search does not."""
        return replace(self, text="") if self.highlight else self

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.countries or self.bodies or self.kinds or self.tags or self.since
            or self.date_from or self.date_to or self.text.strip()
        )  # fmt: skip
