"""The schema of a valid record (pydantic): what the loader validates and how it words problems.

Validation ends in the compact records of `model.records` (`to_record`), which are what
everything else reads; only a load that has something to validate imports this module.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from csto_tui.model import records
from csto_tui.model.countries import is_country, suggest_countries
from csto_tui.model.dates import EDTFDate, EDTFError, edtf_text, parse_edtf
from csto_tui.model.records import SLUG_RE, Kind, Qualifier, RelationType, Role, Unit

_SLUG = re.compile(SLUG_RE)


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


_LANGUAGE = re.compile(r"[a-z]{2,3}")


def _language(value: str) -> str:
    if not _LANGUAGE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a language code: two or three lowercase letters "
            "(ISO 639, such as ru, kk, ky)"
        )
    return value


Slug = Annotated[str, Field(max_length=80), AfterValidator(_slug)]
Language = Annotated[str, AfterValidator(_language)]  # a key: the loader points at it
Country = Annotated[str, AfterValidator(_country)]
Date = Annotated[EDTFDate, BeforeValidator(_edtf), PlainSerializer(str, return_type=str)]
Text = Annotated[str, Field(min_length=1)]


class RecordIn(BaseModel):
    """Unknown fields are errors; records never change once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class LocationIn(RecordIn):
    place: Text | None = None
    region: Text | None = None
    country: Country | None = None


class BodyRefIn(RecordIn):
    id: Slug
    role: Role = "participant"

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        """A bare id string means that body as a participant."""
        return {"id": data} if isinstance(data, str) else data


class PersonIn(RecordIn):
    name: Text
    role: Text | None = None
    body: Slug | None = None
    country: Country | None = None
    names: dict[Language, Text] = {}


class FigureIn(RecordIn):
    metric: Text
    item: Text | None = None
    value: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    unit: Unit
    qualifier: Qualifier


class SourceIn(RecordIn):
    publisher: Text | None = None
    title: Text | None = None
    url: Text | None = None
    published: Date | None = None

    @model_validator(mode="after")
    def _named(self) -> SourceIn:
        if not (self.publisher or self.title):
            raise ValueError("a source needs a publisher or a title")
        return self


class RelatedIn(RecordIn):
    id: Slug
    type: RelationType


class EventIn(RecordIn):
    id: Slug
    date: Date
    title: Annotated[str, Field(min_length=3, max_length=120)]
    summary: Text
    kind: Kind
    location: LocationIn | None = None
    countries: Annotated[list[Country], AfterValidator(_unique)] = []
    bodies: list[BodyRefIn] = []
    people: list[PersonIn] = []
    figures: list[FigureIn] = []
    sources: Annotated[list[SourceIn], Field(min_length=1)]
    tags: Annotated[list[Slug], AfterValidator(_unique)] = []
    related: list[RelatedIn] = []


class OtherNameIn(RecordIn):
    name: Text
    abbr: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        """A bare string is the name alone: `ru: Секретариат ОДКБ`."""
        return {"name": data} if isinstance(data, str) else data


class BodyIn(RecordIn):
    id: Slug
    name: Text
    abbr: Text | None = None
    aliases: Annotated[list[Text], AfterValidator(_unique)] = []
    parent: Slug | None = None
    names: dict[Language, OtherNameIn] = {}


_RECORDS: dict[type[RecordIn], type[records.Record]] = {
    EventIn: records.Event,
    BodyIn: records.Body,
}


def to_record(model: EventIn | BodyIn) -> records.Event | records.Body:
    """The validated model as the compact record the program reads (a copy made in C)."""
    return msgspec.convert(model, _RECORDS[type(model)], from_attributes=True)


def parse_event(data: Any, *, strict: bool = False) -> records.Event:
    """Validate one event's raw mapping (raises pydantic's ValidationError)."""
    return msgspec.convert(EventIn.model_validate(data, strict=strict), records.Event,
                           from_attributes=True)  # fmt: skip


def parse_body(data: Any, *, strict: bool = False) -> records.Body:
    """Validate one body's raw mapping (raises pydantic's ValidationError)."""
    return msgspec.convert(BodyIn.model_validate(data, strict=strict), records.Body,
                           from_attributes=True)  # fmt: skip
