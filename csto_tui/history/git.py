"""The dataset as a git revision has it, read from git's objects without a checkout, and
as the working tree has it on disk; and which words of `diff` are revisions or paths.

Files are named by their path from the repository's top (`data/events.yaml`) on both
sides, so their events and diagnostics compare. Every failure is a `GitError`: one line
for the user, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from csto_tui.history.compare import DatasetChanges, compare_datasets
from csto_tui.loader.dataset import load_sources
from csto_tui.model.dataset import Dataset
from csto_tui.model.text import scrub

SUFFIXES = (".yaml", ".yml")
# English messages (we read git's exit codes, rarely its words), no lock on the index,
# and paths taken literally: 'data/*.yaml' names a file, not a pattern.
_ENV = {"LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0", "GIT_LITERAL_PATHSPECS": "1"}
_BLOB_MODES = frozenset({b"100644", b"100755"})  # not symlinks (120000), not submodules


class GitError(Exception):
    """What went wrong, in one line (a usage error: exit 2)."""


@dataclass(frozen=True, slots=True)
class Revision:
    """One side of a comparison: a commit (`name` as the user wrote it), or the working
    tree (both None)."""

    name: str | None = None
    commit: str | None = None

    @property
    def label(self) -> str:
        """'HEAD~1 (1a2b3c4d5e)' or 'working tree'."""
        if self.commit is None:
            return "working tree"
        return f"{scrub(self.name or '', '?')} ({self.commit[:10]})"


WORKING_TREE = Revision()


def _git(top: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run git in `top` and return what it did; GitError when it cannot run at all."""
    command = ["git", "-C", str(top), *args]
    try:
        env = {**os.environ, **_ENV}
        return subprocess.run(command, input=stdin, capture_output=True, check=False, env=env)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); `diff` needs it") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip().splitlines()
    return scrub(text[0] if text else "failed", "?").removeprefix("fatal: ")


def _output(done: subprocess.CompletedProcess[bytes]) -> bytes:
    if done.returncode != 0:
        raise GitError(f"git: {_first_line(done.stderr)}")
    return done.stdout


@dataclass(frozen=True)
class Repository:
    """A git work tree, found from a directory inside it."""

    top: Path

    @classmethod
    def find(cls, cwd: Path) -> Repository:
        done = _git(cwd, "rev-parse", "--show-toplevel")
        if done.returncode != 0:
            if b"not a git repository" in done.stderr:
                raise GitError(
                    f"not in a git repository: {scrub(str(cwd), '?')} (`diff` compares "
                    "revisions of the repository of the current directory)"
                )
            raise GitError(f"git: {_first_line(done.stderr)}")
        return cls(Path(os.fsdecode(done.stdout.rstrip(b"\n"))))

    def revision(self, word: str) -> Revision | None:
        """The commit `word` names, or None when it names none."""
        done = _git(
            self.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{word}^{{commit}}"
        )
        if done.returncode != 0:
            return None
        return Revision(word, done.stdout.decode("ascii").strip())

    def resolve(self, word: str) -> Revision:
        found = self.revision(word)
        if found is None:
            raise GitError(f"unknown revision {scrub(word, '?')!r}")
        return found

    def pathspec(self, path: str, cwd: Path) -> str:
        """`path` (relative to `cwd`) from the repository's top, '/'-separated; '.' for the
        top itself. GitError for a path outside the repository."""
        for candidate, base in (
            (Path(os.path.abspath(cwd / path)), self.top),
            ((cwd / path).resolve(), self.top.resolve()),  # through symbolic links
        ):
            try:
                return candidate.relative_to(base).as_posix() or "."
            except ValueError:
                continue
        top = scrub(str(self.top), "?")
        raise GitError(f"{scrub(path, '?')!r} is outside the repository {top}")

    def files_at(self, commit: str, specs: Sequence[str]) -> list[tuple[str, str]]:
        """(name, blob id) of the files `specs` select at `commit`, in name order."""
        out = _output(_git(self.top, "ls-tree", "-r", "-z", commit, "--", *specs))
        found = []
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, raw = entry.partition(b"\t")
            mode, kind, blob = meta.split(b" ")
            name = os.fsdecode(raw)
            if kind == b"blob" and mode in _BLOB_MODES and selected(name, specs):
                found.append((name, blob.decode("ascii")))
        return sorted(found)

    def read_at(self, commit: str, specs: Sequence[str]) -> list[tuple[str, bytes]]:
        """(name, bytes) of those files, read in one `git cat-file --batch`."""
        files = self.files_at(commit, specs)
        if not files:
            return []
        stdin = b"".join(blob.encode("ascii") + b"\n" for _, blob in files)
        out = _output(_git(self.top, "cat-file", "--batch", stdin=stdin))
        sources, at = [], 0
        for name, _ in files:
            end = out.index(b"\n", at)
            header = out[at:end].split(b" ")
            if len(header) != 3 or header[1] != b"blob":
                raise GitError(f"git could not read {scrub(name, '?')} at {commit[:10]}")
            size = int(header[2])
            sources.append((name, out[end + 1 : end + 1 + size]))
            at = end + 1 + size + 1  # the contents end with a newline of git's
        return sources

    def files_on_disk(self, specs: Sequence[str]) -> list[str]:
        """The files `specs` select in the working tree: tracked, or untracked and not
        ignored (a new file not yet added counts), that exist as regular files."""
        listing = ("ls-files", "-z", "--cached", "--others", "--exclude-standard", "--")
        out = _output(_git(self.top, *listing, *specs))
        names = {os.fsdecode(n) for n in out.split(b"\0") if n}
        return sorted(
            n
            for n in names
            if selected(n, specs) and (self.top / n).is_file() and not (self.top / n).is_symlink()
        )

    def read_on_disk(self, specs: Sequence[str]) -> list[tuple[str, bytes]]:
        sources = []
        for name in self.files_on_disk(specs):
            try:
                sources.append((name, (self.top / name).read_bytes()))
            except OSError as exc:
                raise GitError(f"cannot read {scrub(name, '?')}: {exc.strerror or exc}") from None
        return sources

    def read(self, side: Revision, specs: Sequence[str]) -> list[tuple[str, bytes]]:
        if side.commit is None:
            return self.read_on_disk(specs)
        return self.read_at(side.commit, specs)


def selected(name: str, specs: Sequence[str]) -> bool:
    """Whether `name` is one of the files `specs` mean, as `find_files` picks them: a file
    named itself, or a *.yaml / *.yml file under a directory, outside hidden folders."""
    for spec in specs:
        if name == spec:
            return True
        base = "" if spec == "." else spec.rstrip("/") + "/"
        inside = name[len(base) :].split("/") if name.startswith(base) else None
        if inside and name.endswith(SUFFIXES) and not any(p.startswith(".") for p in inside):
            return True
    return False


@dataclass(frozen=True)
class Comparison:
    """Two sides of one repository and the paths (from its top) to compare."""

    repo: Repository
    old: Revision
    new: Revision
    paths: tuple[str, ...]

    def sources(self) -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]]:
        """Both sides' files; GitError for a path that selects no file on either side."""
        old, new = self.repo.read(self.old, self.paths), self.repo.read(self.new, self.paths)
        names = [n for n, _ in old] + [n for n, _ in new]
        for spec in self.paths:
            if not any(selected(n, [spec]) for n in names):
                where = f"{self.old.label} or {self.new.label}"
                raise GitError(f"no .yaml or .yml files in {scrub(spec, '?')} ({where})")
        return old, new

    def datasets(self) -> tuple[Dataset, Dataset]:
        old, new = self.sources()
        return load_sources(old), load_sources(new)

    def changes(self) -> DatasetChanges:
        return compare_datasets(*self.datasets())


def plan(words: Sequence[str], after: Sequence[str] | None, cwd: Path | None = None) -> Comparison:
    """The comparison `diff` asks for: `words` are the arguments before `--` (`after`: the
    ones after it, None without a `--`).

    Without `--`, words are revisions as long as they name commits, then paths, which
    must exist (a word that is both is ambiguous, as in git); after `--`, paths only. No
    revision: HEAD against the working tree; one: it against the working tree; two: the
    first against the second. No path: the current directory.
    """
    cwd = cwd or Path.cwd()
    repo = Repository.find(cwd)
    revisions: list[Revision] = []
    paths: list[str] = []
    if after is not None:
        revisions = [repo.resolve(w) for w in words]
        paths = list(after)
    else:
        for word in words:
            found = repo.revision(word) if not paths else None
            exists = os.path.lexists(cwd / word)
            shown = scrub(word, "?")
            if found is not None and exists:
                raise GitError(
                    f"{shown!r} is both a revision and a path; write `diff {shown} --` for the "
                    f"revision or `diff -- {shown}` for the path"
                )
            if found is not None:
                revisions.append(found)
            elif exists:
                paths.append(word)
            else:
                raise GitError(
                    f"{shown!r} is neither a revision nor a path in the working tree (a path "
                    "that is only in a revision goes after `--`)"
                )
    if len(revisions) > 2:
        raise GitError("at most two revisions: `diff [REV [REV2]] [PATH ...]`")
    if not revisions:
        head = repo.revision("HEAD")
        if head is None:
            raise GitError("HEAD names no commit yet: nothing to compare the working tree with")
        revisions = [head]
    if len(revisions) == 1:
        revisions.append(WORKING_TREE)
    specs = tuple(dict.fromkeys(repo.pathspec(p, cwd) for p in (paths or ["."])))
    return Comparison(repo, revisions[0], revisions[1], specs)
