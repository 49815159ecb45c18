"""Named entities: mentions per article (spaCy NER), merged per story.

``article_mentions`` turns spaCy's entities of the name-like labels into clean
mentions (dates and numbers are claims, not entities): titles in quote marks that
a cue word (song, film…), a possessive or a clash with NER marks as works become
WORK_OF_ART and cut the entities crossing them; names in credit lists ("produced
by X and Y") are added; spans are split at quote marks, line breaks and (for a
person) a possessive, trimmed of determiners, titles and roles (Mr., President,
composer) and trailing punctuation; in headlines, where NER runs names into the
words around them, spans are cut down to the names the body writes alone.

Merging across a story's articles is in ``merge``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "UNKNOWN_LABEL",
    "EntityConfig",
    "article_mentions",
    "name_key",
    "span_mention",
]

# Names, not quantities: DATE/TIME/MONEY/PERCENT/QUANTITY/ORDINAL/CARDINAL are claims.
# LANGUAGE is left out: "English" is rarely an actor in a story. Label ties are
# broken in this order (the types news names most often first).
_LABELS_TEXT = "PERSON ORG GPE LOC FAC NORP WORK_OF_ART PRODUCT EVENT LAW"
DEFAULT_LABELS = tuple(_LABELS_TEXT.split())
# Types that have partial names. "Washington" (GPE) is no part of "Washington
# Post" (ORG); works, products, events and laws have no partial forms worth
# merging: "Top Gun" is not "Top Gun: Maverick".
NAME_CLASS = {
    "PERSON": "person",
    "ORG": "org",
    "NORP": "group",
    "FAC": "place",
    "GPE": "place",
    "LOC": "place",
}
# The label of a span that no NER labelled (an annotation fed in): fits any type.
UNKNOWN_LABEL = ""


@dataclass(frozen=True, slots=True)
class EntityConfig:
    labels: tuple[str, ...] = DEFAULT_LABELS
    # Quoted title-case phrases up to this many words can be titles of works.
    max_title_words: int = 10
    # Spelling variants: each differing word at least this long, one edit away
    # (two from ``variant_two_edits_from`` letters on), with the same first letter.
    variant_min_chars: int = 6
    variant_two_edits_from: int = 10
    # A one-word name joins another by spelling alone only from this length:
    # short surnames differ by one letter too often.
    variant_single_word_min_chars: int = 8
    # Each merging rule can be switched off (all off: exact normalised names only).
    merge_in_article: bool = True
    merge_variants: bool = True
    merge_partial: bool = True
    merge_acronyms: bool = True


# --------------------------------------------------------------------------- names

# Titles and roles before a person's name, not part of it. "Lady" and "Lord" are
# left out on purpose: they are names as often as titles (Lady Gaga).
_TITLES_TEXT = """
    mr mrs ms mx miss dr prof professor sir dame rev reverend fr father sr sister
    president vice prime minister premier chancellor secretary senator sen rep
    representative congressman congresswoman gov governor mayor judge justice gen general
    col colonel maj major capt captain lt lieutenant sgt sergeant cpl adm admiral cmdr
    commander officer detective det inspector chief coach ceo chairman chairwoman deputy
    ambassador attorney sheriff pope cardinal bishop rabbi imam lawyer spokesman
    spokeswoman spokesperson actor actress singer songwriter rapper composer producer
    director filmmaker writer author novelist poet artist comedian presenter reporter
    journalist photographer designer chef player striker quarterback
"""
_TITLES = frozenset(_TITLES_TEXT.split())
# Honorifics that never start another kind of name (as "General Motors" and
# "St. Louis" do): dropped from any name.
_HONORIFICS_TEXT = "mr mrs ms mx dr prof sir dame rev sen rep gov"
_HONORIFICS = frozenset(_HONORIFICS_TEXT.split())
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# "Microsoft Corp." is Microsoft: a legal form does not tell companies apart, and
# a "Jr." that one outlet drops is commoner than a father and son in one story.
_SUFFIXES_TEXT = "inc corp co ltd llc plc ag sa gmbh nv bv jr sr ii iii iv"
_SUFFIXES = frozenset(_SUFFIXES_TEXT.split())
# Words a title of a work may keep in lower case ("A Star is Born").
_SMALL_WORDS_TEXT = (
    "a an the and or but nor of in on at to for by with from as vs is are be into my"
)
_SMALL_WORDS = frozenset(_SMALL_WORDS_TEXT.split())
# Words next to a quoted title that say it is a work.
_WORK_CUES_TEXT = """
    song songs single singles track tracks album albums ep record hit ballad anthem duet
    tune film films movie movies picture sequel prequel documentary series show sitcom
    episode season book books novel memoir play musical opera poem painting podcast
    programme program game titled entitled called dubbed
"""
_WORK_CUES = frozenset(_WORK_CUES_TEXT.split())
# Credit lists: a name after these words made something; a person, unless its
# last word says it is a group.
_CREDIT_WORDS = frozenset({"by", "featuring", "starring", "feat"})
_GROUP_TEXT = "band choir ensemble orchestra quartet trio studio studios records group collective"
_GROUP_WORDS = frozenset(_GROUP_TEXT.split())
# Parts of speech NER's person spans start with that are not part of the name
# ("to Feature Kenny Loggins", "Sprinter Nadia Okafor"); an adjective may be one
# ("Sunny Vell").
_NOT_NAME_POS = frozenset(
    {"VERB", "AUX", "ADP", "ADV", "SCONJ", "CCONJ", "PART", "PRON", "DET", "NOUN"}
)
_POSSESSIVES = frozenset({"'s", "’s", "'", "’", "s'", "s’"})
_QUOTE_CHARS = "\"'“”‘’«»„‚"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_KEY_DOTS_RE = re.compile(r"(?<=\w)\.(?=\w|\s|$)")  # U.S. -> US, Jr. -> Jr
_KEY_POSSESSIVE_RE = re.compile(r"(?:'s|(?<=s)')\W*$")
_KEY_WORD_RE = re.compile(r"\w+(?:'\w+)*")


def name_key(text: str, *, person: bool = False) -> str:
    """The form the spellings of one name share: "The F.B.I.'s" -> "fbi".

    Accents and case go, apostrophes are straightened, dots in abbreviations
    dropped, other punctuation read as a word break ("U. S." and "U.S." both give
    "us"); a leading article and honorifics (Mr., Dr.), legal forms (Inc.),
    generational suffixes (Jr.) and a trailing possessive go. With ``person``
    (the name is known to be a person's) titles and roles (President, Judge) go
    too. Usable on any name (a quote's speaker, a claim's subject) to look it up.
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    text = _KEY_POSSESSIVE_RE.sub("", _KEY_DOTS_RE.sub("", text))
    words: list[str] = []
    for word in (w.replace("'", "") for w in _KEY_WORD_RE.findall(text)):
        if len(word) == 1 and word.isalpha() and words and len(words[-1]) == 1:
            words[-1] += word  # "u s" -> "us"
        else:
            words.append(word)
    drop = _TITLES if person else _HONORIFICS
    while len(words) > 1 and (words[0] in _DETERMINERS or words[0] in drop):
        words.pop(0)
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return " ".join(words)


# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True, slots=True)
class _Piece:
    """A candidate mention: a token range of the parsed article."""

    start: int
    end: int
    label: str


def _is_quote(token: Token) -> bool:
    return token.text in _QUOTE_CHARS or token.tag_ in ("``", "''")


def _is_cap(token: Token) -> bool:
    return token.text[:1].isupper() or token.text[:1].isdigit()


def _junk(token: Token) -> bool:
    return token.is_punct or token.is_space or _is_quote(token) or token.text in _POSSESSIVES


def _trim(doc: Doc, piece: _Piece) -> _Piece | None:
    """``piece`` without the words around a name that are not part of it; None
    when no capitalised word is left ("duet", "2020")."""
    start, end, label = piece.start, piece.end, piece.label
    work = label not in NAME_CLASS and label != UNKNOWN_LABEL
    person = label == "PERSON" or (
        label == UNKNOWN_LABEL and any(t.ent_type_ == "PERSON" for t in doc[start:end])
    )
    while start < end:
        tok, rest = doc[start], doc[start + 1 : end]
        low = tok.lower_.rstrip(".")
        named_rest = any(_is_cap(t) for t in rest)
        if _junk(tok) or (
            named_rest
            and (
                # A capitalised "The" opens a title ("The Salt Orchard"): kept for works.
                (low in _DETERMINERS and not (work and _is_cap(tok)))
                or (low in _TITLES and person)
                # Roles are not names: "lawyer Mark Heller", "composer Lorne Balfe".
                or not _is_cap(tok)
                # A headline verb or capitalised role glued to a name ("to Feature
                # Kenny Loggins", "Composer Lorne Balfe").
                or (
                    label == "PERSON"
                    and tok.pos_ in _NOT_NAME_POS
                    and any(t.pos_ == "PROPN" for t in rest)
                )
            )
        ):
            start += 1
        else:
            break
    while end > start and (
        _junk(doc[end - 1])
        or (
            not work
            and end - start > 1
            and not _is_cap(doc[end - 1])
            and doc[end - 1].pos_ != "PROPN"
        )
    ):
        end -= 1
    tokens = doc[start:end]
    if not any(_is_cap(t) and any(c.isalpha() for c in t.text) for t in tokens):
        return None
    if len(tokens) == 1 and tokens[0].lower_.rstrip(".") in _TITLES:
        return None
    return _Piece(start, end, label)


def _split(doc: Doc, piece: _Piece) -> list[_Piece]:
    """Cut ``piece`` at quote marks and line breaks inside it and, for a person,
    at a possessive ("Tom's Top Gun": what follows is Tom's, not Tom)."""
    out: list[_Piece] = []
    start = piece.start
    for i in range(piece.start + 1, piece.end - 1):
        tok = doc[i]
        if (_is_quote(tok) and tok.tag_ != "POS") or "\n" in tok.text:
            out.append(_Piece(start, i, piece.label))
            start = i + 1
        elif piece.label == "PERSON" and tok.tag_ == "POS":
            return [*out, _Piece(start, i, piece.label)]
    out.append(_Piece(start, piece.end, piece.label))
    return [_relabel(doc, p) for p in out] if len(out) > 1 else out


def _relabel(doc: Doc, piece: _Piece) -> _Piece:
    """A piece cut off a title by a quote mark and made of two or three proper
    nouns is more likely a person (“Rain Man's” Hans Zimmer) than a work."""
    tokens = [t for t in doc[piece.start : piece.end] if not _junk(t)]
    if (
        piece.label == "WORK_OF_ART"
        and 2 <= len(tokens) <= 3
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in tokens)
    ):
        return _Piece(piece.start, piece.end, "PERSON")
    return piece


_QUOTED_RES = (
    re.compile(r"“([^“”\n]{1,200}?)”"),
    re.compile(r"‘([^‘\n]{1,200}?)’(?![A-Za-z])"),
    re.compile(r"(?<![\w])\"([^\"\n]{1,200}?)\""),
    re.compile(r"(?<![\w'])'([^'\n]{1,200}?)'(?![A-Za-z])"),
)
_TITLE_TRAIL_RE = re.compile(r"(?:\s|[,.;:!?]|['’]s?)+$")


def _title_like(text: str, *, max_words: int) -> bool:
    words = text.split()
    if not words or len(words) > max_words or not _is_cap_word(words[0]):
        return False
    if re.search(r"[.!?;]\s", text) or "," in text:
        return False  # a sentence or a list, not a title
    return all(_is_cap_word(w) or w in _SMALL_WORDS or not w[:1].isalpha() for w in words)


def _is_cap_word(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _quoted_titles(doc: Doc, ents: Sequence[Span], *, config: EntityConfig) -> list[_Piece]:
    """Titles of works in quote marks (token ranges, without the marks)."""
    found: dict[tuple[int, int], _Piece] = {}
    for pattern in _QUOTED_RES:
        for match in pattern.finditer(doc.text):
            inner = _TITLE_TRAIL_RE.sub("", match.group(1))
            title = inner.lstrip()
            start = match.start(1) + len(inner) - len(title)
            if not _title_like(title, max_words=config.max_title_words):
                continue
            span = doc.char_span(start, start + len(title), alignment_mode="expand")
            if span is None or (span.start, span.end) in found:
                continue
            if _is_work(doc, span, match.start(), match.end(), ents):
                found[(span.start, span.end)] = _Piece(span.start, span.end, "WORK_OF_ART")
    return list(found.values())


def _is_work(doc: Doc, span: Span, q_start: int, q_end: int, ents: Sequence[Span]) -> bool:
    before = [t for t in doc[max(0, span.start - 5) : span.start] if not _is_quote(t)][-3:]
    if any(t.lower_ in _WORK_CUES for t in before) or (before and before[-1].tag_ == "POS"):
        return True  # the song “Hold My Hand”; Berlin's “Take My Breath Away”
    after = [t for t in doc[span.end : span.end + 4] if not (t.is_punct or _is_quote(t))][:1]
    if after and after[0].lower_ in _WORK_CUES:
        return True  # ‘Top Gun: Maverick’ Song
    # spaCy saw a name here but not this one: the quote marks know better.
    return any(
        ent.end_char > q_start
        and ent.start_char < q_end
        and (ent.label_ == "WORK_OF_ART" or (ent.start, ent.end) != (span.start, span.end))
        for ent in ents
    )


def _credit_names(doc: Doc, pieces: Sequence[_Piece]) -> list[_Piece]:
    """Runs of two or more capitalised proper nouns in a credit list ("produced by
    X and Y") that NER left out or cut short ("by Tarn Oakes" as "Oakes"): they
    name whoever made the thing."""
    found: list[_Piece] = []
    for tok in doc:
        if tok.lower_ not in _CREDIT_WORDS:
            continue
        i = tok.i + 1
        while i < len(doc):
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and _is_cap(doc[j]):
                j += 1
            crossed = any(
                p.start < i < p.end or p.start < j < p.end or (p.start, p.end) == (i, j)
                for p in pieces
            )
            if j - i >= 2 and not crossed:
                group = doc[j - 1].lower_ in _GROUP_WORDS
                found.append(_Piece(i, j, "ORG" if group else "PERSON"))
            if j == i or j >= len(doc) or doc[j].text not in (",", "and", "&"):
                break
            i = j + 1
    return found


def _subtract(piece: _Piece, cut: _Piece) -> list[_Piece]:
    out = []
    if piece.start < cut.start:
        out.append(_Piece(piece.start, min(piece.end, cut.start), piece.label))
    if piece.end > cut.end:
        out.append(_Piece(max(piece.start, cut.end), piece.end, piece.label))
    return out


def _mention(doc: Doc, piece: _Piece, article_id: str) -> Mention:
    span = doc[piece.start : piece.end]
    return Mention(article_id, span.start_char, span.end_char, span.text, piece.label)


def article_mentions(doc: Doc, *, article_id: str, config: EntityConfig) -> list[Mention]:
    """The named-entity mentions of one parsed article (offsets into its text),
    sorted by position; mentions never overlap."""
    keep = set(config.labels)
    ents = [e for e in doc.ents if e.label_ in keep]
    titles = _quoted_titles(doc, ents, config=config) if "WORK_OF_ART" in keep else []
    pieces: list[_Piece] = []
    for ent in ents:
        parts = [_Piece(ent.start, ent.end, ent.label_)]
        for title in titles:
            # The quote marks around a title belong to neither side.
            around = _Piece(max(title.start - 1, 0), title.end + 1, title.label)
            parts = [q for p in parts for q in _subtract(p, around)]
        whole = [(p.start, p.end) for p in parts] == [(ent.start, ent.end)]
        pieces.extend(parts if whole else [_relabel(doc, p) for p in parts])
    if "PERSON" in keep:
        pieces.extend(_credit_names(doc, [*pieces, *titles]))
    parts = [p for piece in pieces for p in _split(doc, piece)] + titles
    trimmed = [t for p in parts if (t := _trim(doc, p)) is not None]
    trimmed = [t for p in _cut_at_known_names(doc, trimmed) if (t := _trim(doc, p)) is not None]
    result: list[Mention] = []
    last_end = -1
    for piece in sorted(trimmed, key=lambda p: (p.start, -p.end)):
        if piece.start >= last_end:
            result.append(_mention(doc, piece, article_id))
            last_end = piece.end
    return result


def _headline_tokens(doc: Doc) -> set[int]:
    """Tokens of title-case lines (headlines, sub-headings) or sentences."""
    out: set[int] = set()
    line: list[Token] = []
    for tok in [*doc, None]:
        if tok is not None and "\n" not in tok.text and not (tok.is_sent_start and line):
            line.append(tok)
            continue
        words = [t for t in line if t.is_alpha and t.lower_ not in _SMALL_WORDS]
        capitalised = sum(t.text[0].isupper() for t in words)
        # A headline has no full stop; a sentence of names may be mostly capitals.
        ends = [t for t in line if not t.is_space][-1:]
        if len(words) >= 3 and capitalised >= 0.8 * len(words) and ends[0].text != ".":
            out.update(t.i for t in line)
        line = [tok] if tok is not None and "\n" not in tok.text else []
    return out


def _stems(word: str) -> set[str]:
    """Crude inflection stripping, enough to find "Checks" in "checked"."""
    return {word} | {
        word[: -len(s)]
        for s in ("s", "es", "ed", "d", "ing")
        if word.endswith(s) and len(word) > len(s) + 2
    }


def _words(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    return tuple(name_key(doc[start:end].text).split())


def _cut_at_known_names(doc: Doc, pieces: list[_Piece]) -> list[_Piece]:
    """Cut overlong spans with what the rest of the article shows.

    In a headline every word is capitalised, and NER runs names into the words
    around them: a span there is cut down to the names the body writes on their
    own ("Obama Reverses Bush" -> Obama, Bush) or, when it holds none, at the
    words the body writes in lower case ("Lindsay Lohan Checks Into Rehab").
    Anywhere, "X and Y" is cut in two when the body knows X or Y alone ("People
    and Us Weekly").
    """
    headline = _headline_tokens(doc)
    known: dict[tuple[str, ...], str] = {}
    for p in pieces:
        if p.start not in headline:
            known.setdefault(_words(doc, p.start, p.end), p.label)
    lower = {
        form
        for tok in doc
        if tok.i not in headline and tok.is_alpha and tok.is_lower
        for form in (tok.text, tok.lemma_)
    }
    out: list[_Piece] = []
    for piece in pieces:
        if piece.start in headline:
            out.extend(_cut_headline(doc, piece, known, lower))
        else:
            out.extend(_split_coordination(doc, piece, known))
    return out


def _cut_headline(
    doc: Doc, piece: _Piece, known: dict[tuple[str, ...], str], lower: set[str]
) -> list[_Piece]:
    keys = [(i, k) for i in range(piece.start, piece.end) if (k := name_key(doc[i].text))]
    if tuple(k for _, k in keys) in known or len(keys) < 2:
        return [piece]

    def common(i: int) -> bool:  # a word the body writes in lower case
        low = doc[i].lower_
        return doc[i].is_punct or low in _SMALL_WORDS or not _stems(low).isdisjoint(lower)

    runs: list[_Piece] = []
    longest = max((len(k) for k in known), default=0)
    i = 0
    while i < len(keys):
        for n in range(min(longest, len(keys) - i), 0, -1):
            run = tuple(k for _, k in keys[i : i + n])
            if run in known:
                start = keys[i][0]
                # A first name the body leaves out ("Marisol Quenby Returns" beside
                # "Quenby"); words between two known names are not names.
                free = runs[-1].end if runs else piece.start
                while start > free and not common(start - 1) and _is_cap(doc[start - 1]):
                    start -= 1
                runs.append(_Piece(start, keys[i + n - 1][0] + 1, known[run]))
                i += n
                break
        else:
            i += 1
    if runs:
        return runs
    out: list[_Piece] = []
    start = piece.start
    for i in range(piece.start, piece.end + 1):
        if i == piece.end or common(i):
            if i > start:
                out.append(_Piece(start, i, known.get(_words(doc, start, i), piece.label)))
            start = i + 1
    return out


def _split_coordination(doc: Doc, piece: _Piece, known: dict[tuple[str, ...], str]) -> list[_Piece]:
    for i in range(piece.start + 1, piece.end - 1):
        if doc[i].lower_ in ("and", "&"):
            left, right = _words(doc, piece.start, i), _words(doc, i + 1, piece.end)
            if left in known or right in known:
                return [
                    _Piece(piece.start, i, known.get(left, piece.label)),
                    _Piece(i + 1, piece.end, known.get(right, piece.label)),
                ]
    return [piece]


def span_mention(
    doc: Doc, *, article_id: str, start: int, end: int, label: str = UNKNOWN_LABEL
) -> Mention | None:
    """A mention for a character range found some other way (an annotation, a
    quote's speaker), trimmed like NER's; None when nothing name-like is left."""
    span = doc.char_span(start, end, alignment_mode="expand")
    piece = None if span is None else _trim(doc, _Piece(span.start, span.end, label))
    return None if piece is None else _mention(doc, piece, article_id)
