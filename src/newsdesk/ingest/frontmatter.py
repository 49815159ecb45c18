"""YAML front matter (``---`` … ``---``) at the start of a text or Markdown article.

Invalid YAML does not lose the article: the block is still consumed (it is plainly not
body text), simple ``key: value`` lines are read leniently, and the E117 message is
returned for the reader to report beside the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

from newsdesk.errors import msg
from newsdesk.ingest.byline import join_names

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|$)", re.MULTILINE)
_KEY_LINE = re.compile(r"^([A-Za-z_][\w -]{0,40}):(?:[ \t]+(.*?))?[ \t]*$", re.MULTILINE)
_MAX_CHARS = 20_000

# Document field -> front-matter keys that may hold it (compared lower-cased).
_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline", "creator"),
    "date": ("date", "published", "published_at", "pubdate", "publish_date", "datetime", "created"),
    "outlet": ("outlet", "source", "site", "sitename", "site_name", "publisher", "publication"),
    "url": ("url", "link", "canonical", "canonical_url", "permalink"),
    "language": ("language", "lang", "locale"),
}


@dataclass(frozen=True, slots=True)
class FrontMatter:
    end: int  # offset just past the closing line
    # Field values as text, except "date", which may be a date/datetime from YAML.
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def parse_front_matter(text: str) -> FrontMatter | None:
    """Front matter at the very start of ``text``, or None when there is none."""
    opening = _OPEN.match(text)
    if opening is None:
        return None
    closing = _CLOSE.search(text, opening.end(), min(len(text), _MAX_CHARS))
    if closing is None:
        return None
    block = text[opening.end() : closing.start()]
    # A rule of dashes around ordinary prose is a separator, not metadata.
    if not _KEY_LINE.search(block):
        return None
    error = None
    try:
        loaded = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        loaded = None
        error = msg("E117", detail=_yaml_problem(exc))
    if error is None and not isinstance(loaded, dict):
        error = msg("E117", detail=f"it is a {type(loaded).__name__}, not a mapping")
    data: dict[Any, Any] = loaded if isinstance(loaded, dict) else _lenient(block)
    return FrontMatter(end=closing.end(), fields=_fields(data), error=error)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    # +2: the block starts on the line after the opening '---', and marks count from 0.
    return f"{problem} (line {mark.line + 2})" if mark is not None else str(problem)


def _lenient(block: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for match in _KEY_LINE.finditer(block):
        value = (match.group(2) or "").strip().strip("'\"")
        if value:
            data.setdefault(match.group(1).strip(), value)
    return data


def _fields(data: dict[Any, Any]) -> dict[str, Any]:
    lowered = {str(key).strip().lower(): value for key, value in data.items()}
    fields: dict[str, Any] = {}
    for name, keys in _KEYS.items():
        for key in keys:
            value = lowered.get(key)
            if name == "date" and isinstance(value, date | datetime):
                fields[name] = value
                break
            text = _as_text(value)
            if text:
                fields[name] = text
                break
    return fields


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("title"))
    if isinstance(value, list):
        names = [text for text in (_as_text(item) for item in value) if text]
        return join_names(names) if names else None
    return None
