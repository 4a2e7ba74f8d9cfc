"""csto-tui's own themes, beside Textual's: one for 16-colour terminals, one high-contrast.

`csto-16` names only the 16 ANSI colours and the terminal's own foreground and background,
so the terminal's palette decides what each looks like and the text stays readable on a
light background as on a dark one (`TERM=xterm`, `screen`: what SSH often gives). Muted text
is the plain foreground there: a dimmed grey is computed from colours the terminal does not
report, and comes out as whatever ANSI grey is nearest, often unreadable.

`csto-high-contrast` is white on black with saturated accents, each at least 7:1 against
the background (WCAG AAA; a test measures it).
"""

from __future__ import annotations

from textual.theme import Theme

from csto_tui.config.settings import OWN_THEMES

CSTO_16 = Theme(
    name="csto-16",
    primary="ansi_blue",
    secondary="ansi_cyan",
    accent="ansi_cyan",
    warning="ansi_yellow",
    error="ansi_red",
    success="ansi_green",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=True,
    ansi=True,
    variables={
        "ansi-background": "ansi_default",  # Textual's inline screens need both
        "ansi-foreground": "ansi_default",
        "text-muted": "ansi_default",
        "border-blurred": "ansi_default",
        "block-cursor-foreground": "ansi_default",
        "block-cursor-background": "ansi_default",
        "block-cursor-text-style": "reverse bold",
        "input-cursor-text-style": "reverse",
        "input-selection-background": "ansi_blue",
        "footer-key-foreground": "ansi_cyan",
        "footer-description-foreground": "ansi_default",
        "footer-background": "ansi_default",
        "screen-selection-background": "ansi_blue",
        # The track in the terminal's background, not black: light terminals too.
        "scrollbar-background": "ansi_default",
        "scrollbar-background-hover": "ansi_default",
        "scrollbar-background-active": "ansi_default",
        "scrollbar": "ansi_blue",
        "scrollbar-hover": "ansi_cyan",
        "scrollbar-active": "ansi_cyan",
        "scrollbar-corner-color": "ansi_default",
    },
)

CSTO_HIGH_CONTRAST = Theme(
    name="csto-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#00ffff",
    warning="#ffff00",
    error="#ff6e6e",
    success="#3cff3c",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#262626",
    boost="#1a1a1a",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#e6e6e6",
        "border": "#ffffff",
        "border-blurred": "#bfbfbf",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#bfbfbf",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "footer-background": "#000000",
        "input-selection-background": "#0040ff",
        "scrollbar": "#bfbfbf",
        "scrollbar-background": "#262626",
    },
)

THEMES: tuple[Theme, ...] = (CSTO_16, CSTO_HIGH_CONTRAST)
assert tuple(t.name for t in THEMES) == OWN_THEMES  # the names settings accept
