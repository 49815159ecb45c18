"""jobs.CachedEmbedder: vectors come from the store's cache, from this run's
new vectors, or from the encoder, each text encoded at most once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsdesk.jobs import CachedEmbedder


def _vec(text: str) -> np.ndarray:
    v = np.zeros(384, dtype=np.float32)
    v[sum(map(ord, text)) % 384] = 1.0
    v[len(text) % 384] += 0.5
    return v


def test_each_text_encoded_once_and_cached_vectors_reused() -> None:
    encoded: list[list[str]] = []

    def encode(texts: Sequence[str]) -> np.ndarray:
        encoded.append(list(texts))
        return np.stack([_vec(t) for t in texts])

    key = CachedEmbedder(encode, lookup=lambda keys: {}, model_id="m")._key
    stored = {key("old sentence"): _vec("old sentence").tobytes()}
    asked: list[list[str]] = []

    def lookup(keys: Sequence[str]) -> dict[str, bytes]:
        asked.append(list(keys))
        return {k: stored[k] for k in keys if k in stored}

    emb = CachedEmbedder(encode, lookup=lookup, model_id="m")
    first = emb.encode(["old sentence", "new one", "new one", "another"])
    assert np.array_equal(
        first, np.stack([_vec(t) for t in ["old sentence", "new one", "new one", "another"]])
    )
    assert sorted(encoded[0]) == [
        "another",
        "new one",
    ]  # each missing text once, never a cached one
    second = emb.encode(["another", "third"])
    assert np.array_equal(second, np.stack([_vec("another"), _vec("third")]))
    assert encoded[1] == ["third"]
    # This run's vectors are not asked of the store again.
    assert key("another") not in asked[1]
    assert len(emb.new) == 3 and emb.hits == 3
    assert emb.encode([]).shape == (0, 384)
