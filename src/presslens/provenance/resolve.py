"""Which outlet an article comes from, decided from every signal, with the disagreements between them.

Signals, in the order that decides the *original* publisher of the content:

1. ``republication_footer``: "This post first appeared on Russia Insider" (the republication analyzer's
   finding; char span in the text);
2. ``canonical_url``: a canonical URL on another domain than the page;
3. ``dateline`` / ``byline_agency``: a wire agency ("MOSCOW (Reuters) -", "By Jane Doe, Associated Press");
4. ``url_host``: the host the page was fetched from;
5. ``site_name``: ``og:site_name`` / publisher metadata, or a corpus outlet column (a claim the page makes
   about itself, so it comes after the host).

The first signal that resolves to an outlet decides; every signal is kept as evidence, and conflicts (the page's
host vs the original publisher, a wire story under a local masthead) are listed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..article import Article
from ..dossier.summaries import OriginSummary
from .domains import name_key, normalize
from .model import OutletCard, Signal
from .registry import Registry

#: Wire agencies: canonical byline name → (domain, dateline spellings).
AGENCIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "AP": ("apnews.com", ("AP", "Associated Press")),
    "Reuters": ("reuters.com", ("Reuters",)),
    "AFP": ("afp.com", ("AFP", "Agence France-Presse")),
    "Bloomberg": ("bloomberg.com", ("Bloomberg",)),
    "UPI": ("upi.com", ("UPI",)),
    "dpa": ("dpa.com", ("dpa",)),
    "EFE": ("efe.com", ("EFE",)),
    "ANSA": ("ansa.it", ("ANSA",)),
    "Xinhua": ("xinhuanet.com", ("Xinhua",)),
    "TASS": ("tass.com", ("TASS",)),
    "Kyodo": ("english.kyodonews.net", ("Kyodo",)),
    "PA Media": ("pamediagroup.com", ("PA",)),
    "AAP": ("aap.com.au", ("AAP",)),
    "The Canadian Press": ("thecanadianpress.com", ("CP", "The Canadian Press")),
    "PTI": ("ptinews.com", ("PTI",)),
    "Yonhap": ("en.yna.co.kr", ("Yonhap",)),
    "Anadolu": ("aa.com.tr", ("Anadolu", "AA")),
    "CNN Wire": ("cnn.com", ("CNN",)),
}
_DATELINE_AGENCY = {sp: canon for canon, (_, spells) in AGENCIES.items() for sp in spells}
#: "WASHINGTON (AP) —", "MOSCOW, May 3 (Reuters) -": a capitalised place, optional date, agency in brackets.
DATELINE_RE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.]+\.?)?)(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*"
    r"\((?P<agency>" + "|".join(sorted((re.escape(s) for s in _DATELINE_AGENCY), key=len, reverse=True)) + r")\)\s*[-–—]",
    re.MULTILINE,
)
#: How many characters from the start a dateline may sit (headline and byline may precede it).
DATELINE_WINDOW = 600


def datelines(text: str) -> list[tuple[str, int, int]]:
    """(agency, start, end) of wire datelines near the start of ``text`` (end covers the agency bracket)."""
    out = []
    for m in DATELINE_RE.finditer(text, 0, min(len(text), DATELINE_WINDOW)):
        out.append((_DATELINE_AGENCY[m.group("agency")], m.start("place"), m.end("agency") + 1))
    return out


def resolve(article: Article, registry: Registry, footers: list[tuple[str, str | None, int, int]] | None = None,
            ) -> OriginSummary:
    """Resolve the outlet of ``article``.

    Args:
        footers: republication footers as (outlet name, URL or None, start, end) — the republication
            analyzer's findings.
    """
    signals: list[Signal] = []
    cards: dict[int, OutletCard] = {}

    def add(kind: str, value: str, card: OutletCard | None, start: int | None = None, end: int | None = None) -> None:
        known = card is not None and card.matched_by != "none"
        if card is not None:
            cards[len(signals)] = card
        signals.append(Signal(kind, value, card.domain if known and card else None, start, end,
                              card.matched_by if card else "none"))

    for name, url, s, e in footers or []:
        card = registry.card(url) if url and normalize(url) else registry.by_name(name, lookalikes=True)
        add("republication_footer", url or name, card, s, e)
    host = normalize(article.url or "") or normalize(article.domain or "")
    canonical = str(article.extra.get("canonical_url") or "")
    ch = normalize(canonical) if canonical else None
    if ch and (host is None or ch.registrable != host.registrable):
        add("canonical_url", canonical, registry.card(canonical))
    wire: str | None = None
    for agency, s, e in datelines(article.text):
        wire = wire or agency
        add("dateline", agency, registry.card(AGENCIES[agency][0]), s, e)
    for agency in article.byline.agencies:
        wire = wire or agency
        dom = AGENCIES.get(agency, (None,))[0]
        add("byline_agency", agency, registry.card(dom) if dom else registry.by_name(agency))
    host_card: OutletCard | None = None
    if host is not None:
        host_card = registry.card(host.host)
        add("url_host", host.host, host_card)
    site = (article.outlet or "").strip()
    if site:
        sh = normalize(site) if "." in site and " " not in site else None
        add("site_name", site, registry.card(site) if sh else registry.by_name(site))

    # The first known signal decides, except that the text's own statement of where it first appeared names
    # the original publisher even when no rater knows it: "not rated" is then the honest reading, not a later
    # signal's (an agency co-credit, the host).
    decided: int | None = None
    for i, sig in enumerate(signals):
        if sig.domain is not None or sig.kind == "republication_footer":
            decided = i
            break
    if (decided is not None and signals[decided].kind == "republication_footer" and decided in cards
            and cards[decided].name is None):
        cards[decided] = replace(cards[decided], name=signals[decided].value)
    if decided is None and signals:  # nothing known: the most specific signal still names the outlet
        decided = next((i for i, s in enumerate(signals) if i in cards and cards[i].domain), None)
    outlet = cards.get(decided) if decided is not None else None
    decided_by = signals[decided].kind if decided is not None else None

    dis: list[str] = []
    out_host = normalize(outlet.domain) if outlet and outlet.domain else None
    out_reg = out_host.registrable if out_host else None
    for i, sig in enumerate(signals):
        if i == decided or sig.domain is None or out_reg is None or outlet is None:
            continue
        sreg = normalize(sig.domain)
        if sreg is None or sreg.registrable == out_reg or _same_group(registry, sig.domain, outlet.domain or ""):
            continue
        what = {"url_host": "the page's host", "site_name": "the site name", "canonical_url": "the canonical URL",
                "dateline": "the dateline", "byline_agency": "the byline",
                "republication_footer": "the republication footer"}[sig.kind]
        dis.append(f"{what} points to {sig.domain} ({sig.value}), but the content comes from {outlet.domain} "
                   f"(decided by {decided_by})")
    if wire and decided_by in ("site_name", "url_host"):
        dis.append(f"a wire story ({wire}) published under the masthead of {outlet.domain if outlet else '?'}")
    show_host = host_card if host_card and outlet and host_card.domain != outlet.domain else None
    status = outlet.status if outlet is not None else "unknown outlet"
    return OriginSummary(status, outlet, decided_by, signals, show_host, wire, [d for d in dis if d])


def _same_group(registry: Registry, a: str, b: str) -> bool:
    ga, gb = registry.store.group(a), registry.store.group(b)
    return bool(ga and gb and ga.grp == gb.grp)


def name_matches(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


__all__ = ["AGENCIES", "DATELINE_RE", "OriginSummary", "Signal", "datelines", "resolve"]
