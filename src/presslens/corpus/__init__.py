"""Corpus scale: batch analysis into a DuckDB store, export, near-duplicates and story clusters.

- :mod:`.rows`: store rows = :func:`presslens.tables.rows` (the one dossier flattening) + the resume key.
- :mod:`.store`: the DuckDB store (schema in docs/store.md).
- :mod:`.batch`: the resumable batch engine (process pool or Ray).
- :mod:`.dupes`: near-duplicates, republication clusters and passage reuse.
- :mod:`.stories`: story clusters and cross-outlet comparison.
"""

from __future__ import annotations

from .rows import item_key, store_columns, store_rows

__all__ = ["item_key", "store_columns", "store_rows"]
