"""Acceptance of the comparison on the reference case, ../shared/seeds, through
the real CLI. Seed text stays out of the repo: only short distinctive words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from conftest import shared_path

    seeds = shared_path("seeds")
    db = str(tmp_path_factory.mktemp("seeds_compare") / "seeds.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["run", str(seeds), "--db", db])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(
        runner.invoke(cli, ["export", "--db", db, "--format", "json"]).stdout
    )
    doc["_db"] = db
    return doc


def _ids(doc: dict[str, Any]) -> dict[str, str]:
    """Article ids by seed number ("000" ...)."""
    return {Path(a["path"]).name[:3]: a["id"] for a in doc["articles"]}


def _numbers(doc: dict[str, Any], ids: list[str]) -> set[str]:
    number = {v: k for k, v in _ids(doc).items()}
    return {number[i] for i in ids}


def test_exactly_the_expected_discrepancies(exported: dict[str, Any]) -> None:
    # Compatible statements ("Park MGM in Las Vegas" / "Las Vegas", "59-year-old" /
    # "59", "May 27" / "Friday, May 27th") must not add any.
    found = {(d["kind"], d["severity"], d["subject"]) for d in exported["discrepancies"]}
    assert found == {
        ("date", "major", "Top Gun: Maverick"),
        ("name_spelling", "minor", "Harold Faltermeyer"),
    }


def test_release_date_conflict(exported: dict[str, Any]) -> None:
    (d,) = [x for x in exported["discrepancies"] if x["kind"] == "date"]
    assert d["predicate"] == "release"
    sides = {v["value"]: _numbers(exported, v["article_ids"]) for v in d["values"]}
    assert sides == {"2022-05-27": {"000", "002"}, "2022-05-26": {"003"}}
    assert "May 26" in d["description"] and "May 27" in d["description"]


def test_name_spelling(exported: dict[str, Any]) -> None:
    (d,) = [x for x in exported["discrepancies"] if x["kind"] == "name_spelling"]
    sides = {v["value"]: _numbers(exported, v["article_ids"]) for v in d["values"]}
    assert sides == {"Harold Faltermeyer": {"003"}, "Harold Faltemeyer": {"002"}}


def _variant(doc: dict[str, Any], word: str) -> dict[str, Any]:
    quotes = {q["id"]: q for q in doc["quotes"]}
    hits = [
        v
        for v in doc["quote_variants"]
        if v["kind"] != "single" and any(word in quotes[q]["text"] for q in v["quote_ids"])
    ]
    assert len(hits) == 1, hits
    return hits[0]


def test_layers_statement_is_altered_with_the_changed_words(exported: dict[str, Any]) -> None:
    v = _variant(exported, "layers")
    assert v["kind"] == "altered"
    assert v["speaker"] == "Lady Gaga"
    assert _numbers(exported, v["article_ids"]) == {"000", "003"}
    (diff,) = v["diff"]
    changed = [o for o in diff["ops"] if o["op"] != "equal"]
    assert {"replace", "insert", "delete"} <= {o["op"] for o in changed}
    words = " ".join(o["before"] + " " + o["after"] for o in changed).split()
    assert {"realize", "know", "honing"} <= set(words)
    assert "layers" not in words  # kept words are not shown as changes


def test_thank_you_post_is_the_same_quotation(exported: dict[str, Any]) -> None:
    v = _variant(exported, "last night")
    assert v["kind"] in ("identical", "benign")
    assert _numbers(exported, v["article_ids"]) == {"000", "001"}


def _facts(doc: dict[str, Any]) -> list[dict[str, Any]]:
    (story,) = doc["stories"]
    facts: list[dict[str, Any]] = story["facts"]
    return facts


def test_age_corroborated_by_two_independent_articles(exported: dict[str, Any]) -> None:
    (fact,) = [f for f in _facts(exported) if f["predicate"] == "age"]
    assert fact["subject"] == "Tom Cruise" and fact["value"] == "59"
    assert _numbers(exported, fact["article_ids"]) == {"000", "001"}
    assert fact["independent_sources"] == 2


def test_production_credit_corroborated_by_a_rewrite_counts_once(
    exported: dict[str, Any],
) -> None:
    rewrites = [link for link in exported["links"] if link["kind"] == "rewrite"]
    assert [
        (_numbers(exported, [x["source"]]), _numbers(exported, [x["target"]])) for x in rewrites
    ] == [({"003"}, {"000"})]
    credits = {
        f["value"]: f
        for f in _facts(exported)
        if f["predicate"] == "produced_by" and f["subject"] == "Hold My Hand"
    }
    # 000 says "created by Gaga and BloodPop": the unspecific credit joins 003's.
    assert set(credits) == {"Lady Gaga", "BloodPop", "Benjamin Rice"}
    for fact in credits.values():
        assert _numbers(exported, fact["article_ids"]) == {"000", "003"}
        assert fact["independent_sources"] == 1
        assert fact["agreement"] == "2 outlets, 1 independent"


def test_cli_lists_them(exported: dict[str, Any]) -> None:
    runner = CliRunner()
    got = runner.invoke(cli, ["discrepancies", "--db", exported["_db"], "--kind", "date"])
    assert got.exit_code == 0 and "2022-05-26" in got.stdout
    got = runner.invoke(cli, ["quote-variants", "--db", exported["_db"], "--kind", "altered"])
    assert got.exit_code == 0 and "[-" in got.stdout and "{+" in got.stdout


# -- the summary (issue #7) ---------------------------------------------------------


def _summary(doc: dict[str, Any]) -> dict[str, Any]:
    (summary,) = doc["summaries"]
    return summary


def test_summary_every_sentence_cited_within_budget(exported: dict[str, Any]) -> None:
    sentences = _summary(exported)["sentences"]
    assert sentences
    assert all(len(s["citations"]) >= 1 for s in sentences)
    assert sum(len(s["text"].split()) for s in sentences) <= 65


def test_summary_reports_the_date_dispute_not_one_date(exported: dict[str, Any]) -> None:
    text = " ".join(s["text"] + " " + (s["note"] or "") for s in _summary(exported)["sentences"])
    assert "May 26" in text and "May 27" in text
    assert "differ" in text


def test_summary_cites_the_source_beside_its_copy(exported: dict[str, Any]) -> None:
    # 000 is a rewrite of 003: a sentence 000 backs must cite 003 too.
    ids = _ids(exported)
    backed_by_copy = [s for s in _summary(exported)["sentences"] if ids["000"] in s["citations"]]
    assert backed_by_copy
    assert all(ids["003"] in s["citations"] for s in backed_by_copy)


def test_summary_takes_nothing_from_boilerplate(exported: dict[str, Any]) -> None:
    articles = {a["id"]: a for a in exported["articles"]}
    for s in _summary(exported)["sentences"]:
        assert "Related" not in s["text"]
        for cite in s["support"]:
            article = articles[cite["article_id"]]
            cited = article["text"][cite["start"] : cite["end"]]
            assert cited.strip(), cite
            assert all(cited.strip() not in r["text"] for r in article["removed"])


def test_summary_opens_with_a_stated_headline_not_a_teaser(exported: dict[str, Any]) -> None:
    titles = {a["title"] for a in exported["articles"]}
    lines = _summary(exported)["sentences"]
    heads = [s for s in lines if s["kind"] == "headline"]
    assert heads == lines[:1]
    (head,) = heads
    # 002's title ("See Tom Cruise's Message …") promises a story; it never leads.
    assert head["text"] in titles and not head["text"].startswith("See ")
    assert len(head["citations"]) >= 2
