"""Metadata in the opening lines of a plain-text article.

Steps, in order:

1. YAML front matter (``---`` … ``---``) at the very start.
2. The headline: the first non-empty line, when it reads like one (short, no sentence
   ending, not a date) and a blank line or a byline/dateline follows it.
3. Up to ``max_lines`` opening lines: whole lines made of bylines, datelines and section
   labels ("By Jane Doe | May 3, 2022 | News"); short lines such as photo credits are
   looked past but left alone; the first sentence ends the header, after any dateline glued
   before it ("LONDON, May 3 (Reuters) - …", "date 2022-05-04 Tom …").

Nothing is cut: every consumed piece becomes a Removal with offsets into the text, and the
cleaner drops those spans later. Only a few lines are ever looked at, so this stays cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from newsdesk.ingest import dates
from newsdesk.ingest.byline import BY_PREFIX, LABELLED, is_role, join_names, parse_names
from newsdesk.ingest.frontmatter import FrontMatter, parse_front_matter
from newsdesk.model import Removal

_SEP = re.compile(r"[ \t]*[|•·][ \t]*|[ \t]+[—–-]+[ \t]+")
_TIME_ONLY = re.compile(
    r"(?:at\s+)?[0-2]?\d[:.][0-5]\d\s*(?:[ap]\.?\s?m\.?)?(?:\s*[A-Z]{2,4})?", re.IGNORECASE
)
_SECTION = re.compile(
    r"(?:[A-Z][\w'’&-]*|&)(?:\s+(?:[A-Z][\w'’&-]*|&|and|of)){0,3}|\d+\s*min(?:ute)?s?\s+read",
    re.IGNORECASE,
)
_NAMES_THEN_DATE = re.compile(r"(?:,\s*|\s+)(?=\S)")
_ON = re.compile(r"on\s+", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")
_ABBREVIATION_END = re.compile(r"\b(?:[A-Z]\.){2,}$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_URL = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)
_CLOSERS = "\"'”’»)]*"
_LOOKAHEAD_CHARS = 8000
_HEADLINE_MAX_WORDS = 25
_MAX_HEADER_LINE = 240


@dataclass(frozen=True, slots=True)
class Header:
    """What the opening lines say about an article, and which spans said it."""

    title: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    consumed: tuple[Removal, ...] = ()
    # E117 message when front matter was present but not valid YAML.
    error: str | None = None


@dataclass(slots=True)
class _Found:
    removals: list[Removal] = field(default_factory=list)
    tokens: list[dates.DateToken] = field(default_factory=list)
    authors: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int
    end: int
    kind: str  # byline, dateline, name, role, section
    names: tuple[str, ...] = ()
    tokens: tuple[dates.DateToken, ...] = ()


def parse_header(text: str, *, max_lines: int = 6, dayfirst: bool = False) -> Header:
    """Parse the opening lines of ``text`` (see the module docstring for the steps)."""
    found = _Found()
    front = parse_front_matter(text)
    start = 0
    if front is not None:
        start = front.end
        found.removals.append(Removal(0, front.end, text[: front.end], "front-matter"))
    lines = _lines(text, start)
    filled = [i for i, (a, b) in enumerate(lines) if not text[a:b].isspace() and a != b]
    title = None
    first = 0
    if filled:
        title = _headline(text, lines, filled, dayfirst=dayfirst, found=found)
        first = 1 if title is not None else 0
    for number, index in enumerate(filled[first:]):
        if number >= max_lines:
            break
        a, b = lines[index]
        if _header_line(text[a:b], a, dayfirst=dayfirst, found=found):
            continue
        if _glued_dateline(text[a:b], a, dayfirst=dayfirst, found=found) or _sentence(text[a:b]):
            break
    return _result(front, title, found)


def _result(front: FrontMatter | None, title: str | None, found: _Found) -> Header:
    meta = front.fields if front else {}
    author = meta.get("author") or (join_names(found.authors[0]) if found.authors else None)
    published = dates.parse_any(meta["date"]) if "date" in meta else None
    return Header(
        title=meta.get("title") or title,
        author=author,
        published=published or dates.best_date(found.tokens),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        language=meta.get("language"),
        consumed=tuple(sorted(found.removals, key=lambda r: r.start)),
        error=front.error if front else None,
    )


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line in the opening stretch, without the newline."""
    limit = min(len(text), start + _LOOKAHEAD_CHARS)
    spans: list[tuple[int, int]] = []
    position = start
    while position < limit:
        end = text.find("\n", position, limit)
        if end < 0:
            end = limit
        spans.append((position, end))
        position = end + 1
    return spans


def _strip_span(line: str, offset: int) -> tuple[int, int]:
    left = len(line) - len(line.lstrip())
    return offset + left, offset + len(line.rstrip())


def _headline(
    text: str,
    lines: list[tuple[int, int]],
    filled: list[int],
    *,
    dayfirst: bool,
    found: _Found,
) -> str | None:
    index = filled[0]
    a, b = lines[index]
    candidate = _headline_text(text[a:b])
    # Header lines are classified on a scratch record: the scan adds their removals.
    if candidate is None or _header_line(text[a:b], a, dayfirst=dayfirst, found=_Found()):
        return None
    if index + 1 >= len(lines):
        return None
    c, d = lines[index + 1]
    followed = not text[c:d].strip() or _header_line(
        text[c:d], c, dayfirst=dayfirst, found=_Found()
    )
    if not followed:
        return None
    start, end = _strip_span(text[a:b], a)
    found.removals.append(Removal(start, end, text[start:end], "headline"))
    return candidate


def _headline_text(line: str) -> str | None:
    """The headline in ``line`` (Markdown '#' marks dropped), or None if it is not one."""
    stripped = line.strip()
    if len(stripped) > 300:
        return None
    heading = _MARKDOWN_HEADING.match(stripped)
    if heading:
        stripped = stripped[heading.end() :]
    if not stripped or not any(c.isalpha() for c in stripped):
        return None
    if len(stripped.split()) > _HEADLINE_MAX_WORDS or _URL.match(stripped):
        return None
    bare = stripped.rstrip(_CLOSERS)
    # "?" and "!" end many headlines; "." ",", ";" and ":" end sentences or lead-ins.
    if (
        bare.endswith((".", ",", ";", ":"))
        and not bare.endswith(("...", "…"))
        and not _ABBREVIATION_END.search(bare)
    ):
        return None
    if dates.GLUED_PREFIX.match(stripped) or dates.WIRE.match(stripped):
        return None
    by = BY_PREFIX.match(stripped)
    if by and parse_names(stripped[by.end() :]):
        return None
    return stripped


def _sentence(line: str) -> bool:
    stripped = line.strip()
    if len(stripped) > _MAX_HEADER_LINE or _SENTENCE_END.search(stripped):
        return True
    return len(stripped.split()) > 15


def _segments(line: str) -> list[tuple[int, int]]:
    cuts = [(m.start(), m.end()) for m in _SEP.finditer(line)]
    cuts += [(m.start(), m.start()) for m in dates.GLUE.finditer(line)]
    cuts.sort()
    spans: list[tuple[int, int]] = []
    previous = 0
    for cut_start, cut_end in cuts:
        if cut_start < previous:
            continue
        spans.append((previous, cut_start))
        previous = cut_end
    spans.append((previous, len(line)))
    result = []
    for a, b in spans:
        piece = line[a:b]
        if piece.strip():
            left = len(piece) - len(piece.lstrip())
            result.append((a + left, a + len(piece.rstrip())))
    return result


def _classify(piece: str, a: int, *, dayfirst: bool) -> list[_Segment] | None:
    """What one separator-delimited piece of a header line is; None when it is prose."""
    b = a + len(piece)
    match = dates.DATE_SEGMENT.fullmatch(piece)
    if match:
        return [_Segment(a, b, "dateline", tokens=tuple(dates.tokens_in(match, dayfirst=dayfirst)))]
    if _TIME_ONLY.fullmatch(piece):
        return [_Segment(a, b, "section")]
    prefix = BY_PREFIX.match(piece) or LABELLED.match(piece)
    if prefix:
        return _byline(piece, a, prefix.end(), dayfirst=dayfirst)
    match = dates.DATE_SEGMENT.match(piece)
    if match and match.end() < len(piece):
        rest = piece[match.end() :]
        by = BY_PREFIX.match(rest)
        names = parse_names(rest[by.end() :]) if by else None
        if names:
            tokens = tuple(dates.tokens_in(match, dayfirst=dayfirst))
            split = a + match.end() + len(rest) - len(rest.lstrip())
            return [
                _Segment(a, split, "dateline", tokens=tokens),
                _Segment(split, b, "byline", names=tuple(names)),
            ]
    if is_role(piece):
        return [_Segment(a, b, "role")]
    names = parse_names(piece, single_ok=False)
    if names:
        return [_Segment(a, b, "name", names=tuple(names))]
    if _SECTION.fullmatch(piece) and len(piece) <= 30:
        return [_Segment(a, b, "section")]
    return None


def _byline(piece: str, a: int, body: int, *, dayfirst: bool) -> list[_Segment] | None:
    b = a + len(piece)
    names = parse_names(piece[body:])
    if names:
        return [_Segment(a, b, "byline", names=tuple(names))]
    # "By Jane Doe on May 3, 2022" / "By Jane Doe, May 3, 2022"
    for gap in _NAMES_THEN_DATE.finditer(piece, body):
        on = _ON.match(piece, gap.end())
        match = dates.DATE_SEGMENT.fullmatch(piece, on.end() if on else gap.end())
        if match is None:
            continue
        names = parse_names(piece[body : gap.start()])
        if names:
            tokens = tuple(dates.tokens_in(match, dayfirst=dayfirst))
            return [
                _Segment(a, a + gap.end(), "byline", names=tuple(names)),
                _Segment(a + gap.end(), b, "dateline", tokens=tokens),
            ]
    return None


def _header_line(line: str, offset: int, *, dayfirst: bool, found: _Found) -> bool:
    """Record a line made only of byline/dateline/section pieces; False for anything else."""
    if len(line) > _MAX_HEADER_LINE:  # keeps one-line articles cheap: no header is this long
        return False
    segments: list[_Segment] = []
    for a, b in _segments(line):
        classified = _classify(line[a:b], a, dayfirst=dayfirst)
        if classified is None:
            return False
        segments.extend(classified)
    kinds = {segment.kind for segment in segments}
    explicit = kinds & {"byline", "dateline"}
    if not explicit and not ({"name", "role"} <= kinds):
        return False
    # A bare name counts as a byline only beside a job title or a date, and only when the
    # line has no "By …" byline; otherwise it is a section label ("World News").
    promote = "byline" not in kinds and bool(kinds & {"role", "dateline"})
    typed = [
        _Segment(s.start, s.end, "byline" if promote else "section", s.names)
        if s.kind == "name"
        else s
        for s in segments
    ]
    for segment in typed:
        if segment.kind == "byline" and segment.names:
            found.authors.append(list(segment.names))
        found.tokens.extend(segment.tokens)
    _add_pieces(line, offset, typed, found)
    return True


def _add_pieces(line: str, offset: int, segments: list[_Segment], found: _Found) -> None:
    """Cover the whole line with removals, one per run of byline or dateline pieces.

    Separators go with the piece before them; section labels, roles and times join their
    neighbour, so the removals tile the line with no stray "|" left for the body.
    """
    line_start, line_end = _strip_span(line, 0)
    kinds: list[str] = []
    for segment in segments:
        if segment.kind in ("byline", "dateline"):
            kinds.append(segment.kind)
        else:
            kinds.append(kinds[-1] if kinds else "")
    first_real = next(kind for kind in kinds if kind)
    kinds = [kind or first_real for kind in kinds]
    bounds = [line_start] + [segment.start for segment in segments[1:]] + [line_end]
    runs: list[tuple[int, int, str]] = []
    for index, kind in enumerate(kinds):
        a, b = bounds[index], bounds[index + 1]
        if runs and runs[-1][2] == kind:
            runs[-1] = (runs[-1][0], b, kind)
        else:
            runs.append((a, b, kind))
    for a, b, kind in runs:
        found.removals.append(Removal(offset + a, offset + b, line[a:b], kind))


def _glued_dateline(line: str, offset: int, *, dayfirst: bool, found: _Found) -> bool:
    """Record a dateline glued before the first sentence of the body."""
    match = dates.GLUED_PREFIX.match(line)
    tokens: list[dates.DateToken] = []
    if match and _accept_prefix(match, line):
        tokens = dates.tokens_in(match, dayfirst=dayfirst)
    else:
        match = dates.WIRE.match(line)
        if match is None:
            return False
        tokens = dates.wire_token(match, dayfirst=dayfirst)
    start = offset + len(line) - len(line.lstrip())
    end = offset + match.end()
    found.removals.append(Removal(start, end, line[start - offset : match.end()], "dateline"))
    found.tokens.extend(tokens)
    return True


def _accept_prefix(match: re.Match[str], line: str) -> bool:
    rest = line[match.end() :]
    if not rest.strip() or rest[:1].islower() or rest[:1] in ",;":
        return False
    separated = bool(match.group("sep").strip())
    if match.group("yearless") and not separated:
        return False
    return bool(match.group("label") or match.group("iso") or separated or rest[:1].isupper())
