"""Duplicates, near-duplicates and rewrites, and which article came from which.

1. **Exact duplicates**: the same normalised word sequence.
2. **Near-duplicates** (syndicated copies with small edits, other boilerplate,
   trimmed or added paragraphs): MinHash (rensa) + LSH banding over hashed word
   shingles finds candidates; each candidate is verified with the exact Jaccard and
   containment of the shingle sets, so a copy that contains the other whole is
   recognised too.
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
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import numpy.typing as npt
import rensa  # type: ignore[import-untyped, unused-ignore]

from .disjoint import DisjointSets
from .model import AlignedPair, Article, Link, LinkKind, Sentence

Embedder = Callable[[Sequence[str]], np.ndarray]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


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
class ShinglePair:
    """A verified candidate pair by index into the input list."""

    left: int
    right: int
    jaccard: float
    containment: float  # |A ∩ B| / min(|A|, |B|)
    contained_left: float  # |A ∩ B| / |A|
    contained_right: float  # |A ∩ B| / |B|


def words(text: str) -> list[str]:
    return _normalised(text).decode("utf-8", "surrogatepass").split()


def shingles(tokens: Sequence[str], k: int) -> set[str]:
    if len(tokens) < k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def fingerprint(tokens: Sequence[str]) -> str:
    """Hash of the normalised word sequence: equal for exact duplicates."""
    return hashlib.blake2b(" ".join(tokens).encode(), digest_size=12).hexdigest()


# -- near-duplicates, fast ---------------------------------------------------
# Python spends most of a naive pipeline on per-word objects (regex matches,
# shingle strings, their hashes). Here the words of ``words`` are found with one
# bytes.translate per text, hashed for a whole batch of texts at once in numpy,
# shingle hashes are combined from word hashes, rensa (Rust) computes the MinHash
# signatures, numpy does the LSH banding, and only candidates are checked exactly.

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_PUNCT = (
    ("\u201c", " "),  # “
    ("\u201d", " "),  # ”
    ("\u2018", " "),  # ‘ (not an apostrophe to _WORD)
    ("\u2019", "'"),  # ’
    ("\u2014", " "),  # —
    ("\u2013", " "),  # –
    ("\u2026", " "),  # …
    ("\u00a0", " "),  # no-break space
)
# ASCII letters lower-cased, digits and ' kept, every other ASCII byte a space;
# non-ASCII bytes kept (their words go through _WORD).
_TABLE = bytes(
    (c | 0x20 if 65 <= c <= 90 else c)
    if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c == 39 or c >= 128)
    else 32
    for c in range(256)
)
_WORDISH = bytes(1 if (48 <= c <= 57 or 97 <= c <= 122 or c >= 128) else 0 for c in range(256))


def _regex_words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _lone_apostrophes_out(data: bytes) -> bytes:
    """Blank each ' that is not between two word bytes."""
    buf: bytearray | None = None
    last = len(data) - 1
    i = data.find(b"'")
    while i >= 0:
        if not (0 < i < last and _WORDISH[data[i - 1]] and _WORDISH[data[i + 1]]):
            if buf is None:
                buf = bytearray(data)
            buf[i] = 32
        i = data.find(b"'", i + 1)
    return data if buf is None else bytes(buf)


def _normalised(text: str) -> bytes:
    """The words of ``text`` (exactly those of ``_WORD``, lower-cased, ’ as '),
    UTF-8, separated by one or more spaces."""
    for old, new in _PUNCT:
        if old in text:
            text = text.replace(old, new)
    try:
        data = text.encode().translate(_TABLE)
    except UnicodeEncodeError:  # lone surrogates: the regex, as is
        return " ".join(_regex_words(text)).encode("utf-8", "surrogatepass")
    if b"'" in data:
        data = _lone_apostrophes_out(data)
    if data.isascii():
        return data
    return b" ".join(
        t if t.isascii() else " ".join(_regex_words(t.decode())).encode() for t in data.split()
    )


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_ONES = np.uint64(0xFFFFFFFFFFFFFFFF)


def _fmix64(h: U64) -> U64:
    """splitmix64's finaliser (uint64 arithmetic wraps)."""
    h = h ^ (h >> np.uint64(30))
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


def _word_hashes(datas: Sequence[bytes]) -> tuple[U64, I64]:
    """64-bit hashes of the space-separated words of each of ``datas``, flat and in
    order, and each text's number of words.

    All words of all texts at once, in numpy: a word is read as little-endian
    8-byte blocks (through a view of the bytes at every offset), the first mixed
    with the word's length, each further block mixed into the hash.
    """
    blob = b" " + b" ".join(datas) + b" " + bytes(8)
    arr = np.frombuffer(blob, dtype=np.uint8)
    inword = arr != 32
    inword[-8:] = False
    edges = np.flatnonzero(inword[1:] != inword[:-1]) + 1  # start, end, start, end, ...
    starts, ends = edges[0::2], edges[1::2]
    size = ends - starts
    at8 = np.ndarray((len(blob) - 7,), dtype="<u8", buffer=blob, strides=(1,))
    shift = (8 - np.minimum(size, 8)).astype(np.uint64) * np.uint64(8)
    hashes = _fmix64((at8[starts] & (_ONES >> shift)) ^ (size.astype(np.uint64) * _GOLDEN))
    longer = np.flatnonzero(size > 8)
    block = 8
    while len(longer):
        shift = (8 - np.minimum(size[longer] - block, 8)).astype(np.uint64) * np.uint64(8)
        more = at8[starts[longer] + block] & (_ONES >> shift)
        hashes[longer] = _fmix64(hashes[longer] * _GOLDEN + more)
        block += 8
        longer = longer[size[longer] > block]
    text_end = np.cumsum(np.fromiter(map(len, datas), np.int64, len(datas)) + 1)
    return hashes, np.diff(np.searchsorted(starts, text_end), prepend=0)


def _shingle_hashes(word_hashes: U64, lengths: I64, k: int) -> tuple[U64, I64]:
    """Hashes of the word k-shingles of each text, flat, and how many each has.

    ``word_hashes`` holds the words of all texts back to back, ``lengths`` how many
    belong to each. A text of fewer than ``k`` words (but some) is one shingle of
    all its words, as in ``shingles``.
    """
    counts = np.where(lengths >= k, lengths - k + 1, np.minimum(lengths, 1))
    if k <= 1:
        return _fmix64(word_hashes.copy()), counts
    span = max(len(word_hashes) - k + 1, 0)
    h = word_hashes[:span].copy()
    for j in range(1, k):
        h = _fmix64(h * _GOLDEN + word_hashes[j : j + span])
    starts = np.cumsum(lengths) - lengths
    pos = np.arange(span, dtype=np.int64) - np.repeat(starts, lengths)[:span]
    out = h[pos <= np.repeat(lengths - k, lengths)[:span]]
    short = np.flatnonzero((lengths > 0) & (lengths < k))
    if len(short):
        # Where each goes in ``out``: after the shingles of the longer texts before it.
        before = np.cumsum(np.where(lengths >= k, counts, 0)) - np.where(lengths >= k, counts, 0)
        extra = []
        for i in short.tolist():
            w = word_hashes[starts[i] : starts[i] + lengths[i]]
            s = w[:1].copy()
            for j in range(1, len(w)):
                s = _fmix64(s * _GOLDEN + w[j : j + 1])
            extra.append(s)
        out = np.insert(out, before[short], np.concatenate(extra))
    return out, counts


def _sequence_prints(word_hashes: U64, lengths: I64) -> npt.NDArray[np.uint64]:
    """Per text: its number of words and two sums of its word hashes mixed with their
    positions (128 bits): equal for equal word sequences, else equal by chance only."""
    ends = np.cumsum(lengths)
    starts = ends - lengths
    pos = (np.arange(len(word_hashes)) - np.repeat(starts, lengths)).astype(np.uint64)
    out = np.zeros((len(lengths), 3), dtype=np.uint64)
    out[:, 0] = lengths
    total = np.zeros(len(word_hashes) + 1, dtype=np.uint64)
    for col, salt in ((1, 0x632BE59BD9B4E019), (2, 0x85157AF5C0A1E4C3)):
        np.cumsum(_fmix64(word_hashes ^ _fmix64(pos + np.uint64(salt))), out=total[1:])
        out[:, col] = total[ends] - total[starts]
    return out


@dataclass(slots=True)
class _Hashed:
    """Shingle hashes of many texts: text ``i`` owns ``hashes[offsets[i]:offsets[i+1]]``
    (duplicates included); ``lengths`` are word counts, ``prints`` rows that are equal
    for equal word sequences (see ``_sequence_prints``)."""

    hashes: U64
    offsets: I64
    lengths: I64
    prints: npt.NDArray[np.uint64]


def _hash_texts(texts: Sequence[str], k: int, *, batch: int = 256) -> _Hashed:
    # A text of c characters has at most (c + 1) / 2 words: the shingle buffer is
    # allocated at that bound once, and the untouched rest never becomes resident.
    buffer = np.empty(sum(len(t) // 2 + 2 for t in texts), dtype=np.uint64)
    used = 0
    counts = np.zeros(len(texts), dtype=np.int64)
    lengths = np.zeros(len(texts), dtype=np.int64)
    prints = np.zeros((len(texts), 3), dtype=np.uint64)
    for lo in range(0, len(texts), batch):
        hi = min(lo + batch, len(texts))
        wh, n = _word_hashes([_normalised(t) for t in texts[lo:hi]])
        sh, counts[lo:hi] = _shingle_hashes(wh, n, k)
        buffer[used : used + len(sh)] = sh
        used += len(sh)
        lengths[lo:hi] = n
        prints[lo:hi] = _sequence_prints(wh, n)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return _Hashed(buffer[:used], offsets, lengths, prints)


def _signatures(hashes: U64, offsets: I64, num_perm: int, seed: int) -> npt.NDArray[np.uint32]:
    """MinHash signatures of each text's hashed set, by rensa (Rust)."""
    out = np.empty((len(offsets) - 1, num_perm), dtype=np.uint32)
    step = 8192
    for lo in range(0, len(offsets) - 1, step):
        off = offsets[lo : lo + step + 1]
        m = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
            hashes[off[0] : off[-1]], off - off[0], num_perm, seed
        )
        out[lo : lo + len(off) - 1] = m.to_rows()
    return out


def _band_pairs(sigs: npt.NDArray[np.uint32], num_bands: int) -> I64:
    """Candidate pairs ``i * n + j`` (i < j) that share at least one LSH band."""
    n, num_perm = sigs.shape
    rows = num_perm // num_bands
    if n < 2 or rows < 1:
        return np.zeros(0, dtype=np.int64)
    found: list[I64] = []
    for b in range(num_bands):
        band = sigs[:, b * rows : (b + 1) * rows].astype(np.uint64)
        key = band[:, 0].copy()
        for r in range(1, rows):
            key = _fmix64(key * _GOLDEN + band[:, r])
        order = np.argsort(key)
        skey = key[order]
        # Each member of a run of equal keys pairs with each later member.
        pos = np.flatnonzero(skey[1:] == skey[:-1])
        step = 1
        while len(pos):
            a, c = order[pos], order[pos + step]
            found.append(np.minimum(a, c) * n + np.maximum(a, c))
            step += 1
            pos = pos[pos + step < n]
            pos = pos[skey[pos + step] == skey[pos]]
    if not found:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(found))


def _similar(
    hashes: U64,
    offsets: I64,
    *,
    use: npt.NDArray[np.bool_] | None = None,
    num_perm: int,
    num_bands: int,
    seed: int,
    min_jaccard: float,
    min_containment: float,
) -> list[ShinglePair]:
    """Pairs of texts (hashed sets, flat; those ``use`` marks, when given) whose
    exact Jaccard or containment passes."""
    usable = np.diff(offsets) > 0
    if use is not None:
        usable &= use
    chosen = np.flatnonzero(usable)
    if len(chosen) < 2:
        return []
    sigs = _signatures(hashes, offsets, num_perm, seed)
    if len(chosen) < len(sigs):
        sigs = sigs[chosen]
    codes = _band_pairs(sigs, num_bands)
    n = len(chosen)
    text = chosen.tolist()
    bounds = offsets.tolist()
    distinct: dict[int, U64] = {}

    def members(i: int) -> U64:
        got = distinct.get(i)
        if got is None:
            if len(distinct) >= 4096:  # pairs come by left text: a small cache does
                distinct.clear()
            s = np.sort(hashes[bounds[i] : bounds[i + 1]])
            first = np.empty(len(s), dtype=bool)
            first[0] = True
            np.not_equal(s[1:], s[:-1], out=first[1:])
            got = distinct[i] = s[first]
        return got

    out: list[ShinglePair] = []
    for a, b in zip((codes // n).tolist(), (codes % n).tolist(), strict=True):
        left, right = text[a], text[b]
        set_a, set_b = members(left), members(right)
        small, large = (set_a, set_b) if len(set_a) <= len(set_b) else (set_b, set_a)
        at = np.searchsorted(large, small)
        at[at == len(large)] = 0
        inter = int(np.count_nonzero(large[at] == small))
        if not inter:
            continue
        jac = inter / (len(set_a) + len(set_b) - inter)
        cont = inter / len(small)
        if jac >= min_jaccard or cont >= min_containment:
            out.append(ShinglePair(left, right, jac, cont, inter / len(set_a), inter / len(set_b)))
    return out


def similar_sets(
    sets: Sequence[set[str]],
    *,
    num_perm: int,
    num_bands: int,
    seed: int,
    min_jaccard: float,
    min_containment: float = 2.0,
) -> list[ShinglePair]:
    """Pairs of sets whose exact Jaccard or containment passes a threshold.

    Members are hashed to 64 bits (exact but for a 64-bit collision); rensa computes
    the MinHash signatures (Rust), numpy bands them (LSH) and checks each candidate
    pair exactly.
    """
    members = [list(s) for s in sets]
    offsets = np.zeros(len(members) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, members), np.int64, len(members)), out=offsets[1:])
    flat = chain.from_iterable(rensa.RMinHash.hash_token_sets(members))
    return _similar(
        np.fromiter(flat, np.uint64, int(offsets[-1])),
        offsets,
        num_perm=num_perm,
        num_bands=num_bands,
        seed=seed,
        min_jaccard=min_jaccard,
        min_containment=min_containment,
    )


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
