"""A story's articles side by side: sentences aligned across columns, shared
passages marked.

Two sentences of different articles are aligned when a copy link pairs them
(``Link.aligned``: a rewrite's sentences matched by meaning), when they have the
same words, or when they share most of their word 5-grams (a syndicated copy with
small edits). Alignment is transitive (union-find), so a wire sentence and three
reprints of it form one group, shown as one row.

Rows keep every column in reading order. Groups are emitted greedily: a group is
placed once it is at the head of each of its columns, with the unaligned
sentences before it gathered into one block row. When rewrites reorder sentences
no group may be ready; the group at most column heads is then placed and its
out-of-order members are shown unaligned in their own place, rather than moving
sentences out of the order their article has.

A word is *shared* when one of the 5-grams covering it occurs in another article
of the story (whether or not that article is a column); runs of shared words are
marked. Everything here is plain text: the template escapes every run.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..disjoint import DisjointSets
from ..model import Article, Link

K = 5  # words per shingle
_WORD = re.compile(r"\w+")
# Share of the smaller sentence's shingles two sentences need in common to align.
MIN_SHARED = 0.5

Runs = tuple[tuple[str, bool], ...]  # (text, shared with another article)


@dataclass(frozen=True, slots=True)
class SentenceCell:
    article_id: str
    start: int
    end: int
    runs: Runs


@dataclass(frozen=True, slots=True)
class AlignRow:
    """One row of the side-by-side view: ``cells[i]`` are column ``i``'s
    sentences in it. ``group`` numbers aligned rows from 1; a block of
    unaligned sentences has none. ``linked``: a copy link pairs the row's
    sentences (else they are aligned by their words)."""

    group: int | None
    linked: bool
    cells: tuple[tuple[SentenceCell, ...], ...]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(words: Sequence[str]) -> set[tuple[str, ...]]:
    return set(zip(*(words[k:] for k in range(K)), strict=False))


def _overlapping(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> range:
    """Indexes of the sentences (sorted by start) overlapping [start, end)."""
    lo = max(0, bisect.bisect_right(starts, start) - 1)
    while lo < len(starts) and ends[lo] <= start:
        lo += 1
    hi = bisect.bisect_left(starts, end)
    return range(lo, max(lo, hi))


def shared_words(
    articles: Iterable[Article], shown: Iterable[str] | None = None
) -> dict[str, list[tuple[int, int]]]:
    """For each article of ``shown`` (default: all), the character spans of its
    runs of words that 5-grams shared with another of ``articles`` cover."""
    arts = list(articles)
    wanted = {a.id for a in arts} if shown is None else set(shown)
    tokens: dict[str, list[str]] = {}
    first: dict[tuple[str, ...], str] = {}
    shared: set[tuple[str, ...]] = set()
    for a in arts:
        # Only the words matter here, not where they are: findall is the fast path.
        toks = tokens[a.id] = _WORD.findall(a.text.lower())
        for g in set(zip(*(toks[k:] for k in range(K)), strict=False)):
            if first.setdefault(g, a.id) != a.id:
                shared.add(g)
    out: dict[str, list[tuple[int, int]]] = {}
    for a in arts:
        if a.id not in wanted:
            continue
        found = list(_WORD.finditer(a.text))
        toks = tokens[a.id]
        if len(toks) != len(found):  # lowercasing changed a word's length (rare)
            toks = [m.group().lower() for m in found]
        grams = zip(*(toks[k:] for k in range(K)), strict=False)
        hits = [i for i, g in enumerate(grams) if g in shared]
        spans: list[tuple[int, int]] = []
        run_start, run_end = -1, -1  # word indexes [start, end) of the current run
        for i in hits:
            if i > run_end:
                if run_end > 0:
                    spans.append((found[run_start].start(), found[run_end - 1].end()))
                run_start = i
            run_end = i + K
        if run_end > 0:
            spans.append((found[run_start].start(), found[run_end - 1].end()))
        out[a.id] = spans
    return out


def runs(text: str, offset: int, shared: Sequence[tuple[int, int]]) -> Runs:
    """``text`` (found at ``offset`` in its article) cut into plain and shared
    runs; the gap between two shared words is shared too."""
    spans: list[tuple[int, int]] = []
    end_of = offset + len(text)
    # A run may start in an earlier sentence and reach into this one.
    lo = bisect.bisect_right(shared, (offset, sys.maxsize)) - 1
    if lo < 0 or shared[lo][1] <= offset:
        lo += 1
    for s, e in shared[lo:]:
        if s >= end_of:
            break
        s, e = max(s, offset) - offset, min(e, end_of) - offset
        if spans and text[spans[-1][1] : s].strip() == "":
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    out: list[tuple[str, bool]] = []
    pos = 0
    for s, e in spans:
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return tuple(out)


def _groups(
    columns: Sequence[Article], links: Iterable[Link]
) -> tuple[DisjointSets[tuple[int, int]], set[tuple[int, int]]]:
    """Union-find over (column, sentence index), and the nodes a copy link joined."""
    uf: DisjointSets[tuple[int, int]] = DisjointSets()
    linked: set[tuple[int, int]] = set()
    col_of = {a.id: c for c, a in enumerate(columns)}
    starts = [[s.start for s in a.sentences] for a in columns]
    ends = [[s.end for s in a.sentences] for a in columns]
    for link in links:
        cs, ct = col_of.get(link.source), col_of.get(link.target)
        if cs is None or ct is None:
            continue
        for p in link.aligned:
            src = _overlapping(starts[cs], ends[cs], p.source_start, p.source_end)
            tgt = _overlapping(starts[ct], ends[ct], p.target_start, p.target_end)
            nodes = [(cs, i) for i in src] + [(ct, i) for i in tgt]
            for node in nodes[1:]:
                uf.union(nodes[0], node)
            linked.update(nodes)
    # Same words: sentences with identical word sequences form one class first,
    # so near-identical copies cost one comparison per distinct sentence.
    classes: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for c, a in enumerate(columns):
        for i, s in enumerate(a.sentences):
            key = tuple(_words(s.text))
            if key:
                classes.setdefault(key, []).append((c, i))
    keys = list(classes)
    for members in classes.values():
        for node in members[1:]:
            uf.union(members[0], node)
    # Shared 5-grams between distinct sentences.
    shingles = [_shingles(key) for key in keys]
    postings: dict[tuple[str, ...], list[int]] = {}
    for k, grams in enumerate(shingles):
        for sh in grams:
            postings.setdefault(sh, []).append(k)
    for k, grams in enumerate(shingles):
        if not grams:
            continue
        common: dict[int, int] = {}
        for sh in grams:
            for other in postings[sh]:
                if other > k:
                    common[other] = common.get(other, 0) + 1
        for other, n in common.items():
            if n >= MIN_SHARED * min(len(grams), len(shingles[other])):
                uf.union(classes[keys[k]][0], classes[keys[other]][0])
    return uf, linked


def align(
    columns: Sequence[Article],
    links: Iterable[Link],
    shared: Mapping[str, Sequence[tuple[int, int]]],
) -> list[AlignRow]:
    """The rows of the side-by-side view of ``columns`` (see the module doc)."""
    uf, linked = _groups(columns, links)
    n = len(columns)
    # group root -> column -> its sentence indexes there, ascending.
    members: dict[tuple[int, int], dict[int, list[int]]] = {}
    for c, a in enumerate(columns):
        for i in range(len(a.sentences)):
            members.setdefault(uf.find((c, i)), {}).setdefault(c, []).append(i)
    # Only groups across two columns or more are alignments.
    live = {root: cols for root, cols in members.items() if len(cols) > 1}
    group_of = {(c, i): root for root, cols in live.items() for c, idx in cols.items() for i in idx}

    def release(root: tuple[int, int], cols: Iterable[int]) -> None:
        """Members of ``root`` in ``cols`` stand alone; a group left in one
        column is no alignment, so all of it stands alone then."""
        for c in list(cols):
            for i in live[root].pop(c, []):
                group_of.pop((c, i), None)
        if len(live[root]) < 2:
            for c, idx in live.pop(root).items():
                for i in idx:
                    group_of.pop((c, i), None)

    heads = [0] * n
    sizes = [len(a.sentences) for a in columns]
    rows: list[AlignRow] = []

    def cell(c: int, i: int) -> SentenceCell:
        s = columns[c].sentences[i]
        aid = columns[c].id
        return SentenceCell(aid, s.start, s.end, runs(s.text, s.start, shared.get(aid, ())))

    while True:
        gap: list[list[SentenceCell]] = [[] for _ in range(n)]
        for c in range(n):
            while heads[c] < sizes[c] and (c, heads[c]) not in group_of:
                gap[c].append(cell(c, heads[c]))
                heads[c] += 1
        if any(gap):
            rows.append(AlignRow(None, False, tuple(tuple(g) for g in gap)))
        open_cols = [c for c in range(n) if heads[c] < sizes[c]]
        if not open_cols:
            break
        at_head: dict[tuple[int, int], list[int]] = {}
        for c in open_cols:
            at_head.setdefault(group_of[(c, heads[c])], []).append(c)
        ready = [g for g, cs in at_head.items() if len(cs) == len(live[g])]
        if ready:
            root = min(ready, key=lambda g: sum(heads[c] for c in live[g]))
        else:
            # Crossing alignments: place the group most columns have reached and
            # let its members elsewhere stand alone.
            root = max(at_head, key=lambda g: (len(at_head[g]), -min(at_head[g])))
            release(root, [c for c in live[root] if c not in at_head[root]])
            if root not in live:
                continue
        cells: list[tuple[SentenceCell, ...]] = [() for _ in range(n)]
        is_linked = False
        for c in live[root]:
            taken: list[SentenceCell] = []
            while heads[c] < sizes[c] and group_of.get((c, heads[c])) == root:
                is_linked = is_linked or (c, heads[c]) in linked
                taken.append(cell(c, heads[c]))
                heads[c] += 1
            cells[c] = tuple(taken)
        # Members further down a column (not adjacent to the row) stand alone.
        release(root, list(live[root]))
        rows.append(AlignRow(sum(r.group is not None for r in rows) + 1, is_linked, tuple(cells)))
    return rows
