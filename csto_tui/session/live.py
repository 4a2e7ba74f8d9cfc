"""The dataset a browser shows, kept live: reloaded when its files change, never replaced
by data that is worse than what is shown.

A reload is *consistent*: the files' state is taken before and after reading them, and a
read during which anything changed is thrown away and done again, so a half-written file,
an editor's save through a temporary file or a `git checkout` of twenty files ends in one
reload of what is finally there. It is *accepted* only when it adds no error to the data
shown and loses no file: else the last good data stays and the reload's problems are
reported, to be shown beside it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from csto_tui.history.compare import DatasetChanges, compare_datasets
from csto_tui.loader.dataset import Progress, load_dataset
from csto_tui.model.dataset import Dataset
from csto_tui.model.diagnostics import Diagnostic, Severity, error
from csto_tui.session.files import State, snapshot, vanished
from csto_tui.session.memory import SessionCache

POLL = 0.5  # seconds between looks at the files when idle
SETTLE = 0.15  # a change is read once the files have stayed the same this long
TRIES = 20  # reads disturbed by a write in a row before giving up until the next change


@dataclass
class Reload:
    """What one reload found: the data now shown, whether it is the new one, the changes
    from the data shown before, and what kept a rejected one out (first the problems it
    adds, then every diagnostic of the files as they are)."""

    dataset: Dataset
    accepted: bool
    changes: DatasetChanges | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    attempt: Dataset | None = None  # what the files gave (its origins place the problems)
    by_hand: bool = False  # ctrl+r: the user asked, and hears back even when nothing changed


class LiveDataset:
    """The paths of a dataset, the last good data read from them, and reloads."""

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        cache: bool = True,
        poll: float = POLL,
        settle: float = SETTLE,
    ) -> None:
        self.paths = [os.fspath(p) for p in paths]
        self.store = SessionCache(enabled=cache)
        self.poll, self.settle = poll, settle
        self.good: Dataset | None = None
        self._state: State = {}  # of the files when `good` (or a rejected read) was read
        self._wake = threading.Event()
        self._accept_missing = False
        self._lock = threading.Lock()  # one reload at a time
        self._flag = threading.Lock()  # the request's flag, set and taken from two threads

    # -- reading ---------------------------------------------------------------------------

    def _read(
        self, progress: Progress | None = None, *, fast: bool = True
    ) -> tuple[Dataset, State] | None:
        """The dataset as the files are, read while nothing changed; None if writes kept
        disturbing it."""
        for _ in range(TRIES):
            before = snapshot(self.paths)
            dataset = load_dataset(self.paths, progress, store=self.store, fast=fast)
            after = snapshot(self.paths)
            if before == after:
                return dataset, after
            time.sleep(self.settle)
        return None

    def load(self, progress: Progress | None = None) -> Dataset:
        """The first read: shown whatever it holds (its errors in a banner)."""
        found = self._read(progress)
        if found is None:  # written to all along: show what the last try read
            found = (load_dataset(self.paths, progress, store=self.store), snapshot(self.paths))
        self.good, self._state = found
        return self.good

    def reload(
        self,
        *,
        accept_missing: bool = False,
        progress: Progress | None = None,
    ) -> Reload | None:
        """Read the files again; None when writes never let a read finish undisturbed
        (the next change tries again)."""
        with self._lock:  # one reload at a time (ctrl+r's worker and the watcher's)
            return self._reload(accept_missing, progress)

    def _reload(self, accept_missing: bool, progress: Progress | None) -> Reload | None:
        old = self.good
        # Only the files that changed are parsed again (the others come from memory), on
        # the fast path like a first load: yaml-rs runs on one thread of its own for the
        # life of the process, where it does not crash (loader/fast.py, docs/performance.md).
        found = self._read(progress)
        if found is None:
            return None
        new, state = found
        self._state = state  # this state is now judged: do not read it again unasked
        if old is None:
            self.good = new
            return Reload(new, True, None, list(new.diagnostics), new, accept_missing)
        changes = compare_datasets(old, new)
        # Files of the data shown that are gone now (not those of a rejected read).
        lost = [] if accept_missing else vanished(old.files, new.files, self.paths)
        lost_words = [
            error(p, 0, 0, "file removed; showing its last good data (ctrl+r reads without it)")
            for p in lost
        ]  # fmt: skip
        worse = [d for d in changes.new_errors if d.severity is Severity.ERROR]
        problems = [*lost_words, *worse]
        if problems:
            added = set(worse)
            rest = [d for d in new.diagnostics if d not in added]
            return Reload(old, False, changes, [*problems, *rest], new, accept_missing)
        self.good = new
        return Reload(new, True, changes, list(new.diagnostics), new, accept_missing)

    # -- waiting for a change ------------------------------------------------------------

    def request(self, *, accept_missing: bool = False) -> None:
        """Ask for a reload now (from any thread): ctrl+r, the editor's return."""
        with self._flag:
            self._accept_missing = self._accept_missing or accept_missing
        self._wake.set()

    def wait(
        self, stop: Callable[[], bool], *, watch: bool = True, progress: Progress | None = None
    ) -> Reload | None:
        """Block until the files change and settle (when `watch`) or a reload is asked
        for; then reload. None when `stop` says so, or the read never settled."""
        while not stop():
            if self._wake.wait(self.poll):
                self._wake.clear()
                with self._flag:
                    accept, self._accept_missing = self._accept_missing, False
                return self.reload(accept_missing=accept, progress=progress)
            if watch and snapshot(self.paths) != self._state and self._settled(stop):
                return self.reload(progress=progress)
        return None

    def _settled(self, stop: Callable[[], bool]) -> bool:
        """Whether the files stop changing (a burst of writes is read once, at its end)."""
        last = snapshot(self.paths)
        while not stop():
            time.sleep(self.settle)
            now = snapshot(self.paths)
            if now == last:
                return True
            last = now
        return False
