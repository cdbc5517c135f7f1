"""Evidence: read news articles and turn them into cited evidence.

A realpolitik scenario is only as credible as its sources. This subpackage
reads the articles analysts read and extracts, with character offsets into
the stored text, who said what (:class:`Quote`), and which sentences assert
something about a party's motive, capability, trend, cost or benefit
(:class:`Claim`), labelled with the actor, the decision factor and the
direction it pushes (fight on or settle). The labels follow the evidence
taxonomy (``FACTORS``, ``EFFECTS``).

Pipeline, one module per step::

    ingest.read_article(path)  → Article        text, HTML or Markdown; metadata
    extract.extract(article)   → Extraction     quotes (quotes.py, speakers.py), claims (claims.py)
    store.EvidenceStore.add(x)                  SQLite + FTS5, idempotent, one transaction per article
    draft.draft_scenario(store, queries)        a scenario skeleton citing the claims

Rules do the precise parts (quotation marks, attribution patterns, factor
cues); spaCy's small English model, when installed, adds named entities and
a dependency parse (``nlp.py``). Nothing is downloaded at run time.
"""

from realpolitik.evidence.article import EFFECTS, FACTORS, Article, Claim, Extraction, Quote
from realpolitik.evidence.extract import extract
from realpolitik.evidence.ingest import parse_article, read_article
from realpolitik.evidence.store import EvidenceStore

__all__ = [
    "EFFECTS",
    "FACTORS",
    "Article",
    "Claim",
    "EvidenceStore",
    "Extraction",
    "Quote",
    "extract",
    "parse_article",
    "read_article",
]
