"""Choosing a summary's sentences: as a set under a word budget, greedily otherwise.

The per-sentence score (``summarize.features``) says how much of the story a
sentence carries on its own; a summary is judged as a whole: two sentences may
each score well and say the same thing, or a pair of shorter sentences may
together say more than the one long sentence a greedy fill takes first. So the
sets of a story's best candidates that fit the word budget are enumerated and
each is scored by a linear model of set-level signals, fitted on the AllSides
roundup *train* split against each set's ROUGE-2 by
``scripts/fit_summary_sets.py``.

The signal the per-sentence score lacks is consensus: how many of a set's word
pairs (bigrams) other independent articles of the story also print, and how
many the outlets' own titles print. A summary built of the phrasing several
outlets share is the one a reader (and an editor's roundup) recognises as the
story. A story from one outlet has no consensus to read; ``summarize`` fills
those greedily.

Enumeration is exact and small: the ``pool`` best candidates that fit (by
per-sentence score per word**density), sets of up to ``max_sentences``; 10 and
6 give at most 847 sets per story (about 6 ms a story on the 10,000-article
benchmark).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from .dedup import content_weights

SUBSET_FEATURES = (
    "score",  # sum of the sentences' own scores (summarize.features @ weights)
    "words",  # words of the set
    "sentences",
    "outlets",  # share of the story's independent articles the set draws on
    "closest_pair",  # highest cosine between two of its sentences
    "centroid",  # cosine of the set's mean vector to all candidates' mean
    "shared_bigrams",  # its bigrams another independent article also prints
    "widely_shared_bigrams",  # ... that two other articles print
    "shared_share",  # shared_bigrams / its distinct bigrams
    "title_bigrams",  # its bigrams an outlet's title prints
    "position",  # mean position of its sentences in their articles
)
# Fitted by scripts/fit_summary_sets.py on roundup_train (ridge, alpha 1000 on
# standardised features, on the within-cluster-centred ROUGE-2 F1 of every
# feasible set under the headline). Fitted on one random half of train and
# scored on the other, against the greedy choice: R1/R2 42.26/18.88 ->
# 42.41/19.06 and 41.87/18.35 -> 41.99/18.87.
SUBSET_WEIGHTS = (
    0.0573014,
    -7.57909e-05,
    0.00840401,
    -0.00312101,
    -0.00806064,
    0.0346844,
    0.00173107,
    0.00245801,
    0.0657409,
    0.00236823,
    -0.00371463,
)

_WORD = re.compile(r"[^\W_]+")


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(text.lower())
    return set(itertools.pairwise(words))


@dataclass(frozen=True, slots=True)
class Consensus:
    """How many independent articles print each bigram, and the titles' bigrams."""

    articles: Mapping[tuple[str, str], int]
    titles: frozenset[tuple[str, str]]
    n_articles: int


def consensus(documents: Sequence[str], titles: Sequence[str]) -> Consensus:
    """``documents``: the text (title and body) of each independent article."""
    counts: Counter[tuple[str, str]] = Counter()
    for doc in documents:
        counts.update(_bigrams(doc))
    in_titles = frozenset(g for t in titles for g in _bigrams(t))
    return Consensus(counts, in_titles, max(len(documents), 1))


@dataclass(frozen=True, slots=True)
class Pool:
    """The candidates a summary may be built from, with what the set model reads.

    ``scores`` are the per-sentence model's; ``ranks`` order the pool (score per
    word**density, as the greedy choice uses)."""

    texts: Sequence[str]
    article_ids: Sequence[str]
    positions: Sequence[int]
    scores: npt.NDArray[np.float64]
    ranks: npt.NDArray[np.float64]
    vectors: npt.NDArray[np.floating]

    def words(self, j: int) -> int:
        return len(self.texts[j].split())


_NEGATION = re.compile(r"\b(?:not|no|never|nor|none|neither)\b|n[’']t\b", re.IGNORECASE)


def repeats(text: str, said: Mapping[str, float], share: float) -> bool:
    """Whether ``share`` of ``text``'s content-word weight is already ``said``.

    At 0.8 on roundup train, the sentences it drops mostly restate one before
    ("Haley resigned" twice) and ROUGE is unchanged; a word-level test, not
    entailment, so a negation always counts as news."""
    weights = content_weights(text)
    if not weights or _NEGATION.search(text):
        return False
    return sum(w for k, w in weights.items() if k in said) >= share * sum(weights.values())


def feasible(
    pool: Pool,
    *,
    words: int,
    sentences: int | None,
    size: int = 10,
    max_sentences: int = 6,
    said: Mapping[str, float] | None = None,
    repeat: float = 1.0,
) -> list[tuple[int, ...]]:
    """Every non-empty set of the ``size`` best-ranked candidates (of those that
    fit at all) that fits ``words`` (and ``sentences``) and in which no sentence
    restates what the headline (``said``) and the set's better-ranked sentences
    already say."""
    ranked = [int(j) for j in np.argsort(-pool.ranks, kind="stable")]
    top = [j for j in ranked if pool.words(j) <= words][:size]
    cap = max_sentences if sentences is None else min(max_sentences, sentences)
    weights = {j: content_weights(pool.texts[j]) for j in top}
    length = {j: pool.words(j) for j in top}
    out: list[tuple[int, ...]] = []
    for r in range(1, cap + 1):
        for combo in itertools.combinations(top, r):
            if sum(length[j] for j in combo) > words:
                continue
            if repeat <= 1.0 and _restates(combo, weights, pool, said or {}, repeat):
                continue
            out.append(combo)
    return out


def _restates(
    combo: tuple[int, ...],
    weights: Mapping[int, Mapping[str, float]],
    pool: Pool,
    said: Mapping[str, float],
    share: float,
) -> bool:
    """As the greedy choice judges it: in rank order, each sentence after the
    first against the headline and the better-ranked ones (the first may
    restate the headline: it is usually the sentence that backs it)."""
    ordered = sorted(combo, key=lambda j: -pool.ranks[j])
    told = dict(said)
    told.update(weights[ordered[0]])
    for j in ordered[1:]:
        if repeats(pool.texts[j], told, share):
            return True
        told.update(weights[j])
    return False


class Choosable(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def words(self) -> int: ...


def select(
    cands: Sequence[Choosable],
    scores: npt.NDArray[np.float64],
    sims: npt.NDArray[np.floating],
    *,
    words: int | None,
    sentences: int | None,
    redundancy: float,
    groups: Sequence[str] | None = None,
    balance: float = 0.0,
    said: Mapping[str, float] | None = None,
    repeat: float = 1.0,
) -> list[int]:
    """Greedy choice under the budget: the best-scoring sentence that still fits,
    penalised by its similarity to what is already chosen and by how many
    chosen sentences share its group (outlet).

    With ``said`` (content words of what is already in the summary, e.g. its
    headline), a sentence is left out once ``repeat`` of its content-word weight
    is already said, unless it negates something (then it says something new)."""
    chosen: list[int] = []
    used = 0
    left = set(range(len(cands)))
    told = dict(said) if said is not None else None
    while left and (sentences is None or len(chosen) < sentences):
        best, best_value = -1, -np.inf
        for j in list(left):
            if words is not None and used + cands[j].words > words:
                continue
            if told is not None and chosen and repeats(cands[j].text, told, repeat):
                left.discard(j)
                continue
            near = max((float(sims[j, k]) for k in chosen), default=0.0)
            value = float(scores[j]) - redundancy * near
            if groups is not None:
                value -= balance * sum(groups[k] == groups[j] for k in chosen)
            if value > best_value:
                best, best_value = j, value
        if best < 0:
            break
        chosen.append(best)
        used += cands[best].words
        left.discard(best)
        if told is not None:
            told.update(content_weights(cands[best].text))
    return chosen


def subset_features(
    pool: Pool, sets: Sequence[tuple[int, ...]], agreed: Consensus
) -> npt.NDArray[np.float64]:
    """One row of ``SUBSET_FEATURES`` per set."""
    grams = [_bigrams(t) for t in pool.texts]
    vectors = np.asarray(pool.vectors, dtype=np.float64)
    centroid = vectors.mean(axis=0) if len(vectors) else vectors
    centroid = centroid / (float(np.linalg.norm(centroid)) or 1.0)
    sims = vectors @ vectors.T
    rows = []
    for combo in sets:
        idx = list(combo)
        union: set[tuple[str, str]] = set().union(*(grams[j] for j in idx))
        shared = sum(1 for g in union if agreed.articles.get(g, 0) >= 2)
        mean = vectors[idx].mean(axis=0)
        closest = max((float(sims[j, k]) for j, k in itertools.combinations(idx, 2)), default=0.0)
        rows.append(
            (
                float(pool.scores[idx].sum()),
                float(sum(pool.words(j) for j in idx)),
                float(len(idx)),
                len({pool.article_ids[j] for j in idx}) / agreed.n_articles,
                closest,
                float(mean @ centroid) / (float(np.linalg.norm(mean)) or 1.0),
                float(shared),
                float(sum(1 for g in union if agreed.articles.get(g, 0) >= 3)),
                shared / max(len(union), 1),
                float(sum(1 for g in union if g in agreed.titles)),
                float(np.mean([pool.positions[j] for j in idx])),
            )
        )
    return np.array(rows, dtype=np.float64).reshape(-1, len(SUBSET_FEATURES))


def best_subset(
    pool: Pool,
    agreed: Consensus,
    *,
    words: int,
    sentences: int | None,
    weights: Sequence[float] = SUBSET_WEIGHTS,
    said: Mapping[str, float] | None = None,
    repeat: float = 1.0,
    size: int = 10,
) -> list[int]:
    """The feasible set the model scores highest (empty when no candidate fits).

    Outlet balance is the model's "outlets" signal here, not a fixed penalty:
    on roundup train the greedy choice's per-outlet penalty (0.01) cost the set
    choice 0.1 ROUGE-2, and 0.001 moved it by noise."""
    sets = feasible(pool, words=words, sentences=sentences, size=size, said=said, repeat=repeat)
    if not sets:
        return []
    value = subset_features(pool, sets, agreed) @ np.asarray(weights, dtype=np.float64)
    return list(sets[int(np.argmax(value))])
