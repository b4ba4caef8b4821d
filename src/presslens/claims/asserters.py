"""Who asserts a quantity or claim: the speaker of the quote that contains it (from ``presslens.quotes.v1``)."""

from __future__ import annotations

from collections.abc import Sequence

from ..analyzers.base import Context


def asserter_index(ctx: Context) -> list[tuple[int, int, int, int, str | None, str | None]]:
    """Quote spans from the attribution analyzer: (start, end, sentence start, sentence end, name, speaker id).

    Empty when ``presslens.quotes.v1`` did not run: the asserter is then left empty, never guessed.
    """
    res = ctx.results.get("presslens.quotes.v1")
    if res is None:
        return []
    names: dict[str, str] = {}
    for f in res.findings:
        if f.label == "attribution.speaker":
            name = f.attrs.get("name") or f.text
            for key in (f.id, f.attrs.get("speaker_id"), f.attrs.get("id"), f.attrs.get("entity_id")):
                if key:
                    names.setdefault(str(key), str(name))
    out = []
    for f in res.findings:
        if f.label == "attribution.speaker" or ("speaker_id" not in f.attrs and "speaker" not in f.attrs):
            continue
        sid = f.attrs.get("speaker_id")
        name = names.get(str(sid)) if sid is not None else None
        if name is None and isinstance(f.attrs.get("speaker"), str):
            name = f.attrs["speaker"]
        if name is None and isinstance(f.attrs.get("speaker_name"), str):
            name = f.attrs["speaker_name"]
        i = ctx.nlp.sentence_index(f.start)
        j = ctx.nlp.sentence_index(max(f.start, f.end - 1))
        sents = ctx.nlp.sents
        out.append((f.start, f.end, sents[i].start_char, sents[j].end_char, name, str(sid) if sid else None))
    return out


def find_asserter(index: Sequence[tuple[int, int, int, int, str | None, str | None]], start: int, end: int
                  ) -> tuple[str | None, str | None]:
    """The speaker of the quote containing ``start..end``; else of a quote in the same sentence(s)."""
    for qs, qe, _, _, name, sid in index:
        if qs <= start and end <= qe and name:
            return name, sid
    for _, _, ss, se, name, sid in index:
        if ss <= start and end <= se and name:
            return name, sid
    return None, None
