"""Provenance: where an article comes from.

- :func:`outlet` — the card of an outlet by domain, URL or name: every rater's rating (rater, date, licence,
  rationale), per-axis reading with disagreements, state affiliation (State Media Monitor typology), media
  group (mirrors and aliases) and look-alike warnings; ``status="not rated"`` when nobody rated it.
- :func:`resolve` — the outlet of an :class:`~presslens.article.Article` from every signal.
- ``presslens.provenance.v1`` — the analyzer that puts both in the dossier (``summaries.provenance.origin``).

The shipped registry and the licences of its sources are described in ``data/SOURCES.md`` and
docs/provenance.md. Names are imported on first use, so that the typed records (:mod:`.model`) stay cheap.
"""

from __future__ import annotations

import typing as _typing
from pathlib import Path

from .._lazy import lazy_getattr as _lazy_getattr

_LAZY = {
    "OutletCard": "presslens.provenance.model",
    "Rating": "presslens.provenance.model",
    "Reading": "presslens.provenance.model",
    "Signal": "presslens.provenance.model",
    "StateAffiliation": "presslens.provenance.model",
    "LookalikeWarning": "presslens.provenance.model",
    "Registry": "presslens.provenance.registry",
    "resolve": "presslens.provenance.resolve",
}

if _typing.TYPE_CHECKING:
    from .model import LookalikeWarning, OutletCard, Rating, Reading, Signal, StateAffiliation
    from .registry import Registry
    from .resolve import resolve


__getattr__ = _lazy_getattr("presslens.provenance", _LAZY, globals())


def outlet(query: str, *, user_registry: str | Path | None = None, lookalikes: bool = True) -> OutletCard:
    """The card of an outlet given as a domain, a URL or a name.

    Args:
        query: ``"rt.com"``, ``"https://www.bbc.co.uk/news"`` or ``"Russia Insider"``.
        user_registry: a user registry file to read beside the shipped table (default: the user's default
            registry when it exists).
        lookalikes: also check whether the domain imitates a known outlet.

    Example:
        >>> import presslens
        >>> presslens.outlet("rt.com").state_affiliation.category
        'state-controlled'
    """
    from .registry import Registry, default_registry
    from .store import Store

    if user_registry is not None:
        return Registry(Store(user=Path(user_registry))).card(query, lookalikes=lookalikes)
    return default_registry().card(query, lookalikes=lookalikes)


__all__ = ["LookalikeWarning", "OutletCard", "Rating", "Reading", "Registry", "Signal", "StateAffiliation",
           "outlet", "resolve"]
