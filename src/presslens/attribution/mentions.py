"""Speaker mentions and cue verbs: the data a quote carries and how its speaker phrase is read.

- :class:`Mention` / :class:`RawQuote`: a speaker mention (core noun phrase, role, organisation, country) and
  a quote before speaker resolution;
- :func:`cue_class` and the cue tests: speech, belief, evidence or commitment verbs;
- :class:`MentionReader`: the mention of a cue's subject (a relative pronoun is replaced by its antecedent;
  an inverted ``said Trump`` uses the object), with its full noun phrase, appositions (role), premodifying
  titles, organisations and country words for :mod:`presslens.attribution.speakers`. It is a mixin of
  :class:`presslens.attribution.quotes.QuoteExtractor`, which owns the state it reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from ..dossier.attrs import QuoteCue
from ..nlp import ParsedSentence
from ..text.quotemarks import QuoteRegion
from ..text.spans import SpanIndex
from .lexicon import (
    ANONYMOUS_HEADS,
    COGNITION_LEMMAS,
    COMMIT_LEMMAS,
    DEMONYMS,
    DOCUMENT_HEADS,
    EVIDENCE_LEMMAS,
    OFFICIAL_WORDS,
    ORG_HEADS,
    RELATIVE_PRONOUNS,
    SPEECH_LEMMAS,
    TITLES,
    VAGUE_HEADS,
)

_STRIP_LEFT = " \t\n,;:—–-"
_STRIP_RIGHT = " \t\n,;:—–-."
_SUBJ = ("nsubj", "nsubjpass")
HONORIFICS = frozenset({"mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss"})
_NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_SOURCE_NOUNS = ANONYMOUS_HEADS | VAGUE_HEADS | OFFICIAL_WORDS
#: Subjects whose "show"/"find" reports evidence without a that-clause ("the poll showed Trump leading").
EVIDENCE_SUBJECTS = frozenset("""poll polls survey surveys study studies report reports finding findings result
    results data record records filing filings document documents analysis research paper figures numbers
    statistics audit review investigation tally count""".split())


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

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end or not self.phrase[0] <= self.phrase[1]:
            raise ValueError(f"mention span {self.start}..{self.end} (phrase {self.phrase}) is empty or reversed")

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class RawQuote:
    """A quote before speaker resolution."""

    start: int
    end: int
    type: str  # direct | indirect | mixed
    cue: QuoteCue | None
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



def in_order(tokens: Iterable[Token]) -> list[Token]:
    """Tokens in text order. ``Token.subtree`` is not in text order when the parse is non-projective, so a
    span must never be built from the first and last element of an unsorted subtree."""
    return sorted(tokens, key=lambda t: t.i)


class MentionReader:
    """Build :class:`Mention` objects from cue verbs (mixin; the extractor supplies the document state)."""

    text: str
    sents: list[Span]
    _ents: list[tuple[int, int, str]]
    _ent_index: SpanIndex[tuple[int, int, str]]

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
        person = next(((s, e) for s, e, lab in self._ent_index.overlapping(start, end) if lab == "PERSON"), None)
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

    # -- cue and speaker ---------------------------------------------------------------------------------
    def _cue_of(self, ps: ParsedSentence, pv: Token) -> QuoteCue:
        if pv.lower_ == "according" and pv.i + 1 < len(pv.doc):
            s, e = ps.start(pv), ps.end(pv.doc[pv.i + 1])
            return QuoteCue(s, e, self.text[s:e], "according to", "according")
        s, e = ps.start(pv), ps.end(pv)
        return QuoteCue(s, e, self.text[s:e], pv.lemma_.lower(), cue_class(pv))

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
        # a non-projective parse yields subtrees out of text order ("according to which office you're talking
        # about"): every token list below is put in text order before its first and last token make a span
        core = in_order(t for t in head.subtree if left.i <= t.i <= head.i)
        # right-hand name parts ("Rudskoy Jr.") and flat compounds
        for c in head.rights:
            if c.dep_ in ("compound", "flat") or (c.pos_ == "PROPN" and c.i == head.i + 1):
                core.append(c)
        while core and (core[0].is_punct or core[0].dep_ == "cc"):
            core.pop(0)
        if not core:
            core = [head]
        core = in_order(core)
        sub = in_order(head.subtree)
        if restrict is not None:
            sub = [t for t in sub if restrict[0] <= t.i <= restrict[1]] or [head]
            core = [t for t in core if restrict[0] <= t.i <= restrict[1]] or [head]
        start, end = ps.start(core[0]), ps.end(core[-1])
        p_start, p_end = _trim(text, ps.start(sub[0]), ps.end(sub[-1]))
        for s, e, _lab in self._ent_index.overlapping(end - 1, end + 1):  # "the Russian Ministry of Defense"
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
        person = next(((s, e) for s, e, lab in self._ent_index.overlapping(start, end) if lab == "PERSON"), None)
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
            r_toks = in_order(t for t in swapped.subtree if t.i < head.left_edge.i)
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
                # an affiliation follows the name directly ("officials at the Pentagon", "a spokesman for
                # the ministry"); a phrase set off by a comma is the circumstance of the statement ("…, the
                # chief engineer, at a ribbon-cutting ceremony"), and "at"/"in" must name a place or body
                gap = text[end:ps.start(c)]
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if "," in gap or ";" in gap or (c.lower_ in ("at", "in") and not any(
                        o.pos_ == "PROPN" or o.ent_type_ in ("ORG", "GPE", "FAC") for o in objs)):
                    continue
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
        for _s, _e, lab in self._ent_index.overlapping(start, end):
            if lab == "PERSON":
                return lab
            best = best or lab
        return best

    def _organisation(self, p_start: int, p_end: int, c_start: int, c_end: int, head: Token) -> str:
        for s, e, lab in self._ent_index.inside(p_start, p_end):
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


