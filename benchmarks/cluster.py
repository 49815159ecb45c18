"""Story-clustering benchmark: throughput and peak memory of ``StoryIndex`` alone.

Embeddings are precomputed (as if read from the embedding cache), so what is
measured is clustering only: ``StoryIndex.add`` for every article in publication
order (the online phase), then ``merge_pass`` (the repair phase), timed apart.
Each engine and size runs in a fresh subprocess whose peak RSS (VmHWM, reset at
start; ``ru_maxrss`` where /proc is missing) is its own; it holds the embeddings of
all articles (as ``cluster_stage`` does) and reads the term vectors one article at
a time (as ``term_vector`` makes them).

The stream is synthetic and seeded:

* stories with heavy-tailed sizes (discrete power law, exponent ``--alpha``, up to
  ``--max-story``): most of 1-3 articles, some of 10-50, a few of 100+;
* spread over ``--days`` days, each story active for a few days (longer for
  bigger stories, coverage front-loaded), articles in date order, shuffled within
  a day;
* meaning: each story has a random unit "topic" in 384-d made of a shared "news"
  direction, one of ``KINDS`` kind directions (fires, elections, ...) and its own
  part; an article is its topic plus per-article noise, L2-normalised, so two
  articles of one story have cosine ~0.6-0.8 and of different stories ~0-0.3;
* words: a bag of ~300 distinct terms per article weighted as ``term_vector``
  weights them ((1 + ln count) x wordfreq rarity x name boost, the ``max_terms``
  heaviest, L2-normalised): general English drawn by real word frequency
  (wordfreq), words of the story's kind, the story's own names, places, numbers and
  topic words (each article uses a subset), and a few names of its own;
* near-duplicates in meaning: some stories are "rivals" of an earlier story (topic
  cosine ~0.9, same kind, a few days apart, other names: words must tell them
  apart) and some are "recurrences" (topic cosine ~0.9, three quarters of the
  story's words, 2-8 weeks later: only the window and the day penalty tell them
  apart).

Engines: ``StoryIndex`` as shipped, with numpy's default BLAS threads and with
one BLAS thread (the products are over the stories in the window only, so small;
this shows whether threads pay for themselves).

Reported per engine and size: stories found, seconds add / merge, articles/s, peak
RSS, cost per article relative to the smallest size, and BCubed against the
synthetic gold. ``--profile`` adds, at the largest size, a cProfile listing.

Usage:  python benchmarks/cluster.py [--n 10000 100000] [--engines ...] [--profile]
        [--cache DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import pickle
import pstats
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from memory import peak_rss_mb, reset_peak, rss_mb
from newsdesk.cluster import ClusterConfig, StoryIndex

DIM = 384
KINDS = 40
START = date(2024, 1, 1)
TARGET_RATE = 200.0  # articles/s, clustering alone, at the largest size
TARGET_MB = 4096.0

# -- synthetic stream ------------------------------------------------------------

_CONS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _CONS for v in _VOWELS]
_ENDINGS = ["", "", "", "n", "r", "s", "son", "ez", "ski", "ton", "berg", "ova"]


def _pseudo_name(rng: np.random.Generator) -> str:
    k = 2 if rng.random() < 0.3 else 3
    parts = [_SYLLABLES[int(i)] for i in rng.integers(0, len(_SYLLABLES), k)]
    return "".join(parts) + _ENDINGS[int(rng.integers(0, len(_ENDINGS)))]


def _number(rng: np.random.Generator) -> str:
    kind = rng.random()
    if kind < 0.4:
        return str(int(rng.integers(2, 100)))
    if kind < 0.7:
        return f"{int(rng.integers(1, 999))},{int(rng.integers(0, 1000)):03d}"
    return f"{int(rng.integers(1, 99))}.{int(rng.integers(1, 10))}"


@dataclass(slots=True)
class _StoryPlan:
    kind: int
    size: int
    start: int
    duration: int
    parent: int  # -1: none
    relation: str  # "", "rival" or "recurrence"
    vocab: list[str]
    importance: np.ndarray
    names: frozenset[str]


@dataclass(slots=True)
class Stream:
    """Everything the worker reads: embeddings, days, gold, term vectors on disk."""

    n: int
    emb: np.ndarray  # (n, DIM) float32, L2-normalised, in stream order
    day: np.ndarray  # (n,) int days after START
    gold: np.ndarray  # (n,) int gold story
    relation: list[str]  # per gold story
    parent: list[int]  # per gold story, -1 for none
    sizes: np.ndarray  # per gold story
    mean_terms: float


def _story_sizes(rng: np.random.Generator, n: int, alpha: float, smax: int) -> list[int]:
    support = np.arange(1, smax + 1)
    p = support.astype(np.float64) ** -alpha
    p /= p.sum()
    sizes: list[int] = []
    total = 0
    while total < n:
        for s in rng.choice(support, size=4096, p=p):
            s = min(int(s), n - total)
            sizes.append(s)
            total += s
            if total >= n:
                break
    return sizes


class _Vocab:
    """General English by real word frequency (wordfreq), with rarity as ``_idf``."""

    def __init__(self, size: int = 30_000) -> None:
        from wordfreq import top_n_list, word_frequency

        from newsdesk.cluster import _WORD

        words = [w for w in top_n_list("en", size) if len(w) > 1 and _WORD.fullmatch(w)]
        self.words = words
        freq = np.array([word_frequency(w, "en") for w in words], dtype=np.float64)
        self.cdf = np.cumsum(freq / freq.sum())
        self.cdf[-1] = 1.0

    def sample(self, rng: np.random.Generator, k: int) -> Iterator[tuple[str, int]]:
        idx = np.searchsorted(self.cdf, rng.random(k), side="right")
        uniq, counts = np.unique(idx, return_counts=True)
        for i, c in zip(uniq.tolist(), counts.tolist(), strict=True):
            yield self.words[i], c


_IDF: dict[str, float] = {}
_LOG1 = [0.0] + [1 + math.log(c) for c in range(1, 4096)]


def _weights(counts: Counter[str], names: set[str], config: Any) -> dict[str, float]:
    """``term_vector``'s weighting, from counts (same formula, same order, same cut)."""
    from newsdesk.cluster import _idf

    for w in counts:
        if w not in _IDF:
            _IDF[w] = _idf(w, "en")
    boost = config.name_boost
    weights = {w: _LOG1[c] * _IDF[w] * (boost if w in names else 1.0) for w, c in counts.items()}
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[: config.max_terms]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {w: v / norm for w, v in top if v > 0}


def _plan_vocab(
    rng: np.random.Generator, vocab: _Vocab, parent: _StoryPlan | None
) -> tuple[list[str], frozenset[str]]:
    names = [_pseudo_name(rng) for _ in range(int(rng.integers(4, 10)))]
    places = [_pseudo_name(rng) for _ in range(int(rng.integers(1, 4)))]
    numbers = [_number(rng) for _ in range(int(rng.integers(2, 6)))]
    # Topic words: the rarer part of everyday English ("warehouse", "arson").
    topic = [vocab.words[int(i)] for i in rng.integers(3000, len(vocab.words), 14)]
    own = names + places
    items = own + numbers + topic
    if parent is not None:
        # A recurrence keeps half of its parent's words (same organisation, same place).
        keep = [w for w in parent.vocab if rng.random() < 0.75]
        items = keep + items[: len(items) - len(keep) // 2]
        own = [w for w in items if w in parent.names or w in own]
    order = rng.permutation(len(items))
    items = [items[i] for i in order]
    return items, frozenset(own)


def make_stream(
    n: int,
    *,
    seed: int,
    days: int,
    alpha: float,
    max_story: int,
    rival_share: float,
    recurrence_share: float,
    terms_path: Path,
) -> Stream:
    from newsdesk.cluster import ClusterConfig

    config = ClusterConfig()
    rng = np.random.default_rng(seed)
    vocab = _Vocab()
    kind_vocab = [
        [vocab.words[int(i)] for i in rng.choice(np.arange(800, 15_000), 50, replace=False)]
        for _ in range(KINDS)
    ]

    def unit(v: np.ndarray) -> np.ndarray:
        return v / np.linalg.norm(v, axis=-1, keepdims=True)

    news = unit(rng.standard_normal(DIM))
    kinds = unit(rng.standard_normal((KINDS, DIM)))

    sizes = _story_sizes(rng, n, alpha, max_story)
    plans: list[_StoryPlan] = []
    topics = np.empty((len(sizes), DIM), dtype=np.float32)
    for s, size in enumerate(sizes):
        duration = 1 + round(1.2 * math.log2(size))
        relation, parent = "", -1
        r = rng.random()
        if s > 10 and r < rival_share + recurrence_share:
            parent = int(rng.integers(0, s))
            relation = "rival" if r < rival_share else "recurrence"
        if relation:
            p = plans[parent]
            kind = p.kind
            if relation == "rival":
                start = p.start + int(rng.integers(-3, 4))
            else:
                start = p.start + int(rng.choice([-1, 1])) * int(rng.integers(14, 57))
            start = min(max(start, 0), days - duration)
            topics[s] = unit(topics[parent] + 0.45 * unit(rng.standard_normal(DIM)))
            items, names = _plan_vocab(rng, vocab, p if relation == "recurrence" else None)
        else:
            kind = int(rng.integers(0, KINDS))
            start = int(rng.integers(0, max(1, days - duration + 1)))
            own = unit(rng.standard_normal(DIM))
            topics[s] = unit(0.35 * news + 0.45 * kinds[kind] + 0.82 * own)
            items, names = _plan_vocab(rng, vocab, None)
        importance = 1.0 / np.arange(1, len(items) + 1) ** 0.7
        plans.append(
            _StoryPlan(
                kind,
                size,
                start,
                duration,
                parent,
                relation,
                items,
                importance / importance.sum(),
                names,
            )
        )

    gold = np.repeat(np.arange(len(sizes)), sizes)
    day = np.empty(n, dtype=np.int64)
    pos = 0
    for p in plans:
        # Coverage is front-loaded: most articles on the first days.
        offs = np.floor(p.duration * rng.random(p.size) ** 1.7).astype(np.int64)
        day[pos : pos + p.size] = p.start + offs
        pos += p.size
    order = np.lexsort((rng.random(n), day))
    gold, day = gold[order], day[order]

    sigma = rng.uniform(0.5, 0.85, n).astype(np.float32)
    emb = np.empty((n, DIM), dtype=np.float32)
    for lo in range(0, n, 8192):
        hi = min(n, lo + 8192)
        noise = rng.standard_normal((hi - lo, DIM)).astype(np.float32) / math.sqrt(DIM)
        emb[lo:hi] = unit(topics[gold[lo:hi]] + sigma[lo:hi, None] * noise)

    n_terms = 0
    with terms_path.open("w", encoding="utf-8") as f:
        for i in range(n):
            p = plans[int(gold[i])]
            length = int(np.clip(rng.lognormal(math.log(550), 0.45), 120, config.lead_words))
            counts: Counter[str] = Counter(dict(vocab.sample(rng, int(0.80 * length))))
            kv = kind_vocab[p.kind]
            counts.update(kv[int(j)] for j in rng.integers(0, len(kv), int(0.06 * length)))
            known = rng.random(len(p.vocab)) < 0.7
            known[:3] = True
            imp = np.where(known, p.importance, 0.0)
            picks = rng.choice(len(p.vocab), int(0.10 * length), p=imp / imp.sum())
            counts.update(p.vocab[int(j)] for j in picks)
            mine = [_pseudo_name(rng) for _ in range(3 + length // 150)]
            counts.update({w: int(rng.integers(1, 4)) for w in mine})
            terms = _weights(counts, set(p.names) | set(mine), config)
            n_terms += len(terms)
            f.write(json.dumps(terms))
            f.write("\n")
    return Stream(
        n=n,
        emb=emb,
        day=day,
        gold=gold,
        relation=[p.relation for p in plans],
        parent=[p.parent for p in plans],
        sizes=np.array(sizes),
        mean_terms=n_terms / n,
    )


def similarity_stats(stream: Stream, terms_path: Path, seed: int, pairs: int = 3000) -> str:
    """Cosines of sampled article pairs: same story / related story / unrelated."""
    rng = np.random.default_rng(seed + 7)
    sample = np.sort(rng.choice(stream.n, min(stream.n, 20_000), replace=False))
    want = set(sample.tolist())
    terms: dict[int, dict[str, float]] = {}
    with terms_path.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in want:
                terms[i] = json.loads(line)
    by_story: dict[int, list[int]] = {}
    for i in sample.tolist():
        by_story.setdefault(int(stream.gold[i]), []).append(i)
    multi = [m for m in by_story.values() if len(m) > 1]

    def cos(i: int, j: int) -> tuple[float, float]:
        a, b = terms[i], terms[j]
        w = sum(v * b.get(t, 0.0) for t, v in a.items())
        return float(stream.emb[i] @ stream.emb[j]), w

    same = []
    for _ in range(pairs):
        m = multi[int(rng.integers(0, len(multi)))]
        i, j = rng.choice(m, 2, replace=False)
        same.append(cos(int(i), int(j)))
    other = []
    for _ in range(pairs):
        i, j = rng.choice(sample, 2, replace=False)
        if stream.gold[i] != stream.gold[j]:
            other.append(cos(int(i), int(j)))
    related: dict[str, list[tuple[float, float]]] = {"rival": [], "recurrence": []}
    # Related pairs: an article of a derived story and one of its parent story.
    for s, rel in enumerate(stream.relation):
        p = stream.parent[s]
        if rel and s in by_story and p in by_story:
            related[rel].append(cos(by_story[s][0], by_story[p][0]))

    def fmt(xs: list[tuple[float, float]]) -> str:
        if not xs:
            return "n/a"
        e = np.array([x[0] for x in xs])
        w = np.array([x[1] for x in xs])
        return f"meaning {e.mean():.2f} (p10 {np.percentile(e, 10):.2f}), words {w.mean():.2f}"

    return (
        f"same story: {fmt(same)}; different stories: {fmt(other)}; "
        f"rival story (close meaning, other names, days apart): {fmt(related['rival'])}; "
        f"recurrence (close meaning, most words, weeks apart): {fmt(related['recurrence'])}"
    )


# -- BCubed ------------------------------------------------------------------------


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[float, float, float]:
    try:
        from newsdesk.eval.metrics import bcubed as nd_bcubed

        return nd_bcubed(gold, pred)
    except ImportError:  # pragma: no cover - the same formula
        cells = Counter(zip(gold, pred, strict=True))
        gs, ps, n = Counter(gold), Counter(pred), len(gold)
        p = sum(c * c / ps[pl] for (_, pl), c in cells.items()) / n
        r = sum(c * c / gs[gl] for (gl, _), c in cells.items()) / n
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# -- worker (one fresh subprocess per size) ------------------------------------------


ENGINES: dict[str, tuple[str, bool]] = {
    # name: (what, one BLAS thread)
    "newsdesk": ("StoryIndex as shipped, numpy's default BLAS threads", False),
    "newsdesk-blas1": ("StoryIndex as shipped, one BLAS thread", True),
}
_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def worker(data: Path, engine: str, profile: bool) -> None:
    clean_peak = reset_peak()
    emb = np.load(data / "emb.npy")
    day = np.load(data / "day.npy")
    n = len(day)
    ids = [f"a{i:07d}" for i in range(n)]
    dates = [START + timedelta(days=int(d)) for d in day]
    config = ClusterConfig()
    index = StoryIndex(config=config, dim=emb.shape[1])
    base_mb = rss_mb()
    prof = cProfile.Profile() if profile else None
    add_s = add_cpu = 0.0
    checkpoints: list[tuple[int, float, int]] = []
    step = max(1, n // 10)
    with (data / "terms.jsonl").open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            terms = json.loads(line)
            vec = emb[i]
            sampled = prof is not None and i % 10 == 0
            if sampled:
                prof.enable()
            t0, c0 = time.perf_counter(), time.process_time()
            index.add(ids[i], emb=vec, terms=terms, day=dates[i], lang="en")
            add_s += time.perf_counter() - t0
            add_cpu += time.process_time() - c0
            if sampled:
                prof.disable()
            if (i + 1) % step == 0:
                checkpoints.append((i + 1, add_s, len(index.stories)))
    after_add = [index.assignment[a] for a in ids]
    stories_add = len(index.stories)
    if prof is not None:
        prof.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    merges = index.merge_pass()
    merge_s = time.perf_counter() - t0
    merge_cpu = time.process_time() - c0
    if prof is not None:
        prof.disable()
    peak = peak_rss_mb()
    final = [index.assignment[a] for a in ids]
    # Stories a windowed candidate search would scan: live stories whose span is
    # within window_days of a day, averaged over the days.
    spans = [(s.first, s.last) for s in index.stories.values() if s.first and s.last]
    first = np.array([(a - START).days for a, _ in spans])
    last = np.array([(b - START).days for _, b in spans])
    w = config.window_days
    in_window = [int(((last >= d - w) & (first <= d + w)).sum()) for d in range(int(day.max()) + 1)]
    term_entries = sum(len(st.terms) for st in index.stories.values())
    with (data / f"labels-{engine}.json").open("w", encoding="utf-8") as f:
        json.dump({"after_add": after_add, "final": final}, f)
    result: dict[str, Any] = {
        "engine": engine,
        "n": n,
        "add_s": add_s,
        "merge_s": merge_s,
        "add_cpu": add_cpu,
        "merge_cpu": merge_cpu,
        "merges": len(merges),
        "stories_add": stories_add,
        "stories": len(index.stories),
        "rows": len(index._ids),
        "peak_mb": peak,
        "peak_clean": clean_peak,
        "term_entries": term_entries,
        "base_mb": base_mb,
        "in_window": float(np.mean(in_window)),
        "checkpoints": checkpoints,
    }
    if prof is not None:
        out = io.StringIO()
        st = pstats.Stats(prof, stream=out)
        st.sort_stats("tottime").print_stats(18)
        st.print_callees("add|merge_pass|push_candidates|score|_pair_score")
        result["profile"] = out.getvalue()
    print(json.dumps(result))


def spawn(data: Path, engine: str, profile: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", str(data), "--engine", engine]
    env = dict(os.environ)
    if ENGINES[engine][1]:
        env.update(dict.fromkeys(_THREAD_VARS, "1"))
    else:
        for var in _THREAD_VARS:
            env.pop(var, None)
    proc = subprocess.run(
        [*cmd, *(["--profile"] if profile else [])],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode:
        raise RuntimeError(f"{engine} worker failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# -- main -------------------------------------------------------------------------------


def prepare(n: int, args: argparse.Namespace, root: Path) -> tuple[Stream, Path, float]:
    """Make (or, under ``--cache``, reuse) the stream of ``n`` articles."""
    key = (
        f"n{n}-seed{args.seed}-days{args.days}-alpha{args.alpha}-max{args.max_story}"
        f"-rival{args.rival_share}-rec{args.recurrence_share}"
    )
    data = root / key
    meta = data / "stream.pkl"
    t0 = time.perf_counter()
    if meta.exists():
        with meta.open("rb") as f:
            stream: Stream = pickle.load(f)
        stream.emb = np.load(data / "emb.npy")
        return stream, data, 0.0
    data.mkdir(parents=True, exist_ok=True)
    stream = make_stream(
        n,
        seed=args.seed,
        days=args.days,
        alpha=args.alpha,
        max_story=args.max_story,
        rival_share=args.rival_share,
        recurrence_share=args.recurrence_share,
        terms_path=data / "terms.jsonl",
    )
    np.save(data / "emb.npy", stream.emb)
    np.save(data / "day.npy", stream.day)
    emb, stream.emb = stream.emb, np.empty((0, DIM), dtype=np.float32)
    with meta.open("wb") as f:
        pickle.dump(stream, f)
    stream.emb = emb
    return stream, data, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--engines", nargs="+", choices=list(ENGINES), default=list(ENGINES))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--alpha", type=float, default=2.1)
    ap.add_argument("--max-story", type=int, default=400)
    ap.add_argument("--rival-share", type=float, default=0.05)
    ap.add_argument("--recurrence-share", type=float, default=0.05)
    ap.add_argument(
        "--profile",
        nargs="*",
        choices=list(ENGINES),
        help="also run these engines (default: newsdesk-blas1) under cProfile, at the "
        "largest size, and time the statements of add / merge_pass one by one",
    )
    ap.add_argument(
        "--cache",
        type=Path,
        help="keep the generated streams here and reuse them (keyed by the stream options, "
        "not by code: empty it after changing the generator)",
    )
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="newsdesk", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args.engine, args.profile is not None)
        return
    load = os.getloadavg()
    print(
        f"# clustering benchmark (python {sys.version.split()[0]}, numpy {np.__version__}, "
        f"{os.cpu_count()} cores, load average {load[0]:.1f} at start)"
    )
    print()
    rows: list[dict[str, Any]] = []
    streams: list[tuple[int, Stream, str]] = []
    profiles: list[dict[str, Any]] = []
    sizes = sorted(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            stream, data, gen_s = prepare(n, args, args.cache or Path(tmp))
            print(f"  [{n}] stream ready ({gen_s:.0f}s)", file=sys.stderr)
            streams.append((n, stream, similarity_stats(stream, data / "terms.jsonl", args.seed)))
            gold = stream.gold.tolist()
            for engine in args.engines:
                res = spawn(data, engine, profile=False)
                labels = json.loads((data / f"labels-{engine}.json").read_text(encoding="utf-8"))
                res["bcubed_add"] = bcubed(gold, labels["after_add"])
                res["bcubed"] = bcubed(gold, labels["final"])
                rows.append(res)
                print(
                    f"  [{n}] {engine}: add {res['add_s']:.1f}s merge {res['merge_s']:.1f}s",
                    file=sys.stderr,
                )
            if n == sizes[-1] and args.profile is not None:
                for engine in args.profile or ["newsdesk-blas1"]:
                    print(f"  [{n}] profiling {engine}...", file=sys.stderr)
                    profiles.append(spawn(data, engine, profile=True))
    report(rows, streams, profiles, args)


def report(
    rows: list[dict[str, Any]],
    streams: list[tuple[int, Stream, str]],
    profiles: list[dict[str, Any]],
    args: argparse.Namespace,
) -> None:
    print(
        f"Stream: seed {args.seed}, {args.days} days, story sizes power law "
        f"(exponent {args.alpha}, max {args.max_story}), {args.rival_share:.0%} rival and "
        f"{args.recurrence_share:.0%} recurrence stories, {DIM}-d unit embeddings, "
        f"ClusterConfig defaults. Timed: StoryIndex.add per article (reading the term "
        f"vector excluded), then merge_pass; each engine and size in a fresh subprocess. "
        f"Wall seconds; CPU seconds in brackets (the machine may be shared)."
    )
    print()
    print("| articles | gold stories | sizes 1-3 / 10-50 / 100+ | terms/article |")
    print("|---:|---:|---:|---:|")
    for n, st, _ in streams:
        s = np.asarray(st.sizes)
        print(
            f"| {n:,} | {len(s):,} | {(s <= 3).mean():.0%} of stories / "
            f"{((s >= 10) & (s <= 50)).sum():,} stories / {(s >= 100).sum():,} stories | "
            f"{st.mean_terms:.0f} |"
        )
    print()
    for n, _, stats in streams:
        print(f"Pair cosines at {n:,} (sampled): {stats}.")
    print()
    print("Engines: " + "; ".join(f"`{k}`: {v[0]}" for k, v in ENGINES.items()) + ".")
    print()
    print(
        "| engine | articles | stories found (after add) | seconds add | seconds merge | "
        "articles/s | peak RSS | µs/article add | µs/article merge | cost/article vs "
        "smallest n | BCubed P / R / F1 (F1 after add) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    base: dict[str, float] = {}
    for r in sorted(rows, key=lambda r: (list(ENGINES).index(r["engine"]), r["n"])):
        total = r["add_s"] + r["merge_s"]
        per = total / r["n"]
        base.setdefault(r["engine"], per)
        p, rc, f1 = r["bcubed"]
        print(
            f"| {r['engine']} | {r['n']:,} | {r['stories']:,} ({r['stories_add']:,}) | "
            f"{r['add_s']:.1f} ({r['add_cpu']:.1f}) | {r['merge_s']:.1f} ({r['merge_cpu']:.1f}) "
            f"| {r['n'] / total:,.0f} | {r['peak_mb']:,.0f} MB | "
            f"{1e6 * r['add_s'] / r['n']:,.0f} | {1e6 * r['merge_s'] / r['n']:,.0f} | "
            f"{per / base[r['engine']]:.2f}x | {p:.3f} / {rc:.3f} / {f1:.3f} "
            f"({r['bcubed_add'][2]:.3f}) |"
        )
    print()
    for r in rows:
        parts = []
        prev_n, prev_s = 0, 0.0
        for k, sec, _stories in r["checkpoints"]:
            parts.append(f"{1e6 * (sec - prev_s) / (k - prev_n):,.0f}")
            prev_n, prev_s = k, sec
        print(
            f"- {r['engine']}, {r['n']:,}: µs per add by tenth of the stream "
            f"{' / '.join(parts)}; story rows at the end {r['rows']:,}, of which live within "
            f"±7 days of a day {r['in_window']:,.0f} on average; RSS before clustering "
            f"{r['base_mb']:,.0f} MB; {r['merges']:,} merges; {r['term_entries']:,} "
            f"(term, weight) entries held in the stories' term bags"
            f"{'' if r['peak_clean'] else '; peak RSS may include the parent (not reset)'}."
        )
    print()
    n_max = max(r["n"] for r in rows)
    for r in rows:
        if r["n"] != n_max:
            continue
        rate = r["n"] / (r["add_s"] + r["merge_s"])
        print(
            f"Targets, {r['engine']} at {n_max:,}: >= {TARGET_RATE:.0f} articles/s "
            f"{'met' if rate >= TARGET_RATE else 'MISSED'} ({rate:,.0f}); peak RSS <= "
            f"{TARGET_MB / 1024:.0f} GB {'met' if r['peak_mb'] <= TARGET_MB else 'MISSED'} "
            f"({r['peak_mb']:,.0f} MB)."
        )
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}.")
    for r in profiles:
        print()
        print(f"## Where the time goes: {r['engine']}, {r['n']:,} articles")
        print()
        print(
            "cProfile of every 10th add and the whole merge_pass (profiling inflates "
            "the generator expressions):"
        )
        print()
        print("```")
        print(r["profile"].strip())
        print("```")


if __name__ == "__main__":
    main()
