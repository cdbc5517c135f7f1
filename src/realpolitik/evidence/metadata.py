"""Article metadata from the loose forms news pages use: dates in RFC 2822,
ISO 8601 or prose; bylines ("By Jane Roe and John Doe"); wire credit lines
("Reporting by …; Editing by …"); outlet lines; page furniture to drop.

Dates are returned timezone-aware: a date that states no zone is taken as
UTC, the convention of wire services' datelines.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from functools import lru_cache

__all__ = [
    "TZ_ABBREVIATIONS",
    "is_furniture",
    "looks_like_date",
    "looks_like_outlet",
    "parse_byline",
    "parse_credit_line",
    "parse_date",
    "split_names",
    "split_zone",
]

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"


def parse_date(value: str | None) -> dt.datetime | None:
    """Parse a publication date into an aware datetime, or None.

    >>> parse_date("Wed, 30 Jul 2025 12:16:00 +0300").isoformat()
    '2025-07-30T12:16:00+03:00'
    >>> parse_date("2025-08-01").isoformat()
    '2025-08-01T00:00:00+00:00'
    """
    if not value or not value.strip():
        return None
    s = re.sub(r"^(?:(?:first\s+|last\s+)?(?:published|updated|posted)(?:\s+on)?\s*:?\s*)", "", value.strip(),
               flags=re.IGNORECASE)  # fmt: skip
    parsed: dt.datetime | None = None
    if _RFC2822.match(s):
        try:
            parsed = email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        try:
            parsed = dt.datetime.fromisoformat(s)
        except ValueError:
            rest, zone = split_zone(s)
            parsed = _dateparser(rest)
            if parsed is not None and zone is not None:
                parsed = parsed.replace(tzinfo=zone)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


# RFC 2822 proper: "Wed, 30 Jul 2025 12:16:00 +0300" (email's parser guesses wildly at anything else).
_RFC2822 = re.compile(
    r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?:[+-]\d{4}|GMT|UT)$"
)
#: Offsets from UTC, in hours, of the zone abbreviations news pages print (most common reading).
TZ_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "WAT": 1,
    "EET": 2, "EEST": 3, "CAT": 2, "SAST": 2, "MSK": 3, "EAT": 3, "TRT": 3, "AST": 3, "IRST": 3.5,
    "GST": 4, "PKT": 5, "IST": 5.5, "ICT": 7, "WIB": 7, "SGT": 8, "HKT": 8, "PHT": 8, "AWST": 8,
    "CST": -6, "KST": 9, "JST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
    "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "ET": -5, "PT": -8,
}  # fmt: skip
_ZONE = re.compile(
    r"\s*\(?\b(?P<abbr>[A-Z]{1,5})\b\)?(?:\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?\s*$"
    r"|\s*(?P<osign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})\s*$"
)


def split_zone(value: str) -> tuple[str, dt.tzinfo | None]:
    """Split a trailing zone (``GMT``, ``KST``, ``UTC+3``, ``+0300``) off a date string.

    >>> split_zone("July 4, 2025 3:15 PM KST")
    ('July 4, 2025 3:15 PM', datetime.timezone(datetime.timedelta(seconds=32400)))
    """
    m = _ZONE.search(value)
    if m is None:
        return value, None
    if m.group("osign"):
        sign = -1 if m.group("osign") == "-" else 1
        hours = int(m.group("oh")) + int(m.group("om")) / 60
    elif m.group("abbr") in TZ_ABBREVIATIONS:
        hours = TZ_ABBREVIATIONS[m.group("abbr")]
        sign = 1
        if m.group("sign"):  # "UTC+3", "GMT-05:00"
            extra = int(m.group("h")) + int(m.group("m") or 0) / 60
            hours += extra if m.group("sign") == "+" else -extra
    else:
        return value, None
    rest = value[: m.start()].rstrip(" ,")
    return rest, dt.timezone(dt.timedelta(hours=sign * hours))


def _dateparser(s: str) -> dt.datetime | None:
    if not looks_like_date(s):
        return None
    try:
        import dateparser  # optional extra 'evidence'; slow to import, so only here
    except ImportError:  # pragma: no cover - exercised only without the extra
        return None
    return dateparser.parse(  # type: ignore[no-any-return]
        s, settings={"TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first"}
    )


def looks_like_date(line: str) -> bool:
    """A short line with a year, or a month name next to a number."""
    s = line.strip().lower()
    if not 6 <= len(s) <= 64:
        return False
    has_year = re.search(r"\b(19|20)\d\d\b", s) is not None
    has_month_day = re.search(rf"\b{_MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTHS}", s) is not None
    words = re.findall(r"[a-z]{4,}", s)
    return (has_year or has_month_day) and len(words) <= 5


def looks_like_outlet(line: str) -> bool:
    """A host name (``global.espreso.tv``) or a short name without sentence punctuation."""
    s = line.strip()
    if re.fullmatch(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?", s, flags=re.IGNORECASE):
        return True
    return 0 < len(s.split()) <= 5 and not re.search(r"[.!?:;,\"“”]$", s) and not looks_like_date(s)


_NAME_TOKEN = r"(?:[A-Z][\w’'\-]*\.?|[A-Z]\.|de|van|von|der|bin|al|da|dos|la|le)"
_NAME = re.compile(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,4}}")
_NOT_PEOPLE = re.compile(
    r"\b(staff|desk|team|editors?|editorial|board|newsroom|agency|agencies|news|reuters|press|"
    r"correspondents?|contributors?|writers?|service|times|post|journal|guardian|telegraph|herald|tribune|"
    r"monitor|gazette|daily|weekly|magazine|radio|television|tv|network|media|online|jazeera|bbc|cnn|afp|"
    r"bloomberg|politico|axios|economist|observer|review|bureau|wire)\b|^the\s",
    re.IGNORECASE,
)
_HONORIFIC = re.compile(r"^(?:dr|mr|mrs|ms|prof|professor|sir|dame)\.?\s+", re.IGNORECASE)


def split_names(value: str) -> list[str]:
    """Split ``"Jane Roe, John Doe and Ann Lee in Kyiv"`` into names; outlets and desks are dropped."""
    parts = re.split(r"\s*(?:,|;|&|\band\b|\|)\s*", value.strip(), flags=re.IGNORECASE)
    names = []
    for part in parts:
        part = re.sub(r"\s+(?:in|from)\s+[A-Z][\w\s’'-]*$", "", part)  # "John Doe in Kyiv"
        part = _HONORIFIC.sub("", part.strip(" ."))
        m = _NAME.fullmatch(part)
        if m and len(part.split()) >= 2 and not _NOT_PEOPLE.search(part):
            names.append(part.title() if part.isupper() else part)
    return names


def parse_byline(line: str) -> list[str] | None:
    """Names in a byline line (``By Jane Roe and John Doe``), or None if it is not one."""
    plain = re.sub(r"\*+|(?<!\w)_+|_+(?!\w)|^\s*>+", "", line).strip()  # Markdown emphasis: "*By Jane Roe*"
    m = re.match(
        r"^\s*(?:(?:written|words|story|reported|text|analysis|report)\s+)?by[:\s]\s*(.{3,160})$",
        plain,
        flags=re.IGNORECASE,
    )
    if m is None:
        return None
    body = re.split(r"\s+[|·•–—-]\s+|\s{2,}", m.group(1))[0]
    names = split_names(body)
    return names or None


_CREDIT = re.compile(
    r"(?P<role>(?:additional\s+)?reporting|writing|compiled|edited|editing|"
    r"graphics|fact[- ]checking|production)\s+by\s+(?P<names>[^;]+)",
    re.IGNORECASE,
)


def parse_credit_line(line: str) -> list[str] | None:
    """Authors in a wire credit line; editors are not authors.

    >>> parse_credit_line("Reporting by Jane Roe in Kyiv; Writing by John Doe; Editing by Ann Lee")
    ['Jane Roe', 'John Doe']
    """
    s = line.strip().strip("()[]")
    matches = list(_CREDIT.finditer(s))
    if not matches or not re.match(r"^\s*\(?\s*(?:additional\s+)?(?:reporting|writing|compiled)", s, re.I):
        return None
    names: list[str] = []
    for m in matches:
        if m.group("role").lower().startswith(("reporting", "additional", "writing", "compiled")):
            names += [n for n in split_names(m.group("names")) if n not in names]
    return names


_FURNITURE = re.compile(
    r"^(?:read\s+(?:more|also|next)|see\s+also|also\s+read|related(?:\s+\w+)?|more\s+on\s+this|"
    r"watch|listen|advertisement|sponsored|subscribe|sign\s+up|follow\s+us|share(?:\s+this)?|"
    r"latest(?:\s+news)?|most\s+(?:read|popular)|recommended|trending|topics|tags|comments?|"
    r"newsletter|photo|image|©|copyright|all\s+rights\s+reserved)\b",
    re.IGNORECASE,
)
_PROMO = re.compile(
    r"^(?:read\s+(?:more|also|next)|see\s+also|also\s+read|related(?:\s+\w+)?|more\s+on\s+this|"
    r"watch|listen|opinion)\s*[:|»>]",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def is_furniture(paragraph: str) -> bool:
    """Page furniture: promos, related links, share buttons, copyright lines.

    A short line opening with a furniture word (``Read more: …``,
    ``Latest news``) qualifies; so does a line ending in one of the site's
    section labels and no sentence punctuation.
    """
    s = paragraph.strip()
    if not s:
        return True
    if _PROMO.match(s):
        return True
    if _FURNITURE.match(s) and len(s.split()) <= 16 and s[-1] not in '.!?”"':
        return True
    return bool(re.fullmatch(r"[\W_]+", s))
