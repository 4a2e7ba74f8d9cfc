"""Load a dataset (files or directories of YAML) into validated records with diagnostics.

All problems of all files are collected in one pass; a record with an error is left out of
`Dataset.events`, so a browser can still show the valid ones beside a banner.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path as FsPath
from typing import Any

from csto_tui.loader.cache import Cache, Checked, FileKey, StoredDiagnostic, gc_paused
from csto_tui.loader.checks import cross_check
from csto_tui.loader.fast import read_fast, risky
from csto_tui.loader.parsed import LazyPositions, Parsed
from csto_tui.loader.positions import Positions, YamlProblem
from csto_tui.model.dataset import Dataset, Origin, Origins
from csto_tui.model.diagnostics import Diagnostic, error
from csto_tui.model.records import Body, Event
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.text import plural

MAX_FILE_BYTES = 256 * 1024 * 1024


def find_files(paths: Iterable[str | os.PathLike[str]], diags: list[Diagnostic]) -> list[FsPath]:
    """Files as given, and *.yaml / *.yml found recursively (sorted) in directories."""
    found: list[FsPath] = []
    for raw in paths:
        path = FsPath(raw)
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yaml", ".yml")
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not inside:
                diags.append(error(str(path), 0, 0, "no .yaml or .yml files in this directory"))
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            diags.append(error(str(path), 0, 0, "no such file or directory"))
    return list(dict.fromkeys(found))


def decode_text(data: bytes) -> str:
    """UTF-8 text (a BOM is allowed); YamlProblem naming the first bad byte otherwise."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # not "utf-8-sig": its error offsets skip the BOM
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as YAML positions do (the prefix is valid UTF-8).
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise YamlProblem(line, column, f"not UTF-8 text (byte 0x{data[exc.start]:02x})") from None


@dataclass(frozen=True, slots=True)
class LoadStep:
    """One progress report: words for a status line, and bytes done of the total."""

    message: str  # 'events.yaml: 40,000 of 100,000 events'
    done: int
    total: int

    def __str__(self) -> str:
        return self.message

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 1.0


Progress = Callable[[LoadStep], None]
"""Called from the loading thread at each file and every few thousand records."""


class _Steps:
    """Turns each file's record counts into steps of the whole load, in bytes."""

    def __init__(self, progress: Progress | None, sizes: list[int]) -> None:
        self.progress, self.total, self.before = progress, sum(sizes), 0
        self.sizes, self.index, self.name, self.last = sizes, 0, "", 0

    def file(self, index: int, name: str) -> None:
        self.before, self.index, self.name = sum(self.sizes[:index]), index, name
        count = len(self.sizes)
        self.say(f"reading {name} ({index + 1} of {plural(count, 'file')})", self.before)

    def records(self, done: int, total: int, section: str) -> None:
        size = self.sizes[self.index]
        done_bytes = self.before + (size * done // total if total else size)
        self.say(f"{self.name}: {done:,} of {total:,} {section}", done_bytes)

    def cached(self) -> None:
        self.say(f"{self.name}: from the cache", self.before + self.sizes[self.index])

    def say(self, message: str, done: int) -> None:
        # A file the fast path gave up on is read again: the bar waits, never goes back.
        self.last = max(done, self.last)
        if self.progress:
            self.progress(LoadStep(message, self.last, self.total))


@dataclass
class FileRecords:
    """What one file gave, for the checks across records.

    A file valid on its own has a `key` (it has a cache entry) and its records without
    positions; `parsed` is then made only if the checks must run. A file read by the
    positional loader (valid or not) comes as `parsed` directly.
    """

    name: str
    key: FileKey | None = None
    bodies: list[Body] = field(default_factory=list)
    body_origins: list[tuple[int, int]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    event_origins: list[tuple[int, int]] = field(default_factory=list)
    reread: Callable[[], tuple[list[Positions], list[Positions]] | None] | None = None
    parsed: tuple[list[Parsed], list[Parsed]] | None = None  # (events, bodies)
    # For the text checks: the file's text (None once gone), or None when a scan of its
    # bytes found nothing they look for, so its records are skipped.
    text: Callable[[], str | None] | None = None

    def as_parsed(self) -> tuple[list[Parsed], list[Parsed]]:
        """(events, bodies) as the checks read them: positions found only when asked."""
        if self.parsed is not None:
            return self.parsed
        shared = cache(self.reread or (lambda: None))

        def part(i: int) -> Callable[[], list[Positions] | None]:
            return lambda: found[i] if (found := shared()) else None

        name, body_pos, event_pos = self.name, part(0), part(1)
        events = []
        for n, (e, (line, col)) in enumerate(zip(self.events, self.event_origins, strict=True)):
            origin = Origin(name, line, col)
            events.append(Parsed(e, origin, LazyPositions(event_pos, n, origin)))
        bodies = []
        for n, (b, (line, col)) in enumerate(zip(self.bodies, self.body_origins, strict=True)):
            origin = Origin(name, line, col)
            bodies.append(Parsed(b, origin, LazyPositions(body_pos, n, origin)))
        return events, bodies


def _positions_of(name: str, text: str) -> tuple[list[Positions], list[Positions]] | None:
    """The positional loader's positions for a file (used only when a check reports)."""
    from csto_tui.loader.positional import FileReader

    reader = FileReader(name, [])
    reader.read(text)
    if not all(p.valid for p in [*reader.bodies, *reader.events]):
        return None
    return [p.positions for p in reader.bodies], [p.positions for p in reader.events]  # type: ignore[misc]


def read_file(
    path: FsPath, diags: list[Diagnostic], store: Cache, steps: _Steps, *, fast: bool = True
) -> FileRecords:
    """One file through the cache, else its bytes through `read_bytes`."""
    name = str(path)
    try:
        with path.open("rb") as f:
            stat = os.fstat(f.fileno())
            if stat.st_size > MAX_FILE_BYTES:
                raise YamlProblem(0, 0, f"file larger than {MAX_FILE_BYTES // 2**20} MiB: refused")
            # Hashed as a stream: a start from the cache never holds the file in memory.
            key = FileKey.of(path, hashlib.file_digest(f, "sha256").hexdigest(), stat)
            entry = store.get(key)
            if entry is None:
                f.seek(0)
                held = [f.read()]
                key = FileKey.of(path, hashlib.sha256(held[0]).hexdigest(), stat)  # what we parse
    except YamlProblem as p:
        diags.append(error(name, p.line, p.column, p.message))
        return FileRecords(name, parsed=([], []))
    except OSError as exc:
        diags.append(error(name, 0, 0, f"cannot read: {exc.strerror or exc}"))
        return FileRecords(name, parsed=([], []))
    if entry is not None:
        steps.cached()

        def source() -> str | None:
            try:
                return decode_text(path.read_bytes())
            except (OSError, YamlProblem):
                return None

        def reread() -> tuple[list[Positions], list[Positions]] | None:
            text = source()
            return None if text is None else _positions_of(name, text)

        return FileRecords(name, key, entry.bodies, entry.body_origins, entry.events,
                           entry.event_origins, reread, text=source)  # fmt: skip
    return read_bytes(name, held, diags, store, steps, key, fast=fast)


def read_bytes(
    name: str,
    held: list[bytes],
    diags: list[Diagnostic],
    store: Cache,
    steps: _Steps,
    key: FileKey | None = None,
    *,
    fast: bool = True,
) -> FileRecords:
    """One file's bytes through the fast path, else the positional loader; a valid file is
    kept in `store` under `key` (None: not kept). The bytes are taken out of `held` (one
    item) so that they can go before the parse: only the text stays in memory."""
    data = held.pop()
    try:
        text = decode_text(data)
    except YamlProblem as p:
        diags.append(error(name, p.line, p.column, p.message))
        return FileRecords(name, parsed=([], []))
    from csto_tui.loader.textcheck import may_mislead  # not on a start from the cache

    source = (lambda: text) if may_mislead(data) else None  # the text kept only then
    quick = None
    if fast and not risky(text, data):
        del data  # the text is all that is read from here on
        steps.say(f"{steps.name}: parsing", steps.before)
        quick = read_fast(name, text, _strict_event, _strict_body, steps.records)
    if quick is not None:
        bodies = [b for b, _ in quick.bodies]
        body_origins = [(o.line, o.column) for _, o in quick.bodies]
        events = [e for e, _ in quick.events]
        event_origins = [(o.line, o.column) for _, o in quick.events]
        if key is not None:
            store.put(key, bodies, body_origins, events, event_origins)
        return FileRecords(name, key, bodies, body_origins, events, event_origins,
                           lambda: _positions_of(name, text), text=source)  # fmt: skip
    from csto_tui.loader.positional import FileReader  # pydantic and PyYAML: only now

    before = len(diags)
    reader = FileReader(name, diags, steps.records)
    reader.read(text)
    valid = len(diags) == before
    if valid and key is not None:  # valid, though not for the fast path: still worth keeping
        store.put(key, _records(reader.bodies), _origins(reader.bodies),
                  _records(reader.events), _origins(reader.events))  # fmt: skip
    return FileRecords(name, key if valid else None, parsed=(reader.events, reader.bodies),
                       text=source)  # fmt: skip


def _records(parsed: list[Parsed]) -> list[Any]:
    """Every record as read, valid or not (None), so indices match the checks' verdict."""
    return [p.record for p in parsed]


def _origins(parsed: list[Parsed]) -> list[tuple[int, int]]:
    return [(p.origin.line, p.origin.column) for p in parsed]


def _cross_check(read: list[FileRecords], diags: list[Diagnostic]) -> Checked:
    """Run the checks across records and files: the records that stay, in date order."""
    parts = [r.as_parsed() for r in read]
    events = [p for e, _ in parts for p in e]
    bodies = [p for _, b in parts for p in b]
    before = len(diags)
    good_events, good_bodies = cross_check(events, bodies, diags)
    from csto_tui.loader.textcheck import check_text

    for r, (file_events, file_bodies) in zip(read, parts, strict=True):
        if r.text is not None:  # with the checks' verdict: cached with it
            check_text([*file_bodies, *file_events], r.text, diags)
    index = {id(p): i for i, p in enumerate(events)}
    body_index = {id(p): i for i, p in enumerate(bodies)}
    # Earliest start first, then earliest end, then id (the date's text plays no part).
    ordered = sorted(good_events, key=lambda p: (*p.record.date.sort_key[:2], p.record.id))  # type: ignore[union-attr]
    files = {r.name: i for i, r in enumerate(read)}
    return Checked(
        [index[id(p)] for p in ordered],
        [body_index[id(p)] for p in good_bodies],
        [StoredDiagnostic.of(d, files) for d in diags[before:]],
    )


def _strict_event(data: dict[str, Any]) -> Event:
    from csto_tui.model.schema import parse_event

    return parse_event(data, strict=True)


def _strict_body(data: dict[str, Any]) -> Body:
    from csto_tui.model.schema import parse_body

    return parse_body(data, strict=True)


def load_dataset(
    paths: Sequence[str | os.PathLike[str]],
    progress: Progress | None = None,
    *,
    store: Cache | None = None,
    fast: bool = True,
) -> Dataset:
    """Read, validate and cross-check every file; never raises for bad data.

    `progress` hears about each file and every few thousand records, for a browser's
    loading line; it is called from the loading thread. `store` is the cache (default:
    the user's; `Cache(enabled=False)` bypasses it). The checks across files see every
    file; their verdict is kept for the same bytes of the same files. `fast=False` reads
    every file not in the cache with the positional loader (see `LiveDataset.reload`).
    """
    # Hundreds of thousands of objects are made and none is garbage: the collector would
    # scan them again and again. Paused while loading; what was loaded is then frozen
    # (moved out of the collector's sight: it lives as long as the program).
    with gc_paused():
        dataset = _load(paths, progress, store if store is not None else Cache(), fast)
    gc.freeze()
    return dataset


def _load(
    paths: Sequence[str | os.PathLike[str]], progress: Progress | None, store: Cache, fast: bool
) -> Dataset:
    diags: list[Diagnostic] = []
    files = find_files(paths, diags)
    sizes = []
    for f in files:
        try:
            sizes.append(f.stat().st_size)
        except OSError:
            sizes.append(0)
    steps = _Steps(progress, sizes)
    read: list[FileRecords] = []
    for i, path in enumerate(files):
        steps.file(i, path.name)
        read.append(read_file(path, diags, store, steps, fast=fast))
    return _assemble(read, diags, store, steps)


def load_sources(sources: Sequence[tuple[str, bytes]]) -> Dataset:
    """A dataset from (name, bytes) pairs, read and checked as `load_dataset` reads files
    (the name stands for the file in diagnostics and origins): for files that are not on
    disk, such as a git revision's. The disk and the cache are never touched."""
    diags: list[Diagnostic] = []
    store = Cache(enabled=False)
    steps = _Steps(None, [len(data) for _, data in sources])
    read: list[FileRecords] = []
    with gc_paused():
        for i, (name, data) in enumerate(sources):
            steps.file(i, name)
            if len(data) > MAX_FILE_BYTES:
                message = f"file larger than {MAX_FILE_BYTES // 2**20} MiB: refused"
                diags.append(error(name, 0, 0, message))
                read.append(FileRecords(name, parsed=([], [])))
            else:
                read.append(read_bytes(name, [data], diags, store, steps))
        return _assemble(read, diags, store, steps)


def _assemble(
    read: list[FileRecords], diags: list[Diagnostic], store: Cache, steps: _Steps
) -> Dataset:
    """The dataset of the files read: checked across files (or their cached verdict)."""
    steps.say("checking references", steps.total)
    dataset = Dataset(files=[r.name for r in read])
    # Every file valid on its own and cached: the checks' verdict may be cached too, keyed
    # by all the files' keys in order (it is a function of their bytes alone).
    keys = [r.key for r in read if r.key is not None]
    cacheable = bool(read) and len(keys) == len(read) and not diags
    checked = store.get_checks(keys) if cacheable else None
    if cacheable and store.enabled:
        dataset.derived, dataset.content_key = store, store.content_key(keys)
    if checked is None:
        checked = _cross_check(read, diags)
        if cacheable:
            store.put_checks(keys, checked)
    else:  # the same bytes as a run before: its checks' verdict, with today's file names
        diags.extend(d.diagnostic(dataset.files) for d in checked.diagnostics)
    events = [e for r in read for e in (r.events if r.parsed is None else _records(r.parsed[0]))]
    bodies = [b for r in read for b in (r.bodies if r.parsed is None else _records(r.parsed[1]))]
    dataset.registry = BodyRegistry.build(bodies[i] for i in checked.bodies)
    dataset.events = [events[i] for i in checked.order]
    per_file = [r.event_origins if r.parsed is None else _origins(r.parsed[0]) for r in read]
    ids = [e.id for e in dataset.events]
    dataset.origins = Origins(ids, dataset.files, per_file, checked.order)
    dataset.diagnostics = sorted(diags, key=lambda d: d.sort_key)
    dataset.cache_note = store.note
    return dataset
