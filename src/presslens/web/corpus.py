"""Corpus views: per-outlet statistics over many dossiers, for the corpus page and its charts.

Without a store the corpus is what this service has analysed (the dossier cache); with ``--store`` the
statistics come from the corpus store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..dossier.model import Dossier
from . import charts

if TYPE_CHECKING:
    from markupsafe import Markup

    from .app import State


@dataclass(frozen=True, slots=True)
class OutletStats:
    """Figures for one outlet over its articles.

    Attributes:
        technique_density: persuasion-technique spans per 1,000 words (all its articles pooled).
        mean_independent_parties: independent parties quoted per article (sourcing balance).
        single_party_share: share of its articles whose named sources all belong to one party.
        unattributed_share: mean share of claim sentences with no source.
    """

    outlet: str
    articles: int
    words: int
    technique_density: float
    mean_independent_parties: float
    single_party_share: float
    unattributed_share: float | None


@dataclass(slots=True)
class Overview:
    """What the corpus page shows."""

    source: str  # "session" (analysed here) or "store"
    articles: int
    outlets: list[OutletStats] = field(default_factory=list)

    def charts(self) -> list[Markup]:
        rows = sorted(self.outlets, key=lambda o: -o.articles)[:20]
        out = [
            charts.bar_chart("Technique density (persuasion spans per 1,000 words)",
                             [charts.Bar(o.outlet, o.technique_density, f"{o.articles} article(s)") for o in rows],
                             fmt="{:.1f}", colour=charts.PALETTE[1]),
            charts.bar_chart("Sourcing balance (independent parties quoted per article)",
                             [charts.Bar(o.outlet, o.mean_independent_parties, f"{o.articles} article(s)")
                              for o in rows], fmt="{:.1f}", colour=charts.PALETTE[0]),
            charts.bar_chart("Articles whose sources all belong to one party",
                             [charts.Bar(o.outlet, 100 * o.single_party_share) for o in rows],
                             unit="%", fmt="{:.0f}", max_value=100, colour=charts.PALETTE[3]),
        ]
        unattributed = [o for o in rows if o.unattributed_share is not None]
        if unattributed:
            out.append(charts.bar_chart("Claim sentences without a source",
                                        [charts.Bar(o.outlet, 100 * (o.unattributed_share or 0.0))
                                         for o in unattributed],
                                        unit="%", fmt="{:.0f}", max_value=100, colour=charts.PALETTE[2]))
        return out


def outlet_of(d: Dossier) -> str:
    a = d.article
    return a.outlet or a.domain or "(no outlet given)"


def outlet_stats(dossiers: Iterable[Dossier]) -> list[OutletStats]:
    """Per-outlet figures from dossiers (each counted once)."""
    groups: dict[str, list[Dossier]] = defaultdict(list)
    for d in dossiers:
        groups[outlet_of(d)].append(d)
    out = []
    for outlet, ds in groups.items():
        words = sum(d.article.word_count for d in ds)
        spans = sum(len(d.by_kind("persuasion")) for d in ds)
        parties, single, unattributed = [], 0, []
        for d in ds:
            src = d.summaries.sourcing
            if src is None:
                continue
            parties.append(src.n_independent_parties)
            single += any(f.flag == "single_party" for f in src.flags)
            share = d.indicators.get("attribution_unattributed_share")
            if isinstance(share, int | float):
                unattributed.append(float(share))
        out.append(OutletStats(
            outlet=outlet,
            articles=len(ds),
            words=words,
            technique_density=1000 * spans / words if words else 0.0,
            mean_independent_parties=sum(parties) / len(parties) if parties else 0.0,
            single_party_share=single / len(ds),
            unattributed_share=sum(unattributed) / len(unattributed) if unattributed else None,
        ))
    return sorted(out, key=lambda o: (-o.articles, o.outlet))


def corpus_overview(state: State) -> Overview:
    dossiers = state.cache.all()
    return Overview("session", len(dossiers), outlet_stats(dossiers))


__all__ = ["OutletStats", "Overview", "corpus_overview", "outlet_stats"]
