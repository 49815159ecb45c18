"""Near-duplicate benchmark: precision, recall by edit rate, docs/s and memory.

A seeded synthetic corpus of ~600-word news-like articles: words drawn from a
Zipf-distributed vocabulary of several thousand English words (wordfreq's
frequencies when installed), stock news phrases, generated names, places,
organisations and numbers. Originals come in stories of 1-4 articles that share
their people, places and one or two verbatim quotes (same topic, not copies), and
each outlet appends its own subscribe line and a related-links tail to some of its
articles. About a third of the documents are copies of an original with a
controlled share of the original's words edited (0-30 %, uniform): word
substitutions, sentence drops and insertions, boilerplate changes (subscribe line,
related-links tail) and trimmed paragraphs, in a random mix per copy.

Ground truth: two documents are a true pair when they come from the same original
(a copy and its original, or two copies of the same original); a pair's edit rate
is the sum of both sides' edit rates from that original. Everything else is false.

Engines, each in its own subprocess (peak RSS clean, delta over the RSS after the
documents are loaded), on the same documents with the same parameters (word
3-shingles, num_perm, bands x rows from DedupConfig) and the same exact verification
(shingle-set Jaccard >= near_jaccard or containment >= near_containment):
  * newsdesk: ``newsdesk.dedup.find_copies`` (rensa MinHash, LSH banding, exact check);
  * datasketch: ``MinHash.bulk`` + ``MinHashLSH(num_perm, params=(b, r))`` over the
    same word shingles (utf-8), candidates verified exactly on the shingle sets.
Throughput is end to end: tokenising, shingling, signatures, LSH and verification.

Usage:  python benchmarks/dedup.py [--n 10000 100000] [--rounds 2] [--ds-max-seconds 600]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from memory import peak_rss_mb, reset_peak, rss_mb

# -- corpus -------------------------------------------------------------------


def _w(s: str) -> list[str]:
    return s.split()


_SYL_A = _w("ba be bi bo da de di do fa fe ka ke ko la le li lo ma me mi mo na ne ni no")
_SYL_B = _w("ra re ri ro sa se si so ta te ti to va ve vi vo za ze zo lu ku mu nu ru")
_SURNAME_END = _w("son sen ez ski ova ian elli berg stein ford ley worth ton man ez oglu")
_PLACE_END = _w("ton ville field burg ford bridge haven port mouth wick stead dale")
_ORG_KIND = _w(
    "Holdings Group Energy Bank Airlines Foundation Institute Party Union Council Authority "
    "Capital Motors Pharmaceuticals Telecom"
)
_FIRST = _w(
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony "
    "Betty Mark Sandra Paul Ashley Steven Emily Andrew Donna Kenneth Michelle Joshua Carol Kevin "
    "Amanda Brian Melissa George Deborah Timothy Stephanie Ahmed Fatima Mohammed Aisha Wei Li "
    "Hiroshi Yuki Olga Ivan Pierre Camille Giulia Marco Sven Ingrid Carlos Lucia Kwame Amara "
    "Priya Rahul Chen Mei Diego Sofia Tariq Leila Kenji Ana Lena Ruth Joan Ola Dmitri Elena"
)
_MONTHS = _w(
    "January February March April May June July August September October November December"
)
_DAYS = _w("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_PHRASES = [
    "according to",
    "said in a statement",
    "told reporters",
    "on {day}",
    "last year",
    "this week",
    "more than",
    "at least",
    "the government",
    "the prime minister",
    "the president",
    "in an interview",
    "did not respond to a request for comment",
    "for the first time",
    "as well as",
    "one of the",
    "in recent years",
    "the company said",
    "officials said",
    "the ministry said",
    "earlier this month",
    "in {month}",
    "over the past decade",
    "is expected to",
    "the number of",
    "a spokesperson for",
    "declined to comment",
    "the United States",
    "the European Union",
    "local authorities",
    "a senior official",
    "in a report published",
    "on social media",
    "the central bank",
    "interest rates",
    "the city council",
    "police said",
    "according to data from",
    "it was not immediately clear",
    "the opposition",
    "next year",
    "the deal",
    "the investigation",
    "the court ruled",
    "residents said",
    "in the coming weeks",
    "a person familiar with the matter",
    "under pressure",
    "the latest figures",
    "a sharp rise in",
]
_SUBSCRIBE = [
    "Subscribe to the {o} newsletter to get the day's top stories in your inbox every morning.",
    "Sign up for {o} Daily and never miss a story: our editors' picks delivered each morning.",
    "Support independent journalism at {o}. Subscribe today for unlimited access.",
    "Get breaking news alerts from {o} on your phone. Download our free app now.",
]


ZIPF_FLATTEN = 0.9


def _vocabulary(size: int) -> tuple[list[str], np.ndarray, str]:
    """(words, cumulative weights, source). Zipf-distributed either way."""
    try:
        from wordfreq import top_n_list, word_frequency

        words = [w for w in top_n_list("en", size + 1000) if re.fullmatch(r"[a-z]+", w)][:size]
        freqs = np.array([word_frequency(w, "en") for w in words], dtype=np.float64)
        freqs = freqs**ZIPF_FLATTEN
        source = f"wordfreq's top {len(words):,} English words, frequency^{ZIPF_FLATTEN}"
    except ImportError:
        rng = random.Random(99)
        seen: set[str] = set()
        words = []
        while len(words) < size:
            w = "".join(rng.choice(_SYL_A + _SYL_B) for _ in range(rng.randint(1, 4)))
            if w not in seen:
                seen.add(w)
                words.append(w)
        freqs = 1.0 / np.arange(1, size + 1, dtype=np.float64)
        source = f"{size:,} generated words, Zipf weights 1/rank"
    cum = np.cumsum(freqs / freqs.sum())
    cum[-1] = 1.0
    return words, cum, source


class Writer:
    """Seeded generator of news-like sentences, articles and copies."""

    def __init__(self, seed: int, vocab_size: int = 8000) -> None:
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.words, self.cum, self.vocab_source = _vocabulary(vocab_size)
        r = random.Random(seed + 1)

        def coin(ends: list[str], n: int) -> list[str]:
            out: set[str] = set()
            while len(out) < n:
                stem = "".join(r.choice(_SYL_A + _SYL_B) for _ in range(r.randint(1, 2)))
                out.add((stem + r.choice(ends)).capitalize())
            return sorted(out)

        self.surnames = coin(_SURNAME_END, 3000)
        self.places = coin(_PLACE_END, 800)
        self.orgs = [f"{s} {r.choice(_ORG_KIND)}" for s in coin([*_SURNAME_END, ""], 600)]
        self.outlets = [
            f"The {p} {r.choice(['Herald', 'Times', 'Post', 'Star', 'Courier'])}"
            for p in self.places[:60]
        ]
        self._buf = np.empty(0, dtype=np.int64)

    # one word from the Zipf vocabulary (drawn in blocks: numpy is fast, Python is not)
    def word(self) -> str:
        if not len(self._buf):
            self._buf = np.searchsorted(self.cum, self.np.random(65536)).astype(np.int64)
        w = self.words[int(self._buf[-1])]
        self._buf = self._buf[:-1]
        return w

    def person(self) -> str:
        return f"{self.rng.choice(_FIRST)} {self.rng.choice(self.surnames)}"

    def number(self) -> str:
        rng = self.rng
        k = rng.random()
        if k < 0.3:
            return str(rng.randint(2, 999))
        if k < 0.5:
            return f"{rng.randint(1, 95)} percent"
        if k < 0.7:
            return (
                f"${rng.randint(1, 900)}.{rng.randint(1, 9)} {rng.choice(['million', 'billion'])}"
            )
        if k < 0.85:
            return f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}"
        return str(rng.randint(1990, 2025))

    def story(self) -> dict[str, Any]:
        """Entities and quotes shared by the articles of one story."""
        rng = self.rng
        st: dict[str, Any] = {
            "people": [self.person() for _ in range(rng.randint(2, 5))],
            "places": rng.sample(self.places, 2),
            "orgs": rng.sample(self.orgs, 2),
        }
        st["quotes"] = [self.quote(st) for _ in range(rng.randint(1, 2))]
        return st

    def _words(self, n: int, st: dict[str, Any]) -> list[str]:
        rng = self.rng
        out: list[str] = []
        while len(out) < n:
            k = rng.random()
            if k < 0.035:
                p = rng.choice(_PHRASES).format(day=rng.choice(_DAYS), month=rng.choice(_MONTHS))
                out += p.split()
            elif k < 0.09:
                out += rng.choice(st["people"] + st["places"] + st["orgs"]).split()
            elif k < 0.11:
                out += self.number().split()
            else:
                out.append(self.word())
        return out

    def quote(self, st: dict[str, Any]) -> str:
        body = " ".join(self._words(self.rng.randint(12, 22), st))
        return f"\u201c{body[0].upper()}{body[1:]},\u201d said {self.rng.choice(st['people'])}."

    def sentence(self, st: dict[str, Any]) -> str:
        if self.rng.random() < 0.08:
            return self.quote(st)
        ws = self._words(self.rng.randint(9, 30), st)
        s = " ".join(ws)
        return s[0].upper() + s[1:] + "."

    def related(self) -> str:
        heads = [
            " ".join(self.word() for _ in range(self.rng.randint(5, 9))).title() for _ in range(3)
        ]
        return "Related: " + "; ".join(heads)

    def article(self, st: dict[str, Any], outlet: int) -> Doc:
        rng = self.rng
        target = rng.randint(450, 750)
        paras: list[list[str]] = []
        count = 0
        quotes = [q for q in st["quotes"] if rng.random() < 0.7]
        while count < target:
            para = [self.sentence(st) for _ in range(rng.randint(2, 4))]
            if quotes and rng.random() < 0.3:
                para.insert(rng.randint(0, len(para)), quotes.pop())
            paras.append(para)
            count += sum(len(s.split()) for s in para)
        subscribe = (
            rng.choice(_SUBSCRIBE).format(o=self.outlets[outlet]) if rng.random() < 0.5 else ""
        )
        return Doc(paras, subscribe, self.related() if rng.random() < 0.4 else "", outlet)


@dataclass
class Doc:
    paras: list[list[str]]
    subscribe: str = ""
    related: str = ""
    outlet: int = 0
    group: int = -1  # index of the original it comes from (its own for an original)
    is_copy: bool = False
    rate: float = 0.0  # share of the original's words edited
    ops: dict[str, int] = field(default_factory=dict)

    def text(self) -> str:
        parts = [" ".join(p) for p in self.paras]
        if self.subscribe:
            parts.append(self.subscribe)
        if self.related:
            parts.append(self.related)
        return "\n\n".join(parts)

    def n_words(self) -> int:
        return len(self.text().split())


def _wc(s: str) -> int:
    return len(s.split())


def make_copy(w: Writer, orig: Doc, st: dict[str, Any], rate: float, outlet: int) -> Doc:
    """A copy of ``orig`` with about ``rate`` of its words edited, in a random mix of
    substitutions, sentence drops/insertions, boilerplate changes and trimmed paragraphs."""
    rng = w.rng
    copy = Doc([list(p) for p in orig.paras], orig.subscribe, orig.related, outlet)
    total = orig.n_words()
    budget = round(rate * total)
    ops = ["sub", "drop", "insert", "boiler", "trim"]
    if rng.random() < 0.25:  # substitutions only: the hardest case for shingles
        weights = [1.0, 0.0, 0.0, 0.0, 0.0]
    else:  # a random mix per copy
        weights = [rng.random() ** 2 for _ in ops]
        weights[0] += 0.2
    done: dict[str, int] = dict.fromkeys(ops, 0)
    spent = 0
    boiler_left = ["subscribe", "related"]
    guard = 0
    while spent < budget and guard < 10_000:
        guard += 1
        op = rng.choices(ops, weights)[0]
        left = budget - spent
        cost = 0
        n_sent = sum(len(p) for p in copy.paras)
        if op == "drop" and n_sent > 6:
            pi = rng.randrange(len(copy.paras))
            if len(copy.paras[pi]) > 1:
                si = rng.randrange(len(copy.paras[pi]))
                cost = _wc(copy.paras[pi][si])
                if cost <= left:
                    del copy.paras[pi][si]
                else:
                    cost = 0
        elif op == "insert":
            s = w.sentence(st)
            cost = _wc(s)
            if cost <= left:
                pi = rng.randrange(len(copy.paras))
                copy.paras[pi].insert(rng.randint(0, len(copy.paras[pi])), s)
            else:
                cost = 0
        elif op == "boiler" and boiler_left:
            which = boiler_left.pop(rng.randrange(len(boiler_left)))
            old = getattr(copy, which)
            if which == "subscribe":
                new = (
                    ""
                    if old and rng.random() < 0.5
                    else (rng.choice(_SUBSCRIBE).format(o=w.outlets[outlet]))
                )
            else:
                new = "" if old else w.related()
            cost = _wc(old) + _wc(new)
            if 0 < cost <= left:
                setattr(copy, which, new)
            else:
                cost = 0
        elif op == "trim" and len(copy.paras) > 3:
            pi = len(copy.paras) - 1 if rng.random() < 0.7 else rng.randrange(1, len(copy.paras))
            cost = sum(_wc(s) for s in copy.paras[pi])
            if cost <= left:
                del copy.paras[pi]
            else:
                cost = 0
        if cost == 0:  # "sub", or a bigger edit that did not fit: one word substituted
            op = "sub"
            pi = rng.randrange(len(copy.paras))
            si = rng.randrange(len(copy.paras[pi]))
            toks = copy.paras[pi][si].split()
            ti = rng.randrange(len(toks))
            new_word = w.word()
            while new_word == toks[ti].strip(".,\u201c\u201d").lower():
                new_word = w.word()
            toks[ti] = new_word
            copy.paras[pi][si] = " ".join(toks)
            cost = 1
        done[op] += cost
        spent += cost
    copy.rate = spent / total
    copy.ops = {k: v for k, v in done.items() if v}
    return copy


def make_corpus(n: int, seed: int, copy_share: float = 0.33) -> tuple[list[Doc], str]:
    """``n`` documents in random order; about ``copy_share`` of them copies."""
    w = Writer(seed)
    rng = w.rng
    n_copies = round(n * copy_share)
    n_orig = n - n_copies
    originals: list[Doc] = []
    stories: list[dict[str, Any]] = []
    while len(originals) < n_orig:
        st = w.story()
        for _ in range(min(rng.randint(1, 4), n_orig - len(originals))):
            stories.append(st)
            originals.append(w.article(st, rng.randrange(len(w.outlets))))
    for i, d in enumerate(originals):
        d.group = i
    docs: list[Doc] = list(originals)
    for _ in range(n_copies):
        oi = rng.randrange(n_orig)
        # 4 % exact copies, the rest uniform over 0-30 % of words edited.
        rate = 0.0 if rng.random() < 0.04 else rng.uniform(0.0, 0.30)
        c = make_copy(w, originals[oi], stories[oi], rate, rng.randrange(len(w.outlets)))
        c.group, c.is_copy = oi, True
        docs.append(c)
    order = list(range(n))
    rng.shuffle(order)
    return [docs[i] for i in order], w.vocab_source


# -- scoring ------------------------------------------------------------------

BUCKETS = [(0.0, 0.05), (0.05, 0.10), (0.10, 0.15), (0.15, 0.20), (0.20, 0.30), (0.30, 9.9)]


def bucket_label(lo: float, hi: float) -> str:
    if lo == 0.0:
        return f"<= {hi:.0%}"
    return f"> {lo:.0%}" if hi > 1 else f"{lo:.0%}-{hi:.0%}"


@dataclass
class Truth:
    n: int
    group: np.ndarray  # int64 per document
    rate: np.ndarray  # float per document (0 for an original)
    true_codes: np.ndarray  # i * n + j, i < j, sorted
    true_rates: np.ndarray  # edit rate of each true pair


def truth_of(docs: Sequence[Doc]) -> Truth:
    n = len(docs)
    group = np.array([d.group for d in docs], dtype=np.int64)
    rate = np.array([d.rate for d in docs], dtype=np.float64)
    members: dict[int, list[int]] = {}
    for i, g in enumerate(group.tolist()):
        members.setdefault(g, []).append(i)
    codes, rates = [], []
    for ids in members.values():
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                a, b = ids[x], ids[y]
                codes.append(min(a, b) * n + max(a, b))
                rates.append(rate[a] + rate[b])
    order = np.argsort(codes)
    return Truth(n, group, rate, np.array(codes, dtype=np.int64)[order], np.array(rates)[order])


def score(truth: Truth, predicted: np.ndarray) -> dict[str, Any]:
    """Precision over all predicted pairs; recall per edit-rate bucket."""
    predicted = np.unique(predicted)
    hit_pred = np.isin(predicted, truth.true_codes)
    found = np.isin(truth.true_codes, predicted)
    out: dict[str, Any] = {
        "predicted": len(predicted),
        "true_positive": int(hit_pred.sum()),
        "false_positive": int((~hit_pred).sum()),
        "precision": float(hit_pred.mean()) if len(predicted) else float("nan"),
        "true_pairs": len(truth.true_codes),
        "recall_all": float(found.mean()) if len(found) else float("nan"),
    }
    le15 = truth.true_rates <= 0.15 + 1e-12
    out["recall_le15"] = float(found[le15].mean()) if le15.any() else float("nan")
    out["pairs_le15"] = int(le15.sum())
    buckets = []
    for lo, hi in BUCKETS:
        sel = (truth.true_rates <= hi + 1e-12) & (
            (truth.true_rates > lo + 1e-12) if lo > 0 else True
        )
        buckets.append(
            {
                "bucket": bucket_label(lo, hi),
                "pairs": int(sel.sum()),
                "found": int(found[sel].sum()),
                "recall": float(found[sel].mean()) if sel.any() else float("nan"),
            }
        )
    out["buckets"] = buckets
    return out


# -- engines (each in its own subprocess) --------------------------------------


def run_newsdesk(texts: list[str], cfg: Any) -> tuple[list[int], dict[str, float]]:
    from newsdesk.dedup import find_copies
    from newsdesk.model import Article

    n = len(texts)
    arts = [
        Article(id=f"{i:07d}", path=f"{i}.txt", format="text", text=t, source_text="")
        for i, t in enumerate(texts)
    ]
    t0 = time.perf_counter()
    findings = find_copies(arts, config=cfg)
    seconds = time.perf_counter() - t0
    return [f.left * n + f.right for f in findings], {"total": seconds}


def run_datasketch(texts: list[str], cfg: Any) -> tuple[list[int], dict[str, float]]:
    """The same pipeline with datasketch: same words and shingles (newsdesk's own
    ``words`` and ``shingles``, as strings), same num_perm, bands x rows and seed,
    the same exact check on the shingle sets."""
    from datasketch import MinHash, MinHashLSH

    from newsdesk.minhash import shingles, words

    n = len(texts)
    rows = cfg.num_perm // cfg.num_bands
    stages: dict[str, float] = {}
    t0 = time.perf_counter()
    sets: list[set[str]] = []
    for t in texts:
        toks = words(t)
        sets.append(shingles(toks, cfg.shingle_size) if len(toks) >= cfg.min_words else set())
    t1 = time.perf_counter()
    stages["words + shingles"] = t1 - t0
    lsh = MinHashLSH(num_perm=cfg.num_perm, params=(cfg.num_bands, rows))
    sigs: dict[int, Any] = {}
    t_sig = 0.0
    with lsh.insertion_session(buffer_size=50_000) as session:
        for lo in range(0, n, 1000):
            batch = [i for i in range(lo, min(lo + 1000, n)) if sets[i]]
            ta = time.perf_counter()
            hashed = MinHash.bulk(
                [[s.encode() for s in sets[i]] for i in batch],
                num_perm=cfg.num_perm,
                seed=cfg.seed,
            )
            t_sig += time.perf_counter() - ta
            for i, m in zip(batch, hashed, strict=True):
                sigs[i] = m
                session.insert(i, m)
    t2 = time.perf_counter()
    stages["MinHash (encode + bulk)"] = t_sig
    stages["LSH insert"] = t2 - t1 - t_sig
    found: list[int] = []
    t_query = 0.0
    for i, m in sigs.items():
        ta = time.perf_counter()
        cands = lsh.query(m)
        t_query += time.perf_counter() - ta
        set_a = sets[i]
        for j in cands:
            if j <= i:
                continue
            set_b = sets[j]
            inter = len(set_a & set_b) if len(set_a) < len(set_b) else len(set_b & set_a)
            if not inter:
                continue
            jac = inter / (len(set_a) + len(set_b) - inter)
            cont = inter / min(len(set_a), len(set_b))
            if jac >= cfg.near_jaccard or cont >= cfg.near_containment:
                found.append(i * n + j)
    t3 = time.perf_counter()
    stages["LSH query"] = t_query
    stages["exact check"] = t3 - t2 - t_query
    stages["total"] = t3 - t0
    return found, stages


def worker(engine: str, corpus: Path, out: Path, limit: int) -> None:
    from newsdesk.dedup import DedupConfig

    with corpus.open(encoding="utf-8") as f:
        texts = [json.loads(line) for _, line in zip(range(limit), f, strict=False)]
    cfg = DedupConfig()
    run = run_newsdesk if engine == "newsdesk" else run_datasketch
    before = rss_mb()
    clean = reset_peak()
    pairs, stages = run(texts, cfg)
    peak = peak_rss_mb()
    np.save(out, np.array(pairs, dtype=np.int64))
    result = {
        "engine": engine,
        "docs": len(texts),
        "stages": stages,
        "seconds": stages["total"],
        "rss_before_mb": before,
        "peak_delta_mb": peak - before,
        "peak_clean": clean,
    }
    print(json.dumps(result))


def spawn(engine: str, corpus: Path, out: Path, limit: int) -> dict[str, Any]:
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            engine,
            "--corpus",
            str(corpus),
            "--out",
            str(out),
            "--limit",
            str(limit),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        raise RuntimeError(f"{engine} worker failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# -- main ---------------------------------------------------------------------


def subset_truth(truth: Truth, m: int) -> Truth:
    """Ground truth among the first ``m`` documents (the corpus order is random)."""
    a, b = truth.true_codes // truth.n, truth.true_codes % truth.n
    keep = b < m
    return Truth(m, truth.group[:m], truth.rate[:m], a[keep] * m + b[keep], truth.true_rates[keep])


def fmt_secs(runs: Sequence[float]) -> str:
    return " / ".join(f"{s:.2f}" for s in runs)


def bench(n: int, args: argparse.Namespace, ds_rate: float | None) -> float | None:
    from newsdesk.dedup import DedupConfig

    cfg = DedupConfig()
    t0 = time.perf_counter()
    docs, vocab_source = make_corpus(n, args.seed)
    texts = [d.text() for d in docs]
    gen = time.perf_counter() - t0
    truth = truth_of(docs)
    n_copies = sum(d.is_copy for d in docs)
    mean_words = statistics.fmean(len(t.split()) for t in texts[:2000])
    ds_n = n
    if ds_rate and n / ds_rate > args.ds_max_seconds:
        ds_n = max(1000, int(args.ds_max_seconds * ds_rate * 0.8))
    results: dict[str, list[dict[str, Any]]] = {"newsdesk": [], "datasketch": []}
    pairs: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps(t) + "\n")
        del docs, texts
        for r in range(args.rounds):
            order = ["newsdesk", "datasketch"] if r % 2 == 0 else ["datasketch", "newsdesk"]
            for engine in order:
                if engine not in args.engines:
                    continue
                out = Path(tmp) / f"{engine}.npy"
                limit = n if engine == "newsdesk" else ds_n
                res = spawn(engine, corpus, out, limit)
                results[engine].append(res)
                pairs[engine] = np.load(out)
                print(
                    f"  [{n}] round {r + 1} {engine}: {res['seconds']:.2f}s on {res['docs']} docs",
                    file=sys.stderr,
                )
    rows = cfg.num_perm // cfg.num_bands
    print(
        f"## near-duplicates: {n:,} documents ({n - n_copies:,} originals, {n_copies:,} copies), "
        f"~{mean_words:.0f} words each"
    )
    print()
    print(
        f"Corpus: seed {args.seed}, {vocab_source}, written in {gen:.0f}s. "
        f"Parameters (DedupConfig defaults, both engines): word {cfg.shingle_size}-shingles, "
        f"num_perm {cfg.num_perm}, {cfg.num_bands} bands x {rows} rows, seed {cfg.seed}, "
        f"near_jaccard {cfg.near_jaccard}, near_containment {cfg.near_containment}, "
        f"min_words {cfg.min_words}. {args.rounds} runs per engine, each in a fresh "
        f"subprocess, alternating; seconds of every run shown, docs/s from the best."
    )
    print()
    print(
        "| engine | docs | seconds (each run) | docs/s | peak RSS delta | precision | "
        "false pairs | recall <= 15 % | recall, all pairs | speed |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    scores: dict[str, dict[str, Any]] = {}
    best: dict[str, float] = {}
    for engine in ("newsdesk", "datasketch"):
        runs = results[engine]
        if not runs:
            continue
        docs_run = runs[0]["docs"]
        sub = truth if docs_run == n else subset_truth(truth, docs_run)
        scores[engine] = score(sub, pairs[engine])
        secs = [x["seconds"] for x in runs]
        best[engine] = min(secs) / docs_run  # seconds per document
        s = scores[engine]
        peak = max(x["peak_delta_mb"] for x in runs)
        note = "" if docs_run == n else f" (subsample: {docs_run:,} of {n:,} docs)"
        speed = "1.00" if engine == "newsdesk" else ""
        if engine == "datasketch" and "newsdesk" in best:
            speed = f"{best['datasketch'] / best['newsdesk']:.1f}x slower"
            if docs_run != n:
                speed += f"; {n * best['datasketch']:.0f}s extrapolated to {n:,}"
        print(
            f"| {engine}{note} | {docs_run:,} | {fmt_secs(secs)} | {1 / best[engine]:,.0f} | "
            f"{peak:,.0f} MB | {s['precision']:.4f} | {s['false_positive']} | "
            f"{s['recall_le15']:.4f} ({s['pairs_le15']:,} pairs) | {s['recall_all']:.4f} | "
            f"{speed} |"
        )
    print()
    engines = list(scores)
    print("| pair edit rate | " + " | ".join(f"{e} pairs | {e} recall" for e in engines) + " |")
    print("|---|" + "---:|---:|" * len(engines))
    for k, (lo, hi) in enumerate(BUCKETS):
        cells = []
        for e in engines:
            b = scores[e]["buckets"][k]
            cells.append(f"{b['pairs']:,} | {b['recall']:.4f}")
        print(f"| {bucket_label(lo, hi)} | " + " | ".join(cells) + " |")
    print()
    if results["datasketch"]:
        st = min(results["datasketch"], key=lambda x: x["seconds"])["stages"]
        parts = ", ".join(f"{k} {v:.1f}s" for k, v in st.items() if k != "total")
        print(f"datasketch stages (best run): {parts}.")
        print()
    return (
        results["datasketch"][0]["docs"] / min(x["seconds"] for x in results["datasketch"])
        if results["datasketch"]
        else ds_rate
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engines", nargs="+", default=["newsdesk", "datasketch"])
    ap.add_argument(
        "--ds-max-seconds",
        type=float,
        default=600,
        help="run datasketch on a subsample when the full run would take longer",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args.corpus, args.out, args.limit)
        return
    print(f"# near-duplicate benchmark (python {sys.version.split()[0]}, {os.cpu_count()} cores)")
    print()
    ds_rate: float | None = None
    for n in sorted(args.n):
        ds_rate = bench(n, args, ds_rate)


if __name__ == "__main__":
    main()
