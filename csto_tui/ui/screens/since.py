"""What changed since a revision (`--since`): the marks on the data shown, compared off
the UI thread on each new read of the files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

from csto_tui.history.git import GitError
from csto_tui.history.since import SinceSession
from csto_tui.query.since import SinceMarks, since_marks
from csto_tui.ui.messages import SinceReady
from csto_tui.ui.safe import inert
from csto_tui.ui.widgets.detail import Detail
from csto_tui.ui.widgets.status import StatusBar

if TYPE_CHECKING:
    from csto_tui.query import QueryEngine


class SinceRevision:
    """The browser's `--since` marks. Needs of the screen: `options` (`since`, `paths`),
    `engine` (the data on screen), `query_state`, `_apply`, `_when_current`, the
    StatusBar and the Detail, and the app (`notify`)."""

    _since: SinceSession | None = None  # made on the first load, when --since is given

    def _since_follow(self, engine: QueryEngine) -> None:
        """New data, before its first view: mark on it what is known (the last comparison's
        ids, until redone), and compare it once its first rows are on screen."""
        word = self.options.since
        if word is None:
            return
        if self._since is None:
            self._since = SinceSession(word, self.options.paths)
            self.query_one(StatusBar).since = word
        shown = self.engine  # the data on screen until now (on a first load: `engine`)
        before = shown.since if shown is not None and shown is not engine else None
        engine.since = before.rebased(engine.index) if before is not None else SinceMarks(word)
        self.query_one(Detail).show_since(engine.since)
        session = self._since
        self.call_later(self._when_current, lambda: self.compare_since(engine, session))

    @work(thread=True, exclusive=True, group="since", name="since", exit_on_error=False)
    def compare_since(self, engine: QueryEngine, session: SinceSession) -> None:
        """The data `engine` holds against the revision; the answer is posted, and shown
        only if that data is still the screen's. Quitting does not wait for the revision's
        side to be read (its own thread); a newer comparison cancels this one."""
        worker = get_current_worker()
        marks = engine.since or SinceMarks(session.word)
        try:
            changes = session.changes(engine.dataset, stop=lambda: worker.is_cancelled)
        except GitError as exc:
            self.post_message(SinceReady(engine, marks.failed(str(exc))))
            return
        if changes is None or worker.is_cancelled:
            return
        fields = {c.id: c.fields for c in changes.changed}
        found = since_marks(engine.index, session.word, changes.added, fields,
                            len(changes.removed))  # fmt: skip
        self.post_message(SinceReady(engine, found))

    def on_since_ready(self, message: SinceReady) -> None:
        message.stop()  # handled here: the app has nothing to add
        if message.engine is not self.engine:
            return  # data since replaced: its own comparison is coming
        message.engine.since = message.marks
        self.query_one(Detail).show_since(message.marks)
        if message.marks.problem:
            self.app.notify(f"--since {inert(message.marks.revision)}: "
                            f"{inert(message.marks.problem)}", severity="warning")  # fmt: skip
        self._apply(self.query_state, fresh=True)
