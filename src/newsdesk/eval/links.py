"""``newsdesk eval links``: what the dedup stage finds on a labelled set.

With story labels (AllSides), a duplicate or near-duplicate between articles of
different stories is an error by construction; links within a story are counted
by kind and sampled for reading.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..dedup import DedupConfig, detect_links
from ..jobs import CachedEmbedder
from .datasets import Labelled


@dataclass(slots=True)
class LinkReport:
    n_articles: int
    within: Counter[str] = field(default_factory=Counter)
    across: Counter[str] = field(default_factory=Counter)
    samples: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        kinds = ("duplicate", "near_duplicate", "rewrite")
        return {
            "n_articles": self.n_articles,
            "within_story": {k: self.within[k] for k in kinds},
            "across_stories": {k: self.across[k] for k in kinds},
            "samples": self.samples,
        }


def evaluate_links(
    items: list[Labelled],
    *,
    config: DedupConfig,
    embedder: CachedEmbedder | None,
    samples: int = 10,
    seed: int = 1,
) -> LinkReport:
    articles = [i.article for i in items]
    story = {i.article.id: i.story for i in items}
    by_id = {a.id: a for a in articles}
    links = detect_links(
        articles=articles, embedder=embedder.encode if embedder else None, config=config
    )["links"]
    report = LinkReport(n_articles=len(articles))
    for link in links:
        bucket = report.within if story[link.source] == story[link.target] else report.across
        bucket[link.kind] += 1
    rng = random.Random(seed)
    for link in rng.sample(links, min(samples, len(links))):
        src, tgt = by_id[link.source], by_id[link.target]
        pairs = [
            (src.text[p.source_start : p.source_end], tgt.text[p.target_start : p.target_end])
            for p in link.aligned[:3]
        ]
        report.samples.append(
            {
                "kind": link.kind,
                "same_story": story[link.source] == story[link.target],
                "score": link.score,
                "source": f"{src.outlet}: {src.title}",
                "target": f"{tgt.outlet}: {tgt.title}",
                "aligned": pairs,
            }
        )
    return report
