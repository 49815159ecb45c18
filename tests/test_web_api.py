"""The JSON API of ``newsdesk serve`` (FastAPI's TestClient, no browser).

Most tests read a database built by hand through the Store (no models): a
ferry story told by a wire service, a rewrite of it and an independent local
paper that disagrees on the day, with a summary, a quote variant, a
discrepancy and entities; an article with hostile markup in every field; and
an article in no story. ``build_ferry_db`` is shared with test_web_pages.py.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsdesk.config import load_config
from newsdesk.model import (
    AlignedPair,
    Article,
    Citation,
    Claim,
    DiffOp,
    Discrepancy,
    DiscrepancyValue,
    Entity,
    Fact,
    Link,
    Mention,
    Paragraph,
    Quote,
    QuoteDiff,
    QuoteVariant,
    Removal,
    Sentence,
    StoryRecord,
    Summary,
    SummarySentence,
    Variant,
)
from newsdesk.store import Store
from newsdesk.web import UploadLimits, create_app

FERRY, HOSTILE_STORY, OLD_FERRY = "s-ferry0000aaaa", "s-hostile0000bb", "s-ferryold00001"
WIRE, REWRITE, LOCAL = "aaaa000000000001", "aaaa000000000002", "aaaa000000000003"
HOSTILE, LONER = "bbbb000000000001", "cccc000000000001"
HOSTILE_TEXT = (
    '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
    '<a href="javascript:window.__pwned=3">tap</a>'
)

WIRE_SENTENCES = (
    "The Brackwater ferry will stop running on Friday for repairs.",
    "The operator said the repairs would cost 2.4 million pounds.",
    '"We have no other choice," said harbour master Ana Ruiz.',
    "Passengers can use the coastal bus until the ferry returns.",
)
REWRITE_SENTENCES = (
    "Brackwater's ferry is halting service this Friday so it can be repaired.",
    "Repairs will cost the operator 2.4 million pounds, it said.",
    '"We had no other option," said harbor master Ana Ruiz.',
    "Until the ferry is back, passengers may take the coastal bus.",
)
LOCAL_SENTENCES = (
    "The Brackwater ferry will stop running on Saturday for repairs.",
    "Harbourmaster Ana Ruis said the work was overdue.",
    "Local traders fear a quiet weekend without the ferry.",
)


def make_article(
    aid: str,
    sentences: tuple[str, ...],
    *,
    outlet: str | None,
    published: date | None,
    title: str,
    url: str | None = None,
    removed: str = "",
) -> Article:
    text = " ".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append(Sentence(pos, pos + len(s), s, 0))
        pos += len(s) + 1
    source = text + removed
    return Article(
        id=aid,
        path=f"{outlet or 'unknown'}/{aid}.txt",
        format="text",
        text=text,
        source_text=source,
        title=title,
        outlet=outlet,
        published=published,
        url=url,
        paragraphs=(Paragraph(0, len(text)),),
        sentences=tuple(spans),
        removals=(Removal(len(text), len(source), removed, "share widget"),) if removed else (),
        raw=(title + text).encode(),
    )


def span(article: Article, words: str) -> tuple[int, int]:
    start = article.text.index(words)
    return start, start + len(words)


def build_ferry_db(path: Path) -> dict[str, Any]:
    """The hand-built database (see the module docstring); returns its records."""
    wire = make_article(
        WIRE,
        WIRE_SENTENCES,
        outlet="Tide Wire",
        published=date(2024, 3, 4),
        title="Brackwater ferry to stop for repairs",
        url="https://tidewire.example/ferry",
        removed="\nShare this story",
    )
    rewrite = make_article(
        REWRITE,
        REWRITE_SENTENCES,
        outlet="Quay Daily",
        published=date(2024, 3, 5),
        title="Ferry halts at Brackwater",
    )
    local = make_article(
        LOCAL,
        LOCAL_SENTENCES,
        outlet="Harbour Post",
        published=date(2024, 3, 5),
        title="Ferry repairs worry Brackwater traders",
    )
    hostile = make_article(
        HOSTILE,
        (f"A reader wrote {HOSTILE_TEXT} in the comments.", "Nothing else happened."),
        outlet=HOSTILE_TEXT,
        published=None,
        title=HOSTILE_TEXT,
        url="javascript:window.__pwned=4",
    )
    loner = make_article(
        LONER,
        ("A parade crossed the Brackwater quay at noon.",),
        outlet="Harbour Post",
        published=date(2024, 3, 9),
        title="Quay parade",
    )
    articles = [wire, rewrite, local, hostile, loner]
    pairs = tuple(
        AlignedPair(w.start, w.end, r.start, r.end, 0.8)
        for w, r in zip(wire.sentences, rewrite.sentences, strict=True)
    )
    link = Link(
        WIRE,
        REWRITE,
        "rewrite",
        0.8,
        0.9,
        aligned=pairs,
        evidence=("Tide Wire published 2024-03-04, Quay Daily 2024-03-05",),
    )
    q_wire = Quote(
        WIRE,
        *span(wire, "We have no other choice,"),
        "We have no other choice,",
        speaker="Ana Ruiz",
        cue="said",
    )
    q_rewrite = Quote(
        REWRITE,
        *span(rewrite, "We had no other option,"),
        "We had no other option,",
        speaker="Ana Ruiz",
        cue="said",
    )
    c_wire = Claim(WIRE, *span(wire, "Friday"), "Friday", "date", "stop", "2024-03-08", "ferry")
    c_local = Claim(
        LOCAL, *span(local, "Saturday"), "Saturday", "date", "stop", "2024-03-09", "ferry"
    )
    discrepancy = Discrepancy(
        FERRY,
        "date",
        "major",
        "Brackwater ferry",
        "stop",
        (
            DiscrepancyValue("2024-03-08", (WIRE,), ("Friday",), (c_wire.id,)),
            DiscrepancyValue("2024-03-09", (LOCAL,), ("Saturday",), (c_local.id,)),
        ),
        "Articles disagree on when the ferry stops: “Friday” (1 article) vs “Saturday” "
        "(1 article).",
    )
    variant = QuoteVariant(
        FERRY,
        "Ana Ruiz",
        "altered",
        (q_wire.id, q_rewrite.id),
        (WIRE, REWRITE),
        (
            QuoteDiff(
                q_rewrite.id,
                q_wire.id,
                "altered",
                "Ana Ruiz",
                (
                    DiffOp("equal", "We", "We"),
                    DiffOp("replace", "have", "had"),
                    DiffOp("equal", "no other", "no other"),
                    DiffOp("replace", "choice,", "option,"),
                ),
            ),
        ),
    )
    ruiz = Entity(
        "e-ruiz",
        "Ana Ruiz",
        "PERSON",
        aliases=("Ruiz",),
        variants=(Variant("Ana Ruis", (LOCAL,)),),
        mentions=(
            Mention(WIRE, *span(wire, "Ana Ruiz"), "Ana Ruiz", "PERSON"),
            Mention(REWRITE, *span(rewrite, "Ana Ruiz"), "Ana Ruiz", "PERSON"),
            Mention(LOCAL, *span(local, "Ana Ruis"), "Ana Ruis", "PERSON"),
        ),
        story_id=FERRY,
    )
    fact = Fact(
        FERRY,
        "operator",
        "cost",
        "money",
        "GBP 2400000",
        (WIRE, REWRITE),
        sources=(WIRE,),
        texts=("2.4 million pounds", "2.4 million pounds"),
    )
    w0, w1 = wire.sentences[0], wire.sentences[1]
    r0, r1 = rewrite.sentences[0], rewrite.sentences[1]
    summary = Summary(
        FERRY,
        (
            SummarySentence(
                w0.text,
                WIRE,
                w0.start,
                w0.end,
                (Citation(WIRE, w0.start, w0.end), Citation(REWRITE, r0.start, r0.end)),
                note="Harbour Post says Saturday.",
                disputed=(discrepancy.id,),
            ),
            SummarySentence(
                w1.text,
                WIRE,
                w1.start,
                w1.end,
                (Citation(WIRE, w1.start, w1.end), Citation(REWRITE, r1.start, r1.end)),
            ),
        ),
    )
    stories = [
        StoryRecord(
            FERRY,
            "Brackwater ferry to stop for repairs",
            (WIRE, REWRITE, LOCAL),
            date(2024, 3, 4),
            date(2024, 3, 5),
            aliases=(OLD_FERRY,),
        ),
        StoryRecord(HOSTILE_STORY, HOSTILE_TEXT, (HOSTILE,), None, None),
    ]
    with Store(path) as store:
        store.add_articles(articles)
        store.replace_links([link])
        store.replace_stories(stories)
        store.replace_extraction(
            entities=[ruiz], quotes=[q_wire, q_rewrite], claims=[c_wire, c_local]
        )
        store.replace_comparison(
            facts=[fact], discrepancies=[discrepancy], quote_variants=[variant]
        )
        store.replace_summaries([summary])
    return {
        "articles": {a.id: a for a in articles},
        "discrepancy": discrepancy,
        "variant": variant,
        "quotes": (q_wire, q_rewrite),
        "claims": (c_wire, c_local),
    }


@pytest.fixture(scope="module")
def ferry(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, Any], Path]:
    db = tmp_path_factory.mktemp("web_api") / "ferry.db"
    records = build_ferry_db(db)
    app = create_app(
        db,
        config=load_config(use_user_file=False),
        limits=UploadLimits(max_files=3, max_file_bytes=2000, max_request_bytes=20_000),
    )
    with TestClient(app) as client:
        yield client, records, db


def wait_for_job(client: TestClient, job_id: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/ingest/{job_id}").json()
        if job["done"]:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s")


# -- stories ------------------------------------------------------------------------


def test_stories_lists_counts(ferry: Any) -> None:
    client, _, _ = ferry
    data = client.get("/api/stories").json()
    assert data["total"] == 2 and data["pages"] == 1
    # Newest first: the ferry story has dates, the hostile one none (last).
    assert [s["id"] for s in data["stories"]] == [FERRY, HOSTILE_STORY]
    row = data["stories"][0]
    assert row["n_articles"] == 3 and row["n_outlets"] == 3
    assert row["n_independent"] == 2  # the rewrite is a copy of the wire
    assert row["n_discrepancies"] == 1 and row["n_altered_quotes"] == 1
    assert (row["first_seen"], row["last_seen"]) == ("2024-03-04", "2024-03-05")
    assert row["href"] == f"/story/{FERRY}"


def test_stories_search_filters_and_pages(ferry: Any) -> None:
    client, _, _ = ferry
    hit = client.get("/api/stories", params={"q": "coastal bus"}).json()
    assert [s["id"] for s in hit["stories"]] == [FERRY]
    assert hit["sort"] == "relevance"
    assert any(matched for _, matched in hit["stories"][0]["match"]["snippet"])
    assert client.get("/api/stories", params={"q": "zeppelin"}).json()["total"] == 0
    by_outlet = client.get("/api/stories", params={"outlet": "Quay Daily"}).json()
    assert [s["id"] for s in by_outlet["stories"]] == [FERRY]
    later = client.get("/api/stories", params={"from": "2024-03-06"}).json()
    assert later["total"] == 0  # the ferry story ends on the 5th; undated never matches
    within = client.get("/api/stories", params={"from": "2024-03-05", "to": "2024-03-31"})
    assert [s["id"] for s in within.json()["stories"]] == [FERRY]
    first = client.get("/api/stories", params={"per_page": 1, "sort": "biggest"}).json()
    second = client.get("/api/stories", params={"per_page": 1, "page": 2}).json()
    assert first["pages"] == 2 and first["stories"][0]["id"] == FERRY
    assert second["stories"][0]["id"] == HOSTILE_STORY


def test_bad_query_values_are_errors(ferry: Any) -> None:
    client, _, _ = ferry
    assert client.get("/api/stories", params={"page": 0}).status_code == 422
    bad = client.get("/api/stories", params={"from": "last tuesday"})
    assert bad.status_code == 400 and "not a date" in bad.json()["detail"]


# -- one story -------------------------------------------------------------------------


def test_story_detail(ferry: Any) -> None:
    client, records, _ = ferry
    page = client.get(f"/api/stories/{FERRY}").json()
    assert page["story"]["title"] == "Brackwater ferry to stop for repairs"
    assert page["story"]["n_independent"] == 2
    assert [c["label"] for c in page["columns"]] == ["Tide Wire", "Harbour Post", "Quay Daily"]
    assert all(c["shown"] for c in page["columns"])
    # The wire and its rewrite are aligned sentence by sentence (by the link).
    linked = [r for r in page["rows"] if r["linked"]]
    assert len(linked) == 4
    wire_col = [c["article_id"] for c in page["columns"]].index(WIRE)
    rewrite_col = [c["article_id"] for c in page["columns"]].index(REWRITE)
    assert all(r["cells"][wire_col] and r["cells"][rewrite_col] for r in linked)
    # The local paper's first sentence shares most words with the wire's.
    first = next(r for r in page["rows"] if r["group"] == 1)
    assert len([c for c in first["cells"] if c]) == 3
    (d,) = page["discrepancies"]
    assert d["id"] == records["discrepancy"].id
    sides = {v["value"]: [s["label"] for s in v["sources"]] for v in d["values"]}
    assert sides == {"2024-03-08": ["Tide Wire"], "2024-03-09": ["Harbour Post"]}
    c_wire = records["claims"][0]
    assert d["values"][0]["sources"][0]["href"] == f"/article/{WIRE}#c-{c_wire.id}"
    (v,) = page["variants"]
    assert v["kind"] == "altered" and v["speaker"] == "Ana Ruiz"
    assert ["replace", "have", "had"] in v["diffs"][0]["runs"]
    (edge,) = page["graph"]["edges"]
    assert (edge["source"], edge["target"], edge["directed"]) == (WIRE, REWRITE, True)
    assert "Tide Wire → Quay Daily" in edge["title"]
    (entity,) = page["entities"]
    assert entity["aliases"] == ["Ruiz"] and entity["variants"][0]["spelling"] == "Ana Ruis"
    assert page["facts"][0]["agreement"] == "2 outlets, 1 independent"


def test_story_summary_citations_point_at_sentences(ferry: Any) -> None:
    client, records, _ = ferry
    summary = client.get(f"/api/stories/{FERRY}").json()["summary"]
    first = summary["lines"][0]
    rewrite: Article = records["articles"][REWRITE]
    assert [c["href"] for c in first["citations"]] == [
        f"/article/{WIRE}#s-0",
        f"/article/{REWRITE}#s-{rewrite.sentences[0].start}",
    ]
    assert first["disputed"] == [records["discrepancy"].id]
    assert first["note"] == "Harbour Post says Saturday."
    second = summary["lines"][1]
    assert second["citations"][1]["href"] == f"/article/{REWRITE}#s-{rewrite.sentences[1].start}"


def test_story_columns_can_be_chosen(ferry: Any) -> None:
    client, _, _ = ferry
    page = client.get(f"/api/stories/{FERRY}", params={"col": [LOCAL, WIRE]}).json()
    assert [c["article_id"] for c in page["columns"] if c["shown"]] == [WIRE, LOCAL]
    assert all(len(r["cells"]) == 2 for r in page["rows"])


def test_story_alias_and_unknown(ferry: Any) -> None:
    client, _, _ = ferry
    assert client.get(f"/api/stories/{OLD_FERRY}").json()["story"]["id"] == FERRY
    missing = client.get("/api/stories/s-nothing")
    assert missing.status_code == 404 and "s-nothing" in missing.json()["detail"]


# -- articles and search ------------------------------------------------------------------


def test_article_detail(ferry: Any) -> None:
    client, records, _ = ferry
    page = client.get(f"/api/articles/{REWRITE}").json()
    assert page["article"]["outlet"] == "Quay Daily" and page["story_id"] == FERRY
    anchors = [p["anchor"] for para in page["paragraphs"] for p in para["parts"] if p["anchor"]]
    rewrite: Article = records["articles"][REWRITE]
    assert anchors == [f"s-{s.start}" for s in rewrite.sentences]
    (heading, related), *_ = page["related"]
    assert heading == "Copy of" and related[0]["article_id"] == WIRE
    assert related[0]["direction_confidence"] == 0.9
    q_rewrite = records["quotes"][1]
    pieces = [pc for para in page["paragraphs"] for p in para["parts"] for pc in p["pieces"]]
    quoted = [pc for pc in pieces if "quote" in pc["marks"]]
    assert "".join(pc["text"] for pc in quoted) == "We had no other option,"
    assert f"q-{q_rewrite.id}" in quoted[0]["anchors"]
    assert any("entity" in pc["marks"] and pc["text"] == "Ana Ruiz" for pc in pieces)


def test_article_prefix_removed_text_and_unknown(ferry: Any) -> None:
    client, _, _ = ferry
    page = client.get(f"/api/articles/{WIRE}").json()
    assert page["removed"][-1] == {"text": "\nShare this story", "reason": "share widget"}
    assert client.get("/api/articles/cccc0000").json()["article"]["id"] == LONER
    assert client.get("/api/articles/zzzz9999").status_code == 404


def test_article_url_is_only_a_link_when_http(ferry: Any) -> None:
    client, _, _ = ferry
    assert client.get(f"/api/articles/{WIRE}").json()["link"] == "https://tidewire.example/ferry"
    hostile = client.get(f"/api/articles/{HOSTILE}").json()
    assert hostile["article"]["url"].startswith("javascript:") and hostile["link"] is None


def test_search(ferry: Any) -> None:
    client, _, _ = ferry
    data = client.get("/api/search", params={"q": "parade"}).json()
    assert data["total"] == 1
    (hit,) = data["hits"]
    assert hit["article_id"] == LONER and hit["story_id"] is None
    assert ["parade", True] in [[t.lower(), m] for t, m in hit["snippet"]]
    # Punctuation in a query is text, not FTS syntax.
    assert client.get("/api/search", params={"q": 'ferry" OR -('}).status_code == 200
    assert client.get("/api/search", params={"q": ""}).status_code == 422


def test_openapi_schema_lists_the_api(ferry: Any) -> None:
    client, _, _ = ferry
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/ingest",
        "/api/ingest/{job_id}",
    } <= paths
    assert not any(p.startswith("/story") or p == "/" for p in paths)  # pages stay out
    body = schema["paths"]["/api/ingest"]["post"]["requestBody"]["content"]
    assert "files" in body["multipart/form-data"]["schema"]["properties"]
    assert "StoryPage" in schema["components"]["schemas"]


# -- ingest -----------------------------------------------------------------------------------

ARTICLE = b"""Lighthouse keeper retires after forty years

By Orla Quinn

2024-04-02

The keeper of the Gull Point lighthouse, Tomas Brenner, retired on Monday after forty years.
"The lamp never went out on my watch," Brenner said at a small ceremony on the pier.
The lighthouse has been automatic since 2019, and the cottage will become a museum.
"""


def test_ingest_files_with_errors_per_file(ferry: Any) -> None:
    client, _, db = ferry
    files = [
        ("files", ("keeper.txt", ARTICLE, "text/plain")),
        ("files", ("tool.exe", b"MZ\x90\x00binary", "application/octet-stream")),
        ("files", ("empty.txt", b"", "text/plain")),
    ]
    response = client.post("/api/ingest", files=files, data={"analyse": "no"})
    assert response.status_code == 202
    assert response.headers["location"] == f"/api/ingest/{response.json()['id']}"
    job = wait_for_job(client, response.json()["id"])
    assert job["status"] == "done", job
    (added,) = job["articles"]
    assert added["title"] == "Lighthouse keeper retires after forty years"
    errors = {e["file"]: e["code"] for e in job["errors"]}
    assert errors == {"tool.exe": "E114", "empty.txt": "E103"}
    assert "not accepted" in next(e["reason"] for e in job["errors"] if e["file"] == "tool.exe")
    article = client.get(f"/api/articles/{added['id']}").json()["article"]
    assert article["path"] == f"upload-{job['id']}/keeper.txt"
    assert article["author"] == "Orla Quinn"
    with Store(db) as store:  # refused files are stored errors too, with their bytes
        stored = {e.path.rsplit("/", 1)[-1]: e for e in store.errors()}
        assert stored["tool.exe"].raw == b"MZ\x90\x00binary"
        assert store.raw(added["id"]) == ARTICLE


def test_ingest_pasted_text_with_outlet(ferry: Any) -> None:
    client, _, _ = ferry
    text = ARTICLE.decode().replace("Gull Point", "Heron Point")
    data = {"text": text, "text_name": "heron", "outlet": "Pier Radio", "analyse": "no"}
    job = wait_for_job(client, client.post("/api/ingest", data=data).json()["id"])
    (added,) = job["articles"]
    article = client.get(f"/api/articles/{added['id']}").json()["article"]
    assert article["outlet"] == "Pier Radio"
    assert article["path"].endswith("/Pier Radio/heron.txt")


def test_upload_limits(ferry: Any) -> None:
    client, _, _ = ferry
    too_many = [("files", (f"a{i}.txt", b"x", "text/plain")) for i in range(4)]
    response = client.post("/api/ingest", files=too_many)
    assert response.status_code == 413 and "more than the 3" in response.json()["detail"]
    huge = client.post("/api/ingest", files=[("files", ("big.txt", b"x" * 30_000, "text/plain"))])
    assert huge.status_code == 413
    assert "limit for one upload; nothing was added" in huge.json()["detail"]
    big_file = [("files", ("big.txt", b"word " * 500, "text/plain"))]  # over 2000 bytes
    job = wait_for_job(client, client.post("/api/ingest", files=big_file).json()["id"])
    (error,) = job["errors"]
    assert error["file"] == "big.txt" and "upload limit" in error["reason"]
    assert not job["articles"]
    nothing = client.post("/api/ingest", data={"text": "  "})
    assert nothing.status_code == 400 and "nothing to add" in nothing.json()["detail"]


def test_ingest_refuses_other_sites(ferry: Any) -> None:
    client, _, _ = ferry
    files = [("files", ("keeper.txt", ARTICLE, "text/plain"))]
    response = client.post("/api/ingest", files=files, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert client.get("/api/ingest/nope").status_code == 404


# -- the side-by-side alignment, alone ------------------------------------------------------


def test_alignment_keeps_each_column_in_order_when_copies_reorder() -> None:
    from newsdesk.web.align import align, runs, shared_words

    first = (
        "The bridge opens on Monday after two years of work.",
        "The mayor will cut the ribbon at nine in the morning.",
        "Buses will stop using the old ferry route next week.",
    )
    a = make_article("a" * 16, first, outlet="A", published=None, title="a")
    b = make_article("b" * 16, first[::-1], outlet="B", published=None, title="b")
    rows = align([a, b], [], shared_words([a, b]))
    for col, art in enumerate((a, b)):
        starts = [s.start for r in rows for s in r.cells[col]]
        assert starts == [s.start for s in art.sentences]  # each sentence once, in order
    aligned = [r for r in rows if r.group is not None]
    assert aligned and all(len(r.cells[0]) == len(r.cells[1]) == 1 for r in aligned)
    assert all(
        a.text[r.cells[0][0].start : r.cells[0][0].end]
        == b.text[r.cells[1][0].start : r.cells[1][0].end]
        for r in aligned
    )
    # A shared run that begins in the sentence before still marks this one.
    assert runs("Hello world.", 10, [(0, 15)]) == (("Hello", True), (" world.", False))
