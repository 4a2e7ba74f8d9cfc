"""The records a dataset holds once validated: compact, immutable, cheap to load.

`model.schema` (pydantic) decides what a valid record is and words every problem; these
msgspec Structs are what the rest of the program reads. Keeping the two apart means a start
from the cache never imports pydantic, and 100,000 events decode from it in C (a
`gc=False` Struct is not tracked by the garbage collector either).
"""

from __future__ import annotations

import re
from typing import Literal, get_args

import msgspec

from csto_tui.model.dates import EDTFDate

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
    """A well-formed id, as the schema accepts it: for checks that read raw record data."""
    return isinstance(value, str) and len(value) <= 80 and _SLUG.fullmatch(value) is not None


class Record(msgspec.Struct, frozen=True, gc=False, kw_only=True, array_like=True):
    """Records never change once loaded; in the cache a record is an array of its fields
    (no field names: a smaller entry that decodes faster)."""


class Location(Record, kw_only=True):
    place: str | None = None
    region: str | None = None
    country: str | None = None


class BodyRef(Record, kw_only=True):
    id: str
    role: Role = "participant"


class Person(Record, kw_only=True):
    name: str
    role: str | None = None
    body: str | None = None
    country: str | None = None
    names: dict[str, str] = {}  # language code → the name in it ('ru' → 'Садыр Жапаров')


class Figure(Record, kw_only=True):
    metric: str
    item: str | None = None
    value: float
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


class Source(Record, kw_only=True):
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    published: EDTFDate | None = None


class Related(Record, kw_only=True):
    id: str
    type: RelationType


class Event(Record, kw_only=True):
    id: str
    date: EDTFDate
    title: str
    summary: str
    kind: Kind
    location: Location | None = None
    countries: list[str] = []
    bodies: list[BodyRef] = []
    people: list[Person] = []
    figures: list[Figure] = []
    sources: list[Source] = []
    tags: list[str] = []
    related: list[Related] = []

    @property
    def all_countries(self) -> tuple[str, ...]:
        """Participants and the location's country: what a country filter matches."""
        loc = self.location.country if self.location else None
        if loc and loc not in self.countries:
            return (*self.countries, loc)
        return tuple(self.countries)


class OtherName(Record, kw_only=True):
    """A body's name in another language, and its abbreviation there."""

    name: str
    abbr: str | None = None


class Body(Record, kw_only=True):
    id: str
    name: str
    abbr: str | None = None
    aliases: list[str] = []
    parent: str | None = None
    names: dict[str, OtherName] = {}  # language code → name ('ru' → 'Секретариат ОДКБ')

    @property
    def label(self) -> str:
        """Short form for narrow columns: the abbreviation when there is one."""
        return self.abbr or self.name

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name the body is known by: id, abbreviation, name, aliases, then each
        language's name and abbreviation (what `--body` accepts)."""
        other = (n for o in self.names.values() for n in (o.abbr, o.name))
        return tuple(n for n in (self.id, self.abbr, self.name, *self.aliases, *other) if n)

    @property
    def other_abbrs(self) -> tuple[str, ...]:
        """The abbreviations in other languages ('ОДКБ'), for a facet's label."""
        return tuple(o.abbr for o in self.names.values() if o.abbr)
