"""Quotation extraction: direct, indirect and mixed quotes with their cue and speaker mention.

How it works (rules over the shared NLP document; the dependency parse is requested only for sentences
that need it: a quotation mark next to a speech verb whose speaker is not a plain noun phrase, or a speech,
belief, evidence or commitment verb outside quotation marks, or "according to"):

1. **Direct quotes** start from the quoted regions of :mod:`presslens.text.quotemarks`. A region is
   attributed by a speech verb in its *frame*: the rest of the sentence after the closing mark
   (``“…,” he said`` / ``“…,” said X``; the quote must end in ``, ? ! . —`` or the frame start with a
   comma, and must not be embedded in running text) or before the opening mark (``X said: “…”`` /
   ``fans chanted, “…”``). A plain trailing frame (a short noun phrase next to the cue, no comma) is read
   from the tokens without a parse. Split quotes (``“…,” he said, “…”``) give two quotes sharing one cue.
   A quote with no cue that fills its sentences continues the speaker of the quote just before it (any
   type) when that one sits in the same or the preceding paragraph, or takes the speaker of a preceding
   ``X said:`` sentence; a long sentence-like quote without either is kept with no speaker. Short quoted
   words without a cue are not quotes (scare quotes, titles): inside reported speech they make it *mixed*.
   A naming verb just before the opening mark (``called the bill “a disaster”``, ``described it as “…”``)
   attributes the quoted words to its subject. Transcript turns and colon headlines (``TAPPER: …``,
   ``Graham: …``) are quotes of the name before the colon (no parse).
2. **Indirect quotes**: for each cue verb outside quotation marks, the content is its clausal complement
   (``X said (that) …``, ``X told reporters …``), the clause a post-posed or parenthetical cue attaches to
   (``…, X added.``, ``The argument, Devine said, would …``, ``as X put it``), the infinitive of a
   commitment (``vowed to …``); ``according to X`` takes the rest of the sentence (both sides when it sits
   in the middle). Participles inherit the subject (``…, adding that …``). Each cue carries a class:
   speech, according, belief, evidence or commitment.
3. **Speaker mentions** are the subject of the cue (a relative pronoun is replaced by its antecedent; an
   inverted ``said Trump`` uses the object); the mention keeps its full noun phrase, appositions (role),
   premodifying titles, organisations and country words for :mod:`presslens.attribution.speakers`.
"""


from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Callable

from spacy.tokens import Token

from ..dossier.attrs import QuoteCue
from ..nlp import NLPDoc, ParsedSentence
from ..text.quotemarks import QuoteRegion, find_quote_regions
from ..text.spans import SpanIndex
from .indirect import IndirectReader
from .lexicon import (
    COGNITION_LEMMAS,
    COMMIT_LEMMAS,
    EVIDENCE_LEMMAS,
    SPEECH_LEMMAS,
    TITLES,
)
from .mentions import (
    Mention,
    RawQuote,
    _is_cue,
    _source_like,
    _tokens,
    _trim,
    _worth_parsing,
)

_END_PUNCT = ",?!.—–-…:;"
_TURN_RE = re.compile(r"[“\"]?\s*(?P<name>(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)\s*(?:\([^)]{1,30}\))?\s*(?P<colon>:)\s+(?=\S)")
_NOT_NAME_POS = frozenset("VERB AUX ADJ ADV ADP DET PRON INTJ SCONJ CCONJ PART NUM".split())
#: Words that open a "Label: …" paragraph that is no transcript turn or headline quote.
_TURN_STOP = frozenset("""update updated note editor editors editor's correction watch read related photo photos video
    image images source sources credit credits click share tags tag topics advertisement breaking exclusive warning
    transcript disclosure more also see listen via subscribe follow sign contact email posted published
    filed the a an in on at for to of and but or this that these those it its his her their our my your
    q a monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december step part chapter question answer why what how who when where
    bottom line here there boom wow poll polls report reports opinion analysis editorial commentary review live
    factbox explainer timeline fact check""".split())
#: Verbs that name or label something with quoted words ("called it “a disaster”"); ``NAMING_AS`` need "as".
NAMING_LEMMAS = frozenset("call dub label term brand nickname describe characterize characterise deride hail".split())
NAMING_AS = frozenset("describe characterize characterise deride hail".split())
_NAMING_PARTICLES = frozenset("for on off up out in back into upon".split())
_DATELINE_RE = re.compile(r"[A-Z][A-Z .,'’-]{2,}(?:\([^)]{1,40}\))?\s*[-—–]+\s*")


_INDIRECT_LEMMAS = SPEECH_LEMMAS | COGNITION_LEMMAS | EVIDENCE_LEMMAS | COMMIT_LEMMAS


def _maybe_indirect(nlp: NLPDoc) -> list[int]:
    """Indices of the tokens that can open indirect speech: "according (to)", "put (it)" or a verb tag with a
    cue lemma (what ``_is_cue(tok, False)`` needs before anything else). Read from the document's token columns
    instead of a token object per word; :meth:`QuoteExtractor.extract` applies the full test to these only."""
    cols = nlp.columns
    return [i for i, (low, tag, lemma) in enumerate(zip(cols.lower, cols.tag, cols.lemma, strict=True))
            if low in ("according", "put") or (tag.startswith("VB") and lemma.lower() in _INDIRECT_LEMMAS)]


class QuoteExtractor(IndirectReader):
    """Extract quotes from one NLP document (see the module docstring for the rules)."""

    def __init__(self, nlp: NLPDoc, check: Callable[[], None] | None = None) -> None:
        #: called once per sentence: the pipeline's time-budget checkpoint (``Context.check_time``)
        self.check = check or _no_check
        self.nlp = nlp
        self.text = nlp.article.text
        self.sents = nlp.sents
        self.regions = find_quote_regions(self.text)
        self._region_starts = [r.start for r in self.regions]
        self._parsed: dict[int, ParsedSentence] = {}
        self._simple: dict[int, list[Token]] = {}
        self._ents = [(e.start_char, e.end_char, e.label_) for e in nlp.ents]
        # position indexes: per-quote look-ups must not scan the whole article (linear cost overall)
        self._region_index = SpanIndex(self.regions, span=lambda r: (r.start, r.end))
        self._ent_index = SpanIndex(self._ents, span=lambda e: (e[0], e[1]))
        self._word_counts: Counter[str] | None = None

    # -- helpers -------------------------------------------------------------------------------------
    def _in_region(self, pos: int) -> QuoteRegion | None:
        i = bisect.bisect_right(self._region_starts, pos) - 1
        if i >= 0 and self.regions[i].start <= pos < self.regions[i].end:
            return self.regions[i]
        return None

    def _sent_of(self, pos: int) -> int:
        return self.nlp.sentence_index(pos)

    def _para_of(self, pos: int) -> tuple[int, int]:
        a = self.text.rfind("\n", 0, pos) + 1
        b = self.text.find("\n", pos)
        return a, (len(self.text) if b < 0 else b)

    def _ptok(self, si: int, tok: Token) -> tuple[ParsedSentence, Token]:
        ps = self._parsed[si]
        return ps, ps.span[tok.i - self.sents[si].start]

    # -- main ------------------------------------------------------------------------------------------
    def extract(self) -> list[RawQuote]:
        text = self.text
        frames: list[tuple[QuoteRegion, str, int, Token | None]] = []
        bounds: dict[int, tuple[int, int]] = {}
        need: set[int] = set()
        for k, reg in enumerate(self.regions):
            prev_end = self.regions[k - 1].end if k else 0
            nxt_start = self.regions[k + 1].start if k + 1 < len(self.regions) else len(text)
            how, si, cue = self._frame(reg, prev_end, nxt_start)
            bounds[reg.start] = (prev_end, nxt_start)
            frames.append((reg, how, si, cue))
            if cue is not None:
                simple = self._simple_speaker(reg, cue, si) if how == "trailing" else None
                if simple is not None:  # “…,” he said. / “…,” said Jane Smith. — no parse needed
                    self._simple[reg.start] = simple
                else:
                    need.add(si)
        cue_ids = {(si, c.i) for _, _, si, c in frames if c is not None}
        indirect_cands: list[tuple[int, Token]] = []
        maybe = _maybe_indirect(self.nlp)
        doc = self.nlp.doc
        for si, sent in enumerate(self.sents):
            self.check()
            for i in maybe[bisect.bisect_left(maybe, sent.start) : bisect.bisect_left(maybe, sent.end)]:
                tok = doc[i]
                if (si, tok.i) in cue_ids or self._in_region(tok.idx):
                    continue
                low = tok.lower_
                nxt = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
                if (low == "according" and nxt == "to") or (low == "put" and nxt == "it") or (
                    _is_cue(tok, False) and _worth_parsing(tok, sent)
                ):
                    indirect_cands.append((si, tok))
                    need.add(si)
        if need:
            order = sorted(need)
            for si, ps in zip(order, self.nlp.parse([self.sents[i] for i in order]), strict=True):
                self._parsed[si] = ps

        quotes: list[RawQuote] = []
        for reg, how, si, cue in frames:
            self.check()
            q = self._direct(reg, how, si, cue, bounds[reg.start])
            if q is not None:
                quotes.append(q)
        direct_spans = [(q.start, q.end) for q in quotes]
        for si, tok in indirect_cands:
            self.check()
            q = self._indirect(si, tok)
            if q is None:
                continue
            # content inside, or swallowing, a direct quote attributed elsewhere is no reported speech
            if any(a < q.end and q.start < b for a, b in direct_spans):
                continue
            quotes.append(q)
        turns = self._turns()
        if turns:  # a turn replaces the cue-less quotes inside it ("TAPPER: … “…” …")
            quotes = [q for q in quotes if not (q.cue is None and any(
                t.start < q.end and q.start < t.end for t in turns))]
            quotes = [q for q in quotes if not any(q.start == t.start and q.end == t.end for t in turns)] + turns
            for q in quotes:  # "FALLIN: I think …": the first person of a turn is its speaker
                if q.how != "turn" and q.mention is not None and q.mention.head_lower in ("i", "we"):
                    t = next((t for t in turns if t.start <= q.mention.start < t.end), None)
                    if t is not None:
                        q.mention = t.mention
        quotes.sort(key=lambda q: (q.start, q.end))
        return self._link_continuations(quotes)

    # -- transcript turns and colon headlines --------------------------------------------------------------
    def _turns(self) -> list[RawQuote]:
        """``SEN. BERNIE SANDERS: …`` / ``Graham: Trump's rhetoric …``: a paragraph opening with a short name
        and a colon is a quote of that name. The name must be a person/organisation entity, all capitals
        (transcripts) or a word named elsewhere in the article; in a transcript (three turns or more) a turn
        runs on over the following paragraphs up to the next turn or a stage direction ("(END VIDEO CLIP)")."""
        text = self.text
        found: list[tuple[int, int, int, int, int]] = []  # name start/end, colon, content start/para end
        pos = 0
        for para in text.split("\n"):
            a, pos = pos, pos + len(para) + 1
            m = _TURN_RE.match(para)
            if m is None:
                continue
            name = m.group("name")
            words = name.replace(".", ". ").split()
            if words[0].lower().strip(".") in _TURN_STOP or any(w.lower().strip(".") in _TURN_STOP for w in words):
                continue
            ns, ne = a + m.start("name"), a + m.end("name")
            cs = a + m.end()
            rest = text[cs:a + len(para)]
            if len(rest.split()) < 3 or (rest.count(",") >= 3 and sum(
                w[:1].isupper() for w in rest.split()
            ) > 0.7 * len(rest.split())):
                continue  # "Iowa: Tim Albrecht, Brad Anderson, …": a list, not words of a speaker
            upper = name.upper() == name and sum(c.isalpha() for c in name) >= 2
            ent = self._ent_label(ns, ne)
            last = re.sub(r"[\W_]+", "", words[-1])
            elsewhere = len(last) > 2 and self._named_elsewhere(last[0].upper() + last[1:], para)
            if not (upper or ent in ("PERSON", "ORG") or elsewhere):
                continue
            span = self.nlp.doc.char_span(a + m.start("name"), a + m.end("name"), alignment_mode="expand")
            if span is None or not len(span) or (not upper and span[-1].pos_ in _NOT_NAME_POS):
                continue  # "Confirmed: …", "Breaking: …": a label, not a name
            if not upper and (rest.rstrip().endswith("?") or (a > 0 and len(rest.split()) < 5)):
                continue  # "Cruz: conservative or career politician?", "Sanders: Win in a walk." (labels)
            found.append((ns, ne, a + m.start("colon"), cs, a + len(para)))
        transcript = len(found) >= 3
        out: list[RawQuote] = []
        for k, (ns, ne, colon, cs, pe) in enumerate(found):
            end = pe
            if transcript:
                stop = found[k + 1][0] if k + 1 < len(found) else pe
                j = pe
                while j < stop:  # following paragraphs up to the next turn or a stage direction
                    nb = text.find("\n", j + 1)
                    nb = stop if nb < 0 or nb > stop else nb
                    chunk = text[j:nb].strip()
                    if chunk[:1] in "([" or k + 1 == len(found):
                        break
                    if chunk:
                        end = nb
                    j = nb
            start, end = _trim(text, cs, end, keep_period=True)
            if end - start < 8:
                continue
            span = self.nlp.doc.char_span(ns, ne, alignment_mode="expand")
            if span is None:
                continue
            mention = self._mention_tokens(list(span))
            upper = text[ns:ne].isupper()
            if mention.ent_label not in ("ORG", "GPE", "NORP") or (transcript and upper):  # "FALLIN:" is a person
                mention.ent_label = "PERSON"
                nm = mention.name or " ".join(w for w in text[ns:ne].split() if w.lower() not in TITLES)
                mention.name = nm.title() if nm.isupper() else nm
            regs = self._region_index.inside(start, end)
            cue = QuoteCue(colon, colon + 1, ":", ":", "speech")
            qtype = "mixed" if regs else "indirect"
            if len(regs) == 1 and (regs[0].start, regs[0].end) == (start, end):
                qtype = "direct"
            out.append(RawQuote(start, end, qtype, cue, mention, 0.7, "turn",
                                regions=[(r.start, r.end) for r in regs]))
        return out

    def _named_elsewhere(self, word: str, para: str) -> bool:
        """Whether ``word`` (letters and digits) occurs as a whole word outside the paragraph ``para``."""
        if self._word_counts is None:
            self._word_counts = Counter(re.findall(r"\w+", self.text))
        return self._word_counts[word] > re.findall(r"\w+", para).count(word)

    # -- direct quotes ---------------------------------------------------------------------------------
    def _frame(self, reg: QuoteRegion, prev_end: int, nxt_start: int) -> tuple[str, int, Token | None]:
        """Find the cue of a quoted region: (how, sentence index, cue token in the base doc)."""
        text = self.text
        _pa, pb = self._para_of(reg.end - 1)
        inner = text[reg.start:reg.end].rstrip("”\"’'» \n")
        # trailing frame: rest of the sentence after the closing mark
        si = self._sent_of(reg.end - 1)
        sent = self.sents[si]
        seg_end = min(max(sent.end_char, reg.end), pb, nxt_start)
        if reg.end >= sent.end_char - 1 and si + 1 < len(self.sents):
            nxt = self.sents[si + 1]
            first = text[nxt.start_char:nxt.end_char].lstrip()[:1]
            if nxt.start_char < pb and first.islower():
                si, sent = si + 1, nxt
                seg_end = min(nxt.end_char, pb, nxt_start)
        after = text[reg.end:seg_end]
        s_open = self.sents[self._sent_of(reg.start)]
        lead = text[max(s_open.start_char, prev_end, self._para_of(reg.start)[0]):reg.start].strip()
        # a quote embedded in running text ("told Fox News’ “Hannity,” that …") is no direct quote
        embedded = bool(lead) and lead[-1:] not in ":,—–-(" and not lead.endswith(("”", '"'))
        lead_cue = None
        if lead[-1:] in ":,":
            lead_toks = [t for t in _tokens(s_open, max(s_open.start_char, reg.start - 60), reg.start)
                         if not t.is_punct and not t.is_space]
            if lead_toks and _is_cue(lead_toks[-1], direct=True):
                lead_cue = lead_toks[-1]  # "fans chanted, “Build a wall,” …": the cue right before the quote
        if lead_cue is not None:
            return "leading", self._sent_of(lead_cue.idx), lead_cue
        if after.strip() and not embedded and (inner[-1:] in _END_PUNCT or after.lstrip()[:1] in ",—–-"):
            for tok in _tokens(sent, reg.end, seg_end):
                if _is_cue(tok, direct=True):
                    return "trailing", si, tok
                if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                    return "trailing", si, tok
        # leading frame: the sentence before the opening mark, ending in ':' or ','
        si = self._sent_of(reg.start)
        sent = self.sents[si]
        seg_start = max(sent.start_char, prev_end, self._para_of(reg.start)[0])
        before = text[seg_start:reg.start].rstrip()
        if before[-1:] in ":,":
            toks = _tokens(sent, seg_start, reg.start)
            for tok in reversed(toks):
                if _is_cue(tok, direct=True):
                    return ("split" if prev_end > sent.start_char else "leading"), si, tok
                if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                    return "leading", si, tok
        # colon sentence just before: "He said: " ending the previous sentence of the paragraph
        if si > 0 and not before.strip():
            prev = self.sents[si - 1]
            ptxt = text[prev.start_char:prev.end_char].rstrip()
            if ptxt.endswith(":") and prev.start_char >= self._para_of(prev.start_char)[0]:
                for tok in reversed(list(prev)):
                    if _is_cue(tok, direct=True):
                        return "colon", si - 1, tok
        naming = self._naming_cue(reg, prev_end)
        if naming is not None:
            return "naming", self._sent_of(naming.idx), naming
        return "none", si, None

    def _naming_cue(self, reg: QuoteRegion, prev_end: int) -> Token | None:
        """``called it “…”``, ``what X dubbed a “…”``, ``described him as “…”``: a naming verb a few words
        before the opening mark, in the same sentence, with no punctuation or other verb in between."""
        s_open = self.sents[self._sent_of(reg.start)]
        toks = [t for t in _tokens(s_open, max(s_open.start_char, prev_end, reg.start - 80), reg.start)
                if not t.is_space]
        for back, tok in enumerate(reversed(toks[-7:])):
            low = tok.lemma_.lower()
            if tok.is_punct and tok.text not in "’'":
                return None
            if low in NAMING_LEMMAS and tok.tag_.startswith("VB"):
                nxt = toks[len(toks) - back:]
                if nxt and nxt[0].lower_ in _NAMING_PARTICLES:
                    return None  # "called for", "called on"
                if low in NAMING_AS and not any(t.lower_ == "as" for t in nxt):
                    return None  # "described" needs "as"
                prev = tok.doc[tok.i - 1] if tok.i > 0 else None
                if prev is not None and (prev.lower_ in ("so", "-") or prev.text.endswith("-")):
                    return None  # "so-called"
                return tok
            if back and tok.pos_ in ("VERB", "AUX") and tok.lower_ not in ("as",):
                return None
        return None

    def _direct(self, reg: QuoteRegion, how: str, si: int, cue: Token | None,
                bound: tuple[int, int]) -> RawQuote | None:
        """A direct quote for a region with a cue, or an ``unattributed`` candidate for a cue-less region
        that fills its sentences (linked later by :meth:`_link_continuations`)."""
        prev_end, nxt_start = bound
        text = self.text
        a, b = reg.inner_of(self.text)
        if cue is not None and reg.start in self._simple:
            mention: Mention | None = self._mention_tokens(self._simple[reg.start])
            cue_d = QuoteCue(cue.idx, cue.idx + len(cue.text), cue.text, cue.lemma_.lower(), "speech")
            return RawQuote(reg.start, reg.end, "direct", cue_d, mention, 0.9, how, regions=[(reg.start, reg.end)])
        if cue is not None:
            ps, pv = self._ptok(si, cue)
            mention = self._speaker(ps, pv)
            cue_d = self._cue_of(ps, pv)
            if how == "naming":
                words = text[a:b].strip(" ,.").split()
                if pv.dep_ == "acl" or mention is None or not _source_like(mention) or (
                    len(words) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
                ):
                    return None  # "a program called “Golden Week”": a name, not words of a speaker
                cue_d = dataclasses.replace(cue_d, cue_class="speech")
                # the thing named is part of the content: called “the new law “much better”"
                after = [t for t in _tokens(self.sents[si], cue.idx + len(cue.text), reg.start)
                         if not t.is_space and t.lower_ != "as"]
                nxt_tok = next((t for t in self.nlp.doc[after[-1].i + 1:] if t.idx >= reg.end and not t.is_space),
                               None) if after else None
                if after and after[-1].pos_ in ("DET", "ADJ") and nxt_tok is not None and nxt_tok.pos_ in (
                    "NOUN", "PROPN"
                ):
                    return None  # "called the “Washington” plan": a modifier inside a noun phrase
                if after:
                    return RawQuote(after[0].idx, reg.end, "mixed", cue_d, mention, 0.8, how,
                                    regions=[(reg.start, reg.end)])
            return RawQuote(reg.start, reg.end, "direct", cue_d, mention,
                            0.9 if mention else 0.6, how, regions=[(reg.start, reg.end)])
        # no cue: continuation of the previous quote, or a long stand-alone quote
        s0 = self.sents[self._sent_of(reg.start)]
        s1 = self.sents[self._sent_of(reg.end - 1)]
        lo = max(s0.start_char, prev_end)
        hi = min(s1.end_char, nxt_start) if nxt_start > reg.end else s1.end_char
        left = text[lo:reg.start]
        cut = max(left.rfind(". "), left.rfind("! "), left.rfind("? "))  # a missed sentence boundary
        outside = (left[cut + 1:] if cut >= 0 else left) + text[reg.end:max(reg.end, hi)]
        fills = len(re.sub(r"[\W_]+", "", outside)) <= 3
        inner = text[a:b].strip()
        sentence_like = inner[:1].isupper() and inner[-1:] in ".?!…,—-"
        if fills and sentence_like:  # linked to the previous quote's speaker in :meth:`_link_continuations`
            return RawQuote(reg.start, reg.end, "direct", None, None, 0.4, "unattributed",
                            regions=[(reg.start, reg.end)])
        return None

    def _link_continuations(self, quotes: list[RawQuote]) -> list[RawQuote]:
        """A quote with no cue that fills its sentences continues the speaker of the quote just before it
        (any type) when that one sits in the same or the preceding paragraph; one that stays unattributed
        is kept only when it is long (≥ 4 words)."""
        text = self.text
        out: list[RawQuote] = []
        for q in quotes:
            if q.how == "unattributed" and out:
                prev = out[-1]
                pa, _ = self._para_of(q.start)
                _, prev_pb = self._para_of(max(prev.start, prev.end - 1))
                adjacent = prev_pb >= pa or text[prev_pb:pa].strip() == ""
                if (prev.mention is not None or prev.inherit_from is not None) and adjacent:
                    q.how, q.score, q.inherit_from = "continuation", 0.7, prev
            if q.how == "unattributed":
                a, b = QuoteRegion(q.start, q.end).inner_of(text)
                if len(text[a:b].split()) < 4:
                    continue
            out.append(q)
        return out


def quote_groups(quotes: list[RawQuote]) -> list[int]:
    """Group index of each quote: parts of one quotation (split around one cue, or continued in the next
    sentences or paragraphs without a new cue) share the index of their first part."""
    index = {id(q): i for i, q in enumerate(quotes)}
    by_cue: dict[int, int] = {}
    out = list(range(len(quotes)))
    for i, q in enumerate(quotes):
        if q.inherit_from is not None and id(q.inherit_from) in index:
            out[i] = out[index[id(q.inherit_from)]]
        elif q.cue is not None and q.type == "direct":
            out[i] = by_cue.setdefault(q.cue.start, i)
    return out


def _no_check() -> None:
    return None


def extract_quotes(nlp: NLPDoc, check: Callable[[], None] | None = None) -> list[RawQuote]:
    """All quotes of an NLP document, sorted by start (see the module docstring)."""
    return QuoteExtractor(nlp, check).extract()


__all__ = ["Mention", "QuoteExtractor", "RawQuote", "extract_quotes", "quote_groups"]

