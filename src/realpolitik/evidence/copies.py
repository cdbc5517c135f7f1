"""Near-duplicate articles and independent sources.

The same wire story runs in many outlets, often lightly rewritten: a new
headline and lede, a paragraph cut or added, the quotes and most sentences
kept. Counting each copy as a separate source would let one report
corroborate itself. The store therefore records, at ingest, which article is
a copy of which, and counts a claim's *independent* sources as the number of
distinct copy groups among the articles that carry it.

Near-duplicates (Broder 1997, "On the resemblance and containment of
documents"). An article's text is cut into *shingles*, its overlapping runs of
``SHINGLE`` = 5 words (lower-cased, punctuation dropped), each hashed to 64
bits. Two articles are near-duplicates when their shingle sets overlap by at
least ``COPY_OVERLAP``:

    overlap(A, B) = |S_A ∩ S_B| / min(|S_A|, |S_B|)

the containment of the shorter in the longer, so a trimmed copy of a long
wire story still counts. The threshold 0.4 sits between what was measured on
the project's test articles: a rewritten wire story (new lede, three
paragraphs paraphrased, one added, the tail cut) overlaps its original by
0.57, while every pair of the 70 independently reported articles in
``tests/data`` (several on the same conflict) overlaps by at most 0.06.

Finding candidates. Comparing a new article's shingles with every stored
article's would mean re-reading every text; instead each stored article keeps
a MinHash signature (Broder 1997): for ``PERMUTATIONS`` = 64 universal hash
functions, the smallest hash of its shingles. The share of equal positions of
two signatures estimates the Jaccard index J, from which the overlap is
estimated as ``J (|S_A| + |S_B|) / ((1 + J) min(|S_A|, |S_B|))``. Articles
whose estimate reaches half the threshold are candidates, and the rule above
is then applied *exactly* to their shingles; the signature only saves work.

Copy groups. A new article that is a near-duplicate of stored ones is recorded
as a copy of the group of the one it overlaps most (the group's first-stored
article); so groups are single-link clusters in order of ingestion.

Same claim. Claims are matched across articles by text and label: two claims
are the same when the extractor gave them the same factor and their content
words (lower-cased words, minus a short stop-word list) overlap by at least
``CLAIM_OVERLAP`` = 0.5 of the shorter claim's, with at least
``CLAIM_MIN_SHARED`` = 3 words in common. The actor label is not compared: it
depends on the sentences around the claim, so the same sentence in two copies
can get different actors. Quotes are matched the same way, with the same
speaker in place of the same factor. A new item joins the group of the most
similar stored item (its ``same_as``, the group's first item).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "CLAIM_MIN_SHARED",
    "CLAIM_OVERLAP",
    "COPY_OVERLAP",
    "PERMUTATIONS",
    "SHINGLE",
    "content_words",
    "estimated_overlap",
    "fts_any",
    "overlap",
    "same_item",
    "shingles",
    "signature",
]

SHINGLE = 5
PERMUTATIONS = 64
COPY_OVERLAP = 0.4
CLAIM_OVERLAP = 0.5
CLAIM_MIN_SHARED = 3

Hashes = NDArray[np.uint64]

_WORD = re.compile(r"\w+")
# The universal hash family h_i(x) = (a_i x + b_i) mod 2^64, top 32 bits (multiply-shift,
# Dietzfelbinger et al. 1997); a_i odd. Fixed constants, so signatures are stable across runs.
_PARAMS = np.random.default_rng(20251114).integers(1, 2**63, size=(2, PERMUTATIONS), dtype=np.uint64)
_A = _PARAMS[0] | np.uint64(1)
_B = _PARAMS[1]

_STOP = frozenset((
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from", "with",
    "as", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it", "its", "this",
    "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our",
    "s", "said", "says", "say", "would", "will", "could", "can", "not", "no", "also", "than", "then",
    "there", "which", "who", "whom", "what", "when", "where", "while", "about", "into", "over", "after",
    "before", "since", "up", "out", "more", "most",
))  # fmt: skip


def _hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


def shingles(text: str) -> Hashes:
    """The sorted distinct 64-bit hashes of the text's ``SHINGLE``-word runs (one for a shorter text)."""
    words = _WORD.findall(text.lower())
    runs = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    return np.unique(np.array([_hash(r) for r in runs], dtype=np.uint64))


def signature(hashes: Hashes) -> NDArray[np.uint32]:
    """MinHash signature: per hash function, the smallest hash of the shingles (module doc)."""
    if hashes.size == 0:
        return np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)
    mixed = _A[:, None] * hashes[None, :] + _B[:, None]  # wraps mod 2^64, as intended
    smallest: NDArray[np.uint32] = (mixed.min(axis=1) >> np.uint64(32)).astype(np.uint32)
    return smallest


def overlap(a: Hashes, b: Hashes) -> float:
    """Exact containment |A ∩ B| / min(|A|, |B|) of two shingle sets (0 if either is empty)."""
    if a.size == 0 or b.size == 0:
        return 0.0
    return np.intersect1d(a, b, assume_unique=True).size / min(a.size, b.size)


def estimated_overlap(
    sig: NDArray[np.uint32], n: int, sigs: NDArray[np.uint32], ns: NDArray[np.int64]
) -> NDArray[np.float64]:
    """The overlap of one article (signature ``sig``, ``n`` shingles) with each of ``sigs`` (rows)."""
    if sigs.shape[0] == 0:
        return np.zeros(0)
    j = (sigs == sig[None, :]).mean(axis=1)
    inter = j * (n + ns) / (1.0 + j)
    result: NDArray[np.float64] = inter / np.maximum(np.minimum(n, ns), 1)
    return result


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of a claim or quote, minus stop words (module doc)."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def same_item(a: frozenset[str], b: frozenset[str]) -> float:
    """How far two items' content words overlap (shorter's share); 0 below ``CLAIM_MIN_SHARED`` shared."""
    shared = len(a & b)
    if shared < CLAIM_MIN_SHARED:
        return 0.0
    return shared / min(len(a), len(b))


def fts_any(words: Iterable[str]) -> str:
    """An FTS5 query matching any of ``words`` (each quoted), for candidate items."""
    return " OR ".join(f'"{w}"' for w in sorted(words) if w.replace("_", "").isalnum())
