"""Carried speakers: a quote with no cue takes the latest speaker before it in its
paragraph or, when it opens its paragraph, the previous paragraph's.

Separate from ``cues``: it reads the speakers already given to earlier quotes, so it
runs in text order after every quote's own cue is known.
"""

from __future__ import annotations

from .config import _BELIEF_VERBS
from .speakers import _Article, _Who


def _carry(art: _Article, i: int) -> tuple[_Who, str | None] | None:
    """The speaker of an unattributed quote, from what comes before it: the latest
    attributed quote or reporting verb earlier in its paragraph; for a quote that opens
    its paragraph, the previous paragraph's (or the subject of a sentence ending it with
    a colon: "He then listed the qualities a nominee needs:")."""
    m = art.marked[i]
    rank = art.para_rank[m.paragraph]
    lo, _hi = art.paragraphs[m.paragraph]
    found = _latest(art, art.last_in_paragraph.get(rank), lo, m.outer_start)
    if found is not None or art.text[lo : m.outer_start].strip():
        return found
    p = m.paragraph - 1
    while p >= 0 and not art.text[art.paragraphs[p][0] : art.paragraphs[p][1]].strip():
        p -= 1
    if p < 0:
        return None
    plo, phi = art.paragraphs[p]
    if art.text[plo:phi].rstrip().endswith(":"):
        verb = art.doc[art.token_at(art.text.rindex(":", plo, phi))].sent.root
        if verb.pos_ in {"VERB", "AUX"} and not art.quoted[verb.i]:
            speaker = art.speaker_of_cue(verb, inverted=True)
            if speaker.how != "none":
                return _carried(speaker), art.cue_lemma(verb)
    return _latest(art, art.last_in_paragraph.get(rank - 1), plo, phi)


def _latest(art: _Article, last: int | None, lo: int, hi: int) -> tuple[_Who, str | None] | None:
    """The latest speaker named in ``text[lo:hi]``: quote ``last``'s, or the subject of a
    reporting verb after that quote's sentence ("…," he said when asked: the quote's own
    attribution), whichever comes later."""
    after = -1
    if last is not None and art.who[last].how != "none" and art.marked[last].start < hi:
        i = art.token_at(art.marked[last].outer_end)
        after = art.doc[i].sent.end_char if i < len(art.doc) else art.marked[last].outer_end
    for tok in reversed(art.doc[art.token_at(lo) : art.token_at(hi)]):
        if tok.idx < after:
            break
        if art.quoted[tok.i] or tok.pos_ == "NOUN" or not art.is_cue(tok):
            continue
        if tok.lemma_.lower() not in _BELIEF_VERBS:
            speaker = art.speaker_of_cue(tok, inverted=True)
            if speaker.how != "none":
                return _carried(speaker), art.cue_lemma(tok)
    if after >= 0 and last is not None:
        return _carried(art.who[last]), art.lemma[last]
    return None


def _carried(w: _Who) -> _Who:
    return _Who(w.text, w.start, w.end, "carried")
