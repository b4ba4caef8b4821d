"""The outlet registry: the shipped SQLite table plus an optional user registry beside it.

The shipped table (``data/outlets.sqlite``, built by ``scripts/build_outlets.py``) holds only sources whose
licences allow redistribution (``data/SOURCES.md``). A user registry (``presslens outlets import``) has the same
tables and is read alongside; its ratings are marked ``shipped=False`` on every card.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SCHEMA = """
CREATE TABLE sources (id TEXT PRIMARY KEY, name TEXT, licence TEXT, date TEXT, citation TEXT, url TEXT, kind TEXT);
CREATE TABLE ratings (domain TEXT, source TEXT, label TEXT, factual REAL, factual_level TEXT, lean TEXT,
                      flags TEXT, date TEXT, url TEXT, note TEXT);
CREATE INDEX ratings_domain ON ratings(domain);
CREATE TABLE state (domain TEXT, code TEXT, country TEXT, company TEXT, asset TEXT, url TEXT, note TEXT);
CREATE INDEX state_domain ON state(domain);
CREATE TABLE groups (domain TEXT PRIMARY KEY, grp TEXT, grp_name TEXT, note TEXT);
CREATE TABLE names (key TEXT, domain TEXT, name TEXT);
CREATE INDEX names_key ON names(key);
CREATE TABLE display (domain TEXT PRIMARY KEY, name TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE protected (domain TEXT PRIMARY KEY);
"""

#: State Media Monitor typology: code → (category, what it means).
STATE_CATEGORIES: dict[str, tuple[str, str]] = {
    "SC": ("state-controlled", "the state controls funding, governance/ownership and editorial line"),
    "CaPu": ("captured public", "public/state-managed media whose governance and editorial line the state controls"),
    "CaPr": ("captured private", "privately owned media whose editorial line the state controls"),
    "ISFM": ("independent state-funded and state-managed", "state funds and manages it, editorially independent"),
    "ISF": ("independent state-funded", "state-funded, editorially independent"),
    "ISM": ("independent state-managed", "state-managed, editorially independent"),
    "IP": ("independent public", "public-service media with editorial independence"),
}
#: Categories in which the state controls the editorial line.
STATE_CONTROLLED_EDITORIAL = frozenset({"SC", "CaPu", "CaPr"})
#: Flagship domain of each media group, whose ratings and state affiliation a mirror or alias shows when it has
#: none of its own.
GROUP_FLAGSHIP = {"rt": "rt.com", "rossiyasegodnya": "sputnikglobe.com", "cctv": "cctv.com", "rferl": "rferl.org"}

ENV_USER_DB = "PRESSLENS_OUTLETS_DB"


def shipped_path() -> Path:
    return Path(str(resources.files("presslens.provenance") / "data" / "outlets.sqlite"))


def default_user_path() -> Path:
    """``$PRESSLENS_OUTLETS_DB``, else ``$XDG_DATA_HOME/presslens/user_outlets.sqlite`` (~/.local/share)."""
    env = os.environ.get(ENV_USER_DB)
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "presslens" / "user_outlets.sqlite"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    name: str
    licence: str
    date: str
    citation: str
    url: str
    kind: str
    shipped: bool


@dataclass(frozen=True, slots=True)
class RatingRow:
    domain: str
    source: str
    label: str
    factual: float | None
    factual_level: str | None
    lean: str | None
    flags: tuple[str, ...]
    date: str
    url: str
    note: str
    shipped: bool


@dataclass(frozen=True, slots=True)
class StateRow:
    domain: str
    code: str
    country: str
    company: str
    asset: str
    url: str
    note: str


@dataclass(frozen=True, slots=True)
class GroupRow:
    domain: str
    grp: str
    grp_name: str
    note: str


class _DB:
    """One SQLite file opened read-only (per thread connections)."""

    def __init__(self, path: Path, shipped: bool) -> None:
        self.path = path
        self.shipped = shipped
        self._local = threading.local()

    def con(self) -> sqlite3.Connection:
        c = getattr(self._local, "con", None)
        if c is None:
            c = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = c
        return c

    def q(self, sql: str, args: tuple = ()) -> list[tuple]:
        return self.con().execute(sql, args).fetchall()


class Store:
    """Read access to the shipped registry and (if present) a user registry.

    Args:
        shipped: path of the shipped table (default: the one in the package).
        user: path of a user registry; None uses :func:`default_user_path` when that file exists; ``False``
            disables it.
    """

    def __init__(self, shipped: Path | None = None, user: Path | bool | None = None) -> None:
        path = shipped or shipped_path()
        if not path.exists():
            from ..errors import ModelError, error

            raise error(ModelError, "E031", path=path, why="file not found", script="scripts/build_outlets.py")
        self.dbs = [_DB(path, True)]
        upath: Path | None
        if user is False:
            upath = None
        elif user is None or user is True:
            upath = default_user_path()
        else:
            upath = Path(user)
        if upath is not None and upath.exists():
            self.dbs.append(_DB(upath, False))
        self.user_path = upath
        self._sources: dict[str, Source] | None = None
        self._domains: set[str] | None = None
        self._counts: dict[bool, dict[str, int]] = {}

    # -- tables ------------------------------------------------------------------------------------------
    def sources(self) -> dict[str, Source]:
        if self._sources is None:
            out: dict[str, Source] = {}
            for db in self.dbs:
                for r in db.q("SELECT id, name, licence, date, citation, url, kind FROM sources"):
                    out[r[0]] = Source(r[0], r[1], r[2], r[3], r[4], r[5], r[6], shipped=db.shipped)
            self._sources = out
        return self._sources

    def ratings(self, domain: str) -> list[RatingRow]:
        out = []
        for db in self.dbs:
            for r in db.q("SELECT domain, source, label, factual, factual_level, lean, flags, date, url, note "
                          "FROM ratings WHERE domain = ? ORDER BY source, label", (domain,)):
                out.append(RatingRow(r[0], r[1], r[2], r[3], r[4], r[5],
                                     tuple(f for f in (r[6] or "").split(",") if f), r[7] or "",
                                     r[8] or "", r[9] or "", db.shipped))
        return out

    def state(self, domain: str) -> list[StateRow]:
        return [StateRow(*r) for db in self.dbs
                for r in db.q("SELECT domain, code, country, company, asset, url, note FROM state WHERE domain = ?",
                              (domain,))]

    def group(self, domain: str) -> GroupRow | None:
        for db in self.dbs:
            r = db.q("SELECT domain, grp, grp_name, note FROM groups WHERE domain = ?", (domain,))
            if r:
                return GroupRow(*r[0])
        return None

    def display_name(self, domain: str) -> str | None:
        for db in reversed(self.dbs):  # a user-given name wins
            r = db.q("SELECT name FROM display WHERE domain = ?", (domain,))
            if r:
                return str(r[0][0])
        return None

    def display_names(self) -> dict[str, str]:
        """Every domain's display name in one pass (a user-given name wins, as in :meth:`display_name`)."""
        out: dict[str, str] = {}
        for db in self.dbs:
            out.update((str(d), str(n)) for d, n in db.q("SELECT domain, name FROM display"))
        return out

    def by_name_key(self, key: str) -> list[tuple[str, str]]:
        """(domain, name) pairs whose name key equals ``key``."""
        return [(r[0], r[1]) for db in self.dbs for r in db.q("SELECT domain, name FROM names WHERE key = ?", (key,))]

    def known(self, domain: str) -> bool:
        return domain in self.domains()

    def domains(self) -> set[str]:
        """Every domain with a rating, a state-affiliation entry or a group (cached)."""
        if self._domains is None:
            s: set[str] = set()
            for db in self.dbs:
                for table in ("ratings", "state", "groups"):
                    s.update(r[0] for r in db.q(f"SELECT DISTINCT domain FROM {table}"))
            self._domains = s
        return self._domains

    def rater_counts(self, shipped_only: bool = True) -> dict[str, int]:
        """Domain → number of distinct raters (for choosing look-alike targets and ambiguous names)."""
        if shipped_only in self._counts:
            return self._counts[shipped_only]
        out: dict[str, set[str]] = defaultdict(set)
        for db in self.dbs:
            if shipped_only and not db.shipped:
                continue
            for d, s in db.q("SELECT DISTINCT domain, source FROM ratings"):
                out[d].add(s)
            for (d,) in db.q("SELECT DISTINCT domain FROM state"):
                out[d].add("asd_smm")
        self._counts[shipped_only] = {d: len(s) for d, s in out.items()}
        return self._counts[shipped_only]

    def protected(self) -> list[str] | None:
        """The precomputed look-alike targets of the shipped table (None if the table predates them)."""
        try:
            return [r[0] for r in self.dbs[0].q("SELECT domain FROM protected ORDER BY domain")]
        except sqlite3.OperationalError:
            return None


__all__ = ["ENV_USER_DB", "GROUP_FLAGSHIP", "SCHEMA", "STATE_CATEGORIES", "STATE_CONTROLLED_EDITORIAL", "GroupRow",
           "RatingRow", "Source", "StateRow", "Store", "default_user_path", "shipped_path"]
