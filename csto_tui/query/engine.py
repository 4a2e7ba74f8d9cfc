"""The query engine: the one place the browser and the command line ask their questions."""

from __future__ import annotations

import difflib
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from csto_tui.model.countries import closest_countries, country_name, fold, resolve_country
from csto_tui.model.dataset import Dataset
from csto_tui.model.dates import EDTFError, parse_bound
from csto_tui.model.datewords import date_label
from csto_tui.model.records import KINDS, Body, Event
from csto_tui.model.scripts import script_fold
from csto_tui.query.index import Index, bit_list, search_fields
from csto_tui.query.model import FACETS, SINCE_VALUES, Facet, Query
from csto_tui.query.since import SinceMarks
from csto_tui.query.text import Terms, parse_terms, spans


class QueryError(ValueError):
    """A filter value that names nothing known; the message lists the closest valid ones."""


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0  # indentation in the body tree


@dataclass
class Result:
    """Matching events in display order, with what they were matched by."""

    query: Query
    events: Sequence[Event]  # a list from `run`; a view's reads them lazily
    indices: list[int]  # the events' places in the dataset, in display order
    total: int
    terms: Terms = field(default_factory=lambda: Terms((), ()))
    mask: int = 0  # the same events as a bitset

    def __len__(self) -> int:
        return len(self.events)


# The facets `counts` reports, in the order `stats` prints them.
COUNTED: tuple[Facet, ...] = ("year", "country", "body", "kind", "tag")
# Display order of a facet's values (bodies follow the registry tree, years time).
_ORDER: dict[str, Callable[[str], Any]] = {"country": country_name, "kind": KINDS.index, "tag": str}


def _closest(
    value: str, options: Iterable[str], what: str, key: Callable[[str], str] = fold
) -> QueryError:
    """The error for an unknown value, naming the closest options compared case- and
    accent-insensitively ('UNODCC' finds 'unodc'), as the options are spelt; `key`
    `script_fold` compares Cyrillic and Latin alike ('ОДКВ' finds 'ОДКБ' and 'odkb')."""
    options = sorted(set(options))
    spelt: dict[str, str] = {}
    for option in options:
        spelt.setdefault(key(option), option)
    close = difflib.get_close_matches(key(value.strip()), list(spelt), n=3, cutoff=0.5)
    names = list(dict.fromkeys(spelt[c] for c in close))
    hint = f"; closest: {', '.join(names)}" if names else f"; valid: {', '.join(options[:12])}"
    return QueryError(f"unknown {what} {value!r}{hint}")


def _body_label(body: Body) -> str:
    """A body's facet label: its abbreviation with the other languages' ('CSTO (ОДКБ)'),
    else its name."""
    if body.abbr and body.other_abbrs:
        return f"{body.abbr} ({', '.join(body.other_abbrs)})"
    return body.abbr or body.name


class QueryEngine:
    """Indexes a dataset once; answers queries, facet counts and matches from the indexes."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.index = Index(dataset)
        self.events = dataset.events
        self._value_cache: dict[str, dict[str, int]] = {}
        self._label_widths: dict[tuple[bool, str], array[int]] = {}
        # The browser's --since marks over these events: set by its screen (on the UI
        # thread) when a comparison is in; a view reads it once, when it is built.
        self.since: SinceMarks | None = None

    # -- building queries from user words ------------------------------------------------

    def parse(
        self,
        *,
        countries: Sequence[str] = (),
        bodies: Sequence[str] = (),
        kinds: Sequence[str] = (),
        tags: Sequence[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
        search: str = "",
        reverse: bool = False,
    ) -> Query:
        """A query from command-line style values; QueryError names the closest valid ones."""
        query = Query(
            countries=frozenset(self.resolve_country(c) for c in countries),
            bodies=frozenset(self.resolve_body(b) for b in bodies),
            kinds=frozenset(self.resolve_kind(k) for k in kinds),
            tags=frozenset(self.resolve_tag(t) for t in tags),
            date_from=self.resolve_bound(date_from, end=False),
            date_to=self.resolve_bound(date_to, end=True),
            text=search or "",
            reverse=reverse,
        )
        if query.date_from and query.date_to and query.date_from > query.date_to:
            raise QueryError(f"--from {date_from} is after --to {date_to}")
        return query

    def resolve_country(self, text: str) -> str:
        """A code from a code or a name in either script ('Казахстан', 'Kazakhstan')."""
        code = resolve_country(text)
        if code:
            return code
        # The names closest in either script, with their codes: the near ones alone when
        # there are some ('Kyrgystan' is Kyrgyzstan, not Pakistan), else the less near.
        close = closest_countries(text) or closest_countries(text, cutoff=0.5)
        if close:
            names = ", ".join(f"{name} ({code})" for name, code in close)
            raise QueryError(f"unknown country {text!r}; closest: {names}")
        raise QueryError(f"unknown country {text!r}; expected an ISO 3166-1 code (KG) or "
                         "a country's name (Kyrgyzstan, Кыргызстан)")  # fmt: skip

    def resolve_body(self, text: str) -> str:
        """An id from an id, abbreviation, alias or name in any script ('ОДКБ', 'odkb')."""
        found = self.dataset.registry.resolve(text)
        if found:
            return found
        raise _closest(text, self.dataset.registry.all_names(), "body", script_fold)

    def resolve_kind(self, text: str) -> str:
        """A kind in any case ('Meeting', 'MEETING')."""
        kind = fold(text.strip())
        if kind in KINDS:
            return kind
        raise _closest(text, KINDS, "kind")

    def resolve_tag(self, text: str) -> str:
        """A tag in any case ('UNODC' is 'unodc'); tags are slugs, so folding is lowercase."""
        tags = self.index.postings["tag"]
        if text in tags:
            return text
        found = self._tags_folded.get(fold(text.strip()))
        if found:
            return found
        raise _closest(text, tags, "tag")

    @cached_property
    def _tags_folded(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for tag in sorted(self.index.postings["tag"]):
            out.setdefault(fold(tag), tag)
        return out

    @staticmethod
    def resolve_bound(text: str | None, *, end: bool) -> date | None:
        if not text:
            return None
        try:
            return parse_bound(text.strip(), end=end)
        except EDTFError as exc:
            which = "--to" if end else "--from"
            raise QueryError(f"{which} {text!r}: {exc.message}") from None

    # -- answering ---------------------------------------------------------------------

    def _facet_mask(self, query: Query, facet: Facet) -> int:
        return self.index.any_of(facet, query.values(facet))

    def _text_mask(self, terms: Terms) -> int:
        """Every loose word's prefix and every phrase (from the word positions); both are
        memoised by the index, so the facet counts of the same search cost no more."""
        mask = self.index.all
        for word in terms.words:
            mask &= self.index.prefix(word)
            if not mask:
                return 0
        for phrase in terms.phrases:
            mask &= self.index.phrase(phrase)
            if not mask:
                return 0
        return mask

    def _base_masks(self, query: Query) -> dict[str, int]:
        """One mask per constraint, so facet counts can leave their own facet out."""
        masks = {f: self._facet_mask(query, f) for f in FACETS}
        masks["date"] = self.index.overlapping(query.date_from, query.date_to)
        masks["text"] = self._text_mask(parse_terms(query.text))
        masks["since"] = self._since_mask(query.since)
        return masks

    def _since_mask(self, values: frozenset[str]) -> int:
        """The 'since' facet: no value constrains nothing; without marks (no --since, or
        none yet) a chosen value matches nothing, as a value no event has."""
        if not values:
            return self.index.all
        return self.since.mask(values) if self.since is not None else 0

    def mask(self, query: Query, *, without: str | None = None) -> int:
        """Events matching `query`, ignoring the constraint named `without`."""
        return _and_except(self._base_masks(query), without, self.index.all)

    def select(self, query: Query) -> tuple[int, list[int]]:
        """The events matching `query`: as a bitset, and their indices in display order."""
        mask = self.mask(query)
        indices = bit_list(mask)
        if query.reverse:
            indices.reverse()
        return mask, indices

    def run(self, query: Query) -> Result:
        mask, indices = self.select(query)
        events = list(map(self.events.__getitem__, indices))
        return Result(query, events, indices, len(self.events), parse_terms(query.text), mask)

    def label_widths(self, ascii: bool, style: str = "edtf") -> array[int]:
        """Per event, the length of its timeline date label: made once per writing (the
        first view pays it, in the browser's worker), so a view's date column is a max."""
        widths = self._label_widths.get((ascii, style))
        if widths is None:
            cap = 255  # the array's limit; the timeline cuts far below it
            lengths = (len(date_label(e.date, style, ascii=ascii)) for e in self.events)
            widths = array("B", (min(cap, k) for k in lengths))
            self._label_widths[ascii, style] = widths
        return widths

    def match(self, event: Event, terms: Terms) -> dict[str, list[tuple[int, int]]]:
        """Which search fields matched, with the character spans to highlight in each."""
        if not terms:
            return {}
        found = {}
        for name, text in search_fields(event, self.dataset.registry).items():
            hit = spans(text, terms)
            if hit:
                found[name] = hit
        return found

    # -- facets and counts ----------------------------------------------------------------

    def facets(self, query: Query) -> dict[str, list[FacetValue]]:
        """For each value: how many events match the other active filters and this value.

        Selected values are always listed, even at zero, so they can be unselected.
        """
        masks = self._base_masks(query)
        out: dict[str, list[FacetValue]] = {}
        for facet in FACETS:
            others = _and_except(masks, facet, self.index.all)
            out[facet] = [
                v for v in self._facet_values(facet, query, others) if v.count or v.selected
            ]
        out["year"] = self.year_counts(_and_except(masks, "date", self.index.all))
        if self.since is not None:
            others = _and_except(masks, "since", self.index.all)
            out["since"] = [
                FacetValue(v, v, (self.since.mask(frozenset([v])) & others).bit_count(),
                           v in query.since)
                for v in SINCE_VALUES
            ]  # fmt: skip
        return out

    def count_values(self, facet: Facet, within: int) -> dict[str, int]:
        """For each value of `facet`, how many events of `within` its filter would select.

        The one definition of a count, shared by the sidebar and `stats`: country is a
        participant or the location's country, body is the body or any body below it,
        year is a span that overlaps the year (as `--from Y --to Y`), kind and tag as
        written. Every value is listed, zeros included, in display order.
        """
        return {value: (mask & within).bit_count() for value, mask in self._values(facet).items()}

    def counts(self, query: Query) -> dict[str, dict[str, int]]:
        """Per facet (year, country, body, kind, tag), the nonzero counts among the events
        matching `query`: what `stats` reports."""
        within = self.mask(query)
        return {
            facet: {v: n for v, n in self.count_values(facet, within).items() if n}
            for facet in COUNTED
        }

    def _values(self, facet: Facet) -> dict[str, int]:
        """Each value of `facet` with the bitset its filter selects, in display order."""
        cache = self._value_cache
        if facet not in cache:
            if facet == "year":
                cache[facet] = {str(y): mask for y, mask in self._year_masks.items()}
            elif facet == "body":
                cache[facet] = {
                    b.id: self.index.facet("body", b.id) for _, b in self.dataset.registry.walk()
                }
            else:
                keys = sorted(self.index.postings[facet], key=_ORDER[facet])
                cache[facet] = {k: self.index.postings[facet][k] for k in keys}
        return cache[facet]

    def _facet_values(self, facet: Facet, query: Query, others: int) -> list[FacetValue]:
        selected = query.values(facet)
        counts = self.count_values(facet, others)
        if facet == "body":
            return [
                FacetValue(b.id, _body_label(b), counts[b.id], b.id in selected, depth)
                for depth, b in self.dataset.registry.walk()
            ]
        ordered = sorted(set(counts) | set(selected), key=_ORDER[facet])
        label = country_name if facet == "country" else str
        return [FacetValue(k, label(k), counts.get(k, 0), k in selected) for k in ordered]

    @cached_property
    def years(self) -> list[int]:
        """Years in which some event starts or ends (bounded ends only)."""
        index, unbounded = self.index, date.max.toordinal()
        found = {y for y in index.year if y}
        found |= {date.fromordinal(u).year for u in set(index.upper) if u != unbounded}
        return sorted(found)

    @cached_property
    def _year_masks(self) -> dict[int, int]:
        """One bitset per year (events overlapping it), built once: counts are then ANDs."""
        return {y: self.index.overlapping(date(y, 1, 1), date(y, 12, 31)) for y in self.years}

    def year_counts(self, others: int) -> list[FacetValue]:
        return [FacetValue(y, y, n, False) for y, n in self.count_values("year", others).items()]


def _and_except(masks: dict[str, int], skip: str | None, everything: int) -> int:
    """AND of every constraint's mask but `skip`'s: a facet's count ignores its own filter."""
    total = everything
    for name, mask in masks.items():
        if name != skip:
            total &= mask
    return total
