"""Who the parties are: resolve mentions in an article to actor ids.

A claim is labelled with the party whose choice it bears on, so the
extractor must recognise parties it has never been told about. Mentions
come from, in order of precedence:

1. **definitions in the article**: a name followed by an acronym in
   parentheses defines a party id, ``Tigray People's Liberation Front
   (TPLF)`` → ``tplf`` (a state's own forces, ``Sudanese Armed Forces
   (SAF)``, stay with the state); an acronym before ``rebels``,
   ``militia`` … is a group (``M23 rebels`` → ``m23``);
2. **the gazetteer**: every UN member state by name, demonym, capital and
   seat of government (:mod:`.states`), common armed groups, and the
   leaders in :data:`.gazetteer.ACTOR_ALIASES`;
   A capitalized name the tables lack but the article uses as a state
   (``Aland's forces``, ``the Aland government``) is a party of its own
   (``aland``); a region (``europe``) is the focal party only when no
   more specific party is a principal;
3. **people tied to a party** by the article (``Ethiopian Prime Minister
   Abiy Ahmed``, later ``Abiy``);
4. with the spaCy model, NORP entities the tables lack (group names, not
   demonyms) and ORG entities named like armed groups (``… Front``,
   ``… Army``); unknown GPEs are cities and regions, not parties;
5. **generic references**: ``the junta``, ``the government``, ``the
   regime`` resolve to the nearest principal state mentioned before them in
   the paragraph (else the article's main state); ``the rebels``, ``the
   group``, ``the militia`` to the article's main non-state party.

Ids are lower-case snake_case names (``tplf``, ``united_states``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from typing import Any

from realpolitik.evidence.gazetteer import ACTOR_ALIASES
from realpolitik.evidence.states import group_ids, seats, state_aliases
from realpolitik.evidence.text import ascii_fold, paragraph_spans

__all__ = ["REGION_IDS", "Parties", "acronym_definitions", "party_lookup", "snake_id"]

#: Share of the top party's mentions that makes a party a principal (not a bystander).
PRINCIPAL_RATIO = 0.4
_MAX_TOKENS = 6
_TOKEN = re.compile(r"[\w’'.\-]+")
_ACRONYM_DEF = re.compile(
    r"(?P<name>(?:[A-Z][\w’'\-]*|al-\w+)(?:\s+(?:of|for|the|and|de|del|la|al-\w+|[A-Z][\w’'\-]*)){0,8})"
    r"\s+\((?P<acr>[A-Z][A-Za-z0-9\-]{1,7})\)"
)
_GROUP_NOUNS = r"rebels?|militias?|militants?|fighters|guerrillas?|insurgents?|paramilitar(?:y|ies)"
_ACRONYM_GROUP = re.compile(rf"\b(?P<acr>[A-Z][A-Z0-9]{{1,6}})\s+(?:{_GROUP_NOUNS})\b")
_ARMED_HEADS = re.compile(
    r"\b(?:Front|Army|Forces|Movement|Brigades?|Militia|Liberation|Resistance|Revolutionary|Rebels?|"
    r"Jihad|Mujahideen|Alliance|Council|Party|Group|Guard)\b"
)
_STATE_FORCES = re.compile(r"\s+(?:Armed Forces|Army|Military|Defen[cs]e Forces|Government|Navy|Air Force)$")
_PERSON_TIE = re.compile(
    r"(?P<place>[A-Z][\w’'.\-]+)(?:[’']s)?\s+(?:(?:[Pp]resident|[Pp]rime [Mm]inister|[Ff]oreign [Mm]inister|"
    r"[Dd]efen[cs]e [Mm]inister|[Ll]eader|[Cc]hancellor|[Ss]pokes(?:man|woman|person)|[Gg]en\.|[Gg]eneral|"
    r"[Cc]ommander|[Cc]hief|[Nn]egotiator|[Ee]nvoy|[Mm]inister)\s*,?\s+)"
    r"(?P<name>[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|al-[A-Z]\w+|von|der|de))+)"
)
#: A capitalized name used as a state: "Aland's forces", "the Aland government", "Borduria's president".
_STATE_USE = re.compile(
    r"(?:\b(?P<the>[Tt]he)\s+)?\b(?P<name>[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)(?P<pos>[’']s)?\s+"
    r"(?:government|army|military|armed forces|forces|troops|navy|air force|parliament|economy|"
    r"president|prime minister|foreign minister|foreign ministry|defen[cs]e minister|defen[cs]e ministry|"
    r"leadership|negotiators|delegation)\b"
)
#: Regions and continents: a party only when nothing more specific is ("europe" is also the EU).
REGION_IDS = frozenset(["europe", "africa", "asia", "the_west", "middle_east", "west", "latin_america"])
#: Words that start a sentence or a title, and regions, not names of states.
_NOT_STATE = frozenset(
    [
        "The", "This", "That", "These", "Those", "Its", "Their", "Our", "His", "Her", "Your", "My", "Any",
        "Every", "Each", "Both", "Some", "Most", "Such", "Europe", "Africa", "Asia", "America", "West",
        "East", "North", "South", "Gulf", "Arctic", "Pacific", "Atlantic", "Monday", "Tuesday", "Wednesday",
        "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December", "New", "National", "Federal",
        "Interim", "Transitional", "Military", "Civilian", "Central", "Regional", "Local", "State",
        "Senior", "Former", "Acting", "Deputy"
    ]
)  # fmt: skip
_STATE_GENERIC = re.compile(
    r"\b(?:[Tt]he\s+(?:junta|regime|government|military|army|authorities)|junta)\b(?:[’']s)?"
    r"(?!\s+(?:balance|spending|aid|support|pressure|option|operation|escalation)\b)"
)
#: After a capital: it names an agreement, a meeting or a format held there.
_VENUE_AFTER = re.compile(
    r"(?:[’']s)?\s+(?:agreement|accords?|deal|talks|process|format|declaration|communiqu[eé]|framework|"
    r"summit|meeting|round|peace|ceasefire|truce|negotiations|conference|protocol|treaty|plan|pact)\b",
    re.IGNORECASE,
)
#: Before a capital: where something happened ("talks in Doha", "signed in Pretoria").
_VENUE_BEFORE = re.compile(
    r"\b(?:(?:talks|met|meets|meeting|summit|signed|held|hosted|negotiat\w+|conference|ceremony|round|"
    r"gathered|convened)\s+(?:[\w,-]+\s+){0,4}?(?:in|at)|hosted by|venue)\s+(?:the\s+)?$"
)
#: A person's government: "Nicolás Maduro's government", "the Assad regime".
_LEADER_OF = re.compile(
    r"\b(?P<name>[A-Z][\w’'\-]+\s+[A-Z][\w’'\-]+)[’']s\s+(?:government|regime|administration)\b"
)
#: A capitalized name ending in the head noun of a party or armed group ("… Party", "… Front").
_NAMED_GROUP = re.compile(
    r"\b(?P<name>(?:[A-Z][\w’'\-]+\s+){1,5}(?:Party|Movement|Front|Brigades?|Militia|Alliance|League|"
    r"Congress|Coalition|Resistance|Forces))\b(?!\s+\(|\s+of\s+[A-Z])"
)
#: Collective actors named by a common noun: they act for themselves, not for the focal state.
_COLLECTIVE = re.compile(
    r"\b(?:the\s+)?(?P<noun>voters|electorate|trade unions|unions|militias|paramilitaries|settlers)\b",
    re.IGNORECASE,
)
#: Generic nouns for a state's ruling body: without a tie they go to the headline's state.
_RULING = frozenset(["junta", "regime", "military"])
_TIED_GENERIC = re.compile(
    r"\b(?P<name>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)(?:[’']s)?\s+(?P<noun>junta|regime|military|army)\b"
)
_COLLECTIVE_IDS = {"electorate": "voters", "trade unions": "unions"}
_GROUP_GENERIC = re.compile(
    r"\b[Tt]he\s+(?:rebels?|insurgents?|guerrillas?|militants?|militia|paramilitar(?:y|ies)|group|movement)\b"
    r"(?:[’']s)?"
)


def snake_id(name: str) -> str:
    """Actor id of a name: lower-case snake_case without a leading article or a possessive."""
    name = re.sub(r"[’']s?$", "", re.sub(r"^(?:the|The)\s+", "", name.strip()))
    # Accents folded to ASCII first: "Érythrée" → erythree, never "_rythr_e".
    return re.sub(r"[^0-9a-z]+", "_", ascii_fold(name).lower().replace("'", "")).strip("_")


@lru_cache(maxsize=1)
def party_lookup() -> dict[str, str]:
    """Name → actor id: the states table, armed groups, and the leaders in the gazetteer."""
    lookup = dict(state_aliases())
    for actor, aliases in ACTOR_ALIASES.items():
        for alias in aliases:
            lookup.setdefault(alias, actor)
    return lookup


def acronym_definitions(text: str, lookup: dict[str, str] | None = None) -> dict[str, str]:
    """Parties an article defines: ``Name (ACR)`` and ``ACR rebels`` → alias → id.

    >>> sorted(acronym_definitions("the National Liberation Army (ELN) and M23 rebels").items())
    [('ELN', 'eln'), ('M23', 'm23'), ('National Liberation Army', 'eln')]
    """
    lookup = party_lookup() if lookup is None else lookup
    found: dict[str, str] = {}
    for m in _ACRONYM_DEF.finditer(text):
        name = re.sub(r"^(?:[Tt]he)\s+", "", m.group("name"))
        acr = m.group("acr")
        # Keep only the name's tail that reads as one name ("... the Tigray People's Liberation Front").
        words = name.split()
        while words and words[0][0].islower():
            words.pop(0)
        name = re.sub(r"^[A-Z]\w+s\s+of\s+(?:the\s+)?", "", " ".join(words))  # "Fighters of the …"
        if not name:
            continue
        state = _state_forces(name, lookup)
        if state is not None:
            ident = state
        elif name in lookup or acr in lookup:
            ident = lookup.get(name) or lookup[acr]
        elif _ARMED_HEADS.search(name):
            ident = acr.lower()
        else:
            continue  # "International Monetary Fund (IMF)": an institution, not a party
        found.setdefault(name, ident)
        found.setdefault(acr, ident)
    for m in _ACRONYM_GROUP.finditer(text):
        acr = m.group("acr")
        found.setdefault(acr, lookup.get(acr, acr.lower()))
    return found


def _state_forces(name: str, lookup: dict[str, str]) -> str | None:
    """``Sudanese Armed Forces`` → sudan: a state's own army is the state."""
    m = _STATE_FORCES.search(name)
    if m is None:
        return None
    head = name[: m.start()]
    return lookup.get(head)


class Parties:
    """Every party mention in one article, resolved to actor ids.

    Parameters
    ----------
    text
        The article body (mention offsets index it).
    title
        The headline; its mentions weigh triple in choosing the focal party.
    doc
        The spaCy Doc of ``text``, when the model is used.
    """

    def __init__(self, text: str, title: str | None = None, doc: Any | None = None) -> None:
        self.text = text
        self.lookup = dict(party_lookup())
        defined = acronym_definitions(text, self.lookup)
        self.lookup.update(defined)
        self.nonstate = set(defined.values()) - set(state_aliases().values())
        self.nonstate |= group_ids()
        self.max_tokens = _MAX_TOKENS
        if doc is not None:
            self._add_entities(doc)
        self._add_unknown_states(text)
        self._add_named_groups(text)
        self._tie_people(text)
        self.all = self._find(text, 0)
        heads = self._find(title, 0) if title else []
        self.title_states = [i for _, _, i in heads if i not in self.nonstate and i not in REGION_IDS]
        counts = (
            Counter(ident for _, _, ident in self.all)
            + Counter(ident for _, _, ident in heads for _ in range(3))
            + Counter(ident for _, _, ident in self._ruling(text))
        )
        self.counts = counts
        self.focal = counts.most_common(1)[0][0] if counts else None
        top = counts.most_common(1)[0][1] if counts else 0
        self.principals = {a for a, n in counts.items() if n >= PRINCIPAL_RATIO * top}
        specific = [a for a, _ in counts.most_common() if a in self.principals and a not in REGION_IDS]
        if self.focal in REGION_IDS and specific:
            self.focal = specific[0]  # "Aland … Europe … Europe": the region is the setting, not the party
        states = [a for a, _ in counts.most_common() if a not in self.nonstate]
        groups = [a for a, _ in counts.most_common() if a in self.nonstate]
        self.main_state = states[0] if states else None
        self.main_group = groups[0] if groups else None
        self.all = sorted(self.all + self._generic(text))
        self._starts = [m[0] for m in self.all]

    def _add_entities(self, doc: Any) -> None:
        for ent in doc.ents:
            # NER spans can carry a possessive ("the Polisario Front's"): the party is the name.
            name = re.sub(r"[’']s?$", "", re.sub(r"^(?:the|The)\s+", "", ent.text))
            if name in self.lookup or len(name) < 3:
                continue
            # Unknown GPEs are cities and regions (the states are all in the table), not parties.
            if ent.label_ == "NORP" and name[0].isupper() and not name.endswith(("an", "ans", "ese", "ish")):
                self.lookup[name] = snake_id(name)  # "Houthi", "Rohingya"; demonyms are in the table
            elif ent.label_ == "ORG" and _ARMED_HEADS.search(name) and not _STATE_FORCES.search(name):
                self.lookup[name] = snake_id(name)
                self.nonstate.add(snake_id(name))
        self.max_tokens = max(self.max_tokens, *(len(k.split()) for k in self.lookup))

    def _add_unknown_states(self, text: str) -> None:
        """Names the tables lack, used as states ("Aland's forces", "the Aland government").

        A name counts only when it never continues another capitalized word
        (so "Ivan Petrov's government" is a person's) and the construction
        carries a possessive or a leading "the" ("Aland's army", "the Aland
        army"), not a bare adjective ("Civilian government").
        """
        for m in _STATE_USE.finditer(text):
            name = m.group("name")
            if name in self.lookup or name in _NOT_STATE or not (m.group("the") or m.group("pos")):
                continue
            if re.search(rf"[A-Z][\w’'\-]*(?<!\.) +{re.escape(name)}\b", text.replace("The ", "the ")):
                continue  # part of a longer name: a person ("Ivan Petrov") or an organisation
            self.lookup[name] = snake_id(name)

    def _add_named_groups(self, text: str) -> None:
        """Political parties and armed groups the tables lack, by the head of their name.

        "the Democratic Unionist Party", "the Popular Resistance Front",
        "the Kataib Brigades" become parties of their own (``democratic_unionist_party``),
        and so non-state parties: a claim about them is theirs, not the focal state's. A party
        "of" a state ("the Workers' Party of Korea", "the Communist Party of China") rules it
        and is left to the state; so is a state's own army ("Russian Forces").
        """
        for m in _NAMED_GROUP.finditer(text):
            name = m.group("name")
            words = name.split()
            while words and (words[0] in _NOT_STATE or words[0] in ("The", "A", "An")):
                words.pop(0)
            name = " ".join(words)
            state_army = self._lookup(words[0]) is not None and len(words) == 2 if words else False
            if len(words) < 2 or name in self.lookup or state_army:
                continue  # "Russian Army" is the state's, "European Union" is in the tables
            ident = snake_id(name)
            self.lookup[name] = ident
            self.nonstate.add(ident)
        self.max_tokens = max(self.max_tokens, *(len(k.split()) for k in self.lookup))

    def _tie_people(self, text: str) -> None:
        for m in _PERSON_TIE.finditer(text):
            place = re.sub(r"[’']s$", "", m.group("place"))
            actor = self.lookup.get(place)
            if actor is None:
                continue
            name = m.group("name")
            self.lookup.setdefault(name, actor)
            self.lookup.setdefault(name.split()[-1], actor)
            self.lookup.setdefault(name.split()[0], actor)  # "Abiy Ahmed" → "Abiy"
        # "Nicolás Maduro's government ... in Venezuela": a leader whose government the sentence
        # places in one state.
        for m in _LEADER_OF.finditer(text):
            name = m.group("name")
            if name in self.lookup:
                continue
            start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
            ends = [i for i in (text.find(". ", m.end()), text.find("\n", m.end())) if i >= 0]
            end = min(ends, default=len(text))
            states = [
                (min(abs(w.start() - m.start()), abs(w.start() - m.end())), self.lookup[w.group()])
                for w in _TOKEN.finditer(text, start, end)
                if w.group() in self.lookup
            ]
            states = [(d, i) for d, i in states if i not in self.nonstate and i not in REGION_IDS]
            if states:  # the state named closest to the leader's name in the sentence
                state = min(states)[1]
                self.lookup[name] = state
                self.lookup.setdefault(name.split()[-1], state)
        # A group defined by acronym whose name starts with a place: the place's demonym is the
        # group's people ("Tigray People's Liberation Front" → "Tigrayan leaders" → tplf).
        for alias, ident in list(self.lookup.items()):
            words = alias.split()
            home = words[0] if len(words) >= 3 and words[0][0].isupper() else None
            if ident in self.nonstate and home is not None and home not in self.lookup:
                for ending in ("an", "ans", "n", "ns"):
                    self.lookup.setdefault(home + ending, ident)

    def _find(self, text: str, offset: int) -> list[tuple[int, int, str]]:
        tokens = list(_TOKEN.finditer(text))
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i].group()
            if not (tok[0].isupper() or tok.startswith(("al-", "el-"))):
                i += 1
                continue
            hit = None
            for n in range(min(self.max_tokens, len(tokens) - i), 0, -1):
                run = tokens[i : i + n]
                if any(not text[a.end() : b.start()].isspace() for a, b in pairwise(run)):
                    continue
                phrase = text[run[0].start() : run[-1].end()]
                ident = self._lookup(phrase)
                if ident is not None:
                    hit = (n, ident)
                    break
            if hit is None:
                i += 1
                continue
            n, ident = hit
            a, b = tokens[i].start(), tokens[i + n - 1].end()
            if not self._venue(text, a, b):
                found.append((offset + a, offset + b, ident))
            i += n
        return found

    def _venue(self, text: str, a: int, b: int) -> bool:
        """A capital or seat named as a venue or an agreement, not as its government.

        "the Pretoria agreement", "talks in Doha", "the Geneva format" name a
        place where something happened; "Doha said" or "pressure on Moscow" are
        the state.
        """
        name = re.sub(r"[’']s$", "", text[a:b])
        if name not in seats() and name.removeprefix("the ") not in seats():
            return False
        return bool(_VENUE_AFTER.match(text, b) or _VENUE_BEFORE.search(text[max(0, a - 60) : a]))

    def _lookup(self, phrase: str) -> str | None:
        for candidate in (phrase, re.sub(r"[’']s?$", "", phrase), phrase.rstrip(".")):
            if candidate in self.lookup:
                return self.lookup[candidate]
        return None

    def _generic_ties(self, text: str) -> dict[str, str]:
        """Generic noun → the state the article ties it to ("Myanmar's junta", "the Burmese military").

        Only nouns that name one body per conflict (junta, regime, military,
        army) are tied; "the government" stays with the nearest state.
        """
        votes: dict[str, Counter[str]] = {}
        for m in _TIED_GENERIC.finditer(text):
            ident = self._lookup(m.group("name"))
            if ident is not None and ident not in self.nonstate:
                votes.setdefault(m.group("noun").lower(), Counter())[ident] += 1
        return {noun: c.most_common(1)[0][0] for noun, c in votes.items()}

    def _ruling(self, text: str) -> list[tuple[int, int, str]]:
        """"The junta", "the regime", "the military" tied to their state (or the headline's).

        These name the state whatever the focal party is, so they count in
        choosing it: a newsletter about Myanmar that calls its government "the
        junta" throughout and names China often is still about Myanmar.
        """
        found = []
        covered = [(a, b) for a, b, _ in self.all]
        ties = self._generic_ties(text)
        for m in _STATE_GENERIC.finditer(text):
            if any(a <= m.start() < b for a, b in covered):
                continue
            noun = re.sub(r"^(?:the|The)\s+|[’']s$", "", m.group()).lower()
            headline = self.title_states[0] if noun in _RULING and self.title_states else None
            ident = ties.get(noun) or headline
            if ident is not None:
                found.append((m.start(), m.end(), ident))
        return found

    def _generic(self, text: str) -> list[tuple[int, int, str]]:
        found = []
        covered = [(a, b) for a, b, _ in self.all]
        paragraphs = paragraph_spans(text)
        ties = self._generic_ties(text)
        for m in _STATE_GENERIC.finditer(text):
            if any(a <= m.start() < b for a, b in covered):
                continue
            noun = re.sub(r"^(?:the|The)\s+|[’']s$", "", m.group()).lower()
            if noun in ties:
                found.append((m.start(), m.end(), ties[noun]))
                continue
            if noun in _RULING and self.title_states:
                found.append((m.start(), m.end(), self.title_states[0]))  # the headline's state's junta
                continue
            para = next((a for a, b in paragraphs if a <= m.start() < b), 0)
            before = [i for s, _, i in self.all if para <= s < m.start() and i in self.principals]
            before = [i for i in before if i not in self.nonstate]
            ident = before[-1] if before else self.main_state
            if ident is not None:
                found.append((m.start(), m.end(), ident))
        if self.main_group is not None:
            for m in _GROUP_GENERIC.finditer(text):
                found.append((m.start(), m.end(), self.main_group))
        for m in _COLLECTIVE.finditer(text):
            if not any(a <= m.start() < b for a, b in covered):
                noun = m.group("noun").lower()
                found.append((m.start(), m.end(), _COLLECTIVE_IDS.get(noun, noun)))
        return found

    def mentions(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Mentions with ``start <= offset < end``, in text order."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.all) and self.all[i][0] < end:
            out.append(self.all[i])
            i += 1
        return out
