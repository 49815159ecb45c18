"""RSS and Atom feed files: items that carry a full article become Documents.

Most feeds carry only teasers; an item counts as an article when its content
(content:encoded, Atom content, or else the summary) runs to at least
``IngestConfig.feed_min_sentences`` sentences. Shorter items are skipped silently: they are
pointers to articles, not articles. feedparser reads the whole feed (it cannot stream);
it is given the bytes in a BytesIO so it never treats them as a URL or a path.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

from newsdesk.ingest import dates
from newsdesk.ingest.build import Meta, make_document
from newsdesk.ingest.config import IngestConfig
from newsdesk.ingest.html import fragment_text
from newsdesk.ingest.registry import Item, Result, register_reader

_EMAIL_NAME = re.compile(r"\S+@\S+\s*\((.+)\)|(.+?)\s*<\S+@\S+>")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?:\s|$)")


def _content(entry: Any) -> str | None:
    """The richest HTML or text the item holds."""
    for content in entry.get("content") or ():
        value = content.get("value")
        if value and value.strip():
            return str(value)
    summary = entry.get("summary")
    return str(summary) if summary and summary.strip() else None


def _published(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return dates.parse_any(date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday))
    for key in ("published", "updated"):
        if entry.get(key):
            return dates.parse_any(entry.get(key))
    return None


def _author(entry: Any) -> str | None:
    # RSS <author> is "email (Name)"; feedparser's own split mangles long TLDs, so the
    # name is taken from the raw value when it has that shape.
    raw = str(entry.get("author") or "").strip()
    match = _EMAIL_NAME.fullmatch(raw)
    if match:
        return (match.group(1) or match.group(2)).strip() or None
    detail = entry.get("author_detail") or {}
    name = raw or detail.get("name") or ""
    return str(name).strip() or None


def _sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text))


@register_reader("feed")
def read_feed(item: Item, *, config: IngestConfig) -> Iterator[Result]:
    """Articles from the full-content items of an RSS or Atom feed."""
    import feedparser

    data = item.stream.read()
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": ""})
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = str(problem) if problem else "no items"
        yield item.error("E112", raw=data, detail=detail)
        return
    channel = parsed.get("feed") or {}
    site = (channel.get("title") or "").strip() or None
    language = channel.get("language") or None
    articles = 0
    for number, entry in enumerate(entries, start=1):
        content = _content(entry)
        text = fragment_text(content) if content else ""
        if content is None or _sentences(text) < config.feed_min_sentences:
            continue
        articles += 1
        meta = Meta(
            title=(entry.get("title") or "").strip() or None,
            author=_author(entry),
            published=_published(entry),
            url=entry.get("link") or None,
            site=site,
            language=language,
        )
        document, _ = make_document(
            item,
            raw=content.encode("utf-8"),
            text=text,
            format="feed",
            config=config,
            meta=meta,
            where=f"#{number}",
        )
        yield document
    if articles == 0:
        detail = f"feed has no items with article text ({len(entries)} teaser items)"
        yield item.error("E114", raw=data, detail=detail)
