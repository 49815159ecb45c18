"""Finding quotation spans: pairing quote marks within paragraphs into quote pieces.

Text only, no parse: which mark opens and which closes, and whether a quote left open
runs on into the next paragraph. Separate from attribution, which needs the parse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .config import _CLOSERS, _LEFT_OPEN, _MARKS, _OPENERS, _RIGHT_CLOSE


@dataclass(frozen=True, slots=True)
class _Marked:
    """One quote piece: the words between its marks, and the marks' extent (``outer_end``
    is the paragraph's end when the piece ``runs_on`` into the next paragraph)."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    paragraph: int
    runs_on: bool
    continues: bool  # continues the previous paragraph's open quote


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Lines of ``text``: scraped text often breaks paragraphs with one newline."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _opens(text: str, i: int, lo: int, hi: int, is_open: bool) -> bool | None:
    """Whether the mark at ``i`` opens (True) or closes (False) a quote; None = skip.

    Neighbours decide first (a space before opens, a space or punctuation after closes),
    as scraped text misuses curly marks; then the mark's shape; then the state."""
    left = text[i - 1] if i > lo else " "
    right = text[i + 1] if i + 1 < hi else " "
    if left == "=":  # an HTML attribute value, not prose
        return None
    left_open = left in _LEFT_OPEN or left in _OPENERS
    right_close = right in _RIGHT_CLOSE or right in _CLOSERS
    if left_open != right_close:
        return left_open
    if text[i] in _OPENERS or text[i] in _CLOSERS:
        return text[i] in _OPENERS
    return not is_open


def _pair_marks(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Marked]:
    out: list[_Marked] = []
    continuing = False  # the previous non-blank paragraph ended inside a quote

    def piece(open_at: int, close_at: int, index: int, runs_on: bool, first: int) -> None:
        start, end = open_at + 1, close_at
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start and any(c.isalnum() for c in text[start:end]):
            outer_end = close_at if runs_on else close_at + 1
            cont = continuing and open_at == first
            out.append(_Marked(start, end, open_at, outer_end, index, runs_on, cont))

    for index, (lo, hi) in enumerate(paragraphs):
        line = text[lo:hi]
        if not line.strip():
            continue
        first = lo + len(line) - len(line.lstrip())
        open_at: int | None = None
        for i in range(lo, hi):
            if text[i] in _MARKS:
                direction = _opens(text, i, lo, hi, open_at is not None)
                if direction:
                    open_at = i  # a second opening mark: the first one was stray
                elif direction is False and open_at is not None:
                    piece(open_at, i, index, False, first)
                    open_at = None
        runs_on = open_at is not None and _next_paragraph_opens(text, paragraphs, index)
        if open_at is not None and runs_on:
            piece(open_at, hi, index, True, first)
        continuing = runs_on
    return out


def _next_paragraph_opens(text: str, paragraphs: Sequence[tuple[int, int]], index: int) -> bool:
    for lo, hi in paragraphs[index + 1 :]:
        line = text[lo:hi].strip()
        if line:
            return line[0] in _OPENERS or line[0] == '"'
    return False
