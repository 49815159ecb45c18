"""The bundled demo corpus, read and cleaned, against its own ground-truth manifest."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import pytest

from newsdesk.config import Config
from newsdesk.ingest import read_paths
from newsdesk.model import Article, Document
from newsdesk.stages import clean_document

CORPUS = Path(str(resources.files("newsdesk") / "demo" / "corpus"))
MANIFEST = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))


@cache
def articles() -> dict[str, Article]:
    out: dict[str, Article] = {}
    for item in read_paths([str(CORPUS)]):
        assert isinstance(item, Document), item
        art = clean_document(item, config=Config().clean)
        assert isinstance(art, Article), art
        out[Path(item.source).relative_to(CORPUS).as_posix()] = art
    return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_every_story_file_is_read() -> None:
    files = {f for s in MANIFEST["stories"] for f in s["files"]}
    assert files == set(articles())
    assert len(MANIFEST["stories"]) >= 6
    multi = [s for s in MANIFEST["stories"] if len(s["files"]) >= 3]
    assert len(multi) >= 6


@pytest.mark.parametrize("entry", MANIFEST["metadata"], ids=lambda e: e["file"])
def test_metadata(entry: dict[str, str]) -> None:
    art = articles()[entry["file"]]
    got = {
        "title": art.title,
        "author": art.author,
        "published": art.published.isoformat() if art.published else None,
        "outlet": art.outlet,
    }
    for key, value in got.items():
        if key in entry:
            assert value == entry[key], key


@pytest.mark.parametrize(
    "entry", MANIFEST["boilerplate"], ids=lambda e: e["file"] + ":" + e["reason"]
)
def test_boilerplate_removed(entry: dict[str, str]) -> None:
    art = articles()[entry["file"]]
    assert _norm(entry["text"]) not in _norm(art.text)
    if art.format == "html":
        return  # trafilatura drops page chrome before our cleaner sees the text
    removed = " ".join(_norm(r.text) for r in art.removals)
    # Glued credits are split off, so compare on the credit/prompt words themselves.
    assert any(
        _norm(entry["text"])[:25] in _norm(r.text) or _norm(r.text) in _norm(entry["text"])
        for r in art.removals
    ), removed[:500]


@pytest.mark.parametrize("entry", MANIFEST["must_keep"], ids=lambda e: e["file"])
def test_lookalike_reporting_kept(entry: dict[str, str]) -> None:
    assert _norm(entry["text"]) in _norm(articles()[entry["file"]].text)
