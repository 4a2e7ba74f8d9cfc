"""'Did you mean …?' for a mistyped value: shared by validation and the checks across records."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(value: object, options: Iterable[str]) -> str:
    """' (did you mean 'meeting'?)' for the closest option, or ''."""
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value.lower(), list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
