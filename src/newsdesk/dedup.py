"""Duplicates, near-duplicates and rewrites, and which article came from which.

1. **Exact duplicates**: the same normalised word sequence.
2. **Near-duplicates** (syndicated copies with small edits, other boilerplate,
   trimmed or added paragraphs): MinHash (rensa) + LSH banding over hashed word
   shingles finds candidates; each candidate is verified with the exact Jaccard and
   containment of the shingle sets, so a copy that contains the other whole is
   recognised too (the search itself is ``minhash.py``).
3. **Rewrites** (machine "spun" copies: same facts, swapped words): for candidate
   pairs that share rare words but are not near-duplicates, sentences are aligned
   by meaning (MiniLM embeddings) and by rare shared words; a rewrite is a long
   enough chain of aligned sentences in the same order in both articles.
4. **Direction**: publication dates, a syndication note naming the other outlet,
   quote damage (a copy's quote that is a garbled form of the source's) and
   containment vote for which article is the source; too little evidence gives
   ``direction_confidence`` 0 (unknown).

The stage is pure: the embedder is an input, so the caller decides about caches.
"""

from __future__ import annotations

import bisect
import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from .disjoint import DisjointSets
from .minhash import (
    ShinglePair,
    _hash_texts,
    _similar,
    similar_sets,
    words,
)
from .model import AlignedPair, Article, Link, LinkKind, Sentence

Embedder = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True, slots=True)
class DedupConfig:
    # Word shingles: 3-grams survive 15 % random word edits at ~0.6 (Jaccard ~0.44)
    # while unrelated news shares almost none.
    shingle_size: int = 3
    num_perm: int = 192
    # 64 bands of 3 rows: a pair becomes a candidate with probability 0.83 at
    # Jaccard 0.3, 0.997 at 0.44 (15 % of words substituted) and ~1 above 0.5;
    # verification is exact. 2-row bands (the old 128/64) also pass pairs of
    # unrelated articles (Jaccard ~0.01-0.05) often enough to make the candidates,
    # and the time, grow with the square of the corpus (4 ms/article at 100,000).
    num_bands: int = 64
    seed: int = 1
    # Verified thresholds for a near-duplicate (either suffices).
    near_jaccard: float = 0.3
    near_containment: float = 0.6
    # Articles shorter than this (in words) are only matched as exact duplicates.
    min_words: int = 25
    # Rewrite candidates: Jaccard of rare-word sets (LSH, then exact).
    rare_zipf: float = 4.5
    rewrite_candidate_jaccard: float = 0.1
    # Rare-word sets are small and a spun copy shares only ~15 % of them, so their
    # LSH uses 2-row bands (candidate probability 0.77 at Jaccard 0.15, 0.99 at 0.25).
    rewrite_num_perm: int = 128
    rewrite_num_bands: int = 64
    # A sentence pair is aligned at this combined score (mean of embedding cosine
    # and rare-word overlap) ...
    align_score: float = 0.5
    # ... and a rewrite needs this many aligned pairs in the same order, covering
    # this share of the shorter article's sentences. Calibrated on the seeds (one
    # mixed spin: 5 pairs, share 0.36), AllSides dev (independent outlets on one
    # story: 0 rewrites across or within stories at these values, 13 within at
    # 3 / 0.2) and the demo corpus (see benchmarks/README or the closing notes).
    rewrite_min_aligned: int = 4
    rewrite_min_share: float = 0.35
    # Sentence pairs this close in wording (rare-word overlap) are shared text, a
    # quote or a press-release line, not paraphrase: they do not count.
    verbatim_overlap: float = 0.9
    # Direction: below this confidence the direction is reported as unknown.
    direction_min_confidence: float = 0.55


@dataclass(frozen=True, slots=True)
class PairFinding:
    """What the dedup stage concluded about one pair, before direction."""

    left: int
    right: int
    kind: LinkKind
    score: float
    aligned: tuple[AlignedPair, ...] = ()  # left = source side until direction is known
    contained_left: float = 0.0
    contained_right: float = 0.0


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the near-duplicate search allocates
    millions of short-lived objects and no cycles, and with 100,000 articles alive
    the collector's full passes cost more than the search itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _same_words(prints: npt.NDArray[np.uint64]) -> dict[int, list[int]]:
    """Groups of two or more texts with the same words: first index -> all indices."""
    n = len(prints)
    if n < 2:
        return {}
    order = np.lexsort((np.arange(n), prints[:, 2], prints[:, 1], prints[:, 0]))
    ordered = prints[order]
    starts = np.ones(n, dtype=bool)
    starts[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    group = np.cumsum(starts) - 1
    shared = np.bincount(group)[group] > 1
    groups: dict[int, list[int]] = {}
    for g, i in zip(group[shared].tolist(), order[shared].tolist(), strict=True):
        groups.setdefault(g, []).append(i)  # ascending: the index is the last sort key
    return {members[0]: members for members in groups.values()}


def find_copies(articles: Sequence[Article], *, config: DedupConfig) -> list[PairFinding]:
    """Exact and near-duplicates among ``articles`` (no embeddings needed).

    Articles with the same words are duplicates of each other; the near-duplicate
    search sees each distinct text of at least ``min_words`` words once.
    """
    with _collector_paused():
        h = _hash_texts([a.text for a in articles], config.shingle_size)
        findings: dict[tuple[int, int], PairFinding] = {}
        # First article with some words -> all with the same words (none: no link).
        same = {k: g for k, g in _same_words(h.prints).items() if h.lengths[k]}
        chosen = h.lengths >= config.min_words
        for group in same.values():
            chosen[group[1:]] = False
            for x, i in enumerate(group):
                for m in group[:x]:
                    findings[(m, i)] = PairFinding(m, i, "duplicate", 1.0, (), 1.0, 1.0)
        for p in _similar(
            h.hashes,
            h.offsets,
            use=chosen,
            num_perm=config.num_perm,
            num_bands=config.num_bands,
            seed=config.seed,
            min_jaccard=config.near_jaccard,
            min_containment=config.near_containment,
        ):
            a, b = p.left, p.right
            score = round(max(p.jaccard, p.containment), 4)
            # Articles with the same words as either side are near-duplicates alike.
            for x in same.get(a, [a]):
                for y in same.get(b, [b]):
                    if x < y:
                        f = PairFinding(
                            x, y, "near_duplicate", score, (), p.contained_left, p.contained_right
                        )
                    else:
                        f = PairFinding(
                            y, x, "near_duplicate", score, (), p.contained_right, p.contained_left
                        )
                    findings[(f.left, f.right)] = f
        return sorted(findings.values(), key=lambda f: (f.left, f.right))


# -- rewrites -----------------------------------------------------------------


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def idf(word: str) -> float:
    # General-English rarity from wordfreq: works on a corpus of four articles,
    # where corpus statistics would be noise.
    return max(0.0, 7.5 - _zipf(word))


def rare_words(text: str, *, max_zipf: float) -> set[str]:
    return {w for w in words(text) if len(w) > 1 and _zipf(w) < max_zipf}


def _content_weights(text: str) -> dict[str, float]:
    return {w: idf(w) for w in words(text) if idf(w) > 1.5}


@lru_cache(maxsize=100_000)
def content_weights(text: str) -> dict[str, float]:
    # Cached for the summarisers, which score a sentence against several others.
    # Callers only read the dict.
    return _content_weights(text)


def weighted_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    shared = sum(w for k, w in a.items() if k in b)
    return shared / min(sum(a.values()), sum(b.values()))


_NUMBER = re.compile(r"\d[\d,.]*")


def _overlap_matrix(
    a: Sequence[dict[str, float]], b: Sequence[dict[str, float]]
) -> npt.NDArray[np.float64]:
    """``weighted_overlap`` of every pair, as one matrix product: the pure-Python
    pair loop was most of the dedup stage on 10,000 articles (3.5 million calls
    for 200). A word's weight is the same on both sides (it is its rarity)."""
    vocab = {w: i for i, w in enumerate(sorted({w for d in (*a, *b) for w in d}))}
    wa = np.zeros((len(a), len(vocab)))
    wb = np.zeros((len(b), len(vocab)))
    for matrix, dicts in ((wa, a), (wb, b)):
        for row, d in enumerate(dicts):
            for w, x in d.items():
                matrix[row, vocab[w]] = x
    shared = wa @ (wb > 0).T
    denom = np.minimum(wa.sum(axis=1)[:, None], wb.sum(axis=1)[None, :])
    out: npt.NDArray[np.float64] = np.divide(
        shared, denom, out=np.zeros_like(shared), where=denom > 0
    )
    return out


def _numbers_conflict(a: str, b: str) -> bool:
    """Both sentences state figures and share none of them.

    A rewrite tells the same facts in other words; an outlet's weekly template
    filled with new figures aligns sentence by sentence but reports other facts.
    """
    na = {n.rstrip(".,").replace(",", "") for n in _NUMBER.findall(a)}
    nb = {n.rstrip(".,").replace(",", "") for n in _NUMBER.findall(b)}
    return bool(na) and bool(nb) and not (na & nb)


def _units(article: Article) -> list[Sentence]:
    body = {i for i, p in enumerate(article.paragraphs) if p.kind == "body"}
    return [s for s in article.sentences if s.paragraph in body and len(s.text.split()) >= 4]


def align_sentences(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    source_vecs: np.ndarray,
    target_vecs: np.ndarray,
    *,
    min_score: float,
    verbatim: float = 0.9,
) -> list[tuple[int, int, float]]:
    """Monotone one-to-one alignment of target sentences to source sentences.

    Each target sentence takes its best source sentence (combined score of
    embedding cosine and rare-word overlap); the longest chain that keeps the
    order of both articles is returned. Order is what tells a rewrite from two
    outlets covering the same facts.
    """
    return _align(
        source,
        target,
        source_vecs,
        target_vecs,
        [content_weights(s.text) for s in source],
        [content_weights(t.text) for t in target],
        min_score=min_score,
        verbatim=verbatim,
    )


def _align(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    source_vecs: np.ndarray,
    target_vecs: np.ndarray,
    source_weights: Sequence[dict[str, float]],
    target_weights: Sequence[dict[str, float]],
    *,
    min_score: float,
    verbatim: float,
) -> list[tuple[int, int, float]]:
    """``align_sentences`` with each sentence's ``content_weights`` given."""
    if not len(source) or not len(target):
        return []
    cos = (target_vecs @ source_vecs.T).astype(np.float64)
    overlap = _overlap_matrix(target_weights, source_weights)
    scores = 0.5 * cos + 0.5 * overlap
    pairs: list[tuple[int, int, float]] = []
    for ti, t in enumerate(target):
        si = int(np.argmax(scores[ti]))
        score = float(scores[ti, si])
        if score < min_score:
            continue
        if overlap[ti, si] > verbatim:
            # Verbatim shared text (a quote, a press-release line) is what
            # independent outlets share too; paraphrase is the rewrite signal.
            continue
        if _numbers_conflict(source[si].text, t.text):
            continue  # same template, other facts (weekly figures): not a rewrite
        pairs.append((si, ti, score))
    return _longest_chain(pairs)


def _longest_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Longest chain strictly increasing in both indices (patience sorting)."""
    pairs = sorted(pairs, key=lambda p: (p[1], -p[0]))
    tails: list[int] = []
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(pairs)
    for k, (si, _ti, _s) in enumerate(pairs):
        pos = bisect.bisect_left(tails, si)
        if pos == len(tails):
            tails.append(si)
            tail_idx.append(k)
        else:
            tails[pos] = si
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    chain: list[tuple[int, int, float]] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append(pairs[k])
        k = prev[k]
    return chain[::-1]


def _connected(pairs: Sequence[ShinglePair]) -> list[list[ShinglePair]]:
    """``pairs`` split by connected group of articles, each in input order."""
    sets: DisjointSets[int] = DisjointSets()
    for p in pairs:
        sets.union(p.left, p.right)
    groups: dict[int, list[ShinglePair]] = {}
    for p in pairs:
        groups.setdefault(sets.find(p.left), []).append(p)
    return list(groups.values())


def find_rewrites(
    articles: Sequence[Article],
    *,
    embed: Embedder,
    exclude: set[tuple[int, int]],
    config: DedupConfig,
) -> list[PairFinding]:
    """Rewrites among pairs that share rare words and are not already copies."""
    # The rare-word sets are built inline so that they are gone before the embedding
    # call, which is the stage's peak.
    candidates = [
        c
        for c in similar_sets(
            [rare_words(a.text, max_zipf=config.rare_zipf) for a in articles],
            num_perm=config.rewrite_num_perm,
            num_bands=config.rewrite_num_bands,
            seed=config.seed,
            min_jaccard=config.rewrite_candidate_jaccard,
        )
        if (c.left, c.right) not in exclude
    ]
    if not candidates:
        return []
    needed = sorted({i for c in candidates for i in (c.left, c.right)})
    units = {i: _units(articles[i]) for i in needed}
    # All sentences in one call: the encoder's vectors depend on which texts share a
    # batch, so splitting the call would move scores. Each distinct text once, though:
    # copies repeat their source's sentences (a third of the rows on synthetic news).
    row: dict[str, int] = {}
    for i in needed:
        for s in units[i]:
            row.setdefault(s.text, len(row))
    vectors = embed(list(row)) if row else np.zeros((0, 1), dtype=np.float32)
    rows = {i: np.array([row[s.text] for s in units[i]], dtype=np.intp) for i in needed}
    del row
    out = []
    # Candidates fall into small connected groups (an article and its rewrites, one
    # story): each group's sentence weights are dropped when it is done, rather than
    # kept for every sentence of the corpus in the module-wide ``content_weights``.
    for group in _connected(candidates):
        weights: dict[int, list[dict[str, float]]] = {}
        for c in group:
            a, b = c.left, c.right
            for i in (a, b):
                if i not in weights:
                    weights[i] = [_content_weights(s.text) for s in units[i]]
            chain = _align(
                units[a],
                units[b],
                vectors[rows[a]],
                vectors[rows[b]],
                weights[a],
                weights[b],
                min_score=config.align_score,
                verbatim=config.verbatim_overlap,
            )
            share = len(chain) / (min(len(units[a]), len(units[b])) or 1)
            if len(chain) >= config.rewrite_min_aligned and share >= config.rewrite_min_share:
                aligned = tuple(
                    AlignedPair(
                        units[a][si].start,
                        units[a][si].end,
                        units[b][ti].start,
                        units[b][ti].end,
                        round(score, 4),
                    )
                    for si, ti, score in chain
                )
                out.append(PairFinding(a, b, "rewrite", round(share, 4), aligned))
    return sorted(out, key=lambda f: (f.left, f.right))


# -- direction ----------------------------------------------------------------

_SYNDICATION = re.compile(
    r"(?:originally|first)\s+(?:appeared|published|ran|posted)\s+(?:on|in|at|by)\s+(.{3,80})",
    re.IGNORECASE,
)
# A reporting verb followed by an opening quote and another reporting verb
# ("he says "she penned "…"): the garbled attribution spinners leave behind.
_GARBLED = re.compile(
    r"\b(?:says|said|writes|wrote|explains|adds)\s+[\"“]\s*(?:he|she|they|it)?\s*"
    r"(?:says|said|penned|wrote|writes|explains)\b",
    re.IGNORECASE,
)


def _quote_damage(text: str) -> int:
    straight = text.count('"')
    curly_open, curly_close = text.count("“"), text.count("”")
    unbalanced = (straight % 2) + abs(curly_open - curly_close) if straight or curly_open else 0
    mixed = 1 if straight and (curly_open or curly_close) else 0
    return unbalanced + mixed + 2 * len(_GARBLED.findall(text))


def _syndication_names(article: Article) -> list[str]:
    found = []
    for r in article.removals:
        m = _SYNDICATION.search(r.text)
        if m:
            found.append(m.group(1).lower())
    return found


def _label(article: Article) -> str:
    return article.outlet or article.path.replace("\\", "/").rsplit("/", 1)[-1]


def _outlet_key(article: Article) -> str | None:
    outlet = article.outlet or ""
    key = re.sub(r"[^a-z0-9]+", " ", outlet.lower()).strip()
    return key or None


def decide_direction(
    left: Article, right: Article, finding: PairFinding, *, config: DedupConfig
) -> tuple[float, tuple[str, ...]]:
    """Signed evidence that ``left`` is the source (positive) or the copy
    (negative), turned into (signed confidence, reasons)."""
    score = 0.0
    reasons: list[str] = []
    dated = [(a.published, a) for a in (left, right) if a.published is not None]
    if len(dated) == 2 and dated[0][0] != dated[1][0]:
        (first_day, first), (then_day, then) = sorted(dated, key=lambda d: d[0])
        score += 2.0 if first is left else -2.0
        reasons.append(
            f"{_label(first)} published {first_day.isoformat()}, "
            f"{_label(then)} {then_day.isoformat()}"
        )
    for copy, source, sign in ((left, right, -1.0), (right, left, 1.0)):
        key = _outlet_key(source)
        if key and any(key in re.sub(r"[^a-z0-9]+", " ", n) for n in _syndication_names(copy)):
            score += 3.0 * sign
            reasons.append(f"syndication note in the copy names {source.outlet}")
    if finding.aligned:
        dmg_left = sum(
            _quote_damage(left.text[p.source_start : p.source_end]) for p in finding.aligned
        )
        dmg_right = sum(
            _quote_damage(right.text[p.target_start : p.target_end]) for p in finding.aligned
        )
        if dmg_left != dmg_right:
            score += max(-1.5, min(1.5, 0.75 * (dmg_right - dmg_left)))
            damaged = right if dmg_right > dmg_left else left
            reasons.append(f"quotes garbled in {_label(damaged)}")
    if finding.kind == "near_duplicate":
        # A trimmed copy is a subset of its source; the reverse (a source that is a
        # subset of its copy plus additions) also happens, so this is weak evidence.
        diff = finding.contained_right - finding.contained_left
        if abs(diff) > 0.15:
            score += 0.5 if diff > 0 else -0.5
            reasons.append("one text is contained in the other")
    magnitude = abs(score)
    confidence = round(magnitude / (magnitude + 0.67), 3)
    if confidence < config.direction_min_confidence:
        return 0.0, tuple(reasons)
    return (confidence if score > 0 else -confidence), tuple(reasons)


def _link(articles: Sequence[Article], finding: PairFinding, *, config: DedupConfig) -> Link:
    left, right = articles[finding.left], articles[finding.right]
    signed, reasons = decide_direction(left, right, finding, config=config)
    aligned = finding.aligned
    if signed < 0 or (signed == 0 and right.id < left.id):
        left, right = right, left
        aligned = tuple(p.swapped() for p in aligned)
    return Link(
        source=left.id,
        target=right.id,
        kind=finding.kind,
        score=finding.score,
        direction_confidence=abs(signed),
        aligned=tuple(sorted(aligned, key=lambda p: p.target_start)),
        evidence=reasons,
    )


def detect_links(
    *, articles: Sequence[Article], embedder: Embedder | None, config: DedupConfig
) -> dict[str, list[Link]]:
    """The ``dedup`` stage: every copy relation among ``articles``."""
    ordered = sorted(articles, key=lambda a: a.id)
    copies = find_copies(ordered, config=config)
    findings = list(copies)
    if embedder is not None:
        done = {(f.left, f.right) for f in copies}
        findings += find_rewrites(ordered, embed=embedder, exclude=done, config=config)
    links = [_link(ordered, f, config=config) for f in findings]
    return {"links": sorted(links, key=lambda link: (link.source, link.target))}
