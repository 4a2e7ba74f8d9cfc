"""What the command line hands the browser: typed, so nothing is looked up by string."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BrowseOptions:
    """Paths to read and the filters to start with, as the user wrote them.

    Countries, kinds and dates are checked by the command line before the screen changes;
    bodies and tags need the data, so the browser resolves them once it is loaded.
    """

    paths: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    search: str = ""
    reverse: bool = False
    cache: bool = True  # False: --no-cache, every file read afresh
    watch: bool = False  # reload when the files change (off for the bundled data)
    since: str | None = None  # --since REV: mark what is new or changed since that revision
    highlight: bool = False  # the search only highlights (a saved view's mode, `--view`)
    view: str | None = None  # --view NAME: its filters are above; the name is for the header
