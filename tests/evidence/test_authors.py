"""Article authors from bylines, credit lines, front matter and page metadata (synthetic layouts)."""

from __future__ import annotations

import pytest

from realpolitik.evidence.ingest import parse_article
from realpolitik.evidence.metadata import parse_byline, parse_credit_line

BODY = (
    "The talks resumed in Geneva after a long pause and no progress was reported on the ceasefire. "
    "Delegations from both sides met for six hours, exchanged proposals on prisoners and corridors, and "
    "agreed to meet again next week, according to a statement issued by the mediators after the session."
)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("BY JANE ROE AND JOHN DOE", ["Jane Roe", "John Doe"]),  # "AND" in capitals is a joiner
        ("By Jane Roe, The Guardian", ["Jane Roe"]),  # never the outlet
        ("By Jane Roe and John Doe, Al Jazeera", ["Jane Roe", "John Doe"]),
        ("By Jane Roe in Kyiv and John Doe in Moscow", ["Jane Roe", "John Doe"]),
        ("Story by Dr. Jane Roe", ["Jane Roe"]),
    ],
)
def test_byline_shapes(line: str, names: list[str]) -> None:
    assert parse_byline(line) == names


def test_credit_line_places_per_name_and_no_editors() -> None:
    line = "Reporting by Jane Roe and John Doe in Kyiv and Ann Lee in Moscow; Writing by Tom Ray; Editing by Ann Cole"
    assert parse_credit_line(line) == ["Jane Roe", "John Doe", "Ann Lee", "Tom Ray"]


def test_name_bar_outlet_byline_in_plain_text() -> None:
    a = parse_article(f"Talks stall in Geneva\nA. Smith | Reuters\n\n{BODY}", fmt="text")
    assert (a.authors, a.outlet) == (("A. Smith",), "Reuters")


def test_markdown_front_matter_author_mappings() -> None:
    text = f"---\ntitle: Talks\nauthors:\n  - name: Jane Roe\n  - name: John Doe\n---\n\n{BODY}\n"
    assert parse_article(text, fmt="markdown").authors == ("Jane Roe", "John Doe")


def test_visible_byline_completes_a_one_author_meta_tag() -> None:
    html = (
        '<html><head><title>Talks</title><meta name="author" content="Jane Roe"></head><body><article>'
        '<h1>Talks</h1><div class="byline">By Jane Roe and John Doe</div>'
        f"<p>{BODY}</p><p>{BODY} The envoys met again on Friday.</p></article></body></html>"
    )
    assert parse_article(html, fmt="html").authors == ("Jane Roe", "John Doe")
