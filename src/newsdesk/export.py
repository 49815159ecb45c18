"""The export contract: one JSON-able document that every output is rendered from.

Key names are a public contract (JSON consumers, the HTML report, the web UI);
later stages fill the lists that are empty today, they never rename keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import __version__
from .compare.names import Origins
from .compare.unique import corroborated, fact_dict, unique_by_outlet
from .model import Article, Fact, IngestError, StoryRecord
from .store import Store

EXPORT_KEYS = (
    "version",
    "articles",
    "errors",
    "stories",
    "links",
    "entities",
    "quotes",
    "claims",
    "discrepancies",
    "quote_variants",
    "summaries",
)


def article_dict(a: Article, *, story_id: str | None = None) -> dict[str, Any]:
    return {
        "id": a.id,
        "path": a.path,
        "url": a.url,
        "outlet": a.outlet,
        "title": a.title,
        "author": a.author,
        "published": a.published.isoformat() if a.published else None,
        "language": a.language,
        "format": a.format,
        "word_count": a.word_count,
        "text": a.text,
        "sentences": [{"start": s.start, "end": s.end} for s in a.sentences],
        "removed": [r.to_dict() for r in a.removals],
        "story_id": story_id,
    }


def story_dict(story: StoryRecord, articles: Mapping[str, Article]) -> dict[str, Any]:
    """A story with its articles by outlet and the timeline of publication."""
    out = story.to_dict()
    by_outlet: dict[str, list[str]] = {}
    timeline = []
    for aid in story.article_ids:
        art = articles.get(aid)
        if art is None:
            continue
        outlet = art.outlet or "unknown"
        by_outlet.setdefault(outlet, []).append(aid)
        timeline.append(
            {
                "article_id": aid,
                "outlet": outlet,
                "published": art.published.isoformat() if art.published else None,
            }
        )
    out["outlets"] = by_outlet
    out["timeline"] = sorted(timeline, key=lambda t: (t["published"] or "", t["article_id"]))
    return out


def error_dict(e: IngestError) -> dict[str, Any]:
    return e.to_dict()


def build(store: Store) -> dict[str, Any]:
    """Everything the store knows, in the export contract's shape."""
    doc: dict[str, Any] = {key: [] for key in EXPORT_KEYS}
    doc["version"] = __version__
    story_of = store.story_assignments()
    articles = store.articles()
    by_id = {a.id: a for a in articles}
    doc["articles"] = [article_dict(a, story_id=story_of.get(a.id)) for a in articles]
    doc["stories"] = [story_dict(s, by_id) for s in store.stories()]
    doc["errors"] = [error_dict(e) for e in store.errors()]
    doc["links"] = [link.to_dict() for link in store.links()]
    doc["entities"] = [e.to_dict() for e in store.entities()]
    doc["quotes"] = [q.to_dict() for q in store.quotes()]
    doc["claims"] = [c.to_dict() for c in store.claims()]
    doc["discrepancies"] = [d.to_dict() for d in store.discrepancies()]
    doc["quote_variants"] = [v.to_dict() for v in store.quote_variants()]
    doc["summaries"] = [s.to_dict() for s in store.summaries()]
    _add_facts(doc["stories"], store, by_id)
    return doc


def _add_facts(
    stories: list[dict[str, Any]], store: Store, articles: Mapping[str, Article]
) -> None:
    """``stories[].facts``: what two articles or more state, with how many
    independent sources; ``stories[].unique_facts``: what one origin alone
    reports, by outlet."""
    facts: dict[str, list[Fact]] = {}
    for f in store.facts():
        facts.setdefault(f.story_id, []).append(f)
    origins = Origins(store.links(), published={a.id: a.published for a in articles.values()})
    for story in stories:
        mine = facts.get(story["id"], [])
        story["facts"] = [fact_dict(f, articles) for f in corroborated(mine)]
        n_origins = len(origins.groups(story["article_ids"]))
        story["unique_facts"] = [
            {"outlet": outlet, **fact_dict(f, articles)}
            for outlet, items in unique_by_outlet(mine, articles, n_origins=n_origins).items()
            for f in items
        ]


def to_markdown(doc: dict[str, Any]) -> str:
    lines = [f"# newsdesk export (version {doc['version']})", ""]
    lines.append(f"{len(doc['articles'])} articles, {len(doc['errors'])} errors.")
    lines.append("")
    for a in doc["articles"]:
        title = a["title"] or "(no headline)"
        lines.append(f"## {_md_escape(title)}")
        meta = [
            f"outlet: {a['outlet'] or 'unknown'}",
            f"published: {a['published'] or 'unknown'}",
            f"author: {a['author'] or 'unknown'}",
            f"id: `{a['id']}`",
        ]
        lines.append(" · ".join(_md_escape(m) if not m.startswith("id") else m for m in meta))
        lines.append("")
        for para in a["text"].split("\n\n"):
            lines.append(_md_escape(para))
            lines.append("")
        if a["removed"]:
            lines.append(f"<details><summary>Removed by cleaning ({len(a['removed'])})</summary>")
            lines.append("")
            for r in a["removed"]:
                lines.append(f"- *{r['reason']}*: {_md_escape(r['text'][:200])}")
            lines.append("")
            lines.append("</details>")
            lines.append("")
    if doc["errors"]:
        lines.append("## Errors")
        lines.append("")
        for e in doc["errors"]:
            lines.append(f"- `{e['path']}`: {_md_escape(e['reason'])}")
        lines.append("")
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    # Markdown renderers pass raw HTML through; article text is untrusted.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
