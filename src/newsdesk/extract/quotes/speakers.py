"""Who a cue names: the parsed article's shared lookups and the speaker records.

``_Article`` holds one parse with the indexes the rules share (tokens, quoted tokens,
named entities, paragraphs) and turns a cue into a speaker: the cue's subject, widened
to its name and cut before an appositive, a pronoun resolved to an earlier mention, a
bare role ("the singer") to the person named most. It also keeps the speakers found so
far, which carrying reads. Separate from ``cues``, which decides which cue attributes a
quote; pronoun resolution stays in the class, as it shares the article's mentions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import SpeakerHow
from .config import (
    _CLIMB_DEPS,
    _FINITE,
    _MEDIUM_NOUNS,
    _NAME_LABELS,
    _NP_CUT,
    _PRONOUNS_OTHER,
    _PRONOUNS_PERSON,
    _RELATIVE,
    _SUBJECT_DEPS,
    _WORD_RE,
    ROLE_NOUNS,
    QuoteConfig,
)
from .marks import _Marked, _paragraphs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


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
