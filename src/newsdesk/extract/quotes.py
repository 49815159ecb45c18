"""Direct quotations and their speakers.

A quote is the text between a pair of double quote marks, straight or curly (mixed pairs
too: scraped text often closes a curly quote with a straight one). Marks pair within a
paragraph; a quote left open at a paragraph's end continues when the next paragraph opens
with a quote mark (the convention for a quotation over several paragraphs). Each
paragraph's piece is one record, ``part_of`` the first; so is each part of a quote broken
by its attribution (``"…," she said, "…"``).

The speaker, from the surest sign to the weakest: (1) a **cue**: a transcript label
(``"PENCE: …"``), a credit after a dash (``"…" ― Jane Doe``), a reporting verb or noun
whose complement holds the quote (dependency parse), one beside it in its sentence
(``"…," she said``, ``Smith said: "…"``), "according to X"; the speaker is the cue's
subject, widened to the named entity it is part of and cut before an appositive ("Smith,
the mayor, said" gives "Smith"), a pronoun resolved (``speaker_how="pronoun"``);
(2) **carried**: a quote with no cue takes the latest speaker before it in its paragraph,
or, when it opens its paragraph, the previous paragraph's; (3) otherwise unknown
(``speaker=None``, ``speaker_how="none"``): never a guess. Quotes of a social media post
get ``speaker_how="post"``.

Scare quotes and titles ("Hold My Hand", a show "on CBS's “Face the Nation”") are
dropped: a quote shorter than ``min_words`` words needs a cue, one in title case or
introduced as a name ("a show called “…”") a cue whose complement holds it. The rules
were tuned on PolNeAR train (``newsdesk eval quotes``); comments say what was measured.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Quote, SpeakerHow

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["CUE_NOUNS", "CUE_VERBS", "ROLE_NOUNS", "QuoteConfig", "find_quotes"]


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


# --------------------------------------------------------------------------- marks


@dataclass(frozen=True, slots=True)
class _Marked:
    """One quote piece: the words between its marks, and the marks' extent (``outer_end``
    is the paragraph's end when the piece ``runs_on`` into the next paragraph)."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    paragraph: int
    runs_on: bool
    continues: bool  # continues the previous paragraph's open quote


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Lines of ``text``: scraped text often breaks paragraphs with one newline."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _opens(text: str, i: int, lo: int, hi: int, is_open: bool) -> bool | None:
    """Whether the mark at ``i`` opens (True) or closes (False) a quote; None = skip.

    Neighbours decide first (a space before opens, a space or punctuation after closes),
    as scraped text misuses curly marks; then the mark's shape; then the state."""
    left = text[i - 1] if i > lo else " "
    right = text[i + 1] if i + 1 < hi else " "
    if left == "=":  # an HTML attribute value, not prose
        return None
    left_open = left in _LEFT_OPEN or left in _OPENERS
    right_close = right in _RIGHT_CLOSE or right in _CLOSERS
    if left_open != right_close:
        return left_open
    if text[i] in _OPENERS or text[i] in _CLOSERS:
        return text[i] in _OPENERS
    return not is_open


def _pair_marks(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Marked]:
    out: list[_Marked] = []
    continuing = False  # the previous non-blank paragraph ended inside a quote

    def piece(open_at: int, close_at: int, index: int, runs_on: bool, first: int) -> None:
        start, end = open_at + 1, close_at
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start and any(c.isalnum() for c in text[start:end]):
            outer_end = close_at if runs_on else close_at + 1
            cont = continuing and open_at == first
            out.append(_Marked(start, end, open_at, outer_end, index, runs_on, cont))

    for index, (lo, hi) in enumerate(paragraphs):
        line = text[lo:hi]
        if not line.strip():
            continue
        first = lo + len(line) - len(line.lstrip())
        open_at: int | None = None
        for i in range(lo, hi):
            if text[i] in _MARKS:
                direction = _opens(text, i, lo, hi, open_at is not None)
                if direction:
                    open_at = i  # a second opening mark: the first one was stray
                elif direction is False and open_at is not None:
                    piece(open_at, i, index, False, first)
                    open_at = None
        runs_on = open_at is not None and _next_paragraph_opens(text, paragraphs, index)
        if open_at is not None and runs_on:
            piece(open_at, hi, index, True, first)
        continuing = runs_on
    return out


def _next_paragraph_opens(text: str, paragraphs: Sequence[tuple[int, int]], index: int) -> bool:
    for lo, hi in paragraphs[index + 1 :]:
        line = text[lo:hi].strip()
        if line:
            return line[0] in _OPENERS or line[0] == '"'
    return False


# --------------------------------------------------------------------------- speakers


@dataclass(frozen=True, slots=True)
class _Who:
    """A speaker as found: the name as written (or None) and how it was found."""

    text: str | None
    start: int | None
    end: int | None
    how: SpeakerHow


_NOBODY = _Who(None, None, None, "none")


@dataclass(frozen=True, slots=True)
class _Cue:
    """What attributes one quote: the cue token, its lemma, the speaker, and the rule
    that found it ("label", "dash", "path", "after", "before", "governing")."""

    token: int
    lemma: str | None  # None for a label, a credit or a name and a colon: no verb
    who: _Who
    kind: str


@dataclass(frozen=True, slots=True)
class _Mention:
    """A name a pronoun may refer to, at ``at`` (for a pronoun already resolved: the
    pronoun's place, with its referent's start/end and text)."""

    start: int
    end: int
    text: str
    person: bool
    paragraph: int
    subject: bool
    main: bool  # subject of its sentence's main verb
    at: int


class _Article:
    """One parsed article with the lookups the rules share, and the speakers found so
    far (``who``, ``lemma``, the last kept quote of each paragraph) for carrying."""

    def __init__(self, doc: Doc, marked: Sequence[_Marked], config: QuoteConfig) -> None:
        self.doc, self.text, self.config, self.marked = doc, doc.text, config, marked
        self.paragraphs = _paragraphs(self.text)
        self.para_starts = [lo for lo, _ in self.paragraphs]
        # Ordinal of each non-blank paragraph, so that a window counts real paragraphs.
        self.para_rank: list[int] = []
        for lo, hi in self.paragraphs:
            previous = self.para_rank[-1] if self.para_rank else 0
            self.para_rank.append(previous + (1 if self.text[lo:hi].strip() else 0))
        # A pronoun in the body does not refer back through a (sub)heading.
        self.heading = [_is_heading(self.text[lo:hi]) for lo, hi in self.paragraphs]
        self.token_starts = [t.idx for t in doc]
        self.quoted = [False] * len(doc)
        for m in marked:
            i = bisect.bisect_left(self.token_starts, m.outer_start)
            while i < len(doc) and self.token_starts[i] < m.outer_end:
                self.quoted[i] = True
                i += 1
        self.ents = list(doc.ents)
        self.token_ent: dict[int, Span] = {
            i: e for e in self.ents if e.label_ in _NAME_LABELS for i in range(e.start, e.end)
        }
        self.mentions = self._mentions()
        self.resolved: list[_Mention] = []
        self.who: list[_Who] = [_NOBODY] * len(marked)
        self.lemma: list[str | None] = [None] * len(marked)
        self.last_in_paragraph: dict[int, int] = {}

    def paragraph_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, char) - 1)

    def token_at(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect.bisect_left(self.token_starts, char)

    def is_break(self, tok: Token) -> bool:
        return "\n" in tok.text

    def who_of(self, ent: Span) -> _Who:
        start, end = _name_span(ent, self.text)
        return _Who(self.text[start:end], start, end, "subject") if end > start else _NOBODY

    def _mentions(self) -> list[_Mention]:
        out: list[_Mention] = []
        seen: set[int] = set()
        people = {_name_key(e.text) for e in self.ents if e.label_ == "PERSON"}
        for ent in self.ents:
            start, end = _name_span(ent, self.text)
            if ent.label_ not in _NAME_LABELS or self.quoted[ent.start] or end <= start:
                continue
            seen.update(range(ent.start, ent.end))
            verb = self._subject_role(ent.root)
            # The small model labels a surname alone ORG at times ("Devine said"): a
            # proper-noun subject that is a PERSON elsewhere in the article counts.
            root = ent.root
            person = ent.label_ == "PERSON" or (
                ent.label_ != "NORP"
                and root.pos_ == "PROPN"
                and root.dep_ in _SUBJECT_DEPS
                and len(ent) <= 3
                and _name_key(ent.text) in people
            )
            main = verb is not None and (
                verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
            )
            out.append(self._mention(start, end, person, verb is not None, main))
        for tok in self.doc:  # speakers the model did not label at all ("Hannity pressed")
            if tok.pos_ != "PROPN" or tok.i in seen or self.quoted[tok.i]:
                continue
            if tok.dep_ in _SUBJECT_DEPS and self.is_cue(tok.head):
                lo = min([c.i for c in tok.lefts if c.dep_ == "compound"] + [tok.i])
                end = tok.idx + len(tok.text)
                main = tok.head.dep_ == "ROOT"
                out.append(self._mention(self.doc[lo].idx, end, True, True, main))
        return sorted(out, key=lambda m: m.at)

    def _mention(self, start: int, end: int, person: bool, subject: bool, main: bool) -> _Mention:
        paragraph = self.paragraph_of(start)
        return _Mention(start, end, self.text[start:end], person, paragraph, subject, main, start)

    def _subject_role(self, root: Token) -> Token | None:
        """The verb ``root`` is the subject of, directly or as an appositive or compound
        of the subject ("according to X" counts). Not as a conjunct ("Gaga and Cruise
        were seen"): the first one leads."""
        tok = root
        for _ in range(3):
            if tok.dep_ in _SUBJECT_DEPS:
                return tok.head
            if tok.dep_ == "pobj" and tok.head.lower_ == "to":
                return tok.head.head if tok.head.head.lower_ == "according" else None
            if tok.dep_ not in {"appos", "compound"} or tok.head.i == tok.i:
                return None
            tok = tok.head
        return None

    def is_cue(self, tok: Token) -> bool:
        if tok.lower_ == "according":
            return tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to"
        if tok.pos_ in {"VERB", "AUX"}:
            return tok.lemma_.lower() in self.config.cue_verbs
        return tok.pos_ == "NOUN" and tok.lemma_.lower() in self.config.cue_nouns

    def cue_lemma(self, tok: Token) -> str:
        return "according to" if tok.lower_ == "according" else tok.lemma_.lower()

    def subject_of_cue(self, cue: Token) -> Token | None:
        """The token naming who speaks: a verb's subject (climbing from a participle or
        conjunct to the verb that has one), a noun's possessor or "from"/"by" object,
        "according to"'s object."""
        if cue.lower_ == "according":
            to = next((c for c in cue.children if c.lower_ == "to"), None)
            if to is None and cue.i + 1 < len(self.doc):
                to = self.doc[cue.i + 1]
            return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if cue.pos_ == "NOUN":
            owner = next((c for c in cue.children if c.dep_ == "poss"), None)
            by = [c for c in cue.children if c.dep_ == "prep" and c.lower_ in {"from", "by"}]
            if owner is None and by:
                owner = next((c for c in by[0].children if c.dep_ == "pobj"), None)
            return owner
        verb, here = cue, self.paragraph_of(cue.idx)
        subject: Token | None = None
        for _ in range(5):
            # The parser can hang a subject from another paragraph on the verb.
            subjects = [
                c
                for c in verb.children
                if (c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and cue.lemma_ == "quote"))
                and not self.quoted[c.i]
                and self.paragraph_of(c.idx) == here
            ]
            subject = min(subjects, key=lambda c: abs(c.i - verb.i)) if subjects else None
            # "shared photos of them hanging out and wrote": a finite verb shares the
            # subject of a finite verb, not that of the participle it follows.
            participle = verb.tag_ not in _FINITE and verb.dep_ in {"advcl", "acl"}
            if subject is not None and verb.i != cue.i and cue.tag_ in _FINITE and participle:
                subject = None
            if subject is not None or verb.head.i == verb.i:
                break
            if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
                return verb.head  # "a voice over saying: …", "a user tweeting …"
            if verb.dep_ not in _CLIMB_DEPS or self.paragraph_of(verb.head.idx) != here:
                break
            verb = verb.head
        if subject is not None and subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
            subject = verb.head
        if subject is not None and subject.lemma_.lower() in _MEDIUM_NOUNS:
            # "Trump released an ad calling it …": who issued it speaks.
            owner = next((c for c in subject.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
            if subject.dep_ == "dobj" and subject.head.pos_ == "VERB":
                issuer = next((c for c in subject.head.children if c.dep_ == "nsubj"), None)
                return issuer if issuer is not None else subject
        return subject

    def speaker_of_cue(self, cue: Token, *, inverted: bool = False) -> _Who:
        """The speaker a cue names. ``inverted``: the quote stands before the cue, so
        the noun phrase right after it may be its subject ("…," said Ben Carson)."""
        subject = self.subject_of_cue(cue)
        if subject is None and cue.pos_ == "VERB" and inverted:
            subject = self._inverted_subject(cue)
        if subject is None and cue.pos_ == "VERB":
            subject = self._left_subject(cue)
        if subject is None or self.quoted[subject.i]:
            return _NOBODY
        if self.paragraph_of(subject.idx) != self.paragraph_of(cue.idx):
            return _NOBODY
        who = self.name_of(subject)
        if cue.lower_ == "according" and who.how == "subject":
            return _Who(who.text, who.start, who.end, "according_to")
        return who

    def _left_subject(self, verb: Token) -> Token | None:
        """``Sen. Durbin (D-Ill.), noting …, said``: a parse that lost the subject; the
        name opening the sentence, when it is no object or possessor."""
        for tok in self.doc[verb.sent.start : verb.i]:
            if tok.is_punct or tok.is_space or tok.lower_ in {"but", "and", "so", "yet"}:
                continue
            ent = self.token_ent.get(tok.i)
            if ent is None or ent.label_ not in {"PERSON", "ORG"} or self.quoted[tok.i]:
                return None
            return None if ent.root.dep_ in {"pobj", "poss", "dobj"} else ent.root
        return None

    def _inverted_subject(self, verb: Token) -> Token | None:
        """The last noun of the noun phrase right after the verb."""
        head: Token | None = None
        for tok in self.doc[verb.i + 1 : verb.i + 8]:
            if self.quoted[tok.i] or tok.is_punct or self.is_break(tok):
                break
            if tok.ent_type_ and tok.ent_type_ not in _NAME_LABELS:
                break
            if tok.pos_ in {"PROPN", "NOUN"}:
                head = tok
            elif tok.pos_ not in {"DET", "ADJ", "VERB", "NUM", "PART"} or head is not None:
                break
        return head

    def name_of(self, head: Token) -> _Who:
        """The name a subject token stands for, as written; pronouns resolved."""
        lower = head.lower_
        if lower in _PRONOUNS_PERSON or lower in _PRONOUNS_OTHER:
            return self.resolve(head.idx, person=lower in _PRONOUNS_PERSON)
        if head.pos_ == "PRON":
            return _NOBODY  # I, we, you outside a quote: the writer, or unknown
        ent = self.token_ent.get(head.i)
        if ent is not None and ent.label_ == "NORP":
            ent = None  # "one Republican involved in the planning": the phrase says more
        if ent is None or ent.label_ != "PERSON":
            # "Pentagon spokesman Navy Capt. Jeff Davis": the person among the compounds.
            for c in head.lefts:
                e = self.token_ent.get(c.i)
                if c.dep_ == "compound" and e is not None and e.label_ == "PERSON":
                    ent = e
                    break
        for c in head.children if ent is None else ():
            if c.dep_ == "appos" and c.i in self.token_ent:  # "the mayor, Jane Smith, said"
                ent = self.token_ent[c.i]
                break
        if ent is not None:
            return self.who_of(ent)
        bare = [c.lower_ for c in head.lefts] == ["the"]
        if self.config.resolve_descriptions and head.lemma_.lower() in ROLE_NOUNS and bare:
            return self.most_named(head.idx)
        lo, hi = self.noun_phrase(head)
        return _Who(self.text[lo:hi], lo, hi, "subject") if hi > lo else _NOBODY

    def noun_phrase(self, head: Token) -> tuple[int, int]:
        """Characters of a subject noun phrase: the head with its modifiers, without
        appositives, clauses or anything after a comma, never across a quote."""
        allowed = {head.i}
        for child in head.lefts:
            allowed.update(t.i for t in child.subtree)
        for child in head.rights:
            if child.dep_ in _NP_CUT:
                break
            allowed.update(t.i for t in child.subtree)

        def ok(i: int) -> bool:
            tok = self.doc[i]
            return i in allowed and not (self.quoted[i] or self.is_break(tok) or tok.text == ",")

        lo = hi = head.i
        while lo - 1 >= 0 and ok(lo - 1):
            lo -= 1
        while hi + 1 < len(self.doc) and ok(hi + 1):
            hi += 1
        while lo < hi and self.doc[lo].is_punct:
            lo += 1
        while hi > lo and self.doc[hi].is_punct:
            hi -= 1
        return self.doc[lo].idx, self.doc[hi].idx + len(self.doc[hi].text)

    def resolve(self, char: int, *, person: bool) -> _Who:
        """The mention a pronoun at ``char`` refers to.

        Within its paragraph and the ``pronoun_paragraphs`` before it, headings aside:
        the latest name that is the subject of its sentence's main verb, else of any
        verb, else (he/she) the latest person named. Resolved pronouns count as
        mentions of their referent, so "he" can follow "he" across paragraphs. (On
        PolNeAR train this beat preferring subjects of reporting verbs or the pronoun's
        own paragraph; gender cues from titles and earlier pronouns hurt, as "Clinton"
        names two people of either gender.)"""
        here = self.para_rank[self.paragraph_of(char)]
        first = here - self.config.pronoun_paragraphs
        candidates = [
            m
            for m in [*self.mentions, *self.resolved]
            if m.at < char
            and self.para_rank[m.paragraph] >= first
            and (m.person or not person)
            and not self.heading[m.paragraph]
        ]
        candidates.sort(key=lambda m: m.at, reverse=True)
        for m in [m for m in candidates if m.main] + [m for m in candidates if m.subject]:
            return self._resolved(m, char)
        return self._resolved(candidates[0], char) if candidates and person else _NOBODY

    def most_named(self, char: int) -> _Who:
        """The person a bare role ("the singer wrote") stands for: the one named most
        often so far, as a role names the story's lead, not whoever came last; unknown
        on a tie."""
        counts: dict[str, int] = {}
        latest: dict[str, _Mention] = {}
        for m in self.mentions:
            if m.at < char and m.person:
                key = _name_key(m.text)
                counts[key] = counts.get(key, 0) + 1
                latest[key] = m
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
            return _NOBODY
        return self._resolved(latest[max(counts, key=lambda k: counts[k])], char)

    def _resolved(self, m: _Mention, char: int) -> _Who:
        here = self.paragraph_of(char)
        self.resolved.append(_Mention(m.start, m.end, m.text, m.person, here, True, True, char))
        return _Who(m.text, m.start, m.end, "pronoun")


def _name_key(name: str) -> str:
    """A name's last word, lowercased, without a possessive: "Tom Cruise’s" -> cruise."""
    words = _WORD_RE.findall(name)
    return re.sub(r"['’]s$", "", words[-1]).lower() if words else name.lower()


def _is_heading(line: str) -> bool:
    """A short line that does not end as a sentence does."""
    end = line.rstrip().rstrip("\"”’')]")
    return 0 < len(line.split()) <= 20 and not end.endswith((".", "!", "?", ":", ",", "…"))


def _name_span(ent: Span, text: str) -> tuple[int, int]:
    """Characters of a name without a leading article or a trailing possessive."""
    tokens = [t for t in ent if not t.is_punct or t.text in {".", "-"}]
    while tokens and (tokens[-1].lower_ in {"'s", "’s", "'", "’"} or tokens[-1].is_punct):
        tokens.pop()
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens.pop(0)
    if not tokens:
        return ent.start_char, ent.start_char
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    if re.search(r"['’]s$", text[start:end]) and end - start > 2:
        end -= 2  # "Cruise’s" as one token
    return start, end


# --------------------------------------------------------------------------- cues


def _quote_roots(art: _Article, m: _Marked) -> list[Token]:
    """Tokens of the quote whose head lies outside it: where it hangs in the parse."""
    roots = [
        t
        for t in art.doc[art.token_at(m.start) : art.token_at(m.end)]
        if not t.is_punct
        and not t.is_space
        and (t.head.i == t.i or not m.start <= t.head.idx < m.end)
    ]
    return roots[:4]


def _path_cue(art: _Article, m: _Marked) -> _Cue | None:
    """The nearest cue up the tree from the quote, when the quote sits in its
    complement. The parser links sentences across paragraphs: a cue in another
    paragraph is none."""
    lo, hi = art.paragraphs[m.paragraph]
    for root in _quote_roots(art, m):
        child, node = root, root.head
        for _ in range(12):
            if node.i == child.i or not lo <= node.idx < hi:
                break
            if not art.quoted[node.i] and art.is_cue(node):
                edge, via = child.dep_, child.lower_
                if (
                    edge in _COMPLEMENT_DEPS
                    or (edge == "prep" and via == "as")  # "described it as “…”"
                    or (edge == "prep" and node.pos_ == "NOUN" and via in {"for", "of"})
                ):
                    who = art.speaker_of_cue(node, inverted=node.idx >= m.outer_end)
                    if node.lemma_.lower() in _BELIEF_VERBS:
                        outer = _outer_cue(art, node, lo, hi)
                        if outer is not None and outer.who.how != "none":
                            return outer
                    return _Cue(node.i, art.cue_lemma(node), who, "path")
                if node.lower_ == "according":
                    return _Cue(node.i, "according to", art.speaker_of_cue(node), "path")
                break
            child, node = node, node.head
    return None


def _outer_cue(art: _Article, cue: Token, lo: int, hi: int) -> _Cue | None:
    """A speech cue whose complement holds a belief cue's clause: in "Manafort told
    friends that the candidate thought …" Manafort is the one quoted."""
    child, node = cue, cue.head
    for _ in range(8):
        if node.i == child.i or not lo <= node.idx < hi:
            return None
        if not art.quoted[node.i] and art.is_cue(node) and node.lemma_.lower() not in _BELIEF_VERBS:
            if child.dep_ in {"ccomp", "xcomp", "dobj", "parataxis", "advcl", "conj"}:
                return _Cue(node.i, art.cue_lemma(node), art.speaker_of_cue(node), "path")
            return None
        child, node = node, node.head
    return None


def _window_cue(art: _Article, m: _Marked, *, after: bool) -> tuple[_Cue, int] | None:
    """The cue nearest the quote on one side within its sentence and paragraph, and
    how many words stand between (0: ``"…," she said``).

    After the quote, a clause that opens with a named or pronoun subject and ends
    its sentence ("…," Hannity pressed.) counts whatever its verb. Before the quote,
    the cue must govern the quote or introduce it (``Smith said Monday: "…"``)."""
    doc = art.doc
    i = art.token_at(m.outer_end) if after else art.token_at(m.outer_start) - 1
    words = 0
    for _ in range(art.config.after_window if after else art.config.before_window):
        if not 0 <= i < len(doc) or art.quoted[i] or art.is_break(doc[i]):
            return None
        tok = doc[i]
        if not after and tok.text in _SENTENCE_END:
            return None
        verb: Token | None = tok if art.is_cue(tok) and tok.pos_ != "NOUN" else None
        if verb is None and after and words == 0 and tok.dep_ == "nsubj":
            head = tok.head
            if tok.pos_ in {"PROPN", "PRON"} and head.pos_ == "VERB" and head.i > tok.i:
                verb = head if not art.quoted[head.i] and _clause_ends(art, head) else None
        if verb is not None:
            if not after and not _governs(art, verb, m) and not _introduces(art, verb, m):
                return None
            who = art.speaker_of_cue(verb, inverted=after)
            if after and who.how == "none":
                who = _fronted_subject(art, m, verb)
            subject = art.subject_of_cue(verb)
            if after and subject is not None and subject.i < verb.i:
                # "…," Smith, the mayor, said: the attribution starts at the subject.
                span = doc[art.token_at(m.outer_end) : subject.left_edge.i]
                words = sum(1 for t in span if not t.is_punct)
            return _Cue(verb.i, art.cue_lemma(verb), who, "after" if after else "before"), words
        if after and tok.text in _SENTENCE_END:
            return None
        words += 0 if tok.is_punct else 1
        i += 1 if after else -1
    return None


def _governs(art: _Article, cue: Token, m: _Marked) -> bool:
    return any(any(a.i == cue.i for a in root.ancestors) for root in _quote_roots(art, m))


def _introduces(art: _Article, cue: Token, m: _Marked) -> bool:
    """Few words between the cue and a colon or comma right before the quote."""
    before = art.doc[cue.i + 1 : art.token_at(m.outer_start)]
    return (
        len(before) > 0
        and before[-1].text in {":", ","}
        and sum(1 for t in before if not t.is_punct) <= 6
    )


def _clause_ends(art: _Article, verb: Token) -> bool:
    """The verb's clause ends its sentence within a few tokens ("Trump quipped.")."""
    for tok in art.doc[verb.i + 1 : verb.i + 8]:
        if tok.text in _SENTENCE_END or art.is_break(tok) or art.quoted[tok.i]:
            return True
        if tok.pos_ in {"VERB", "AUX"}:
            return False
    return False


def _fronted_subject(art: _Article, m: _Marked, verb: Token) -> _Who:
    """``"…," Gene Sperling, a top adviser, said`` when the parser did not link the
    name to the verb: a name or pronoun standing first between them."""
    first = art.token_at(m.outer_end)
    while first < verb.i and art.doc[first].is_punct:
        first += 1
    if first >= verb.i:
        return _NOBODY
    ent = art.token_ent.get(first)
    if ent is not None and ent.start == first and ent.label_ in {"PERSON", "ORG"}:
        return art.who_of(ent)
    tok = art.doc[first]
    return art.name_of(tok) if tok.pos_ == "PRON" else _NOBODY


def _colon_cue(art: _Article, m: _Marked) -> _Cue | None:
    """A colon right before the quote: ``Clinton: "…"`` (a name is all that precedes
    it) or ``Sanders delivered a snappy retort: "…"`` (the sentence's subject)."""
    i = art.token_at(m.outer_start) - 1
    if i < 0 or art.doc[i].text != ":" or art.quoted[i]:
        return None
    j = i - 1
    if j >= 0 and art.doc[j].text == ")":  # "Rep. Trey Gowdy (R-S.C.): "
        while j >= 0 and art.doc[j].text != "(" and i - j < 12:
            j -= 1
        j -= 1
    ent = art.token_ent.get(j) if j >= 0 and not art.quoted[j] else None
    if ent is not None and ent.label_ in {"PERSON", "ORG"}:
        before = art.doc[ent.start - 1] if ent.start > 0 else None
        if before is None or art.is_break(before) or before.is_punct:
            who = art.who_of(ent)
            return _Cue(j, None, who, "before") if who.how != "none" else None
    verb = art.doc[i].sent.root
    if verb.pos_ not in {"VERB", "AUX"} or art.quoted[verb.i] or verb.i > i:
        return None
    who = art.speaker_of_cue(verb)
    return _Cue(verb.i, art.cue_lemma(verb), who, "before") if who.how != "none" else None


def _governing_cue(art: _Article, m: _Marked) -> _Cue | None:
    """The quote is the object or complement of a verb that does not report speech
    ("Nordhaus welcomed “…”"), and the verb's subject is a name."""
    lo, hi = art.paragraphs[m.paragraph]
    for root in _quote_roots(art, m)[:1]:
        child, node = root, root.head
        for _ in range(4):
            if node.i == child.i or not lo <= node.idx < hi or art.quoted[node.i]:
                break
            if node.pos_ == "VERB":
                if child.dep_ not in {"dobj", "ccomp", "xcomp", "oprd", "attr"}:
                    return None
                who = art.speaker_of_cue(node)
                named = who.start is not None and art.token_at(who.start) in art.token_ent
                if who.how in {"subject", "pronoun"} and named:
                    return _Cue(node.i, node.lemma_.lower(), who, "governing")
                return None
            child, node = node, node.head
    return None


def _label_cue(art: _Article, m: _Marked) -> _Cue | None:
    """A transcript line quoted whole, ``"PENCE: Well, …"``: the label speaks."""
    label = _LABEL_RE.match(art.text, m.start, m.end)
    if label is None:
        return None
    name, i = label[1], art.token_at(m.start)
    if name.upper() in {"NOTE", "UPDATE", "BREAKING", "WARNING", "PS", "P.S"}:
        return None
    if not (name.isupper() and len(name) > 1) and i not in art.token_ent:
        return None
    return _Cue(i, None, _Who(name, m.start, m.start + len(name), "subject"), "label")


def _dash_cue(art: _Article, m: _Marked) -> _Cue | None:
    """``"…" ― Pamela Padilla``: a name after a dash, right after the quote or opening
    a short next line (lists of readers' quotes, epigraphs)."""
    text, pos = art.text, m.outer_end
    _lo, hi = art.paragraphs[m.paragraph]
    if not text[pos:hi].strip() and m.paragraph + 1 < len(art.paragraphs):
        nlo, nhi = art.paragraphs[m.paragraph + 1]
        if nhi - nlo < 120:
            pos = nlo
    while pos < len(text) and text[pos] in " \u00a0":
        pos += 1
    if pos >= len(text) or text[pos] not in _DASHES:
        return None
    pos += 1
    while pos < len(text) and text[pos] in " \u00a0":
        pos += 1
    i = art.token_at(pos)
    ent = art.token_ent.get(i)
    if ent is None or ent.label_ not in {"PERSON", "ORG"}:
        return None
    who = art.who_of(ent)
    return _Cue(i, None, who, "dash") if who.how != "none" else None


def _own_cue(art: _Article, m: _Marked) -> _Cue | None:
    for special in (_label_cue(art, m), _dash_cue(art, m)):
        if special is not None:
            return special
    path = _path_cue(art, m)
    if path is not None and path.who.how != "none":
        return path
    # A cue right after the closing mark ("…," she said) is the surest sign; then
    # one before the quote in its sentence; then one further after.
    after = _window_cue(art, m, after=True)
    if after is not None and after[1] <= 1:
        return after[0]
    before = _window_cue(art, m, after=False)
    if before is not None:
        return before[0]
    if after is not None:
        return after[0]
    colon = _colon_cue(art, m)
    if colon is not None:
        return colon
    if path is None and art.config.governing_verbs:
        return _governing_cue(art, m)
    return path


# --------------------------------------------------------------------------- quotes


def _is_title(text: str) -> bool:
    """Title case ("Hold My Hand", "Face the Nation"): all words but small ones capitalised."""
    words = _WORD_RE.findall(text)
    return len(words) >= 2 and all(
        w[0].isupper() or w[0].isdigit() or (k > 0 and w.lower() in _SMALL_WORDS)
        for k, w in enumerate(words)
    )


def _introduced_as_name(art: _Article, m: _Marked) -> bool:
    """The word before the quote introduces a name or a title ("called", "show")."""
    i = art.token_at(m.outer_start) - 1
    if i >= 0 and art.doc[i].is_punct:
        i -= 1
    return i >= 0 and not art.doc[i].is_punct and art.doc[i].lower_ in _TITLE_INTRO


def _broken(art: _Article, a: _Marked, b: _Marked, cue_a: _Cue | None, cue_b: _Cue | None) -> bool:
    """``b`` goes on from ``a`` across an attribution that stands wholly between them, in
    one sentence: ``"…," she said, "…"``."""
    if a.paragraph != b.paragraph or a.runs_on:
        return False
    between = art.doc[art.token_at(a.outer_end) : art.token_at(b.outer_start)]
    if len(between) > art.config.max_break_tokens:
        return False
    if any(t.text in _SENTENCE_END or art.is_break(t) for t in between):
        return False
    inside = range(between.start, between.end)
    for cue in (cue_a, cue_b):
        if cue is None or cue.kind not in {"path", "after", "before"} or cue.token not in inside:
            continue
        subject = art.subject_of_cue(art.doc[cue.token])
        if subject is None or subject.i in inside:
            return True
    return False


def _post(art: _Article, cue: _Cue, m: _Marked) -> bool:
    """Whether the quote is the text of a social media post: "tweeted", or "wrote" or
    "shared" with a platform named in its sentence or a handle in the quote."""
    if cue.lemma in _POST_VERBS:
        return True
    if cue.lemma not in _POST_MAYBE:
        return False
    if cue.lemma in {"write", "share"} and re.search(r"(?<!\w)[@#]\w", art.text[m.start : m.end]):
        return True
    return any(t.lower_ in _PLATFORMS for t in art.doc[cue.token].sent if not art.quoted[t.i])


def find_quotes(doc: Doc, *, article_id: str, config: QuoteConfig) -> list[Quote]:
    """Direct quotations in one parsed article, with speaker and cue verb."""
    text = doc.text
    marked = _pair_marks(text, _paragraphs(text))
    if not marked:
        return []
    art = _Article(doc, marked, config)
    cues = [_own_cue(art, m) for m in marked]

    # Chains: a quote over several paragraphs, a quote broken by its attribution. A
    # chain's cue is its first part's that names someone, else its first.
    head = list(range(len(marked)))
    for i in range(1, len(marked)):
        a, b = marked[i - 1], marked[i]
        if (b.continues and a.runs_on) or _broken(art, a, b, cues[i - 1], cues[i]):
            head[i] = head[i - 1]
    size = {h: head.count(h) for h in set(head)}
    chain_cue: dict[int, _Cue] = {}
    for named in (True, False):
        for i, c in enumerate(cues):
            if c is not None and (c.who.how != "none" or not named):
                chain_cue.setdefault(head[i], c)

    keep: list[bool] = []
    for i, m in enumerate(marked):
        quote_text, own = text[m.start : m.end], cues[i]
        if _is_title(quote_text):
            keep.append(False)
        elif _introduced_as_name(art, m):
            keep.append(own is not None and own.kind == "path")
        else:
            long = len(_WORD_RE.findall(quote_text)) >= config.min_words
            keep.append(long or size[head[i]] > 1 or head[i] in chain_cue)

    # Speakers in text order, so that a carried speaker carries on.
    for i, m in enumerate(marked):
        own, cue = cues[i], chain_cue.get(head[i])
        if own is not None and own.kind == "label":
            cue = own  # each line of a transcript has its own speaker
        if cue is not None:
            art.lemma[i] = cue.lemma
            if cue.who.how != "none":
                w = cue.who
                art.who[i] = _Who(w.text, w.start, w.end, "post") if _post(art, cue, m) else w
        elif head[i] != i and art.who[head[i]].how != "none":
            art.who[i], art.lemma[i] = art.who[head[i]], art.lemma[head[i]]
        elif (carried := _carry(art, i)) is not None:
            art.who[i], art.lemma[i] = carried
            # A short quote carried over is kept when it is a whole utterance.
            quote_text = text[m.start : m.end]
            ends = quote_text.rstrip("”\"'’)").endswith((".", "!", "?", "…"))
            keep[i] = keep[i] or (ends and not _is_title(quote_text))
        if keep[i]:
            art.last_in_paragraph[art.para_rank[m.paragraph]] = i

    out: list[Quote] = []
    ids: dict[int, str] = {}
    for i, m in enumerate(marked):
        if not keep[i]:
            continue
        w = art.who[i]
        quote = Quote(
            article_id=article_id,
            start=m.start,
            end=m.end,
            text=text[m.start : m.end],
            speaker=w.text,
            speaker_start=w.start,
            speaker_end=w.end,
            speaker_how=w.how if w.text is not None else "none",
            cue=art.lemma[i],
            part_of=ids.get(head[i]) if head[i] != i else None,
        )
        ids.setdefault(head[i], quote.id)
        out.append(quote)
    return out


def _carry(art: _Article, i: int) -> tuple[_Who, str | None] | None:
    """The speaker of an unattributed quote, from what comes before it: the latest
    attributed quote or reporting verb earlier in its paragraph; for a quote that opens
    its paragraph, the previous paragraph's (or the subject of a sentence ending it with
    a colon: "He then listed the qualities a nominee needs:")."""
    m = art.marked[i]
    rank = art.para_rank[m.paragraph]
    lo, _hi = art.paragraphs[m.paragraph]
    found = _latest(art, art.last_in_paragraph.get(rank), lo, m.outer_start)
    if found is not None or art.text[lo : m.outer_start].strip():
        return found
    p = m.paragraph - 1
    while p >= 0 and not art.text[art.paragraphs[p][0] : art.paragraphs[p][1]].strip():
        p -= 1
    if p < 0:
        return None
    plo, phi = art.paragraphs[p]
    if art.text[plo:phi].rstrip().endswith(":"):
        verb = art.doc[art.token_at(art.text.rindex(":", plo, phi))].sent.root
        if verb.pos_ in {"VERB", "AUX"} and not art.quoted[verb.i]:
            speaker = art.speaker_of_cue(verb, inverted=True)
            if speaker.how != "none":
                return _carried(speaker), art.cue_lemma(verb)
    return _latest(art, art.last_in_paragraph.get(rank - 1), plo, phi)


def _latest(art: _Article, last: int | None, lo: int, hi: int) -> tuple[_Who, str | None] | None:
    """The latest speaker named in ``text[lo:hi]``: quote ``last``'s, or the subject of a
    reporting verb after that quote's sentence ("…," he said when asked: the quote's own
    attribution), whichever comes later."""
    after = -1
    if last is not None and art.who[last].how != "none" and art.marked[last].start < hi:
        i = art.token_at(art.marked[last].outer_end)
        after = art.doc[i].sent.end_char if i < len(art.doc) else art.marked[last].outer_end
    for tok in reversed(art.doc[art.token_at(lo) : art.token_at(hi)]):
        if tok.idx < after:
            break
        if art.quoted[tok.i] or tok.pos_ == "NOUN" or not art.is_cue(tok):
            continue
        if tok.lemma_.lower() not in _BELIEF_VERBS:
            speaker = art.speaker_of_cue(tok, inverted=True)
            if speaker.how != "none":
                return _carried(speaker), art.cue_lemma(tok)
    if after >= 0 and last is not None:
        return _carried(art.who[last]), art.lemma[last]
    return None


def _carried(w: _Who) -> _Who:
    return _Who(w.text, w.start, w.end, "carried")
