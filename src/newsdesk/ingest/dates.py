"""Finding and reading dates in article headers.

Regexes locate candidate tokens (cheap, anchored, a few lines only); python-dateutil parses
the few tokens found. Only the date part is parsed: times and zone names are matched so they
can be consumed, but dateutil never sees them (unknown zone names make it warn).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from dateutil import parser as dateutil_parser

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:1[89]|2\d)\d{2}(?!\d)"
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
    r"\.?,?\s*"
)
_ISO = (
    r"(?P<iso>(?:1[89]|2\d)\d{2}-[01]\d-[0-3]\d)"
    r"(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?"
)


def _human(group: str) -> str:
    return (
        rf"(?P<{group}>{MONTH}\s*{_DAY}(?:,\s*|\s+){_YEAR}"
        rf"|{_DAY}\s+(?:of\s+)?{MONTH},?\s+{_YEAR}"
        r"|[0-3]?\d[/.][0-3]?\d[/.](?:\d{4}|\d{2})(?![\d/.])"
        r"|\d{4}/[01]?\d/[0-3]?\d(?![\d/]))"
    )


# A month and day without a year, as in wire datelines ("LONDON, May 3 (Reuters) -").
_YEARLESS = rf"(?P<yearless>{MONTH}\s+{_DAY}(?!,?\s*\d))"
_ZONE = r"(?-i:[ECMP][SD]?T|GMT|UTC|BST|CES?T|EES?T|IST|AES?T|AED?T|Z)(?:[+-]\d{1,2}(?::?\d\d)?)?"
_TIME = (
    r"(?:,?\s*(?:at\s+)?(?:[0-2]?\d[:.][0-5]\d(?:[:.][0-5]\d)?\s*(?:[ap]\.?\s?m\.?)?"
    rf"|[01]?\d\s*[ap]\.?\s?m\.?)(?:\s*{_ZONE})?)"
)
LABEL = (
    r"(?P<label>(?:(?:first|last|originally)\s+)?"
    r"(?:published|posted|updated|modified|created|released|publication\s+date|date[ds]?)"
    r"(?:\s+on)?\s*[:\-–]?\s*)"
)
# Tabloids put the time first ("Updated: 16:05, 14 May 2024").
_LEAD_TIME = r"(?:[0-2]?\d[:.][0-5]\d(?:\s*[ap]\.?\s?m\.?)?,?\s+)"
DATE = rf"(?:{_LEAD_TIME})?(?:{_WEEKDAY})?(?:{_ISO}|{_human('human')}|{_YEARLESS}){_TIME}?"

# A whole segment of a header line that is a date, optionally labelled.
DATE_SEGMENT = re.compile(rf"(?:{LABEL})?{DATE}", re.IGNORECASE)
# Datelines glued before the first sentence: one or two dates (an ISO stamp is often glued
# to a human-readable copy of itself), then separators, then the body.
GLUED_PREFIX = re.compile(
    rf"[ \t]*(?:{LABEL})?{DATE}"
    rf"(?:[ \t]*(?:[|·•][ \t]*)?(?:{_WEEKDAY})?{_human('human2')}{_TIME}?)?"
    r"(?P<sep>[ \t]*(?:[|·•:—–-]+[ \t]*)*)",
    re.IGNORECASE,
)
# Wire datelines: an upper-case place, optional region and date, optional agency, a dash.
WIRE = re.compile(
    r"[ \t]*(?P<place>[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,3})"
    r"(?:,[ \t]*[A-Z][\w.]+(?:[ \t]+[A-Z][\w.]+)?)?"
    rf"(?:,?[ \t]*(?i:(?P<wdate>{MONTH}\s+{_DAY}(?:,\s*{_YEAR})?)))?"
    r"[ \t]*(?:\((?P<agency>[A-Za-z][\w .&/-]{0,30})\)[ \t]*)?"
    r"(?P<dash>[-—–]+)(?:[ \t]+|$)"
)
# Where a date is glued to the token before it ("+00:00May 3rd", "DoeMay 3, 2022").
GLUE = re.compile(
    r"(?<=[a-z\d])(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*\d)"
    r"|(?<=\d[Z\d])(?=[A-Z][a-z])"
)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_SEPT = re.compile(r"\bsept\b", re.IGNORECASE)
_OF = re.compile(r"\bof\b", re.IGNORECASE)
_UPDATED = re.compile(r"updat|modif", re.IGNORECASE)
_DEFAULT = datetime(2000, 1, 1)
_HAS_YEAR = re.compile(_YEAR)


@dataclass(frozen=True, slots=True)
class DateToken:
    """A date found in a header. ``value`` is None when the token has no year."""

    value: date | None
    iso: bool
    updated: bool


def _plausible(value: date) -> date | None:
    # Far-future dates are typos or event dates, not publication dates.
    return value if 1900 <= value.year <= date.today().year + 1 else None


def parse_human(token: str, *, dayfirst: bool = False) -> date | None:
    """Parse a human-written date token (no time part) with dateutil; None when invalid."""
    cleaned = _OF.sub(" ", _SEPT.sub("Sep", _ORDINAL.sub("", token))).replace(",", " ")
    try:
        parsed = dateutil_parser.parse(cleaned, dayfirst=dayfirst, default=_DEFAULT, ignoretz=True)
    except (ValueError, OverflowError):
        return None
    return _plausible(parsed.date())


def parse_iso(token: str) -> date | None:
    """The calendar date of an ISO 8601 date or timestamp, as written (no zone shift)."""
    try:
        return _plausible(date.fromisoformat(token[:10]))
    except ValueError:
        return None


def tokens_in(match: re.Match[str], *, dayfirst: bool = False) -> list[DateToken]:
    """Dates matched by DATE_SEGMENT or GLUED_PREFIX, ISO first when both are present."""
    groups = match.groupdict()
    updated = bool(groups.get("label") and _UPDATED.search(groups["label"]))
    found: list[DateToken] = []
    if groups.get("iso"):
        found.append(DateToken(parse_iso(groups["iso"]), True, updated))
    if groups.get("human"):
        found.append(DateToken(parse_human(groups["human"], dayfirst=dayfirst), False, updated))
    if groups.get("yearless"):
        found.append(DateToken(None, False, updated))
    if groups.get("human2"):
        found.append(DateToken(parse_human(groups["human2"], dayfirst=dayfirst), False, updated))
    return found


def wire_token(match: re.Match[str], *, dayfirst: bool = False) -> list[DateToken]:
    """Date of a wire dateline, when it carries one with a year."""
    token = match.group("wdate")
    if not token:
        return []
    has_year = _HAS_YEAR.search(token) is not None
    value = parse_human(token, dayfirst=dayfirst) if has_year else None
    return [DateToken(value, False, False)]


def best_date(tokens: list[DateToken]) -> date | None:
    """Publication date from header tokens.

    A published date beats an "updated" one; within each, an ISO stamp beats a
    human-written date (machine stamps are what the CMS stored; the human copy may be
    in another zone or mistyped), then the earlier token wins.
    """
    ranked = sorted(
        (token for token in tokens if token.value is not None),
        key=lambda token: (token.updated, not token.iso),
    )
    return ranked[0].value if ranked else None


def parse_any(value: object, *, dayfirst: bool = False) -> date | None:
    """A date from a metadata field: ISO text, free text, epoch seconds or a date object."""
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds are common in JSON
        try:
            return _plausible(datetime.fromtimestamp(seconds, tz=UTC).date())
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if re.match(r"\d{4}-\d\d-\d\d", text):
        return parse_iso(text)
    segment = DATE_SEGMENT.fullmatch(text) or DATE_SEGMENT.match(text)
    if segment:
        tokens = tokens_in(segment, dayfirst=dayfirst)
        if tokens:
            return best_date(tokens)
    try:
        parsed = dateutil_parser.parse(text, dayfirst=dayfirst, default=_DEFAULT, ignoretz=True)
    except (ValueError, OverflowError):
        return None
    return _plausible(parsed.date())
