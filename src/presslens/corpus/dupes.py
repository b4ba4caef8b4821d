"""Near-duplicates, republication clusters and passage reuse over the articles of a store.

1. **Documents**: MinHash (rensa) over k-word shingles, LSH banding for candidate pairs, then the exact
   Jaccard similarity and containments of the shingle sets for every candidate (nothing is reported on the
   estimate alone).
2. **Paragraphs** of at least ``passage_min_words`` words get the same treatment across articles, so a
   paragraph copied into a longer, different article is found even though the two documents are far apart.
   Paragraph text repeated across more than ``boilerplate_docs`` articles that are not near-duplicates of
   each other (newsletter pitches, cookie notices, disclaimers) is boilerplate and never counts.
3. Each related pair gets a relation, from the later article's side: ``verbatim`` (Jaccard ≥ 0.9),
   ``excerpt`` (the later one is mostly inside the earlier, not the reverse), ``lightly edited`` (Jaccard ≥
   ``threshold``), ``contains passage`` (the earlier one is wholly inside a much longer later one; paragraph-level
   reuse is reported as passages).
4. Documents linked by verbatim / lightly-edited / excerpt relations form clusters, earliest publication first;
   wire-agency bylines and republication footers are shown as evidence. A paragraph of a later article copied
   from an earlier article of another cluster is a **passage reuse** finding in the later article with both
   spans; ``credited`` says whether the later article names the source outlet.
5. "N outlets carried this text; M independent origins": N = distinct outlets in the cluster; M = distinct
   earlier sources the cluster's text was copied from (other clusters reached by passage reuse), or 1 when
   the cluster's earliest member is itself the origin.
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

from ..dossier.attrs import PassageReuseAttrs, TextSpan
from ..dossier.model import Finding
from .shingles import BANDS, NUM_PERM, SEED, lsh_pairs, shingle_hashes, signatures
from .store import Store

RELATIONS = ("origin", "verbatim", "lightly edited", "excerpt", "contains passage")
#: Relations that make two articles copies of one text (one cluster); "contains passage" links stay pairs.
CLUSTER_RELATIONS = frozenset({"verbatim", "lightly edited", "excerpt"})


@dataclass(frozen=True, slots=True)
class DupeSettings:
    """Parameters of :func:`find_duplicates` (defaults chosen on the synthetic set, docs/benchmarks.md)."""

    shingle: int = 5
    num_perm: int = NUM_PERM
    bands: int = BANDS
    threshold: float = 0.5
    verbatim: float = 0.9
    excerpt_containment: float = 0.8
    passage_min_words: int = 25
    passage_jaccard: float = 0.6
    boilerplate_docs: int = 5


@dataclass(frozen=True, slots=True)
class Doc:
    """What near-duplicate detection needs of one stored article."""

    key: str
    article_id: str
    outlet: str | None
    language: str | None
    url: str | None
    date: str | None
    text: str
    agencies: str | None = None
    republished_from: str | None = None

    @property
    def when(self) -> str:
        """Sortable publication date (unknown dates sort last)."""
        return _iso(self.date) or "9999"


@dataclass(frozen=True, slots=True)
class Pair:
    """Two related documents (indices into the doc list), ``a`` published first."""

    a: int
    b: int
    estimated_jaccard: float
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    relation: str  # of b relative to a


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph of a later article copied from an earlier one: spans in both texts."""

    doc: int
    start: int
    end: int
    source: int
    source_start: int
    source_end: int
    similarity: float
    credited: bool


@dataclass(slots=True)
class Member:
    doc: Doc
    position: int
    relation: str
    jaccard_to_origin: float | None
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Cluster:
    """Near-duplicate copies of one text, earliest publication first."""

    id: int
    members: list[Member]
    n_outlets: int
    n_origins: int
    sources: list[str]

    @property
    def line(self) -> str:
        o = "outlet" if self.n_outlets == 1 else "outlets"
        g = "independent origin" if self.n_origins == 1 else "independent origins"
        return f"{self.n_outlets} {o} carried this text; {self.n_origins} {g}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster_id": self.id,
            "summary": self.line,
            "n_outlets": self.n_outlets,
            "n_origins": self.n_origins,
            "copied_from": self.sources,
            "members": [{"item_key": m.doc.key, "outlet": m.doc.outlet, "date": m.doc.date, "url": m.doc.url,
                         "position": m.position, "relation": m.relation, "jaccard_to_origin": m.jaccard_to_origin,
                         "evidence": m.evidence} for m in self.members],
        }


@dataclass(slots=True)
class DupeResult:
    docs: list[Doc]
    pairs: list[Pair]
    clusters: list[Cluster]
    passages: list[Passage]

    def describe(self) -> str:
        lines = [f"{len(self.docs)} articles; {len(self.pairs)} near-duplicate pairs; {len(self.clusters)} clusters; "
                 f"{len(self.passages)} reused passages"]
        for c in self.clusters:
            lines.append(f"\ncluster {c.id}: {c.line}" + (f" (copied from {', '.join(c.sources)})" if c.sources else ""))
            for m in c.members:
                ev = f"  [{'; '.join(m.evidence)}]" if m.evidence else ""
                jac = f" J={m.jaccard_to_origin:.2f}" if m.jaccard_to_origin is not None else ""
                lines.append(f"  {m.position}. {m.doc.date or '?':10}  {m.doc.outlet or '?'}  {m.relation}{jac}  "
                             f"{m.doc.url or m.doc.key}{ev}")
        if self.passages:
            lines.append("\nreused passages:")
        for p in self.passages:
            d, s = self.docs[p.doc], self.docs[p.source]
            lines.append(f"  {d.outlet or d.key} [{p.start}:{p.end}] ← {s.outlet or s.key} [{p.source_start}:"
                         f"{p.source_end}] sim={p.similarity:.2f}{' (credited)' if p.credited else ' (no credit)'}: "
                         f"{_short(d.text[p.start:p.end])}")
        return "\n".join(lines) + "\n"


def _short(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _iso(date: str | None) -> str | None:
    if not date:
        return None
    m = _DATE.match(date.strip())
    if not m or m.group(1) < "1900":
        return None
    try:
        dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return date.strip()[:19]


# -- core -------------------------------------------------------------------------------------------------------
def _sets(flat: np.ndarray, off: np.ndarray) -> list[np.ndarray]:
    return [np.unique(flat[off[i] : off[i + 1]]) for i in range(len(off) - 1)]


def _overlap(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(Jaccard, containment of x in y, containment of y in x) of two sorted unique arrays."""
    if len(x) == 0 or len(y) == 0:
        return 0.0, 0.0, 0.0
    inter = len(np.intersect1d(x, y, assume_unique=True))
    return inter / (len(x) + len(y) - inter), inter / len(x), inter / len(y)


def _est(sig: np.ndarray, i: int, j: int) -> float:
    return float(np.mean(sig[i] == sig[j]))


def detect(docs: Sequence[Doc], settings: DupeSettings | None = None) -> DupeResult:
    """Pairs, clusters and reused passages among ``docs`` (see the module docstring)."""
    s = settings or DupeSettings()
    docs = list(docs)
    n = len(docs)
    flat, off = shingle_hashes([d.text for d in docs], s.shingle)
    sig = signatures(flat, off, s.num_perm, SEED)
    sets = _sets(flat, off)
    order = sorted(range(n), key=lambda i: (docs[i].when, docs[i].key))
    rank = {i: r for r, i in enumerate(order)}

    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs: dict[tuple[int, int], Pair] = {}

    def consider(i: int, j: int) -> None:
        a, b = (i, j) if rank[i] < rank[j] else (j, i)
        if (a, b) in pairs:
            return
        jac, ca, cb = _overlap(sets[a], sets[b])
        rel = _relation(jac, ca, cb, s)
        if rel:
            pairs[(a, b)] = Pair(a, b, _est(sig, a, b), jac, ca, cb, rel)
            ra, rb = find(a), find(b)
            if ra != rb and rel in CLUSTER_RELATIONS:
                parent[rb] = ra

    # 1. document-level candidates
    for i, j in lsh_pairs(sig, s.bands).tolist():
        consider(i, j)
    # 2. paragraph-level matches (boilerplate removed); documents sharing a paragraph are candidates too
    #    (an excerpt of three paragraphs out of ten is far from its source as a whole document)
    matches, spans = _paragraph_matches(docs, s, find)
    for x, y, _ in matches:
        consider(spans[x][0], spans[y][0])
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    passages = _passages(docs, matches, spans, rank, find)

    clusters: list[Cluster] = []
    multi = [sorted(g, key=lambda i: rank[i]) for g in groups.values() if len(g) > 1]
    multi.sort(key=lambda g: rank[g[0]])
    cluster_of: dict[int, int] = {}
    for cid, g in enumerate(multi, 1):
        for i in g:
            cluster_of[i] = cid
    for cid, g in enumerate(multi, 1):
        origin = g[0]
        members: list[Member] = []
        for pos, i in enumerate(g):
            p = pairs.get((origin, i))
            if i == origin:
                rel, jac = "origin", None
            elif p is not None:
                rel, jac = p.relation, round(p.jaccard, 4)
            else:  # linked through another member: relation to its closest earlier member
                best = max((q for (a, b), q in pairs.items() if b == i and a in g), key=lambda q: q.jaccard,
                           default=None)
                rel = best.relation if best else "lightly edited"
                jac = round(_overlap(sets[origin], sets[i])[0], 4)
            members.append(Member(docs[i], pos, rel, jac, _evidence(docs[i], docs[origin])))
        srcs: list[str] = []
        seen_src: set[int] = set()
        for psg in passages:
            if psg.doc in g and find(psg.source) not in {find(x) for x in g}:
                root = find(psg.source)
                if root not in seen_src:
                    seen_src.add(root)
                    sd = docs[psg.source]
                    srcs.append(f"{sd.outlet or sd.key} ({sd.date or 'undated'})")
        outlets = {(m.doc.outlet or m.doc.url or m.doc.key) for m in members}
        clusters.append(Cluster(cid, members, len(outlets), max(1, len(seen_src)), srcs))
    return DupeResult(docs, sorted(pairs.values(), key=lambda p: (rank[p.a], rank[p.b])), clusters, passages)


def _relation(jac: float, ca: float, cb: float, s: DupeSettings) -> str | None:
    """Relation of the later document b to the earlier a (None: not near-duplicates)."""
    if jac >= s.verbatim:
        return "verbatim"
    # |b| / |a| = ca / cb (shingle-set sizes): an excerpt is mostly inside a and at most 3/4 of its size
    if cb >= s.excerpt_containment and ca <= 0.75 * cb:
        return "excerpt"
    if jac >= s.threshold:
        return "lightly edited"
    if ca >= s.excerpt_containment and cb <= 0.75 * ca:  # all of a is inside a much longer b
        return "contains passage"
    return None


def _evidence(d: Doc, origin: Doc) -> list[str]:
    ev: list[str] = []
    if d.agencies:
        ev.append(f"wire byline: {d.agencies}")
    if d.republished_from:
        ev.append(f"republication footer: {d.republished_from}")
    return ev


def _paragraph_matches(docs: list[Doc], s: DupeSettings, find: Any,
                       ) -> tuple[list[tuple[int, int, float]], list[tuple[int, int, int]]]:
    """Verified paragraph pairs across documents, boilerplate removed.

    Returns (matches as (paragraph x, paragraph y, Jaccard), paragraph index → (doc, start, end)).
    """
    from ..article import split_paragraphs

    spans: list[tuple[int, int, int]] = []
    texts: list[str] = []
    for i, d in enumerate(docs):
        for a, b in split_paragraphs(d.text):
            t = d.text[a:b]
            if len(t.split()) >= s.passage_min_words:
                spans.append((i, a, b))
                texts.append(t)
    if len(texts) < 2:
        return [], spans
    flat, off = shingle_hashes(texts, s.shingle)
    sig = signatures(flat, off, s.num_perm, SEED + 1)
    sets = _sets(flat, off)
    matches: list[tuple[int, int, float]] = []
    for x, y in lsh_pairs(sig, s.bands).tolist():
        if spans[x][0] == spans[y][0]:
            continue
        jac, cx, cy = _overlap(sets[x], sets[y])
        if jac >= s.passage_jaccard or (min(cx, cy) >= s.excerpt_containment and max(cx, cy) >= s.passage_jaccard):
            matches.append((x, y, jac))
    # boilerplate: a paragraph group spread over more than boilerplate_docs unrelated documents
    par = list(range(len(texts)))

    def pf(x: int) -> int:
        while par[x] != x:
            par[x] = par[par[x]]
            x = par[x]
        return x

    for x, y, _ in matches:
        par[pf(y)] = pf(x)
    group_docs: dict[int, set[int]] = {}
    for x, y, _ in matches:
        g = group_docs.setdefault(pf(x), set())
        g.add(find(spans[x][0]))
        g.add(find(spans[y][0]))
    boiler = {g for g, ds in group_docs.items() if len(ds) > s.boilerplate_docs}
    return [m for m in matches if pf(m[0]) not in boiler], spans


def _passages(docs: list[Doc], matches: list[tuple[int, int, float]], spans: list[tuple[int, int, int]],
              rank: dict[int, int], find: Any) -> list[Passage]:
    """Paragraph reuse between documents of different clusters, directed from the earlier one."""
    best: dict[tuple[int, int], Passage] = {}
    for x, y, jac in matches:
        dx, dy = spans[x][0], spans[y][0]
        if find(dx) == find(dy):
            continue  # near-duplicate documents: their relation says it already
        if docs[dx].when == docs[dy].when == "9999":
            continue  # no dates: no direction
        lx, ex = (y, x) if rank[dx] < rank[dy] else (x, y)
        later, earlier = spans[lx][0], spans[ex][0]
        p = Passage(later, spans[lx][1], spans[lx][2], earlier, spans[ex][1], spans[ex][2], round(jac, 4),
                    _credited(docs[later], docs[earlier]))
        k = (later, p.start)
        if k not in best or best[k].similarity < p.similarity:
            best[k] = p
    return sorted(best.values(), key=lambda p: (rank[p.doc], p.start))


def _credited(d: Doc, source: Doc) -> bool:
    """Whether ``d`` names the source outlet (in its text or its republication footer)."""
    names = [n.strip() for n in (source.outlet, _host(source.url)) if n and n.strip()]
    hay = d.text + " " + (d.republished_from or "")
    for name in names:
        # short names (RT, AP) must match as a word in capitals; longer ones as words, any case
        flags = 0 if len(name) <= 4 else re.IGNORECASE
        if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", hay, flags):
            return True
    return False


def _host(url: str | None) -> str | None:
    if not url:
        return None
    m = re.match(r"^[a-z]+://(?:www\.)?([^/]+)", url.strip().lower())
    return m.group(1) if m else None


# -- store ------------------------------------------------------------------------------------------------------
def load_docs(store: Store) -> list[Doc]:
    rows = store.con.execute(
        "SELECT item_key, article_id, outlet, language, url, date, text, agencies, republished_from FROM articles "
        "ORDER BY item_key").fetchall()
    return [Doc(*r) for r in rows]


def find_duplicates(store_path: str | Path, settings: DupeSettings | None = None) -> DupeResult:
    """Run :func:`detect` on the store's articles and write ``duplicate_pairs``, ``duplicate_clusters`` and
    ``passage_reuse`` (replacing earlier results)."""
    with Store(store_path, must_exist=True) as store:
        docs = load_docs(store)
        result = detect(docs, settings)
        d = result.docs
        store.replace_table("duplicate_pairs", ({
            "a_key": d[p.a].key, "b_key": d[p.b].key, "relation": p.relation,
            "estimated_jaccard": round(p.estimated_jaccard, 4), "jaccard": round(p.jaccard, 4),
            "containment_a_in_b": round(p.containment_a_in_b, 4), "containment_b_in_a": round(p.containment_b_in_a, 4),
        } for p in result.pairs))
        store.replace_table("duplicate_clusters", ({
            "cluster_id": c.id, "item_key": m.doc.key, "article_id": m.doc.article_id, "outlet": m.doc.outlet,
            "language": m.doc.language, "url": m.doc.url, "date": m.doc.date, "position": m.position,
            "relation": m.relation, "jaccard_to_origin": m.jaccard_to_origin, "evidence": "; ".join(m.evidence),
            "n_outlets": c.n_outlets, "n_origins": c.n_origins, "summary": c.line,
        } for c in result.clusters for m in c.members))
        store.replace_table("passage_reuse", ({
            "item_key": d[p.doc].key, "article_id": d[p.doc].article_id, "outlet": d[p.doc].outlet,
            "language": d[p.doc].language, "url": d[p.doc].url, "date": d[p.doc].date, "start": p.start,
            "end": p.end, "text": d[p.doc].text[p.start : p.end], "source_key": d[p.source].key,
            "source_outlet": d[p.source].outlet, "source_url": d[p.source].url, "source_date": d[p.source].date,
            "source_start": p.source_start, "source_end": p.source_end,
            "source_text": d[p.source].text[p.source_start : p.source_end], "credited": p.credited,
            "similarity": p.similarity,
        } for p in result.passages))
    return result


@dataclass(frozen=True, slots=True)
class CopyContext:
    """What the store knows about copies of one article (after ``presslens dupes``)."""

    item_key: str
    cluster_id: int | None
    n_outlets: int
    n_origins: int
    relation: str | None
    line: str
    passages: tuple[Finding, ...]


def copy_context(store: Store, item_key: str) -> CopyContext:
    """The "N outlets carried this text; M independent origins" line and the passage-reuse findings of one
    stored article (each finding: span in this article, ``attrs`` holding the source article and its span)."""
    row = store.one("SELECT cluster_id, n_outlets, n_origins, relation, summary FROM duplicate_clusters "
                    "WHERE item_key = ?", [item_key])
    art = store.one("SELECT text FROM articles WHERE item_key = ?", [item_key])
    if art is None:
        from ..errors import InputError

        raise InputError(f"no article with item key {item_key!r} in the store", code="E067")
    text = art[0]
    found: list[Finding] = []
    for r in store.con.execute(
            'SELECT start, "end", source_key, source_outlet, source_url, source_date, source_start, source_end, '
            "source_text, credited, similarity FROM passage_reuse WHERE item_key = ? ORDER BY start",
            [item_key]).fetchall():
        found.append(Finding.from_span(
            text, r[0], r[1], kind="provenance", label="provenance.passage_reuse", score=float(r[10]),
            analyzer="presslens.dupes", attrs=PassageReuseAttrs(
                source_item_key=r[2], source_outlet=r[3], source_url=r[4], source_date=r[5],
                source_span=TextSpan(r[6], r[7], r[8]), credited=bool(r[9]),
                method="MinHash LSH over paragraph shingles, verified Jaccard")))
    if row is None:
        return CopyContext(item_key, None, 1, 1, None, "1 outlet carried this text; 1 independent origin",
                           tuple(found))
    return CopyContext(item_key, row[0], row[1], row[2], row[3], row[4], tuple(found))


def result_json(result: DupeResult) -> str:
    return "\n".join(json.dumps(c.to_dict(), ensure_ascii=False) for c in result.clusters)


__all__ = ["RELATIONS", "Cluster", "CopyContext", "Doc", "DupeResult", "DupeSettings", "Pair", "Passage",
           "copy_context", "detect", "find_duplicates", "load_docs"]
