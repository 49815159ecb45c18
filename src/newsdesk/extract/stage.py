"""The extraction stages: ``extract`` (per article) and ``entities`` (per story).

``extract`` parses each article once and runs the three extractors on the parse;
articles extracted by an earlier run with the same extractor version come in as
``extraction_prior`` and are not parsed again. ``entities`` merges the mentions of
each story's articles into entities and links quote speakers and claim subjects
to them.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..cluster import language_of
from ..model import Article, ArticleExtraction, Claim, Entity, Quote, StoryRecord, content_id
from . import ExtractConfig
from .claims import find_claims
from .entities import article_mentions
from .merge import merge_entities
from .quotes import find_quotes

if TYPE_CHECKING:
    from spacy.language import Language


def extractor_version(config: ExtractConfig) -> str:
    """Names what produced a cached extraction: a new release or another
    configuration must not reuse results made by the old one."""
    # How the work is spread does not change the results.
    settings = {
        k: v
        for k, v in dataclasses.asdict(config).items()
        if k not in ("batch_size", "processes", "parallel_from")
    }
    blob = json.dumps(settings, sort_keys=True, default=str) + _code_digest()
    return f"{__version__}:{content_id(blob.encode())}"


@functools.cache
def _code_digest() -> str:
    """The extractors' own source: a change to them between releases must not
    reuse extractions the old code made (a development checkout never bumps
    the version)."""
    folder = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _processes(n_articles: int, config: ExtractConfig) -> int:
    if config.processes:
        return config.processes
    if n_articles < config.parallel_from:
        return 1
    return max(1, min(2, len(os.sched_getaffinity(0))))


def extract_one(doc: Any, article: Article, *, config: ExtractConfig) -> ArticleExtraction:
    return ArticleExtraction(
        article_id=article.id,
        mentions=tuple(article_mentions(doc, article_id=article.id, config=config.entities)),
        quotes=tuple(find_quotes(doc, article_id=article.id, config=config.quotes)),
        claims=tuple(
            find_claims(
                doc, article_id=article.id, published=article.published, config=config.claims
            )
        ),
    )


def extract_stage(
    *,
    articles: Sequence[Article],
    nlp: Language | None,
    extraction_prior: Mapping[str, ArticleExtraction],
    config: ExtractConfig,
) -> dict[str, list[ArticleExtraction]]:
    """Every article's mentions, quotes and claims (cached ones reused)."""
    if nlp is None:
        return {"extractions": []}
    todo = [a for a in articles if a.id not in extraction_prior]
    fresh: dict[str, ArticleExtraction] = {}
    # Non-English articles get no extraction: the model is English-only and its
    # output on other languages is noise that would pollute the story's entities.
    english = [a for a in todo if language_of(a) == "en"]
    docs = nlp.pipe(
        (a.text for a in english),
        batch_size=config.batch_size,
        n_process=_processes(len(english), config),
    )
    for art, doc in zip(english, docs, strict=True):
        fresh[art.id] = extract_one(doc, art, config=config)
    out = []
    for a in articles:
        got = extraction_prior.get(a.id) or fresh.get(a.id)
        out.append(got if got is not None else ArticleExtraction(article_id=a.id))
    return {"extractions": out}


_SPACE = re.compile(r"\s+")


def _key(name: str) -> str:
    return _SPACE.sub(" ", name.replace("’", "'")).strip(" .,'\"").lower()


def link_stage(
    *,
    extractions: Sequence[ArticleExtraction],
    stories: Sequence[StoryRecord],
    config: ExtractConfig,
) -> dict[str, list[Any]]:
    """Entities per story; quotes and claims with their entity ids."""
    story_of = {aid: s.id for s in stories for aid in s.article_ids}
    story_ids = {s.id for s in stories}
    groups: dict[str, list[ArticleExtraction]] = {}
    for x in extractions:
        # An article outside any story is its own group, never merged with others.
        key = story_of.get(x.article_id, f"article:{x.article_id}")
        groups.setdefault(key, []).append(x)
    entities: list[Entity] = []
    quotes: list[Quote] = []
    claims: list[Claim] = []
    for key, members in sorted(groups.items()):
        story_id: str | None = key if key in story_ids else None
        merged = merge_entities(
            [m for x in members for m in x.mentions], story_id=story_id, config=config.entities
        )
        entities.extend(merged)
        by_span, by_name = _entity_index(merged)
        for x in members:
            quotes.extend(_link_quote(q, by_span=by_span, by_name=by_name) for q in x.quotes)
            claims.extend(_link_claim(c, by_name=by_name) for c in x.claims)
    return {"entities": entities, "quotes": quotes, "claims": claims}


def _entity_index(
    entities: Iterable[Entity],
) -> tuple[dict[str, list[tuple[int, int, str]]], dict[str, str]]:
    by_span: dict[str, list[tuple[int, int, str]]] = {}
    names: dict[str, set[str]] = {}
    for e in entities:
        for m in e.mentions:
            by_span.setdefault(m.article_id, []).append((m.start, m.end, e.id))
        for n in (e.name, *e.aliases, *(v.spelling for v in e.variants)):
            names.setdefault(_key(n), set()).add(e.id)
    # A name shared by two entities (two Clintons' "Clinton") links to neither.
    by_name = {n: next(iter(ids)) for n, ids in names.items() if len(ids) == 1}
    return by_span, by_name


def _link_quote(
    q: Quote, *, by_span: Mapping[str, list[tuple[int, int, str]]], by_name: Mapping[str, str]
) -> Quote:
    if q.speaker is None:
        return q
    eid: str | None = None
    if q.speaker_start is not None and q.speaker_end is not None:
        for start, end, candidate in by_span.get(q.article_id, ()):
            if start < q.speaker_end and q.speaker_start < end:
                eid = candidate
                break
    eid = eid or by_name.get(_key(q.speaker))
    return dataclasses.replace(q, speaker_entity_id=eid) if eid else q


def _link_claim(c: Claim, *, by_name: Mapping[str, str]) -> Claim:
    eid = by_name.get(_key(c.subject)) if c.subject else None
    return dataclasses.replace(c, subject_entity_id=eid) if eid else c
