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


# Extraction records (entities, quotes, claims). Offsets point into ``Article.text``.


@dataclass(frozen=True, slots=True)
class Mention:
    """One named-entity mention in one article, as the NER model labelled it."""

    article_id: str
    start: int
    end: int
    text: str
    # spaCy/OntoNotes label: PERSON, ORG, GPE, LOC, FAC, NORP, WORK_OF_ART, EVENT, ...
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Variant:
    """A spelling of an entity's name that differs from the canonical one by a
    typo-sized edit ("Faltemeyer" for "Faltermeyer"), and the articles using it."""

    spelling: str
    article_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"spelling": self.spelling, "article_ids": list(self.article_ids)}


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity, merged across the mentions of a story's articles.

    ``aliases`` are other names for it ("Gaga" for "Lady Gaga"); ``variants`` are
    misspellings of its name, recorded rather than silently merged away.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()
    mentions: tuple[Mention, ...] = ()
    story_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "variants": [v.to_dict() for v in self.variants],
            "mentions": [m.to_dict() for m in self.mentions],
            "story_id": self.story_id,
        }


# How a quote's speaker was found; "none" means unknown (never guessed).
SpeakerHow = Literal["subject", "according_to", "carried", "pronoun", "post", "none"]


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation. ``start``/``end`` span the quoted words (without the
    quote marks). A quote broken by its attribution (``"…," she said, "…"``) is
    two records; the second has ``part_of`` = the first one's id."""

    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    # Offsets of the speaker's name as written in this article (for a pronoun or
    # a carried speaker: the mention it was resolved to), when there is one.
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_how: SpeakerHow = "none"
    cue: str | None = None
    speaker_entity_id: str | None = None
    part_of: str | None = None

    @property
    def id(self) -> str:
        return content_id(f"quote\0{self.article_id}\0{self.start}\0{self.end}".encode())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "speaker_entity_id": self.speaker_entity_id,
            "speaker_how": self.speaker_how,
            "cue": self.cue,
            "part_of": self.part_of,
        }


ClaimKind = Literal[
    "date", "time", "age", "money", "count", "quantity", "percent", "place", "credit", "role"
]


@dataclass(frozen=True, slots=True)
class Claim:
    """A checkable statement: ``subject`` ``predicate`` ``value``.

    ``value`` is normalised so that two outlets' claims compare by equality
    (ISO dates, plain numbers, "USD 1500000", a person's name); ``text`` is the
    span as written, ``start``/``end`` its offsets.
    """

    article_id: str
    start: int
    end: int
    text: str
    kind: ClaimKind
    predicate: str
    value: str
    subject: str | None = None
    subject_entity_id: str | None = None

    @property
    def id(self) -> str:
        return content_id(
            f"claim\0{self.article_id}\0{self.start}\0{self.end}\0{self.predicate}".encode()
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "subject": self.subject,
            "subject_entity_id": self.subject_entity_id,
            "predicate": self.predicate,
            "value": self.value,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    """What one article says, before merging across the story: its entity
    mentions, quotes (speakers as written) and claims. Cached per article."""

    article_id: str
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()


# Comparison records (the ``compare`` stage): where a story's articles agree, where
# they disagree, and how they quote. Ids are content hashes of what defines them,
# so they stay put across runs while the story's articles do.


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement (subject, predicate, value) and the articles that make it.

    ``sources`` has one article per independent origin (a copy counts with the
    article it copies), so ``independent_sources`` is its length and a fact with
    one source is unique to that source's outlet."""

    story_id: str
    subject: str | None
    predicate: str
    kind: ClaimKind
    value: str
    article_ids: tuple[str, ...]
    claim_ids: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()  # the value as the articles wrote it

    @property
    def id(self) -> str:
        return content_id(
            f"fact\0{self.story_id}\0{self.subject or ''}\0{self.predicate}\0{self.value}".encode()
        )

    @property
    def independent_sources(self) -> int:
        return len(self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "story_id": self.story_id,
            "subject": self.subject,
            "predicate": self.predicate,
            "kind": self.kind,
            "value": self.value,
            "article_ids": list(self.article_ids),
            "independent_sources": self.independent_sources,
            "sources": list(self.sources),
            "claim_ids": list(self.claim_ids),
            "texts": list(self.texts),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Fact:
        return cls(
            story_id=d["story_id"],
            subject=d["subject"],
            predicate=d["predicate"],
            kind=d["kind"],
            value=d["value"],
            article_ids=tuple(d["article_ids"]),
            claim_ids=tuple(d.get("claim_ids", ())),
            sources=tuple(d.get("sources", ())),
            texts=tuple(d.get("texts", ())),
        )


DiscrepancyKind = Literal[
    "date", "time", "number", "money", "age", "place", "credit", "name_spelling"
]
Severity = Literal["major", "minor"]


@dataclass(frozen=True, slots=True)
class DiscrepancyValue:
    """One side of a discrepancy: a value, the articles giving it and how each
    wrote it."""

    value: str
    article_ids: tuple[str, ...]
    texts: tuple[str, ...] = ()
    claim_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "article_ids": list(self.article_ids),
            "texts": list(self.texts),
            "claim_ids": list(self.claim_ids),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DiscrepancyValue:
        return cls(
            d["value"],
            tuple(d["article_ids"]),
            tuple(d.get("texts", ())),
            tuple(d.get("claim_ids", ())),
        )


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """The articles of a story give incompatible values for one subject and
    predicate (or spell one entity's name differently)."""

    story_id: str
    kind: DiscrepancyKind
    severity: Severity
    subject: str | None
    predicate: str
    values: tuple[DiscrepancyValue, ...]
    description: str

    @property
    def id(self) -> str:
        values = "\0".join(sorted(v.value for v in self.values))
        blob = f"discrepancy\0{self.story_id}\0{self.kind}\0{self.subject or ''}\0{self.predicate}"
        return content_id(f"{blob}\0{values}".encode())

    @property
    def minority(self) -> frozenset[int]:
        """Indices of the values fewer articles give than another value does."""
        most = max((len(v.article_ids) for v in self.values), default=0)
        return frozenset(k for k, v in enumerate(self.values) if len(v.article_ids) < most)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "story_id": self.story_id,
            "kind": self.kind,
            "severity": self.severity,
            "subject": self.subject,
            "predicate": self.predicate,
            "values": [v.to_dict() for v in self.values],
            "description": self.description,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Discrepancy:
        return cls(
            story_id=d["story_id"],
            kind=d["kind"],
            severity=d["severity"],
            subject=d["subject"],
            predicate=d["predicate"],
            values=tuple(DiscrepancyValue.from_dict(v) for v in d["values"]),
            description=d["description"],
        )


DiffOpKind = Literal["equal", "replace", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class DiffOp:
    """A run of words: kept (``equal``), changed, dropped or added, going from the
    reference quote (``before``) to the variant (``after``)."""

    op: DiffOpKind
    before: str
    after: str

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "before": self.before, "after": self.after}


QuoteVariantKind = Literal["identical", "benign", "altered", "misattributed", "single"]


@dataclass(frozen=True, slots=True)
class QuoteDiff:
    """How one quote differs from the quote it was matched to (``reference_id``)."""

    quote_id: str
    reference_id: str
    kind: QuoteVariantKind
    speaker: str | None
    ops: tuple[DiffOp, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote_id": self.quote_id,
            "reference_id": self.reference_id,
            "kind": self.kind,
            "speaker": self.speaker,
            "ops": [o.to_dict() for o in self.ops],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> QuoteDiff:
        return cls(
            d["quote_id"],
            d["reference_id"],
            d["kind"],
            d["speaker"],
            tuple(DiffOp(o["op"], o["before"], o["after"]) for o in d["ops"]),
        )


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One statement quoted by one or more articles of a story, and how the
    quotations compare: ``single`` when only one outlet has it."""

    story_id: str
    speaker: str | None
    kind: QuoteVariantKind
    quote_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    diff: tuple[QuoteDiff, ...] = ()

    @property
    def id(self) -> str:
        return content_id(
            f"quote_variant\0{self.story_id}\0{chr(0).join(sorted(self.quote_ids))}".encode()
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "story_id": self.story_id,
            "speaker": self.speaker,
            "kind": self.kind,
            "quote_ids": list(self.quote_ids),
            "article_ids": list(self.article_ids),
            "diff": [d.to_dict() for d in self.diff],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> QuoteVariant:
        return cls(
            story_id=d["story_id"],
            speaker=d["speaker"],
            kind=d["kind"],
            quote_ids=tuple(d["quote_ids"]),
            article_ids=tuple(d.get("article_ids", ())),
            diff=tuple(QuoteDiff.from_dict(x) for x in d["diff"]),
        )


# Summary records (the ``summarize`` stage). Attribution lives in the data: every
# sentence names the article and offsets it was taken from, and every citation
# the sentence of another article that backs it.

SummaryMethod = Literal["extractive", "llm"]
SummaryLineKind = Literal["sentence", "headline"]


@dataclass(frozen=True, slots=True)
class Citation:
    """An article that supports a summary sentence, and the sentence in it that
    does (character offsets into that article's cleaned text)."""

    article_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One sentence of a story summary.

    ``article_id``/``start``/``end`` locate the sentence it was taken from
    (for an abstractive sentence: the first source it cites); ``text`` may be
    lightly compressed from it (a leading connective dropped), never reworded.
    ``citations`` lists every article backing its content, its own first.
    ``disputed`` names the discrepancies touching it and ``note`` says how the
    reports differ, so a disputed fact is never stated as settled.

    A ``headline`` line is the title of article ``article_id``, as the outlet
    wrote it; ``start``/``end`` then locate the sentence of that article which
    backs it (the title is not part of the cleaned text)."""

    text: str
    article_id: str
    start: int
    end: int
    citations: tuple[Citation, ...]
    note: str | None = None
    disputed: tuple[str, ...] = ()
    kind: SummaryLineKind = "sentence"

    @property
    def cited_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.citations))

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "citations": list(self.cited_ids),
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "support": [c.to_dict() for c in self.citations],
            "note": self.note,
            "disputed": list(self.disputed),
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SummarySentence:
        return cls(
            text=d["text"],
            article_id=d["article_id"],
            start=d["start"],
            end=d["end"],
            citations=tuple(
                Citation(c["article_id"], c["start"], c["end"]) for c in d.get("support", ())
            ),
            note=d.get("note"),
            disputed=tuple(d.get("disputed", ())),
            kind=d.get("kind", "sentence"),
        )


@dataclass(frozen=True, slots=True)
class Summary:
    """A story's summary: sentences in reading order, each with its citations;
    the first may be a ``headline`` line (the word budget counts it)."""

    story_id: str
    sentences: tuple[SummarySentence, ...]
    method: SummaryMethod = "extractive"

    @property
    def n_words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    @property
    def headline(self) -> SummarySentence | None:
        return next((s for s in self.sentences if s.kind == "headline"), None)

    @property
    def body(self) -> tuple[SummarySentence, ...]:
        return tuple(s for s in self.sentences if s.kind != "headline")

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "method": self.method,
            "sentences": [s.to_dict() for s in self.sentences],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Summary:
        return cls(
            story_id=d["story_id"],
            sentences=tuple(SummarySentence.from_dict(s) for s in d["sentences"]),
            method=d.get("method", "extractive"),
        )
