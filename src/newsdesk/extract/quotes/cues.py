"""Which cue attributes a quote: a transcript label, a credit after a dash, a reporting
verb or noun whose complement holds the quote, one beside it in its sentence, a colon
before it, or (failing those) a verb that governs it.

Separate from ``speakers``: these rules find the cue; ``_Article`` says whom it names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import _BELIEF_VERBS, _COMPLEMENT_DEPS, _DASHES, _LABEL_RE, _SENTENCE_END
from .marks import _Marked
from .speakers import _NOBODY, _Article, _Cue, _Who

if TYPE_CHECKING:
    from spacy.tokens import Token


def _quote_roots(art: _Article, m: _Marked) -> list[Token]:
    """Tokens of the quote whose head lies outside it: where it hangs in the parse."""
    roots = [
        t
        for t in art.doc[art.token_at(m.start) : art.token_at(m.end)]
        if not t.is_punct
        and not t.is_space
        and (t.head.i == t.i or not m.start <= t.head.idx < m.end)
    ]
    return roots[:4]


def _path_cue(art: _Article, m: _Marked) -> _Cue | None:
    """The nearest cue up the tree from the quote, when the quote sits in its
    complement. The parser links sentences across paragraphs: a cue in another
    paragraph is none."""
    lo, hi = art.paragraphs[m.paragraph]
    for root in _quote_roots(art, m):
        child, node = root, root.head
        for _ in range(12):
            if node.i == child.i or not lo <= node.idx < hi:
                break
            if not art.quoted[node.i] and art.is_cue(node):
                edge, via = child.dep_, child.lower_
                if (
                    edge in _COMPLEMENT_DEPS
                    or (edge == "prep" and via == "as")  # "described it as “…”"
                    or (edge == "prep" and node.pos_ == "NOUN" and via in {"for", "of"})
                ):
                    who = art.speaker_of_cue(node, inverted=node.idx >= m.outer_end)
                    if node.lemma_.lower() in _BELIEF_VERBS:
                        outer = _outer_cue(art, node, lo, hi)
                        if outer is not None and outer.who.how != "none":
                            return outer
                    return _Cue(node.i, art.cue_lemma(node), who, "path")
                if node.lower_ == "according":
                    return _Cue(node.i, "according to", art.speaker_of_cue(node), "path")
                break
            child, node = node, node.head
    return None


def _outer_cue(art: _Article, cue: Token, lo: int, hi: int) -> _Cue | None:
    """A speech cue whose complement holds a belief cue's clause: in "Manafort told
    friends that the candidate thought …" Manafort is the one quoted."""
    child, node = cue, cue.head
    for _ in range(8):
        if node.i == child.i or not lo <= node.idx < hi:
            return None
        if not art.quoted[node.i] and art.is_cue(node) and node.lemma_.lower() not in _BELIEF_VERBS:
            if child.dep_ in {"ccomp", "xcomp", "dobj", "parataxis", "advcl", "conj"}:
                return _Cue(node.i, art.cue_lemma(node), art.speaker_of_cue(node), "path")
            return None
        child, node = node, node.head
    return None


def _window_cue(art: _Article, m: _Marked, *, after: bool) -> tuple[_Cue, int] | None:
    """The cue nearest the quote on one side within its sentence and paragraph, and
    how many words stand between (0: ``"…," she said``).

    After the quote, a clause that opens with a named or pronoun subject and ends
    its sentence ("…," Hannity pressed.) counts whatever its verb. Before the quote,
    the cue must govern the quote or introduce it (``Smith said Monday: "…"``)."""
    doc = art.doc
    i = art.token_at(m.outer_end) if after else art.token_at(m.outer_start) - 1
    words = 0
    for _ in range(art.config.after_window if after else art.config.before_window):
        if not 0 <= i < len(doc) or art.quoted[i] or art.is_break(doc[i]):
            return None
        tok = doc[i]
        if not after and tok.text in _SENTENCE_END:
            return None
        verb: Token | None = tok if art.is_cue(tok) and tok.pos_ != "NOUN" else None
        if verb is None and after and words == 0 and tok.dep_ == "nsubj":
            head = tok.head
            if tok.pos_ in {"PROPN", "PRON"} and head.pos_ == "VERB" and head.i > tok.i:
                verb = head if not art.quoted[head.i] and _clause_ends(art, head) else None
        if verb is not None:
            if not after and not _governs(art, verb, m) and not _introduces(art, verb, m):
                return None
            who = art.speaker_of_cue(verb, inverted=after)
            if after and who.how == "none":
                who = _fronted_subject(art, m, verb)
            subject = art.subject_of_cue(verb)
            if after and subject is not None and subject.i < verb.i:
                # "…," Smith, the mayor, said: the attribution starts at the subject.
                span = doc[art.token_at(m.outer_end) : subject.left_edge.i]
                words = sum(1 for t in span if not t.is_punct)
            return _Cue(verb.i, art.cue_lemma(verb), who, "after" if after else "before"), words
        if after and tok.text in _SENTENCE_END:
            return None
        words += 0 if tok.is_punct else 1
        i += 1 if after else -1
    return None


def _governs(art: _Article, cue: Token, m: _Marked) -> bool:
    return any(any(a.i == cue.i for a in root.ancestors) for root in _quote_roots(art, m))


def _introduces(art: _Article, cue: Token, m: _Marked) -> bool:
    """Few words between the cue and a colon or comma right before the quote."""
    before = art.doc[cue.i + 1 : art.token_at(m.outer_start)]
    return (
        len(before) > 0
        and before[-1].text in {":", ","}
        and sum(1 for t in before if not t.is_punct) <= 6
    )


def _clause_ends(art: _Article, verb: Token) -> bool:
    """The verb's clause ends its sentence within a few tokens ("Trump quipped.")."""
    for tok in art.doc[verb.i + 1 : verb.i + 8]:
        if tok.text in _SENTENCE_END or art.is_break(tok) or art.quoted[tok.i]:
            return True
        if tok.pos_ in {"VERB", "AUX"}:
            return False
    return False


def _fronted_subject(art: _Article, m: _Marked, verb: Token) -> _Who:
    """``"…," Gene Sperling, a top adviser, said`` when the parser did not link the
    name to the verb: a name or pronoun standing first between them."""
    first = art.token_at(m.outer_end)
    while first < verb.i and art.doc[first].is_punct:
        first += 1
    if first >= verb.i:
        return _NOBODY
    ent = art.token_ent.get(first)
    if ent is not None and ent.start == first and ent.label_ in {"PERSON", "ORG"}:
        return art.who_of(ent)
    tok = art.doc[first]
    return art.name_of(tok) if tok.pos_ == "PRON" else _NOBODY


def _colon_cue(art: _Article, m: _Marked) -> _Cue | None:
    """A colon right before the quote: ``Clinton: "…"`` (a name is all that precedes
    it) or ``Sanders delivered a snappy retort: "…"`` (the sentence's subject)."""
    i = art.token_at(m.outer_start) - 1
    if i < 0 or art.doc[i].text != ":" or art.quoted[i]:
        return None
    j = i - 1
    if j >= 0 and art.doc[j].text == ")":  # "Rep. Trey Gowdy (R-S.C.): "
        while j >= 0 and art.doc[j].text != "(" and i - j < 12:
            j -= 1
        j -= 1
    ent = art.token_ent.get(j) if j >= 0 and not art.quoted[j] else None
    if ent is not None and ent.label_ in {"PERSON", "ORG"}:
        before = art.doc[ent.start - 1] if ent.start > 0 else None
        if before is None or art.is_break(before) or before.is_punct:
            who = art.who_of(ent)
            return _Cue(j, None, who, "before") if who.how != "none" else None
    verb = art.doc[i].sent.root
    if verb.pos_ not in {"VERB", "AUX"} or art.quoted[verb.i] or verb.i > i:
        return None
    who = art.speaker_of_cue(verb)
    return _Cue(verb.i, art.cue_lemma(verb), who, "before") if who.how != "none" else None


def _governing_cue(art: _Article, m: _Marked) -> _Cue | None:
    """The quote is the object or complement of a verb that does not report speech
    ("Nordhaus welcomed “…”"), and the verb's subject is a name."""
    lo, hi = art.paragraphs[m.paragraph]
    for root in _quote_roots(art, m)[:1]:
        child, node = root, root.head
        for _ in range(4):
            if node.i == child.i or not lo <= node.idx < hi or art.quoted[node.i]:
                break
            if node.pos_ == "VERB":
                if child.dep_ not in {"dobj", "ccomp", "xcomp", "oprd", "attr"}:
                    return None
                who = art.speaker_of_cue(node)
                named = who.start is not None and art.token_at(who.start) in art.token_ent
                if who.how in {"subject", "pronoun"} and named:
                    return _Cue(node.i, node.lemma_.lower(), who, "governing")
                return None
            child, node = node, node.head
    return None


def _label_cue(art: _Article, m: _Marked) -> _Cue | None:
    """A transcript line quoted whole, ``"PENCE: Well, …"``: the label speaks."""
    label = _LABEL_RE.match(art.text, m.start, m.end)
    if label is None:
        return None
    name, i = label[1], art.token_at(m.start)
    if name.upper() in {"NOTE", "UPDATE", "BREAKING", "WARNING", "PS", "P.S"}:
        return None
    if not (name.isupper() and len(name) > 1) and i not in art.token_ent:
        return None
    return _Cue(i, None, _Who(name, m.start, m.start + len(name), "subject"), "label")


def _dash_cue(art: _Article, m: _Marked) -> _Cue | None:
    """``"…" ― Pamela Padilla``: a name after a dash, right after the quote or opening
    a short next line (lists of readers' quotes, epigraphs)."""
    text, pos = art.text, m.outer_end
    _lo, hi = art.paragraphs[m.paragraph]
    if not text[pos:hi].strip() and m.paragraph + 1 < len(art.paragraphs):
        nlo, nhi = art.paragraphs[m.paragraph + 1]
        if nhi - nlo < 120:
            pos = nlo
    while pos < len(text) and text[pos] in " \u00a0":
        pos += 1
    if pos >= len(text) or text[pos] not in _DASHES:
        return None
    pos += 1
    while pos < len(text) and text[pos] in " \u00a0":
        pos += 1
    i = art.token_at(pos)
    ent = art.token_ent.get(i)
    if ent is None or ent.label_ not in {"PERSON", "ORG"}:
        return None
    who = art.who_of(ent)
    return _Cue(i, None, who, "dash") if who.how != "none" else None


def _own_cue(art: _Article, m: _Marked) -> _Cue | None:
    for special in (_label_cue(art, m), _dash_cue(art, m)):
        if special is not None:
            return special
    path = _path_cue(art, m)
    if path is not None and path.who.how != "none":
        return path
    # A cue right after the closing mark ("…," she said) is the surest sign; then
    # one before the quote in its sentence; then one further after.
    after = _window_cue(art, m, after=True)
    if after is not None and after[1] <= 1:
        return after[0]
    before = _window_cue(art, m, after=False)
    if before is not None:
        return before[0]
    if after is not None:
        return after[0]
    colon = _colon_cue(art, m)
    if colon is not None:
        return colon
    if path is None and art.config.governing_verbs:
        return _governing_cue(art, m)
    return path
