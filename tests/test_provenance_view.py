"""The provenance views: the report's provenance section and `newsdesk show`.

Records are built by hand (no embedding model): two fictional articles, the
second a rewrite of the first, with aligned sentence pairs at known offsets.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.model import AlignedPair, Article, Link, Paragraph, Sentence
from newsdesk.report import highlight_segments, link_anchor, render_html
from newsdesk.store import Store

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:x">y</a>'

SOURCE_SENTENCES = (
    "The Brackwater ferry will stop running on Friday for hull repairs.",
    "Harbour master Ilse Drummond said the work would take three weeks.",
    f"A notice at the pier read {HOSTILE} in red paint.",
)
COPY_SENTENCES = (
    "Intro paragraph the source never had.",
    "Ferry service at Brackwater halts Friday so its hull can be repaired.",
    "The repairs will last three weeks, said harbour master Ilse Drummond.",
    f"Someone had painted {HOSTILE} on the pier notice.",
)


def _article(
    aid: str, title: str, outlet: str, day: int, sentences: tuple[str, ...]
) -> tuple[Article, list[tuple[int, int]]]:
    """An article whose paragraphs are its sentences; also returns their offsets."""
    text = "\n\n".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 2
    article = Article(
        id=aid,
        path=f"{outlet}/{aid}.txt",
        format="txt",
        text=text,
        source_text=f"{title}\n\n{text}",
        title=title,
        outlet=outlet,
        published=date(2024, 3, day),
        paragraphs=tuple(Paragraph(s, e) for s, e in spans),
        sentences=tuple(Sentence(s, e, text[s:e], i) for i, (s, e) in enumerate(spans)),
        raw=text.encode(),
    )
    return article, spans


def _records() -> tuple[Article, Article, Link]:
    source, s_spans = _article(
        "aaaa000011112222", "Brackwater ferry halted for repairs", "Pier Post", 4, SOURCE_SENTENCES
    )
    copy, c_spans = _article(
        "bbbb000011112222", "Ferry <b>stops</b> at Brackwater", "Spin Daily", 5, COPY_SENTENCES
    )
    pairs = tuple(
        AlignedPair(*s_spans[si], *c_spans[ci], score)
        for si, ci, score in ((0, 1, 0.81), (1, 2, 0.77), (2, 3, 0.66))
    )
    link = Link(
        source=source.id,
        target=copy.id,
        kind="rewrite",
        score=0.75,
        direction_confidence=0.84,
        aligned=pairs,
        evidence=("published 2024-03-04 vs 2024-03-05", "quotes garbled in Spin Daily"),
    )
    return source, copy, link


def _store(path: str = ":memory:") -> Store:
    source, copy, link = _records()
    store = Store(path)
    store.add_articles([source, copy])
    store.replace_links([link])
    return store


def _provenance_section(html: str) -> str:
    start = html.index('<section id="provenance">')
    return html[start : html.index("</section>", start)]


def _column_pairs(column_html: str) -> list[tuple[int, str]]:
    """(pair number, marked text) for each highlight in one column's HTML."""
    return [
        (int(n), text)
        for n, text in re.findall(
            r'<mark class="al c\d" title="[^"]*"><a class="pn" id="[^"]*" href="[^"]*" '
            r'title="[^"]*">(\d+)</a>(.*?)</mark>',
            column_html,
            flags=re.S,
        )
    ]


def test_report_has_provenance_section_with_aligned_columns() -> None:
    with _store() as store:
        html = render_html(store)
    section = _provenance_section(html)
    assert "Brackwater ferry halted for repairs" in section
    assert "Ferry &lt;b&gt;stops&lt;/b&gt; at Brackwater" in section
    assert "Pier Post" in section and "Spin Daily" in section
    assert "0.84" in section  # direction confidence
    assert "quotes garbled in Spin Daily" in section
    assert "unknown" not in section.split("<tbody>")[1].split("</tbody>")[0]

    left_html, right_html = section.split('<div class="txt">')[1:3]
    left, right = _column_pairs(left_html), _column_pairs(right_html)
    assert [n for n, _ in left] == [n for n, _ in right] == [1, 2, 3]
    assert left[0][1] == SOURCE_SENTENCES[0]
    assert right[0][1] == COPY_SENTENCES[1]
    assert right[1][1] == COPY_SENTENCES[2]
    # The copy's unaligned intro is there, unmarked.
    assert COPY_SENTENCES[0] in right_html.split("<mark")[0]
    # Pair numbers link to each other across the two columns.
    anchor = link_anchor(_records()[2])
    assert f'id="{anchor}-s2" href="#{anchor}-t2"' in left_html
    assert f'id="{anchor}-t2" href="#{anchor}-s2"' in right_html
    # Alignment scores are shown.
    assert "similarity 0.81" in section and "0.66" in section


def test_report_escapes_hostile_text_inside_highlights() -> None:
    with _store() as store:
        html = render_html(store)
    assert "<script>" not in html
    assert "<img" not in html  # so no element can carry onerror=
    assert 'href="javascript:' not in html
    assert "default-src 'none'" in html
    section = _provenance_section(html)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    left_html, right_html = section.split('<div class="txt">')[1:3]
    # The hostile text sits inside the third pair's <mark> on both sides, escaped.
    for column in (left_html, right_html):
        third = dict(_column_pairs(column))[3]
        assert escaped in third
        assert "onerror=&#34;alert(2)&#34;" in third or "onerror=&quot;alert(2)&quot;" in third


def test_article_cards_link_copies_and_sources() -> None:
    source, copy, _ = _records()
    with _store() as store:
        html = render_html(store)
    source_card = html.split(f'id="a-{source.id}"')[1].split("</article>")[0]
    copy_card = html.split(f'id="a-{copy.id}"')[1].split("</article>")[0]
    assert "Copied by:" in source_card and f'href="#a-{copy.id}"' in source_card
    assert "Copy of:" in copy_card and f'href="#a-{source.id}"' in copy_card


def test_undirected_link_says_direction_unknown() -> None:
    source, copy, link = _records()
    undirected = Link(link.source, link.target, "near_duplicate", 0.93, 0.0)
    with Store() as store:
        store.add_articles([source, copy])
        store.replace_links([undirected])
        html = render_html(store)
    section = _provenance_section(html)
    assert "unknown" in section
    assert "near-identical" in section
    assert "Copied by" not in html and "Related (direction unknown):" in html
    # First paragraphs of both, no highlights.
    assert SOURCE_SENTENCES[0] in section and COPY_SENTENCES[0] in section
    assert "<mark" not in section


def test_highlight_segments_rebuild_text_and_survive_bad_offsets() -> None:
    from newsdesk.report import PairLabel

    text = "One two. Three four. Five six."
    labels = [PairLabel(n, 0.5, f"x{n}", f"#y{n}") for n in (1, 2, 3, 4)]
    segs = highlight_segments(
        text,
        [(0, 8, labels[0]), (4, 8, labels[1]), (9, 20, labels[2]), (25, 999, labels[3])],
    )
    assert "".join(s.text for s in segs) == text
    marked = [(s.text, [p.number for p in s.labels]) for s in segs if s.labels]
    # Pair 2 lies inside pair 1's span: it joins that mark; pair 4 is out of range.
    assert marked == [("One two.", [1, 2]), ("Three four.", [3])]


def _show(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_show_prints_provenance_and_aligned_pairs(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    _store(db).close()
    out = _show("show", "bbbb", "--db", db, "--aligned")
    block = out.split("Provenance (1 link):")[1]
    assert "copy of Brackwater ferry halted for repairs (Pier Post, 2024-03-04)" in block
    assert "rewrite, score 0.75, direction 0.84" in block
    assert "quotes garbled in Spin Daily" in block
    # Pairs side by side: number and score, source on the left, copy on the right.
    first = next(line for line in block.splitlines() if re.match(r"\s+1\s+0\.81 ", line))
    left, right = first.split(" │ ")
    assert left.split("0.81", 1)[1].strip().startswith("The Brackwater ferry")
    assert right.startswith("Ferry service at Brackwater")
    assert "<script>alert(1)</script>" in block  # plain text, as stored

    plain = _show("show", "aaaa", "--db", db)
    assert "copied by Ferry <b>stops</b> at Brackwater (Spin Daily, 2024-03-05)" in plain
    assert " │ " not in plain  # aligned pairs only with --aligned


def test_show_json_includes_links(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    _store(db).close()
    data = json.loads(_show("show", "aaaa", "--db", db, "--json"))
    assert data["id"] == "aaaa000011112222"
    (link,) = data["links"]
    assert link == _records()[2].to_dict()
    assert link["direction"] == "known" and len(link["aligned"]) == 3
