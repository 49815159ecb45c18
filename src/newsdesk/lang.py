"""Language identification for articles that do not declare their language.

py3langid (langid.py's maintained fork: a small naive-Bayes model shipped in the
wheel, ~0.2 ms per article) rather than a script heuristic: Malay, Spanish or
German articles are Latin script like English, and both the clusterer's rare-word
weights and the English spaCy model would treat them as noisy English.
"""

from __future__ import annotations

import functools

# Too little text to call: treated as the corpus default rather than guessed.
MIN_CHARS = 20


@functools.cache
def _identifier() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, default: str = "en") -> str:
    """ISO 639-1 code of ``text`` (its first 2,000 characters), or ``default``
    when the text is too short or the model is not confident."""
    sample = text[:2000]
    if len(sample.strip()) < MIN_CHARS:
        return default
    code, prob = _identifier().classify(sample)  # type: ignore[attr-defined]
    return str(code) if prob >= 0.5 else default
