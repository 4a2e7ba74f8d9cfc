"""Writing records for curators: skeleton events and adding them to dataset files.

Headless (no Textual): the command line's `csto-tui new` and the browser call the same
functions.
"""

from csto_tui.authoring.insert import (
    AppendError,
    FileRefused,
    FileUnwritable,
    add_event,
    append_event,
    dataset_ids,
)
from csto_tui.authoring.skeleton import Skeleton, SkeletonError, skeleton

__all__ = [
    "AppendError",
    "FileRefused",
    "FileUnwritable",
    "Skeleton",
    "SkeletonError",
    "add_event",
    "append_event",
    "dataset_ids",
    "skeleton",
]
