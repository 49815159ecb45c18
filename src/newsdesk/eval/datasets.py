"""Loaders that turn public evaluation sets into newsdesk articles with gold labels.

Each loader reads from a path the user gives (the sets are never bundled) and
returns ``Labelled`` articles: the article as the pipeline would see it, plus the
gold story label.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..clean import CleanConfig
from ..model import Article, Document
from ..stages import clean_document


class DatasetError(ValueError):
    """The path does not hold the expected data set."""


@dataclass(frozen=True, slots=True)
class Labelled:
    article: Article
    story: str


def _article(doc: Document) -> Article | None:
    out = clean_document(doc, config=CleanConfig())
    return out if isinstance(out, Article) else None


def allsides(path: str | Path) -> list[Labelled]:
    """``stories_dev.jsonl``: one story per line, up to three outlets (left/center/right).

    Text = title + opening paragraphs; date = the story's date (AllSides groups
    coverage published around that day); outlet = ``newsSource``.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path}: not a file (expected AllSides stories_dev.jsonl)")
    out: list[Labelled] = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        story = json.loads(line)
        day = date.fromisoformat(str(story.get("date", ""))[:10]) if story.get("date") else None
        for stance, news in sorted((story.get("news") or {}).items()):
            body = news.get("newBody") or news.get("newsBody") or []
            paragraphs = [" ".join(str(p).split()) for p in body if str(p).strip()]
            if not paragraphs:
                continue
            title = " ".join(str(news.get("newsTitle") or "").split()) or None
            text = "\n\n".join(paragraphs)
            doc = Document(
                source=f"{path.name}#{line_no}:{stance}",
                raw=json.dumps(news, sort_keys=True).encode(),
                text=text,
                format="json",
                title=title,
                published=day,
                url=news.get("newsLink"),
                outlet=news.get("newsSource"),
                language="en",
            )
            article = _article(doc)
            if article is not None:
                out.append(Labelled(article, str(story["id"])))
    if not out:
        raise DatasetError(f"{path}: no AllSides stories found")
    return out


LOADERS = {"allsides": allsides}


def load(path: str | Path, fmt: str) -> list[Labelled]:
    try:
        loader = LOADERS[fmt]
    except KeyError as exc:
        raise DatasetError(f"unknown format {fmt!r}; known: {', '.join(LOADERS)}") from exc
    return loader(path)


def iter_articles(items: list[Labelled]) -> Iterator[Article]:
    return (i.article for i in items)
