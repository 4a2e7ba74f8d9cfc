"""Filters, facets and search over a dataset, from precomputed indexes. Never imports Textual."""

from csto_tui.query.engine import FacetValue, QueryEngine, QueryError, Result
from csto_tui.query.model import FACETS, Facet, Query
from csto_tui.query.text import Terms, parse_terms, spans

__all__ = [
    "FACETS",
    "Facet",
    "FacetValue",
    "Query",
    "QueryEngine",
    "QueryError",
    "Result",
    "Terms",
    "parse_terms",
    "spans",
]
