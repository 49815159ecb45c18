"""WARC archives (plain or gzip): each HTML response is one article; other records skip.

Records stream one at a time. Item numbers count every record, so ``path#N`` points at the
N-th record of the archive whether or not the records before it were articles. The capture
date (WARC-Date) is not used as a publication date: crawls happen long after publication.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from newsdesk.ingest.build import make_document
from newsdesk.ingest.config import IngestConfig
from newsdesk.ingest.decode import DecodeError, binary_kind, decode
from newsdesk.ingest.html import extract_html, no_text_detail
from newsdesk.ingest.registry import Item, Result, register_reader

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MB = 1_000_000
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


@register_reader("warc")
def read_warc(item: Item, *, config: IngestConfig) -> Iterator[Result]:
    """Articles from the HTML responses (and HTML resource records) of a WARC file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = pages = 0
    damaged = False
    record: Any = None
    archive = ArchiveIterator(item.stream)
    try:
        for record in archive:
            number += 1
            if not record.rec_type:
                damaged = True
                yield item.error("E111", detail=f"record {number}: no WARC-Type header")
                continue
            content_type = _html_type(record)
            if content_type is None:
                continue
            pages += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            payload = record.content_stream().read(config.max_article_bytes + 1)
            yield from _article(
                item,
                payload,
                url=url,
                charset=_charset(content_type),
                where=f"#{number}",
                config=config,
            )
    except ArchiveLoadFailed as exc:
        detail = f"record {number + 1}: {str(exc).strip().splitlines()[0]}"
        yield item.error("E111", detail=detail)
        return
    except (ValueError, EOFError) as exc:
        yield item.error("E111", detail=f"record {number + 1}: {exc}")
        return
    # warcio stops quietly at a cut-off record; a short last record or bytes left after
    # the last complete one mean the archive was truncated.
    short = record is not None and getattr(record.raw_stream, "limit", 0) > 0
    if short or archive.fh.tell() > archive.offset:
        at = number if short else number + 1
        yield item.error("E111", detail=f"record {at}: the archive ends in the middle of it")
    elif pages == 0 and not damaged:
        detail = f"WARC archive has no HTML pages among its {number} records"
        yield item.error("E114", detail=detail)


def _html_type(record: Any) -> str | None:
    """The record's HTML content type, or None for records that are not pages."""
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None:
            return None
        status = str(headers.get_statuscode() or "")
        if status and not status.startswith("2"):
            return None
        content_type = headers.get_header("Content-Type", "")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type", "")
    else:
        return None
    content_type = str(content_type or "").lower()
    return content_type if content_type.startswith(_HTML_TYPES) else None


def _charset(content_type: str) -> str | None:
    match = _CHARSET.search(content_type)
    return match.group(1) if match else None


def _decode(payload: bytes, charset: str | None) -> str:
    # The server's declared charset first: it is what browsers use.
    if charset:
        try:
            return payload.decode(charset).replace("\r\n", "\n").replace("\r", "\n")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(payload)


def _article(
    item: Item,
    payload: bytes,
    *,
    url: str | None,
    charset: str | None,
    where: str,
    config: IngestConfig,
) -> Iterator[Result]:
    if len(payload) > config.max_article_bytes:
        detail = f"HTML payload is over the {config.max_article_bytes / _MB:.1f} MB article limit"
        yield item.error("E115", where=where, index=where[1:], detail=detail)
        return
    if not payload.strip():
        yield item.error("E103", raw=payload, where=where)
        return
    kind = binary_kind(payload[:4096])
    if kind is not None:
        yield item.error("E104", raw=payload, where=where, detail=kind)
        return
    try:
        markup = _decode(payload, charset)
    except DecodeError as exc:
        yield item.error("E105", raw=payload, where=where, detail=exc.tried)
        return
    extracted = extract_html(markup, url=url)
    if extracted is None:
        yield item.error("E107", raw=payload, where=where, detail=no_text_detail(markup))
        return
    document, _ = make_document(
        item,
        raw=payload,
        text=extracted.text,
        format="warc",
        config=config,
        meta=extracted.meta,
        where=where,
    )
    yield document
