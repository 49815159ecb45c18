"""Helpers over spaCy parses for the claim extractor: where a value hangs in the
dependency tree, conjuncts, names, quoted regions; and the label sets they use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import values as v

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "NORP", "LAW"}
)
VALUE_LABELS = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "QUANTITY", "PERCENT"})
PLACE_PREPS = frozenset({"in", "at", "inside", "near", "outside"})
DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night"})
SCALE_TOKENS = frozenset({"m", "bn", "mn", "k", "b", "tn"})
MONEY_RE = re.compile(
    r"(?:US\$|A\$|C\$|NZ\$|HK\$|[$£€¥₹])\s?\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:million|billion|trillion|bn|mn|m|k)\b)?",
    re.IGNORECASE,
)
AGE_RE = re.compile(r"(\d{1,3})(?:[- ]years?[- ]old)?", re.IGNORECASE)
TITLE_WORDS = v.TITLES | v.TITLE_MODIFIERS
PERSON: frozenset[str | None] = frozenset({"PERSON"})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
TRIM = " \t\n,.;:!?\"'“”‘’()"
# Curly and straight quotes pair in any mix (outlets mix them within one quotation);
# single quotes only where they cannot be apostrophes.
QUOTE_PAIRS = (
    re.compile(r'[“"]([^“”"]{1,2000}?)[”"]'),
    re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))‘([^‘’\n]{1,200}?)’(?=[\s,.;:!?)—–-]|$)"),
    re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))'([^'\n]{1,200}?)'(?=[\s,.;:!?)—–-]|$)"),
)


@dataclass(frozen=True, slots=True)
class Region:
    """A quoted stretch of text: offsets of the words inside the marks, and whether
    it reads as a title rather than speech."""

    start: int
    end: int
    title: bool


# -- parse helpers -----------------------------------------------------------------


def anchor(span: Span) -> Token | None:
    """The verb or noun a value hangs on, through prepositions and the value's own
    words ("released on May 27" -> released; "a £290million bill" -> bill)."""
    token, inside = span.root, range(span.start, span.end)
    for _ in range(8):
        head = token.head
        if head is token or crosses_paragraph(token, head):
            return None
        if head.i in inside or head.pos_ in ("ADP", "NUM", "PUNCT", "DET", "CCONJ", "PART"):
            token = head
        elif head.ent_type_ in VALUE_LABELS or (
            head.lower_.rstrip(".") in SCALE_TOKENS and head.i == token.i + 1
        ):
            token = head  # the rest of the value ("May" + "27"; "€120" + "m.")
        elif head.ent_type_ in NAME_LABELS and head.pos_ != "PROPN" and head.ent_iob_ == "I":
            # A verb inside a title ("A Star Is Born three years ago") is not the event.
            token = next(e for e in head.doc.ents if e.start <= head.i < e.end).root
        elif head.lower_ in DAY_PARTS and head.i == token.i + 1:
            token = head  # "Monday" + "night": the NER left the part of the day out
        elif head.pos_ == "VERB" and head.dep_ == "amod":
            token = head  # "her stripped-back show": the show
        elif head.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
            return head
        elif head.tag_ in ("JJR", "RBR"):
            return None  # "£50m more than expected" is a difference, not an amount
        else:
            token = head
    return None


def is_difference(span: Span) -> bool:
    """ "£5m more than planned": a comparative on the value makes it a difference."""
    doc = span.doc
    words = doc[span.start : min(span.end + 2, len(doc))]
    return any(c.tag_ in ("JJR", "RBR") for t in words for c in t.children)


def crosses_paragraph(a: Token, b: Token) -> bool:
    """The parser sometimes joins paragraphs into one sentence; a value never
    belongs to a word in another paragraph."""
    low, high = (a, b) if a.i < b.i else (b, a)
    return any("\n" in t.text_with_ws for t in a.doc[low.i : high.i])


def hyphen_tail(token: Token) -> Token:
    """The last part of a hyphenated word the tokenizer split ("bi-planes")."""
    doc = token.doc
    while (
        token.i + 2 < len(doc)
        and doc[token.i + 1].text == "-"
        and not doc[token.i + 1].whitespace_
        and doc[token.i + 2].pos_ in ("NOUN", "ADJ")
    ):
        token = doc[token.i + 2]
    return token


def child(token: Token | None, dep: str) -> Token | None:
    if token is None:
        return None
    return next((c for c in token.children if c.dep_ == dep), None)


def antecedent(token: Token) -> Token:
    """What a relative pronoun stands for: "the film, which opens ..." -> film."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def prep(token: Token, word: str) -> Token | None:
    return next((c for c in token.children if c.dep_ == "prep" and c.lower_ == word), None)


def conjuncts(token: Token | None) -> list[Token]:
    """``token`` and its coordinated siblings ("A, B and C")."""
    if token is None:
        return []
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(conjuncts(child))
    return out


def verb_conjuncts(verb: Token) -> Iterator[Token]:
    """Earlier verbs sharing ``verb``'s agent: "written and directed by X" (but not
    "directed by X and produced by Y")."""
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        verb = verb.head
        if any(c.dep_ == "agent" for c in verb.children):
            return
        yield verb


def sentence_subject(sentence: Span) -> Token | None:
    subject = child(sentence.root, "nsubj") or child(sentence.root, "nsubjpass")
    if subject is not None:
        return subject
    return next((t for t in sentence if t.dep_ in ("nsubj", "nsubjpass")), None)


def name_part(doc: Doc, index: int) -> bool:
    """Whether a token continues a proper-noun run (a colon joins two title parts)."""
    token = doc[index]
    if token.pos_ == "PROPN":
        return True
    return (
        token.text == ":"
        and 0 < index < len(doc) - 1
        and doc[index - 1].pos_ == "PROPN"
        and doc[index + 1].pos_ == "PROPN"
    )


def phrase(token: Token) -> str:
    """A noun as written with its left modifiers ("the new single")."""
    lefts = [t for t in token.lefts if t.dep_ in ("det", "amod", "compound", "poss", "nmod")]
    start = lefts[0].i if lefts else token.i
    return trim(token.doc[start : token.i + 1].text)


def trim(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip(TRIM))


def clean_name(text: str, *, keep_the: bool = False) -> str:
    """A name without its possessive and, unless it is a title ("The Salt
    Orchard"), without its article ("the Park MGM")."""
    name = re.sub(r"[’']s$", "", trim(text))
    if not keep_the and name.lower().startswith("the ") and name[4:5].isupper():
        name = name[4:]
    return trim(name)


def quoted_regions(text: str, *, max_title_words: int) -> list[Region]:
    """Stretches of text inside quotation marks, paragraph by paragraph."""
    regions = [
        Region(start=p.start() + m.start(1), end=p.start() + m.end(1),
                title=is_title(m.group(1), max_words=max_title_words))
        for p in re.finditer(r"[^\n]+", text)
        for pattern in QUOTE_PAIRS
        for m in pattern.finditer(p.group())
    ]  # fmt: skip
    return sorted(regions, key=lambda r: r.start)


def is_title(quoted: str, *, max_words: int) -> bool:
    """ "Hold My Hand", "A Star is Born" are titles; "We saw it last night" is speech."""
    words: list[str] = re.findall(r"[^\W\d_][\w’'-]*", quoted)
    if not words or len(words) > max_words:
        return False
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised >= 0.6 * len(words)
