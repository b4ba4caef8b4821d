"""Dossiers as flat tables: the one dossier → rows function behind ``to_frame``, ``to_arrow`` and store exports.

Every table but ``failures`` starts with the same article columns (:data:`ARTICLE_COLUMNS`: id, origin,
outlet, domain, language, URL and date), so a row read on its own still says where it came from. Each table
has a fixed, typed column list (:data:`TABLES`); :func:`rows` yields dicts in that column order and
:func:`arrow_schema` / :func:`duckdb_type` give the matching Arrow and DuckDB types, so a pandas frame, an
Arrow table, a Parquet file and a DuckDB table of the same dossiers hold the same rows.

Examples:
    >>> import presslens
    >>> d = presslens.analyze("The minister said the plan had failed.", analyzers=["presslens.quotes.v1"])
    >>> [r["text"] for r in presslens.tables.rows(d, "quotes")]
    ['the plan had failed']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .dossier.attrs import ClaimAttrs, QuantityAttrs, QuoteAttrs, SpeakerAttrs, TechniqueAttrs
from .dossier.model import Dossier, Failure, Finding
from .errors import ConfigError, PresslensError, error

if TYPE_CHECKING:
    import pandas
    import pyarrow

#: Column types: Arrow/DuckDB/pandas mappings are in :data:`_ARROW`, :data:`_DUCKDB`.
ColumnType = Literal["string", "int", "float", "bool", "json"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: its name, type and meaning (the meaning is shown in the docs)."""

    name: str
    type: ColumnType
    doc: str


#: Columns at the start of every table but ``failures``: where the row's article came from.
ARTICLE_COLUMNS: tuple[Column, ...] = (
    Column("article_id", "string", "content hash of the article text (Article.id)"),
    Column("origin", "string", "where the input came from (path, URL, corpus row)"),
    Column("outlet", "string", "outlet name, when known"),
    Column("domain", "string", "outlet domain, when known"),
    Column("language", "string", "detected language (ISO 639-1, 'und' if unknown)"),
    Column("url", "string", "article URL, when known"),
    Column("date", "string", "publication date as ingested (ISO when it could be read)"),
)

_SPAN = (
    Column("finding_id", "string", "finding id, unique within the article"),
    Column("start", "int", "start character offset in the article text"),
    Column("end", "int", "end character offset in the article text"),
    Column("text", "string", "the covered text (article text[start:end])"),
)

_OWN: dict[str, tuple[Column, ...]] = {
    "articles": (
        Column("title", "string", "headline, when known"),
        Column("byline", "string", "raw author string"),
        Column("words", "int", "whitespace word count of the text"),
        Column("n_findings", "int", "number of findings"),
        Column("flags", "string", "input quality flags, comma-separated"),
        Column("analyzers_failed", "string", "analyzers that failed on this article, comma-separated"),
        Column("analyzers_skipped", "string", "analyzers skipped on this article, comma-separated"),
        Column("indicators", "json", "article-level indicators (JSON object)"),
    ),
    "findings": (
        Column("finding_id", "string", "finding id, unique within the article"),
        Column("kind", "string", "capability (editorial, attribution, claims, persuasion, provenance, quality)"),
        Column("label", "string", "finding label, e.g. persuasion.loaded_language"),
        Column("start", "int", "start character offset in the article text"),
        Column("end", "int", "end character offset in the article text"),
        Column("text", "string", "the covered text"),
        Column("score", "float", "confidence or strength in [0, 1]"),
        Column("analyzer", "string", "registered name of the analyzer that produced it"),
        Column("attrs", "json", "label-specific attributes (JSON object)"),
    ),
    "quotes": (
        *_SPAN,
        Column("type", "string", "direct, indirect or mixed"),
        Column("score", "float", "confidence in [0, 1]"),
        Column("speaker_id", "string", "finding id of the resolved speaker (speakers table), if any"),
        Column("speaker_name", "string", "resolved speaker name, if any"),
        Column("speaker_kind", "string", "person, institution, …"),
        Column("speaker_mention", "string", "the speaker mention next to the quote, if any"),
        Column("cue", "string", "the cue word (said, according to, …), if any"),
        Column("cue_lemma", "string", "lemma of the cue"),
        Column("how", "string", "which pattern found the quote"),
    ),
    "speakers": (
        *_SPAN,
        Column("name", "string", "speaker name"),
        Column("kind", "string", "person, institution, …"),
        Column("role", "string", "role or title, if stated"),
        Column("organisation", "string", "organisation, if stated"),
        Column("country", "string", "country, if known"),
        Column("party", "string", "party the speaker speaks for (used for balance)"),
        Column("official", "bool", "whether the speaker is an official source"),
        Column("n_quotes", "int", "quotes attributed to the speaker"),
        Column("n_mentions", "int", "mentions of the speaker in the article"),
    ),
    "claims": (
        *_SPAN,
        Column("checkworthiness", "float", "check-worthiness score of the sentence"),
        Column("rank", "int", "rank by check-worthiness within the article (1 = most)"),
        Column("asserter", "string", "who the claim is attributed to, if anyone"),
        Column("asserter_id", "string", "finding id of that speaker, if any"),
        Column("n_quantities", "int", "numbers stated in the claim"),
        Column("n_hedges", "int", "hedges in the claim"),
        Column("n_boosters", "int", "boosters in the claim"),
    ),
    "quantities": (
        *_SPAN,
        Column("label", "string", "claims.quantity or claims.duration"),
        Column("value", "float", "the number (point value)"),
        Column("low", "float", "lower bound of a range, if any"),
        Column("high", "float", "upper bound of a range, if any"),
        Column("comparator", "string", "=, <, >, ~ …"),
        Column("unit", "string", "unit or currency, if any"),
        Column("per", "string", "denominator of a rate, if any"),
        Column("counted", "string", "what is counted, if found"),
        Column("quantity_kind", "string", "count, money, percent, duration, …"),
        Column("written", "string", "digits or words"),
        Column("asserter", "string", "who states the number, if anyone"),
        Column("asserter_id", "string", "finding id of that speaker, if any"),
    ),
    "persuasion": (
        *_SPAN,
        Column("label", "string", "persuasion label, e.g. persuasion.loaded_language"),
        Column("technique", "string", "PTC technique name"),
        Column("score", "float", "span score in [0, 1]"),
        Column("technique_probability", "float", "probability of the technique given the span"),
        Column("analyzer", "string", "analyzer that produced it"),
    ),
}

#: Table name → its columns, in order (article columns first).
TABLES: dict[str, tuple[Column, ...]] = {name: ARTICLE_COLUMNS + own for name, own in _OWN.items()}
TABLES["failures"] = (
    Column("origin", "string", "the input that could not be analysed"),
    Column("code", "string", "error code (E…)"),
    Column("message", "string", "what went wrong"),
    Column("stage", "string", "ingest, nlp or analyze"),
)

TableName = Literal["articles", "findings", "quotes", "speakers", "claims", "quantities", "persuasion", "failures"]

_DUCKDB = {"string": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "json": "JSON"}


def columns(table: str) -> tuple[Column, ...]:
    """The columns of ``table``.

    Raises:
        ConfigError: ``table`` is not one of :data:`TABLES` (the message lists them).
    """
    try:
        return TABLES[table]
    except KeyError:
        raise error(ConfigError, "E022", key="table", why=f"{table!r} is not one of {sorted(TABLES)}") from None


def duckdb_type(column: Column) -> str:
    """The DuckDB SQL type of a column (``json`` columns are DuckDB ``JSON``)."""
    return _DUCKDB[column.type]


def article_values(dossier: Dossier) -> dict[str, Any]:
    """The :data:`ARTICLE_COLUMNS` values of one dossier."""
    a = dossier.article
    return {
        "article_id": a.id,
        "origin": a.origin or None,
        "outlet": a.outlet,
        "domain": a.domain,
        "language": a.language.code,
        "url": a.url,
        "date": a.published,
    }


def rows(item: Dossier | Failure, table: str) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` for one dossier (or failure), each a dict in column order.

    ``json`` columns hold JSON text; a dossier yields no ``failures`` row and a failure yields only that.

    Raises:
        ConfigError: unknown table.
    """
    cols = columns(table)
    if isinstance(item, Failure):
        if table == "failures":
            yield {"origin": item.origin, "code": item.code, "message": item.message, "stage": item.stage}
        return
    if table == "failures":
        return
    base = article_values(item)
    for own in _ROWS[table](item):
        row = {**base, **own}
        yield {c.name: row.get(c.name) for c in cols}


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _span(f: Finding) -> dict[str, Any]:
    return {"finding_id": f.id, "start": f.start, "end": f.end, "text": f.text}


def _article_rows(d: Dossier) -> Iterator[dict[str, Any]]:
    a = d.article
    yield {
        "title": a.title,
        "byline": a.byline.raw or None,
        "words": a.word_count,
        "n_findings": len(d.findings),
        "flags": ",".join(f.code for f in a.flags) or None,
        "analyzers_failed": ",".join(r.name for r in d.runs if r.status == "failed") or None,
        "analyzers_skipped": ",".join(r.name for r in d.runs if r.status == "skipped") or None,
        "indicators": _json(d.indicators),
    }


def _sorted(d: Dossier, keep: Any) -> list[Finding]:
    return sorted((f for f in d.findings if keep(f)), key=lambda f: (f.start, f.end, f.label))


def _finding_rows(d: Dossier) -> Iterator[dict[str, Any]]:
    for f in _sorted(d, lambda f: True):
        yield {"finding_id": f.id, "kind": f.kind, "label": f.label, "start": f.start, "end": f.end,
               "text": f.text, "score": f.score, "analyzer": f.analyzer, "attrs": _json(f.attrs)}


def _quote_rows(d: Dossier) -> Iterator[dict[str, Any]]:
    for f in _sorted(d, lambda f: f.label == "attribution.quote"):
        a = f.attrs_as(QuoteAttrs)
        yield {**_span(f), "type": a.type, "score": f.score, "speaker_id": a.speaker_id,
               "speaker_name": a.speaker_name, "speaker_kind": a.speaker_kind,
               "speaker_mention": a.speaker_mention.text if a.speaker_mention else None,
               "cue": a.cue.text if a.cue else None, "cue_lemma": a.cue.lemma if a.cue else None, "how": a.how}


def _speaker_rows(d: Dossier) -> Iterator[dict[str, Any]]:
    for f in _sorted(d, lambda f: f.label == "attribution.speaker"):
        a = f.attrs_as(SpeakerAttrs)
        yield {**_span(f), "name": a.name, "kind": a.kind, "role": a.role or None,
               "organisation": a.organisation or None, "country": a.country or None,
               "party": a.party or None, "official": a.official, "n_quotes": a.n_quotes,
               "n_mentions": len(a.mentions)}


def _claim_rows(d: Dossier) -> Iterator[dict[str, Any]]:
    for f in _sorted(d, lambda f: f.label == "claims.claim"):
        a = f.attrs_as(ClaimAttrs)
        yield {**_span(f), "checkworthiness": a.checkworthiness, "rank": a.rank,
               "asserter": a.asserter, "asserter_id": a.asserter_id,
               "n_quantities": len(a.quantities), "n_hedges": len(a.hedges),
               "n_boosters": len(a.boosters)}


def _quantity_rows(d: Dossier) -> Iterator[dict[str, Any]]:
    for f in _sorted(d, lambda f: f.label in ("claims.quantity", "claims.duration")):
        a = f.attrs_as(QuantityAttrs)
        yield {**_span(f), "label": f.label, "value": _float(a.value), "low": _float(a.low),
               "high": _float(a.high), "comparator": a.comparator, "unit": a.unit,
               "per": a.per, "counted": a.counted, "quantity_kind": a.kind,
               "written": a.written, "asserter": a.asserter, "asserter_id": a.asserter_id}


def _persuasion_rows(d: Dossier) -> Iterator[dict[str, Any]]:
    for f in _sorted(d, lambda f: f.kind == "persuasion"):
        a = f.details
        yield {**_span(f), "label": f.label, "technique": a.technique if isinstance(a, TechniqueAttrs) else None,
               "score": f.score,
               "technique_probability": _float(a.technique_probability) if isinstance(a, TechniqueAttrs) else None,
               "analyzer": f.analyzer}


def _float(v: Any) -> float | None:
    return None if v is None else float(v)


_ROWS = {
    "articles": _article_rows,
    "findings": _finding_rows,
    "quotes": _quote_rows,
    "speakers": _speaker_rows,
    "claims": _claim_rows,
    "quantities": _quantity_rows,
    "persuasion": _persuasion_rows,
}


def _items(dossiers: Dossier | Failure | Iterable[Dossier | Failure]) -> Iterator[Dossier | Failure]:
    if isinstance(dossiers, Dossier | Failure):
        yield dossiers
        return
    for item in dossiers:
        if not isinstance(item, Dossier | Failure):
            raise TypeError(f"expected Dossier or Failure items, got {type(item).__name__}")
        yield item


def arrow_schema(table: str) -> pyarrow.Schema:
    """The Arrow schema of ``table`` (``json`` columns are strings)."""
    pa = _pyarrow()
    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "json": pa.string()}
    return pa.schema([pa.field(c.name, types[c.type]) for c in columns(table)])


def to_arrow(dossiers: Dossier | Failure | Iterable[Dossier | Failure], table: str = "findings") -> pyarrow.Table:
    """The rows of ``table`` for these dossiers as a ``pyarrow.Table`` (typed by :func:`arrow_schema`).

    Args:
        dossiers: one dossier, or an iterable of dossiers and failures (what ``analyze_many`` yields);
            failures appear only in the ``failures`` table.
        table: one of :data:`TABLES`.

    Raises:
        ConfigError: unknown table. PresslensError: pyarrow is not installed.
    """
    pa = _pyarrow()
    schema = arrow_schema(table)
    data = [r for item in _items(dossiers) for r in rows(item, table)]
    return pa.Table.from_pylist(data, schema=schema)


def to_frame(dossiers: Dossier | Failure | Iterable[Dossier | Failure], table: str = "findings") -> pandas.DataFrame:
    """The rows of ``table`` for these dossiers as a pandas DataFrame.

    Integer and boolean columns use pandas' nullable dtypes (``Int64``, ``boolean``), so a missing value
    stays missing instead of turning a count into a float.

    Args:
        dossiers: one dossier, or an iterable of dossiers and failures (what ``analyze_many`` yields).
        table: ``"articles"``, ``"findings"``, ``"quotes"``, ``"speakers"``, ``"claims"``, ``"quantities"``,
            ``"persuasion"`` or ``"failures"``.

    Raises:
        ConfigError: unknown table. PresslensError: pandas is not installed.

    Examples:
        >>> df = presslens.to_frame(presslens.analyze_many(paths), table="claims")
        >>> df.groupby("outlet").checkworthiness.mean()
    """
    try:
        import pandas as pd
    except ImportError:
        raise PresslensError("to_frame needs pandas: pip install 'presslens[frames]'") from None
    pa = _pyarrow()
    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return to_arrow(dossiers, table).to_pandas(types_mapper=mapping.get)


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise PresslensError("this needs pyarrow: pip install pyarrow") from None
    return pyarrow


__all__ = [
    "ARTICLE_COLUMNS",
    "TABLES",
    "Column",
    "TableName",
    "arrow_schema",
    "article_values",
    "columns",
    "duckdb_type",
    "rows",
    "to_arrow",
    "to_frame",
]
