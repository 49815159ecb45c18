"""Fit the set choice's weights (``newsdesk.selection.SUBSET_WEIGHTS``) on the
AllSides roundup *train* split.

Each training cluster goes through the summarizer as the stage runs it (dedup
links, candidates, headline); every set of candidates the set choice would
consider is labelled with the ROUGE-2 F1 of headline + set against the
cluster's reference. A ridge regression on the set features, centred within
each cluster (only the order of one cluster's sets matters), gives the weights.
``--check`` also fits on each random half of the clusters and reports the
other half's ROUGE under the fitted choice beside the greedy choice's. Val is
never read here.

Usage:
    python scripts/fit_summary_sets.py ../shared/data/allsides/roundup_train.source --check
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from rouge_score.tokenizers import DefaultTokenizer

from newsdesk.dedup import DedupConfig
from newsdesk.embed import get_encoder
from newsdesk.eval.summary import _lines, allsides_roundup, as_story
from newsdesk.selection import SUBSET_FEATURES, Consensus, Pool, feasible, subset_features
from newsdesk.summarize import SummaryConfig, summarize_story

Grams = Counter[tuple[str, ...]]


@dataclass(frozen=True)
class Cluster:
    features: npt.NDArray[np.float64]
    rouge: npt.NDArray[np.float64]  # (sets, 2): ROUGE-1 and ROUGE-2 F1
    greedy: npt.NDArray[np.float64]  # the greedy choice's ROUGE-1 and -2 F1


def _grams(tokens: Sequence[str], n: int) -> Grams:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f1(reference: Grams, summary: Grams) -> float:
    # rouge-score's ROUGE-N: clipped n-gram overlap, F1 of precision and recall.
    overlap = sum((reference & summary).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(summary.values()), overlap / sum(reference.values())
    return 2 * p * r / (p + r)


def collect(source: str) -> list[Cluster]:
    encode = get_encoder().encode
    tokenizer = DefaultTokenizer(use_stemmer=True)
    cache: dict[str, list[str]] = {}

    def tokens(text: str) -> list[str]:
        if text not in cache:
            cache[text] = tokenizer.tokenize(text)
        return cache[text]

    config = SummaryConfig()
    dedup = DedupConfig()
    greedy_config = replace(config, sets=False)
    items = allsides_roundup(source)
    out: list[Cluster] = []
    seen: list[tuple[Pool, Consensus, int, Mapping[str, float]]] = []

    def observe(pool: Pool, agreed: Consensus, words: int, said: Mapping[str, float]) -> None:
        seen.append((pool, agreed, words, said))

    for n, item in enumerate(items, start=1):
        seen.clear()
        story, links = as_story(item, encode=encode, dedup=dedup)
        summary = summarize_story(
            story=story,
            articles=item.articles,
            links=links,
            encode=encode,
            config=config,
            on_choice=observe,
        )
        greedy = summarize_story(
            story=story, articles=item.articles, links=links, encode=encode, config=greedy_config
        )
        if n % 200 == 0:
            print(f"{n}/{len(items)} clusters", file=sys.stderr)
        if not seen:
            continue
        pool, agreed, words, said = seen[0]
        sets = feasible(
            pool, words=words, sentences=None, size=config.pool, said=said, repeat=config.repeat
        )
        if not sets:
            continue
        ref = [t for line in _lines(item.reference).splitlines() for t in tokens(line)]
        ref1, ref2 = _grams(ref, 1), _grams(ref, 2)
        head = tokens(summary.headline.text) if summary.headline else []
        # As the stage orders a summary: by position in the article (then by
        # article): the order changes the bigrams that span two sentences.
        order = {a: i for i, a in enumerate(sorted(set(pool.article_ids)))}
        labels = []
        for s in sets:
            ordered = sorted(s, key=lambda j: (pool.positions[j], order[pool.article_ids[j]]))
            toks = head + [t for j in ordered for t in tokens(pool.texts[j])]
            labels.append((_f1(ref1, _grams(toks, 1)), _f1(ref2, _grams(toks, 2))))
        g = [t for s in greedy.sentences for t in tokens(s.text)]
        out.append(
            Cluster(
                subset_features(pool, sets, agreed),
                np.array(labels),
                np.array([_f1(ref1, _grams(g, 1)), _f1(ref2, _grams(g, 2))]),
            )
        )
    return out


def fit(clusters: Sequence[Cluster], alpha: float) -> npt.NDArray[np.float64]:
    x = np.vstack([c.features - c.features.mean(axis=0) for c in clusters])
    y = np.concatenate([c.rouge[:, 1] - c.rouge[:, 1].mean() for c in clusters])
    scale = x.std(axis=0) + 1e-12
    xs = x / scale
    w = np.linalg.solve(xs.T @ xs + alpha * np.eye(x.shape[1]), xs.T @ y)
    return np.asarray(w / scale)


def chosen(clusters: Sequence[Cluster], w: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.array([c.rouge[int(np.argmax(c.features @ w))] for c in clusters]) * 100


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="roundup_train.source (its .target beside it)")
    parser.add_argument("--alpha", type=float, default=1000.0)
    parser.add_argument("--check", action="store_true", help="fit on halves, score the other")
    args = parser.parse_args(argv)
    clusters = collect(args.source)
    if args.check:
        rng = np.random.default_rng(1)
        perm = rng.permutation(len(clusters))
        halves = [perm[: len(perm) // 2], perm[len(perm) // 2 :]]
        print("half   greedy R1/R2     set choice R1/R2 (fitted on the other half)")
        for k, half in enumerate(halves):
            other = [clusters[i] for i in halves[1 - k]]
            mine = [clusters[i] for i in half]
            greedy = np.array([c.greedy for c in mine]).mean(axis=0) * 100
            sets = chosen(mine, fit(other, args.alpha)).mean(axis=0)
            before, after = f"{greedy[0]:.2f}/{greedy[1]:.2f}", f"{sets[0]:.2f}/{sets[1]:.2f}"
            print(f"{'AB'[k]}      {before}      {after}")
    w = fit(clusters, args.alpha)
    print(f"{len(clusters)} clusters; SUBSET_WEIGHTS (order of SUBSET_FEATURES):")
    for name, value in zip(SUBSET_FEATURES, w, strict=True):
        print(f"    {name:24s} {value: .6g}")
    print("(" + ", ".join(f"{v:.6g}" for v in w) + ")")


if __name__ == "__main__":
    main()
