"""`python -m csto_tui` runs the same entry point as the `csto-tui` script."""

import sys

from csto_tui.cli import main

sys.exit(main())
