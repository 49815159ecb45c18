"""Views of a story's facts for readers: corroborated facts ("3 outlets, 2
independent") and what each outlet alone reports.

A fact is *unique* to an outlet when it has one independent source and the story
has more than one: the outlet of that source article is the one that adds it
(copies of it may repeat it; they add nothing of their own).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..model import Article, Fact


def outlet_name(article: Article | None, article_id: str) -> str:
    return (article.outlet if article is not None else None) or f"article {article_id[:8]}"


def agreement(fact: Fact, articles: Mapping[str, Article]) -> str:
    """ "3 outlets, 2 independent"."""
    outlets = {outlet_name(articles.get(a), a) for a in fact.article_ids}
    n, k = len(outlets), fact.independent_sources
    return f"{n} outlet{'s' if n != 1 else ''}, {k} independent"


def corroborated(facts: Iterable[Fact]) -> list[Fact]:
    """Facts stated by two articles or more (copies included: the count of
    independent sources says how much that is worth)."""
    return [f for f in facts if len(f.article_ids) >= 2]


def unique_by_outlet(
    facts: Sequence[Fact], articles: Mapping[str, Article], *, n_origins: int
) -> dict[str, list[Fact]]:
    """Facts only one origin reports, by the outlet of that origin's source."""
    if n_origins < 2:
        return {}
    out: dict[str, list[Fact]] = {}
    for f in facts:
        if f.independent_sources == 1:
            source = f.sources[0]
            out.setdefault(outlet_name(articles.get(source), source), []).append(f)
    return dict(sorted(out.items()))


def fact_dict(fact: Fact, articles: Mapping[str, Article]) -> dict[str, Any]:
    out = fact.to_dict()
    out["agreement"] = agreement(fact, articles)
    return out
