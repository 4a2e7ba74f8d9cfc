"""The Textual browser. Only this package imports Textual; it presents what `query` answers."""
