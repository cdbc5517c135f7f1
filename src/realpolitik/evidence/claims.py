"""Claims extraction (placeholder until the claim labeller lands: returns no claims)."""

from __future__ import annotations

from typing import Any

from realpolitik.evidence.article import Article, Claim, Quote
from realpolitik.evidence.speakers import SpeakerIndex

__all__ = ["extract_claims"]


def extract_claims(
    article: Article, quotes: list[Quote], index: SpeakerIndex, doc: Any | None
) -> list[Claim]:
    """No claims yet."""
    return []
