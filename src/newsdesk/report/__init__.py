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

The stories section (``story_views``) is built from the export document's
stories, so the report and JSON consumers see the same grouping; so is each
story's comparison block (``comparison``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import zip_longest
from typing import Any, Literal

import jinja2

from .. import export
from ..disjoint import DisjointSets
from ..model import Article, Link
from ..store import Store
from .comparison import story_comparisons
from .summary import summary_views


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


# -- stories: articles on the same event -----------------------------------------

COPY_KINDS = frozenset(KIND_LABELS)


def story_links(article_ids: Iterable[str], links: Iterable[Link]) -> list[Link]:
    """The copy links between two articles of one story.

    A copy of an article in another story is left out: within this story it is
    the only telling of its source, so it is still an independent source here.
    """
    members = set(article_ids)
    return [
        link
        for link in links
        if link.kind in COPY_KINDS and link.source in members and link.target in members
    ]


def independent_sources(article_ids: Sequence[str], links: Iterable[Link]) -> int:
    """How many articles of a story are not copies of another one of it.

    Articles minus copies (link targets), except that every group of articles
    joined by copy links keeps at least one: links whose direction is unknown
    are in id order, so a ring of them could otherwise make every member a
    "copy" and the story would seem to have no source at all.
    """
    members = list(dict.fromkeys(article_ids))
    in_story = story_links(members, links)
    copies = {link.target for link in in_story}
    # The groups of copies the copy links join.
    sets = DisjointSets(members)
    for link in in_story:
        sets.union(link.source, link.target)
    return sum(max(1, sum(aid not in copies for aid in g)) for g in sets.groups(members))


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One article as listed on a story card, with its copy links inside the
    story: "copy of" on the copy's side only, undirected links on both sides
    (either end may be the copy, so neither is called one)."""

    ref: ArticleRef
    relations: tuple[Relation, ...] = ()

    @property
    def status(self) -> Literal["copy", "unsure", "independent"]:
        """How the story card marks it; "unsure" when it is linked to another
        article of the story but the direction is unknown."""
        roles = {r.role for r in self.relations}
        if "copy of" in roles:
            return "copy"
        return "unsure" if "related to" in roles else "independent"


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One outlet's line of the story timeline: its articles in each day column."""

    outlet: str
    cells: tuple[tuple[StoryArticle, ...], ...]


@dataclass(frozen=True, slots=True)
class StoryView:
    id: str
    title: str
    aliases: tuple[str, ...]
    first_seen: str
    last_seen: str
    n_articles: int
    n_outlets: int
    n_no_outlet: int  # articles whose outlet is unknown, so not in n_outlets
    n_independent: int
    outlets: tuple[tuple[str, tuple[StoryArticle, ...]], ...]  # earliest outlet first
    days: tuple[tuple[str, str], ...]  # timeline columns: (label, full date or "undated")
    timeline: tuple[TimelineRow, ...]

    @property
    def anchor(self) -> str:
        return f"s-{self.id}"


def _day_labels(days: Sequence[str]) -> list[str]:
    """Short column headings ("13 May"); the year only when the story spans several,
    since the card already shows first and last seen in full."""
    years = {d[:4] for d in days}
    out = []
    for d in days:
        day = date.fromisoformat(d)
        label = f"{day.day} {day.strftime('%b')}"
        out.append(f"{label} {day.year}" if len(years) > 1 else label)
    return out


def story_view(
    story: Mapping[str, Any], articles: Mapping[str, Article], links: Sequence[Link]
) -> StoryView:
    """The card of one story, from its export-contract dict (``outlets`` and
    ``timeline`` come from there, so the report never disagrees with the JSON)."""
    ids: list[str] = list(story["article_ids"])
    refs = {aid: article_ref(articles.get(aid), aid) for aid in ids}
    in_story = story_links(ids, links)
    published: dict[str, str | None] = {t["article_id"]: t["published"] for t in story["timeline"]}

    def when(aid: str) -> tuple[bool, str, str]:
        day = published.get(aid)
        return (day is None, day or "", aid)  # undated last, then by date

    def listed(aid: str) -> StoryArticle:
        rels = tuple(
            Relation(
                role=relation(link, aid),
                other=refs[link.source if link.target == aid else link.target],
                kind_label=KIND_LABELS.get(link.kind, link.kind),
                link_anchor=link_anchor(link),
            )
            for link in in_story
            if aid in (link.source, link.target)
        )
        # "copied by" is left to the article cards: the story card stays short.
        return StoryArticle(refs[aid], tuple(r for r in rels if r.role != "copied by"))

    entries = {aid: listed(aid) for aid in ids}

    outlet_ids: dict[str, list[str]] = {
        outlet: sorted(aids, key=when) for outlet, aids in story["outlets"].items()
    }
    # Outlets by their first article's day, then by name (not by article id,
    # which would make the order of a day's outlets look random).
    order = sorted(outlet_ids, key=lambda o: (*when(outlet_ids[o][0])[:2], o))
    dated = sorted({d for d in published.values() if d is not None})
    columns: list[str | None] = [*dated]
    if any(d is None for d in published.values()):
        columns.append(None)
    labels = [*_day_labels(dated), "undated"][: len(columns)]
    timeline = tuple(
        TimelineRow(
            outlet,
            tuple(
                tuple(entries[a] for a in outlet_ids[outlet] if published.get(a) == col)
                for col in columns
            ),
        )
        for outlet in order
    )
    return StoryView(
        id=story["id"],
        title=story["title"],
        aliases=tuple(story["aliases"]),
        first_seen=story["first_seen"] or "date unknown",
        last_seen=story["last_seen"] or "date unknown",
        n_articles=len(ids),
        # Articles without an outlet are listed under "unknown" but not counted
        # as an outlet, as in the page header.
        n_outlets=len({a.outlet for aid in ids if (a := articles.get(aid)) and a.outlet}),
        n_no_outlet=sum(1 for aid in ids if not ((a := articles.get(aid)) and a.outlet)),
        n_independent=independent_sources(ids, links),
        outlets=tuple((o, tuple(entries[a] for a in outlet_ids[o])) for o in order),
        days=tuple(zip(labels, [c or "undated" for c in columns], strict=True)),
        timeline=timeline,
    )


def story_views(
    doc: Mapping[str, Any], articles: Mapping[str, Article], links: Sequence[Link]
) -> list[StoryView]:
    """Every story's card, biggest first (then earliest, as the store orders them)."""
    views = [story_view(s, articles, links) for s in doc["stories"]]
    return sorted(views, key=lambda v: -v.n_articles)  # stable: keeps the store's ties


ArticleGroup = tuple[StoryView | None, list[dict[str, Any]]]


def article_groups(
    doc_articles: Sequence[dict[str, Any]], stories: Sequence[StoryView]
) -> list[ArticleGroup]:
    """The article cards grouped under their stories (in story-card order, each
    group oldest first), then the articles no story holds. Without any story
    there is one group with no heading, the plain list of before."""
    if not stories:
        return [(None, list(doc_articles))]
    by_story: dict[str | None, list[dict[str, Any]]] = {}
    for a in doc_articles:
        by_story.setdefault(a["story_id"], []).append(a)
    known = {s.id for s in stories}
    groups: list[ArticleGroup] = [(s, by_story[s.id]) for s in stories if s.id in by_story]
    # An assignment to a story the stories table lacks should not hide the
    # article: it goes with the unassigned ones.
    rest = [a for a in doc_articles if a["story_id"] not in known]
    if rest:
        groups.append((None, rest))
    return groups


@dataclass(frozen=True, slots=True)
class EntityRow:
    name: str
    type: str
    aliases: tuple[str, ...]
    variants: tuple[dict[str, Any], ...]
    n_articles: int


@dataclass(frozen=True, slots=True)
class StoryExtraction:
    """A story card's "who and what": its entities (most-mentioned first),
    quotes and claims, straight from the export document."""

    entities: tuple[EntityRow, ...]
    quotes: tuple[dict[str, Any], ...]
    claims: tuple[dict[str, Any], ...]


def story_extraction(doc: Mapping[str, Any]) -> dict[str, StoryExtraction]:
    story_of = {a["id"]: a["story_id"] for a in doc["articles"]}
    ents: dict[str, list[dict[str, Any]]] = {}
    for e in doc["entities"]:
        if e["story_id"]:
            ents.setdefault(e["story_id"], []).append(e)
    quotes: dict[str, list[dict[str, Any]]] = {}
    for q in doc["quotes"]:
        if sid := story_of.get(q["article_id"]):
            quotes.setdefault(sid, []).append(q)
    claims: dict[str, list[dict[str, Any]]] = {}
    for c in doc["claims"]:
        if sid := story_of.get(c["article_id"]):
            claims.setdefault(sid, []).append(c)
    out = {}
    for sid in set(ents) | set(quotes) | set(claims):
        rows = [
            EntityRow(
                e["name"],
                e["type"],
                tuple(e["aliases"]),
                tuple(e["variants"]),
                len({m["article_id"] for m in e["mentions"]}),
            )
            for e in ents.get(sid, [])
        ]
        rows.sort(key=lambda r: (-r.n_articles, r.name))
        out[sid] = StoryExtraction(
            tuple(rows), tuple(quotes.get(sid, [])), tuple(claims.get(sid, []))
        )
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
    links = store.links()
    stories = story_views(doc, articles, links)
    context: dict[str, Any] = {
        "title": title,
        "doc": doc,
        "segments": {aid: source_segments(a) for aid, a in articles.items()},
        "paragraphs": {
            aid: [a.text[p.start : p.end] for p in a.paragraphs] for aid, a in articles.items()
        },
        "links": [link_view(link, articles) for link in links],
        "relations": relations(links, articles),
        "stories": stories,
        "story_titles": {s.id: s.title for s in stories},
        "article_groups": article_groups(doc["articles"], stories),
        "runs": store.runs(),
        "extraction": story_extraction(doc),
        "comparison": story_comparisons(doc, articles),
        "summaries": summary_views(store.summaries(), articles),
        "outlet_of": {aid: a.outlet for aid, a in articles.items()},
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
