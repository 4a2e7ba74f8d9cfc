"""The browser's `--since REV`: the data it shows against the same files at a git revision.

The revision is resolved once, when the browser starts, and its side is read once (from
git's objects, no checkout) and kept: a reload then costs one `compare_datasets` of the
data shown with it. When every file is byte for byte as the revision has it, the data
shown at the start *is* the revision's side and nothing is parsed at all.

The browser names files as they were given (`events.yaml`, `../data/x.yaml`, absolute),
git from the repository's top (`data/events.yaml`): the revision's files are renamed to
the browser's names before they are read, so a file that is the same under another name
marks nothing, and a moved event's `file` change names files as the browser does.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from csto_tui.history.compare import DatasetChanges, compare_datasets
from csto_tui.history.git import GitError, Repository, Revision
from csto_tui.loader.dataset import load_sources
from csto_tui.model.dataset import Dataset
from csto_tui.model.text import scrub

WAIT = 0.05  # seconds between looks at `stop` while the revision's side is read


@dataclass(frozen=True)
class SincePlan:
    """The repository of the files, the revision (its commit fixed) and, per path as
    given, the same path from the repository's top."""

    repo: Repository
    revision: Revision
    paths: tuple[str, ...]
    specs: tuple[str, ...]
    cwd: Path


def plan_since(word: str, paths: Sequence[str], cwd: Path | None = None) -> SincePlan:
    """What `--since word` compares, checked: GitError (one line, a usage error) when the
    files are not in a git repository, outside the one the first is in, or the word names
    no commit. The repository is the files' own, wherever the browser is started."""
    cwd = cwd or Path.cwd()
    if not paths:
        raise GitError(
            "--since compares files of a git repository: name them (csto-tui data/ --since REV)"
        )
    first = cwd / paths[0]
    start = first if first.is_dir() else first.parent
    try:
        repo = Repository.find(start)
    except GitError as exc:
        if str(exc).startswith("not in a git repository"):
            shown = scrub(paths[0], "?")
            raise GitError(
                f"not in a git repository: {shown} (--since compares files with a revision "
                "of their repository)"
            ) from None
        raise GitError(str(exc).replace("`diff`", "`--since`")) from None
    revision = repo.resolve(word)
    specs = tuple(repo.pathspec(p, cwd) for p in paths)
    return SincePlan(repo, revision, tuple(paths), specs, cwd)


def browser_names(plan: SincePlan, shown: Sequence[str]) -> dict[str, str]:
    """Top name → the browser's name, for the files the browser read (`shown`)."""
    out: dict[str, str] = {}
    for name in shown:
        try:
            out.setdefault(plan.repo.pathspec(name, plan.cwd), name)
        except GitError:
            continue  # outside the repository: the revision cannot have it
    return out


def browser_name(plan: SincePlan, top_name: str, known: dict[str, str]) -> str:
    """How the browser would name the repository's `top_name`: as it does when it read
    that file, else as the loader names a file found under a path given (`data` and
    `x/y.yaml` give `data/x/y.yaml`: the path as written, then the rest)."""
    if top_name in known:
        return known[top_name]
    for path, spec in zip(plan.paths, plan.specs, strict=True):
        if top_name == spec:
            return str(Path(path))
        base = "" if spec == "." else spec + "/"
        if top_name.startswith(base):
            return str(Path(path) / top_name[len(base) :])
    return top_name


def _blob_id(data: bytes) -> str:
    """Git's id for a file's bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class SinceSession:
    """One browser's `--since`: the plan made on first use, the revision's side read once
    and kept; `changes` compares any data shown with it. Safe to call from several
    threads (a redo that starts while an earlier one still reads waits for that read)."""

    def __init__(self, word: str, paths: Sequence[str], cwd: Path | None = None) -> None:
        self.word = word
        self.paths = tuple(os.fspath(p) for p in paths)
        self.cwd = cwd or Path.cwd()
        self._lock = threading.Lock()
        self._plan: SincePlan | None = None
        self._base: Dataset | None = None
        self._reading: threading.Thread | None = None
        self._error: GitError | None = None

    def plan(self) -> SincePlan:
        with self._lock:
            if self._plan is None:
                self._plan = plan_since(self.word, self.paths, self.cwd)
            return self._plan

    def changes(
        self, shown: Dataset, stop: Callable[[], bool] = lambda: False
    ) -> DatasetChanges | None:
        """From the revision to `shown`; None when `stop` said to give up first. GitError
        when git cannot give the revision's side."""
        base = self.base(shown, stop)
        if base is None:
            return None
        return compare_datasets(base, shown)

    def base(self, shown: Dataset, stop: Callable[[], bool] = lambda: False) -> Dataset | None:
        """The revision's dataset, named as the browser names files; None on `stop`.

        The read (a whole dataset: at 100,000 events as long as a load without the cache)
        runs in a daemon thread of its own: quitting the browser never waits for it, and a
        later call picks up the same read instead of starting another."""
        plan = self.plan()
        with self._lock:
            if self._base is not None:
                return self._base
            if self._reading is None:
                same = self._unchanged(plan, shown)
                if same:
                    self._base = shown
                    return shown
                self._error = None
                self._reading = threading.Thread(
                    target=self._read, args=(plan, list(shown.files)), name="since-read",
                    daemon=True,
                )  # fmt: skip
                self._reading.start()
            reading = self._reading
        while reading.is_alive():
            if stop():
                return None
            reading.join(WAIT)
        with self._lock:
            if self._base is None:
                self._reading = None  # the next call reads again
                if self._error is not None:
                    raise self._error
            return self._base

    def _read(self, plan: SincePlan, shown_files: list[str]) -> None:
        try:
            known = browser_names(plan, shown_files)
            commit = plan.revision.commit or "HEAD"
            sources = [(browser_name(plan, top, known), data)
                       for top, data in plan.repo.read_at(commit, plan.specs)]  # fmt: skip
            base = load_sources(sources)
        except GitError as exc:
            with self._lock:
                self._error = exc
            return
        except Exception as exc:  # a thread of its own: its failure must reach the caller
            with self._lock:
                self._error = GitError(f"cannot read {plan.revision.label}: {exc}")
            return
        with self._lock:
            self._base = base

    def _unchanged(self, plan: SincePlan, shown: Dataset) -> bool:
        """Whether the files are as the revision has them (the same names, the same blob
        ids), so that `shown`, just read from them, is the revision's side as it is."""
        commit = plan.revision.commit or "HEAD"
        at = plan.repo.files_at(commit, plan.specs)
        known = browser_names(plan, shown.files)
        if sorted(browser_name(plan, top, known) for top, _ in at) != sorted(shown.files):
            return False
        for top, blob in at:
            try:
                data = (plan.repo.top / top).read_bytes()
            except OSError:
                return False
            if _blob_id(data) != blob:
                return False
        return True
