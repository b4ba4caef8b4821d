"""Quote-content, source and cue tagging over the shared encoder's token states (``--profile accurate``).

The article's encoder pass (:func:`presslens.encoders.sentence_states` with the head's window, the pass the
persuasion span tagger reads too) gives each word piece a state. A :class:`~presslens.encoders.heads.Head` with
the tags of :data:`TAGS` (BIO over three span types: the *content* of an attribution, its *source* and its *cue*,
PolNeAR's roles) scores each piece from its state, its sentence's vector and (``+rules``) :func:`rule_features`,
what the spaCy pass and the rules already know; constrained Viterbi (:mod:`presslens.encoders.decode`, optionally
with learned tag-bigram scores, ``meta["transitions"]``) decodes the article.

The decoded spans are assembled into :class:`TaggedRelation` objects (:func:`assemble`): content parts split
around a cue (``“…,” she said, “…”``) are joined; each content takes the nearest cue, and the cue the nearest
source (``max_gap`` characters at most, stated in the head's ``meta["decode"]``). Each span's score is the mean
probability of its own tags over its pieces, Platt-calibrated on validation articles (``meta["span_calibration"]``:
P(the content matches a gold content at ≥ 50 % overlap)). :func:`merge_with_rules` chooses which tagged relations
join the rules' quotes (``keep_rules``: ``all`` keeps every rule quote and adds tagged contents that overlap
none; ``direct`` keeps only the rules' quotes with quotation marks; ``require_cue`` drops contents no cue was
attached to). All choices are made on whole validation articles carved from PolNeAR train by
``scripts/train_quotes_accurate.py`` (the best F1 at precision ≥ 0.80); the model card is
``docs/models/quote-tagger-minilm.md``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..dossier.attrs import QuoteCue
from ..encoders import SentenceStates
from ..encoders.decode import bio_constraints, bio_spans, bio_tags, viterbi
from ..encoders.heads import PIECE_FEATURES, Head, piece_features, platt_probability
from ..nlp import NLPDoc
from .lexicon import COGNITION_LEMMAS, COMMIT_LEMMAS, EVIDENCE_LEMMAS, SPEECH_LEMMAS
from .mentions import Mention, RawQuote
from .quotes import QuoteExtractor

#: The shipped head (``scripts/train_quotes_accurate.py``).
TAGGER_PATH = Path(__file__).resolve().parent / "models" / "quote-tagger-minilm.npz"
#: Span types, in tag order.
TYPES = ("content", "source", "cue")
TAGS = bio_tags(TYPES)
#: Per-piece feature sets a head may declare in ``meta["features"]`` (``+rules``: :func:`rule_features` appended).
FEATURES = PIECE_FEATURES
_UPOS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
         "SCONJ", "SYM", "VERB", "X")
_ENTS = ("PERSON", "ORG", "GPE", "NORP")
#: Names of the :func:`rule_features` columns.
RULE_FEATURES = ("rule_content", "rule_direct", "rule_cue", "rule_mention", "quoted", "speech", "belief",
                 "evidence", "commitment", "according", *[f"pos_{p}" for p in _UPOS], *[f"ent_{e}" for e in _ENTS],
                 "sent_rule_quote", "sent_cue_word", "sent_quoted", "cue_word_before", "cue_word_after",
                 "sent_position")
#: Which rule quotes a merge keeps (see :func:`merge_with_rules`).
KEEP_RULES = ("all", "direct", "none")
_GAP_FILLER = re.compile(r"[\s,.;:—–\-“”\"‘’'()]*")


def rule_features(nlp: NLPDoc, rules: Sequence[RawQuote], regions: Sequence[tuple[int, int]],
                  offsets: np.ndarray) -> np.ndarray:
    """``(T, len(RULE_FEATURES))`` per word piece, read from the spaCy pass and the rules' quotes (no parse):
    inside a rule quote's content / cue / speaker mention, inside quotation marks, the cue-lexicon class of its
    word, its coarse POS and entity type, and of its sentence: holds a rule quote, a cue word, quotation marks;
    a cue word before / after it in the sentence; its relative position."""
    cols = nlp.columns
    n_tok = len(cols.idx)
    out = np.zeros((len(offsets), len(RULE_FEATURES)), np.float32)
    if not len(offsets) or not n_tok:
        return out
    starts = np.asarray(cols.idx, dtype=np.int64)
    tok = np.maximum(np.searchsorted(starts, offsets[:, 0], side="right") - 1, 0)
    mid = offsets[:, 0]

    def mark(col: int, spans: Sequence[tuple[int, int]]) -> None:
        for a, b in spans:
            lo, hi = np.searchsorted(mid, a, side="left"), np.searchsorted(mid, b, side="left")
            out[lo:hi, col] = 1.0

    mark(0, [(q.start, q.end) for q in rules])
    mark(1, [(q.start, q.end) for q in rules if q.type == "direct"])
    mark(2, [(q.cue.start, q.cue.end) for q in rules if q.cue is not None])
    mark(3, [(q.mention.start, q.mention.end) for q in rules if q.mention is not None])
    mark(4, regions)
    lex = (SPEECH_LEMMAS, COGNITION_LEMMAS, EVIDENCE_LEMMAS, COMMIT_LEMMAS)
    t_cls = np.zeros((n_tok, 5), np.float32)
    t_pos = np.zeros((n_tok, len(_UPOS)), np.float32)
    pos_ix = {p: k for k, p in enumerate(_UPOS)}
    for i, (lemma, tag, low, pos) in enumerate(zip(cols.lemma, cols.tag, cols.lower, cols.pos, strict=True)):
        if tag.startswith("VB"):
            lm = lemma.lower()
            for k, words in enumerate(lex):
                if lm in words:
                    t_cls[i, k] = 1.0
        if low == "according":
            t_cls[i, 4] = 1.0
        pk = pos_ix.get(pos)
        if pk is not None:
            t_pos[i, pk] = 1.0
    out[:, 5:10] = t_cls[tok]
    out[:, 10:10 + len(_UPOS)] = t_pos[tok]
    e0 = 10 + len(_UPOS)
    for k, lab in enumerate(_ENTS):
        mark(e0 + k, [(e.start_char, e.end_char) for e in nlp.ents if e.label_ == lab])
    s0 = e0 + len(_ENTS)
    cue_word = out[:, 5:10].max(1)
    sent_starts = np.asarray([s.start_char for s in nlp.sents] or [0], dtype=np.int64)
    sent = np.maximum(np.searchsorted(sent_starts, offsets[:, 0], side="right") - 1, 0)
    bounds = np.searchsorted(sent, np.arange(len(sent_starts) + 1), side="left")
    for j in range(len(sent_starts)):
        a, b = int(bounds[j]), int(bounds[j + 1])
        if a == b:
            continue
        out[a:b, s0] = out[a:b, 0].max()
        out[a:b, s0 + 1] = cue_word[a:b].max()
        out[a:b, s0 + 2] = out[a:b, 4].max()
        seen = np.cumsum(cue_word[a:b])
        out[a:b, s0 + 3] = (seen - cue_word[a:b]) > 0
        out[a:b, s0 + 4] = (seen[-1] - seen) > 0
        out[a:b, s0 + 5] = np.arange(b - a) / max(1, b - a - 1)
    return out


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A decoded span: character offsets, its type (``content``, ``source`` or ``cue``) and its raw score (mean
    probability of its tags over its pieces)."""

    start: int
    end: int
    kind: str
    score: float


@dataclass(frozen=True, slots=True)
class TaggedRelation:
    """An attribution assembled from tagged spans: content parts (one, or two and more split around the cue),
    the cue and source attached to it (None when none is near) and the calibrated content score."""

    content: tuple[TaggedSpan, ...]
    cue: TaggedSpan | None
    source: TaggedSpan | None
    score: float

    @property
    def start(self) -> int:
        return self.content[0].start

    @property
    def end(self) -> int:
        return self.content[-1].end


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    """Decoding and assembly settings (the head's ``meta["decode"]``).

    Attributes:
        o_bias: added to the log-probability of ``O`` (negative: more and longer spans).
        max_gap: characters at most between a content and its cue, or a cue and its source.
        threshold: keep relations whose calibrated score is at least this.
        keep_rules: which rule quotes :func:`merge_with_rules` keeps (``all``, ``direct``, ``none``).
        source_gap: characters at most between a cue and its source (None: ``max_gap``).
        join_gap: a cue-less content at most this far after a relation continues it (0: never; see :func:`assemble`).
        parse_source: a relation with a cue but no tagged source takes the parsed subject of the cue verb.
        require_cue: drop tagged relations no cue was attached to.
    """

    o_bias: float = 0.0
    max_gap: int = 120
    threshold: float = 0.0
    keep_rules: str = "all"
    source_gap: int | None = None
    join_gap: int = 0
    parse_source: bool = False
    require_cue: bool = False

    @classmethod
    def of(cls, d: dict[str, Any]) -> DecodeOptions:
        sg = d.get("source_gap")
        opts = cls(float(d.get("o_bias", 0.0)), int(d.get("max_gap", 120)), float(d.get("threshold", 0.0)),
                   str(d.get("keep_rules", "all")), None if sg is None else int(sg), int(d.get("join_gap", 0)),
                   bool(d.get("parse_source", False)), bool(d.get("require_cue", False)))
        if opts.keep_rules not in KEEP_RULES:
            raise ValueError(f"keep_rules {opts.keep_rules!r} is not one of {KEEP_RULES}")
        return opts


def decode_spans(proba: np.ndarray, offsets: np.ndarray, o_bias: float = 0.0,
                 transitions: np.ndarray | None = None) -> list[TaggedSpan]:
    """Viterbi over ``(T, len(TAGS))`` piece probabilities → typed character spans with their raw scores.
    ``transitions``: ``(K, K)`` log scores added to the BIO constraints (learned tag bigrams; None: uniform)."""
    if not len(proba):
        return []
    trans, start = bio_constraints(len(TYPES))
    if transitions is not None:
        trans = trans + np.asarray(transitions, dtype=np.float64)
    emit = np.log(np.clip(proba, 1e-9, 1.0))
    emit[:, 0] += o_bias
    path = viterbi(emit, trans, start)
    out = []
    for typ, a, b in bio_spans(path, len(TYPES)):
        inside = proba[a:b, 1 + 2 * typ] + proba[a:b, 2 + 2 * typ]
        out.append(TaggedSpan(int(offsets[a, 0]), int(offsets[b - 1, 1]), TYPES[typ], float(inside.mean())))
    return out


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _nearest(target: tuple[int, int], cands: Sequence[TaggedSpan], max_gap: int,
             inside: Sequence[tuple[int, int]] = ()) -> TaggedSpan | None:
    """The candidate closest to ``target`` (ties: the earlier one), at most ``max_gap`` characters away and not
    inside any of the ``inside`` spans (a cue inside a content belongs to a nested attribution)."""
    best: tuple[int, int, TaggedSpan] | None = None
    for c in cands:
        if any(a <= c.start and c.end <= b for a, b in inside):
            continue
        d = _gap(target, (c.start, c.end))
        if d <= max_gap and (best is None or (d, c.start) < best[:2]):
            best = (d, c.start, c)
    return best[2] if best else None


def assemble(text: str, spans: Sequence[TaggedSpan], max_gap: int = 120,
             calibration: Sequence[float] = (1.0, 0.0), source_gap: int | None = None,
             join_gap: int = 0) -> list[TaggedRelation]:
    """Relations from decoded spans (see module docstring), in text order. ``join_gap > 0``: a content with no
    cue of its own, or the same cue and source as the relation before it and at most ``join_gap`` characters
    after it, continues that relation (``“A,” she told reporters. “B.”`` is one attribution in PolNeAR)."""
    contents = sorted((s for s in spans if s.kind == "content"), key=lambda s: s.start)
    cues = [s for s in spans if s.kind == "cue"]
    sources = [s for s in spans if s.kind == "source"]
    # join content parts split around a cue: only cue/source spans and punctuation between them
    groups: list[list[TaggedSpan]] = []
    for c in contents:
        if groups:
            prev = groups[-1][-1]
            between = [s for s in (*cues, *sources) if prev.end <= s.start and s.end <= c.start]
            if any(s.kind == "cue" for s in between) and c.start - prev.end <= max_gap:
                rest, pos = [], prev.end
                for s in sorted(between, key=lambda s: s.start):
                    rest.append(text[pos:s.start])
                    pos = s.end
                rest.append(text[pos:c.start])
                if all(_GAP_FILLER.fullmatch(r) for r in rest):
                    groups[-1].append(c)
                    continue
        groups.append([c])
    out: list[TaggedRelation] = []
    for parts in groups:
        extent = (parts[0].start, parts[-1].end)
        frags = [(p.start, p.end) for p in parts]
        cue = _nearest(extent, cues, max_gap, frags)
        anchor = (cue.start, cue.end) if cue else extent
        source = _nearest(anchor, sources, max_gap if source_gap is None else source_gap, frags)
        n = sum(p.end - p.start for p in parts)
        raw = sum(p.score * (p.end - p.start) for p in parts) / max(1, n)
        rel = TaggedRelation(tuple(parts), cue, source, platt_probability(raw, calibration))
        last = out[-1] if out else None
        if (last is not None and join_gap > 0 and last.cue is not None and rel.cue in (None, last.cue)
                and rel.source in (None, last.source) and rel.start - last.end <= join_gap):
            # a content with no cue of its own (or the same cue) continues the attribution before it
            w0, w1 = last.end - last.start, rel.end - rel.start
            score = (last.score * w0 + rel.score * w1) / max(1, w0 + w1)
            out[-1] = TaggedRelation(last.content + rel.content, last.cue, last.source, score)
            continue
        out.append(rel)
    return out


def merge_with_rules(rule_spans: Sequence[tuple[int, int, bool]], tagged: Sequence[TaggedRelation],
                     keep_rules: str, threshold: float) -> tuple[list[int], list[TaggedRelation]]:
    """Which rule quotes to keep and which tagged relations to add.

    ``rule_spans`` are ``(start, end, direct)`` of the rule quotes. ``keep_rules``: ``all`` keeps them all,
    ``direct`` only those with quotation marks, ``none`` none. Tagged relations scoring below ``threshold`` or
    overlapping a kept rule quote are dropped. Returns ``(indices of kept rule quotes, tagged relations to add)``.
    """
    if keep_rules not in KEEP_RULES:
        raise ValueError(f"keep_rules {keep_rules!r} is not one of {KEEP_RULES}")
    kept = [i for i, (_a, _b, direct) in enumerate(rule_spans)
            if keep_rules == "all" or (keep_rules == "direct" and direct)]
    taken = sorted((rule_spans[i][0], rule_spans[i][1]) for i in kept)
    add = [r for r in tagged if r.score >= threshold
           and not any(a < p.end and p.start < b for a, b in taken for p in r.content)]
    return kept, add


def _cue_record(nlp: NLPDoc, cue: TaggedSpan) -> QuoteCue:
    """The typed cue of a tagged cue span: lemma of its first verb (else its lower-cased text) and the lexicon's
    class (``speech``, ``according``, ``belief``, ``evidence``, ``commitment``; ``other`` for a cue the lexicon does
    not know: "wants", "is expected", "called for")."""
    text = nlp.article.text
    toks = [t for t in nlp.doc.char_span(cue.start, cue.end, alignment_mode="expand") or () if not t.is_space]
    verbs = [t for t in toks if t.tag_.startswith("VB")]
    lemmas = {t.lemma_.lower() for t in toks}
    if any(t.lower_ == "according" for t in toks):
        return QuoteCue(cue.start, cue.end, text[cue.start:cue.end], "according to", "according")
    lemma = verbs[0].lemma_.lower() if verbs else " ".join(text[cue.start:cue.end].lower().split())
    klass = next((k for k, lex in (("speech", SPEECH_LEMMAS), ("belief", COGNITION_LEMMAS),
                                   ("evidence", EVIDENCE_LEMMAS), ("commitment", COMMIT_LEMMAS)) if lemmas & lex), "other")
    return QuoteCue(cue.start, cue.end, text[cue.start:cue.end], lemma, klass)


def _parsed_subject(ex: QuoteExtractor, cue: TaggedSpan) -> Mention | None:
    """The speaker mention the rules would read for a tagged cue: the subject of its first verb in the
    dependency parse of its sentence (parsed lazily and cached on the document, like the rules' sentences)."""
    verbs = [t for t in ex.nlp.doc.char_span(cue.start, cue.end, alignment_mode="expand") or ()
             if t.tag_.startswith("VB") or t.lower_ == "according"]
    if not verbs:
        return None
    si = ex.nlp.sentence_index(verbs[0].idx)
    if si not in ex._parsed:
        ex._parsed[si] = ex.nlp.parse([ex.sents[si]])[0]
    ps, pv = ex._ptok(si, verbs[0])
    return ex._speaker(ps, pv)


def tagged_quotes(ex: QuoteExtractor, rel: TaggedRelation, parse_source: bool = False) -> list[RawQuote]:
    """:class:`RawQuote` objects (``how="tagged"``) of a tagged relation, one per content part (later parts
    continue the first: one quotation group, like the rules' split quotes): type from the quotation marks each
    part holds, the tagged cue, and a speaker mention built from the tagged source's tokens (resolved later by
    :func:`presslens.attribution.speakers.resolve_speakers` like any other mention); with no tagged source and
    ``parse_source``, the parsed subject of the cue verb (:func:`_parsed_subject`)."""
    mention = None
    if rel.source is not None:
        toks = [t for t in ex.nlp.doc.char_span(rel.source.start, rel.source.end, alignment_mode="expand") or ()
                if not (t.is_space or t.is_punct)]
        if toks:
            mention = ex._mention_tokens(toks)
    elif parse_source and rel.cue is not None:
        mention = _parsed_subject(ex, rel.cue)
    cue = _cue_record(ex.nlp, rel.cue) if rel.cue is not None else None
    out: list[RawQuote] = []
    for part in rel.content:
        a, b = part.start, part.end
        regions = [(r.start, r.end) for r in ex.regions if a <= r.start and r.end <= b + 1]
        inner = ex.text[a:b].strip(" ,.;:")
        kind = "indirect"
        if regions:
            r0 = regions[0]
            kind = "direct" if len(regions) == 1 and len(inner) <= (r0[1] - r0[0]) + 2 else "mixed"
        out.append(RawQuote(a, b, kind, cue, mention, round(rel.score, 4), "tagged", out[0] if out else None,
                            regions))
    return out


def combine(ex: QuoteExtractor, rules: Sequence[RawQuote], tagged: Sequence[TaggedRelation],
            options: DecodeOptions) -> list[RawQuote]:
    """The accurate profile's quotes: the rule quotes :func:`merge_with_rules` keeps and the tagged relations it
    adds (as :func:`tagged_quotes`; with ``require_cue`` only those with a cue), sorted by position."""
    if options.require_cue:
        tagged = [r for r in tagged if r.cue is not None]
    kept, add = merge_with_rules([(q.start, q.end, q.type == "direct") for q in rules], tagged, options.keep_rules,
                                 options.threshold)
    out = [rules[i] for i in kept] + [q for r in add for q in tagged_quotes(ex, r, options.parse_source)]
    out.sort(key=lambda q: (q.start, q.end))
    return out


class QuoteTagger:
    """The accurate-profile quote tagger: a head, its decoding options and span calibration (see module docstring)."""

    def __init__(self, head: Head) -> None:
        if tuple(head.classes) != TAGS:
            raise ValueError(f"quote tagger head {head.name} has classes {head.classes}, expected {list(TAGS)}")
        self.head = head
        self.features = str(head.meta.get("features", "token"))
        self.window = head.window
        self.options = DecodeOptions.of(dict(head.meta.get("decode", {})))
        self.span_calibration = [float(x) for x in head.meta.get("span_calibration", [1.0, 0.0])]
        tr = head.meta.get("transitions")
        #: learned log transition scores added to the BIO constraints (None: uniform)
        self.transitions = np.asarray(tr, dtype=np.float64) if tr is not None else None

    def card(self) -> dict[str, Any]:
        """Name, version, threshold (on the calibrated content score) and validation metrics, for each finding."""
        card = self.head.card()
        card["validation"] = {k: v for k, v in card["validation"].items() if k not in ("reliability", "grid_top")}
        card["threshold"] = round(self.options.threshold, 4)
        return card

    @property
    def needs_rules(self) -> bool:
        """Whether the head reads :func:`rule_features` (then :meth:`relations` needs the extractor and rules)."""
        return self.features.endswith("+rules")

    def piece_proba(self, states: SentenceStates, rules: np.ndarray | None = None) -> np.ndarray:
        """``(T, len(TAGS))`` calibrated tag probabilities per word piece."""
        x = piece_features(states.token_states, states.token_sentence, states.vectors, self.features, rules)
        return self.head.proba(x)

    def relations(self, text: str, states: SentenceStates, ex: QuoteExtractor | None = None,
                  rules: Sequence[RawQuote] = ()) -> list[TaggedRelation]:
        """The article's tagged relations (all scores; :func:`merge_with_rules` applies the threshold). ``ex``
        and ``rules`` (the rules' extractor and quotes) are needed when the head reads rule features."""
        if not len(states.token_states):
            return []
        feats = None
        if self.needs_rules:
            if ex is None:
                raise ValueError(f"{self.head.name} reads rule features: pass the extractor and the rule quotes")
            feats = rule_features(ex.nlp, rules, [(r.start, r.end) for r in ex.regions], states.token_offsets)
        spans = decode_spans(self.piece_proba(states, feats), states.token_offsets, self.options.o_bias,
                             self.transitions)
        return assemble(text, spans, self.options.max_gap, self.span_calibration, self.options.source_gap,
                        self.options.join_gap)


@functools.lru_cache(maxsize=2)
def load_quote_tagger(path: str | None = None) -> QuoteTagger:
    """The shipped quote tagger (or another head file of the same format), loaded once."""
    return QuoteTagger(Head.load(Path(path) if path else TAGGER_PATH))


__all__ = ["FEATURES", "KEEP_RULES", "RULE_FEATURES", "TAGGER_PATH", "TAGS", "TYPES", "DecodeOptions", "QuoteTagger", "TaggedRelation",
           "TaggedSpan", "assemble", "combine", "decode_spans", "load_quote_tagger", "merge_with_rules",
           "rule_features", "tagged_quotes"]
