"""Outlet cards: everything the registry knows about one outlet, looked up by domain, URL or name.

A card never collapses raters into one verdict: it lists every rating with its rater, date, licence and
rationale, adds a per-axis reading (median factual score, the leans named) and says where raters disagree.
An outlet nobody rated is ``status="not rated"``, never neutral.
"""

from __future__ import annotations

import functools
import statistics
import threading
from typing import Any

from .axes import FACTUAL_LEVELS, LEANS, factual_level
from .domains import name_key, normalize
from .lookalike import LookalikeDetector
from .model import Disagreement, LookalikeWarning, MediaGroup, OutletCard, Rating, Reading, StateAffiliation
from .store import GROUP_FLAGSHIP, STATE_CATEGORIES, STATE_CONTROLLED_EDITORIAL, Store

#: Two factual readings this far apart (in levels) count as a disagreement between raters.
DISAGREE_LEVELS = 2


def reading_of(ratings: tuple[Rating, ...] | list[Rating]) -> Reading:
    scores = [r.factual for r in ratings if r.factual is not None]
    med = statistics.median(scores) if scores else None
    leans = tuple(sorted({r.lean for r in ratings if r.lean}, key=LEANS.index))
    flags: list[str] = []
    for r in ratings:
        flags += [f for f in r.flags if f not in flags]
    order = [lv for lv, _ in FACTUAL_LEVELS]
    dis = []
    rated = [r for r in ratings if r.factual_level]
    for i, a in enumerate(rated):
        for b in rated[i + 1 :]:
            if abs(order.index(a.factual_level or "") - order.index(b.factual_level or "")) >= DISAGREE_LEVELS:
                dis.append(Disagreement(a.rater, a.factual_level or "", b.rater, b.factual_level or ""))
    return Reading(med, factual_level(med), len(scores), leans, tuple(flags), tuple(dis))


class Registry:
    """Look up outlets in the shipped registry and the user registry.

    Example:
        >>> card = Registry().card("rt.com")
        >>> card.state.category
        'state-controlled'
    """

    def __init__(self, store: Store | None = None) -> None:
        self.store = store or Store()
        self._lock = threading.Lock()
        self._detector: LookalikeDetector | None = None
        self._label_index: dict[str, list[str]] | None = None

    # -- look-alikes ---------------------------------------------------------------------------------------
    def detector(self) -> LookalikeDetector:
        with self._lock:
            if self._detector is None:
                self._detector = build_detector(self)
            return self._detector

    def own_reading(self, domain: str) -> Reading:
        return reading_of(self._ratings_for(domain, domain))

    # -- lookup --------------------------------------------------------------------------------------------
    def card(self, query: str, *, lookalikes: bool = True) -> OutletCard:
        """The card for a domain, URL or outlet name."""
        q = (query or "").strip()
        looks_like_domain = "." in q and " " not in q
        h = normalize(q) if looks_like_domain else None
        if h is not None:
            return self._card_for_host(q, h.host, "domain", lookalikes=lookalikes)
        return self.by_name(q, lookalikes=lookalikes)

    def by_name(self, name: str, *, lookalikes: bool = False) -> OutletCard:
        """Resolve an outlet name ("Russia Insider", "The BBC") through names, aliases and domain labels."""
        key = name_key(name)
        if not key:
            return OutletCard(name, None, None, "none", "not rated", notes=("empty name",))
        hits = self.store.by_name_key(key)
        how = "name"
        if not hits:
            doms = self.label_index().get(key, []) or self.label_index().get(key.removesuffix("com"), [])
            # A name never resolves to a fake or impersonator site ("BBC News" is not bbc-news.us).
            doms = [d for d in doms if not ({"fake", "imposter"} & set(self.own_reading(d).flags))
                    and not self.detector().check(d)]
            hits = [(d, self.store.display_name(d) or d) for d in doms]
            how = "domain label"
        if not hits:
            return OutletCard(name, None, None, "none", "not rated",
                              notes=(f"no outlet named {name!r} in the registry",))
        counts = self.store.rater_counts(shipped_only=False)
        hits = sorted(set(hits), key=lambda x: (-counts.get(x[0], 0), len(x[0]), x[0]))
        card = self._card_for_host(name, hits[0][0], how, lookalikes=lookalikes)
        notes = list(card.notes)
        others = sorted({d for d, _ in hits[1:]} - {hits[0][0]})
        if others:
            notes.append(f"the name also matches {', '.join(others[:5])}; chose the most-rated domain")
        return _replace(card, name=card.name or hits[0][1], notes=tuple(notes))

    def label_index(self) -> dict[str, list[str]]:
        """Compact domain label (``russiainsider``) → rated registrable domains with that label."""
        with self._lock:
            if self._label_index is None:
                idx: dict[str, list[str]] = {}
                for d in self.store.domains():
                    h = normalize(d)
                    if h is None or h.subdomain:
                        continue
                    idx.setdefault(name_key(h.label), []).append(d)
                self._label_index = idx
            return self._label_index

    def _ratings_for(self, key: str, matched: str) -> list[Rating]:
        src = self.store.sources()
        out = []
        for r in self.store.ratings(key):
            s = src.get(r.source)
            out.append(Rating(s.name if s else r.source, r.source, r.label, r.factual, r.factual_level, r.lean,
                              r.flags, r.date or (s.date if s else ""), s.licence if s else "",
                              r.url or None, (s.url if s else None) or None, r.note, r.shipped, matched))
        return out

    def _state_for(self, key: str) -> StateAffiliation | None:
        rows = self.store.state(key)
        if not rows:
            return None
        r = rows[0]
        cat, meaning = STATE_CATEGORIES[r.code]
        src = self.store.sources().get("asd_smm")
        ref = f"{src.url if src else 'ASD State Media Profiles'} (row: {r.company} / {r.asset}, {r.url})"
        return StateAffiliation(r.code, cat, meaning, r.code in STATE_CONTROLLED_EDITORIAL, r.country, r.company,
                                r.asset, ref, src.name if src else "asd_smm", src.date if src else "", key)

    def _card_for_host(self, query: str, host: str, how: str, *, lookalikes: bool) -> OutletCard:
        h = normalize(host)
        assert h is not None
        notes: list[str] = []
        ratings: list[Rating] = []
        state: StateAffiliation | None = None
        matched_by = how
        for i, key in enumerate(h.parents()):
            rs = self._ratings_for(key, key)
            if rs and not ratings:
                ratings = rs
                if i:
                    matched_by = "parent domain" if how == "domain" else how
                    notes.append(f"ratings are for {key} (the site {h.host} belongs to)")
            if state is None:
                state = self._state_for(key)
        group = None
        grp = None
        for key in h.parents():
            grp = self.store.group(key)
            if grp:
                break
        if grp:
            flagship = GROUP_FLAGSHIP.get(grp.grp)
            src = self.store.sources().get("v2fly")
            group = MediaGroup(grp.grp, grp.grp_name, grp.note, src.name if src else "v2fly", flagship)
            if flagship and flagship != h.registrable:
                if not ratings:
                    ratings = self._ratings_for(flagship, flagship)
                    if ratings:
                        matched_by = "group" if matched_by in ("domain", "parent domain") else matched_by
                        notes.append(f"{h.host} is a domain of {grp.grp_name}; ratings shown are those of {flagship}")
                if state is None:
                    state = self._state_for(flagship)
                    if state:
                        notes.append(f"state affiliation is that of the group's flagship {flagship}")
        name = None
        for key in h.parents():
            name = self.store.display_name(key)
            if name:
                break
        if name is None and state:
            name = state.asset or state.company
        warnings: tuple[LookalikeWarning, ...] = ()
        if lookalikes:
            warnings = tuple(self.detector().check(h.host))
        known = bool(ratings or state or group)
        if not known and how == "domain":
            matched_by = "none"
        status = "rated" if ratings else "not rated"
        if not ratings:
            notes.append("no rater in the registry has rated this outlet; this is not a neutral rating")
        return OutletCard(query, h.host, name, matched_by, status, tuple(ratings), state, group,
                          reading_of(ratings) if ratings else None, warnings, tuple(notes))


def _replace(card: OutletCard, **kw: Any) -> OutletCard:
    import dataclasses

    return dataclasses.replace(card, **kw)


def protected_targets(reg: Registry, min_factual: float = 0.6) -> list[str]:
    """Outlets impersonators imitate: registrable domains rated by three or more raters (the most-rated
    outlets), or rated high by the median of at least two raters, or generally reliable on Wikipedia, or in the
    state-media list."""
    counts = reg.store.rater_counts()
    out = []
    for d, n in counts.items():
        h = normalize(d)
        if h is None or h.subdomain:
            continue
        rs = reg._ratings_for(d, d)
        rd = reading_of(rs)
        rsp_gr = any(r.rater_id == "wikipedia_rsp" and (r.factual or 0) >= 0.85 for r in rs)
        if n >= 3 or (rd.factual is not None and rd.factual >= min_factual and n >= 2) or rsp_gr or reg.store.state(d):
            out.append(d)
    return sorted(out)


def build_detector(reg: Registry) -> LookalikeDetector:
    targets = reg.store.protected() or protected_targets(reg)
    every_name = reg.store.display_names()
    names = {d: n for d in targets if (n := every_name.get(d))}

    def exempt(d: str) -> bool:
        """A state outlet, or a rated outlet in its own right: no rater flags it fake or imposter, and two or
        more raters rate it or its factual reading is mixed or better (one imputed score never vouches)."""
        if reg.store.state(d):
            return True
        rs = reg._ratings_for(d, d)
        rd = reading_of(rs)
        if not rs or {"fake", "imposter"} & set(rd.flags):
            return False
        return len({r.rater_id for r in rs}) >= 2 or (rd.factual is not None and rd.factual >= 0.4)

    def group_of(d: str) -> str | None:
        g = reg.store.group(d)
        return g.grp if g else None

    return LookalikeDetector(targets, names, exempt, group_of)


@functools.lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The process-wide registry (shipped table + the user registry if one exists)."""
    return Registry()


__all__ = ["DISAGREE_LEVELS", "Disagreement", "MediaGroup", "OutletCard", "Rating", "Reading", "Registry",
           "StateAffiliation", "build_detector", "default_registry", "protected_targets", "reading_of"]
