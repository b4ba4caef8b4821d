"""What a count or percentage counts: the noun phrase from the dependency parse, or a tag-based fallback."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from ..nlp import ParsedSentence
from .scan import Quantity
from .units import (
    _BLOCKED_DEPS,
    _NOUN_TAGS,
    _NP_TAGS,
    _RIGHT_DEPS,
    TIME_UNITS,
)


def _collect(tok: Token, blocked: set[int], top: bool, base: int) -> set[int]:
    """Token indices (base-doc numbering) of ``tok`` and the descendants that describe what is counted."""
    got = {base + tok.i}
    kids = list(tok.children)
    for c in kids:
        if c.i < tok.i:
            if not top:
                got |= {base + t.i for t in c.subtree if base + t.i not in blocked}
            continue
        if top and c.dep_ not in _RIGHT_DEPS:
            continue
        if top and c.dep_ == "prep" and c.lower_ != "of":
            continue
        if not top and c.dep_ in _BLOCKED_DEPS:
            continue
        if base + c.i in blocked:
            continue
        if c.dep_ == "cc":
            sib = [s for s in kids if s.dep_ == "conj" and s.i > c.i]
            if not sib or any(any(base + t.i in blocked for t in s.subtree) for s in sib):
                continue
        got |= _collect(c, blocked, False, base)
    return got


def _noun_head(tok: Token) -> Token | None:
    """The noun a number token modifies (through nummod/quantmod/compound links), else None."""
    h = tok
    for _ in range(3):
        if h.dep_ not in ("nummod", "quantmod", "compound", "amod", "nmod", "advmod", "conj") or h.head is h:
            break
        if h.dep_ == "conj" and h.head.tag_ != "CD":
            break
        h = h.head
        if h.pos_ in ("NOUN", "PROPN"):
            return h if h.i > tok.i else None
    return None


def _of_object(toks: Iterable[Token]) -> Token | None:
    """The object of an "of" attached to any of ``toks`` ("hundreds of people", "42% of voters")."""
    for tok in toks:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of" and c.i > tok.i:
                for g in c.children:
                    if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN"):
                        return g
    return None


def _counted_from_parse(q: Quantity, ps: ParsedSentence, sent: Span, blocked: set[int]) -> None:
    base = sent.start
    pspan = ps.span
    core = pspan[q.core_last - base]
    head: Token | None = None
    left = q.tok_end - base
    via_of = False
    own = [pspan[k - base] for k in range(q.tok_start, q.tok_end)]
    if q.kind in ("percent", "measure"):
        head = _of_object(own)
        via_of = head is not None
    else:
        head = _noun_head(core)
        if head is None and q.low_last is not None and q.low_last != q.core_last:
            head = _noun_head(pspan[q.low_last - base])
        if head is None:
            head = _of_object(own)
            via_of = head is not None
    if head is None or (base + head.i) in blocked or head.lower_ in TIME_UNITS:
        return
    if via_of:
        lefts = [t for t in head.lefts if t.dep_ in ("amod", "compound", "nmod", "poss", "nummod", "case")
                 and not any(base + x.i in blocked for x in t.subtree)]
        left = min([t.left_edge.i for t in lefts] + [head.i])
        while left < head.i and pspan[left].tag_ in ("DT", "PRP$") and pspan[left].dep_ == "det":
            left += 1
    if left > head.i:
        return
    idx = _collect(head, blocked, True, base)
    end = base + head.i
    while end + 1 in idx:
        end += 1
    # trim trailing function words
    while end > base + head.i and pspan[end - base].tag_ in ("CC", ",", "DT", "IN", "WDT", "WP", "TO", "HYPH", ":"):
        end -= 1
    if end - (base + left) > 8:  # long clauses are not part of the name of what is counted
        end = base + head.i
    first, last = pspan[left], pspan[end - base]
    q.counted_span = (ps.start(first), ps.end(last))
    q.counted = pspan[left : end - base + 1].text


def _counted_fallback(q: Quantity, doc: Doc, sent: Span, blocked: set[int]) -> None:
    """Tag-based counted phrase: the run of adjectives and nouns after the number, ending in a noun."""
    k = q.tok_end
    if q.kind in ("percent", "measure") and not (k < sent.end and doc[k].lower_ == "of"):
        return
    if k < sent.end and doc[k].lower_ == "of":
        k += 1
        while k < sent.end and doc[k].tag_ in ("DT", "PRP$"):
            k += 1
    start = k
    last_noun = None
    while k < sent.end and doc[k].tag_ in _NP_TAGS and k not in blocked:
        if doc[k].tag_ == "CD":
            break
        if doc[k].tag_ in _NOUN_TAGS:
            last_noun = k
        elif last_noun is not None and doc[k].tag_ in ("VBG", "VBN"):
            break
        k += 1
    if last_noun is None or doc[last_noun].lower_ in TIME_UNITS:
        return
    q.counted_span = (doc[start].idx, doc[last_noun].idx + len(doc[last_noun].text))
    q.counted = doc[start : last_noun + 1].text


def _tok_after_char(doc: Doc, sent: Span, char: int) -> int | None:
    for t in sent:
        if t.idx >= char:
            return t.i
    return None
