"""Corpus views: per-outlet statistics over many dossiers, for the corpus page and its charts.

Without a store the corpus is what this service has analysed (the dossier cache); with ``--store`` the
statistics come from the corpus store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Query

from ..dossier.model import Dossier
from . import charts

if TYPE_CHECKING:
    from fastapi import FastAPI
    from markupsafe import Markup

    from .app import State


Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
Text = Annotated[str | None, Query(max_length=200)]
Date = Annotated[str | None, Query(max_length=32, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                   description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")]


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
    stories: list[dict[str, Any]] = field(default_factory=list)
    clusters: list[dict[str, Any]] = field(default_factory=list)

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
        for story in self.stories[:3]:
            out.append(story_timeline(story))
        return out


def story_timeline(story: dict[str, Any]) -> Markup:
    """A story's articles on a time line, one lane per outlet."""
    import datetime as dt

    points = []
    for m in story["members"]:
        try:
            day = dt.date.fromisoformat(str(m["date"])[:10]).toordinal()
        except (TypeError, ValueError):
            continue
        points.append(charts.Point(m["outlet"] or "?", float(day), f"{str(m['date'])[:10]}: {m['title'] or ''}",
                                   m.get("lean") or ""))
    first = min((p.x for p in points), default=0.0)
    points = [charts.Point(p.series, p.x - first, p.label, p.note) for p in points]
    title = next((m["title"] for m in story["members"] if m.get("title")), f"story {story['story_id']}")
    return charts.timeline(f"Story: {title}"[:90], points, x_label="days since the first article")


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
    if state.store is not None:
        return state.store.overview()
    dossiers = state.cache.all()
    return Overview("session", len(dossiers), outlet_stats(dossiers))


# ------------------------------------------------------------------------------------ the DuckDB store


class CorpusStore:
    """Read-only queries over a corpus store (:class:`presslens.corpus.store.Store`).

    Every query takes its values as bound parameters (never formatted into SQL) and runs on its own DuckDB
    cursor, so the threads FastAPI runs them on do not share a connection.
    """

    def __init__(self, path: str) -> None:
        from ..corpus.store import Store

        self.store = Store(path, read_only=True)
        self.path = path

    def close(self) -> None:
        self.store.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.store.con.cursor()
        try:
            result = cur.execute(sql, list(params))
            names = [d[0] for d in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        finally:
            cur.close()

    def articles(self, *, outlet: str | None = None, technique: str | None = None, speaker: str | None = None,
                 date_from: str | None = None, date_to: str | None = None, limit: int = 50, offset: int = 0
                 ) -> tuple[int, list[dict[str, Any]]]:
        """Articles matching every given filter (speaker: a case-insensitive substring of a speaker's name),
        newest first, and how many match in all."""
        where, params = [], []
        if outlet:
            where.append("a.outlet = ?")
            params.append(outlet)
        if technique:
            where.append("EXISTS (SELECT 1 FROM persuasion p WHERE p.item_key = a.item_key "
                         "AND (p.technique = ? OR p.label = ?))")
            params += [technique, technique]
        if speaker:
            where.append("EXISTS (SELECT 1 FROM speakers s WHERE s.item_key = a.item_key "
                         "AND lower(s.name) LIKE '%' || lower(?) || '%' ESCAPE '\\')")
            params.append(speaker.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))
        if date_from:
            where.append("a.date >= ?")
            params.append(date_from)
        if date_to:
            where.append("a.date <= ?")
            params.append(date_to)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        total = self._rows(f"SELECT count(*) AS n FROM articles a {clause}", params)[0]["n"]
        rows = self._rows(
            "SELECT a.item_key, a.article_id, a.title, a.outlet, a.domain, a.url, a.date, a.language, a.words, "
            f"a.n_findings, a.lean FROM articles a {clause} "
            "ORDER BY a.date DESC NULLS LAST, a.item_key LIMIT ? OFFSET ?", [*params, limit, offset])
        return int(total), rows

    def outlets(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM outlet_stats ORDER BY n_articles DESC, outlet")

    def duplicates(self, limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        total = self._rows("SELECT count(DISTINCT cluster_id) AS n FROM duplicate_clusters")[0]["n"]
        ids = [r["cluster_id"] for r in self._rows(
            "SELECT cluster_id, max(n_outlets) AS n FROM duplicate_clusters GROUP BY cluster_id "
            "ORDER BY n DESC, cluster_id LIMIT ? OFFSET ?", [limit, offset])]
        members = self._rows(
            "SELECT cluster_id, item_key, article_id, outlet, url, date, position, relation, jaccard_to_origin, "
            "evidence, n_outlets, n_origins, summary FROM duplicate_clusters "
            "WHERE list_contains(?, cluster_id) ORDER BY cluster_id, position", [ids])
        out = []
        for cid in ids:
            ms = [m for m in members if m["cluster_id"] == cid]
            out.append({"cluster_id": cid, "n_outlets": ms[0]["n_outlets"], "n_origins": ms[0]["n_origins"],
                        "summary": ms[0]["summary"],
                        "members": [{k: m[k] for k in ("item_key", "article_id", "outlet", "url", "date", "position",
                                                       "relation", "jaccard_to_origin", "evidence")} for m in ms]})
        return int(total), out

    def stories(self, limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        total = self._rows("SELECT count(DISTINCT story_id) AS n FROM stories")[0]["n"]
        ids = [r["story_id"] for r in self._rows(
            "SELECT story_id, count(DISTINCT outlet) AS n FROM stories GROUP BY story_id "
            "ORDER BY n DESC, story_id LIMIT ? OFFSET ?", [limit, offset])]
        members = self._rows("SELECT story_id, item_key, article_id, outlet, url, date, title, lean, similarity "
                             "FROM stories WHERE list_contains(?, story_id) ORDER BY story_id, date", [ids])
        findings = self._rows("SELECT story_id, label, detail, CAST(evidence AS VARCHAR) AS evidence "
                              "FROM story_findings WHERE list_contains(?, story_id) ORDER BY story_id", [ids])
        out = []
        for sid in ids:
            out.append({"story_id": sid,
                        "members": [{k: v for k, v in m.items() if k != "story_id"}
                                    for m in members if m["story_id"] == sid],
                        "findings": [{k: v for k, v in f.items() if k != "story_id"}
                                     for f in findings if f["story_id"] == sid]})
        return int(total), out

    def overview(self) -> Overview:
        rows = self.outlets()
        stats = [OutletStats(
            outlet=r["outlet"] or "(no outlet given)", articles=int(r["n_articles"]), words=int(r["words"] or 0),
            technique_density=float(r["technique_density_per_1000_words"] or 0.0),
            mean_independent_parties=float(r["mean_independent_parties"] or 0.0),
            single_party_share=1.0 - float(r["multi_party_share"] or 0.0),
            unattributed_share=None if r["unattributed_claim_share"] is None else float(r["unattributed_claim_share"]),
        ) for r in rows]
        n = sum(o.articles for o in stats)
        ov = Overview("store", n, stats)
        _, ov.stories = self.stories(limit=5)
        _, ov.clusters = self.duplicates(limit=10)
        return ov


def open_store(path: str) -> CorpusStore:
    """Open the store read-only (a store another process is writing cannot be opened: DuckDB locks the file)."""
    return CorpusStore(path)


def corpus_api_routes(app: FastAPI, state: State) -> None:
    """``/api/corpus/...``: articles (filtered, paginated), per-outlet statistics, duplicate clusters, stories."""
    from .app import ERROR_RESPONSES

    store: CorpusStore = state.store
    @app.get("/api/corpus/articles", tags=["corpus"], summary="Articles by outlet, technique, speaker and date",
             responses=ERROR_RESPONSES)
    def corpus_articles(outlet: Text = None, technique: Text = None, speaker: Text = None, date_from: Date = None,
                        date_to: Date = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        total, items = store.articles(outlet=outlet, technique=technique, speaker=speaker, date_from=date_from,
                                      date_to=date_to, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/corpus/outlets", tags=["corpus"], summary="Per-outlet statistics", responses=ERROR_RESPONSES)
    def corpus_outlets() -> dict[str, Any]:
        return {"items": store.outlets()}

    @app.get("/api/corpus/duplicates", tags=["corpus"], summary="Near-duplicate clusters (earliest first)",
             responses=ERROR_RESPONSES)
    def corpus_duplicates(limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        total, items = store.duplicates(limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/corpus/stories", tags=["corpus"], summary="Stories across outlets", responses=ERROR_RESPONSES)
    def corpus_stories(limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        total, items = store.stories(limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}


__all__ = ["CorpusStore", "OutletStats", "Overview", "corpus_api_routes", "corpus_overview", "open_store",
           "outlet_stats"]
