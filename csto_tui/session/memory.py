"""A cache for one browsing session: what was read stays in memory, over the disk cache.

A reload then re-parses only the files whose bytes changed, even with `--no-cache` (which
asks for no reuse *between* runs) and when the cache directory cannot be written.
"""

from __future__ import annotations

from csto_tui.loader.cache import Cache, Checked, Entry, FileKey
from csto_tui.model.records import Body, Event


class SessionCache(Cache):
    """The latest entry per file path and the latest checks' verdict, kept in memory."""

    def __init__(self, *, enabled: bool = True) -> None:
        super().__init__(enabled=enabled)
        self._entries: dict[str, Entry] = {}
        self._checks: tuple[list[FileKey], Checked] | None = None

    def get(self, key: FileKey) -> Entry | None:
        entry = self._entries.get(key.path)
        if entry is not None and (entry.size, entry.mtime_ns, entry.digest) == (
            key.size, key.mtime_ns, key.digest):  # fmt: skip
            return entry
        entry = super().get(key)
        if entry is not None:
            self._entries[key.path] = entry
        return entry

    def put(
        self,
        key: FileKey,
        bodies: list[Body],
        body_origins: list[tuple[int, int]],
        events: list[Event],
        event_origins: list[tuple[int, int]],
    ) -> None:
        self._entries[key.path] = Entry(
            0, key.path, key.size, key.mtime_ns, key.digest,
            bodies, body_origins, event_origins, [], events,
        )  # fmt: skip
        super().put(key, bodies, body_origins, events, event_origins)

    def get_checks(self, keys: list[FileKey]) -> Checked | None:
        if self._checks is not None and self._checks[0] == keys:
            return self._checks[1]
        return super().get_checks(keys)

    def put_checks(self, keys: list[FileKey], checked: Checked) -> None:
        self._checks = (keys, checked)
        super().put_checks(keys, checked)
