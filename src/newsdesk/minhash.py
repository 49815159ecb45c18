"""Near-duplicate search: word normalisation, shingles hashed in numpy, MinHash
signatures (rensa) and LSH bands, every candidate pair verified exactly.

Split from ``dedup``, which decides what a verified pair is (a duplicate, a
near-duplicate or a rewrite) and which way it was copied.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt
import rensa  # type: ignore[import-untyped, unused-ignore]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


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
