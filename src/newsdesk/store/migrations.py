"""Named, ordered schema migrations. Each runs in its own transaction; the
store records which have run and refuses a database that knows one this code
does not."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


class StoreError(RuntimeError):
    pass


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Execute statements one by one: ``executescript`` would COMMIT first and
    break the migration's transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        db.execute(pending)


def _m001_articles(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            version TEXT NOT NULL,
            command TEXT NOT NULL,
            config TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'running',
            n_articles INTEGER NOT NULL DEFAULT 0,
            n_new INTEGER NOT NULL DEFAULT 0,
            n_errors INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE articles (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            title TEXT,
            author TEXT,
            published TEXT,
            language TEXT,
            text TEXT NOT NULL,
            source_text TEXT NOT NULL,
            paragraphs TEXT NOT NULL,
            sentences TEXT NOT NULL,
            removals TEXT NOT NULL,
            word_count INTEGER NOT NULL,
            first_run INTEGER REFERENCES runs(id)
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_outlet ON articles(outlet);
        -- Original bytes live apart so listing articles never drags blobs along.
        CREATE TABLE article_raw (
            id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            raw BLOB NOT NULL
        );
        CREATE TABLE errors (
            id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            code TEXT NOT NULL,
            reason TEXT NOT NULL,
            raw BLOB,
            first_run INTEGER REFERENCES runs(id)
        );
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, outlet, content='articles', content_rowid='pk',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text, outlet)
            VALUES (new.pk, new.title, new.text, new.outlet);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text, outlet)
            VALUES ('delete', old.pk, old.title, old.text, old.outlet);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text, outlet)
            VALUES ('delete', old.pk, old.title, old.text, old.outlet);
            INSERT INTO articles_fts(rowid, title, text, outlet)
            VALUES (new.pk, new.title, new.text, new.outlet);
        END;
        """,
    )


def _m002_links_and_embeddings(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE links (
            source TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            target TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            score REAL NOT NULL,
            direction_confidence REAL NOT NULL,
            evidence TEXT NOT NULL,
            aligned TEXT NOT NULL,
            PRIMARY KEY (source, target)
        );
        CREATE INDEX links_target ON links(target);
        -- Sentence embeddings by hash of (model, text): computed once, ever.
        CREATE TABLE embeddings (
            key TEXT PRIMARY KEY,
            vector BLOB NOT NULL
        );
        """,
    )


def _m003_stories(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            first_seen TEXT,
            last_seen TEXT,
            aliases TEXT NOT NULL
        );
        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL,
            position INTEGER NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);
        """,
    )


def _m004_extraction(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        -- Per-article extraction results, cached: parsing is the costly step, and
        -- an article's text never changes (ids are content hashes). ``version``
        -- names the extractor and its configuration; another version re-extracts.
        CREATE TABLE extractions (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            version TEXT NOT NULL,
            mentions TEXT NOT NULL,
            quotes TEXT NOT NULL,
            claims TEXT NOT NULL
        );
        -- Merged per story; replaced by each analysis.
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            story_id TEXT,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            aliases TEXT NOT NULL,
            variants TEXT NOT NULL
        );
        CREATE INDEX entities_story ON entities(story_id);
        CREATE TABLE entity_mentions (
            entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL
        );
        CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
        CREATE INDEX entity_mentions_article ON entity_mentions(article_id);
        CREATE TABLE quotes (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            speaker TEXT,
            speaker_start INTEGER,
            speaker_end INTEGER,
            speaker_how TEXT NOT NULL,
            cue TEXT,
            speaker_entity_id TEXT,
            part_of TEXT
        );
        CREATE INDEX quotes_article ON quotes(article_id);
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            predicate TEXT NOT NULL,
            value TEXT NOT NULL,
            subject TEXT,
            subject_entity_id TEXT
        );
        CREATE INDEX claims_article ON claims(article_id);
        """,
    )


def _m005_comparison(db: sqlite3.Connection) -> None:
    # The compare stage's results, replaced by each analysis. Each record is one
    # JSON document (its ``to_dict``): read whole per story, never queried inside.
    for table in ("facts", "discrepancies", "quote_variants"):
        _run_script(
            db,
            f"""
            CREATE TABLE {table} (
                id TEXT PRIMARY KEY,
                story_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                position INTEGER NOT NULL,
                data TEXT NOT NULL
            );
            CREATE INDEX {table}_story ON {table}(story_id);
            """,
        )


def _m006_summaries(db: sqlite3.Connection) -> None:
    # One JSON document per story (``Summary.to_dict``), replaced by each analysis.
    _run_script(
        db,
        """
        CREATE TABLE summaries (
            story_id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        """,
    )


Migration = tuple[str, Callable[[sqlite3.Connection], None]]

MIGRATIONS: tuple[Migration, ...] = (
    ("001_articles", _m001_articles),
    ("002_links_and_embeddings", _m002_links_and_embeddings),
    ("003_stories", _m003_stories),
    ("004_extraction", _m004_extraction),
    ("005_comparison", _m005_comparison),
    ("006_summaries", _m006_summaries),
)
