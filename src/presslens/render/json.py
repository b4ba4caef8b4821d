"""JSON output: one dossier → one JSON object; several → JSON Lines (failures as ``{"failure": …}``)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..dossier.model import Dossier, Failure
from ..registry import renderers


@renderers.register("json", "application/json")
def render_json(dossiers: Sequence[Dossier], failures: Sequence[Failure] = (), *, include_text: bool = True,
                lines: bool | None = None) -> str:
    """Serialise dossiers. ``lines=None`` picks a pretty object for exactly one dossier and no failures,
    JSON Lines otherwise."""
    if lines is None:
        lines = not (len(dossiers) == 1 and not failures)
    if not lines:
        return json.dumps(dossiers[0].to_dict(include_text), ensure_ascii=False, indent=2) + "\n"
    out = [json.dumps(d.to_dict(include_text), ensure_ascii=False) for d in dossiers]
    out += [json.dumps({"failure": f.to_dict()}, ensure_ascii=False) for f in failures]
    return "\n".join(out) + ("\n" if out else "")
