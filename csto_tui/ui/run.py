"""Start the browser from parsed command-line options."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from csto_tui.ui.app import CstoApp


def run_browser(paths: Sequence[str | os.PathLike[str]], options: dict[str, object]) -> int:
    """Run until quit; the return code is 0, or 128+N after signal N (SIGTERM, SIGHUP)."""
    app = CstoApp(paths, options)
    app.run()
    if app.error_message:
        print(app.error_message, file=sys.stderr)
    return app.return_code or 0
