"""Loaders that turn public evaluation sets into newsdesk articles with gold labels.

Each loader reads from a path the user gives (the sets are never bundled) and
returns ``Labelled`` articles: the article as the pipeline would see it, plus the
gold story label.

A wrong path or a file of another layout raises ``DatasetError`` naming the path. A
bad item inside a good file (a broken JSON line, an article without text, one that
cleaning empties) is skipped: one bad item must not cost the whole evaluation. Pass
``skipped=[]`` to collect the skips; without it each one is logged as a warning.
"""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from ..clean import CleanConfig
from ..model import Article, Document
from ..stages import clean_document

log = logging.getLogger("newsdesk")


class DatasetError(ValueError):
    """The path does not hold the expected data set."""


@dataclass(frozen=True, slots=True)
class Labelled:
    article: Article
    story: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """An item of a data set that did not become an article."""

    source: str
    reason: str


class Loader(Protocol):
    def __call__(
        self, path: str | Path, *, skipped: list[Skipped] | None = None
    ) -> list[Labelled]: ...


def _article(doc: Document) -> Article | None:
    out = clean_document(doc, config=CleanConfig())
    return out if isinstance(out, Article) else None


def skip_item(skipped: list[Skipped] | None, source: str, reason: str) -> None:
    if skipped is None:
        log.warning("skipped %s: %s", source, reason)
    else:
        skipped.append(Skipped(source, reason))


def _add(out: list[Labelled], skipped: list[Skipped] | None, doc: Document, story: str) -> None:
    """Clean ``doc`` and keep it with its gold label, or record why it was dropped."""
    article = _article(doc)
    if article is None:
        # clean_document fails in one way only: nothing is left after cleaning (E113).
        skip_item(skipped, doc.source, "no text left after cleaning")
    else:
        out.append(Labelled(article, story))


def _none_found(path: Path, what: str, skipped: list[Skipped] | None, before: int) -> DatasetError:
    # When every item was skipped the file is most likely of another layout: say why
    # the first one failed, which usually names the missing field.
    reasons = skipped[before:] if skipped is not None else []
    hint = f"; {len(reasons)} item(s) skipped, first: {reasons[0].reason}" if reasons else ""
    return DatasetError(f"{path}: no {what} found{hint}")


def _require_file(path: Path, expected: str) -> None:
    if not path.is_file():
        raise DatasetError(f"{path}: not a file (expected {expected})")


def _read_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of the non-blank lines of a JSON-lines file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read: {exc}") from exc
    for line_no, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            yield line_no, line


def _iso_date(value: Any) -> date | None:
    """A date from an ISO date or datetime string; the time of day is not needed."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"date {value!r} is not an ISO date") from None


def _reason(exc: Exception) -> str:
    # str(KeyError("id")) is just "'id'": say what it means.
    return f"missing field {exc.args[0]!r}" if isinstance(exc, KeyError) else str(exc)


def _one_line(value: Any) -> str | None:
    """``value`` with whitespace runs collapsed; None when missing or blank."""
    if value is None:
        return None
    return " ".join(str(value).split()) or None


# --------------------------------------------------------------------------- AllSides


def allsides(path: str | Path, *, skipped: list[Skipped] | None = None) -> list[Labelled]:
    """``stories_dev.jsonl``: one story per line, up to three outlets (left/center/right).

    Title = ``newsTitle``; text = the opening paragraphs; date = the story's date
    (AllSides groups coverage published around that day); outlet = ``newsSource``.
    Gold = the story id. A story line without outlet entries yields nothing.
    """
    path = Path(path)
    _require_file(path, "AllSides stories_dev.jsonl")
    before = len(skipped) if skipped is not None else 0
    out: list[Labelled] = []
    for line_no, line in _read_lines(path):
        try:
            story = json.loads(line)
            story_id = str(story["id"])
            day = _iso_date(story.get("date"))
            entries = sorted((story.get("news") or {}).items())
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            skip_item(skipped, f"{path.name}#{line_no}", f"bad story: {_reason(exc)}")
            continue
        for stance, news in entries:
            source = f"{path.name}#{line_no}:{stance}"
            try:
                body = news.get("newBody") or news.get("newsBody") or []
                paragraphs = [" ".join(str(p).split()) for p in body if str(p).strip()]
                if not paragraphs:
                    skip_item(skipped, source, "no body paragraphs")
                    continue
                doc = Document(
                    source=source,
                    raw=json.dumps(news, sort_keys=True).encode(),
                    text="\n\n".join(paragraphs),
                    format="json",
                    title=_one_line(news.get("newsTitle")),
                    published=day,
                    url=news.get("newsLink"),
                    outlet=news.get("newsSource"),
                    language="en",
                )
            except (ValueError, TypeError, AttributeError) as exc:
                skip_item(skipped, source, f"bad outlet entry: {_reason(exc)}")
                continue
            _add(out, skipped, doc, story_id)
    if not out:
        raise _none_found(path, "AllSides stories", skipped, before)
    return out


# --------------------------------------------------------------------------- MMDS

# CJK ideographs (unified + extension A + compatibility). Chinese text is mostly these;
# English and Malay have none, so a share test separates "zh" without a language-id model.
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ZH_MIN_SHARE = 0.3


def _cjk_language(text: str) -> str | None:
    """Chinese ("zh") when CJK ideographs are a large share of the letters, else unknown.

    English and Malay share the Latin script and MMDS has no language field, so
    telling them apart would need a guess; an unknown language is left as None.
    """
    letters = sum(1 for c in text if c.isalpha())
    if not letters:
        return None
    return "zh" if len(_CJK_RE.findall(text)) / letters >= _ZH_MIN_SHARE else None


def mmds(path: str | Path, *, skipped: list[Skipped] | None = None) -> list[Labelled]:
    """MMDS ``dev.json``: ``{"articles": [...], "clusters": [...]}``, parallel lists.

    Each article has ``ID``, ``title`` and ``sentences`` (``content`` each); gold =
    ``clusters[i]``. The set has no publication dates, outlets or language field
    (``when`` is an annotation of the event's time, not of publication); Chinese is
    recognised by its script, English and Malay are left unknown.
    """
    path = Path(path)
    _require_file(path, "MMDS dev.json")
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}: not a JSON document (expected MMDS dev.json): {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), list) for k in ("articles", "clusters")
    ):
        raise DatasetError(f"{path}: expected an object with 'articles' and 'clusters' lists")
    articles, clusters = data["articles"], data["clusters"]
    if len(articles) != len(clusters):
        # The lists pair up by position: with unequal lengths no label can be trusted.
        raise DatasetError(f"{path}: {len(articles)} articles but {len(clusters)} cluster labels")
    before = len(skipped) if skipped is not None else 0
    out: list[Labelled] = []
    for index, (item, cluster) in enumerate(zip(articles, clusters, strict=True)):
        ident = item.get("ID", index) if isinstance(item, dict) else index
        source = f"{path.name}#{ident}"
        try:
            if cluster is None or isinstance(cluster, dict | list):
                raise ValueError(f"cluster label {cluster!r}")
            sentences = [
                " ".join(str(s["content"]).split()) for s in item["sentences"] if s.get("content")
            ]
            sentences = [s for s in sentences if s]
            if not sentences:
                raise ValueError("no sentences")
            title = _one_line(item.get("title"))
            language = _cjk_language(" ".join([title or "", *sentences]))
            doc = Document(
                source=source,
                # A deterministic serialisation of this article: its id does not
                # depend on the file's formatting.
                raw=json.dumps(item, sort_keys=True, ensure_ascii=False).encode(),
                # One sentence a paragraph: MMDS keeps no paragraph breaks, and the
                # sentence is the unit of its annotations.
                text="\n\n".join(sentences),
                format="json",
                title=title,
                language=language,
            )
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            skip_item(skipped, source, f"bad article: {_reason(exc)}")
            continue
        _add(out, skipped, doc, str(cluster))
    if not out:
        raise _none_found(path, "MMDS articles", skipped, before)
    return out


# --------------------------------------------------------------------------- ECB+

_ECB_NAME_RE = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")
URL_RE = re.compile(r"^(?:https?://|www\.)\S+$")

# Detokenisation. ECB+ tokenises in two styles: the ECB files Penn-Treebank-like
# (``` `` ``, ``''``, ``'s``, ``n't``), the ECB+ files also splitting hyphens, slashes,
# colons and curly apostrophes. Rebuilding both to ordinary prose matters beyond
# reading: otherwise the tokenisation style alone tells the two sub-topics apart.
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "'", "''", "”", "’"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "#", "``", "“", "‘", "`"})
_CLITICS = frozenset({"'s", "n't", "'m", "'re", "'ve", "'ll", "'d"})
_CLITIC_TAILS = frozenset({"s", "t", "m", "re", "ve", "ll", "d"})
_PTB_QUOTES = {"``": "“", "''": "”", "`": "‘"}


def _word_edge(token: str, *, end: bool) -> bool:
    return bool(token) and (token[-1] if end else token[0]).isalnum()


def _merge_quote_pairs(tokens: Sequence[str]) -> list[str]:
    """``' '`` as two tokens is a split closing ``''`` (a few ECB files have it)."""
    out: list[str] = []
    for token in tokens:
        if token == "'" and out and out[-1] == "'":
            out[-1] = "''"
        else:
            out.append(token)
    return out


def detokenise(sentences: Sequence[Sequence[str]], *, split_words: bool) -> list[str]:
    """Readable text of tokenised sentences, one string per sentence.

    ``split_words``: the tokeniser split hyphenated words and slashed numbers
    ("16 - year - old", "05 / 03 / 2013"), as in ECB+ files; they are joined again.
    In ECB files such words are whole, so a lone "-" there is a dash and stays spaced.

    Straight double quotes carry no direction, so a running open/closed state (kept
    across sentences, as quotes span them) decides whether one opens or closes.
    """
    quote_open = False
    out: list[str] = []
    for split in sentences:
        tokens = _merge_quote_pairs(split)
        parts: list[str] = []
        glue_next = True  # no space before a sentence's first token
        for i, token in enumerate(tokens):
            prev = tokens[i - 1] if i else ""
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            space = not glue_next
            glue_next = False
            if token == '"':
                if quote_open:
                    space = False
                else:
                    glue_next = True
                quote_open = not quote_open
            elif token in _NO_SPACE_AFTER:
                glue_next = True
            elif token in _NO_SPACE_BEFORE or token.lower() in _CLITICS:
                space = False
                if token == "’" and _word_edge(prev, end=True) and nxt.lower() in _CLITIC_TAILS:
                    glue_next = True  # "aren ’ t" -> "aren’t"
                elif token in (":", ".") and prev.isdigit() and nxt.isdigit():
                    glue_next = True  # "4 : 59" -> "4:59", "5 . 2" -> "5.2"
                elif token == "," and prev.isdigit() and len(nxt) == 3 and nxt.isdigit():
                    glue_next = True  # "1 , 000" -> "1,000"
            elif (
                split_words
                and token in ("-", "/")
                and _word_edge(prev, end=True)
                and _word_edge(nxt, end=False)
            ):
                space = False
                glue_next = True
            else:
                # A quote glued to a word ('"The', 'said."') still opens or closes one.
                quote_open ^= token.count('"') % 2 == 1
            parts.append((" " if space and parts else "") + _PTB_QUOTES.get(token, token))
        out.append("".join(parts))
    return out


def ecb_files(path: Path, skipped: list[Skipped] | None) -> list[tuple[Path, re.Match[str]]]:
    named: list[tuple[Path, re.Match[str]]] = []
    # A folder of topic folders, or one topic folder.
    for file in sorted([*path.glob("*/*.xml"), *path.glob("*.xml")]):
        match = _ECB_NAME_RE.match(file.name)
        if match is None:
            skip_item(
                skipped,
                f"{file.parent.name}/{file.name}",
                "name is not <topic>_<n>ecb.xml or <topic>_<n>ecbplus.xml",
            )
        else:
            named.append((file, match))
    # Numeric order (topic, document, ecb before ecbplus), not "10" before "2".
    return sorted(named, key=lambda fm: (int(fm[1][1]), int(fm[1][2]), fm[1][3]))


def ecbplus(path: str | Path, *, skipped: list[Skipped] | None = None) -> list[Labelled]:
    """ECB+: ``<topic>/<topic>_<n>ecb.xml`` and ``..._<n>ecbplus.xml`` token files.

    Gold = ``"<topic>/ecb"`` or ``"<topic>/ecbplus"``: within a topic the two halves
    report two different events of the same kind. Text is rebuilt from the tokens,
    one sentence a paragraph. An ECB+ file's first "sentence" is its source URL: it
    goes to ``url``, not the text. No dates, outlets or titles; language "en".
    """
    path = Path(path)
    if not path.is_dir():
        raise DatasetError(f"{path}: not a folder (expected the ECB+ folder of topic folders)")
    before = len(skipped) if skipped is not None else 0
    files = ecb_files(path, skipped)
    if not files:
        raise DatasetError(
            f"{path}: no ECB+ files (<topic>_<n>ecb.xml / <topic>_<n>ecbplus.xml) found"
        )
    out: list[Labelled] = []
    for file, match in files:
        source = f"{file.parent.name}/{file.name}"
        topic, kind = match[1], match[3]
        try:
            raw = file.read_bytes()
            root = ET.fromstring(raw)
            sentences: dict[str, list[str]] = {}
            for tok in root.iter("token"):
                word = (tok.text or "").strip()
                if word:
                    sentences.setdefault(tok.get("sentence", ""), []).append(word)
            if not sentences:
                raise ValueError("no tokens")
            token_lists = list(sentences.values())  # dicts keep the file's order
            url = None
            if URL_RE.match("".join(token_lists[0])):
                url = "".join(token_lists.pop(0))
            text = "\n\n".join(detokenise(token_lists, split_words=kind == "ecbplus"))
            if not text.strip():
                raise ValueError("no text besides the URL")
            doc = Document(source=source, raw=raw, text=text, format="xml", url=url, language="en")
        except (OSError, ValueError, ET.ParseError) as exc:
            skip_item(skipped, source, f"bad ECB+ file: {exc}")
            continue
        _add(out, skipped, doc, f"{topic}/{kind}")
    if not out:
        raise _none_found(path, "ECB+ articles", skipped, before)
    return out


# --------------------------------------------------------------------------- JSONL


def jsonl(path: str | Path, *, skipped: list[Skipped] | None = None) -> list[Labelled]:
    """Generic JSON lines, one article a line, ``story`` the gold label::

        {"id": "a1", "title": "…", "text": "…", "date": "2024-05-01",
         "outlet": "…", "story": "s1"}

    ``text`` and ``story`` are required; ``id``, ``title``, ``date`` (ISO),
    ``outlet``, ``url`` and ``language`` are optional. A line with an unreadable
    date is skipped rather than loaded undated: dates steer clustering.
    """
    path = Path(path)
    _require_file(path, "a JSON-lines file")
    before = len(skipped) if skipped is not None else 0
    out: list[Labelled] = []
    for line_no, line in _read_lines(path):
        source = f"{path.name}#{line_no}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
            story = record.get("story")
            if story is None or isinstance(story, dict | list) or str(story) == "":
                raise ValueError("no 'story' label")
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                raise ValueError("no 'text'")
            doc = Document(
                source=source,
                raw=line,
                text=text,
                format="json",
                title=_one_line(record.get("title")),
                published=_iso_date(record.get("date")),
                url=_one_line(record.get("url")),
                outlet=_one_line(record.get("outlet")),
                language=_one_line(record.get("language")),
            )
        except (ValueError, TypeError) as exc:
            skip_item(skipped, source, f"bad line: {_reason(exc)}")
            continue
        _add(out, skipped, doc, str(story))
    if not out:
        raise _none_found(path, "articles", skipped, before)
    return out


LOADERS: dict[str, Loader] = {
    "allsides": allsides,
    "mmds": mmds,
    "ecbplus": ecbplus,
    "jsonl": jsonl,
}


def load(path: str | Path, fmt: str, *, skipped: list[Skipped] | None = None) -> list[Labelled]:
    try:
        loader = LOADERS[fmt]
    except KeyError as exc:
        raise DatasetError(f"unknown format {fmt!r}; known: {', '.join(LOADERS)}") from exc
    return loader(path, skipped=skipped)


def iter_articles(items: list[Labelled]) -> Iterator[Article]:
    return (i.article for i in items)
