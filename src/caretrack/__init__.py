"""caretrack: information system for a local authority's children in care and care leavers."""

__version__ = "0.1.0"
