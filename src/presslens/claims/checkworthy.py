"""Check-worthiness scoring: a small hashed linear model over lexical and linguistic sentence features.

Every sentence gets a score in [0, 1]: the probability that it "contains a factual claim worth checking"
(CLEF CheckThat! 2024 Task 1 / ClaimBuster CFS). The model is a logistic regression over three hashed,
TF-IDF-weighted, L2-normalised feature blocks:

``words``
    lower-cased word 1–3-grams with digits folded to ``0``, plus part-of-speech tag 1–3-grams, entity-type
    tokens, a sentence-length bucket and number/percent/money flags — all read from the spaCy tokens that
    the shared base pass already produced (tagger + NER, no parser).
``chars``
    character 2–5-grams inside word boundaries (``char_wb``) of the lower-cased sentence.

Hashing keeps the shipped artefact small and vocabulary-free: it holds only the idf vectors, the weights,
the intercept and the decision threshold chosen on a validation split (``models/checkworthy.npz``, built by
``scripts/train_checkworthy.py``). Training and run time share :func:`sentence_features`, so the features
are identical by construction.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer
from spacy.tokens import Doc, Span

from ..errors import ModelError, error

if TYPE_CHECKING:
    from ..nlp import NLPDoc

#: Where the shipped model lives (inside the package; never downloaded).
MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthy.npz"

#: Feature-space sizes (hash buckets) of the two blocks.
WORD_FEATURES = 2**18
CHAR_FEATURES = 2**17

_DIGITS = re.compile(r"\d")
_TABLE_KEY = "checkworthy.token_table"
_COUNTS_KEY = "checkworthy.counts"
_LEN_BUCKETS = (4, 8, 12, 18, 25, 35, 50)


def _length_bucket(n: int) -> str:
    for b in _LEN_BUCKETS:
        if n <= b:
            return f"len<={b}"
    return "len>50"


def sentence_features(span: Span | Doc, ents: Sequence[Span] | None = None) -> list[str]:
    """Symbolic features of one tagged (and NER-annotated) sentence: word/tag n-grams, entity types, flags.

    Args:
        span: a sentence of a spaCy doc produced with tagger and NER (the presslens base pass).
        ents: the entities inside ``span`` when the caller has them indexed (``NLPDoc.sentence_ents``);
            ``span.ents`` scans the whole document's entities, which is quadratic over an article.

    Returns:
        Feature strings, repeated as often as they occur (counts become term frequencies).
    """
    toks = [t for t in span if not t.is_space]
    words = [_DIGITS.sub("0", t.lower_) for t in toks]
    tags = [t.tag_ or t.pos_ or "X" for t in toks]
    feats: list[str] = []
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            feats.append("w:" + " ".join(words[i : i + n]))
            feats.append("t:" + " ".join(tags[i : i + n]))
    if ents is None:
        ents = span.ents
    for ent in ents:
        feats.append("e:" + ent.label_)
    # word stream with entities replaced by their type: generalises across names and figures
    masked: list[str] = []
    i = 0
    ent_at = {e.start: e for e in ents}
    base = span.start if isinstance(span, Span) else 0
    while i < len(span):
        tok = span[i]
        hit = ent_at.get(base + i)
        if hit is not None:
            masked.append(hit.label_)
            i += len(hit)
            continue
        if not tok.is_space:
            masked.append(tok.lower_)
        i += 1
    for n in (2, 3):
        for j in range(len(masked) - n + 1):
            feats.append("m:" + " ".join(masked[j : j + n]))
    feats.append("f:" + _length_bucket(len(toks)))
    if any(t.like_num for t in toks):
        feats.append("f:number")
    if any(t.text in ("%", "percent") for t in toks):
        feats.append("f:percent")
    if any(t.tag_ == "$" for t in toks):
        feats.append("f:money")
    if toks and toks[-1].text == "?":
        feats.append("f:question")
    if any(t.tag_ in ("PRP",) and t.lower_ in ("i", "we") for t in toks):
        feats.append("f:first_person")
    return feats


_FOLDED: dict[str, str] = {}
_TAG_OR: dict[tuple[str, str], str] = {}


def _token_table(nlp_doc: NLPDoc) -> tuple[list[str], list[str]]:
    """Per-token streams of :func:`sentence_features` for the whole base doc, computed once per document:
    (lower-cased word with digits folded to 0, tag or POS or "X")."""
    cached = nlp_doc.cache.get(_TABLE_KEY)
    if cached is not None:
        return cached  # type: ignore[return-value]
    cols = nlp_doc.columns
    folded = []
    for low in cols.lower:
        f = _FOLDED.get(low)
        if f is None:
            f = _FOLDED[low] = _DIGITS.sub("0", low)
        folded.append(f)
    tag_or = []
    for tag, pos in zip(cols.tag, cols.pos, strict=True):
        t = _TAG_OR.get((tag, pos))
        if t is None:
            t = _TAG_OR[(tag, pos)] = tag or pos or "X"
        tag_or.append(t)
    table = (folded, tag_or)
    nlp_doc.cache[_TABLE_KEY] = table
    return table


def scorable_sentences(nlp_doc: NLPDoc, min_words: int) -> list[Span]:
    """The sentences of the base doc with at least ``min_words`` alphabetic tokens (read from one array)."""
    alpha = nlp_doc.columns.alpha_before
    return [s for s in nlp_doc.sents if alpha[s.end] - alpha[s.start] >= min_words]


def doc_sentence_features(nlp_doc: NLPDoc, sent: Span) -> list[str]:
    """:func:`sentence_features` of one sentence of the base doc, read from the document's token table instead
    of token objects (the same strings in the same order; ``tests/claims`` compares the two on real articles)."""
    folded, tag_or = _token_table(nlp_doc)
    cols = nlp_doc.columns
    space, lowers, tags, texts, like = cols.is_space, cols.lower, cols.tag, cols.text, cols.like_num
    a, b = sent.start, sent.end
    keep = [i for i in range(a, b) if not space[i]]
    words = [folded[i] for i in keep]
    tgs = [tag_or[i] for i in keep]
    feats: list[str] = []
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            feats.append("w:" + " ".join(words[i : i + n]))
            feats.append("t:" + " ".join(tgs[i : i + n]))
    ents = nlp_doc.sentence_ents(sent)
    for ent in ents:
        feats.append("e:" + ent.label_)
    masked: list[str] = []
    ent_at = {e.start: e for e in ents}
    i = a
    while i < b:
        hit = ent_at.get(i)
        if hit is not None:
            masked.append(hit.label_)
            i += len(hit)
            continue
        if not space[i]:
            masked.append(lowers[i])
        i += 1
    for n in (2, 3):
        for j in range(len(masked) - n + 1):
            feats.append("m:" + " ".join(masked[j : j + n]))
    feats.append("f:" + _length_bucket(len(keep)))
    if any(like[i] for i in keep):
        feats.append("f:number")
    if any(texts[i] in ("%", "percent") for i in keep):
        feats.append("f:percent")
    if any(tags[i] == "$" for i in keep):
        feats.append("f:money")
    if keep and texts[keep[-1]] == "?":
        feats.append("f:question")
    if any(tags[i] == "PRP" and lowers[i] in ("i", "we") for i in keep):
        feats.append("f:first_person")
    return feats


def doc_counts(nlp_doc: NLPDoc, sents: Sequence[Span]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """:func:`raw_counts` of sentences of the base doc, computed once per document and set of sentences: the
    check-worthiness and subjectivity models read the same hashed features (their idf and weights differ)."""
    key = tuple(s.start for s in sents)
    cached = nlp_doc.cache.get(_COUNTS_KEY)
    if isinstance(cached, tuple) and cached[0] == key:
        return cached[1], cached[2]
    words = _hashers()[0]
    xw = words.transform(doc_sentence_features(nlp_doc, s) for s in sents).tocsr().astype(np.float32)
    xc = char_counts([s.text for s in sents]).astype(np.float32)
    nlp_doc.cache[_COUNTS_KEY] = (key, xw, xc)
    return xw, xc


#: word → (hashed char n-gram indices, counts) of that word, as the chars hasher computes them
_WORD_NGRAMS: dict[str, tuple[np.ndarray, np.ndarray]] = {}
_WORD_NGRAMS_MAX = 200_000


def char_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """The chars block of :func:`raw_counts` (``HashingVectorizer(analyzer="char_wb")``) built from per-word
    counts: a ``char_wb`` n-gram never crosses a word, so a text's counts are the sum of its words' counts, and
    each word is turned into n-grams and hashed once per process (by the same analyzer and hasher). The counts
    are integers, so the sums are exact: the same matrix (``tests/claims`` compares them on real articles)."""
    _, chars = _hashers()
    words = [chars._white_spaces.sub(" ", t.lower()).split() for t in texts]
    cache = _WORD_NGRAMS
    new = list({w for ws in words for w in ws if w not in cache})
    if new:
        if len(cache) + len(new) > _WORD_NGRAMS_MAX:
            cache.clear()
        hasher = FeatureHasher(n_features=CHAR_FEATURES, input_type="string", alternate_sign=False)
        m = hasher.transform(chars._char_wb_ngrams(w) for w in new).tocsr()
        for k, w in enumerate(new):
            a, b = m.indptr[k], m.indptr[k + 1]
            cache[w] = (m.indices[a:b], m.data[a:b])
    parts = [cache[w] for ws in words for w in ws]
    lengths = [sum(len(cache[w][0]) for w in ws) for ws in words]
    indptr = np.zeros(len(texts) + 1, dtype=np.int32)
    np.cumsum(lengths, out=indptr[1:])
    if parts:
        indices = np.concatenate([p[0] for p in parts]).astype(np.int32, copy=False)
        data = np.concatenate([p[1] for p in parts])
    else:
        indices, data = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
    x = sp.csr_matrix((data, indices, indptr), shape=(len(texts), CHAR_FEATURES))
    x.sum_duplicates()
    return x


@functools.lru_cache(maxsize=1)
def _hashers() -> tuple[FeatureHasher, HashingVectorizer]:
    words = FeatureHasher(n_features=WORD_FEATURES, input_type="string", alternate_sign=False)
    chars = HashingVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), n_features=CHAR_FEATURES, alternate_sign=False, norm=None,
        lowercase=True,
    )
    return words, chars


def raw_counts(spans: Sequence[Span | Doc], ents: Sequence[Sequence[Span]] | None = None
               ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Hashed count matrices (words block, chars block) for tagged sentences (``ents``: see
    :func:`sentence_features`)."""
    words, chars = _hashers()
    if ents is None:
        xw = words.transform(sentence_features(s) for s in spans).tocsr()
    else:
        xw = words.transform(sentence_features(s, e) for s, e in zip(spans, ents, strict=True)).tocsr()
    xc = chars.transform([s.text for s in spans]).tocsr()
    return xw.astype(np.float32), xc.astype(np.float32)


def tfidf_block(x: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear tf × idf, then L2-normalised rows (as sklearn's TfidfTransformer(sublinear_tf=True))."""
    fast = _tfidf_block_arrays(x, idf)
    if fast is not None:
        return fast
    return _tfidf_block_sparse(x, idf)


def _tfidf_block_sparse(x: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """The reference formulation with scipy's sparse products (each product allocates arrays as wide as the
    hashed feature space, 2**17–2**18 columns, for every article)."""
    x = x.copy()
    x.data = 1.0 + np.log(x.data)
    x = x @ sp.diags(idf.astype(np.float32))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ x)


def _tfidf_block_arrays(x: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix | None:
    """:func:`_tfidf_block_sparse` on the stored entries only: the same float32 operations on the same values in
    the same order (products of one stored value with one diagonal entry; the row sums by the ``np.add.reduceat``
    scipy itself uses), hence bit-identical results (``tests/claims`` checks it). None where that argument does
    not hold (a non-canonical or non-float32 matrix, a zero product): the caller then takes the sparse path."""
    if x.dtype != np.float32 or not x.has_canonical_format:
        return None
    tf = 1.0 + np.log(x.data)
    y = tf * idf.astype(np.float32)[x.indices]
    sq = y * y
    if not (y.all() and sq.all()):
        return None
    n = x.shape[0]
    sums = np.zeros(n, dtype=np.float32)
    rows = np.flatnonzero(np.diff(x.indptr))
    if len(rows):
        sums[rows] = np.add.reduceat(sq, x.indptr[rows])
    norms = np.sqrt(sums)
    norms[norms == 0] = 1.0
    scale = (1.0 / norms).astype(np.float32)
    data = scale[np.repeat(np.arange(n), np.diff(x.indptr))] * y
    if not data.all():
        return None
    return sp.csr_matrix((data, x.indices.copy(), x.indptr.copy()), shape=x.shape)


def fit_idf(x: sp.csr_matrix) -> np.ndarray:
    """Smoothed idf of a count matrix: ``ln((1 + n) / (1 + df)) + 1``."""
    n = x.shape[0]
    df = np.bincount(x.indices, minlength=x.shape[1])
    return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)


def design_matrix(xw: sp.csr_matrix, xc: sp.csr_matrix, idf_w: np.ndarray, idf_c: np.ndarray,
                  char_weight: float) -> sp.csr_matrix:
    """Stack the two TF-IDF blocks (chars scaled by ``char_weight``) into one design matrix."""
    return sp.hstack([tfidf_block(xw, idf_w), char_weight * tfidf_block(xc, idf_c)], format="csr")


@dataclass(frozen=True, slots=True)
class CheckworthyModel:
    """The shipped check-worthiness model: idf vectors, weights, intercept and threshold.

    Attributes:
        idf_words, idf_chars: idf of the two hashed blocks.
        coef: logistic-regression weights over the stacked blocks.
        intercept: bias term.
        char_weight: scale of the chars block.
        threshold: probability above which a sentence counts as check-worthy (chosen on validation).
        meta: training provenance (data hashes, C, validation scores…).
    """

    idf_words: np.ndarray
    idf_chars: np.ndarray
    coef: np.ndarray
    intercept: float
    char_weight: float
    threshold: float
    meta: dict[str, object]

    def score_spans(self, spans: Sequence[Span | Doc], ents: Sequence[Sequence[Span]] | None = None
                    ) -> np.ndarray:
        """Check-worthiness probabilities of tagged sentences (same order; ``ents``: see
        :func:`sentence_features`)."""
        if not spans:
            return np.zeros(0, dtype=np.float32)
        return self.score_counts(*raw_counts(spans, ents))

    def score_counts(self, xw: sp.csr_matrix, xc: sp.csr_matrix) -> np.ndarray:
        """Probabilities from hashed count matrices (:func:`raw_counts` or :func:`doc_counts`)."""
        if not xw.shape[0]:
            return np.zeros(0, dtype=np.float32)
        x = design_matrix(xw, xc, self.idf_words, self.idf_chars, self.char_weight)
        z = x @ self.coef + self.intercept
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the model as a compressed ``.npz`` (float16 weights; metadata as JSON)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            idf_words=self.idf_words.astype(np.float16),
            idf_chars=self.idf_chars.astype(np.float16),
            coef=self.coef.astype(np.float16),
            scalars=np.array([self.intercept, self.char_weight, self.threshold], dtype=np.float64),
            meta=np.frombuffer(json.dumps(self.meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> CheckworthyModel:
        """Read a model written by :meth:`save`; ModelError (E031) if missing or malformed."""
        try:
            with np.load(path, allow_pickle=False) as z:
                scalars = z["scalars"]
                return cls(
                    idf_words=z["idf_words"].astype(np.float32),
                    idf_chars=z["idf_chars"].astype(np.float32),
                    coef=z["coef"].astype(np.float32),
                    intercept=float(scalars[0]),
                    char_weight=float(scalars[1]),
                    threshold=float(scalars[2]),
                    meta=json.loads(bytes(z["meta"]).decode("utf-8")),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise error(ModelError, "E031", path=str(path), why=str(exc),
                        script="scripts/train_checkworthy.py") from exc


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> CheckworthyModel:
    """The shipped model, loaded once per process."""
    return CheckworthyModel.load(Path(path) if path else MODEL_PATH)


def score_texts(texts: Iterable[str], nlp: object | None = None) -> np.ndarray:
    """Score raw sentences (each treated as one sentence) with the shipped model.

    Args:
        texts: sentences.
        nlp: a :class:`presslens.nlp.NLP`; the shared default pipeline when None.
    """
    from ..nlp import NLP, load_nlp

    pipe = nlp if isinstance(nlp, NLP) else load_nlp()
    docs = list(pipe.language.pipe(list(texts), batch_size=256))
    return load_model().score_spans(docs)


__all__ = [
    "MODEL_PATH",
    "CheckworthyModel",
    "char_counts",
    "design_matrix",
    "doc_counts",
    "doc_sentence_features",
    "fit_idf",
    "load_model",
    "raw_counts",
    "scorable_sentences",
    "score_texts",
    "sentence_features",
    "tfidf_block",
]
