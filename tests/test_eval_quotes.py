"""PolNeAR quote evaluation: gold from BRAT files, matching, speakers, the CLI command.

``fixtures/polnear_mini`` is invented (fictional people and outlets) in PolNeAR's layout:
two articles, one annotated by two annotators (one of whom swapped a Source and a Cue
span, as PolNeAR itself does), a text with no annotation and an unreadable .ann file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.eval.datasets import DatasetError, Skipped
from newsdesk.eval.quotes import (
    GoldQuote,
    evaluate_quotes,
    head_name,
    load_polnear,
    match_quotes,
    parse_ann,
    quoted_strings,
    same_speaker,
)
from newsdesk.model import Quote

MINI = Path(__file__).parent / "fixtures" / "polnear_mini"


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quoted_strings(text)]


def test_quoted_strings_pair_marks_line_by_line() -> None:
    assert _texts('He said "yes, indeed" and “no, never” then.') == ["yes, indeed", "no, never"]
    # Mixed marks; a stray mark pairs with nothing; markup attributes are not quotes.
    assert _texts('“Mixed pair," she said. A stray " mark.') == ["Mixed pair,"]
    # A quote open at a line's end runs on when the next line opens with a mark.
    assert _texts('"First part.\n\n"Second part," he said.\nA "stray') == [
        "First part.",
        "Second part,",
    ]


def test_parse_ann_reads_spans_events_and_swapped_sources() -> None:
    text = "Okafor said the plan “works,” and Reyes agreed."
    ann = (
        "T1\tSource 0 6\tOkafor\nT2\tCue 7 11\tsaid\nT3\tContent 12 20;21 29\tthe plan “works,”\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n#1\tAnnotatorNotes T1\tnote\n"
        "T4\tSource 40 46\tagreed\nT5\tCue 34 39\tReyes\nT6\tContent 12 20\tthe plan\n"
        "E2\tAttribution:T4 Content:T6 Cue:T5 Source:T4\nE3\tAttribution-no-source:T2\n"
    )
    first, second = parse_ann(ann, text=text)
    assert [(s.start, s.end) for s in first.content] == [(12, 20), (21, 29)]
    assert (first.source, first.source_start) == ("Okafor", 0)
    # "agreed" is not a reporting verb of _VERB_SOURCES: kept as annotated.
    assert second.source == "agreed"
    swapped = parse_ann(ann.replace("40 46\tagreed", "7 11\tsaid"), text=text)[1]
    assert swapped.source == "Reyes"


def test_load_polnear_fixture_gold_and_sources() -> None:
    skipped: list[Skipped] = []
    articles = {a.name: a for a in load_polnear(MINI, skipped=skipped)}
    assert sorted(articles) == [
        "harbor-gazette_2024-05-01_ferry",
        "valley-courier_2024-05-02_bridge",
    ]
    ferry = articles["harbor-gazette_2024-05-01_ferry"]
    assert ferry.annotators == ("ann1", "ann2")
    gold = {q.text: q.sources for q in ferry.quotes}
    assert gold == {
        "ready by the summer season.": ("Mayor Lena Okafor",),  # ann2's swap read right
        "We have waited long enough for this,": ("Okafor",),
        "and the old boat is forty years old.": ("Okafor",),
        "white elephant": ("Critics",),  # only ann2 marked it: still gold
        "I will believe it when I see the first sailing,": ("Tomas Reyes",),  # "he"
    }
    assert "Northern Star." not in gold  # a name in quotes, in no attribution
    bridge = articles["valley-courier_2024-05-02_bridge"]
    assert [q.sources for q in bridge.quotes][1:] == [("Priya Nandakumar",)] * 2
    assert [(s.source.split("/")[0], s.reason.split(":")[0]) for s in skipped] == [
        ("text", "no attributions/<article>_<annotator>.ann file"),
        ("attributions", "cannot read"),
    ]


def test_load_polnear_bad_paths(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="not a folder"):
        load_polnear(tmp_path / "missing")
    (tmp_path / "text").mkdir()
    with pytest.raises(DatasetError, match="no attributions/ folder"):
        load_polnear(tmp_path)
    (tmp_path / "attributions").mkdir()
    with pytest.raises(DatasetError, match=str(tmp_path)):
        load_polnear(tmp_path)


def _quote(start: int, end: int, speaker: str | None = None) -> Quote:
    return Quote(article_id="a", start=start, end=end, text="x" * (end - start), speaker=speaker)


def test_match_quotes_half_of_the_longer_one_to_one() -> None:
    gold = [GoldQuote(0, 100, "g"), GoldQuote(200, 210, "h")]
    pred = [_quote(0, 60), _quote(0, 40), _quote(195, 230)]
    matches = match_quotes(gold, pred)
    # 60/100 matches; 40/100 does not, nor 10/35 for the second one.
    assert [(m.gold, m.pred) for m in matches] == [(0, 0)]


@pytest.mark.parametrize(
    ("pred", "gold", "same"),
    [
        ("Trump", "Donald J. Trump", True),
        ("Donald Trump", "Trump", True),
        ("the source", "a source", True),
        ("Flynn", "Flynn, a top Trump surrogate", True),
        ("Trump", "Flynn, a top Trump surrogate", False),
        ("Robby Mook", "Clinton campaign manager Robby Mook", True),
        ("Clinton", "Clinton campaign manager Robby Mook", False),
        ("Tom Carper", "Sen. Tom Carper of Delaware", True),
        ("Leslie Wimes", "Wines", True),  # one typo in a long word
        ("Cruz", "Cruise", False),
        (None, "Trump", False),
    ],
)
def test_same_speaker(pred: str | None, gold: str, same: bool) -> None:
    assert same_speaker(pred, gold) is same


def test_head_name() -> None:
    assert head_name("Clinton campaign manager Robby Mook") == ["Robby", "Mook"]
    assert head_name("the Republican nominee") == []


def test_evaluate_quotes_counts_and_errors() -> None:
    articles = load_polnear(MINI)
    ferry = articles[0]
    text = ferry.text

    def find(t: str, name: str) -> list[Quote]:
        if t != text:
            return []
        # The first four gold quotes, only the first with the right speaker, and one
        # quote that is not gold.
        out = [
            _quote(g.start, g.end, "Lena Okafor" if "summer" in g.text else "Ilse Varga")
            for g in ferry.quotes[:4]
        ]
        spurious = text.index("Northern Star")
        return [*out, _quote(spurious, spurious + 13)]

    report = evaluate_quotes(articles, find=find, keep_errors=10)
    data = report.to_dict()
    assert (data["n_gold"], data["n_pred"], data["n_matched"]) == (8, 5, 4)
    assert data["precision"] == 0.8 and data["recall"] == 0.5
    assert data["f1"] == pytest.approx(2 * 0.8 * 0.5 / 1.3, abs=1e-4)
    assert (data["n_speaker_scored"], data["n_speaker_correct"]) == (4, 1)
    assert data["speaker_accuracy"] == 0.25
    kinds = [e.kind for e in report.errors]
    assert kinds.count("missed") == 4 and kinds.count("spurious") == 1
    assert kinds.count("speaker") == 3
    assert "errors" not in data


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_quotes_json_and_table(nlp: Any) -> None:
    code, out, err = _run("eval", "quotes", str(MINI), "--format", "polnear", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {"precision", "recall", "f1", "speaker_accuracy", "n_gold", "n_pred"} <= set(data)
    assert data["n_gold"] == 8 and data["n_skipped"] == 2
    assert data["f1"] > 0.8
    assert "skipped text/lakeshore-ledger_2024-05-03_orphan.txt" in err
    code, out, _ = _run("eval", "quotes", str(MINI))
    assert code == 0
    assert "precision" in out and "speaker accuracy" in out


def test_cli_quotes_bad_path(tmp_path: Path) -> None:
    code, _, err = _run("eval", "quotes", str(tmp_path / "nope"))
    assert code == 2
    assert "nope" in err and "not a folder" in err


def test_cli_quotes_help_has_an_example() -> None:
    code, out, _ = _run("eval", "quotes", "--help")
    assert code == 0 and "Example:" in out and "newsdesk eval quotes" in out


# The real dev split's targets are a CI floor: tests/test_floors.py, floors.json.
