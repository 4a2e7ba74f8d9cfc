"""`csto-tui serve`: the browser in a web page, through textual-serve (the `web` extra).

`serve` (what the command line needs: checks, the served command, the terminal check of a
served browser) and `hosts` import neither Textual nor textual-serve; `server` imports
textual-serve and is imported only when the server starts.
"""
