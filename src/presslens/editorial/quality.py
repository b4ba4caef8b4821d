"""Input-quality findings: ingestion's flags (paywall teaser, truncation, short text, future date) made
visible in the dossier, so a teaser is never scored as if it were the article."""

from __future__ import annotations

from typing import ClassVar

from ..analyzers.base import Analyzer, Context, Result
from ..article import INCOMPLETE_FLAGS
from ..dossier.attrs import InputFlagAttrs
from ..dossier.summaries import InputFlag, InputSummary, LanguageSummary


class QualityAnalyzer(Analyzer):
    """Turns ingestion quality flags into findings and a summary; runs on every language."""

    name: ClassVar[str] = "presslens.quality.v1"
    version: ClassVar[str] = "1"
    capability: ClassVar[str] = "quality"
    requires: ClassVar[tuple[str, ...]] = ()
    produces: ClassVar[tuple[str, ...]] = ("quality.paywall", "quality.truncated", "quality.short",
                                           "quality.future_date", "quality.encoding_repaired")
    languages: ClassVar[tuple[str, ...] | None] = None
    description: ClassVar[str] = "Paywall teasers, truncated or short texts, future dates, language."

    def analyze(self, ctx: Context) -> Result:
        art = ctx.article
        findings = []
        flags = []
        for flag in art.flags:
            flags.append(InputFlag(flag.code, flag.message, flag.start, flag.end))
            if flag.start is not None and flag.end is not None and 0 <= flag.start <= flag.end <= len(art.text):
                findings.append(self.finding(ctx, flag.start, flag.end, f"quality.{flag.code}", 0.9,
                                             InputFlagAttrs(message=flag.message)))
        incomplete = any(f.code in INCOMPLETE_FLAGS for f in flags)
        summary = InputSummary(flags=flags, incomplete_text=incomplete,
                               language=LanguageSummary(art.language.code, art.language.confidence))
        return Result(findings=findings, summary=summary, indicators={"incomplete_text": incomplete})
