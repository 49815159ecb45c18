"""Member-level scoring for story clustering: term bank products and agglomeration."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.cluster import _dot
from newsdesk.cluster_regroup import Floor, TermBank, agglomerate

_RULE = Floor(
    embedding_weight=1.0,
    threshold=0.3,
    min_threshold=0.5,
    day_penalty=0.1,
    grace_days=0,
    window_days=7,
)


def _random_terms(rng: np.random.Generator, vocab: list[str]) -> dict[str, float]:
    words = rng.choice(vocab, size=min(len(vocab), int(rng.integers(0, 12))), replace=False)
    weights = rng.random(len(words))
    norm = float(np.sqrt((weights**2).sum())) or 1.0
    return {str(w): float(v) / norm for w, v in zip(words, weights, strict=True)}


@pytest.mark.parametrize("n_words", [30, 6])
def test_term_bank_products_match_sparse_dot_products(n_words: int) -> None:
    # 6 words over 80 articles: terms shared by 48 or more take the dense path.
    rng = np.random.default_rng(7)
    vocab = [f"w{i}" for i in range(n_words)]
    bank = TermBank()
    n = 80
    vectors = [bank.add(_random_terms(rng, vocab)) for _ in range(n)]
    gram = bank.gram(list(range(n)))
    widest = max(sum(w in v for v in vectors) for w in vocab)
    assert (widest >= 48) == (n_words == 6)
    for i in range(n):
        dots = bank.dots(i, list(range(n)))
        for j in range(n):
            expected = _dot(vectors[i], vectors[j])
            assert abs(dots[j] - expected) < 1e-6
            if i != j:
                assert abs(gram[i, j] - expected) < 1e-6
    assert bank.terms(3) == vectors[3]
    # The scratch array used by ``dots`` is left clean.
    assert not bank._dense.any()


def test_agglomerate_merges_best_first_under_the_floor() -> None:
    # Cosines of unit vectors at 0°, 35°, 70°, 80°.
    angles = np.radians([0, 35, 70, 80])
    vecs = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    pairs = vecs @ vecs.T
    units = [[0], [1], [2], [3]]
    none: list[int | None] = [None] * 4
    assert agglomerate(pairs, units, first=none, last=none, rule=_RULE) == [[0, 1], [2, 3]]
    # A unit is never split: 0 and 3 (cosine 0.17) stay together; 1 goes with its
    # best partner 2, and then the floor keeps the two groups apart.
    together = agglomerate(pairs, [[0, 3], [1], [2]], first=[None] * 3, last=[None] * 3, rule=_RULE)
    assert together == [[0], [1, 2]]


def test_agglomerate_keeps_the_window_and_the_day_penalty() -> None:
    pairs = np.ones((2, 2))
    units = [[0], [1]]
    # Ten days apart: outside the 7-day window, however alike.
    assert agglomerate(pairs, units, first=[0, 10], last=[0, 10], rule=_RULE) == [[0], [1]]
    # Three days cost 0.3 of the average (1.0 -> 0.7): still merged.
    assert agglomerate(pairs, units, first=[0, 3], last=[0, 3], rule=_RULE) == [[0, 1]]
    # Undated units are at no distance from anything.
    assert agglomerate(pairs, units, first=[0, None], last=[0, None], rule=_RULE) == [[0, 1]]
