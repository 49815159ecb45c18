from __future__ import annotations

from newsdesk.model import Article, Paragraph, Removal
from newsdesk.report import render_html, source_segments
from newsdesk.store import Store

HOSTILE = (
    '<script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a>'
)


def _article() -> Article:
    body = "Council met. " + HOSTILE
    source = "Title\n\n" + body
    return Article(
        id="deadbeefdeadbeef",
        path="<b>evil</b>.txt",
        format="txt",
        text=body,
        source_text=source,
        title='<script>alert("t")</script>',
        outlet="<i>Outlet</i>",
        paragraphs=(Paragraph(0, len(body)),),
        removals=(Removal(0, 5, "Title", "<headline>"),),
        raw=source.encode(),
    )


def test_report_escapes_everything_from_articles() -> None:
    with Store() as store:
        store.add_articles([_article()])
        html = render_html(store)
    assert "<script>" not in html
    assert "<img" not in html  # so no onerror= attribute can exist on an element
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;i&gt;Outlet&lt;/i&gt;" in html
    # No script may run even if something slipped through.
    assert "default-src 'none'" in html


def test_source_segments_cover_source_exactly() -> None:
    a = _article()
    segs = source_segments(a)
    assert "".join(s.text for s in segs) == a.source_text
    assert [s.reason for s in segs if s.reason] == ["<headline>"]
