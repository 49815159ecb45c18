"""Which reader an input needs: content sniffing first, file extension second.

Content decides whenever it is conclusive (a WARC header, a feed root, HTML markup, JSON
punctuation); plain text is the inconclusive default, and only then does the extension
choose (an HTML fragment saved as ``.html``, a broken ``.json`` that should be reported as
invalid JSON rather than read as prose).
"""

from __future__ import annotations

import json
import os
import re

from newsdesk.ingest.decode import bom_encoding

_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".arc": "warc",
    ".rss": "feed",
    ".atom": "feed",
}
_COMPRESSION = (".gz", ".gzip")
_COMMENTS = re.compile(r"<!--.*?-->|<\?xml[^>]*\?>", re.DOTALL)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<!doctype\s+html|<html\b", re.IGNORECASE)
_TAG = re.compile(
    r"<(?:p|div|span|a|br|h[1-6]|article|section|body|head|meta|script|li|ul|ol|img|table"
    r"|title|link|strong|em|header|footer|nav|main|figure)\b[^>]*>",
    re.IGNORECASE,
)
_JSON_ARRAY = re.compile(r"\[\s*(?:\{|\]|$)")
_JSON_OBJECT = re.compile(r"\{\s*(?:\"|\}|$)")
_MANY_TAGS = 5


def strip_compression_suffix(name: str) -> str:
    """``a.jsonl.gz`` → ``a.jsonl``: the name of what is inside."""
    lowered = name.lower()
    for suffix in _COMPRESSION:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _head_text(head: bytes) -> str:
    encoding = bom_encoding(head)
    if encoding:
        return head.decode(encoding, errors="ignore").lstrip("\ufeff")
    # Only ASCII markers matter here, and latin-1 never fails.
    return head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")


def detect_format(head: bytes, *, name: str) -> str:
    """Reader name for an input whose first bytes are ``head`` and whose name is ``name``."""
    text = _head_text(head).lstrip()
    extension = os.path.splitext(name)[1].lower()
    if text.startswith(("WARC/", "warc/")):
        return "warc"
    markup = _COMMENTS.sub("", text[:8192]).lstrip()
    if markup.startswith("<"):
        opening = markup[:2048]
        html = _HTML_ROOT.search(opening)
        feed = _FEED_ROOT.search(opening)
        if feed and (html is None or feed.start() < html.start()):
            return "feed"
        if html:
            return "html"
        if text.startswith("<?xml") or extension == ".xml":
            # Other XML (TEI, NITF, annotation files) has no reader yet; read as prose it
            # would be markup soup, so it is reported as unsupported instead.
            return "xml"
    if text.startswith("[") and _JSON_ARRAY.match(text):
        return "json"
    if text.startswith("{") and _JSON_OBJECT.match(text):
        return _json_or_lines(text, extension)
    tags = _TAG.findall(text[:16384])
    if len(tags) >= _MANY_TAGS and "</" in text[:16384]:
        return "html"
    return _EXTENSIONS.get(extension, "text")


def _json_or_lines(text: str, extension: str) -> str:
    if extension in (".jsonl", ".ndjson"):
        return "jsonl"
    first, newline, rest = text.partition("\n")
    if not newline or not rest.strip():
        return "json"
    # A first line that is a whole object on its own means one object per line; anything
    # else is a document, and the JSON reader falls back to lines if that fails to parse.
    try:
        value = json.loads(first)
    except ValueError:
        return "json"
    return "jsonl" if isinstance(value, dict) else "json"
