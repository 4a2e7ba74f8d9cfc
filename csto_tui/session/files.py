"""What the dataset's files look like on disk now, cheaply: for noticing a change by polling.

Polling, not inotify: a few `stat` calls per second cost nothing measurable (see
docs/performance.md), need no dependency, and work where inotify does not (NFS, sshfs,
containers' bind mounts), which is where our users' servers keep data.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

# path → (size, mtime_ns, ctime_ns, inode); a directory's entry records its own times, so a
# file added or removed shows even before it is a YAML file worth listing. The ctime moves
# on a chmod too (a file made unreadable) and on any write, even where mtimes are coarse.
State = dict[str, tuple[int, int, int, int]]


def _stat(path: str, state: State) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return  # gone or unreadable: its absence is the change
    state[os.path.normpath(path)] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def snapshot(paths: Iterable[str | os.PathLike[str]]) -> State:
    """The state of every file the loader would read under `paths`, and of the
    directories holding them (hidden ones skipped, as the loader skips them)."""
    state: State = {}
    for raw in paths:
        path = os.fspath(raw)
        if not os.path.isdir(path):
            _stat(path, state)
            continue
        for top, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            _stat(top, state)
            for name in names:
                if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                    _stat(os.path.join(top, name), state)
    return state


def vanished(
    before: Iterable[str], after: Iterable[str], given: Iterable[str | os.PathLike[str]]
) -> list[str]:
    """Files of a dataset (`before`: its file names) that another read of it (`after`)
    no longer has, found in a given directory (a file named on the command line that
    vanished is the loader's error already)."""
    named = {os.path.normpath(p) for p in given}
    now = {os.path.normpath(p) for p in after}
    return sorted(p for p in before if os.path.normpath(p) not in now | named)
