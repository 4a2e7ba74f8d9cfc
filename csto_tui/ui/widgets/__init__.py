"""Widgets of the browser: timeline, sidebar, detail, header."""
