"""Summary evaluation: ROUGE against human roundups, and how well sentences are cited.

Two layouts of the AllSides data:

* ``allsides``: ``stories_dev.jsonl``, one story per line; the articles are the
  story's outlets (left/center/right), the reference is ``roundup[0]``.
* ``allsides-roundup``: a ``.source`` file, one cluster per line, articles
  separated by ``[SEP]``, each ``TITLE=> … ARTICLE=> …``; the reference is the
  same line of the ``.target`` file beside it (its title and text).

Scores are rouge-score's ROUGE-1/2/Lsum F1 with Porter stemming, sentences
newline-separated (ROUGE-Lsum needs them), averaged over clusters. Two
baselines run in the same call so the figures compare like with like:
round-robin lead sentences and a TF-IDF centroid with maximal marginal
relevance, both filling the same word budget the same way (a sentence that
does not fit is skipped).

The reference is the roundup's title and text, so newsdesk's summary is scored
as readers get it: its headline line (an outlet's title, inside the same word
budget) and its sentences. ``--set summary.headline=false`` scores the
sentences alone; the baselines have no headline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..dedup import DedupConfig, detect_links
from ..model import Article, Document, Link, StoryRecord, Summary
from ..segment import split_sentences
from ..summarize import Encode, SummaryConfig, summarize_story
from .datasets import DatasetError, Skipped, _article, _iso_date, _read_lines, skip_item


@dataclass(frozen=True, slots=True)
class SummaryItem:
    """One cluster of articles and its human reference summary."""

    id: str
    articles: tuple[Article, ...]
    reference: str


def _doc(source: str, title: str | None, text: str, **extra: Any) -> Document:
    return Document(
        source=source,
        raw=text.encode(),
        text=text,
        format="text",
        title=title,
        language="en",
        **extra,
    )


def _item(
    out: list[SummaryItem],
    skipped: list[Skipped] | None,
    source: str,
    docs: Sequence[Document],
    reference: str,
) -> None:
    articles = tuple(a for d in docs if (a := _article(d)) is not None)
    if not articles:
        skip_item(skipped, source, "no article text")
    elif not reference.strip():
        skip_item(skipped, source, "no reference summary")
    else:
        out.append(SummaryItem(source, articles, reference))


def allsides_stories(
    path: str | Path, *, skipped: list[Skipped] | None = None
) -> list[SummaryItem]:
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path}: not a file (expected AllSides stories_dev.jsonl)")
    out: list[SummaryItem] = []
    for line_no, line in _read_lines(path):
        source = f"{path.name}#{line_no}"
        try:
            story = json.loads(line)
            roundup = story.get("roundup") or []
            reference = str(roundup[0]) if roundup else ""
            day = _iso_date(story.get("date"))
            docs = []
            for stance, news in sorted((story.get("news") or {}).items()):
                body = news.get("newBody") or news.get("newsBody") or []
                text = "\n\n".join(" ".join(str(p).split()) for p in body if str(p).strip())
                if text:
                    docs.append(
                        _doc(
                            f"{source}:{stance}",
                            news.get("newsTitle"),
                            text,
                            outlet=news.get("newsSource"),
                            published=day,
                        )
                    )
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            skip_item(skipped, source, f"bad story: {exc}")
            continue
        _item(out, skipped, source, docs, reference)
    if not out:
        raise DatasetError(f"{path}: no AllSides stories with a roundup found")
    return out


_PART = re.compile(r"^\s*TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*?)\s*$", re.S)


def _title_and_text(part: str) -> tuple[str | None, str]:
    m = _PART.match(part)
    return (m.group(1) or None, m.group(2)) if m else (None, part.strip())


def allsides_roundup(
    path: str | Path, *, skipped: list[Skipped] | None = None
) -> list[SummaryItem]:
    path = Path(path)
    target = path.with_suffix(".target")
    if not path.is_file() or path.suffix != ".source":
        raise DatasetError(f"{path}: expected a .source file (AllSides roundup layout)")
    if not target.is_file():
        raise DatasetError(f"{target}: the .target file beside {path.name} is missing")
    sources = path.read_text(encoding="utf-8").splitlines()
    targets = target.read_text(encoding="utf-8").splitlines()
    if len(sources) != len(targets):
        raise DatasetError(
            f"{path}: {len(sources)} clusters but {target.name} has {len(targets)} lines"
        )
    out: list[SummaryItem] = []
    for n, (src, tgt) in enumerate(zip(sources, targets, strict=True), start=1):
        source = f"{path.name}#{n}"
        docs = []
        for k, part in enumerate(src.split("[SEP]")):
            title, text = _title_and_text(part)
            if text:
                docs.append(_doc(f"{source}:{k}", title, text))
        title, text = _title_and_text(tgt)
        _item(out, skipped, source, docs, "\n".join(s for s in (title, text) if s))
    if not out:
        raise DatasetError(f"{path}: no clusters found")
    return out


SUMMARY_LOADERS: dict[str, Callable[..., list[SummaryItem]]] = {
    "allsides": allsides_stories,
    "allsides-roundup": allsides_roundup,
}


# -- baselines ------------------------------------------------------------------------


def _sentences(a: Article) -> list[str]:
    body = {i for i, p in enumerate(a.paragraphs) if p.kind == "body"}
    return [s.text.strip() for s in a.sentences if s.paragraph in body and s.text.strip()]


def _fill(ordered: Iterator[str], words: int) -> list[str]:
    out: list[str] = []
    used = 0
    for s in ordered:
        n = len(s.split())
        if used + n <= words:
            out.append(s)
            used += n
    return out


def round_robin(articles: Sequence[Article], *, words: int) -> list[str]:
    """First sentences of every article, then second sentences, … within the budget."""
    per = [_sentences(a) for a in articles]
    depth = max((len(p) for p in per), default=0)
    return _fill((p[i] for i in range(depth) for p in per if i < len(p)), words)


def centroid_mmr(articles: Sequence[Article], *, words: int, weight: float = 0.7) -> list[str]:
    """TF-IDF centroid relevance with maximal marginal relevance (Carbonell &
    Goldstein's weight 0.7 on relevance), greedily within the budget."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    pool = [s for a in articles for s in _sentences(a)]
    try:
        x = TfidfVectorizer(stop_words="english").fit_transform(pool).toarray()
    except ValueError:
        return []
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-12
    centroid = x.mean(axis=0)
    centroid /= np.linalg.norm(centroid) + 1e-12
    relevance, sims = x @ centroid, x @ x.T
    chosen: list[int] = []
    used = 0
    left = set(range(len(pool)))
    while left:
        fits = [j for j in left if used + len(pool[j].split()) <= words]
        if not fits:
            break
        best = max(
            fits,
            key=lambda j: (
                weight * relevance[j]
                - (1 - weight) * max((sims[j, k] for k in chosen), default=0.0)
            ),
        )
        chosen.append(best)
        used += len(pool[best].split())
        left.discard(best)
    return [pool[j] for j in chosen]


# -- scoring ------------------------------------------------------------------------


@dataclass(slots=True)
class SystemScore:
    name: str
    rouge1: list[float] = field(default_factory=list)
    rouge2: list[float] = field(default_factory=list)
    rougeLsum: list[float] = field(default_factory=list)
    citations: list[int] = field(default_factory=list)  # per summary sentence
    words: list[int] = field(default_factory=list)  # per summary
    headline_words: list[int] = field(default_factory=list)  # per summary, 0: none

    def to_dict(self) -> dict[str, Any]:
        def pct(xs: list[float]) -> float:
            return round(100 * float(np.mean(xs)), 2) if xs else 0.0

        out: dict[str, Any] = {
            "rouge1": pct(self.rouge1),
            "rouge2": pct(self.rouge2),
            "rougeLsum": pct(self.rougeLsum),
            "n": len(self.rouge1),
            "mean_words": round(float(np.mean(self.words)), 1) if self.words else 0.0,
            "max_words": max(self.words, default=0),
        }
        if self.name == "newsdesk":
            cites = self.citations
            out["cited_fraction"] = (
                round(sum(c >= 1 for c in cites) / len(cites), 4) if cites else 0.0
            )
            out["mean_citations"] = round(float(np.mean(cites)), 3) if cites else 0.0
            heads = self.headline_words
            out["headline_fraction"] = (
                round(sum(h > 0 for h in heads) / len(heads), 4) if heads else 0.0
            )
            out["mean_headline_words"] = (
                round(float(np.mean([h for h in heads if h])), 1) if any(heads) else 0.0
            )
        return out


class RougeUnavailable(RuntimeError):
    pass


def _scorer() -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:
        raise RougeUnavailable(
            "rouge-score is not installed: pip install 'newsdesk[eval]'"
        ) from exc
    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)


def _lines(text: str) -> str:
    """One sentence per line, as ROUGE-Lsum expects (the project's own splitter)."""
    from ..model import Paragraph

    out: list[str] = []
    for para in text.splitlines():
        if para.strip():
            spans = split_sentences(para, (Paragraph(0, len(para), "body"),))
            out.extend(s.text.strip() for s in spans)
    return "\n".join(out)


def as_story(
    item: SummaryItem, *, encode: Encode, dedup: DedupConfig
) -> tuple[StoryRecord, list[Link]]:
    """The item's articles as one story, with the copy links dedup finds among them."""
    story = StoryRecord(item.id, "", tuple(a.id for a in item.articles), None, None)
    groups = detect_links(articles=item.articles, embedder=encode, config=dedup)
    return story, [link for group in groups.values() for link in group]


def evaluate_summaries(
    items: Sequence[SummaryItem],
    *,
    encode: Encode,
    config: SummaryConfig,
    words: int,
    baselines: bool = True,
    progress: Callable[[int], None] | None = None,
) -> dict[str, SystemScore]:
    scorer = _scorer()
    config = replace(config, words=words, sentences=None)
    systems = {"newsdesk": SystemScore("newsdesk")}
    if baselines:
        systems["round-robin"] = SystemScore("round-robin")
        systems["centroid-mmr"] = SystemScore("centroid-mmr")
    dedup = DedupConfig()
    for n, item in enumerate(items, start=1):
        reference = _lines(item.reference)
        story, links = as_story(item, encode=encode, dedup=dedup)
        summary: Summary = summarize_story(
            story=story, articles=item.articles, links=links, encode=encode, config=config
        )
        outputs = {"newsdesk": [s.text for s in summary.sentences]}
        systems["newsdesk"].citations.extend(len(s.cited_ids) for s in summary.sentences)
        head = summary.headline
        systems["newsdesk"].headline_words.append(len(head.text.split()) if head else 0)
        if baselines:
            outputs["round-robin"] = round_robin(item.articles, words=words)
            outputs["centroid-mmr"] = centroid_mmr(item.articles, words=words)
        for name, sentences in outputs.items():
            score = scorer.score(reference, "\n".join(sentences))
            system = systems[name]
            system.rouge1.append(score["rouge1"].fmeasure)
            system.rouge2.append(score["rouge2"].fmeasure)
            system.rougeLsum.append(score["rougeLsum"].fmeasure)
            system.words.append(sum(len(s.split()) for s in sentences))
        if progress is not None:
            progress(n)
    return systems
