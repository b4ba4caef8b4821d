"""Indirect quotes: the reported content of a cue verb outside quotation marks.

For each cue verb the content is its clausal complement (``X said (that) …``, ``X told reporters …``), the
clause a post-posed or parenthetical cue attaches to (``…, X added.``, ``The argument, Devine said, would …``,
``as X put it``), the infinitive of a commitment (``vowed to …``); ``according to X`` takes the rest of the
sentence (both sides when it sits in the middle). Participles inherit the subject (``…, adding that …``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..dossier.attrs import QuoteCue
from ..nlp import NLPDoc, ParsedSentence
from ..text.quotemarks import QuoteRegion
from ..text.spans import SpanIndex
from .lexicon import (
    COMMIT_LEMMAS,
    DIRECT_ONLY_LEMMAS,
    EVIDENCE_LEMMAS,
    SPEECH_LEMMAS,
)
from .mentions import (
    EVIDENCE_SUBJECTS,
    MentionReader,
    RawQuote,
    _is_cue,
    _source_like,
    _trim,
    cue_class,
)

_DATELINE_RE = re.compile(r"[A-Z][A-Z .,'’-]{2,}(?:\([^)]{1,40}\))?\s*[-—–]+\s*")

#: "according to which/what/whether …" introduces a clause, never a source.
_WH_WORDS = frozenset("which what whether how who whom whose where when why".split())


class IndirectReader(MentionReader):
    """Reported speech around cue verbs (mixin of :class:`presslens.attribution.quotes.QuoteExtractor`)."""

    nlp: NLPDoc
    regions: list[QuoteRegion]
    _region_index: SpanIndex[QuoteRegion]

    if TYPE_CHECKING:  # provided by QuoteExtractor, the class this mixin is part of
        def _ptok(self, si: int, tok: Token) -> tuple[ParsedSentence, Token]: ...
        def _para_of(self, pos: int) -> tuple[int, int]: ...

    # -- indirect quotes -------------------------------------------------------------------------------
    def _indirect(self, si: int, tok: Token) -> RawQuote | None:
        text = self.text
        ps, pv = self._ptok(si, tok)
        sent = ps.span
        if pv.lower_ == "according":
            return self._according(si, ps, pv)
        content: list[Token] = []
        comps = [c for c in pv.children if c.dep_ == "ccomp"]
        nxt = pv.doc[pv.i + 1] if pv.i + 1 < len(pv.doc) else None
        tail: list[Token] = []
        if comps and all(c.i < pv.i for c in comps) and nxt is not None and nxt.text == "," and nxt.i + 1 < sent.end:
            # "The argument would be aided, Devine said, by the calendar": the content resumes after the cue
            tail = list(pv.doc[nxt.i + 1:sent.end])
            if any(t.tag_ == "VBG" and t.lemma_.lower() in SPEECH_LEMMAS for t in tail):
                tail = []
        questions = [c for c in pv.children if c.dep_ in ("ccomp", "advcl") and c.i > pv.i and (
            any(m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)
            or c.left_edge.lower_ in ("how", "what", "why", "when", "where", "who", "which"))]
        if pv.lemma_.lower() == "ask" and pv.tag_ != "VBN" and questions and not tail:
            comps = questions  # "X asked Y whether/if/why …": an indirect question
        elif pv.lemma_.lower() in DIRECT_ONLY_LEMMAS and (
            any(c.i > pv.i and c.dep_ in ("ccomp", "xcomp", "dobj", "prep") for c in pv.children)
            or pv.head.i > pv.i
        ):
            return None  # "continued to fight", "asked for": only the postposed "…, he continued." cues
        if comps:
            for c in comps:
                content.extend(c.subtree)
            content.extend(tail)
        elif pv.dep_ == "parataxis" and pv.head.i > pv.i and pv.head.pos_ in ("VERB", "AUX"):
            # "Greensboro, Sexton said, made him …": the clause the cue interrupts (a lone adverb such as
            # "Instead," before the cue is left out)
            sub = {t.i for t in pv.subtree}
            content = [t for t in pv.head.subtree if t.i > max(sub)]
            left = [t for t in pv.head.subtree if t.i < min(sub)]
            if any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in left):
                content = left + content
        elif pv.dep_ in ("parataxis", "ccomp", "advcl", "conj") and pv.head.i < pv.i and pv.head.pos_ in (
            "VERB", "AUX"
        ) and not _is_cue(pv.head, direct=False):
            # "…, X added." / "…, as X put it": the clause before the cue's own subtree; a parenthetical
            # cue ("At one point, she said, she was …") takes the clause on both sides
            sub = {t.i for t in pv.subtree}
            first_i, last_i = min(sub), max(sub)
            content = [t for t in pv.head.subtree if t.i < first_i]
            after = [t for t in pv.head.subtree if t.i > last_i]
            if content and sum(not t.is_punct for t in after) >= 2:
                content = content + after
        elif pv.dep_ == "ROOT" and any(c.dep_ in ("parataxis",) and c.i < pv.i for c in pv.children):
            head = next(c for c in pv.children if c.dep_ == "parataxis" and c.i < pv.i)
            content = list(head.subtree)
        lemma = pv.lemma_.lower()
        if lemma in EVIDENCE_LEMMAS and lemma not in SPEECH_LEMMAS and not comps:
            subj = self._subject(pv)
            if subj is None or subj.lemma_.lower() not in EVIDENCE_SUBJECTS or pv.i + 1 >= sent.end:
                return None  # "records show that …" only with a clause, unless a poll or study shows
            # "A new poll showed Trump leading Cruz": what the poll/study/record shows
            content = [t for t in pv.subtree if t.i > pv.i]
        if not content and lemma in COMMIT_LEMMAS:
            xcomps = [c for c in pv.children if c.dep_ == "xcomp" and c.i > pv.i]
            if xcomps:  # "vowed to fight on", "urged Congress to act"
                content = list(xcomps[0].subtree)
        if not content:
            return None
        if pv.i in {t.i for t in content}:
            return None
        lo = min(t.i for t in content)
        hi = max(t.i for t in content)
        start, end = ps.start(sent[lo - sent.start]), ps.end(sent[hi - sent.start])
        start, end = self._clip_quotes(start, end)
        start, end = _trim(text, start, end, keep_period=self._ends_in_quote(end))
        if len(text[start:end].split()) < 3:
            return None
        mention = self._speaker(ps, pv)
        if mention is not None and any(c.dep_ == "nsubjpass" for c in pv.children) and lemma in COMMIT_LEMMAS:
            mention = None  # "Clinton has been asked to …": the subject is the addressee
        if mention is not None and mention.head_lower == "it" and any(
            c.dep_ == "nsubjpass" and c.lower_ == "it" for c in pv.children
        ):
            mention = None  # "it was confirmed that …": an impersonal passive, no speaker
        if mention is None and pv.tag_ not in ("VBN", "VBG"):
            return None
        if mention is not None and cue_class(pv) != "speech" and not _source_like(mention):
            return None  # "the deadlock suggests that …": an inanimate subject of a non-speech verb
        regs = self._region_index.inside(start, end)
        qtype = "mixed" if regs else "indirect"
        if len(regs) == 1 and (regs[0].start, regs[0].end) == (start, end):
            qtype = "direct"
        score = 0.75 if lemma in SPEECH_LEMMAS and lemma not in COMMIT_LEMMAS else 0.5
        return RawQuote(start, end, qtype, self._cue_of(ps, pv), mention, score, "complement",
                        regions=[(r.start, r.end) for r in regs])

    def _according(self, si: int, ps: ParsedSentence, pv: Token) -> RawQuote | None:
        text = self.text
        sent = ps.span
        to = pv.doc[pv.i + 1]
        # the source: tokens after "to" up to punctuation
        j = to.i + 1
        src: list[Token] = []
        while j < sent.end and not (sent.doc[j].is_punct and sent.doc[j].text not in ".'’&-"):
            src.append(sent.doc[j])
            j += 1
        if not src or src[0].lower_ in _WH_WORDS:
            return None  # "varies according to which office you ask": a relative clause, not a source
        s_start, s_end = ps.start(pv), ps.end(src[-1])
        before = _trim(text, ps.start(sent[0]), s_start)
        after = _trim(text, s_end, ps.end(sent[-1]), keep_period=False)
        if len(text[before[0]:before[1]].split()) >= 2 and len(text[after[0]:after[1]].split()) >= 2:
            start, end = before[0], after[1]  # "That's bad, according to Rubio, because …"
        else:
            start, end = before if before[1] - before[0] >= after[1] - after[0] else after
        start, end = self._clip_quotes(start, end)
        if len(text[start:end].split()) < 3:
            return None
        head = max(src, key=lambda t: len(list(t.subtree)))
        mention = self._mention(ps, head, restrict=(src[0].i, src[-1].i))
        cue = QuoteCue(ps.start(pv), ps.end(to), text[ps.start(pv):ps.end(to)], "according to", "according")
        regs = self._region_index.inside(start, end)
        return RawQuote(start, end, "mixed" if regs else "indirect", cue, mention, 0.75, "according",
                        regions=[(r.start, r.end) for r in regs])

    def _clip_quotes(self, start: int, end: int) -> tuple[int, int]:
        """Do not cut a quoted region in half: extend the span to cover a closed region it partly overlaps
        within the same paragraph; a dateline ("WASHINGTON (Reuters) - ") never opens a content."""
        pa, pb = self._para_of(start)
        for r in self._region_index.overlapping(start, end):
            if not r.closed or r.start < pa or r.end > pb:
                continue
            if r.start < start < r.end and end > r.end:
                start = r.start
            if r.start < end < r.end and start < r.start:
                end = r.end
        m = _DATELINE_RE.match(self.text, start, end)
        if m and m.end() < end:
            start = m.end()
        return start, end

    def _ends_in_quote(self, end: int) -> bool:
        return end > 0 and self.text[end - 1] in "”\"’'»"

