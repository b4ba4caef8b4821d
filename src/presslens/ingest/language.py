"""Language identification from the content (py3langid: a compact naive-Bayes model shipped in its wheel).

Markup ``lang`` attributes are not trusted: CMS templates often declare ``en`` on every page.
"""

from __future__ import annotations

import functools

from ..article import Language

#: Characters fed to the identifier: the first ~5,000 are plenty and keep huge articles cheap.
SAMPLE_CHARS = 5000
#: Below this confidence (normalised probability) the language is reported as undetermined ("und").
MIN_CONFIDENCE = 0.5
#: Texts shorter than this many letters are too short to identify reliably.
MIN_LETTERS = 20


#: ``Language.method`` when the text has too few letters to identify: not evidence of another language.
TOO_SHORT = "py3langid:too-short"


@functools.lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    import py3langid.langid as langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> Language:
    """Detect the language of ``text``; ``code="und"`` when too short or too uncertain."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return Language("und", 0.0, TOO_SHORT)
    code, prob = _identifier().classify(sample)
    prob = float(prob)
    if prob < MIN_CONFIDENCE:
        return Language("und", round(prob, 4), "py3langid")
    return Language(str(code), round(prob, 4), "py3langid")


__all__ = ["TOO_SHORT", "detect_language"]
