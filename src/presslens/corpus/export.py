"""Stream a complete store table to Parquet, CSV or JSON Lines, with a side manifest of run provenance.

Nothing is capped: the table is read as Arrow record batches and written batch by batch. Every row of an
article-derived or corpus-level table carries outlet, language, URL and publication date; what produced the
rows (runs, analyzer versions) goes into ``<output>.manifest.json``, not into every row.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from .store import Store, arrow_reader

FORMATS = ("parquet", "csv", "jsonl")


def export_table(store_path: str | Path, table: str, fmt: str, output: str | Path | None,
                 batch_rows: int = 10_000) -> dict[str, Any]:
    """Write ``table`` of the store to ``output`` (stdout for csv/jsonl when None); returns the manifest."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}", code="E064")
    if fmt == "parquet" and output is None:
        raise InputError("Parquet export needs an output file (-o FILE.parquet)", code="E064")
    import pyarrow as pa

    with Store(store_path, read_only=True) as store:
        n = 0
        schema: pa.Schema | None = None
        sink: Any = None
        fh: BinaryIO | None = None
        try:
            fh = open(output, "wb") if output is not None else sys.stdout.buffer
            for batch in store.iter_batches(table, batch_rows):
                if schema is None:
                    schema = batch.schema
                    sink = _open_writer(fmt, fh, schema)
                _write(fmt, sink, fh, batch)
                n += batch.num_rows
            if schema is None:  # empty table: still write a valid file with the columns
                reader = arrow_reader(store.con, f'SELECT * FROM "{table}" LIMIT 0', 1)
                schema = reader.schema
                sink = _open_writer(fmt, fh, schema)
            if fmt == "parquet" and sink is not None:
                sink.close()
            elif fmt == "csv" and sink is not None:
                sink.close()
        finally:
            if output is not None and fh is not None:
                fh.close()
            else:
                sys.stdout.flush()
        runs = [dict(zip(("run_id", "started", "finished", "status", "engine", "workers", "analyzer_version",
                          "presslens", "n_done", "n_failed"), r, strict=True))
                for r in store.con.execute("SELECT run_id, started, finished, status, engine, workers, "
                                           "analyzer_version, presslens, n_done, n_failed FROM runs "
                                           "ORDER BY started").fetchall()]
    manifest = {
        "store": str(Path(store_path).resolve()),
        "table": table,
        "format": fmt,
        "rows": n,
        "columns": [f.name for f in schema] if schema is not None else [],
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "runs": runs,
    }
    if output is not None:
        Path(str(output) + ".manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n",
                                                        encoding="utf-8")
    return manifest


def _open_writer(fmt: str, fh: BinaryIO, schema: Any) -> Any:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetWriter(fh, schema)
    if fmt == "csv":
        import pyarrow.csv as pcsv

        return pcsv.CSVWriter(fh, schema)
    return None


def _write(fmt: str, sink: Any, fh: BinaryIO, batch: Any) -> None:
    if fmt in ("parquet", "csv"):
        sink.write_batch(batch)
        return
    cols = batch.schema.names
    for row in zip(*(batch.column(i).to_pylist() for i in range(len(cols))), strict=True):
        fh.write((json.dumps(dict(zip(cols, row, strict=True)), ensure_ascii=False, default=str) + "\n")
                 .encode("utf-8"))


__all__ = ["FORMATS", "export_table"]
