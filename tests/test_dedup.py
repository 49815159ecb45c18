"""Rewrites and provenance direction (near-duplicate internals: test_dedup_near.py)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from newsdesk.config import Config
from newsdesk.dedup import DedupConfig, PairFinding, decide_direction, detect_links
from newsdesk.ingest import read_paths
from newsdesk.model import AlignedPair, Article, Document, Link
from newsdesk.stages import clean_document

CORPUS = Path(str(resources.files("newsdesk") / "demo" / "corpus"))
MANIFEST = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))


def _key(source: str) -> str:
    return Path(source).relative_to(CORPUS).as_posix().replace(".jsonl#", ".jsonl#")


def demo_articles() -> list[Article]:
    arts = []
    for d in read_paths([str(CORPUS)]):
        assert isinstance(d, Document)
        art = clean_document(d, config=Config().clean)
        assert isinstance(art, Article)
        arts.append(art)
    return arts


@cache
def demo_links() -> tuple[dict[str, str], list[Link]]:
    from newsdesk.embed import get_encoder

    arts = demo_articles()
    names = {a.id: _key(a.path) for a in arts}
    links = detect_links(articles=arts, embedder=get_encoder().encode, config=DedupConfig())
    return names, links["links"]


@pytest.mark.parametrize("copy", MANIFEST["copies"], ids=lambda c: c["kind"])
def test_planted_copies_found_with_direction(copy: dict[str, str]) -> None:
    names, links = demo_links()
    found = {(names[link.source], names[link.target]): link for link in links}
    pair = (copy["source"], copy["target"])
    link = found.get(pair) or found.get(pair[::-1])
    assert link is not None, f"{copy['kind']} {pair} not found"
    assert link.kind == copy["kind"]
    if link.directed:
        assert (names[link.source], names[link.target]) == pair
    if copy["kind"] == "rewrite":
        assert link.directed and link.direction_confidence >= 0.7
        assert len(link.aligned) >= 5


def test_no_copy_links_between_different_stories() -> None:
    names, links = demo_links()
    story = {f: s["key"] for s in MANIFEST["stories"] for f in s["files"]}
    for link in links:
        assert story[names[link.source]] == story[names[link.target]], link


def _article(
    aid: str, text: str, *, published: date | None = None, outlet: str = "X", removals: tuple = ()
) -> Article:  # type: ignore[type-arg]
    return Article(
        id=aid,
        path=f"{aid}.txt",
        format="txt",
        text=text,
        source_text=text,
        published=published,
        outlet=outlet,
        removals=removals,
    )


def test_direction_from_dates() -> None:
    a = _article("a", "x", published=date(2024, 5, 2))
    b = _article("b", "x", published=date(2024, 5, 3))
    signed, reasons = decide_direction(
        a, b, PairFinding(0, 1, "rewrite", 0.5), config=DedupConfig()
    )
    assert signed >= 0.7
    assert "published 2024-05-02" in reasons[0]
    signed, _ = decide_direction(b, a, PairFinding(0, 1, "rewrite", 0.5), config=DedupConfig())
    assert signed <= -0.7


def test_direction_unknown_without_evidence() -> None:
    a = _article("a", "x", published=date(2024, 5, 2))
    b = _article("b", "x", published=date(2024, 5, 2))
    signed, _ = decide_direction(a, b, PairFinding(0, 1, "rewrite", 0.5), config=DedupConfig())
    assert signed == 0.0


def test_direction_from_syndication_note() -> None:
    from newsdesk.model import Removal

    note = Removal(0, 40, "This article originally appeared on Harbor Gazette.", "subscribe")
    source = _article("s", "x", outlet="Harbor Gazette")
    copy = _article("c", "x", outlet="Valley Courier", removals=(note,))
    signed, reasons = decide_direction(
        copy, source, PairFinding(0, 1, "near_duplicate", 0.9), config=DedupConfig()
    )
    assert signed < -0.7
    assert any("syndication" in r for r in reasons)


def test_direction_from_quote_damage() -> None:
    good = '"We will rebuild the bridge by June," the mayor said.'
    bad = 'We will rebuild the bridge by June," he says "she penned "the mayor said.'
    a = _article("a", good)
    b = _article("b", bad)
    finding = PairFinding(0, 1, "rewrite", 0.5, (AlignedPair(0, len(good), 0, len(bad), 0.8),))
    signed, reasons = decide_direction(a, b, finding, config=DedupConfig())
    assert signed > 0.55
    assert any("garbled" in r for r in reasons)


def test_find_rewrites_matches_pairwise_alignment() -> None:
    """find_rewrites embeds each distinct sentence once and aligns group by group with
    weights of its own: its findings are those of ``align_sentences`` on each pair."""
    from newsdesk.dedup import _units, align_sentences, find_copies, find_rewrites, rare_words
    from newsdesk.embed import get_encoder
    from newsdesk.minhash import similar_sets

    arts = sorted(demo_articles(), key=lambda a: a.id)
    config = DedupConfig()
    calls: list[list[str]] = []
    vector: dict[str, object] = {}

    def embed(texts: list[str]) -> object:
        calls.append(list(texts))
        out = get_encoder().encode(texts)
        vector.update(zip(texts, out, strict=True))
        return out

    exclude = {(f.left, f.right) for f in find_copies(arts, config=config)}
    got = find_rewrites(arts, embed=embed, exclude=exclude, config=config)
    assert len(calls) == 1 and len(calls[0]) == len(set(calls[0]))

    want = []
    rare = [rare_words(a.text, max_zipf=config.rare_zipf) for a in arts]
    for c in similar_sets(
        rare,
        num_perm=config.rewrite_num_perm,
        num_bands=config.rewrite_num_bands,
        seed=config.seed,
        min_jaccard=config.rewrite_candidate_jaccard,
    ):
        if (c.left, c.right) in exclude:
            continue
        ua, ub = _units(arts[c.left]), _units(arts[c.right])
        chain = align_sentences(
            ua,
            ub,
            np.array([vector[s.text] for s in ua]),
            np.array([vector[s.text] for s in ub]),
            min_score=config.align_score,
            verbatim=config.verbatim_overlap,
        )
        share = len(chain) / (min(len(ua), len(ub)) or 1)
        if len(chain) >= config.rewrite_min_aligned and share >= config.rewrite_min_share:
            want.append((c.left, c.right, round(share, 4), [(si, ti) for si, ti, _ in chain]))
    assert want, "the demo corpus has a planted rewrite"
    by_start = {(i, s.start): k for i in range(len(arts)) for k, s in enumerate(_units(arts[i]))}
    assert [
        (
            f.left,
            f.right,
            f.score,
            [
                (by_start[f.left, p.source_start], by_start[f.right, p.target_start])
                for p in f.aligned
            ],
        )
        for f in got
    ] == want
