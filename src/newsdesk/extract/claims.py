"""Checkable claims (dates, times, ages, money, counts, quantities, percentages,
places, credits, roles) as ``subject`` / ``predicate`` / ``value`` records.

The cross-source comparison groups a story's claims by (subject, predicate) and
compares values, so all three are normalised here (value conventions: ``values``).

1. spaCy's entities give the values; a regular expression adds money it missed.
2. The dependency parse gives the word a value hangs on (its *anchor*), through
   prepositions: the anchor gives the predicate, its subject (or the released
   thing, or the owner) the subject.
3. Subjects are resolved where it is safe: a relative pronoun to its antecedent;
   "the 59-year-old actor" to a name carrying that noun ("actor Tom Cruise") or the
   previous sentence's person subject; "the film" to the latest title; "the venue",
   "it", "he"/"she" to a recent sentence subject of a fitting NER type. Otherwise
   the phrase as written (``None`` for a pronoun). Names are kept as written, with
   titles ("Mayor") and possessives dropped: entity linking comes later.
4. Credits and roles are read off the parse, one claim per credited name.

Predicates (word lists in ``values``):

* date, time: the event lemma, synonyms folded: ``release`` (released, debuts,
  rolls out; opens, premieres, hits *in theaters*), ``premiere`` (anywhere else: a
  festival screening is not the release), ``birth``, ``death``, ``marriage``; a
  light verb gives its noun ("paid a visit" -> ``visit``); a year on a name -> ``date``.
* ``age``; ``role`` (a title before or beside a name: ``mayor``, ``chief executive``).
* ``produced_by``, ``directed_by``, ``written_by``, ``composed_by``,
  ``performed_by``, ``created_by``, ``edited_by``, ``designed_by``,
  ``narrated_by``; ``played_by`` (subject the character, value the actor). Credits
  are many-valued: compare them as sets.
* ``count:<noun>`` ("62 firefighters" -> ``count:firefighter``), with the outcome
  when the noun is its subject or object: ``count:people:die`` (killed, died),
  ``:injure``, ``:arrest``, ``:rescue``, ``:missing``. The subject is ``None`` (the
  story) unless the noun is possessed: outlets name different agents for one count.
* ``amount:<noun or verb>`` (money: "a $4.5m deal" -> ``amount:deal``, "it cost
  $4m" -> ``amount:cost``, "a severance payment of $4m" / "$4m in severance" ->
  ``amount:severance``), ``quantity:<noun or verb>``, ``percent:<thing>`` (what the
  share is of or modifies, else the verb's subject: "turnout was 64%" ->
  ``percent:turnout``). Differences ("£5m more than planned") are not claims.
* ``location:<event>`` for a city, region or country and ``venue:<event>`` for a
  building, where something happens (an event verb or noun with in/at/inside/
  near); containing places follow after ", " ("Meridian Hall, Port Calder").

Relative dates inside quoted speech are skipped unless configured: the speaker's
"last night" is relative to when they spoke, not to the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..model import Claim, ClaimKind
from . import parse as pz
from . import values as v

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ALL_KINDS: tuple[str, ...] = (
    "date", "time", "age", "money", "count", "quantity", "percent", "place", "credit", "role",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ClaimConfig:
    # What a bare "$" means; outlets outside the US may want "AUD", "CAD", ...
    dollar_currency: str = "USD"
    min_age: int = 1
    max_age: int = 120
    # How many sentences back a description ("the actor") or a pronoun may find
    # the name it stands for.
    subject_lookback: int = 2
    relative_dates_in_quotes: bool = False
    # A quoted stretch of at most this many words, mostly capitalised, is a title
    # ("Top Gun: Maverick"), not speech.
    max_title_words: int = 8
    kinds: tuple[str, ...] = ALL_KINDS


def find_claims(
    doc: Doc, *, article_id: str, published: date | None, config: ClaimConfig
) -> list[Claim]:
    """Claims stated in one parsed article; relative dates resolved against
    ``published`` when it is known."""
    return _Extractor(doc, article_id=article_id, published=published, config=config).run()


class _Extractor:
    """One article's extraction state: the parse, its quoted regions and entities."""

    def __init__(
        self, doc: Doc, *, article_id: str, published: date | None, config: ClaimConfig
    ) -> None:
        self.doc = doc
        self.article_id = article_id
        self.published = published
        self.config = config
        self.text = doc.text  # spaCy rebuilds Doc.text from the tokens on every access
        self.regions = pz.quoted_regions(self.text, max_title_words=config.max_title_words)
        self.entity_of: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.entity_of[i] = ent
        self.claims: dict[tuple[int, int, str], Claim] = {}

    def run(self) -> list[Claim]:
        handlers = {
            "DATE": self._date, "TIME": self._time, "MONEY": self._money,
            "PERCENT": self._percent, "CARDINAL": self._cardinal, "QUANTITY": self._quantity,
            "GPE": self._place, "LOC": self._place, "FAC": self._place, "ORG": self._place,
        }  # fmt: skip
        for ent in self.doc.ents:
            if (handler := handlers.get(ent.label_)) is not None:
                handler(ent)
        self._money_fallback()
        self._credits()
        self._roles()
        kinds = set(self.config.kinds)
        return sorted(
            (c for c in self.claims.values() if c.kind in kinds),
            key=lambda c: (c.start, c.end, c.predicate),
        )

    def _add(
        self, *, start: int, end: int, kind: ClaimKind, predicate: str, value: str,
        subject: str | None,
    ) -> None:  # fmt: skip
        key = (start, end, predicate)
        if key in self.claims or not value:
            return
        self.claims[key] = Claim(
            article_id=self.article_id, start=start, end=end, text=self.text[start:end],
            kind=kind, predicate=predicate, value=value, subject=subject,
        )  # fmt: skip

    # -- values ------------------------------------------------------------------

    def _date(self, ent: Span) -> None:
        if self._age(ent):
            return
        anchor = pz.anchor(ent)
        if anchor is None or (anchor.pos_ == "PROPN" and ent.root.dep_ in ("compound", "nmod")):
            return  # "The 1619 Project": the year is part of a name
        resolved = v.resolve_date(ent.text, published=self.published, tense=v.tense_of(anchor))
        if resolved is None:
            return
        speech = not self.config.relative_dates_in_quotes and self._in_speech(ent.start_char)
        if speech and v.is_relative(ent.text):
            return
        prefix = ""
        if ent.root.dep_ == "pobj" and ent.root.head.lower_ in v.DATE_QUALIFIERS:
            prefix = v.DATE_QUALIFIERS[ent.root.head.lower_]  # "before 2020" -> "<2020"
        predicate, subject = self._event(anchor)
        self._add(start=ent.start_char, end=ent.end_char, kind="date", predicate=predicate,
                  value=prefix + resolved.value, subject=subject)  # fmt: skip

    def _time(self, ent: Span) -> None:
        value = v.time_value(ent.text)
        if value is None:
            self._date(ent)  # "last night", "Monday morning": a day, not a clock time
            return
        if (anchor := pz.anchor(ent)) is None:
            return
        if ent.root.dep_ == "pobj" and ent.root.head.lower_ in v.DATE_QUALIFIERS:
            value = v.DATE_QUALIFIERS[ent.root.head.lower_] + value
        predicate, subject = self._event(anchor)
        self._add(start=ent.start_char, end=ent.end_char, kind="time", predicate=predicate,
                  value=value, subject=subject)  # fmt: skip

    def _age(self, ent: Span) -> bool:
        """An age: "59-year-old X", "X, 59,", "X (59)", "X is 59 years old", "aged 59".
        True when ``ent`` is an age (claimed or out of range), so it is nothing else."""
        text = ent.text.strip()
        if (match := pz.AGE_RE.fullmatch(text)) is None:
            return False
        root, owner = ent.root, None
        head = root.head
        if text != match.group(1):  # "59-year-old", "59 years old"
            anchor = pz.anchor(ent)
            if anchor is not None and anchor.pos_ in ("NOUN", "PROPN"):
                owner = anchor
            elif anchor is not None and anchor.lemma_ == "be":
                owner = pz.child(anchor, "nsubj")
            if owner is None and root.dep_ == "appos":
                owner = head
        elif root.dep_ == "appos" and (
            self._is_person(head)
            or (head.pos_ == "PROPN" and self._label(head) not in ("LOC", "FAC", "DATE"))
        ):
            owner = head  # the NER often misses or mislabels the name in "Edna Voss, 61,"
        elif head.lower_ == "aged" and head.head.pos_ in ("NOUN", "PROPN"):
            owner = head.head
        else:
            return False
        years = int(match.group(1))
        if self.config.min_age <= years <= self.config.max_age:
            subject = self._resolve(owner) if owner is not None else None
            self._add(start=ent.start_char, end=ent.end_char, kind="age", predicate="age",
                      value=str(years), subject=subject)  # fmt: skip
        return True

    def _money(self, ent: Span) -> None:
        if v.percent_value(ent.text) is not None:
            self._percent(ent)  # the NER calls "4.1 per cent" money
            return
        first = ent.start
        if first > 0 and re.fullmatch(r"(?:US|A|C|NZ|HK)?[$£€¥₹]", self.doc[first - 1].text):
            first -= 1  # the NER left the sign out: "£" + "290million"
        start, end = self._with_qualifier(first), ent.end_char
        if ent.end < len(self.doc) and not self.doc[ent.end - 1].whitespace_:
            after = self.doc[ent.end]
            if after.lower_.rstrip(".") in pz.SCALE_TOKENS:
                end = after.idx + len(after.text.rstrip("."))  # and the scale: "€120" + "m."
        value = v.money_value(self.text[start:end], dollar=self.config.dollar_currency)
        if value is not None:
            self._amount(ent, start=start, end=end, kind="money", family="amount", value=value)

    def _money_fallback(self) -> None:
        covered = [(c.start, c.end) for c in self.claims.values() if c.kind == "money"]
        for match in pz.MONEY_RE.finditer(self.text):
            if any(s < match.end() and match.start() < e for s, e in covered):
                continue
            span = self.doc.char_span(match.start(), match.end(), alignment_mode="expand")
            value = v.money_value(match.group(), dollar=self.config.dollar_currency)
            if span is not None and value is not None:
                self._amount(span, start=match.start(), end=match.end(), kind="money",
                             family="amount", value=value)  # fmt: skip

    def _quantity(self, ent: Span) -> None:
        start = self._with_qualifier(ent.start)
        value = v.quantity_value(self.text[start : ent.end_char])
        if value is not None:
            self._amount(ent, start=start, end=ent.end_char, kind="quantity",
                         family="quantity", value=value)  # fmt: skip

    def _amount(
        self, span: Span, *, start: int, end: int, kind: ClaimKind, family: str, value: str
    ) -> None:
        if (anchor := pz.anchor(span)) is None or pz.is_difference(span):
            return
        thing = (pz.child(anchor, "nsubj") or anchor) if anchor.lemma_ == "be" else anchor
        thing = pz.antecedent(thing)
        modifier = pz.child(thing, "compound")
        if v.lemma_of(thing) in v.GENERIC_AMOUNTS and modifier is not None:
            thing = modifier  # "a severance payment of $4.5m" is the severance
        elif (topic := pz.child(pz.prep(thing, "in") or pz.prep(thing, "as"), "pobj")) is not None:
            thing = topic  # "will receive $4.5m in severance"
        subject = self._owner(anchor)
        own = pz.child(anchor, "nsubj")
        if own is not None and span.start <= own.i <= span.end:
            # "94mm of rain fell": the value is the subject; it measures the rain.
            thing, subject = pz.child(pz.prep(own, "of"), "pobj") or anchor, None
        self._add(start=start, end=end, kind=kind, predicate=f"{family}:{v.lemma_of(thing)}",
                  value=value, subject=subject)  # fmt: skip

    def _percent(self, ent: Span) -> None:
        start = self._with_qualifier(ent.start)
        if (value := v.percent_value(self.text[start : ent.end_char])) is None:
            return
        thing, anchor = pz.child(pz.prep(ent.root, "of"), "pobj"), pz.anchor(ent)
        if thing is None and anchor is not None and anchor.pos_ == "NOUN":
            thing = anchor  # "a 20% stake"
        elif thing is None and anchor is not None and anchor.pos_ in ("VERB", "AUX"):
            thing = pz.child(anchor, "nsubj") or pz.child(anchor, "nsubjpass") or anchor
        if thing is None:
            return
        thing = pz.antecedent(thing)  # "revenue, which rose 6%"
        owner = pz.child(thing, "poss")
        self._add(start=start, end=ent.end_char, kind="percent",
                  predicate=f"percent:{v.lemma_of(thing)}", value=value,
                  subject=self._resolve(owner) if owner is not None else None)  # fmt: skip

    def _cardinal(self, ent: Span) -> None:
        if self._age(ent):
            return
        root = ent.root
        noun = root.head
        if root.dep_ != "nummod" or noun.pos_ != "NOUN" or noun.i in range(ent.start, ent.end):
            return  # "Mission: Impossible 7", "film number eight" are not counts
        counted = pz.hyphen_tail(noun)
        if v.lemma_of(counted) in v.NOT_COUNTED:
            return
        start = self._with_qualifier(ent.start)
        qualified = v.split_qualifier(self.text[start : ent.end_char])
        number = v.parse_number(qualified.rest)
        if number is None or number != int(number):
            return
        if (unit := v.unit_symbol(counted.text)) is not None:  # "94 millimetres"
            self._amount(
                self.doc[ent.start : counted.i + 1],
                start=start,
                end=counted.idx + len(counted.text),
                kind="quantity",
                family="quantity",
                value=f"{qualified.prefix}{int(number)} {unit}",
            )
            return  # fmt: skip
        role = noun
        while role.dep_ == "conj" and role.head is not role:
            role = role.head  # "an award and four Grammys": the list's place in the clause
        predicate, verb = f"count:{v.lemma_of(counted)}", role.head
        outcome = v.COUNT_VERBS.get(v.lemma_of(verb)) if verb.pos_ == "VERB" else None
        if outcome is not None and role.dep_ in ("nsubj", "nsubjpass", "dobj"):
            predicate += f":{outcome}"
        # A count is about the story, not about whoever the clause names: outlets
        # write "62 firefighters fought it" and "crews sent 62 firefighters".
        owner = pz.child(noun, "poss")
        self._add(start=start, end=ent.end_char, kind="count", predicate=predicate,
                  value=f"{qualified.prefix}{int(number)}",
                  subject=self._resolve(owner) if owner is not None else None)  # fmt: skip

    def _place(self, ent: Span) -> None:
        if ent.label_ == "ORG" and not v.VENUE_WORDS.search(ent.text):
            return
        root = ent.root
        if root.dep_ in ("compound", "nmod") and v.lemma_of(root.head) in v.EVENT_NOUNS:
            anchor: Token | None = root.head  # "her Las Vegas show"
        else:
            anchor = self._place_anchor(root)
        if anchor is None:
            return
        containers = [
            self._name(c) or c.text
            for prep in root.children if prep.dep_ == "prep" and prep.lower_ == "in"
            for c in prep.children if c.dep_ == "pobj" and self._label(c) in ("GPE", "LOC")
        ] + [
            self._name(c) or c.text
            for c in root.children if c.dep_ == "appos" and self._label(c) == "GPE"
        ]  # fmt: skip
        value = ", ".join([pz.clean_name(ent.text), *containers])
        predicate, subject = self._event(anchor)
        family = "venue" if ent.label_ in ("FAC", "ORG") else "location"
        self._add(start=ent.start_char, end=ent.end_char, kind="place",
                  predicate=f"{family}:{predicate}", value=value, subject=subject)  # fmt: skip

    def _place_anchor(self, root: Token) -> Token | None:
        """The event a place is the location of, climbing through the places it is
        in ("at the Park MGM in Las Vegas")."""
        token = root
        for _ in range(4):
            prep = token.head
            if token.dep_ != "pobj" or prep.pos_ != "ADP":
                return None
            head = prep.head
            if prep.lower_ not in pz.PLACE_PREPS and not (
                prep.lower_ == "to" and v.lemma_of(head) in ("visit", "trip")
            ):
                return None  # "flew to X" names a destination, not where it happened
            if self._label(head) in ("GPE", "LOC", "FAC", "ORG") or head.pos_ == "PROPN":
                token = head
                continue
            if (head.pos_ == "VERB" and head.lemma_ != "be") or (
                head.pos_ == "NOUN" and v.lemma_of(head) in v.EVENT_NOUNS
            ):
                return head
            return None
        return None

    # -- relations ---------------------------------------------------------------

    def _credits(self) -> None:
        for token in self.doc:
            if token.lower_ == "by" and token.dep_ in ("agent", "prep"):
                self._credit_by(token)
            elif token.pos_ == "VERB" and v.lemma_of(token) in ("play", "portray"):
                self._played_by(token)

    def _credit_by(self, by: Token) -> None:
        head, names = by.head, pz.conjuncts(pz.child(by, "pobj"))
        lemma = v.lemma_of(head)
        if head.pos_ == "VERB" and lemma in v.CREDIT_VERBS:  # "produced by A and B"
            triggers = [(head, v.CREDIT_VERBS[lemma])] + [
                (verb, v.CREDIT_VERBS[v.lemma_of(verb)])
                for verb in pz.verb_conjuncts(head) if v.lemma_of(verb) in v.CREDIT_VERBS
            ]  # fmt: skip
            work = self._credited_work(head)
        elif head.pos_ == "NOUN" and lemma in v.CREDIT_NOUNS:  # "additional production by C"
            triggers, work = [(head, v.CREDIT_NOUNS[lemma])], self._work_of_noun(head)
        elif head.pos_ == "VERB":  # "features production and score by D"
            triggers = [
                (n, v.CREDIT_NOUNS[v.lemma_of(n)])
                for n in pz.conjuncts(pz.child(head, "dobj")) if v.lemma_of(n) in v.CREDIT_NOUNS
            ]  # fmt: skip
            work = pz.child(head, "nsubj")
        else:
            return
        subject = self._resolve(work) if work is not None else None
        for trigger, predicate in triggers:
            for person in names:
                if not (person.pos_ == "PROPN" or self._label(person) in ("PERSON", "ORG")):
                    continue  # "created by accident"
                if (name := self._name(person)) is None:
                    continue
                ent = self.entity_of.get(person.i)
                end = ent.end_char if ent is not None else person.idx + len(person.text)
                self._add(start=min(trigger.idx, person.idx), end=end, kind="credit",
                          predicate=predicate, value=name, subject=subject)  # fmt: skip

    def _played_by(self, verb: Token) -> None:
        """ "X plays Mara Quill": the character is the subject, the actor the value
        (one actor per character, so outlets' claims compare)."""
        character = pz.child(verb, "dobj")
        if character is None or self._label(character) not in ("PERSON", None):
            return
        if character.pos_ != "PROPN" and self._label(character) != "PERSON":
            return
        actor, name = self._verb_subject(verb), self._name(character)
        if actor is not None and name is not None:
            ent = self.entity_of.get(character.i)
            end = ent.end_char if ent is not None else character.idx + len(character.text)
            self._add(start=verb.idx, end=end, kind="credit", predicate="played_by",
                      value=actor, subject=name)  # fmt: skip

    def _credited_work(self, verb: Token) -> Token | None:
        """What a passive credit verb is about: its subject, the noun it modifies
        ("a film directed by X"), the first conjunct's ("X, directed by A and
        produced by B"), else the title just before it in the paragraph."""
        first = verb
        while first.dep_ == "conj" and first.head.pos_ == "VERB":
            first = first.head
        for candidate in (verb, first):
            if (work := pz.child(candidate, "nsubjpass")) is not None:
                return work
            if candidate.dep_ == "acl":
                return candidate.head
        return self._title_before(verb, same_paragraph=True)

    def _work_of_noun(self, noun: Token) -> Token | None:
        """The work a credit noun belongs to: "X, with additional production by C"
        -> X; "the score of X" -> X."""
        if (of := pz.prep(noun, "of")) is not None:
            return pz.child(of, "pobj")
        token = noun
        for _ in range(3):
            if token.dep_ == "pobj":
                token = token.head.head
            elif token.dep_ in ("dobj", "conj"):
                token = token.head
            else:
                return None
            if token.pos_ in ("VERB", "AUX"):
                return pz.child(token, "nsubj") or self._credited_work(token)
        return None

    def _people(self) -> Iterator[Span]:
        """PERSON entities, and runs of proper nouns the NER left unlabelled."""
        yield from (e for e in self.doc.ents if e.label_ == "PERSON")
        for token in self.doc:
            if token.pos_ == "PROPN" and token.dep_ != "compound" and token.i not in self.entity_of:
                start = token.i
                while (
                    start > 0
                    and self.doc[start - 1].pos_ == "PROPN"
                    and (self.doc[start - 1].head.i == token.i)
                ):
                    start -= 1
                yield self.doc[start : token.i + 1]

    def _roles(self) -> None:
        for person in self._people():
            name = person.start  # "Mayor Jane Roe": the NER put the title in the name
            while name < person.end - 1 and self.doc[name].lower_ in pz.TITLE_WORDS:
                name += 1
            first = person.start  # "composer Jane Roe", "Prime Minister Jane Roe"
            while (
                first > 0
                and self.doc[first - 1].lower_ in pz.TITLE_WORDS
                and (self.doc[first - 1].dep_ in ("compound", "amod", "nmod"))
            ):
                first -= 1
            titles = list(self.doc[first:name])
            if not titles or titles[-1].lower_ not in v.TITLES:  # "Jane Roe, the mayor"
                appos = [c for c in person.root.children
                         if c.dep_ == "appos" and c.lower_ in v.TITLES]  # fmt: skip
                if not appos:
                    continue
                titles = [c for c in appos[0].lefts if c.dep_ in ("amod", "compound")
                          and c.lower_ in v.TITLE_MODIFIERS] + appos[:1]  # fmt: skip
            start = min(titles[0].idx, self.doc[name].idx)
            end = max(titles[-1].idx + len(titles[-1].text), person.end_char)
            self._add(start=start, end=end, kind="role", predicate="role",
                      value=v.title_value([t.text for t in titles]),
                      subject=pz.clean_name(self.doc[name : person.end].text))  # fmt: skip

    # -- subjects and predicates -------------------------------------------------

    def _event(self, anchor: Token) -> tuple[str, str | None]:
        """(predicate, subject) of the event a value hangs on."""
        predicate = v.event_predicate(anchor)
        if anchor.pos_ == "PROPN" or (anchor.pos_ == "NOUN" and self._name(anchor)):
            return predicate, self._resolve(anchor)
        if anchor.pos_ == "NOUN":
            return predicate, self._owner(anchor)
        if predicate == "release":  # "Lanternfish will release X on July 12": about X
            released = pz.child(anchor, "dobj")
            if released is not None and v.lemma_of(released) not in v.SCREENS:
                return predicate, self._resolve(released)
        return predicate, self._verb_subject(anchor)

    def _owner(self, anchor: Token) -> str | None:
        """Whose a noun or verb is: "X's bill", "the X premiere", the verb's subject."""
        if anchor.pos_ in ("VERB", "AUX"):
            return self._verb_subject(anchor)
        if (owner := pz.child(anchor, "poss")) is not None:
            return self._resolve(owner)
        for child in anchor.children:
            if (
                child.dep_ == "compound"
                and child.pos_ == "PROPN"
                and (child.ent_type_ not in pz.VALUE_LABELS)
            ):
                return self._name(child)
        token = anchor
        for _ in range(3):
            if token.dep_ in ("dobj", "attr", "npadvmod"):
                return self._verb_subject(token.head)
            if token.dep_ != "pobj":
                return None
            token = token.head.head
            if token.pos_ in ("VERB", "AUX"):
                return self._verb_subject(token)
        return None

    def _verb_subject(self, verb: Token) -> str | None:
        token = verb
        for _ in range(4):
            if (subject := pz.child(token, "nsubjpass") or pz.child(token, "nsubj")) is not None:
                return self._resolve(subject)
            if token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN"):
                return self._resolve(token.head)
            if token.dep_ not in ("xcomp", "advcl", "conj", "ccomp", "pcomp"):
                return None
            if token.head is token or pz.crosses_paragraph(token, token.head):
                return None
            token = token.head  # "is set to roll out": the subject of "is set"
        return None

    def _resolve(self, token: Token) -> str | None:
        """The named entity or work a subject word stands for, else its phrase."""
        token = pz.antecedent(token)
        if token.pos_ == "NUM" or token.ent_type_ in pz.VALUE_LABELS:
            return None  # a misparse made "60" or "Tuesday" the subject
        if token.pos_ == "PRON":
            if token.lower_ in ("he", "she", "him", "her"):
                return self._previous_subject(token, labels=pz.PERSON)
            if token.lower_ == "it":
                return self._previous_subject(token, labels=v.IT_LABELS)
            return None
        if (name := self._name(token)) is not None:
            return name
        for child in token.children:
            if child.dep_ == "appos" and (appos := self._name(child)) is not None:
                return appos  # "the upcoming film 'Top Gun: Maverick'"
        named = self._name(token.head) if token.dep_ in ("compound", "nmod") else None
        if named is not None and token.head.pos_ == "PROPN":
            return named  # "the singer Corin Vale"
        names = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names and token.pos_ == "NOUN" and names[-1].i == token.i - 1:
            return pz.trim(self.doc[names[0].i : token.i + 1].text)  # "the Riverside arena"
        lemma = v.lemma_of(token)
        if lemma in v.PERSON_NOUNS:
            return self._described_person(token) or pz.phrase(token)
        if lemma in v.WORK_NOUNS and (title := self._title_before(token)) is not None:
            return self._name(title) or pz.phrase(token)  # "the film": the latest title
        if (labels := v.DESCRIBED_LABELS.get(lemma)) is not None:  # "the venue"
            return self._previous_subject(token, labels=labels) or pz.phrase(token)
        return pz.phrase(token)

    def _described_person(self, noun: Token) -> str | None:
        """The person "the actor" describes: a name carrying the same noun earlier
        ("actor Tom Cruise", "Tom Cruise, the actor"), else the previous sentence's
        subject when that is a person."""
        lemma = v.lemma_of(noun)
        # A name with the same description is strong evidence however far back it is.
        for index in range(noun.i - 1, -1, -1):
            name = self.doc[index]
            if (
                name.pos_ != "PROPN"
                or name.dep_ == "compound"
                or self._label(name) not in ("PERSON", None)
            ):
                continue
            described = (c for c in name.children if c.dep_ in ("compound", "appos"))
            if any(v.lemma_of(c) == lemma for c in described) or (
                name.dep_ == "appos" and v.lemma_of(name.head) == lemma
            ):
                return self._name(name)
        return self._previous_subject(noun, labels=pz.PERSON)

    def _previous_subject(self, token: Token, *, labels: frozenset[str | None]) -> str | None:
        """The nearest earlier sentence subject that is a name of one of ``labels``."""
        sentence = token.sent
        for _ in range(self.config.subject_lookback):
            if sentence.start == 0:
                return None
            sentence = self.doc[sentence.start - 1].sent
            subject = pz.sentence_subject(sentence)
            if subject is None or (name := self._name(subject)) is None:
                continue
            label = self._label(subject)
            if self._region(subject.idx) is not None:
                label = None if label in (None, "WORK_OF_ART") else label  # a quoted title
            elif v.VENUE_WORDS.search(name) and label != "GPE":
                label = "FAC"  # the NER calls "Riverside Arena" a person
            if label in labels:
                return name
        return None

    def _title_before(self, token: Token, *, same_paragraph: bool = False) -> Token | None:
        """The nearest title before ``token``: a WORK_OF_ART entity or a short
        quoted name, within the look-back window (or the paragraph)."""
        for index in range(token.i - 1, self._lookback_start(token) - 1, -1):
            candidate = self.doc[index]
            if same_paragraph and "\n" in candidate.text:
                return None
            if candidate.is_punct or candidate.is_space:
                continue
            if self._label(candidate) == "WORK_OF_ART":
                return candidate
            region = self._region(candidate.idx)
            if (
                region is not None
                and region.title
                and (candidate.pos_ in ("PROPN", "NOUN") or candidate.is_title)
            ):
                return candidate
        return None

    def _lookback_start(self, token: Token) -> int:
        sentence = token.sent
        for _ in range(self.config.subject_lookback):
            if sentence.start == 0:
                break
            sentence = self.doc[sentence.start - 1].sent
        return sentence.start

    def _name(self, token: Token) -> str | None:
        """A name covering ``token``: a short quoted title, an entity, or a run of
        proper nouns ("Top Gun: Maverick", which the NER often misses)."""
        region = self._region(token.idx)
        if region is not None and region.title:
            return pz.clean_name(self.text[region.start : region.end], keep_the=True) or None
        ent = self.entity_of.get(token.i)
        if ent is not None and ent.label_ in pz.VALUE_LABELS:
            return None  # "Tuesday" in "a Tuesday call" is not a name
        if ent is not None and ent.label_ == "PERSON":
            # "Mayor Ana Ruiz" is Ana Ruiz: the title is a role claim of its own.
            first = ent.start
            while first < ent.end - 1 and self.doc[first].lower_ in pz.TITLE_WORDS:
                first += 1
            return pz.clean_name(self.doc[first : ent.end].text)
        if ent is not None and ent.label_ in pz.NAME_LABELS:
            return pz.clean_name(ent.text, keep_the=ent.label_ == "WORK_OF_ART")
        if token.pos_ != "PROPN":
            return None
        start, end = token.i, token.i
        while start > token.sent.start and pz.name_part(self.doc, start - 1):
            start -= 1
        while end + 1 < token.sent.end and pz.name_part(self.doc, end + 1):
            end += 1
        if start > token.sent.start and self.doc[start - 1].text == "The":
            start -= 1  # a capitalised "The" inside a sentence belongs to the title
        while start < end and self.doc[start].lower_ in pz.TITLE_WORDS:
            start += 1  # "Mayor Ana Ruiz" is Ana Ruiz
        return pz.clean_name(self.doc[start : end + 1].text, keep_the=True)

    def _is_person(self, token: Token) -> bool:
        return self._label(token) == "PERSON" or (
            token.pos_ == "NOUN" and v.lemma_of(token) in v.PERSON_NOUNS
        )

    def _label(self, token: Token) -> str | None:
        ent = self.entity_of.get(token.i)
        return ent.label_ if ent is not None else None

    def _regions_at(self, offset: int) -> list[pz.Region]:
        out: list[pz.Region] = []
        for region in self.regions:
            if region.start > offset:
                break
            if offset < region.end:
                out.append(region)
        return out

    def _region(self, offset: int) -> pz.Region | None:
        """The innermost quoted region at ``offset`` (a title quoted inside speech)."""
        return min(self._regions_at(offset), key=lambda r: r.end - r.start, default=None)

    def _in_speech(self, offset: int) -> bool:
        return any(not r.title for r in self._regions_at(offset))

    def _with_qualifier(self, index: int) -> int:
        """Start offset of the value at token ``index``, moved back over a qualifier
        just before it ("more than 200")."""
        for width in (3, 2, 1):
            if index - width < 0:
                continue
            words = self.doc[index - width : index]
            if words.text.lower() not in v.QUALIFIERS:
                continue
            # "over the weekend" is a preposition; "over 100 people" a qualifier.
            if width == 1 and words[0].dep_ == "prep" and words[0].head.i != index:
                continue
            return words.start_char
        return self.doc[index].idx
