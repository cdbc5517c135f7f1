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

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from realpolitik.evidence.article import Quote
from realpolitik.evidence.gazetteer import is_place_or_org
from realpolitik.evidence.speakers import NAME_RUN, SpeakerIndex, subject_after, subject_before
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
    "point",
    "points",
    "pointed",
    "insisting",
    "calling",
    "describing",
]
_SPEECH_LEMMAS = frozenset(
    [
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


def _double_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(a, b):
        ch = text[i]
        if ch == "“" or (ch == '"' and opened is None and (i == a or not text[i - 1].isalnum())):
            opened = i if opened is None or ch == "“" else opened
        elif ch in '”"' and opened is not None:
            spans.append((opened, i))
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
    last_speaker: str | None = None
    last_speaker_paragraph: int = -10
    recent: list[str] = field(default_factory=list)
    """Speakers and people in order of mention (latest last)."""

    def note(self, speaker: str, paragraph: int) -> None:
        self.last_speaker, self.last_speaker_paragraph = speaker, paragraph
        self.recent.append(speaker)


def _resolve(kind: str, phrase: str, state: _State, people_near: list[str], pos: int) -> str | None:
    if kind == "pronoun":
        if phrase in ("it", "they"):
            orgs = [r for r in reversed(state.recent) if r not in state.index.people]
            return orgs[0] if orgs else state.last_speaker
        last = state.last_speaker
        if last in state.index.people and (last in people_near or not people_near):
            return last
        return people_near[0] if people_near else last
    if kind == "name":
        return state.index.canonical_name(phrase)
    return state.index.describe(phrase, state.recent, pos)


def _people_in(text: str, index: SpeakerIndex) -> list[str]:
    found = []
    for m in NAME_RUN.finditer(text):
        name = index.canonical_name(m.group())
        if name in index.people and name not in found:
            found.append(name)
    return found


def _post_attribution(text: str, close: int, sent_end: int) -> tuple[str, str] | None:
    tail = text[close + 1 : sent_end]
    m = re.match(r"\s*[,;—–-]?\s*according to\s+(.+)", tail, flags=re.IGNORECASE)
    if m:
        return subject_after(m.group(1))
    m = re.match(rf"\s*[,—–-]?\s*[^“”\"‘.;:!?]{{1,60}},\s*({NAME_RUN.pattern}),\s+(?:{_VERB_ALT})\b", tail)
    if m:  # "the minister’s aide, Anna Berg, said"
        return "name", m.group(1)
    m = re.match(rf"\s*[,—–-]?\s*({NAME_RUN.pattern}),\s+[^“”\"‘.;:!?]{{3,80}},\s+(?:{_VERB_ALT})\b", tail)
    if m:  # "Anna Berg, a member of the delegation, wrote on X"
        return "name", m.group(1)
    m = re.match(r"\s*[,—–-]?\s*(?P<who>[^“”\"‘,.;:!?]{1,80}?)\s+(?P<verb>" + _VERB.pattern + ")", tail)
    if m and not re.search(r"\b(?:that|which|and|but)\b", m.group("who")):
        return subject_before(" " + m.group("who"))
    m = re.match(r"\s*[,—–-]?\s*(?:" + _VERB.pattern + r")\s+(.+)", tail)
    if m:
        return subject_after(m.group(1))
    return None


#: A finite verb or auxiliary that ends a clause's subject ("X has warned", "X read a statement").
_FINITE = re.compile(
    r"\s(?:has|have|had|is|are|was|were|will|would|could|can|may|might|must|should|did|does|"
    r"read|made|gave|sent|went|came|held|spoke|kept|met|"
    + _VERB_ALT
    + r"|[a-z]{2,}ed)\b(?!-)"
)


def _clause_subject(head: str) -> tuple[str, str] | None:
    """The subject of the sentence's main clause: the phrase before its first finite verb.

    For attributions whose verb is far from its subject ("The United States …
    has warned that it could impose “…”", "X read a statement: “…”").
    """
    opener = r"^\s*(?:(?:After|Before|On|In|At|Late|Earlier|Later|During|Since)\b[^,]{0,60},\s*)"
    head = re.sub(opener, "", head)
    m = _FINITE.search(head)
    if m is None or m.start() > 120:
        return None
    found = subject_before(head[: m.start()])
    if found is None or (found[0] == "pronoun" and m.start() >= 15):
        return None
    return found


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
                or subject_after(head[v.end() :])
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
        return None if label else _clause_subject(head)
    return None


_FURNITURE = re.compile(
    r"\b(?:Related|Read|More|See|Also|Watch|Listen|Opinion|Analysis|Exclusive|Update|Breaking|Editor|Note|"
    r"Video|Photos?|Live|Latest|Explainer)\b"
)
#: Asides between a subject and its verb: "a senior official, speaking on condition of anonymity, said";
#: "Juan Mora (who called …": the relative pronoun starts a clause about the subject.
_ASIDE = re.compile(
    r"(?:,\s*(?:speaking|who|requesting|asking|declining)\b[^,]{0,80},\s*"
    r"|\s*[(,]\s*who\s*)$"
)


def _next_sentence_attribution(text: str, q: QuoteSpan, s1: int, s2: int) -> tuple[str, str] | None:
    """``“Why now?” Omar Haddad asked.`` — a quote ending in ? or ! is split from its attribution."""
    if text[q.start : q.close].rstrip()[-1:] not in "?!" or text[q.close + 1 : s1].strip():
        return None
    return _post_attribution(text, s1 - 1, min(s2, s1 + 120))


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


def _name_like(text: str, q: QuoteSpan) -> bool:
    quoted = text[q.start : q.end]
    words = quoted.split()
    if len(words) <= 5 and _NAME_HEADS.search(quoted):
        return True
    if _NAME_CUES.search(text[max(0, q.open - 30) : q.open]):
        return True
    small = {"of", "the", "a", "an", "and", "for", "to", "in", "on", "at", "by", "with"}
    content = [w for w in words if w.lower() not in small]
    # Title Case throughout: a title or a name ("The Long Game in the Strait").
    return len(content) >= 2 and all(w[:1].isupper() for w in content) and len(words) <= 12


def _spacy_speaker(doc: Any, sent_start: int, q: QuoteSpan) -> tuple[str, str] | None:
    """Subject of a speech verb outside the quote in the quote's sentence, from the parse."""
    for tok in doc:
        if not sent_start <= tok.idx < q.open and not q.close < tok.idx:
            continue
        if tok.pos_ != "VERB" or tok.lemma_ not in _SPEECH_LEMMAS or q.open <= tok.idx <= q.close:
            continue
        if tok.sent.start_char > q.open or tok.sent.end_char < q.open:
            continue
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                span = doc[child.left_edge.i : child.i + 1]
                kind = (
                    "pronoun"
                    if child.pos_ == "PRON"
                    else ("name" if child.pos_ == "PROPN" else "description")
                )
                return kind, span.text if kind != "pronoun" else child.text.lower()
    return None


def _attributions(text: str, state: _State, doc: Any | None) -> Iterator[tuple[QuoteSpan, str | None, str]]:
    sentences = sentence_spans(text)
    paragraphs = paragraph_spans(text)
    spans = find_quote_spans(text)
    qi = 0
    for si, (s0, s1) in enumerate(sentences):
        p = next(i for i, (a, b) in enumerate(paragraphs) if a <= s0 < b)
        prev = sentences[si - 1] if si else (s0, s0)
        people_near = _people_in(text[s0:s1], state.index) + _people_in(text[prev[0] : prev[1]], state.index)
        head_start = s0
        sentence_speaker: str | None = None
        in_sentence = []
        while qi < len(spans) and spans[qi].open < s1:
            in_sentence.append(spans[qi])
            qi += 1
        for q in in_sentence:
            found, cue = _post_attribution(text, q.close, s1) if q.close < s1 else None, "after"
            if found is None:
                found, cue = _pre_attribution(text, max(head_start, s0), q.open), "before"
            if found is None and si + 1 < len(sentences):
                found, cue = _next_sentence_attribution(text, q, s1, sentences[si + 1][1]), "after"
            if found is None and doc is not None:
                found, cue = _spacy_speaker(doc, s0, q), "parse"
            head_start = q.close + 1
            speaker = _resolve(*found, state, people_near, q.open) if found else None
            if speaker is None and sentence_speaker is not None:
                speaker, cue = sentence_speaker, "sentence"  # a later quote in an attributed sentence
            if speaker is None and _utterance_like(text, q, s0):
                close_enough = p - state.last_speaker_paragraph <= 3
                speaker, cue = (state.last_speaker if close_enough else None), "context"
            if speaker is None:
                words = _utterance_like(text, q, s0) and not _name_like(text, q)
                if words and _speech_nearby(text, q, prev[0], s1):
                    # Somebody's words whose speaker the rules cannot name: keep the quote, unattributed.
                    yield q, (people_near[0] if people_near else None), "unattributed"
                continue
            state.note(speaker, p)  # even a quoted title tells us who is talking
            sentence_speaker = speaker
            if not _name_like(text, q):
                yield q, speaker, cue
        if not in_sentence:
            _note_indirect(text, s0, s1, state, people_near, p)


def _speech_nearby(text: str, q: QuoteSpan, a: int, b: int) -> bool:
    """A speech verb, "according to" or a colon around the quote (its sentence or the one before)."""
    window = text[a : q.open] + " " + text[q.close + 1 : b]
    if _FURNITURE.search(text[a : q.open]):
        return False  # "Related: “…”", "Watch: “…”": a promo
    return _VERB.search(window) is not None or "according to" in window.lower() or ":" in window


def _note_indirect(text: str, s0: int, s1: int, state: _State, people_near: list[str], p: int) -> None:
    """Reported speech without quotes ("Dickinson warns that …") sets the context speaker."""
    sentence = text[s0:s1]
    m = re.search(r"\baccording to\s+([^,]{2,80}),", sentence, flags=re.IGNORECASE)
    found = subject_after(m.group(1)) if m else None
    if found is None and sentence.rstrip().endswith(":"):
        found = _clause_subject(sentence)  # "X read a statement:" and the quote paragraphs follow
    if found is None:
        for v in _VERB.finditer(sentence):
            found = subject_before(sentence[: v.start()])
            if found and found[0] != "description":
                break
    if found and found[0] == "name":
        speaker = _resolve(*found, state, people_near, s0)
        if speaker is not None and (speaker in state.index.people or is_place_or_org(speaker)):
            state.note(speaker, p)  # a new attribution: later unattributed quotes are its words
    elif found and found[0] == "description":
        # "A senior U.S. official said …": the new speaker, and "the official" resolves to it later.
        state.note(state.index.describe(found[1], state.recent, s0), p)


def extract_quotes(text: str, index: SpeakerIndex, doc: Any | None = None) -> list[Quote]:
    """Quotes with canonical speakers and offsets into ``text``."""
    state = _State(index=index)
    return [
        Quote(start=q.start, end=q.end, text=text[q.start : q.end], speaker=speaker, cue=cue)
        for q, speaker, cue in _attributions(text, state, doc)
    ]
