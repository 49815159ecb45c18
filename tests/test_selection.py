"""The set choice of a summary's sentences (``newsdesk.selection``)."""

from __future__ import annotations

import numpy as np

from newsdesk.selection import (
    SUBSET_FEATURES,
    SUBSET_WEIGHTS,
    Pool,
    best_subset,
    consensus,
    feasible,
    subset_features,
)


def _pool(texts: list[str], articles: list[str], scores: list[float]) -> Pool:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(texts), 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    s = np.asarray(scores, dtype=np.float64)
    return Pool(
        texts=texts,
        article_ids=articles,
        positions=list(range(len(texts))),
        scores=s,
        ranks=s,
        vectors=vectors,
    )


def test_every_feasible_set_fits_the_budget_and_the_sentence_cap() -> None:
    rng = np.random.default_rng(3)
    texts = [" ".join(["word"] * int(n)) for n in rng.integers(5, 40, size=14)]
    pool = _pool(texts, ["a"] * 14, list(rng.random(14)))
    shortest = min(pool.words(j) for j in range(14))
    for words in (shortest, 20, 65, 120):
        sets = feasible(pool, words=words, sentences=None)
        assert sets, words
        assert all(sum(pool.words(j) for j in s) <= words for s in sets)
        # Only the ten best-ranked of the candidates that fit are considered.
        fits = [j for j in np.argsort(-pool.ranks).tolist() if pool.words(j) <= words]
        assert {j for s in sets for j in s} == set(fits[:10])
    assert all(len(s) <= 2 for s in feasible(pool, words=200, sentences=2))
    assert feasible(pool, words=shortest - 1, sentences=None) == []


def test_a_set_in_which_a_sentence_restates_a_better_one_is_not_feasible() -> None:
    texts = [
        "The Gannet ferry struck the Lowmere harbour wall on Thursday, injuring four passengers.",
        "Four passengers were injured when the Gannet ferry struck the harbour wall.",
        "The Gannet ferry did not strike the harbour wall, its operator insists.",
    ]
    pool = _pool(texts, ["a", "b", "c"], [3.0, 2.0, 1.0])
    sets = feasible(pool, words=100, sentences=None, said={}, repeat=0.8)
    assert (0, 1) not in sets and (0, 1, 2) not in sets
    # Each alone is fine, and a denial is news beside what it denies.
    assert {(0,), (1,), (2,), (0, 2), (1, 2)} <= set(sets)
    assert (0, 1) in feasible(pool, words=100, sentences=None)


def test_consensus_counts_articles_not_repetitions() -> None:
    agreed = consensus(
        ["Floodwater closed the Tarrow bridge. The Tarrow bridge stays shut.", "The Tarrow bridge"],
        ["Tarrow bridge shut"],
    )
    assert agreed.articles[("tarrow", "bridge")] == 2
    assert agreed.articles[("bridge", "stays")] == 1
    assert ("bridge", "shut") in agreed.titles and agreed.n_articles == 2


def test_the_set_other_outlets_word_it_like_wins_among_equal_scores() -> None:
    texts = [
        "Floodwater closed the Tarrow bridge on Monday after the river rose two metres.",
        "Residents of the valley held a vigil for the lost ferryman at the old mill.",
    ]
    pool = _pool(texts, ["a", "a"], [1.0, 1.0])
    others = [
        "The Tarrow bridge was closed by floodwater on Monday after the river rose two metres.",
        "Engineers say the river rose two metres before floodwater closed the Tarrow bridge.",
    ]
    agreed = consensus([texts[0] + " " + texts[1], *others], ["Floodwater closes Tarrow bridge"])
    x = subset_features(pool, [(0,), (1,)], agreed)
    shared = SUBSET_FEATURES.index("shared_bigrams")
    assert x[0, shared] > x[1, shared] == 0
    assert best_subset(pool, agreed, words=20, sentences=None) == [0]


def test_the_shipped_weights_are_fitted() -> None:
    w = dict(zip(SUBSET_FEATURES, SUBSET_WEIGHTS, strict=True))
    assert len(SUBSET_WEIGHTS) == len(SUBSET_FEATURES)
    # The per-sentence scores and the phrasing the outlets share both count.
    assert w["score"] > 0 and w["shared_share"] > 0 and w["title_bigrams"] > 0
