"""Plain-text plumbing shared by ingestion and extraction: white space,
glued paragraphs, paragraph and sentence spans.

Every function that returns spans returns ``(start, end)`` character offsets
into the string it was given, so extraction results can point back into the
stored article text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

__all__ = [
    "ABBREVIATIONS",
    "ascii_fold",
    "normalize_body",
    "paragraph_spans",
    "repair_glued_paragraphs",
    "sentence_spans",
]

#: Tokens that end in a period without ending a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "gen",
        "lt",
        "col",
        "maj",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "rep",
        "sen",
        "gov",
        "pres",
        "jr",
        "sr",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "dept",
        "univ",
    ]
)

# Scraped pages often lose the break between paragraphs: "in Ukraine.According to".
# A sentence end (lower-case letter, digit or closing bracket, then . ! ? and maybe a
# closing quote) glued to a capital or an opening quote marks a lost paragraph break.
_GLUED = re.compile(r"(?<=[a-z0-9)\]%])([.!?]+[”\"’]?|[.!?]*[”\"’][.!?]?)(?=[“\"‘]?[A-Z])")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalize_body(text: str) -> str:
    """NFC-normalize, drop zero-width characters, unify line ends and spaces.

    Paragraphs end up separated by exactly one blank line; runs of spaces
    inside a paragraph collapse to one.
    """
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", " ")
    paragraphs = (re.sub(r"[ \f\v]+", " ", p).strip() for p in re.split(r"\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _glued_split(text: str, m: re.Match[str]) -> int | None:
    """Where to break at a candidate glued boundary, or None ('Mr.Smith', 'e.g.The')."""
    split = m.end()
    if m.group(1).endswith('"'):
        # A straight quote closes a quotation only if an odd number precede it; else it opens the next.
        para_start = text.rfind("\n", 0, m.start()) + 1
        if text.count('"', para_start, m.end() - 1) % 2 == 0:
            split = m.end() - 1
    word = re.search(r"([A-Za-z]+)$", text[: m.start()])
    if word is None:
        return split
    token = word.group(1)
    if token.lower() in ABBREVIATIONS and m.group(1).startswith("."):
        return None
    # "example.com" style hosts and camel-cased names are not sentence ends.
    return None if len(token) == 1 and m.group(1) == "." else split


def repair_glued_paragraphs(text: str) -> str:
    """Re-insert the paragraph breaks a scraper lost between sentences.

    >>> repair_glued_paragraphs("in Ukraine.According to him, it was over.”This rejection")
    'in Ukraine.\\n\\nAccording to him, it was over.”\\n\\nThis rejection'
    """
    pieces: list[str] = []
    last = 0
    for m in _GLUED.finditer(text):
        split = _glued_split(text, m)
        if split is None:
            continue
        pieces.append(text[last:split])
        pieces.append("\n\n")
        last = split
    pieces.append(text[last:])
    return "".join(pieces)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs (blocks separated by blank lines)."""
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


# A sentence ends at . ! ? (plus closing quotes/brackets, guillemets and the German “) before
# white space and something that can start a sentence: a capital, a digit or an opening quote.
_SENT_END = re.compile(r"[.!?…]+[”\"’')\]»›“]*(?=\s+[“\"‘'(\[«„‹]?[A-Z0-9])")


def _is_abbreviation(text: str, end: int) -> bool:
    m = re.search(r"(?:^|[\s(“\"‘])([A-Za-z][A-Za-z.]*)\.$", text[:end])
    if m is None:
        return False
    token = m.group(1)
    if token.lower() in ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J.", "U.S.", "U.K." rarely end a sentence in news.
    return bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token))


def _sentences_in(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cursor = start
    for m in _SENT_END.finditer(text, start, end):
        if m.group().endswith(".") and _is_abbreviation(text, m.end()):
            continue
        yield cursor, m.end()
        cursor = m.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        yield cursor, end


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rule-based sentence spans; sentences never cross a paragraph break.

    >>> t = "Mr. Smith said no. The U.S. agreed.\\n\\nIt ended."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['Mr. Smith said no.', 'The U.S. agreed.', 'It ended.']
    """
    return list(_sentence_spans(text))


@lru_cache(maxsize=4)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    # Cached: quotes and claims split the same article text once between them.
    return tuple(s for a, b in paragraph_spans(text) for s in _sentences_in(text, a, b))


#: Letters that Unicode decomposition does not reduce to ASCII.
_FOLD = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l",
     "Ł": "L", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "’": "'", "ʼ": "'", "‘": "'"}
)  # fmt: skip


def ascii_fold(text: str) -> str:
    """Readable ASCII for a name: accents dropped, special letters spelled out.

    >>> ascii_fold("Érythrée, Łódź, Straße, São Tomé")
    'Erythree, Lodz, Strasse, Sao Tome'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.encode("ascii", "ignore").decode()
