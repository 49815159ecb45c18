from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def shared_path(*parts: str) -> Path:
    """A path in ../shared; fails loudly in CI when missing, skips elsewhere."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI must have ../shared beside the repo")
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """spaCy's English pipeline, loaded once for the whole test session."""
    from newsdesk.extract.nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def seed_articles():  # type: ignore[no-untyped-def]
    """The four seeds as cleaned ``Article`` records, keyed by file prefix ("000"…)."""
    from newsdesk.config import load_config
    from newsdesk.ingest import read_paths
    from newsdesk.model import Article, IngestError
    from newsdesk.stages import clean_document

    seeds = shared_path("seeds")
    config = load_config(use_user_file=False)
    out: dict[str, Article] = {}
    for item in read_paths([str(seeds)], config=config.ingest):
        assert not isinstance(item, IngestError), item
        art = clean_document(item, config=config.clean)
        assert isinstance(art, Article)
        out[art.path.rsplit("/", 1)[-1][:3]] = art
    return out
