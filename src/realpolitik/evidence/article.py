"""Result types of the evidence pipeline: an ingested article and what is
extracted from it. All are frozen dataclasses with ``to_dict()``; every
extracted item carries ``start``/``end`` character offsets into
:attr:`Article.text`, so ``article.text[q.start:q.end] == q.text``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["EFFECTS", "FACTORS", "Article", "Claim", "Extraction", "Quote", "content_id"]

#: The taxonomy's factor labels (same as ``scenario.schema.FactorCategory``).
FACTORS = (
    "battlefield",
    "economy",
    "domestic_politics",
    "security",
    "international_support",
    "offer_terms",
    "pressure_levers",
    "other",
)
#: The direction a claim pushes its actor.
EFFECTS = ("continue_war", "settle", "neutral")

Format = Literal["text", "html", "markdown"]


def content_id(title: str | None, text: str) -> str:
    """Stable id of an article: a hash of its title and body, white space folded.

    The same content always gets the same id, wherever and however often it
    is ingested, which is what makes ingestion idempotent.
    """
    folded = re.sub(r"\s+", " ", f"{title or ''}\n{text}").strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """An ingested article: cleaned body text plus its metadata."""

    text: str
    """Body text as stored; every offset points into it. Paragraphs are separated by a blank line."""
    title: str | None = None
    outlet: str | None = None
    date: dt.datetime | None = None
    """Publication time, timezone-aware (UTC assumed when the source gives no zone)."""
    authors: tuple[str, ...] = ()
    """People credited with writing it (byline, JSON-LD author, 'Reporting by'); not editors."""
    url: str | None = None
    origin: str = "<memory>"
    """Where it was read from: a path, or ``<stdin>``."""
    format: Format = "text"

    @property
    def id(self) -> str:
        """Content hash (see :func:`content_id`)."""
        return content_id(self.title, self.text)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["id"] = self.id
        d["authors"] = list(self.authors)
        d["date"] = self.date.isoformat() if self.date else None
        return d


@dataclass(frozen=True)
class Quote:
    """Words in quotation marks that the article presents as somebody's utterance."""

    start: int
    end: int
    text: str
    """The words between the marks, one trailing ``. , ; :`` dropped."""
    speaker: str | None
    """Canonical full name, organisation, or ``unnamed <description>``."""
    cue: str = ""
    """How the speaker was found: ``after``, ``before``, ``according_to``, ``context``, ``sentence``
    (an earlier quote in the sentence), ``parse``, or ``unattributed`` (somebody's words, speaker unknown)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Claim:
    """A clause asserting an actor's motive, capability, trend, cost or benefit."""

    start: int
    end: int
    text: str
    actor: str
    """Actor id (lower-case slug, ``russia``) of the party whose choice it bears on."""
    factor: str
    """One of :data:`FACTORS`."""
    effect: str
    """One of :data:`EFFECTS`."""
    speaker: str | None = None
    """Who asserts it, when the claim is quoted or attributed."""
    score: float = 0.0
    """Strength of the factor cues that fired (for ranking, not a probability)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    speakers: tuple[str, ...] = field(default=())
    """Canonical names of everyone quoted, in order of first quotation."""
    statistical: bool = False
    """Whether the spaCy model was used (False: rules only)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "quotes": [q.to_dict() for q in self.quotes],
            "claims": [c.to_dict() for c in self.claims],
            "speakers": list(self.speakers),
            "statistical": self.statistical,
        }
