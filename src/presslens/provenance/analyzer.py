"""The provenance analyzer: the outlet an article comes from, its raters, state affiliation and look-alikes."""

from __future__ import annotations

from typing import Any, ClassVar

from ..analyzers.base import Analyzer, Context, Result
from ..dossier.attrs import OutletAttrs, RepublicationAttrs
from ..dossier.summaries import OriginSummary
from .registry import Registry, default_registry
from .resolve import resolve

REPUBLICATION = "presslens.republication.v1"


class ProvenanceAnalyzer(Analyzer):
    """Resolves the article's outlet from every signal and attaches the registry's card.

    Options:
        user_registry: path of a user registry to read beside the shipped one (default: the user's default
            registry when it exists).
    """

    name: ClassVar[str] = "presslens.provenance.v1"
    version: ClassVar[str] = "1"
    capability: ClassVar[str] = "provenance"
    requires: ClassVar[tuple[str, ...]] = ()
    uses: ClassVar[tuple[str, ...]] = (REPUBLICATION,)
    produces: ClassVar[tuple[str, ...]] = ("provenance.outlet",)
    languages: ClassVar[tuple[str, ...] | None] = None
    description: ClassVar[str] = ("Outlet of the article (footer, canonical, dateline, byline, site name, host) with "
                                  "every rater's rating, state affiliation and look-alike warnings.")

    def __init__(self, settings: Any = None, **options: Any) -> None:
        super().__init__(settings, **options)
        path = options.get("user_registry")
        if path:
            from pathlib import Path

            from .store import Store

            self.registry: Registry = Registry(Store(user=Path(path)))
        else:
            self.registry = default_registry()

    def analyze(self, ctx: Context) -> Result:
        footers = []
        rep = ctx.results.get(REPUBLICATION)
        if rep is not None:
            for f in rep.findings:
                if f.label != "provenance.republication":
                    continue
                notice = f.attrs_as(RepublicationAttrs)
                if notice.outlet:
                    s, e = f.start, f.end
                    name = notice.outlet
                    pos = ctx.text.rfind(name, s, e)
                    if pos >= 0:
                        s, e = pos, pos + len(name)
                    footers.append((name, notice.url, s, e))
        summary: OriginSummary = resolve(ctx.article, self.registry, footers)
        findings = []
        decided = next((sig for sig in summary.signals if sig.kind == summary.decided_by), None)
        if decided is not None and decided.start is not None and decided.end is not None and summary.outlet:
            card = summary.outlet
            findings.append(self.finding(
                ctx, decided.start, decided.end, "provenance.outlet", 0.9,
                OutletAttrs(outlet=card.name, domain=card.domain, status=card.status, decided_by=summary.decided_by,
                            factual_level=card.reading.factual_level if card.reading else None,
                            n_raters=len(card.ratings),
                            state_category=card.state_affiliation.category if card.state_affiliation else None)))
        o = summary.outlet
        indicators = {
            "outlet_domain": o.domain if o else None,
            "outlet_rated": bool(o and o.rated),
            "outlet_raters": len(o.ratings) if o else 0,
            "outlet_factual_level": o.reading.factual_level if o and o.reading else None,
            "outlet_state_category": o.state_affiliation.category if o and o.state_affiliation else None,
            "outlet_lookalike": bool(o and o.lookalikes) or bool(summary.host and summary.host.lookalikes),
            "outlet_signals_disagree": bool(summary.disagreements),
        }
        return Result(findings=findings, summary=summary, indicators=indicators, data={"origin": summary})


__all__ = ["ProvenanceAnalyzer"]
