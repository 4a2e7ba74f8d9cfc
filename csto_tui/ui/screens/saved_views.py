"""Saved views: ctrl+s saves the query shown under a name, `--view NAME` and the
palette open one, and `restore_last_view` starts a session where the last one ended."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from csto_tui.query import QueryError
from csto_tui.ui.safe import inert

if TYPE_CHECKING:
    from csto_tui.config.views import View as SavedView
    from csto_tui.query import Query
    from csto_tui.ui.messages import OpenView


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text)


class SavedViews:
    """The browser's saved views. Needs of the screen: `options` (the command line's
    filters and `view`), `engine`, `query_state`, `current`, `_view_name` (the view last
    opened or saved), `_apply` and the app (`settings`, `notify`, `push_screen`)."""

    def _last_view(self) -> Query | None:
        """With `restore_last_view = true` and no filters on the command line: the query
        the last session ended on (once: a reload keeps the query shown)."""
        o = self.options
        given = (o.countries, o.bodies, o.kinds, o.tags, o.date_from, o.date_to, o.search,
                 o.reverse, o.view, o.since)  # fmt: skip
        if self._restored or not self.app.settings.restore_last_view or any(given):  # type: ignore[attr-defined]
            return None
        self._restored = True
        from csto_tui.config.views import ViewStore

        last = ViewStore().last
        if last is None:
            return None
        query = self._view_query(last, "the last view")
        if query is not None and last.to_dict():
            self.app.notify(f"Restored the last view: {inert(last.describe())} (x clears it).")
        return query

    _restored = False

    def action_save_view(self) -> None:
        """ctrl+s: ask for a name, then save the query shown (its words, not its ids)."""
        from csto_tui.config.views import View as SavedView
        from csto_tui.config.views import ViewStore
        from csto_tui.ui.screens.save_view import SaveViewScreen

        store = ViewStore()
        views, problem = store.load()
        view = SavedView.from_query(self.query_state)

        def save(name: str | None) -> None:
            if name is None:
                return
            from csto_tui.config.views import ViewError, ViewsUnwritable

            try:
                note = store.save(name, view)
            except (ViewError, ViewsUnwritable) as exc:
                self.app.notify(f"View not saved: {inert(str(exc))}", severity="error")
                return
            if note:
                self.app.notify(inert(note), severity="warning")
            self._view_name = name
            self.app.notify(f"Saved the view {inert(name)!r}: csto-tui --view "
                            f"{inert(_shell_word(name))}, or ctrl+p Open view.")  # fmt: skip

        if problem:
            self.app.notify(inert(problem), severity="warning")
        self.app.push_screen(SaveViewScreen(view.describe(), list(views), self._view_name), save)

    def on_open_view(self, message: OpenView) -> None:
        message.stop()  # handled here: the app has nothing to add
        from csto_tui.config.views import UnknownView, ViewStore

        try:
            view = ViewStore().get(message.name)
        except UnknownView as exc:
            self.app.notify(inert(str(exc)), severity="warning")
            return
        query = self._view_query(view, f"view {message.name!r}")
        if query is not None:
            self._view_name = message.name
            self._apply(query, keep=self.current.id if self.current else None)

    def _view_query(self, view: SavedView, what: str) -> Query | None:
        """The query a saved view stands for on this data, or None after saying why not
        (a body or tag the data no longer has)."""
        if self.engine is None:
            return None
        try:
            return view.to_query(self.engine)
        except QueryError as exc:
            self.app.notify(f"Not opened: {inert(what)}: {inert(str(exc))}", severity="warning")
            return None

    def on_unmount(self) -> None:
        """`restore_last_view = true`: where this session left off is the next one's start."""
        if not self.app.settings.restore_last_view or self.engine is None:  # type: ignore[attr-defined]
            return
        from csto_tui.config.views import View as SavedView
        from csto_tui.config.views import ViewStore, ViewsUnwritable

        with contextlib.suppress(ViewsUnwritable):  # the screen is gone: nowhere to say it
            ViewStore().set_last(SavedView.from_query(self.query_state))
