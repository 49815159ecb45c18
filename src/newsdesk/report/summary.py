"""Summaries as readers see them: each sentence with its citations by outlet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from ..model import Article, Summary


def article_label(article: Article | None, article_id: str) -> str:
    """What a citation shows: the outlet, else the site, else the file name."""
    if article is None:
        return article_id[:8]
    if article.outlet:
        return article.outlet
    if article.url and (host := urlsplit(article.url).hostname):
        return host.removeprefix("www.")
    stem = PurePath(article.path.split("#")[0]).stem if article.path else ""
    return stem[:24] or article_id[:8]


@dataclass(frozen=True, slots=True)
class CiteView:
    label: str
    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SentenceView:
    text: str
    note: str | None
    cites: tuple[CiteView, ...]
    kind: str = "sentence"  # or "headline": an outlet's title opening the summary

    def plain(self) -> str:
        """``text [A, B]`` plus the dispute note, for terminals and Markdown."""
        labels = list(dict.fromkeys(c.label for c in self.cites))
        out = f"{self.text} [{', '.join(labels)}]"
        return out + (f" ({self.note})" if self.note else "")


def summary_view(summary: Summary, articles: Mapping[str, Article]) -> list[SentenceView]:
    return [
        SentenceView(
            s.text,
            s.note,
            tuple(
                CiteView(
                    article_label(articles.get(c.article_id), c.article_id),
                    c.article_id,
                    c.start,
                    c.end,
                )
                for c in s.citations
            ),
            s.kind,
        )
        for s in summary.sentences
    ]


def summary_views(
    summaries: Sequence[Summary], articles: Mapping[str, Article]
) -> dict[str, list[SentenceView]]:
    return {s.story_id: summary_view(s, articles) for s in summaries}
