"""The settings as text: the commented template `config --edit` starts from, and the
effective values `config --show` prints (TOML that loads back)."""

from __future__ import annotations

import os
from pathlib import Path

from csto_tui.config.load import DEFAULT, LoadedSettings, toml_value
from csto_tui.config.settings import CLIPBOARDS, DATE_STYLES, FIELDS, Settings

ABOUT = {
    "theme": "a Textual theme: textual-dark, textual-light, nord, gruvbox, dracula, "
    "tokyo-night, solarized-light, ...",
    "data": 'files or folders to browse when no PATH is given, e.g. ["events/"] '
    "(default: the bundled data)",
    "watch": "reload when the files change (browse --no-watch turns it off for one run)",
    "clipboard": f"{' or '.join(CLIPBOARDS)}: copy through the terminal (OSC 52), or not at all",
    "editor": 'the command that edits a file, e.g. "nvim" or "code --wait" '
    "(default: $VISUAL, else $EDITOR, else vi)",
    "date_style": f"{' or '.join(DATE_STYLES)}: dates as written (2018-05-28) or in words "
    "(28 May 2018)",
    "histogram": "the timeline's histogram of events per year",
    "restore_last_view": "start where the last session left off (filters, cursor)",
    "keymap": "binding id = keys, comma-separated (the ids: `?` in the browser, or the "
    "README's key map)",
}

TEMPLATE_HEAD = """\
# csto-tui settings (TOML). Every key is optional: each commented line shows its
# default (editor's is an example).
# Uncomment a line to change it; `csto-tui config --show` prints what is in effect.
"""


def template() -> str:
    """Every key, commented out, with its default: loads as the defaults, no problems."""
    defaults = Settings()
    lines = [TEMPLATE_HEAD]
    for name in FIELDS:
        if name == "keymap":
            continue
        lines.append(f"# {ABOUT[name]}")
        value = getattr(defaults, name)
        shown = '"nvim"' if value is None else toml_value(value)
        lines.append(f"# {name} = {shown}\n")
    lines.append(f"# {ABOUT['keymap']}")
    lines.append("# [keymap]")
    lines.append('# "browser.search" = "slash,ctrl+f"')
    lines.append('# "timeline.next" = "j,down"')
    return "\n".join(lines) + "\n"


def _from(source: str) -> str:
    """'# default' or '# from config.toml:3' (the file's name; the header has its path)."""
    if source == DEFAULT:
        return "# default"
    file, _, line = source.rpartition(":")
    return f"# from {os.path.basename(file)}:{line}"


def show_text(loaded: LoadedSettings) -> str:
    """The effective values as TOML, each with where it comes from."""
    settings, sources = loaded.settings, loaded.sources
    state = "" if loaded.found else " (not found: every value is the default)"
    lines = [f"# {Path(loaded.path)}{state}"]
    for name in FIELDS:
        if name == "keymap":
            continue
        value = getattr(settings, name)
        if value is None:  # TOML has no null: say it in a comment
            lines.append(f"# {name}: not set ($VISUAL, $EDITOR or vi)  {_from(sources[name])}")
        else:
            lines.append(f"{name} = {toml_value(value)}  {_from(sources[name])}")
    if not settings.keymap:
        lines.append("[keymap]  # default: no overrides")
    else:
        lines.append(f"[keymap]  {_from(sources['keymap'])}")
        for binding, keys in settings.keymap.items():
            where = _from(loaded.keymap_sources.get(binding, DEFAULT))
            lines.append(f"{toml_value(binding)} = {toml_value(keys)}  {where}")
    return "\n".join(lines) + "\n"
