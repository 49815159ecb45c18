"""JSON Lines (one article per line, streamed) and JSON documents (an object or an array).

Field names come from ``IngestConfig.json_fields``: exact key first, then the same key in
any letter case. A bad line costs only that line (E108); the others still load.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from newsdesk.ingest import dates
from newsdesk.ingest.build import Meta, make_document
from newsdesk.ingest.byline import join_names
from newsdesk.ingest.config import IngestConfig
from newsdesk.ingest.decode import DecodeError, decode
from newsdesk.ingest.html import extract_html, fragment_text
from newsdesk.ingest.registry import Item, Result, register_reader

_MARKUP = re.compile(r"<(?:p|div|br|h[1-6]|li|span|a)\b[^>]*>", re.IGNORECASE)
_NEWLINES = re.compile(r"\r\n?")
_HTML_KEYS = ("html", "raw_html", "content_html", "body_html")
# Keys under which a JSON document commonly holds its list of articles.
_CONTAINERS = ("articles", "items", "data", "records", "results", "documents", "entries", "posts")


def _get(record: dict[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        if key in record:
            return record[key]
    for key in keys:  # then any letter case ("Title", "PubDate")
        wanted = key.lower()
        for name, value in record.items():
            if isinstance(name, str) and name.lower() == wanted:
                return value
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("text") or value.get("content")
    if isinstance(value, list):
        parts = [part for part in (_text(item) for item in value) if part]
        return "\n\n".join(parts) if parts else None
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [name for name in (_text(item) for item in value) if name]
        return join_names(names) if names else None
    return _text(value)


def _body(record: dict[str, Any], config: IngestConfig) -> tuple[str, Meta] | None:
    """Article text of a record, plus metadata found in embedded HTML, if any."""
    value = _get(record, config.field_keys("text"))
    text = (
        "\n\n".join(value)
        if isinstance(value, list) and all(isinstance(part, str) for part in value)
        else value
    )
    if isinstance(text, str) and text.strip():
        text = _NEWLINES.sub("\n", text)
        if len(_MARKUP.findall(text[:4096])) >= 2:
            text = fragment_text(text)
        return (text, Meta()) if text.strip() else None
    markup = _get(record, _HTML_KEYS)
    if isinstance(markup, str) and markup.strip():
        extracted = extract_html(markup)
        if extracted is not None:
            return extracted.text, extracted.meta
    return None


def _record(
    item: Item,
    record: dict[str, Any],
    *,
    raw: bytes,
    where: str,
    format: str,
    config: IngestConfig,
    missing: Result,
) -> Iterator[Result]:
    body = _body(record, config)
    if body is None:
        yield missing
        return
    text, embedded = body
    field = config.field_keys
    meta = Meta(
        title=_text(_get(record, field("title"))) or embedded.title,
        author=_author(_get(record, field("author"))) or embedded.author,
        published=dates.parse_any(_get(record, field("published")), dayfirst=config.dayfirst)
        or embedded.published,
        url=_text(_get(record, field("url"))) or embedded.url,
        site=_text(_get(record, field("outlet"))) or embedded.site,
        language=_text(_get(record, field("language"))) or embedded.language,
    )
    document, _ = make_document(
        item, raw=raw, text=text, format=format, config=config, meta=meta, where=where
    )
    yield document


def _looked_for(config: IngestConfig) -> str:
    return ", ".join(config.field_keys("text") + _HTML_KEYS)


def _lines(item: Item, lines: Iterable[bytes], *, config: IngestConfig) -> Iterator[Result]:
    for number, line in enumerate(lines, start=1):
        body = line.rstrip(b"\r\n")
        if number == 1:
            body = body.removeprefix(b"\xef\xbb\xbf")
        if not body.strip():
            continue
        where = f"#{number}"
        try:
            try:
                record = json.loads(body)
            except UnicodeDecodeError:
                record = json.loads(decode(body))
        except json.JSONDecodeError as exc:
            detail = f"{exc.msg} (column {exc.colno})"
            yield item.error("E108", raw=body, where=where, line=number, detail=detail)
            continue
        except (DecodeError, ValueError) as exc:
            yield item.error("E108", raw=body, where=where, line=number, detail=str(exc))
            continue
        if not isinstance(record, dict):
            detail = f"a JSON {type(record).__name__}, not an object"
            yield item.error("E115", raw=body, where=where, index=number, detail=detail)
            continue
        missing = item.error("E109", raw=body, where=where, line=number, fields=_looked_for(config))
        yield from _record(
            item, record, raw=body, where=where, format="jsonl", config=config, missing=missing
        )


@register_reader("jsonl")
def read_jsonl(item: Item, *, config: IngestConfig) -> Iterator[Result]:
    """One article per line, read line by line so big files stream."""
    yield from _lines(item, item.stream, config=config)


def _looks_like_lines(data: bytes, error: json.JSONDecodeError) -> bool:
    if error.msg == "Extra data":
        return True
    lines = [line for line in data.lstrip().split(b"\n", 6)[:5] if line.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith(b"{"):
        return False
    for line in lines:
        try:
            if isinstance(json.loads(line), dict):
                return True
        except ValueError:
            continue
    return False


@register_reader("json")
def read_json(item: Item, *, config: IngestConfig) -> Iterator[Result]:
    """A JSON document: one article object, an array of them, or {"articles": [...]}.

    The document is parsed whole (the standard library cannot stream an array); very large
    collections belong in JSONL.
    """
    data = item.stream.read()
    try:
        document = json.loads(decode(data))
    except DecodeError as exc:
        yield item.error("E105", raw=data, detail=exc.tried)
        return
    except json.JSONDecodeError as exc:
        if _looks_like_lines(data, exc):  # JSON Lines under another name, or with a bad line
            yield from _lines(item, data.splitlines(keepends=True), config=config)
            return
        detail = f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
        yield item.error("E110", raw=data, detail=detail)
        return
    records = document
    if isinstance(document, dict):
        records = next(
            (document[key] for key in _CONTAINERS if isinstance(document.get(key), list)), None
        )
        if records is None:
            missing = item.error("E109", raw=data, line=1, fields=_looked_for(config))
            yield from _record(
                item, document, raw=data, where="", format="json", config=config, missing=missing
            )
            return
    if not isinstance(records, list):
        detail = f"the top level is a {type(document).__name__}, not an object or an array"
        yield item.error("E110", raw=data, detail=detail)
        return
    if not records:
        yield item.error("E103", raw=data)
        return
    for index, record in enumerate(records, start=1):
        where = f"#{index}"
        raw = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
        if not isinstance(record, dict):
            detail = f"a JSON {type(record).__name__}, not an object"
            yield item.error("E115", raw=raw, where=where, index=index, detail=detail)
            continue
        missing = item.error(
            "E115",
            raw=raw,
            where=where,
            index=index,
            detail=f"JSON record has no text field (looked for {_looked_for(config)})",
        )
        yield from _record(
            item, record, raw=raw, where=where, format="json", config=config, missing=missing
        )
