"""Quotation extraction: direct, indirect and mixed quotes with their cue and speaker mention.

How it works (rules over the shared NLP document; the dependency parse is requested only for sentences
that need it: a quotation mark next to a speech verb whose speaker is not a plain noun phrase, or a speech,
belief, evidence or commitment verb outside quotation marks, or "according to"):

1. **Direct quotes** start from the quoted regions of :mod:`presslens.attribution.marks`. A region is
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

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from ..nlp import NLPDoc, ParsedSentence
from .lexicon import (
    ANONYMOUS_HEADS,
    COGNITION_LEMMAS,
    COMMIT_LEMMAS,
    DEMONYMS,
    DIRECT_ONLY_LEMMAS,
    DOCUMENT_HEADS,
    EVIDENCE_LEMMAS,
    OFFICIAL_WORDS,
    ORG_HEADS,
    RELATIVE_PRONOUNS,
    SPEECH_LEMMAS,
    TITLES,
    VAGUE_HEADS,
)
from .marks import QuoteRegion, find_quote_regions

_END_PUNCT = ",?!.—–-…:;"
_STRIP_LEFT = " \t\n,;:—–-"
_STRIP_RIGHT = " \t\n,;:—–-."
_SUBJ = ("nsubj", "nsubjpass")
HONORIFICS = frozenset({"mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss"})
_NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_SOURCE_NOUNS = ANONYMOUS_HEADS | VAGUE_HEADS | OFFICIAL_WORDS
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
#: Subjects whose "show"/"find" reports evidence without a that-clause ("the poll showed Trump leading").
EVIDENCE_SUBJECTS = frozenset("""poll polls survey surveys study studies report reports finding findings result
    results data record records filing filings document documents analysis research paper figures numbers
    statistics audit review investigation tally count""".split())
#: Verbs that name or label something with quoted words ("called it “a disaster”"); ``NAMING_AS`` need "as".
NAMING_LEMMAS = frozenset("call dub label term brand nickname describe characterize characterise deride hail".split())
NAMING_AS = frozenset("describe characterize characterise deride hail".split())
_NAMING_PARTICLES = frozenset("for on off up out in back into upon".split())
_DATELINE_RE = re.compile(r"[A-Z][A-Z .,'’-]{2,}(?:\([^)]{1,40}\))?\s*[-—–]+\s*")


@dataclass(slots=True)
class Mention:
    """A speaker mention: the core noun phrase (``start``/``end``) and what its full phrase tells."""

    start: int
    end: int
    text: str
    phrase: tuple[int, int]
    head_lemma: str
    head_lower: str
    head_tag: str
    ent_label: str = ""
    name: str = ""
    role: str = ""
    organisation: str = ""
    country: str = ""
    quantifier: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class RawQuote:
    """A quote before speaker resolution."""

    start: int
    end: int
    type: str  # direct | indirect | mixed
    cue: dict[str, Any] | None
    mention: Mention | None
    score: float
    how: str  # trailing | leading | split | colon | naming | turn | continuation | unattributed | complement | according
    inherit_from: RawQuote | None = None  # the quote whose speaker this one continues
    regions: list[tuple[int, int]] = field(default_factory=list)


def _is_cue(tok: Token, direct: bool) -> bool:
    if not tok.tag_.startswith("VB"):
        return False
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_LEMMAS:
        return True
    return not direct and (lemma in COGNITION_LEMMAS or lemma in EVIDENCE_LEMMAS or lemma in COMMIT_LEMMAS)


_PRONOUNS = frozenset("he she they i we it you who".split())


def _source_like(m: Mention) -> bool:
    """Whether a mention can be a source: a name, a pronoun, a person/organisation/document noun."""
    if m.ent_label in ("PERSON", "ORG", "NORP", "GPE") or m.head_tag in ("NNP", "NNPS") or m.head_lower in _PRONOUNS:
        return True
    return bool({m.head_lower, m.head_lemma} & (_SOURCE_NOUNS | ORG_HEADS | DOCUMENT_HEADS | _PEOPLE))


#: Common nouns for people that may hold a belief or make a commitment ("voters believe", "the mayor vowed").
_PEOPLE = frozenset("""voter voters people person man men woman women resident residents citizen citizens
    member members leader leaders candidate candidates supporter supporters player players worker workers
    student students parent parents family families author writer writers lawmaker lawmakers politician
    politicians governor mayor president senator judge lawyer lawyers doctor doctors economist economists
    democrat democrats republican republicans conservative conservatives liberal liberals group groups
    fan fans owner owners farmer farmers protester protesters activist activists american americans
    majority minority percent half third""".split())


def _share_of_people(tok: Token) -> bool:
    """A poll share as a subject: "21 percent said", "one in four voters say", "45% of Republicans say"."""
    if tok.ent_type_ not in ("PERCENT", "CARDINAL") or re.fullmatch(r"\d{4}", tok.text):
        return False
    if tok.ent_type_ == "PERCENT" or any(c.dep_ == "prep" and c.lower_ in ("of", "in", "out") for c in tok.children):
        return True
    return tok.lower_ in ("percent", "%")


def cue_class(tok: Token) -> str:
    """``speech`` (say, tell, write…), ``belief`` (think, believe…), ``evidence`` (records *show* that…) or
    ``commitment`` (vowed *to*…, urged X *to*…) for a cue verb."""
    lemma = tok.lemma_.lower()
    if lemma in COMMIT_LEMMAS and any(c.dep_ == "xcomp" and c.i > tok.i for c in tok.children) and not any(
        c.dep_ == "ccomp" for c in tok.children
    ):
        return "commitment"
    if lemma in SPEECH_LEMMAS:
        return "speech"
    if lemma in COGNITION_LEMMAS:
        return "belief"
    if lemma in EVIDENCE_LEMMAS:
        return "evidence"
    return "commitment" if lemma in COMMIT_LEMMAS else "speech"


def _worth_parsing(tok: Token, sent: Span) -> bool:
    """Cheap filter before asking for a parse: commitment verbs need a "to", evidence verbs a "that"."""
    lemma = tok.lemma_.lower()
    window = [t.lower_ for t in tok.doc[tok.i + 1:min(sent.end, tok.i + 6)]]
    if lemma in COMMIT_LEMMAS and lemma not in SPEECH_LEMMAS:
        return "to" in window
    if lemma in EVIDENCE_LEMMAS and lemma not in SPEECH_LEMMAS:
        before = tok.doc[max(sent.start, tok.i - 8):tok.i]
        return ("that" in window[:3] or tok.i + 2 >= sent.end or tok.doc[tok.i + 1].is_punct
                or any(t.lemma_.lower() in EVIDENCE_SUBJECTS for t in before))
    return True


def _tokens(sent: Span, a: int, b: int) -> list[Token]:
    return [t for t in sent if a <= t.idx and t.idx + len(t.text) <= b]


def _trim(text: str, a: int, b: int, keep_period: bool = False) -> tuple[int, int]:
    while a < b and text[a] in _STRIP_LEFT:
        a += 1
    right = _STRIP_RIGHT.replace(".", "") if keep_period else _STRIP_RIGHT
    while b > a and text[b - 1] in right:
        b -= 1
    return a, b


class QuoteExtractor:
    """Extract quotes from one NLP document (see the module docstring for the rules)."""

    def __init__(self, nlp: NLPDoc) -> None:
        self.nlp = nlp
        self.text = nlp.article.text
        self.sents = nlp.sents
        self.regions = find_quote_regions(self.text)
        self._region_starts = [r.start for r in self.regions]
        self._parsed: dict[int, ParsedSentence] = {}
        self._simple: dict[int, list[Token]] = {}
        self._ents = [(e.start_char, e.end_char, e.label_) for e in nlp.doc.ents]

    # -- helpers -------------------------------------------------------------------------------------
    def _in_region(self, pos: int) -> QuoteRegion | None:
        import bisect

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
        for si, sent in enumerate(self.sents):
            for tok in sent:
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
            q = self._direct(reg, how, si, cue, bounds[reg.start])
            if q is not None:
                quotes.append(q)
        direct_spans = [(q.start, q.end) for q in quotes]
        for si, tok in indirect_cands:
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
            elsewhere = len(last) > 2 and re.search(r"\b" + re.escape(last[0].upper() + last[1:]) + r"\b",
                                                     text[:a] + " " + text[a + len(para):])
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
            regs = [r for r in self.regions if start <= r.start and r.end <= end]
            cue = {"start": colon, "end": colon + 1, "text": ":", "lemma": ":", "class": "speech"}
            qtype = "mixed" if regs else "indirect"
            if len(regs) == 1 and (regs[0].start, regs[0].end) == (start, end):
                qtype = "direct"
            out.append(RawQuote(start, end, qtype, cue, mention, 0.7, "turn",
                                regions=[(r.start, r.end) for r in regs]))
        return out

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
            mention = self._mention_tokens(self._simple[reg.start])
            cue_d = {"start": cue.idx, "end": cue.idx + len(cue.text), "text": cue.text, "lemma": cue.lemma_.lower(),
                     "class": "speech"}
            return RawQuote(reg.start, reg.end, "direct", cue_d, mention, 0.9, how, regions=[(reg.start, reg.end)])
        if cue is not None:
            ps, pv = self._ptok(si, cue)
            mention = self._speaker(ps, pv)
            cue_d = self._cue_dict(ps, pv)
            if how == "naming":
                words = text[a:b].strip(" ,.").split()
                if pv.dep_ == "acl" or mention is None or not _source_like(mention) or (
                    len(words) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
                ):
                    return None  # "a program called “Golden Week”": a name, not words of a speaker
                cue_d["class"] = "speech"
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

    def _simple_speaker(self, reg: QuoteRegion, cue: Token, si: int) -> list[Token] | None:
        """The speaker of a plain trailing frame without a parse: ``“…,” he said`` / ``“…,” said Jane Smith``.

        Only a short noun phrase right before or right after the cue qualifies; anything with a comma
        (an apposition or relative clause carrying a role) or another verb goes to the parser."""
        if cue.lower_ == "according":
            return None
        sent = self.sents[si]
        between = [t for t in sent if reg.end <= t.idx < cue.idx and not t.is_space]
        while between and between[0].is_punct:
            between.pop(0)
        np_pos = ("PROPN", "NOUN", "DET", "ADJ", "NUM", "PRON")
        if between:
            if len(between) > 5 or any(t.pos_ not in np_pos or (t.is_punct and t.text not in ".’'") for t in between):
                return None
            if between[-1].pos_ == "PRON" and between[-1].lower_ not in ("he", "she", "they", "i", "we", "it"):
                return None
            return between
        after: list[Token] = []
        for t in sent.doc[cue.i + 1:sent.end]:
            name_part = t.pos_ in np_pos and not t.is_punct
            joiner = t.text in (".", "’s") and bool(after) and t.i + 1 < sent.end and sent.doc[t.i + 1].pos_ == "PROPN"
            if name_part or joiner:
                after.append(t)
                continue
            if (t.is_punct and t.text not in ".!?;") or len(after) > 5:
                return None  # an apposition after the name, or a long phrase: parse
            break
        if not after or (after[-1].pos_ == "PRON" and after[-1].lower_ not in ("he", "she", "they", "i", "we", "it")):
            return None
        return after

    def _mention_tokens(self, toks: list[Token]) -> Mention:
        """A speaker mention built from base-doc tokens (the parse-free path of :meth:`_simple_speaker`)."""
        text = self.text
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        head = toks[-1]
        m = Mention(start, end, text[start:end], (start, end), head.lemma_.lower(), head.lower_, head.tag_)
        m.ent_label = self._ent_label(start, end)
        person = next(((s, e) for s, e, lab in self._ents if lab == "PERSON" and s < end and start < e), None)
        if person is not None:
            m.name = " ".join(w for w in text[max(start, person[0]):min(end, person[1])].split()
                              if not (w.lower() in TITLES and not w[:1].isupper()) and w.lower() not in HONORIFICS)
            pre = [t for t in toks if t.idx + len(t.text) <= person[0] and t.pos_ in ("PROPN", "NOUN", "ADJ")
                   and t.lower_ not in HONORIFICS and not _is_country(t.lower_)]
            if pre:
                m.role = re.sub(r"^(?:the|a|an)\s+", "", text[pre[0].idx:person[0]].strip(" ,"), flags=re.I)
        m.quantifier = next((t.lower_ for t in toks if t.lower_ in ("a", "an", "another", "one", "the", "some")), "")
        m.organisation = self._organisation(start, end, start, end, head)
        m.country = _country(m.text)
        return m

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
            left, right = min(sub), max(sub)
            content = [t for t in pv.head.subtree if t.i < left]
            after = [t for t in pv.head.subtree if t.i > right]
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
        regs = [r for r in self.regions if start <= r.start and r.end <= end]
        qtype = "mixed" if regs else "indirect"
        if len(regs) == 1 and (regs[0].start, regs[0].end) == (start, end):
            qtype = "direct"
        score = 0.75 if lemma in SPEECH_LEMMAS and lemma not in COMMIT_LEMMAS else 0.5
        return RawQuote(start, end, qtype, self._cue_dict(ps, pv), mention, score, "complement",
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
        if not src:
            return None
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
        cue = {"start": ps.start(pv), "end": ps.end(to), "text": text[ps.start(pv):ps.end(to)],
               "lemma": "according to", "class": "according"}
        regs = [r for r in self.regions if start <= r.start and r.end <= end]
        return RawQuote(start, end, "mixed" if regs else "indirect", cue, mention, 0.75, "according",
                        regions=[(r.start, r.end) for r in regs])

    def _clip_quotes(self, start: int, end: int) -> tuple[int, int]:
        """Do not cut a quoted region in half: extend the span to cover a closed region it partly overlaps
        within the same paragraph; a dateline ("WASHINGTON (Reuters) - ") never opens a content."""
        pa, pb = self._para_of(start)
        for r in self.regions:
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

    # -- cue and speaker ---------------------------------------------------------------------------------
    def _cue_dict(self, ps: ParsedSentence, pv: Token) -> dict[str, Any]:
        if pv.lower_ == "according" and pv.i + 1 < len(pv.doc):
            s, e = ps.start(pv), ps.end(pv.doc[pv.i + 1])
            return {"start": s, "end": e, "text": self.text[s:e], "lemma": "according to", "class": "according"}
        s, e = ps.start(pv), ps.end(pv)
        return {"start": s, "end": e, "text": self.text[s:e], "lemma": pv.lemma_.lower(), "class": cue_class(pv)}

    def _speaker(self, ps: ParsedSentence, pv: Token) -> Mention | None:
        if pv.lower_ == "according":
            to = pv.doc[pv.i + 1] if pv.i + 1 < len(pv.doc) else None
            objs = [c for c in to.children if c.dep_ == "pobj"] if to is not None else []
            return self._mention(ps, objs[0]) if objs else None
        subj = self._subject(pv)
        if subj is not None and subj.ent_type_ in _NOT_SPEAKER_ENTS and not _share_of_people(subj):
            subj = None
        if subj is not None and subj.lemma_.lower() in DOCUMENT_HEADS:
            # "the ministry's statement said", "The town released a statement saying": the issuer speaks
            poss = [c for c in subj.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")]
            issuer = self._subject(subj.head) if subj.dep_ == "dobj" and subj.head.pos_ == "VERB" else None
            if poss:
                subj = poss[0]
            elif issuer is not None and issuer.lemma_.lower() not in DOCUMENT_HEADS and issuer.pos_ in ("PROPN", "NOUN"):
                subj = issuer
        if subj is None:  # inverted or mis-parsed: "…,” said Trump" with Trump as object or attribute
            for c in pv.rights:
                if c.dep_ in ("attr", "dobj", "npadvmod", "appos", "dative") and (
                    c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or c.lemma_.lower() in _SOURCE_NOUNS
                ):
                    subj = c
                    break
        if subj is None:
            return None
        return self._mention(ps, subj)

    def _subject(self, pv: Token, depth: int = 0) -> Token | None:
        for c in pv.children:
            if c.dep_ in _SUBJ:
                if c.lower_ in RELATIVE_PRONOUNS and pv.dep_ == "relcl":
                    return pv.head
                return c
        if c_agent := next((c for c in pv.children if c.dep_ == "agent"), None):
            objs = [c for c in c_agent.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
        if depth < 4 and pv.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl", "prep") and pv.head is not pv:
            if pv.dep_ == "acl" and pv.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return pv.head
            return self._subject(pv.head, depth + 1)
        return None

    def _mention(self, ps: ParsedSentence, head: Token, restrict: tuple[int, int] | None = None) -> Mention:
        text = self.text
        appos = [c for c in head.children if c.dep_ == "appos"]
        # "the chief of the department, Sergey Rudskoy, said": the name is the apposition
        swapped: Token | None = None
        if head.pos_ != "PROPN" and appos and appos[0].pos_ == "PROPN":
            swapped, head, appos = head, appos[0], []
        left = head.left_edge
        core = [t for t in head.subtree if left.i <= t.i <= head.i]
        # right-hand name parts ("Rudskoy Jr.") and flat compounds
        for c in head.rights:
            if c.dep_ in ("compound", "flat") or (c.pos_ == "PROPN" and c.i == head.i + 1):
                core.append(c)
        while core and (core[0].is_punct or core[0].dep_ == "cc"):
            core.pop(0)
        if not core:
            core = [head]
        sub = list(head.subtree)
        if restrict is not None:
            sub = [t for t in sub if restrict[0] <= t.i <= restrict[1]] or [head]
            core = [t for t in core if restrict[0] <= t.i <= restrict[1]] or [head]
        start, end = ps.start(core[0]), ps.end(core[-1])
        p_start, p_end = _trim(text, ps.start(sub[0]), ps.end(sub[-1]))
        for s, e, _lab in self._ents:  # "the Russian Ministry of Defense": extend to the whole entity
            if s < end < e <= p_end and s >= start - 1:
                end = e
        core = [t for t in sub if start <= ps.start(t) and ps.end(t) <= end] or core
        m = Mention(start, end, text[start:end], (p_start, p_end), head.lemma_.lower(), head.lower_, head.tag_)
        m.ent_label = self._ent_label(start, end)
        role_parts: list[str] = []
        # premodifying titles: tokens before the name that are titles or nouns ("Defense Secretary")
        name_toks = [t for t in core if t.pos_ == "PROPN" and t.lower_ not in TITLES]
        title_toks = [t for t in core if t not in name_toks and t.pos_ in ("PROPN", "NOUN")
                      and t.dep_ in ("compound", "nmod", "amod", "appos", "flat")
                      and t.lower_ not in HONORIFICS]
        person = next(((s, e) for s, e, lab in self._ents if lab == "PERSON" and s < end and start < e), None)
        if person is not None:
            # "Senate minority leader Harry Reid": the name is the entity, the words before it the title
            m.name = " ".join(w for w in text[max(start, person[0]):min(end, person[1])].split()
                              if w.lower() not in TITLES or (w[:1].isupper() and w.lower() not in HONORIFICS
                              and w.lower() not in TITLES))
            pre = [t for t in core if ps.end(t) <= person[0] and t.pos_ in ("PROPN", "NOUN", "ADJ")
                   and t.lower_ not in HONORIFICS and not _is_country(t.lower_) and t.dep_ != "poss"]
            if pre:  # "Department of Homeland Security Acting Deputy Secretary Ken Cuccinelli"
                r_s = ps.start(pre[0])
                role_parts.append(re.sub(r"^(?:the|a|an)\s+", "", text[r_s:person[0]].strip(" ,"), flags=re.I))
        elif name_toks and head.pos_ == "PROPN" and self._ent_label(start, end) == "":
            m.name = " ".join(t.text for t in name_toks if t.dep_ != "poss" and t.tag_ != "POS"
                              and not _is_country(t.lower_))
            if title_toks:
                role_parts.append(" ".join(t.text for t in title_toks))
        if swapped is not None:  # "The mayor, John Doe, said": the role is the noun phrase before the name
            r_toks = [t for t in swapped.subtree if t.i < head.left_edge.i]
            if r_toks:
                a_s, a_e = _trim(text, ps.start(r_toks[0]), ps.end(r_toks[-1]))
                role_parts.append(text[a_s:a_e])
        if appos:
            a = appos[0]
            a_s, a_e = _trim(text, ps.start(a.left_edge), ps.end(a.right_edge))
            role_parts.append(text[a_s:a_e])
        for c in head.children:  # "a spokesman for the ministry", "officials at the Pentagon"
            if ps.start(c) < end:
                continue
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "with", "from", "in", "close") and c.i > head.i:
                a_s, a_e = _trim(text, ps.start(c), ps.end(c.right_edge))
                role_parts.append(text[a_s:a_e])
            if c.dep_ == "amod" and c.i > head.i:  # "a source close to the campaign"
                a_s, a_e = _trim(text, ps.start(c), ps.end(c.right_edge))
                role_parts.append(text[a_s:a_e])
        m.role = "; ".join(p for p in role_parts if p)
        m.quantifier = next((t.lower_ for t in core if t.dep_ in ("det", "amod", "nummod")
                             and t.lower_ in ("a", "an", "another", "one", "the", "some", "two", "several")), "")
        m.organisation = self._organisation(p_start, p_end, start, end, head)
        m.country = _country(text[p_start:p_end])
        return m

    def _ent_label(self, start: int, end: int) -> str:
        best = ""
        for s, e, lab in self._ents:
            if s < end and start < e:
                if lab == "PERSON":
                    return lab
                best = best or lab
        return best

    def _organisation(self, p_start: int, p_end: int, c_start: int, c_end: int, head: Token) -> str:
        for s, e, lab in self._ents:
            inside_core = c_start <= s and e <= c_end
            if lab == "ORG" and p_start <= s and e <= p_end and (not inside_core or head.pos_ == "NOUN"):
                return _clean_org(self.text[s:e])
        # possessive organisation inside the role ("the General Staff’s operations department")
        m = re.search(r"((?:[A-Z][\w.&-]*\s)*[A-Z][\w.&-]*)(?:’s|'s)\s", self.text[c_end:p_end])
        if m and not _is_country(m.group(1).lower()):
            return _clean_org(m.group(1))
        return ""


def _clean_org(s: str) -> str:
    s = re.sub(r"(?:’s|'s)$", "", s.strip())
    s = re.sub(r"^(?:the|The)\s+", "", s)
    return s.strip()


def _is_country(low: str) -> bool:
    return low.rstrip("’'s").rstrip("’'") in DEMONYMS or low in DEMONYMS


_COUNTRY_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in DEMONYMS if len(k) > 2), key=len, reverse=True))
    + r")(?:’s|'s)?\b", re.IGNORECASE)
_US_RE = re.compile(r"\b(U\.S\.|US|UK|U\.K\.|EU|UN|U\.N\.)(?=\W|$)")


def _country(phrase: str) -> str:
    m = _COUNTRY_RE.search(phrase)
    if m:
        return DEMONYMS[m.group(1).lower()]
    m = _US_RE.search(phrase)
    if m:
        return DEMONYMS[m.group(1).lower()]
    return ""


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
            out[i] = by_cue.setdefault(q.cue["start"], i)
    return out


def extract_quotes(nlp: NLPDoc) -> list[RawQuote]:
    """All quotes of an NLP document, sorted by start (see the module docstring)."""
    return QuoteExtractor(nlp).extract()


__all__ = ["Mention", "QuoteExtractor", "RawQuote", "extract_quotes", "quote_groups"]
