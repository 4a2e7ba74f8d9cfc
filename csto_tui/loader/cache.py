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
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

import msgspec

from csto_tui.model.diagnostics import Diagnostic, Severity
from csto_tui.model.records import Body, Event

FORMAT = 3  # bump when records, origins, the entry layout or the checks change
ENV = "CSTO_TUI_CACHE_DIR"


class Entry(msgspec.Struct, array_like=True, gc=False):
    """What a start needs from one file: its records and where each starts.

    On disk: an 8-byte length, this header without `events`, then the events in chunks
    of CHUNK, each its own msgpack array, so a start never holds the whole entry's bytes
    and its records at once (peak memory)."""

    format: int
    path: str
    size: int
    mtime_ns: int
    digest: str
    bodies: list[Body]
    body_origins: list[tuple[int, int]]
    event_origins: list[tuple[int, int]]
    chunks: list[int]  # byte length of each chunk of events
    events: list[Event] = []


CHUNK = 5000  # events per chunk
_LENGTH = struct.Struct("<Q")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
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


class StoredDiagnostic(msgspec.Struct, array_like=True, gc=False):
    """A diagnostic with its file as an index into the dataset's files: the names are the
    ones given on the command line, which differ from run to run."""

    file: int
    line: int
    column: int
    severity: str
    message: str

    @classmethod
    def of(cls, d: Diagnostic, files: dict[str, int]) -> StoredDiagnostic:
        return cls(files[d.file], d.line, d.column, d.severity.value, d.message)

    def diagnostic(self, files: list[str]) -> Diagnostic:
        return Diagnostic(files[self.file], self.line, self.column, Severity(self.severity),
                          self.message)  # fmt: skip


class Checked(msgspec.Struct, array_like=True, gc=False):
    """The verdict of the checks across records over a set of files, each valid alone:
    which records stay, in date order (indices into the files' records in reading order),
    and what the checks said."""

    order: list[int]
    bodies: list[int]
    diagnostics: list[StoredDiagnostic]


class _ChecksEntry(msgspec.Struct, array_like=True, gc=False):
    format: int
    keys: str
    checked: Checked


class FileKey(msgspec.Struct, frozen=True):
    """The identity of one source file's bytes, as read now."""

    path: str
    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: Path, digest: str, stat: os.stat_result) -> FileKey:
        """`digest`: SHA-256 of the file's bytes, hex."""
        return cls(str(path.resolve()), stat.st_size, stat.st_mtime_ns, digest)


class Cache:
    """Entries under one directory; `enabled=False` reads and writes nothing."""

    def __init__(self, root: Path | None = None, *, enabled: bool = True) -> None:
        self.root = (root or cache_dir()) / f"v{FORMAT}"
        self.enabled = enabled
        self.note: str | None = None  # why entries could not be written, said once
        self._decoder = msgspec.msgpack.Decoder(Entry)
        self._events = msgspec.msgpack.Decoder(list[Event])
        self._encoder = msgspec.msgpack.Encoder()

    def _file(self, key: FileKey) -> Path:
        name = hashlib.sha256(key.path.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.root / f"{name}.msgpack"

    def get(self, key: FileKey) -> Entry | None:
        """The entry for exactly these bytes, or None (never raises)."""
        if not self.enabled:
            return None
        try:
            with self._file(key).open("rb") as f, gc_paused():
                total = os.fstat(f.fileno()).st_size
                (length,) = _LENGTH.unpack(f.read(_LENGTH.size))
                if length > total - _LENGTH.size:
                    return None  # a length no entry of this size can have: damaged
                entry = self._decoder.decode(f.read(length))
                if (entry.format, entry.path, entry.size, entry.mtime_ns, entry.digest) != (
                    FORMAT, key.path, key.size, key.mtime_ns, key.digest):  # fmt: skip
                    return None
                if (
                    any(n < 0 for n in entry.chunks)
                    or sum(entry.chunks) != total - _LENGTH.size - length
                ):
                    return None
                for size in entry.chunks:
                    entry.events.extend(self._events.decode(f.read(size)))
        except (OSError, msgspec.MsgspecError, ValueError, TypeError, struct.error):
            return None
        if len(entry.events) != len(entry.event_origins):
            return None
        if len(entry.bodies) != len(entry.body_origins):
            return None
        return entry

    def put(
        self,
        key: FileKey,
        bodies: list[Body],
        body_origins: list[tuple[int, int]],
        events: list[Event],
        event_origins: list[tuple[int, int]],
    ) -> None:
        """Store a valid file's records, atomically; a failure is remembered, not raised."""
        if not self.enabled:
            return
        chunks = [self._encoder.encode(events[i : i + CHUNK]) for i in range(0, len(events), CHUNK)]
        header = self._encoder.encode(Entry(FORMAT, key.path, key.size, key.mtime_ns, key.digest,
                                            bodies, body_origins, event_origins,
                                            [len(c) for c in chunks]))  # fmt: skip
        self._write(self._file(key), b"".join([_LENGTH.pack(len(header)), header, *chunks]))

    def _write(self, target: Path, blob: bytes) -> None:
        """Atomically (a temporary file renamed over), remembering the first failure."""
        tmp = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".entry-", suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(blob)
            os.replace(tmp, target)
            tmp = None
        except OSError as exc:
            if self.note is None:
                self.note = f"cache not written ({exc.strerror or exc}: {target.parent})"
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _checks_file(self, keys: list[FileKey]) -> tuple[Path, str]:
        digest = hashlib.sha256(msgspec.msgpack.encode(keys)).hexdigest()
        return self.root / "checks" / f"{digest[:32]}.msgpack", digest

    def get_checks(self, keys: list[FileKey]) -> Checked | None:
        """The checks' verdict for exactly these files' bytes, or None (never raises)."""
        if not self.enabled:
            return None
        path, digest = self._checks_file(keys)
        try:
            with gc_paused():
                entry = msgspec.msgpack.decode(path.read_bytes(), type=_ChecksEntry)
        except (OSError, msgspec.MsgspecError, ValueError, TypeError):
            return None
        if (entry.format, entry.keys) != (FORMAT, digest):
            return None
        return entry.checked

    def put_checks(self, keys: list[FileKey], checked: Checked) -> None:
        if self.enabled:
            path, digest = self._checks_file(keys)
            self._write(path, self._encoder.encode(_ChecksEntry(FORMAT, digest, checked)))

    def content_key(self, keys: list[FileKey]) -> str:
        """One key for the bytes of all these files, in order: what derived data (the
        checks' verdict, a search index) is a function of."""
        return self._checks_file(keys)[1]

    def get_derived(self, kind: str, key: str) -> bytes | None:
        """A blob another layer derived from a dataset's content (e.g. the query index),
        or None; stored with the key in full, so a name collision is never a hit."""
        if not self.enabled:
            return None
        try:
            blob = (self.root / kind / f"{key[:32]}.bin").read_bytes()
        except OSError:
            return None
        head = f"{FORMAT}:{key}\n".encode("ascii")
        return blob[len(head) :] if blob.startswith(head) else None

    def put_derived(self, kind: str, key: str, blob: bytes) -> None:
        if self.enabled:
            head = f"{FORMAT}:{key}\n".encode("ascii")
            self._write(self.root / kind / f"{key[:32]}.bin", head + blob)


def clear(root: Path | None = None) -> int:
    """Remove every entry (all versions); the number of files removed."""
    base = root or cache_dir()
    if not base.is_dir():
        return 0
    count = sum(1 for p in base.rglob("*") if p.is_file())
    shutil.rmtree(base)
    return count
