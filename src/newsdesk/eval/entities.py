"""``newsdesk eval entities``: cross-document merging of named entities on ECB+.

What is measured: within each ECB+ topic (all its ``ecb`` and ``ecbplus``
documents, read as one story), whether ``merge_entities`` puts the mentions of
one participant together and the mentions of different ones apart.

Gold. ECB+ annotates participants as markables (``HUMAN_PART_PER``,
``HUMAN_PART_ORG``, ``NON_HUMAN_PART``…) with token anchors, and links them to
cross-document chains (``CROSS_DOC_COREF``, its ``note`` the chain id). The items
are the chained participant mentions that are *proper names*: a capitalised
word of the mention (two letters or more) is never written in lower case
anywhere in the topic. "the actress", "she", "the company" are out, and so are
"Woman" and "Police" capitalised only at the start of a headline or sentence
(the topic also says "woman", "police"); "lawyer Mark Heller", "Lindsay
Lohan's", "INS Sukanya" are in. The test reads only the annotated texts, never
the model under evaluation. ``*_GENERIC`` markables ("Surgeon General" as a
role) are left out: they are not names of individuals. Within a topic the ``ecb``
and ``ecbplus`` halves report different events, but a participant of both (a
person, a team) is one chain, so the topic, not the half, is the story.

Prediction. Each document is rebuilt from its tokens (as the clustering loader
does), parsed, and run through ``article_mentions``. A gold mention takes the
predicted mention that overlaps it most. When NER missed it, the gold span
itself is fed to merging as an unlabelled mention (trimmed like NER's), so that
the score measures merging, not recall of NER. All of a topic's mentions (the
unscored ones too: they decide whether a partial name is unique) are merged with
``merge_entities``; a gold mention's predicted cluster is its mention's entity.

The score is BCubed over all topics pooled (a mention's cluster never spans
topics). The ``baseline`` merges by exact normalised name (``name_key``) only:
same mentions, same fed spans, no merging rule.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..extract.entities import UNKNOWN_LABEL, EntityConfig, article_mentions, span_mention
from ..extract.merge import merge_entities
from ..model import Entity, Mention

# The token and file conventions of ECB+ live with the clustering loader; the
# text is rebuilt the same way so both evaluations read the same documents.
from .datasets import URL_RE, DatasetError, Skipped, detokenise, ecb_files, skip_item
from .metrics import bcubed

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Participant markables; *_GENERIC ones are roles or kinds, not named individuals.
PARTICIPANT_TAGS = frozenset(
    {
        "HUMAN_PART_PER",
        "HUMAN_PART_ORG",
        "HUMAN_PART_GPE",
        "HUMAN_PART_FAC",
        "HUMAN_PART_VEH",
        "HUMAN_PART_MET",
        "HUMAN_PART",
        "NON_HUMAN_PART",
    }
)


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A chained participant mention: character offsets into the rebuilt text."""

    start: int
    end: int
    text: str
    chain: str
    tag: str


@dataclass(frozen=True, slots=True)
class EcbDocument:
    name: str
    topic: str
    text: str
    # Every chained participant mention; the proper-name test needs the whole topic.
    mentions: tuple[GoldMention, ...]


def _align(sentence: str, tokens: Sequence[str]) -> list[tuple[int, int] | None]:
    """Character range of each token in its rebuilt sentence (None if not found:
    a split quote pair rebuilt as one mark)."""
    out: list[tuple[int, int] | None] = []
    pos = 0
    for token in tokens:
        for form in (token, {"``": "“", "''": "”", "`": "‘"}.get(token, token)):
            at = sentence.find(form, pos, pos + len(form) + 2)
            if at >= 0:
                out.append((at, at + len(form)))
                pos = at + len(form)
                break
        else:
            out.append(None)
    return out


def read_document(file: Path, *, topic: str, kind: str) -> EcbDocument:
    """One ECB+ file: its rebuilt text and its chained participant mentions.
    Raises ValueError or ET.ParseError on a broken file."""
    root = ET.fromstring(file.read_bytes())
    sentences: dict[str, list[tuple[str, str]]] = {}
    for tok in root.iter("token"):
        word = (tok.text or "").strip()
        if word:
            sentences.setdefault(tok.get("sentence", ""), []).append((tok.get("t_id", ""), word))
    groups = list(sentences.values())
    if not groups:
        raise ValueError("no tokens")
    if URL_RE.match("".join(w for _, w in groups[0])):
        groups.pop(0)
    rendered = detokenise([[w for _, w in g] for g in groups], split_words=kind == "ecbplus")
    offsets: dict[str, tuple[int, int]] = {}
    base = 0
    for group, sentence in zip(groups, rendered, strict=True):
        for (t_id, _), at in zip(group, _align(sentence, [w for _, w in group]), strict=True):
            if at is not None:
                offsets[t_id] = (base + at[0], base + at[1])
        base += len(sentence) + 2
    text = "\n\n".join(rendered)
    markables: dict[str, tuple[str, list[str]]] = {}
    for m in root.iterfind("Markables/*"):
        anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
        if anchors:
            markables[m.get("m_id", "")] = (m.tag, anchors)
    mentions: dict[tuple[int, int], GoldMention] = {}
    for rel in root.iterfind("Relations/CROSS_DOC_COREF"):
        chain = f"{topic}/{rel.get('note', '')}"
        for source in rel.findall("source"):
            tag, anchors = markables.get(source.get("m_id", ""), ("", []))
            spans = [offsets[a] for a in anchors if a in offsets]
            if tag not in PARTICIPANT_TAGS or not spans:
                continue
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            mentions.setdefault((start, end), GoldMention(start, end, text[start:end], chain, tag))
    return EcbDocument(
        name=file.name,
        topic=topic,
        text=text,
        mentions=tuple(sorted(mentions.values(), key=lambda g: (g.start, g.end))),
    )


def load_ecbplus(path: str | Path, *, skipped: list[Skipped] | None = None) -> list[EcbDocument]:
    """Every ECB+ document under ``path`` (a folder of topic folders, or one topic)."""
    path = Path(path)
    if not path.is_dir():
        raise DatasetError(f"{path}: not a folder (expected the ECB+ folder of topic folders)")
    out: list[EcbDocument] = []
    for file, match in ecb_files(path, skipped):
        try:
            out.append(read_document(file, topic=match[1], kind=match[3]))
        except (OSError, ValueError, ET.ParseError) as exc:
            skip_item(skipped, f"{file.parent.name}/{file.name}", f"bad ECB+ file: {exc}")
    if not out:
        raise DatasetError(f"{path}: no ECB+ files found")
    return out


_WORD_RE = re.compile(r"[^\W\d_]+")


def lowercase_words(texts: Iterable[str]) -> set[str]:
    """Words the texts write in lower case: common words, whatever their case elsewhere."""
    return {w for text in texts for w in _WORD_RE.findall(text) if w.islower()}


def is_proper_name(text: str, *, lowercase: set[str]) -> bool:
    """A capitalised word of ``text`` is never written in lower case in the topic.

    "Lindsay Lohan", "Red Sox", "INS Sukanya" are names; "Woman", "Actress",
    "Police" (capitalised in a headline or at a sentence start, but "woman",
    "actress", "police" elsewhere) are not. The test reads only the annotated
    texts, not the model under evaluation.
    """
    # One letter ("I", an initial) names nothing by itself.
    return any(
        len(w) > 1 and w[0].isupper() and w.lower() not in lowercase for w in _WORD_RE.findall(text)
    )


@dataclass(frozen=True, slots=True)
class MergeError:
    """A gold chain split over several entities, or an entity holding several chains."""

    kind: Literal["split", "merged"]
    topic: str
    # The chain id (split) or the entity's name (merged).
    what: str
    # The entities it was split into, or "chain: mention texts" for each chain held.
    parts: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "topic": self.topic,
            "what": self.what,
            "parts": list(self.parts),
        }


@dataclass(frozen=True, slots=True)
class EntityReport:
    precision: float
    recall: float
    f1: float
    n_mentions: int
    n_gold: int
    n_pred: int
    n_topics: int
    n_documents: int
    # Gold mentions no NER mention overlapped (fed to merging as spans).
    n_fed: int
    # Parse + extract + merge; and each part alone (extraction without the parse).
    seconds: float
    parse_seconds: float
    mention_seconds: float
    merge_seconds: float
    baseline: bool
    errors: tuple[MergeError, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "bcubed_precision": round(self.precision, 4),
            "bcubed_recall": round(self.recall, 4),
            "bcubed_f1": round(self.f1, 4),
            "n_mentions": self.n_mentions,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "n_topics": self.n_topics,
            "n_documents": self.n_documents,
            "n_fed_from_gold": self.n_fed,
            "seconds": round(self.seconds, 3),
            "parse_seconds": round(self.parse_seconds, 3),
            "mention_seconds": round(self.mention_seconds, 3),
            "merge_seconds": round(self.merge_seconds, 3),
            "mode": "baseline" if self.baseline else "merge",
        }


# The baseline: mentions with one normalised name (``name_key``) are one entity.
BASELINE = EntityConfig(
    merge_in_article=False, merge_variants=False, merge_partial=False, merge_acronyms=False
)


@dataclass(frozen=True, slots=True)
class _Item:
    """A scored gold mention and the mention that stands for it in merging."""

    chain: str
    mention: Mention
    fed: bool


def _topic_items(
    docs: Sequence[EcbDocument], found: Sequence[list[Mention]], parsed: Sequence[Doc]
) -> tuple[list[_Item], list[Mention]]:
    """Scored items and every mention of one topic."""
    items: list[_Item] = []
    mentions = [m for ms in found for m in ms]
    lowercase = lowercase_words(d.text for d in docs)
    for ecb, ner, doc in zip(docs, found, parsed, strict=True):
        for gold in ecb.mentions:
            if not is_proper_name(gold.text, lowercase=lowercase):
                continue
            best = max(ner, key=lambda m: _overlap(m, gold), default=None)
            if best is not None and _overlap(best, gold) > 0:
                items.append(_Item(gold.chain, best, fed=False))
                continue
            fed = span_mention(doc, article_id=ecb.name, start=gold.start, end=gold.end)
            fed = fed or Mention(ecb.name, gold.start, gold.end, gold.text, UNKNOWN_LABEL)
            mentions.append(fed)
            items.append(_Item(gold.chain, fed, fed=True))
    return items, mentions


def _overlap(m: Mention, gold: GoldMention) -> int:
    return min(m.end, gold.end) - max(m.start, gold.start)


def evaluate_entities(
    docs: Sequence[EcbDocument],
    *,
    nlp: Language,
    config: EntityConfig | None = None,
    baseline: bool = False,
    n_errors: int = 0,
) -> EntityReport:
    """Parse, extract and merge each topic as one story; BCubed of the gold
    mentions' entities against their chains, pooled over topics."""
    if not docs:
        raise ValueError("no documents")
    config = BASELINE if baseline else (config or EntityConfig())
    by_topic: dict[str, list[EcbDocument]] = defaultdict(list)
    for d in docs:
        by_topic[d.topic].append(d)
    gold: list[str] = []
    pred: list[str] = []
    n_fed = 0
    errors: list[MergeError] = []
    clock = {"parse": 0.0, "mentions": 0.0, "merge": 0.0}
    for topic, topic_docs in by_topic.items():
        t0 = time.perf_counter()
        parsed = list(nlp.pipe(d.text for d in topic_docs))
        t1 = time.perf_counter()
        found = [
            article_mentions(doc, article_id=d.name, config=config)
            for d, doc in zip(topic_docs, parsed, strict=True)
        ]
        t2 = time.perf_counter()
        items, mentions = _topic_items(topic_docs, found, parsed)
        t3 = time.perf_counter()
        entities = merge_entities(mentions, story_id=topic, config=config)
        t4 = time.perf_counter()
        clock["parse"] += t1 - t0
        clock["mentions"] += t2 - t1
        clock["merge"] += t4 - t3
        owner = {(m.article_id, m.start, m.end): e for e in entities for m in e.mentions}
        named = [
            (item, owner[(item.mention.article_id, item.mention.start, item.mention.end)])
            for item in items
        ]
        for item, entity in named:
            gold.append(item.chain)
            pred.append(f"{topic}/{entity.id}")
            n_fed += item.fed
        if len(errors) < n_errors:
            errors.extend(_errors(topic, named))
    if not gold:
        raise ValueError("no proper-name mentions in the gold chains")
    p, r, f = bcubed(gold, pred)
    return EntityReport(
        precision=p,
        recall=r,
        f1=f,
        n_mentions=len(gold),
        n_gold=len(set(gold)),
        n_pred=len(set(pred)),
        n_topics=len(by_topic),
        n_documents=len(docs),
        n_fed=n_fed,
        seconds=sum(clock.values()),
        parse_seconds=clock["parse"],
        mention_seconds=clock["mentions"],
        merge_seconds=clock["merge"],
        baseline=baseline,
        errors=tuple(errors[:n_errors]),
    )


def _errors(topic: str, named: Sequence[tuple[_Item, Entity]]) -> list[MergeError]:
    """The chains of one topic split over entities, then the entities merging chains."""
    split: dict[str, set[str]] = defaultdict(set)
    held: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, set[str]] = defaultdict(set)
    for item, entity in named:
        split[item.chain].add(entity.name)
        held[entity.name].add(item.chain)
        texts[item.chain].add(item.mention.text)
    out = [
        MergeError("split", topic, chain, tuple(sorted(names)))
        for chain, names in sorted(split.items())
        if len(names) > 1
    ]
    out.extend(
        MergeError(
            "merged",
            topic,
            name,
            tuple(f"{c}: {' | '.join(sorted(texts[c]))}" for c in sorted(chains)),
        )
        for name, chains in sorted(held.items())
        if len(chains) > 1
    )
    return out
