"""Model cards of the weights presslens ships: what each was trained on, under which terms, how well it does.

The full cards are ``docs/models/<name>.md``; this module holds the part programs need (``presslens analyzers``
prints :attr:`ModelCard.terms` for every analyzer that uses a model). The code of presslens is MIT-licensed;
weights trained on research-only data carry that data's restriction, stated here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ModelCard:
    """The short form of a model card."""

    name: str
    files: tuple[str, ...]
    data: str
    data_licence: str
    #: One line a user must read before using the outputs (shown by ``presslens analyzers``).
    terms: str
    #: The full card, relative to the repository root.
    card: str


#: Terms of each training set, shared by every model trained on it.
_PTC_DATA = "no licence stated; distributed by the organisers (propaganda.qcri.org) for research use only"
_PTC_TERMS = "weights trained on PTC, research-use-only data: use for research, do not redistribute as a product"
_CHECKTHAT_DATA = "no licence stated; released by the CheckThat! lab to the research community for research use"
_CHECKTHAT_TERMS = "weights trained on CheckThat!/ClaimBuster research data: research use only"
_SUBJ_DATA = "CC BY-NC-SA 4.0 (as shipped with the 2025 official data): non-commercial, attribution, share-alike"
_SUBJ_TERMS = "weights trained on CC BY-NC-SA 4.0 data: non-commercial use, attribute CheckThat!, share alike"

CARDS: dict[str, ModelCard] = {
    "persuasion-v1": ModelCard(
        name="persuasion-v1",
        files=("src/presslens/persuasion/models/persuasion-v1.npz", "src/presslens/persuasion/models/persuasion-v1.json"),
        data="PTC (SemEval-2020 Task 11) train articles, 297 of 371 (74 held out for validation)",
        data_licence=_PTC_DATA,
        terms=_PTC_TERMS,
        card="docs/models/persuasion-v1.md",
    ),
    "checkworthy": ModelCard(
        name="checkworthy",
        files=("src/presslens/claims/models/checkworthy.npz",),
        data="CLEF CheckThat! 2024 Task 1 English train (22,501 US presidential-debate sentences, ClaimBuster-derived)",
        data_licence=_CHECKTHAT_DATA,
        terms=_CHECKTHAT_TERMS,
        card="docs/models/checkworthy.md",
    ),
    "presslens-minilm-mt-int8": ModelCard(
        name="presslens-minilm-mt-int8",
        files=("src/presslens/encoders/models/presslens-minilm-mt-int8.onnx", "src/presslens/encoders/models/tokenizer.json"),
        data="sentence-transformers/all-MiniLM-L6-v2 (1B+ sentence pairs, Apache-2.0), fine-tuned multi-task on PTC "
             "train (span tagging), CheckThat! 2024 English train (check-worthiness) and CheckThat! subjectivity "
             "train_en (CC BY-NC-SA 4.0); int8-quantised",
        data_licence="base model Apache-2.0; fine-tuning data: PTC and CheckThat! 2024 research use only, "
                     "subjectivity CC BY-NC-SA 4.0",
        terms="fine-tuned on research-only and CC BY-NC-SA 4.0 data: research and non-commercial use only, attribute "
              "CheckThat!, share alike; keep the Apache-2.0 notice of all-MiniLM-L6-v2",
        card="docs/models/presslens-minilm-mt-int8.md",
    ),
    "span-tagger-minilm": ModelCard(
        name="span-tagger-minilm",
        files=("src/presslens/persuasion/models/span-tagger-minilm.npz",),
        data="PTC (SemEval-2020 Task 11) span gold of 297 train articles (74 held out), BIO over encoder windows, "
             "trained jointly with the presslens-minilm-mt encoder",
        data_licence=_PTC_DATA,
        terms=_PTC_TERMS,
        card="docs/models/span-tagger-minilm.md",
    ),
    "quote-tagger-minilm": ModelCard(
        name="quote-tagger-minilm",
        files=("src/presslens/attribution/models/quote-tagger-minilm.npz",),
        data="PolNeAR v1.0.0 train (attribution content, source and cue spans of US political news, 2015-2016), "
             "whole articles held out for validation; BIO over the shared encoder's word pieces",
        data_licence="no licence stated by the PolNeAR repository; the article texts are copyrighted news: "
                     "research use only",
        terms="weights trained on PolNeAR, research-use-only data: use for research, do not redistribute as a product",
        card="docs/models/quote-tagger-minilm.md",
    ),
    "subjectivity-fast": ModelCard(
        name="subjectivity-fast",
        files=("src/presslens/subjectivity/models/subjectivity-fast.npz",),
        data="CLEF CheckThat! 2023-2025 subjectivity, English train_en.tsv (830 news sentences, SUBJ/OBJ)",
        data_licence=_SUBJ_DATA,
        terms=_SUBJ_TERMS,
        card="docs/models/subjectivity.md",
    ),
    "subjectivity-minilm": ModelCard(
        name="subjectivity-minilm",
        files=("src/presslens/subjectivity/models/subjectivity-minilm.npz",),
        data="CLEF CheckThat! 2023-2025 subjectivity, English train_en.tsv (830 news sentences), over MiniLM embeddings; "
             "plus unlabelled sentences of 500 AllSides news articles with a window-0 teacher's soft targets "
             "(distillation, v3)",
        data_licence=_SUBJ_DATA + "; AllSides article texts (distillation input only, not shipped): copyrighted by "
                                  "their publishers, crawled for research, internal research and benchmarking only",
        terms=_SUBJ_TERMS,
        card="docs/models/subjectivity.md",
    ),
    "checkworthy-minilm": ModelCard(
        name="checkworthy-minilm",
        files=("src/presslens/claims/models/checkworthy-minilm.npz",),
        data="CLEF CheckThat! 2024 Task 1 English train (90 %; 10 % validation), over MiniLM embeddings, mixed with "
             "the checkworthy model",
        data_licence=_CHECKTHAT_DATA,
        terms=_CHECKTHAT_TERMS,
        card="docs/models/checkworthy-minilm.md",
    ),
    "technique-minilm": ModelCard(
        name="technique-minilm",
        files=("src/presslens/persuasion/models/technique-minilm.npz",),
        data="PTC (SemEval-2020 Task 11) gold technique spans of 297 train articles, over MiniLM embeddings",
        data_licence=_PTC_DATA,
        terms=_PTC_TERMS,
        card="docs/models/technique-minilm.md",
    ),
}


def card(name: str) -> ModelCard:
    """The card of a shipped model (KeyError names the known ones)."""
    try:
        return CARDS[name]
    except KeyError:
        raise KeyError(f"no model card {name!r}; known: {sorted(CARDS)}") from None


__all__ = ["CARDS", "ModelCard", "card"]
