"""The self-contained HTML report.

Rendered with Jinja2 and autoescaping on: every string that comes from an article
is untrusted scraped text and reaches the page escaped. The page carries its own
CSS and no script, so it opens anywhere, offline, and nothing in it can run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2

from .. import export
from ..model import Article
from ..store import Store


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of an article's source text, either kept or removed (with why)."""

    text: str
    reason: str | None


def source_segments(article: Article) -> list[Segment]:
    """The source text cut at removals, so the report can strike them through."""
    out: list[Segment] = []
    pos = 0
    for r in sorted(article.removals, key=lambda r: (r.start, r.end)):
        if r.start < pos:  # overlapping removals: the earlier one already covers it
            continue
        if r.start > pos:
            out.append(Segment(article.source_text[pos : r.start], None))
        out.append(Segment(article.source_text[r.start : r.end], r.reason))
        pos = r.end
    if pos < len(article.source_text):
        out.append(Segment(article.source_text[pos:], None))
    return out


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsdesk.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(store: Store, *, title: str = "newsdesk report") -> str:
    doc = export.build(store)
    articles = {a.id: a for a in store.articles()}
    context: dict[str, Any] = {
        "title": title,
        "doc": doc,
        "segments": {aid: source_segments(a) for aid, a in articles.items()},
        "paragraphs": {
            aid: [a.text[p.start : p.end] for p in a.paragraphs] for aid, a in articles.items()
        },
        "runs": store.runs(),
    }
    return _environment().get_template("report.html.j2").render(**context)
