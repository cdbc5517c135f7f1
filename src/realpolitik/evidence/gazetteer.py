"""Word lists the rule-based extractor relies on: parties to conflicts and
their aliases, titles that precede names, organisation head nouns, and the
nouns that describe unnamed sources.

Actor ids are lower-case slugs (``russia``, ``united_states``) matching the
ids used in scenario files. The lists cover the parties most often in the
news; an actor missing here is still found when the article names it as a
country or demonym the list knows, and other actors fall back to ``other``.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "ACTOR_ALIASES",
    "ORG_HEADS",
    "PEOPLE",
    "SOURCE_NOUNS",
    "TITLE_WORDS",
    "actor_pattern",
    "is_place_or_org",
]

ACTOR_ALIASES: dict[str, tuple[str, ...]] = {
    "russia": ("Russia", "Russian", "Russians", "Moscow", "Kremlin", "Putin", "Lavrov", "Peskov",
               "Russian Federation", "Shoigu", "Belousov", "Medvedev", "Ushakov", "Dmitriev"),
    "ukraine": ("Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev", "Zelensky", "Zelenskyy",
                "Zelenskiy", "Sybiha", "Yermak", "Umerov", "Syrskyi", "Svyrydenko"),
    "united_states": ("United States", "U.S.", "US", "USA", "America", "American", "Americans",
                      "Washington", "White House", "Trump", "Pentagon", "State Department",
                      "Rubio", "Witkoff", "Vance", "Hegseth", "Kellogg", "Biden", "Congress"),
    "europe": ("European Union", "EU", "Europe", "European", "Europeans", "Brussels",
               "European Commission", "von der Leyen", "Kallas"),
    "nato": ("NATO", "Nato", "Rutte"),
    "united_kingdom": ("Britain", "British", "United Kingdom", "U.K.", "UK", "London", "Starmer"),
    "france": ("France", "French", "Paris", "Macron", "Elysee", "Élysée"),
    "germany": ("Germany", "German", "Berlin", "Merz", "Scholz"),
    "poland": ("Poland", "Polish", "Warsaw", "Tusk"),
    "china": ("China", "Chinese", "Beijing", "Xi Jinping", "Xi"),
    "india": ("India", "Indian", "New Delhi", "Modi"),
    "turkey": ("Turkey", "Türkiye", "Turkish", "Ankara", "Erdogan", "Erdoğan"),
    "belarus": ("Belarus", "Belarusian", "Minsk", "Lukashenko"),
    "north_korea": ("North Korea", "North Korean", "Pyongyang", "Kim Jong Un"),
    "iran": ("Iran", "Iranian", "Tehran", "Khamenei", "Pezeshkian"),
    "israel": ("Israel", "Israeli", "Israelis", "Netanyahu", "IDF", "Jerusalem"),
    "hamas": ("Hamas",),
    "hezbollah": ("Hezbollah",),
    "palestinians": ("Palestinian Authority", "Palestinians", "Palestinian", "Ramallah", "Abbas"),
    "qatar": ("Qatar", "Qatari", "Doha"),
    "egypt": ("Egypt", "Egyptian", "Cairo", "Sisi"),
    "saudi_arabia": ("Saudi Arabia", "Saudi", "Riyadh"),
    "syria": ("Syria", "Syrian", "Damascus"),
    "armenia": ("Armenia", "Armenian", "Yerevan", "Pashinyan"),
    "azerbaijan": ("Azerbaijan", "Azerbaijani", "Baku", "Aliyev"),
    "taiwan": ("Taiwan", "Taiwanese", "Taipei"),
    "sudan": ("Sudan", "Sudanese", "Khartoum", "Burhan", "al-Burhan", "Port Sudan"),
    "rsf": ("RSF", "Rapid Support Forces", "Dagalo", "Hemedti"),
    "houthis": ("Houthis", "Houthi"),
}  # fmt: skip

#: Words that precede a name as a title or role and are not part of it.
TITLE_WORDS = frozenset(
    [
        "president",
        "prime",
        "minister",
        "foreign",
        "defence",
        "defense",
        "finance",
        "interior",
        "secretary",
        "state",
        "deputy",
        "vice",
        "chancellor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "special",
        "general",
        "gen",
        "gen.",
        "lt",
        "lt.",
        "col",
        "col.",
        "colonel",
        "admiral",
        "senator",
        "sen",
        "sen.",
        "rep",
        "rep.",
        "representative",
        "governor",
        "gov",
        "gov.",
        "mayor",
        "king",
        "queen",
        "prince",
        "pope",
        "patriarch",
        "chief",
        "commander",
        "adviser",
        "advisor",
        "security",
        "national",
        "senior",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "professor",
        "former",
        "acting",
        "director",
        "chairman",
        "chair",
        "head",
        "leader",
        "speaker",
        "marshal",
        "major",
        "maj",
        "maj.",
        "brigadier",
        "captain",
        "capt",
        "capt.",
        "lieutenant",
        "sergeant",
        "sgt",
        "sgt.",
        "field",
        "supreme",
        "top",
        "sir",
        "lord",
        "dame",
        "analyst",
        "press",
        "house",
        "white",
        "kremlin",
        "pentagon",
        "presidential",
        "military",
        "army",
        "navy",
        "staff",
        "first",
        "lady",
        "ex-",
        "emeritus",
        "economist",
        "historian",
        "researcher",
        "fellow",
        "editor",
        "columnist",
        "correspondent",
        "mediator",
        "negotiator",
        "commissioner",
        "lawmaker",
        "activist",
        "opposition",
        "rebel",
        "peace",
    ]
)

#: Last words of organisation names.
ORG_HEADS = frozenset(
    [
        "ministry",
        "council",
        "house",
        "department",
        "office",
        "kremlin",
        "pentagon",
        "commission",
        "parliament",
        "duma",
        "rada",
        "government",
        "agency",
        "service",
        "army",
        "forces",
        "command",
        "staff",
        "bank",
        "fund",
        "union",
        "organization",
        "organisation",
        "committee",
        "party",
        "institute",
        "center",
        "centre",
        "group",
        "times",
        "post",
        "news",
        "reuters",
        "journal",
        "court",
        "administration",
        "cabinet",
        "embassy",
        "mission",
        "alliance",
        "nato",
        "un",
        "eu",
        "foundation",
        "university",
        "school",
        "federation",
        "league",
        "movement",
        "front",
        "brigade",
        "corps",
        "guard",
        "bureau",
        "authority",
        "tass",
        "ria",
        "interfax",
        "telegraph",
        "guardian",
        "bbc",
        "cnn",
        "ap",
        "afp",
        "bloomberg",
        "economist",
    ]
)

#: Head nouns of descriptions of unnamed sources ("a senior U.S. official").
SOURCE_NOUNS = (
    "official", "officials", "source", "sources", "diplomat", "diplomats", "person", "people",
    "aide", "aides", "adviser", "advisers", "advisor", "advisors", "insider", "insiders",
    "commander", "commanders", "soldier", "soldiers", "analyst", "analysts", "lawmaker",
    "lawmakers", "minister", "ministers", "spokesman", "spokeswoman", "spokesperson", "envoy",
    "negotiator", "negotiators", "ambassador", "expert", "experts", "observer", "observers",
    "resident", "residents", "officer", "officers", "executive", "executives", "banker",
    "bankers", "economist", "economists", "politician", "politicians", "member", "members",
    "ministry", "statement", "government", "administration", "spokespeople", "delegation",
    "team", "participant", "participants", "trader", "traders", "veteran", "witness",
    # Ordinary people quoted without a name in reportage ("said a shopkeeper in Zvečan").
    "elder", "elders", "shopkeeper", "shopkeepers", "owner", "owners", "teacher", "teachers",
    "pensioner", "pensioners", "farmer", "farmers", "villager", "villagers", "refugee", "refugees",
    "student", "students", "nurse", "nurses", "doctor", "doctors", "driver", "drivers", "fighter",
    "fighters", "worker", "workers", "activist", "activists", "protester", "protesters",
    "voter", "voters", "lawyer", "lawyers", "merchant", "merchants", "vendor", "vendors",
    "fisherman", "fishermen", "survivor", "survivors", "mother", "father", "woman", "women",
    "man", "men", "businessman", "businesswoman", "journalist", "journalists", "cleric", "imam",
    "priest", "mechanic", "engineer", "volunteer", "volunteers", "medic", "medics", "civilian",
    "civilians", "displaced", "tribesman", "tribesmen", "militiaman", "militiamen", "colonel",
    "sergeant", "captain", "lieutenant",
)  # fmt: skip


#: Aliases above that are people (leaders, ministers), not places or organisations.
PEOPLE = frozenset(
    [
        "Putin",
        "Lavrov",
        "Peskov",
        "Shoigu",
        "Belousov",
        "Medvedev",
        "Ushakov",
        "Dmitriev",
        "Zelensky",
        "Zelenskyy",
        "Zelenskiy",
        "Sybiha",
        "Yermak",
        "Umerov",
        "Syrskyi",
        "Svyrydenko",
        "Trump",
        "Rubio",
        "Witkoff",
        "Vance",
        "Hegseth",
        "Kellogg",
        "Biden",
        "Kallas",
        "Rutte",
        "Starmer",
        "Macron",
        "Merz",
        "Scholz",
        "Tusk",
        "Xi",
        "Modi",
        "Erdogan",
        "Erdoğan",
        "Lukashenko",
        "Khamenei",
        "Pezeshkian",
        "Netanyahu",
        "Abbas",
        "Sisi",
        "Pashinyan",
        "Aliyev",
    ]
) | {"von der Leyen", "Xi Jinping", "Kim Jong Un"}


#: State names that are also common first names: never read as places inside a person's name.
_FIRST_NAMES = frozenset(["chad", "jordan", "georgia", "israel", "lima", "sofia", "victoria", "santiago"])


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    from realpolitik.evidence.states import state_aliases  # the states table imports nothing from here

    words = {alias.lower() for aliases in ACTOR_ALIASES.values() for alias in aliases if alias not in PEOPLE}
    words |= {alias.lower() for alias in state_aliases()} - _FIRST_NAMES
    return frozenset(words)


def is_place_or_org(name: str) -> bool:
    """Whether a capitalized phrase names a state, capital, bloc or organisation."""
    low = name.lower().removeprefix("the ").strip()
    last = low.split()[-1] if low.split() else ""
    return low in _place_words() or last in ORG_HEADS


@lru_cache(maxsize=1)
def actor_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex matching any alias (longest first), and alias → actor id."""
    lookup = {alias: actor for actor, aliases in ACTOR_ALIASES.items() for alias in aliases}
    alternatives = sorted(lookup, key=len, reverse=True)
    body = "|".join(re.escape(a) for a in alternatives)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])(?:[’']s)?"), lookup
