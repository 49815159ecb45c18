"""Extractive story summaries in which every sentence cites the articles behind it.

For each story the stage picks sentences from the story's own articles and
orders them; it never writes new words except a sentence saying where reports
differ. A reader can trace every sentence to its article and offsets, and every
citation to the sentence in another article that says the same.

* Candidates: body sentences that stand on their own. Questions, captions,
  boilerplate remnants, fragments (a lead cut off mid-sentence), quotations
  lifted out of their context, first-person asides and sentences opening on a
  pronoun whose referent is elsewhere are left out. Sentences of an article
  that copies another article of the story are left out too: the source says
  it first, and the copy is cited beside it.
* Score: a linear model over a few measured signals (lead position, closeness
  to the story's centroid in MiniLM and TF-IDF space, support from the other
  independent articles, closeness to the headlines, length), fitted on the
  AllSides roundup *train* split by ``scripts/fit_summary_weights.py``; the
  weights ship as the config default. Centrality across outlets is the
  ``support`` signal: content that several independent outlets carry ranks up.
* Selection (``selection``): under a word budget, the set of sentences a
  model of set-level signals (the summed sentence scores, the word pairs other
  outlets and their titles print, redundancy) scores highest among every set
  of the best candidates that fits (the budget is never exceeded). With a
  sentence budget alone: greedy, with a redundancy penalty against what is
  already chosen (maximal marginal relevance).
* Light compression only: a dateline, a leading connective or a trailing
  attribution ("…, officials said.") is dropped; nothing inside the clause is.
* Citations: the sentence's own article, plus every other article with a
  sentence that says the same (copy-link alignments, or embedding cosine with
  shared rare words above a threshold), or that states the same fact.
* Disputes: a sentence touching a discrepancy carries a note ("reports differ
  on the date: May 27 or May 26"); a major discrepancy no chosen sentence
  touches gets a sentence of its own, citing each side.
* Headline: the summary opens with one outlet's own title, the usable one the
  other articles bear out best (no question, teaser, quotation or disputed
  value; backed by a sentence of its article and cited as that sentence is).
  A human roundup opens the same way; the word budget counts it (with a
  sentence budget, it comes on top of the sentences).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from .compare.discrepancies import topic
from .dedup import content_weights, weighted_overlap
from .headline import choose_headline, story_title
from .model import (
    Article,
    Citation,
    Claim,
    Discrepancy,
    Fact,
    Link,
    Sentence,
    StoryRecord,
    Summary,
    SummarySentence,
)
from .selection import SUBSET_WEIGHTS, Consensus, Pool, best_subset, consensus, select
from .standalone import QUOTE_CHARS, usable

Vectors = npt.NDArray[np.float32]
Encode = Callable[[Sequence[str]], Vectors]
# The pool, the consensus, the word budget left and the headline's content words.
ChoiceObserver = Callable[[Pool, Consensus, int, Mapping[str, float]], None]

# Fitted on AllSides roundup_train (2,452 clusters) by scripts/fit_summary_weights.py:
# ridge regression of each sentence's ROUGE-1 + ROUGE-2 recall against the
# reference on these features (order of ``FEATURES``). They were fitted while
# "support" was mis-computed (it came out ~1 for every sentence of a multi-outlet
# story). With it mended, these weights score higher on train's summary-level
# ROUGE than a refit (summed R1+R2+RLsum 96.86 vs 96.50 with the headline,
# 92.00 vs 91.86 without), so they stay: the per-sentence fit is not the
# summary's ROUGE.
FEATURES = (
    "bias",
    "lead",
    "inverse_position",
    "centroid",
    "support",
    "headline",
    "tfidf",
    "length",
    "quoted",
    "digits",
)
DEFAULT_WEIGHTS = (-0.523, 0.087, -0.095, -0.027, 0.248, 0.154, 0.687, 0.158, 0.0, -0.002)


@dataclass(frozen=True, slots=True)
class SummaryConfig:
    # Word budget (never exceeded); None with ``sentences`` set means no word cap.
    words: int | None = 65
    sentences: int | None = None
    # Score per word**density (the greedy order, and which ``pool`` candidates
    # the set choice considers): 0.5 balances a long sentence's coverage against
    # the budget it uses (on roundup_val: 0 and 0.25 lower every ROUGE figure).
    density: float = 0.5
    # Penalty per unit of cosine to the closest sentence already chosen. 0: the
    # support signal already favours content carried widely, and any penalty
    # measured lowered ROUGE (0.2: -1.8 R1); kept for stories with many copies.
    # The greedy choice only; the set choice's model weighs redundancy itself.
    redundancy: float = 0.0
    # Penalty per sentence already taken from the same outlet: a summary draws
    # on several outlets when their sentences score alike (on roundup val, 0.01
    # lifts distinct outlets per sentence from 0.92 to 0.94 for -0.05 ROUGE-1).
    # The greedy choice only; the set choice weighs outlets in its own model.
    balance: float = 0.01
    # A sentence whose content words (by rarity) are this much already said by
    # the headline and the sentences chosen before it adds nothing: left out.
    # Greater than 1 turns it off.
    repeat: float = 0.8
    # A sentence of another article supports a summary sentence when
    # 0.5 * cosine + 0.5 * rare-word overlap reaches this.
    support: float = 0.62
    min_words: int = 6
    max_words: int = 70
    # Sentences per article considered (leads carry the story; long articles
    # would otherwise cost quadratic time in the support signal).
    per_article: int = 12
    weights: tuple[float, ...] = DEFAULT_WEIGHTS
    # Under a word budget, choose the sentences as a set (``selection``): every
    # feasible set of the ``pool`` best candidates, scored by a model of
    # set-level signals. False, or a sentence budget alone: greedy (``select``).
    sets: bool = True
    set_weights: tuple[float, ...] = SUBSET_WEIGHTS
    pool: int = 10
    # State a major discrepancy no chosen sentence mentions in a sentence of its own.
    state_disputes: bool = True
    # Open with one outlet's headline, the one the other articles bear out best
    # (a roundup's title says in ten words what its sentences take sixty for).
    # Counted in the word budget; never more than a third of it.
    headline: bool = True
    # Headline score = how well the other articles bear it out (mean best cosine)
    # / words**headline_density: a slight preference for the shorter of two
    # equally supported titles (chosen on roundup train with the body weights
    # fixed; 0 to 0.6 all within 0.1 ROUGE-1 there).
    headline_density: float = 0.2


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may enter the summary: where it is and its (compressed) text."""

    article_id: str
    position: int  # index among the article's body sentences
    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


# -- light compression ----------------------------------------------------------------

_DATELINE = re.compile(
    r"^(?:(?:[A-Z][A-Z .'’]{2,30}(?:,\s*[A-Z][\w .]{1,30})?(?:\s*\([^)]{1,30}\))?"
    r"|\([A-Z][A-Za-z ]{1,20}\))\s*[-—–]+\s+"
    # A wire credit glued to the first word, as some outlets print it: "(Wire)The …",
    # "Lowmere (Wire)The …", "Lowmere (Wire) - The …".
    r"|(?:[A-Z][A-Za-z.'’]+(?: [A-Z][A-Za-z.'’]+){0,2} )?\([A-Z][A-Za-z ]{1,20}\)"
    r"(?:\s*[-—–]+\s+|\s*(?=[A-Z])))"
)
_CONNECTIVE = re.compile(
    r"^(?:But|And|However|Meanwhile|Still|Also|So|Yet|Moreover|Additionally|"
    r"In addition|Instead|Now|Further|Furthermore)\b,?\s+"
)
# Signposts some outlets open paragraphs with ("Why it matters: …", "The big
# picture: …"): a label, not part of the sentence. Fact-check labels
# ("CLAIM: …") are not here: what follows them is a claim, not a fact, and
# ``usable`` refuses those sentences.
_SIGNPOST = re.compile(
    r"^(?:Why it matters|The big picture|Driving the news|(?:The )?state of play|Details|"
    r"The latest|Between the lines|Context|(?:The )?bottom line|By the numbers|Reality check|"
    r"What's next|What’s next|What they're saying|What they’re saying|Zoom in|Zoom out|"
    r"Catch up quick|Flashback|The backstory|Go deeper|Worth noting|Breaking|Exclusive|"
    r"Update(?:d)?)\s*:\s+(?=[A-Z0-9“\"])",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r",\s*(?:he|she|they|officials|authorities|police|(?:the\s+)?[A-Z][\w.'’-]*"
    r"(?:\s+[A-Z][\w.'’-]*){0,4}|(?:a|an|the)\s+[\w\s'’-]{1,40}?)\s+"
    r"(?:said|says|told\s+[^,.]{1,40}|added|wrote|reported|announced|noted|explained)"
    r"(?:\s+(?:on\s+)?\w+day)?\s*\.$"
    r"|,\s*according to [^,.\"”]{1,60}\.$"
)


# An opening quote mark the sentence splitter left at the end of the sentence
# before the quotation it opens (after the sentence's own closing quote too:
# `… a "secret meeting." "`).
_STRAY_OPENER = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”]))\s+[\"“]$")


def compress(text: str) -> str:
    """Drop a dateline, a signpost label, a leading connective and a trailing
    attribution.

    Each cut happens only when at least five words remain, and the attribution
    stays when the sentence quotes someone (it then says who speaks)."""
    t = _STRAY_OPENER.sub("", text.strip())
    for pattern in (_DATELINE, _SIGNPOST, _CONNECTIVE):
        m = pattern.match(t)
        if m and len(t[m.end() :].split()) >= 5:
            rest = t[m.end() :]
            t = rest[0].upper() + rest[1:]
    if not QUOTE_CHARS.search(t):
        cut = _ATTRIBUTION.sub(".", t)
        if len(cut.split()) >= 5:
            t = cut
    return t


# -- the story's sentences ------------------------------------------------------------


def _body_sentences(article: Article) -> list[Sentence]:
    body = {i for i, p in enumerate(article.paragraphs) if p.kind == "body"}
    return [s for s in article.sentences if s.paragraph in body]


def copies_of(article_ids: Sequence[str], links: Sequence[Link]) -> set[str]:
    """Articles that copy another article of the same set: the source speaks for
    them. An undirected duplicate pair keeps its first id."""
    members = set(article_ids)
    out: set[str] = set()
    for link in links:
        if link.source in members and link.target in members and link.source not in out:
            out.add(link.target)
    return out


def candidates(
    articles: Sequence[Article], *, skip: set[str], config: SummaryConfig
) -> list[Candidate]:
    out: list[Candidate] = []
    for a in articles:
        if a.id in skip:
            continue
        for position, s in enumerate(_body_sentences(a)[: config.per_article]):
            text = compress(s.text)
            if usable(text, min_words=config.min_words, max_words=config.max_words):
                out.append(Candidate(a.id, position, s.start, s.end, text))
    return out


# -- scoring ------------------------------------------------------------------------


def _tfidf_centrality(texts: Sequence[str], extra: Sequence[str]) -> npt.NDArray[np.float64]:
    # Imported here: scikit-learn costs half a second to import and only this
    # stage and the evaluation need it.
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        vectorizer.fit(list(texts) + list(extra))
    except ValueError:  # nothing but stop words
        return np.zeros(len(texts))
    x = vectorizer.transform(texts)
    centroid = np.asarray(x.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid))
    return np.asarray(x @ (centroid / norm)).ravel() if norm else np.zeros(len(texts))


def features(
    cands: Sequence[Candidate],
    vectors: Vectors,
    *,
    headline_vectors: Vectors,
    headlines: Sequence[str],
) -> npt.NDArray[np.float64]:
    """One row of ``FEATURES`` per candidate (``vectors`` L2-normalised, one per candidate)."""
    n = len(cands)
    if not n:
        return np.zeros((0, len(FEATURES)))
    centroid = vectors.mean(axis=0)
    centroid /= float(np.linalg.norm(centroid)) or 1.0
    sims = vectors @ vectors.T
    article_of = np.array([c.article_id for c in cands])
    others = sorted(set(article_of))
    support = np.zeros(n)
    if len(others) > 1:
        # Best match in each other article, averaged: how widely it is carried.
        best = np.stack([np.where(article_of == a, sims, -1.0).max(axis=1) for a in others], 1)
        own = np.stack([article_of == a for a in others], 1)
        best = np.where(own, np.nan, np.maximum(best, 0.0))
        support = np.nanmean(best, axis=1)
    headline = (vectors @ headline_vectors.T).max(axis=1) if len(headline_vectors) else np.zeros(n)
    tfidf = _tfidf_centrality([c.text for c in cands], headlines)
    rows = []
    for i, c in enumerate(cands):
        rows.append(
            (
                1.0,
                float(c.position == 0),
                1.0 / (c.position + 1),
                float(vectors[i] @ centroid),
                float(support[i]),
                float(headline[i]),
                float(tfidf[i]),
                min(c.words, 60) / 30.0,
                float(len(QUOTE_CHARS.findall(c.text)) >= 2),
                float(bool(re.search(r"\d", c.text))),
            )
        )
    return np.array(rows)


# -- the headline ---------------------------------------------------------------------


# Share of a title's content words (by rarity) its backing sentence must hold.
_HEADLINE_BACKING = 0.3


def headline_line(
    article: Article,
    vector: Vectors,
    *,
    units: Sequence[_Unit],
    unit_vectors: Vectors,
    cite: Callable[[Candidate, Vectors], tuple[Citation, ...]],
) -> SummarySentence | None:
    """``article``'s title as the summary's first line, backed by the sentence
    of that article closest to it and cited as that sentence is (``cite``: the
    citations a body sentence would get). None when no sentence of the article
    holds ``_HEADLINE_BACKING`` of its content words: a title the text does not
    bear out is not used."""
    title = " ".join((article.title or "").split())
    words = content_weights(title)
    own = [i for i, u in enumerate(units) if u.article_id == article.id]
    if not own or not words:
        return None
    overlap = {i: weighted_overlap(words, content_weights(units[i].text)) for i in own}
    best = max(own, key=lambda i: 0.5 * float(unit_vectors[i] @ vector) + 0.5 * overlap[i])
    if overlap[best] < _HEADLINE_BACKING:
        return None
    u = units[best]
    cites = cite(Candidate(u.article_id, 0, u.start, u.end, u.text), unit_vectors[best])
    return SummarySentence(
        text=title,
        article_id=article.id,
        start=u.start,
        end=u.end,
        citations=cites,
        kind="headline",
    )


# -- citations and disputes -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    article_id: str
    start: int
    end: int
    text: str


def _contains(sentence: _Unit | Candidate, start: int, end: int) -> bool:
    return sentence.start <= start and end <= sentence.end


def citations_for(
    cand: Candidate,
    vector: Vectors,
    *,
    units: Sequence[_Unit],
    unit_vectors: Vectors,
    links: Sequence[Link],
    claim_by_id: Mapping[str, Claim],
    facts: Sequence[Fact],
    threshold: float,
) -> tuple[Citation, ...]:
    """The candidate's own article first, then each other article with a
    sentence that says the same: aligned by a copy link, close in meaning with
    shared rare words, or stating one of the same facts."""
    found: dict[str, Citation] = {cand.article_id: Citation(cand.article_id, cand.start, cand.end)}
    unit_at = {(u.article_id, u.start): u for u in units}

    def unit_covering(article_id: str, start: int, end: int) -> _Unit | None:
        for u in units:
            if u.article_id == article_id and u.start <= start and end <= u.end:
                return u
        return unit_at.get((article_id, start))

    for link in links:
        for pair in link.aligned:
            if link.source == cand.article_id:
                own, other = (pair.source_start, pair.source_end), link.target
                there = (pair.target_start, pair.target_end)
            elif link.target == cand.article_id:
                own, other = (pair.target_start, pair.target_end), link.source
                there = (pair.source_start, pair.source_end)
            else:
                continue
            overlaps = own[0] < cand.end and cand.start < own[1]
            if overlaps and other not in found:
                found[other] = Citation(other, there[0], there[1])
    words = content_weights(cand.text)
    if len(units):
        cos = unit_vectors @ vector
        for i, u in enumerate(units):
            if u.article_id in found:
                continue
            score = 0.5 * float(cos[i]) + 0.5 * weighted_overlap(words, content_weights(u.text))
            if score >= threshold:
                found[u.article_id] = Citation(u.article_id, u.start, u.end)
    for fact in facts:
        mine = [
            claim_by_id[i]
            for i in fact.claim_ids
            if i in claim_by_id and claim_by_id[i].article_id == cand.article_id
        ]
        if not any(_contains(cand, c.start, c.end) for c in mine):
            continue
        for cid in fact.claim_ids:
            theirs = claim_by_id.get(cid)
            if theirs is None or theirs.article_id in found:
                continue
            hit = unit_covering(theirs.article_id, theirs.start, theirs.end)
            if hit is not None:
                found[theirs.article_id] = Citation(theirs.article_id, hit.start, hit.end)
    # A cited sentence a copy took from its source: the source backs it too
    # (a copy is never cited alone for what it copied).
    for link in links:
        cited = found.get(link.target)
        if cited is None or link.source in found:
            continue
        for pair in link.aligned:
            if pair.target_start < cited.end and cited.start < pair.target_end:
                found[link.source] = Citation(link.source, pair.source_start, pair.source_end)
                break
    return tuple(found.values())


def _value_text(value: str, texts: Sequence[str]) -> str:
    return texts[0] if texts else value


def _same_side(
    citations: tuple[Citation, ...], own: str, disputes: Sequence[Discrepancy]
) -> tuple[Citation, ...]:
    """Citations without the articles that give another value of a disputed
    fact the sentence states: a similar sentence stating the other side does
    not back it."""
    against: set[str] = set()
    for d in disputes:
        mine = {a for v in d.values if own in v.article_ids for a in v.article_ids}
        against |= {a for v in d.values for a in v.article_ids if a not in mine}
    return tuple(c for c in citations if c.article_id == own or c.article_id not in against)


def dispute_note(d: Discrepancy) -> str:
    sides = " or ".join(_value_text(v.value, v.texts) for v in d.values)
    return f"reports differ on {topic(d.predicate, d.kind, d.subject)}: {sides}"


def _minority(
    c: Candidate, disputes: Sequence[Discrepancy], claim_by_id: Mapping[str, Claim]
) -> bool:
    """The candidate states a minority value of a dispute."""
    return any(d.minority.intersection(_stated(c, d, claim_by_id)) for d in disputes)


def _stated(s: Candidate, d: Discrepancy, claim_by_id: Mapping[str, Claim]) -> set[int]:
    """Indices of the values of ``d`` the sentence itself states (a supporting
    sentence elsewhere may state them too, but the summary does not repeat that)."""
    return {
        k
        for k, v in enumerate(d.values)
        for cid in v.claim_ids
        if (c := claim_by_id.get(cid)) is not None
        and c.article_id == s.article_id
        and s.start <= c.start < s.end
    }


def dispute_sentence(
    d: Discrepancy,
    *,
    claim_by_id: Mapping[str, Claim],
    units: Sequence[_Unit],
    outlet: Callable[[str], str],
) -> SummarySentence | None:
    """A sentence of its own for a dispute no chosen sentence states, e.g.
    "Reports differ on the date: May 27 (A, B) or May 26 (C).", citing the
    sentence of each article that states a side."""
    cites: list[Citation] = []
    sides = []
    for v in d.values:
        n = len(v.article_ids)
        # Outlet names when every article has one; a count otherwise.
        if all(outlet(a) for a in v.article_ids):
            who = ", ".join(dict.fromkeys(outlet(a) for a in v.article_ids))
        else:
            who = f"{n} article{'s' if n != 1 else ''}"
        sides.append(f"{_value_text(v.value, v.texts)} ({who})")
        for cid in v.claim_ids:
            c = claim_by_id.get(cid)
            if c is None:
                continue
            at = next(
                (u for u in units if u.article_id == c.article_id and u.start <= c.start < u.end),
                None,
            )
            if at is not None and all(x.article_id != at.article_id for x in cites):
                cites.append(Citation(at.article_id, at.start, at.end))
    if not cites:
        return None
    what = topic(d.predicate, d.kind, d.subject)
    text = f"Reports differ on {what}: " + " or ".join(sides) + "."
    return SummarySentence(
        text=text,
        article_id=cites[0].article_id,
        start=cites[0].start,
        end=cites[0].end,
        citations=tuple(cites),
        note=None,
        disputed=(d.id,),
    )


# -- the summary of one story ----------------------------------------------------------


def summarize_story(
    *,
    story: StoryRecord,
    articles: Sequence[Article],
    links: Sequence[Link],
    encode: Encode,
    config: SummaryConfig,
    facts: Sequence[Fact] = (),
    discrepancies: Sequence[Discrepancy] = (),
    claims: Sequence[Claim] = (),
    on_choice: ChoiceObserver | None = None,
) -> Summary:
    """The summary of one story (``articles`` are the story's, in any order).

    ``on_choice`` sees what the set choice chooses from (the fitting script
    ``scripts/fit_summary_sets.py`` labels those sets)."""
    order = sorted(articles, key=lambda a: (a.published is None, a.published or 0, a.id))
    ids = [a.id for a in order]
    story_links = [link for link in links if link.source in ids and link.target in ids]
    skip = copies_of(ids, story_links)
    if len(skip) == len(ids):
        skip = set()
    claim_by_id = {c.id: c for c in claims}
    majors = [d for d in discrepancies if d.severity == "major"]
    cands = candidates(order, skip=skip, config=config)
    # The minority account of a disputed fact never carries the summary (the
    # dispute is stated with both sides instead); unless nothing else is left.
    cands = [c for c in cands if not _minority(c, majors, claim_by_id)] or cands
    if not cands:
        return Summary(story_id=story.id, sentences=())
    units = [_Unit(a.id, s.start, s.end, s.text) for a in order for s in _body_sentences(a)]
    with_title = [a for a in order if a.title]
    headlines = [a.title or "" for a in with_title]
    # A candidate reuses its sentence's vector: the sentences were embedded (and
    # cached) by the dedup stage, and the light compression hardly moves the
    # meaning; a tenth of the stage's time on 10,000 articles was re-embedding.
    vectors = np.asarray(encode([u.text for u in units] + headlines))
    unit_vecs = vectors[: len(units)]
    head_vecs = vectors[len(units) :]
    row_of = {(u.article_id, u.start): i for i, u in enumerate(units)}
    cand_vecs = unit_vecs[[row_of[(c.article_id, c.start)] for c in cands]]
    x = features(cands, cand_vecs, headline_vectors=head_vecs, headlines=headlines)
    scores = x @ np.asarray(config.weights)
    lengths = np.array([max(c.words, 8) for c in cands], dtype=np.float64)
    scores = scores / lengths**config.density
    outlet_of = {a.id: a.outlet or "" for a in order}
    words = config.words
    # Room for one dispute sentence, reserved before choosing, so the budget holds.
    reserve = 0
    pending: SummarySentence | None = None
    if config.state_disputes and majors:
        pending = dispute_sentence(
            majors[0], claim_by_id=claim_by_id, units=units, outlet=outlet_of.__getitem__
        )
        if pending is not None and words is not None:
            reserve = len(pending.text.split())
            if reserve > words // 2:
                pending, reserve = None, 0

    def touching(c: Candidate) -> list[Discrepancy]:
        return [d for d in discrepancies if _stated(c, d, claim_by_id)]

    def cite(c: Candidate, vector: Vectors, touched: Sequence[Discrepancy]) -> tuple[Citation, ...]:
        """``citations_for`` without the articles giving another value of a
        dispute ``c`` states (``touched``)."""
        others = [i for i, u in enumerate(units) if u.article_id != c.article_id]
        cites = citations_for(
            c,
            vector,
            units=[units[i] for i in others],
            unit_vectors=unit_vecs[others].reshape(-1, unit_vecs.shape[1]),
            links=story_links,
            claim_by_id=claim_by_id,
            facts=facts,
            threshold=config.support,
        )
        return _same_side(cites, c.article_id, touched) if touched else cites

    head: SummarySentence | None = None
    # Titles of copies are left out: their source's title stands for them.
    keep = [i for i, a in enumerate(with_title) if a.id not in skip]
    titled = [with_title[i] for i in keep]
    if config.headline and titled:
        title_vecs = head_vecs[keep]
        ranked = choose_headline(
            [a.title or "" for a in titled],
            title_vecs,
            [a.id for a in titled],
            cand_vecs,
            [c.article_id for c in cands],
            density=config.headline_density,
            disputes=majors,
        )
        room_for = None if words is None else (words - reserve) // 3
        for i in ranked:
            if room_for is not None and len((titled[i].title or "").split()) > room_for:
                continue
            head = headline_line(
                titled[i],
                title_vecs[i],
                units=units,
                unit_vectors=unit_vecs,
                cite=lambda c, v: cite(c, v, touching(c)),
            )
            if head is not None:
                break
    budget = None if words is None else words - reserve - (len(head.text.split()) if head else 0)
    said = content_weights(head.text) if head else {}
    # Consensus counts independent articles: a copy would count its source twice.
    independent = [a for a in order if a.id not in skip]
    # The set model reads what outlets share and was fitted on multi-outlet
    # stories; one outlet's story gives it nothing to read (and its long
    # articles' low sentence scores made it stop after the lead): greedy.
    if config.sets and budget is not None and len(independent) > 1:
        agreed = consensus(
            [f"{a.title or ''}\n{a.text}" for a in independent],
            [a.title for a in independent if a.title],
        )
        pool = Pool(
            texts=[c.text for c in cands],
            article_ids=[c.article_id for c in cands],
            positions=[c.position for c in cands],
            scores=x @ np.asarray(config.weights),
            ranks=scores,
            vectors=cand_vecs,
        )
        if on_choice is not None:
            on_choice(pool, agreed, budget, said)
        chosen = best_subset(
            pool,
            agreed,
            words=budget,
            sentences=config.sentences,
            weights=config.set_weights,
            said=said,
            repeat=config.repeat,
            size=config.pool,
        )
    else:
        chosen = select(
            cands,
            scores,
            cand_vecs @ cand_vecs.T,
            words=budget,
            sentences=config.sentences,
            redundancy=config.redundancy,
            groups=[outlet_of[c.article_id] or c.article_id for c in cands],
            balance=config.balance,
            said=said,
            repeat=config.repeat,
        )
    position_of = {a.id: i for i, a in enumerate(order)}
    chosen.sort(key=lambda j: (cands[j].position, position_of[cands[j].article_id]))
    sentences: list[SummarySentence] = []
    for j in chosen:
        c = cands[j]
        touched = touching(c)
        s = SummarySentence(c.text, c.article_id, c.start, c.end, cite(c, cand_vecs[j], touched))
        if touched:  # cite() already left out the articles giving another value
            s = replace(
                s,
                note="; ".join(dispute_note(d) for d in touched),
                disputed=tuple(d.id for d in touched),
            )
        sentences.append(s)
    stated = {d for s in sentences for d in s.disputed}
    room = config.sentences is None or len(sentences) < config.sentences
    if pending is not None and room and not set(pending.disputed) & stated:
        sentences.append(pending)
    if head is not None and sentences:
        sentences.insert(0, head)
    return Summary(story_id=story.id, sentences=tuple(sentences))


def story_claims(story: StoryRecord, claims_of: Mapping[str, Sequence[Claim]]) -> list[Claim]:
    """The claims of the story's articles (``claims_of``: claims by article id,
    grouped once for all stories rather than filtering every claim per story)."""
    return [c for aid in story.article_ids for c in claims_of.get(aid, ())]


def claims_by_article(claims: Sequence[Claim]) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(c.article_id, []).append(c)
    return out


def summarize_stage(
    *,
    articles: Sequence[Article],
    stories: Sequence[StoryRecord],
    links: Sequence[Link],
    embedder: Encode | None,
    facts: Sequence[Fact] = (),
    discrepancies: Sequence[Discrepancy] = (),
    claims: Sequence[Claim] = (),
    config: SummaryConfig,
) -> dict[str, list[Summary] | list[StoryRecord]]:
    """A summary per story (none without the embedding model: the scores need
    it), and the stories again, each titled by its summary's headline if any."""
    if embedder is None:
        return {"summaries": [], "stories": list(stories)}
    by_id = {a.id: a for a in articles}
    by_story: dict[str, tuple[list[Fact], list[Discrepancy]]] = {}
    for f in facts:
        by_story.setdefault(f.story_id, ([], []))[0].append(f)
    for d in discrepancies:
        by_story.setdefault(d.story_id, ([], []))[1].append(d)
    claims_of = claims_by_article(claims)
    out = []
    named = []
    for story in stories:
        members = [by_id[i] for i in story.article_ids if i in by_id]
        if not members:
            named.append(story)
            continue
        story_facts, story_disc = by_story.get(story.id, ([], []))
        summary = summarize_story(
            story=story,
            articles=members,
            links=links,
            encode=embedder,
            config=config,
            facts=story_facts,
            discrepancies=story_disc,
            claims=story_claims(story, claims_of),
        )
        out.append(summary)
        # The title clustering picked may be a teaser or give one side of a dispute.
        named.append(replace(story, title=story_title(story, members, summary, story_disc)))
    return {"summaries": out, "stories": named}
