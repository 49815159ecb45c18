"""Direct quotations on PolNeAR: gold quotes from BRAT attribution files, and scores.

**Layout.** ``PATH/text/<article>.txt`` and ``PATH/attributions/<article>_<annotator>.ann``
(BRAT standoff: ``T`` lines are spans ``Source``/``Cue``/``Content`` with character
offsets into the text, possibly discontinuous ``10 20;25 40``; ``E`` lines tie one
attribution's spans together: ``E1  Attribution:T4 Content:T3 Cue:T2 Source:T1``).

**Gold.** PolNeAR annotates attributions (direct and indirect speech), not quotes, so
the gold quotes are derived: a *quoted string* is the text between a pair of double
quote marks (straight or curly) inside one line of the text (PolNeAR's paragraphs are
lines). A quote left open at the end of a line continues when the next non-blank line
opens with a quote mark (the multi-paragraph convention): the open piece runs to the
end of its line and each line's piece is one quoted string, as ``find_quotes`` emits
one record per piece. A stray mark (no partner on its line) makes no quoted string.
Single quotes are not quote marks here: in US news (all of PolNeAR) they mark quotes
only inside quotes and in headlines, and apostrophes make them ambiguous.

A quoted string is gold when at least half of its characters lie inside the
``Content`` span(s) of one attribution: scare quotes and titles outside attributed
content are not gold. Its gold source is that attribution's ``Source`` text. When
several annotator files exist for one text, a string is gold if any annotator's
attributions make it gold, and every such annotator's source is kept: a predicted
speaker is right when it matches any of them. Fourteen attributions in train+dev have
their Source and Cue spans swapped ("Source: said", "Cue: David Plouffe, …"); a Source
that is a bare reporting verb is read from the Cue span.

**Anaphoric sources.** PolNeAR files carry no coreference links, so a gold source
that is a pronoun is replaced by the nearest preceding ``Source`` span of the same
annotator that holds a name (for he/she: one that can be a person, with no article
and a capitalised last word), its appositive cut off; with none, the pronoun stays
and no prediction (which never outputs a bare pronoun) can match it. A relative
pronoun ("Trump, who said") takes the name right before it. A definite description
with no name at its head ("the Republican nominee", "his wife") may be matched as
written or as that nearest preceding name.

**Scores.** A predicted quote matches a gold one when their character overlap is at
least ``min_overlap`` (0.5) of the longer of the two; matching is one-to-one, greedy
by overlap. Precision, recall and F1 are over quotes. Speaker accuracy is over the
matched quotes whose gold has a source. Names are compared as words after dropping
determiners, leading titles, punctuation and a possessive, ignoring case and one typo
in a word of five letters or more ("Wimes"/"Wines"); one may be a run of the other's
words when the extra words are capitalised ("Trump" vs "Donald J. Trump", not "Trump"
vs "a top Trump surrogate"). A gold source is compared whole, part by part (split at
commas and parentheses: "Flynn, a top Trump surrogate") and by the name heading it
("Clinton campaign manager Robby Mook" -> Robby Mook, "Sen. Tom Carper of Delaware"
-> Tom Carper).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..model import Quote
from .datasets import DatasetError, Skipped

__all__ = [
    "GoldArticle",
    "GoldQuote",
    "QuoteMatch",
    "QuoteReport",
    "evaluate_quotes",
    "load_polnear",
    "match_quotes",
    "parse_ann",
    "quoted_strings",
    "same_speaker",
]

# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Attribution:
    """One annotated attribution: its content segments and its source, as written."""

    content: tuple[Segment, ...]
    source: str | None
    source_start: int | None


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    text: str
    # Source per annotator that made this string gold (pronouns resolved, see above);
    # empty when the attribution has no source ("Attribution-no-source").
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    text: str
    quotes: tuple[GoldQuote, ...]
    annotators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    gold: int
    pred: int
    overlap: float


@dataclass(frozen=True, slots=True)
class QuoteError:
    """One scoring error, for reading: a missed gold quote, a spurious prediction, or
    a matched quote whose speaker is wrong."""

    article: str
    kind: str  # "missed", "spurious", "speaker"
    text: str
    gold_speaker: str | None = None
    pred_speaker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class QuoteReport:
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    n_gold: int
    n_pred: int
    n_matched: int
    n_speaker_scored: int
    n_speaker_correct: int
    n_articles: int
    seconds: float
    errors: tuple[QuoteError, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["errors"]
        return data


# --------------------------------------------------------------------------- gold

_T_RE = re.compile(r"^(T\d+)\t([A-Za-z][\w-]*) (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")
_E_RE = re.compile(r"^(E\d+)\t(.*)$")
_ROLE_RE = re.compile(r"^([A-Za-z-]+?)\d*:(T\d+)$")

_OPENERS = "“„"
_CLOSERS = "”"
_MARKS = '"“”„'
# A straight mark after one of these (or at a line start) opens; before one of these
# (or at a line end) it closes.
_LEFT_OPEN = frozenset(" \t\u00a0([{—–-/")
_RIGHT_CLOSE = frozenset(" \t\u00a0.,;:!?)]}—–…")

PRONOUNS = frozenset(
    {"he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs", "it", "its"}
    | {"i", "we", "me", "us", "you"}
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "another", "some"})
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "gov", "governor", "president"}
    | {"pres", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "rev", "prof", "sir", "dame"}
    | {"lord", "lady", "judge", "justice", "mayor", "secretary", "former", "retired", "jr", "sr"}
)


def quoted_strings(text: str) -> list[Segment]:
    """The quoted strings of ``text`` (the words between double quote marks), line by line.

    Curly marks say which way they face; a straight one faces by its neighbours (a
    space before it opens, a space or punctuation after it closes) and otherwise
    closes an open quote or opens a new one. A second opening mark before a close
    restarts the quote (the first one was stray).
    """
    out: list[Segment] = []
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    for index, (lo, hi) in enumerate(lines):
        open_at: int | None = None
        for i in range(lo, hi):
            ch = text[i]
            if ch not in _MARKS:
                continue
            left = text[i - 1] if i > lo else " "
            right = text[i + 1] if i + 1 < hi else " "
            if ch in _OPENERS:
                opens = True
            elif ch in _CLOSERS:
                opens = False
            elif left in _LEFT_OPEN and right not in _RIGHT_CLOSE:
                opens = True
            elif right in _RIGHT_CLOSE and left not in _LEFT_OPEN:
                opens = False
            else:
                opens = open_at is None
            if opens:
                open_at = i + 1
            elif open_at is not None:
                _add_segment(out, text, open_at, i)
                open_at = None
        if open_at is not None and _next_line_opens(text, lines, index):
            _add_segment(out, text, open_at, hi)
    return out


def _next_line_opens(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    for lo, hi in lines[index + 1 :]:
        line = text[lo:hi].strip()
        if line:
            return line[0] in _OPENERS or line[0] == '"'
    return False


def _add_segment(out: list[Segment], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Segment(start, end))


def parse_ann(ann: str, *, text: str) -> list[Attribution]:
    """The attributions of one BRAT file (``text`` is the article, for source strings).

    Lines that are neither spans nor events (notes, the continuation lines of a span
    whose text has a line break) are ignored; an event naming a missing span keeps
    the roles it can find.
    """
    spans: dict[str, tuple[Segment, ...]] = {}
    events: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        m = _T_RE.match(line)
        if m:
            segments = []
            for part in m[3].split(";"):
                a, b = part.split()
                segments.append(Segment(int(a), int(b)))
            spans[m[1]] = tuple(segments)
            continue
        e = _E_RE.match(line)
        if e:
            roles: dict[str, list[str]] = {}
            for arg in e[2].split():
                r = _ROLE_RE.match(arg)
                if r:
                    roles.setdefault(r[1], []).append(r[2])
            events.append(roles)
    out: list[Attribution] = []
    for roles in events:
        content = tuple(s for t in roles.get("Content", []) for s in spans.get(t, ()))
        if not content:
            continue
        source_segments = [s for t in roles.get("Source", []) for s in spans.get(t, ())]
        cue_segments = [s for t in roles.get("Cue", []) for s in spans.get(t, ())]
        if _swapped(text, source_segments, cue_segments):
            source_segments = cue_segments
        source = " ".join(text[s.start : s.end] for s in source_segments) or None
        start = min((s.start for s in source_segments), default=None)
        out.append(Attribution(content, " ".join(source.split()) if source else None, start))
    return out


_VERB_SOURCES = frozenset(
    {"said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes", "asked", "asks"}
)


def _swapped(text: str, source: list[Segment], cue: list[Segment]) -> bool:
    """An annotation whose Source span is the verb and Cue span the speaker
    ("Source: said", "Cue: David Plouffe, …"): 14 such slips in PolNeAR train+dev."""
    if len(source) != 1 or not cue:
        return False
    word = text[source[0].start : source[0].end].strip().lower()
    return word in _VERB_SOURCES and any(text[c.start : c.end][:1].isupper() for c in cue)


def _is_name(source: str) -> bool:
    words = re.findall(r"[A-Za-z][\w.'’-]*", source)
    return any(
        w[0].isupper() and w.lower() not in PRONOUNS and w.lower() not in _DETERMINERS
        for w in words
    )


def _head_name(source: str) -> str:
    """The part of a source that names it: "The harbour master, Tomas Reyes," -> Tomas
    Reyes; "Flynn, a top Trump surrogate" -> Flynn."""
    parts = [p.strip() for p in re.split(r"[,()]", source) if p.strip()]
    for part in parts:
        indefinite = part.split()[0].lower() in {"a", "an"}
        if _is_name(part) and not _is_description(part) and not indefinite:
            return part
    return parts[0] if parts else source


_RELATIVES = frozenset({"who", "which", "that", "whom"})


def _antecedent(text: str, start: int) -> str | None:
    """The name right before a relative pronoun ("Trump, who said" -> Trump)."""
    before = text[max(0, start - 200) : start].rstrip(" ,")
    run = head_name(before.rsplit("\n", 1)[-1].rsplit(".", 1)[-1][-120:])
    return " ".join(run) or None


_PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers"})


def _person_like(name: str) -> bool:
    """A source that can be a person: no determiner, a capitalised last word."""
    words = name.split()
    return (
        bool(words)
        and words[0].lower() not in _DETERMINERS
        and words[-1][0].isupper()
        and len(words) <= 5
    )


def _is_description(source: str) -> bool:
    """A definite description or possessive phrase with no name at its head ("the
    Republican nominee", "his wife"): anaphoric, like a pronoun."""
    words = source.split()
    if len(words) < 2 or words[0].lower() not in {"the", "his", "her", "their", "its"}:
        return False
    head = _name_words(_POSTMODIFIER_RE.split(source, maxsplit=1)[0])
    return bool(head) and head[-1][0].islower()


def _resolve_sources(attributions: list[Attribution], text: str) -> list[tuple[str, ...]]:
    """The names each attribution's source may be given as: a pronoun replaced by
    the nearest preceding named source, a relative pronoun by the name it follows,
    a description ("the Republican nominee") as written or that nearest name."""
    named = sorted(
        (a.source_start, name)
        for a in attributions
        if a.source and a.source_start is not None
        for name in [_head_name(a.source)]
        if _is_name(name) and not _is_description(name)
    )
    out: list[tuple[str, ...]] = []
    for a in attributions:
        if a.source is None or a.source_start is None:
            out.append((a.source,) if a.source else ())
            continue
        lower = a.source.lower()
        if lower in _RELATIVES:
            antecedent = _antecedent(text, a.source_start)
            if antecedent:
                out.append((antecedent,))
                continue
        before = [name for start, name in named if start < a.source_start]
        if lower in _PERSONAL:
            # "he"/"she" stands for a person: skip "The Post", "a new poll".
            people = [n for start, n in named if start < a.source_start and _person_like(n)]
            out.append((people[-1],) if people else (a.source,))
        elif lower in PRONOUNS or lower in _RELATIVES:
            out.append((before[-1],) if before else (a.source,))
        elif _is_description(a.source) and before:
            out.append((a.source, before[-1]))
        else:
            out.append((a.source,))
    return out


def _covered(seg: Segment, content: tuple[Segment, ...]) -> int:
    return sum(max(0, min(seg.end, c.end) - max(seg.start, c.start)) for c in content)


def gold_quotes(text: str, annotations: Sequence[list[Attribution]]) -> list[GoldQuote]:
    """Gold quotes of one text given each annotator's attributions (see the module doc)."""
    resolved = [_resolve_sources(atts, text) for atts in annotations]
    out: list[GoldQuote] = []
    for seg in quoted_strings(text):
        length = seg.end - seg.start
        sources: list[str] = []
        gold = False
        for atts, names in zip(annotations, resolved, strict=True):
            best: tuple[int, tuple[str, ...]] | None = None
            for att, alternatives in zip(atts, names, strict=True):
                covered = _covered(seg, att.content)
                if 2 * covered >= length and (best is None or covered > best[0]):
                    best = (covered, alternatives)
            if best is not None:
                gold = True
                sources.extend(best[1])
        if gold:
            unique = tuple(dict.fromkeys(sources))
            out.append(GoldQuote(seg.start, seg.end, text[seg.start : seg.end], unique))
    return out


def load_polnear(path: str | Path, *, skipped: list[Skipped] | None = None) -> list[GoldArticle]:
    """The articles of a PolNeAR split folder with their gold quotes.

    Raises ``DatasetError`` naming the path when it is not such a folder or holds no
    usable article; a text without annotations, or an unreadable file, is skipped.
    """
    root = Path(path)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not root.is_dir():
        raise DatasetError(f"{root}: not a folder (expected a PolNeAR split: text/, attributions/)")
    for sub in (text_dir, ann_dir):
        if not sub.is_dir():
            raise DatasetError(f"{root}: no {sub.name}/ folder (expected a PolNeAR split)")
    by_article: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        article, sep, _annotator = ann.stem.rpartition("_")
        by_article.setdefault(article if sep else ann.stem, []).append(ann)
    out: list[GoldArticle] = []
    for txt in sorted(text_dir.glob("*.txt")):
        name = txt.stem
        anns = by_article.get(name)
        if not anns:
            _skip(skipped, f"text/{txt.name}", "no attributions/<article>_<annotator>.ann file")
            continue
        try:
            text = txt.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            _skip(skipped, f"text/{txt.name}", f"cannot read: {exc}")
            continue
        annotations: list[list[Attribution]] = []
        annotators: list[str] = []
        for ann in anns:
            try:
                annotations.append(parse_ann(ann.read_text(encoding="utf-8"), text=text))
                annotators.append(ann.stem.rpartition("_")[2])
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                _skip(skipped, f"attributions/{ann.name}", f"cannot read: {exc}")
        if not annotations:
            continue
        quotes = tuple(gold_quotes(text, annotations))
        out.append(GoldArticle(name, text, quotes, tuple(annotators)))
    if not out:
        raise DatasetError(f"{root}: no PolNeAR article (text/*.txt with attributions/*.ann) found")
    return out


def _skip(skipped: list[Skipped] | None, source: str, reason: str) -> None:
    if skipped is not None:
        skipped.append(Skipped(source, reason))


# --------------------------------------------------------------------------- scoring


def match_quotes(
    gold: Sequence[GoldQuote], pred: Sequence[Quote], *, min_overlap: float = 0.5
) -> list[QuoteMatch]:
    """One-to-one matches: overlap / longer length >= ``min_overlap``, best first."""
    pairs: list[QuoteMatch] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            inter = min(g.end, p.end) - max(g.start, p.start)
            if inter <= 0:
                continue
            ratio = inter / max(g.end - g.start, p.end - p.start)
            if ratio >= min_overlap:
                pairs.append(QuoteMatch(gi, pi, ratio))
    pairs.sort(key=lambda m: (-m.overlap, m.gold, m.pred))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[QuoteMatch] = []
    for m in pairs:
        if m.gold not in used_g and m.pred not in used_p:
            used_g.add(m.gold)
            used_p.add(m.pred)
            out.append(m)
    return sorted(out, key=lambda m: m.gold)


_WORD_RE = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def _name_words(name: str) -> list[str]:
    """Words of a name as written, without a possessive 's, determiners and titles."""
    words = [re.sub(r"['’]s$", "", w) for w in _WORD_RE.findall(name)]
    out = [w for w in words if w and w.lower().rstrip(".") not in _DETERMINERS]
    while len(out) > 1 and out[0].lower().rstrip(".") in _TITLES:
        out = out[1:]
    return out


def _same_word(a: str, b: str) -> bool:
    """Equal ignoring case, or one typo apart in a longer name ("Wimes", "Wines")."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _same_words(a: list[str], b: list[str]) -> bool:
    return len(a) == len(b) and all(_same_word(x, y) for x, y in zip(a, b, strict=True))


def _part_of(short: list[str], long: list[str]) -> bool:
    """``short`` is a run of ``long`` whose other words are capitalised name words."""
    n = len(short)
    for i in range(len(long) - n + 1):
        if _same_words(long[i : i + n], short):
            rest = long[:i] + long[i + n :]
            if all(w[0].isupper() or w.lower() in _TITLES for w in rest):
                return True
    return False


_POSTMODIFIER_RE = re.compile(r"\s(?:of|for|from|at|with|who|which|that|in|on)\s|[,(—–]")


def head_name(source: str) -> list[str]:
    """The name a source phrase is headed by: the run of capitalised words ending
    its pre-modifier part ("Clinton campaign manager Robby Mook" -> Robby Mook,
    "Sen. Tom Carper of Delaware" -> Tom Carper); empty for a description with no
    name at its head ("the Republican nominee")."""
    words = _name_words(_POSTMODIFIER_RE.split(source, maxsplit=1)[0])
    run: list[str] = []
    for w in reversed(words):
        if not (w[0].isupper() or w[0].isdigit()) or w.lower() in _TITLES:
            break
        run.insert(0, w)
    return run


def _trailing_name(words: list[str]) -> list[str]:
    run: list[str] = []
    for w in reversed(words):
        if not w[0].isupper() or w.lower() in _TITLES:
            break
        run.insert(0, w)
    return run


def same_speaker(pred: str | None, gold: str) -> bool:
    """Whether a predicted speaker names the gold source (see the module doc)."""
    if not pred:
        return False
    p = _name_words(pred)
    if not p:
        return False
    parts = [gold, *re.split(r"[,()]", gold)]
    candidates = [_name_words(part) for part in parts]
    candidates += [head_name(part) for part in parts]
    # "Secretary of State Hillary Clinton": the name may follow an "of".
    candidates += [_trailing_name(_name_words(part)) for part in parts]
    for g in candidates:
        if not g:
            continue
        if _same_words(p, g):
            return True
        if _part_of(p, g) or _part_of(g, p):
            return True
    return False


def evaluate_quotes(
    articles: Sequence[GoldArticle],
    *,
    find: Callable[[str, str], list[Quote]],
    min_overlap: float = 0.5,
    keep_errors: int = 0,
) -> QuoteReport:
    """Score ``find(text, article_name)`` (predicted quotes of one text) against the gold.

    ``seconds`` is the time spent in ``find`` (parse included). ``keep_errors``
    keeps up to that many errors of each kind for reading.
    """
    n_gold = n_pred = n_matched = n_scored = n_correct = 0
    seconds = 0.0
    errors: dict[str, list[QuoteError]] = {"missed": [], "spurious": [], "speaker": []}

    def note(kind: str, error: QuoteError) -> None:
        if len(errors[kind]) < keep_errors:
            errors[kind].append(error)

    for article in articles:
        t0 = time.perf_counter()
        pred = find(article.text, article.name)
        seconds += time.perf_counter() - t0
        matches = match_quotes(article.quotes, pred, min_overlap=min_overlap)
        n_gold += len(article.quotes)
        n_pred += len(pred)
        n_matched += len(matches)
        matched_g = {m.gold for m in matches}
        matched_p = {m.pred for m in matches}
        for gi, g in enumerate(article.quotes):
            if gi not in matched_g:
                note("missed", QuoteError(article.name, "missed", g.text, ", ".join(g.sources)))
        for pi, p in enumerate(pred):
            if pi not in matched_p:
                note("spurious", QuoteError(article.name, "spurious", p.text, None, p.speaker))
        for m in matches:
            g, p = article.quotes[m.gold], pred[m.pred]
            if not g.sources:
                continue
            n_scored += 1
            if any(same_speaker(p.speaker, s) for s in g.sources):
                n_correct += 1
            else:
                note(
                    "speaker",
                    QuoteError(article.name, "speaker", g.text, " | ".join(g.sources), p.speaker),
                )
    precision = n_matched / n_pred if n_pred else 0.0
    recall = n_matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return QuoteReport(
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        speaker_accuracy=round(n_correct / n_scored, 4) if n_scored else 0.0,
        n_gold=n_gold,
        n_pred=n_pred,
        n_matched=n_matched,
        n_speaker_scored=n_scored,
        n_speaker_correct=n_correct,
        n_articles=len(articles),
        seconds=round(seconds, 2),
        errors=tuple(e for kind in ("missed", "spurious", "speaker") for e in errors[kind]),
    )
