"""The article page's data (and ``/api/articles/{id}``'s): metadata, the cleaned
text with its quotes, claims and entity mentions marked in place, what cleaning
removed, and the articles it copies or that copy it.

Marked text is a list of plain-text pieces, each with the marks covering it; the
template wraps and escapes every piece, so no article text is ever trusted as
markup. Every sentence gets an anchor (``s-`` and its start offset), which is
what summary citations and the story page link to; quotes and claims get one
too (``q-``/``c-`` and their id).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import export
from ..model import Article, Claim, Quote
from ..report import (
    KIND_LABELS,
    ROLE_HEADINGS,
    Segment,
    display_title,
    relation,
    source_segments,
)
from ..store import Store
from ..store import views as db
from .common import article_href, safe_url, source_name


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    marks: tuple[str, ...]  # "quote", "claim", "entity": what covers this text
    title: str  # the marks in words, for the tooltip
    anchors: tuple[str, ...]  # ids of the quotes and claims that start here


@dataclass(frozen=True, slots=True)
class Part:
    """A sentence (``anchor`` is its element id) or the text between two."""

    anchor: str | None
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class ParagraphView:
    kind: str
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    article_id: str
    title: str
    outlet: str
    published: str
    href: str
    kind_label: str
    directed: bool
    direction_confidence: float
    score: float
    evidence: tuple[str, ...]
    story_id: str | None
    story_title: str | None


@dataclass(frozen=True, slots=True)
class QuoteRow:
    id: str
    text: str
    speaker: str | None
    cue: str | None
    speaker_how: str


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: str
    kind: str
    subject: str | None
    predicate: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class EntityCount:
    name: str
    type: str
    spellings: tuple[str, ...]  # as this article writes the name
    n: int


@dataclass(frozen=True, slots=True)
class ArticlePage:
    article: dict[str, Any]  # the export contract's article (text, sentences, removals, ...)
    title: str
    label: str  # outlet, or the file name when the outlet is unknown
    link: str | None  # the article's URL when it may be a link (http/https)
    story_id: str | None
    story_title: str | None
    paragraphs: tuple[ParagraphView, ...]
    removed: tuple[Segment, ...]  # the source text cut at what cleaning removed
    related: tuple[tuple[str, tuple[RelatedArticle, ...]], ...]  # by role heading
    quotes: tuple[QuoteRow, ...]
    claims: tuple[ClaimRow, ...]
    entities: tuple[EntityCount, ...]


_Mark = tuple[int, int, str, str, str | None]  # start, end, mark, title, anchor


def _marks(
    quotes: Sequence[Quote], claims: Sequence[Claim], mentions: Sequence[Any]
) -> list[_Mark]:
    out: list[_Mark] = []
    for q in quotes:
        who = q.speaker or "unknown speaker"
        out.append(
            (
                q.start,
                q.end,
                "quote",
                f"quote: {who}" + (f" ({q.cue})" if q.cue else ""),
                f"q-{q.id}",
            )
        )
    for c in claims:
        what = " ".join(x for x in (c.subject, c.predicate) if x)
        out.append((c.start, c.end, "claim", f"claim ({c.kind}): {what} = {c.value}", f"c-{c.id}"))
    for m in mentions:
        out.append((m.start, m.end, "entity", f"{m.type}: {m.name}", None))
    return out


def annotate(article: Article, marks: Sequence[_Mark]) -> tuple[ParagraphView, ...]:
    """The cleaned text by paragraph and sentence, cut where a mark starts or ends."""
    text = article.text
    valid = [m for m in marks if 0 <= m[0] < m[1] <= len(text)]
    paragraphs = article.paragraphs or ()
    spans = [(p.start, p.end, p.kind) for p in paragraphs] or [(0, len(text), "body")]
    sentences = [(s.start, s.end) for s in article.sentences]
    out = []
    for ps, pe, kind in spans:
        cuts = {ps, pe}
        inside = [(s, e) for s, e in sentences if s < pe and e > ps]
        for s, e in inside:
            cuts.update((max(s, ps), min(e, pe)))
        here = [m for m in valid if m[0] < pe and m[1] > ps]
        for m in here:
            cuts.update((max(m[0], ps), min(m[1], pe)))
        points = sorted(cuts)
        parts: list[Part] = []
        current: tuple[int, int] | None = None
        pieces: list[Piece] = []
        for a, b in itertools.pairwise(points):
            sentence = next(((s, e) for s, e in inside if s <= a and b <= e), None)
            if sentence != current and pieces:
                parts.append(Part(f"s-{current[0]}" if current else None, tuple(pieces)))
                pieces = []
            current = sentence
            cover = [m for m in here if m[0] <= a and b <= m[1]]
            piece = Piece(
                text=text[a:b],
                marks=tuple(sorted({m[2] for m in cover})),
                title="; ".join(dict.fromkeys(m[3] for m in cover)),
                anchors=tuple(m[4] for m in cover if m[4] and m[0] == a),
            )
            if (
                pieces
                and not piece.anchors
                and (pieces[-1].marks, pieces[-1].title)
                == (
                    piece.marks,
                    piece.title,
                )
            ):
                last = pieces[-1]
                pieces[-1] = Piece(last.text + piece.text, last.marks, last.title, last.anchors)
            else:
                pieces.append(piece)
        if pieces:
            parts.append(Part(f"s-{current[0]}" if current else None, tuple(pieces)))
        out.append(ParagraphView(kind, tuple(parts)))
    return tuple(out)


def build(store: Store, article: Article) -> ArticlePage:
    story_id = db.story_of(store, article.id)
    quotes = db.quotes_of(store, [article.id])
    claims = db.claims_of(store, [article.id])
    mentions = db.article_mentions(store, article.id)
    links = db.links_touching(store, [article.id])
    others = db.articles_by_id(
        store, sorted({x for link in links for x in (link.source, link.target)} - {article.id})
    )
    stories = {aid: db.story_of(store, aid) for aid in others}
    titles = db.story_titles(
        store, sorted({s for s in [story_id, *stories.values()] if s is not None})
    )

    related: dict[str, list[RelatedArticle]] = {}
    for link in links:
        other_id = link.target if link.source == article.id else link.source
        other = others.get(other_id)
        role = relation(link, article.id)
        related.setdefault(ROLE_HEADINGS[role], []).append(
            RelatedArticle(
                article_id=other_id,
                title=display_title(other) if other else "(article not in this database)",
                outlet=(other.outlet or source_name(other.path)) if other else "unknown",
                published=other.published.isoformat()
                if other and other.published
                else "date unknown",
                href=article_href(other_id),
                kind_label=KIND_LABELS.get(link.kind, link.kind),
                directed=link.directed,
                direction_confidence=link.direction_confidence,
                score=link.score,
                evidence=link.evidence,
                story_id=stories.get(other_id),
                story_title=titles.get(stories.get(other_id) or ""),
            )
        )
    counts: dict[str, tuple[str, str, list[str]]] = {}
    for m in mentions:
        entry = counts.setdefault(m.entity_id, (m.name, m.type, []))
        entry[2].append(m.text)
    entities = sorted(
        (
            EntityCount(name, kind, tuple(dict.fromkeys(texts)), len(texts))
            for name, kind, texts in counts.values()
        ),
        key=lambda e: (-e.n, e.name),
    )
    return ArticlePage(
        article=export.article_dict(article, story_id=story_id),
        title=display_title(article),
        label=article.outlet or source_name(article.path),
        link=safe_url(article.url),
        story_id=story_id,
        story_title=titles.get(story_id or ""),
        paragraphs=annotate(article, _marks(quotes, claims, mentions)),
        removed=tuple(source_segments(article)) if article.removals else (),
        related=tuple(
            (heading, tuple(related[heading]))
            for heading in ROLE_HEADINGS.values()
            if heading in related
        ),
        quotes=tuple(QuoteRow(q.id, q.text, q.speaker, q.cue, q.speaker_how) for q in quotes),
        claims=tuple(
            ClaimRow(c.id, c.kind, c.subject, c.predicate, c.value, c.text) for c in claims
        ),
        entities=tuple(entities),
    )
