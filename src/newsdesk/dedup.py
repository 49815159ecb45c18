"""Duplicates, near-duplicates and rewrites, and which article came from which.

1. **Exact duplicates**: the same normalised word sequence.
2. **Near-duplicates** (syndicated copies with small edits, other boilerplate,
   trimmed or added paragraphs): MinHash + LSH (rensa) over word shingles finds
   candidates; each candidate is verified with the exact Jaccard and containment of
   the shingle sets, so a copy that contains the other whole is recognised too.
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
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import rensa  # type: ignore[import-untyped, unused-ignore]

from .model import AlignedPair, Article, Link, LinkKind, Sentence

Embedder = Callable[[Sequence[str]], np.ndarray]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class DedupConfig:
    # Word shingles: 3-grams survive 15 % random word edits at ~0.6 (Jaccard ~0.44)
    # while unrelated news shares almost none.
    shingle_size: int = 3
    num_perm: int = 128
    # 64 bands of 2 rows: candidates from Jaccard ~0.15 up; verification is exact.
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
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def shingles(tokens: Sequence[str], k: int) -> set[str]:
    if len(tokens) < k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def fingerprint(tokens: Sequence[str]) -> str:
    """Hash of the normalised word sequence: equal for exact duplicates."""
    return hashlib.blake2b(" ".join(tokens).encode(), digest_size=12).hexdigest()


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

    rensa computes the MinHash signatures and the LSH buckets in Rust (30-40x
    datasketch here); only candidates are verified in Python.
    """
    usable = [i for i, s in enumerate(sets) if s]
    if len(usable) < 2:
        return []
    hashes = rensa.RMinHash.from_token_sets([sorted(sets[i]) for i in usable], num_perm, seed)
    # rensa's LSH threshold is only informational for banding; we pass bands.
    lsh = rensa.RMinHashLSH(0.5, num_perm, num_bands)
    lsh.insert_many(hashes, start_key=0)
    out: list[ShinglePair] = []
    for a_pos, candidates in enumerate(lsh.query_all(hashes)):
        a = usable[a_pos]
        set_a = sets[a]
        for b_pos in candidates:
            if b_pos <= a_pos:
                continue
            b = usable[b_pos]
            set_b = sets[b]
            inter = len(set_a & set_b) if len(set_a) < len(set_b) else len(set_b & set_a)
            if not inter:
                continue
            union = len(set_a) + len(set_b) - inter
            jac = inter / union
            cont = inter / min(len(set_a), len(set_b))
            if jac >= min_jaccard or cont >= min_containment:
                out.append(ShinglePair(a, b, jac, cont, inter / len(set_a), inter / len(set_b)))
    return out


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


def find_copies(articles: Sequence[Article], *, config: DedupConfig) -> list[PairFinding]:
    """Exact and near-duplicates among ``articles`` (no embeddings needed)."""
    tokens = [words(a.text) for a in articles]
    findings: dict[tuple[int, int], PairFinding] = {}
    by_print: dict[str, int] = {}
    for i, toks in enumerate(tokens):
        key = fingerprint(toks)
        if key in by_print:
            j = by_print[key]
            findings[(j, i)] = PairFinding(j, i, "duplicate", 1.0, (), 1.0, 1.0)
        else:
            by_print[key] = i
    sets = [
        shingles(t, config.shingle_size) if len(t) >= config.min_words else set() for t in tokens
    ]
    for p in similar_sets(
        sets,
        num_perm=config.num_perm,
        num_bands=config.num_bands,
        seed=config.seed,
        min_jaccard=config.near_jaccard,
        min_containment=config.near_containment,
    ):
        if (p.left, p.right) not in findings:
            findings[(p.left, p.right)] = PairFinding(
                p.left,
                p.right,
                "near_duplicate",
                round(max(p.jaccard, p.containment), 4),
                (),
                p.contained_left,
                p.contained_right,
            )
    return sorted(findings.values(), key=lambda f: (f.left, f.right))


# -- rewrites -----------------------------------------------------------------


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _idf(word: str) -> float:
    # General-English rarity from wordfreq: works on a corpus of four articles,
    # where corpus statistics would be noise.
    return max(0.0, 7.5 - _zipf(word))


def rare_words(text: str, *, max_zipf: float) -> set[str]:
    return {w for w in words(text) if len(w) > 1 and _zipf(w) < max_zipf}


def _content(text: str) -> dict[str, float]:
    return {w: _idf(w) for w in words(text) if _idf(w) > 1.5}


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    shared = sum(w for k, w in a.items() if k in b)
    return shared / min(sum(a.values()), sum(b.values()))


_NUMBER = re.compile(r"\d[\d,.]*")


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
    if not len(source) or not len(target):
        return []
    cos = target_vecs @ source_vecs.T
    src_words = [_content(s.text) for s in source]
    pairs: list[tuple[int, int, float]] = []
    for ti, t in enumerate(target):
        tw = _content(t.text)
        scores = [
            0.5 * float(cos[ti, si]) + 0.5 * _overlap(tw, src_words[si])
            for si in range(len(source))
        ]
        si = int(np.argmax(scores))
        score = scores[si]
        if score < min_score:
            continue
        if _overlap(tw, src_words[si]) > verbatim:
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


def find_rewrites(
    articles: Sequence[Article],
    *,
    embed: Embedder,
    exclude: set[tuple[int, int]],
    config: DedupConfig,
) -> list[PairFinding]:
    """Rewrites among pairs that share rare words and are not already copies."""
    rare = [rare_words(a.text, max_zipf=config.rare_zipf) for a in articles]
    candidates = [
        c
        for c in similar_sets(
            rare,
            num_perm=config.num_perm,
            num_bands=config.num_bands,
            seed=config.seed,
            min_jaccard=config.rewrite_candidate_jaccard,
        )
        if (c.left, c.right) not in exclude
    ]
    if not candidates:
        return []
    needed = sorted({i for c in candidates for i in (c.left, c.right)})
    units = {i: _units(articles[i]) for i in needed}
    flat = [s.text for i in needed for s in units[i]]
    vectors = embed(flat) if flat else np.zeros((0, 1), dtype=np.float32)
    vecs: dict[int, np.ndarray] = {}
    pos = 0
    for i in needed:
        vecs[i] = vectors[pos : pos + len(units[i])]
        pos += len(units[i])
    out = []
    for c in candidates:
        a, b = c.left, c.right
        chain = align_sentences(
            units[a],
            units[b],
            vecs[a],
            vecs[b],
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
    return out


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
