"""Scores of a predicted clustering against gold labels.

Both clusterings are given as parallel label sequences (item ``i`` is in gold
cluster ``gold[i]`` and predicted cluster ``pred[i]``). Every count comes from the
contingency table (how many items each gold/predicted cluster pair shares), so the
cost is linear in the number of items, never quadratic in pairs.

* **BCubed** (Bagga & Baldwin 1998; Amigó et al. 2009): for each item, precision is
  the share of its predicted cluster that shares its gold label, recall the share of
  its gold cluster that shares its predicted label; both are averaged over items and
  F1 is their harmonic mean.
* **Pairwise**: precision/recall over the unordered pairs of items put in one cluster.
* **ARI / AMI**: scikit-learn's ``adjusted_rand_score`` and
  ``adjusted_mutual_info_score`` (arithmetic normalisation, its default), chance
  corrected: 0 for a random clustering, 1 for a perfect one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass

__all__ = [
    "ClusterScores",
    "adjusted_mutual_info",
    "adjusted_rand",
    "bcubed",
    "contingency",
    "pairwise",
    "score_clustering",
]


@dataclass(frozen=True, slots=True)
class ClusterScores:
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    ari: float
    ami: float
    n_items: int
    n_gold: int
    n_pred: int

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _check(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels, pred {len(pred)}")
    if not gold:
        raise ValueError("no items to score")


def contingency(
    gold: Sequence[Hashable], pred: Sequence[Hashable]
) -> Counter[tuple[Hashable, Hashable]]:
    """Items per (gold label, predicted label) pair; only non-empty cells."""
    _check(gold, pred)
    return Counter(zip(gold, pred, strict=True))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[float, float, float]:
    """BCubed (precision, recall, F1).

    Every item of cell (g, p) has precision n_gp/|p| and recall n_gp/|g|, so the
    per-item sums collapse to sums over cells of n_gp²/|p| and n_gp²/|g|.
    """
    cells = contingency(gold, pred)
    gold_size = Counter(gold)
    pred_size = Counter(pred)
    n = len(gold)
    p = sum(c * c / pred_size[pl] for (_, pl), c in cells.items()) / n
    r = sum(c * c / gold_size[gl] for (gl, _), c in cells.items()) / n
    return p, r, _f1(p, r)


def _pairs(k: int) -> int:
    return k * (k - 1) // 2


def pairwise(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[float, float, float]:
    """Pairwise (precision, recall, F1) over unordered same-cluster pairs.

    With no predicted pairs (all singletons) precision is 1.0: no pair was put
    together wrongly; likewise recall is 1.0 when the gold has no pairs. So an
    all-singleton prediction of an all-singleton gold scores 1.0, and one of a gold
    with pairs scores F1 0 (recall 0).
    """
    cells = contingency(gold, pred)
    together = sum(_pairs(c) for c in cells.values())
    pred_pairs = sum(_pairs(c) for c in Counter(pred).values())
    gold_pairs = sum(_pairs(c) for c in Counter(gold).values())
    p = together / pred_pairs if pred_pairs else 1.0
    r = together / gold_pairs if gold_pairs else 1.0
    return p, r, _f1(p, r)


def _codes(labels: Sequence[Hashable]) -> list[int]:
    # scikit-learn sorts labels; mixed label types (str and int) would not sort.
    index: dict[Hashable, int] = {}
    return [index.setdefault(label, len(index)) for label in labels]


def adjusted_rand(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    _check(gold, pred)
    # Imported on use: scikit-learn takes about a second to import, and BCubed alone
    # (or ``newsdesk --help``, which loads the eval commands) should not pay for it.
    from sklearn.metrics import adjusted_rand_score  # type: ignore[import-untyped, unused-ignore]

    return float(adjusted_rand_score(_codes(gold), _codes(pred)))


def adjusted_mutual_info(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    _check(gold, pred)
    from sklearn.metrics import (  # type: ignore[import-untyped, unused-ignore]
        adjusted_mutual_info_score,
    )

    return float(adjusted_mutual_info_score(_codes(gold), _codes(pred)))


def score_clustering(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> ClusterScores:
    """All scores at once. Raises ValueError on empty or unequal-length input."""
    bp, br, bf = bcubed(gold, pred)
    pp, pr, pf = pairwise(gold, pred)
    return ClusterScores(
        bcubed_precision=bp,
        bcubed_recall=br,
        bcubed_f1=bf,
        pairwise_precision=pp,
        pairwise_recall=pr,
        pairwise_f1=pf,
        ari=adjusted_rand(gold, pred),
        ami=adjusted_mutual_info(gold, pred),
        n_items=len(gold),
        n_gold=len(set(gold)),
        n_pred=len(set(pred)),
    )
