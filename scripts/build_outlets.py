"""Compile the shipped outlet registry from ``../shared/data/sources/`` into one SQLite file.

    python scripts/build_outlets.py [--sources ../shared/data/sources] [--out src/presslens/provenance/data/outlets.sqlite]

Only sources whose licences allow redistribution are read (see ``SHIPPED`` and docs/provenance.md). The
MBFC-derived sets (``mbfc_official_extension``, the Idiap MBFC scrape and golden labels, Baly et al., the MBFC
rows and columns of Lasser & Rupp and of the Iffy/CJR sheet) and the ambiguous-licence Kagi file are never
opened; users who hold a licence import them with ``presslens outlets import``. The output is deterministic
(rows sorted), so rebuilding on the same inputs gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from presslens.provenance.axes import factual_level, map_number, map_tags, map_text  # noqa: E402
from presslens.provenance.domains import name_key, normalize  # noqa: E402
from presslens.provenance.store import SCHEMA, STATE_CATEGORIES  # noqa: E402

DEFAULT_SOURCES = ROOT / ".." / "shared" / "data" / "sources"
DEFAULT_OUT = ROOT / "src" / "presslens" / "provenance" / "data" / "outlets.sqlite"

#: Every shipped source: id → (name, licence, date, citation, home URL, what it contributes).
SHIPPED: dict[str, dict[str, str]] = {
    "lin2023": {
        "name": "Lin et al. 2023 (aggregate domain quality, pc1)",
        "licence": "no licence file; authors: \"feel free to reuse the data\" (cite the paper); only the derived pc1 is shipped",
        "date": "2023",
        "citation": "Lin, H., Lasser, J., Lewandowsky, S., et al. (2023). High level of correspondence across different "
                    "news domain quality rating sets. PNAS Nexus 2(9), pgad286.",
        "url": "https://doi.org/10.1093/pnasnexus/pgad286",
        "kind": "rating",
    },
    "cred1": {
        "name": "CRED-1 (Loth et al. 2026)",
        "licence": "CC BY 4.0",
        "date": "2026-08-04",
        "citation": "Loth, A., Kappes, M., & Pahl, M.-O. (2026). CRED-1: An Open Multi-Signal Domain Credibility "
                    "Dataset. Zenodo 10.5281/zenodo.18769460. Only category and credibility_score are shipped "
                    "(the Iffy/MBFC factual and bias codes are left out).",
        "url": "https://github.com/aloth/cred-1",
        "kind": "rating",
    },
    "opensources": {
        "name": "OpenSources (Zimdars et al.)",
        "licence": "LGPL-3.0 (repository file); also distributed as CC BY 4.0",
        "date": "2017-04-28",
        "citation": "Zimdars, M. et al. OpenSources: Professionally curated lists of online sources, v2.1.0 (2017).",
        "url": "https://github.com/BigMcLargeHuge/opensources",
        "kind": "rating",
    },
    "cjr_iffy2021": {
        "name": "CJR / Iffy.news unreliable-sites tags (2021-04, via Lasser & Rupp)",
        "licence": "CC BY-SA 4.0 (Lasser & Rupp compilation); tags only, the MBFC columns are left out",
        "date": "2021-04",
        "citation": "Columbia Journalism Review / Iffy.news \"Unreliable News Sites\" sheet (April 2021), as collected in "
                    "Lasser, J. & Rupp, V., misinformation_domains (GitHub).",
        "url": "https://github.com/JanaLasser/misinformation_domains",
        "kind": "rating",
    },
    "lasser2022": {
        "name": "Lasser & Rupp compiled lists (BuzzFeed, PolitiFact, Grinberg, BUTAC, Bufale, Bufalopedia, Fake News Watch)",
        "licence": "CC BY-SA 4.0 (compilation); the MBFC rows are left out",
        "date": "2022-05-10",
        "citation": "Lasser, J. & Rupp, V. A collection of domains that spread unreliable information (GitHub, 2021-2022).",
        "url": "https://github.com/JanaLasser/misinformation_domains",
        "kind": "rating",
    },
    "wikipedia_rsp": {
        "name": "Wikipedia Reliable sources/Perennial sources",
        "licence": "CC BY-SA 4.0 (Wikipedia text)",
        "date": "2026-04",
        "citation": "Wikipedia contributors, \"Wikipedia:Reliable sources/Perennial sources\", parsed by audiodude "
                    "(2026-04) and Kudusch (2021-03-17).",
        "url": "https://en.wikipedia.org/wiki/Wikipedia:Reliable_sources/Perennial_sources",
        "kind": "rating",
    },
    "asd_smm": {
        "name": "State Media Profiles (ASD at GMF; State Media Monitor typology)",
        "licence": "MIT; seed fields from the State Media Monitor (MJRC), attributed",
        "date": "2024-02-07",
        "citation": "Alliance for Securing Democracy (GMF): Cameron, A., Sava, G., Aleth, F., Schafer, B., & Benzoni, P. "
                    "State Media Profiles (2023-2024); typology from the State Media Monitor (statemediamonitor.com, MJRC).",
        "url": "https://github.com/ASD-at-GMF/state-media-profiles",
        "kind": "state",
    },
    "v2fly": {
        "name": "v2fly domain-list-community (media-group domain lists)",
        "licence": "MIT",
        "date": "2026-08-19",
        "citation": "V2Fly community, domain-list-community (GitHub), lists rt, rossiyasegodnya, cctv, rferl, "
                    "category-media-ru, category-media-ir.",
        "url": "https://github.com/v2fly/domain-list-community",
        "kind": "alias",
    },
}
#: Sources in ../shared/data/sources that are deliberately NOT read (and why).
EXCLUDED = {
    "mbfc_official_extension": "MBFC data: proprietary / unclear licence",
    "burdisso2024_idiap_reliability": "MBFC scrape, MBFC/NewsGuard golden labels, graph scores seeded from them",
    "baly_news_media_reliability": "MBFC labels, no licence",
    "kagi_media_data": "licence ambiguous (app data CC BY-NC)",
}
#: Lasser & Rupp sources kept (the others are MBFC, or shipped directly: zimdars = OpenSources, CJR = cjr_iffy2021).
LASSER_KEEP = {"buzzfeed": "2017-08-08", "politifact": "2017-11-09", "girnberg": "2019-01-28", "butac": "2021-05-18",
               "bufale": "2018", "bufalopedia": "2020-05-05", "fake_news_watch": "2016-01-18"}
RSP_STATUS = {"gr": "generally reliable", "gu": "generally unreliable", "nc": "no consensus", "d": "deprecated",
              "m": "mixed (depends on topic)"}
RSP_FACTUAL = {"gr": 0.85, "nc": 0.5, "m": 0.5, "gu": 0.2, "d": 0.05}


class Builder:
    def __init__(self) -> None:
        self.ratings: dict[tuple[str, str], tuple[bool, tuple]] = {}
        self.names: dict[tuple[str, str], str] = {}  # (key, domain) -> display name
        self.display: dict[str, tuple[int, str]] = {}  # domain -> (priority, name)
        self.state: list[tuple] = []
        self.groups: dict[str, tuple[str, str, str]] = {}
        self.skipped: dict[str, int] = defaultdict(int)
        self.exact = True

    def host(self, raw: str, source: str) -> str | None:
        raw = (raw or "").strip()
        raw = re.sub(r"\s+#.*$", "", raw)
        h = normalize(raw.split("/")[0] if "://" not in raw else raw)
        if h is None:
            self.skipped[source] += 1
            return None
        self.exact = h.host == raw.lower().strip("/")
        return h.host

    def rating(self, domain: str, source: str, label: str, factual: float | None, lean: str | None,
               flags: tuple[str, ...], date: str, url: str = "", note: str = "") -> None:
        row = (domain, source, label, None if factual is None else round(factual, 4), factual_level(factual), lean,
               ",".join(flags), date, url, note)
        # One rating per rater and domain: "rt.com" beats "www.rt.com" when a source lists both.
        old = self.ratings.get((domain, source))
        if old is None or (self.exact and not old[0]):
            self.ratings[(domain, source)] = (self.exact, row)

    def name(self, domain: str, name: str, priority: int) -> None:
        name = " ".join((name or "").split())
        if not name or len(name) > 120:
            return
        self.names[(name_key(name), domain)] = name
        if domain not in self.display or priority < self.display[domain][0]:
            self.display[domain] = (priority, name)


def read_lin(b: Builder, src: Path) -> None:
    with open(src / "lin2023_domain_quality" / "domain_pc1.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            d = b.host(row["domain"], "lin2023")
            if d and row["pc1"]:
                pc1 = float(row["pc1"])
                b.rating(d, "lin2023", f"pc1={pc1:.3f}", pc1, None, (), "2023", SHIPPED["lin2023"]["url"])


def read_cred1(b: Builder, src: Path) -> None:
    with open(src / "cred1_loth2026" / "cred1_current.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            d = b.host(row["domain"], "cred1")
            if not d:
                continue
            score = float(row["credibility_score"]) if row["credibility_score"] else None
            cat = row["category"].strip().lower()
            flags = map_tags([cat]).flags if cat in ("fake", "conspiracy", "satire", "rumor", "unreliable") else ()
            b.rating(d, "cred1", f"{cat}; credibility_score={row['credibility_score']}", score, None, flags,
                     "2026-08-04", "https://github.com/aloth/cred-1/blob/main/CODEBOOK.md")


def read_opensources(b: Builder, src: Path) -> None:
    data = json.loads((src / "opensources" / "sources.json").read_text(encoding="utf-8"))
    for key, row in sorted(data.items()):
        d = b.host(key, "opensources")
        if not d:
            continue
        tags = [row.get(k, "").strip().lower() for k in ("type", "2nd type", "3rd type")]
        tags = [t for t in tags if t]
        if not tags:
            continue
        m = map_tags(tags)
        note = (row.get("Source Notes (things to know?)") or "").strip()
        note = re.sub(r"\s*;?\s*https?://(?:www\.)?mediabiasfactcheck\.com\S*", "", note).strip(" ;")  # no MBFC links
        b.rating(d, "opensources", ", ".join(tags), m.factual, None, m.flags, "2017-04-28", "", note[:300])


def read_cjr(b: Builder, src: Path) -> None:
    raw = src / "lasser_misinformation_domains" / "raw"
    tags: dict[str, list[str]] = defaultdict(list)
    with open(raw / "columbia_journalism_review_2021-04.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            d = b.host(row["url"], "cjr_iffy2021")
            if d and row["label"] and row["label"] not in tags[d]:
                tags[d].append(row["label"].strip().lower())
    for d, ts in sorted(tags.items()):
        m = map_tags(ts)
        b.rating(d, "cjr_iffy2021", ", ".join(ts), m.factual, None, m.flags, "2021-04")
    # Site names only (the MBFC columns of this sheet are not read).
    with open(raw / "columbia_journalism_review_tags_additional_information2021-04.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            d = b.host(row["Domain"], "cjr_names")
            if d:
                b.name(d, row["Name"], 3)


def read_lasser(b: Builder, src: Path) -> None:
    with open(src / "lasser_misinformation_domains" / "clean" / "domain_list_clean.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["source"] not in LASSER_KEEP:
                continue
            d = b.host(row["url"], "lasser2022")
            if not d:
                continue
            m = map_text(row["label"])
            acc = row.get("accuracy") or ""
            factual = map_number(float(acc), 1, 5) if acc else m.factual
            date = row.get("last_update") or LASSER_KEEP[row["source"]]
            b.rating(d, "lasser2022", f"{row['label']} ({row['source']}; accuracy {acc}/5)", factual, m.lean,
                     m.flags, date, "", f"list: {row['source']}")


def read_rsp(b: Builder, src: Path) -> None:
    base = src / "wikipedia_perennial_sources"
    seen: set[str] = set()
    with open(base / "rsp_domains_flat_derived.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            d = b.host(row["domain"], "wikipedia_rsp")
            st = row["status"].strip()
            if not d or st not in RSP_STATUS or d in seen:
                continue
            seen.add(d)
            m = map_text(RSP_STATUS[st], lean_too=False)
            url = f"https://en.wikipedia.org/wiki/{row['shortcut']}" if row.get("shortcut") else SHIPPED["wikipedia_rsp"]["url"]
            b.rating(d, "wikipedia_rsp", f"{RSP_STATUS[st]} ({row['name']}, last discussed {row['rsp_last']})",
                     RSP_FACTUAL[st], None, m.flags, "2026-04", url)
            b.name(d, row["name"], 1)
    # The 2021 snapshot fills domains missing from the 2026 parse (which drops some rows, e.g. RT).
    with open(base / "rsp_kudusch_2021-03-17_perennial-sources.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            statuses = [s.lower() for s in json.loads(row["status"] or "[]")]
            codes = [c for c, txt in RSP_STATUS.items() if any(txt.split(" (")[0] in s for s in statuses)]
            if "blacklisted" in " ".join(statuses) and "d" not in codes:
                codes.append("gu")
            if not codes:
                continue
            worst = min(codes, key=lambda c: RSP_FACTUAL[c])
            for u in json.loads(row["urls"] or "[]"):
                d = b.host(u, "wikipedia_rsp_2021")
                if not d or d in seen:
                    continue
                seen.add(d)
                b.rating(d, "wikipedia_rsp", f"{'; '.join(statuses)} ({row['name']}, 2021 snapshot)",
                         RSP_FACTUAL[worst], None, map_text(RSP_STATUS[worst], lean_too=False).flags,
                         "2021-03-17", SHIPPED["wikipedia_rsp"]["url"])
                b.name(d, row["name"], 2)


def read_asd(b: Builder, src: Path) -> None:
    with open(src / "asd_state_media_profiles" / "State_Media_Matrix.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    seen: set[tuple[str, str]] = set()
    for row in rows:
        code = row["Typology"].strip().rstrip("?")
        if not row["URL"].strip() or code not in STATE_CATEGORIES:
            continue
        d = b.host(row["URL"], "asd_smm")
        if not d or (d, code) in seen:
            continue
        seen.add((d, code))
        uncertain = row["Typology"].strip().endswith("?")
        note = "; ".join(x for x in (row["Status"].strip(), row["Notes"].strip(),
                                     "typology marked uncertain (?)" if uncertain else "") if x)
        b.state.append((d, code, row["Country"].strip(), row["Media company"].strip(), row["Main assets"].strip(),
                        row["URL"].strip(), note))
        b.name(d, row["Main assets"].strip() or row["Media company"].strip(), 0)


def read_v2fly(b: Builder, src: Path) -> None:
    base = src / "v2fly_media_group_domains"
    titles = {"rt": "RT (ANO TV-Novosti)", "rossiyasegodnya": "Rossiya Segodnya (Sputnik, RIA Novosti)",
              "cctv": "China Media Group / CCTV", "rferl": "RFE/RL", "category-media-ru": "Russian media (based in Russia)",
              "category-media-ir": "Iranian media"}
    # Owner groups first; the category lists only add domains not already in a named group.
    for fname in ("rt", "rossiyasegodnya", "cctv", "rferl", "category-media-ir", "category-media-ru"):
        section = ""
        for line in (base / f"{fname}.txt").read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if s.startswith("#"):
                section = s.lstrip("#").strip()
                continue
            if not s or s.startswith(("include:", "regexp:", "keyword:")):
                continue
            raw = s.split("#", 1)[0].split("@", 1)[0].strip().removeprefix("full:").removeprefix("domain:")
            comment = s.split("#", 1)[1].strip() if "#" in s else ""
            d = b.host(raw, "v2fly")
            if d and d not in b.groups:
                b.groups[d] = (fname, titles[fname], "; ".join(x for x in (section, comment) if x)[:200])


def build(sources: Path, out: Path) -> dict[str, int]:
    b = Builder()
    for reader in (read_lin, read_cred1, read_opensources, read_cjr, read_lasser, read_rsp, read_asd, read_v2fly):
        reader(b, sources)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(SCHEMA)
    con.executemany("INSERT INTO sources VALUES (?,?,?,?,?,?,?)",
                    [(k, v["name"], v["licence"], v["date"], v["citation"], v["url"], v["kind"]) for k, v in SHIPPED.items()])
    ratings = sorted((r for _, r in b.ratings.values()), key=lambda r: tuple("" if x is None else str(x) for x in r))
    con.executemany("INSERT INTO ratings VALUES (?,?,?,?,?,?,?,?,?,?)", ratings)
    con.executemany("INSERT INTO state VALUES (?,?,?,?,?,?,?)", sorted(set(b.state)))
    con.executemany("INSERT INTO groups VALUES (?,?,?,?)", sorted((d, *g) for d, g in b.groups.items()))
    con.executemany("INSERT INTO names VALUES (?,?,?)", sorted((k, d, n) for (k, d), n in b.names.items() if k))
    con.executemany("INSERT INTO display VALUES (?,?)", sorted((d, n) for d, (_, n) in b.display.items()))
    con.execute("INSERT INTO meta VALUES ('built_from', ?)", (json.dumps(sorted(SHIPPED)),))
    con.execute("INSERT INTO meta VALUES ('excluded', ?)", (json.dumps(EXCLUDED, sort_keys=True),))
    con.commit()
    con.execute("VACUUM")
    con.close()
    # Look-alike targets, chosen with the library's own rule on the table just written.
    from presslens.provenance.registry import Registry, protected_targets
    from presslens.provenance.store import Store

    targets = protected_targets(Registry(Store(tmp, user=False)))
    con = sqlite3.connect(tmp)
    con.executemany("INSERT INTO protected VALUES (?)", [(d,) for d in targets])
    con.commit()
    con.execute("VACUUM")
    con.close()
    tmp.replace(out)
    counts = {"ratings": len(ratings), "state": len(set(b.state)), "groups": len(b.groups), "names": len(b.names), "lookalike_targets": len(targets),
              "rated_domains": len({r[0] for r in ratings})}
    counts.update({f"skipped_{k}": v for k, v in b.skipped.items()})
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not (args.sources / "README.md").exists():
        print(f"build_outlets: no sources at {args.sources}", file=sys.stderr)
        return 2
    counts = build(args.sources.resolve(), args.out)
    for k, v in counts.items():
        print(f"{k:>24}: {v}")
    print(f"{'size_bytes':>24}: {args.out.stat().st_size}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
