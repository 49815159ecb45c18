"""Clustering scores (hand-computed cases), the evaluation harness and its CLI command."""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.eval.clustering import evaluate_clustering
from newsdesk.eval.datasets import Labelled
from newsdesk.eval.metrics import (
    adjusted_mutual_info,
    adjusted_rand,
    bcubed,
    pairwise,
    score_clustering,
)
from newsdesk.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "eval"

# Six items: gold clusters of 3, 2 and 1.
GOLD = ["g1", "g1", "g1", "g2", "g2", "g3"]


def test_perfect_clustering_scores_one_whatever_the_label_names() -> None:
    pred = [7, 7, 7, "x", "x", None]  # any hashable labels, mixed types
    s = score_clustering(GOLD, pred)
    for value in (s.bcubed_precision, s.bcubed_recall, s.bcubed_f1, s.pairwise_f1):
        assert value == 1.0
    assert s.ari == pytest.approx(1.0)
    assert s.ami == pytest.approx(1.0)
    assert (s.n_items, s.n_gold, s.n_pred) == (6, 3, 3)


def test_all_in_one_cluster() -> None:
    pred = ["p"] * 6
    # BCubed precision per item = |gold cluster| / 6: (3·3 + 2·2 + 1·1) / 6 / 6 = 14/36.
    p, r, f = bcubed(GOLD, pred)
    assert p == pytest.approx(14 / 36)
    assert r == 1.0
    assert f == pytest.approx(2 * (14 / 36) / (14 / 36 + 1))  # = 14/25
    assert f == pytest.approx(14 / 25)
    # 15 predicted pairs, 3 + 1 gold pairs, all of them found.
    assert pairwise(GOLD, pred) == pytest.approx((4 / 15, 1.0, 8 / 19))
    assert adjusted_rand(GOLD, pred) == pytest.approx(0.0)
    assert adjusted_mutual_info(GOLD, pred) == pytest.approx(0.0, abs=1e-12)


def test_all_singletons() -> None:
    pred = list(range(6))
    # Recall per item = 1/|gold cluster|: each gold cluster sums to 1, so 3/6.
    p, r, f = bcubed(GOLD, pred)
    assert (p, r) == (1.0, 0.5)
    assert f == pytest.approx(2 / 3)
    # No predicted pairs: precision is vacuously 1, recall 0.
    assert pairwise(GOLD, pred) == (1.0, 0.0, 0.0)
    assert adjusted_rand(GOLD, pred) == pytest.approx(0.0)


def test_singletons_against_singletons_is_perfect() -> None:
    assert pairwise([1, 2, 3], ["a", "b", "c"]) == (1.0, 1.0, 1.0)
    assert bcubed([1, 2, 3], ["a", "b", "c"]) == (1.0, 1.0, 1.0)


def test_worked_example() -> None:
    pred = ["A", "A", "B", "B", "B", "B"]
    # Cells: (g1,A)=2 (g1,B)=1 (g2,B)=2 (g3,B)=1; |A|=2 |B|=4; |g1|=3 |g2|=2 |g3|=1.
    # P = (2·2/2 + 1/4 + 2·2/4 + 1/4) / 6 = 3.5/6;  R = (2·2/3 + 1/3 + 2·2/2 + 1) / 6 = 14/18.
    p, r, f = bcubed(GOLD, pred)
    assert p == pytest.approx(7 / 12)
    assert r == pytest.approx(7 / 9)
    assert f == pytest.approx(2 / 3)
    # Pairs together in both: 1 (g1,A) + 1 (g2,B); predicted pairs 1 + 6; gold pairs 3 + 1.
    assert pairwise(GOLD, pred) == pytest.approx((2 / 7, 1 / 2, 4 / 11))
    # ARI = (2 - 4·7/15) / ((4 + 7)/2 - 4·7/15) = 4/109.
    assert adjusted_rand(GOLD, pred) == pytest.approx(4 / 109)
    assert adjusted_mutual_info(GOLD, pred) == pytest.approx(_reference_ami(GOLD, pred))


def _reference_ami(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """AMI (arithmetic mean normalisation) straight from Vinh, Epps & Bailey (2010)."""
    n = len(gold)
    a, b = Counter(gold), Counter(pred)
    cells = Counter(zip(gold, pred, strict=True))
    mi = sum(c / n * math.log(n * c / (a[g] * b[p])) for (g, p), c in cells.items())

    def entropy(sizes: Counter[Hashable]) -> float:
        return -sum(s / n * math.log(s / n) for s in sizes.values())

    emi = 0.0
    for ai in a.values():
        for bj in b.values():
            for nij in range(max(1, ai + bj - n), min(ai, bj) + 1):
                ways = (
                    math.comb(bj, nij) * math.comb(n - bj, ai - nij) / math.comb(n, ai)
                )  # hypergeometric probability of nij shared items
                emi += ways * nij / n * math.log(n * nij / (ai * bj))
    return (mi - emi) / ((entropy(a) + entropy(b)) / 2 - emi)


def test_scores_are_symmetric_where_they_should_be() -> None:
    pred = ["A", "A", "B", "B", "B", "B"]
    p, r, _ = bcubed(GOLD, pred)
    assert bcubed(pred, GOLD)[:2] == pytest.approx((r, p))
    assert adjusted_rand(pred, GOLD) == pytest.approx(adjusted_rand(GOLD, pred))
    assert adjusted_mutual_info(pred, GOLD) == pytest.approx(adjusted_mutual_info(GOLD, pred))


def test_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="no items"):
        score_clustering([], [])
    with pytest.raises(ValueError, match="2 labels"):
        bcubed(["a", "b"], ["a"])


def test_pair_counts_are_linear_not_quadratic() -> None:
    # 2·10^5 items hold 2·10^10 pairs: only contingency counts finish in time.
    gold = [i % 2 for i in range(200_000)]
    pred = [i % 4 for i in range(200_000)]
    start = time.perf_counter()
    assert pairwise(gold, pred)[0] == 1.0
    assert bcubed(gold, pred)[1] == pytest.approx(0.5)
    assert time.perf_counter() - start < 2.0


# --------------------------------------------------------------------------- harness


def _article(ident: str) -> Article:
    return Article(id=ident, path=f"x#{ident}", format="text", text="t", source_text="t")


ITEMS = [Labelled(_article(i), g) for i, g in zip("abcdef", GOLD, strict=True)]


def test_evaluate_clustering_with_a_fake_predictor() -> None:
    seen: list[list[str]] = []

    def predict(articles: list[Article]) -> Mapping[str, str]:
        seen.append([a.id for a in articles])
        return {"a": "A", "b": "A", "c": "B", "d": "B", "e": "B", "f": "B"}

    report = evaluate_clustering(ITEMS, predict=predict)
    assert seen == [list("abcdef")]
    data = report.to_dict()
    assert data["bcubed_precision"] == round(7 / 12, 4)
    assert data["bcubed_recall"] == round(7 / 9, 4)
    assert data["bcubed_f1"] == round(2 / 3, 4)
    assert data["pairwise_f1"] == round(4 / 11, 4)
    assert data["ari"] == round(4 / 109, 4)
    assert (data["n_articles"], data["n_gold"], data["n_pred"], data["n_unlabelled"]) == (
        6,
        3,
        2,
        0,
    )
    assert data["seconds"] >= 0


def test_articles_without_a_prediction_are_singletons() -> None:
    # "c" and "f" unlabelled: they must not form one cluster, nor join a story
    # that happens to share the tag's text.
    report = evaluate_clustering(
        ITEMS, predict=lambda _: {"a": "A", "b": "A", "d": "B", "e": "B", "x": "unlabelled"}
    )
    assert report.n_unlabelled == 2
    assert report.scores.n_pred == 4
    assert report.scores.bcubed_precision == 1.0


def test_evaluate_clustering_needs_items() -> None:
    with pytest.raises(ValueError, match="no articles"):
        evaluate_clustering([], predict=lambda _: {})


# --------------------------------------------------------------------------- CLI

JSON_KEYS = {
    "bcubed_precision",
    "bcubed_recall",
    "bcubed_f1",
    "pairwise_f1",
    "ari",
    "ami",
    "n_articles",
    "n_gold",
    "n_pred",
}


@pytest.fixture
def one_cluster(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Replace the real clusterer (embeddings + newsdesk.cluster) with 'all in one story'."""
    calls: list[int] = []

    def predictor(*, incremental: bool = False) -> Callable[[list[Article]], dict[str, str]]:
        def predict(articles: list[Article]) -> dict[str, str]:
            calls.append(len(articles))
            return {a.id: "s" for a in articles}

        return predict

    monkeypatch.setattr("newsdesk.eval.cli._predictor", predictor)
    return calls


def _invoke(*args: str) -> tuple[int, str, str]:
    from newsdesk.cli import cli

    result = CliRunner().invoke(cli, ["eval", "clustering", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_json(one_cluster: list[int]) -> None:
    code, out, err = _invoke(str(FIXTURES / "articles.jsonl"), "--format", "jsonl", "--json")
    assert code == 0, out + err
    data = json.loads(out)
    assert set(data) >= JSON_KEYS
    assert one_cluster == [4]
    # Gold: cycle-lanes ×2, library, 7. All in one: P = (2·2/4 + 1/4 + 1/4) / 4 = 3/8.
    assert (data["n_articles"], data["n_gold"], data["n_pred"]) == (4, 3, 1)
    assert data["bcubed_precision"] == 0.375
    assert data["bcubed_recall"] == 1.0
    assert data["bcubed_f1"] == round(6 / 11, 4)
    assert (data["format"], data["n_skipped"]) == ("jsonl", 5)
    # Skipped lines are named on stderr (five shown), never on stdout.
    assert "skipped articles.jsonl#6: bad line: no 'story' label" in err


def test_cli_text(one_cluster: list[int]) -> None:
    code, out, _ = _invoke(str(FIXTURES / "ecbplus"), "--format", "ecbplus")
    assert code == 0, out
    assert "6 articles (2 skipped), 4 gold stories, 1 predicted" in out
    assert "BCubed" in out and "ARI" in out and "AMI" in out


def test_cli_wrong_format_names_the_path(one_cluster: list[int]) -> None:
    path = FIXTURES / "articles.jsonl"
    code, _, err = _invoke(str(path), "--format", "mmds")
    assert code == 2
    assert str(path) in err and "MMDS" in err
    assert one_cluster == []
