"""Clean extracted article text: normalise Unicode and remove web boilerplate.

``clean`` runs these steps, in order:

1. **View.** A copy of the input with the *same length*: Unicode mathematical letters and
   digits folded to plain ones (NFKC on those code points only, so curly quotes and dashes
   survive) and odd spaces made plain spaces. Equal length means an offset found in the view
   is an offset in the original, so removals point into the source without an offset map.
2. **Lines and blocks.** Lines are the unit of decision; blank lines separate blocks. The
   spans of ``skip`` (header lines a reader consumed) are cut out first.
3. **Inline cuts.** Photo credits glued into a line (``…backstageCredit: Instagram``), the
   caption segments they close, parenthesised credits, inline ``ADVERTISEMENT``.
4. **Line rules.** One alternation of documented regex families (social embed, share widget,
   navigation, subscribe, photo credit, related links), matched against the whole line.
5. **Context rules.** Wrapped lines are joined first. A short unpunctuated line right before
   a credit line is a caption, and so, in a text whose photos carry credited captions, is a
   short sentence-case fragment without one; the text of a tweet right before its
   ``— Name (@handle) May 3, 2022`` footer is part of the embed.
6. **Related tail.** After a related-links heading (or, without one, at the end) lines are
   scored as teasers from their features; a run of teasers is removed.
7. **Paragraphs.** Each kept line is a paragraph (zero-width characters gone, space runs
   collapsed); a short unpunctuated line followed by longer body text is a heading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .clean_rules import (
    _AD_INLINE_RE,
    _AGENCY_SLASH_RE,
    _CKEY_END_RE,
    _CLOSERS,
    _CREDIT_GLUED_RE,
    _CREDIT_SPACED_RE,
    _DATE,
    _GLUE,
    _GUARDED,
    _LINE_RE,
    _PAREN_CREDIT_RE,
    _PIC_TWITTER_RE,
    _RULE_REASON,
    _SIGN_UP_HINT_RE,
    _SIGN_UP_LEADIN_RE,
    _TWEET_FOOTER_RE,
    _credit_ok,
    _ends_terminal,
    _is_caption,
    _related_line_ok,
    _sentence_case,
)
from .model import Paragraph, ParagraphKind, Removal

__all__ = ["CleanConfig", "Cleaned", "clean"]


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Thresholds and weights of the cleaner. Defaults were tuned on the test fixtures."""

    # Line rules only look at lines up to this long: boilerplate is short, and skipping long
    # paragraphs keeps the cost of the rule alternation off most of the text.
    line_rule_max_chars: int = 250
    # Caption: at most this many words, one sentence, no terminal punctuation.
    caption_max_words: int = 30
    # Sub-heading: at most this many words, no terminal punctuation, body text after it.
    heading_max_words: int = 14
    # Teaser score of a line in a related tail (see _Teaser). A line scoring at least
    # ``teaser_threshold`` is a teaser.
    teaser_threshold: float = 0.75
    w_ellipsis: float = 2.0  # "…two principal characters—a valiant..." teaser blurbs
    w_headline: float = 1.25  # short line without terminal punctuation
    w_titlecase: float = 0.5  # most words capitalised
    w_separator: float = 0.5  # "Title | Official Trailer | Name" video/listing titles
    w_math: float = 2.0  # times the share of math-alphanumeric characters
    w_timestamp: float = 1.0  # "3 hours ago", "May 3, 2022" alone on a line
    w_body: float = 1.5  # penalty: long sentence ending in . ! ?
    w_similarity: float = 1.5  # penalty: times the share of words also in the article body
    w_similarity_headed: float = 0.5  # the same, for lines under a related-links heading
    w_attribution: float = 1.0  # penalty: "said", "told", "according to" - reporting
    headline_max_words: int = 22
    body_min_words: int = 12
    # A blurb after a teaser headline may end with a full stop; it still belongs to the tail
    # when it shares little vocabulary with the article.
    blurb_max_similarity: float = 0.4
    blurb_max_words: int = 70
    # Without a heading, a tail needs this many teaser lines, this many of them "strong"
    # (ellipsis ending or mostly math letters), at the very end of the text.
    headless_min_lines: int = 3
    headless_min_strong: int = 2
    math_strong_share: float = 0.3
    # Hard-wrapped prose: lines (all but a block's last) between these lengths, differing by
    # at most ``wrap_max_spread`` characters.
    wrap_min_chars: int = 40
    wrap_max_chars: int = 100
    wrap_max_spread: int = 30


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    paragraphs: tuple[Paragraph, ...]
    removals: tuple[Removal, ...]


# --- Normalisation (step 1) ---------------------------------------------------------------

# Letterlike symbols that stand in for the reserved holes of the math alphanumeric block
# (italic h is U+210E, double-struck R is U+211D, ...): styled-text generators emit them
# mid-word, so folding only the block would leave "𝑇ℎ𝑒" as "Tℎe".
_LETTERLIKE_HOLES = (
    0x210A, 0x210B, 0x210C, 0x210D, 0x210E, 0x2110, 0x2111, 0x2112, 0x2115, 0x2119, 0x211A,
    0x211B, 0x211C, 0x211D, 0x2124, 0x2128, 0x212C, 0x212D, 0x212F, 0x2130, 0x2131, 0x2133,
    0x2134,
)  # fmt: skip


def _math_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in (*range(0x1D400, 0x1D800), *_LETTERLIKE_HOLES):
        folded = unicodedata.normalize("NFKC", chr(cp))
        # Single code point only: the view must keep the input's length.
        if len(folded) == 1 and folded != chr(cp):
            table[cp] = folded
    return table


_MATH_TABLE = _math_table()

# Runs of candidates (whole styled phrases, spaces and punctuation included, so one call
# per phrase): two ranges scan fast (a class of the table's ~1,000 code points is several
# times slower), and translating only the runs skips str.translate's dict lookup for every
# other character. translate maps table keys only, so ™ or № in the range stay.
_MATH_RUN_RE = re.compile(
    "[\U0001d400-\U0001d7ff\u210a-\u2134]+(?:[ ,.:;'’“”|–-]+[\U0001d400-\U0001d7ff\u210a-\u2134]+)*"
)
_LETTERLIKE_RE = re.compile("[\u210a-\u2134]")
# Letterlike symbols in the run range that are not math letters (ℓ, №, ™, K, Å, ...).
_NOT_MATH_RE = re.compile(
    "[" + "".join(chr(c) for c in range(0x210A, 0x2135) if c not in _MATH_TABLE) + "]"
)


def _fold_run(m: re.Match[str]) -> str:
    run = m.group()
    # NFKC in C is much faster than translate's per-character dict lookup; it is exact here
    # unless the run holds a symbol that is not a math letter, or punctuation NFKC changes.
    if _NOT_MATH_RE.search(run) is None:
        folded = unicodedata.normalize("NFKC", run)
        if len(folded) == len(run):
            return folded
    return run.translate(_MATH_TABLE)


def _astral(text: str) -> int:
    """How many code points above U+FFFF (math letters, emoji): UTF-16 length at C speed."""
    return 0 if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2 - len(text)


# Controls, tabs, no-break and typographic spaces: all one plain space. \u2028 (line
# separator) becomes a newline; \u2029 is kept and read as a block break.
_SPACE_RE = re.compile(
    "[\x00-\x08\t\x0b\x0c\x0e-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)
# Invisible characters (zero-width, soft hyphen, direction marks, BOM): dropped from output.
_ZW = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_ZW_RE = re.compile(f"[{_ZW}]")
_TRIM = frozenset(" " + _ZW)
_MULTISPACE_RE = re.compile(" {2,}")
# Anything the view or the output must change. Most articles hold none of it (curly quotes
# and dashes are not in it), so one scan lets them skip every other pass.
_ODD_RE = re.compile(
    "[\x00-\x08\t\x0b\x0c\x0e-\x1f\x7f\x85\xa0\u00ad\u1680\u180e\u2000-\u200f\u2028"
    "\u202a-\u202f\u205f-\u2064\u2066-\u2069\u210a-\u2134\u3000\ufeff\U0001d400-\U0001d7ff]"
)


def _view(text: str) -> tuple[str, bool]:
    """The same-length view, and whether it holds invisible characters to drop."""
    if _ODD_RE.search(text) is None:
        return text, False
    view = _SPACE_RE.sub(" ", text)
    if "\u2028" in view:
        view = view.replace("\u2028", "\n")
    if _astral(view) or _LETTERLIKE_RE.search(view):
        view = _MATH_RUN_RE.sub(_fold_run, view)
    return view, _ZW_RE.search(view) is not None


def _norm(s: str, invisible: bool = True) -> str:
    """Output form of a piece of the view: invisible characters out, space runs collapsed."""
    if invisible:
        s = _ZW_RE.sub("", s)
    if "  " in s:
        s = _MULTISPACE_RE.sub(" ", s)
    return s.strip()


def _squeeze(seg: str) -> tuple[str, list[int]]:
    """``seg`` as ``_norm`` leaves it, and where in ``seg`` each character came from.

    Inline patterns run on this form, so a zero-width space or a double space inside a
    "Credit:  Getty" cannot hide a credit that a second cleaning of the output would find.
    """
    chars: list[str] = []
    where: list[int] = []
    for i, c in enumerate(seg):
        if c not in _TRIM or (c == " " and not (chars and chars[-1] == " ")):
            chars.append(c)
            where.append(i)
    return "".join(chars), where


def _trim(view: str, start: int, end: int) -> tuple[int, int]:
    while start < end and view[start] in _TRIM:
        start += 1
    while end > start and view[end - 1] in _TRIM:
        end -= 1
    return start, end


# --- Teaser features for related tails (step 6) -------------------------------------------

# Headings of a related-links widget. Strong ones are only ever widget labels: removed even
# with no teaser after them. Weak ones can also head real text ("In other news", "More from
# Outlet"): removed only when teasers follow or nothing does.
_HEAD_TRIM = r"[\s»›>•#*-]*"
_HEAD_END = r"\s*[:.!…»›>|-]*"
_RELATED_HEAD_RE = re.compile(
    rf"{_HEAD_TRIM}(?:related(?: posts?| articles?| stories| news| content| coverage| reading"
    r"| links| videos?)?|you (?:may|might|could) (?:also )?(?:like|enjoy|be interested in)"
    r"|you may have missed|we recommend|recommended(?: for you| stories| articles| reading"
    r"| videos?)?|suggested (?:articles|stories|reading|for you)|read (?:more|next|also)"
    r"|also read|keep reading|must read|editor'?s picks?|trending(?: now| stories| news"
    r"| articles| today)?|most (?:read|popular|viewed|shared)(?: stories| articles| today)?"
    r"|popular (?:posts|stories|articles|now)|what to read next|more (?:stories|articles"
    r"|videos|headlines|to read|like this)|more top stories|around the web|from the web"
    rf"|sponsored stories|promoted stories){_HEAD_END}",
    re.IGNORECASE,
)
# The name after "More from" must be capitalised, so "More from the hearing is expected on
# Thursday." stays.
_RELATED_WEAK_RE = re.compile(
    rf"{_HEAD_TRIM}(?:(?i:(?:read )?more (?:from|on|about|in)(?: the)?) (?:[A-Z0-9][\w'’&.-]*)"
    r"(?: (?:[A-Z0-9][\w'’&.-]*|of|the|and|&|on|in|for)){0,5}"
    r"|(?i:latest (?:news|stories|posts|articles|videos)|top stories|up next|in other news"
    rf"|see also|don'?t miss|more news|related topics)){_HEAD_END}"
)
_SEPARATOR_RE = re.compile(r" [|–—•] |\s\|\S| - ")
_TIMESTAMP_RE = re.compile(
    rf"(?i:\d{{1,2}} (?:min(?:ute)?s?|hours?|hrs?|days?|weeks?) ago|\d{{1,2}} min read"
    rf"|{_DATE}|\d{{4}}-\d{{2}}-\d{{2}}|(?:updated|published):? .{{1,40}})"
)
_WORD_RE = re.compile(r"[a-z]{4,}")
_ATTRIBUTION_RE = re.compile(r"\b(?:said|says|told|according to|announced|reported)\b")
_STOP_TEXT = (
    "that with from this have were will said they been their which about would there after "
    "what when more also into than them some just over only like your here then could other "
    "these being where while those very even most made make such much many before because "
    "through first back says year years told last time well"
)
_STOP = frozenset(_STOP_TEXT.split())


def _stems(text: str) -> set[str]:
    # Five-letter prefixes: a crude stemmer that lets "trailer" meet "trailers" and
    # "council" meet "councillor", at set-lookup speed.
    return {w[:5] for w in _WORD_RE.findall(text.lower()) if w not in _STOP}


class _Body:
    """The article text before a tail; its stem set is built on first use only."""

    __slots__ = ("_stems", "_texts")

    def __init__(self, texts: list[str]) -> None:
        self._texts = texts
        self._stems: set[str] | None = None

    def similarity(self, text: str) -> float:
        """Share of the line's content words that also occur in the body."""
        own = _stems(text)
        if not own:
            return 0.0
        if self._stems is None:
            self._stems = _stems(" ".join(self._texts))
        return len(own & self._stems) / len(own)


@dataclass(frozen=True, slots=True)
class _Teaser:
    """Features of one line as a possible related-tail teaser."""

    score: float
    headline: bool  # short, no terminal punctuation
    strong: bool  # ellipsis ending or mostly math letters: near-certain teaser
    similarity: float  # share of its words found in the article body
    words: int
    attributed: bool  # "said", "told", "according to": reporting, never taken as a blurb

    def member(self, above: _Teaser | None, cfg: CleanConfig) -> bool:
        """In a tail: a teaser, or a blurb under the teaser ``above`` it."""
        return self.score >= cfg.teaser_threshold or self.blurb(above, cfg)

    def blurb(self, above: _Teaser | None, cfg: CleanConfig) -> bool:
        """A teaser's summary line, under its headline: may end in a full stop."""
        return (
            above is not None
            and above.headline
            and above.score >= cfg.teaser_threshold
            and not self.attributed
            and self.similarity <= cfg.blurb_max_similarity
            and self.words <= cfg.blurb_max_words
        )


def _teaser(
    text: str, source: str, body: _Body | None, cfg: CleanConfig, w_similarity: float
) -> _Teaser:
    words = text.split()
    n = len(words)
    core = text.rstrip(_CLOSERS)
    trailing = core.endswith(("…", "..."))
    # A blurb cut short by the site ends in the ellipsis itself; "…” is a quoted pause.
    ellipsis = trailing and core == text
    # Teaser headlines end in "!" or "?" often; reporting ends in a full stop.
    period = core.endswith(".") and not trailing
    exclaim = core.endswith(("!", "?"))
    headline = not period and not trailing and n <= cfg.headline_max_words
    visible = len(source) - source.count(" ")
    # Math letters are astral; so are emoji, which decorate teasers too.
    math = _astral(source) / visible if visible else 0.0
    score = cfg.w_math * math
    if ellipsis:
        score += cfg.w_ellipsis
    if headline:
        score += cfg.w_headline
    if 2 <= n <= cfg.headline_max_words and sum(1 for w in words if w[:1].isupper()) / n >= 0.6:
        score += cfg.w_titlecase
    if not period and _SEPARATOR_RE.search(text):
        score += cfg.w_separator
    if (period and n >= cfg.body_min_words) or (exclaim and n > cfg.headline_max_words):
        score -= cfg.w_body
    if _TIMESTAMP_RE.fullmatch(text):
        score += cfg.w_timestamp
    attributed = _ATTRIBUTION_RE.search(text) is not None
    if attributed:
        score -= cfg.w_attribution
    similarity = 0.0
    # Similarity can only lower the score by w_similarity: skip it for a sure teaser.
    if body is not None and score < cfg.teaser_threshold + w_similarity:
        similarity = body.similarity(text)
        score -= w_similarity * similarity
    strong = ellipsis or math >= cfg.math_strong_share
    return _Teaser(score, headline, strong, similarity, n, attributed)


# --- Lines and the passes over them (steps 2-6) -------------------------------------------


@dataclass(slots=True)
class _Line:
    block: int
    pieces: list[tuple[int, int]]  # kept spans of the view (skip spans and cuts taken out)
    cuts: list[tuple[int, int, str]] = field(default_factory=list)
    text: str = ""
    reason: str | None = None  # removal of the whole line
    credit_only: bool = False  # everything on the line was a photo credit

    @property
    def kept(self) -> bool:
        return self.reason is None and bool(self.text)


_NO_SPACE_BEFORE = frozenset(".,;:!?)]}”’»%…")
_NO_SPACE_AFTER = frozenset("([{“‘«/")


def _join(parts: Iterable[str]) -> str:
    out = ""
    for p in parts:
        if not p:
            continue
        if out and p[0] not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out += " "
        out += p
    return out


def _merge_skips(skip: Sequence[Removal], size: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for r in sorted(skip, key=lambda r: (r.start, r.end)):
        if not 0 <= r.start <= r.end <= size:
            raise ValueError(f"skip removal {r.start}:{r.end} is outside the text (0:{size})")
        if spans and r.start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], r.end))
        else:
            spans.append((r.start, r.end))
    return spans


def _split_lines(view: str, skips: list[tuple[int, int]]) -> list[_Line]:
    lines: list[_Line] = []
    pos = block = 0
    for raw in view.splitlines(keepends=True):
        start, pos = pos, pos + len(raw)
        end = start + len(raw.rstrip("\r\n\u2029"))
        segs = [(start, end)]
        for s, e in skips:  # few spans (title, byline, dateline): a plain scan is cheapest
            if s < end and e > start:
                segs = [p for a, b in segs for p in ((a, min(b, s)), (max(a, e), b)) if p[0] < p[1]]
        pieces = []
        for a, b in segs:
            a, b = _trim(view, a, b)
            if a < b:
                pieces.append((a, b))
        if pieces:
            lines.append(_Line(block, pieces))
        elif segs and (not lines or lines[-1].block == block):
            block += 1  # a blank line (not one the reader consumed) ends the block
        if raw.endswith("\u2029") and lines and lines[-1].block == block:
            block += 1
    return lines


def _key_credits(seg: str) -> list[tuple[int, int, str]]:
    """Spans of "Credit: Name" credits in ``seg``."""
    credits: list[tuple[int, int, str]] = []
    pos = 0
    while (colon := seg.find(":", pos)) >= 0:
        pos = colon + 1
        # A key ends at a colon: look for it in the few characters before each colon only.
        k = _CKEY_END_RE.search(seg, max(0, colon - 14), colon + 1)
        if k is None:
            continue
        at = k.start()
        before = seg[at - 1] if at else " "
        if before == " ":
            m = _CREDIT_SPACED_RE.match(seg, at)
        else:
            m = _CREDIT_GLUED_RE.match(seg, at) if before in _GLUE else None
        if m is not None:
            credits.append((m.start(), m.end(), "photo-credit"))
            pos = m.end()
    return credits


def _inline_cuts(view: str, line: _Line, cfg: CleanConfig, invisible: bool) -> None:
    cuts: list[tuple[int, int, str]] = []
    for a, b in line.pieces:
        seg = view[a:b]
        where: list[int] | None = None
        if "  " in seg or (invisible and _ZW_RE.search(seg)):
            seg, where = _squeeze(seg)
        found: list[tuple[int, int, str]] = []
        if "ADVERTISEMENT" in seg:
            for m in _AD_INLINE_RE.finditer(seg):
                before = seg[: m.start()].rstrip()
                if before and before[-1] in '.!?”"’':
                    found.append((m.start(), m.end(), "subscribe"))
        if "(" in seg:
            found += [(m.start(), m.end(), "photo-credit") for m in _PAREN_CREDIT_RE.finditer(seg)]
        if ":" in seg:
            found += _key_credits(seg)
        credits: list[tuple[int, int]] = []
        for s, e, reason in sorted(found):  # "(Photo: AP)" is found twice: keep the outer span
            if where is not None:  # back to view offsets
                s, e = where[s], where[e - 1] + 1
            if credits and a + s < credits[-1][1]:
                continue
            if reason == "subscribe":
                cuts.append((a + s, a + e, reason))
            else:
                credits.append((a + s, a + e))
        if not credits:
            continue
        # Caption-only line: every segment closed by a credit is a caption and nothing
        # follows the last credit. Otherwise the segments are reporting: cut credits only.
        captions: list[tuple[int, int]] = []
        prev = a
        for s, e in credits:
            cs, ce = _trim(view, prev, s)
            if cs < ce:
                captions.append((cs, ce))
            prev = e
        cuts.extend((s, e, "photo-credit") for s, e in credits)
        tail = _trim(view, prev, b)
        if tail[0] >= tail[1] and all(_is_caption(_norm(view[s:e]), cfg) for s, e in captions):
            cuts.extend((s, e, "caption") for s, e in captions)
    if not cuts:
        line.text = _join(_norm(view[a:b], invisible) for a, b in line.pieces)
        return
    cuts.sort()
    pieces: list[tuple[int, int]] = []
    for a, b in line.pieces:
        for s, e, _ in cuts:
            if a < e and s < b:
                if a < s:
                    pieces.append(_trim(view, a, s))
                a = max(a, e)
        if a < b:
            pieces.append(_trim(view, a, b))
    line.cuts = cuts
    line.pieces = [p for p in pieces if p[0] < p[1]]
    line.text = _join(_norm(view[a:b], invisible) for a, b in line.pieces)
    line.credit_only = not line.text and all(r == "photo-credit" for *_, r in cuts)


def _line_rule(text: str, cfg: CleanConfig) -> str | None:
    if "pic.twitter.com" in text and _PIC_TWITTER_RE.search(text):
        return "social-embed"
    if "(@" in text and _TWEET_FOOTER_RE.search(text):
        return "social-embed"
    if len(text) > cfg.line_rule_max_chars:
        return None
    if "/" in text and _AGENCY_SLASH_RE.fullmatch(text) and _credit_ok(text):
        return "photo-credit"
    m = _LINE_RE.fullmatch(text)
    if m is not None and m.lastgroup is not None:
        reason = _RULE_REASON[m.lastgroup]
    elif _SIGN_UP_HINT_RE.search(text) and _SIGN_UP_LEADIN_RE.fullmatch(text):
        reason = "subscribe"
    else:
        return None
    if reason == "photo-credit" and not _credit_ok(text):
        return None
    # Attributed speech is reporting, whatever it starts with ("Subscribe to what you
    # believe in, she told graduates."). Embeds keep their reason: a tweet may say "said".
    if reason in _GUARDED and text.count(" ") > 5 and _ATTRIBUTION_RE.search(text):
        return None
    if reason == "related-tail" and not _related_line_ok(text):
        return None
    return reason


def _context_rules(lines: list[_Line], cfg: CleanConfig) -> None:
    for i, line in enumerate(lines):
        if i == 0:
            continue
        prev = lines[i - 1]
        if not prev.kept:
            continue
        if (line.credit_only or line.reason == "photo-credit") and _is_caption(prev.text, cfg):
            prev.reason = "caption"
        elif (
            line.reason == "social-embed"
            and line.text[0] in "—–-"
            and (prev.block == line.block or "http" in prev.text or "t.co/" in prev.text)
        ):
            prev.reason = "social-embed"  # the tweet's own text, above its footer
    # An outlet that captions its photos (a credit closed a caption somewhere in this text)
    # also leaves captions whose credit got lost: short sentence-case fragments between
    # paragraphs. Title-case lines stay: those are sub-headings. The first line may be the
    # headline, which is the reader's business.
    if any(ln.reason == "caption" or any(c[2] == "caption" for c in ln.cuts) for ln in lines):
        kept = [ln for ln in lines if ln.kept]
        for line in kept[1:]:
            if _is_caption(line.text, cfg) and _sentence_case(line.text):
                line.reason = "caption"


def _tail_pass(lines: list[_Line], source: str, cfg: CleanConfig) -> None:
    kept = [i for i, ln in enumerate(lines) if ln.kept]
    if not kept:
        return

    def src(i: int) -> str:
        return " ".join(source[a:b] for a, b in lines[i].pieces)

    for pos, i in enumerate(kept):
        head = lines[i]
        if head.reason is not None or len(head.text) > 60:  # headings are a few words
            continue
        strong = _RELATED_HEAD_RE.fullmatch(head.text) is not None
        if not strong and _RELATED_WEAK_RE.fullmatch(head.text) is None:
            continue
        body = _Body([lines[k].text for k in kept[:pos] if lines[k].reason is None])
        taken: list[int] = []
        blurbs: set[int] = set()
        above: _Teaser | None = None
        resumed = False
        for k in kept[pos + 1 :]:
            if lines[k].reason is not None:
                continue  # other boilerplate inside the tail does not end it
            # Links under a heading are often about the same story, so similarity to the
            # article counts for less here than in a tail without a heading.
            t = _teaser(lines[k].text, src(k), body, cfg, cfg.w_similarity_headed)
            if t.score >= cfg.teaser_threshold:
                above = t
            elif t.blurb(above, cfg):
                above = None
                blurbs.add(k)
            else:
                resumed = True
                break
            taken.append(k)
        # When the article goes on after the links, a "blurb" right before it is more
        # likely the first paragraph of the resumed body.
        while resumed and taken and taken[-1] in blurbs:
            taken.pop()
        if strong or taken or pos == len(kept) - 1:
            for k in (i, *taken):
                lines[k].reason = "related-tail"
    _headless_tail(lines, [i for i in kept if lines[i].reason is None], src, cfg)


def _headless_tail(
    lines: list[_Line], kept: list[int], src: Callable[[int], str], cfg: CleanConfig
) -> None:
    """A tail of teasers without a heading, at the very end of the text.

    The run is first found without similarity (where the article ends is not known yet),
    scoring lines lazily from the end; then it is rescored against the text before it.
    """
    order = kept[::-1]
    memo: dict[int, _Teaser] = {}

    def feat(j: int) -> _Teaser | None:  # the j-th line from the end
        if j >= len(order):
            return None
        if j not in memo:
            memo[j] = _teaser(lines[order[j]].text, src(order[j]), None, cfg, 0.0)
        return memo[j]

    run = 0
    while (t := feat(run)) is not None and t.member(feat(run + 1), cfg):
        run += 1
    if run < cfg.headless_min_lines or run >= len(kept):
        return
    body = _Body([lines[i].text for i in kept[:-run]])
    tail = kept[-run:]
    scored = [_teaser(lines[i].text, src(i), body, cfg, cfg.w_similarity) for i in tail]
    start = len(tail)
    while start and scored[start - 1].member(scored[start - 2] if start > 1 else None, cfg):
        start -= 1
    final = scored[start:]
    if len(final) >= cfg.headless_min_lines and (
        sum(t.strong for t in final) >= cfg.headless_min_strong
    ):
        for i in tail[start:]:
            lines[i].reason = "related-tail"


# --- Paragraphs (step 7) ------------------------------------------------------------------


def _merge_wrapped(lines: list[_Line], cfg: CleanConfig) -> list[_Line]:
    """Join the lines of one paragraph into one line, so features see the whole text.

    Lines join when a line starts in lower case after one without terminal punctuation (a
    sentence broken across lines), or when the block is hard-wrapped prose: 3+ lines, all
    but the last of a similar, medium length (a caption over a body line, or a list of
    names, has lines of unequal length).
    """
    sizes: dict[int, list[int]] = {}
    for line in lines:
        sizes.setdefault(line.block, []).append(len(line.text))
    wrapped = {
        block
        for block, lens in sizes.items()
        if len(lens) >= 3
        and cfg.wrap_min_chars <= min(lens[:-1])
        and max(lens[:-1]) <= min(cfg.wrap_max_chars, min(lens[:-1]) + cfg.wrap_max_spread)
    }
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is None or not (prev.kept and line.kept and prev.block == line.block):
            out.append(line)
        elif line.block in wrapped or (line.text[0].islower() and not _ends_terminal(prev.text)):
            prev.pieces.extend(line.pieces)
            prev.cuts.extend(line.cuts)
            prev.text = f"{prev.text} {line.text}"
            # Judge the joined text as a whole, as a second cleaning of the output would.
            prev.reason = _line_rule(prev.text, cfg)
        else:
            out.append(line)
    return out


def _looks_heading(text: str, cfg: CleanConfig) -> bool:
    if text.count(" ") >= cfg.heading_max_words or text.endswith(("...", ":", ",", ";")):
        return False
    core = text.rstrip(_CLOSERS)
    if not core or core[-1] in ".!…":
        return False
    first = next((c for c in text if c.isalpha()), "")
    if not first.isupper():
        return False
    letters = sum(1 for c in text if c.isalpha())
    return letters >= 0.5 * len(text.replace(" ", ""))


def _paragraphs(lines: list[_Line], cfg: CleanConfig) -> tuple[str, tuple[Paragraph, ...]]:
    texts = [line.text for line in lines if line.kept]
    heads = [_looks_heading(t, cfg) for t in texts]
    paragraphs: list[Paragraph] = []
    pos = 0
    for i, t in enumerate(texts):
        kind: ParagraphKind = "body"
        # A heading introduces body text: a longer paragraph that is not a heading itself.
        if (
            heads[i]
            and i + 1 < len(texts)
            and not heads[i + 1]
            and (texts[i + 1].count(" ") > t.count(" "))
        ):
            kind = "heading"
        paragraphs.append(Paragraph(pos, pos + len(t), kind))
        pos += len(t) + 2
    return "\n\n".join(texts), tuple(paragraphs)


# --- Entry point ---------------------------------------------------------------------------


def clean(
    text: str, *, skip: Sequence[Removal] = (), config: CleanConfig = CleanConfig()
) -> Cleaned:
    """Clean ``text``; ``skip`` are spans already consumed (passed through as removals)."""
    cfg = config
    view, invisible = _view(text)
    lines = _split_lines(view, _merge_skips(skip, len(text)))
    for line in lines:
        _inline_cuts(view, line, cfg, invisible)
        if line.text:
            line.reason = _line_rule(line.text, cfg)
    lines = _merge_wrapped(lines, cfg)
    _context_rules(lines, cfg)
    _tail_pass(lines, text, cfg)
    out, paragraphs = _paragraphs(lines, cfg)
    removals = list(skip)
    for line in lines:
        removals.extend(Removal(s, e, text[s:e], r) for s, e, r in line.cuts)
        if line.reason is not None:
            removals.extend(Removal(s, e, text[s:e], line.reason) for s, e in line.pieces)
    removals.sort(key=lambda r: (r.start, r.end))
    return Cleaned(out, paragraphs, tuple(removals))
