"""Precomputed indexes over a dataset: posting bitsets per facet value, word positions, and
per-event arrays (dates, year and month runs) that a view is laid out from.

Sets of events are Python ints used as bitsets (bit i = the i-th event in date order):
AND/OR/popcount on 100,000 events take microseconds, so facet counts stay live. Whatever
runs per keystroke is a bisect, a big-int operation or a C-level `map` over an array: at
100,000 events a Python loop over the events alone costs more than a frame.
"""

from __future__ import annotations

import bisect
import hashlib
import sys
import threading
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from itertools import chain, compress, count, repeat
from operator import add
from pathlib import Path

import msgspec

from csto_tui.model.countries import country_name
from csto_tui.model.dataset import Dataset
from csto_tui.model.dates import Precision
from csto_tui.model.records import Event, Figure, Person
from csto_tui.model.registry import BodyRegistry
from csto_tui.query.text import FIELD_END, field_tokens, word_key, word_keys

_ZERO_ONE = bytes.maketrans(b"01", b"\x00\x01")
_LAST_CHAR = "\U0010ffff"  # sorts after any character a word can continue with


def bits(mask: int) -> Iterator[int]:
    """Indices of set bits, ascending."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def bit_flags(mask: int) -> bytes:
    """One byte per bit (0 or 1), lowest bit first, up to the highest set bit."""
    return bin(mask)[:1:-1].encode("ascii").translate(_ZERO_ONE)


def bit_list(mask: int) -> list[int]:
    """All indices of set bits, ascending; dense masks go through C-level string work."""
    if mask.bit_count() < 64:
        return list(bits(mask))
    flags = bit_flags(mask)
    return list(compress(range(len(flags)), flags))


def mask_of(indices: Iterable[int], size: int) -> int:
    """A bitset of event indices in any order (repeats allowed), for sets of any size."""
    if not isinstance(indices, Sized):
        indices = list(indices)
    count = len(indices)
    if count < 16:
        mask = 0
        for i in indices:
            mask |= 1 << i
        return mask
    if count < 4096:
        buf = bytearray((size + 7) // 8)
        for i in indices:
            buf[i >> 3] |= 1 << (i & 7)
        return int.from_bytes(buf, "little")
    digits = bytearray(b"0") * size  # one ASCII digit per event, set in C
    deque(map(digits.__setitem__, indices, repeat(ord("1"))), maxlen=0)
    return int(digits[::-1], 2)


def _figure_words(f: Figure) -> str:
    """'seized opium 4753 4,753 kg': the value as a number and as written, so both `4753`
    and `4,753` find it, and the unit."""
    return " ".join(filter(None, [f.metric, f.item, f.value_plain, f.value_text, f.unit]))


def _person_words(person: Person) -> str:
    """A person's name in every language, and their role."""
    return " ".join([person.name, person.role or "", *person.names.values()])


def search_fields(event: Event, registry: BodyRegistry) -> dict[str, str]:
    """The texts search looks in, by field name (what a match reports): the event's id too,
    so a curator can paste one from `check` or a file."""
    loc = event.location
    body_names = []
    for ref in event.bodies:
        body = registry.get(ref.id)
        if body:  # every name it has, in every language (ОДКБ finds the CSTO)
            body_names.extend(n for n in body.all_names if n != body.id)
    codes = event.all_countries
    return {
        "title": event.title,
        "summary": event.summary,
        "location": " ".join(filter(None, [loc.place, loc.region] if loc else [])),
        "people": " ".join(_person_words(p) for p in event.people),
        "bodies": " ".join(filter(None, body_names)),
        "countries": " ".join(f"{c} {country_name(c)}" for c in codes),
        "figures": " ".join(_figure_words(f) for f in event.figures),
        "tags": " ".join(event.tags),
        "sources": " ".join(" ".join(filter(None, [s.publisher, s.title])) for s in event.sources),
        "id": event.id,
    }


class Ordered:
    """Events sorted by one number each (a first or last day), with the bitset of every
    STEP-th suffix: 'at least v' is a bisect, one stored bitset and under STEP more bits."""

    STEP = 1024

    def __init__(self, values: Sequence[int]) -> None:
        self.size = len(values)
        self.order = sorted(range(self.size), key=values.__getitem__)
        self.keys = [values[i] for i in self.order]
        chunks = range(0, self.size, self.STEP)
        self.suffix = [0] * (len(chunks) + 1)  # suffix[c]: events order[c * STEP:]
        acc = 0
        for c in reversed(range(len(chunks))):
            acc |= mask_of(self.order[c * self.STEP : (c + 1) * self.STEP], self.size)
            self.suffix[c] = acc

    def at_least(self, value: int) -> int:
        """Events whose number is `value` or more."""
        j = bisect.bisect_left(self.keys, value)
        c = -(-j // self.STEP)
        return self.suffix[c] | mask_of(self.order[j : c * self.STEP], self.size)


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive events (in date order) that start in the same month: `first` is the
    first one's index; `year` is 0 for events with an open or unknown start."""

    first: int
    year: int
    month: int


class Index:
    """Bitsets per country, body (direct), kind and tag; per word its events and positions;
    per event its first and last day, year and month; the year/month runs."""

    # A word met this share of the events or more keeps a bitset; rarer words keep only
    # their positions (a bitset costs a bit per event, however rare the word).
    DENSE_SHARE = 32

    def __init__(self, dataset: Dataset) -> None:
        self.events = dataset.events
        self.registry = dataset.registry
        n = len(self.events)
        self.size = n
        self.all = (1 << n) - 1
        self.id_of: dict[str, int] = {ev.id: i for i, ev in enumerate(self.events)}
        lists: dict[str, defaultdict[str, list[int]]] = {
            f: defaultdict(list) for f in ("country", "body", "kind", "tag")
        }
        # Per event, as arrays (a list of ints would hold an object per number):
        self.lower = array("l")  # ordinal of the first day; 0 when unbounded
        self.upper = array("l")  # ordinal of the last day; a huge number when unbounded
        self.year = array("H")  # year of the first day; 0 for an open or unknown start
        self.month = array("B")  # month of the first day (1-12); 0 likewise
        by_precision: defaultdict[Precision, list[int]] = defaultdict(list)
        for i, ev in enumerate(self.events):
            for code in ev.all_countries:
                lists["country"][code].append(i)
            for ref in ev.bodies:
                lists["body"][ref.id].append(i)
            lists["kind"][ev.kind].append(i)
            for tag in ev.tags:
                lists["tag"][tag].append(i)
            lo, hi = ev.date.lower, ev.date.upper
            self.lower.append(lo.toordinal() if lo else 0)
            self.upper.append(hi.toordinal() if hi else date.max.toordinal())
            self.year.append(lo.year if lo else 0)
            self.month.append(lo.month if lo else 0)
            by_precision[ev.date.precision].append(i)
        self.postings = {
            f: {k: mask_of(v, n) for k, v in by_key.items()} for f, by_key in lists.items()
        }
        self.precisions = {p: mask_of(v, n) for p, v in by_precision.items()}
        self.runs = month_runs(self.year, self.month)
        self.by_lower = Ordered(self.lower)
        self.by_upper = Ordered(self.upper)
        # The word index is built on the first search (or by `ensure_words` in the
        # background): a start, a filter or `list` without --search never waits for it.
        self._dataset = dataset
        self._words_lock = threading.Lock()
        self._words_ready = False
        # Prefix and phrase bitsets, by word (str) or phrase (tuple): a user typing asks for
        # each prefix once, then again with every further word. One dict, so one clear()
        # (what scripts/bench.py does before each run) forgets them all.
        self._word_cache: dict[str | tuple[str, ...], int] = {}  # ('', key): one key's

    # -- words and their positions ---------------------------------------------------------

    @property
    def words_ready(self) -> bool:
        return self._words_ready

    def ensure_words(self, stop: Callable[[], bool] | None = None) -> bool:
        """Build (or read from the cache) the word index, once, from whichever thread asks
        first; the others wait for it. `stop` is asked every thousand events: True gives
        up (a browser quitting), leaving the index to a later call. Whether it is ready."""
        if self._words_ready:
            return True
        with self._words_lock:
            if self._words_ready:
                return True
            if not self._cached_words(self._dataset):
                if not self._index_words(stop):
                    return False
                self._cache_words(self._dataset)
            self._words_ready = True
            return True

    def _index_words(self, stop: Callable[[], bool] | None = None) -> bool:
        """Every search field's words as one stream of word ids (`tok`), each field
        followed by a gap so no phrase runs across fields or events; per word (ids follow
        the words' sorted order) its occurrences, ordered by the id of the word after it,
        with the event of each. A phrase is then bisects and C-level lookups, never a
        re-tokenised text. Positions are 32-bit: 4 billion words is far beyond memory."""
        ids = {FIELD_END: 0}  # word → first-seen id (any unique number); 0 is the gap
        fresh = count(1)
        stream = array("I", [0])  # a leading gap: every word has a position before it
        event_of = array("I", [0])
        at: defaultdict[int, array[int]] = defaultdict(partial(array, "I"))  # id → positions
        for i, ev in enumerate(self.events):
            if stop is not None and i % 1000 == 0 and stop():
                return False
            words = field_tokens(search_fields(ev, self.registry).values())
            word_ids = list(map(ids.setdefault, words, fresh))  # all in C, as below
            start = len(stream)
            stream.extend(word_ids)
            deque(map(array.append, map(at.__getitem__, word_ids),
                      range(start, start + len(word_ids))), maxlen=0)  # fmt: skip
            event_of.extend(repeat(i, len(word_ids)))
        del ids[FIELD_END]
        # The index holds loose keys, one id per key: tokens are keyed once each, not once
        # per occurrence, and the spellings of one word ('zhaparov', 'japarov') share an id.
        spelt: defaultdict[str, list[int]] = defaultdict(list)  # key → its tokens' ids
        for word, first in ids.items():
            spelt[word_key(word)].append(first)
        vocab = sorted(spelt)
        gap = len(vocab)  # after every real id: in no word's range
        remap = {first: new for new, key in enumerate(vocab) for first in spelt[key]}
        remap[0] = gap
        self.tok = array("I", map(remap.__getitem__, stream))
        following = self.tok[1:]  # following[p] is the id after position p
        following.append(gap)
        self.words = vocab
        self.starts = array("I", [0])
        self.post_pos = array("I")
        self.post_ev = array("I")
        self.dense: dict[int, int] = {}  # word id → its events, for frequent words
        dense_from = max(64, self.size // self.DENSE_SHARE)
        post_pos, post_ev, starts = self.post_pos, self.post_ev, self.starts
        for word in vocab:
            firsts = spelt[word]
            where = at.pop(firsts[0])
            if len(firsts) > 1:
                where = array("I", sorted(chain(where, *map(at.pop, firsts[1:]))))
            if len(where) > 1:
                post_pos.extend(sorted(where, key=following.__getitem__))
            else:
                post_pos.extend(where)
            starts.append(len(post_pos))
        post_ev.extend(map(event_of.__getitem__, post_pos))
        for new in range(gap):
            a, b = starts[new], starts[new + 1]
            if b - a >= dense_from:
                self.dense[new] = mask_of(post_ev[a:b], self.size)
        self._dense_ids = sorted(self.dense)
        return True

    # The word index is most of the build (at 100k events ~20 s of ~25): kept in the
    # loader's cache, keyed by the data's content, it is read back in about a second.

    def _cached_words(self, dataset: Dataset) -> bool:
        """Take the word index from the cache when it holds one for this content."""
        store, key, kind = dataset.derived, dataset.content_key, words_kind()
        if store is None or key is None or not kind:
            return False
        blob = store.get_derived(kind, key)
        if blob is None:
            return False
        try:
            kept = msgspec.msgpack.decode(blob, type=_Words)
            arrays = [array("I") for _ in range(5)]
            for out, raw in zip(arrays, (kept.tok, kept.pos, kept.ev, kept.starts, kept.dense_ids),
                                strict=True):  # fmt: skip
                out.frombytes(raw)
        except (msgspec.DecodeError, ValueError):
            return False  # unreadable: built afresh (and written again)
        tok, pos, ev, starts, dense_ids = arrays
        words = kept.words.split("\n") if kept.words else []
        width = (self.size + 7) // 8
        if (kept.size != self.size or len(starts) != len(words) + 1 or starts[-1] != len(pos)
                or len(ev) != len(pos) or len(kept.dense) != width * len(dense_ids)):  # fmt: skip
            return False
        self.words, self.tok, self.post_pos, self.post_ev, self.starts = words, tok, pos, ev, starts
        self.dense = {
            w: int.from_bytes(kept.dense[k * width : (k + 1) * width], "little")
            for k, w in enumerate(dense_ids)
        }
        self._dense_ids = list(dense_ids)
        return True

    def _cache_words(self, dataset: Dataset) -> None:
        store, key, kind = dataset.derived, dataset.content_key, words_kind()
        if store is None or key is None or not kind:
            return
        width = (self.size + 7) // 8
        kept = _Words(
            size=self.size,
            words="\n".join(self.words),  # words are \w+: never a line break
            tok=self.tok.tobytes(),
            pos=self.post_pos.tobytes(),
            ev=self.post_ev.tobytes(),
            starts=self.starts.tobytes(),
            dense_ids=array("I", self._dense_ids).tobytes(),
            dense=b"".join(self.dense[w].to_bytes(width, "little") for w in self._dense_ids),
        )
        store.put_derived(kind, key, msgspec.msgpack.encode(kept))

    def word_range(self, prefix: str) -> tuple[int, int]:
        """The ids of the words whose keys begin with the key `prefix` (ids follow the
        keys' order)."""
        self.ensure_words()
        lo = bisect.bisect_left(self.words, prefix)
        return lo, bisect.bisect_left(self.words, prefix + _LAST_CHAR, lo)

    def prefix(self, word: str) -> int:
        """Events with some word whose key begins with one of a search word's keys
        (`word_keys`: 'tokay' is also 'tokaye', as in Tokayev)."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        mask = 0
        for key in word_keys(word):
            mask |= self._key_prefix(key)
        self._remember(word, mask)
        return mask

    def _key_prefix(self, key: str) -> int:
        """Events with some word beginning with the key: the frequent words' bitsets ORed,
        the rare words' events (one slice of `post_ev` between two frequent words) added."""
        cached = self._word_cache.get(("", key))
        if cached is not None:
            return cached
        lo, hi = self.word_range(key)  # builds the word index on first use
        d_lo = bisect.bisect_left(self._dense_ids, lo)
        d_hi = bisect.bisect_left(self._dense_ids, hi, d_lo)
        mask = 0
        rare: list[array[int]] = []
        at = lo
        for w in self._dense_ids[d_lo:d_hi]:
            mask |= self.dense[w]
            if w > at:
                rare.append(self.post_ev[self.starts[at] : self.starts[w]])
            at = w + 1
        if hi > at:
            rare.append(self.post_ev[self.starts[at] : self.starts[hi]])
        if rare:
            mask |= mask_of(_joined(rare), self.size)
        self._remember(("", key), mask)
        return mask

    def phrase(self, words: tuple[str, ...]) -> int:
        """Events where consecutive words of one field begin with `words`, in order.

        Two adjacent phrase words are a bisect per word of the first one's prefix: the
        occurrences of a word are ordered by the word after it, so those followed by the
        second word are one slice. The rest of a longer phrase is checked at the positions
        found, looking the neighbouring word ids up in the stream. A word's keys (see
        `prefix`) are each a range of word ids.
        """
        if len(words) < 2:
            return self.prefix(words[0]) if words else self.all
        cached = self._word_cache.get(words)
        if cached is not None:
            return cached
        ranges = [[r for r in map(self.word_range, word_keys(w)) if r[0] < r[1]] for w in words]
        if not all(ranges):
            self._remember(words, 0)
            return 0
        # Anchor on the pair whose first word has the fewest words under its prefix (the
        # bisects' count), the earliest on ties: typed phrases end in the partial word.
        j = min(range(len(words) - 1), key=lambda k: sum(hi - lo for lo, hi in ranges[k]))
        pieces = self._pair(ranges[j], ranges[j + 1])
        others = [*range(j - 1, -1, -1), *range(j + 2, len(words))]  # outwards from j
        if not others:
            events: Sequence[int] = _joined([self.post_ev[a:b] for a, b in pieces])
        else:
            where = list(chain(*(self.post_pos[a:b] for a, b in pieces)))
            found = list(chain(*(self.post_ev[a:b] for a, b in pieces)))
            for m in others:
                inside = _in_ranges(ranges[m])
                ok = list(map(inside, map(self.tok.__getitem__, map(add, where, repeat(m - j)))))
                where, found = list(compress(where, ok)), list(compress(found, ok))
            events = found
        mask = mask_of(events, self.size)
        self._remember(words, mask)
        return mask

    def _pair(
        self, first: list[tuple[int, int]], second: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Slices of the postings where a word of the `first` id ranges is followed by one
        of the `second`."""
        tok, pos, starts = self.tok, self.post_pos, self.starts

        def following(p: int) -> int:
            return tok[p + 1]

        pieces = []
        for w in chain(*(range(*r) for r in first)):
            a, b = starts[w], starts[w + 1]
            for lo, hi in second:
                i = bisect.bisect_left(pos, lo, a, b, key=following)
                k = bisect.bisect_left(pos, hi, i, b, key=following)
                if k > i:
                    pieces.append((i, k))
        return pieces

    def _remember(self, key: str | tuple[str, ...], mask: int) -> None:
        if len(self._word_cache) > 4096:
            self._word_cache.clear()
        self._word_cache[key] = mask

    # -- facets and dates ------------------------------------------------------------------

    def facet(self, facet: str, value: str) -> int:
        if facet == "body":
            mask = 0
            for bid in self.registry.descendants(value):
                mask |= self.postings["body"].get(bid, 0)
            return mask
        return self.postings[facet].get(value, 0)

    def any_of(self, facet: str, values: frozenset[str]) -> int:
        if not values:
            return self.all
        mask = 0
        for v in values:
            mask |= self.facet(facet, v)
        return mask

    def overlapping(self, lo: date | None, hi: date | None) -> int:
        """Events whose span overlaps [lo, hi] (None = unbounded)."""
        if lo is None and hi is None:
            return self.all
        mask = self.all
        if hi is not None:
            mask &= ~self.by_lower.at_least(hi.toordinal() + 1)
        if lo is not None:
            mask &= self.by_upper.at_least(lo.toordinal())
        return mask


def _in_ranges(ranges: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a word id is in one of the ranges (one range: a C-level `in`)."""
    if len(ranges) == 1:
        return range(*ranges[0]).__contains__
    spans = [range(lo, hi) for lo, hi in ranges]
    return lambda w: any(w in r for r in spans)


def _joined(parts: list[array[int]]) -> array[int]:
    """Slices of the postings as one array: copied in C, no int object per entry."""
    if len(parts) == 1:
        return parts[0]
    out = array("I")
    for part in parts:
        out.extend(part)
    return out


@cache
def words_kind() -> str:
    """The cache's name for word indexes made by this code: the data's content is the key,
    but what a word is (tokens, folding and the script's loose keys, the search fields,
    this layout) is code, so its sources are in the name, with the byte order and width
    of the arrays."""
    here = Path(__file__).resolve()
    model = here.parents[1] / "model"
    sources = [here, here.with_name("text.py"), model / "countries.py", model / "countries.tsv",
               model / "scripts.py", model / "folding.py"]  # fmt: skip
    digest = hashlib.sha256()
    try:
        for source in sources:
            digest.update(source.read_bytes())
    except OSError:
        return ""  # the sources are not there to name: nothing is cached
    return f"query-keys-{digest.hexdigest()[:16]}-{sys.byteorder}{array('I').itemsize}"


class _Words(msgspec.Struct, frozen=True):
    """The word index as the cache keeps it: arrays as their bytes (native order and
    width, which the kind names), bitsets as little-endian bytes of one width."""

    size: int
    words: str
    tok: bytes
    pos: bytes
    ev: bytes
    starts: bytes
    dense_ids: bytes
    dense: bytes


def month_runs(years: Sequence[int], months: Sequence[int]) -> list[Run]:
    """Where the (year, month) of the first day changes along the events: the loader sorts
    events by date, so each month is one run and a view's headers are bisects."""
    out: list[Run] = []
    last = (-1, -1)
    for i, key in enumerate(zip(years, months, strict=True)):
        if key != last:
            out.append(Run(i, *key))
            last = key
    return out
