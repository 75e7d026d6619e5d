"""The cue lexicon: which words introduce who-said-what.

Hand-written core (speech and cognition verbs, British and American spellings) plus an
optional learned extension in `data/cue_lexicon.json` (verb and noun lemmas mined from the
PolNeAR train split by `scripts/train_cue_lexicon.py`: lemma -> how often it was a cue when it
occurred).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from briefbot.extract import limits

SPEECH_VERBS = frozenset(
    """
    say tell state add note stress emphasize emphasise insist warn argue claim assert acknowledge
    admit announce confirm deny explain suggest urge reiterate underscore describe call accuse
    dismiss reject echo praise summarize summarise tweet write ask reply respond declare report
    remark observe comment contend maintain concede allege predict promise pledge vow recall
    caution complain charge counter testify disclose reveal indicate mention propose recommend
    demand quip joke lament boast brag concur retort add question criticize criticise condemn
    denounce slam blast blame decry applaud hail welcome thank mock post inform assure remind
    estimate conclude muse agree disagree affirm acknowledged contend signal hint tout predict
    declare opine stipulate clarify elaborate reaffirm highlight acknowledge emphasise announce
    shout chant whisper yell scream cry plead
    """.split()
)

COGNITION_VERBS = frozenset(
    """
    believe think doubt fear hope expect worry feel know suspect reckon consider assume
    wonder imagine guess estimate understand realize realise recognize recognise
    """.split()
)

# Verbs whose direct object (not only a clause) is what was said: "denied the report",
# "rejected claims that ...", "called for a ceasefire", "praised Kushner as ...".
STANCE_OBJECT_VERBS = frozenset(
    """
    deny reject dismiss echo praise criticize criticise condemn denounce slam blast blame decry
    applaud hail welcome mock question accuse describe call defend endorse support oppose
    propose demand promise pledge vow urge predict announce acknowledge admit confirm reiterate
    repeat cite warn threaten back favor favour
    """.split()
)

# Cue verbs with a second sense in which the direct object is a thing acted on, not words:
# "added smaller landers to the contract", "concluded its hearings", "wrote a book", "issued
# bonds", "named a successor". Their object is what was said only when it is a message ("added
# a note of caution", "issued a statement warning that ..."); "express" and "voice" always
# report what they take ("expressed misgivings"). Cognition verbs never report a bare object
# ("recognised Jerusalem as the capital" is an act, "knew him" no belief); "see/view/regard X
# as Y" is decided in `ParsedArticle.is_cue`.
OBJECT_OTHER_SENSE = frozenset(
    """
    add conclude write post issue list offer name unveil dedicate approve push pump devote
    single title witness project mandate prohibit pressure circulate broadcast recognize
    recognise answer request seek side distance spar brush shrug rattle scar alarm anger
    sound rule hammer resist attribute file send release publish sign bill
    """.split()
)

# Verbs that report a description only with its predicate: "described the strandings as
# heartbreaking", "called the plan a disaster". "Described the scene" says what was talked
# about, not what was said; "called a press conference" is no report at all.
PREDICATING_VERBS = frozenset({"describe", "call", "portray", "characterize", "characterise",
                               "label", "dub", "brand", "depict"})

# Nouns whose phrase is a message, whatever verb takes it as object.
MESSAGE_NOUNS = frozenset(
    """
    statement message note letter tweet post remark comment opinion view position plan
    proposal demand request concern support opposition intention desire need warning caution
    objection reservation doubt hope fear belief thought idea theory explanation account
    version argument case point reason excuse apology thanks congratulations condolences
    sympathy gratitude regret frustration anger disappointment dismay outrage alarm confidence
    optimism pessimism skepticism scepticism sentiment feeling reaction response answer reply
    vision promise pledge commitment vow threat ultimatum call appeal plea advice
    recommendation suggestion assurance guarantee prediction forecast estimate assessment
    verdict conclusion finding judgment judgement ruling decision
    """.split()
)

# Verbs whose content is what the speaker acted on, not the speaker's words: "rejected claims
# that Washington is abandoning Ukraine" reports claims Hegseth denies; "echoed Trump's
# assertion" reports Trump's words. Such content is shown only after its cue ("framed").
FRAMING_VERBS = frozenset(
    """
    reject deny dismiss dispute refute rebut question doubt challenge contest disagree
    welcome praise hail applaud thank criticize criticise condemn denounce slam blast blame
    decry mock ridicule deride attack echo endorse support oppose back defend cite refuse
    decline avoid
    """.split()
)

# Verbs that say something was not said: "declined to say when", "refused to comment on".
REFUSAL_VERBS = frozenset({"decline", "refuse"})
# ... or was left unsaid: "failed to mention that", "avoided saying", "refrained from
# claiming", "omitted to say".
OMISSION_VERBS = frozenset({"fail", "neglect", "avoid", "refrain", "omit"})
# ... or is said no more: "stopped claiming that", "ceased to consider".
CESSATION_VERBS = frozenset({"stop", "cease", "quit"})
# Nouns and adjectives that say the same of the cue they take: "her refusal to say whether",
# "was unwilling to say who".
REFUSAL_NOUNS = frozenset({"refusal", "failure", "reluctance", "unwillingness"})
REFUSAL_ADJECTIVES = frozenset({"unwilling", "unable", "reluctant", "loath", "hesitant"})
# Nouns whose "to" infinitive is an act still wanted, not done: "under pressure to say
# whether", "calls to disavow", "a chance to explain".
PENDING_NOUNS = frozenset({"pressure", "call", "demand", "need", "chance", "opportunity",
                           "effort", "attempt", "push", "invitation", "request", "plea", "bid"})
# Modals that make a cue a possibility or advice, not an act: "critics could argue that", "he
# may say", "she should admit".
HYPOTHETICAL_MODALS = frozenset({"could", "might", "may", "should"})
# The writer's word that the claim is untrue or unsupported, kept with the cue so no face
# shows "claimed" where the article says "falsely claimed" or "claimed, without evidence,".
FALSITY_ADVERBS = frozenset({"falsely", "wrongly", "baselessly", "erroneously", "incorrectly",
                             "mistakenly", "misleadingly", "inaccurately", "groundlessly"})
UNSUPPORTED_NOUNS = frozenset({"evidence", "proof", "basis", "substantiation"})
# Subjects that say nobody said it: "nobody said", "none of them claimed".
NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "neither", "nothing"})

# Particle and preposition cues: "point out", "call for", "call on", "refer to".
PHRASAL = {
    ("point", "out"),
    ("call", "for"),
    ("call", "on"),
    ("spell", "out"),
    ("lay", "out"),
    ("push", "back"),
    ("weigh", "in"),
    ("sum", "up"),
    ("go", "on"),
}

CONTENT_NOUNS = frozenset(
    """
    claim claims assertion assessment warning argument view belief suggestion allegation
    accusation promise pledge insistence concern concerns fear hope warning criticism
    statement declaration announcement position support question attack praise call talk
    comment remark complaint endorsement
    """.split()
)

# Prepositions whose object is content after a cue ("accused X of Y", "asked about Y").
CONTENT_PREPS = frozenset({"of", "as", "for", "about", "on", "against", "over", "to"})
# Verbs whose content may be only a prepositional phrase ("talked about", "spoke of").
PREP_CONTENT_VERBS = frozenset({"talk", "speak", "ask", "complain", "rail", "joke", "boast",
                                "write", "comment", "tweet", "weigh", "argue", "warn", "insist",
                                "refer", "point", "respond", "reply", "testify", "brag"})


# Verbs whose direct object is the addressee, not the content ("told reporters").
ADDRESSEE_VERBS = frozenset({"tell", "ask", "inform", "remind", "assure", "brief", "thank",
                             "warn", "urge", "persuade", "convince", "order", "encourage"})

# Verbs that are cues in the learned lexicon but far too often are not (checked on train).
NOT_CUES = frozenset({"accord", "continue", "focus", "share", "lay", "press", "nominate",
                      "introduce", "present", "project", "intend", "aim", "learn", "hop"})



@lru_cache(maxsize=1)
def learned() -> dict[str, dict[str, float]]:
    """Mined {"verbs": {lemma: rate}, "nouns": {...}}; empty when the data file is absent."""
    try:
        raw = resources.files("briefbot.extract").joinpath("data/cue_lexicon.json").read_text()
    except (FileNotFoundError, ModuleNotFoundError):
        return {"verbs": {}, "nouns": {}}
    data = json.loads(raw)
    return {k: {w: float(r) for w, r in data.get(k, {}).items()} for k in ("verbs", "nouns")}


def verb_rate(lemma: str) -> float:
    return learned()["verbs"].get(lemma.lower(), 0.0)


# Intention verbs with "to"-infinitive content ("wants to junk exemptions") and verbs that
# report only with a clause ("the study found that ...", "polls show Clinton leading").
INTENT_VERBS = frozenset({"want", "plan", "hope", "refuse", "decline", "seek", "vow", "pledge",
                          "promise", "threaten", "intend", "prefer", "wish"})
CLAUSE_ONLY_VERBS = frozenset({"find", "show", "see", "reveal", "indicate", "conclude",
                               "determine", "learn", "suggest", "confirm", "acknowledge", "agree"})


# Subjects that report evidence rather than speak ("the poll shows", "a study found").
EVIDENCE_NOUNS = frozenset({"poll", "survey", "study", "report", "analysis", "data", "research",
                            "video", "footage", "record", "document", "review", "audit",
                            "investigation", "probe", "estimate", "figure", "number", "census",
                            "test", "memo", "email", "letter", "filing", "tally"})


def is_cue_verb(lemma: str, threshold: float = limits.VERB_THRESHOLD) -> bool:
    lemma = lemma.lower()
    if lemma in SPEECH_VERBS or lemma in COGNITION_VERBS or lemma in INTENT_VERBS:
        return True
    return lemma not in NOT_CUES and verb_rate(lemma) >= threshold


def takes_object_content(lemma: str) -> bool:
    """Whether the direct object of this cue verb is what was said ("denied the report")."""
    lemma = lemma.lower()
    if lemma in ADDRESSEE_VERBS:
        return False
    return lemma in STANCE_OBJECT_VERBS or verb_rate(lemma) >= limits.OBJECT_THRESHOLD


def is_message_noun(lemma: str) -> bool:
    """A noun whose phrase is something said ("a statement", "concern", "the claim")."""
    lemma = lemma.lower()
    return lemma in MESSAGE_NOUNS or is_cue_noun(lemma)


def is_cue_noun(lemma: str) -> bool:
    lemma = lemma.lower()
    return lemma in CONTENT_NOUNS or learned()["nouns"].get(lemma, 0.0) >= limits.NOUN_THRESHOLD


def cue_class(lemma: str) -> str:
    """speech | cognition | intent | learned: how much a cue verb says "someone said this"."""
    lemma = lemma.lower()
    if lemma in SPEECH_VERBS:
        return "speech"
    if lemma in COGNITION_VERBS:
        return "cognition"
    if lemma in INTENT_VERBS:
        return "intent"
    return "learned"
