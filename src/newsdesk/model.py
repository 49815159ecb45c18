"""Records that flow between newsdesk's stages.

Every record is a frozen dataclass. Attribution lives in the data: anything derived
from an article (a sentence, a removal, later a quote or a claim) carries the
article id and character offsets, so a reader can always go back to the source.

Offsets conventions:

* ``Removal`` offsets point into ``Article.source_text`` (the decoded text the
  reader extracted, before cleaning) - the text a user would recognise.
* ``Paragraph`` and ``Sentence`` offsets point into ``Article.text`` (cleaned).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

ParagraphKind = Literal["body", "heading"]


def content_id(data: bytes) -> str:
    """Id of a piece of content: the first 16 hex digits of its SHA-256.

    64 bits make a collision unlikely below ~10^9 articles; short ids read well in
    a terminal and in URLs.
    """
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the source text that cleaning (or metadata parsing) took out."""

    start: int
    end: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    kind: ParagraphKind = "body"


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Document:
    """One article as a reader found it, before cleaning.

    ``raw`` are the original bytes of this item (a whole file, or one JSON line,
    one WARC record, one feed item); they define the article id.
    """

    source: str
    raw: bytes
    text: str
    format: str
    title: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    # Parts of ``text`` that the reader consumed as metadata (title line, byline,
    # dateline); the cleaner records them as removals alongside its own.
    consumed: tuple[Removal, ...] = ()

    @property
    def id(self) -> str:
        return content_id(self.raw)


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    path: str
    format: str
    text: str
    source_text: str
    title: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    removals: tuple[Removal, ...] = ()
    raw: bytes = field(default=b"", repr=False, compare=False)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class IngestError:
    """An input that could not become an article. ``raw`` keeps what bytes we had."""

    path: str
    reason: str
    code: str
    raw: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return content_id(f"{self.path}\0{self.code}\0{self.reason}".encode())

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.reason, "code": self.code}


@dataclass(frozen=True, slots=True)
class Span:
    """A character range in one article."""

    article_id: str
    start: int
    end: int


# Records filled in by later stages. Declared here so the store and the export
# contract have one place to grow from.


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """A sentence of the source aligned with a sentence of the copy."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    score: float

    def swapped(self) -> AlignedPair:
        return AlignedPair(
            self.target_start, self.target_end, self.source_start, self.source_end, self.score
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_start": self.source_start,
            "source_end": self.source_end,
            "target_start": self.target_start,
            "target_end": self.target_end,
            "score": self.score,
        }


LinkKind = Literal["duplicate", "near_duplicate", "rewrite"]


@dataclass(frozen=True, slots=True)
class Link:
    """``target`` is a copy (duplicate, syndicated near-duplicate or rewrite) of
    ``source``. When the evidence does not decide the direction,
    ``direction_confidence`` is 0 and source/target are in id order."""

    source: str
    target: str
    kind: LinkKind
    score: float
    direction_confidence: float
    aligned: tuple[AlignedPair, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def directed(self) -> bool:
        return self.direction_confidence > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "kind": self.kind,
            "score": self.score,
            "direction_confidence": self.direction_confidence,
            "direction": "known" if self.directed else "unknown",
            "evidence": list(self.evidence),
            "aligned": [a.to_dict() for a in self.aligned],
        }


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """One story: articles on the same real-world event. ``id`` is stable across
    runs; ``aliases`` are ids of stories merged into this one."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    first_seen: date | None
    last_seen: date | None
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "article_ids": list(self.article_ids),
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "aliases": list(self.aliases),
        }
