"""Pydantic records: the shape of one event and one body, as written in YAML.

Derived values (start/end, precision, flags, sort key) live on `EDTFDate`, never stored twice.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from csto_tui.model.countries import is_country, suggest_countries
from csto_tui.model.dates import EDTFDate, EDTFError, edtf_text, parse_edtf

SLUG_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_RE)

Kind = Literal[
    "meeting",
    "reception",
    "visit",
    "conference",
    "operation",
    "exercise",
    "agreement",
    "statement",
    "institutional",
]
Role = Literal["organiser", "host", "chair", "participant", "observer", "signatory"]
Unit = Literal["kg", "t", "g", "items", "persons", "cases", "operations"]
Qualifier = Literal["exact", "approx", "at-least", "at-most"]
RelationType = Literal["part-of", "follows", "precedes", "see-also"]

# The allowed values in declaration order, for messages, counts and the sidebar.
KINDS: tuple[str, ...] = get_args(Kind)
ROLES: tuple[str, ...] = get_args(Role)
UNITS: tuple[str, ...] = get_args(Unit)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
RELATION_TYPES: tuple[str, ...] = get_args(RelationType)


def is_slug(value: object) -> bool:
    """A well-formed id, as `Slug` accepts it: for checks that read raw record data."""
    return isinstance(value, str) and len(value) <= 80 and _SLUG.fullmatch(value) is not None


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"{value!r} is not a slug: lowercase letters and digits in words joined by '-'"
        )
    return value


def _edtf(value: Any) -> EDTFDate:
    if isinstance(value, EDTFDate):
        return value
    try:
        # Records built from `yaml.safe_load` carry dates and ints: the same text to us.
        text = edtf_text(value)
    except TypeError:
        raise ValueError(
            "a date must be an EDTF string such as 2025-06-30, 2018-05 or 2018"
        ) from None
    except EDTFError as exc:
        raise ValueError(exc.message) from None
    try:
        return parse_edtf(text)
    except EDTFError as exc:
        raise ValueError(exc.message) from None


def _country(value: str) -> str:
    if is_country(value):
        return value
    hint = suggest_countries(value)
    tip = f"; did you mean {' or '.join(repr(c) for c in hint)}?" if hint else ""
    raise ValueError(f"unknown country code {value!r} (ISO 3166-1 alpha-2 expected){tip}")


def _unique(values: list[Any]) -> list[Any]:
    """Reject repeats, naming both items (the loader points at the second one)."""
    seen: dict[Any, int] = {}
    for i, v in enumerate(values):
        if v in seen:
            raise ValueError(f"{v!r} is listed twice (items {seen[v] + 1} and {i + 1})")
        seen[v] = i
    return values


Slug = Annotated[str, Field(max_length=80), AfterValidator(_slug)]
Country = Annotated[str, AfterValidator(_country)]
Date = Annotated[EDTFDate, BeforeValidator(_edtf), PlainSerializer(str, return_type=str)]
Text = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Unknown fields are errors; records never change once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Location(Record):
    place: Text | None = None
    region: Text | None = None
    country: Country | None = None


class BodyRef(Record):
    id: Slug
    role: Role = "participant"

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        """A bare id string means that body as a participant."""
        return {"id": data} if isinstance(data, str) else data


class Person(Record):
    name: Text
    role: Text | None = None
    body: Slug | None = None
    country: Country | None = None


class Figure(Record):
    metric: Text
    item: Text | None = None
    value: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    unit: Unit
    qualifier: Qualifier

    @property
    def value_text(self) -> str:
        """4753.0 → '4,753'; 0.5 → '0.5' (figures read as written)."""
        v = self.value
        return f"{int(v):,}" if v == int(v) else f"{v:,}"

    @property
    def value_plain(self) -> str:
        """4753.0 → '4753'; 0.5 → '0.5': the number as typed into a search box."""
        v = self.value
        return str(int(v)) if v == int(v) else str(v)


class Source(Record):
    publisher: Text | None = None
    title: Text | None = None
    url: Text | None = None
    published: Date | None = None

    @model_validator(mode="after")
    def _named(self) -> Source:
        if not (self.publisher or self.title):
            raise ValueError("a source needs a publisher or a title")
        return self


class Related(Record):
    id: Slug
    type: RelationType


class Event(Record):
    id: Slug
    date: Date
    title: Annotated[str, Field(min_length=3, max_length=120)]
    summary: Text
    kind: Kind
    location: Location | None = None
    countries: Annotated[list[Country], AfterValidator(_unique)] = []
    bodies: list[BodyRef] = []
    people: list[Person] = []
    figures: list[Figure] = []
    sources: Annotated[list[Source], Field(min_length=1)]
    tags: Annotated[list[Slug], AfterValidator(_unique)] = []
    related: list[Related] = []

    @property
    def all_countries(self) -> tuple[str, ...]:
        """Participants and the location's country: what a country filter matches."""
        loc = self.location.country if self.location else None
        if loc and loc not in self.countries:
            return (*self.countries, loc)
        return tuple(self.countries)


class Body(Record):
    id: Slug
    name: Text
    abbr: Text | None = None
    aliases: Annotated[list[Text], AfterValidator(_unique)] = []
    parent: Slug | None = None

    @property
    def label(self) -> str:
        """Short form for narrow columns: the abbreviation when there is one."""
        return self.abbr or self.name
