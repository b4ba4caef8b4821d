"""The user registry: rating CSVs a user holds (MBFC exports, NewsGuard, AllSides, in-house lists), imported
beside the shipped table with ``presslens outlets import``.

The column map names which CSV column holds what: ``domain=Source URL,factual=Factual Reporting,lean=Bias``.
Keys: ``domain`` (required; a URL or domain), ``name``, ``factual`` (label or number), ``lean``, ``flags``
(comma/semicolon-separated labels), ``url`` (rationale page), ``date`` (per row; else ``--date``), ``label`` (the
original label to show; by default the mapped columns joined). Re-importing a rater replaces its rows.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnsupportedInput, error
from .axes import factual_level, map_lean, map_number, map_tags, map_text
from .domains import normalize
from .store import SCHEMA

MAP_KEYS = ("domain", "name", "factual", "lean", "flags", "url", "date", "label")
_NUM = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")


@dataclass(slots=True)
class ImportReport:
    """What an import did: rows read, imported and skipped (with the reasons and example rows)."""

    path: str
    rater: str
    rows: int = 0
    imported: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str, row_no: int) -> None:
        self.skipped[reason] += 1
        self.examples.setdefault(reason, row_no)


def parse_column_map(spec: str) -> dict[str, str]:
    """``"domain=Source URL,factual=Factual"`` → ``{"domain": "Source URL", "factual": "Factual"}``."""
    out: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise error(UnsupportedInput, "E003", what="--column-map", why=f"{part.strip()!r} is not KEY=COLUMN")
        k, v = (x.strip() for x in part.split("=", 1))
        if k not in MAP_KEYS:
            raise error(UnsupportedInput, "E003", what="--column-map", why=f"unknown key {k!r}; use {', '.join(MAP_KEYS)}")
        out[k] = v
    if "domain" not in out:
        raise error(UnsupportedInput, "E003", what="--column-map", why="the map must name the domain column (domain=COLUMN)")
    return out


def _scale(values: list[str], given: tuple[float, float] | None) -> tuple[float, float]:
    if given:
        return given
    nums = [float(v) for v in values if _NUM.match(v or "")]
    if not nums:
        return (0.0, 1.0)
    lo, hi = min(nums), max(nums)
    if lo >= 0 and hi <= 1:
        return (0.0, 1.0)
    if lo >= 0 and hi <= 5 and all(n == int(n) for n in nums):
        return (1.0, 5.0)
    if lo >= 0 and hi <= 10:
        return (0.0, 10.0)
    if lo >= 0 and hi <= 100:
        return (0.0, 100.0)
    if lo >= -1 and hi <= 1:
        return (-1.0, 1.0)
    raise error(UnsupportedInput, "E003", what="factual column", why=f"numbers from {lo} to {hi}: give --scale LO,HI")


def import_csv(path: Path, db: Path, *, rater: str, date: str, column_map: dict[str, str], licence: str = "",
               url: str = "", scale: tuple[float, float] | None = None) -> ImportReport:
    """Import ``path`` into the user registry ``db`` under ``rater`` (its previous rows are replaced).

    Raises:
        UnsupportedInput: unreadable file, a mapped column missing from the header, an empty rater name, or a
            date that is not YYYY, YYYY-MM or YYYY-MM-DD.
    """
    rater = rater.strip()
    if not rater:
        raise error(UnsupportedInput, "E003", what="--rater", why="give the rater's name")
    if not re.fullmatch(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?", date.strip()):
        raise error(UnsupportedInput, "E003", what="--date", why=f"{date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if not path.exists():
        raise error(UnsupportedInput, "E003", what=str(path), why="file not found")
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(65536)
            fh.seek(0)
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel
            reader = csv.DictReader(fh, dialect=dialect)
            header = reader.fieldnames or []
            missing = [c for c in column_map.values() if c not in header]
            if missing:
                raise error(UnsupportedInput, "E003", what=str(path),
                            why=f"column(s) {missing} not in the header {header}")
            rows = list(reader)
    except UnicodeDecodeError as exc:
        raise error(UnsupportedInput, "E003", what=str(path), why=f"not UTF-8 text ({exc.reason})") from exc
    rid = "user:" + re.sub(r"[^a-z0-9]+", "-", rater.lower()).strip("-")
    rep = ImportReport(str(path), rater, rows=len(rows))
    fcol = column_map.get("factual")
    lo_hi = _scale([r.get(fcol, "") for r in rows], scale) if fcol else (0.0, 1.0)
    out: dict[str, tuple] = {}
    names: list[tuple[str, str, str]] = []
    for i, row in enumerate(rows, start=2):
        raw_dom = (row.get(column_map["domain"]) or "").strip()
        h = normalize(raw_dom) if raw_dom else None
        if not raw_dom:
            rep.skip("empty domain", i)
            continue
        if h is None:
            rep.skip("not a domain or URL", i)
            continue
        fval = (row.get(fcol) or "").strip() if fcol else ""
        factual = None
        flags: list[str] = []
        lean = None
        if fval:
            if _NUM.match(fval):
                factual = map_number(float(fval), *lo_hi)
            else:
                m = map_text(fval, lean_too=False)
                factual, flags = m.factual, list(m.flags)
        lcol = column_map.get("lean")
        lval = (row.get(lcol) or "").strip() if lcol else ""
        if lval:
            lean = map_lean(lval)
            m = map_text(lval, lean_too=False)  # "Questionable Source", "satire" in a bias column are flags
            flags += [f for f in m.flags if f not in flags]
        gcol = column_map.get("flags")
        gval = (row.get(gcol) or "").strip() if gcol else ""
        if gval:
            tags = [t for t in re.split(r"[,;|/]", gval.strip("[]")) if t.strip()]
            flags += [f for f in map_tags([t.strip(" '\"") for t in tags]).flags if f not in flags]
        if factual is None and lean is None and not flags:
            rep.skip("no rating in the mapped columns", i)
            continue
        label = (row.get(column_map["label"]) or "").strip() if "label" in column_map else \
            "; ".join(x for x in (fval, lval, gval) if x)
        rdate = (row.get(column_map["date"]) or "").strip() if "date" in column_map else ""
        rurl = (row.get(column_map["url"]) or "").strip() if "url" in column_map else ""
        out[h.host] = (h.host, rid, label[:300], None if factual is None else round(factual, 4),
                       factual_level(factual), lean, ",".join(flags), rdate or date, rurl, "")
        if "name" in column_map and (row.get(column_map["name"]) or "").strip():
            names.append((h.host, row[column_map["name"]].strip(), rid))
        rep.imported += 1
    db.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db)
    try:
        have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "ratings" not in have:
            con.executescript(SCHEMA)
        con.execute("DELETE FROM ratings WHERE source = ?", (rid,))
        con.execute("DELETE FROM sources WHERE id = ?", (rid,))
        con.execute("INSERT INTO sources VALUES (?,?,?,?,?,?,?)",
                    (rid, rater, licence or "user-supplied (not shipped)", date, f"imported from {path.name}", url, "rating"))
        con.executemany("INSERT INTO ratings VALUES (?,?,?,?,?,?,?,?,?,?)", sorted(out.values()))
        from .domains import name_key

        con.executemany("INSERT INTO names VALUES (?,?,?)", [(name_key(n), d, n) for d, n, _ in names if name_key(n)])
        con.executemany("INSERT OR REPLACE INTO display VALUES (?,?)", [(d, n) for d, n, _ in names])
        con.commit()
    finally:
        con.close()
    return rep


def remove_rater(db: Path, rater: str) -> int:
    """Delete a rater's imported rows; returns how many ratings were removed."""
    if not db.exists():
        return 0
    rid = rater if rater.startswith("user:") else "user:" + re.sub(r"[^a-z0-9]+", "-", rater.lower()).strip("-")
    con = sqlite3.connect(db)
    try:
        n = con.execute("DELETE FROM ratings WHERE source = ?", (rid,)).rowcount
        con.execute("DELETE FROM sources WHERE id = ?", (rid,))
        con.commit()
    finally:
        con.close()
    return n


__all__ = ["MAP_KEYS", "ImportReport", "import_csv", "parse_column_map", "remove_rater"]
