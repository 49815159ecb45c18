"""The optional abstractive summary: the chat client against a small local server
that speaks the OpenAI chat-completions API, and the checks that keep only
sentences their citations support."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
import pytest

from newsdesk.config import Config
from newsdesk.minhash import words
from newsdesk.model import (
    Article,
    Citation,
    Discrepancy,
    DiscrepancyValue,
    Document,
    Fact,
    Summary,
    SummarySentence,
)
from newsdesk.stages import clean_document
from newsdesk.summarize_llm import (
    ChatClient,
    LLMConfig,
    LLMError,
    LLMResult,
    abstractive_summary,
    endpoint_url,
    parse_reply,
)

# -- a fictional story: three outlets on one ferry grounding --------------------

TEXTS = {
    "Harbour Gazette": (
        "The Marrow Point ferry ran aground on a sandbank outside Lowmere harbour on Tuesday "
        "morning. All 112 passengers were taken off by lifeboat crews within two hours.\n\n"
        "The coastguard said nobody was seriously hurt. The operator, Teal Line, has suspended "
        "the route until an inspection is finished."
    ),
    "Coastal Wire": (
        "A ferry carrying 112 passengers grounded on a sandbank near Lowmere harbour on Tuesday. "
        "Lifeboat crews brought everyone ashore, the coastguard said.\n\n"
        "Teal Line said the vessel would be inspected before the route reopens. Harbour master "
        "Ines Corvell said the channel had been dredged in March."
    ),
    "Bay Courier": (
        "The Marrow Point ferry, with 121 passengers on board, struck a sandbank off Lowmere on "
        "Tuesday. Lifeboat crews took everyone off the stranded vessel.\n\n"
        "Teal Line has suspended sailings on the route."
    ),
}
STORY = "s-ferry"


def _article(outlet: str, text: str) -> Article:
    doc = Document(
        source=f"mem/{outlet}.txt",
        raw=text.encode(),
        text=text,
        format="text",
        outlet=outlet,
        published=date(2024, 6, 4),
    )
    art = clean_document(doc, config=Config().clean)
    assert isinstance(art, Article)
    return art


ARTS = {outlet: _article(outlet, text) for outlet, text in TEXTS.items()}
GAZETTE, WIRE, COURIER = ARTS["Harbour Gazette"], ARTS["Coastal Wire"], ARTS["Bay Courier"]
ARTICLES = {a.id: a for a in ARTS.values()}


def _cite(art: Article, index: int) -> Citation:
    s = art.sentences[index]
    return Citation(art.id, s.start, s.end)


def _picked(art: Article, index: int, *support: Citation) -> SummarySentence:
    own = _cite(art, index)
    return SummarySentence(art.sentences[index].text, art.id, own.start, own.end, (own, *support))


# S1 S2 | S3 S4 | S5 S6: each extractive sentence, then the one backing it.
EXTRACTIVE = Summary(
    STORY,
    (
        _picked(GAZETTE, 0, _cite(WIRE, 0)),
        _picked(GAZETTE, 1, _cite(WIRE, 1)),
        _picked(GAZETTE, 3, _cite(COURIER, 2)),
    ),
)
FACTS = (
    Fact(STORY, "channel", "dredged", "date", "2024-03", (WIRE.id,), (), (WIRE.id,), ("March",)),
    Fact(
        STORY,
        "Marrow Point ferry",
        "passengers",
        "count",
        "112",
        (GAZETTE.id, WIRE.id),
        (),
        (GAZETTE.id, WIRE.id),
        ("112",),
    ),
)
DISPUTE = Discrepancy(
    STORY,
    "number",
    "major",
    "Marrow Point ferry",
    "passengers",
    (
        DiscrepancyValue("112", (GAZETTE.id, WIRE.id), ("112",)),
        DiscrepancyValue("121", (COURIER.id,), ("121",)),
    ),
    "Articles disagree on the number of passengers: “112” (2 articles) vs “121” (1 article).",
)


def bag_of_words(texts: Sequence[str]) -> np.ndarray:
    """A stand-in for MiniLM: hashed content-word counts, L2-normalised."""
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for i, text in enumerate(texts):
        for w in words(text):
            if len(w) > 3:
                out[i, hash(w) % 256] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


# -- the local server -----------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[dict[str, Any]]
    reply: tuple[int, bytes, float]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.requests.append(
            {"path": self.path, "headers": dict(self.headers), "body": json.loads(body)}
        )
        status, payload, delay = self.server.reply
        time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def completion(content: str) -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
        }
    ).encode()


@pytest.fixture(scope="module")
def running() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def server(running: _Server) -> _Server:
    running.requests = []
    running.reply = (200, completion(""), 0.0)
    return running


def base_url(server: _Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/v1"


def summarise(server: _Server, reply: str, *, max_words: int = 65, **kw: Any) -> LLMResult:
    server.reply = (200, completion(reply), 0.0)
    return abstractive_summary(
        extractive=EXTRACTIVE,
        articles=ARTICLES,
        facts=FACTS,
        discrepancies=(DISPUTE,),
        complete=ChatClient(LLMConfig(url=base_url(server), model="tiny-chat")),
        encode=kw.pop("encode", bag_of_words),
        max_words=max_words,
        **kw,
    )


GROUNDED = (
    "The Marrow Point ferry ran aground on a sandbank outside Lowmere harbour on Tuesday [S1][S2]."
)
SUSPENDED = "Teal Line has suspended the route until an inspection is finished [S5, S6]."


def reasons(result: LLMResult) -> dict[str, str]:
    return {d.text: d.reason for d in result.dropped}


# -- the summary ------------------------------------------------------------------


def test_faithful_reply_is_kept_with_citations_into_the_articles(server: _Server) -> None:
    result = summarise(server, f"{GROUNDED} {SUSPENDED}")
    assert result.used_llm and result.dropped == ()
    summary = result.summary
    assert summary.method == "llm" and summary.story_id == STORY
    assert [s.text for s in summary.sentences] == [
        "The Marrow Point ferry ran aground on a sandbank outside Lowmere harbour on Tuesday.",
        "Teal Line has suspended the route until an inspection is finished.",
    ]
    first, second = summary.sentences
    assert first.citations == (_cite(GAZETTE, 0), _cite(WIRE, 0))
    assert second.citations == (_cite(GAZETTE, 3), _cite(COURIER, 2))
    assert (first.article_id, first.start, first.end) == (GAZETTE.id, *_span(GAZETTE, 0))
    for s in summary.sentences:
        for c in s.citations:
            assert ARTICLES[c.article_id].text[c.start : c.end] in {
                x.text for x in ARTICLES[c.article_id].sentences
            }
        assert s.disputed == () and s.note is None


def _span(art: Article, index: int) -> tuple[int, int]:
    return art.sentences[index].start, art.sentences[index].end


def test_request_carries_model_ids_and_temperature_zero(server: _Server) -> None:
    summarise(server, GROUNDED)
    (request,) = server.requests
    assert request["path"] == "/v1/chat/completions"
    body = request["body"]
    assert body["model"] == "tiny-chat" and body["temperature"] == 0
    assert body["max_tokens"] == 400 and body["stream"] is False
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    user = body["messages"][1]["content"]
    assert f"[S1] (Harbour Gazette) {GAZETTE.sentences[0].text}" in user
    assert "[S2] (Coastal Wire, supports S1)" in user
    assert "[S6] (Bay Courier, supports S5)" in user and "[S7]" not in user
    # The passenger count is disputed: it is listed as a disagreement, not a fact.
    assert "[F1] channel, dredged: March (1 independent source: Coastal Wire)" in user
    assert "[F2]" not in user and "passengers: 112" not in user
    assert f"[D1] {DISPUTE.description}" in user and "“121”: Bay Courier" in user
    assert "at most 65 words" in user
    assert "[S1][S3]" in body["messages"][0]["content"]
    assert "Authorization" not in request["headers"]


def test_citation_that_does_not_support_the_sentence_drops_it(server: _Server) -> None:
    result = summarise(server, f"{GROUNDED} The coastguard said nobody was seriously hurt [S5].")
    assert [s.text for s in result.summary.sentences] == [GROUNDED[: GROUNDED.index(" [")] + "."]
    (why,) = reasons(result).values()
    assert why.startswith("cited sources do not support it")


def test_invented_figures_and_names_are_dropped(server: _Server) -> None:
    result = summarise(
        server,
        f"{GROUNDED} All 140 passengers were taken off by lifeboat crews within two hours [S3][S4]."
        " All 112 passengers were taken off by lifeboat crews within three hours [S3]."
        " Lifeboat crews from Pellow took all 112 passengers off within two hours [S3][S4].",
    )
    assert len(result.summary.sentences) == 1
    assert sorted(reasons(result).values()) == [
        "figures not in the cited sources: 140",
        "figures not in the cited sources: 3",
        "names not in the cited sources: pellow",
    ]


def test_invented_events_in_common_words_are_dropped(server: _Server) -> None:
    result = summarise(
        server,
        f"{GROUNDED} The ferry caught fire near Lowmere harbour on Tuesday [S1][S2]. "
        "The route is suspended while Teal Line inspects the vessel [S5][S6].",
    )
    assert len(result.summary.sentences) == 2  # one word ("vessel") of its own is allowed
    assert reasons(result) == {
        "The ferry caught fire near Lowmere harbour on Tuesday.": (
            "words not in the cited sources: caught, fire"
        )
    }


def test_sentence_without_citations_is_dropped(server: _Server) -> None:
    result = summarise(server, f"Here is the summary:\n{GROUNDED} Nobody was seriously hurt.")
    assert len(result.summary.sentences) == 1
    assert reasons(result) == {
        "Here is the summary:": "no citations",
        "Nobody was seriously hurt.": "no citations",
    }


def test_unknown_ids_and_repeats_are_dropped(server: _Server) -> None:
    result = summarise(server, f"{GROUNDED} Nobody was seriously hurt [S9]. {GROUNDED}")
    assert len(result.summary.sentences) == 1
    assert sorted(reasons(result).values()) == [
        "cites unknown ids: S9",
        "repeats an earlier sentence",
    ]


def test_word_budget_drops_whole_sentences(server: _Server) -> None:
    reply = (
        f"{GROUNDED} Lifeboat crews brought everyone ashore, the coastguard said [S4]. {SUSPENDED}"
    )
    assert summarise(server, reply).summary.n_words == 33
    result = summarise(server, reply, max_words=25)
    texts = [s.text for s in result.summary.sentences]
    assert texts == [
        "The Marrow Point ferry ran aground on a sandbank outside Lowmere harbour on Tuesday.",
        "Lifeboat crews brought everyone ashore, the coastguard said.",
    ]
    assert result.summary.n_words == 22 <= 25
    (why,) = reasons(result).values()
    assert why == "over the word budget (22 + 11 > 25)"
    # Nothing fits: the extractive summary stands.
    tiny = summarise(server, reply, max_words=5)
    assert not tiny.used_llm and tiny.summary is EXTRACTIVE and len(tiny.dropped) == 3


def test_nothing_surviving_returns_the_extractive_summary(server: _Server) -> None:
    result = summarise(server, "The ferry sank with all hands [S1]. It was a tragedy.")
    assert not result.used_llm
    assert result.summary is EXTRACTIVE
    assert [d.reason.split(" (")[0] for d in result.dropped] == [
        "cited sources do not support it",
        "no citations",
    ]
    assert result.reply.startswith("The ferry sank")


def test_disputed_values_carry_the_discrepancy(server: _Server) -> None:
    result = summarise(
        server,
        "Reports differ on the number of passengers: 112 according to the Harbour Gazette and "
        "the Coastal Wire, 121 according to the Bay Courier [D1]. "
        "All 112 passengers were taken off by lifeboat crews within two hours [S3]. "
        "The Bay Courier put the number of passengers at 121 [D1].",
    )
    assert result.dropped == ()
    differ, settled, courier = result.summary.sentences
    assert {c.article_id for c in differ.citations} == set(ARTICLES)
    # Stating one side is never left as settled: the sentence says how reports differ.
    for s in (differ, settled, courier):
        assert s.disputed == (DISPUTE.id,) and s.note == DISPUTE.description
    assert settled.citations == (_cite(GAZETTE, 1),)
    # Only the article giving that version backs it.
    assert courier.citations == (_cite(COURIER, 0),)


def test_fact_ids_cite_the_sentences_stating_the_fact(server: _Server) -> None:
    result = summarise(server, "The channel had been dredged in March [F1].")
    (s,) = result.summary.sentences
    assert s.citations == (_cite(WIRE, 3),)
    assert (s.article_id, s.start, s.end) == (WIRE.id, *_span(WIRE, 3))


def test_without_an_encoder_word_overlap_alone_decides(server: _Server) -> None:
    result = summarise(
        server, f"{GROUNDED} The coastguard said nobody was seriously hurt [S5].", encode=None
    )
    assert len(result.summary.sentences) == 1 and len(result.dropped) == 1


def test_empty_extractive_summary_asks_nothing(server: _Server) -> None:
    empty = Summary(STORY, ())

    def never(messages: list[dict[str, str]]) -> str:
        raise AssertionError("no call expected")

    result = abstractive_summary(
        extractive=empty, articles=ARTICLES, complete=never, encode=None, max_words=65
    )
    assert result == LLMResult(empty, used_llm=False)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (
            "A rose [S1, S3]. B fell.[S2][s4] C.",
            [("A rose.", ("S1", "S3")), ("B fell.", ("S2", "S4")), ("C.", ())],
        ),
        (
            "- A rose (S1).\n- **B** fell [S2; F1] and [D1] stayed.",
            [("A rose.", ("S1",)), ("B fell and stayed.", ("S2", "F1", "D1"))],
        ),
        ("[S1] A rose. B fell [S 2 and S3]", [("A rose.", ("S1",)), ("B fell", ("S2", "S3"))]),
        ("A rose [S1]B fell.", [("A rose B fell.", ("S1",))]),
        (
            "The tide rose [S2-S4]. It fell [S9–S1].",
            [("The tide rose.", ("S2", "S3", "S4")), ("It fell.", ("S9", "S1"))],
        ),
        ("", []),
    ],
)
def test_parse_reply_tolerates_citation_styles(
    reply: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert parse_reply(reply) == expected


# -- the client ---------------------------------------------------------------------


def test_server_error_is_a_clear_llm_error(server: _Server) -> None:
    server.reply = (500, b'{"error": "model not loaded"}', 0.0)
    with pytest.raises(LLMError) as info:
        ChatClient(LLMConfig(url=base_url(server)))([{"role": "user", "content": "hi"}])
    assert "HTTP 500" in info.value.reason and "model not loaded" in info.value.reason
    assert info.value.url == base_url(server) + "/chat/completions"
    assert base_url(server) in str(info.value)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"<html>oops</html>", "malformed reply: not JSON"),
        (b'{"choices": []}', "malformed reply: no choices[0].message.content"),
        (b'{"choices": [{"message": {"content": null}}]}', "malformed reply: the message content"),
        (b'{"error": {"message": "rate limited"}}', "the server reported an error"),
    ],
)
def test_malformed_replies_are_clear_llm_errors(
    server: _Server, payload: bytes, reason: str
) -> None:
    server.reply = (200, payload, 0.0)
    with pytest.raises(LLMError, match=r"LLM endpoint http://127\.0\.0\.1") as info:
        ChatClient(LLMConfig(url=base_url(server)))([{"role": "user", "content": "hi"}])
    assert info.value.reason.startswith(reason)


def test_timeout_and_refused_connection_are_llm_errors(server: _Server) -> None:
    server.reply = (200, completion("late"), 1.0)
    with pytest.raises(LLMError, match=r"no reply within 0\.2 s"):
        ChatClient(LLMConfig(url=base_url(server), timeout=0.2))(
            [{"role": "user", "content": "hi"}]
        )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(LLMError, match="cannot connect"):
        ChatClient(LLMConfig(url=f"http://127.0.0.1:{port}"))([{"role": "user", "content": "hi"}])


def test_api_key_comes_from_the_named_environment_variable(
    server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = LLMConfig(url=base_url(server), api_key_env="NEWSDESK_TEST_LLM_KEY", model="m")
    monkeypatch.delenv("NEWSDESK_TEST_LLM_KEY", raising=False)
    with pytest.raises(LLMError, match="NEWSDESK_TEST_LLM_KEY is not set"):
        ChatClient(config)([{"role": "user", "content": "hi"}])
    monkeypatch.setenv("NEWSDESK_TEST_LLM_KEY", "sk-test")
    server.reply = (200, completion("hello"), 0.0)
    assert ChatClient(config)([{"role": "user", "content": "hi"}]) == "hello"
    assert server.requests[-1]["headers"]["Authorization"] == "Bearer sk-test"
    assert "sk-test" not in repr(config)


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/chat/completions"),
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1/chat/completions"),
        ("http://localhost:11434/v1/", "http://localhost:11434/v1/chat/completions"),
        ("https://llm.example/v1/chat/completions", "https://llm.example/v1/chat/completions"),
        ("https://llm.example/api/v2beta", "https://llm.example/api/v2beta/chat/completions"),
    ],
)
def test_endpoint_url(url: str, endpoint: str) -> None:
    assert endpoint_url(url) == endpoint


def test_config_is_frozen_and_off_by_default() -> None:
    config = LLMConfig()
    assert not config.enabled and LLMConfig(url="http://x").enabled
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.url = "http://x"  # type: ignore[misc]
    with pytest.raises(LLMError, match="no URL"):
        ChatClient(config)
    with pytest.raises(LLMError, match="not an http"):
        endpoint_url("ftp://example.org")


# -- with the real sentence encoder ------------------------------------------------


def test_checks_hold_with_minilm(server: _Server) -> None:
    from newsdesk.embed import EmbeddingUnavailable, get_encoder

    try:
        encode = get_encoder().encode
    except EmbeddingUnavailable as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))
    result = summarise(
        server,
        f"{GROUNDED} Lifeboat crews brought everyone ashore, the coastguard said [S4]. "
        "The coastguard said nobody was seriously hurt [S5]. "
        "Teal Line has suspended the route [S1].",
        encode=encode,
    )
    assert [s.text.split()[0] for s in result.summary.sentences] == ["The", "Lifeboat"]
    assert [d.reason.split(" (")[0] for d in result.dropped] == [
        "cited sources do not support it",
        "cited sources do not support it",
    ]
