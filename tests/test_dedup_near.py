"""Near-duplicate detection: exact duplicates, edited copies, trimmed copies, and
the fast word/shingle hashing agreeing with the plain definitions."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import numpy as np
import pytest

from newsdesk.dedup import DedupConfig, PairFinding, find_copies
from newsdesk.minhash import _hash_texts, _signatures, shingles, similar_sets, words
from newsdesk.model import Article


def _vocabulary(size: int) -> list[str]:
    syllables = "ba ce di fo gu ha ke li mo nu pa re si to vu wa xe yo za bre cla dro fri"
    parts = syllables.split(" ")
    rng = random.Random(0)
    out: dict[str, None] = {}
    while len(out) < size:
        out["".join(rng.choice(parts) for _ in range(rng.randint(1, 4)))] = None
    return list(out)


_VOCAB = _vocabulary(4000)
_WEIGHTS = [1 / (rank + 1) for rank in range(len(_VOCAB))]


def _article_text(seed: int, n_words: int = 320, *, extra: str = "") -> str:
    """Seeded news-like text: Zipf-weighted words in sentences and paragraphs."""
    rng = random.Random(seed)
    drawn = rng.choices(_VOCAB, weights=_WEIGHTS, k=n_words)
    sentences, i = [], 0
    while i < len(drawn):
        n = rng.randint(8, 20)
        chunk = drawn[i : i + n]
        sentences.append(" ".join(chunk).capitalize() + ".")
        i += n
    paras = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
    if extra:
        paras.insert(len(paras) // 2, extra)
    return "\n\n".join(paras)


def _substitute(text: str, share: float, seed: int) -> str:
    """Replace ``share`` of the words (never punctuation) with other words."""
    rng = random.Random(seed)
    tokens = text.split(" ")
    picks = rng.sample(range(len(tokens)), round(share * len(tokens)))
    for i in picks:
        m = re.match(r"^(\w+)(.*)$", tokens[i], re.S)
        if m:
            tokens[i] = rng.choice(["zorbly", "quenfit", "marlow", "tesk", "vindra"]) + m[2]
    return " ".join(tokens)


def _articles(texts: list[str]) -> list[Article]:
    return [
        Article(id=f"a{i:03d}", path=f"{i}.txt", format="text", text=t, source_text=t)
        for i, t in enumerate(texts)
    ]


def _pairs(findings: list[PairFinding]) -> dict[tuple[int, int], PairFinding]:
    return {(f.left, f.right): f for f in findings}


def _exact(a: str, b: str, k: int = 3) -> tuple[float, float]:
    sa, sb = shingles(words(a), k), shingles(words(b), k)
    inter = len(sa & sb)
    return inter / len(sa | sb), inter / min(len(sa), len(sb))


CONFIG = DedupConfig()


def test_exact_duplicate_detected_despite_case_spacing_and_punctuation() -> None:
    text = _article_text(1)
    noisy = text.upper().replace(". ", " ... ").replace("\n\n", "\n \n  ")
    found = _pairs(find_copies(_articles([text, _article_text(2), noisy]), config=CONFIG))
    assert list(found) == [(0, 2)]
    assert found[(0, 2)].kind == "duplicate"
    assert found[(0, 2)].score == 1.0


def test_every_pair_of_identical_articles_is_a_duplicate() -> None:
    text = _article_text(3)
    edited = _substitute(text, 0.05, seed=1)
    found = _pairs(find_copies(_articles([text, text, edited, text]), config=CONFIG))
    assert {k for k, f in found.items() if f.kind == "duplicate"} == {(0, 1), (0, 3), (1, 3)}
    # The edited copy is a near-duplicate of each identical article, scored alike.
    near = {k: f for k, f in found.items() if f.kind == "near_duplicate"}
    assert set(near) == {(0, 2), (1, 2), (2, 3)}
    assert len({f.score for f in near.values()}) == 1


def test_copy_with_ten_percent_substitutions_is_a_near_duplicate() -> None:
    original = _article_text(4)
    copy = _substitute(original, 0.10, seed=2)
    others = [_article_text(s) for s in range(10, 20)]
    found = _pairs(find_copies(_articles([original, *others, copy]), config=CONFIG))
    assert list(found) == [(0, 11)]
    f = found[(0, 11)]
    assert f.kind == "near_duplicate"
    jac, cont = _exact(original, copy)
    assert 0.4 < jac < 0.8
    assert f.score == round(max(jac, cont), 4)


def test_trimmed_copy_is_found_through_containment() -> None:
    original = _article_text(5, 600)
    paras = original.split("\n\n")
    trimmed = "\n\n".join(paras[: len(paras) // 2])  # the first half, nothing else
    jac, cont = _exact(original, trimmed)
    assert cont == 1.0 and jac < 0.6
    # Jaccard alone would not do at this bar; containment (1.0 >= 0.6) does.
    strict = replace(CONFIG, near_jaccard=0.9)
    found = _pairs(find_copies(_articles([original, _article_text(6), trimmed]), config=strict))
    assert list(found) == [(0, 2)]
    f = found[(0, 2)]
    assert f.kind == "near_duplicate"
    assert f.contained_right == 1.0  # the trimmed copy lies whole inside the original
    sa, sb = shingles(words(original), 3), shingles(words(trimmed), 3)
    assert f.contained_left == pytest.approx(len(sb) / len(sa))
    assert f.score == 1.0


def test_articles_on_the_same_story_are_not_linked() -> None:
    quote = (
        '"We will rebuild the harbour wall before the winter storms arrive," said Mayor '
        "Ingrid Haldane on Tuesday in Port Ellis."
    )
    a = _article_text(7, extra=quote)
    b = _article_text(8, extra=quote)
    jac, _ = _exact(a, b)
    assert 0 < jac < 0.1  # the shared quote, nothing more
    assert find_copies(_articles([a, b]), config=CONFIG) == []


def test_short_texts_are_only_matched_exactly() -> None:
    short = "The council approved the new harbour budget on Monday after a long debate."
    assert len(words(short)) < CONFIG.min_words
    edited = short.replace("Monday", "Tuesday")
    found = _pairs(find_copies(_articles([short, edited, short]), config=CONFIG))
    assert list(found) == [(0, 2)]
    assert found[(0, 2)].kind == "duplicate"
    # Texts without a word are copies of nothing, not duplicates of each other.
    assert find_copies(_articles(["", " ... ", "", "\u201c\u201d"]), config=CONFIG) == []


def test_results_are_deterministic_for_a_seed() -> None:
    base = [_article_text(s) for s in range(30, 40)]
    texts = base + [_substitute(t, 0.12, seed=i) for i, t in enumerate(base[:5])]
    arts = _articles(texts)
    first = find_copies(arts, config=CONFIG)
    assert find_copies(arts, config=CONFIG) == first
    assert {(f.left, f.right) for f in first} == {(i, 10 + i) for i in range(5)}
    h = _hash_texts(texts, 3)
    sig = _signatures(h.hashes, h.offsets, CONFIG.num_perm, CONFIG.seed)
    assert np.array_equal(sig, _signatures(h.hashes, h.offsets, CONFIG.num_perm, CONFIG.seed))
    other = _signatures(h.hashes, h.offsets, CONFIG.num_perm, CONFIG.seed + 1)
    assert not np.array_equal(sig, other)
    # Another seed draws other permutations; such clear copies are found all the same.
    again = find_copies(arts, config=replace(CONFIG, seed=CONFIG.seed + 1))
    assert {(f.left, f.right) for f in again} == {(f.left, f.right) for f in first}


def test_fast_words_equal_the_regex_definition() -> None:
    pattern = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
    rng = random.Random(0)
    alphabet = [
        *"abcXYZ019 '’_-.,;:\n\t“”‘—–…\xa0éÉßİΣσςK²٣\u0301",
        *("ΟΔΟΣ ", "don't ", "'tis ", "rock'n'roll", "a''b", "café's"),
    ]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        expected = [w.lower().replace("’", "'") for w in pattern.findall(text)]
        assert words(text) == expected, repr(text)


def test_shingle_hashes_count_the_string_shingles() -> None:
    texts = [_article_text(50), "a", "a b", "", "x y z", "The the THE the", "a b c a b c a b c"]
    h = _hash_texts(texts, 3, batch=2)  # several batches
    one = _hash_texts(texts, 3)
    assert np.array_equal(h.hashes, one.hashes) and np.array_equal(h.prints, one.prints)
    for i, t in enumerate(texts):
        distinct = set(h.hashes[h.offsets[i] : h.offsets[i + 1]].tolist())
        assert len(distinct) == len(shingles(words(t), 3))
        assert h.lengths[i] == len(words(t))


def test_similar_sets_checks_candidates_exactly() -> None:
    a = {f"w{i}" for i in range(100)}
    b = {f"w{i}" for i in range(20, 120)}  # Jaccard 80/120
    c = {f"v{i}" for i in range(100)}
    pairs = similar_sets([a, set(), b, c], num_perm=128, num_bands=64, seed=1, min_jaccard=0.5)
    assert [(p.left, p.right) for p in pairs] == [(0, 2)]
    assert pairs[0].jaccard == pytest.approx(80 / 120)
    assert pairs[0].containment == pytest.approx(0.8)
