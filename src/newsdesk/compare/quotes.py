"""Quote variants: one statement as each outlet quotes it.

A quote broken by its attribution (``"…," she said, "…"``) is put back together
into one *unit* first. Units of different articles of a story match when their
words line up (difflib on normalised words: case, quote marks, apostrophes,
@handles, ellipses and dashes folded away), with a bar that depends on what is
known about the speakers:

* same speaker (same entity, or names of one person): at least ``fuzzy`` of the
  shorter quote's words matched, with a run of three in a row; a reworded quote
  ("I needed to make a movie about…") still matches;
* a speaker unknown on either side ("A source", a misparse): ``strict`` of the
  words, with a run of four; the words alone must show it is the same quote;
* two different people, both named in an explicit attribution: 90 % of the
  words, so that only the same quotation can be called misattributed.

Consecutive quotes of one speaker a few words apart in one paragraph ("“X,”
the chief said. “Y.”") are one unit too, as outlets print them either way.

A unit is also compared part by part, so a quote glued to a second sentence by a
garbled copy still finds its original. Matches form groups (connected
components); each group is classified, worst first:

* ``misattributed``: the same words (identical or benign) given to two different
  people, each named in an explicit attribution (not "he", not carried over
  from an earlier sentence: those resolutions can be wrong themselves; and not
  an organisation, for which a spokesperson speaks);
* ``altered``: words changed, added or dropped inside the stretch both quote;
* ``benign``: only punctuation, casing, quote-mark style, a dropped @handle,
  words trimmed off either end, words elided where the other quote has an
  ellipsis or is cut by its attribution, or an editor's bracketed insertion
  ("[Chinese] President Xi");
* ``identical``: the same words, case and punctuation (quote marks and the
  punctuation where a quote is cut for its attribution aside); a whole part
  that only one outlet quotes (the sentence after "she said.") does not count
  against it;
* ``single``: quoted by one outlet only (listed so a reader sees it has no
  second source).

Each quote that is not the group's reference (the earliest article's quote, the
longest on a tie) carries a word diff against the quote it was matched to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher
from typing import Literal

from ..model import Article, DiffOp, Quote, QuoteDiff, QuoteVariant, QuoteVariantKind
from .names import Names, looks_like_name, strip_titles

# Who can speak: a nationality ("Israeli") is a misparse of "the Israeli military".
SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE"})
EXPLICIT = frozenset({"subject", "according_to", "post"})
Relation = Literal["same", "unknown", "different"]
_SEVERITY = {"identical": 0, "benign": 1, "altered": 2, "misattributed": 3}
_GAPS = re.compile(r"\.\.\.|…")
_SPACES = re.compile(r"[\s–—]+")
_HANDLE = re.compile(r"@\w+")
_EDGE = " \t\n,.;:!?\"'“”‘’«»()[]-–—…"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Thresholds for matching quotations (fractions of the shorter quote's words)."""

    fuzzy: float = 0.5
    strict: float = 0.8
    misattributed: float = 0.9
    min_words: int = 4


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a quotation: as printed, normalised, and what surrounds it."""

    shown: str
    word: str
    bracketed: bool = False  # an editor's insertion: "[Chinese] President Xi"
    after_gap: bool = False  # an ellipsis or a part boundary comes before it


@dataclass(frozen=True, slots=True)
class Speaker:
    key: str | None  # None: unknown
    name: str | None
    person: bool = False


UNKNOWN = Speaker(None, None)


@dataclass(frozen=True, slots=True)
class Unit:
    """A quotation in one piece: a quote and the parts its attribution split off
    (or that follow it from the same speaker a few words later)."""

    quotes: tuple[Quote, ...]
    tokens: tuple[Token, ...]
    parts: tuple[tuple[int, int], ...]
    speaker: Speaker
    explicit: bool
    outlet: str
    published: date | None
    handles: tuple[str, ...] = ()

    @property
    def head(self) -> Quote:
        return self.quotes[0]

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t.word for t in self.tokens)

    @property
    def text(self) -> str:
        return " ".join(" ".join(q.text.split()) for q in self.quotes)

    def segments(self) -> list[tuple[str, ...]]:
        """The whole unit, then each of its parts when it has several."""
        words = self.words
        out = [words]
        if len(self.parts) > 1:
            out += [words[a:b] for a, b in self.parts if b > a]
        return out


def tokens(text: str) -> list[Token]:
    """The words of a quotation; @handles, ellipses and punctuation-only pieces
    are dropped (an ellipsis marks the next word ``after_gap``)."""
    out: list[Token] = []
    gap = False
    depth = 0
    for raw in _SPACES.split(_GAPS.sub(r" \g<0> ", text)):
        if not raw:
            continue
        if raw in ("...", "…"):
            gap = True
            continue
        opens = raw.count("[")
        bracketed = depth > 0 or opens > 0
        depth = max(0, depth + opens - raw.count("]"))
        if raw.lstrip("\"'“‘([").startswith("@"):
            continue
        word = raw.casefold().replace("’", "'").replace("‘", "'").strip(_EDGE)
        if not word or not any(c.isalnum() for c in word):
            continue
        out.append(Token(raw, word, bracketed, gap))
        gap = False
    return out


def _printed(t: Token) -> tuple[str, str]:
    """(word with its case, punctuation after it), quote marks set aside."""
    bare = t.shown.replace("’", "'").replace("‘", "'").strip('"“”«»()[]')
    core = bare.rstrip(",.;:!?'-–—")
    return core.lstrip("'"), bare[len(core) :].strip("'")


def speaker_of(q: Quote, names: Names) -> Speaker:
    """Who a quote is attributed to, when that is a known person or body."""
    entity = q.speaker_entity_id or names.entity(q.speaker)
    known = names.entities.get(entity or "")
    if known is not None:
        if known.type not in SPEAKER_TYPES:
            return UNKNOWN  # "Israeli", a film title: a misparse, not a speaker
        return Speaker(f"e:{known.id}", known.name, known.type == "PERSON")
    if q.speaker and looks_like_name(q.speaker):
        return Speaker(f"t:{strip_titles(q.speaker)}", q.speaker, True)
    return UNKNOWN


def units(quotes: Sequence[Quote], *, names: Names, articles: Mapping[str, Article]) -> list[Unit]:
    """The story's quotations, split quotes joined back: by ``part_of``, and a
    quote that follows the same speaker's previous quote within ``JOIN_GAP``
    characters of one paragraph ("“X,” the chief said. “Y.”")."""
    by_id = {q.id: q for q in quotes}

    def head_of(q: Quote) -> Quote:
        seen = {q.id}
        while q.part_of and q.part_of in by_id and q.part_of not in seen:
            q = by_id[q.part_of]
            seen.add(q.id)
        return q

    members: dict[str, list[Quote]] = {}
    for q in quotes:
        members.setdefault(head_of(q).id, []).append(q)
    groups = sorted(
        (sorted(parts, key=lambda q: (q.id != head, q.start)) for head, parts in members.items()),
        key=lambda parts: (parts[0].article_id, parts[0].start),
    )
    joined: list[list[Quote]] = []
    for parts in groups:
        if joined and _continues(joined[-1], parts, names=names, articles=articles):
            joined[-1] = joined[-1] + parts
        else:
            joined.append(list(parts))
    out = []
    for parts in joined:
        toks: list[Token] = []
        spans = []
        for q in parts:
            mine = tokens(q.text)
            if mine and toks:
                mine[0] = Token(mine[0].shown, mine[0].word, mine[0].bracketed, True)
            spans.append((len(toks), len(toks) + len(mine)))
            toks += mine
        if not toks:
            continue
        handles = tuple(h.casefold() for q in parts for h in _HANDLE.findall(q.text))
        head = parts[0]
        article = articles.get(head.article_id)
        out.append(
            Unit(
                quotes=tuple(parts),
                tokens=tuple(toks),
                parts=tuple(spans),
                speaker=speaker_of(head, names),
                explicit=head.speaker_how in EXPLICIT,
                outlet=(article.outlet if article and article.outlet else head.article_id),
                published=article.published if article else None,
                handles=handles,
            )
        )
    return out


JOIN_GAP = 80
CONTAINED = 0.9
REWORDED_LONGER = 0.25
LONG_RUN = 8


def _continues(
    previous: Sequence[Quote],
    parts: Sequence[Quote],
    *,
    names: Names,
    articles: Mapping[str, Article],
) -> bool:
    last, head = previous[-1], parts[0]
    if last.article_id != head.article_id or head.start < last.end:
        return False
    who = speaker_of(previous[0], names).key
    if who is None or who != speaker_of(head, names).key:
        return False
    article = articles.get(head.article_id)
    between = article.text[last.end : head.start] if article else ""
    # Only an attribution between them: "“X,” the chief said. “Y.”", not "“X,”
    # she said. She thanked “Y.”" (a partial quote inside a new sentence).
    bare = between.strip(" \t\"'“”‘’«»")
    return len(between) <= JOIN_GAP and "\n" not in between and bare[-1:] in (".", ",", ":")


def relation(a: Unit, b: Unit, names: Names) -> Relation:
    x, y = a.speaker, b.speaker
    if x.key is None or y.key is None:
        return "unknown"
    if x.key == y.key or (x.name and y.name and names.same_person(x.name, y.name)):
        return "same"
    return "different"


def misattributed(a: Unit, b: Unit, names: Names) -> bool:
    """Two people, each named by an explicit attribution. An organisation and a
    person are not a misattribution: a spokesperson speaks for the body."""
    return (
        a.explicit
        and b.explicit
        and a.speaker.person
        and b.speaker.person
        and relation(a, b, names) == "different"
    )


@dataclass(frozen=True, slots=True)
class Overlap:
    share: float  # of the shorter sequence's words, matched
    longer_share: float
    longest: int  # longest run of matched words
    shorter: int  # length of the shorter sequence


def overlap(a: Sequence[str], b: Sequence[str]) -> Overlap:
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    matched = sum(block.size for block in blocks)
    shorter, longer = sorted((len(a), len(b)))
    return Overlap(
        share=matched / shorter if shorter else 0.0,
        longer_share=matched / longer if longer else 0.0,
        longest=max((block.size for block in blocks), default=0),
        shorter=shorter,
    )


def match(a: Unit, b: Unit, *, names: Names, config: Thresholds) -> float | None:
    """How well two units match (share of words), or None when they do not."""
    if len(set(a.words) & set(b.words)) < 3:
        return None
    rel = relation(a, b, names)
    if rel == "same":
        need, run, size = config.fuzzy, 3, config.min_words
    elif rel == "different" and misattributed(a, b, names):
        need, run, size = config.misattributed, 5, config.min_words + 2
    else:
        need, run, size = config.strict, 4, config.min_words + 1
    best = None
    for x in a.segments():
        for y in b.segments():
            o = overlap(x, y)
            # A reworded quote must also cover a good part of the longer one: a
            # short fragment sharing "the shuttle buses" with a long quote is
            # another quote. Containment (nearly all words) or a long run of the
            # same words needs no such share.
            reworded = (
                o.share < CONTAINED and o.longer_share < REWORDED_LONGER and o.longest < LONG_RUN
            )
            if o.share >= need and o.longest >= run and o.shorter >= size and not reworded:
                best = max(best or 0.0, o.share)
    return best


def _same_print(ref: Unit, other: Unit, i: int, j: int, n: int) -> bool:
    """Whether ``ref[i:i+n]`` and ``other[j:j+n]`` are printed alike: same case and
    punctuation, except where a quote is cut for its attribution ("tonight," /
    "tonight.")."""
    if ref.handles != other.handles:
        return False
    cut_ref = {e - 1 for _, e in ref.parts}
    cut_other = {e - 1 for _, e in other.parts}
    for k in range(n):
        (wx, px), (wy, py) = _printed(ref.tokens[i + k]), _printed(other.tokens[j + k])
        if wx != wy:
            return False
        cut = i + k in cut_ref or j + k in cut_other or k == n - 1
        if px != py and not cut:
            return False
    return True


def _whole_parts(leading: bool, tag: str, ref: Unit, other: Unit, span: tuple[int, ...]) -> bool:
    """Whether words trimmed off one end are whole sentences or parts that the
    other outlet did not quote, rather than a cut inside a sentence."""
    i1, i2, j1, j2 = span
    unit, lo, hi = (ref, i1, i2) if tag == "delete" else (other, j1, j2)
    edge = hi if leading else lo
    return edge < len(unit.tokens) and unit.tokens[edge].after_gap


def _benign_op(tag: str, ref: Unit, other: Unit, i1: int, i2: int, j1: int, j2: int) -> bool:
    """A change inside the shared stretch that is still quoting style: words
    elided at an ellipsis or between the parts of a quote, or an editor's
    bracketed insertion."""
    dropped, added = ref.tokens[i1:i2], other.tokens[j1:j2]
    if added and all(t.bracketed for t in added):
        return True
    if dropped and all(t.bracketed for t in dropped) and tag == "delete":
        return True
    if tag == "delete":
        return j1 < len(other.tokens) and other.tokens[j1].after_gap
    if tag == "insert":
        return i1 < len(ref.tokens) and ref.tokens[i1].after_gap
    # Two quotes that go on (or began) with different sentences: each outlet
    # quoted a different stretch around the shared one.
    starts = i1 < len(ref.tokens) and j1 < len(other.tokens)
    if starts and ref.tokens[i1].after_gap and other.tokens[j1].after_gap and i2 == len(ref.tokens):
        return j2 == len(other.tokens)
    before_ends = i2 < len(ref.tokens) and j2 < len(other.tokens)
    return (
        i1 == 0 and j1 == 0 and before_ends
        and ref.tokens[i2].after_gap and other.tokens[j2].after_gap
    )  # fmt: skip


def classify(ref: Unit, other: Unit) -> tuple[QuoteVariantKind, tuple[DiffOp, ...]]:
    """How ``other`` quotes what ``ref`` quotes, and the word diff between them.

    Whole parts quoted by one outlet only (a second sentence after the
    attribution) do not stop two quotes from being identical; a sentence cut
    short does (benign)."""
    codes = SequenceMatcher(None, ref.words, other.words, autojunk=False).get_opcodes()
    ops = tuple(
        DiffOp(
            tag,
            " ".join(t.shown for t in ref.tokens[i1:i2]),
            " ".join(t.shown for t in other.tokens[j1:j2]),
        )
        for tag, i1, i2, j1, j2 in codes
    )
    equal = [n for n, c in enumerate(codes) if c[0] == "equal"]
    if not equal:
        return "altered", ops
    first, last = equal[0], equal[-1]
    whole = True
    for n, (tag, *span) in enumerate(codes):
        if tag == "equal":
            continue
        if first < n < last or tag == "replace":
            if not _benign_op(tag, ref, other, *span):
                return "altered", ops
            whole = False
        elif not _whole_parts(n < first, tag, ref, other, tuple(span)):
            whole = False
    i, j = codes[first][1], codes[first][3]
    if whole and _same_print(ref, other, i, j, codes[last][2] - i):
        return "identical", ops
    return "benign", ops


def quote_variants(
    story_id: str,
    quotes: Sequence[Quote],
    *,
    names: Names,
    articles: Mapping[str, Article],
    config: Thresholds,
) -> list[QuoteVariant]:
    """Every quotation of the story, grouped across articles and classified."""
    items = units(quotes, names=names, articles=articles)
    edges: dict[tuple[int, int], float] = {}
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if a.head.article_id == b.head.article_id:
                continue
            score = match(a, b, names=names, config=config)
            if score is not None:
                edges[(i, j)] = score
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in edges:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        local = {
            (members.index(i), members.index(j)): score
            for (i, j), score in edges.items()
            if root(i) == root(members[0])
        }
        out.append(_group(story_id, [items[i] for i in members], local, names=names))
    return sorted(out, key=lambda v: (-_SEVERITY.get(v.kind, -1), v.id))


def _group(
    story_id: str,
    members: list[Unit],
    edges: Mapping[tuple[int, int], float],
    *,
    names: Names,
) -> QuoteVariant:
    order = sorted(
        range(len(members)),
        key=lambda k: (
            members[k].published is None,
            members[k].published or date.min,
            -len(members[k].tokens),
            members[k].head.id,
        ),
    )
    # Each member is diffed against the member it matches best, growing a tree
    # from the reference (Prim's algorithm on the match scores).
    attached, parent_of = {order[0]}, {}
    while len(attached) < len(members):
        best = max(
            ((s, a, b) for (a, b), s in edges.items() if (a in attached) != (b in attached)),
            default=None,
        )
        if best is None:
            break
        _, a, b = best
        new, old = (b, a) if a in attached else (a, b)
        parent_of[new] = old
        attached.add(new)
    diffs = []
    by_head = {m.head.id: m for m in members}
    worst: QuoteVariantKind = "identical"
    for k in order[1:]:
        if k not in parent_of:
            continue
        here, there = members[k], members[parent_of[k]]
        pair, ops = classify(there, here)
        if pair in ("identical", "benign") and misattributed(there, here, names):
            pair = "misattributed"
        worst = max(worst, pair, key=_SEVERITY.__getitem__)
        diffs.append(QuoteDiff(here.head.id, there.head.id, pair, here.speaker.name, ops))
    if worst != "misattributed" and any(
        misattributed(x, y, names) and classify(x, y)[0] in ("identical", "benign")
        for n, x in enumerate(members)
        for y in members[n + 1 :]
    ):
        worst = "misattributed"
    kind: QuoteVariantKind = "single" if len({m.outlet for m in members}) == 1 else worst
    speakers = Counter(m.speaker.name for m in members if m.speaker.key is not None)
    first = members[order[0]].speaker.name
    speaker = min(speakers, key=lambda s: (-speakers[s], s != first, s or "")) if speakers else None
    if kind == "misattributed":
        # Mark the quotes that give the words to someone else than most outlets do.
        majority = [m for m in members if m.speaker.name == speaker]
        diffs = [
            replace(d, kind="misattributed")
            if any(misattributed(by_head[d.quote_id], m, names) for m in majority)
            else d
            for d in diffs
        ]
    in_order = [members[k] for k in order]
    return QuoteVariant(
        story_id=story_id,
        speaker=speaker,
        kind=kind,
        quote_ids=tuple(q.id for m in in_order for q in m.quotes),
        article_ids=tuple(dict.fromkeys(m.head.article_id for m in in_order)),
        diff=tuple(diffs) if kind != "single" else (),
    )
