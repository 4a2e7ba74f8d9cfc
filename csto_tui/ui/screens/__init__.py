"""Screens: the browser (owns the query, the view and the layout), help and export."""
