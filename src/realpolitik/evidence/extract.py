"""Extraction façade: an :class:`Article` in, an :class:`Extraction` out.

Runs the optional spaCy model (when installed) once over the body — several
bodies per batch in :func:`extract_many` — learns the article's names, then
extracts quotes (:mod:`.quotes`) and claims (:mod:`.claims`).
``statistical=False`` runs the rules alone, which is how ``make eval-extract``
measures what the model adds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from realpolitik.evidence.article import Article, Extraction
from realpolitik.evidence.claims import extract_claims
from realpolitik.evidence.nlp import load_model, parse, parse_many
from realpolitik.evidence.quotes import extract_quotes
from realpolitik.evidence.speakers import SpeakerIndex

__all__ = ["extract", "extract_many"]


def extract(
    article: Article, *, statistical: bool | None = None, nlp: Any | None = None, doc: Any | None = None
) -> Extraction:
    """Extract quotes, speakers and claims from an article.

    Parameters
    ----------
    article
        The ingested article; offsets in the result index ``article.text``.
    statistical
        True to require the spaCy model, False to use rules only, None
        (default) to use the model when it is installed.
    nlp
        A loaded spaCy pipeline to use instead of the default model.
    doc
        The article text already parsed (by :func:`extract_many`); it is not parsed again.
    """
    if doc is None and statistical is not False:
        nlp = nlp if nlp is not None else load_model()
        doc = parse(nlp, article.text) if nlp is not None else None
    persons = tuple(e.text for e in doc.ents if e.label_ == "PERSON") if doc is not None else ()
    index = SpeakerIndex.from_text(article.text, persons)
    quotes = extract_quotes(article.text, index, doc)
    claims = extract_claims(article, quotes, index, doc)
    speakers = tuple(dict.fromkeys(q.speaker for q in quotes if q.speaker))
    return Extraction(
        article=article,
        quotes=tuple(quotes),
        claims=tuple(claims),
        speakers=speakers,
        statistical=doc is not None,
    )


def extract_many(
    articles: Iterable[Article], *, statistical: bool | None = None, nlp: Any | None = None
) -> Iterator[Extraction]:
    """Extract from several articles, parsing them in batches (``nlp.pipe``): one parse each.

    Yields one :class:`Extraction` per article, in order, as soon as its batch is parsed.
    """
    if nlp is None and statistical is not False:
        nlp = load_model()
    if nlp is None:
        for article in articles:
            yield extract(article, statistical=False)
        return
    pending = list(articles) if not isinstance(articles, list) else articles
    for article, doc in zip(pending, parse_many(nlp, (a.text for a in pending)), strict=True):
        yield extract(article, doc=doc)
