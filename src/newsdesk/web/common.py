"""Small helpers shared by the page builders: how an article is named, where
its sentences are linked, and which of its URLs may become a link."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from ..model import Article

_EXTENSIONS = {".gz", ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json"}
_EXTENSIONS |= {".jsonl", ".ndjson", ".warc", ".xml", ".rss", ".atom"}


def source_name(path: str) -> str:
    """The file an article came from, without folders or extensions
    ("seeds/003_b4b8.txt" -> "003_b4b8"; "feed.jsonl#5" -> "feed #5")."""
    file, _, item = path.partition("#")
    name = PurePosixPath(file.replace("\\", "/")).name
    while (suffix := PurePosixPath(name).suffix.lower()) in _EXTENSIONS and suffix:
        name = name[: -len(suffix)]
    return f"{name} #{item}" if item else name or path


def article_labels(articles: Iterable[Article]) -> dict[str, str]:
    """A short name for each article: its outlet, or its file's name when the
    outlet is unknown; articles that would share a name get their date (then
    their id) added, so a label always points at one article."""
    arts = list(articles)
    base = {a.id: a.outlet or source_name(a.path) for a in arts}
    counts: dict[str, int] = {}
    for name in base.values():
        counts[name] = counts.get(name, 0) + 1
    out: dict[str, str] = {}
    for a in arts:
        name = base[a.id]
        if counts[name] > 1:
            name = f"{name} ({a.published.isoformat() if a.published else 'undated'})"
        out[a.id] = name
    seen: dict[str, int] = {}
    for name in out.values():
        seen[name] = seen.get(name, 0) + 1
    return {aid: (f"{n} [{aid[:6]}]" if seen[n] > 1 else n) for aid, n in out.items()}


def article_href(article_id: str) -> str:
    return f"/article/{quote(article_id, safe='')}"


def story_href(story_id: str) -> str:
    return f"/story/{quote(story_id, safe='')}"


def sentence_anchor(article: Article | None, offset: int) -> str:
    """The id of the element holding the sentence at ``offset`` on the article
    page ("s-" and the sentence's start), or "" when no sentence holds it."""
    if article is None or not article.sentences:
        return ""
    starts = [s.start for s in article.sentences]
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0 or offset >= article.sentences[i].end:
        # Between sentences (or a citation from an older cleaning): the next one.
        i += 1
    if i >= len(article.sentences):
        return ""
    return f"s-{article.sentences[i].start}"


def sentence_href(article_id: str, articles: Mapping[str, Article], offset: int) -> str:
    anchor = sentence_anchor(articles.get(article_id), offset)
    return article_href(article_id) + (f"#{anchor}" if anchor else "")


def safe_url(url: str | None) -> str | None:
    """``url`` when it may be a link (http or https with a host); None for
    anything else a scraped page may carry (javascript:, data:, relative)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c in url for c in "\x00\r\n\t<>\"'`"):
        return None
    return url.strip()
