"""What ``presslens outlet`` and ``presslens outlets`` run (their arguments live in ``presslens.cli.outlets``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .registry import OutletCard


def _registry(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .registry import Registry, default_registry
    from .store import Store

    if getattr(args, "user_registry", None):
        return Registry(Store(user=Path(args.user_registry)))
    return default_registry()


def cmd_outlet(args: argparse.Namespace) -> int:
    card = _registry(args).card(args.query)
    if args.json:
        print(json.dumps(card.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(format_card(card))
    return 0


def cmd_outlets(args: argparse.Namespace) -> int:
    from .store import default_user_path
    from .userdb import import_csv, parse_column_map, remove_rater

    db = Path(args.user_registry) if getattr(args, "user_registry", None) else default_user_path()
    if args.outlets_command == "import":
        scale = None
        if args.scale:
            try:
                lo, hi = (float(x) for x in args.scale.split(","))
            except ValueError:
                print("presslens: error: --scale must be LO,HI (two numbers)", file=sys.stderr)
                return 2
            scale = (lo, hi)
        rep = import_csv(Path(args.file), db, rater=args.rater, date=args.date,
                         column_map=parse_column_map(args.column_map), licence=args.licence, url=args.url, scale=scale)
        print(f"presslens: imported {rep.imported} of {rep.rows} rows as rater {rep.rater!r} into {db}")
        for reason, n in rep.skipped.most_common():
            print(f"presslens: skipped {n} row(s): {reason} (first at line {rep.examples[reason]})")
        return 0 if rep.imported else 1
    if args.outlets_command == "remove":
        n = remove_rater(db, args.rater)
        print(f"presslens: removed {n} rating(s) of {args.rater!r} from {db}")
        return 0 if n else 1
    if args.outlets_command == "raters":
        from .store import Store

        store = Store(user=db)
        for s in sorted(store.sources().values(), key=lambda s: (not s.shipped, s.id)):
            where = "shipped" if s.shipped else "imported"
            print(f"{s.id}  [{where}, {s.kind}, {s.date}]  {s.name}\n    licence: {s.licence}")
        return 0
    print("presslens: error: give an action: import, remove or raters", file=sys.stderr)
    return 2


def format_card(card: OutletCard) -> str:
    """The card as plain text (the CLI view)."""
    lines = []
    title = card.name or card.domain or card.query
    lines.append(f"{title}" + (f"  ({card.domain})" if card.domain and card.domain != title else ""))
    if card.matched_by not in ("domain", "none"):
        lines.append(f"  matched by {card.matched_by} from {card.query!r}")
    if card.lookalikes:
        for w in card.lookalikes:
            lines.append(f"  WARNING: look-alike of {w.imitates_name or w.imitates} ({w.imitates}): {w.technique}, "
                         f"{w.reason} (score {w.score:.2f})")
    if card.state:
        s = card.state
        lines.append(f"  State affiliation: {s.category} [{s.code}] ({s.country}; {s.company}) — {s.meaning}")
        lines.append(f"    reference: {s.reference}; {s.source}, {s.date}")
    elif card.domain:
        lines.append("  State affiliation: none listed in the State Media Monitor typology")
    if card.group:
        g = card.group
        lines.append(f"  Media group: {g.name}" + (f" ({g.note})" if g.note else "")
                     + (f", flagship {g.flagship}" if g.flagship and g.flagship != card.domain else "")
                     + f" — {g.source}")
    if not card.ratings:
        lines.append("  Ratings: not rated (no rater in the registry has rated this outlet; not a neutral rating)")
    else:
        rd = card.reading
        if rd:
            fl = f"{rd.factual_level} (median {rd.factual:.2f} of {rd.n_factual} raters)" if rd.factual is not None \
                else "no rater gives a factual reading"
            lines.append(f"  Factual reading: {fl}")
            lines.append(f"  Political lean: {', '.join(rd.leans) if rd.leans else 'not rated'}")
            if rd.flags:
                lines.append(f"  Flags: {', '.join(rd.flags)}")
            for d in rd.disagreements:
                lines.append(f"  Raters disagree: {d.rater_a} says {d.level_a}, {d.rater_b} says {d.level_b}")
        lines.append(f"  Ratings ({len(card.ratings)}):")
        for r in card.ratings:
            axes = ", ".join(x for x in (f"factual {r.factual_level}" if r.factual_level else "",
                                         f"lean {r.lean}" if r.lean else "",
                                         f"flags {'/'.join(r.flags)}" if r.flags else "") if x)
            src = "" if r.shipped else " [imported]"
            lines.append(f"    - {r.rater}, {r.date}{src}: \"{r.label}\"" + (f" → {axes}" if axes else ""))
            if r.rationale_url:
                lines.append(f"      rationale: {r.rationale_url}")
            if r.matched != card.domain:
                lines.append(f"      (rating of {r.matched})")
    for n in card.notes:
        if card.ratings or not n.startswith("no rater"):
            lines.append(f"  Note: {n}")
    return "\n".join(lines) + "\n"


__all__ = ["cmd_outlet", "cmd_outlets", "format_card"]
