"""Widgets of the browser: timeline, sidebar, detail, panes, header, prompts, lists."""
