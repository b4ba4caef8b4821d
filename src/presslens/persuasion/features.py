"""Features over the shared spaCy document: per token (span identification) and per span (techniques).

Everything here reads only the base NLP pass (tokens, lemmas, fine tags, entities, sentences); no
dependency parse. Features are strings, hashed into a fixed-size space by :func:`hash_rows`, so the
shipped model is a weight matrix and nothing else.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from spacy.tokens import Doc

from .lexicons import LexiconHit, LexiconMatcher

_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
_SECOND = frozenset({"you", "your", "yours"})
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''"})
_SHORT = {"Appeal_to_Authority": "AUT", "Appeal_to_fear-prejudice": "FEAR", "Bandwagon,Reductio_ad_hitlerum": "BAND",
          "Black-and-White_Fallacy": "BW", "Causal_Oversimplification": "CAUS", "Doubt": "DOUBT",
          "Exaggeration,Minimisation": "EXAG", "Flag-Waving": "FLAG", "Loaded_Language": "LOAD",
          "Name_Calling,Labeling": "NAME", "Repetition": "REP", "Slogans": "SLOG",
          "Thought-terminating_Cliches": "TTC", "Whataboutism,Straw_Men,Red_Herring": "WHAT"}


def _bin(n: float, edges: Sequence[float]) -> int:
    for i, e in enumerate(edges):
        if n <= e:
            return i
    return len(edges)


def _norm(text: str) -> str:
    """Lowercase, punctuation to single spaces, padded with spaces so that counts match whole words."""
    return " " + re.sub(r"\W+", " ", text.lower()).strip() + " "


def _line_edge(text: str, i: int, step: int) -> bool:
    """True if only spaces/tabs separate offset ``i`` from a line break or the text edge (looking ``step``)."""
    j = i - 1 if step < 0 else i
    while 0 <= j < len(text) and text[j] in " \t":
        j += step
    return not 0 <= j < len(text) or text[j] == "\n"


@functools.lru_cache(maxsize=65536)
def _shape(text: str) -> str:
    s = re.sub(r"[A-Z]", "X", text)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"[0-9]", "d", s)
    return re.sub(r"(.)\1{2,}", r"\1\1", s)[:6]


@dataclass(slots=True)
class DocInfo:
    """Article-level facts computed once per document and shared by token and span features."""

    doc: Doc
    lowers: list[str]
    lemmas: list[str]
    tags: list[str]
    content: list[bool]
    lemma_count: Counter[str]
    bigram_count: Counter[tuple[str, str]]
    title_lemmas: set[str]
    sent_of: list[int]
    sent_bounds: list[tuple[int, int]]
    sent_feats: list[list[str]]
    lex_hits: list[LexiconHit]
    lex_tok: list[list[str]]
    sent_lex: list[Counter[str]]
    norm_text: str
    text: str


def doc_info(doc: Doc, matcher: LexiconMatcher) -> DocInfo:
    """Compute the shared per-article facts of ``doc``."""
    text = doc.text  # Doc.text joins every token: compute it once
    lowers = [t.lower_ for t in doc]
    lemmas = [t.lemma_.lower() for t in doc]
    tags = [t.tag_ for t in doc]
    content = [t.is_alpha and not t.is_stop and len(t) > 2 for t in doc]
    lemma_count = Counter(lm for lm, c in zip(lemmas, content, strict=True) if c)
    cl = [(i, lemmas[i]) for i in range(len(doc)) if content[i]]
    bigram_count = Counter((a[1], b[1]) for a, b in itertools.pairwise(cl))
    sents = list(doc.sents)
    sent_of = [0] * len(doc)
    bounds = []
    for si, s in enumerate(sents):
        bounds.append((s.start, s.end))
        for i in range(s.start, s.end):
            sent_of[i] = si
    title_lemmas = {lemmas[i] for i in range(bounds[0][0], bounds[0][1]) if content[i]} if sents else set()
    hits = matcher(doc, lowers, lemmas)
    lex_tok: list[list[str]] = [[] for _ in range(len(doc))]
    sent_lex: list[Counter[str]] = [Counter() for _ in sents]
    for h in hits:
        code = _SHORT[h.technique]
        for i in range(h.start, h.end):
            lex_tok[i].append(("B-" if i == h.start else "I-") + code)
        if sents:
            sent_lex[sent_of[h.start]][code] += 1
    sent_feats = []
    for si, s in enumerate(sents):
        words = [t for t in s if not t.is_space]
        toks = {t.lower_ for t in words}
        f = [f"slen={_bin(len(words), (3, 6, 10, 18, 30, 45))}",
             f"spos={min(si, 3)}" if si < 3 else "spos=body"]
        if "!" in toks:
            f.append("s!")
        if "?" in toks:
            f.append("s?")
        if toks & _QUOTES:
            f.append("squote")
        if toks & _FIRST_PLURAL:
            f.append("swe")
        if toks & _SECOND:
            f.append("syou")
        if any(t.ent_type_ in ("NORP", "GPE") for t in words):
            f.append("sgeo")
        if words and words[0].tag_ == "VB" and not toks & _QUOTES:
            f.append("simp")
        if words:
            c0, c1 = words[0].idx, words[-1].idx + len(words[-1].text)
            if _line_edge(text, c0, -1) and _line_edge(text, c1, +1):
                f.append("spara")
        for code, n in sent_lex[si].items():
            f.append(f"slex={code}:{min(n, 3)}")
        f.append(f"slexn={min(sum(sent_lex[si].values()), 5)}")
        sent_feats.append(f)
    return DocInfo(doc, lowers, lemmas, tags, content, lemma_count, bigram_count, title_lemmas, sent_of,
                   bounds, sent_feats, hits, lex_tok, sent_lex, _norm(text), text)


#: Lexicon families whose hits let a token seed a span at the lower ``si_cue`` threshold (the generic
#: authority and causal cues are left out).
_CUE_CODES = frozenset(_SHORT.values()) - {"AUT", "CAUS", "REP"}


#: A stand-alone imperative sentence of at most this many words is a slogan cue ("Wake up, America!").
SLOGAN_MAX_WORDS = 12


def cue_mask(info: DocInfo) -> np.ndarray:
    """True for tokens inside a hit of a cue lexicon (see ``_CUE_CODES``) or a short stand-alone imperative.

    A stand-alone imperative is a sentence that is a paragraph of its own, starts with a base-form verb,
    has at most :data:`SLOGAN_MAX_WORDS` words and no quotation marks (calls to action, slogans).
    """
    mask = np.array([any(x[2:] in _CUE_CODES for x in tags) for tags in info.lex_tok], dtype=bool)
    return mask | slogan_sentence_mask(info)


def slogan_sentence_mask(info: DocInfo) -> np.ndarray:
    """True for the tokens of short stand-alone imperative sentences (see :func:`cue_mask`)."""
    mask = np.zeros(len(info.doc), dtype=bool)
    for (s0, s1), feats in zip(info.sent_bounds, info.sent_feats, strict=True):
        if "simp" in feats and "spara" in feats:
            words = sum(1 for t in info.doc[s0:s1] if not (t.is_punct or t.is_space))
            if words <= SLOGAN_MAX_WORDS:
                mask[s0:s1] = True
    return mask


def token_features(info: DocInfo) -> list[list[str]]:
    """One feature list per token of the document (whitespace tokens get a single feature)."""
    doc, lw, lm, tg = info.doc, info.lowers, info.lemmas, info.tags
    n = len(doc)
    rows: list[list[str]] = []

    def at(seq: list[str], j: int) -> str:
        return seq[j] if 0 <= j < n else "<none>"

    for i, tok in enumerate(doc):
        if tok.is_space:
            rows.append(["space"])
            continue
        si = info.sent_of[i]
        s0, s1 = info.sent_bounds[si] if info.sent_bounds else (0, n)
        f = [
            "bias", "w=" + lw[i], "l=" + lm[i], "t=" + tg[i], "sh=" + _shape(tok.text), "suf=" + lw[i][-3:],
            "w-1=" + at(lw, i - 1), "w+1=" + at(lw, i + 1), "w-2=" + at(lw, i - 2), "w+2=" + at(lw, i + 2),
            "l-1|l=" + at(lm, i - 1) + "|" + lm[i], "l|l+1=" + lm[i] + "|" + at(lm, i + 1),
            "t-1|t=" + at(tg, i - 1) + "|" + tg[i], "t|t+1=" + tg[i] + "|" + at(tg, i + 1),
            "t-1|t|t+1=" + at(tg, i - 1) + "|" + tg[i] + "|" + at(tg, i + 1),
            f"pos={_bin(i - s0, (0, 1, 3, 8))}", f"rpos={_bin(s1 - 1 - i, (0, 1, 3, 8))}",
        ]
        if tok.ent_type_:
            f.append("ent=" + tok.ent_type_)
        if tok.is_upper and len(tok) > 1:
            f.append("caps")
        if info.content[i]:
            c = info.lemma_count[lm[i]]
            f.append(f"rep={_bin(c, (1, 2, 4, 7))}")
            if lm[i] in info.title_lemmas and si > 0:
                f.append("in_title")
            if i + 1 < n and info.content[i + 1] and info.bigram_count[(lm[i], lm[i + 1])] > 1:
                f.append("rep_bigram")
            if i > 0 and info.content[i - 1] and info.bigram_count[(lm[i - 1], lm[i])] > 1:
                f.append("rep_bigram")
        for x in info.lex_tok[i]:
            f.append("lex=" + x)
        for j in (-2, -1, 1, 2):
            if 0 <= i + j < n:
                for x in info.lex_tok[i + j]:
                    f.append(f"lex{j:+d}=" + x[2:])
        if info.sent_feats:
            f.extend(info.sent_feats[si])
        rows.append(f)
    return rows


def span_features(info: DocInfo, start: int, end: int) -> list[str]:
    """Features of the text span ``[start, end)`` (character offsets) for technique classification."""
    doc = info.doc
    sp = doc.char_span(start, end, alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return ["bias", "empty"]
    toks = [t for t in sp if not t.is_space]
    lw, lm = info.lowers, info.lemmas
    idx = [t.i for t in toks] or [sp.start]
    f = ["bias", f"ntok={_bin(len(toks), (1, 2, 3, 5, 8, 13, 21, 34))}",
         "first=" + lw[idx[0]], "last=" + lw[idx[-1]],
         "ctx-1=" + (lw[sp.start - 1] if sp.start > 0 else "<s>"),
         "ctx+1=" + (lw[sp.end] if sp.end < len(doc) else "</s>")]
    for i in idx:
        f.append("u=" + lw[i])
        f.append("ul=" + lm[i])
        f.append("ut=" + info.tags[i])
        if doc[i].ent_type_:
            f.append("uent=" + doc[i].ent_type_)
    for a, b in itertools.pairwise(idx):
        f.append("bg=" + lw[a] + "|" + lw[b])
    if len(idx) <= 4:
        f.append("tagseq=" + "|".join(info.tags[i] for i in idx))
        f.append("text=" + " ".join(lw[i] for i in idx))
    # repetition: how often the span text / its content lemmas occur in the article
    text_norm = _norm(info.text[start:end])
    if text_norm.strip():
        f.append(f"occ={_bin(info.norm_text.count(text_norm), (1, 2, 3, 5))}")
    cont = [lm[i] for i in idx if info.content[i]]
    if cont:
        mx = max(info.lemma_count[c] for c in cont)
        mn = min(info.lemma_count[c] for c in cont)
        f.append(f"maxrep={_bin(mx, (1, 2, 3, 5, 8))}")
        f.append(f"minrep={_bin(mn, (1, 2, 3, 5, 8))}")
        if all(c in info.title_lemmas for c in cont):
            f.append("all_in_title")
    else:
        f.append("no_content")
    si = info.sent_of[idx[0]] if info.sent_bounds else 0
    s0, s1 = info.sent_bounds[si] if info.sent_bounds else (0, len(doc))
    cover = len(idx) / max(1, s1 - s0)
    f.append(f"cover={_bin(cover, (0.2, 0.5, 0.8))}")
    if si == 0:
        f.append("in_title_sent")
    span_text = info.text[start:end]
    if "?" in span_text:
        f.append("has?")
    if "!" in span_text:
        f.append("has!")
    if any(q in span_text for q in "\"“”"):
        f.append("hasquote")
    if span_text[:1].isupper():
        f.append("cap_first")
    if span_text.isupper() and len(span_text) > 3:
        f.append("allcaps")
    if "#" in span_text:
        f.append("hashtag")
    lex: Counter[str] = Counter()
    for i in range(sp.start, sp.end):
        for x in info.lex_tok[i]:
            if x[0] == "B" or i == sp.start:
                lex[x[2:]] += 1
    for code, n in lex.items():
        f.append(f"lex={code}")
        f.append(f"lex={code}:{min(n, 3)}")
    if info.sent_feats:
        f.extend("S" + x for x in info.sent_feats[si])
    for i in range(max(s0, sp.start - 3), sp.start):
        f.append("lc=" + lw[i])
    for i in range(sp.end, min(s1, sp.end + 3)):
        f.append("rc=" + lw[i])
    return f


def hash_rows(rows: Sequence[Sequence[str]], n_features: int) -> sparse.csr_matrix:
    """Hash feature lists into a binary-valued sparse matrix (signed hashing, like sklearn's default)."""
    h = FeatureHasher(n_features=n_features, input_type="string", alternate_sign=False)
    x = h.transform(rows)
    x.data = np.minimum(x.data, 1.0)
    return x.tocsr()


__all__ = ["DocInfo", "cue_mask", "doc_info", "hash_rows", "slogan_sentence_mask", "span_features", "token_features"]
