"""The four real seed articles in ../shared/seeds (read in place, never copied here)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsdesk.ingest import read_paths
from newsdesk.model import Document


@pytest.fixture
def seeds(seeds_dir: Path) -> dict[str, Document]:
    # seeds_dir (conftest) is ../shared/seeds beside the repo root: it skips when that is
    # missing, and fails loudly instead when the CI variable is set.
    results = list(read_paths([str(seeds_dir)]))
    docs = {Path(r.source).name[:3]: r for r in results if isinstance(r, Document)}
    assert len(docs) == len(results) == 4, results
    return docs


def first_line(document: Document) -> str:
    return next(line for line in document.text.splitlines() if line.strip()).strip()


@pytest.mark.parametrize("number", ["001", "002", "003"])
def test_headline_is_the_first_line(seeds: dict[str, Document], number: str) -> None:
    document = seeds[number]
    assert document.title == first_line(document)
    (headline,) = [r for r in document.consumed if r.reason == "headline"]
    assert headline.text == document.title


def test_000_has_an_inline_date_and_no_headline(seeds: dict[str, Document]) -> None:
    document = seeds["000"]
    assert document.title is None
    assert document.published == date(2022, 5, 4)
    (dateline,) = [r for r in document.consumed if r.reason == "dateline"]
    assert document.text[dateline.start : dateline.end] == dateline.text
    assert dateline.text.startswith("date 2022-05-04")


def test_002_byline(seeds: dict[str, Document]) -> None:
    document = seeds["002"]
    assert document.author == "Shelby Scott"
    bylines = [r.text for r in document.consumed if r.reason == "byline"]
    assert bylines == ["by Shelby Scott"]
    # the photo credit under the byline is not the reader's to take
    assert not any("Photo" in r.text for r in document.consumed)


def test_003_glued_dateline(seeds: dict[str, Document]) -> None:
    document = seeds["003"]
    assert document.published == date(2022, 5, 3)
    (dateline,) = [r for r in document.consumed if r.reason == "dateline"]
    assert dateline.text.startswith("2022-05-03T")


def test_seeds_are_plain_text_with_exact_offsets(seeds: dict[str, Document]) -> None:
    for document in seeds.values():
        assert document.format == "text"
        assert document.outlet is None  # directly in the folder given: no folder outlet
        for removal in document.consumed:
            assert document.text[removal.start : removal.end] == removal.text
