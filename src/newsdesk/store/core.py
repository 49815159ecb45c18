"""The Store class: reading and writing every table (see the package docstring)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from ..errors import msg
from ..model import (
    AlignedPair,
    Article,
    ArticleExtraction,
    Claim,
    Discrepancy,
    Entity,
    Fact,
    IngestError,
    Link,
    Mention,
    Paragraph,
    Quote,
    QuoteVariant,
    Removal,
    Sentence,
    StoryRecord,
    Summary,
    Variant,
)
from .migrations import MIGRATIONS, StoreError


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: int
    started: str
    finished: str | None
    version: str
    command: str
    status: str
    n_articles: int
    n_new: int
    n_errors: int


_ARTICLE_COLUMNS = (
    "id, path, format, url, outlet, title, author, published, language, text, "
    "source_text, paragraphs, sentences, removals"
)
_QUALIFIED_COLUMNS = ", ".join(f"articles.{c.strip()}" for c in _ARTICLE_COLUMNS.split(","))
_ASSIGNMENTS = ", ".join(f"{c.strip()} = ?" for c in _ARTICLE_COLUMNS.split(",")[1:])


class Store:
    """A newsdesk database. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 10000")
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL is durable across application crashes, and far
            # faster for bulk ingest than FULL's fsync per transaction.
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- migrations ---------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply pending migrations in order; return the names applied."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)"
        )
        done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        known = {name for name, _ in MIGRATIONS}
        unknown = sorted(done - known)
        if unknown:
            raise StoreError(msg("E401", path=self.path, name=unknown[0]))
        applied = []
        for name, func in MIGRATIONS:
            if name in done:
                continue
            with self.transaction() as db:
                func(db)
                db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
            applied.append(name)
        return applied

    def migrations(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY name")]

    # -- runs ---------------------------------------------------------------

    def begin_run(self, *, command: str, config: dict[str, Any], version: str) -> int:
        cur = self.db.execute(
            "INSERT INTO runs (started, version, command, config) VALUES (?, ?, ?, ?)",
            (_now(), version, command, json.dumps(config, sort_keys=True)),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def finish_run(
        self, run_id: int, *, status: str, n_articles: int, n_new: int, n_errors: int
    ) -> None:
        self.db.execute(
            "UPDATE runs SET finished = ?, status = ?, n_articles = ?, n_new = ?, n_errors = ? "
            "WHERE id = ?",
            (_now(), status, n_articles, n_new, n_errors, run_id),
        )

    def runs(self) -> list[RunInfo]:
        rows = self.db.execute(
            "SELECT id, started, finished, version, command, status, n_articles, n_new, n_errors "
            "FROM runs ORDER BY id"
        )
        return [RunInfo(**dict(r)) for r in rows]

    def run_config(self, run_id: int) -> dict[str, Any]:
        row = self.db.execute("SELECT config FROM runs WHERE id = ?", (run_id,)).fetchone()
        return dict(json.loads(row[0])) if row else {}

    # -- articles -----------------------------------------------------------

    def add_articles(self, articles: Iterable[Article], *, run_id: int | None = None) -> int:
        """Insert or refresh articles; returns how many ids were new."""
        new = 0
        with self.transaction() as db:
            for a in articles:
                row = _article_row(a)
                current = db.execute(
                    f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (a.id,)
                ).fetchone()
                if current is not None:
                    # Only rewrite when derived data changed (a newer cleaner), so
                    # re-ingesting identical input leaves rows untouched.
                    if tuple(current) != row:
                        db.execute(
                            f"UPDATE articles SET {_ASSIGNMENTS}, word_count = ? WHERE id = ?",
                            (*row[1:], a.word_count, a.id),
                        )
                    continue
                new += 1
                db.execute(
                    f"INSERT INTO articles ({_ARTICLE_COLUMNS}, word_count, first_run) "
                    f"VALUES ({', '.join('?' * (len(row) + 2))})",
                    (*row, a.word_count, run_id),
                )
                db.execute("INSERT INTO article_raw (id, raw) VALUES (?, ?)", (a.id, a.raw))
        return new

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def articles(
        self, *, search: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Article]:
        """Articles, oldest first; with ``search``, FTS5 matches best first."""
        if search:
            sql = (
                f"SELECT {_QUALIFIED_COLUMNS} FROM articles_fts "
                "JOIN articles ON articles.pk = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ? OFFSET ?"
            )
            params: tuple[Any, ...] = (_fts_query(search), limit or -1, offset)
        else:
            sql = (
                f"SELECT {_ARTICLE_COLUMNS} FROM articles "
                "ORDER BY published IS NULL, published, path LIMIT ? OFFSET ?"
            )
            params = (limit or -1, offset)
        return [_article_from_row(r) for r in self.db.execute(sql, params)]

    def article(self, article_id: str) -> Article | None:
        """One article by id or unambiguous id prefix (as git does with hashes)."""
        rows = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id LIKE ? LIMIT 2",
            (article_id.replace("%", "").replace("_", "") + "%",),
        ).fetchall()
        if len(rows) != 1:
            return None
        return _article_from_row(rows[0])

    def rename_outlets(self, names: Mapping[str, str]) -> int:
        """Show each article of outlet ``old`` under ``names[old]`` (FTS follows
        by trigger). Returns the number of articles changed."""
        with self.transaction() as db:
            return sum(
                db.execute("UPDATE articles SET outlet = ? WHERE outlet = ?", (new, old)).rowcount
                for old, new in names.items()
            )

    def raw(self, article_id: str) -> bytes | None:
        row = self.db.execute("SELECT raw FROM article_raw WHERE id = ?", (article_id,)).fetchone()
        return bytes(row[0]) if row else None

    # -- errors -------------------------------------------------------------

    def add_errors(self, errors: Iterable[IngestError], *, run_id: int | None = None) -> int:
        new = 0
        with self.transaction() as db:
            for e in errors:
                cur = db.execute(
                    "INSERT INTO errors (id, path, code, reason, raw, first_run) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                    (e.id, e.path, e.code, e.reason, e.raw, run_id),
                )
                new += cur.rowcount
        return new

    def errors(self) -> list[IngestError]:
        rows = self.db.execute("SELECT path, code, reason, raw FROM errors ORDER BY path, code")
        return [
            IngestError(path=r["path"], code=r["code"], reason=r["reason"], raw=r["raw"])
            for r in rows
        ]

    def count_errors(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM errors").fetchone()[0])

    # -- links ------------------------------------------------------------------

    def replace_links(self, links: Iterable[Link]) -> None:
        """Links are derived from the whole corpus, so each analysis replaces them."""
        with self.transaction() as db:
            db.execute("DELETE FROM links")
            db.executemany(
                "INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        link.source,
                        link.target,
                        link.kind,
                        link.score,
                        link.direction_confidence,
                        json.dumps(list(link.evidence), ensure_ascii=False),
                        json.dumps([list(_aligned_tuple(p)) for p in link.aligned]),
                    )
                    for link in links
                ],
            )

    def links(self, *, article_id: str | None = None) -> list[Link]:
        sql = "SELECT * FROM links"
        params: tuple[str, ...] = ()
        if article_id:
            sql += " WHERE source = ? OR target = ?"
            params = (article_id, article_id)
        rows = self.db.execute(sql + " ORDER BY source, target", params)
        return [
            Link(
                source=r["source"],
                target=r["target"],
                kind=r["kind"],
                score=r["score"],
                direction_confidence=r["direction_confidence"],
                evidence=tuple(json.loads(r["evidence"])),
                aligned=tuple(AlignedPair(*a) for a in json.loads(r["aligned"])),
            )
            for r in rows
        ]

    # -- stories ----------------------------------------------------------------

    def replace_stories(self, stories: Iterable[StoryRecord]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM stories")
            db.execute("DELETE FROM story_articles")
            for st in stories:
                db.execute(
                    "INSERT INTO stories VALUES (?, ?, ?, ?, ?)",
                    (
                        st.id,
                        st.title,
                        st.first_seen.isoformat() if st.first_seen else None,
                        st.last_seen.isoformat() if st.last_seen else None,
                        json.dumps(list(st.aliases)),
                    ),
                )
                db.executemany(
                    "INSERT INTO story_articles VALUES (?, ?, ?)",
                    [(aid, st.id, i) for i, aid in enumerate(st.article_ids)],
                )

    def story_assignments(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT article_id, story_id FROM story_articles"))

    def stories(self) -> list[StoryRecord]:
        members: dict[str, list[str]] = {}
        for aid, sid in self.db.execute(
            "SELECT article_id, story_id FROM story_articles ORDER BY story_id, position"
        ):
            members.setdefault(sid, []).append(aid)
        out = []
        for r in self.db.execute("SELECT * FROM stories"):
            out.append(
                StoryRecord(
                    id=r["id"],
                    title=r["title"],
                    article_ids=tuple(members.get(r["id"], ())),
                    first_seen=date.fromisoformat(r["first_seen"]) if r["first_seen"] else None,
                    last_seen=date.fromisoformat(r["last_seen"]) if r["last_seen"] else None,
                    aliases=tuple(json.loads(r["aliases"])),
                )
            )
        return sorted(out, key=lambda s: (-len(s.article_ids), s.first_seen or date.min, s.id))

    # -- extraction ------------------------------------------------------------

    def extractions(self, *, version: str) -> dict[str, ArticleExtraction]:
        """Cached per-article extraction made by ``version`` of the extractor."""
        out: dict[str, ArticleExtraction] = {}
        for r in self.db.execute("SELECT * FROM extractions WHERE version = ?", (version,)):
            aid = r["article_id"]
            out[aid] = ArticleExtraction(
                article_id=aid,
                mentions=tuple(
                    _record(Mention, d, article_id=aid) for d in json.loads(r["mentions"])
                ),
                quotes=tuple(_record(Quote, d, article_id=aid) for d in json.loads(r["quotes"])),
                claims=tuple(_record(Claim, d, article_id=aid) for d in json.loads(r["claims"])),
            )
        return out

    def put_extractions(self, items: Iterable[ArticleExtraction], *, version: str) -> None:
        def dump(records: Sequence[Any]) -> str:
            return json.dumps(
                [{k: v for k, v in _fields(r).items() if k != "article_id"} for r in records],
                ensure_ascii=False,
            )

        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?)",
                [
                    (x.article_id, version, dump(x.mentions), dump(x.quotes), dump(x.claims))
                    for x in items
                ],
            )

    def replace_extraction(
        self, *, entities: Iterable[Entity], quotes: Iterable[Quote], claims: Iterable[Claim]
    ) -> None:
        """Story-level results (merged entities, linked quotes and claims)."""
        with self.transaction() as db:
            for table in ("entity_mentions", "entities", "quotes", "claims"):
                db.execute(f"DELETE FROM {table}")
            for e in entities:
                db.execute(
                    "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        e.id,
                        e.story_id,
                        e.name,
                        e.type,
                        json.dumps(list(e.aliases), ensure_ascii=False),
                        json.dumps([v.to_dict() for v in e.variants], ensure_ascii=False),
                    ),
                )
                db.executemany(
                    "INSERT INTO entity_mentions VALUES (?, ?, ?, ?, ?, ?)",
                    [(e.id, m.article_id, m.start, m.end, m.text, m.label) for m in e.mentions],
                )
            db.executemany(
                "INSERT OR REPLACE INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        q.id,
                        q.article_id,
                        q.start,
                        q.end,
                        q.text,
                        q.speaker,
                        q.speaker_start,
                        q.speaker_end,
                        q.speaker_how,
                        q.cue,
                        q.speaker_entity_id,
                        q.part_of,
                    )
                    for q in quotes
                ],
            )
            db.executemany(
                "INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        c.id,
                        c.article_id,
                        c.start,
                        c.end,
                        c.text,
                        c.kind,
                        c.predicate,
                        c.value,
                        c.subject,
                        c.subject_entity_id,
                    )
                    for c in claims
                ],
            )

    def entities(self, *, story_id: str | None = None) -> list[Entity]:
        sql = "SELECT * FROM entities"
        params: tuple[str, ...] = ()
        if story_id is not None:
            sql, params = sql + " WHERE story_id = ?", (story_id,)
        mentions: dict[str, list[Mention]] = {}
        # One story's mentions only, when one story is asked for (the web's story page).
        where = "WHERE entity_id IN (SELECT id FROM entities WHERE story_id = ?) " if params else ""
        for r in self.db.execute(
            f"SELECT * FROM entity_mentions {where}ORDER BY entity_id, article_id, start", params
        ):
            mentions.setdefault(r["entity_id"], []).append(
                Mention(r["article_id"], r["start"], r["end"], r["text"], r["label"])
            )
        out = [
            Entity(
                id=r["id"],
                name=r["name"],
                type=r["type"],
                aliases=tuple(json.loads(r["aliases"])),
                variants=tuple(
                    Variant(v["spelling"], tuple(v["article_ids"]))
                    for v in json.loads(r["variants"])
                ),
                mentions=tuple(mentions.get(r["id"], ())),
                story_id=r["story_id"],
            )
            for r in self.db.execute(sql + " ORDER BY story_id, name, id", params)
        ]
        return out

    def quotes(self, *, article_id: str | None = None) -> list[Quote]:
        sql = "SELECT * FROM quotes"
        params: tuple[str, ...] = ()
        if article_id is not None:
            sql, params = sql + " WHERE article_id = ?", (article_id,)
        return [
            _record(Quote, dict(r))
            for r in self.db.execute(sql + " ORDER BY article_id, start", params)
        ]

    def claims(self, *, article_id: str | None = None) -> list[Claim]:
        sql = "SELECT * FROM claims"
        params: tuple[str, ...] = ()
        if article_id is not None:
            sql, params = sql + " WHERE article_id = ?", (article_id,)
        return [
            _record(Claim, dict(r))
            for r in self.db.execute(sql + " ORDER BY article_id, start", params)
        ]

    # -- comparison ---------------------------------------------------------------

    def replace_comparison(
        self,
        *,
        facts: Iterable[Fact],
        discrepancies: Iterable[Discrepancy],
        quote_variants: Iterable[QuoteVariant],
    ) -> None:
        """The compare stage's results; ``position`` keeps the stage's order."""
        tables: dict[str, Iterable[Fact | Discrepancy | QuoteVariant]] = {
            "facts": facts,
            "discrepancies": discrepancies,
            "quote_variants": quote_variants,
        }
        with self.transaction() as db:
            for table, records in tables.items():
                db.execute(f"DELETE FROM {table}")
                db.executemany(
                    f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?, ?)",
                    [
                        (r.id, r.story_id, r.kind, i, json.dumps(r.to_dict(), ensure_ascii=False))
                        for i, r in enumerate(records)
                    ],
                )

    def _documents(self, table: str, story_id: str | None) -> Iterator[dict[str, Any]]:
        where, params = ("WHERE story_id = ?", (story_id,)) if story_id else ("", ())
        for (data,) in self.db.execute(
            f"SELECT data FROM {table} {where} ORDER BY position", params
        ):
            yield json.loads(data)

    def facts(self, *, story_id: str | None = None) -> list[Fact]:
        return [Fact.from_dict(d) for d in self._documents("facts", story_id)]

    def discrepancies(self, *, story_id: str | None = None) -> list[Discrepancy]:
        return [Discrepancy.from_dict(d) for d in self._documents("discrepancies", story_id)]

    def quote_variants(self, *, story_id: str | None = None) -> list[QuoteVariant]:
        return [QuoteVariant.from_dict(d) for d in self._documents("quote_variants", story_id)]

    def replace_summaries(self, summaries: Iterable[Summary]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM summaries")
            db.executemany(
                "INSERT OR REPLACE INTO summaries VALUES (?, ?, ?)",
                [
                    (s.story_id, i, json.dumps(s.to_dict(), ensure_ascii=False))
                    for i, s in enumerate(summaries)
                ],
            )

    def summaries(self, *, story_id: str | None = None) -> list[Summary]:
        return [Summary.from_dict(d) for d in self._documents("summaries", story_id)]

    # -- embedding cache ----------------------------------------------------------

    def embeddings(self, keys: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), 500):  # SQLite's host-parameter limit
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for key, blob in self.db.execute(
                f"SELECT key, vector FROM embeddings WHERE key IN ({marks})", chunk
            ):
                found[key] = bytes(blob)
        return found

    def put_embeddings(self, vectors: dict[str, bytes]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO embeddings (key, vector) VALUES (?, ?)",
                list(vectors.items()),
            )


def _aligned_tuple(p: AlignedPair) -> tuple[int, int, int, int, float]:
    return (p.source_start, p.source_end, p.target_start, p.target_end, p.score)


def _fields(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


R = TypeVar("R")


def _record(cls: type[R], data: Mapping[str, Any], **extra: Any) -> R:
    """A record from a stored row or JSON object; unknown keys (``id``, which is
    derived) are ignored so old rows stay readable."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in {**data, **extra}.items() if k in names})


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _fts_query(text: str) -> str:
    """Turn user words into an FTS5 query of quoted terms, so punctuation in a
    search box (a hyphen, a colon) is never read as FTS syntax."""
    terms = [t.replace('"', '""') for t in text.split() if t.strip()]
    return " ".join(f'"{t}"' for t in terms) or '""'


def _article_row(a: Article) -> tuple[Any, ...]:
    return (
        a.id,
        a.path,
        a.format,
        a.url,
        a.outlet,
        a.title,
        a.author,
        a.published.isoformat() if a.published else None,
        a.language,
        a.text,
        a.source_text,
        json.dumps([[p.start, p.end, p.kind] for p in a.paragraphs]),
        json.dumps([[s.start, s.end, s.paragraph] for s in a.sentences]),
        json.dumps([[r.start, r.end, r.text, r.reason] for r in a.removals], ensure_ascii=False),
    )


def _article_from_row(r: sqlite3.Row) -> Article:
    text = r["text"]
    return Article(
        id=r["id"],
        path=r["path"],
        format=r["format"],
        text=text,
        source_text=r["source_text"],
        title=r["title"],
        author=r["author"],
        published=date.fromisoformat(r["published"]) if r["published"] else None,
        url=r["url"],
        outlet=r["outlet"],
        language=r["language"],
        paragraphs=tuple(Paragraph(s, e, k) for s, e, k in json.loads(r["paragraphs"])),
        sentences=tuple(Sentence(s, e, text[s:e], p) for s, e, p in json.loads(r["sentences"])),
        removals=tuple(Removal(s, e, t, why) for s, e, t, why in json.loads(r["removals"])),
    )
