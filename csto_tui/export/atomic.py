"""Write a file so readers see the old content or the new, never a half-written one."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


def _default_mode() -> int:
    """What `open()` would give a new file: 0o666 less the umask (mkstemp uses 0o600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write `text` to a temporary file in the same directory, fsync it, then os.replace it
    over `path`. On any failure the temporary file is removed and `path` is untouched.

    A symlink at `path` is followed, so the link stays and its target gets the content;
    an existing file keeps its permission bits.
    """
    target = Path(os.path.realpath(path))
    data = text.encode(encoding)
    try:
        st = target.stat()
    except FileNotFoundError:
        mode = _default_mode()
    else:
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):  # /dev/null, a FIFO:
            _write_through(target, data)  # written to as it is, never replaced by a file (as
            return  # root a rename over /dev/null succeeds, and all that uses it then fails)
        mode = st.st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_dir(target.parent)


def _write_through(target: Path, data: bytes) -> None:
    """Write to what is not a regular file in place: nothing half-written can be seen
    there, and there is no directory entry to swap."""
    with open(target, "wb") as f:
        f.write(data)


def _sync_dir(directory: Path) -> None:
    """Make the rename itself durable; not possible everywhere (Windows), so best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_error_words(path: str | os.PathLike[str], exc: OSError) -> str:
    """What went wrong writing `path`, in plain words about the path the user asked for:
    `write_atomic` fails on its temporary '.tmp' file, whose name means nothing to them.

    'the folder /x does not exist', 'permission denied: cannot write in /x', '/x/y is a
    folder', 'the disk is full', 'the file system is read-only'...
    """
    name = os.fspath(path)
    parent = os.path.dirname(name)
    folder = parent or "the current folder"
    code = exc.errno
    if code == errno.ENOENT:
        real = os.path.dirname(os.path.realpath(name))
        if os.path.isdir(parent or ".") and not os.path.isdir(real):  # a dangling link
            return f"the folder {real} does not exist (where the link {name} points)"
        return f"the folder {folder} does not exist"
    if code == errno.ENOTDIR:
        return f"{_first_file(name) or folder} is a file, not a folder"
    if code == errno.EISDIR:
        return f"{name} is a folder"
    if code in (errno.EACCES, errno.EPERM):
        return f"permission denied: cannot write in {folder}"
    if code == errno.ENOSPC:
        return f"the disk is full: no room to write {name}"
    if code == errno.EDQUOT:
        return f"the disk quota is used up: no room to write {name}"
    if code == errno.EROFS:
        return f"the file system is read-only: cannot write {name}"
    if code == errno.ENAMETOOLONG:
        return f"the file name is too long: {name}"
    if code == errno.ELOOP:
        return f"too many symbolic links in {name}"
    return f"cannot write {name}: {(exc.strerror or str(exc)).lower()}"


def _first_file(path: str) -> str | None:
    """The first part of `path` that is a file where a folder is needed ('notes.txt' in
    'notes.txt/out.csv'), or None."""
    parts = Path(path).parts
    for i in range(1, len(parts)):
        here = Path(*parts[:i])
        if here.exists() and not here.is_dir():
            return str(here)
    return None
