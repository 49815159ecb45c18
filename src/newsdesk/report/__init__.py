"""The self-contained HTML report.

Rendered with Jinja2 and autoescaping on: every string that comes from an article
is untrusted scraped text and reaches the page escaped. The page carries its own
CSS and no script, so it opens anywhere, offline, and nothing in it can run.

Highlighted text (removals struck through, aligned sentences marked) is built
here as lists of plain-text segments; the template wraps each segment in its
element and escapes the text, so no article text is ever marked ``|safe``.

The provenance helpers at the end (``relation``, ``provenance_lines``) are the
plain-text view of the same links, used by ``newsdesk show``; keeping both views
here keeps their wording (copy of / copied by / direction unknown) in step.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any, Literal

import jinja2

from .. import export
from ..model import Article, Link
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


# -- provenance: links between articles -------------------------------------------

Role = Literal["copy of", "copied by", "related to"]

KIND_LABELS = {"duplicate": "duplicate", "near_duplicate": "near-duplicate", "rewrite": "rewrite"}


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """What the provenance views say about one end of a link."""

    id: str
    title: str
    outlet: str
    published: str
    known: bool = True  # False when the link points at an article the store lacks

    @property
    def anchor(self) -> str:
        return f"a-{self.id}"


@dataclass(frozen=True, slots=True)
class PairLabel:
    """The number of an aligned sentence pair, as shown beside one of its sentences.

    ``anchor`` is this sentence's element id and ``href`` points at the other
    article's sentence of the same pair, so the numbers work as links both ways.
    """

    number: int
    score: float
    anchor: str
    href: str


@dataclass(frozen=True, slots=True)
class Highlight:
    """A run of an article's cleaned text; marked when ``labels`` is not empty."""

    text: str
    labels: tuple[PairLabel, ...] = ()

    @property
    def title(self) -> str:
        return "; ".join(f"pair {p.number}: similarity {p.score:.2f}" for p in self.labels)

    @property
    def colour(self) -> int:
        # A few alternating colours make neighbouring pairs easy to tell apart.
        return (self.labels[0].number - 1) % 4 if self.labels else 0


@dataclass(frozen=True, slots=True)
class LinkView:
    anchor: str
    kind: str
    kind_label: str
    score: float
    directed: bool
    direction_confidence: float
    evidence: tuple[str, ...]
    source: ArticleRef
    target: ArticleRef
    pairs: tuple[PairLabel, ...]  # target-side labels, in pair order
    source_text: list[Highlight]
    target_text: list[Highlight]
    source_lead: str  # first paragraph, for (near-)duplicates
    target_lead: str


@dataclass(frozen=True, slots=True)
class Relation:
    """One link as seen from one of its articles (for the article cards)."""

    role: Role
    other: ArticleRef
    kind_label: str
    link_anchor: str


def link_anchor(link: Link) -> str:
    return f"l-{link.source}-{link.target}"


def relation(link: Link, article_id: str) -> Role:
    """How the other article of ``link`` relates to ``article_id``.

    Without a known direction, source/target are only id order, so claiming
    "copy of" either way would be an invention.
    """
    if not link.directed:
        return "related to"
    return "copy of" if link.target == article_id else "copied by"


def article_ref(article: Article | None, article_id: str) -> ArticleRef:
    if article is None:
        return ArticleRef(article_id, "(article not in this database)", "unknown", "?", False)
    return ArticleRef(
        id=article.id,
        title=display_title(article),
        outlet=article.outlet or "unknown outlet",
        published=article.published.isoformat() if article.published else "date unknown",
    )


def display_title(article: Article, n_words: int = 10) -> str:
    """The headline, or the first words in quotes when there is none."""
    if article.title:
        return article.title
    words = article.text.split()
    if not words:
        return "(no headline)"
    return "“" + " ".join(words[:n_words]) + ("…" if len(words) > n_words else "") + "”"


def highlight_segments(text: str, spans: Iterable[tuple[int, int, PairLabel]]) -> list[Highlight]:
    """``text`` cut into plain and marked runs that concatenate back to ``text``.

    Spans outside the text (a link from an older cleaning of the article) are
    dropped rather than trusted. The alignment is one-to-one, but a span that
    overlaps an earlier one is clipped, and one that adds no new text lends its
    label to the previous mark, so every pair number still appears once per side.
    """
    out: list[Highlight] = []
    pos = 0
    valid = sorted(
        ((s, e, p) for s, e, p in spans if 0 <= s < e <= len(text)),
        key=lambda x: (x[0], x[1], x[2].number),
    )
    for start, end, label in valid:
        start = max(start, pos)
        if start >= end:
            if out and out[-1].labels:
                out[-1] = Highlight(out[-1].text, (*out[-1].labels, label))
            continue
        if start > pos:
            out.append(Highlight(text[pos:start]))
        out.append(Highlight(text[start:end], (label,)))
        pos = end
    if pos < len(text):
        out.append(Highlight(text[pos:]))
    return out


def _lead(article: Article | None) -> str:
    if article is None:
        return ""
    body = [p for p in article.paragraphs if p.kind == "body"] or list(article.paragraphs)
    if not body:
        return article.text
    return article.text[body[0].start : body[0].end]


def link_view(link: Link, articles: dict[str, Article]) -> LinkView:
    anchor = link_anchor(link)
    source, target = articles.get(link.source), articles.get(link.target)
    s_spans: list[tuple[int, int, PairLabel]] = []
    t_spans: list[tuple[int, int, PairLabel]] = []
    for n, p in enumerate(link.aligned, start=1):
        s_id, t_id = f"{anchor}-s{n}", f"{anchor}-t{n}"
        s_spans.append((p.source_start, p.source_end, PairLabel(n, p.score, s_id, f"#{t_id}")))
        t_spans.append((p.target_start, p.target_end, PairLabel(n, p.score, t_id, f"#{s_id}")))
    return LinkView(
        anchor=anchor,
        kind=link.kind,
        kind_label=KIND_LABELS.get(link.kind, link.kind),
        score=link.score,
        directed=link.directed,
        direction_confidence=link.direction_confidence,
        evidence=link.evidence,
        source=article_ref(source, link.source),
        target=article_ref(target, link.target),
        pairs=tuple(label for _s, _e, label in t_spans),
        source_text=highlight_segments(source.text, s_spans) if source else [],
        target_text=highlight_segments(target.text, t_spans) if target else [],
        source_lead=_lead(source),
        target_lead=_lead(target),
    )


ROLE_HEADINGS: dict[Role, str] = {
    "copy of": "Copy of",
    "copied by": "Copied by",
    "related to": "Related (direction unknown)",
}


def relations(
    links: Iterable[Link], articles: dict[str, Article]
) -> dict[str, list[tuple[str, list[Relation]]]]:
    """For every article id, its links as seen from that article, grouped by role
    (sources first, then copies, then undirected) for the line on its card."""
    by_article: dict[str, list[Relation]] = {}
    for link in links:
        for this, other in ((link.source, link.target), (link.target, link.source)):
            by_article.setdefault(this, []).append(
                Relation(
                    role=relation(link, this),
                    other=article_ref(articles.get(other), other),
                    kind_label=KIND_LABELS.get(link.kind, link.kind),
                    link_anchor=link_anchor(link),
                )
            )
    return {
        aid: [
            (heading, [r for r in rels if r.role == role])
            for role, heading in ROLE_HEADINGS.items()
            if any(r.role == role for r in rels)
        ]
        for aid, rels in by_article.items()
    }


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
    links = store.links()
    context: dict[str, Any] = {
        "title": title,
        "doc": doc,
        "segments": {aid: source_segments(a) for aid, a in articles.items()},
        "paragraphs": {
            aid: [a.text[p.start : p.end] for p in a.paragraphs] for aid, a in articles.items()
        },
        "links": [link_view(link, articles) for link in links],
        "relations": relations(links, articles),
        "runs": store.runs(),
    }
    return _environment().get_template("report.html.j2").render(**context)


# -- provenance as plain text (``newsdesk show``) ------------------------------------


def describe_link(link: Link, article_id: str, other: Article | None) -> str:
    """One line: how ``article_id`` relates to the other article of ``link``."""
    ref = article_ref(other, link.target if link.source == article_id else link.source)
    kind = KIND_LABELS.get(link.kind, link.kind)
    direction = (
        f"direction {link.direction_confidence:.2f}" if link.directed else "direction unknown"
    )
    why = f" ({'; '.join(link.evidence)})" if link.evidence else ""
    return (
        f"{relation(link, article_id)} {ref.title} ({ref.outlet}, {ref.published}) — "
        f"{kind}, score {link.score:.2f}, {direction}{why} [{ref.id}]"
    )


def aligned_columns(link: Link, source: Article, target: Article, *, width: int) -> list[str]:
    """The aligned sentence pairs as two wrapped text columns, source on the left."""
    left_head, right_head = ("source", "copy") if link.directed else ("article A", "article B")
    gutter = 11  # "  12  0.84 " - pair number and score
    col = max(20, (width - gutter - 3) // 2)
    lines = [
        " " * gutter
        + f"{left_head} ({source.outlet or source.id})"[:col].ljust(col)
        + " │ "
        + f"{right_head} ({target.outlet or target.id})"[:col]
    ]
    for n, p in enumerate(link.aligned, start=1):
        left = _sentence(source.text, p.source_start, p.source_end)
        right = _sentence(target.text, p.target_start, p.target_end)
        rows = zip_longest(textwrap.wrap(left, col), textwrap.wrap(right, col), fillvalue="")
        for i, (a, b) in enumerate(rows):
            head = f"{n:>4}  {p.score:.2f} " if i == 0 else ""
            lines.append(f"{head:<{gutter}}{a:<{col}} │ {b}".rstrip())
    return lines


def _sentence(text: str, start: int, end: int) -> str:
    if not 0 <= start < end <= len(text):
        return "(offsets outside the article's text)"
    return " ".join(text[start:end].split())


def provenance_lines(
    links: Sequence[Link],
    article: Article,
    others: dict[str, Article],
    *,
    aligned: bool = False,
    width: int = 100,
) -> list[str]:
    """The "Provenance" block of ``newsdesk show`` (without its heading)."""
    lines: list[str] = []
    for link in links:
        other_id = link.target if link.source == article.id else link.source
        lines.append("  " + describe_link(link, article.id, others.get(other_id)))
        if not aligned:
            continue
        source = article if link.source == article.id else others.get(link.source)
        target = article if link.target == article.id else others.get(link.target)
        if not link.aligned:
            note = "texts are near-identical" if link.kind != "rewrite" else "none stored"
            lines.append(f"      (no aligned sentence pairs: {note})")
        elif source is None or target is None:
            lines.append("      (the other article is not in this database)")
        else:
            lines.extend(
                "    " + row for row in aligned_columns(link, source, target, width=width - 4)
            )
        lines.append("")
    return lines
