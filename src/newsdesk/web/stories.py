"""The stories page's data (and ``/api/stories``'): one page of stories with
their counts, the filter that chose them, and the pages around it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..report import independent_sources
from ..store import Store
from ..store import views as db
from ..store.views import SearchHit, StoryFilter
from .common import story_href

PER_PAGE = 25
MAX_PER_PAGE = 200


@dataclass(frozen=True, slots=True)
class StoryItem:
    id: str
    title: str
    href: str
    first_seen: str | None
    last_seen: str | None
    n_articles: int
    n_outlets: int
    n_no_outlet: int  # articles of unknown outlet, not counted in n_outlets
    n_independent: int  # articles that are not a copy of another of the story
    n_discrepancies: int
    n_altered_quotes: int
    match: SearchHit | None  # with a search: the story's best-matching article


@dataclass(frozen=True, slots=True)
class StoriesPage:
    stories: tuple[StoryItem, ...]
    total: int
    page: int
    per_page: int
    pages: int
    query: str | None
    date_from: str | None
    date_to: str | None
    outlet: str | None
    sort: str


def build(store: Store, f: StoryFilter, *, page: int = 1, per_page: int = PER_PAGE) -> StoriesPage:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    listing = db.list_stories(store, f, limit=per_page, offset=(page - 1) * per_page)
    ids = [a for r in listing.rows for a in r.article_ids]
    links = db.links_touching(store, ids, aligned=False)
    matches = db.story_snippets(store, f.query, [r.id for r in listing.rows]) if f.query else {}
    items = tuple(
        StoryItem(
            id=r.id,
            title=r.title,
            href=story_href(r.id),
            first_seen=r.first_seen,
            last_seen=r.last_seen,
            n_articles=r.n_articles,
            n_outlets=r.n_outlets,
            n_no_outlet=r.n_no_outlet,
            n_independent=independent_sources(r.article_ids, links),
            n_discrepancies=r.n_discrepancies,
            n_altered_quotes=r.n_altered_quotes,
            match=matches.get(r.id),
        )
        for r in listing.rows
    )
    return StoriesPage(
        stories=items,
        total=listing.total,
        page=page,
        per_page=per_page,
        pages=max(1, math.ceil(listing.total / per_page)),
        query=f.query,
        date_from=f.date_from.isoformat() if f.date_from else None,
        date_to=f.date_to.isoformat() if f.date_to else None,
        outlet=f.outlet,
        sort=f.sort,
    )
