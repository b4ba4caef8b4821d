"""Republication footers and dangling media introductions.

- ``provenance.republication``: "This post first appeared on X", "Originally published by X",
  "Republished with permission from X", "Reprinted from X", "The article was first published in X" —
  with the outlet name in ``attrs.outlet``.
- ``quality.missing_media``: an introduction to media that is not there ("A great video with some more
  details:" followed by nothing but the footer), or any paragraph ending in a colon that introduces nothing.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ..analyzers.base import Analyzer, Context, Result
from ..dossier.attrs import MissingMediaAttrs, RepublicationAttrs
from ..dossier.model import Finding
from ..dossier.summaries import RepublicationSummary

_VERB = r"(?:first\s+|originally\s+)?(?:appeared|published|posted|ran|was\s+published|was\s+posted|was\s+originally\s+published|was\s+first\s+published)"
FOOTER_RES = (
    re.compile(
        r"(?:this|the)\s+(?:post|article|story|piece|op-ed|column|essay|report|commentary|item|interview)\s+"
        r"(?:was\s+)?" + _VERB + r"\s+(?:on|in|at|by)\s+(?P<outlet>[^\n]{2,120})",
        re.IGNORECASE,
    ),
    re.compile(r"(?:originally|first)\s+(?:published|appeared|posted)\s+(?:on|in|at|by)\s+(?P<outlet>[^\n]{2,120})", re.IGNORECASE),
    re.compile(r"(?:republished|reprinted|reposted|cross-posted|crossposted)\s+(?:with\s+permission\s+)?(?:from|by|on|courtesy\s+of)\s+(?P<outlet>[^\n]{2,120})", re.IGNORECASE),
    re.compile(r"(?:republished|reprinted)\s+with\s+permission(?:\s+of\s+(?P<outlet>[^\n]{2,120}))?", re.IGNORECASE),
    re.compile(r"^\s*(?:source|via|h/t)\s*:\s*(?P<outlet>[^\n]{2,80})$", re.IGNORECASE | re.MULTILINE),
)
#: Only the last paragraphs hold footers (or the first, for "Originally published…" headers).
FOOTER_TAIL_PARAGRAPHS = 3
#: Words that cut an outlet name: "on Russia Insider under a Creative Commons licence" → "Russia Insider".
_OUTLET_STOP = re.compile(
    r"\s*(?:[.;|•]\s|[.;]$|\(|,\s|\s+(?:under|and\s+is|and\s+has|and\s+was|with\s+permission|on\s+\w+day|"
    r"in\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)|"
    r"is\s+republished|is\s+reproduced|here\b|https?://))",
    re.IGNORECASE,
)
MEDIA_WORDS = re.compile(
    r"(?<![\w-])(?:video|videos|watch|footage|clip|photo|photos|picture|pictures|image|images|gallery|tweet|"
    r"tweets|chart|graph|map|infographic|graphic|audio|listen|podcast|embed|embedded|below|slideshow|"
    r"livestream|stream)(?![\w-])",
    re.IGNORECASE,
)


class RepublicationAnalyzer(Analyzer):
    """Republication footers with the original outlet, and introductions to media that is missing."""

    name: ClassVar[str] = "presslens.republication.v1"
    version: ClassVar[str] = "1"
    capability: ClassVar[str] = "provenance"
    requires: ClassVar[tuple[str, ...]] = ()
    produces: ClassVar[tuple[str, ...]] = ("provenance.republication", "quality.missing_media")
    languages: ClassVar[tuple[str, ...] | None] = ("en",)
    description: ClassVar[str] = "Republication footers (original outlet) and dangling media introductions."

    def analyze(self, ctx: Context) -> Result:
        text = ctx.text
        paras = list(ctx.article.paragraphs)
        findings: list[Finding] = []
        candidates = paras[-FOOTER_TAIL_PARAGRAPHS:] + paras[:1]
        footer_paras: set[int] = set()
        seen: set[tuple[int, int]] = set()
        for ps, pe in candidates:
            for rx in FOOTER_RES:
                m = rx.search(text, ps, pe)
                if not m or (m.start(), m.end()) in seen:
                    continue
                outlet = _outlet(m, text)
                end = outlet[1] if outlet else m.end()
                seen.add((m.start(), m.end()))
                footer_paras.add(ps)
                name = text[outlet[0] : outlet[1]] if outlet else None
                url = None
                if name and URL_RE.match(name):
                    url, name = name, _domain(name)
                findings.append(self.finding(ctx, m.start(), end, "provenance.republication",
                                             0.9 if outlet else 0.6,
                                             RepublicationAttrs(outlet=name, url=url, position="footer" if ps != paras[0][0]
                                                                or len(paras) == 1 else "header")))
                break
        origin = next((f for f in findings if f.attrs_as(RepublicationAttrs).outlet), None)
        original = origin.attrs_as(RepublicationAttrs).outlet if origin else None

        for i, (ps, pe) in enumerate(paras):
            if text[pe - 1] != ":" or len(text[ps:pe].split()) < 2:  # "Source:" alone is a label, not an intro
                continue
            nxt = [p for p in paras[i + 1 :] if p[0] not in footer_paras]
            has_media_word = bool(MEDIA_WORDS.search(text, ps, pe))
            gap = text[pe : paras[i + 1][0]].count("\n") >= 3 if i + 1 < len(paras) else True
            if not nxt:
                findings.append(self.finding(ctx, ps, pe, "quality.missing_media",
                                             0.9 if has_media_word else 0.6,
                                             MissingMediaAttrs(media_word=has_media_word,
                                                               reason="introduction followed by nothing"
                                                               + (" but a footer" if i + 1 < len(paras) else ""))))
            elif has_media_word and gap and len(text[ps:pe].split()) <= 15:
                findings.append(self.finding(ctx, ps, pe, "quality.missing_media", 0.5,
                                             MissingMediaAttrs(media_word=True, reason="short media introduction followed "
                                                               "by a gap where an embed was removed")))
        footer = origin or next((f for f in findings if f.label == "provenance.republication"), None)
        summary = RepublicationSummary(republished=footer is not None, original_outlet=original,
                                       finding_id=footer.id if footer else None)
        missing = sum(f.label == "quality.missing_media" for f in findings)
        return Result(findings=findings, summary=summary,
                      indicators={"republished": summary.republished, "missing_media": missing})


URL_RE = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)


def _domain(url: str) -> str:
    """``http://www.example.com/a/b`` → ``example.com``."""
    from urllib.parse import urlsplit

    host = urlsplit(url if "://" in url else "http://" + url).hostname or url
    return host[4:] if host.startswith("www.") else host


def _outlet(m: re.Match[str], text: str) -> tuple[int, int] | None:
    if m.lastgroup != "outlet" and "outlet" not in m.groupdict():
        return None
    if m.group("outlet") is None:
        return None
    s, e = m.start("outlet"), m.end("outlet")
    stop = _OUTLET_STOP.search(text, s, e)
    if stop:
        e = stop.start()
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;:!)\"'”"):
        e -= 1
    while s < e and text[s] in " \"'“":
        s += 1
    if text[s:e].lower().startswith("the "):
        pass
    return (s, e) if e - s >= 2 else None
