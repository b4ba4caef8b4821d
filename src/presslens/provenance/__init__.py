"""Provenance: where an article comes from.

- :func:`outlet` — the card of an outlet by domain, URL or name: every rater's rating (rater, date, licence,
  rationale), per-axis reading with disagreements, state affiliation (State Media Monitor typology), media
  group (mirrors and aliases) and look-alike warnings; ``status="not rated"`` when nobody rated it.
- :func:`resolve` — the outlet of an :class:`~presslens.article.Article` from every signal.
- ``presslens.provenance.v1`` — the analyzer that puts both in the dossier (``summaries.provenance.origin``).

The shipped registry and the licences of its sources are described in ``data/SOURCES.md`` and
docs/provenance.md.
"""

from __future__ import annotations

from pathlib import Path

from .registry import OutletCard, Rating, Reading, Registry, StateAffiliation, default_registry
from .resolve import ProvenanceSummary, Signal, resolve


def outlet(query: str, *, user_registry: str | Path | None = None, lookalikes: bool = True) -> OutletCard:
    """The card of an outlet given as a domain, a URL or a name.

    Example:
        >>> import presslens
        >>> presslens.outlet("rt.com").state.category
        'state-controlled'
    """
    if user_registry is not None:
        from .store import Store

        return Registry(Store(user=Path(user_registry))).card(query, lookalikes=lookalikes)
    return default_registry().card(query, lookalikes=lookalikes)


__all__ = ["OutletCard", "ProvenanceSummary", "Rating", "Reading", "Registry", "Signal", "StateAffiliation",
           "outlet", "resolve"]
