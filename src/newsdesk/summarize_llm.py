"""Optional abstractive summaries through an OpenAI-compatible chat endpoint.

Off by default (``LLMConfig.url`` is None): newsdesk ships no generative model, so
the user points it at one they run (a llama.cpp server, Ollama, a hosted API).

The model sees the extractive summary's sentences and the sentences backing them,
the story's facts and where its reports disagree, each with an id ([S1], [F1],
[D1]), and must end every sentence with the ids it rests on. Nothing it writes is
trusted: each sentence is checked against the article sentences its ids stand for
with the measure ``dedup`` aligns rewrites by (MiniLM cosine + rare-word overlap);
every figure and capitalised rare word in it must occur in those sentences, and at
most ``max_new_words`` of its content words may be missing from them; the word
budget is met by dropping whole sentences. A sentence that fails is dropped with
its reason; if none survive, the extractive summary stands. A kept sentence that
states a disputed value carries the discrepancy (``disputed``, ``note``).

A kept sentence's citations are the offsets of the cited article sentences, so an
abstractive sentence is attributed exactly like an extractive one.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from http.client import HTTPException

import numpy as np

from .dedup import content_weights, idf
from .minhash import words
from .model import Article, Citation, Discrepancy, Fact, Paragraph, Summary, SummarySentence
from .segment import split_sentences

Message = dict[str, str]
Complete = Callable[[list[Message]], str]
Encode = Callable[[Sequence[str]], np.ndarray]

# A reply is a few hundred words; anything far larger is not a chat completion.
_MAX_REPLY_BYTES = 4 << 20
# Prompts stay small enough for a 4k-context local model.
_MAX_FACTS = 20
_MAX_DISPUTES = 10
_EVIDENCE_PER_SIDE = 3


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """Where abstractive summaries come from. ``api_key_env`` names an environment
    variable holding the key, so the key never sits in a config file or database."""

    url: str | None = None
    model: str | None = None
    api_key_env: str | None = None
    timeout: float = 60.0
    max_tokens: int = 400

    @property
    def enabled(self) -> bool:
        return bool(self.url)


class LLMError(RuntimeError):
    """The chat endpoint could not be reached or gave no usable reply."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"LLM endpoint {url}: {reason}")
        self.url = url
        self.reason = reason


# -- the client -----------------------------------------------------------------


def _shown(url: str) -> str:
    """``url`` without user:password@, for messages."""
    parts = urllib.parse.urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def endpoint_url(url: str) -> str:
    """The chat-completions URL for what a user typed: a server root
    (``http://host:8080``), an API base (``…/v1``) or the full endpoint."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LLMError(_shown(url), "not an http:// or https:// URL")
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        # llama.cpp and Ollama both serve the API under /v1; a base that already
        # names a version (/v1, /v1beta, /api/v2) is taken as the API base.
        path += "/chat/completions" if re.search(r"/v\d+\w*$", path) else "/v1/chat/completions"
    return parts._replace(path=path, fragment="").geturl()


def _is_loopback(host: str | None) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


class ChatClient:
    """``POST …/chat/completions`` with the standard library; an instance is the
    ``complete`` callable ``abstractive_summary`` takes."""

    def __init__(self, config: LLMConfig) -> None:
        if not config.url:
            raise LLMError("(none)", "no URL configured")
        self.url = endpoint_url(config.url)
        if not config.timeout > 0 or config.max_tokens < 1:
            raise self._fail("timeout and max_tokens must be positive")
        self.config = config
        # A server on this machine is never reached through the user's HTTP proxy.
        loopback = _is_loopback(urllib.parse.urlsplit(self.url).hostname)
        self._opener = urllib.request.build_opener(
            *([urllib.request.ProxyHandler({})] if loopback else [])
        )

    def _fail(self, reason: str) -> LLMError:
        return LLMError(_shown(self.url), reason)

    def __call__(self, messages: list[Message]) -> str:
        cfg = self.config
        body: dict[str, object] = {"messages": messages, "temperature": 0, "stream": False}
        body["max_tokens"] = cfg.max_tokens
        if cfg.model:
            body["model"] = cfg.model
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if cfg.api_key_env:
            # Read at each call and never kept: the key lives only in the environment.
            key = os.environ.get(cfg.api_key_env)
            if not key:
                raise self._fail(f"environment variable {cfg.api_key_env} is not set")
            headers["Authorization"] = f"Bearer {key}"
        data = json.dumps(body).encode()
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=cfg.timeout) as response:
                raw = response.read(_MAX_REPLY_BYTES + 1)
        except urllib.error.HTTPError as exc:
            try:
                detail = exc.read(300).decode("utf-8", "replace").strip()
            except (OSError, HTTPException):
                detail = ""
            reason = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
            raise self._fail(reason) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise self._fail(f"no reply within {cfg.timeout:g} s") from exc
            raise self._fail(f"cannot connect ({exc.reason})") from exc
        except TimeoutError as exc:
            raise self._fail(f"no reply within {cfg.timeout:g} s") from exc
        except (OSError, HTTPException) as exc:
            raise self._fail(f"connection failed ({exc!r})") from exc
        return self._content(raw)

    def _content(self, raw: bytes) -> str:
        if len(raw) > _MAX_REPLY_BYTES:
            raise self._fail(f"malformed reply: larger than {_MAX_REPLY_BYTES} bytes")
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise self._fail(f"malformed reply: not JSON ({raw[:80]!r})") from exc
        if isinstance(data, dict) and data.get("error") and not data.get("choices"):
            raise self._fail(f"the server reported an error: {str(data['error'])[:300]}")
        try:
            choice = data["choices"][0]
            # Servers that only speak the older completions shape reply with "text".
            content = choice["message"]["content"] if "message" in choice else choice["text"]
        except (KeyError, IndexError, TypeError) as exc:
            raise self._fail("malformed reply: no choices[0].message.content") from exc
        if not isinstance(content, str):
            raise self._fail("malformed reply: the message content is not text")
        return content


# -- what the model is shown ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Backing:
    """An article sentence an id stands for."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Dropped:
    """An output sentence that did not make the summary, and why."""

    text: str
    cited: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class LLMResult:
    """``used_llm`` is False when no model sentence survived (or there was nothing
    to summarise): ``summary`` is then the extractive summary, unchanged."""

    summary: Summary
    used_llm: bool
    dropped: tuple[Dropped, ...] = ()
    reply: str = ""


def _outlet(aid: str, articles: Mapping[str, Article], names: Mapping[str, str]) -> str:
    art = articles.get(aid)
    return names.get(aid) or (art.outlet if art and art.outlet else f"article {aid[:8]}")


def _has_words(haystack: str, needle: str) -> bool:
    n = " ".join(words(needle))
    return bool(n) and f" {n} " in f" {' '.join(words(haystack))} "


def _first_sentences(
    articles: Mapping[str, Article], article_ids: Sequence[str], texts: Sequence[str]
) -> list[_Backing]:
    """Per article, its first sentence stating one of ``texts``."""
    out = []
    for aid in article_ids:
        art = articles.get(aid)
        for s in art.sentences if art else ():
            if any(_has_words(s.text, t) for t in texts):
                out.append(_Backing(aid, s.start, s.end, s.text))
                break
    return out[:_EVIDENCE_PER_SIDE]


_SYSTEM = (
    "You write short, neutral news summaries for editors. Use only the numbered sources, facts "
    "and disagreements the user gives; add no names, numbers, dates, causes or opinions they do "
    "not contain, and keep their wording where you can. End every sentence with the ids of the "
    "items that support it, in square brackets, like [S1][S3] or [F2]. Where reports disagree "
    "(the [D] items), say that they differ and give each version with its ids; never pick one. "
    "Reply with the summary only: plain sentences, no heading, no list."
)


@dataclass(frozen=True, slots=True)
class _Prompt:
    backing: dict[str, tuple[_Backing, ...]]
    user: str
    neutral: dict[str, str]  # id -> text whose words and figures a sentence may use freely


def _prompt(
    *,
    extractive: Summary,
    articles: Mapping[str, Article],
    facts: Sequence[Fact],
    discrepancies: Sequence[Discrepancy],
    outlet_names: Mapping[str, str],
    max_words: int,
) -> _Prompt:
    def outlet(aid: str) -> str:
        return _outlet(aid, articles, outlet_names)

    backing: dict[str, tuple[_Backing, ...]] = {}
    neutral: dict[str, str] = {}
    lines = ["SOURCES (sentences from the articles):"]
    seen: dict[tuple[str, int, int], str] = {}
    for ss in extractive.sentences:
        spans = [(ss.article_id, ss.start, ss.end)]
        spans += [(c.article_id, c.start, c.end) for c in ss.citations]
        first: str | None = None
        for aid, start, end in spans:
            if (aid, start, end) in seen:
                first = first or seen[(aid, start, end)]
                continue
            art = articles.get(aid)
            if art is not None and 0 <= start < end <= len(art.text):
                text = art.text[start:end]
            elif (aid, start, end) == spans[0]:
                text = ss.text  # its own words, even without the article at hand
            else:
                continue  # a citation we cannot read cannot back anything
            key = f"S{len(backing) + 1}"
            seen[(aid, start, end)] = key
            backing[key] = (_Backing(aid, start, end, " ".join(text.split())),)
            also = f", supports {first}" if first else ""
            lines.append(f"[{key}] ({outlet(aid)}{also}) {backing[key][0].text}")
            first = first or key
        if ss.note and first:
            lines.append(f"    (note on {first}: {ss.note})")
    disputed = {(d.predicate, v.value) for d in discrepancies for v in d.values}
    ranked = sorted(facts, key=lambda f: -f.independent_sources)
    fact_lines: list[str] = []
    for fact in ranked:
        if len(fact_lines) == _MAX_FACTS:
            break
        if (fact.predicate, fact.value) in disputed:
            continue  # listed as agreed, it would read as settled; the [D] item has it
        found = _first_sentences(articles, fact.article_ids, fact.texts or (fact.value,))
        if not found:
            continue  # nothing to point a citation at
        key = f"F{len(fact_lines) + 1}"
        backing[key] = tuple(found)
        what = f"{fact.subject}, " if fact.subject else ""
        shown = fact.texts[0] if fact.texts else fact.value
        names = ", ".join(dict.fromkeys(outlet(a) for a in fact.sources or fact.article_ids))
        n = fact.independent_sources or len(fact.article_ids)
        fact_lines.append(
            f"[{key}] {what}{fact.predicate.replace('_', ' ')}: {shown} "
            f"({n} independent source{'s' if n != 1 else ''}: {names})"
        )
    if fact_lines:
        lines += ["", "FACTS (agreed by the sources named):", *fact_lines]
    disputes = sorted(discrepancies, key=lambda d: d.severity != "major")[:_MAX_DISPUTES]
    dispute_lines: list[str] = []
    for d in disputes:
        found, sides = [], []
        for v in d.values:
            found += _first_sentences(articles, v.article_ids, v.texts or (v.value,))
            shown = v.texts[0] if v.texts else v.value
            sides.append(f"“{shown}”: {', '.join(dict.fromkeys(outlet(a) for a in v.article_ids))}")
        if not found:
            continue
        key = f"D{len(dispute_lines) + 1}"
        backing[key] = tuple(found)
        line = f"{d.description} ({'; '.join(sides)})"
        # Saying how reports differ ("in two reports") takes words no single article uses.
        neutral[key] = line
        dispute_lines.append(f"[{key}] {line}")
    if dispute_lines:
        lines += ["", "DISAGREEMENTS (state these as disputed, never as settled):"]
        lines += dispute_lines
    lines += [
        "",
        f"Write a neutral summary of at most {max_words} words (ids not counted). "
        "End each sentence with its ids, like [S1][S2].",
    ]
    return _Prompt(backing, "\n".join(lines), neutral)


# -- reading the reply ------------------------------------------------------------

_IDS = r"[SFD]\s?\d+(?:\s*(?:[,;/&–-]|and)?\s*[SFD]\s?\d+)*"
# One or more bracketed id groups, with the space before them (so "rose [S1]."
# reads "rose." once they are out).
_GROUP = rf"[\[(]\s*{_IDS}\s*[\])]"
_RUN = re.compile(rf"\s*{_GROUP}(?:\s*{_GROUP})*", re.IGNORECASE)
_ID = re.compile(r"([SFD])\s?(\d+)(?:\s*[–-]\s*\1\s?(\d+))?", re.IGNORECASE)
_MARKUP = re.compile(r"^\s*(?:[-*•]|\d+[.)]|#+)\s+|\*\*|__")


def _ids(run: str) -> tuple[str, ...]:
    out = []
    for kind, lo, hi in _ID.findall(run):
        first = int(lo)
        # "[S2-S4]" is S2, S3 and S4; anything else is taken as its two ends.
        ks = (
            range(first, int(hi) + 1) if hi and 0 < int(hi) - first < 10 else (first, int(hi or lo))
        )
        out += [f"{kind.upper()}{k}" for k in ks]
    return tuple(dict.fromkeys(out))


def parse_reply(reply: str) -> list[tuple[str, tuple[str, ...]]]:
    """The reply's sentences (ids removed) with the ids cited in each, in order.

    Ids belong to the sentence they stand in or just after; a sentence without
    any gets none (and is dropped later)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for line in reply.splitlines():
        line = _MARKUP.sub("", line).strip()
        if not line:
            continue
        text, runs, pos = [], [], 0
        length = 0
        for m in _RUN.finditer(line):
            text.append(line[pos : m.start()])
            length += m.start() - pos
            runs.append((length, _ids(m.group())))
            pos = m.end()
            if line[pos : pos + 1].isalnum():  # "[S1]Then": keep the words apart
                text.append(" ")
                length += 1
        text.append(line[pos:])
        clean = "".join(text)
        sents = split_sentences(clean, (Paragraph(0, len(clean)),))
        cited: list[list[str]] = [[] for _ in sents]
        for at, ids in runs:
            # The last sentence starting before the ids; ids leading the line go
            # to its first sentence.
            k = max((i for i, s in enumerate(sents) if s.start < at), default=0)
            if sents:
                cited[k] += ids
        for s, ids_ in zip(sents, cited, strict=True):
            sentence = " ".join(s.text.split())
            if any(ch.isalnum() for ch in sentence):
                out.append((sentence, tuple(dict.fromkeys(ids_))))
    return out


# -- checking it -----------------------------------------------------------------

_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
# Spelled-out numbers stand for their digits ("two hours" is "2 hours"). "one" is
# left out: it is a pronoun as often as a number.
# fmt: off
_NUMBER_WORDS = {
    w: str(i) for i, w in enumerate([
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen", "twenty",
    ], 2)
} | {
    w: str(10 * i)
    for i, w in enumerate(["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 3)
}
# fmt: on
_MAGNITUDES = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][^\W_]*(?:['’-][^\W_]+)*")
# Words for reporting and attributing, which a summary may use without a source
# using them ("according to", "reports differ").
# fmt: off
_ATTRIBUTION = frozenset([
    "according", "report", "reports", "reported", "reporting", "say", "says", "said", "differ",
    "differs", "disagree", "disagrees", "vary", "varies", "conflicting", "outlet", "outlets",
    "source", "sources", "article", "articles", "account", "accounts", "version", "versions",
    "while", "whereas", "others", "many", "number", "count", "total",
])
# fmt: on


def _figures(text: str) -> set[str]:
    found = {f.replace(",", "") for f in _FIGURE.findall(text)}
    for w in words(text):
        if w in _NUMBER_WORDS:
            found.add(_NUMBER_WORDS[w])
        elif w in _MAGNITUDES:
            found.add(w)
    return found


def _base(word: str) -> str:
    return word.removesuffix("'s")


def _stem(word: str) -> str:
    # Crude, but enough to let "inspects" and "inspection" meet; figures are checked
    # exactly elsewhere, names too.
    return _base(word)[:5]


def _unsupported_names(text: str, allowed: set[str]) -> list[str]:
    """Capitalised rare words past the first that no cited sentence uses."""
    missing = []
    for m in _CAPITALISED.finditer(text):
        if not text[: m.start()].strip(" \"'“‘("):
            continue  # the sentence's first word is capitalised whatever it is
        missing += [w for w in words(m.group()) if idf(w) > 1.5 and _base(w) not in allowed]
    return list(dict.fromkeys(missing))


def _unit(vecs: np.ndarray) -> np.ndarray:
    v = np.asarray(vecs, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norms > 0, norms, 1.0)


def _sides(text: str, d: Discrepancy) -> set[int]:
    """Which of the disputed values ``text`` states."""
    return {
        k for k, v in enumerate(d.values) if any(_has_words(text, t) for t in v.texts or (v.value,))
    }


def _other_version(backing: _Backing, text: str, touched: Sequence[Discrepancy]) -> bool:
    """``backing`` states only values of a dispute that ``text`` does not give."""
    for d in touched:
        theirs = _sides(backing.text, d)
        if theirs and not theirs & _sides(text, d):
            return True
    return False


def _judge(
    text: str,
    backing: tuple[_Backing, ...],
    *,
    free: str,
    vec: Mapping[str, np.ndarray],
    min_score: float,
    max_new_words: int,
) -> tuple[str | None, tuple[_Backing, ...]]:
    """Why ``text`` is not supported by ``backing`` (None: it is), and the backing
    sentences that bear on it. Words and figures of ``free`` count as supported."""
    mine = content_weights(text)
    theirs = [{_base(w) for w in words(b.text)} for b in backing]
    allowed = set().union(*theirs, _ATTRIBUTION, {_base(w) for w in words(free)})
    stems = {_stem(w) for w in allowed}
    new = [w for w in mine if _stem(w) not in stems]
    # Directed overlap: a summary sentence must be contained in its sources, where
    # dedup's symmetric overlap only asks two sentences to share rare words.
    weight = sum(mine.values())
    overlap = 1.0 - sum(mine[w] for w in new) / weight if weight else 1.0
    cosines = [float(vec[text] @ vec[b.text]) for b in backing] if vec else []
    score = 0.5 * max(cosines) + 0.5 * overlap if cosines else overlap
    if score < min_score:
        return f"cited sources do not support it (score {score:.2f} < {min_score:g})", ()
    figures = _figures(text)
    invented = figures - set().union(_figures(free), *(_figures(b.text) for b in backing))
    if invented:
        return f"figures not in the cited sources: {', '.join(sorted(invented))}", ()
    unknown = _unsupported_names(text, allowed)
    if unknown:
        return f"names not in the cited sources: {', '.join(unknown)}", ()
    # The score weighs rare words most, so an invented event told in common words
    # ("caught fire") would pass it; the sources must have nearly every word.
    if len(new) > max_new_words:
        return f"words not in the cited sources: {', '.join(new)}", ()
    # A cited sentence that shares nothing with this one does not back it.
    used = {_stem(w) for w in mine}
    relevant = tuple(
        b
        for k, b in enumerate(backing)
        if {_stem(w) for w in theirs[k]} & used or (cosines and cosines[k] >= min_score)
    )
    return None, relevant or backing


def abstractive_summary(
    *,
    extractive: Summary,
    articles: Mapping[str, Article],
    facts: Sequence[Fact] = (),
    discrepancies: Sequence[Discrepancy] = (),
    complete: Complete,
    encode: Encode | None,
    max_words: int,
    outlet_names: Mapping[str, str] | None = None,
    min_score: float = 0.5,
    max_new_words: int = 1,
) -> LLMResult:
    """Ask ``complete`` for a summary of what ``extractive`` selected and keep the
    sentences its citations support (see the module docstring).

    ``encode`` maps texts to sentence vectors; without it only the rare-word
    overlap is checked, against the same ``min_score``. LLMError from ``complete``
    propagates: whether to fall back is the caller's decision.
    """
    if not extractive.body:
        return LLMResult(extractive, used_llm=False)
    # The headline is an outlet's own title: it stays on top as chosen, inside
    # the budget, and the model rewrites the sentences only.
    head = extractive.headline
    if head is not None:
        max_words -= len(head.text.split())
    names = outlet_names or {}
    prompt = _prompt(
        extractive=replace(extractive, sentences=extractive.body),
        articles=articles,
        facts=facts,
        discrepancies=discrepancies,
        outlet_names=names,
        max_words=max_words,
    )
    reply = complete(
        [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": prompt.user}]
    )
    dropped: dict[int, Dropped] = {}  # by position in the reply
    candidates: list[tuple[int, str, tuple[str, ...], tuple[_Backing, ...]]] = []
    seen_texts: set[str] = set()
    for at, (text, ids) in enumerate(parse_reply(reply)):
        known = [i for i in ids if i in prompt.backing]
        if not ids:
            dropped[at] = Dropped(text, ids, "no citations")
        elif not known:
            dropped[at] = Dropped(text, ids, f"cites unknown ids: {', '.join(ids)}")
        elif " ".join(words(text)) in seen_texts:
            dropped[at] = Dropped(text, ids, "repeats an earlier sentence")
        else:
            seen_texts.add(" ".join(words(text)))
            backing = tuple(dict.fromkeys(b for i in known for b in prompt.backing[i]))
            candidates.append((at, text, tuple(known), backing))

    vec: dict[str, np.ndarray] = {}
    if encode is not None and candidates:
        texts = [c[1] for c in candidates] + [b.text for c in candidates for b in c[3]]
        texts = list(dict.fromkeys(texts))
        vec = dict(zip(texts, _unit(encode(texts)), strict=True))

    kept: list[SummarySentence] = []
    n_words = 0
    for at, text, ids, backing in candidates:
        # Naming the outlets a report comes from is attribution, not content.
        free = [_outlet(aid, articles, names) for aid in {b.article_id for b in backing}]
        free += [prompt.neutral.get(i, "") for i in ids]
        reason, relevant = _judge(
            text,
            backing,
            free=" ".join(free),
            vec=vec,
            min_score=min_score,
            max_new_words=max_new_words,
        )
        n = len(text.split())
        if reason is None and n_words + n > max_words:
            reason = f"over the word budget ({n_words} + {n} > {max_words})"
        if reason is not None:
            dropped[at] = Dropped(text, ids, reason)
            continue
        touched = [d for d in discrepancies if _sides(text, d)]
        relevant = tuple(b for b in relevant if not _other_version(b, text, touched)) or relevant
        n_words += n
        kept.append(
            SummarySentence(
                text=text,
                article_id=relevant[0].article_id,
                start=relevant[0].start,
                end=relevant[0].end,
                citations=tuple(Citation(b.article_id, b.start, b.end) for b in relevant),
                note=" ".join(d.description for d in touched) or None,
                disputed=tuple(d.id for d in touched),
            )
        )
    lost = tuple(dropped[k] for k in sorted(dropped))
    if not kept:
        return LLMResult(extractive, used_llm=False, dropped=lost, reply=reply)
    lines = ([head] if head is not None else []) + kept
    summary = Summary(story_id=extractive.story_id, sentences=tuple(lines), method="llm")
    return LLMResult(summary, used_llm=True, dropped=lost, reply=reply)
