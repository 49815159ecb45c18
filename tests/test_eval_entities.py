"""``newsdesk eval entities``: the ECB+ reader, the proper-name test, the scoring
on an invented two-document topic, and (slow) the floor on the real ECB+ set."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import REPO, shared_path
from newsdesk.eval.datasets import Skipped
from newsdesk.eval.entities import (
    evaluate_entities,
    is_proper_name,
    load_ecbplus,
    lowercase_words,
)

MINI = REPO / "tests" / "fixtures" / "ecbplus_mini"


def test_reader_rebuilds_text_and_gold_offsets() -> None:
    docs = {d.name: d for d in load_ecbplus(MINI)}
    assert set(docs) == {"1_1ecb.xml", "1_1ecbplus.xml"}
    ecb = docs["1_1ecb.xml"]
    # The URL "sentence" is not text; PTB quotes become curly ones.
    assert ecb.text.startswith("Sprinter Nadia Okafor won")
    assert "“I ran for my town”" in ecb.text
    # Split hyphens of ECB+ files are joined again.
    assert docs["1_1ecbplus.xml"].text.startswith("Kenyan-born runner")
    for doc in docs.values():
        for m in doc.mentions:
            assert doc.text[m.start : m.end] == m.text
            assert m.chain.startswith("1/")
    # Participants only: the LOC_GEO chain is not an entity-merging item.
    assert {m.tag for d in docs.values() for m in d.mentions} == {
        "HUMAN_PART_PER",
        "NON_HUMAN_PART",
    }


def test_reader_skips_a_broken_file(tmp_path: Path) -> None:
    topic = tmp_path / "1"
    topic.mkdir()
    for f in (MINI / "1").glob("*.xml"):
        (topic / f.name).write_bytes(f.read_bytes())
    (topic / "1_2ecb.xml").write_text("<Document><token t_id='1'", encoding="utf-8")
    skipped: list[Skipped] = []
    docs = load_ecbplus(tmp_path, skipped=skipped)
    assert len(docs) == 2
    assert [s.source for s in skipped] == ["1/1_2ecb.xml"]


def test_proper_name_test_reads_the_topic() -> None:
    lowercase = lowercase_words(["The woman said police found her.", "Okafor ran."])
    assert is_proper_name("Nadia Okafor", lowercase=lowercase)
    assert is_proper_name("lawyer Mark Heller", lowercase=lowercase)
    assert not is_proper_name("Woman", lowercase=lowercase)  # capitalised at a line start
    assert not is_proper_name("Police", lowercase=lowercase)
    assert not is_proper_name("I", lowercase=lowercase)


def test_merging_beats_exact_names_on_the_mini_topic(nlp: Any) -> None:
    docs = load_ecbplus(MINI)
    merged = evaluate_entities(docs, nlp=nlp)
    exact = evaluate_entities(docs, nlp=nlp, baseline=True, n_errors=5)
    # 9 chained name mentions: "the woman" is out, so is the location chain.
    assert merged.n_mentions == exact.n_mentions == 9
    assert merged.n_gold == 3
    assert merged.f1 == pytest.approx(1.0)
    assert exact.recall < 0.7
    assert exact.precision == pytest.approx(1.0)
    # The baseline splits Okafor and Dunmore, and says so.
    split = {e.what for e in exact.errors if e.kind == "split"}
    assert split == {"1/HUM900001", "1/HUM900002"}


def test_cli_prints_the_scores(tmp_path: Path) -> None:
    from newsdesk.cli import cli

    result = CliRunner().invoke(
        cli, ["eval", "entities", str(MINI), "--format", "ecbplus", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "n_mentions", "n_gold"):
        assert key in data
    assert data["n_pred"] == 3 and data["mode"] == "merge"
    assert data["seconds"] >= 0
    bad = CliRunner().invoke(cli, ["eval", "entities", str(tmp_path)])
    assert bad.exit_code == 2


@pytest.mark.slow
def test_ecbplus_entity_merging_floor(nlp: Any) -> None:
    """All 33 ECB+ topics: 70 s on 2 idle cores (130 s on a busy machine), 96% of it
    spaCy's parse; ``newsdesk eval entities`` prints the same figures."""
    docs = load_ecbplus(shared_path("data", "ecbplus"))
    start = time.perf_counter()
    report = evaluate_entities(docs, nlp=nlp)
    assert report.f1 >= 0.88, report.to_dict()
    assert report.n_topics == len({d.topic for d in docs})
    assert time.perf_counter() - start < 600
