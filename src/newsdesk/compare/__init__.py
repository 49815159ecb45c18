"""Cross-source comparison: what a story's outlets agree on, where they
disagree, and how they quote.

The ``compare`` stage runs per story, after entity linking:

1. claims become statements keyed by subject, predicate and kind (``facts``);
2. statements whose values agree under the tolerance rules (``tolerance``) form
   facts, each backed by its articles counted once per independent origin
   (copies count with their source);
3. keys on which two articles give incompatible values become discrepancies,
   and so do spelling variants of an entity's name (``discrepancies``);
4. quotations are matched across articles and classified (``quotes``).

Unique facts (what only one origin reports) are facts with one source; ``unique``
groups them by outlet for the export and the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Article, Claim, Entity, Link, Quote, StoryRecord
from .discrepancies import find_discrepancies, spelling_discrepancies
from .facts import build_facts, statements
from .names import Names, Origins
from .quotes import Thresholds, quote_variants


@dataclass(frozen=True, slots=True)
class CompareConfig:
    # Two articles giving several values for one number are compared on their
    # closest incompatible pair, and only when it is within this ratio: values
    # further apart are about different things that share a noun.
    max_ratio: float = 2.5
    # Quote matching: share of the shorter quote's words that must line up when
    # the speakers are the same / unknown on a side / two different people.
    quote_fuzzy: float = 0.5
    quote_strict: float = 0.8
    quote_misattributed: float = 0.9
    quote_min_words: int = 4


def compare_stage(
    *,
    articles: Sequence[Article],
    stories: Sequence[StoryRecord],
    links: Sequence[Link],
    entities: Sequence[Entity],
    quotes: Sequence[Quote],
    claims: Sequence[Claim],
    config: CompareConfig,
) -> dict[str, list[Any]]:
    """Facts, discrepancies and quote variants of every story."""
    by_id = {a.id: a for a in articles}
    story_of = {aid: s.id for s in stories for aid in s.article_ids}
    origins = Origins(links, published={a.id: a.published for a in articles})
    thresholds = Thresholds(
        fuzzy=config.quote_fuzzy,
        strict=config.quote_strict,
        misattributed=config.quote_misattributed,
        min_words=config.quote_min_words,
    )
    story_entities: dict[str, list[Entity]] = {}
    for e in entities:
        if e.story_id is not None:
            story_entities.setdefault(e.story_id, []).append(e)
    story_claims: dict[str, list[Claim]] = {}
    for c in claims:
        if (sid := story_of.get(c.article_id)) is not None:
            story_claims.setdefault(sid, []).append(c)
    story_quotes: dict[str, list[Quote]] = {}
    for q in quotes:
        if (sid := story_of.get(q.article_id)) is not None:
            story_quotes.setdefault(sid, []).append(q)
    facts, discrepancies, variants = [], [], []
    for story in sorted(stories, key=lambda s: s.id):
        names = Names(story_entities.get(story.id, ()))
        items = statements(sorted(story_claims.get(story.id, ()), key=_claim_order), names)
        facts += build_facts(story.id, items, names=names, origins=origins)
        texts = {aid: by_id[aid].text for aid in story.article_ids if aid in by_id}
        discrepancies += find_discrepancies(
            story.id, items, names=names, texts=texts, max_ratio=config.max_ratio
        )
        discrepancies += spelling_discrepancies(story.id, story_entities.get(story.id, ()))
        variants += quote_variants(
            story.id,
            sorted(story_quotes.get(story.id, ()), key=lambda q: (q.article_id, q.start)),
            names=names,
            articles=by_id,
            config=thresholds,
        )
    return {"facts": facts, "discrepancies": discrepancies, "quote_variants": variants}


def _claim_order(c: Claim) -> tuple[str, int, int, str]:
    return (c.article_id, c.start, c.end, c.predicate)


__all__ = ["CompareConfig", "compare_stage"]
