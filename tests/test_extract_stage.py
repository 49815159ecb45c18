"""The extraction stages wired into the store, the export, the CLI and the report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from newsdesk import export
from newsdesk.cli import cli
from newsdesk.extract import ExtractConfig
from newsdesk.extract.stage import extractor_version, link_stage
from newsdesk.model import (
    Article,
    ArticleExtraction,
    Claim,
    Mention,
    Paragraph,
    Quote,
    StoryRecord,
    content_id,
)
from newsdesk.report import render_html
from newsdesk.store import Store

HOSTILE = '<script>alert("q")</script>'


def _article(text: str, n: int) -> Article:
    raw = f"{n}:{text}".encode()
    return Article(
        id=content_id(raw),
        path=f"in/{n}.txt",
        format="text",
        text=text,
        source_text=text,
        title=f"Headline {n}",
        published=date(2025, 3, n),
        outlet=f"Outlet {n}",
        paragraphs=(Paragraph(0, len(text)),),
        raw=raw,
    )


TEXT_A = 'Mayor Dana Whitlock said the bridge opens May 4. "We built it to last," Whitlock said.'
TEXT_B = 'Dana Whitlock, 52, spoke. "We built it to last" ' + HOSTILE + ", said Whitlock."


def _extractions(a: Article, b: Article) -> list[ArticleExtraction]:
    def mention(art: Article, name: str, nth: int = 0) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = art.text.index(name, start + 1)
        return Mention(art.id, start, start + len(name), name, "PERSON")

    qa = TEXT_A.index("We built")
    qb = TEXT_B.index("We built")
    return [
        ArticleExtraction(
            a.id,
            mentions=(mention(a, "Dana Whitlock"), mention(a, "Whitlock", 1)),
            quotes=(
                Quote(
                    a.id,
                    qa,
                    qa + 19,
                    TEXT_A[qa : qa + 19],
                    speaker="Whitlock",
                    speaker_start=TEXT_A.rindex("Whitlock"),
                    speaker_end=len(TEXT_A) - 6,
                    speaker_how="subject",
                    cue="say",
                ),
            ),
            claims=(
                Claim(
                    a.id,
                    TEXT_A.index("May 4"),
                    TEXT_A.index("May 4") + 5,
                    "May 4",
                    kind="date",
                    predicate="release",
                    value="2025-05-04",
                    subject="the bridge",
                ),
            ),
        ),
        ArticleExtraction(
            b.id,
            mentions=(mention(b, "Dana Whitlock"),),
            quotes=(
                Quote(
                    b.id,
                    qb,
                    len(TEXT_B) - 16,
                    TEXT_B[qb : len(TEXT_B) - 16],
                    speaker="Whitlock",
                    speaker_how="subject",
                    cue="say",
                ),
            ),
            claims=(
                Claim(
                    b.id,
                    15,
                    17,
                    "52",
                    kind="age",
                    predicate="age",
                    value="52",
                    subject="Dana Whitlock",
                ),
            ),
        ),
    ]


def test_link_stage_merges_per_story_and_links_speakers_and_subjects() -> None:
    a, b = _article(TEXT_A, 1), _article(TEXT_B, 2)
    story = StoryRecord("s-1", "Bridge", (a.id, b.id), date(2025, 3, 1), date(2025, 3, 2))
    out = link_stage(extractions=_extractions(a, b), stories=[story], config=ExtractConfig())
    people = [e for e in out["entities"] if e.type == "PERSON"]
    assert [e.name for e in people] == ["Dana Whitlock"]
    whitlock = people[0]
    assert whitlock.story_id == "s-1"
    assert {m.article_id for m in whitlock.mentions} == {a.id, b.id}
    # One by the speaker's offsets, one by name only: both reach the entity.
    assert [q.speaker_entity_id for q in out["quotes"]] == [whitlock.id, whitlock.id]
    age = next(c for c in out["claims"] if c.kind == "age")
    assert age.subject_entity_id == whitlock.id
    bridge = next(c for c in out["claims"] if c.kind == "date")
    assert bridge.subject_entity_id is None


def test_articles_outside_stories_are_not_merged_together() -> None:
    a, b = _article(TEXT_A, 1), _article(TEXT_B, 2)
    out = link_stage(extractions=_extractions(a, b), stories=[], config=ExtractConfig())
    people = [e for e in out["entities"] if e.type == "PERSON"]
    assert len(people) == 2
    assert all(e.story_id is None for e in people)


def test_store_roundtrip_cache_and_results(tmp_path: Path) -> None:
    a, b = _article(TEXT_A, 1), _article(TEXT_B, 2)
    xs = _extractions(a, b)
    story = StoryRecord("s-1", "Bridge", (a.id, b.id), date(2025, 3, 1), date(2025, 3, 2))
    out = link_stage(extractions=xs, stories=[story], config=ExtractConfig())
    version = extractor_version(ExtractConfig())
    with Store(tmp_path / "n.db") as store:
        store.add_articles([a, b])
        store.replace_stories([story])
        store.put_extractions(xs, version=version)
        store.replace_extraction(
            entities=out["entities"], quotes=out["quotes"], claims=out["claims"]
        )
        assert store.extractions(version=version) == {x.article_id: x for x in xs}
        assert store.extractions(version="another") == {}
        assert store.entities() == sorted(out["entities"], key=lambda e: (e.story_id, e.name, e.id))
        assert store.quotes() == sorted(out["quotes"], key=lambda q: (q.article_id, q.start))
        assert store.claims(article_id=b.id) == [c for c in out["claims"] if c.article_id == b.id]
        doc = export.build(store)
        html = render_html(store)
    assert {q["speaker"] for q in doc["quotes"]} == {"Whitlock"}
    assert doc["entities"][0]["mentions"][0].keys() >= {"article_id", "start", "end"}
    assert set(doc["claims"][0]) >= {
        "id",
        "article_id",
        "start",
        "end",
        "subject",
        "predicate",
        "value",
        "kind",
    }
    assert "Who and what" in html
    assert HOSTILE not in html
    assert "&lt;script&gt;" in html


def test_extractor_version_follows_configuration() -> None:
    from dataclasses import replace

    base = ExtractConfig()
    assert extractor_version(base) == extractor_version(ExtractConfig())
    quotes = replace(base.quotes, min_words=base.quotes.min_words + 1)
    assert extractor_version(base) != extractor_version(replace(base, quotes=quotes))
    # How the work is spread does not change results: the cache stays valid.
    for spread in (replace(base, batch_size=7), replace(base, processes=2)):
        assert extractor_version(spread) == extractor_version(base)


def test_cli_lists_quotes_entities_claims(tmp_path: Path) -> None:
    a, b = _article(TEXT_A, 1), _article(TEXT_B, 2)
    xs = _extractions(a, b)
    story = StoryRecord("s-1", "Bridge", (a.id, b.id), date(2025, 3, 1), date(2025, 3, 2))
    out = link_stage(extractions=xs, stories=[story], config=ExtractConfig())
    db = tmp_path / "n.db"
    with Store(db) as store:
        store.add_articles([a, b])
        store.replace_extraction(
            entities=out["entities"], quotes=out["quotes"], claims=out["claims"]
        )
    runner = CliRunner()
    res = runner.invoke(cli, ["quotes", "--db", str(db), "--speaker", "whitlock", "--json"])
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.output)) == 2
    res = runner.invoke(cli, ["entities", "--db", str(db), "--type", "person"])
    assert res.exit_code == 0 and "Dana Whitlock" in res.output
    res = runner.invoke(cli, ["claims", "--db", str(db), "--kind", "age", "--json"])
    assert res.exit_code == 0
    assert [c["value"] for c in json.loads(res.output)] == ["52"]


def test_parallel_parse_gives_the_same_extractions(nlp) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from newsdesk.extract.stage import extract_stage

    articles = [_article(TEXT_A, i) if i % 2 else _article(TEXT_B, i) for i in range(1, 7)]
    one, two = (
        extract_stage(
            articles=articles,
            nlp=nlp,
            extraction_prior={},
            config=replace(ExtractConfig(), processes=n),
        )["extractions"]
        for n in (1, 2)
    )
    assert [x.quotes for x in one] == [x.quotes for x in two]
    assert [x.claims for x in one] == [x.claims for x in two]
    assert any(x.quotes for x in two)
