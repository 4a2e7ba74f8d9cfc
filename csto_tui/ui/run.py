"""Start the browser from the command line's typed options."""

from __future__ import annotations

import sys

from csto_tui.config.settings import Settings
from csto_tui.ui.app import CstoApp
from csto_tui.ui.options import BrowseOptions


def run_browser(
    options: BrowseOptions, settings: Settings | None = None, problems: tuple[str, ...] = ()
) -> int:
    """Run until quit; the return code is 0, 2 for a filter value that names nothing, or
    128+N after signal N (SIGTERM, SIGHUP)."""
    app = CstoApp(options, settings=settings, problems=problems)
    app.run()
    if app.error_message:
        print(app.error_message, file=sys.stderr)
    return app.return_code or 0
