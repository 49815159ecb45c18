"""``newsdesk eval clustering``: score story clustering against gold story labels.

The clustering is passed in as ``predict`` (articles -> {article id: story id}), so
the harness runs the same on the real ``cluster_articles`` and on a test's fake.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Article
from .datasets import Labelled
from .metrics import ClusterScores, score_clustering

Predict = Callable[[list[Article]], Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class ClusteringReport:
    scores: ClusterScores
    # Seconds spent in ``predict`` (embedding + clustering), not in loading or scoring.
    seconds: float
    # Articles ``predict`` gave no story: each is scored as a cluster of its own.
    n_unlabelled: int = 0

    def to_dict(self) -> dict[str, Any]:
        s = self.scores
        return {
            "bcubed_precision": round(s.bcubed_precision, 4),
            "bcubed_recall": round(s.bcubed_recall, 4),
            "bcubed_f1": round(s.bcubed_f1, 4),
            "pairwise_precision": round(s.pairwise_precision, 4),
            "pairwise_recall": round(s.pairwise_recall, 4),
            "pairwise_f1": round(s.pairwise_f1, 4),
            "ari": round(s.ari, 4),
            "ami": round(s.ami, 4),
            "n_articles": s.n_items,
            "n_gold": s.n_gold,
            "n_pred": s.n_pred,
            "n_unlabelled": self.n_unlabelled,
            "seconds": round(self.seconds, 3),
        }


def evaluate_clustering(items: Sequence[Labelled], *, predict: Predict) -> ClusteringReport:
    """Run ``predict`` on the articles of ``items`` and score it against their stories.

    Items are scored one by one, so two items with the same article id (identical
    raw bytes) both count, with the one predicted label.
    """
    if not items:
        raise ValueError("no articles to cluster")
    articles = [i.article for i in items]
    start = time.perf_counter()
    labels = predict(articles)
    seconds = time.perf_counter() - start
    pred: list[tuple[str, str]] = []
    unlabelled = 0
    for index, item in enumerate(items):
        label = labels.get(item.article.id)
        if label is None:
            # A missing label must not merge the missing articles into one cluster
            # (that would reward or punish them together): each stands alone. The
            # tuple tag keeps these apart from any story id the predictor returns.
            unlabelled += 1
            pred.append(("unlabelled", str(index)))
        else:
            pred.append(("story", str(label)))
    gold = [i.story for i in items]
    return ClusteringReport(
        scores=score_clustering(gold, pred), seconds=seconds, n_unlabelled=unlabelled
    )
