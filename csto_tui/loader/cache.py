"""A derived cache per source file: a valid file's records, ready to use without YAML.

Keyed by the file's resolved path, size, mtime_ns and SHA-256 of its bytes, plus a format
version: an edit, a `touch` with the same bytes, or a new program version each decide on
their own whether an entry still serves. Entries are msgpack (msgspec) decoded straight
into the record Structs, in C, with the garbage collector paused: 100,000 events in well
under a second where validating them again costs several (docs/performance.md).

Never trusted: an entry that is stale, truncated, corrupt, of another version or
unreadable is ignored (and replaced after the file is read); a cache directory that cannot
be written only costs speed, and says so once (`Cache.note`).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import msgspec

from csto_tui.model.records import Body, Event

FORMAT = 1  # bump when records, origins or the entry layout change
ENV = "CSTO_TUI_CACHE_DIR"


class Entry(msgspec.Struct, array_like=True, gc=False):
    """What a start needs from one file: its records and where each starts."""

    format: int
    path: str
    size: int
    mtime_ns: int
    digest: str
    bodies: list[Body]
    body_origins: list[tuple[int, int]]
    events: list[Event]
    event_origins: list[tuple[int, int]]


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Decoding creates a million small objects: the collector would scan them all, often."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def cache_dir() -> Path:
    """Where entries live: $CSTO_TUI_CACHE_DIR, else the platform's user cache dir."""
    override = os.environ.get(ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("csto-tui", appauthor=False))


class FileKey(msgspec.Struct, frozen=True):
    """The identity of one source file's bytes, as read now."""

    path: str
    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: Path, data: bytes, stat: os.stat_result) -> FileKey:
        return cls(str(path.resolve()), stat.st_size, stat.st_mtime_ns,
                   hashlib.sha256(data).hexdigest())  # fmt: skip


class Cache:
    """Entries under one directory; `enabled=False` reads and writes nothing."""

    def __init__(self, root: Path | None = None, *, enabled: bool = True) -> None:
        self.root = (root or cache_dir()) / f"v{FORMAT}"
        self.enabled = enabled
        self.note: str | None = None  # why entries could not be written, said once
        self._decoder = msgspec.msgpack.Decoder(Entry)
        self._encoder = msgspec.msgpack.Encoder()

    def _file(self, key: FileKey) -> Path:
        name = hashlib.sha256(key.path.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.root / f"{name}.msgpack"

    def get(self, key: FileKey) -> Entry | None:
        """The entry for exactly these bytes, or None (never raises)."""
        if not self.enabled:
            return None
        try:
            blob = self._file(key).read_bytes()
            with _gc_paused():
                entry = self._decoder.decode(blob)
        except (OSError, msgspec.MsgspecError, ValueError, TypeError):
            return None
        same = (entry.format, entry.path, entry.size, entry.mtime_ns, entry.digest) == (
            FORMAT, key.path, key.size, key.mtime_ns, key.digest)  # fmt: skip
        if not same or len(entry.events) != len(entry.event_origins):
            return None
        if len(entry.bodies) != len(entry.body_origins):
            return None
        return entry

    def put(
        self,
        key: FileKey,
        bodies: list[tuple[Body, tuple[int, int]]],
        events: list[tuple[Event, tuple[int, int]]],
    ) -> None:
        """Store a valid file's records, atomically; a failure is remembered, not raised."""
        if not self.enabled:
            return
        entry = Entry(FORMAT, key.path, key.size, key.mtime_ns, key.digest,
                      [b for b, _ in bodies], [o for _, o in bodies],
                      [e for e, _ in events], [o for _, o in events])  # fmt: skip
        target = self._file(key)
        tmp = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".entry-", suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(self._encoder.encode(entry))
            os.replace(tmp, target)
            tmp = None
        except OSError as exc:
            if self.note is None:
                self.note = f"cache not written ({exc.strerror or exc}: {target.parent})"
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def clear(root: Path | None = None) -> int:
    """Remove every entry (all versions); the number of files removed."""
    base = root or cache_dir()
    if not base.is_dir():
        return 0
    count = sum(1 for p in base.rglob("*") if p.is_file())
    shutil.rmtree(base)
    return count
