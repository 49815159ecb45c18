"""Normalised values for claims, and the controlled vocabulary of their predicates.

Every value function takes the words as written (a spaCy entity's text, possibly
with a currency sign or qualifier beside it) and returns the canonical string that
``Claim.value`` carries, or ``None`` when the words are not a value of that kind.

Value conventions (what the cross-source comparison can rely on):

* dates: ISO 8601 at the precision written: ``2022-05-27``, ``2022-05``, ``2022``,
  a week ``2022-W17``, a weekend ``2022-04-30/2022-05-01``. Relative dates are
  resolved against the publication date: a bare weekday is the latest such day on
  or before publication, or the next one after it when the verb is future ("will",
  "would", "is set to"). The year of "May 27" is the one nearest the publication
  date on the side the tense allows. Without a publication date, relative words
  are kept as written ("Monday", "last week": values that start with neither a
  digit, "-" nor a qualifier are unresolved), and a date without a year is ISO's
  truncated ``--05-27`` / ``--05``, which a comparison matches against
  ``2022-05-27`` on month and day. Durations ("for three years") and decades are
  not dates.
* times: ``HH:MM`` (24-hour), then the zone as written if given: ``20:30 ET``.
* ages, counts, percentages: plain numbers (``59``, ``12``, ``5.5``); a change in
  percentage points ends in `` pp``.
* money: ``<ISO 4217 code> <amount>``, scales expanded: ``USD 4500000``,
  ``GBP 3000000000``; a bare "$" is the configured dollar (USD by default).
* quantities: ``<number> <unit symbol>`` (``400 mi``, ``5 km``); units are not
  converted, so the text stays checkable against its value.
* A qualifier prefix marks approximations and bounds: ``~`` (about, around,
  nearly, almost), ``>`` (more than, over), ``>=`` (at least), ``<`` (less than,
  under; "before" a date), ``<=`` (up to; "by" a date). ``~59`` and ``59`` are
  compatible, and so are ``>100`` and ``150``.

Dates use python-dateutil for the absolute forms ("May 3rd, 2022", "27 May") and its
``relativedelta`` for arithmetic. The relative vocabulary ("last week", "three years
ago", "on Monday") is hand-written: dateutil parses none of it, and dateparser (which
does) decides a weekday's direction without the verb's tense and returns a point in
time where the text named a week or a month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

if TYPE_CHECKING:
    from spacy.tokens import Token

Tense = Literal["past", "future", "unknown"]

# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

# English number words. No package in the environment converts them (spaCy only
# tells that a token looks like a number), and the grammar is small.
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}  # fmt: skip
# Abbreviated scales, only after a digit ("4.5m", "£3bn", "290million").
_SCALE_SUFFIXES = {
    "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000,
    "mil": 1_000_000, "million": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000,
    "bln": 1_000_000_000, "billion": 1_000_000_000, "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000, "trillion": 1_000_000_000_000,
}  # fmt: skip

_DIGITS = re.compile(r"\d+(?:[,\u202f]\d{3})*(?:\.\d+)?|\.\d+")
_WORD = re.compile(r"[a-z]+")


def number_words(text: str, *, prefix: bool = False) -> float | None:
    """The number that English words spell ("twenty-five", "a dozen",
    "three hundred thousand", "half a million"); ``None`` if any word is not part
    of a number, or with ``prefix`` the number the first words spell ("a million
    dollars")."""
    words = _WORD.findall(text.lower().replace("-", " "))
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for i, word in enumerate(words):
        if word in ("a", "an") and i + 1 < len(words):
            current = current or 1
            continue
        if word == "and" and seen:
            continue
        if word == "half" and i + 1 < len(words):
            current = (current or 1) * 0.5
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        elif prefix and seen:
            break
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str, *, scale_suffixes: bool = False) -> float | None:
    """A number written in digits ("1,500", "4.5 million", with ``scale_suffixes``
    also "4.5m" and "290million") or in words ("three", "a dozen")."""
    cleaned = text.strip().lower()
    match = _DIGITS.search(cleaned)
    if match is None:
        return number_words(cleaned, prefix=True)
    value = float(re.sub(r"[,\u202f]", "", match.group()))
    rest = cleaned[match.end() :].strip()
    word = _WORD.match(rest)
    if word:
        token = word.group()
        if token in _SCALES and token != "hundred":
            value *= _SCALES[token]
        elif token == "hundred":
            value *= 100
        elif scale_suffixes and token in _SCALE_SUFFIXES:
            value *= _SCALE_SUFFIXES[token]
    return value


def format_number(value: float) -> str:
    """Plain decimal notation without a trailing ".0" or exponent."""
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


# Words that make a number approximate or a bound. The prefix goes in front of the
# normalised value so a comparison can widen its tolerance.
QUALIFIERS: dict[str, str] = {
    "about": "~", "around": "~", "approximately": "~", "roughly": "~", "some": "~",
    "nearly": "~", "almost": "~", "close to": "~", "an estimated": "~",
    "estimated": "~", "circa": "~", "approx": "~", "approx.": "~", "around about": "~",
    "more than": ">", "over": ">", "above": ">", "in excess of": ">",
    "upwards of": ">", "just over": ">", "exceeding": ">",
    "at least": ">=", "no fewer than": ">=", "no less than": ">=", "a minimum of": ">=",
    "less than": "<", "fewer than": "<", "under": "<", "below": "<", "just under": "<",
    "up to": "<=", "at most": "<=", "no more than": "<=", "as many as": "<=",
    "as much as": "<=", "a maximum of": "<=",
}  # fmt: skip
DATE_QUALIFIERS = {"before": "<", "after": ">", "by": "<=", "until": "<=", "since": ">="}
_QUALIFIER_RE = re.compile(
    r"^(" + "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True)) + r")\b"
)


@dataclass(frozen=True, slots=True)
class Qualified:
    """Words split into a qualifier prefix ("~", ">", ...) and the rest."""

    prefix: str
    rest: str


def split_qualifier(text: str) -> Qualified:
    """Take a leading qualifier ("about", "more than") off ``text``."""
    lowered = text.strip()
    match = _QUALIFIER_RE.match(lowered.lower())
    if match is None:
        return Qualified("", lowered)
    return Qualified(QUALIFIERS[match.group(1)], lowered[match.end() :].strip())


# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------

_CURRENCY_SIGNS = {
    "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD",
    "hk$": "HKD", "s$": "SGD", "r$": "BRL", "£": "GBP", "€": "EUR", "¥": "JPY",
    "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₦": "NGN", "₱": "PHP",
}  # fmt: skip
_CURRENCY_WORDS = {
    "us dollars": "USD", "u.s. dollars": "USD", "american dollars": "USD",
    "australian dollars": "AUD", "canadian dollars": "CAD", "hong kong dollars": "HKD",
    "new zealand dollars": "NZD", "singapore dollars": "SGD",
    "pounds sterling": "GBP", "sterling": "GBP", "pounds": "GBP", "pound": "GBP",
    "euros": "EUR", "euro": "EUR", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupees": "INR", "rupee": "INR", "swiss francs": "CHF", "francs": "CHF",
    "roubles": "RUB", "rubles": "RUB", "won": "KRW", "pesos": "MXN", "rand": "ZAR",
    "naira": "NGN", "shekels": "ILS", "lira": "TRY",
}  # fmt: skip
_ISO_CODES = frozenset(
    re.findall(
        r"[A-Z]{3}",
        "USD GBP EUR JPY CNY INR AUD CAD CHF HKD NZD SGD SEK NOK DKK ZAR BRL MXN RUB KRW "
        "TRY NGN ILS PLN CZK HUF AED SAR KES EGP PHP THB IDR MYR ARS CLP COP",
    )
)
# Subunits: "50 cents" is USD 0.5 when dollars are the default.
_SUBUNITS = {"cents": 0.01, "cent": 0.01, "pence": 0.01, "p": 0.01}


def currency_of(text: str, *, dollar: str) -> str | None:
    """ISO 4217 code named by a sign, a word or a code in ``text``."""
    lowered = text.lower()
    for sign, code in sorted(_CURRENCY_SIGNS.items(), key=lambda kv: -len(kv[0])):
        if sign in lowered:
            return code
    codes: list[str] = re.findall(r"\b[A-Z]{3}\b", text)
    for code in codes:
        if code in _ISO_CODES:
            return code
    for words, code in sorted(_CURRENCY_WORDS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(words)}\b", lowered):
            return code
    if "$" in text or re.search(r"\bdollars?\b|\bbucks\b", lowered):
        return dollar
    if re.search(r"\bcents?\b", lowered):
        return dollar
    if re.search(r"\d\s*p\b|\bpence\b", lowered):
        return "GBP"
    return None


def money_value(text: str, *, dollar: str = "USD") -> str | None:
    """``"$4.5 million"`` -> ``"USD 4500000"``; ``"about £3bn"`` -> ``"~GBP 3000000000"``."""
    qualified = split_qualifier(text)
    currency = currency_of(qualified.rest, dollar=dollar)
    if currency is None:
        return None
    amount_text = re.sub(r"[^\w.,\s-]", " ", qualified.rest)
    amount_text = re.sub(r"\b(?:US|AU|CA|NZ|HK|[ACSR])(?=\s|\d)", " ", amount_text)
    amount = parse_number(amount_text, scale_suffixes=True)
    if amount is None:
        return None
    subunit = re.search(r"\d\s*(cents?|pence|p)\b", qualified.rest.lower())
    if subunit:
        amount *= _SUBUNITS[subunit.group(1)]
    return f"{qualified.prefix}{currency} {format_number(round(amount, 2))}"


# ---------------------------------------------------------------------------
# Percentages and quantities
# ---------------------------------------------------------------------------


def percent_value(text: str) -> str | None:
    """``"5.5%"`` -> ``"5.5"``; ``"about 40 per cent"`` -> ``"~40"``;
    ``"2 percentage points"`` -> ``"2 pp"`` (a difference, not a share)."""
    qualified = split_qualifier(text)
    lowered = qualified.rest.lower()
    if not re.search(r"%|\bper\s?cent\b|\bpercent(age)?\b|(?:\d|\b)pc\b", lowered):
        return None
    amount = parse_number(re.sub(r"%|per\s?cent(age)?|points?|pc\b", " ", lowered))
    if amount is None:
        return None
    suffix = " pp" if "point" in lowered else ""
    return f"{qualified.prefix}{format_number(amount)}{suffix}"


# Unit spellings -> symbol ("_" stands for a space; plurals in -s are added).
# Units are not converted: the comparison decides whether "400 mi" and "640 km"
# agree, and the text stays checkable against its value.
_UNIT_SPELLINGS = {
    "km": "km kilometre kilometer", "m": "m metre meter", "cm": "cm centimetre centimeter",
    "mm": "mm millimetre millimeter", "mi": "mi mile", "ft": "ft foot feet",
    "in": "in inch inches", "yd": "yd yard", "nmi": "nautical_mile", "mg": "mg",
    "kg": "kg kilogram kilo", "g": "g gram", "lb": "lb lbs pound", "oz": "oz ounce",
    "t": "t tonne metric_ton", "ton": "ton", "acre": "acre", "ha": "ha hectare",
    "km2": "km2 sq_km square_kilometre square_kilometer", "mi2": "sq_mi square_mile",
    "ft2": "sq_ft square_foot square_feet", "m2": "m2 sq_m square_metre square_meter",
    "L": "l litre liter", "mL": "ml millilitre milliliter", "gal": "gallon",
    "bbl": "barrel", "m3": "cubic_metre cubic_meter", "kn": "knot",
    "mph": "mph miles_per_hour", "km/h": "km/h kmh kph kilometres_per_hour",
    "°C": "°c c degrees_celsius", "°F": "°f f degrees_fahrenheit", "°": "degree",
    "MW": "mw megawatt", "GW": "gw gigawatt", "kW": "kw kilowatt", "kWh": "kwh",
    "MWh": "mwh", "GWh": "gwh", "V": "volt", "kV": "kv",
}  # fmt: skip
_UNITS_OF_MEASURE = {
    form: symbol
    for symbol, spellings in _UNIT_SPELLINGS.items()
    for word in spellings.split()
    for form in (word.replace("_", " "), word.replace("_", " ") + "s")
    if len(word) > 2 or form == word  # no "ms", "gs"
}
_UNIT_RE = re.compile(
    r"(?<![a-z])("
    + "|".join(sorted((re.escape(u) for u in _UNITS_OF_MEASURE), key=len, reverse=True))
    + r")(?![a-z])"
)


def unit_symbol(word: str) -> str | None:
    """The symbol of a unit of measure written out ("millimetres" -> "mm")."""
    lowered = word.lower()
    if len(lowered) <= 2 or lowered.startswith("pound"):
        return None  # "in", "m" are words too; "pounds" may be money
    return _UNITS_OF_MEASURE.get(lowered)


def quantity_value(text: str) -> str | None:
    """``"5 km"`` -> ``"5 km"``; ``"400-mile"`` -> ``"400 mi"``;
    ``"nearly 2,000 acres"`` -> ``"~2000 acre"``."""
    qualified = split_qualifier(text)
    lowered = qualified.rest.lower().replace("-", " ")
    amount = parse_number(lowered)
    if amount is None:
        return None
    number = _DIGITS.search(lowered)
    tail = lowered[number.end() :] if number else lowered
    match = _UNIT_RE.search(tail.strip())
    if match is None:
        words = _WORD.findall(tail)
        if not words:
            return None
        unit = words[-1]
    else:
        unit = _UNITS_OF_MEASURE[match.group(1)]
    return f"{qualified.prefix}{format_number(amount)} {unit}"


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

Granularity = Literal["day", "week", "month", "year", "range", "unresolved"]


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalised date and how precise it is."""

    value: str
    granularity: Granularity


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip
_MONTH_NAME = re.compile(
    r"\b(?:" + "|".join(_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b",
    re.IGNORECASE,
)
_DAY_PARTS = r"(?:\s+(?:morning|afternoon|evening|night))?"
_UNIT_DAYS = {"day": 1, "week": 7}
# Prepositions and vague position words ("early May" is still May) in front of a date.
_LEADING = re.compile(
    r"^(?:on|in|the|over|during|at|of|from|early|late|mid|the end of|the start of)(?:\s+|-)",
    re.IGNORECASE,
)


def _strip_leading(text: str) -> str:
    previous = None
    out = text.strip().rstrip(".,;")
    while previous != out:
        previous = out
        out = _LEADING.sub("", out)
    return out.strip()


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _weekday(name: str, *, published: date, tense: Tense, modifier: str) -> date:
    target = _WEEKDAYS.index(name)
    delta_back = (published.weekday() - target) % 7
    if modifier == "last":
        return published - timedelta(days=delta_back or 7)
    if modifier == "next" or (tense == "future" and modifier != "this"):
        return published + timedelta(days=(target - published.weekday()) % 7 or 7)
    # Past or unknown tense: news reports what happened, so "on Monday" is the
    # latest Monday on or before publication (a Monday paper's "Monday" is today).
    return published - timedelta(days=delta_back)


def _weekend(*, published: date, tense: Tense, modifier: str) -> DateValue:
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)
    upcoming = modifier == "this" and tense != "past" and published.weekday() < 5
    if upcoming or modifier == "next" or (tense == "future" and modifier != "last"):
        saturday = published + timedelta(days=(5 - published.weekday()) % 7 or 7)
    elif modifier == "last" and published.weekday() >= 5:
        saturday -= timedelta(days=7)
    sunday = saturday + timedelta(days=1)
    return DateValue(f"{saturday.isoformat()}/{sunday.isoformat()}", "range")


def _shift(published: date, *, unit: str, amount: int) -> DateValue:
    if unit in _UNIT_DAYS:
        day = published + timedelta(days=amount * _UNIT_DAYS[unit])
        return (
            DateValue(iso_week(day), "week")
            if unit == "week"
            else DateValue(day.isoformat(), "day")
        )
    if unit == "month":
        day = published + relativedelta(months=amount)
        return DateValue(f"{day.year:04d}-{day.month:02d}", "month")
    return DateValue(f"{published.year + amount:04d}", "year")


_RELATIVE_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "yesterday": -1, "last night": -1, "yesterday morning": -1,
    "yesterday afternoon": -1, "yesterday evening": -1, "tomorrow": 1,
    "tomorrow morning": 1, "tomorrow night": 1, "the day before yesterday": -2,
}  # fmt: skip
_AGO = re.compile(r"^(?P<n>.+?)\s+(?P<unit>day|week|month|year|decade)s?\s+ago$")
_RELATIVE_UNIT = re.compile(
    r"^(?:(?P<mod>last|this|next|earlier this|later this|past|coming)\s+)"
    r"(?P<unit>week|month|year)$"
)
_RELATIVE_WEEKDAY = re.compile(
    r"^(?:(?P<mod>last|this|next|this past|this coming)\s+)?(?P<day>"
    + "|".join(_WEEKDAYS)
    + r")"
    + _DAY_PARTS
    + r"$"
)
_WEEKEND = re.compile(r"^(?:(?P<mod>last|this|next|past|coming)\s+)?weekend$")
_RELATIVE_MONTH = re.compile(r"^(?P<mod>last|this|next)\s+(?P<month>" + "|".join(_MONTHS) + ")$")
_MODIFIER = {"last": "last", "past": "last", "this past": "last", "next": "next",
             "coming": "next", "this coming": "next", "this": "this", "earlier this": "this",
             "later this": "this"}  # fmt: skip
# A bare year, "May 27", "27 May 2022", "May 3rd, 2022", "2022-05-03", "5/27/2022".
_ABSOLUTE_HINT = re.compile(r"\b1\d{3}\b|\b2\d{3}\b|\d{1,2}/\d{1,2}/\d{2,4}", re.IGNORECASE)


def is_relative(text: str) -> bool:
    """Whether a date's words need the publication date to mean a day."""
    return _relative_shape(re.sub(r"\s+", " ", _strip_leading(text).lower()))


def resolve_date(text: str, *, published: date | None, tense: Tense) -> DateValue | None:
    """Normalise a date's words. Relative words are resolved against ``published``;
    without it they come back as written with granularity ``"unresolved"``. ``None``
    means the words are not a date (a duration such as "three years", an age)."""
    words = _strip_leading(text)
    lowered = re.sub(r"\s+", " ", words.lower())
    relative = _relative(lowered, published=published, tense=tense)
    if relative is not None:
        return relative
    if _relative_shape(lowered):
        return DateValue(words, "unresolved")
    return _absolute(words, published=published, tense=tense)


def _relative_shape(lowered: str) -> bool:
    return bool(
        lowered in _RELATIVE_WORDS
        or _AGO.match(lowered)
        or _RELATIVE_UNIT.match(lowered)
        or _RELATIVE_WEEKDAY.match(lowered)
        or _WEEKEND.match(lowered)
        or _RELATIVE_MONTH.match(lowered)
    )


def _relative(lowered: str, *, published: date | None, tense: Tense) -> DateValue | None:
    if published is None:
        return None
    if lowered in _RELATIVE_WORDS:
        day = published + timedelta(days=_RELATIVE_WORDS[lowered])
        return DateValue(day.isoformat(), "day")
    if match := _AGO.match(lowered):
        amount = parse_number(match.group("n"))
        if amount is None or amount != int(amount):
            return None
        unit = match.group("unit")
        if unit == "decade":
            return DateValue(f"{published.year - 10 * int(amount):04d}", "year")
        return _shift(published, unit=unit, amount=-int(amount))
    if match := _RELATIVE_UNIT.match(lowered):
        step = {"last": -1, "next": 1, "this": 0}[_MODIFIER[match.group("mod")]]
        return _shift(published, unit=match.group("unit"), amount=step)
    if match := _RELATIVE_WEEKDAY.match(lowered):
        modifier = _MODIFIER.get(match.group("mod") or "", "")
        day = _weekday(match.group("day"), published=published, tense=tense, modifier=modifier)
        return DateValue(day.isoformat(), "day")
    if match := _WEEKEND.match(lowered):
        modifier = _MODIFIER.get(match.group("mod") or "", "")
        return _weekend(published=published, tense=tense, modifier=modifier)
    if match := _RELATIVE_MONTH.match(lowered):
        month = _MONTHS.index(match.group("month")) + 1
        year = published.year
        mod = match.group("mod")
        if mod == "last" and month >= published.month:
            year -= 1
        elif mod == "next" and month <= published.month:
            year += 1
        return DateValue(f"{year:04d}-{month:02d}", "month")
    return None


def _absolute(words: str, *, published: date | None, tense: Tense) -> DateValue | None:
    if re.fullmatch(r"'?\d0s|\d{4}s", words.lower().lstrip("‘’'")):
        return None  # a decade ("the '80s") is a period, not a checkable date
    has_month = bool(_MONTH_NAME.search(words))
    if not (has_month or _ABSOLUTE_HINT.search(words) or re.search(r"\d{4}-\d\d-\d\d", words)):
        return None
    if re.fullmatch(r"\d{4}", words) and not 1000 <= int(words) <= 2999:
        return None
    # Two parses with different defaults tell which fields the text gave.
    try:
        first = date_parser.parse(words, default=datetime(2000, 1, 1), fuzzy=True)
        second = date_parser.parse(words, default=datetime(2004, 3, 3), fuzzy=True)
    except (ValueError, OverflowError):
        return None
    has_year = first.year == second.year
    month = first.month if first.month == second.month else None
    day = first.day if first.day == second.day else None
    if month is None:
        return DateValue(f"{first.year:04d}", "year") if has_year else None
    if has_year:
        if day is None:
            return DateValue(f"{first.year:04d}-{month:02d}", "month")
        return DateValue(f"{first.year:04d}-{month:02d}-{day:02d}", "day")
    if published is None:
        # ISO 8601's truncated forms: "--05-27" (month and day), "--05" (month):
        # the year is unknown, and a comparison matches them on what they give.
        if day is None:
            return DateValue(f"--{month:02d}", "month")
        return DateValue(f"--{month:02d}-{day:02d}", "day")
    year = _nearest_year(month=month, day=day or 1, published=published, tense=tense)
    if day is None:
        return DateValue(f"{year:04d}-{month:02d}", "month")
    return DateValue(f"{year:04d}-{month:02d}-{day:02d}", "day")


def _nearest_year(*, month: int, day: int, published: date, tense: Tense) -> int:
    """The year that puts month/day nearest the publication date, on the side the
    verb's tense allows (a past event is not next year's)."""
    candidates: list[tuple[int, int]] = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            when = date(year, month, min(day, 28 if month == 2 else day))
        except ValueError:
            continue
        if tense == "past" and when > published + timedelta(days=1):
            continue
        if tense == "future" and when < published - timedelta(days=1):
            continue
        candidates.append((abs((when - published).days), year))
    return min(candidates)[1] if candidates else published.year


# ---------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------

_TIMEZONES = frozenset(
    re.findall(
        r"[a-z]+",
        "utc gmt bst cet cest eet eest wet ist jst aest aedt et est edt ct cst cdt mt mst mdt "
        "pt pst pdt akst hst",
    )
)
_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)?(?![\d%])",
    re.IGNORECASE,
)


def time_value(text: str) -> str | None:
    """``"8:30 p.m. ET"`` -> ``"20:30 ET"``; ``"midnight"`` -> ``"00:00"``;
    ``"about 3pm"`` -> ``"~15:00"``. ``None`` for durations ("two hours")."""
    qualified = split_qualifier(text)
    lowered = _strip_leading(qualified.rest).lower()
    zone = next((w.upper() for w in re.findall(r"[a-z]+", lowered) if w in _TIMEZONES), "")
    suffix = f" {zone}" if zone else ""
    if re.search(r"\bmidnight\b", lowered):
        return f"{qualified.prefix}00:00{suffix}"
    if re.search(r"\b(?:noon|midday)\b", lowered):
        return f"{qualified.prefix}12:00{suffix}"
    if re.search(r"\b(?:hours?|minutes?|seconds?)\b", lowered):
        return None
    match = _CLOCK.search(lowered)
    if match is None:
        return None
    hour = int(match.group("h"))
    minute = int(match.group("m") or 0)
    ampm = (match.group("ampm") or "").replace(".", "").replace(" ", "")
    if not ampm and match.group("m") is None and "o'clock" not in lowered:
        return None  # a bare number is not a time
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{qualified.prefix}{hour:02d}:{minute:02d}{suffix}"


# ---------------------------------------------------------------------------
# Predicate vocabulary: words folded into the controlled predicates
# ---------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Event lemmas folded together for date, time and place predicates.
EVENT_SYNONYMS = {
    "bear": "birth", "born": "birth", "die": "death", "death": "death", "birth": "birth",
    "release": "release", "debut": "release", "rollout": "release", "bow": "release",
    "premier": "premiere", "premiere": "premiere", "opening": "open",
    "wed": "marriage", "marry": "marriage", "wedding": "marriage",
}  # fmt: skip
# These mean the release only when the text says where ("in theaters"): a premiere
# at a festival is not the release, and a shop also opens.
RELEASE_IF_SCREENS = _words("premiere open arrive hit roll land come")
SCREENS = _words("theater theatre cinema screen multiplex shelf store streaming")
# "paid a visit", "held a meeting": the noun names the event.
LIGHT_VERBS = _words("pay make take give have hold stage host")
# "is set to open", "is due to open": the event is in the future.
SCHEDULING = _words("set due schedule expect slate poise plan")
# Counted verbs folded so "12 were killed" and "12 died" compare, and the dead stay
# apart from the injured (who share the noun "people").
# The outcome of a counted person tells counts apart that share a noun ("12 people
# were killed and 30 injured"); killed/died fold together.
COUNT_VERBS = {"kill": "die", "die": "die", "injure": "injure", "wound": "injure",
               "hurt": "injure", "arrest": "arrest", "detain": "arrest", "rescue": "rescue",
               "miss": "missing"}  # fmt: skip
# Money nouns that say nothing of what the money is for: their modifier does.
GENERIC_AMOUNTS = _words("payment package deal sum amount figure fee payout")
# Numbers on these nouns are durations, labels or shares, not counts.
NOT_COUNTED = _words(
    "year month week day hour minute second decade century time number percent per cent point times"
)
PERSON_NOUNS = _words(
    "actor actress star singer songwriter artist musician rapper performer player director "
    "producer writer author composer politician president official man woman boy girl "
    "victim suspect driver leader mother father son daughter wife husband comedian host "
    "presenter dancer model designer chef athlete footballer striker captain coach manager "
    "spokesperson spokesman spokeswoman minister mayor senator governor executive founder "
    "teenager resident icon legend veteran filmmaker novelist poet"
)
WORK_NOUNS = _words(
    "film movie picture sequel prequel song single track album record ep soundtrack book "
    "novel memoir show series season episode play musical documentary game ballad tune "
    "franchise blockbuster flick feature anthem hit video drama comedy thriller romance"
)
# What a definite description can stand for: the NER labels (None: a name the NER
# left unlabelled) of the names "the venue", "the company", "the film" refer back to.
_THINGS: frozenset[str | None] = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT", "ORG", None})
DESCRIBED_LABELS: dict[str, frozenset[str | None]] = {
    **dict.fromkeys(WORK_NOUNS, _THINGS),
    **dict.fromkeys(
        _words("venue arena stadium hall theatre theater building centre center hotel resort "
               "museum school hospital bridge"), frozenset({"FAC", "ORG", None})),
    **dict.fromkeys(
        _words("company firm group council team club band agency department studio label "
               "network retailer bank airline union authority operator charity"),
        frozenset({"ORG", None})),
    **dict.fromkeys(_words("town city village county country region state island"),
                    frozenset({"GPE"})),
    **dict.fromkeys(PERSON_NOUNS, frozenset({"PERSON"})),
}  # fmt: skip
IT_LABELS: frozenset[str | None] = _THINGS | {"FAC", "GPE", "LOC"}
EVENT_NOUNS = _words(
    "show concert performance premiere festival visit trip tour ceremony match game fire "
    "flood attack crash meeting summit conference rally protest election screening event "
    "gala party wedding funeral appearance residency gig launch opening release explosion "
    "shooting storm earthquake accident hearing trial race final celebration parade vigil"
)
VENUE_WORDS = re.compile(
    r"\b(arena|stadium|hall|theat(er|re)|cent(er|re)|park|club|hotel|resort|casino|"
    r"museum|gallery|church|cathedral|palace|square|field|gardens?|bowl|dome|"
    r"amphitheat(er|re)|auditorium|ballroom|pavilion|house|court|airport|station)\b",
    re.IGNORECASE,
)
CREDIT_VERBS = {
    "produce": "produced_by", "co-produce": "produced_by", "direct": "directed_by",
    "co-direct": "directed_by", "write": "written_by", "co-write": "written_by",
    "pen": "written_by", "compose": "composed_by", "helm": "directed_by", "score": "composed_by",
    "perform": "performed_by", "sing": "performed_by", "create": "created_by",
    "edit": "edited_by", "design": "designed_by", "narrate": "narrated_by",
}  # fmt: skip
CREDIT_NOUNS = {
    "production": "produced_by", "direction": "directed_by", "score": "composed_by",
    "music": "composed_by", "lyric": "written_by", "lyrics": "written_by",
    "screenplay": "written_by", "script": "written_by", "vocal": "performed_by",
    "vocals": "performed_by", "editing": "edited_by", "design": "designed_by",
    "narration": "narrated_by",
}  # fmt: skip
# Titles worth checking across outlets: positions and professions given to a named
# person. Descriptions ("star", "actor") are left out: outlets vary them freely, and
# a comparison would report noise.
TITLES = _words(
    "mayor president ceo chairman chairwoman chair chairperson governor senator minister "
    "chancellor secretary spokesperson spokesman spokeswoman coach manager captain chief "
    "commissioner sheriff judge ambassador founder editor superintendent principal "
    "councillor councilman councilwoman mp treasurer king queen prince princess pope bishop "
    "archbishop general colonel composer producer director screenwriter songwriter attorney "
    "prosecutor premier executive"
)
TITLE_MODIFIERS = _words(
    "prime chief executive deputy vice acting interim former police fire head assistant "
    "associate general foreign finance defence defense health home interior state attorney "
    "district first co"
)
_TITLE_CANON = {"ceo": "chief executive", "chairman": "chair", "chairwoman": "chair",
                "chairperson": "chair", "spokesman": "spokesperson",
                "spokeswoman": "spokesperson"}  # fmt: skip


def title_value(words: list[str]) -> str:
    """A title as a role value: lower case, synonyms folded ("CEO" -> "chief
    executive")."""
    return " ".join(_TITLE_CANON.get(w.lower(), w.lower()) for w in words)


def event_predicate(anchor: Token) -> str:
    """The event a date, time or place hangs on, in the controlled vocabulary."""
    lemma = lemma_of(anchor)
    if anchor.pos_ == "PROPN":
        return "date"
    if anchor.pos_ in ("VERB", "AUX"):
        noun = _child_of(anchor, "dobj")
        if lemma in LIGHT_VERBS and noun is not None and noun.pos_ == "NOUN":
            return EVENT_SYNONYMS.get(lemma_of(noun), lemma_of(noun))  # "paid a visit"
        if lemma == "be" and (subject := _child_of(anchor, "nsubj")) is not None:
            modifier = _child_of(subject, "compound")
            if lemma_of(subject) in ("date", "day") and modifier is not None:
                subject = modifier  # "the release date is May 27"
            return EVENT_SYNONYMS.get(lemma_of(subject), lemma_of(subject))
        particles = {c.lower_ for c in anchor.children if c.dep_ == "prt"}
        if lemma == "pass" and "away" in particles:
            return "death"
        if lemma == "roll" and "out" in particles:
            lemma = "rollout"
    folded = EVENT_SYNONYMS.get(lemma, lemma)
    if folded in RELEASE_IF_SCREENS or lemma in RELEASE_IF_SCREENS:
        return "release" if _mentions_screens(anchor) else folded
    return folded


def _mentions_screens(anchor: Token) -> bool:
    """ "hits theaters", "opens in cinemas": the release, not a premiere or an opening."""
    for child in anchor.children:
        if child.dep_ == "dobj" and lemma_of(child) in SCREENS:
            return True
        if child.dep_ == "prep" and any(
            lemma_of(p) in SCREENS for p in child.children if p.dep_ == "pobj"
        ):
            return True
    return False


def tense_of(anchor: Token) -> Tense:
    """Whether the clause around ``anchor`` is past, future or can't be told."""
    verb = anchor
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    for child in verb.children:
        # "would" is the future seen from the past: "said it would reopen on Monday".
        if child.dep_ in ("aux", "auxpass") and child.lower_ in (
            "will", "'ll", "’ll", "shall", "wo", "would"
        ):  # fmt: skip
            return "future"
    if verb.dep_ == "xcomp" and lemma_of(verb.head) in SCHEDULING:
        return "future"
    if verb.tag_ in ("VBD", "VBN") or any(
        c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children
    ):
        return "past"
    return "unknown"


def lemma_of(token: Token) -> str:
    return "born" if token.lower_ == "born" else token.lemma_.lower()


def _child_of(token: Token, dep: str) -> Token | None:
    return next((c for c in token.children if c.dep_ == dep), None)
