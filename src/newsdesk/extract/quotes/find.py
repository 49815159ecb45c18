"""``find_quotes``: quote pieces, their cues, chains, which to keep, and the records.

Ties the other modules together: pairs the marks, finds each piece's own cue, joins
pieces into chains (a quote over several paragraphs, a quote broken by its
attribution), drops titles and scare quotes, carries speakers in text order and builds
the ``Quote`` records.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...model import Quote
from .carry import _carry
from .config import (
    _PLATFORMS,
    _POST_MAYBE,
    _POST_VERBS,
    _SENTENCE_END,
    _SMALL_WORDS,
    _TITLE_INTRO,
    _WORD_RE,
    QuoteConfig,
)
from .cues import _own_cue
from .marks import _Marked, _pair_marks, _paragraphs
from .speakers import _Article, _Cue, _Who

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _is_title(text: str) -> bool:
    """Title case ("Hold My Hand", "Face the Nation"): all words but small ones capitalised."""
    words = _WORD_RE.findall(text)
    return len(words) >= 2 and all(
        w[0].isupper() or w[0].isdigit() or (k > 0 and w.lower() in _SMALL_WORDS)
        for k, w in enumerate(words)
    )


def _introduced_as_name(art: _Article, m: _Marked) -> bool:
    """The word before the quote introduces a name or a title ("called", "show")."""
    i = art.token_at(m.outer_start) - 1
    if i >= 0 and art.doc[i].is_punct:
        i -= 1
    return i >= 0 and not art.doc[i].is_punct and art.doc[i].lower_ in _TITLE_INTRO


def _broken(art: _Article, a: _Marked, b: _Marked, cue_a: _Cue | None, cue_b: _Cue | None) -> bool:
    """``b`` goes on from ``a`` across an attribution that stands wholly between them, in
    one sentence: ``"…," she said, "…"``."""
    if a.paragraph != b.paragraph or a.runs_on:
        return False
    between = art.doc[art.token_at(a.outer_end) : art.token_at(b.outer_start)]
    if len(between) > art.config.max_break_tokens:
        return False
    if any(t.text in _SENTENCE_END or art.is_break(t) for t in between):
        return False
    inside = range(between.start, between.end)
    for cue in (cue_a, cue_b):
        if cue is None or cue.kind not in {"path", "after", "before"} or cue.token not in inside:
            continue
        subject = art.subject_of_cue(art.doc[cue.token])
        if subject is None or subject.i in inside:
            return True
    return False


def _post(art: _Article, cue: _Cue, m: _Marked) -> bool:
    """Whether the quote is the text of a social media post: "tweeted", or "wrote" or
    "shared" with a platform named in its sentence or a handle in the quote."""
    if cue.lemma in _POST_VERBS:
        return True
    if cue.lemma not in _POST_MAYBE:
        return False
    if cue.lemma in {"write", "share"} and re.search(r"(?<!\w)[@#]\w", art.text[m.start : m.end]):
        return True
    return any(t.lower_ in _PLATFORMS for t in art.doc[cue.token].sent if not art.quoted[t.i])


def find_quotes(doc: Doc, *, article_id: str, config: QuoteConfig) -> list[Quote]:
    """Direct quotations in one parsed article, with speaker and cue verb."""
    text = doc.text
    marked = _pair_marks(text, _paragraphs(text))
    if not marked:
        return []
    art = _Article(doc, marked, config)
    cues = [_own_cue(art, m) for m in marked]

    # Chains: a quote over several paragraphs, a quote broken by its attribution. A
    # chain's cue is its first part's that names someone, else its first.
    head = list(range(len(marked)))
    for i in range(1, len(marked)):
        a, b = marked[i - 1], marked[i]
        if (b.continues and a.runs_on) or _broken(art, a, b, cues[i - 1], cues[i]):
            head[i] = head[i - 1]
    size = {h: head.count(h) for h in set(head)}
    chain_cue: dict[int, _Cue] = {}
    for named in (True, False):
        for i, c in enumerate(cues):
            if c is not None and (c.who.how != "none" or not named):
                chain_cue.setdefault(head[i], c)

    keep: list[bool] = []
    for i, m in enumerate(marked):
        quote_text, own = text[m.start : m.end], cues[i]
        if _is_title(quote_text):
            keep.append(False)
        elif _introduced_as_name(art, m):
            keep.append(own is not None and own.kind == "path")
        else:
            long = len(_WORD_RE.findall(quote_text)) >= config.min_words
            keep.append(long or size[head[i]] > 1 or head[i] in chain_cue)

    # Speakers in text order, so that a carried speaker carries on.
    for i, m in enumerate(marked):
        own, cue = cues[i], chain_cue.get(head[i])
        if own is not None and own.kind == "label":
            cue = own  # each line of a transcript has its own speaker
        if cue is not None:
            art.lemma[i] = cue.lemma
            if cue.who.how != "none":
                w = cue.who
                art.who[i] = _Who(w.text, w.start, w.end, "post") if _post(art, cue, m) else w
        elif head[i] != i and art.who[head[i]].how != "none":
            art.who[i], art.lemma[i] = art.who[head[i]], art.lemma[head[i]]
        elif (carried := _carry(art, i)) is not None:
            art.who[i], art.lemma[i] = carried
            # A short quote carried over is kept when it is a whole utterance.
            quote_text = text[m.start : m.end]
            ends = quote_text.rstrip("”\"'’)").endswith((".", "!", "?", "…"))
            keep[i] = keep[i] or (ends and not _is_title(quote_text))
        if keep[i]:
            art.last_in_paragraph[art.para_rank[m.paragraph]] = i

    out: list[Quote] = []
    ids: dict[int, str] = {}
    for i, m in enumerate(marked):
        if not keep[i]:
            continue
        w = art.who[i]
        quote = Quote(
            article_id=article_id,
            start=m.start,
            end=m.end,
            text=text[m.start : m.end],
            speaker=w.text,
            speaker_start=w.start,
            speaker_end=w.end,
            speaker_how=w.how if w.text is not None else "none",
            cue=art.lemma[i],
            part_of=ids.get(head[i]) if head[i] != i else None,
        )
        ids.setdefault(head[i], quote.id)
        out.append(quote)
    return out
