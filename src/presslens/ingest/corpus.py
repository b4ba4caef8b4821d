"""Corpus readers: CSV/TSV, JSONL (and JSON arrays), Parquet → a stream of Articles and Failures.

Files are streamed (a row, a line or a Parquet record batch at a time), never loaded whole. A bad row becomes a
:class:`~presslens.dossier.Failure` naming ``<path>#row=<n>`` (``#line=<n>`` for JSONL) and reading goes on.
Columns come from ``settings.columns`` or are auto-detected from common names; a column mapped explicitly
that the file lacks is a usage error (``UnsupportedInput`` E006) raised before any row is read.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import decimal
import io
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, BinaryIO

from ..article import Article, QualityFlag
from ..config import CorpusColumns, Settings
from ..dossier.model import Failure
from ..errors import CorpusError, EmptyInput, PresslensError, UnsupportedInput, error
from .text import domain_of, from_text

log = logging.getLogger(__name__)

#: Suffix → reader.
CORPUS_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}
#: Auto-detected column names per Article field, in order of preference (matched case-insensitively).
AUTO_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "content",
        "body",
        "article",
        "full_text",
        "fulltext",
        "article_text",
        "maintext",
        "content_original",
        "story",
    ),
    "title": ("title", "headline", "heading", "header"),
    "url": ("url", "link", "article_url", "href", "permalink"),
    "date": (
        "date",
        "published",
        "publish_date",
        "pubdate",
        "published_at",
        "publication_date",
        "date_published",
        "datetime",
        "timestamp",
    ),
    "outlet": (
        "outlet",
        "source",
        "site",
        "publication",
        "site_name",
        "sitename",
        "publisher",
        "source_name",
        "domain",
    ),
    "author": ("author", "authors", "byline", "writer", "writers"),
    "id": ("id", "article_id", "doc_id", "uid", "guid"),
}
#: Columns holding the outlet's domain when the URL is missing (auto-detected only).
DOMAIN_COLUMNS = ("domain", "source_url", "site_url", "hostname", "host")
#: CSV fields may be whole articles; the csv module's 128 KiB default is far too small.
CSV_FIELD_SIZE_LIMIT = 64 * 1024 * 1024
#: Bytes read to detect a CSV's encoding and delimiter.
SNIFF_BYTES = 65_536
#: Delimiters considered for CSV (counted on the header line); ``.tsv``/``.tab`` always use a tab.
CSV_DELIMITERS = (",", ";", "\t", "|")
#: Rows per Parquet record batch.
PARQUET_BATCH_ROWS = 256
#: A JSON-array element larger than this many characters is treated as malformed (the stream stops there).
MAX_JSON_ITEM_CHARS = 64 * 1024 * 1024
#: Characters read at a time from a JSON array.
JSON_CHUNK_CHARS = 1 << 20


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which source column feeds each Article field (None: not present)."""

    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    outlet: str | None = None
    author: str | None = None
    id: str | None = None
    domain: str | None = None

    def used(self) -> set[str]:
        return {getattr(self, f.name) for f in fields(self)} - {None}


def corpus_kind(path: str | Path) -> str | None:
    """``csv`` | ``jsonl`` | ``json`` | ``parquet`` for a corpus file suffix, else None."""
    return CORPUS_SUFFIXES.get(Path(path).suffix.lower())


def has_explicit_columns(columns: CorpusColumns) -> bool:
    """Whether any column is mapped explicitly (a missing one is then a usage error)."""
    return any(getattr(columns, f.name) for f in fields(columns))


def resolve_columns(available: Iterable[str], columns: CorpusColumns, path: str | Path) -> ColumnMap:
    """Map Article fields to the ``available`` columns: explicit names first, then auto-detection.

    Raises:
        UnsupportedInput: an explicitly mapped column is missing, or no text column can be found (E006).
    """
    names = [str(c) for c in available]
    lower = {n.lower(): n for n in reversed(names)}
    shown = ", ".join(repr(n) for n in names) or "(none)"
    chosen: dict[str, str | None] = {}
    for f in fields(columns):
        wanted = getattr(columns, f.name)
        if wanted is None:
            continue
        if wanted in names:
            chosen[f.name] = wanted
        elif wanted.lower() in lower:
            chosen[f.name] = lower[wanted.lower()]
        else:
            raise error(UnsupportedInput, "E006", col=wanted, path=path, available=shown,
                        hint=f"Check --{f.name}-col (or columns.{f.name} in a config file).")
    taken = {c for c in chosen.values() if c}
    for name, candidates in AUTO_COLUMNS.items():
        if name in chosen:
            continue
        found = next((lower[c] for c in candidates if c in lower and lower[c] not in taken), None)
        chosen[name] = found
        if found:
            taken.add(found)
    if not chosen.get("text"):
        raise error(
            UnsupportedInput,
            "E006",
            col="text (auto-detected from " + "/".join(AUTO_COLUMNS["text"]) + ")",
            path=path,
            available=shown,
            hint="Name the column holding the article text with --text-col NAME (or columns.text in a config "
            "file).",
        )
    domain = None if chosen.get("url") else next((lower[c] for c in DOMAIN_COLUMNS if c in lower), None)
    return ColumnMap(domain=domain, **chosen)  # type: ignore[arg-type]


def iter_corpus(path: str | Path, settings: Settings | None = None) -> Iterator[Article | Failure]:
    """Stream the articles of a corpus file (kind chosen by suffix).

    Raises:
        UnsupportedInput: unknown suffix, or a missing mapped column (E006).
        CorpusError: the file cannot be opened as its format (E005).
    """
    settings = settings or Settings()
    kind = corpus_kind(path)
    if kind == "csv":
        return iter_csv(path, settings)
    if kind == "jsonl":
        return iter_jsonl(path, settings)
    if kind == "json":
        return iter_json(path, settings)
    if kind == "parquet":
        return iter_parquet(path, settings)
    raise error(
        UnsupportedInput,
        "E003",
        what=str(path),
        why="not a corpus file (.csv, .tsv, .jsonl, .json, .parquet)",
    )


# ----------------------------------------------------------------------------------------------------- CSV


def iter_csv(
    path: str | Path, settings: Settings, *, delimiter: str | None = None
) -> Iterator[Article | Failure]:
    """Rows of a CSV/TSV file; the first row is the header."""
    if csv.field_size_limit() < CSV_FIELD_SIZE_LIMIT:
        csv.field_size_limit(CSV_FIELD_SIZE_LIMIT)
    path = Path(path)
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
        encoding, guessed = _stream_encoding(head, path)
        flags = _repaired(encoding) if guessed else ()
        raw.seek(0)
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        if delimiter is None:
            delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else _sniff_delimiter(head, encoding)
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise error(CorpusError, "E005", path=path, where="the header", why=exc) from exc
        header = [h.strip() for h in header]
        cmap = resolve_columns(header, settings.columns, path)
        n = 0
        while True:
            n += 1
            origin = f"{path}#row={n}"
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield _failure(
                    origin,
                    error(CorpusError, "E005", path=path, where=f"row {n} (line {reader.line_num})", why=exc),
                )
                continue
            if not values or values == [""]:
                n -= 1
                continue
            if len(values) != len(header):
                yield _failure(
                    origin,
                    error(
                        CorpusError,
                        "E005",
                        path=path,
                        where=f"row {n} (line {reader.line_num})",
                        why=f"{len(values)} fields where the header has {len(header)}",
                    ),
                )
                continue
            yield row_article(
                dict(zip(header, values, strict=True)), cmap, origin=origin, input_format="csv", flags=flags
            )


def _sniff_delimiter(head: bytes, encoding: str) -> str:
    first = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    line = first.split("\n", 1)[0]
    counts = {d: line.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _stream_encoding(head: bytes, path: Path) -> tuple[str, bool]:
    """Encoding of a streamed file from its first bytes: (codec name, guessed?)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8", False
    except UnicodeDecodeError:
        pass
    from .decode import guess_encoding

    if b"\x00" in head:
        raise error(UnsupportedInput, "E002", why=f"{path} contains NUL bytes")
    return guess_encoding(head).encoding, True


def _repaired(encoding: str) -> tuple[QualityFlag, ...]:
    return (
        QualityFlag("encoding_repaired", f"the corpus file is not UTF-8; decoded as {encoding} (guessed)"),
    )


# ----------------------------------------------------------------------------------------------------- JSON


def iter_jsonl(path: str | Path, settings: Settings) -> Iterator[Article | Failure]:
    """One JSON object per line; blank lines are skipped, a bad line is a Failure."""
    path = Path(path)
    with path.open("rb") as fh:
        yield from _iter_json_lines(fh, path, settings)


def iter_json(path: str | Path, settings: Settings) -> Iterator[Article | Failure]:
    """A ``.json`` file: a top-level array of objects (streamed element by element), else JSON Lines."""
    path = Path(path)
    with path.open("rb") as fh:
        start = fh.read(4096).lstrip(codecs.BOM_UTF8).lstrip()
        fh.seek(0)
        if not start.startswith(b"["):
            yield from _iter_json_lines(fh, path, settings)
            return
        stream = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace")
        yield from _iter_json_array(stream, path, settings)


class _JsonColumns:
    """Column maps for JSON records, whose keys may differ from record to record.

    The first record is resolved strictly (a missing explicit column raises E006); later records with other
    keys are re-resolved, falling back to the first map (their missing fields then read as empty).
    """

    def __init__(self, path: Path, columns: CorpusColumns) -> None:
        self.path = path
        self.columns = columns
        self.first: ColumnMap | None = None
        self.cache: dict[frozenset[str], ColumnMap] = {}

    def for_record(self, record: Mapping[str, Any]) -> ColumnMap:
        keys = frozenset(record)
        cmap = self.cache.get(keys)
        if cmap is None:
            if self.first is None:
                cmap = self.first = resolve_columns(record.keys(), self.columns, self.path)
            else:
                try:
                    cmap = resolve_columns(record.keys(), self.columns, self.path)
                except UnsupportedInput:
                    cmap = self.first
            if len(self.cache) < 64:
                self.cache[keys] = cmap
        return cmap


def _iter_json_lines(fh: BinaryIO, path: Path, settings: Settings) -> Iterator[Article | Failure]:
    maps = _JsonColumns(path, settings.columns)
    for lineno, line in enumerate(fh, 1):
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        if not line.strip():
            continue
        origin = f"{path}#line={lineno}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield _failure(
                origin,
                error(CorpusError, "E005", path=path, where=f"line {lineno}", why=f"invalid JSON ({exc})"),
            )
            continue
        yield _json_record(obj, maps, path, origin, where=f"line {lineno}")


def _json_record(obj: Any, maps: _JsonColumns, path: Path, origin: str, *, where: str) -> Article | Failure:
    """One decoded JSON value of a corpus: an Article if it is an object, else a recorded failure."""
    if not isinstance(obj, dict):
        return _failure(origin, error(CorpusError, "E005", path=path, where=where,
                                      why=f"a JSON {type(obj).__name__}, not an object"))
    return row_article(obj, maps.for_record(obj), origin=origin, input_format="jsonl")


def _iter_json_array(stream: io.TextIOBase, path: Path, settings: Settings) -> Iterator[Article | Failure]:
    decoder = json.JSONDecoder()
    buf = stream.read(JSON_CHUNK_CHARS)
    pos = buf.index("[") + 1
    eof = False
    n = 0
    maps = _JsonColumns(path, settings.columns)
    while True:
        while pos < len(buf) and buf[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(buf) and not eof:
            buf, pos = stream.read(JSON_CHUNK_CHARS), 0
            eof = not buf
            continue
        if pos >= len(buf) or buf[pos] == "]":
            return
        try:
            obj, end = decoder.raw_decode(buf, pos)
        except ValueError as exc:
            if not eof and len(buf) - pos < MAX_JSON_ITEM_CHARS:
                more = stream.read(JSON_CHUNK_CHARS)
                eof = not more
                buf, pos = buf[pos:] + more, 0
                continue
            yield _failure(
                f"{path}#row={n + 1}",
                error(
                    CorpusError,
                    "E005",
                    path=path,
                    where=f"element {n + 1}",
                    why=f"invalid JSON ({exc}); reading stopped",
                ),
            )
            return
        n += 1
        pos = end
        origin = f"{path}#row={n}"
        yield _json_record(obj, maps, path, origin, where=f"element {n}")


# -------------------------------------------------------------------------------------------------- Parquet


def iter_parquet(path: str | Path, settings: Settings) -> Iterator[Article | Failure]:
    """Rows of a Parquet file, read one record batch at a time (needs the ``parquet`` extra: pyarrow)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise error(UnsupportedInput, "E009", path=path, why=exc) from exc

    path = Path(path)
    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise error(CorpusError, "E005", path=path, where="the file footer", why=exc) from exc
    with pf:
        cmap = resolve_columns(pf.schema_arrow.names, settings.columns, path)
        n = 0
        batches = pf.iter_batches(batch_size=PARQUET_BATCH_ROWS)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except (pa.ArrowException, OSError) as exc:
                yield _failure(
                    f"{path}#row={n + 1}",
                    error(
                        CorpusError, "E005", path=path, where=f"row {n + 1}", why=f"{exc}; reading stopped"
                    ),
                )
                return
            for row in batch.to_pylist():
                n += 1
                yield row_article(row, cmap, origin=f"{path}#row={n}", input_format="parquet")


# ------------------------------------------------------------------------------------------------- rows


def row_article(
    row: Mapping[str, Any],
    cmap: ColumnMap,
    *,
    origin: str,
    input_format: str,
    flags: tuple[QualityFlag, ...] = (),
) -> Article | Failure:
    """One corpus record → an Article, or a Failure (empty text, unusable values)."""
    try:
        text = row.get(cmap.text)
        if not isinstance(text, str) or not text.strip():
            return _failure(origin, error(EmptyInput, "E001", what=f"column {cmap.text!r} of {origin}"))
        url = _str(row.get(cmap.url)) if cmap.url else None
        domain = domain_of(url) or (domain_of(_str(row.get(cmap.domain))) if cmap.domain else None)
        published = row.get(cmap.date) if cmap.date else None
        author = row.get(cmap.author) if cmap.author else None
        if isinstance(author, list | tuple):
            author = ", ".join(str(a) for a in author if a)
        used = cmap.used() - {cmap.domain}
        extra = {k: _jsonable(v) for k, v in row.items() if k not in used and not _is_index_column(k)}
        if cmap.id and row.get(cmap.id) not in (None, ""):
            extra["corpus_id"] = _jsonable(row.get(cmap.id))
        return from_text(
            text,
            origin=origin,
            title=_str(row.get(cmap.title)) if cmap.title else None,
            url=url,
            domain=domain,
            outlet=_str(row.get(cmap.outlet)) if cmap.outlet else None,
            published=published if published not in (None, "") else None,
            published_source=f"corpus:{cmap.date}",
            byline=_str(author) or None,
            input_format=input_format,
            flags=flags,
            extra=extra,
        )
    except PresslensError as exc:
        return _failure(origin, exc)
    except Exception as exc:  # a bad record never sinks a corpus; the failure names the row
        log.debug("unexpected error on %s", origin, exc_info=True)
        return Failure(origin, "E005", f"Unexpected error on {origin}: {type(exc).__name__}: {exc}")


def _is_index_column(name: str) -> bool:
    """A pandas index written out with the data (an empty or ``Unnamed: 0`` header)."""
    return not str(name).strip() or str(name).startswith("Unnamed:") or name == "__index_level_0__"


def _failure(origin: str, exc: PresslensError) -> Failure:
    return Failure(origin, exc.code, exc.message)


def _str(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


__all__ = [
    "AUTO_COLUMNS",
    "CORPUS_SUFFIXES",
    "ColumnMap",
    "corpus_kind",
    "has_explicit_columns",
    "iter_corpus",
    "iter_csv",
    "iter_json",
    "iter_jsonl",
    "iter_parquet",
    "resolve_columns",
    "row_article",
]
