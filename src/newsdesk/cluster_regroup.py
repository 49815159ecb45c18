"""Member-level similarity for story clustering: the complete-link floor and the
regrouping repair.

Average link alone lets two events of the same kind share a story (two
earthquakes, two emergency software patches): their articles are, on average,
about as close to each other as to their own event, and one story absorbs both.
What tells them apart is that some pairs across the two events are far apart,
while within one event almost none are. So a story also keeps a floor: no two of
its articles may score below ``min_threshold`` (complete link). The average still
chooses among the stories that pass, and still decides whether to join at all.

A floor makes online assignment depend on arrival order (an early article can
block a later, better grouping), so the repair re-clusters: stories that average
link would merge are gathered with their articles and agglomerated again, best
average first, under the same floor. That both merges fragments and splits what
the arrival order got wrong; articles placed from stored assignments stay
together as one indivisible unit, so re-runs keep their stories.

Everything here is numpy over the articles of a few stories (a component of
stories within the time window), never over the corpus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

# Undated units sit at no distance from anything (as undated stories do).
_NO_DAY = -(10**9)
# Term entries per storage chunk of the term bank (4 MB of ids, 4 MB of weights).
_CHUNK = 1 << 20


class TermBank:
    """Every placed article's rare-word vector as term ids and weights, by slot
    (arrival number), so scores against single members are array operations.

    Stored in large shared chunks, not an array pair per article: at 100,000
    articles the per-object overhead and the heap fragmentation of small arrays
    cost more than the vectors themselves.
    """

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.words: list[str] = []
        self._id_chunks: list[npt.NDArray[np.int32]] = []
        self._w_chunks: list[F32] = []
        self._used = 0  # entries used in the last chunk
        self._where = np.zeros((1024, 3), dtype=np.int64)  # per slot: chunk, start, end
        self._n = 0
        # One article's weights spread by term id, reset after each use.
        self._dense = np.zeros(4096, dtype=np.float32)

    def add(self, terms: Mapping[str, float]) -> dict[str, float]:
        """Store an article's vector; returns it as stored (float32 weights)."""
        vocab, words = self.vocab, self.words
        found = list(map(vocab.get, terms, repeat(-1)))
        if -1 in found:
            for k, word in enumerate(terms):
                if found[k] == -1:
                    found[k] = vocab.setdefault(word, len(words))
                    if found[k] == len(words):
                        words.append(word)
        n = len(found)
        if not self._id_chunks or self._used + n > _CHUNK:
            self._id_chunks.append(np.empty(max(_CHUNK, n), dtype=np.int32))
            self._w_chunks.append(np.empty(max(_CHUNK, n), dtype=np.float32))
            self._used = 0
        chunk, start = len(self._id_chunks) - 1, self._used
        self._id_chunks[chunk][start : start + n] = found
        weights = self._w_chunks[chunk][start : start + n]
        weights[:] = np.fromiter(terms.values(), dtype=np.float32, count=n)
        self._used += n
        if self._n == len(self._where):
            self._where = np.concatenate([self._where, np.zeros_like(self._where)])
        self._where[self._n] = (chunk, start, start + n)
        self._n += 1
        if len(words) > len(self._dense):
            self._dense = np.zeros(2 * len(words), dtype=np.float32)
        return dict(zip(terms, weights.tolist(), strict=True))

    def vector(self, slot: int) -> tuple[npt.NDArray[np.int32], F32]:
        """Term ids and weights of article ``slot`` (views into the store)."""
        chunk, start, end = self._where[slot].tolist()
        return self._id_chunks[chunk][start:end], self._w_chunks[chunk][start:end]

    def _gather(self, slots: Sequence[int]) -> tuple[I64, npt.NDArray[np.int32], F32]:
        parts = [self.vector(s) for s in slots]
        lens = np.fromiter((len(ids) for ids, _w in parts), dtype=np.int64, count=len(parts))
        if not parts:
            return lens, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        ids = np.concatenate([ids for ids, _w in parts])
        return lens, ids, np.concatenate([w for _ids, w in parts])

    def terms(self, slot: int) -> dict[str, float]:
        """The article's vector as stored (float32 weights): stories sum these, so a
        story rebuilt by the repair holds exactly what one grown online would."""
        ids, weights = self.vector(slot)
        keys = [self.words[i] for i in ids.tolist()]
        return dict(zip(keys, weights.tolist(), strict=True))

    def dots(self, slot: int, members: Sequence[int]) -> F64:
        """Rare-word dot product of article ``slot`` with each of ``members``."""
        ids, weights = self.vector(slot)
        dense = self._dense
        dense[ids] = weights
        try:
            lens, cat, wts = self._gather(members)
            owner = np.repeat(np.arange(len(members)), lens)
            out = np.asarray(
                np.bincount(owner, weights=dense[cat] * wts, minlength=len(members)),
                dtype=np.float64,
            )
        finally:
            dense[ids] = 0.0
        return out

    def gram(self, slots: Sequence[int]) -> F64:
        """Rare-word dot products of every pair of ``slots`` (m x m).

        A sparse product done by hand (numpy only): entries are grouped by term,
        and each term shared by c articles adds its c x c outer product: one
        numpy product for a term many share, expanded pairs in bounded batches
        for the many terms few share (memory stays O(m^2 + batch)).
        """
        m = len(slots)
        out = np.zeros((m, m))
        lens, ids, weights = self._gather(slots)
        if not lens.sum():
            return out
        wts = weights.astype(np.float64)
        owner = np.repeat(np.arange(m), lens)
        order = np.argsort(ids, kind="stable")
        ids, wts, owner = ids[order], wts[order], owner[order]
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        sizes = np.diff(np.r_[starts, len(ids)])
        wide = sizes >= _WIDE_TERM
        for s, c in zip(starts[wide].tolist(), sizes[wide].tolist(), strict=True):
            who, w = owner[s : s + c], wts[s : s + c]
            out[np.ix_(who, who)] += np.outer(w, w)
        # A term one article has adds nothing off the diagonal.
        few = (sizes >= 2) & ~wide
        starts, sizes = starts[few], sizes[few]
        cost = np.cumsum(sizes**2)
        lo = 0
        while lo < len(sizes):
            before = int(cost[lo] - sizes[lo] ** 2)
            hi = max(lo + 1, int(np.searchsorted(cost, before + _BATCH, side="right")))
            out += _outer_sums(owner, wts, starts[lo:hi], sizes[lo:hi], m)
            lo = hi
        return out


# A term shared by this many articles of a group gets its own outer product.
_WIDE_TERM = 48
# Expanded (article, article) entries per batch of terms.
_BATCH = 1 << 20


def _outer_sums(owner: I64, wts: F64, starts: I64, sizes: I64, m: int) -> F64:
    """Sum of the outer products of the term groups ``starts``/``sizes`` (into
    ``owner``/``wts``), as an m x m matrix, by expanding every pair of entries."""
    per = np.repeat(sizes, sizes)  # group size, per entry
    entry = np.repeat(starts, sizes) + (
        np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    )
    left = np.repeat(entry, per)
    first = np.repeat(np.repeat(starts, sizes), per)
    right = first + (np.arange(len(left)) - np.repeat(np.cumsum(per) - per, per))
    flat = owner[left] * m + owner[right]
    sums = np.bincount(flat, weights=wts[left] * wts[right], minlength=m * m)
    return np.asarray(sums, dtype=np.float64).reshape(m, m)


@dataclass(frozen=True, slots=True)
class Floor:
    """The scoring rules shared by the online join and the repair."""

    embedding_weight: float
    threshold: float
    min_threshold: float
    day_penalty: float
    grace_days: int
    window_days: int

    def penalty(self, gap: F64) -> F64:
        out: F64 = self.day_penalty * np.maximum(0, gap - self.grace_days)
        return out


def span_gap(first: I64, last: I64, i: int) -> F64:
    """Days between unit ``i``'s span and every unit's (0 when either is undated)."""
    gap: F64 = np.maximum(np.maximum(first - last[i], first[i] - last), 0).astype(np.float64)
    undated = (first == _NO_DAY) | (first[i] == _NO_DAY)
    gap[undated] = 0.0
    return gap


def agglomerate(
    pairs: F64,
    units: Sequence[Sequence[int]],
    *,
    first: Sequence[int | None],
    last: Sequence[int | None],
    rule: Floor,
) -> list[list[int]]:
    """Average-link agglomeration of ``units`` (lists of indices into ``pairs``),
    best average first, while the best pair reaches ``rule.threshold`` (less the
    day penalty between their spans) and its lowest member pair reaches
    ``rule.min_threshold``, within the window.

    ``first``/``last``: each unit's first and last day as ordinals, or None.
    Returns clusters as lists of unit indices, each sorted, in order of their
    first unit. Deterministic: ties go to the lower indices.
    """
    k = len(units)
    order = [i for u in units for i in u]
    sizes = np.array([len(u) for u in units], dtype=np.float64)
    starts = np.r_[0, np.cumsum(sizes[:-1])].astype(np.int64)
    p = pairs[np.ix_(order, order)]
    total = np.add.reduceat(np.add.reduceat(p, starts, axis=0), starts, axis=1)
    low = np.minimum.reduceat(np.minimum.reduceat(p, starts, axis=0), starts, axis=1)
    f = np.array([_NO_DAY if d is None else d for d in first], dtype=np.int64)
    la = np.array([_NO_DAY if d is None else d for d in last], dtype=np.int64)
    alive = np.ones(k, dtype=bool)
    members: list[list[int]] = [[i] for i in range(k)]

    def row_scores(i: int) -> F64:
        gap = span_gap(f, la, i)
        pen = rule.penalty(gap)
        avg = total[i] / (sizes[i] * sizes) - pen
        ok = (
            alive
            & (avg >= rule.threshold)
            & (low[i] >= rule.min_threshold)
            & (gap <= rule.window_days)
        )
        ok[i] = False
        return np.where(ok, avg, -np.inf)

    score = np.full((k, k), -np.inf)
    for i in range(k):
        score[i] = row_scores(i)
    best = score.argmax(axis=1)
    best_val = score[np.arange(k), best]
    while k > 1:
        i = int(best_val.argmax())
        if not np.isfinite(best_val[i]):
            break
        j = int(best[i])
        i, j = min(i, j), max(i, j)
        total[i] += total[j]
        total[:, i] = total[i]
        low[i] = np.minimum(low[i], low[j])
        low[:, i] = low[i]
        sizes[i] += sizes[j]
        if f[j] != _NO_DAY:
            f[i] = f[j] if f[i] == _NO_DAY else min(f[i], f[j])
            la[i] = max(la[i], la[j])
        members[i] += members[j]
        alive[j] = False
        score[j] = -np.inf
        score[:, j] = -np.inf
        score[i] = row_scores(i)
        score[:, i] = score[i]
        best_val[j] = -np.inf
        # Rows whose best partner was i or j look again; others only compare with i.
        stale = np.flatnonzero(alive & ((best == i) | (best == j)))
        for r in stale:
            best[r] = int(score[r].argmax())
            best_val[r] = score[r, best[r]]
        better = alive & (score[:, i] > best_val)
        best[better] = i
        best_val[better] = score[better, i]
        best[i] = int(score[i].argmax())
        best_val[i] = score[i, best[i]]
    return [sorted(members[i]) for i in range(len(units)) if alive[i]]
