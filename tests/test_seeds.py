"""Acceptance on the reference case, ../shared/seeds, through the real CLI.

The seeds are read in place; the only thing kept in this repo is a list of hashes of
the sentences that must survive cleaning (tests/fixtures/seeds_kept.json).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import REPO
from newsdesk.cli import cli
from newsdesk.ingest import read_paths
from newsdesk.model import Document, Paragraph
from newsdesk.segment import split_sentences

KEPT = json.loads((REPO / "tests" / "fixtures" / "seeds_kept.json").read_text())["kept"]


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from conftest import shared_path

    seeds = shared_path("seeds")
    db = str(tmp_path_factory.mktemp("seeds") / "seeds.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["run", str(seeds), "--db", db])
    assert first.exit_code == 0, first.output
    doc = json.loads(runner.invoke(cli, ["export", "--db", db, "--format", "json"]).stdout)
    # Running it twice leaves the same rows.
    assert runner.invoke(cli, ["run", str(seeds), "--db", db]).exit_code == 0
    again = json.loads(runner.invoke(cli, ["export", "--db", db, "--format", "json"]).stdout)
    assert again == doc
    doc["_seeds"] = seeds
    return doc


def _by_number(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {Path(a["path"]).name[:3]: a for a in doc["articles"]}


def test_four_articles_with_metadata(exported: dict[str, Any]) -> None:
    arts = _by_number(exported)
    assert sorted(arts) == ["000", "001", "002", "003"]
    seeds: Path = exported["_seeds"]
    for number in ("001", "002", "003"):
        (path,) = seeds.glob(f"{number}_*.txt")
        first_line = path.read_text(encoding="utf-8").strip().splitlines()[0].strip()
        assert arts[number]["title"] == first_line
    assert arts["000"]["title"] is None
    assert arts["002"]["author"] == "Shelby Scott"
    assert arts["000"]["published"] == "2022-05-04"
    assert arts["003"]["published"] == "2022-05-03"


def test_boilerplate_gone(exported: dict[str, Any]) -> None:
    arts = _by_number(exported)
    text_001 = arts["001"]["text"]
    assert "Related Posts" not in text_001
    assert not re.search(r"[a-z.]Credit:", text_001)
    assert "Credit:" not in text_001
    assert "Trailer" not in text_001  # every line of the tail is a trailer teaser
    for marker in (
        "View this post on Instagram",
        "A post shared by",
        "Share This Story",
        "Go to Top",
    ):
        assert marker not in arts["003"]["text"]
    removed_001 = {r["reason"] for r in arts["001"]["removed"]}
    assert "related-tail" in removed_001


@pytest.mark.parametrize("number", sorted(KEPT))
def test_every_reporting_sentence_kept(exported: dict[str, Any], number: str) -> None:
    seeds: Path = exported["_seeds"]
    (path,) = seeds.glob(f"{number}_*.txt")
    (document,) = [d for d in read_paths([str(path)]) if isinstance(d, Document)]
    text = document.text
    paragraphs = [Paragraph(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    found = {}
    for s in split_sentences(text, paragraphs):
        digest = hashlib.sha1(_norm(s.text).encode()).hexdigest()[:12]
        # Drop what the reader consumed as metadata (an inline dateline).
        kept = "".join(
            ch
            for i, ch in enumerate(s.text, start=s.start)
            if not any(c.start <= i < c.end for c in document.consumed)
        )
        found[digest] = _norm(kept)
    cleaned = _norm(_by_number(exported)[number]["text"])
    missing_hash = [h for h in KEPT[number] if h not in found]
    assert missing_hash == [], "seed changed or segmentation drifted"
    lost = [found[h] for h in KEPT[number] if found[h] not in cleaned]
    assert lost == []


def test_exactly_one_rewrite_link_003_to_000(exported: dict[str, Any]) -> None:
    arts = _by_number(exported)
    (link,) = exported["links"]
    assert link["kind"] == "rewrite"
    assert link["source"] == arts["003"]["id"]
    assert link["target"] == arts["000"]["id"]
    assert len(link["aligned"]) >= 3
    assert link["direction_confidence"] >= 0.7
    for pair in link["aligned"]:
        assert arts["003"]["text"][pair["source_start"] : pair["source_end"]].strip()
        assert arts["000"]["text"][pair["target_start"] : pair["target_end"]].strip()


def test_one_story_holds_all_four(exported: dict[str, Any]) -> None:
    (story,) = exported["stories"]
    assert sorted(story["article_ids"]) == sorted(a["id"] for a in exported["articles"])
    assert {a["story_id"] for a in exported["articles"]} == {story["id"]}


# -- who and what (issue 5), through the export ---------------------------------------

SEED_ENTITIES = [
    "Lady Gaga", "Tom Cruise", "Top Gun: Maverick", "Hold My Hand", "BloodPop",
    "Benjamin Rice", "Hans Zimmer", "Harold Faltermeyer", "Lorne Balfe", "Kenny Loggins",
    "Paramount Pictures", "Las Vegas",
]  # fmt: skip


def _entity(doc: dict[str, Any], name: str) -> dict[str, Any]:
    (hit,) = [e for e in doc["entities"] if e["name"] == name]
    return hit


def test_seed_entities_merged_across_outlets(exported: dict[str, Any]) -> None:
    arts = _by_number(exported)
    names = {e["name"] for e in exported["entities"]}
    assert set(SEED_ENTITIES) <= names
    gaga = _entity(exported, "Lady Gaga")
    assert "Gaga" in gaga["aliases"]
    assert not [e for e in exported["entities"] if e["name"] == "Gaga"]
    assert {m["article_id"] for m in gaga["mentions"]} == {a["id"] for a in arts.values()}
    (variant,) = _entity(exported, "Harold Faltermeyer")["variants"]
    assert "Faltemeyer" in variant["spelling"]
    assert variant["article_ids"] == [arts["002"]["id"]]
    for e in exported["entities"]:
        for m in e["mentions"]:
            text = next(a["text"] for a in exported["articles"] if a["id"] == m["article_id"])
            assert text[m["start"] : m["end"]] == m["text"]


def _quotes(doc: dict[str, Any], number: str, words: str) -> list[dict[str, Any]]:
    aid = _by_number(doc)[number]["id"]
    return [q for q in doc["quotes"] if q["article_id"] == aid and words in q["text"]]


@pytest.mark.parametrize(
    ("number", "words", "speaker"),
    [
        ("000", "show last night", "Lady Gaga"),
        ("001", "show last night", "Lady Gaga"),
        ("002", "came in with this song", "Tom Cruise"),
        ("002", "loved it so much", "Kenny Loggins"),
        ("003", "multiple layers", "Lady Gaga"),
    ],
)
def test_seed_quotes_and_speakers(
    exported: dict[str, Any], number: str, words: str, speaker: str
) -> None:
    (quote,) = _quotes(exported, number, words)
    assert quote["speaker_entity_id"] == _entity(exported, speaker)["id"]
    text = _by_number(exported)[number]["text"]
    assert text[quote["start"] : quote["end"]] == quote["text"]


def test_garbled_attribution_in_000_is_gaga_or_unknown(exported: dict[str, Any]) -> None:
    # 000's spun copy says "he says" before Gaga's statement about the song's layers.
    quotes = _quotes(exported, "000", "layers")
    assert quotes
    for q in quotes:
        assert q["speaker_entity_id"] in (_entity(exported, "Lady Gaga")["id"], None)
        assert (q["speaker"] or "").lower() not in {"he", "him"}


def test_seed_claims(exported: dict[str, Any]) -> None:
    arts = _by_number(exported)

    def values(number: str, predicate: str) -> set[str]:
        aid = arts[number]["id"]
        return {
            c["value"]
            for c in exported["claims"]
            if c["article_id"] == aid and c["predicate"] == predicate
        }

    assert "2022-05-27" in values("000", "release")
    assert values("002", "release") & {"2022-05-27", "--05-27"}
    assert "2022-05-26" in values("003", "release")
    assert "59" in values("000", "age")
    assert "59" in values("001", "age")
