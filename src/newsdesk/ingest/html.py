"""HTML pages: trafilatura finds the article text and its metadata.

trafilatura's own text output separates paragraphs with a single newline; newsdesk keeps
paragraph breaks as blank lines, so the text is rebuilt from trafilatura's body tree, one
block element per paragraph. trafilatura is imported on first use (it takes ~0.3 s) and
is only ever given a string: ``bare_extraction`` never downloads anything, and passing the
page's URL only informs metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsdesk.ingest import dates
from newsdesk.ingest.build import Meta, make_document
from newsdesk.ingest.byline import join_names
from newsdesk.ingest.config import IngestConfig
from newsdesk.ingest.registry import Item, Result, register_reader
from newsdesk.ingest.text import read_single

_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I)
_CLOSED = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    meta: Meta


def _paragraphs(body: Any) -> str:
    from trafilatura.xml import xmltotxt

    blocks = (xmltotxt(child, False).strip() for child in body)
    return "\n\n".join(block for block in blocks if block)


def _authors(value: str | None) -> str | None:
    # trafilatura joins several authors with "; ".
    if not value:
        return None
    names = [name.strip() for name in value.split(";") if name.strip()]
    return join_names(names) if names else None


def extract_html(markup: str, *, url: str | None = None) -> Extracted | None:
    """Article text (paragraphs separated by blank lines) and metadata; None if no text."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            markup, url=url, with_metadata=True, include_comments=False
        )
    except (ValueError, TypeError, AssertionError):
        return None
    if found is None or isinstance(found, dict) or found.body is None:
        return None
    text = _paragraphs(found.body)
    if not text.strip():
        return None
    language = found.language
    if not language:
        match = _LANG.search(markup[:4096])
        language = match.group(1).lower().replace("_", "-") if match else None
    meta = Meta(
        title=(found.title or "").strip() or None,
        author=_authors(found.author),
        published=dates.parse_iso(found.date) if found.date else None,
        url=found.url or url,
        site=(found.sitename or "").strip() or None,
        language=language,
    )
    return Extracted(text, meta)


def no_text_detail(markup: str) -> str:
    """The E107 detail: say when the page looks cut off, since that is the likely cause."""
    if _CLOSED.search(markup[-4096:]):
        return ""
    return " (the page looks truncated: no closing </body> or </html>)"


@register_reader("html")
def read_html(item: Item, *, config: IngestConfig) -> Iterator[Result]:
    """One HTML page, one article."""
    loaded = read_single(item, config=config)
    if not isinstance(loaded, tuple):
        yield loaded
        return
    data, markup = loaded
    extracted = extract_html(markup)
    if extracted is None:
        yield item.error("E107", raw=data, detail=no_text_detail(markup))
        return
    document, _ = make_document(
        item, raw=data, text=extracted.text, format="html", config=config, meta=extracted.meta
    )
    yield document


_BLOCKS = re.compile(
    r"p|div|h[1-6]|li|blockquote|pre|section|article|header|footer|figure|figcaption|table"
    r"|tr|ul|ol|dl|dt|dd|aside|main"
)
_INLINE_SPACE = re.compile(r"[ \t\r\f\v\xa0]+")
_BLANK_RUN = re.compile(r"\n\s*\n\s*")


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment (a feed item, a JSON field), one paragraph per block.

    Fragments are too small for trafilatura's boilerplate detection, which would drop
    them; they hold no boilerplate anyway.
    """
    from lxml import html as lxml_html  # type: ignore[import-untyped]
    from lxml.etree import ParserError  # type: ignore[import-untyped]

    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return markup.strip()
    for element in root.iter("script", "style"):
        element.text = ""
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif _BLOCKS.fullmatch(tag):
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    text = _INLINE_SPACE.sub(" ", root.text_content())
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", lines).strip()
