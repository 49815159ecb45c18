"""Plain-text and Markdown articles: one file, one article."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.ingest.build import make_document
from newsdesk.ingest.config import IngestConfig
from newsdesk.ingest.decode import DecodeError, decode
from newsdesk.ingest.registry import Item, Result, read_limited, register_reader

_MB = 1_000_000


def read_single(item: Item, *, config: IngestConfig) -> tuple[bytes, str] | Result:
    """Bytes and decoded text of a one-article input, or the error that stops it."""
    data = read_limited(item, config.max_article_bytes)
    if isinstance(data, int):
        limit = config.max_article_bytes
        # raw stays None: keeping an oversized input in memory is what the limit prevents.
        return item.error("E106", size_mb=data / _MB, limit_mb=limit / _MB)
    if not data.strip():
        return item.error("E103", raw=data)
    try:
        text = decode(data)
    except DecodeError as exc:
        return item.error("E105", raw=data, detail=exc.tried)
    if not text.strip():
        return item.error("E103", raw=data)
    return data, text


@register_reader("text")
def read_text(item: Item, *, config: IngestConfig) -> Iterator[Result]:
    """The whole file is the article; the opening lines give its metadata."""
    loaded = read_single(item, config=config)
    if not isinstance(loaded, tuple):
        yield loaded
        return
    data, text = loaded
    document, error = make_document(item, raw=data, text=text, format="text", config=config)
    if error is not None:
        yield error
    yield document
