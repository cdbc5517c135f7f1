"""Direct quotations and their speakers.

The taxonomy's test is attribution: text in quotation marks is a quote when
the article presents it as somebody's words. The extractor therefore

1. finds quoted spans in each paragraph — curly and straight double quotes,
   British single quotes (told apart from apostrophes), a quote left open at
   the end of a paragraph (the multi-paragraph convention: one quote per
   paragraph), nested quotes folded into the outer one;
2. looks for an attribution in the quote's sentence: after the closing mark
   (``,” Dickinson writes``, ``,” said Dmitry Peskov``, ``,” according to …``),
   else before the opening mark (``what Dickinson calls an “``,
   ``Dickinson notes, Trump even “``, ``he said, “`` for the second half of a
   split quote, ``According to X, …``);
3. lets a quote without an attribution of its own inherit the speaker of the
   surrounding attribution, but only if it reads like an utterance (a whole
   sentence, or at least four words) — short unattributed phrases in quotes
   are scare quotes, names or titles and are dropped, as are quoted names of
   operations and Title Case titles even when a speaker uses them.

With the spaCy model (``nlp`` argument), a quote the rules leave unattributed
is attributed to the subject of a speech verb in its sentence found by the
dependency parse.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from realpolitik.evidence.article import Quote
from realpolitik.evidence.gazetteer import SOURCE_NOUNS, is_place_or_org
from realpolitik.evidence.speakers import NAME_RUN, SpeakerIndex, org_like, subject_after, subject_before
from realpolitik.evidence.text import paragraph_spans, sentence_spans

__all__ = ["SPEECH_VERBS", "QuoteSpan", "extract_quotes", "find_quote_spans", "speech_verb_pattern"]

SPEECH_VERBS = [
    "say",
    "said",
    "says",
    "saying",
    "tell",
    "told",
    "tells",
    "telling",
    "write",
    "writes",
    "wrote",
    "writing",
    "note",
    "notes",
    "noted",
    "warn",
    "warns",
    "warned",
    "warning",
    "add",
    "adds",
    "added",
    "argue",
    "argues",
    "argued",
    "observe",
    "observes",
    "observed",
    "explain",
    "explains",
    "explained",
    "claim",
    "claims",
    "claimed",
    "insist",
    "insists",
    "insisted",
    "state",
    "states",
    "stated",
    "declare",
    "declares",
    "declared",
    "call",
    "calls",
    "called",
    "describe",
    "describes",
    "described",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "admit",
    "admits",
    "admitted",
    "stress",
    "stresses",
    "stressed",
    "emphasize",
    "emphasizes",
    "emphasized",
    "emphasise",
    "emphasises",
    "emphasised",
    "suggest",
    "suggests",
    "suggested",
    "predict",
    "predicts",
    "predicted",
    "conclude",
    "concludes",
    "concluded",
    "recall",
    "recalls",
    "recalled",
    "ask",
    "asks",
    "asked",
    "reply",
    "replies",
    "replied",
    "respond",
    "responds",
    "responded",
    "comment",
    "comments",
    "commented",
    "announce",
    "announces",
    "announced",
    "confirm",
    "confirms",
    "confirmed",
    "deny",
    "denies",
    "denied",
    "contend",
    "contends",
    "contended",
    "assert",
    "asserts",
    "asserted",
    "continue",
    "continues",
    "continued",
    "post",
    "posts",
    "posted",
    "tweet",
    "tweets",
    "tweeted",
    "quip",
    "quipped",
    "complain",
    "complains",
    "complained",
    "urge",
    "urges",
    "urged",
    "vow",
    "vows",
    "vowed",
    "pledge",
    "pledged",
    "threaten",
    "threatens",
    "threatened",
    "dismiss",
    "dismisses",
    "dismissed",
    "label",
    "labels",
    "labelled",
    "labeled",
    "brand",
    "brands",
    "branded",
    "joke",
    "joked",
    "reiterate",
    "reiterates",
    "reiterated",
    "maintain",
    "maintains",
    "maintained",
    "counter",
    "counters",
    "countered",
    "caution",
    "cautions",
    "cautioned",
    "remark",
    "remarks",
    "remarked",
    "muse",
    "mused",
    "put",
    "puts",
    "concede",
    "concedes",
    "conceded",
    "point out",
    "points out",
    "pointed out",
    "insisting",
    "calling",
    "describing",
]
#: Less common speech verbs, regular in English: their forms are generated (``lament`` → laments,
#: lamented, lamenting).
_MORE_SPEECH = [
    "lament",
    "mock",
    "hail",
    "accuse",
    "allege",
    "recount",
    "reveal",
    "remind",
    "boast",
    "scoff",
    "retort",
    "shout",
    "plead",
    "demand",
    "promise",
    "underscore",
    "underline",
    "highlight",
    "reckon",
    "tout",
    "proclaim",
    "exclaim",
    "protest",
    "blast",
    "slam",
    "criticize",
    "criticise",
    "praise",
    "assure",
    "summarize",
    "summarise",
    "clarify",
    "testify",
    "speculate",
    "mutter",
    "sneer",
    "charge",
    "rebuke",
    "fume",
    "thunder",
    "wonder",
    "reaffirm",
    "chide",
    "scold",
    "whisper",
    "sigh",
    "grumble",
    "scream",
    "yell",
    "bristle",
]
#: Speech verbs whose bare and -s forms are usually nouns ("demands", "promises"): past forms only.
_PAST_ONLY = [
    "demand",
    "promise",
    "protest",
    "charge",
    "question",
    "answer",
    "propose",
    "recommend",
    "cry",
    "snap",
]


def _forms(lemma: str) -> list[str]:
    """Regular present, past and -ing forms of a verb (``cry`` → cries, cried, crying)."""
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    if lemma.endswith("e"):
        return [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    double = lemma + lemma[-1] if lemma in ("snap", "scold") and lemma[-1] == "p" else lemma
    return [lemma, third, double + "ed", double + "ing"]


SPEECH_VERBS += [f for lemma in _MORE_SPEECH for f in _forms(lemma) if f not in SPEECH_VERBS]
SPEECH_VERBS += [_forms(lemma)[2] for lemma in _PAST_ONLY]
SPEECH_VERBS += [
    f for f in ("cautioning", "warning", "adding", "noting", "stressing", "arguing", "explaining", "urging",
                "vowing", "pledging", "declaring", "stating", "claiming", "asking", "replying")
    if f not in SPEECH_VERBS
]  # fmt: skip
_SPEECH_LEMMAS = frozenset(
    _MORE_SPEECH
    + _PAST_ONLY
    + [
        "say",
        "tell",
        "write",
        "note",
        "warn",
        "add",
        "argue",
        "observe",
        "explain",
        "claim",
        "insist",
        "state",
        "declare",
        "call",
        "describe",
        "acknowledge",
        "admit",
        "stress",
        "emphasize",
        "emphasise",
        "suggest",
        "predict",
        "conclude",
        "recall",
        "ask",
        "reply",
        "respond",
        "comment",
        "announce",
        "confirm",
        "deny",
        "contend",
        "assert",
        "post",
        "tweet",
        "quip",
        "complain",
        "urge",
        "vow",
        "pledge",
        "threaten",
        "dismiss",
        "label",
        "brand",
        "joke",
        "reiterate",
        "maintain",
        "counter",
        "caution",
        "remark",
        "concede",
    ]
)
#: Every form of the speech verbs the parse may find (the pipeline runs without its lemmatizer).
_SPEECH_FORMS = frozenset(
    [f for lemma in _SPEECH_LEMMAS for f in _forms(lemma)]
    + "said told wrote written writing saying telling quipped pledges joked mused admitted admitting".split()  # noqa: SIM905
)
# Quoted names, not utterances: operations, corridors, documents, plans.
_NAME_HEADS = re.compile(
    r"\b(operation|corridor|zone|plan|initiative|formula|deal|agreement|accord|mechanism|doctrine|"
    r"coalition|summit|format|process|line|framework|roadmap|declaration|memorandum|package|"
    r"snapback|dome|shield|group|fund|law|act|treaty|charter|strategy|order)s?$",
    re.IGNORECASE,
)
_NAME_CUES = re.compile(
    r"(?:so-called|dubbed|known as|named|titled|entitled|code-?named|term|word|label)\s*$"
)


def speech_verb_pattern() -> re.Pattern[str]:
    """Regex matching any speech verb as a whole word."""
    return re.compile(r"\b(?:" + "|".join(SPEECH_VERBS) + r")\b(?!-)")


_VERB = speech_verb_pattern()
_VERB_ALT = "|".join(SPEECH_VERBS)


@dataclass(frozen=True)
class QuoteSpan:
    """Positions of one quoted span: marks and the quoted words inside them."""

    open: int
    close: int
    """Index of the closing mark, or the paragraph end if the quote runs on."""
    start: int
    end: int
    """The quoted words, trimmed as the taxonomy says."""


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] in ".,;:":
        end -= 1
    return start, end


#: Opening marks and the marks that may close them: English “…”, French « … », German „…“ (or „…”),
#: single guillemets ‹ … ›; the straight " closes itself.
_CLOSERS = {"“": "”", "«": "»", "„": "“”", "‹": "›", '"': '"'}


def _double_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(a, b):
        ch = text[i]
        if opened is not None and ch in _CLOSERS[text[opened]]:
            spans.append((opened, i))
            opened = None
        elif ch in "“«„‹" or (ch == '"' and opened is None and (i == a or not text[i - 1].isalnum())):
            opened = i if opened is None or ch != '"' else opened
        elif ch in "”»›" and opened is not None:
            spans.append((opened, i))  # a mismatched closing mark still closes
            opened = None
    if opened is not None:
        spans.append((opened, b))  # left open: runs to the paragraph end
    return spans


_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–\"“]))[‘'](?=[A-Za-z0-9])")


def _single_close(text: str, start: int, b: int) -> int | None:
    fallback = None
    for i in range(start, b):
        if text[i] not in "’'":
            continue
        before, after = text[i - 1], text[i + 1] if i + 1 < b else ""
        if before.isspace() or (after.isalnum()):
            continue  # an apostrophe inside a word ("Trump’s", "don't")
        if (
            before in ".,!?;:…"
            or after in ".,;:!?)—–"
            or after == ""
            or re.match(rf"\s+(?:he|she|they|it|we|{_VERB_ALT})\b", text[i + 1 : i + 40])
        ):
            return i
        if after.isspace() and before != "s":
            return i
        if fallback is None:
            fallback = i  # "soldiers’ lives": a plural possessive, or the end of the quote
    return fallback


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted span in the text, paragraph by paragraph, nested ones dropped."""
    raw: list[tuple[int, int]] = []
    for a, b in paragraph_spans(text):
        doubles = _double_spans(text, a, b)
        raw += doubles
        pos = a
        while (m := _SINGLE_OPEN.search(text, pos, b)) is not None:
            close = _single_close(text, m.end(), b)
            if close is None:
                break
            if not any(o <= m.start() < c for o, c in doubles):
                raw.append((m.start(), close))
            pos = close + 1
    raw.sort()
    spans = []
    for o, c in raw:
        if any(o2 < o and c <= c2 for o2, c2 in raw):
            continue  # nested inside another quote
        start, end = _trim(text, o + 1, c)
        if end > start:
            spans.append(QuoteSpan(o, c, start, end))
    return spans


@dataclass
class _State:
    """Attribution context carried through the article."""

    index: SpeakerIndex
    masked: str = ""
    """The article with every quote's words blanked: names in it are never speakers or antecedents."""
    quoted: list[tuple[int, int]] = field(default_factory=list)
    """(open, close) of every quote, sorted."""
    last_speaker: str | None = None
    last_speaker_paragraph: int = -10
    last_speaker_at: int = 0
    recent: list[str] = field(default_factory=list)
    """Speakers and people in order of mention (latest last)."""

    def note(self, speaker: str, paragraph: int, at: int = 0) -> None:
        self.last_speaker, self.last_speaker_paragraph = speaker, paragraph
        self.last_speaker_at = max(self.last_speaker_at, at)
        self.recent.append(speaker)


def _resolve(kind: str, phrase: str, state: _State, people_near: list[str], pos: int) -> str | None:
    if kind == "pronoun":
        return _antecedent(phrase, state, people_near, pos)
    if kind == "name" and phrase.lower() in SOURCE_NOUNS:
        return state.index.describe(phrase.lower(), state.recent, pos)  # "Residents said": not a name
    if kind == "name":
        return state.index.canonical_name(phrase)
    owned = re.fullmatch(r"(?P<pronoun>its|their|Its|Their)\s+(?P<body>.+)", phrase.strip())
    if owned is not None:  # "Algiers cut ties …, and its foreign ministry said": the sentence's state
        owner = _org_subject(state, pos, owned.group("pronoun").lower())
        if owner is not None:
            return state.index.body_of(owner, owned.group("body"))
    statement = _STATEMENT.fullmatch(phrase.strip())
    if statement is not None:  # "a statement from the ministry said", "the statement said"
        if statement.group("source"):
            found = subject_after(" " + statement.group("source"))
            return _resolve(*found, state, people_near, pos) if found else None
        bodies = [r for r in state.recent if r not in state.index.people and not r.startswith("unnamed ")]
        return _org_subject(state, pos, statement.group("noun")) or (bodies[-1] if bodies else None)
    if kind == "org":  # "the army said": the organisation named just before
        head = phrase.split()[-1].lower()
        return state.index.org_named(head, pos) or _org_subject(state, pos, head)
    return state.index.describe(phrase, state.recent, pos)


#: A statement standing for whoever issued it: "the statement", "a joint communiqué from X".
_STATEMENT = re.compile(
    r"(?:the|a|an|its|their|this|that)\s+(?:[\w-]+\s+){0,2}?(?P<noun>statement|communiqu[eé]|press release|"
    r"announcement|post)(?:\s+(?:from|by|issued by|released by)\s+(?P<source>.+))?",
    re.IGNORECASE,
)

#: How far back (characters) a pronoun looks for a named antecedent outside quotes.
_PRONOUN_REACH = 600


def _antecedent(pronoun: str, state: _State, people_near: list[str], pos: int) -> str | None:
    """The speaker a pronoun stands for, agreeing in gender and number.

    "he"/"she" take a person whose gender (from a title or the first-name list) does not
    clash: the current speaker if the nearby text still names them or names nobody,
    else the nearest such person named outside quotes before ``pos``. "it"/"they" take
    an organisation or state (or a plural unnamed source for "they"): the one the
    sentence or the one before is about, else the most recent one that spoke.
    """
    index = state.index
    if pronoun in ("it", "they"):
        about = _org_subject(state, pos, pronoun)
        if about is not None:
            return about
        for earlier in reversed(state.recent):
            if earlier in index.people:
                continue
            if pronoun == "it" and earlier.startswith("unnamed "):
                continue
            if pronoun == "they" and earlier.startswith("unnamed ") and not earlier.endswith("s"):
                continue
            return earlier
        return None
    want = {"she": "f", "he": "m"}.get(pronoun)

    def agrees(name: str | None) -> bool:
        if name is None or name not in index.people:
            return False
        return want is None or index.gender_of(name) in (None, want)

    last = state.last_speaker
    if agrees(last) and (last in people_near or not any(agrees(n) for n in people_near)):
        return last
    newer = [name for at, name in index.mentions if state.last_speaker_at < at < pos and _outside(state, at)]
    if _unnamed_one(last, want) and not any(agrees(name) for name in newer):
        return last  # "A senior officer … said morale was low. “…,” he said."
    named = [name for at, name in index.mentions if pos - _PRONOUN_REACH <= at < pos and _outside(state, at)]
    prev = _sentence_start(state.masked, max(0, _sentence_start(state.masked, pos) - 2))
    subjects = [
        name
        for at, name in index.mentions
        if prev <= at < pos and _outside(state, at) and agrees(name) and _is_subject(state.masked, at)
    ]
    if subjects:  # "His neighbour, Dragana Kovac, is less hopeful. “…,” she told us."
        return subjects[-1]
    if want is not None:  # a person known to match comes before one of unknown gender
        for name in reversed(named):
            if agrees(name) and index.gender_of(name) == want:
                return name
    for name in reversed(named):
        if agrees(name):
            return name
    if agrees(last):
        return last
    if want is None and last is not None and last not in index.people:
        return last  # "we said": an organisation's own voice
    if last is not None and last not in index.people and not is_place_or_org(last):
        return last  # a speaker the index cannot type ("Petrov", "unnamed official"): nothing clashes
    return None


#: Source nouns that tell a gender, for "she"/"he" after an unnamed source.
_FEMALE_NOUNS = frozenset(
    ["woman", "mother", "spokeswoman", "businesswoman", "grandmother", "widow", "girl"]
)
_MALE_NOUNS = frozenset(
    ["man", "father", "spokesman", "businessman", "fisherman", "tribesman", "militiaman", "boy"]
)


def _unnamed_one(speaker: str | None, gender: str | None) -> bool:
    """An unnamed source that "he"/"she" can stand for: one person, of no clashing gender."""
    if speaker is None or not speaker.startswith("unnamed "):
        return False
    nouns = [w for w in speaker.lower().split()[1:] if w in SOURCE_NOUNS]
    plural = nouns[-1].endswith("s") and nouns[-1] != "witness" if nouns else True
    if plural or nouns[-1] in ("people", "men", "women"):
        return False
    clash = _MALE_NOUNS if gender == "f" else _FEMALE_NOUNS if gender == "m" else frozenset()
    return not clash & set(speaker.lower().split())


def _outside(state: _State, at: int) -> bool:
    """Whether offset ``at`` lies outside every quotation."""
    i = bisect.bisect_right(state.quoted, (at, 1 << 62)) - 1
    return i < 0 or not state.quoted[i][0] <= at <= state.quoted[i][1]


def _mask(text: str, spans: list[QuoteSpan]) -> str:
    """``text`` with the words of every quote replaced by spaces (offsets kept)."""
    pieces, last = [], 0
    for q in spans:
        pieces += [text[last : q.open + 1], " " * (q.close - q.open - 1)]
        last = q.close
    pieces.append(text[last:])
    return "".join(pieces)


#: Where a sentence may start in the masked text: after a full stop, a line break, or a closing
#: quotation mark followed by a capital (the quote's own full stop is masked).
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n|[”\"’]\s+(?=[A-Z])")


def _sentence_start(masked: str, at: int) -> int:
    """Offset of the start of the sentence containing ``at`` (in the masked text)."""
    last = max(0, at - 600)
    for m in _SENTENCE_BREAK.finditer(masked, last, at):
        last = m.end()
    return last


def _org_subject(state: _State, pos: int, pronoun: str) -> str | None:
    """The organisation or state the text before the pronoun is about (its first one, outside quotes).

    Looks in the pronoun's own sentence up to the pronoun, then in the sentence before.
    """
    masked = state.masked
    s0 = _sentence_start(masked, max(0, pos - 1))
    prev = _sentence_start(masked, max(0, s0 - 2))
    own = re.search(rf"\b{pronoun}\b", masked[s0:pos], flags=re.IGNORECASE)
    end = s0 + own.start() if own else pos
    for a, b in ((s0, end), (prev, s0)):
        for m in NAME_RUN.finditer(masked, a, b):
            name = state.index.canonical_name(m.group())
            if name and name not in state.index.people and (org_like(name) or name in state.recent):
                return name
    return None


#: A period that ends an abbreviation or an initial inside a name ("Col. Pieter de Wit", "J. Doe").
_ABBR_DOT = (
    "(?:"
    + "|".join(
        f"(?<={a})"
        for a in (
            "Col",
            "Gen",
            "Dr",
            "Mr",
            "Mrs",
            "Ms",
            "Lt",
            "Maj",
            "Sgt",
            "Capt",
            "Adm",
            "Sen",
            "Rep",
            "Gov",
            "Prof",
            "St",
            "Jr",
            "Brig",
            "Cmdr",
        )
    )
    + r"|(?<=\b[A-Z]))\."
)


def _post_attribution(text: str, close: int, sent_end: int) -> tuple[str, str] | None:
    tail = text[close + 1 : sent_end]
    m = re.match(rf"\s*[—–]\s*({NAME_RUN.pattern})\s*(?:[,(]|$)", tail)
    if m and not is_place_or_org(m.group(1)):
        return "name", m.group(1)  # "“…” — Jane Roe, The Daily Ledger"
    m = re.match(r"\s*[,;—–-]?\s*according to\s+(.+)", tail, flags=re.IGNORECASE)
    if m:
        return subject_after(m.group(1))
    m = re.match(rf"\s*[,—–-]?\s*[^“”\"‘.;:!?]{{1,60}},\s*({NAME_RUN.pattern}),\s+(?:{_VERB_ALT})\b", tail)
    if m:  # "the minister’s aide, Anna Berg, said"
        return "name", m.group(1)
    m = re.match(rf"\s*[,—–-]?\s*({NAME_RUN.pattern}),\s+[^“”\"‘.;:!?]{{3,80}},\s+(?:{_VERB_ALT})\b", tail)
    if m:  # "Anna Berg, a member of the delegation, wrote on X"
        return "name", m.group(1)
    m = re.match(
        r"\s*[,—–-]?\s*(?P<who>(?:[^“”\"‘,.;:!?]|"
        + _ABBR_DOT
        + r"){1,80}?)\s+(?P<verb>"
        + _VERB.pattern
        + ")",
        tail,
    )
    if m and not re.search(r"\b(?:that|which|and|but)\b", m.group("who")):
        found = subject_before(" " + m.group("who"))
        if found is not None or not _VERB.match(m.group("who")):
            return found  # else inverted: "said a teacher in Dovra who asked not to be named"
    m = re.match(r"\s*[,—–-]?\s*(?:" + _VERB.pattern + r")\s+(.+)", tail)
    if m:
        return subject_after(m.group(1))
    return None


#: A finite verb or auxiliary that ends a clause's subject ("X has warned", "X read a statement").
_FINITE = re.compile(
    r"\s(?:has|have|had|is|are|was|were|will|would|could|can|may|might|must|should|did|does|"
    r"read|made|gave|sent|went|came|held|spoke|kept|met|" + _VERB_ALT + r"|[a-z]{2,}ed)\b(?!-)"
)


def _clause_subject(head: str) -> tuple[str, str] | None:
    """The subject of the sentence's main clause: the phrase before its first finite verb.

    For attributions whose verb is far from its subject ("The United States …
    has warned that it could impose “…”", "X read a statement: “…”").
    """
    opener = r"^\s*(?:(?:After|Before|On|In|At|Late|Earlier|Later|During|Since)\b[^,]{0,60},\s*)"
    head = re.sub(opener, "", head)
    m = re.match(rf"\s*((?:the\s+)?{NAME_RUN.pattern})(?:,\s+[^,“”\"]{{3,80}},)?\s+(?P<verb>[a-z]+)\b", head)
    if m and _verb_like(m.group("verb")) and not is_place_or_org(m.group(1).removeprefix("the ")):
        found = subject_before(m.group(1))
        if found is not None and found[0] == "name":
            return found  # "Anna Berg fears Moscow will …": the first name, not the place after the verb
    m = _FINITE.search(head)
    if m is None or m.start() > 120:
        return None
    found = subject_before(head[: m.start()])
    if found is None or (found[0] == "pronoun" and m.start() >= 15):
        return None
    return found


_NOT_VERBS = frozenset(
    [
        "as",
        "is",
        "us",
        "its",
        "this",
        "thus",
        "plus",
        "his",
        "hers",
        "yes",
        "less",
        "unless",
        "across",
        "always",
        "perhaps",
    ]
)


def _verb_like(word: str) -> bool:
    """A lower-case word that can be a finite verb after a subject ("fears", "warned", "will")."""
    if word in _NOT_VERBS:
        return word == "is"
    return (
        (word.endswith("s") and not word.endswith("ss"))
        or word.endswith("ed")
        or word in {"will", "would", "can", "could", "may", "might", "must", "should", "did", "does", "read",
                    "spoke", "told", "wrote", "said", "put", "gave", "made", "took", "saw", "thinks", "sees"}
    )  # fmt: skip


def _pre_attribution(text: str, head_start: int, open_: int) -> tuple[str, str] | None:
    head = text[head_start:open_]
    m = re.search(r"\baccording to\s+([^,“\"]{2,80}),", head, flags=re.IGNORECASE)
    verbs = list(_VERB.finditer(head))
    if verbs and (verbs[-1].end() == len(head.rstrip(" :,")) or not m or verbs[-1].start() > m.end()):
        for v in reversed(verbs[-3:]):  # "told state television": the last verb-like word may be a noun
            before = _ASIDE.sub(" ", head[: v.start()])
            # "the spokesman, Kyaw Thura, told"
            appositive = re.search(rf",\s+({NAME_RUN.pattern}),\s*$", before)
            coordinated = re.search(r"\b(?:but|and)\s*$", before)  # "X declined to comment but said"
            found = (
                subject_before(before)
                or (("name", appositive.group(1)) if appositive else None)
                or (_clause_subject(before) if coordinated else None)
                or _inverted_subject(head[v.end() :])
            )
            if found:
                return found
        found = _clause_subject(head[: verbs[-1].start()])
        if found:
            return found
    if m:
        return subject_after(m.group(1))
    if head.rstrip().endswith(":"):  # "X read a statement to reporters: “…”"
        label = re.fullmatch(rf"\s*(?:[-*•]\s*)?({NAME_RUN.pattern})\s*:\s*", head)
        if label and len(label.group(1).split()) >= 2 and not _FURNITURE.search(label.group(1)):
            return "name", label.group(1)  # "Jane Roe: “…”" (an interview transcript)
        credit = _CREDIT.fullmatch(head)
        if credit and not _FURNITURE.search(credit.group(1)) and not is_place_or_org(credit.group(1)):
            return "name", credit.group(1)  # "Jane Roe, The Daily Ledger: “…”", "Jane Roe (BBC): “…”"
        return None if label else _clause_subject(head)
    return None


def _inverted_subject(tail: str) -> tuple[str, str] | None:
    """The subject after a speech verb that introduces the quote ("said Ivan Petrov, “…").

    Not when the verb has a clause of its own before the quote ("ask the court to rule on …, “"):
    its object is no speaker.
    """
    if re.search(r"\b(?:to|that|whether|would|will|could|should)\s", tail):
        return None
    return subject_after(tail)


#: A credit line in a round-up: a name, then its outlet or an aside, then a colon.
_CREDIT = re.compile(
    rf"\s*(?:[-*•]\s*)?({NAME_RUN.pattern})\s*(?:,\s*[^:“”\"‘,]{{2,80}}(?:,\s*[^:“”\"‘,]{{2,60}})?"
    r"|\([^()“”\"]{2,80}\))\s*:\s*"
)


_FURNITURE = re.compile(
    r"\b(?:Related|Read|More|See|Also|Watch|Listen|Opinion|Analysis|Exclusive|Update|Breaking|Editor|Note|"
    r"Video|Photos?|Live|Latest|Explainer)\b"
)
#: Asides between a subject and its verb: "a senior official, speaking on condition of anonymity, said";
#: "Juan Mora (who called …": the relative pronoun starts a clause about the subject.
_ASIDE = re.compile(
    r"(?:,\s*(?:speaking|who|requesting|asking|declining|writing|led by|headed by|backed by|known as|"
    r"aged|\d+|in\s+an?\s+(?:interview|statement|post|op-ed|"
    r"letter|speech|address|briefing|video|article|essay|note|message))\b[^,]{0,80},\s*"
    r"|\s*[(,]\s*who\s*)$"
)


def _next_sentence_attribution(
    text: str, q: QuoteSpan, s0: int, nxt: tuple[int, int]
) -> tuple[str, str] | None:
    """Attribution in the sentence after the quote.

    ``“Why now?” Omar Haddad asked.`` — a quote ending in ? or ! is split from its attribution;
    ``“We are not leaving.” Dana Kiro, who leads the union, said the strike would go on.`` — a
    whole-sentence quote opening its paragraph is credited to the next sentence's speaker when
    that sentence starts with its subject and a speech verb.
    """
    n0, n1 = nxt
    if text[q.close + 1 : n0].strip(" \t.,"):
        return None
    if text[q.start : q.close].rstrip()[-1:] in "?!":
        return _post_attribution(text, n0 - 1, min(n1, n0 + 120))
    para_start = text.rfind("\n", 0, q.open) + 1
    if text[para_start : q.open].strip() or "\n" in text[q.close : n0]:
        return None
    m = _NEXT_SUBJECT.match(text, n0, n1)
    if m is None:
        return None
    return subject_before(m.group("who"))


#: A sentence that opens with its subject and a speech verb: "Dana Kiro, who leads the union, said".
_NEXT_SUBJECT = re.compile(
    rf"(?P<who>(?:[A-Z][\w.’'\-]*\s+){{0,3}}?(?:{NAME_RUN.pattern}|He|She|They))"
    rf"(?:,\s+[^,“”\"]{{3,90}},)?\s+(?:also\s+|later\s+)?(?:{_VERB_ALT})\b"
)


_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|will|would|can|could|should|shall|must|may|might|has|have|"
    r"had|do|does|did|\w+ed|\w+ing|mean|means|want|wants|need|needs|think|thinks|know|knows|see|sees|"
    r"make|makes|give|gives|take|takes|go|goes|come|comes|get|gets|let|lets|say|says)\b",
    re.IGNORECASE,
)


def _utterance_like(text: str, q: QuoteSpan, sent_start: int) -> bool:
    """A whole sentence in quotes, or a fragment with a verb: somebody's words, not a label."""
    quoted = text[q.start : q.end]
    whole_sentence = not text[sent_start : q.open].strip()
    return whole_sentence or (len(quoted.split()) >= 4 and _VERBISH.search(quoted) is not None)


#: A verb hidden in a contraction: "It's", "we're", "don't".
_CONTRACTION = re.compile(r"\b\w+[’'](?:s|re|ve|ll|d|m)\b|n[’']t\b", re.IGNORECASE)


#: Words after which a quotation continues the clause with its verb ("those who “obstruct …”").
_VERB_SLOT = re.compile(r"\b(?:who|to|would|will|must|should|could|can|cannot|not)\s*$")


def _name_like(text: str, q: QuoteSpan, *, explicit: bool = False) -> bool:
    """A quoted name or title, not words: "Operation Spring", "The Long Game in the Strait".

    With an ``explicit`` attribution (a speech verb or credit right at the quote) Title Case and
    capitals that read as a sentence ("WE WILL NEVER SURRENDER", "No Deal Without Kyiv") are words.
    """
    quoted = text[q.start : q.end]
    words = quoted.split()
    if explicit and len(words) >= 3 and (_VERBISH.search(quoted) or _CONTRACTION.search(quoted)):
        return False  # "It's a good deal," Trump said / “We will hold the line.”: a sentence, not a name
    if explicit and len(words) >= 2 and _VERB_SLOT.search(text[max(0, q.open - 12) : q.open]):
        return False  # "those who “obstruct the political process”": a verb phrase, not a name
    if len(words) <= 5 and _NAME_HEADS.search(quoted):
        return True
    if _NAME_CUES.search(text[max(0, q.open - 30) : q.open]):
        return True
    small = {"of", "the", "a", "an", "and", "for", "to", "in", "on", "at", "by", "with"}
    content = [w for w in words if w.lower() not in small]
    # Title Case throughout: a title or a name ("The Long Game in the Strait").
    return len(content) >= 2 and all(w[:1].isupper() for w in content) and len(words) <= 12


def _spacy_speaker(
    doc: Any, sent_start: int, sent_end: int, q: QuoteSpan, state: _State
) -> tuple[str, str] | None:
    """Subject of a speech verb outside the quote in the quote's sentence, from the parse.

    The verb and its subject must lie in the sentence as the rules split it (``sent_start`` to
    ``sent_end``): the parser's sentences can run past a closing quotation mark into the next
    sentence or paragraph, whose speaker is someone else.
    """
    span = doc.char_span(sent_start, q.open + 1, alignment_mode="expand")
    sents = [span.sent] if span is not None and len(span) else []
    for sent in sents:
        for tok in sent:
            speech = tok.tag_.startswith("VB") and tok.lower_ in _SPEECH_FORMS
            if not speech or q.open <= tok.idx <= q.close or not sent_start <= tok.idx < sent_end:
                continue
            for child in tok.children:
                if (
                    child.dep_ in ("nsubj", "nsubjpass")
                    and _outside(state, child.idx)
                    and sent_start <= child.left_edge.idx
                ):
                    kind = {"PRP": "pronoun", "NNP": "name", "NNPS": "name"}.get(child.tag_, "description")
                    named = [a for a in child.children if a.dep_ == "appos" and a.tag_ in ("NNP", "NNPS")]
                    if kind == "description" and named:  # "The UN envoy, Grace Obi, has said"
                        kind, child = "name", named[0]
                    phrase = doc[child.left_edge.i : _name_end(doc, child)].text
                    if kind == "description" and not _WHO_WORD.search(phrase):
                        continue  # "the proposal calls for …": a speech verb whose subject is no speaker
                    return kind, phrase if kind != "pronoun" else child.text.lower()
    return None


def _name_end(doc: Any, head: Any) -> int:
    """End (token index) of a subject whose head is ``head``, with the rest of its name
    ("Ministry" → "Ministry of External Affairs", "Mission" → "Mission in Libya")."""
    end, last = head.i + 1, head.right_edge.i
    while end <= last and (
        doc[end].tag_ in ("NNP", "NNPS") or (doc[end].lower_ in ("of", "in", "the") and end < last)
    ):
        end += 1
    return int(end)


#: A description that can speak: a source noun ("officials"), a role ("the minister") or a body.
_WHO_WORD = re.compile(
    r"\b(?:" + "|".join(SOURCE_NOUNS) + r"|president|minister|leader|spokes\w+|envoy|ambassador|secretary|"
    r"commander|chief|king|queen|ministry|government|army|military|group|party|movement|council|office|"
    r"embassy|agency|alliance|coalition|rebels|junta|authorities|statement|communiqu\w+)\b",
    re.IGNORECASE,
)


def _people_in(masked: str, a: int, b: int, index: SpeakerIndex) -> list[str]:
    """People named (outside quotes) between offsets ``a`` and ``b``, first mention first."""
    found = []
    for m in NAME_RUN.finditer(masked, a, b):
        name = index.canonical_name(m.group())
        if name in index.people and name not in found:
            found.append(name)
    return found


def _quoted_only(speaker: str, text: str, q: QuoteSpan, state: _State) -> bool:
    """Whether ``speaker`` is named in the quote but nowhere outside quotes up to it."""
    words = [w for w in speaker.split() if w[:1].isupper()]
    if not words or words[-1] not in text[q.start : q.end]:
        return False
    return not any(
        at < q.close and name == speaker for at, name in state.index.mentions if _outside(state, at)
    )


def _switched_speaker(state: _State, q: QuoteSpan, prev_start: int) -> tuple[bool, str | None]:
    """Whether another person became the subject since the last attribution, and who speaks now.

    The new person speaks when they are the subject of this sentence or the one before; when
    the change happened further back the quote gets no speaker from context. ``(False, None)``:
    nobody new took over, so the context speaker stands.
    """
    since = [
        (at, name)
        for at, name in state.index.mentions
        if state.last_speaker_at < at < q.open
        and name != state.last_speaker
        and _outside(state, at)
        and _is_subject(state.masked, at)
    ]
    if not since:
        return False, None
    at, name = since[-1]
    return True, (name if at >= prev_start else None)


def _is_subject(masked: str, at: int) -> bool:
    """Whether the name at ``at`` opens its sentence's subject (no verb before it in the sentence)."""
    start = max(masked.rfind(". ", 0, at), masked.rfind("\n", 0, at), masked.rfind("? ", 0, at)) + 1
    lead = masked[start:at]
    if re.search(r"\b(?:about|of|to|for|with|against|by|from|on|at|like|unlike|than|between|and|or)\s", lead):
        return False  # "Asked about Petrov's plan", "talks with Petrov": an object, not the subject
    return len(lead) < 80 and _FINITE.search(" " + lead) is None


def _label_of_subject(text: str, state: _State, s0: int, q: QuoteSpan) -> tuple[str, str] | None:
    """A one- to three-word label credited to the person the sentence is about, with no speech verb.

    ``Olga Sirko, the finance minister, sees the offer as “cosmetic”.`` — the label follows "as" or
    a copula and the sentence's subject, named before it outside quotes, is a person.
    """
    quoted = text[q.start : q.end]
    if len(quoted.split()) > 3 or not re.search(r"\b(?:as|is|was|are|were|been|be)\s*$", text[s0 : q.open]):
        return None
    if _NAME_CUES.search(text[max(0, q.open - 30) : q.open]) or _NAME_HEADS.search(quoted):
        return None
    first = NAME_RUN.search(state.masked, s0, q.open)
    if first is None or not _is_subject(state.masked, first.start()):
        return None
    name = state.index.canonical_name(first.group())
    return ("name", first.group()) if name in state.index.people else None


def _is_headline(text: str, a: int, b: int) -> bool:
    """A short paragraph with no closing punctuation: a headline or subhead kept as body text.

    ``Petrov says talks ‘dead’ as shelling resumes``; not a credit line (``Jane Roe: “…”``) nor a
    paragraph that is one quotation.
    """
    para = text[a:b].strip()
    bare = para.rstrip("”’\"' ")
    if not bare or not bare[-1].isalnum() or len(para.split()) > 20 or "\n" in para:
        return False
    if para[0] in "“‘\"'" and bare != para:
        return False  # the whole paragraph is a quotation
    return re.match(rf"\s*(?:{NAME_RUN.pattern})[^“”\"‘:]{{0,60}}:\s*[“‘\"']", para) is None


def _attributions(text: str, state: _State, doc: Any | None) -> Iterator[tuple[QuoteSpan, str | None, str]]:
    sentences = sentence_spans(text)
    paragraphs = paragraph_spans(text)
    spans = [
        q for q in find_quote_spans(text)
        if not re.search(r"[\w-]=\s*$", text[max(0, q.open - 3) : q.open])  # class="twitter-tweet"
    ]  # fmt: skip
    para_starts = [a for a, _ in paragraphs]
    state.masked = _mask(text, spans)
    state.quoted = [(q.open, q.close) for q in spans]
    qi = 0
    for si, (s0, s1) in enumerate(sentences):
        p = bisect.bisect_right(para_starts, s0) - 1
        headline = _is_headline(text, *paragraphs[p])
        prev = sentences[si - 1] if si else (s0, s0)
        head_start = s0
        if not text[paragraphs[p][0] : s0].strip():
            _note_label(text, s0, s1, state, p)
        sentence_speaker: str | None = None
        in_sentence = []
        while qi < len(spans) and spans[qi].open < s1:
            in_sentence.append(spans[qi])
            qi += 1
        for q in in_sentence:
            if headline:
                continue
            people_near = _people_in(state.masked, prev[0], q.open, state.index)
            # A quote of several sentences: its attribution follows the sentence where it closes.
            end = next((b for a, b in sentences[si:] if b > q.close), s1)
            found, cue = _post_attribution(text, q.close, end) if q.close < end else None, "after"
            if found is None:
                found, cue = _pre_attribution(text, max(head_start, s0), q.open), "before"
            nxt = next((k for k in range(si + 1, len(sentences)) if sentences[k][0] > q.close), None)
            if found is None and nxt is not None:
                found, cue = _next_sentence_attribution(text, q, s0, sentences[nxt]), "after"
            if found is None and doc is not None and sentence_speaker is None:
                found, cue = _spacy_speaker(doc, s0, s1, q, state), "parse"
            if found is None:
                found, cue = _label_of_subject(text, state, s0, q), "before"
            head_start = q.close + 1
            speaker = _resolve(*found, state, people_near, q.open) if found else None
            if speaker is not None and _quoted_only(speaker, text, q, state):
                speaker = None  # a name inside the quotation is never its speaker
            if speaker is None and sentence_speaker is not None:
                speaker, cue = sentence_speaker, "sentence"  # a later quote in an attributed sentence
            if speaker is None and _utterance_like(text, q, s0):
                close_enough = p - state.last_speaker_paragraph <= 3
                switched, newcomer = _switched_speaker(state, q, prev[0])
                if switched:
                    speaker, cue = newcomer, "context"  # the paragraph moved on to someone else
                else:
                    speaker, cue = (state.last_speaker if close_enough else None), "context"
            if speaker is None:
                words = _utterance_like(text, q, s0) and not _name_like(text, q)
                if words and _speech_nearby(text, q, prev[0], s1):
                    # Somebody's words whose speaker the rules cannot name: keep the quote, unattributed.
                    near = _people_in(state.masked, prev[0], s1, state.index)
                    yield q, (near[0] if near else None), "unattributed"
                continue
            state.note(speaker, p, q.close)  # even a quoted title tells us who is talking
            sentence_speaker = speaker
            if not _name_like(text, q, explicit=cue in ("after", "before")):
                yield q, speaker, cue
        if not in_sentence and _REPORTING.search(text, s0, s1):
            people_near = _people_in(state.masked, prev[0], s1, state.index)
            _note_indirect(text, s0, s1, state, people_near, p)


#: A transcript or interview label opening a paragraph: "HENRIK DAHL:", "**Joseph Mwangi:**", "Mwangi:".
_LABEL = re.compile(rf"\s*(?:[-*•]\s*)?(?:\*\*)?(?P<name>{NAME_RUN.pattern})(?:\*\*)?\s*:(?:\*\*)?\s")


def _note_label(text: str, s0: int, s1: int, state: _State, p: int) -> None:
    """A paragraph opened by its speaker's label: the answer is theirs ("As I told them, “…”")."""
    m = _LABEL.match(text, s0, s1)
    if m is None or _FURNITURE.search(m.group("name")):
        return
    name = state.index.canonical_name(m.group("name"))
    if name is not None and name in state.index.people:
        state.note(name, p, m.end())


def _speech_nearby(text: str, q: QuoteSpan, a: int, b: int) -> bool:
    """A speech verb, "according to" or a colon around the quote (its sentence or the one before)."""
    window = text[a : q.open] + " " + text[q.close + 1 : b]
    if _FURNITURE.search(text[a : q.open]):
        return False  # "Related: “…”", "Watch: “…”": a promo
    return _VERB.search(window) is not None or "according to" in window.lower() or ":" in window


#: What a sentence of reported speech contains: a speech verb, "according to" or a closing colon.
_REPORTING = re.compile(_VERB.pattern + r"|\baccording to\b|:\s*$", re.IGNORECASE | re.MULTILINE)


#: The reporter turning to someone, who answers next: "I asked a farmer", "we spoke to a nurse".
_REPORTER_ASKS = re.compile(r"\b(?:I|[Ww]e)\s+(?:asked|spoke\s+(?:to|with)|talked\s+to|interviewed)\b")


def _note_indirect(text: str, s0: int, s1: int, state: _State, people_near: list[str], p: int) -> None:
    """Reported speech without quotes ("Dickinson warns that …") sets the context speaker."""
    sentence = text[s0:s1]
    m = re.search(r"\baccording to\s+([^,]{2,80}),", sentence, flags=re.IGNORECASE)
    found = subject_after(m.group(1)) if m else None
    if found is None and sentence.rstrip().endswith(":"):
        found = _clause_subject(sentence)  # "X read a statement:" and the quote paragraphs follow
    reporter = _REPORTER_ASKS.search(sentence)
    if found is None and reporter is not None:  # "I asked a shopkeeper what she made of it.": she answers
        found = subject_after(sentence[reporter.end() :])
    if found is None:
        for v in _VERB.finditer(sentence):
            here = subject_before(_ASIDE.sub(" ", sentence[: v.start()]))  # "X, who asked …, said"
            if here is not None:
                found = here
                if here[0] != "description":
                    break
    if found and found[0] == "name":
        speaker = _resolve(*found, state, people_near, s0)
        if speaker is not None and (speaker in state.index.people or is_place_or_org(speaker)):
            state.note(speaker, p, s1)  # a new attribution: later unattributed quotes are its words
    elif found and found[0] == "description":
        # "A senior U.S. official said …": the new speaker, and "the official" resolves to it later.
        state.note(state.index.describe(found[1], state.recent, s0), p, s1)


def extract_quotes(text: str, index: SpeakerIndex, doc: Any | None = None) -> list[Quote]:
    """Quotes with canonical speakers and offsets into ``text``."""
    state = _State(index=index)
    return [
        Quote(start=q.start, end=q.end, text=text[q.start : q.end], speaker=speaker, cue=cue)
        for q, speaker, cue in _attributions(text, state, doc)
    ]
