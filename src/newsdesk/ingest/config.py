"""Options of the input readers."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_JSON_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("title", "headline")),
    ("text", ("text", "body", "content", "article", "maintext")),
    ("url", ("url", "link")),
    ("published", ("date", "published", "published_at", "pubDate", "datetime")),
    ("outlet", ("source", "outlet", "site", "newsSource", "sitename")),
    ("author", ("author", "byline")),
    ("language", ("language", "lang")),
)


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """How inputs are found and read. Every field has a default that suits a folder of news."""

    # One article bigger than this is almost surely not an article (a dump, a book, a log);
    # containers (JSONL, WARC, feeds) are read item by item and are not bound by it.
    max_article_bytes: int = 10_000_000
    # For each Document field, the JSON keys that may hold it, in order of preference.
    json_fields: tuple[tuple[str, tuple[str, ...]], ...] = DEFAULT_JSON_FIELDS
    # False: symlinked folders met while walking a folder are not entered (no cycles, no
    # escaping the tree); symlinked files are still read. Paths named by the user are
    # always followed.
    follow_symlinks: bool = False
    # Names skipped while walking folders (hidden files and folders are always skipped).
    skip_names: tuple[str, ...] = ("MANIFEST.json", "README.md")
    # Feed items shorter than this many sentences are teasers, not articles.
    feed_min_sentences: int = 3
    # How many opening lines the header parser looks at for a byline or dateline.
    header_lines: int = 6
    # Numeric dates such as 03/05/2024: True reads day first (UK), False month first (US).
    dayfirst: bool = False
    # Bytes looked at to guess a file's format.
    sniff_bytes: int = 65_536

    def field_keys(self, name: str) -> tuple[str, ...]:
        """JSON keys configured for Document field ``name`` (empty when not configured)."""
        for field_name, keys in self.json_fields:
            if field_name == name:
                return keys
        return ()
