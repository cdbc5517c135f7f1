"""Read articles from plain text, HTML or Markdown into :class:`Article`.

Three layouts are understood:

* **plain text** as news scrapers save it: a title line, an outlet line, a
  date line, then the body (the seed article's layout); a byline line
  (``By …``) may follow, and a missing header is tolerated;
* **HTML** pages: trafilatura finds the main text; title, authors, date and
  site name come from JSON-LD, ``<meta>`` tags and trafilatura, in that order;
* **Markdown**, with optional YAML front matter (``title``, ``author``,
  ``date``, ``outlet``/``source``) and a ``# Title`` heading.

In every layout, page furniture (``Latest news``, ``Read more: …``) is
dropped, wire credit lines give authors, and paragraphs a scraper glued
together (``in Ukraine.According to``) are split again.

Input is untrusted: files over :data:`MAX_BYTES` are refused before parsing,
binary files are refused, undecodable bytes are replaced rather than fatal,
and scripts never reach the text. Each problem raises
:class:`~realpolitik.errors.EvidenceError` naming the file, so a batch can
report it and go on (:func:`iter_articles`).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html import unescape
from pathlib import Path
from typing import Any

from realpolitik.errors import EvidenceError
from realpolitik.evidence.article import Article, Format
from realpolitik.evidence.metadata import (
    is_furniture,
    looks_like_date,
    looks_like_outlet,
    parse_byline,
    parse_credit_line,
    parse_date,
    split_names,
)
from realpolitik.evidence.text import normalize_body, repair_glued_paragraphs
from realpolitik.guard import GuardedLoader, YamlLimitError, read_bytes

__all__ = ["MAX_BYTES", "SUFFIXES", "collect_paths", "iter_articles", "parse_article", "read_article"]

#: Largest input accepted, in bytes (a long news page is well under 2 MB).
MAX_BYTES = 5 * 1024 * 1024
#: Most HTML elements parsed in one page.
MAX_ELEMENTS = 200_000
#: Shortest body that still counts as an article, in words.
MIN_WORDS = 40
#: File name endings read when a folder is ingested.
SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
            ".md": "markdown", ".markdown": "markdown"}  # fmt: skip


def read_article(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Article:
    """Read one file (or standard input for ``-``) into an :class:`Article`.

    A file must be a regular file within ``max_bytes`` (:mod:`realpolitik.guard`).
    """
    origin = "<stdin>" if str(path) == "-" else str(path)
    if origin == "<stdin>":
        try:
            data = sys.stdin.buffer.read(max_bytes + 1)
        except OSError as exc:
            raise EvidenceError(f"{origin}: cannot read the input ({exc.strerror or exc}).") from None
    else:
        data = read_bytes(path, kind="article", error=EvidenceError, max_bytes=max_bytes)
    if len(data) > max_bytes:
        raise EvidenceError(
            f"{origin}: larger than the {max_bytes // 1024} KiB limit for one article; "
            "is this really a news page?"
        )
    fmt = SUFFIXES.get(Path(origin).suffix.lower()) if origin != "<stdin>" else None
    return parse_article(data, origin=origin, fmt=fmt)  # type: ignore[arg-type]


def parse_article(data: bytes | str, *, origin: str = "<memory>", fmt: Format | None = None) -> Article:
    """Parse bytes or text in any supported layout; ``fmt`` None sniffs it."""
    if isinstance(data, bytes):
        if b"\x00" in data[:8192]:
            raise EvidenceError(f"{origin}: a binary file, not an article (HTML, Markdown or plain text).")
        text = _decode(data)
    else:
        text = data
    fmt = fmt or _sniff(text)
    if fmt == "html":
        article = _parse_html(text, origin)
    elif fmt == "markdown":
        article = _parse_markdown(text, origin)
    else:
        article = _parse_plain(text, origin)
    if len(article.text.split()) < MIN_WORDS:
        raise EvidenceError(
            f"{origin}: no article text found (fewer than {MIN_WORDS} words of body after "
            "removing page furniture)."
        )
    return article


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", data[:4096], flags=re.IGNORECASE)
    for encoding in ([m.group(1).decode("ascii")] if m else []) + ["cp1252"]:
        try:
            return data.decode(encoding, errors="replace")
        except (LookupError, UnicodeError, ValueError):
            continue  # an unknown charset, or one like "idna" that fails even with errors="replace"
    return data.decode("latin-1")  # pragma: no cover - cp1252 with 'replace' always succeeds


def _sniff(text: str) -> Format:
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.search(r"<(body|article|p|div)\b", head):
        return "html"
    if head.startswith("---\n") or re.match(r"#{1,2} \S", head):
        return "markdown"
    return "text"


def _body(paragraphs: Iterable[str]) -> tuple[str, list[str]]:
    """Join paragraphs into the stored body; pull out credit lines as authors."""
    kept: list[str] = []
    credits: list[str] = []
    in_block = False
    for para in paragraphs:
        para = para.strip()
        if not para:
            continue
        names = parse_credit_line(para) if len(para) < 300 else None
        if names is not None:
            credits += names
        elif _BLOCK_HEADER.match(para):
            in_block = True  # "Latest news", "Read more": the headlines listed under it are furniture
        elif in_block and len(para.split()) <= BLOCK_HEADLINE_WORDS:
            continue
        elif not is_furniture(para):
            in_block = False
            kept.append(para)
    # Trailing short lines without sentence punctuation are section labels.
    while kept and len(kept[-1].split()) <= 5 and kept[-1][-1] not in '.!?”"’':
        kept.pop()
    text = normalize_body(repair_glued_paragraphs("\n".join(kept)))
    return text, credits


#: Longest line (in words) read as a headline in a related-links block.
BLOCK_HEADLINE_WORDS = 20
_BLOCK_HEADER = re.compile(
    r"^(?:latest(?:\s+news)?|related(?:\s+(?:news|articles|stories|coverage|content))?|read\s+(?:more|also|next)|"
    r"more\s+(?:on\s+this(?:\s+story)?|stories|news|from\s+[\w\s]{1,30})|most\s+(?:read|popular|viewed)|"
    r"recommended(?:\s+for\s+you)?|trending(?:\s+now)?|also\s+read|see\s+also|you\s+may\s+also\s+like|"
    r"top\s+stories|editor[’']?s\s+picks)\s*:?\s*$",
    re.IGNORECASE,
)


def _wire_outlet(text: str) -> str | None:
    m = re.match(r"^[A-Z][A-Z .,'-]*(?:,\s+\w+\.? \d{1,2})?\s+\((Reuters|AP|AFP|Bloomberg|dpa)\)", text)
    return m.group(1) if m else None


def _name_bar_outlet(line: str) -> tuple[list[str], str] | None:
    """A byline without "By": ``Jane Roe | Reuters``, ``Jane Roe and John Doe | March 3, 2025``.

    Returns the names and what follows the bar (an outlet or a date).
    """
    left, bar, right = line.partition("|")
    names = split_names(left) if bar and len(left.split()) <= 8 else []
    joiners = re.sub(r"(?i)\b(?:and|dr\.?|mr\.?|ms\.?)(?!\w)|[,&]", " ", left)
    if not names or sum(len(n.split()) for n in names) < len(joiners.split()):
        return None  # every word on the left must belong to a name
    return names, right.strip()


def _parse_plain(text: str, origin: str) -> Article:
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    title = outlet = None
    date = None
    authors: list[str] = []
    i = 0
    if lines and len(lines[0]) <= 200 and not lines[0].endswith((".", "”", '"')) and len(lines) > 1:
        title, i = lines[0], 1
        while i < min(len(lines), 8):
            line = lines[i]
            if not line:
                pass  # a blank line may separate title, byline and dateline
            elif date is None and looks_like_date(line) and (parsed := parse_date(line)) is not None:
                date = parsed
            elif not authors and (names := parse_byline(line)):
                authors = names
            elif not authors and (credited := _name_bar_outlet(line)):
                authors, rest = credited  # "Jane Roe | Reuters"
                if looks_like_date(rest) and (parsed := parse_date(rest)) is not None:
                    date = date or parsed
                elif rest and looks_like_outlet(rest):
                    outlet = outlet or rest
            elif outlet is None and date is None and looks_like_outlet(line):
                outlet = line
            else:
                break
            i += 1
    body, credits = _body(lines[i:])
    return Article(
        text=body,
        title=title,
        outlet=outlet or _wire_outlet(body),
        date=date,
        authors=tuple(dict.fromkeys([*authors, *credits])),
        origin=origin,
        format="text",
    )


def _front_matter(text: str, origin: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (or {}), read with nesting and alias limits; dates stay text."""
    m = re.match(r"---\n(.*?)\n---\n", text, flags=re.DOTALL)
    if m is None:
        return {}, text
    import yaml

    try:
        meta = yaml.load(m.group(1), Loader=GuardedLoader)  # GuardedLoader is a SafeLoader
    except YamlLimitError as exc:
        raise EvidenceError(f"{origin}: the front matter {exc.problem}; refused.") from None
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), text[m.end() :]


def _strip_markdown(line: str) -> str:
    line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)  # images
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)  # links keep their text
    line = re.sub(r"<[^>]+>", "", line)  # inline HTML
    line = re.sub(r"(\*\*|__|\*|_{1,2}(?=\w)|(?<=\w)_{1,2}|`)", "", line)  # emphasis, code
    line = re.sub(r"^\s{0,3}(?:>\s?)+", "", line)  # block quotes keep their text
    line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line)  # list markers
    return line.strip()


def _parse_markdown(text: str, origin: str) -> Article:
    meta, body = _front_matter(text.replace("\r\n", "\n"), origin)
    body = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
    body = re.sub(r"```.*?```", "", body, flags=re.DOTALL)
    title = str(meta.get("title") or "") or None
    paragraphs: list[str] = []
    authors: list[str] = []
    byline_date = None
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block or re.fullmatch(r"[-*_]{3,}", block):
            continue
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", block)
        if heading:
            if title is None and len(heading.group(1)) == 1:
                title = _strip_markdown(heading.group(2))
            continue
        plain = " ".join(_strip_markdown(ln) for ln in block.split("\n"))
        if not authors and len(paragraphs) <= 2 and (names := parse_byline(block) or parse_byline(plain)):
            authors = names
            byline_date = next((d for part in plain.split("|")[1:] if (d := parse_date(part))), None)
            continue
        paragraphs.append(plain)
    stored, credits = _body(paragraphs)
    author_meta = meta.get("author") or meta.get("authors")
    if isinstance(author_meta, str):
        authors = split_names(author_meta) or authors
    elif isinstance(author_meta, (list, dict)):
        authors = _ld_names(author_meta) or authors  # a list of names, or of {name: …} mappings
    date = meta.get("date")
    return Article(
        text=stored,
        title=title,
        outlet=str(meta.get("outlet") or meta.get("source") or meta.get("site") or "") or None,
        date=parse_date(str(date)) if date is not None else byline_date,
        authors=tuple(dict.fromkeys([*authors, *credits])),
        url=str(meta["url"]) if meta.get("url") else None,
        origin=origin,
        format="markdown",
    )


def _json_ld(html: str) -> dict[str, Any]:
    """The first Article-like JSON-LD object on the page (or {})."""
    for m in re.finditer(
        r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", html, flags=re.DOTALL | re.IGNORECASE
    ):
        if len(m.group(1)) > 200_000:
            continue
        try:
            data = json.loads(m.group(1))
        except (ValueError, RecursionError):
            continue  # malformed, or nested past the parser's depth: no metadata from it
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and (k.endswith("Article") or k == "BlogPosting") for k in kinds):
                return item
            stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
    return {}


def _ld_names(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(item, dict) and item.get("@type") == "Organization":
            continue
        if isinstance(name, str):
            names += split_names(name)
    return names


_BYLINE_ELEMENT = re.compile(
    r"<(\w+)[^>]*class=[\"'][^\"']*\b(?:byline|author|authors)\b[^\"']*[\"'][^>]*>(.*?)</\1>",
    re.IGNORECASE | re.DOTALL,
)


def _html_byline(html: str) -> list[str]:
    """Names in the page's first byline element (``<span class="author">By A and B</span>``)."""
    for m in list(_BYLINE_ELEMENT.finditer(html[:200_000]))[:3]:
        shown = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", m.group(2)))).strip()
        if names := parse_byline(shown) or (split_names(shown) if len(shown) < 120 else []):
            return names
    return []


def _meta(html: str, key: str) -> str | None:
    pattern = rf"""<meta[^>]+(?:property|name)=["']{re.escape(key)}["'][^>]+content=["']([^"']*)["']"""
    m = re.search(pattern, html[:200_000], flags=re.IGNORECASE)
    return m.group(1).strip() if m else None


@lru_cache(maxsize=1)
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    # Refuse pathological pages (deeply nested or element-bombed) instead of parsing them.
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_ELEMENTS))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signal-based timeouts break in threads
    return config


def _parse_html(html: str, origin: str) -> Article:
    try:
        import trafilatura
    except ImportError:
        raise EvidenceError(
            f"{origin}: reading HTML needs the 'evidence' extra: pip install 'realpolitik[evidence]'."
        ) from None
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, config=_trafilatura_config()
    )
    # trafilatura >= 2 returns a Document (a dict only when asked for one with as_dict=True)
    text = None if doc is None or isinstance(doc, dict) else doc.text
    if doc is None or isinstance(doc, dict) or not text:
        raise EvidenceError(f"{origin}: no main text found in the HTML page.")
    ld = _json_ld(html)
    title = (ld.get("headline") if isinstance(ld.get("headline"), str) else None) or doc.title
    lines = text.split("\n")
    if lines and title and lines[0].strip() == title.strip():
        lines = lines[1:]
    authors = _ld_names(ld.get("author")) if ld else []
    for i, line in enumerate(lines[:3]):
        if names := parse_byline(line):
            authors, lines = authors or names, lines[:i] + lines[i + 1 :]
            break
    body, credits = _body(lines)
    authors = authors or split_names(_meta(html, "author") or "") or split_names(doc.author or "")
    shown = _html_byline(html)
    if set(authors) < set(shown):
        authors = shown  # the visible byline names everyone; the metadata only the first author
    authors += credits
    publisher = ld.get("publisher")
    site = publisher.get("name") if isinstance(publisher, dict) else None
    date = (
        parse_date(ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None)
        or parse_date(_meta(html, "article:published_time"))
        or parse_date(doc.date)
    )
    return Article(
        text=body,
        title=title,
        outlet=site or doc.sitename or _meta(html, "og:site_name") or doc.hostname or _wire_outlet(body),
        date=date,
        authors=tuple(dict.fromkeys(authors)),
        url=doc.url or _meta(html, "og:url"),
        origin=origin,
        format="html",
    )


def collect_paths(paths: Iterable[str | Path]) -> list[str]:
    """Expand folders (recursively, known suffixes only, sorted); keep files and ``-``."""
    found: list[str] = []
    for p in paths:
        path = Path(p)
        if str(p) != "-" and path.is_dir():
            found += sorted(str(f) for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            found.append(str(p))
    return found


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | EvidenceError]:
    """Read every path; yield each article, or the error that stopped it."""
    for path in collect_paths(paths):
        try:
            yield read_article(path)
        except EvidenceError as exc:
            yield exc
