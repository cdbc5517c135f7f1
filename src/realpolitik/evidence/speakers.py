"""Who is speaking: find the speaker phrase of an attribution and reduce it to
the taxonomy's canonical form.

Canonical forms: a person's full name without titles (``Dmitry Peskov`` for
"Kremlin spokesman Dmitry Peskov", ``Peter Dickinson`` for "Dickinson" once
the article has named him in full); an organisation by name without its
article (``White House``); an unnamed source as ``unnamed`` plus its
description (``unnamed senior U.S. official``). Pronouns resolve to the most
recent speaker when that speaker is in view, else to the person the previous
sentence is about.

:class:`SpeakerIndex` learns an article's names before attribution starts:
full names (so surnames resolve), roles ("spokesman" → Dmitry Peskov) and
which names are people rather than places or organisations. With the spaCy
model available, its PERSON entities are added to what the rules find.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from realpolitik.evidence.gazetteer import ORG_HEADS, SOURCE_NOUNS, TITLE_WORDS, is_place_or_org

__all__ = ["NAME_RUN", "PRONOUNS", "SpeakerIndex", "org_like", "subject_after", "subject_before"]

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"  # capitals, accented ones included ("Álvaro")
#: Abbreviations that keep their period inside a name ("Gen. Tun Aye", "Martin Luther King Jr.").
_ABBR = r"(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Sgt|Capt|Adm|Sen|Rep|Gov|Prof|Jr|Sr|St|Cmdr|Brig|Pres)\."
_TOKEN = (
    rf"(?:{_ABBR}|[{_UP}]\.(?:[A-Z]\.)*(?![\w’'])|[{_UP}][\w’'\-]*(?:[A-Z]\.)*"
    rf"|(?<!\w)(?:al|el|bin|ibn|abu)-[{_UP}][\w’'\-]*"
    rf"|(?<!\w)(?:de|van|von|der|al|bin|da|dos|du|la|le)(?=\s+[{_UP}]|\s+(?:der|de)\s+[{_UP}]))"
)
_PARTICLES = frozenset(["de", "van", "von", "der", "al", "bin", "da", "dos", "du", "la", "le"])
_OF_HEADS = ("Ministry", "Party", "Republic", "Kingdom", "Council", "Bank", "Union", "Federation", "Front",
             "Movement", "Department", "Forces", "Court", "Organization", "Organisation", "League",
             "Assembly", "Association", "Commission", "Conference", "Institute", "Office", "Authority",
             "Agency", "Mission", "Secretariat", "Command")  # fmt: skip
#: "of" inside an organisation's name: "Ministry of Unification", "Workers' Party of Korea"; "in" after
#: a mission ("United Nations Support Mission in Libya").
_OF = (
    "(?:(?:" + "|".join(f"(?<={h})" for h in _OF_HEADS) + r")\s+of|(?<=Mission)\s+in)\s+(?:the\s+)?"
)
#: A run of capitalized tokens: a candidate name.
NAME_RUN = re.compile(rf"{_TOKEN}(?:(?:{_OF}|\s+){_TOKEN}){{0,6}}")
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_DETERMINERS = r"(?:the|a|an|one|two|three|four|five|several|some|other|many|another|senior)"
_SOURCE_ALT = "|".join(SOURCE_NOUNS)
_SOURCE = rf"\b(?:{_SOURCE_ALT})\b"
_ROLE_ALT = (
    r"president|minister|premier|chancellor|leader|spokesman|spokeswoman|spokesperson|general|"
    r"envoy|ambassador|secretary|commander|ministry|king|chief"
)
_ROLE = rf"\b(?:{_ROLE_ALT})\b"
_TIME_WORDS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|"
    r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|recent|private|public|interviews?|"
    r"statements?|comments?|remarks?|briefings?|\d)"
)
#: One word of a description: anything but a word that starts a new clause ("that the government …").
_DESC_WORD = (
    r"(?:(?!(?:that|which|who|whom|whether|if|because|when|while|and|but|said|says|told)\b)[\w.’'\-]+\s+)"
)
_DESCRIPTION = re.compile(
    rf"(?P<np>(?<![\w’'\-])(?:{_DETERMINERS}\s+)?{_DESC_WORD}{{0,4}}?{_SOURCE}"
    r"(?:\s+(?:familiar with|briefed on|close to|involved in|with knowledge of)\s+the\s+\w+)?)\s*$",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "but",
        "and",
        "or",
        "yet",
        "so",
        "if",
        "when",
        "while",
        "although",
        "though",
        "despite",
        "since",
        "as",
        "at",
        "in",
        "on",
        "by",
        "for",
        "with",
        "from",
        "under",
        "over",
        "after",
        "before",
        "meanwhile",
        "however",
        "moreover",
        "still",
        "politically",
        "economically",
        "militarily",
        "in-short",
        "asked",
        "unlike",
        "like",
        "amid",
        "among",
        "following",
        "during",
        "against",
        "without",
        "within",
        "through",
        "toward",
        "towards",
        "across",
        "behind",
        "beyond",
        "near",
        "unless",
        "until",
        "whether",
        "because",
        "then",
        "now",
        "here",
        "there",
        "speaking",
        "according",
        "instead",
        "indeed",
        "also",
        "even",
        "only",
        "both",
        "neither",
        "either",
        "why",
        "what",
        "how",
        "who",
        "where",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "mr",
        "mrs",
        "ms",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_ADVERBS = re.compile(
    r"(?:\s+(?:also|further|then|later|again|recently|previously|once|now|has|have|had|was|were|is|"
    r"will|would|[a-z]+ly))+\s*$"
)


def _hyphen_title(token: str) -> bool:
    """A hyphenated title: "Secretary-General", "Vice-President", "Commander-in-Chief"."""
    parts = token.lower().split("-")
    return len(parts) > 1 and all(p in TITLE_WORDS or p in ("in", "of", "general") for p in parts)


def _strip_titles(run: str) -> str:
    tokens = run.split()
    while tokens and tokens[0].lower() in _NOT_NAMES:
        tokens.pop(0)
    # Possessives and titles before the name: "Ukraine's Foreign Minister Andrii Sybiha".
    while len(tokens) > 1 and (
        tokens[0].lower().rstrip(".") in TITLE_WORDS
        or tokens[0].lower() in TITLE_WORDS
        or _hyphen_title(tokens[0])
        or re.search(r"[’']s$", tokens[0])
        or (is_place_or_org(tokens[0].rstrip(".,")) and not _given_name_first(tokens))
    ):
        tokens.pop(0)
    if len(tokens) > 3 and not re.fullmatch(r"[A-Z]\.", tokens[-2]):
        keep = 2
        while keep < len(tokens) and tokens[-keep].lower() in _PARTICLES:
            keep += 1  # "Ursula von der Leyen": particles stay with the surname
        tokens = tokens[-keep:]
    return " ".join(tokens)


def org_like(name: str) -> bool:
    """A state, place or organisation, including bodies named "X of Y" ("Ministry of Information")."""
    return is_place_or_org(name) or re.search(_OF, name) is not None


def _given_name_first(tokens: list[str]) -> bool:
    """A given name that is also a place, leading a two-word name: "Israel Katz", "Jordan Bardella"."""
    return (
        len(tokens) == 2
        and tokens[0] in _first_names()
        and not is_place_or_org(tokens[1])
        and tokens[1].lower() not in _NOT_NAMES
    )


def _place_in_name(tokens: list[str]) -> bool:
    """Whether a place or organisation word sits inside a would-be person's name."""
    return any(is_place_or_org(t) for t in tokens) and not _given_name_first(tokens)


@dataclass
class SpeakerIndex:
    """What an article tells us about its names; resolves speaker phrases."""

    surnames: dict[str, str] = field(default_factory=dict)
    """Last name → full name, from every full person name in the article."""
    roles: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """Role noun ("spokesman") → (offset, person) for each introduction with it."""
    people: set[str] = field(default_factory=set)
    """Canonical names known to be people (pronoun antecedents)."""
    orgs: list[tuple[int, str]] = field(default_factory=list)
    """(offset, name) of every organisation named in full ("Sudanese Foreign Ministry")."""
    gender: dict[str, str] = field(default_factory=dict)
    """Person → ``"f"`` or ``"m"`` where the article or the first-name list tells (for "she"/"he")."""
    mentions: list[tuple[int, str]] = field(default_factory=list)
    """(offset, canonical name) of every person mention, in text order."""
    states: list[tuple[int, str]] = field(default_factory=list)
    """(offset, demonym) of every state named by name, demonym or capital, in text order."""
    given: dict[str, set[str]] = field(default_factory=dict)
    """Given name → the full names that start with it ("Kanya" → {"Kanya Rattanapong"})."""
    _canonical: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, persons: tuple[str, ...] = ()) -> SpeakerIndex:
        """Learn full names and roles from the article (plus NER PERSON names)."""
        index = cls()
        for name in persons:  # the model's PERSON entities: full names that are not places or bodies
            name = _title_case(re.sub(r"[’']s$", "", _strip_titles(name)))
            tokens = name.split()
            if len(tokens) >= 2 and not is_place_or_org(name) and not _place_in_name(tokens):
                index.add_person(name)
        runs = list(NAME_RUN.finditer(text))
        for m in runs:
            run = m.group()
            demonym = _state_demonym(run)
            if demonym is not None:
                index.states.append((m.start(), demonym))
            if m.start() and text[m.start() - 1] in "“\"‘'":
                continue  # a quoted title or name, not a person: "The Long Game in the Strait"
            org = re.sub(r"^(?:[Tt]he\s+)?(?:[\w.\- ]+[’']s\s+)?", "", run)  # "South Korea's Ministry of …"
            if _org_head(org) in ORG_HEADS and len(org.split()) >= 2:
                index.orgs.append((m.start(), org))  # "the ministry" later refers to it
            # "President Gustavo Petro's policy" → Gustavo Petro; "ANNA BERG" → Anna Berg
            name = _title_case(re.sub(r"[’']s$", "", _strip_titles(run)))
            tokens = name.split()
            honorific = run.split()[0].lower().rstrip(".") in _HONORIFICS and len(run.split()) == 2
            lone = len(tokens) == 1 and not is_place_or_org(name) and name.lower() not in _NOT_NAMES
            if honorific and lone:
                if name not in index.surnames:  # "Mr Petrov" with no full name in the article: a person
                    index.add_person(name)
                    cue = _gender_cue(run.split()[:1])
                    if cue:
                        index.gender.setdefault(name, cue)
                    index.mentions.append((m.start(), name))
                continue
            if len(tokens) < 2 or is_place_or_org(name) or any(t.lower() in _NOT_NAMES for t in tokens):
                continue
            if tokens[-1].lower() in ORG_HEADS or _place_in_name(tokens):
                continue
            index.add_person(name)
            index.mentions.append((m.start(), name))
            before = text[max(0, m.start() - 40) : m.start()]
            cue = _gender_cue(before.split()[-3:] + run.split()[: -len(name.split())])
            if cue and name not in index.gender:
                index.gender[name] = cue
            role = re.search(r"([a-z]+)\s+$", before)
            if role and role.group(1) in TITLE_WORDS:
                index.roles.setdefault(role.group(1), []).append((m.start(), name))
            for token in run.split()[:-1]:
                if token.lower() in TITLE_WORDS:
                    index.roles.setdefault(token.lower(), []).append((m.start(), name))
        for at, name in _single_mentions(runs, index):
            index.mentions.append((at, name))
        index.mentions.sort()
        return index

    def gender_of(self, name: str) -> str | None:
        """``"f"``, ``"m"`` or None (unknown) for a person."""
        if name in self.gender:
            return self.gender[name]
        first = name.split()[0] if name.split() else ""
        return _first_names().get(first) or _first_names().get(first.split("-")[0])

    def role_holder(self, role: str, pos: int) -> str | None:
        """The person most recently introduced with ``role`` before offset ``pos``."""
        holders = [name for at, name in self.roles.get(role, []) if at < pos]
        return holders[-1] if holders else None

    def org_named(self, head: str, pos: int) -> str | None:
        """The organisation with head noun ``head`` ("ministry") named most recently before ``pos``."""
        named = [org for at, org in self.orgs if at < pos and _org_head(org) == head]
        return named[-1] if named else None

    def add_person(self, name: str) -> None:
        tokens = name.split()
        if not tokens:
            return
        self.people.add(name)
        self._canonical.clear()
        if len(tokens) >= 2:
            particle = next((i for i, t in enumerate(tokens) if i and t.lower() in _PARTICLES), None)
            surname = " ".join(tokens[particle:]) if particle else tokens[-1]
            self.surnames.setdefault(surname, name)
            # "al-Burhan", "Al-Burhan", "Burhan"; "van der Berg", "Van der Berg", "Berg".
            self.surnames.setdefault(_surname_key(surname), name)
            self.given.setdefault(tokens[0], set()).add(name)
            if "-" in tokens[-1] and tokens[-1][0].isupper():
                # East Asian order, "Lai Ching-te": the family name comes first.
                self.surnames.setdefault(tokens[0], name)
            if name not in self.gender:
                cue = _first_names().get(tokens[0]) or _first_names().get(tokens[0].split("-")[0])
                if cue:
                    self.gender[name] = cue

    def canonical_name(self, phrase: str) -> str | None:
        """Canonical form of a capitalized phrase (person or organisation)."""
        if phrase not in self._canonical:
            self._canonical[phrase] = self._canonical_name(phrase)
        return self._canonical[phrase]

    def _canonical_name(self, phrase: str) -> str | None:
        phrase = re.sub(r"[’']s$", "", phrase.strip(" ,.;:"))
        owned = _owned_body(phrase)
        if owned is not None:
            return owned
        if is_place_or_org(phrase) or re.search(_OF, phrase):  # "the Workers' Party of Korea"
            return re.sub(r"^(?:the|The)\s+", "", phrase)
        name = _title_case(_strip_titles(phrase))
        if not name or name.lower() in _NOT_NAMES:
            return None
        if len(name.split()) == 1 or _surname_key(name) in self.surnames:
            found = self.surnames.get(name) or self.surnames.get(_surname_key(name))
            if found is None and len(self.given.get(name, ())) == 1 and not is_place_or_org(name):
                # "Kanya said" after "Kanya Rattanapong": Thai, Burmese, Indonesian and Icelandic
                # names are shortened to the given name; only one person may bear it.
                (found,) = self.given[name]
            return found or name
        return name

    @staticmethod
    def body_of(owner: str, body: str) -> str:
        """The body of a state or organisation, by name: ("Algiers", "foreign ministry") →
        "Algerian Foreign Ministry"; a body of a non-state ("Hamas", "political bureau") speaks as
        its owner."""
        demonym = _state_demonym(owner)
        words = body.split()
        if demonym is None or not words or words[-1].lower() not in ORG_HEADS | _STATE_BODIES:
            return owner
        return f"{demonym} {' '.join(w[:1].upper() + w[1:] for w in words)}"

    def describe(self, phrase: str, recent: list[str], pos: int | None = None) -> str:
        """Canonical form of a description ("the official", "a senior U.S. official")."""
        phrase = re.sub(
            r"^(?:one|some|two|three|several|many|most|none|each)\s+of\s+", "the ", phrase.strip()
        )
        owned = re.fullmatch(
            r"(?:the\s+)?(?P<state>[A-Z][\w ]+?)[’']s\s+(?P<org>(?:[a-z]+\s+){0,3}[a-z]+)", phrase
        )
        if owned and owned.group("org").split()[-1] in ORG_HEADS and _demonym(owned.group("state")):
            # "Sudan's foreign ministry" → "Sudanese Foreign Ministry"
            return f"{_demonym(owned.group('state'))} {owned.group('org').title()}"
        words = phrase.split()
        definite = words[0].lower() in ("the", "this", "that")
        head = _singular(re.sub(rf"^.*?\b({_SOURCE_ALT})\b.*$", r"\1", phrase.lower()))
        leading = r"^(?:(?:the|a|an|one|two|three|four|five|several|some|other|many|another|unnamed)\s+)+"
        core = re.sub(leading, "", phrase, flags=re.IGNORECASE)
        core = re.sub(r",?\s*(?:who|speaking|on condition)\b.*$", "", core)
        core = _cut_clause(core)
        if definite:
            at = pos if pos is not None else 1 << 62
            holder = self.role_holder(_singular(words[-1].lower()), at)
            if holder is not None:
                return holder
            org = self.org_named(words[-1].lower(), at)
            if org is not None:
                return org  # "the ministry" → the ministry named earlier
            state = next((d for where, d in reversed(self.states) if where < at and at - where < 800), None)
            bare = [w for w in words[1:] if w.islower()]
            if state and bare and bare[-1] in _STATE_BODIES and len(bare) == len(words) - 1:
                # "the foreign ministry" after "Pyongyang …" → "North Korean Foreign Ministry"
                return f"{state} {' '.join(bare).title()}"
            for earlier in reversed(recent):
                if earlier.startswith("unnamed ") and head in map(_singular, earlier.lower().split()):
                    return earlier
        return f"unnamed {core}"


_CLAUSE_CUT = re.compile(
    r"\s+(?:that|which|whom|whether|because|when|while|if|as|and|but|said|says|told|tells|added|what|how|why|"
    rf"(?:in|on|last|this|earlier|during)\s+{_TIME_WORDS}|last\s+(?:week|month|year)|on\s+condition)\b.*$",
    re.IGNORECASE | re.DOTALL,
)


def _cut_clause(core: str) -> str:
    """A description up to its clause boundary: "commanders in March that …" → "commanders"."""
    cut = _CLAUSE_CUT.sub("", core).strip(" ,;")
    return cut if re.search(rf"\b(?:{_SOURCE_ALT})\b", cut, re.IGNORECASE) else core


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """State name → its first demonym, from :data:`~realpolitik.evidence.states.STATES`."""
    from realpolitik.evidence.states import STATES

    table: dict[str, str] = {}
    for line in re.sub(r"\n\s+", " ", STATES.strip()).splitlines():
        fields = line.partition(":")[2].split(";")
        if len(fields) >= 2 and fields[1].strip():
            demonym = fields[1].split("/")[0].strip()
            for name in fields[0].split("/"):
                table[name.strip()] = demonym
    return table


def _demonym(state: str) -> str | None:
    return _demonyms().get(state.strip())


@lru_cache(maxsize=1)
def _state_demonyms() -> dict[str, str]:
    """Every name, demonym and seat of a state → the state's first demonym ("Pyongyang" → "North Korean")."""
    from realpolitik.evidence.states import STATES

    table: dict[str, str] = {}
    for line in re.sub(r"\n\s+", " ", STATES.strip()).splitlines():
        fields = line.partition(":")[2].split(";")
        if len(fields) >= 2 and fields[1].strip():
            demonym = fields[1].split("/")[0].strip()
            for f in fields:
                for name in f.split("/"):
                    if name.strip():
                        table.setdefault(name.strip(), demonym)
    return table


def _state_demonym(run: str) -> str | None:
    """The demonym of the state a name run is or starts with ("Sudan's", "Pyongyang", "Russian officials")."""
    run = re.sub(r"[’']s$", "", run.strip())
    table = _state_demonyms()
    if run in table:
        return table[run]
    first = run.split()[0] if run.split() else ""
    return table.get(first)


#: Government bodies a bare "the … ministry" can name ("the foreign ministry", "the defence ministry").
_STATE_BODIES = frozenset(["ministry", "government", "presidency", "army", "military", "embassy"])


#: Words of a state body's generic name ("Foreign Ministry", "Defence Ministry", "Coast Guard").
_GENERIC_BODY_WORDS = _STATE_BODIES | {"parliament", "navy", "coast", "guard", "police", "cabinet", "office"}


def _owned_body(phrase: str) -> str | None:
    """A state's body named with its possessive, in canonical form.

    A generic body takes the state's demonym ("Qatar's Foreign Ministry" → "Qatari Foreign
    Ministry", as "Sudan's foreign ministry" does in :meth:`SpeakerIndex.describe`); a body with
    a proper name of its own keeps it alone ("India's Ministry of External Affairs" → "Ministry
    of External Affairs"). None when the phrase is not a state's body.
    """
    m = re.fullmatch(r"(?:[Tt]he\s+)?(?P<owner>[A-Z][\w.\- ]*?)[’']s\s+(?P<body>[A-Z].*)", phrase)
    if m is None or not (is_place_or_org(m.group("body")) or re.search(_OF, m.group("body"))):
        return None
    demonym = _state_demonym(m.group("owner"))
    if demonym is None:
        return None
    words = m.group("body").split()
    if all(w.lower() in TITLE_WORDS or w.lower() in _GENERIC_BODY_WORDS for w in words):
        return f"{demonym} {m.group('body')}"
    return m.group("body")


def _org_head(org: str) -> str:
    """Head noun of an organisation's name: "ministry" for "Ministry of Unification"."""
    return re.sub(r"\s+of\s+.*$", "", org).split()[-1].lower()


#: Courtesy titles that make a lone surname a person ("Mr Petrov", "Dr. Sirko").
_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madame", "monsieur"])


def _title_case(name: str) -> str:
    """A name set in capitals (a transcript's "ANNA BERG:") in its ordinary case; others unchanged."""
    words = name.split()
    if len(words) < 2 or not name.isupper() or any(len(w.strip(".-")) < 2 for w in words):
        return name
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in words)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


#: Words just before (or starting) a name that tell its bearer's gender: "Mrs", "spokeswoman", "King".
_FEMALE_CUES = frozenset(
    [
        "mrs",
        "ms",
        "miss",
        "madam",
        "madame",
        "dame",
        "lady",
        "queen",
        "princess",
        "duchess",
        "baroness",
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "businesswoman",
        "stateswoman",
        "councilwoman",
        "sister",
        "mother",
        "wife",
        "daughter",
        "grandmother",
        "widow",
    ]
)
_MALE_CUES = frozenset(
    [
        "mr",
        "sir",
        "lord",
        "king",
        "prince",
        "duke",
        "baron",
        "spokesman",
        "chairman",
        "congressman",
        "businessman",
        "statesman",
        "councilman",
        "brother",
        "father",
        "husband",
        "son",
        "grandfather",
        "widower",
    ]
)


def _gender_cue(words: list[str]) -> str | None:
    """``"f"``/``"m"`` from the last gendered word among ``words`` (the title words before a name)."""
    for word in reversed(words):
        w = word.lower().strip(".,")
        if w in _FEMALE_CUES:
            return "f"
        if w in _MALE_CUES:
            return "m"
    return None


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    """Given name → ``"f"``/``"m"`` from the shipped list (``first_names.json``, hand-written)."""
    data = json.loads(resources.files("realpolitik.evidence").joinpath("first_names.json").read_text("utf-8"))
    return {**dict.fromkeys(data["male"], "m"), **dict.fromkeys(data["female"], "f")}


def _surname_key(surname: str) -> str:
    """A surname without its particles, folded: "al-Burhan", "Van der Berg" → "burhan", "berg"."""
    key = surname.casefold()
    key = re.sub(r"^(?:(?:al|el|bin|ibn|abu|ben)-)", "", key)
    key = re.sub(r"^(?:(?:de|van|von|der|den|al|bin|da|dos|du|la|le|ter)\s+)+", "", key)
    return key


def _single_mentions(runs: list[re.Match[str]], index: SpeakerIndex) -> list[tuple[int, str]]:
    """Offsets of surname-only mentions of known people ("Petrov said"), for pronoun antecedents."""
    found = []
    for m in runs:
        run = re.sub(r"[’']s$", "", m.group())
        if len(run.split()) == 1 and run[:1].isupper() and run.lower() not in _NOT_NAMES:
            name = index.surnames.get(run) or index.surnames.get(_surname_key(run))
            if name is not None:
                found.append((m.start(), name))
    return found


_QUALIFIER = (
    rf"(?:\s+(?:in|from|at|near)\s+(?!{_TIME_WORDS}\b)(?:the\s+)?[\w.’'\-]+(?:\s+(?-i:[{_UP}])[\w.’'\-]*)*"
    r"|\s+(?:familiar with|briefed on|close to|involved in|with knowledge of|with direct knowledge of)"
    r"\s+(?:the\s+)?(?:(?!(?:who|that|said|told|says)\b)[\w.’'\-]+\s+){0,2}?"
    r"(?!(?:who|that|said|told|says)\b)[\w.’'\-]+(?=\s*(?:[,.;:]|$|\s(?:who|that|said|says|told)\b)))?"
)
#: An unnamed source led by an indefinite determiner: "an unnamed European diplomat in Caracas".
_INDEFINITE_SOURCE = re.compile(
    rf"(?:^|[\s,])(?:an?|one|two|three|four|five|several|some)\s+({_DESC_WORD}{{0,4}}?{_SOURCE}{_QUALIFIER})",
    re.IGNORECASE,
)


#: A generic reference to an organisation named before: "the army", "the group", "the rebels".
_GENERIC_ORG = re.compile(
    r"(?:^|\s)((?:the|The)\s+(?:[\w’'\-]+\s+){0,2}?(?:army|military|group|militia|government|movement|party|"
    r"rebels|junta|alliance|coalition|agency|organi[sz]ation|company|embassy|mission|authorities|forces))\s*$"
)


#: Possessive determiners of a person: "his government" names no speaker of its own.
_PERSONAL_OWNERS = frozenset(["his", "her", "my", "our", "your"])
#: Source nouns that are bodies, not people.
_BODIES = frozenset(["ministry", "statement", "government", "administration", "delegation", "team"])


def subject_before(head: str) -> tuple[str, str] | None:
    """The subject phrase at the end of ``head`` (text just before a speech verb).

    Returns ``(kind, phrase)`` with kind ``pronoun``, ``name``, ``description``
    or ``org`` (a generic reference to an organisation: "the army"), or None.
    """
    s = _ADVERBS.sub("", head.rstrip())
    m = re.search(r"(?:^|[\s,(—–-])(he|she|they|it|we|He|She|They|It|We)$", s)
    if m:
        return "pronoun", m.group(1).lower()
    m = _INDEFINITE_SOURCE.search(s)
    if m and m.end() == len(s):
        return "description", m.group(1)
    m = re.search(rf"({NAME_RUN.pattern})\s+(?:of|from|at|with)\s+(?:the\s+)?({NAME_RUN.pattern})$", s)
    if (
        m
        and m.group(1).split()[-1].lower() not in _NOT_NAMES
        and m.group(1).split()[-1] not in _OF_HEADS
        and not is_place_or_org(m.group(1))
        and not all(t.lower().rstrip(".") in TITLE_WORDS for t in m.group(1).split())  # "Secretary of State"
    ):
        return "name", m.group(1)  # "President Ivan Petrov of Borduria", "Anna Berg of Kyiv University"
    m = re.search(rf"({NAME_RUN.pattern}),\s+([^,]{{3,80}}),$", s)  # "Peskov, the Kremlin spokesman,"
    if m and m.group(1).split()[-1].lower() not in _NOT_NAMES:
        person = NAME_RUN.fullmatch(m.group(2))
        after_preposition = re.search(r"\b(?:for|of|in|to|at|from)\s+(?:the\s+)?$", s[: m.start(1)])
        modifier = is_place_or_org(m.group(1)) or after_preposition
        if person and modifier and not org_like(m.group(2)) and len(m.group(2).split()) > 1:
            return "name", m.group(2)  # "the US envoy for Africa, Massad Boulos,": the apposition speaks
        return "name", m.group(1)
    m = re.search(
        rf"(?:^|\s)((?:the|The|a|an|An|A)\s+(?:[\w.’'\-]+\s+){{0,3}}?(?:{_SOURCE_ALT}|{_ROLE_ALT})\s+"
        rf"(?:for|to|on|at)\s+(?:the\s+)?{NAME_RUN.pattern})$",
        s,
    )
    if m:
        return "description", m.group(1)  # "the top envoy for the Korvan Strait": the envoy, not the strait
    m = re.search(rf"(?:^|\s)((?:its|their|Its|Their)\s+{NAME_RUN.pattern})$", s)
    if m and m.group(1).split()[-1].lower() in ORG_HEADS:
        return "description", m.group(1)  # "and its Defence Ministry warned": the state's body
    m = re.search(rf"(?:^|[^\w’'])((?:the\s+)?{NAME_RUN.pattern})$", s)
    if m and m.group(1).split()[-1].lower() not in _NOT_NAMES:
        return "name", m.group(1)
    m = re.search(rf"(?:^|\s)((?:the|The)\s+(?:[\w.’'\-]+\s+){{0,2}}?{_ROLE})$", s)
    if m:
        return "description", m.group(1)
    m = _DESCRIPTION.search(s)
    if m:
        np = m.group("np")
        # Keep the description's own words: stop at a clause boundary.
        np = re.split(r"\b(?:that|which|who|and|but|because|after|while|when|said|says)\b", np)[-1].strip()
        words = np.split()
        if words and words[-1].lower() in SOURCE_NOUNS:
            if words[0].lower() not in _PERSONAL_OWNERS:
                return "description", np
            if words[-1].lower() not in _BODIES:  # "his spokesman": an unnamed aide
                return "description", " ".join(words[1:])
            # "his government would ask …": a person's body is no unnamed source of its own
    m = _GENERIC_ORG.search(s)
    if m:
        return "org", m.group(1)
    return None


#: A role noun that can stand directly before a person's name ("finance minister Olaf Berg",
#: "Gen. Tun Aye"), in either case.
_TITLE_HEAD = (
    r"(?:[Pp]resident|[Mm]inister|[Pp]remier|[Cc]hancellor|[Ll]eader|[Ss]pokes(?:man|woman|person)|"
    r"[Gg]eneral|[Ee]nvoy|[Aa]mbassador|[Ss]ecretary|[Cc]ommander|[Kk]ing|[Qq]ueen|[Pp]rince|[Cc]hief|"
    r"[Aa]dvis[eo]r|[Aa]ide|[Nn]egotiator|[Gg]overnor|[Mm]ayor|[Ss]enator|[Cc]hair(?:man|woman|person)?|"
    r"[Dd]irector|[Hh]ead|[Cc]olonel|[Aa]dmiral|[Mm]ajor|[Cc]aptain|[Ll]ieutenant|[Oo]fficial|"
    r"(?:Gen|Col|Lt|Maj|Adm|Capt|Sen|Gov|Rep|Dr)\.)"
)
#: What may lead a role: an article or a possessive ("Borduria's", "the group’s").
_ROLE_LEAD = r"(?:(?:the|The|a|an)\s+)?(?:[\w.\-]+(?:\s+[\w.\-]+)?[’']s\s+)?"
_ROLE_WORDS = rf"{_ROLE_LEAD}(?:[\w.’'\-]+\s+){{0,3}}?{_TITLE_HEAD}"
#: A person's name after a role: 1–3 capitalized tokens, particles allowed ("Abu Obeida", "Ahmed al-Rashid").
_PERSON = (
    rf"(?:(?:al|el|bin|ibn|abu|van|von|de|der|da|du|la|le)(?:-|\s+))?[{_UP}][\w’'\-]*"
    rf"(?:(?:\s+(?:al|el|bin|ibn|abu|van|von|de|der|da|du|la|le|dos))*(?:\s+|-)[{_UP}][\w’'\-]*){{0,2}}"
)
#: "Borduria's president, Ivan Petrov" / "finance minister Olaf Berg": the name is the speaker.
_ROLE_THEN_NAME = re.compile(rf"\s*{_ROLE_WORDS},?\s+(?P<name>{_PERSON})(?![\w’'])(?!\s+(?:of|in)\b)")


def _role_then_name(tail: str) -> str | None:
    m = _ROLE_THEN_NAME.match(tail)
    if m is None:
        return None
    name = m.group("name")
    if is_place_or_org(name) or _place_in_name(name.split()):
        return None  # "the defence minister, Kyiv's …" is not a name
    if name.split()[0].lower() in _NOT_NAMES or name.split()[-1].lower() in ORG_HEADS:
        return None
    return name


def subject_after(tail: str) -> tuple[str, str] | None:
    """The subject of an inverted attribution: the phrase just after the verb ("said Peskov")."""
    name = _role_then_name(tail)
    if name is not None:  # "said Borduria's president, Ivan Petrov"; "said finance minister Olaf Berg"
        return "name", name
    m = re.match(rf"\s*((?:the\s+)?{NAME_RUN.pattern})", tail)
    if m and m.group(1).split()[0].lower() not in _NOT_NAMES - {"the"}:
        return "name", m.group(1)
    m = re.match(rf"\s*(?:the|The)\s+(?:[\w.’'\-]+\s+){{0,3}}?{_ROLE}\s+({NAME_RUN.pattern})", tail)
    if m:  # "said the rebel commander Juan Perez"
        return "name", m.group(1)
    m = re.match(rf"\s*((?:the|The)\s+(?:[\w.’'\-]+\s+){{0,2}}?{_ROLE})", tail)
    if m:
        return "description", m.group(1)
    m = re.match(
        rf"\s*((?:{_DETERMINERS}\s+)?{_DESC_WORD}{{0,4}}?{_SOURCE}{_QUALIFIER})\b",
        tail,
        flags=re.IGNORECASE,
    )
    if m:
        return "description", m.group(1)
    m = re.match(r"\s*((?:the|The)\s+(?:[\w’'\-]+\s+){0,2}?\w+)", tail)
    if m and _GENERIC_ORG.search(m.group(1)):
        return "org", m.group(1)
    return None
