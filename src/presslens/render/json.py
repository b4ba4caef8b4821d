"""JSON output: one dossier → one JSON object; several → JSON Lines (failures as ``{"failure": …}``)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from typing import TextIO

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
    out = [json_line(d, include_text) for d in dossiers] + [json_line(f) for f in failures]
    return "\n".join(out) + ("\n" if out else "")


def json_line(item: Dossier | Failure, include_text: bool = True) -> str:
    """One JSON Lines record: a dossier object, or ``{"failure": {...}}`` for an input that failed."""
    if isinstance(item, Failure):
        return json.dumps({"failure": item.to_dict()}, ensure_ascii=False)
    return json.dumps(item.to_dict(include_text), ensure_ascii=False)


def stream_json(items: Iterable[Dossier | Failure], out: TextIO, include_text: bool = True) -> None:
    """Write items as they come: a pretty object when the stream holds exactly one dossier, JSON Lines
    otherwise (so a corpus of millions never sits in memory)."""
    it = iter(items)
    head = list(itertools.islice(it, 2))
    if len(head) == 1 and isinstance(head[0], Dossier):
        out.write(render_json(head, include_text=include_text))
        return
    for item in itertools.chain(head, it):
        out.write(json_line(item, include_text) + "\n")
