"""The embedded corpus store: one DuckDB file holding articles, findings, derived tables, failures and runs.

Article-derived tables are those of :mod:`presslens.tables` keyed by item (:mod:`presslens.corpus.rows`); the store adds the bookkeeping tables
(``failures``, ``runs``), the corpus-level tables filled by ``presslens dupes`` and ``presslens stories``, and
the per-outlet statistics views. The schema is documented in ``docs/store.md``.

Writes are transactional per chunk of items: a kill at any moment loses at most the chunk being written, and
a rerun redoes exactly the items that are not in the store (see :meth:`Store.done_keys`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from .rows import store_columns

#: Version of the store layout; a store with another version is refused with a clear message.
STORE_VERSION = "2"

#: Bookkeeping and corpus-level tables: name → (description, columns).
EXTRA_TABLES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "failures": ("inputs that could not be analysed, with the reason; one row per item key", (
        ("item_key", "VARCHAR"), ("origin", "VARCHAR"), ("article_id", "VARCHAR"), ("code", "VARCHAR"),
        ("message", "VARCHAR"), ("stage", "VARCHAR"), ("analyzer_version", "VARCHAR"), ("run_id", "VARCHAR"),
        ("recorded_at", "TIMESTAMP"),
    )),
    "runs": ("one row per batch run: what ran, on what, with which analyzers, and how it ended", (
        ("run_id", "VARCHAR"), ("started", "TIMESTAMP"), ("finished", "TIMESTAMP"), ("status", "VARCHAR"),
        ("engine", "VARCHAR"), ("workers", "INTEGER"), ("inputs", "JSON"), ("presslens", "VARCHAR"),
        ("analyzer_version", "VARCHAR"), ("pipeline", "JSON"), ("n_done", "INTEGER"), ("n_failed", "INTEGER"),
        ("n_skipped", "INTEGER"), ("seconds", "DOUBLE"),
    )),
    "duplicate_pairs": ("near-duplicate pairs found by MinHash LSH and verified on the exact shingle sets; "
                        "a_key was published first, relation is b's relation to a", (
        ("a_key", "VARCHAR"), ("b_key", "VARCHAR"), ("relation", "VARCHAR"), ("estimated_jaccard", "DOUBLE"),
        ("jaccard", "DOUBLE"), ("containment_a_in_b", "DOUBLE"), ("containment_b_in_a", "DOUBLE"),
    )),
    "duplicate_clusters": ("one row per member of a near-duplicate cluster (position 0 = earliest publication)", (
        ("cluster_id", "INTEGER"), ("item_key", "VARCHAR"), ("article_id", "VARCHAR"), ("outlet", "VARCHAR"),
        ("language", "VARCHAR"), ("url", "VARCHAR"), ("date", "VARCHAR"), ("position", "INTEGER"),
        ("relation", "VARCHAR"), ("jaccard_to_origin", "DOUBLE"), ("evidence", "VARCHAR"),
        ("n_outlets", "INTEGER"), ("n_origins", "INTEGER"), ("summary", "VARCHAR"),
    )),
    "passage_reuse": ("a paragraph of a later article copied from an earlier article outside its cluster, with "
                      "both spans", (
        ("item_key", "VARCHAR"), ("article_id", "VARCHAR"), ("outlet", "VARCHAR"), ("language", "VARCHAR"),
        ("url", "VARCHAR"), ("date", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"),
        ("text", "VARCHAR"), ("source_key", "VARCHAR"), ("source_outlet", "VARCHAR"), ("source_url", "VARCHAR"),
        ("source_date", "VARCHAR"), ("source_start", "INTEGER"), ("source_end", "INTEGER"),
        ("source_text", "VARCHAR"), ("credited", "BOOLEAN"), ("similarity", "DOUBLE"),
    )),
    "stories": ("one row per member article of a story cluster", (
        ("story_id", "INTEGER"), ("item_key", "VARCHAR"), ("article_id", "VARCHAR"), ("outlet", "VARCHAR"),
        ("language", "VARCHAR"), ("url", "VARCHAR"), ("date", "VARCHAR"), ("title", "VARCHAR"),
        ("lean", "VARCHAR"), ("similarity", "DOUBLE"),
    )),
    "story_findings": ("per-story findings: number disagreements and one-sided coverage, with evidence", (
        ("story_id", "INTEGER"), ("label", "VARCHAR"), ("detail", "VARCHAR"), ("evidence", "JSON"),
    )),
    "meta": ("store layout version and settings", (("key", "VARCHAR"), ("value", "VARCHAR"))),
}

#: What a row is in each article-derived table (columns: :func:`presslens.corpus.rows.store_columns`).
TABLE_DOCS = {
    "articles": "one row per analysed article: the presslens.tables article columns, plus lean, agencies, "
                "republication footer, input metadata, analyzer version and the analysed text",
    "findings": "every finding of every article, with its evidence span and attributes",
    "quotes": "one row per attribution.quote finding",
    "speakers": "one row per attribution.speaker finding",
    "claims": "one row per claims.claim finding",
    "quantities": "one row per claims.quantity / claims.duration finding",
    "persuasion": "one row per persuasion-technique span",
    "provenance": "one row per article: where it says it comes from (domain, byline agencies, republication "
                  "footer, lean)",
}

#: Per-outlet statistics views (documented in docs/store.md).
VIEWS: dict[str, str] = {
    "outlet_stats": """
        WITH p AS (SELECT item_key, count(*) AS n FROM persuasion GROUP BY item_key),
             s AS (SELECT item_key, count(*) AS n FROM speakers GROUP BY item_key),
             a AS (SELECT item_key, outlet, words,
                          TRY_CAST(indicators->>'attribution_independent_parties' AS DOUBLE) AS parties,
                          TRY_CAST(indicators->>'attribution_unattributed_share' AS DOUBLE) AS unattributed,
                          TRY_CAST(indicators->>'persuasion_score' AS DOUBLE) AS persuasion_score
                   FROM articles)
        SELECT a.outlet,
               count(*) AS n_articles,
               sum(a.words) AS words,
               round(1000.0 * sum(coalesce(p.n, 0)) / nullif(sum(a.words), 0), 3) AS technique_density_per_1000_words,
               round(avg(a.parties), 3) AS mean_independent_parties,
               round(avg(CASE WHEN a.parties >= 2 THEN 1.0 ELSE 0.0 END), 3) AS multi_party_share,
               round(avg(a.unattributed), 3) AS unattributed_claim_share,
               round(avg(CASE WHEN coalesce(s.n, 0) <= 1 THEN 1.0 ELSE 0.0 END), 3) AS single_source_share,
               round(avg(a.persuasion_score), 3) AS mean_persuasion_score
        FROM a LEFT JOIN p USING (item_key) LEFT JOIN s USING (item_key)
        GROUP BY a.outlet""",
    "outlet_techniques": """
        SELECT outlet, technique, count(*) AS n_spans, count(DISTINCT item_key) AS n_articles
        FROM persuasion GROUP BY outlet, technique""",
    "outlet_sources": """
        SELECT q.outlet, s.party, count(*) AS n_quotes, count(DISTINCT q.item_key) AS n_articles
        FROM quotes q LEFT JOIN speakers s ON s.item_key = q.item_key AND s.finding_id = q.speaker_id
        GROUP BY q.outlet, s.party""",
}


VIEW_DOCS = {
    "outlet_stats": "Per outlet: articles, words, technique density (persuasion spans per 1,000 words), mean "
                    "number of independent parties quoted and the share of articles quoting at least two "
                    "(sourcing balance), mean share of unattributed factual sentences (unattributed-claim "
                    "share), share of single-source articles (at most one speaker), mean persuasion score.",
    "outlet_techniques": "Per outlet and persuasion technique: spans and articles.",
    "outlet_sources": "Per outlet and quoted party: quotes and articles.",
}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def all_tables() -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
    """Every table of the store: name → (description, columns with types)."""
    out = {name: (TABLE_DOCS[name], cols) for name, cols in store_columns().items()}
    out.update(EXTRA_TABLES)
    return out


@dataclass(slots=True)
class ItemResult:
    """What a worker returns for one input item: table rows, or a failure."""

    key: str
    origin: str
    article_id: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    failure: dict[str, str] | None = None


class Store:
    """A DuckDB corpus store (created on first use).

    Args:
        path: the ``.duckdb`` file.
        read_only: open without write access (export, statistics).
        must_exist: refuse (E060) to create a missing store (commands that read a store built by
            ``presslens batch`` and add tables to it: ``dupes``, ``stories``).
    """

    def __init__(self, path: str | Path, read_only: bool = False, must_exist: bool = False) -> None:
        try:
            import duckdb
            import pyarrow  # noqa: F401 (rows travel to DuckDB as Arrow tables)
        except ImportError as exc:
            raise ConfigError(f"the corpus store needs DuckDB and pyarrow ({exc}): pip install 'presslens[corpus]'",
                              code="E066") from exc

        self.path = Path(path)
        if (read_only or must_exist) and not self.path.exists():
            raise InputError(f"store {self.path} does not exist (create it with `presslens batch`)", code="E060")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise InputError(f"cannot open store {self.path}: {exc}", code="E061") from exc
        if not read_only:
            self._create()
        self._check_version()

    # -- schema -----------------------------------------------------------------------------------------
    def _create(self) -> None:
        for name, (_, cols) in all_tables().items():
            body = ", ".join(f"{_q(c)} {t}" for c, t in cols)
            self.con.execute(f"CREATE TABLE IF NOT EXISTS {_q(name)} ({body})")
        for name, sql in VIEWS.items():
            self.con.execute(f"CREATE OR REPLACE VIEW {_q(name)} AS {sql}")
        if not self.one("SELECT 1 FROM meta WHERE key = 'store_version'"):
            self.con.execute("INSERT INTO meta VALUES ('store_version', ?)", [STORE_VERSION])

    def _check_version(self) -> None:
        try:
            got = self.one("SELECT value FROM meta WHERE key = 'store_version'")
        except Exception as exc:
            raise InputError(f"{self.path} is not a presslens store ({exc})", code="E062") from exc
        if not got or got[0] != STORE_VERSION:
            raise InputError(f"{self.path} has store layout {got[0] if got else '?'}; this presslens writes "
                             f"layout {STORE_VERSION}", code="E062")

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first row of a query (or None), consuming the whole result."""
        rows = self.con.execute(sql, list(params)).fetchall()
        return rows[0] if rows else None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def tables(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]

    # -- resume -----------------------------------------------------------------------------------------
    def done_keys(self, keys: Sequence[str], analyzer_version: str) -> set[str]:
        """The keys among ``keys`` already stored (analysed or failed) by ``analyzer_version``."""
        if not keys:
            return set()
        import pyarrow as pa

        probe = pa.table({"k": pa.array(list(keys), pa.string())})  # noqa: F841 (read by DuckDB)
        rows = self.con.execute(
            "SELECT item_key FROM articles WHERE analyzer_version = ? AND item_key IN (SELECT k FROM probe) "
            "UNION SELECT item_key FROM failures WHERE analyzer_version = ? AND item_key IN (SELECT k FROM probe)",
            [analyzer_version, analyzer_version]).fetchall()
        return {r[0] for r in rows}

    # -- writes -----------------------------------------------------------------------------------------
    def write(self, results: Sequence[ItemResult], analyzer_version: str, run_id: str) -> None:
        """Store ``results`` in one transaction, replacing any earlier rows of the same item keys."""
        if not results:
            return
        import pyarrow as pa

        keys = pa.table({"k": pa.array([r.key for r in results], pa.string())})  # noqa: F841
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.con.execute("BEGIN TRANSACTION")
        try:
            tables = store_columns()
            for name in (*tables, "failures"):
                self.con.execute(f"DELETE FROM {_q(name)} WHERE item_key IN (SELECT k FROM keys)")
            for name, cols in tables.items():
                rows = [row for r in results if r.failure is None for row in r.rows.get(name, [])]
                if rows:
                    self._insert(name, cols, rows)
            fails = [{"item_key": r.key, "origin": r.origin, "article_id": r.article_id or None,
                      "code": r.failure.get("code"), "message": r.failure.get("message"),
                      "stage": r.failure.get("stage"), "analyzer_version": analyzer_version, "run_id": run_id,
                      "recorded_at": now} for r in results if r.failure is not None]
            if fails:
                self._insert("failures", EXTRA_TABLES["failures"][1], fails)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _insert(self, name: str, cols: Sequence[tuple[str, str]], rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa

        data = {c: [r.get(c) for r in rows] for c, _ in cols}
        types = {"VARCHAR": pa.string(), "JSON": pa.string(), "INTEGER": pa.int64(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
                 "BOOLEAN": pa.bool_(), "TIMESTAMP": pa.timestamp("us")}
        batch = pa.table({c: pa.array(data[c], types[t]) for c, t in cols})  # noqa: F841
        names = ", ".join(_q(c) for c, _ in cols)
        self.con.execute(f"INSERT INTO {_q(name)} ({names}) SELECT {names} FROM batch")

    def replace_table(self, name: str, rows: Iterable[dict[str, Any]]) -> int:
        """Replace the whole content of a corpus-level table (dupes, stories…) in one transaction."""
        cols = EXTRA_TABLES[name][1]
        rows = list(rows)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(f"DELETE FROM {_q(name)}")
            if rows:
                self._insert(name, cols, rows)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(rows)

    def start_run(self, run_id: str, engine: str, workers: int, inputs: Sequence[str], analyzer_version: str,
                  pipeline: dict[str, Any], presslens_version: str) -> None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.con.execute(
            "INSERT INTO runs VALUES (?, ?, NULL, 'running', ?, ?, ?, ?, ?, ?, 0, 0, 0, NULL)",
            [run_id, now, engine, workers, json.dumps(list(inputs)), presslens_version, analyzer_version,
             json.dumps(pipeline, sort_keys=True)])

    def finish_run(self, run_id: str, status: str, n_done: int, n_failed: int, n_skipped: int,
                   seconds: float) -> None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.con.execute(
            "UPDATE runs SET finished = ?, status = ?, n_done = ?, n_failed = ?, n_skipped = ?, seconds = ? "
            "WHERE run_id = ?", [now, status, n_done, n_failed, n_skipped, seconds, run_id])

    # -- reads ------------------------------------------------------------------------------------------
    def count(self, table: str) -> int:
        self._known(table)
        return int(self.one(f"SELECT count(*) FROM {_q(table)}")[0])

    def _known(self, table: str) -> None:
        if table not in all_tables() and table not in VIEWS:
            known = ", ".join(sorted([*all_tables(), *VIEWS]))
            raise InputError(f"unknown table {table!r}; the store has: {known}", code="E063")

    def iter_batches(self, table: str, batch_rows: int = 10_000) -> Iterator[Any]:
        """Stream a whole table (or view) as pyarrow RecordBatches; nothing is capped."""
        self._known(table)
        yield from arrow_reader(self.con, f"SELECT * FROM {_q(table)}", batch_rows)


def arrow_reader(con: Any, sql: str, batch_rows: int) -> Any:
    """A pyarrow RecordBatchReader over a query (the method's name differs across DuckDB versions)."""
    rel = con.sql(sql)
    if hasattr(rel, "to_arrow_reader"):
        return rel.to_arrow_reader(batch_rows)
    return rel.fetch_arrow_reader(batch_rows)


__all__ = ["EXTRA_TABLES", "STORE_VERSION", "VIEWS", "VIEW_DOCS", "ItemResult", "Store", "all_tables", "arrow_reader"]
