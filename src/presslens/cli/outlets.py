"""``presslens outlet DOMAIN_OR_NAME`` and ``presslens outlets import|remove|raters`` (the outlet registry).

Cheap to import: the registry is opened inside ``run``.
"""

from __future__ import annotations

import argparse

from ._base import Command, Namespace

_USER_HELP = ("user registry to read (default: $PRESSLENS_OUTLETS_DB, else ~/.local/share/presslens/"
              "user_outlets.sqlite when it exists)")


def _add_outlet_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="DOMAIN_OR_NAME", help="e.g. rt.com, https://www.bbc.co.uk/news, 'Russia Insider'")
    p.add_argument("--json", action="store_true", help="print the card as JSON")
    p.add_argument("--user-registry", metavar="FILE", help=_USER_HELP)


def _add_outlets_arguments(p: argparse.ArgumentParser) -> None:
    osub = p.add_subparsers(dest="outlets_command", metavar="ACTION")
    imp = osub.add_parser("import", help="import a rating CSV under a rater name",
                          description="Import a rating CSV (e.g. an MBFC or NewsGuard export you hold a licence for).")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--rater", required=True, help="rater name shown on every card, e.g. 'MBFC'")
    imp.add_argument("--date", required=True, help="date or snapshot of the ratings (YYYY, YYYY-MM or YYYY-MM-DD)")
    imp.add_argument("--column-map", required=True, metavar="KEY=COL,...",
                     help="which column holds what: domain (required), name, factual, lean, flags, url, date, label")
    imp.add_argument("--licence", default="", help="licence or terms of the data (shown on cards)")
    imp.add_argument("--url", default="", help="the rater's home or methodology page")
    imp.add_argument("--scale", metavar="LO,HI", help="range of a numeric factual column (default: detected)")
    rem = osub.add_parser("remove", help="remove an imported rater")
    rem.add_argument("rater")
    raters = osub.add_parser("raters", help="list shipped and imported raters with licence and date")
    for q in (imp, rem, raters):
        q.add_argument("--user-registry", metavar="FILE", help="user registry file (default as for `presslens outlet`)")


def run_outlet(args: Namespace) -> int:
    from ..provenance.cli import cmd_outlet

    return cmd_outlet(args)


def run_outlets(args: Namespace) -> int:
    from ..provenance.cli import cmd_outlets

    return cmd_outlets(args)


COMMANDS = [
    Command("outlet", "print an outlet's card: raters, state affiliation, look-alike warnings", _add_outlet_arguments,
            run_outlet, description="Print what the outlet registry knows about a domain, URL or outlet name.",
            epilog="examples:\n  presslens outlet rt.com\n  presslens outlet 'Russia Insider' --json\n"
                   "  presslens outlet reuters-news.co"),
    Command("outlets", "manage the user outlet registry (import rating CSVs you hold)", _add_outlets_arguments,
            run_outlets, description="Manage the user outlet registry that sits beside the shipped one."),
]
