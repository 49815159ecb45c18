"""Read queries for the web UI and JSON API: story listing with full-text search,
date and outlet filters and pagination, and lookups scoped to one story or a few
articles (``Store``'s own readers return whole tables, which a page showing one
story out of thousands cannot afford).

Functions take a ``Store`` and only read. ``snapshot`` wraps a page's queries in
one read transaction: an analysis replacing the derived tables meanwhile (WAL)
cannot make the page mix its before and after.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..model import (
    AlignedPair,
    Article,
    Claim,
    Entity,
    Fact,
    Link,
    Quote,
    StoryRecord,
)
from .core import _ARTICLE_COLUMNS, Store, _article_from_row, _fts_query, _record

# SQLite's default limit of host parameters is 999 on old builds; stay below it.
_CHUNK = 500

Sort = Literal["newest", "biggest", "relevance"]
SORTS: tuple[Sort, ...] = ("newest", "biggest", "relevance")

# Markers FTS5's snippet() puts around matched words; control characters, so
# they cannot occur in cleaned article text.
_HIT_START, _HIT_END = "\x02", "\x03"


@contextmanager
def snapshot(store: Store) -> Iterator[Store]:
    """Run the reads inside one read transaction (a consistent snapshot)."""
    store.db.execute("BEGIN")
    try:
        yield store
    finally:
        store.db.execute("COMMIT")


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """What the stories page and ``/api/stories`` can ask for. A story matches
    the dates when its first-to-last-seen span overlaps them (undated stories
    never match a date filter)."""

    query: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    outlet: str | None = None
    sort: Sort = "newest"


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    n_articles: int
    n_outlets: int
    n_no_outlet: int  # articles whose outlet is unknown (not counted in n_outlets)
    n_discrepancies: int
    n_altered_quotes: int  # quotes several outlets print, altered or misattributed
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryListing:
    rows: tuple[StoryRow, ...]
    total: int  # stories matching the filter, over all pages


def _where(f: StoryFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.date_from is not None:
        clauses.append("s.last_seen >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to is not None:
        clauses.append("s.first_seen <= ?")
        params.append(f.date_to.isoformat())
    if f.outlet:
        clauses.append(
            "EXISTS (SELECT 1 FROM story_articles x JOIN articles y ON y.id = x.article_id "
            "WHERE x.story_id = s.id AND y.outlet = ?)"
        )
        params.append(f.outlet)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_stories(
    store: Store, f: StoryFilter = StoryFilter(), *, limit: int = 25, offset: int = 0
) -> StoryListing:
    """One page of stories matching ``f``, with their counts.

    Paged ids are chosen first with only the sort keys; the counts are then
    computed for that page alone, so a page costs the same in a big database.
    """
    where, params = _where(f)
    hits = ""
    if f.query:
        # Best-ranked matching article per story; rank is FTS5's bm25 (lower is better).
        hits = (
            "JOIN (SELECT story_id, min(r) AS rank FROM (SELECT sa.story_id AS story_id, "
            "articles_fts.rank AS r FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
            "JOIN story_articles sa ON sa.article_id = a.id WHERE articles_fts MATCH ?) "
            "GROUP BY story_id) h ON h.story_id = s.id "
        )
        params = [_fts_query(f.query), *params]
    sizes = (
        "JOIN (SELECT story_id, count(*) AS n FROM story_articles GROUP BY story_id) z "
        "ON z.story_id = s.id "
    )
    newest = "s.last_seen IS NULL, s.last_seen DESC"
    order = {
        "newest": f"{newest}, z.n DESC",
        "biggest": f"z.n DESC, {newest}",
        "relevance": f"h.rank, {newest}" if f.query else f"{newest}, z.n DESC",
    }[f.sort]
    total = int(
        store.db.execute(f"SELECT count(*) FROM stories s {hits}{where}", params).fetchone()[0]
    )
    ids = [
        r[0]
        for r in store.db.execute(
            f"SELECT s.id FROM stories s {hits}{sizes}{where} ORDER BY {order}, s.id "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    return StoryListing(rows=tuple(_story_rows(store, ids)), total=total)


def _story_rows(store: Store, ids: Sequence[str]) -> list[StoryRow]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    members: dict[str, list[str]] = {}
    outlets: dict[str, set[str]] = {}
    unnamed: dict[str, int] = {}
    for sid, aid, outlet in store.db.execute(
        f"SELECT sa.story_id, sa.article_id, a.outlet FROM story_articles sa "
        f"JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN ({marks}) "
        "ORDER BY sa.story_id, sa.position",
        ids,
    ):
        members.setdefault(sid, []).append(aid)
        if outlet:
            outlets.setdefault(sid, set()).add(outlet)
        else:
            unnamed[sid] = unnamed.get(sid, 0) + 1
    discrepancies = dict(
        store.db.execute(
            f"SELECT story_id, count(*) FROM discrepancies WHERE story_id IN ({marks}) "
            "GROUP BY story_id",
            ids,
        ).fetchall()
    )
    altered = dict(
        store.db.execute(
            f"SELECT story_id, count(*) FROM quote_variants WHERE story_id IN ({marks}) "
            "AND kind IN ('altered', 'misattributed') GROUP BY story_id",
            ids,
        ).fetchall()
    )
    rows = {
        r["id"]: r
        for r in store.db.execute(
            f"SELECT id, title, first_seen, last_seen FROM stories WHERE id IN ({marks})", ids
        )
    }
    return [
        StoryRow(
            id=sid,
            title=rows[sid]["title"],
            first_seen=rows[sid]["first_seen"],
            last_seen=rows[sid]["last_seen"],
            n_articles=len(members.get(sid, ())),
            n_outlets=len(outlets.get(sid, ())),
            n_no_outlet=unnamed.get(sid, 0),
            n_discrepancies=int(discrepancies.get(sid, 0)),
            n_altered_quotes=int(altered.get(sid, 0)),
            article_ids=tuple(members.get(sid, ())),
        )
        for sid in ids
        if sid in rows
    ]


# -- search --------------------------------------------------------------------

Snippet = tuple[tuple[str, bool], ...]  # runs of text, True where the query matched


def _snippet(text: str) -> Snippet:
    """FTS5's snippet as runs of plain text, so the page escapes every run."""
    runs: list[tuple[str, bool]] = []
    for i, part in enumerate(text.split(_HIT_START)):
        if i == 0:
            if part:
                runs.append((part, False))
            continue
        hit, _, rest = part.partition(_HIT_END)
        if hit:
            runs.append((hit, True))
        if rest:
            runs.append((rest, False))
    return tuple(runs)


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    path: str
    story_id: str | None
    snippet: Snippet


def _hit(r: Any) -> SearchHit:
    return SearchHit(
        article_id=r[0],
        title=r[1],
        outlet=r[2],
        published=r[3],
        path=r[4],
        story_id=r[5],
        snippet=_snippet(r[6]),
    )


_SNIPPET_SQL = "snippet(articles_fts, 1, char(2), char(3), '…', 16)"


def search_articles(
    store: Store, query: str, *, limit: int = 25, offset: int = 0
) -> tuple[int, list[SearchHit]]:
    """Articles matching ``query`` (FTS5), best first, with a snippet each; and
    how many match in all."""
    fts = _fts_query(query)
    total = int(
        store.db.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (fts,)
        ).fetchone()[0]
    )
    rows = store.db.execute(
        f"SELECT a.id, a.title, a.outlet, a.published, a.path, sa.story_id, {_SNIPPET_SQL} "
        "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
        "LEFT JOIN story_articles sa ON sa.article_id = a.id "
        "WHERE articles_fts MATCH ? ORDER BY articles_fts.rank LIMIT ? OFFSET ?",
        (fts, limit, offset),
    )
    return total, [_hit(r) for r in rows]


def story_snippets(store: Store, query: str, story_ids: Sequence[str]) -> dict[str, SearchHit]:
    """For each of ``story_ids``, its best-matching article for ``query``."""
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    out: dict[str, SearchHit] = {}
    for r in store.db.execute(
        f"SELECT a.id, a.title, a.outlet, a.published, a.path, sa.story_id, {_SNIPPET_SQL} "
        "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
        "JOIN story_articles sa ON sa.article_id = a.id "
        f"WHERE articles_fts MATCH ? AND sa.story_id IN ({marks}) ORDER BY articles_fts.rank",
        (_fts_query(query), *story_ids),
    ):
        out.setdefault(r[5], _hit(r))
    return out


# -- lookups ---------------------------------------------------------------------


def outlets(store: Store) -> list[tuple[str, int]]:
    """Every named outlet and its number of articles, by name."""
    return [
        (r[0], int(r[1]))
        for r in store.db.execute(
            "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL AND outlet != '' "
            "GROUP BY outlet ORDER BY outlet COLLATE NOCASE"
        )
    ]


def counts(store: Store) -> dict[str, int]:
    """Totals for the page header."""
    out = {}
    for key, table in (
        ("articles", "articles"),
        ("stories", "stories"),
        ("errors", "errors"),
        ("links", "links"),
    ):
        out[key] = int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    return out


def _story(row: Any, members: Sequence[str]) -> StoryRecord:
    return StoryRecord(
        id=row["id"],
        title=row["title"],
        article_ids=tuple(members),
        first_seen=date.fromisoformat(row["first_seen"]) if row["first_seen"] else None,
        last_seen=date.fromisoformat(row["last_seen"]) if row["last_seen"] else None,
        aliases=tuple(json.loads(row["aliases"])),
    )


def find_story(store: Store, story_id: str) -> StoryRecord | None:
    """The story with this id, or the one that absorbed a story of this id
    (``aliases``: a saved link to a merged story keeps working)."""
    row = store.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        # The LIKE only narrows the candidates; the JSON decides.
        for cand in store.db.execute(
            "SELECT * FROM stories WHERE aliases LIKE ?", (f'%"{story_id}"%',)
        ):
            if story_id in json.loads(cand["aliases"]):
                row = cand
                break
    if row is None:
        return None
    members = [
        r[0]
        for r in store.db.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY position",
            (row["id"],),
        )
    ]
    return _story(row, members)


def story_of(store: Store, article_id: str) -> str | None:
    row = store.db.execute(
        "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
    ).fetchone()
    return str(row[0]) if row else None


def story_titles(store: Store, story_ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(story_ids), _CHUNK):
        chunk = list(story_ids[i : i + _CHUNK])
        out.update(
            store.db.execute(
                f"SELECT id, title FROM stories WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        )
    return out


def articles_by_id(store: Store, ids: Sequence[str]) -> dict[str, Article]:
    """The articles with exactly these ids (missing ones are left out)."""
    out: dict[str, Article] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i : i + _CHUNK])
        for r in store.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            art = _article_from_row(r)
            out[art.id] = art
    return out


def links_touching(store: Store, ids: Sequence[str], *, aligned: bool = True) -> list[Link]:
    """Copy links with at least one end among ``ids``. ``aligned=False`` skips
    the aligned sentence pairs and evidence (a listing needs only the ends)."""
    cols = "source, target, kind, score, direction_confidence" + (
        ", evidence, aligned" if aligned else ""
    )
    found: dict[tuple[str, str], Link] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i : i + _CHUNK])
        marks = ",".join("?" * len(chunk))
        for r in store.db.execute(
            f"SELECT {cols} FROM links WHERE source IN ({marks}) OR target IN ({marks})",
            chunk + chunk,
        ):
            found[(r["source"], r["target"])] = Link(
                source=r["source"],
                target=r["target"],
                kind=r["kind"],
                score=r["score"],
                direction_confidence=r["direction_confidence"],
                evidence=tuple(json.loads(r["evidence"])) if aligned else (),
                aligned=tuple(AlignedPair(*a) for a in json.loads(r["aligned"])) if aligned else (),
            )
    return [found[k] for k in sorted(found)]


def story_entities(store: Store, story_id: str) -> list[Entity]:
    """The merged entities of one story, with their mentions."""
    return store.entities(story_id=story_id)


@dataclass(frozen=True, slots=True)
class EntityMention:
    """An entity mention in one article, with the merged entity it belongs to."""

    entity_id: str
    name: str
    type: str
    start: int
    end: int
    text: str


def article_mentions(store: Store, article_id: str) -> list[EntityMention]:
    return [
        EntityMention(*r)
        for r in store.db.execute(
            'SELECT e.id, e.name, e.type, m.start, m."end", m.text FROM entity_mentions m '
            "JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? ORDER BY m.start",
            (article_id,),
        )
    ]


def quotes_of(store: Store, ids: Sequence[str]) -> list[Quote]:
    """The quotes of these articles, by article and position."""
    return [_record(Quote, r) for r in _by_articles(store, "quotes", ids)]


def claims_of(store: Store, ids: Sequence[str]) -> list[Claim]:
    return [_record(Claim, r) for r in _by_articles(store, "claims", ids)]


def _by_articles(store: Store, table: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i : i + _CHUNK])
        rows.extend(
            dict(r)
            for r in store.db.execute(
                f"SELECT * FROM {table} WHERE article_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return sorted(rows, key=lambda r: (r["article_id"], r["start"]))


def quotes_by_id(store: Store, ids: Sequence[str]) -> list[Quote]:
    return [_record(Quote, r) for r in _by_ids(store, "quotes", ids)]


def claims_by_id(store: Store, ids: Sequence[str]) -> list[Claim]:
    return [_record(Claim, r) for r in _by_ids(store, "claims", ids)]


def _by_ids(store: Store, table: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    unique = sorted(set(ids))
    for i in range(0, len(unique), _CHUNK):
        chunk = unique[i : i + _CHUNK]
        rows.extend(
            dict(r)
            for r in store.db.execute(
                f"SELECT * FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
        )
    return rows


def corroborated_facts(store: Store, story_id: str) -> list[Fact]:
    """The story's facts that two articles or more state, in the stage's order
    (filtered in SQL: a big story has many facts only one article states)."""
    return [
        Fact.from_dict(json.loads(r[0]))
        for r in store.db.execute(
            "SELECT data FROM facts WHERE story_id = ? "
            "AND json_array_length(json_extract(data, '$.article_ids')) >= 2 ORDER BY position",
            (story_id,),
        )
    ]
