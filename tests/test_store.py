from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from newsdesk.model import Article, IngestError, Paragraph, Removal, Sentence, content_id
from newsdesk.store import MIGRATIONS, Store, StoreError


def make_article(body: str = "The council voted on Tuesday.", **kw: object) -> Article:
    raw = body.encode()
    fields: dict[str, object] = {
        "id": content_id(raw),
        "path": "in/a.txt",
        "format": "txt",
        "text": body,
        "source_text": "Headline\n\n" + body,
        "title": "Headline",
        "published": date(2024, 5, 2),
        "outlet": "Harbor Gazette",
        "paragraphs": (Paragraph(0, len(body)),),
        "sentences": (Sentence(0, len(body), body, 0),),
        "removals": (Removal(0, 8, "Headline", "headline"),),
        "raw": raw,
    }
    fields.update(kw)
    return Article(**fields)  # type: ignore[arg-type]


def test_content_id_is_pinned() -> None:
    # A change of hash or truncation would orphan every stored id.
    assert content_id(b"newsdesk") == "8f8ab61bcdc75e29"
    assert content_id(b"") == "e3b0c44298fc1c14"


def test_roundtrip_and_idempotent_upsert(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    a = make_article()
    with Store(db) as store:
        assert store.add_articles([a]) == 1
        assert store.add_articles([a]) == 0
        got = store.article(a.id[:6])
        assert got is not None
        assert got.text == a.text
        assert got.published == date(2024, 5, 2)
        assert got.sentences[0].text == a.text
        assert got.removals == a.removals
        assert store.raw(a.id) == a.raw
    with Store(db) as store:
        assert store.count_articles() == 1


def test_reingest_leaves_rows_untouched(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    a = make_article()
    with Store(db) as store:
        store.add_articles([a])
        before = store.db.execute("SELECT * FROM articles").fetchall()
        store.add_articles([a])
        after = store.db.execute("SELECT * FROM articles").fetchall()
        assert [tuple(r) for r in before] == [tuple(r) for r in after]


def test_changed_derivation_updates_same_row() -> None:
    with Store() as store:
        a = make_article()
        store.add_articles([a])
        pk = store.db.execute("SELECT pk FROM articles").fetchone()[0]
        store.add_articles([make_article(title="Better headline")])
        rows = store.db.execute("SELECT pk, title FROM articles").fetchall()
        assert [tuple(r) for r in rows] == [(pk, "Better headline")]


def test_fts_search_and_update() -> None:
    with Store() as store:
        store.add_articles([make_article("Flooding closed the Dunmore bridge.")])
        store.add_articles([make_article("The orchestra announced a new season.")])
        hits = store.articles(search="bridge")
        assert [h.text for h in hits] == ["Flooding closed the Dunmore bridge."]
        # Punctuation from a search box must not break FTS syntax.
        assert store.articles(search='bridge" OR -x:') == []
        assert len(store.articles(search="Gazette")) == 2  # outlet is indexed


def test_errors_keep_bytes_and_dedupe() -> None:
    with Store() as store:
        e = IngestError(path="bad.bin", reason="E104: binary", code="E104", raw=b"\x00\x01")
        assert store.add_errors([e, e]) == 1
        (got,) = store.errors()
        assert got.raw == b"\x00\x01"
        assert got.code == "E104"


def test_migrations_recorded_in_order(tmp_path: Path) -> None:
    with Store(tmp_path / "m.db") as store:
        assert store.migrations() == [name for name, _ in MIGRATIONS]
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert Store(tmp_path / "m.db").migrate() == []


def test_unknown_migration_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO migrations VALUES ('999_from_the_future', 'x')")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="E401"):
        Store(path)


def test_runs_record_config() -> None:
    with Store() as store:
        run = store.begin_run(command="ingest", config={"a": {"b": 1}}, version="1.0")
        store.finish_run(run, status="ok", n_articles=3, n_new=2, n_errors=0)
        (info,) = store.runs()
        assert (info.status, info.n_articles, info.n_new) == ("ok", 3, 2)
        assert store.run_config(run) == {"a": {"b": 1}}
