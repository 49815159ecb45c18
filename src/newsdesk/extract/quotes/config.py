"""Settings and vocabulary of the quote rules: ``QuoteConfig``, the cue verbs and nouns,
and the word lists, dependency labels and characters the other modules share.

Separate so that the lists can be read and tuned in one place, and so that every rule
module can import them without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lemmas of verbs that report speech, writing or (as PolNeAR counts them) stated beliefs.
# Broad on purpose: a cue only attributes a quote its complement holds or that stands
# right beside it.
CUE_VERBS: frozenset[str] = _words(
    """
    accuse acknowledge add admit advise agree allege announce answer argue ask assert assure
    attack beg believe blast boast brag brand call caption caution challenge chant
    characterise characterize charge cite claim comment complain concede conclude condemn
    confess confirm consider contend continue counter criticise criticize cry declare decry
    demand denounce deny describe disclose divulge dub elaborate emphasise emphasize estimate
    exclaim expect explain fear feel find fire fume gush hint hope implore inform insist
    instruct interject joke label lament laugh maintain mention mock muse mutter note notify
    observe offer order plead pledge point post praise predict press proclaim promise
    pronounce propose protest question quip quote rail rant rave read reassure recall
    recommend recount reiterate remark repeat reply report respond retort retweet reveal say
    scoff scream share shoot shout sigh slam snap speculate state stress suggest tease tell
    testify thank think tout tweet urge vow want warn welcome whisper wonder worry write yell
    """
)
# A belief ("the candidate thought …") is reported by whoever tells of it; a quote after
# one is not carried over from it.
_BELIEF_VERBS = _words("believe think feel hope fear worry want expect consider")
# Nouns that report speech: "Trump's claim that the vote is “rigged”".
CUE_NOUNS: frozenset[str] = _words(
    """
    accusation allegation announcement answer argument assertion belief caption
    characterization claim comment declaration description insistence interview joke letter
    message note pledge post promise question quip quote remark reply response speech
    statement suggestion tweet view vow warning word
    """
)
# What a speaker issues: "X released a statement saying …", "X's response was: …".
_MEDIUM_NOUNS = _words(
    "statement ad advertisement video release email memo letter response reply answer "
    "message tweet post spot commercial"
)
# Roles a named person plays that a bare "the <role> said" stands for.
ROLE_NOUNS: frozenset[str] = _words(
    "actor actress artist athlete coach comedian director model musician performer player "
    "producer rapper rocker rockstar singer singer-songwriter songwriter star"
)
_POST_VERBS = _words("tweet retweet post caption")
_POST_MAYBE = _words("write share say add announce reveal explain")
_PLATFORMS = _words(
    "caption facebook instagram linkedin post reddit snapchat social stories story threads "
    "tiktok tweet twitter weibo youtube"
)
# Words that introduce a name or a title rather than someone's words.
_TITLE_INTRO = _words(
    "called titled entitled dubbed named nicknamed hashtag slogan show program programme book "
    "film movie song album single series episode podcast segment magazine newspaper column "
    "headline term word words phrase label"
)
_SMALL_WORDS = _words(
    "a an the and or nor but of in on at to for with by from as vs via is are was be"
)
# From the cue to the part of its clause that holds the quote: a complement, an object
# ("called it “a disaster”"), a clause beside it; not a prepositional phrase ("said on
# “Fox and Friends”") nor the subject.
_COMPLEMENT_DEPS = _words(
    "ccomp xcomp dobj oprd attr acomp parataxis dep conj advcl pcomp acl relcl appos npadvmod intj"
)
_SUBJECT_DEPS = _words("nsubj nsubjpass csubj")
_FINITE = _words("VBD VBZ VBP MD")
# From a participle or conjunct up to the verb whose subject it shares: "Husted continued
# by saying", "was quick to add", "and added".
_CLIMB_DEPS = _words("conj xcomp advcl acl pcomp prep acomp")
_NP_CUT = _words("appos relcl acl punct advcl parataxis")
_PRONOUNS_PERSON = _words("he she him her his")
_PRONOUNS_OTHER = _words("it they them its their")
_RELATIVE = _words("who that which whom")
_NAME_LABELS = _words("PERSON ORG GPE NORP")
_OPENERS, _CLOSERS, _MARKS, _DASHES = "“„«", "”»", '"“”„«»', "―—–-"
_LEFT_OPEN = frozenset(" \t\u00a0([{—–-/")
_RIGHT_CLOSE = frozenset(" \t\u00a0.,;:!?)]}—–…")
_SENTENCE_END = frozenset({".", "!", "?"})
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_LABEL_RE = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s")


@dataclass(frozen=True, slots=True)
class QuoteConfig:
    # Below this many words a quote needs a cue: shorter ones are mostly titles, nicknames
    # and scare quotes (PolNeAR train F1 moves < 0.003 between 3 and 5).
    min_words: int = 4
    # Paragraphs before the pronoun's own searched for its referent.
    pronoun_paragraphs: int = 3
    # Tokens searched beside a quote (after / before it) for its cue.
    after_window: int = 14
    before_window: int = 30
    # Most tokens between the two parts of a broken quote.
    max_break_tokens: int = 14
    # "the singer wrote": the person the article names most often.
    resolve_descriptions: bool = True
    # A quote that is the object of any verb with a named subject ("Nordhaus welcomed
    # “…”") goes to that subject when no reporting verb is there (+0.6 pt speaker acc.).
    governing_verbs: bool = True
    cue_verbs: frozenset[str] = field(default=CUE_VERBS)
    cue_nouns: frozenset[str] = field(default=CUE_NOUNS)
