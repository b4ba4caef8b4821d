"""Store rows: :func:`presslens.tables.rows` (the one dossier → rows function) plus what the store adds.

The store keeps the tables of :mod:`presslens.tables` unchanged and prefixes every row with ``item_key`` (the
resume key: input origin + content hash). The ``articles`` table gains the columns a corpus needs later (the
analysed text for near-duplicates and stories, the outlet's lean, the analyzer version, input metadata), and
one store-only table, ``provenance``, records where each article says it comes from. Nothing here re-derives
what :mod:`presslens.tables` already flattens.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .. import tables as T
from ..dossier.attrs import RepublicationAttrs
from ..dossier.model import Dossier

#: Column prefixed to every article-derived store table.
KEY_COLUMN = ("item_key", "VARCHAR")

#: Extra columns of the store's ``articles`` table (after the :mod:`presslens.tables` ones).
ARTICLE_EXTRA: tuple[tuple[str, str], ...] = (
    ("lean", "VARCHAR"),
    ("agencies", "VARCHAR"),
    ("republished_from", "VARCHAR"),
    ("extra", "JSON"),
    ("analyzer_version", "VARCHAR"),
    ("text", "VARCHAR"),
)

#: The store-only ``provenance`` table (after the key and article columns).
PROVENANCE: tuple[tuple[str, str], ...] = (
    ("byline", "VARCHAR"),
    ("agencies", "VARCHAR"),
    ("republished_from", "VARCHAR"),
    ("republication_evidence", "VARCHAR"),
    ("lean", "VARCHAR"),
    ("provenance_findings", "JSON"),
)

#: Store table names for the :mod:`presslens.tables` tables (``failures`` is the store's own, keyed).
FROM_TABLES = tuple(t for t in T.TABLES if t != "failures")


def store_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """Article-derived store tables: name → columns with DuckDB types, in order."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for name in FROM_TABLES:
        cols = tuple((c.name, T.duckdb_type(c)) for c in T.TABLES[name])
        out[name] = (KEY_COLUMN, *cols, *(ARTICLE_EXTRA if name == "articles" else ()))
    art = tuple((c.name, T.duckdb_type(c)) for c in T.ARTICLE_COLUMNS)
    out["provenance"] = (KEY_COLUMN, *art, *PROVENANCE)
    return out


def item_key(origin: str, content_hash: str) -> str:
    """The resume key of one input item: its origin (path#line, URL…) and the hash of its text."""
    return hashlib.sha256(f"{origin}\x00{content_hash}".encode()).hexdigest()[:24]


def lean_of(dossier: Dossier) -> str | None:
    """The outlet's lean when the input says it (AllSides ``bias_text``) or provenance data gives one."""
    extra = dossier.article.extra or {}
    for key in ("lean", "bias_text", "bias"):
        v = extra.get(key)
        if isinstance(v, str) and v.strip():
            return v.strip().lower()
    origin = dossier.summaries.origin  # provenance registry: a lean only when the raters name exactly one
    card = origin.outlet if origin else None
    if card is not None and card.reading is not None and len(card.reading.leans) == 1:
        return card.reading.leans[0]
    return None


def store_rows(dossier: Dossier, key: str, analyzer_version: str) -> dict[str, list[dict[str, Any]]]:
    """Rows of every article-derived store table for one dossier (each row: exactly its store columns)."""
    a = dossier.article
    repub = dossier.by_label("provenance.republication")
    repub_from = repub[0].attrs_as(RepublicationAttrs).outlet if repub else None
    lean = lean_of(dossier)
    agencies = ", ".join(a.byline.agencies) or None
    out: dict[str, list[dict[str, Any]]] = {}
    for name in FROM_TABLES:
        rows = [{"item_key": key, **r} for r in T.rows(dossier, name)]
        if name == "articles":
            for r in rows:
                r.update(lean=lean, agencies=agencies, republished_from=repub_from,
                         extra=json.dumps(a.extra, ensure_ascii=False, sort_keys=True, default=str),
                         analyzer_version=analyzer_version, text=a.text)
        out[name] = rows
    out["provenance"] = [{
        "item_key": key, **T.article_values(dossier), "byline": a.byline.raw or None, "agencies": agencies,
        "republished_from": repub_from, "republication_evidence": repub[0].text if repub else None,
        "lean": lean,
        "provenance_findings": json.dumps([f.to_dict() for f in dossier.by_kind("provenance")], ensure_ascii=False),
    }]
    return out


__all__ = ["ARTICLE_EXTRA", "FROM_TABLES", "KEY_COLUMN", "PROVENANCE", "item_key", "lean_of", "store_columns",
           "store_rows"]
