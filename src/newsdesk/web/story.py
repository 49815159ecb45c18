"""The story page's data (and ``/api/stories/{id}``'s: the page renders exactly
this): the cited summary, the articles side by side, discrepancies, quote
variants, the provenance graph, the timeline and the entities.

The parts the static report already has are built by its own functions
(``story_view``, ``story_comparisons``, ``story_extraction``) from an
export-shaped document of this one story, so the page, the report and the JSON
export never disagree; this module adds what a page can link to: each value,
quote and citation points at the sentence of its article.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import export
from ..compare.unique import fact_dict
from ..model import Article, Claim, Discrepancy, Link, Quote, QuoteVariant, StoryRecord, Summary
from ..report import (
    KIND_LABELS,
    EntityRow,
    StoryView,
    display_title,
    story_extraction,
    story_links,
    story_view,
)
from ..report.comparison import DiscrepancyView, FactRow, VariantView, story_comparisons
from ..store import Store
from ..store import views as db
from .align import AlignRow, align, shared_words
from .common import article_href, article_labels, sentence_href, source_name
from .graph import Graph, layout, provenance_forest

# More columns than this do not fit a laptop screen; the reader picks others.
DEFAULT_COLUMNS = 8


@dataclass(frozen=True, slots=True)
class SourceRef:
    """An article as a link target: its short label and where to go in it."""

    article_id: str
    label: str
    href: str


@dataclass(frozen=True, slots=True)
class ColumnView:
    article_id: str
    label: str
    title: str
    published: str | None
    status: str  # "independent", "copy" or "unsure" (see report.StoryArticle)
    href: str
    shown: bool  # a column of the side-by-side view now


@dataclass(frozen=True, slots=True)
class SummaryLine:
    text: str
    source: SourceRef  # the sentence it was taken from
    citations: tuple[SourceRef, ...]
    note: str | None
    disputed: tuple[str, ...]  # ids of the discrepancies touching it
    kind: str = "sentence"  # or "headline": an outlet's title opening the summary


@dataclass(frozen=True, slots=True)
class SummaryView:
    method: str
    lines: tuple[SummaryLine, ...]


@dataclass(frozen=True, slots=True)
class ValueItem:
    value: str
    texts: tuple[str, ...]
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True, slots=True)
class DiscrepancyItem:
    id: str
    kind: str
    severity: str
    subject: str | None
    description: str
    values: tuple[ValueItem, ...]


@dataclass(frozen=True, slots=True)
class DiffItem:
    source: SourceRef
    kind: str
    speaker: str | None
    runs: tuple[tuple[str, str, str], ...]  # (op, before, after), as in the report


@dataclass(frozen=True, slots=True)
class VariantItem:
    id: str
    kind: str
    speaker: str | None
    text: str  # the reference quotation as its article printed it
    source: SourceRef
    diffs: tuple[DiffItem, ...]


@dataclass(frozen=True, slots=True)
class LinkRow:
    source: SourceRef
    target: SourceRef
    kind: str
    kind_label: str
    directed: bool
    direction_confidence: float
    score: float
    evidence: tuple[str, ...]
    n_pairs: int
    in_story: bool  # False: the other end belongs to another story


@dataclass(frozen=True, slots=True)
class StoryPage:
    story: StoryView
    labels: dict[str, str]  # article id -> short label (outlet or file name)
    summary: SummaryView | None
    columns: tuple[ColumnView, ...]
    rows: tuple[AlignRow, ...]
    discrepancies: tuple[DiscrepancyItem, ...]
    variants: tuple[VariantItem, ...]
    single_quotes: int  # quotations only one outlet prints
    facts: tuple[FactRow, ...]  # what two outlets or more state
    graph: Graph
    links: tuple[LinkRow, ...]  # the graph's links, then those leaving the story
    n_links: int  # all copy links of the story's articles (the graph keeps the likeliest)
    entities: tuple[EntityRow, ...]

    @property
    def shown(self) -> tuple[ColumnView, ...]:
        return tuple(c for c in self.columns if c.shown)

    @property
    def n_aligned(self) -> int:
        return sum(r.group is not None for r in self.rows)


def _day(article: Article | None) -> str | None:
    return article.published.isoformat() if article is not None and article.published else None


def _ref(aid: str, labels: Mapping[str, str], href: str | None = None) -> SourceRef:
    return SourceRef(aid, labels.get(aid, aid[:8]), href or article_href(aid))


def _default_columns(view: StoryView, limit: int) -> list[str]:
    """Up to ``limit`` articles in timeline order, independent sources first:
    a copy adds least beside its source."""
    entries = [e for _, es in view.outlets for e in es]
    ranked = sorted(entries, key=lambda e: e.status != "independent")[:limit]
    keep = {e.ref.id for e in ranked}
    return [e.ref.id for e in entries if e.ref.id in keep]


def _summary(
    summary: Summary | None, articles: Mapping[str, Article], labels: Mapping[str, str]
) -> SummaryView | None:
    if summary is None or not summary.sentences:
        return None
    lines = []
    for s in summary.sentences:
        cites = tuple(
            _ref(c.article_id, labels, sentence_href(c.article_id, articles, c.start))
            for c in s.citations
        )
        lines.append(
            SummaryLine(
                text=s.text,
                source=_ref(s.article_id, labels, sentence_href(s.article_id, articles, s.start)),
                citations=cites,
                note=s.note,
                disputed=s.disputed,
                kind=s.kind,
            )
        )
    return SummaryView(summary.method, tuple(lines))


def build(store: Store, story: StoryRecord, *, columns: Sequence[str] | None = None) -> StoryPage:
    """Everything the story page shows. ``columns``: the article ids to set side
    by side (default: ``DEFAULT_COLUMNS`` of them); ids outside the story are ignored."""
    ids = list(story.article_ids)
    articles = db.articles_by_id(store, ids)
    touching = db.links_touching(store, ids)
    in_story = story_links(ids, touching)
    labels = article_labels(articles[a] for a in ids if a in articles)
    story_doc = export.story_dict(story, articles)
    # The report files articles of unknown outlet together under "unknown"; a
    # page with a column per article names each by its file instead.
    by_name: dict[str, list[str]] = {}
    for aid in ids:
        if (a := articles.get(aid)) is not None:
            by_name.setdefault(a.outlet or source_name(a.path), []).append(aid)
    view = story_view({**story_doc, "outlets": by_name}, articles, in_story)

    discrepancies = store.discrepancies(story_id=story.id)
    variants = store.quote_variants(story_id=story.id)
    # Only the quotes and claims the page links to: a big story has thousands.
    quotes = db.quotes_by_id(
        store, [q for v in variants if v.kind != "single" for q in v.quote_ids]
    )
    claims = db.claims_by_id(
        store, [c for d in discrepancies for value in d.values for c in value.claim_ids]
    )
    facts = db.corroborated_facts(store, story.id)
    entities = db.story_entities(store, story.id)
    summaries = store.summaries(story_id=story.id)

    # What several outlets state (the page does not list what one outlet alone
    # reports: the export and the report do).
    story_doc["facts"] = [fact_dict(f, articles) for f in facts]
    story_doc["unique_facts"] = []
    doc: dict[str, Any] = {
        "stories": [story_doc],
        "articles": [{"id": aid, "story_id": story.id} for aid in ids],
        "quotes": [q.to_dict() for q in quotes],
        "claims": [],
        "entities": [e.to_dict() for e in entities],
        "discrepancies": [d.to_dict() for d in discrepancies],
        "quote_variants": [v.to_dict() for v in variants],
    }
    comparison = story_comparisons(doc, articles)[story.id]
    extraction = story_extraction(doc).get(story.id)

    wanted = [c for c in (columns or []) if c in articles] or _default_columns(
        view, DEFAULT_COLUMNS
    )
    entries = [e for _, es in view.outlets for e in es]
    column_views = tuple(
        ColumnView(
            article_id=e.ref.id,
            label=labels.get(e.ref.id, e.ref.id[:8]),
            title=display_title(articles[e.ref.id]) if e.ref.id in articles else e.ref.title,
            published=_day(articles.get(e.ref.id)),
            status=e.status,
            href=article_href(e.ref.id),
            shown=e.ref.id in wanted,
        )
        for e in entries
    )
    shown = [articles[c.article_id] for c in column_views if c.shown]
    rows = align(shown, in_story, shared_words(articles.values(), [a.id for a in shown]))
    drawn = provenance_forest(in_story)
    members = set(ids)
    leaving = [x for x in touching if not (x.source in members and x.target in members)]

    return StoryPage(
        story=view,
        labels=labels,
        summary=_summary(summaries[0] if summaries else None, articles, labels),
        columns=column_views,
        rows=tuple(rows),
        discrepancies=_discrepancies(discrepancies, comparison.discrepancies, claims, labels),
        variants=_variants(variants, comparison.variants, quotes, labels),
        single_quotes=comparison.singles,
        facts=comparison.facts,
        graph=layout(drawn, articles, labels),
        links=tuple(_link_rows([*drawn, *leaving], set(ids), labels)),
        n_links=len(in_story) + len(leaving),
        entities=extraction.entities if extraction else (),
    )


def _discrepancies(
    records: Sequence[Discrepancy],
    views: Sequence[DiscrepancyView],
    claims: Sequence[Claim],
    labels: Mapping[str, str],
) -> tuple[DiscrepancyItem, ...]:
    """The report's discrepancy views, each value's articles linked to the claim
    that states it (``records`` and ``views`` are in the same order)."""
    claim_at = {c.id: c for c in claims}
    out = []
    for record, v in zip(records, views, strict=True):
        values = []
        for rv, vv in zip(record.values, v.values, strict=True):
            hrefs: dict[str, str] = {}
            for cid in rv.claim_ids:
                if (c := claim_at.get(cid)) is not None:
                    hrefs.setdefault(c.article_id, f"{article_href(c.article_id)}#c-{c.id}")
            sources = tuple(_ref(aid, labels, hrefs.get(aid)) for aid, _ in vv.outlets)
            values.append(ValueItem(vv.value, vv.texts, sources))
        out.append(
            DiscrepancyItem(
                id=record.id,
                kind=v.kind,
                severity=v.severity,
                subject=record.subject,
                description=v.description,
                values=tuple(values),
            )
        )
    return tuple(out)


def _variants(
    records: Sequence[QuoteVariant],
    views: Sequence[VariantView],
    quotes: Sequence[Quote],
    labels: Mapping[str, str],
) -> tuple[VariantItem, ...]:
    """The report's quote variants (those in several outlets), each quotation
    linked to where its article prints it."""
    quote_at = {q.id: q for q in quotes}

    def where(quote_id: str, fallback: str) -> SourceRef:
        q = quote_at.get(quote_id)
        if q is None:
            return _ref(fallback, labels)
        return _ref(q.article_id, labels, f"{article_href(q.article_id)}#q-{q.id}")

    several = [r for r in records if r.kind != "single"]
    out = []
    for record, v in zip(several, views, strict=True):
        ref_id = record.quote_ids[0] if record.quote_ids else ""
        diffs = tuple(
            DiffItem(where(x.quote_id, d.article_id), d.kind, d.speaker, d.runs)
            for x, d in zip(record.diff, v.diffs, strict=True)
        )
        out.append(
            VariantItem(record.id, v.kind, v.speaker, v.text, where(ref_id, v.article_id), diffs)
        )
    return tuple(out)


def _link_rows(
    links: Sequence[Link], members: set[str], labels: Mapping[str, str]
) -> list[LinkRow]:
    rows = []
    for link in links:
        in_story = link.source in members and link.target in members
        rows.append(
            LinkRow(
                source=_ref(link.source, labels),
                target=_ref(link.target, labels),
                kind=link.kind,
                kind_label=KIND_LABELS.get(link.kind, link.kind),
                directed=link.directed,
                direction_confidence=link.direction_confidence,
                score=link.score,
                evidence=link.evidence,
                n_pairs=len(link.aligned),
                in_story=in_story,
            )
        )
    # Links inside the story first; then those leaving it.
    return sorted(rows, key=lambda r: not r.in_story)
