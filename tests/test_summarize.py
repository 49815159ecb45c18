"""The extractive summarizer: which sentences may stand alone, light
compression, the budget, citations and disputes (with a bag-of-words encoder, so
these tests need no model)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from newsdesk.headline import choose_headline
from newsdesk.model import (
    AlignedPair,
    Article,
    Claim,
    Discrepancy,
    DiscrepancyValue,
    Link,
    Paragraph,
    StoryRecord,
    content_id,
)
from newsdesk.segment import split_sentences
from newsdesk.selection import Consensus, Pool, select
from newsdesk.standalone import usable_headline
from newsdesk.summarize import (
    FEATURES,
    Candidate,
    SummaryConfig,
    compress,
    features,
    summarize_story,
    usable,
)


def encode(texts: Sequence[str]) -> np.ndarray:
    """Hashed bag of words, L2-normalised: close texts get close vectors."""
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in re.findall(r"[a-z0-9]+", t.lower()):
            out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 256] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def article(n: int, text: str, *, outlet: str, published: date | None = None) -> Article:
    raw = f"{n}:{text}".encode()
    paragraphs = (Paragraph(0, len(text)),)
    return Article(
        id=content_id(raw),
        path=f"in/{n}.txt",
        format="text",
        text=text,
        source_text=text,
        title=f"Ferry service suspended after harbour collision {n}",
        published=published,
        outlet=outlet,
        paragraphs=paragraphs,
        sentences=split_sentences(text, paragraphs),
        raw=raw,
    )


A = article(
    1,
    "The Lowmere ferry service was suspended on Thursday after the vessel Gannet struck the "
    "harbour wall at Lowmere, injuring four passengers. Harbour master Ida Venn said the "
    "crossing would stay closed until an inspection. Is the crossing safe? "
    "Photo by Harbour Images.",
    outlet="Coast Post",
)
B = article(
    2,
    "The ferry service at Lowmere was suspended on Thursday after the vessel Gannet hit the "
    "harbour wall, injuring five passengers, officials said. The operator said refunds "
    "would be paid to everyone booked this week.",
    outlet="Island Herald",
)
STORY = StoryRecord("s-ferry", "Ferry", (A.id, B.id), None, None)
# B's first sentence is a rewrite of A's.
B_REWRITES_A = Link(
    source=A.id,
    target=B.id,
    kind="rewrite",
    score=0.8,
    direction_confidence=0.9,
    aligned=(
        AlignedPair(
            A.sentences[0].start, A.sentences[0].end, B.sentences[0].start, B.sentences[0].end, 0.8
        ),
    ),
)


@pytest.mark.parametrize(
    "text",
    [
        "Is the crossing safe for families this winter?",
        "Photo by Harbour Images shows the damaged bow of the ferry.",
        "Click here to subscribe to our morning newsletter today.",
        "The operator said refunds would be paid to everyone booked",  # cut off
        "He said the crossing would stay closed until an inspection.",  # who is he?
        "The skipper, 58, said the crossing would stay closed until an inspection.",  # who?
        "“We will reopen when it is safe to do so,” the operator told reporters today.",
        "I watched the ferry strike the wall from my kitchen window.",
        "Read more: the full timetable of the ferry service this winter.",
    ],
)
def test_sentences_that_cannot_stand_alone(text: str) -> None:
    assert not usable(text, min_words=6, max_words=55)


def test_a_plain_news_sentence_is_usable() -> None:
    assert usable(
        "The ferry service was suspended on Thursday after a collision.", min_words=6, max_words=55
    )
    assert usable(
        "The operator said 14 crossings, 9 of them full, were cancelled.", min_words=6, max_words=55
    )


def test_the_set_choice_reads_a_story_of_several_outlets_and_not_of_one() -> None:
    seen: list[int] = []

    def observe(pool: Pool, agreed: Consensus, words: int, said: Mapping[str, float]) -> None:
        seen.append(agreed.n_articles)

    config = SummaryConfig()
    two = summarize_story(
        story=STORY, articles=[A, B], links=[], encode=encode, config=config, on_choice=observe
    )
    assert seen == [2]
    one = summarize_story(
        story=STORY, articles=[A], links=[], encode=encode, config=config, on_choice=observe
    )
    assert seen == [2]  # one outlet: nothing shared to read, the greedy choice
    greedy = replace(config, sets=False)
    assert one == summarize_story(story=STORY, articles=[A], links=[], encode=encode, config=greedy)
    for summary in (one, two):
        assert 0 < sum(len(s.text.split()) for s in summary.sentences) <= config.words


@pytest.mark.parametrize(
    ("text", "compressed"),
    [
        (
            "But the ferry service was suspended on Thursday after the crash.",
            "The ferry service was suspended on Thursday after the crash.",
        ),
        (
            "LOWMERE (Coast Post) — The ferry service was suspended on Thursday.",
            "The ferry service was suspended on Thursday.",
        ),
        (
            "Four passengers were hurt in the collision, officials said Thursday.",
            "Four passengers were hurt in the collision.",
        ),
        # A quotation keeps who said it.
        (
            "“It was terrifying,” one passenger said, officials said.",
            "“It was terrifying,” one passenger said, officials said.",
        ),
        # A wire credit glued to the first word, and a signpost label.
        (
            "(Coast Wire)The ferry service was suspended on Thursday.",
            "The ferry service was suspended on Thursday.",
        ),
        (
            "Why it matters: The ferry is the island's only link in winter.",
            "The ferry is the island's only link in winter.",
        ),
        # The opening quote of the next sentence, left after this one's closing quote.
        (
            'The mayor called the crash a "wake-up call." "',
            'The mayor called the crash a "wake-up call."',
        ),
    ],
)
def test_compression_drops_only_labels_connectives_and_attribution(
    text: str, compressed: str
) -> None:
    assert compress(text) == compressed


def test_a_short_sentence_leaning_on_a_demonstrative_is_not_used() -> None:
    assert not usable("No expense was spared for this crossing.", min_words=6, max_words=55)
    assert not usable("The council has not joined these talks.", min_words=6, max_words=55)
    # A time phrase leans on nothing; a long sentence says enough itself.
    assert usable("The ferry will not sail this week.", min_words=6, max_words=55)
    assert usable(
        "The Lowmere council has spent four million pounds on this crossing since the "
        "harbour wall was rebuilt in 2019.",
        min_words=6,
        max_words=55,
    )


def test_a_fact_check_claim_is_not_a_summary_sentence() -> None:
    claim = "CLAIM: The Lowmere ferry has been sold to a foreign company."
    assert not usable(claim, min_words=6, max_words=55)
    assert usable(claim.removeprefix("CLAIM: "), min_words=6, max_words=55)


def test_support_is_how_widely_the_other_articles_carry_a_sentence() -> None:
    texts = [
        "The Gannet ferry struck the Lowmere harbour wall on Thursday.",
        "The council will debate its library budget next spring.",
        "On Thursday the Gannet ferry struck Lowmere harbour wall.",
        "Four passengers were treated for minor injuries.",
    ]
    where = [("a", 0), ("a", 1), ("b", 0), ("b", 1)]  # (article, position)
    cands = [Candidate(a, i, 0, 1, t) for (a, i), t in zip(where, texts, strict=True)]
    x = features(cands, encode(texts), headline_vectors=encode([]), headlines=[])
    support = x[:, FEATURES.index("support")]
    # The crash is carried by both articles; the council's debate by one only.
    assert support[0] > 0.8 > 0.3 > support[1]


def test_a_sentence_that_restates_the_summary_is_left_out() -> None:
    texts = [
        "The Gannet ferry struck the Lowmere harbour wall on Thursday, injuring four passengers.",
        "Four passengers were injured when the Gannet ferry struck the harbour wall.",
        "The Gannet ferry did not strike the harbour wall, its operator insists.",
        "Harbour engineers will inspect the wall on Monday.",
    ]
    cands = [Candidate("a", i, 0, 1, t) for i, t in enumerate(texts)]
    scores = np.array([4.0, 3.0, 2.0, 1.0])
    sims = np.zeros((4, 4))
    kept = select(cands, scores, sims, words=None, sentences=None, redundancy=0.0)
    assert kept == [0, 1, 2, 3]
    # The restatement goes; the denial says something new and stays.
    kept = select(
        cands, scores, sims, words=None, sentences=None, redundancy=0.0, said={}, repeat=0.8
    )
    assert kept == [0, 2, 3]


def test_select_never_exceeds_the_budget() -> None:
    rng = np.random.default_rng(0)
    cands = [
        Candidate("a", i, 0, 1, " ".join(["word"] * int(n)))
        for i, n in enumerate(rng.integers(5, 40, size=30))
    ]
    for budget in (10, 33, 65, 100):
        chosen = select(
            cands,
            rng.random(30),
            np.eye(30),
            words=budget,
            sentences=None,
            redundancy=0.0,
        )
        assert sum(cands[j].words for j in chosen) <= budget
    chosen = select(cands, rng.random(30), np.eye(30), words=None, sentences=2, redundancy=0.0)
    assert len(chosen) == 2


def test_every_sentence_cited_and_the_other_outlet_cited_when_it_agrees() -> None:
    summary = summarize_story(
        story=STORY, articles=[A, B], links=[], encode=encode, config=SummaryConfig()
    )
    assert summary.sentences
    assert summary.n_words <= 65
    for s in summary.sentences:
        assert s.citations[0].article_id == s.article_id
        source = {A.id: A, B.id: B}[s.article_id]
        if s.kind == "headline":
            # An outlet's own title; its offsets locate the sentence backing it.
            assert s.text == source.title
            assert source.text[s.start : s.end].strip()
        else:
            assert source.text[s.start : s.end].strip().startswith(s.text[:12])
        assert "?" not in s.text and "Photo" not in s.text
    lead = summary.body[0]
    assert set(lead.cited_ids) == {A.id, B.id}


def test_a_copy_is_cited_beside_its_source_not_summarised() -> None:
    link = B_REWRITES_A
    summary = summarize_story(
        story=STORY, articles=[A, B], links=[link], encode=encode, config=SummaryConfig()
    )
    assert all(s.article_id == A.id for s in summary.sentences)
    assert all(B.id in s.cited_ids for s in summary.sentences[:2])


def _injury_claim(art: Article, written: str, value: str) -> Claim:
    at = art.text.index(written)
    return Claim(art.id, at, at + len(written), written, "count", "injured", value, "Gannet")


def _injury_dispute(a_claims: tuple[str, ...] = (), b_claims: tuple[str, ...] = ()) -> Discrepancy:
    """A says four passengers were injured, B five."""
    return Discrepancy(
        story_id=STORY.id,
        kind="number",
        severity="major",
        subject="Gannet",
        predicate="injured",
        values=(
            DiscrepancyValue("4", (A.id,), ("four",), a_claims),
            DiscrepancyValue("5", (B.id,), ("five",), b_claims),
        ),
        description="",
    )


def test_a_disputed_figure_is_never_stated_as_settled() -> None:
    ca, cb = _injury_claim(A, "four passengers", "4"), _injury_claim(B, "five passengers", "5")
    dispute = _injury_dispute((ca.id,), (cb.id,))
    summary = summarize_story(
        story=STORY,
        articles=[A, B],
        links=[],
        encode=encode,
        config=SummaryConfig(),
        discrepancies=[dispute],
        claims=[ca, cb],
    )
    assert summary.n_words <= 65
    said = " ".join(s.text + " " + (s.note or "") for s in summary.sentences)
    assert "four" in said and "five" in said and "differ" in said
    assert any(dispute.id in s.disputed for s in summary.sentences)
    # A sentence stating one side is not backed by the article stating the other.
    for s in summary.sentences:
        if s.note and s.article_id in (A.id, B.id):
            other = B.id if s.article_id == A.id else A.id
            assert other not in s.cited_ids


# -- the headline --------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Is the Lowmere ferry safe?",
        "See the moment the Gannet hit the harbour wall",
        "Here's why the Lowmere ferry was suspended",
        "WATCH: ferry strikes harbour wall",
        "FERRY SUSPENDED AFTER CRASH AT LOWMERE",
        "“We will reopen when it is safe,” says operator",
        "I was on the Gannet when it hit the wall",
        "Ferry suspended | Coast Post",
        "Ferry suspended",  # too short to say what happened
    ],
)
def test_titles_that_cannot_open_a_summary(title: str) -> None:
    assert not usable_headline(title)


@pytest.mark.parametrize(
    "title",
    [
        "Ferry service suspended after harbour collision",
        "Singer Performs ‘Hold My Hand’ at Harbour Festival",  # a song title, not first person
        "Report: four injured as Gannet strikes Lowmere harbour wall",
    ],
)
def test_statement_titles_can_open_a_summary(title: str) -> None:
    assert usable_headline(title)


def test_the_most_central_title_leads_and_a_disputed_one_never_does() -> None:
    titles = [
        "Council budget row deepens over library plans",
        "Ferry suspended after the Gannet strikes Lowmere harbour wall",
        "Four injured as Lowmere ferry strikes harbour wall",
    ]
    sentences = [*A.sentences, *B.sentences]
    context = encode([s.text for s in sentences])
    owners = [A.id] * len(A.sentences) + [B.id] * len(B.sentences)
    vecs = encode(titles)
    # Each title is judged by the articles other than its own.
    by = ["elsewhere", A.id, B.id]
    ranked = choose_headline(titles, vecs, by, context, owners, density=0.2)
    assert ranked[0] in (1, 2) and ranked[-1] == 0
    dispute = _injury_dispute()
    kept = choose_headline(titles, vecs, by, context, owners, density=0.2, disputes=[dispute])
    assert 2 not in kept and 1 in kept


def test_other_outlets_titles_bear_a_title_out() -> None:
    # The sentences say nothing about any title: only the titles agree.
    titles = [
        "Lowmere council approves a new library budget",
        "Ferry strikes Lowmere harbour wall injuring four",
        "Four injured as ferry strikes Lowmere harbour wall",
    ]
    by = ["council-desk", "coast-post", "gannet-news"]
    sentences = ["Rain is expected later.", "Trains ran on time.", "Markets were calm."]
    ranked = choose_headline(titles, encode(titles), by, encode(sentences), by, density=0.2)
    assert ranked[0] in (1, 2) and ranked[-1] == 0


def test_the_headline_leads_within_the_budget_and_can_be_switched_off() -> None:
    for words in (20, 30, 45, 65):
        config = SummaryConfig(words=words)
        summary = summarize_story(
            story=STORY, articles=[A, B], links=[], encode=encode, config=config
        )
        assert summary.n_words <= words
        kinds = [s.kind for s in summary.sentences]
        assert "headline" not in kinds[1:]
        if summary.headline is not None:
            # It never takes more than a third of the budget.
            assert len(summary.headline.text.split()) <= words // 3
            assert summary.headline.text in (A.title, B.title)
            assert summary.headline.citations
    off = summarize_story(
        story=STORY,
        articles=[A, B],
        links=[],
        encode=encode,
        config=SummaryConfig(headline=False),
    )
    assert off.headline is None and off.sentences
    on = summarize_story(
        story=STORY, articles=[A, B], links=[], encode=encode, config=SummaryConfig()
    )
    assert on.headline is not None and on.body[0].text == off.sentences[0].text


def test_a_copy_cited_for_what_it_copied_brings_its_source() -> None:
    # C is not linked to B, but says what B's first sentence says; B copied
    # that sentence from A. A summary sentence from C that B backs must cite A.
    c = article(
        3,
        "The ferry service at Lowmere was suspended on Thursday after the vessel Gannet hit "
        "the harbour wall, injuring passengers. Divers will inspect the hull on Monday.",
        outlet="Bay Radio",
    )
    link = B_REWRITES_A
    story = StoryRecord("s-3", "Ferry", (A.id, B.id, c.id), None, None)
    summary = summarize_story(
        story=story, articles=[A, B, c], links=[link], encode=encode, config=SummaryConfig()
    )
    backed_by_copy = [s for s in summary.sentences if B.id in s.cited_ids]
    assert backed_by_copy
    assert all(A.id in s.cited_ids for s in backed_by_copy)


def _write_roundup(folder: Path) -> Path:
    clusters = [
        [
            ("Ferry halted after collision", A.text),
            ("Lowmere crossing closed", B.text),
        ],
        [
            (
                "Council approves new library",
                "The Brackwater council approved a new library on Monday. "
                "Construction will begin in the spring and cost 4 million pounds.",
            ),
            (
                "Library plan passes",
                "Brackwater councillors voted on Monday to approve a new public library. "
                "The building is due to open in two years.",
            ),
        ],
    ]
    refs = [
        "TITLE=> Ferry suspended. ARTICLE=> The Lowmere ferry was suspended after a collision.",
        "TITLE=> New library. ARTICLE=> Brackwater council approved a new library on Monday.",
    ]
    source = folder / "mini.source"
    source.write_text(
        "\n".join(" [SEP] ".join(f"TITLE=> {t} ARTICLE=> {x}" for t, x in c) for c in clusters)
        + "\n"
    )
    (folder / "mini.target").write_text("\n".join(refs) + "\n")
    return source


def test_eval_summary_reports_rouge_and_citations(tmp_path: Path) -> None:
    pytest.importorskip("rouge_score")
    from newsdesk.eval.summary import allsides_roundup, evaluate_summaries

    items = allsides_roundup(_write_roundup(tmp_path))
    assert len(items) == 2 and "Ferry suspended." in items[0].reference
    systems = evaluate_summaries(items, encode=encode, config=SummaryConfig(), words=30)
    scores = {k: v.to_dict() for k, v in systems.items()}
    assert set(scores) == {"newsdesk", "round-robin", "centroid-mmr"}
    ours = scores["newsdesk"]
    assert ours["n"] == 2 and ours["max_words"] <= 30
    assert ours["cited_fraction"] == 1.0
    assert 0 < ours["rouge1"] <= 100 and ours["rouge2"] >= 0


def test_eval_summary_cli_json_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rouge_score")
    import newsdesk.embed
    from newsdesk.cli import cli

    class Fake:
        def encode(self, texts: Sequence[str]) -> np.ndarray:
            return encode(texts)

    monkeypatch.setattr(newsdesk.embed, "get_encoder", lambda **_: Fake())
    source = _write_roundup(tmp_path)
    result = CliRunner().invoke(
        cli, ["eval", "summary", str(source), "--format", "allsides-roundup", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("rouge1", "rouge2", "rougeLsum", "cited_fraction", "mean_citations", "n"):
        assert key in data
    assert data["n"] == 2 and set(data["baselines"]) == {"round-robin", "centroid-mmr"}


def test_eval_summary_names_a_missing_target(tmp_path: Path) -> None:
    from newsdesk.eval.datasets import DatasetError
    from newsdesk.eval.summary import allsides_roundup

    source = _write_roundup(tmp_path)
    (tmp_path / "mini.target").unlink()
    with pytest.raises(DatasetError, match=r"mini\.target"):
        allsides_roundup(source)


# -- newsdesk summary --llm-url, against a local OpenAI-compatible server -------------


def _echo_server() -> tuple[Any, str]:
    """A chat endpoint that answers with the prompt's first sentence, citing [S1]."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            prompt = "\n".join(m["content"] for m in body["messages"])
            first = re.search(r"^\[S1\] \([^)]*\) (.+)$", prompt, re.M)
            text = first.group(1).rstrip(".") if first else "nothing"
            reply = {"choices": [{"message": {"role": "assistant", "content": f"{text} [S1]."}}]}
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/v1"


@pytest.fixture
def ferry_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store holding A, B and their story, with the test encoder standing in
    for the model."""
    import newsdesk.embed
    from newsdesk.store import Store

    class Fake:
        def encode(self, texts: Sequence[str]) -> np.ndarray:
            return encode(texts)

    monkeypatch.setattr(newsdesk.embed, "get_encoder", lambda **_: Fake())
    db = str(tmp_path / "ferry.db")
    with Store(db) as store:
        store.add_articles([A, B])
        store.replace_stories([STORY])
    return db


def test_summary_command_llm_mode(ferry_db: str) -> None:
    from newsdesk.cli import cli

    db = ferry_db
    server, url = _echo_server()
    try:
        result = CliRunner().invoke(
            cli, ["summary", "--db", db, "--llm-url", url, "--llm-model", "tiny", "--json"]
        )
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    (summary,) = json.loads(result.stdout)
    assert summary["method"] == "llm"
    # The chosen headline stays on top; the model wrote the sentence below it.
    head, sentence = summary["sentences"]
    assert head["kind"] == "headline" and sentence["kind"] == "sentence"
    assert sentence["citations"] and sentence["citations"][0] in {A.id, B.id}
    # Without the endpoint the stored (here: none) summary is listed, not invented.
    plain = CliRunner().invoke(cli, ["summary", "--db", db, "--json"])
    assert json.loads(plain.stdout)[0]["sentences"] == []


def test_summary_command_headline_switch_and_budget(ferry_db: str) -> None:
    from newsdesk.cli import cli

    db = ferry_db

    def lines(*args: str) -> list[dict[str, Any]]:
        result = CliRunner().invoke(cli, ["summary", "--db", db, "--json", *args])
        assert result.exit_code == 0, result.output
        (summary,) = json.loads(result.stdout)
        return list(summary["sentences"])

    with_head = lines("--words", "40")
    assert with_head[0]["kind"] == "headline"
    assert sum(len(s["text"].split()) for s in with_head) <= 40
    without = lines("--no-headline")
    assert without and all(s["kind"] == "sentence" for s in without)


def test_the_minority_account_of_a_dispute_never_carries_the_summary() -> None:
    c = article(
        3,
        "The Lowmere ferry service was halted on Thursday after the Gannet struck the "
        "harbour wall, injuring five passengers. Divers will inspect the hull on Monday.",
        outlet="Bay Radio",
    )
    ca, cb = _injury_claim(A, "four passengers", "4"), _injury_claim(B, "five passengers", "5")
    cc = _injury_claim(c, "five passengers", "5")
    dispute = Discrepancy(
        story_id=STORY.id,
        kind="number",
        severity="major",
        subject="Gannet",
        predicate="injured",
        values=(
            DiscrepancyValue("4", (A.id,), ("four",), (ca.id,)),
            DiscrepancyValue("5", (B.id, c.id), ("five", "five"), (cb.id, cc.id)),
        ),
        description="",
    )
    summary = summarize_story(
        story=StoryRecord("s-3", "Ferry", (A.id, B.id, c.id), None, None),
        articles=[A, B, c],
        links=[],
        encode=encode,
        config=SummaryConfig(),
        discrepancies=[dispute],
        claims=[ca, cb, cc],
    )
    stated = [s for s in summary.body if not s.text.startswith("Reports differ")]
    assert stated
    # A's lead (four injured, one article against two) is not used; the
    # majority's sentence may be, with its note.
    assert all(not (s.article_id == A.id and s.start <= ca.start < s.end) for s in stated)
    said = " ".join(s.text + " " + (s.note or "") for s in summary.sentences)
    assert "four" in said and "five" in said


def test_a_story_is_not_named_by_the_minority_value() -> None:
    from newsdesk.headline import story_title
    from newsdesk.model import Summary

    dispute = _injury_dispute()  # A: four injured (1 article); B: five (1 article)
    wider = Discrepancy(
        story_id=STORY.id,
        kind="number",
        severity="major",
        subject="Gannet",
        predicate="injured",
        values=(
            DiscrepancyValue("4", (A.id,), ("four",), ()),
            DiscrepancyValue("5", (B.id, "c" * 16), ("five",), ()),
        ),
        description="",
    )
    named = StoryRecord(
        STORY.id, "Four hurt as Gannet hits Lowmere wall", STORY.article_ids, None, None
    )
    empty = Summary(STORY.id, ())
    # A tie (one article each) is no minority: the title stays.
    assert story_title(named, [A, B], empty, [dispute]) == named.title
    # One article against two: the first member title not saying "four" names it.
    assert story_title(named, [A, B], empty, [wider]) == A.title


def test_text_output_does_not_repeat_a_headline_printed_as_the_title(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from newsdesk.cli_summary import print_summary
    from newsdesk.model import Citation, Summary, SummarySentence

    first = A.sentences[0]
    cites = (Citation(A.id, first.start, first.end), Citation(B.id, 0, 10))
    head = SummarySentence(A.title or "", A.id, first.start, first.end, cites, kind="headline")
    body = SummarySentence(first.text, A.id, first.start, first.end, cites)
    summary = Summary(STORY.id, (head, body))
    print_summary(summary, {A.id: A, B.id: B}, title=A.title)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "  (the title above is Coast Post's headline) [Coast Post, Island Herald]"
    print_summary(summary, {A.id: A, B.id: B}, title="Another title")
    assert capsys.readouterr().out.splitlines()[0].startswith(f"  {A.title} [Coast Post")
