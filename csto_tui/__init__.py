"""csto-tui: a terminal timeline browser of CSTO events read from validated YAML records."""

__version__ = "0.1.0"
