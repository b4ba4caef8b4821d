"""Rewrite src/presslens/analyzers/catalog.json from the built-in analyzer classes.

Run after changing an analyzer's name, version, capability, requirements, labels, languages, description or
anything else its ``info()`` reports: ``python scripts/update_analyzer_catalog.py``. The catalogue lets
``presslens analyzers`` list the built-ins without importing them (spaCy, scikit-learn…);
tests/test_analyzer_catalog.py fails while it is stale.
"""

from __future__ import annotations

from presslens.registry import CATALOG_PATH, write_catalog

if __name__ == "__main__":
    data = write_catalog()
    print(f"wrote {len(data)} analyzers to {CATALOG_PATH}")
