"""A query: the filters a sidebar, a search box or command-line options express."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

Facet = Literal["country", "body", "kind", "tag", "year"]
FACETS: tuple[Facet, ...] = ("country", "body", "kind", "tag")


@dataclass(frozen=True, slots=True)
class Query:
    """AND across facets, OR inside one facet; an empty facet does not constrain."""

    countries: frozenset[str] = field(default_factory=frozenset)
    bodies: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    reverse: bool = False

    def values(self, facet: Facet) -> frozenset[str]:
        return {
            "country": self.countries,
            "body": self.bodies,
            "kind": self.kinds,
            "tag": self.tags,
        }.get(facet, frozenset())

    def with_values(self, facet: Facet, values: frozenset[str]) -> Query:
        name = {"country": "countries", "body": "bodies", "kind": "kinds", "tag": "tags"}[facet]
        return replace(self, **{name: frozenset(values)})

    def toggled(self, facet: Facet, value: str) -> Query:
        """The query with one facet value switched on or off."""
        return self.with_values(facet, self.values(facet) ^ {value})

    def cleared(self, facet: Facet | Literal["date", "text", "all"] = "all") -> Query:
        if facet == "all":
            return Query(reverse=self.reverse)
        if facet == "date":
            return replace(self, date_from=None, date_to=None)
        if facet == "text":
            return replace(self, text="")
        return self.with_values(facet, frozenset())

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.countries or self.bodies or self.kinds or self.tags
            or self.date_from or self.date_to or self.text.strip()
        )  # fmt: skip
