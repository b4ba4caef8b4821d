"""Stories: articles about the same event within a time window, compared across outlets.

- **Clustering**: TF-IDF (title + lead) cosine similarity between articles published within ``days`` of
  each other; pairs at or above ``threshold`` are linked and a story is a connected component (single link).
  Undated articles are not clustered. TF-IDF was chosen over the MiniLM encoder and the threshold set on a
  hand-labelled pair set (docs/benchmarks.md, ``benchmarks/stories_bench.py``).
- **Per story**: outlets and their lean (the input's label, e.g. AllSides ``bias_text``, else the outlet
  registry's), the parties each outlet quotes (from the ``speakers`` table), **number disagreements** (two
  outlets giving different values for the same counted thing, with both spans and both asserters) and
  **one-sided coverage** (every outlet of known lean has the same lean, or every outlet is media of one state).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .store import Store

#: Characters of the article text used with the title (the lead names the event).
LEAD_CHARS = 1500


@dataclass(frozen=True, slots=True)
class StorySettings:
    days: int = 3
    threshold: float = 0.15
    min_articles: int = 2
    #: Relative difference from which two values of the same counted thing disagree.
    number_tolerance: float = 0.2
    #: Cosine similarity of counted-noun phrases (MiniLM encoder) from which they count as the same thing.
    counted_similarity: float = 0.62


@dataclass(frozen=True, slots=True)
class StoryDoc:
    key: str
    article_id: str
    outlet: str | None
    language: str | None
    url: str | None
    date: str | None
    title: str | None
    text: str
    lean: str | None
    domain: str | None

    @property
    def day(self) -> int | None:
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", self.date or "")
        if not m or m.group(1) < "1900":
            return None
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).toordinal()
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class NumberDisagreement:
    """The same counted thing reported with different values by two outlets of one story."""

    counted: str
    a: dict[str, Any]
    b: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"counted": self.counted, "a": self.a, "b": self.b}


@dataclass(slots=True)
class Story:
    id: int
    members: list[tuple[StoryDoc, float]]
    leans: dict[str, str | None] = field(default_factory=dict)
    parties: dict[str, list[str]] = field(default_factory=dict)
    disagreements: list[NumberDisagreement] = field(default_factory=list)
    one_sided: str | None = None

    @property
    def outlets(self) -> list[str]:
        return sorted({d.outlet or d.domain or d.key for d, _ in self.members})

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.id,
            "articles": [{"item_key": d.key, "outlet": d.outlet, "date": d.date, "title": d.title, "url": d.url,
                          "lean": self.leans.get(d.outlet or d.domain or d.key), "similarity": round(s, 4)}
                         for d, s in self.members],
            "outlets": self.outlets,
            "leans": self.leans,
            "parties_quoted": self.parties,
            "number_disagreements": [x.to_dict() for x in self.disagreements],
            "one_sided": self.one_sided,
        }


@dataclass(slots=True)
class StoryResult:
    stories: list[Story]
    n_articles: int
    n_undated: int

    def describe(self) -> str:
        lines = [f"{self.n_articles} articles ({self.n_undated} undated, not clustered); {len(self.stories)} stories "
                 f"with {sum(len(s.members) for s in self.stories)} articles"]
        for s in self.stories:
            title = next((d.title for d, _ in s.members if d.title), "") or ""
            lines.append(f"\nstory {s.id}: {title[:90]}  ({len(s.members)} articles, {len(s.outlets)} outlets)")
            for d, sim in s.members:
                lines.append(f"  {d.date or '?':10}  {d.outlet or '?'} [{s.leans.get(d.outlet or d.domain or d.key) or '?'}]"
                             f"  sim={sim:.2f}  {(d.title or '')[:70]}")
            if s.one_sided:
                lines.append(f"  one-sided coverage: {s.one_sided}")
            for x in s.disagreements:
                lines.append(f"  numbers disagree on {x.counted!r}: {x.a['outlet']} says {x.a['text']!r}"
                             f" ({x.a['asserter'] or 'unattributed'}) vs {x.b['outlet']} says {x.b['text']!r}"
                             f" ({x.b['asserter'] or 'unattributed'})")
        return "\n".join(lines) + "\n"


# -- clustering ---------------------------------------------------------------------------------------------
def story_text(d: StoryDoc) -> str:
    return f"{d.title or ''}\n{d.text[:LEAD_CHARS]}"


def similarity_pairs(docs: Sequence[StoryDoc], days: int) -> list[tuple[int, int, float]]:
    """TF-IDF cosine of every pair of dated articles published within ``days`` of each other."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    idx = [i for i, d in enumerate(docs) if d.day is not None]
    if len(idx) < 2:
        return []
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1, max_df=0.5 if len(idx) >= 20 else 1.0,
                          ngram_range=(1, 1),
                          token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b")
    try:
        x = vec.fit_transform([story_text(docs[i]) for i in idx])
    except ValueError:  # empty vocabulary
        return []
    day = np.array([docs[i].day for i in idx])
    order = np.argsort(day, kind="stable")
    x, day = x[order], day[order]
    out: list[tuple[int, int, float]] = []
    block = 512
    for s in range(0, len(order), block):
        e = min(len(order), s + block)
        hi = int(np.searchsorted(day, day[e - 1] + days, side="right"))
        sims = (x[s:e] @ x[s:hi].T).tocoo()
        for r, c, v in zip(sims.row, sims.col, sims.data, strict=True):
            a, b = s + int(r), s + int(c)
            if b > a and abs(day[b] - day[a]) <= days:
                out.append((idx[order[a]], idx[order[b]], float(v)))
    return out


def cluster(docs: Sequence[StoryDoc], settings: StorySettings) -> list[list[tuple[int, float]]]:
    """Stories as lists of (doc index, similarity to the story's best-linked member), earliest first."""
    pairs = [(a, b, v) for a, b, v in similarity_pairs(docs, settings.days) if v >= settings.threshold]
    parent = list(range(len(docs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best: dict[int, float] = {}
    for a, b, v in sorted(pairs, key=lambda p: -p[2]):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
        best[a] = max(best.get(a, 0.0), v)
        best[b] = max(best.get(b, 0.0), v)
    groups: dict[int, list[int]] = {}
    for i in best:
        groups.setdefault(find(i), []).append(i)
    out = []
    for g in groups.values():
        if len(g) >= settings.min_articles:
            g.sort(key=lambda i: (docs[i].day or 0, docs[i].key))
            out.append([(i, best[i]) for i in g])
    out.sort(key=lambda g: (docs[g[0][0]].day or 0, docs[g[0][0]].key))
    return out


# -- per-story comparison ------------------------------------------------------------------------------------
def _lean_from_registry(d: StoryDoc) -> tuple[str | None, str | None]:
    """(lean, state country) from the outlet registry, when it knows the outlet."""
    try:
        from ..provenance import outlet
    except Exception:  # the registry is optional for this module
        return None, None
    query = d.domain or d.url or d.outlet
    if not query:
        return None, None
    try:
        card = outlet(query, lookalikes=False)
    except Exception:
        return None, None
    lean = card.reading.leans[0] if card.reading and len(card.reading.leans) == 1 else None
    state = card.state.country if card.state and card.state.state_controls_editorial else None
    return lean, state


def _counted_key(counted: str) -> str:
    words = re.findall(r"[a-z]+", counted.lower())
    if not words:
        return ""
    head = words[-1]
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


def _disagreements(store: Store, story: Story, settings: StorySettings) -> list[NumberDisagreement]:
    keys = [d.key for d, _ in story.members]
    rows = store.con.execute(
        'SELECT q.item_key, q.outlet, q.start, q."end", q.text, q.value, q.low, q.high, q.comparator, q.counted, '
        "q.asserter, a.text FROM quantities q JOIN articles a USING (item_key) "
        "WHERE q.item_key IN (SELECT unnest(?)) AND q.quantity_kind = 'count' AND q.counted IS NOT NULL "
        "AND q.value IS NOT NULL", [keys]).fetchall()
    items = []
    for key, outlet, s, e, text, value, low, high, comp, counted, asserter, art in rows:
        ck = _counted_key(counted)
        if not ck:
            continue
        sent = _sentence(art, s, e)
        items.append({"item_key": key, "outlet": outlet, "start": s, "end": e, "text": text, "value": value,
                      "low": low, "high": high, "comparator": comp, "counted": counted, "asserter": asserter,
                      "sentence": sent, "_key": ck})
    if len(items) < 2:
        return []
    same = _same_counted(items, settings)
    out: list[NumberDisagreement] = []
    seen: set[tuple[str, str, str]] = set()
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if a["outlet"] == b["outlet"] or not same(i, j):
                continue
            lo, hi = sorted((a["value"], b["value"]))
            if hi <= 0 or (hi - lo) / hi <= settings.number_tolerance:
                continue
            if _ranges_overlap(a, b):
                continue
            sig = (a["_key"], *sorted((a["outlet"] or "", b["outlet"] or "")))
            if sig in seen:
                continue
            seen.add(sig)
            out.append(NumberDisagreement(a["counted"], _public(a), _public(b)))
    return out


def _same_counted(items: list[dict[str, Any]], settings: StorySettings) -> Any:
    """A predicate: do items i and j count the same thing (same head noun, or close MiniLM embeddings)?"""
    phrases = sorted({it["counted"].lower() for it in items})
    vec: dict[str, np.ndarray] = {}
    try:
        from ..encoders import load_encoder

        enc = load_encoder()
        arr = enc.vectors(phrases)
        vec = dict(zip(phrases, arr, strict=True))
    except Exception:  # no encoder: head nouns only
        vec = {}

    def same(i: int, j: int) -> bool:
        a, b = items[i], items[j]
        if a["_key"] == b["_key"]:
            return True
        va, vb = vec.get(a["counted"].lower()), vec.get(b["counted"].lower())
        return va is not None and vb is not None and float(va @ vb) >= settings.counted_similarity

    return same


def _ranges_overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def rng(x: dict[str, Any]) -> tuple[float, float]:
        lo = x["low"] if x["low"] is not None else x["value"]
        hi = x["high"] if x["high"] is not None else x["value"]
        if x["comparator"] in (">", ">="):
            hi = float("inf")
        if x["comparator"] in ("<", "<="):
            lo = 0.0
        return lo, hi

    (a0, a1), (b0, b1) = rng(a), rng(b)
    return a0 <= b1 and b0 <= a1


def _sentence(text: str, start: int, end: int) -> dict[str, Any]:
    s = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    e_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    e = min(e_candidates) + 1 if e_candidates else len(text)
    return {"start": s, "end": e, "text": text[s:e].strip()}


def _public(x: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in x.items() if not k.startswith("_")}


def _parties(store: Store, story: Story) -> dict[str, list[str]]:
    keys = [d.key for d, _ in story.members]
    rows = store.con.execute(
        "SELECT outlet, coalesce(party, name) AS p, count(*) FROM speakers WHERE item_key IN (SELECT unnest(?)) "
        "AND coalesce(party, name) IS NOT NULL GROUP BY outlet, p ORDER BY outlet, count(*) DESC, p",
        [keys]).fetchall()
    out: dict[str, list[str]] = {}
    for outlet, party, _ in rows:
        out.setdefault(outlet or "?", []).append(party)
    return out


def _one_sided(story: Story, states: dict[str, str | None]) -> str | None:
    outlets = story.outlets
    if len(outlets) < 2:
        return None
    known = {o: story.leans[o] for o in outlets if story.leans.get(o)}
    st = {states.get(o) for o in outlets}
    if None not in st and len(st) == 1:
        return f"carried only by state media of {next(iter(st))} ({', '.join(outlets)})"
    if len(known) == len(outlets) and len(set(known.values())) == 1:
        return f"carried only by outlets of one lean ({next(iter(known.values()))}: {', '.join(outlets)})"
    return None


# -- entry points ------------------------------------------------------------------------------------------
def load_story_docs(store: Store) -> list[StoryDoc]:
    rows = store.con.execute("SELECT item_key, article_id, outlet, language, url, date, title, text, lean, domain "
                             "FROM articles ORDER BY item_key").fetchall()
    return [StoryDoc(*r) for r in rows]


def find_stories(store_path: str | Path, settings: StorySettings | None = None) -> StoryResult:
    """Cluster the store's articles into stories, compare outlets, and write ``stories``/``story_findings``."""
    s = settings or StorySettings()
    with Store(store_path, must_exist=True) as store:
        docs = load_story_docs(store)
        groups = cluster(docs, s)
        stories: list[Story] = []
        reg_cache: dict[str, tuple[str | None, str | None]] = {}
        for sid, g in enumerate(groups, 1):
            story = Story(sid, [(docs[i], sim) for i, sim in g])
            states: dict[str, str | None] = {}
            for d, _ in story.members:
                name = d.outlet or d.domain or d.key
                if name not in reg_cache:
                    reg_cache[name] = _lean_from_registry(d)
                lean, state = reg_cache[name]
                story.leans[name] = d.lean or story.leans.get(name) or lean
                states[name] = state
            story.parties = _parties(store, story)
            story.disagreements = _disagreements(store, story, s)
            story.one_sided = _one_sided(story, states)
            stories.append(story)
        store.replace_table("stories", ({
            "story_id": st.id, "item_key": d.key, "article_id": d.article_id, "outlet": d.outlet,
            "language": d.language, "url": d.url, "date": d.date, "title": d.title,
            "lean": st.leans.get(d.outlet or d.domain or d.key), "similarity": round(sim, 4),
        } for st in stories for d, sim in st.members))
        findings = []
        for st in stories:
            for x in st.disagreements:
                findings.append({"story_id": st.id, "label": "story.number_disagreement",
                                 "detail": f"{x.a['outlet']}: {x.a['text']} {x.a['counted']} vs {x.b['outlet']}: "
                                           f"{x.b['text']} {x.b['counted']}",
                                 "evidence": json.dumps(x.to_dict(), ensure_ascii=False, default=str)})
            if st.one_sided:
                findings.append({"story_id": st.id, "label": "story.one_sided", "detail": st.one_sided,
                                 "evidence": json.dumps({"outlets": st.outlets, "leans": st.leans})})
            findings.append({"story_id": st.id, "label": "story.parties_quoted",
                             "detail": "; ".join(f"{o}: {', '.join(p[:5])}" for o, p in st.parties.items()),
                             "evidence": json.dumps(st.parties, ensure_ascii=False)})
        store.replace_table("story_findings", findings)
    n_undated = sum(1 for d in docs if d.day is None)
    return StoryResult(stories, len(docs), n_undated)


__all__ = ["NumberDisagreement", "Story", "StoryDoc", "StoryResult", "StorySettings", "cluster", "find_stories",
           "load_story_docs", "similarity_pairs"]
