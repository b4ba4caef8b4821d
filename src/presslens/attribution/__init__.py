"""Attribution and sourcing: who says what, in what role, and how many independent voices an article has.

- :mod:`presslens.text.quotemarks` finds quoted regions; :mod:`.quotes` extracts direct quotes and
  transcript turns, :mod:`.indirect` reported speech, :mod:`.mentions` cue verbs and speaker mentions; :mod:`.speakers` resolves mentions into speaker entities (role, organisation,
  country, party); :mod:`.analyzer` holds the registered analyzers ``presslens.quotes.v1`` and
  ``presslens.sourcing.v1``.
- :func:`quote_rows` turns a dossier into table rows for ``presslens quotes FILE``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dossier.attrs import QuoteAttrs, SpeakerAttrs
from .analyzer import QuotesAnalyzer, SourcingAnalyzer
from .quotes import RawQuote, extract_quotes
from .speakers import Speaker, resolve_speakers

if TYPE_CHECKING:
    from ..dossier.model import Dossier

#: Columns of :func:`quote_rows`, in display order.
QUOTE_COLUMNS = ("speaker", "role", "cue", "type", "quote")


def quote_rows(dossier: Dossier) -> list[dict[str, str]]:
    """One row per quote of ``dossier`` (in text order): speaker, role, cue, type, quote.

    Speaker and role come from the ``attribution.speaker`` finding the quote refers to; a quote with no
    resolved speaker (a passive "it was confirmed that…") shows ``(unattributed)``. All values are strings.
    """
    speakers = {f.id: f.attrs_as(SpeakerAttrs) for f in dossier.findings if f.label == "attribution.speaker"}
    rows: list[dict[str, str]] = []
    for f in sorted((f for f in dossier.findings if f.label == "attribution.quote"), key=lambda f: (f.start, f.end)):
        q = f.attrs_as(QuoteAttrs)
        sp = speakers.get(q.speaker_id or "")
        rows.append({
            "speaker": sp.name if sp else "(unattributed)",
            "role": sp.role if sp else "",
            "cue": q.cue.text if q.cue else "",
            "type": q.type,
            "quote": " ".join(f.text.split()),
        })
    return rows


__all__ = [
    "QUOTE_COLUMNS",
    "QuotesAnalyzer",
    "RawQuote",
    "SourcingAnalyzer",
    "Speaker",
    "extract_quotes",
    "quote_rows",
    "resolve_speakers",
]
