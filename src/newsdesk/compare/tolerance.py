"""When two claim values say the same thing: the tolerance rules.

Claim values arrive normalised (conventions in ``extract.values``); this module
reads them back into comparable shapes and decides, for two values, whether they
are compatible, incompatible, or cannot be compared. Only an incompatible pair
can become a discrepancy; an incomparable pair never does.

Rules, each one tested in ``tests/test_compare_tolerance.py``:

Numbers (counts, ages, percentages, money, quantities) are intervals.

* Rounding: an exact number covers what rounds to it at its last written digit:
  ``5.5`` covers 5.45–5.55; a whole number with two or more trailing zeros was
  probably rounded, so ``300`` covers 251–349 and ``$4.5 million`` covers
  $4.45–4.55 million; other whole numbers (``120``, ``44``) are exact. An
  integer percentage covers its rounding (``6%`` and ``5.5%`` agree).
* "About" (``~``) widens to the larger of that rounding and 5 %: ``~300`` and
  ``312`` agree, ``~300`` and ``380`` do not; never wider than 25 %.
* Bounds: ``>x``/``>=x`` is everything from x (less its rounding) up, ``<x``/
  ``<=x`` everything up to x, so "more than 18,000" agrees with 18,250.
  Two lower bounds always agree.
* Money compares only in one currency, quantities only in one unit, percentages
  only with percentages (a change in points, ``pp``, only with points): exchange
  rates and unit conversions would turn rounding into false conflicts.
* Ages are whole years, exact: "59-year-old" and "59" agree, 44 and 47 do not.

Dates are day intervals: a year, a month, an ISO week, a weekend range, a day.

* Containment: a coarse date agrees with any finer date inside it (``2022-05``
  and ``2022-05-27``).
* A year-less date (``--05-27``) agrees with any date on that month and day.
* Bounds as for numbers (``<2020`` is before 2020).
* Relative words ("on Monday", "yesterday", "last night") were resolved against
  each article's publication date, which can be a day off (time zones, late
  editions): such a date gets one day of slack either side. A bare weekday may
  also have been placed in the wrong week (the tense decides the direction), so
  it also agrees with the dates one week either side.
* "N years ago" gets one year of slack either side (it depends on when in the
  year it was said).
* Relative words that stayed unresolved ("Monday" without a publication date,
  "last year") are not compared at all.
* Absolute dates are compared strictly: "May 26" and "May 27" conflict.

Times (``HH:MM`` with an optional zone) are minutes of the day.

* Different named zones are converted (``20:30 ET`` is ``17:30 PT``); the US
  zones without a season (ET, CT, MT, PT) get an hour of slack for daylight time.
* A time with a zone and one without are not compared (the reader's zone is
  unknown). "About" gives 30 minutes either side.

Places and names are text.

* Places agree when one contains the other: equal after normalising case,
  punctuation and a leading "the"; one's words inside the other's ("MGM" and
  "Park MGM"); a part of one in the other ("Meridian Hall, Port Calder" and
  "Port Calder"); or both names of one entity (its aliases and spelling
  variants). Whether a city is in a region needs a gazetteer newsdesk does not
  have, so callers treat place conflicts with suspicion.
* People's names agree when they name one entity, when one is the other's
  surname or a subset of its words ("Olander", "Marguerite Olander"), when they
  share the surname and the shorter one's first name ("Judge Peter Cahill",
  "Peter A. Cahill"), or when they differ by a typo (similarity >= 0.85:
  "Ollander").
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Literal

from ..extract.values import is_relative

Prefix = Literal["", "~", ">", ">=", "<", "<="]
_PREFIX_RE = re.compile(r"^(~|>=|<=|>|<)?\s*")


def split_prefix(value: str) -> tuple[Prefix, str]:
    match = _PREFIX_RE.match(value)
    prefix = (match.group(1) or "") if match else ""
    return prefix, value[match.end() if match else 0 :].strip()  # type: ignore[return-value]


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

_NUMBER_RE = re.compile(
    r"^(?:(?P<currency>[A-Z]{3})\s+)?(?P<number>-?\d+(?:\.\d+)?)(?:\s+(?P<unit>\S.*))?$"
)
APPROX_FRACTION = 0.05
MAX_FRACTION = 0.25
# Just under a half, so that the ranges of two neighbouring round numbers ($218m
# and $219m) do not touch.
_HALF = 0.49


def _rounding_unit(digits: str, *, kind: str) -> float:
    """The unit of the last digit a writer would round at."""
    if "." in digits:
        return float(10 ** -len(digits.split(".", 1)[1]))
    if kind == "age":
        return 1.0
    whole = digits.lstrip("-")
    zeros = len(whole) - len(whole.rstrip("0"))
    return float(10**zeros) if zeros >= 2 and whole != "0" * len(whole) else 1.0


@dataclass(frozen=True, slots=True)
class Number:
    """A number as an interval, with the unit it is counted in ("" for counts,
    "pp" for points, a currency code, a unit symbol)."""

    lo: float
    hi: float
    x: float
    unit: str
    prefix: str
    step: float

    @property
    def rank(self) -> tuple[int, float]:
        """Sort key: exact before approximate before bounds; finer first."""
        order = {"": 0, "~": 1}.get(self.prefix, 2)
        return (order, self.step)


def parse_number(value: str, *, kind: str) -> Number | None:
    prefix, rest = split_prefix(value)
    match = _NUMBER_RE.match(rest)
    if match is None:
        return None
    digits = match.group("number")
    x = float(digits)
    unit = match.group("currency") or (match.group("unit") or "").strip()
    if kind == "percent":
        unit = "pp" if unit == "pp" else "%"
    step = _rounding_unit(digits, kind=kind)
    radius = _HALF * step
    if prefix == "~":
        radius = min(max(radius, APPROX_FRACTION * abs(x)), max(MAX_FRACTION * abs(x), radius))
    lo, hi = x - radius, x + radius
    if prefix in (">", ">="):
        hi = math.inf
    elif prefix in ("<", "<="):
        lo = -math.inf
    return Number(lo=lo, hi=hi, x=x, unit=unit, prefix=prefix, step=step)


def numbers_agree(a: Number, b: Number) -> bool | None:
    """True, False, or None when they are not comparable (other unit)."""
    if a.unit != b.unit:
        return None
    return a.lo <= b.hi and b.lo <= a.hi


def number_distance(a: Number, b: Number) -> float:
    """How far apart two numbers are, as a ratio (1 = equal); for picking the
    closest of several candidate pairs."""
    x, y = abs(a.x), abs(b.x)
    if min(x, y) == 0:
        return math.inf if max(x, y) else 1.0
    return max(x, y) / min(x, y)


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)$")
_YEARLESS = re.compile(r"^--(\d\d)(?:-(\d\d))?$")
_WEEKDAY_WORDS = re.compile(
    r"^(?:on\s+|this\s+|last\s+|next\s+|this past\s+|this coming\s+)?"
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?$",
    re.IGNORECASE,
)
_YEARS_AGO = re.compile(r"\byears?\s+ago\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """Days ``lo``..``hi`` (None: open), or a year-less month/day."""

    lo: date | None
    hi: date | None
    month: int | None = None  # year-less dates only
    day: int | None = None

    @property
    def yearless(self) -> bool:
        return self.month is not None

    @property
    def days(self) -> float:
        if self.yearless:
            return 1.5 if self.day else 31.5  # just coarser than the dated forms
        if self.lo is None or self.hi is None:
            return math.inf
        return float((self.hi - self.lo).days + 1)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _bare_span(text: str) -> DateSpan | None:
    try:
        if m := _DAY.match(text):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return DateSpan(d, d)
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            return DateSpan(date(year, month, 1), _month_end(year, month))
        if m := _YEAR.match(text):
            year = int(m[1])
            return DateSpan(date(year, 1, 1), date(year, 12, 31))
        if m := _WEEK.match(text):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return DateSpan(monday, monday + timedelta(days=6))
        if m := _YEARLESS.match(text):
            month = int(m[1])
            day = int(m[2]) if m[2] else None
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                return None
            return DateSpan(None, None, month=month, day=day)
        if "/" in text:
            first, _, last = text.partition("/")
            a, b = _bare_span(first), _bare_span(last)
            if a and b and a.lo and b.hi and not (a.yearless or b.yearless):
                return DateSpan(a.lo, b.hi)
    except ValueError:
        return None
    return None


def parse_date(value: str) -> DateSpan | None:
    """The span a date value names; None for unresolved words ("last year")."""
    prefix, rest = split_prefix(value)
    span = _bare_span(rest)
    if span is None or prefix in ("", "~"):
        return span
    if span.yearless:
        return None
    if prefix == "<":
        return DateSpan(None, span.lo - timedelta(days=1) if span.lo else None)
    if prefix == "<=":
        return DateSpan(None, span.hi)
    if prefix == ">":
        return DateSpan(span.hi + timedelta(days=1) if span.hi else None, None)
    return DateSpan(span.lo, None)  # ">="


def slack(span: DateSpan, *, text: str) -> tuple[DateSpan, ...]:
    """The spans a date's words allow, given how it was written (``text``)."""
    if span.yearless or span.lo is None or span.hi is None:
        return (span,)
    words = " ".join(text.split())
    if _YEARS_AGO.search(words):
        return (DateSpan(date(span.lo.year - 1, 1, 1), date(span.hi.year + 1, 12, 31)),)
    if not is_relative(words):
        return (span,)
    one = timedelta(days=1)
    spans = [DateSpan(span.lo - one, span.hi + one)]
    if _WEEKDAY_WORDS.match(words):
        week = timedelta(days=7)
        spans += [DateSpan(span.lo - w, span.hi - w) for w in (week, -week)]
    return tuple(spans)


def _yearless_agrees(y: DateSpan, other: DateSpan) -> bool:
    if other.yearless:
        return y.month == other.month and (y.day is None or other.day is None or y.day == other.day)
    if other.lo is None or other.hi is None or (other.hi - other.lo).days >= 366:
        return True
    day = other.lo
    while day <= other.hi:
        if day.month == y.month and (y.day is None or day.day == y.day):
            return True
        day += timedelta(days=1)
    return False


def spans_agree(a: DateSpan, b: DateSpan) -> bool:
    if a.yearless:
        return _yearless_agrees(a, b)
    if b.yearless:
        return _yearless_agrees(b, a)
    return (a.lo is None or b.hi is None or a.lo <= b.hi) and (
        b.lo is None or a.hi is None or b.lo <= a.hi
    )


def dates_agree(a: tuple[DateSpan, ...], b: tuple[DateSpan, ...]) -> bool:
    return any(spans_agree(x, y) for x in a for y in b)


# ---------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------

_TIME_RE = re.compile(r"^(\d\d):(\d\d)(?:\s+([A-Z]+))?$")
# Offsets from UTC in hours; the seasonless US names take standard time and
# earn an hour of slack (see ``times_agree``).
_ZONES = {
    "UTC": 0, "GMT": 0, "BST": 1, "WET": 0, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "IST": 5.5, "JST": 9, "AEST": 10, "AEDT": 11, "ET": -5, "EST": -5, "EDT": -4,
    "CT": -6, "CST": -6, "CDT": -5, "MT": -7, "MST": -7, "MDT": -6, "PT": -8, "PST": -8,
    "PDT": -7, "AKST": -9, "HST": -10,
}  # fmt: skip
_SEASONLESS = frozenset({"ET", "CT", "MT", "PT"})


@dataclass(frozen=True, slots=True)
class Clock:
    lo: float  # minutes after midnight
    hi: float
    zone: str


def parse_time(value: str) -> Clock | None:
    prefix, rest = split_prefix(value)
    match = _TIME_RE.match(rest)
    if match is None:
        return None
    minutes = int(match[1]) * 60 + int(match[2])
    zone = match[3] or ""
    if zone and zone not in _ZONES:
        return None
    lo = hi = float(minutes)
    if prefix == "~":
        lo, hi = minutes - 30.0, minutes + 30.0
    elif prefix in (">", ">="):
        hi = math.inf
    elif prefix in ("<", "<="):
        lo = -math.inf
    return Clock(lo, hi, zone)


def times_agree(a: Clock, b: Clock) -> bool | None:
    if a.zone != b.zone and not (a.zone and b.zone):
        return None
    shift = (_ZONES[a.zone] - _ZONES[b.zone]) * 60 if a.zone != b.zone else 0.0
    give = 60.0 if a.zone != b.zone and {a.zone, b.zone} & _SEASONLESS else 0.0
    # a's clock minus a's offset is UTC; the same instant on b's clock, on the
    # day before, the same day or the day after (20:30 EDT is 00:30 UTC).
    lo, hi = a.lo - shift - give, a.hi - shift + give
    return any(lo + d <= b.hi and b.lo <= hi + d for d in (-1440.0, 0.0, 1440.0))


# ---------------------------------------------------------------------------
# Names and places
# ---------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})
_NON_WORD = re.compile(r"[^\w\s'-]+")


def norm_text(text: str) -> str:
    """Case, accents, punctuation and a leading "the" or trailing possessive
    folded away: the form two spellings of one name are compared in."""
    folded = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = _NON_WORD.sub(" ", folded)
    folded = re.sub(r"'s\b|'", "", folded)
    words = folded.replace("-", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def typo_close(a: str, b: str, *, threshold: float = 0.85) -> bool:
    """Whether two normalised names differ by no more than a typo."""
    if not a or not b or a[0] != b[0]:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


def names_agree(a: str, b: str) -> bool:
    """Two names as written (no entity knowledge): one person's?"""
    x, y = norm_text(a), norm_text(b)
    if not x or not y:
        return False
    if x == y or typo_close(x, y):
        return True
    wx, wy = x.split(), y.split()
    if set(wx) <= set(wy) or set(wy) <= set(wx):
        return True
    if not typo_close(wx[-1], wy[-1], threshold=0.8):
        return False
    # Same surname: the same person when one name is the surname alone or the
    # shorter name's first name is in the longer ("Judge Peter Cahill" and
    # "Peter A. Cahill").
    short, long = sorted((wx, wy), key=len)
    return len(short) == 1 or any(typo_close(short[0], w, threshold=0.8) for w in long[:-1])


def places_agree(a: str, b: str) -> bool:
    """Whether one place is the other or contains it, by the words alone."""
    parts_a = [norm_text(p) for p in a.split(",") if norm_text(p)]
    parts_b = [norm_text(p) for p in b.split(",") if norm_text(p)]
    for x in parts_a:
        for y in parts_b:
            if x == y or typo_close(x, y, threshold=0.9):
                return True
            wx, wy = set(x.split()), set(y.split())
            if wx <= wy or wy <= wx:
                return True
    return False
