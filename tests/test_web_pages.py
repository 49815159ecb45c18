"""The HTML pages of ``newsdesk serve`` (FastAPI's TestClient, no browser).

Pages over the hand-built ferry database of test_web_api.py, and the escaping
acceptance: hostile files (a <script> in the headline, onerror= attributes,
javascript: links and URLs, markup in the outlet) uploaded through the ingest
form and analysed, after which no page carries an element, attribute or link
of theirs. ``HOSTILE_FILES`` is shared with the browser tests.
"""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsdesk.cli import cli
from newsdesk.config import load_config
from newsdesk.web import create_app
from newsdesk.web.server import is_loopback
from test_web_api import (
    FERRY,
    HOSTILE,
    HOSTILE_STORY,
    LOCAL,
    OLD_FERRY,
    REWRITE,
    WIRE,
    build_ferry_db,
    make_article,
)

# A text file: few enough tags that it is still read as text (five would make it HTML).
_CRANE = "\n".join(
    [
        "Crane <script>window.__pwned = 1</script> falls at Pier Nine",
        "",
        "By Mallory Vance",
        "",
        "2024-03-05",
        "",
        "A loading crane at Pier Nine fell onto an empty barge on Tuesday "
        "<svg onload=window.__pwned=2>, the port said.",
        '"We acted <img src=x onerror="window.__pwned=3"> within minutes," said port '
        "director Ana Ruiz.",
        'Readers were sent to <a href="javascript:window.__pwned=4">the report</a> for '
        "details of the crane.",
        '<iframe src="javascript:window.__pwned=5"></iframe> Nobody was hurt, and the pier '
        "reopened on Wednesday morning after an inspection of the crane.",
    ]
)
_BARGE = {
    "title": "Barge <img src=x onerror=window.__pwned=6> towed from Pier Nine",
    "url": "javascript:window.__pwned=7",
    "source": "<script>window.__pwned=8</script>Pier Times",
    "date": "2024-03-06",
    "text": "The barge damaged by the falling crane at Pier Nine was towed away on "
    'Wednesday. <a href="javascript:window.__pwned=9">See the pictures</a> of the crane '
    'and the barge. The port said the crane would be replaced. "We acted <svg '
    'onload=window.__pwned=10> within minutes," port director Ana Ruiz said again.',
}
_INQUIRY = "\n".join(
    [
        "<!doctype html><html><head><title>Pier Nine crane inquiry opens</title>",
        '<meta property="og:site_name" '
        'content="Quay &lt;script&gt;window.__pwned=11&lt;/script&gt; Herald">',
        "<script>window.__pwned=12</script></head><body><article>",
        "<h1>Pier Nine crane inquiry opens</h1>",
        "<p>An inquiry into the crane collapse at Pier Nine opened on Thursday "
        "&lt;img src=x onerror=window.__pwned=13&gt; with evidence from the port authority "
        "and the crane's makers.</p>",
        "<p>Inspectors said the brake of the crane had failed twice before the collapse. "
        '<a href="javascript:window.__pwned=14">Read the full report</a> on the port\'s '
        "website.</p>",
        "<p>Port director Ana Ruiz told the inquiry that the crane had passed its last "
        "inspection in January and that the barge was empty when it fell.</p>",
        "<p>The inquiry will sit for two weeks and hear from dock workers who saw the crane "
        "fall onto the barge at Pier Nine.</p>",
        '<img src=x onerror="window.__pwned=15"></article></body></html>',
    ]
)
HOSTILE_FILES: dict[str, bytes] = {
    "crane.txt": _CRANE.encode(),
    "barge.json": json.dumps(_BARGE).encode(),
    "inquiry.html": _INQUIRY.encode(),
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_inert(html: str) -> None:
    """Nothing in ``html`` runs or links to script: the only script is ours, no
    event-handler attribute, no javascript:/data: URL, no image from an article."""
    parser = _Tags()
    parser.feed(html)
    tags = parser.tags
    assert tags, "not HTML"
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts and all((a.get("src") or "").startswith("/static/app.js") for a in scripts)
    for tag, attrs in tags:
        assert tag not in ("img", "iframe", "object", "embed", "base"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                url = re.sub(r"\s", "", value or "").lower()
                assert not url.startswith(("javascript:", "data:", "vbscript:")), (tag, value)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("web_pages") / "ferry.db"
    build_ferry_db(db)
    with TestClient(create_app(db, config=load_config(use_user_file=False))) as c:
        yield c


def _ids(html: str, prefix: str) -> set[str]:
    return set(re.findall(rf'id="({prefix}[^"]*)"', html))


# -- stories ------------------------------------------------------------------------


def test_stories_page(client: TestClient) -> None:
    html = client.get("/").text
    assert f'href="/story/{FERRY}"' in html
    assert "Brackwater ferry to stop for repairs" in html
    row = html[html.index(f'href="/story/{FERRY}"') :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r'data-label="([^"]+)">\s*([^<]*)<', row)
    assert dict(cells) == {
        "Outlets": "3",
        "Independent sources": "2",
        "First seen": "2024-03-04",
        "Last seen": "2024-03-05",
        "Discrepancies": "1",
        "Altered quotes": "1",
    }


def test_stories_search_filters_and_pager(client: TestClient) -> None:
    found = client.get("/", params={"q": "coastal bus"}).text
    assert f'href="/story/{FERRY}"' in found and f'href="/story/{HOSTILE_STORY}"' not in found
    assert re.search(r"<mark>coastal</mark>", found, re.I)
    assert 'value="coastal bus"' in found  # the search box keeps the words
    none = client.get("/", params={"q": "zeppelin"}).text
    assert "No stories match “zeppelin”" in none
    outlet = client.get("/", params={"outlet": "Quay Daily"}).text
    assert '<option value="Quay Daily" selected>' in outlet
    assert f'href="/story/{HOSTILE_STORY}"' not in outlet
    paged = client.get("/", params={"per_page": 1}).text
    assert "page 1 of 2" in paged and 'rel="next"' in paged and "page=2" in paged
    second = client.get("/", params={"per_page": 1, "page": 2}).text
    assert f'href="/story/{HOSTILE_STORY}"' in second and 'rel="prev"' in second
    empty_dates = client.get("/", params={"from": "", "to": "", "outlet": ""})
    assert empty_dates.status_code == 200  # an empty date box is no filter
    bad = client.get("/", params={"from": "soon"})
    assert bad.status_code == 400 and "not a date" in bad.text and "<html" in bad.text


# -- a story ---------------------------------------------------------------------------


def test_story_page_side_by_side(client: TestClient) -> None:
    html = client.get(f"/story/{FERRY}").text
    head = html[html.index('<table class="sbs') : html.index("</thead>")]
    assert re.findall(r'<th scope="col"><a href="/article/(\w+)">', head) == [WIRE, LOCAL, REWRITE]
    assert html.count('<tr class="al linked"') == 4
    assert '<mark class="sh">' in html  # shared passages are highlighted


def test_story_page_comparison_and_provenance(client: TestClient) -> None:
    html = client.get(f"/story/{FERRY}").text
    disc = html[html.index('id="discrepancies"') : html.index('id="quotes"')]
    assert "Friday" in disc and "Saturday" in disc and f'href="/article/{WIRE}#c-' in disc
    quotes = html[html.index('id="quotes"') : html.index('id="provenance"')]
    assert "<del>have</del> <ins>had</ins>" in quotes and "altered" in quotes
    prov = html[html.index('id="provenance"') : html.index('id="timeline"')]
    assert '<svg class="graph"' in prov and 'marker-end="url(#arrow)"' in prov
    assert "<title>Tide Wire → Quay Daily: rewrite (score 0.80), direction confidence 0.90" in prov
    timeline = html[html.index('id="timeline"') : html.index('id="entities"')]
    assert timeline.count('<th scope="row">') == 3
    entities = html[html.index('id="entities"') :]
    assert (
        "Ruiz" in entities and "“Ana Ruis”" in entities and f'href="/article/{LOCAL}"' in entities
    )


def test_story_summary_citations_open_the_cited_sentence(client: TestClient) -> None:
    html = client.get(f"/story/{FERRY}").text
    summary = html[html.index('id="summary"') : html.index('id="side-by-side"')]
    cites = re.findall(r'href="/article/(\w+)#(s-\d+)"', summary)
    assert len(cites) == 4
    assert "Harbour Post says Saturday." in summary and 'href="#d-' in summary
    for article_id, anchor in cites:
        assert anchor in _ids(client.get(f"/article/{article_id}").text, "s-")


def test_story_without_summary_and_chosen_columns(client: TestClient) -> None:
    html = client.get(f"/story/{HOSTILE_STORY}").text
    assert "No summary for this story yet" in html
    two = client.get(f"/story/{FERRY}", params={"col": [LOCAL, REWRITE]}).text
    head = two[two.index('<table class="sbs') : two.index("</thead>")]
    assert head.count('<th scope="col">') == 2 and WIRE not in head
    assert f'value="{WIRE}">' in two and f'value="{LOCAL}" checked>' in two


def test_story_alias_redirects_and_unknown_is_404(client: TestClient) -> None:
    moved = client.get(f"/story/{OLD_FERRY}", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == f"/story/{FERRY}"
    missing = client.get("/story/s-nothing")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "no story with id" in missing.text


# -- an article ---------------------------------------------------------------------------


def test_article_page(client: TestClient) -> None:
    html = client.get(f"/article/{REWRITE}").text
    assert "Copy of" in html and f'href="/article/{WIRE}"' in html
    assert "direction confidence 0.90" in html
    assert re.search(r'<mark class="quote" title="quote: Ana Ruiz \(said\)">We had', html)
    assert _ids(html, "q-") and f'href="/story/{FERRY}"' in html
    wire = client.get(f"/article/{WIRE}").text
    assert '<del class="removed" title="share widget">' in wire
    assert _ids(wire, "c-") and '<a href="https://tidewire.example/ferry"' in wire
    moved = client.get(f"/article/{LOCAL[:-1]}", follow_redirects=False)
    assert moved.status_code in (308, 404)  # a prefix shared by three articles is ambiguous
    assert client.get("/article/cccc0000", follow_redirects=False).status_code == 308


def test_hand_built_hostile_records_are_inert(client: TestClient) -> None:
    for url in ("/", "/?q=reader", f"/story/{HOSTILE_STORY}", f"/article/{HOSTILE}"):
        html = client.get(url).text
        assert_inert(html)
    article = client.get(f"/article/{HOSTILE}").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in article
    assert "not a web address; not linked" in article


def test_security_headers(client: TestClient) -> None:
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/stories").headers["x-frame-options"] == "DENY"
    assert client.get("/static/style.css").status_code == 200


# -- ingest -------------------------------------------------------------------------------


def test_ingest_page_form_and_refusal(client: TestClient) -> None:
    html = client.get("/ingest").text
    assert 'enctype="multipart/form-data"' in html and 'name="files" multiple' in html
    assert "up to 50 files" in html
    refused = client.post("/ingest", data={"text": ""})
    assert refused.status_code == 400 and 'role="alert"' in refused.text
    assert "nothing to add" in refused.text


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The hostile files, uploaded through the form into an empty database and
    analysed (stories, provenance, extraction, comparison)."""
    db = tmp_path_factory.mktemp("web_hostile") / "hostile.db"
    with TestClient(create_app(db, config=load_config(use_user_file=False))) as c:
        files = [
            ("files", (name, data, "application/octet-stream"))
            for name, data in HOSTILE_FILES.items()
        ]
        posted = c.post("/ingest", files=files, data={"analyse": "yes"}, follow_redirects=False)
        assert posted.status_code == 303, posted.text
        job_url = posted.headers["location"]
        deadline = time.monotonic() + 180
        while 'data-done="true"' not in (page := c.get(job_url).text):
            assert time.monotonic() < deadline, "the upload did not finish"
            time.sleep(0.2)
        yield c, page


def test_uploaded_hostile_articles_render_inert(uploaded: Any) -> None:
    c, job_page = uploaded
    assert "Done" in job_page and "Errors by file" not in job_page
    assert_inert(job_page)
    articles = re.findall(r'href="(/article/\w+)"', job_page)
    stories = set(re.findall(r'href="(/story/[\w-]+)"', job_page))
    assert len(articles) == 3 and stories
    for url in ["/", "/?q=crane", "/ingest", *articles, *stories]:
        html = c.get(url).text
        assert_inert(html)
    texts = "".join(c.get(url).text for url in articles)
    # The markup is there, as text a reader can see.
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in texts
    assert "&lt;a href=&#34;javascript:window.__pwned=4&#34;&gt;" in texts
    assert "onerror=window.__pwned=13" in texts


# -- serving --------------------------------------------------------------------------------


def test_allowed_hosts(tmp_path: Path) -> None:
    app = create_app(
        tmp_path / "n.db", config=load_config(use_user_file=False), allowed_hosts=["127.0.0.1"]
    )
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "evil.example"}).status_code == 400


def test_empty_database_pages(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "new.db", config=load_config())) as c:
        html = c.get("/").text
        assert "No stories" in html and 'href="/ingest"' in html
        assert c.get("/api/stories").json()["total"] == 0


def test_serve_command(tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = runner.invoke(cli, ["serve", "--help"]).output
    assert "--host" in help_text and "127.0.0.1" in help_text and "Example:" in help_text
    bad = runner.invoke(cli, ["serve", "--db", str(tmp_path / "missing" / "x.db")])
    assert bad.exit_code == 3 and "cannot open database" in bad.output
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def test_a_headline_line_is_set_apart_and_escaped(tmp_path: Path) -> None:
    from newsdesk.model import Citation, StoryRecord, Summary, SummarySentence
    from newsdesk.store import Store

    title = "Barge <b onmouseover=alert(1)>towed</b> from Pier Nine"
    art = make_article(
        "a" * 16,
        ("The barge was towed from Pier Nine on Monday.", "Crews worked overnight."),
        outlet="Harbour Post",
        published=None,
        title=title,
    )
    first = art.sentences[0]
    cite = (Citation(art.id, first.start, first.end),)
    summary = Summary(
        "s-barge",
        (
            SummarySentence(title, art.id, first.start, first.end, cite, kind="headline"),
            SummarySentence(first.text, art.id, first.start, first.end, cite),
        ),
    )
    db = tmp_path / "barge.db"
    with Store(str(db)) as store:
        store.add_articles([art])
        store.replace_stories([StoryRecord("s-barge", "Barge towed", (art.id,), None, None)])
        store.replace_summaries([summary])
    with TestClient(create_app(db, config=load_config(use_user_file=False))) as client:
        html = client.get("/story/s-barge").text
        lines = client.get("/api/stories/s-barge").json()["summary"]["lines"]
    part = html[html.index('id="summary"') : html.index('id="side-by-side"')]
    assert '<p class="sline headline"><strong>Barge &lt;b onmouseover=alert(1)&gt;' in part
    assert "<b onmouseover" not in html
    assert [line["kind"] for line in lines] == ["headline", "sentence"]
    # Named by its headline (as analysis names stories), the page says whose it is.
    with Store(str(db)) as store:
        store.replace_stories([StoryRecord("s-barge", title, (art.id,), None, None)])
    with TestClient(create_app(db, config=load_config(use_user_file=False))) as client:
        html = client.get("/story/s-barge").text
    part = html[html.index('id="summary"') : html.index('id="side-by-side"')]
    assert "The title above is Harbour Post’s headline" in part and "<strong>" not in part
