"""The stories views: the report's stories section and the article cards'
story line, ``newsdesk stories``, ``newsdesk articles --story`` and the story
line of ``newsdesk show``.

Records are built by hand (no embedding model): a ferry story told by three
outlets, one of them a rewrite of another, and a story with a hostile title
whose only article is undated.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.model import Article, Link, Paragraph, StoryRecord
from newsdesk.report import independent_sources, render_html
from newsdesk.store import Store

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:x">y</a>'

FERRY = "s-ferry0000aaaa"
ODD = "s-hostile0000bb"
# Articles of the ferry story: the wire original, a rewrite of it, an independent one.
WIRE, REWRITE, LOCAL = "aaaa000000000001", "aaaa000000000002", "aaaa000000000003"
ODD_ARTICLE = "bbbb000000000001"
LONER = "cccc000000000001"  # in no story


def _article(aid: str, title: str, outlet: str | None, published: date | None) -> Article:
    text = f"{title}. The Brackwater ferry stops on Friday for repairs."
    return Article(
        id=aid,
        path=f"{outlet or 'x'}/{aid}.txt",
        format="txt",
        text=text,
        source_text=text,
        title=title,
        outlet=outlet,
        published=published,
        paragraphs=(Paragraph(0, len(text)),),
        raw=text.encode(),
    )


def _records() -> tuple[list[Article], list[Link], list[StoryRecord]]:
    articles = [
        _article(WIRE, "Brackwater ferry halted", "Wire Service", date(2024, 3, 4)),
        _article(REWRITE, "Ferry stops at Brackwater", "Spin Daily", date(2024, 3, 5)),
        _article(LOCAL, "Pier closes, ferry idle", "Pier Post", date(2024, 3, 5)),
        _article(ODD_ARTICLE, "Odd one", HOSTILE, None),
        _article(LONER, "Unrelated parade", "Pier Post", date(2024, 3, 9)),
    ]
    links = [
        Link(WIRE, REWRITE, "rewrite", 0.8, 0.9, evidence=("published a day later",)),
        # A copy across stories: inside its own story it is still a source.
        Link(LOCAL, ODD_ARTICLE, "near_duplicate", 0.9, 0.7),
    ]
    stories = [
        StoryRecord(
            id=FERRY,
            title="Brackwater ferry halted",
            article_ids=(WIRE, REWRITE, LOCAL),
            first_seen=date(2024, 3, 4),
            last_seen=date(2024, 3, 5),
            aliases=("s-oldferry0000",),
        ),
        StoryRecord(
            id=ODD,
            title=HOSTILE,
            article_ids=(ODD_ARTICLE,),
            first_seen=None,
            last_seen=None,
        ),
    ]
    return articles, links, stories


def _fill(store: Store) -> Store:
    articles, links, stories = _records()
    store.add_articles(articles)
    store.replace_links(links)
    store.replace_stories(stories)
    return store


def _section(html: str, name: str) -> str:
    start = html.index(f'<section id="{name}">')
    return html[start : html.index("</section>", start)]


def _card(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</article>", start)]


@pytest.fixture
def html() -> str:
    with _fill(Store()) as store:
        return render_html(store)


# -- the report ------------------------------------------------------------------


def test_stories_section_comes_first_and_is_counted(html: str) -> None:
    main = html[html.index("<main>") :]
    assert main.index('<section id="stories">') < main.index('<section id="provenance">')
    assert main.index('<section id="stories">') < main.index('<section id="articles">')
    assert '<a href="#stories">Stories</a>' in html
    assert re.search(r"<b>2</b>\s*stories", html)


def test_story_card_has_counts_outlets_and_timeline(html: str) -> None:
    card = _card(html, f"s-{FERRY}")
    assert "Brackwater ferry halted</h3>" in card
    assert FERRY in card and "s-oldferry0000" in card  # id and alias
    assert "2024-03-04 to 2024-03-05" in card
    counts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", card.split('<div class="counts">')[1]))
    assert counts.startswith(" 3 articles 3 outlets 2 independent sources")
    # Every outlet, each with links to its articles' cards; the rewrite says whose.
    outlets = card.split('<ul class="outlets">')[1].split("</ul>")[0]
    for outlet in ("Wire Service", "Spin Daily", "Pier Post"):
        assert f'<span class="outlet">{outlet}</span>' in outlets
    for aid in (WIRE, REWRITE, LOCAL):
        assert f'href="#a-{aid}"' in outlets
    assert f'href="#l-{WIRE}-{REWRITE}">rewrite</a> of <a href="#a-{WIRE}">Wire Service</a>' in (
        outlets
    )
    # Timeline: a column per day, a row per outlet, the copy drawn hollow.
    timeline = card.split('<table class="timeline">')[1]
    assert '<th title="2024-03-04">4 Mar</th><th title="2024-03-05">5 Mar</th>' in timeline
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', timeline))
    assert list(rows) == ["Wire Service", "Pier Post", "Spin Daily"]  # earliest first
    assert rows["Wire Service"].startswith(f'<td><a class="dot independent" href="#a-{WIRE}"')
    assert rows["Spin Daily"].startswith(f'<td></td><td><a class="dot copy" href="#a-{REWRITE}"')


def test_undated_articles_and_hostile_titles(html: str) -> None:
    card = _card(html, f"s-{ODD}")
    assert '<th title="undated">undated</th>' in card
    assert "date unknown" in card
    assert "<script>" not in html
    assert "<img" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card.split("</h3>")[0]  # the title
    assert '<span class="outlet">&lt;script&gt;' in card  # the outlet
    # Titles in attributes are escaped too, quotes included.
    assert 'title="Odd one"' in card and "onerror=&#34;alert(2)&#34;" in card


def test_article_cards_are_grouped_under_their_story(html: str) -> None:
    section = _section(html, "articles")
    group = section.index(f'<a href="#s-{FERRY}">Brackwater ferry halted</a> (3)')
    rest = section.index("Not in any story (1)")
    for aid in (WIRE, REWRITE, LOCAL):
        assert group < section.index(f'id="a-{aid}"') < rest
    assert rest < section.index(f'id="a-{LONER}"')
    card = _card(section, f"a-{REWRITE}")
    assert f'<dt>Story</dt><dd><a href="#s-{FERRY}">Brackwater ferry halted</a></dd>' in card
    assert "<dt>Story</dt>" not in _card(section, f"a-{LONER}")


def test_report_without_stories_keeps_the_plain_list() -> None:
    articles, links, _ = _records()
    with Store() as store:
        store.add_articles(articles)
        store.replace_links(links)
        html = render_html(store)
    assert '<section id="stories">' not in html
    assert 'class="group"' not in html and "<dt>Story</dt>" not in html
    assert "<h3>Brackwater ferry halted</h3>" in html


# -- independent sources --------------------------------------------------------


def test_independent_sources() -> None:
    def link(source: str, target: str, direction: float = 0.9) -> Link:
        return Link(source, target, "rewrite", 0.8, direction)

    ids = ["a", "b", "c", "d"]
    assert independent_sources(ids, []) == 4
    assert independent_sources(ids, [link("a", "b")]) == 3
    # A copy of an article outside the story is still a source inside it.
    assert independent_sources(ids, [link("x", "b")]) == 4
    # Copied from two sources: both sources count, the copy does not.
    assert independent_sources(ids, [link("a", "c"), link("b", "c")]) == 3
    # A chain and a syndicated copy of the copy: one source.
    assert independent_sources(ids, [link("a", "b"), link("b", "c"), link("a", "c")]) == 2
    # Undirected links in a ring make every member a "target"; one still counts.
    ring = [link("a", "b", 0), link("b", "c", 0), link("c", "a", 0)]
    assert independent_sources(ids, ring) == 2


# -- the command line -----------------------------------------------------------


def _db(tmp_path: Path) -> str:
    path = str(tmp_path / "stories.db")
    _fill(Store(path)).close()
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_stories_command(tmp_path: Path) -> None:
    db = _db(tmp_path)
    code, out, _ = _run("stories", "--db", db)
    assert code == 0
    first, second = out.splitlines()
    assert first.split()[:5] == [FERRY, "3", "articles", "3", "outlets"]
    assert "2024-03-04  2024-03-05  Brackwater ferry halted" in first
    assert second.startswith(ODD) and "----------" in second
    code, out, _ = _run("stories", "--json", "--db", db)
    assert code == 0
    ferry, odd = json.loads(out)
    assert ferry["id"] == FERRY and ferry["n_articles"] == 3 and ferry["n_outlets"] == 3
    assert ferry["outlets"]["Spin Daily"] == [REWRITE]
    assert ferry["first_seen"] == "2024-03-04" and ferry["aliases"] == ["s-oldferry0000"]
    assert odd["title"] == HOSTILE and odd["last_seen"] is None


def test_articles_story_filter(tmp_path: Path) -> None:
    db = _db(tmp_path)
    code, out, _ = _run("articles", "--db", db)
    assert code == 0
    by_id = {line.split()[0]: line.split()[2] for line in out.splitlines()}
    assert by_id[WIRE] == FERRY and by_id[LONER] == "-"
    # An id prefix with or without "s-", the full id, or an alias.
    for query in ("ferry", "s-fer", FERRY, "s-oldferry0000"):
        code, out, err = _run("articles", "--story", query, "--db", db)
        assert code == 0, err
        # Oldest first, as without --story (same-day articles by path).
        assert [line.split()[0] for line in out.splitlines()] == [WIRE, LOCAL, REWRITE]
    # --limit counts the story's articles, not all of them.
    code, out, _ = _run("articles", "--story", "ferry", "-n", "1", "--json", "--db", db)
    (only,) = json.loads(out)
    assert only["id"] == WIRE and only["story_id"] == FERRY
    code, _, err = _run("articles", "--story", "s-", "--db", db)
    assert code == 2 and "ambiguous" in err
    code, _, err = _run("articles", "--story", "nope", "--db", db)
    assert code == 2 and "no story" in err


def test_show_prints_the_story(tmp_path: Path) -> None:
    db = _db(tmp_path)
    code, out, _ = _run("show", REWRITE, "--db", db)
    assert code == 0
    assert f"     story: {FERRY}  Brackwater ferry halted" in out.splitlines()
    code, out, _ = _run("show", LONER, "--db", db)
    assert "     story: none" in out.splitlines()
    code, out, _ = _run("show", REWRITE, "--json", "--db", db)
    assert json.loads(out)["story_id"] == FERRY
