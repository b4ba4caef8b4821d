"""``presslens analyzers`` and ``presslens schema``: what is installed and what a dossier looks like.

Neither loads a language model.
"""

from __future__ import annotations

import argparse
import json

from ._base import Command, Namespace


def _add_analyzers_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def run_analyzers(args: Namespace) -> int:
    from ..registry import analyzers

    infos = []
    for name in analyzers.names():
        try:
            infos.append(analyzers.info(name))
        except Exception as exc:  # a broken plugin must not hide the others
            infos.append({"name": name, "error": f"{type(exc).__name__}: {exc}"})
    if args.json:
        print(json.dumps(infos, indent=2))
        return 0
    for i in infos:
        if "error" in i:
            print(f"{i['name']}\n    cannot be loaded: {i['error']}")
            continue
        print(f"{i['name']}  [{i['capability']}]  {i['description']}")
        print(f"    requires: {', '.join(i['requires']) or '-'}   languages: {', '.join(i['languages'] or ['any'])}")
        print(f"    produces: {', '.join(i['produces'])}")
        if i.get("encoder_profiles"):
            print(f"    uses the shared encoder (presslens.encoders) under profile: {', '.join(i['encoder_profiles'])}")
        for m in i.get("models", []):
            print(f"    model {m['name']}: {m['terms']} (card: {m['card']})")
    return 0


def run_schema(args: Namespace) -> int:
    from ..dossier.schema import load_schema

    print(json.dumps(load_schema(), indent=2))
    return 0


COMMANDS = [
    Command("analyzers", "list the registered analyzers", _add_analyzers_arguments, run_analyzers,
            description="List registered analyzers with what they need and produce."),
    Command("schema", "print the dossier JSON Schema", lambda p: None, run_schema,
            description="Print the JSON Schema of dossiers."),
]
