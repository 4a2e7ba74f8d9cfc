"""The data read from the files, off the UI thread: the first load, and the reloads that
follow the files as they change (watched, or asked for: ctrl+r, after the editor)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import fields
from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

from csto_tui.loader.dataset import LoadStep
from csto_tui.query import QueryEngine, QueryError
from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.messages import DatasetLoaded, DatasetReloaded, LoadProgress, ReloadFailed
from csto_tui.ui.safe import inert
from csto_tui.ui.widgets.detail import Detail
from csto_tui.ui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from csto_tui.model.records import Event
    from csto_tui.query import Query
    from csto_tui.session.live import LiveDataset, Reload


def _nearest(events: list[Event], old: Event, *, reverse: bool) -> int:
    """The row, among rows sorted by date, nearest to where `old` was: oldest first, the
    first that starts with or after it; newest first, the first that starts with or
    before it; the last row when there is none."""
    if not events:
        return 0
    key, by_date = old.date.sort_key[:2], lambda e: e.date.sort_key[:2]
    if not reverse:
        return min(bisect_left(events, key, key=by_date), len(events) - 1)
    oldest_first = events[::-1]
    j = bisect_right(oldest_first, key, key=by_date) - 1  # the last starting by then
    return len(events) - 1 - j if j >= 0 else len(events) - 1


class LoadCancelled(Exception):
    """Raised in the loading thread when the user quits before the data is in."""


class Loading:
    """The browser's loads and reloads. Needs of the screen: `options` (`watch`, the
    command line's filters), `live`, `dataset`, `engine`, `query_state`, `view`,
    `current`, `empty_text`, `load_fraction`, `ascii`, `_apply`, `_when_current`,
    `_banner`, `_since_follow` (SinceRevision), `_show_problems` (Curating),
    `_last_view` (SavedViews), the Timeline and the Detail, and the app (`notify`,
    `fail`)."""

    @work(thread=True, exclusive=True, group="load", name="load", exit_on_error=False)
    def load_data(self) -> None:
        assert self.live is not None
        try:  # a cache that cannot be written costs only speed: no notice
            dataset = self.live.load(progress=self._progress)
            self._progress("indexing")
        except LoadCancelled:
            return
        self.post_message(DatasetLoaded(dataset, QueryEngine(dataset)))

    def _progress(self, step: LoadStep | str) -> None:
        """From the loading thread; also where a load stops when the user quits."""
        if get_current_worker().is_cancelled:
            raise LoadCancelled
        fraction = step.fraction if isinstance(step, LoadStep) else None
        self.post_message(LoadProgress(f"Loading: {step}{glyphs().ellipsis}", fraction))

    def on_load_progress(self, message: LoadProgress) -> None:
        message.stop()  # handled here: the app has nothing to add
        self.empty_text = message.text
        if message.fraction is not None:
            self.load_fraction = message.fraction

    @work(thread=True, exclusive=True, group="words", name="words", exit_on_error=False)
    def index_words(self) -> None:
        """The search index, built while the user looks at the first rows: a search typed
        before it is ready waits for it (and says searching…), nothing else does."""
        if self.engine is not None:  # stops when the app quits (the pool's threads are
            worker = get_current_worker()  # joined at exit: a build must not hold it up)
            self.engine.index.ensure_words(stop=lambda: worker.is_cancelled)

    def on_dataset_loaded(self, message: DatasetLoaded) -> None:
        message.stop()  # handled here: the app has nothing to add
        self.dataset, self.engine = message.dataset, message.engine
        self.load_fraction = None
        self.index_words()
        self._since_follow(self.engine)
        self._show_problems(self.dataset.diagnostics, self.dataset, kept=False)
        if self.live is not None and self.options.watch:
            self.watch_files(self.live)
        query = self._initial_query(self.engine)
        if query is not None:
            self._apply(query)

    def _initial_query(self, engine: QueryEngine) -> Query | None:
        o = self.options
        restored = self._last_view()
        if restored is not None:
            return restored
        from csto_tui.config.views import View as SavedView

        # The command line's filters are a view's fields, under the same names.
        given = SavedView(**{f.name: getattr(o, f.name) for f in fields(SavedView)})
        try:
            return given.to_query(engine)
        except QueryError as exc:  # only bodies and tags get here: they need the data
            self.app.fail(f"csto-tui: error: {exc}")  # type: ignore[attr-defined]
            return None

    @work(thread=True, exclusive=True, group="watch", name="watch", exit_on_error=False)
    def watch_files(self, live: LiveDataset) -> None:
        """Reload when the files change or a reload is asked for, for as long as the
        screen lives; each reload's outcome is posted, never shown from here."""
        worker = get_current_worker()
        while not worker.is_cancelled:
            try:
                found = live.wait(lambda: worker.is_cancelled, progress=self._reload_progress)
            except LoadCancelled:
                return
            except Exception as exc:  # one bad reload must not end watching for the session
                self.post_message(ReloadFailed(f"{type(exc).__name__}: {exc}"))
                continue
            self._post_reload(found)

    @work(thread=True, exclusive=True, group="reload", name="reload", exit_on_error=False)
    def reload_now(self, live: LiveDataset, accept_missing: bool) -> None:
        """One reload, asked for, when nothing watches the files (--no-watch)."""
        try:
            found = live.reload(accept_missing=accept_missing, progress=self._reload_progress)
        except LoadCancelled:
            return
        self._post_reload(found)

    def _reload_progress(self, _step: LoadStep) -> None:
        if get_current_worker().is_cancelled:
            raise LoadCancelled  # quitting: a reload must not hold the exit up

    def _post_reload(self, found: Reload | None) -> None:
        if found is not None and not get_current_worker().is_cancelled:
            engine = QueryEngine(found.dataset) if found.accepted else None
            self.post_message(DatasetReloaded(found, engine))

    def _request_reload(self, *, accept_missing: bool = False) -> None:
        if self.live is None:
            return
        if self.options.watch:
            self.live.request(accept_missing=accept_missing)
        else:
            self.reload_now(self.live, accept_missing)

    def action_reload(self) -> None:
        if self.live is None:
            self.app.notify("This data was not read from files: nothing to reload.")
        else:
            self._request_reload(accept_missing=True)

    def on_dataset_reloaded(self, message: DatasetReloaded) -> None:
        """New data in place of the old, the cursor on the same event (else the nearest
        by date), filters and search kept; or, for data that would be worse, the old data
        kept and the reload's problems in the banner."""
        message.stop()  # handled here: the app has nothing to add
        found = message.reload
        if not found.accepted or message.engine is None:
            self._show_problems(found.problems, found.attempt, kept=True)
            return
        old = self.current
        self._since_follow(message.engine)  # the working tree changed: compare again
        self.dataset, self.engine = found.dataset, message.engine
        self._show_problems(found.problems, found.dataset, kept=False)
        self._apply(self.query_state, keep=self._successor(old), fresh=True)
        self._when_current(lambda: self.call_after_refresh(self._show_current, old))
        self.index_words()
        changes = found.changes
        if changes is not None and (changes.added or changes.removed or changes.changed):
            self.app.notify(f"Reloaded: {inert(changes.summary_line(ascii=self.ascii))}")
        elif found.by_hand:  # after the editor, a reload the watcher made says it already
            self.app.notify("Reloaded: no event changed.")

    def on_reload_failed(self, message: ReloadFailed) -> None:
        message.stop()  # handled here: the app has nothing to add
        self._banner(f"Reloading failed ({inert(message.reason)}); the data shown stays. "
                     "ctrl+r tries again.")  # fmt: skip

    def _show_current(self, old: Event | None = None) -> None:
        """After a reload: the cursor on the nearest shown event by date when its own is
        no longer shown (gone, or filtered out now), and the detail of the event under it
        as the data now has it (a cursor that stays moves nothing, and says nothing)."""
        timeline, view = self.query_one(Timeline), self.view
        if view is not None and old is not None and view.position(old.id) is None:
            timeline.move_to(_nearest(view.events, old, reverse=view.query.reverse))
        if view is not None and 0 <= timeline.cursor < len(view.events):
            self.current = view.events[timeline.cursor]
            self.query_one(Detail).show(self.current, self.dataset, view.terms)

    def _successor(self, old: Event | None) -> str | None:
        """The event the cursor stays on after a reload, when the data still has it
        (else `_show_current` finds the nearest shown one by date)."""
        if old is None or self.dataset is None or self.dataset.event(old.id) is None:
            return None
        return old.id
