"""Claims and numbers: check-worthy claims and every quantity an article asserts.

* :mod:`presslens.claims.quantities` — ``presslens.quantities.v1``: ``claims.quantity`` findings (value or
  interval, comparator, unit, kind, counted noun phrase, asserter) and ``claims.duration`` findings; built
  from :mod:`.numbers` (number words), :mod:`.units` (lexicons), :mod:`.scan` (token scanning per sentence),
  :mod:`.counted` (the counted noun phrase) and :mod:`.asserters` (who asserts it).
* :mod:`presslens.claims.analyzer` — ``presslens.claims.v1``: check-worthiness per sentence and ranked
  ``claims.claim`` findings; :func:`claim_rows` for the CLI and HTML report.
* :mod:`presslens.claims.checkworthy` — the shipped check-worthiness model (``models/checkworthy.npz``).

See ``docs/claims.md``.
"""

from __future__ import annotations

from .analyzer import ClaimAnalyzer, claim_rows
from .quantities import QuantityAnalyzer, extract_quantities

__all__ = ["ClaimAnalyzer", "QuantityAnalyzer", "claim_rows", "extract_quantities"]
