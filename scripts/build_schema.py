"""Write the shipped JSON Schema of the current version from the typed summary and finding-attrs classes.

    python scripts/build_schema.py            # (re)writes src/presslens/dossier/schemas/dossier-<version>.json

The base is the current version's file when it exists, else the newest older version; everything but the
``summaries`` part, the finding ``attrs`` rules, the version and the generated ``$defs`` (``summary.*`` from
:mod:`presslens.dossier.summaries`, ``attrs.*`` from :mod:`presslens.dossier.attrs`) is kept as is. Bump ``SCHEMA_VERSION`` and log the
change in docs/schema.md whenever the output changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from presslens.dossier.model import SCHEMA_VERSION
from presslens.dossier.schema import build_schema

SCHEMAS = Path(__file__).resolve().parents[1] / "src" / "presslens" / "dossier" / "schemas"


def _version_key(p: Path) -> tuple[int, ...]:
    return tuple(int(x) for x in p.stem.removeprefix("dossier-").split("."))


def main() -> None:
    target = SCHEMAS / f"dossier-{SCHEMA_VERSION}.json"
    base = target if target.exists() else max(SCHEMAS.glob("dossier-*.json"), key=_version_key)
    schema = build_schema(json.loads(base.read_text(encoding="utf-8")))
    target.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target} (base {base.name})")


if __name__ == "__main__":
    main()
