"""Claims: clauses asserting a party's motive, capability, trend, cost or
benefit, labelled with actor, factor and effect (the evidence taxonomy).

Method (rule-based, with an optional parse):

1. **Segment** each sentence into clauses at strong boundaries (``;``, a
   dash, ``, though``, ``, but``, ``, while``, ``, and`` before a new
   subject); a clause must have at least five words to stand alone.
2. **Factor**: weighted cue phrases per factor (:data:`FACTOR_CUES`), scored
   on the clause; the best factor wins if its score reaches
   :data:`MIN_SCORE`. Cue lists encode the taxonomy's boundaries, e.g. a
   threatened sanction or a deadline is ``pressure_levers`` while sanctions'
   bite on the economy is ``economy``. Words every peace-talks article
   carries ("deal", "terms", "ceasefire", "territory", "talks") only break
   ties towards ``offer_terms``; what makes a clause ``offer_terms`` is its
   construction: a demand, offer or refusal with content ("insists that any
   ceasefire must include …", "the deal would require … to withdraw"),
   readiness for a deal, or conditions on talking at all.
3. **Actor**: parties come from :class:`.parties.Parties` (every UN member
   state by name, demonym and seat, armed groups, parties the article
   defines by acronym, generic "the junta"/"the rebels"). The actor is the
   clause's subject (the parse's ``nsubj`` when the model is there, else the
   first mention not governed by a preposition, skipping datelines and
   possessors such as "Yemen's" before a party). Outside help, pressure and
   terms given by another party bear on the party receiving them (the
   article's focal party when it is in the sentence); a party's own choice
   ("rejected", "will not sign") bears on itself. A clause with no mention
   inherits the previous clause's actor within the paragraph.
4. **Effect**: cue phrases for fighting on (expected gains, resilience,
   rents) and for settling (cost and pain, readiness, public demand for a
   deal, relief on offer); a negation just before a cue flips it ("not
   ready for a ceasefire", "no longer winning"). Gains and losses are read
   for whom they befall (:data:`GAIN_CUES`, :data:`LOSS_CUES`): the owner is
   the loss verb's subject (its object for "destroyed", "knocked out"), a
   noun's possessor or modifier ("Ukrainian collapse", "Russia's losses") or
   its "of" phrase, from the parse when there is one, else by position. The
   actor's own losses push it to settle and its gains to fight on; on the
   battlefield another party's loss, or one the actor waits for ("expects
   the front to crack"), pushes the other way. With no cue, terms, pressure,
   costs or security moves brought by another party (the clause's subject is
   not the actor) push the actor to settle; otherwise a factor-specific
   default applies (support and war rents sustain fighting, pressure pushes
   to settle, descriptive claims are neutral).
5. **Selection**: a clause is a claim when its cue score reaches
   :data:`STRONG_SCORE`, or a weaker cue comes with a party named in the
   clause, the talks, or a direction; one topical word in narration is not
   a claim. A clause with no factor cue is a claim when it names a party and
   states a direction (:func:`_directed`).

A short paragraph-opening sentence naming no party is framing, not a claim;
headings (a short paragraph without final punctuation), questions, credit
lines and the author's note assert nothing.

Cue patterns run on the clause lower-cased once (:func:`_fold`), compiled
without ``re.IGNORECASE``, and a factor cue pattern runs only when a literal
its matches must start with occurs in the clause (:func:`_required_literals`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from realpolitik.evidence.article import Article, Claim, Quote
from realpolitik.evidence.parties import Parties
from realpolitik.evidence.speakers import SpeakerIndex
from realpolitik.evidence.text import paragraph_spans, sentence_spans

__all__ = ["EFFECT_CUES", "FACTOR_CUES", "MIN_SCORE", "STANCE_CUES", "extract_claims", "label_clause"]

MIN_SCORE = 1.0
#: Share of an article's party mentions that makes a party a principal (not a bystander).
PRINCIPAL_SHARE = 0.25

_W = 1.0
#: Weight of a labelling cue: it decides between factors but alone does not make a clause a claim.
_LABEL = 0.9
FACTOR_CUES: dict[str, tuple[tuple[str, float], ...]] = {
    "battlefield": (
        # Genre vocabulary of fighting (the taxonomy's military balance, gains and losses).
        (
            r"\bclashes\b|military (?:pressure|campaign|operations?|gains|setbacks|position)|"
            r"\bpositions\b|drone attacks?|\bassaults?\b|ambush\w*|hold\w* (?:the|most|much) of",
            _W,
        ),
        (r"\bwinning\b|\bwin the war\b|\bprevail\w*|\bvictory\b|\bdefeat\w*", 1.5),
        (
            r"battlefield|(?<!home )front(?:line)?s?\b|offensive|advance[sd]?\b|advances|momentum|attrition",
            1.5,
        ),
        (r"\binitiative\b|retak\w+|retook|recaptur\w+|seiz\w+ territory|gains on the ground", _W),
        (r"manpower|recruit\w*|reservists|casualt\w+|exhausted|balance of forces|military balance", 1.5),
        (r"time is on (?:his|her|its|their|our) side|time (?:as|is) on|collapse\b|run out of steam", 1.5),
        (r"destroyed .{0,30}battalions|break the group|final push|controls? (?:most|much) of", 1.5),
        (r"upper hand|\bwon the (?:war|battle|fight|last round)", 1.5),
        (r"position has weakened|lightning offensive|besieg\w+|siege\b|invasion\b", _W),
        (r"\bstronger\b|\bweaker\b|air ?strikes|drone strikes|shelling|fighters\b|ground\b", _W),
        (
            # Troops are as often deployed as a lever or sent as support as they fight: a label cue only.
            r"troops\b|front line|counter-?offensive|stalemate|conscript\w*|"
            r"mobili[sz]ation|ammunition|artillery|shells\b",
            _LABEL,
        ),
        (r"lost ground|territorial gains|overr?an\b|captured|killed|wounded|losses on the", _LABEL),
    ),
    "economy": (
        (
            r"\bjobs\b|\bwages?\b|livelihoods?|harvests?|food prices|oil (?:revenues?|income|sales|output|"
            r"production|fields?)|gas (?:revenues?|exports)|investors?|fiscal|austerity|devalu\w+|"
            r"black market|"
            r"economic (?:pain|cost|damage|toll|hardship|pressure|interests?|lifeline)",
            1.5,
        ),
        (r"econom(?:y|ic)\b|wartime economy|war economy|budget|deficit|revenue\w*|inflation", 1.5),
        (r"interest rates|\bgrowth\b|recession|\bGDP\b|property crisis|\brial\b|rouble|ruble|currency", 1.5),
        (r"military spending|arms factories|industry\b|exports?\b|oil and gas|\boil\b|\bgas\b|\bgold\b", _W),
        (r"financial benefits|enrich(?!ment)\w*|loyalists|offset sanctions|earn more|profit\w*"
         r"|\bmines\b", 1.5),
        (r"lost .{0,20}(?:its|their) value|production capacity|firms\b|companies\b|factories", _W),
        # The actor running short of money ("short of funds", "funding ran out", "the cost of the war").
        (
            r"cost of (?:the )?(?:war|fighting|conflict)|short of (?:money|funds|cash)|"
            r"(?:funding|money|cash)\b[^.;]{0,40}?\b(?:ran|run|runs) out|ran out of (?:money|funds|cash)",
            1.5,
        ),
        (r"minerals|mining|smuggl\w+|\btax\w*|salar(?:y|ies)|wages|customs|remittances|\bport\b|prices", _W),
        (
            r"\bdebt\b|\bIMF\b|\bloans?\b|arrears|\bbanks?\b|"
            r"\bfuel\b|refin\w+|hard currency|windfall|rents\b",
            _LABEL,
        ),
        (r"unemployment|poverty|cash\b|income|\btrade\b|economic (?:model|crisis|collapse|reform)", _LABEL),
    ),
    "domestic_politics": (
        (
            r"ruling party|crackdown|\btrial\b|impeach\w*|dissent\w*|\bunrest\b|demonstrat\w+|lawmakers|"
            r"\bMPs\b|no-confidence|resign\w*|"
            r"domestic (?:audience|politics|pressure|opposition|support|critics)|"
            r"public anger|at the ballot|\bvote\b|\bvotes\b|hardline\w*|power struggle",
            1.5,
        ),
        (r"grip on power|remain in power|regime\b|opponents|opposition|dictatorship|anti-war movement", 1.5),
        (r"(?:stay\w*|remain\w*|stood|stand\w*) loyal", 1.5),
        (r"election\w*|referendum|\bpolls?\b|public (?:support|opinion)|protest\w*|legitimacy", 1.5),
        (r"coalition|majority\b|parliament|legislature|hardliners|far-right|bring down the government", 1.5),
        (r"politically|capitulation|politically fatal|\bParty\b|support of the", _W),
        (r"at home\b|prestige|popular\w*|approval|nationalis\w+|rally\w*|constituenc\w+|voters", _W),
        (
            r"\belites?\b|loyalty|factions?\b|lobb\w+|"
            r"\bcoup\b|succession|re-election|campaign\w*|term ends",
            _LABEL,
        ),
        (
            r"\brivals?\b|supporters|\bbase\b|backlash|"
            r"unpopular|seen (?:to|as) (?:compromis|weak|capitulat)\w*",
            _LABEL,
        ),
    ),
    "security": (
        (
            r"\btrust\w*|distrust|mistrust|commitments?\b|\bverif\w+|honou?r (?:the|its|their|any) "
            r"(?:deal|agreement|word|commitments?)|\bsafety\b|terroris\w+|insurgen\w+|weapons programme|"
            r"enrichment",
            _W,
        ),
        (
            # "Security" as the actor's safety, not an institution or a title ("Security Council",
            # "Collective Security Treaty", "security forces", "a security analyst").
            r"(?<!Collective )security\b(?! Council| Treaty| forces| services| analyst| official| source"
            r"| pacts?| deals?| agreements?| contracts?| cooperation| ties| partner\w*| assistance)"
            r"|demobili[sz]\w+|violent crime|banditry|returning .{0,30}soldiers|soldiers returning",
            2.0,
        ),
        (r"guarantee\w*|rearm\w*|strike again|defenceless|defenseless|insurance policy", 1.5),
        (r"nuclear", _W),
        (r"renewed fighting|new war|fear\w*|occupy|attack\b|deter\w*|\bshield\b|militia\w*", _W),
        (r"risk a repeat|acutely aware|brutali[sz]ed", _W),
        (r"existential threat|threat to (?:its|their|his) (?:security|existence|survival)", 1.5),
        # Rearmament and (un)safety apart from who wins.
        (r"feel safe|\bunsafe\b|rebuil\w* (?:its|their|his|her) (?:capabilit\w+|arsenal|arms|weapons)", 1.5),
        (r"buffer zone|revenge|reprisals?", _W),
        (
            r"massing troops|incursion|border (?:clash|skirmish)\w*|"
            r"frontier|guarantor|disarmament|armed groups",
            _LABEL,
        ),
    ),
    "international_support": (
        (
            # A foreign party's backing named by its demonym ("Iranian drones", "Emirati support").
            r"\b[A-Z][a-z]+(?:an|ese|i|ish)\s+(?:support|backing|weapons|arms|drones|advisers|"
            r"mercenaries|money|funding|patronage)\b|military assistance|security assistance|"
            r"arms (?:deliveries|shipments|supplies)"
            r"|\b(?:help|assistance|loans?|money|weapons|arms|drones|fighters|advisers|ammunition|cash)\s+"
            r"(?:from|provided by|supplied by|sent by)\b",
            1.5,
        ),
        (
            r"support for|military aid|\baid\b|arms transfers|arms sales|weapons to|supply\w* .{0,20}weapons",
            1.5,
        ),
        (r"back(?:ed|ing)\b|diplomatic (?:cover|support)|\ballies\b|\bally\b|partners|patron", 1.5),
        (r"hesitation|delayed or limited|did not intervene|intermediaries|package of financial support", 1.5),
        (r"blocked resolutions|keep buying|help to arrive|Security Council|financial support|drones", _W),
        (r"supplying|supply(?:ing)? Israel|air-defen[cs]e systems", _W),
        (r"fighting alongside|reli\w+ on|reliance on|mercenar\w+|sponsor\w*|\w+-backed|troops from", 1.5),
        # Help arriving from outside ("continues to receive weapons", "its main supply route").
        (
            r"receiv\w+ (?:\w+ )?(?:weapons|arms|aid|money|drones|fuel|support)|"
            r"supply (?:routes?|lines?)|resuppl\w+",
            1.5,
        ),
        (
            r"supplie[sd]\b|shipments?|lifeline|"
            r"safe haven|sanctuary|operate freely|defend \w+ militarily",
            _LABEL,
        ),
        (r"\bdonors?\b|foreign (?:backers?|support|fighters)|patrons?\b|proxies|proxy\b|keep buying", _LABEL),
    ),
    "offer_terms": (
        # What a deal contains or demands. Words every peace-talks article carries ("deal", "terms",
        # "ceasefire", "territory", "talks") are in _UBIQUITOUS: they break ties, never make a claim.
        (r"concessions?|demands?\b|demanding|recogni(?:[sz]\w+|tion)|neutrality|NATO membership", 1.5),
        (
            r"withdraw\w*|eas\w+ (?:some |the |all |most )?sanctions|sanctions relief|"
            r"lift\w* (?:the |some )?sanctions",
            1.5,
        ),
        (
            # Conditions a party sets on the deal or on talking at all.
            r"\b(?:insist|demand|requir|condition|must include|should include|would include)\w*\b[^.;]{0,40}?"
            r"\b(?:ceasefire|cease-fire|truce|deal|agreement|talks|negotiat\w*|peace|settlement)\b"
            r"|\b(?:ceasefire|truce|deal|agreement|settlement)\s+(?:must|should|would have to)\b"
            r"|\b(?:negotiat\w*|talk|sign)\s+(?:\w+\s+){0,3}?(?:only|unless|until)\b"
            r"|\b(?:not|never|no reason to|refus\w+ to|won't|will not)\s+(?:\w+\s+)?"
            r"(?:negotiat\w*|sign|talk)\b",
            1.5,
        ),
        (r"cede\b|surrender|disarm\w*|ruled out|hostages|red lines?|non-negotiable|preconditions?", _W),
        # Handing over what the talks are about, and a seat at the table.
        (
            r"(?:hand\w* over|give up|relinquish\w*)\s+(?:\w+\s+){0,2}?"
            r"(?:power|land|weapons|arms|arsenal|territory|control)|"
            r"\b(?:at|to|from) (?:the|a) (?:negotiating )?table\b",
            1.5,
        ),
        (r"transit route|constitution|until .{0,40}(?:disarmed|removes)|power-sharing|amnesty|autonomy", _W),
        (r"dropped criticism|war crimes|one country, two systems|in exchange for|quid pro quo", 1.5),
        (
            r"(?:demand|insist|requir|includ|propos|offer|reject|accept|refus|cede|give up|"
            r"hand\w* (?:over|back)|"
            r"return|recogni[sz])\w*\b[^.;]{0,50}\b(?:territor\w*|land\b|regions?|provinces?|oblasts?|"
            r"withdrawal|neutral\w*|membership|relief|disarm\w*|amnesty|autonomy|referendum|guarantees?|"
            r"buffer zone|corridor|control (?:of|over)|sovereignty|status\b|prisoners?|hostages?|"
            r"power-sharing|constitution\w*|elections? (?:under|within|before))",
            1.5,
        ),
        (
            r"\b(?:deal|plan|proposal|agreement|framework|draft|offer|accord|terms)\s+(?:that )?"
            r"(?:would|includes?|"
            r"calls? for|envisag\w+|provides? for|requires?|offers?|grants?|gives?|leaves?)\b"
            r"|\bunder the (?:deal|plan|proposal|agreement|accord|terms)\b"
            r"|\bterms (?:that|which) (?:would|include)\b"
            r"|\b(?:commits?|obliges?|binds?)\s+\w+(?:\s\w+)?\s+to\b"
            r"|\b(?:accept|reject|refus|sign|agree|walk\w* away from|turn\w* down)\w*\s+(?:to\s+)?"
            r"(?:the |any |a |an |this |that |their |its |his |her )?(?:\w+ )?"
            r"(?:terms|deal|proposal|offer|plan|agreement|accord)\b",
            1.5,
        ),
        (
            # Readiness for a deal is a position on the terms ("ready for an unconditional ceasefire").
            r"\b(?:ready|willing|prepared|open|unwilling|refus\w+|reluctant)\s+(?:for|to)\s+(?:\w+\s+){0,3}?"
            r"(?:ceasefire|cease-fire|truce|deal|talks?|negotiat\w*|agreement|peace|compromise|accept|sign)"
            r"|\b(?:wants?|seeks?|seeking|push\w* for|holds? out for)\s+(?:a |an |the )?(?:\w+\s+)?"
            r"(?:ceasefire|truce|deal|agreement|peace|settlement)\b",
            1.5,
        ),
        (r"prisoner (?:swap|exchange)|release of|elections? under|referendum on|self-determination", _LABEL),
        (r"conditions? for|not subject to negotiation|offer\w*|proposal\w*|signed|sign\b", _LABEL),
    ),
    "pressure_levers": (
        (
            r"(?:new|impos\w+|threaten\w*|more|further|tougher) sanctions|sanctions package|travel bans?|"
            r"asset freezes?|visa (?:bans?|restrictions)|all options|military option|"
            r"(?:strikes?|force)[\"”’']?,? (?:if|unless)\b|"
            r"punitive|freez\w+ (?:\w+ )?(?:funding|funds|assets|aid)",
            1.5,
        ),
        (r"deadline|ultimatum|secondary tariffs|tariffs?\b|threat\w* .{0,30}sanction\w*|sanction\w* on", 2.0),
        (r"pressure\b|press\b|patience is wearing thin|warning\b|snapback|halted .{0,20}arms", 1.5),
        (r"threaten\w*|unless\b|recogni[sz]e a .{0,20}state|break the will|outlast", 1.5),
        (r"arm \w+ indirectly|blockade|coerc\w+|punish", _W),
        (
            r"penalt\w+|conditional on|conditioned on|leverage|"
            r"arrest warrants?|indictment|asked to leave|expel\w*",
            _LABEL,
        ),
        (
            r"gun to (?:its|his|their) head|"
            r"push\w* .{0,25}toward|force \w+ to the table|warships|carrots?\b",
            _LABEL,
        ),
    ),
    "other": (
        (
            r"civilians? (?:killed|dead|died)|massacres?|atrocit\w+|genocide|ethnic cleansing|"
            r"aid (?:convoys?|workers|access)|mediation|historic\w* (?:claims?|grievances?)|national pride",
            1.5,
        ),
        (r"humanitarian|driven from their homes|displaced|starv\w+|famine|refugees", 1.5),
        (r"choosing war|advantageous|ideolog\w+|religio\w+|mediat\w+|face-saving", _W),
        (r"\bflee\w*|\bfled\b|hunger|aid agencies|death toll|civilian\w* (?:toll|deaths|casualties)", _LABEL),
        (r"humiliat\w+|save face|dignity|martyr\w*|jihad\w*|mediators?\b|venue|talks format", _LABEL),
    ),
}

EFFECT_CUES: dict[str, tuple[str, ...]] = {
    "continue_war": (
        r"refus\w+|reject\w*|unmoved|stall\w*|sabotag\w+|demand\w*",
        r"time is on|benefits? from|helped offset|enrich\w*|jeopardy|solidif\w+|grip on power",
        r"exiled|jailed|no serious anti-war|remain in power|no hurry|choosing war|encourag\w+",
        r"delayed or limited|hesitation|keep fighting|fight on|fight until|will go on",
        r"continue\w* (?:his|the|to)",
        r"oppose\w*|reluctant|room to wait|capitulation|buoyed|diplomatic cover|(?<!-)backed|supply\w*",
        r"politically fatal|bring down the government|ruled out|will not|won't|cannot sign|not before",
        r"outlast|invite further demands|insurance policy|defenceless|besieg\w+|earn more",
        r"shifts further|financial support",
        r"arms sales|help to arrive|raises the cost|eased|slowed|remains low|until|must include",
        r"demobili[sz]|violent crime|banditry|increased military spending|redirected",
        r"is working|see time|no basis|irreversible",
        # Expectation of gains and resilience: the actor thinks it can still win or hold out.
        r"(?:believes?|thinks?|expects?|confident|convinced|sure) (?:that )?(?:it|he|she|they|\w+)"
        r" (?:can|could|will) (?:still )?(?:win|break through|prevail|hold|outlast|advance|retake)",
        r"break through|breakthrough on the|manageable|resilien\w+|absorb\w*|adapted|weather\w*|hold out",
        r"holding up|stockpil\w+|no intention|vow\w* to|determined to|expects? (?:further |more )?gains",
    ),
    "settle": (
        r"concession\w*|ready to (?:accept|sign)|deadline|ultimatum|tariffs|threat\w* .{0,30}sanction",
        r"deficit|inflation|interest rates|cost of|refusing to report",
        r"slowing growth|property crisis|less attractive|reward|funding",
        r"ease\w* sanctions|easing sanctions|offering|fear\w* renewed|did not intervene|break the will",
        r"accepted|agree\w* to|favours? (?:more )?dialogue|lost its majority|patience is wearing thin",
        r"resumed arms|aggressive|pressure|unless|recogni[sz]\w+|conciliatory|dropped criticism",
        r"arm \w+ indirectly|occupy|threatened sanctions|squeez\w+",
        # Cost and pain to the actor, readiness and public demand for a deal, relief on offer.
        r"\bpain\b|painful|hardship|war-weary|war weariness|drain\w*",
        r"ready (?:for|to) (?:a |talk|negotiat|ceasefire|truce|peace|compromise)\w*",
        r"willing to (?:talk|negotiat|compromise)\w*|open to (?:talks|negotiations|a deal)",
        r"(?:polls?|surveys?|majority)\b.{0,60}\b(?:favou?r|support|back|want|accept)\w*\b.{0,30}"
        r"\b(?:deal|talks|ceasefire|truce|peace|negotiations|agreement)",
        r"(?:offer|promise)\w* (?:of )?(?:relief|sanctions relief|aid|investment|reconstruction)|relief\b",
        r"cannot afford|can't afford|unsustainable",
    ),
    "neutral": (r"\bdebate\b|\bwhether\b|cuts both ways|asking .{0,30}for|promised a referendum",),
}
#: Directed cues: a gain or a loss of something that belongs to a party. A party's own gains keep
#: it fighting and its own losses push it to settle; on the battlefield, where one side's gain is
#: the other's loss, a gain or loss of *another* party pushes the claim's actor the other way
#: ("the inevitable Ukrainian collapse" keeps Russia fighting; "its army is collapsing" does not).
GAIN_CUES = (
    r"winning|\bwon\b|prevail\w*|initiative|upper hand|momentum|advanc\w+|gains?\b|gained",
    r"retak\w+|retook|recaptur\w+|captur\w+|seiz\w+|overr?an\b|controls? (?:most|much|\d+)",
    r"outproduc\w+|stronger|strengthen\w*|rebuil\w+|boom\w*|windfall|surg\w+",
)
LOSS_CUES = (
    r"collaps\w*|crumbl\w*|crack\w*|weaken\w*|weaker|exhaust\w*|deplet\w+|stretched|struggl\w+",
    r"\blos(?:e|es|ing|t)\b|losses|setbacks?|defeats?\b|defeated|retreat\w*|desert\w+|mutin\w+",
    r"shortages?|free ?fall|plung\w+|slump\w*|\bfell\b|falling|declin\w+|shrink\w*|crisis|strain\w*",
    r"running (?:out|low)|bleeding|casualt\w+|damaged|destroyed|knocked out|wip\w+ out",
    # Weakness and cost: an army that abandons positions or is poorly equipped, revenue cut or lost.
    r"abandon\w*|poorly (?:equipped|armed|trained|paid)|\bcut(?:s|ting)?\b|lost revenue",
)


def _fold(s: str) -> str:
    """Lower case with every offset kept (a character whose lower case is longer stays as it is)."""
    low = s.lower()
    if len(low) == len(s):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def _folded(pattern: str) -> re.Pattern[str]:
    """A case-insensitive cue pattern compiled for text passed through :func:`_fold`.

    Literals are lowered (escapes such as ``\\b``, ``\\w`` kept) and the
    pattern is compiled without ``re.IGNORECASE``: the same matches on folded
    text, about twice as fast, because case-insensitive matching compares every
    character both ways.
    """
    return re.compile(re.sub(r"\\.|[A-Z]", lambda m: m.group() if m.group()[0] == "\\" else m.group().lower(),
                             pattern))


def _alternation(patterns: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    return _folded("|".join(f"(?:{p})" for p in patterns))


#: Loss verbs whose grammatical object, not subject, is the party that loses.
_TRANSITIVE_LOSS = _folded(r"damaged|destroyed|knocked out|wip\w+ out|defeated|weakened|overr?an")
_GAIN_RE = _alternation(GAIN_CUES)
_LOSS_RE = _alternation(LOSS_CUES)
#: Stance cues: what the actor itself believes, wants or can bear. They outweigh single cost or
#: pressure words in the same clause ("believes it can outlast Western pressure" fights on;
#: "cannot afford concessions" hardens; "struggles to hold ground" or "wants a deal" softens).
STANCE_CUES: dict[str, tuple[str, ...]] = {
    "continue_war": (
        r"outlast|is working|time (?:is|was) on|buying time|no (?:reason|need|hurry) to|fight on\b",
        r"(?:cannot|can't|can ill|could not) afford (?:to )?"
        r"(?:concessions?|compromis\w*|look|be seen|appear)",
        r"look (?:soft|weak)|seen to (?:blink|compromise|capitulate|back down)|blackmail|betrayal",
        r"(?:little|no|less) (?:interest|interested) in|not (?:looking|interested) (?:for|in)",
        r"\bonly if\b|will not hand|never (?:accept|negotiat\w*|surrender)|armed struggle|stay\w* loyal",
        r"tighten\w* (?:his|its|their|her) grip|earns? more from|stopped the bleeding|won the",
    ),
    "settle": (
        r"struggl\w+ to|stretched|short of (?:money|funds|cash|ammunition|troops)|little money",
        r"(?:can ill|cannot|can't) afford (?:a |an |the )?"
        r"(?:prolonged|long|new|another|protracted|war|fight)\w*",
        r"(?:weigh\w*|weighing) on|holding back|losing faith|desertion|flexib\w+|feelers",
        r"wants? (?:a deal|out)",
        r"ready (?:for|to) (?:an? )?(?:\w+ )?(?:ceasefire|truce|peace|talks|deal|pause|negotiat\w*|sign)",
        r"prepared to|open(?:ed|s)? (?:\w+ )?contacts|interest in a deal|welcom\w+|committed to|lay down",
        r"military options are|pull out|return to war|reason for caution|needs? calm",
    ),
}
#: Factors whose claims, when another party is the subject (it offers, presses, imposes costs),
#: push the actor they bear on towards settling unless a cue says otherwise.
_DONE_TO = frozenset(["offer_terms", "pressure_levers", "economy", "security"])
_DEFAULT_EFFECT = {
    "battlefield": "continue_war",
    "economy": "continue_war",
    "domestic_politics": "continue_war",
    "security": "continue_war",
    "international_support": "continue_war",
    "offer_terms": "continue_war",
    "pressure_levers": "settle",
    "other": "neutral",
}


#: Words present in nearly every peace-talks article: they tilt a clause that already carries a
#: cue towards ``offer_terms`` but never make a clause a claim on their own (their weight is
#: below :data:`MIN_SCORE` even when several occur).
_UBIQUITOUS = _folded(
    r"\b(?:deal|terms|ceasefire|cease-fire|truce|peace talks|talks|negotiat\w+|territor\w+|settlement|"
    r"agreement|accord|treaty|peace (?:plan|process|deal))\b"
)
_UBIQUITOUS_WEIGHT = 0.3
_UBIQUITOUS_CAP = 0.6


def _by_weight(cues: tuple[tuple[str, float], ...]) -> list[tuple[re.Pattern[str], float]]:
    """One alternation per weight (fewer regex passes per clause; same-weight cues are interchangeable)."""
    weights = dict.fromkeys(w for _, w in cues)
    return [
        (_alternation([p for p, w2 in cues if w2 == w]), w) for w in weights
    ]


def _leads(items: list[tuple[Any, Any]]) -> list[str]:
    """Literal strings one of which every match of a parsed sequence starts with ("" if unknown)."""
    from re import _constants as sre  # type: ignore[attr-defined]

    out = [""]
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: \b, lookarounds
        if op is sre.LITERAL:
            out = [s + chr(av) for s in out]
            continue
        if op is sre.SUBPATTERN:
            out = [s + t for s in out for t in _leads(list(av[3]))]
        elif op is sre.BRANCH:
            out = [s + t for s in out for branch in av[1] for t in _leads(list(branch))]
        break  # a repeat, a class or the end of a group: the prefix stops here
    return out


def _required_literals(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``rx`` contains, or None when that cannot be said.

    Read from the pattern's parse: each alternative's leading literal text
    (after ``\\b`` and lookbehinds). A clause containing none of them cannot
    match, so the pattern need not run on it (a substring test is far cheaper
    than a regex pass over the clause). An alternative starting with a
    repeat or a character class gives None: that pattern always runs.
    """
    try:
        from re import _parser as parser  # type: ignore[attr-defined]

        leads = _leads(list(parser.parse(rx.pattern, rx.flags)))
    except (ImportError, AttributeError, re.error):  # another Python's private parser: no gating
        return None
    if any(len(lead) < 2 for lead in leads):
        return None
    return tuple(sorted(set(leads)))


_COMPILED = {f: _by_weight(cues) for f, cues in FACTOR_CUES.items()}
_EFFECT_RE = {e: _alternation(ps) for e, ps in EFFECT_CUES.items()}
_STANCE_RE = {e: _alternation(ps) for e, ps in STANCE_CUES.items()}
#: Weight of a stance cue against a single effect cue.
STANCE_WEIGHT = 2
_CLAUSE_BREAK = re.compile(
    r";\s+|\s+[—–]\s+|,\s+(?=(?:though|although|but|while|yet|whereas)\s)|:\s+(?=[A-Z])"
    r"|,\s+and\s+(?=(?:the|a|an|its|his|their|it|they|he|she|we|[A-Z])\w*\s)"
)
_PREPOSITIONS = re.compile(r"\b(?:to|for|on|against|with|from|toward|towards|by|of|into|over|at|in)\s+$")


_OUTSIDE = ("international_support", "pressure_levers", "offer_terms")
#: Verbs of a party's own choice: the clause bears on its subject even when it is about terms.
_OWN_CHOICE = re.compile(
    r"\b(?:accept\w*|reject\w*|refus\w+|insist\w*|demand\w*|rul\w+ out|sign\b|agree\w*|wants?\b|"
    r"seek\w*|walk\w* away|will not|won't|cannot|has not|have not)",
    re.IGNORECASE,
)
#: Verbs of giving help or applying pressure: the clause bears on the receiver.
_GIVING = re.compile(
    r"\b(?:threat\w*|impos\w+|offer\w*|promis\w+|suppl\w+|sell\w*|sold|arm(?:s|ed|ing)?\b|back\w*|"
    r"eas\w+ (?:some |the )?sanctions|press\w*|warn\w*|deadline|ultimatum|deliver\w*|provid\w+|fund\w*|"
    r"pledg\w+|tariffs?|aid\b|invest\w*)",
    re.IGNORECASE,
)


#: The taxonomy's "not" column: combinations that move a clause to another factor whatever its
#: single cues say (a blockade used as coercion is a lever, foreign arms are support, not economy;
#: guarantees on offer are terms; aid cut as a penalty or a backer's conditional threat is a lever).
_PRECEDENCE = tuple(
    (_folded(p), factor, bonus)
    for p, factor, bonus in (
        (r"(?:blockade|siege|besieg\w+|cut off).{0,60}\b(?:until|unless|to force|to press|leverage|pressure)"
         r"\b"
         r"|\b(?:until|unless)\b.{0,60}(?:blockade|siege)", "pressure_levers", 2.0),
        (r"(?:cut|suspend\w*|halt\w*|withh[oe]ld\w*|freez\w+|withdraw\w*)\s.{0,30}\b(?:aid|funding|assistance)\b"
         r"|\b(?:aid|funding|support|assistance)\b.{0,40}\bconditional\b", "pressure_levers", 1.5),
        (r"\b(?:unless|if)\b.{0,60}\b(?:would|will|could)\s+(?:cut|halt|stop|withdraw|impose|end)\b",
         "pressure_levers", 1.0),
        (r"\b(?:arms|weapons|military aid|munitions|drones|air[- ]defen[cs]es?|missiles)\b.{0,40}"
         r"\b(?:from|supplied|delivered|sent|provided|shipments?)\b|\b(?:supplie[sd]|deliver\w*|sen[dt]s?|"
         r"provid\w+|ship\w*)\b.{0,40}\b(?:arms|weapons|drones|munitions|military aid|missiles)\b",
         "international_support", 1.5),
        (r"guarantee\w*.{0,60}\b(?:offer\w*|propos\w+|deal|terms|include\w*)\b"
         r"|\b(?:offer\w*|propos\w+|include\w*)\b.{0,60}guarantee", "offer_terms", 1.5),
        # Money on the table: revenue, oil, salaries or licences demanded, conditioned or traded are terms.
        (r"\b(?:insist\w*|demand\w*|must|in (?:exchange|return) for|on condition|only if|"
         r"would (?:restore|lift|ease|resume)|agree\w* to (?:pay|share|hand))\b.{0,60}"
         r"\b(?:revenues?|oil|salar\w+|licen[cs]es?|"
         r"payments?|barrels?|share of)\b"
         r"|\b(?:revenues?|oil|salar\w+|licen[cs]es?|payments?|barrels?)\b.{0,60}"
         r"\b(?:in (?:exchange|return) for|on condition|only if)\b", "offer_terms", 1.5),
    )
)  # fmt: skip


def factor_scores(clause: str) -> dict[str, float]:
    """Summed cue weights per factor (the ubiquitous talks vocabulary left out)."""
    return _factor_scores(_fold(clause))


#: The factor cue patterns with the literals their matches must contain (None: always run).
_GATED = {
    f: [(rx, w, _required_literals(rx)) for rx, w in cues] for f, cues in _COMPILED.items()
}


def _factor_scores(folded: str) -> dict[str, float]:
    return {
        f: sum(
            w * len(rx.findall(folded))
            for rx, w, needs in cues
            if needs is None or any(lit in folded for lit in needs)
        )
        for f, cues in _GATED.items()
    }


def _factor(folded: str) -> tuple[str, float] | None:
    """Factor and cue score of a folded clause (:func:`label_clause` without the effect)."""
    scores = _factor_scores(folded)
    if max(scores.values()) < MIN_SCORE:
        return None
    scores["offer_terms"] += min(_UBIQUITOUS_CAP, _UBIQUITOUS_WEIGHT * len(_UBIQUITOUS.findall(folded)))
    factor, score = max(scores.items(), key=lambda kv: kv[1])
    for rx, f, bonus in _PRECEDENCE:
        if rx.search(folded) and scores[f] + bonus >= MIN_SCORE:
            return f, scores[f] + bonus  # the first combination that applies decides
    return factor, score


def label_clause(clause: str) -> tuple[str, float, str] | None:
    """Factor, cue score and effect of a clause, or None if no factor cue reaches :data:`MIN_SCORE`."""
    labelled = _factor(_fold(clause))
    if labelled is None:
        return None
    factor, score = labelled
    return factor, score, _effect(clause, factor)


#: A negation just before a cue flips its direction ("not ready for a ceasefire", "no longer winning").
_NEGATION = _folded(
    r"\b(?:not|cannot|no|never|nor|without|hardly|barely|little|unlikely to|far from|no longer|n[’']t)\b"
    r"(?:\s+[\w’'-]+){0,2}\s*$|n[’']t\s+(?:[\w’'-]+\s+){0,2}$"
)
_FLIP = {"continue_war": "settle", "settle": "continue_war", "neutral": "neutral"}


#: A contrast inside a clause: the cues after it carry the clause's point ("can absorb X, but it
#: cannot absorb Y" settles on Y).
_CONTRAST = _folded(r"(?:,|;)?\s\b(?:but|yet|however|although)\b\s")
#: Who a directed cue belongs to: (start, end) of the cue in the clause, whether the cue is a
#: transitive loss verb → party id, or None when the clause does not say.
Owner = Callable[[int, int, bool], "str | None"]


def _effect_counts(
    clause: str, factor: str | None = None, actor: str | None = None, owner: Owner | None = None
) -> dict[str, int]:
    """Cue hits per effect, with a negated cue counted for the opposite direction.

    Directed cues (:data:`GAIN_CUES`, :data:`LOSS_CUES`) count for the
    actor's own gains and losses; on the battlefield, a gain or loss that
    ``owner`` gives to another party than ``actor`` counts the other way.
    """
    counts = dict.fromkeys(_EFFECT_RE, 0)
    clause = _fold(clause)  # the cue patterns are compiled for folded text; offsets are kept
    turn = _CONTRAST.search(clause)
    pivot = turn.end() if turn else len(clause)  # what follows "but" is what the clause asserts

    def weight(at: int) -> int:
        return 2 if at >= pivot else 1

    for effect, rx in _EFFECT_RE.items():
        for m in rx.finditer(clause):
            negated = effect != "neutral" and _NEGATION.search(clause[max(0, m.start() - 30) : m.start()])
            counts[_FLIP[effect] if negated else effect] += weight(m.start())
    for rx, effect in ((_GAIN_RE, "continue_war"), (_LOSS_RE, "settle")):
        for m in rx.finditer(clause):
            negated = _NEGATION.search(clause[max(0, m.start() - 30) : m.start()])
            direction = _FLIP[effect] if negated else effect
            if owner is not None and actor is not None and factor == "battlefield":
                who = owner(m.start(), m.end(), _TRANSITIVE_LOSS.fullmatch(m.group()) is not None)
                expected = who is None and effect == "settle" and _EXPECTS.search(clause[: m.start()])
                if (who is not None and who != actor) or expected:
                    direction = _FLIP[direction]  # the other side's loss, or one the actor waits for
            counts[direction] += weight(m.start())
    for effect, rx in _STANCE_RE.items():
        for m in rx.finditer(clause):
            negated = _NEGATION.search(clause[max(0, m.start() - 30) : m.start()])
            counts[_FLIP[effect] if negated else effect] += STANCE_WEIGHT * weight(m.start())
    return counts


def _effect(
    clause: str,
    factor: str,
    actor: str | None = None,
    owner: Owner | None = None,
    subject: str | None = None,
) -> str:
    counts = _effect_counts(clause, factor, actor, owner)
    if counts["neutral"] and counts["neutral"] >= max(counts["continue_war"], counts["settle"]):
        return "neutral"
    if counts["continue_war"] == counts["settle"]:
        if subject is not None and actor is not None and subject != actor and factor in _DONE_TO:
            return "settle"  # terms, pressure or costs another party brings to bear on the actor
        return _DEFAULT_EFFECT[factor]
    return "continue_war" if counts["continue_war"] > counts["settle"] else "settle"


_OF_PARTY = re.compile(r"\s+(?:of|in|among|within|for)\s+(?:the\s+)?")
#: Between a transitive loss verb and its object: nothing, or a determiner and a few words.
_OBJECT_GAP = re.compile(
    r"\s+(?:(?:the|its|their|his|her|a|an|some|most|much|several|\w+ of)\s+)?(?:[\w-]+\s+){0,2}"
)
#: The actor's expectation: what it thinks, bets or waits for will happen to someone else.
_EXPECTS = re.compile(
    r"\b(?:think|believe|expect|bet|betting|hope|wait|await|count\w* on|calculat|reckon|assum|see)\w*\b",
    re.IGNORECASE,
)


def _owner_finder(text: str, a: int, mentions: list[tuple[int, int, str]], doc: Any | None) -> Owner:
    """Who owns a gain or a loss in the clause starting at ``a``: the parse first, then position.

    With the parse: a loss verb's subject (its object for a transitive loss, "destroyed Aland's
    brigades"), a noun's possessor or modifier ("Ukrainian collapse", "Russia's losses") or its
    "of" phrase. Without it: a party named just after "of"/"in", the first party after a
    transitive loss verb, else the nearest party before the cue.
    """

    def in_span(lo: int, hi: int) -> str | None:
        inside = [m for m in mentions if lo <= m[0] < hi]
        return inside[0][2] if inside else None

    def by_parse(s: int, e: int, transitive: bool) -> str | None:
        if doc is None:
            return None
        span = doc.char_span(a + s, a + e, alignment_mode="expand")
        if span is None or not len(span):
            return None
        tok = span.root
        roles: tuple[str, ...] = ("dobj", "nsubjpass", "obj") if transitive else ("nsubj", "nsubjpass")
        if tok.pos_ in ("NOUN", "PROPN"):
            roles = ("poss", "amod", "compound", "nmod")
        for child in tok.children:
            if child.dep_ in roles or (child.dep_ == "prep" and child.lower_ in ("of", "in", "among")):
                who = in_span(child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text))
                if who is not None:
                    return who
        if tok.dep_ in ("amod", "compound") or (tok.dep_ == "xcomp" and not transitive):
            head = tok.head  # "a collapsing Ukrainian army": the noun the cue modifies
            return in_span(head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text))
        return None

    def owner(s: int, e: int, transitive: bool) -> str | None:
        who = by_parse(s, e, transitive)
        if who is not None:
            return who
        start, end = a + s, a + e
        after = [m for m in mentions if m[0] >= end]
        gap = text[end : after[0][0]] if after else ""
        if after and (_OF_PARTY.fullmatch(gap) or (transitive and _OBJECT_GAP.fullmatch(gap))):
            return after[0][2]
        before = [m for m in mentions if m[1] <= start]
        return before[-1][2] if before else None

    return owner


def _inside_quote(text: str, s0: int, i: int) -> bool:
    """True when offset ``i`` lies inside an open double quotation in the sentence starting at ``s0``.

    A quoted utterance is split only where the speaker's own clause boundaries are outside the
    marks: "ready to negotiate, but not to disappear," is one claim with its attribution.
    """
    before = text[s0:i]
    if before.count("“") > before.count("”"):
        return True
    return before.count('"') % 2 == 1


def _clauses(text: str, s0: int, s1: int) -> list[tuple[int, int]]:
    cuts = [s0]
    for m in _CLAUSE_BREAK.finditer(text, s0, s1):
        left = text[cuts[-1] : m.start()]
        right = text[m.end() : s1]
        if len(left.split()) >= 5 and len(right.split()) >= 5 and not _inside_quote(text, s0, m.start()):
            cuts.append(m.end())
    bounds = [*cuts, s1]
    spans = []
    for a, b in pairwise(bounds):
        end = b
        while end > a and text[end - 1] in " ;,:—–":
            end -= 1
        spans.append((a, end))
    return spans


def _subject_actor(
    text: str, a: int, b: int, mentions: list[tuple[int, int, str]], doc: Any | None
) -> str | None:
    if doc is not None:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            for tok in span:
                if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ in ("ROOT", "ccomp", "conj"):
                    lo, hi = tok.left_edge.idx, tok.idx + len(tok.text)
                    inside = [m for m in mentions if lo <= m[0] < hi]
                    if inside:
                        return inside[0][2]
    for i, (start, end, actor) in enumerate(mentions):
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if _PREPOSITIONS.search(text[max(a, start - 12) : start]):
            continue
        if following is not None and following[0] - end <= 1 and re.search(r"[’']s$", text[start:end]):
            continue  # "Yemen's Houthi movement": the possessor qualifies the party that follows
        return actor
    return None  # every party named is governed by a preposition: none is the subject


def _receiver(text: str, mentions: list[tuple[int, int, str]]) -> str | None:
    for start, _, actor in mentions:
        if re.search(
            r"\b(?:to|for|on|against|with|in|press|supply|backed|arm|if|unless)\s+(?:the\s+)?$",
            text[max(0, start - 12) : start],
        ):
            return actor
    return None


def _choose_actor(
    text: str,
    a: int,
    b: int,
    factor: str,
    actors: Parties,
    sentence_mentions: list[tuple[int, int, str]],
    doc: Any,
) -> str | None:
    mentions = [m for m in sentence_mentions if a <= m[0] < b]
    if re.match(r"\s*(?:[A-Z]\w+,\s+)?(?:he|she|they|it|his|her|its|their)\b", text[a:b], re.IGNORECASE):
        return None  # a pronoun subject: the caller carries the previous clause's actor
    subject = _subject_actor(text, a, b, mentions, doc)
    if subject is None:
        return None
    clause = text[a:b]
    giving = _GIVING.search(clause) is not None
    own = _OWN_CHOICE.search(clause) is not None or subject in actors.principals
    if factor not in _OUTSIDE or (own and not giving):
        return subject  # a party's own motive, capability, choice or commitments bear on that party
    # Help, pressure and terms from outside bear on the party receiving them.
    pressed = [m for m in mentions if m[2] != subject and m[2] in actors.principals]
    if factor == "pressure_levers" and giving and (target := _receiver(text, pressed)) is not None:
        return target  # a threat bears on the threatened, even when the focal party makes it
    if subject == actors.focal:
        return subject
    in_sentence = [m[2] for m in sentence_mentions]
    if actors.focal in in_sentence:
        return actors.focal
    receiver = _receiver(text, [m for m in mentions if m[2] != subject and m[2] in actors.principals])
    if receiver is not None:
        return receiver
    others = [i for i in in_sentence if i != subject and i in actors.principals]
    if others:
        return others[0]
    return actors.focal  # the giver is not the receiver: the article's focal party is


def _speaker_of(a: int, b: int, quotes: list[Quote]) -> str | None:
    for q in quotes:
        if q.start < b and a < q.end:
            return q.speaker
    return None


#: A wire dateline ("GOMA, Congo, July 4 (Reuters) - "): its place is not the sentence's subject.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]+,[^()\n]{0,80}\((?:Reuters|AP|AFP|dpa|Bloomberg|[A-Z]{2,6})\)\s*[-—–]\s*"
)

#: Sentences that assert nothing about a party: questions (an interviewer's "Q:" line, a
#: rhetorical "Why did …?"), credit lines and page furniture ("contributed to this report",
#: "Sponsored:", a newsletter's tagline or its author's note).
_NOT_ASSERTED = re.compile(
    r"^\s*(?:Q\s*[:.]|Sponsored\b|Advertisement\b|Related\b|Read more\b|Sign up\b|Subscribe\b)"
    r"|^[^“”\"]*\?\s*$"
    r"|contributed (?:to )?(?:this|the) (?:report|story|article)|\b(?:Reporting|Writing|Editing) by\b"
    r"|\bwrites [A-Z][\w ]{2,60} from\b|—\s*(?:a )?(?:daily|weekly|monthly) (?:analysis|newsletter|briefing)"
    # The author's note: "Jane Roe is a senior fellow at …", "John Doe covers security from Kyiv."
    r"|^\s*(?:[A-Z][\w.’'-]+\s+){1,3}(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:fellow|correspondent|analyst|researcher|reporter|editor|director|professor|journalist|writer|"
    r"lecturer|author)\b[^.]{0,120}\.?\s*$"
    r"|^\s*(?:[A-Z][\w.’'-]+\s+){1,3}(?:covers|reports on|writes about)\b[^.]{0,100}\.?\s*$",
)

#: A heading: a short paragraph without sentence-final punctuation (a section or live-blog entry
#: title, the headline repeated in the body, a dateline or byline line). It announces; it does not
#: assert, and what it announces is said again in the paragraphs below.
_HEADING_WORDS = 20
_HEADING_END = re.compile(r"[.!?…:;\"”’')\]]\s*$")


def _heading(text: str, paragraph: tuple[int, int]) -> bool:
    body = text[paragraph[0] : paragraph[1]].strip()
    return len(body.split()) <= _HEADING_WORDS and not _HEADING_END.search(body) and "\n" not in body

#: Longest topic sentence (in words) read as framing ("Outside pressure is growing too.").
FRAMING_WORDS = 8


def _framing(text: str, sentences: list[tuple[int, int]], si: int, paragraph: tuple[int, int]) -> bool:
    """A short sentence naming no party that opens a paragraph which goes on: it announces a topic.

    A short one-sentence paragraph ending in a colon or without a verb-bearing
    clause (a standfirst, a section label) is framing too.
    """
    s0, s1 = sentences[si]
    if len(text[s0:s1].split()) > FRAMING_WORDS or text[s0:s1].lstrip().startswith(("“", '"', "‘")):
        return False
    opens = s0 == paragraph[0]
    goes_on = si + 1 < len(sentences) and sentences[si + 1][0] < paragraph[1]
    return (opens and goes_on) or text[s0:s1].rstrip().endswith(":")


#: Cue score that makes a clause a claim on its own; below it a clause also needs a party named
#: in it or a direction (an effect or stance cue), else it is narration with one topical word.
STRONG_SCORE = 2.0


def _asserts(clause: str, score: float, mentions: list[tuple[int, int, str]]) -> bool:
    """Claim selection: a strong cue, or a weaker one with a party, the talks or a direction in the clause."""
    if score >= STRONG_SCORE or mentions or _UBIQUITOUS.search(_fold(clause)):
        return True
    return any(_effect_counts(clause).values())


def _directed(folded: str) -> tuple[str, float] | None:
    """A clause with no factor cue that still states a direction (an effect or stance cue).

    "No one in X wants to return to war", "the group said it would fight on",
    "Thai commanders believe they hold the upper hand": a named party and a
    direction make a claim even when no topical word names the factor. The
    factor is then the best weak cue if any (one label cue, the talks
    vocabulary for ``offer_terms``), else ``battlefield`` for a gain or a
    loss, else ``other``. The caller requires a party named in the clause.
    """
    counts = _effect_counts(folded)
    if not any(counts.values()):
        return None
    scores = _factor_scores(folded)
    scores["offer_terms"] += min(_UBIQUITOUS_CAP, _UBIQUITOUS_WEIGHT * len(_UBIQUITOUS.findall(folded)))
    factor, score = max(scores.items(), key=lambda kv: kv[1])
    if score > 0:
        return factor, score
    if _GAIN_RE.search(folded) or _LOSS_RE.search(folded):
        return "battlefield", 0.0
    return "other", 0.0


def extract_claims(
    article: Article, quotes: list[Quote], index: SpeakerIndex, doc: Any | None
) -> list[Claim]:
    """Claims in the article, in text order, with offsets into ``article.text``."""
    text = article.text
    actors = Parties(text, article.title, doc)
    claims: list[Claim] = []
    paragraphs = paragraph_spans(text)
    carried: tuple[int, str | None] = (-1, None)
    sentences = sentence_spans(text)
    for si, (s0, s1) in enumerate(sentences):
        p = next(i for i, (pa, pb) in enumerate(paragraphs) if pa <= s0 < pb)
        dateline = _DATELINE.match(text, s0, s1)
        sentence_mentions = actors.mentions(dateline.end() if dateline else s0, s1)
        if not sentence_mentions and _framing(text, sentences, si, paragraphs[p]):
            continue
        if _NOT_ASSERTED.search(text[s0:s1]) or _heading(text, paragraphs[p]):
            continue
        for a, b in _clauses(text, s0, s1):
            clause = text[a:b]
            if len(clause.split()) < 4:
                continue
            folded = _fold(clause)
            labelled = _factor(folded)
            mentions = [m for m in sentence_mentions if a <= m[0] < b]
            if labelled is None and mentions:
                labelled = _directed(folded)  # a party and a direction, without a topical cue
            if labelled is None:
                if mentions:
                    carried = (p, _subject_actor(text, a, b, mentions, doc))
                continue
            factor, score = labelled
            if not _asserts(clause, score, mentions):
                continue
            actor = _choose_actor(text, a, b, factor, actors, sentence_mentions, doc)
            if actor is None:
                actor = carried[1] if carried[0] == p and carried[1] else actors.focal
            if actor is None:
                continue
            carried = (p, actor)
            subject = _subject_actor(text, a, b, mentions, doc) if mentions else None
            effect = _effect(clause, factor, actor, _owner_finder(text, a, mentions, doc), subject)
            speaker = _speaker_of(a, b, quotes)
            claims.append(Claim(a, b, clause, actor, factor, effect, speaker, round(score, 2)))
    return claims
