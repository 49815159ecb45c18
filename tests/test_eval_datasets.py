"""Loaders of the evaluation sets, on small fictional fixtures and on ../shared when present."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from conftest import shared_path
from newsdesk.eval.datasets import (
    LOADERS,
    DatasetError,
    Labelled,
    Skipped,
    allsides,
    detokenise,
    ecbplus,
    jsonl,
    load,
    mmds,
)

FIXTURES = Path(__file__).parent / "fixtures" / "eval"


def _stories(items: list[Labelled]) -> list[str]:
    return [i.story for i in items]


def test_allsides_fixture_keeps_its_fields_and_skips_bad_lines() -> None:
    skipped: list[Skipped] = []
    items = allsides(FIXTURES / "allsides" / "stories_tiny.jsonl", skipped=skipped)
    assert _stories(items) == ["101", "101", "102"]
    first = items[0].article
    assert first.path == "stories_tiny.jsonl#1:left"
    assert first.title == "Council backs cycle lanes"
    assert first.outlet == "Harbor Gazette"
    assert first.published == date(2024, 5, 7)
    assert first.language == "en"
    # Blank paragraphs dropped; "newBody" (a typo in the upstream data) is read too.
    assert items[1].article.text.count("\n\n") == 0
    assert items[2].article.outlet == "Calder Post"
    # Line 2 is not JSON; line 3's left entry has no body; line 4 (no outlets) yields nothing.
    assert [(s.source, s.reason.split(":")[0]) for s in skipped] == [
        ("stories_tiny.jsonl#2", "bad story"),
        ("stories_tiny.jsonl#3:left", "no body paragraphs"),
    ]


def test_mmds_fixture() -> None:
    skipped: list[Skipped] = []
    items = mmds(FIXTURES / "mmds_tiny.json", skipped=skipped)
    assert _stories(items) == ["0", "0", "0", "1", "1", "3"]
    first = items[0].article
    assert first.path == "mmds_tiny.json#1"
    assert first.title == "Harbor town opens new ferry terminal"
    # One sentence a paragraph, annotations (event, when, ...) not in the text.
    assert first.text.split("\n\n") == [
        "DUNMORE: The town of Dunmore opened its new ferry terminal on Monday after two "
        "years of building work.",
        "The terminal can handle four ferries at once, the harbour board said.",
    ]
    assert first.published is None and first.outlet is None
    # Chinese by script; English and Malay cannot be told apart without a field.
    # Undeclared languages are identified from the text (py3langid).
    assert [i.article.language for i in items] == ["en", "en", "zh", "en", "ms", "en"]
    assert skipped == [Skipped("mmds_tiny.json#6", "bad article: no sentences")]


def test_mmds_article_id_does_not_depend_on_file_formatting(tmp_path: Path) -> None:
    import json

    data = json.loads((FIXTURES / "mmds_tiny.json").read_text(encoding="utf-8"))
    compact = tmp_path / "dev.json"
    compact.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    ids = [i.article.id for i in mmds(FIXTURES / "mmds_tiny.json", skipped=[])]
    assert [i.article.id for i in mmds(compact, skipped=[])] == ids


def test_ecbplus_fixture() -> None:
    skipped: list[Skipped] = []
    items = ecbplus(FIXTURES / "ecbplus", skipped=skipped)
    assert [(i.article.path, i.story) for i in items] == [
        ("1/1_1ecb.xml", "1/ecb"),
        ("1/1_1ecbplus.xml", "1/ecbplus"),
        ("1/1_2ecb.xml", "1/ecb"),
        ("2/2_1ecb.xml", "2/ecb"),
        ("2/2_1ecbplus.xml", "2/ecbplus"),
        ("2/2_2ecbplus.xml", "2/ecbplus"),
    ]
    plus = items[1].article
    # The first "sentence" of an ECB+ file is its URL: metadata, not text.
    assert plus.url == "http://www.example.org/news/actor-checks-into-rehab"
    assert plus.text.split("\n\n") == [
        "Rob Marsh Checks Into Rehab",
        "Actor Rob Marsh, 41, checked into a rehab center in Malibu on Tuesday, his "
        "spokesman said.",
        '"He is doing well," the spokesman told reporters at 4:30.',
        "The 41-year-old actor hasn’t commented.",
    ]
    assert items[0].article.text.split("\n\n") == [
        "Singer Lena Vorn has entered rehab, her publicist said on Friday.",
        "The publicist told “Star Weekly” that Vorn's family supports her.",
        # In ECB files hyphenated words are whole tokens: a lone "-" is a dash.
        "It is her second stay - the first was in 2006.",
    ]
    assert all(i.article.published is None and i.article.language == "en" for i in items)
    assert items[0].article.url is None
    assert sorted(s.source for s in skipped) == ["2/2_3ecb.xml", "2/notes.xml"]


def test_ecbplus_loads_one_topic_folder() -> None:
    items = ecbplus(FIXTURES / "ecbplus" / "1", skipped=[])
    assert _stories(items) == ["1/ecb", "1/ecbplus", "1/ecb"]


@pytest.mark.parametrize(
    ("tokens", "split_words", "text"),
    [
        (["He", "said", ",", "``", "Yes", "''", "."], False, "He said, “Yes”."),
        (["It", "is", "n't", "Vorn", "'s", "."], False, "It isn't Vorn's."),
        (["(", "AP", ")", "costs", "$", "5", "%", "..."], False, "(AP) costs $5%..."),
        (["a", "5", ".", "2", "and", "1", ",", "200", "at", "4", ":", "30"], False, None),
        (["16", "-", "year", "-", "old", "on", "05", "/", "03"], True, "16-year-old on 05/03"),
        (["16", "-", "year"], False, "16 - year"),
        (["don", "’", "t", "‘", "x", "’"], True, "don’t ‘x’"),
        (['"', "Hi", ",", '"', "she", "said"], False, '"Hi," she said'),
        (["Scrubs", ",", "'", "'", "has"], False, "Scrubs,” has"),
    ],
)
def test_detokenise(tokens: list[str], split_words: bool, text: str | None) -> None:
    expected = text or "a 5.2 and 1,200 at 4:30"
    assert detokenise([tokens], split_words=split_words) == [expected]


def test_detokenise_keeps_quote_state_across_sentences() -> None:
    sents = [['"', "One", "."], ["Two", ".", '"'], ["Then", '"', "three", '"']]
    assert detokenise(sents, split_words=False) == ['"One.', 'Two."', 'Then "three"']


def test_jsonl_fixture() -> None:
    skipped: list[Skipped] = []
    items = jsonl(FIXTURES / "articles.jsonl", skipped=skipped)
    assert _stories(items) == ["cycle-lanes", "cycle-lanes", "library", "7"]
    a = [i.article for i in items]
    assert (a[0].title, a[0].outlet, a[0].published) == (
        "Council approves new cycle lanes",
        "Harbor Gazette",
        date(2024, 5, 7),
    )
    assert a[1].published == date(2024, 5, 8)  # from a datetime
    assert a[2].published is None and a[3].title is None
    assert a[0].path == "articles.jsonl#1"
    reasons = {s.source: s.reason for s in skipped}
    assert reasons == {
        "articles.jsonl#6": "bad line: no 'story' label",
        "articles.jsonl#7": "bad line: date 'last Tuesday' is not an ISO date",
        "articles.jsonl#8": reasons["articles.jsonl#8"],  # json's own message
        "articles.jsonl#9": "bad line: not a JSON object",
        "articles.jsonl#10": "bad line: no 'text'",
    }


def test_skips_are_logged_without_a_list(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="newsdesk"):
        items = load(FIXTURES / "articles.jsonl", "jsonl")
    assert len(items) == 4
    assert sum("skipped articles.jsonl#" in r.getMessage() for r in caplog.records) == 5


@pytest.mark.parametrize("fmt", sorted(LOADERS))
def test_missing_path_names_it(fmt: str, tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(DatasetError, match="nope"):
        load(missing, fmt, skipped=[])


@pytest.mark.parametrize(
    ("fmt", "path", "message"),
    [
        ("mmds", "articles.jsonl", "not a JSON document"),
        ("allsides", "mmds_tiny.json", "no AllSides stories"),
        ("jsonl", "allsides/stories_tiny.jsonl", "no 'story' label"),
        ("ecbplus", "allsides", "no ECB\\+ files"),
    ],
)
def test_wrong_layout_is_a_dataset_error(fmt: str, path: str, message: str) -> None:
    with pytest.raises(DatasetError, match=message) as info:
        load(FIXTURES / path, fmt, skipped=[])
    assert str(FIXTURES / path) in str(info.value)


def test_mmds_unequal_lists(tmp_path: Path) -> None:
    bad = tmp_path / "dev.json"
    bad.write_text('{"articles": [{"ID": 1}], "clusters": []}', encoding="utf-8")
    with pytest.raises(DatasetError, match="1 articles but 0 cluster labels"):
        mmds(bad)


def test_unknown_format() -> None:
    with pytest.raises(DatasetError, match="unknown format 'csv'"):
        load(FIXTURES / "articles.jsonl", "csv")


# --------------------------------------------------------------------------- ../shared

# What each loader yields on the real development sets (see the report of issue 4):
# format -> (path under ../shared/data, articles, gold clusters, languages).
REAL = {
    # 253 stories, but story 6086 has no outlet entries: 252 gold stories.
    "allsides": ("allsides/stories_dev.jsonl", 731, 252, {"en": 731}),
    # Languages identified from the text: a few Malay articles read as Indonesian.
    "mmds": ("mmds/dev.json", 209, 51, {"en": 137, "zh": 37, "ms": 30, "id": 5}),
    # 33 topic folders (15 and 17 are absent), 391 ECB + 381 ECB+ files, 2 sub-topics each.
    "ecbplus": ("ecbplus", 772, 66, {"en": 772}),
}


@pytest.mark.parametrize("fmt", sorted(REAL))
def test_real_sets(fmt: str) -> None:
    where, n_articles, n_gold, languages = REAL[fmt]
    path = shared_path("data", *where.split("/"))
    skipped: list[Skipped] = []
    items = load(path, fmt, skipped=skipped)
    print(fmt, len(items), "articles", len({i.story for i in items}), "gold", len(skipped))
    assert skipped == []
    assert len(items) == n_articles
    assert len({i.story for i in items}) == n_gold
    assert dict(Counter(i.article.language for i in items)) == languages
    assert len({i.article.id for i in items}) == n_articles  # no two items share an id
    dated = sum(i.article.published is not None for i in items)
    assert dated == (n_articles if fmt == "allsides" else 0)
    if fmt == "ecbplus":
        assert Counter(i.story.split("/")[1] for i in items) == {"ecb": 391, "ecbplus": 381}
        assert sum(i.article.url is not None for i in items) == 381
