"""The curator's workbench in the browser: the data's problems (the banner, d lists
them) and editing the files (e edits an event, a adds one), which reloads them."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.widgets import Static

from csto_tui.model.diagnostics import Severity
from csto_tui.model.text import plural
from csto_tui.ui.render import cut_text, from_here
from csto_tui.ui.safe import inert

if TYPE_CHECKING:
    from csto_tui.model.dataset import Dataset
    from csto_tui.model.diagnostics import Diagnostic

WEB_EDITING = "editing needs a terminal session, and this is a web page"


def _located(d: Diagnostic, room: int) -> str:
    """A diagnostic in `room` characters or so, its place kept whole: the file named from
    the current directory when it is inside it, else by its last two parts."""
    path = from_here(d.file) or d.file
    text = str(replace(d, file=path))
    if len(text) > room and path.count(os.sep) > 1:
        text = str(replace(d, file=os.path.join("…", *Path(path).parts[-2:])))
    return text


class Curating:
    """The browser's problems and editing. Needs of the screen: `dataset`, `current`,
    `ascii`, `_problems`, `_problems_heading`, `_problem_data` (the read the problems
    are about), `_banner`, `_jump_to_event`, `_request_reload` (Loading), the banner
    Static, and the app (`notify`, `push_screen`, `edit_file`, `is_web`, `size`,
    `screen_stack`)."""

    def _show_problems(
        self, problems: list[Diagnostic], data: Dataset | None, *, kept: bool
    ) -> None:
        """The banner over the data shown: its errors, or what kept a reload out."""
        self._problems, self._problem_data = list(problems), data
        errors = [d for d in problems if d.severity is Severity.ERROR]
        banner = self.query_one("#banner", Static)
        shown = plural(len(self.dataset.events) if self.dataset else 0, "valid event")
        if kept:
            self._problems_heading = (
                f"The files have problems; the last good data is shown ({shown})."
            )
        else:
            self._problems_heading = f"The data shown ({shown}) is the files as they are."
        if not errors:
            banner.display = False
        else:
            more = (
                f" (+{len(errors) - 1} more; d lists them)" if len(errors) > 1 else " (d: details)"
            )
            if kept:
                lead = "Kept the last good data. "
            else:
                lead = f"{plural(len(errors), 'data error')}; showing the {shown}. First: "
            # Two lines at most, whatever the width: the first problem is cut, the lead
            # and the key that lists them all are not.
            room = 2 * (self.app.size.width - 2) - len(lead) - len(more)
            first = cut_text(inert(_located(errors[0], room)), max(room, 20), ascii=self.ascii)
            self._banner(f"{lead}{first}{more}")
        self.refresh_bindings()
        from csto_tui.ui.screens.problems import ProblemsScreen

        listing = next((s for s in self.app.screen_stack if isinstance(s, ProblemsScreen)), None)
        if listing is not None:  # open while the files changed: it follows them
            if problems:
                listing.show(problems, self._problems_heading)
            elif listing is self.app.screen:
                listing.dismiss(None)
            else:  # under another dialog: it says so when it is seen again
                listing.show([], "The files have no problems now.")

    def action_problems(self) -> None:
        from csto_tui.ui.screens.problems import ProblemChosen, ProblemsScreen

        def chosen(choice: ProblemChosen | None) -> None:
            if choice is None:
                return
            d = choice.diagnostic
            if choice.action == "edit":
                self._edit_at(d.file, d.line)
                return
            data = self._problem_data
            found = data.event_at(d.file, d.line) if data is not None else None
            if found is None or self.dataset is None or self.dataset.event(found) is None:
                self.app.notify(f"The record at {d.file}:{d.line} is not loaded (it has "
                                "errors); e in the list opens the editor there.")  # fmt: skip
            else:
                self._jump_to_event(found)

        if self._problems:
            self.app.push_screen(ProblemsScreen(self._problems, self._problems_heading), chosen)

    def action_edit(self) -> None:
        event = self.current
        if event is None or self.dataset is None:
            return
        # Where the files have it now: a rejected reload may have moved its lines.
        now = self._problem_data.origins if self._problem_data is not None else {}
        origin = now.get(event.id) or self.dataset.origins.get(event.id)
        if origin is None:
            self.app.notify("Where this event is written is not known.", severity="warning")
            return
        self._edit_at(origin.file, origin.line)

    def action_add_event(self) -> None:
        """`csto-tui new --file` for the file of the event under the cursor (the first
        file when none is), then the editor at the new event: its fields to fill are
        errors until filled, so live reload shows them in the banner meanwhile."""
        from csto_tui.authoring import AppendError, SkeletonError, add_event
        from csto_tui.ui.editor import why_not_editable

        if self.dataset is None or not self.dataset.files:
            return
        if self.app.is_web:  # the skeleton is written to be edited: neither happens here
            self.app.notify(f"Not added: {WEB_EDITING} (a adds an event and opens the "
                            "editor on it).", severity="warning")  # fmt: skip
            return
        origin = self.dataset.origins.get(self.current.id) if self.current else None
        file = origin.file if origin is not None else self.dataset.files[0]
        reason = why_not_editable(file)
        if reason is not None:
            self.app.notify(f"Not added: {inert(reason)}.", severity="warning")
            return
        try:
            made, line = add_event(file)
        except (AppendError, SkeletonError) as exc:
            self.app.notify(f"Not added: {inert(str(exc))}", severity="warning")
            return
        self.app.notify(f"Added {inert(made.id)} to {inert(file)} at line {line}; "
                        "fill in the fields marked TODO.")  # fmt: skip
        self._edit_at(file, line)

    def _edit_at(self, file: str, line: int) -> None:
        """Suspend, edit, and read the files again (live reload says what came of it)."""
        from csto_tui.ui.editor import why_not_editable

        if self.app.is_web:  # before the file's own reasons: no file is editable here
            self.app.notify(f"Not opened: {WEB_EDITING}; edit {inert(file)}:{line} in a "
                            "terminal.", severity="warning")  # fmt: skip
            return
        reason = why_not_editable(file)
        if reason is not None:
            self.app.notify(f"Not opened: {inert(reason)}.", severity="warning")
            return
        reason = self.app.edit_file(file, line)  # type: ignore[attr-defined]
        if reason is not None:
            self.app.notify(f"{inert(reason[0].upper() + reason[1:])}.", severity="warning")
        self._request_reload()
