"""Assembling a Document from what a reader found: structured metadata, header, fallbacks."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from newsdesk.ingest.byline import BY_PREFIX, LABELLED, join_names, parse_names
from newsdesk.ingest.config import IngestConfig
from newsdesk.ingest.header import Header, parse_header
from newsdesk.ingest.registry import Item
from newsdesk.model import Document, IngestError, Removal

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Meta:
    """Metadata a format states outright (HTML meta tags, JSON fields, feed elements)."""

    title: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    site: str | None = None
    language: str | None = None


def url_host(url: str | None) -> str | None:
    """Host of ``url`` without a leading "www.", or None."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def folder_outlet(item: Item) -> str | None:
    """Name of the file's folder when it sits in a sub-folder of the root the user gave.

    Corpora are often laid out one folder per outlet; a file directly in the root says
    nothing about its outlet.
    """
    path, root = item.source.path, item.source.root
    if not path or root is None:
        return None
    parent = os.path.dirname(os.path.abspath(path))
    if parent == os.path.abspath(root):
        return None
    name = os.path.basename(parent)
    return name or None


def clean_author(value: str | None) -> str | None:
    """A stated author as a name: "By ORLA QUINN" → "Orla Quinn"; odd values kept as given."""
    if not value or not value.strip():
        return None
    value = value.strip()
    prefix = BY_PREFIX.match(value) or LABELLED.match(value)
    names = parse_names(value[prefix.end() :] if prefix else value)
    return join_names(names) if names else value


def _same_title(a: str, b: str) -> bool:
    return _SPACE.sub(" ", a).strip().casefold() == _SPACE.sub(" ", b).strip().casefold()


def _consumed(header: Header, title: str | None) -> tuple[Removal, ...]:
    # A first line that differs from the title the format states is not the headline
    # (it may be a kicker or the first paragraph), so it stays in the body.
    if title is None or header.title is None or _same_title(title, header.title):
        return header.consumed
    return tuple(r for r in header.consumed if r.reason != "headline")


def make_document(
    item: Item,
    *,
    raw: bytes,
    text: str,
    format: str,
    config: IngestConfig,
    meta: Meta = Meta(),
    where: str = "",
) -> tuple[Document, IngestError | None]:
    """The Document, plus the E117 error when its front matter was not valid YAML.

    Stated metadata wins over what the opening lines say; the header fills the gaps.
    Outlet: stated site name, then the URL's host, then the sub-folder name, else None.
    """
    header = parse_header(text, max_lines=config.header_lines, dayfirst=config.dayfirst)
    url = meta.url or header.url
    document = Document(
        source=f"{item.source.name}{where}",
        raw=raw,
        text=text,
        format=format,
        title=meta.title or header.title,
        author=clean_author(meta.author) or header.author,
        published=meta.published or header.published,
        url=url,
        outlet=meta.site or header.outlet or url_host(url) or folder_outlet(item),
        language=meta.language or header.language,
        consumed=_consumed(header, meta.title),
    )
    error = None
    if header.error is not None:
        error = IngestError(document.source, header.error, "E117", raw)
    return document, error
